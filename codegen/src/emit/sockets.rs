//! Typed senders for the client events of each WebSocket API (`spec/sockets.yaml`): one
//! method per event, named after its `type` (`session.update` →
//! `connection.session().update(session)`), taking the event's required fields (`new`'s
//! arguments) and returning a `SendEvent` that is awaited to send it, or adjusted first
//! with `.with(|event| event.optional_field(..))`.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::types::ty_tokens_in;
use crate::ir::{Model, SocketUse, Struct, Ty, TypeId, TypeKind};

/// The module of `socket`'s senders (`realtime`), and its code.
pub fn senders(model: &Model, socket: &SocketUse) -> (String, TokenStream) {
    let types = quote!(crate::types);
    let sender = ident(&socket.rule.connection);
    // Event path (`["conversation", "item"]`) → its methods.
    let mut tree: BTreeMap<Vec<String>, Vec<TokenStream>> = BTreeMap::new();
    for (tag, id) in client_events(model, socket.client) {
        let mut words: Vec<String> = tag.split('.').map(str::to_string).collect();
        let Some(method) = words.pop().filter(|_| !words.is_empty()) else { continue };
        let TypeKind::Struct(event) = &model.get(id).kind else { continue };
        let bytes = socket.rule.bytes.get(&tag).cloned().unwrap_or_default();
        tree.entry(words.clone()).or_default().push(sender_method(model, &tag, &method, id, event, &bytes, &types));
        // Every prefix is a node, so `conversation()` leads to `item()`.
        while words.len() > 1 {
            words.pop();
            tree.entry(words.clone()).or_default();
        }
    }
    let prefix = socket.name.to_upper_camel_case();
    let node_name = |path: &[String]| ident(&format!("{prefix}{}Events", path.join("_").to_upper_camel_case()));
    let accessor = |path: &[String], from: TokenStream, lifetime: TokenStream| {
        let name = ident(path.last().map(String::as_str).unwrap_or_default());
        let node = node_name(path);
        let doc = format!(" The `{}.*` client events.", path.join("."));
        quote! {
            #[doc = #doc]
            pub fn #name(&self) -> #node<#lifetime> {
                #node { sender: #from }
            }
        }
    };
    let roots = tree.keys().filter(|p| p.len() == 1).map(|p| accessor(p, quote!(self), quote!('_)));
    let nodes = tree.iter().map(|(path, methods)| {
        let node = node_name(path);
        // A child borrows the sender for as long as its parent does.
        let children = tree
            .keys()
            .filter(|c| c.len() == path.len() + 1 && c.starts_with(path))
            .map(|c| accessor(c, quote!(self.sender), quote!('c)));
        let doc = format!(" The `{}.*` client events of the `{}` WebSocket.", path.join("."), socket.name);
        quote! {
            #[doc = #doc]
            #[derive(Clone, Copy)]
            pub struct #node<'c> {
                sender: &'c #sender,
            }
            impl<'c> #node<'c> {
                #(#children)*
                #(#methods)*
            }
        }
    });
    let doc = format!(
        " Typed senders of the `{}` WebSocket's client events (`{}`): one method per event `type`.",
        socket.name, socket.rule.client_events
    );
    let path = &socket.rule.path;
    // The hand-written connection lives in the socket's own module (`socket/realtime.rs`).
    let module = ident(&socket.name);
    let tokens = quote! {
        #![doc = #doc]
        use super::super::SendEvent;
        use super::super::#module::#sender;

        impl #sender {
            /// Where the socket is, below the client's base URL (`spec/sockets.yaml`).
            pub(crate) const PATH: &'static str = #path;

            #(#roots)*
        }

        #(#nodes)*
    };
    (socket.name.clone(), tokens)
}

/// `src/helpers/socket/senders/mod.rs`: each socket's senders, behind its group's feature.
pub fn senders_mod(model: &Model) -> TokenStream {
    let modules = model.sockets.iter().map(|socket| {
        let module = ident(&socket.name);
        let group = &socket.rule.group;
        let doc = format!(" Client events of the `{}` WebSocket.", socket.name);
        quote! {
            #[doc = #doc]
            #[cfg(feature = #group)]
            mod #module;
        }
    });
    quote! {
        //! Typed senders of each WebSocket API's client events (`spec/sockets.yaml`).
        #(#modules)*
    }
}

/// `(type, struct)` of each client event: the variants of a union, or the one struct an
/// alias names.
fn client_events(model: &Model, id: TypeId) -> Vec<(String, TypeId)> {
    let event = |ty: &Ty| ty.direct_named().and_then(|id| Some((event_type(model, id)?, id)));
    match &model.get(id).kind {
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| event(&v.ty)).collect(),
        TypeKind::Alias(ty) => event(ty).into_iter().collect(),
        TypeKind::Struct(_) => event(&Ty::Named(id)).into_iter().collect(),
        TypeKind::StringEnum(_) => Vec::new(),
    }
}

/// The constant of a struct's `type` field.
fn event_type(model: &Model, id: TypeId) -> Option<String> {
    let TypeKind::Struct(s) = &model.get(id).kind else { return None };
    let field = s.fields.iter().find(|f| f.wire == "type")?;
    match &model.get(field.ty.direct_named()?).kind {
        TypeKind::StringEnum(e) if e.values.len() == 1 => Some(e.values[0].wire.clone()),
        _ => None,
    }
}

fn sender_method(
    model: &Model,
    tag: &str,
    method: &str,
    id: TypeId,
    event: &Struct,
    bytes: &[String],
    types: &TokenStream,
) -> TokenStream {
    let def = model.get(id);
    let name = ident(&def.name);
    let method = ident(method);
    let required = model.constructor_fields(&event.fields);
    let params = required.iter().map(|f| {
        let field = ident(&f.ident);
        if bytes.contains(&f.wire) {
            quote!(#field: impl AsRef<[u8]>)
        } else {
            let ty = ty_tokens_in(model, &f.ty, Some(types));
            quote!(#field: impl Into<#ty>)
        }
    });
    let args = required.iter().map(|f| {
        let field = ident(&f.ident);
        if bytes.contains(&f.wire) {
            quote!(super::super::base64(#field.as_ref()))
        } else {
            quote!(#field)
        }
    });
    let summary = def.docs.as_deref().and_then(|d| d.split("\n\n").next()).unwrap_or_default();
    let doc = super::docs::doc_attrs(&format!("Sends `{tag}`.\n\n{summary}"));
    let encoded =
        bytes.iter().filter(|b| required.iter().any(|f| &&f.wire == b)).map(|b| format!("`{b}`")).collect::<Vec<_>>();
    let encoded_doc = (!encoded.is_empty()).then(|| {
        let text = format!(" Takes {} as bytes and sends them base64-encoded, as the API expects.", encoded.join(", "));
        quote!(#[doc = #text])
    });
    let more = format!(
        " Await it to send; set optional fields first with `.with(|event| ...)` on [`{0}`](crate::types::{0}).",
        def.name
    );
    quote! {
        #doc
        #[doc = ""]
        #[doc = #more]
        #encoded_doc
        pub fn #method(&self, #(#params),*) -> SendEvent<'c, #types::#name> {
            SendEvent::new(self.sender.as_ref(), #types::#name::new(#(#args),*))
        }
    }
}
