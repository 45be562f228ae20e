//! A WebSocket server on 127.0.0.1 for the socket tests: each accepted connection runs the
//! next script, and every handshake's path, query and headers are recorded.

#![allow(dead_code)]
#![allow(clippy::result_large_err)] // tungstenite's handshake callback returns its own error type.

use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

pub type Ws = WebSocketStream<TcpStream>;

/// What one connection does once its handshake is done.
pub type Script = Box<dyn FnOnce(Ws) -> BoxFuture<'static, ()> + Send>;

/// One handshake as the server saw it.
#[derive(Debug, Clone)]
pub struct Handshake {
    /// Path and query (`/v1/realtime?model=gpt-realtime`).
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Handshake {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct WsServer {
    /// `http://127.0.0.1:PORT/v1`, to use as the client's base URL.
    pub base_url: String,
    pub handshakes: Arc<Mutex<Vec<Handshake>>>,
}

/// Before the handshake of the connection at this index completes, wait for this.
pub type Gate = (usize, tokio::sync::oneshot::Receiver<()>);

impl WsServer {
    pub async fn start(scripts: Vec<Script>) -> WsServer {
        Self::start_gated(scripts, None).await
    }

    /// As `start`, holding one connection's handshake until `gate` opens.
    pub async fn start_gated(scripts: Vec<Script>, gate: Option<Gate>) -> WsServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        let handshakes = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&handshakes);
        tokio::spawn(async move {
            let mut gate = gate;
            for (index, script) in scripts.into_iter().enumerate() {
                let Ok((tcp, _)) = listener.accept().await else { return };
                if gate.as_ref().is_some_and(|(at, _)| *at == index) {
                    let (_, open) = gate.take().unwrap();
                    let _ = open.await;
                }
                let seen = Arc::clone(&seen);
                let record = move |request: &Request, response: Response| {
                    let headers = request
                        .headers()
                        .iter()
                        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
                        .collect();
                    let target = request.uri().to_string();
                    seen.lock().unwrap().push(Handshake { target, headers });
                    Ok(response)
                };
                let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, record).await else { continue };
                tokio::spawn(script(ws));
            }
        });
        WsServer { base_url, handshakes }
    }

    pub fn handshake(&self, index: usize) -> Handshake {
        self.handshakes.lock().unwrap()[index].clone()
    }
}

/// The next text message the client sent, as JSON (pings and pongs skipped).
pub async fn recv_json(ws: &mut Ws) -> serde_json::Value {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return serde_json::from_str(text.as_str()).unwrap(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

pub async fn send_json(ws: &mut Ws, value: serde_json::Value) {
    ws.send(Message::text(value.to_string())).await.unwrap();
}

pub async fn close(ws: &mut Ws, code: u16, reason: &str) {
    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.to_string().into() };
    let _ = ws.send(Message::Close(Some(frame))).await;
    // Wait for the client's answer, so the close is seen whole.
    while let Some(Ok(message)) = ws.next().await {
        if message.is_close() {
            break;
        }
    }
}
