//! Decoding never loses a response for one value: the nulls the API really sends where the
//! spec forbids them, and a value of the wrong type, in whole responses and in streams.

#![cfg(feature = "full")]

mod local_server;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply};
use openai_sdk::types::{
    AssistantStreamEvent, CreateChatCompletionResponse, EvalRun, FineTuningJob, RunObject, RunStreamEvent,
};
use openai_sdk::{Client, EventStream};
use serde_json::{Value, json};

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key("sk-l").base_url(url).build().unwrap()
}

/// A run as the spec's own examples show it: `instructions` null, though the schema makes
/// it a required string.
fn run_with_null_instructions() -> Value {
    json!({
        "id": "run_abc123", "object": "thread.run", "created_at": 1699075072,
        "assistant_id": "asst_abc123", "thread_id": "thread_abc123", "status": "completed",
        "started_at": 1699075072, "expires_at": null, "cancelled_at": null, "failed_at": null,
        "completed_at": 1699075073, "last_error": null, "model": "gpt-4o", "instructions": null,
        "incomplete_details": null, "tools": [{"type": "code_interpreter"}], "metadata": {},
        "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
        "temperature": 1.0, "top_p": 1.0, "max_prompt_tokens": 1000, "max_completion_tokens": 1000,
        "truncation_strategy": {"type": "auto", "last_messages": null},
        "response_format": "auto", "tool_choice": "auto", "parallel_tool_calls": true
    })
}

#[tokio::test]
async fn a_null_in_a_required_field_decodes_like_an_absent_one() {
    let server = LocalServer::start(vec![Reply::json(200, &run_with_null_instructions().to_string())]).await;
    let run = client(&server.url).get("/threads/thread_abc123/runs/run_abc123").returning::<RunObject>().await.unwrap();
    assert_eq!(run.id, "run_abc123");
    assert_eq!(run.instructions, "");
    assert_eq!(run.usage.as_ref().map(|u| u.total_tokens), Some(579));
    // The original stays reachable.
    assert_eq!(run.raw_field("/instructions"), Some(Value::Null));
}

#[tokio::test]
async fn eval_runs_and_fine_tuning_jobs_with_the_nulls_the_api_sends() {
    let eval_run = json!({
        "object": "eval.run", "id": "evalrun_1", "eval_id": "eval_1", "report_url": "https://x",
        "status": "queued", "model": "o3-mini", "name": "run", "created_at": 1743092069,
        "result_counts": {"total": 0, "errored": 0, "failed": 0, "passed": 0},
        "per_model_usage": null, "per_testing_criteria_results": null,
        "data_source": {"type": "completions", "source": {"type": "file_content", "content": []}},
        "metadata": {}, "error": null
    });
    let job = json!({
        "object": "fine_tuning.job", "id": "ftjob-1", "model": "gpt-4o-mini", "created_at": 1721764800,
        "fine_tuned_model": null, "organization_id": "org-1", "result_files": [], "status": "failed",
        "validation_file": null, "training_file": "file-1", "hyperparameters": {"n_epochs": "auto"},
        "trained_tokens": null, "error": {"code": null, "message": "bad data", "param": null},
        "seed": 7
    });
    let server =
        LocalServer::start(vec![Reply::json(200, &eval_run.to_string()), Reply::json(200, &job.to_string())]).await;
    let client = client(&server.url);
    let run = client.get("/evals/eval_1/runs/evalrun_1").returning::<EvalRun>().await.unwrap();
    assert_eq!(run.id, "evalrun_1");
    assert_eq!(run.raw_field("/per_model_usage"), Some(Value::Null));
    let job = client.get("/fine_tuning/jobs/ftjob-1").returning::<FineTuningJob>().await.unwrap();
    assert_eq!(job.id, "ftjob-1");
    let error = job.error.as_ref().expect("the error object");
    assert_eq!(error.message, "bad data");
    assert_eq!(error.code, "");
}

/// (The warning it logs is checked in `tests/logging.rs`, where every test has a subscriber.)
#[tokio::test]
async fn a_value_of_the_wrong_type_keeps_its_default_and_stays_reachable() {
    let completion = json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": "yesterday", "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                     "message": {"role": "assistant", "content": "hi", "refusal": null}}]
    });
    let server = LocalServer::start(vec![Reply::json(200, &completion.to_string())]).await;
    let completion =
        client(&server.url).post("/chat/completions").returning::<CreateChatCompletionResponse>().await.unwrap();
    assert_eq!(completion.created, 0);
    assert_eq!(completion.choices[0].message.content.as_deref(), Some("hi"));
    assert_eq!(completion.raw_field("/created"), Some(json!("yesterday")));
}

#[tokio::test]
async fn a_stream_event_with_a_null_is_its_own_type_not_unknown() {
    let run = run_with_null_instructions();
    let body = format!(
        "event: thread.run.created\ndata: {run}\n\nevent: thread.run.completed\ndata: {run}\n\nevent: done\ndata: [DONE]\n\n"
    );
    let server = LocalServer::start(vec![Reply::sse(vec![body.into_bytes()])]).await;
    let events: Vec<_> = client(&server.url)
        .post("/threads/thread_abc123/runs")
        .returning::<EventStream<AssistantStreamEvent>>()
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(events.len(), 2, "{events:?}");
    match events[0].as_ref().unwrap() {
        AssistantStreamEvent::RunStreamEvent(RunStreamEvent::ThreadRunCreated(created)) => {
            assert_eq!(created.data.id, "run_abc123");
            assert_eq!(created.data.instructions, "");
        }
        other => panic!("expected thread.run.created, got {other:?}"),
    }
    assert!(matches!(
        events[1].as_ref().unwrap(),
        AssistantStreamEvent::RunStreamEvent(RunStreamEvent::ThreadRunCompleted(_))
    ));
}

#[tokio::test]
async fn a_stream_event_that_cannot_decode_is_an_error_item_with_its_raw_json() {
    let body = "data: {\"id\": \"c\", \"object\": \"chat.completion.chunk\", \"choices\": []}\n\ndata: [1, 2]\n\ndata: [DONE]\n\n";
    let server = LocalServer::start(vec![Reply::sse(vec![body.as_bytes().to_vec()])]).await;
    let events: Vec<_> = client(&server.url)
        .post("/chat/completions")
        .returning::<EventStream<openai_sdk::types::CreateChatCompletionStreamResponse>>()
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].as_ref().unwrap().id, "c");
    let Err(openai_sdk::Error::Decode { body, message, .. }) = &events[1] else { panic!("{:?}", events[1]) };
    assert_eq!(&body[..], b"[1, 2]");
    assert!(!message.is_empty());
}
