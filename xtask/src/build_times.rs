//! `cargo xtask build-times`: what depending on openai-sdk costs in build time, measured
//! on this machine from clean target directories, against the floor every HTTP + JSON
//! client pays: a minimal binary on reqwest, tokio and serde_json with the same TLS choice.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The floor: the dependencies any such SDK needs, and a `main` that uses them.
const FLOOR_MANIFEST: &str = r#"[package]
name = "build-floor"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["http2", "multipart", "stream", "rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time", "fs"] }
"#;

const FLOOR_MAIN: &str = r#"#[derive(serde::Deserialize)]
struct Model {
    id: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let response = reqwest::Client::new().get("https://api.openai.com/v1/models/gpt-4o").send().await?;
    let model: Model = serde_json::from_slice(&response.bytes().await?)?;
    println!("{}", model.id);
    Ok(())
}
"#;

/// An application on the SDK (all features): the calls a typical program makes. Methods
/// compile where they are called, so this is what depending on the SDK costs in practice.
const APP_MANIFEST: &str = r#"[package]
name = "build-app"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
openai-sdk = { path = "SDK_PATH" }
futures-util = { version = "0.3", default-features = false, features = ["std"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
"#;

const APP_MAIN: &str = r#"use futures_util::StreamExt;
use openai_sdk::types::{
    ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateEmbeddingRequest, CreateFileRequest,
    CreateResponse,
};

#[tokio::main]
async fn main() -> Result<(), openai_sdk::Error> {
    let client = openai_sdk::Client::new()?;
    let request = CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hello").into()], "gpt-4o");
    let completion = client.chat().completions().create(request.clone()).await?;
    println!("{:?}", completion.choices[0].message.content);
    let mut stream = client.chat().completions().create_stream(request).await?;
    while let Some(chunk) = stream.next().await {
        println!("{:?}", chunk?.choices.first().map(|c| &c.delta.content));
    }
    let response = client.responses().create(CreateResponse::default().input("Hello").model("gpt-4o")).await?;
    println!("{}", response.output_text());
    let embedding = client.embeddings().create(CreateEmbeddingRequest::new("Hello", "text-embedding-3-small")).await?;
    println!("{}", embedding.data.len());
    let file = client.files().create(CreateFileRequest::new(std::path::Path::new("data.jsonl"), "fine-tune")).await?;
    println!("{}", file.id);
    let mut files = client.files().list().await?.into_stream();
    while let Some(file) = files.next().await {
        println!("{}", file?.filename);
    }
    Ok(())
}
"#;

struct Build {
    name: &'static str,
    seconds: f64,
}

pub fn run(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let base = crate::build_report::target_dir(root, "build-times");
    let sdk_path = root.join("openai-sdk");
    let app_manifest = APP_MANIFEST.replace("SDK_PATH", &sdk_path.to_string_lossy());
    let projects = [("floor", FLOOR_MANIFEST, FLOOR_MAIN), ("app", app_manifest.as_str(), APP_MAIN)];
    for (name, manifest, main) in projects {
        if let Err(e) = write_project(root, &base.join(name), manifest, main) {
            eprintln!("error: cannot write the {name} project under {}: {e}", base.join(name).display());
            return ExitCode::FAILURE;
        }
    }
    let app_manifest = base.join("app/Cargo.toml");
    let app_manifest = app_manifest.to_string_lossy();
    let manifest = root.join("openai-sdk/Cargo.toml");
    let manifest = manifest.to_string_lossy();
    let floor_manifest = base.join("floor/Cargo.toml");
    let floor_manifest = floor_manifest.to_string_lossy();
    let plans: [(&'static str, Vec<&str>); 5] = [
        ("floor: reqwest + tokio + serde_json", vec!["build", "--release", "--manifest-path", &floor_manifest]),
        ("openai-sdk, all features", vec!["build", "--release", "--manifest-path", &manifest]),
        (
            "openai-sdk, only chat",
            vec![
                "build",
                "--release",
                "--manifest-path",
                &manifest,
                "--no-default-features",
                "--features",
                "chat,rustls-ring",
            ],
        ),
        (
            "openai-sdk, only responses",
            vec![
                "build",
                "--release",
                "--manifest-path",
                &manifest,
                "--no-default-features",
                "--features",
                "responses,rustls-ring",
            ],
        ),
        ("application: 7 calls, all features", vec!["build", "--release", "--manifest-path", &app_manifest]),
    ];
    let mut builds = Vec::new();
    for (name, args) in plans {
        let target = base.join(format!("target-{}", builds.len()));
        let _ = std::fs::remove_dir_all(&target);
        println!("==> {name} (clean)");
        let started = Instant::now();
        let status =
            Command::new(&cargo).args(&args).arg("--quiet").env("CARGO_TARGET_DIR", &target).current_dir(root).status();
        let seconds = started.elapsed().as_secs_f64();
        match status {
            Ok(s) if s.success() => builds.push(Build { name, seconds }),
            Ok(s) => {
                eprintln!("error: {name} failed ({s})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                return ExitCode::FAILURE;
            }
        }
        let _ = std::fs::remove_dir_all(&target);
    }
    let floor_seconds = builds[0].seconds;
    println!(
        "\nclean release builds on this machine ({} cores):",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for build in &builds {
        println!("  {:<40} {:>6.1} s  {:.2}x the floor", build.name, build.seconds, build.seconds / floor_seconds);
    }
    ExitCode::SUCCESS
}

/// A one-binary cargo project at `dir`, locked to the workspace's versions of every crate.
fn write_project(root: &Path, dir: &Path, manifest: &str, main: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/main.rs"), main)?;
    // The workspace's lock file pins the project to the very versions the SDK builds with.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map(drop)
}
