//! `OPENAI_LOG=info` prints request logs to stderr without the program setting up `tracing`.
//! The test runs itself again as a child process with the variable set, and reads its stderr.

mod local_server;

use std::process::Command;

const CHILD: &str = "OPENAI_SDK_LOG_TEST_CHILD";

#[test]
fn openai_log_prints_without_a_subscriber() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "openai_log_prints_without_a_subscriber", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("OPENAI_LOG", "info")
        .output()
        .unwrap();
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
