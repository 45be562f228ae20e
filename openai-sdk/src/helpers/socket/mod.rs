//! WebSocket connections: the Realtime API (`client.realtime().connect(..)`) and the
//! Responses API's WebSocket mode (`client.responses().connect()`), as openai-python's
//! `realtime.connect()` and `responses.connect()` do them.
//!
//! - The URL is the client's base URL with `https` → `wss` (`http` → `ws`) and the socket's
//!   path (`spec/sockets.yaml`); Azure clients connect to `{endpoint}/openai/realtime` with
//!   `api-version` and `deployment` in the query (openai-python's `lib/azure.py`).
//! - The handshake carries the client's credential (`Authorization: Bearer`, or Azure's
//!   `api-key` or Entra token), `User-Agent`, organization and project, the client's default
//!   headers and the connection's own.
//! - Events are read only as the caller asks for them: a slow consumer leaves frames in the
//!   socket, so the server is slowed by TCP flow control and nothing buffers without bound.
//! - Pings are answered while reading; the client pings every 20 s, and a connection that
//!   sends nothing (not even a pong) for 40 s counts as dropped (close code 1006).
//! - A clean close (code 1000, 1001 or none, which openai-python's `websockets` reports as
//!   `ConnectionClosedOK`) ends the event stream.
//! - Reconnection, when an `on_reconnecting` hook is set (as in openai-python): after any other
//!   close with a recoverable code (1006, 1011, 1012, 1013, 1015), up to
//!   `max_retries` attempts with exponential backoff (0.5 s doubling to 8 s) and jitter
//!   (×0.75–1.0). Each attempt first asks the hook, which can abort or change the query and
//!   headers. Messages sent meanwhile wait in a queue (1 MiB by default; beyond it a send
//!   fails with [`Error::Socket`]) and go out, in order, once connected.
//! - Any other close, or one not reconnected, ends the event stream with one
//!   [`Error::SocketClosed`] holding the code, the reason and the messages never sent (as
//!   does a clean close that leaves messages unsent).

mod connect;
// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
mod senders;
#[cfg(feature = "realtime")]
pub(crate) mod realtime;
#[cfg(feature = "responses")]
pub(crate) mod responses;

use std::collections::VecDeque;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::Stream;
use futures_util::future::BoxFuture;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use std::pin::Pin;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use crate::{Error, Result};

pub(crate) use connect::Dial;

/// The socket type of a connection.
type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Close codes worth reconnecting after (RFC 6455 §7.4.1), as openai-python's
/// `is_recoverable_close`.
pub const RECOVERABLE_CLOSE_CODES: [u16; 7] = [1001, 1005, 1006, 1011, 1012, 1013, 1015];

/// Whether a connection closed with `code` may be reconnected.
pub fn is_recoverable_close(code: u16) -> bool {
    RECOVERABLE_CLOSE_CODES.contains(&code)
}

/// A close that ends a connection properly: 1000, 1001 or no code (1005), the closes
/// `websockets` reports as `ConnectionClosedOK`, after which openai-python stops iterating.
pub fn is_clean_close(code: u16) -> bool {
    matches!(code, 1000 | 1001 | 1005)
}

/// What the `on_reconnecting` hook is told before each attempt.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReconnectingEvent {
    /// Which attempt this is, from 1.
    pub attempt: u32,
    /// How many attempts will be made at most.
    pub max_attempts: u32,
    /// How long the attempt waits before connecting.
    pub delay: Duration,
    /// The close code that ended the connection.
    pub close_code: u16,
    /// The query parameters the attempt will send.
    pub query: Vec<(String, String)>,
    /// The headers the attempt will send (besides the client's own).
    pub headers: Vec<(String, String)>,
}

/// What the `on_reconnecting` hook may change for the next attempt.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ReconnectingOverrides {
    /// Replaces the query parameters.
    pub query: Option<Vec<(String, String)>>,
    /// Replaces the connection's headers.
    pub headers: Option<Vec<(String, String)>>,
    /// Stops reconnecting: the event stream ends with the close error.
    pub abort: bool,
}

