//! Streaming over a real local server: SSE framing in every form the rules allow, typed
//! events from the generated streaming methods, errors mid-stream, cut connections, long
//! streams, dropping a stream, and the helpers that assemble what streams carry.

#![cfg(feature = "full")]

mod local_server;

use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use local_server::{LocalServer, Reply};
use openai_sdk::sse::{SseDecoder, SseEvent};
use openai_sdk::types::{
    AssistantStreamEvent, ChatCompletionRequestUserMessage, CreateChatCompletionRequest,
    CreateChatCompletionStreamResponse, CreateResponse, ResponseStreamEvent, RunStreamEvent,
};
use openai_sdk::{ChatCompletionAccumulator, Client, Error, EventStream};
use proptest::prelude::*;

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key("sk-s").base_url(url).max_retries(0u32).build().unwrap()
}

fn chat_request() -> CreateChatCompletionRequest {
    CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hi").into()], "gpt-4o")
}

fn chunk(content: &str) -> String {
    format!(
        r#"{{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{{"index":0,"delta":{{"content":"{content}"}},"finish_reason":null}}]}}"#
    )
}

/// `text` cut into pieces at every `step` bytes.
fn pieces(text: &[u8], step: usize) -> Vec<Vec<u8>> {
    text.chunks(step.max(1)).map(<[u8]>::to_vec).collect()
}

async fn contents(stream: EventStream<CreateChatCompletionStreamResponse>) -> Vec<Result<String, Error>> {
    stream.map(|chunk| chunk.map(|c| c.choices[0].delta.content.clone().unwrap_or_default())).collect().await
}

