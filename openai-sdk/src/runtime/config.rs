//! Client configuration: explicit settings, then the environment, then defaults.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

use crate::runtime::credentials::{Credential, CredentialProvider, ProvidedCredential, Secret};
use crate::runtime::encoding::insert_header;
use crate::runtime::error::{BoxError, Error, Result};
use crate::runtime::operation::AuthScope;
use crate::runtime::timeout::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, Timeout};
use crate::runtime::transport::{HttpRequest, LayerFn, Transport};

/// Default `base_url`.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// How requests authenticate: the credentials, and the header that carries them.
#[derive(Clone, Debug)]
pub(crate) struct Auth {
    pub(crate) scheme: Scheme,
    /// The API key (or Azure's key or Entra ID token).
    pub(crate) api_key: Option<Key>,
    /// The admin key, for the administration endpoints.
    pub(crate) admin_key: Option<Key>,
}

/// The header a credential goes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// `Authorization: Bearer <credential>`: OpenAI's keys, Microsoft Entra ID tokens.
    Bearer,
    /// Azure's `api-key: <key>`.
    AzureApiKey,
}

/// A credential, fixed or fetched when needed.
#[derive(Clone, Debug)]
pub(crate) enum Key {
    Fixed(Secret),
    Provided(ProvidedCredential),
}

impl Auth {
    /// The credential of a request of `scope`: the admin key for the administration
    /// endpoints when there is one; a custom request's, the API key else the admin key.
    fn key(&self, scope: AuthScope) -> Option<&Key> {
        let (api, admin) = (self.api_key.as_ref(), self.admin_key.as_ref());
        match scope {
            AuthScope::Admin => admin.or(api),
            AuthScope::Api => api,
            AuthScope::Custom => api.or(admin),
        }
    }

    /// The provider behind the credential of `scope`, if it is fetched.
    pub(crate) fn provided(&self, scope: AuthScope) -> Option<&ProvidedCredential> {
        match self.key(scope)? {
            Key::Provided(provided) => Some(provided),
            Key::Fixed(_) => None,
        }
    }

    /// The credential header of `scope` when the credential is fixed (so the header can be
    /// made once); `None` when it is fetched. `what` names the request in the error when
    /// there is no credential at all.
    pub(crate) fn fixed_header(&self, scope: AuthScope, what: &str) -> Result<Option<(HeaderName, HeaderValue)>> {
        match self.key(scope).ok_or_else(|| self.missing(what))? {
            Key::Fixed(secret) => self.header_of(secret).map(Some),
            Key::Provided(_) => Ok(None),
        }
    }

    /// The credential header of `scope`, fetching the credential if it is provided.
    pub(crate) async fn header(&self, scope: AuthScope, what: &str) -> Result<(HeaderName, HeaderValue)> {
        match self.key(scope).ok_or_else(|| self.missing(what))? {
            Key::Fixed(secret) => self.header_of(secret),
            Key::Provided(provided) => self.header_of(&provided.get().await?),
        }
    }

    /// The provided credential among an attempt's `headers`, kept to say which one a 401
    /// refused; `None` when the credential of `scope` is fixed.
    pub(crate) fn provided_in(&self, scope: AuthScope, headers: &HeaderMap) -> Option<HeaderValue> {
        self.provided(scope)?;
        headers.get(self.header_name()).cloned()
    }

    /// The API refused the credential `sent` (a 401): a provided one is fetched again
    /// before the next attempt. Whether it will be.
    pub(crate) fn refused(&self, scope: AuthScope, sent: Option<&HeaderValue>) -> bool {
        let (Some(provided), Some(sent)) = (self.provided(scope), sent) else { return false };
        provided.refused(|secret| self.header_of(secret).is_ok_and(|(_, value)| value == sent));
        true
    }

    fn header_name(&self) -> HeaderName {
        match self.scheme {
            Scheme::Bearer => AUTHORIZATION,
            Scheme::AzureApiKey => HeaderName::from_static("api-key"),
        }
    }

