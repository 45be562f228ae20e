//! The one error type of the SDK.
//!
//! Status errors have a variant per kind (as the official SDKs have a class per kind), so a
//! caller can `match` on what happened and still reach every detail of the response.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// Any error, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No response: the connection could not be made, or broke.
    #[error("connection error: {message}")]
    Connection {
        /// What the transport said.
        message: String,
        /// The underlying error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The request took longer than its timeout.
    #[error("request timed out")]
    Timeout,
    /// 400 Bad Request.
    #[error("{0}")]
    BadRequest(Box<ApiError>),
    /// 401 Unauthorized: the API key is missing, wrong or revoked.
    #[error("{0}")]
    Authentication(Box<ApiError>),
    /// 403 Forbidden.
    #[error("{0}")]
    PermissionDenied(Box<ApiError>),
    /// 404 Not Found.
    #[error("{0}")]
    NotFound(Box<ApiError>),
    /// 409 Conflict.
    #[error("{0}")]
    Conflict(Box<ApiError>),
    /// 422 Unprocessable Entity.
    #[error("{0}")]
    UnprocessableEntity(Box<ApiError>),
    /// 429 Too Many Requests: a rate limit or quota.
    #[error("{0}")]
    RateLimit(Box<ApiError>),
    /// 500 or above.
    #[error("{0}")]
    InternalServer(Box<ApiError>),
    /// Any other non-success status.
    #[error("{0}")]
    Status(Box<ApiError>),
    /// An error the API reported inside an event stream, after a successful status. The
    /// stream ends with it.
    #[error("error in the event stream: {0}")]
    Stream(Box<ApiError>),
    /// A successful response whose body does not fit the expected type. The body is kept.
    #[error("could not decode the response body{}: {message}", request_id_suffix(.request_id))]
    Decode {
        /// What serde said, with the path to the offending value.
        message: String,
        /// The HTTP status.
        status: StatusCode,
        /// The `x-request-id` header, if any.
        request_id: Option<String>,
        /// The raw body.
        body: Bytes,
    },
    /// A reply (a message's content, output text, a tool call's arguments) that does not
    /// parse as the type asked for. The text is kept.
    #[error("could not parse {what} as `{target}`: {message}")]
    Parse {
        /// What was parsed.
        what: &'static str,
        /// The type it was parsed as.
        target: &'static str,
        /// What serde said, with the line and column.
        message: String,
        /// The text.
        text: String,
    },
    /// A chat completion cut short by the length limit, where content was to be parsed: it
    /// cannot be whole (openai-python's `LengthFinishReasonError`).
    #[error("could not parse the response content as the length limit was reached{}", .usage.as_deref().map(|u| format!(" - {u}")).unwrap_or_default())]
    LengthFinishReason {
        /// The completion (in a stream: assembled so far), a `ChatCompletion`:
        /// [`Error::length_limited_completion`] gives it typed. (Kept untyped here so the
        /// error is the same whatever the spec.)
        completion: Box<dyn std::any::Any + Send + Sync>,
        /// The completion's token usage, as text.
        usage: Option<String>,
    },
    /// A chat completion stopped by the content filter, where content was to be parsed
    /// (openai-python's `ContentFilterFinishReasonError`).
    #[error("could not parse the response content as the request was rejected by the content filter")]
    ContentFilterFinishReason,
    /// A JSON Schema that strict Structured Outputs cannot take; found before sending.
    #[error(transparent)]
    Schema(SchemaError),
    /// A polling helper gave up: the object did not reach a terminal state in time.
    #[error("polling gave up after {0:?} without reaching a terminal state")]
    PollTimeout(std::time::Duration),
    /// The events of a stream could not be assembled into the final value a helper
    /// returns (a Responses stream that ended without `response.completed`, say).
    #[error("the stream could not be assembled: {0}")]
    Assemble(String),
    /// A webhook whose signature, timestamp or payload is not acceptable.
    #[error("webhook verification failed: {0}")]
    Webhook(WebhookError),
    /// A local file could not be read or written (an upload's source, a download's target).
    #[error("{}: {source}", .path.display())]
    File {
        /// The file.
        path: std::path::PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A body could not be written to the caller's writer
    /// (`blocking::Download::write_to`).
    #[error("writing the body failed: {0}")]
    Write(#[source] std::io::Error),
    /// A request the SDK refused to send (for example an empty path parameter).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client is not configured well enough to send anything (for example no API key).
    #[error("configuration error: {0}")]
    Config(String),
    /// A WebSocket message could not be sent (the connection is closed, or the queue of
    /// messages waiting for a reconnection is full).
    #[error("WebSocket error: {0}")]
    Socket(String),
    /// A WebSocket connection ended for good: closed by the server with an error code, or
    /// dropped and not reconnected. Ends the connection's event stream.
    #[error("the WebSocket connection closed (code {code}{}){}", if reason.is_empty() { String::new() } else { format!(": {reason}") }, if unsent.is_empty() { String::new() } else { format!(" with {} messages unsent", unsent.len()) })]
    SocketClosed {
        /// The close code (1006 when the connection dropped without one).
        code: u16,
        /// The close reason, or what broke.
        reason: String,
        /// Messages sent while reconnecting that never went out, in order.
        unsent: Vec<String>,
    },
}

fn request_id_suffix(id: &Option<String>) -> String {
    id.as_ref().map(|id| format!(" (request id {id})")).unwrap_or_default()
}

impl Error {
    /// The API error behind any status variant.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Authentication(e)
            | Error::PermissionDenied(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::UnprocessableEntity(e)
            | Error::RateLimit(e)
            | Error::InternalServer(e)
            | Error::Status(e)
            | Error::Stream(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, for status and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            other => other.api_error().map(|e| e.status),
        }
    }

    /// The rate limits the response reports (`x-ratelimit-*`), for status errors
    /// ([`Error::RateLimit`] above all).
    pub fn rate_limit(&self) -> Option<crate::runtime::rate_limit::RateLimit> {
        self.api_error().and_then(ApiError::rate_limit)
    }

    /// The `x-request-id` of the response, for status and decode errors.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode { request_id, .. } => request_id.as_deref(),
            other => other.api_error().and_then(|e| e.request_id.as_deref()),
        }
    }

    /// The error for a non-success response.
    pub(crate) fn from_status(status: StatusCode, headers: HeaderMap, body: Bytes) -> Error {
        let api = Box::new(ApiError::new(status, headers, body));
        match status.as_u16() {
            400 => Error::BadRequest(api),
            401 => Error::Authentication(api),
            403 => Error::PermissionDenied(api),
            404 => Error::NotFound(api),
            409 => Error::Conflict(api),
            422 => Error::UnprocessableEntity(api),
            429 => Error::RateLimit(api),
            s if s >= 500 => Error::InternalServer(api),
            _ => Error::Status(api),
        }
    }

    /// A transport failure: a timeout reqwest reports (its client's own), or a connection error.
    pub(crate) fn transport(source: reqwest::Error) -> Error {
        if source.is_timeout() { Error::Timeout } else { Error::connection(source) }
    }

    /// A connection error from any boxed error (a transport's).
    pub(crate) fn boxed_connection(source: Box<dyn std::error::Error + Send + Sync>) -> Error {
        Error::Connection { message: error_chain(&*source), source: Some(source) }
    }

    pub(crate) fn connection(source: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::Connection { message: error_chain(&source), source: Some(Box::new(source)) }
    }
}

