//! The workloads both benchmarks measure (`benches/wall.rs` with criterion,
//! `benches/instructions.rs` with callgrind), written once: each operation
//! of the crate as a user calls it from another crate, and beside it what an
//! integrator writes instead.
//!
//! Every function takes its input and returns its result, so that a
//! benchmark can hide both from the optimizer with `black_box`.

#![forbid(unsafe_code)]

use std::fmt::Write;

use eft_session::wire::{CancelSessionResponse, SessionSetupStatusChanged, SessionStatusResponse};
use eft_session::{
    Event, EventKind, Observation, Session, SessionState, SessionStatus, StatusDetail, Transition,
    TransitionError,
};
use uuid::Uuid;

/// A status poll's answer, 139 bytes, as the provider writes it.
pub const STATUS_BODY: &str = r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}"#;

/// A `SessionSetupStatusChanged` webhook's body.
pub const WEBHOOK_BODY: &str = r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Canceled","statusDetails":"EFT0501"}"#;

/// The secret the webhook benchmarks sign with.
pub const WEBHOOK_SECRET: &[u8] = b"whsec_benchmark";

/// The `X-Webhook-Signature` header of [`WEBHOOK_BODY`] under
/// [`WEBHOOK_SECRET`], as the provider sends it (uppercase hex).
#[must_use]
pub fn webhook_header() -> String {
    eft_session::webhook::sign(WEBHOOK_SECRET, WEBHOOK_BODY.as_bytes()).to_string()
}

/// The session id of the cancel page's example.
#[must_use]
pub fn seed_id() -> Uuid {
    Uuid::from_u128(0x8507_50a4_3021_4061_ac03_a8d8_73aa_4179)
}

/// Every (status, event) pair the transition function can be asked about.
#[must_use]
pub fn pairs() -> Vec<(SessionStatus, Event)> {
    SessionStatus::all()
        .flat_map(|status| EventKind::all().map(move |kind| (status, kind.example())))
        .collect()
}

/// A new session, for an observation to move.
#[must_use]
pub fn live_session() -> Session {
    Session::new(seed_id(), None)
}

/// A completed session.
#[must_use]
pub fn completed_session() -> Session {
    let state = SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0301));
    Session::with_state(seed_id(), None, state.unwrap_or(SessionState::INITIATED))
}

// ---- the crate ----

/// No work: the floor of a call through the benchmark harness.
#[inline(never)]
#[must_use]
pub fn identity<T>(value: T) -> T {
    value
}

/// One step of the lifecycle.
///
/// # Errors
///
/// The crate's [`TransitionError`].
#[inline(never)]
pub fn transition(status: SessionStatus, event: Event) -> Result<Transition, TransitionError> {
    status.transition(event)
}

/// A detail code from its text.
#[inline(never)]
#[must_use]
pub fn parse_code(text: &str) -> Option<StatusDetail> {
    text.parse().ok()
}

/// A status from its text.
#[inline(never)]
#[must_use]
pub fn parse_status(text: &str) -> Option<SessionStatus> {
    text.parse().ok()
}

/// What most users write: `serde_json::from_str`, then observe.
#[inline(never)]
#[must_use]
pub fn serde_status_then_observe(body: &str) -> Option<Observation> {
    let report: SessionStatusResponse = serde_json::from_str(body).ok()?;
    Session::new(report.session_id(), None)
        .observe_report(&report)
        .ok()
}

/// A webhook through serde, then observe.
#[inline(never)]
#[must_use]
pub fn serde_webhook_then_observe(body: &str) -> Option<Observation> {
    let event: SessionSetupStatusChanged = serde_json::from_str(body).ok()?;
    Session::new(event.report().session_id(), None)
        .observe_report(event.report())
        .ok()
}

/// The crate's own reader, then observe.
#[inline(never)]
#[must_use]
pub fn own_status_then_observe(body: &str) -> Option<Observation> {
    let report = SessionStatusResponse::from_json(body).ok()?;
    Session::new(report.session_id(), None)
        .observe_report(&report)
        .ok()
}

/// A webhook through the crate's own reader, then observe.
#[inline(never)]
#[must_use]
pub fn own_webhook_then_observe(body: &str) -> Option<Observation> {
    let event = SessionSetupStatusChanged::from_json(body).ok()?;
    Session::new(event.report().session_id(), None)
        .observe_report(event.report())
        .ok()
}