impl ReconnectingOverrides {
    /// Stop reconnecting.
    pub fn abort() -> Self {
        ReconnectingOverrides { abort: true, ..Default::default() }
    }

    /// Send these query parameters from the next attempt on.
    pub fn query(mut self, query: Vec<(String, String)>) -> Self {
        self.query = Some(query);
        self
    }

    /// Send these headers from the next attempt on.
    pub fn headers(mut self, headers: Vec<(String, String)>) -> Self {
        self.headers = Some(headers);
        self
    }
}

type ReconnectHook = Arc<dyn Fn(&ReconnectingEvent) -> Option<ReconnectingOverrides> + Send + Sync>;

/// How to open a WebSocket connection: query, headers, reconnection and keepalive.
#[derive(Clone)]
pub struct ConnectOptions {
    pub(crate) model: Option<String>,
    pub(crate) call_id: Option<String>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) on_reconnecting: Option<ReconnectHook>,
    pub(crate) max_retries: u32,
    pub(crate) initial_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) max_queue_bytes: usize,
    pub(crate) ping_interval: Option<Duration>,
    pub(crate) ping_timeout: Duration,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values may hold credentials: names only.
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ConnectOptions")
            .field("model", &self.model)
            .field("call_id", &self.call_id)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("reconnects", &self.on_reconnecting.is_some())
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            model: None,
            call_id: None,
            query: Vec::new(),
            headers: Vec::new(),
            on_reconnecting: None,
            max_retries: 5,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_queue_bytes: 1 << 20,
            ping_interval: Some(Duration::from_secs(20)),
            ping_timeout: Duration::from_secs(20),
        }
    }
}

impl ConnectOptions {
    /// openai-python's defaults: no reconnection, 5 attempts once a hook is set, 0.5 s to
    /// 8 s backoff, a 1 MiB send queue, a ping every 20 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// Realtime: the model (the `model` query parameter; on Azure, the deployment).
    pub fn model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// Realtime: join an existing call (SIP or WebRTC) by id (the `call_id` query parameter).
    pub fn call_id(mut self, call_id: impl Into<String>) -> Self {
        self.call_id = Some(call_id.into());
        self
    }

    /// Adds a query parameter to the handshake URL.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header to the handshake; it wins over the client's header of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Reconnect after a recoverable close, asking `hook` before each attempt: `None` goes
    /// ahead, [`ReconnectingOverrides`] changes the query or headers, or aborts.
    pub fn on_reconnecting<F>(mut self, hook: F) -> Self
    where
        F: Fn(&ReconnectingEvent) -> Option<ReconnectingOverrides> + Send + Sync + 'static,
    {
        self.on_reconnecting = Some(Arc::new(hook));
        self
    }

    /// At most this many reconnection attempts per close (default 5).
    pub fn max_retries(mut self, attempts: u32) -> Self {
        self.max_retries = attempts;
        self
    }

    /// The first backoff delay, doubled per attempt up to [`max_delay`](Self::max_delay).
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest backoff delay.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// How many bytes of messages may wait while reconnecting (default 1 MiB).
    pub fn max_queue_bytes(mut self, bytes: usize) -> Self {
        self.max_queue_bytes = bytes;
        self
    }

    /// How often to ping, or `None` not to; a connection silent for this plus the
    /// [`ping_timeout`](Self::ping_timeout) counts as dropped.
    pub fn ping_interval(mut self, interval: Option<Duration>) -> Self {
        self.ping_interval = interval;
        self
    }

    /// How long to wait for any frame after a ping.
    pub fn ping_timeout(mut self, timeout: Duration) -> Self {
        self.ping_timeout = timeout;
        self
    }
}

/// Messages waiting to be sent, bounded in bytes (openai-python's `SendQueue`).
struct SendQueue {
    messages: VecDeque<String>,
    bytes: usize,
    limit: usize,
}

impl SendQueue {
    fn push(&mut self, text: String) -> Result<()> {
        if self.bytes + text.len() > self.limit {
            return Err(Error::Socket(format!(
                "the send queue is full ({} of {} bytes waiting while reconnecting); message discarded",
                self.bytes, self.limit
            )));
        }
        self.bytes += text.len();
        self.messages.push_back(text);
        Ok(())
    }

