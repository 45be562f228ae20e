//! What changed for a user of the generated crate between two specs, by operation and by
//! type, with Rust names, each change classified as breaking or additive for this crate.
//!
//! Both specs go through the whole pipeline first, so the comparison is of what the crate
//! exposes (methods, types, fields, variants), not of YAML. The rules, for a crate whose
//! request types are built with `new(required...)` and setters:
//!
//! | change | for this crate |
//! |---|---|
//! | operation, type, field, enum value, union variant or webhook removed | breaking |
//! | one added | additive |
//! | a field of a type requests send made required (a new `new()` argument) | breaking |
//! | a required field made optional, or a field's type changed | breaking (its Rust type changes) |
//! | an operation whose method is now named otherwise (matched by `operationId`) | breaking |
//! | an operation moved to another path, under the same method | additive |
//! | a streaming event added / removed (a variant of a stream's or a WebSocket's event enum, either way) | additive / breaking |
//! | newly deprecated | additive |
//!
//! An enum value added is also a behaviour change: a value that arrived as `Unknown("x")`
//! before now has its own variant. The report says so.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::emit::types::rust_name;
use crate::ir::{Model, TypeDef, TypeId, TypeKind, Variant};

/// One change, with its Rust names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Which part of the API: `operations`, `streaming events`, `types`, `fields`, `enum
    /// values`, `union variants`, `webhooks` or `deprecations`.
    pub section: &'static str,
    /// What changed (`client.chat().completions().create`, `CreateChatCompletionRequest.store`).
    pub subject: String,
    /// How (`added`, `removed`, `made required`, `type String → i64`, ...).
    pub what: String,
    /// Whether code written against the old crate can fail to compile against the new one.
    pub breaking: bool,
}

/// The version bump a set of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Nothing a user can see.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks.
    Major,
}

/// Every change from `old` to `new`, sorted by section and subject.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let mut changes = Vec::new();
    operations(old, new, &mut changes);
    streaming_events(old, new, &mut changes);
    types(old, new, &mut changes);
    webhooks(old, new, &mut changes);
    changes.sort_by(|a, b| (a.section, &a.subject, &a.what).cmp(&(b.section, &b.subject, &b.what)));
    changes
}

/// The bump `changes` need.
pub fn verdict(changes: &[Change]) -> Semver {
    match (changes.iter().any(|c| c.breaking), changes.is_empty()) {
        (true, _) => Semver::Major,
        (false, false) => Semver::Minor,
        (false, true) => Semver::Patch,
    }
}

/// The report in Markdown: a heading (`title` at `level`), one table per section a level
/// below, then the verdict and counts. At level 1 it is a document (`cargo xtask api-diff`),
/// at level 2 an entry of `CHANGELOG.md`.
pub fn markdown(title: &str, level: usize, changes: &[Change]) -> String {
    let hashes = "#".repeat(level);
    let mut out = format!("{hashes} {title}\n");
    let mut sections: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        sections.entry(change.section).or_default().push(change);
    }
    for (section, changes) in sections {
        out.push_str(&format!("\n{hashes}# {section}\n\n| | what | change |\n|---|---|---|\n"));
        for c in changes {
            let mark = if c.breaking { "breaking" } else { "additive" };
            out.push_str(&format!("| {mark} | `{}` | {} |\n", c.subject, c.what));
        }
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    out.push_str(&format!(
        "\n**Verdict: {:?}** ({} changes: {breaking} breaking, {} additive)\n",
        verdict(changes),
        changes.len(),
        changes.len() - breaking
    ));
    out
}