#[tokio::test]
async fn a_whole_response_method_refuses_a_body_that_asks_for_a_stream() {
    let server =
        LocalServer::start(vec![Reply::sse(vec![format!("data: {}\n\ndata: [DONE]\n\n", chunk("Hi")).into_bytes()])])
            .await;
    let client = client(&server.url);
    let error = client.chat().completions().create(chat_request().stream(true)).await.unwrap_err();
    let Error::InvalidRequest(message) = &error else { panic!("{error:?}") };
    assert!(message.contains("client.chat().completions().create_stream"), "{message}");
    assert!(server.received().is_empty(), "nothing is sent");
    // `stream(false)`, or the flag left out, is a whole response as before; the `_stream`
    // twin takes a body that sets the flag itself.
    let events = contents(client.chat().completions().create_stream(chat_request().stream(true)).await.unwrap()).await;
    assert_eq!(events.len(), 1);
    let error = client.responses().create(CreateResponse::new().model("gpt-4o").stream(true)).await.unwrap_err();
    assert!(matches!(&error, Error::InvalidRequest(m) if m.contains("client.responses().create_stream")), "{error:?}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn create_stream_sets_the_flag_and_yields_typed_chunks_until_done() {
    let body =
        format!("data: {}\n\ndata: {}\n\ndata: [DONE]\n\ndata: {}\n\n", chunk("Hel"), chunk("lo"), chunk("late"));
    let server = LocalServer::start(vec![Reply::sse(vec![body.into_bytes()]).header("x-request-id", "req_s")]).await;
    let stream = client(&server.url).chat().completions().create_stream(chat_request()).await.unwrap();
    assert_eq!(stream.request_id(), Some("req_s"));
    let got: Vec<String> = contents(stream).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(got, ["Hel", "lo"]);
    let sent = &server.received()[0];
    assert_eq!(sent.json()["stream"], true);
    assert_eq!(sent.json()["model"], "gpt-4o");
}

#[tokio::test]
async fn every_line_ending_comments_and_multiline_data_at_every_split() {
    let event = chunk("x");
    // Split between two JSON tokens: a line break there is whitespace.
    let (head, tail) = event.split_at(event.find("\"object\"").unwrap());
    let bodies = [
        format!(": keep-alive\r\ndata: {event}\r\n\r\ndata: [DONE]\r\n\r\n"),
        format!(": keep-alive\rdata: {event}\r\rdata: [DONE]\r\r"),
        format!(":\ndata:{head}\ndata:{tail}\n\nretry: 10\nid: 1\n\ndata: [DONE]\n\n"),
    ];
    for body in &bodies {
        for step in [1, 2, 3, 7, 64, body.len()] {
            let server = LocalServer::start(vec![Reply::sse(pieces(body.as_bytes(), step))]).await;
            let stream = client(&server.url).chat().completions().create_stream(chat_request()).await.unwrap();
            let got: Vec<String> = contents(stream).await.into_iter().map(Result::unwrap).collect();
            // A data field split over two lines joins with `\n`: JSON tolerates it between tokens.
            assert_eq!(got, ["x"], "{body:?} in pieces of {step}");
        }
    }
}

#[tokio::test]
async fn a_split_at_every_byte_boundary_and_inside_multibyte_characters() {
    let body = format!(
        "data: {}\n\ndata: {}\r\n\r\ndata: [DONE]\n\n",
        chunk("h\u{e9}llo \u{1f980}"),
        chunk("\u{4e16}\u{754c}")
    );
    let bytes = body.as_bytes();
    for split in 0..=bytes.len() {
        let parts = vec![Bytes::copy_from_slice(&bytes[..split]), Bytes::copy_from_slice(&bytes[split..])];
        let stream: EventStream<CreateChatCompletionStreamResponse> =
            EventStream::from_chunks(futures_util::stream::iter(parts.into_iter().map(Ok::<_, std::io::Error>)));
        let got: Vec<String> = contents(stream).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(got, ["h\u{e9}llo \u{1f980}", "\u{4e16}\u{754c}"], "split at {split}");
    }
    // And over the network, one byte per chunk.
    let server = LocalServer::start(vec![Reply::sse(pieces(bytes, 1))]).await;
    let stream = client(&server.url).chat().completions().create_stream(chat_request()).await.unwrap();
    assert_eq!(contents(stream).await.len(), 2);
}

#[tokio::test]
async fn an_error_payload_mid_stream_is_an_api_error_and_ends_the_stream() {
    let error = r#"{"error": {"message": "The server had an error", "type": "server_error", "code": "overloaded"}}"#;
    let body = format!("data: {}\n\ndata: {error}\n\ndata: {}\n\n", chunk("a"), chunk("b"));
    let server = LocalServer::start(vec![Reply::sse(vec![body.into_bytes()])]).await;
    let stream = client(&server.url).chat().completions().create_stream(chat_request()).await.unwrap();
    let items = contents(stream).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), "a");
    match &items[1] {
        Err(Error::Stream(api)) => {
            assert_eq!(api.message, "The server had an error");
            assert_eq!(api.error_type.as_deref(), Some("server_error"));
        }
        other => panic!("expected a stream error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_connection_cut_mid_event_is_an_error_item_not_a_silent_end() {
    let body = format!("data: {}\n\n", chunk("a"));
    let reply = Reply::Chunked {
        headers: vec![("content-type".into(), "text/event-stream".into())],
        pieces: vec![body.into_bytes()],
        pause: Duration::ZERO,
        cut: true,
    };
    let server = LocalServer::start(vec![reply]).await;
    let stream = client(&server.url).chat().completions().create_stream(chat_request()).await.unwrap();
    let items = contents(stream).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(items[1], Err(Error::Connection { .. })), "{:?}", items[1]);
}

#[tokio::test]
async fn ten_thousand_events_arrive_in_order() {
    let mut body = String::new();
    for i in 0..12_000 {
        body.push_str(&format!("data: {}\n\n", chunk(&i.to_string())));
    }
    body.push_str("data: [DONE]\n\n");
    let server = LocalServer::start(vec![Reply::sse(pieces(body.as_bytes(), 1500))]).await;
    let stream = client(&server.url).chat().completions().create_stream(chat_request()).await.unwrap();
    let got = contents(stream).await;
    assert_eq!(got.len(), 12_000);
    assert!(got.iter().enumerate().all(|(i, c)| c.as_deref().ok() == Some(i.to_string().as_str())));
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    // An endless trickle of events: only a closed connection stops the server writing.
    let reply = Reply::Chunked {
        headers: vec![("content-type".into(), "text/event-stream".into())],
        pieces: (0..100_000).map(|i| format!("data: {}\n\n", chunk(&i.to_string())).into_bytes()).collect(),
        pause: Duration::from_millis(2),
        cut: false,
    };
    let server = LocalServer::start(vec![reply]).await;
    let mut stream = client(&server.url).chat().completions().create_stream(chat_request()).await.unwrap();
    for _ in 0..3 {
        stream.next().await.unwrap().unwrap();
    }
    drop(stream);
    let mut waited = Duration::ZERO;
    while server.abandoned() == 0 && waited < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += Duration::from_millis(10);
    }
    assert_eq!(server.abandoned(), 1, "the server kept writing to a dropped stream");
}

