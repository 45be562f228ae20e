//! A stand-in for the API's rate limits, shared by the bulk runner's tests and its
//! benchmark: a bucket of requests and one of tokens, refilled continuously (as the API's
//! are), announced in `x-ratelimit-*`; a request beyond either is a 429 with
//! `retry-after-ms`. Time is tokio's, so a paused clock drives it exactly.

#![allow(dead_code)] // The tests and the benchmark use different parts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// The budgets: `requests` and `tokens` per `window`, refilled continuously.
#[derive(Clone)]
pub struct Budget {
    state: Arc<Mutex<BudgetState>>,
}

struct BudgetState {
    requests: (f64, f64),
    tokens: (f64, f64),
    per_second: (f64, f64),
    at: Instant,
    sent: Vec<(Instant, u16)>,
}

impl Budget {
    pub fn new(requests: f64, tokens: f64, window: Duration) -> Budget {
        let secs = window.as_secs_f64();
        Budget {
            state: Arc::new(Mutex::new(BudgetState {
                requests: (requests, requests),
                tokens: (tokens, tokens),
                per_second: (requests / secs, tokens / secs),
                at: Instant::now(),
                sent: Vec::new(),
            })),
        }
    }

    /// The answer to a request of `tokens` tokens arriving now.
    pub fn answer(&self, tokens: f64) -> http::Response<reqwest::Body> {
        let mut state = self.state.lock().unwrap();
        let now = Instant::now();
        let elapsed = (now - state.at).as_secs_f64();
        state.at = now;
        let (rate_r, rate_t) = state.per_second;
        state.requests.0 = (state.requests.0 + elapsed * rate_r).min(state.requests.1);
        state.tokens.0 = (state.tokens.0 + elapsed * rate_t).min(state.tokens.1);
        let allowed = state.requests.0 >= 1.0 && state.tokens.0 >= tokens;
        if allowed {
            state.requests.0 -= 1.0;
            state.tokens.0 -= tokens;
        }
        let reset = |level: f64, limit: f64, rate: f64| format!("{:.3}s", (limit - level) / rate);
        let wait_ms = if allowed {
            0.0
        } else {
            (((1.0 - state.requests.0) / rate_r).max((tokens - state.tokens.0) / rate_t) * 1000.0).ceil()
        };
        let status = if allowed { 200 } else { 429 };
        state.sent.push((now, status));
        let body = if allowed { r#"{"ok": true}"# } else { r#"{"error": {"message": "Rate limit reached"}}"# };
        let mut response = http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .header("x-ratelimit-limit-requests", state.requests.1.to_string())
            .header("x-ratelimit-remaining-requests", (state.requests.0.floor() as u64).to_string())
            .header("x-ratelimit-reset-requests", reset(state.requests.0, state.requests.1, rate_r))
            .header("x-ratelimit-limit-tokens", state.tokens.1.to_string())
            .header("x-ratelimit-remaining-tokens", (state.tokens.0.floor() as u64).to_string())
            .header("x-ratelimit-reset-tokens", reset(state.tokens.0, state.tokens.1, rate_t));
        if !allowed {
            response = response.header("retry-after-ms", wait_ms.to_string());
        }
        response.body(reqwest::Body::from(body)).unwrap()
    }

    /// Each request's arrival and status.
    pub fn statuses(&self) -> Vec<(Instant, u16)> {
        self.state.lock().unwrap().sent.clone()
    }
}
