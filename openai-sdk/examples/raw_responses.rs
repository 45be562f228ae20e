//! Raw responses: status, headers and the unparsed body, parsed afterwards if wanted; or a
//! body read lazily, line by line, as it arrives.

#[cfg(available = "example_raw_responses")]
use futures_util::StreamExt;
#[cfg(available = "example_raw_responses")]
use openai_sdk::types::ListModelsResponse;
#[cfg(available = "example_raw_responses")]
use openai_sdk::{Client, Error};
#[cfg(available = "example_raw_responses")]
use serde_json::Value;

#[cfg(available = "example_raw_responses")]
#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let raw = client.get::<Value>("/models").raw().await?;
    println!("{} {:?}", raw.status(), raw.headers().get("x-ratelimit-remaining-requests"));
    let models: ListModelsResponse = raw.json()?;
    println!("{} models", models.data.len());

    let streaming = client.get::<Value>("/models").streaming().await?;
    let mut lines = std::pin::pin!(streaming.lines());
    while let Some(line) = lines.next().await {
        println!("{}", line?);
    }

    // Properties the spec does not declare are still there, by JSON pointer.
    let typed = client.get::<ListModelsResponse>("/models").await?;
    println!("{:?}", typed.raw_field("/data/0/some_new_field"));
    Ok(())
}

/// Built from a spec without what this program names (`spec/available.yaml`): nothing to run.
#[cfg(not(available = "example_raw_responses"))]
fn main() {}
