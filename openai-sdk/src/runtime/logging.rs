//! The SDK's log events: each is a `tracing` event, for the program's own subscriber, and,
//! when `OPENAI_LOG=info|debug` (or `warn`) asks for it, the same line on stderr.
//!
//! Nothing global is installed: `OPENAI_LOG` turns on a writer of the SDK's own, so a
//! program that later installs its own subscriber (`tracing_subscriber::fmt().init()`) does
//! not collide with it; such a program gets every event there, and sees the stderr lines
//! too only while `OPENAI_LOG` is set.

use std::fmt::Display;
use std::io::Write;
use std::sync::OnceLock;

use tracing::Level;

/// The level `OPENAI_LOG` names, read once per process: `None` when unset or unknown.
fn stderr_level() -> Option<Level> {
    static LEVEL: OnceLock<Option<Level>> = OnceLock::new();
    *LEVEL.get_or_init(|| std::env::var("OPENAI_LOG").ok().and_then(|value| parse_level(&value)))
}

/// The level an `OPENAI_LOG` value names.
fn parse_level(value: &str) -> Option<Level> {
    match value.trim().to_ascii_lowercase().as_str() {
        "debug" => Some(Level::DEBUG),
        "info" => Some(Level::INFO),
        "warn" | "warning" => Some(Level::WARN),
        _ => None,
    }
}

/// Whether events of `level` go to stderr when `OPENAI_LOG` names `max`.
fn shown(level: Level, max: Option<Level>) -> bool {
    max.is_some_and(|max| level <= max)
}

/// Whether `OPENAI_LOG` asks for events of `level` on stderr.
#[inline]
pub(crate) fn to_stderr(level: Level) -> bool {
    shown(level, stderr_level())
}

/// Writes one event as a line on stderr: `[openai_sdk INFO] response method=GET status=200`.
/// A failed write is dropped: logging never fails a request.
pub(crate) fn write_line(level: Level, message: &str, fields: &[(&str, &dyn Display)]) {
    let mut line = format!("[openai_sdk {level}] {message}");
    for (name, value) in fields {
        line.push_str(&format!(" {name}={value}"));
    }
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// `log_event!(INFO, "message", field = value, ...)`: a `tracing` event of that level with
/// the fields, and the same line on stderr when `OPENAI_LOG` asks. Each value is a
/// `tracing` value that is also `Display` (text, a number, `tracing::field::display(x)`).
/// The fields are evaluated only where the event goes somewhere.
macro_rules! log_event {
    ($level:ident, $message:literal $(, $field:ident = $value:expr)* $(,)?) => {{
        tracing::event!(
            target: "openai_sdk",
            tracing::Level::$level,
            $($field = $value,)*
            $message
        );
        if $crate::runtime::logging::to_stderr(tracing::Level::$level) {
            $crate::runtime::logging::write_line(
                tracing::Level::$level,
                $message,
                &[$((stringify!($field), &$value as &dyn std::fmt::Display)),*],
            );
        }
    }};
}
pub(crate) use log_event;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_log_shows_its_level_and_the_more_severe_ones() {
        let info = parse_level(" INFO ");
        assert_eq!(info, Some(Level::INFO));
        assert!(shown(Level::WARN, info) && shown(Level::INFO, info) && !shown(Level::DEBUG, info));
        assert!(shown(Level::DEBUG, parse_level("debug")));
        assert!(!shown(Level::INFO, parse_level("warning")) && shown(Level::WARN, parse_level("warning")));
        assert_eq!(parse_level("verbose"), None);
        assert!(!shown(Level::WARN, None));
    }
}
