//! Runtime overhead against hand-written baselines, measured in the same run:
//!
//! - small requests: 2,000 sequential chat completions over one keep-alive connection to a
//!   local server, through `client.chat().completions().create(...)` and through raw
//!   `reqwest` + `serde_json`, which serialises a borrowed minimal body per request and decodes
//!   into a minimal struct (target: at most 1.1x the latency);
//! - big list: a 20,000-item files list (about 5 MB of JSON) decoded into the typed page,
//!   and into a minimal struct with `serde_json` (target: at least 0.8x the throughput).
//!
//! `cargo bench -p openai-sdk --bench runtime`
//!
//! For instruction counts, `RUNTIME_BENCH_ONLY=sdk` (or `sdk-layered`, through a no-op
//! tower layer, or `baseline`) with
//! `RUNTIME_BENCH_REQUESTS=N` sends only N small requests of that side, once: run it under
//! `valgrind --tool=callgrind` at two values of N, and the difference over the difference
//! in N is the instructions per request, setup excluded.
use bytes::Bytes;
use openai_sdk::Client;
use openai_sdk::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{Reply, serve};
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

/// The request body, borrowed: the least a hand-written client serialises.
#[derive(Serialize)]
struct MinimalRequest<'a> {
    messages: [MinimalInput<'a>; 1],
    model: &'a str,
}
#[derive(Serialize)]
struct MinimalInput<'a> {
    role: &'a str,
    content: &'a str,
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

/// Times of the SDK and of its baseline over paired rounds. Rounds alternate which side
/// goes first, a first round warms up (allocator, connections) and is not counted, and
/// each round's ratio is taken on its own, so drift in the machine's speed cancels out.
struct Paired {
    sdk: Vec<Duration>,
    baseline: Vec<Duration>,
}
impl Paired {
    fn measure(rounds: usize, sdk: impl Fn(), baseline: impl Fn()) -> Paired {
        let timed = |work: &dyn Fn()| {
            let started = Instant::now();
            work();
            started.elapsed()
        };
        let (sdk, baseline) = (|| timed(&sdk), || timed(&baseline));
        let mut paired = Paired { sdk: Vec::new(), baseline: Vec::new() };
        for round in 0..=rounds {
            let (s, b) = if round % 2 == 0 {
                let s = sdk();
                (s, baseline())
            } else {
                let b = baseline();
                (sdk(), b)
            };
            if round > 0 {
                paired.sdk.push(s);
                paired.baseline.push(b);
            }
        }
        paired
    }

    fn median_sdk(&self) -> Duration {
        median(self.sdk.clone())
    }

    fn median_baseline(&self) -> Duration {
        median(self.baseline.clone())
    }

    /// The median over rounds of the SDK's time over the baseline's.
    fn median_ratio(&self) -> f64 {
        let mut ratios: Vec<f64> =
            self.sdk.iter().zip(&self.baseline).map(|(s, b)| s.as_secs_f64() / b.as_secs_f64()).collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    }
}
async fn sdk_requests(client: &Client, requests: usize) {
    let request =
        CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hello").into()], "gpt-4o");
    for _ in 0..requests {
        let completion = client.chat().completions().create(&request).await.unwrap();
        black_box(completion.choices[0].message.content.as_deref());
    }
}
async fn baseline_requests(http: &reqwest::Client, url: &str, requests: usize) {
    let request = MinimalRequest { messages: [MinimalInput { role: "user", content: "Hello" }], model: "gpt-4o" };
    for _ in 0..requests {
        // Each request serialises its body, as every call of a real client does.
        let body = serde_json::to_vec(&request).unwrap();
        let response = http
            .post(format!("{url}/chat/completions"))
            .bearer_auth("sk-bench")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let completion: MinimalCompletion = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        black_box(completion.choices[0].message.content.as_deref());
    }
}
fn main() {
    support::pin_to_cpu(0);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    // Small requests.
    let url = serve(Reply::Json(Bytes::from_static(COMPLETION.as_bytes())));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    let http = reqwest::Client::new();
    if let (Ok(only), Ok(n)) = (std::env::var("RUNTIME_BENCH_ONLY"), std::env::var("RUNTIME_BENCH_REQUESTS")) {
        let n: usize = n.parse().expect("RUNTIME_BENCH_REQUESTS is a number");
        match only.as_str() {
            "sdk" => runtime.block_on(sdk_requests(&client, n)),
            "sdk-layered" => {
                // A no-op tower layer: every attempt goes through the transport seam.
                let layered = Client::builder()
                    .read_env(false)
                    .api_key("sk-bench")
                    .base_url(&url)
                    .layer(tower::layer::util::Identity::new())
                    .build()
                    .unwrap();
                runtime.block_on(sdk_requests(&layered, n))
            }
            "baseline" => runtime.block_on(baseline_requests(&http, &url, n)),
            other => panic!("RUNTIME_BENCH_ONLY is `sdk`, `sdk-layered` or `baseline`, not `{other}`"),
        }
        return;
    }
    let paired = Paired::measure(
        ROUNDS,
        || runtime.block_on(sdk_requests(&client, REQUESTS)),
        || runtime.block_on(baseline_requests(&http, &url, REQUESTS)),
    );
    let (sdk, baseline) = (paired.median_sdk(), paired.median_baseline());
    let per = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS as f64;
    println!("small requests: {REQUESTS} sequential chat completions over one keep-alive connection, {ROUNDS} rounds:");
    println!("  baseline (reqwest + serde_json, minimal struct): {:>7.1} us/request (median)", per(baseline));
    println!("  openai-sdk (chat().completions().create):       {:>7.1} us/request (median)", per(sdk));
    println!("  ratio: {:.2}x baseline latency, median of the rounds' ratios (target <= 1.10x)", paired.median_ratio());

    // Big list: the typed page decode against a bare decode, then the whole call.
    let list = files_list();
    let url = serve(Reply::Json(list.clone()));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    // The body as a list call receives it, decoded by the SDK's own path.
    let raw = runtime.block_on(async { client.files().list().raw().await }).unwrap();
    assert_eq!(raw.body(), &list);
    let decode = Paired::measure(
        LIST_ROUNDS,
        || {
            // What a list call decodes: the page's items, typed, and its cursor fields.
            let files: openai_sdk::pagination::PageBody<openai_sdk::types::OpenAiFile> = raw.json().unwrap();
            black_box(files);
        },
        || {
            let files: MinimalList = serde_json::from_slice(&list).unwrap();
            assert_eq!(black_box(files).data.len(), ITEMS);
        },
    );
    let mut page = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let first = runtime.block_on(async { client.files().list().await }).unwrap();
        assert_eq!(black_box(first).data.len(), ITEMS);
        page.push(started.elapsed());
    }
    let mbps = |d: Duration| list.len() as f64 / 1e6 / d.as_secs_f64();
    let (typed, minimal, page) = (decode.median_sdk(), decode.median_baseline(), median(page));
    println!("big list: {ITEMS} files ({:.1} MB of JSON), {LIST_ROUNDS} rounds:", list.len() as f64 / 1e6);
    println!("  baseline (serde_json into a minimal struct):     {:>6.0} MB/s (median)", mbps(minimal));
    println!("  typed page of OpenAiFile (what list() decodes): {:>6.0} MB/s (median)", mbps(typed));
    println!(
        "  ratio: {:.2}x baseline throughput, median of the rounds' ratios (target >= 0.80x)",
        1.0 / decode.median_ratio()
    );
    println!("  whole call over loopback (files().list()):      {:>6.0} MB/s  (HTTP included)", mbps(page));
}
