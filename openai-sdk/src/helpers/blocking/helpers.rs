//! Blocking forms of the helpers above the generated API: structured outputs, stream
//! managers, polling and bulk uploads. Each runs the async helper of the same name on the
//! blocking client's runtime, so the two cannot drift apart.

#![allow(deprecated)] // Some helpers wrap endpoints the API marks deprecated.

use super::{Client, Stream};
use crate::runtime::Result;

/// Blocking forms of async helpers on resource `$resource`: each `fn` runs the async method
/// of the same name and arguments on the blocking client's runtime.
macro_rules! blocking_forms {
    ($(#[$cfg:meta])* impl $resource:ident {
        $($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty;)*
    }) => {
        $(#[$cfg])*
        impl crate::resources::$resource<Client> {
            $(
                $(#[$doc])*
                #[doc = concat!(
                    "\n\nBlocking [`", stringify!($resource), "::", stringify!($name), "`](crate::resources::",
                    stringify!($resource), "::", stringify!($name), ")."
                )]
                pub fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    let resource = crate::resources::$resource { client: self.client.async_client().clone() };
                    self.client.block_on(resource.$name($($arg),*))
                }
            )*
        }
    };
}

#[cfg(feature = "beta")]
mod runs {
    use super::*;
    use crate::PollOptions;
    use crate::runtime::ApiResponse;
    use crate::types::{CreateRunRequest, CreateThreadAndRunRequest, RunObject, SubmitToolOutputsRunRequest};

    blocking_forms! {
        impl BetaThreadsRuns {
            /// Polls a run until it needs action or is over.
            fn poll(thread_id: &str, run_id: &str, options: PollOptions) -> ApiResponse<RunObject>;
            /// Creates a run and polls it to a terminal state.
            fn create_and_poll(thread_id: &str, body: CreateRunRequest, options: PollOptions) -> ApiResponse<RunObject>;
            /// Submits tool outputs and polls the run to its next terminal state.
            fn submit_tool_outputs_and_poll(
                thread_id: &str,
                run_id: &str,
                body: SubmitToolOutputsRunRequest,
                options: PollOptions
            ) -> ApiResponse<RunObject>;
        }
    }

    blocking_forms! {
        impl BetaThreads {
            /// Creates a thread and a run on it, and polls the run to a terminal state.
            fn create_and_run_poll(body: CreateThreadAndRunRequest, options: PollOptions) -> ApiResponse<RunObject>;
        }
    }
}

#[cfg(all(feature = "vector_stores", feature = "files"))]
mod vector_stores {
    use super::*;
    use crate::runtime::{ApiResponse, InputFile};
    use crate::types::{
        CreateVectorStoreFileBatchRequest, CreateVectorStoreFileRequest, VectorStoreFileBatchObject,
        VectorStoreFileObject,
    };
    use crate::{FileBatchUpload, PollOptions};

    blocking_forms! {
        impl VectorStoresFiles {
            /// Polls a vector store file until it is no longer `in_progress`.
            fn poll(vector_store_id: &str, file_id: &str, options: PollOptions) -> ApiResponse<VectorStoreFileObject>;
            /// Attaches a file to a vector store and polls it until processed.
            fn create_and_poll(
                vector_store_id: &str,
                body: CreateVectorStoreFileRequest,
                options: PollOptions
            ) -> ApiResponse<VectorStoreFileObject>;
            /// Uploads a file and attaches it to a vector store.
            fn upload(vector_store_id: &str, file: impl Into<InputFile>) -> ApiResponse<VectorStoreFileObject>;
            /// Uploads a file, attaches it, and polls it until processed.
            fn upload_and_poll(
                vector_store_id: &str,
                file: impl Into<InputFile>,
                options: PollOptions
            ) -> ApiResponse<VectorStoreFileObject>;
        }
    }

    blocking_forms! {
        impl VectorStoresFileBatches {
            /// Polls a file batch until it is no longer `in_progress`.
            fn poll(vector_store_id: &str, batch_id: &str, options: PollOptions) -> ApiResponse<VectorStoreFileBatchObject>;
            /// Creates a file batch and polls it until processed.
            fn create_and_poll(
                vector_store_id: &str,
                body: CreateVectorStoreFileBatchRequest,
                options: PollOptions
            ) -> ApiResponse<VectorStoreFileBatchObject>;
            /// Uploads files a few at a time, creates a batch of them, and polls it.
            fn upload_and_poll(
                vector_store_id: &str,
                batch: FileBatchUpload,
                options: PollOptions
            ) -> ApiResponse<VectorStoreFileBatchObject>;
        }
    }
}

#[cfg(feature = "videos")]
mod videos {
    use super::*;
    use crate::PollOptions;
    use crate::runtime::ApiResponse;
    use crate::types::{CreateVideoMultipartBody, VideoResource};

    blocking_forms! {
        impl Videos {
            /// Polls a video until it is no longer queued or in progress.
            fn poll(video_id: &str, options: PollOptions) -> ApiResponse<VideoResource>;
            /// Creates a video and polls it until it is done.
            fn create_and_poll(body: CreateVideoMultipartBody, options: PollOptions) -> ApiResponse<VideoResource>;
        }
    }
}

#[cfg(feature = "files")]
mod files {
    use super::*;
    use crate::PollOptions;
    use crate::runtime::ApiResponse;
    use crate::types::OpenAiFile;

