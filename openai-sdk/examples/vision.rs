//! Vision: an image by URL, and a local image as base64, in a chat message.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --example vision -- [path/to/image.png]`

// The program is built only where the spec has what it names (`spec/available.yaml`).
#[cfg(available = "example_vision")]
use program::main;

/// Built from a spec without what this program names: nothing to run.
#[cfg(not(available = "example_vision"))]
fn main() {}

#[cfg(available = "example_vision")]
mod program {
    use base64::Engine;
    use openai_sdk::types::{
        ChatCompletionRequestMessageContentPartImage, ChatCompletionRequestMessageContentPartImageImageUrl,
        ChatCompletionRequestMessageContentPartText, ChatCompletionRequestUserMessage,
        ChatCompletionRequestUserMessageContentPart, CreateChatCompletionRequest,
    };
    use openai_sdk::{Client, Error};

    fn ask_about(image_url: String) -> CreateChatCompletionRequest {
        let parts: Vec<ChatCompletionRequestUserMessageContentPart> = vec![
            ChatCompletionRequestMessageContentPartText::new("What is in this image?").into(),
            ChatCompletionRequestMessageContentPartImage::new(
                ChatCompletionRequestMessageContentPartImageImageUrl::new(image_url),
            )
            .into(),
        ];
        CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new(parts).into()], "gpt-4o")
    }

    #[tokio::main]
    pub async fn main() -> Result<(), Error> {
        let client = Client::new()?;

        let by_url = ask_about("https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg".into());
        let completion = client.chat().completions().create(by_url).await?;
        println!("by URL: {:?}", completion.choices[0].message.content);

        if let Some(path) = std::env::args().nth(1) {
            let bytes = std::fs::read(&path).map_err(|source| Error::File { path: path.clone().into(), source })?;
            let data = base64::engine::general_purpose::STANDARD.encode(bytes);
            let completion =
                client.chat().completions().create(ask_about(format!("data:image/png;base64,{data}"))).await?;
            println!("as base64: {:?}", completion.choices[0].message.content);
        }
        Ok(())
    }
}
