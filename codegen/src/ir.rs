//! The intermediate representation: what the generated crate holds, without Rust syntax.
//!
//! Lowering fills in shapes; analysis fills in boxing, serde derives and modules; naming
//! fills in every Rust identifier last, over the whole namespace.

use std::collections::BTreeSet;

/// Index of a type in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Everything the emitter needs.
#[derive(Debug, Default)]
pub struct Model {
    /// Every named type, components first (in spec order), then inline types in the order found.
    pub types: Vec<TypeDef>,
    /// What each operation sends and receives, for analysis.
    pub operations: Vec<OperationUse>,
    /// Webhook events from the spec's `webhooks` section.
    pub webhooks: Vec<WebhookEvent>,
    /// The union of every webhook payload, when the spec has webhooks.
    pub webhook_event: Option<TypeId>,
    /// The WebSocket APIs whose event schemas the spec has (`spec/sockets.yaml`).
    pub sockets: Vec<SocketUse>,
    /// Which spec this is.
    pub spec: SpecStamp,
}

/// A WebSocket API and its event unions.
#[derive(Debug, Clone)]
pub struct SocketUse {
    /// Its name in `sockets.yaml` (`realtime`).
    pub name: String,
    /// Its rule.
    pub rule: crate::rules::SocketRule,
    /// What the client sends.
    pub client: TypeId,
    /// What the server sends.
    pub server: Vec<TypeId>,
}

/// What identifies the spec a crate was generated from (written to `.stats.yml`).
#[derive(Debug, Default, Clone)]
pub struct SpecStamp {
    /// `info.version`.
    pub version: String,
    /// SHA-256 of the normalised spec as compact JSON (see [`crate::fingerprint`]).
    pub sha256: String,
}

/// The types one operation sends and receives.
#[derive(Debug, Clone)]
pub struct OperationUse {
    /// `operationId`.
    pub id: String,
    /// API group: the first word of the resource path (`chat`, `beta`, `admin`).
    pub group: String,
    /// Resource path on the client (`["chat", "completions"]`).
    pub resource: Vec<String>,
    /// Method name (`create`), as the official SDKs name it.
    pub method: String,
    /// The generated method's Rust name (filled by naming): `method` as an identifier,
    /// with `_call` where a sub-resource of the same resource has that name.
    pub method_ident: String,
    /// Lower-case HTTP verb.
    pub verb: &'static str,
    /// URL path template (`/chat/completions/{completion_id}`), perhaps with a fixed query.
    pub path: String,
    /// Path parameter names, in path order.
    pub path_params: Vec<String>,
    /// The generated struct of its query parameters, if it has any.
    pub query: Option<TypeId>,
    /// Its request body, if it has one.
    pub body: Option<RequestBody>,
    /// What its success response holds.
    pub response: ResponseKind,
    /// How it streams, if it can.
    pub stream: Option<StreamUse>,
    /// The page it returns, if it is a list.
    pub page: Option<PageUse>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The key it is sent with (its `security`, by `spec/operations.yaml`).
    pub credential: crate::rules::Credential,
    /// The `OpenAI-Beta` header it is sent with (`spec/operations.yaml`).
    pub beta_header: Option<String>,
    /// Whether Azure OpenAI serves it per deployment (`spec/operations.yaml`).
    pub azure_deployment: bool,
    /// Its `gen_ai.operation.name` in OpenTelemetry's GenAI conventions, when it is one.
    pub gen_ai_operation: Option<String>,
    /// Summary and description.
    pub docs: Option<String>,
    /// Parameter and request body types.
    pub requests: Vec<Ty>,
    /// Response body types.
    pub responses: Vec<Ty>,
    /// The JSON body type of the first 2xx response, if it has one.
    pub success: Option<Ty>,
    /// Response examples from `x-oaiMeta.examples[].response`, in spec order.
    pub examples: Vec<String>,
    /// Request examples in Python (`x-oaiMeta.examples[].request.python`), whose argument
    /// values seed the Rust usage example.
    pub python_examples: Vec<String>,
}

impl Model {
    /// The type behind `id`.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The first type behind `ty` that is not an alias (through boxes and aliases), with its id.
    pub fn kind_behind(&self, ty: &Ty) -> Option<(TypeId, &TypeKind)> {
        let mut id = ty.direct_named()?;
        for _ in 0..=self.types.len() {
            match &self.get(id).kind {
                TypeKind::Alias(inner) => id = inner.direct_named()?,
                kind => return Some((id, kind)),
            }
        }
        None // An alias cycle (validation breaks those before this is asked).
    }

    /// Whether `ty` is a constant (a one-value enum): filled in, never asked for.
    pub fn is_constant(&self, ty: &Ty) -> bool {
        ty.direct_named().is_some_and(|id| matches!(&self.get(id).kind, TypeKind::StringEnum(e) if e.values.len() == 1))
    }

