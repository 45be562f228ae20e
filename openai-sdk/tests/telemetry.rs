//! The operation spans of the `telemetry` feature, read by a tracing subscriber as
//! `tracing-opentelemetry` reads them: their names and `gen_ai.*` attributes after
//! OpenTelemetry's GenAI conventions, for whole responses, streams and errors.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use openai_sdk::testing::{MockResponse, MockTransport};
use openai_sdk::types::CreateChatCompletionRequest;
use serde_json::{Value, json};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt};

/// A closed span's recorded fields.
type Fields = BTreeMap<String, String>;

#[derive(Clone, Default)]
struct Spans {
    open: Arc<Mutex<BTreeMap<u64, Fields>>>,
    closed: Arc<Mutex<Vec<Fields>>>,
}

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = Fields::new();
        attrs.record(&mut Collect(&mut fields));
        fields.insert("span.name".into(), attrs.metadata().name().into());
        self.open.lock().unwrap().insert(id.into_u64(), fields);
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some(fields) = self.open.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Collect(fields));
        }
    }
    fn on_close(&self, id: Id, _: Context<'_, S>) {
        if let Some(fields) = self.open.lock().unwrap().remove(&id.into_u64()) {
            self.closed.lock().unwrap().push(fields);
        }
    }
}

/// Runs `body` with the span collector as the thread's subscriber (the tests run on a
/// current-thread runtime, so every poll happens here).
async fn spans_of<F: std::future::Future<Output = ()>>(body: F) -> Vec<Fields> {
    let spans = Spans::default();
    let subscriber = tracing_subscriber::registry().with(spans.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    body.await;
    spans.closed.lock().unwrap().clone()
}

fn completion() -> Value {
    json!({
        "id": "chatcmpl-42", "object": "chat.completion", "created": 1, "model": "gpt-4o-2024-08-06",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Secret answer", "refusal": null},
                     "finish_reason": "stop", "logprobs": null}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}
    })
}

fn request() -> CreateChatCompletionRequest {
    CreateChatCompletionRequest::new(vec!["Private question".into()], "gpt-4o")
}

