//! The generator's rules besides naming: which operations stream (`spec/streaming.yaml`)
//! and return pages (`spec/pagination.yaml`), how operations are sent
//! (`spec/operations.yaml`), the crate's features (`spec/features.yaml`), properties the
//! API never sends (`spec/properties.yaml`) and per-type overrides (`spec/types.yaml`).
//!
//! Streaming and paging hold a rule that finds the answer in the spec, plus explicit entries
//! where the spec does not say (or says otherwise than the official SDKs), so an operation
//! a newer spec adds still gets a sensible shape.

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
    /// `operations.yaml`.
    pub operations: OperationsConfig,
    /// `features.yaml`.
    pub features: FeaturesConfig,
    /// `types.yaml`.
    pub types: crate::overrides::TypesConfig,
    /// `properties.yaml`.
    pub properties: crate::sdk_only::PropertiesConfig,
    /// `sockets.yaml`.
    pub sockets: SocketsConfig,
    /// `resource-map.tsv`: each operation's return type as openai-python names it.
    pub return_types: crate::familiar::ReturnTypeNames,
    /// The spec is another than the committed one the rules are written for (an older or a
    /// newer one): a rule naming a type it lacks is then expected, a note and not a warning.
    pub other_spec: bool,
}

impl Config {
    /// Reads the rules from `dir`; `naming.yaml`, `streaming.yaml` and `pagination.yaml`
    /// must be there, the others may be left out.
    pub fn load(dir: &Path) -> Result<Config, Error> {
        Ok(Config {
            naming: read_yaml(&dir.join("naming.yaml"))?,
            streaming: read_yaml(&dir.join("streaming.yaml"))?,
            pagination: read_yaml(&dir.join("pagination.yaml"))?,
            operations: read_optional_yaml(&dir.join("operations.yaml"))?,
            features: read_optional_yaml(&dir.join("features.yaml"))?,
            types: read_optional_yaml(&dir.join("types.yaml"))?,
            properties: read_optional_yaml(&dir.join("properties.yaml"))?,
            sockets: read_optional_yaml(&dir.join("sockets.yaml"))?,
            return_types: read_resource_map(&dir.join("resource-map.tsv"))?,
            other_spec: false,
        })
    }
}

fn read_resource_map(path: &Path) -> Result<crate::familiar::ReturnTypeNames, Error> {
    if !path.exists() {
        return Ok(Default::default());
    }
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    crate::familiar::parse_resource_map(&text).map_err(|message| Error::Syntax {
        path: path.to_path_buf(),
        format: "TSV",
        message,
    })
}

fn read_optional_yaml<T: serde::de::DeserializeOwned + Default>(path: &Path) -> Result<T, Error> {
    if path.exists() {
        read_yaml(path)
    } else {
        Ok(T::default())
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

/// `spec/operations.yaml`: how operations are sent, beyond their schemas.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationsConfig {
    /// Security scheme name → the credential it stands for.
    #[serde(default)]
    pub credentials: BTreeMap<String, Credential>,
    /// Resource path prefixes whose operations take the admin key when they name no
    /// security of their own.
    #[serde(default)]
    pub admin_resources: BTreeSet<String>,
    /// Resource path prefix → `OpenAI-Beta` header value.
    #[serde(default)]
    pub beta_headers: BTreeMap<String, String>,
    /// `resource.method` of the operations Azure OpenAI serves per deployment.
    #[serde(default)]
    pub azure_deployments: BTreeSet<String>,
    /// `resource.method` → its `gen_ai.operation.name` (OpenTelemetry's GenAI conventions).
    #[serde(default)]
    pub gen_ai_operations: BTreeMap<String, String>,
}

/// Which key an operation is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Credential {
    /// The API key.
    #[default]
    ApiKey,
    /// The admin key.
    AdminKey,
}

/// Whether `prefix` (`beta.threads`) is `resource` (`["beta", "threads", "runs"]`) or
/// one of its ancestors.
fn resource_starts_with(resource: &[String], prefix: &str) -> bool {
    let words: Vec<&str> = prefix.split('.').collect();
    resource.len() >= words.len() && resource.iter().zip(&words).all(|(a, b)| a == b)
}

impl OperationsConfig {
    /// The credential of an operation at `resource`: the first known scheme of its own
    /// security requirements, else the admin key under an admin resource, else the first
    /// known scheme of the document's.
    pub fn credential(&self, resource: &[String], own: &[String], document: &[String]) -> Credential {
        let known = |schemes: &[String]| schemes.iter().find_map(|s| self.credentials.get(s)).copied();
        if let Some(credential) = known(own) {
            return credential;
        }
        if self.admin_resources.iter().any(|p| resource_starts_with(resource, p)) {
            return Credential::AdminKey;
        }
        known(document).unwrap_or_default()
    }

    /// The `OpenAI-Beta` header of an operation at `resource`: the longest matching prefix's.
    pub fn beta_header(&self, resource: &[String]) -> Option<&str> {
        self.beta_headers
            .iter()
            .filter(|(prefix, _)| resource_starts_with(resource, prefix))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, value)| value.as_str())
    }

    /// Whether Azure serves `resource.method` per deployment.
    pub fn azure_deployment(&self, resource: &[String], method: &str) -> bool {
        self.azure_deployments.contains(&format!("{}.{method}", resource.join(".")))
    }

    /// The `gen_ai.operation.name` of `resource.method`, if it is a GenAI operation.
    pub fn gen_ai_operation(&self, resource: &[String], method: &str) -> Option<&str> {
        self.gen_ai_operations.get(&format!("{}.{method}", resource.join("."))).map(String::as_str)
    }
}

/// `spec/features.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeaturesConfig {
    /// Group → the other groups its feature turns on.
    #[serde(default)]
    pub implies: BTreeMap<String, BTreeSet<String>>,
}

/// `sockets.yaml`: the WebSocket APIs, whose events the spec gives as schemas no operation
/// names. Socket name → its rule.
pub type SocketsConfig = BTreeMap<String, SocketRule>;

/// One WebSocket API.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocketRule {
    /// The API group (cargo feature) it belongs to.
    pub group: String,
    /// Its path below the base URL.
    pub path: String,
    /// The schema of what the client sends.
    pub client_events: String,
    /// The schemas of what the server sends (a union, and any type the connection decodes
    /// beside it).
    pub server_events: Vec<String>,
    /// The hand-written type the generated senders are methods of.
    pub connection: String,
    /// Hand-written crate features the connection needs; the group's feature turns them on.
    #[serde(default)]
    pub features: Vec<String>,
    /// Client event `type` → fields sent as base64 text, taken as bytes by the sender.
    #[serde(default)]
    pub bytes: BTreeMap<String, Vec<String>>,
}
