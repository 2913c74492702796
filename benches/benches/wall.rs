//! What the crate costs on the hot path of a status poll or a webhook, each
//! beside what an integrator would write instead, in the same run.
//!
//! `cargo bench -p eft-session-benches --bench wall`, then
//! `python3 scripts/bench-report.py` for the table of medians and ratios in
//! `benches/README.md`. The workloads live in `src/lib.rs`, shared with the
//! instruction counts.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eft_session::wire::{CancelSessionResponse, ProblemDetails, SessionStatusResponse};
use eft_session::{Session, SessionStatus, StatusDetail};
use eft_session_benches::{STATUS_BODY, WEBHOOK_BODY, by_hand, pairs, seed_id};

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

fn transitions(c: &mut Criterion) {
    let pairs = pairs();
    let texts: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(s, e)| (s.as_str(), e.kind().as_str()))
        .collect();
    let mut group = c.benchmark_group("transition");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("crate: every pair", |b| {
        b.iter(|| {
            for &(status, event) in black_box(&pairs) {
                let _ = black_box(status.transition(event));
            }
        })
    });
    group.bench_function("baseline: strings, every pair", |b| {
        b.iter(|| {
            for &(status, event) in black_box(&texts) {
                let _ = black_box(by_hand::transition(status, event));
            }
        })
    });
    group.bench_function("floor: copy every pair", |b| {
        b.iter(|| {
            for &pair in black_box(&pairs) {
                black_box(pair);
            }
        })
    });
    group.finish();
}