#[tokio::test]
async fn a_chat_completion_span_carries_the_gen_ai_attributes() {
    let mock = MockTransport::new();
    let _ = mock.on_operation("chat.completions.create").respond(MockResponse::json(completion()));
    let spans = spans_of(async {
        mock.client().chat().completions().create(request()).await.unwrap();
    })
    .await;
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    let expected = [
        ("otel.name", "chat gpt-4o"),
        ("otel.kind", "client"),
        ("gen_ai.operation.name", "chat"),
        ("gen_ai.provider.name", "openai"),
        ("gen_ai.request.model", "gpt-4o"),
        ("gen_ai.response.model", "gpt-4o-2024-08-06"),
        ("gen_ai.response.id", "chatcmpl-42"),
        ("gen_ai.usage.input_tokens", "11"),
        ("gen_ai.usage.output_tokens", "3"),
        ("gen_ai.response.finish_reasons", r#"["stop"]"#),
        ("server.address", "openai-sdk.mock"),
        ("server.port", "80"),
        ("openai.operation", "chat.completions.create"),
        ("http.response.status_code", "200"),
    ];
    for (name, value) in expected {
        assert_eq!(span.get(name).map(String::as_str), Some(value), "{name} in {span:#?}");
    }
    // Content is not captured unless asked.
    assert!(!span.values().any(|v| v.contains("Private question") || v.contains("Secret answer")), "{span:#?}");
    assert!(!span.contains_key("error.type"));
}

#[tokio::test]
async fn content_is_captured_when_asked() {
    let mock = MockTransport::new();
    let _ = mock.on_operation("chat.completions.create").respond(MockResponse::json(completion()));
    let client = mock.client_builder().capture_message_content(true).build().unwrap();
    let spans = spans_of(async {
        client.chat().completions().create(request()).await.unwrap();
    })
    .await;
    let span = &spans[0];
    assert!(span["gen_ai.input.messages"].contains("Private question"), "{span:#?}");
    assert!(span["gen_ai.output.messages"].contains("Secret answer"), "{span:#?}");
}

#[tokio::test]
async fn a_stream_records_its_usage_when_it_ends() {
    let chunk = |delta: Value, finish: Option<&str>| {
        json!({"id": "chatcmpl-7", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini-2024",
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    let usage = json!({"id": "chatcmpl-7", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini-2024",
                       "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11}});
    let events = [chunk(json!({"content": "Hi"}), None), chunk(json!({}), Some("length")), usage];
    let mock = MockTransport::new();
    let _ = mock.on_operation("chat.completions.create").respond(MockResponse::sse(events));
    let spans = spans_of(async {
        let mut stream = mock.client().chat().completions().create_stream(request()).await.unwrap();
        let mut count = 0;
        while let Some(event) = stream.next().await {
            event.unwrap();
            count += 1;
        }
        assert_eq!(count, 3);
    })
    .await;
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    assert_eq!(span["gen_ai.response.id"], "chatcmpl-7");
    assert_eq!(span["gen_ai.response.model"], "gpt-4o-mini-2024");
    assert_eq!(span["gen_ai.usage.input_tokens"], "9");
    assert_eq!(span["gen_ai.usage.output_tokens"], "2");
    assert_eq!(span["gen_ai.response.finish_reasons"], r#"["length"]"#);
}

#[tokio::test]
async fn a_failed_operation_records_its_error_type() {
    let mock = MockTransport::new();
    let _ = mock.on_operation("chat.completions.create").respond(MockResponse::error(400, "bad"));
    let spans = spans_of(async {
        mock.client().chat().completions().create(request()).await.unwrap_err();
    })
    .await;
    let span = &spans[0];
    assert_eq!(span["error.type"], "400");
    assert_eq!(span["otel.status_code"], "ERROR");
    assert_eq!(span["http.response.status_code"], "400");
}

#[tokio::test]
async fn an_operation_outside_the_conventions_gets_a_span_named_after_it() {
    let mock = MockTransport::new();
    let _ = mock
        .on_operation("models.retrieve")
        .respond(MockResponse::json(json!({"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"})));
    let spans = spans_of(async {
        mock.client().models().retrieve("gpt-4o").await.unwrap();
    })
    .await;
    let span = &spans[0];
    assert_eq!(span["otel.name"], "models.retrieve");
    assert!(!span.contains_key("gen_ai.operation.name"), "{span:#?}");
}

#[tokio::test]
async fn a_responses_stream_records_the_response_it_carries() {
    let response = |status: &str, usage: Value| json!({"id": "resp_9", "object": "response", "model": "gpt-4.1-2025", "status": status, "usage": usage});
    let events = [
        json!({"type": "response.created", "sequence_number": 0, "response": response("in_progress", Value::Null)}),
        json!({"type": "response.output_text.delta", "sequence_number": 1, "item_id": "msg_1", "delta": "Hi"}),
        json!({"type": "response.incomplete", "sequence_number": 2,
               "response": {"id": "resp_9", "object": "response", "model": "gpt-4.1-2025", "status": "incomplete",
                            "incomplete_details": {"reason": "max_output_tokens"},
                            "usage": {"input_tokens": 21, "output_tokens": 16, "total_tokens": 37}}}),
    ];
    let mock = MockTransport::new();
    let _ = mock.on("POST", "/responses").respond(MockResponse::sse(events));
    let spans = spans_of(async {
        // A custom request names its GenAI operation itself.
        let stream = mock
            .client()
            .post("/responses")
            .body(&json!({"model": "gpt-4.1", "input": "Hi", "stream": true}))
            .gen_ai_operation("chat")
            .returning::<openai_sdk::EventStream<Value>>()
            .await
            .unwrap();
        assert_eq!(stream.count().await, 3);
    })
    .await;
    let span = &spans[0];
    assert_eq!(span["otel.name"], "chat gpt-4.1");
    assert_eq!(span["gen_ai.response.id"], "resp_9");
    assert_eq!(span["gen_ai.response.model"], "gpt-4.1-2025");
    assert_eq!(span["gen_ai.usage.input_tokens"], "21");
    assert_eq!(span["gen_ai.usage.output_tokens"], "16");
    assert_eq!(span["gen_ai.response.finish_reasons"], r#"["max_output_tokens"]"#);
}
