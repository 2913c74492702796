//! Read liberally, write strictly, lose nothing: bodies the provider can
//! really send are read (through serde, through `from_json` and through
//! `webhook::verify`), what is unknown is kept and written back unchanged,
//! and a verified body that cannot be taken in is handed back.

#![cfg(all(feature = "webhook", feature = "proptest"))]

mod util;

use core::time::Duration;

use eft_session::strategy;
use eft_session::webhook::{self, WebhookError};
use eft_session::wire::{
    CancelSessionResponse, InProduct, SessionDetailsResponse, SessionSetupStatusChanged,
    SessionStatusResponse,
};
use eft_session::{Event, Observation, Product, Session, SessionStatus, StatusDetail, Transition};
use proptest::prelude::*;
use uuid::Uuid;

const SECRET: &[u8] = b"whsec_lossless";
const ID: &str = "850750a4-3021-4061-ac03-a8d873aa4179";
/// 2026-06-04T14:30:00Z, the `when` of the bodies below.
const NOW: Duration = Duration::from_secs(1_780_583_400);
const FIVE_MINUTES: Duration = Duration::from_secs(300);

/// Reads a webhook body every way a receiver can, checks that all agree, and
/// that writing it back keeps the reference id.
#[track_caller]
fn read_every_way(body: &str) -> SessionSetupStatusChanged {
    let by_serde: SessionSetupStatusChanged =
        serde_json::from_str(body).unwrap_or_else(|err| panic!("serde refused {body}: {err}"));
    let by_reader = SessionSetupStatusChanged::from_json(body)
        .unwrap_or_else(|err| panic!("from_json refused {body}: {err}"));
    let header = webhook::sign(SECRET, body.as_bytes()).to_string();
    let verified = webhook::verify(SECRET, Some(&header), body.as_bytes(), NOW, FIVE_MINUTES)
        .unwrap_or_else(|err| panic!("verify refused {body}: {err}"));
    assert_eq!(by_serde, by_reader);
    assert_eq!(by_serde, verified);
    by_serde
}

fn webhook_body(when: &str, reference_id: &str) -> String {
    format!(
        r#"{{"when":{},"sessionId":"{ID}","referenceId":{},"amount":12.34,"status":"Canceled","statusDetails":"EFT0501"}}"#,
        serde_json::to_string(when).unwrap(),
        serde_json::to_string(reference_id).unwrap()
    )
}

#[test]
fn geft_reference_ids_are_read_and_written_back_unchanged() {
    let hundred = "é".repeat(100);
    for reference in [
        "order 12 for Jane Doe",
        &"x".repeat(40),
        &"x".repeat(100),
        &hundred,
        "café #1",
        "order_12/ab.c@example",
    ] {
        let event = read_every_way(&webhook_body("2026-06-04T14:30:00Z", reference));
        let report = event.report();
        assert_eq!(report.reference_id().map(|r| r.as_str()), Some(reference));

        // Written back exactly, as either product spells it.
        let written: serde_json::Value =
            serde_json::to_value(InProduct(Product::Geft, &event)).unwrap();
        assert_eq!(written["referenceId"], reference);
        assert_eq!(written["status"], "Canceled");

        // The status and cancel bodies, through both readers.
        let status = format!(
            r#"{{"sessionId":"{ID}","referenceId":{},"amount":null,"status":"Cancelled","statusDetails":"EFT0501"}}"#,
            serde_json::to_string(reference).unwrap()
        );
        let by_reader = SessionStatusResponse::from_json(&status).unwrap();
        assert_eq!(
            serde_json::from_str::<SessionStatusResponse>(&status).unwrap(),
            by_reader
        );
        let cancel = CancelSessionResponse::from_json(&status).unwrap();
        assert_eq!(
            serde_json::from_str::<CancelSessionResponse>(&status).unwrap(),
            cancel
        );
        assert_eq!(
            serde_json::to_value(&cancel).unwrap()["referenceId"],
            reference
        );

        // And a session keeps it.
        let mut session = Session::new(report.session_id(), report.reference_id().cloned());
        session.observe_report(report).unwrap();
        assert_eq!(session.reference_id().map(|r| r.as_str()), Some(reference));
    }
}

