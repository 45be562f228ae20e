//! Stage 5: whole-model facts that no single schema knows.
//!
//! - Recursion: a field or variant whose type leads back to its owner without passing
//!   through a `Vec` or map is boxed (found with Tarjan's strongly connected components).
//! - Event size: a variant of an event union (what a stream or socket yields, one value per
//!   message), or of a union directly inside one, estimated above [`EVENT_VARIANT_MAX_BYTES`]
//!   is boxed, so that every event is not as large as the largest (a `response.completed`
//!   carrying a whole response).
//! - Use: which API groups reach each type (for modules and cargo features), whether
//!   anything receives it (`Deserialize` only where something does) and whether anything
//!   sends it (`Serialize` only there, and on stream events, which helpers re-serialize;
//!   elsewhere behind the `serialize-responses` feature).
//! - Module: a type used by one group lives in that group's module, others in `shared`.

use std::collections::{BTreeSet, HashSet};

use crate::ir::*;

/// Module of types used by several groups, or by none.
pub const SHARED_MODULE: &str = "shared";
/// Group of the webhook payloads.
pub const WEBHOOKS_GROUP: &str = "webhooks";

/// Fills in boxing, groups, derives and modules.
pub fn analyze(model: &mut Model) {
    box_recursion(model);
    box_large_event_variants(model);
    mark_uses(model);
}

/// Largest payload an event union keeps inline. Socket throughput measured against the size
/// (`--bench socket`): a 1,128-byte `RealtimeServerEvent` ran at 0.6x a raw loop; moving
/// fewer bytes per event is most of what closes the gap, and text deltas fit in this.
pub const EVENT_VARIANT_MAX_BYTES: usize = 160;

fn box_large_event_variants(model: &mut Model) {
    // A union that is a variant of an event union is boxed into first (inner before outer),
    // so that matching `Outer::Inner(Inner::X(..))` keeps working where `Inner` gets small.
    let mut order = Vec::new();
    for index in 0..model.types.len() {
        if model.is_event_union(TypeId(index)) {
            nested_unions(model, TypeId(index), &mut order);
        }
    }
    for id in order {
        let mut sizes = vec![None; model.types.len()];
        let TypeKind::Union(u) = &model.get(id).kind else { continue };
        let large: Vec<bool> =
            u.variants.iter().map(|v| estimated_size(model, &v.ty, &mut sizes) > EVENT_VARIANT_MAX_BYTES).collect();
        let TypeKind::Union(u) = &mut model.types[id.0].kind else { continue };
        for (v, large) in u.variants.iter_mut().zip(large) {
            if large && !matches!(v.ty, Ty::Boxed(_)) {
                v.ty = Ty::Boxed(Box::new(std::mem::replace(&mut v.ty, Ty::Json)));
            }
        }
    }
}

/// `id` and the unions directly under it, innermost first, each once.
fn nested_unions(model: &Model, id: TypeId, order: &mut Vec<TypeId>) {
    let TypeKind::Union(u) = &model.get(id).kind else { return };
    if order.contains(&id) {
        return;
    }
    for v in &u.variants {
        if let Ty::Named(inner) = v.ty {
            nested_unions(model, inner, order);
        }
    }
    order.push(id);
}

/// Roughly how many bytes a value of `ty` takes inline on a 64-bit target. Only boxed edges
/// can close a cycle (recursion is boxed first), so the walk ends.
fn estimated_size(model: &Model, ty: &Ty, sizes: &mut Vec<Option<usize>>) -> usize {
    match ty {
        Ty::String | Ty::List(_) => 24,
        Ty::Integer | Ty::Number => 8,
        Ty::Integer32 => 4,
        Ty::Boolean => 1,
        Ty::Boxed(_) => 8,
        Ty::Json => 32,
        Ty::Map(_) => 48,
        Ty::Binary => 64,
        Ty::Named(id) => {
            if let Some(size) = sizes[id.0] {
                return size;
            }
            let size = match &model.get(*id).kind {
                TypeKind::StringEnum(_) => 24,
                TypeKind::Alias(inner) => estimated_size(model, inner, sizes),
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .map(|f| {
                        let inner = estimated_size(model, &f.ty, sizes);
                        // `Option` of a plain number needs its own tag; of the rest, a niche.
                        let tag = f.optional && matches!(f.ty, Ty::Integer | Ty::Integer32 | Ty::Number | Ty::Boolean);
                        inner + if tag { 8 } else { 0 }
                    })
                    .sum(),
                TypeKind::Union(u) => {
                    8 + u.variants.iter().map(|v| estimated_size(model, &v.ty, sizes)).max().unwrap_or(0)
                }
            };
            sizes[id.0] = Some(size);
            size
        }
    }
}

