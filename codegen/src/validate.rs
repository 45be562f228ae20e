//! What the spec says that the generator cannot take as it is: each finding is a warning at
//! its JSON pointer, and each has a fallback that keeps the generated crate building and
//! loses nothing the spec says.
//!
//! | finding | fallback |
//! |---|---|
//! | an `operationId` used twice | the later one is `<id>_2` (`_3`, ...) |
//! | two operations with one `resource.method` | the later method gets `_2` |
//! | a path parameter the template does not name | left out of the method |
//! | a `{name}` of the template no parameter declares | a `&str` argument of the method |
//! | `$ref` aliases that form a cycle | each alias of the cycle is `serde_json::Value` |
//! | an enum value listed twice | listed once |
//! | a name that is not ASCII, empty, or over 100 characters | the ASCII part, cut to 100 |
//! | a schema named as a type the generated code uses (`String`, `Self`) | a numbered name |
//! | a streaming operation without a `text/event-stream` response or configured event | each event as `serde_json::Value` |
//!
//! [`check_resolution`] fails the run outright when a quarter of the component schemas could
//! not be read or resolved: the crate would be largely `serde_json::Value`.

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::{child, descend, Diagnostics, Severity};
use crate::ir::{Model, OperationUse, Ty, TypeId, TypeKind};
use crate::parse::Document;

/// Longest identifier the generator writes; longer names are cut.
pub const MAX_IDENT_LEN: usize = 100;

/// The `operationId` each operation of `document` goes by: its own, or a numbered one when
/// an earlier operation already has it.
pub fn operation_ids(document: &Document, diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    let mut taken = HashSet::new();
    document
        .operations
        .iter()
        .map(|entry| {
            let id = entry.operation.operation_id.clone().unwrap_or_else(|| format!("{} {}", entry.method, entry.path));
            if taken.insert(id.clone()) {
                first.insert(id.clone(), format!("{} {}", entry.method.to_ascii_uppercase(), entry.path));
                return id;
            }
            let renamed = (2..).map(|n| format!("{id}_{n}")).find(|c| !taken.contains(c)).unwrap_or_default();
            taken.insert(renamed.clone());
            diagnostics.warn(
                &entry.pointer,
                format!("operationId `{id}` is also the id of {}; this one is `{renamed}`", first[&id]),
            );
            renamed
        })
        .collect()
}

/// The path parameters of `path` in template order. A template name no parameter declares
/// is still a parameter (a string); a declared one the template lacks is left out.
pub fn path_parameters(path: &str, declared: &[String], pointer: &str, diagnostics: &mut Diagnostics) -> Vec<String> {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let template: Vec<String> =
        path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string())).collect();
    for name in &template {
        if !declared.contains(name) {
            diagnostics.warn(
                pointer,
                format!("the path names `{{{name}}}`, which no path parameter declares; it is a string argument"),
            );
        }
    }
    for name in declared {
        if !template.contains(name) {
            diagnostics.warn(
                child(pointer, "parameters"),
                format!("path parameter `{name}` is not in the path `{path}`; left out"),
            );
        }
    }
    template
}

/// Gives the later of two operations with the same `resource.method` a numbered method.
pub fn unique_methods(operations: &mut [OperationUse], pointers: &[String], diagnostics: &mut Diagnostics) {
    let mut taken = HashSet::new();
    for (op, pointer) in operations.iter_mut().zip(pointers) {
        let key = |method: &str| format!("{}.{method}", op.resource.join("."));
        if taken.insert(key(&op.method)) {
            continue;
        }
        let renamed =
            (2..).map(|n| format!("{}_{n}", op.method)).find(|m| !taken.contains(&key(m))).unwrap_or_default();
        diagnostics.warn(
            pointer,
            format!("`{}` is also the name of another operation; this one is `{}`", key(&op.method), key(&renamed)),
        );
        taken.insert(key(&renamed));
        op.method = renamed;
    }
}

