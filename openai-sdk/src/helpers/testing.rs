//! Test doubles for applications (feature `testing`): a transport that answers from canned
//! responses and records every request, and record-and-replay of real exchanges. No
//! server, no network: an application's own tests call its code with a client from
//! [`MockTransport::client`] and assert on what it sent.
//!
//! ```
//! # async fn run() -> openai_sdk::Result<()> {
//! use openai_sdk::testing::{MockResponse, MockTransport};
//! use serde_json::json;
//!
//! let mock = MockTransport::new();
//! // By operation, as the SDK's methods name it...
//! mock.on_operation("chat.completions.create").respond(MockResponse::error(429, "Slow down").header("retry-after", "0"));
//! // ...or by method and path below the base URL.
//! mock.on("GET", "/models").respond(MockResponse::json(json!({"object": "list", "data": []})));
//!
//! let client = mock.client();
//! let models = client.get("/models").await?;
//! assert_eq!(models["object"], "list");
//! assert_eq!(mock.requests()[0].path, "/models");
//! # Ok(()) }
//! ```
//!
//! Every clone of a [`MockTransport`] shares its routes and its record of requests.

use std::collections::VecDeque;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::BodyExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::runtime::transport::{AttemptInfo, HttpRequest, HttpResponse, Transport};
use crate::runtime::{BoxError, Client, ClientBuilder, Error, Result};

/// The base URL of a [`MockTransport::client`]: nothing listens there, and nothing is sent.
pub const MOCK_BASE_URL: &str = "http://openai-sdk.mock/v1";

/// A canned response: a status, headers and a body (JSON, server-sent events or any bytes).
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl MockResponse {
    /// A 200 with `body` as JSON.
    pub fn json(body: impl Serialize) -> MockResponse {
        let body = serde_json::to_vec(&body).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}").into_bytes());
        MockResponse::bytes(body).header("content-type", "application/json")
    }

    /// A 200 streaming `events` as server-sent events, one `data:` line of JSON each; an
    /// event with a string `type` (the Responses API's) also gets that `event:` line. Chat
    /// streams end with `data: [DONE]`: add it with [`sse_text`](Self::sse_text), or leave
    /// it out (the stream ends with the body either way).
    pub fn sse(events: impl IntoIterator<Item = Value>) -> MockResponse {
        let mut text = String::new();
        for event in events {
            if let Some(kind) = event.get("type").and_then(Value::as_str) {
                text.push_str(&format!("event: {kind}\n"));
            }
            text.push_str(&format!("data: {event}\n\n"));
        }
        MockResponse::sse_text(text)
    }

    /// A 200 whose body is `text`, exactly, as `text/event-stream`.
    pub fn sse_text(text: impl Into<String>) -> MockResponse {
        MockResponse::bytes(text.into()).header("content-type", "text/event-stream")
    }

    /// A 200 whose body is `body`, exactly (a file's contents, audio).
    pub fn bytes(body: impl Into<Bytes>) -> MockResponse {
        MockResponse { status: StatusCode::OK, headers: HeaderMap::new(), body: body.into() }
    }

    /// A status error with the API's JSON error body (`{"error": {"message": ...}}`), as
    /// the API sends it.
    pub fn error(status: u16, message: &str) -> MockResponse {
        MockResponse::json(serde_json::json!({"error": {"message": message, "type": "invalid_request_error"}}))
            .status(status)
    }

    /// The status (default 200). A status that is not one (`1000`, say) is a 500.
    pub fn status(mut self, status: u16) -> MockResponse {
        self.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        self
    }

    /// A header (`x-request-id`, `retry-after`, `x-ratelimit-remaining-requests`, ...). A
    /// name or value that is not valid in a header is left out.
    pub fn header(mut self, name: &str, value: &str) -> MockResponse {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.headers.insert(name, value);
        }
        self
    }

    fn to_http(&self) -> HttpResponse {
        let mut response = http::Response::new(reqwest::Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// A request the transport received.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The HTTP method.
    pub method: Method,
    /// The path below the base URL (`/chat/completions`).
    pub path: String,
    /// The whole URL, query included.
    pub url: String,
    /// The operation as the SDK's methods name it (`chat.completions.create`); `None` for a
    /// custom request.
    pub operation: Option<&'static str>,
    /// Which try it was: 1 for the first, 2 for the first retry, ...
    pub attempt: u32,
    /// The headers, credentials included (a test may check them).
    pub headers: HeaderMap,
    /// The body as sent (a multipart form with its boundaries).
    pub body: Bytes,
}

impl RecordedRequest {
    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// A query parameter's value.
    pub fn query(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.url).ok()?;
        url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }
}

