//! A streamed Responses call: print the text deltas as they arrive, then read another
//! stream to its final response.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example streaming_responses`

use std::io::Write;

use futures_util::StreamExt;
use openai_sdk::types::{CreateResponse, ResponseStreamEvent};
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let request = CreateResponse::default().model("gpt-4o").input("Tell me a three-sentence bedtime story.");

    // Every event, typed; here only the text deltas and the end are of interest.
    let mut events = client.responses().create_stream(request.clone()).await?;
    while let Some(event) = events.next().await {
        match event? {
            ResponseStreamEvent::ResponseOutputTextDelta(delta) => {
                print!("{}", delta.delta);
                let _ = std::io::stdout().flush();
            }
            ResponseStreamEvent::ResponseCompleted(done) => println!("\n\n[completed: {}]", done.response.id),
            _ => {}
        }
    }

    // Or let the helpers do it: the final response, and its text.
    let response = client.responses().create_stream(request).await?.final_response().await?;
    println!("{}", response.output_text());
    Ok(())
}
