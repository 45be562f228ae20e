//! The Realtime and Responses WebSocket connections against a WebSocket server on
//! 127.0.0.1 (`ws_server`): handshakes, typed events both ways, error and unknown events,
//! reconnection with queued sends, unrecoverable closes, backpressure and lanes.
#![cfg(all(feature = "realtime", feature = "responses"))]

mod ws_server;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use openai_sdk::types::{RealtimeServerEvent, RealtimeSessionCreateRequestGa, ResponseStreamEvent};
use openai_sdk::{Client, ConnectOptions, Error, ReconnectingOverrides, ResponseLanes, ResponsesSocketEvent};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use ws_server::{Script, WsServer, close, recv_json, send_json};

fn client(base_url: &str) -> Client {
    Client::builder().api_key("sk-test").base_url(base_url).organization("org-1").build().unwrap()
}

fn script<F, Fut>(f: F) -> Script
where
    F: FnOnce(ws_server::Ws) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    Box::new(move |ws| Box::pin(f(ws)))
}

fn delta(text: &str) -> serde_json::Value {
    json!({"type": "response.output_text.delta", "event_id": "e", "response_id": "r", "item_id": "i",
           "output_index": 0, "content_index": 0, "delta": text})
}

#[tokio::test]
async fn handshake_carries_the_url_query_and_headers_and_session_update_round_trips() {
    let server = WsServer::start(vec![script(|mut ws| async move {
        let update = recv_json(&mut ws).await;
        assert_eq!(update["type"], "session.update");
        assert_eq!(update["session"]["type"], "realtime");
        assert_eq!(update["session"]["instructions"], "Be brief.");
        let mut session = update["session"].clone();
        session["id"] = json!("sess_1");
        send_json(&mut ws, json!({"type": "session.updated", "event_id": "ev_1", "session": session})).await;
        close(&mut ws, 1000, "").await;
    })])
    .await;
    let options = ConnectOptions::new().model("gpt-realtime").query("trace", "on").header("x-extra", "1");
    let mut connection = client(&server.base_url).realtime().connect_with(options).await.unwrap();
    connection.session().update(RealtimeSessionCreateRequestGa::new().instructions("Be brief.")).await.unwrap();
    let event = connection.next().await.unwrap().unwrap();
    let RealtimeServerEvent::SessionUpdated(updated) = event else { panic!("{event:?}") };
    assert_eq!(updated.event_id, "ev_1");
    assert!(connection.next().await.is_none(), "a normal close ends the stream");

    let handshake = server.handshake(0);
    assert_eq!(handshake.target, "/v1/realtime?model=gpt-realtime&trace=on");
    assert_eq!(handshake.header("authorization"), Some("Bearer sk-test"));
    assert_eq!(handshake.header("openai-organization"), Some("org-1"));
    assert_eq!(handshake.header("x-extra"), Some("1"));
    assert!(handshake.header("user-agent").unwrap().starts_with("OpenAI/Rust "));
}

/// The handshake an Azure client (endpoint and API version set, then `configure`d)
/// makes when it connects to `model` and the server closes at once.
async fn azure_handshake(
    configure: impl FnOnce(openai_sdk::ClientBuilder) -> openai_sdk::ClientBuilder,
    model: &str,
) -> ws_server::Handshake {
    let server = WsServer::start(vec![script(|mut ws| async move { close(&mut ws, 1000, "").await })]).await;
    let endpoint = server.base_url.trim_end_matches("/v1").to_string();
    let builder = Client::azure().azure_endpoint(&endpoint).api_version("2025-04-01-preview");
    let client = configure(builder).build().unwrap();
    let mut connection = client.realtime().connect(model).await.unwrap();
    assert!(connection.next().await.is_none());
    server.handshake(0)
}

#[tokio::test]
async fn azure_connects_to_its_realtime_url_with_deployment_and_api_key() {
    let handshake = azure_handshake(|b| b.api_key("azure-key"), "my-deployment").await;
    assert_eq!(handshake.target, "/openai/realtime?api-version=2025-04-01-preview&deployment=my-deployment");
    assert_eq!(handshake.header("api-key"), Some("azure-key"));
    assert_eq!(handshake.header("authorization"), None);
}

