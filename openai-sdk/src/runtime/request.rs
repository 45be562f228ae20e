//! What a request is before it is sent: its description, per-request options, and the
//! awaitable [`ApiRequest`] every call returns.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use futures_util::future::FutureExt;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::client::Client;
use crate::runtime::encoding::{Ordered, json_bytes, query_pairs_of_value};
use crate::runtime::error::{Error, Result};
use crate::runtime::operation::{AuthScope, Body, RequestOptions, RequestSpec};
use crate::runtime::reading::sealed::Read;
use crate::runtime::reading::{ReadBody, Streamed, Whole};
use crate::runtime::response::{ApiResponse, Binary, RawResponse, StreamingResponse};
use crate::runtime::stream::{EventStream, StreamEvent};
use crate::runtime::timeout::Timeout;

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

    fn query_params(&mut self, value: serde_json::Result<Ordered>) {
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
        if let (Some(twin), false) = (spec.stream_twin, <R as Read>::STREAMS) {
            return Err(Error::InvalidRequest(format!(
                "the request sets `stream`, but this method returns a whole response: call `{twin}` for the events"
            )));
        }
        let set = options.as_deref().unwrap_or(RequestOptions::none());
        let received = client.execute::<R>(&spec, set).await?;
        Ok((received, SentRequest { client, spec, options }))
    }
}

/// Requests the client builds: custom ones (for endpoints the SDK has no method for) and
/// those of the generated methods.
impl Client {
    /// A `GET` to a path below the base URL (for endpoints the SDK has no method for), with
    /// the client's authentication, retries and timeouts. Awaited, it gives the body as a
    /// [`Value`](serde_json::Value); [`json`](ApiRequest::json) decodes it into your type
    /// (`let model: ApiResponse<Model> = client.get("/models/gpt-4o").json().await?;`), and
    /// [`returning`](ApiRequest::returning) makes it a stream, a download or a page.
    pub fn get(&self, path: &str) -> ApiRequest<serde_json::Value> {
        self.custom(Method::GET, path)
    }

    /// A `POST`; set its JSON body with [`ApiRequest::body`]. See [`get`](Self::get).
    pub fn post(&self, path: &str) -> ApiRequest<serde_json::Value> {
        self.custom(Method::POST, path)
    }

    /// A `PUT`; set its JSON body with [`ApiRequest::body`]. See [`get`](Self::get).
    pub fn put(&self, path: &str) -> ApiRequest<serde_json::Value> {
        self.custom(Method::PUT, path)
    }

    /// A `PATCH`; set its JSON body with [`ApiRequest::body`]. See [`get`](Self::get).
    pub fn patch(&self, path: &str) -> ApiRequest<serde_json::Value> {
        self.custom(Method::PATCH, path)
    }

    /// A `DELETE`. See [`get`](Self::get).
    pub fn delete(&self, path: &str) -> ApiRequest<serde_json::Value> {
        self.custom(Method::DELETE, path)
    }

    /// A request of the generated method `operation` (`chat.completions.create`): the path
    /// is already expanded (or failed to).
    #[allow(dead_code)] // The generated methods' entry; unused when no API group is enabled.
    #[inline]
    pub(crate) fn request<T>(&self, method: Method, operation: &'static str, path: Result<String>) -> ApiRequest<T> {
        let spec = path.map(|p| {
            let mut spec = RequestSpec::new(method, p, AuthScope::Api);
            spec.operation = Some(operation);
            spec
        });
        ApiRequest::new(Draft::new(self.clone(), spec))
    }

    fn custom(&self, method: Method, path: &str) -> ApiRequest<serde_json::Value> {
        let path = if path.starts_with('/') {
            Ok(path.to_owned())
        } else {
            Err(Error::InvalidRequest(format!("the path `{path}` must start with `/`")))
        };
        ApiRequest::new(Draft::new(self.clone(), path.map(|p| RequestSpec::new(method, p, AuthScope::Custom))))
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

    /// Changes what this request is (a list's cursor, say); an error is what sending reports.
    pub(crate) fn update_spec(&mut self, update: impl FnOnce(&mut RequestSpec) -> Result<()>) {
        self.draft.update_spec(update);
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

    /// Marks the request as the GenAI operation `name` of OpenTelemetry's conventions
    /// (`chat`, `embeddings`, ...): its span (feature `telemetry`) then records the model,
    /// usage and finish reasons. The generated methods of such operations call this.
    #[inline]
    pub fn gen_ai_operation(mut self, name: &'static str) -> Self {
        self.draft.update_spec(|spec| {
            spec.gen_ai_operation = Some(name);
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
        self.draft.query_params(Ordered::of(params));
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