    fn drain(&mut self) -> Vec<String> {
        self.bytes = 0;
        self.messages.drain(..).collect()
    }
}

/// The writing half, shared by every sender of a connection.
enum Writer {
    Open(SplitSink<Socket, Message>),
    /// Between a close and the reconnection that replaces it: sends queue.
    Reconnecting,
    Closed,
}

struct Shared {
    writer: tokio::sync::Mutex<Writer>,
    queue: Mutex<SendQueue>,
    /// `close()` was called: a close is not reconnected.
    closing: AtomicBool,
    /// A send that fails queues its message to be sent after reconnecting.
    reconnects: bool,
}

impl Shared {
    fn queue(&self) -> std::sync::MutexGuard<'_, SendQueue> {
        // A panic elsewhere while holding the lock leaves the queue consistent.
        self.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Sends on a connection; cheap to clone into other tasks.
#[derive(Clone)]
pub struct Sender {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl Sender {
    /// Sends `event` as JSON text.
    pub async fn send_json<E: Serialize>(&self, event: &E) -> Result<()> {
        let text = serde_json::to_string(event)
            .map_err(|e| Error::InvalidRequest(format!("the event cannot be serialized: {e}")))?;
        self.send_text(text).await
    }

    /// Sends a text frame as it is.
    pub async fn send_text(&self, text: String) -> Result<()> {
        let mut writer = self.shared.writer.lock().await;
        match &mut *writer {
            Writer::Open(sink) => match sink.send(Message::text(text.clone())).await {
                Ok(()) => Ok(()),
                // Not lost: the reader sees the close, reconnects and sends it then.
                Err(_) if self.shared.reconnects => self.shared.queue().push(text),
                Err(e) => Err(Error::Socket(format!("cannot send on the WebSocket: {e}"))),
            },
            Writer::Reconnecting => self.shared.queue().push(text),
            Writer::Closed => Err(Error::Socket("the WebSocket connection is closed".into())),
        }
    }

    /// Closes the connection with code 1000: the event stream ends once the server answers.
    pub async fn close(&self) -> Result<()> {
        self.close_with(1000, "").await
    }

    /// Closes the connection with `code` and `reason`.
    pub async fn close_with(&self, code: u16, reason: &str) -> Result<()> {
        use tokio_tungstenite::tungstenite::protocol::{CloseFrame, frame::coding::CloseCode};
        self.shared.closing.store(true, Ordering::SeqCst);
        let mut writer = self.shared.writer.lock().await;
        if let Writer::Open(sink) = &mut *writer {
            let frame = CloseFrame { code: CloseCode::from(code), reason: reason.to_owned().into() };
            // Already closed by the other side: nothing left to do.
            let _ = sink.send(Message::Close(Some(frame))).await;
        }
        crate::runtime::logging::log_event!(INFO, "closing the WebSocket connection", code = code);
        Ok(())
    }
}

/// Sends the client events `E` of one socket; clone it to send from another task.
pub struct EventSender<E> {
    sender: Sender,
    _events: PhantomData<fn(E)>,
}

impl<E> Clone for EventSender<E> {
    fn clone(&self) -> Self {
        EventSender { sender: self.sender.clone(), _events: PhantomData }
    }
}

impl<E> std::fmt::Debug for EventSender<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventSender").finish_non_exhaustive()
    }
}

impl<E> AsRef<Sender> for EventSender<E> {
    fn as_ref(&self) -> &Sender {
        &self.sender
    }
}

impl<E: Serialize> EventSender<E> {
    /// Sends any client event.
    pub async fn send(&self, event: impl Into<E>) -> Result<()> {
        self.sender.send_json(&event.into()).await
    }

    /// Sends a text frame as it is (JSON the types do not cover yet, say).
    pub async fn send_raw(&self, text: impl Into<String>) -> Result<()> {
        self.sender.send_text(text.into()).await
    }

    /// Closes the connection (code 1000); the event stream ends when the server answers.
    pub async fn close(&self) -> Result<()> {
        self.sender.close().await
    }
}

