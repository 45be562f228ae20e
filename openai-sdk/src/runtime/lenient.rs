//! Decoding that never loses a whole response for one value.
//!
//! The API sends what its schema does not always allow: `null` in a required field, a
//! number where a string is declared. A received value that does not fit its type is left
//! out and the field keeps its default (its zero value, as when the field is absent),
//! with a `tracing` warning naming the JSON path; the raw body keeps the original, for
//! `raw_field`/`raw_json`. Requests are unaffected: they send what the types say.
//!
//! Decoding goes straight into the type first; only a value that fails is parsed into
//! `serde_json::Value` and repaired, so a response that fits pays nothing for this.

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

/// How many values one decode may leave out before it gives up.
const MAX_REPAIRS: usize = 64;

/// Decodes JSON text the way the SDK decodes a response body (a recorded response, a stored
/// event): a value that does not fit its type, such as a `null` where the schema forbids one
/// or a value of the wrong JSON type, is left out, its field keeping its default, with a
/// `tracing` warning naming its path. Fails only when the text is not JSON, or the value as
/// a whole does not fit `T`.
///
/// ```
/// let run: openai_sdk::types::RunObject =
///     openai_sdk::decode_json(r#"{"id": "run_1", "instructions": null}"#)?;
/// assert_eq!(run.instructions, "");
/// # Ok::<(), openai_sdk::Error>(())
/// ```
pub fn decode_json<T: DeserializeOwned>(text: &str) -> crate::runtime::error::Result<T> {
    from_str(text).map_err(|message| crate::runtime::error::Error::Decode {
        message,
        status: reqwest::StatusCode::OK,
        request_id: None,
        body: bytes::Bytes::copy_from_slice(text.as_bytes()),
    })
}

/// Decodes `T` from JSON text, leaving out the values that do not fit (see the module docs).
/// The error, when even that fails, names the JSON path of the value that stopped it.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(value),
        Err(error) => repair(text, error),
    }
}

/// The slow path of [`from_str`], kept out of line so the straight decode stays as lean
/// as a plain `serde_json::from_str` where it is inlined (once per event of a stream).
#[cold]
#[inline(never)]
fn repair<T: DeserializeOwned>(text: &str, error: serde_json::Error) -> Result<T, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => from_value(&mut value),
        // Not JSON at all: nothing to repair.
        Err(_) => Err(error.to_string()),
    }
}

/// Decodes `T` from `value`, leaving out the values that do not fit; `value` loses them.
pub(crate) fn from_value<T: DeserializeOwned>(value: &mut Value) -> Result<T, String> {
    let mut repairs = 0;
    loop {
        let error = match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(decoded) => return Ok(decoded),
            Err(error) => error,
        };
        let path = error.path().clone();
        let error = error.into_inner();
        if repairs == MAX_REPAIRS || !remove_at(value, &path) {
            return Err(if path.iter().next().is_some() { format!("{path}: {error}") } else { error.to_string() });
        }
        repairs += 1;
        crate::runtime::logging::log_event!(
            WARN,
            "a received value does not fit its type: left out, the field keeps its default",
            type_name = std::any::type_name::<T>(),
            path = tracing::field::display(&path),
            error = tracing::field::display(&error),
        );
    }
}

/// Removes the value at `path` from `root`; false when there is none to remove (the path
/// is the root itself, or goes through something other than objects and arrays).
fn remove_at(root: &mut Value, path: &serde_path_to_error::Path) -> bool {
    let segments: Vec<&Segment> = path.iter().collect();
    let Some((last, parents)) = segments.split_last() else { return false };
    let mut parent = root;
    for segment in parents {
        let next = match segment {
            Segment::Map { key } => parent.get_mut(key.as_str()),
            Segment::Seq { index } => parent.get_mut(*index),
            _ => None,
        };
        let Some(next) = next else { return false };
        parent = next;
    }
    match (last, parent) {
        (Segment::Map { key }, Value::Object(map)) => map.remove(key.as_str()).is_some(),
        (Segment::Seq { index }, Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Run {
        id: String,
        instructions: String,
        usage: Usage,
        steps: Vec<Usage>,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Usage {
        total_tokens: i64,
    }

    #[test]
    fn a_value_that_fits_decodes_as_it_is() {
        let run: Run = from_str(r#"{"id": "run_1", "instructions": "be brief"}"#).unwrap();
        assert_eq!(run.instructions, "be brief");
    }

    #[test]
    fn nulls_and_wrong_types_keep_the_default_and_the_rest_decodes() {
        let text = r#"{"id": "run_1", "instructions": null, "usage": {"total_tokens": "many"},
                       "steps": [{"total_tokens": 1}, 7, {"total_tokens": 3}]}"#;
        let run: Run = from_str(text).unwrap();
        assert_eq!(run.id, "run_1");
        assert_eq!(run.instructions, "");
        assert_eq!(run.usage, Usage::default());
        // An array item that does not fit is left out; the others stay.
        assert_eq!(run.steps, [Usage { total_tokens: 1 }, Usage { total_tokens: 3 }]);
    }

    #[test]
    fn a_field_deep_in_a_list_is_repaired_in_place() {
        let runs: Vec<Run> = from_str(r#"[{"id": 5, "instructions": "x"}, {"id": "run_2"}]"#).unwrap();
        assert_eq!(runs[0], Run { instructions: "x".into(), ..Run::default() });
        assert_eq!(runs[1].id, "run_2");
    }

    #[test]
    fn what_cannot_be_repaired_is_an_error() {
        // The root itself does not fit: there is nothing to leave out.
        let err = from_str::<Run>(r#""a string""#).unwrap_err();
        assert!(err.contains("expected"), "{err}");
        assert!(from_str::<Run>("not json").is_err());
    }
}
