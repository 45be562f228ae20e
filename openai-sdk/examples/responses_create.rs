//! The Responses API, as in the official SDK's first README sample.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example responses_create`

// The program is built only where the spec has what it names (`spec/available.yaml`).
#[cfg(available = "example_responses_create")]
use program::main;

/// Built from a spec without what this program names: nothing to run.
#[cfg(not(available = "example_responses_create"))]
fn main() {}

#[cfg(available = "example_responses_create")]
mod program {
    use openai_sdk::types::CreateResponse;
    use openai_sdk::{Client, Error};

    #[tokio::main]
    pub async fn main() -> Result<(), Error> {
        let client = Client::new()?;
        let request = CreateResponse::default()
            .model("gpt-4o")
            .instructions("You are a coding assistant that talks like a pirate.")
            .input("How do I check if a Rust vector is empty?");
        let response = client.responses().create(request).await?;
        println!("{}", response.output_text());
        Ok(())
    }
}
