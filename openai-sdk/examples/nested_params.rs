//! Nested parameters: typed structs all the way down, here a structured-output request
//! whose JSON schema is given inline.
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example nested_params`

use openai_sdk::types::{
    ChatCompletionRequestUserMessage, CreateChatCompletionRequest, ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaJsonSchema,
};
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let schema = serde_json::json!({
        "type": "object",
        "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
        "required": ["city", "country"],
        "additionalProperties": false
    });
    let format =
        ResponseFormatJsonSchema::new(ResponseFormatJsonSchemaJsonSchema::new("place").schema(schema).strict(true));
    let request = CreateChatCompletionRequest::new(
        vec![ChatCompletionRequestUserMessage::new("Where is the Eiffel Tower?").into()],
        "gpt-4o",
    )
    .response_format(format);
    let completion = client.chat().completions().create(request).await?;
    println!("{:?}", completion.choices[0].message.content);
    Ok(())
}
