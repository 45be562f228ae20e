//! The blocking client's entry into the resource tree: `blocking_client.chat()` and the
//! other top-level accessors. The tree itself is the async one, generic over who calls it
//! ([`Caller`](../../openai_sdk/runtime/trait.Caller.html)): on the blocking client each
//! method returns a blocking request, built by the same code as the async one.

use proc_macro2::TokenStream;
use quote::quote;

use super::resources::{root_accessors, tree};
use crate::ir::Model;

/// `src/helpers/blocking/accessors.rs`.
pub fn blocking_accessors(model: &Model) -> TokenStream {
    let roots = root_accessors(&tree(model), &quote!(<Client>));
    quote! {
        //! The blocking client's top-level resources: the async client's tree, each method
        //! returning a blocking [`Request`](super::Request).
        #[allow(unused_imports)] // Unused when no API group feature is enabled.
        use crate::resources::*;
        use super::Client;

        impl Client {
            #(#roots)*
        }
    }
}