/// What a socket's server messages are, read from their JSON text.
pub trait ServerMessage: Sized {
    /// A message's JSON as its typed event.
    fn parse(text: &str) -> Result<Self>;
}

/// A WebSocket connection: a `Stream` of server messages `M`, and (through `Deref`) the
/// senders of client events `E`.
pub struct Connection<E, M> {
    sender: EventSender<E>,
    events: Events,
    _messages: PhantomData<fn() -> M>,
}

impl<E, M> std::fmt::Debug for Connection<E, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").finish_non_exhaustive()
    }
}

impl<E, M> std::ops::Deref for Connection<E, M> {
    type Target = EventSender<E>;

    fn deref(&self) -> &EventSender<E> {
        &self.sender
    }
}

impl<E, M: ServerMessage> Connection<E, M> {
    /// Opens the connection `dial` leads to.
    pub(crate) async fn open(dial: Dial, options: ConnectOptions) -> Result<Self> {
        let (reader, sender) = Reader::open(dial, options).await?;
        let sender = EventSender { sender, _events: PhantomData };
        Ok(Connection { sender, events: Events::new(reader), _messages: PhantomData })
    }

    /// A sender for another task.
    pub fn sender(&self) -> EventSender<E> {
        self.sender.clone()
    }

    /// The next server message as the JSON text it arrived as (see
    /// [`parse_event`](Self::parse_event)); `None` once the connection has closed.
    pub async fn next_raw(&mut self) -> Option<Result<String>> {
        self.events.next_text().await
    }

    /// A server message's JSON as its typed event.
    pub fn parse_event(text: &str) -> Result<M> {
        M::parse(text)
    }
}

impl<E, M: ServerMessage> Stream for Connection<E, M> {
    type Item = Result<M>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().events.poll_text(cx).map(|next| next.map(|text| text.and_then(|t| M::parse(&t))))
    }
}

/// A client event being sent: await it to send, or adjust it first with [`with`](Self::with).
#[must_use = "an event is sent only when awaited"]
pub struct SendEvent<'c, E> {
    sender: &'c Sender,
    event: E,
}

impl<'c, E> SendEvent<'c, E> {
    pub(crate) fn new(sender: &'c Sender, event: E) -> Self {
        SendEvent { sender, event }
    }

    /// Sets what the sender's arguments leave out:
    /// `.with(|event| event.previous_item_id("item_1"))`.
    pub fn with(mut self, change: impl FnOnce(E) -> E) -> Self {
        self.event = change(self.event);
        self
    }

    /// The event as it will be sent.
    pub fn event(&self) -> &E {
        &self.event
    }
}

impl<'c, E: Serialize + Send + Sync + 'c> IntoFuture for SendEvent<'c, E> {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<'c, Result<()>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.sender.send_json(&self.event).await })
    }
}

/// A server message as `T`, leniently as responses are (a `null` where the spec forbids one
/// leaves the field at its zero value instead of failing the event).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    crate::runtime::decode_lenient(text).map_err(|message| Error::Decode {
        message,
        status: reqwest::StatusCode::SWITCHING_PROTOCOLS,
        request_id: None,
        body: bytes::Bytes::copy_from_slice(text.as_bytes()),
    })
}

/// A server message as its event: straight from the text by its tag when it fits as it is,
/// else as [`decode`] does.
pub(crate) fn decode_event<T: serde::de::DeserializeOwned + crate::runtime::codec::FromTaggedText>(
    text: &str,
) -> Result<T> {
    match T::from_tagged_text(text) {
        Some(event) => Ok(event),
        None => decode(text),
    }
}