    fn header_of(&self, secret: &Secret) -> Result<(HeaderName, HeaderValue)> {
        let value = match self.scheme {
            Scheme::Bearer => sensitive(&format!("Bearer {}", secret.expose()))?,
            Scheme::AzureApiKey => sensitive(secret.expose())?,
        };
        Ok((self.header_name(), value))
    }

    fn missing(&self, what: &str) -> Error {
        Error::Config(format!("{what} needs an API key: set OPENAI_API_KEY or call ClientBuilder::api_key"))
    }
}

/// A credential header, marked sensitive so `Debug` of the request hides it.
pub(crate) fn sensitive(value: &str) -> Result<HeaderValue> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| Error::Config("the credential contains characters not allowed in a header".into()))?;
    v.set_sensitive(true);
    Ok(v)
}

/// Settings of a built client. `Debug` never shows a credential.
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) auth: Auth,
    pub(crate) organization: Option<String>,
    pub(crate) project: Option<String>,
    pub(crate) base_url: String,
    pub(crate) webhook_secret: Option<Secret>,
    /// Every limit set: read and connect always, total if configured.
    pub(crate) timeout: Timeout,
    pub(crate) max_retries: u32,
    pub(crate) default_headers: HeaderMap,
    pub(crate) default_query: Vec<(String, String)>,
    /// Azure's URL rules, for an Azure client.
    pub(crate) azure: Option<AzureRouting>,
    /// Whether operation spans record message content (feature `telemetry`).
    #[allow(dead_code)] // Read by the telemetry, which is a feature.
    pub(crate) capture_message_content: bool,
}

/// Where an Azure client sends what, as openai-python's `lib/azure.py` does.
#[derive(Debug, Clone)]
pub(crate) struct AzureRouting {
    /// The base URL names no deployment: a deployment endpoint's request goes to
    /// `/deployments/{model}/...`, the deployment named by its `model`.
    pub(crate) route_by_model: bool,
    /// With a fixed deployment from an endpoint: `{endpoint}/openai`, where the endpoints
    /// that are not per deployment (`/models`, `/files`, ...) go.
    pub(crate) resource_base: Option<String>,
    /// The fixed deployment, if any (the Realtime socket names it in its query).
    #[allow(dead_code)] // Read by the Realtime socket, which not every spec has.
    pub(crate) deployment: Option<String>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may hold credentials (`Authorization`, `api-key`): show names only.
        let header_names: Vec<&str> = self.default_headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("ClientConfig")
            .field("auth", &self.auth)
            .field("organization", &self.organization)
            .field("project", &self.project)
            .field("base_url", &self.base_url)
            .field("webhook_secret", &self.webhook_secret)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &header_names)
            .field("default_query", &self.default_query)
            .finish()
    }
}

impl ClientConfig {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The client's timeouts (read and connect always set; total if configured).
    pub fn timeout(&self) -> Timeout {
        self.timeout
    }

    /// Retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The webhook signing secret, if one was set or found in the environment.
    pub fn webhook_secret(&self) -> Option<&Secret> {
        self.webhook_secret.as_ref()
    }
}

/// Azure OpenAI settings (see [`ClientBuilder::azure`]).
#[derive(Clone, Default)]
struct AzureSettings {
    endpoint: Option<String>,
    api_version: Option<String>,
    deployment: Option<String>,
    ad_token: Option<Secret>,
    token_provider: Option<ProvidedCredential>,
}

