//! Structured outputs, strict tools and the stream managers: the strict schema transform
//! checked against openai-python's own cases (`tests/lib/test_pydantic.py`, its models
//! written as Rust types), then `parse`, tools and streams over a real local server with
//! canned replies, the request bodies checked for the exact schema.

#![cfg(feature = "structured-outputs")]
#![cfg(feature = "chat")]
#![cfg(feature = "responses")]

mod local_server;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply};
use openai_sdk::structured::{SchemaError, strict_schema_for, to_strict_json_schema};
use openai_sdk::types::{
    ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateResponse, ResponseStreamEvent,
};
use openai_sdk::{ChatStreamEvent, Client, Error, ParsedContent, StrictFunctionTool};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

// ---- openai-python's `Query` (tests/lib/schema_types/query.py) ----

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Table {
    Orders,
    Customers,
    Products,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Column {
    Id,
    Status,
    ExpectedDeliveryDate,
    DeliveredAt,
    ShippedAt,
    OrderedAt,
    CanceledAt,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
enum Operator {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "!=")]
    Ne,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case")]
enum OrderBy {
    Asc,
    Desc,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct DynamicValue {
    column_name: String,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
enum ConditionValue {
    Text(String),
    Number(i64),
    Dynamic(DynamicValue),
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Condition {
    column: String,
    operator: Operator,
    value: ConditionValue,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Query {
    name: Option<String>,
    table_name: Table,
    columns: Vec<Column>,
    conditions: Vec<Condition>,
    order_by: OrderBy,
}

#[test]
fn most_types_become_strict_as_in_openai_python() {
    let (name, schema) = strict_schema_for::<Query>().unwrap();
    assert_eq!(name, "Query");
    let closed = |properties: Value, required: Value| json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false});
    assert_eq!(
        schema["$defs"]["Condition"],
        closed(
            json!({"column": {"type": "string"}, "operator": {"$ref": "#/$defs/Operator"}, "value": {"$ref": "#/$defs/ConditionValue"}}),
            json!(["column", "operator", "value"]),
        )
    );
    assert_eq!(
        schema["$defs"]["DynamicValue"],
        closed(json!({"column_name": {"type": "string"}}), json!(["column_name"]))
    );
    assert_eq!(
        schema["$defs"]["ConditionValue"],
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"$ref": "#/$defs/DynamicValue"}]}),
        "a number's storage format (int64) is dropped"
    );
    assert_eq!(schema["$defs"]["Operator"], json!({"type": "string", "enum": ["=", ">", "<", "<=", ">=", "!="]}));
    assert_eq!(schema["$defs"]["Column"]["enum"][2], "expected_delivery_date");
    // Every property required, the optional one nullable; the root closed; no `$schema`.
    assert_eq!(schema["required"], json!(["name", "table_name", "columns", "conditions", "order_by"]));
    assert_eq!(schema["properties"]["name"], json!({"type": ["string", "null"]}));
    assert_eq!(schema["properties"]["conditions"], json!({"type": "array", "items": {"$ref": "#/$defs/Condition"}}));
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema.get("$schema").is_none());
}

/// openai-python's `ColorDetection`: a described enum field (a `$ref` beside a
/// `description`) is inlined with the description kept.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Color {
    Red,
    Blue,
    Green,
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct ColorDetection {
    /// The detected color
    color: Color,
    /// The hex color code of the detected color
    hex_color_code: String,
}

#[test]
fn a_described_reference_is_inlined() {
    let (_, schema) = strict_schema_for::<ColorDetection>().unwrap();
    assert_eq!(
        schema["properties"]["color"],
        json!({"type": "string", "enum": ["red", "blue", "green"], "description": "The detected color"})
    );
    assert_eq!(
        schema["properties"]["hex_color_code"],
        json!({"description": "The hex color code of the detected color", "type": "string"})
    );
    assert_eq!(schema["required"], json!(["color", "hex_color_code"]));
}

