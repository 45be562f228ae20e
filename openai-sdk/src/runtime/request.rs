//! What a request is before it is sent: its description, per-request options, and the
//! awaitable [`ApiRequest`] every call returns.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use futures_util::future::FutureExt;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::runtime::client::Client;
use crate::runtime::config::insert_header;
use crate::runtime::error::{Error, Result};
use crate::runtime::response::{ApiResponse, Binary, RawResponse, StreamingResponse};
use crate::runtime::stream::{EventStream, StreamEvent};
use crate::runtime::timeout::{Limits, Timeout};

/// Which credential a request uses. Each generated method names its operation's (from the
/// spec's `security`); custom requests use [`AuthScope::Custom`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthScope {
    /// The API key.
    Api,
    /// The admin key, else the API key (the administration endpoints).
    Admin,
    /// The API key, else the admin key: a custom request (`client.post(path)`), whose
    /// operation the SDK does not know.
    Custom,
}

/// A request body.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// No body.
    Empty,
    /// A JSON body, serialised once (extra fields are merged in when the request is sent).
    Json(bytes::Bytes),
    /// A multipart form.
    Multipart(Vec<crate::runtime::multipart::FormField>),
}

/// Everything needed to send a request (and to send it again on retry).
#[derive(Debug, Clone)]
pub(crate) struct RequestSpec {
    pub method: Method,
    /// Path below the base URL, starting with `/`, parameters already encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Body,
    pub auth: AuthScope,
    /// The `OpenAI-Beta` header the operation is sent with.
    pub beta: Option<&'static str>,
    /// Whether Azure OpenAI serves the operation per deployment (`/deployments/{model}/...`).
    pub azure_deployment: bool,
    /// The body asks for a stream, but the method returns a whole response: the name of
    /// its `_stream` twin, for the error that replaces sending.
    pub stream_twin: Option<&'static str>,
}

impl RequestSpec {
    /// A request to `path` (which must start with `/`), with the API key, no beta header and
    /// no Azure deployment routing until the operation says otherwise.
    pub(crate) fn new(method: Method, path: impl Into<String>, auth: AuthScope) -> RequestSpec {
        RequestSpec {
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::Empty,
            auth,
            beta: None,
            azure_deployment: false,
            stream_twin: None,
        }
    }
}

/// Options for one request, overriding the client's. Set them on any call
/// (`.timeout(...)`), or for every call of a derived client ([`Client::with_options`]).
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Timeout,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: HeaderMap,
    /// Headers left out of the request, whoever would set them.
    pub(crate) omitted: Vec<HeaderName>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Map<String, Value>,
    /// A header that could not be parsed, reported when the request is sent.
    pub(crate) invalid: Option<String>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Timeouts of each attempt (see [`Timeout`]): a `Duration` sets the read timeout.
    pub fn timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.timeout = timeout.into().or(self.timeout);
        self
    }

    /// Retries after the first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// An extra header; it wins over any other of that name.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match insert_header(&mut self.headers, name.as_ref(), value.as_ref()) {
            Ok(name) => self.omitted.retain(|omitted| *omitted != name),
            Err(e) => {
                self.invalid.get_or_insert(e.to_string());
            }
        }
        self
    }

    /// Leaves header `name` out, whoever would set it: a default header of the client, one
    /// the SDK sends (`x-stainless-retry-count`, `OpenAI-Beta`, even `Authorization`), or an
    /// earlier option. openai-python's `Omit()`.
    pub fn omit_header(mut self, name: impl AsRef<str>) -> Self {
        match HeaderName::from_bytes(name.as_ref().as_bytes()) {
            Ok(name) => {
                self.headers.remove(&name);
                if !self.omitted.contains(&name) {
                    self.omitted.push(name);
                }
            }
            Err(_) => {
                self.invalid.get_or_insert(format!("`{}` is not a valid header name", name.as_ref()));
            }
        }
        self
    }

    /// An extra query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// An extra field merged into the JSON body; it wins over a field of the same name.
    pub fn body_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.body.insert(name.into(), value.into());
        self
    }

    /// No options, for requests that set none.
    pub(crate) fn none() -> &'static RequestOptions {
        static NONE: std::sync::LazyLock<RequestOptions> = std::sync::LazyLock::new(RequestOptions::default);
        &NONE
    }

    /// Whether these options override nothing.
    pub(crate) fn is_empty(&self) -> bool {
        let RequestOptions { timeout, max_retries, headers, omitted, query, body, invalid } = self;
        *timeout == Timeout::new()
            && max_retries.is_none()
            && headers.is_empty()
            && omitted.is_empty()
            && query.is_empty()
            && body.is_empty()
            && invalid.is_none()
    }

    /// `self`, overridden by whatever `other` sets.
    pub(crate) fn merged(&self, other: &RequestOptions) -> RequestOptions {
        let mut merged = self.clone();
        merged.timeout = other.timeout.or(self.timeout);
        merged.max_retries = other.max_retries.or(self.max_retries);
        for name in &other.omitted {
            merged.headers.remove(name);
            if !merged.omitted.contains(name) {
                merged.omitted.push(name.clone());
            }
        }
        for (name, value) in &other.headers {
            merged.omitted.retain(|omitted| omitted != name);
            merged.headers.insert(name.clone(), value.clone());
        }
        merged.query.extend(other.query.iter().cloned());
        merged.body.extend(other.body.iter().map(|(k, v)| (k.clone(), v.clone())));
        merged.invalid = other.invalid.clone().or(merged.invalid);
        merged
    }
}

