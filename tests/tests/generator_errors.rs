//! Bad input gives a clear error or a warning with a JSON pointer, never a panic.

use std::path::Path;
use std::time::Instant;

use codegen::{Error, Severity};

fn generate_text(name: &str, text: &str) -> Result<codegen::Generation, Error> {
    let path = Path::new(name);
    let value = codegen::load::parse_text(path, text)?;
    codegen::generate_from_value(path, value, &Default::default(), Instant::now())
}

#[test]
fn missing_file_names_the_path() {
    let err = codegen::generate(Path::new("/no/such/spec.yaml"), &Default::default()).unwrap_err();
    assert!(matches!(err, Error::Read { .. }));
    assert!(err.to_string().contains("/no/such/spec.yaml"), "{err}");
}

#[test]
fn invalid_yaml_names_the_file_and_line() {
    let err = generate_text("bad.yaml", "openapi: 3.1.0\npaths: {\n  - nope").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Syntax { format: "YAML", .. }), "{text}");
    assert!(text.contains("bad.yaml") && text.contains("line"), "{text}");
}

#[test]
fn invalid_json_names_the_file_and_line() {
    let err = generate_text("bad.json", "{\"openapi\": \"3.1.0\",").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Syntax { format: "JSON", .. }), "{text}");
    assert!(text.contains("bad.json") && text.contains("line"), "{text}");
}

#[test]
fn documents_that_are_not_openapi_3_are_rejected() {
    for text in ["just a string", "swagger: '2.0'\npaths: {}", "openapi: 2.0\n", "[1, 2]"] {
        let err = generate_text("x.yaml", text).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{text}: {err}");
    }
}

#[test]
fn a_dangling_ref_is_a_warning_at_its_pointer() {
    let spec = "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/Missing'}\n";
    let generation = generate_text("x.yaml", spec).unwrap();
    let warning = generation.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning");
    assert_eq!(warning.pointer, "#/components/schemas/A/properties/b");
    assert!(warning.message.contains("#/components/schemas/Missing"));
    let shared = &generation.files.iter().find(|f| f.path.ends_with("shared.rs")).unwrap().contents;
    assert!(shared.contains("pub b: Option<serde_json::Value>"), "{shared}");
}

/// Malformed shapes in every position: each run ends in `Ok` or `Err`, and never panics.
#[test]
fn malformed_documents_never_panic() {
    let schemas = [
        "{type: 42}",
        "{type: [null]}",
        "{type: []}",
        "{properties: 3}",
        "{items: [1, 2]}",
        "{allOf: 7}",
        "{allOf: [{$ref: '#/components/schemas/S'}]}",
        "{anyOf: []}",
        "{oneOf: [{type: 'null'}]}",
        "{enum: []}",
        "{enum: [1, 'a', null]}",
        "{const: null}",
        "{additionalProperties: 5}",
        "{$ref: 12}",
        "{$ref: '#/components/schemas/S', description: self}",
        "true",
        "false",
        "'a string'",
        "{type: object, required: [ghost], properties: {}}",
        "{discriminator: {propertyName: kind}, oneOf: [{type: string}, {type: object}]}",
        "{type: string, format: binary, enum: ['\u{1F600}', '', '-', '1', 'Self', 'type']}",
        "{properties: {'': {type: string}, '💥': {type: string}, 'self': {}, 'Self': {}, '1x': {}}}",
        "{description: \"\u{3000}\u{3000}weird\\n\\t- list\\n```\", type: object, properties: {a: {type: string}}}",
    ];
    for schema in schemas {
        let spec = format!("openapi: 3.1.0\ncomponents:\n  schemas:\n    S: {schema}\n    T:\n      type: object\n      properties:\n        s: {{$ref: '#/components/schemas/S'}}\n");
        let result = std::panic::catch_unwind(|| generate_text("x.yaml", &spec).map(|_| ()));
        // A bad schema is a warning and a fallback type, not a failed run.
        assert!(matches!(result, Ok(Ok(()))), "schema {schema}: {result:?}");
    }
    let documents = [
        "openapi: 3.1.0\npaths: 5",
        "openapi: 3.1.0\npaths: {/a: {get: 5}}",
        "openapi: 3.1.0\npaths: {/a: {get: {responses: {'200': {content: {application/json: {schema: {$ref: nowhere}}}}}}}}}",
        "openapi: 3.1.0\nwebhooks: {x: {post: {requestBody: {content: {}}}}}",
        "openapi: 3.1.0\ncomponents: []",
        "openapi: 3.1.0\ncomponents: {schemas: []}",
    ];
    for doc in documents {
        let result = std::panic::catch_unwind(|| generate_text("x.yaml", doc).map(|_| ()));
        assert!(result.is_ok(), "panicked on document {doc}");
    }
}

/// A document whose schemas mostly cannot be read is an error, not a crate of `Value`s.
#[test]
fn a_spec_whose_schemas_mostly_fail_is_an_error() {
    let spec = "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {type: object, properties: [1]}\n    B: {type: object, properties: [2]}\n    C: {type: object, properties: [3]}\n    D: {type: string}\n";
    let err = generate_text("x.yaml", spec).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err}");
    assert!(err.to_string().contains("3 of 4 component schemas"), "{err}");
}
