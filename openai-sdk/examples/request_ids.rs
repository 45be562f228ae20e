//! Request ids: every response, and every status error, has its `x-request-id`.

#[cfg(available = "example_request_ids")]
use openai_sdk::types::ListModelsResponse;
#[cfg(available = "example_request_ids")]
use openai_sdk::{Client, Error};

#[cfg(available = "example_request_ids")]
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

/// Built from a spec without what this program names (`spec/available.yaml`): nothing to run.
#[cfg(not(available = "example_request_ids"))]
fn main() {}
