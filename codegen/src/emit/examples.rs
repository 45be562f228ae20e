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

/// The source of `tests/steady/operations.rs`: one call through its generated method for
/// every operation that needs neither a request body nor a required query parameter (so a
/// call can be made without inventing one), awaited into its typed response. The Steady test
/// runs them all against the mock server.
pub fn operation_calls(model: &Model) -> TokenStream {
    let mut calls = Vec::new();
    for op in &model.operations {
        if op.resource.is_empty() || op.body.is_some() || has_required_query(model, op) {
            continue;
        }
        let mut chain = quote!(client);
        for word in &op.resource {
            let accessor = super::ident(&crate::names::field_ident(word));
            chain = quote!(#chain.#accessor());
        }
        let method = super::ident(&super::resources::method_name(model, op));
        let mut args: Vec<TokenStream> = op.path_params.iter().map(|_| quote!("1")).collect();
        if op.query.is_some() {
            args.push(quote!(Default::default()));
        }
        let id = &op.id;
        let call = quote!(#chain.#method(#(#args),*));
        let check = match (&op.page, &op.response) {
            (None, crate::ir::ResponseKind::Binary) => quote!(async { #call.await?.bytes().await.map(drop) }.await),
            _ => quote!(#call.await.map(drop)),
        };
        calls.push(quote!(results.push((#id, #check));));
    }
    quote! {
        //! One call per operation that needs no request body and no required query
        //! parameter, through its generated method, awaited into its typed response.
        #![allow(deprecated)]
        use openai_sdk::{Client, Error};

        /// Each operation's id and what its call gave.
        pub async fn call_all(client: &Client) -> Vec<(&'static str, Result<(), Error>)> {
            let mut results = Vec::new();
            #(#calls)*
            results
        }
    }
}

fn has_required_query(model: &Model, op: &crate::ir::OperationUse) -> bool {
    let Some(query) = op.query else { return false };
    match &model.get(query).kind {
        crate::ir::TypeKind::Struct(s) => s.fields.iter().any(|f| !f.optional),
        _ => false,
    }
}
