//! Stage 2: rewrite OpenAPI 3.1 idioms into the OpenAPI 3.0 shapes that `openapiv3` models.
//!
//! Only schema positions are rewritten (found by walking the document's structure), so
//! example payloads that happen to contain `"type"` or `"const"` keys are left alone.
//! A 3.0 document (`nullable: true`) passes through unchanged, because every rule below
//! matches only 3.1 spellings.
//!
//! | 3.1 spelling                               | becomes                                   |
//! |--------------------------------------------|-------------------------------------------|
//! | `anyOf`/`oneOf` with a `{type: "null"}` arm | the other arms, `nullable: true`          |
//! | ... and only one other arm                 | that arm hoisted into the wrapper         |
//! | `type: [T, "null"]`                        | `type: T`, `nullable: true`               |
//! | `type: [A, B]`                             | `anyOf: [{type: A}, {type: B}]`           |
//! | `const: v`                                 | `enum: [v]`                               |
//! | `enum` containing `null`                   | `enum` without it, `nullable: true`       |
//! | `examples: [a, ...]`                       | `example: a`                              |
//! | `exclusiveMinimum: n` (a number)           | `minimum: n`, `exclusiveMinimum: true`    |
//! | `$ref` with sibling keys                   | `allOf: [{$ref}]` beside those keys        |
//! | boolean schema `true` / `false`            | `{}`                                      |
//! | `description` or `title` that is not text  | left out (a note), not the whole schema   |
//!
//! The named sections (`paths`, `webhooks`, and each section of `components`) are sorted by
//! name first, so a spec that only reorders them generates byte-identical code: every later
//! stage works in this order (type names, clash suffixes, modules, methods, `api.md`).
//!
//! Integer bounds outside the range of i64 (the spec has `-9223372036854776000`) are
//! dropped: they carry no information a Rust `i64` does not already enforce.

use serde_json::{Map, Value};

use crate::diagnostics::{child, descend, Diagnostics};

/// Sorts `paths`, `webhooks` and every section of `components` by key.
fn sort_named_sections(document: &mut Value) {
    let sort = |value: Option<&mut Value>| {
        if let Some(Value::Object(map)) = value {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            map.extend(entries);
        }
    };
    sort(document.get_mut("paths"));
    sort(document.get_mut("webhooks"));
    if let Some(Value::Object(components)) = document.get_mut("components") {
        for section in components.values_mut() {
            sort(Some(section));
        }
    }
}

/// Normalises every schema in `document`.
pub fn normalize(mut document: Value, diagnostics: &mut Diagnostics) -> Value {
    sort_named_sections(&mut document);
    let mut walker = Walker { diagnostics };
    if let Some(components) = document.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for (name, schema) in schemas.iter_mut() {
                walker.schema(schema, &child("#/components/schemas", name));
            }
        }
        for (section, kind) in [
            ("parameters", Holder::Parameter),
            ("responses", Holder::Response),
            ("requestBodies", Holder::RequestBody),
            ("headers", Holder::Parameter),
        ] {
            if let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) {
                let base = child("#/components", section);
                for (name, value) in map.iter_mut() {
                    walker.holder(kind, value, &child(&base, name));
                }
            }
        }
    }
    for section in ["paths", "webhooks"] {
        if let Some(items) = document.get_mut(section).and_then(Value::as_object_mut) {
            let base = format!("#/{section}");
            for (path, item) in items.iter_mut() {
                walker.path_item(item, &child(&base, path));
            }
        }
    }
    document
}

#[derive(Clone, Copy)]
enum Holder {
    Parameter,
    Response,
    RequestBody,
}

