//! Request ids: every response, and every status error, has its `x-request-id`.

use openai_sdk::types::ListModelsResponse;
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let models = client.get::<ListModelsResponse>("/models").await?;
    println!("{} models, request id {:?}", models.data.len(), models.request_id());
    if let Err(e) = client.get::<ListModelsResponse>("/models/does-not-exist").await {
        println!("failed with request id {:?}", e.request_id());
    }
    Ok(())
}
