//! Usage examples in method docs, from the spec's Python request examples.
//!
//! The spec shows each operation called from Python (`client.files.retrieve("file-abc123")`).
//! Its literal arguments (strings, numbers, booleans) become the Rust call: positional
//! strings fill the path parameters, keyword arguments fill path parameters, the request
//! body's `new(...)` and setters, or the query parameters' setters. An operation whose
//! example passes a required body field as something richer (a list, a dict, a file) gets
//! no example rather than a wrong one. The examples are doctests, so they compile.

use crate::ir::{Field, Model, OperationUse, Ty, TypeKind};
use crate::names::field_ident;

/// One literal argument of a Python call.
#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Anything else (a list, a dict, a call): not usable.
    Other,
}

#[derive(Debug, Clone)]
struct Argument {
    name: Option<String>,
    value: Literal,
}

/// The usage example for `op`, as markdown, if its Python example can be carried over.
/// `call` is the Rust path of the method (`client.files().retrieve`).
pub fn example(model: &Model, op: &OperationUse, call: &str) -> Option<String> {
    let mut call = call.to_string();
    // The operation's own examples (by operationId): its call under the name the SDK gives
    // it, else the one call an example makes (the official name, when the rules renamed it).
    let python_call = format!("{}(", python_path(op));
    let after_call = op
        .python_examples
        .iter()
        .find_map(|e| e.find(&python_call).map(|at| &e[at + python_call.len()..]))
        .or_else(|| op.python_examples.iter().find_map(|e| only_call(e)))?;
    let arguments = parse_arguments(after_call)?;

    let mut positional = arguments.iter().filter(|a| a.name.is_none()).map(|a| &a.value);
    let mut args = Vec::new();
    for param in &op.path_params {
        match named(&arguments, param).or_else(|| positional.next())? {
            Literal::Str(s) => args.push(rust_string(s)),
            _ => return None,
        }
    }
    let mut setup = Vec::new();
    if let Some(body) = &op.body {
        let (type_name, fields) = struct_of(model, &body.ty)?;
        let mut required = Vec::new();
        for field in model.constructor_fields(&fields) {
            required.push(literal_for(model, &field.ty, named(&arguments, &field.wire)?)?);
        }
        let setters = setters(model, &fields, &arguments);
        setup.push(format!("let body = {type_name}::new({}){setters};", required.join(", ")));
        args.push("body".into());
    }
    if let Some(query) = op.query {
        let (type_name, fields) = struct_of(model, &Ty::Named(query))?;
        if fields.iter().any(|f| !f.optional) {
            return None;
        }
        // Every query parameter is optional here: without any, the method takes none.
        let setters = setters(model, &fields, &arguments);
        if !setters.is_empty() {
            args.push(format!("{type_name}::new(){setters}"));
            call = format!("{call}_with");
        }
    }
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn example(client: openai_sdk::Client) -> openai_sdk::Result<()> {".into(),
        "# #[allow(unused_imports)] use openai_sdk::types::*;".into(),
    ];
    lines.extend(setup);
    lines.push(format!("let response = {call}({}).await?;", args.join(", ")));
    lines.extend(["# let _ = response;".into(), "# Ok(())".into(), "# }".into(), "```".into()]);
    Some(lines.join("\n"))
}

/// `field_ident` of each resource word: the accessor chain of a method.
pub fn accessor_chain(resource: &[String]) -> String {
    resource.iter().map(|w| format!(".{}()", field_ident(w))).collect()
}

/// The value of keyword argument `name`.
fn named<'a>(arguments: &'a [Argument], name: &str) -> Option<&'a Literal> {
    arguments.iter().find(|a| a.name.as_deref() == Some(name)).map(|a| &a.value)
}

/// What follows the `(` of the one SDK call (`client.a.b(`) in `example`; `None` when it
/// makes none, or calls more than one method.
fn only_call(example: &str) -> Option<&str> {
    let mut found: Option<(&str, usize)> = None;
    for (at, _) in example.match_indices("client.") {
        let rest = &example[at..];
        let path_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).unwrap_or(rest.len());
        let path = &rest[..path_len];
        if !rest[path_len..].starts_with('(') || path.matches('.').count() < 2 {
            continue;
        }
        match found {
            Some((seen, _)) if seen != path => return None,
            Some(_) => {}
            None => found = Some((path, at + path_len + 1)),
        }
    }
    found.map(|(_, after)| &example[after..])
}

/// `client.chat.completions.create`: where the Python SDK puts the operation.
fn python_path(op: &OperationUse) -> String {
    format!("client.{}.{}", op.resource.join("."), op.method)
}

