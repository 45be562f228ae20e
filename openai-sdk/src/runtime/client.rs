//! The client, and the one non-generic path every request takes: build, send, retry,
//! classify. Generated methods only describe a request and name the type to decode.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use futures_util::FutureExt;
use futures_util::future::Either;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::runtime::config::{ClientBuilder, ClientConfig};
use crate::runtime::encoding::{json_bytes, path_segment};
use crate::runtime::error::{Error, Result};
use crate::runtime::logging::log_event;
use crate::runtime::multipart::FormField;
use crate::runtime::operation::{AuthScope, Body, RequestOptions, RequestSpec};
use crate::runtime::reading::sealed::Read;
use crate::runtime::reading::{Outcome, ReadBody};
use crate::runtime::retry::{self, Retry};
use crate::runtime::timeout::{Activity, Limits};
use crate::runtime::transport::{AttemptInfo, Transport};

/// This crate's version, as sent in the `User-Agent` header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A client for the OpenAI API. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), openai_sdk::Error> {
/// let client = openai_sdk::Client::new()?; // OPENAI_API_KEY from the environment
/// let models = client.get("/models").await?.into_inner();
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    /// Options of [`Client::with_options`], shared so that a clone costs a reference count.
    options: Arc<RequestOptions>,
}

struct Shared {
    config: ClientConfig,
    http: reqwest::Client,
    /// The layers and transport the client sends through; `None` sends through `http`.
    transport: Option<Transport>,
    /// `config.base_url` parsed, when it is a plain base (no query or fragment); else each
    /// request parses its whole URL, and reports it if invalid.
    base_url: Option<reqwest::Url>,
    /// Azure with a fixed deployment: the resource's base, parsed likewise, for the
    /// endpoints that are not per deployment.
    azure_resource_url: Option<reqwest::Url>,
    /// The SDK's headers of a first attempt with a JSON body, for each credential, made
    /// once (see [`Client::attempt_headers`]). `None` where they cannot be made (no key,
    /// say): each request then makes them again to report why.
    sdk_headers: ScopeHeaders,
    /// The path last requested and its URL, as a client usually calls the same endpoint
    /// again: saves 1.8k of a small request's 98k instructions (callgrind), without which
    /// small requests cost 1.07x the raw baseline's instructions instead of 1.05x.
    last_url: std::sync::Mutex<Option<(String, reqwest::Url)>>,
}

/// [`Shared::sdk_headers`]: one header map per [`AuthScope`].
struct ScopeHeaders {
    api: Option<HeaderMap>,
    admin: Option<HeaderMap>,
    custom: Option<HeaderMap>,
}

impl ScopeHeaders {
    fn new(config: &ClientConfig) -> ScopeHeaders {
        let made = |scope| sdk_headers(config, scope, "").ok();
        ScopeHeaders { api: made(AuthScope::Api), admin: made(AuthScope::Admin), custom: made(AuthScope::Custom) }
    }

    fn of(&self, scope: AuthScope) -> Option<&HeaderMap> {
        match scope {
            AuthScope::Api => self.api.as_ref(),
            AuthScope::Admin => self.admin.as_ref(),
            AuthScope::Custom => self.custom.as_ref(),
        }
    }
}

impl Shared {
    /// `base` with `path` (already encoded) below its own path.
    fn url_of(&self, base: &reqwest::Url, path: &str) -> reqwest::Url {
        // Never waits: under contention a request builds its URL itself.
        let mut last = self.last_url.try_lock().ok();
        if let Some(Some((last_path, url))) = last.as_deref()
            && last_path == path
        {
            return url.clone();
        }
        let prefix = base.path().trim_end_matches('/');
        let mut url = base.clone();
        url.set_path(&[prefix, path].concat());
        if let Some(last) = &mut last {
            **last = Some((path.to_owned(), url.clone()));
        }
        url
    }
}

