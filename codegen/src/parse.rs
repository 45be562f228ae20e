//! Stage 3: deserialize the normalised document into `openapiv3` types.
//!
//! Each schema, path item and webhook is parsed on its own, so a construct `openapiv3`
//! cannot model costs one warning and a fallback, never the whole run.

use std::path::Path;

use indexmap::IndexMap;
use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{child, Diagnostics};
use crate::Error;

/// The parts of an OpenAPI document the generator reads.
#[derive(Debug, Default)]
pub struct Document {
    /// `components.schemas`, in document order.
    pub schemas: IndexMap<String, ReferenceOr<Schema>>,
    /// `components.parameters`.
    pub parameters: IndexMap<String, ReferenceOr<Parameter>>,
    /// `components.requestBodies`.
    pub request_bodies: IndexMap<String, ReferenceOr<RequestBody>>,
    /// `components.responses`.
    pub responses: IndexMap<String, ReferenceOr<Response>>,
    /// Every operation under `paths`, in document order.
    pub operations: Vec<OperationEntry>,
    /// Every operation under the 3.1 top-level `webhooks`, which `openapiv3` does not model.
    pub webhooks: Vec<OperationEntry>,
    /// The security schemes the document's `security` names, for operations naming none.
    pub security: Vec<String>,
}

/// One operation and where it sits.
#[derive(Debug)]
pub struct OperationEntry {
    /// The URL path, or for a webhook its name.
    pub path: String,
    /// Lower-case HTTP method.
    pub method: &'static str,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// The operation, with path-level parameters appended.
    pub operation: Operation,
}

/// Parses `document` (already normalised). `path` names the file in errors.
pub fn parse(path: &Path, document: &Value, diagnostics: &mut Diagnostics) -> Result<Document, Error> {
    let invalid = |pointer: &str, message: String| Error::Invalid {
        path: path.to_path_buf(),
        pointer: pointer.to_string(),
        message,
    };
    let root = document.as_object().ok_or_else(|| invalid("", "the document is not a mapping".into()))?;
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.") => {}
        Some(v) => return Err(invalid("/openapi", format!("OpenAPI version {v} is not supported (3.0 or 3.1 is)"))),
        None => return Err(invalid("", "no `openapi` version field: not an OpenAPI 3 document".into())),
    }

    let components = root.get("components");
    let section = |name: &str| components.and_then(|c| c.get(name));
    let mut doc = Document {
        schemas: parse_schemas(section("schemas"), diagnostics),
        parameters: parse_map(section("parameters"), "#/components/parameters", diagnostics),
        request_bodies: parse_map(section("requestBodies"), "#/components/requestBodies", diagnostics),
        responses: parse_map(section("responses"), "#/components/responses", diagnostics),
        ..Document::default()
    };
    doc.operations = parse_operations(root.get("paths"), "#/paths", diagnostics);
    doc.webhooks = parse_operations(root.get("webhooks"), "#/webhooks", diagnostics);
    if let Some(security) = root.get("security") {
        let requirements: Vec<openapiv3::SecurityRequirement> =
            parse_one(security, "#/security", diagnostics).unwrap_or_default();
        doc.security = scheme_names(&requirements);
    }
    Ok(doc)
}

fn parse_one<T: DeserializeOwned>(value: &Value, pointer: &str, diagnostics: &mut Diagnostics) -> Option<T> {
    match serde_json::from_value(value.clone()) {
        Ok(v) => Some(v),
        Err(e) => {
            diagnostics.warn(pointer, format!("cannot be read ({e}); skipped"));
            None
        }
    }
}

fn parse_map<T: DeserializeOwned>(
    section: Option<&Value>,
    base: &str,
    diagnostics: &mut Diagnostics,
) -> IndexMap<String, T> {
    let Some(map) = section.and_then(Value::as_object) else { return IndexMap::new() };
    map.iter()
        .filter_map(|(name, value)| {
            let pointer = child(base, name);
            parse_one(value, &pointer, diagnostics).map(|v| (name.clone(), v))
        })
        .collect()
}

/// Like [`parse_map`], but a schema that cannot be read still becomes a type: the empty
/// schema, which the generator types as `serde_json::Value`.
fn parse_schemas(section: Option<&Value>, diagnostics: &mut Diagnostics) -> IndexMap<String, ReferenceOr<Schema>> {
    let Some(map) = section.and_then(Value::as_object) else { return IndexMap::new() };
    map.iter()
        .map(|(name, value)| {
            let pointer = child("#/components/schemas", name);
            let schema = serde_json::from_value(value.clone()).unwrap_or_else(|e| {
                diagnostics.warn(&pointer, format!("cannot be read ({e}); typed as serde_json::Value"));
                ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: openapiv3::SchemaKind::Any(Default::default()),
                })
            });
            (name.clone(), schema)
        })
        .collect()
}

fn parse_operations(section: Option<&Value>, base: &str, diagnostics: &mut Diagnostics) -> Vec<OperationEntry> {
    let Some(map) = section.and_then(Value::as_object) else { return Vec::new() };
    let mut out = Vec::new();
    for (path, value) in map {
        let pointer = child(base, path);
        let Some(item) = parse_one::<PathItem>(value, &pointer, diagnostics) else { continue };
        let shared = item.parameters.clone();
        let methods = [
            ("get", item.get),
            ("put", item.put),
            ("post", item.post),
            ("delete", item.delete),
            ("options", item.options),
            ("head", item.head),
            ("patch", item.patch),
            ("trace", item.trace),
        ];
        for (method, operation) in methods {
            let Some(mut operation) = operation else { continue };
            operation.parameters.extend(shared.iter().cloned());
            out.push(OperationEntry { path: path.clone(), method, pointer: child(&pointer, method), operation });
        }
    }
    out
}

/// The scheme names of security requirements, in order.
pub fn scheme_names(requirements: &[openapiv3::SecurityRequirement]) -> Vec<String> {
    requirements.iter().flat_map(|r| r.keys().cloned()).collect()
}
