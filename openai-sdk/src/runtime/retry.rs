//! When to retry, and how long to wait: pure functions of the response, so they are tested
//! over tables of header values without a server.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The longest delay a server may ask for; a longer request is not retried at all.
pub const MAX_SERVER_DELAY: Duration = Duration::from_secs(120);
const INITIAL_DELAY: f64 = 0.5;
const MAX_BACKOFF: f64 = 8.0;

/// Whether a response with `status` and `headers` is worth another attempt.
///
/// `x-should-retry` decides when present; otherwise 408, 409, 429 and 5xx are retried.
pub fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// What the server asked for, in seconds: `retry-after-ms` (milliseconds) when it parses
/// as a number, else `retry-after` as seconds, else `retry-after` as an HTTP date minus
/// `now`. `None` when it asked for nothing readable. Any number may come back (negative,
/// huge, infinite, NaN): [`decide`] judges it, so no header value can panic.
pub fn server_delay_seconds(headers: &HeaderMap, now: SystemTime) -> Option<f64> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Some(ms / 1000.0);
    }
    let value = header("retry-after")?;
    value.parse::<f64>().ok().or_else(|| {
        let at = httpdate::parse_http_date(value).ok()?;
        Some(match at.duration_since(now) {
            Ok(ahead) => ahead.as_secs_f64(),
            Err(behind) => -behind.duration().as_secs_f64(),
        })
    })
}

/// The server's delay when it is one to wait for: finite and in (0, 120] s.
pub fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let seconds = server_delay_seconds(headers, now)?;
    (seconds.is_finite() && seconds > 0.0 && seconds <= MAX_SERVER_DELAY.as_secs_f64())
        .then(|| Duration::from_secs_f64(seconds))
}

/// The decision after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Retry {
    /// Wait this long, then try again.
    After(Duration),
    /// Give up and report this attempt's error.
    No,
}

