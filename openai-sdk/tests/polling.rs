//! Polling and bulk helpers over a real local server: each terminal state stops the
//! polling, the server's `openai-poll-after-ms` sets the pace, a timeout gives up, and the
//! bulk uploads send what they should in the order they should.

#![cfg(feature = "full")]

mod local_server;

use std::time::Duration;

use local_server::{LocalServer, Reply};
use openai_sdk::types::{CreateRunRequest, CreateVectorStoreFileRequest};
use openai_sdk::{ChunkedUpload, Client, Error, FileBatchUpload, InputFile, PollOptions};

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key("sk-poll").base_url(url).max_retries(0u32).build().unwrap()
}

fn run(status: &str) -> String {
    format!(
        r#"{{"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1", "assistant_id": "asst_1", "status": "{status}", "model": "gpt-4o", "instructions": "", "tools": [], "metadata": {{}}, "parallel_tool_calls": true}}"#
    )
}

fn fast(reply: Reply) -> Reply {
    reply.header("openai-poll-after-ms", "1")
}

#[tokio::test]
async fn runs_stop_at_every_terminal_state() {
    for terminal in ["requires_action", "cancelled", "completed", "failed", "expired", "incomplete"] {
        let server = LocalServer::start(vec![
            fast(Reply::json(200, &run("queued"))),
            fast(Reply::json(200, &run("in_progress"))),
            fast(Reply::json(200, &run(terminal))),
            fast(Reply::json(200, &run("in_progress"))),
        ])
        .await;
        let done = client(&server.url)
            .beta()
            .threads()
            .runs()
            .create_and_poll("thread_1", CreateRunRequest::new("asst_1"), PollOptions::new())
            .await
            .unwrap();
        assert_eq!(done.status.as_str(), terminal);
        let sent = server.received();
        assert_eq!(sent.len(), 3, "{terminal}: create, then polls until the terminal state");
        assert_eq!((sent[0].method.as_str(), sent[0].target.as_str()), ("POST", "/threads/thread_1/runs"));
        assert_eq!(sent[1].target, "/threads/thread_1/runs/run_1");
        assert_eq!(sent[1].header("x-stainless-poll-helper"), Some("true"));
        assert_eq!(sent[0].header("x-stainless-poll-helper"), None);
    }
}

#[tokio::test]
async fn the_server_sets_the_pace_unless_the_caller_does() {
    let server = LocalServer::start(vec![
        Reply::json(200, &run("queued")).header("openai-poll-after-ms", "300"),
        Reply::json(200, &run("completed")),
    ])
    .await;
    let runs = client(&server.url).beta().threads().runs();
    runs.poll("thread_1", "run_1", PollOptions::new()).await.unwrap();
    let sent = server.received();
    let gap = sent[1].at - sent[0].at;
    // 300 ms as asked: not the 1 s default, not immediately.
    assert!(gap >= Duration::from_millis(290) && gap < Duration::from_millis(950), "{gap:?}");

    let server = LocalServer::start(vec![
        Reply::json(200, &run("queued")).header("openai-poll-after-ms", "5000"),
        Reply::json(200, &run("completed")),
    ])
    .await;
    let runs = client(&server.url).beta().threads().runs();
    runs.poll("thread_1", "run_1", PollOptions::new().interval(Duration::from_millis(20))).await.unwrap();
    let sent = server.received();
    assert!(sent[1].at - sent[0].at < Duration::from_millis(2000), "the caller's interval wins");
    assert_eq!(sent[0].header("x-stainless-custom-poll-interval"), Some("20"));
}

#[tokio::test]
async fn a_timeout_gives_up_with_a_typed_error() {
    let server = LocalServer::start(vec![Reply::json(200, &run("in_progress"))]).await;
    let err = client(&server.url)
        .beta()
        .threads()
        .runs()
        .poll(
            "thread_1",
            "run_1",
            PollOptions::new().interval(Duration::from_millis(30)).timeout(Duration::from_millis(100)),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PollTimeout(_)), "{err:?}");
    assert!(server.received().len() >= 2);
}

fn vs_file(status: &str) -> String {
    format!(
        r#"{{"id": "file_1", "object": "vector_store.file", "usage_bytes": 1, "created_at": 1, "vector_store_id": "vs_1", "status": "{status}", "last_error": null}}"#
    )
}

#[tokio::test]
async fn vector_store_files_poll_until_they_leave_in_progress() {
    let server = LocalServer::start(vec![
        fast(Reply::json(200, &vs_file("in_progress"))),
        fast(Reply::json(200, &vs_file("in_progress"))),
        fast(Reply::json(200, &vs_file("failed"))),
    ])
    .await;
    let done = client(&server.url)
        .vector_stores()
        .files()
        .create_and_poll("vs_1", CreateVectorStoreFileRequest::new("file_1"), PollOptions::new())
        .await
        .unwrap();
    assert_eq!(done.status.as_str(), "failed");
    assert_eq!(server.received().len(), 3);
}

