//! Timeouts, as openai-python's: 600 s per read (also between two events of a stream),
//! 5 s to connect, and no limit on a whole attempt unless you set one. A timed-out
//! attempt is retried.

use std::time::Duration;

use openai_sdk::{Client, Error, Timeout};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // A `Duration` sets the read timeout; `Timeout` sets each limit.
    let client = Client::builder()
        .timeout(Timeout::new().read(Duration::from_secs(20)).connect(Duration::from_secs(2)))
        .build()?;
    let models =
        client.get("/models").timeout(Timeout::new().read(Duration::from_secs(5)).total(Duration::from_secs(10))).await;
    match models {
        Err(Error::Timeout) => eprintln!("timed out, even after retries"),
        other => println!("{:?}", other.map(|r| r.status())),
    }
    Ok(())
}
