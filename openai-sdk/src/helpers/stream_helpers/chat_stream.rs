//! A chat completion stream with high-level events, as openai-python's
//! `chat.completions.stream()` gives them: content, refusal, tool-call argument and log
//! probability deltas, each part's end (the content parsed, where a type was asked for),
//! the completion so far, and the final completion once the stream ends.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::ChatCompletionAccumulator;
use crate::helpers::structured::{ParsedChatCompletion, parse_text};
use crate::runtime::EventStream;
use crate::runtime::{Error, Result};
use crate::types::{
    ChatCompletionTokenLogprob, CreateChatCompletionResponse, CreateChatCompletionStreamResponse,
    CreateChatCompletionStreamResponseChoicesFinishReason as FinishReason,
};

/// One high-level event of a chat completion stream. `choice` is the choice's `index`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ChatStreamEvent<T> {
    /// A chunk as it arrived (before the events it gives).
    Chunk(Box<CreateChatCompletionStreamResponse>),
    /// More content (the text so far: [`ChatCompletionStream::content`]).
    ContentDelta {
        /// The choice.
        choice: i64,
        /// The new text.
        delta: String,
    },
    /// The content is complete.
    ContentDone {
        /// The choice.
        choice: i64,
        /// All of it.
        content: String,
        /// It parsed as `T`, when the stream was made with a type
        /// (`stream_parse`, with the `structured-outputs` feature).
        parsed: Option<T>,
    },
    /// More of a refusal.
    RefusalDelta {
        /// The choice.
        choice: i64,
        /// The new text.
        delta: String,
    },
    /// The refusal is complete.
    RefusalDone {
        /// The choice.
        choice: i64,
        /// All of it.
        refusal: String,
    },
    /// More of a function tool call's arguments (the JSON text so far:
    /// [`ChatCompletionStream::tool_call_arguments`]; openai-python's event carries it, but
    /// a copy in each event would cost time quadratic in the arguments' length).
    ToolCallArgumentsDelta {
        /// The choice.
        choice: i64,
        /// The tool call's `index`.
        index: i64,
        /// The function's name.
        name: String,
        /// The new JSON text.
        arguments_delta: String,
    },
    /// A function tool call's arguments are complete.
    ToolCallArgumentsDone {
        /// The choice.
        choice: i64,
        /// The tool call's `index`.
        index: i64,
        /// The function's name.
        name: String,
        /// The JSON text (parse it with [`parse_arguments`](ChatStreamEvent::parse_arguments)).
        arguments: String,
    },
    /// Log probabilities of more content tokens.
    LogprobsContentDelta {
        /// The choice.
        choice: i64,
        /// The new ones.
        content: Vec<ChatCompletionTokenLogprob>,
    },
    /// The content's log probabilities are complete.
    LogprobsContentDone {
        /// The choice.
        choice: i64,
        /// All of them.
        content: Vec<ChatCompletionTokenLogprob>,
    },
    /// Log probabilities of more refusal tokens.
    LogprobsRefusalDelta {
        /// The choice.
        choice: i64,
        /// The new ones.
        refusal: Vec<ChatCompletionTokenLogprob>,
    },
    /// The refusal's log probabilities are complete.
    LogprobsRefusalDone {
        /// The choice.
        choice: i64,
        /// All of them.
        refusal: Vec<ChatCompletionTokenLogprob>,
    },
}

