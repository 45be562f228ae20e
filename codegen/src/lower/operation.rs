//! Operations: the types each sends and receives, its name on the client, how it streams
//! and pages, and how it is sent (credential, beta header, Azure routing).

use super::Lowerer;
use crate::diagnostics::{child, descend};
use crate::ir::*;
use crate::naming::{NameSource, OperationName};
use crate::parse::OperationEntry;
use crate::rules::{Config, FlagLocation, PageKind};
use openapiv3::ReferenceOr;

/// What an operation's parameters give: its path parameters in path order, its query
/// struct, and every type they use.
struct Parameters {
    path: Vec<String>,
    query: Option<TypeId>,
    types: Vec<Ty>,
}

/// What an operation's responses give.
#[derive(Default)]
struct Responses {
    /// The first 2xx JSON body.
    success: Option<Ty>,
    /// The first 2xx `text/event-stream` body.
    event_stream: Option<Ty>,
    /// A 2xx body that is neither (audio, files).
    binary: bool,
    /// Every response body type.
    types: Vec<Ty>,
}

impl<'a> Lowerer<'a, '_> {
    /// One operation, shaped: each part from its own helper below, then how it is sent.
    pub(super) fn operation(
        &mut self,
        entry: &'a OperationEntry,
        id: String,
        config: &Config,
        all_ops: &[(&str, &str)],
    ) -> OperationUse {
        let op = &entry.operation;
        let name = self.name(entry, &id, config, all_ops);
        let group = match name.resource.first() {
            Some(first) => crate::names::field_ident(first),
            None => group_of(&entry.path),
        };
        let parameters = self.parameters(entry, &id, &name);
        let (body, body_types) = self.request_body(entry, &id);
        let responses = self.responses(entry, &id);
        let response = match (&responses.success, responses.binary) {
            // A body declared as a bare string is a file's content (`/files/{id}/content`):
            // bytes, not JSON text.
            (Some(Ty::String), _) => ResponseKind::Binary,
            (Some(ty), _) => ResponseKind::Json(ty.clone()),
            (None, true) => ResponseKind::Binary,
            (None, false) => ResponseKind::Empty,
        };
        let stream =
            self.stream_use(&id, &entry.pointer, config, body.as_ref(), parameters.query, responses.event_stream);
        let page = self.page_use(&id, entry, config, responses.success.as_ref());
        let own_security = crate::parse::scheme_names(op.security.as_deref().unwrap_or_default());
        OperationUse {
            credential: config.operations.credential(&name.resource, &own_security, &self.document.security),
            beta_header: config.operations.beta_header(&name.resource).map(String::from),
            azure_deployment: config.operations.azure_deployment(&name.resource, &name.method),
            gen_ai_operation: config.operations.gen_ai_operation(&name.resource, &name.method).map(String::from),
            id,
            group,
            resource: name.resource,
            method: name.method,
            method_ident: String::new(),
            verb: entry.method,
            path: entry.path.clone(),
            path_params: parameters.path,
            query: parameters.query,
            body,
            response,
            responses: responses.types.into_iter().chain(stream.as_ref().map(|s| s.event.clone())).collect(),
            stream,
            page,
            deprecated: op.deprecated,
            docs: summary_and_description(op),
            requests: parameters.types.into_iter().chain(body_types).collect(),
            success: responses.success,
            examples: response_examples(op),
            python_examples: oai_examples(op, "/request/python"),
        }
    }

    /// Where the operation lives on the client (`spec/naming.yaml`), with a warning when
    /// the rules name it without having been checked for it there.
    fn name(&mut self, entry: &OperationEntry, id: &str, config: &Config, all_ops: &[(&str, &str)]) -> OperationName {
        let name = config.naming.name(id, entry.method, &entry.path, all_ops);
        if name.source == NameSource::New {
            let named = format!("named `{}.{}` by its rules", name.resource.join("."), name.method);
            let message = match config.naming.derived.get(id) {
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
        name
    }

    /// Path parameters (as the path template names them) and the query struct.
    fn parameters(&mut self, entry: &'a OperationEntry, id: &str, name: &OperationName) -> Parameters {
        let mut types = Vec::new();
        let mut declared_path = Vec::new();
        let mut query_fields = Vec::new();
        for (i, param) in entry.operation.parameters.iter().enumerate() {
            let ReferenceOr::Item(param) = param else { continue };
            let data = param.parameter_data_ref();
            let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format else { continue };
            let pointer = descend(&entry.pointer, &["parameters", &i.to_string(), "schema"]);
            let hint = vec![id.to_string(), data.name.clone()];
            let (ty, nullable) = self.ty_of(schema.into(), &pointer, &hint);
            match param {
                openapiv3::Parameter::Path { .. } => declared_path.push(data.name.clone()),
                openapiv3::Parameter::Query { .. } => query_fields.push(Field {
                    wire: data.name.clone(),
                    ident: String::new(),
                    ty: ty.clone(),
                    optional: !data.required || nullable,
                    docs: data.description.clone(),
                    deprecated: data.deprecated.unwrap_or(false),
                    flatten: false,
                    send_null: false,
                }),
                _ => {}
            }
            types.push(ty);
        }
        let path = crate::validate::path_parameters(&entry.path, &declared_path, &entry.pointer, self.diagnostics);
        let query = (!query_fields.is_empty()).then(|| {
            let hint = name.resource.iter().cloned().chain([name.method.clone(), "params".into()]).collect();
            let params = self.reserve(hint, false, child(&entry.pointer, "parameters"));
            let def = &mut self.types[params.0];
            def.docs = Some(format!("Query parameters of `{}.{}`.", name.resource.join("."), name.method));
            def.kind = TypeKind::Struct(Struct { fields: query_fields });
            types.push(Ty::Named(params));
            params
        });
        Parameters { path, query, types }
    }

    /// The request body (its first media type decides JSON or multipart), and every body type.
    fn request_body(&mut self, entry: &'a OperationEntry, id: &str) -> (Option<RequestBody>, Vec<Ty>) {
        let (mut body, mut types) = (None, Vec::new());
        let Some(ReferenceOr::Item(request_body)) = &entry.operation.request_body else { return (body, types) };
        for (media, content) in &request_body.content {
            let Some(schema) = &content.schema else { continue };
            let pointer = descend(&entry.pointer, &["requestBody", "content", media, "schema"]);
            let ty = self.ty_of(schema.into(), &pointer, &[id.to_string(), "request".into()]).0;
            if body.is_none() {
                let kind = if media.starts_with("multipart/") { BodyKind::Multipart } else { BodyKind::Json };
                body = Some(RequestBody { ty: ty.clone(), kind, required: request_body.required });
            }
            types.push(ty);
        }
        (body, types)
    }

    /// Every response body, and which is the success JSON, the event stream, or binary.
    fn responses(&mut self, entry: &'a OperationEntry, id: &str) -> Responses {
        let mut out = Responses::default();
        for (status, response) in &entry.operation.responses.responses {
            let ReferenceOr::Item(response) = response else { continue };
            let is_2xx = matches!(status, openapiv3::StatusCode::Code(200..=299));
            for (media, content) in &response.content {
                let (json, events) = (media == "application/json", media == "text/event-stream");
                out.binary |= is_2xx && !json && !events;
                let Some(schema) = &content.schema else { continue };
                let pointer = descend(&entry.pointer, &["responses", &status.to_string(), "content", media, "schema"]);
                let ty = self.ty_of(schema.into(), &pointer, &[id.to_string(), "response".into()]).0;
                if is_2xx && json && out.success.is_none() {
                    out.success = Some(ty.clone());
                }
                if is_2xx && events && out.event_stream.is_none() {
                    out.event_stream = Some(ty.clone());
                }
                out.types.push(ty);
            }
        }
        out
    }

    /// How the operation streams, per `spec/streaming.yaml`: the first flag its body or
    /// query accepts, and its events (`default_event`: the `text/event-stream` schema, else
    /// the JSON response) unless the configuration names them.
    pub(super) fn stream_use(
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
    pub(super) fn page_use(
        &mut self,
        id: &str,
        entry: &OperationEntry,
        config: &Config,
        success: Option<&Ty>,
    ) -> Option<PageUse> {
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
    pub(super) fn fields_of(&self, ty: &Ty) -> Vec<Field> {
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
    pub(super) fn accepts(&self, ty: &Ty, value: &serde_json::Value) -> bool {
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
}

/// The summary, then the description when it says more.
fn summary_and_description(op: &openapiv3::Operation) -> Option<String> {
    match (&op.summary, &op.description) {
        (Some(s), Some(d)) if d.trim() != s.trim() => Some(format!("{s}\n\n{d}")),
        (Some(s), _) => Some(s.clone()),
        (None, d) => d.clone(),
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

/// The API group of a path: its first segment as a module name (`/chat/completions` → `chat`).
pub fn group_of(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    if first.is_empty() || first.starts_with('{') {
        return "root".into();
    }
    crate::names::field_ident(first)
}
