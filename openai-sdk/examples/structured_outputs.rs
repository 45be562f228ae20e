//! Structured outputs: a reply in the shape of a Rust type, through Chat Completions and
//! through the Responses API, with the refusal case handled.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --features structured-outputs --example structured_outputs`

use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateResponse};
use openai_sdk::{Client, Error, ParsedContent};

/// An event on a calendar.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct CalendarEvent {
    /// What it is.
    name: String,
    /// When, as the text says it.
    date: String,
    /// Who goes.
    participants: Vec<String>,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let text = "Alice and Bob are going to a science fair on Friday.";

    // Chat Completions: the response format is derived from the type.
    let request = CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new(text).into()], "gpt-4o");
    let completion = client.chat().completions().parse::<CalendarEvent>(request).await?;
    match completion.content() {
        ParsedContent::Value(event) => println!("chat: {event:?}"),
        ParsedContent::Refusal(why) => println!("chat: the model refused: {why}"),
        ParsedContent::None => println!("chat: no content"),
    }

    // The Responses API: the same type as the text format.
    let request = CreateResponse::new().model("gpt-4o").input(text);
    let response = client.responses().parse::<CalendarEvent>(request).await?;
    if let Some(event) = response.parsed() {
        println!("responses: {} on {} with {}", event.name, event.date, event.participants.join(" and "));
    }
    Ok(())
}
