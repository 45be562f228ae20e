//! The bulk runner against rate-limited stand-ins of the API. The pacing tests run on a
//! paused clock with the stand-in as the client's transport (no sockets, so virtual time
//! is exact and the figures do not depend on the machine); one test crosses a real socket.

mod local_server;
mod rate_budget;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply};
use openai_sdk::bulk::BulkRunner;
use openai_sdk::transport::{HttpRequest, Transport};
use openai_sdk::{BoxError, Client, Error};
use rate_budget::Budget;
use serde_json::Value;
use tokio::time::Instant;

/// A client whose transport is `budget`, each answer taking 20 ms.
fn budget_client(budget: &Budget) -> Client {
    let budget = budget.clone();
    let service = tower::service_fn(move |request: HttpRequest| {
        let budget = budget.clone();
        async move {
            let tokens = request.headers().get("x-tokens").and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(0.0);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok::<_, BoxError>(budget.answer(tokens))
        }
    });
    Client::builder().read_env(false).api_key("sk-bulk").transport(Transport::new(service)).build().unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_run_keeps_within_the_announced_budget() {
    // 20 requests per 2 s, as the issue's benchmark: 100 requests, 32 in flight at most.
    let budget = Budget::new(20.0, 1e9, Duration::from_secs(2));
    let client = budget_client(&budget);
    let started = Instant::now();
    let results = BulkRunner::new()
        .concurrency(32)
        .run(&client, 0..100, |client, i| client.post("/chat/completions").body(&serde_json::json!({"i": i})))
        .collect_in_order()
        .await;
    let elapsed = started.elapsed();
    assert_eq!(results.len(), 100);
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find(|r| r.is_err()));
    let statuses = budget.statuses();
    let limited = statuses.iter().filter(|(_, s)| *s == 429).count();
    assert!(limited * 20 <= statuses.len(), "{limited} of {} attempts were 429s", statuses.len());
    // The budget allows 20 at once, then 10 a second: 100 take at least 8 s.
    let ideal = 8.0;
    eprintln!("{} attempts, {limited} 429s, {elapsed:?} (ideal {ideal} s)", statuses.len());
    assert!(elapsed.as_secs_f64() <= ideal / 0.9, "{elapsed:?}: under 90% of the budget's throughput");
}

#[tokio::test(start_paused = true)]
async fn the_token_budget_is_spent_before_sending() {
    // Plenty of requests, 1,000 tokens per second; each request declares 100.
    let budget = Budget::new(1000.0, 1000.0, Duration::from_secs(1));
    let client = budget_client(&budget);
    let results = BulkRunner::new()
        .concurrency(16)
        .estimate_tokens(|_: &u32| 100)
        .run(&client, 0..60u32, |client, _| client.get("/models").header("x-tokens", "100"))
        .collect_in_order()
        .await;
    assert!(results.iter().all(Result::is_ok));
    let statuses = budget.statuses();
    let limited = statuses.iter().filter(|(_, s)| *s == 429).count();
    assert!(limited * 20 <= statuses.len(), "{limited} of {} attempts were 429s", statuses.len());
}

#[tokio::test(start_paused = true)]
async fn a_429_pauses_every_request_not_only_its_own() {
    // No budget headers at all: the first request of each burst gets a 429 asking for 1 s,
    // during which nothing may arrive.
    let blocked_until = Arc::new(Mutex::new(None::<Instant>));
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let (gate, seen) = (Arc::clone(&blocked_until), Arc::clone(&arrivals));
    let service = tower::service_fn(move |_request: HttpRequest| {
        let (gate, seen) = (Arc::clone(&gate), Arc::clone(&seen));
        async move {
            let now = Instant::now();
            seen.lock().unwrap().push(now);
            let mut gate = gate.lock().unwrap();
            let response = if gate.is_none() {
                *gate = Some(now + Duration::from_secs(1));
                http::Response::builder().status(429).header("retry-after-ms", "1000").body(reqwest::Body::from("{}"))
            } else {
                http::Response::builder().status(200).body(reqwest::Body::from("{}"))
            };
            Ok::<_, BoxError>(response.unwrap())
        }
    });
    let client = Client::builder().read_env(false).api_key("sk").transport(Transport::new(service)).build().unwrap();
    let results = BulkRunner::new()
        .concurrency(8)
        .run(&client, 0..20, |client, _| client.get("/models"))
        .collect_in_order()
        .await;
    assert!(results.iter().all(Result::is_ok));
    let until = blocked_until.lock().unwrap().unwrap();
    let arrivals = arrivals.lock().unwrap();
    assert_eq!(arrivals.len(), 21);
    assert!(arrivals[1..].iter().all(|at| *at >= until), "a request came during the pause");
}