fn box_recursion(model: &mut Model) {
    let components = strongly_connected(model);
    for index in 0..model.types.len() {
        let owner = components[index];
        let same = |ty: &Ty| ty.direct_named().is_some_and(|t| components[t.0] == owner);
        match &mut model.types[index].kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    if same(&f.ty) {
                        f.ty = Ty::Boxed(Box::new(std::mem::replace(&mut f.ty, Ty::Json)));
                    }
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    if same(&v.ty) {
                        v.ty = Ty::Boxed(Box::new(std::mem::replace(&mut v.ty, Ty::Json)));
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::StringEnum(_) => {}
        }
    }
}

/// Direct (size-carrying) edges: struct fields and union payloads not behind a container.
fn direct_edges(def: &TypeDef) -> Vec<TypeId> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| f.ty.direct_named()).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.direct_named()).collect(),
        TypeKind::Alias(ty) => ty.direct_named().into_iter().collect(),
        TypeKind::StringEnum(_) => Vec::new(),
    }
}

/// Component number of each type. Two types share a number only when they are on one cycle
/// (a type naming itself directly is on a cycle of one).
fn strongly_connected(model: &Model) -> Vec<usize> {
    // Iterative Tarjan, so that deep schema chains cannot overflow the stack.
    let n = model.types.len();
    let edges: Vec<Vec<TypeId>> = model.types.iter().map(direct_edges).collect();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(w) = edges[v].get(edge).map(|t| t.0) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                let size_before = stack.len();
                loop {
                    let w = stack.pop().expect("v is on the stack");
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                // A lone type that does not name itself is on no cycle: give it a component
                // number no edge can match (its own index offset past every real component).
                let lone = size_before - stack.len() == 1 && !edges[v].iter().any(|t| t.0 == v);
                if lone {
                    component[v] = usize::MAX - v;
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

/// Every type reachable from `roots` (the roots included).
fn reach(model: &Model, roots: impl IntoIterator<Item = TypeId>) -> HashSet<TypeId> {
    let mut seen = HashSet::new();
    let mut queue: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = queue.pop() {
        if seen.insert(id) {
            queue.extend(model.get(id).references());
        }
    }
    seen
}

fn roots(tys: &[Ty]) -> Vec<TypeId> {
    let mut out = Vec::new();
    for ty in tys {
        ty.visit_named(&mut |id| out.push(id));
    }
    out
}

fn mark_uses(model: &mut Model) {
    let mut received: HashSet<TypeId> = HashSet::new();
    let mut sent: HashSet<TypeId> = HashSet::new();
    // Stream events are re-serialized by the helpers that assemble them.
    let stream_events: Vec<TypeId> = model
        .operations
        .iter()
        .filter_map(|op| op.stream.as_ref())
        .flat_map(|s| roots(std::slice::from_ref(&s.event)))
        .collect();
    let reserialized = reach(model, stream_events);
    let mut groups: Vec<BTreeSet<String>> = vec![BTreeSet::new(); model.types.len()];
    for op in &model.operations {
        let out = reach(model, roots(&op.requests));
        let back = reach(model, roots(&op.responses));
        for id in out.iter().chain(back.iter()) {
            groups[id.0].insert(op.group.clone());
        }
        sent.extend(out);
        received.extend(back);
    }
    // A socket's client events are sent and its server events received, in its group.
    for socket in &model.sockets {
        let out = reach(model, [socket.client]);
        let back = reach(model, socket.server.iter().copied());
        for id in out.iter().chain(back.iter()) {
            groups[id.0].insert(socket.rule.group.clone());
        }
        sent.extend(out);
        received.extend(back);
    }
    let webhook_roots: Vec<TypeId> =
        model.webhooks.iter().filter_map(|w| w.payload).chain(model.webhook_event).collect();
    for id in reach(model, webhook_roots) {
        groups[id.0].insert(WEBHOOKS_GROUP.to_string());
        received.insert(id);
    }
    // Everything a response can hold is received; a type no operation names is kept fully
    // usable in both directions. Whatever a received type holds is received too.
    let unnamed = (0..model.types.len()).map(TypeId).filter(|id| !sent.contains(id));
    let received = reach(model, received.into_iter().chain(unnamed).collect::<Vec<_>>());
    for (i, def) in model.types.iter_mut().enumerate() {
        let id = TypeId(i);
        def.deserialize = received.contains(&id);
        def.sent = sent.contains(&id);
        def.serialize = def.sent || reserialized.contains(&id);
        def.groups = std::mem::take(&mut groups[i]);
        def.module = match def.groups.len() {
            1 => def.groups.iter().next().cloned().unwrap_or_default(),
            _ => SHARED_MODULE.to_string(),
        };
    }
}
