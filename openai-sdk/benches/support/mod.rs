//! The loopback HTTP/1.1 server the benches talk to: keep-alive connections, each request
//! read and discarded (its body through a fixed buffer, so uploads of any size cost no
//! memory here), every one answered with the same reply. It does as little per request as
//! it can, so what a bench compares is the clients.

// Each bench uses the replies it needs.
#![allow(dead_code)]

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server answers every request with.
#[derive(Clone)]
pub enum Reply {
    /// `200`, `application/json`, with a content length.
    Json(Bytes),
    /// `200`, `text/event-stream`, chunked in 4 KiB writes.
    EventStream(Bytes),
}

/// Starts the server on 127.0.0.1, on a thread and runtime of its own so that it never
/// competes with the client for a worker, and returns its base URL.
pub fn serve(reply: Reply) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        pin_to_cpu(1);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            while let Ok((socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(connection(socket, reply.clone()));
            }
        });
    });
    url
}

/// Keeps the calling thread on one CPU (where the OS allows), so that client and server
/// run on CPUs of their own: runs then differ far less than when the scheduler moves them.
pub fn pin_to_cpu(cpu: usize) {
    #[cfg(target_os = "linux")]
    // SAFETY: `set` is a plain bit set, zeroed then filled by the libc macros, and passed
    // with its own size; the call only changes this thread's scheduling.
    unsafe {
        let cpus = libc::sysconf(libc::_SC_NPROCESSORS_ONLN).max(1) as usize;
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu % cpus, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cpu;
}

async fn connection(mut socket: TcpStream, reply: Reply) {
    // A JSON reply is written whole, its head made once for the connection.
    let reply = match reply {
        Reply::Json(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req_bench\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            Reply::Json(Bytes::from([head.as_bytes(), &body].concat()))
        }
        stream => stream,
    };
    let mut buffer = vec![0u8; 256 * 1024];
    // Bytes read past the end of the previous request.
    let mut filled = 0;
    loop {
        let Some((head_end, length)) = read_head(&mut socket, &mut buffer, &mut filled).await else { return };
        // Discard the body: what is already in the buffer, then the rest as it comes.
        let in_buffer = (filled - head_end).min(length);
        let mut remaining = length - in_buffer;
        buffer.copy_within(head_end + in_buffer..filled, 0);
        filled -= head_end + in_buffer;
        while remaining > 0 {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) if n > remaining => {
                    buffer.copy_within(remaining..n, 0);
                    filled = n - remaining;
                    remaining = 0;
                }
                Ok(n) => remaining -= n,
            }
        }
        let written = match &reply {
            Reply::Json(whole) => socket.write_all(whole).await,
            Reply::EventStream(body) => write_chunked(&mut socket, body).await,
        };
        if written.is_err() {
            return;
        }
    }
}

/// Reads until the end of a request head; returns where it ends and the body's length.
/// The head is parsed with `httparse`, the parser hyper's servers use.
async fn read_head(socket: &mut TcpStream, buffer: &mut Vec<u8>, filled: &mut usize) -> Option<(usize, usize)> {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer[..*filled]) {
            Ok(httparse::Status::Complete(head_end)) => {
                let length = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .and_then(|h| std::str::from_utf8(h.value).ok()?.trim().parse().ok())
                    .unwrap_or(0);
                return Some((head_end, length));
            }
            Ok(httparse::Status::Partial) => {}
            Err(_) => return None,
        }
        if *filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        match socket.read(&mut buffer[*filled..]).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => *filled += n,
        }
    }
}

async fn write_chunked(socket: &mut TcpStream, body: &[u8]) -> std::io::Result<()> {
    socket
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
        .await?;
    for piece in body.chunks(4096) {
        let frame = [format!("{:x}\r\n", piece.len()).as_bytes(), piece, b"\r\n"].concat();
        socket.write_all(&frame).await?;
    }
    socket.write_all(b"0\r\n\r\n").await
}