/// A request ready to send: `.await` it for the typed response, or call
/// [`raw`](Self::raw) or [`streaming`](Self::streaming). Options set here apply to it alone.
#[must_use = "a request does nothing until it is awaited"]
pub struct ApiRequest<T> {
    draft: Draft,
    _response: PhantomData<fn() -> T>,
}

/// An [`ApiRequest`] without its response type: every builder step works on this, so
/// the steps are compiled once rather than once per response type.
#[derive(Debug)]
pub(crate) struct Draft {
    client: Client,
    spec: Result<RequestSpec>,
    /// Boxed, and only once one is set: most requests set none, and the sending future
    /// carries this.
    options: Option<Box<RequestOptions>>,
}

impl Draft {
    pub(crate) fn new(client: Client, spec: Result<RequestSpec>) -> Draft {
        Draft { client, spec, options: None }
    }

    fn options_mut(&mut self) -> &mut RequestOptions {
        self.options.get_or_insert_default()
    }

    fn json_body(&mut self, bytes: Result<bytes::Bytes>) {
        self.update_spec(|spec| {
            spec.body = Body::Json(bytes?);
            Ok(())
        });
    }

    fn multipart_body(&mut self, fields: Result<Vec<crate::runtime::multipart::FormField>>) {
        self.update_spec(|spec| {
            let mut fields = fields?;
            // File parts added before keep their place after the text fields.
            if let Body::Multipart(earlier) = &mut spec.body {
                fields.extend(
                    earlier.drain(..).filter(|f| matches!(f, crate::runtime::multipart::FormField::File { .. })),
                );
            }
            spec.body = Body::Multipart(fields);
            Ok(())
        });
    }

    fn file_part(&mut self, name: String, file: crate::runtime::input_file::InputFile) {
        self.update_spec(|spec| {
            let field = crate::runtime::multipart::FormField::File { name, file };
            match &mut spec.body {
                Body::Multipart(fields) => fields.push(field),
                Body::Empty => spec.body = Body::Multipart(vec![field]),
                Body::Json(_) => {
                    return Err(Error::InvalidRequest("a file part needs a multipart body, not a JSON one".into()));
                }
            }
            Ok(())
        });
    }

    fn query_params(&mut self, value: serde_json::Result<Value>) {
        self.update_spec(|spec| {
            let value =
                value.map_err(|e| Error::InvalidRequest(format!("the query parameters cannot be serialised: {e}")))?;
            spec.query.extend(query_pairs_of_value(value)?);
            Ok(())
        });
    }

    /// Applies `update` to the spec; its error, or an earlier one, is what sending reports.
    fn update_spec(&mut self, update: impl FnOnce(&mut RequestSpec) -> Result<()>) {
        if let Ok(spec) = &mut self.spec
            && let Err(e) = update(spec)
        {
            self.spec = Err(e);
        }
    }

