//! The rate-limit state every API response reports in its `x-ratelimit-*` headers.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// The rate limits of the key and model a response answered, from its `x-ratelimit-*`
/// headers: how many requests and tokens the current window allows, how many are left,
/// and when each budget is full again.
///
/// ```no_run
/// # async fn run(client: openai_sdk::Client) -> openai_sdk::Result<()> {
/// let models = client.models().list().await?;
/// if let Some(limits) = models.rate_limit() {
///     println!("{:?} requests left, full again in {:?}", limits.remaining_requests, limits.reset_requests);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-ratelimit-limit-requests`: requests allowed per window.
    pub limit_requests: Option<u64>,
    /// `x-ratelimit-remaining-requests`: requests left in this window.
    pub remaining_requests: Option<u64>,
    /// `x-ratelimit-reset-requests`: until the request budget is full again.
    pub reset_requests: Option<Duration>,
    /// `x-ratelimit-limit-tokens`: tokens allowed per window.
    pub limit_tokens: Option<u64>,
    /// `x-ratelimit-remaining-tokens`: tokens left in this window.
    pub remaining_tokens: Option<u64>,
    /// `x-ratelimit-reset-tokens`: until the token budget is full again.
    pub reset_tokens: Option<Duration>,
}

impl RateLimit {
    /// The limits `headers` report; `None` when they name none. A header whose value does
    /// not parse counts as absent.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let count = |name: &str| text(name).and_then(|v| v.parse::<u64>().ok());
        let reset = |name: &str| text(name).and_then(parse_reset);
        let limits = RateLimit {
            limit_requests: count("x-ratelimit-limit-requests"),
            remaining_requests: count("x-ratelimit-remaining-requests"),
            reset_requests: reset("x-ratelimit-reset-requests"),
            limit_tokens: count("x-ratelimit-limit-tokens"),
            remaining_tokens: count("x-ratelimit-remaining-tokens"),
            reset_tokens: reset("x-ratelimit-reset-tokens"),
        };
        (limits != RateLimit::default()).then_some(limits)
    }
}

/// A reset time as the API writes it: Go's duration format, one or more `<number><unit>`
/// (`6m0s`, `1s`, `20ms`, `1.5s`, `1h2m3.5s`), units `h`, `m`, `s`, `ms`, `us`/`µs`, `ns`.
fn parse_reset(text: &str) -> Option<Duration> {
    let mut rest = text;
    let mut total = Duration::ZERO;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        let unit_len = after.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let value: f64 = number.parse().ok()?;
        let seconds_per_unit = match unit {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += Duration::try_from_secs_f64(value * seconds_per_unit).ok()?;
        rest = next;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resets_read_as_the_api_writes_them() {
        let cases = [
            ("6m0s", Some(Duration::from_secs(360))),
            ("1s", Some(Duration::from_secs(1))),
            ("20ms", Some(Duration::from_millis(20))),
            ("1.5s", Some(Duration::from_millis(1500))),
            ("1h2m3.5s", Some(Duration::from_millis(3_723_500))),
            ("0s", Some(Duration::ZERO)),
            ("", None),
            ("5", None),
            ("s", None),
            ("1x", None),
            ("-1s", None),
            ("1e400s", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_reset(text), expected, "{text:?}");
        }
    }

    #[test]
    fn headers_give_limits_and_no_headers_give_none() {
        let mut headers = HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&headers), None);
        headers.insert("x-ratelimit-limit-requests", "60".parse().unwrap());
        headers.insert("x-ratelimit-remaining-requests", "59".parse().unwrap());
        headers.insert("x-ratelimit-reset-requests", "1s".parse().unwrap());
        headers.insert("x-ratelimit-limit-tokens", "150000".parse().unwrap());
        headers.insert("x-ratelimit-remaining-tokens", "not a number".parse().unwrap());
        headers.insert("x-ratelimit-reset-tokens", "6m0s".parse().unwrap());
        let limits = RateLimit::from_headers(&headers).unwrap();
        assert_eq!(limits.limit_requests, Some(60));
        assert_eq!(limits.remaining_requests, Some(59));
        assert_eq!(limits.reset_requests, Some(Duration::from_secs(1)));
        assert_eq!(limits.limit_tokens, Some(150_000));
        assert_eq!(limits.remaining_tokens, None);
        assert_eq!(limits.reset_tokens, Some(Duration::from_secs(360)));
    }
}
