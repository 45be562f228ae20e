//! A server-sent events decoder, per the WHATWG event-stream rules.
//!
//! It takes the body chunk by chunk as it arrives and yields events as soon as their blank
//! line does. Lines may end in `\r`, `\n` or `\r\n`, and a chunk may end anywhere: inside a
//! line, between the `\r` and `\n` of one line end, or inside a multi-byte character. Bytes
//! are copied once into the line buffer and once into the event's fields.

use std::collections::VecDeque;

use bytes::{Buf, BytesMut};

/// One dispatched event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event` field, if the event had one.
    pub event: Option<String>,
    /// The `data` lines, joined by `\n`.
    pub data: String,
    /// The last event id seen so far in the stream (it persists across events).
    pub id: Option<String>,
    /// The `retry` field (milliseconds), if the event had a valid one.
    pub retry: Option<u64>,
}

/// A line of the stream that is not UTF-8. The event it was part of is dropped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the event stream has a line that is not valid UTF-8 (line {line})")]
pub struct InvalidUtf8 {
    /// The 1-based line number in the stream.
    pub line: u64,
}

/// An incremental event-stream decoder: [`feed`](Self::feed) it chunks, take events with
/// [`next_event`](Self::next_event).
#[derive(Debug, Default)]
pub struct SseDecoder {
    /// Bytes of the line being read.
    buffer: BytesMut,
    /// How much of `buffer` is known to hold no line end.
    scanned: usize,
    /// The previous chunk ended in `\r`: a `\n` opening this one belongs to that line end.
    after_cr: bool,
    /// Whether the stream's first line is still ahead (a byte order mark there is dropped).
    at_start: bool,
    line: u64,
    event: Option<String>,
    data: String,
    has_data: bool,
    last_id: Option<String>,
    retry: Option<u64>,
    /// A field was set since the last dispatch.
    pending: bool,
    /// The current event had an invalid line: drop it at dispatch.
    poisoned: bool,
    ready: VecDeque<Result<SseEvent, InvalidUtf8>>,
}

impl SseDecoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        SseDecoder { at_start: true, ..Default::default() }
    }

    /// Takes the next chunk of the stream, decoding every line it completes.
    pub fn feed(&mut self, chunk: &[u8]) {
        let mut chunk = chunk;
        if chunk.is_empty() {
            return;
        }
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        self.buffer.extend_from_slice(chunk);
        while let Some(offset) = memchr::memchr2(b'\n', b'\r', &self.buffer[self.scanned..]) {
            let end = self.scanned + offset;
            let terminator = self.buffer[end];
            let line = self.buffer.split_to(end);
            self.buffer.advance(1);
            if terminator == b'\r' {
                match self.buffer.first() {
                    Some(b'\n') => self.buffer.advance(1),
                    // The `\n` of a `\r\n` may be the next chunk's first byte.
                    None => self.after_cr = true,
                    Some(_) => {}
                }
            }
            self.scanned = 0;
            self.line(&line);
        }
        self.scanned = self.buffer.len();
    }

    /// The next complete event, or `None` until more input completes one.
    pub fn next_event(&mut self) -> Option<Result<SseEvent, InvalidUtf8>> {
        self.ready.pop_front()
    }

    fn line(&mut self, bytes: &[u8]) {
        self.line += 1;
        let mut bytes = bytes;
        if std::mem::take(&mut self.at_start) {
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        if bytes.is_empty() {
            self.dispatch();
            return;
        }
        let Ok(line) = std::str::from_utf8(bytes) else {
            self.poisoned = true;
            self.pending = true;
            self.ready.push_back(Err(InvalidUtf8 { line: self.line }));
            return;
        };
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => {
                self.event = Some(value.to_string());
                self.pending = true;
            }
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
                self.pending = true;
            }
            "id" if !value.contains('\0') => {
                self.last_id = Some(value.to_string());
                self.pending = true;
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse() {
                    self.retry = Some(ms);
                    self.pending = true;
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let poisoned = std::mem::take(&mut self.poisoned);
        let event = SseEvent {
            event: self.event.take(),
            data: std::mem::take(&mut self.data),
            id: self.last_id.clone(),
            retry: self.retry.take(),
        };
        self.has_data = false;
        if pending && !poisoned {
            self.ready.push_back(Ok(event));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_chunks(chunks: &[&[u8]]) -> Vec<Result<SseEvent, InvalidUtf8>> {
        let mut decoder = SseDecoder::new();
        let mut out = Vec::new();
        for chunk in chunks {
            decoder.feed(chunk);
            while let Some(event) = decoder.next_event() {
                out.push(event);
            }
        }
        out
    }

    fn data(event: &Result<SseEvent, InvalidUtf8>) -> &str {
        &event.as_ref().unwrap().data
    }

    #[test]
    fn fields_comments_and_multiline_data() {
        let events = decode_chunks(&[b": hello\nevent: x\ndata:  two spaces\ndata:b\nid: 7\nretry: 10\n\n"]);
        assert_eq!(
            events,
            vec![Ok(SseEvent {
                event: Some("x".into()),
                data: " two spaces\nb".into(),
                id: Some("7".into()),
                retry: Some(10),
            })]
        );
    }

    #[test]
    fn every_line_end_and_split_crlf() {
        for input in [&b"data: a\r\n\r\ndata: b\r\n\r\n"[..], b"data: a\r\rdata: b\r\r", b"data: a\n\ndata: b\n\n"] {
            for split in 0..=input.len() {
                let events = decode_chunks(&[&input[..split], &input[split..]]);
                let got: Vec<&str> = events.iter().map(data).collect();
                assert_eq!(got, ["a", "b"], "{input:?} split at {split}");
            }
        }
    }

    #[test]
    fn id_persists_and_rejects_nul_retry_needs_digits() {
        let events = decode_chunks(&[b"id: 1\ndata: a\n\ndata: b\n\nid: x\0y\nretry: 5s\ndata: c\n\n"]);
        let ids: Vec<_> = events.iter().map(|e| e.as_ref().unwrap().id.clone()).collect();
        assert_eq!(ids, [Some("1".into()), Some("1".into()), Some("1".into())]);
        assert_eq!(events[2].as_ref().unwrap().retry, None);
    }

    #[test]
    fn unterminated_event_is_dropped_and_blank_lines_alone_dispatch_nothing() {
        let events = decode_chunks(&[b"\n\n\ndata: a\n\ndata: b\n"]);
        assert_eq!(events.len(), 1);
        assert_eq!(data(&events[0]), "a");
    }

    #[test]
    fn field_without_colon_and_empty_data() {
        let events = decode_chunks(&[b"data\n\ndata:\ndata:\n\n"]);
        let got: Vec<&str> = events.iter().map(data).collect();
        assert_eq!(got, ["", "\n"]);
    }

    #[test]
    fn invalid_utf8_is_an_error_and_the_stream_goes_on() {
        let events = decode_chunks(&[b"data: \xff\xfe\n\ndata: ok\n\n"]);
        assert_eq!(events[0], Err(InvalidUtf8 { line: 1 }));
        assert_eq!(data(&events[1]), "ok");
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn multibyte_split_across_chunks_and_bom() {
        let input = "\u{feff}data: h\u{e9}llo \u{1f600}\n\n".as_bytes();
        for split in 0..=input.len() {
            let events = decode_chunks(&[&input[..split], &input[split..]]);
            assert_eq!(data(&events[0]), "h\u{e9}llo \u{1f600}", "split at {split}");
        }
    }
}
