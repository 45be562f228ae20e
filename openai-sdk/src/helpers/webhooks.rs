//! Verifying webhook deliveries and reading their events.
//!
//! The API signs each delivery (the Standard Webhooks scheme): the signature is
//! base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{payload}")), where the key is
//! the secret after `whsec_`, base64-decoded (or the secret's own bytes when it has no such
//! prefix). `webhook-signature` holds space-separated candidates (`v1,<signature>`); one
//! matching candidate, compared in constant time, and a timestamp within the tolerance of
//! now, make a delivery genuine.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

use crate::runtime::Secret;
pub use crate::runtime::WebhookError;
use crate::runtime::{Error, Result};
#[cfg(feature = "webhooks")]
use crate::types::WebhookEvent;

/// How far a delivery's timestamp may be from now, either way, by default.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The three headers a delivery is verified with, taken from any header source.
#[derive(Debug, Clone, Default)]
pub struct WebhookHeaders {
    id: Option<String>,
    timestamp: Option<String>,
    signature: Option<String>,
}

impl WebhookHeaders {
    /// From any name/value pairs; names match case-insensitively, values that are not text
    /// count as missing.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let mut headers = WebhookHeaders::default();
        for (name, value) in pairs {
            let slot = match name.as_ref().trim().to_ascii_lowercase().as_str() {
                "webhook-id" => &mut headers.id,
                "webhook-timestamp" => &mut headers.timestamp,
                "webhook-signature" => &mut headers.signature,
                _ => continue,
            };
            *slot = std::str::from_utf8(value.as_ref()).ok().map(String::from);
        }
        headers
    }
}

impl From<&HeaderMap> for WebhookHeaders {
    fn from(map: &HeaderMap) -> Self {
        WebhookHeaders::from_pairs(map.iter().map(|(k, v)| (k.as_str(), v.as_bytes())))
    }
}

