//! What calls return: typed responses that keep their metadata, raw responses, and
//! responses whose body is read lazily.

use std::ops::{Deref, DerefMut};

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::runtime::error::{Error, Result};
use crate::runtime::timeout::{Limits, TimedBody};

fn request_id_of(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok())
}

/// The body of an operation that returns bytes (audio, file contents, archives). Awaiting
/// such a request gives a [`StreamingResponse`]: read it chunk by chunk, or write it to a
/// file with [`StreamingResponse::write_to_file`].
#[derive(Debug, Clone, Copy)]
pub struct Binary;

/// The answer of an operation the spec gives no response body: whatever body the server
/// sends (none, `{}`, anything) is accepted and ignored. The response's status, headers and
/// raw body stay reachable on the [`ApiResponse`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

impl<'de> serde::Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(NoContent)
    }
}

/// Parses a body, or says why not with everything needed to investigate (the body kept).
fn decode<T: DeserializeOwned>(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> Result<T> {
    // No content (a 204, say) reads as `null`, which `()` and `Option` accept.
    let error = |message: String| Error::Decode {
        message,
        status,
        request_id: request_id_of(headers).map(String::from),
        body: body.clone(),
    };
    // JSON is UTF-8: checking the whole body at once is much quicker than letting the
    // parser check each string it meets.
    let text = std::str::from_utf8(body).map_err(|e| error(format!("the body is not UTF-8: {e}")))?;
    let json = if text.trim_ascii().is_empty() { "null" } else { text };
    crate::runtime::lenient::from_str(json).map_err(error)
}

/// A typed response body with the response's status, headers and raw body.
///
/// It dereferences to the body, so `completion.choices` works as on the body itself;
/// [`request_id`](Self::request_id) gives the `x-request-id` to quote to support.
///
/// Properties the spec does not declare (yet) are not in the typed value, but stay
/// reachable: [`raw_field`](Self::raw_field) reads any of them by JSON pointer, and
/// [`raw_json`](Self::raw_json) gives the whole body. The raw bytes are kept as they
/// arrived, so typed deserialization pays nothing for this.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    data: T,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl<T> ApiResponse<T> {
    /// The `x-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        request_id_of(&self.headers)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The rate limits this response reports (`x-ratelimit-*`), if any.
    pub fn rate_limit(&self) -> Option<crate::runtime::rate_limit::RateLimit> {
        crate::runtime::rate_limit::RateLimit::from_headers(&self.headers)
    }

    /// The body, without the metadata.
    pub fn into_inner(self) -> T {
        self.data
    }

    /// The body exactly as it arrived.
    pub fn raw_body(&self) -> &Bytes {
        &self.body
    }

    /// The whole body as untyped JSON, undeclared properties included.
    pub fn raw_json(&self) -> Result<serde_json::Value> {
        decode(self.status, &self.headers, &self.body)
    }

    /// One value of the body by JSON pointer (`/choices/0/message/some_new_field`),
    /// whether or not the spec declares it.
    pub fn raw_field(&self, pointer: &str) -> Option<serde_json::Value> {
        self.raw_json().ok()?.pointer(pointer).cloned()
    }

    /// The body as JSON text, exactly as the API sent it (undeclared properties included):
    /// openai-python's `to_json()`, with no cargo feature. A value changed through the
    /// response is not in it; with the `serialize-responses` feature every response type is
    /// `Serialize`, for `serde_json::to_string(&*response)`.
    pub fn to_json(&self) -> String {
        json_text(&self.body)
    }

    /// The body as indented JSON text (openai-python's `to_json(indent=2)`).
    pub fn to_json_pretty(&self) -> Result<String> {
        pretty_json(&self.body)
    }
}

/// A decoded body as text: it was UTF-8 to decode at all.
pub(crate) fn json_text(body: &Bytes) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// A JSON body as indented text, its keys in the order they came (transcoded token by token,
/// so no map reorders them).
pub(crate) fn pretty_json(body: &[u8]) -> Result<String> {
    let mut out = Vec::with_capacity(body.len() * 2);
    let mut from = serde_json::Deserializer::from_slice(body);
    serde_transcode::transcode(&mut from, &mut serde_json::Serializer::pretty(&mut out))
        .and_then(|()| from.end())
        .map_err(|e| Error::InvalidRequest(format!("the body is not JSON: {e}")))?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(|e| Error::InvalidRequest(format!("the body is not UTF-8: {e}")))
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.data
    }
}

impl<T> DerefMut for ApiResponse<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.data
    }
}

/// A response read whole but not parsed.
#[derive(Debug, Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse { status, headers, body }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `x-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        request_id_of(&self.headers)
    }

    /// The rate limits this response reports (`x-ratelimit-*`), if any.
    pub fn rate_limit(&self) -> Option<crate::runtime::rate_limit::RateLimit> {
        crate::runtime::rate_limit::RateLimit::from_headers(&self.headers)
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Parses the body as JSON into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode(self.status, &self.headers, &self.body)
    }

    pub(crate) fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        (self.status, self.headers, self.body)
    }

    /// Parses the body into `T`, keeping status and headers.
    pub fn into_typed<T: DeserializeOwned>(self) -> Result<ApiResponse<T>> {
        let data = self.json()?;
        Ok(ApiResponse { data, status: self.status, headers: self.headers, body: self.body })
    }
}

