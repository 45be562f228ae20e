//! `cargo xtask spec-update PATH [--commit SHA] [--date DATE]`: take a new spec into the
//! repository (`spec/openapi.yaml`, recorded in `spec/SOURCE`), regenerate openai-sdk, and
//! say what changed for users: the API diff (printed, and written as a `CHANGELOG.md`
//! entry), groups, and the hand-written files that do not build on the new spec, grouped by
//! file with what the compiler says.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use codegen::{Generation, Severity};

/// Where the upstream spec came from, as `spec/SOURCE` records it.
pub struct Source {
    pub commit: Option<String>,
    pub date: Option<String>,
}

pub fn run(root: &Path, new_spec: &Path, source: Source) -> ExitCode {
    crate::exit_code(update(root, new_spec, source))
}

fn update(root: &Path, new_spec: &Path, source: Source) -> Result<(), String> {
    let config = crate::rules(root)?;
    let pinned = root.join("spec/openapi.yaml");
    let old = codegen::generate(&pinned, &config).map_err(|e| format!("the current spec: {e}"))?;
    // Generated before anything is copied: a spec the generator rejects changes nothing.
    let new = codegen::generate(new_spec, &crate::rules_for(root, new_spec)?).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(new_spec).map_err(|e| format!("{}: {e}", new_spec.display()))?;
    std::fs::write(&pinned, &bytes).map_err(|e| format!("{}: {e}", pinned.display()))?;
    let record = format!(
        "# Where spec/openapi.yaml comes from. `cargo xtask spec-update PATH` rewrites this file.\n\
         # spec_sha256 is the spec's fingerprint (SHA-256 of its normalised JSON), as in\n\
         # openai-sdk/.stats.yml; `cargo xtask codegen --check` fails when the spec's is another.\n\
         repository: https://github.com/openai/openai-openapi\n\
         commit: {}\n\
         date: {}\n\
         file: {}\n\
         spec_sha256: {}\n",
        source.commit.as_deref().unwrap_or("unknown (pass --commit)"),
        source.date.as_deref().unwrap_or("unknown (pass --date)"),
        new_spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        new.model.spec.sha256,
    );
    std::fs::write(root.join("spec/SOURCE"), record).map_err(|e| format!("spec/SOURCE: {e}"))?;
    crate::write(&root.join("openai-sdk"), &new)?;
    let changes = codegen::diff::diff(&old.model, &new.model);
    print!("{}", codegen::diff::markdown("API changes", 1, &changes));
    let title = format!(
        "Spec {} ({})",
        source.commit.as_deref().map(|c| &c[..c.len().min(7)]).unwrap_or("update"),
        source.date.as_deref().unwrap_or("undated")
    );
    add_changelog_entry(&root.join("CHANGELOG.md"), &codegen::diff::markdown(&title, 2, &changes))?;
    println!();
    print_changes(&old, &new);
    hand_written_report(root)?;
    println!("next         cargo xtask test, then review and commit spec/, openai-sdk/ and the notes above");
    Ok(())
}

const CHANGELOG_HEAD: &str = "# Changelog\n\n\
What changed for users of openai-sdk, one entry per spec update, newest first. `cargo xtask\n\
spec-update` writes each entry from the API diff (`cargo xtask api-diff`): every change is\n\
breaking or additive for this crate, and the verdict is the version bump it needs.\n";

/// Puts `entry` first among the entries of the changelog at `path` (created if missing).
fn add_changelog_entry(path: &Path, entry: &str) -> Result<(), String> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => CHANGELOG_HEAD.to_string(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let at = existing.find("\n## ").map_or(existing.len(), |i| i + 1);
    let (head, entries) = existing.split_at(at);
    let text = format!("{}\n\n{entry}\n{entries}", head.trim_end());
    std::fs::write(path, text.trim_end().to_string() + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "changelog    {}: entry \"{}\"",
        path.display(),
        entry.lines().next().unwrap_or_default().trim_start_matches("# ")
    );
    Ok(())
}