/// `base` parsed, when it is a plain base URL (no query or fragment).
fn plain_base(base: &str) -> Option<reqwest::Url> {
    reqwest::Url::parse(base)
        .ok()
        .filter(|url| !url.cannot_be_a_base() && url.query().is_none() && url.fragment().is_none())
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let option_headers: Vec<&str> = self.options.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("Client")
            .field("config", &self.shared.config)
            .field("timeout", &self.options.timeout)
            .field("max_retries", &self.options.max_retries)
            .field("extra_headers", &option_headers)
            .finish()
    }
}

/// A client built once from the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, ...) and
/// shared by every caller: for scripts, as openai-python's module-level client
/// (`openai.responses.create(...)`) is.
///
/// ```no_run
/// # async fn run() -> openai_sdk::Result<()> {
/// let models = openai_sdk::client()?.models().list().await?;
/// # let _ = models; Ok(()) }
/// ```
///
/// A configuration error (no API key, a bad base URL) is returned, not kept: the next call
/// reads the environment again.
///
/// What it shares: one client for the whole process, so one configuration and one
/// connection pool for every caller, on every thread and every tokio runtime. A pooled
/// connection is driven by the runtime that opened it: a program that makes and drops
/// runtimes (a `#[tokio::test]` each, say) may find a connection gone with its runtime,
/// which fails that attempt as a connection error (retried as any other). Such programs, and
/// any that want settings of their own, build a [`Client`] per runtime instead.
pub fn client() -> Result<Client> {
    static DEFAULT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
    if let Some(client) = DEFAULT.get() {
        return Ok(client.clone());
    }
    let built = Client::new()?;
    Ok(DEFAULT.get_or_init(|| built).clone())
}

impl ClientBuilder {
    /// Builds the client, or says which setting is missing.
    pub fn build(self) -> Result<Client> {
        let (config, http, transport) = self.into_parts()?;
        Ok(Client::from_parts(config, http, transport))
    }
}

impl Client {
    /// A client configured from the environment (`OPENAI_API_KEY`, ...); see [`ClientBuilder`].
    pub fn new() -> Result<Client> {
        ClientBuilder::new().build()
    }

    /// A builder for every option; unset options still come from the environment.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A builder for an Azure OpenAI client; see [`ClientBuilder::azure`].
    pub fn azure() -> ClientBuilder {
        ClientBuilder::new().azure()
    }

    pub(crate) fn from_parts(config: ClientConfig, http: reqwest::Client, transport: Option<Transport>) -> Client {
        Client {
            shared: Arc::new(Shared {
                sdk_headers: ScopeHeaders::new(&config),
                last_url: std::sync::Mutex::default(),
                base_url: plain_base(&config.base_url),
                azure_resource_url: config.azure.as_ref().and_then(|a| a.resource_base.as_deref()).and_then(plain_base),
                config,
                http,
                transport,
            }),
            options: Arc::default(),
        }
    }

    /// The client's settings.
    pub fn config(&self) -> &ClientConfig {
        &self.shared.config
    }

