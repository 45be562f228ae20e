//! Stage 6: Rust names for every type, field and variant, assigned over the whole model.
//!
//! Component schemas keep their spec names (in `UpperCamelCase`) and are named first, in
//! spec order, so an inline type never takes a name a component needs. An inline type is
//! named after where it sits: the owning schema, then each property on the way
//! (`CreateChatCompletionResponse` + `choices` + `finish_reason`). A name already taken is
//! extended with a number (`...2`), deterministically, never shared.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::*;

/// Names the generated code uses unqualified; a schema with one of them is suffixed.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "String",
    "Vec",
    "Box",
    "Option",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "HashMap",
    "InputFile",
];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Assigns all names in `model`.
pub fn assign(model: &mut Model) {
    method_idents(model);
    let mut taken: HashSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    // Components first, then inline types: both in model order, which is deterministic.
    let order: Vec<usize> = (0..model.types.len())
        .filter(|&i| model.types[i].component)
        .chain((0..model.types.len()).filter(|&i| !model.types[i].component))
        .collect();
    for i in order {
        let candidate = type_name(&model.types[i].name_hint);
        model.types[i].name = unique(&candidate, &mut taken, "");
    }
    let names: Vec<String> = model.types.iter().map(|t| t.name.clone()).collect();
    for def in &mut model.types {
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                let mut used = HashSet::new();
                for f in &mut s.fields {
                    f.ident = unique(&field_ident(&f.wire), &mut used, "_");
                }
            }
            TypeKind::StringEnum(e) => {
                let mut used = HashSet::new();
                for v in &mut e.values {
                    v.ident = unique(&variant_ident(&v.wire), &mut used, "");
                }
                e.fallback = fallback_name(&used);
            }
            TypeKind::Union(u) => {
                let mut used = HashSet::new();
                for v in &mut u.variants {
                    let candidate = match &v.tag_value {
                        Some(tag) => variant_ident(tag),
                        None => untagged_variant_name(&owner, &v.ty, &v.name_hint, &names),
                    };
                    v.ident = unique(&candidate, &mut used, "");
                }
                u.fallback = fallback_name(&used);
            }
            TypeKind::Alias(_) => {}
        }
    }
}

/// The Rust name of each operation's method: its official name, unless a sub-resource of
/// the same resource has that name (the accessor keeps it, and the method gets `_call`).
fn method_idents(model: &mut Model) {
    let idents: Vec<String> = model
        .operations
        .iter()
        .map(|op| {
            let name = field_ident(&op.method);
            let clashes = model.operations.iter().any(|other| {
                other.resource.len() > op.resource.len()
                    && other.resource.starts_with(&op.resource)
                    && field_ident(&other.resource[op.resource.len()]) == name
            });
            if clashes {
                format!("{name}_call")
            } else {
                name
            }
        })
        .collect();
    for (op, ident) in model.operations.iter_mut().zip(idents) {
        op.method_ident = ident;
    }
}

fn unique(candidate: &str, taken: &mut HashSet<String>, separator: &str) -> String {
    let mut name = candidate.to_string();
    let mut n = 2;
    // `self_` goes on as `self_2`, not `self__2`.
    let stem = candidate.strip_suffix(separator).filter(|_| !separator.is_empty()).unwrap_or(candidate);
    while !taken.insert(name.clone()) {
        name = format!("{stem}{separator}{n}");
        n += 1;
    }
    name
}

/// `name` cut to [`MAX_IDENT_LEN`](crate::validate::MAX_IDENT_LEN) (it is ASCII).
fn bounded(mut name: String) -> String {
    name.truncate(crate::validate::MAX_IDENT_LEN);
    name
}

/// `UpperCamelCase` of the hint words, made a valid identifier.
pub fn type_name<S: AsRef<str>>(hint: &[S]) -> String {
    let joined: String = hint.iter().map(|w| w.as_ref().to_upper_camel_case()).collect();
    let cleaned: String = joined.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    match cleaned.chars().next() {
        None => "Unnamed".into(),
        Some(c) if c.is_ascii_digit() => bounded(format!("T{cleaned}")),
        Some(_) => bounded(cleaned),
    }
}

/// `snake_case` of a property name; keywords get a trailing underscore (`type_`).
pub fn field_ident(wire: &str) -> String {
    let snake: String =
        wire.to_snake_case().chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let snake = bounded(snake.trim_matches('_').to_string()).trim_end_matches('_').to_string();
    if snake.is_empty() {
        return "field".into();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("n{snake}");
    }
    if KEYWORDS.contains(&snake.as_str()) {
        return format!("{snake}_");
    }
    snake
}

/// `UpperCamelCase` of an enum value or tag (`response.output_text.delta` → `ResponseOutputTextDelta`).
pub fn variant_ident(wire: &str) -> String {
    let camel: String = wire.to_upper_camel_case().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let camel = bounded(camel);
    match camel.chars().next() {
        None if wire.is_empty() => "Empty".into(),
        None => "Symbol".into(),
        Some(c) if c.is_ascii_digit() => format!("V{camel}"),
        Some(_) if camel == "Self" => "SelfValue".into(),
        Some(_) => camel,
    }
}

fn fallback_name(used: &HashSet<String>) -> String {
    ["Unknown", "UnknownValue", "Other"].into_iter().find(|n| !used.contains(*n)).map(String::from).unwrap_or_else(
        || {
            let mut n = 2;
            while used.contains(&format!("Unknown{n}")) {
                n += 1;
            }
            format!("Unknown{n}")
        },
    )
}

/// An untagged variant is named for what it holds, less the union's own name as a prefix
/// (`ChatCompletionToolChoiceOption` holding `ChatCompletionNamedToolChoice` → `NamedToolChoice`).
fn untagged_variant_name(owner: &str, ty: &Ty, hint: &str, names: &[String]) -> String {
    match ty {
        Ty::Named(id) => {
            let name = &names[id.0];
            let common = common_prefix_words(owner, name);
            let rest = &name[common..];
            if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
                if name.len() > owner.len() || name == owner {
                    variant_ident(hint)
                } else {
                    name.clone()
                }
            } else {
                rest.to_string()
            }
        }
        Ty::Boxed(inner) => untagged_variant_name(owner, inner, hint, names),
        Ty::String => "String".into(),
        Ty::Integer | Ty::Integer32 => "Integer".into(),
        Ty::Number => "Number".into(),
        Ty::Boolean => "Bool".into(),
        Ty::Binary => "File".into(),
        Ty::Json => "Json".into(),
        Ty::Map(_) => "Map".into(),
        Ty::List(inner) => format!("{}List", untagged_variant_name(owner, inner, hint, names)),
    }
}

/// Length of the longest prefix of `b` made of whole `UpperCamelCase` words shared with `a`.
fn common_prefix_words(a: &str, b: &str) -> usize {
    let mut end = 0;
    for (i, (x, y)) in a.chars().zip(b.chars()).enumerate() {
        if x != y {
            break;
        }
        let next_is_word_start = b[i + 1..].chars().next().is_none_or(|c| c.is_ascii_uppercase());
        let a_next_is_word_start = a[i + 1..].chars().next().is_none_or(|c| c.is_ascii_uppercase());
        if next_is_word_start && a_next_is_word_start {
            end = i + 1;
        }
    }
    end
}