/// A cancel body, written by serde_json.
#[inline(never)]
#[must_use]
pub fn encode_cancel(body: &CancelSessionResponse) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

/// A cancel body, written by the crate's own writer.
#[inline(never)]
#[must_use]
pub fn to_json_cancel(body: &CancelSessionResponse) -> String {
    body.to_json()
}

/// A status body, written by the crate's own writer.
#[inline(never)]
#[must_use]
pub fn to_json_status(body: &SessionStatusResponse) -> String {
    body.to_json()
}

/// A status body, written by serde_json.
#[inline(never)]
#[must_use]
pub fn encode_status(body: &SessionStatusResponse) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

// ---- what an integrator writes instead ----

/// The lifecycle on strings.
/// A webhook as a receiver takes it: verified (HMAC-SHA256 of the raw body,
/// its `when` within five minutes of `now`), read, and observed.
#[inline(never)]
#[must_use]
pub fn verify_then_observe(header: &str, body: &[u8]) -> Option<Observation> {
    let when = std::time::Duration::from_secs(1_780_583_400); // 2026-06-04T14:30:00Z
    let event = eft_session::webhook::verify(
        WEBHOOK_SECRET,
        Some(header),
        body,
        when,
        std::time::Duration::from_secs(300),
    )
    .ok()?;
    let mut session = Session::new(event.report().session_id(), None);
    session.observe_report(event.report()).ok()
}

pub mod by_hand {
    use hmac::{Hmac, KeyInit, Mac};
    use serde::Deserialize;

    /// A webhook verified and read by hand: the header's hex decoded, the
    /// body's HMAC-SHA256 compared in constant time, then the body read
    /// into `String` fields and observed by matching strings (the `when`
    /// window left out, in the integrator's favour).
    #[inline(never)]
    #[must_use]
    pub fn verify_then_observe(header: &str, body: &[u8]) -> Option<bool> {
        let hex = header.trim().strip_prefix("sha256=")?;
        if hex.len() != 64 {
            return None;
        }
        let mut expected = [0u8; 32];
        for (byte, pair) in expected.iter_mut().zip(hex.as_bytes().chunks(2)) {
            *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(super::WEBHOOK_SECRET).ok()?;
        mac.update(body);
        mac.verify_slice(&expected).ok()?;
        let report: StatusBody = serde_json::from_slice(body).ok()?;
        let mut current = String::from("Initiated");
        std::hint::black_box((&report.when, &report.session_id, &report.reference_id));
        observe(
            &mut current,
            &report.status,
            report.status_details.as_deref(),
        )
        .ok()
    }

    /// One step, on strings.
    #[inline(never)]
    #[must_use]
    pub fn transition(status: &str, event: &str) -> Option<&'static str> {
        match (status, event) {
            ("Initiated", "start") => Some("InProgress"),
            ("InProgress", "complete") => Some("Completed"),
            ("InProgress", "fail") => Some("Failed"),
            ("Initiated" | "InProgress", "cancel") => Some("Cancelled"),
            ("Initiated" | "InProgress", "expire") => Some("Expired"),
            _ => None,
        }
    }

    /// The status body, every field a `String`.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct StatusBody {
        /// `when`, kept as text.
        pub when: Option<String>,
        /// `sessionId`, kept as text.
        pub session_id: String,
        /// `referenceId`.
        pub reference_id: Option<String>,
        /// `amount`, a float.
        pub amount: Option<f64>,
        /// `status`.
        pub status: String,
        /// `statusDetails`.
        pub status_details: Option<String>,
    }

    fn is_terminal(status: &str) -> bool {
        matches!(
            status,
            "Completed" | "Failed" | "Cancelled" | "Canceled" | "Expired"
        )
    }

    /// Takes in a report: the same checks the crate makes, on strings.
    ///
    /// # Errors
    ///
    /// What is wrong, in words.
    pub fn observe(
        current: &mut String,
        status: &str,
        detail: Option<&str>,
    ) -> Result<bool, &'static str> {
        let family = match status {
            "Initiated" => "EFT01",
            "InProgress" => "EFT02",
            "Completed" => "EFT03",
            "Failed" => "EFT04",
            "Cancelled" | "Canceled" => "EFT05",
            "Expired" => "EFT06",
            _ => return Err("unknown status"),
        };
        match detail {
            Some(code) if code.len() != 7 || !code.starts_with(family) => {
                return Err("code contradicts status");
            }
            None if status != "InProgress" => return Err("missing code"),
            _ => {}
        }
        if current == status {
            return Ok(false);
        }
        if is_terminal(current) {
            return Err("already terminal");
        }
        if status == "Initiated" || (current == "InProgress" && status == "InProgress") {
            return Err("backwards");
        }
        *current = status.to_owned();
        Ok(true)
    }

    /// `String` fields through serde_json, then the string checks.
    #[inline(never)]
    #[must_use]
    pub fn decode_then_observe(body: &str) -> Option<bool> {
        let report: StatusBody = serde_json::from_str(body).ok()?;
        let mut current = String::from("Initiated");
        std::hint::black_box((&report.when, &report.session_id, &report.reference_id));
        std::hint::black_box(report.amount);
        observe(
            &mut current,
            &report.status,
            report.status_details.as_deref(),
        )
        .ok()
    }

    /// The floor: serde_json scanning the body and keeping nothing.
    #[inline(never)]
    #[must_use]
    pub fn scan(body: &str) -> bool {
        serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok()
    }
}

