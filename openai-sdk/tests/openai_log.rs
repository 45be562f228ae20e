//! `OPENAI_LOG=info` prints request logs to stderr without the program setting up `tracing`,
//! and installs nothing global: a program that builds its client and then installs its own
//! subscriber (`tracing_subscriber::fmt().init()`, which panics when one is set already)
//! runs cleanly. Each test runs itself again as a child process with the variable set, and
//! reads its stderr.

mod local_server;

use std::process::Command;

const CHILD: &str = "OPENAI_SDK_LOG_TEST_CHILD";

/// Runs test `name` of this binary again as a child process with `OPENAI_LOG=level`.
fn run_child(name: &str, level: &str) -> std::process::Output {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("OPENAI_LOG", level)
        .output()
        .unwrap()
}

#[test]
fn openai_log_leaves_the_global_subscriber_to_the_program() {
    if std::env::var_os(CHILD).is_some() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let server = local_server::LocalServer::start(vec![local_server::Reply::json(200, "{}")]).await;
            let client = openai_sdk::Client::builder().api_key("sk-log").base_url(&server.url).build().unwrap();
            client.get("/models").await.unwrap();
            // What a new user writes next; it panics if the SDK installed a subscriber.
            tracing_subscriber::fmt().with_writer(std::io::stderr).init();
            client.get("/models").await.unwrap();
        });
        return;
    }
    let output = run_child("openai_log_leaves_the_global_subscriber_to_the_program", "debug");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // The SDK's own lines (at debug, the request too), before and after the program's
    // subscriber, which gets the events as well once installed.
    assert!(stderr.matches("[openai_sdk DEBUG] sending request").count() == 2, "{stderr}");
    assert!(stderr.matches("[openai_sdk INFO] response").count() == 2, "{stderr}");
    assert!(stderr.contains("openai_sdk: response"), "{stderr}");
}

#[test]
fn openai_log_prints_without_a_subscriber() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let output = run_child("openai_log_prints_without_a_subscriber", "info");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("response") && stderr.contains("status=200"), "{stderr}");
    assert!(!stderr.contains("sk-log-secret"), "{stderr}");
    // Debug-level events stay off at `info`.
    assert!(!stderr.contains("sending request"), "{stderr}");
}

fn child() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let server = local_server::LocalServer::start(vec![local_server::Reply::json(200, "{}")]).await;
        let client = openai_sdk::Client::builder().api_key("sk-log-secret").base_url(&server.url).build().unwrap();
        client.get("/models").await.unwrap();
    });
}