    /// A client sharing this one's connection pool, with `options` applied to every request.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client { shared: Arc::clone(&self.shared), options: Arc::new(self.options.merged(&options)) }
    }

    /// Sends `spec` until it succeeds, fails for good, or runs out of retries; with the
    /// `telemetry` feature, inside the operation's span.
    pub(crate) async fn execute<R: ReadBody>(
        &self,
        spec: &RequestSpec,
        options: &RequestOptions,
    ) -> Result<R::Received> {
        #[cfg(feature = "telemetry")]
        if let Some(span) = crate::runtime::telemetry::start(spec, &self.shared.config, self.shared.base_url.as_ref()) {
            use tracing::Instrument;
            let sent = self.send_attempts::<R>(spec, options).instrument(span.span.clone()).await;
            return match sent {
                Ok(mut received) => {
                    <R as Read>::observe(&mut received, span);
                    Ok(received)
                }
                Err(error) => {
                    span.record_error(&error);
                    Err(error)
                }
            };
        }
        self.send_attempts::<R>(spec, options).await
    }

    /// [`execute`](Self::execute)'s attempts. (Long: the retry loop keeps each attempt, its
    /// outcome and the wait before the next in one place, in the order they happen.)
    async fn send_attempts<R: ReadBody>(&self, spec: &RequestSpec, options: &RequestOptions) -> Result<R::Received> {
        // Most requests set no options of their own, and most clients none either. (Boxed:
        // every byte held across an await is a byte of every request's future.)
        let merged: Box<RequestOptions>;
        let options = match (self.options.is_empty(), options.is_empty()) {
            (true, _) => options,
            (false, true) => &*self.options,
            (false, false) => {
                merged = Box::new(self.options.merged(options));
                &merged
            }
        };
        if let Some(invalid) = &options.invalid {
            return Err(Error::InvalidRequest(invalid.clone()));
        }
        let config = &self.shared.config;
        if options.timeout.connect.is_some() {
            return Err(Error::InvalidRequest(
                "a connect timeout is set per client (ClientBuilder::timeout or connect_timeout): the connection pool is shared".into(),
            ));
        }
        let timeout = options.timeout.or(config.timeout);
        let read_timeout = timeout.read.unwrap_or(crate::runtime::timeout::DEFAULT_READ_TIMEOUT);
        let max_retries = options.max_retries.unwrap_or(config.max_retries);
        let (url, body) = self.target(spec, options)?;
        if let Body::Multipart(fields) = &body {
            crate::runtime::multipart::check(fields).await?;
        }
        let mut retries_taken = 0;
        // A provided credential the API refused is fetched again, once per request.
        let mut credential_refetched = false;
        loop {
            // Upload progress keeps the wait for the response alive, as httpx's per-write
            // timeout does; only forms stream their files.
            let activity = matches!(body, Body::Multipart(_)).then(Activity::new);
            let attempt = Attempt { retries_taken, read_timeout, activity: activity.as_ref() };
            let request = self.build(spec, &url, &body, options, attempt).await?;
            log_event!(
                DEBUG,
                "sending request",
                method = spec.method.as_str(),
                path = spec.path.as_str(),
                attempt = retries_taken + 1
            );
            let started = Instant::now();
            let limits = Limits::starting_now(read_timeout, timeout.total);
            let credential_sent = config.auth.provided_in(spec.auth, request.headers());
            let info =
                || AttemptInfo { operation: spec.operation, path: spec.path.clone(), attempt: retries_taken + 1 };
            let (error, headers) = match self.attempt::<R>(request, info, limits, activity).await {
                // A layer may fail an attempt for good (an `Error` of its own making).
                Err(error) if !matches!(error, Error::Timeout | Error::Connection { .. }) => return Err(error),
                Err(error) => (error, None),
                Ok(Outcome::Success(received)) => {
                    let (status, headers) = <R as Read>::head(&received);
                    log_response(spec, status, headers, started);
                    return Ok(received);
                }
                Ok(Outcome::Failed(raw)) => {
                    log_response(spec, raw.status(), raw.headers(), started);
                    if raw.status() == StatusCode::UNAUTHORIZED
                        && !credential_refetched
                        && config.auth.refused(spec.auth, credential_sent.as_ref())
                    {
                        // Not a retry: the same attempt again, with a fresh credential.
                        credential_refetched = true;
                        log_event!(INFO, "refetching a refused credential", path = spec.path.as_str());
                        continue;
                    }
                    let retryable = retry::should_retry(raw.status(), raw.headers());
                    let headers = raw.headers().clone();
                    let error = Error::from_status(raw.status(), headers.clone(), raw.body().clone());
                    if !retryable {
                        return Err(error);
                    }
                    (error, Some(headers))
                }
            };
            match retry::decide(headers.as_ref(), retries_taken, max_retries, SystemTime::now(), fastrand::f64()) {
                Retry::After(delay) => {
                    // The reason, never the error's text: that may quote a response body.
                    log_event!(
                        INFO,
                        "retrying request",
                        method = spec.method.as_str(),
                        path = spec.path.as_str(),
                        retry = retries_taken + 1,
                        max_retries = max_retries,
                        delay_ms = delay.as_millis() as u64,
                        reason = retry_reason(&error).as_str(),
                    );
                    tokio::time::sleep(delay).await;
                    retries_taken += 1;
                }
                Retry::No => return Err(error),
            }
        }
    }

    /// One attempt: send (through the layers, if any), and read as much of the response as
    /// `R` reads, each wait bounded by `limits`. The request is handed over before the future
    /// starts, so the future holds only what is in flight.
    fn attempt<R: ReadBody>(
        &self,
        request: reqwest::Request,
        info: impl FnOnce() -> AttemptInfo,
        limits: Limits,
        activity: Option<Activity>,
    ) -> impl Future<Output = Result<Outcome<R::Received>>> + Send + 'static {
        let sending = match &self.shared.transport {
            None => Either::Left(self.shared.http.execute(request).map(|sent| sent.map_err(Error::transport))),
            Some(transport) => Either::Right(transport.send(request, info())),
        };
        async move {
            let response = crate::runtime::timeout::within(limits, activity.as_ref(), sending).await??;
            <R as Read>::read(response, limits).await
        }
    }

    /// The URL and body (with any extra fields merged in), the same for every attempt.
    fn target(&self, spec: &RequestSpec, options: &RequestOptions) -> Result<(reqwest::Url, Body)> {
        let config = &self.shared.config;
        let mut body = spec.body.clone();
        if !options.body.is_empty() {
            match &mut body {
                Body::Json(bytes) => {
                    // Only requests with extra fields pay for a parse and a second serialisation.
                    let mut value: serde_json::Value =
                        serde_json::from_slice(bytes).map_err(|e| Error::InvalidRequest(e.to_string()))?;
                    let serde_json::Value::Object(map) = &mut value else {
                        return Err(Error::InvalidRequest("extra body fields need a JSON object body".into()));
                    };
                    map.extend(options.body.iter().map(|(k, v)| (k.clone(), v.clone())));
                    *bytes = json_bytes(&value)?;
                }
                Body::Multipart(fields) => {
                    // Extra text fields go before the files, as every text field does.
                    let files = fields.iter().position(|f| matches!(f, FormField::File { .. })).unwrap_or(fields.len());
                    let extra = crate::runtime::multipart::extra_fields(&options.body);
                    fields.splice(files..files, extra);
                }
                Body::Empty => body = Body::Json(json_bytes(&options.body)?),
            }
        }
        let mut path = std::borrow::Cow::Borrowed(spec.path.as_str());
        let (mut base, mut base_url) = (&self.shared.base_url, config.base_url.as_str());
        if let Some(azure) = &config.azure {
            if spec.azure_deployment {
                // As openai-python: only a request that names its model is routed.
                if let Some(model) = azure.route_by_model.then(|| model_of(&body)).flatten() {
                    path = format!("/deployments/{}{}", path_segment(&model)?, spec.path).into();
                }
            } else if let Some(resource) = &azure.resource_base {
                (base, base_url) = (&self.shared.azure_resource_url, resource.as_str());
            }
        }
        let mut url = match base {
            Some(base) => self.shared.url_of(base, &path),
            None => reqwest::Url::parse(&format!("{base_url}{path}"))
                .map_err(|e| Error::InvalidRequest(format!("`{base_url}{path}` is not a valid URL: {e}")))?,
        };
        let query: Vec<&(String, String)> =
            config.default_query.iter().chain(&spec.query).chain(&options.query).collect();
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        Ok((url, body))
    }

    /// The headers of one attempt, decided in one place: the SDK's (platform, credential,
    /// organization, project, the operation's beta header, content type, retry count, read
    /// timeout), then the client's default headers over them, then the request's own headers
    /// and omissions over those.
    async fn attempt_headers(
        &self,
        spec: &RequestSpec,
        body: &Body,
        options: &RequestOptions,
        attempt: Attempt<'_>,
    ) -> Result<HeaderMap> {
        let config = &self.shared.config;
        // Copied from a map made once per client: saves 12.4k of a small request's 109k
        // instructions (callgrind).
        let mut headers = match self.shared.sdk_headers.of(spec.auth) {
            Some(headers) => headers.clone(),
            None => sdk_headers(config, spec.auth, &spec.path)?,
        };
        if config.auth.provided(spec.auth).is_some() {
            let (name, value) = config.auth.header(spec.auth, &spec.path).await?;
            headers.insert(name, value);
        }
        if let Some(beta) = spec.beta {
            headers.insert(BETA, HeaderValue::from_static(beta));
        }
        if !matches!(body, Body::Json(_)) {
            headers.remove(CONTENT_TYPE);
        }
        if attempt.retries_taken > 0 {
            headers.insert(RETRY_COUNT, retry_count(attempt.retries_taken));
        }
        if Some(attempt.read_timeout) != config.timeout.read {
            let seconds = crate::runtime::timeout::header_seconds(attempt.read_timeout);
            headers.insert(READ_TIMEOUT, header_value(&seconds)?);
        }
        // The user's headers win: the client's defaults, then the request's own.
        for (name, value) in &config.default_headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &options.headers {
            headers.insert(name.clone(), value.clone());
        }
        for name in &options.omitted {
            headers.remove(name);
        }
        Ok(headers)
    }

    async fn build(
        &self,
        spec: &RequestSpec,
        url: &reqwest::Url,
        body: &Body,
        options: &RequestOptions,
        attempt: Attempt<'_>,
    ) -> Result<reqwest::Request> {
        let headers = self.attempt_headers(spec, body, options, attempt).await?;
        let shared = &self.shared;
        let mut request = match body {
            Body::Empty => reqwest::Request::new(spec.method.clone(), url.clone()),
            Body::Json(bytes) => {
                let mut request = reqwest::Request::new(spec.method.clone(), url.clone());
                *request.body_mut() = Some(bytes.clone().into());
                request
            }
            // Built afresh for each attempt: files are opened and streamed again.
            Body::Multipart(fields) => {
                let form = crate::runtime::multipart::form(fields, attempt.activity).await?;
                shared
                    .http
                    .request(spec.method.clone(), url.clone())
                    .multipart(form)
                    .build()
                    .map_err(|e| Error::InvalidRequest(format!("the multipart body cannot be built: {e}")))?
            }
        };
        if request.headers().is_empty() {
            *request.headers_mut() = headers;
        } else {
            // Beside the form's own content type (with its boundary); ours win on a clash.
            for (name, value) in headers {
                if let Some(name) = name {
                    request.headers_mut().insert(name, value);
                }
            }
        }
        Ok(request)
    }
}

