//! Mistakes the types turn into compile errors, each checked by a `compile_fail` doctest
//! (`cargo test --doc`), next to the same code done right, which must compile.
//!
//! A method that returns the whole response cannot be read as a stream, and a stream
//! cannot be read as a whole response:
//!
//! ```compile_fail
//! # async fn f(client: openai_sdk::Client, request: openai_sdk::types::CreateChatCompletionRequest) -> openai_sdk::Result<()> {
//! use futures_util::StreamExt;
//! let mut events = client.chat().completions().create(request).await?;
//! let _ = events.next().await;
//! # Ok(()) }
//! ```
//!
//! ```compile_fail
//! # async fn f(client: openai_sdk::Client, request: openai_sdk::types::CreateChatCompletionRequest) -> openai_sdk::Result<()> {
//! let completion: openai_sdk::ApiResponse<openai_sdk::types::CreateChatCompletionResponse> =
//!     client.chat().completions().create_stream(request).await?;
//! # Ok(()) }
//! ```
//!
//! ```
//! # async fn f(client: openai_sdk::Client, request: openai_sdk::types::CreateChatCompletionRequest) -> openai_sdk::Result<()> {
//! use futures_util::StreamExt;
//! let mut events = client.chat().completions().create_stream(&request).await?;
//! let _ = events.next().await;
//! let completion: openai_sdk::ApiResponse<openai_sdk::types::CreateChatCompletionResponse> =
//!     client.chat().completions().create(request).await?;
//! # Ok(()) }
//! ```
//!
//! A response's `output_text` is computed, not sent by the API (the spec's SDK-only
//! property is left out by `spec/properties.yaml`): it is a method, so reading it as a
//! field, as in Python, does not compile, and the compiler says to call it:
//!
//! ```compile_fail
//! # async fn f(client: openai_sdk::Client, request: openai_sdk::types::CreateResponse) -> openai_sdk::Result<()> {
//! let response = client.responses().create(request).await?;
//! println!("{}", response.output_text.unwrap_or_default());
//! # Ok(()) }
//! ```
//!
//! ```
//! # async fn f(client: openai_sdk::Client, request: openai_sdk::types::CreateResponse) -> openai_sdk::Result<()> {
//! let response = client.responses().create(request).await?;
//! println!("{}", response.output_text());
//! # Ok(()) }
//! ```
//!
//! A request must be awaited (or sent): one left unused is a warning, an error under
//! `deny(unused_must_use)`:
//!
//! ```compile_fail
//! #![deny(unused_must_use)]
//! fn f(client: openai_sdk::Client) {
//!     client.models().list();
//! }
//! ```
//!
//! A required field cannot be left out: `new` takes each one (here the messages, then the
//! model).
//!
//! ```compile_fail
//! let request = openai_sdk::types::CreateChatCompletionRequest::new("gpt-4o");
//! ```
//!
//! Enums from the API can grow, so a `match` needs a wildcard arm (the enums are
//! `#[non_exhaustive]`, and keep a value this version does not know in `Unknown`):
//!
//! ```compile_fail
//! fn describe(detail: openai_sdk::types::ImageDetail) -> &'static str {
//!     use openai_sdk::types::ImageDetail;
//!     match detail {
//!         ImageDetail::Low => "low",
//!         ImageDetail::High => "high",
//!         ImageDetail::Auto => "auto",
//!         ImageDetail::Original => "original",
//!         ImageDetail::Unknown(_) => "unknown",
//!     }
//! }
//! ```
//!
//! ```
//! fn describe(detail: openai_sdk::types::ImageDetail) -> &'static str {
//!     use openai_sdk::types::ImageDetail;
//!     match detail {
//!         ImageDetail::Low => "low",
//!         ImageDetail::High => "high",
//!         _ => "another",
//!     }
//! }
//! ```
