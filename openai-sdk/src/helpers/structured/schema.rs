//! A JSON Schema made into the strict form Structured Outputs take (`strict: true`), by the
//! rules of openai-python's `to_strict_json_schema`, with what the API would refuse found
//! here first, so that a schema it cannot take fails before any request is sent.

use serde_json::{Map, Value};

pub use crate::runtime::SchemaError;

/// Keywords strict mode does not support (the Structured Outputs guide lists what it does).
const UNSUPPORTED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "contains",
    "minContains",
    "maxContains",
    "uniqueItems",
    "prefixItems",
    "minLength",
    "maxLength",
    "$dynamicRef",
    "$dynamicAnchor",
];

/// String formats strict mode checks.
const STRING_FORMATS: &[&str] = &["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"];

/// `schema` in the strict form: every object closed (`additionalProperties: false`) with all
/// its properties required (an `Option` field is already nullable: `["string", "null"]`), a
/// `$ref` beside other keywords inlined, a one-member `allOf` merged, `default: null`
/// dropped. Beyond openai-python: `oneOf` becomes `anyOf` (serde's tagged enums are the
/// `oneOf`s a derive gives, and their tags keep the members apart), the format of a number
/// (`int64`, `double`: how Rust stores it, not a constraint) is dropped, `$schema` is
/// dropped, and what strict mode refuses (a map, an unsupported keyword or format, a root
/// that is not an object) is an error.
pub fn to_strict_json_schema(mut schema: Value) -> Result<Value, SchemaError> {
    if let Some(object) = schema.as_object_mut() {
        take(object, "$schema");
    }
    let root = schema.clone();
    make_strict(&mut schema, "#", &root)?;
    if !is_object_type(&schema) {
        return Err(SchemaError {
            path: "#".into(),
            message: "the root must be an object (a struct): wrap an enum, a list or a value in a struct".into(),
        });
    }
    Ok(schema)
}

fn make_strict(schema: &mut Value, path: &str, root: &Value) -> Result<(), SchemaError> {
    let error = |message: String| SchemaError { path: path.to_owned(), message };
    let Value::Object(object) = schema else {
        let message = match schema {
            Value::Bool(true) => "a schema that accepts any value (`serde_json::Value`) cannot be strict".into(),
            other => format!("expected a schema object, found `{other}`"),
        };
        return Err(error(message));
    };
    for keyword in UNSUPPORTED {
        if object.contains_key(*keyword) {
            return Err(error(format!("strict mode does not support `{keyword}`")));
        }
    }
    for defs_key in ["$defs", "definitions"] {
        if let Some(Value::Object(defs)) = object.get_mut(defs_key) {
            for (name, def) in defs.iter_mut() {
                make_strict(def, &format!("{path}/{defs_key}/{}", escape(name)), root)?;
            }
        }
    }
    if is_object_type_in(object) {
        match object.get("additionalProperties") {
            None => {
                object.insert("additionalProperties".into(), Value::Bool(false));
            }
            Some(Value::Bool(false)) => {}
            Some(_) => {
                return Err(error(
                    "an object with open keys (a map) cannot be strict: use a list of key/value structs".into(),
                ));
            }
        }
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            make_strict(property, &format!("{path}/properties/{}", escape(name)), root)?;
        }
        let required = properties.keys().cloned().map(Value::String).collect();
        object.insert("required".into(), Value::Array(required));
    }
    match object.get_mut("items") {
        Some(items @ Value::Object(_)) => make_strict(items, &format!("{path}/items"), root)?,
        Some(Value::Array(_)) => return Err(error("strict mode does not support tuples (`items` as a list)".into())),
        _ => {}
    }
    if let Some(one_of) = take(object, "oneOf") {
        object.insert("anyOf".into(), one_of);
    }
    if let Some(Value::Array(any_of)) = object.get_mut("anyOf") {
        for (i, member) in any_of.iter_mut().enumerate() {
            make_strict(member, &format!("{path}/anyOf/{i}"), root)?;
        }
    }
    if let Some(Value::Array(all_of)) = object.get_mut("allOf") {
        if all_of.len() == 1 {
            let mut only = all_of.remove(0);
            make_strict(&mut only, &format!("{path}/allOf/0"), root)?;
            take(object, "allOf");
            if let Value::Object(only) = only {
                object.extend(only);
            }
        } else {
            for (i, member) in all_of.iter_mut().enumerate() {
                make_strict(member, &format!("{path}/allOf/{i}"), root)?;
            }
        }
    }
    if object.get("default") == Some(&Value::Null) {
        take(object, "default");
    }
    check_format(object).map_err(error)?;
    // A `$ref` beside other keywords (a field's description, say) is inlined: the API
    // takes a `$ref` only alone. The field's own keywords win over the target's.
    if object.len() > 1
        && let Some(Value::String(reference)) = object.get("$ref")
    {
        let target = resolve(root, reference).map_err(error)?;
        let mut inlined = target.clone();
        take(object, "$ref");
        for (key, value) in std::mem::take(object) {
            inlined.insert(key, value);
        }
        *object = inlined;
        return make_strict(schema, path, root);
    }
    Ok(())
}

/// Drops a number's storage format; refuses a string format strict mode does not check.
fn check_format(object: &mut Map<String, Value>) -> Result<(), String> {
    let Some(Value::String(format)) = object.get("format") else { return Ok(()) };
    let types = types_of(object);
    if types.iter().any(|t| *t == "integer" || *t == "number") {
        take(object, "format");
    } else if !STRING_FORMATS.contains(&format.as_str()) {
        return Err(format!(
            "strict mode does not support the string format `{format}` (it does: {})",
            STRING_FORMATS.join(", ")
        ));
    }
    Ok(())
}

/// The `#/...` pointer `reference` names, in `root`.
fn resolve<'r>(root: &'r Value, reference: &str) -> Result<&'r Map<String, Value>, String> {
    let pointer = reference.strip_prefix('#').ok_or_else(|| format!("`$ref: {reference}` does not start with `#`"))?;
    match root.pointer(pointer) {
        Some(Value::Object(target)) => Ok(target),
        Some(_) => Err(format!("`$ref: {reference}` does not name a schema object")),
        None => Err(format!("`$ref: {reference}` names nothing in the schema")),
    }
}

fn types_of(object: &Map<String, Value>) -> Vec<&str> {
    match object.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_object_type_in(object: &Map<String, Value>) -> bool {
    types_of(object).contains(&"object")
}

fn is_object_type(schema: &Value) -> bool {
    schema.as_object().is_some_and(is_object_type_in)
}

/// A property name as a JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Removes `key` from `object`, keeping the other keys in their order (whether or not
/// serde_json's `preserve_order` is on, where `Map::remove` would move the last key).
fn take(object: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let value = object.get_mut(key).map(Value::take)?;
    object.retain(|k, _| k != key);
    Some(value)
}
