//! Raw responses: status, headers and the unparsed body, parsed afterwards if wanted; or a
//! body read lazily, line by line, as it arrives.

use futures_util::StreamExt;
use openai_sdk::types::ListModelsResponse;
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let raw = client.get("/models").raw().await?;
    println!("{} {:?}", raw.status(), raw.headers().get("x-ratelimit-remaining-requests"));
    let models: ListModelsResponse = raw.json()?;
    println!("{} models", models.data.len());

    let streaming = client.get("/models").streaming().await?;
    let mut lines = std::pin::pin!(streaming.lines());
    while let Some(line) = lines.next().await {
        println!("{}", line?);
    }

    // Properties the spec does not declare are still there, by JSON pointer.
    let typed = client.get("/models").returning::<ListModelsResponse>().await?;
    println!("{:?}", typed.raw_field("/data/0/some_new_field"));
    Ok(())
}