    /// Whether `id` is what a stream or a socket's server sends, one message at a time.
    pub fn is_event_union(&self, id: TypeId) -> bool {
        let streamed =
            self.operations.iter().filter_map(|op| op.stream.as_ref()).any(|s| s.event.direct_named() == Some(id));
        streamed || self.sockets.iter().any(|s| s.server.contains(&id))
    }

    /// The fields a struct's `new` takes, in order: the required ones that are not constants.
    pub fn constructor_fields<'s>(&self, fields: &'s [Field]) -> Vec<&'s Field> {
        fields.iter().filter(|f| !f.optional && !self.is_constant(&f.ty)).collect()
    }

    /// Whether `op` takes query parameters that are all optional: its method is callable
    /// without them, and a `_with` twin takes them.
    pub fn optional_query(&self, op: &OperationUse) -> bool {
        op.query.is_some_and(|id| match &self.get(id).kind {
            TypeKind::Struct(s) => s.fields.iter().all(|f| f.optional),
            _ => false,
        })
    }

    /// Whether a value of `ty` can hold a file (`format: binary`), directly, in a list or
    /// as one shape of a union: such a field of a multipart body is sent as file parts.
    pub fn holds_file(&self, ty: &Ty) -> bool {
        fn walk(model: &Model, ty: &Ty, seen: &mut Vec<TypeId>) -> bool {
            match ty {
                Ty::Binary => true,
                Ty::List(inner) | Ty::Boxed(inner) => walk(model, inner, seen),
                Ty::Named(id) if !seen.contains(id) => {
                    seen.push(*id);
                    match &model.get(*id).kind {
                        TypeKind::Union(u) => u.variants.iter().any(|v| walk(model, &v.ty, seen)),
                        TypeKind::Alias(inner) => walk(model, inner, seen),
                        TypeKind::Struct(_) | TypeKind::StringEnum(_) => false,
                    }
                }
                _ => false,
            }
        }
        walk(self, ty, &mut Vec::new())
    }

    /// Types and struct fields the spec gives no description, so no docs.
    pub fn undocumented(&self) -> usize {
        self.types
            .iter()
            .map(|t| {
                let fields = match &t.kind {
                    TypeKind::Struct(s) => s.fields.iter().filter(|f| f.docs.is_none()).count(),
                    _ => 0,
                };
                fields + usize::from(t.docs.is_none())
            })
            .sum()
    }

    /// Fields and variants typed `serde_json::Value` because the spec leaves them untyped.
    pub fn untyped_fields(&self) -> usize {
        self.types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter(|f| f.ty.is_untyped()).count(),
                TypeKind::Alias(ty) => usize::from(ty.is_untyped()),
                TypeKind::Union(u) => u.variants.iter().filter(|v| v.ty.is_untyped()).count(),
                _ => 0,
            })
            .sum()
    }
}

/// One Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Final Rust name; empty until [`crate::names`] runs.
    pub name: String,
    /// Words the name is built from, outermost first (`["CreateResponse", "truncation"]`).
    pub name_hint: Vec<String>,
    /// Whether this is a `components.schemas` entry (whose name is kept as the spec gives it).
    pub component: bool,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Markdown documentation from the spec.
    pub docs: Option<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// Whether uses of this type are nullable (a component that is `anyOf: [X, null]`).
    pub nullable: bool,
    /// Shape.
    pub kind: TypeKind,
    /// API groups whose operations use this type (filled by analysis).
    pub groups: BTreeSet<String>,
    /// Module the type is emitted into (filled by analysis).
    pub module: String,
    /// Whether `Deserialize` is derived (filled by analysis).
    pub deserialize: bool,
    /// Whether some request sends it, so callers build it (a `new` and setters).
    pub sent: bool,
    /// Whether `Serialize` is always implemented: the type is sent, or a stream helper
    /// re-serializes it. Other types implement it with the `serialize-responses` feature.
    pub serialize: bool,
    /// A hand-written type this one stands for (`spec/types.yaml`): its path from the crate
    /// root; the generated definition is then only `pub type Name = crate::<path>;`.
    pub replacement: Option<String>,
    /// Derives beyond the generator's own (`spec/types.yaml`).
    pub extra_derives: Vec<String>,
    /// Other names for it, as type aliases (the official SDKs' names: `familiar.rs`).
    pub aliases: Vec<String>,
}

/// The shape of a type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum, open to values the spec does not list yet.
    StringEnum(StringEnum),
    /// A `oneOf`/`anyOf`: tagged when every variant carries a distinct constant tag.
    Union(Union),
    /// A type defined as another (a component that is just `type: string`, or a map).
    Alias(Ty),
}

