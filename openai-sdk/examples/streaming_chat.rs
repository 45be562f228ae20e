//! A streamed chat completion: print each delta as it arrives, then the assembled message.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example streaming_chat`

use std::io::Write;

use futures_util::StreamExt;
use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
use openai_sdk::{ChatCompletionAccumulator, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let request = CreateChatCompletionRequest::new(
        vec![ChatCompletionRequestUserMessage::new("Write a haiku about Rust lifetimes.").into()],
        "gpt-4o",
    );
    let mut stream = client.chat().completions().create_stream(request).await?;
    println!("request id: {:?}", stream.request_id());
    let mut completion = ChatCompletionAccumulator::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if let Some(text) = chunk.choices.first().and_then(|c| c.delta.content.as_deref()) {
            print!("{text}");
            let _ = std::io::stdout().flush();
        }
        completion.push(&chunk)?;
    }
    let completion = completion.finish()?;
    println!("\n\nfinish reason: {:?}", completion.choices.first().map(|c| &c.finish_reason));
    Ok(())
}