/// Base64 of `bytes`, for event fields the API takes as base64 text.
#[allow(dead_code)] // Called by the generated senders of the sockets that have such fields.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The reading half: messages in order, closes handled (reconnecting when asked).
pub(crate) struct Reader {
    stream: Option<SplitStream<Socket>>,
    shared: Arc<Shared>,
    dial: Dial,
    options: ConnectOptions,
    done: bool,
    /// Frames read so far, and as many when the keepalive deadline was last set: the
    /// deadline is moved only when it fires, so a busy connection pays no timer (nor clock
    /// read) per message.
    frames: u64,
    frames_at_deadline: u64,
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

/// One step of the reader.
enum Read {
    Text(Utf8Bytes),
    Closed { code: u16, reason: String },
}

impl Reader {
    /// Opens the connection: the handshake, then a pinger in the background.
    pub(crate) async fn open(dial: Dial, options: ConnectOptions) -> Result<(Reader, Sender)> {
        let socket = dial.connect(&options.query, &options.headers).await?;
        let (sink, stream) = socket.split();
        let shared = Arc::new(Shared {
            writer: tokio::sync::Mutex::new(Writer::Open(sink)),
            queue: Mutex::new(SendQueue { messages: VecDeque::new(), bytes: 0, limit: options.max_queue_bytes }),
            closing: AtomicBool::new(false),
            reconnects: options.on_reconnecting.is_some(),
        });
        if let Some(interval) = options.ping_interval {
            tokio::spawn(ping(Arc::downgrade(&shared), interval));
        }
        let sender = Sender { shared: Arc::clone(&shared) };
        let reader = Reader {
            stream: Some(stream),
            shared,
            dial,
            options,
            done: false,
            frames: 0,
            frames_at_deadline: 0,
            deadline: None,
        };
        Ok((reader, sender))
    }

    /// The next text message; `None` after a normal close.
    pub(crate) async fn next_text(&mut self) -> Option<Result<Utf8Bytes>> {
        loop {
            if self.done {
                return None;
            }
            let (code, reason) = match self.read().await {
                Read::Text(text) => return Some(Ok(text)),
                Read::Closed { code, reason } => (code, reason),
            };
            *self.shared.writer.lock().await = Writer::Reconnecting;
            let closing = self.shared.closing.load(Ordering::SeqCst);
            crate::runtime::logging::log_event!(
                INFO,
                "the WebSocket connection closed",
                code = code,
                reason = reason.as_str()
            );
            if !closing && !is_clean_close(code) && is_recoverable_close(code) && self.reconnect(code).await {
                continue;
            }
            self.done = true;
            *self.shared.writer.lock().await = Writer::Closed;
            let unsent = self.shared.queue().drain();
            if (closing || is_clean_close(code)) && unsent.is_empty() {
                return None;
            }
            return Some(Err(Error::SocketClosed { code, reason, unsent }));
        }
    }

