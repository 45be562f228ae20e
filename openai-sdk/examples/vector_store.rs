//! A vector store from local files: create it, upload the files (five at a time), and poll
//! the batch until every file is processed.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --example vector_store -- a.md b.pdf ...`

use openai_sdk::types::CreateVectorStoreRequest;
use openai_sdk::{Client, Error, FileBatchUpload, InputFile, PollOptions};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let files = FileBatchUpload::new().files(std::env::args().skip(1).map(InputFile::from_path));
    let store = client.vector_stores().create(CreateVectorStoreRequest::new().name("Knowledge base")).await?;
    let batch = client.vector_stores().file_batches().upload_and_poll(&store.id, files, PollOptions::new()).await?;
    println!("{}: {} completed, {} failed", store.id, batch.file_counts.completed, batch.file_counts.failed);
    Ok(())
}
