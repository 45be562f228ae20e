//! Cargo features: one per API group, so an application compiles only the groups it uses.
//!
//! A group's feature turns on its resources and every type its operations reach (the
//! closure analysis computed, [`TypeDef::groups`](crate::ir::TypeDef::groups)). Types of one
//! group sit in that group's module, gated as a whole; types several groups reach sit in
//! `shared`, each gated by the features of every group that reaches it. A type no group
//! reaches comes with `full`.
//!
//! The features themselves are generated too: [`cargo_features`] writes the features region
//! of `Cargo.toml`. Hand-written helpers are gated by the same features, and are written
//! against the committed spec.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Model;
use crate::rules::FeaturesConfig;

/// The feature that turns on everything.
pub const FULL: &str = "full";

/// `#[cfg(...)]` true when any of `groups` is enabled (`full` when there are none).
pub fn cfg_any(groups: &BTreeSet<String>) -> TokenStream {
    let names: Vec<&str> = if groups.is_empty() { vec![FULL] } else { groups.iter().map(String::as_str).collect() };
    match names.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `tokens` with `cfg` on each of its items (a type and its impls are gated together),
/// placed after the item's doc comment.
pub fn gate_items(tokens: TokenStream, cfg: &TokenStream) -> TokenStream {
    let (Ok(mut file), Ok(attribute)) =
        (syn::parse2::<syn::File>(tokens.clone()), syn::parse2::<CfgAttribute>(cfg.clone()))
    else {
        // Not a list of items (never the case for generated types): leave it ungated.
        return tokens;
    };
    for item in &mut file.items {
        if let Some(attrs) = item_attrs(item) {
            let after_docs = attrs.iter().take_while(|a| a.path().is_ident("doc")).count();
            // An item gated already (an opt-in `Serialize` impl) gets one `cfg(all(..))`.
            match attrs.get(after_docs).and_then(cfg_predicate) {
                Some(own) => {
                    let group = cfg_predicate(&attribute.0).unwrap_or_default();
                    attrs[after_docs] = syn::parse_quote!(#[cfg(all(#group, #own))]);
                }
                None => attrs.insert(after_docs, attribute.0.clone()),
            }
        }
    }
    let items = file.items.iter();
    quote!(#(#items)*)
}

/// The predicate of a `#[cfg(...)]` attribute.
fn cfg_predicate(attribute: &syn::Attribute) -> Option<TokenStream> {
    match &attribute.meta {
        syn::Meta::List(list) if list.path.is_ident("cfg") => Some(list.tokens.clone()),
        _ => None,
    }
}

/// One outer attribute, parsed.
struct CfgAttribute(syn::Attribute);

impl syn::parse::Parse for CfgAttribute {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let mut attrs = syn::Attribute::parse_outer(input)?;
        attrs.pop().map(CfgAttribute).ok_or_else(|| input.error("expected an attribute"))
    }
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Every API group, in name order: the crate's group features.
pub fn groups(model: &Model) -> BTreeSet<String> {
    let mut groups: BTreeSet<String> =
        model.operations.iter().filter(|op| !op.resource.is_empty()).map(|op| op.group.clone()).collect();
    if model.webhook_event.is_some() {
        groups.insert(crate::analyze::WEBHOOKS_GROUP.to_string());
    }
    // A socket's types and connection come with its group, even where no operation has it.
    groups.extend(model.sockets.iter().map(|s| s.rule.group.clone()));
    groups
}

/// The features region of `Cargo.toml`: `full` with every group, then each group's own
/// feature (with the groups `spec/features.yaml` says it turns on, where the spec has them).
pub fn cargo_features(model: &Model, config: &FeaturesConfig) -> String {
    let groups = groups(model);
    let quoted = |names: Vec<&String>| names.iter().map(|g| format!("\"{g}\"")).collect::<Vec<_>>().join(", ");
    let mut out = String::new();
    out.push_str("# Every API group of the spec. Each group below turns on its resources and exactly the types\n");
    out.push_str("# its operations use, so `default-features = false, features = [\"chat\", \"rustls-ring\"]`\n");
    out.push_str("# compiles only what chat needs.\n");
    out.push_str(&format!("{FULL} = [{}]\n", quoted(groups.iter().collect())));
    for group in &groups {
        let mut implied: Vec<&String> =
            config.implies.get(group).into_iter().flatten().filter(|g| groups.contains(*g)).collect();
        // A group with a WebSocket API also turns on what its connection needs.
        implied.extend(model.sockets.iter().filter(|s| &s.rule.group == group).flat_map(|s| &s.rule.features));
        out.push_str(&format!("{group} = [{}]\n", quoted(implied)));
    }
    out
}
