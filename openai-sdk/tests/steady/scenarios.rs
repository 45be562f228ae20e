//! Scenarios against Steady: each a few calls of one API group, written as an application
//! writes them.

use std::future::Future;
use std::pin::Pin;

use openai_sdk::{Client, Error};

pub type Scenario = fn(Client) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        [$((stringify!($name), (|client| Box::pin($name(client))) as Scenario)),*]
    };
}

/// Every scenario, by name.
pub fn all() -> Vec<(&'static str, Scenario)> {
    use calls::*;
    scenarios![
        chat_completions,
        chat_completion_stream,
        responses,
        responses_stream,
        embeddings,
        models,
        files,
        audio,
        images,
        fine_tuning,
        batches,
        vector_stores,
        assistants,
        admin,
        conversations,
        uploads,
        moderations,
    ]
    .into()
}
mod calls {
    use futures_util::StreamExt;
    use openai_sdk::types::*;
    use openai_sdk::{Client, Error, InputFile};

    fn user(text: &str) -> ChatCompletionRequestMessage {
        ChatCompletionRequestUserMessage::new(text).into()
    }

    pub async fn chat_completions(client: Client) -> Result<(), Error> {
        let request = CreateChatCompletionRequest::new(
            vec![ChatCompletionRequestSystemMessage::new("Be brief.").into(), user("Hello")],
            "gpt-4o",
        )
        .temperature(0.2)
        .max_completion_tokens(64)
        .n(1);
        let completion = client.chat().completions().create(request).await?;
        assert!(completion.request_id().is_none() || completion.status().is_success());
        let page = client.chat().completions().list_with(ChatCompletionsListParams::new().limit(2)).await?;
        let _ = page.data.len();
        let stored = client.chat().completions().retrieve("chatcmpl_1").await?;
        let _ = stored.id.len();
        client.chat().completions().delete("chatcmpl_1").await?;
        Ok(())
    }

    pub async fn chat_completion_stream(client: Client) -> Result<(), Error> {
        let request = CreateChatCompletionRequest::new(vec![user("Count to three")], "gpt-4o");
        let mut stream = client.chat().completions().create_stream(request).await?;
        let mut events = 0;
        while let Some(chunk) = stream.next().await {
            chunk?;
            events += 1;
        }
        assert!(events > 0, "the stream yielded no events");
        Ok(())
    }

    pub async fn responses(client: Client) -> Result<(), Error> {
        let request = CreateResponse::default().model("gpt-4o").input("Say hello").instructions("Be kind.");
        let response = client.responses().create(request).await?;
        let _ = response.output_text();
        client.responses().retrieve("resp_1").await?;
        let items = client.responses().input_items().list("resp_1").await?;
        let _ = items.has_next_page();
        client.responses().delete("resp_1").await?;
        Ok(())
    }

    pub async fn responses_stream(client: Client) -> Result<(), Error> {
        let request = CreateResponse::default().model("gpt-4o").input("Say hello");
        let events: Vec<_> = client.responses().create_stream(request).await?.collect().await;
        for event in events {
            event?;
        }
        Ok(())
    }

    pub async fn embeddings(client: Client) -> Result<(), Error> {
        let request = CreateEmbeddingRequest::new("The food was delicious", "text-embedding-3-small").dimensions(256);
        let embedding = client.embeddings().create(request).await?;
        let _ = embedding.data.len();
        Ok(())
    }

    pub async fn models(client: Client) -> Result<(), Error> {
        let page = client.models().list().await?;
        assert!(!page.has_next_page());
        client.models().retrieve("gpt-4o").await?;
        client.models().delete("ft:gpt-4o:org:custom:1").await?;
        Ok(())
    }

    pub async fn files(client: Client) -> Result<(), Error> {
        let upload =
            CreateFileRequest::new(InputFile::from_bytes(&b"{\"a\": 1}\n"[..]).file_name("data.jsonl"), "batch");
        let file = client.files().create(upload).await?;
        let _ = file.id.len();
        let params = FilesListParams::new().limit(3).order(ListFilesOrder::Asc);
        // Steady's pages may say `has_more` forever: take a few items across pages.
        let listed: Vec<_> = client.files().list_with(params).into_stream().take(5).collect().await;
        for file in listed {
            file?;
        }
        client.files().retrieve("file-1").await?;
        let content = client.files().content("file-1").await?.bytes().await?;
        let _ = content.len();
        client.files().delete("file-1").await?;
        Ok(())
    }

