//! The seam between the SDK and the network. Each attempt of a request (every retry
//! included) is an `http::Request` handed to a [`Transport`]: reqwest by default, or a tower
//! `Service` stack the application builds with [`ClientBuilder::layer`] and
//! [`ClientBuilder::transport`](crate::ClientBuilder::transport).
//!
//! tower's `Layer` and `Service` over `http` types are the ecosystem's common currency
//! (tower-http, axum, tonic, hyper-util all speak them), and reqwest already builds on tower,
//! so the seam adds no dependency; `reqwest-middleware` would tie layers to reqwest's own
//! request type and add a crate.
//!
//! [`ClientBuilder::layer`]: crate::ClientBuilder::layer

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use tower::util::BoxCloneSyncService;
use tower::{Service, ServiceExt};

use crate::runtime::error::{BoxError, Error, Result};

/// One attempt of a request as a layer sees it: the URL is absolute, the headers are the
/// ones that go on the wire, and the extensions hold an [`AttemptInfo`].
pub type HttpRequest = http::Request<reqwest::Body>;

/// What a transport answers: the response head and a body read as the SDK reads it
/// (whole, or as a stream of events).
pub type HttpResponse = http::Response<reqwest::Body>;

/// What the SDK says about an attempt, in its [`HttpRequest`]'s extensions: which
/// operation it belongs to and which try it is.
///
/// ```
/// # fn look(request: &openai_sdk::transport::HttpRequest) {
/// if let Some(info) = request.extensions().get::<openai_sdk::transport::AttemptInfo>() {
///     println!("{} (try {})", info.operation.unwrap_or("custom request"), info.attempt);
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttemptInfo {
    /// The operation as the SDK's methods name it (`chat.completions.create`); `None` for a
    /// custom request (`client.post(path)`).
    pub operation: Option<&'static str>,
    /// The path below the base URL (`/chat/completions`), parameters filled in.
    pub path: String,
    /// Which try this is: 1 for the first, 2 for the first retry, ...
    pub attempt: u32,
}

/// Where a client's requests go: a cloneable tower `Service` from [`HttpRequest`] to
/// [`HttpResponse`]. A client without layers or a transport of its own sends through
/// reqwest directly, without this indirection.
///
/// The service's errors are boxed: a `reqwest::Error` keeps its meaning (a timeout is
/// [`Error::Timeout`], anything else [`Error::Connection`]), an [`Error`] returned by a
/// layer is the request's error as it is, and any other error is a connection error.
#[derive(Clone)]
pub struct Transport {
    service: BoxCloneSyncService<HttpRequest, HttpResponse, BoxError>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Transport")
    }
}

impl Transport {
    /// Any tower service that answers an [`HttpRequest`]: a layered stack, a test double,
    /// another HTTP client. Its response body may be any `http_body::Body` of bytes (a
    /// layer that wraps the body, as tower-http's `TraceLayer` does, fits as it is).
    pub fn new<S, B>(service: S) -> Transport
    where
        S: Service<HttpRequest, Response = http::Response<B>> + Clone + Send + Sync + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
        B: http_body::Body<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        let service = service.map_err(Into::into).map_response(|response: http::Response<B>| {
            let (head, body) = response.into_parts();
            http::Response::from_parts(head, reqwest::Body::wrap(body))
        });
        Transport { service: BoxCloneSyncService::new(service) }
    }

    /// Sends through `client`, as a client without layers does.
    pub fn reqwest(client: reqwest::Client) -> Transport {
        Transport::new(tower::service_fn(move |request: HttpRequest| {
            let client = client.clone();
            async move {
                let request = reqwest::Request::try_from(request)?;
                let response = client.execute(request).await?;
                Ok::<_, reqwest::Error>(http::Response::from(response))
            }
        }))
    }

    /// Sends one attempt through this transport, as the client does.
    pub(crate) fn send(
        &self,
        request: reqwest::Request,
        info: AttemptInfo,
    ) -> Pin<Box<dyn Future<Output = Result<reqwest::Response>> + Send + 'static>> {
        let service = self.service.clone();
        Box::pin(async move {
            let mut request = HttpRequest::try_from(request).map_err(Error::transport)?;
            request.extensions_mut().insert(info);
            let response = service.oneshot(request).await.map_err(transport_error)?;
            Ok(reqwest::Response::from(response))
        })
    }
}

impl Service<HttpRequest> for Transport {
    type Response = HttpResponse;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = std::result::Result<HttpResponse, BoxError>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), BoxError>> {
        self.service.poll_ready(cx)
    }

    fn call(&mut self, request: HttpRequest) -> Self::Future {
        self.service.call(request)
    }
}

/// A transport's error as the SDK's: see [`Transport`].
fn transport_error(error: BoxError) -> Error {
    let error = match error.downcast::<Error>() {
        Ok(error) => return *error,
        Err(other) => other,
    };
    let error = match error.downcast::<reqwest::Error>() {
        Ok(error) => return Error::transport(*error),
        Err(other) => other,
    };
    Error::boxed_connection(error)
}

/// The layers of a [`ClientBuilder`](crate::ClientBuilder), applied when it builds.
pub(crate) type LayerFn = Box<dyn FnOnce(Transport) -> Transport + Send>;

/// `layer` as a [`LayerFn`].
pub(crate) fn layer_fn<L, B>(layer: L) -> LayerFn
where
    L: tower::Layer<Transport> + Send + 'static,
    L::Service: Service<HttpRequest, Response = http::Response<B>> + Clone + Send + Sync + 'static,
    <L::Service as Service<HttpRequest>>::Error: Into<BoxError>,
    <L::Service as Service<HttpRequest>>::Future: Send + 'static,
    B: http_body::Body<Data = Bytes> + Send + Sync + 'static,
    B::Error: Into<BoxError>,
{
    Box::new(move |inner| Transport::new(layer.layer(inner)))
}
