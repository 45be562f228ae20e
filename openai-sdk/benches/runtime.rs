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
use support::{serve, Reply};

mod support;

const REQUESTS: usize = 2_000;
const ITEMS: usize = 20_000;
const ROUNDS: usize = 11;
/// One decode takes milliseconds, so the list is timed over many rounds (after a warm-up
/// round that lets the allocator grow to size) and the median taken.
const LIST_ROUNDS: usize = 30;

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

fn median_of(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
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
    let url = runtime.block_on(serve(Reply::Json(Bytes::from_static(COMPLETION.as_bytes()))));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    let http = reqwest::Client::new();
    runtime.block_on(async {
        sdk_requests(&client).await;
        baseline_requests(&http, &url).await;
    });
    // Rounds alternate which side goes first, and each round's ratio is taken on its own,
    // so that drift in the machine's speed during the run cancels out.
    let (mut sdk, mut baseline, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let time_sdk = || {
            let started = Instant::now();
            runtime.block_on(sdk_requests(&client));
            started.elapsed()
        };
        let time_baseline = || {
            let started = Instant::now();
            runtime.block_on(baseline_requests(&http, &url));
            started.elapsed()
        };
        let (s, b) = if round % 2 == 0 {
            let s = time_sdk();
            (s, time_baseline())
        } else {
            let b = time_baseline();
            (time_sdk(), b)
        };
        ratios.push(s.as_secs_f64() / b.as_secs_f64());
        sdk.push(s);
        baseline.push(b);
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS as f64;
    let (sdk, baseline) = (median(sdk), median(baseline));
    println!("small requests: {REQUESTS} sequential chat completions over one keep-alive connection, {ROUNDS} rounds:");
    println!("  baseline (reqwest + serde_json, minimal struct): {:>7.1} us/request (median)", per(baseline));
    println!("  openai-sdk (chat().completions().create):       {:>7.1} us/request (median)", per(sdk));
    println!("  ratio: {:.2}x baseline latency, median of the rounds' ratios (target <= 1.10x)", median_of(ratios));

    // Big list: the typed page decode against a bare decode, then the whole call.
    let list = files_list();
    let url = runtime.block_on(serve(Reply::Json(list.clone())));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    // The body as a list call receives it, decoded by the SDK's own path.
    let raw = runtime.block_on(async { client.files().list(FilesListParams::default()).raw().await }).unwrap();
    assert_eq!(raw.body(), &list);
    let decode_typed = || {
        // What a list call decodes: the page's items, typed, and its cursor fields.
        let started = Instant::now();
        let files: openai_sdk::pagination::PageBody<openai_sdk::types::OpenAiFile> = raw.json().unwrap();
        black_box(files);
        started.elapsed()
    };
    let decode_minimal = || {
        let started = Instant::now();
        let files: MinimalList = serde_json::from_slice(&list).unwrap();
        assert_eq!(black_box(files).data.len(), ITEMS);
        started.elapsed()
    };
    let (mut typed, mut minimal, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..=LIST_ROUNDS {
        let (t, m) = if round % 2 == 0 {
            let t = decode_typed();
            (t, decode_minimal())
        } else {
            let m = decode_minimal();
            (decode_typed(), m)
        };
        // Round 0 warms the allocator up.
        if round > 0 {
            ratios.push(m.as_secs_f64() / t.as_secs_f64());
            typed.push(t);
            minimal.push(m);
        }
    }
    let mut page = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let first = runtime.block_on(async { client.files().list(FilesListParams::default()).await }).unwrap();
        assert_eq!(black_box(first).data.len(), ITEMS);
        page.push(started.elapsed());
    }
    let mbps = |d: Duration| list.len() as f64 / 1e6 / d.as_secs_f64();
    let (typed, minimal, page) = (median(typed), median(minimal), median(page));
    println!("big list: {ITEMS} files ({:.1} MB of JSON), {LIST_ROUNDS} rounds:", list.len() as f64 / 1e6);
    println!("  baseline (serde_json into a minimal struct):     {:>6.0} MB/s (median)", mbps(minimal));
    println!("  typed page of OpenAiFile (what list() decodes): {:>6.0} MB/s (median)", mbps(typed));
    println!("  ratio: {:.2}x baseline throughput, median of the rounds' ratios (target >= 0.80x)", median_of(ratios));
    println!("  whole call over loopback (files().list()):      {:>6.0} MB/s  (HTTP included)", mbps(page));
}
