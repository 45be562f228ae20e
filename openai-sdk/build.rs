//! Records the compiler's version for the `X-Stainless-Runtime-Version` header, and turns
//! on the hand-written parts of the crate this spec can carry (`cfg(available = "...")`).

include!("build/available.rs");

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
    println!("cargo::rerun-if-changed=build/available.rs");

    // Every part is a known value of `available`, present or not, so none is an unexpected cfg.
    let names: Vec<String> = PARTS.iter().map(|(name, _, _)| format!("\"{name}\"")).collect();
    println!("cargo::rustc-check-cfg=cfg(available, values({}))", names.join(", "));
    for (name, features, present) in PARTS {
        let enabled = |feature: &&str| {
            std::env::var_os(format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"))).is_some()
        };
        if *present && features.iter().all(enabled) {
            println!("cargo::rustc-cfg=available=\"{name}\"");
        }
    }
}
