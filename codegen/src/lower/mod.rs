//! Stage 4: lower the parsed spec into the IR: `schema` turns schemas into types (through
//! the flat `view` of each), `operation` shapes each operation (parameters, body,
//! responses, streaming, paging, how it is sent), and `webhook` types the webhooks.
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

mod operation;
mod schema;
mod view;
mod webhook;

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::ir::*;
use crate::parse::Document;
use crate::rules::Config;
use openapiv3::{ReferenceOr, Schema};

pub use operation::group_of;

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
    let sockets = config
        .sockets
        .iter()
        .filter_map(|(name, rule)| {
            let component = |schema: &str| lowerer.components.get(schema).copied();
            let client = component(&rule.client_events)?;
            let server = rule.server_events.iter().map(|name| component(name)).collect::<Option<Vec<_>>>()?;
            Some(SocketUse { name: name.clone(), rule: rule.clone(), client, server })
        })
        .collect();
    Model { types: lowerer.types, operations, webhooks, webhook_event, sockets, spec: Default::default() }
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

/// Lowering state: the types so far, and where each component and inline schema went.
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

impl Lowerer<'_, '_> {
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
            replacement: None,
            extra_derives: Vec::new(),
            aliases: Vec::new(),
        });
        id
    }
}