fn session_operations(c: &mut Criterion) {
    let live = eft_session_benches::live_session();
    let done = eft_session_benches::completed_session();

    let mut group = c.benchmark_group("cancel");
    group.bench_function("crate: cancel a live session", |b| {
        b.iter(|| black_box(black_box(live.clone()).cancel()))
    });
    group.bench_function("crate variant: cancel a terminal session", |b| {
        b.iter(|| black_box(black_box(done.clone()).cancel()))
    });
    group.bench_function("baseline: strings", |b| {
        b.iter(|| {
            let mut status = black_box(String::from("InProgress"));
            let result = match status.as_str() {
                "Completed" | "Failed" | "Cancelled" | "Expired" => Err(400),
                _ => {
                    status = String::from("Cancelled");
                    Ok(status)
                }
            };
            black_box(result)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("observe");
    group.bench_function("crate: observe a final state", |b| {
        b.iter(|| {
            black_box(live.clone()).observe(
                black_box(SessionStatus::Completed),
                black_box(Some(StatusDetail::EFT0301)),
            )
        })
    });
    group.bench_function("crate variant: observe a duplicate", |b| {
        b.iter(|| {
            black_box(done.clone()).observe(
                black_box(SessionStatus::Completed),
                black_box(Some(StatusDetail::EFT0301)),
            )
        })
    });
    group.bench_function("baseline: strings, observe a final state", |b| {
        b.iter(|| {
            let mut current = String::from("Initiated");
            black_box(by_hand::observe(
                &mut current,
                black_box("Completed"),
                black_box(Some("EFT0301")),
            ))
        })
    });
    group.finish();
}

fn parsing(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse a status");
    group.bench_function("crate: \"Canceled\"", |b| {
        b.iter(|| black_box("Canceled").parse::<SessionStatus>())
    });
    group.bench_function("baseline: keep the text as a String", |b| {
        b.iter(|| String::from(black_box("Canceled")))
    });
    group.finish();

    let mut group = c.benchmark_group("parse a code");
    group.bench_function("crate: \"EFT0501\"", |b| {
        b.iter(|| black_box("EFT0501").parse::<StatusDetail>())
    });
    group.bench_function("crate variant: \"EFT0405\" (undocumented)", |b| {
        b.iter(|| black_box("EFT0405").parse::<StatusDetail>())
    });
    group.bench_function("baseline: keep the text as a String", |b| {
        b.iter(|| String::from(black_box("EFT0501")))
    });
    group.bench_function("baseline: u16 from four digits", |b| {
        b.iter(|| black_box("0501").parse::<u16>())
    });
    group.finish();
}

fn decoding(c: &mut Criterion) {
    for (name, body) in [("status body", STATUS_BODY), ("webhook body", WEBHOOK_BODY)] {
        let mut group = c.benchmark_group(format!("decode and observe a {name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("crate: from_json + observe", |b| {
            b.iter(|| {
                let report = SessionStatusResponse::from_json(black_box(body)).unwrap();
                let mut session = Session::new(report.session_id(), None);
                black_box(session.observe_report(&report).unwrap());
            })
        });
        group.bench_function("crate variant: serde_json::from_str + observe", |b| {
            b.iter(|| {
                let report: SessionStatusResponse = serde_json::from_str(black_box(body)).unwrap();
                let mut session = Session::new(report.session_id(), None);
                black_box(session.observe_report(&report).unwrap());
            })
        });
        group.bench_function("baseline: String fields + matching", |b| {
            b.iter(|| {
                let report: by_hand::StatusBody = serde_json::from_str(black_box(body)).unwrap();
                let mut current = String::from("Initiated");
                black_box(&report.session_id);
                black_box((&report.reference_id, report.amount));
                black_box(
                    by_hand::observe(
                        &mut current,
                        &report.status,
                        report.status_details.as_deref(),
                    )
                    .unwrap(),
                );
            })
        });
        group.bench_function("baseline: serde_json::Value + matching", |b| {
            b.iter(|| {
                let report: serde_json::Value = serde_json::from_str(black_box(body)).unwrap();
                let mut current = String::from("Initiated");
                let status = report["status"].as_str().unwrap();
                let detail = report["statusDetails"].as_str();
                black_box(by_hand::observe(&mut current, status, detail).unwrap());
            })
        });
        group.bench_function("floor: IgnoredAny", |b| {
            b.iter(|| {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(body)).unwrap())
            })
        });
        group.finish();
    }
}

fn webhooks(c: &mut Criterion) {
    let header = eft_session_benches::webhook_header();
    let body = eft_session_benches::WEBHOOK_BODY.as_bytes();
    let mut group = c.benchmark_group("verify and observe a webhook");
    group.bench_function("crate: webhook::verify + observe", |b| {
        b.iter(|| eft_session_benches::verify_then_observe(black_box(&header), black_box(body)))
    });
    group.bench_function("baseline: hmac + serde_json by hand", |b| {
        b.iter(|| by_hand::verify_then_observe(black_box(&header), black_box(body)))
    });
    group.finish();
}

fn encoding(c: &mut Criterion) {
    let cancelled = CancelSessionResponse::new(seed_id(), Some("USER12345".parse().unwrap()));
    let mut session = Session::new(seed_id(), None);
    session.cancel().unwrap();
    let error = session.cancel().unwrap_err();

    let mut group = c.benchmark_group("encode a cancel response");
    group.bench_function("crate: serde_json::to_string", |b| {
        b.iter(|| serde_json::to_string(black_box(&cancelled)))
    });
    group.bench_function("baseline: format!", |b| {
        let id = seed_id();
        b.iter(|| {
            format!(
                r#"{{"sessionId":"{}","referenceId":"{}","status":"Cancelled","statusDetails":"EFT0501"}}"#,
                black_box(id),
                black_box("USER12345")
            )
        })
    });
    group.finish();

    let mut group = c.benchmark_group("encode a problem body");
    group.bench_function("crate: for a terminal cancel", |b| {
        b.iter(|| {
            serde_json::to_string(&ProblemDetails::for_transition_error(
                black_box(seed_id()),
                black_box(&error),
            ))
        })
    });
    group.bench_function("baseline: serde_json::json!", |b| {
        b.iter(|| {
            serde_json::to_string(&serde_json::json!({
                "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                "title": "Session Already Terminal",
                "status": 400,
                "detail": format!("session {}: cannot cancel session: already terminal at Cancelled (EFT0501)", black_box(seed_id())),
            }))
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = transitions, session_operations, parsing, decoding, webhooks, encoding
}
criterion_main!(benches);
