//! Which operations stream and which return pages: `spec/streaming.yaml` and
//! `spec/pagination.yaml`.
//!
//! Both hold a rule that finds the answer in the spec, plus explicit entries where the spec
//! does not say (or says otherwise than the official SDKs), so an operation a newer spec
//! adds still gets a sensible shape.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::naming::NamingConfig;
use crate::Error;

/// Everything the generator reads from `spec/` besides the OpenAPI document.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `naming.yaml`.
    pub naming: NamingConfig,
    /// `streaming.yaml`.
    pub streaming: StreamingConfig,
    /// `pagination.yaml`.
    pub pagination: PaginationConfig,
}

impl Config {
    /// Reads `naming.yaml`, `streaming.yaml` and `pagination.yaml` from `dir`.
    pub fn load(dir: &Path) -> Result<Config, Error> {
        Ok(Config {
            naming: read_yaml(&dir.join("naming.yaml"))?,
            streaming: read_yaml(&dir.join("streaming.yaml"))?,
            pagination: read_yaml(&dir.join("pagination.yaml"))?,
        })
    }
}

fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    serde_yaml::from_str(&text).map_err(|e| Error::Syntax {
        path: path.to_path_buf(),
        format: "YAML",
        message: e.to_string(),
    })
}

/// `spec/streaming.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamingConfig {
    /// The request settings that make an operation stream, tried in order; an operation
    /// streams when its body or query has the named property.
    #[serde(default)]
    pub flags: Vec<StreamFlag>,
    /// `operationId` → event schema, for streams the spec gives no `text/event-stream` schema.
    #[serde(default)]
    pub events: BTreeMap<String, String>,
    /// Event schemas whose SSE `event:` name selects the variant.
    #[serde(default)]
    pub named_events: BTreeSet<String>,
}

/// One request setting that asks for a stream.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamFlag {
    /// Where it goes.
    #[serde(rename = "in")]
    pub location: FlagLocation,
    /// The property or parameter name.
    pub name: String,
    /// The value that asks for a stream (`true`, `sse`); for a string property, the
    /// property's enum must list it.
    pub value: serde_json::Value,
}

/// Where a stream flag goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlagLocation {
    /// A request body property.
    Body,
    /// A query parameter.
    Query,
}

/// `spec/pagination.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    /// Page kind → the operations that return it.
    #[serde(default)]
    pub pages: BTreeMap<PageKind, BTreeSet<String>>,
    /// Operations that look like lists but return one object.
    #[serde(default)]
    pub not_paginated: BTreeSet<String>,
}

/// The page shapes of the official SDKs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum PageKind {
    /// `data` only: one page.
    Page,
    /// `data` and `has_more`; the next page starts after the last item's `id`.
    CursorPage,
    /// `data`, `has_more` and `last_id`; the next page starts after `last_id`.
    ConversationCursorPage,
    /// `data`, `has_more` and `next`; the next page starts at `next`.
    NextCursorPage,
}

impl PageKind {
    /// The runtime type's name.
    pub fn type_name(self) -> &'static str {
        match self {
            PageKind::Page => "Page",
            PageKind::CursorPage => "CursorPage",
            PageKind::ConversationCursorPage => "ConversationCursorPage",
            PageKind::NextCursorPage => "NextCursorPage",
        }
    }
}

impl PaginationConfig {
    /// The page kind the configuration names for `id`, if any.
    pub fn listed(&self, id: &str) -> Option<PageKind> {
        self.pages.iter().find(|(_, ids)| ids.contains(id)).map(|(kind, _)| *kind)
    }
}
