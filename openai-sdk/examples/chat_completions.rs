//! A chat completion through the generated method: `client.chat().completions().create(...)`.
//!
//! `OPENAI_API_KEY=... OPENAI_BASE_URL=... cargo run -p openai-sdk --example chat_completions`

use openai_sdk::types::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage, CreateChatCompletionRequest,
};
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let request = CreateChatCompletionRequest::new(
        vec![
            ChatCompletionRequestSystemMessage::new("Talk like a pirate.").into(),
            ChatCompletionRequestUserMessage::new("How do I check if a Rust vector is empty?").into(),
        ],
        "gpt-4o",
    )
    .temperature(0.2);
    let completion = client.chat().completions().create(request).await?;
    println!("{}", completion.choices[0].message.content.as_deref().unwrap_or_default());
    println!("request id: {:?}", completion.request_id());
    Ok(())
}
