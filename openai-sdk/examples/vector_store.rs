//! A vector store from local files: create it, upload the files (five at a time), and poll
//! the batch until every file is processed.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --example vector_store -- a.md b.pdf ...`

#[cfg(available = "example_vector_store")]
use openai_sdk::types::CreateVectorStoreRequest;
#[cfg(available = "example_vector_store")]
use openai_sdk::{Client, Error, InputFile, PollOptions};

#[cfg(available = "example_vector_store")]
#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let files: Vec<InputFile> = std::env::args().skip(1).map(InputFile::from_path).collect();
    let store = client.vector_stores().create(CreateVectorStoreRequest::new().name("Knowledge base")).await?;
    let batch = client
        .vector_stores()
        .file_batches()
        .upload_and_poll(&store.id, files, Vec::new(), 5, PollOptions::new())
        .await?;
    println!("{}: {} completed, {} failed", store.id, batch.file_counts.completed, batch.file_counts.failed);
    Ok(())
}

/// Built from a spec without what this program names (`spec/available.yaml`): nothing to run.
#[cfg(not(available = "example_vector_store"))]
fn main() {}
