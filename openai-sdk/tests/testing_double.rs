//! `openai_sdk::testing`: an application's code tested with canned responses and no
//! network, and record-and-replay of real exchanges (the recording made against a real
//! local server).

mod local_server;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply};
use openai_sdk::testing::{MockResponse, MockTransport, Recorder};
use openai_sdk::types::CreateChatCompletionRequest;
use openai_sdk::{Client, Error};
use serde_json::{Value, json};

fn completion(text: &str) -> Value {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-2024-08-06",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": null},
                     "finish_reason": "stop", "logprobs": null}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}
    })
}

fn chunk(delta: Value, finish: Option<&str>) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-2024-08-06",
           "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
}

/// The application's own code under test: it asks for a summary.
async fn summarize(client: &Client, text: &str) -> openai_sdk::Result<String> {
    let request = CreateChatCompletionRequest::new(vec![format!("Summarize: {text}").into()], "gpt-4o");
    let completion = client.chat().completions().create(request).await?;
    Ok(completion.choices[0].message.content.clone().unwrap_or_default())
}

#[tokio::test]
async fn an_application_function_is_tested_with_a_canned_completion() {
    let mock = MockTransport::new();
    let _ = mock.on_operation("chat.completions.create").respond(MockResponse::json(completion("Short.")));
    let summary = summarize(&mock.client(), "a long text").await.unwrap();
    assert_eq!(summary, "Short.");

    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/chat/completions"));
    assert_eq!(sent.operation, Some("chat.completions.create"));
    assert_eq!(sent.json().unwrap()["messages"][0]["content"], "Summarize: a long text");
    assert_eq!(sent.headers["authorization"], "Bearer sk-test");
}

#[tokio::test]
async fn canned_events_stream_as_typed_chunks() {
    let mock = MockTransport::new();
    let events =
        [chunk(json!({"role": "assistant", "content": "Hel"}), None), chunk(json!({"content": "lo"}), Some("stop"))];
    let _ = mock.on("POST", "/chat/completions").respond(MockResponse::sse(events));
    let request = CreateChatCompletionRequest::new(vec!["Hi".into()], "gpt-4o");
    let mut stream = mock.client().chat().completions().create_stream(request).await.unwrap();
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        text.push_str(chunk.unwrap().choices[0].delta.content.as_deref().unwrap_or(""));
    }
    assert_eq!(text, "Hello");
    assert_eq!(mock.requests()[0].json().unwrap()["stream"], true);
}

#[tokio::test(start_paused = true)]
async fn a_status_error_with_headers_is_retried_as_from_the_api() {
    let mock = MockTransport::new();
    let _ = mock
        .on_operation("chat.completions.create")
        .respond(
            MockResponse::error(429, "Rate limit reached").header("retry-after", "1").header("x-request-id", "req_1"),
        )
        .respond(MockResponse::json(completion("Fine.")));
    assert_eq!(summarize(&mock.client(), "x").await.unwrap(), "Fine.");
    let attempts: Vec<u32> = mock.requests().iter().map(|r| r.attempt).collect();
    assert_eq!(attempts, [1, 2]);

    // Without retries the error is the API's, with its message and headers.
    let mock = MockTransport::new();
    let _ = mock
        .on_operation("chat.completions.create")
        .respond(MockResponse::error(429, "Rate limit reached").header("x-ratelimit-remaining-tokens", "0"));
    let client = mock.client_builder().max_retries(0).build().unwrap();
    let error = summarize(&client, "x").await.unwrap_err();
    let Error::RateLimit(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.message, "Rate limit reached");
    assert_eq!(error.rate_limit().unwrap().remaining_tokens, Some(0));
}

#[tokio::test]
async fn a_request_no_route_answers_is_a_404_that_says_so() {
    let mock = MockTransport::new();
    let error = mock.client().models().retrieve("gpt-4o").await.unwrap_err();
    let Error::NotFound(api) = &error else { panic!("{error:?}") };
    assert!(api.message.contains("no canned response for GET /models/gpt-4o (models.retrieve)"), "{}", api.message);
}

#[tokio::test]
async fn exchanges_recorded_against_a_server_replay_without_it() {
    let server = LocalServer::start(vec![
        Reply::json(200, &completion("Recorded.").to_string()).header("x-request-id", "req_rec"),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("recordings/summary.json");
    let recording = Client::builder()
        .read_env(false)
        .api_key("sk-real")
        .base_url(&server.url)
        .layer(Recorder::new(&file))
        .build()
        .unwrap();
    assert_eq!(summarize(&recording, "text").await.unwrap(), "Recorded.");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("sk-real"), "the key is not recorded: {text}");

    drop(server); // replay needs no server
    let replay = MockTransport::from_recording(&file).unwrap();
    let client = replay.client();
    assert_eq!(summarize(&client, "text").await.unwrap(), "Recorded.");
    let response = client.chat().completions().create(CreateChatCompletionRequest::new(vec!["x".into()], "m")).await;
    assert_eq!(response.unwrap().request_id(), Some("req_rec"));
}

#[tokio::test]
async fn a_recording_that_is_not_one_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(&file, "{\"exchanges\": 3}").unwrap();
    let error = MockTransport::from_recording(&file).unwrap_err();
    assert!(matches!(&error, Error::Config(m) if m.contains("is not a recording")), "{error:?}");
    let error = MockTransport::from_recording(dir.path().join("missing.json")).unwrap_err();
    assert!(matches!(&error, Error::Config(m) if m.contains("cannot read the recording")), "{error:?}");
}
