//! File contents sent in a multipart form (`format: binary` in the spec).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::StreamExt;
use tokio::io::AsyncRead;

use crate::runtime::error::{Error, Result};
use crate::runtime::timeout::Activity;

type Reader = Box<dyn AsyncRead + Send + Sync + Unpin>;

/// A file to upload: its contents (from a path, bytes or a reader), a file name, and a
/// content type.
///
/// A file from a path is streamed from disk when the request is sent (and opened again if
/// the request is retried), so a large file is never held in memory whole.
#[derive(Clone)]
pub struct InputFile {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Read once: a retry cannot send it again.
    Reader(Arc<Mutex<Option<Reader>>>),
}

impl InputFile {
    /// A file from bytes in memory, named `upload` unless [`file_name`](Self::file_name)
    /// says otherwise.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self::with_source(Source::Bytes(bytes.into()))
    }

    /// A file on disk, streamed when the request is sent and named by its file name.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        Self::with_source(Source::Path(path.into()))
    }

    /// A file read from `reader` as the request is sent, named `upload` unless
    /// [`file_name`](Self::file_name) says otherwise. A reader can be read only once, so a
    /// request with one is not retried after its body was sent; use a path or bytes for that.
    pub fn from_reader(reader: impl AsyncRead + Send + Sync + Unpin + 'static) -> Self {
        Self::with_source(Source::Reader(Arc::new(Mutex::new(Some(Box::new(reader))))))
    }

    fn with_source(source: Source) -> Self {
        InputFile { source, file_name: None, content_type: None }
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
            Source::Path(p) => {
                p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "upload".into())
            }
            Source::Bytes(_) | Source::Reader(_) => "upload".into(),
        }
    }

    /// The content type that will be sent: the one set, else guessed from the file name's
    /// extension, else `application/octet-stream`.
    pub fn mime_type(&self) -> String {
        if let Some(content_type) = &self.content_type {
            return content_type.clone();
        }
        mime_guess::from_path(self.name()).first_raw().unwrap_or("application/octet-stream").to_string()
    }

    /// The path this file is read from, if it is on disk.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(p) => Some(p),
            _ => None,
        }
    }

    /// Checks that the file can be read, so a missing one fails before anything is sent.
    pub(crate) async fn check(&self) -> Result<()> {
        if let Source::Path(path) = &self.source {
            let metadata = tokio::fs::metadata(path).await.map_err(|source| file_error(path, source))?;
            if !metadata.is_file() {
                let source = std::io::Error::other("not a regular file");
                return Err(file_error(path, source));
            }
        }
        Ok(())
    }

    /// The multipart part for this file, opening a path afresh (each attempt streams it).
    /// Each chunk read marks `activity`, so a long upload keeps the request alive.
    pub(crate) async fn part(&self, activity: Option<&Activity>) -> Result<reqwest::multipart::Part> {
        let part = match &self.source {
            Source::Bytes(bytes) => reqwest::multipart::Part::stream_with_length(bytes.clone(), bytes.len() as u64),
            Source::Path(path) => {
                let file = tokio::fs::File::open(path).await.map_err(|source| file_error(path, source))?;
                let length = file.metadata().await.map_err(|source| file_error(path, source))?.len();
                reqwest::multipart::Part::stream_with_length(chunks(file, activity), length)
            }
            Source::Reader(reader) => {
                let reader = reader.lock().map_err(|_| consumed())?.take().ok_or_else(consumed)?;
                reqwest::multipart::Part::stream(chunks(reader, activity))
            }
        };
        part.file_name(self.name())
            .mime_str(&self.mime_type())
            .map_err(|e| Error::InvalidRequest(format!("`{}` is not a valid content type: {e}", self.mime_type())))
    }
}

/// A body streaming `reader` in 64 KiB chunks, each marking `activity`.
fn chunks<R: tokio::io::AsyncRead + Send + 'static>(reader: R, activity: Option<&Activity>) -> reqwest::Body {
    let activity = activity.cloned();
    let stream = tokio_util::io::ReaderStream::with_capacity(reader, 64 * 1024).inspect(move |_| {
        if let Some(activity) = &activity {
            activity.touch();
        }
    });
    reqwest::Body::wrap_stream(stream)
}

fn file_error(path: &Path, source: std::io::Error) -> Error {
    Error::File { path: path.to_path_buf(), source }
}

fn consumed() -> Error {
    Error::InvalidRequest(
        "an upload read from a reader cannot be sent twice (a retry needs the file from a path or bytes)".into(),
    )
}

impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("InputFile");
        match &self.source {
            Source::Bytes(b) => s.field("bytes", &b.len()),
            Source::Path(p) => s.field("path", p),
            Source::Reader(_) => s.field("reader", &".."),
        };
        s.field("file_name", &self.name()).field("content_type", &self.mime_type()).finish()
    }
}

impl From<&Path> for InputFile {
    fn from(path: &Path) -> Self {
        InputFile::from_path(path)
    }
}

impl From<PathBuf> for InputFile {
    fn from(path: PathBuf) -> Self {
        InputFile::from_path(path)
    }
}

impl From<Vec<u8>> for InputFile {
    fn from(bytes: Vec<u8>) -> Self {
        InputFile::from_bytes(bytes)
    }
}

impl From<Bytes> for InputFile {
    fn from(bytes: Bytes) -> Self {
        InputFile::from_bytes(bytes)
    }
}

impl serde::Serialize for InputFile {
    /// Its file name. In a multipart body the generated method sends each file field as a
    /// part of its own (see [`ApiRequest::file`](crate::runtime::request::ApiRequest::file) for custom requests).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}
