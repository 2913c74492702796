//! Hostile input: every parser and deserializer returns a value or a typed
//! error, never panics, and allocates a bounded amount on a short input.

#![cfg(all(feature = "proptest", feature = "webhook"))]

mod util;

use core::time::Duration;

use allocation_counter::measure;
use eft_session::wire::{
    CancelSessionResponse, ProblemDetails, SessionSetupStatusChanged, SessionStatusResponse,
};
use eft_session::{
    Amount, ReferenceId, SessionStatus, StatusDetail, Timestamp, Transition, webhook,
};
use proptest::prelude::*;
use util::json::{json, near_valid_text, status_body};

/// Feeds `text` to every parser and deserializer of the crate.
fn parse_everything(text: &str) {
    let _ = text.parse::<SessionStatus>();
    let _ = text.parse::<StatusDetail>();
    let _ = text.parse::<ReferenceId>();
    let _ = text.parse::<Amount>();
    let _ = text.parse::<Timestamp>();
    let _ = webhook::Signature::from_header(text);
    let _ = SessionStatusResponse::from_json(text);
    let _ = CancelSessionResponse::from_json(text);
    let _ = SessionSetupStatusChanged::from_json(text);
    let _ = serde_json::from_str::<SessionStatusResponse>(text);
    let _ = serde_json::from_str::<CancelSessionResponse>(text);
    let _ = serde_json::from_str::<SessionSetupStatusChanged>(text);
    let _ = serde_json::from_str::<ProblemDetails>(text);
    let _ = serde_json::from_str::<Transition>(text);
    let _ = serde_json::from_str::<Amount>(text);
    let _ = serde_json::from_str::<Timestamp>(text);
}

/// The most bytes parsing a short input may allocate at once: what the
/// readers keep of a rejected input (64 bytes) and serde_json's error, with
/// room to spare. A parser that copied or grew without bound would pass it.
const ALLOCATION_BOUND: u64 = 4 * 1024;

/// A body with one field's value made hostile.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1".repeat(400)),
        Just(format!("1e{}", "9".repeat(50))),
        Just("-1e-99999".to_string()),
        Just(format!("\"{}\"", "a".repeat(10_000))),
        Just(format!("\"{}\"", "\\u0041".repeat(2_000))),
        Just("\"\\ud800\"".to_string()),
        Just("\"\\udc00\\ud800\"".to_string()),
        Just("\"\\u12G4\"".to_string()),
        Just("\"\\x\"".to_string()),
        Just(format!("{}{}", "[".repeat(5_000), "]".repeat(5_000))),
        Just(format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200))),
        Just("true".to_string()),
        Just("{}".to_string()),
        Just("[]".to_string()),
    ]
}

proptest! {
    #[test]
    fn arbitrary_bytes_are_refused_or_read(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            parse_everything(text);
        }
        let header = String::from_utf8_lossy(&bytes).into_owned();
        let _ = webhook::verify(b"secret", Some(&header), &bytes, Duration::ZERO, Duration::MAX);
    }

    #[test]
    fn arbitrary_strings_are_refused_or_read(text in any::<String>()) {
        parse_everything(&text);
    }

    #[test]
    fn arbitrary_json_is_refused_or_read(value in json()) {
        parse_everything(&value.to_string());
    }

    #[test]
    fn near_valid_bodies_are_refused_or_read(text in near_valid_text()) {
        parse_everything(&text);
    }

    #[test]
    fn a_valid_body_with_one_hostile_field_is_refused_or_read(
        body in status_body(),
        field in prop::sample::select(vec!["when", "sessionId", "referenceId", "amount", "status", "statusDetails", "other"]),
        value in hostile_value(),
    ) {
        let text = body.to_string();
        let hostile = format!("{},\"{field}\":{value}}}", &text[..text.len() - 1]);
        parse_everything(&hostile);
        // Signed, it must still be refused or read, never panic.
        let header = webhook::sign(b"secret", hostile.as_bytes()).to_string();
        let _ = webhook::verify(b"secret", Some(&header), hostile.as_bytes(), Duration::ZERO, Duration::MAX);
    }

    #[test]
    fn short_inputs_allocate_a_bounded_amount(text in prop_oneof![any::<String>(), near_valid_text()]) {
        prop_assume!(text.len() <= 256);
        let info = measure(|| parse_everything(&text));
        prop_assert!(info.bytes_max <= ALLOCATION_BOUND, "{} bytes for {:?}", info.bytes_max, text);
    }
}

#[test]
fn a_giant_rejected_input_is_not_copied_into_the_error() {
    let giant = "x".repeat(1 << 20);
    let info = measure(|| {
        let err = giant.parse::<StatusDetail>().unwrap_err();
        assert_eq!(err.input().len(), 64);
        let _ = giant.parse::<SessionStatus>().unwrap_err();
        let _ = giant.parse::<ReferenceId>().unwrap_err();
        let _ = giant.parse::<Timestamp>().unwrap_err();
    });
    assert!(info.bytes_max <= 1024, "{} bytes", info.bytes_max);
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    let body = |field: &str| {
        format!(
            r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"InProgress","{field}":{}{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
    };
    // In a typed field, both readers refuse at the first bracket.
    assert!(SessionStatusResponse::from_json(&body("amount")).is_err());
    assert!(serde_json::from_str::<SessionStatusResponse>(&body("amount")).is_err());
    // In an unknown field, serde_json skips any depth (with a growing stack
    // on the heap); the crate's reader stops at 1,024 levels.
    let err = SessionStatusResponse::from_json(&body("other")).unwrap_err();
    assert!(err.to_string().ends_with("nesting too deep"), "{err}");
    assert!(serde_json::from_str::<SessionStatusResponse>(&body("other")).is_ok());
}
