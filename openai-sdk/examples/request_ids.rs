//! Request ids: every response, and every status error, has its `x-request-id`.

// The program is built only where the spec has what it names (`spec/available.yaml`).
#[cfg(available = "example_request_ids")]
use program::main;

/// Built from a spec without what this program names: nothing to run.
#[cfg(not(available = "example_request_ids"))]
fn main() {}

#[cfg(available = "example_request_ids")]
mod program {
    use openai_sdk::types::ListModelsResponse;
    use openai_sdk::{Client, Error};

    #[tokio::main]
    pub async fn main() -> Result<(), Error> {
        let client = Client::new()?;
        let models = client.get("/models").returning::<ListModelsResponse>().await?;
        println!("{} models, request id {:?}", models.data.len(), models.request_id());
        if let Err(e) = client.get("/models/does-not-exist").returning::<ListModelsResponse>().await {
            println!("failed with request id {:?}", e.request_id());
        }
        Ok(())
    }
}
