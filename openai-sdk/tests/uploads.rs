//! Multipart uploads over a real local server: the exact form the API expects (bracket
//! notation, text before files, names and content types), files from paths, bytes and
//! readers, whole resends on retry, and a missing file caught before anything is sent.

#![cfg(feature = "full")]

mod local_server;

use local_server::{LocalServer, Reply};
use openai_sdk::types::{CreateFileRequest, CreateImageEditRequest, CreateTranscriptionRequest, TranscriptionInclude};
use openai_sdk::{Client, Error, InputFile};

fn client(url: &str) -> Client {
    Client::builder().read_env(false).api_key("sk-u").base_url(url).build().unwrap()
}

fn boundary(content_type: &str) -> String {
    content_type.split("boundary=").nth(1).expect("a multipart boundary").to_string()
}

/// The form as the text the server received, with its boundary written `BOUNDARY`.
fn form_text(request: &local_server::Received) -> String {
    let boundary = boundary(request.header("content-type").unwrap());
    String::from_utf8_lossy(&request.body).replace(&boundary, "BOUNDARY")
}

/// A file named `name` in a directory of its own, removed when the returned guard drops
/// (also when the test fails).
fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

const TRANSCRIPTION: &str = r#"{"text": "hello"}"#;

#[tokio::test]
async fn the_form_has_text_fields_in_brackets_then_the_file() {
    let server = LocalServer::start(vec![Reply::json(200, TRANSCRIPTION)]).await;
    let request =
        CreateTranscriptionRequest::new(InputFile::from_bytes(&b"RIFF...."[..]).file_name("hello.wav"), "whisper-1")
            .include(vec![TranscriptionInclude::Logprobs])
            .languages(vec!["en".to_string(), "fr".to_string()])
            .temperature(0.5);
    let transcription = client(&server.url).audio().transcriptions().create(request).await.unwrap();
    assert!(transcription.raw_body().starts_with(b"{\"text\""));
    let sent = &server.received()[0];
    assert!(sent.header("content-type").unwrap().starts_with("multipart/form-data; boundary="));
    // Text fields in the request's field order, then the file.
    let expected = concat!(
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n",
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"languages[]\"\r\n\r\nen\r\n",
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"languages[]\"\r\n\r\nfr\r\n",
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"temperature\"\r\n\r\n0.5\r\n",
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"include[]\"\r\n\r\nlogprobs\r\n",
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF....\r\n",
        "--BOUNDARY--\r\n",
    );
    assert_eq!(form_text(sent), expected);
}

#[tokio::test]
async fn files_from_paths_are_named_by_file_name_and_typed_by_extension() {
    let (_dir, path) = temp_file("train.jsonl", b"{\"prompt\": \"a\"}\n");
    let body = r#"{"id": "file-1", "object": "file", "bytes": 16, "created_at": 1, "filename": "train.jsonl", "purpose": "fine-tune", "status": "uploaded"}"#;
    let server = LocalServer::start(vec![Reply::json(200, body)]).await;
    let file = client(&server.url).files().create(CreateFileRequest::new(path.as_path(), "fine-tune")).await.unwrap();
    assert_eq!(file.id, "file-1");
    let text = form_text(&server.received()[0]);
    assert!(text.contains("name=\"purpose\"\r\n\r\nfine-tune\r\n"), "{text}");
    assert!(text.contains("name=\"file\"; filename=\"train.jsonl\"\r\n"), "{text}");
    assert!(text.contains("\r\n\r\n{\"prompt\": \"a\"}\n\r\n--BOUNDARY--"), "{text}");
    assert!(text.find("purpose").unwrap() < text.find("filename").unwrap(), "text fields first");
}

#[tokio::test]
async fn bytes_are_named_upload_and_unknown_extensions_are_octet_stream() {
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    let request = CreateFileRequest::new(InputFile::from_bytes(vec![0u8, 1, 2]), "batch");
    client(&server.url).files().create(request).raw().await.unwrap();
    let text = form_text(&server.received()[0]);
    assert!(
        text.contains("name=\"file\"; filename=\"upload\"\r\nContent-Type: application/octet-stream\r\n"),
        "{text}"
    );
}

