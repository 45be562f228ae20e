//! Typed event streams: the server-sent events of a streaming operation, decoded into the
//! operation's event type as they arrive.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::error::{ApiError, Error, Result};
use crate::runtime::response::StreamingResponse;
use crate::runtime::sse::{InvalidUtf8, SseDecoder, SseEvent};

/// A type the events of a stream decode into.
pub trait StreamEvent: DeserializeOwned + Send + 'static {
    /// Whether the SSE `event:` name picks the type, as in the Assistants streams: each
    /// event is then decoded from `{"event": <name>, "data": <data>}`.
    const NAMED_EVENTS: bool = false;
}

impl StreamEvent for Value {}

type Body = Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>;

/// The events of a streaming response, typed, as they arrive.
///
/// A `futures::Stream` of `Result<T>`: `[DONE]` ends it; an error the API reports inside
/// the stream is an [`Error::Stream`] item and ends it; a broken connection is an
/// [`Error::Connection`] item, never a silent end. Events are decoded only as the consumer
/// asks for them, so a slow consumer slows the socket rather than filling memory.
/// Dropping the stream closes the connection.
pub struct EventStream<T> {
    status: StatusCode,
    headers: HeaderMap,
    /// `None` once the stream has ended: the connection is closed with it.
    body: Option<Body>,
    decoder: SseDecoder,
    /// The operation's span, told each event; it records when the stream ends.
    #[cfg(feature = "telemetry")]
    watch: Option<crate::runtime::telemetry::StreamWatch>,
    _event: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("open", &self.body.is_some())
            .finish()
    }
}

/// What one SSE event means for the typed stream.
enum Step<T> {
    Item(Result<T>),
    /// Nothing to yield (an event without data).
    Skip,
    /// The stream is over, with a last item or without.
    End(Option<Result<T>>),
}

impl<T: StreamEvent> EventStream<T> {
    pub(crate) fn new(response: StreamingResponse) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        #[cfg(feature = "telemetry")]
        let (response, watch) = {
            let mut response = response;
            let watch = response.watch.take();
            (response, watch)
        };
        let stream = Self::with_body(status, headers, Box::pin(response.bytes_stream()));
        #[cfg(feature = "telemetry")]
        let stream = EventStream { watch, ..stream };
        stream
    }

    /// A typed stream over any source of body chunks (a file, a recording, a test).
    pub fn from_chunks<S, E>(chunks: S) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: std::error::Error + Send + Sync + 'static,
    {
        let body = chunks.map(|chunk| chunk.map_err(Error::connection));
        Self::with_body(StatusCode::OK, HeaderMap::new(), Box::pin(body))
    }

    fn with_body(status: StatusCode, headers: HeaderMap, body: Body) -> Self {
        EventStream {
            status,
            headers,
            body: Some(body),
            decoder: SseDecoder::new(),
            #[cfg(feature = "telemetry")]
            watch: None,
            _event: PhantomData,
        }
    }

    fn step(&self, event: std::result::Result<SseEvent, InvalidUtf8>) -> Step<T> {
        let event = match event {
            Ok(event) => event,
            Err(e) => return Step::Item(Err(self.decode_error(e.to_string(), String::new()))),
        };
        if event.data == "[DONE]" {
            return Step::End(None);
        }
        if T::NAMED_EVENTS {
            return match event.event.as_deref() {
                Some("done") => Step::End(None),
                Some("error") => Step::End(Some(Err(self.stream_error(event.data)))),
                Some(name) => {
                    let data = match serde_json::from_str::<Value>(&event.data) {
                        Ok(data) => data,
                        Err(e) => return Step::Item(Err(self.decode_error(e.to_string(), event.data))),
                    };
                    let mut wrapped = serde_json::json!({ "event": name, "data": data });
                    Step::Item(
                        crate::runtime::lenient::from_value(&mut wrapped).map_err(|e| self.decode_error(e, event.data)),
                    )
                }
                None if event.data.trim().is_empty() => Step::Skip,
                None => Step::Item(self.typed(event.data)),
            };
        }
        if event.data.trim().is_empty() {
            return Step::Skip;
        }
        // Only a payload that mentions `error` can be one; the others parse straight into `T`.
        static ERROR_KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"error\""));
        if ERROR_KEY.find(event.data.as_bytes()).is_some() {
            let mut value: Value = match serde_json::from_str(&event.data) {
                Ok(value) => value,
                Err(e) => return Step::Item(Err(self.decode_error(e.to_string(), event.data))),
            };
            if value.get("error").is_some_and(|e| !e.is_null()) {
                return Step::End(Some(Err(self.stream_error(event.data))));
            }
            return Step::Item(
                crate::runtime::lenient::from_value(&mut value).map_err(|e| self.decode_error(e, event.data)),
            );
        }
        Step::Item(self.typed(event.data))
    }

    fn typed(&self, data: String) -> Result<T> {
        crate::runtime::lenient::from_str(&data).map_err(|e| self.decode_error(e, data))
    }

    fn decode_error(&self, message: String, data: String) -> Error {
        Error::Decode {
            message,
            status: self.status,
            request_id: self.request_id().map(String::from),
            body: Bytes::from(data),
        }
    }

    fn stream_error(&self, data: String) -> Error {
        Error::Stream(Box::new(ApiError::new(self.status, self.headers.clone(), Bytes::from(data))))
    }

    /// Ends the stream: later polls yield nothing. What is left of an open body is read in the
    /// background, a little and briefly, so that the connection goes back to the pool
    /// rather than closing (over TLS, the next stream would pay a new handshake).
    fn finish(&mut self, cx: &mut Context<'_>) {
        if let Some(mut body) = self.body.take() {
            // Usually the end of the body has arrived with the last event: no task needed.
            let mut left = DRAIN_BYTES;
            let rest = loop {
                match body.poll_next_unpin(cx) {
                    Poll::Ready(Some(Ok(chunk))) if chunk.len() < left => left -= chunk.len(),
                    Poll::Ready(_) => break None,
                    Poll::Pending => break Some(body),
                }
            };
            if let (Some(body), Ok(runtime)) = (rest, tokio::runtime::Handle::try_current()) {
                runtime.spawn(drain(body));
            }
        }
        self.decoder = SseDecoder::new();
        // The span records what the events told, and closes.
        #[cfg(feature = "telemetry")]
        {
            self.watch = None;
        }
    }
}

