//! Credentials fetched when needed: short-lived keys, workload identity, Microsoft Entra ID
//! tokens. A provider's credential is cached until the expiry it reports, fetched by one
//! request at a time, and fetched again once when the API answers 401.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use crate::runtime::error::{BoxError, Error, Result};

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

/// A credential a [`CredentialProvider`] gives: the key or token, and until when it holds.
#[derive(Clone)]
pub struct Credential {
    secret: Secret,
    expires_at: Option<Instant>,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential").field("secret", &self.secret).field("expires_at", &self.expires_at).finish()
    }
}

impl Credential {
    /// A key or token that holds until the API refuses it (a 401 fetches a new one).
    pub fn new(secret: impl Into<String>) -> Credential {
        Credential { secret: Secret::new(secret), expires_at: None }
    }

    /// The credential holds for `lifetime` from now.
    pub fn expires_in(mut self, lifetime: Duration) -> Credential {
        self.expires_at = Some(Instant::now() + lifetime);
        self
    }

    /// The credential holds until `time` (a token's `exp`, say).
    pub fn expires_at(self, time: SystemTime) -> Credential {
        let lifetime = time.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO);
        self.expires_in(lifetime)
    }

    /// The key or token.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// Whether it still holds `margin` from now.
    fn holds_for(&self, margin: Duration) -> bool {
        self.expires_at.is_none_or(|at| Instant::now() + margin < at)
    }
}

/// The future a [`CredentialProvider`] returns.
pub type CredentialFuture<'a> = Pin<Box<dyn Future<Output = std::result::Result<Credential, BoxError>> + Send + 'a>>;

/// A source of API keys or bearer tokens, asked when the cached one is missing, about to
/// expire or refused. Any `Fn() -> impl Future<Output = Result<Credential, BoxError>>` is
/// one.
///
/// ```no_run
/// use openai_sdk::{Client, Credential};
/// use std::time::Duration;
///
/// # fn run() -> openai_sdk::Result<()> {
/// let client = Client::builder()
///     .api_key_provider(|| async {
///         let key = std::fs::read_to_string("/var/run/secrets/openai-key")?;
///         Ok(Credential::new(key.trim()).expires_in(Duration::from_secs(300)))
///     })
///     .build()?;
/// # Ok(()) }
/// ```
pub trait CredentialProvider: Send + Sync + 'static {
    /// A fresh credential.
    fn credential(&self) -> CredentialFuture<'_>;
}

impl<F, Fut> CredentialProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = std::result::Result<Credential, BoxError>> + Send + 'static,
{
    fn credential(&self) -> CredentialFuture<'_> {
        Box::pin(self())
    }
}

/// A provider with its cached credential, shared by every clone of a client.
#[derive(Clone)]
pub(crate) struct ProvidedCredential {
    inner: Arc<Provided>,
}

struct Provided {
    provider: Box<dyn CredentialProvider>,
    /// What the provider is (for errors): "the API key provider", ...
    name: &'static str,
    cached: Mutex<Option<Credential>>,
    /// Held while fetching, so concurrent requests wait for one fetch.
    fetching: tokio::sync::Mutex<()>,
}

/// A credential this close to its expiry is fetched again: a request sent with it could
/// outlive it.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

impl ProvidedCredential {
    pub(crate) fn new(provider: impl CredentialProvider, name: &'static str) -> ProvidedCredential {
        ProvidedCredential {
            inner: Arc::new(Provided {
                provider: Box::new(provider),
                name,
                cached: Mutex::new(None),
                fetching: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The cached credential if it still holds, else a fresh one.
    pub(crate) async fn get(&self) -> Result<Secret> {
        if let Some(secret) = self.cached() {
            return Ok(secret);
        }
        let _fetching = self.inner.fetching.lock().await;
        // Another request may have fetched one while this one waited.
        if let Some(secret) = self.cached() {
            return Ok(secret);
        }
        let credential = self
            .inner
            .provider
            .credential()
            .await
            .map_err(|e| Error::Config(format!("{} failed: {e}", self.inner.name)))?;
        let secret = credential.secret.clone();
        *self.lock() = Some(credential);
        Ok(secret)
    }

    /// Forgets the cached credential if it is the refused one, so the next
    /// [`get`](Self::get) fetches another (a newer one, fetched meanwhile, is kept).
    pub(crate) fn refused(&self, is_refused: impl Fn(&Secret) -> bool) {
        let mut cached = self.lock();
        if cached.as_ref().is_some_and(|c| is_refused(&c.secret)) {
            *cached = None;
        }
    }

    fn cached(&self) -> Option<Secret> {
        self.lock().as_ref().filter(|c| c.holds_for(EXPIRY_MARGIN)).map(|c| c.secret.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Credential>> {
        // A panic elsewhere cannot leave a half-written `Option`.
        self.inner.cached.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl fmt::Debug for ProvidedCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProvidedCredential({})", self.inner.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn counting(lifetime: Option<Duration>) -> (ProvidedCredential, Arc<AtomicU32>) {
        let calls = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&calls);
        let provided = ProvidedCredential::new(
            move || {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    // Long enough for other requests to come while it fetches.
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    let credential = Credential::new(format!("key-{n}"));
                    Ok(match lifetime {
                        Some(lifetime) => credential.expires_in(lifetime),
                        None => credential,
                    })
                }
            },
            "the test provider",
        );
        (provided, calls)
    }

    #[tokio::test(start_paused = true)]
    async fn a_credential_is_cached_until_it_nearly_expires() {
        let (provided, calls) = counting(Some(Duration::from_secs(60)));
        assert_eq!(provided.get().await.unwrap().expose(), "key-1");
        tokio::time::advance(Duration::from_secs(45)).await;
        assert_eq!(provided.get().await.unwrap().expose(), "key-1");
        tokio::time::advance(Duration::from_secs(6)).await; // 9 s left: inside the margin
        assert_eq!(provided.get().await.unwrap().expose(), "key-2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_refused_credential_is_fetched_again_but_a_newer_one_is_kept() {
        let (provided, calls) = counting(None);
        let first = provided.get().await.unwrap();
        provided.refused(|s| *s == first);
        let second = provided.get().await.unwrap();
        assert_eq!(second.expose(), "key-2");
        provided.refused(|s| *s == first); // a late 401 for the old key
        assert_eq!(provided.get().await.unwrap().expose(), "key-2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_requests_share_one_fetch() {
        let (provided, calls) = counting(None);
        let (a, b, c) = tokio::join!(provided.get(), provided.get(), provided.get());
        assert_eq!(
            (a.unwrap(), b.unwrap(), c.unwrap()),
            (Secret::new("key-1"), Secret::new("key-1"), Secret::new("key-1"))
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_provider_is_a_typed_error_naming_it() {
        let provided = ProvidedCredential::new(
            || async { Err::<Credential, BoxError>("vault sealed".into()) },
            "the API key provider",
        );
        let error = provided.get().await.unwrap_err();
        assert!(matches!(&error, Error::Config(m) if m == "the API key provider failed: vault sealed"), "{error:?}");
    }
}
