//! Helpers for the generated `spec_examples` test.

mod known_failures;

use known_failures::KNOWN_FAILURES;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// Outcome of every example, printed at the end.
#[derive(Default)]
pub struct Report {
    passed: usize,
    skipped: Vec<(String, &'static str)>,
    failed: Vec<(String, String)>,
}

impl Report {
    /// Deserializes `example` as `T`, serialises it back, and compares.
    pub fn check<T: DeserializeOwned + Serialize>(&mut self, label: &str, example: &str) {
        let original: Value = serde_json::from_str(example).expect("the generator passes only JSON");
        let mut de = serde_json::Deserializer::from_str(example);
        let result = serde_path_to_error::deserialize::<_, T>(&mut de)
            .map_err(|e| format!("does not deserialize at {}: {}", e.path(), e.inner()))
            .and_then(|typed| serde_json::to_value(&typed).map_err(|e| format!("does not serialise: {e}")))
            .and_then(|back| lost(&original, &back, "").map_or(Ok(()), Err));
        match result {
            Ok(()) => self.passed += 1,
            Err(why) => self.failed.push((label.to_string(), why)),
        }
    }

    /// Records an example that cannot be checked, with the reason.
    pub fn skip(&mut self, label: &str, why: &'static str) {
        self.skipped.push((label.to_string(), why));
    }

    /// Prints the counts; fails on a failure not in [`KNOWN_FAILURES`], and on a known
    /// failure that now passes (so the list stays true).
    pub fn finish(self) {
        eprintln!(
            "spec examples: {} passed, {} failed ({} known), {} skipped",
            self.passed,
            self.failed.len(),
            KNOWN_FAILURES.len(),
            self.skipped.len()
        );
        for (label, why) in &self.skipped {
            eprintln!("  skipped {label}: {why}");
        }
        let mut problems: Vec<String> = self
            .failed
            .iter()
            .filter(|(label, _)| !KNOWN_FAILURES.iter().any(|(known, _)| known == label))
            .map(|(label, why)| format!("  {label}: {why}"))
            .collect();
        for (known, _) in KNOWN_FAILURES {
            if !self.failed.iter().any(|(label, _)| label == known) {
                problems.push(format!("  {known} now passes: remove it from KNOWN_FAILURES"));
            }
        }
        assert!(problems.is_empty(), "spec examples:\n{}", problems.join("\n"));
    }
}

/// The first difference where `back` lost or changed something `original` had. `null` and
/// absent are the same (optional fields are skipped when `None`), and numbers compare by value.
fn lost(original: &Value, back: &Value, path: &str) -> Option<String> {
    match (original, back) {
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(k, v)| {
            let here = format!("{path}/{k}");
            match b.get(k) {
                Some(w) => lost(v, w, &here),
                None if v.is_null() => None,
                None => Some(format!("lost {here}")),
            }
        }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (v, w))| lost(v, w, &format!("{path}/{i}")))
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (a, b) if a == b => None,
        (a, b) => Some(format!("changed {path}: {a} became {b}")),
    }
}