impl<T> ChatStreamEvent<T> {
    /// The event's type, as openai-python names it (`content.delta`,
    /// `tool_calls.function.arguments.done`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            ChatStreamEvent::Chunk(_) => "chunk",
            ChatStreamEvent::ContentDelta { .. } => "content.delta",
            ChatStreamEvent::ContentDone { .. } => "content.done",
            ChatStreamEvent::RefusalDelta { .. } => "refusal.delta",
            ChatStreamEvent::RefusalDone { .. } => "refusal.done",
            ChatStreamEvent::ToolCallArgumentsDelta { .. } => "tool_calls.function.arguments.delta",
            ChatStreamEvent::ToolCallArgumentsDone { .. } => "tool_calls.function.arguments.done",
            ChatStreamEvent::LogprobsContentDelta { .. } => "logprobs.content.delta",
            ChatStreamEvent::LogprobsContentDone { .. } => "logprobs.content.done",
            ChatStreamEvent::LogprobsRefusalDelta { .. } => "logprobs.refusal.delta",
            ChatStreamEvent::LogprobsRefusalDone { .. } => "logprobs.refusal.done",
        }
    }

    /// A finished tool call's arguments parsed as `A` (`None` for other events).
    pub fn parse_arguments<A: DeserializeOwned>(&self) -> Option<Result<A>> {
        match self {
            ChatStreamEvent::ToolCallArgumentsDone { arguments, .. } => {
                Some(parse_text(arguments, "the tool call's arguments"))
            }
            _ => None,
        }
    }
}

/// What one choice has said so far, and which of its parts have ended.
#[derive(Debug, Default)]
struct ChoiceState {
    index: i64,
    content: Option<String>,
    refusal: Option<String>,
    /// Function calls by `index`: name and arguments so far.
    tool_calls: Vec<(i64, String, String)>,
    current_tool: Option<i64>,
    done_tools: Vec<i64>,
    logprobs_content: Option<Vec<ChatCompletionTokenLogprob>>,
    logprobs_refusal: Option<Vec<ChatCompletionTokenLogprob>>,
    finished: bool,
}

/// A chat completion stream with high-level events ([`ChatStreamEvent`]), made by
/// [`stream`](crate::resources::ChatCompletions::stream) (or
/// `stream_parse` (with the `structured-outputs` feature) for content parsed as
/// `T`), or from any chunk stream with [`new`](Self::new).
///
/// Iterate it for events; the completion so far is [`current_completion`](Self::current_completion)
/// at any point, and [`final_completion`](Self::final_completion) reads whatever is left and
/// returns the whole completion, parsed: printing deltas and keeping the result need one
/// stream.
///
/// ```no_run
/// # async fn run(client: openai_sdk::Client, request: openai_sdk::types::CreateChatCompletionRequest) -> openai_sdk::Result<()> {
/// use futures_util::StreamExt;
/// use openai_sdk::ChatStreamEvent;
///
/// let mut stream = client.chat().completions().stream(&request).await?;
/// while let Some(event) = stream.next().await {
///     if let ChatStreamEvent::ContentDelta { delta, .. } = event? {
///         print!("{delta}");
///     }
/// }
/// let completion = stream.final_completion().await?;
/// # let _ = completion; Ok(()) }
/// ```
pub struct ChatCompletionStream<T = ()> {
    chunks: EventStream<CreateChatCompletionStreamResponse>,
    accumulator: ChatCompletionAccumulator,
    choices: Vec<ChoiceState>,
    pending: VecDeque<Result<ChatStreamEvent<T>>>,
    parse: bool,
    ended: bool,
    _parsed: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for ChatCompletionStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatCompletionStream").field("chunks", &self.chunks).field("ended", &self.ended).finish()
    }
}

impl ChatCompletionStream<()> {
    /// High-level events over the chunks of `create_stream`; content is not parsed.
    pub fn new(chunks: EventStream<CreateChatCompletionStreamResponse>) -> Self {
        Self::with(chunks, false)
    }
}

impl<T: DeserializeOwned> ChatCompletionStream<T> {
    /// High-level events over the chunks of a request that asked for content in the shape
    /// of `T`: `content.done` and the final completion carry it parsed, and a choice cut
    /// short by the length limit or the content filter ends the stream with the error
    /// openai-python raises.
    pub fn parsing(chunks: EventStream<CreateChatCompletionStreamResponse>) -> Self {
        Self::with(chunks, true)
    }

    fn with(chunks: EventStream<CreateChatCompletionStreamResponse>, parse: bool) -> Self {
        ChatCompletionStream {
            chunks,
            accumulator: ChatCompletionAccumulator::new(),
            choices: Vec::new(),
            pending: VecDeque::new(),
            parse,
            ended: false,
            _parsed: PhantomData,
        }
    }

