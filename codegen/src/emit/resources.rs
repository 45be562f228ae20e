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
use super::types::{rust_name, ty_tokens_in};
use crate::ir::{BodyKind, Model, OperationUse, ResponseKind, Ty, TypeKind};
use crate::names::{field_ident, type_name};
use crate::rules::{Credential, FlagLocation, PageKind};

/// The resource tree: resource path → indices of its operations (every prefix is a node).
pub(super) fn tree(model: &Model) -> BTreeMap<Vec<String>, Vec<usize>> {
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

/// Whether `op` gets a method: every operation the naming placed on a resource.
pub(super) fn emitted(op: &OperationUse) -> bool {
    !op.resource.is_empty()
}

/// `src/resources/mod.rs` and one `src/resources/<group>.rs` per API group, as
/// `(module, tokens)` with `mod` first.
pub fn resources(model: &Model) -> Vec<(String, TokenStream)> {
    let Layout { groups, modules, roots } = layout(model, "Resources", node);
    let stream_events = stream_event_impls(model);
    let cursor_items = cursor_item_impls(model);
    let root = quote! {
        //! The API's resources, reached from a [`Client`] as `client.chat().completions()`:
        //! one module per API group, each behind its feature; all are re-exported here.
        #![allow(deprecated)] // Deprecated operations are still generated, and call each other's types.
        #[allow(unused_imports)] // Unused when no API group feature is enabled.
        use crate::runtime::Client;

        #(#modules)*

        impl Client {
            #(#roots)*
        }

        #(#stream_events)*

        #(#cursor_items)*
    };
    let mut files = vec![("mod".to_string(), root)];
    files.extend(groups.into_iter().map(|(group, structs)| {
        let doc = format!(" Resources of the `{group}` API group: `client.{group}()` and below.");
        let tokens = quote! {
            #![doc = #doc]
            #![allow(deprecated)] // Deprecated operations are still generated, and call each other's types.
            #[allow(unused_imports)] // Not every group has a request body.
            use std::borrow::Borrow;
            use crate::runtime::{Caller, Client, Method};

            #(#structs)*
        };
        (group, tokens)
    }));
    files
}

/// A resource tree laid out in files: each group's structs (from `node`), the `mod` items of
/// the groups (documented as "`<what>` of the `<group>` API group") and the client's root
/// accessors.
pub(super) struct Layout {
    pub groups: BTreeMap<String, Vec<TokenStream>>,
    pub modules: Vec<TokenStream>,
    pub roots: Vec<TokenStream>,
}

type NodeFn = fn(&Model, &BTreeMap<Vec<String>, Vec<usize>>, &[String], &[usize]) -> TokenStream;

pub(super) fn layout(model: &Model, what: &str, node: NodeFn) -> Layout {
    let nodes = tree(model);
    let mut groups: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for (path, ops) in &nodes {
        groups.entry(group_of(path)).or_default().push(node(model, &nodes, path, ops));
    }
    // The async client's resources take it by default: no type argument.
    let roots = root_accessors(&nodes, &TokenStream::new());
    let modules = groups
        .keys()
        .map(|group| {
            let module = ident(group);
            let cfg = group_cfg(std::slice::from_ref(group));
            let doc = format!(" {what} of the `{group}` API group.");
            quote! {
                #[doc = #doc]
                #cfg
                mod #module;
                #cfg
                pub use #module::*;
            }
        })
        .collect();
    Layout { groups, modules, roots }
}

/// The client's accessors of the top-level resources (`client.chat()`), each behind its
/// group's feature; `caller` is the resources' type argument.
pub(super) fn root_accessors(nodes: &BTreeMap<Vec<String>, Vec<usize>>, caller: &TokenStream) -> Vec<TokenStream> {
    nodes
        .keys()
        .filter(|p| p.len() == 1)
        .map(|p| {
            let cfg = group_cfg(p);
            let accessor = accessor(p, quote!(self.clone()), caller.clone());
            quote!(#cfg #accessor)
        })
        .collect()
}

/// The API group (and module) of a resource: its first word.
pub(super) fn group_of(path: &[String]) -> String {
    field_ident(path.first().map(String::as_str).unwrap_or_default())
}

/// `impl StreamEvent` for each type a stream yields, once each, with the features of the
/// groups whose streams yield it.
fn stream_event_impls(model: &Model) -> Vec<TokenStream> {
    let mut users: BTreeMap<usize, (bool, std::collections::BTreeSet<String>)> = BTreeMap::new();
    for op in model.operations.iter().filter(|op| emitted(op)) {
        let Some(stream) = &op.stream else { continue };
        let Ty::Named(id) = &stream.event else { continue };
        let entry = users.entry(id.0).or_default();
        entry.0 |= stream.named;
        entry.1.insert(op.group.clone());
    }
    users
        .into_iter()
        .map(|(id, (named, groups))| {
            let ty = qualified(model, &Ty::Named(crate::ir::TypeId(id)));
            let cfg = super::features::cfg_any(&groups);
            let named = named.then(|| {
                quote!(
                    const NAMED_EVENTS: bool = true;
                )
            });
            quote! {
                #cfg
                impl crate::runtime::StreamEvent for #ty {
                    #named
                }
            }
        })
        .collect()
}

/// `impl CursorItem` for each item type of a cursor page, reading its `id`, with the
/// features of the groups that list it.
fn cursor_item_impls(model: &Model) -> Vec<TokenStream> {
    let mut users: BTreeMap<usize, std::collections::BTreeSet<String>> = BTreeMap::new();
    for op in model.operations.iter().filter(|op| emitted(op)) {
        let Some(page) = &op.page else { continue };
        let Ty::Named(id) = &page.item else { continue };
        if page.kind == PageKind::CursorPage {
            users.entry(id.0).or_default().insert(op.group.clone());
        }
    }
    users
        .into_iter()
        .map(|(id, groups)| {
            let item = Ty::Named(crate::ir::TypeId(id));
            let ty = qualified(model, &item);
            let cfg = super::features::cfg_any(&groups);
            // No `id` to continue from: the page reads as the last.
            let body = id_of(model, &item, quote!(self), 0).unwrap_or_else(|| quote!(None));
            quote! {
                #cfg
                impl crate::runtime::CursorItem for #ty {
                    fn cursor_id(&self) -> Option<&str> {
                        #body
                    }
                }
            }
        })
        .collect()
}

