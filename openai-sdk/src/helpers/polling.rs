//! Polling and bulk helpers, with the official SDKs' names: wait for a run, a vector store
//! file or batch, a video or a file to reach a terminal state; upload many files with
//! bounded concurrency; upload a large file in parts.
//!
//! Every poll sends `X-Stainless-Poll-Helper: true` and waits as the server asks
//! (`openai-poll-after-ms`), else 1 s, unless the caller sets an interval.

// The helpers wrap endpoints the API marks deprecated (Assistants, videos); they stay
// available as long as those endpoints do.
#![allow(deprecated)]

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::runtime::{Error, Result};
use crate::{ApiRequest, ApiResponse};

/// How a polling helper waits.
#[derive(Debug, Clone, Default)]
pub struct PollOptions {
    interval: Option<Duration>,
    timeout: Option<Duration>,
}

impl PollOptions {
    /// Poll as the server asks, for as long as it takes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Wait this long between polls, whatever the server asks.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// Give up (with [`Error::PollTimeout`]) when the next wait would pass this much time
    /// since polling began.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// The files of a vector store file batch for `upload_and_poll`: files to upload, and ids
/// of files already uploaded.
#[derive(Debug)]
pub struct FileBatchUpload {
    files: Vec<crate::InputFile>,
    file_ids: Vec<String>,
    max_concurrency: usize,
}

impl Default for FileBatchUpload {
    fn default() -> Self {
        // openai-python uploads 5 files at a time.
        FileBatchUpload { files: Vec::new(), file_ids: Vec::new(), max_concurrency: 5 }
    }
}

impl FileBatchUpload {
    /// An empty batch, uploading 5 files at a time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds files to upload (paths, bytes, readers: anything that is an
    /// [`InputFile`](crate::InputFile)).
    pub fn files<F: Into<crate::InputFile>>(mut self, files: impl IntoIterator<Item = F>) -> Self {
        self.files.extend(files.into_iter().map(Into::into));
        self
    }

    /// Adds files uploaded before, by id.
    pub fn file_ids<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.file_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// How many files upload at once (at least 1).
    pub fn max_concurrency(mut self, files: usize) -> Self {
        self.max_concurrency = files;
        self
    }
}

/// Fetches with `fetch` until `done` holds for the value, waiting between fetches.
#[allow(dead_code)] // Unused when no group with a polling helper is enabled.
async fn poll_until<T>(
    options: &PollOptions,
    mut fetch: impl FnMut() -> ApiRequest<T>,
    done: impl Fn(&T) -> bool,
) -> Result<ApiResponse<T>>
where
    T: DeserializeOwned + Send + 'static,
{
    let started = Instant::now();
    loop {
        let mut request = fetch().header("x-stainless-poll-helper", "true");
        if let Some(interval) = options.interval {
            request = request.header("x-stainless-custom-poll-interval", interval.as_millis().to_string());
        }
        let response = request.await?;
        if done(&response) {
            return Ok(response);
        }
        let wait = options.interval.unwrap_or_else(|| {
            response
                .headers()
                .get("openai-poll-after-ms")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
                .map(Duration::from_millis)
                .unwrap_or(Duration::from_secs(1))
        });
        if let Some(timeout) = options.timeout
            && started.elapsed() + wait > timeout
        {
            return Err(Error::PollTimeout(timeout));
        }
        tokio::time::sleep(wait).await;
    }
}

#[cfg(feature = "beta")]
mod runs {
    use super::*;
    use crate::resources::{BetaThreads, BetaThreadsRuns};
    use crate::types::{CreateRunRequest, CreateThreadAndRunRequest, RunObject, SubmitToolOutputsRunRequest};

    /// Runs stop here: the caller must act, or the run is over.
    const RUN_TERMINAL: [&str; 6] = ["requires_action", "cancelled", "completed", "failed", "expired", "incomplete"];

