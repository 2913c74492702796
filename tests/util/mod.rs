//! Helpers shared by the integration tests. `#[track_caller]` makes a failing
//! assertion point at the test's own line.

#![allow(dead_code)]

#[cfg(feature = "proptest")]
pub mod json;

use eft_session::{Session, SessionState, SessionStatus, StatusDetail};
use uuid::Uuid;

/// The session id of the cancel page's example.
pub const SEED_ID: &str = "850750a4-3021-4061-ac03-a8d873aa4179";

pub fn seed_id() -> Uuid {
    Uuid::parse_str(SEED_ID).expect("the seed id is a UUID")
}

/// A session of the seed's id in `status` with `code`.
#[track_caller]
pub fn session_in(status: SessionStatus, code: Option<StatusDetail>) -> Session {
    let state = SessionState::new(status, code).expect("a valid state");
    Session::with_state(seed_id(), None, state)
}

/// Parses `json`, writes it back, and checks the two are the same JSON.
#[track_caller]
pub fn assert_round_trip<T>(json: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let written = serde_json::to_value(&value).expect("serializes");
    let original: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(written, original, "written back differently");
    value
}
