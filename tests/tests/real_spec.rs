//! The generator on the real, pinned OpenAI spec (`spec/openapi.yaml`).

use std::path::{Path, PathBuf};

fn config() -> codegen::Config {
    codegen::Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap()
}

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml")
}

/// YAML (with its integers beyond i64) and the same spec written as JSON give the same
/// crate, byte for byte; so do two runs.
#[test]
fn yaml_and_json_generate_identical_output() {
    let from_yaml = codegen::generate(&spec(), &config()).expect("the YAML spec generates");
    let json = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    let value = codegen::load::load(&spec()).unwrap();
    std::fs::write(json.path(), serde_json::to_string(&value).unwrap()).unwrap();
    let from_json = codegen::generate(json.path(), &config()).expect("the JSON spec generates");
    assert_eq!(from_yaml.summary.operations, 288);
    assert_eq!(from_yaml.summary.component_schemas, 1422);
    assert_eq!(from_yaml.summary.webhooks, 16);
    // Every operation is named by spec/naming.yaml: no warnings at all on the pinned spec.
    let warnings: Vec<String> = from_yaml.diagnostics.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_same_files(&from_yaml, &from_json, "between YAML and JSON");
}

/// The two runs wrote the same files, byte for byte.
fn assert_same_files(a: &codegen::Generation, b: &codegen::Generation, why: &str) {
    assert_eq!(a.files.len(), b.files.len());
    for (a, b) in a.files.iter().zip(&b.files) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs {why}", a.path.display());
    }
}

/// Every webhook event is typed, with its `type` value read from the payload schema.
#[test]
fn webhooks_section_is_read() {
    let generation = codegen::generate(&spec(), &config()).unwrap();
    let webhooks = generation.files.iter().find(|f| f.path.ends_with("webhooks.rs")).expect("a webhooks module");
    for event in ["WebhookBatchCompleted", "WebhookResponseCompleted", "WebhookRealtimeCallIncoming"] {
        assert!(webhooks.contents.contains(&format!("pub struct {event} ")), "{event} missing");
    }
}

/// Every component schema has exactly one type of its own name, or of the name
/// `spec/types.yaml` renames it to.
#[test]
fn every_component_schema_is_a_type() {
    let config = config();
    let generation = codegen::generate(&spec(), &config).unwrap();
    let defined: std::collections::HashSet<&str> = generation
        .files
        .iter()
        .flat_map(|f| f.contents.lines())
        .filter_map(|l| ["pub struct ", "pub enum ", "pub type "].iter().find_map(|k| l.strip_prefix(k)))
        .filter_map(|rest| rest.split([' ', '<', '=']).next())
        .collect();
    let doc = codegen::load::load(&spec()).unwrap();
    let names = doc["components"]["schemas"].as_object().unwrap().keys();
    let mut missing = Vec::new();
    for name in names {
        let mut rust = codegen::names::type_name(&[name]);
        if let Some(renamed) = config.types.get(&rust).and_then(|o| o.rename.clone()) {
            rust = renamed;
        }
        if !defined.contains(rust.as_str()) {
            missing.push(rust);
        }
    }
    assert!(missing.is_empty(), "no type for: {missing:?}");
}

/// A spec that only reorders its paths, schemas and webhooks generates byte-identical code.
#[test]
fn reordering_the_spec_changes_nothing() {
    let mut value = codegen::load::load(&spec()).unwrap();
    let reverse = |v: &mut serde_json::Value| {
        if let serde_json::Value::Object(map) = v {
            let entries: Vec<(String, serde_json::Value)> = std::mem::take(map).into_iter().rev().collect();
            map.extend(entries);
        }
    };
    reverse(&mut value["paths"]);
    reverse(&mut value["webhooks"]);
    reverse(&mut value["components"]["schemas"]);
    let reordered =
        codegen::generate_from_value(&spec(), value, &config(), std::time::Instant::now()).expect("the spec generates");
    let original = codegen::generate(&spec(), &config()).unwrap();
    assert_same_files(&original, &reordered, "after reordering the spec");
}

/// The spec's SDK-only properties (`x-oaiSupportedSDKs`, `spec/properties.yaml`) are left out
/// of the types, each with a note: `Response.output_text` would always be empty.
#[test]
fn sdk_only_properties_are_left_out_with_a_note() {
    let generation = codegen::generate(&spec(), &config()).unwrap();
    let responses = generation.files.iter().find(|f| f.path.ends_with("src/types/responses.rs")).unwrap();
    assert!(responses.contents.contains("pub struct Response {"));
    assert!(!responses.contents.contains("pub output_text:"), "output_text is still a field");
    let notes: Vec<String> = generation.diagnostics.lines().filter(|l| l.contains("never sent by the API")).collect();
    assert!(notes.iter().any(|n| n.contains("output_text")), "{notes:?}");
    // Without the rule, the property is typed (the check above would fail).
    let mut config = config();
    config.properties.leave_out_marked.clear();
    let typed = codegen::generate(&spec(), &config).unwrap();
    let responses = typed.files.iter().find(|f| f.path.ends_with("src/types/responses.rs")).unwrap();
    assert!(responses.contents.contains("pub output_text: Option<String>"));
}

/// A method renamed in `spec/naming.yaml` keeps its usage example: the operation's own
/// examples are read by operationId, and its one call found under the official name.
#[test]
fn a_renamed_method_keeps_its_usage_example() {
    let mut config = config();
    config.naming.exceptions.insert("retrieveModel".into(), "models.get".into());
    let generation = codegen::generate(&spec(), &config).unwrap();
    let models = generation.files.iter().find(|f| f.path.ends_with("resources/models.rs")).expect("a models module");
    assert!(models.contents.contains("pub fn get("), "the rename applies");
    assert!(models.contents.contains("client.models().get(\""), "the example follows the rename");
}
