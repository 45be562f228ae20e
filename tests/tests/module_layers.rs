//! The modules of `openai-sdk/src` (generated ones included) import one way: no module
//! imports one that imports it back, and each layer uses only those below it: the core
//! (`runtime/`), the generated API (`types/`, `resources/`), the helpers (`helpers/`), the
//! crate root.
//!
//! What counts as an import: a `use` of a `crate::`, `super::` or `self::` path, and such a
//! path written in code; each resolved to the file that defines the name, following the
//! re-exports (`pub use`) of the modules on the way. Comments and string literals are
//! skipped, and so are glob imports (`use super::*`), whose names cannot be told apart
//! without the compiler.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path from the crate root (`["runtime", "client"]`).
type ModPath = Vec<String>;

/// Everything read from one file.
#[derive(Default)]
struct Module {
    file: PathBuf,
    /// Names it defines at its top level.
    defines: BTreeSet<String>,
    /// Re-exported name → the full path it names.
    reexports: BTreeMap<String, ModPath>,
    /// Modules whose every public name it re-exports (`pub use chat::*`).
    glob_reexports: Vec<ModPath>,
    /// Full paths it refers to.
    references: Vec<ModPath>,
}

struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut modules = BTreeMap::new();
        let mut dirs = vec![src.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let module = module_path(src, &path);
                    let text = strip_comments_and_strings(&std::fs::read_to_string(&path).unwrap());
                    modules.insert(module.clone(), read_module(&module, path, &text));
                }
            }
        }
        Crate { modules }
    }

    /// The file `path` (a full path from the root) resolves to.
    fn resolve(&self, path: &[String], depth: usize) -> Option<ModPath> {
        let mut module = Vec::new();
        let mut rest = path;
        while let Some((first, tail)) = rest.split_first() {
            let mut next = module.clone();
            next.push(first.clone());
            if !self.modules.contains_key(&next) {
                break;
            }
            module = next;
            rest = tail;
        }
        let Some(name) = rest.first() else { return Some(module) };
        let here = self.modules.get(&module)?;
        if depth > 16 || here.defines.contains(name) {
            return Some(module);
        }
        if let Some(target) = here.reexports.get(name) {
            let mut target = target.clone();
            target.extend(rest[1..].iter().cloned());
            return self.resolve(&target, depth + 1);
        }
        for source in &here.glob_reexports {
            let has =
                self.modules.get(source).is_some_and(|m| m.defines.contains(name) || m.reexports.contains_key(name));
            if has {
                let mut target = source.clone();
                target.extend(rest.iter().cloned());
                return self.resolve(&target, depth + 1);
            }
        }
        Some(module)
    }

    /// File → files it imports.
    fn edges(&self) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
        let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        for module in self.modules.values() {
            let out = edges.entry(module.file.clone()).or_default();
            for reference in &module.references {
                if let Some(target) = self.resolve(reference, 0).and_then(|m| self.modules.get(&m)) {
                    if target.file != module.file {
                        out.insert(target.file.clone());
                    }
                }
            }
        }
        edges
    }
}