#[test]
fn an_escaped_geft_reference_id_longer_than_any_buffer_is_read() {
    // 100 characters, every one escaped: 600 bytes of JSON, 200 of text.
    let escaped = "\\u00e9".repeat(100);
    let body = format!(
        r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","referenceId":"{escaped}","status":"Canceled","statusDetails":"EFT0501"}}"#
    );
    let event = read_every_way(&body);
    assert_eq!(
        event.report().reference_id().map(|r| r.as_str()),
        Some("é".repeat(100).as_str())
    );
}

#[test]
fn dotnet_timestamps_are_read_as_utc() {
    for when in [
        "2026-06-04T14:30:00.1234567",
        "2026-06-04T14:30:00",
        "2026-06-04T14:30:00+0000",
        "2026-06-04T14:30:00+00:00",
        "2026-06-04T14:30:00.1234567Z",
    ] {
        let event = read_every_way(&webhook_body(when, "USER12345"));
        assert_eq!(
            event.when().since_unix_epoch().as_secs(),
            NOW.as_secs(),
            "{when}"
        );
        // Written strictly: RFC 3339 with `Z`.
        let written = serde_json::to_value(&event).unwrap();
        assert!(written["when"].as_str().unwrap().ends_with('Z'), "{when}");
    }
}

#[test]
fn a_when_longer_than_the_stack_buffer_is_judged_alike() {
    // 64 fraction digits, written with escapes: over 64 bytes once unescaped.
    let digits = "1".repeat(64);
    let escaped: String = digits.chars().map(|_| "\\u0031").collect();
    let body = format!(
        r#"{{"when":"2026-06-04T14:30:00.{escaped}Z","sessionId":"{ID}","status":"Canceled","statusDetails":"EFT0501"}}"#
    );
    let event = read_every_way(&body);
    assert_eq!(event.when().since_unix_epoch().subsec_nanos(), 111_111_111);
}

