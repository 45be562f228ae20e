//! Many requests at once, within the account's rate limits: bounded concurrency, paced by
//! the `x-ratelimit-*` headers each response carries and by 429s (the whole run slows down,
//! not just the request that hit one), retrying what is worth retrying.
//!
//! ```no_run
//! # async fn run(client: openai_sdk::Client) -> openai_sdk::Result<()> {
//! use futures_util::StreamExt;
//! use openai_sdk::bulk::BulkRunner;
//! use openai_sdk::types::CreateChatCompletionRequest;
//!
//! let requests = (0..100).map(|i| CreateChatCompletionRequest::new(vec![format!("Item {i}").into()], "gpt-4o-mini"));
//! let mut results = BulkRunner::new()
//!     .concurrency(32)
//!     .run(&client, requests, |client, request| client.chat().completions().create(request));
//! while let Some(item) = results.next().await {
//!     match item.result {
//!         Ok(completion) => println!("{}: {:?}", item.index, completion.choices[0].message.content),
//!         Err(error) => eprintln!("{}: {error}", item.index),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! The results come as a stream in completion order (each with its input's index), or
//! with [`BulkStream::collect_in_order`] as a `Vec` in input order. Dropping the stream
//! stops sending: requests in flight are abandoned, and what was already yielded is kept.
//!
//! How it paces: until the first response arrives one request is in flight (its headers
//! tell the budget). From then on the runner keeps a local model of each budget, requests
//! and tokens: the remaining count the last response announced, refilled at the rate its
//! reset time implies, each request taking one request and its estimated tokens
//! ([`BulkRunner::estimate_tokens`]). A request waits while either budget is short. A 429
//! pauses every request for the time the server asks (`retry-after-ms`, `retry-after`,
//! else the reset time), then the request is sent again.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use futures_util::stream::{FuturesUnordered, Stream, StreamExt};
use tokio::time::Instant;

use crate::runtime::pagination::ListPage;
use crate::runtime::{ApiResponse, Client, Error, EventStream, RateLimit, RawResponse, RequestOptions, Result};

/// A response that reports the rate limits it was answered under.
pub trait RateLimited {
    /// The limits, if the response named any.
    fn rate_limit(&self) -> Option<RateLimit>;
}

impl<T> RateLimited for ApiResponse<T> {
    fn rate_limit(&self) -> Option<RateLimit> {
        ApiResponse::rate_limit(self)
    }
}

impl RateLimited for RawResponse {
    fn rate_limit(&self) -> Option<RateLimit> {
        RawResponse::rate_limit(self)
    }
}

impl<T, K> RateLimited for ListPage<T, K> {
    fn rate_limit(&self) -> Option<RateLimit> {
        ListPage::rate_limit(self)
    }
}

impl<T> RateLimited for EventStream<T> {
    fn rate_limit(&self) -> Option<RateLimit> {
        EventStream::rate_limit(self)
    }
}

/// Where a run stands, given to the [`on_progress`](BulkRunner::on_progress) callback after
/// each request ends.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// Requests that succeeded.
    pub succeeded: usize,
    /// Requests that failed for good.
    pub failed: usize,
    /// Requests sent and not yet ended.
    pub in_flight: usize,
    /// All the requests, when the inputs tell their number.
    pub total: Option<usize>,
    /// Since the run started.
    pub elapsed: Duration,
    /// Requests ended per second so far.
    pub per_second: f64,
    /// Time left at that rate, when the total is known.
    pub remaining: Option<Duration>,
}

impl Progress {
    /// Requests ended, either way.
    pub fn done(&self) -> usize {
        self.succeeded + self.failed
    }
}

type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// How many tokens a request of input `I` will use: any `Fn(&I) -> u64`.
pub trait EstimateTokens<I>: Send + Sync + 'static {
    /// The estimate.
    fn tokens(&self, input: &I) -> u64;
}

impl<I, F: Fn(&I) -> u64 + Send + Sync + 'static> EstimateTokens<I> for F {
    fn tokens(&self, input: &I) -> u64 {
        self(input)
    }
}

/// No token estimate: only the request budget paces the run.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEstimate;

impl<I> EstimateTokens<I> for NoEstimate {
    fn tokens(&self, _: &I) -> u64 {
        0
    }
}