#[tokio::test]
async fn azure_with_an_entra_token_and_a_fixed_deployment() {
    let entra = |b: openai_sdk::ClientBuilder| {
        b.azure_deployment("fixed")
            .azure_ad_token_provider(|| async { Ok::<_, openai_sdk::BoxError>("entra-token".to_string()) })
    };
    let handshake = azure_handshake(entra, "ignored-model").await;
    assert_eq!(handshake.target, "/openai/realtime?api-version=2025-04-01-preview&deployment=fixed");
    assert_eq!(handshake.header("authorization"), Some("Bearer entra-token"));
    assert_eq!(handshake.header("api-key"), None);
}

#[tokio::test]
async fn text_deltas_an_error_event_and_an_unknown_event_all_arrive_and_the_connection_stays_open() {
    let server = WsServer::start(vec![script(|mut ws| async move {
        send_json(&mut ws, delta("Hel")).await;
        send_json(
            &mut ws,
            json!({"type": "error", "event_id": "ev_e", "error": {"type": "invalid_request_error", "message": "bad item"}}),
        )
        .await;
        send_json(&mut ws, json!({"type": "brand.new.event", "event_id": "ev_n", "payload": 1})).await;
        send_json(&mut ws, delta("lo")).await;
        // The connection is still open: a client event still arrives.
        let commit = recv_json(&mut ws).await;
        assert_eq!(commit["type"], "input_audio_buffer.append");
        assert_eq!(commit["audio"], "AAEC/w==");
        close(&mut ws, 1000, "").await;
    })])
    .await;
    let mut connection = client(&server.base_url).realtime().connect("gpt-realtime").await.unwrap();
    let mut text = String::new();
    let mut kinds = Vec::new();
    for _ in 0..4 {
        match connection.next().await.unwrap().unwrap() {
            RealtimeServerEvent::ResponseOutputTextDelta(d) => text.push_str(&d.delta),
            RealtimeServerEvent::Error(e) => kinds.push(format!("error: {}", e.error.message)),
            RealtimeServerEvent::Unknown(raw) => kinds.push(format!("unknown: {}", raw["type"])),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(text, "Hello");
    assert_eq!(kinds, ["error: bad item", "unknown: \"brand.new.event\""]);
    connection.input_audio_buffer().append([0u8, 1, 2, 255]).await.unwrap();
    assert!(connection.next().await.is_none());
}

#[tokio::test]
async fn raw_messages_are_reachable_and_parse_into_the_typed_event() {
    let server = WsServer::start(vec![script(|mut ws| async move {
        send_json(&mut ws, delta("x")).await;
        close(&mut ws, 1000, "").await;
    })])
    .await;
    let mut connection = client(&server.base_url).realtime().connect("gpt-realtime").await.unwrap();
    let raw = connection.next_raw().await.unwrap().unwrap();
    assert!(raw.contains("\"delta\":\"x\""), "{raw}");
    let event = openai_sdk::RealtimeConnection::parse_event(&raw).unwrap();
    assert!(matches!(event, RealtimeServerEvent::ResponseOutputTextDelta(_)));
}

#[tokio::test]
async fn a_recoverable_close_reconnects_with_the_hooks_query_and_delivers_queued_sends_in_order() {
    let (hook_called, mut hook_seen) = tokio::sync::mpsc::unbounded_channel::<u16>();
    let (open_gate, gate) = tokio::sync::oneshot::channel();
    let second = script(|mut ws| async move {
        assert_eq!(recv_json(&mut ws).await["event_id"], "queued-1");
        assert_eq!(recv_json(&mut ws).await["event_id"], "queued-2");
        send_json(&mut ws, delta("after")).await;
        close(&mut ws, 1000, "").await;
    });
    let first = script(|mut ws| async move {
        send_json(&mut ws, delta("before")).await;
        close(&mut ws, 1012, "service restart").await;
    });
    let server = WsServer::start_gated(vec![first, second], Some((1, gate))).await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let options = ConnectOptions::new().model("gpt-realtime").initial_delay(Duration::from_millis(5)).on_reconnecting(
        move |event| {
            seen.lock().unwrap().push((event.attempt, event.close_code));
            hook_called.send(event.close_code).unwrap();
            Some(ReconnectingOverrides::default().query(vec![("resume".into(), "1".into())]))
        },
    );
    let mut connection = client(&server.base_url).realtime().connect_with(options).await.unwrap();
    let sender = connection.sender();
    let reader = tokio::spawn(async move {
        let mut texts = Vec::new();
        while let Some(event) = connection.next().await {
            if let RealtimeServerEvent::ResponseOutputTextDelta(d) = event.unwrap() {
                texts.push(d.delta);
            }
        }
        texts
    });
    // While the client reconnects (the second handshake is held), sends wait in the queue.
    assert_eq!(hook_seen.recv().await, Some(1012));
    for id in ["queued-1", "queued-2"] {
        sender.send_raw(json!({"type": "response.cancel", "event_id": id}).to_string()).await.unwrap();
    }
    open_gate.send(()).unwrap();
    assert_eq!(reader.await.unwrap(), ["before", "after"]);
    assert_eq!(*events.lock().unwrap(), [(1, 1012)]);
    assert_eq!(server.handshake(1).target, "/v1/realtime?model=gpt-realtime&resume=1");
}

#[tokio::test]
async fn an_unrecoverable_close_ends_the_stream_with_a_typed_error() {
    let server = WsServer::start(vec![script(|mut ws| async move {
        close(&mut ws, 1008, "policy violation").await;
    })])
    .await;
    let attempts = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&attempts);
    let options = ConnectOptions::new().model("m").on_reconnecting(move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
        None
    });
    let mut connection = client(&server.base_url).realtime().connect_with(options).await.unwrap();
    let error = connection.next().await.unwrap().unwrap_err();
    let Error::SocketClosed { code, reason, unsent } = error else { panic!("{error:?}") };
    assert_eq!((code, reason.as_str(), unsent.len()), (1008, "policy violation", 0));
    assert!(connection.next().await.is_none());
    assert_eq!(attempts.load(Ordering::SeqCst), 0, "1008 is not reconnected");
    let refused = connection.send_raw("{}").await.unwrap_err();
    assert!(matches!(refused, Error::Socket(_)), "{refused:?}");
}

