//! Strict function tools from an argument type (openai-python's `pydantic_function_tool`),
//! for Chat Completions and the Responses API alike (a call's arguments parse back with
//! `parse_arguments`, beside each API's parsing).

use serde_json::Value;

use super::{SchemaError, to_strict_json_schema};

/// A function tool with `strict: true`: the model's arguments always fit its schema.
///
/// ```no_run
/// # #[cfg(feature = "structured-outputs")]
/// # fn run() -> Result<(), openai_sdk::structured::SchemaError> {
/// #[derive(serde::Deserialize, schemars::JsonSchema)]
/// struct GetWeather {
///     /// The city, e.g. "Paris".
///     city: String,
/// }
///
/// let tool = openai_sdk::StrictFunctionTool::new::<GetWeather>("get_weather")?
///     .description("The current weather in a city");
/// // `tool.clone().into()` is a Chat Completions tool or a Responses tool; a call's
/// // arguments come back with `call.parse_arguments::<GetWeather>()`.
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StrictFunctionTool {
    name: String,
    description: Option<String>,
    parameters: Value,
}

impl StrictFunctionTool {
    /// A tool named `name` whose arguments are an `A`, its schema derived and made strict.
    #[cfg(feature = "structured-outputs")]
    pub fn new<A: schemars::JsonSchema>(name: impl Into<String>) -> std::result::Result<Self, SchemaError> {
        let (_, parameters) = super::strict_schema_for::<A>()?;
        Ok(StrictFunctionTool { name: name.into(), description: None, parameters })
    }

    /// A tool named `name` whose arguments fit `schema` (a JSON Schema written by hand),
    /// made strict.
    pub fn from_schema(name: impl Into<String>, schema: Value) -> std::result::Result<Self, SchemaError> {
        Ok(StrictFunctionTool { name: name.into(), description: None, parameters: to_strict_json_schema(schema)? })
    }

    /// What the function does, for the model to decide when to call it.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its strict parameters schema.
    pub fn parameters(&self) -> &Value {
        &self.parameters
    }
}

#[cfg(feature = "chat")]
impl From<StrictFunctionTool> for crate::types::CreateChatCompletionRequestTools {
    fn from(tool: StrictFunctionTool) -> Self {
        let mut function = crate::types::FunctionObject::new(tool.name).parameters(tool.parameters).strict(true);
        if let Some(description) = tool.description {
            function = function.description(description);
        }
        crate::types::CreateChatCompletionRequestTools::Function(crate::types::ChatCompletionTool::new(function))
    }
}

#[cfg(feature = "responses")]
impl From<StrictFunctionTool> for crate::types::Tool {
    fn from(tool: StrictFunctionTool) -> Self {
        let parameters: std::collections::HashMap<String, Value> = match tool.parameters {
            Value::Object(map) => map.into_iter().collect(),
            _ => Default::default(),
        };
        let mut function = crate::types::FunctionTool::new(tool.name).parameters(parameters).strict(true);
        if let Some(description) = tool.description {
            function = function.description(description);
        }
        crate::types::Tool::FunctionTool(function)
    }
}
