//! Logging: the SDK emits `tracing` events for each request, retry and response (method,
//! path, status, attempt, delay, request id; never bodies or credentials).
//!
//! Without a subscriber of your own, `OPENAI_LOG=info` (or `debug`) prints them to stderr:
//! `OPENAI_LOG=debug cargo run -p openai-sdk --example logging`.

use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // A program with its own subscriber gets the events there instead, for example:
    // tracing_subscriber::fmt().with_max_level(tracing::Level::INFO).init();
    let client = Client::new()?;
    client.get("/models").await?;
    Ok(())
}
