//! Which hand-written parts of the crate a spec can carry (`spec/available.yaml`).
//!
//! Helpers, tests and examples written by hand name generated types and methods. A spec
//! that lacks one of them (an older one, say) must still give a crate that builds: each
//! part lists what it needs, this stage checks the model for it, and the crate's build
//! script turns every part whose needs are met (and whose features are on) into
//! `cfg(available = "<part>")`. A part left out is a note, never a compile error.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ir::{Model, TypeKind};

/// `spec/available.yaml`: part name → what it needs.
pub type AvailableConfig = BTreeMap<String, Needs>;

/// What one hand-written part needs from the generated crate.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Needs {
    /// Cargo features that must be on (API groups).
    #[serde(default)]
    pub features: Vec<String>,
    /// `operationId`s.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Rust type names.
    #[serde(default)]
    pub types: Vec<String>,
    /// Rust type name → fields (of a struct) or variants (of an enum or union) it must have.
    #[serde(default)]
    pub members: BTreeMap<String, Vec<String>>,
    /// Rust type name → the arguments of its `new`, in order (its required fields).
    #[serde(default)]
    pub new: BTreeMap<String, Vec<String>>,
    /// Other parts it uses (a test of a helper needs the helper).
    #[serde(default)]
    pub requires: Vec<String>,
}

/// One part, checked against a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its name in `cfg(available = "...")`.
    pub name: String,
    /// Features that must be on.
    pub features: Vec<String>,
    /// What the model lacks; empty when the part is available.
    pub missing: Vec<String>,
}

/// Every configured part, with what `model` lacks of its needs (a required part that is
/// left out counts as lacking).
pub fn check(config: &AvailableConfig, model: &Model) -> Vec<Part> {
    let mut parts = check_each(config, model);
    // Until no more parts drop out: requirements may chain.
    loop {
        let absent: Vec<String> = parts.iter().filter(|p| !p.missing.is_empty()).map(|p| p.name.clone()).collect();
        let mut changed = false;
        for part in &mut parts {
            for required in &config[&part.name].requires {
                let lacking = if !config.contains_key(required) {
                    format!("part `{required}` (not in spec/available.yaml)")
                } else if absent.contains(required) {
                    format!("part `{required}`")
                } else {
                    continue;
                };
                if !part.missing.contains(&lacking) {
                    part.missing.push(lacking);
                    changed = true;
                }
            }
        }
        if !changed {
            return parts;
        }
    }
}

fn check_each(config: &AvailableConfig, model: &Model) -> Vec<Part> {
    let groups = crate::emit::features::groups(model);
    config
        .iter()
        .map(|(name, needs)| {
            let mut missing = Vec::new();
            for feature in &needs.features {
                if !groups.contains(feature) {
                    missing.push(format!("API group `{feature}`"));
                }
            }
            for id in &needs.operations {
                if !model.operations.iter().any(|op| &op.id == id) {
                    missing.push(format!("operation `{id}`"));
                }
            }
            for ty in needs.types.iter().chain(needs.members.keys()).chain(needs.new.keys()) {
                if type_named(model, ty).is_none() && !missing.contains(&format!("type `{ty}`")) {
                    missing.push(format!("type `{ty}`"));
                }
            }
            for (ty, wanted) in &needs.members {
                let Some(kind) = type_named(model, ty) else { continue };
                for member in wanted {
                    if !members(kind).iter().any(|m| m == member) {
                        missing.push(format!("`{ty}::{member}`"));
                    }
                }
            }
            for (ty, args) in &needs.new {
                let Some(kind) = type_named(model, ty) else { continue };
                let actual = new_arguments(model, kind);
                if &actual != args {
                    missing.push(format!("`{ty}::new({})` (it is `new({})`)", args.join(", "), actual.join(", ")));
                }
            }
            Part { name: name.clone(), features: needs.features.clone(), missing }
        })
        .collect()
}

fn type_named<'m>(model: &'m Model, name: &str) -> Option<&'m TypeKind> {
    model.types.iter().find(|t| t.name == name).map(|t| &t.kind)
}

/// The fields of a struct, the variants of an enum or union.
fn members(kind: &TypeKind) -> Vec<&str> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.ident.as_str()).collect(),
        TypeKind::StringEnum(e) => e.values.iter().map(|v| v.ident.as_str()).chain([e.fallback.as_str()]).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.ident.as_str()).chain([u.fallback.as_str()]).collect(),
        TypeKind::Alias(_) => Vec::new(),
    }
}

/// The arguments of a struct's `new`, in order.
fn new_arguments(model: &Model, kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Struct(s) => model.constructor_fields(&s.fields).iter().map(|f| f.ident.clone()).collect(),
        _ => Vec::new(),
    }
}
