//! Per-type overrides from `spec/types.yaml`, applied after naming: rename a generated
//! type, stand a hand-written type in for it, or add derives. Keyed by the name the
//! generator gives the type; every use of the type follows the override.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::Diagnostics;
use crate::ir::{Model, Ty, TypeKind};

/// `spec/types.yaml`: generated type name → its override.
pub type TypesConfig = BTreeMap<String, TypeOverride>;

/// What to change about one generated type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeOverride {
    /// Its Rust name instead of the generated one.
    #[serde(default)]
    pub rename: Option<String>,
    /// A hand-written type to use instead, by its path from the crate root
    /// (`custom::Metadata`); it must be public and (de)serialize as the generated one would.
    #[serde(default)]
    pub replace: Option<String>,
    /// Derives to add (`Hash`, `PartialEq`, ...).
    #[serde(default)]
    pub derives: Vec<String>,
    /// Other names for it, as type aliases: the official SDKs' names where the resource
    /// map gives none (a stream's event type).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Applies `config` to `model`; a name the model lacks, a rename onto a taken name, or a
/// path or derive that is not a Rust path is a warning, and that override is skipped.
///
/// On a spec other than the committed one (`other_spec`), a name the spec lacks is a note:
/// the rules are written for the committed spec, as the hand-written helpers are.
pub fn apply(model: &mut Model, config: &TypesConfig, other_spec: bool, diagnostics: &mut Diagnostics) {
    let mut derived = Vec::new();
    for (name, patch) in config {
        let Some(index) = model.types.iter().position(|t| t.name == *name) else {
            let message = format!("spec/types.yaml: no generated type is named `{name}`; override skipped");
            if other_spec {
                diagnostics.note("#", message);
            } else {
                diagnostics.warn("#", message);
            }
            continue;
        };
        let pointer = model.types[index].pointer.clone();
        if let Some(new) = &patch.rename {
            if syn::parse_str::<syn::Ident>(new).is_err() {
                diagnostics
                    .warn(&pointer, format!("spec/types.yaml: `{new}` is not a Rust identifier; `{name}` not renamed"));
            } else if model.types.iter().any(|t| t.name == *new) {
                diagnostics.warn(
                    &pointer,
                    format!("spec/types.yaml: `{new}` is the name of another type; `{name}` not renamed"),
                );
            } else {
                model.types[index].name = new.clone();
            }
        }
        if let Some(path) = &patch.replace {
            match syn::parse_str::<syn::Path>(path) {
                Ok(_) => model.types[index].replacement = Some(path.clone()),
                Err(_) => diagnostics
                    .warn(&pointer, format!("spec/types.yaml: `{path}` is not a Rust path; `{name}` not replaced")),
            }
        }
        for alias in &patch.aliases {
            if syn::parse_str::<syn::Ident>(alias).is_err() {
                diagnostics.warn(
                    &pointer,
                    format!("spec/types.yaml: `{alias}` is not a Rust identifier; no alias for `{name}`"),
                );
            } else if model.types.iter().any(|t| t.name == *alias || t.aliases.contains(alias)) {
                diagnostics.warn(
                    &pointer,
                    format!("spec/types.yaml: `{alias}` is another type's name; no alias for `{name}`"),
                );
            } else {
                model.types[index].aliases.push(alias.clone());
            }
        }
        for derive in &patch.derives {
            match syn::parse_str::<syn::Path>(derive) {
                Ok(_) => {
                    model.types[index].extra_derives.push(derive.clone());
                    derived.push((index, derive.clone()));
                }
                Err(_) => diagnostics.warn(
                    &pointer,
                    format!("spec/types.yaml: `{derive}` is not a derive's path; left out of `{name}`"),
                ),
            }
        }
    }
    for (root, derive) in derived {
        propagate_derive(model, root, &derive, diagnostics);
    }
}