#[tokio::test]
async fn reconnection_that_gives_up_returns_the_unsent_messages() {
    let (hook_called, mut hook_seen) = tokio::sync::mpsc::unbounded_channel::<u32>();
    let server = WsServer::start(vec![script(|mut ws| async move { close(&mut ws, 1011, "oops").await })]).await;
    let options =
        ConnectOptions::new().model("m").max_retries(2).initial_delay(Duration::from_millis(1)).on_reconnecting(
            move |event| {
                hook_called.send(event.attempt).unwrap();
                // Abort on the second attempt, after a message has been queued.
                (event.attempt == 2).then(ReconnectingOverrides::abort)
            },
        );
    let mut connection = client(&server.base_url).realtime().connect_with(options).await.unwrap();
    let sender = connection.sender();
    let reader = tokio::spawn(async move { connection.next().await });
    assert_eq!(hook_seen.recv().await, Some(1));
    sender.send_raw("{\"type\":\"response.cancel\"}").await.unwrap();
    let error = reader.await.unwrap().unwrap().unwrap_err();
    let Error::SocketClosed { code, unsent, .. } = error else { panic!("{error:?}") };
    assert_eq!(code, 1011);
    assert_eq!(unsent, ["{\"type\":\"response.cancel\"}"]);
}

#[tokio::test]
async fn a_handshake_refused_with_401_is_an_authentication_error() {
    // A plain HTTP server answering 401 to the upgrade.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut tcp, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = tcp.read(&mut buf).await;
        let body = r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#;
        let reply = format!(
            "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        tcp.write_all(reply.as_bytes()).await.unwrap();
    });
    let error = client(&base_url).realtime().connect("m").await.unwrap_err();
    let Error::Authentication(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.code, Some(openai_sdk::ErrorCode::String("invalid_api_key".into())));
}