    impl BetaThreadsRuns {
        /// Polls run `run_id` until it needs action or is over (`requires_action`, `cancelled`,
        /// `completed`, `failed`, `expired`, `incomplete`).
        pub async fn poll(
            &self,
            thread_id: &str,
            run_id: &str,
            options: PollOptions,
        ) -> Result<ApiResponse<RunObject>> {
            poll_until(&options, || self.retrieve(thread_id, run_id), |run| RUN_TERMINAL.contains(&run.status.as_str()))
                .await
        }

        /// Creates a run and polls it to a terminal state.
        pub async fn create_and_poll(
            &self,
            thread_id: &str,
            body: CreateRunRequest,
            options: PollOptions,
        ) -> Result<ApiResponse<RunObject>> {
            let run = self.create(thread_id, body).await?;
            self.poll(thread_id, &run.id, options).await
        }

        /// Submits tool outputs and polls the run to its next terminal state.
        pub async fn submit_tool_outputs_and_poll(
            &self,
            thread_id: &str,
            run_id: &str,
            body: SubmitToolOutputsRunRequest,
            options: PollOptions,
        ) -> Result<ApiResponse<RunObject>> {
            let run = self.submit_tool_outputs(thread_id, run_id, body).await?;
            self.poll(thread_id, &run.id, options).await
        }
    }

    impl BetaThreads {
        /// Creates a thread and a run on it, and polls the run to a terminal state.
        pub async fn create_and_run_poll(
            &self,
            body: CreateThreadAndRunRequest,
            options: PollOptions,
        ) -> Result<ApiResponse<RunObject>> {
            let run = self.create_and_run(body).await?;
            self.runs().poll(&run.thread_id, &run.id, options).await
        }
    }
}

#[cfg(all(feature = "vector_stores", feature = "files"))]
mod vector_store_files {
    use super::*;
    use crate::InputFile;
    use crate::resources::{Files, VectorStoresFiles};
    use crate::types::{
        CreateFileRequest, CreateFileRequestPurpose, CreateVectorStoreFileRequest, VectorStoreFileObject,
    };

    impl VectorStoresFiles {
        /// Polls a vector store file until it is no longer `in_progress`.
        pub async fn poll(
            &self,
            vector_store_id: &str,
            file_id: &str,
            options: PollOptions,
        ) -> Result<ApiResponse<VectorStoreFileObject>> {
            poll_until(&options, || self.retrieve(vector_store_id, file_id), |f| f.status.as_str() != "in_progress")
                .await
        }

        /// Attaches a file to a vector store and polls until it is processed.
        pub async fn create_and_poll(
            &self,
            vector_store_id: &str,
            body: CreateVectorStoreFileRequest,
            options: PollOptions,
        ) -> Result<ApiResponse<VectorStoreFileObject>> {
            let file = self.create(vector_store_id, body).await?;
            self.poll(vector_store_id, &file.id, options).await
        }

        /// Uploads a file (purpose `assistants`) and attaches it to a vector store.
        pub async fn upload(
            &self,
            vector_store_id: &str,
            file: impl Into<InputFile>,
        ) -> Result<ApiResponse<VectorStoreFileObject>> {
            let uploaded = Files { client: self.client.clone() }
                .create(CreateFileRequest::new(file, CreateFileRequestPurpose::Assistants))
                .await?;
            self.create(vector_store_id, CreateVectorStoreFileRequest::new(uploaded.id.clone())).await
        }

        /// Uploads a file, attaches it to a vector store, and polls until it is processed.
        pub async fn upload_and_poll(
            &self,
            vector_store_id: &str,
            file: impl Into<InputFile>,
            options: PollOptions,
        ) -> Result<ApiResponse<VectorStoreFileObject>> {
            let attached = self.upload(vector_store_id, file).await?;
            self.poll(vector_store_id, &attached.id, options).await
        }
    }
}

#[cfg(all(feature = "vector_stores", feature = "files"))]
mod vector_store_file_batches {
    use super::*;
    use crate::resources::{Files, VectorStoresFileBatches};
    use crate::types::{
        CreateFileRequest, CreateFileRequestPurpose, CreateVectorStoreFileBatchRequest, VectorStoreFileBatchObject,
    };
    use futures_util::{StreamExt, TryStreamExt};

