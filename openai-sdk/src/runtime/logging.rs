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
    *LEVEL.get_or_init(|| {
        let value = std::env::var("OPENAI_LOG").ok()?;
        match value.trim().to_ascii_lowercase().as_str() {
            "debug" => Some(Level::DEBUG),
            "info" => Some(Level::INFO),
            "warn" | "warning" => Some(Level::WARN),
            _ => None,
        }
    })
}

/// Whether `OPENAI_LOG` asks for events of `level` on stderr.
#[inline]
pub(crate) fn to_stderr(level: Level) -> bool {
    stderr_level().is_some_and(|max| level <= max)
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
    fn levels_order_as_openai_log_means_them() {
        // `OPENAI_LOG=info` shows warnings and info, not debug.
        assert!(Level::WARN <= Level::INFO && Level::DEBUG > Level::INFO);
    }
}