/// A cancel body written with `format!`: the baseline of [`encode_cancel`].
#[inline(never)]
#[must_use]
pub fn format_cancel(id: Uuid, reference_id: &str) -> String {
    format!(
        r#"{{"sessionId":"{id}","referenceId":"{reference_id}","status":"Cancelled","statusDetails":"EFT0501"}}"#
    )
}

/// A status body written with `write!`: the baseline of [`encode_status`].
#[inline(never)]
#[must_use]
pub fn format_status(
    id: Uuid,
    reference_id: &str,
    dollars: u64,
    status: &str,
    detail: &str,
) -> String {
    let mut text = String::with_capacity(160);
    let _ = write!(
        text,
        r#"{{"sessionId":"{id}","referenceId":"{reference_id}","amount":{dollars},"status":"{status}","statusDetails":"{detail}"}}"#
    );
    text
}

/// A cancel body to encode.
#[must_use]
pub fn cancel_body() -> CancelSessionResponse {
    CancelSessionResponse::new(seed_id(), "USER12345".parse().ok())
}

/// A status body to encode.
#[must_use]
pub fn status_body() -> Option<SessionStatusResponse> {
    SessionStatusResponse::from_json(STATUS_BODY).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_workload_does_its_work() {
        assert!(serde_status_then_observe(STATUS_BODY).is_some());
        let header = webhook_header();
        assert!(verify_then_observe(&header, WEBHOOK_BODY.as_bytes()).is_some());
        assert_eq!(
            by_hand::verify_then_observe(&header, WEBHOOK_BODY.as_bytes()),
            Some(true)
        );
        let forged = header.replace('A', "B");
        assert!(verify_then_observe(&forged, WEBHOOK_BODY.as_bytes()).is_none());
        assert_eq!(
            by_hand::verify_then_observe(&forged, WEBHOOK_BODY.as_bytes()),
            None
        );
        assert!(serde_webhook_then_observe(WEBHOOK_BODY).is_some());
        assert!(own_status_then_observe(STATUS_BODY).is_some());
        assert!(own_webhook_then_observe(WEBHOOK_BODY).is_some());
        assert_eq!(by_hand::decode_then_observe(STATUS_BODY), Some(true));
        assert!(by_hand::scan(STATUS_BODY));
        assert_eq!(parse_code("EFT0501"), Some(StatusDetail::EFT0501));
        assert_eq!(parse_status("Canceled"), Some(SessionStatus::Cancelled));
        assert!(transition(SessionStatus::InProgress, Event::CANCEL_BY_API).is_ok());
        // The baselines write what the crate writes.
        assert_eq!(
            encode_cancel(&cancel_body()),
            format_cancel(seed_id(), "USER12345")
        );
        let status = status_body().unwrap();
        assert_eq!(
            encode_status(&status),
            format_status(seed_id(), "USER12345", 500, "Completed", "EFT0301")
        );
        assert_eq!(to_json_status(&status), encode_status(&status));
        assert_eq!(
            pairs().len(),
            SessionStatus::all().count() * EventKind::all().count()
        );
        assert!(completed_session().is_terminal());
        assert!(!live_session().is_terminal());
    }
}