    fn accept(&mut self, accept: Option<&'static str>) {
        if let Some(accept) = accept {
            let headers = &mut self.options_mut().headers;
            if !headers.contains_key(reqwest::header::ACCEPT) {
                headers.insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static(accept));
            }
        }
    }

    /// Sends the request, reading as much of the response as `R` reads.
    async fn send<R: ReadBody>(self) -> Result<(R::Received, SentRequest)> {
        let Draft { client, spec, options } = self;
        let spec = spec?;
        if let (Some(twin), false) = (spec.stream_twin, <R as reading::Read>::STREAMS) {
            return Err(Error::InvalidRequest(format!(
                "the request sets `stream`, but this method returns a whole response: call `{twin}` for the events"
            )));
        }
        let set = options.as_deref().unwrap_or(RequestOptions::none());
        let received = client.execute::<R>(&spec, set).await?;
        Ok((received, SentRequest { client, spec, options }))
    }
}

impl<T> std::fmt::Debug for ApiRequest<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRequest").field("spec", &self.draft.spec).field("options", &self.draft.options).finish()
    }
}

impl<T> ApiRequest<T> {
    #[inline]
    pub(crate) fn new(draft: Draft) -> Self {
        ApiRequest { draft, _response: PhantomData }
    }

    /// The request `sent` described, to send again (the next page of a list).
    pub(crate) fn from_sent(sent: SentRequest) -> Self {
        ApiRequest::new(Draft { client: sent.client, spec: Ok(sent.spec), options: sent.options })
    }

    /// The same request, resolving to another type: a JSON type,
    /// [`EventStream<E>`](crate::runtime::stream::EventStream) for a stream, [`Binary`](crate::runtime::response::Binary) for
    /// bytes, or a page ([`CursorPage<T>`](crate::CursorPage)). For a custom request:
    /// `client.post("/chat/completions").body(&body).returning::<EventStream<Value>>()`.
    #[inline]
    pub fn returning<U>(self) -> ApiRequest<U> {
        ApiRequest::new(self.draft)
    }

