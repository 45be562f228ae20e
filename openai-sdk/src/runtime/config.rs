//! Client configuration: explicit settings, then the environment, then defaults.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};

use crate::runtime::encoding::insert_header;
use crate::runtime::error::{Error, Result};
use crate::runtime::timeout::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, Timeout};

/// Default `base_url`.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// A credential: shown as `[redacted]` by `Debug`, so it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A source of Microsoft Entra ID bearer tokens, called before every attempt.
pub type TokenProvider = Arc<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = std::result::Result<String, BoxError>> + Send>>
        + Send
        + Sync,
>;

/// Any error, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How requests authenticate.
#[derive(Clone)]
pub(crate) enum Auth {
    /// `Authorization: Bearer <key>`; the admin key for admin endpoints.
    OpenAi { api_key: Option<Secret>, admin_key: Option<Secret> },
    /// Azure: `api-key: <key>`.
    AzureKey(Secret),
    /// Azure: `Authorization: Bearer <token>`, the token from a provider or fixed.
    AzureToken(TokenProvider),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::OpenAi { api_key, admin_key } => {
                f.debug_struct("OpenAi").field("api_key", api_key).field("admin_key", admin_key).finish()
            }
            Auth::AzureKey(key) => f.debug_tuple("AzureKey").field(key).finish(),
            Auth::AzureToken(_) => f.write_str("AzureToken([provider])"),
        }
    }
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
    token_provider: Option<TokenProvider>,
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
        self.azure_settings().token_provider = Some(Arc::new(move || Box::pin(provider())));
        self
    }

    pub(crate) fn into_parts(mut self) -> Result<(ClientConfig, reqwest::Client)> {
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
        };
        Ok((config, http))
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
        let api_key = self.api_key.take().or_else(|| self.env("OPENAI_API_KEY").map(Secret::new));
        let admin_key = self.admin_key.take().or_else(|| self.env("OPENAI_ADMIN_KEY").map(Secret::new));
        if api_key.is_none() && admin_key.is_none() {
            return Err(Error::Config(
                "no API key: set the OPENAI_API_KEY environment variable or call ClientBuilder::api_key \
                 (or OPENAI_ADMIN_KEY / ClientBuilder::admin_key for the /organization admin endpoints)"
                    .into(),
            ));
        }
        let base_url =
            self.base_url.take().or_else(|| self.env("OPENAI_BASE_URL")).unwrap_or_else(|| DEFAULT_BASE_URL.into());
        Ok((Auth::OpenAi { api_key, admin_key }, base_url))
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
        let auth = match (azure.token_provider, token, key) {
            (Some(provider), _, _) => Auth::AzureToken(provider),
            (None, Some(token), _) => Auth::AzureToken(Arc::new(move || {
                let token = token.expose().to_string();
                Box::pin(async move { Ok(token) })
            })),
            (None, None, Some(key)) => Auth::AzureKey(key),
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
