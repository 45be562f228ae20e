//! Request ids: every response, and every status error, has its `x-request-id`.

use openai_sdk::types::ListModelsResponse;
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let models = client.get("/models").returning::<ListModelsResponse>().await?;
    println!("{} models, request id {:?}", models.data.len(), models.request_id());
    if let Err(e) = client.get("/models/does-not-exist").returning::<ListModelsResponse>().await {
        println!("failed with request id {:?}", e.request_id());
    }
    Ok(())
}