#[tokio::test]
async fn assistants_streams_take_the_type_from_the_event_name() {
    let run = r#"{"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "t", "assistant_id": "a", "status": "queued", "model": "gpt-4o", "instructions": "", "tools": [], "metadata": {}, "parallel_tool_calls": true}"#;
    let body = format!(
        "event: thread.run.created\ndata: {run}\n\nevent: thread.future.thing\ndata: {{\"x\": 1}}\n\nevent: done\ndata: [DONE]\n\n"
    );
    let server = LocalServer::start(vec![Reply::sse(vec![body.into_bytes()])]).await;
    let events: Vec<_> = client(&server.url)
        .beta()
        .threads()
        .runs()
        .create_stream("t", openai_sdk::types::CreateRunRequest::new("a"))
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(events.len(), 2, "{events:?}");
    match &events[0] {
        Ok(AssistantStreamEvent::RunStreamEvent(RunStreamEvent::ThreadRunCreated(created))) => {
            assert_eq!(created.data.id, "run_1")
        }
        other => panic!("expected thread.run.created, got {other:?}"),
    }
    // An event this SDK does not know is a value, not an error.
    assert!(
        matches!(&events[1], Ok(AssistantStreamEvent::Unknown(v)) if v["event"] == "thread.future.thing"),
        "{:?}",
        events[1]
    );
    assert_eq!(server.received()[0].json()["stream"], true);
}

#[tokio::test]
async fn an_assistants_error_event_ends_the_stream_with_an_api_error() {
    let body =
        "event: error\ndata: {\"message\": \"boom\", \"type\": \"server_error\"}\n\nevent: done\ndata: [DONE]\n\n";
    let stream: EventStream<AssistantStreamEvent> =
        EventStream::from_chunks(futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(body))]));
    let events: Vec<_> = stream.collect().await;
    assert!(matches!(&events[..], [Err(Error::Stream(api))] if api.message == "boom"), "{events:?}");
}

#[tokio::test]
async fn responses_streams_give_text_deltas_and_the_final_response() {
    let response = |status: &str, text: &str| {
        format!(
            r#"{{"id":"resp_1","object":"response","created_at":1,"status":"{status}","model":"gpt-4o","output":[{{"type":"message","id":"m1","role":"assistant","status":"completed","content":[{{"type":"output_text","text":"{text}","annotations":[],"logprobs":[]}}]}}],"parallel_tool_calls":true,"tool_choice":"auto","tools":[]}}"#
        )
    };
    let delta = |d: &str| {
        format!(
            r#"{{"type":"response.output_text.delta","item_id":"m1","output_index":0,"content_index":0,"delta":"{d}","sequence_number":1,"logprobs":[]}}"#
        )
    };
    let body = format!(
        "event: response.created\ndata: {{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{}}}\n\nevent: response.output_text.delta\ndata: {}\n\nevent: response.output_text.delta\ndata: {}\n\nevent: response.completed\ndata: {{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":{}}}\n\n",
        response("in_progress", ""),
        delta("Hello"),
        delta(", world"),
        response("completed", "Hello, world")
    );
    let server = LocalServer::start(vec![Reply::sse(vec![body.clone().into_bytes()])]).await;
    let client = client(&server.url);
    let request = CreateResponse::default().model("gpt-4o").input("Say hello");
    let deltas: Vec<String> = client
        .responses()
        .create_stream(request.clone())
        .await
        .unwrap()
        .text_deltas()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(deltas, ["Hello", ", world"]);
    let done = client.responses().create_stream(request).await.unwrap().final_response().await.unwrap();
    assert_eq!(done.output_text(), "Hello, world");
    let events: Vec<ResponseStreamEvent> =
        EventStream::from_chunks(futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(body))]))
            .map(Result::unwrap)
            .collect()
            .await;
    assert!(matches!(events[0], ResponseStreamEvent::ResponseCreated(_)));
}

