//! The handshake: URL, headers and TLS of a WebSocket connection, from the client's config.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use tokio_tungstenite::tungstenite;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::{ConnectOptions, Socket};
use crate::runtime::{AuthScope, ClientConfig};
use crate::runtime::{ORGANIZATION, PROJECT, header_value, platform_headers};
use crate::{Error, Result};

/// How to reach a socket again: its URL without the connection's own query, and the
/// client's settings (credentials are read at each handshake, so a token provider is asked
/// again on reconnect).
#[derive(Clone)]
pub(crate) struct Dial {
    url: reqwest::Url,
    config: ClientConfig,
}

impl Dial {
    /// The socket at `path`: below the base URL with a WebSocket scheme, with the client's
    /// query parameters; for the Realtime socket (`realtime`) of an Azure client, Azure's
    /// realtime URL with `deployment` (openai-python's `_configure_realtime`).
    pub(crate) fn new(config: &ClientConfig, path: &str, options: &ConnectOptions, realtime: bool) -> Result<Dial> {
        let azure = config.azure.as_ref().filter(|_| realtime);
        let base = match azure {
            Some(routing) => routing.resource_base.clone().unwrap_or_else(|| config.base_url.clone()),
            None => config.base_url.clone(),
        };
        let mut url = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("the base URL `{base}` cannot hold a WebSocket path: {e}")))?;
        // openai-python makes Azure's always `wss`; an `http` endpoint is a local one, kept plain.
        let scheme = match url.scheme() {
            "https" | "wss" => "wss",
            "http" | "ws" => "ws",
            other => return Err(Error::Config(format!("the base URL's scheme `{other}` has no WebSocket form"))),
        };
        url.set_scheme(scheme).map_err(|()| Error::Config(format!("cannot use `{scheme}` with `{base}`")))?;
        let joined = format!("{}{path}", url.path().trim_end_matches('/'));
        url.set_path(&joined);
        {
            let mut query = url.query_pairs_mut();
            for (name, value) in &config.default_query {
                query.append_pair(name, value);
            }
            match azure {
                Some(routing) => {
                    let deployment = routing.deployment.as_deref().or(options.model.as_deref()).ok_or_else(|| {
                        Error::InvalidRequest(
                            "the Azure Realtime API needs a model (its deployment): set `model`".into(),
                        )
                    })?;
                    query.append_pair("deployment", deployment);
                }
                None => {
                    if let Some(model) = &options.model {
                        query.append_pair("model", model);
                    }
                }
            }
            if let Some(call_id) = &options.call_id {
                query.append_pair("call_id", call_id);
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        Ok(Dial { url, config: config.clone() })
    }

    /// The URL a handshake with `query` goes to.
    pub(crate) fn url(&self, query: &[(String, String)]) -> reqwest::Url {
        let mut url = self.url.clone();
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Opens the connection, within the client's connect timeout.
    pub(crate) async fn connect(&self, query: &[(String, String)], extra: &[(String, String)]) -> Result<Socket> {
        let url = self.url(query);
        let mut request = url
            .as_str()
            .into_client_request()
            .map_err(|e| Error::Config(format!("`{url}` is not a WebSocket URL: {e}")))?;
        let headers = self.headers(extra).await?;
        request.headers_mut().extend(headers);
        let limit = self.config.timeout.connect.unwrap_or(Duration::from_secs(10));
        crate::runtime::logging::log_event!(INFO, "connecting a WebSocket", url = url.as_str());
        let handshake = tokio_tungstenite::connect_async_tls_with_config(request, None, false, None);
        match tokio::time::timeout(limit, handshake).await {
            Err(_) => Err(Error::Timeout),
            Ok(Ok((socket, _))) => Ok(socket),
            Ok(Err(tungstenite::Error::Http(response))) => {
                let (parts, body) = response.into_parts();
                Err(Error::from_status(parts.status, parts.headers, body.unwrap_or_default().into()))
            }
            Ok(Err(e)) => Err(Error::connection(e)),
        }
    }

    /// The client's headers for the handshake, then the connection's own (which win).
    async fn headers(&self, extra: &[(String, String)]) -> Result<HeaderMap> {
        let config = &self.config;
        let mut headers = platform_headers();
        headers.remove(reqwest::header::ACCEPT);
        let (name, value) = config.auth.header(AuthScope::Custom, "the WebSocket").await?;
        headers.insert(name, value);
        if let Some(org) = &config.organization {
            headers.insert(ORGANIZATION, header_value(org)?);
        }
        if let Some(project) = &config.project {
            headers.insert(PROJECT, header_value(project)?);
        }
        for (name, value) in &config.default_headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in extra {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a valid header name")))?;
            headers.insert(name, header_value(value)?);
        }
        Ok(headers)
    }
}
