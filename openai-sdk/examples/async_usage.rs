//! Async usage: the client is cheap to clone and every call is a future, so independent
//! requests run concurrently over one connection pool.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example async_usage`

use std::future::IntoFuture;

use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let questions = ["Name a prime number.", "Name a colour.", "Name a river."];
    let calls = questions.iter().map(|q| {
        let request =
            CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new(*q).into()], "gpt-4o");
        client.chat().completions().create(request).into_future()
    });
    let answers = futures_util::future::join_all(calls).await;
    for (question, answer) in questions.iter().zip(answers) {
        println!("{question} {:?}", answer?.choices[0].message.content);
    }
    Ok(())
}
