//! A flat view of a schema's structural keywords, whichever `SchemaKind` `openapiv3` chose
//! to parse it into.

use openapiv3::{AdditionalProperties, IntegerFormat, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::Node;

/// A schema's `type` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SchemaType<'a> {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Null,
    /// A type JSON Schema does not define, kept to name it in a warning.
    Other(&'a str),
}

impl<'a> SchemaType<'a> {
    fn parse(name: &'a str) -> SchemaType<'a> {
        match name {
            "string" => SchemaType::String,
            "integer" => SchemaType::Integer,
            "number" => SchemaType::Number,
            "boolean" => SchemaType::Boolean,
            "object" => SchemaType::Object,
            "array" => SchemaType::Array,
            "null" => SchemaType::Null,
            other => SchemaType::Other(other),
        }
    }

    /// The keyword as the spec writes it.
    pub(super) fn name(self) -> &'a str {
        match self {
            SchemaType::String => "string",
            SchemaType::Integer => "integer",
            SchemaType::Number => "number",
            SchemaType::Boolean => "boolean",
            SchemaType::Object => "object",
            SchemaType::Array => "array",
            SchemaType::Null => "null",
            SchemaType::Other(other) => other,
        }
    }
}

/// A flat view of a schema's structural keywords, whichever `SchemaKind` `openapiv3` chose.
#[derive(Default)]
pub(super) struct View<'a> {
    pub(super) ty: Option<SchemaType<'a>>,
    pub(super) format: Option<String>,
    pub(super) string_enum: Vec<String>,
    pub(super) properties: Vec<(&'a str, Node<'a>)>,
    pub(super) required: Vec<&'a str>,
    pub(super) additional: Option<&'a AdditionalProperties>,
    pub(super) items: Option<Node<'a>>,
    pub(super) one_of: Vec<Node<'a>>,
    pub(super) any_of: Vec<Node<'a>>,
    pub(super) all_of: Vec<Node<'a>>,
    pub(super) not: bool,
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
    pub(super) fn of(schema: &'a Schema) -> View<'a> {
        let mut v = View::default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.ty = Some(SchemaType::String);
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
                v.ty = Some(SchemaType::Integer);
                v.format = format_name(&i.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
            }
            SchemaKind::Type(Type::Number(_)) => v.ty = Some(SchemaType::Number),
            SchemaKind::Type(Type::Boolean(_)) => v.ty = Some(SchemaType::Boolean),
            SchemaKind::Type(Type::Object(o)) => {
                v.ty = Some(SchemaType::Object);
                v.properties = o.properties.iter().map(|(k, s)| (k.as_str(), s.into())).collect();
                v.required = o.required.iter().map(String::as_str).collect();
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.ty = Some(SchemaType::Array);
                v.items = a.items.as_ref().map(Node::from);
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of.iter().map(Node::from).collect(),
            SchemaKind::AnyOf { any_of } => v.any_of = any_of.iter().map(Node::from).collect(),
            SchemaKind::AllOf { all_of } => v.all_of = all_of.iter().map(Node::from).collect(),
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => {
                v.ty = a.typ.as_deref().map(SchemaType::parse);
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
                    v.ty = Some(SchemaType::String);
                }
                if v.ty.is_none() && v.items.is_some() {
                    v.ty = Some(SchemaType::Array);
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

    pub(super) fn is_object(&self) -> bool {
        !self.properties.is_empty() || (self.ty == Some(SchemaType::Object) && self.additional.is_none())
    }

    /// Annotations only (description, nullable, ...): no structure of its own.
    pub(super) fn is_annotation(&self) -> bool {
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