#[tokio::test]
async fn a_slow_consumer_slows_the_server_instead_of_buffering_without_bound() {
    const MESSAGES: usize = 1000;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let server = WsServer::start(vec![script(move |mut ws| async move {
        let padding = "x".repeat(64 * 1024);
        for i in 0..MESSAGES {
            let event = json!({"type": "response.output_text.delta", "event_id": i.to_string(), "delta": padding});
            if ws.send(Message::text(event.to_string())).await.is_err() {
                return;
            }
            counter.fetch_add(1, Ordering::SeqCst);
        }
        close(&mut ws, 1000, "").await;
    })])
    .await;
    let mut connection = client(&server.base_url).realtime().connect("m").await.unwrap();
    // Read nothing until the server can send no more: it is held by TCP flow control.
    let mut last = usize::MAX;
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = sent.load(Ordering::SeqCst);
        if now == last {
            break;
        }
        last = now;
    }
    assert!(last < MESSAGES / 4, "the server sent {last} of {MESSAGES} 64 KiB messages to a client reading none");
    let mut received = 0;
    while let Some(event) = connection.next().await {
        event.unwrap();
        received += 1;
    }
    assert_eq!(received, MESSAGES);
}

#[tokio::test]
async fn pings_are_answered_and_sent() {
    let server = WsServer::start(vec![script(|mut ws| async move {
        ws.send(Message::Ping(b"are you there".to_vec().into())).await.unwrap();
        let (mut pong, mut ping) = (false, false);
        while !(pong && ping) {
            match ws.next().await {
                Some(Ok(Message::Pong(data))) => pong = data.as_ref() == b"are you there",
                Some(Ok(Message::Ping(_))) => ping = true,
                other => panic!("{other:?}"),
            }
        }
        send_json(&mut ws, delta("done")).await;
        close(&mut ws, 1000, "").await;
    })])
    .await;
    let options = ConnectOptions::new().model("m").ping_interval(Some(Duration::from_millis(20)));
    let mut connection = client(&server.base_url).realtime().connect_with(options).await.unwrap();
    // A guard against hanging, not a speed check: the server answers within milliseconds.
    let event = tokio::time::timeout(Duration::from_secs(60), connection.next())
        .await
        .expect("the server saw a pong and a ping");
    assert!(matches!(event.unwrap().unwrap(), RealtimeServerEvent::ResponseOutputTextDelta(_)));
}

#[tokio::test]
async fn a_server_that_goes_silent_counts_as_dropped() {
    // The server never reads, so it never answers the client's pings.
    let server = WsServer::start(vec![script(|ws| async move {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(ws);
    })])
    .await;
    let options = ConnectOptions::new()
        .model("m")
        .ping_interval(Some(Duration::from_millis(10)))
        .ping_timeout(Duration::from_millis(10));
    let mut connection = client(&server.base_url).realtime().connect_with(options).await.unwrap();
    let error = connection.next().await.unwrap().unwrap_err();
    let Error::SocketClosed { code, reason, .. } = error else { panic!("{error:?}") };
    assert_eq!(code, 1006);
    assert!(reason.contains("keepalive"), "{reason}");
}

