//! Why the SDK keeps undeclared properties as raw bytes beside the typed value instead of
//! in a `#[serde(flatten)]` map on every struct: this measures what flatten would cost.
//!
//! `cargo bench -p openai-sdk --bench extra_fields` deserializes the same chat completion
//! list into two shapes of one struct, with and without a flattened extra-fields map, in the
//! same run, and prints each throughput and their ratio.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use serde::Deserialize;
use serde_json::Value;

#[allow(dead_code)]
#[derive(Deserialize)]
struct Plain {
    id: String,
    object: String,
    created: i64,
    model: String,
    choices: Vec<PlainChoice>,
    usage: Option<PlainUsage>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainChoice {
    index: i64,
    finish_reason: String,
    message: PlainMessage,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainMessage {
    role: String,
    content: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainUsage {
    prompt_tokens: i64,
    completion_tokens: i64,
    total_tokens: i64,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Flat {
    id: String,
    object: String,
    created: i64,
    model: String,
    choices: Vec<FlatChoice>,
    usage: Option<FlatUsage>,
    #[serde(flatten)]
    extra: HashMap<String, Value>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct FlatChoice {
    index: i64,
    finish_reason: String,
    message: FlatMessage,
    #[serde(flatten)]
    extra: HashMap<String, Value>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct FlatMessage {
    role: String,
    content: Option<String>,
    #[serde(flatten)]
    extra: HashMap<String, Value>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct FlatUsage {
    prompt_tokens: i64,
    completion_tokens: i64,
    total_tokens: i64,
    #[serde(flatten)]
    extra: HashMap<String, Value>,
}

fn body() -> String {
    let one = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o","system_fingerprint":"fp_1",
      "choices":[{"index":0,"finish_reason":"stop","logprobs":null,"message":{"role":"assistant","content":"The quick brown fox jumps over the lazy dog.","refusal":null}}],
      "usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}"#;
    format!("[{}]", vec![one; 2000].join(","))
}

fn measure<T: for<'de> Deserialize<'de>>(name: &str, json: &str, rounds: u32) -> f64 {
    // One warm-up round, then the timed ones.
    black_box(serde_json::from_str::<Vec<T>>(json).unwrap());
    let started = Instant::now();
    for _ in 0..rounds {
        black_box(serde_json::from_str::<Vec<T>>(json).unwrap());
    }
    let mb_per_s = (json.len() as f64 * rounds as f64) / started.elapsed().as_secs_f64() / 1e6;
    println!("{name:<34} {mb_per_s:>8.1} MB/s");
    mb_per_s
}

fn main() {
    let json = body();
    let rounds = 50;
    let plain = measure::<Plain>("typed (what the SDK does)", &json, rounds);
    let flat = measure::<Flat>("typed + #[serde(flatten)] extras", &json, rounds);
    println!("flatten throughput / plain throughput = {:.2}x", flat / plain);
}
