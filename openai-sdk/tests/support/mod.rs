//! Helpers for the generated `spec_examples` test.

mod known_failures;

use known_failures::KNOWN_FAILURES;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// Outcome of every example, printed at the end.
#[derive(Default)]
pub struct Report {
    /// Examples that decode (through the SDK's own, lenient, decoding).
    decoded: usize,
    /// Of those, the ones that are JSON only once repaired as a reader would.
    repaired: usize,
    /// Examples that decode and serialise back without losing or changing a value.
    round_tripped: usize,
    skipped: Vec<(String, &'static str)>,
    /// Examples that do not decode at all.
    undecodable: Vec<(String, String)>,
    /// Examples that decode but come back different: every difference.
    differing: Vec<(String, Vec<String>)>,
}

impl Report {
    /// Decodes `example` as `T` the way the SDK decodes a response, serialises it back, and
    /// records every difference. `repaired`: the generator had to mend it into JSON.
    pub fn check<T: DeserializeOwned + Serialize>(&mut self, label: &str, example: &str, repaired: bool) {
        let original: Value = serde_json::from_str(example).expect("the generator passes only JSON");
        let typed = match openai_sdk::decode_json::<T>(example) {
            Ok(typed) => typed,
            Err(e) => return self.undecodable.push((label.to_string(), e.to_string())),
        };
        self.decoded += 1;
        self.repaired += usize::from(repaired);
        let back = serde_json::to_value(&typed).expect("a decoded value serialises");
        let mut differences = Vec::new();
        differ(&original, &back, "", &mut differences);
        match differences.is_empty() {
            true => self.round_tripped += 1,
            false => self.differing.push((label.to_string(), differences)),
        }
    }

    /// Records an example that cannot be checked, with the reason.
    pub fn skip(&mut self, label: &str, why: &'static str) {
        self.skipped.push((label.to_string(), why));
    }

    /// Prints the counts and every difference; fails on an example that does not decode, on
    /// a difference not in [`KNOWN_FAILURES`], and on a known failure that now round-trips
    /// (so the list stays true).
    pub fn finish(self) {
        let total = self.decoded + self.undecodable.len() + self.skipped.len();
        eprintln!(
            "spec examples: {total}: {} decode ({} of them JSON once repaired), {} round-trip, {} differ from their \
             schema, {} do not decode, {} skipped",
            self.decoded,
            self.repaired,
            self.round_tripped,
            self.differing.len(),
            self.undecodable.len(),
            self.skipped.len()
        );
        for (label, why) in &self.skipped {
            eprintln!("  skipped {label}: {why}");
        }
        for (label, differences) in &self.differing {
            eprintln!("  {label}:");
            for difference in differences {
                eprintln!("    {difference}");
            }
        }
        let mut problems: Vec<String> =
            self.undecodable.iter().map(|(label, why)| format!("  {label} does not decode: {why}")).collect();
        problems.extend(
            self.differing
                .iter()
                .filter(|(label, _)| !KNOWN_FAILURES.iter().any(|(known, _)| known == label))
                .map(|(label, differences)| format!("  {label}: {}", differences.join("; "))),
        );
        for (known, _) in KNOWN_FAILURES {
            if !self.differing.iter().any(|(label, _)| label == known) {
                problems.push(format!("  {known} now round-trips: remove it from KNOWN_FAILURES"));
            }
        }
        assert!(problems.is_empty(), "spec examples:\n{}", problems.join("\n"));
    }
}

/// Every place where `back` lost or changed something `original` had, into `out`. `null`
/// and absent are the same (optional fields are skipped when `None`), and numbers compare
/// by value.
fn differ(original: &Value, back: &Value, path: &str, out: &mut Vec<String>) {
    match (original, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let here = format!("{path}/{k}");
                match b.get(k) {
                    Some(w) => differ(v, w, &here, out),
                    None if v.is_null() => {}
                    None => out.push(format!("lost {here}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                differ(v, w, &format!("{path}/{i}"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("changed {path}: {a} became {b}")),
    }
}
