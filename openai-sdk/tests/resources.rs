//! Generated methods send what the spec describes (verb, encoded path, query, body, the
//! right credential and beta header) and decode into the generated types.

#![cfg(feature = "full")]

mod local_server;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply};
use openai_sdk::types::{ChatCompletionsListParams, ListChatCompletionsOrder};
use openai_sdk::{Client, Error};

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key("sk-r").admin_key("sk-admin").base_url(url).build().unwrap()
}

#[tokio::test]
async fn path_parameters_are_encoded_and_responses_typed() {
    let body = r#"{"id": "gpt/4o", "object": "model", "created": 1, "owned_by": "openai"}"#;
    let server = LocalServer::start(vec![Reply::json(200, body)]).await;
    let model = client(&server.url).models().retrieve("gpt/4o").await.unwrap();
    assert_eq!(model.id, "gpt/4o");
    let sent = &server.received()[0];
    assert_eq!((sent.method.as_str(), sent.target.as_str()), ("GET", "/models/gpt%2F4o"));
    assert_eq!(sent.header("authorization"), Some("Bearer sk-r"));
}

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    let err = client(&server.url).models().retrieve("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn query_parameters_come_from_their_generated_struct() {
    let list = r#"{"object": "list", "data": [], "first_id": "a", "last_id": "b", "has_more": false}"#;
    let server = LocalServer::start(vec![Reply::json(200, list)]).await;
    let params = ChatCompletionsListParams::new().limit(5).order(ListChatCompletionsOrder::Desc);
    let page = client(&server.url).chat().completions().list_with(params).await.unwrap();
    assert_eq!(page.has_more, Some(false));
    assert!(!page.has_next_page());
    let target = &server.received()[0].target;
    assert!(target.starts_with("/chat/completions?"), "{target}");
    assert!(target.contains("limit=5") && target.contains("order=desc") && !target.contains("after"), "{target}");
}