/// Which requests a route answers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    Path { method: Method, path: String },
    Operation(String),
}

impl Matcher {
    fn matches(&self, method: &Method, info: &AttemptInfo) -> bool {
        match self {
            Matcher::Path { method: m, path } => m == method && *path == info.path,
            Matcher::Operation(name) => info.operation == Some(name.as_str()),
        }
    }
}

#[derive(Debug)]
struct Route {
    matcher: Matcher,
    /// Given in order; the last one answers every later request.
    responses: VecDeque<MockResponse>,
}

#[derive(Debug, Default)]
struct State {
    routes: Vec<Route>,
    requests: Vec<RecordedRequest>,
}

/// A transport that answers from canned responses, matched by method and path
/// ([`on`](Self::on)) or by operation ([`on_operation`](Self::on_operation)), and records
/// every request. A request no route answers gets a 404 whose message says so.
#[derive(Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockTransport").field("routes", &state.routes).field("requests", &state.requests.len()).finish()
    }
}

/// Adds responses to a route of a [`MockTransport`].
#[derive(Debug)]
#[must_use = "a route answers nothing until it is given a response"]
pub struct RouteBuilder<'a> {
    mock: &'a MockTransport,
    matcher: Matcher,
}

impl RouteBuilder<'_> {
    /// Answers with `response`; called again, the route answers with each in turn, the
    /// last one for every later request (a 429 then a 200 tests a retry).
    pub fn respond(self, response: MockResponse) -> Self {
        let mut state = self.mock.lock();
        match state.routes.iter_mut().find(|r| r.matcher == self.matcher) {
            Some(route) => route.responses.push_back(response),
            None => state.routes.push(Route { matcher: self.matcher.clone(), responses: VecDeque::from([response]) }),
        }
        drop(state);
        self
    }
}

impl MockTransport {
    /// A transport with no routes.
    pub fn new() -> MockTransport {
        MockTransport::default()
    }

    /// A route for `method` (`"POST"`) and `path` below the base URL (`/chat/completions`).
    /// An invalid method matches nothing.
    pub fn on(&self, method: &str, path: &str) -> RouteBuilder<'_> {
        let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap_or(Method::CONNECT);
        RouteBuilder { mock: self, matcher: Matcher::Path { method, path: path.to_owned() } }
    }

    /// A route for an operation as the SDK's methods name it (`chat.completions.create`,
    /// `files.list`), whatever its path.
    pub fn on_operation(&self, operation: &str) -> RouteBuilder<'_> {
        RouteBuilder { mock: self, matcher: Matcher::Operation(operation.to_owned()) }
    }

    /// Every request received so far, retries included, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The transport, for [`ClientBuilder::transport`].
    pub fn transport(&self) -> Transport {
        let mock = self.clone();
        Transport::new(tower::service_fn(move |request: HttpRequest| {
            let mock = mock.clone();
            async move { mock.answer(request).await }
        }))
    }

    /// A client that sends only here: a test key, [`MOCK_BASE_URL`], the environment
    /// ignored, retries and timeouts as any client's. For other settings, start from
    /// [`client_builder`](Self::client_builder).
    pub fn client(&self) -> Client {
        // Nothing in this builder can fail: every setting is fixed and valid.
        self.client_builder().build().unwrap_or_else(|e| unreachable!("the mock client's settings are valid: {e}"))
    }

    /// A builder set up as [`client`](Self::client)'s, to change before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().read_env(false).api_key("sk-test").base_url(MOCK_BASE_URL).transport(self.transport())
    }

    async fn answer(&self, request: HttpRequest) -> std::result::Result<HttpResponse, BoxError> {
        let (head, body) = request.into_parts();
        let body = body.collect().await?.to_bytes();
        let info = head.extensions.get::<AttemptInfo>().cloned().unwrap_or_else(|| AttemptInfo {
            operation: None,
            path: head.uri.path().to_owned(),
            attempt: 1,
        });
        let mut state = self.lock();
        let route = state.routes.iter_mut().find(|r| r.matcher.matches(&head.method, &info));
        let response = match route {
            Some(route) if route.responses.len() > 1 => route.responses.pop_front(),
            Some(route) => route.responses.front().cloned(),
            None => None,
        };
        let response = response.unwrap_or_else(|| {
            let operation = info.operation.map(|o| format!(" ({o})")).unwrap_or_default();
            MockResponse::error(
                404,
                &format!("openai_sdk::testing: no canned response for {} {}{operation}", head.method, info.path),
            )
        });
        state.requests.push(RecordedRequest {
            method: head.method,
            path: info.path,
            url: head.uri.to_string(),
            operation: info.operation,
            attempt: info.attempt,
            headers: head.headers,
            body,
        });
        Ok(response.to_http())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked mid-request leaves whole values behind.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A transport that replays the exchanges of a recording ([`Recorder`]): each
    /// request is answered by the next recorded response of its method and path, the last
    /// one for every later request.
    pub fn from_recording(path: impl AsRef<Path>) -> Result<MockTransport> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Config(format!("cannot read the recording {}: {e}", path.display())))?;
        let recording: Recording = serde_json::from_str(&text)
            .map_err(|e| Error::Config(format!("{} is not a recording: {e}", path.display())))?;
        let mock = MockTransport::new();
        for exchange in recording.exchanges {
            let mut response = MockResponse::bytes(exchange.response.body).status(exchange.response.status);
            for (name, value) in &exchange.response.headers {
                response = response.header(name, value);
            }
            let _ = mock.on(&exchange.method, &exchange.path).respond(response);
        }
        Ok(mock)
    }
}

