//! Helpers over streams, as the official SDKs offer them: a chat completion assembled from
//! its chunks, and the text and final response of a Responses stream; the high-level
//! stream managers are in their own modules.

#[cfg(feature = "chat")]
pub(crate) mod chat_stream;
#[cfg(feature = "responses")]
pub(crate) mod response_stream;

#[cfg(feature = "responses")]
use futures_util::{Stream, StreamExt};
#[cfg(feature = "chat")]
use serde_json::Map;
use serde_json::Value;

#[cfg(feature = "responses")]
use crate::runtime::EventStream;
#[cfg(any(feature = "chat", feature = "responses"))]
use crate::runtime::{Error, Result};
#[cfg(feature = "chat")]
use crate::types::{CreateChatCompletionResponse, CreateChatCompletionStreamResponse};
#[cfg(feature = "responses")]
use crate::types::{OutputItem, OutputMessageContent, Response, ResponseStreamEvent};

/// Assembles the chunks of a streamed chat completion into the completion a non-streaming
/// call would have returned: text and refusals concatenated, tool calls merged by `index`
/// (their `arguments` concatenated), log probabilities appended, usage kept.
///
/// ```no_run
/// # async fn run(client: openai_sdk::Client, request: openai_sdk::types::CreateChatCompletionRequest) -> openai_sdk::Result<()> {
/// use futures_util::StreamExt;
/// let mut stream = client.chat().completions().create_stream(request).await?;
/// let mut completion = openai_sdk::ChatCompletionAccumulator::new();
/// while let Some(chunk) = stream.next().await {
///     let chunk = chunk?;
///     if let Some(text) = chunk.choices.first().and_then(|c| c.delta.content.as_deref()) {
///         print!("{text}");
///     }
///     completion.push(&chunk)?;
/// }
/// let completion = completion.finish()?;
/// # Ok(()) }
/// ```
#[cfg(feature = "chat")]
#[derive(Debug, Clone, Default)]
pub struct ChatCompletionAccumulator {
    snapshot: Map<String, Value>,
    choices: Vec<Value>,
}

