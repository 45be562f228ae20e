//! Errors that stop a run, and warnings that do not.
//!
//! Every message names the spec file and a JSON pointer into it, so a maintainer can go
//! straight to the construct that caused it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A failure that stops the run: the spec cannot be read or is not an OpenAPI document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file (the spec, or a rules file in `spec/`) could not be read.
    #[error("{}: cannot read it: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid YAML or JSON.
    #[error("{}: {format} syntax error: {message}", path.display())]
    Syntax {
        /// The spec file.
        path: PathBuf,
        /// `YAML` or `JSON`.
        format: &'static str,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The document parsed but is not an OpenAPI document we can read.
    #[error("{}#{pointer}: {message}", path.display())]
    Invalid {
        /// The spec file.
        path: PathBuf,
        /// Where in the document.
        pointer: String,
        /// What is wrong.
        message: String,
    },
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; the output is still exact.
    Note,
    /// The output degrades (for example to `serde_json::Value`) at this pointer.
    Warning,
}

/// One message about one place in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious.
    pub severity: Severity,
    /// JSON pointer into the spec (`#/components/schemas/Foo/properties/bar`).
    pub pointer: String,
    /// What happened and what the generator did instead.
    pub message: String,
}

/// The diagnostics of one run, for one spec file.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    file: PathBuf,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list for `file`.
    pub fn new(file: &Path) -> Self {
        Diagnostics { file: file.to_path_buf(), items: Vec::new() }
    }

    /// Records a warning at `pointer`.
    pub fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer, message);
    }

    /// Records a note at `pointer`.
    pub fn note(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Note, pointer, message);
    }

    fn push(&mut self, severity: Severity, pointer: impl Into<String>, message: impl Into<String>) {
        self.items.push(Diagnostic { severity, pointer: pointer.into(), message: message.into() });
    }

    /// All diagnostics, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// How many have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// The spec file they refer to.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Each diagnostic as one printable line (`warning: spec.yaml#/pointer: message`).
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.items.iter().map(|d| {
            format!("{}: {}#{}: {}", d.severity, self.file.display(), d.pointer.trim_start_matches('#'), d.message)
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
        })
    }
}

/// Appends reference tokens to a JSON pointer, each escaped:
/// `descend("#/paths/~1x/post", &["requestBody", "content", media, "schema"])`.
pub fn descend(pointer: &str, tokens: &[&str]) -> String {
    tokens.iter().fold(pointer.to_string(), |p, token| child(&p, token))
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}