    /// The content of choice `choice` so far.
    pub fn content(&self, choice: i64) -> Option<&str> {
        self.choices.iter().find(|c| c.index == choice).and_then(|c| c.content.as_deref())
    }

    /// The arguments (JSON text) of tool call `index` of choice `choice` so far.
    pub fn tool_call_arguments(&self, choice: i64, index: i64) -> Option<&str> {
        let state = self.choices.iter().find(|c| c.index == choice)?;
        state.tool_calls.iter().find(|(i, _, _)| *i == index).map(|(_, _, arguments)| arguments.as_str())
    }

    /// The completion assembled from the chunks so far.
    pub fn current_completion(&self) -> Result<CreateChatCompletionResponse> {
        self.accumulator.completion()
    }

    /// Reads the rest of the stream (its events are dropped) and returns the whole
    /// completion, each choice's content parsed when the stream was made with a type. As in
    /// openai-python, a choice cut short by the length limit or the content filter is an
    /// error here ([`Error::length_limited_completion`] gives the completion).
    pub async fn final_completion(&mut self) -> Result<ParsedChatCompletion<T>> {
        while let Some(event) = self.next().await {
            event?;
        }
        ParsedChatCompletion::new(self.accumulator.completion()?, self.parse)
    }

    /// Adds a chunk: the events it gives, in openai-python's order (the chunk, then per
    /// choice its deltas, then the ends it brings).
    fn handle(&mut self, chunk: CreateChatCompletionStreamResponse) {
        if let Err(e) = self.accumulator.push(&chunk) {
            self.pending.push_back(Err(e));
            return;
        }
        let mut events = Vec::new();
        let mut failure = None;
        for choice in &chunk.choices {
            let position = match self.choices.iter().position(|c| c.index == choice.index) {
                Some(position) => position,
                None => {
                    self.choices.push(ChoiceState { index: choice.index, ..ChoiceState::default() });
                    self.choices.len() - 1
                }
            };
            let state = &mut self.choices[position];
            let index = choice.index;
            if let Some(delta) = &choice.delta.content {
                state.content.get_or_insert_with(String::new).push_str(delta);
                events.push(ChatStreamEvent::ContentDelta { choice: index, delta: delta.clone() });
            }
            if let Some(delta) = &choice.delta.refusal {
                state.refusal.get_or_insert_with(String::new).push_str(delta);
                events.push(ChatStreamEvent::RefusalDelta { choice: index, delta: delta.clone() });
            }
            let mut switched = Vec::new();
            for call in choice.delta.tool_calls.iter().flatten() {
                let slot = match state.tool_calls.iter().position(|(i, _, _)| *i == call.index) {
                    Some(slot) => slot,
                    None => {
                        state.tool_calls.push((call.index, String::new(), String::new()));
                        state.tool_calls.len() - 1
                    }
                };
                let function = call.function.as_ref();
                let (_, name, arguments) = &mut state.tool_calls[slot];
                if let Some(part) = function.and_then(|f| f.name.as_deref()) {
                    name.push_str(part);
                }
                let arguments_delta = function.and_then(|f| f.arguments.clone()).unwrap_or_default();
                arguments.push_str(&arguments_delta);
                events.push(ChatStreamEvent::ToolCallArgumentsDelta {
                    choice: index,
                    index: call.index,
                    name: name.clone(),
                    arguments_delta,
                });
                if state.current_tool != Some(call.index) {
                    switched.extend(state.current_tool);
                    state.current_tool = Some(call.index);
                }
            }
            if let Some(logprobs) = &choice.logprobs {
                if let Some(content) = logprobs.content.as_ref().filter(|c| !c.is_empty()) {
                    state.logprobs_content.get_or_insert_with(Vec::new).extend(content.iter().cloned());
                    events.push(ChatStreamEvent::LogprobsContentDelta { choice: index, content: content.clone() });
                }
                if let Some(refusal) = logprobs.refusal.as_ref().filter(|r| !r.is_empty()) {
                    state.logprobs_refusal.get_or_insert_with(Vec::new).extend(refusal.iter().cloned());
                    events.push(ChatStreamEvent::LogprobsRefusalDelta { choice: index, refusal: refusal.clone() });
                }
            }
            // Ends: the parts of a finished choice, and a tool call another one followed.
            if let Some(reason) = &choice.finish_reason
                && !state.finished
            {
                state.finished = true;
                if self.parse {
                    match reason {
                        FinishReason::Length => {
                            failure = Some(match self.accumulator.completion() {
                                Ok(completion) => crate::helpers::structured::chat::length_limited(completion),
                                Err(e) => e,
                            });
                        }
                        FinishReason::ContentFilter => failure = Some(Error::ContentFilterFinishReason),
                        _ => {}
                    }
                }
                if let Some(content) = state.content.clone().filter(|c| !c.is_empty())
                    && failure.is_none()
                {
                    let parsed = match (self.parse && state.refusal.is_none())
                        .then(|| parse_text(&content, "the message content"))
                    {
                        Some(Ok(value)) => Some(value),
                        Some(Err(e)) => {
                            failure = Some(e);
                            None
                        }
                        None => None,
                    };
                    events.push(ChatStreamEvent::ContentDone { choice: index, content, parsed });
                }
                if let Some(refusal) = state.refusal.clone() {
                    events.push(ChatStreamEvent::RefusalDone { choice: index, refusal });
                }
                if let Some(content) = state.logprobs_content.clone() {
                    events.push(ChatStreamEvent::LogprobsContentDone { choice: index, content });
                }
                if let Some(refusal) = state.logprobs_refusal.clone() {
                    events.push(ChatStreamEvent::LogprobsRefusalDone { choice: index, refusal });
                }
                switched.extend(state.current_tool);
            }
            for tool in switched {
                if state.done_tools.contains(&tool) {
                    continue;
                }
                state.done_tools.push(tool);
                if let Some((_, name, arguments)) = state.tool_calls.iter().find(|(i, _, _)| *i == tool) {
                    events.push(ChatStreamEvent::ToolCallArgumentsDone {
                        choice: index,
                        index: tool,
                        name: name.clone(),
                        arguments: arguments.clone(),
                    });
                }
            }
        }
        self.pending.push_back(Ok(ChatStreamEvent::Chunk(Box::new(chunk))));
        self.pending.extend(events.into_iter().map(Ok));
        if let Some(failure) = failure {
            self.pending.push_back(Err(failure));
            self.ended = true;
        }
    }
}

