//! Stage 4: lower `openapiv3` schemas into the IR.
//!
//! Every `components.schemas` entry becomes one [`TypeDef`]. Inline objects, enums and
//! unions become types too, keyed by their JSON pointer: a schema reached twice (say, a
//! property inherited through `allOf` by several schemas) is one type, named after the
//! place that defines it. Nothing is merged by name.
//!
//! Shapes, in the order they are recognised:
//! - a reference (or `allOf: [ref]` with only annotations beside it) → that type;
//! - `oneOf`/`anyOf` → a [`Union`], tagged when every arm is an object with a constant,
//!   distinct value in one shared property (the spec gives no discriminator `mapping`,
//!   so the tag is read from the arms); a string beside one string enum collapses to
//!   that (open) enum; arms of one primitive type collapse to it;
//! - `allOf` → one struct with every member's properties;
//! - a string `enum` → an open [`StringEnum`];
//! - an object with properties → a [`Struct`]; with only `additionalProperties` → a map;
//! - primitives → Rust primitives; anything else → `serde_json::Value` with a note.

use std::collections::HashMap;

use crate::diagnostics::{child, Diagnostics};
use crate::ir::*;
use crate::naming::NameSource;
use crate::parse::{Document, OperationEntry};
use crate::rules::{Config, FlagLocation, PageKind};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Lowers every component schema, every schema used by an operation, and the webhooks.
pub fn lower(document: &Document, config: &Config, diagnostics: &mut Diagnostics) -> Model {
    let ids = crate::validate::operation_ids(document, diagnostics);
    let mut lowerer =
        Lowerer { document, diagnostics, types: Vec::new(), components: HashMap::new(), inline: HashMap::new() };
    lowerer.declare_components();
    for (name, schema) in &document.schemas {
        lowerer.define_component(name, schema);
    }
    let all_ops: Vec<(&str, &str)> = document.operations.iter().map(|op| (op.method, op.path.as_str())).collect();
    let mut operations: Vec<OperationUse> =
        document.operations.iter().zip(ids).map(|(op, id)| lowerer.operation(op, id, config, &all_ops)).collect();
    let pointers: Vec<String> = document.operations.iter().map(|op| op.pointer.clone()).collect();
    crate::validate::unique_methods(&mut operations, &pointers, lowerer.diagnostics);
    let webhooks: Vec<WebhookEvent> = document.webhooks.iter().map(|op| lowerer.webhook(op)).collect();
    let webhook_event = lowerer.webhook_union(&webhooks);
    Model { types: lowerer.types, operations, webhooks, webhook_event }
}

/// A schema or a reference to one, whichever `openapiv3` container held it.
#[derive(Clone, Copy)]
enum Node<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

/// A flat view of a schema's structural keywords, whichever `SchemaKind` `openapiv3` chose.
#[derive(Default)]
struct View<'a> {
    ty: Option<&'a str>,
    format: Option<String>,
    string_enum: Vec<String>,
    properties: Vec<(&'a str, Node<'a>)>,
    required: Vec<&'a str>,
    additional: Option<&'a AdditionalProperties>,
    items: Option<Node<'a>>,
    one_of: Vec<Node<'a>>,
    any_of: Vec<Node<'a>>,
    all_of: Vec<Node<'a>>,
    not: bool,
}

