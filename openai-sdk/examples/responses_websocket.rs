//! The Responses API's WebSocket mode: two responses at once on one connection, each in
//! its own lane (`stream_id`), collected as they finish.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example responses_websocket`

use futures_util::StreamExt;
use openai_sdk::{Client, Error, ResponseLanes};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let mut connection = client.responses().connect().await?;
    let questions = [("haiku", "Write a haiku about the sea."), ("fact", "Tell me one fact about octopuses.")];
    for (lane, question) in questions {
        connection.response().create().with(|r| r.model("gpt-5").input(question).stream_id(lane)).await?;
    }

    // Events arrive interleaved; the collector keeps each lane's text apart.
    let mut lanes = ResponseLanes::new();
    let mut open = questions.len();
    while let Some(event) = connection.next().await {
        let Some(done) = lanes.push(&event?) else { continue };
        let lane = done.stream_id.unwrap_or_default();
        match done.response {
            Ok(response) => println!("[{lane}] {} ({})\n", done.text, response.id),
            Err(e) => println!("[{lane}] failed: {e}\n"),
        }
        open -= 1;
        if open == 0 {
            break;
        }
    }
    connection.close().await?;
    Ok(())
}