#[tokio::test]
async fn two_responses_run_on_one_connection_in_their_own_lanes() {
    let server = WsServer::start(vec![script(|mut ws| async move {
        let a = recv_json(&mut ws).await;
        let b = recv_json(&mut ws).await;
        assert_eq!((a["type"].as_str(), a["stream_id"].as_str()), (Some("response.create"), Some("a")));
        assert_eq!((b["model"].as_str(), b["input"].as_str()), (Some("gpt-5"), Some("Say world.")));
        let text = |lane: &str, delta: &str, n: i64| {
            json!({"type": "response.output_text.delta", "stream_id": lane, "sequence_number": n,
                   "item_id": "i", "output_index": 0, "content_index": 0, "delta": delta, "logprobs": []})
        };
        let done = |lane: &str, id: &str, n: i64| {
            json!({"type": "response.completed", "stream_id": lane, "sequence_number": n,
                   "response": {"id": id, "object": "response", "created_at": 1, "status": "completed",
                                "model": "gpt-5", "output": []}})
        };
        for event in [text("a", "Hel", 1), text("b", "Wor", 1), text("a", "lo", 2), text("b", "ld", 2)] {
            send_json(&mut ws, event).await;
        }
        send_json(&mut ws, done("b", "resp_b", 3)).await;
        send_json(
            &mut ws,
            json!({"type": "error", "status": 400, "stream_id": "c",
                   "error": {"type": "invalid_request_error", "message": "no model", "code": "missing_model"}}),
        )
        .await;
        send_json(&mut ws, done("a", "resp_a", 3)).await;
        close(&mut ws, 1000, "").await;
    })])
    .await;
    let mut connection = client(&server.base_url).responses().connect().await.unwrap();
    for (lane, input) in [("a", "Say hello."), ("b", "Say world.")] {
        connection.response().create().with(|r| r.model("gpt-5").input(input).stream_id(lane)).await.unwrap();
    }
    let mut lanes = ResponseLanes::new();
    let mut finished = Vec::new();
    while let Some(event) = connection.next().await {
        let event = event.unwrap();
        if let ResponsesSocketEvent::Event { event: ResponseStreamEvent::ResponseOutputTextDelta(_), stream_id } =
            &event
        {
            assert!(stream_id.is_some());
        }
        if let Some(done) = lanes.push(&event) {
            finished.push(done);
        }
    }
    let summary: Vec<(Option<&str>, &str, String)> = finished
        .iter()
        .map(|f| {
            let outcome = match &f.response {
                Ok(response) => response.id.clone(),
                Err(e) => e.to_string(),
            };
            (f.stream_id.as_deref(), f.text.as_str(), outcome)
        })
        .collect();
    assert_eq!(summary[0], (Some("b"), "World", "resp_b".to_string()));
    assert_eq!(summary[1].0, Some("c"));
    assert!(summary[1].2.contains("no model"), "{:?}", summary[1]);
    assert_eq!(summary[2], (Some("a"), "Hello", "resp_a".to_string()));
    assert_eq!(server.handshake(0).target, "/v1/responses");
}

#[tokio::test]
async fn bad_input_is_a_typed_error_before_connecting() {
    let client = client("http://127.0.0.1:9/v1");
    let error = client.responses().connect_with(ConnectOptions::new().model("m")).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let error =
        client.realtime().connect_with(ConnectOptions::new().model("m").header("bad header", "v")).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let error =
        client.realtime().connect_with(ConnectOptions::new().model("m").header("x", "line\nbreak")).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
}

/// What openai-python's README sends, written as it reads there: a session update as JSON
/// (a dict in Python), a user's text message from a string, and a response request.
#[tokio::test]
async fn a_session_update_as_json_and_a_text_message_from_a_string() {
    let server = WsServer::start(vec![script(|mut ws| async move {
        let update = recv_json(&mut ws).await;
        assert_eq!(
            update,
            json!({"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief."}})
        );
        let item = recv_json(&mut ws).await;
        assert_eq!(item["type"], "conversation.item.create");
        assert_eq!(
            item["item"],
            json!({"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Say hello!"}]})
        );
        let create = recv_json(&mut ws).await;
        assert_eq!(create, json!({"type": "response.create"}));
        close(&mut ws, 1000, "").await;
    })])
    .await;
    let connection = client(&server.base_url).realtime().connect("gpt-realtime").await.unwrap();
    connection.session().update(json!({"type": "realtime", "instructions": "Be brief."})).await.unwrap();
    connection.conversation().item().create("Say hello!").await.unwrap();
    connection.response().create().await.unwrap();
    let mut connection = connection;
    assert!(connection.next().await.is_none());
}
