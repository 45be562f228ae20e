//! A tool loop: the model asks for the weather through a strict function tool, the program
//! answers each call with its arguments parsed into a Rust type, and the model replies.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --features structured-outputs --example tool_calling`

use openai_sdk::types::{
    ChatCompletionMessageToolCallUnion, ChatCompletionRequestAssistantMessage, ChatCompletionRequestMessage,
    ChatCompletionRequestToolMessage, ChatCompletionRequestUserMessage, CreateChatCompletionRequest,
};
use openai_sdk::{Client, Error, StrictFunctionTool};

/// The arguments of `get_weather`.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
struct GetWeather {
    /// The city, e.g. "Paris".
    city: String,
    /// `celsius` or `fahrenheit`.
    unit: Option<String>,
}

/// What this program knows of the weather.
fn weather(args: &GetWeather) -> String {
    format!(
        "{{\"city\":\"{}\",\"temperature\":18,\"unit\":\"{}\"}}",
        args.city,
        args.unit.as_deref().unwrap_or("celsius")
    )
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let tool = StrictFunctionTool::new::<GetWeather>("get_weather")
        .map_err(Error::Schema)?
        .description("The current weather in a city");
    let mut messages: Vec<ChatCompletionRequestMessage> =
        vec![ChatCompletionRequestUserMessage::new("What is the weather in Paris and in Oslo?").into()];

    // Until the model answers in words: send, run the calls it asks for, send their results.
    for _ in 0..5 {
        let request = CreateChatCompletionRequest::new(messages.clone(), "gpt-4o").tools(vec![tool.clone().into()]);
        let completion = client.chat().completions().create(&request).await?;
        let Some(choice) = completion.choices.first() else { break };
        let Some(calls) = choice.message.tool_calls.clone().filter(|calls| !calls.is_empty()) else {
            println!("{}", choice.message.content.as_deref().unwrap_or_default());
            return Ok(());
        };
        messages.push(ChatCompletionRequestAssistantMessage::new().tool_calls(calls.clone()).into());
        for call in &calls {
            let ChatCompletionMessageToolCallUnion::Function(call) = call else { continue };
            let args = call.parse_arguments::<GetWeather>()?;
            println!("[get_weather {args:?}]");
            messages.push(ChatCompletionRequestToolMessage::new(weather(&args), call.id.clone()).into());
        }
    }
    println!("the model kept calling tools");
    Ok(())
}
