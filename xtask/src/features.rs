//! The openai-sdk crate's API group features, and the check that each builds alone.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The API group features: the `full` feature's list in `openai-sdk/Cargo.toml`.
pub fn groups(root: &Path) -> Result<Vec<String>, String> {
    let manifest = root.join("openai-sdk/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("full = ["))
        .ok_or_else(|| format!("{}: no `full = [...]` feature", manifest.display()))?;
    let list =
        line.split_once('[').and_then(|(_, rest)| rest.split_once(']')).map(|(list, _)| list).unwrap_or_default();
    Ok(list.split(',').map(|g| g.trim().trim_matches('"').to_string()).filter(|g| !g.is_empty()).collect())
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
            .env("CARGO_TARGET_DIR", root.join("target/features"))
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
