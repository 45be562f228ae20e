//! A blocking client with the same surface as the async one, for programs without an async
//! runtime (scripts ported from openai-python's synchronous client, say). Each call runs the
//! async client's request on a runtime the blocking client owns.
//!
//! There is one resource tree: the async client's, generic over who calls it
//! ([`Caller`](crate::runtime::Caller)). On this client each method returns a blocking
//! [`Request`], which [`send`](Request::send)s the same request the async method builds.
//! The helpers (structured outputs, stream managers, polling, bulk uploads) have blocking
//! forms of the same names; only the WebSocket connections stay async
//! ([`Client::block_on`] runs any async call).
//!
//! ```no_run
//! # fn main() -> openai_sdk::Result<()> {
//! use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
//!
//! let client = openai_sdk::blocking::Client::new()?;
//! let request = CreateChatCompletionRequest::new(
//!     vec![ChatCompletionRequestUserMessage::new("Say this is a test").into()],
//!     "gpt-4o",
//! );
//! let completion = client.chat().completions().create(request).send()?;
//! println!("{:?}", completion.choices[0].message.content);
//!
//! for file in client.files().list().items() {
//!     println!("{}", file?.id);
//! }
//! # Ok(())
//! # }
//! ```

// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
mod accessors;
mod helpers;

use std::future::{Future, IntoFuture};
use std::ops::Deref;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::EventStream;
use crate::runtime::Timeout;
use crate::runtime::pagination::PageKind;
use crate::runtime::{ApiRequest, Caller, FromResponse, RequestOptions};
use crate::runtime::{ApiResponse, RawResponse, StreamingResponse};
use crate::runtime::{Error, Result};
use crate::runtime::{ItemStream, ListPage};

/// A blocking client for the OpenAI API. Cheap to clone.
///
/// Do not use it from inside an async runtime: calls there return an error (use the async
/// [`Client`](crate::Client) instead).
#[derive(Clone, Debug)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<OwnedRuntime>,
}

/// The client's runtime. Shut down in the background when dropped, so dropping the last
/// clone never panics, even inside an async context.
#[derive(Debug)]
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl OwnedRuntime {
    fn get(&self) -> &tokio::runtime::Runtime {
        self.0.as_ref().expect("present until dropped")
    }
}

impl Client {
    /// A client configured from the environment; see [`ClientBuilder`](crate::ClientBuilder).
    pub fn new() -> Result<Client> {
        Client::from_builder(crate::ClientBuilder::new())
    }

    /// A blocking client with the settings of `builder`.
    pub fn from_builder(builder: crate::ClientBuilder) -> Result<Client> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the blocking client's runtime: {e}")))?;
        // reqwest's pool must be created inside the runtime that drives it.
        let inner = {
            let _guard = runtime.enter();
            builder.build()?
        };
        Ok(Client { inner, runtime: Arc::new(OwnedRuntime(Some(runtime))) })
    }

    /// The async client behind this one.
    pub fn async_client(&self) -> &crate::Client {
        &self.inner
    }

    /// A client sharing this one's connection pool and runtime, with `options` on every request.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client { inner: self.inner.with_options(options), runtime: Arc::clone(&self.runtime) }
    }

    /// Runs a future of the async client to completion.
    pub fn block_on<F: Future<Output = Result<T>>, T>(&self, future: F) -> Result<T> {
        self.run(future)?
    }

    /// Runs `future` on the client's runtime; refused (not a panic) inside another runtime.
    fn run<F: Future>(&self, future: F) -> Result<F::Output> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InvalidRequest(
                "the blocking client was called from inside an async runtime; use openai_sdk::Client there".into(),
            ));
        }
        Ok(self.runtime.get().block_on(future))
    }

    /// A `GET` to a path below the base URL (for endpoints the SDK has no method for): see
    /// [`crate::Client::get`].
    pub fn get(&self, path: &str) -> Request<Value> {
        self.call(self.inner.get(path))
    }

    /// A `POST` to a path below the base URL.
    pub fn post(&self, path: &str) -> Request<Value> {
        self.call(self.inner.post(path))
    }

    /// A `PUT` to a path below the base URL.
    pub fn put(&self, path: &str) -> Request<Value> {
        self.call(self.inner.put(path))
    }

    /// A `PATCH` to a path below the base URL.
    pub fn patch(&self, path: &str) -> Request<Value> {
        self.call(self.inner.patch(path))
    }

    /// A `DELETE` to a path below the base URL.
    pub fn delete(&self, path: &str) -> Request<Value> {
        self.call(self.inner.delete(path))
    }
}