/// Runs many requests with bounded concurrency, within the rate limits; see the
/// [module docs](self).
pub struct BulkRunner<E = NoEstimate> {
    concurrency: usize,
    max_retries: u32,
    estimate: Arc<E>,
    progress: Option<ProgressFn>,
}

impl<E> fmt::Debug for BulkRunner<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkRunner")
            .field("concurrency", &self.concurrency)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl BulkRunner {
    /// A runner with 16 requests in flight at most and 6 retries per request.
    pub fn new() -> BulkRunner {
        BulkRunner { concurrency: 16, max_retries: 6, estimate: Arc::new(NoEstimate), progress: None }
    }
}

impl Default for BulkRunner {
    fn default() -> Self {
        BulkRunner::new()
    }
}

impl<E> BulkRunner<E> {
    /// The most requests in flight at once (at least 1).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Retries per request after its first attempt, for 429s, 408, 409, 5xx, timeouts and
    /// connection errors (default 6). The client's own retries are off inside a run: the
    /// runner retries, so a 429 slows down every request.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// How many tokens a request will use (its prompt's length over four plus its
    /// `max_tokens`, say), so the token budget is spent before sending, not discovered
    /// by a 429. Without an estimate only the request budget paces the run.
    pub fn estimate_tokens<F>(self, estimate: F) -> BulkRunner<F> {
        BulkRunner {
            concurrency: self.concurrency,
            max_retries: self.max_retries,
            estimate: Arc::new(estimate),
            progress: self.progress,
        }
    }

    /// Called after each request ends, with where the run stands.
    pub fn on_progress(mut self, progress: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Sends `call(client, input)` for each input. `call` builds the request (any SDK call:
    /// a generated method, a custom request); it is called again for a retry, so inputs are
    /// `Clone`.
    pub fn run<Inputs, I, F, Req, R>(&self, client: &Client, inputs: Inputs, call: F) -> BulkStream<R>
    where
        E: EstimateTokens<I>,
        Inputs: IntoIterator<Item = I>,
        Inputs::IntoIter: Send + 'static,
        I: Clone + Send + 'static,
        F: Fn(Client, I) -> Req + Send + Sync + 'static,
        Req: IntoFuture<Output = Result<R>>,
        Req::IntoFuture: Send + 'static,
        R: RateLimited + Send + 'static,
    {
        let mut inputs = inputs.into_iter().enumerate();
        let total = match inputs.size_hint() {
            (low, Some(high)) if low == high => Some(low),
            _ => None,
        };
        // The runner retries, so that a 429 slows every request down.
        let client = client.with_options(RequestOptions::new().max_retries(0));
        let pacer = Arc::new(Pacer::default());
        let (max_retries, estimate, call) = (self.max_retries, Arc::clone(&self.estimate), Arc::new(call));
        let shared = Arc::clone(&pacer);
        let next = move || -> Option<Pending<R>> {
            let (index, input) = inputs.next()?;
            let (client, pacer, call) = (client.clone(), Arc::clone(&shared), Arc::clone(&call));
            let tokens = estimate.tokens(&input);
            Some(Box::pin(async move {
                let mut retries = 0;
                loop {
                    pacer.acquire(tokens).await;
                    let result = call(client.clone(), input.clone()).into_future().await;
                    match (pacer.observe(&result, retries, max_retries), result) {
                        (Some(delay), Err(_)) => {
                            retries += 1;
                            tokio::time::sleep(delay).await;
                        }
                        (_, result) => return BulkItem { index, attempts: retries + 1, result },
                    }
                }
            }))
        };
        BulkStream {
            next: Box::new(next),
            exhausted: false,
            in_flight: FuturesUnordered::new(),
            concurrency: self.concurrency,
            pacer,
            progress: self.progress.clone(),
            counts: Counts { total, ..Counts::default() },
            started: Instant::now(),
        }
    }
}

/// One request's outcome.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkItem<R> {
    /// Its input's place among the inputs, from 0.
    pub index: usize,
    /// Attempts made: 1, plus one per retry.
    pub attempts: u32,
    /// The response, or the error that ended the request.
    pub result: Result<R>,
}

type Pending<R> = Pin<Box<dyn Future<Output = BulkItem<R>> + Send>>;

/// The results of a run as they end: a `futures::Stream` of [`BulkItem`]s. Requests are
/// sent only while the stream is polled; dropping it stops the run.
pub struct BulkStream<R> {
    /// The next input's request, until the inputs are used up.
    next: Box<dyn FnMut() -> Option<Pending<R>> + Send>,
    exhausted: bool,
    in_flight: FuturesUnordered<Pending<R>>,
    concurrency: usize,
    pacer: Arc<Pacer>,
    progress: Option<ProgressFn>,
    counts: Counts,
    started: Instant,
}

impl<R> fmt::Debug for BulkStream<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkStream").field("progress", &self.progress()).finish_non_exhaustive()
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    succeeded: usize,
    failed: usize,
    total: Option<usize>,
}