#[tokio::test(start_paused = true)]
async fn every_input_ends_with_its_result_or_its_error_in_order() {
    let attempts = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&attempts);
    let failed_once = Arc::new(Mutex::new(std::collections::BTreeSet::new()));
    let service = tower::service_fn(move |request: HttpRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        let failed_once = Arc::clone(&failed_once);
        async move {
            let path = request.uri().path().to_owned();
            let n: u32 = path.rsplit('/').next().unwrap().parse().unwrap();
            // Every seventh is refused for good; every fifth fails once with a 500.
            let status = if n.is_multiple_of(7) {
                400
            } else if n.is_multiple_of(5) && failed_once.lock().unwrap().insert(n) {
                500
            } else {
                200
            };
            let body = format!(r#"{{"n": {n}}}"#);
            Ok::<_, BoxError>(http::Response::builder().status(status).body(reqwest::Body::from(body)).unwrap())
        }
    });
    let client = Client::builder().read_env(false).api_key("sk").transport(Transport::new(service)).build().unwrap();
    let progress = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&progress);
    let stream = BulkRunner::new()
        .concurrency(5)
        .on_progress(move |p| noted.lock().unwrap().push((p.done(), p.failed, p.total)))
        .run(&client, 1..=30u32, |client, n| client.get(&format!("/items/{n}")));
    let results = stream.collect_in_order().await;
    assert_eq!(results.len(), 30);
    for (i, result) in results.iter().enumerate() {
        let n = i as u32 + 1;
        match result {
            Ok(value) => assert_eq!(value["n"], n),
            Err(Error::BadRequest(_)) => assert!(n.is_multiple_of(7)),
            Err(other) => panic!("{n}: {other:?}"),
        }
    }
    // A 400 is final (one attempt); a 500 is retried (two attempts each for 5, 10, ..., 30).
    assert_eq!(attempts.load(Ordering::SeqCst), 36);
    assert_eq!(progress.lock().unwrap().last(), Some(&(30, 4, Some(30))));
}

#[tokio::test(start_paused = true)]
async fn dropping_the_stream_stops_sending_and_keeps_what_finished() {
    let budget = Budget::new(1000.0, 1e9, Duration::from_secs(1));
    let client = budget_client(&budget);
    let mut stream = BulkRunner::new().concurrency(4).run(&client, 0..1000, |client, _| client.get("/models"));
    let mut kept = Vec::new();
    while kept.len() < 10 {
        kept.push(stream.next().await.unwrap());
    }
    drop(stream);
    let sent = budget.statuses().len();
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(budget.statuses().len(), sent, "requests were sent after the stream was dropped");
    assert!(sent <= 10 + 4, "{sent} sent for 10 taken with 4 in flight");
    assert!(kept.iter().all(|item| item.result.is_ok()));
}

#[tokio::test]
async fn a_run_over_a_real_socket_completes() {
    let server = LocalServer::start(vec![
        Reply::json(200, r#"{"ok": true}"#)
            .header("x-ratelimit-limit-requests", "500")
            .header("x-ratelimit-remaining-requests", "499")
            .header("x-ratelimit-reset-requests", "120ms"),
    ])
    .await;
    let client = Client::builder().read_env(false).api_key("sk").base_url(&server.url).build().unwrap();
    let results: Vec<Value> = BulkRunner::new()
        .concurrency(4)
        .run(&client, 0..20, |client, _| client.get("/models"))
        .map(|item| item.result.unwrap().into_inner())
        .collect()
        .await;
    assert_eq!(results.len(), 20);
    assert_eq!(server.received().len(), 20);
}