/// At most this much of a body is read after its stream ended, and for at most this long.
const DRAIN_BYTES: usize = 64 * 1024;
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(5);

/// Reads the rest of `body` (normally only the end of its chunked encoding), within bounds.
async fn drain(mut body: Body) {
    let reading = async {
        let mut left = DRAIN_BYTES;
        while let Some(Ok(chunk)) = body.next().await {
            left = match left.checked_sub(chunk.len()) {
                Some(left) => left,
                None => return,
            };
        }
    };
    let _ = tokio::time::timeout(DRAIN_TIME, reading).await;
}

impl<T> EventStream<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `x-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }

    /// The rate limits this response reports (`x-ratelimit-*`), if any.
    pub fn rate_limit(&self) -> Option<crate::runtime::rate_limit::RateLimit> {
        crate::runtime::rate_limit::RateLimit::from_headers(&self.headers)
    }
}

impl<T: StreamEvent> Stream for EventStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            while let Some(event) = this.decoder.next_event() {
                #[cfg(feature = "telemetry")]
                if let (Some(watch), Ok(event)) = (&mut this.watch, &event) {
                    watch.event(&event.data);
                }
                match this.step(event) {
                    Step::Item(item) => return Poll::Ready(Some(item)),
                    Step::Skip => {}
                    Step::End(last) => {
                        this.finish(cx);
                        return Poll::Ready(last);
                    }
                }
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            match ready!(body.poll_next_unpin(cx)) {
                Some(Ok(chunk)) => this.decoder.feed(&chunk),
                // Nothing to drain from a broken or finished body.
                Some(Err(e)) => {
                    this.body = None;
                    this.finish(cx);
                    return Poll::Ready(Some(Err(e)));
                }
                // An event cut off by the end of the body is dropped, as the rules say.
                None => {
                    this.body = None;
                    this.finish(cx);
                    return Poll::Ready(None);
                }
            }
        }
    }
}