#[tokio::test]
async fn a_list_of_files_is_sent_as_repeated_parts() {
    let server = LocalServer::start(vec![Reply::json(200, r#"{"created": 1, "data": []}"#)]).await;
    let images = vec![
        InputFile::from_bytes(&b"png-1"[..]).file_name("a.png"),
        InputFile::from_bytes(&b"png-2"[..]).file_name("b.png"),
    ];
    let request =
        CreateImageEditRequest::new(images, "Add a hat").mask(InputFile::from_bytes(&b"mask"[..]).file_name("m.png"));
    client(&server.url).images().edit(request).raw().await.unwrap();
    let text = form_text(&server.received()[0]);
    let parts: Vec<&str> = text.split("--BOUNDARY").filter(|p| p.contains("filename")).collect();
    assert_eq!(parts.len(), 3, "{text}");
    assert!(
        parts[0].contains("name=\"image[]\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\npng-1"),
        "{text}"
    );
    assert!(parts[1].contains("name=\"image[]\"; filename=\"b.png\""), "{text}");
    assert!(parts[2].contains("name=\"mask\"; filename=\"m.png\""), "{text}");
    assert!(text.find("Add a hat").unwrap() < text.find("filename").unwrap());
}

#[tokio::test]
async fn a_retry_resends_the_whole_form() {
    let (_dir, path) = temp_file("retry.txt", b"resend me");
    let server = LocalServer::start(vec![Reply::json(500, "{}"), Reply::json(200, "{}")]).await;
    let client =
        Client::builder().read_env(false).api_key("sk-u").base_url(&server.url).max_retries(1u32).build().unwrap();
    client.files().create(CreateFileRequest::new(path.as_path(), "assistants")).raw().await.unwrap();
    let sent = server.received();
    assert_eq!(sent.len(), 2);
    let (first, second) = (form_text(&sent[0]), form_text(&sent[1]));
    assert!(first.contains("resend me") && first.contains("assistants"));
    assert_eq!(first, second);
}

#[tokio::test]
async fn a_missing_file_is_an_error_naming_it_before_anything_is_sent() {
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    let missing = std::path::Path::new("/no/such/file.jsonl");
    let err = client(&server.url).files().create(CreateFileRequest::new(missing, "batch")).await.unwrap_err();
    assert!(matches!(&err, Error::File { path, .. } if path == missing), "{err:?}");
    assert!(err.to_string().contains("/no/such/file.jsonl"), "{err}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_reader_streams_once() {
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    let reader = std::io::Cursor::new(b"from a reader".to_vec());
    let file = InputFile::from_reader(reader).file_name("notes.txt");
    client(&server.url).files().create(CreateFileRequest::new(file, "user_data")).raw().await.unwrap();
    let text = form_text(&server.received()[0]);
    assert!(text.contains("filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nfrom a reader\r\n"), "{text}");
}

#[tokio::test]
async fn streaming_a_multipart_operation_sends_the_flag_as_a_field() {
    let body = "data: {\"type\": \"transcript.text.delta\", \"delta\": \"hel\"}\n\ndata: {\"type\": \"transcript.text.done\", \"text\": \"hello\"}\n\n";
    let server = LocalServer::start(vec![Reply::sse(vec![body.as_bytes().to_vec()])]).await;
    let request =
        CreateTranscriptionRequest::new(InputFile::from_bytes(&b"audio"[..]).file_name("a.mp3"), "gpt-4o-transcribe");
    let stream = client(&server.url).audio().transcriptions().create_stream(request).await.unwrap();
    let events: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(stream).await;
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(Result::is_ok), "{events:?}");
    let text = form_text(&server.received()[0]);
    assert!(text.contains("name=\"stream\"\r\n\r\ntrue\r\n"), "{text}");
    assert!(text.find("name=\"stream\"").unwrap() < text.find("filename").unwrap());
}

#[tokio::test(start_paused = true)]
async fn a_slow_upload_is_not_cut_off_while_it_makes_progress() {
    // 5 pieces 8 s apart: 40 s of upload under a 10 s read timeout. The wait for the
    // response starts over with each piece, as httpx's per-write timeout does.
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    let (reader, mut writer) = tokio::io::duplex(64);
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        for i in 0..5 {
            tokio::time::sleep(std::time::Duration::from_secs(8)).await;
            writer.write_all(format!("piece {i};").as_bytes()).await.unwrap();
        }
    });
    let file = InputFile::from_reader(reader).file_name("slow.txt");
    client(&server.url)
        .files()
        .create(CreateFileRequest::new(file, "user_data"))
        .timeout(std::time::Duration::from_secs(10))
        .max_retries(0)
        .raw()
        .await
        .unwrap();
    assert!(form_text(&server.received()[0]).contains("piece 0;piece 1;piece 2;piece 3;piece 4;"));
}

/// A field that may be a file or not (a union) is a file part when it holds a file and text
/// fields in brackets when it holds the other shape: the generated method names the field.
#[tokio::test]
#[allow(deprecated)] // The videos endpoints are deprecated, and still served.
async fn a_file_or_reference_field_is_sent_as_whichever_it_holds() {
    use openai_sdk::types::{
        CreateVideoEditMultipartBody, CreateVideoEditMultipartBodyVideo, VideoReferenceInputParam,
    };
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    let client = client(&server.url);
    let file = CreateVideoEditMultipartBodyVideo::File(InputFile::from_bytes(&b"mp4"[..]).file_name("a.mp4"));
    let _ = client.videos().edit(CreateVideoEditMultipartBody::new(file, "brighter")).raw().await;
    let reference =
        CreateVideoEditMultipartBodyVideo::VideoReferenceInputParam(VideoReferenceInputParam::new("video_1"));
    let _ = client.videos().edit(CreateVideoEditMultipartBody::new(reference, "darker")).raw().await;
    let sent = server.received();
    assert_eq!(
        form_text(&sent[0]),
        concat!(
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbrighter\r\n",
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\nmp4\r\n",
            "--BOUNDARY--\r\n",
        )
    );
    assert_eq!(
        form_text(&sent[1]),
        concat!(
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"video[id]\"\r\n\r\nvideo_1\r\n",
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\ndarker\r\n",
            "--BOUNDARY--\r\n",
        )
    );
}

/// A custom request names its file parts itself; an `InputFile` left in the body is text.
#[tokio::test]
async fn a_custom_multipart_request_adds_its_files_by_name() {
    let server = LocalServer::start(vec![Reply::json(200, "{}")]).await;
    // The form's fields come in the order the body writes them.
    #[derive(serde::Serialize)]
    struct Body {
        purpose: &'static str,
        meta: serde_json::Value,
    }
    let body = Body { purpose: "assistants", meta: serde_json::json!({"k": "v"}) };
    client(&server.url)
        .post("/files")
        .file("file", InputFile::from_bytes(&b"abc"[..]).file_name("a.txt"))
        .multipart(&body)
        .await
        .unwrap();
    assert_eq!(
        form_text(&server.received()[0]),
        concat!(
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n",
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"meta[k]\"\r\n\r\nv\r\n",
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nabc\r\n",
            "--BOUNDARY--\r\n",
        )
    );
}
