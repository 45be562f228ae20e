//! Many chat completions at once with the bulk runner: up to 32 in flight, paced by the
//! rate-limit headers, with an `indicatif` progress bar fed by the runner's progress.
//!
//! `OPENAI_API_KEY=... OPENAI_BASE_URL=... cargo run -p openai-sdk --example bulk`

use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use openai_sdk::Client;
use openai_sdk::bulk::BulkRunner;
use openai_sdk::types::CreateChatCompletionRequest;

#[tokio::main]
async fn main() -> Result<(), openai_sdk::Error> {
    let client = Client::new()?;
    let requests = (1..=100).map(|i| CreateChatCompletionRequest::new(vec![format!("Item {i}").into()], "gpt-4o-mini"));

    let bar = ProgressBar::new(100);
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").expect("a valid template"));
    let shown = bar.clone();
    let mut results = BulkRunner::new()
        .concurrency(32)
        .on_progress(move |p| {
            shown.set_position(p.done() as u64);
            shown.set_message(format!("{:.1}/s, {} failed", p.per_second, p.failed));
        })
        .run(&client, requests, |client, request| client.chat().completions().create(request));

    let (mut ok, mut failed) = (0, 0);
    while let Some(item) = results.next().await {
        match item.result {
            Ok(_) => ok += 1,
            Err(error) => {
                failed += 1;
                bar.println(format!("request {}: {error}", item.index));
            }
        }
    }
    bar.finish_and_clear();
    println!("done: {ok} ok, {failed} failed");
    Ok(())
}
