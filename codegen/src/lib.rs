//! The openai-sdk generator.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! 1. [`load`]: read the spec file (YAML or JSON) into a JSON value.
//! 2. [`normalize`]: rewrite OpenAPI 3.1 idioms into the 3.0 shapes `openapiv3` models.
//!    [`sdk_only`] then leaves out the properties the API never sends (`spec/properties.yaml`).
//! 3. [`parse`]: deserialize the normalised value into `openapiv3` types, part by part, so
//!    one bad schema is a warning and not a failed run.
//! 4. [`lower`]: turn schemas into the intermediate representation in [`ir`]; [`validate`]
//!    warns where the spec cannot be taken as it is, and applies a fallback.
//! 5. [`analyze`]: box recursive fields, decide serde derives, place types in modules.
//! 6. [`names`]: give every type, field and variant its Rust name, over the whole namespace;
//!    [`overrides`] then applies `spec/types.yaml` (renames, hand-written replacements, derives).
//! 7. [`emit`]: print Rust with `quote` and `prettyplease`, and the crate's features.
//!
//! [`generate`] runs them all and returns the files to write; the caller (xtask) writes or
//! compares them.

pub mod analyze;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod familiar;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod naming;
pub mod normalize;
pub mod overrides;
pub mod parse;
pub mod rules;
pub mod sdk_only;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics, Error, Severity};
pub use rules::Config;

/// One file the generator produces, relative to the crate root it generates into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated crate's root, with `/` separators.
    pub path: PathBuf,
    /// Full contents, or with `region` the lines of the generated region.
    pub contents: String,
    /// The file is written by hand but for one region: `contents` replaces the lines from
    /// [`REGION_BEGIN`] to [`REGION_END`] (both kept).
    pub region: bool,
}

/// The line that opens the generated region of a hand-written file.
pub const REGION_BEGIN: &str = "# @generated begin: written by `cargo xtask codegen`; do not edit by hand.";
/// The line that closes it.
pub const REGION_END: &str = "# @generated end";

impl GeneratedFile {
    /// `existing` (the file on disk) with this file's contents in place: the whole file, or
    /// the region. An error when a region file has no region.
    pub fn apply(&self, existing: Option<&str>) -> Result<String, String> {
        if !self.region {
            return Ok(self.contents.clone());
        }
        let path = self.path.display();
        let existing = existing.ok_or_else(|| format!("{path}: missing (it holds a generated region)"))?;
        let begin = existing.find(REGION_BEGIN).ok_or_else(|| format!("{path}: no `{REGION_BEGIN}` line"))?;
        let after_begin = begin + REGION_BEGIN.len();
        let end = existing[after_begin..]
            .find(REGION_END)
            .map(|i| after_begin + i)
            .ok_or_else(|| format!("{path}: no `{REGION_END}` line after the region's start"))?;
        Ok(format!("{}\n{}{}", &existing[..after_begin], self.contents, &existing[end..]))
    }
}

/// Counts reported after a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Operations in the spec.
    pub operations: usize,
    /// Schemas under `components.schemas`.
    pub component_schemas: usize,
    /// Rust types emitted (component and inline).
    pub types: usize,
    /// Struct fields and union variants typed as `serde_json::Value` because the spec leaves them untyped.
    pub untyped_fields: usize,
    /// Types and fields without docs because the spec describes them nowhere.
    pub undocumented: usize,
    /// Webhook events read from the top-level `webhooks` section.
    pub webhooks: usize,
    /// Lines of Rust written.
    pub lines: usize,
    /// Wall time of the whole pipeline.
    pub elapsed: Duration,
}

/// The result of a generator run.
#[derive(Debug)]
pub struct Generation {
    /// Files to write under the generated crate's root.
    pub files: Vec<GeneratedFile>,
    /// Warnings and notes, each naming the file and JSON pointer.
    pub diagnostics: Diagnostics,
    /// Counts for the one-screen summary.
    pub summary: Summary,
    /// The intermediate representation the files were printed from (for tests and tools).
    pub model: ir::Model,
}

/// SHA-256 (hex) of a spec after normalisation, as compact JSON: the same for a spec in
/// YAML or JSON and for one that only reorders its sections (which generates the same
/// crate), so a generated crate can name the spec it came from (`.stats.yml`) and tools can
/// find that spec again.
pub fn fingerprint(raw: serde_json::Value) -> String {
    let normalized = normalize::normalize(raw, &mut Diagnostics::new(Path::new("")));
    fingerprint_normalized(&normalized)
}

fn fingerprint_normalized(normalized: &serde_json::Value) -> String {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(normalized).unwrap_or_default();
    Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs the whole pipeline on the spec at `spec_path`, shaping operations by `config`.
pub fn generate(spec_path: &Path, config: &Config) -> Result<Generation, Error> {
    let started = Instant::now();
    let raw = load::load(spec_path)?;
    generate_from_value(spec_path, raw, config, started)
}

/// Runs the pipeline on a spec already loaded into a JSON value (`origin` names it in messages).
pub fn generate_from_value(
    origin: &Path,
    raw: serde_json::Value,
    config: &Config,
    started: Instant,
) -> Result<Generation, Error> {
    let mut diagnostics = Diagnostics::new(origin);
    let normalized = normalize::normalize(raw, &mut diagnostics);
    let spec = ir::SpecStamp {
        version: normalized.pointer("/info/version").and_then(|v| v.as_str()).unwrap_or_default().to_string(),
        sha256: fingerprint_normalized(&normalized),
    };
    let mut normalized = normalized;
    sdk_only::leave_out(&mut normalized, &config.properties, &mut diagnostics);
    let document = parse::parse(origin, &normalized, &mut diagnostics)?;
    let mut model = lower::lower(&document, config, &mut diagnostics);
    model.spec = spec;
    validate::check_resolution(document.schemas.len(), &diagnostics).map_err(|message| Error::Invalid {
        path: origin.to_path_buf(),
        pointer: "/components/schemas".into(),
        message,
    })?;
    validate::alias_cycles(&mut model, &mut diagnostics);
    validate::duplicate_enum_values(&mut model, &mut diagnostics);
    analyze::analyze(&mut model);
    names::assign(&mut model);
    overrides::apply(&mut model, &config.types, config.other_spec, &mut diagnostics);
    familiar::assign(&mut model, &config.return_types, &mut diagnostics);
    validate::identifiers(&model, &mut diagnostics);
    let files = emit::emit(&model, config);
    let summary = Summary {
        operations: document.operations.len(),
        component_schemas: document.schemas.len(),
        types: model.types.len(),
        untyped_fields: model.untyped_fields(),
        undocumented: model.undocumented(),
        webhooks: document.webhooks.len(),
        lines: files.iter().map(|f| f.contents.lines().count()).sum(),
        elapsed: started.elapsed(),
    };
    Ok(Generation { files, diagnostics, summary, model })
}
