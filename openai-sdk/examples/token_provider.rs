//! A credential provider: the API key is fetched when needed (from a secret store, a
//! workload identity, here a closure that reads `OPENAI_API_KEY`), cached until the expiry
//! it reports, and fetched again once if the API answers 401. A layer shows that every
//! attempt carries the provided key.
//!
//! `OPENAI_API_KEY=... OPENAI_BASE_URL=... cargo run -p openai-sdk --example token_provider`

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use openai_sdk::transport::{AttemptInfo, HttpRequest};
use openai_sdk::{BoxError, Client, Credential};

#[tokio::main]
async fn main() -> Result<(), openai_sdk::Error> {
    let fetches = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&fetches);
    let provider = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            // A real provider asks a vault or an identity endpoint here.
            let key = std::env::var("OPENAI_API_KEY").map_err(|_| BoxError::from("OPENAI_API_KEY is not set"))?;
            println!("provider: fetch #{n}");
            Ok::<_, BoxError>(Credential::new(key).expires_in(Duration::from_secs(15 * 60)))
        }
    };
    let show_key = tower::util::MapRequestLayer::new(|request: HttpRequest| {
        let attempt = request.extensions().get::<AttemptInfo>().map_or(1, |i| i.attempt);
        let key = request.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("none");
        let shown: String = key.chars().take(12).collect();
        println!("{} {} attempt {attempt}: authorization {shown}...", request.method(), request.uri().path());
        request
    });
    // The provider wins over `OPENAI_API_KEY`; `OPENAI_BASE_URL` still applies.
    let client = Client::builder().api_key_provider(provider).layer(show_key).build()?;
    let models = client.models().list().await?;
    let again = client.models().list().await?;
    println!(
        "{} and {} models; the provider was asked {} time(s)",
        models.data.len(),
        again.data.len(),
        fetches.load(Ordering::SeqCst)
    );
    Ok(())
}
