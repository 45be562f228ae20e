//! Custom requests: any path, with the client's authentication, retries and timeouts.

use openai_sdk::{Client, Error};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let response = client
        .post("/some/undocumented/endpoint")
        .body(&json!({"some_prop": "foo"}))
        .query("some_query_arg", "bar")
        .header("x-custom", "1")
        .await?;
    println!("{}", response.into_inner());
    // Extra fields, query parameters and headers also go on documented calls:
    let _ = client.get("/models").query("extra", "1").await?;
    Ok(())
}