impl<T: DeserializeOwned> Stream for ChatCompletionStream<T> {
    type Item = Result<ChatStreamEvent<T>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.pending.pop_front() {
                return Poll::Ready(Some(event));
            }
            if this.ended {
                return Poll::Ready(None);
            }
            match std::task::ready!(this.chunks.poll_next_unpin(cx)) {
                Some(Ok(chunk)) => this.handle(chunk),
                Some(Err(e)) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(e)));
                }
                None => this.ended = true,
            }
        }
    }
}

impl<T> Unpin for ChatCompletionStream<T> {}

impl crate::resources::ChatCompletions {
    /// `create_stream` as a [`ChatCompletionStream`]: high-level
    /// events (content, refusal and tool-call argument deltas and their ends), the
    /// completion so far, and the final completion after.
    pub async fn stream(
        &self,
        request: &crate::types::CreateChatCompletionRequest,
    ) -> Result<ChatCompletionStream<()>> {
        Ok(ChatCompletionStream::new(self.create_stream(request).await?))
    }

    /// [`stream`](Self::stream) asking for content in the shape of `T`: the content's end
    /// event and the final completion carry it parsed.
    #[cfg(feature = "structured-outputs")]
    pub async fn stream_parse<T: schemars::JsonSchema + DeserializeOwned>(
        &self,
        mut request: crate::types::CreateChatCompletionRequest,
    ) -> Result<ChatCompletionStream<T>> {
        request.response_format = Some(crate::helpers::structured::chat::response_format::<T>()?);
        Ok(ChatCompletionStream::parsing(self.create_stream(&request).await?))
    }
}
