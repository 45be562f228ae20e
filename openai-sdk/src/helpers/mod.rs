//! What the SDK offers above the generated API, as the official SDKs offer it: polling,
//! stream managers, structured outputs, webhooks, WebSocket connections, the blocking
//! client, conversions for short requests. Written against the committed spec: a spec that
//! drops something a helper uses is a compile error here (`cargo xtask try-spec` names it).

#[cfg(feature = "blocking")]
pub mod blocking;
pub mod bulk;
mod conversions;
#[cfg(all(feature = "chat", feature = "models", feature = "responses"))]
mod guard_rails;
pub(crate) mod polling;
#[cfg(feature = "websocket")]
pub mod socket;
pub(crate) mod stream_helpers;
pub mod structured;
#[cfg(feature = "testing")]
pub mod testing;
pub mod webhooks;
