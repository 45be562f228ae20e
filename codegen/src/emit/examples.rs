//! A test of the generated types against the spec's own response examples.
//!
//! Each `x-oaiMeta.examples[].response` that is JSON is deserialized into the operation's
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
            let is_json = serde_json::from_str::<serde_json::Value>(example).is_ok();
            let check = match (&op.success, is_json) {
                (Some(ty), true) => {
                    let ty = ty_tokens(model, ty);
                    let body = Literal::string(example);
                    quote!(report.check::<#ty>(#label, #body);)
                }
                (None, true) => quote!(report.skip(#label, "the operation has no JSON response type");),
                (_, false) => quote!(report.skip(#label, "not JSON (an event stream or a file)");),
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
        let method_name = super::resources::method_name(model, op);
        for full in [false, true] {
            let Some(args) = call_arguments(model, op, full) else { continue };
            let label = format!("{} ({})", op.id, if full { "all parameters" } else { "required parameters" });
            let method = super::ident(&method_name);
            let call = quote!(#chain.#method(#(#args),*));
            let check = match (&op.page, &op.response) {
                (None, crate::ir::ResponseKind::Binary) => quote!(async { #call.await?.bytes().await.map(drop) }.await),
                _ => quote!(#call.await.map(drop)),
            };
            calls.push(quote!(results.push((#label, #check));));
            if op.stream.is_some() && !full {
                let label = format!("{} (stream)", op.id);
                let stream = super::ident(&format!("{method_name}_stream"));
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
                    let required = s
                        .fields
                        .iter()
                        .filter(|f| !f.optional && !is_constant(model, &f.ty))
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

fn is_constant(model: &Model, ty: &crate::ir::Ty) -> bool {
    ty.direct_named()
        .is_some_and(|id| matches!(&model.get(id).kind, crate::ir::TypeKind::StringEnum(e) if e.values.len() == 1))
}
