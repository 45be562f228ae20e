//! Structured Outputs from Rust types, as openai-python's `parse` helpers give them: a
//! strict JSON Schema derived from a type (with the `structured-outputs` feature, through
//! `schemars`), requests that ask for it, replies parsed back into the type, and strict
//! function tools whose calls' arguments parse into their argument type.
//!
//! ```no_run
//! # #[cfg(feature = "structured-outputs")]
//! # async fn run(client: openai_sdk::Client, request: openai_sdk::types::CreateChatCompletionRequest) -> openai_sdk::Result<()> {
//! #[derive(serde::Deserialize, schemars::JsonSchema)]
//! struct CalendarEvent {
//!     name: String,
//!     date: String,
//!     participants: Vec<String>,
//! }
//!
//! let completion = client.chat().completions().parse::<CalendarEvent>(request).await?;
//! match completion.content() {
//!     openai_sdk::ParsedContent::Value(event) => println!("{} on {}", event.name, event.date),
//!     openai_sdk::ParsedContent::Refusal(why) => println!("refused: {why}"),
//!     openai_sdk::ParsedContent::None => println!("no content"),
//! }
//! # Ok(()) }
//! ```

#[cfg(feature = "chat")]
pub(crate) mod chat;
#[cfg(feature = "responses")]
pub(crate) mod responses;
mod schema;
mod tools;

#[cfg(feature = "chat")]
pub use chat::ParsedChatCompletion;
#[cfg(feature = "responses")]
pub use responses::ParsedResponse;
pub use schema::{SchemaError, to_strict_json_schema};
pub use tools::StrictFunctionTool;

/// What a reply holds where a parsed value was asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedContent<T> {
    /// The content, parsed.
    Value(T),
    /// The model declined, and said why (a `refusal`).
    Refusal(String),
    /// No content to parse: the reply is tool calls only, or the request asked for no format.
    None,
}

impl<T> ParsedContent<T> {
    /// The parsed value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            ParsedContent::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The parsed value, if there is one.
    pub fn into_value(self) -> Option<T> {
        match self {
            ParsedContent::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The refusal, if the model declined.
    pub fn refusal(&self) -> Option<&str> {
        match self {
            ParsedContent::Refusal(refusal) => Some(refusal),
            _ => None,
        }
    }
}

/// The strict JSON Schema of `T` (see [`to_strict_json_schema`]), and the name the API
/// takes beside it (the type's schema name, kept to `a-z A-Z 0-9 _ -` and 64 characters).
#[cfg(feature = "structured-outputs")]
pub fn strict_schema_for<T: schemars::JsonSchema>() -> std::result::Result<(String, serde_json::Value), SchemaError> {
    let schema = serde_json::to_value(schemars::schema_for!(T))
        .map_err(|e| SchemaError { path: "#".into(), message: format!("the derived schema is not JSON: {e}") })?;
    Ok((format_name(&T::schema_name()), to_strict_json_schema(schema)?))
}

/// `name` as the API takes a format's or function's name.
#[cfg_attr(not(feature = "structured-outputs"), allow(dead_code))]
pub(crate) fn format_name(name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' })
        .take(64)
        .collect();
    if name.is_empty() { "response".into() } else { name }
}

/// `text` (a reply's content, a tool call's arguments) parsed as `T`.
#[cfg(any(feature = "chat", feature = "responses"))]
pub(crate) fn parse_text<T: serde::de::DeserializeOwned>(text: &str, what: &'static str) -> crate::Result<T> {
    serde_json::from_str(text).map_err(|e| crate::Error::Parse {
        what,
        target: std::any::type_name::<T>(),
        message: e.to_string(),
        text: text.to_owned(),
    })
}
