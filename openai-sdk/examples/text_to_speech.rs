//! Text to speech, written to a file as the audio arrives (never whole in memory).
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example text_to_speech`

// The program is built only where the spec has what it names (`spec/available.yaml`).
#[cfg(available = "example_text_to_speech")]
use program::main;

/// Built from a spec without what this program names: nothing to run.
#[cfg(not(available = "example_text_to_speech"))]
fn main() {}

#[cfg(available = "example_text_to_speech")]
mod program {
    use openai_sdk::types::CreateSpeechRequest;
    use openai_sdk::{Client, Error};

    #[tokio::main]
    pub async fn main() -> Result<(), Error> {
        let client = Client::new()?;
        let request =
            CreateSpeechRequest::new("gpt-4o-mini-tts", "The quick brown fox jumped over the lazy dog.", "alloy");
        let audio = client.audio().speech().create(request).await?;
        let bytes = audio.write_to_file("speech.mp3").await?;
        println!("wrote {bytes} bytes to speech.mp3");
        Ok(())
    }
}