#[test]
fn in_progress_with_an_empty_or_stale_code_is_read() {
    for (details, kept) in [
        (r#""""#, None),
        ("null", None),
        (r#""EFT0101""#, Some(StatusDetail::EFT0101)),
        (r#""EFT0201""#, StatusDetail::from_number(201)),
    ] {
        let body =
            format!(r#"{{"sessionId":"{ID}","status":"InProgress","statusDetails":{details}}}"#);
        let by_reader = SessionStatusResponse::from_json(&body).unwrap();
        let by_serde: SessionStatusResponse = serde_json::from_str(&body).unwrap();
        assert_eq!(by_reader, by_serde, "{details}");
        assert_eq!(by_reader.detail(), kept, "{details}");

        // A session that sees it moves to InProgress, and its log says so.
        let mut live = Session::new(by_reader.session_id(), None);
        let seen = live.observe_report(&by_reader).unwrap();
        let log: Vec<Transition> = seen.transitions().collect();
        let rebuilt = Session::replay(live.id(), None, log).unwrap();
        assert_eq!(rebuilt, live, "{details}");
    }
    // An empty code is no code: beside a final status it is still missing.
    let body = format!(r#"{{"sessionId":"{ID}","status":"Completed","statusDetails":""}}"#);
    assert!(SessionStatusResponse::from_json(&body).is_err());
    assert!(serde_json::from_str::<SessionStatusResponse>(&body).is_err());
}

#[test]
fn a_documented_contradiction_stays_an_error() {
    for (status, code) in [
        ("Completed", "EFT0501"),
        ("Cancelled", "EFT0301"),
        ("Initiated", "EFT0601"),
    ] {
        let body = format!(
            r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","status":"{status}","statusDetails":"{code}"}}"#
        );
        assert!(
            SessionSetupStatusChanged::from_json(&body).is_err(),
            "{status} {code}"
        );
        assert!(serde_json::from_str::<SessionSetupStatusChanged>(&body).is_err());
    }
}

#[test]
fn geft_details_with_an_empty_account_while_initiated_are_read() {
    let body = format!(
        r#"{{"sessionId":"{ID}","status":"Initiated","options":{{"guarantee":{{"enable":true}}}},
            "payor":{{"firstName":"Jane","lastName":"Doe","account":{{}}}},"payee":null}}"#
    );
    let details: SessionDetailsResponse = serde_json::from_str(&body).unwrap();
    assert!(details.payor.unwrap().account.is_some());
    // A real account before the flow started is still refused.
    let body = body.replace(r#""account":{}"#, r#""account":{"institutionCode":"001"}"#);
    assert!(serde_json::from_str::<SessionDetailsResponse>(&body).is_err());
}

#[test]
fn details_are_written_in_their_products_spelling() {
    let body = |enable: bool| {
        format!(
            r#"{{"sessionId":"{ID}","status":"Canceled","options":{{"guarantee":{{"enable":{enable}}}}},"payee":null}}"#
        )
    };
    let geft: SessionDetailsResponse = serde_json::from_str(&body(true)).unwrap();
    assert_eq!(serde_json::to_value(&geft).unwrap()["status"], "Canceled");
    let v2: SessionDetailsResponse = serde_json::from_str(&body(false)).unwrap();
    assert_eq!(serde_json::to_value(&v2).unwrap()["status"], "Cancelled");
    assert_eq!(
        serde_json::to_value(InProduct(Product::Geft, &v2)).unwrap()["status"],
        "Canceled"
    );
}

#[test]
fn a_verified_body_the_crate_cannot_take_in_is_handed_back() {
    for body in [
        format!(r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","status":"Processing"}}"#),
        format!(
            r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","status":"Failed","statusDetails":"EFT0701"}}"#
        ),
        format!(
            r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","status":"Completed","statusDetails":"EFT0501"}}"#
        ),
    ] {
        let header = webhook::sign(SECRET, body.as_bytes()).to_string();
        let err =
            webhook::verify(SECRET, Some(&header), body.as_bytes(), NOW, FIVE_MINUTES).unwrap_err();
        assert!(matches!(err, WebhookError::Body { .. }), "{err:?}");
        assert_eq!(
            err.verified_body().and_then(|b| b.as_str()),
            Some(body.as_str())
        );
    }
    // An event out of its window is handed back too.
    let body = webhook_body("2026-06-04T14:30:00Z", "USER12345");
    let header = webhook::sign(SECRET, body.as_bytes()).to_string();
    let err = webhook::verify(
        SECRET,
        Some(&header),
        body.as_bytes(),
        NOW * 2,
        FIVE_MINUTES,
    )
    .unwrap_err();
    assert!(matches!(err, WebhookError::OutsideTolerance { .. }));
    assert_eq!(
        err.verified_body().map(|b| b.as_bytes()),
        Some(body.as_bytes())
    );
}

#[test]
fn amounts_past_a_whole_cent_are_refused_by_every_reader() {
    for amount in [
        "12.340000000000001",
        "1000000000.000001",
        "60000000000.0001",
    ] {
        let body = format!(
            r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","amount":{amount},"status":"Canceled","statusDetails":"EFT0501"}}"#
        );
        assert!(
            SessionSetupStatusChanged::from_json(&body).is_err(),
            "{amount}"
        );
        assert!(
            serde_json::from_str::<SessionSetupStatusChanged>(&body).is_err(),
            "{amount}"
        );
        let header = webhook::sign(SECRET, body.as_bytes()).to_string();
        let err =
            webhook::verify(SECRET, Some(&header), body.as_bytes(), NOW, FIVE_MINUTES).unwrap_err();
        assert!(err.to_string().contains("more than two decimals"), "{err}");
    }
}

#[test]
fn an_observed_in_progress_code_is_in_the_log() {
    // The integrator's SQLite store, shrunk: [Create, Observe { InProgress, EFT0200 }].
    let mut live = Session::new(Uuid::nil(), None);
    let seen = live
        .observe(SessionStatus::InProgress, StatusDetail::from_number(200))
        .unwrap();
    let Observation::Advanced(step) = seen else {
        panic!("one step: {seen:?}")
    };
    assert_eq!(step.target(), live.state());
    assert_eq!(Session::replay(Uuid::nil(), None, [step]).unwrap(), live);
}

/// One thing that may happen to a session, legal or not.
#[derive(Clone, Debug)]
enum Action {
    Apply(Event),
    Observe(SessionStatus, Option<StatusDetail>),
    Cancel,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        strategy::any_event().prop_map(Action::Apply),
        (strategy::status(), proptest::option::of(strategy::detail()))
            .prop_map(|(status, detail)| Action::Observe(status, detail)),
        strategy::state().prop_map(|state| Action::Observe(state.status(), state.detail())),
        Just(Action::Cancel),
    ]
}

/// A transition as a database keeps it: three columns, read back through
/// `Transition::new`.
fn through_columns(step: Transition) -> Transition {
    let (from, to, detail) = (
        step.from().to_string(),
        step.to().to_string(),
        step.detail().map(|code| code.to_string()),
    );
    Transition::new(
        from.parse().unwrap(),
        to.parse().unwrap(),
        detail.map(|code| code.parse().unwrap()),
    )
    .unwrap()
}

proptest! {
    // 10,000 sequences in CI; set PROPTEST_CASES for a longer hunt.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000)
    ))]

    /// After every step, the steps handed out so far replay to the live
    /// session: straight, after a JSON round trip, and from columns.
    #[test]
    fn the_log_rebuilds_the_session_after_every_step(
        reference_id in proptest::option::of(strategy::reference_id()),
        actions in proptest::collection::vec(action(), 0..12),
    ) {
        let id = Uuid::from_u128(7);
        let mut live = Session::new(id, reference_id.clone());
        let mut log: Vec<Transition> = Vec::new();
        for action in actions {
            let before = live.clone();
            let steps: Vec<Transition> = match action {
                Action::Apply(event) => live.apply(event).map(|step| vec![step]).unwrap_or_default(),
                Action::Observe(status, detail) => live
                    .observe(status, detail)
                    .map(|seen| seen.transitions().collect())
                    .unwrap_or_default(),
                Action::Cancel => live.cancel().map(|(step, _)| vec![step]).unwrap_or_default(),
            };
            if steps.is_empty() {
                prop_assert_eq!(&live.state(), &before.state(), "a refused or idle action changed the session");
            }
            for step in &steps {
                prop_assert_eq!(step.target().status(), step.to());
            }
            prop_assert_eq!(steps.last().map(|s| s.target()).unwrap_or(before.state()), live.state());
            log.extend(steps);

            let straight = Session::replay(id, reference_id.clone(), log.iter().copied()).unwrap();
            prop_assert_eq!(&straight, &live);
            let json = serde_json::to_string(&log).unwrap();
            let round_trip: Vec<Transition> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&Session::replay(id, reference_id.clone(), round_trip).unwrap(), &live);
            let columns = log.iter().copied().map(through_columns);
            prop_assert_eq!(&Session::replay(id, reference_id.clone(), columns).unwrap(), &live);
        }
    }
}

