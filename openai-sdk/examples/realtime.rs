//! The Realtime API over a WebSocket: text in, the reply streamed out as text, then audio
//! appended to the input buffer (the sender base64-encodes it).
//!
//! `OPENAI_API_KEY=... [OPENAI_BASE_URL=...] cargo run -p openai-sdk --example realtime`

use std::io::Write;

use futures_util::StreamExt;
use openai_sdk::types::{
    RealtimeConversationItemMessageUser, RealtimeConversationItemMessageUserContent,
    RealtimeConversationItemMessageUserContentType, RealtimeServerEvent, RealtimeSessionCreateRequestGa,
    RealtimeSessionCreateRequestGaOutputModalities,
};
use openai_sdk::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new()?;
    let mut connection = client.realtime().connect("gpt-realtime").await?;

    // Typed client events, one sender per event type.
    let session = RealtimeSessionCreateRequestGa::new()
        .instructions("Answer in one short sentence.")
        .output_modalities(vec![RealtimeSessionCreateRequestGaOutputModalities::Text]);
    connection.session().update(session).await?;
    let mut text = RealtimeConversationItemMessageUserContent::default();
    text.type_ = Some(RealtimeConversationItemMessageUserContentType::InputText);
    text.text = Some("Say hello!".into());
    connection.conversation().item().create(RealtimeConversationItemMessageUser::new(vec![text])).await?;
    connection.response().create().await?;

    // Typed server events; an `error` event is one of them and leaves the socket open.
    while let Some(event) = connection.next().await {
        match event? {
            RealtimeServerEvent::ResponseOutputTextDelta(delta) => {
                print!("{}", delta.delta);
                let _ = std::io::stdout().flush();
            }
            RealtimeServerEvent::ResponseDone(_) => break,
            RealtimeServerEvent::Error(error) => eprintln!("\n[error event: {}]", error.error.message),
            _ => {}
        }
    }
    println!();

    // Audio goes in as bytes (here 100 ms of 24 kHz PCM16 silence); the sender encodes it.
    connection.input_audio_buffer().append(vec![0u8; 4800]).await?;
    connection.input_audio_buffer().clear().await?;
    connection.close().await?;
    Ok(())
}
