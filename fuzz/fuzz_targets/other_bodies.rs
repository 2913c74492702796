//! The remaining readers, chosen by the first byte:
//!
//! - `Step` (`FromStr`, never fails, and serde): kept verbatim; a documented
//!   step reads as itself, anything else as `Step::Other`.
//! - `Transition` (serde, a store's persisted step): what reads is a legal
//!   step of the transition function, rebuilt equal by `Transition::checked`
//!   (and by `Transition::new` when no guarantee was offered), and its target
//!   and event never panic.
//! - `ProblemDetails` (serde, every error body): written and read back equal.
//! - The guarantee's bodies (serde): `ConfirmGuaranteeRequest` is written as
//!   a boolean whatever it read (`"true"` included) and reads back equal;
//!   `ConfirmGuaranteeResponse` and `GuaranteeOffered` round-trip.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::wire::{
    ConfirmGuaranteeRequest, ConfirmGuaranteeResponse, GuaranteeOffered, ProblemDetails,
};
use eft_session::{Step, Transition};
use eft_session_fuzz::{assert_serde_round_trip, json_string};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = core::str::from_utf8(rest) else {
        return;
    };
    match which % 6 {
        0 => {
            let step: Step = text.parse().unwrap_or_else(|never| match never {});
            assert_eq!(step.as_str(), text);
            assert_eq!(step.to_string(), text);
            let documented = Step::documented().find(|known| known.as_str() == text);
            assert_eq!(step.is_known(), documented.is_some(), "{text:?}");
            if let Some(known) = documented {
                assert_eq!(step, known);
            } else {
                assert_eq!(step, Step::Other(text.into()));
            }
            let by_serde: Step =
                serde_json::from_str(&json_string(text)).expect("any string is a step");
            assert_eq!(by_serde, step);
            assert_serde_round_trip(&step);
        }
        1 => {
            let Ok(transition) = serde_json::from_str::<Transition>(text) else {
                return;
            };
            let target = transition.target();
            let rebuilt =
                Transition::checked(transition.from(), transition.guarantee_before(), target);
            assert_eq!(rebuilt, Ok(transition));
            if !transition.guarantee().is_offered() {
                let rebuilt =
                    Transition::new(transition.from(), transition.to(), transition.detail());
                assert_eq!(rebuilt, Ok(transition));
            }
            assert_eq!(target.status(), transition.to());
            assert_eq!(target.detail(), transition.detail());
            assert_eq!(target.guarantee(), transition.guarantee());
            assert_eq!(transition.event().kind().target(), transition.to());
            let _ = transition.to_string();
            assert_serde_round_trip(&transition);
        }
        2 => {
            let Ok(problem) = serde_json::from_str::<ProblemDetails>(text) else {
                return;
            };
            assert_serde_round_trip(&problem);
        }
        3 => {
            let Ok(confirm) = serde_json::from_str::<ConfirmGuaranteeRequest>(text) else {
                return;
            };
            let written = serde_json::to_string(&confirm).expect("a body writes");
            assert_eq!(
                written,
                format!(r#"{{"guaranteeAccepted":{}}}"#, confirm.guarantee_accepted)
            );
            assert_serde_round_trip(&confirm);
        }
        4 => {
            let Ok(confirmed) = serde_json::from_str::<ConfirmGuaranteeResponse>(text) else {
                return;
            };
            assert_serde_round_trip(&confirmed);
        }
        _ => {
            let Ok(offered) = serde_json::from_str::<GuaranteeOffered>(text) else {
                return;
            };
            assert_serde_round_trip(&offered);
        }
    }
});
