//! `client.responses().connect()`: the Responses API's WebSocket mode. Each
//! `response.create` sent runs a response whose events come back as the SSE stream's
//! events ([`ResponseStreamEvent`]), tagged with the lane (`stream_id`) the request named,
//! so several responses can run over one connection.

use std::collections::HashMap;

use bytes::Bytes;
use serde::Deserialize;

use super::{ConnectOptions, Connection, Dial, EventSender, ServerMessage};
use crate::types::{Response, ResponseStreamEvent, ResponseWsError, ResponsesClientEvent};
use crate::{ApiError, Error, Result};

/// Sends client events on a Responses WebSocket; clone it to send from another task.
pub type ResponsesSender = EventSender<ResponsesClientEvent>;

/// A Responses WebSocket connection: a `Stream` of [`ResponsesSocketEvent`]s, and (through
/// `Deref`) the senders of client events.
pub type ResponsesConnection = Connection<ResponsesClientEvent, ResponsesSocketEvent>;

impl crate::resources::Responses {
    /// Opens a Responses WebSocket (`wss://api.openai.com/v1/responses`). Send
    /// `connection.response().create().with(|r| r.model(..).input(..)).await?`; read the
    /// response's events from the connection.
    pub async fn connect(&self) -> Result<ResponsesConnection> {
        self.connect_with(ConnectOptions::new()).await
    }

    /// Opens a Responses WebSocket with `options` (query, headers, reconnection, keepalive).
    pub async fn connect_with(&self, options: ConnectOptions) -> Result<ResponsesConnection> {
        if options.model.is_some() || options.call_id.is_some() {
            return Err(Error::InvalidRequest(
                "a Responses WebSocket takes no model or call id when connecting: each `response.create` names its model"
                    .into(),
            ));
        }
        let dial = Dial::new(self.client.config(), ResponsesSender::PATH, &options, false)?;
        Connection::open(dial, options).await
    }
}

/// What a Responses WebSocket sends.
#[derive(Debug, Clone)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)] // Nearly every message is an `Event`: boxing it would cost each one.
pub enum ResponsesSocketEvent {
    /// An event of a response, as the SSE stream sends it, and the lane it belongs to.
    Event {
        /// The `stream_id` of the `response.create` it answers, if that named one.
        stream_id: Option<String>,
        /// The event.
        event: ResponseStreamEvent,
    },
    /// `error`: a request was refused or a response failed; the connection stays open.
    Error(ResponseWsError),
}

impl ResponsesSocketEvent {
    /// The lane the event belongs to.
    pub fn stream_id(&self) -> Option<&str> {
        match self {
            ResponsesSocketEvent::Event { stream_id, .. } => stream_id.as_deref(),
            ResponsesSocketEvent::Error(error) => error.stream_id.as_deref(),
        }
    }
}

impl ServerMessage for ResponsesSocketEvent {
    // Compiled where a connection is read, not in every build of the crate: decoding
    // the event types is most of the `responses` feature's build time otherwise.
    #[inline]
    fn parse(text: &str) -> Result<Self> {
        /// The envelope: the event's type and lane, read without the rest.
        #[derive(Deserialize)]
        struct Envelope<'a> {
            #[serde(rename = "type", borrow)]
            kind: Option<std::borrow::Cow<'a, str>>,
            stream_id: Option<String>,
        }
        let envelope: Envelope = serde_json::from_str(text).map_err(|e| Error::Decode {
            message: e.to_string(),
            status: reqwest::StatusCode::SWITCHING_PROTOCOLS,
            request_id: None,
            body: Bytes::copy_from_slice(text.as_bytes()),
        })?;
        if envelope.kind.as_deref() == Some("error") {
            return super::decode(text).map(ResponsesSocketEvent::Error);
        }
        Ok(ResponsesSocketEvent::Event { stream_id: envelope.stream_id, event: super::decode_event(text)? })
    }
}

/// Collects the responses running on a connection, lane by lane: feed it every event, and
/// it hands back each response when its lane finishes, with the text it streamed. The
/// events stay yours to print or match on as they arrive.
#[derive(Debug, Default)]
pub struct ResponseLanes {
    text: HashMap<Option<String>, String>,
}

/// A response that finished on its lane.
#[derive(Debug)]
#[non_exhaustive]
pub struct FinishedResponse {
    /// Its lane.
    pub stream_id: Option<String>,
    /// The output text it streamed (`response.output_text.delta`s, joined).
    pub text: String,
    /// The response of `response.completed`; an error for `response.failed`,
    /// `response.incomplete` or an `error` event on the lane.
    pub response: Result<Response>,
}

impl ResponseLanes {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text a lane has streamed so far.
    pub fn text(&self, stream_id: Option<&str>) -> &str {
        self.text.get(&stream_id.map(str::to_owned)).map(String::as_str).unwrap_or_default()
    }

    /// Takes in one event; returns the response if it finished its lane.
    pub fn push(&mut self, event: &ResponsesSocketEvent) -> Option<FinishedResponse> {
        let lane = event.stream_id().map(str::to_owned);
        let response = match event {
            ResponsesSocketEvent::Event { event, .. } => match event {
                ResponseStreamEvent::ResponseOutputTextDelta(delta) => {
                    self.text.entry(lane).or_default().push_str(&delta.delta);
                    return None;
                }
                ResponseStreamEvent::ResponseCompleted(done) => Ok(done.response.clone()),
                ResponseStreamEvent::ResponseFailed(failed) => Err(unfinished("failed", &failed.response)),
                ResponseStreamEvent::ResponseIncomplete(cut) => Err(unfinished("incomplete", &cut.response)),
                _ => return None,
            },
            ResponsesSocketEvent::Error(error) => Err(socket_error(error)),
        };
        let text = self.text.remove(&lane).unwrap_or_default();
        Some(FinishedResponse { stream_id: lane, text, response })
    }
}

fn unfinished(how: &str, response: &Response) -> Error {
    let reason = response.error.as_ref().map(|e| format!(": {}", e.message)).unwrap_or_default();
    Error::Assemble(format!("the response {} is {how}{reason}", response.id))
}

/// An `error` event as the API error it reports.
fn socket_error(error: &ResponseWsError) -> Error {
    let status = error
        .status
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| reqwest::StatusCode::from_u16(s).ok())
        .unwrap_or(reqwest::StatusCode::BAD_REQUEST);
    let body = serde_json::json!({ "error": {
        "message": error.error.message,
        "type": error.error.type_,
        "code": error.error.code,
        "param": error.error.param,
    }});
    Error::Stream(Box::new(ApiError::new(status, Default::default(), Bytes::from(body.to_string()))))
}