impl Caller for Client {
    type Request<T> = Request<T>;

    #[inline]
    fn client(&self) -> &crate::runtime::Client {
        &self.inner
    }

    #[inline]
    fn call<T>(&self, request: ApiRequest<T>) -> Request<T> {
        Request { client: self.clone(), inner: request }
    }
}

/// The blocking form of what an async request resolves to: a response as it is, a page that
/// fetches its next page blocking, an iterator of events, a download.
pub trait IntoBlocking {
    /// The blocking form.
    type Blocking;
    /// `self`, read on `client`'s runtime from now on.
    fn into_blocking(self, client: &Client) -> Self::Blocking;
}

impl<T> IntoBlocking for ApiResponse<T> {
    type Blocking = ApiResponse<T>;

    fn into_blocking(self, _: &Client) -> ApiResponse<T> {
        self
    }
}

impl<T, K> IntoBlocking for ListPage<T, K> {
    type Blocking = Page<T, K>;

    fn into_blocking(self, client: &Client) -> Page<T, K> {
        Page::new(self, client.clone())
    }
}

impl<E> IntoBlocking for EventStream<E> {
    type Blocking = Stream<EventStream<E>>;

    fn into_blocking(self, client: &Client) -> Stream<EventStream<E>> {
        Stream::new(self, client.clone())
    }
}

impl IntoBlocking for StreamingResponse {
    type Blocking = Download;

    fn into_blocking(self, client: &Client) -> Download {
        Download::new(self, client.clone())
    }
}

/// A setter of [`Request`] that sets the same on the async request inside.
macro_rules! delegate {
    ($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*)) => {
        $(#[$doc])*
        #[doc = concat!("\n\nAs [`ApiRequest::", stringify!($name), "`].")]
        pub fn $name(mut self, $($arg: $ty),*) -> Self {
            self.inner = self.inner.$name($($arg),*);
            self
        }
    };
}

/// A request of the blocking client: set options, then [`send`](Self::send) it. What
/// `send` gives depends on the operation: an [`ApiResponse<T>`](crate::ApiResponse) for JSON, a
/// [`Page`] for a list (whose [`into_items`](Page::into_items) walks every page), a
/// [`Stream`] iterator for events, a [`Download`] for bytes.
///
/// It is not a future, so it cannot be awaited by mistake in async code (where the async
/// [`Client`](crate::Client) belongs):
///
/// ```compile_fail
/// async fn f(client: openai_sdk::blocking::Client) {
///     let models = client.models().list().await;
/// }
/// ```
///
/// ```no_run
/// fn f(client: openai_sdk::blocking::Client) -> openai_sdk::Result<()> {
///     let models = client.models().list().send()?;
///     Ok(())
/// }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct Request<T> {
    client: Client,
    inner: ApiRequest<T>,
}

impl<T> std::fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl<T> Request<T> {
    delegate!(
        /// Sets a JSON body from any serializable value.
        body(body: &impl Serialize)
    );
    delegate!(
        /// Sets a multipart form body from any serializable value.
        multipart(body: &impl Serialize)
    );
    delegate!(
        /// Adds the fields of a serializable value as query parameters.
        query_params(params: &impl Serialize)
    );
    delegate!(
        /// Timeouts of each attempt of this request; a `Duration` sets the read timeout.
        timeout(timeout: impl Into<Timeout>)
    );
    delegate!(
        /// Retries after the first attempt of this request.
        max_retries(max_retries: u32)
    );
    delegate!(
        /// An extra header for this request.
        header(name: impl AsRef<str>, value: impl AsRef<str>)
    );
    delegate!(
        /// Leaves header `name` out of this request.
        omit_header(name: impl AsRef<str>)
    );
    delegate!(
        /// An extra query parameter for this request.
        query(name: impl Into<String>, value: impl Into<String>)
    );
    delegate!(
        /// An extra field merged into this request's JSON body.
        body_field(name: impl Into<String>, value: impl Into<Value>)
    );
    delegate!(
        /// All of `options` at once, over those already set.
        options(options: RequestOptions)
    );

