//! Azure OpenAI: endpoint, api-version and key (or Entra ID token) from arguments or
//! `AZURE_OPENAI_ENDPOINT`, `OPENAI_API_VERSION`, `AZURE_OPENAI_API_KEY`/`AZURE_OPENAI_AD_TOKEN`.

use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::azure().api_version("2024-10-21").build()?;
    // The model names the deployment: this goes to /openai/deployments/my-gpt-4o/chat/completions.
    let messages = vec![ChatCompletionRequestUserMessage::new("Hello").into()];
    let completion =
        client.chat().completions().create(CreateChatCompletionRequest::new(messages, "my-gpt-4o")).await?;
    println!("{:?}", completion.choices.first().map(|c| &c.message.content));

    // With Microsoft Entra ID, a token provider is called before every attempt:
    let _with_entra = Client::azure()
        .api_version("2024-10-21")
        .azure_ad_token_provider(|| async {
            Ok::<_, openai_sdk::BoxError>(std::env::var("MY_TOKEN").unwrap_or_default())
        })
        .build();
    Ok(())
}
