//! Listing fine-tuning jobs: every job across pages as a stream (each page fetched only when
//! the loop reaches it), and the same walk by hand with `next_page`.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example pagination`

// The program is built only where the spec has what it names (`spec/available.yaml`).
#[cfg(available = "example_pagination")]
use program::main;

/// Built from a spec without what this program names: nothing to run.
#[cfg(not(available = "example_pagination"))]
fn main() {}

#[cfg(available = "example_pagination")]
mod program {
    use futures_util::StreamExt;
    use openai_sdk::types::FineTuningJobsListParams;
    use openai_sdk::{Client, Error};

    #[tokio::main]
    pub async fn main() -> Result<(), Error> {
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
}
