//! File contents sent in a multipart form (`format: binary` in the spec).

use std::fmt;
use std::path::PathBuf;

/// A file to upload: its contents, a file name, and an optional content type.
#[derive(Clone)]
pub struct InputFile {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

impl InputFile {
    /// A file from bytes in memory, named `upload` unless [`InputFile::file_name`] says otherwise.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        InputFile {
            source: Source::Bytes(bytes.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// A file on disk, read when the request is sent and named by its file name.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        InputFile {
            source: Source::Path(path.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with the contents.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the content type sent with the contents.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name that will be sent: the one set, else the path's file name, else `upload`.
    pub fn name(&self) -> String {
        if let Some(name) = &self.file_name {
            return name.clone();
        }
        match &self.source {
            Source::Path(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "upload".into()),
            Source::Bytes(_) => "upload".into(),
        }
    }
}

impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("InputFile");
        match &self.source {
            Source::Bytes(b) => s.field("bytes", &b.len()),
            Source::Path(p) => s.field("path", p),
        };
        s.field("file_name", &self.name()).field("content_type", &self.content_type).finish()
    }
}

impl serde::Serialize for InputFile {
    /// Files travel as multipart parts, never inside JSON; in JSON a file is its name.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}
