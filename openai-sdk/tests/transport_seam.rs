//! The seam between the SDK and the network, on a real local server: tower layers see and
//! change every attempt (retries included) or answer themselves; rate limits are read
//! from every kind of response; credential providers supply, cache and refresh keys.

mod local_server;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply, refused_url};
use openai_sdk::transport::{AttemptInfo, HttpRequest, HttpResponse, Transport};
use openai_sdk::{BoxError, Client, ClientBuilder, Credential, Error};
use serde_json::Value;

fn builder(url: &str) -> ClientBuilder {
    Client::builder().read_env(false).api_key("sk-fixed").base_url(url)
}

fn ok() -> Reply {
    Reply::json(200, r#"{"ok": true}"#)
}

/// What the spy layer saw of one attempt.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    method: String,
    path: String,
    info: Option<AttemptInfo>,
    status: Option<u16>,
}

/// A hand-written tower layer that notes each attempt and its status.
#[derive(Clone, Default)]
struct Spy {
    seen: Arc<Mutex<Vec<Seen>>>,
}

#[derive(Clone)]
struct SpyService {
    inner: Transport,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl tower::Layer<Transport> for Spy {
    type Service = SpyService;
    fn layer(&self, inner: Transport) -> SpyService {
        SpyService { inner, seen: Arc::clone(&self.seen) }
    }
}

impl tower::Service<HttpRequest> for SpyService {
    type Response = HttpResponse;
    type Error = BoxError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<HttpResponse, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: HttpRequest) -> Self::Future {
        let index = {
            let mut seen = self.seen.lock().unwrap();
            seen.push(Seen {
                method: request.method().to_string(),
                path: request.uri().path().to_owned(),
                info: request.extensions().get::<AttemptInfo>().cloned(),
                status: None,
            });
            seen.len() - 1
        };
        let seen = Arc::clone(&self.seen);
        let sending = self.inner.call(request);
        Box::pin(async move {
            let response = sending.await?;
            seen.lock().unwrap()[index].status = Some(response.status().as_u16());
            Ok(response)
        })
    }
}

