//! The blocking client: the same requests, options and errors, without an async runtime.

#[path = "../../openai-sdk/tests/local_server/mod.rs"]
mod local_server;

use local_server::{LocalServer, Reply};
use openai_sdk::{blocking, Client, Error, RequestOptions};
use serde_json::{json, Value};
use std::time::Duration;

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
    let response = client(&server.url).post("/models").body(&json!({"a": 1})).send().unwrap();
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

fn chat_request() -> openai_sdk::types::CreateChatCompletionRequest {
    use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
    CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hi").into()], "gpt-4o")
}

const COMPLETION: &str = r#"{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
    "message": {"role": "assistant", "content": "Hello", "refusal": null}}]}"#;

#[test]
fn typed_resources_send_the_async_methods_request() {
    let (_runtime, server) = server(vec![Reply::json(200, COMPLETION).header("x-request-id", "req_1")]);
    let completion =
        client(&server.url).chat().completions().create(chat_request()).timeout(Duration::from_secs(5)).send().unwrap();
    assert_eq!(completion.choices[0].message.content.as_deref(), Some("Hello"));
    assert_eq!(completion.request_id(), Some("req_1"));
    let sent = &server.received()[0];
    assert_eq!((sent.method.as_str(), sent.target.as_str()), ("POST", "/chat/completions"));
    assert_eq!(sent.json()["messages"][0]["content"], "Hi");
}

#[test]
fn a_whole_response_method_refuses_stream_true_before_sending() {
    let (_runtime, server) = server(vec![]);
    let err = client(&server.url).chat().completions().create(chat_request().stream(true)).send().unwrap_err();
    let Error::InvalidRequest(message) = err else { panic!("{err:?}") };
    assert!(message.contains("client.chat().completions().create_stream"), "{message}");
    assert!(server.received().is_empty());
}

#[test]
fn list_items_walk_every_page_and_list_with_takes_parameters() {
    let page = |ids: &[&str], more: bool| {
        let data: Vec<Value> = ids
            .iter()
            .map(|id| json!({"id": id, "object": "file", "bytes": 1, "created_at": 1, "filename": "a", "purpose": "batch", "status": "processed"}))
            .collect();
        Reply::json(200, &json!({"object": "list", "data": data, "has_more": more}).to_string())
    };
    let (_runtime, server) =
        server(vec![page(&["file-1", "file-2"], true), page(&["file-3"], false), page(&[], false)]);
    let client = client(&server.url);
    let ids: Vec<String> = client.files().list().items().map(|file| file.unwrap().id).collect();
    assert_eq!(ids, ["file-1", "file-2", "file-3"]);
    let targets: Vec<String> = server.received().iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets, ["/files", "/files?after=file-2"]);

    let first = client.files().list_with(openai_sdk::types::FilesListParams::new().limit(1)).send().unwrap();
    assert!(first.data.is_empty() && !first.has_next_page());
    assert_eq!(server.received()[2].target, "/files?limit=1");
}

#[test]
fn a_page_fetches_the_next_by_hand() {
    let (_runtime, server) = server(vec![Reply::json(
        200,
        r#"{"object": "list", "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "o"}], "has_more": true}"#,
    )]);
    let page = client(&server.url).models().list().send().unwrap();
    assert_eq!(page.data[0].id, "m1");
    // The models list has no cursor: it is one page.
    assert!(page.next_page().unwrap().is_none());
}

#[test]
fn streams_are_iterators_of_typed_events() {
    let chunk = |content: &str| {
        format!(
            "data: {}\n\n",
            json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
                "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": null}]})
        )
        .into_bytes()
    };
    let (_runtime, server) = server(vec![Reply::sse(vec![chunk("Hel"), chunk("lo"), b"data: [DONE]\n\n".to_vec()])]);
    let stream = client(&server.url).chat().completions().create_stream(chat_request()).send().unwrap();
    let text: String =
        stream.map(|chunk| chunk.unwrap().choices[0].delta.content.clone().unwrap_or_default()).collect();
    assert_eq!(text, "Hello");
    assert_eq!(server.received()[0].json()["stream"], true);
}

#[test]
fn a_broken_stream_is_an_error_item_and_ends_it() {
    let (_runtime, server) = server(vec![Reply::sse(vec![b"data: {not json\n\n".to_vec()])]);
    let events: Vec<_> =
        client(&server.url).chat().completions().create_stream(chat_request()).send().unwrap().collect();
    assert!(matches!(events.as_slice(), [Err(_)]), "{events:?}");
}

#[test]
fn downloads_and_uploads() {
    let (_runtime, server) = server(vec![
        Reply::json(200, "binary \u{1} body"),
        Reply::json(200, "second"),
        Reply::json(
            200,
            r#"{"id": "file-9", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.jsonl", "purpose": "batch", "status": "uploaded"}"#,
        ),
    ]);
    let client = client(&server.url);
    let mut out = Vec::new();
    let written = client.files().content("file-1").send().unwrap().write_to(&mut out).unwrap();
    assert_eq!((written, out.as_slice()), (13, "binary \u{1} body".as_bytes()));
    assert_eq!(client.files().content("file-1").send().unwrap().bytes().unwrap(), "second");

    use openai_sdk::types::{CreateFileRequest, CreateFileRequestPurpose};
    let file = openai_sdk::InputFile::from_bytes(&b"{}\n"[..]).file_name("a.jsonl");
    let uploaded = client.files().create(CreateFileRequest::new(file, CreateFileRequestPurpose::Batch)).send().unwrap();
    assert_eq!(uploaded.id, "file-9");
    let sent = &server.received()[2];
    assert!(sent.header("content-type").unwrap().starts_with("multipart/form-data"));
    assert!(String::from_utf8_lossy(&sent.body).contains("filename=\"a.jsonl\""));
}

