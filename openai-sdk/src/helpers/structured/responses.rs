//! `client.responses().parse::<T>(request)`: a response whose output text is parsed as
//! `T`, as openai-python's `responses.parse` gives it.

use serde::de::DeserializeOwned;

use super::{ParsedContent, parse_text};
use crate::runtime::Result;
use crate::types::{OutputItem, OutputMessageContent, Response};

/// A response with its output text parsed as `T`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ParsedResponse<T> {
    /// The response as the API returned it.
    pub response: Response,
    /// The first output message's content: its first `output_text` parsed, or its refusal.
    pub output: ParsedContent<T>,
}

impl<T> ParsedResponse<T> {
    /// The parsed value (openai-python's `output_parsed`), if there is one.
    pub fn parsed(&self) -> Option<&T> {
        self.output.value()
    }

    /// The refusal, if the model declined.
    pub fn refusal(&self) -> Option<&str> {
        self.output.refusal()
    }
}

impl<T: DeserializeOwned> ParsedResponse<T> {
    /// `response` with the first output text of its messages parsed as `T` (`parse` false:
    /// not parsed, a refusal still found).
    pub fn new(response: Response, parse: bool) -> Result<Self> {
        let mut output = ParsedContent::None;
        let parts = response.output.iter().filter_map(|item| match item {
            OutputItem::Message(message) => Some(&message.content),
            _ => None,
        });
        'found: for content in parts {
            for part in content {
                match part {
                    OutputMessageContent::OutputText(text) if parse => {
                        output = ParsedContent::Value(parse_text(&text.text, "the output text")?);
                        break 'found;
                    }
                    OutputMessageContent::Refusal(refusal) => {
                        output = ParsedContent::Refusal(refusal.refusal.clone());
                        break 'found;
                    }
                    _ => {}
                }
            }
        }
        Ok(ParsedResponse { response, output })
    }
}

impl crate::resources::Responses {
    /// `create` asking for output text in the shape of `T` (a strict JSON Schema text
    /// format derived from it, beside any `text` options the request sets), and the text
    /// parsed as `T`. A refusal is [`ParsedContent::Refusal`]; text that does not fit `T` is
    /// [`Error::Parse`](crate::Error::Parse). A schema strict mode cannot take is
    /// [`Error::Schema`](crate::Error::Schema), before anything is sent.
    #[cfg(feature = "structured-outputs")]
    pub async fn parse<T: schemars::JsonSchema + DeserializeOwned>(
        &self,
        mut request: crate::types::CreateResponse,
    ) -> Result<ParsedResponse<T>> {
        if request.stream == Some(true) {
            return Err(crate::Error::InvalidRequest(
                "`parse` does not stream: use `stream_parse` for a stream of events".into(),
            ));
        }
        set_text_format::<T>(&mut request)?;
        ParsedResponse::new(self.create(&request).await?.into_inner(), true)
    }
}

/// Sets the request's text format to `T`'s strict JSON Schema, keeping its other `text`
/// options.
#[cfg(feature = "structured-outputs")]
pub(crate) fn set_text_format<T: schemars::JsonSchema>(request: &mut crate::types::CreateResponse) -> Result<()> {
    use crate::types::{ResponseTextParam, TextResponseFormatConfiguration, TextResponseFormatJsonSchema};
    let (name, schema) = super::strict_schema_for::<T>().map_err(crate::Error::Schema)?;
    let format = TextResponseFormatJsonSchema::new(name, schema).strict(true);
    let text = request.text.get_or_insert_with(ResponseTextParam::new);
    text.format = Some(TextResponseFormatConfiguration::JsonSchema(format));
    Ok(())
}

impl crate::types::FunctionToolCall {
    /// The call's arguments (JSON text) parsed as `A`; [`Error::Parse`](crate::Error::Parse)
    /// with the text when they do not fit.
    pub fn parse_arguments<A: DeserializeOwned>(&self) -> Result<A> {
        parse_text(&self.arguments, "the tool call's arguments")
    }
}