/// The `model` a body names, if any.
fn model_of(body: &Body) -> Option<String> {
    match body {
        Body::Json(bytes) => serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .and_then(|v| v.get("model").and_then(serde_json::Value::as_str).map(String::from)),
        Body::Multipart(fields) => crate::runtime::multipart::text_field(fields, "model").map(String::from),
        Body::Empty => None,
    }
}

/// What sets one attempt of a request apart from the others.
#[derive(Clone, Copy)]
struct Attempt<'a> {
    retries_taken: u32,
    read_timeout: Duration,
    /// Upload progress, for a request whose body streams files.
    activity: Option<&'a Activity>,
}

fn log_response(spec: &RequestSpec, status: StatusCode, headers: &HeaderMap, started: Instant) {
    log_event!(
        INFO,
        "response",
        method = spec.method.as_str(),
        path = spec.path.as_str(),
        status = status.as_u16(),
        request_id = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or(""),
        elapsed_ms = started.elapsed().as_millis() as u64,
    );
}

fn retry_reason(error: &Error) -> String {
    match error {
        Error::Timeout => "timeout".into(),
        Error::Connection { .. } => "connection error".into(),
        other => other.status().map_or_else(|| "error".into(), |s| format!("status {}", s.as_u16())),
    }
}

pub(crate) fn header_value(value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest(format!("`{value}` is not a valid header value")))
}

