//! A real HTTP/1.1 server on 127.0.0.1 for the runtime tests, scripted reply by reply, so a
//! test can make the network misbehave in ways a framework would smooth over (a connection
//! reset mid-body, a reply slower than the timeout) and see exactly what the client sent.

#![allow(dead_code)] // Each test binary uses a different part of it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One reply the server gives, in order; the last one repeats.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response.
    Status { status: u16, headers: Vec<(String, String)>, body: String },
    /// Waits, then replies.
    Delayed(Duration, Box<Reply>),
    /// Sends headers and half the body, then resets the connection.
    ResetMidBody,
    /// A chunked body sent piece by piece (each flushed, `pause` apart); `cut` resets the
    /// connection after the last piece instead of ending the body.
    Chunked { headers: Vec<(String, String)>, pieces: Vec<Vec<u8>>, pause: Duration, cut: bool },
    /// A 200 with a chunked body, each piece sent after its own pause (headers at once).
    Paced { headers: Vec<(String, String)>, pieces: Vec<(Duration, Vec<u8>)> },
}

impl Reply {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Status { status, headers: vec![("content-type".into(), "application/json".into())], body: body.into() }
    }

    /// A `text/event-stream` body sent in `pieces`.
    pub fn sse(pieces: Vec<Vec<u8>>) -> Reply {
        Reply::Chunked {
            headers: vec![("content-type".into(), "text/event-stream".into())],
            pieces,
            pause: Duration::ZERO,
            cut: false,
        }
    }

    /// A `text/event-stream` body whose pieces come each after its pause.
    pub fn paced_sse(pieces: Vec<(Duration, Vec<u8>)>) -> Reply {
        Reply::Paced { headers: vec![("content-type".into(), "text/event-stream".into())], pieces }
    }

    /// Adds a header.
    pub fn header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Status { status, mut headers, body } => {
                headers.push((name.into(), value.into()));
                Reply::Status { status, headers, body }
            }
            Reply::Chunked { mut headers, pieces, pause, cut } => {
                headers.push((name.into(), value.into()));
                Reply::Chunked { headers, pieces, pause, cut }
            }
            other => other,
        }
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names in lower case, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When the request was read whole.
    pub at: std::time::Instant,
}

impl Received {
    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// The running server; it stops when dropped.
pub struct LocalServer {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    /// Replies whose writing failed because the client had gone.
    abandoned: Arc<std::sync::atomic::AtomicUsize>,
    /// Connections accepted.
    connections: Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LocalServer {
    /// Starts a server that answers with `replies` in order (the last one repeating).
    pub async fn start(replies: Vec<Reply>) -> LocalServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new((replies, 0usize)));
        let log = Arc::clone(&received);
        let abandoned = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let abandoned_count = Arc::clone(&abandoned);
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let accepted = Arc::clone(&connections);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let log = Arc::clone(&log);
                let script = Arc::clone(&script);
                let abandoned = Arc::clone(&abandoned_count);
                tokio::spawn(async move {
                    if serve(stream, log, script).await.is_err() {
                        abandoned.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                });
            }
        });
        LocalServer { url, received, abandoned, connections, task }
    }

    /// How many replies could not be written to the end because the client went away.
    pub fn abandoned(&self) -> usize {
        self.abandoned.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// How many connections the server accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// The `x-stainless-retry-count` of each request received.
    pub fn retry_counts(&self) -> Vec<String> {
        self.received().iter().map(|r| r.header("x-stainless-retry-count").unwrap_or("-").to_string()).collect()
    }
}

/// An address where nothing listens.
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

type Script = Arc<Mutex<(Vec<Reply>, usize)>>;

async fn serve(mut stream: TcpStream, log: Arc<Mutex<Vec<Received>>>, script: Script) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await? else { return Ok(()) };
        log.lock().unwrap().push(request);
        let reply = {
            let mut guard = script.lock().unwrap();
            let (replies, next) = &mut *guard;
            let reply = replies[(*next).min(replies.len() - 1)].clone();
            *next += 1;
            reply
        };
        if !write_reply(&mut stream, reply).await? {
            return Ok(());
        }
    }
}

/// Writes `reply`; false when the connection must close.
async fn write_reply(stream: &mut TcpStream, mut reply: Reply) -> std::io::Result<bool> {
    loop {
        match reply {
            Reply::Delayed(delay, inner) => {
                tokio::time::sleep(delay).await;
                reply = *inner;
            }
            Reply::Status { status, headers, body } => {
                let mut head = format!("HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n", body.len());
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(body.as_bytes()).await?;
                stream.flush().await?;
                return Ok(true);
            }
            Reply::Chunked { headers, pieces, pause, cut } => {
                let pieces = pieces.into_iter().map(|piece| (pause, piece)).collect();
                return write_chunked(stream, headers, pieces, cut).await;
            }
            Reply::Paced { headers, pieces } => return write_chunked(stream, headers, pieces, false).await,
            Reply::ResetMidBody => {
                let head =
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"partial\":";
                stream.write_all(head.as_bytes()).await?;
                stream.flush().await?;
                tokio::time::sleep(Duration::from_millis(20)).await;
                // Linger 0: closing sends a TCP reset rather than a clean end of stream.
                stream.set_zero_linger()?;
                return Ok(false);
            }
        }
    }
}

/// A 200 with a chunked body, each piece after its pause (an empty piece sends nothing);
/// `cut` resets the connection after the last piece instead of ending the body. False when
/// the connection must close.
async fn write_chunked(
    stream: &mut TcpStream,
    headers: Vec<(String, String)>,
    pieces: Vec<(Duration, Vec<u8>)>,
    cut: bool,
) -> std::io::Result<bool> {
    let mut head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n".to_string();
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.flush().await?;
    for (pause, piece) in pieces {
        if !pause.is_zero() {
            tokio::time::sleep(pause).await;
        }
        if piece.is_empty() {
            continue;
        }
        stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await?;
        stream.write_all(&piece).await?;
        stream.write_all(b"\r\n").await?;
        stream.flush().await?;
    }
    if cut {
        stream.write_all(b"40\r\ndata: {\"cut").await?;
        stream.flush().await?;
        tokio::time::sleep(Duration::from_millis(20)).await;
        stream.set_zero_linger()?;
        return Ok(false);
    }
    stream.write_all(b"0\r\n\r\n").await?;
    stream.flush().await?;
    Ok(true)
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<Option<Received>> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_string();
    let target = request_line.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize =
        headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let body_start = head_end + 4;
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        buffer.drain(..body_start);
        let body = read_chunked(stream, buffer).await?;
        return Ok(body.map(|body| Received { method, target, headers, body, at: std::time::Instant::now() }));
    }
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Ok(Some(Received { method, target, headers, body, at: std::time::Instant::now() }))
}

/// A chunked request body, decoded; the bytes after it stay in `buffer`.
async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<Option<Vec<u8>>> {
    let mut body = Vec::new();
    loop {
        // The size line.
        let line_end = loop {
            if let Some(end) = buffer.windows(2).position(|w| w == b"\r\n") {
                break end;
            }
            if !fill(stream, buffer).await? {
                return Ok(None);
            }
        };
        let size_text = String::from_utf8_lossy(&buffer[..line_end]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        while buffer.len() < line_end + 2 + size + 2 {
            if !fill(stream, buffer).await? {
                return Ok(None);
            }
        }
        body.extend_from_slice(&buffer[line_end + 2..line_end + 2 + size]);
        buffer.drain(..line_end + 2 + size + 2);
        if size == 0 {
            return Ok(Some(body));
        }
    }
}

async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut chunk = [0u8; 4096];
    let n = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}
