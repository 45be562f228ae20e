//! What one request is before it is sent, and sent again on retry: its method, path, query,
//! body, credential and the operation's facts ([`RequestSpec`]), and the per-request options
//! that override the client's ([`RequestOptions`]).

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName};
use serde_json::{Map, Value};

use crate::runtime::encoding::insert_header;
use crate::runtime::timeout::Timeout;

/// Which credential a request uses. Each generated method names its operation's (from the
/// spec's `security`); custom requests use [`AuthScope::Custom`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthScope {
    /// The API key.
    Api,
    /// The admin key, else the API key (the administration endpoints).
    Admin,
    /// The API key, else the admin key: a custom request (`client.post(path)`), whose
    /// operation the SDK does not know.
    Custom,
}

/// A request body.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// No body.
    Empty,
    /// A JSON body, serialised once (extra fields are merged in when the request is sent).
    Json(bytes::Bytes),
    /// A multipart form.
    Multipart(Vec<crate::runtime::multipart::FormField>),
}

/// Everything needed to send a request (and to send it again on retry).
#[derive(Debug, Clone)]
pub(crate) struct RequestSpec {
    /// The operation as the SDK's methods name it (`chat.completions.create`); `None` for a
    /// custom request.
    pub operation: Option<&'static str>,
    /// Its `gen_ai.operation.name`, for a GenAI operation.
    pub gen_ai_operation: Option<&'static str>,
    pub method: Method,
    /// Path below the base URL, starting with `/`, parameters already encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Body,
    pub auth: AuthScope,
    /// The `OpenAI-Beta` header the operation is sent with.
    pub beta: Option<&'static str>,
    /// Whether Azure OpenAI serves the operation per deployment (`/deployments/{model}/...`).
    pub azure_deployment: bool,
    /// The body asks for a stream, but the method returns a whole response: the name of
    /// its `_stream` twin, for the error that replaces sending.
    pub stream_twin: Option<&'static str>,
}

impl RequestSpec {
    /// A request to `path` (which must start with `/`), with the API key, no beta header and
    /// no Azure deployment routing until the operation says otherwise.
    pub(crate) fn new(method: Method, path: impl Into<String>, auth: AuthScope) -> RequestSpec {
        RequestSpec {
            operation: None,
            gen_ai_operation: None,
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::Empty,
            auth,
            beta: None,
            azure_deployment: false,
            stream_twin: None,
        }
    }
}

/// Options for one request, overriding the client's. Set them on any call
/// (`.timeout(...)`), or for every call of a derived client ([`Client::with_options`](crate::runtime::Client::with_options)).
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Timeout,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: HeaderMap,
    /// Headers left out of the request, whoever would set them.
    pub(crate) omitted: Vec<HeaderName>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Map<String, Value>,
    /// A header that could not be parsed, reported when the request is sent.
    pub(crate) invalid: Option<String>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Timeouts of each attempt (see [`Timeout`]): a `Duration` sets the read timeout.
    pub fn timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.timeout = timeout.into().or(self.timeout);
        self
    }

    /// Retries after the first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// An extra header; it wins over any other of that name.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match insert_header(&mut self.headers, name.as_ref(), value.as_ref()) {
            Ok(name) => self.omitted.retain(|omitted| *omitted != name),
            Err(e) => {
                self.invalid.get_or_insert(e.to_string());
            }
        }
        self
    }

    /// Leaves header `name` out, whoever would set it: a default header of the client, one
    /// the SDK sends (`x-stainless-retry-count`, `OpenAI-Beta`, even `Authorization`), or an
    /// earlier option. openai-python's `Omit()`.
    pub fn omit_header(mut self, name: impl AsRef<str>) -> Self {
        match HeaderName::from_bytes(name.as_ref().as_bytes()) {
            Ok(name) => {
                self.headers.remove(&name);
                if !self.omitted.contains(&name) {
                    self.omitted.push(name);
                }
            }
            Err(_) => {
                self.invalid.get_or_insert(format!("`{}` is not a valid header name", name.as_ref()));
            }
        }
        self
    }

    /// An extra query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// An extra field merged into the JSON body; it wins over a field of the same name.
    pub fn body_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.body.insert(name.into(), value.into());
        self
    }

    /// No options, for requests that set none.
    pub(crate) fn none() -> &'static RequestOptions {
        static NONE: std::sync::LazyLock<RequestOptions> = std::sync::LazyLock::new(RequestOptions::default);
        &NONE
    }

    /// Whether these options override nothing.
    pub(crate) fn is_empty(&self) -> bool {
        let RequestOptions { timeout, max_retries, headers, omitted, query, body, invalid } = self;
        *timeout == Timeout::new()
            && max_retries.is_none()
            && headers.is_empty()
            && omitted.is_empty()
            && query.is_empty()
            && body.is_empty()
            && invalid.is_none()
    }

    /// `self`, overridden by whatever `other` sets.
    pub(crate) fn merged(&self, other: &RequestOptions) -> RequestOptions {
        let mut merged = self.clone();
        merged.timeout = other.timeout.or(self.timeout);
        merged.max_retries = other.max_retries.or(self.max_retries);
        for name in &other.omitted {
            merged.headers.remove(name);
            if !merged.omitted.contains(name) {
                merged.omitted.push(name.clone());
            }
        }
        for (name, value) in &other.headers {
            merged.omitted.retain(|omitted| omitted != name);
            merged.headers.insert(name.clone(), value.clone());
        }
        merged.query.extend(other.query.iter().cloned());
        merged.body.extend(other.body.iter().map(|(k, v)| (k.clone(), v.clone())));
        merged.invalid = other.invalid.clone().or(merged.invalid);
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn later_options_win() {
        let base = RequestOptions::new().timeout(Duration::from_secs(1)).header("x-a", "1").body_field("a", 1);
        let over = RequestOptions::new().max_retries(0).header("x-a", "2").body_field("a", 2);
        let merged = base.merged(&over);
        assert_eq!(merged.timeout, Timeout::new().read(Duration::from_secs(1)));
        assert_eq!(merged.max_retries, Some(0));
        assert_eq!(merged.headers["x-a"], "2");
        assert_eq!(merged.body["a"], 2);
    }
}
