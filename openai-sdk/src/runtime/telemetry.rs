//! A `tracing` span per operation, named and filled as OpenTelemetry's GenAI semantic
//! conventions say, so `tracing-opentelemetry` exports spans that tracing backends read as
//! model calls (feature `telemetry`).
//!
//! The span (`openai_sdk::telemetry`, level INFO) covers the whole operation, every retry
//! included; a stream's span stays open until the stream ends, and records its usage then.
//! Message content is recorded only when asked ([`ClientBuilder::capture_message_content`](crate::ClientBuilder::capture_message_content),
//! or `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`), and then only for whole
//! responses: a stream's text is not assembled for its span.
//!
//! | attribute | from |
//! |---|---|
//! | `gen_ai.operation.name` | `spec/operations.yaml` (`chat`, `text_completion`, `embeddings`) |
//! | `gen_ai.provider.name` | `openai`, or `azure.ai.openai` |
//! | `gen_ai.request.model` | the request's `model` |
//! | `gen_ai.response.model`, `gen_ai.response.id` | the response's `model`, `id` |
//! | `gen_ai.usage.input_tokens`, `gen_ai.usage.output_tokens` | `usage` (either API's names) |
//! | `gen_ai.response.finish_reasons` | each choice's `finish_reason`; a response's `status` or incomplete reason |
//! | `server.address`, `server.port` | the base URL |
//! | `error.type` | the status code, or `timeout`, `connection`, ... |
//! | `openai.operation` | the SDK's name for the operation (`files.list`) |

use bytes::Bytes;
use serde::Deserialize;
use tracing::Span;
use tracing::field::Empty;

use crate::runtime::config::ClientConfig;
use crate::runtime::error::Error;
use crate::runtime::operation::{Body, RequestSpec};

/// The span of one operation, and whether to record message content in it.
#[derive(Debug, Clone)]
pub(crate) struct OperationSpan {
    pub(crate) span: Span,
    capture_content: bool,
}

/// Opens the span of `spec`'s operation; `None` when no subscriber wants it (it then costs
/// nothing more).
pub(crate) fn start(spec: &RequestSpec, config: &ClientConfig, base: Option<&reqwest::Url>) -> Option<OperationSpan> {
    let span = tracing::info_span!(
        target: "openai_sdk::telemetry",
        "openai.request",
        otel.name = Empty,
        otel.kind = "client",
        otel.status_code = Empty,
        gen_ai.operation.name = Empty,
        gen_ai.provider.name = if config.azure.is_some() { "azure.ai.openai" } else { "openai" },
        gen_ai.request.model = Empty,
        gen_ai.response.model = Empty,
        gen_ai.response.id = Empty,
        gen_ai.usage.input_tokens = Empty,
        gen_ai.usage.output_tokens = Empty,
        gen_ai.response.finish_reasons = Empty,
        gen_ai.input.messages = Empty,
        gen_ai.output.messages = Empty,
        openai.operation = spec.operation.unwrap_or("custom"),
        http.request.method = spec.method.as_str(),
        http.response.status_code = Empty,
        server.address = Empty,
        server.port = Empty,
        error.type = Empty,
    );
    if span.is_disabled() {
        return None;
    }
    if let Some(base) = base {
        if let Some(host) = base.host_str() {
            span.record("server.address", host);
        }
        if let Some(port) = base.port_or_known_default() {
            span.record("server.port", port);
        }
    }
    let capture_content = config.capture_message_content;
    let request: Option<serde_json::Value> = match (&spec.body, spec.gen_ai_operation) {
        (Body::Json(bytes), Some(_)) => serde_json::from_slice(bytes).ok(),
        _ => None,
    };
    let model = request.as_ref().and_then(|r| r.get("model")).and_then(|m| m.as_str());
    let name = match (spec.gen_ai_operation, model) {
        (Some(operation), Some(model)) => format!("{operation} {model}"),
        (Some(operation), None) => operation.to_owned(),
        (None, _) => spec.operation.map_or_else(|| format!("{} {}", spec.method, spec.path), String::from),
    };
    span.record("otel.name", name.as_str());
    if let Some(operation) = spec.gen_ai_operation {
        span.record("gen_ai.operation.name", operation);
    }
    if let Some(model) = model {
        span.record("gen_ai.request.model", model);
    }
    if capture_content {
        let input =
            request.as_ref().and_then(|r| r.get("messages").or_else(|| r.get("input")).or_else(|| r.get("prompt")));
        if let Some(input) = input {
            span.record("gen_ai.input.messages", input.to_string().as_str());
        }
    }
    Some(OperationSpan { span, capture_content })
}

impl OperationSpan {
    /// Records a whole response's model, id, usage and finish reasons (and output, if asked).
    pub(crate) fn record_body(&self, status: http::StatusCode, body: &Bytes) {
        self.span.record("http.response.status_code", status.as_u16());
        if let Ok(seen) = serde_json::from_slice::<Seen>(body) {
            let mut summary = Summary::default();
            summary.add(seen);
            summary.record(&self.span);
        }
        if self.capture_content
            && let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
        {
            let output = match value.get("choices") {
                Some(serde_json::Value::Array(choices)) => {
                    serde_json::Value::Array(choices.iter().filter_map(|c| c.get("message").cloned()).collect())
                }
                _ => value.get("output").cloned().unwrap_or(serde_json::Value::Null),
            };
            if !output.is_null() {
                self.span.record("gen_ai.output.messages", output.to_string().as_str());
            }
        }
    }

