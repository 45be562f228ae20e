//! The generated types accept what a newer API may send, and send it back unchanged.

use openai_sdk::types::*;
use serde_json::{json, Value};

fn chat_completion(extra: Value) -> Value {
    let mut body = json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{
            "index": 0,
            "finish_reason": "stop",
            "logprobs": null,
            "message": {"role": "assistant", "content": "hi", "refusal": null}
        }]
    });
    if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
        body.extend(extra);
    }
    body
}

#[test]
fn a_new_field_is_ignored() {
    let body = chat_completion(json!({"brand_new_field": {"nested": [1, 2]}}));
    let parsed: CreateChatCompletionResponse = serde_json::from_value(body).unwrap();
    assert_eq!(parsed.id, "chatcmpl-1");
    assert_eq!(parsed.choices[0].message.content.as_deref(), Some("hi"));
}

#[test]
fn a_new_enum_value_is_kept_and_sent_back_unchanged() {
    let mut body = chat_completion(json!({}));
    body["choices"][0]["finish_reason"] = json!("a_reason_from_the_future");
    let parsed: CreateChatCompletionResponse = serde_json::from_value(body).unwrap();
    let reason = &parsed.choices[0].finish_reason;
    assert_eq!(*reason, CreateChatCompletionResponseChoicesFinishReason::Unknown("a_reason_from_the_future".into()));
    assert_eq!(reason.as_str(), "a_reason_from_the_future");
    let back = serde_json::to_value(&parsed).unwrap();
    assert_eq!(back["choices"][0]["finish_reason"], "a_reason_from_the_future");
}

#[test]
fn known_enum_values_parse_to_their_variants() {
    let reason: CreateChatCompletionResponseChoicesFinishReason = serde_json::from_value(json!("tool_calls")).unwrap();
    assert_eq!(reason, CreateChatCompletionResponseChoicesFinishReason::ToolCalls);
    assert_eq!(serde_json::to_value(&reason).unwrap(), json!("tool_calls"));
}

#[test]
fn a_new_tagged_union_variant_keeps_its_raw_json() {
    let item = json!({"type": "hologram_call", "id": "h_1", "frames": [1, 2, 3]});
    let parsed: OutputItem = serde_json::from_value(item.clone()).unwrap();
    match &parsed {
        OutputItem::Unknown(raw) => assert_eq!(raw, &item),
        other => panic!("expected the fallback variant, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&parsed).unwrap(), item);
}

#[test]
fn a_known_tag_dispatches_to_its_variant() {
    let item = json!({
        "type": "function_call", "id": "fc_1", "call_id": "call_1",
        "name": "get_weather", "arguments": "{}", "status": "completed"
    });
    match serde_json::from_value::<OutputItem>(item).unwrap() {
        OutputItem::FunctionCall(call) => assert_eq!(call.name, "get_weather"),
        other => panic!("expected a function call, got {other:?}"),
    }
}

#[test]
fn a_new_untagged_union_shape_keeps_its_raw_json() {
    // Tool choice is a mode string or one of several objects; a number fits none of them,
    // and neither does an object with a type no variant has.
    for value in [json!(42), json!({"type": "teleport", "name": "x"})] {
        let parsed: ToolChoiceParam = serde_json::from_value(value.clone()).unwrap();
        assert!(matches!(parsed, ToolChoiceParam::Unknown(_)), "{parsed:?}");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
    }
}

#[test]
fn untagged_unions_pick_the_variant_whose_fields_and_constants_fit() {
    let mode: ToolChoiceParam = serde_json::from_value(json!("required")).unwrap();
    assert!(matches!(mode, ToolChoiceParam::Options(ToolChoiceOptions::Required)), "{mode:?}");
    let function: ToolChoiceParam = serde_json::from_value(json!({"type": "function", "name": "f"})).unwrap();
    assert!(matches!(function, ToolChoiceParam::Function(_)), "{function:?}");
    // Same required fields as a function choice; told apart by the constant `type`.
    let custom: ToolChoiceParam = serde_json::from_value(json!({"type": "custom", "name": "f"})).unwrap();
    assert!(matches!(custom, ToolChoiceParam::Custom(_)), "{custom:?}");
}

#[test]
fn a_required_field_a_response_omits_becomes_its_zero_value() {
    let mut body = chat_completion(json!({}));
    body.as_object_mut().unwrap().remove("created");
    let parsed: CreateChatCompletionResponse = serde_json::from_value(body).unwrap();
    assert_eq!(parsed.created, 0);
}

/// The type alone stays strict under plain serde: leaving out a value that does not fit is
/// the response path's work (`openai-sdk/tests/lenient_decoding.rs`), where the raw body
/// keeps the original.
#[test]
fn plain_serde_still_refuses_a_wrong_type() {
    let body = chat_completion(json!({"created": "yesterday"}));
    assert!(serde_json::from_value::<CreateChatCompletionResponse>(body).is_err());
}

#[test]
fn request_unions_build_from_their_variants() {
    let content = ChatCompletionRequestUserMessageContent::from("hello".to_string());
    assert_eq!(serde_json::to_value(&content).unwrap(), json!("hello"));
}
