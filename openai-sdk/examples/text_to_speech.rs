//! Text to speech, written to a file as the audio arrives (never whole in memory).
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example text_to_speech`

use openai_sdk::types::CreateSpeechRequest;
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let request = CreateSpeechRequest::new("gpt-4o-mini-tts", "The quick brown fox jumped over the lazy dog.", "alloy");
    let audio = client.audio().speech().create(request).await?;
    let bytes = audio.write_to_file("speech.mp3").await?;
    println!("wrote {bytes} bytes to speech.mp3");
    Ok(())
}