/// `error: cause: cause`, since transport errors hide the useful part in their sources.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// A non-success response from the API.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `x-request-id` header: quote it when you contact support.
    pub request_id: Option<String>,
    /// All response headers.
    pub headers: HeaderMap,
    /// `error.message`, or the whole body when it is not the API's JSON error shape.
    pub message: String,
    /// `error.type` (`invalid_request_error`, ...).
    pub error_type: Option<String>,
    /// `error.code`, a string or a number in the API.
    pub code: Option<ErrorCode>,
    /// `error.param`: the parameter at fault.
    pub param: Option<String>,
    /// The parsed body, when it is JSON.
    pub body: Option<Value>,
    /// The raw body.
    pub raw_body: Bytes,
}

/// `error.code`, which the API sends as a string or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// A string code (`invalid_api_key`).
    String(String),
    /// A numeric code.
    Number(i64),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::String(s) => f.write_str(s),
            ErrorCode::Number(n) => write!(f, "{n}"),
        }
    }
}

impl ApiError {
    /// The rate limits the response reports (`x-ratelimit-*`), if any: on a 429, which
    /// budget ran out and when it is full again.
    pub fn rate_limit(&self) -> Option<crate::runtime::rate_limit::RateLimit> {
        crate::runtime::rate_limit::RateLimit::from_headers(&self.headers)
    }