    blocking_forms! {
        impl Files {
            /// Polls a file until it is processed.
            fn wait_for_processing(file_id: &str, options: PollOptions) -> ApiResponse<OpenAiFile>;
        }
    }
}

#[cfg(feature = "uploads")]
mod uploads {
    use super::*;
    use crate::ChunkedUpload;
    use crate::runtime::ApiResponse;
    use crate::types::{CreateUploadRequestPurpose, Upload};

    blocking_forms! {
        impl Uploads {
            /// Uploads a large file in parts, a few at a time.
            fn upload_file_chunked(
                path: impl AsRef<std::path::Path>,
                purpose: impl Into<CreateUploadRequestPurpose>,
                settings: ChunkedUpload
            ) -> ApiResponse<Upload>;
        }
    }
}

#[cfg(feature = "chat")]
mod chat {
    use super::*;
    use crate::helpers::stream_helpers::chat_stream::ChatCompletionStream;
    use crate::helpers::structured::ParsedChatCompletion;
    use crate::resources::ChatCompletions;
    use crate::types::CreateChatCompletionRequest;

    impl ChatCompletions<Client> {
        fn on_async(&self) -> ChatCompletions {
            ChatCompletions { client: self.client.async_client().clone() }
        }

        /// `create` with the reply parsed as `T`: blocking
        /// [`ChatCompletions::parse`](crate::resources::ChatCompletions::parse).
        #[cfg(feature = "structured-outputs")]
        pub fn parse<T: schemars::JsonSchema + serde::de::DeserializeOwned>(
            &self,
            request: CreateChatCompletionRequest,
        ) -> Result<ParsedChatCompletion<T>> {
            self.client.block_on(self.on_async().parse::<T>(request))
        }

        /// The stream manager, as an iterator of its events: blocking
        /// [`ChatCompletions::stream`](crate::resources::ChatCompletions::stream).
        pub fn stream(&self, request: &CreateChatCompletionRequest) -> Result<Stream<ChatCompletionStream<()>>> {
            let stream = self.client.block_on(self.on_async().stream(request))?;
            Ok(Stream::new(stream, self.client.clone()))
        }

        /// [`stream`](Self::stream) with content parsed as `T`: blocking
        /// [`ChatCompletions::stream_parse`](crate::resources::ChatCompletions::stream_parse).
        #[cfg(feature = "structured-outputs")]
        pub fn stream_parse<T: schemars::JsonSchema + serde::de::DeserializeOwned>(
            &self,
            request: CreateChatCompletionRequest,
        ) -> Result<Stream<ChatCompletionStream<T>>> {
            let stream = self.client.block_on(self.on_async().stream_parse::<T>(request))?;
            Ok(Stream::new(stream, self.client.clone()))
        }
    }

    impl<T: serde::de::DeserializeOwned> Stream<ChatCompletionStream<T>> {
        /// Reads the rest of the stream and gives the final completion, parsed as the
        /// async [`ChatCompletionStream::final_completion`] does.
        pub fn final_completion(&mut self) -> Result<ParsedChatCompletion<T>> {
            self.wait(|stream| stream.final_completion())?
        }
    }
}

#[cfg(feature = "responses")]
mod responses {
    use super::*;
    use crate::helpers::stream_helpers::response_stream::ResponseStream;
    use crate::helpers::structured::ParsedResponse;
    use crate::resources::Responses;
    use crate::types::CreateResponse;

    impl Responses<Client> {
        fn on_async(&self) -> Responses {
            Responses { client: self.client.async_client().clone() }
        }

        /// `create` with the output text parsed as `T`: blocking
        /// [`Responses::parse`](crate::resources::Responses::parse).
        #[cfg(feature = "structured-outputs")]
        pub fn parse<T: schemars::JsonSchema + serde::de::DeserializeOwned>(
            &self,
            request: CreateResponse,
        ) -> Result<ParsedResponse<T>> {
            self.client.block_on(self.on_async().parse::<T>(request))
        }

        /// The stream manager, as an iterator of its events: blocking
        /// [`Responses::stream`](crate::resources::Responses::stream).
        pub fn stream(&self, request: &CreateResponse) -> Result<Stream<ResponseStream<()>>> {
            let stream = self.client.block_on(self.on_async().stream(request))?;
            Ok(Stream::new(stream, self.client.clone()))
        }

        /// [`stream`](Self::stream) with the output text parsed as `T`: blocking
        /// [`Responses::stream_parse`](crate::resources::Responses::stream_parse).
        #[cfg(feature = "structured-outputs")]
        pub fn stream_parse<T: schemars::JsonSchema + serde::de::DeserializeOwned>(
            &self,
            request: CreateResponse,
        ) -> Result<Stream<ResponseStream<T>>> {
            let stream = self.client.block_on(self.on_async().stream_parse::<T>(request))?;
            Ok(Stream::new(stream, self.client.clone()))
        }
    }

    impl<T: serde::de::DeserializeOwned> Stream<ResponseStream<T>> {
        /// Reads the rest of the stream and gives the final response, as the async
        /// [`ResponseStream::final_response`] does.
        pub fn final_response(&mut self) -> Result<ParsedResponse<T>> {
            self.wait(|stream| stream.final_response())?
        }
    }
}