fn module_path(src: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    if last != "mod.rs" && last != "lib.rs" {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    parts
}

/// `text` with comments, string and char literals blanked out (lines kept).
fn strip_comments_and_strings(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            i += end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            out.extend(rest[..end].chars().filter(|c| *c == '\n'));
            i += end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let start = 2 + hashes;
            let end = rest[start..].find(&close).map_or(rest.len(), |e| start + e + close.len());
            out.push_str("\"\"");
            i += end;
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += (j + 1).min(rest.len());
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `path` (as written in `module`, starting with `crate`, `super` or `self`) from the root.
fn absolute(module: &[String], is_mod_rs: bool, path: &[String]) -> Option<ModPath> {
    // `super` of `a/b.rs` is `a`; of `a/b/mod.rs` (module `a::b`) too.
    let _ = is_mod_rs;
    let (first, rest) = path.split_first()?;
    let mut base: ModPath = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => module[..module.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    let mut rest = rest;
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The paths of a use tree (`a::{b, c::{d, e as f}}`), each with the name it binds, and
/// whether it is a glob.
fn use_tree(tree: &str) -> Vec<(Vec<String>, Option<String>)> {
    fn walk(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, Option<String>)>) {
        let tree = tree.trim();
        if let Some(open) = tree.find('{') {
            let head: Vec<String> =
                tree[..open].split("::").map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
            let mut base = prefix.to_vec();
            base.extend(head);
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        walk(&base, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            walk(&base, &inner[start..], out);
            return;
        }
        if tree.is_empty() {
            return;
        }
        let (path, alias) = match tree.split_once(" as ") {
            Some((p, a)) => (p.trim(), Some(a.trim().to_string())),
            None => (tree, None),
        };
        let mut full = prefix.to_vec();
        full.extend(path.split("::").map(str::trim).map(String::from));
        if full.last().is_some_and(|s| s == "self") {
            full.pop();
        }
        let bound = alias.or_else(|| full.last().cloned());
        out.push((full, bound));
    }
    let mut out = Vec::new();
    walk(&[], tree, &mut out);
    out
}

fn read_module(module: &[String], file: PathBuf, text: &str) -> Module {
    let is_mod_rs = file.ends_with("mod.rs") || file.ends_with("lib.rs");
    let mut result = Module { file, ..Module::default() };
    let mut code = String::with_capacity(text.len());
    // `use` items first, then what remains is code with inline paths.
    let mut rest = text;
    while let Some(at) = find_use(rest) {
        code.push_str(&rest[..at.start]);
        let item = &rest[at.start..];
        let end = item.find(';').map_or(item.len(), |e| e + 1);
        let public = at.public;
        let tree = &item[at.tree_offset..end - 1];
        for (path, bound) in use_tree(tree) {
            let Some(full) = absolute(module, is_mod_rs, &path).or_else(|| {
                // A path from a child module declared here (`pub use client::Client`).
                let first = path.first()?;
                (first != "std" && first != "core" && first != "alloc").then(|| {
                    let mut full = module.to_vec();
                    full.extend(path.iter().cloned());
                    full
                })
            }) else {
                continue;
            };
            let glob = full.last().is_some_and(|s| s == "*");
            if glob {
                if public {
                    result.glob_reexports.push(full[..full.len() - 1].to_vec());
                }
                continue;
            }
            if let (true, Some(bound)) = (public, bound) {
                result.reexports.insert(bound, full.clone());
            }
            if path.first().is_some_and(|f| matches!(f.as_str(), "crate" | "super" | "self")) {
                result.references.push(full);
            }
        }
        rest = &item[end..];
    }
    code.push_str(rest);
    for keyword in ["struct", "enum", "type", "trait", "fn", "const", "static", "mod", "union"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(keyword) {
            let at = from + found;
            from = at + keyword.len();
            let before_ok = code[..at].chars().next_back().is_none_or(|c| !is_ident_char(c));
            let after = &code[from..];
            if !before_ok || !after.starts_with(' ') {
                continue;
            }
            // Top level only: nothing but `pub`, `pub(crate)` and attributes before it.
            let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
            let lead = code[line_start..at].trim();
            if !(lead.is_empty() || lead.starts_with("pub")) || code[line_start..].starts_with(' ') {
                continue;
            }
            let name: String = after.trim_start().chars().take_while(|c| is_ident_char(*c)).collect();
            if !name.is_empty() {
                result.defines.insert(name);
            }
        }
    }
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            if code[..at].chars().next_back().is_some_and(|c| is_ident_char(c) || c == ':') {
                continue;
            }
            let tail = &code[at..];
            let end = tail.find(|c: char| !(is_ident_char(c) || c == ':')).unwrap_or(tail.len());
            let path: Vec<String> = tail[..end].split("::").filter(|s| !s.is_empty()).map(String::from).collect();
            if let Some(full) = absolute(module, is_mod_rs, &path) {
                result.references.push(full);
            }
        }
    }
    result
}

struct UseAt {
    start: usize,
    tree_offset: usize,
    public: bool,
}

/// The next `use` item in `text`: where it starts, where its tree starts, whether it is a
/// re-export.
fn find_use(text: &str) -> Option<UseAt> {
    let mut from = 0;
    while let Some(found) = text[from..].find("use ") {
        let at = from + found;
        from = at + 4;
        if text[..at].chars().next_back().is_some_and(is_ident_char) {
            continue;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let lead = text[line_start..at].trim();
        if !(lead.is_empty() || lead.starts_with("pub")) {
            continue;
        }
        return Some(UseAt { start: line_start, tree_offset: at + 4 - line_start, public: lead.starts_with("pub") });
    }
    None
}

/// The import circles among `edges`: strongly connected groups of more than one file.
fn circles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    // Kosaraju: order by finish time, then collect on the reversed graph.
    fn visit<'a>(
        node: &'a PathBuf,
        edges: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        seen: &mut BTreeSet<&'a PathBuf>,
        order: &mut Vec<&'a PathBuf>,
    ) {
        let mut stack = vec![(node, false)];
        while let Some((node, done)) = stack.pop() {
            if done {
                order.push(node);
                continue;
            }
            if !seen.insert(node) {
                continue;
            }
            stack.push((node, true));
            for next in edges.get(node).into_iter().flatten() {
                if !seen.contains(next) {
                    stack.push((next, false));
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for node in edges.keys() {
        visit(node, edges, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            reversed.entry(to.clone()).or_default().insert(from.clone());
        }
    }
    let mut assigned = BTreeSet::new();
    let mut groups = Vec::new();
    for node in order.into_iter().rev() {
        if assigned.contains(node) {
            continue;
        }
        let mut group = Vec::new();
        let mut stack = vec![node.clone()];
        while let Some(n) = stack.pop() {
            if !assigned.insert(n.clone()) {
                continue;
            }
            stack.extend(reversed.get(&n).into_iter().flatten().filter(|m| !assigned.contains(*m)).cloned());
            group.push(n);
        }
        if group.len() > 1 {
            group.sort();
            groups.push(group);
        }
    }
    groups
}

/// The layer of a file: the core, the generated API, the helpers, the root.
fn layer(src: &Path, file: &Path) -> (u8, &'static str) {
    let relative = file.strip_prefix(src).unwrap();
    match relative.iter().next().and_then(|p| p.to_str()) {
        Some("runtime") => (0, "runtime (the core)"),
        Some("types" | "resources") => (1, "the generated API"),
        Some("helpers") => (2, "helpers"),
        _ => (3, "the crate root"),
    }
}

fn sdk_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../openai-sdk/src").canonicalize().unwrap()
}

#[test]
fn no_module_of_the_sdk_imports_one_that_imports_it_back() {
    let src = sdk_src();
    let edges = Crate::read(&src).edges();
    assert!(edges.len() > 60, "{} files read", edges.len());
    let found = circles(&edges);
    assert!(found.is_empty(), "import circles among openai-sdk/src modules:\n{found:#?}");
}

#[test]
fn each_layer_imports_only_those_below_it() {
    let src = sdk_src();
    let edges = Crate::read(&src).edges();
    let mut upward = Vec::new();
    for (from, tos) in &edges {
        for to in tos {
            let (a, a_name) = layer(&src, from);
            let (b, b_name) = layer(&src, to);
            if b > a {
                upward.push(format!(
                    "{} ({a_name}) imports {} ({b_name})",
                    from.strip_prefix(&src).unwrap().display(),
                    to.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(upward.is_empty(), "imports that run up a layer:\n{}", upward.join("\n"));
    // The core reaches the layers above it nowhere, not even by a path in code.
    let core_files: Vec<&PathBuf> = edges.keys().filter(|f| layer(&src, f).0 == 0).collect();
    assert!(core_files.len() >= 15, "{core_files:?}");
}

/// The checker itself: a made-up crate with a circle through a re-export, and one without.
#[test]
fn the_checker_finds_a_circle_through_a_re_export() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "mod core;\nmod helper;\npub use helper::Helper;\n");
    write("core/mod.rs", "mod error;\npub use error::Error;\n");
    // The error names a helper through the root's re-export: core/error.rs -> helper.rs.
    write(
        "core/error.rs",
        "// crate::core::Error in a comment is not an import\npub enum Error { H(crate::Helper) }\n",
    );
    write("helper.rs", "use crate::core::Error;\npub struct Helper;\n");
    let edges = Crate::read(dir.path()).edges();
    let found = circles(&edges);
    assert_eq!(found.len(), 1, "{edges:#?}");
    let names: Vec<String> = found[0].iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    // Through the re-export to the file that defines the name: the root is not in it.
    assert_eq!(names, ["error.rs", "helper.rs"]);
    // Without the error's use of the helper, no circle.
    write("core/error.rs", "pub enum Error { Other }\n");
    assert!(circles(&Crate::read(dir.path()).edges()).is_empty());
}
