//! Retries: connection errors, timeouts, 408, 409, 429 and 5xx are retried twice by default,
//! with exponential backoff, honouring the server's `retry-after` headers.

use openai_sdk::{Client, Error, RequestOptions};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // For every request of this client:
    let client = Client::builder().max_retries(5u32).build()?;
    // Or for one request (or every request of a derived client, sharing the pool):
    let models = client.get("/models").max_retries(0).await?;
    let patient = client.with_options(RequestOptions::new().max_retries(10));
    let again = patient.get("/models").await?;
    println!("{} {}", models.status(), again.status());
    Ok(())
}
