//! Stage 1: read the spec file into a JSON value.
//!
//! YAML is read with a visitor of our own rather than into `serde_yaml::Value` or
//! `serde_json::Value`: the OpenAI spec has integers beyond the range of i64
//! (`minimum: -9223372036854776000`), which both reject, but which are only bounds; they
//! become floats here.

use std::path::Path;

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::Error;

/// Reads `path` as JSON (by its `.json` extension, or a leading `{`) or else as YAML.
pub fn load(path: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    parse_text(path, &text)
}

/// Parses spec text; `path` only names it in errors and picks the format by extension.
pub fn parse_text(path: &Path, text: &str) -> Result<Value, Error> {
    let is_json =
        path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with('{');
    if is_json {
        serde_json::from_str(text).map_err(|e| Error::Syntax {
            path: path.to_path_buf(),
            format: "JSON",
            message: e.to_string(),
        })
    } else {
        let value: YamlAsJson = serde_yaml::from_str(text).map_err(|e| Error::Syntax {
            path: path.to_path_buf(),
            format: "YAML",
            message: e.to_string(),
        })?;
        Ok(value.0)
    }
}

/// A JSON value read from YAML, with integers beyond 64 bits kept as floats.
struct YamlAsJson(Value);

impl<'de> Deserialize<'de> for YamlAsJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(YamlAsJson)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(YamlAsJson(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((YamlAsJson(key), YamlAsJson(value))) = map.next_entry()? {
            // Non-string keys (`200:` for a status code) are spelled as JSON would print them.
            let key = match key {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// NaN and infinities (`.nan`, `.inf` in YAML) have no JSON form; they become null.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}
