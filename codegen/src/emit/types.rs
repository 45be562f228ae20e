//! One IR type → its Rust items: the type, its serde impls, and small conversions.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use crate::ir::*;

/// The items for type `id`.
pub fn type_def(model: &Model, id: TypeId) -> TokenStream {
    let def = model.get(id);
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    if let Some(path) = &def.replacement {
        // Checked to parse when the override was applied.
        let path: syn::Path = syn::parse_str(path).expect("a Rust path");
        return quote! {
            #docs
            #deprecated
            pub type #name = crate::#path;
        };
    }
    let body = match &def.kind {
        TypeKind::Struct(s) => structure(model, def, s),
        TypeKind::StringEnum(e) => string_enum(def, e),
        TypeKind::Union(u) => {
            let event = model.is_event_union(id);
            let from_text = (def.deserialize && event).then(|| from_tagged_text(&name, u)).flatten();
            let kind = event.then(|| event_kind(&name, u)).flatten();
            let union = union(model, def, u);
            quote!(#union #from_text #kind)
        }
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(model, ty);
            quote!(pub type #name = #ty;)
        }
    };
    let aliases = def.aliases.iter().map(|alias| {
        let alias = ident(alias);
        let doc = format!(" The official SDKs' name for [`{}`].", def.name);
        quote! {
            #[doc = #doc]
            #deprecated
            pub type #alias = #name;
        }
    });
    quote! {
        #docs
        #deprecated
        #body
        #(#aliases)*
    }
}

/// The spec's words for the type; none where the spec has none (no filler).
fn type_docs(def: &TypeDef) -> TokenStream {
    let mut text = def.docs.clone().unwrap_or_default();
    if def.component && matches!(def.kind, TypeKind::StringEnum(_) | TypeKind::Union(_)) {
        // Saying what the fallback variant is for is part of the type's contract.
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("Values this version of the SDK does not know yet deserialize into the fallback variant.");
    }
    if text.is_empty() {
        quote!()
    } else {
        doc_attrs(&text)
    }
}

/// Rust type for `ty`, naming generated types as the `types` module's code does.
pub fn ty_tokens(model: &Model, ty: &Ty) -> TokenStream {
    ty_tokens_in(model, ty, None)
}

/// Rust type for `ty`, naming generated types through `module` when given (`crate::types`).
pub fn ty_tokens_in(model: &Model, ty: &Ty, module: Option<&TokenStream>) -> TokenStream {
    let ty_tokens = |model: &Model, ty: &Ty| ty_tokens_in(model, ty, module);
    match ty {
        Ty::Named(id) => {
            let name = ident(&model.get(*id).name);
            match module {
                Some(module) => quote!(#module::#name),
                None => quote!(#name),
            }
        }
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Integer32 => quote!(i32),
        Ty::Number => quote!(f64),
        Ty::Boolean => quote!(bool),
        Ty::Binary => quote!(crate::runtime::InputFile),
        Ty::Json => quote!(serde_json::Value),
        Ty::List(inner) => {
            let inner = ty_tokens(model, inner);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(model, inner);
            quote!(std::collections::HashMap<String, #inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty_tokens(model, inner);
            quote!(Box<#inner>)
        }
    }
}

/// The derives of `def`; `Deserialize` among them only if `derive_deserialize`.
/// `spec/types.yaml`'s extra derives of `def`, each followed by a comma.
fn extra_derives(def: &TypeDef) -> TokenStream {
    let paths = def.extra_derives.iter().filter_map(|d| syn::parse_str::<syn::Path>(d).ok());
    quote!(#(#paths,)*)
}

fn derives(def: &TypeDef, extra: TokenStream, derive_deserialize: bool) -> TokenStream {
    let own = extra_derives(def);
    let extra = quote!(#extra #own);
    let deserialize = (def.deserialize && derive_deserialize).then(|| quote!(Deserialize));
    if def.serialize {
        let serialize = quote!(Serialize);
        let serde = [Some(serialize), deserialize].into_iter().flatten();
        quote!(#[derive(Debug, Clone, #extra #(#serde),*)])
    } else {
        // Received only: serializing is opt-in, as it costs build time most users never use.
        quote! {
            #[derive(Debug, Clone, #extra #deserialize)]
            #[cfg_attr(feature = "serialize-responses", derive(Serialize))]
        }
    }
}

/// `#[cfg(...)]` for a hand-written `Serialize` impl of `def`, if it is opt-in.
fn serialize_cfg(def: &TypeDef) -> Option<TokenStream> {
    (!def.serialize).then(|| quote!(#[cfg(feature = "serialize-responses")]))
}

fn structure(model: &Model, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    // Received types implement `Default` so that a required field a response leaves out
    // deserializes to its zero value instead of failing the whole response.
    let all_optional = s.fields.iter().all(|f| f.optional || model.is_constant(&f.ty));
    // A flattened part needs serde's buffering of the object; every other struct reads its
    // fields through the shared `ReadFields` loop, a fraction of the derive's code.
    let flattens = s.fields.iter().any(|f| f.flatten);
    let derive = derives(def, if all_optional || def.deserialize { quote!(Default,) } else { quote!() }, flattens);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let docs = f.docs.as_deref().map(doc_attrs);
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        let wire = &f.wire;
        let ty = ty_tokens(model, &f.ty);
        if f.flatten {
            let text = f.docs.clone().unwrap_or_else(|| {
                format!("The `{}` part of this object: its fields sit beside the others.", in_words(model, &f.ty))
            });
            let docs = doc_attrs(&text);
            return quote! {
                #docs
                #[serde(flatten)]
                pub #field: #ty,
            };
        }
        // One `#[serde(...)]` per field, with only the arguments the derives read.
        let mut args = Vec::new();
        if f.ident != f.wire {
            args.push(quote!(rename = #wire));
        }
        if def.deserialize && flattens {
            args.push(quote!(default));
        }
        if f.optional && !f.send_null {
            args.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        let serde = (!args.is_empty()).then(|| {
            if def.serialize || flattens {
                quote!(#[serde(#(#args),*)])
            } else {
                quote!(#[cfg_attr(feature = "serialize-responses", serde(#(#args),*))])
            }
        });
        let ty = if f.optional { quote!(Option<#ty>) } else { ty };
        quote! {
            #docs
            #deprecated
            #serde
            pub #field: #ty,
        }
    });
    let builder = def.sent.then(|| builder(model, def, s));
    let read_fields = (def.deserialize && !flattens).then(|| read_fields(def, s));
    // A later spec may add fields: code outside the crate builds the struct with `new` and
    // setters (or `Default`), never a literal, so an added field is not a breaking change.
    quote! {
        #derive
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #read_fields
        #builder
    }
}

/// `Deserialize` for a received struct through `codec::ReadFields`: one `match` arm per
/// field; unknown fields are skipped and absent ones keep their default.
fn read_fields(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let arms = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.wire;
        // Lists read through `codec::List`, whose first allocation suits large elements.
        match (&f.ty, f.optional) {
            (Ty::List(_), false) => quote!(#wire => self.#field = crate::runtime::codec::list(map)?,),
            (Ty::List(_), true) => quote!(#wire => self.#field = crate::runtime::codec::optional_list(map)?,),
            _ => quote!(#wire => self.#field = map.next_value()?,),
        }
    });
    let body = if s.fields.is_empty() {
        quote!(let _ = (key, map); Ok(false))
    } else {
        quote! {
            match key {
                #(#arms)*
                _ => return Ok(false),
            }
            Ok(true)
        }
    };
    quote! {
        impl crate::runtime::codec::ReadFields for #name {
            const NAME: &'static str = #type_name;

            fn read_field<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
                #body
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::codec::deserialize_struct(deserializer)
            }
        }
    }
}

/// `new(required...)` and a chainable setter per optional field, for types requests send:
/// leaving out a required field is a compile error, not an API error.
fn builder(model: &Model, def: &TypeDef, s: &Struct) -> TokenStream {
    let required = model.constructor_fields(&s.fields);
    let args = required.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = ty_tokens(model, &f.ty);
        quote!(#field: impl Into<#ty>)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        if f.optional {
            quote!(#field: None)
        } else if model.is_constant(&f.ty) {
            quote!(#field: Default::default())
        } else {
            quote!(#field: #field.into())
        }
    });
    let setters = s.fields.iter().filter(|f| f.optional && f.ident != "new").map(|f| {
        let field = ident(&f.ident);
        let ty = ty_tokens(model, &f.ty);
        // The field's own words, or none: the method's name already says what it sets.
        let docs = f.docs.as_deref().map(doc_attrs);
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            pub fn #field(mut self, #field: impl Into<#ty>) -> Self {
                self.#field = Some(#field.into());
                self
            }
        }
    });
    let name = ident(&def.name);
    let optional = s.fields.iter().any(|f| f.optional && f.ident != "new");
    let doc = match (required.is_empty(), optional) {
        (false, true) => {
            format!(" A `{}` with its required fields; set the optional ones with the methods below.", def.name)
        }
        (false, false) => format!(" A `{}` from all its fields.", def.name),
        (true, true) => format!(" A `{}` with every field unset; set them with the methods below.", def.name),
        (true, false) => format!(" A `{}`.", def.name),
    };
    // The API's required fields are the arguments, however many it has.
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

fn string_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.name);
    let own = extra_derives(def);
    let fallback = ident(&e.fallback);
    let serialize_cfg = serialize_cfg(def);
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.ident);
        let doc = format!(" `{}`", v.wire);
        let default = (e.values.len() == 1).then(|| quote!(#[default]));
        quote! {
            #[doc = #doc]
            #default
            #variant,
        }
    });
    let to_wire = e.values.iter().map(|v| {
        let variant = ident(&v.ident);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from_wire = e.values.iter().map(|v| {
        let variant = ident(&v.ident);
        let wire = &v.wire;
        quote!(#wire => Self::#variant,)
    });
    // A one-value enum is a constant (a tag, an `object` name): default to its value so
    // structs holding it can be built without naming it.
    let single = e.values.len() == 1;
    let default_derive = single.then(|| quote!(Default,));
    let decoding = def.deserialize.then(|| string_enum_decoding(&name, &fallback, single));
    quote! {
        #[derive(Debug, Clone, #default_derive PartialEq, Eq, Hash, #own)]
        #[non_exhaustive] // A later spec may add values.
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know, kept as received.
            #fallback(String),
        }
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#fallback(value) => value,
                }
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }
        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #serialize_cfg
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        #decoding
    }
}

/// `Deserialize` for a received enum (any string: an unknown one is kept), and `Default`
/// when it has several values: an absent value is an unknown one, the empty string. (A
/// one-value enum derives `Default` as its value.)
fn string_enum_decoding(name: &proc_macro2::Ident, fallback: &proc_macro2::Ident, single: bool) -> TokenStream {
    let default_impl = (!single).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::#fallback(String::new())
                }
            }
        }
    });
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::codec::deserialize_open_enum(deserializer)
            }
        }
        #default_impl
    }
}

fn union(model: &Model, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let fallback = ident(&u.fallback);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let ty = ty_tokens(model, &v.ty);
        // The variant's words, else its schema's, else its tag's value; never a filler line.
        let schema_docs = v.ty.direct_named().and_then(|id| model.get(id).docs.clone());
        let text = match (&v.docs, schema_docs, &u.tag, &v.tag_value) {
            (Some(d), _, _, _) => Some(d.clone()),
            (None, Some(d), _, _) => Some(d),
            (None, None, Some(tag), Some(value)) => Some(format!("`{tag}`: `{value}`.")),
            (None, None, _, _) => None,
        };
        let docs = text.as_deref().map(doc_attrs);
        quote! {
            #docs
            #variant(#ty),
        }
    });
    let fallback_doc = match &u.tag {
        Some(tag) => format!(" A `{tag}` this version of the SDK does not know, kept as raw JSON."),
        None => " A shape this version of the SDK does not recognise, kept as raw JSON.".to_string(),
    };
    let deserialize = def.deserialize.then(|| {
        let body = match &u.tag {
            Some(tag) => tagged_deserialize(u, tag),
            None => untagged_deserialize(model, u),
        };
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #body
                }
            }
            /// An absent value: the fallback variant holding `null`.
            impl Default for #name {
                fn default() -> Self {
                    Self::#fallback(serde_json::Value::Null)
                }
            }
        }
    });
    let froms = from_payload_impls(model, &name, u);
    // Text is the commonest payload: let a `&str` build the union too.
    let from_str = from_str_impl(model, &name, u);
    let from_str_list = from_str_list_impl(&name, u);
    // What is sent may be given as JSON, as openai-python takes a dict: sent as it is.
    let from_json = (def.serialize && !u.variants.iter().any(|v| v.ty == Ty::Json)).then(|| {
        quote! {
            /// JSON as given, sent as it is (the types' checks left to the API), as
            /// openai-python takes a dict here.
            impl From<serde_json::Value> for #name {
                fn from(value: serde_json::Value) -> Self {
                    Self::#fallback(value)
                }
            }
        }
    });
    let own = extra_derives(def);
    let serde_derive = if def.serialize {
        quote!(#[derive(Debug, Clone, #own Serialize)] #[serde(untagged)])
    } else {
        quote!(#[derive(Debug, Clone, #own)] #[cfg_attr(feature = "serialize-responses", derive(Serialize), serde(untagged))])
    };
    let file_parts = file_parts_impl(model, &name, u);
    quote! {
        #serde_derive
        #[allow(clippy::large_enum_variant)] // Boxing every arm would make matching on them clumsy.
        #[non_exhaustive] // A later spec may add variants.
        pub enum #name {
            #(#variants)*
            #[doc = #fallback_doc]
            #fallback(serde_json::Value),
        }
        #deserialize
        #(#froms)*
        #from_str
        #from_str_list
        #from_json
        #file_parts
    }
}