/// A response whose headers have arrived and whose body is read as the caller asks.
/// Dropping it closes the connection. Each wait for the next chunk is bounded by the
/// request's read timeout (and the whole by its total timeout, if set): a stalled body
/// ends with [`Error::Timeout`].
#[derive(Debug)]
pub struct StreamingResponse {
    inner: reqwest::Response,
    limits: Limits,
    /// The operation's span, recording what the events tell as they pass.
    #[cfg(feature = "telemetry")]
    pub(crate) watch: Option<crate::runtime::telemetry::StreamWatch>,
}

/// Reads a whole body, each chunk within `limits`.
pub(crate) async fn read_body<S: Stream<Item = reqwest::Result<Bytes>>>(body: S, limits: Limits) -> Result<Bytes> {
    let body = std::pin::pin!(body);
    let mut chunks = TimedBody::new(body.map(|chunk| chunk.map_err(Error::transport)), limits);
    // Most bodies arrive in one chunk, which is kept as it is.
    let Some(first) = chunks.next().await.transpose()? else { return Ok(Bytes::new()) };
    let Some(second) = chunks.next().await.transpose()? else { return Ok(first) };
    let mut all = BytesMut::with_capacity(first.len() + second.len());
    all.extend_from_slice(&first);
    all.extend_from_slice(&second);
    while let Some(chunk) = chunks.next().await {
        all.extend_from_slice(&chunk?);
    }
    Ok(all.freeze())
}

impl StreamingResponse {
    pub(crate) fn new(inner: reqwest::Response, limits: Limits) -> Self {
        StreamingResponse {
            inner,
            limits,
            #[cfg(feature = "telemetry")]
            watch: None,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.inner.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The `x-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        request_id_of(self.inner.headers())
    }

    /// The rate limits this response reports (`x-ratelimit-*`), if any.
    pub fn rate_limit(&self) -> Option<crate::runtime::rate_limit::RateLimit> {
        crate::runtime::rate_limit::RateLimit::from_headers(self.inner.headers())
    }

    /// The body, chunk by chunk as it arrives. A broken connection is an error item, and so
    /// is a read timeout ([`Error::Timeout`]); either ends the stream.
    pub fn bytes_stream(self) -> impl Stream<Item = Result<Bytes>> + Send + Unpin + 'static {
        let chunks = self.inner.bytes_stream().map(|chunk| chunk.map_err(Error::transport)).boxed();
        TimedBody::new(chunks, self.limits)
    }

    /// The body, line by line (`\n` or `\r\n`), as it arrives. A last line without an end
    /// is still yielded. Invalid UTF-8 is replaced.
    pub fn lines(self) -> impl Stream<Item = Result<String>> + Send {
        let state = (self.bytes_stream().boxed(), Vec::<u8>::new(), false);
        futures_util::stream::unfold(state, |(mut chunks, mut buffer, mut done)| async move {
            loop {
                if let Some(end) = buffer.iter().position(|b| *b == b'\n') {
                    let mut line: Vec<u8> = buffer.drain(..=end).collect();
                    line.pop();
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    let line = String::from_utf8_lossy(&line).into_owned();
                    return Some((Ok(line), (chunks, buffer, done)));
                }
                if done {
                    if buffer.is_empty() {
                        return None;
                    }
                    let line = String::from_utf8_lossy(&std::mem::take(&mut buffer)).into_owned();
                    return Some((Ok(line), (chunks, buffer, done)));
                }
                match chunks.next().await {
                    Some(Ok(chunk)) => buffer.extend_from_slice(&chunk),
                    Some(Err(e)) => {
                        done = true;
                        buffer.clear();
                        return Some((Err(e), (chunks, buffer, done)));
                    }
                    None => done = true,
                }
            }
        })
    }

    /// Writes the body to the file at `path` (created or truncated) chunk by chunk, so a large
    /// download never sits whole in memory. Returns the number of bytes written.
    pub async fn write_to_file(self, path: impl AsRef<std::path::Path>) -> Result<u64> {
        use tokio::io::AsyncWriteExt;
        let path = path.as_ref();
        let file_error = |source| Error::File { path: path.to_path_buf(), source };
        let mut file = tokio::fs::File::create(path).await.map_err(file_error)?;
        let mut written = 0u64;
        let mut chunks = std::pin::pin!(self.bytes_stream());
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            file.write_all(&chunk).await.map_err(file_error)?;
            written += chunk.len() as u64;
        }
        file.flush().await.map_err(file_error)?;
        Ok(written)
    }

    /// Reads the rest of the body into memory and returns it.
    pub async fn bytes(self) -> Result<Bytes> {
        read_body(self.inner.bytes_stream(), self.limits).await
    }

    /// Reads the rest of the body into memory.
    pub async fn into_raw(self) -> Result<RawResponse> {
        let status = self.inner.status();
        let headers = self.inner.headers().clone();
        let body = self.bytes().await?;
        Ok(RawResponse::new(status, headers, body))
    }
}
