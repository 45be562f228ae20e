//! Schemas into types: components by name, inline objects, enums and unions by where they
//! sit, primitives and containers as Rust ones.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::view::{SchemaType, View};
use super::{docs_of, Lowerer, Node, SCHEMA_PREFIX};
use crate::diagnostics::{child, descend};
use crate::ir::*;

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

impl<'a> Lowerer<'a, '_> {
    pub(super) fn declare_components(&mut self) {
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

    pub(super) fn define_component(&mut self, name: &'a str, schema: &'a ReferenceOr<Schema>) {
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
    pub(super) fn reference(&mut self, reference: &str, pointer: &str) -> (Ty, bool) {
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

    pub(super) fn resolve(&self, node: Node<'a>) -> Option<(&'a Schema, String, Vec<String>)> {
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
    pub(super) fn ty_of(&mut self, node: Node<'a>, pointer: &str, hint: &[String]) -> (Ty, bool) {
        let schema = match node {
            Node::Ref(r) => return self.reference(r, pointer),
            Node::Item(s) => s,
        };
        let nullable = schema.schema_data.nullable;
        let view = View::of(schema);

        // `allOf: [ref]` with only annotations beside it is the normalised `$ref` + siblings.
        if let [only] = view.all_of[..] {
            if view.properties.is_empty() && view.one_of.is_empty() && view.any_of.is_empty() {
                let (ty, inner) = self.ty_of(only, &descend(pointer, &["allOf", "0"]), hint);
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
            let (ty, inner) = self.ty_of(only, &descend(pointer, &["allOf", &i.to_string()]), hint);
            let nullable_member = view.all_of.iter().any(|n| matches!(n, Node::Item(s) if s.schema_data.nullable));
            return (ty, nullable || inner || nullable_member);
        }

        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            match self.collapse_union(&view) {
                Some(Collapse::Primitive(ty)) => return (ty, nullable),
                Some(Collapse::Arm(i)) => {
                    let (arms, key) = Self::arms(&view);
                    let (ty, inner) = self.ty_of(arms[i], &descend(pointer, &[key, &i.to_string()]), hint);
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
            Some(SchemaType::String) if view.format.as_deref() == Some("binary") => Ty::Binary,
            Some(SchemaType::String) => Ty::String,
            Some(SchemaType::Integer) if view.format.as_deref() == Some("int32") => Ty::Integer32,
            Some(SchemaType::Integer) => Ty::Integer,
            Some(SchemaType::Number) => Ty::Number,
            Some(SchemaType::Boolean) => Ty::Boolean,
            Some(SchemaType::Array) => match view.items {
                Some(items) => {
                    let (ty, _) = self.ty_of(items, &child(pointer, "items"), hint);
                    Ty::List(Box::new(ty))
                }
                None => Ty::List(Box::new(Ty::Json)),
            },
            Some(SchemaType::Object) | None if view.additional.is_some() => match view.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let mut h = hint.to_vec();
                    h.push("value".into());
                    let (ty, _) = self.ty_of((&**s).into(), &child(pointer, "additionalProperties"), &h);
                    Ty::Map(Box::new(ty))
                }
                _ => Ty::Json,
            },
            Some(SchemaType::Object) | None => Ty::Json,
            Some(SchemaType::Null) => Ty::Json,
            Some(SchemaType::Other(other)) => {
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
                    let arm_pointer = descend(pointer, &[key, &i.to_string()]);
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
            let member_pointer = descend(pointer, &["allOf", &i.to_string()]);
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
                pointer: descend(pointer, &["properties", wire]),
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
                // A field that is a component (`$ref`, or `allOf: [$ref]` with no words of
                // its own) says what that component says.
                let docs = docs.or_else(|| ty.direct_named().and_then(|id| self.types[id.0].docs.clone()));
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
                (Some(SchemaType::String), true) if v.format.as_deref() != Some("binary") => plain_strings += 1,
                (Some(SchemaType::String) | None, false) => enums.push(i),
                _ => {}
            }
            let this = match (v.ty, v.string_enum.is_empty(), v.format.as_deref()) {
                (Some(SchemaType::String), true, f) if f != Some("binary") => Some(Ty::String),
                (Some(SchemaType::Integer), _, _) => Some(Ty::Integer),
                (Some(SchemaType::Number), _, _) => Some(Ty::Number),
                (Some(SchemaType::Boolean), _, _) => Some(Ty::Boolean),
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
            Some(SchemaType::Object) => "map",
            Some(t) => t.name(),
            None => "value",
        }
    };
    word.to_string()
}
