#![doc = include_str!("../README.md")]
//!
//! ## Forward compatibility
//!
//! The API changes often, so every generated type accepts what a newer API may send:
//! - string enums have a fallback variant that keeps an unknown value and sends it back
//!   unchanged;
//! - unions have a fallback variant that keeps an unknown shape as raw JSON;
//! - structs ignore fields they do not know.

#![warn(missing_docs)]

mod client;
mod codec;
mod config;
mod conversions;
mod error;
#[cfg(available = "guard_rails")]
mod guard_rails;
mod input_file;
mod lenient;
mod logging;
mod multipart;
pub mod pagination;
/// Every operation of the API: its route, its method and what it returns.
#[doc = include_str!("../api.md")]
pub mod api {}
mod polling;
mod request;
mod response;
// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
pub mod resources;
pub mod retry;
#[cfg(feature = "websocket")]
pub mod socket;
pub mod sse;
mod stream;
mod stream_helpers;
pub mod structured;
mod timeout;
// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
pub mod types;
pub mod webhooks;

#[cfg(feature = "blocking")]
pub mod blocking;

pub use client::{Client, client};
pub use config::{BoxError, ClientBuilder, ClientConfig, Secret, TokenProvider, http_client_builder};
pub use error::{ApiError, Error, ErrorCode, Result};
pub use input_file::InputFile;
pub use lenient::decode_json;
pub use pagination::{ConversationCursorPage, CursorItem, CursorPage, ItemStream, ListPage, NextCursorPage, Page};
pub use polling::{ChunkedUpload, FileBatchUpload, PollOptions};
pub use request::{ApiRequest, FromResponse, RequestOptions};
pub use response::{ApiResponse, Binary, NoContent, RawResponse, StreamingResponse};
/// The JSON Schema derive that structured outputs and strict tools take types through
/// (`#[derive(schemars::JsonSchema)]`; with this re-export, add
/// `#[schemars(crate = "openai_sdk::schemars")]`).
#[cfg(feature = "structured-outputs")]
pub use schemars;
#[cfg(available = "realtime_socket")]
pub use socket::realtime::{RealtimeConnection, RealtimeSender};
#[cfg(available = "responses_socket")]
pub use socket::responses::{
    FinishedResponse, ResponseLanes, ResponsesConnection, ResponsesSender, ResponsesSocketEvent,
};
#[cfg(feature = "websocket")]
pub use socket::{ConnectOptions, Connection, EventSender, ReconnectingEvent, ReconnectingOverrides};
pub use stream::{EventStream, StreamEvent};
#[cfg(available = "chat_accumulator")]
pub use stream_helpers::ChatCompletionAccumulator;
#[cfg(available = "structured_chat")]
pub use stream_helpers::chat_stream::{ChatCompletionStream, ChatStreamEvent};
pub use stream_helpers::merge_delta;
#[cfg(available = "structured_responses")]
pub use stream_helpers::response_stream::ResponseStream;
#[cfg(available = "structured_chat")]
pub use structured::ParsedChatCompletion;
#[cfg(available = "structured_responses")]
pub use structured::ParsedResponse;
pub use structured::{ParsedContent, StrictFunctionTool};
pub use timeout::Timeout;
pub use webhooks::{WebhookError, WebhookHeaders, Webhooks};

/// The HTTP client the SDK sends with, for [`ClientBuilder::http_client`] (see
/// [`http_client_builder`]): the same version, so its types fit.
pub use reqwest;
/// The HTTP types the SDK's signatures use.
pub use reqwest::{Method, StatusCode, header};

/// This crate's version, as sent in the `User-Agent` header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