/// Whether and when to retry, given the server's headers (if a response came back), how many
/// retries were already taken, the cap, the current time, and a random number in `[0, 1)`.
///
/// A server delay in (0, 120] s is used as is; a finite one over 120 s means no retry.
/// Otherwise (none, zero, negative, infinite, NaN, unreadable) the delay is `min(0.5 * 2^retries_taken, 8) * (1 - 0.25 * jitter)` seconds.
pub fn decide(
    headers: Option<&HeaderMap>,
    retries_taken: u32,
    max_retries: u32,
    now: SystemTime,
    jitter: f64,
) -> Retry {
    if retries_taken >= max_retries {
        return Retry::No;
    }
    if let Some(headers) = headers {
        // As openai-python: a finite delay over 120 s means the server does not want a
        // retry soon, so the status error stands; an unusable one falls back to backoff.
        match server_delay_seconds(headers, now) {
            Some(s) if s.is_finite() && s > MAX_SERVER_DELAY.as_secs_f64() => return Retry::No,
            _ => {}
        }
        if let Some(delay) = server_delay(headers, now) {
            return Retry::After(delay);
        }
    }
    let base = (INITIAL_DELAY * 2f64.powi(retries_taken.min(30) as i32)).min(MAX_BACKOFF);
    Retry::After(Duration::from_secs_f64(base * (1.0 - 0.25 * jitter.clamp(0.0, 1.0))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap()))
            .collect()
    }

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000)
    }

    #[test]
    fn retried_statuses() {
        let none = HeaderMap::new();
        for code in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(should_retry(StatusCode::from_u16(code).unwrap(), &none), "{code}");
        }
        for code in [400, 401, 403, 404, 422] {
            assert!(!should_retry(StatusCode::from_u16(code).unwrap(), &none), "{code}");
        }
        assert!(should_retry(StatusCode::BAD_REQUEST, &headers(&[("x-should-retry", "true")])));
        assert!(!should_retry(StatusCode::SERVICE_UNAVAILABLE, &headers(&[("x-should-retry", "false")])));
        // Anything else in the header leaves the status to decide.
        assert!(should_retry(StatusCode::SERVICE_UNAVAILABLE, &headers(&[("x-should-retry", "maybe")])));
    }

    #[test]
    fn server_delay_table() {
        let date_in_30s = httpdate::fmt_http_date(now() + Duration::from_secs(30));
        let date_past = httpdate::fmt_http_date(now() - Duration::from_secs(30));
        type Headers<'a> = &'a [(&'a str, &'a str)];
        let cases: &[(Headers, Option<f64>)] = &[
            (&[("retry-after-ms", "1500")], Some(1.5)),
            (&[("retry-after-ms", "250.5")], Some(0.2505)),
            (&[("retry-after-ms", "100"), ("retry-after", "9")], Some(0.1)),
            (&[("retry-after", "2")], Some(2.0)),
            (&[("retry-after", "0.5")], Some(0.5)),
            (&[("retry-after", &date_in_30s)], Some(30.0)),
            (&[("retry-after", &date_past)], None),
            (&[("retry-after", "0")], None),
            (&[("retry-after", "-3")], None),
            (&[("retry-after", "soon")], None),
            (&[("retry-after-ms", "NaN")], None),
            (&[("retry-after-ms", "inf")], None),
            (&[], None),
        ];
        for (pairs, expected) in cases {
            let got = server_delay(&headers(pairs), now()).map(|d| d.as_secs_f64());
            assert_eq!(got, *expected, "{pairs:?}");
        }
    }

    #[test]
    fn decide_table() {
        let secs = |s: f64| Retry::After(Duration::from_secs_f64(s));
        let none: Option<&HeaderMap> = None;
        // Backoff: 0.5 * 2^n capped at 8, scaled down by up to 25 % jitter.
        assert_eq!(decide(none, 0, 2, now(), 0.0), secs(0.5));
        assert_eq!(decide(none, 1, 2, now(), 0.0), secs(1.0));
        assert_eq!(decide(none, 3, 9, now(), 0.0), secs(4.0));
        assert_eq!(decide(none, 4, 9, now(), 0.0), secs(8.0));
        assert_eq!(decide(none, 8, 9, now(), 0.0), secs(8.0));
        assert_eq!(decide(none, 0, 2, now(), 0.5), secs(0.5 * 0.875));
        assert_eq!(decide(none, 4, 9, now(), 0.999_999), secs(8.0 * (1.0 - 0.25 * 0.999_999)));
        // No retries left.
        assert_eq!(decide(none, 2, 2, now(), 0.0), Retry::No);
        assert_eq!(decide(none, 0, 0, now(), 0.0), Retry::No);
        // Server delays: used as is up to 120 s; beyond, no retry.
        let h = headers(&[("retry-after", "120")]);
        assert_eq!(decide(Some(&h), 0, 2, now(), 0.3), secs(120.0));
        let h = headers(&[("retry-after", "121")]);
        assert_eq!(decide(Some(&h), 0, 2, now(), 0.3), Retry::No);
        let h = headers(&[("retry-after-ms", "10")]);
        assert_eq!(decide(Some(&h), 1, 2, now(), 0.3), secs(0.01));
        // Unusable server delays fall back to backoff.
        let h = headers(&[("retry-after", "garbage")]);
        assert_eq!(decide(Some(&h), 0, 2, now(), 0.0), secs(0.5));
    }

    /// openai-python's own table (`tests/test_client.py`, `test_parse_retry_after_header`
    /// and `test_retry_after_max_delay`), with its clock: Fri, 29 Sep 2023 16:26:37 GMT.
    #[test]
    fn openai_python_retry_after_table() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_696_004_797);
        let after = |s: f64| Retry::After(Duration::from_secs_f64(s));
        let cases: &[(u32, &str, &str, Retry)] = &[
            (0, "retry-after", "20", after(20.0)),
            (0, "retry-after", "0", after(0.5)),
            (0, "retry-after", "-10", after(0.5)),
            (0, "retry-after", "60", after(60.0)),
            (0, "retry-after", "61", after(61.0)),
            (0, "retry-after", "120", after(120.0)),
            (0, "retry-after", "121", Retry::No),
            (0, "retry-after", "Fri, 29 Sep 2023 16:26:57 GMT", after(20.0)),
            (0, "retry-after", "Fri, 29 Sep 2023 16:26:37 GMT", after(0.5)),
            (0, "retry-after", "Fri, 29 Sep 2023 16:26:27 GMT", after(0.5)),
            (0, "retry-after", "Fri, 29 Sep 2023 16:27:37 GMT", after(60.0)),
            (0, "retry-after", "Fri, 29 Sep 2023 16:27:38 GMT", after(61.0)),
            (0, "retry-after", "Fri, 29 Sep 2023 16:28:37 GMT", after(120.0)),
            (0, "retry-after", "Fri, 29 Sep 2023 16:28:38 GMT", Retry::No),
            (0, "retry-after", "99999999999999999999999999999999999", Retry::No),
            (0, "retry-after", "inf", after(0.5)),
            (0, "retry-after", "nan", after(0.5)),
            (0, "retry-after", "Zun, 29 Sep 2023 16:26:27 GMT", after(0.5)),
            (0, "retry-after", "Fri, 29 Sep 100000 16:26:57 GMT", after(0.5)),
            (0, "retry-after", "", after(0.5)),
            (1, "retry-after", "", after(1.0)),
            (2, "retry-after", "", after(2.0)),
            (1100, "retry-after", "", after(8.0)),
            (0, "retry-after-ms", "120000", after(120.0)),
            (0, "retry-after-ms", "120001", Retry::No),
            (0, "retry-after-ms", "99999999999999999999999999999999999", Retry::No),
        ];
        for (taken, name, value, expected) in cases {
            let h = headers(&[(name, value)]);
            assert_eq!(decide(Some(&h), *taken, 2000, now, 0.0), *expected, "{name}: {value:?} after {taken} retries");
        }
    }

    proptest::proptest! {
        /// No header value, of any bytes, size or form, panics or asks for a wait over 120 s.
        #[test]
        fn any_header_value_is_safe(
            ms in proptest::collection::vec(proptest::num::u8::ANY, 0..48),
            after in proptest::collection::vec(proptest::num::u8::ANY, 0..48),
            should in proptest::collection::vec(proptest::num::u8::ANY, 0..16),
            numeric in proptest::option::of("[-+]?[0-9]{0,40}(\\.[0-9]{0,10})?(e[-+]?[0-9]{1,4})?"),
            taken in 0u32..64,
            jitter in 0.0f64..1.0,
        ) {
            let mut map = HeaderMap::new();
            for (name, bytes) in [("retry-after-ms", &ms), ("retry-after", &after), ("x-should-retry", &should)] {
                if let Ok(value) = HeaderValue::from_bytes(bytes) {
                    map.insert(name, value);
                }
            }
            if let Some(number) = &numeric {
                map.insert("retry-after", HeaderValue::from_str(number).unwrap());
            }
            let _ = should_retry(StatusCode::TOO_MANY_REQUESTS, &map);
            if let Retry::After(delay) = decide(Some(&map), taken, 64, now(), jitter) {
                proptest::prop_assert!(delay <= MAX_SERVER_DELAY);
            }
        }
    }
}
