//! Records the compiler's version for the `X-Stainless-Runtime-Version` header.

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.split_whitespace().nth(1).map(String::from))
        // The client sends it as a static header value, which must be visible ASCII.
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=OPENAI_SDK_RUSTC_VERSION={version}");
    println!("cargo::rerun-if-env-changed=RUSTC");
}
