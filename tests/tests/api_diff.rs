//! `cargo xtask api-diff`'s report on fixture pairs: one change of each kind (`old` → `new`),
//! and additions only (`old` → `additive`, which `cargo xtask semver-proof` also checks with
//! cargo-semver-checks).

use std::path::Path;

use codegen::diff::{diff, markdown, verdict, Change, Semver};

/// The repository's streaming rules, and naming rules that keep `getNoteText`'s name when it
/// moves (as `spec/naming.yaml`'s exceptions do) and know the action words.
fn config() -> codegen::Config {
    let repository = codegen::Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let naming = codegen::naming::NamingConfig::from_yaml(
        "actions: [archive, shelve, copy]\nexceptions:\n  getNoteText: notes.text.retrieve\n",
    )
    .unwrap();
    codegen::Config { streaming: repository.streaming, naming, ..Default::default() }
}

fn model(file: &str) -> codegen::ir::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/api_diff").join(file);
    codegen::generate(&path, &config()).unwrap().model
}

#[test]
fn every_kind_of_change_is_reported_and_classified() {
    let changes = diff(&model("old.yaml"), &model("new.yaml"));
    insta::assert_snapshot!(markdown("API changes", 1, &changes));
    assert_eq!(verdict(&changes), Semver::Major);
}

#[test]
fn additions_only_are_minor_and_no_change_is_patch() {
    let old = model("old.yaml");
    assert!(diff(&old, &old).is_empty());
    assert_eq!(verdict(&[]), Semver::Patch);
    let added: Vec<Change> = diff(&old, &model("new.yaml")).into_iter().filter(|c| !c.breaking).collect();
    assert!(!added.is_empty());
    assert_eq!(verdict(&added), Semver::Minor);
}

#[test]
fn additions_alone_are_all_additive() {
    let changes = diff(&model("old.yaml"), &model("additive.yaml"));
    insta::assert_snapshot!(markdown("API changes", 1, &changes));
    assert!(changes.iter().all(|c| !c.breaking));
    assert_eq!(verdict(&changes), Semver::Minor);
}

#[test]
fn socket_events_are_reported_by_connection_both_ways() {
    let sockets: codegen::rules::SocketsConfig = serde_yaml::from_str(
        "talk:\n  group: talk\n  path: /talk\n  client_events: TalkClientEvent\n  server_events: [TalkServerEvent]\n  connection: TalkSender\n",
    )
    .unwrap();
    let config = codegen::Config { sockets, ..config() };
    let model = |file: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/api_diff").join(file);
        codegen::generate(&path, &config).unwrap().model
    };
    let changes = diff(&model("socket_old.yaml"), &model("socket_new.yaml"));
    insta::assert_snapshot!(markdown("API changes", 1, &changes));
    assert_eq!(verdict(&changes), Semver::Major);
}