/// `kind()` for a tagged event union: each event's `type` (`response.output_text.delta`),
/// so that code can log or route events without matching every variant.
fn event_kind(name: &proc_macro2::Ident, u: &Union) -> Option<TokenStream> {
    let tag = u.tag.as_deref()?;
    let fallback = ident(&u.fallback);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let value = v.tag_value.as_deref().unwrap_or_default();
        quote!(Self::#variant(_) => #value,)
    });
    let doc = format!(" The event's `{tag}`, as the API names it; an unknown event's own `{tag}`.");
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn kind(&self) -> &str {
                match self {
                    #(#arms)*
                    Self::#fallback(value) => value.get(#tag).and_then(serde_json::Value::as_str).unwrap_or_default(),
                }
            }
        }
    })
}

/// `FromTaggedText` for a tagged event union: the tag read from the text, then only its
/// arm parsed (no `Value` in between); `None` sends the caller to the general decoding.
fn from_tagged_text(name: &proc_macro2::Ident, u: &Union) -> Option<TokenStream> {
    let tag = u.tag.as_deref()?;
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let value = v.tag_value.as_deref().unwrap_or_default();
        let parsed = boxed(&v.ty, quote!(serde_json::from_str(text).ok()?));
        quote!(#value => Self::#variant(#parsed),)
    });
    Some(quote! {
        impl crate::runtime::codec::FromTaggedText for #name {
            #[inline] // Compiled where events are read, as the resource methods are.
            fn from_tagged_text(text: &str) -> Option<Self> {
                Some(match crate::runtime::codec::peek_tag(text, #tag)?.as_ref() {
                    #(#arms)*
                    _ => return None,
                })
            }
        }
    })
}

