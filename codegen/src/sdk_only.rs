//! Stage 2b: leave out the properties the API never sends (`spec/properties.yaml`).
//!
//! The spec describes a few properties that only some official SDKs compute on the client
//! (`Response.output_text`, which openai-python joins from the output messages) and marks
//! them with an extension. Typed as fields, they would always be empty: a program printing
//! `response.output_text` would print nothing. So a property whose schema, or a member of
//! its `anyOf`/`oneOf`, carries a marker named in the rules is removed, with a note; the
//! crate offers the computation itself (`Response::output_text()`).

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{child, Diagnostics};

/// `spec/properties.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertiesConfig {
    /// Schema extensions that mark a property as computed by SDKs, never sent by the API.
    #[serde(default)]
    pub leave_out_marked: Vec<String>,
}

/// Removes every property of `document` marked by `config`, and its `required` entry.
pub fn leave_out(document: &mut Value, config: &PropertiesConfig, diagnostics: &mut Diagnostics) {
    if !config.leave_out_marked.is_empty() {
        walk(document, "#", config, diagnostics);
    }
}

fn walk(value: &mut Value, pointer: &str, config: &PropertiesConfig, diagnostics: &mut Diagnostics) {
    match value {
        Value::Object(object) => {
            let marked: Vec<String> = match object.get("properties").and_then(Value::as_object) {
                Some(properties) => properties
                    .iter()
                    .filter(|(_, schema)| marker(schema, config).is_some())
                    .map(|(name, _)| name.clone())
                    .collect(),
                None => Vec::new(),
            };
            for name in &marked {
                let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) else { continue };
                let by = properties.get(name).and_then(|schema| marker(schema, config)).unwrap_or_default();
                // `retain` keeps the other properties in order (`remove` may move the last).
                properties.retain(|key, _| key != name);
                diagnostics.note(
                    child(&child(pointer, "properties"), name),
                    format!("`{name}` is computed by SDKs, never sent by the API ({by}): left out"),
                );
                if let Some(required) = object.get_mut("required").and_then(Value::as_array_mut) {
                    required.retain(|r| r.as_str() != Some(name));
                }
            }
            for (key, item) in object.iter_mut() {
                walk(item, &child(pointer, key), config, diagnostics);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &child(pointer, &i.to_string()), config, diagnostics);
            }
        }
        _ => {}
    }
}

/// The marker `schema` carries, on itself or a member of its `anyOf`/`oneOf`.
fn marker(schema: &Value, config: &PropertiesConfig) -> Option<String> {
    let carries = |s: &Value| config.leave_out_marked.iter().find(|m| s.get(m.as_str()).is_some()).cloned();
    carries(schema).or_else(|| {
        ["anyOf", "oneOf"].iter().filter_map(|k| schema.get(*k).and_then(Value::as_array)).flatten().find_map(carries)
    })
}
