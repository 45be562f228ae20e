//! The core of the SDK: configuration and credentials, request building, transport,
//! retries and timeouts, responses and errors, server-sent events and pagination.
//!
//! It names no generated type and no helper. The generated API ([`types`](crate::types),
//! [`resources`](crate::resources)) is built on it, and the helpers
//! ([`helpers`](crate::helpers)) on both; a lower layer never imports a higher one.

mod client;
pub(crate) mod codec;
mod config;
mod credentials;
pub(crate) mod encoding;
mod error;
mod input_file;
mod lenient;
pub(crate) mod logging;
pub(crate) mod multipart;
mod operation;
pub mod pagination;
mod rate_limit;
mod reading;
pub(crate) mod request;
mod response;
pub mod retry;
pub mod sse;
mod stream;
#[cfg(feature = "telemetry")]
pub mod telemetry;
mod timeout;
pub mod transport;

pub use client::{Client, VERSION, client};
pub use config::{ClientBuilder, ClientConfig, http_client_builder};
pub use credentials::{Credential, CredentialFuture, CredentialProvider, Secret};
pub use error::{ApiError, BoxError, Error, ErrorCode, Result, SchemaError, WebhookError};
pub use input_file::InputFile;
pub use lenient::decode_json;
pub use operation::RequestOptions;
pub use pagination::{ConversationCursorPage, CursorItem, CursorPage, ItemStream, ListPage, NextCursorPage, Page};
pub use rate_limit::RateLimit;
pub use reading::{Outcome, ReadBody, Streamed, Whole};
pub use request::{ApiRequest, Caller, FromResponse, SentRequest};
pub use response::{ApiResponse, Binary, NoContent, RawResponse, StreamingResponse};
pub use stream::{EventStream, StreamEvent};
pub use timeout::Timeout;

pub use reqwest::Method;

// What the helpers use of the core's internals (the WebSocket handshake, lenient decoding of
// webhooks and socket events); features that leave those helpers out leave these unused.
#[allow(unused_imports)]
pub(crate) use client::{ORGANIZATION, PROJECT, header_value, platform_headers};
#[allow(unused_imports)]
pub(crate) use lenient::from_str as decode_lenient;
#[allow(unused_imports)]
pub(crate) use operation::AuthScope;
