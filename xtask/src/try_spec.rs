//! `cargo xtask try-spec PATH`: does a crate generated from this spec build, every target of
//! it, warning-free? The spec need not be the pinned one: an older or newer OpenAI spec
//! gives a crate without the hand-written parts it cannot carry (`spec/available.yaml`),
//! never one that fails to compile.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Generates from `spec` into a temporary directory, builds it (also linking its tests
/// when `link`), and removes it.
pub fn run(root: &Path, spec: &Path, link: bool) -> ExitCode {
    crate::exit_code(try_spec(root, spec, link))
}

fn try_spec(root: &Path, spec: &Path, link: bool) -> Result<(), String> {
    let started = Instant::now();
    let config = crate::rules(root)?;
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
        let left_out: Vec<&str> =
            generation.parts.iter().filter(|p| !p.missing.is_empty()).map(|p| p.name.as_str()).collect();
        println!(
            "left out     {} of {} hand-written parts: {}",
            left_out.len(),
            generation.parts.len(),
            left_out.join(", ")
        );
        for warning in generation.diagnostics.lines().filter(|l| l.starts_with("warning")) {
            println!("{warning}");
        }
        let steps: &[&[&str]] =
            if link { &[&["check", "--all-targets"], &["test", "--no-run"]] } else { &[&["check", "--all-targets"]] };
        for &args in steps {
            let step = Instant::now();
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .args(args)
                .arg("--quiet")
                .current_dir(&out)
                // Shared between runs, so dependencies build once.
                .env("CARGO_TARGET_DIR", root.join("target/try-spec"))
                .env("RUSTFLAGS", "-D warnings")
                .status()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if !status.success() {
                return Err(format!("`cargo {}` fails on the crate generated from {}", args.join(" "), spec.display()));
            }
            println!("cargo {:<18} ok ({:.0} s)", args.join(" "), step.elapsed().as_secs_f64());
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
