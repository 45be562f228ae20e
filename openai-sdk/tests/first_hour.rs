//! Programs written the way openai-python's README reads: each case compiles and sends what
//! it says (the JSON checked), or fails with a typed error.

#![cfg(feature = "full")]

use openai_sdk::types::*;
use openai_sdk::webhooks::{DEFAULT_TOLERANCE, verify};
use serde_json::json;

fn to_json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn model_names_and_other_string_enums_take_a_string() {
    let model: String = std::env::var("NO_SUCH_VAR_FOR_THE_TEST").unwrap_or_else(|_| "gpt-4o-mini".into());
    let job = CreateFineTuningJobRequest::new(model.clone(), "file-1");
    assert_eq!(to_json(&job)["model"], "gpt-4o-mini");
    let request = CreateChatCompletionRequest::new(vec!["Hi".into()], model);
    assert_eq!(to_json(&request)["model"], "gpt-4o-mini");
}

#[test]
fn list_shaped_inputs_take_a_vec_of_str() {
    let request = CreateEmbeddingRequest::new(vec!["a", "b"], "text-embedding-3-small");
    assert_eq!(to_json(&request)["input"], json!(["a", "b"]));
}

#[test]
fn each_role_message_comes_from_text() {
    let developer = ChatCompletionRequestMessage::Developer("Be brief.".into());
    assert_eq!(to_json(&developer), json!({"role": "developer", "content": "Be brief."}));
    let system = ChatCompletionRequestMessage::System("Talk like a pirate.".into());
    assert_eq!(to_json(&system)["role"], "system");
    let assistant = ChatCompletionRequestMessage::Assistant("Arr.".into());
    assert_eq!(to_json(&assistant), json!({"role": "assistant", "content": "Arr."}));
}

/// A tool loop: the model's reply goes back into the conversation as it came.
#[test]
fn a_reply_becomes_the_next_requests_assistant_message() {
    let completion: CreateChatCompletionResponse = serde_json::from_value(json!({
        "id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null, "message": {
            "role": "assistant", "content": null, "refusal": null,
            "tool_calls": [{"id": "call_1", "type": "function",
                "function": {"name": "lookup", "arguments": "{\"city\":\"Oslo\"}"}}]}}]
    }))
    .unwrap();
    let mut messages: Vec<ChatCompletionRequestMessage> = vec!["Weather in Oslo?".into()];
    messages.push(completion.choices[0].message.clone().into());
    let sent = to_json(&messages[1]);
    assert_eq!(sent["role"], "assistant");
    assert_eq!(sent["tool_calls"][0]["id"], "call_1");
    assert_eq!(sent["tool_calls"][0]["function"]["arguments"], "{\"city\":\"Oslo\"}");
    assert!(sent.get("content").is_none(), "{sent}");
}

#[cfg(feature = "structured-outputs")]
#[test]
fn a_strict_tool_error_converts_with_question_mark() {
    #[derive(openai_sdk::schemars::JsonSchema)]
    #[schemars(crate = "openai_sdk::schemars")]
    #[allow(dead_code)]
    struct Lookup {
        tags: std::collections::HashMap<String, String>,
    }
    fn tools() -> openai_sdk::Result<openai_sdk::StrictFunctionTool> {
        let tool = openai_sdk::StrictFunctionTool::new::<Lookup>("lookup")?;
        Ok(tool)
    }
    assert!(matches!(tools(), Err(openai_sdk::Error::Schema(_))));
}

#[test]
fn webhook_headers_come_from_a_hash_map() {
    // openai-python's documented test vector.
    let secret = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c=";
    let payload = r#"{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210, "type": "response.completed", "data": {"id": "resp_123"}}"#;
    let headers: std::collections::HashMap<String, String> = [
        ("Webhook-Id", "wh_685c059ae39c8190af8c71ed1022a24d"),
        ("webhook-timestamp", "1750861210"),
        ("webhook-signature", "v1,gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY="),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1750861210);
    assert_eq!(verify(payload.as_bytes(), &(&headers).into(), secret, DEFAULT_TOLERANCE, now), Ok(()));
    let client = openai_sdk::Client::builder().read_env(false).api_key("sk").webhook_secret(secret).build().unwrap();
    // The same map, by reference or moved, through the client's helper (too old here).
    assert!(client.webhooks().verify_signature(payload, &headers).is_err());
    assert!(client.webhooks().verify_signature(payload, headers).is_err());
}

#[test]
fn images_from_bytes_and_files_are_sent_inline() {
    let part = InputImageContent::from_bytes([1u8, 2, 3], "image/png");
    assert_eq!(to_json(&part)["image_url"], "data:image/png;base64,AQID");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cat.jpg");
    std::fs::write(&path, [0xffu8, 0xd8]).unwrap();
    let part = ChatCompletionRequestMessageContentPartImage::from_path(&path).unwrap();
    assert_eq!(to_json(&part)["image_url"]["url"], "data:image/jpeg;base64,/9g=");
    let missing = InputImageContent::from_path(dir.path().join("none.png")).unwrap_err();
    assert!(matches!(missing, openai_sdk::Error::File { .. }), "{missing:?}");
}

/// A Responses conversation carried on by hand: the output goes back as input.
#[test]
fn response_output_items_become_input_items() {
    let response: Response = serde_json::from_value(json!({
        "id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o",
        "parallel_tool_calls": true, "tool_choice": "auto", "tools": [],
        "output": [
            {"type": "reasoning", "id": "rs_1", "summary": []},
            {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "lookup",
             "arguments": "{\"city\":\"Oslo\"}", "status": "completed"},
            {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
             "content": [{"type": "output_text", "text": "Checking.", "annotations": [], "logprobs": []}]},
            {"type": "function_call_output", "id": "fco_1", "call_id": "call_1", "output": "sunny", "status": "completed"},
            {"type": "a_future_item", "id": "x_1"}
        ]
    }))
    .unwrap();
    let mut input: Vec<InputItem> = vec!["Weather in Oslo?".into()];
    input.extend(response.output_as_input());
    let sent = to_json(&input);
    assert_eq!(sent[1]["type"], "reasoning");
    assert_eq!(sent[1]["id"], "rs_1");
    assert_eq!(sent[2]["type"], "function_call");
    assert_eq!(sent[2]["call_id"], "call_1");
    assert_eq!(sent[2]["arguments"], "{\"city\":\"Oslo\"}");
    assert_eq!(sent[3]["type"], "message");
    assert_eq!(sent[3]["content"][0]["text"], "Checking.");
    // Echoed in a form the input does not take: a reference to the stored item.
    assert_eq!(sent[4], json!({"type": "item_reference", "id": "fco_1"}));
    // Unknown to this SDK: its JSON as it came.
    assert_eq!(sent[5], json!({"type": "a_future_item", "id": "x_1"}));
}
