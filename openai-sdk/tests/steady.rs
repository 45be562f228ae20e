//! The generated methods against the Steady mock server, which serves the pinned spec:
//! every request is validated against the spec (an invalid one comes back 400, naming the
//! fault), and every answer is random but schema-valid data that must decode into the
//! generated types. One Steady process serves every scenario; each scenario's failure is
//! reported by name.
//!
//! `cargo xtask test` installs Steady (`@stdy/cli` from npm) and requires it. Run alone,
//! without Steady installed, this test says so and passes; set `STEADY` to its path or
//! `OPENAI_SDK_REQUIRE_STEADY=1` to make a missing Steady a failure.

#![cfg(feature = "full")]

use std::future::Future;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
#[path = "steady/operations.rs"]
mod operations;

use futures_util::StreamExt;
use openai_sdk::types::*;
use openai_sdk::{Client, Error, InputFile};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Steady, as `cargo xtask test` installs it, or as `STEADY` names it.
fn steady_binary() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("STEADY") {
        return Some(PathBuf::from(path));
    }
    let modules = workspace().join("target/steady/node_modules");
    // npm's `steady` launcher runs the server as a child it does not stop when killed, so
    // run the platform package's server itself (npm installs only this platform's).
    let native = std::fs::read_dir(modules.join("@stdy")).ok().and_then(|entries| {
        entries
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("cli-"))
            .map(|entry| entry.path().join("bin/steady"))
            .find(|path| path.is_file())
    });
    let launcher = modules.join(".bin/steady");
    native.or_else(|| launcher.exists().then_some(launcher))
}

/// The Steady process, stopped when dropped (also when a scenario panics).
struct Steady {
    child: Child,
    url: String,
}