fn batch(in_progress: u32) -> String {
    format!(
        r#"{{"id": "vsfb_1", "object": "vector_store.files_batch", "created_at": 1, "vector_store_id": "vs_1", "status": "in_progress", "file_counts": {{"in_progress": {in_progress}, "completed": 0, "failed": 0, "cancelled": 0, "total": 3}}}}"#
    )
}

#[tokio::test]
async fn batches_upload_concurrently_then_poll_until_nothing_is_in_progress() {
    let uploaded = |n: u32| {
        format!(
            r#"{{"id": "file-{n}", "object": "file", "bytes": 1, "created_at": 1, "filename": "f", "purpose": "assistants", "status": "uploaded"}}"#
        )
    };
    let server = LocalServer::start(vec![
        Reply::json(200, &uploaded(1)),
        Reply::json(200, &uploaded(2)),
        fast(Reply::json(200, &batch(2))),
        fast(Reply::json(200, &batch(1))),
        fast(Reply::json(200, &batch(0))),
    ])
    .await;
    let files = vec![
        InputFile::from_bytes(&b"one"[..]).file_name("a.txt"),
        InputFile::from_bytes(&b"two"[..]).file_name("b.txt"),
    ];
    let done = client(&server.url)
        .vector_stores()
        .file_batches()
        .upload_and_poll(
            "vs_1",
            FileBatchUpload::new().files(files).file_ids(["file-0"]).max_concurrency(2),
            PollOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(done.file_counts.in_progress, 0);
    let sent = server.received();
    assert_eq!(sent.len(), 5);
    assert!(sent[..2].iter().all(|r| r.target == "/files"));
    assert_eq!(sent[2].target, "/vector_stores/vs_1/file_batches");
    let ids = sent[2].json()["file_ids"].clone();
    let mut ids: Vec<String> = serde_json::from_value(ids).unwrap();
    ids.sort();
    assert_eq!(ids, ["file-0", "file-1", "file-2"]);
}

#[tokio::test]
async fn videos_poll_until_they_leave_the_queue() {
    let video = |status: &str| {
        format!(
            r#"{{"id": "video_1", "object": "video", "status": "{status}", "created_at": 1, "model": "sora-2", "progress": 0, "seconds": "4", "size": "720x1280"}}"#
        )
    };
    let server = LocalServer::start(vec![
        fast(Reply::json(200, &video("queued"))),
        fast(Reply::json(200, &video("in_progress"))),
        fast(Reply::json(200, &video("completed"))),
    ])
    .await;
    #[allow(deprecated)]
    let done = client(&server.url).videos().poll("video_1", PollOptions::new()).await.unwrap();
    assert_eq!(done.status.as_str(), "completed");
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn large_files_upload_in_parts_completed_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.bin");
    std::fs::write(&path, b"0123456789").unwrap();
    let upload = |status: &str| {
        format!(
            r#"{{"id": "upload_1", "object": "upload", "bytes": 10, "created_at": 1, "filename": "x.bin", "purpose": "batch", "status": "{status}", "expires_at": 2}}"#
        )
    };
    let part =
        |n: u32| format!(r#"{{"id": "part_{n}", "object": "upload.part", "created_at": 1, "upload_id": "upload_1"}}"#);
    let server = LocalServer::start(vec![
        Reply::json(200, &upload("pending")),
        Reply::json(200, &part(1)),
        Reply::json(200, &part(2)),
        Reply::json(200, &part(3)),
        Reply::json(200, &upload("completed")),
    ])
    .await;
    let done = client(&server.url)
        .uploads()
        .upload_file_chunked(&path, "batch", ChunkedUpload::new().part_size(4).max_concurrency(1))
        .await
        .unwrap();
    assert_eq!(done.id, "upload_1");
    let sent = server.received();
    assert_eq!(sent.len(), 5);
    let create = sent[0].json();
    assert_eq!((create["bytes"].as_i64(), create["filename"].as_str()), (Some(10), path.file_name().unwrap().to_str()));
    let bodies: Vec<String> = sent[1..4].iter().map(|r| String::from_utf8_lossy(&r.body).into_owned()).collect();
    for (body, expected) in bodies.iter().zip(["\r\n\r\n0123\r\n", "\r\n\r\n4567\r\n", "\r\n\r\n89\r\n"]) {
        assert!(body.contains(expected), "{body}");
    }
    assert_eq!(sent[4].target, "/uploads/upload_1/complete");
    assert_eq!(sent[4].json()["part_ids"], serde_json::json!(["part_1", "part_2", "part_3"]));
}
