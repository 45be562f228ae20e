//! How a request's parts become text on the wire: path parameters as URL path segments,
//! query parameters and form fields as flat name/value pairs in bracket notation, JSON
//! bodies, header values. A leaf of the core: it uses only the error type.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use crate::runtime::error::{Error, Result};

/// `template` with each `{}` replaced by the next of `params`, each as one path segment.
#[allow(dead_code)] // Used by the generated methods; unused when no API group is enabled.
pub(crate) fn expand(template: &str, params: &[&str]) -> Result<String> {
    if params.is_empty() {
        return Ok(template.to_owned());
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut pieces = template.split("{}");
    out.push_str(pieces.next().unwrap_or_default());
    for (piece, param) in pieces.zip(params) {
        out.push_str(&path_segment(param)?);
        out.push_str(piece);
    }
    Ok(out)
}

/// A path parameter as one URL path segment: percent-encoded, and refused when empty, `.`
/// or `..` (which would address another resource).
pub(crate) fn path_segment(value: &str) -> Result<String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidRequest(format!(
            "`{value}` is not a valid path parameter: it must be non-empty and not `.` or `..`"
        )));
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(out)
}

/// `value` as a JSON body.
pub(crate) fn json_bytes(value: &impl Serialize) -> Result<bytes::Bytes> {
    serde_json::to_vec(value)
        .map(bytes::Bytes::from)
        .map_err(|e| Error::InvalidRequest(format!("the request body cannot be serialised: {e}")))
}

/// Query pairs for a serialized value: arrays as `k[]=v`, objects as `k[sub]=v`,
/// booleans as `true`/`false`, `null` left out.
pub(crate) fn query_pairs_of_value(value: Value) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                flatten_pairs(key, value, &mut out);
            }
        }
        Value::Null => {}
        other => {
            return Err(Error::InvalidRequest(format!("query parameters must be an object, not {other}")));
        }
    }
    Ok(out)
}

/// `key` and `value` as flat name/value pairs: arrays as `key[]`, objects as `key[sub]`,
/// booleans as `true`/`false`, `null` left out (query strings and multipart forms alike).
pub(crate) fn flatten_pairs(key: String, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((key, b.to_string())),
        Value::Number(n) => out.push((key, n.to_string())),
        Value::String(s) => out.push((key, s)),
        Value::Array(items) => {
            for item in items {
                flatten_pairs(format!("{key}[]"), item, out);
            }
        }
        Value::Object(map) => {
            for (sub, item) in map {
                flatten_pairs(format!("{key}[{sub}]"), item, out);
            }
        }
    }
}

/// Parses and inserts one header, replacing any earlier value of that name; returns the name.
pub(crate) fn insert_header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<HeaderName> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a valid header name")))?;
    let value = HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("the value of header `{name}` is not a valid header value")))?;
    headers.insert(name.clone(), value);
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_segments_are_encoded_and_checked() {
        assert_eq!(path_segment("file-abc_1.txt").unwrap(), "file-abc_1.txt");
        assert_eq!(path_segment("a/b c?d#é").unwrap(), "a%2Fb%20c%3Fd%23%C3%A9");
        for bad in ["", ".", ".."] {
            assert!(matches!(path_segment(bad), Err(Error::InvalidRequest(_))), "{bad:?}");
        }
    }

    #[test]
    fn query_uses_brackets_and_drops_nulls() {
        let pairs = query_pairs_of_value(json!({
            "after": "x", "limit": 10, "flag": true, "none": null,
            "include": ["a", "b"], "filter": {"type": "t", "n": 1}
        }))
        .unwrap();
        let expected = [
            ("after", "x"),
            ("limit", "10"),
            ("flag", "true"),
            ("include[]", "a"),
            ("include[]", "b"),
            ("filter[type]", "t"),
            ("filter[n]", "1"),
        ];
        let got: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut expected_sorted = expected.to_vec();
        expected_sorted.sort();
        assert_eq!(got_sorted, expected_sorted);
    }
}
