//! Listing fine-tuning jobs: every job across pages as a stream (each page fetched only when
//! the loop reaches it), and the same walk by hand with `next_page`.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example pagination`

use futures_util::StreamExt;
use openai_sdk::types::FineTuningJobsListParams;
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;

    let mut jobs = client.fine_tuning().jobs().list_with(FineTuningJobsListParams::new().limit(20)).into_stream();
    while let Some(job) = jobs.next().await {
        let job = job?;
        println!("{} {:?}", job.id, job.status);
    }

    let mut page = client.fine_tuning().jobs().list_with(FineTuningJobsListParams::new().limit(20)).await?;
    loop {
        println!("page of {} (request id {:?})", page.data.len(), page.request_id());
        match page.next_page().await? {
            Some(next) => page = next,
            None => break,
        }
    }
    Ok(())
}
