//! Rust SDK for the OpenAI API.
//!
//! Every type of the API is in [`types`], generated from the official OpenAPI
//! specification by `cargo xtask codegen`.
//!
//! # Forward compatibility
//!
//! The API changes often, so every generated type accepts what a newer API may send:
//! - string enums have a fallback variant that keeps an unknown value and sends it back
//!   unchanged;
//! - unions have a fallback variant that keeps an unknown shape as raw JSON;
//! - structs ignore fields they do not know.

#![warn(missing_docs)]

mod codec;
mod input_file;
pub mod types;

pub use input_file::InputFile;

/// This crate's version, as sent in the `User-Agent` header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
