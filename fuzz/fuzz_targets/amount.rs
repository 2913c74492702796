//! `Amount`, from text and from JSON.
//!
//! - `FromStr` accepts exactly a plain decimal of dollars (digits, then at
//!   most two decimals) below 10^11 dollars, with the cents the text says;
//!   Display reads back as the same amount.
//! - As a JSON number through serde_json: an accepted amount is written and
//!   read back to the same cents; it reads the same as a `Balance`.
//! - The same number as a status body's `amount`, read by the crate's own
//!   reader (`from_json`, judged on the decimal text) and by serde's path
//!   (judged on the double), gives the same answer under the documented rule
//!   (at most 15 significant digits, an exponent below 100).
//! - Any amount of cents below 10^13 is written (Display, JSON) and read back.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::wire::SessionStatusResponse;
use eft_session::{Amount, AmountErrorKind, Balance};
use eft_session_fuzz::{assert_serde_round_trip, outside_documented_rule};
use libfuzzer_sys::fuzz_target;

/// The most cents an amount read from text or JSON may have, plus one.
const LIMIT_CENTS: u64 = 10_000_000_000_000;

/// The cents `text` denotes as a plain decimal (`digits[.d[d]]`), capped at
/// `LIMIT_CENTS`; `None` when it is not one.
fn plain_decimal_cents(text: &str) -> Option<u64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "00"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return None;
    }
    let fraction = if fraction.len() == 1 {
        format!("{fraction}0")
    } else {
        fraction.to_owned()
    };
    let cents = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0u64, |cents, digit| {
            (cents * 10 + u64::from(digit - b'0')).min(LIMIT_CENTS)
        });
    Some(cents)
}

fn assert_written_and_read(amount: Amount) {
    assert_eq!(
        amount.to_string().parse::<Amount>().ok(),
        Some(amount),
        "Display of {amount:?}"
    );
    let written = assert_serde_round_trip(&amount);
    let balance: Balance = serde_json::from_str(&written).expect("an amount reads as a balance");
    assert_eq!(i128::from(balance.cents()), i128::from(amount.cents()));
}

fuzz_target!(|data: &[u8]| {
    if let Some(bytes) = data.first_chunk::<8>() {
        let cents = u64::from_le_bytes(*bytes) % LIMIT_CENTS;
        assert_written_and_read(Amount::from_cents(cents));
    }

    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };

    // From text.
    let parsed = text.parse::<Amount>();
    match (plain_decimal_cents(text), &parsed) {
        (Some(cents), Ok(amount)) => {
            assert!(
                cents < LIMIT_CENTS,
                "{text:?} accepted at or past 10^11 dollars"
            );
            assert_eq!(amount.cents(), cents, "{text:?}");
            assert_written_and_read(*amount);
        }
        (Some(cents), Err(error)) => {
            assert_eq!(cents, LIMIT_CENTS, "{text:?} refused: {error}");
            assert_eq!(error.kind(), AmountErrorKind::TooLarge);
        }
        (None, Ok(amount)) => panic!("{text:?} is not a plain decimal but read as {amount:?}"),
        (None, Err(error)) => {
            assert_ne!(error.kind(), AmountErrorKind::TooLarge, "{text:?}");
            assert!(text.starts_with(error.input()) && error.input().len() <= 64);
            let _ = error.to_string();
        }
    }

    // From JSON, through serde.
    let by_serde = serde_json::from_str::<Amount>(text);
    if let Ok(amount) = &by_serde {
        assert!(amount.cents() < LIMIT_CENTS);
        assert_written_and_read(*amount);
    }
    let balance = serde_json::from_str::<Balance>(text);
    if let Ok(amount) = &by_serde {
        assert_eq!(
            balance.as_ref().map(|b| i128::from(b.cents())).ok(),
            Some(i128::from(amount.cents()))
        );
    }
    if let Ok(balance) = &balance {
        assert_serde_round_trip(balance);
        // A balance not below zero is an amount; one below zero is not.
        let as_amount = by_serde
            .as_ref()
            .ok()
            .map(|amount| i128::from(amount.cents()));
        if balance.cents() >= 0 {
            assert_eq!(as_amount, Some(i128::from(balance.cents())), "{text}");
        } else {
            assert_eq!(as_amount, None, "{text}");
        }
    }

    // The same number as a status body's amount, on both readers.
    let is_number = matches!(
        serde_json::from_str::<serde_json::Value>(text),
        Ok(serde_json::Value::Number(_))
    );
    if is_number && !outside_documented_rule(text) {
        let body = format!(
            r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","amount":{text},"status":"InProgress"}}"#
        );
        let ours = SessionStatusResponse::from_json(&body).map(|b| b.amount());
        let theirs = serde_json::from_str::<SessionStatusResponse>(&body).map(|b| b.amount());
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("readers disagree on amount {text}: ours {ours:?}, serde {theirs:?}"),
        }
        assert_eq!(
            ours.as_ref().ok().copied().flatten(),
            by_serde.as_ref().ok().copied(),
            "{text}"
        );
    }
});
