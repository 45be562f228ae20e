//! The bulk runner against a local HTTP server with a fixed rate budget announced in
//! `x-ratelimit-*` (20 requests per 2 s, refilled continuously; a 429 with `retry-after-ms`
//! beyond it), in real time over loopback: 100 chat-completion-sized requests, 32 in flight
//! at most. Targets: every request completes, at most 5% of attempts are 429s, throughput
//! at least 90% of the budget's (which allows 20 at once, then 10 a second: 8 s for 100).
//!
//! `cargo bench -p openai-sdk --bench bulk`

#[path = "../tests/rate_budget/mod.rs"]
mod rate_budget;

use std::time::{Duration, Instant};

use openai_sdk::Client;
use openai_sdk::bulk::BulkRunner;
use rate_budget::Budget;

const REQUESTS: usize = 100;

fn main() {
    let budget = Budget::new(20.0, 1e9, Duration::from_secs(2));
    let url = serve(budget.clone());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
    let started = Instant::now();
    let results = runtime.block_on(
        BulkRunner::new()
            .concurrency(32)
            .run(&client, 0..REQUESTS, |client, i| client.post("/chat/completions").body(&serde_json::json!({"i": i})))
            .collect_in_order(),
    );
    let elapsed = started.elapsed().as_secs_f64();
    let completed = results.iter().filter(|r| r.is_ok()).count();
    let statuses = budget.statuses();
    let limited = statuses.iter().filter(|(_, status)| *status == 429).count();
    let ideal = (REQUESTS as f64 - 20.0) / 10.0;
    println!("bulk runner: {REQUESTS} requests, 32 in flight at most, budget 20 per 2 s:");
    println!("  completed: {completed} of {REQUESTS} (target: all)");
    println!(
        "  429s: {limited} of {} attempts, {:.1}% (target <= 5%)",
        statuses.len(),
        100.0 * limited as f64 / statuses.len() as f64
    );
    println!(
        "  time: {elapsed:.2} s against the budget's {ideal:.1} s: {:.2}x the budget's throughput (target >= 0.90x)",
        ideal / elapsed
    );
}

/// The budget behind a real HTTP server on 127.0.0.1, on a thread of its own.
fn serve(budget: Budget) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let app = axum::Router::new().fallback(move || {
                let budget = budget.clone();
                async move {
                    let response = budget.answer(0.0);
                    let (head, body) = response.into_parts();
                    let body = http_body_util::BodyExt::collect(body).await.unwrap().to_bytes();
                    axum::response::Response::from_parts(head, axum::body::Body::from(body))
                }
            });
            axum::serve(listener, app).await.unwrap();
        });
    });
    url
}
