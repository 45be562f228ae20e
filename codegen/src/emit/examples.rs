//! A test of the generated types against the spec's own response examples.
//!
//! Each `x-oaiMeta.examples[].response` that is JSON (as a reader takes it: see
//! [`example_json`]) is deserialized into the operation's
//! response type and serialised back; the test fails if a field is lost or changed. Examples
//! that are not JSON (event streams, audio) are counted as skipped.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::ty_tokens;
use crate::ir::Model;

/// The source of `tests/spec_examples.rs`.
pub fn roundtrip_test(model: &Model) -> TokenStream {
    let mut checks = Vec::new();
    for op in &model.operations {
        for (index, example) in op.examples.iter().enumerate() {
            let label = format!("{}#{}", op.id, index);
            let check = match (&op.success, example_json(example)) {
                (Some(ty), Some((json, repaired))) => {
                    let ty = ty_tokens(model, ty);
                    let body = Literal::string(&json);
                    quote!(report.check::<#ty>(#label, #body, #repaired);)
                }
                (None, Some(_)) => quote!(report.skip(#label, "the operation has no JSON response type");),
                (_, None) => quote!(report.skip(#label, "not JSON (an event stream or a file)");),
            };
            checks.push(check);
        }
    }
    quote! {
        //! Every response example in the spec, deserialized into its generated type and
        //! serialised back without losing a field (`cargo xtask test` turns on the
        //! `serialize-responses` feature this needs).
        #![cfg(all(feature = "full", feature = "serialize-responses"))]
        #![allow(deprecated)]
        // Formatted by the generator (prettyplease), not rustfmt.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        mod support;
        use openai_sdk::types::*;

        #[test]
        fn response_examples_roundtrip() {
            let mut report = support::Report::default();
            #(#checks)*
            report.finish();
        }
    }
}

/// An example as JSON, the way a person reading the docs takes it: `Some((json, repaired))`
/// when it is JSON as it stands (`repaired` false) or after mending what the docs write
/// loosely (`repaired` true): `...` placeholder lines and `{ ... }` items left out, `{...}`
/// and `[...]` as empty, trailing commas dropped, a missing comma between two lines added,
/// bare keys quoted, Python's `None` as `null`. Anything else (event streams, audio) is
/// `None`.
pub fn example_json(example: &str) -> Option<(String, bool)> {
    if serde_json::from_str::<serde_json::Value>(example).is_ok() {
        return Some((example.to_string(), false));
    }
    let trimmed = example.trim_start();
    if !trimmed.starts_with('{') && !trimmed.starts_with('[') {
        return None;
    }
    let mut lines: Vec<String> = Vec::new();
    for line in example.lines() {
        let content = line.trim().trim_end_matches(',').trim();
        // A line standing for more of the same: `...`, `.... (1536 floats)`, `{ ... }`.
        if content.starts_with("...") || matches!(content, "{ ... }" | "{...}" | "[ ... ]" | "[...]") {
            continue;
        }
        let mut line =
            line.replace("{ ... }", "{}").replace("{...}", "{}").replace("[ ... ]", "[]").replace("[...]", "[]");
        line = quote_bare_key(&line);
        if let Some(value) = line.trim_end().trim_end_matches(',').strip_suffix("None") {
            if value.trim_end().ends_with(':') {
                let comma = if line.trim_end().ends_with(',') { "," } else { "" };
                line = format!("{value}null{comma}");
            }
        }
        // A value line followed by a key line needs a comma between them.
        if let Some(previous) = lines.iter_mut().rev().find(|l| !l.trim().is_empty()) {
            let ends_value = previous.trim_end().ends_with(['"', '}', ']'])
                || previous.trim_end().ends_with(|c: char| c.is_ascii_alphanumeric());
            if ends_value && line.trim_start().starts_with('"') && !previous.trim_end().ends_with([',', '{', '[', ':'])
            {
                previous.push(',');
            }
        }
        lines.push(line);
    }
    let repaired = drop_trailing_commas(&lines.join("\n"));
    serde_json::from_str::<serde_json::Value>(&repaired).ok().map(|_| (repaired, true))
}

/// `  id: "x"` as `  "id": "x"`.
fn quote_bare_key(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let key_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    if key_len > 0 && rest[key_len..].starts_with(':') && !rest.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{}\"{}\"{}", &line[..indent], &rest[..key_len], &rest[key_len..])
    } else {
        line.to_string()
    }
}

/// `text` without the commas that stand just before a `}` or `]` (outside strings).
fn drop_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            out.push(c);
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ',' && chars[i + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(|c| matches!(c, '}' | ']')) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The source of `tests/steady/operations.rs`: every operation called through its
/// generated method twice, once with only its required parameters and once with every
/// parameter set (streaming variants once, read to the end), with sample values made up
/// from the types: text `"sample"`, numbers `1`, the first variant of each enum and union,
/// a small file for each upload. The Steady test runs them all against the mock server.
pub fn operation_calls(model: &Model) -> TokenStream {
    let mut calls = Vec::new();
    for op in &model.operations {
        if op.resource.is_empty() {
            continue;
        }
        let mut chain = quote!(client);
        for word in &op.resource {
            let accessor = super::ident(&crate::names::field_ident(word));
            chain = quote!(#chain.#accessor());
        }
        let method_name = &op.method_ident;
        for full in [false, true] {
            let Some(args) = call_arguments(model, op, full) else { continue };
            let label = format!("{} ({})", op.id, if full { "all parameters" } else { "required parameters" });
            // The `_with` form takes the optional query parameters the sample sets.
            let with = if model.optional_query(op) { "_with" } else { "" };
            let method = super::ident(&format!("{method_name}{with}"));
            let call = quote!(#chain.#method(#(#args),*));
            let check = match (&op.page, &op.response) {
                (None, crate::ir::ResponseKind::Binary) => quote!(async { #call.await?.bytes().await.map(drop) }.await),
                _ => quote!(#call.await.map(drop)),
            };
            calls.push(quote!(results.push((#label, #check));));
            if op.stream.is_some() && !full {
                let label = format!("{} (stream)", op.id);
                let stream = super::ident(&format!("{method_name}_stream{with}"));
                calls.push(quote! {
                    results.push((#label, async {
                        let events: Vec<_> = futures_util::StreamExt::collect(#chain.#stream(#(#args),*).await?).await;
                        events.into_iter().try_for_each(|e| e.map(drop))
                    }.await));
                });
            }
        }
    }
    quote! {
        //! Every operation through its generated method: once with only its required
        //! parameters, once with every parameter set, and its streaming variant, each
        //! awaited into its typed response.
        #![allow(deprecated, clippy::all)]
        use openai_sdk::{Client, Error};

        /// Each call's label and what it gave.
        #[allow(unused_variables, unused_mut)] // A spec may have no operations.
        pub async fn call_all(client: &Client) -> Vec<(&'static str, Result<(), Error>)> {
            let mut results = Vec::new();
            #(#calls)*
            results
        }
    }
}

/// The arguments of a call to `op`: path parameters, then body, then query parameters.
fn call_arguments(model: &Model, op: &crate::ir::OperationUse, full: bool) -> Option<Vec<TokenStream>> {
    let mut args: Vec<TokenStream> = op.path_params.iter().map(|_| quote!("sample_id")).collect();
    if let Some(body) = &op.body {
        args.push(sample(model, &body.ty, full, 0)?);
    }
    if let Some(query) = op.query {
        args.push(sample(model, &crate::ir::Ty::Named(query), full, 0)?);
    }
    Some(args)
}

/// A Rust expression for a value of `ty`: with only required fields, or (`full`) with
/// every field down to a few levels.
fn sample(model: &Model, ty: &crate::ir::Ty, full: bool, depth: usize) -> Option<TokenStream> {
    use crate::ir::{Ty, TypeKind};
    if depth > 8 {
        return None;
    }
    let types = quote!(openai_sdk::types);
    Some(match ty {
        Ty::String => quote!(String::from("sample")),
        Ty::Integer | Ty::Integer32 => quote!(1),
        Ty::Number => quote!(1.0),
        Ty::Boolean => quote!(true),
        Ty::Binary => quote!(openai_sdk::InputFile::from_bytes(&b"sample"[..]).file_name("sample.png")),
        Ty::Json => quote!(serde_json::json!({})),
        Ty::List(inner) => {
            let item = sample(model, inner, full, depth + 1)?;
            quote!(vec![#item])
        }
        Ty::Map(inner) => {
            let value = sample(model, inner, full, depth + 1)?;
            quote!(std::collections::HashMap::from([("key".to_string(), #value)]))
        }
        Ty::Boxed(inner) => {
            let value = sample(model, inner, full, depth + 1)?;
            quote!(Box::new(#value))
        }
        Ty::Named(id) => {
            let def = model.get(*id);
            let path = super::types::ty_tokens_in(model, ty, Some(&types));
            match &def.kind {
                TypeKind::Alias(inner) => sample(model, inner, full, depth)?,
                TypeKind::StringEnum(e) => {
                    let variant = super::ident(&e.values.first()?.ident);
                    quote!(#path::#variant)
                }
                TypeKind::Union(u) => {
                    // The first arm that can be built (plain JSON last).
                    let mut arms: Vec<&crate::ir::Variant> = u.variants.iter().collect();
                    arms.sort_by_key(|v| matches!(v.ty, Ty::Json));
                    arms.into_iter().find_map(|v| {
                        let value = sample(model, &v.ty, full, depth + 1)?;
                        let variant = super::ident(&v.ident);
                        Some(quote!(#path::#variant(#value)))
                    })?
                }
                TypeKind::Struct(s) if def.sent => {
                    let required = model
                        .constructor_fields(&s.fields)
                        .into_iter()
                        .map(|f| sample(model, &f.ty, full, depth + 1))
                        .collect::<Option<Vec<_>>>()?;
                    let setters: Vec<TokenStream> = if full && depth < 3 {
                        s.fields
                            .iter()
                            .filter(|f| f.optional && f.ident != "new" && f.wire != "stream")
                            .filter_map(|f| {
                                let value = sample(model, &f.ty, full, depth + 1)?;
                                let setter = super::ident(&f.ident);
                                Some(quote!(.#setter(#value)))
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    quote!(#path::new(#(#required),*)#(#setters)*)
                }
                TypeKind::Struct(_) => return None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::example_json;

    #[test]
    fn loose_examples_read_as_a_person_reads_them() {
        let loose = r#"{
  "data": [
    {"id": "a", "meta": {"k": "v",},},
    { ... },
    ...
  ],
  "usage": {...},
  "list": [...],
  "model": "m"
  "entity": None,
  id: "x",
  "embedding": [
    0.1,
    .... (1536 floats total)
    -0.2,
  ],
  "text": "a, } ] \" quoted",
}"#;
        let (json, repaired) = example_json(loose).expect("repairable");
        assert!(repaired);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"data": [{"id": "a", "meta": {"k": "v"}}], "usage": {}, "list": [], "model": "m",
                               "entity": null, "id": "x", "embedding": [0.1, -0.2], "text": "a, } ] \" quoted"})
        );
        assert_eq!(example_json(r#"{"a": 1}"#), Some((r#"{"a": 1}"#.to_string(), false)));
        assert_eq!(example_json("data: {\"a\": 1}\n\ndata: [DONE]\n"), None);
        assert_eq!(example_json("<binary content of the file>"), None);
        assert_eq!(example_json(""), None);
    }
}