#[tokio::test]
async fn admin_and_beta_endpoints_get_their_credential_and_header() {
    let server =
        LocalServer::start(vec![Reply::json(200, r#"{"object": "list", "data": [], "has_more": false}"#)]).await;
    let client = client(&server.url);
    let _ = client.admin().organization().projects().roles().list("proj_1").raw().await.unwrap();
    let _ = client.vector_stores().retrieve("vs_1").raw().await.unwrap();
    let sent = server.received();
    assert_eq!(sent[0].target, "/projects/proj_1/roles");
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-admin"));
    assert_eq!(sent[1].target, "/vector_stores/vs_1");
    assert_eq!(sent[1].header("openai-beta"), Some("assistants=v2"));
}

#[tokio::test]
async fn beta_responses_keep_their_fixed_query() {
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    let _ = client(&server.url).beta().responses().retrieve("resp_1").raw().await.unwrap();
    assert_eq!(server.received()[0].target, "/responses/resp_1?beta=true");
}

#[tokio::test]
async fn binary_responses_stream_and_write_to_disk_byte_for_byte() {
    // Every byte value, several times over, in a body larger than one read.
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let reply = Reply::Chunked {
        headers: vec![("content-type".into(), "application/octet-stream".into())],
        pieces: content.chunks(8192).map(<[u8]>::to_vec).collect(),
        pause: std::time::Duration::ZERO,
        cut: false,
    };
    let server = LocalServer::start(vec![reply]).await;
    let client = client(&server.url);
    let streamed: Vec<u8> =
        client.files().content("file-1").await.unwrap().bytes_stream().map(|c| c.unwrap().to_vec()).concat().await;
    assert_eq!(streamed, content);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("download.bin");
    let written = client.files().content("file-1").await.unwrap().write_to_file(&path).await.unwrap();
    assert_eq!(written, content.len() as u64);
    assert_eq!(std::fs::read(&path).unwrap(), content);
    assert_eq!(server.received()[0].target, "/files/file-1/content");
}

#[tokio::test]
async fn a_download_to_an_unwritable_path_names_the_path() {
    let server = LocalServer::start(vec![Reply::json(200, "x")]).await;
    let path = std::path::Path::new("/no/such/dir/out.bin");
    let err = client(&server.url).files().content("file-1").await.unwrap().write_to_file(path).await.unwrap_err();
    assert!(matches!(&err, Error::File { path: p, .. } if p == path), "{err:?}");
    assert!(err.to_string().contains("/no/such/dir/out.bin"), "{err}");
}

#[tokio::test]
async fn request_bodies_are_built_with_new_and_setters() {
    use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
    let completion = r#"{"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                     "message": {"role": "assistant", "content": "hi", "refusal": null}}]}"#;
    let server = LocalServer::start(vec![Reply::json(200, completion)]).await;
    let request =
        CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hello").into()], "gpt-4o")
            .temperature(0.5)
            .max_completion_tokens(10);
    let response = client(&server.url).chat().completions().create(request).await.unwrap();
    assert_eq!(response.choices[0].message.content.as_deref(), Some("hi"));
    assert_eq!(
        server.received()[0].json(),
        serde_json::json!({
            "messages": [{"role": "user", "content": "Hello"}],
            "model": "gpt-4o",
            "temperature": 0.5,
            "max_completion_tokens": 10
        })
    );
}

#[tokio::test]
async fn a_request_body_can_be_lent_and_sent_again() {
    use openai_sdk::types::{
        ChatCompletionRequestAssistantMessage, ChatCompletionRequestUserMessage, CreateChatCompletionRequest,
    };
    let completion = r#"{"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                     "message": {"role": "assistant", "content": "hi", "refusal": null}}]}"#;
    let server = LocalServer::start(vec![Reply::json(200, completion), Reply::json(200, completion)]).await;
    let client = client(&server.url);
    // A conversation kept by the caller: each turn sends it by reference, then grows it.
    let mut conversation =
        CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hello").into()], "gpt-4o");
    let reply = client.chat().completions().create(&conversation).await.unwrap();
    conversation.messages.push(
        ChatCompletionRequestAssistantMessage::new().content(reply.choices[0].message.content.clone().unwrap()).into(),
    );
    conversation.messages.push(ChatCompletionRequestUserMessage::new("Again").into());
    client.chat().completions().create(&conversation).await.unwrap();
    let sent = server.received();
    assert_eq!(sent[0].json()["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        sent[1].json()["messages"],
        serde_json::json!([
            {"role": "user", "content": "Hello"},
            {"role": "assistant", "content": "hi"},
            {"role": "user", "content": "Again"}
        ])
    );
}

/// Text and image URLs convert into the messages and parts they stand for, and the body
/// sent is what openai-python sends for the same call.
#[test]
fn text_and_image_urls_convert_into_messages_and_parts() {
    use openai_sdk::types::{
        ChatCompletionRequestMessageContentPartImage, ChatCompletionRequestUserMessage, CreateChatCompletionRequest,
        CreateResponse, EasyInputMessage, InputImageContent,
    };
    use serde_json::json;

    let request = CreateResponse::new().model("gpt-4o-mini").input(vec![
        EasyInputMessage::user(vec![
            "What is in this image?".into(),
            InputImageContent::from_url("https://x/a.png").into(),
        ])
        .into(),
        "And this one?".into(),
    ]);
    assert_eq!(
        serde_json::to_value(&request).unwrap()["input"],
        json!([
            {"role": "user", "content": [
                {"type": "input_text", "text": "What is in this image?"},
                {"type": "input_image", "image_url": "https://x/a.png", "detail": "auto"},
            ]},
            {"role": "user", "content": "And this one?"},
        ])
    );

    let image = ChatCompletionRequestMessageContentPartImage::from_url("data:image/png;base64,AA==");
    let message = ChatCompletionRequestUserMessage::new(vec!["Describe it.".into(), image.into()]);
    let request = CreateChatCompletionRequest::new(vec!["Hi".into(), message.into()], "gpt-4o");
    assert_eq!(
        serde_json::to_value(&request).unwrap()["messages"],
        json!([
            {"role": "user", "content": "Hi"},
            {"role": "user", "content": [
                {"type": "text", "text": "Describe it."},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}},
            ]},
        ])
    );
}