/// The struct behind `ty` (through aliases) with its Rust name, if it has a builder.
fn struct_of(model: &Model, ty: &Ty) -> Option<(String, Vec<Field>)> {
    match model.kind_behind(ty)? {
        (id, TypeKind::Struct(s)) if model.get(id).sent => Some((model.get(id).name.clone(), s.fields.clone())),
        _ => None,
    }
}

/// `.name(value)` for each optional field the example sets to a usable literal.
fn setters(model: &Model, fields: &[Field], arguments: &[Argument]) -> String {
    let mut out = String::new();
    for field in fields.iter().filter(|f| f.optional && f.ident != "new" && !f.deprecated) {
        let Some(value) = named(arguments, &field.wire).and_then(|v| literal_for(model, &field.ty, v)) else {
            continue;
        };
        out.push_str(&format!(".{}({value})", field.ident));
    }
    out
}

/// `value` as a Rust expression for a field of type `ty`, if it converts.
fn literal_for(model: &Model, ty: &Ty, value: &Literal) -> Option<String> {
    match (ty, value) {
        (Ty::Integer | Ty::Integer32, Literal::Int(i)) => Some(i.to_string()),
        (Ty::Number, Literal::Float(f)) => Some(format!("{f:?}")),
        (Ty::Number, Literal::Int(i)) => Some(format!("{i}.0")),
        (Ty::Boolean, Literal::Bool(b)) => Some(b.to_string()),
        (ty, Literal::Str(s)) if takes_str(model, ty) => Some(rust_string(s)),
        _ => None,
    }
}

/// Whether the generated type of `ty` converts from `&str` (text, open enums, unions with
/// a text or enum arm).
fn takes_str(model: &Model, ty: &Ty) -> bool {
    match ty {
        Ty::String => true,
        Ty::Named(id) => match &model.get(*id).kind {
            TypeKind::StringEnum(_) => true,
            TypeKind::Alias(inner) => takes_str(model, inner),
            TypeKind::Union(u) => u.variants.iter().any(|v| {
                v.ty == Ty::String
                    || v.ty.direct_named().is_some_and(|id| matches!(model.get(id).kind, TypeKind::StringEnum(_)))
            }),
            TypeKind::Struct(_) => false,
        },
        _ => false,
    }
}

fn rust_string(text: &str) -> String {
    format!("{text:?}")
}

/// The arguments of a Python call, from just after its `(` to the matching `)`.
fn parse_arguments(text: &str) -> Option<Vec<Argument>> {
    let mut arguments = Vec::new();
    let mut rest = text.trim_start();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(')') {
            let _ = after;
            return Some(arguments);
        }
        let mut name = None;
        let word_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if word_end > 0
            && rest[word_end..].trim_start().starts_with('=')
            && !rest[word_end..].trim_start().starts_with("==")
        {
            name = Some(rest[..word_end].to_string());
            rest = rest[word_end..].trim_start()[1..].trim_start();
        }
        let (value, after) = parse_value(rest)?;
        arguments.push(Argument { name, value });
        rest = after.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

/// One argument value and the text after it.
fn parse_value(text: &str) -> Option<(Literal, &str)> {
    let first = text.chars().next()?;
    if first == '"' || first == '\'' {
        let end = text[1..].find(first)? + 1;
        let inner = &text[1..end];
        if inner.contains('\\') {
            return Some((Literal::Other, &text[end + 1..]));
        }
        return Some((Literal::Str(inner.to_string()), &text[end + 1..]));
    }
    // Anything else runs to the next top-level `,` or `)`.
    let mut depth = 0i32;
    let mut quote = None;
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') if depth == 0 => {
                end = i;
                break;
            }
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let token = text[..end].trim();
    let value = match token {
        "True" => Literal::Bool(true),
        "False" => Literal::Bool(false),
        t => t
            .parse::<i64>()
            .map(Literal::Int)
            .or_else(|_| t.parse::<f64>().map(Literal::Float))
            .unwrap_or(Literal::Other),
    };
    Some((value, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_arguments_parse() {
        let args =
            parse_arguments(r#""file-abc", limit=2, order='asc', stream=True, messages=[{"a": (1, 2)}], t=0.5)"#)
                .unwrap();
        let values: Vec<(Option<&str>, &Literal)> = args.iter().map(|a| (a.name.as_deref(), &a.value)).collect();
        assert_eq!(
            values,
            [
                (None, &Literal::Str("file-abc".into())),
                (Some("limit"), &Literal::Int(2)),
                (Some("order"), &Literal::Str("asc".into())),
                (Some("stream"), &Literal::Bool(true)),
                (Some("messages"), &Literal::Other),
                (Some("t"), &Literal::Float(0.5)),
            ]
        );
    }
}
