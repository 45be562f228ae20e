//! Maintainer tasks: `cargo xtask codegen [--spec PATH] [--out DIR] [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{emit::HEADER, Generation, Severity};

mod api_change;
mod build_report;
mod build_times;
mod features;
mod semver_proof;
mod spec_update;
mod try_spec;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec PATH] [--config DIR] [--out DIR] [--check] [--strict] [--verbose]
       cargo xtask try-spec PATH
       cargo xtask api-diff OLD NEW [--json]
       cargo xtask spec-update PATH [--commit SHA] [--date YYYY-MM-DD]
       cargo xtask semver-proof
       cargo xtask check
       cargo xtask test
       cargo xtask build-times

codegen:
  --spec PATH  OpenAPI spec, YAML or JSON (default: spec/openapi.yaml)
  --config DIR  naming, streaming and pagination rules (default: spec/)
  --out DIR    write a standalone copy of the crate to DIR instead of openai-sdk/
  --check      write nothing; fail and list the files that differ from a fresh generation,
               with a summary of the API change since the spec the crate was generated
               from (named by openai-sdk/.stats.yml, found in git history)
  --strict     fail when the spec gives any warning (CI runs with it)
  --verbose    print every warning and note, not just the first few

try-spec: generate a standalone crate from the spec at PATH into a temporary directory and
      build it: first the generated API on the core alone (warning-free on any spec), then
      every target (`cargo check --all-targets`, `cargo test --no-run`, warnings denied),
      naming the hand-written files that need what the spec lacks, grouped by file: what a
      maintainer runs to try a new spec before `spec-update`.

api-diff: what changed for a user of the crate between two specs (YAML or JSON, 3.0 or
      3.1), by operation and by type with Rust names, each change breaking or additive,
      and the semver bump they need; Markdown, or JSON with --json.

spec-update: copy the spec at PATH to spec/openapi.yaml (recording where it came from in
      spec/SOURCE), regenerate openai-sdk, print the API diff and add it to CHANGELOG.md as
      an entry, then the groups added and removed and the hand-written files that do not
      build on the new spec.

semver-proof: generate crates from tests/fixtures/api_diff/{old,additive,new}.yaml and show
      with cargo-semver-checks (installed by hand: `cargo install cargo-semver-checks
      --locked`) that additions alone are a minor release and removals are breaking, as
      api-diff says.

check: the quick check before pushing (a few minutes): generated code up to date, formatting,
      clippy -D warnings on every target (hand-written code calling a renamed or removed
      method fails here), and the tests without the Steady scenarios.

test: every check CI runs: generated code up to date (--strict: no warnings), formatting,
      clippy -D warnings on the whole workspace, all tests (with the Steady mock server,
      installed under target/steady), rustdoc with warnings denied, the generated code of
      tests/specs/openapi-2025-03.yaml and of each fixture spec (the hand-written files
      they break are named), and each API group feature of openai-sdk alone.

