//! `cargo xtask api-diff`'s report on a fixture pair with one change of each kind.

use std::path::Path;

fn model(file: &str) -> codegen::ir::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/api_diff").join(file);
    codegen::generate(&path, &codegen::Config::default()).unwrap().model
}

#[test]
fn every_kind_of_change_is_reported_and_classified() {
    let changes = codegen::diff::diff(&model("old.yaml"), &model("new.yaml"));
    insta::assert_snapshot!(codegen::diff::markdown(&changes));
    assert_eq!(codegen::diff::verdict(&changes), codegen::diff::Semver::Major);
}

#[test]
fn additions_only_are_minor_and_no_change_is_patch() {
    let old = model("old.yaml");
    assert!(codegen::diff::diff(&old, &old).is_empty());
    assert_eq!(codegen::diff::verdict(&[]), codegen::diff::Semver::Patch);
    let added: Vec<codegen::diff::Change> =
        codegen::diff::diff(&old, &model("new.yaml")).into_iter().filter(|c| !c.breaking).collect();
    assert!(!added.is_empty());
    assert_eq!(codegen::diff::verdict(&added), codegen::diff::Semver::Minor);
}
