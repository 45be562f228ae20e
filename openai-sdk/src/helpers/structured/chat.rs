//! `client.chat().completions().parse::<T>(request)`: a chat completion whose content is
//! parsed as `T`, as openai-python's `chat.completions.parse` gives it.

use serde::de::DeserializeOwned;

use super::{ParsedContent, parse_text};
use crate::runtime::{Error, Result};
use crate::types::{CreateChatCompletionResponse, CreateChatCompletionResponseChoicesFinishReason as FinishReason};

/// A chat completion with each choice's content parsed as `T`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ParsedChatCompletion<T> {
    /// The completion as the API returned it.
    pub completion: CreateChatCompletionResponse,
    /// Each choice's content, in the order of `completion.choices`.
    pub choices: Vec<ParsedContent<T>>,
}

impl<T> ParsedChatCompletion<T> {
    /// The first choice's content.
    pub fn content(&self) -> &ParsedContent<T> {
        self.choices.first().unwrap_or(&ParsedContent::None)
    }

    /// The first choice's parsed value, if it has one.
    pub fn parsed(&self) -> Option<&T> {
        self.content().value()
    }

    /// The first choice's refusal, if the model declined.
    pub fn refusal(&self) -> Option<&str> {
        self.content().refusal()
    }
}

impl<T: DeserializeOwned> ParsedChatCompletion<T> {
    /// `completion` with its choices' content parsed as `T` (`parse` false: content is not
    /// parsed, refusals still found). A choice cut short by the length limit or the content
    /// filter is an error, as in openai-python: its content cannot be whole.
    pub(crate) fn new(completion: CreateChatCompletionResponse, parse: bool) -> Result<Self> {
        let mut choices = Vec::with_capacity(completion.choices.len());
        for choice in &completion.choices {
            match choice.finish_reason {
                FinishReason::Length => return Err(length_limited(completion)),
                FinishReason::ContentFilter => return Err(Error::ContentFilterFinishReason),
                _ => {}
            }
            let message = &choice.message;
            choices.push(match (&message.refusal, &message.content) {
                (Some(refusal), _) => ParsedContent::Refusal(refusal.clone()),
                (None, Some(content)) if parse && !content.is_empty() => {
                    ParsedContent::Value(parse_text(content, "the message content")?)
                }
                _ => ParsedContent::None,
            });
        }
        Ok(ParsedChatCompletion { completion, choices })
    }
}

/// The error for `completion`, cut short by the length limit where content was to be parsed.
pub(crate) fn length_limited(completion: CreateChatCompletionResponse) -> Error {
    let usage = completion.usage.as_ref().map(|u| format!("{u:?}"));
    Error::LengthFinishReason { completion: Box::new(completion), usage }
}

impl Error {
    /// For [`Error::LengthFinishReason`], the chat completion cut short (in a stream: as
    /// assembled so far), as openai-python's `LengthFinishReasonError.completion`.
    pub fn length_limited_completion(&self) -> Option<&CreateChatCompletionResponse> {
        match self {
            Error::LengthFinishReason { completion, .. } => completion.downcast_ref(),
            _ => None,
        }
    }
}

impl crate::resources::ChatCompletions {
    /// `create` asking for content in the shape of `T` (a strict JSON Schema response
    /// format derived from it), and the reply parsed as `T`. A refusal is
    /// [`ParsedContent::Refusal`]; a reply cut short is [`Error::LengthFinishReason`] or
    /// [`Error::ContentFilterFinishReason`]; content that does not fit `T` is
    /// [`Error::Parse`]. A schema strict mode cannot take is [`Error::Schema`], before
    /// anything is sent.
    #[cfg(feature = "structured-outputs")]
    pub async fn parse<T: schemars::JsonSchema + DeserializeOwned>(
        &self,
        mut request: crate::types::CreateChatCompletionRequest,
    ) -> Result<ParsedChatCompletion<T>> {
        if request.stream == Some(true) {
            return Err(Error::InvalidRequest(
                "`parse` does not stream: use `stream_parse` for a stream of parsed events".into(),
            ));
        }
        request.response_format = Some(response_format::<T>()?);
        ParsedChatCompletion::new(self.create(&request).await?.into_inner(), true)
    }
}

/// The strict JSON Schema response format of `T`.
#[cfg(feature = "structured-outputs")]
pub(crate) fn response_format<T: schemars::JsonSchema>()
-> Result<crate::types::CreateChatCompletionRequestResponseFormat> {
    use crate::types::{ResponseFormatJsonSchema, ResponseFormatJsonSchemaJsonSchema};
    let (name, schema) = super::strict_schema_for::<T>().map_err(Error::Schema)?;
    let format = ResponseFormatJsonSchemaJsonSchema::new(name).schema(schema).strict(true);
    Ok(ResponseFormatJsonSchema::new(format).into())
}

impl crate::types::ChatCompletionMessageToolCall {
    /// The call's arguments (JSON text) parsed as `A`; [`Error::Parse`]
    /// with the text when they do not fit.
    pub fn parse_arguments<A: DeserializeOwned>(&self) -> Result<A> {
        parse_text(&self.function.arguments, "the tool call's arguments")
    }
}
