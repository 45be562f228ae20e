//! Resources and their methods (`client.chat().completions().create(...)`), and the API
//! reference that lists them.
//!
//! A method only describes its request (verb, path, parameters, body) and names the type
//! to decode; sending, retrying and decoding are the runtime's, shared by every method.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use super::types::{ty_tokens, ty_tokens_in};
use crate::ir::{BodyKind, Model, OperationUse, ResponseKind, Ty};
use crate::names::{field_ident, type_name};

/// The resource tree: resource path → indices of its operations (every prefix is a node).
fn tree(model: &Model) -> BTreeMap<Vec<String>, Vec<usize>> {
    let mut nodes: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, op) in model.operations.iter().enumerate() {
        if !emitted(op) {
            continue;
        }
        for depth in 1..=op.resource.len() {
            nodes.entry(op.resource[..depth].to_vec()).or_default();
        }
        nodes.entry(op.resource.clone()).or_default().push(i);
    }
    nodes
}

/// Whether this generator version emits a method for `op`: multipart forms come with the
/// upload support of the runtime.
fn emitted(op: &OperationUse) -> bool {
    !op.resource.is_empty() && !matches!(&op.body, Some(b) if b.kind == BodyKind::Multipart)
}

/// `src/resources.rs`.
pub fn resources(model: &Model) -> TokenStream {
    let nodes = tree(model);
    let roots = nodes.keys().filter(|p| p.len() == 1).map(|p| accessor(p, quote!(self.clone())));
    let structs = nodes.iter().map(|(path, ops)| node(model, &nodes, path, ops));
    quote! {
        //! The API's resources, reached from a [`Client`] as `client.chat().completions()`.
        #![allow(deprecated)] // Deprecated operations are still generated, and call each other's types.
        use crate::{ApiRequest, Client, Method};

        impl Client {
            #(#roots)*
        }

        #(#structs)*
    }
}

fn struct_ident(path: &[String]) -> proc_macro2::Ident {
    ident(&type_name(path))
}

fn accessor(path: &[String], client: TokenStream) -> TokenStream {
    let name = ident(&field_ident(path.last().map(String::as_str).unwrap_or_default()));
    let ty = struct_ident(path);
    let doc = format!(" `{}`: its operations and sub-resources.", path.join("."));
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> #ty {
            #ty { client: #client }
        }
    }
}

fn node(model: &Model, nodes: &BTreeMap<Vec<String>, Vec<usize>>, path: &[String], ops: &[usize]) -> TokenStream {
    let name = struct_ident(path);
    let doc = format!(" Operations under `client.{}()`.", path.join("().")) ;
    let children: Vec<&Vec<String>> = nodes
        .keys()
        .filter(|p| p.len() == path.len() + 1 && p.starts_with(path))
        .collect();
    let child_names: Vec<String> = children.iter().map(|c| field_ident(&c[path.len()])).collect();
    let child_accessors = children.iter().map(|c| accessor(c, quote!(self.client.clone())));
    let methods = ops.iter().map(|i| method(model, &model.operations[*i], &child_names));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #name {
            client: Client,
        }

        impl #name {
            #(#child_accessors)*
            #(#methods)*
        }
    }
}

fn method(model: &Model, op: &OperationUse, taken: &[String]) -> TokenStream {
    let mut name = field_ident(&op.method);
    if taken.contains(&name) {
        // A sub-resource of the same name keeps the plain accessor.
        name.push_str("_call");
    }
    let name = ident(&name);
    let (path, fixed_query) = op.path.split_once('?').unwrap_or((&op.path, ""));
    let verb = ident(&op.verb.to_ascii_uppercase());
    let template = path_template(path, &op.path_params);
    let params: Vec<proc_macro2::Ident> = op.path_params.iter().map(|p| ident(&field_ident(p))).collect();
    let mut args = params.iter().map(|p| quote!(#p: &str)).collect::<Vec<_>>();
    let mut chain = Vec::new();
    for pair in fixed_query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        chain.push(quote!(.query(#k, #v)));
    }
    if let Some(body) = &op.body {
        let ty = qualified(model, &body.ty);
        args.push(quote!(body: #ty));
        chain.push(quote!(.body(&body)));
    }
    if let Some(query) = op.query {
        let ty = qualified(model, &Ty::Named(query));
        args.push(quote!(params: #ty));
        chain.push(quote!(.query_params(&params)));
    }
    let output = match &op.response {
        ResponseKind::Json(ty) => qualified(model, ty),
        ResponseKind::Binary => quote!(crate::Binary),
        ResponseKind::Empty => quote!(()),
    };
    let mut text = op.docs.as_deref().map(str::trim_end).map(String::from).unwrap_or_else(|| format!("`{}`.", op.id));
    text.push_str(&format!("\n\n`{} {}`", op.verb.to_ascii_uppercase(), op.path));
    if matches!(op.response, ResponseKind::Binary) {
        text.push_str("\n\nThe response is binary: read it with `.streaming()` (chunk by chunk) or `.raw()`.");
    }
    let docs = doc_attrs(&text);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "deprecated by the OpenAI API"]));
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> ApiRequest<#output> {
            self.client.request(Method::#verb, crate::request::expand(#template, &[#(#params),*]))
                #(#chain)*
        }
    }
}

/// `/threads/{thread_id}/runs/{run_id}` → `/threads/{}/runs/{}` (parameters in path order).
fn path_template(path: &str, params: &[String]) -> String {
    let mut out = path.to_string();
    for p in params {
        out = out.replacen(&format!("{{{p}}}"), "{}", 1);
    }
    out
}

fn qualified(model: &Model, ty: &Ty) -> TokenStream {
    ty_tokens_in(model, ty, Some(&quote!(crate::types)))
}

/// `api.md`: the template with one section per resource, one line per method.
pub fn api_reference(model: &Model, template: &str) -> String {
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &model.operations {
        let call = format!("client.{}().{}(...)", op.resource.join("()."), field_ident(&op.method));
        let returns = match &op.response {
            ResponseKind::Json(ty) => describe(model, ty),
            ResponseKind::Binary => "Binary (streamed bytes)".into(),
            ResponseKind::Empty => "()".into(),
        };
        let pending = if emitted(op) { "" } else { " (multipart: not generated yet)" };
        let line = format!(
            "- `{} {}` → `{call}` → `{returns}`{pending}",
            op.verb,
            op.path
        );
        sections.entry(op.resource.join(".")).or_default().push(line);
    }
    let body: Vec<String> = sections
        .into_iter()
        .map(|(resource, lines)| format!("## {resource}\n\n{}\n", lines.join("\n")))
        .collect();
    template.replace("{{operations}}", body.join("\n").trim_end())
}

fn describe(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => model.get(*id).name.clone(),
        Ty::List(inner) => format!("Vec<{}>", describe(model, inner)),
        Ty::Map(inner) => format!("HashMap<String, {}>", describe(model, inner)),
        Ty::Boxed(inner) => describe(model, inner),
        other => ty_tokens(model, other).to_string(),
    }
}
