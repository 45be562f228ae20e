//! Handling errors: match on the kind, read the API's details.
//!
//! `OPENAI_API_KEY=... OPENAI_BASE_URL=... cargo run -p openai-sdk --example errors`

use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let messages = vec![ChatCompletionRequestUserMessage::new("Say this is a test").into()];
    let result = client.chat().completions().create(CreateChatCompletionRequest::new(messages, "gpt-4o")).await;
    match result {
        Ok(completion) => println!("{:?}", completion.choices.first().map(|c| &c.message.content)),
        Err(Error::Connection { message, .. }) => eprintln!("the server could not be reached: {message}"),
        Err(Error::Timeout) => eprintln!("the request timed out"),
        Err(Error::RateLimit(e)) => eprintln!("rate limited; back off a bit: {}", e.message),
        Err(Error::Authentication(e)) => eprintln!("check your API key: {}", e.message),
        Err(e) => {
            // Every status error carries the status, request id, headers and parsed body.
            if let Some(api) = e.api_error() {
                eprintln!(
                    "{} {} type={:?} code={:?} param={:?}",
                    api.status, api.message, api.error_type, api.code, api.param
                );
            }
            return Err(e);
        }
    }
    Ok(())
}