/// A file of recorded exchanges: what [`Recorder`] writes and
/// [`MockTransport::from_recording`] reads.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Recording {
    exchanges: Vec<Exchange>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Exchange {
    method: String,
    path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    operation: Option<String>,
    /// The request body as JSON when it is, for reading the recording; replay matches by
    /// method and path alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request_body: Option<Value>,
    response: RecordedResponse,
}

#[derive(Debug, Serialize, Deserialize)]
struct RecordedResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// A tower layer that records every exchange through it to a JSON file, for
/// [`MockTransport::from_recording`] to replay: run a test once against the API with the
/// recorder, commit the file, replay it from then on.
///
/// ```no_run
/// # fn run() -> openai_sdk::Result<()> {
/// let recorder = openai_sdk::testing::Recorder::new("tests/recordings/summary.json");
/// let client = openai_sdk::Client::builder().layer(recorder).build()?;
/// # Ok(()) }
/// ```
///
/// Request headers are not recorded (they carry the key), nor are `set-cookie` response
/// headers. Each response is read whole before it is passed on, so a stream arrives at
/// once while recording. The file is written again after each exchange.
#[derive(Debug, Clone)]
pub struct Recorder {
    path: Arc<PathBuf>,
    recording: Arc<Mutex<Recording>>,
}

impl Recorder {
    /// A recorder writing to `path` (created, or replaced at the first exchange).
    pub fn new(path: impl Into<PathBuf>) -> Recorder {
        Recorder { path: Arc::new(path.into()), recording: Arc::default() }
    }

    async fn exchange(&self, inner: Transport, request: HttpRequest) -> std::result::Result<HttpResponse, BoxError> {
        use tower::ServiceExt;
        let info = request.extensions().get::<AttemptInfo>().cloned();
        let (head, body) = request.into_parts();
        let body = body.collect().await?.to_bytes();
        let mut exchange = Exchange {
            method: head.method.to_string(),
            path: info.as_ref().map_or_else(|| head.uri.path().to_owned(), |i| i.path.clone()),
            operation: info.and_then(|i| i.operation).map(String::from),
            request_body: serde_json::from_slice(&body).ok(),
            response: RecordedResponse { status: 0, headers: Vec::new(), body: String::new() },
        };
        let request = http::Request::from_parts(head, reqwest::Body::from(body));
        let response = inner.oneshot(request).await?;
        let (head, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        exchange.response = RecordedResponse {
            status: head.status.as_u16(),
            headers: head
                .headers
                .iter()
                .filter(|(name, _)| *name != http::header::SET_COOKIE)
                .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
                .collect(),
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        self.save(exchange)?;
        Ok(http::Response::from_parts(head, reqwest::Body::from(body)))
    }

    fn save(&self, exchange: Exchange) -> Result<()> {
        let mut recording = self.recording.lock().unwrap_or_else(PoisonError::into_inner);
        recording.exchanges.push(exchange);
        let text = serde_json::to_string_pretty(&*recording).map_err(|e| Error::Config(e.to_string()))?;
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| self.write_error(e))?;
        }
        std::fs::write(&*self.path, text).map_err(|e| self.write_error(e))
    }

    fn write_error(&self, e: std::io::Error) -> Error {
        Error::Config(format!("cannot write the recording {}: {e}", self.path.display()))
    }
}

impl tower::Layer<Transport> for Recorder {
    type Service = Transport;

    fn layer(&self, inner: Transport) -> Transport {
        let recorder = self.clone();
        Transport::new(tower::service_fn(move |request: HttpRequest| {
            let (recorder, inner) = (recorder.clone(), inner.clone());
            async move { recorder.exchange(inner, request).await }
        }))
    }
}