    /// Reads until a text message or the end of the connection.
    async fn read(&mut self) -> Read {
        let silence = self.options.ping_interval.map(|interval| interval + self.options.ping_timeout);
        loop {
            let Some(stream) = self.stream.as_mut() else {
                return Read::Closed { code: 1006, reason: "not connected".into() };
            };
            let next = match silence {
                None => stream.next().await,
                Some(limit) => {
                    let deadline = self.deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                    let next = std::future::poll_fn(|cx| match stream.poll_next_unpin(cx) {
                        Poll::Ready(next) => Poll::Ready(Some(next)),
                        Poll::Pending => deadline.as_mut().poll(cx).map(|()| None),
                    })
                    .await;
                    match next {
                        Some(next) => {
                            self.frames += 1;
                            next
                        }
                        // Frames came since the deadline was set: the silence is shorter.
                        None if self.frames != self.frames_at_deadline => {
                            self.frames_at_deadline = self.frames;
                            deadline.as_mut().reset(tokio::time::Instant::now() + limit);
                            continue;
                        }
                        None => {
                            self.stream = None;
                            let reason = format!("nothing received for {} s (keepalive)", limit.as_secs_f64());
                            return Read::Closed { code: 1006, reason };
                        }
                    }
                }
            };
            let closed = |code: u16, reason: String| Read::Closed { code, reason };
            match next {
                Some(Ok(Message::Text(text))) => return Read::Text(text),
                Some(Ok(Message::Binary(bytes))) => match Utf8Bytes::try_from(bytes) {
                    Ok(text) => return Read::Text(text),
                    Err(_) => crate::runtime::logging::log_event!(
                        WARN,
                        "skipped a binary WebSocket message that is not UTF-8"
                    ),
                },
                // Pings are answered by the socket itself; pongs only show it is alive.
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Close(frame))) => {
                    self.stream = None;
                    return match frame {
                        Some(frame) => closed(u16::from(frame.code), frame.reason.as_str().to_owned()),
                        None => closed(1005, String::new()),
                    };
                }
                Some(Err(e)) => {
                    self.stream = None;
                    return closed(1006, e.to_string());
                }
                None => {
                    self.stream = None;
                    return closed(1006, "the connection ended without a close frame".into());
                }
            }
        }
    }

    /// Reconnects as openai-python does; whether it succeeded.
    async fn reconnect(&mut self, close_code: u16) -> bool {
        let Some(hook) = self.options.on_reconnecting.clone() else { return false };
        let max_attempts = self.options.max_retries;
        for attempt in 1..=max_attempts {
            let doubled = self.options.initial_delay.saturating_mul(1u32 << (attempt - 1).min(20));
            let delay = doubled.min(self.options.max_delay).mul_f64(0.75 + fastrand::f64() * 0.25);
            let event = ReconnectingEvent {
                attempt,
                max_attempts,
                delay,
                close_code,
                query: self.options.query.clone(),
                headers: self.options.headers.clone(),
            };
            if let Some(overrides) = hook(&event) {
                if overrides.abort {
                    return false;
                }
                if let Some(query) = overrides.query {
                    self.options.query = query;
                }
                if let Some(headers) = overrides.headers {
                    self.options.headers = headers;
                }
            }
            crate::runtime::logging::log_event!(
                INFO,
                "reconnecting the WebSocket",
                attempt = attempt,
                max_attempts = max_attempts,
                delay_ms = delay.as_millis() as u64,
            );
            tokio::time::sleep(delay).await;
            if self.shared.closing.load(Ordering::SeqCst) {
                return false;
            }
            let Ok(socket) = self.dial.connect(&self.options.query, &self.options.headers).await else { continue };
            let (mut sink, stream) = socket.split();
            let mut writer = self.shared.writer.lock().await;
            // Queued messages first, in order; what cannot go now waits for the next attempt.
            let pending = self.shared.queue().drain();
            let mut flushed = true;
            for (i, text) in pending.iter().enumerate() {
                if sink.send(Message::text(text.clone())).await.is_err() {
                    let mut queue = self.shared.queue();
                    for text in pending[i..].iter().rev() {
                        queue.messages.push_front(text.clone());
                        queue.bytes += text.len();
                    }
                    flushed = false;
                    break;
                }
            }
            if !flushed {
                continue;
            }
            *writer = Writer::Open(sink);
            self.stream = Some(stream);
            self.deadline = None;
            crate::runtime::logging::log_event!(INFO, "reconnected the WebSocket", attempt = attempt);
            return true;
        }
        false
    }
}

/// Pings every `interval` while the connection lives.
async fn ping(shared: Weak<Shared>, interval: Duration) {
    loop {
        tokio::time::sleep(interval).await;
        let Some(shared) = shared.upgrade() else { return };
        let mut writer = shared.writer.lock().await;
        match &mut *writer {
            Writer::Open(sink) => {
                let _ = sink.send(Message::Ping(Default::default())).await;
            }
            Writer::Reconnecting => {}
            Writer::Closed => return,
        }
    }
}

/// The reader's messages as one stream, made once: no allocation per message.
pub(crate) struct Events {
    texts: Pin<Box<dyn Stream<Item = Result<Utf8Bytes>> + Send>>,
}

impl Events {
    pub(crate) fn new(reader: Reader) -> Events {
        // Boxed, as `unfold` moves its state in and out of the future on every message.
        let texts = futures_util::stream::unfold(Box::new(reader), |mut reader| async move {
            let next = reader.next_text().await?;
            Some((next, reader))
        });
        Events { texts: Box::pin(texts) }
    }

    pub(crate) fn poll_text(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Utf8Bytes>>> {
        self.texts.as_mut().poll_next(cx)
    }

    pub(crate) async fn next_text(&mut self) -> Option<Result<String>> {
        self.texts.next().await.map(|text| text.map(|t| t.as_str().to_owned()))
    }
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events").finish_non_exhaustive()
    }
}