// Names parsed once, not on every request.
pub(crate) const ORGANIZATION: HeaderName = HeaderName::from_static("openai-organization");
pub(crate) const PROJECT: HeaderName = HeaderName::from_static("openai-project");
const BETA: HeaderName = HeaderName::from_static("openai-beta");
const RETRY_COUNT: HeaderName = HeaderName::from_static("x-stainless-retry-count");
const READ_TIMEOUT: HeaderName = HeaderName::from_static("x-stainless-read-timeout");
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The `x-stainless-retry-count` value.
fn retry_count(retries_taken: u32) -> HeaderValue {
    HeaderValue::from(retries_taken)
}

/// The SDK's headers of a first attempt of a request of `scope` with a JSON body (`path`
/// names the request in errors): the platform's, a fixed credential's, organization and project.
fn sdk_headers(config: &ClientConfig, scope: AuthScope, path: &str) -> Result<HeaderMap> {
    let mut headers = platform_headers();
    // A provided credential is fetched for each attempt.
    if let Some((name, value)) = config.auth.fixed_header(scope, path)? {
        headers.insert(name, value);
    }
    if let Some(org) = &config.organization {
        headers.insert(ORGANIZATION, header_value(org)?);
    }
    if let Some(project) = &config.project {
        headers.insert(PROJECT, header_value(project)?);
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(RETRY_COUNT, retry_count(0));
    if let Some(read) = config.timeout.read {
        headers.insert(READ_TIMEOUT, header_value(&crate::runtime::timeout::header_seconds(read))?);
    }
    Ok(headers)
}

/// Headers that describe the SDK and platform, the same for every request. The values are
/// static, so copies of them cost no reference counting.
pub(crate) fn platform_headers() -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(16);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(USER_AGENT, HeaderValue::from_static(concat!("OpenAI/Rust ", env!("CARGO_PKG_VERSION"))));
    headers.insert("x-stainless-lang", HeaderValue::from_static("rust"));
    headers.insert("x-stainless-package-version", HeaderValue::from_static(VERSION));
    headers.insert("x-stainless-os", os_name());
    headers.insert("x-stainless-arch", arch_name());
    headers.insert("x-stainless-runtime", HeaderValue::from_static("rust"));
    headers.insert("x-stainless-runtime-version", HeaderValue::from_static(env!("OPENAI_SDK_RUSTC_VERSION")));
    headers
}

