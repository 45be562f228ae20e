//! A small webhook receiver: verifies each delivery's signature, then dispatches on the
//! typed event. Unknown event types are acknowledged too, so a new one never makes the API
//! retry deliveries forever.
//!
//! `OPENAI_WEBHOOK_SECRET=whsec_... cargo run -p openai-sdk --example webhook_receiver`
//! then point a webhook at `http://<host>:8000/webhook` (`PORT` changes the port).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use openai_sdk::types::WebhookEvent;
use openai_sdk::{Error, Webhooks};

async fn receive(State(webhooks): State<Webhooks>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let event = match webhooks.unwrap(&body, &headers) {
        Ok(event) => event,
        Err(Error::Webhook(reason)) => {
            eprintln!("refused a delivery: {reason}");
            return StatusCode::BAD_REQUEST;
        }
        Err(other) => {
            eprintln!("error: {other}");
            return StatusCode::INTERNAL_SERVER_ERROR;
        }
    };
    match event {
        WebhookEvent::ResponseCompleted(e) => println!("response {} completed", e.data.id),
        WebhookEvent::ResponseFailed(e) => println!("response {} failed", e.data.id),
        WebhookEvent::BatchCompleted(e) => println!("batch {} completed", e.data.id),
        WebhookEvent::FineTuningJobSucceeded(e) => println!("fine-tuning job {} succeeded", e.data.id),
        WebhookEvent::Unknown(raw) => println!("an event this SDK does not know yet: {}", raw["type"]),
        other => println!("{other:?}"),
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let webhooks = Webhooks::from_env();
    let app = Router::new().route("/webhook", post(receive)).with_state(webhooks);
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".into());
    let listener = tokio::net::TcpListener::bind(format!("0.0.0.0:{port}")).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await
}
