//! `cargo xtask spec-update PATH [--commit SHA] [--date DATE]`: take a new spec into the
//! repository (`spec/openapi.yaml`, recorded in `spec/SOURCE`), regenerate openai-sdk, and
//! say what changed for users: operations and types added and removed, groups, and the
//! hand-written parts the new spec leaves out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use codegen::{Generation, Severity};
use sha2::{Digest, Sha256};

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
    let new = codegen::generate(new_spec, &config).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(new_spec).map_err(|e| format!("{}: {e}", new_spec.display()))?;
    std::fs::write(&pinned, &bytes).map_err(|e| format!("{}: {e}", pinned.display()))?;
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let record = format!(
        "# Where spec/openapi.yaml comes from. `cargo xtask spec-update PATH` rewrites this file.\n\
         repository: https://github.com/openai/openai-openapi\n\
         commit: {}\n\
         date: {}\n\
         file: {}\n\
         sha256: {sha256}\n",
        source.commit.as_deref().unwrap_or("unknown (pass --commit)"),
        source.date.as_deref().unwrap_or("unknown (pass --date)"),
        new_spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    );
    std::fs::write(root.join("spec/SOURCE"), record).map_err(|e| format!("spec/SOURCE: {e}"))?;
    crate::write(&root.join("openai-sdk"), &new)?;
    print_changes(&old, &new);
    println!("next         cargo xtask test, then review and commit spec/, openai-sdk/ and the notes above");
    Ok(())
}

/// `resource.method` → `VERB /path` of every operation.
fn operations(g: &Generation) -> BTreeMap<String, String> {
    g.model
        .operations
        .iter()
        .map(|op| {
            (
                format!("{}.{}", op.resource.join("."), op.method),
                format!("{} {}", op.verb.to_ascii_uppercase(), op.path),
            )
        })
        .collect()
}

fn types(g: &Generation) -> BTreeSet<String> {
    g.model.types.iter().map(|t| t.name.clone()).collect()
}

fn groups(g: &Generation) -> BTreeSet<String> {
    codegen::emit::features::groups(&g.model)
}

fn left_out(g: &Generation) -> BTreeSet<String> {
    g.parts
        .iter()
        .filter(|p| !p.missing.is_empty())
        .map(|p| format!("{}: lacks {}", p.name, p.missing.join(", ")))
        .collect()
}

fn print_changes(old: &Generation, new: &Generation) {
    let show = |what: &str, before: BTreeSet<String>, after: BTreeSet<String>, list: bool| {
        let added: Vec<&String> = after.difference(&before).collect();
        let removed: Vec<&String> = before.difference(&after).collect();
        println!("{what:<12} {} → {} ({} added, {} removed)", before.len(), after.len(), added.len(), removed.len());
        if list {
            for item in added {
                println!("  + {item}");
            }
            for item in removed {
                println!("  - {item}");
            }
        }
    };
    let (before, after) = (operations(old), operations(new));
    let keys = |m: &BTreeMap<String, String>| m.iter().map(|(k, v)| format!("{k} ({v})")).collect::<BTreeSet<_>>();
    let by_name = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<BTreeSet<_>>();
    show("operations", by_name(&before), by_name(&after), false);
    for (name, at) in &after {
        match before.get(name) {
            None => println!("  + {name} ({at})"),
            Some(was) if was != at => println!("  ~ {name}: {was} → {at}"),
            Some(_) => {}
        }
    }
    for removed in keys(&before).iter().filter(|k| !after.contains_key(k.split(' ').next().unwrap_or_default())) {
        println!("  - {removed}");
    }
    show("groups", groups(old), groups(new), true);
    show("types", types(old), types(new), false);
    show("left out", left_out(old), left_out(new), true);
    let warnings = new.diagnostics.count(Severity::Warning);
    println!("warnings     {warnings} (cargo xtask codegen --verbose lists them; CI runs with --strict)");
}
