//! The spec's `webhooks` section: one type per event payload, and their union.

use super::Lowerer;
use crate::diagnostics::{child, descend};
use crate::ir::*;
use crate::parse::OperationEntry;
use openapiv3::ReferenceOr;

impl<'a> Lowerer<'a, '_> {
    /// `WebhookEvent`: every webhook payload, dispatched on its `type` (what `unwrap` returns).
    pub(super) fn webhook_union(&mut self, webhooks: &[WebhookEvent]) -> Option<TypeId> {
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

    pub(super) fn webhook(&mut self, entry: &'a OperationEntry) -> WebhookEvent {
        let op = &entry.operation;
        let mut payload = None;
        if let Some(ReferenceOr::Item(body)) = &op.request_body {
            if let Some((media, content)) = body.content.first() {
                if let Some(schema) = &content.schema {
                    let pointer = descend(&entry.pointer, &["requestBody", "content", media, "schema"]);
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
