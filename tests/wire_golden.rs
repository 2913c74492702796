//! The JSON examples of the docs, read, checked and written back.

mod util;

use eft_session::wire::{CancelSessionResponse, ProblemDetails, SessionStatusResponse};
use eft_session::{Session, SessionStatus, StatusDetail};
use util::{assert_round_trip, seed_id};

/// The response example of the EFT V2 cancel page (`cancel-eft-session.txt`).
const SEED_CANCEL: &str = r#"{
    "sessionId": "850750a4-3021-4061-ac03-a8d873aa4179",
    "referenceId": "USER12345",
    "status": "Cancelled",
    "statusDetails": "EFT0501"
}"#;

/// The GEFT cancel example: `Canceled` with one L, reference `Happy2`. The
/// facts sheet gives only the first group of its session id (`86095db9-…`);
/// the rest here is filler.
const GEFT_CANCEL: &str = r#"{
    "sessionId": "86095db9-0000-4000-8000-000000000000",
    "referenceId": "Happy2",
    "status": "Canceled",
    "statusDetails": "EFT0501"
}"#;

/// A status-poll body with the documented fields and `"amount": 500`.
const STATUS_WITH_AMOUNT: &str = r#"{
    "sessionId": "86095db9-0000-4000-8000-000000000000",
    "referenceId": "Happy1",
    "amount": 500,
    "status": "Completed",
    "statusDetails": "EFT0301"
}"#;

#[test]
fn the_seed_cancel_response_round_trips() {
    let body: CancelSessionResponse = assert_round_trip(SEED_CANCEL);
    assert_eq!(body.session_id(), seed_id());
    assert_eq!(body.reference_id().map(|r| r.as_str()), Some("USER12345"));
    assert_eq!(body.status(), SessionStatus::Cancelled);
    assert_eq!(body.detail(), StatusDetail::EFT0501);
}

#[test]
fn cancelling_a_session_writes_the_seed_response_exactly() {
    let mut session = Session::new(seed_id(), Some("USER12345".parse().unwrap()));
    let (_, body) = session.cancel().unwrap();
    let written = serde_json::to_value(&body).unwrap();
    let seed: serde_json::Value = serde_json::from_str(SEED_CANCEL).unwrap();
    assert_eq!(written, seed);
}

#[test]
fn the_geft_cancel_response_is_read_and_written_with_two_ls() {
    let body: CancelSessionResponse = serde_json::from_str(GEFT_CANCEL).unwrap();
    assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy2"));
    assert_eq!(body.status(), SessionStatus::Cancelled);
    let written = serde_json::to_string(&body).unwrap();
    assert_eq!(
        written,
        r#"{"sessionId":"86095db9-0000-4000-8000-000000000000","referenceId":"Happy2","status":"Cancelled","statusDetails":"EFT0501"}"#
    );
}

#[test]
fn the_status_response_with_an_amount_of_500_round_trips() {
    let body: SessionStatusResponse = assert_round_trip(STATUS_WITH_AMOUNT);
    assert_eq!(body.amount().map(|a| a.cents()), Some(50_000));
    assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy1"));
    assert_eq!(body.state().to_string(), "Completed (EFT0301)");
}

#[test]
fn a_status_response_feeds_observe() {
    let body: SessionStatusResponse = serde_json::from_str(STATUS_WITH_AMOUNT).unwrap();
    let mut session = Session::new(body.session_id(), body.reference_id().cloned());
    let seen = session.observe_report(&body).unwrap();
    assert_eq!(seen.transitions().count(), 2);
    assert_eq!(session.status(), SessionStatus::Completed);

    let mut other = Session::new(seed_id(), None);
    let err = other.observe_report(&body).unwrap_err();
    assert_eq!(
        err.to_string(),
        "report is about session 86095db9-0000-4000-8000-000000000000, not 850750a4-3021-4061-ac03-a8d873aa4179"
    );
}

