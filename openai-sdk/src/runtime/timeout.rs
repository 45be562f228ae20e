//! Timeouts, as openai-python's (httpx's) are: a limit on connecting, a limit on each read
//! (waiting for the response headers, then between any two chunks of the body), and an
//! optional limit on a whole attempt. A long stream is never cut off while bytes keep
//! arriving; a stalled one ends with [`Error::Timeout`](crate::runtime::error::Error::Timeout).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;
use tokio::time::{Instant, Sleep};

use crate::runtime::error::{Error, Result};

/// Default read timeout: how long the client waits for the response headers, and then for
/// each next chunk of the body.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(600);
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The timeouts of a request; each unset one falls back to the client's, then the default.
///
/// | limit | default | what it bounds |
/// |---|---|---|
/// | [`read`](Self::read) | 600 s | the wait for the response headers (upload progress counts as activity), then each wait for the next chunk of the body: between two events of a stream |
/// | [`connect`](Self::connect) | 5 s | opening a connection (per client: the pool is shared, so a request cannot set it) |
/// | [`total`](Self::total) | none | one whole attempt, body included (set it only for calls that never stream for long) |
///
/// A [`Duration`] converts into a `Timeout` that sets the read timeout alone, so
/// `.timeout(Duration::from_secs(20))` works wherever a `Timeout` is taken. A timed-out
/// attempt is retried; the last one is reported as [`Error::Timeout`](crate::runtime::error::Error::Timeout).
///
/// ```
/// use std::time::Duration;
/// use openai_sdk::Timeout;
///
/// let patient = Timeout::new().read(Duration::from_secs(900)).connect(Duration::from_secs(2));
/// let strict = Timeout::new().total(Duration::from_secs(30));
/// let short: Timeout = Duration::from_secs(20).into();
/// # let _ = (patient, strict, short);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Timeout {
    pub(crate) connect: Option<Duration>,
    pub(crate) read: Option<Duration>,
    pub(crate) total: Option<Duration>,
}

impl Timeout {
    /// Nothing set: every limit comes from the client (or the defaults).
    pub const fn new() -> Self {
        Timeout { connect: None, read: None, total: None }
    }

    /// The longest wait for the response headers, then for each next chunk of the body.
    pub const fn read(mut self, read: Duration) -> Self {
        self.read = Some(read);
        self
    }

    /// The longest wait for a connection to open. Set per client only.
    pub const fn connect(mut self, connect: Duration) -> Self {
        self.connect = Some(connect);
        self
    }

    /// The longest one attempt may take, from sending to the end of the body.
    pub const fn total(mut self, total: Duration) -> Self {
        self.total = Some(total);
        self
    }

    /// The read limit set here, if any.
    pub const fn read_limit(&self) -> Option<Duration> {
        self.read
    }

    /// The connect limit set here, if any.
    pub const fn connect_limit(&self) -> Option<Duration> {
        self.connect
    }

    /// The total limit set here, if any.
    pub const fn total_limit(&self) -> Option<Duration> {
        self.total
    }

    /// These limits, with what they leave unset taken from `base`.
    pub(crate) fn or(self, base: Timeout) -> Timeout {
        Timeout {
            connect: self.connect.or(base.connect),
            read: self.read.or(base.read),
            total: self.total.or(base.total),
        }
    }
}

impl From<Duration> for Timeout {
    /// The read timeout; the others stay as the client has them.
    fn from(read: Duration) -> Self {
        Timeout::new().read(read)
    }
}

/// The limits one attempt runs under, resolved from the request's and the client's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub read: Duration,
    /// When the attempt must be over, if ever.
    pub deadline: Option<Instant>,
}

impl Limits {
    /// Limits for an attempt starting now.
    pub(crate) fn starting_now(read: Duration, total: Option<Duration>) -> Limits {
        Limits { read, deadline: total.and_then(|total| Instant::now().checked_add(total)) }
    }
}

/// The last moment something moved, shared with the body stream hyper pulls from while it
/// uploads: upload progress keeps the wait for the response headers alive.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    origin: Instant,
    /// Milliseconds since `origin` of the last activity.
    last: Arc<AtomicU64>,
}

impl Activity {
    pub(crate) fn new() -> Activity {
        Activity { origin: Instant::now(), last: Arc::default() }
    }

