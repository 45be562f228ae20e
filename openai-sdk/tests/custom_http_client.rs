//! A `reqwest::Client` of the caller's own, built the way the README shows. Its own test
//! binary: the rustls crypto provider is process-wide, and here nothing has installed one
//! before the caller's client is built.

mod local_server;

use local_server::{LocalServer, Reply};
use openai_sdk::Client;

#[tokio::test]
async fn a_client_of_your_own_works_out_of_the_box() {
    let server = LocalServer::start(vec![Reply::json(200, r#"{"ok": true}"#)]).await;
    // Exactly as documented: `Client::builder()` runs before the argument is built.
    let client = Client::builder()
        .read_env(false)
        .api_key("sk-test")
        .base_url(&server.url)
        .http_client(openai_sdk::reqwest::Client::builder().no_proxy().build().expect("reqwest builds"))
        .build()
        .unwrap();
    assert_eq!(client.get("/models").await.unwrap()["ok"], true);

    // The pre-configured builder, with the caller's settings on top.
    let http = openai_sdk::http_client_builder().user_agent("mine/1").build().expect("reqwest builds");
    let client =
        Client::builder().read_env(false).api_key("sk-test").base_url(&server.url).http_client(http).build().unwrap();
    assert_eq!(client.get("/models").await.unwrap()["ok"], true);
    // The SDK's own User-Agent still wins on each request.
    let sent = server.received();
    assert!(sent[1].header("user-agent").unwrap().starts_with("OpenAI/Rust"));
}