#[test]
fn amounts_are_exact_cents_or_refused() {
    let with = |amount: &str| {
        STATUS_WITH_AMOUNT.replace("\"amount\": 500", &format!("\"amount\": {amount}"))
    };
    for (amount, cents) in [
        ("0", 0),
        ("0.01", 1),
        ("12.34", 1234),
        ("99999.99", 9_999_999),
        ("1e2", 10_000),
        ("null", -1),
    ] {
        let body: SessionStatusResponse = serde_json::from_str(&with(amount)).unwrap();
        assert_eq!(
            body.amount().map_or(-1, |a| a.cents() as i64),
            cents,
            "{amount}"
        );
    }
    for (amount, message) in [
        ("12.345", r#"amount "12.345" has more than two decimals"#),
        ("-5", r#"amount "-5" is negative"#),
        ("-0.01", r#"amount "-0.01" is negative"#),
        ("1e300", "is too large"),
        ("100000000000", "is too large"),
        ("99999999999.995", "more than two decimals"),
        ("\"5.00\"", "invalid type: string"),
    ] {
        let err = serde_json::from_str::<SessionStatusResponse>(&with(amount)).unwrap_err();
        assert!(err.to_string().contains(message), "{amount}: {err}");
    }
    // Written back: whole dollars as integers, cents as two decimals.
    let body: SessionStatusResponse = serde_json::from_str(&with("12.30")).unwrap();
    assert!(
        serde_json::to_string(&body)
            .unwrap()
            .contains(r#""amount":12.3,"#)
    );
}

#[test]
fn a_body_whose_status_and_code_contradict_is_refused() {
    let bad = STATUS_WITH_AMOUNT.replace("EFT0301", "EFT0501");
    let err = serde_json::from_str::<SessionStatusResponse>(&bad).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("status detail EFT0501 belongs to Cancelled, not Completed"),
        "{err}"
    );

    let missing =
        STATUS_WITH_AMOUNT.replace(r#""statusDetails": "EFT0301""#, r#""statusDetails": null"#);
    let err = serde_json::from_str::<SessionStatusResponse>(&missing).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("status Completed needs a status detail code"),
        "{err}"
    );
}

#[test]
fn in_progress_may_come_without_a_code_and_is_written_with_null() {
    let body = r#"{"sessionId":"86095db9-0000-4000-8000-000000000000","referenceId":null,"amount":null,"status":"InProgress","statusDetails":null}"#;
    let read: SessionStatusResponse = assert_round_trip(body);
    assert_eq!(read.detail(), None);
    let absent = r#"{"sessionId":"86095db9-0000-4000-8000-000000000000","status":"InProgress"}"#;
    let read: SessionStatusResponse = serde_json::from_str(absent).unwrap();
    assert_eq!(
        (read.reference_id(), read.amount(), read.detail()),
        (None, None, None)
    );
}

#[test]
fn unknown_fields_are_ignored_and_unknown_codes_kept() {
    let body = STATUS_WITH_AMOUNT
        .replace("EFT0301", "EFT0399")
        .replace("\"amount\"", "\"traceId\": \"x\", \"amount\"");
    let read: SessionStatusResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(read.detail().map(StatusDetail::as_str), Some("EFT0399"));
    assert!(
        serde_json::to_string(&read)
            .unwrap()
            .contains(r#""statusDetails":"EFT0399""#)
    );
}

#[test]
fn a_cancel_response_must_be_cancelled() {
    let bad = SEED_CANCEL
        .replace("Cancelled", "Expired")
        .replace("EFT0501", "EFT0601");
    let err = serde_json::from_str::<CancelSessionResponse>(&bad).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("a cancel response must be Cancelled, not Expired"),
        "{err}"
    );
}

#[test]
fn problem_bodies_for_the_cancel_endpoint() {
    let mut session = Session::new(seed_id(), None);
    session.cancel().unwrap();
    let err = session.cancel().unwrap_err();
    let terminal = ProblemDetails::for_transition_error(session.id(), &err);
    assert_eq!(
        serde_json::to_value(&terminal).unwrap(),
        serde_json::json!({
            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "title": "Session Already Terminal",
            "status": 400,
            "detail": "session 850750a4-3021-4061-ac03-a8d873aa4179: cannot cancel session: already terminal at Cancelled (EFT0501)",
            "sessionStatus": "Cancelled",
            "statusDetails": "EFT0501"
        })
    );
    assert_eq!(
        serde_json::to_value(ProblemDetails::authentication_required()).unwrap(),
        serde_json::json!({
            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            "title": "Authentication Required",
            "status": 401,
            "detail": "the bearer token is missing or invalid"
        })
    );
    let not_found = ProblemDetails::session_not_found(seed_id());
    assert_eq!(not_found.status, Some(404));
    assert_eq!(not_found.title.as_deref(), Some("Session Not Found"));
}

#[test]
fn a_problem_body_from_the_provider_is_read_with_extensions_ignored() {
    let body = r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Session Already Terminal","status":400,"traceId":"00-abc-01"}"#;
    let problem: ProblemDetails = serde_json::from_str(body).unwrap();
    assert_eq!(problem.status, Some(400));
    assert_eq!(problem.detail, None);
    assert_eq!(
        serde_json::to_string(&problem).unwrap(),
        r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Session Already Terminal","status":400}"#
    );
}

#[test]
fn serde_and_strum_agree_for_every_status() {
    for status in SessionStatus::all() {
        let strum_text: &'static str = status.into();
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            format!("\"{strum_text}\"")
        );
        assert_eq!(status.to_string(), strum_text);
        assert_eq!(
            serde_json::from_str::<SessionStatus>(&format!("\"{strum_text}\"")).unwrap(),
            status
        );
        assert_eq!(strum_text.parse::<SessionStatus>().unwrap(), status);
    }
    assert_eq!(
        serde_json::from_str::<SessionStatus>("\"Canceled\"").unwrap(),
        SessionStatus::Cancelled
    );
    let err = serde_json::from_str::<SessionStatus>("\"Cancel\"").unwrap_err();
    assert!(
        err.to_string()
            .starts_with(r#"unknown session status "Cancel""#),
        "{err}"
    );
}

#[test]
fn the_crate_reader_says_where_a_body_goes_wrong() {
    use eft_session::wire::DecodeError;
    for (body, message) in [
        (
            r#"{"sessionId": 5}"#,
            "invalid sessionId at byte 14: expected a string",
        ),
        (
            r#"  {"sessionId":"x"}"#,
            "invalid sessionId at byte 15: failed to parse a UUID",
        ),
        (
            r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Done"}"#,
            r#"invalid status at byte 61: unknown session status "Done""#,
        ),
        (r#"{"status":"InProgress"}"#, "missing field sessionId"),
        (
            r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"InProgress","status":"InProgress"}"#,
            "duplicate field status",
        ),
        (
            r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179" "status":"InProgress"}"#,
            "invalid JSON at byte 52: expected `,` or `}`",
        ),
    ] {
        let err: DecodeError = SessionStatusResponse::from_json(body).unwrap_err();
        assert_eq!(err.to_string(), message, "{body}");
    }
}

#[test]
fn serde_says_what_each_reader_expected() {
    for (body, expected) in [
        (
            "[1]",
            "invalid type: sequence, expected a JSON object with sessionId and status",
        ),
        (
            r#"{"sessionId":5}"#,
            "invalid type: integer `5`, expected a session id (a UUID)",
        ),
        (
            r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":7}"#,
            "invalid type: integer `7`, expected a session status",
        ),
        (
            r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"InProgress","referenceId":7}"#,
            "invalid type: integer `7`, expected a reference id of 1 to 100 characters",
        ),
        (
            r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"InProgress","status":"InProgress"}"#,
            "duplicate field `status`",
        ),
        (r#"{"status":"InProgress"}"#, "missing field `sessionId`"),
        (
            r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"InProgress","statusDetails":5}"#,
            "invalid type: integer `5`, expected a status detail code such as EFT0501, an empty string or null",
        ),
    ] {
        let err = serde_json::from_str::<SessionStatusResponse>(body).unwrap_err();
        assert!(err.to_string().starts_with(expected), "{body}: {err}");
    }
}

#[test]
fn problem_types_follow_rfc_9110_sections() {
    for (status, section) in [
        (400, "15.5.1"),
        (401, "15.5.2"),
        (403, "15.5.4"),
        (404, "15.5.5"),
        (409, "15.5.10"),
        (422, "15.5.21"),
        (500, "15.6.1"),
    ] {
        let problem = ProblemDetails::new(status, "Title");
        assert_eq!(
            problem.problem_type.as_deref(),
            Some(format!("https://tools.ietf.org/html/rfc9110#section-{section}").as_str())
        );
    }
    assert_eq!(ProblemDetails::new(418, "Teapot").problem_type, None);
}
