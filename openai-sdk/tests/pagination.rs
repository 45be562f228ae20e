//! Pages of each kind over a real local server: the first page from a list call, the next
//! by hand, and every item through the auto-paginating stream, which keeps the query and
//! options and stops at `has_more: false`, an empty page, or a missing cursor.

#![cfg(feature = "full")]

mod local_server;

use futures_util::StreamExt;
use local_server::{LocalServer, Reply};
use openai_sdk::types::FilesListParams;
use openai_sdk::{Client, Error};

fn client(url: &str) -> Client {
    Client::builder()
        .read_env(false)
        .api_key("sk-p")
        .admin_key("sk-admin")
        .base_url(url)
        .max_retries(0u32)
        .build()
        .unwrap()
}

fn items(ids: &[&str]) -> String {
    ids.iter().map(|id| format!(r#"{{"id": "{id}", "object": "file"}}"#)).collect::<Vec<_>>().join(",")
}

fn after_of(target: &str) -> Option<String> {
    target.split(['?', '&']).find_map(|p| p.strip_prefix("after=")).map(String::from)
}

#[tokio::test]
async fn cursor_pages_continue_after_the_last_item_and_stop_at_an_empty_page() {
    let server = LocalServer::start(vec![
        Reply::json(200, &format!(r#"{{"object": "list", "data": [{}], "has_more": true}}"#, items(&["f1", "f2"]))),
        Reply::json(200, &format!(r#"{{"object": "list", "data": [{}], "has_more": true}}"#, items(&["f3"]))),
        Reply::json(200, r#"{"object": "list", "data": [], "has_more": true}"#),
    ])
    .await;
    let params = FilesListParams::new().limit(2).purpose("batch");
    let ids: Vec<String> = client(&server.url)
        .files()
        .list_with(params)
        .header("x-trace", "t1")
        .into_stream()
        .map(|file| file.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["f1", "f2", "f3"]);
    let sent = server.received();
    assert_eq!(sent.len(), 3);
    let afters: Vec<Option<String>> = sent.iter().map(|r| after_of(&r.target)).collect();
    assert_eq!(afters, [None, Some("f2".into()), Some("f3".into())]);
    for request in &sent {
        assert!(request.target.contains("limit=2") && request.target.contains("purpose=batch"), "{}", request.target);
        assert_eq!(request.header("x-trace"), Some("t1"), "options apply to every page");
    }
}

#[tokio::test]
async fn pages_walk_by_hand_and_has_more_false_ends_the_list() {
    let server = LocalServer::start(vec![
        Reply::json(200, &format!(r#"{{"data": [{}], "has_more": true, "first_id": "f1"}}"#, items(&["f1"])))
            .header("x-request-id", "req_p1"),
        Reply::json(200, &format!(r#"{{"data": [{}], "has_more": false}}"#, items(&["f2"]))),
    ])
    .await;
    let client = client(&server.url);
    let first = client.files().list().await.unwrap();
    assert_eq!(first.request_id(), Some("req_p1"));
    assert_eq!(first.raw_field("/first_id"), Some("f1".into()));
    assert!(first.has_next_page());
    assert_eq!(first.next_cursor(), Some("f1"));
    let second = first.next_page().await.unwrap().expect("a second page");
    assert_eq!(second.data[0].id, "f2");
    assert!(!second.has_next_page());
    assert!(second.next_page().await.unwrap().is_none());
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn conversation_cursor_pages_continue_after_last_id_and_stop_without_one() {
    let project = |id: &str| {
        format!(
            r#"{{"id": "{id}", "object": "organization.project", "name": "n", "created_at": 1, "status": "active"}}"#
        )
    };
    let server = LocalServer::start(vec![
        Reply::json(
            200,
            &format!(r#"{{"object": "list", "data": [{}], "has_more": true, "last_id": "cursor_a"}}"#, project("p1")),
        ),
        Reply::json(
            200,
            &format!(r#"{{"object": "list", "data": [{}], "has_more": true, "last_id": null}}"#, project("p2")),
        ),
    ])
    .await;
    let ids: Vec<String> = client(&server.url)
        .admin()
        .organization()
        .projects()
        .list()
        .into_stream()
        .map(|p| p.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["p1", "p2"]);
    let sent = server.received();
    assert_eq!(sent.len(), 2, "a page without `last_id` is the last");
    assert_eq!(after_of(&sent[1].target).as_deref(), Some("cursor_a"));
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-admin"));
}

#[tokio::test]
async fn next_cursor_pages_continue_at_next() {
    let group = |id: &str| {
        format!(r#"{{"id": "{id}", "object": "group", "name": "g", "created_at": 1, "is_scim_managed": false}}"#)
    };
    let server = LocalServer::start(vec![
        Reply::json(
            200,
            &format!(r#"{{"object": "list", "data": [{}], "has_more": true, "next": "n_2"}}"#, group("g1")),
        ),
        Reply::json(
            200,
            &format!(r#"{{"object": "list", "data": [{}], "has_more": false, "next": null}}"#, group("g2")),
        ),
    ])
    .await;
    let ids: Vec<String> =
        client(&server.url).admin().organization().groups().list().into_stream().map(|g| g.unwrap().id).collect().await;
    assert_eq!(ids, ["g1", "g2"]);
    assert_eq!(after_of(&server.received()[1].target).as_deref(), Some("n_2"));
}

#[tokio::test]
async fn a_single_page_never_fetches_more() {
    let body =
        r#"{"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}]}"#;
    let server = LocalServer::start(vec![Reply::json(200, body)]).await;
    let page = client(&server.url).models().list().await.unwrap();
    assert!(!page.has_next_page());
    let models: Vec<_> = page.into_stream().collect().await;
    assert_eq!(models.len(), 1);
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_failed_page_is_an_error_item_and_ends_the_stream() {
    let server = LocalServer::start(vec![
        Reply::json(200, &format!(r#"{{"data": [{}], "has_more": true}}"#, items(&["f1"]))),
        Reply::json(500, r#"{"error": {"message": "down"}}"#),
    ])
    .await;
    let got: Vec<_> = client(&server.url).files().list().into_stream().collect().await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].as_ref().unwrap().id, "f1");
    assert!(matches!(&got[1], Err(Error::InternalServer(_))), "{:?}", got[1]);
}

#[tokio::test]
async fn pages_are_fetched_only_when_the_consumer_gets_there() {
    let server = LocalServer::start(vec![
        Reply::json(200, &format!(r#"{{"data": [{}], "has_more": true}}"#, items(&["f1", "f2"]))),
        Reply::json(200, &format!(r#"{{"data": [{}], "has_more": false}}"#, items(&["f3"]))),
    ])
    .await;
    let mut stream = Box::pin(client(&server.url).files().list().into_stream());
    stream.next().await.unwrap().unwrap();
    stream.next().await.unwrap().unwrap();
    assert_eq!(server.received().len(), 1, "the second page is not fetched before it is needed");
    stream.next().await.unwrap().unwrap();
    assert_eq!(server.received().len(), 2);
}

/// `list().limit(20).after("..")`, as openai-python's `list(limit=20, after="..")` reads:
/// set on the request, kept on every page, the cursor replaced by each page's.
#[tokio::test]
async fn a_lists_limit_and_cursor_are_set_on_the_request() {
    let server = LocalServer::start(vec![
        Reply::json(200, &format!(r#"{{"object": "list", "data": [{}], "has_more": true}}"#, items(&["f5", "f6"]))),
        Reply::json(200, &format!(r#"{{"object": "list", "data": [{}], "has_more": false}}"#, items(&["f7"]))),
    ])
    .await;
    let ids: Vec<String> = client(&server.url)
        .files()
        .list_with(FilesListParams::new().limit(50).after("f0"))
        .limit(2)
        .after("f4")
        .order("asc")
        .into_stream()
        .map(|file| file.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["f5", "f6", "f7"]);
    let targets: Vec<String> = server.received().iter().map(|r| r.target.clone()).collect();
    for target in &targets {
        // Set once each: the request's value replaced `list_with`'s.
        assert_eq!(target.matches("limit=").count(), 1, "{target}");
        assert_eq!(target.matches("after=").count(), 1, "{target}");
        assert!(target.contains("limit=2") && target.contains("order=asc"), "{target}");
    }
    assert_eq!(targets.iter().map(|t| after_of(t)).collect::<Vec<_>>(), [Some("f4".into()), Some("f6".into())]);
}