impl Drop for Steady {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_steady(binary: &Path) -> Steady {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let spec = workspace().join("spec/openapi.yaml");
    let child = Command::new(binary)
        .args(["--host", "127.0.0.1", "-p", &port.to_string(), "-q"])
        .args([
            "--validator-query-array-format=brackets",
            "--validator-query-object-format=brackets",
            "--validator-form-array-format=brackets",
            "--validator-form-object-format=brackets",
        ])
        .arg(&spec)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Steady at {}: {e}", binary.display()));
    let steady = Steady { child, url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "Steady did not start listening within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    steady
}

/// Calls Steady rejects although the request follows the spec, with why. They are shown,
/// not failed; every other call must pass.
const STEADY_LIMITS: &[(&str, &str)] = &[
    (
        "create-realtime-call (all parameters)",
        "a multipart form carries `session[parallel_tool_calls]` as text; Steady coerces top-level form fields to their schema type but not bracketed nested ones",
    ),
    (
        "beta_createResponse (all parameters)",
        "Steady cannot resolve the discriminator of the beta tool union (it reports no expected values for `type`)",
    ),
    (
        "beta_Getinputtokencounts (all parameters)",
        "Steady cannot resolve the discriminator of the beta tool union (it reports no expected values for `type`)",
    ),
];

type Scenario = fn(Client) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        [$((stringify!($name), (|client| Box::pin($name(client))) as Scenario)),*]
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_methods_against_steady() {
    let Some(binary) = steady_binary() else {
        let required = std::env::var_os("OPENAI_SDK_REQUIRE_STEADY").is_some() || std::env::var_os("CI").is_some();
        assert!(!required, "Steady is not installed: run `cargo xtask test`, or set STEADY to its path");
        eprintln!("Steady is not installed (cargo xtask test installs it): skipping the mock-server scenarios");
        return;
    };
    let steady = start_steady(&binary);
    let client = Client::builder()
        .read_env(false)
        .api_key("sk-steady")
        .admin_key("sk-admin-steady")
        .base_url(&steady.url)
        .max_retries(0u32)
        .build()
        .unwrap();
    let scenarios = scenarios![
        chat_completions,
        chat_completion_stream,
        responses,
        responses_stream,
        embeddings,
        models,
        files,
        audio,
        images,
        fine_tuning,
        batches,
        vector_stores,
        assistants,
        admin,
        conversations,
        uploads,
        moderations,
    ];
    let mut failures = Vec::new();
    let results = operations::call_all(&client).await;
    let calls = results.len();
    let mut limited = 0;
    for (label, result) in results {
        if let Err(e) = result {
            if let Some((_, why)) = STEADY_LIMITS.iter().find(|(known, _)| *known == label) {
                eprintln!("known Steady limit: {label}: {why}");
                limited += 1;
                continue;
            }
            let detail = e.api_error().and_then(|a| a.body.clone()).map(|b| b.to_string()).unwrap_or_default();
            failures.push(format!("{label}: {e} {detail}"));
        }
    }
    eprintln!("{calls} generated calls, {} passed, {limited} known Steady limits", calls - limited - failures.len());
    assert!(calls > 550, "only {calls} generated calls");
    for (name, scenario) in scenarios {
        if let Err(e) = scenario(client.clone()).await {
            let detail = e.api_error().and_then(|a| a.body.clone()).map(|b| b.to_string()).unwrap_or_default();
            failures.push(format!("{name}: {e} {detail}"));
        }
    }
    assert!(failures.is_empty(), "{} scenario(s) failed:\n{}", failures.len(), failures.join("\n"));
}

fn user(text: &str) -> ChatCompletionRequestMessage {
    ChatCompletionRequestUserMessage::new(text).into()
}

async fn chat_completions(client: Client) -> Result<(), Error> {
    let request = CreateChatCompletionRequest::new(
        vec![ChatCompletionRequestSystemMessage::new("Be brief.").into(), user("Hello")],
        "gpt-4o",
    )
    .temperature(0.2)
    .max_completion_tokens(64)
    .n(1);
    let completion = client.chat().completions().create(request).await?;
    assert!(completion.request_id().is_none() || completion.status().is_success());
    let page = client.chat().completions().list(ChatCompletionsListParams::new().limit(2)).await?;
    let _ = page.data.len();
    let stored = client.chat().completions().retrieve("chatcmpl_1").await?;
    let _ = stored.id.len();
    client.chat().completions().delete("chatcmpl_1").await?;
    Ok(())
}

async fn chat_completion_stream(client: Client) -> Result<(), Error> {
    let request = CreateChatCompletionRequest::new(vec![user("Count to three")], "gpt-4o");
    let mut stream = client.chat().completions().create_stream(request).await?;
    let mut events = 0;
    while let Some(chunk) = stream.next().await {
        chunk?;
        events += 1;
    }
    assert!(events > 0, "the stream yielded no events");
    Ok(())
}

async fn responses(client: Client) -> Result<(), Error> {
    let request = CreateResponse::default().model("gpt-4o").input("Say hello").instructions("Be kind.");
    let response = client.responses().create(request).await?;
    let _ = response.output_text();
    client.responses().retrieve("resp_1", Default::default()).await?;
    let items = client.responses().input_items().list("resp_1", Default::default()).await?;
    let _ = items.has_next_page();
    client.responses().delete("resp_1").await?;
    Ok(())
}

async fn responses_stream(client: Client) -> Result<(), Error> {
    let request = CreateResponse::default().model("gpt-4o").input("Say hello");
    let events: Vec<_> = client.responses().create_stream(request).await?.collect().await;
    for event in events {
        event?;
    }
    Ok(())
}

async fn embeddings(client: Client) -> Result<(), Error> {
    let request = CreateEmbeddingRequest::new("The food was delicious", "text-embedding-3-small").dimensions(256);
    let embedding = client.embeddings().create(request).await?;
    let _ = embedding.data.len();
    Ok(())
}

async fn models(client: Client) -> Result<(), Error> {
    let page = client.models().list().await?;
    assert!(!page.has_next_page());
    client.models().retrieve("gpt-4o").await?;
    client.models().delete("ft:gpt-4o:org:custom:1").await?;
    Ok(())
}

async fn files(client: Client) -> Result<(), Error> {
    let upload = CreateFileRequest::new(InputFile::from_bytes(&b"{\"a\": 1}\n"[..]).file_name("data.jsonl"), "batch");
    let file = client.files().create(upload).await?;
    let _ = file.id.len();
    let params = FilesListParams::new().limit(3).order(ListFilesOrder::Asc);
    // Steady's pages may say `has_more` forever: take a few items across pages.
    let listed: Vec<_> = client.files().list(params).into_stream().take(5).collect().await;
    for file in listed {
        file?;
    }
    client.files().retrieve("file-1").await?;
    let content = client.files().content("file-1").await?.bytes().await?;
    let _ = content.len();
    client.files().delete("file-1").await?;
    Ok(())
}

async fn audio(client: Client) -> Result<(), Error> {
    let audio = InputFile::from_bytes(&b"ID3 audio"[..]).file_name("speech.mp3");
    let request = CreateTranscriptionRequest::new(audio, "gpt-4o-transcribe")
        .include(vec![TranscriptionInclude::Logprobs])
        .language("en");
    client.audio().transcriptions().create(request).await?;
    let translation = CreateTranslationRequest::new(InputFile::from_bytes(&b"ID3"[..]).file_name("a.mp3"));
    client.audio().translations().create(translation).await?;
    let speech = CreateSpeechRequest::new("gpt-4o-mini-tts", "Hello there", "alloy");
    let audio = client.audio().speech().create(speech).await?.bytes().await?;
    let _ = audio.len();
    Ok(())
}

async fn images(client: Client) -> Result<(), Error> {
    client.images().generate(CreateImageRequest::new("A red fox").model("gpt-image-1").n(1)).await?;
    let images = vec![
        InputFile::from_bytes(&b"\x89PNG one"[..]).file_name("a.png"),
        InputFile::from_bytes(&b"\x89PNG two"[..]).file_name("b.png"),
    ];
    client.images().edit(CreateImageEditRequest::new(images, "Add a hat").model("gpt-image-1")).await?;
    Ok(())
}

async fn fine_tuning(client: Client) -> Result<(), Error> {
    let job = client.fine_tuning().jobs().create(CreateFineTuningJobRequest::new("gpt-4o-mini", "file-abc")).await?;
    let _ = job.id.len();
    let jobs: Vec<_> = client
        .fine_tuning()
        .jobs()
        .list(FineTuningJobsListParams::new().limit(2))
        .into_stream()
        .take(3)
        .collect()
        .await;
    for job in jobs {
        job?;
    }
    client.fine_tuning().jobs().list_events("ftjob-1", Default::default()).await?;
    client.fine_tuning().jobs().cancel("ftjob-1").await?;
    Ok(())
}

async fn batches(client: Client) -> Result<(), Error> {
    client.batches().create(CreateBatchRequest::new("file-1", "/v1/chat/completions")).await?;
    client.batches().list(Default::default()).await?;
    client.batches().retrieve("batch_1").await?;
    Ok(())
}

async fn vector_stores(client: Client) -> Result<(), Error> {
    let store = client.vector_stores().create(CreateVectorStoreRequest::new().name("kb")).await?;
    let _ = store.id.len();
    client.vector_stores().list(Default::default()).await?;
    let results = client.vector_stores().search("vs_1", VectorStoreSearchRequest::new("fox")).await?;
    let _ = results.data.len();
    client.vector_stores().files().create("vs_1", CreateVectorStoreFileRequest::new("file-1")).await?;
    client
        .vector_stores()
        .file_batches()
        .create("vs_1", CreateVectorStoreFileBatchRequest::new().file_ids(vec!["file-1".to_string()]))
        .await?;
    Ok(())
}

#[allow(deprecated)]
async fn assistants(client: Client) -> Result<(), Error> {
    client.beta().assistants().create(CreateAssistantRequest::new("gpt-4o").name("helper")).await?;
    client.beta().assistants().list(Default::default()).await?;
    client.beta().threads().create(CreateThreadRequest::new()).await?;
    client.beta().threads().runs().create("thread_1", CreateRunRequest::new("asst_1"), Default::default()).await?;
    Ok(())
}

async fn admin(client: Client) -> Result<(), Error> {
    let organization = client.admin().organization();
    organization.projects().list(Default::default()).await?;
    organization.groups().list(Default::default()).await?;
    organization.users().list(Default::default()).await?;
    organization.audit_logs().list(AdminOrganizationAuditLogsListParams::new().limit(5)).await?;
    organization.projects().api_keys().list("proj_1", Default::default()).await?;
    Ok(())
}

async fn conversations(client: Client) -> Result<(), Error> {
    client.conversations().create(CreateConversationBody::new()).await?;
    client.conversations().items().list("conv_1", Default::default()).await?;
    Ok(())
}

async fn uploads(client: Client) -> Result<(), Error> {
    let upload = client.uploads().create(CreateUploadRequest::new("data.jsonl", "batch", 12, "text/jsonl")).await?;
    let _ = upload.id.len();
    client.uploads().parts().create("upload_1", AddUploadPartRequest::new(InputFile::from_bytes(&b"part"[..]))).await?;
    client.uploads().complete("upload_1", CompleteUploadRequest::new(vec!["part_1".to_string()])).await?;
    Ok(())
}

async fn moderations(client: Client) -> Result<(), Error> {
    client.moderations().create(CreateModerationRequest::new("some text")).await?;
    Ok(())
}