/// An object type.
#[derive(Debug, Clone, Default)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Property name on the wire.
    pub wire: String,
    /// Rust identifier (filled by naming).
    pub ident: String,
    /// Type, without the `Option` that `optional` adds.
    pub ty: Ty,
    /// Not required, or nullable: emitted as `Option<ty>` and skipped when `None`.
    pub optional: bool,
    /// Markdown documentation.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The value's own properties sit beside the struct's (an `allOf` member that is a
    /// union): `#[serde(flatten)]`, and `wire` is only a name for the field.
    pub flatten: bool,
    /// Required but nullable: `None` is sent as `null`, never left out.
    pub send_null: bool,
}

/// An open string enum.
#[derive(Debug, Clone)]
pub struct StringEnum {
    /// Known values, in spec order, with their Rust variant names (filled by naming).
    pub values: Vec<EnumValue>,
    /// Name of the variant that keeps unknown strings (filled by naming).
    pub fallback: String,
}

/// One known enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The string on the wire.
    pub wire: String,
    /// Rust variant name.
    pub ident: String,
}

/// A union of alternatives.
#[derive(Debug, Clone)]
pub struct Union {
    /// Property whose constant value selects the variant, when there is one.
    pub tag: Option<String>,
    /// Alternatives: tagged ones in spec order; untagged ones in the order they are tried.
    pub variants: Vec<Variant>,
    /// Name of the variant that keeps unrecognised JSON (filled by naming).
    pub fallback: String,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The tag value selecting this variant (tagged unions only).
    pub tag_value: Option<String>,
    /// Words for the variant name, before naming resolves clashes.
    pub name_hint: String,
    /// Rust variant name (filled by naming).
    pub ident: String,
    /// Payload.
    pub ty: Ty,
    /// Markdown documentation.
    pub docs: Option<String>,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A generated type.
    Named(TypeId),
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `i32` (`format: int32`).
    Integer32,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `format: binary`: file contents sent in a multipart form.
    Binary,
    /// Any JSON value, where the spec leaves the type open.
    Json,
    /// `Vec<T>`.
    List(Box<Ty>),
    /// `HashMap<String, T>`.
    Map(Box<Ty>),
    /// `Box<T>`, inserted by analysis to break recursion or keep an event union small.
    Boxed(Box<Ty>),
}

impl Ty {
    /// Whether this is `serde_json::Value` standing for a type the spec leaves open.
    pub fn is_untyped(&self) -> bool {
        matches!(self, Ty::Json)
    }

    /// The generated type this names directly (through `Box`, not through containers).
    pub fn direct_named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Boxed(inner) => inner.direct_named(),
            _ => None,
        }
    }

    /// Every generated type mentioned anywhere inside.
    pub fn visit_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            Ty::Named(id) => f(*id),
            Ty::List(inner) | Ty::Map(inner) | Ty::Boxed(inner) => inner.visit_named(f),
            _ => {}
        }
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Its type.
    pub ty: Ty,
    /// How it is encoded.
    pub kind: BodyKind,
    /// Whether the spec requires it.
    pub required: bool,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`.
    Json,
    /// `multipart/form-data`.
    Multipart,
}

/// What a success response holds.
#[derive(Debug, Clone)]
pub enum ResponseKind {
    /// A JSON body of this type.
    Json(Ty),
    /// Bytes (audio, file contents, archives).
    Binary,
    /// Nothing.
    Empty,
}

/// One event of the spec's `webhooks` section.
#[derive(Debug, Clone)]
pub struct WebhookEvent {
    /// Key in the `webhooks` section (`batch_completed`).
    pub name: String,
    /// The event's `type` value (`batch.completed`), read from its payload schema.
    pub event_type: Option<String>,
    /// Payload type.
    pub payload: Option<TypeId>,
    /// Markdown documentation.
    pub docs: Option<String>,
}

impl TypeDef {
    /// Generated types this one refers to directly or inside containers.
    pub fn references(&self) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut push = |id| out.push(id);
        match &self.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| f.ty.visit_named(&mut push)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.visit_named(&mut push)),
            TypeKind::Alias(ty) => ty.visit_named(&mut push),
            TypeKind::StringEnum(_) => {}
        }
        out
    }
}

/// How an operation streams: the setting that asks for it and the events that come back.
#[derive(Debug, Clone)]
pub struct StreamUse {
    /// Where the flag goes.
    pub location: crate::rules::FlagLocation,
    /// The flag's property or parameter name.
    pub flag: String,
    /// The flag's value.
    pub value: serde_json::Value,
    /// The type each event decodes into.
    pub event: Ty,
    /// The SSE `event:` name picks the variant.
    pub named: bool,
}

/// The page a list operation returns.
#[derive(Debug, Clone)]
pub struct PageUse {
    /// Which page shape.
    pub kind: crate::rules::PageKind,
    /// The type of one item of `data`.
    pub item: Ty,
}
