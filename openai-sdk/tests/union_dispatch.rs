//! Untagged unions choose the most specific arm a value fits, across nested unions: ten
//! unions of the Responses, Chat, Realtime and Assistants APIs, each fed a value of each
//! arm that matters (the ambiguous ones above all), and the arm chosen checked.

#![cfg(feature = "full")]

use openai_sdk::types::*;
use serde_json::json;

/// Decodes `$json` as `$ty` and checks the value matches `$arm`.
macro_rules! chosen {
    ($ty:ty, $json:expr, $arm:pat) => {{
        let json = $json;
        let value: $ty = serde_json::from_value(json.clone()).expect("decodes");
        assert!(matches!(value, $arm), "{} from {json}: got {value:?}", stringify!($ty));
        value
    }};
}

#[test]
fn input_items_pick_the_most_specific_arm_across_nested_unions() {
    chosen!(InputItem, json!({"role": "user", "content": "hi"}), InputItem::EasyInputMessage(_));
    chosen!(
        InputItem,
        json!({"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}),
        InputItem::EasyInputMessage(_)
    );
    // A stored assistant message: its id and status make it an output message, and its
    // parts are output text, not unknown input parts.
    let stored = chosen!(
        InputItem,
        json!({"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
               "content": [{"type": "output_text", "text": "hello", "annotations": []}]}),
        InputItem::Item(Item::OutputMessage(_))
    );
    let InputItem::Item(Item::OutputMessage(message)) = stored else { unreachable!() };
    assert_eq!(message.id, "msg_1");
    assert!(matches!(&message.content[0], OutputMessageContent::OutputText(t) if t.text == "hello"));
    chosen!(
        InputItem,
        json!({"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"}),
        InputItem::Item(Item::FunctionToolCall(_))
    );
    chosen!(
        InputItem,
        json!({"type": "function_call_output", "call_id": "c1", "output": "42"}),
        InputItem::Item(Item::FunctionCallOutputItemParam(_))
    );
    chosen!(InputItem, json!({"type": "item_reference", "id": "msg_1"}), InputItem::ItemReferenceParam(_));
    chosen!(InputItem, json!({"type": "something_new", "x": 1}), InputItem::Unknown(_));
}

#[test]
fn items_pick_their_arm() {
    chosen!(
        Item,
        json!({"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}),
        Item::InputMessage(_)
    );
    chosen!(
        Item,
        json!({"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["q"]}),
        Item::FileSearchToolCall(_)
    );
    chosen!(
        Item,
        json!({"type": "image_generation_call", "id": "ig_1", "status": "completed", "result": null}),
        Item::ImageGenToolCall(_)
    );
    chosen!(
        Item,
        json!({"type": "custom_tool_call", "call_id": "c", "name": "n", "input": "x"}),
        Item::CustomToolCall(_)
    );
}

#[test]
fn chat_tool_calls_and_content_parts_pick_their_type() {
    chosen!(
        ChatCompletionMessageToolCallUnion,
        json!({"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}),
        ChatCompletionMessageToolCallUnion::Function(_)
    );
    chosen!(
        ChatCompletionMessageToolCallUnion,
        json!({"id": "call_2", "type": "custom", "custom": {"name": "g", "input": "x"}}),
        ChatCompletionMessageToolCallUnion::Custom(_)
    );
    chosen!(
        ChatCompletionMessageToolCallUnion,
        json!({"id": "call_3", "type": "later"}),
        ChatCompletionMessageToolCallUnion::Unknown(_)
    );
    chosen!(
        ChatCompletionRequestAssistantMessageContentPart,
        json!({"type": "text", "text": "t"}),
        ChatCompletionRequestAssistantMessageContentPart::Text(_)
    );
    chosen!(
        ChatCompletionRequestAssistantMessageContentPart,
        json!({"type": "refusal", "refusal": "no"}),
        ChatCompletionRequestAssistantMessageContentPart::Refusal(_)
    );
}

#[test]
fn assistant_stream_events_pick_their_family() {
    let thread = json!({"id": "thread_1", "object": "thread", "created_at": 1, "metadata": {}, "tool_resources": null});
    chosen!(
        AssistantStreamEvent,
        json!({"event": "thread.created", "data": thread}),
        AssistantStreamEvent::ThreadStreamEvent(_)
    );
    let run = json!({"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "t", "assistant_id": "a",
                     "status": "queued", "model": "m", "instructions": null, "tools": []});
    chosen!(
        AssistantStreamEvent,
        json!({"event": "thread.run.created", "data": run}),
        AssistantStreamEvent::RunStreamEvent(RunStreamEvent::ThreadRunCreated(_))
    );
    let delta = json!({"id": "msg_1", "object": "thread.message.delta", "delta": {"content": []}});
    chosen!(
        AssistantStreamEvent,
        json!({"event": "thread.message.delta", "data": delta}),
        AssistantStreamEvent::MessageStreamEvent(_)
    );
    chosen!(AssistantStreamEvent, json!({"event": "done", "data": "[DONE]"}), AssistantStreamEvent::DoneEvent(_));
    chosen!(AssistantStreamEvent, json!({"event": "thread.new_thing", "data": {}}), AssistantStreamEvent::Unknown(_));
}

#[test]
fn content_parts_pick_their_type() {
    chosen!(MessageContent, json!({"type": "input_text", "text": "t"}), MessageContent::InputText(_));
    chosen!(
        MessageContent,
        json!({"type": "output_text", "text": "t", "annotations": []}),
        MessageContent::OutputText(_)
    );
    chosen!(MessageContent, json!({"type": "refusal", "refusal": "no"}), MessageContent::Refusal(_));
    chosen!(
        MessageContent,
        json!({"type": "input_image", "image_url": "https://x/y.png", "detail": "auto"}),
        MessageContent::InputImage(_)
    );
    chosen!(InputContent, json!({"type": "input_text", "text": "t"}), InputContent::InputText(_));
    chosen!(InputContent, json!({"type": "input_file", "file_id": "file-1"}), InputContent::InputFile(_));
    chosen!(
        OutputMessageContent,
        json!({"type": "output_text", "text": "t", "annotations": []}),
        OutputMessageContent::OutputText(_)
    );
    chosen!(OutputMessageContent, json!({"type": "refusal", "refusal": "no"}), OutputMessageContent::Refusal(_));
}

#[test]
fn responses_stream_events_realtime_events_and_tools_pick_their_type() {
    chosen!(
        ResponseStreamEvent,
        json!({"type": "response.output_text.delta", "item_id": "i", "output_index": 0, "content_index": 0,
               "delta": "hel", "sequence_number": 3, "logprobs": []}),
        ResponseStreamEvent::ResponseOutputTextDelta(_)
    );
    chosen!(
        RealtimeServerEvent,
        json!({"type": "error", "event_id": "e", "error": {"type": "invalid_request_error", "message": "bad"}}),
        RealtimeServerEvent::Error(_)
    );
    chosen!(Tool, json!({"type": "function", "name": "f", "parameters": {}, "strict": true}), Tool::FunctionTool(_));
    chosen!(Tool, json!({"type": "file_search", "vector_store_ids": ["vs_1"]}), Tool::FileSearchTool(_));
    chosen!(Tool, json!({"type": "mcp", "server_label": "s", "server_url": "https://x"}), Tool::McpTool(_));
}

/// A union of open string enums takes the value in the arm that knows it: `gpt-4o` is a
/// shared model, not an unknown Responses-only one. A value no arm knows stays in the first
/// open enum, as text sent back unchanged.
#[test]
fn unions_of_string_enums_pick_the_arm_that_knows_the_value() {
    chosen!(ModelIdsResponses, json!("gpt-4o"), ModelIdsResponses::Shared(ModelIdsShared::Gpt4o));
    chosen!(
        ModelIdsResponses,
        json!("o1-pro"),
        ModelIdsResponses::ResponsesOnlyModel(ModelIdsResponsesResponsesOnlyModel::O1Pro)
    );
    let unknown = chosen!(
        ModelIdsResponses,
        json!("my-fine-tune"),
        ModelIdsResponses::ResponsesOnlyModel(ModelIdsResponsesResponsesOnlyModel::Unknown(_))
    );
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("my-fine-tune"));
    // Not a string at all: the union's own fallback keeps it.
    chosen!(ModelIdsResponses, json!(7), ModelIdsResponses::Unknown(_));
}