    /// Records why the operation failed.
    pub(crate) fn record_error(&self, error: &Error) {
        let kind = match error {
            Error::Timeout => "timeout".to_owned(),
            Error::Connection { .. } => "connection".to_owned(),
            Error::Decode { .. } => "decode".to_owned(),
            Error::InvalidRequest(_) => "invalid_request".to_owned(),
            Error::Config(_) => "config".to_owned(),
            other => match other.status() {
                Some(status) => {
                    self.span.record("http.response.status_code", status.as_u16());
                    status.as_u16().to_string()
                }
                None => "error".to_owned(),
            },
        };
        self.span.record("error.type", kind.as_str());
        self.span.record("otel.status_code", "ERROR");
    }

    /// A watcher of a stream's events, recording what they tell when the stream ends.
    pub(crate) fn watch_stream(self, status: http::StatusCode) -> StreamWatch {
        self.span.record("http.response.status_code", status.as_u16());
        StreamWatch { span: self, summary: Summary::default() }
    }
}

/// Watches a stream's events for the model, id, usage and finish reasons; records them
/// into the span when dropped (when the stream ends or is dropped).
#[derive(Debug)]
pub(crate) struct StreamWatch {
    span: OperationSpan,
    summary: Summary,
}

impl StreamWatch {
    /// Looks at one event's data. Only the first event and those that may carry usage or a
    /// finish reason are parsed (and only while a subscriber wants the span).
    pub(crate) fn event(&mut self, data: &str) {
        let telling = self.summary.id.is_none()
            || data.contains("\"usage\"")
            || (data.contains("\"finish_reason\"") && !data.contains("\"finish_reason\":null"))
            || data.contains("\"status\"");
        if telling && let Ok(seen) = serde_json::from_str::<Seen>(data) {
            self.summary.add(seen);
        }
    }
}

impl Drop for StreamWatch {
    fn drop(&mut self) {
        self.summary.record(&self.span.span);
    }
}

/// What a response or event tells about the model call.
#[derive(Debug, Default, Deserialize)]
struct Seen {
    id: Option<String>,
    model: Option<String>,
    usage: Option<Usage>,
    #[serde(default)]
    choices: Vec<Choice>,
    /// A Responses API response's status, and why it is incomplete.
    status: Option<String>,
    incomplete_details: Option<Incomplete>,
    /// A Responses API stream event carries the response inside.
    response: Option<Box<Seen>>,
}

#[derive(Debug, Default, Deserialize)]
struct Usage {
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
struct Choice {
    #[serde(default)]
    index: u32,
    finish_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Incomplete {
    reason: Option<String>,
}

/// What the responses or events of one operation told, the latest winning.
#[derive(Debug, Default)]
struct Summary {
    id: Option<String>,
    model: Option<String>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    /// By choice index.
    finish_reasons: Vec<(u32, String)>,
    /// A Responses API response's outcome.
    outcome: Option<String>,
}

impl Summary {
    fn add(&mut self, seen: Seen) {
        let Seen { id, model, usage, choices, status, incomplete_details, response } = seen;
        if let Some(inner) = response {
            self.add(*inner);
        }
        self.id = id.or(self.id.take());
        self.model = model.or(self.model.take());
        if let Some(usage) = usage {
            self.input_tokens = usage.input_tokens.or(usage.prompt_tokens).or(self.input_tokens);
            self.output_tokens = usage.output_tokens.or(usage.completion_tokens).or(self.output_tokens);
        }
        for choice in choices {
            if let Some(reason) = choice.finish_reason {
                self.finish_reasons.retain(|(index, _)| *index != choice.index);
                self.finish_reasons.push((choice.index, reason));
            }
        }
        if let Some(reason) = incomplete_details.and_then(|d| d.reason) {
            self.outcome = Some(reason);
        } else if let Some(status) = status.filter(|s| s != "in_progress" && s != "queued") {
            self.outcome = Some(status);
        }
    }

    fn record(&self, span: &Span) {
        if let Some(id) = &self.id {
            span.record("gen_ai.response.id", id.as_str());
        }
        if let Some(model) = &self.model {
            span.record("gen_ai.response.model", model.as_str());
        }
        if let Some(tokens) = self.input_tokens {
            span.record("gen_ai.usage.input_tokens", tokens);
        }
        if let Some(tokens) = self.output_tokens {
            span.record("gen_ai.usage.output_tokens", tokens);
        }
        let mut reasons: Vec<&(u32, String)> = self.finish_reasons.iter().collect();
        reasons.sort_by_key(|(index, _)| *index);
        let mut reasons: Vec<&str> = reasons.into_iter().map(|(_, r)| r.as_str()).collect();
        if reasons.is_empty()
            && let Some(outcome) = &self.outcome
        {
            reasons.push(outcome);
        }
        if !reasons.is_empty() {
            // tracing has no arrays: the list as JSON, as OpenTelemetry shows a string[].
            let json = serde_json::to_string(&reasons).unwrap_or_default();
            span.record("gen_ai.response.finish_reasons", json.as_str());
        }
    }
}