/// A derive needs every field's type to implement it: `derive` on the type at `root` is
/// added to every generated type its fields reach, or, when a field's type cannot have it
/// (`f64` is not `Eq` or `Hash`, a map or raw JSON not `Hash`), left out with a warning
/// naming those fields.
fn propagate_derive(model: &mut Model, root: usize, derive: &str, diagnostics: &mut Diagnostics) {
    let mut reached = vec![root];
    let mut blockers = Vec::new();
    let mut next = 0;
    while let Some(&index) = reached.get(next) {
        next += 1;
        let def = &model.types[index];
        if index != root && def.replacement.is_some() {
            blockers.push(format!("the hand-written `{}` (add it there, then here)", def.name));
            continue;
        }
        let mut leaves: Vec<(String, &Ty)> = Vec::new();
        match &def.kind {
            TypeKind::Struct(s) => leaves.extend(s.fields.iter().map(|f| (format!("{}.{}", def.name, f.ident), &f.ty))),
            TypeKind::Union(u) => {
                leaves.extend(u.variants.iter().map(|v| (format!("{}::{}", def.name, v.name_hint), &v.ty)));
                if !allowed(derive, Leaf::Json) {
                    blockers.push(format!("raw JSON in `{}::{}`", def.name, u.fallback));
                }
            }
            TypeKind::Alias(ty) => leaves.push((def.name.clone(), ty)),
            TypeKind::StringEnum(_) => {}
        }
        for (place, ty) in leaves {
            blocked_leaves(ty, derive, &place, &mut blockers);
            ty.visit_named(&mut |id| {
                if !reached.contains(&id.0) {
                    reached.push(id.0);
                }
            });
        }
    }
    let name = model.types[root].name.clone();
    if !blockers.is_empty() {
        blockers.sort();
        blockers.dedup();
        diagnostics.warn(
            model.types[root].pointer.clone(),
            format!(
                "spec/types.yaml: `{derive}` on `{name}` needs it of its fields' types, and {} cannot have it; left out",
                blockers.join(", ")
            ),
        );
        model.types[root].extra_derives.retain(|d| d != derive);
        return;
    }
    for index in reached.into_iter().skip(1) {
        let def = &mut model.types[index];
        // Aliases have no derives of their own; string enums derive these already.
        let has_it = matches!(def.kind, TypeKind::Alias(_))
            || (matches!(def.kind, TypeKind::StringEnum(_)) && ["PartialEq", "Eq", "Hash"].contains(&derive))
            || def.extra_derives.iter().any(|d| d == derive);
        if !has_it {
            def.extra_derives.push(derive.to_owned());
        }
    }
}

/// A type that is not a generated one.
#[derive(Clone, Copy)]
enum Leaf {
    Float,
    Json,
    HashMap,
    File,
}

/// Whether `derive` can be had by `leaf`. Derives the SDK does not know are assumed to fit.
fn allowed(derive: &str, leaf: Leaf) -> bool {
    let last = derive.rsplit("::").next().unwrap_or(derive);
    match leaf {
        Leaf::Float => !matches!(last, "Eq" | "Hash" | "Ord"),
        Leaf::Json | Leaf::HashMap => !matches!(last, "Hash" | "PartialOrd" | "Ord"),
        Leaf::File => matches!(last, "Debug" | "Clone"),
    }
}

/// The places inside `ty` (not in generated types it names) that cannot have `derive`.
fn blocked_leaves(ty: &Ty, derive: &str, place: &str, blockers: &mut Vec<String>) {
    let (leaf, what) = match ty {
        Ty::Number => (Leaf::Float, "`f64`"),
        Ty::Json => (Leaf::Json, "raw JSON"),
        Ty::Binary => (Leaf::File, "a file"),
        Ty::Map(inner) => {
            blocked_leaves(inner, derive, place, blockers);
            (Leaf::HashMap, "a map")
        }
        Ty::List(inner) | Ty::Boxed(inner) => return blocked_leaves(inner, derive, place, blockers),
        _ => return,
    };
    if !allowed(derive, leaf) {
        blockers.push(format!("{what} in `{place}`"));
    }
}
