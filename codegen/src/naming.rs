//! Where each operation lives on the client (`client.chat().completions().create()`).
//!
//! `spec/naming.yaml` holds rules that derive a resource path and method name from an
//! operation's URL path and verb, and explicit entries for the operations the official SDKs
//! name otherwise. An operation neither the rules were checked against nor an entry names
//! (one a newer spec added) still gets a derived name, with a warning saying so.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

/// The naming configuration, as written in `spec/naming.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamingConfig {
    /// URL path prefix → resource path prefix (`/organization` → `admin.organization`);
    /// the longest matching prefix applies.
    #[serde(default)]
    pub prefixes: BTreeMap<String, String>,
    /// Query string on a spec path (`beta=true`) → resource path prefix (`beta`).
    #[serde(default)]
    pub query_prefixes: BTreeMap<String, String>,
    /// Last path words that name an action: `POST /batches/{id}/cancel` → `batches.cancel`.
    #[serde(default)]
    pub actions: BTreeSet<String>,
    /// `operationId` → `resource.path.method`, where the rules do not give the official name.
    #[serde(default)]
    pub exceptions: BTreeMap<String, String>,
    /// Operations whose derived names were checked against the official SDKs: `operationId`
    /// → the `VERB /path` it was checked at.
    #[serde(default)]
    pub derived: BTreeMap<String, String>,
    /// `operationId` → `resource.path.method`, named otherwise than the official SDKs on
    /// purpose: the one place a rename is written (the check against
    /// `spec/resource-map.tsv`, the official names, expects these to differ).
    #[serde(default)]
    pub renamed: BTreeMap<String, String>,
}

/// Whether two `VERB /path` strings name the same route: equal but for the names of their
/// `{parameters}`, which do not change what the rules derive.
fn same_route(a: &str, b: &str) -> bool {
    let shape = |s: &str| -> String {
        let mut out = String::with_capacity(s.len());
        let mut in_param = false;
        for c in s.chars() {
            match c {
                '{' => {
                    in_param = true;
                    out.push('{');
                }
                '}' => {
                    in_param = false;
                    out.push('}');
                }
                _ if in_param => {}
                _ => out.push(c),
            }
        }
        out
    };
    shape(a) == shape(b)
}

/// One operation's place on the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationName {
    /// Resource path, outermost first (`["beta", "threads", "runs"]`).
    pub resource: Vec<String>,
    /// Method name (`create`).
    pub method: String,
    /// How the name was found.
    pub source: NameSource,
}

/// How an operation's name was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// An explicit entry.
    Exception,
    /// A deliberate departure from the official name (`renamed`).
    Renamed,
    /// The rules, checked for this operation.
    Derived,
    /// The rules, for an operation the configuration does not know: worth a look.
    New,
}

impl NamingConfig {
    /// Parses the YAML text of a naming configuration.
    pub fn from_yaml(text: &str) -> Result<NamingConfig, String> {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    /// The name of the operation `id` (`method` in lower case) at `path`, among all the
    /// spec's operations as `(method, path)` (which tell collections from singletons).
    pub fn name(&self, id: &str, method: &str, path: &str, all_ops: &[(&str, &str)]) -> OperationName {
        let explicit = [(&self.renamed, NameSource::Renamed), (&self.exceptions, NameSource::Exception)];
        if let Some((full, source)) = explicit.iter().find_map(|(names, source)| Some((names.get(id)?, *source))) {
            let mut words: Vec<String> = full.split('.').map(String::from).collect();
            let method = words.pop().unwrap_or_default();
            return OperationName { resource: words, method, source };
        }
        // Checked at this verb and path only (parameter names aside): moved elsewhere, the
        // rules name it anew.
        let here = format!("{} {path}", method.to_ascii_uppercase());
        let checked_here = self.derived.get(id).is_some_and(|at| same_route(at, &here));
        let (resource, method) = self.derive(method, path, all_ops);
        let source = if checked_here { NameSource::Derived } else { NameSource::New };
        OperationName { resource, method, source }
    }

    fn derive(&self, verb: &str, spec_path: &str, all_ops: &[(&str, &str)]) -> (Vec<String>, String) {
        let (path, query) = spec_path.split_once('?').unwrap_or((spec_path, ""));
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        let is_param = |s: &str| s.starts_with('{');
        let mut words: Vec<String> = segments.iter().filter(|s| !is_param(s)).map(|s| s.to_string()).collect();

        let ends_in_param = segments.last().is_some_and(|s| is_param(s));
        // A path with items below it (`/files` with `/files/{id}`) is a collection.
        let has_items = all_ops.iter().any(|(_, other)| {
            let other = other.split('?').next().unwrap_or_default();
            other.len() > path.len()
                && other.starts_with(path)
                && other[path.len()..].trim_start_matches('/').starts_with('{')
        });
        let has_verb = |verb: &str| all_ops.iter().any(|(m, p)| *m == verb && p.split('?').next() == Some(path));
        let (has_get, has_post) = (has_verb("get"), has_verb("post"));
        let method = match verb {
            "post" if !ends_in_param && words.last().is_some_and(|w| self.actions.contains(w)) => {
                words.pop().unwrap_or_default()
            }
            "get" if ends_in_param => "retrieve".into(),
            "get" if has_items => "list".into(),
            // One object read and written in place (`/organization/data_retention`), or a
            // file's content: retrieve. Any other GET without an id lists.
            "get" if has_post && is_leaf(path, all_ops) => "retrieve".into(),
            "get" if words.last().is_some_and(|w| w == "content") => "retrieve".into(),
            "get" => "list".into(),
            "post" if ends_in_param => "update".into(),
            "post" if !has_items && has_get && is_leaf(path, all_ops) => "update".into(),
            "post" => "create".into(),
            "delete" => "delete".into(),
            _ => "update".into(),
        };

        let mut prefix: Vec<String> = Vec::new();
        if let Some(p) = self.query_prefixes.get(query) {
            prefix.extend(p.split('.').map(String::from));
        }
        let mapped = self
            .prefixes
            .iter()
            .filter(|(from, _)| path == from.as_str() || path.starts_with(&format!("{from}/")))
            .max_by_key(|(from, _)| from.len());
        if let Some((from, to)) = mapped {
            let replaced = from.trim_matches('/').split('/').filter(|s| !is_param(s)).count();
            words.drain(..replaced.min(words.len()));
            prefix.extend(to.split('.').map(String::from));
        }
        prefix.extend(words);
        (prefix, method)
    }
}

/// Nothing lives below `path`: read with GET and written with POST, it is one object.
fn is_leaf(path: &str, all_ops: &[(&str, &str)]) -> bool {
    !all_ops.iter().any(|(_, other)| {
        let other = other.split('?').next().unwrap_or_default();
        other.len() > path.len() && other.starts_with(&format!("{path}/"))
    })
}
