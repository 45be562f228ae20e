//! Vision: an image by URL through the Responses API, and a local image as base64 in a chat
//! message.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --example vision -- [path/to/image.png]`

use base64::Engine;
use openai_sdk::types::{
    ChatCompletionRequestMessageContentPartImage, ChatCompletionRequestUserMessage, CreateChatCompletionRequest,
    CreateResponse, EasyInputMessage, InputImageContent,
};
use openai_sdk::{Client, Error};

const IMAGE_URL: &str = "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg";

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;

    let request = CreateResponse::new().model("gpt-4o-mini").input(vec![
        EasyInputMessage::user(vec!["What is in this image?".into(), InputImageContent::from_url(IMAGE_URL).into()])
            .into(),
    ]);
    let response = client.responses().create(request).await?;
    println!("by URL: {}", response.output_text());

    if let Some(path) = std::env::args().nth(1) {
        let bytes = std::fs::read(&path).map_err(|source| Error::File { path: path.clone().into(), source })?;
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        let image = ChatCompletionRequestMessageContentPartImage::from_url(format!("data:image/png;base64,{data}"));
        let message = ChatCompletionRequestUserMessage::new(vec!["What is in this image?".into(), image.into()]);
        let request = CreateChatCompletionRequest::new(vec![message.into()], "gpt-4o");
        let completion = client.chat().completions().create(request).await?;
        println!("as base64: {:?}", completion.choices[0].message.content);
    }
    Ok(())
}
