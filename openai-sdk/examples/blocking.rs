//! The official Python SDK's README samples with its synchronous client, on
//! `openai_sdk::blocking::Client`: a response, a chat completion, an image question, a
//! stream, every page of a list, an upload, a download, errors, raw responses and a custom
//! request. No async runtime of the program's own.
//!
//! `OPENAI_API_KEY=... cargo run -p openai-sdk --features blocking --example blocking`

use std::io::Write;

use openai_sdk::blocking::Client;
use openai_sdk::types::{
    CreateChatCompletionRequest, CreateFileRequest, CreateFileRequestPurpose, CreateResponse, CreateSpeechRequest,
    EasyInputMessage, FineTuningJobsListParams, InputImageContent, Model, ResponseStreamEvent,
};
use openai_sdk::{ApiResponse, Error, InputFile};

fn main() -> Result<(), Error> {
    let client = Client::new()?;

    // A response, and a chat completion.
    let request = CreateResponse::new().model("gpt-4o").input("Say hello in French.");
    println!("{}", client.responses().create(&request).send()?.output_text());
    let request = CreateChatCompletionRequest::new(vec!["Name three rivers.".into()], "gpt-4o");
    let completion = client.chat().completions().create(request).send()?;
    println!("{:?}", completion.choices[0].message.content);

    // An image and a question about it.
    let image = InputImageContent::from_url(
        "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg",
    );
    let question = EasyInputMessage::user(vec!["What is in this image?".into(), image.into()]);
    let request = CreateResponse::new().model("gpt-4o-mini").input(vec![question.into()]);
    println!("{}", client.responses().create(request).send()?.output_text());

    // A stream, printed as it arrives.
    let request = CreateResponse::new().model("gpt-4o").input("Tell me a short story.");
    for event in client.responses().create_stream(request).send()? {
        if let ResponseStreamEvent::ResponseOutputTextDelta(delta) = event? {
            print!("{}", delta.delta);
            std::io::stdout().flush().ok();
        }
    }
    println!();

    // Every fine-tuning job, page after page (fetched as the loop gets there).
    for job in client.fine_tuning().jobs().list_with(FineTuningJobsListParams::new().limit(20)).items() {
        println!("{}", job?.id);
    }

    // An upload, and a download written to a file chunk by chunk.
    let file = InputFile::from_bytes(&b"{\"prompt\": \"hi\"}\n"[..]).file_name("data.jsonl");
    let uploaded = client.files().create(CreateFileRequest::new(file, CreateFileRequestPurpose::UserData)).send()?;
    println!("uploaded {}", uploaded.id);
    let speech = CreateSpeechRequest::new("gpt-4o-mini-tts", "The quick brown fox.", "alloy");
    let bytes = client.audio().speech().create(speech).send()?.write_to_file("speech.mp3")?;
    println!("wrote {bytes} bytes to speech.mp3");

    // Errors are typed; a status is its own variant.
    match client.models().retrieve("no-such-model").send() {
        Ok(model) => println!("{}", model.id),
        Err(Error::NotFound(e)) => println!("not found: {} (request {:?})", e.message, e.request_id),
        Err(e) => return Err(e),
    }

    // Raw responses, and a request to a path the SDK has no method for.
    let raw = client.models().list().raw()?;
    println!("{} {:?}", raw.status(), raw.headers().get("x-request-id"));
    let model: ApiResponse<Model> = client.get("/models/gpt-4o").json()?;
    println!("{} is owned by {}", model.id, model.owned_by);
    Ok(())
}
