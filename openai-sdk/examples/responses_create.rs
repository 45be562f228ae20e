//! The Responses API, as in the official SDK's first README sample.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example responses_create`

use openai_sdk::types::CreateResponse;
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let request = CreateResponse::default()
        .model("gpt-4o")
        .instructions("You are a coding assistant that talks like a pirate.")
        .input("How do I check if a Rust vector is empty?");
    let response = client.responses().create(request).await?;
    println!("{}", response.output_text());
    Ok(())
}
