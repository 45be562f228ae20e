//! What the compiler says about a crate, sorted by who wrote each file: the generator (files
//! that start with its header) or a person. The generated code must build on any spec; a
//! hand-written helper is written against the committed spec, so on another spec it may not,
//! and the maintainer is told which files fail and on what.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::emit::HEADER;

/// The compiler's errors and warnings, by file.
#[derive(Debug, Default)]
pub struct Report {
    /// In generated files: each is a generator bug or a spec it cannot take.
    pub generated: BTreeMap<PathBuf, Vec<String>>,
    /// In hand-written files.
    pub hand_written: BTreeMap<PathBuf, Vec<String>>,
    /// The build failed for a reason no file is named for (a dependency, the manifest).
    pub other: Vec<String>,
    /// Whether cargo succeeded.
    pub success: bool,
}

impl Report {
    /// Every message, grouped by file, generated files first, at most `per_file` each.
    pub fn print(&self, per_file: usize) {
        for (title, files) in [("generated", &self.generated), ("hand-written", &self.hand_written)] {
            for (file, messages) in files {
                println!("  {title} {} ({} messages)", file.display(), messages.len());
                for message in messages.iter().take(per_file) {
                    println!("    {message}");
                }
                if messages.len() > per_file {
                    println!("    ... and {} more", messages.len() - per_file);
                }
            }
        }
        for message in &self.other {
            println!("  {message}");
        }
    }
}

/// The target directory sub-builds use: `CARGO_TARGET_DIR` when the caller set one, else
/// the workspace's, with `name` below it so each kind of sub-build keeps its own.
pub fn target_dir(root: &Path, name: &str) -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let base = if base.is_absolute() { base } else { root.join(base) };
    base.join(name)
}

/// Runs `cargo <args> --message-format=json` in `dir` and sorts what the compiler says.
/// Warnings count only where `deny_warnings`.
pub fn cargo(dir: &Path, target: &Path, args: &[&str], deny_warnings: bool) -> Result<Report, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .arg("--message-format=json")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut report = Report { success: output.status.success(), ..Report::default() };
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if value["reason"] != "compiler-message" {
            continue;
        }
        let message = &value["message"];
        let level = message["level"].as_str().unwrap_or_default();
        if level != "error" && !(deny_warnings && level == "warning") {
            continue;
        }
        let text = message["message"].as_str().unwrap_or_default();
        let primary = message["spans"].as_array().and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
        let Some(span) = primary else {
            if !text.starts_with("aborting due to") && !text.contains("warnings emitted") {
                report.other.push(format!("{level}: {text}"));
            }
            continue;
        };
        let file = PathBuf::from(span["file_name"].as_str().unwrap_or_default());
        let entry = format!("{}:{} {level}: {text}", file.display(), span["line_start"]);
        let generated = std::fs::read_to_string(dir.join(&file)).is_ok_and(|t| t.starts_with(HEADER));
        let files = if generated { &mut report.generated } else { &mut report.hand_written };
        let messages = files.entry(file).or_default();
        if !messages.contains(&entry) {
            messages.push(entry);
        }
    }
    if !report.success && report.generated.is_empty() && report.hand_written.is_empty() && report.other.is_empty() {
        report.other.push(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    Ok(report)
}
