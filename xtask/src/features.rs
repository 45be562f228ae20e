//! The openai-sdk crate's API group features, and the check that each builds alone.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The API group features: the groups of the pinned spec, as the generator finds them
/// (the generated features region of `openai-sdk/Cargo.toml` lists the same, which
/// `codegen --check` makes sure of).
pub fn groups(root: &Path) -> Result<Vec<String>, String> {
    let config = crate::rules(root)?;
    let generation = codegen::generate(&root.join("spec/openapi.yaml"), &config).map_err(|e| e.to_string())?;
    Ok(codegen::emit::features::groups(&generation.model).into_iter().collect())
}

/// `cargo check -p openai-sdk` with no default features, then with each group feature
/// alone, warnings denied, in a target directory of its own (so the main one keeps its
/// flags).
pub fn check_each(root: &Path, cargo: &str) -> Result<(), String> {
    let mut sets: Vec<Vec<String>> = vec![Vec::new()];
    sets.extend(groups(root)?.into_iter().map(|g| vec!["rustls-ring".to_string(), g]));
    for features in sets {
        let started = Instant::now();
        let mut command = Command::new(cargo);
        command
            .args(["check", "--quiet", "-p", "openai-sdk", "--no-default-features"])
            .env("CARGO_TARGET_DIR", crate::build_report::target_dir(root, "features"))
            .env("RUSTFLAGS", "-D warnings")
            .current_dir(root);
        if !features.is_empty() {
            command.args(["--features", &features.join(",")]);
        }
        let status = command.status().map_err(|e| format!("cannot run cargo: {e}"))?;
        let shown = if features.is_empty() { "--no-default-features".to_string() } else { features.join(",") };
        if !status.success() {
            return Err(format!("openai-sdk does not build with {shown}"));
        }
        println!("    {shown}: ok ({:.1} s)", started.elapsed().as_secs_f64());
    }
    Ok(())
}
