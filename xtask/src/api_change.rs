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
        (codegen::fingerprint(raw) == sha256).then(|| (revision.to_string(), text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A git repository holding the api-diff fixture's old spec, a crate stamped with it,
    /// and then the new spec in the work tree, as after a spec change not yet regenerated.
    #[test]
    fn a_stale_crate_is_explained_by_the_api_change_since_its_spec() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/api_diff");
        let repo = std::env::temp_dir().join(format!("xtask-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&repo);
        std::fs::create_dir_all(repo.join("crate")).unwrap();
        let git = |args: &[&str]| {
            let status = Command::new("git").current_dir(&repo).args(args).output().unwrap().status;
            assert!(status.success(), "git {args:?}");
        };
        let spec = repo.join("openapi.yaml");
        let config = Config::default();
        std::fs::copy(fixtures.join("old.yaml"), &spec).unwrap();
        let old = codegen::generate(&spec, &config).unwrap();
        let stats = old.files.iter().find(|f| f.path == Path::new(".stats.yml")).unwrap();
        std::fs::write(repo.join("crate/.stats.yml"), &stats.contents).unwrap();
        git(&["init", "-q"]);
        git(&["add", "."]);
        git(&["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old"]);

        let unchanged = explain_stale(&repo.join("crate"), &spec, &config, &old);
        assert_eq!(unchanged, ["the spec is unchanged: the generator's output for it changed"]);

        std::fs::copy(fixtures.join("new.yaml"), &spec).unwrap();
        let new = codegen::generate(&spec, &config).unwrap();
        let lines = explain_stale(&repo.join("crate"), &spec, &config, &new);
        std::fs::remove_dir_all(&repo).unwrap();
        assert!(lines[0].starts_with("the spec changed since "), "{lines:?}");
        assert!(lines.iter().any(|l| l.trim() == "operations: 5 (4 breaking)"), "{lines:?}");
        assert!(lines.last().unwrap().contains("verdict: Major"), "{lines:?}");
    }
}
