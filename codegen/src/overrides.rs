//! Per-type overrides from `spec/types.yaml`, applied after naming: rename a generated
//! type, stand a hand-written type in for it, or add derives. Keyed by the name the
//! generator gives the type; every use of the type follows the override.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::Diagnostics;
use crate::ir::Model;

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
                Ok(_) => model.types[index].extra_derives.push(derive.clone()),
                Err(_) => diagnostics.warn(
                    &pointer,
                    format!("spec/types.yaml: `{derive}` is not a derive's path; left out of `{name}`"),
                ),
            }
        }
    }
}