struct Walker<'a> {
    diagnostics: &'a mut Diagnostics,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Walker<'_> {
    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        let Some(item) = item.as_object_mut() else { return };
        if let Some(params) = item.get_mut("parameters") {
            self.parameters(params, &child(pointer, "parameters"));
        }
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
            let op_pointer = child(pointer, method);
            if let Some(params) = op.get_mut("parameters") {
                self.parameters(params, &child(&op_pointer, "parameters"));
            }
            if let Some(body) = op.get_mut("requestBody") {
                self.holder(Holder::RequestBody, body, &child(&op_pointer, "requestBody"));
            }
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                let base = child(&op_pointer, "responses");
                for (status, response) in responses.iter_mut() {
                    self.holder(Holder::Response, response, &child(&base, status));
                }
            }
        }
    }

    fn parameters(&mut self, params: &mut Value, pointer: &str) {
        if let Some(list) = params.as_array_mut() {
            for (i, p) in list.iter_mut().enumerate() {
                self.holder(Holder::Parameter, p, &child(pointer, &i.to_string()));
            }
        }
    }

    /// A parameter, header, response or request body: schemas sit under `schema` or `content`.
    fn holder(&mut self, kind: Holder, value: &mut Value, pointer: &str) {
        let Some(obj) = value.as_object_mut() else { return };
        if let Some(schema) = obj.get_mut("schema") {
            self.schema(schema, &child(pointer, "schema"));
        }
        if let Some(content) = obj.get_mut("content").and_then(Value::as_object_mut) {
            let base = child(pointer, "content");
            for (media, media_type) in content.iter_mut() {
                if let Some(schema) = media_type.get_mut("schema") {
                    self.schema(schema, &descend(&base, &[media, "schema"]));
                }
            }
        }
        if let Holder::Response = kind {
            if let Some(headers) = obj.get_mut("headers").and_then(Value::as_object_mut) {
                let base = child(pointer, "headers");
                for (name, header) in headers.iter_mut() {
                    self.holder(Holder::Parameter, header, &child(&base, name));
                }
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, pointer: &str) {
        if let Value::Bool(_) = schema {
            *schema = Value::Object(Map::new());
            return;
        }
        let Some(obj) = schema.as_object_mut() else {
            self.diagnostics.warn(pointer, "a schema must be an object or a boolean; treated as any JSON value");
            *schema = Value::Object(Map::new());
            return;
        };
        for key in ["description", "title"] {
            if obj.get(key).is_some_and(|v| !v.is_string()) {
                obj.remove(key);
                self.diagnostics.note(child(pointer, key), format!("`{key}` is not a string; left out"));
            }
        }
        normalize_type_array(obj);
        normalize_const(obj);
        normalize_enum_null(obj);
        normalize_examples(obj);
        normalize_exclusive_bounds(obj);
        normalize_integer_bounds(obj);
        normalize_ref_siblings(obj);
        // Children first: hoisting below must see normalised arms.
        self.children(obj, pointer);
        normalize_null_arms(obj);
    }

    fn children(&mut self, obj: &mut Map<String, Value>, pointer: &str) {
        for key in ["properties", "patternProperties", "$defs", "definitions"] {
            if let Some(map) = obj.get_mut(key).and_then(Value::as_object_mut) {
                let base = child(pointer, key);
                for (name, s) in map.iter_mut() {
                    self.schema(s, &child(&base, name));
                }
            }
        }
        for key in ["items", "additionalProperties", "not", "contains"] {
            match obj.get_mut(key) {
                Some(v @ Value::Object(_)) => self.schema(v, &child(pointer, key)),
                // Tuple-style `items: [...]` (pre-3.1 JSON Schema); each entry is a schema.
                Some(Value::Array(list)) if key == "items" => {
                    for (i, s) in list.iter_mut().enumerate() {
                        self.schema(s, &descend(pointer, &[key, &i.to_string()]));
                    }
                }
                _ => {}
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
                let base = child(pointer, key);
                for (i, s) in list.iter_mut().enumerate() {
                    self.schema(s, &child(&base, &i.to_string()));
                }
            }
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("enum").and_then(Value::as_array).is_some_and(|e| e.len() == 1 && e[0].is_null())
}

fn set_nullable(obj: &mut Map<String, Value>) {
    obj.insert("nullable".into(), Value::Bool(true));
}

fn normalize_type_array(obj: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = obj.get("type") else { return };
    let mut non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
    let nullable = non_null.len() != types.len();
    match non_null.len() {
        0 => {
            obj.insert("type".into(), Value::String("null".into()));
        }
        1 => {
            obj.insert("type".into(), non_null.remove(0));
        }
        _ => {
            obj.remove("type");
            let arms = non_null.into_iter().map(|t| Value::Object(Map::from_iter([("type".to_string(), t)]))).collect();
            obj.insert("anyOf".into(), Value::Array(arms));
        }
    }
    if nullable {
        set_nullable(obj);
    }
}

fn normalize_const(obj: &mut Map<String, Value>) {
    let Some(value) = obj.remove("const") else { return };
    if !obj.contains_key("type") {
        let ty = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_f64() => Some("number"),
            Value::Number(_) => Some("integer"),
            _ => None,
        };
        if let Some(ty) = ty {
            obj.insert("type".into(), Value::String(ty.into()));
        }
    }
    obj.insert("enum".into(), Value::Array(vec![value]));
}

fn normalize_enum_null(obj: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = obj.get_mut("enum") else { return };
    if values.len() > 1 && values.iter().any(Value::is_null) {
        values.retain(|v| !v.is_null());
        set_nullable(obj);
    }
}

fn normalize_examples(obj: &mut Map<String, Value>) {
    if let Some(Value::Array(mut examples)) = obj.remove("examples") {
        if !obj.contains_key("example") && !examples.is_empty() {
            obj.insert("example".into(), examples.swap_remove(0));
        }
    }
}

fn normalize_exclusive_bounds(obj: &mut Map<String, Value>) {
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = obj.get(exclusive).cloned() {
            obj.insert(bound.into(), Value::Number(n));
            obj.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

fn normalize_integer_bounds(obj: &mut Map<String, Value>) {
    if obj.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        if obj.get(key).is_some_and(|v| v.as_i64().is_none()) {
            obj.remove(key);
        }
    }
}

fn normalize_ref_siblings(obj: &mut Map<String, Value>) {
    if obj.len() < 2 || !obj.contains_key("$ref") {
        return;
    }
    let reference = obj.remove("$ref").unwrap_or_default();
    let arm = Value::Object(Map::from_iter([("$ref".to_string(), reference)]));
    obj.insert("allOf".into(), Value::Array(vec![arm]));
}

/// `anyOf: [X, {type: null}]` → X, nullable. Runs after the arms are normalised.
fn normalize_null_arms(obj: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(arms)) = obj.get_mut(key) else { continue };
        let before = arms.len();
        arms.retain(|a| !is_null_schema(a));
        if arms.len() == before {
            continue;
        }
        set_nullable(obj);
        let Some(Value::Array(arms)) = obj.get(key) else { continue };
        match arms.len() {
            0 => {
                obj.remove(key);
            }
            1 => {
                let Some(Value::Array(mut arms)) = obj.remove(key) else { continue };
                hoist(obj, arms.remove(0));
            }
            _ => {}
        }
    }
}

/// Merges the one remaining arm into its wrapper. The wrapper's own keys (its description,
/// its `nullable`) win; a `$ref` arm stays a reference, wrapped as `allOf: [{$ref}]`.
fn hoist(obj: &mut Map<String, Value>, arm: Value) {
    let Value::Object(arm) = arm else { return };
    if arm.contains_key("$ref") && !obj.contains_key("allOf") {
        obj.insert("allOf".into(), Value::Array(vec![Value::Object(arm)]));
        return;
    }
    if arm.contains_key("$ref") {
        // The wrapper already has an allOf; keep the arm as one more member.
        if let Some(Value::Array(all)) = obj.get_mut("allOf") {
            all.push(Value::Object(arm));
        }
        return;
    }
    for (k, v) in arm {
        if k == "nullable" {
            continue;
        }
        obj.entry(k).or_insert(v);
    }
}