    impl VectorStoresFileBatches {
        /// Polls a file batch until no file is `in_progress`.
        pub async fn poll(
            &self,
            vector_store_id: &str,
            batch_id: &str,
            options: PollOptions,
        ) -> Result<ApiResponse<VectorStoreFileBatchObject>> {
            poll_until(&options, || self.retrieve(vector_store_id, batch_id), |b| b.file_counts.in_progress == 0).await
        }

        /// Creates a file batch and polls it until no file is in progress.
        pub async fn create_and_poll(
            &self,
            vector_store_id: &str,
            body: CreateVectorStoreFileBatchRequest,
            options: PollOptions,
        ) -> Result<ApiResponse<VectorStoreFileBatchObject>> {
            let batch = self.create(vector_store_id, body).await?;
            self.poll(vector_store_id, &batch.id, options).await
        }

        /// Uploads the batch's files (a few at a time; see [`FileBatchUpload`]), then creates
        /// a batch of them and of the file ids it names, and polls it. The first failed upload
        /// is the error; the batch is then not created.
        pub async fn upload_and_poll(
            &self,
            vector_store_id: &str,
            batch: FileBatchUpload,
            options: PollOptions,
        ) -> Result<ApiResponse<VectorStoreFileBatchObject>> {
            let FileBatchUpload { files, file_ids, max_concurrency } = batch;
            let uploader = Files { client: self.client.clone() };
            let uploaded: Vec<String> = futures_util::stream::iter(files)
                .map(|file| {
                    let uploader = uploader.clone();
                    async move {
                        let file =
                            uploader.create(CreateFileRequest::new(file, CreateFileRequestPurpose::Assistants)).await?;
                        Ok::<_, Error>(file.into_inner().id)
                    }
                })
                .buffered(max_concurrency.max(1))
                .try_collect()
                .await?;
            let all: Vec<String> = file_ids.into_iter().chain(uploaded).collect();
            self.create_and_poll(vector_store_id, CreateVectorStoreFileBatchRequest::new().file_ids(all), options).await
        }
    }
}

#[cfg(feature = "videos")]
mod videos {
    use super::*;
    use crate::resources::Videos;
    use crate::types::{CreateVideoMultipartBody, VideoResource};

    impl Videos {
        /// Polls a video until it is no longer `queued` or `in_progress`.
        pub async fn poll(&self, video_id: &str, options: PollOptions) -> Result<ApiResponse<VideoResource>> {
            poll_until(&options, || self.retrieve(video_id), |v| !matches!(v.status.as_str(), "queued" | "in_progress"))
                .await
        }

        /// Starts a video and polls it until it is done or failed.
        pub async fn create_and_poll(
            &self,
            body: CreateVideoMultipartBody,
            options: PollOptions,
        ) -> Result<ApiResponse<VideoResource>> {
            let video = self.create(body).await?;
            self.poll(&video.id, options).await
        }
    }
}

#[cfg(feature = "files")]
mod files {
    use super::*;
    use crate::resources::Files;
    use crate::types::OpenAiFile;