/// Breaks cycles of aliases (`A = B`, `B = A`, or `A = A`): each alias on the cycle becomes
/// `serde_json::Value`.
pub fn alias_cycles(model: &mut Model, diagnostics: &mut Diagnostics) {
    for start in 0..model.types.len() {
        let mut seen = vec![TypeId(start)];
        let mut current = TypeId(start);
        while let TypeKind::Alias(ty) = &model.get(current).kind {
            let Some(next) = ty.direct_named() else { break };
            if let Some(at) = seen.iter().position(|id| *id == next) {
                let cycle: Vec<TypeId> = seen[at..].to_vec();
                let names: Vec<String> = cycle.iter().map(|id| model.get(*id).pointer.clone()).collect();
                for id in cycle {
                    let def = &mut model.types[id.0];
                    def.kind = TypeKind::Alias(Ty::Json);
                    diagnostics.warn(
                        &def.pointer,
                        format!("`$ref` aliases form a cycle ({}); typed as serde_json::Value", names.join(" → ")),
                    );
                }
                break;
            }
            seen.push(next);
            current = next;
        }
    }
}

/// Drops enum values listed more than once.
pub fn duplicate_enum_values(model: &mut Model, diagnostics: &mut Diagnostics) {
    for def in &mut model.types {
        let TypeKind::StringEnum(e) = &mut def.kind else { continue };
        let mut seen = HashSet::new();
        let before = e.values.len();
        e.values.retain(|v| seen.insert(v.wire.clone()));
        if e.values.len() < before {
            diagnostics.warn(
                child(&def.pointer, "enum"),
                format!("{} value(s) listed twice; each is kept once", before - e.values.len()),
            );
        }
    }
}

/// Warns where a spec name cannot be the Rust name as it stands (run after naming, which
/// applies the fallbacks).
pub fn identifiers(model: &Model, diagnostics: &mut Diagnostics) {
    let odd = |name: &str| -> Option<&'static str> {
        if name.is_empty() {
            Some("is empty")
        } else if !name.is_ascii() {
            Some("is not ASCII")
        } else if name.len() > MAX_IDENT_LEN {
            Some("is longer than 100 characters")
        } else {
            None
        }
    };
    for def in &model.types {
        if def.component {
            let spec_name = def.name_hint.first().map(String::as_str).unwrap_or_default();
            if let Some(why) = odd(spec_name) {
                diagnostics.warn(&def.pointer, format!("the schema name {why}; the type is `{}`", def.name));
            } else if is_reserved(spec_name) {
                diagnostics.warn(
                    &def.pointer,
                    format!("`{spec_name}` is a name the generated code uses; the type is `{}`", def.name),
                );
            }
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                for field in s.fields.iter().filter(|f| !f.flatten) {
                    if let Some(why) = odd(&field.wire) {
                        let pointer = descend(&def.pointer, &["properties", &field.wire]);
                        diagnostics.warn(pointer, format!("the property name {why}; the field is `{}`", field.ident));
                    }
                }
            }
            TypeKind::StringEnum(e) => {
                for value in &e.values {
                    if let Some(why) = odd(&value.wire).filter(|_| !value.wire.is_empty()) {
                        diagnostics.warn(
                            child(&def.pointer, "enum"),
                            format!("the value `{}` {why}; the variant is `{}`", value.wire, value.ident),
                        );
                    }
                }
            }
            TypeKind::Union(_) | TypeKind::Alias(_) => {}
        }
    }
}

fn is_reserved(name: &str) -> bool {
    crate::names::RESERVED_TYPE_NAMES.contains(&name)
}

/// Fails when a quarter or more of the component schemas could not be read, or are a `$ref`
/// to nothing: the output would be largely untyped, which is not a spec the generator should
/// quietly accept. (A dangling `$ref` in one property leaves the rest of its schema typed.)
pub fn check_resolution(component_schemas: usize, diagnostics: &Diagnostics) -> Result<(), String> {
    let broken: HashSet<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .filter(|d| d.message.contains("cannot be read") || d.message.contains("does not resolve"))
        // The schema itself, not a property of it: only whole schemas count.
        .filter_map(|d| d.pointer.strip_prefix("#/components/schemas/"))
        .filter(|name| !name.contains('/'))
        .collect();
    // A quarter is far beyond any real spec (the pinned one has one such schema of 1,422).
    if component_schemas >= 4 && broken.len() * 4 > component_schemas {
        return Err(format!(
            "{} of {component_schemas} component schemas cannot be read or resolved; is this an OpenAI spec?",
            broken.len()
        ));
    }
    Ok(())
}
