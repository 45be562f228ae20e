//! The stream managers: print a chat completion's text as it streams, then take the whole
//! completion from the same stream; a Responses stream parsed into a type at its end.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --features structured-outputs --example stream_helpers`

use std::io::Write;

use futures_util::StreamExt;
use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateResponse};
use openai_sdk::{ChatStreamEvent, Client, Error};

/// A short list, as the model fills it in.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct Ideas {
    ideas: Vec<String>,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;

    // Chat: high-level events, then the final completion from the same stream.
    let request = CreateChatCompletionRequest::new(
        vec![ChatCompletionRequestUserMessage::new("Write a haiku about Rust.").into()],
        "gpt-4o",
    );
    let mut stream = client.chat().completions().stream(&request).await?;
    while let Some(event) = stream.next().await {
        match event? {
            ChatStreamEvent::ContentDelta { delta, .. } => {
                print!("{delta}");
                let _ = std::io::stdout().flush();
            }
            ChatStreamEvent::ContentDone { .. } => println!(),
            _ => {}
        }
    }
    let completion = stream.final_completion().await?.completion;
    println!("[{} tokens]", completion.usage.map(|u| u.total_tokens).unwrap_or_default());

    // Responses: the events as they come (by their `type`), the parsed value at the end.
    let request = CreateResponse::new().model("gpt-4o").input("Three names for a cat.");
    let mut stream = client.responses().stream_parse::<Ideas>(request).await?;
    while let Some(event) = stream.next().await {
        eprintln!("[{}]", event?.kind());
    }
    let response = stream.final_response().await?;
    for idea in response.parsed().map(|p| p.ideas.as_slice()).unwrap_or_default() {
        println!("- {idea}");
    }
    Ok(())
}
