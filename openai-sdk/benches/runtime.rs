//! Runtime overhead against hand-written baselines, measured in the same run:
//!
//! - small requests: 2,000 sequential chat completions over one keep-alive connection to a
//!   local server, through `client.chat().completions().create(...)` and through raw
//!   `reqwest` + `serde_json` into a minimal struct (target: at most 1.1x the latency);
//! - big list: a 20,000-item files list (about 5 MB of JSON) decoded into the typed page,
//!   and into a minimal struct with `serde_json` (target: at least 0.8x the throughput).
//!
//! `cargo bench -p openai-sdk --bench runtime`

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest, FilesListParams};
use openai_sdk::Client;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const REQUESTS: usize = 2_000;
const ITEMS: usize = 20_000;
const ROUNDS: usize = 5;

const COMPLETION: &str = r#"{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I assist you today?","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}"#;

fn files_list() -> Bytes {
    let items: Vec<String> = (0..ITEMS)
        .map(|i| {
            format!(
                r#"{{"id":"file-{i:020}","object":"file","bytes":{},"created_at":1741569952,"expires_at":null,"filename":"training_data_{i}.jsonl","purpose":"fine-tune","status":"processed","status_details":null}}"#,
                1000 + i
            )
        })
        .collect();
    let last = format!("file-{:020}", ITEMS - 1);
    Bytes::from(format!(
        r#"{{"object":"list","data":[{}],"first_id":"file-{:020}","last_id":"{last}","has_more":false}}"#,
        items.join(","),
        0
    ))
}

/// Answers every request on a connection with `body` as JSON, keeping the connection open.
async fn serve(body: Bytes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let _ = socket.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 65536];
                let mut pending = Vec::new();
                let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req_bench\r\ncontent-length: {}\r\n\r\n", body.len());
                let reply = [head.as_bytes(), &body].concat();
                loop {
                    let head_end = loop {
                        if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                            break end + 4;
                        }
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => pending.extend_from_slice(&buffer[..n]),
                        }
                    };
                    let text = String::from_utf8_lossy(&pending[..head_end]).to_ascii_lowercase();
                    let length: usize = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    while pending.len() < head_end + length {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => pending.extend_from_slice(&buffer[..n]),
                        }
                    }
                    pending.drain(..head_end + length);
                    if socket.write_all(&reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

#[derive(Deserialize)]
struct MinimalCompletion {
    choices: Vec<MinimalChoice>,
}

#[derive(Deserialize)]
struct MinimalChoice {
    message: MinimalMessage,
}

#[derive(Deserialize)]
struct MinimalMessage {
    content: Option<String>,
}

#[derive(Deserialize)]
struct MinimalList {
    data: Vec<MinimalFile>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct MinimalFile {
    id: String,
    bytes: i64,
    filename: String,
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn sdk_requests(client: &Client) {
    let request = CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hello").into()], "gpt-4o");
    for _ in 0..REQUESTS {
        let completion = client.chat().completions().create(request.clone()).await.unwrap();
        black_box(completion.choices[0].message.content.as_deref());
    }
}

async fn baseline_requests(http: &reqwest::Client, url: &str) {
    let body = serde_json::to_vec(&serde_json::json!({"messages": [{"role": "user", "content": "Hello"}], "model": "gpt-4o"})).unwrap();
    for _ in 0..REQUESTS {
        let response = http
            .post(format!("{url}/chat/completions"))
            .bearer_auth("sk-bench")
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let completion: MinimalCompletion = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        black_box(completion.choices[0].message.content.as_deref());
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();

    // Small requests.
    let url = runtime.block_on(serve(Bytes::from_static(COMPLETION.as_bytes())));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    let http = reqwest::Client::new();
    runtime.block_on(async {
        sdk_requests(&client).await;
        baseline_requests(&http, &url).await;
    });
    let (mut sdk, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        runtime.block_on(sdk_requests(&client));
        sdk.push(started.elapsed());
        let started = Instant::now();
        runtime.block_on(baseline_requests(&http, &url));
        baseline.push(started.elapsed());
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS as f64;
    let (sdk, baseline) = (median(sdk), median(baseline));
    println!("small requests: {REQUESTS} sequential chat completions over one keep-alive connection, median of {ROUNDS}:");
    println!("  baseline (reqwest + serde_json, minimal struct): {:>7.1} us/request", per(baseline));
    println!("  openai-sdk (chat().completions().create):       {:>7.1} us/request", per(sdk));
    println!("  ratio: {:.2}x baseline latency (target <= 1.10x)", per(sdk) / per(baseline));

    // Big list: the whole typed path (request, page decode) against a bare decode.
    let list = files_list();
    let url = runtime.block_on(serve(list.clone()));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    let (mut typed, mut minimal, mut page) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        // What a list call decodes: the page's items, typed, and its cursor fields.
        let started = Instant::now();
        let files: openai_sdk::pagination::PageBody<openai_sdk::types::OpenAiFile> = serde_json::from_slice(&list).unwrap();
        black_box(files);
        typed.push(started.elapsed());
        let started = Instant::now();
        let files: MinimalList = serde_json::from_slice(&list).unwrap();
        assert_eq!(black_box(files).data.len(), ITEMS);
        minimal.push(started.elapsed());
        let started = Instant::now();
        let first = runtime.block_on(async { client.files().list(FilesListParams::default()).await }).unwrap();
        assert_eq!(black_box(first).data.len(), ITEMS);
        page.push(started.elapsed());
    }
    let mbps = |d: Duration| list.len() as f64 / 1e6 / d.as_secs_f64();
    let (typed, minimal, page) = (median(typed), median(minimal), median(page));
    println!("big list: {ITEMS} files ({:.1} MB of JSON), median of {ROUNDS}:", list.len() as f64 / 1e6);
    println!("  baseline (serde_json into a minimal struct):     {:>6.0} MB/s", mbps(minimal));
    println!("  typed page of OpenAiFile (what list() decodes): {:>6.0} MB/s  {:.2}x (target >= 0.80x)", mbps(typed), mbps(typed) / mbps(minimal));
    println!("  whole call over loopback (files().list()):      {:>6.0} MB/s  (HTTP included)", mbps(page));
}