/// A few lines for a log: the changes per section (how many break) and the verdict.
pub fn summary(changes: &[Change]) -> String {
    let mut sections: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for change in changes {
        let counts = sections.entry(change.section).or_default();
        counts.0 += 1;
        counts.1 += usize::from(change.breaking);
    }
    let mut out = String::new();
    for (section, (all, breaking)) in sections {
        out.push_str(&format!("{section}: {all} ({breaking} breaking)\n"));
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    out.push_str(&format!("verdict: {:?} ({} changes, {breaking} breaking)\n", verdict(changes), changes.len()));
    out
}

fn push(out: &mut Vec<Change>, section: &'static str, subject: String, what: impl Into<String>, breaking: bool) {
    out.push(Change { section, subject, what: what.into(), breaking });
}

/// Operations matched by `operationId`, reported by their Rust call.
fn operations(old: &Model, new: &Model, out: &mut Vec<Change>) {
    struct Op {
        call: String,
        route: String,
        deprecated: bool,
        /// Its query parameters: none, all optional (`Some(true)`), or some required.
        query: Option<bool>,
    }
    let index = |m: &Model| -> BTreeMap<String, Op> {
        m.operations
            .iter()
            .filter(|op| !op.resource.is_empty())
            .map(|op| {
                let call = format!("client.{}().{}", op.resource.join("()."), op.method_ident);
                let route = format!("{} {}", op.verb.to_ascii_uppercase(), op.path);
                let query = op.query.map(|_| m.optional_query(op));
                (op.id.clone(), Op { call, route, deprecated: op.deprecated, query })
            })
            .collect()
    };
    let (before, after) = (index(old), index(new));
    for (id, op) in &after {
        let Some(was) = before.get(id) else {
            push(out, "operations", op.call.clone(), format!("added (`{}`)", op.route), false);
            continue;
        };
        if was.call != op.call {
            let moved = if was.route == op.route { String::new() } else { format!(" at `{}`", op.route) };
            push(out, "operations", was.call.clone(), format!("renamed to `{}`{moved}", op.call), true);
        } else if was.route != op.route {
            push(out, "operations", op.call.clone(), format!("moved: `{}` → `{}`", was.route, op.route), false);
        }
        // Query parameters decide the call's shape: `list()` and `list_with(params)` when
        // all are optional, `list(params)` when some are required.
        let shape = match (was.query, op.query) {
            (Some(true), None) => Some("takes no query parameters now: its `_with` form is gone"),
            (None | Some(true), Some(false)) => Some("takes required query parameters now"),
            (Some(false), Some(true)) => {
                Some("its query parameters are all optional now: it takes none, its `_with` form takes them")
            }
            (Some(false), None) => Some("takes no query parameters now"),
            _ => None,
        };
        if let Some(what) = shape {
            push(out, "operations", op.call.clone(), what, true);
        }
        if op.deprecated && !was.deprecated {
            push(out, "deprecations", op.call.clone(), "deprecated", false);
        }
    }
    for (id, was) in &before {
        if !after.contains_key(id) {
            push(out, "operations", was.call.clone(), format!("removed (`{}`)", was.route), true);
        }
    }
}

/// The event enum of each streaming method, by the first method (in call order) that
/// streams it, so an event enum two methods share is reported once; then the event enums of
/// the WebSockets that no method streams (both directions: a client event removed is a
/// sender gone).
fn stream_events(m: &Model) -> BTreeMap<String, (String, TypeId)> {
    let mut events = BTreeMap::new();
    for op in m.operations.iter().filter(|op| !op.resource.is_empty()) {
        let Some(id) = op.stream.as_ref().and_then(|s| s.event.direct_named()) else { continue };
        let name = m.types[id.0].name.clone();
        let call = format!("client.{}().{}_stream", op.resource.join("()."), op.method_ident);
        let entry = events.entry(name).or_insert((call.clone(), id));
        if call < entry.0 {
            entry.0 = call;
        }
    }
    for socket in &m.sockets {
        let connect = format!("client.{}().connect()", socket.name);
        let server = socket.server.iter().map(|id| (*id, format!("{connect} server events")));
        for (id, call) in server.chain([(socket.client, format!("{connect} client events"))]) {
            if matches!(m.types[id.0].kind, TypeKind::Union(_)) {
                events.entry(m.types[id.0].name.clone()).or_insert((call, id));
            }
        }
    }
    events
}

/// Events a stream can carry: the variants of its event enum, by their `type` where tagged.
fn streaming_events(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let (before, after) = (stream_events(old), stream_events(new));
    let events = |m: &Model, id: TypeId| -> BTreeMap<String, String> {
        match &m.types[id.0].kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| (variant_key(v), v.ident.clone())).collect(),
            _ => BTreeMap::new(),
        }
    };
    for (name, (call, id)) in &after {
        let Some((_, was)) = before.get(name) else { continue };
        let (a, b) = (events(old, *was), events(new, *id));
        for (key, ident) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
            push(out, "streaming events", call.clone(), format!("`{key}` added (`{name}::{ident}`)"), false);
        }
        for (key, ident) in a.iter().filter(|(k, _)| !b.contains_key(*k)) {
            push(out, "streaming events", call.clone(), format!("`{key}` removed (`{name}::{ident}`)"), true);
        }
    }
}

/// What identifies a union variant across specs: its tag value, else its Rust name.
fn variant_key(v: &Variant) -> String {
    v.tag_value.clone().unwrap_or_else(|| v.ident.clone())
}

