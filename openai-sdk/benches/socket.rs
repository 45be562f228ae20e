//! Realtime WebSocket throughput: 20,000 server events (`response.output_text.delta`) over
//! loopback, consumed (a) as typed `RealtimeServerEvent`s from `client.realtime().connect()`
//! and (b) by a baseline of raw `tokio-tungstenite` + `serde_json` into a minimal struct, in
//! the same run, alternating rounds.
//!
//! `cargo bench -p openai-sdk --bench socket`
mod program {
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    use futures_util::{SinkExt, StreamExt};
    use openai_sdk::Client;
    use openai_sdk::types::RealtimeServerEvent;
    use serde::Deserialize;
    use tokio_tungstenite::tungstenite::Message;

    use super::support;

    const EVENTS: usize = 20_000;
    const ROUNDS: usize = 7;

    /// What a hand-written loop would decode: the type and the text.
    #[derive(Deserialize)]
    struct MinimalEvent {
        #[serde(rename = "type")]
        _kind: String,
        delta: Option<String>,
    }

    /// The events, as the API sends them.
    fn messages() -> Vec<String> {
        (0..EVENTS)
            .map(|i| {
                format!(
                    "{{\"type\":\"response.output_text.delta\",\"event_id\":\"event_{i}\",\"response_id\":\"resp_001\",\"item_id\":\"item_001\",\"output_index\":0,\"content_index\":0,\"delta\":\" token{i}\"}}"
                )
            })
            .collect()
    }

    /// Each connection gets the same events, then a normal close.
    fn serve() -> String {
        let messages = messages();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            support::pin_to_cpu(1);
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                listener.set_nonblocking(true).unwrap();
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    let (tcp, _) = listener.accept().await.unwrap();
                    let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
                    for message in &messages {
                        ws.feed(Message::text(message.clone())).await.unwrap();
                    }
                    ws.flush().await.unwrap();
                    let _ = ws.close(None).await;
                    while let Some(Ok(_)) = ws.next().await {}
                }
            });
        });
        url
    }

    async fn sdk_round(client: &Client) -> usize {
        let mut connection = client.realtime().connect("gpt-realtime").await.unwrap();
        let mut events = 0;
        while let Some(event) = connection.next().await {
            if let RealtimeServerEvent::ResponseOutputTextDelta(delta) = event.unwrap() {
                black_box(&delta.delta);
            }
            events += 1;
        }
        events
    }

    /// The raw loop, decoding each message into `T`.
    async fn baseline_round(url: &str) -> usize {
        raw_round::<MinimalEvent>(url, |e| drop(black_box(e.delta))).await
    }

    /// The raw loop decoding the very struct the SDK decodes these events into (the type
    /// known in advance, as no dispatch on `type` is needed).
    async fn same_fields_round(url: &str) -> usize {
        raw_round::<openai_sdk::types::RealtimeServerEventResponseTextDelta>(url, |e| drop(black_box(e.delta))).await
    }

    async fn raw_round<T: serde::de::DeserializeOwned>(url: &str, use_it: impl Fn(T)) -> usize {
        let ws_url = format!("{}/realtime?model=gpt-realtime", url.replacen("http", "ws", 1));
        let (mut socket, _) = tokio_tungstenite::connect_async(ws_url).await.unwrap();
        let mut events = 0;
        while let Some(message) = socket.next().await {
            match message.unwrap() {
                Message::Text(text) => {
                    use_it(serde_json::from_str::<T>(text.as_str()).unwrap());
                    events += 1;
                }
                Message::Close(_) => break,
                _ => {}
            }
        }
        events
    }

    fn median(mut times: Vec<Duration>) -> Duration {
        times.sort();
        times[times.len() / 2]
    }

    pub fn main() {
        support::pin_to_cpu(0);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let url = serve();
        let client = Client::builder().read_env(false).api_key("sk-bench").base_url(&url).build().unwrap();
        runtime.block_on(async {
            assert_eq!(sdk_round(&client).await, EVENTS);
            assert_eq!(baseline_round(&url).await, EVENTS);
        });
        let (mut sdk, mut baseline, mut same) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let started = Instant::now();
            runtime.block_on(sdk_round(&client));
            sdk.push(started.elapsed());
            let started = Instant::now();
            runtime.block_on(baseline_round(&url));
            baseline.push(started.elapsed());
            let started = Instant::now();
            runtime.block_on(same_fields_round(&url));
            same.push(started.elapsed());
        }
        let (sdk, baseline, same) = (median(sdk), median(baseline), median(same));
        let rate = |d: Duration| EVENTS as f64 / d.as_secs_f64();
        println!(
            "Realtime WebSocket over loopback, {EVENTS} text delta events, median of {ROUNDS} (an event is {} bytes):",
            std::mem::size_of::<RealtimeServerEvent>()
        );
        println!("  baseline (tokio-tungstenite + serde_json, minimal struct): {:>9.0} events/s", rate(baseline));
        println!("  the same loop into the event's own struct (all its fields):  {:>9.0} events/s", rate(same));
        println!("  openai-sdk typed RealtimeServerEvent stream:               {:>9.0} events/s", rate(sdk));
        println!(
            "  ratio: {:.2}x baseline throughput (target >= 0.80x); {:.2}x the same-fields loop",
            rate(sdk) / rate(baseline),
            rate(sdk) / rate(same)
        );

        // Decoding alone, text in memory to events.
        let messages = messages();
        let time = |decode: &dyn Fn(&str)| {
            median(
                (0..ROUNDS)
                    .map(|_| {
                        let started = Instant::now();
                        messages.iter().for_each(|m| decode(m));
                        started.elapsed()
                    })
                    .collect(),
            )
        };
        let minimal = time(&|m| drop(black_box(serde_json::from_str::<MinimalEvent>(m).unwrap())));
        let variant = time(&|m| {
            drop(black_box(serde_json::from_str::<openai_sdk::types::RealtimeServerEventResponseTextDelta>(m).unwrap()))
        });
        let typed = time(&|m| drop(black_box(openai_sdk::RealtimeConnection::parse_event(m).unwrap())));
        println!(
            "decode only: minimal struct {:.0}/s, its variant struct (type known) {:.0}/s, RealtimeServerEvent {:.0}/s",
            rate(minimal),
            rate(variant),
            rate(typed)
        );
    }
}
mod support;
use program::main;