#[cfg(feature = "chat")]
impl ChatCompletionAccumulator {
    /// Nothing received yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one chunk.
    pub fn push(&mut self, chunk: &CreateChatCompletionStreamResponse) -> Result<()> {
        let Value::Object(chunk) = serde_json::to_value(chunk).map_err(|e| accumulate_error(e.to_string()))? else {
            return Err(accumulate_error("a chunk is not a JSON object".into()));
        };
        for (key, value) in chunk {
            match key.as_str() {
                "choices" => {
                    for choice in value.as_array().into_iter().flatten() {
                        self.push_choice(choice);
                    }
                }
                "object" => {}
                // The last chunk carries usage; every chunk repeats id, model and created.
                _ if !value.is_null() && value != "" => {
                    self.snapshot.insert(key, value);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn push_choice(&mut self, choice: &Value) {
        let index = choice.get("index").cloned().unwrap_or(Value::from(0));
        let position = match self.choices.iter().position(|c| c.get("index") == Some(&index)) {
            Some(position) => position,
            None => {
                self.choices.push(serde_json::json!({
                    "index": index,
                    "message": {"content": null},
                    "finish_reason": null,
                    "logprobs": null,
                }));
                self.choices.len() - 1
            }
        };
        let slot = &mut self.choices[position];
        if let Some(delta) = choice.get("delta") {
            merge_delta(&mut slot["message"], delta);
        }
        if let Some(reason) = choice.get("finish_reason").filter(|r| !r.is_null()) {
            slot["finish_reason"] = reason.clone();
        }
        if let Some(logprobs) = choice.get("logprobs").filter(|l| !l.is_null()) {
            merge_delta(&mut slot["logprobs"], logprobs);
        }
    }

    /// The completion so far, as JSON.
    pub fn snapshot(&self) -> Value {
        let mut snapshot = self.snapshot.clone();
        let mut choices = self.choices.clone();
        choices.sort_by_key(|c| c.get("index").and_then(Value::as_i64).unwrap_or(0));
        for choice in &mut choices {
            if choice["message"].get("role").is_none_or(Value::is_null) {
                choice["message"]["role"] = Value::from("assistant");
            }
        }
        snapshot.insert("object".into(), Value::from("chat.completion"));
        snapshot.insert("choices".into(), Value::Array(choices));
        Value::Object(snapshot)
    }

    /// The completion so far, typed: the field that does not fit (a chunk that never set
    /// a required one, say) is named in the error.
    pub fn completion(&self) -> Result<CreateChatCompletionResponse> {
        serde_path_to_error::deserialize(self.snapshot())
            .map_err(|e| accumulate_error(format!("field `{}`: {}", e.path(), e.inner())))
    }

    /// The assembled completion (see [`completion`](Self::completion)).
    pub fn finish(self) -> Result<CreateChatCompletionResponse> {
        self.completion()
    }
}

#[cfg(feature = "chat")]
fn accumulate_error(message: String) -> Error {
    Error::Assemble(format!("chat completion chunks: {message}"))
}

/// Merges a streamed `delta` into `acc`: strings concatenate, objects merge key by key,
/// list entries with an `index` merge with the entry of that index (others append);
/// `index` and `type` are replaced, never concatenated.
pub fn merge_delta(acc: &mut Value, delta: &Value) {
    match (acc, delta) {
        (_, Value::Null) => {}
        (Value::Object(acc), Value::Object(delta)) => {
            for (key, value) in delta {
                if value.is_null() {
                    continue;
                }
                match acc.get_mut(key) {
                    Some(existing) if !existing.is_null() && key != "index" && key != "type" => {
                        merge_delta(existing, value)
                    }
                    _ => {
                        acc.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::String(acc), Value::String(delta)) => acc.push_str(delta),
        (Value::Array(acc), Value::Array(delta)) => {
            for entry in delta {
                let index = entry.get("index");
                match index.and_then(|i| acc.iter_mut().find(|e| e.get("index") == Some(i))) {
                    Some(existing) => merge_delta(existing, entry),
                    None => acc.push(entry.clone()),
                }
            }
        }
        (acc, delta) => *acc = delta.clone(),
    }
}

#[cfg(feature = "responses")]
impl Response {
    /// The text of every `output_text` part of every output message, joined, as the
    /// official SDKs' `output_text`.
    pub fn output_text(&self) -> String {
        let mut text = String::new();
        for item in &self.output {
            let OutputItem::Message(message) = item else { continue };
            for part in &message.content {
                if let OutputMessageContent::OutputText(part) = part {
                    text.push_str(&part.text);
                }
            }
        }
        text
    }
}

#[cfg(feature = "responses")]
impl EventStream<ResponseStreamEvent> {
    /// Only the output text, delta by delta (`response.output_text.delta`).
    pub fn text_deltas(self) -> impl Stream<Item = Result<String>> + Send {
        self.filter_map(|event| async move {
            match event {
                Ok(ResponseStreamEvent::ResponseOutputTextDelta(delta)) => Some(Ok(delta.delta)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            }
        })
    }

    /// Reads the stream to its end and returns the response of `response.completed`.
    /// A stream that ends without one (failed, incomplete, cut) is an error.
    pub async fn final_response(mut self) -> Result<Response> {
        let mut last = None;
        while let Some(event) = self.next().await {
            match event? {
                ResponseStreamEvent::ResponseCompleted(done) => return Ok(done.response),
                ResponseStreamEvent::ResponseFailed(failed) => last = Some(failed.response),
                ResponseStreamEvent::ResponseIncomplete(incomplete) => last = Some(incomplete.response),
                _ => {}
            }
        }
        let status = last.as_ref().and_then(|r| r.status.as_ref()).map(|s| format!("{s:?}"));
        Err(Error::Assemble(format!(
            "the response stream ended without `response.completed`{}",
            status.map(|s| format!(" (last status {s})")).unwrap_or_default()
        )))
    }
}