impl<R> BulkStream<R> {
    /// Where the run stands now.
    pub fn progress(&self) -> Progress {
        let Counts { succeeded, failed, total } = self.counts;
        let elapsed = self.started.elapsed();
        let done = succeeded + failed;
        let per_second = if elapsed.is_zero() { 0.0 } else { done as f64 / elapsed.as_secs_f64() };
        let remaining = total
            .filter(|_| per_second > 0.0)
            .map(|total| Duration::from_secs_f64(total.saturating_sub(done) as f64 / per_second));
        Progress { succeeded, failed, in_flight: self.in_flight.len(), total, elapsed, per_second, remaining }
    }

    /// Every result, in input order (each request's response or the error that ended it).
    pub async fn collect_in_order(self) -> Vec<Result<R>> {
        let mut slots: Vec<Option<Result<R>>> = Vec::new();
        let mut stream = self;
        while let Some(item) = stream.next().await {
            if slots.len() <= item.index {
                slots.resize_with(item.index + 1, || None);
            }
            slots[item.index] = Some(item.result);
        }
        // Every input yields exactly one item, so no slot is left empty.
        slots.into_iter().map(|slot| slot.unwrap_or_else(|| Err(Error::InvalidRequest("no result".into())))).collect()
    }
}

impl<R> Stream for BulkStream<R> {
    type Item = BulkItem<R>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<BulkItem<R>>> {
        let this = &mut *self;
        // One request in flight until a response has told the budget.
        let room = if this.pacer.informed() { this.concurrency } else { 1 };
        while !this.exhausted && this.in_flight.len() < room {
            match (this.next)() {
                Some(pending) => this.in_flight.push(pending),
                None => this.exhausted = true,
            }
        }
        match this.in_flight.poll_next_unpin(cx) {
            Poll::Ready(Some(item)) => {
                if item.result.is_ok() {
                    this.counts.succeeded += 1;
                } else {
                    this.counts.failed += 1;
                }
                if let Some(progress) = &this.progress {
                    progress(&this.progress());
                }
                // More may be sent now: be polled again soon.
                cx.waker().wake_by_ref();
                Poll::Ready(Some(item))
            }
            Poll::Ready(None) if this.exhausted => Poll::Ready(None),
            // Nothing in flight yet more to send (cannot happen after the fill above).
            Poll::Ready(None) => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The run's model of its rate-limit budgets, shared by its requests.
#[derive(Debug, Default)]
struct Pacer {
    state: Mutex<Budgets>,
}

#[derive(Debug, Default)]
struct Budgets {
    /// Whether a response (or error) has come back yet.
    informed: bool,
    requests: Option<Bucket>,
    tokens: Option<Bucket>,
    /// After a 429, no request is sent before this.
    paused_until: Option<Instant>,
}

/// One budget: what is left, refilled at the rate the reset time implies, up to the limit.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    level: f64,
    limit: f64,
    per_second: f64,
    at: Instant,
}

impl Bucket {
    /// The budget a response announced; the local level is kept when lower (requests sent
    /// since are not in the announcement yet).
    fn announced(
        previous: Option<Bucket>,
        limit: u64,
        remaining: u64,
        reset: Option<Duration>,
        now: Instant,
    ) -> Bucket {
        let (limit, remaining) = (limit as f64, remaining as f64);
        let per_second = match reset {
            Some(reset) if !reset.is_zero() && limit > remaining => (limit - remaining) / reset.as_secs_f64(),
            // Full, or no reset named: the API's windows are a minute.
            _ => previous.map_or(limit / 60.0, |p| p.per_second),
        };
        let level = match previous {
            Some(mut previous) => {
                previous.refill(now);
                previous.level.min(remaining)
            }
            None => remaining,
        };
        Bucket { level, limit, per_second: per_second.max(f64::MIN_POSITIVE), at: now }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.level = (self.level + elapsed * self.per_second).min(self.limit);
        self.at = now;
    }

    /// How long until `cost` is in the budget (a cost over the limit waits for a full one).
    fn wait_for(&self, cost: f64) -> Duration {
        let cost = cost.min(self.limit);
        if self.level >= cost {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(((cost - self.level) / self.per_second).min(3600.0))
        }
    }
}

impl Pacer {
    fn lock(&self) -> std::sync::MutexGuard<'_, Budgets> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn informed(&self) -> bool {
        self.lock().informed
    }

    /// Waits until one request and `tokens` tokens are in the budgets, and takes them.
    async fn acquire(&self, tokens: u64) {
        loop {
            let wait = {
                let mut guard = self.lock();
                let budgets = &mut *guard;
                let now = Instant::now();
                match budgets.paused_until.filter(|until| *until > now) {
                    Some(until) => until - now,
                    None => {
                        let tokens = tokens as f64;
                        let mut wait = Duration::ZERO;
                        for (bucket, cost) in [(&mut budgets.requests, 1.0), (&mut budgets.tokens, tokens)] {
                            if let Some(bucket) = bucket.as_mut().filter(|_| cost > 0.0) {
                                bucket.refill(now);
                                wait = wait.max(bucket.wait_for(cost));
                            }
                        }
                        if wait.is_zero() {
                            for (bucket, cost) in [(&mut budgets.requests, 1.0), (&mut budgets.tokens, tokens)] {
                                if let Some(bucket) = bucket {
                                    bucket.level -= cost.min(bucket.limit);
                                }
                            }
                            return;
                        }
                        wait
                    }
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Learns from an attempt's outcome; for a failed attempt worth another, how long to
    /// wait before it.
    fn observe<R: RateLimited>(&self, result: &Result<R>, retries: u32, max_retries: u32) -> Option<Duration> {
        let mut budgets = self.lock();
        budgets.informed = true;
        let now = Instant::now();
        let limits = match result {
            Ok(response) => response.rate_limit(),
            Err(error) => error.rate_limit(),
        };
        if let Some(limits) = limits {
            if let (Some(limit), Some(remaining)) = (limits.limit_requests, limits.remaining_requests) {
                budgets.requests =
                    Some(Bucket::announced(budgets.requests, limit, remaining, limits.reset_requests, now));
            }
            if let (Some(limit), Some(remaining)) = (limits.limit_tokens, limits.remaining_tokens) {
                budgets.tokens = Some(Bucket::announced(budgets.tokens, limit, remaining, limits.reset_tokens, now));
            }
        }
        let Err(error) = result else { return None };
        let headers = error.api_error().map(|api| &api.headers);
        let retryable = match error {
            Error::Timeout | Error::Connection { .. } => true,
            other => match (other.status(), headers) {
                (Some(status), Some(headers)) => crate::runtime::retry::should_retry(status, headers),
                _ => false,
            },
        };
        if !retryable {
            return None;
        }
        let delay =
            match crate::runtime::retry::decide(headers, retries, max_retries, SystemTime::now(), fastrand::f64()) {
                crate::runtime::retry::Retry::After(delay) => delay,
                crate::runtime::retry::Retry::No => return None,
            };
        if matches!(error, Error::RateLimit(_)) {
            // Every request waits, not only this one: the budget is the account's.
            let server = headers.and_then(|h| crate::runtime::retry::server_delay(h, SystemTime::now()));
            let reset = limits.and_then(|l| match (l.remaining_requests, l.remaining_tokens) {
                (Some(0), _) => l.reset_requests,
                (_, Some(0)) => l.reset_tokens,
                _ => None,
            });
            let pause = server.or(reset).unwrap_or(delay);
            let until = now + pause;
            budgets.paused_until = Some(budgets.paused_until.map_or(until, |p| p.max(until)));
            if let Some(requests) = &mut budgets.requests {
                requests.level = requests.level.min(0.0);
                requests.at = until;
            }
            return Some(pause);
        }
        Some(delay)
    }
}
