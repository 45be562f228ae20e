//! A streamed chat completion: print each delta as it arrives, then the assembled message.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example streaming_chat`

// The program is built only where the spec has what it names (`spec/available.yaml`).
#[cfg(available = "example_streaming_chat")]
use program::main;

/// Built from a spec without what this program names: nothing to run.
#[cfg(not(available = "example_streaming_chat"))]
fn main() {}

#[cfg(available = "example_streaming_chat")]
mod program {
    use std::io::Write;

    use futures_util::StreamExt;
    use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
    use openai_sdk::{ChatCompletionAccumulator, Client, Error};

    #[tokio::main]
    pub async fn main() -> Result<(), Error> {
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
}