    /// Marks now as active.
    pub(crate) fn touch(&self) {
        let elapsed = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.fetch_max(elapsed, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.origin + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// An idle timer: it fires once `limit` has passed since the last activity, or at the
/// deadline. Re-armed only when it fires early, so marking activity costs a clock read,
/// not a timer update (it runs once per chunk of a stream).
pub(crate) struct IdleTimer {
    limits: Limits,
    last: Instant,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl IdleTimer {
    pub(crate) fn new(limits: Limits) -> IdleTimer {
        IdleTimer { limits, last: Instant::now(), sleep: None }
    }

    /// Marks now as active.
    pub(crate) fn touch(&mut self) {
        self.last = Instant::now();
    }

    /// Ready once the limit is reached; `shared` is activity recorded elsewhere.
    pub(crate) fn poll_expired(&mut self, cx: &mut Context<'_>, shared: Option<&Activity>) -> Poll<()> {
        loop {
            let last = shared.map_or(self.last, |a| a.last().max(self.last));
            // A limit too large for the clock means no limit.
            let idle_due = last.checked_add(self.limits.read);
            let due = match (idle_due, self.limits.deadline) {
                (Some(idle), Some(deadline)) => idle.min(deadline),
                (Some(idle), None) => idle,
                (None, Some(deadline)) => deadline,
                (None, None) => return Poll::Pending,
            };
            if due <= Instant::now() {
                return Poll::Ready(());
            }
            match &mut self.sleep {
                Some(sleep) if sleep.deadline() == due => {}
                Some(sleep) => sleep.as_mut().reset(due),
                None => self.sleep = Some(Box::pin(tokio::time::sleep_until(due))),
            }
            let sleep = self.sleep.as_mut().expect("armed above");
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }
}

/// Waits for `future` under `limits`; `activity` (upload progress) keeps it alive.
pub(crate) async fn within<F: std::future::Future>(
    limits: Limits,
    activity: Option<&Activity>,
    future: F,
) -> Result<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut timer = IdleTimer::new(limits);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        timer.poll_expired(cx, activity).map(|()| Err(Error::Timeout))
    })
    .await
}

/// A body whose every chunk must come within the read limit (and before the deadline).
/// After a timeout it ends; the connection is dropped with it.
pub(crate) struct TimedBody<S> {
    inner: Option<S>,
    timer: IdleTimer,
}

impl<S> TimedBody<S> {
    pub(crate) fn new(inner: S, limits: Limits) -> TimedBody<S> {
        TimedBody { inner: Some(inner), timer: IdleTimer::new(limits) }
    }
}

impl<S: Stream<Item = Result<Bytes>> + Unpin> Stream for TimedBody<S> {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let Some(inner) = this.inner.as_mut() else { return Poll::Ready(None) };
        if let Poll::Ready(item) = Pin::new(inner).poll_next(cx) {
            this.timer.touch();
            return Poll::Ready(item);
        }
        match this.timer.poll_expired(cx, None) {
            Poll::Ready(()) => {
                this.inner = None;
                Poll::Ready(Some(Err(Error::Timeout)))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The `x-stainless-read-timeout` value: seconds as openai-python writes them (`600`, `1.5`).
pub(crate) fn header_seconds(read: Duration) -> String {
    if read.subsec_nanos() == 0 { read.as_secs().to_string() } else { read.as_secs_f64().to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_timeout_header_keeps_fractions() {
        assert_eq!(header_seconds(Duration::from_secs(600)), "600");
        assert_eq!(header_seconds(Duration::from_millis(1500)), "1.5");
        assert_eq!(header_seconds(Duration::from_millis(250)), "0.25");
        assert_eq!(header_seconds(Duration::ZERO), "0");
    }

    #[test]
    fn a_request_timeout_overrides_field_by_field() {
        let client = Timeout::new().read(Duration::from_secs(600)).connect(Duration::from_secs(5));
        let request = Timeout::new().total(Duration::from_secs(30));
        let merged = request.or(client);
        assert_eq!(merged.read_limit(), Some(Duration::from_secs(600)));
        assert_eq!(merged.connect_limit(), Some(Duration::from_secs(5)));
        assert_eq!(merged.total_limit(), Some(Duration::from_secs(30)));
        assert_eq!(Timeout::from(Duration::from_secs(20)), Timeout::new().read(Duration::from_secs(20)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_huge_limit_is_no_limit() {
        let limits = Limits::starting_now(Duration::MAX, Some(Duration::MAX));
        let done = within(limits, None, tokio::time::sleep(Duration::from_secs(86_400 * 365))).await;
        assert!(done.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn activity_keeps_the_wait_alive() {
        let activity = Activity::new();
        let limits = Limits::starting_now(Duration::from_secs(10), None);
        let ticking = activity.clone();
        let work = async move {
            for _ in 0..5 {
                tokio::time::sleep(Duration::from_secs(8)).await;
                ticking.touch();
            }
        };
        assert!(within(limits, Some(&activity), work).await.is_ok());
        let stalled = within(limits, Some(&activity), tokio::time::sleep(Duration::from_secs(11))).await;
        assert!(matches!(stalled, Err(Error::Timeout)));
    }
}