    /// Adds a file part to the multipart body. As [`ApiRequest::file`].
    pub fn file(mut self, name: impl Into<String>, file: impl Into<crate::InputFile>) -> Self {
        self.inner = self.inner.file(name, file);
        self
    }

    /// The same request, resolving to another type. As [`ApiRequest::returning`].
    pub fn returning<U>(self) -> Request<U> {
        Request { client: self.client, inner: self.inner.returning() }
    }

    /// Sends it and decodes the body as JSON into `U`:
    /// `let model: ApiResponse<Model> = client.get("/models/gpt-4o").json()?;`.
    pub fn json<U: DeserializeOwned + Send + 'static>(self) -> Result<ApiResponse<U>> {
        let Request { client, inner } = self;
        client.run(inner.json::<U>())?
    }

    /// Sends it and returns status, headers and the unparsed body.
    pub fn raw(self) -> Result<RawResponse> {
        let Request { client, inner } = self;
        client.run(inner.raw())?
    }

    /// The async request inside, to await on a runtime of your own.
    pub fn into_async(self) -> ApiRequest<T> {
        self.inner
    }
}

impl<T: FromResponse> Request<T>
where
    T::Output: IntoBlocking,
{
    /// Sends it and gives the typed result (see [`Request`]).
    pub fn send(self) -> Result<<T::Output as IntoBlocking>::Blocking> {
        let Request { client, inner } = self;
        let output = client.run(inner.into_future())??;
        Ok(output.into_blocking(&client))
    }
}

impl<T, K> Request<ListPage<T, K>>
where
    T: DeserializeOwned + Send + 'static,
    K: PageKind<T>,
{
    /// How many items a page holds. As [`ApiRequest::limit`].
    pub fn limit(mut self, limit: u32) -> Self {
        self.inner = self.inner.limit(limit);
        self
    }

    /// Starts after the item with this id. As [`ApiRequest::after`].
    pub fn after(mut self, id: impl Into<String>) -> Self {
        self.inner = self.inner.after(id);
        self
    }

    /// Starts before the item with this id. As [`ApiRequest::before`].
    pub fn before(mut self, id: impl Into<String>) -> Self {
        self.inner = self.inner.before(id);
        self
    }

    /// The sort order by creation time. As [`ApiRequest::order`].
    pub fn order(mut self, order: impl Into<String>) -> Self {
        self.inner = self.inner.order(order);
        self
    }

    /// Every item of the list, page after page, each page fetched when the iteration gets
    /// there (openai-python's auto-pagination). A failed fetch is an error item and ends it.
    pub fn items(self) -> Items<T> {
        let Request { client, inner } = self;
        Items { stream: inner.into_stream(), client }
    }
}

/// One page of a list, from the blocking client. It dereferences to the
/// [`ListPage`] (`page.data`, `page.has_more`, `page.request_id()`).
pub struct Page<T, K> {
    page: ListPage<T, K>,
    client: Client,
}

impl<T: std::fmt::Debug, K> std::fmt::Debug for Page<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.page.fmt(f)
    }
}

impl<T, K> Page<T, K> {
    pub(crate) fn new(page: ListPage<T, K>, client: Client) -> Self {
        Page { page, client }
    }

    /// The async page inside.
    pub fn into_inner(self) -> ListPage<T, K> {
        self.page
    }
}

impl<T, K> Page<T, K>
where
    T: DeserializeOwned + Send + 'static,
    K: PageKind<T>,
{
    /// Fetches the next page with the same query and options, or `None` at the end.
    pub fn next_page(&self) -> Result<Option<Page<T, K>>> {
        let next = self.client.run(self.page.next_page())??;
        Ok(next.map(|page| Page::new(page, self.client.clone())))
    }

    /// Every item of this page and of the pages after it, each page fetched when the
    /// iteration gets there. A failed fetch is an error item and ends it.
    pub fn into_items(self) -> Items<T> {
        Items { stream: self.page.into_stream(), client: self.client }
    }
}

