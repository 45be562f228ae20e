//! A blocking client with the same surface as the async one, for programs without an async
//! runtime. Each call runs the async client on a runtime the blocking client owns.

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::request::RequestOptions;
use crate::response::{RawResponse, Response};

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
    pub fn block_on<F: std::future::Future<Output = Result<T>>, T>(&self, future: F) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InvalidRequest(
                "the blocking client was called from inside an async runtime; use openai_sdk::Client there".into(),
            ));
        }
        self.runtime.get().block_on(future)
    }

    /// A `GET` to a path below the base URL.
    pub fn get(&self, path: &str) -> Request {
        self.request(self.inner.get::<Value>(path))
    }

    /// A `POST` to a path below the base URL.
    pub fn post(&self, path: &str) -> Request {
        self.request(self.inner.post::<Value>(path))
    }

    /// A `PUT` to a path below the base URL.
    pub fn put(&self, path: &str) -> Request {
        self.request(self.inner.put::<Value>(path))
    }

    /// A `PATCH` to a path below the base URL.
    pub fn patch(&self, path: &str) -> Request {
        self.request(self.inner.patch::<Value>(path))
    }

    /// A `DELETE` to a path below the base URL.
    pub fn delete(&self, path: &str) -> Request {
        self.request(self.inner.delete::<Value>(path))
    }

    fn request(&self, inner: crate::ApiRequest<Value>) -> Request {
        Request { client: self.clone(), inner }
    }
}

/// A blocking request: set options, then [`send`](Self::send) or [`raw`](Self::raw).
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    client: Client,
    inner: crate::ApiRequest<Value>,
}

impl Request {
    /// Sets a JSON body.
    pub fn body(mut self, body: &impl Serialize) -> Self {
        self.inner = self.inner.body(body);
        self
    }

    /// Adds the fields of a serializable value as query parameters.
    pub fn query_params(mut self, params: &impl Serialize) -> Self {
        self.inner = self.inner.query_params(params);
        self
    }

    /// Per-request options.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.inner = self.inner.options(options);
        self
    }

    /// Sends it and parses the body into `T`.
    pub fn send<T: DeserializeOwned>(self) -> Result<Response<T>> {
        self.raw()?.into_typed()
    }

    /// Sends it and returns status, headers and the unparsed body.
    pub fn raw(self) -> Result<RawResponse> {
        let Request { client, inner } = self;
        client.block_on(inner.raw())
    }
}
