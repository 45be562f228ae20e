//! Testing an application's code with `openai_sdk::testing`: canned responses, the
//! requests it sent, no server and no network. Exits 0 with no server reachable.
//!
//! `cargo run -p openai-sdk --example testing --features testing`

use openai_sdk::testing::{MockResponse, MockTransport};
use openai_sdk::types::CreateChatCompletionRequest;
use openai_sdk::{Client, Error};
use serde_json::json;

/// The application's code: a one-line summary of `text`, or a fallback when rate limited.
async fn headline(client: &Client, text: &str) -> Result<String, Error> {
    let request =
        CreateChatCompletionRequest::new(vec![format!("One line headline for: {text}").into()], "gpt-4o-mini");
    match client.chat().completions().create(request).await {
        Ok(completion) => Ok(completion.choices[0].message.content.clone().unwrap_or_default()),
        Err(Error::RateLimit(_)) => Ok("(headline pending)".into()),
        Err(other) => Err(other),
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mock = MockTransport::new();
    let _ = mock.on_operation("chat.completions.create").respond(MockResponse::json(json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                     "message": {"role": "assistant", "content": "Rust SDK ships", "refusal": null}}]
    })));
    let client = mock.client();
    assert_eq!(headline(&client, "The Rust SDK shipped today.").await?, "Rust SDK ships");
    let sent = &mock.requests()[0];
    assert_eq!(sent.json().unwrap()["model"], "gpt-4o-mini");
    println!("sent {} {} with {}", sent.method, sent.path, sent.json().unwrap()["messages"][0]["content"]);

    // The rate-limited path, without retries so it answers at once.
    let limited = MockTransport::new();
    let _ = limited.on_operation("chat.completions.create").respond(MockResponse::error(429, "Rate limit reached"));
    let client = limited.client_builder().max_retries(0).build()?;
    assert_eq!(headline(&client, "anything").await?, "(headline pending)");
    println!("both paths of `headline` behave, with no server");
    Ok(())
}
