//! Snapshots of the generator's output on small fixture specs, one construct each.
//!
//! Each snapshot holds the diagnostics and the fixture's own types and resources, so a
//! change to what the generator emits for a construct shows up as a reviewable diff; the
//! files every crate has (module lists, `api.md`, test harnesses, the features region) are
//! left out, so an emitter change there does not rewrite every snapshot. `cargo xtask test`
//! also builds the crate each fixture gives (`cargo check --all-targets`, warnings denied).

use std::path::Path;
use std::time::Instant;

fn generate_fixture(name: &str) -> String {
    generate_fixture_files(name, is_fixture_own)
}

fn generate_fixture_files(name: &str, shown_file: fn(&Path) -> bool) -> String {
    let file = format!("{name}.yaml");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(&file);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    // Named by file name only, so snapshots do not depend on where the checkout is.
    let shown = Path::new(&file);
    let value = codegen::load::parse_text(shown, &text).expect("fixture parses");
    // The repository's streaming rules apply; naming and pagination fall back to the
    // rules alone (the fixtures' operations are in no list).
    let repository = codegen::Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let config = codegen::Config { streaming: repository.streaming, ..Default::default() };
    let generation = codegen::generate_from_value(shown, value, &config, Instant::now()).expect("fixture generates");
    let mut out = String::new();
    for line in generation.diagnostics.lines() {
        out.push_str(&format!("// {line}\n"));
    }
    for file in generation.files.iter().filter(|f| shown_file(&f.path)) {
        out.push_str(&format!("// ---- {} ----\n", file.path.display()));
        out.push_str(&file.contents);
    }
    out
}

/// A file with the fixture's types or methods, not one every generated crate has.
fn is_fixture_own(path: &Path) -> bool {
    let path = path.to_string_lossy();
    (path.starts_with("src/types/") || path.starts_with("src/resources/")) && !path.ends_with("/mod.rs")
}

/// The blocking client has no tree of its own: only its root accessors, into the async
/// client's tree (generic over who calls it).
#[test]
fn blocking_accessors() {
    let blocking = |path: &Path| path.starts_with("src/helpers/blocking/");
    insta::assert_snapshot!("blocking_accessors", generate_fixture_files("streams_and_pages", blocking));
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), generate_fixture(stringify!($name)));
            }
        )*
    };
}

fixtures!(
    open_enum,
    tagged_union,
    untagged_union,
    all_of,
    nullable_31,
    nullable_30,
    recursion,
    inline_naming,
    maps,
    binary,
    deprecated,
    bad_ref,
    big_integers,
    webhooks,
    streams_and_pages,
    large_events,
);