#[tokio::test]
async fn retrieve_stream_sets_the_query_flag() {
    let server = LocalServer::start(vec![Reply::sse(vec![b"data: [DONE]\n\n".to_vec()])]).await;
    let events: Vec<_> = client(&server.url).responses().retrieve_stream("resp_1").await.unwrap().collect().await;
    assert!(events.is_empty());
    assert_eq!(server.received()[0].target, "/responses/resp_1?stream=true");
}

#[test]
fn chat_chunks_assemble_into_the_completion() {
    let chunks = [
        r#"{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":{"content":[{"token":"a","logprob":-0.1,"bytes":[97],"top_logprobs":[]}]},"finish_reason":null}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Let me ","tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}},{"index":1,"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"logprobs":{"content":[{"token":"b","logprob":-0.2,"bytes":[98],"top_logprobs":[]}]},"finish_reason":null}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"check.","tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":"tool_calls"}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}"#,
    ];
    let mut accumulator = ChatCompletionAccumulator::new();
    for chunk in chunks {
        accumulator.push(&serde_json::from_str(chunk).unwrap()).unwrap();
    }
    let snapshot = accumulator.snapshot();
    let message = &snapshot["choices"][0]["message"];
    assert_eq!(message["content"], "Let me check.");
    assert_eq!(message["role"], "assistant");
    assert_eq!(message["tool_calls"][0]["function"]["arguments"], "{\"city\":\"Paris\"}");
    assert_eq!(message["tool_calls"][0]["function"]["name"], "get_weather");
    assert_eq!(message["tool_calls"][0]["type"], "function");
    assert_eq!(message["tool_calls"][1]["id"], "call_2");
    assert_eq!(snapshot["choices"][0]["logprobs"]["content"].as_array().unwrap().len(), 2);
    let completion = accumulator.finish().unwrap();
    assert_eq!(completion.id, "c1");
    assert_eq!(completion.usage.as_ref().unwrap().total_tokens, 7);
    assert_eq!(completion.choices[0].message.content.as_deref(), Some("Let me check."));
    assert_eq!(completion.choices[0].message.tool_calls.as_ref().unwrap().len(), 2);
}

fn decode_all(chunks: &[&[u8]]) -> Vec<SseEvent> {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    for chunk in chunks {
        decoder.feed(chunk);
        while let Some(event) = decoder.next_event() {
            out.extend(event.ok());
        }
    }
    out
}

/// Lines of an event stream, with every kind of line end and field.
fn stream_text() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        "[a-z \u{e9}\u{1f600}]{0,12}".prop_map(|v| format!("data: {v}")),
        "[a-z.]{1,8}".prop_map(|v| format!("event: {v}")),
        "[0-9]{1,4}".prop_map(|v| format!("id: {v}")),
        "[0-9a-z]{0,4}".prop_map(|v| format!("retry: {v}")),
        "[a-z ]{0,8}".prop_map(|v| format!(":{v}")),
        Just(String::new()),
    ];
    let end = prop_oneof![Just("\n"), Just("\r"), Just("\r\n")];
    proptest::collection::vec((line, end), 0..40)
        .prop_map(|lines| lines.into_iter().flat_map(|(l, e)| format!("{l}{e}").into_bytes()).collect())
}

proptest! {
    #[test]
    fn any_chunking_yields_the_same_events(text in stream_text(), cuts in proptest::collection::vec(0usize..400, 0..12)) {
        let whole = decode_all(&[&text]);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
        cuts.sort_unstable();
        let mut pieces = Vec::new();
        let mut start = 0;
        for cut in cuts {
            pieces.push(&text[start..cut]);
            start = cut;
        }
        pieces.push(&text[start..]);
        prop_assert_eq!(decode_all(&pieces), whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), step in 1usize..17) {
        let mut decoder = SseDecoder::new();
        for piece in bytes.chunks(step) {
            decoder.feed(piece);
            while decoder.next_event().is_some() {}
        }
    }
}
