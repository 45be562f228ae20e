//! openai-sdk has a cargo feature for every API group the generator finds, and `full`
//! turns them all on.

use std::path::Path;

#[test]
fn every_group_has_a_feature_and_full_has_them_all() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let config = codegen::Config::load(&root.join("spec")).unwrap();
    let generation = codegen::generate(&root.join("spec/openapi.yaml"), &config).unwrap();
    let groups: Vec<String> = codegen::emit::features::groups(&generation.model).into_iter().collect();
    let manifest = std::fs::read_to_string(root.join("openai-sdk/Cargo.toml")).unwrap();
    let full = manifest.lines().find(|l| l.starts_with("full = [")).expect("a `full` feature");
    let mut listed: Vec<String> = full
        .trim_start_matches("full = [")
        .trim_end_matches(']')
        .split(',')
        .map(|g| g.trim().trim_matches('"').to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, groups, "`full` in openai-sdk/Cargo.toml must list exactly the API groups");
    for group in &groups {
        assert!(
            manifest.lines().any(|l| l.starts_with(&format!("{group} = ["))),
            "no `{group}` feature in openai-sdk/Cargo.toml"
        );
    }
}