proptest! {
    /// The crate's own writer writes, byte for byte, what serde_json writes,
    /// in both products' spellings.
    #[test]
    fn the_own_writer_writes_what_serde_writes(
        status in strategy::status_response(),
        cancel in strategy::cancel_response(),
    ) {
        prop_assert_eq!(status.to_json(), serde_json::to_string(&status).unwrap());
        prop_assert_eq!(cancel.to_json(), serde_json::to_string(&cancel).unwrap());
        for product in Product::all() {
            prop_assert_eq!(InProduct(product, &status).to_json(), serde_json::to_string(&InProduct(product, &status)).unwrap());
            prop_assert_eq!(InProduct(product, &cancel).to_json(), serde_json::to_string(&InProduct(product, &cancel)).unwrap());
        }
    }
}

#[test]
fn the_own_writer_escapes_as_serde_does() {
    for reference in [
        "a\"b\\c",
        "tab\there",
        "line\nfeed\r",
        "\u{1}\u{1f}\u{8}\u{c}",
        "café 💳",
        "</script>",
    ] {
        let body = CancelSessionResponse::new(Uuid::nil(), Some(reference.parse().unwrap()));
        assert_eq!(
            body.to_json(),
            serde_json::to_string(&body).unwrap(),
            "{reference:?}"
        );
    }
    let event = read_every_way(&webhook_body("2026-06-04T14:30:00.1234567", "USER12345"));
    assert_eq!(event.to_json(), serde_json::to_string(&event).unwrap());
    assert_eq!(
        InProduct(Product::Geft, &event).to_json(),
        serde_json::to_string(&InProduct(Product::Geft, &event)).unwrap()
    );
}
