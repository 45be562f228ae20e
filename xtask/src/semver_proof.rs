//! `cargo xtask semver-proof`: shows with cargo-semver-checks that the crate's evolution
//! policy holds. A crate generated from a fixture spec is the baseline; one generated after
//! additions only (`additive.yaml`: values, variants, fields, operations, types, events,
//! webhooks) must be semver-compatible with it, and one generated after removals and
//! retypings (`new.yaml`) must be reported as breaking. `cargo xtask api-diff` must give
//! the same verdicts. Not part of `cargo xtask test`: cargo-semver-checks takes minutes
//! to install (`cargo install cargo-semver-checks --locked`).

use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::diff::Semver;

pub fn run(root: &Path) -> ExitCode {
    crate::exit_code(prove(root))
}

const FIXTURES: &str = "tests/fixtures/api_diff";

fn prove(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let version = Command::new(&cargo).args(["semver-checks", "--version"]).output();
    if !version.as_ref().is_ok_and(|o| o.status.success()) {
        return Err("cargo-semver-checks is not installed: cargo install cargo-semver-checks --locked".into());
    }
    let config = crate::rules(root)?;
    let dir = std::env::temp_dir().join(format!("openai-sdk-semver-proof-{}", std::process::id()));
    let result = (|| {
        let mut models = Vec::new();
        for name in ["old", "additive", "new"] {
            let spec = root.join(FIXTURES).join(format!("{name}.yaml"));
            let generation = codegen::generate(&spec, &config).map_err(|e| e.to_string())?;
            crate::write_standalone(&dir.join(name), &generation)?;
            models.push(generation.model);
        }
        for (i, name, expected) in [(1, "additive", Semver::Minor), (2, "new", Semver::Major)] {
            let changes = codegen::diff::diff(&models[0], &models[i]);
            let verdict = codegen::diff::verdict(&changes);
            println!("api-diff     old → {name}: {verdict:?} ({} changes)", changes.len());
            if verdict != expected {
                return Err(format!("api-diff says {verdict:?} for old → {name}; expected {expected:?}"));
            }
            let output = Command::new(&cargo)
                .args(["semver-checks", "--color", "never", "--release-type", "minor", "--manifest-path"])
                .arg(dir.join(name).join("Cargo.toml"))
                .arg("--baseline-root")
                .arg(dir.join("old"))
                // Shared between runs, so dependencies are documented once.
                .env("CARGO_TARGET_DIR", crate::build_report::target_dir(root, "semver-proof"))
                .output()
                .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
            let report =
                String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
            let failed: Vec<&str> = report.lines().filter(|l| l.trim_start().starts_with("--- failure")).collect();
            println!(
                "semver-checks old → {name} as a minor release: {}",
                if output.status.success() { "compatible" } else { "breaking" }
            );
            for line in &failed {
                println!("  {}", line.trim());
            }
            match (expected, output.status.success()) {
                (Semver::Minor, false) => return Err(format!("additions alone broke semver:\n{report}")),
                (Semver::Major, true) => return Err(format!("removals passed as a minor release:\n{report}")),
                (Semver::Major, false) if failed.is_empty() => {
                    return Err(format!("cargo semver-checks failed without naming a lint:\n{report}"))
                }
                _ => {}
            }
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