/// The OS as the official SDKs name it.
fn os_name() -> HeaderValue {
    const NAMES: &[(&str, &str)] = &[
        ("linux", "Linux"),
        ("macos", "MacOS"),
        ("windows", "Windows"),
        ("freebsd", "FreeBSD"),
        ("openbsd", "OpenBSD"),
        ("android", "Android"),
        ("ios", "iOS"),
    ];
    official_name(std::env::consts::OS, NAMES, "Other")
}

/// The CPU architecture as the official SDKs name it.
fn arch_name() -> HeaderValue {
    const NAMES: &[(&str, &str)] = &[("x86_64", "x64"), ("x86", "x32"), ("aarch64", "arm64"), ("arm", "arm")];
    official_name(std::env::consts::ARCH, NAMES, "other")
}

/// `rust_name`'s entry in `names`, static; else `<other>:<rust_name>`.
fn official_name(rust_name: &str, names: &[(&str, &'static str)], other: &str) -> HeaderValue {
    match names.iter().find(|(name, _)| *name == rust_name) {
        Some((_, official)) => HeaderValue::from_static(official),
        None => HeaderValue::from_str(&format!("{other}:{rust_name}")).unwrap_or(HeaderValue::from_static("unknown")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_are_named_as_the_official_sdks_name_them() {
        let names = &[("linux", "Linux")];
        assert_eq!(official_name("linux", names, "Other"), "Linux");
        assert_eq!(official_name("plan9", names, "Other"), "Other:plan9");
        assert_eq!(official_name("bad\nname", names, "Other"), "unknown");
    }
}
