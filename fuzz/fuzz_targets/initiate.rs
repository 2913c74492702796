//! `serde_json::from_str::<InitiateSessionRequest>` on any text: never
//! panics, and neither does `validate()` on what it accepts; every violation
//! names a field with at least one message, and the problem body lists them
//! all; an accepted request is written and read back equal.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::ReferenceId;
use eft_session::wire::{InitiateSessionRequest, InitiateSessionResponse, ProblemDetails};
use eft_session_fuzz::assert_serde_round_trip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(response) = serde_json::from_str::<InitiateSessionResponse>(text) {
        assert_serde_round_trip(&response);
    }
    let request = match serde_json::from_str::<InitiateSessionRequest>(text) {
        Ok(request) => request,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    assert_serde_round_trip(&request);
    let product = request.product();
    match request.validate() {
        Ok(()) => {
            if let Some(reference) = &request.reference_id {
                assert!(
                    ReferenceId::parse_for(product, reference).is_ok(),
                    "{reference:?}"
                );
            }
            if let Some(amount) = request.amount {
                assert!((1..=9_999_999).contains(&amount.cents()), "{amount}");
            }
            assert_eq!(request.session_type, "EFT");
            assert_eq!(request.direction, "DEBIT");
        }
        Err(violations) => {
            let fields: Vec<&str> = violations.fields().collect();
            assert!(!fields.is_empty(), "an error with no violation");
            for field in &fields {
                assert!(
                    !violations.messages(field).is_empty(),
                    "{field} without a message"
                );
            }
            if let Some(reference) = &request.reference_id {
                assert_eq!(
                    fields.contains(&"referenceId"),
                    ReferenceId::parse_for(product, reference).is_err(),
                    "{reference:?}"
                );
            }
            let _ = violations.to_string();
            let problem = ProblemDetails::from(&violations);
            assert_eq!(problem.status, Some(400));
            let errors = problem
                .errors
                .clone()
                .expect("a validation problem lists its errors");
            assert_eq!(
                errors.keys().map(String::as_str).collect::<Vec<_>>(),
                fields
            );
            assert_serde_round_trip(&problem);
        }
    }
});
