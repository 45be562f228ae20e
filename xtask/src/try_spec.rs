//! `cargo xtask try-spec PATH`: does a crate generated from this spec build?
//!
//! Two builds, in a standalone copy of the crate in a temporary directory:
//! 1. the generated API on the core alone (`runtime`, `types`, `resources`), which must
//!    build warning-free on any spec;
//! 2. the whole crate with every target (`cargo check --all-targets`, warnings denied, and
//!    `cargo test --no-run` when asked). Hand-written helpers, tests and examples are
//!    written against the committed spec: where this spec lacks what they use, the files
//!    that fail are named, grouped, with what the compiler says of each.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::build_report::{self, Report};

/// How much of the crate must build for the run to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Everything, tests linked too (the pinned spec, or a spec about to be taken).
    Everything,
    /// The generated code; hand-written files that fail are reported, not failed on (an
    /// older spec, a fixture spec).
    GeneratedCode,
}

/// The root of the API-only build: the core and the generated modules, no helper.
const API_ONLY_LIB: &str = "\
//! The generated API on the core alone (`cargo xtask try-spec`'s first build).
#![allow(missing_docs)]
pub mod runtime;
#[rustfmt::skip]
pub mod resources;
#[rustfmt::skip]
pub mod types;
";

/// Generates from `spec` into a temporary directory, builds it as `expect` says, and
/// removes it.
pub fn run(root: &Path, spec: &Path, expect: Expect) -> ExitCode {
    crate::exit_code(try_spec(root, spec, expect))
}

fn try_spec(root: &Path, spec: &Path, expect: Expect) -> Result<(), String> {
    let started = Instant::now();
    let config = crate::rules_for(root, spec)?;
    let generation = codegen::generate(spec, &config).map_err(|e| e.to_string())?;
    // Outside the workspace, so the copy is a package of its own.
    let dir = std::env::temp_dir().join(format!("openai-sdk-try-spec-{}", std::process::id()));
    let out = dir.join("openai-sdk");
    let result = (|| {
        crate::write_standalone(&out, &generation)?;
        let s = &generation.summary;
        println!(
            "generated    {} operations, {} types, {} warnings, {} notes ({:.1} s) into {}",
            s.operations,
            s.types,
            generation.diagnostics.count(codegen::Severity::Warning),
            generation.diagnostics.count(codegen::Severity::Note),
            started.elapsed().as_secs_f64(),
            out.display()
        );
        for warning in generation.diagnostics.lines().filter(|l| l.starts_with("warning")) {
            println!("{warning}");
        }
        // Shared between runs, so dependencies build once.
        let target = build_report::target_dir(root, "try-spec");
        check_api_only(&out, &target)?;
        let step = Instant::now();
        let whole = build_report::cargo(&out, &target, &["check", "--all-targets", "--quiet"], true)?;
        if !whole.generated.is_empty() || !whole.other.is_empty() {
            whole.print(5);
            return Err(format!("the crate generated from {} does not build (above)", spec.display()));
        }
        if !whole.hand_written.is_empty() {
            println!(
                "hand-written {} files need what this spec lacks (the generated code builds):",
                whole.hand_written.len()
            );
            whole.print(3);
            return match expect {
                Expect::GeneratedCode => Ok(()),
                Expect::Everything => Err(format!(
                    "{} hand-written files do not build on {} (above): change them with the spec",
                    whole.hand_written.len(),
                    spec.display()
                )),
            };
        }
        println!("cargo check --all-targets ok ({:.0} s)", step.elapsed().as_secs_f64());
        if expect == Expect::Everything {
            let step = Instant::now();
            let linked = build_report::cargo(&out, &target, &["test", "--no-run", "--quiet"], true)?;
            fail_on_any(&linked, "cargo test --no-run")?;
            println!("cargo test --no-run      ok ({:.0} s)", step.elapsed().as_secs_f64());
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Builds the generated modules on the core alone, warnings in generated files denied.
fn check_api_only(out: &Path, target: &Path) -> Result<(), String> {
    let step = Instant::now();
    let lib = out.join("src/lib.rs");
    let full = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    std::fs::write(&lib, API_ONLY_LIB).map_err(|e| format!("{}: {e}", lib.display()))?;
    let report = build_report::cargo(out, target, &["check", "--lib", "--quiet"], true);
    std::fs::write(&lib, full).map_err(|e| format!("{}: {e}", lib.display()))?;
    let report = report?;
    // The core alone may leave parts of itself unused (what only helpers call): not an
    // error of the generated code.
    let errors_in_core = report.hand_written.values().flatten().filter(|m| m.contains(" error: ")).count();
    if !report.generated.is_empty() || !report.other.is_empty() || errors_in_core > 0 {
        report.print(5);
        return Err("the generated API does not build on the core alone (above)".into());
    }
    println!("generated API on the core alone ok, warning-free ({:.0} s)", step.elapsed().as_secs_f64());
    Ok(())
}

fn fail_on_any(report: &Report, what: &str) -> Result<(), String> {
    if report.success && report.generated.is_empty() && report.hand_written.is_empty() {
        return Ok(());
    }
    report.print(5);
    Err(format!("`{what}` fails (above)"))
}
