//! The generated methods against the Steady mock server, which serves the pinned spec:
//! every request is validated against the spec (an invalid one comes back 400, naming the
//! fault), and every answer is random but schema-valid data that must decode into the
//! generated types. One Steady process serves every scenario; each scenario's failure is
//! reported by name.
//!
//! `cargo xtask test` installs Steady (`@stdy/cli` from npm) and requires it. Run alone,
//! without Steady installed, this test says so and passes; set `STEADY` to its path or
//! `OPENAI_SDK_REQUIRE_STEADY=1` to make a missing Steady a failure;
//! `OPENAI_SDK_SKIP_STEADY=1` (`cargo xtask check`) skips it.

#![cfg(feature = "full")]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
#[path = "steady/operations.rs"]
mod operations;

use openai_sdk::Client;

/// Hand-written scenarios: a few calls per API group, as an application writes them,
/// against the pinned spec.
#[path = "steady/scenarios.rs"]
mod scenarios;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Steady, as `cargo xtask test` installs it, or as `STEADY` names it.
fn steady_binary() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("STEADY") {
        return Some(PathBuf::from(path));
    }
    let modules = workspace().join("target/steady/node_modules");
    // npm's `steady` launcher runs the server as a child it does not stop when killed, so
    // run the platform package's server itself (npm installs only this platform's).
    let native = std::fs::read_dir(modules.join("@stdy")).ok().and_then(|entries| {
        entries
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("cli-"))
            .map(|entry| entry.path().join("bin/steady"))
            .find(|path| path.is_file())
    });
    let launcher = modules.join(".bin/steady");
    native.or_else(|| launcher.exists().then_some(launcher))
}

/// The Steady process, stopped when dropped (also when a scenario panics).
struct Steady {
    child: Child,
    url: String,
}

impl Drop for Steady {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_steady(binary: &Path) -> Steady {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let spec = workspace().join("spec/openapi.yaml");
    let child = Command::new(binary)
        .args(["--host", "127.0.0.1", "-p", &port.to_string(), "-q"])
        .args([
            "--validator-query-array-format=brackets",
            "--validator-query-object-format=brackets",
            "--validator-form-array-format=brackets",
            "--validator-form-object-format=brackets",
        ])
        .arg(&spec)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Steady at {}: {e}", binary.display()));
    let steady = Steady { child, url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "Steady did not start listening within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    steady
}

/// Calls Steady rejects although the request follows the spec, with why. They are shown,
/// not failed; every other call must pass.
const STEADY_LIMITS: &[(&str, &str)] = &[
    (
        "create-realtime-call (all parameters)",
        "a multipart form carries `session[parallel_tool_calls]` as text; Steady coerces top-level form fields to their schema type but not bracketed nested ones",
    ),
    (
        "beta_createResponse (all parameters)",
        "Steady cannot resolve the discriminator of the beta tool union (it reports no expected values for `type`)",
    ),
    (
        "beta_Getinputtokencounts (all parameters)",
        "Steady cannot resolve the discriminator of the beta tool union (it reports no expected values for `type`)",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_methods_against_steady() {
    // `cargo xtask check` leaves the scenarios to the full run.
    if std::env::var_os("OPENAI_SDK_SKIP_STEADY").is_some() {
        eprintln!("OPENAI_SDK_SKIP_STEADY is set: skipping the mock-server scenarios");
        return;
    }
    let Some(binary) = steady_binary() else {
        let required = std::env::var_os("OPENAI_SDK_REQUIRE_STEADY").is_some() || std::env::var_os("CI").is_some();
        assert!(!required, "Steady is not installed: run `cargo xtask test`, or set STEADY to its path");
        eprintln!("Steady is not installed (cargo xtask test installs it): skipping the mock-server scenarios");
        return;
    };
    let steady = start_steady(&binary);
    let client = Client::builder()
        .read_env(false)
        .api_key("sk-steady")
        .admin_key("sk-admin-steady")
        .base_url(&steady.url)
        .max_retries(0u32)
        .build()
        .unwrap();
    let mut failures = Vec::new();
    let results = operations::call_all(&client).await;
    let calls = results.len();
    let mut limited = 0;
    for (label, result) in results {
        if let Err(e) = result {
            if let Some((_, why)) = STEADY_LIMITS.iter().find(|(known, _)| *known == label) {
                eprintln!("known Steady limit: {label}: {why}");
                limited += 1;
                continue;
            }
            let detail = e.api_error().and_then(|a| a.body.clone()).map(|b| b.to_string()).unwrap_or_default();
            failures.push(format!("{label}: {e} {detail}"));
        }
    }
    eprintln!("{calls} generated calls, {} passed, {limited} known Steady limits", calls - limited - failures.len());
    assert!(calls > 550, "only {calls} generated calls");
    for (name, scenario) in scenarios::all() {
        if let Err(e) = scenario(client.clone()).await {
            let detail = e.api_error().and_then(|a| a.body.clone()).map(|b| b.to_string()).unwrap_or_default();
            failures.push(format!("{name}: {e} {detail}"));
        }
    }
    failures.extend(run_examples(&steady.url));
    assert!(failures.is_empty(), "{} scenario(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// The examples of the transport seam and the bulk runner, run as a user runs them against `OPENAI_BASE_URL`:
/// each binary `cargo test` built beside this test, with what its output must show. An
/// example whose feature is off is not built, and not run.
fn run_examples(url: &str) -> Vec<String> {
    let examples: &[(&str, bool, &[&str])] = &[
        ("middleware", true, &["(models.list, attempt 1): 503", "(models.list, attempt 2): 200"]),
        ("token_provider", true, &["provider: fetch #1", "attempt 1: authorization Bearer sk-", "asked 1 time(s)"]),
        ("telemetry", cfg!(feature = "telemetry"), &["gen_ai.operation.name = chat", "otel.name = chat gpt-4o-mini"]),
        ("testing", cfg!(feature = "testing"), &["both paths of `headline` behave"]),
        ("bulk", true, &["done: 100 ok, 0 failed"]),
    ];
    let dir = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("examples");
    let mut failures = Vec::new();
    for (name, built, expected) in examples.iter().copied().filter(|(_, built, _)| *built) {
        let binary = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        let mut command = Command::new(&binary);
        command.env("OPENAI_API_KEY", "sk-steady").env_remove("OPENAI_LOG");
        // The test double's example must need no server at all.
        if name == "testing" {
            command.env("OPENAI_BASE_URL", "http://127.0.0.1:9");
        } else {
            command.env("OPENAI_BASE_URL", url);
        }
        match command.output() {
            Err(e) => failures.push(format!("example {name} ({}, built: {built}): {e}", binary.display())),
            Ok(output) => {
                let stdout = String::from_utf8_lossy(&output.stdout);
                let missing: Vec<&&str> = expected.iter().filter(|e| !stdout.contains(**e)).collect();
                if !output.status.success() || !missing.is_empty() {
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    failures.push(format!("example {name}: {} missing {missing:?}\n{stdout}\n{stderr}", output.status));
                }
            }
        }
    }
    failures
}
