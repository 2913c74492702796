//! The crate's own JSON reader against serde's path, on any text, for the
//! three bodies that have both: `SessionStatusResponse`,
//! `CancelSessionResponse` and `SessionSetupStatusChanged`.
//!
//! Under the documented rule (crate docs, "Lenient reads": no number past 15
//! significant digits or with an exponent past the range of an `f64`, no
//! nesting past 1,024 levels; see `outside_documented_rule`), both readers
//! accept or both refuse, and what they accept is equal. An accepted body is
//! written by serde_json and read back equal by both readers. The three
//! bodies agree with each other: a cancel response or an event is a status
//! response with more rules.

#![no_main]
#![forbid(unsafe_code)]

use core::fmt::Debug;

use eft_session::SessionStatus;
use eft_session::wire::{
    CancelSessionResponse, DecodeError, SessionSetupStatusChanged, SessionStatusResponse, WireError,
};
use eft_session_fuzz::outside_documented_rule;
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Reads `text` with both readers; asserts they agree; checks the round trip
/// of an accepted body.
fn both<T>(text: &str, ours: fn(&str) -> Result<T, DecodeError>) -> Option<T>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let mine = ours(text);
    let serde = serde_json::from_str::<T>(text);
    match (&mine, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "readers read {text:?} differently"),
        (Err(_), Err(_)) => {}
        _ => panic!(
            "readers disagree on {text:?}: from_json {mine:?}, serde {:?}",
            serde.as_ref().map_err(ToString::to_string)
        ),
    }
    if let Err(error) = &mine {
        let _ = error.to_string();
        assert_eq!(error.http_status(), 400);
    }
    let value = mine.ok()?;
    let written = serde_json::to_string(&value).expect("an accepted body is written");
    assert_eq!(
        ours(&written).as_ref().ok(),
        Some(&value),
        "from_json of {written}"
    );
    assert_eq!(
        serde_json::from_str::<T>(&written).ok().as_ref(),
        Some(&value),
        "serde of {written}"
    );
    let pretty = serde_json::to_string_pretty(&value).expect("an accepted body is written");
    assert_eq!(
        ours(&pretty).as_ref().ok(),
        Some(&value),
        "from_json of {pretty}"
    );
    Some(value)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if outside_documented_rule(text) {
        return;
    }
    let status = both(text, SessionStatusResponse::from_json);
    let cancel = both(text, CancelSessionResponse::from_json);
    let event = both(text, SessionSetupStatusChanged::from_json);

    // A cancel response is a status response in `Cancelled`.
    let cancelled = status
        .as_ref()
        .filter(|s| s.status() == SessionStatus::Cancelled);
    assert_eq!(
        cancel.is_some(),
        cancelled.is_some(),
        "cancel reader on {text:?}"
    );
    if let (Some(cancel), Some(status)) = (&cancel, &status) {
        assert_eq!(cancel.session_id(), status.session_id());
        assert_eq!(cancel.reference_id(), status.reference_id());
        assert_eq!(Some(cancel.detail()), status.detail());
        assert_eq!(cancel.state(), status.state());
    }
    // An event is a status response with its `when`.
    if let Some(event) = &event {
        assert_eq!(
            Some(event.report()),
            status.as_ref(),
            "event reader on {text:?}"
        );
    } else if status.is_some() {
        assert!(
            matches!(
                SessionSetupStatusChanged::from_json(text),
                Err(DecodeError::Body(WireError::MissingWhen))
            ),
            "a status body that is no event must lack its when: {text:?}"
        );
    }
});
