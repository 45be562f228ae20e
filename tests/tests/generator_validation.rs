//! What the generator says about specs it cannot take as they are: each finding a warning at
//! its JSON pointer (snapshotted), and its fallback in the output. `cargo xtask test` also
//! builds the crate each of these fixtures gives (`cargo xtask try-spec`), warnings denied.

use std::path::Path;
use std::time::Instant;

use codegen::Generation;

fn fixture(name: &str) -> Generation {
    let file = format!("{name}.yaml");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/validation").join(&file);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let shown = Path::new(&file);
    let value = codegen::load::parse_text(shown, &text).expect("fixture parses");
    let repository = codegen::Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let config = codegen::Config { streaming: repository.streaming, ..Default::default() };
    codegen::generate_from_value(shown, value, &config, Instant::now()).expect("fixture generates")
}

/// The warnings, less the naming ones every fixture operation gets (none is in naming.yaml).
fn warnings(generation: &Generation) -> String {
    generation
        .diagnostics
        .lines()
        .filter(|l| l.starts_with("warning") && !l.contains("is not in spec/naming.yaml"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Every generated resources module, one after another.
fn resources(generation: &Generation) -> String {
    generation
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/resources"))
        .map(|f| f.contents.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn file<'g>(generation: &'g Generation, path: &str) -> &'g str {
    &generation.files.iter().find(|f| f.path.to_str() == Some(path)).unwrap_or_else(|| panic!("no {path}")).contents
}

#[test]
fn duplicate_operation_ids() {
    let generation = fixture("duplicate_operation_id");
    insta::assert_snapshot!(warnings(&generation));
    let ids: Vec<&str> = generation.model.operations.iter().map(|op| op.id.as_str()).collect();
    assert_eq!(ids, ["listWidgets", "listWidgets_2"]);
}

#[test]
fn path_parameters_follow_the_template() {
    let generation = fixture("path_parameters");
    insta::assert_snapshot!(warnings(&generation));
    let resources = resources(&generation);
    // Declared in the other order: the arguments follow the path.
    assert!(
        resources.contains("pub fn retrieve(\n        &self,\n        widget_id: &str,\n        part_id: &str,\n    )"),
        "{resources}"
    );
    // Named by the path only: still an argument, never a literal `{gadget_id}` in the URL.
    assert!(resources.contains("pub fn retrieve(&self, gadget_id: &str)"), "{resources}");
    // Declared but not in the path: no argument.
    assert!(resources.contains("pub fn list(&self)"), "{resources}");
}

#[test]
fn ref_alias_cycles_are_broken() {
    let generation = fixture("ref_cycle");
    insta::assert_snapshot!(warnings(&generation));
    let shared = file(&generation, "src/types/shared.rs");
    assert!(shared.contains("pub type A = serde_json::Value;"), "{shared}");
    assert!(shared.contains("pub type B = serde_json::Value;"), "{shared}");
}

#[test]
fn duplicate_enum_values_are_kept_once() {
    let generation = fixture("duplicate_enum_values");
    insta::assert_snapshot!(warnings(&generation));
    let shared = file(&generation, "src/types/shared.rs");
    assert_eq!(shared.matches("\"red\" =>").count(), 1, "{shared}");
}

#[test]
fn odd_identifiers_get_valid_names() {
    let generation = fixture("odd_identifiers");
    insta::assert_snapshot!(warnings(&generation));
    let shared = file(&generation, "src/types/shared.rs");
    for field in ["pub type_:", "pub self_:", "pub self_2:", "pub crate_:", "pub super_:", "pub n123abc:"] {
        assert!(shared.contains(field), "{field} missing:\n{shared}");
    }
    // Identifiers are cut to 100 characters; the wire names stay whole in `rename`s.
    let code = shared.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let words = code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '"'));
    let long_ident = words.into_iter().find(|w| w.len() > 100 && !w.starts_with('"'));
    assert_eq!(long_ident, None);
    assert!(shared.contains(&format!("rename = \"{}\"", "x".repeat(300))));
}

#[test]
fn a_stream_without_an_event_schema_keeps_every_event() {
    let generation = fixture("stream_without_event_stream");
    insta::assert_snapshot!(warnings(&generation));
    let resources = resources(&generation);
    assert!(resources.contains("crate::runtime::EventStream<serde_json::Value>"), "{resources}");
}

/// The repository's own config: the new group gets a feature, in `full`, and its methods.
#[test]
fn a_new_api_group_gets_a_feature_in_full_and_its_methods() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/validation/new_group.yaml");
    let config = codegen::Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let generation = codegen::generate(&path, &config).unwrap();
    let features = generation.files.iter().find(|f| f.path.to_str() == Some("Cargo.toml") && f.region).unwrap();
    assert!(features.contents.contains("full = [\"telepathy\"]\ntelepathy = []\n"), "{}", features.contents);
    let resources = resources(&generation);
    assert!(resources.contains("#[cfg(feature = \"telepathy\")]\n    /// `telepathy`: its operations and sub-resources.\n    pub fn telepathy(&self)"), "{resources}");
    assert!(generation.files.iter().any(|f| f.path.to_str() == Some("src/resources/telepathy.rs")));
    assert!(
        resources.contains(
            "pub fn create(\n        &self,\n        body: impl Borrow<crate::types::CreateTelepathySessionRequest>,"
        ),
        "{resources}"
    );
}

#[test]
fn the_pinned_spec_gives_no_validation_warning() {
    // Covered by real_spec.rs (no warnings at all); here, the share check's threshold.
    let diagnostics = codegen::Diagnostics::new(Path::new("x.yaml"));
    assert!(codegen::validate::check_resolution(1422, &diagnostics).is_ok());
}
