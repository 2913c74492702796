//! `Timestamp`: whatever parses writes (Display, serde) as text that parses
//! back to the same instant, and writing is stable. When the text's offset is
//! zero, the written form is the text itself with `T`, its fraction cut to
//! nine digits without trailing zeros, and `Z`. Any instant from 1970 to
//! 9999 is written and read back, and nothing read is later than that (an
//! offset that carries 9999-12-31 into year 10000 is refused).

#![no_main]
#![forbid(unsafe_code)]

use core::time::Duration;

use eft_session::Timestamp;
use eft_session_fuzz::{YEAR_10000, assert_serde_round_trip, json_string, past_year_9999};
use libfuzzer_sys::fuzz_target;

fn assert_written_and_read(when: Timestamp) -> String {
    let written = when.to_string();
    assert!(written.ends_with('Z'), "{written}");
    let read = written
        .parse::<Timestamp>()
        .unwrap_or_else(|e| panic!("{written}: {e}"));
    assert_eq!(read, when, "{written}");
    assert_eq!(read.to_string(), written);
    assert_serde_round_trip(&when);
    written
}

/// What `text` (already read) is written as, when its offset is zero.
fn expected_in_utc(text: &str) -> Option<String> {
    let (head, rest) = (text.get(..19)?, text.get(19..)?);
    let (fraction, offset) = match rest.strip_prefix('.') {
        Some(after) => {
            let end = after
                .bytes()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        }
        None => ("", rest),
    };
    if !matches!(
        offset,
        "" | "Z" | "z" | "+00:00" | "-00:00" | "+0000" | "-0000"
    ) {
        return None;
    }
    let kept = fraction.get(..9).unwrap_or(fraction).trim_end_matches('0');
    let fraction = if kept.is_empty() {
        String::new()
    } else {
        format!(".{kept}")
    };
    Some(format!("{}T{}{fraction}Z", &head[..10], &head[11..]))
}

fuzz_target!(|data: &[u8]| {
    if let Some(bytes) = data.first_chunk::<12>() {
        let (seconds, nanos) = bytes.split_at(8);
        let seconds = u64::from_le_bytes(seconds.try_into().unwrap()) % YEAR_10000;
        let nanos = u32::from_le_bytes(nanos.try_into().unwrap()) % 1_000_000_000;
        assert_written_and_read(Timestamp::from_unix(Duration::new(seconds, nanos)));
    }

    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let parsed = text.parse::<Timestamp>();
    let by_serde = serde_json::from_str::<Timestamp>(&json_string(text));
    assert_eq!(
        by_serde.as_ref().ok(),
        parsed.as_ref().ok(),
        "serde reads {text:?} otherwise"
    );
    match parsed {
        Ok(when) => {
            // An offset must not carry 9999-12-31 into year 10000, which
            // cannot be written back (fuzz/regressions/timestamp/).
            assert!(!past_year_9999(when), "{text:?} read as {when:?}");
            let written = assert_written_and_read(when);
            assert_eq!(when.distance(when), Duration::ZERO);
            if let Some(expected) = expected_in_utc(text) {
                assert_eq!(written, expected, "{text:?}");
            }
        }
        Err(error) => {
            assert!(text.starts_with(error.input()) && error.input().len() <= 64);
            let _ = error.to_string();
        }
    }
});
