//! Peak memory of a large upload: a 100 MB file sent from its path is streamed from disk,
//! so the process's peak RSS grows by far less than the file. For contrast, the same file
//! sent from bytes in memory, measured after (peak RSS only ever grows).
//!
//! `cargo bench -p openai-sdk --bench upload_memory` (Linux: reads `/proc/self/status`).
use bytes::Bytes;
use openai_sdk::types::CreateFileRequest;
use openai_sdk::{Client, InputFile};
use std::io::Write;
use support::{Reply, serve};
mod support;
const SIZE: usize = 100 * 1024 * 1024;

/// Peak resident set size so far, in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}
fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upload.bin");
    {
        let mut file = std::fs::File::create(&path).unwrap();
        let block = vec![7u8; 1024 * 1024];
        for _ in 0..SIZE / block.len() {
            file.write_all(&block).unwrap();
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = serve(Reply::Json(Bytes::from_static(b"{}")));
    let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();

    let before = peak_rss_mib();
    runtime.block_on(async {
        client.files().create(CreateFileRequest::new(path.as_path(), "batch")).raw().await.unwrap();
    });
    let from_path = peak_rss_mib() - before;

    let before = peak_rss_mib();
    let bytes = std::fs::read(&path).unwrap();
    runtime.block_on(async {
        client.files().create(CreateFileRequest::new(InputFile::from_bytes(bytes), "batch")).raw().await.unwrap();
    });
    let from_bytes = peak_rss_mib() - before;

    println!("upload of a {} MiB file, growth of peak RSS:", SIZE / 1024 / 1024);
    println!(
        "  from its path (streamed from disk): {from_path:>7.1} MiB ({:.3}x the file)",
        from_path / (SIZE as f64 / 1048576.0)
    );
    println!("  from bytes in memory (contrast):    {from_bytes:>7.1} MiB");
}
