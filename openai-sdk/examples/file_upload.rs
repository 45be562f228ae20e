//! Uploading a file: from a path (streamed from disk, named by its file name), then waiting
//! until it is processed.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --example file_upload -- path/to/train.jsonl`

use openai_sdk::types::CreateFileRequest;
use openai_sdk::{Client, Error, PollOptions};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "train.jsonl".into());
    let client = Client::new()?;
    let file = client.files().create(CreateFileRequest::new(std::path::Path::new(&path), "fine-tune")).await?;
    println!("uploaded {} as {}", path, file.id);
    let file = client.files().wait_for_processing(&file.id, PollOptions::new()).await?;
    #[allow(deprecated)]
    let status = &file.status;
    println!("status: {status}");
    Ok(())
}