/// An expression for the `id` of `value` (of type `ty`), as `Option<&str>`: a struct's
/// `id` field, or for a union, its variant's.
fn id_of(model: &Model, ty: &Ty, value: TokenStream, depth: usize) -> Option<TokenStream> {
    let Ty::Named(id) = ty else {
        return match ty {
            Ty::Boxed(inner) => id_of(model, inner, value, depth),
            _ => None,
        };
    };
    match &model.get(*id).kind {
        TypeKind::Struct(s) => {
            let field = s.fields.iter().find(|f| f.wire == "id" && matches!(f.ty, Ty::String))?;
            let name = ident(&field.ident);
            Some(if field.optional { quote!(#value.#name.as_deref()) } else { quote!(Some(&#value.#name)) })
        }
        TypeKind::Alias(inner) => id_of(model, inner, value, depth),
        TypeKind::Union(union) => {
            let binding = ident(&format!("v{depth}"));
            let path = qualified(model, ty);
            let arms = union.variants.iter().map(|variant| {
                let name = ident(&variant.ident);
                let id = id_of(model, &variant.ty, quote!(#binding), depth + 1).unwrap_or_else(|| quote!(None));
                quote!(#path::#name(#binding) => #id,)
            });
            let fallback = ident(&union.fallback);
            Some(quote! {
                match #value {
                    #(#arms)*
                    #path::#fallback(#binding) => #binding.get("id").and_then(serde_json::Value::as_str),
                }
            })
        }
        TypeKind::StringEnum(_) => None,
    }
}

/// The feature of the group a resource belongs to.
pub(super) fn group_cfg(path: &[String]) -> TokenStream {
    super::features::cfg_any(&std::iter::once(group_of(path)).collect())
}

pub(super) fn struct_ident(path: &[String]) -> proc_macro2::Ident {
    ident(&type_name(path))
}

pub(super) fn accessor(path: &[String], client: TokenStream, caller: TokenStream) -> TokenStream {
    let name = ident(&field_ident(path.last().map(String::as_str).unwrap_or_default()));
    let ty = struct_ident(path);
    let doc = format!(" `{}`: its operations and sub-resources.", path.join("."));
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> #ty #caller {
            #ty { client: #client }
        }
    }
}

fn node(model: &Model, nodes: &BTreeMap<Vec<String>, Vec<usize>>, path: &[String], ops: &[usize]) -> TokenStream {
    let name = struct_ident(path);
    let doc = format!(" Operations under `client.{}()`.", path.join("()."));
    let children: Vec<&Vec<String>> =
        nodes.keys().filter(|p| p.len() == path.len() + 1 && p.starts_with(path)).collect();
    let child_accessors = children.iter().map(|c| accessor(c, quote!(self.client.clone()), quote!(<C>)));
    let methods = ops.iter().map(|i| method(model, &model.operations[*i]));
    quote! {
        #[doc = #doc]
        ///
        /// On the async [`Client`] each method returns an [`ApiRequest`](crate::runtime::ApiRequest) to
        /// await; on the blocking client, a request to `send()`.
        #[derive(Debug, Clone)]
        pub struct #name<C = Client> {
            pub(crate) client: C,
        }

        impl<C: Caller> #name<C> {
            #(#child_accessors)*
            #(#methods)*
        }
    }
}

/// One method (and its `_stream` twin when the operation streams). A method whose query
/// parameters are all optional comes twice: without them, and as `<method>_with` taking them.
fn method(model: &Model, op: &OperationUse) -> TokenStream {
    let (path, _) = op.path.split_once('?').unwrap_or((&op.path, ""));
    let verb = ident(&op.verb.to_ascii_uppercase());
    let template = path_template(path, &op.path_params);
    let operation = [op.resource.join("."), op.method.clone()].join(".");
    let Request { params, args, arg_names, borrow_body, chain, guard } = request(model, op);
    let returned = output_type(model, op);
    let output = quote!(C::Request<#returned>);
    // The request's statements, handed to the caller as resolving to `ty`.
    let build = |ty: &TokenStream, extra: &TokenStream| {
        quote! {
            let request = self.client.client().request(Method::#verb, #operation, crate::runtime::encoding::expand(#template, &[#(#params),*]))
                #(#chain)* #extra;
            self.client.call::<#ty>(request)
        }
    };
    let docs = method_docs(model, op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "deprecated by the OpenAI API"]));
    let signature = Signature { args: &args, arg_names: &arg_names, optional_query: model.optional_query(op) };
    let (name, full) = signature.names(&op.method_ident);
    let full_docs = if signature.optional_query { with_docs(&op.method_ident) } else { docs.clone() };
    let short = signature.shorthand(&name, &full, &output, &docs, deprecated.as_ref());
    let body = build(&returned, &quote!(#guard));
    let streaming =
        op.stream.as_ref().map(|stream| stream_method(model, op, stream, &signature, borrow_body.as_ref(), &build));
    // `#[inline]` makes each method, and the serialization of its body, compile in the
    // crate that calls it: an application builds the operations it uses, not all 288.
    quote! {
        #short

        #full_docs
        #deprecated
        #[inline]
        pub fn #full(&self, #(#args),*) -> #output {
            #borrow_body
            #body
        }

        #streaming
    }
}

/// A method's arguments, and whether it also comes without its (optional) query parameters.
pub(super) struct Signature<'a> {
    /// Every argument, the query parameters last.
    pub args: &'a [TokenStream],
    /// Their names.
    pub arg_names: &'a [proc_macro2::Ident],
    /// Whether the query parameters are all optional ([`Model::optional_query`]).
    pub optional_query: bool,
}

impl Signature<'_> {
    /// The method's name, and the name of the method taking every argument: `<base>_with`
    /// when the query parameters are optional, else the same.
    pub fn names(&self, base: &str) -> (proc_macro2::Ident, proc_macro2::Ident) {
        let full = if self.optional_query { format!("{base}_with") } else { base.to_string() };
        (ident(base), ident(&full))
    }

    /// `name` without the query parameters, calling `full` with their defaults (nothing
    /// when the query parameters are not optional). `output` is the whole return type.
    pub fn shorthand(
        &self,
        name: &proc_macro2::Ident,
        full: &proc_macro2::Ident,
        output: &TokenStream,
        docs: &TokenStream,
        deprecated: Option<&TokenStream>,
    ) -> Option<TokenStream> {
        let count = self.args.len().checked_sub(1).filter(|_| self.optional_query)?;
        let (args, names) = (&self.args[..count], &self.arg_names[..count]);
        let allow = deprecated.map(|_| quote!(#[allow(deprecated)]));
        Some(quote! {
            #docs
            #deprecated
            #[inline]
            pub fn #name(&self, #(#args),*) -> #output {
                #allow
                self.#full(#(#names,)* Default::default())
            }
        })
    }
}

/// The docs of `<method>_with`.
pub(super) fn with_docs(method: &str) -> TokenStream {
    doc_attrs(&format!("[`{method}`](Self::{method}) with query parameters."))
}

/// What a method takes and how it builds its request.
pub(super) struct Request {
    /// Path parameters, in path order.
    pub params: Vec<proc_macro2::Ident>,
    /// The method's arguments (`widget_id: &str`, `body: impl Borrow<...>`, `params: ...`).
    pub args: Vec<TokenStream>,
    /// Their names, to call the method from its `_stream` twin.
    pub arg_names: Vec<proc_macro2::Ident>,
    /// `let body = body.borrow();` where the chain names the body's fields.
    pub borrow_body: Option<TokenStream>,
    /// The builder calls after `client.request(...)`: fixed query, how it is sent, body, query.
    pub chain: Vec<TokenStream>,
    /// The whole-response method's refusal of a body that asks for a stream (not its twin's).
    pub guard: Option<TokenStream>,
}

pub(super) fn request(model: &Model, op: &OperationUse) -> Request {
    let (_, fixed_query) = op.path.split_once('?').unwrap_or((&op.path, ""));
    let params: Vec<proc_macro2::Ident> = op.path_params.iter().map(|p| ident(&field_ident(p))).collect();
    let mut args = params.iter().map(|p| quote!(#p: &str)).collect::<Vec<_>>();
    let mut chain = Vec::new();
    for pair in fixed_query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        chain.push(quote!(.query(#k, #v)));
    }
    if op.credential == Credential::AdminKey {
        chain.push(quote!(.admin_credential()));
    }
    if let Some(beta) = &op.beta_header {
        chain.push(quote!(.beta_header(#beta)));
    }
    if op.azure_deployment {
        chain.push(quote!(.azure_per_deployment()));
    }
    if let Some(name) = &op.gen_ai_operation {
        chain.push(quote!(.gen_ai_operation(#name)));
    }
    let mut borrow_body = None;
    if let Some(body) = &op.body {
        let ty = qualified(model, &body.ty);
        // By value or by reference: a caller may keep its request (a conversation, say)
        // and send it again without copying it.
        args.push(quote!(body: impl Borrow<#ty>));
        let guard = stream_guard(model, op);
        if guard.is_some() {
            borrow_body = Some(quote!(let body = body.borrow();));
        }
        chain.push(match body.kind {
            BodyKind::Json if guard.is_some() => quote!(.body(body)),
            BodyKind::Json => quote!(.body(body.borrow())),
            BodyKind::Multipart => {
                borrow_body = Some(quote!(let body = body.borrow();));
                let files = file_fields(model, &body.ty).into_iter().map(|(wire, field)| {
                    let field = ident(&field);
                    quote!(crate::runtime::multipart::file_field(#wire, &body.#field))
                });
                quote!(.multipart_with_files(body, &[#(#files),*]))
            }
        });
    }
    let guard = stream_guard(model, op);
    if let Some(query) = op.query {
        let ty = qualified(model, &Ty::Named(query));
        args.push(quote!(params: #ty));
        chain.push(quote!(.query_params(&params)));
    }
    let arg_names = params
        .iter()
        .cloned()
        .chain(op.body.as_ref().map(|_| ident("body")))
        .chain(op.query.map(|_| ident("params")))
        .collect();
    Request { params, args, arg_names, borrow_body, chain, guard }
}

/// For a method whose `_stream` twin sets a flag in the body: refuses a body that sets the
/// flag itself, as its reply would be events this method cannot decode.
fn stream_guard(model: &Model, op: &OperationUse) -> Option<TokenStream> {
    let stream = op.stream.as_ref().filter(|s| s.location == FlagLocation::Body && s.value.is_boolean())?;
    let body = op.body.as_ref()?.ty.direct_named()?;
    let TypeKind::Struct(s) = &model.get(body).kind else { return None };
    let field = s.fields.iter().find(|f| f.wire == stream.flag && f.ty == Ty::Boolean)?;
    let name = ident(&field.ident);
    let set = if field.optional { quote!(body.#name == Some(true)) } else { quote!(body.#name) };
    let twin = format!("client{}.{}_stream", super::usage::accessor_chain(&op.resource), op.method_ident);
    Some(quote!(.refuse_stream(#set, #twin)))
}

/// The method's docs: the spec's words, the route, and a usage example when there is one.
fn method_docs(model: &Model, op: &OperationUse) -> TokenStream {
    let mut text = op.docs.as_deref().map(str::trim_end).map(String::from).unwrap_or_else(|| format!("`{}`.", op.id));
    text.push_str(&format!("\n\n`{} {}`", op.verb.to_ascii_uppercase(), op.path));
    if matches!(op.response, ResponseKind::Binary) {
        text.push_str("\n\nThe response is binary: read it with `.streaming()` (chunk by chunk) or `.raw()`.");
    }
    if let Some(stream) = &op.stream {
        let twin = format!("{}_stream", op.method_ident);
        text.push_str(&format!("\n\nThis method returns the whole response; [`{twin}`](Self::{twin}) streams it."));
        if stream_guard(model, op).is_some() {
            text.push_str(&format!(" A body that sets `{}` here is an error, before anything is sent.", stream.flag));
        }
    }
    let mut docs = doc_attrs(&text);
    let call = format!("client{}.{}", super::usage::accessor_chain(&op.resource), op.method_ident);
    if let Some(example) = super::usage::example(model, op, &call) {
        // Written as is: the markdown sanitizer would fence it as text.
        let lines = ["", "# Example", ""].into_iter().map(String::from).chain(example.lines().map(String::from));
        for line in lines {
            let line = format!(" {line}");
            docs.extend(quote!(#[doc = #line]));
        }
    }
    docs
}

/// `<method>_stream` (and `<method>_stream_with`): the same request with the stream flag
/// set, yielding typed events.
fn stream_method(
    model: &Model,
    op: &OperationUse,
    stream: &crate::ir::StreamUse,
    signature: &Signature,
    borrow_body: Option<&TokenStream>,
    build: &dyn Fn(&TokenStream, &TokenStream) -> TokenStream,
) -> TokenStream {
    let (name, full) = signature.names(&format!("{}_stream", op.method_ident));
    let event = qualified(model, &stream.event);
    let returned = quote!(crate::runtime::EventStream<#event>);
    let output = quote!(C::Request<#returned>);
    let flag = &stream.flag;
    let set_flag = match (stream.location, &stream.value) {
        (FlagLocation::Query, value) => {
            let value = value.as_str().map(String::from).unwrap_or_else(|| value.to_string());
            quote!(.query(#flag, #value))
        }
        (FlagLocation::Body, serde_json::Value::Bool(b)) => quote!(.body_field(#flag, #b)),
        (FlagLocation::Body, value) => {
            let value = value.as_str().map(String::from).unwrap_or_else(|| value.to_string());
            quote!(.body_field(#flag, #value))
        }
    };
    let build = build(&returned, &quote!(#set_flag));
    let method = &op.method_ident;
    let text = format!(
        "`{}.{}` as a stream: sets `{flag}` and yields each event as it arrives.\n\nSee [`{method}`](Self::{method}).",
        op.resource.join("."),
        op.method
    );
    let docs = doc_attrs(&text);
    let full_docs = if signature.optional_query { with_docs(&name.to_string()) } else { docs.clone() };
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "deprecated by the OpenAI API"]));
    let short = signature.shorthand(&name, &full, &output, &docs, deprecated.as_ref());
    let args = signature.args;
    quote! {
        #short

        #full_docs
        #deprecated
        #[inline]
        pub fn #full(&self, #(#args),*) -> #output {
            #borrow_body
            #build
        }
    }
}

/// The fields of a multipart body that can hold files, as (wire name, Rust field).
fn file_fields(model: &Model, body: &Ty) -> Vec<(String, String)> {
    let Some(TypeKind::Struct(s)) = body.direct_named().map(|id| &model.get(id).kind) else { return Vec::new() };
    s.fields
        .iter()
        .filter(|f| !f.flatten && model.holds_file(&f.ty))
        .map(|f| (f.wire.clone(), f.ident.clone()))
        .collect()
}

/// What a method's request resolves to: its page, its JSON type, bytes, or nothing.
pub(super) fn output_type(model: &Model, op: &OperationUse) -> TokenStream {
    if let Some(page) = &op.page {
        let kind = ident(page.kind.type_name());
        let item = qualified(model, &page.item);
        return quote!(crate::runtime::#kind<#item>);
    }
    match &op.response {
        ResponseKind::Json(ty) => qualified(model, ty),
        ResponseKind::Binary => quote!(crate::runtime::Binary),
        ResponseKind::Empty => quote!(crate::runtime::NoContent),
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

pub(super) fn qualified(model: &Model, ty: &Ty) -> TokenStream {
    ty_tokens_in(model, ty, Some(&quote!(crate::types)))
}

/// `api.md`: the template with one section per resource, one line per method.
pub fn api_reference(model: &Model, template: &str) -> String {
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &model.operations {
        let base = format!("client{}.{}", super::usage::accessor_chain(&op.resource), op.method_ident);
        let call = if model.optional_query(op) {
            format!("{base}(...)` or `{}_with(..., params)", op.method_ident)
        } else {
            format!("{base}(...)")
        };
        let returns = match (&op.page, &op.response) {
            (Some(page), _) => format!("{}<{}>", page.kind.type_name(), rust_name(model, &page.item)),
            (None, ResponseKind::Json(ty)) => rust_name(model, ty),
            (None, ResponseKind::Binary) => "Binary (streamed bytes)".into(),
            (None, ResponseKind::Empty) => "NoContent".into(),
        };
        let pending = if emitted(op) { "" } else { " (not generated: no resource)" };
        let line = format!("- `{} {}` → `{call}` → `{returns}`{pending}", op.verb, op.path);
        let section = sections.entry(op.resource.join(".")).or_default();
        section.push(line);
        if let Some(stream) = &op.stream {
            section.push(format!(
                "- `{} {}` → `{}_stream(...)` → `EventStream<{}>`{pending}",
                op.verb,
                op.path,
                base,
                rust_name(model, &stream.event)
            ));
        }
    }
    let body: Vec<String> =
        sections.into_iter().map(|(resource, lines)| format!("## {resource}\n\n{}\n", lines.join("\n"))).collect();
    template.replace("{{operations}}", body.join("\n").trim_end())
}