fn types(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let index = |m: &'_ Model| -> BTreeMap<String, usize> {
        m.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect()
    };
    let (before, after) = (index(old), index(new));
    let (streamed_before, streamed) = (stream_events(old), stream_events(new));
    for (name, &i) in &after {
        let Some(&j) = before.get(name) else {
            push(out, "types", name.clone(), "added", false);
            continue;
        };
        let (was, is) = (&old.types[j], &new.types[i]);
        if is.deprecated && !was.deprecated {
            push(out, "deprecations", name.clone(), "deprecated", false);
        }
        // A stream's events are reported under `streaming events`, by the method, and the
        // webhook event enum's variants under `webhooks`.
        let webhook_event = |m: &Model| m.webhook_event.is_some_and(|id| m.types[id.0].name == *name);
        if (streamed.contains_key(name) && streamed_before.contains_key(name))
            || (webhook_event(old) && webhook_event(new))
        {
            continue;
        }
        members(old, was, new, is, out);
    }
    for name in before.keys().filter(|n| !after.contains_key(*n)) {
        push(out, "types", name.clone(), "removed", true);
    }
}

/// Fields, enum values and union variants of one type that both specs have.
fn members(old: &Model, was: &TypeDef, new: &Model, is: &TypeDef, out: &mut Vec<Change>) {
    let name = &is.name;
    match (&was.kind, &is.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            for field in &b.fields {
                let subject = format!("{name}.{}", field.ident);
                match a.fields.iter().find(|f| f.wire == field.wire) {
                    // A new required field of a sent type is a new `new()` argument.
                    None if !field.optional && is.sent => push(out, "fields", subject, "added, required", true),
                    None => push(out, "fields", subject, "added", false),
                    Some(prior) => {
                        let (from, to) = (rust_name(old, &prior.ty), rust_name(new, &field.ty));
                        if from != to {
                            push(out, "fields", subject.clone(), format!("type `{from}` → `{to}`"), true);
                        }
                        // A required field that may now be `null` is an `Option` as an optional
                        // one is, but is always sent (as `null` when `None`).
                        let change = match (prior.optional, field.optional) {
                            (true, false) if prior.send_null => "no longer nullable (was `Option`)",
                            (true, false) => "made required (was `Option`)",
                            (false, true) if field.send_null => "made nullable (now `Option`)",
                            (false, true) => "made optional (now `Option`)",
                            _ => "",
                        };
                        if !change.is_empty() {
                            push(out, "fields", subject, change, true);
                        }
                    }
                }
            }
            for field in a.fields.iter().filter(|f| !b.fields.iter().any(|g| g.wire == f.wire)) {
                push(out, "fields", format!("{name}.{}", field.ident), "removed", true);
            }
        }
        (TypeKind::StringEnum(a), TypeKind::StringEnum(b)) => {
            for value in b.values.iter().filter(|v| !a.values.iter().any(|w| w.wire == v.wire)) {
                let what =
                    format!("`{}` added (it arrived as `{}(\"{}\")` before)", value.wire, a.fallback, value.wire);
                push(out, "enum values", format!("{name}::{}", value.ident), what, false);
            }
            for value in a.values.iter().filter(|v| !b.values.iter().any(|w| w.wire == v.wire)) {
                push(out, "enum values", format!("{name}::{}", value.ident), format!("`{}` removed", value.wire), true);
            }
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let key = variant_key;
            for variant in b.variants.iter().filter(|v| !a.variants.iter().any(|w| key(w) == key(v))) {
                push(out, "union variants", format!("{name}::{}", variant.ident), "added", false);
            }
            for variant in a.variants.iter().filter(|v| !b.variants.iter().any(|w| key(w) == key(v))) {
                push(out, "union variants", format!("{name}::{}", variant.ident), "removed", true);
            }
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            let (from, to) = (rust_name(old, a), rust_name(new, b));
            if from != to {
                push(out, "types", name.clone(), format!("type `{from}` → `{to}`"), true);
            }
        }
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => {
            push(out, "types", name.clone(), format!("now {} (was {})", kind_word(b), kind_word(a)), true);
        }
        _ => {}
    }
}

fn webhooks(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let names = |m: &Model| -> Vec<String> { m.webhooks.iter().map(|w| w.name.clone()).collect() };
    let (before, after) = (names(old), names(new));
    for name in after.iter().filter(|n| !before.contains(n)) {
        push(out, "webhooks", name.clone(), "added", false);
    }
    for name in before.iter().filter(|n| !after.contains(n)) {
        push(out, "webhooks", name.clone(), "removed", true);
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::StringEnum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::Alias(_) => "an alias",
    }
}
