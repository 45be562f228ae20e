//! `rust-version` of openai-sdk is true: no lower than what its code's syntax needs (clippy's
//! `incompatible_msrv`, which CI runs with warnings denied, checks the standard library
//! APIs it calls) and no lower than what its dependencies declare.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A version as comparable numbers (`1.88` → `[1, 88, 0]`).
fn version(text: &str) -> [u32; 3] {
    let mut parts = text.trim().split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    [parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0)]
}

fn sdk_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../openai-sdk")
}

fn declared() -> (String, [u32; 3]) {
    let manifest = std::fs::read_to_string(sdk_dir().join("Cargo.toml")).unwrap();
    let line = manifest.lines().find(|l| l.starts_with("rust-version")).expect("openai-sdk declares rust-version");
    let text = line.split('"').nth(1).unwrap().to_string();
    let parsed = version(&text);
    (text, parsed)
}

/// Whether `code` has a let chain: `if let` / `while let` whose condition goes on with `&&`
/// (or an `&& let`), stable from Rust 1.88 in edition 2024.
fn has_let_chain(code: &str) -> bool {
    if code.contains("&& let ") {
        return true;
    }
    for start in ["if let ", "while let "] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found + start.len();
            from = at;
            // The condition runs to the block's `{` outside any brackets.
            let mut depth = 0i32;
            let mut previous = ' ';
            for c in code[at..].chars() {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth -= 1,
                    '{' if depth == 0 => break,
                    '&' if depth == 0 && previous == '&' => return true,
                    _ => {}
                }
                previous = c;
            }
        }
    }
    false
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn rust_version_covers_the_syntax_the_code_uses() {
    let (text, declared) = declared();
    let mut files = Vec::new();
    for dir in ["src", "tests", "examples", "benches"] {
        rust_files(&sdk_dir().join(dir), &mut files);
    }
    let chained: Vec<&PathBuf> = files.iter().filter(|f| has_let_chain(&std::fs::read_to_string(f).unwrap())).collect();
    if !chained.is_empty() {
        assert!(declared >= [1, 88, 0], "let chains need Rust 1.88, rust-version is {text}: {chained:?}");
    }
    let manifest = std::fs::read_to_string(sdk_dir().join("Cargo.toml")).unwrap();
    if manifest.contains("edition = \"2024\"") {
        assert!(declared >= [1, 85, 0], "edition 2024 needs Rust 1.85, rust-version is {text}");
    }
}

#[test]
fn the_let_chain_check_finds_one() {
    assert!(has_let_chain("if let Some(x) = y\n    && x > 1\n{\n}"));
    assert!(has_let_chain("if a && let Some(x) = y {}"));
    assert!(!has_let_chain("if let Some(x) = f(a && b) {\n    c && d;\n}"));
}

#[test]
fn rust_version_covers_the_dependencies() {
    let (text, declared) = declared();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--manifest-path"])
        .arg(sdk_dir().join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The normal dependencies of openai-sdk, all the way down.
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let root = nodes.iter().find(|n| n["id"].as_str().unwrap().contains("openai-sdk")).unwrap();
    let mut todo = vec![root["id"].as_str().unwrap().to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let node = nodes.iter().find(|n| n["id"] == id.as_str()).unwrap();
        for dep in node["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null());
            if normal {
                todo.push(dep["pkg"].as_str().unwrap().to_string());
            }
        }
    }
    let mut newer = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        let (Some(id), Some(needs)) = (package["id"].as_str(), package["rust_version"].as_str()) else { continue };
        if seen.contains(id) && version(needs) > declared {
            newer.push(format!("{} needs {needs}", package["name"]));
        }
    }
    assert!(newer.is_empty(), "rust-version {text} is below what dependencies need: {newer:?}");
    assert!(seen.len() > 50, "{} packages", seen.len());
}