/// The body of a tagged union's `deserialize`: the tag picks the variant.
fn tagged_deserialize(u: &Union, tag: &str) -> TokenStream {
    let fallback = ident(&u.fallback);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let value = v.tag_value.as_deref().unwrap_or_default();
        let wrap = boxed(&v.ty, quote!(crate::runtime::codec::variant(value)?));
        quote!(Some(#value) => Self::#variant(#wrap),)
    });
    quote! {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match crate::runtime::codec::tag(&value, #tag) {
            #(#arms)*
            _ => Self::#fallback(value),
        })
    }
}

/// The body of an untagged union's `deserialize`.
///
/// Received structs fill absent fields with defaults and open enums take any string, so
/// deserializing alone accepts almost any object. So each arm is first scored by how much
/// of its shape the value has (its required fields, its tag-like properties' values; a
/// union arm by its best arm's shape, at any depth), and the arms are tried most specific
/// first: strictly, then those with a shape leniently (one ill-fitting field must not send
/// a value to the fallback). Arms without a shape come between, strictly, in order.
fn untagged_deserialize(model: &Model, u: &Union) -> TokenStream {
    let fallback = ident(&u.fallback);
    let tag_like = tag_like_properties(model, u);
    let fits = u.variants.iter().map(|v| arm_fit(model, &v.ty, &tag_like));
    let arms = u.variants.iter().enumerate().map(|(i, v)| {
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let variant = ident(&v.ident);
        let wrap = boxed(&v.ty, quote!(v));
        match inner_union(model, &v.ty) {
            // A union arm takes anything through its own fallback: it matches only when one
            // of its known forms does, so the outer fallback keeps the rest.
            Some(inner) => {
                let ty = ty_tokens(model, unboxed(&v.ty));
                let inner_fallback = ident(&inner.fallback);
                quote! {
                    #index => {
                        if let Some(v) = crate::runtime::codec::try_arm::<#ty>(&value, lenient)
                            && !matches!(v, #ty::#inner_fallback(_))
                        {
                            return Ok(Self::#variant(#wrap));
                        }
                    }
                }
            }
            None => match open_enum(model, &v.ty) {
                // An open enum takes any string: it matches at once only when it knows the
                // value; else it is kept in case no other arm knows it either.
                Some(inner) => {
                    let ty = ty_tokens(model, unboxed(&v.ty));
                    let inner_fallback = ident(&inner.fallback);
                    quote! {
                        #index => {
                            if let Some(v) = crate::runtime::codec::try_arm::<#ty>(&value, lenient) {
                                if !matches!(v, #ty::#inner_fallback(_)) {
                                    return Ok(Self::#variant(#wrap));
                                } else if unknown_string.is_none() {
                                    unknown_string = Some(Self::#variant(#wrap));
                                }
                            }
                        }
                    }
                }
                None => quote! {
                    #index => {
                        if let Some(v) = crate::runtime::codec::try_arm(&value, lenient) {
                            return Ok(Self::#variant(#wrap));
                        }
                    }
                },
            },
        }
    });
    let open_enums =
        u.variants.iter().any(|v| inner_union(model, &v.ty).is_none() && open_enum(model, &v.ty).is_some());
    // The first open enum arm that took the string without knowing it.
    let (declare, result) = if open_enums {
        (
            quote!(let mut unknown_string: Option<Self> = None;),
            quote!(Ok(unknown_string.unwrap_or(Self::#fallback(value)))),
        )
    } else {
        (TokenStream::new(), quote!(Ok(Self::#fallback(value))))
    };
    quote! {
        let value = serde_json::Value::deserialize(deserializer)?;
        let fit = [#(#fits),*];
        #declare
        for (arm, lenient) in crate::runtime::codec::attempts(&fit) {
            match arm {
                #(#arms)*
                _ => {}
            }
        }
        #result
    }
}

/// How well `value` fits one untagged arm of type `ty`: an expression of `codec::Fit`.
fn arm_fit(model: &Model, ty: &Ty, tag_like: &[&str]) -> TokenStream {
    let shapes = arm_shapes(model, ty, tag_like, 0);
    let mut shapes: Vec<TokenStream> = shapes
        .iter()
        .map(|(required, tags)| {
            let names = tags.iter().map(|(n, _)| n);
            let values = tags.iter().map(|(_, v)| quote!(&[#(#v),*]));
            quote!((&[#(#required),*], &[#((#names, #values)),*]))
        })
        .collect();
    match shapes.len() {
        0 => quote!(crate::runtime::codec::Fit::Unshaped),
        1 => {
            let shape = shapes.remove(0);
            quote!(crate::runtime::codec::fit(&value, #shape))
        }
        _ => quote!(crate::runtime::codec::best_fit(&value, &[#(#shapes),*])),
    }
}

/// `From` each payload type that only one variant holds, so `x.into()` builds the union.
fn from_payload_impls(model: &Model, name: &proc_macro2::Ident, u: &Union) -> Vec<TokenStream> {
    let single = |v: &&Variant| {
        !matches!(v.ty, Ty::Json) && u.variants.iter().filter(|o| unboxed(&o.ty) == unboxed(&v.ty)).count() == 1
    };
    u.variants
        .iter()
        .filter(single)
        .map(|v| {
            let variant = ident(&v.ident);
            let ty = ty_tokens(model, unboxed(&v.ty));
            let wrap = boxed(&v.ty, quote!(value));
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant(#wrap)
                    }
                }
            }
        })
        .collect()
}

/// For a union with a file among its shapes: how a multipart body sends it (file parts
/// for those shapes; the others stay text fields).
fn file_parts_impl(model: &Model, name: &proc_macro2::Ident, u: &Union) -> Option<TokenStream> {
    let variants: Vec<proc_macro2::Ident> =
        u.variants.iter().filter(|v| model.holds_file(&v.ty)).map(|v| ident(&v.ident)).collect();
    let body = match variants.as_slice() {
        [] => return None,
        [one] => quote! {
            if let Self::#one(value) = self {
                value.file_parts(name, out);
            }
        },
        many => quote! {
            match self {
                #(Self::#many(value) => value.file_parts(name, out),)*
                _ => {}
            }
        },
    };
    Some(quote! {
        impl crate::runtime::multipart::FileParts for #name {
            fn file_parts(&self, name: &str, out: &mut Vec<crate::runtime::multipart::FormField>) {
                #body
            }
        }
    })
}

/// The union behind `ty`, through boxes and aliases.
/// The string enum behind `ty`, if it is one (every string enum is open).
fn open_enum<'m>(model: &'m Model, ty: &Ty) -> Option<&'m StringEnum> {
    match model.kind_behind(ty)?.1 {
        TypeKind::StringEnum(e) => Some(e),
        _ => None,
    }
}

fn inner_union<'m>(model: &'m Model, ty: &Ty) -> Option<&'m Union> {
    match model.kind_behind(ty)?.1 {
        TypeKind::Union(u) => Some(u),
        _ => None,
    }
}

/// `From<Vec<&str>>` for a union with a list-of-text arm (`input: vec!["a", "b"]`).
fn from_str_list_impl(name: &proc_macro2::Ident, u: &Union) -> Option<TokenStream> {
    let arm = u.variants.iter().find(|v| matches!(&v.ty, Ty::List(inner) if **inner == Ty::String))?;
    let variant = ident(&arm.ident);
    Some(quote! {
        impl From<Vec<&str>> for #name {
            fn from(value: Vec<&str>) -> Self {
                Self::#variant(value.into_iter().map(String::from).collect())
            }
        }
    })
}

/// `From<&str>` for a union with a text arm (whose `From<String>` comes with its arms), and
/// `From<String>` too for one whose text arms are all string enums: a plain string arm takes any text; else the
/// first string-enum arm that knows the value, else the first string-enum arm (whose
/// open fallback keeps the text).
fn from_str_impl(model: &Model, name: &proc_macro2::Ident, u: &Union) -> Option<TokenStream> {
    if let Some(v) = u.variants.iter().find(|v| v.ty == Ty::String) {
        let variant = ident(&v.ident);
        return Some(quote! {
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self::#variant(value.to_owned())
                }
            }
        });
    }
    let enum_arms: Vec<(&Variant, &StringEnum)> = u
        .variants
        .iter()
        .filter_map(|v| match model.kind_behind(&v.ty)?.1 {
            TypeKind::StringEnum(e) => Some((v, e)),
            _ => None,
        })
        .collect();
    let (first, _) = enum_arms.first()?;
    let first = ident(&first.ident);
    let known = enum_arms.iter().map(|(v, e)| {
        let variant = ident(&v.ident);
        let ty = ty_tokens(model, &v.ty);
        let fallback = ident(&e.fallback);
        quote! {
            let arm = #ty::from(value);
            if !matches!(arm, #ty::#fallback(_)) {
                return Self::#variant(arm);
            }
        }
    });
    Some(quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                #(#known)*
                Self::#first(value.into())
            }
        }
        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }
    })
}

/// The struct behind `ty`, through boxes and aliases.
fn as_struct<'m>(model: &'m Model, ty: &Ty) -> Option<&'m Struct> {
    match model.kind_behind(ty)?.1 {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The values of the string enum behind `ty`, if it is one.
fn enum_values<'m>(model: &'m Model, ty: &Ty) -> Option<Vec<&'m str>> {
    match &model.get(ty.direct_named()?).kind {
        TypeKind::StringEnum(e) => Some(e.values.iter().map(|v| v.wire.as_str()).collect()),
        _ => None,
    }
}

/// Properties that some variant of `u` holds as a constant: they act as the union's tag.
fn tag_like_properties<'m>(model: &'m Model, u: &Union) -> Vec<&'m str> {
    let mut out: Vec<&str> = Vec::new();
    for v in &u.variants {
        let Some(s) = as_struct(model, &v.ty) else { continue };
        for f in &s.fields {
            if enum_values(model, &f.ty).is_some_and(|values| values.len() == 1) && !out.contains(&f.wire.as_str()) {
                out.push(&f.wire);
            }
        }
    }
    out
}