/// Builds a [`Client`](crate::runtime::client::Client). Unset options are read from the environment when
/// [`build`](Self::build) runs (unless [`read_env(false)`](Self::read_env)), then defaulted.
///
/// | option | environment |
/// |---|---|
/// | [`api_key`](Self::api_key) | `OPENAI_API_KEY` |
/// | [`admin_key`](Self::admin_key) | `OPENAI_ADMIN_KEY` |
/// | [`organization`](Self::organization) | `OPENAI_ORG_ID` |
/// | [`project`](Self::project) | `OPENAI_PROJECT_ID` |
/// | [`base_url`](Self::base_url) | `OPENAI_BASE_URL` |
/// | [`webhook_secret`](Self::webhook_secret) | `OPENAI_WEBHOOK_SECRET` |
/// | [`default_header`](Self::default_header) | `OPENAI_CUSTOM_HEADERS` (`Name: value` lines) |
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<Secret>,
    admin_key: Option<Secret>,
    organization: Option<String>,
    project: Option<String>,
    base_url: Option<String>,
    webhook_secret: Option<Secret>,
    timeout: Option<Timeout>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: Vec<(String, String)>,
    default_query: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    ignore_env: bool,
    azure: Option<AzureSettings>,
    api_key_provider: Option<ProvidedCredential>,
    admin_key_provider: Option<ProvidedCredential>,
    /// Outermost first.
    layers: Vec<LayerFn>,
    transport: Option<Transport>,
    capture_message_content: Option<bool>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("admin_key", &self.admin_key)
            .field("organization", &self.organization)
            .field("project", &self.project)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("azure", &self.azure.is_some())
            .finish_non_exhaustive()
    }
}

macro_rules! setter {
    ($(#[$doc:meta])* $name:ident: $ty:ty => $field:ident $(, $wrap:path)?) => {
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some($($wrap)?(value.into()));
            self
        }
    };
}

