//! `client.realtime().connect(model)`: the Realtime API over a WebSocket, with typed client
//! events out (the generated senders: `connection.session().update(..)`) and typed server
//! events in (the connection is a `Stream` of [`RealtimeServerEvent`]).

use super::{ConnectOptions, Connection, Dial, EventSender, ServerMessage};
use crate::Result;
use crate::types::{RealtimeClientEvent, RealtimeServerEvent};

/// Sends client events on a Realtime connection; clone it to send from another task.
pub type RealtimeSender = EventSender<RealtimeClientEvent>;

/// A Realtime WebSocket connection: a `Stream` of server events, and (through `Deref`) the
/// senders of client events.
///
/// An `error` event is an event like any other: the connection stays open. A server event
/// of a type this SDK does not know yet is `RealtimeServerEvent::Unknown` with its JSON.
pub type RealtimeConnection = Connection<RealtimeClientEvent, RealtimeServerEvent>;

impl ServerMessage for RealtimeServerEvent {
    // Compiled where a connection is read, not in every build of the crate: decoding
    // the event types is most of the `responses` feature's build time otherwise.
    #[inline]
    fn parse(text: &str) -> Result<Self> {
        super::decode_event(text)
    }
}

impl crate::resources::Realtime {
    /// Opens a Realtime connection to `model` (`wss://api.openai.com/v1/realtime?model=...`).
    /// Iterate it for server events; send client events with its senders
    /// (`connection.session().update(session).await?`) or [`EventSender::send`].
    pub async fn connect(&self, model: impl Into<String>) -> Result<RealtimeConnection> {
        self.connect_with(ConnectOptions::new().model(model)).await
    }

    /// Opens a Realtime connection with `options`: the model, a call id, query parameters,
    /// headers, reconnection and keepalive. On an Azure client the URL is Azure's
    /// (`{endpoint}/openai/realtime?api-version=..&deployment=..`) and the model names the
    /// deployment unless the client has one.
    pub async fn connect_with(&self, options: ConnectOptions) -> Result<RealtimeConnection> {
        let dial = Dial::new(self.client.config(), RealtimeSender::PATH, &options, true)?;
        Connection::open(dial, options).await
    }
}
