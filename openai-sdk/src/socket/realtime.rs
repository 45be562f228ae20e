//! `client.realtime().connect(model)`: the Realtime API over a WebSocket, with typed client
//! events out (the generated senders: `connection.session().update(..)`) and typed server
//! events in (the connection is a `Stream` of [`RealtimeServerEvent`]).

use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;

use super::{ConnectOptions, Dial, Events, Reader, Sender};
use crate::Result;
use crate::types::{RealtimeClientEvent, RealtimeServerEvent};

impl crate::resources::Realtime {
    /// Opens a Realtime connection to `model` (`wss://api.openai.com/v1/realtime?model=...`).
    /// Iterate it for server events; send client events with its senders
    /// (`connection.session().update(session).await?`) or [`RealtimeSender::send`].
    pub async fn connect(&self, model: impl Into<String>) -> Result<RealtimeConnection> {
        self.connect_with(ConnectOptions::new().model(model)).await
    }

    /// Opens a Realtime connection with `options`: the model, a call id, query parameters,
    /// headers, reconnection and keepalive. On an Azure client the URL is Azure's
    /// (`{endpoint}/openai/realtime?api-version=..&deployment=..`) and the model names the
    /// deployment unless the client has one.
    pub async fn connect_with(&self, options: ConnectOptions) -> Result<RealtimeConnection> {
        let dial = Dial::new(self.client.config(), RealtimeSender::PATH, &options, true)?;
        let (reader, sender) = Reader::open(dial, options).await?;
        Ok(RealtimeConnection { sender: RealtimeSender(sender), events: Events::new(reader) })
    }
}

/// Sends client events on a Realtime connection; clone it to send from another task.
#[derive(Debug, Clone)]
pub struct RealtimeSender(Sender);

impl AsRef<Sender> for RealtimeSender {
    fn as_ref(&self) -> &Sender {
        &self.0
    }
}

impl RealtimeSender {
    /// Sends any client event.
    pub async fn send(&self, event: impl Into<RealtimeClientEvent>) -> Result<()> {
        self.0.send_json(&event.into()).await
    }

    /// Sends a text frame as it is (JSON the types do not cover yet, say).
    pub async fn send_raw(&self, text: impl Into<String>) -> Result<()> {
        self.0.send_text(text.into()).await
    }

    /// Closes the connection (code 1000); the event stream ends when the server answers.
    pub async fn close(&self) -> Result<()> {
        self.0.close().await
    }
}

/// A Realtime WebSocket connection: a `Stream` of server events, and (through `Deref`) the
/// senders of client events.
///
/// An `error` event is an event like any other: the connection stays open. A server event
/// of a type this SDK does not know yet is `RealtimeServerEvent::Unknown` with its JSON.
#[derive(Debug)]
pub struct RealtimeConnection {
    sender: RealtimeSender,
    events: Events,
}

impl Deref for RealtimeConnection {
    type Target = RealtimeSender;

    fn deref(&self) -> &RealtimeSender {
        &self.sender
    }
}

impl RealtimeConnection {
    /// A sender for another task.
    pub fn sender(&self) -> RealtimeSender {
        self.sender.clone()
    }

    /// The next server message as the JSON text it arrived as (see
    /// [`parse_event`](Self::parse_event)); `None` once the connection has closed.
    pub async fn next_raw(&mut self) -> Option<Result<String>> {
        self.events.next_text().await
    }

    /// A server message's JSON as its typed event.
    pub fn parse_event(text: &str) -> Result<RealtimeServerEvent> {
        super::decode_event(text)
    }
}

impl Stream for RealtimeConnection {
    type Item = Result<RealtimeServerEvent>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().events.poll_text(cx).map(|next| next.map(|text| text.and_then(|t| super::decode_event(&t))))
    }
}
