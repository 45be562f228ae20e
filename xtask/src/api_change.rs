//! What a stale `cargo xtask codegen --check` means for users: the API change between the
//! spec the committed crate was generated from (named by `openai-sdk/.stats.yml`) and the
//! spec it would be generated from now.

use std::path::Path;
use std::process::Command;

use codegen::{Config, Generation};

/// Lines for the log beside the list of stale files.
pub fn explain_stale(crate_dir: &Path, spec: &Path, config: &Config, now: &Generation) -> Vec<String> {
    let Some(committed) = committed_sha256(crate_dir) else {
        return vec!["the committed crate has no .stats.yml naming its spec".into()];
    };
    if committed == now.model.spec.sha256 {
        return vec!["the spec is unchanged: the generator's output for it changed".into()];
    }
    let Some((revision, text)) = find_in_history(spec, &committed) else {
        return vec![format!(
            "the committed crate comes from a spec (sha256 {}…) not in this repository's history",
            &committed[..committed.len().min(12)]
        )];
    };
    let before = codegen::load::parse_text(spec, &text).map_err(|e| e.to_string()).and_then(|raw| {
        codegen::generate_from_value(spec, raw, config, std::time::Instant::now()).map_err(|e| e.to_string())
    });
    match before {
        Ok(before) => {
            let changes = codegen::diff::diff(&before.model, &now.model);
            let mut lines = vec![format!(
                "the spec changed since {revision} (the committed crate's); for users (cargo xtask api-diff has the report):"
            )];
            lines.extend(codegen::diff::summary(&changes).lines().map(|l| format!("  {l}")));
            lines
        }
        Err(e) => vec![format!("the committed crate's spec ({revision}) no longer generates: {e}")],
    }
}

/// `spec_sha256` from the committed crate's `.stats.yml`.
fn committed_sha256(crate_dir: &Path) -> Option<String> {
    let stats = std::fs::read_to_string(crate_dir.join(".stats.yml")).ok()?;
    stats.lines().find_map(|l| l.strip_prefix("spec_sha256: ")).map(|s| s.trim().to_string())
}

/// The text of the spec file at the newest commit whose version of it has `sha256`.
fn find_in_history(spec: &Path, sha256: &str) -> Option<(String, String)> {
    let dir = spec.parent()?;
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").current_dir(dir).args(args).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let name = spec.file_name()?.to_str()?;
    let revisions = git(&["log", "--format=%h", "--", name])?;
    revisions.lines().take(200).find_map(|revision| {
        let text = git(&["show", &format!("{revision}:./{name}")])?;
        let raw = codegen::load::parse_text(spec, &text).ok()?;
        (codegen::fingerprint(&raw) == sha256).then(|| (revision.to_string(), text))
    })
}