#[tokio::test]
async fn a_layer_sees_every_attempt_with_its_operation_and_status() {
    let server = LocalServer::start(vec![Reply::json(500, r#"{"error": {"message": "boom"}}"#), ok()]).await;
    let spy = Spy::default();
    let client = builder(&server.url).layer(spy.clone()).build().unwrap();
    let response = client.models().retrieve("gpt-4o").max_retries(1).raw().await.unwrap();
    assert_eq!(response.status(), 200);
    let seen = spy.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    for (i, attempt) in seen.iter().enumerate() {
        assert_eq!(attempt.method, "GET");
        assert!(attempt.path.ends_with("/models/gpt-4o"), "{attempt:?}");
        let info = attempt.info.as_ref().unwrap();
        assert_eq!(info.operation, Some("models.retrieve"));
        assert_eq!(info.path, "/models/gpt-4o");
        assert_eq!(info.attempt, i as u32 + 1);
    }
    assert_eq!(seen[0].status, Some(500));
    assert_eq!(seen[1].status, Some(200));
    // The SDK's own retry header is on the wire as before.
    assert_eq!(server.retry_counts(), ["0", "1"]);
}

#[tokio::test]
async fn an_off_the_shelf_tower_layer_changes_the_headers_on_the_wire() {
    let server = LocalServer::start(vec![ok()]).await;
    let tag = tower::util::MapRequestLayer::new(|mut request: HttpRequest| {
        request.headers_mut().insert("x-team", "search".parse().unwrap());
        request.headers_mut().remove("x-stainless-os");
        request
    });
    let client = builder(&server.url).layer(tag).build().unwrap();
    client.get("/models").await.unwrap();
    let received = &server.received()[0];
    assert_eq!(received.header("x-team"), Some("search"));
    assert_eq!(received.header("x-stainless-os"), None);
    assert_eq!(received.header("authorization"), Some("Bearer sk-fixed"));
}

#[tokio::test]
async fn a_layer_answers_itself_without_the_network() {
    let url = refused_url().await; // nothing listens there
    let answer = tower::layer::layer_fn(|_inner: Transport| {
        tower::service_fn(|request: HttpRequest| async move {
            assert_eq!(request.uri().path(), "/v1/models");
            let mut response = http::Response::new(reqwest::Body::from(r#"{"object": "list", "data": []}"#));
            response.headers_mut().insert("x-request-id", "req_local".parse().unwrap());
            Ok::<_, BoxError>(response)
        })
    });
    let client = builder(&format!("{url}/v1")).layer(answer).build().unwrap();
    let models = client.get("/models").await.unwrap();
    assert_eq!(models.request_id(), Some("req_local"));
    assert_eq!(models["object"], "list");
}

#[tokio::test]
async fn layers_nest_in_the_order_they_are_added() {
    let server = LocalServer::start(vec![ok()]).await;
    let order = Arc::new(Mutex::new(Vec::new()));
    let note = |name: &'static str| {
        let order = Arc::clone(&order);
        tower::util::MapRequestLayer::new(move |request: HttpRequest| {
            order.lock().unwrap().push(name);
            request
        })
    };
    let client = builder(&server.url).layer(note("outer")).layer(note("inner")).build().unwrap();
    client.get("/models").await.unwrap();
    assert_eq!(*order.lock().unwrap(), ["outer", "inner"]);
}

#[tokio::test]
async fn a_layer_error_is_typed_and_an_sdk_error_from_a_layer_is_not_retried() {
    let url = refused_url().await;
    let calls = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&calls);
    let refuse = tower::layer::layer_fn(move |_inner: Transport| {
        let counted = Arc::clone(&counted);
        tower::service_fn(move |_request: HttpRequest| {
            counted.fetch_add(1, Ordering::SeqCst);
            async { Err::<HttpResponse, BoxError>(Box::new(Error::InvalidRequest("blocked by policy".into()))) }
        })
    });
    let client = builder(&url).layer(refuse).build().unwrap();
    let error = client.get("/models").max_retries(3).await.unwrap_err();
    assert!(matches!(&error, Error::InvalidRequest(m) if m == "blocked by policy"), "{error:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // Any other error is a connection error, retried as one.
    let calls = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&calls);
    let fail = tower::layer::layer_fn(move |_inner: Transport| {
        let counted = Arc::clone(&counted);
        tower::service_fn(move |_request: HttpRequest| {
            counted.fetch_add(1, Ordering::SeqCst);
            async { Err::<HttpResponse, BoxError>("proxy unreachable".into()) }
        })
    });
    let client = builder(&url).layer(fail).build().unwrap();
    let error = client.get("/models").max_retries(1).await.unwrap_err();
    assert!(matches!(&error, Error::Connection { message, .. } if message == "proxy unreachable"), "{error:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn the_timeout_bounds_a_layered_attempt() {
    let server = LocalServer::start(vec![Reply::Delayed(Duration::from_secs(5), Box::new(ok()))]).await;
    let spy = Spy::default();
    let client = builder(&server.url).layer(spy).build().unwrap();
    let error = client.get("/models").timeout(Duration::from_secs(1)).max_retries(0).await.unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
}

#[tokio::test]
async fn a_layered_client_streams_events_as_they_come() {
    let events = vec![b"data: {\"n\": 0}\n\n".to_vec(), b"data: {\"n\": 1}\n\n".to_vec(), b"data: [DONE]\n\n".to_vec()];
    let server = LocalServer::start(vec![Reply::sse(events)]).await;
    let client = builder(&server.url).layer(Spy::default()).build().unwrap();
    let stream = client.post("/chat/completions").returning::<openai_sdk::EventStream<Value>>().await.unwrap();
    let events: Vec<Value> = stream.map(|e| e.unwrap()).collect().await;
    assert_eq!(events, [serde_json::json!({"n": 0}), serde_json::json!({"n": 1})]);
}

fn limited(reply: Reply) -> Reply {
    reply
        .header("x-ratelimit-limit-requests", "60")
        .header("x-ratelimit-remaining-requests", "59")
        .header("x-ratelimit-reset-requests", "1s")
        .header("x-ratelimit-limit-tokens", "150000")
        .header("x-ratelimit-remaining-tokens", "149984")
        .header("x-ratelimit-reset-tokens", "6m0s")
}

#[tokio::test]
async fn rate_limits_are_read_from_responses_pages_streams_and_errors() {
    let page = r#"{"object": "list", "data": [], "has_more": false}"#;
    let server = LocalServer::start(vec![
        limited(ok()),
        limited(Reply::json(200, page)),
        limited(Reply::sse(vec![b"data: {}\n\n".to_vec()])),
        limited(Reply::json(429, r#"{"error": {"message": "Rate limit reached"}}"#)),
        ok(),
    ])
    .await;
    let client = builder(&server.url).build().unwrap();

    let response = client.get("/models").await.unwrap();
    let limits = response.rate_limit().unwrap();
    assert_eq!(limits.limit_requests, Some(60));
    assert_eq!(limits.remaining_requests, Some(59));
    assert_eq!(limits.reset_requests, Some(Duration::from_secs(1)));
    assert_eq!(limits.limit_tokens, Some(150_000));
    assert_eq!(limits.remaining_tokens, Some(149_984));
    assert_eq!(limits.reset_tokens, Some(Duration::from_secs(360)));

    let page = client.files().list().await.unwrap();
    assert_eq!(page.rate_limit().unwrap().remaining_tokens, Some(149_984));

    let stream = client.post("/chat/completions").returning::<openai_sdk::EventStream<Value>>().await.unwrap();
    assert_eq!(stream.rate_limit().unwrap().reset_tokens, Some(Duration::from_secs(360)));
    drop(stream);

    let error = client.get("/models").max_retries(0).await.unwrap_err();
    assert!(matches!(error, Error::RateLimit(_)), "{error:?}");
    assert_eq!(error.rate_limit().unwrap().remaining_requests, Some(59));

    let plain = client.get("/models").await.unwrap();
    assert_eq!(plain.rate_limit(), None);
}

/// A provider handing out `key-1`, `key-2`, ... and counting its calls.
fn numbered_keys(lifetime: Option<Duration>) -> (impl openai_sdk::CredentialProvider, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let provider = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            let key = Credential::new(format!("key-{n}"));
            Ok::<_, BoxError>(match lifetime {
                Some(lifetime) => key.expires_in(lifetime),
                None => key,
            })
        }
    };
    (provider, calls)
}

#[tokio::test]
async fn a_provided_key_is_sent_cached_and_refetched_once_on_a_401() {
    let unauthorized = Reply::json(401, r#"{"error": {"message": "Incorrect API key provided"}}"#);
    let server = LocalServer::start(vec![ok(), unauthorized, ok()]).await;
    let (provider, calls) = numbered_keys(None);
    let client = Client::builder().read_env(false).base_url(&server.url).api_key_provider(provider).build().unwrap();
    client.get("/models").await.unwrap();
    // The 401 fetches a new key and sends the same attempt again: not counted as a retry.
    client.get("/models").max_retries(0).await.unwrap();
    let received = server.received();
    let keys: Vec<_> = received.iter().map(|r| r.header("authorization").unwrap().to_owned()).collect();
    assert_eq!(keys, ["Bearer key-1", "Bearer key-1", "Bearer key-2"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(server.retry_counts(), ["0", "0", "0"]);
}

#[tokio::test]
async fn a_second_401_is_the_error() {
    let unauthorized = Reply::json(401, r#"{"error": {"message": "Incorrect API key provided"}}"#);
    let server = LocalServer::start(vec![unauthorized]).await;
    let (provider, calls) = numbered_keys(None);
    let client = Client::builder().read_env(false).base_url(&server.url).api_key_provider(provider).build().unwrap();
    let error = client.get("/models").await.unwrap_err();
    assert!(matches!(error, Error::Authentication(_)), "{error:?}");
    assert_eq!(server.received().len(), 2);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_fixed_key_is_not_refetched_on_a_401() {
    let server = LocalServer::start(vec![Reply::json(401, r#"{"error": {"message": "no"}}"#)]).await;
    let error = builder(&server.url).build().unwrap().get("/models").await.unwrap_err();
    assert!(matches!(error, Error::Authentication(_)), "{error:?}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn every_attempt_carries_the_current_key() {
    // Keys that live 5 s are inside the 10 s refresh margin: each attempt fetches one.
    // (Caching until the expiry is timed in the unit tests, on a paused clock.)
    let server = LocalServer::start(vec![Reply::json(500, r#"{}"#), ok()]).await;
    let (provider, calls) = numbered_keys(Some(Duration::from_secs(5)));
    let client = Client::builder().read_env(false).base_url(&server.url).api_key_provider(provider).build().unwrap();
    client.get("/models").max_retries(1).await.unwrap();
    client.get("/models").await.unwrap();
    let keys: Vec<_> = server.received().iter().map(|r| r.header("authorization").unwrap().to_owned()).collect();
    assert_eq!(keys, ["Bearer key-1", "Bearer key-2", "Bearer key-3"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn the_admin_key_provider_serves_the_admin_endpoints() {
    let page = r#"{"object": "list", "data": [], "has_more": false}"#;
    let server = LocalServer::start(vec![Reply::json(200, page)]).await;
    let (provider, _) = numbered_keys(None);
    let client = builder(&server.url).admin_key_provider(provider).build().unwrap();
    client.admin().organization().admin_api_keys().list().await.unwrap();
    client.get("/models").await.unwrap();
    let received = server.received();
    assert_eq!(received[0].header("authorization"), Some("Bearer key-1"));
    assert_eq!(received[1].header("authorization"), Some("Bearer sk-fixed"));
}

#[tokio::test]
async fn a_failing_provider_fails_the_request_with_a_typed_error() {
    let server = LocalServer::start(vec![ok()]).await;
    let client = Client::builder()
        .read_env(false)
        .base_url(&server.url)
        .api_key_provider(|| async { Err::<Credential, BoxError>("the vault is sealed".into()) })
        .build()
        .unwrap();
    let error = client.get("/models").await.unwrap_err();
    assert!(matches!(&error, Error::Config(m) if m.contains("the vault is sealed")), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_provided_key_that_is_no_header_value_is_a_typed_error() {
    let server = LocalServer::start(vec![ok()]).await;
    let client = Client::builder()
        .read_env(false)
        .base_url(&server.url)
        .api_key_provider(|| async { Ok::<_, BoxError>(Credential::new("bad\nkey")) })
        .build()
        .unwrap();
    let error = client.get("/models").await.unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

#[tokio::test]
async fn azure_takes_the_provider_as_its_entra_id_token() {
    let server = LocalServer::start(vec![ok()]).await;
    let (provider, _) = numbered_keys(None);
    let client = Client::builder()
        .read_env(false)
        .azure()
        .base_url(&server.url)
        .api_version("2024-10-21")
        .api_key_provider(provider)
        .build()
        .unwrap();
    client.get("/models").await.unwrap();
    let received = &server.received()[0];
    assert_eq!(received.header("authorization"), Some("Bearer key-1"));
    assert_eq!(received.header("api-key"), None);
}