#[test]
fn a_failed_write_is_a_write_error() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (_runtime, server) = server(vec![Reply::json(200, "bytes")]);
    let err = client(&server.url).files().content("file-1").send().unwrap().write_to(&mut Broken).unwrap_err();
    assert!(matches!(err, Error::Write(_)), "{err:?}");
}

#[test]
fn custom_requests_decode_into_an_annotated_type() {
    let (_runtime, server) =
        server(vec![Reply::json(200, r#"{"id": "m1", "object": "model", "created": 1, "owned_by": "o"}"#)]);
    let model: openai_sdk::ApiResponse<openai_sdk::types::Model> =
        client(&server.url).get("/models/m1").json().unwrap();
    assert_eq!(model.owned_by, "o");
}

/// A chat completion chunk of `content`, as an SSE event.
fn content_chunk(content: &str, finish: Option<&str>) -> Vec<u8> {
    format!(
        "data: {}\n\n",
        json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}]})
    )
    .into_bytes()
}

#[derive(Debug, PartialEq, serde::Deserialize, openai_sdk::schemars::JsonSchema)]
#[schemars(crate = "openai_sdk::schemars")]
struct City {
    name: String,
    population: u64,
}

#[test]
fn parse_sends_the_schema_and_parses_the_reply_blocking() {
    let reply = COMPLETION.replace("\"Hello\"", r#""{\"name\": \"Oslo\", \"population\": 709000}""#);
    let (_runtime, server) = server(vec![Reply::json(200, &reply)]);
    let parsed = client(&server.url).chat().completions().parse::<City>(chat_request()).unwrap();
    assert_eq!(parsed.parsed(), Some(&City { name: "Oslo".into(), population: 709000 }));
    let format = &server.received()[0].json()["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["json_schema"]["strict"], true);
    assert_eq!(format["json_schema"]["schema"]["required"], json!(["name", "population"]));
}

#[test]
fn a_stream_manager_iterates_blocking_and_gives_the_final_completion() {
    let (_runtime, server) = server(vec![Reply::sse(vec![
        content_chunk("{\"name\": \"Oslo\", ", None),
        content_chunk("\"population\": 709000}", Some("stop")),
        b"data: [DONE]\n\n".to_vec(),
    ])]);
    let mut stream = client(&server.url).chat().completions().stream_parse::<City>(chat_request()).unwrap();
    let first = stream.next().unwrap().unwrap();
    assert_eq!(first.kind(), "chunk", "{first:?}");
    // The snapshot so far, through the manager the iterator wraps.
    assert_eq!(stream.content(0), Some("{\"name\": \"Oslo\", "));
    let completion = stream.final_completion().unwrap();
    assert_eq!(completion.parsed(), Some(&City { name: "Oslo".into(), population: 709000 }));
    assert!(stream.next().is_none());
    assert_eq!(server.received()[0].json()["stream"], true);
}

#[test]
fn a_polling_helper_polls_blocking_until_a_terminal_state() {
    let run = |status: &str| {
        json!({"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
            "assistant_id": "asst_1", "status": status, "model": "gpt-4o", "instructions": "", "tools": [],
            "metadata": {}, "parallel_tool_calls": true})
        .to_string()
    };
    let fast = |status: &str| Reply::json(200, &run(status)).header("openai-poll-after-ms", "1");
    let (_runtime, server) = server(vec![fast("queued"), fast("in_progress"), fast("completed")]);
    let body = openai_sdk::types::CreateRunRequest::new("asst_1");
    #[allow(deprecated)] // The Assistants API is deprecated; its helpers stay while it serves.
    let done = client(&server.url)
        .beta()
        .threads()
        .runs()
        .create_and_poll("thread_1", body, openai_sdk::PollOptions::new())
        .unwrap();
    assert_eq!(done.status.as_str(), "completed");
    let targets: Vec<String> = server.received().iter().map(|r| format!("{} {}", r.method, r.target)).collect();
    assert_eq!(
        targets,
        ["POST /threads/thread_1/runs", "GET /threads/thread_1/runs/run_1", "GET /threads/thread_1/runs/run_1"]
    );
    assert_eq!(server.received()[1].header("x-stainless-poll-helper"), Some("true"));
}

/// The blocking client goes through the same seam: a test double answers it, with no
/// server, and sees its requests.
#[test]
fn the_blocking_client_takes_a_test_double() {
    use openai_sdk::testing::{MockResponse, MockTransport};
    let mock = MockTransport::new();
    let _ = mock.on_operation("models.retrieve").respond(
        MockResponse::json(json!({"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}))
            .header("x-ratelimit-remaining-requests", "7"),
    );
    let client = blocking::Client::from_builder(mock.client_builder()).unwrap();
    let model = client.models().retrieve("gpt-4o").send().unwrap();
    assert_eq!(model.id, "gpt-4o");
    assert_eq!(model.rate_limit().unwrap().remaining_requests, Some(7));
    assert_eq!(mock.requests()[0].path, "/models/gpt-4o");
}