    pub async fn audio(client: Client) -> Result<(), Error> {
        let audio = InputFile::from_bytes(&b"ID3 audio"[..]).file_name("speech.mp3");
        let request = CreateTranscriptionRequest::new(audio, "gpt-4o-transcribe")
            .include(vec![TranscriptionInclude::Logprobs])
            .language("en");
        client.audio().transcriptions().create(request).await?;
        let translation = CreateTranslationRequest::new(InputFile::from_bytes(&b"ID3"[..]).file_name("a.mp3"));
        client.audio().translations().create(translation).await?;
        let speech = CreateSpeechRequest::new("gpt-4o-mini-tts", "Hello there", "alloy");
        let audio = client.audio().speech().create(speech).await?.bytes().await?;
        let _ = audio.len();
        Ok(())
    }

    pub async fn images(client: Client) -> Result<(), Error> {
        client.images().generate(CreateImageRequest::new("A red fox").model("gpt-image-1").n(1)).await?;
        let images = vec![
            InputFile::from_bytes(&b"\x89PNG one"[..]).file_name("a.png"),
            InputFile::from_bytes(&b"\x89PNG two"[..]).file_name("b.png"),
        ];
        client.images().edit(CreateImageEditRequest::new(images, "Add a hat").model("gpt-image-1")).await?;
        Ok(())
    }

    pub async fn fine_tuning(client: Client) -> Result<(), Error> {
        let job =
            client.fine_tuning().jobs().create(CreateFineTuningJobRequest::new("gpt-4o-mini", "file-abc")).await?;
        let _ = job.id.len();
        let jobs: Vec<_> = client
            .fine_tuning()
            .jobs()
            .list_with(FineTuningJobsListParams::new().limit(2))
            .into_stream()
            .take(3)
            .collect()
            .await;
        for job in jobs {
            job?;
        }
        client.fine_tuning().jobs().list_events("ftjob-1").await?;
        client.fine_tuning().jobs().cancel("ftjob-1").await?;
        Ok(())
    }

    pub async fn batches(client: Client) -> Result<(), Error> {
        client.batches().create(CreateBatchRequest::new("file-1", "/v1/chat/completions")).await?;
        client.batches().list().await?;
        client.batches().retrieve("batch_1").await?;
        Ok(())
    }

    pub async fn vector_stores(client: Client) -> Result<(), Error> {
        let store = client.vector_stores().create(CreateVectorStoreRequest::new().name("kb")).await?;
        let _ = store.id.len();
        client.vector_stores().list().await?;
        let results = client.vector_stores().search("vs_1", VectorStoreSearchRequest::new("fox")).await?;
        let _ = results.data.len();
        client.vector_stores().files().create("vs_1", CreateVectorStoreFileRequest::new("file-1")).await?;
        client
            .vector_stores()
            .file_batches()
            .create("vs_1", CreateVectorStoreFileBatchRequest::new().file_ids(vec!["file-1".to_string()]))
            .await?;
        Ok(())
    }

    #[allow(deprecated)]
    pub async fn assistants(client: Client) -> Result<(), Error> {
        client.beta().assistants().create(CreateAssistantRequest::new("gpt-4o").name("helper")).await?;
        client.beta().assistants().list().await?;
        client.beta().threads().create(CreateThreadRequest::new()).await?;
        client.beta().threads().runs().create("thread_1", CreateRunRequest::new("asst_1")).await?;
        Ok(())
    }

    pub async fn admin(client: Client) -> Result<(), Error> {
        let organization = client.admin().organization();
        organization.projects().list().await?;
        organization.groups().list().await?;
        organization.users().list().await?;
        organization.audit_logs().list_with(AdminOrganizationAuditLogsListParams::new().limit(5)).await?;
        organization.projects().api_keys().list("proj_1").await?;
        Ok(())
    }

    pub async fn conversations(client: Client) -> Result<(), Error> {
        client.conversations().create(CreateConversationBody::new()).await?;
        client.conversations().items().list("conv_1").await?;
        Ok(())
    }

    pub async fn uploads(client: Client) -> Result<(), Error> {
        let upload = client.uploads().create(CreateUploadRequest::new("data.jsonl", "batch", 12, "text/jsonl")).await?;
        let _ = upload.id.len();
        client
            .uploads()
            .parts()
            .create("upload_1", AddUploadPartRequest::new(InputFile::from_bytes(&b"part"[..])))
            .await?;
        client.uploads().complete("upload_1", CompleteUploadRequest::new(vec!["part_1".to_string()])).await?;
        Ok(())
    }

    pub async fn moderations(client: Client) -> Result<(), Error> {
        client.moderations().create(CreateModerationRequest::new("some text")).await?;
        Ok(())
    }
}
