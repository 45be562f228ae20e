//! The blocking client: the same requests, options and errors, without an async runtime.

#[path = "../../openai-sdk/tests/local_server/mod.rs"]
mod local_server;

use local_server::{LocalServer, Reply};
use openai_sdk::{blocking, Client, Error, RequestOptions};
use serde_json::{json, Value};

fn server(replies: Vec<Reply>) -> (tokio::runtime::Runtime, LocalServer) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(LocalServer::start(replies));
    (runtime, server)
}

fn client(url: &str) -> blocking::Client {
    blocking::Client::from_builder(Client::builder().read_env(false).api_key("sk-b").base_url(url)).unwrap()
}

#[test]
fn sends_retries_and_decodes() {
    let (_runtime, server) = server(vec![
        Reply::json(500, "{}").header("retry-after-ms", "1"),
        Reply::json(200, r#"{"id": "m1"}"#).header("x-request-id", "req_b"),
    ]);
    let response = client(&server.url).post("/models").body(&json!({"a": 1})).send::<Value>().unwrap();
    assert_eq!(response["id"], "m1");
    assert_eq!(response.request_id(), Some("req_b"));
    assert_eq!(server.retry_counts(), ["0", "1"]);
    assert_eq!(server.received()[1].header("authorization"), Some("Bearer sk-b"));
}

#[test]
fn options_and_errors_match_the_async_client() {
    let (_runtime, server) = server(vec![Reply::json(404, r#"{"error": {"message": "gone"}}"#)]);
    let client = client(&server.url).with_options(RequestOptions::new().header("x-a", "1"));
    let err = client.get("/models/x").options(RequestOptions::new().max_retries(0)).raw().unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert_eq!(server.received()[0].header("x-a"), Some("1"));
}

#[test]
fn inside_an_async_runtime_it_refuses_instead_of_panicking() {
    let (runtime, server) = server(vec![Reply::json(200, "{}")]);
    let client = client(&server.url);
    let result = runtime.block_on(async move { client.get("/models").raw() });
    assert!(matches!(result, Err(Error::InvalidRequest(_))), "{result:?}");
}