/// What identifies an object variant: its required property names, and for each tag-like
/// property it has, the values it declares.
type ObjectShape<'m> = (Vec<&'m str>, Vec<(&'m str, Vec<&'m str>)>);

fn object_shape<'m>(model: &'m Model, ty: &Ty, tag_like: &[&str]) -> Option<ObjectShape<'m>> {
    let s = as_struct(model, ty)?;
    let required = s.fields.iter().filter(|f| !f.optional).map(|f| f.wire.as_str()).collect();
    let tags = s
        .fields
        .iter()
        .filter(|f| tag_like.contains(&f.wire.as_str()))
        .filter_map(|f| Some((f.wire.as_str(), enum_values(model, &f.ty)?)))
        .collect();
    Some((required, tags))
}

/// The object shapes an arm of a union stands for: a struct's own (when it has required
/// fields or tag-like properties), a union's arms' shapes (judged by that union's own
/// tag-like properties, a few levels deep), else none.
fn arm_shapes<'m>(model: &'m Model, ty: &Ty, tag_like: &[&str], depth: usize) -> Vec<ObjectShape<'m>> {
    if let Some(shape) = object_shape(model, ty, tag_like) {
        let (required, tags) = &shape;
        return if required.is_empty() && tags.is_empty() { Vec::new() } else { vec![shape] };
    }
    match inner_union(model, ty) {
        Some(inner) if depth < 4 => {
            let inner_tag_like = tag_like_properties(model, inner);
            inner.variants.iter().flat_map(|v| arm_shapes(model, &v.ty, &inner_tag_like, depth + 1)).collect()
        }
        _ => Vec::new(),
    }
}