/// From a map of names to values, as several web frameworks give them
/// (`HashMap<String, String>`).
impl<K: AsRef<str>, V: AsRef<[u8]>, S> From<&std::collections::HashMap<K, V, S>> for WebhookHeaders {
    fn from(map: &std::collections::HashMap<K, V, S>) -> Self {
        WebhookHeaders::from_pairs(map.iter())
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>, S> From<std::collections::HashMap<K, V, S>> for WebhookHeaders {
    fn from(map: std::collections::HashMap<K, V, S>) -> Self {
        WebhookHeaders::from_pairs(map)
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> From<Vec<(K, V)>> for WebhookHeaders {
    fn from(pairs: Vec<(K, V)>) -> Self {
        WebhookHeaders::from_pairs(pairs)
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>, const N: usize> From<[(K, V); N]> for WebhookHeaders {
    fn from(pairs: [(K, V); N]) -> Self {
        WebhookHeaders::from_pairs(pairs)
    }
}

/// Verifies deliveries and turns them into typed events. From [`Client::webhooks`](crate::Client::webhooks),
/// or on its own with [`Webhooks::new`] (a receiving server needs no API key).
#[derive(Debug, Clone, Default)]
pub struct Webhooks {
    secret: Option<Secret>,
}

impl crate::runtime::Client {
    /// Webhook verification with the client's secret (or `OPENAI_WEBHOOK_SECRET`).
    pub fn webhooks(&self) -> Webhooks {
        Webhooks::with_secret(self.config().webhook_secret().cloned())
    }
}

impl Webhooks {
    /// Webhooks verified with `secret` (`whsec_...`).
    pub fn new(secret: impl Into<String>) -> Self {
        Webhooks { secret: Some(Secret::new(secret)) }
    }

    /// Webhooks verified with `OPENAI_WEBHOOK_SECRET`, read when a delivery is checked.
    pub fn from_env() -> Self {
        Webhooks { secret: None }
    }

    pub(crate) fn with_secret(secret: Option<Secret>) -> Self {
        Webhooks { secret }
    }

    /// Checks that `payload` was signed by OpenAI, recently.
    pub fn verify_signature(&self, payload: impl AsRef<[u8]>, headers: impl Into<WebhookHeaders>) -> Result<()> {
        self.verify_signature_with(payload, headers, None, None)
    }

    /// [`verify_signature`](Self::verify_signature) with an explicit secret and tolerance.
    pub fn verify_signature_with(
        &self,
        payload: impl AsRef<[u8]>,
        headers: impl Into<WebhookHeaders>,
        secret: Option<&str>,
        tolerance: Option<Duration>,
    ) -> Result<()> {
        let secret = self.resolve_secret(secret)?;
        verify(payload.as_ref(), &headers.into(), &secret, tolerance.unwrap_or(DEFAULT_TOLERANCE), SystemTime::now())
            .map_err(Error::from)
    }

    /// Verifies `payload`, then parses it into its typed event. An event type this version
    /// of the SDK does not know is [`WebhookEvent::Unknown`], with the raw JSON.
    #[cfg(feature = "webhooks")]
    pub fn unwrap(&self, payload: impl AsRef<[u8]>, headers: impl Into<WebhookHeaders>) -> Result<WebhookEvent> {
        self.unwrap_with(payload, headers, None, None)
    }

    /// [`unwrap`](Self::unwrap) with an explicit secret and tolerance.
    #[cfg(feature = "webhooks")]
    pub fn unwrap_with(
        &self,
        payload: impl AsRef<[u8]>,
        headers: impl Into<WebhookHeaders>,
        secret: Option<&str>,
        tolerance: Option<Duration>,
    ) -> Result<WebhookEvent> {
        let payload = payload.as_ref();
        self.verify_signature_with(payload, headers, secret, tolerance)?;
        let text =
            std::str::from_utf8(payload).map_err(|e| Error::Webhook(WebhookError::InvalidPayload(e.to_string())))?;
        crate::runtime::decode_lenient(text).map_err(|e| Error::Webhook(WebhookError::InvalidPayload(e)))
    }

    /// Only a missing secret is missing: an empty one is a secret like any other (and then
    /// matches no genuine signature), as in openai-python.
    fn resolve_secret(&self, explicit: Option<&str>) -> Result<String> {
        explicit
            .map(String::from)
            .or_else(|| self.secret.as_ref().map(|s| s.expose().to_string()))
            .or_else(|| std::env::var("OPENAI_WEBHOOK_SECRET").ok())
            .ok_or(Error::Webhook(WebhookError::NoSecret))
    }
}

/// The verification itself, with the clock passed in.
pub fn verify(
    payload: &[u8],
    headers: &WebhookHeaders,
    secret: &str,
    tolerance: Duration,
    now: SystemTime,
) -> std::result::Result<(), WebhookError> {
    // Checked in openai-python's order, so both name the same header when several are missing.
    let signatures = headers.signature.as_deref().ok_or(WebhookError::MissingHeader("webhook-signature"))?;
    let timestamp = headers.timestamp.as_deref().ok_or(WebhookError::MissingHeader("webhook-timestamp"))?;
    let id = headers.id.as_deref().ok_or(WebhookError::MissingHeader("webhook-id"))?;

    let seconds: i64 =
        timestamp.trim().parse().map_err(|_| WebhookError::InvalidTimestamp(timestamp.chars().take(64).collect()))?;
    let now_seconds = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i128,
        Err(e) => -(e.duration().as_secs() as i128),
    };
    let tolerance_seconds = tolerance.as_secs();
    let age = now_seconds - seconds as i128;
    if age > tolerance_seconds as i128 {
        return Err(WebhookError::TooOld { age_seconds: age.min(u64::MAX as i128) as u64, tolerance_seconds });
    }
    if -age > tolerance_seconds as i128 {
        return Err(WebhookError::TooNew { ahead_seconds: (-age).min(u64::MAX as i128) as u64, tolerance_seconds });
    }

    let key = match secret.strip_prefix("whsec_") {
        Some(encoded) => STANDARD.decode(encoded).map_err(|_| WebhookError::InvalidSecret)?,
        None => secret.as_bytes().to_vec(),
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| WebhookError::InvalidSecret)?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(payload);
    // Candidates are separated by any whitespace (a tab too), as Python's `str.split()` does.
    for candidate in signatures.split(|c: char| c.is_whitespace()).filter(|c| !c.is_empty()) {
        let encoded = match candidate.split_once(',') {
            Some(("v1", signature)) => signature,
            Some(_) => continue,
            None => candidate,
        };
        let Ok(signature) = STANDARD.decode(encoded) else { continue };
        // `verify_slice` compares in constant time.
        if mac.clone().verify_slice(&signature).is_ok() {
            return Ok(());
        }
    }
    Err(WebhookError::NoMatchingSignature)
}
