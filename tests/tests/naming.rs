//! `spec/naming.yaml` gives every operation of the pinned spec the resource path and method
//! name the official SDKs use (`spec/resource-map.tsv`).

use std::path::Path;

use codegen::naming::{NameSource, NamingConfig};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn every_operation_is_named_like_the_official_sdks() {
    let config = NamingConfig::from_yaml(&std::fs::read_to_string(root().join("spec/naming.yaml")).unwrap()).unwrap();
    let map = std::fs::read_to_string(root().join("spec/resource-map.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = map.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    let ops: Vec<(String, String)> = rows.iter().map(|r| (r[1].to_ascii_lowercase(), r[2].to_string())).collect();
    let all: Vec<(&str, &str)> = ops.iter().map(|(m, p)| (m.as_str(), p.as_str())).collect();
    let mut wrong = Vec::new();
    let mut new = Vec::new();
    for row in &rows {
        let (id, method, path, resource, name) = (row[0], row[1].to_ascii_lowercase(), row[2], row[3], row[4]);
        let got = config.name(id, &method, path, &all);
        let full = format!("{}.{}", got.resource.join("."), got.method);
        if got.source == NameSource::Renamed {
            // Renamed on purpose: written once, in `renamed`; it must differ to belong there.
            if full == format!("{resource}.{name}") {
                wrong.push(format!("{id}: under `renamed` but named as the official SDKs name it"));
            }
        } else if full != format!("{resource}.{name}") {
            wrong.push(format!("{id}: {resource}.{name} (got {full})"));
        } else if got.source == NameSource::New {
            new.push(id.to_string());
        }
    }
    assert_eq!(rows.len(), 288);
    assert!(wrong.is_empty(), "{} misnamed:\n{}", wrong.len(), wrong.join("\n"));
    assert!(new.is_empty(), "named correctly by the rules but not listed under `derived`:\n{}", new.join("\n"));
}

/// A checked operation that moves to another path (or verb) is named anew, with a warning.
#[test]
fn an_operation_checked_at_one_path_is_new_at_another() {
    let config = NamingConfig::from_yaml("derived:\n  listThings: GET /things\n").unwrap();
    let all = [("get", "/things"), ("get", "/v2/things")];
    assert_eq!(config.name("listThings", "get", "/things", &all).source, NameSource::Derived);
    assert_eq!(config.name("listThings", "get", "/v2/things", &all).source, NameSource::New);
    assert_eq!(config.name("listThings", "post", "/things", &all).source, NameSource::New);
    // A renamed path parameter is the same route.
    let config = NamingConfig::from_yaml("derived:\n  getThing: GET /things/{thing_id}\n").unwrap();
    let all = [("get", "/things/{id}")];
    assert_eq!(config.name("getThing", "get", "/things/{id}", &all).source, NameSource::Derived);
}

/// A rename is written once, under `renamed`: it wins over the rules and the exceptions, and
/// the check against the official names expects it to differ.
#[test]
fn a_rename_is_written_once() {
    let config = NamingConfig::from_yaml(
        "exceptions:\n  retrieveModel: models.retrieve\nrenamed:\n  retrieveModel: models.get\n",
    )
    .unwrap();
    let name = config.name("retrieveModel", "get", "/models/{model}", &[("get", "/models/{model}")]);
    assert_eq!(
        (name.resource, name.method.as_str(), name.source),
        (vec!["models".to_string()], "get", NameSource::Renamed)
    );
}