    /// Sends the request and decodes the body as JSON into `U`, whatever type the request
    /// was made for: `let model: ApiResponse<Model> = client.get("/models/gpt-4o").json().await?;`.
    pub fn json<U: DeserializeOwned + Send + 'static>(self) -> impl Future<Output = Result<ApiResponse<U>>> + Send {
        self.returning::<U>().into_future()
    }

    /// The body sets the stream flag (`requested`), which only the `_stream` twin can read:
    /// sending the request as it is fails with an error naming `twin`, before anything is
    /// sent (its reply would be events, not the response this method decodes).
    #[allow(dead_code)] // Unused when no group with a streaming operation is enabled.
    #[inline]
    pub(crate) fn refuse_stream(mut self, requested: bool, twin: &'static str) -> Self {
        if requested {
            self.draft.update_spec(|spec| {
                spec.stream_twin = Some(twin);
                Ok(())
            });
        }
        self
    }

    /// The operation takes the admin key (its `security` in the spec is the admin scheme).
    #[allow(dead_code)] // Unused when no group with an admin operation is enabled.
    #[inline]
    pub(crate) fn admin_credential(mut self) -> Self {
        self.draft.update_spec(|spec| {
            spec.auth = AuthScope::Admin;
            Ok(())
        });
        self
    }

    /// The operation is sent with this `OpenAI-Beta` header (`spec/operations.yaml`).
    #[allow(dead_code)] // Unused when no group with a beta operation is enabled.
    #[inline]
    pub(crate) fn beta_header(mut self, value: &'static str) -> Self {
        self.draft.update_spec(|spec| {
            spec.beta = Some(value);
            Ok(())
        });
        self
    }

    /// On Azure OpenAI, sends the request under `/deployments/{model}` (the body's `model`,
    /// or the client's fixed deployment), as Azure serves chat completions, embeddings and
    /// the other per-deployment endpoints. The generated methods of those endpoints do
    /// this already (`spec/operations.yaml` lists them); a custom request to one calls it.
    /// Elsewhere than Azure it changes nothing.
    #[inline]
    pub fn azure_per_deployment(mut self) -> Self {
        self.draft.update_spec(|spec| {
            spec.azure_deployment = true;
            Ok(())
        });
        self
    }

    /// Sets a JSON body from any serializable value.
    #[inline]
    pub fn body(mut self, body: &impl Serialize) -> Self {
        self.draft.json_body(json_bytes(body));
        self
    }

    /// Sets a multipart form body from any serializable value, its fields as text fields in
    /// bracket notation (`k[sub]`, `arr[]`). Add files with [`file`](Self::file): in a custom
    /// request the SDK does not know which fields are files (an [`InputFile`](crate::runtime::input_file::InputFile)
    /// left in `body` is sent as its file name).
    #[inline]
    pub fn multipart(mut self, body: &impl Serialize) -> Self {
        self.draft.multipart_body(crate::runtime::multipart::form_fields(body, &[]));
        self
    }

    /// Adds a file part named `name` to the multipart body (making the body multipart if it
    /// was empty); file parts follow the text fields.
    pub fn file(mut self, name: impl Into<String>, file: impl Into<crate::runtime::input_file::InputFile>) -> Self {
        self.draft.file_part(name.into(), file.into());
        self
    }

    /// A multipart body whose file fields the generated method names.
    #[allow(dead_code)] // Unused when no group with a file upload is enabled.
    #[inline]
    pub(crate) fn multipart_with_files(
        mut self,
        body: &impl Serialize,
        files: &[crate::runtime::multipart::FileField<'_>],
    ) -> Self {
        self.draft.multipart_body(crate::runtime::multipart::form_fields(body, files));
        self
    }

    /// Adds the fields of any serializable struct or map as query parameters (arrays as
    /// `k[]=v`, objects as `k[sub]=v`, `None` left out).
    #[inline]
    pub fn query_params(mut self, params: &impl Serialize) -> Self {
        self.draft.query_params(serde_json::to_value(params));
        self
    }

    /// Timeouts of each attempt of this request (see [`Timeout`]): a `Duration` sets the
    /// read timeout.
    #[inline]
    pub fn timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        let options = self.draft.options_mut();
        options.timeout = timeout.into().or(options.timeout);
        self
    }

    /// Retries after the first attempt of this request.
    #[inline]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.draft.options_mut().max_retries = Some(max_retries);
        self
    }

    /// An extra header for this request; it wins over any other of that name.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let options = std::mem::take(self.draft.options_mut());
        *self.draft.options_mut() = options.header(name, value);
        self
    }

    /// Leaves header `name` out of this request, whoever would set it (a client default
    /// header, an SDK header): openai-python's `Omit()`.
    pub fn omit_header(mut self, name: impl AsRef<str>) -> Self {
        let options = std::mem::take(self.draft.options_mut());
        *self.draft.options_mut() = options.omit_header(name);
        self
    }

    /// An extra query parameter for this request.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.draft.options_mut().query.push((name.into(), value.into()));
        self
    }

    /// An extra field merged into this request's JSON body.
    pub fn body_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.draft.options_mut().body.insert(name.into(), value.into());
        self
    }

    /// All of `options` at once, over those already set.
    pub fn options(mut self, options: RequestOptions) -> Self {
        let merged = self.draft.options_mut().merged(&options);
        *self.draft.options_mut() = merged;
        self
    }

    /// Sends the request and returns status, headers and the unparsed body.
    pub async fn raw(self) -> Result<RawResponse> {
        Ok(self.draft.send::<Whole>().await?.0)
    }

    /// Sends the request and returns as soon as the headers arrive; the body is read lazily.
    pub async fn streaming(self) -> Result<StreamingResponse> {
        Ok(self.draft.send::<Streamed>().await?.0)
    }
}

impl<T: FromResponse> IntoFuture for ApiRequest<T> {
    type Output = Result<T::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(mut self) -> Self::IntoFuture {
        self.draft.accept(T::ACCEPT);
        // A combinator rather than an `async` block, which would hold the sending future
        // twice over; the whole stays small enough for the allocator's fast path.
        let sent = self.draft.send::<T::Body>();
        Box::pin(sent.map(|sent| {
            let (received, request) = sent?;
            T::from_response(received, request)
        }))
    }
}

