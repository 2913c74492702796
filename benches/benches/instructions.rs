//! Instruction counts (callgrind, through gungraun) of each hot path as a user
//! calls it from another crate, beside its baselines, in one run. Counts
//! repeat on a noisy machine where wall-clock medians do not.
//!
//! `cargo bench -p eft-session-benches --bench instructions` needs valgrind
//! and `cargo install gungraun-runner --version 0.20.0`;
//! `python3 scripts/instructions.py` runs it, prints the table and checks it
//! against `benches/instructions.json`.

use std::hint::black_box;

use eft_session::wire::{CancelSessionResponse, SessionStatusResponse};
use eft_session::{Event, Observation, SessionStatus, StatusDetail, Transition, TransitionError};
use eft_session_benches::{self as work, STATUS_BODY, WEBHOOK_BODY, by_hand};
use gungraun::{library_benchmark, library_benchmark_group, main};

#[library_benchmark]
#[bench::status_body(STATUS_BODY)]
fn decode_serde(body: &str) -> Option<Observation> {
    black_box(work::serde_status_then_observe(black_box(body)))
}

#[library_benchmark]
#[bench::webhook_body(WEBHOOK_BODY)]
fn decode_serde_webhook(body: &str) -> Option<Observation> {
    black_box(work::serde_webhook_then_observe(black_box(body)))
}

#[library_benchmark]
#[bench::status_body(STATUS_BODY)]
fn decode_own(body: &str) -> Option<Observation> {
    black_box(work::own_status_then_observe(black_box(body)))
}

#[library_benchmark]
#[bench::webhook_body(WEBHOOK_BODY)]
fn decode_own_webhook(body: &str) -> Option<Observation> {
    black_box(work::own_webhook_then_observe(black_box(body)))
}

#[library_benchmark]
#[bench::status_body(STATUS_BODY)]
#[bench::webhook_body(WEBHOOK_BODY)]
fn decode_by_hand(body: &str) -> Option<bool> {
    black_box(by_hand::decode_then_observe(black_box(body)))
}

#[library_benchmark]
#[bench::signed(work::webhook_header())]
fn verify_webhook(header: String) -> Option<Observation> {
    black_box(work::verify_then_observe(
        black_box(&header),
        black_box(WEBHOOK_BODY.as_bytes()),
    ))
}

#[library_benchmark]
#[bench::signed(work::webhook_header())]
fn verify_by_hand(header: String) -> Option<bool> {
    black_box(by_hand::verify_then_observe(
        black_box(&header),
        black_box(WEBHOOK_BODY.as_bytes()),
    ))
}

#[library_benchmark]
#[bench::status_body(STATUS_BODY)]
#[bench::webhook_body(WEBHOOK_BODY)]
fn scan_floor(body: &str) -> bool {
    black_box(by_hand::scan(black_box(body)))
}

#[library_benchmark]
#[bench::cancel_in_progress(SessionStatus::InProgress, Event::CANCEL_BY_API)]
fn transition(status: SessionStatus, event: Event) -> Result<Transition, TransitionError> {
    black_box(work::transition(black_box(status), black_box(event)))
}

#[library_benchmark]
#[bench::cancel_in_progress("InProgress", "cancel")]
fn transition_by_hand(status: &str, event: &str) -> Option<&'static str> {
    black_box(by_hand::transition(black_box(status), black_box(event)))
}

// The cost of the benchmark itself: arguments and result through
// `black_box` and a call, with no work; subtracted from the small counts.
#[library_benchmark]
#[bench::cancel_in_progress(SessionStatus::InProgress, Event::CANCEL_BY_API)]
fn call_floor(status: SessionStatus, event: Event) -> (SessionStatus, Event) {
    black_box(work::identity(black_box((status, event))))
}

#[library_benchmark]
#[bench::eft0501("EFT0501")]
fn parse_code(text: &str) -> Option<StatusDetail> {
    black_box(work::parse_code(black_box(text)))
}

#[library_benchmark]
#[bench::canceled("Canceled")]
fn parse_status(text: &str) -> Option<SessionStatus> {
    black_box(work::parse_status(black_box(text)))
}

#[library_benchmark]
#[bench::cancel(work::cancel_body())]
fn encode_cancel(body: CancelSessionResponse) -> String {
    black_box(work::encode_cancel(black_box(&body)))
}

#[library_benchmark]
#[bench::cancel(work::cancel_body())]
fn to_json_cancel(body: CancelSessionResponse) -> String {
    black_box(work::to_json_cancel(black_box(&body)))
}

#[library_benchmark]
#[bench::status(work::status_body().unwrap())]
fn to_json_status(body: SessionStatusResponse) -> String {
    black_box(work::to_json_status(black_box(&body)))
}

#[library_benchmark]
#[bench::cancel(work::seed_id())]
fn format_cancel(id: uuid::Uuid) -> String {
    black_box(work::format_cancel(black_box(id), black_box("USER12345")))
}

#[library_benchmark]
#[bench::status(work::status_body().unwrap())]
fn encode_status(body: SessionStatusResponse) -> String {
    black_box(work::encode_status(black_box(&body)))
}

#[library_benchmark]
#[bench::status(work::seed_id())]
fn format_status(id: uuid::Uuid) -> String {
    black_box(work::format_status(
        black_box(id),
        black_box("USER12345"),
        black_box(500),
        black_box("Completed"),
        black_box("EFT0301"),
    ))
}

library_benchmark_group!(
    name = decoding;
    benchmarks = decode_serde, decode_serde_webhook, decode_own, decode_own_webhook, decode_by_hand, scan_floor, verify_webhook, verify_by_hand
);

library_benchmark_group!(
    name = lifecycle;
    benchmarks = call_floor, transition, transition_by_hand, parse_code, parse_status
);

library_benchmark_group!(
    name = encoding;
    benchmarks = encode_cancel, to_json_cancel, format_cancel, encode_status, to_json_status, format_status
);

main!(library_benchmark_groups = decoding, lifecycle, encoding);
