//! The blocking client's resource tree (`blocking_client.chat().completions()`): a mirror
//! of the async tree, each method building the async method's request and handing it to
//! the blocking client, which sends it on its own runtime.
//!
//! Only the signatures are repeated; every request is still described once, by the async
//! method, so the two trees cannot drift apart.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::sanitize;
use super::resources::{accessor, layout, output_type, qualified, request, struct_ident, Layout, Signature};
use crate::ir::{Model, OperationUse};

/// `src/blocking/resources/mod.rs` and one `src/blocking/resources/<group>.rs` per API
/// group, as `(module, tokens)` with `mod` first.
pub fn blocking_resources(model: &Model) -> Vec<(String, TokenStream)> {
    let Layout { groups, modules, roots } = layout(model, "Blocking resources", node);
    let root = quote! {
        //! The API's resources for the blocking [`Client`]: the same tree, methods and
        //! arguments as the async client's [`resources`](crate::resources), each returning a
        //! blocking [`Request`](crate::blocking::Request) to [`send`](crate::blocking::Request::send).
        #![allow(deprecated)] // Deprecated operations are still generated, and call each other's types.
        #[allow(unused_imports)] // Unused when no API group feature is enabled.
        use crate::blocking::Client;

        #(#modules)*

        impl Client {
            #(#roots)*
        }
    };
    let mut files = vec![("mod".to_string(), root)];
    files.extend(groups.into_iter().map(|(group, structs)| {
        let doc = format!(" Blocking resources of the `{group}` API group: `client.{group}()` and below.");
        let tokens = quote! {
            #![doc = #doc]
            #![allow(deprecated)] // Deprecated operations are still generated, and call each other's types.
            #[allow(unused_imports)] // Not every group has a request body.
            use std::borrow::Borrow;
            use crate::blocking::{Client, Request};

            #(#structs)*
        };
        (group, tokens)
    }));
    files
}

fn node(model: &Model, nodes: &BTreeMap<Vec<String>, Vec<usize>>, path: &[String], ops: &[usize]) -> TokenStream {
    let name = struct_ident(path);
    let doc = format!(
        " Operations under `client.{}()`, blocking: [`{name}`](crate::resources::{name}) on the blocking client.",
        path.join("().")
    );
    let children = nodes.keys().filter(|p| p.len() == path.len() + 1 && p.starts_with(path));
    let child_accessors = children.map(|c| accessor(c, quote!(self.client.clone())));
    let methods = ops.iter().map(|i| methods(model, &model.operations[*i], &name));
    let resource = (!ops.is_empty()).then(|| {
        quote! {
            /// The async resource this one sends through.
            fn resource(&self) -> crate::resources::#name {
                crate::resources::#name { client: self.client.async_client().clone() }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #name {
            pub(crate) client: Client,
        }

        impl #name {
            #resource
            #(#child_accessors)*
            #(#methods)*
        }
    }
}

/// The blocking forms of every method the async resource has for `op`: the method, its
/// `_with` form, and the same for its `_stream` twin.
fn methods(model: &Model, op: &OperationUse, resource: &proc_macro2::Ident) -> TokenStream {
    let request = request(model, op);
    let signature =
        Signature { args: &request.args, arg_names: &request.arg_names, optional_query: model.optional_query(op) };
    let summary = summary(op);
    let returned = output_type(model, op);
    let mut forms = vec![(op.method_ident.clone(), returned)];
    if let Some(stream) = &op.stream {
        let event = qualified(model, &stream.event);
        forms.push((format!("{}_stream", op.method_ident), quote!(crate::EventStream<#event>)));
    }
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "deprecated by the OpenAI API"]));
    let mut out = TokenStream::new();
    for (base, returned) in forms {
        let (name, full) = signature.names(&base);
        let mut names = Vec::new();
        if signature.optional_query {
            let count = signature.args.len() - 1;
            names.push((name, &signature.args[..count], &signature.arg_names[..count]));
        }
        names.push((full, signature.args, signature.arg_names));
        for (method, args, arg_names) in names {
            let link = format!("Blocking [`{resource}::{method}`](crate::resources::{resource}::{method}).");
            let lines: Vec<String> = summary
                .iter()
                .chain(&[String::new(), link])
                .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") })
                .collect();
            out.extend(quote! {
                #(#[doc = #lines])*
                #deprecated
                #[inline]
                pub fn #method(&self, #(#args),*) -> Request<#returned> {
                    self.client.wrap(self.resource().#method(#(#arg_names),*))
                }
            });
        }
    }
    out
}

/// The first paragraph of the operation's docs and its route, as doc lines.
fn summary(op: &OperationUse) -> Vec<String> {
    let route = format!("`{} {}`", op.verb.to_ascii_uppercase(), op.path);
    let lines: Vec<String> =
        op.docs.as_deref().map(sanitize).unwrap_or_default().into_iter().take_while(|l| !l.is_empty()).collect();
    // A paragraph that opens a code block would be cut inside it.
    if lines.is_empty() || lines.iter().any(|l| l.starts_with("```") || l.starts_with("~~~")) {
        return vec![route];
    }
    lines.into_iter().chain(["".into(), route]).collect()
}