/// What an [`ApiRequest<T>`] gives when awaited: for a JSON type, a [`ApiResponse<T>`]; for
/// an [`EventStream`](crate::EventStream), the stream; for [`Binary`](crate::Binary), a
/// [`StreamingResponse`]; for a page type, the first page.
pub trait FromResponse: Sized + 'static {
    /// The value the request resolves to.
    type Output: Send + 'static;
    /// How much of the response is read before [`from_response`](Self::from_response):
    /// [`Whole`] or [`Streamed`].
    #[doc(hidden)]
    type Body: ReadBody;
    /// The `Accept` header the request sends, unless the caller sets one.
    #[doc(hidden)]
    const ACCEPT: Option<&'static str> = None;
    /// Builds the value from the successful response.
    #[doc(hidden)]
    fn from_response(response: <Self::Body as ReadBody>::Received, request: SentRequest) -> Result<Self::Output>;
}

/// How much of a response a request reads before it resolves: the whole body, or only the
/// head with the body left on the wire. Decided by the response type, once.
#[doc(hidden)]
pub trait ReadBody: reading::Read {
    /// A successful response, as read.
    type Received: Send + 'static;
}

/// How a [`ReadBody`] reads; sealed, as only the SDK's own readings fit its send path.
// No code outside the crate can name `reading::Read`, so its crate-private argument types
// stay private.
#[allow(private_interfaces)]
pub(crate) mod reading {
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
impl reading::Read for Whole {
    const STREAMS: bool = false;

    async fn read(response: reqwest::Response, limits: Limits) -> Result<Outcome<RawResponse>> {
        let raw = read_whole(response, limits).await?;
        Ok(if raw.status().is_success() { Outcome::Success(raw) } else { Outcome::Failed(raw) })
    }

    fn head(raw: &RawResponse) -> (reqwest::StatusCode, &HeaderMap) {
        (raw.status(), raw.headers())
    }
}

impl ReadBody for Streamed {
    type Received = StreamingResponse;
}

#[allow(private_interfaces)] // Sealed: see `reading`.
impl reading::Read for Streamed {
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
}

/// The whole of `response`, each wait bounded by `limits` (so a connection lost mid-body is
/// retried like any other).
async fn read_whole(response: reqwest::Response, limits: Limits) -> Result<RawResponse> {
    let (parts, body) = http::Response::from(response).into_parts();
    let body = crate::runtime::response::read_body(http_body_util::BodyDataStream::new(body), limits).await?;
    Ok(RawResponse::new(parts.status, parts.headers, body))
}

/// The request a response answers, kept by values that can send it again (pages).
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct SentRequest {
    pub(crate) client: Client,
    pub(crate) spec: RequestSpec,
    pub(crate) options: Option<Box<RequestOptions>>,
}

impl<T: DeserializeOwned + Send + 'static> FromResponse for T {
    type Output = ApiResponse<T>;
    type Body = Whole;

    fn from_response(response: RawResponse, _: SentRequest) -> Result<ApiResponse<T>> {
        response.into_typed()
    }
}

impl<T: StreamEvent> FromResponse for EventStream<T> {
    type Output = EventStream<T>;
    type Body = Streamed;
    const ACCEPT: Option<&'static str> = Some("text/event-stream");

    fn from_response(response: StreamingResponse, _: SentRequest) -> Result<EventStream<T>> {
        Ok(EventStream::new(response))
    }
}

impl FromResponse for Binary {
    type Output = StreamingResponse;
    type Body = Streamed;

    fn from_response(response: StreamingResponse, _: SentRequest) -> Result<StreamingResponse> {
        Ok(response)
    }
}

/// Who sends the requests a resource's methods build: the async [`Client`], whose methods
/// return an [`ApiRequest`] to await, or the blocking client
/// (`openai_sdk::blocking::Client`, feature `blocking`), whose methods return a request to
/// `send()`. The generated resources are written once, generic over it.
pub trait Caller: Clone {
    /// What a method returns for a request resolving to `T`.
    type Request<T>;
    /// The async client underneath.
    fn client(&self) -> &Client;
    /// Hands `request` over.
    fn call<T>(&self, request: ApiRequest<T>) -> Self::Request<T>;
}

impl Caller for Client {
    type Request<T> = ApiRequest<T>;

