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
        //! serialised back without losing a field.
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
