//! The generator on the full pinned spec: load, normalise, parse, lower, analyse, name,
//! emit and format every file, against the first step alone (reading the YAML), in the
//! same run. Target: the whole pipeline under 3 s on the 2-core development machine.
//!
//! `cargo bench -p openai-codegen --bench generate`

use std::path::Path;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = root.join("spec/openapi.yaml");
    let config = codegen::Config::load(&root.join("spec")).expect("spec/ loads");
    let (mut load, mut whole) = (Vec::new(), Vec::new());
    let mut lines = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        std::hint::black_box(codegen::load::load(&spec).expect("the spec loads"));
        load.push(started.elapsed());
        let started = Instant::now();
        let generation = codegen::generate(&spec, &config).expect("the spec generates");
        whole.push(started.elapsed());
        lines = generation.summary.lines;
    }
    let (load, whole) = (median(load), median(whole));
    println!("codegen on the full spec ({lines} lines of Rust), median of {ROUNDS}:");
    println!("  reading the YAML alone:        {:>6.2} s", load.as_secs_f64());
    println!(
        "  whole pipeline, files written: {:>6.2} s  ({:.1}x reading; target < 3 s)",
        whole.as_secs_f64(),
        whole.as_secs_f64() / load.as_secs_f64()
    );
}