fn format_name<T: std::fmt::Debug>(
    f: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(&T) -> &'static str,
) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(t) => Some(known(t).to_string()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

impl<'a> View<'a> {
    fn of(schema: &'a Schema) -> View<'a> {
        let mut v = View::default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.ty = Some("string");
                v.format = format_name(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                v.string_enum = s.enumeration.iter().flatten().cloned().collect();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.ty = Some("integer");
                v.format = format_name(&i.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
            }
            SchemaKind::Type(Type::Number(_)) => v.ty = Some("number"),
            SchemaKind::Type(Type::Boolean(_)) => v.ty = Some("boolean"),
            SchemaKind::Type(Type::Object(o)) => {
                v.ty = Some("object");
                v.properties = o.properties.iter().map(|(k, s)| (k.as_str(), s.into())).collect();
                v.required = o.required.iter().map(String::as_str).collect();
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.ty = Some("array");
                v.items = a.items.as_ref().map(Node::from);
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of.iter().map(Node::from).collect(),
            SchemaKind::AnyOf { any_of } => v.any_of = any_of.iter().map(Node::from).collect(),
            SchemaKind::AllOf { all_of } => v.all_of = all_of.iter().map(Node::from).collect(),
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => {
                v.ty = a.typ.as_deref();
                v.format = a.format.clone();
                v.string_enum = a.enumeration.iter().filter_map(|e| e.as_str().map(String::from)).collect();
                v.properties = a.properties.iter().map(|(k, s)| (k.as_str(), s.into())).collect();
                v.required = a.required.iter().map(String::as_str).collect();
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref().map(Node::from);
                v.one_of = a.one_of.iter().map(Node::from).collect();
                v.any_of = a.any_of.iter().map(Node::from).collect();
                v.all_of = a.all_of.iter().map(Node::from).collect();
                v.not = a.not.is_some();
                if v.ty.is_none() && !a.enumeration.is_empty() && v.string_enum.len() == a.enumeration.len() {
                    v.ty = Some("string");
                }
                if v.ty.is_none() && v.items.is_some() {
                    v.ty = Some("array");
                }
            }
        }
        // `oneOf: [{required: [a]}, {required: [b]}]` only says which properties must be
        // present; it is not a union of types.
        for arms in [&mut v.one_of, &mut v.any_of] {
            let constraints_only = arms.iter().all(|arm| match arm {
                Node::Item(s) => View::of(s).is_annotation(),
                Node::Ref(_) => false,
            });
            if constraints_only {
                arms.clear();
            }
        }
        v
    }

    fn is_object(&self) -> bool {
        !self.properties.is_empty() || (self.ty == Some("object") && self.additional.is_none())
    }

    /// Annotations only (description, nullable, ...): no structure of its own.
    fn is_annotation(&self) -> bool {
        self.ty.is_none()
            && self.properties.is_empty()
            && self.items.is_none()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && self.string_enum.is_empty()
            && self.additional.is_none()
            && !self.not
    }
}

/// How a union reduces to one type.
enum Collapse {
    /// Every arm is this primitive.
    Primitive(Ty),
    /// This arm stands for the whole union.
    Arm(usize),
}

/// A property gathered for a struct, possibly from an `allOf` member elsewhere.
struct Property<'a> {
    wire: String,
    node: Node<'a>,
    pointer: String,
    hint: Vec<String>,
    required: bool,
    /// The member's own properties sit beside the others (`#[serde(flatten)]`).
    flatten: bool,
}

struct Lowerer<'a, 'd> {
    document: &'a Document,
    diagnostics: &'d mut Diagnostics,
    types: Vec<TypeDef>,
    components: HashMap<&'a str, TypeId>,
    inline: HashMap<String, TypeId>,
}

fn docs_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.clone().or_else(|| data.title.clone()).filter(|d| !d.trim().is_empty())
}

impl<'a> Lowerer<'a, '_> {
    fn declare_components(&mut self) {
        for (name, schema) in &self.document.schemas {
            let schema = schema.as_item();
            let id = self.reserve(vec![name.clone()], true, child("#/components/schemas", name));
            if let Some(schema) = schema {
                let def = &mut self.types[id.0];
                def.nullable = schema.schema_data.nullable;
                def.docs = docs_of(schema);
                def.deprecated = schema.schema_data.deprecated;
            }
            self.components.insert(name.as_str(), id);
        }
    }

    fn reserve(&mut self, name_hint: Vec<String>, component: bool, pointer: String) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: String::new(),
            name_hint,
            component,
            pointer,
            docs: None,
            deprecated: false,
            nullable: false,
            kind: TypeKind::Alias(Ty::Json),
            groups: Default::default(),
            module: String::new(),
            deserialize: true,
            sent: false,
            serialize: false,
        });
        id
    }

    fn define_component(&mut self, name: &'a str, schema: &'a ReferenceOr<Schema>) {
        let id = self.components[name];
        let pointer = child("#/components/schemas", name);
        let kind = match schema {
            ReferenceOr::Reference { reference } => {
                let (ty, _) = self.reference(reference, &pointer);
                TypeKind::Alias(ty)
            }
            ReferenceOr::Item(schema) => self.shape(schema, &pointer, &[name.to_string()]),
        };
        self.types[id.0].kind = kind;
    }

    /// The component a `$ref` names, or a warning and `Value`.
    fn reference(&mut self, reference: &str, pointer: &str) -> (Ty, bool) {
        let target = reference.strip_prefix(SCHEMA_PREFIX).and_then(|name| self.components.get(name).copied());
        match target {
            Some(id) => (Ty::Named(id), self.types[id.0].nullable),
            None => {
                self.diagnostics.warn(
                    pointer,
                    format!(
                        "`$ref: {reference}` does not resolve to a schema in this document; typed as serde_json::Value"
                    ),
                );
                (Ty::Json, false)
            }
        }
    }

    fn resolve(&self, node: Node<'a>) -> Option<(&'a Schema, String, Vec<String>)> {
        match node {
            Node::Item(s) => Some((s, String::new(), Vec::new())),
            Node::Ref(r) => {
                let name = r.strip_prefix(SCHEMA_PREFIX)?;
                let (key, schema) = self.document.schemas.get_key_value(name)?;
                let schema = schema.as_item()?;
                Some((schema, child("#/components/schemas", key), vec![key.clone()]))
            }
        }
    }

    /// The type of a schema in a field, item or arm position, with its nullability.
    fn ty_of(&mut self, node: Node<'a>, pointer: &str, hint: &[String]) -> (Ty, bool) {
        let schema = match node {
            Node::Ref(r) => return self.reference(r, pointer),
            Node::Item(s) => s,
        };
        let nullable = schema.schema_data.nullable;
        let view = View::of(schema);

        // `allOf: [ref]` with only annotations beside it is the normalised `$ref` + siblings.
        if let [only] = view.all_of[..] {
            if view.properties.is_empty() && view.one_of.is_empty() && view.any_of.is_empty() {
                let (ty, inner) = self.ty_of(only, &child(&child(pointer, "allOf"), "0"), hint);
                return (ty, nullable || inner);
            }
        }
        if view.all_of.iter().filter(|n| !self.is_annotation(**n)).count() == 1
            && view.properties.is_empty()
            && view.one_of.is_empty()
            && view.any_of.is_empty()
        {
            let (i, only) = view
                .all_of
                .iter()
                .enumerate()
                .find(|(_, n)| !self.is_annotation(**n))
                .map(|(i, n)| (i, *n))
                .expect("counted one above");
            let (ty, inner) = self.ty_of(only, &child(&child(pointer, "allOf"), &i.to_string()), hint);
            let nullable_member = view.all_of.iter().any(|n| matches!(n, Node::Item(s) if s.schema_data.nullable));
            return (ty, nullable || inner || nullable_member);
        }

        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            match self.collapse_union(&view) {
                Some(Collapse::Primitive(ty)) => return (ty, nullable),
                Some(Collapse::Arm(i)) => {
                    let (arms, key) = Self::arms(&view);
                    let (ty, inner) = self.ty_of(arms[i], &child(&child(pointer, key), &i.to_string()), hint);
                    return (ty, nullable || inner);
                }
                None => {}
            }
            return (self.inline_type(schema, pointer, hint), nullable);
        }
        if !view.all_of.is_empty() || !view.string_enum.is_empty() || !view.properties.is_empty() {
            return (self.inline_type(schema, pointer, hint), nullable);
        }
        (self.primitive(&view, pointer, hint), nullable)
    }

    fn is_annotation(&self, node: Node<'a>) -> bool {
        match node {
            Node::Ref(_) => false,
            Node::Item(s) => View::of(s).is_annotation(),
        }
    }

    fn inline_type(&mut self, schema: &'a Schema, pointer: &str, hint: &[String]) -> Ty {
        if let Some(id) = self.inline.get(pointer) {
            return Ty::Named(*id);
        }
        let id = self.reserve(hint.to_vec(), false, pointer.to_string());
        self.inline.insert(pointer.to_string(), id);
        let kind = self.shape(schema, pointer, hint);
        let def = &mut self.types[id.0];
        def.kind = kind;
        def.docs = docs_of(schema);
        def.deprecated = schema.schema_data.deprecated;
        Ty::Named(id)
    }

    /// Types that are not objects, enums or unions.
    fn primitive(&mut self, view: &View<'a>, pointer: &str, hint: &[String]) -> Ty {
        match view.ty {
            Some("string") if view.format.as_deref() == Some("binary") => Ty::Binary,
            Some("string") => Ty::String,
            Some("integer") if view.format.as_deref() == Some("int32") => Ty::Integer32,
            Some("integer") => Ty::Integer,
            Some("number") => Ty::Number,
            Some("boolean") => Ty::Boolean,
            Some("array") => match view.items {
                Some(items) => {
                    let (ty, _) = self.ty_of(items, &child(pointer, "items"), hint);
                    Ty::List(Box::new(ty))
                }
                None => Ty::List(Box::new(Ty::Json)),
            },
            Some("object") | None if view.additional.is_some() => match view.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let mut h = hint.to_vec();
                    h.push("value".into());
                    let (ty, _) = self.ty_of((&**s).into(), &child(pointer, "additionalProperties"), &h);
                    Ty::Map(Box::new(ty))
                }
                _ => Ty::Json,
            },
            Some("object") | None => Ty::Json,
            Some("null") => Ty::Json,
            Some(other) => {
                self.diagnostics.warn(pointer, format!("unknown type `{other}`; typed as serde_json::Value"));
                Ty::Json
            }
        }
    }

    /// The shape of a named type (component or inline).
    fn shape(&mut self, schema: &'a Schema, pointer: &str, hint: &[String]) -> TypeKind {
        let mut view = View::of(schema);
        if view.not {
            // `not` only forbids some values: the other keywords still say what the type is.
            view.not = false;
            if view.is_annotation() {
                self.diagnostics
                    .note(pointer, "a schema that is only `not` has no Rust equivalent; typed as serde_json::Value");
                return TypeKind::Alias(Ty::Json);
            }
            self.diagnostics
                .note(pointer, "`not` ignored: the type comes from the other keywords (the API enforces it)");
        }
        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            if !view.properties.is_empty() {
                self.diagnostics
                    .note(pointer, "properties beside oneOf/anyOf are ignored; the union's arms define the type");
            }
            match self.collapse_union(&view) {
                Some(Collapse::Primitive(ty)) => return TypeKind::Alias(ty),
                // The arm's own shape under this type's name, rather than an alias to a
                // second type for the same thing.
                Some(Collapse::Arm(i)) => {
                    let (arms, key) = Self::arms(&view);
                    let arm_pointer = child(&child(pointer, key), &i.to_string());
                    return match arms[i] {
                        Node::Item(arm) => self.shape(arm, &arm_pointer, hint),
                        Node::Ref(r) => TypeKind::Alias(self.reference(r, &arm_pointer).0),
                    };
                }
                None => {}
            }
            let discriminator = schema.schema_data.discriminator.as_ref().map(|d| d.property_name.as_str());
            return TypeKind::Union(self.union(&view, discriminator, pointer, hint));
        }
        if !view.all_of.is_empty() {
            let mut properties = Vec::new();
            self.gather(schema, pointer, hint, &mut properties, 0);
            return TypeKind::Struct(self.structure(properties));
        }
        if !view.string_enum.is_empty() {
            return TypeKind::StringEnum(StringEnum {
                values: view.string_enum.iter().map(|v| EnumValue { wire: v.clone(), ident: String::new() }).collect(),
                fallback: String::new(),
            });
        }
        if view.is_object() {
            let mut properties = Vec::new();
            self.gather(schema, pointer, hint, &mut properties, 0);
            return TypeKind::Struct(self.structure(properties));
        }
        TypeKind::Alias(self.primitive(&view, pointer, hint))
    }

    /// Collects the properties of an object or of every `allOf` member, in order.
    fn gather(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        hint: &[String],
        out: &mut Vec<Property<'a>>,
        depth: usize,
    ) {
        if depth > 32 {
            self.diagnostics.warn(pointer, "allOf nests more than 32 deep (a cycle?); stopped merging");
            return;
        }
        let view = View::of(schema);
        for (i, member) in view.all_of.iter().enumerate() {
            let member_pointer = child(&child(pointer, "allOf"), &i.to_string());
            let Some((member_schema, own_pointer, own_hint)) = self.resolve(*member) else {
                let Node::Ref(r) = member else { continue };
                self.diagnostics.warn(
                    &member_pointer,
                    format!("`$ref: {r}` does not resolve to a schema in this document; its properties are missing"),
                );
                continue;
            };
            let (p, h) = if own_pointer.is_empty() { (member_pointer, hint.to_vec()) } else { (own_pointer, own_hint) };
            let member_view = View::of(member_schema);
            if member_view.is_annotation() {
                continue;
            }
            if !member_view.is_object() && member_view.all_of.is_empty() {
                // A union (or other non-object) combined with objects: its properties sit
                // beside theirs in the same JSON object, which serde's `flatten` expresses.
                let wire = match member {
                    Node::Ref(r) => r.rsplit('/').next().unwrap_or("value").to_string(),
                    Node::Item(_) => "value".to_string(),
                };
                out.push(Property {
                    wire: wire.clone(),
                    node: *member,
                    pointer: p,
                    hint: h.into_iter().chain([wire]).collect(),
                    required: true,
                    flatten: true,
                });
                continue;
            }
            self.gather(member_schema, &p, &h, out, depth + 1);
        }
        let required = &view.required;
        for (wire, node) in &view.properties {
            let property = Property {
                wire: wire.to_string(),
                node: *node,
                pointer: child(&child(pointer, "properties"), wire),
                hint: {
                    let mut h = hint.to_vec();
                    h.push(wire.to_string());
                    h
                },
                required: required.contains(wire),
                flatten: false,
            };
            // A later member redefining a property wins, keeping the first position.
            match out.iter_mut().find(|p| p.wire == *wire && !p.flatten) {
                Some(existing) => {
                    let was_required = existing.required;
                    *existing = property;
                    existing.required |= was_required;
                }
                None => out.push(property),
            }
        }
        // `required` may name properties another allOf member defines.
        for p in out.iter_mut() {
            if !p.flatten && required.contains(&p.wire.as_str()) {
                p.required = true;
            }
        }
    }

    fn structure(&mut self, properties: Vec<Property<'a>>) -> Struct {
        let fields = properties
            .into_iter()
            .map(|p| {
                let (ty, nullable) = self.ty_of(p.node, &p.pointer, &p.hint);
                let (docs, deprecated) = match p.node {
                    Node::Item(s) => (docs_of(s), s.schema_data.deprecated),
                    Node::Ref(_) => (None, false),
                };
                Field {
                    wire: p.wire,
                    ident: String::new(),
                    ty,
                    optional: !p.flatten && (!p.required || nullable),
                    docs,
                    deprecated,
                    flatten: p.flatten,
                    send_null: !p.flatten && p.required && nullable,
                }
            })
            .collect();
        Struct { fields }
    }

    fn arms<'v>(view: &'v View<'a>) -> (&'v [Node<'a>], &'static str) {
        if view.one_of.is_empty() {
            (&view.any_of, "anyOf")
        } else {
            (&view.one_of, "oneOf")
        }
    }

    /// A union that is really one type: one arm; arms all of one primitive type; or a free
    /// string beside exactly one string enum (the enum is open, so it already takes any string).
    fn collapse_union(&self, view: &View<'a>) -> Option<Collapse> {
        let (arms, _) = Self::arms(view);
        if arms.len() == 1 {
            return Some(Collapse::Arm(0));
        }
        let mut plain_strings = 0;
        let mut enums = Vec::new();
        let mut primitive: Option<Ty> = None;
        let mut same_primitive = true;
        for (i, arm) in arms.iter().enumerate() {
            let (schema, _, _) = self.resolve(*arm)?;
            let v = View::of(schema);
            let structural =
                v.properties.is_empty() && v.one_of.is_empty() && v.any_of.is_empty() && v.all_of.is_empty();
            if !structural {
                return None;
            }
            match (v.ty, v.string_enum.is_empty()) {
                (Some("string"), true) if v.format.as_deref() != Some("binary") => plain_strings += 1,
                (Some("string") | None, false) => enums.push(i),
                _ => {}
            }
            let this = match (v.ty, v.string_enum.is_empty(), v.format.as_deref()) {
                (Some("string"), true, f) if f != Some("binary") => Some(Ty::String),
                (Some("integer"), _, _) => Some(Ty::Integer),
                (Some("number"), _, _) => Some(Ty::Number),
                (Some("boolean"), _, _) => Some(Ty::Boolean),
                _ => None,
            };
            match (&primitive, this) {
                (_, None) => same_primitive = false,
                (None, Some(t)) => primitive = Some(t),
                (Some(p), Some(t)) if *p != t => same_primitive = false,
                _ => {}
            }
        }
        if same_primitive {
            return primitive.map(Collapse::Primitive);
        }
        if let [index] = enums[..] {
            if plain_strings + 1 == arms.len() {
                return Some(Collapse::Arm(index));
            }
        }
        None
    }

    fn union(&mut self, view: &View<'a>, discriminator: Option<&str>, pointer: &str, hint: &[String]) -> Union {
        let (arms, key) = Self::arms(view);
        let base = child(pointer, key);
        let tag = self.find_tag(arms, discriminator);
        let mut variants = Vec::with_capacity(arms.len() + 1);
        for (i, arm) in arms.iter().enumerate() {
            let arm_pointer = child(&base, &i.to_string());
            let tag_value = tag.as_ref().map(|(_, values)| values[i].clone());
            let word = match (&tag_value, arm) {
                (Some(v), _) => v.clone(),
                (None, Node::Ref(r)) => r.rsplit('/').next().unwrap_or("variant").to_string(),
                // A title that repeats the union's own name says nothing about the arm.
                (None, Node::Item(s)) => match &s.schema_data.title {
                    Some(t) if !hint.last().is_some_and(|h| type_name_eq(h, t)) => t.clone(),
                    _ => shape_word(s),
                },
            };
            let mut arm_hint = hint.to_vec();
            arm_hint.push(word.clone());
            let (ty, _) = self.ty_of(*arm, &arm_pointer, &arm_hint);
            let docs = match arm {
                Node::Item(s) => docs_of(s),
                Node::Ref(_) => None,
            };
            variants.push(Variant { tag_value, name_hint: word, ident: String::new(), ty, docs });
        }
        if tag.is_none() {
            // Most specific first: serde tries arms in order and takes the first that fits.
            variants.sort_by_key(|v| self.specificity(&v.ty));
        }
        Union { tag: tag.map(|(t, _)| t), variants, fallback: String::new() }
    }

    /// Lower sorts earlier. Objects with more required fields are tried before looser ones.
    fn specificity(&self, ty: &Ty) -> (u8, std::cmp::Reverse<usize>) {
        use std::cmp::Reverse;
        match ty {
            Ty::Boolean => (0, Reverse(0)),
            Ty::Integer32 | Ty::Integer => (1, Reverse(0)),
            Ty::Number => (2, Reverse(0)),
            Ty::String | Ty::Binary => (4, Reverse(0)),
            Ty::Named(id) => match &self.types[id.0].kind {
                TypeKind::StringEnum(_) => (3, Reverse(0)),
                TypeKind::Struct(s) => (5, Reverse(s.fields.iter().filter(|f| !f.optional).count())),
                TypeKind::Union(_) => (6, Reverse(0)),
                TypeKind::Alias(inner) => self.specificity(inner),
            },
            Ty::List(_) => (7, Reverse(0)),
            Ty::Map(_) => (8, Reverse(0)),
            Ty::Boxed(inner) => self.specificity(inner),
            Ty::Json => (9, Reverse(0)),
        }
    }

    /// The property whose one-value enum differs in every arm, with each arm's value.
    fn find_tag(&self, arms: &[Node<'a>], discriminator: Option<&str>) -> Option<(String, Vec<String>)> {
        let mut arm_props: Vec<IndexMap<String, Option<String>>> = Vec::new();
        for arm in arms {
            let (schema, _, _) = self.resolve(*arm)?;
            let mut props = IndexMap::new();
            self.constant_properties(schema, &mut props, 0);
            if props.is_empty() {
                return None;
            }
            arm_props.push(props);
        }
        let first = arm_props.first()?;
        let candidates: Vec<&str> = match discriminator {
            Some(d) => vec![d],
            None => {
                let mut c: Vec<&str> = first.keys().map(String::as_str).collect();
                c.sort_by_key(|k| (*k != "type", *k != "object", *k != "event"));
                c
            }
        };
        'candidate: for candidate in candidates {
            let mut values = Vec::with_capacity(arm_props.len());
            for props in &arm_props {
                match props.get(candidate) {
                    Some(Some(v)) if !values.contains(v) => values.push(v.clone()),
                    _ => continue 'candidate,
                }
            }
            return Some((candidate.to_string(), values));
        }
        None
    }

    /// Properties of an object (through `allOf`), each with its constant value if it has one.
    fn constant_properties(&self, schema: &'a Schema, out: &mut IndexMap<String, Option<String>>, depth: usize) {
        if depth > 32 {
            return;
        }
        let view = View::of(schema);
        for member in &view.all_of {
            if let Some((s, _, _)) = self.resolve(*member) {
                self.constant_properties(s, out, depth + 1);
            }
        }
        for (name, node) in &view.properties {
            let constant = self.resolve(*node).and_then(|(s, _, _)| {
                let v = View::of(s);
                match &v.string_enum[..] {
                    [only] => Some(only.clone()),
                    _ => None,
                }
            });
            out.insert(name.to_string(), constant);
        }
    }

    fn operation(
        &mut self,
        entry: &'a OperationEntry,
        id: String,
        config: &Config,
        all_ops: &[(&str, &str)],
    ) -> OperationUse {
        let op = &entry.operation;
        let name = config.naming.name(&id, entry.method, &entry.path, all_ops);
        if name.source == NameSource::New {
            let named = format!("named `{}.{}` by its rules", name.resource.join("."), name.method);
            let message = match config.naming.derived.get(&id) {
                Some(at) => format!(
                    "`{id}` was checked at `{at}` in spec/naming.yaml and is now at `{} {}`; {named} (update `derived` once checked)",
                    entry.method.to_ascii_uppercase(),
                    entry.path
                ),
                None => format!(
                    "`{id}` is not in spec/naming.yaml; {named} (list it under `derived` once checked, or under `exceptions`)"
                ),
            };
            self.diagnostics.warn(&entry.pointer, message);
        }
        let group = match name.resource.first() {
            Some(first) => crate::names::field_ident(first),
            None => group_of(&entry.path),
        };
        let mut requests = Vec::new();
        let mut responses = Vec::new();
        let mut success = None;
        let mut path_params = Vec::new();
        let mut query_fields = Vec::new();
        for (i, param) in op.parameters.iter().enumerate() {
            let ReferenceOr::Item(param) = param else { continue };
            let data = param.parameter_data_ref();
            let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format else { continue };
            let pointer = child(&child(&child(&entry.pointer, "parameters"), &i.to_string()), "schema");
            let hint = vec![id.clone(), data.name.clone()];
            let (ty, nullable) = self.ty_of(schema.into(), &pointer, &hint);
            match param {
                openapiv3::Parameter::Path { .. } => path_params.push(data.name.clone()),
                openapiv3::Parameter::Query { .. } => {
                    let deprecated = data.deprecated.unwrap_or(false);
                    query_fields.push(Field {
                        wire: data.name.clone(),
                        ident: String::new(),
                        ty: ty.clone(),
                        optional: !data.required || nullable,
                        docs: data.description.clone(),
                        deprecated,
                        flatten: false,
                        send_null: false,
                    });
                }
                _ => {}
            }
            requests.push(ty);
        }
        // Path parameters as the path names them, in its order.
        let path_params = crate::validate::path_parameters(&entry.path, &path_params, &entry.pointer, self.diagnostics);
        let query = (!query_fields.is_empty()).then(|| {
            let mut hint = name.resource.clone();
            hint.push(name.method.clone());
            hint.push("params".into());
            let params = self.reserve(hint, false, child(&entry.pointer, "parameters"));
            let def = &mut self.types[params.0];
            def.docs = Some(format!("Query parameters of `{}.{}`.", name.resource.join("."), name.method));
            def.kind = TypeKind::Struct(Struct { fields: query_fields });
            requests.push(Ty::Named(params));
            params
        });
        let mut body = None;
        if let Some(ReferenceOr::Item(request_body)) = &op.request_body {
            for (media, content) in &request_body.content {
                if let Some(schema) = &content.schema {
                    let pointer =
                        child(&child(&child(&child(&entry.pointer, "requestBody"), "content"), media), "schema");
                    let hint = vec![id.clone(), "request".into()];
                    let ty = self.ty_of(schema.into(), &pointer, &hint).0;
                    if body.is_none() {
                        let kind = if media.starts_with("multipart/") { BodyKind::Multipart } else { BodyKind::Json };
                        body = Some(RequestBody { ty: ty.clone(), kind, required: request_body.required });
                    }
                    requests.push(ty);
                }
            }
        }
        let mut binary = false;
        let mut event_stream = None;
        for (status, response) in &op.responses.responses {
            let ReferenceOr::Item(response) = response else { continue };
            let is_2xx = matches!(status, openapiv3::StatusCode::Code(200..=299));
            for (media, content) in &response.content {
                if is_2xx && media != "application/json" && media != "text/event-stream" {
                    binary = true;
                }
                if let Some(schema) = &content.schema {
                    let pointer = child(
                        &child(
                            &child(&child(&child(&entry.pointer, "responses"), &status.to_string()), "content"),
                            media,
                        ),
                        "schema",
                    );
                    let hint = vec![id.clone(), "response".into()];
                    let ty = self.ty_of(schema.into(), &pointer, &hint).0;
                    if success.is_none() && is_2xx && media == "application/json" {
                        success = Some(ty.clone());
                    }
                    if event_stream.is_none() && is_2xx && media == "text/event-stream" {
                        event_stream = Some(ty.clone());
                    }
                    responses.push(ty);
                }
            }
        }
        let response = match (&success, binary) {
            // A body declared as a bare string is a file's content (`/files/{id}/content`):
            // bytes, not JSON text.
            (Some(Ty::String), _) => ResponseKind::Binary,
            (Some(ty), _) => ResponseKind::Json(ty.clone()),
            (None, true) => ResponseKind::Binary,
            (None, false) => ResponseKind::Empty,
        };
        let stream = self.stream_use(&id, &entry.pointer, config, body.as_ref(), query, event_stream);
        if let Some(stream) = &stream {
            responses.push(stream.event.clone());
        }
        let page = self.page_use(&id, entry, config, success.as_ref());
        let docs = match (&op.summary, &op.description) {
            (Some(s), Some(d)) if d.trim() != s.trim() => Some(format!("{s}\n\n{d}")),
            (Some(s), _) => Some(s.clone()),
            (None, d) => d.clone(),
        };
        let own_security = crate::parse::scheme_names(op.security.as_deref().unwrap_or_default());
        let credential = config.operations.credential(&name.resource, &own_security, &self.document.security);
        let beta_header = config.operations.beta_header(&name.resource).map(String::from);
        let azure_deployment = config.operations.azure_deployment(&name.resource, &name.method);
        OperationUse {
            id,
            group,
            resource: name.resource,
            method: name.method,
            verb: entry.method,
            path: entry.path.clone(),
            path_params,
            query,
            body,
            response,
            stream,
            page,
            deprecated: op.deprecated,
            credential,
            beta_header,
            azure_deployment,
            docs,
            requests,
            responses,
            success,
            examples: response_examples(op),
            python_examples: oai_examples(op, "/request/python"),
        }
    }

    /// How the operation streams, per `spec/streaming.yaml`: the first flag its body or
    /// query accepts, and its events (`default_event`: the `text/event-stream` schema, else
    /// the JSON response) unless the configuration names them.
    fn stream_use(
        &mut self,
        id: &str,
        pointer: &str,
        config: &Config,
        body: Option<&RequestBody>,
        query: Option<TypeId>,
        event_stream: Option<Ty>,
    ) -> Option<StreamUse> {
        let streaming = &config.streaming;
        let flag = streaming.flags.iter().find(|flag| {
            let fields = match flag.location {
                FlagLocation::Body => body.map(|b| self.fields_of(&b.ty)).unwrap_or_default(),
                FlagLocation::Query => query.map(|q| self.fields_of(&Ty::Named(q))).unwrap_or_default(),
            };
            fields.iter().any(|f| f.wire == flag.name && self.accepts(&f.ty, &flag.value))
        })?;
        let configured =
            streaming.events.get(id).and_then(|name| self.components.get(name.as_str())).map(|id| Ty::Named(*id));
        let event = configured.or(event_stream).unwrap_or_else(|| {
            // Decoding events as the JSON response would drop whatever they carry besides.
            self.diagnostics.warn(
                child(pointer, "responses"),
                format!(
                    "`{}` can stream (`{}`), but no response is `text/event-stream` and spec/streaming.yaml names no event; each event is serde_json::Value",
                    id, flag.name
                ),
            );
            Ty::Json
        });
        let named = match &event {
            Ty::Named(t) => streaming.named_events.iter().any(|n| self.components.get(n.as_str()) == Some(t)),
            _ => false,
        };
        Some(StreamUse { location: flag.location, flag: flag.name.clone(), value: flag.value.clone(), event, named })
    }

    /// The page a list returns: the kind `spec/pagination.yaml` lists it under, else (for
    /// a GET whose response has `data` and `has_more`) a cursor page, with a warning.
    fn page_use(&mut self, id: &str, entry: &OperationEntry, config: &Config, success: Option<&Ty>) -> Option<PageUse> {
        let fields = success.map(|ty| self.fields_of(ty)).unwrap_or_default();
        let item = fields.iter().find(|f| f.wire == "data").and_then(|f| match &f.ty {
            Ty::List(inner) => Some((**inner).clone()),
            _ => None,
        });
        let kind = match config.pagination.listed(id) {
            Some(kind) => kind,
            None => {
                let looks_paged =
                    entry.method == "get" && item.is_some() && fields.iter().any(|f| f.wire == "has_more");
                if !looks_paged || config.pagination.not_paginated.contains(id) {
                    return None;
                }
                self.diagnostics.warn(
                    &entry.pointer,
                    format!("`{id}` is not in spec/pagination.yaml; its `data` and `has_more` make it a CursorPage (list it once checked, or under `not_paginated`)"),
                );
                PageKind::CursorPage
            }
        };
        let Some(item) = item else {
            self.diagnostics.warn(
                &entry.pointer,
                format!(
                    "`{id}` is listed as a {} in spec/pagination.yaml, but its response has no `data` array",
                    kind.type_name()
                ),
            );
            return None;
        };
        Some(PageUse { kind, item })
    }

    /// The fields of a struct type (through aliases), or none.
    fn fields_of(&self, ty: &Ty) -> Vec<Field> {
        match ty {
            Ty::Named(id) => match &self.types[id.0].kind {
                TypeKind::Struct(s) => s.fields.clone(),
                TypeKind::Alias(inner) => self.fields_of(inner),
                _ => Vec::new(),
            },
            Ty::Boxed(inner) => self.fields_of(inner),
            _ => Vec::new(),
        }
    }

    /// Whether a property of type `ty` can hold `value`: a boolean for `true`, a string
    /// enum listing it (or a plain string) for a string.
    fn accepts(&self, ty: &Ty, value: &serde_json::Value) -> bool {
        match (ty, value) {
            (Ty::Boolean, serde_json::Value::Bool(_)) | (Ty::String, serde_json::Value::String(_)) => true,
            (Ty::Named(id), _) => match (&self.types[id.0].kind, value) {
                (TypeKind::StringEnum(e), serde_json::Value::String(v)) => e.values.iter().any(|ev| &ev.wire == v),
                (TypeKind::Alias(inner), _) => self.accepts(inner, value),
                _ => false,
            },
            (Ty::Boxed(inner), _) => self.accepts(inner, value),
            _ => false,
        }
    }

    /// `WebhookEvent`: every webhook payload, dispatched on its `type` (what `unwrap` returns).
    fn webhook_union(&mut self, webhooks: &[WebhookEvent]) -> Option<TypeId> {
        let mut variants: Vec<Variant> = Vec::new();
        for event in webhooks {
            let (Some(payload), Some(event_type)) = (event.payload, &event.event_type) else { continue };
            if variants.iter().any(|v| v.tag_value.as_deref() == Some(event_type)) {
                self.diagnostics.note(
                    child("#/webhooks", &event.name),
                    format!(
                        "another webhook already sends `type: {event_type}`; this one is reached through that variant"
                    ),
                );
                continue;
            }
            variants.push(Variant {
                tag_value: Some(event_type.clone()),
                name_hint: event_type.clone(),
                ident: String::new(),
                ty: Ty::Named(payload),
                docs: event.docs.clone(),
            });
        }
        if variants.is_empty() {
            return None;
        }
        // Named like a component, so that it keeps its name.
        let id = self.reserve(vec!["WebhookEvent".into()], true, "#/webhooks".into());
        let def = &mut self.types[id.0];
        def.docs = Some("An event sent to a webhook endpoint, picked by its `type`.".into());
        def.kind = TypeKind::Union(Union { tag: Some("type".into()), variants, fallback: String::new() });
        Some(id)
    }

    fn webhook(&mut self, entry: &'a OperationEntry) -> WebhookEvent {
        let op = &entry.operation;
        let mut payload = None;
        if let Some(ReferenceOr::Item(body)) = &op.request_body {
            if let Some((media, content)) = body.content.first() {
                if let Some(schema) = &content.schema {
                    let pointer =
                        child(&child(&child(&child(&entry.pointer, "requestBody"), "content"), media), "schema");
                    let hint = vec![format!("webhook_{}", entry.path)];
                    payload = self.ty_of(schema.into(), &pointer, &hint).0.direct_named();
                }
            }
        }
        if payload.is_none() {
            self.diagnostics.warn(&entry.pointer, "webhook without a JSON payload schema; not typed");
        }
        let event_type = payload.and_then(|id| match &self.types[id.0].kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire == "type").and_then(|f| match f.ty.direct_named() {
                Some(t) => match &self.types[t.0].kind {
                    TypeKind::StringEnum(e) if e.values.len() == 1 => Some(e.values[0].wire.clone()),
                    _ => None,
                },
                None => None,
            }),
            _ => None,
        });
        WebhookEvent {
            name: entry.path.clone(),
            event_type,
            payload,
            docs: op.description.clone().or_else(|| op.summary.clone()),
        }
    }
}