impl<T, K> Deref for Page<T, K> {
    type Target = ListPage<T, K>;

    fn deref(&self) -> &ListPage<T, K> {
        &self.page
    }
}

/// Every item of a list, fetched page by page as the iteration reaches them.
#[must_use = "an iterator does nothing unless consumed"]
pub struct Items<T> {
    stream: ItemStream<T>,
    client: Client,
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl<T> Iterator for Items<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        self.client.run(self.stream.next()).unwrap_or_else(|e| Some(Err(e)))
    }
}

/// A stream as an iterator: each `next` waits, on the client's runtime, for the next item.
/// An error item (a broken stream) ends it. For a streamed response it is
/// `Stream<EventStream<E>>`; the stream managers give `Stream<ChatCompletionStream<T>>` and
/// `Stream<ResponseStream<T>>`. It dereferences to the stream inside, for what that offers
/// without waiting (`request_id()`, a manager's snapshot so far).
pub struct Stream<S> {
    inner: S,
    pub(crate) client: Client,
    ended: bool,
}

impl<S: std::fmt::Debug> std::fmt::Debug for Stream<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl<S> Stream<S> {
    pub(crate) fn new(inner: S, client: Client) -> Self {
        Stream { inner, client, ended: false }
    }

    /// The async stream inside.
    pub fn into_async(self) -> S {
        self.inner
    }

    /// Runs `f` on the stream inside, on the client's runtime: for what a stream offers as a
    /// future (a manager's `final_completion`, say).
    pub(crate) fn wait<'a, F: Future + 'a>(&'a mut self, f: impl FnOnce(&'a mut S) -> F) -> Result<F::Output> {
        let Stream { inner, client, .. } = self;
        client.run(f(inner))
    }
}

impl<S> Deref for Stream<S> {
    type Target = S;

    fn deref(&self) -> &S {
        &self.inner
    }
}

impl<S, T> Iterator for Stream<S>
where
    S: futures_util::Stream<Item = Result<T>> + Unpin,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.ended {
            return None;
        }
        let next = self.client.run(self.inner.next()).unwrap_or_else(|e| Some(Err(e)));
        // Called from inside a runtime, the error is not the stream's end: the next call
        // from the right place still reads on.
        if next.is_none() {
            self.ended = true;
        }
        next
    }
}

/// A binary response (audio, file contents) from the blocking client, read as the caller
/// asks: whole, into a file, or into any writer, chunk by chunk.
#[derive(Debug)]
pub struct Download {
    response: StreamingResponse,
    client: Client,
}

impl Download {
    pub(crate) fn new(response: StreamingResponse, client: Client) -> Self {
        Download { response, client }
    }

    /// The `x-request-id` header of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.response.request_id()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// Reads the whole body into memory.
    pub fn bytes(self) -> Result<Bytes> {
        let Download { response, client } = self;
        client.run(response.bytes())?
    }

    /// Writes the body to the file at `path` (created or truncated) chunk by chunk; returns
    /// the number of bytes written.
    pub fn write_to_file(self, path: impl AsRef<std::path::Path>) -> Result<u64> {
        let Download { response, client } = self;
        client.run(response.write_to_file(path))?
    }

    /// Writes the body to `writer` chunk by chunk; returns the number of bytes written.
    /// A failed write is [`Error::Write`].
    pub fn write_to(self, writer: &mut impl std::io::Write) -> Result<u64> {
        let Download { response, client } = self;
        let mut chunks = response.bytes_stream();
        let mut written = 0;
        while let Some(chunk) = client.run(chunks.next())? {
            let chunk = chunk?;
            writer.write_all(&chunk).map_err(Error::Write)?;
            written += chunk.len() as u64;
        }
        Ok(written)
    }

    /// The async response inside.
    pub fn into_async(self) -> StreamingResponse {
        self.response
    }
}
