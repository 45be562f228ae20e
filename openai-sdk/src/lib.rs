#![doc = include_str!("../README.md")]
//!
//! ## Forward compatibility
//!
//! The API changes often, so every generated type accepts what a newer API may send:
//! - string enums have a fallback variant that keeps an unknown value and sends it back
//!   unchanged;
//! - unions have a fallback variant that keeps an unknown shape as raw JSON;
//! - structs ignore fields they do not know.
//!
//! ## Layers
//!
//! The crate is built in three layers, each using only those below it:
//! [`runtime`] (the core: configuration, transport, retries, errors, streams, pages),
//! the generated API ([`types`], [`resources`]), and [`helpers`] (polling, stream managers,
//! structured outputs, webhooks, WebSockets, the blocking client). Everything a program
//! needs is re-exported here, at the crate root.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod helpers;
pub mod runtime;

/// Every operation of the API: its route, its method and what it returns.
#[doc = include_str!("../api.md")]
pub mod api {}
// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
pub mod resources;
// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
pub mod types;

#[cfg(feature = "blocking")]
pub use helpers::blocking;
pub use helpers::bulk;
pub use helpers::polling::{ChunkedUpload, FileBatchUpload, PollOptions};
#[cfg(feature = "websocket")]
pub use helpers::socket;
#[cfg(feature = "realtime")]
pub use helpers::socket::realtime::{RealtimeConnection, RealtimeSender};
#[cfg(feature = "responses")]
pub use helpers::socket::responses::{
    FinishedResponse, ResponseLanes, ResponsesConnection, ResponsesSender, ResponsesSocketEvent,
};
#[cfg(feature = "websocket")]
pub use helpers::socket::{ConnectOptions, Connection, EventSender, ReconnectingEvent, ReconnectingOverrides};
#[cfg(feature = "chat")]
pub use helpers::stream_helpers::ChatCompletionAccumulator;
#[cfg(feature = "chat")]
pub use helpers::stream_helpers::chat_stream::{ChatCompletionStream, ChatStreamEvent};
pub use helpers::stream_helpers::merge_delta;
#[cfg(feature = "responses")]
pub use helpers::stream_helpers::response_stream::ResponseStream;
pub use helpers::structured;
#[cfg(feature = "chat")]
pub use helpers::structured::ParsedChatCompletion;
#[cfg(feature = "responses")]
pub use helpers::structured::ParsedResponse;
pub use helpers::structured::{ParsedContent, StrictFunctionTool};
#[cfg(feature = "testing")]
pub use helpers::testing;
pub use helpers::webhooks;
pub use helpers::webhooks::{WebhookHeaders, Webhooks};
pub use runtime::{
    ApiError, ApiRequest, ApiResponse, Binary, BoxError, Client, ClientBuilder, ClientConfig, ConversationCursorPage,
    Credential, CredentialProvider, CursorItem, CursorPage, Error, ErrorCode, EventStream, FromResponse, InputFile,
    ItemStream, ListPage, NextCursorPage, NoContent, Page, RateLimit, RawResponse, RequestOptions, Result, SchemaError,
    Secret, StreamEvent, StreamingResponse, Timeout, VERSION, WebhookError, client, decode_json, http_client_builder,
};
pub use runtime::{pagination, retry, sse, transport};
/// The JSON Schema derive that structured outputs and strict tools take types through
/// (`#[derive(schemars::JsonSchema)]`; with this re-export, add
/// `#[schemars(crate = "openai_sdk::schemars")]`).
#[cfg(feature = "structured-outputs")]
pub use schemars;

/// The HTTP client the SDK sends with, for [`ClientBuilder::http_client`] (see
/// [`http_client_builder`]): the same version, so its types fit.
pub use reqwest;
/// The HTTP types the SDK's signatures use.
pub use reqwest::{Method, StatusCode, header};