/// Whether `spec/SOURCE` (at `source`) still describes the pinned spec, whose fingerprint
/// is `fingerprint` (the one `.stats.yml` records): one fingerprint for both. A spec edited by
/// hand (or copied in without `spec-update`) leaves it stale, and `codegen --check` says so.
pub fn check_source(source: &Path, fingerprint: &str) -> Result<(), String> {
    let record = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let recorded = record
        .lines()
        .find_map(|line| line.strip_prefix("spec_sha256:"))
        .map(str::trim)
        .ok_or_else(|| format!("{} records no spec_sha256 of the spec", source.display()))?;
    if recorded == fingerprint {
        return Ok(());
    }
    Err(format!(
        "{} records spec_sha256 {recorded}, but the pinned spec's is {fingerprint}: the spec changed without \
         `cargo xtask spec-update`; take specs with it (it records where the spec came from), or correct spec/SOURCE",
        source.display(),
    ))
}

fn groups(g: &Generation) -> BTreeSet<String> {
    codegen::emit::features::groups(&g.model)
}

/// Builds every target of the regenerated crate and names the hand-written files that
/// fail on the new spec (they are written against the spec before it).
fn hand_written_report(root: &Path) -> Result<(), String> {
    let target = crate::build_report::target_dir(root, "");
    let report = crate::build_report::cargo(
        &root.join("openai-sdk"),
        &target,
        &["check", "-p", "openai-sdk", "--all-targets", "--all-features", "--quiet"],
        false,
    )?;
    if report.success {
        println!("hand-written every file builds on the new spec");
    } else {
        println!("hand-written {} files do not build on the new spec; change them with it:", report.hand_written.len());
        report.print(3);
    }
    Ok(())
}

fn print_changes(old: &Generation, new: &Generation) {
    // Operations and types are in the API report above.
    let show = |what: &str, before: BTreeSet<String>, after: BTreeSet<String>| {
        let added: Vec<&String> = after.difference(&before).collect();
        let removed: Vec<&String> = before.difference(&after).collect();
        println!("{what:<12} {} → {} ({} added, {} removed)", before.len(), after.len(), added.len(), removed.len());
        for item in added {
            println!("  + {item}");
        }
        for item in removed {
            println!("  - {item}");
        }
    };
    show("groups", groups(old), groups(new));
    let warnings = new.diagnostics.count(Severity::Warning);
    println!("warnings     {warnings} (cargo xtask codegen --verbose lists them; CI runs with --strict)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_changed_by_hand_leaves_spec_source_stale() {
        let dir = std::env::temp_dir().join(format!("xtask-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fingerprint = |text: &str| {
            std::fs::write(dir.join("openapi.yaml"), text).unwrap();
            codegen::fingerprint(codegen::load::load(&dir.join("openapi.yaml")).unwrap())
        };
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
        std::fs::write(dir.join("SOURCE"), format!("commit: abc\nspec_sha256: {}\n", fingerprint(spec))).unwrap();
        assert_eq!(check_source(&dir.join("SOURCE"), &fingerprint(spec)), Ok(()));
        let edited = "openapi: 3.1.0\ninfo: {title: t, version: '2'}\npaths: {}\n";
        let error = check_source(&dir.join("SOURCE"), &fingerprint(edited)).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains("without `cargo xtask spec-update`"), "{error}");
    }

    /// `spec/SOURCE` and `.stats.yml` hold the one fingerprint of the pinned spec.
    #[test]
    fn the_committed_spec_source_is_current() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let spec = codegen::load::load(&root.join("spec/openapi.yaml")).unwrap();
        let fingerprint = codegen::fingerprint(spec);
        assert_eq!(check_source(&root.join("spec/SOURCE"), &fingerprint), Ok(()));
        let stats = std::fs::read_to_string(root.join("openai-sdk/.stats.yml")).unwrap();
        assert!(stats.contains(&format!("spec_sha256: {fingerprint}")), "{stats}");
    }

    #[test]
    fn changelog_entries_go_first_under_the_head() {
        let path = std::env::temp_dir().join(format!("xtask-changelog-{}.md", std::process::id()));
        let _ = std::fs::remove_file(&path);
        add_changelog_entry(&path, "## Spec aaaaaaa (2026-01-01)\n\nfirst\n").unwrap();
        add_changelog_entry(&path, "## Spec bbbbbbb (2026-02-01)\n\nsecond\n").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            text,
            format!(
                "{}\n## Spec bbbbbbb (2026-02-01)\n\nsecond\n\n## Spec aaaaaaa (2026-01-01)\n\nfirst\n",
                CHANGELOG_HEAD
            )
        );
    }
}
