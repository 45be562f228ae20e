//! How a request's parts become text on the wire: path parameters as URL path segments,
//! query parameters and form fields as flat name/value pairs in bracket notation, JSON
//! bodies, header values. A leaf of the core: it uses only the error type.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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

/// A serialized value whose objects keep their keys in the order it wrote them: serde_json's
/// `Map` sorts them unless its `preserve_order` feature is on, which this crate leaves to the
/// application (it changes `Map` for every crate of the program). Forms and query strings
/// are written from it in the order of the request's fields, as openai-python's are.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ordered {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    /// `value` serialized, through JSON text (which keeps the order of its fields).
    pub(crate) fn of(value: &impl Serialize) -> serde_json::Result<Ordered> {
        serde_json::from_slice(&serde_json::to_vec(value)?)
    }
}

impl From<Value> for Ordered {
    fn from(value: Value) -> Ordered {
        match value {
            Value::Null => Ordered::Null,
            Value::Bool(b) => Ordered::Bool(b),
            Value::Number(n) => Ordered::Number(n),
            Value::String(s) => Ordered::String(s),
            Value::Array(items) => Ordered::Array(items.into_iter().map(Ordered::from).collect()),
            Value::Object(map) => Ordered::Object(map.into_iter().map(|(k, v)| (k, v.into())).collect()),
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Ordered, D::Error> {
        struct OrderedVisitor;

        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Ordered;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_unit<E>(self) -> std::result::Result<Ordered, E> {
                Ok(Ordered::Null)
            }

            fn visit_bool<E>(self, b: bool) -> std::result::Result<Ordered, E> {
                Ok(Ordered::Bool(b))
            }

            fn visit_i64<E>(self, n: i64) -> std::result::Result<Ordered, E> {
                Ok(Ordered::Number(n.into()))
            }

            fn visit_u64<E>(self, n: u64) -> std::result::Result<Ordered, E> {
                Ok(Ordered::Number(n.into()))
            }

            fn visit_f64<E>(self, n: f64) -> std::result::Result<Ordered, E> {
                // JSON text has no NaN or infinity.
                Ok(serde_json::Number::from_f64(n).map_or(Ordered::Null, Ordered::Number))
            }

            fn visit_str<E>(self, s: &str) -> std::result::Result<Ordered, E> {
                Ok(Ordered::String(s.to_owned()))
            }

            fn visit_string<E>(self, s: String) -> std::result::Result<Ordered, E> {
                Ok(Ordered::String(s))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered::Object(entries))
            }
        }

        deserializer.deserialize_any(OrderedVisitor)
    }
}

/// Query pairs for a serialized value: arrays as `k[]=v`, objects as `k[sub]=v`,
/// booleans as `true`/`false`, `null` left out.
pub(crate) fn query_pairs_of_value(value: Ordered) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    match value {
        Ordered::Object(entries) => {
            for (key, value) in entries {
                flatten_pairs(key, value, &mut out);
            }
        }
        Ordered::Null => {}
        _ => return Err(Error::InvalidRequest("query parameters must be an object".into())),
    }
    Ok(out)
}

/// `key` and `value` as flat name/value pairs: arrays as `key[]`, objects as `key[sub]`,
/// booleans as `true`/`false`, `null` left out (query strings and multipart forms alike).
pub(crate) fn flatten_pairs(key: String, value: Ordered, out: &mut Vec<(String, String)>) {
    match value {
        Ordered::Null => {}
        Ordered::Bool(b) => out.push((key, b.to_string())),
        Ordered::Number(n) => out.push((key, n.to_string())),
        Ordered::String(s) => out.push((key, s)),
        Ordered::Array(items) => {
            for item in items {
                flatten_pairs(format!("{key}[]"), item, out);
            }
        }
        Ordered::Object(entries) => {
            for (sub, item) in entries {
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
    fn query_uses_brackets_drops_nulls_and_keeps_the_order_of_fields() {
        #[derive(serde::Serialize)]
        struct Params {
            limit: u32,
            after: &'static str,
            none: Option<u32>,
            flag: bool,
            include: Vec<&'static str>,
            filter: serde_json::Value,
        }
        let params = Params {
            limit: 10,
            after: "x",
            none: None,
            flag: true,
            include: vec!["b", "a"],
            filter: json!({"type": "t"}),
        };
        let pairs = query_pairs_of_value(Ordered::of(&params).unwrap()).unwrap();
        let got: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            [
                ("limit", "10"),
                ("after", "x"),
                ("flag", "true"),
                ("include[]", "b"),
                ("include[]", "a"),
                ("filter[type]", "t")
            ]
        );
    }
}
