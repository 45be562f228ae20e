//! `spec/streaming.yaml` and `spec/pagination.yaml` give every operation of the pinned spec
//! the streaming and paging the official SDKs give it (`spec/resource-map.tsv`).

use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn generation() -> codegen::Generation {
    let config = codegen::Config::load(&root().join("spec")).unwrap();
    codegen::generate(&root().join("spec/openapi.yaml"), &config).unwrap()
}

/// operation id → (streaming, page kind) as the official SDKs have them.
fn official() -> BTreeMap<String, (bool, Option<String>)> {
    let map = std::fs::read_to_string(root().join("spec/resource-map.tsv")).unwrap();
    map.lines()
        .skip(1)
        .map(|line| {
            let row: Vec<&str> = line.split('\t').collect();
            let page = (row[7] != "no").then(|| row[7].trim_start_matches("Sync").to_string());
            (row[0].to_string(), (row[6] == "true", page))
        })
        .collect()
}

#[test]
fn streaming_and_paging_match_the_official_sdks() {
    let generation = generation();
    let official = official();
    let mut wrong = Vec::new();
    for op in &generation.model.operations {
        let (streams, page) = official.get(&op.id).cloned().unwrap_or_default();
        let got_page = op.page.as_ref().map(|p| p.kind.type_name().to_string());
        if op.stream.is_some() != streams {
            wrong.push(format!("{}: streams {streams}, generated {}", op.id, op.stream.is_some()));
        }
        if got_page != page {
            wrong.push(format!("{}: page {page:?}, generated {got_page:?}", op.id));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(generation.model.operations.iter().filter(|op| op.stream.is_some()).count(), 13);
}

#[test]
fn assistants_streams_are_named_and_others_are_not() {
    let generation = generation();
    for op in generation.model.operations.iter().filter(|op| op.stream.is_some()) {
        let named = op.stream.as_ref().unwrap().named;
        assert_eq!(named, op.path.starts_with("/threads"), "{}", op.id);
    }
}
