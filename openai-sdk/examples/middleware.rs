//! Middleware: tower layers around every attempt of every request. One hand-written layer
//! prints the method, path, status and latency of each attempt; another simulates a flaky
//! network by answering each request's first attempt with a 503 itself, so the retry shows;
//! tower-http's `TraceLayer`, off the shelf, traces each attempt through `tracing`.
//!
//! `OPENAI_API_KEY=... OPENAI_BASE_URL=... cargo run -p openai-sdk --example middleware`

use std::time::Instant;

use openai_sdk::transport::{AttemptInfo, HttpRequest, Transport};
use openai_sdk::{BoxError, Client};
use tower::ServiceExt;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

#[tokio::main]
async fn main() -> Result<(), openai_sdk::Error> {
    // TraceLayer's span and response event at INFO, beside the SDK's own INFO events.
    tracing_subscriber::fmt().with_max_level(Level::INFO).with_target(false).init();
    let trace = TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO));

    let log_attempts = tower::layer::layer_fn(|inner: Transport| {
        tower::service_fn(move |request: HttpRequest| {
            let inner = inner.clone();
            async move {
                let (method, path) = (request.method().clone(), request.uri().path().to_owned());
                let info = request.extensions().get::<AttemptInfo>().cloned();
                let (operation, attempt) = info.map_or(("custom", 1), |i| (i.operation.unwrap_or("custom"), i.attempt));
                let started = Instant::now();
                let answer = inner.oneshot(request).await;
                let outcome = match &answer {
                    Ok(response) => response.status().to_string(),
                    Err(error) => format!("failed: {error}"),
                };
                println!("{method} {path} ({operation}, attempt {attempt}): {outcome} in {:?}", started.elapsed());
                answer
            }
        })
    });

    let flaky_first_attempt = tower::layer::layer_fn(|inner: Transport| {
        tower::service_fn(move |request: HttpRequest| {
            let inner = inner.clone();
            async move {
                if request.extensions().get::<AttemptInfo>().is_some_and(|i| i.attempt == 1) {
                    let mut busy = http::Response::new(reqwest::Body::from(r#"{"error": {"message": "simulated"}}"#));
                    *busy.status_mut() = http::StatusCode::SERVICE_UNAVAILABLE;
                    busy.headers_mut().insert("retry-after-ms", http::HeaderValue::from_static("10"));
                    return Ok::<_, BoxError>(busy);
                }
                inner.oneshot(request).await
            }
        })
    });

    // The first layer added is the outermost: the log sees the simulated 503 too.
    let client = Client::builder().layer(log_attempts).layer(flaky_first_attempt).layer(trace).build()?;
    let models = client.models().list().await?;
    println!("{} models", models.data.len());
    Ok(())
}
