//! What the fuzz targets share: the documented rule under which the crate's
//! own JSON reader and serde's path must agree, and a serde round trip.

#![forbid(unsafe_code)]

use core::fmt::Debug;

use eft_session::Timestamp;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// More `[` and `{` than this and the text may nest past the crate reader's
/// limit of 1,024 levels (serde_json skips any depth). Counted anywhere, in
/// strings too: conservative.
pub const MAX_BRACKETS: usize = 1_000;

/// Up to this many significant digits, "exactly the double nearest a whole
/// number of cents" (serde's path) and "denotes a whole number of cents" (the
/// crate's reader) are the same test: two decimals of 15 digits or fewer never
/// round to the same `f64`.
pub const MAX_DIGITS: usize = 15;

/// Whether `text` may fall under one of the two documented differences
/// between `from_json` and `serde_json::from_str` (crate docs, "Lenient
/// reads"): a number whose value needs more than 15 significant digits or an
/// exponent that can leave the range of an `f64`, or nesting deeper than
/// 1,024 levels. A differential target returns early on such text.
///
/// Conservative: every number-like run of the text is judged, not only
/// `amount`'s. The text is cut into maximal runs of `0-9 . e E + -`, and each
/// run into pieces at a sign that does not follow `e`/`E`; in valid JSON every
/// number is exactly one such piece. A piece is skipped when it has more than
/// 15 digits before its first `e`/`E` (a bound on its significant digits) or
/// 3 or more digits after it (an exponent of 100 or more; with at most 15
/// digits and an exponent below 100 the value stays far inside the range of
/// an `f64`, normal numbers included).
#[must_use]
pub fn outside_documented_rule(text: &str) -> bool {
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets > MAX_BRACKETS {
        return true;
    }
    let mut mantissa_digits = 0usize;
    let mut exponent_digits = 0usize;
    let mut in_exponent = false;
    let mut previous = b' ';
    for byte in text.bytes().chain(core::iter::once(b' ')) {
        let starts_piece = match byte {
            b'0'..=b'9' | b'.' | b'e' | b'E' => false,
            b'+' | b'-' => !matches!(previous, b'e' | b'E'),
            _ => true,
        };
        if starts_piece {
            if mantissa_digits > MAX_DIGITS || exponent_digits >= 3 {
                return true;
            }
            mantissa_digits = 0;
            exponent_digits = 0;
            in_exponent = false;
        }
        match byte {
            b'0'..=b'9' if in_exponent => exponent_digits += 1,
            b'0'..=b'9' => mantissa_digits += 1,
            b'e' | b'E' => in_exponent = true,
            _ => {}
        }
        previous = byte;
    }
    false
}

/// 10000-01-01T00:00:00Z, as seconds since the Unix epoch: the first instant
/// whose written form (a five-digit year) `Timestamp` cannot read.
pub const YEAR_10000: u64 = 253_402_300_800;

/// Whether `when` is past 9999-12-31T23:59:59.999999999Z: written with a
/// five-digit year, which `Timestamp` does not read back, so it must never be
/// read either (`9999-12-31T23:59:59-0001` was, until 8083ea3; kept in
/// `fuzz/regressions/timestamp/`).
#[must_use]
pub fn past_year_9999(when: Timestamp) -> bool {
    when.since_unix_epoch().as_secs() >= YEAR_10000
}

/// Writes `value` with serde_json, reads it back, and asserts that the value
/// read is equal to it. Returns the text written.
///
/// # Panics
///
/// When the text written does not read back, or reads back as another value.
pub fn assert_serde_round_trip<T>(value: &T) -> String
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let written = serde_json::to_string(value)
        .unwrap_or_else(|error| panic!("{value:?} does not serialize: {error}"));
    let read: T = serde_json::from_str(&written).unwrap_or_else(|error| {
        panic!("{written} (written from {value:?}) does not read back: {error}")
    });
    assert_eq!(&read, value, "{written} reads back as another value");
    written
}

/// A JSON string literal holding `text`.
#[must_use]
pub fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_what_the_docs_name() {
        for text in [
            r#"{"amount":12.3400000000000000001}"#,
            r#"{"amount":1e-400}"#,
            r#"{"amount":1E+308}"#,
            r#"{"amount":12345678901.230000001}"#,
            r#"{"amount":-1234567890123456}"#,
            r#"{"amount":0.0000000000000001}"#,
            r#"{"amount":1e007}"#,
            "[1,2]xyz9999999999999999",
        ] {
            assert!(outside_documented_rule(text), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(1_001), "]".repeat(1_001));
        assert!(outside_documented_rule(&deep));
    }

    #[test]
    fn keeps_ordinary_bodies() {
        for text in [
            r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}"#,
            r#"{"amount":123456789012.345}"#,
            r#"{"amount":1.5e-99,"x":-12e+99}"#,
            r#"{"sessionId":"12345678-1234-1234-1234-123456789012"}"#,
            "",
        ] {
            assert!(!outside_documented_rule(text), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(1_000), "]".repeat(1_000));
        assert!(!outside_documented_rule(&deep));
    }
}
