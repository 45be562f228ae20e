//! `OPENAI_LOG=info|debug` turns on a stderr logger for users who have not set up `tracing`.

use std::sync::Once;

/// Installs a `tracing` subscriber at the level `OPENAI_LOG` names, once, and only if the
/// program has not installed one of its own.
pub(crate) fn init_from_env() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let level = match std::env::var("OPENAI_LOG").ok().as_deref().map(str::trim) {
            Some(l) if l.eq_ignore_ascii_case("debug") => tracing::Level::DEBUG,
            Some(l) if l.eq_ignore_ascii_case("info") => tracing::Level::INFO,
            _ => return,
        };
        if tracing::dispatcher::has_been_set() {
            return;
        }
        let subscriber =
            tracing_subscriber::fmt().with_max_level(level).with_writer(std::io::stderr).with_target(false).finish();
        // Losing a race with the program's own subscriber is fine: theirs wins.
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}