    #[inline]
    fn client(&self) -> &Client {
        self
    }

    #[inline]
    fn call<T>(&self, request: ApiRequest<T>) -> ApiRequest<T> {
        request
    }
}

/// `template` with each `{}` replaced by the next of `params`, each as one path segment.
#[allow(dead_code)] // Used by the generated methods; unused when no API group is enabled.
pub(crate) fn expand(template: &str, params: &[&str]) -> Result<String> {
    if params.is_empty() {
        return Ok(template.to_owned());
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut pieces = template.split("{}");
    out.push_str(pieces.next().unwrap_or_default());
    for (piece, param) in pieces.zip(params) {
        out.push_str(&path_segment(param)?);
        out.push_str(piece);
    }
    Ok(out)
}

/// A path parameter as one URL path segment: percent-encoded, and refused when empty, `.`
/// or `..` (which would address another resource).
pub(crate) fn path_segment(value: &str) -> Result<String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidRequest(format!(
            "`{value}` is not a valid path parameter: it must be non-empty and not `.` or `..`"
        )));
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(out)
}

/// `value` as a JSON body.
pub(crate) fn json_bytes(value: &impl Serialize) -> Result<bytes::Bytes> {
    serde_json::to_vec(value)
        .map(bytes::Bytes::from)
        .map_err(|e| Error::InvalidRequest(format!("the request body cannot be serialised: {e}")))
}

/// Query pairs for a serialized value: arrays as `k[]=v`, objects as `k[sub]=v`,
/// booleans as `true`/`false`, `null` left out.
fn query_pairs_of_value(value: Value) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                flatten_pairs(key, value, &mut out);
            }
        }
        Value::Null => {}
        other => {
            return Err(Error::InvalidRequest(format!("query parameters must be an object, not {other}")));
        }
    }
    Ok(out)
}

/// `key` and `value` as flat name/value pairs: arrays as `key[]`, objects as `key[sub]`,
/// booleans as `true`/`false`, `null` left out (query strings and multipart forms alike).
pub(crate) fn flatten_pairs(key: String, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((key, b.to_string())),
        Value::Number(n) => out.push((key, n.to_string())),
        Value::String(s) => out.push((key, s)),
        Value::Array(items) => {
            for item in items {
                flatten_pairs(format!("{key}[]"), item, out);
            }
        }
        Value::Object(map) => {
            for (sub, item) in map {
                flatten_pairs(format!("{key}[{sub}]"), item, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    #[test]
    fn path_segments_are_encoded_and_checked() {
        assert_eq!(path_segment("file-abc_1.txt").unwrap(), "file-abc_1.txt");
        assert_eq!(path_segment("a/b c?d#é").unwrap(), "a%2Fb%20c%3Fd%23%C3%A9");
        for bad in ["", ".", ".."] {
            assert!(matches!(path_segment(bad), Err(Error::InvalidRequest(_))), "{bad:?}");
        }
    }

    #[test]
    fn query_uses_brackets_and_drops_nulls() {
        let pairs = query_pairs_of_value(json!({
            "after": "x", "limit": 10, "flag": true, "none": null,
            "include": ["a", "b"], "filter": {"type": "t", "n": 1}
        }))
        .unwrap();
        let expected = [
            ("after", "x"),
            ("limit", "10"),
            ("flag", "true"),
            ("include[]", "a"),
            ("include[]", "b"),
            ("filter[type]", "t"),
            ("filter[n]", "1"),
        ];
        let got: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut expected_sorted = expected.to_vec();
        expected_sorted.sort();
        assert_eq!(got_sorted, expected_sorted);
    }

    #[test]
    fn later_options_win() {
        let base = RequestOptions::new().timeout(Duration::from_secs(1)).header("x-a", "1").body_field("a", 1);
        let over = RequestOptions::new().max_retries(0).header("x-a", "2").body_field("a", 2);
        let merged = base.merged(&over);
        assert_eq!(merged.timeout, Timeout::new().read(Duration::from_secs(1)));
        assert_eq!(merged.max_retries, Some(0));
        assert_eq!(merged.headers["x-a"], "2");
        assert_eq!(merged.body["a"], 2);
    }
}