    pub(crate) fn new(status: StatusCode, headers: HeaderMap, raw_body: Bytes) -> ApiError {
        let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(String::from);
        let body: Option<Value> = serde_json::from_slice(&raw_body).ok();
        // The API wraps the details in `error`; some proxies send them at the top level.
        let details = body.as_ref().map(|b| match b.get("error") {
            Some(e) if e.is_object() => e,
            _ => b,
        });
        let text = |key: &str| details.and_then(|d| d.get(key)).and_then(Value::as_str).map(String::from);
        let message = text("message").unwrap_or_else(|| {
            let raw = String::from_utf8_lossy(&raw_body).trim().to_string();
            if raw.is_empty() { status.canonical_reason().unwrap_or("error").to_string() } else { raw }
        });
        let code = details.and_then(|d| d.get("code")).and_then(|c| match c {
            Value::String(s) => Some(ErrorCode::String(s.clone())),
            Value::Number(n) => n.as_i64().map(ErrorCode::Number),
            _ => None,
        });
        ApiError {
            status,
            request_id,
            headers,
            message,
            error_type: text("type"),
            code,
            param: text("param"),
            body,
            raw_body,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.message)?;
        if let Some(code) = &self.code {
            write!(f, " (code {code})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No secret: none given, none on the client, and no `OPENAI_WEBHOOK_SECRET`.
    #[error(
        "no webhook secret: pass one, set it on the client (ClientBuilder::webhook_secret), or set OPENAI_WEBHOOK_SECRET"
    )]
    NoSecret,
    /// The secret starts with `whsec_` but the rest is not base64.
    #[error("the webhook secret starts with `whsec_` but is not valid base64 after it")]
    InvalidSecret,
    /// A required header is missing (or is not text).
    #[error("missing header `{0}`")]
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a whole number of seconds.
    #[error("`webhook-timestamp` is not a whole number of seconds: `{0}`")]
    InvalidTimestamp(String),
    /// The timestamp is older than now minus the tolerance.
    #[error("the webhook timestamp is too old ({age_seconds} s ago; tolerance {tolerance_seconds} s)")]
    TooOld {
        /// How long ago it was.
        age_seconds: u64,
        /// The tolerance applied.
        tolerance_seconds: u64,
    },
    /// The timestamp is newer than now plus the tolerance.
    #[error("the webhook timestamp is too new ({ahead_seconds} s ahead; tolerance {tolerance_seconds} s)")]
    TooNew {
        /// How far ahead it is.
        ahead_seconds: u64,
        /// The tolerance applied.
        tolerance_seconds: u64,
    },
    /// No candidate in `webhook-signature` matches.
    #[error("no signature in `webhook-signature` matches the payload")]
    NoMatchingSignature,
    /// The signature matched, but the payload is not a JSON event.
    #[error("the payload is not a valid event: {0}")]
    InvalidPayload(String),
}

/// `?` on a strict tool or schema built from a Rust type, in a function returning
/// [`Result`]: `let tool = StrictFunctionTool::new::<Args>("lookup")?;`.
impl From<SchemaError> for Error {
    fn from(e: SchemaError) -> Self {
        Error::Schema(e)
    }
}

impl From<WebhookError> for Error {
    fn from(e: WebhookError) -> Self {
        Error::Webhook(e)
    }
}

/// A schema that cannot be made strict: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the JSON schema cannot be used with strict Structured Outputs at `{path}`: {message}")]
pub struct SchemaError {
    /// JSON pointer to the offending part (`#/properties/tags`).
    pub path: String,
    /// What is wrong, and what to do instead.
    pub message: String,
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
