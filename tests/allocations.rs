//! The hot paths allocate nothing: checked with a counting allocator
//! (`allocation-counter`, which counts per thread, so tests may run in
//! parallel).

use allocation_counter::measure;
use eft_session::wire::{CancelSessionResponse, SessionStatusResponse};
use eft_session::{Event, Session, SessionStatus, StatusDetail};
use std::hint::black_box;

const STATUS_BODY: &str = r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}"#;
const WEBHOOK_BODY: &str = r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":12.34,"status":"Canceled","statusDetails":"EFT0501"}"#;

#[track_caller]
fn assert_allocates(most: u64, what: &str, code: impl FnOnce()) {
    let info = measure(code);
    assert!(
        info.count_total <= most,
        "{what}: {} allocations, at most {most} expected",
        info.count_total
    );
}

#[test]
fn the_counter_sees_an_allocation() {
    // Guards the guard: a test of zero is worthless if nothing is counted.
    let info = measure(|| drop(black_box(String::from("EFT0501"))));
    assert_eq!(info.count_total, 1);
}

#[test]
fn transitions_allocate_nothing() {
    assert_allocates(0, "every transition", || {
        for status in SessionStatus::all() {
            for event in [
                Event::Start,
                Event::Complete(StatusDetail::EFT0302),
                Event::Fail(StatusDetail::EFT0404),
                Event::CANCEL_BY_API,
                Event::TIME_OUT,
            ] {
                let _ = black_box(black_box(status).transition(black_box(event)));
            }
        }
    });
}

#[test]
fn parsing_statuses_and_codes_allocates_nothing() {
    assert_allocates(0, "parsing", || {
        for text in [
            "Initiated",
            "InProgress",
            "Completed",
            "Failed",
            "Cancelled",
            "Canceled",
            "Expired",
        ] {
            black_box(black_box(text).parse::<SessionStatus>().unwrap());
        }
        for text in ["EFT0101", "EFT0301", "EFT0405", "EFT0699"] {
            black_box(black_box(text).parse::<StatusDetail>().unwrap());
        }
    });
}

#[test]
fn session_operations_allocate_nothing() {
    let id = uuid::Uuid::nil();
    assert_allocates(0, "apply, observe and cancel", || {
        let mut session = Session::new(id, Some("USER12345".parse().unwrap()));
        session.apply(Event::Start).unwrap();
        black_box(session.observe(SessionStatus::InProgress, None).unwrap());
        black_box(session.cancel().unwrap());
        black_box(
            session
                .observe(SessionStatus::Cancelled, Some(StatusDetail::EFT0501))
                .unwrap(),
        );
        let mut other = Session::new(id, None);
        black_box(
            other
                .observe(SessionStatus::Completed, Some(StatusDetail::EFT0301))
                .unwrap(),
        );
    });
}

#[test]
fn decoding_a_status_or_webhook_body_allocates_nothing() {
    assert_allocates(0, "status body", || {
        let body: SessionStatusResponse = serde_json::from_str(black_box(STATUS_BODY)).unwrap();
        let mut session = Session::new(body.session_id(), None);
        black_box(session.observe_report(&body).unwrap());
    });
    assert_allocates(0, "webhook body", || {
        black_box(serde_json::from_str::<SessionStatusResponse>(black_box(WEBHOOK_BODY)).unwrap());
    });
    assert_allocates(0, "cancel body", || {
        let body =
            CancelSessionResponse::new(uuid::Uuid::nil(), Some("USER12345".parse().unwrap()));
        let mut out = [0u8; 256];
        serde_json::to_writer(&mut out[..], black_box(&body)).unwrap();
        black_box(out);
    });
}