    impl Files {
        /// Polls a file until it is `processed`, `error` or `deleted`; gives up after 30 minutes
        /// unless `options` sets another timeout.
        pub async fn wait_for_processing(
            &self,
            file_id: &str,
            options: PollOptions,
        ) -> Result<ApiResponse<OpenAiFile>> {
            let options = PollOptions {
                timeout: options.timeout.or(Some(Duration::from_secs(30 * 60))),
                interval: options.interval.or(Some(Duration::from_secs(5))),
            };
            poll_until(
                &options,
                || self.retrieve(file_id),
                |f| matches!(f.status.as_str(), "processed" | "error" | "deleted"),
            )
            .await
        }
    }
}

/// How `client.uploads().upload_file_chunked(...)` splits and sends a file.
#[derive(Debug, Clone)]
pub struct ChunkedUpload {
    part_size: u64,
    max_concurrency: usize,
    mime_type: Option<String>,
    file_name: Option<String>,
}

impl Default for ChunkedUpload {
    fn default() -> Self {
        ChunkedUpload { part_size: 64 * 1024 * 1024, max_concurrency: 4, mime_type: None, file_name: None }
    }
}

impl ChunkedUpload {
    /// 64 MiB parts, 4 in flight, type guessed from the extension.
    pub fn new() -> Self {
        Self::default()
    }

    /// The size of each part (the API takes at most 64 MB a part).
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = bytes.max(1);
        self
    }

    /// How many parts are sent at once.
    pub fn max_concurrency(mut self, parts: usize) -> Self {
        self.max_concurrency = parts.max(1);
        self
    }

    /// The file's MIME type (else guessed from its extension).
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }

    /// The file name to give the upload (else the path's).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }
}

#[cfg(feature = "uploads")]
mod uploads {
    use super::*;
    use crate::InputFile;
    use crate::resources::Uploads;
    use crate::types::{
        AddUploadPartRequest, CompleteUploadRequest, CreateUploadRequest, CreateUploadRequestPurpose, Upload,
    };
    use futures_util::{StreamExt, TryStreamExt};

    impl Uploads {
        /// Uploads the file at `path` in parts: creates an upload, sends the parts (several at
        /// once, each read from disk only when its turn comes, so at most `max_concurrency`
        /// parts are in memory), and completes it with the parts in order.
        pub async fn upload_file_chunked(
            &self,
            path: impl AsRef<std::path::Path>,
            purpose: impl Into<CreateUploadRequestPurpose>,
            settings: ChunkedUpload,
        ) -> Result<ApiResponse<Upload>> {
            let path = path.as_ref();
            let file_error = |source| Error::File { path: path.to_path_buf(), source };
            let size = tokio::fs::metadata(path).await.map_err(file_error)?.len();
            let source = InputFile::from_path(path);
            let file_name = settings.file_name.clone().unwrap_or_else(|| source.name());
            let mime_type = settings.mime_type.clone().unwrap_or_else(|| source.mime_type());
            let upload = self.create(CreateUploadRequest::new(file_name, purpose, size as i64, mime_type)).await?;
            let parts = self.parts();
            let offsets: Vec<u64> =
                (0..size.div_ceil(settings.part_size).max(1)).map(|i| i * settings.part_size).collect();
            let part_ids: Vec<String> = futures_util::stream::iter(offsets)
                .map(|offset| {
                    let (parts, upload_id) = (parts.clone(), upload.id.clone());
                    let length = settings.part_size.min(size - offset);
                    async move {
                        let bytes = read_range(path, offset, length)
                            .await
                            .map_err(|source| Error::File { path: path.to_path_buf(), source })?;
                        let part =
                            parts.create(&upload_id, AddUploadPartRequest::new(InputFile::from_bytes(bytes))).await?;
                        Ok::<_, Error>(part.into_inner().id)
                    }
                })
                .buffered(settings.max_concurrency)
                .try_collect()
                .await?;
            self.complete(&upload.id, CompleteUploadRequest::new(part_ids)).await
        }
    }
}

#[cfg(feature = "uploads")]
async fn read_range(path: &std::path::Path, offset: u64, length: u64) -> std::io::Result<Vec<u8>> {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let mut file = tokio::fs::File::open(path).await?;
    file.seek(std::io::SeekFrom::Start(offset)).await?;
    let mut bytes = vec![0u8; length as usize];
    file.read_exact(&mut bytes).await?;
    Ok(bytes)
}
