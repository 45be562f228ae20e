//! OpenTelemetry GenAI telemetry: the span of one chat completion, with its `gen_ai.*`
//! attributes, printed by a small tracing layer. With `tracing-opentelemetry` in its place,
//! the same span is exported to any OpenTelemetry backend.
//!
//! `OPENAI_API_KEY=... OPENAI_BASE_URL=... cargo run -p openai-sdk --example telemetry --features telemetry`

use std::collections::BTreeMap;
use std::sync::Mutex;

use openai_sdk::Client;
use openai_sdk::types::CreateChatCompletionRequest;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt};

/// Prints each span's attributes when it closes.
#[derive(Default)]
struct PrintSpans {
    open: Mutex<BTreeMap<u64, BTreeMap<String, String>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().into(), format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for PrintSpans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        self.open.lock().unwrap().insert(id.into_u64(), fields);
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some(fields) = self.open.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn on_close(&self, id: Id, _: Context<'_, S>) {
        if let Some(fields) = self.open.lock().unwrap().remove(&id.into_u64()) {
            println!("span closed:");
            for (name, value) in fields {
                println!("  {name} = {value}");
            }
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), openai_sdk::Error> {
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(PrintSpans::default()))
        .expect("no other subscriber is set");
    let client = Client::new()?;
    let request = CreateChatCompletionRequest::new(vec!["Say hello.".into()], "gpt-4o-mini").max_completion_tokens(20);
    let completion = client.chat().completions().create(request).await?;
    println!("{}", completion.choices.first().and_then(|c| c.message.content.as_deref()).unwrap_or_default());
    Ok(())
}
