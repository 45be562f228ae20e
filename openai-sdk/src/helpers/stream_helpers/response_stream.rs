//! A Responses stream that keeps the response so far, as openai-python's
//! `responses.stream()` does: iterate it for the events, ask it for the snapshot at any
//! point, and for the final response (parsed, where a type was asked for) after.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;

use crate::helpers::structured::ParsedResponse;
use crate::runtime::EventStream;
use crate::runtime::{Error, Result};
use crate::types::{OutputContent, OutputItem, OutputMessageContent, Response, ResponseStreamEvent};

/// A Responses stream that keeps the response so far, made by
/// [`stream`](crate::resources::Responses::stream) (or
/// `stream_parse` (with the `structured-outputs` feature) for output text parsed as
/// `T`), or from any event stream with [`new`](Self::new).
///
/// It yields the stream's own [`ResponseStreamEvent`]s (`event.kind()` is each one's
/// `type`); [`snapshot`](Self::snapshot) is the response as the events so far built it
/// (output items, content parts, text and function arguments), and
/// [`final_response`](Self::final_response) reads whatever is left and returns the
/// completed response.
///
/// ```no_run
/// # async fn run(client: openai_sdk::Client, request: openai_sdk::types::CreateResponse) -> openai_sdk::Result<()> {
/// use futures_util::StreamExt;
/// use openai_sdk::types::ResponseStreamEvent;
///
/// let mut stream = client.responses().stream(&request).await?;
/// while let Some(event) = stream.next().await {
///     if let ResponseStreamEvent::ResponseOutputTextDelta(delta) = event? {
///         print!("{}", delta.delta);
///     }
/// }
/// let response = stream.final_response().await?.response;
/// # let _ = response; Ok(()) }
/// ```
pub struct ResponseStream<T = ()> {
    events: EventStream<ResponseStreamEvent>,
    snapshot: Option<Response>,
    completed: bool,
    parse: bool,
    _parsed: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for ResponseStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseStream").field("events", &self.events).field("completed", &self.completed).finish()
    }
}

impl ResponseStream<()> {
    /// Keeps the response of `create_stream`'s events; output text is not parsed.
    pub fn new(events: EventStream<ResponseStreamEvent>) -> Self {
        Self::with(events, false)
    }
}

impl<T: DeserializeOwned> ResponseStream<T> {
    /// Keeps the response of the events of a request that asked for output text in the
    /// shape of `T`: the final response carries it parsed.
    pub fn parsing(events: EventStream<ResponseStreamEvent>) -> Self {
        Self::with(events, true)
    }

    fn with(events: EventStream<ResponseStreamEvent>, parse: bool) -> Self {
        ResponseStream { events, snapshot: None, completed: false, parse, _parsed: PhantomData }
    }

    /// The response as the events so far built it; `None` before `response.created`.
    pub fn snapshot(&self) -> Option<&Response> {
        self.snapshot.as_ref()
    }

    /// Reads the rest of the stream (its events are dropped) and returns the response of
    /// `response.completed`, its output text parsed when the stream was made with a type.
    /// A stream that ends without it (failed, incomplete, cut) is an error.
    pub async fn final_response(&mut self) -> Result<ParsedResponse<T>> {
        while let Some(event) = self.next().await {
            event?;
        }
        match (&self.snapshot, self.completed) {
            (Some(response), true) => ParsedResponse::new(response.clone(), self.parse),
            (last, _) => {
                let status = last.as_ref().and_then(|r| r.status.as_ref()).map(|s| format!(" (last status {s:?})"));
                Err(Error::Assemble(format!(
                    "the response stream ended without `response.completed`{}",
                    status.unwrap_or_default()
                )))
            }
        }
    }

    /// Builds the snapshot from one event.
    fn apply(&mut self, event: &ResponseStreamEvent) {
        use ResponseStreamEvent as E;
        match event {
            E::ResponseCreated(e) => self.snapshot = Some(e.response.clone()),
            E::ResponseCompleted(e) => {
                self.snapshot = Some(e.response.clone());
                self.completed = true;
            }
            E::ResponseFailed(e) => self.snapshot = Some(e.response.clone()),
            E::ResponseIncomplete(e) => self.snapshot = Some(e.response.clone()),
            _ => {
                let Some(response) = self.snapshot.as_mut() else { return };
                let output = &mut response.output;
                let item = |index: i64| usize::try_from(index).ok();
                match event {
                    E::ResponseOutputItemAdded(e) => output.push(e.item.clone()),
                    E::ResponseOutputItemDone(e) => {
                        if let Some(slot) = item(e.output_index).and_then(|i| output.get_mut(i)) {
                            *slot = e.item.clone();
                        }
                    }
                    E::ResponseContentPartAdded(e) => {
                        let part = match &e.part {
                            OutputContent::OutputText(text) => OutputMessageContent::OutputText(text.clone()),
                            OutputContent::Refusal(refusal) => OutputMessageContent::Refusal(refusal.clone()),
                            _ => return,
                        };
                        if let Some(OutputItem::Message(message)) = item(e.output_index).and_then(|i| output.get_mut(i))
                        {
                            message.content.push(part);
                        }
                    }
                    E::ResponseOutputTextDelta(e) => {
                        if let Some(OutputMessageContent::OutputText(text)) =
                            content_part(output, e.output_index, e.content_index)
                        {
                            text.text.push_str(&e.delta);
                        }
                    }
                    E::ResponseRefusalDelta(e) => {
                        if let Some(OutputMessageContent::Refusal(refusal)) =
                            content_part(output, e.output_index, e.content_index)
                        {
                            refusal.refusal.push_str(&e.delta);
                        }
                    }
                    E::ResponseFunctionCallArgumentsDelta(e) => {
                        if let Some(OutputItem::FunctionCall(call)) =
                            item(e.output_index).and_then(|i| output.get_mut(i))
                        {
                            call.arguments.push_str(&e.delta);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Content part `content` of output message `output_index`.
fn content_part(output: &mut [OutputItem], output_index: i64, content: i64) -> Option<&mut OutputMessageContent> {
    let OutputItem::Message(message) = output.get_mut(usize::try_from(output_index).ok()?)? else { return None };
    message.content.get_mut(usize::try_from(content).ok()?)
}

impl<T: DeserializeOwned> Stream for ResponseStream<T> {
    type Item = Result<ResponseStreamEvent>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let next = std::task::ready!(this.events.poll_next_unpin(cx));
        if let Some(Ok(event)) = &next {
            this.apply(event);
        }
        Poll::Ready(next)
    }
}

impl<T> Unpin for ResponseStream<T> {}

impl crate::resources::Responses {
    /// `create_stream` as a [`ResponseStream`]: the events, the
    /// response so far, and the final response after.
    pub async fn stream(&self, request: &crate::types::CreateResponse) -> Result<ResponseStream<()>> {
        Ok(ResponseStream::new(self.create_stream(request).await?))
    }

    /// [`stream`](Self::stream) asking for output text in the shape of `T`: the final
    /// response carries it parsed.
    #[cfg(feature = "structured-outputs")]
    pub async fn stream_parse<T: schemars::JsonSchema + DeserializeOwned>(
        &self,
        mut request: crate::types::CreateResponse,
    ) -> Result<ResponseStream<T>> {
        crate::helpers::structured::responses::set_text_format::<T>(&mut request)?;
        Ok(ResponseStream::parsing(self.create_stream(&request).await?))
    }
}
