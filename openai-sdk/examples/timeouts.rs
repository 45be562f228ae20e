//! Timeouts: 600 s per attempt by default (5 s to connect); a timed-out attempt is retried.

use std::time::Duration;

use openai_sdk::{Client, Error};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::builder().timeout(Duration::from_secs(20)).build()?;
    match client.get::<Value>("/models").timeout(Duration::from_secs(5)).await {
        Err(Error::Timeout) => eprintln!("timed out, even after retries"),
        other => println!("{:?}", other.map(|r| r.status())),
    }
    Ok(())
}