/// openai-python's `test_nested_inline_ref_expansion`: Universe → Galaxy → Star, each
/// field described, so each reference is inlined, and what it brings made strict too.
#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct Star {
    /// The name of the star.
    name: String,
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct Galaxy {
    /// The name of the galaxy.
    name: String,
    /// The largest star in the galaxy.
    largest_star: Star,
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct Universe {
    /// The name of the universe.
    name: String,
    /// A galaxy in the universe.
    galaxy: Galaxy,
}

#[test]
fn nested_references_are_inlined_and_made_strict() {
    let (_, schema) = strict_schema_for::<Universe>().unwrap();
    let star = json!({
        "type": "object",
        "properties": {"name": {"description": "The name of the star.", "type": "string"}},
        "required": ["name"],
        "description": "The largest star in the galaxy.",
        "additionalProperties": false,
    });
    let galaxy = &schema["properties"]["galaxy"];
    assert_eq!(galaxy["description"], "A galaxy in the universe.");
    assert_eq!(galaxy["additionalProperties"], false);
    assert_eq!(galaxy["required"], json!(["name", "largest_star"]));
    assert_eq!(galaxy["properties"]["largest_star"], star);
    assert!(galaxy.get("$ref").is_none());
    assert_eq!(schema["$defs"]["Galaxy"]["properties"]["largest_star"], star);
}

/// A serde tagged enum derives as `oneOf`, which strict mode does not take: it becomes
/// `anyOf` (the tags keep the members apart), each member closed.
#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
#[serde(tag = "kind", rename_all = "snake_case")]
enum Shape {
    Circle { radius: f64 },
    Square { side: f64 },
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct Drawing {
    shapes: Vec<Shape>,
}

#[test]
fn tagged_enums_become_any_of() {
    let (_, schema) = strict_schema_for::<Drawing>().unwrap();
    let shape = &schema["$defs"]["Shape"];
    assert!(shape.get("oneOf").is_none());
    assert_eq!(shape["anyOf"][0]["properties"]["radius"], json!({"type": "number"}));
    assert_eq!(shape["anyOf"][1]["required"], json!(["kind", "side"]));
    assert_eq!(shape["anyOf"][1]["additionalProperties"], false);
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct WithMap {
    tags: std::collections::HashMap<String, String>,
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct WithLength {
    #[schemars(length(min = 1))]
    name: String,
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct WithFormats {
    #[schemars(extend("format" = "uuid"))]
    id: String,
    #[schemars(extend("format" = "uri"))]
    link: String,
}

#[test]
fn what_strict_mode_refuses_is_an_error_naming_the_place() {
    let error = strict_schema_for::<WithMap>().unwrap_err();
    assert_eq!(error.path, "#/properties/tags");
    assert!(error.message.contains("map"), "{error}");

    let error = strict_schema_for::<WithLength>().unwrap_err();
    assert_eq!(
        error,
        SchemaError { path: "#/properties/name".into(), message: "strict mode does not support `minLength`".into() }
    );

    let error = strict_schema_for::<WithFormats>().unwrap_err();
    assert_eq!(error.path, "#/properties/link");
    assert!(error.message.contains("`uri`"), "{error}");

    let error = strict_schema_for::<Color>().unwrap_err();
    assert_eq!(error.path, "#");
    assert!(error.message.contains("root must be an object"), "{error}");

    let error = to_strict_json_schema(json!({"type": "object", "properties": {"any": true}})).unwrap_err();
    assert_eq!(error.path, "#/properties/any");
    let error = to_strict_json_schema(
        json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/Gone", "description": "d"}}}),
    )
    .unwrap_err();
    assert!(error.message.contains("names nothing"), "{error}");
}

#[test]
fn hand_written_schemas_follow_the_same_rules() {
    // openai-python's rules on a schema as pydantic writes it: a one-member `allOf` merged,
    // `default: null` dropped, a supported string format kept.
    let schema = json!({
        "type": "object",
        "properties": {
            "when": {"type": "string", "format": "date-time", "default": null},
            "inner": {"allOf": [{"type": "object", "properties": {"a": {"type": "integer", "format": "int32"}}}]},
        },
        "required": [],
    });
    let strict = to_strict_json_schema(schema).unwrap();
    assert_eq!(strict["properties"]["when"], json!({"type": "string", "format": "date-time"}));
    assert_eq!(
        strict["properties"]["inner"],
        json!({"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": false, "required": ["a"]})
    );
    assert_eq!(strict["required"], json!(["when", "inner"]));
}

// ---- `parse` over a local server ----

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key("sk-s").base_url(url).max_retries(0u32).build().unwrap()
}

fn chat_request() -> CreateChatCompletionRequest {
    CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Plan it").into()], "gpt-4o")
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct CalendarEvent {
    name: String,
    date: String,
    participants: Vec<String>,
}

fn completion(message: Value, finish_reason: &str) -> String {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": null}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12},
    })
    .to_string()
}

#[tokio::test]
async fn chat_parse_sends_the_strict_schema_and_parses_the_content() {
    let content = r#"{"name":"Science fair","date":"Friday","participants":["Alice","Bob"]}"#;
    let server = LocalServer::start(vec![Reply::json(
        200,
        &completion(json!({"role": "assistant", "content": content, "refusal": null}), "stop"),
    )])
    .await;
    let parsed = client(&server.url).chat().completions().parse::<CalendarEvent>(chat_request()).await.unwrap();
    assert_eq!(
        parsed.parsed(),
        Some(&CalendarEvent {
            name: "Science fair".into(),
            date: "Friday".into(),
            participants: vec!["Alice".into(), "Bob".into()]
        })
    );
    assert_eq!(parsed.completion.choices[0].message.content.as_deref(), Some(content));
    let body = server.received()[0].json();
    assert_eq!(
        body["response_format"],
        json!({
            "type": "json_schema",
            "json_schema": {
                "name": "CalendarEvent",
                "schema": {
                    "title": "CalendarEvent",
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "date": {"type": "string"},
                        "participants": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["name", "date", "participants"],
                    "additionalProperties": false,
                },
                "strict": true,
            },
        })
    );
    assert!(body.get("stream").is_none());
}

#[tokio::test]
async fn chat_parse_outcomes_refusal_length_filter_and_misfit() {
    let refusal =
        completion(json!({"role": "assistant", "content": null, "refusal": "I can't help with that."}), "stop");
    let length = completion(json!({"role": "assistant", "content": "{\"name\":\"Sci", "refusal": null}), "length");
    let filtered = completion(json!({"role": "assistant", "content": null, "refusal": null}), "content_filter");
    let misfit = completion(json!({"role": "assistant", "content": "{\"name\":1}", "refusal": null}), "stop");
    let server = LocalServer::start(vec![
        Reply::json(200, &refusal),
        Reply::json(200, &length),
        Reply::json(200, &filtered),
        Reply::json(200, &misfit),
    ])
    .await;
    let completions = client(&server.url).chat().completions();

    let parsed = completions.parse::<CalendarEvent>(chat_request()).await.unwrap();
    assert_eq!(parsed.content(), &ParsedContent::Refusal("I can't help with that.".into()));

    let error = completions.parse::<CalendarEvent>(chat_request()).await.unwrap_err();
    let Some(completion) = error.length_limited_completion() else { panic!("{error:?}") };
    assert_eq!(completion.choices[0].message.content.as_deref(), Some("{\"name\":\"Sci"));
    assert!(error.to_string().contains("length limit was reached"), "{error}");

    let error = completions.parse::<CalendarEvent>(chat_request()).await.unwrap_err();
    assert!(matches!(error, Error::ContentFilterFinishReason), "{error:?}");

    let error = completions.parse::<CalendarEvent>(chat_request()).await.unwrap_err();
    let Error::Parse { target, text, .. } = &error else { panic!("{error:?}") };
    assert!(target.ends_with("CalendarEvent"));
    assert_eq!(text, "{\"name\":1}");

    // A streaming request is refused before anything is sent.
    let error = completions.parse::<CalendarEvent>(chat_request().stream(true)).await.unwrap_err();
    assert!(matches!(&error, Error::InvalidRequest(m) if m.contains("stream_parse")), "{error:?}");
    assert_eq!(server.received().len(), 4);

    // So is a type strict mode cannot take.
    let error = completions.parse::<WithMap>(chat_request()).await.unwrap_err();
    assert!(matches!(&error, Error::Schema(e) if e.path == "#/properties/tags"), "{error:?}");
    assert_eq!(server.received().len(), 4);
}

fn response(output: Value) -> String {
    json!({
        "id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o",
        "output": output, "parallel_tool_calls": true, "tool_choice": "auto", "tools": [],
        "error": null, "incomplete_details": null, "instructions": null, "metadata": {},
        "temperature": 1.0, "top_p": 1.0,
    })
    .to_string()
}

fn message(content: Value) -> Value {
    json!({"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": content})
}

#[tokio::test]
async fn responses_parse_sets_the_text_format_beside_other_text_options() {
    let text = r#"{"name":"Launch","date":"Monday","participants":[]}"#;
    let server = LocalServer::start(vec![
        Reply::json(
            200,
            &response(json!([message(json!([{"type": "output_text", "text": text, "annotations": []}]))])),
        ),
        Reply::json(200, &response(json!([message(json!([{"type": "refusal", "refusal": "No."}]))]))),
    ])
    .await;
    let responses = client(&server.url).responses();
    let request = CreateResponse::new()
        .model("gpt-4o")
        .input("Plan it")
        .text(openai_sdk::types::ResponseTextParam::new().verbosity(openai_sdk::types::Verbosity::Low));
    let parsed = responses.parse::<CalendarEvent>(request.clone()).await.unwrap();
    assert_eq!(parsed.parsed().map(|e| e.name.as_str()), Some("Launch"));
    assert_eq!(parsed.response.output_text(), text);
    let body = server.received()[0].json();
    assert_eq!(body["text"]["verbosity"], "low");
    assert_eq!(body["text"]["format"]["type"], "json_schema");
    assert_eq!(body["text"]["format"]["name"], "CalendarEvent");
    assert_eq!(body["text"]["format"]["strict"], true);
    assert_eq!(body["text"]["format"]["schema"]["required"], json!(["name", "date", "participants"]));

    let refused = responses.parse::<CalendarEvent>(request).await.unwrap();
    assert_eq!(refused.refusal(), Some("No."));
}

// ---- strict tools ----

/// The arguments of `get_weather`.
#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct GetWeather {
    /// The city, e.g. "Paris".
    city: String,
    unit: Option<String>,
}

#[tokio::test]
async fn a_strict_tool_is_sent_and_its_call_parses() {
    let call = json!({"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\",\"unit\":null}"}});
    let server = LocalServer::start(vec![Reply::json(
        200,
        &completion(json!({"role": "assistant", "content": null, "refusal": null, "tool_calls": [call]}), "tool_calls"),
    )])
    .await;
    let tool = StrictFunctionTool::new::<GetWeather>("get_weather").unwrap().description("The weather in a city");
    let request = chat_request().tools(vec![tool.clone().into()]);
    let completion = client(&server.url).chat().completions().create(&request).await.unwrap();
    let body = server.received()[0].json();
    assert_eq!(
        body["tools"][0],
        json!({
            "type": "function",
            "function": {
                "description": "The weather in a city",
                "name": "get_weather",
                "parameters": {
                    "description": "The arguments of `get_weather`.",
                    "type": "object",
                    "properties": {
                        "city": {"description": "The city, e.g. \"Paris\".", "type": "string"},
                        "unit": {"type": ["string", "null"]},
                    },
                    "required": ["city", "unit"],
                    "additionalProperties": false,
                    "title": "GetWeather",
                },
                "strict": true,
            },
        })
    );
    let calls = completion.choices[0].message.tool_calls.as_ref().unwrap();
    let openai_sdk::types::ChatCompletionMessageToolCallUnion::Function(call) = &calls[0] else { panic!() };
    assert_eq!(call.parse_arguments::<GetWeather>().unwrap(), GetWeather { city: "Paris".into(), unit: None });

    // The same tool for the Responses API.
    let tool: openai_sdk::types::Tool = tool.into();
    let sent = serde_json::to_value(&tool).unwrap();
    assert_eq!(sent["type"], "function");
    assert_eq!(sent["strict"], true);
    assert_eq!(sent["parameters"]["required"], json!(["city", "unit"]));
}

// ---- stream managers ----

fn sse(events: &[Value]) -> Reply {
    let mut body = String::new();
    for event in events {
        body.push_str(&format!("data: {event}\n\n"));
    }
    body.push_str("data: [DONE]\n\n");
    // Cut at odd places, as a network would.
    Reply::sse(body.as_bytes().chunks(37).map(<[u8]>::to_vec).collect())
}

fn chunk(delta: Value, finish_reason: Option<&str>) -> Value {
    json!({
        "id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    })
}

#[tokio::test]
async fn chat_stream_events_in_openai_python_order_then_the_final_completion() {
    let tool_call = |index: i64, id: Option<&str>, name: Option<&str>, arguments: &str| {
        let mut function = json!({"arguments": arguments});
        if let Some(name) = name {
            function["name"] = json!(name);
        }
        let mut call = json!({"index": index, "function": function});
        if let Some(id) = id {
            call["id"] = json!(id);
            call["type"] = json!("function");
        }
        json!({"tool_calls": [call]})
    };
    let server = LocalServer::start(vec![sse(&[
        chunk(json!({"role": "assistant", "content": "Checking"}), None),
        chunk(json!({"content": " now."}), None),
        chunk(tool_call(0, Some("call_1"), Some("get_weather"), "{\"city\":"), None),
        chunk(tool_call(0, None, None, "\"Paris\",\"unit\":null}"), None),
        chunk(tool_call(1, Some("call_2"), Some("get_weather"), "{\"city\":\"Oslo\",\"unit\":\"c\"}"), None),
        chunk(json!({}), Some("tool_calls")),
    ])])
    .await;
    let mut stream = client(&server.url).chat().completions().stream(&chat_request()).await.unwrap();
    let mut kinds = Vec::new();
    let mut done_arguments = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        kinds.push(event.kind());
        if let ChatStreamEvent::ToolCallArgumentsDone { index, .. } = &event {
            done_arguments.push((*index, event.parse_arguments::<GetWeather>().unwrap().unwrap()));
        }
        if let ChatStreamEvent::ToolCallArgumentsDelta { index: 0, arguments_delta, .. } = &event {
            let so_far = stream.tool_call_arguments(0, 0).unwrap();
            assert!(so_far.ends_with(arguments_delta.as_str()) && so_far.starts_with("{\"city\":"), "{so_far}");
        }
        if kinds.len() == 3 {
            assert_eq!(stream.content(0), Some("Checking now."), "the text so far, mid-stream");
        }
    }
    assert_eq!(
        kinds,
        [
            "chunk",
            "content.delta",
            "chunk",
            "content.delta",
            "chunk",
            "tool_calls.function.arguments.delta",
            "chunk",
            "tool_calls.function.arguments.delta",
            "chunk",
            "tool_calls.function.arguments.delta",
            "tool_calls.function.arguments.done",
            "chunk",
            "content.done",
            "tool_calls.function.arguments.done",
        ]
    );
    assert_eq!(
        done_arguments,
        [
            (0, GetWeather { city: "Paris".into(), unit: None }),
            (1, GetWeather { city: "Oslo".into(), unit: Some("c".into()) })
        ]
    );
    // The same stream, after iterating: the whole completion.
    let completion = stream.final_completion().await.unwrap().completion;
    let message = &completion.choices[0].message;
    assert_eq!(message.content.as_deref(), Some("Checking now."));
    let calls = message.tool_calls.as_ref().unwrap();
    let openai_sdk::types::ChatCompletionMessageToolCallUnion::Function(second) = &calls[1] else { panic!() };
    assert_eq!(second.function.arguments, "{\"city\":\"Oslo\",\"unit\":\"c\"}");
}

#[tokio::test]
async fn chat_stream_parse_gives_the_value_at_content_done_and_errors_on_a_cut() {
    let server = LocalServer::start(vec![
        sse(&[
            chunk(json!({"role": "assistant", "content": "{\"name\":\"Fair\",\"date\":"}), None),
            chunk(json!({"content": "\"Friday\",\"participants\":[\"Al\"]}"}), None),
            chunk(json!({}), Some("stop")),
        ]),
        sse(&[chunk(json!({"role": "assistant", "content": "{\"name\":"}), None), chunk(json!({}), Some("length"))]),
        sse(&[
            chunk(json!({"role": "assistant", "refusal": "I can't"}), None),
            chunk(json!({"refusal": " help."}), Some("stop")),
        ]),
    ])
    .await;
    let completions = client(&server.url).chat().completions();
    let mut stream = completions.stream_parse::<CalendarEvent>(chat_request()).await.unwrap();
    let mut parsed = None;
    while let Some(event) = stream.next().await {
        if let ChatStreamEvent::ContentDone { parsed: value, .. } = event.unwrap() {
            parsed = value;
        }
    }
    let expected = CalendarEvent { name: "Fair".into(), date: "Friday".into(), participants: vec!["Al".into()] };
    assert_eq!(parsed.as_ref(), Some(&expected));
    assert_eq!(stream.final_completion().await.unwrap().parsed(), Some(&expected));
    let body = server.received()[0].json();
    assert_eq!(body["stream"], true);
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);

    let mut stream = completions.stream_parse::<CalendarEvent>(chat_request()).await.unwrap();
    let mut last = None;
    while let Some(event) = stream.next().await {
        last = Some(event);
    }
    let error = last.unwrap().unwrap_err();
    let Some(completion) = error.length_limited_completion() else { panic!("{error:?}") };
    assert_eq!(completion.choices[0].message.content.as_deref(), Some("{\"name\":"));

    let mut stream = completions.stream_parse::<CalendarEvent>(chat_request()).await.unwrap();
    let mut kinds = Vec::new();
    while let Some(event) = stream.next().await {
        kinds.push(event.unwrap().kind());
    }
    assert_eq!(kinds, ["chunk", "refusal.delta", "chunk", "refusal.delta", "refusal.done"]);
    assert_eq!(stream.final_completion().await.unwrap().refusal(), Some("I can't help."));
}

#[tokio::test]
async fn response_stream_keeps_a_snapshot_and_the_final_response() {
    let created = json!({"type": "response.created", "sequence_number": 0, "response": serde_json::from_str::<Value>(&response(json!([]))).unwrap()});
    let mut completed_response: Value = serde_json::from_str(&response(json!([message(json!([
        {"type": "output_text", "text": "{\"name\":\"Gala\",\"date\":\"Sunday\",\"participants\":[\"Bo\"]}", "annotations": []}
    ]))])))
    .unwrap();
    completed_response["status"] = json!("completed");
    let events = [
        created,
        json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
               "item": {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}}),
        json!({"type": "response.content_part.added", "sequence_number": 2, "item_id": "msg_1", "output_index": 0, "content_index": 0,
               "part": {"type": "output_text", "text": "", "annotations": []}}),
        json!({"type": "response.output_text.delta", "sequence_number": 3, "item_id": "msg_1", "output_index": 0, "content_index": 0,
               "delta": "{\"name\":\"Gala\",", "logprobs": []}),
        json!({"type": "response.output_text.delta", "sequence_number": 4, "item_id": "msg_1", "output_index": 0, "content_index": 0,
               "delta": "\"date\":\"Sunday\",\"participants\":[\"Bo\"]}", "logprobs": []}),
        json!({"type": "response.completed", "sequence_number": 5, "response": completed_response}),
    ];
    let server = LocalServer::start(vec![sse(&events)]).await;
    let request = CreateResponse::new().model("gpt-4o").input("Plan it");
    let mut stream = client(&server.url).responses().stream_parse::<CalendarEvent>(request).await.unwrap();
    let mut kinds = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        kinds.push(event.kind().to_owned());
        if matches!(event, ResponseStreamEvent::ResponseOutputTextDelta(_)) && kinds.len() == 5 {
            assert_eq!(
                stream.snapshot().unwrap().output_text(),
                "{\"name\":\"Gala\",\"date\":\"Sunday\",\"participants\":[\"Bo\"]}"
            );
        }
    }
    assert_eq!(
        kinds,
        [
            "response.created",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.completed"
        ]
    );
    let parsed = stream.final_response().await.unwrap();
    assert_eq!(parsed.parsed().map(|e| e.date.as_str()), Some("Sunday"));
    assert_eq!(server.received()[0].json()["text"]["format"]["name"], "CalendarEvent");
}

#[test]
fn an_unknown_event_keeps_its_own_kind() {
    let event: ResponseStreamEvent = serde_json::from_value(json!({"type": "response.future_thing", "x": 1})).unwrap();
    assert_eq!(event.kind(), "response.future_thing");
}

#[test]
fn the_accumulator_names_the_field_that_does_not_fit() {
    // A stream cut before its last chunk: no choice has a `finish_reason` yet.
    let mut accumulator = openai_sdk::ChatCompletionAccumulator::new();
    let chunk = serde_json::from_value(chunk(json!({"role": "assistant", "content": "Hi"}), None)).unwrap();
    accumulator.push(&chunk).unwrap();
    let error = accumulator.completion().unwrap_err();
    assert!(error.to_string().contains("field `choices[0].finish_reason`"), "{error}");
}
