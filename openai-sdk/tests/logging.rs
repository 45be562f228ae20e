//! Log events name each request, response and retry, and never carry bodies or secrets.
//! (A test binary of its own: `tracing` caches which events are enabled per process.)

mod local_server;

use local_server::{LocalServer, Reply};
use openai_sdk::Client;
use serde_json::json;

const KEY: &str = "sk-test-0123456789";

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key(KEY).base_url(url).build().expect("client builds")
}

fn ok() -> Reply {
    Reply::json(200, r#"{"ok": true}"#).header("x-request-id", "req_ok")
}

/// What a test's subscriber writes.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl LogBuffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for LogBuffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_name_requests_and_retries_but_never_secrets() {
    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let failing = Reply::json(500, r#"{"secret_body": "sk-in-body"}"#).header("retry-after-ms", "1");
    let server = LocalServer::start(vec![failing, ok()]).await;
    client(&server.url).post("/chat/completions").body(&json!({"prompt": "private"})).await.unwrap();
    let logs = buffer.text();
    for expected in [
        "sending request",
        "attempt=1",
        "retrying request",
        "reason=\"status 500\"",
        "delay_ms=1",
        "status=500",
        "status=200",
        "request_id=\"req_ok\"",
    ] {
        assert!(logs.contains(expected), "{expected} missing from:\n{logs}");
    }
    for secret in [KEY, "private", "sk-in-body"] {
        assert!(!logs.contains(secret), "{logs}");
    }
}

#[tokio::test]
async fn a_value_left_out_of_a_response_is_logged_with_its_path() {
    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server =
        LocalServer::start(vec![Reply::json(200, r#"{"id": "m", "created": "soon", "owned_by": null}"#)]).await;
    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    struct Model {
        id: String,
        created: i64,
    }
    let model = client(&server.url).get("/models/m").returning::<Model>().await.unwrap();
    assert_eq!((model.id.as_str(), model.created), ("m", 0));
    let logs = buffer.text();
    assert!(logs.contains("WARN") && logs.contains("path=created") && logs.contains("left out"), "{logs}");
}
