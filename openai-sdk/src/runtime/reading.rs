//! How much of a response a request reads before it resolves: the whole body, or only the
//! head with the body left on the wire. The response type decides, once
//! ([`FromResponse::Body`](crate::runtime::request::FromResponse::Body)); the send path reads
//! each attempt accordingly.

use std::future::Future;

use reqwest::header::HeaderMap;

use crate::runtime::error::Result;
use crate::runtime::response::{RawResponse, StreamingResponse};
use crate::runtime::timeout::Limits;

/// How much of a response a request reads before it resolves: the whole body, or only the
/// head with the body left on the wire. Decided by the response type, once.
#[doc(hidden)]
pub trait ReadBody: sealed::Read {
    /// A successful response, as read.
    type Received: Send + 'static;
}

/// How a [`ReadBody`] reads; sealed, as only the SDK's own readings fit its send path.
// No code outside the crate can name `sealed::Read`, so its crate-private argument types
// stay private.
#[allow(private_interfaces)]
pub(crate) mod sealed {
    use super::*;

    pub trait Read: Send + 'static {
        /// Whether the body is left to stream.
        const STREAMS: bool;
        /// Reads `response` as far as this reading goes: a failed one is always read
        /// whole, for its error.
        fn read(
            response: reqwest::Response,
            limits: Limits,
        ) -> impl Future<Output = Result<Outcome<<Self as ReadBody>::Received>>> + Send
        where
            Self: ReadBody;
        /// The status and headers of a successful response, for the log.
        fn head(received: &<Self as ReadBody>::Received) -> (reqwest::StatusCode, &HeaderMap)
        where
            Self: ReadBody;
        /// Hands a successful response's span what it records: a whole body now, a stream
        /// as it ends.
        #[cfg(feature = "telemetry")]
        fn observe(received: &mut <Self as ReadBody>::Received, span: crate::runtime::telemetry::OperationSpan)
        where
            Self: ReadBody;
    }
}

/// What one attempt gave.
#[doc(hidden)]
pub enum Outcome<R> {
    /// A successful status.
    Success(R),
    /// Any other status, the body read whole.
    Failed(RawResponse),
}

/// The whole body is read, then decoded.
#[doc(hidden)]
#[derive(Debug)]
pub enum Whole {}

/// Only the head is read; the body streams as the caller reads it.
#[doc(hidden)]
#[derive(Debug)]
pub enum Streamed {}

impl ReadBody for Whole {
    type Received = RawResponse;
}

#[allow(private_interfaces)] // Sealed: see `reading`.
impl sealed::Read for Whole {
    const STREAMS: bool = false;

    async fn read(response: reqwest::Response, limits: Limits) -> Result<Outcome<RawResponse>> {
        let raw = read_whole(response, limits).await?;
        Ok(if raw.status().is_success() { Outcome::Success(raw) } else { Outcome::Failed(raw) })
    }

    fn head(raw: &RawResponse) -> (reqwest::StatusCode, &HeaderMap) {
        (raw.status(), raw.headers())
    }

    #[cfg(feature = "telemetry")]
    fn observe(raw: &mut RawResponse, span: crate::runtime::telemetry::OperationSpan) {
        span.record_body(raw.status(), raw.body());
    }
}

impl ReadBody for Streamed {
    type Received = StreamingResponse;
}

#[allow(private_interfaces)] // Sealed: see `reading`.
impl sealed::Read for Streamed {
    const STREAMS: bool = true;

    async fn read(response: reqwest::Response, limits: Limits) -> Result<Outcome<StreamingResponse>> {
        if response.status().is_success() {
            Ok(Outcome::Success(StreamingResponse::new(response, limits)))
        } else {
            Ok(Outcome::Failed(read_whole(response, limits).await?))
        }
    }

    fn head(response: &StreamingResponse) -> (reqwest::StatusCode, &HeaderMap) {
        (response.status(), response.headers())
    }

    #[cfg(feature = "telemetry")]
    fn observe(response: &mut StreamingResponse, span: crate::runtime::telemetry::OperationSpan) {
        response.watch = Some(span.watch_stream(response.status()));
    }
}

/// The whole of `response`, each wait bounded by `limits` (so a connection lost mid-body is
/// retried like any other).
async fn read_whole(response: reqwest::Response, limits: Limits) -> Result<RawResponse> {
    let (parts, body) = http::Response::from(response).into_parts();
    let body = crate::runtime::response::read_body(http_body_util::BodyDataStream::new(body), limits).await?;
    Ok(RawResponse::new(parts.status, parts.headers, body))
}
