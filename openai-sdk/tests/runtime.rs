//! The runtime against a real local server: retries, timeouts, errors, headers, options,
//! Azure, raw and streaming responses. No test here panics on a network fault: each checks
//! the error the client returns, the attempts the server saw, and what they carried.

mod local_server;

use std::time::Duration;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply, refused_url};
use openai_sdk::{Client, Error, ErrorCode, RequestOptions};
use serde_json::{Value, json};

const KEY: &str = "sk-test-0123456789";

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key(KEY).base_url(url).build().expect("client builds")
}

fn ok() -> Reply {
    Reply::json(200, r#"{"ok": true}"#).header("x-request-id", "req_ok")
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let url = refused_url().await;
    let err = client(&url).get("/models").max_retries(1).await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried_then_reported() {
    let server = LocalServer::start(vec![Reply::ResetMidBody]).await;
    let err = client(&server.url).get("/models").max_retries(1).await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert_eq!(server.retry_counts(), ["0", "1"]);
}

#[tokio::test]
async fn a_reset_then_success_succeeds() {
    let server = LocalServer::start(vec![Reply::ResetMidBody, ok()]).await;
    let response = client(&server.url).get("/models").await.unwrap();
    assert_eq!(response["ok"], true);
    assert_eq!(server.retry_counts(), ["0", "1"]);
}

#[tokio::test(start_paused = true)]
async fn a_slow_response_times_out() {
    let server = LocalServer::start(vec![Reply::Delayed(Duration::from_secs(5), Box::new(ok()))]).await;
    let err = client(&server.url).get("/models").timeout(Duration::from_millis(1500)).max_retries(0).await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert_eq!(server.retry_counts(), ["0"]);
    // As openai-python sends it: the read timeout in seconds, fractions kept.
    assert_eq!(server.received()[0].header("x-stainless-read-timeout"), Some("1.5"));
}

#[tokio::test(start_paused = true)]
async fn a_timeout_is_retried() {
    let slow = Reply::Delayed(Duration::from_secs(5), Box::new(ok()));
    let server = LocalServer::start(vec![slow, ok()]).await;
    let response = client(&server.url).get("/models").timeout(Duration::from_secs(3)).await.unwrap();
    assert_eq!(response.request_id(), Some("req_ok"));
    assert_eq!(server.retry_counts(), ["0", "1"]);
}

/// An SSE body: `data: {"n": i}` for each `i`, each after `pause`.
fn paced_events(count: usize, pause: Duration) -> Vec<(Duration, Vec<u8>)> {
    (0..count).map(|i| (pause, format!("data: {{\"n\": {i}}}\n\n").into_bytes())).collect()
}

#[tokio::test(start_paused = true)]
async fn a_stream_that_stalls_after_its_headers_times_out_per_read() {
    // One event, then nothing for a day: the next read gives up after the read timeout.
    let mut pieces = paced_events(1, Duration::ZERO);
    pieces.push((Duration::from_secs(86_400), b"data: {\"late\": true}\n\n".to_vec()));
    let server = LocalServer::start(vec![Reply::paced_sse(pieces)]).await;
    let started = tokio::time::Instant::now();
    let mut events = client(&server.url)
        .post("/chat/completions")
        .returning::<openai_sdk::EventStream<Value>>()
        .timeout(Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(events.next().await.unwrap().unwrap(), json!({"n": 0}));
    let err = events.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(events.next().await.is_none());
    assert_eq!(started.elapsed().as_secs(), 30);
}

#[tokio::test(start_paused = true)]
async fn a_long_stream_is_never_cut_while_bytes_keep_arriving() {
    // 100 events 9 s apart: 900 s in all, longer than the 600 s default read timeout, each
    // pause shorter than the 10 s one set here.
    let server = LocalServer::start(vec![Reply::paced_sse(paced_events(100, Duration::from_secs(9)))]).await;
    let events: Vec<_> = client(&server.url)
        .post("/chat/completions")
        .returning::<openai_sdk::EventStream<Value>>()
        .timeout(Duration::from_secs(10))
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(events.len(), 100);
    assert!(events.iter().all(Result::is_ok));
}

#[tokio::test(start_paused = true)]
async fn a_slow_steady_body_is_read_per_read_and_the_total_limit_is_opt_in() {
    // A JSON body trickling in over 700 s, more than the 600 s default.
    let mut pieces: Vec<(Duration, Vec<u8>)> = vec![(Duration::ZERO, b"[".to_vec())];
    pieces.extend((0..70).map(|i| (Duration::from_secs(10), format!("{i},").into_bytes())));
    pieces.push((Duration::ZERO, b"70]".to_vec()));
    let trickle = Reply::Paced { headers: vec![("content-type".into(), "application/json".into())], pieces };
    let server = LocalServer::start(vec![trickle]).await;
    let values = client(&server.url).get("/models").returning::<Vec<u32>>().await.unwrap();
    assert_eq!(values.len(), 71);

    let started = tokio::time::Instant::now();
    let err = client(&server.url)
        .get("/models")
        .returning::<Vec<u32>>()
        .timeout(openai_sdk::Timeout::new().total(Duration::from_secs(100)))
        .max_retries(0)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert_eq!(started.elapsed().as_secs(), 100);
}

#[tokio::test(start_paused = true)]
async fn client_timeouts_apply_to_every_request_and_a_request_cannot_set_connect() {
    let server = LocalServer::start(vec![Reply::Delayed(Duration::from_secs(20), Box::new(ok()))]).await;
    let client = Client::builder()
        .read_env(false)
        .api_key(KEY)
        .base_url(&server.url)
        .timeout(openai_sdk::Timeout::new().read(Duration::from_secs(15)).connect(Duration::from_secs(2)))
        .max_retries(0u32)
        .build()
        .unwrap();
    assert_eq!(client.config().timeout().read_limit(), Some(Duration::from_secs(15)));
    assert_eq!(client.config().timeout().connect_limit(), Some(Duration::from_secs(2)));
    let err = client.get("/models").await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert_eq!(server.received()[0].header("x-stainless-read-timeout"), Some("15"));
    // The request's read timeout wins over the client's.
    client.get("/models").timeout(Duration::from_secs(25)).await.unwrap();
    let err =
        client.get("/models").timeout(openai_sdk::Timeout::new().connect(Duration::from_secs(1))).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(ref m) if m.contains("per client")), "{err:?}");
}

#[tokio::test]
async fn any_retry_after_too_large_for_a_duration_is_a_status_error_not_a_panic() {
    for (header, value) in [
        ("retry-after", "99999999999999999999999999999999999"),
        ("retry-after-ms", "99999999999999999999999999999999999999"),
        ("retry-after", "1e308"),
        ("retry-after-ms", "18446744073709551616000"),
    ] {
        let server = LocalServer::start(vec![rate_limited(header, value), ok()]).await;
        let err = client(&server.url).get("/models").await.unwrap_err();
        assert!(matches!(err, Error::RateLimit(_)), "{header}: {value}: {err:?}");
        assert_eq!(server.retry_counts(), ["0"], "{header}: {value}");
    }
}

#[tokio::test]
async fn a_stream_that_ends_at_done_gives_its_connection_back() {
    // The body goes on a little after `[DONE]` (as a body's end may arrive in a later
    // packet): dropped unread, the connection would close.
    let done = Reply::paced_sse(vec![
        (Duration::ZERO, b"data: {\"n\": 1}\n\n".to_vec()),
        (Duration::ZERO, b"data: [DONE]\n\n".to_vec()),
        (Duration::from_millis(30), b": end\n\n".to_vec()),
    ]);
    let server = LocalServer::start(vec![done]).await;
    let client = client(&server.url);
    for _ in 0..3 {
        let events: Vec<_> = client
            .post("/chat/completions")
            .returning::<openai_sdk::EventStream<Value>>()
            .await
            .unwrap()
            .collect()
            .await;
        assert_eq!(events.len(), 1);
        // The rest of the body is read in the background: let that finish.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(server.received().len(), 3);
    assert_eq!(server.connections(), 1, "every request after the first reused its connection");
}

#[tokio::test]
async fn a_header_can_be_left_out_of_one_request() {
    let server = LocalServer::start(vec![ok()]).await;
    let client = Client::builder()
        .read_env(false)
        .api_key(KEY)
        .base_url(&server.url)
        .default_header("x-team", "search")
        .build()
        .unwrap();
    client
        .get("/assistants")
        .omit_header("x-team")
        .omit_header("x-stainless-retry-count")
        .omit_header("OpenAI-Beta")
        .await
        .unwrap();
    // Options of a derived client leave it out of all its requests; a request can set it again.
    let quiet = client.with_options(RequestOptions::new().omit_header("x-team"));
    quiet.get("/models").await.unwrap();
    quiet.get("/models").header("x-team", "again").await.unwrap();
    client.get("/models").await.unwrap();
    let err = client.get("/models").omit_header("bad name").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    let sent = server.received();
    assert_eq!(sent[0].header("x-team"), None);
    assert_eq!(sent[0].header("x-stainless-retry-count"), None);
    assert_eq!(sent[0].header("openai-beta"), None);
    assert_eq!(sent[0].header("x-stainless-lang"), Some("rust"));
    assert_eq!(sent[1].header("x-team"), None);
    assert_eq!(sent[2].header("x-team"), Some("again"));
    assert_eq!(sent[3].header("x-team"), Some("search"));
    assert_eq!(sent.len(), 4);
}

fn rate_limited(header: &str, value: &str) -> Reply {
    Reply::json(429, r#"{"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}}"#)
        .header(header, value)
}

#[tokio::test]
async fn rate_limits_honour_each_retry_header_form() {
    let in_one_second = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(1));
    for (header, value) in [("retry-after-ms", "10"), ("retry-after", "0.01"), ("retry-after", in_one_second.as_str())]
    {
        let server = LocalServer::start(vec![rate_limited(header, value), ok()]).await;
        let response = client(&server.url).get("/models").await.unwrap();
        assert_eq!(response["ok"], true, "{header}: {value}");
        assert_eq!(server.retry_counts(), ["0", "1"], "{header}: {value}");
    }
}

#[tokio::test]
async fn a_server_delay_over_120_seconds_is_not_retried() {
    let server = LocalServer::start(vec![rate_limited("retry-after", "121"), ok()]).await;
    let err = client(&server.url).get("/models").await.unwrap_err();
    let Error::RateLimit(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.message, "slow down");
    assert_eq!(api.code, Some(ErrorCode::String("rate_limit_exceeded".into())));
    assert_eq!(server.retry_counts(), ["0"]);
}

#[tokio::test]
async fn a_server_error_then_success_succeeds() {
    let failing = Reply::json(500, r#"{"error": {"message": "boom"}}"#).header("retry-after-ms", "1");
    let server = LocalServer::start(vec![failing, ok()]).await;
    client(&server.url).get("/models").await.unwrap();
    assert_eq!(server.retry_counts(), ["0", "1"]);
}

#[tokio::test]
async fn repeated_server_errors_end_in_an_internal_server_error() {
    let failing = Reply::json(503, r#"{"error": {"message": "down"}}"#).header("retry-after-ms", "1");
    let server = LocalServer::start(vec![failing]).await;
    let err = client(&server.url).get("/models").await.unwrap_err();
    assert!(matches!(err, Error::InternalServer(_)), "{err:?}");
    assert_eq!(server.retry_counts(), ["0", "1", "2"]);
}

#[tokio::test]
async fn x_should_retry_overrides_the_status() {
    let bad = Reply::json(400, r#"{"error": {"message": "try again"}}"#)
        .header("x-should-retry", "true")
        .header("retry-after-ms", "1");
    let server = LocalServer::start(vec![bad, ok()]).await;
    client(&server.url).get("/models").await.unwrap();
    assert_eq!(server.retry_counts(), ["0", "1"]);

    let unavailable = Reply::json(503, r#"{"error": {"message": "no"}}"#).header("x-should-retry", "false");
    let server = LocalServer::start(vec![unavailable, ok()]).await;
    let err = client(&server.url).get("/models").await.unwrap_err();
    assert!(matches!(err, Error::InternalServer(_)), "{err:?}");
    assert_eq!(server.retry_counts(), ["0"]);
}

#[tokio::test]
async fn max_retries_zero_sends_once() {
    let failing = Reply::json(500, "{}").header("retry-after-ms", "1");
    let server = LocalServer::start(vec![failing, ok()]).await;
    let no_retries =
        Client::builder().read_env(false).api_key(KEY).base_url(&server.url).max_retries(0u32).build().unwrap();
    assert!(no_retries.get("/models").await.is_err());
    assert_eq!(server.retry_counts(), ["0"]);
}

#[tokio::test]
async fn status_errors_carry_every_detail() {
    let body =
        r#"{"error": {"message": "No such model", "type": "invalid_request_error", "code": 404, "param": "model"}}"#;
    let server = LocalServer::start(vec![Reply::json(404, body).header("x-request-id", "req_404")]).await;
    let err = client(&server.url).get("/models/nope").await.unwrap_err();
    assert_eq!(err.request_id(), Some("req_404"));
    let Error::NotFound(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.message, "No such model");
    assert_eq!(api.error_type.as_deref(), Some("invalid_request_error"));
    assert_eq!(api.code, Some(ErrorCode::Number(404)));
    assert_eq!(api.param.as_deref(), Some("model"));
    assert_eq!(api.headers["x-request-id"], "req_404");
    assert!(err.to_string().contains("No such model") && err.to_string().contains("req_404"), "{err}");
}

#[tokio::test]
async fn each_status_has_its_kind() {
    type IsKind = fn(&Error) -> bool;
    let cases: &[(u16, IsKind)] = &[
        (400, |e| matches!(e, Error::BadRequest(_))),
        (401, |e| matches!(e, Error::Authentication(_))),
        (403, |e| matches!(e, Error::PermissionDenied(_))),
        (404, |e| matches!(e, Error::NotFound(_))),
        (409, |e| matches!(e, Error::Conflict(_))),
        (422, |e| matches!(e, Error::UnprocessableEntity(_))),
        (429, |e| matches!(e, Error::RateLimit(_))),
        (500, |e| matches!(e, Error::InternalServer(_))),
        (418, |e| matches!(e, Error::Status(_))),
    ];
    for (status, is_kind) in cases {
        let server = LocalServer::start(vec![Reply::json(*status, "{}")]).await;
        let err = client(&server.url).get("/x").max_retries(0).await.unwrap_err();
        assert!(is_kind(&err), "{status}: {err:?}");
    }
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let html = Reply::Status { status: 502, headers: vec![], body: "<html>Bad gateway</html>".into() };
    let server = LocalServer::start(vec![html]).await;
    let err = client(&server.url).get("/x").max_retries(0).await.unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.message, "<html>Bad gateway</html>");
    assert!(api.body.is_none());
}

#[tokio::test]
async fn a_body_that_does_not_decode_keeps_the_raw_body() {
    let server = LocalServer::start(vec![Reply::json(200, r#"{"id": 5}"#).header("x-request-id", "req_d")]).await;
    #[derive(serde::Deserialize, Debug)]
    struct Model {
        #[allow(dead_code)]
        id: String,
    }
    let err = client(&server.url).get("/models/x").returning::<Model>().await.unwrap_err();
    let Error::Decode { body, request_id, .. } = &err else { panic!("{err:?}") };
    assert_eq!(&body[..], br#"{"id": 5}"#);
    assert_eq!(request_id.as_deref(), Some("req_d"));
}

#[tokio::test]
async fn every_request_carries_the_documented_headers() {
    let server = LocalServer::start(vec![ok()]).await;
    let client = Client::builder()
        .read_env(false)
        .api_key(KEY)
        .organization("org_1")
        .project("proj_1")
        .base_url(&server.url)
        .default_header("x-custom", "1")
        .build()
        .unwrap();
    client.post("/chat/completions").body(&json!({"model": "m"})).await.unwrap();
    let sent = &server.received()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/chat/completions");
    let expect = [
        ("authorization", format!("Bearer {KEY}")),
        ("openai-organization", "org_1".into()),
        ("openai-project", "proj_1".into()),
        ("accept", "application/json".into()),
        ("content-type", "application/json".into()),
        ("user-agent", format!("OpenAI/Rust {}", openai_sdk::VERSION)),
        ("x-stainless-lang", "rust".into()),
        ("x-stainless-package-version", openai_sdk::VERSION.into()),
        ("x-stainless-runtime", "rust".into()),
        ("x-stainless-retry-count", "0".into()),
        ("x-stainless-read-timeout", "600".into()),
        ("x-custom", "1".into()),
    ];
    for (name, value) in expect {
        assert_eq!(sent.header(name), Some(value.as_str()), "{name}");
    }
    for name in ["x-stainless-os", "x-stainless-arch", "x-stainless-runtime-version"] {
        assert!(sent.header(name).is_some_and(|v| !v.is_empty()), "{name}");
    }
    assert!(sent.header("openai-beta").is_none());
    assert_eq!(sent.json(), json!({"model": "m"}));
}

#[tokio::test]
#[allow(deprecated)] // The Assistants API is deprecated, and still served.
async fn user_headers_win_and_beta_and_admin_endpoints_are_handled() {
    let server = LocalServer::start(vec![ok(), ok(), ok(), ok(), ok(), ok()]).await;
    let client = Client::builder()
        .read_env(false)
        .api_key(KEY)
        .admin_key("sk-admin-1")
        .base_url(&server.url)
        .default_header("user-agent", "mine/1")
        .build()
        .unwrap();
    // Each generated method sends what spec/operations.yaml and the spec's `security` say.
    client.beta().assistants().list().await.unwrap();
    client.beta().chatkit().threads().list().await.unwrap();
    client.admin().organization().users().list().header("x-stainless-lang", "custom").await.unwrap();
    // A custom request: the API key, no beta header, whatever the path.
    client.get("/assistants").await.unwrap();
    client.get("/organization/users").await.unwrap();
    let sent = server.received();
    assert_eq!(sent[0].header("user-agent"), Some("mine/1"));
    assert_eq!(sent[0].header("openai-beta"), Some("assistants=v2"));
    assert_eq!(sent[1].header("openai-beta"), Some("chatkit_beta=v1"));
    assert_eq!(sent[0].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(sent[2].header("authorization"), Some("Bearer sk-admin-1"));
    assert_eq!(sent[2].header("x-stainless-lang"), Some("custom"));
    assert_eq!(sent[2].header("openai-beta"), None);
    assert_eq!(sent[3].header("openai-beta"), None);
    assert_eq!(sent[3].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(sent[4].header("authorization"), Some(format!("Bearer {KEY}").as_str()));

    // With only an admin key, a custom request sends it; an API-key operation cannot be sent.
    let admin_only = Client::builder().read_env(false).admin_key("sk-admin-1").base_url(&server.url).build().unwrap();
    admin_only.get("/organization/projects").await.unwrap();
    assert_eq!(server.received()[5].header("authorization"), Some("Bearer sk-admin-1"));
    let error = admin_only.models().list().await.unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

#[tokio::test]
async fn default_headers_win_over_what_each_request_sets() {
    let server = LocalServer::start(vec![Reply::json(500, "{}").header("retry-after-ms", "1"), ok()]).await;
    let client = Client::builder()
        .read_env(false)
        .api_key(KEY)
        .base_url(&server.url)
        .max_retries(1u32)
        .default_header("openai-beta", "assistants=v9")
        .default_header("content-type", "application/x-mine")
        .default_header("x-stainless-retry-count", "mine")
        .default_header("x-stainless-read-timeout", "mine")
        .build()
        .unwrap();
    #[allow(deprecated)] // The Assistants API is deprecated, and still served.
    client.beta().assistants().list().timeout(Duration::from_secs(5)).await.unwrap();
    let sent = server.received();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(request.header("openai-beta"), Some("assistants=v9"));
        assert_eq!(request.header("content-type"), Some("application/x-mine"));
        assert_eq!(request.header("x-stainless-retry-count"), Some("mine"));
        assert_eq!(request.header("x-stainless-read-timeout"), Some("mine"));
    }
}

#[tokio::test]
async fn a_request_without_a_body_sends_no_content_type_and_a_retry_counts_itself() {
    let server = LocalServer::start(vec![Reply::json(500, "{}").header("retry-after-ms", "1"), ok()]).await;
    let client =
        Client::builder().read_env(false).api_key(KEY).base_url(&server.url).max_retries(1u32).build().unwrap();
    client.get("/models").timeout(Duration::from_secs(7)).await.unwrap();
    let sent = server.received();
    assert_eq!(server.retry_counts(), ["0", "1"]);
    for request in &sent {
        assert_eq!(request.header("content-type"), None);
        assert_eq!(request.header("x-stainless-read-timeout"), Some("7"));
    }
}

#[tokio::test]
async fn per_request_options_override_the_client() {
    let server = LocalServer::start(vec![Reply::json(500, "{}").header("retry-after-ms", "1"), ok(), ok()]).await;
    let base = client(&server.url);
    let derived = base.with_options(RequestOptions::new().header("x-team", "a").query("trace", "1"));
    let err = derived
        .post("/chat/completions")
        .body(&json!({"model": "m", "n": 1}))
        .max_retries(0)
        .header("x-team", "b")
        .query("page", "2")
        .body_field("n", 2)
        .body_field("extra", "yes")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InternalServer(_)));
    let sent = &server.received()[0];
    assert_eq!(sent.header("x-team"), Some("b"));
    assert_eq!(sent.target, "/chat/completions?trace=1&page=2");
    assert_eq!(sent.json(), json!({"model": "m", "n": 2, "extra": "yes"}));
    assert_eq!(server.retry_counts(), ["0"]);
    // The base client is untouched by its derived client's options.
    base.get("/models").await.unwrap();
    assert!(server.received()[1].header("x-team").is_none());
    // A request without options of its own takes the derived client's.
    derived.get("/models").await.unwrap();
    assert_eq!(server.received()[2].header("x-team"), Some("a"));
    assert_eq!(server.received()[2].target, "/models?trace=1");
}

#[tokio::test]
async fn query_params_use_brackets() {
    let server = LocalServer::start(vec![ok()]).await;
    client(&server.url)
        .get("/files")
        .query_params(&json!({"limit": 2, "include": ["a", "b"], "after": null, "flag": false}))
        .await
        .unwrap();
    // Key order follows serde_json's map order, which a feature of serde_json can change.
    let target = server.received()[0].target.clone();
    let (path, query) = target.split_once('?').unwrap();
    let mut pairs: Vec<&str> = query.split('&').collect();
    pairs.sort();
    assert_eq!(path, "/files");
    assert_eq!(pairs, ["flag=false", "include%5B%5D=a", "include%5B%5D=b", "limit=2"]);
}

#[tokio::test]
async fn raw_and_streaming_responses() {
    let server =
        LocalServer::start(vec![Reply::json(200, "line one\r\nline two\nlast").header("x-request-id", "req_r")]).await;
    let raw = client(&server.url).get("/x").raw().await.unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.request_id(), Some("req_r"));
    assert_eq!(raw.text(), "line one\r\nline two\nlast");
    let streaming = client(&server.url).get("/x").streaming().await.unwrap();
    assert_eq!(streaming.request_id(), Some("req_r"));
    let lines: Vec<String> = streaming.lines().map(|l| l.unwrap()).collect().await;
    assert_eq!(lines, ["line one", "line two", "last"]);
    let typed_later = client(&server.url).get("/x").raw().await.unwrap().json::<Value>();
    assert!(matches!(typed_later, Err(Error::Decode { .. })));
}

#[tokio::test]
async fn a_path_must_start_with_a_slash() {
    let err = client("http://127.0.0.1:9").get("models").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

#[test]
fn missing_credentials_name_the_options() {
    let err = Client::builder().read_env(false).build().unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Config(_)));
    assert!(text.contains("OPENAI_API_KEY") && text.contains("api_key"), "{text}");
    let err = Client::azure().read_env(false).api_key("k").build().unwrap_err();
    assert!(err.to_string().contains("OPENAI_API_VERSION"), "{err}");
}

#[test]
fn debug_never_shows_a_key() {
    let builder = Client::builder()
        .read_env(false)
        .api_key(KEY)
        .admin_key("sk-admin-secret")
        .default_header("authorization", "Bearer sk-header-secret");
    let builder_debug = format!("{builder:?}");
    let client = builder.base_url("http://127.0.0.1:9").build().unwrap();
    let azure = Client::azure()
        .read_env(false)
        .azure_endpoint("http://127.0.0.1:9")
        .api_version("v")
        .api_key("az-secret")
        .build()
        .unwrap();
    for debug in [builder_debug, format!("{client:?}"), format!("{:?}", client.config()), format!("{azure:?}")] {
        for secret in [KEY, "sk-admin-secret", "sk-header-secret", "az-secret"] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
}

#[tokio::test]
async fn azure_rewrites_paths_and_authenticates_with_api_key() {
    let server = LocalServer::start(vec![ok()]).await;
    let client = Client::azure()
        .read_env(false)
        .azure_endpoint(format!("{}/", server.url))
        .api_version("2024-10-21")
        .api_key("az-key")
        .build()
        .unwrap();
    // The generated method of a per-deployment endpoint routes by the body's model.
    let embedding = openai_sdk::types::CreateEmbeddingRequest::new("x", "embed-deploy");
    let _ = client.embeddings().create(&embedding).await;
    client.post("/chat/completions").body(&json!({"model": "gpt-4o-deploy"})).azure_per_deployment().await.unwrap();
    client.get("/files").await.unwrap();
    // A deployment endpoint without a model is sent as it is, as openai-python does.
    client.post("/embeddings").body(&json!({"input": "x"})).azure_per_deployment().await.unwrap();
    // A custom request is sent to its path as given unless it asks to be routed.
    client.post("/chat/completions").body(&json!({"model": "gpt-4o-deploy"})).await.unwrap();
    let sent = server.received();
    assert_eq!(sent[0].target, "/openai/deployments/embed-deploy/embeddings?api-version=2024-10-21");
    assert_eq!(sent[1].target, "/openai/deployments/gpt-4o-deploy/chat/completions?api-version=2024-10-21");
    assert_eq!(sent[1].header("api-key"), Some("az-key"));
    assert!(sent[1].header("authorization").is_none());
    assert_eq!(sent[2].target, "/openai/files?api-version=2024-10-21");
    assert_eq!(sent[3].target, "/openai/embeddings?api-version=2024-10-21");
    assert_eq!(sent[4].target, "/openai/chat/completions?api-version=2024-10-21");
}

#[tokio::test]
async fn azure_with_a_fixed_deployment_routes_only_deployment_endpoints_under_it() {
    let server = LocalServer::start(vec![ok()]).await;
    let client = Client::azure()
        .read_env(false)
        .azure_endpoint(&server.url)
        .azure_deployment("fixed")
        .api_version("v1")
        .api_key("az-key")
        .build()
        .unwrap();
    client.get("/models").await.unwrap();
    client.post("/chat/completions").body(&json!({"model": "other"})).azure_per_deployment().await.unwrap();
    client.post("/files").body(&json!({"purpose": "x"})).await.unwrap();
    let sent = server.received();
    assert_eq!(sent[0].target, "/openai/models?api-version=v1");
    assert_eq!(sent[1].target, "/openai/deployments/fixed/chat/completions?api-version=v1");
    assert_eq!(sent[2].target, "/openai/files?api-version=v1");
}

#[tokio::test]
async fn azure_base_url_with_a_deployment_gets_no_second_one() {
    let server = LocalServer::start(vec![ok()]).await;
    let client = Client::azure()
        .read_env(false)
        .base_url(format!("{}/openai/deployments/mine", server.url))
        .api_version("v1")
        .api_key("az-key")
        .build()
        .unwrap();
    client.post("/chat/completions").body(&json!({"model": "other"})).await.unwrap();
    client.get("/models").await.unwrap();
    let sent = server.received();
    assert_eq!(sent[0].target, "/openai/deployments/mine/chat/completions?api-version=v1");
    assert_eq!(sent[1].target, "/openai/deployments/mine/models?api-version=v1");
}

#[tokio::test]
async fn azure_calls_the_token_provider_on_every_attempt() {
    let server = LocalServer::start(vec![Reply::json(500, "{}").header("retry-after-ms", "1"), ok()]).await;
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let client = Client::azure()
        .read_env(false)
        .azure_endpoint(&server.url)
        .azure_deployment("fixed")
        .api_version("v1")
        .azure_ad_token_provider(move || {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async move { Ok(format!("token-{n}")) }
        })
        .build()
        .unwrap();
    client.post("/chat/completions").body(&json!({"model": "ignored"})).azure_per_deployment().await.unwrap();
    let sent = server.received();
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert_eq!(sent[0].header("authorization"), Some("Bearer token-0"));
    assert_eq!(sent[1].header("authorization"), Some("Bearer token-1"));
    assert_eq!(sent[1].target, "/openai/deployments/fixed/chat/completions?api-version=v1");
}

#[tokio::test]
async fn undeclared_properties_stay_reachable() {
    let body = r#"{"id": "m1", "object": "model", "created": 1, "owned_by": "openai", "new_field": {"deep": [1, 2]}}"#;
    let server = LocalServer::start(vec![Reply::json(200, body)]).await;
    // A custom request decodes into the type its `let` names.
    let model: openai_sdk::ApiResponse<openai_sdk::types::Model> =
        client(&server.url).get("/models/m1").json().await.unwrap();
    assert_eq!(model.id, "m1");
    assert_eq!(model.raw_field("/new_field/deep/1"), Some(json!(2)));
    assert_eq!(model.raw_json().unwrap()["owned_by"], "openai");
    assert_eq!(model.raw_field("/missing"), None);
    // Written back as JSON without a cargo feature: as sent, undeclared properties included.
    assert_eq!(serde_json::from_str::<Value>(&model.to_json()).unwrap(), serde_json::from_str::<Value>(body).unwrap());
    assert!(model.to_json_pretty().unwrap().contains("\n  \"id\": \"m1\""));
}

#[tokio::test]
async fn a_base_url_path_prefixes_every_request_and_encoded_parameters_stay_encoded() {
    let server = LocalServer::start(vec![Reply::json(200, r#"{"id": "file a/b"}"#)]).await;
    let client = client(&format!("{}/v1/", server.url));
    client.files().retrieve("file a/b?x").await.unwrap();
    assert_eq!(server.received()[0].target, "/v1/files/file%20a%2Fb%3Fx");
    // The same path again, another, and the first once more, each with its own query.
    client.files().retrieve("file a/b?x").query("n", "1").await.unwrap();
    client.get("/models").await.unwrap();
    client.files().retrieve("file a/b?x").await.unwrap();
    let targets: Vec<String> = server.received().iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets[1..], ["/v1/files/file%20a%2Fb%3Fx?n=1", "/v1/models", "/v1/files/file%20a%2Fb%3Fx"]);
}