fn unboxed(ty: &Ty) -> &Ty {
    match ty {
        Ty::Boxed(inner) => inner,
        other => other,
    }
}

fn boxed(ty: &Ty, expr: TokenStream) -> TokenStream {
    match ty {
        Ty::Boxed(_) => quote!(Box::new(#expr)),
        _ => expr,
    }
}

/// A type as Rust writes it, unqualified (`Vec<Note>`, `Box<Node>`): for `api.md` and the
/// API diff.
pub fn rust_name(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => model.get(*id).name.clone(),
        Ty::List(inner) => format!("Vec<{}>", rust_name(model, inner)),
        Ty::Map(inner) => format!("HashMap<String, {}>", rust_name(model, inner)),
        Ty::Boxed(inner) => format!("Box<{}>", rust_name(model, inner)),
        Ty::Binary => "InputFile".into(),
        Ty::Json => "serde_json::Value".into(),
        other => ty_tokens(model, other).to_string(),
    }
}

/// A type in words, for docs (`list of string`).
fn in_words(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => model.get(*id).name.clone(),
        Ty::String => "string".into(),
        Ty::Integer | Ty::Integer32 => "integer".into(),
        Ty::Number => "number".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Binary => "file".into(),
        Ty::Json => "JSON value".into(),
        Ty::List(inner) => format!("list of {}", in_words(model, inner)),
        Ty::Map(inner) => format!("map of {}", in_words(model, inner)),
        Ty::Boxed(inner) => in_words(model, inner),
    }
}
