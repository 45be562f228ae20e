//! openai-sdk has a cargo feature for every API group the generator finds, and `full`
//! turns them all on: read from Cargo's own view of the manifest (`cargo metadata`).

use std::path::Path;
use std::process::Command;

#[test]
fn every_group_has_a_feature_and_full_has_them_all() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let config = codegen::Config::load(&root.join("spec")).unwrap();
    let generation = codegen::generate(&root.join("spec/openapi.yaml"), &config).unwrap();
    let groups: Vec<String> = codegen::emit::features::groups(&generation.model).into_iter().collect();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root)
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let sdk = metadata["packages"].as_array().unwrap().iter().find(|p| p["name"] == "openai-sdk").unwrap();
    let features = sdk["features"].as_object().unwrap();
    let mut full: Vec<String> =
        features["full"].as_array().unwrap().iter().map(|g| g.as_str().unwrap().to_string()).collect();
    full.sort();
    assert_eq!(full, groups, "`full` must list exactly the API groups");
    for group in &groups {
        assert!(features.contains_key(group), "no `{group}` feature");
    }
    // What spec/features.yaml says a group turns on.
    assert_eq!(features["vector_stores"], serde_json::json!(["files"]));
}