impl ClientBuilder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        // Before any argument of a later call is built: a `reqwest::Client` the caller builds
        // for `http_client(...)` needs the TLS provider in place.
        install_tls_provider();
        Self::default()
    }

    setter!(
        /// The API key (`Authorization: Bearer`).
        api_key: String => api_key, Secret::new
    );
    setter!(
        /// The admin key, used for the `/organization/*` administration endpoints.
        admin_key: String => admin_key, Secret::new
    );
    setter!(
        /// `OpenAI-Organization`.
        organization: String => organization
    );
    setter!(
        /// `OpenAI-Project`.
        project: String => project
    );
    setter!(
        /// The API's base URL (default `https://api.openai.com/v1`).
        base_url: String => base_url
    );
    setter!(
        /// The secret webhooks are signed with.
        webhook_secret: String => webhook_secret, Secret::new
    );
    setter!(
        /// Timeouts (see [`Timeout`]): a `Duration` sets the read timeout (default 600 s,
        /// per read: also the longest pause between two events of a stream).
        timeout: Timeout => timeout
    );
    setter!(
        /// Connect timeout (default 5 s), the same as [`Timeout::connect`]. A custom
        /// [`http_client`](Self::http_client) keeps its own.
        connect_timeout: Duration => connect_timeout
    );
    /// Retries after the first attempt (default 2). A plain `u32`, so that a literal
    /// (`max_retries(5)`) needs no suffix.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// A header sent with every request; it wins over the SDK's own header of that name.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// A query parameter sent with every request.
    pub fn default_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_query.push((name.into(), value.into()));
        self
    }

    /// Sends through this `reqwest::Client` (its pool, proxy and TLS settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Whether [`build`](Self::build) fills unset options from the environment (default true).
    pub fn read_env(mut self, read: bool) -> Self {
        self.ignore_env = !read;
        self
    }

    /// Switches to Azure OpenAI. Unset Azure options come from `AZURE_OPENAI_ENDPOINT`,
    /// `OPENAI_API_VERSION`, `AZURE_OPENAI_API_KEY` and `AZURE_OPENAI_AD_TOKEN`.
    pub fn azure(mut self) -> Self {
        self.azure.get_or_insert_with(AzureSettings::default);
        self
    }

    fn azure_settings(&mut self) -> &mut AzureSettings {
        self.azure.get_or_insert_with(AzureSettings::default)
    }

    /// Azure: the resource endpoint (`https://example.openai.azure.com`). Implies [`azure`](Self::azure).
    pub fn azure_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.azure_settings().endpoint = Some(endpoint.into());
        self
    }

    /// Azure: the `api-version` query parameter sent with every request. Implies [`azure`](Self::azure).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.azure_settings().api_version = Some(version.into());
        self
    }

    /// Azure: a fixed deployment; otherwise each request's `model` names it. Implies [`azure`](Self::azure).
    pub fn azure_deployment(mut self, deployment: impl Into<String>) -> Self {
        self.azure_settings().deployment = Some(deployment.into());
        self
    }

    /// Azure: a fixed Microsoft Entra ID token. Implies [`azure`](Self::azure).
    pub fn azure_ad_token(mut self, token: impl Into<String>) -> Self {
        self.azure_settings().ad_token = Some(Secret::new(token));
        self
    }

    /// Azure: a provider of Microsoft Entra ID tokens, called before every attempt (so a
    /// refreshed token is picked up by retries). Implies [`azure`](Self::azure).
    pub fn azure_ad_token_provider<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = std::result::Result<String, BoxError>> + Send + 'static,
    {
        // A token that is stale at once: the provider is asked before every attempt.
        let provider = move || {
            let token = provider();
            async move { token.await.map(|token| Credential::new(token).expires_in(Duration::ZERO)) }
        };
        self.azure_settings().token_provider = Some(ProvidedCredential::new(provider, "the Azure AD token provider"));
        self
    }

    /// Fetches the API key when needed, rather than fixing it: short-lived keys, keys from a
    /// secret store, workload identity. The key is cached until the expiry the provider
    /// reports (fetched again 10 s before it), fetched by one request at a time, and fetched
    /// again once when the API answers 401. Under Azure it is the Microsoft Entra ID token
    /// (`Authorization: Bearer`). A provider's error fails the request as
    /// [`Error::Config`], naming the provider.
    pub fn api_key_provider(mut self, provider: impl CredentialProvider) -> Self {
        self.api_key_provider = Some(ProvidedCredential::new(provider, "the API key provider"));
        self
    }

    /// The admin key, fetched when needed: see [`api_key_provider`](Self::api_key_provider).
    pub fn admin_key_provider(mut self, provider: impl CredentialProvider) -> Self {
        self.admin_key_provider = Some(ProvidedCredential::new(provider, "the admin key provider"));
        self
    }

    /// Adds a tower layer around every attempt of every request (each retry passes through
    /// it too): it can read and change the request's headers, time the attempt, look at the
    /// response's status and headers, or answer without the network. The first layer added
    /// is the outermost, as with `tower::ServiceBuilder`. See [`transport`](crate::transport).
    ///
    /// ```no_run
    /// # fn run() -> openai_sdk::Result<()> {
    /// use openai_sdk::transport::HttpRequest;
    ///
    /// // Any tower layer over `http` types fits; this one adds a header to every attempt.
    /// let tag = tower::util::MapRequestLayer::new(|mut request: HttpRequest| {
    ///     request.headers_mut().insert("x-team", "search".parse().unwrap());
    ///     request
    /// });
    /// let client = openai_sdk::Client::builder().layer(tag).build()?;
    /// # Ok(()) }
    /// ```
    pub fn layer<L, B>(mut self, layer: L) -> Self
    where
        L: tower::Layer<Transport> + Send + 'static,
        L::Service: tower::Service<HttpRequest, Response = http::Response<B>> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<HttpRequest>>::Error: Into<BoxError>,
        <L::Service as tower::Service<HttpRequest>>::Future: Send + 'static,
        B: http_body::Body<Data = bytes::Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        self.layers.push(crate::runtime::transport::layer_fn(layer));
        self
    }

    /// Sends through `transport` instead of reqwest (the layers wrap it): a test double
    /// (`openai_sdk::testing`, feature `testing`), or another HTTP stack. The
    /// [`http_client`](Self::http_client) and connect timeout then go unused.
    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Whether each operation's span (feature `telemetry`) records the messages sent and
    /// received (`gen_ai.input.messages`, `gen_ai.output.messages`). Off by default, as
    /// OpenTelemetry's conventions ask: they may hold personal data. Unset, it follows
    /// `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` (`true` turns it on).
    #[cfg(feature = "telemetry")]
    pub fn capture_message_content(mut self, capture: bool) -> Self {
        self.capture_message_content = Some(capture);
        self
    }

    pub(crate) fn into_parts(mut self) -> Result<(ClientConfig, reqwest::Client, Option<Transport>)> {
        let default_headers = self.default_headers()?;
        let mut default_query = self.default_query.clone();
        let (auth, base_url, azure) = match self.azure.take() {
            None => {
                let (auth, base_url) = self.openai_auth()?;
                (auth, base_url, None)
            }
            Some(azure) => {
                let version =
                    azure.api_version.clone().or_else(|| self.env("OPENAI_API_VERSION")).ok_or_else(|| {
                        Error::Config(
                            "Azure needs an API version: set OPENAI_API_VERSION or call ClientBuilder::api_version"
                                .into(),
                        )
                    })?;
                default_query.push(("api-version".into(), version));
                let (auth, base_url, routing) = self.azure_auth(azure)?;
                (auth, base_url, Some(routing))
            }
        };
        let defaults = Timeout::new().read(DEFAULT_READ_TIMEOUT).connect(DEFAULT_CONNECT_TIMEOUT);
        let mut timeout = self.timeout.unwrap_or_default();
        timeout.connect = timeout.connect.or(self.connect_timeout);
        let timeout = timeout.or(defaults);
        let http = match self.http_client.take() {
            Some(client) => client,
            None => http_client_builder()
                .connect_timeout(timeout.connect.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        // Without layers or a transport of its own, the client sends through reqwest
        // directly: no boxing, no conversion to `http` types.
        let transport = match (self.transport.take(), self.layers.is_empty()) {
            (None, true) => None,
            (inner, _) => {
                let inner = inner.unwrap_or_else(|| Transport::reqwest(http.clone()));
                Some(self.layers.drain(..).rev().fold(inner, |inner, layer| layer(inner)))
            }
        };
        let config = ClientConfig {
            auth,
            organization: self.organization.take().or_else(|| self.env("OPENAI_ORG_ID")),
            project: self.project.take().or_else(|| self.env("OPENAI_PROJECT_ID")),
            base_url: base_url.trim_end_matches('/').to_string(),
            webhook_secret: self.webhook_secret.take().or_else(|| self.env("OPENAI_WEBHOOK_SECRET").map(Secret::new)),
            timeout,
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            default_headers,
            default_query,
            azure,
            capture_message_content: self.capture_message_content.unwrap_or_else(|| {
                self.env("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            }),
        };
        Ok((config, http, transport))
    }

    /// An environment variable, unless the builder ignores the environment (empty counts as unset).
    fn env(&self, name: &str) -> Option<String> {
        if self.ignore_env { None } else { std::env::var(name).ok().filter(|v| !v.trim().is_empty()) }
    }

    /// `OPENAI_CUSTOM_HEADERS` (one `Name: value` per line), then the builder's own headers.
    fn default_headers(&self) -> Result<HeaderMap> {
        let mut headers = HeaderMap::new();
        if let Some(custom) = self.env("OPENAI_CUSTOM_HEADERS") {
            for line in custom.lines().filter(|l| !l.trim().is_empty()) {
                let (name, value) = line.split_once(':').ok_or_else(|| {
                    Error::Config(format!("OPENAI_CUSTOM_HEADERS: `{line}` is not a `Name: value` line"))
                })?;
                insert_header(&mut headers, name.trim(), value.trim())?;
            }
        }
        for (name, value) in &self.default_headers {
            insert_header(&mut headers, name, value)?;
        }
        Ok(headers)
    }

    /// The OpenAI platform's keys and base URL.
    fn openai_auth(&mut self) -> Result<(Auth, String)> {
        let api_key = match self.api_key_provider.take() {
            Some(provided) => Some(Key::Provided(provided)),
            None => self.api_key.take().or_else(|| self.env("OPENAI_API_KEY").map(Secret::new)).map(Key::Fixed),
        };
        let admin_key = match self.admin_key_provider.take() {
            Some(provided) => Some(Key::Provided(provided)),
            None => self.admin_key.take().or_else(|| self.env("OPENAI_ADMIN_KEY").map(Secret::new)).map(Key::Fixed),
        };
        if api_key.is_none() && admin_key.is_none() {
            return Err(Error::Config(
                "no API key: set the OPENAI_API_KEY environment variable or call ClientBuilder::api_key \
                 (or OPENAI_ADMIN_KEY / ClientBuilder::admin_key for the /organization admin endpoints)"
                    .into(),
            ));
        }
        let base_url =
            self.base_url.take().or_else(|| self.env("OPENAI_BASE_URL")).unwrap_or_else(|| DEFAULT_BASE_URL.into());
        Ok((Auth { scheme: Scheme::Bearer, api_key, admin_key }, base_url))
    }

    /// Azure's credential, base URL and deployment routing, as openai-python's `lib/azure.py`.
    fn azure_auth(&mut self, azure: AzureSettings) -> Result<(Auth, String, AzureRouting)> {
        let (base_url, resource_base) =
            match (self.base_url.take(), azure.endpoint.or_else(|| self.env("AZURE_OPENAI_ENDPOINT"))) {
                (Some(base), _) => (base, None),
                (None, Some(endpoint)) => {
                    let resource = format!("{}/openai", endpoint.trim_end_matches('/'));
                    match &azure.deployment {
                        Some(deployment) => {
                            let segment = crate::runtime::encoding::path_segment(deployment)?;
                            (format!("{resource}/deployments/{segment}"), Some(resource))
                        }
                        None => (resource, None),
                    }
                }
                (None, None) => {
                    return Err(Error::Config(
                        "Azure needs an endpoint: set AZURE_OPENAI_ENDPOINT or call ClientBuilder::azure_endpoint"
                            .into(),
                    ));
                }
            };
        // openai-python's test: no `/deployments` anywhere in the base URL's path.
        let base_path =
            reqwest::Url::parse(&base_url).map(|url| url.path().to_owned()).unwrap_or_else(|_| base_url.clone());
        let routing = AzureRouting {
            route_by_model: !base_path.contains("/deployments"),
            resource_base,
            deployment: azure.deployment.clone(),
        };
        let key = self.api_key.take().or_else(|| self.env("AZURE_OPENAI_API_KEY").map(Secret::new));
        let token = azure.ad_token.or_else(|| self.env("AZURE_OPENAI_AD_TOKEN").map(Secret::new));
        let provider = azure.token_provider.or_else(|| self.api_key_provider.take());
        let bearer = |key| Auth { scheme: Scheme::Bearer, api_key: Some(key), admin_key: None };
        let auth = match (provider, token, key) {
            (Some(provided), _, _) => bearer(Key::Provided(provided)),
            (None, Some(token), _) => bearer(Key::Fixed(token)),
            (None, None, Some(key)) => {
                Auth { scheme: Scheme::AzureApiKey, api_key: Some(Key::Fixed(key)), admin_key: None }
            }
            (None, None, None) => {
                return Err(Error::Config(
                    "Azure needs credentials: set AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN, or call \
                     ClientBuilder::api_key, azure_ad_token or azure_ad_token_provider"
                        .into(),
                ));
            }
        };
        Ok((auth, base_url, routing))
    }
}

/// A `reqwest` client builder set up as the SDK sets up its own client: for a client with a
/// proxy, custom root certificates or other transport settings, passed to
/// [`ClientBuilder::http_client`].
///
/// ```no_run
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let http = openai_sdk::http_client_builder()
///     .proxy(openai_sdk::reqwest::Proxy::https("http://proxy.internal:8080")?)
///     .build()?;
/// let client = openai_sdk::Client::builder().http_client(http).build()?;
/// # Ok(()) }
/// ```
///
/// It connects within 5 s and leaves retries to the SDK. Under the default `rustls-ring`
/// feature it first makes ring the process's rustls crypto provider (unless the program
/// chose one already), which a `reqwest::Client` needs before it can be built; creating a
/// [`ClientBuilder`] does the same, so `Client::builder().http_client(reqwest::Client::new())`
/// works as well.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        // The client retries every failed attempt itself, as configured; reqwest's own
        // retries would come on top, and would copy every request to be ready for them.
        .retry(reqwest::retry::never().max_retries_per_request(0))
}

/// reqwest is built without a rustls crypto provider under `rustls-ring`: install ring's as
/// the process default, unless the program installed one already.
pub(crate) fn install_tls_provider() {
    #[cfg(feature = "rustls-ring")]
    {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    }
}
