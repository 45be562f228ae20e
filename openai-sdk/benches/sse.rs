//! Streaming throughput: a 20,000-chunk chat completion stream over loopback, consumed
//! (a) through the SDK's typed streaming method and (b) by a baseline of raw
//! `reqwest::bytes_stream` + a minimal line splitter + `serde_json` into a minimal struct, in
//! the same run. Also the decode-only throughput: bytes in memory to typed events.
//!
//! `cargo bench -p openai-sdk --bench sse`
use bytes::Bytes;
use futures_util::StreamExt;
use openai_sdk::types::{
    ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateChatCompletionStreamResponse,
};
use openai_sdk::{Client, EventStream};
use serde::Deserialize;
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{Reply, serve};
mod support;
const EVENTS: usize = 20_000;
const ROUNDS: usize = 7;

/// A realistic stream: each chunk as the API sends it, then `[DONE]`.
fn stream_body() -> Bytes {
    let mut body = String::new();
    for i in 0..EVENTS {
        body.push_str(&format!(
            "data: {{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_fc9f1d7035\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\" token{i}\"}},\"logprobs\":null,\"finish_reason\":null}}],\"obfuscation\":\"aB3dE\"}}\n\n"
        ));
    }
    body.push_str("data: [DONE]\n\n");
    Bytes::from(body)
}
#[derive(Deserialize)]
struct MinimalChunk {
    choices: Vec<MinimalChoice>,
}
#[derive(Deserialize)]
struct MinimalChoice {
    delta: MinimalDelta,
}
#[derive(Deserialize)]
struct MinimalDelta {
    content: Option<String>,
}
async fn sdk_round(client: &Client) -> usize {
    let request = CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hi").into()], "gpt-4o");
    let mut stream = client.chat().completions().create_stream(request).await.unwrap();
    let mut events = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        black_box(chunk.choices[0].delta.content.as_deref());
        events += 1;
    }
    events
}
async fn baseline_round(http: &reqwest::Client, url: &str) -> usize {
    let body = serde_json::json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "stream": true});
    let response = http
        .post(format!("{url}/chat/completions"))
        .bearer_auth("sk-bench")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&body).unwrap())
        .send()
        .await
        .unwrap();
    let mut chunks = response.bytes_stream();
    let mut line = Vec::new();
    let mut events = 0;
    while let Some(chunk) = chunks.next().await {
        for &byte in chunk.unwrap().iter() {
            if byte != b'\n' {
                line.push(byte);
                continue;
            }
            if let Some(data) = line.strip_prefix(b"data: ")
                && data != b"[DONE]"
            {
                let chunk: MinimalChunk = serde_json::from_slice(data).unwrap();
                black_box(chunk.choices[0].delta.content.as_deref());
                events += 1;
            }
            line.clear();
        }
    }
    events
}
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
fn decode_only(runtime: &tokio::runtime::Runtime, body: &Bytes) -> Duration {
    let chunks: Vec<Bytes> = body.chunks(4096).map(Bytes::copy_from_slice).collect();
    let started = Instant::now();
    let stream: EventStream<CreateChatCompletionStreamResponse> =
        EventStream::from_chunks(futures_util::stream::iter(chunks.into_iter().map(Ok::<_, std::io::Error>)));
    let events = runtime.block_on(stream.fold(0usize, |n, chunk| {
        black_box(chunk.unwrap());
        std::future::ready(n + 1)
    }));
    assert_eq!(events, EVENTS);
    started.elapsed()
}
fn main() {
    support::pin_to_cpu(0);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let body = stream_body();
    let url = serve(Reply::EventStream(body.clone()));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    let http = reqwest::Client::new();

    // Warm up connections and caches, then alternate so drift hits both alike.
    runtime.block_on(async {
        assert_eq!(sdk_round(&client).await, EVENTS);
        assert_eq!(baseline_round(&http, &url).await, EVENTS);
    });
    let (mut sdk, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        runtime.block_on(sdk_round(&client));
        sdk.push(started.elapsed());
        let started = Instant::now();
        runtime.block_on(baseline_round(&http, &url));
        baseline.push(started.elapsed());
    }
    let (sdk, baseline) = (median(sdk), median(baseline));
    let rate = |d: Duration| EVENTS as f64 / d.as_secs_f64();
    println!(
        "SSE over loopback, {EVENTS} chat completion chunks ({:.1} MB), median of {ROUNDS}:",
        body.len() as f64 / 1e6
    );
    println!(
        "  baseline (reqwest bytes_stream + line split + serde_json, minimal struct): {:>9.0} events/s",
        rate(baseline)
    );
    println!("  openai-sdk typed stream (create_stream):                                 {:>9.0} events/s", rate(sdk));
    println!("  ratio: {:.2}x baseline throughput (target >= 0.80x)", rate(sdk) / rate(baseline));

    let decode = median((0..ROUNDS).map(|_| decode_only(&runtime, &body)).collect());
    println!(
        "decode only (bytes in memory -> typed chunks): {:.0} MB/s, {:.0} events/s",
        body.len() as f64 / 1e6 / decode.as_secs_f64(),
        rate(decode)
    );
}
