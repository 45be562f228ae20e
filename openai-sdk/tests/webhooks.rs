//! Webhook verification: the documented test vector, computed vectors for every way a
//! delivery can be wrong, typed events, and arbitrary bytes that must never panic.

#![cfg(feature = "full")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use openai_sdk::types::WebhookEvent;
use openai_sdk::webhooks::{DEFAULT_TOLERANCE, WebhookError, WebhookHeaders, verify};
use openai_sdk::{Error, Webhooks};
use proptest::prelude::*;
use sha2::Sha256;

const SECRET: &str = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c=";
const ID: &str = "wh_685c059ae39c8190af8c71ed1022a24d";
const TIMESTAMP: i64 = 1750861210;
const PAYLOAD: &str = r#"{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210, "type": "response.completed", "data": {"id": "resp_123"}}"#;
const SIGNATURE: &str = "v1,gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY=";

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds as u64)
}

fn headers(id: &str, timestamp: &str, signature: &str) -> WebhookHeaders {
    WebhookHeaders::from_pairs([("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature)])
}

/// Signs like the API: base64(HMAC-SHA256(key, "{id}.{timestamp}.{payload}")).
fn sign(secret: &str, id: &str, timestamp: i64, payload: &str) -> String {
    let key = match secret.strip_prefix("whsec_") {
        Some(encoded) => STANDARD.decode(encoded).unwrap(),
        None => secret.as_bytes().to_vec(),
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{payload}").as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn check(secret: &str, headers: &WebhookHeaders, now: i64) -> Result<(), WebhookError> {
    verify(PAYLOAD.as_bytes(), headers, secret, DEFAULT_TOLERANCE, at(now))
}

#[test]
fn the_documented_vector_verifies() {
    assert_eq!(check(SECRET, &headers(ID, &TIMESTAMP.to_string(), SIGNATURE), TIMESTAMP), Ok(()));
}

#[test]
fn computed_vectors_match_the_documented_one() {
    assert_eq!(format!("v1,{}", sign(SECRET, ID, TIMESTAMP, PAYLOAD)), SIGNATURE);
}

#[test]
fn a_wrong_secret_or_payload_does_not_verify() {
    let ts = TIMESTAMP.to_string();
    let other = format!("whsec_{}", STANDARD.encode(b"another secret entirely"));
    assert_eq!(check(&other, &headers(ID, &ts, SIGNATURE), TIMESTAMP), Err(WebhookError::NoMatchingSignature));
    let tampered = verify(b"{}", &headers(ID, &ts, SIGNATURE), SECRET, DEFAULT_TOLERANCE, at(TIMESTAMP));
    assert_eq!(tampered, Err(WebhookError::NoMatchingSignature));
    let other_id = check(SECRET, &headers("wh_other", &ts, SIGNATURE), TIMESTAMP);
    assert_eq!(other_id, Err(WebhookError::NoMatchingSignature));
}

#[test]
fn one_valid_candidate_among_several_is_enough() {
    let ts = TIMESTAMP.to_string();
    let many = format!("v1,AAAA v1,not-base64!! v2,{} {SIGNATURE} v1,ZZZZ", &SIGNATURE[3..]);
    assert_eq!(check(SECRET, &headers(ID, &ts, &many), TIMESTAMP), Ok(()));
    // A bare candidate (no `v1,`) is accepted; one of another version is not.
    assert_eq!(check(SECRET, &headers(ID, &ts, &SIGNATURE[3..]), TIMESTAMP), Ok(()));
    let v2_only = format!("v2,{}", &SIGNATURE[3..]);
    assert_eq!(check(SECRET, &headers(ID, &ts, &v2_only), TIMESTAMP), Err(WebhookError::NoMatchingSignature));
}

#[test]
fn raw_secrets_without_the_prefix_work() {
    let secret = "a plain secret";
    let signature = format!("v1,{}", sign(secret, ID, TIMESTAMP, PAYLOAD));
    assert_eq!(check(secret, &headers(ID, &TIMESTAMP.to_string(), &signature), TIMESTAMP), Ok(()));
}

#[test]
fn the_tolerance_applies_both_ways_with_inclusive_edges() {
    let h = headers(ID, &TIMESTAMP.to_string(), SIGNATURE);
    assert_eq!(check(SECRET, &h, TIMESTAMP + 300), Ok(()));
    assert_eq!(check(SECRET, &h, TIMESTAMP - 300), Ok(()));
    assert_eq!(
        check(SECRET, &h, TIMESTAMP + 301),
        Err(WebhookError::TooOld { age_seconds: 301, tolerance_seconds: 300 })
    );
    assert_eq!(
        check(SECRET, &h, TIMESTAMP - 301),
        Err(WebhookError::TooNew { ahead_seconds: 301, tolerance_seconds: 300 })
    );
    let wide = verify(PAYLOAD.as_bytes(), &h, SECRET, Duration::from_secs(3600), at(TIMESTAMP + 3000));
    assert_eq!(wide, Ok(()));
}

#[test]
fn malformed_timestamps_are_refused() {
    for bad in ["", "abc", "1.5", "1750861210s", "0x10", "99999999999999999999999"] {
        let result = check(SECRET, &headers(ID, bad, SIGNATURE), TIMESTAMP);
        assert!(matches!(result, Err(WebhookError::InvalidTimestamp(_))), "{bad:?}: {result:?}");
    }
    // A valid but absurd timestamp is simply too old or too new.
    assert!(matches!(
        check(SECRET, &headers(ID, "-9223372036854775808", SIGNATURE), TIMESTAMP),
        Err(WebhookError::TooOld { .. })
    ));
    assert!(matches!(
        check(SECRET, &headers(ID, "9223372036854775807", SIGNATURE), TIMESTAMP),
        Err(WebhookError::TooNew { .. })
    ));
}

#[test]
fn each_missing_header_is_named() {
    let ts = TIMESTAMP.to_string();
    let cases = [
        (vec![("webhook-timestamp", ts.as_str()), ("webhook-signature", SIGNATURE)], "webhook-id"),
        (vec![("webhook-id", ID), ("webhook-signature", SIGNATURE)], "webhook-timestamp"),
        (vec![("webhook-id", ID), ("webhook-timestamp", ts.as_str())], "webhook-signature"),
    ];
    for (pairs, missing) in cases {
        let result = check(SECRET, &WebhookHeaders::from(pairs), TIMESTAMP);
        assert_eq!(result, Err(WebhookError::MissingHeader(missing)));
        assert!(result.unwrap_err().to_string().contains(missing));
    }
    // With several missing, the first in openai-python's order: signature, timestamp, id.
    let several = [
        (vec![], "webhook-signature"),
        (vec![("webhook-id", ID)], "webhook-signature"),
        (vec![("webhook-signature", SIGNATURE)], "webhook-timestamp"),
        (vec![("webhook-timestamp", ts.as_str())], "webhook-signature"),
    ];
    for (pairs, missing) in several {
        let result = check(SECRET, &WebhookHeaders::from(pairs.clone()), TIMESTAMP);
        assert_eq!(result, Err(WebhookError::MissingHeader(missing)), "{pairs:?}");
    }
}

#[test]
fn candidates_are_separated_by_any_whitespace() {
    let ts = TIMESTAMP.to_string();
    for separator in ["\t", "  ", " \t ", "\n"] {
        let many = format!("v1,AAAA{separator}{SIGNATURE}");
        assert_eq!(check(SECRET, &headers(ID, &ts, &many), TIMESTAMP), Ok(()), "{separator:?}");
    }
}

#[test]
fn an_empty_secret_is_a_secret_not_a_missing_one() {
    let ts = TIMESTAMP.to_string();
    // As openai-python: only a missing secret is missing. "" is a key like any other.
    assert_eq!(check("", &headers(ID, &ts, SIGNATURE), TIMESTAMP), Err(WebhookError::NoMatchingSignature));
    let signed_with_empty = format!("v1,{}", sign("", ID, TIMESTAMP, PAYLOAD));
    assert_eq!(check("", &headers(ID, &ts, &signed_with_empty), TIMESTAMP), Ok(()));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let h = headers(ID, &now.to_string(), &format!("v1,{}", sign(SECRET, ID, now, PAYLOAD)));
    let err = Webhooks::new("").verify_signature(PAYLOAD, h.clone()).unwrap_err();
    assert!(matches!(err, Error::Webhook(WebhookError::NoMatchingSignature)), "{err:?}");
    let err = Webhooks::new(SECRET).verify_signature_with(PAYLOAD, h, Some(""), None).unwrap_err();
    assert!(matches!(err, Error::Webhook(WebhookError::NoMatchingSignature)), "{err:?}");
}

#[test]
fn headers_match_case_insensitively_from_a_header_map_or_pairs() {
    let mut map = openai_sdk::header::HeaderMap::new();
    map.insert("Webhook-Id", ID.parse().unwrap());
    map.insert("WEBHOOK-TIMESTAMP", TIMESTAMP.to_string().parse().unwrap());
    map.insert("webhook-signature", SIGNATURE.parse().unwrap());
    assert_eq!(check(SECRET, &WebhookHeaders::from(&map), TIMESTAMP), Ok(()));
    let pairs = vec![
        ("WEBHOOK-ID".to_string(), ID.to_string()),
        ("Webhook-Timestamp".into(), TIMESTAMP.to_string()),
        ("Webhook-Signature".into(), SIGNATURE.into()),
    ];
    assert_eq!(check(SECRET, &WebhookHeaders::from(pairs), TIMESTAMP), Ok(()));
}

#[test]
fn unwrap_verifies_then_types_the_event() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let signed = |payload: &str| format!("v1,{}", sign(SECRET, ID, now, payload));
    let webhooks = Webhooks::new(SECRET);
    let h = |payload: &str| headers(ID, &now.to_string(), &signed(payload));
    match webhooks.unwrap(PAYLOAD, h(PAYLOAD)).unwrap() {
        WebhookEvent::ResponseCompleted(event) => assert_eq!(event.data.id, "resp_123"),
        other => panic!("expected response.completed, got {other:?}"),
    }
    let future = r#"{"id": "evt_1", "type": "something.new", "created_at": 1, "data": {"x": 1}}"#;
    match webhooks.unwrap(future, h(future)).unwrap() {
        WebhookEvent::Unknown(raw) => assert_eq!(raw["data"]["x"], 1),
        other => panic!("expected the fallback, got {other:?}"),
    }
    let not_json = "not json";
    let err = webhooks.unwrap(not_json, h(not_json)).unwrap_err();
    assert!(matches!(err, Error::Webhook(WebhookError::InvalidPayload(_))), "{err:?}");
    // A bad signature stops unwrap before parsing.
    let err = webhooks.unwrap(PAYLOAD, headers(ID, &now.to_string(), SIGNATURE)).unwrap_err();
    assert!(matches!(err, Error::Webhook(WebhookError::NoMatchingSignature)), "{err:?}");
}

#[test]
fn the_secret_comes_from_the_argument_then_the_client_then_the_environment() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let h = || headers(ID, &now.to_string(), &format!("v1,{}", sign(SECRET, ID, now, PAYLOAD)));
    // SAFETY: the only test here that reads or writes the environment, so changing it
    // races with nothing.
    unsafe { std::env::remove_var("OPENAI_WEBHOOK_SECRET") };
    let none = Webhooks::from_env();
    assert!(matches!(none.verify_signature(PAYLOAD, h()), Err(Error::Webhook(WebhookError::NoSecret))));
    assert!(none.verify_signature_with(PAYLOAD, h(), Some(SECRET), None).is_ok());
    let client = openai_sdk::Client::builder().read_env(false).api_key("sk").webhook_secret(SECRET).build().unwrap();
    assert!(client.webhooks().verify_signature(PAYLOAD, h()).is_ok());
    assert!(client.webhooks().verify_signature_with(PAYLOAD, h(), Some("whsec_d3Jvbmc="), None).is_err());
    // SAFETY: as above.
    unsafe { std::env::set_var("OPENAI_WEBHOOK_SECRET", SECRET) };
    assert!(Webhooks::from_env().verify_signature(PAYLOAD, h()).is_ok());
    // SAFETY: as above.
    unsafe { std::env::remove_var("OPENAI_WEBHOOK_SECRET") };
}

proptest! {
    #[test]
    fn arbitrary_headers_and_payloads_never_panic(
        id in proptest::collection::vec(any::<u8>(), 0..64),
        timestamp in prop_oneof![any::<i64>().prop_map(|t| t.to_string().into_bytes()), proptest::collection::vec(any::<u8>(), 0..32)],
        signature in proptest::collection::vec(any::<u8>(), 0..200),
        payload in proptest::collection::vec(any::<u8>(), 0..512),
        secret in prop_oneof![Just(SECRET.to_string()), "[ -~]{0,40}", "whsec_[ -~]{0,40}"],
    ) {
        let headers = WebhookHeaders::from_pairs([
            ("webhook-id", id.as_slice()),
            ("webhook-timestamp", timestamp.as_slice()),
            ("webhook-signature", signature.as_slice()),
        ]);
        let result = verify(&payload, &headers, &secret, DEFAULT_TOLERANCE, at(TIMESTAMP));
        // Random bytes are never a valid signature for the payload.
        prop_assert!(result.is_err());
        let webhooks = Webhooks::new(secret);
        prop_assert!(webhooks.unwrap(&payload, headers).is_err());
    }
}
