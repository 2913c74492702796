//! The crate's own JSON reader (`from_json`) accepts exactly what serde's
//! path accepts, and reads the same values: checked on generated input,
//! valid and not, and on cases picked by hand.

#![cfg(feature = "proptest")]

mod util;

use eft_session::wire::{CancelSessionResponse, SessionStatusResponse};
use proptest::prelude::*;
use util::json::{json, near_valid_text, status_body};

/// Both readers agree on `text`: both refuse it, or both read the same value.
#[track_caller]
fn agree(text: &str) -> Result<(), TestCaseError> {
    let ours = SessionStatusResponse::from_json(text);
    let serde = serde_json::from_str::<SessionStatusResponse>(text);
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", text),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            false,
            "readers disagree on {:?}: ours {:?}, serde {:?}",
            text,
            ours,
            serde
        ),
    }
    let ours = CancelSessionResponse::from_json(text);
    let serde = serde_json::from_str::<CancelSessionResponse>(text);
    prop_assert_eq!(
        ours.is_ok(),
        serde.is_ok(),
        "cancel readers disagree on {:?}",
        text
    );
    Ok(())
}

proptest! {
    // 2,000 cases in CI; set PROPTEST_CASES for a longer hunt.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000)
    ))]

    #[test]
    fn valid_bodies_are_read_alike(body in status_body()) {
        agree(&body.to_string())?;
        agree(&serde_json::to_string_pretty(&body).unwrap())?;
    }

    /// The documented key order, as the provider writes it, with values
    /// valid or not: what the reader's fast path takes, or leaves to the
    /// general path.
    #[test]
    fn bodies_in_the_documented_order_are_read_alike(
        when in prop::option::of(prop_oneof![
            Just(r#""2026-06-04T14:30:00Z""#.to_owned()),
            Just("null".to_owned()),
            json().prop_map(|value| value.to_string()),
        ]),
        id in prop_oneof![
            3 => Just(r#""850750a4-3021-4061-ac03-a8d873aa4179""#.to_owned()),
            1 => Just(r#""{850750A4-3021-4061-AC03-A8D873AA4179}""#.to_owned()),
            1 => "\"[0-9a-fA-F-]{30,40}\"",
            1 => json().prop_map(|value| value.to_string()),
        ],
        reference in prop_oneof![
            3 => "\"[A-Za-z0-9 #é\\\\-]{0,40}\"",
            1 => Just("null".to_owned()),
            1 => json().prop_map(|value| value.to_string()),
        ],
        amount in prop::option::of(prop_oneof![
            3 => "(0|[1-9][0-9]{0,12})(\\.[0-9]{1,3})?",
            1 => Just("null".to_owned()),
            1 => json().prop_map(|value| value.to_string()),
        ]),
        state in prop_oneof![
            Just((r#""Completed""#, r#""EFT0301""#)),
            Just((r#""Canceled""#, r#""EFT0501""#)),
            Just((r#""InProgress""#, "null")),
            Just((r#""InProgress""#, r#""""#)),
            Just((r#""Failed""#, r#""EFT0405""#)),
            Just((r#""Completed""#, r#""EFT0501""#)),
            Just((r#""Processing""#, r#""EFT0101""#)),
            Just((r#""Expired""#, r#""EFT601""#)),
        ],
    ) {
        let when = when.map(|when| format!(r#""when":{when},"#)).unwrap_or_default();
        let amount = amount.map(|amount| format!(r#","amount":{amount}"#)).unwrap_or_default();
        let text = format!(
            r#"{{{when}"sessionId":{id},"referenceId":{reference}{amount},"status":{},"statusDetails":{}}}"#,
            state.0, state.1
        );
        agree(&text)?;
    }

    #[test]
    fn bodies_with_a_field_replaced_are_judged_alike(
        body in status_body(),
        field in prop::sample::select(vec!["sessionId", "referenceId", "amount", "status", "statusDetails", "when"]),
        value in json(),
    ) {
        let mut body = body;
        body[field] = value;
        agree(&body.to_string())?;
    }

    #[test]
    fn bodies_with_a_field_removed_are_judged_alike(
        body in status_body(),
        field in prop::sample::select(vec!["sessionId", "referenceId", "amount", "status", "statusDetails"]),
    ) {
        let mut body = body;
        body.as_object_mut().unwrap().remove(field);
        agree(&body.to_string())?;
    }

    #[test]
    fn near_valid_text_is_judged_alike(text in near_valid_text()) {
        agree(&text)?;
    }

    #[test]
    fn any_json_is_judged_alike(value in json()) {
        agree(&value.to_string())?;
    }

    #[test]
    fn any_string_is_judged_alike(text in any::<String>()) {
        agree(&text)?;
    }

    // At most 15 significant digits when the text goes through an f64 (a
    // fraction or an exponent): two different decimals of 15 digits or fewer
    // never round to the same double, so "exactly the double nearest a whole
    // number of cents" (serde's path) and "denotes a whole number of cents"
    // (the crate's reader) are the same test. Beyond that they may differ:
    // see `the_one_difference_is_past_fifteen_significant_digits`. Integers
    // without a fraction or exponent are exact on both paths at any length.
    #[test]
    fn amounts_are_read_alike(amount in prop_oneof![
        "-?(0|[1-9][0-9]{0,6})(\\.[0-9]{1,8})?([eE][+-]?[0-9]{1,2})?",
        "-?(0|[1-9][0-9]{0,14})([eE][+-]?[0-9]{1,2})?",
        "-?(0|[1-9][0-9]{0,24})",
        (0u64..10_000_000_000_000).prop_map(|c| format!("{}.{:02}", c / 100, c % 100)),
        (0u64..10_000_000_000_000, 1u8..10).prop_map(|(c, d)| format!("{}.{:02}{d}", c / 100, c % 100)),
    ]) {
        agree(&format!(r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","amount":{amount},"status":"InProgress"}}"#))?;
    }
}

#[test]
fn the_one_difference_is_past_fifteen_significant_digits() {
    // Both readers refuse a third decimal they can see...
    for amount in [
        "12.340000000000001",
        "1000000000.000001",
        "60000000000.0001",
    ] {
        let body = format!(
            r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","amount":{amount},"status":"InProgress"}}"#
        );
        assert!(SessionStatusResponse::from_json(&body).is_err(), "{amount}");
        assert!(
            serde_json::from_str::<SessionStatusResponse>(&body).is_err(),
            "{amount}"
        );
    }
    // ...but past the precision or the range of an f64 only the crate's
    // reader, which decides on the text, can: serde's path is handed the
    // double 12.34, or 0.
    for (amount, cents) in [("12.3400000000000000001", 1234), ("1e-400", 0)] {
        let body = format!(
            r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","amount":{amount},"status":"InProgress"}}"#
        );
        assert!(SessionStatusResponse::from_json(&body).is_err(), "{amount}");
        let read = serde_json::from_str::<SessionStatusResponse>(&body).unwrap();
        assert_eq!(read.amount().map(|a| a.cents()), Some(cents), "{amount}");
    }
}

#[test]
fn leading_zeros_of_a_mantissa_do_not_count_toward_its_size() {
    // `0.5e11` has one significant digit, not three: 50 billion dollars,
    // below the 10^11 bound, where `0.1e12` reaches it.
    for (amount, cents) in [
        ("0.5e11", Some(5_000_000_000_000)),
        ("0.01e12", Some(1_000_000_000_000)),
        ("0.0000099999999999e16", Some(9_999_999_999_900)),
        ("0.1e12", None),
    ] {
        let body = format!(
            r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","amount":{amount},"status":"InProgress"}}"#
        );
        agree(&body).unwrap();
        let read = SessionStatusResponse::from_json(&body).ok();
        assert_eq!(
            read.map(|body| body.amount().map(|a| a.cents())),
            cents.map(Some),
            "{amount}"
        );
    }
}

#[test]
fn hand_picked_cases_are_judged_alike() {
    let id = r#""sessionId":"850750a4-3021-4061-ac03-a8d873aa4179""#;
    let cases = [
        format!(r#"{{{id},"status":"Initiated","statusDetails":"EFT0101"}}"#),
        format!(r#" {{ {id} , "status" : "InProgress" }} "#),
        format!(r#"{{{id},"status":"InProgress","status":"InProgress"}}"#),
        format!(r#"{{{id},"status":"InProgress","extra":1,"extra":2}}"#),
        format!(r#"{{{id},"status":"InProgress"}} x"#),
        format!(r#"{{{id},"status":"InProgress",}}"#),
        format!(r#"{{{id},"status":"In\u0050rogress"}}"#),
        format!(r#"{{{id},"stat\u0075s":"InProgress"}}"#),
        format!(r#"{{{id},"status":"InProgress","\ud800":1}}"#),
        format!(r#"{{{id},"status":"InProgress","x":"\ud800"}}"#),
        format!(r#"{{{id},"status":"InProgress","referenceId":"\ud800"}}"#),
        format!(r#"{{{id},"status":"InProgress","referenceId":"A\u002dB"}}"#),
        format!(
            r#"{{{id},"status":"InProgress","referenceId":null,"amount":null,"statusDetails":null}}"#
        ),
        format!(r#"{{{id},"status":"InProgress","amount":"5"}}"#),
        format!(r#"{{{id},"status":"InProgress","amount":-0}}"#),
        format!(r#"{{{id},"status":"InProgress","amount":-0.0}}"#),
        format!(r#"{{{id},"status":"InProgress","amount":1e400}}"#),
        format!(r#"{{{id},"status":"InProgress","amount":18446744073709551616}}"#),
        format!(r#"{{{id},"status":"InProgress","amount":184467440737095516}}"#),
        format!(r#"{{{id},"status":"InProgress","nested":{{"a":[1,{{"b":null}}]}}}}"#),
        r#"{"sessionId":"{850750a4-3021-4061-ac03-a8d873aa4179}","status":"InProgress"}"#
            .to_string(),
        r#"{"sessionId":"850750a430214061ac03a8d873aa4179","status":"InProgress"}"#.to_string(),
        r#"["850750a4-3021-4061-ac03-a8d873aa4179",null,null,"InProgress",null]"#.to_string(),
        r#"{"status":"InProgress"}"#.to_string(),
        "{}".to_string(),
        String::new(),
        "null".to_string(),
        // In the documented order, so the fast path sees them first: a code
        // missing one of its quotes, the other in place.
        format!(r#"{{{id},"referenceId":"A","status":"Canceled","statusDetails":XEFT0501"}}"#),
        format!(r#"{{{id},"referenceId":"A","status":"Canceled","statusDetails":"EFT0501X}}"#),
        // The same for the session id, the first field the fast path reads.
        r#"{"sessionId":X850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"A","status":"Canceled","statusDetails":"EFT0501"}"#
            .to_string(),
        r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179X,"referenceId":"A","status":"Canceled","statusDetails":"EFT0501"}"#
            .to_string(),
    ];
    for case in &cases {
        agree(case).unwrap();
    }
}

#[test]
fn deep_nesting_in_an_unknown_field_is_bounded() {
    // The one documented difference: serde_json skips any depth; the crate's
    // reader refuses more than 1024 levels rather than keep a growing stack.
    let body = |depth: usize| {
        format!(
            r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"InProgress","x":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    assert!(SessionStatusResponse::from_json(&body(1024)).is_ok());
    let err = SessionStatusResponse::from_json(&body(1025)).unwrap_err();
    assert!(err.to_string().ends_with("nesting too deep"), "{err}");
}
