//! `spec/types.yaml` overrides: a rename reaches every use, a replacement turns the
//! definition into an alias of the hand-written type, derives are added, aliases (and the
//! resource map's familiar names) are generated, and an override that cannot apply is a
//! warning.

use std::path::Path;
use std::time::Instant;

fn generate(types: &str) -> codegen::Generation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/overrides.yaml");
    let value = codegen::load::load(&path).unwrap();
    let config = codegen::Config { types: serde_yaml::from_str(types).unwrap(), ..Default::default() };
    codegen::generate_from_value(Path::new("overrides.yaml"), value, &config, Instant::now()).unwrap()
}

fn all_files(generation: &codegen::Generation) -> String {
    generation.files.iter().map(|f| f.contents.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_rename_reaches_every_use() {
    let generation = generate("Note: {rename: StickyNote}");
    let text = all_files(&generation);
    assert!(text.contains("pub struct StickyNote {"), "{text}");
    assert!(text.contains("C::Request<crate::types::StickyNote>"), "{text}");
    assert!(!text.contains("pub struct Note {"), "{text}");
}

#[test]
fn a_replacement_is_an_alias_of_the_hand_written_type() {
    let generation = generate("Metadata: {replace: custom::Metadata}");
    let text = all_files(&generation);
    assert!(text.contains("pub type Metadata = crate::custom::Metadata;"), "{text}");
    // Uses keep the name, so they name the hand-written type through the alias.
    assert!(text.contains("pub metadata: Option<Metadata>,"), "{text}");
}

#[test]
fn derives_are_added() {
    let generation = generate("Note: {derives: [PartialEq]}\nColor: {derives: [PartialOrd]}");
    let text = all_files(&generation);
    assert!(text.contains("#[derive(Debug, Clone, Default, PartialEq)]\n#[cfg_attr(feature = \"serialize-responses\", derive(Serialize))]\n#[non_exhaustive]\npub struct Note {"), "{text}");
    assert!(text.contains("Hash, PartialOrd)]\n#[non_exhaustive]\npub enum Color"), "{text}");
}

/// A derive reaches the generated types the fields hold (`Note` holds a `Position`), or,
/// when a field's type cannot have it (`f64` is not `Eq`), it is left out with a warning
/// naming the field, rather than failing `cargo check` after a silent regeneration.
#[test]
fn a_derive_reaches_the_fields_types_or_is_a_warning_naming_them() {
    let generation = generate("Note: {derives: [PartialEq]}");
    let text = all_files(&generation);
    assert!(text.contains("#[derive(Debug, Clone, Default, PartialEq)]\n#[cfg_attr(feature = \"serialize-responses\", derive(Serialize))]\n#[non_exhaustive]\npub struct Position {"), "{text}");
    let warnings: Vec<String> =
        generation.diagnostics.lines().filter(|l| l.starts_with("warning") && l.contains("spec/types.yaml")).collect();
    assert!(warnings.is_empty(), "{warnings:?}");

    let generation = generate("Note: {derives: [Eq]}");
    let warnings: Vec<String> =
        generation.diagnostics.lines().filter(|l| l.starts_with("warning") && l.contains("spec/types.yaml")).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("`Eq` on `Note` needs it of its fields' types, and `f64` in `Position.x`, `f64` in `Position.y` cannot have it; left out"), "{warnings:?}");
    let text = all_files(&generation);
    assert!(!text.contains("Eq)]\n#[cfg_attr(feature = \"serialize-responses\", derive(Serialize))]\n#[non_exhaustive]\npub struct Note"), "{text}");
}

#[test]
fn aliases_and_the_resource_maps_names_become_type_aliases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/overrides.yaml");
    let value = codegen::load::load(&path).unwrap();
    let return_types =
        codegen::familiar::parse_resource_map("operation_id\treturn_type_in_python\ncreateNote\tNoteObject\n").unwrap();
    let config = codegen::Config {
        types: serde_yaml::from_str("Note: {aliases: [Memo, Color]}").unwrap(),
        return_types,
        ..Default::default()
    };
    let generation = codegen::generate_from_value(Path::new("overrides.yaml"), value, &config, Instant::now()).unwrap();
    let text = all_files(&generation);
    assert!(text.contains("/// The official SDKs' name for [`Note`].\npub type NoteObject = Note;"), "{text}");
    assert!(text.contains("pub type Memo = Note;"), "{text}");
    // A name that is already a type's is left out, with a warning.
    assert!(!text.contains("pub type Color = Note;"), "{text}");
    let diagnostics: Vec<String> = generation.diagnostics.lines().collect();
    assert!(diagnostics.iter().any(|l| l.contains("`Color` is another type's name")), "{diagnostics:?}");
}

#[test]
fn an_override_that_cannot_apply_is_a_warning() {
    let generation = generate("Missing: {rename: X}\nNote: {rename: Color}\nColor: {replace: 'not a path!'}");
    let warnings: Vec<String> = generation.diagnostics.lines().filter(|l| l.starts_with("warning")).collect();
    insta::assert_snapshot!(warnings.join("\n"));
    assert!(all_files(&generation).contains("pub struct Note {"));
}

/// On a spec other than the committed one (an older or newer spec), an override naming a
/// type that spec lacks is expected: a note, not a warning; the others still warn.
#[test]
fn an_override_of_a_type_another_spec_lacks_is_a_note() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/overrides.yaml");
    let value = codegen::load::load(&path).unwrap();
    let types = serde_yaml::from_str("Missing: {rename: X}\nColor: {replace: 'not a path!'}").unwrap();
    let config = codegen::Config { types, other_spec: true, ..Default::default() };
    let generation = codegen::generate_from_value(Path::new("overrides.yaml"), value, &config, Instant::now()).unwrap();
    let lines: Vec<String> = generation.diagnostics.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("note") && l.contains("`Missing`")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.starts_with("warning") && l.contains("`Missing`")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("warning") && l.contains("not a path")), "{lines:#?}");
}

/// The repository's own overrides file parses.
#[test]
fn the_repository_overrides_load() {
    codegen::Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
}