build-times: clean release builds of openai-sdk (all features, only `chat`, only
      `responses`) against a minimal reqwest + tokio + serde_json binary, with ratios.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") if args.len() == 1 => test(),
        Some("check") if args.len() == 1 => quick_check(),
        Some("build-times") if args.len() == 1 => build_times::run(&workspace_root()),
        Some("spec-update") => match spec_update_args(&args[1..]) {
            Ok((spec, source)) => spec_update::run(&workspace_root(), &spec, source),
            Err(e) => {
                eprintln!("error: {e}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("api-diff") => api_diff(&args[1..]),
        Some("semver-proof") => semver_proof::run(&workspace_root()),
        Some("try-spec") => match args.get(1..) {
            Some([spec]) => try_spec::run(&workspace_root(), Path::new(spec), try_spec::Expect::Everything),
            _ => {
                eprintln!("error: try-spec takes one spec path\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("codegen") => match CodegenArgs::parse(&args[1..]) {
            Ok(a) => codegen(a),
            Err(e) => {
                eprintln!("error: {e}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The features off by default whose code has tests of its own.
const TEST_FEATURES: &str = "openai-sdk/serialize-responses,openai-sdk/testing,openai-sdk/telemetry";

/// One cargo command of the checks.
struct Step {
    what: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

/// The checks `check` and `test` share, in order: generated code up to date, formatting,
/// clippy, the tests (`env` says how the Steady scenarios run).
fn common_steps(test_env: &'static [(&'static str, &'static str)]) -> Vec<Step> {
    vec![
        Step {
            what: "generated code is up to date",
            args: &["run", "--quiet", "--package", "xtask", "--", "codegen", "--check", "--strict"],
            env: &[],
        },
        Step {
            what: "formatting (rustfmt.toml; generated files are skipped)",
            args: &["fmt", "--all", "--check"],
            env: &[],
        },
        Step {
            what: "clippy (every target, so hand-written code that calls a renamed method fails here)",
            args: &["clippy", "--workspace", "--all-targets", "--features", TEST_FEATURES, "--", "-D", "warnings"],
            env: &[],
        },
        Step { what: "tests", args: &["test", "--workspace", "--features", TEST_FEATURES], env: test_env },
    ]
}

/// Runs `steps` in turn, stopping at the first that fails.
fn run_steps(steps: &[Step]) -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for Step { what, args, env } in steps {
        println!("==> {what}: cargo {}", args.join(" "));
        let status = std::process::Command::new(&cargo)
            .args(*args)
            .envs(env.iter().copied())
            .current_dir(workspace_root())
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => {
                eprintln!("error: {what} failed ({s})");
                return false;
            }
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                return false;
            }
        }
    }
    true
}

/// `cargo xtask check`: what a maintainer runs before pushing. The checks of `test` that
/// take seconds to minutes: no Steady scenarios, no rustdoc, no other specs, no feature
/// matrix.
fn quick_check() -> ExitCode {
    let started = std::time::Instant::now();
    if !run_steps(&common_steps(&[("OPENAI_SDK_SKIP_STEADY", "1")])) {
        return ExitCode::FAILURE;
    }
    println!("==> quick checks passed in {:.0} s (`cargo xtask test` runs them all)", started.elapsed().as_secs_f64());
    ExitCode::SUCCESS
}

/// Every check CI runs, stopping at the first that fails. (Long: the steps read top to
/// bottom, in the order CI runs them.)
fn test() -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    if let Err(e) = install_steady() {
        eprintln!("error: cannot install the Steady mock server: {e}");
        return ExitCode::FAILURE;
    }
    let mut steps = common_steps(&[("OPENAI_SDK_REQUIRE_STEADY", "1")]);
    steps.push(Step {
        what: "rustdoc",
        args: &["doc", "--workspace", "--no-deps"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    });
    if !run_steps(&steps) {
        return ExitCode::FAILURE;
    }
    println!("==> the generated code of an older spec builds (hand-written files it breaks are named): {OLDER_SPEC}");
    let older = workspace_root().join(OLDER_SPEC);
    if try_spec::run(&workspace_root(), &older, try_spec::Expect::GeneratedCode) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    let mut specs: Vec<PathBuf> = FIXTURES
        .iter()
        .flat_map(|dir| std::fs::read_dir(workspace_root().join(dir)).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    for spec in specs {
        println!("==> the generated code of a fixture spec builds: {}", spec.display());
        if try_spec::run(&workspace_root(), &spec, try_spec::Expect::GeneratedCode) != ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    }
    println!("==> each API group feature alone: cargo check -p openai-sdk --no-default-features --features GROUP");
    if let Err(e) = features::check_each(&workspace_root(), &cargo) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    println!("==> all checks passed");
    ExitCode::SUCCESS
}

/// `cargo xtask api-diff OLD NEW [--json]`.
fn api_diff(args: &[String]) -> ExitCode {
    let json = args.iter().any(|a| a == "--json");
    let specs: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    let [old, new] = specs[..] else {
        eprintln!("error: api-diff takes two spec paths\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let result = (|| {
        let root = workspace_root();
        let old = codegen::generate(Path::new(old), &rules_for(&root, Path::new(old))?).map_err(|e| e.to_string())?;
        let new = codegen::generate(Path::new(new), &rules_for(&root, Path::new(new))?).map_err(|e| e.to_string())?;
        let changes = codegen::diff::diff(&old.model, &new.model);
        let report = if json {
            let report = serde_json::json!({"verdict": codegen::diff::verdict(&changes), "changes": changes});
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
        } else {
            codegen::diff::markdown("API changes", 1, &changes)
        };
        // A reader that stops early (`| head`) is not an error.
        use std::io::Write;
        match std::io::stdout().lock().write_all(report.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the report: {e}")),
            _ => Ok(()),
        }
    })();
    exit_code(result)
}

/// The arguments of `spec-update`.
fn spec_update_args(args: &[String]) -> Result<(PathBuf, spec_update::Source), String> {
    let mut spec = None;
    let mut source = spec_update::Source { commit: None, date: None };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--commit" => source.commit = Some(it.next().ok_or("--commit needs a commit id")?.clone()),
            "--date" => source.date = Some(it.next().ok_or("--date needs a date")?.clone()),
            other if spec.is_none() && !other.starts_with('-') => spec = Some(PathBuf::from(other)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok((spec.ok_or("spec-update needs the path of the new spec")?, source))
}

struct CodegenArgs {
    spec: PathBuf,
    config: PathBuf,
    out: Option<PathBuf>,
    check: bool,
    strict: bool,
    verbose: bool,
}

impl CodegenArgs {
    fn parse(args: &[String]) -> Result<Self, String> {
        let root = workspace_root();
        let mut parsed = CodegenArgs {
            spec: root.join("spec/openapi.yaml"),
            config: root.join("spec"),
            out: None,
            check: false,
            strict: false,
            verbose: false,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--spec" => parsed.spec = it.next().ok_or("--spec needs a path")?.into(),
                "--config" => parsed.config = it.next().ok_or("--config needs a directory")?.into(),
                "--out" => parsed.out = Some(it.next().ok_or("--out needs a directory")?.into()),
                "--check" => parsed.check = true,
                "--strict" => parsed.strict = true,
                "--verbose" | "-v" => parsed.verbose = true,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        if parsed.check && parsed.out.is_some() {
            return Err("--check compares the committed crate; it does not combine with --out".into());
        }
        Ok(parsed)
    }
}

/// An older spec (2025-03, OpenAPI 3.0) whose generated code must build.
const OLDER_SPEC: &str = "tests/specs/openapi-2025-03.yaml";

/// Fixture specs: one construct each, and (`validation/`) specs the generator warns about,
/// each with a fallback. The crate each gives must build.
const FIXTURES: [&str; 2] = ["tests/fixtures", "tests/fixtures/validation"];

/// The version of the Steady mock server (`@stdy/cli` on npm) the end-to-end tests run.
const STEADY_PACKAGE: &str = "@stdy/cli@0.22.2";

/// Installs Steady under `target/steady` unless it is there already.
fn install_steady() -> Result<(), String> {
    let dir = workspace_root().join("target/steady");
    if dir.join("node_modules/.bin/steady").exists() {
        return Ok(());
    }
    println!("==> installing the Steady mock server: npm install {STEADY_PACKAGE}");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let status = std::process::Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(STEADY_PACKAGE)
        .status()
        .map_err(|e| format!("cannot run npm (Node.js is needed for the mock server): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("npm install {STEADY_PACKAGE} failed ({status})"))
    }
}

/// The repository's generator rules (`spec/`).
pub(crate) fn rules(root: &Path) -> Result<codegen::Config, String> {
    codegen::Config::load(&root.join("spec")).map_err(|e| e.to_string())
}

/// The rules for generating from `spec`: written for the committed spec, so on another
/// one a rule naming what it lacks is expected (a note, not a warning).
pub(crate) fn rules_for(root: &Path, spec: &Path) -> Result<codegen::Config, String> {
    let mut config = rules(root)?;
    config.other_spec = !is_pinned(root, spec);
    Ok(config)
}

/// Whether `spec` is the committed `spec/openapi.yaml`.
fn is_pinned(root: &Path, spec: &Path) -> bool {
    let pinned = std::fs::canonicalize(root.join("spec/openapi.yaml")).ok();
    pinned.is_some() && std::fs::canonicalize(spec).ok() == pinned
}

/// Success, or the error printed and failure.
pub(crate) fn exit_code(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits inside the workspace").to_path_buf()
}

/// Copies the hand-written part of openai-sdk and the generated files into `out`, with the
/// workspace's lock file so the copy builds with the same dependency versions.
pub(crate) fn write_standalone(out: &Path, generation: &Generation) -> Result<(), String> {
    let root = workspace_root();
    copy_runtime(&root.join("openai-sdk"), out)?;
    write(out, generation)?;
    let lock = out.join("Cargo.lock");
    std::fs::copy(root.join("Cargo.lock"), &lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    Ok(())
}

fn codegen(args: CodegenArgs) -> ExitCode {
    // Messages name the spec by its plain path, without `..` segments.
    let spec = std::fs::canonicalize(&args.spec).unwrap_or_else(|_| args.spec.clone());
    let config = match codegen::Config::load(&args.config) {
        Ok(mut config) => {
            config.other_spec = !is_pinned(&workspace_root(), &spec);
            config
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let generation = match codegen::generate(&spec, &config) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let crate_dir = workspace_root().join("openai-sdk");
    let result = if args.check {
        check(&crate_dir, &generation, &spec, &config).and_then(|()| match is_pinned(&workspace_root(), &spec) {
            true => spec_update::check_source(&workspace_root().join("spec/SOURCE"), &generation.model.spec.sha256),
            false => Ok(()),
        })
    } else if let Some(out) = &args.out {
        write_standalone(out, &generation)
    } else {
        write(&crate_dir, &generation)
    };
    print_summary(&args, &generation);
    let warnings = generation.diagnostics.count(Severity::Warning);
    let result = result.and_then(|()| match warnings {
        n if n > 0 && args.strict => Err(format!("--strict: the spec gives {n} warning(s) (listed above)")),
        _ => Ok(()),
    });
    exit_code(result)
}

fn print_summary(args: &CodegenArgs, g: &Generation) {
    let warnings = g.diagnostics.count(Severity::Warning);
    let notes = g.diagnostics.count(Severity::Note);
    let shown = if args.verbose { usize::MAX } else { 10 };
    for line in g.diagnostics.lines().take(shown) {
        eprintln!("{line}");
    }
    if g.diagnostics.iter().count() > shown {
        eprintln!("... and {} more (--verbose shows all)", g.diagnostics.iter().count() - shown);
    }
    let s = &g.summary;
    let spec = std::fs::canonicalize(&args.spec).unwrap_or_else(|_| args.spec.clone());
    println!("spec         {}", spec.display());
    println!("operations   {}", s.operations);
    println!("schemas      {} components, {} webhooks", s.component_schemas, s.webhooks);
    println!("types        {} ({} fields/variants untyped: serde_json::Value)", s.types, s.untyped_fields);
    println!("undocumented {} types and fields (the spec describes them nowhere)", s.undocumented);
    println!("files        {} ({} lines)", g.files.len(), s.lines);
    println!("diagnostics  {warnings} warnings, {notes} notes");
    println!("time         {:.2} s", s.elapsed.as_secs_f64());
}

/// Generated files that exist under `root` (identified by their header line).
fn existing_generated(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.join("src"), root.join("tests"), root.join("build")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(HEADER)) {
                out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
    }
    out.sort();
    out
}

pub(crate) fn write(root: &Path, g: &Generation) -> Result<(), String> {
    let mut written = 0;
    for file in &g.files {
        let path = root.join(&file.path);
        let old = std::fs::read_to_string(&path).ok();
        let new = file.apply(old.as_deref())?;
        if old.as_deref() == Some(new.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
        written += 1;
    }
    let mut removed = 0;
    for stale in existing_generated(root) {
        if !g.files.iter().any(|f| f.path == stale) {
            let path = root.join(&stale);
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            removed += 1;
        }
    }
    println!("wrote        {written} changed files under {} ({removed} stale removed)", root.display());
    Ok(())
}

fn check(root: &Path, g: &Generation, spec: &Path, config: &codegen::Config) -> Result<(), String> {
    let mut stale = Vec::new();
    for file in &g.files {
        match std::fs::read_to_string(root.join(&file.path)) {
            Ok(old) if file.apply(Some(&old)).is_ok_and(|new| new == old) => {}
            Ok(_) if file.region => stale.push(format!("generated region differs: {}", file.path.display())),
            Ok(_) => stale.push(format!("differs: {}", file.path.display())),
            Err(_) => stale.push(format!("missing: {}", file.path.display())),
        }
    }
    for extra in existing_generated(root) {
        if !g.files.iter().any(|f| f.path == extra) {
            stale.push(format!("not generated any more: {}", extra.display()));
        }
    }
    if stale.is_empty() {
        println!("check        {} generated files are up to date", g.files.len());
        return Ok(());
    }
    for line in &stale {
        eprintln!("stale: {line}");
    }
    for line in api_change::explain_stale(root, spec, config, g) {
        eprintln!("api change: {line}");
    }
    Err(format!("{} generated files are out of date; run `cargo xtask codegen` and commit the result", stale.len()))
}

/// Copies the hand-written part of the crate (everything but generated files) to `out`.
fn copy_runtime(crate_dir: &Path, out: &Path) -> Result<(), String> {
    let generated = existing_generated(crate_dir);
    let mut dirs = vec![PathBuf::new()];
    while let Some(rel) = dirs.pop() {
        let dir = crate_dir.join(&rel);
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let rel_path = rel.join(&name);
            if name == "target" || generated.contains(&rel_path) {
                continue;
            }
            let from = entry.path();
            let to = out.join(&rel_path);
            if from.is_dir() {
                std::fs::create_dir_all(&to).map_err(|e| format!("{}: {e}", to.display()))?;
                dirs.push(rel_path);
            } else {
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
                }
                std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", to.display()))?;
            }
        }
    }
    Ok(())
}