/// `x-oaiMeta.examples[].response` (the list may also be a single object).
fn response_examples(op: &openapiv3::Operation) -> Vec<String> {
    oai_examples(op, "/response")
}

/// `x-oaiMeta.examples[]` values at `pointer` (`/response`, `/request/python`), in spec order.
fn oai_examples(op: &openapiv3::Operation, pointer: &str) -> Vec<String> {
    let Some(examples) = op.extensions.get("x-oaiMeta").and_then(|m| m.get("examples")) else {
        return Vec::new();
    };
    let list = match examples {
        serde_json::Value::Array(list) => list.iter().collect(),
        single => vec![single],
    };
    list.into_iter().filter_map(|e| e.pointer(pointer).and_then(serde_json::Value::as_str)).map(String::from).collect()
}

fn type_name_eq(a: &str, b: &str) -> bool {
    crate::names::type_name(&[a]) == crate::names::type_name(&[b])
}

/// A word for an untitled inline union arm, from its shape (a one-value enum: its value).
fn shape_word(schema: &Schema) -> String {
    let view = View::of(schema);
    if let [only] = &view.string_enum[..] {
        return only.clone();
    }
    let word = if !view.string_enum.is_empty() {
        "enum"
    } else if !view.one_of.is_empty() || !view.any_of.is_empty() {
        "union"
    } else if view.is_object() || !view.all_of.is_empty() {
        "object"
    } else {
        match view.ty {
            Some("array") => "array",
            Some("object") => "map",
            Some(t) => t,
            None => "value",
        }
    };
    word.to_string()
}

/// The API group of a path: its first segment as a module name (`/chat/completions` → `chat`).
pub fn group_of(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    if first.is_empty() || first.starts_with('{') {
        return "root".into();
    }
    crate::names::field_ident(first)
}
