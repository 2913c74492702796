//! The conformance vectors in `vectors/`, generated from the crate: every
//! (status, event) pair, every documented code, what a reader decides about
//! each sample body, webhook signature cases and traces of the reference
//! model. This test fails when a file no longer matches what the crate
//! answers; regenerate them with
//!
//!     UPDATE_VECTORS=1 cargo test --all-features --test vectors
//!
//! Inputs (the sample bodies, the webhook cases) are chosen here; every
//! answer in the files is the crate's own.

#![cfg(all(feature = "proptest", feature = "webhook"))]

use std::path::Path;
use std::time::Duration;

use eft_session::strategy::model::{Command, ModelState, Outcome, SessionsModel, StoreError};
use eft_session::webhook::{self, WebhookError};
use eft_session::wire::{
    CancelSessionResponse, ConfirmGuaranteeRequest, ConfirmGuaranteeResponse, DecodeError,
    GuaranteeOffered, InProduct, InitiateSessionRequest, ProblemDetails, SessionDetailsResponse,
    SessionSetupStatusChanged, SessionStatusResponse,
};
use eft_session::{
    Event, EventKind, GuaranteeStage, Observation, ObserveError, Product, SessionState,
    SessionStatus, StatusDetail, Transition, TransitionError,
};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use proptest_state_machine::ReferenceStateMachine;
use serde_json::{Value, json};

const REGENERATE: &str = "UPDATE_VECTORS=1 cargo test --all-features --test vectors";
const ID: &str = "850750a4-3021-4061-ac03-a8d873aa4179";

fn event_json(event: Event) -> Value {
    json!({ "kind": event.kind().to_string(), "statusDetails": event.detail().map(|c| c.to_string()) })
}

fn step_json(step: Transition) -> Value {
    json!({ "from": step.from().as_str(), "fromGuarantee": step.guarantee_before().as_str(), "to": step.to().as_str(), "statusDetails": step.detail().map(|c| c.to_string()), "guarantee": step.guarantee().as_str() })
}

/// An error as a port must reproduce it: its kind, HTTP status and title,
/// and the crate's message (ports may word it their own way).
fn error_json(kind: &str, status: u16, title: &str, message: String) -> Value {
    json!({ "error": kind, "httpStatus": status, "title": title, "message": message })
}

fn transition_error(error: &TransitionError) -> Value {
    let kind = match error {
        TransitionError::AlreadyTerminal { .. } => "AlreadyTerminal",
        TransitionError::NotAllowed { .. } => "NotAllowed",
        TransitionError::DetailMismatch { .. } => "DetailMismatch",
        TransitionError::InvalidTarget(_) => "InvalidTarget",
        TransitionError::Unreachable { .. } => "Unreachable",
        TransitionError::NoGuaranteeOffer { .. } => "NoGuaranteeOffer",
        TransitionError::GuaranteePending { .. } => "GuaranteePending",
        TransitionError::GuaranteeNotEnabled { .. } => "GuaranteeNotEnabled",
        _ => "Other",
    };
    error_json(kind, error.http_status(), error.title(), error.to_string())
}

fn observe_error(error: &ObserveError) -> Value {
    let kind = match error {
        ObserveError::Invalid(_) => "Invalid",
        ObserveError::AlreadyTerminal { .. } => "AlreadyTerminal",
        ObserveError::Unreachable { .. } => "Unreachable",
        ObserveError::WrongSession { .. } => "WrongSession",
        _ => "Other",
    };
    error_json(kind, error.http_status(), error.title(), error.to_string())
}

/// The event of `kind` carrying `code`.
fn with_code(kind: EventKind, code: StatusDetail) -> Event {
    match kind {
        EventKind::Complete => Event::Complete(code),
        EventKind::Fail => Event::Fail(code),
        EventKind::Cancel => Event::Cancel(code),
        EventKind::Expire => Event::Expire(code),
        EventKind::RejectGuarantee => Event::RejectGuarantee(code),
        EventKind::GuaranteeUndelivered => Event::GuaranteeUndelivered(code),
        _ => kind.example(),
    }
}

/// Every status, at every guarantee stage that goes with it, with one event
/// of every kind, and, for each kind that carries a code, one with a code of
/// another family.
fn transitions() -> Value {
    let mut cases = Vec::new();
    for (from, guarantee) in SessionStatus::all()
        .flat_map(|status| GuaranteeStage::all().map(move |stage| (status, stage)))
        .filter(|(status, stage)| stage.goes_with(*status))
    {
        let code = StatusDetail::DOCUMENTED
            .iter()
            .copied()
            .find(|code| code.status() == from)
            .filter(|_| from != SessionStatus::InProgress);
        let state = SessionState::new(from, code)
            .and_then(|state| state.with_guarantee(guarantee))
            .expect("a stage that goes with its status");
        for kind in EventKind::all() {
            let example = kind.example();
            let mut events = vec![example];
            if let Some(code) = example.detail() {
                let other = EventKind::all()
                    .filter_map(|k| k.example().detail())
                    .find(|c| c.status() != code.status())
                    .expect("codes of two families");
                events.push(with_code(kind, other));
            }
            for event in events {
                let outcome = match state.transition(event) {
                    Ok(step) => json!({ "ok": step_json(step) }),
                    Err(error) => transition_error(&error),
                };
                cases.push(json!({ "from": from.as_str(), "fromStatusDetails": code.map(|c| c.to_string()), "fromGuarantee": guarantee.as_str(), "event": event_json(event), "outcome": outcome }));
            }
        }
    }
    json!({ "transitions": cases })
}

fn codes() -> Value {
    let codes: Vec<Value> = StatusDetail::DOCUMENTED
        .iter()
        .map(|code| {
            json!({
                "code": code.to_string(),
                "status": code.status().as_str(),
                "meaning": code.description(),
                "products": code.products().unwrap_or_default().iter().map(|p| p.as_str()).collect::<Vec<_>>()
            })
        })
        .collect();
    let statuses: Vec<Value> = SessionStatus::all()
        .map(|status| {
            json!({
                "status": status.as_str(),
                "spellings": Product::all().map(|p| json!({ "product": p.as_str(), "written": status.as_str_in(p) })).collect::<Vec<_>>(),
                "terminal": status.is_terminal(),
                "detailFamily": status.detail_family()
            })
        })
        .collect();
    json!({ "statuses": statuses, "codes": codes })
}

fn decode_error(error: &DecodeError) -> Value {
    let kind = match error {
        DecodeError::Syntax { .. } => "Syntax",
        DecodeError::InvalidField { .. } => "InvalidField",
        DecodeError::DuplicateField(_) => "DuplicateField",
        DecodeError::MissingField(_) => "MissingField",
        DecodeError::Body(_) => "Body",
        _ => "Other",
    };
    error_json(kind, error.http_status(), error.title(), error.to_string())
}

/// What the crate's reader decides about `body` as each status body, and
/// what it writes back, in each product's spelling.
fn status_body_verdicts(body: &str) -> Value {
    fn verdict<T: serde::Serialize>(
        read: Result<T, DecodeError>,
        geft: impl Fn(&T) -> Value,
    ) -> Value {
        match read {
            Ok(value) => json!({
                "accepted": serde_json::to_value(&value).unwrap(),
                "writtenByGeft": geft(&value)
            }),
            Err(error) => decode_error(&error),
        }
    }
    json!({
        "SessionStatusResponse": verdict(SessionStatusResponse::from_json(body), |v| serde_json::to_value(InProduct(Product::Geft, v)).unwrap()),
        "CancelSessionResponse": verdict(CancelSessionResponse::from_json(body), |v| serde_json::to_value(InProduct(Product::Geft, v)).unwrap()),
        "SessionSetupStatusChanged": verdict(SessionSetupStatusChanged::from_json(body), |v| serde_json::to_value(InProduct(Product::Geft, v)).unwrap())
    })
}

fn status_bodies() -> Value {
    let samples: Vec<(&str, String)> = vec![
        (
            "the EFT V2 cancel page's example",
            format!(
                r#"{{"sessionId":"{ID}","referenceId":"USER12345","status":"Cancelled","statusDetails":"EFT0501"}}"#
            ),
        ),
        (
            "GEFT's cancel spelling",
            format!(
                r#"{{"sessionId":"{ID}","referenceId":"Happy2","status":"Canceled","statusDetails":"EFT0501"}}"#
            ),
        ),
        (
            "a completed poll with an amount",
            format!(
                r#"{{"sessionId":"{ID}","referenceId":"Happy1","amount":500,"status":"Completed","statusDetails":"EFT0301"}}"#
            ),
        ),
        (
            "a webhook",
            format!(
                r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","referenceId":"USER12345","amount":12.34,"status":"Canceled","statusDetails":"EFT0501"}}"#
            ),
        ),
        (
            "lenient: a GEFT reference id with spaces and accents",
            format!(
                r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","referenceId":"order 12 for Jane Doe, café #1","status":"Completed","statusDetails":"EFT0302"}}"#
            ),
        ),
        (
            "lenient: a .NET instant without an offset",
            format!(
                r#"{{"when":"2026-06-04T14:30:00.1234567","sessionId":"{ID}","status":"Failed","statusDetails":"EFT0403"}}"#
            ),
        ),
        (
            "lenient: an offset without a colon",
            format!(
                r#"{{"when":"2026-06-04T16:30:00+0200","sessionId":"{ID}","status":"Failed","statusDetails":"EFT0401"}}"#
            ),
        ),
        (
            "lenient: InProgress with an empty code",
            format!(r#"{{"sessionId":"{ID}","status":"InProgress","statusDetails":""}}"#),
        ),
        (
            "lenient: InProgress with a stale EFT0101",
            format!(r#"{{"sessionId":"{ID}","status":"InProgress","statusDetails":"EFT0101"}}"#),
        ),
        (
            "lenient: an unknown code in a known family",
            format!(r#"{{"sessionId":"{ID}","status":"Failed","statusDetails":"EFT0405"}}"#),
        ),
        (
            "lenient: unknown fields are ignored",
            format!(
                r#"{{"sessionId":"{ID}","status":"Expired","statusDetails":"EFT0601","eventType":"x","nested":{{"a":[1]}}}}"#
            ),
        ),
        (
            "lenient: a whole number of cents written with trailing zeros",
            format!(
                r#"{{"sessionId":"{ID}","amount":12.340,"status":"Initiated","statusDetails":"EFT0101"}}"#
            ),
        ),
        (
            "refused: a code that contradicts its status",
            format!(r#"{{"sessionId":"{ID}","status":"Completed","statusDetails":"EFT0501"}}"#),
        ),
        (
            "refused: a final status without a code",
            format!(r#"{{"sessionId":"{ID}","status":"Expired","statusDetails":null}}"#),
        ),
        (
            "refused: a status no page documents",
            format!(r#"{{"sessionId":"{ID}","status":"Processing"}}"#),
        ),
        (
            "refused: a code of an unknown family",
            format!(r#"{{"sessionId":"{ID}","status":"Failed","statusDetails":"EFT0701"}}"#),
        ),
        (
            "refused: a third decimal",
            format!(
                r#"{{"sessionId":"{ID}","amount":12.345,"status":"Initiated","statusDetails":"EFT0101"}}"#
            ),
        ),
        (
            "refused: a hair above a whole cent",
            format!(
                r#"{{"sessionId":"{ID}","amount":12.340000000000001,"status":"Initiated","statusDetails":"EFT0101"}}"#
            ),
        ),
        (
            "refused: a negative amount",
            format!(
                r#"{{"sessionId":"{ID}","amount":-5,"status":"Initiated","statusDetails":"EFT0101"}}"#
            ),
        ),
        (
            "refused: a reference id of 101 characters",
            format!(
                r#"{{"sessionId":"{ID}","referenceId":"{}","status":"Initiated","statusDetails":"EFT0101"}}"#,
                "x".repeat(101)
            ),
        ),
        (
            "refused: a duplicate field",
            format!(r#"{{"sessionId":"{ID}","status":"InProgress","status":"InProgress"}}"#),
        ),
        (
            "refused: no session id",
            r#"{"status":"InProgress"}"#.to_string(),
        ),
        ("refused: not JSON", format!(r#"{{"sessionId":"{ID}","#)),
        ("refused: an array", "[]".to_string()),
    ];
    let cases: Vec<Value> = samples
        .into_iter()
        .map(|(name, body)| json!({ "name": name, "body": body, "readers": status_body_verdicts(&body) }))
        .collect();
    json!({ "statusBodies": cases })
}

fn other_bodies() -> Value {
    let details = |status: &str, enable: bool, extra: &str| {
        format!(
            r#"{{"sessionId":"{ID}","status":"{status}","options":{{"guarantee":{{"enable":{enable}}}}},"payee":null{extra}}}"#
        )
    };
    let detail_samples = vec![
        ("GEFT details, cancelled", details("Canceled", true, "")),
        ("EFT V2 details, cancelled", details("Cancelled", false, "")),
        (
            "lenient: GEFT's empty account while Initiated",
            details(
                "Initiated",
                true,
                r#","payor":{"firstName":"Jane","lastName":"Doe","account":{}}"#,
            ),
        ),
        (
            "refused: an account before the flow started",
            details(
                "Initiated",
                false,
                r#","payor":{"firstName":"Jane","lastName":"Doe","account":{"institutionCode":"001"}}"#,
            ),
        ),
    ];
    let details: Vec<Value> = detail_samples
        .into_iter()
        .map(|(name, body)| {
            let verdict = match serde_json::from_str::<SessionDetailsResponse>(&body) {
                Ok(read) => json!({ "accepted": serde_json::to_value(&read).unwrap() }),
                Err(error) => json!({ "error": "Invalid", "message": error.to_string() }),
            };
            json!({ "name": name, "body": body, "verdict": verdict })
        })
        .collect();
    let request = |reference: &str, enable: bool, extra: &str| {
        format!(
            r#"{{"type":"EFT","direction":"DEBIT","referenceId":"{reference}","amount":500,"options":{{"guarantee":{{"enable":{enable}}}}},"payor":{{"firstName":"Jane","lastName":"Doe"{extra}}}}}"#
        )
    };
    let request_samples = vec![
        ("an EFT V2 request", request("USER12345", false, "")),
        (
            "a GEFT request with a long reference id",
            request("order 12 for Jane Doe", true, ""),
        ),
        (
            "refused: a GEFT reference id in an EFT V2 request",
            request("order 12 for Jane Doe", false, ""),
        ),
        (
            "refused: a phone with a plus and a bad date of birth",
            request(
                "A-1",
                false,
                r#","phone":"+1 514","dateOfBirth":"1985-02-30""#,
            ),
        ),
    ];
    let requests: Vec<Value> = request_samples
        .into_iter()
        .map(|(name, body)| {
            let verdict = match serde_json::from_str::<InitiateSessionRequest>(&body) {
                Ok(read) => match read.validate() {
                    Ok(()) => json!({ "valid": true, "product": read.product().as_str() }),
                    Err(violations) => json!({ "valid": false, "problem": serde_json::to_value(ProblemDetails::from(&violations)).unwrap() }),
                },
                Err(error) => json!({ "error": "Invalid", "message": error.to_string() }),
            };
            json!({ "name": name, "body": body, "verdict": verdict })
        })
        .collect();
    let confirm_requests = serde_cases::<ConfirmGuaranteeRequest>(vec![
        ("accept", r#"{"guaranteeAccepted":true}"#.to_string()),
        ("reject", r#"{"guaranteeAccepted":false}"#.to_string()),
        (
            "lenient: the docs' curl example sends the boolean as a string",
            r#"{"guaranteeAccepted":"true"}"#.to_string(),
        ),
        (
            "lenient: a string in any case, and an unknown field",
            r#"{"guaranteeAccepted":"FALSE","comment":"no"}"#.to_string(),
        ),
        (
            "refused: a string other than true or false",
            r#"{"guaranteeAccepted":"yes"}"#.to_string(),
        ),
        (
            "refused: a number",
            r#"{"guaranteeAccepted":1}"#.to_string(),
        ),
        ("refused: null", r#"{"guaranteeAccepted":null}"#.to_string()),
        ("refused: no decision", "{}".to_string()),
    ]);
    let confirm_responses = serde_cases::<ConfirmGuaranteeResponse>(vec![
        (
            "the confirm page's two fields",
            format!(r#"{{"sessionId":"{ID}","referenceId":"Happy1"}}"#),
        ),
        (
            "lenient: no reference id, written back as null",
            format!(r#"{{"sessionId":"{ID}"}}"#),
        ),
        (
            "lenient: a GEFT reference id with spaces, and an unknown field",
            format!(
                r#"{{"sessionId":"{ID}","referenceId":"order 12 for Jane Doe","status":"InProgress"}}"#
            ),
        ),
        (
            "refused: no session id",
            r#"{"referenceId":"Happy1"}"#.to_string(),
        ),
        (
            "refused: a session id that is not a UUID",
            r#"{"sessionId":"850750a4","referenceId":"Happy1"}"#.to_string(),
        ),
    ]);
    let offered = serde_cases::<GuaranteeOffered>(vec![
        (
            "every field",
            format!(
                r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","referenceId":"Happy1","amount":500,"highestDebitAmountToGuarantee":250.5}}"#
            ),
        ),
        (
            "lenient: only when and sessionId, when a .NET instant without an offset",
            format!(r#"{{"when":"2026-06-04T14:30:00.1234567","sessionId":"{ID}"}}"#),
        ),
        (
            "lenient: an offset without a colon, and unknown fields",
            format!(
                r#"{{"when":"2026-06-04T16:30:00+0200","sessionId":"{ID}","eventType":"GuaranteeOffered","nested":{{"a":[1]}}}}"#
            ),
        ),
        (
            "refused: no when",
            format!(r#"{{"sessionId":"{ID}","amount":500}}"#),
        ),
        (
            "refused: a third decimal in the amount guaranteed",
            format!(
                r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","highestDebitAmountToGuarantee":12.345}}"#
            ),
        ),
        (
            "refused: a negative amount",
            format!(r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","amount":-5}}"#),
        ),
    ]);
    json!({
        "sessionDetails": details,
        "initiateRequests": requests,
        "confirmGuaranteeRequests": confirm_requests,
        "confirmGuaranteeResponses": confirm_responses,
        "guaranteeOffered": offered
    })
}

/// What serde's path (the only reader these bodies have) decides about each
/// sample: accepted, with the body as the crate writes back what it read,
/// or refused with serde's message.
fn serde_cases<T: serde::Serialize + serde::de::DeserializeOwned>(
    samples: Vec<(&str, String)>,
) -> Vec<Value> {
    samples
        .into_iter()
        .map(|(name, body)| {
            let verdict = match serde_json::from_str::<T>(&body) {
                Ok(read) => json!({ "accepted": serde_json::to_value(&read).unwrap() }),
                Err(error) => json!({ "error": "Invalid", "message": error.to_string() }),
            };
            json!({ "name": name, "body": body, "verdict": verdict })
        })
        .collect()
}

fn webhook_error(error: &WebhookError) -> Value {
    let kind = match error {
        WebhookError::MissingHeader => "MissingHeader",
        WebhookError::Signature(_) => "Signature",
        WebhookError::NotUtf8 { .. } => "NotUtf8",
        WebhookError::Body { .. } => "Body",
        WebhookError::OutsideTolerance { .. } => "OutsideTolerance",
        _ => "Other",
    };
    let mut value = error_json(kind, error.http_status(), error.title(), error.to_string());
    value["verifiedBodyHandedBack"] = json!(error.verified_body().is_some());
    value
}

/// A webhook case: name, the receiver's secrets, the header, the body and
/// the tolerance in seconds.
type WebhookCase<'a> = (&'a str, Vec<&'a str>, Option<String>, &'a String, u64);

fn webhooks() -> Value {
    let body = format!(
        r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}}"#
    );
    let unknown =
        format!(r#"{{"when":"2026-06-04T14:30:00Z","sessionId":"{ID}","status":"Processing"}}"#);
    let now = 1_780_583_460u64; // a minute after `when`
    let sign =
        |secret: &str, body: &str| webhook::sign(secret.as_bytes(), body.as_bytes()).to_string();
    let cases: Vec<WebhookCase<'_>> = vec![
        (
            "signed with the secret",
            vec!["whsec_test"],
            Some(sign("whsec_test", &body)),
            &body,
            300,
        ),
        (
            "lower-case hex",
            vec!["whsec_test"],
            Some(sign("whsec_test", &body).to_lowercase()),
            &body,
            300,
        ),
        (
            "rotation: two signatures in one header",
            vec!["whsec_new"],
            Some(format!(
                "{}, {}",
                sign("whsec_old", &body),
                sign("whsec_new", &body)
            )),
            &body,
            300,
        ),
        (
            "rotation: the receiver holds both secrets",
            vec!["whsec_new", "whsec_old"],
            Some(sign("whsec_old", &body)),
            &body,
            300,
        ),
        (
            "another scheme beside sha256 is skipped",
            vec!["whsec_test"],
            Some(format!("v2=abc, {}", sign("whsec_test", &body))),
            &body,
            300,
        ),
        (
            "signed with another secret",
            vec!["whsec_test"],
            Some(sign("whsec_other", &body)),
            &body,
            300,
        ),
        ("no header", vec!["whsec_test"], None, &body, 300),
        (
            "a malformed header",
            vec!["whsec_test"],
            Some("sha256=00".to_string()),
            &body,
            300,
        ),
        (
            "out of the tolerance",
            vec!["whsec_test"],
            Some(sign("whsec_test", &body)),
            &body,
            30,
        ),
        (
            "signed but unreadable: handed back",
            vec!["whsec_test"],
            Some(sign("whsec_test", &unknown)),
            &unknown,
            300,
        ),
    ];
    let cases: Vec<Value> = cases
        .into_iter()
        .map(|(name, secrets, header, body, tolerance)| {
            let verdict = match webhook::verify_with(&secrets, header.as_deref(), body.as_bytes(), Duration::from_secs(now), Duration::from_secs(tolerance)) {
                Ok(event) => json!({ "verified": serde_json::to_value(&event).unwrap() }),
                Err(error) => webhook_error(&error),
            };
            json!({ "name": name, "secrets": secrets, "header": header, "body": body, "nowUnixSeconds": now, "toleranceSeconds": tolerance, "verdict": verdict })
        })
        .collect();
    json!({ "headerGrammar": "entries separated by commas and/or white space; sha256= then 64 hex digits, either case; other schemes skipped; at most 8", "webhooks": cases })
}

fn command_json(command: &Command) -> Value {
    let id = |session: &usize| ModelState::id_of(*session).to_string();
    match command {
        Command::Create {
            product,
            reference_id,
        } => {
            json!({ "op": "create", "product": product.as_str(), "referenceId": reference_id.as_ref().map(|r| r.as_str()) })
        }
        Command::ConfirmGuarantee { session, accepted } => {
            json!({ "op": "confirmGuarantee", "sessionId": id(session), "guaranteeAccepted": accepted })
        }
        Command::Apply { session, event } => {
            json!({ "op": "apply", "sessionId": id(session), "event": event_json(*event) })
        }
        Command::Cancel { session } => json!({ "op": "cancel", "sessionId": id(session) }),
        Command::Observe {
            session,
            status,
            detail,
        } => {
            json!({ "op": "observe", "sessionId": id(session), "status": status.as_str(), "statusDetails": detail.map(|c| c.to_string()) })
        }
        Command::ObserveDuplicate { session } => {
            json!({ "op": "observeCurrentState", "sessionId": id(session) })
        }
        Command::CancelUnknown => {
            json!({ "op": "cancel", "sessionId": ModelState::unknown_id().to_string() })
        }
    }
}

fn store_error(error: &StoreError) -> Value {
    match error {
        StoreError::NotFound(_) => error_json(
            "NotFound",
            error.http_status(),
            error.title(),
            error.to_string(),
        ),
        StoreError::Transition(inner) => transition_error(inner),
        StoreError::Observe(inner) => observe_error(inner),
        other => error_json(
            "Other",
            other.http_status(),
            other.title(),
            other.to_string(),
        ),
    }
}

fn outcome_json(outcome: &Outcome) -> Value {
    let observation = |seen: &Observation| seen.transitions().map(step_json).collect::<Vec<_>>();
    match outcome {
        Outcome::Created(id) => json!({ "created": id.to_string() }),
        Outcome::Applied(Ok(step)) => json!({ "steps": [step_json(*step)] }),
        Outcome::Cancelled(Ok((step, body))) => {
            json!({ "steps": [step_json(*step)], "body": serde_json::to_value(body).unwrap() })
        }
        Outcome::Observed(Ok(seen)) => json!({ "steps": observation(seen) }),
        Outcome::Confirmed(Ok((step, body))) => {
            json!({ "steps": [step_json(*step)], "body": serde_json::to_value(body).unwrap() })
        }
        Outcome::Applied(Err(error))
        | Outcome::Cancelled(Err(error))
        | Outcome::Observed(Err(error))
        | Outcome::Confirmed(Err(error)) => store_error(error),
    }
}

/// Each command run through the reference model from `initial`, with its
/// expected answer and the state of every session after it.
fn trace_steps(initial: ModelState, commands: &[Command]) -> Vec<Value> {
    let mut model = initial;
    commands
        .iter()
        .map(|command| {
            model = SessionsModel::apply(model.clone(), command);
            let states: Vec<Value> = model
                .sessions()
                .iter()
                .map(|s| json!({ "sessionId": s.id().to_string(), "status": s.status().as_str(), "statusDetails": s.detail().map(|c| c.to_string()), "guarantee": s.guarantee().as_str() }))
                .collect();
            json!({ "command": command_json(command), "expect": outcome_json(model.last_outcome().unwrap()), "states": states })
        })
        .collect()
}

/// Walks of GEFT's guarantee decision, commands chosen here, answers the
/// model's: the generated traces seldom reach an offer (a legal
/// `offer-guarantee` needs a GEFT session in progress), so these make sure
/// every decision, and every refusal of one, is in the file.
fn guarantee_traces() -> Vec<(&'static str, Vec<Command>)> {
    let create = |product| Command::Create {
        product,
        reference_id: Some("Happy1".parse().unwrap()),
    };
    let apply = |event| Command::Apply { session: 0, event };
    let confirm = |accepted| Command::ConfirmGuarantee {
        session: 0,
        accepted,
    };
    let offered = |product| {
        vec![
            create(product),
            apply(Event::Start),
            apply(Event::OfferGuarantee),
        ]
    };
    let then = |mut start: Vec<Command>, rest: Vec<Command>| {
        start.extend(rest);
        start
    };
    vec![
        (
            "GEFT: accepted through the confirm endpoint, then completed; a second confirm is 409",
            then(
                offered(Product::Geft),
                vec![
                    apply(Event::Complete(StatusDetail::EFT0301)),
                    confirm(true),
                    confirm(true),
                    confirm(false),
                    apply(Event::Complete(StatusDetail::EFT0301)),
                    Command::ObserveDuplicate { session: 0 },
                ],
            ),
        ),
        (
            "GEFT: rejected, the session fails with EFT0402; a second confirm is 400",
            then(
                offered(Product::Geft),
                vec![
                    confirm(false),
                    confirm(false),
                    confirm(true),
                    Command::Cancel { session: 0 },
                ],
            ),
        ),
        (
            "GEFT: accepted automatically, then confirmed (409) and completed",
            then(
                offered(Product::Geft),
                vec![
                    apply(Event::AutoAcceptGuarantee),
                    confirm(true),
                    apply(Event::Complete(StatusDetail::EFT0302)),
                ],
            ),
        ),
        (
            "GEFT: no decision before an offer, the guarantee webhook undelivered fails the session; with an offer pending, a reported completion conflicts (409) and a cancel is taken",
            vec![
                create(Product::Geft),
                confirm(true),
                apply(Event::Start),
                confirm(true),
                apply(Event::OfferGuarantee),
                apply(Event::OfferGuarantee),
                apply(Event::GUARANTEE_UNDELIVERED),
                create(Product::Geft),
                Command::Apply {
                    session: 1,
                    event: Event::Start,
                },
                Command::Apply {
                    session: 1,
                    event: Event::OfferGuarantee,
                },
                Command::Observe {
                    session: 1,
                    status: SessionStatus::Completed,
                    detail: Some(StatusDetail::EFT0301),
                },
                Command::Cancel { session: 1 },
            ],
        ),
        (
            "EFT V2: every guarantee event and the confirm endpoint are 400",
            vec![
                create(Product::EftV2),
                apply(Event::Start),
                apply(Event::OfferGuarantee),
                confirm(true),
                apply(Event::AutoAcceptGuarantee),
                apply(Event::Complete(StatusDetail::EFT0301)),
                confirm(false),
            ],
        ),
    ]
}

/// Sequences of the reference model with every expected answer and the
/// state of every session after each step: generated ones, whose fixed seed
/// makes them the same on every run, then the named walks of the guarantee
/// decision.
fn traces() -> Value {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = SessionsModel::sequential_strategy(5..25);
    let mut traces: Vec<Value> = (0..24)
        .map(|_| {
            let (initial, commands, _) = strategy.new_tree(&mut runner).unwrap().current();
            json!({ "steps": trace_steps(initial, &commands) })
        })
        .collect();
    traces.extend(guarantee_traces().into_iter().map(|(name, commands)| {
        json!({ "name": name, "steps": trace_steps(ModelState::default(), &commands) })
    }));
    json!({ "note": "sessions are created with ids 00000000-0000-0000-0000-000000000001, …002, … in order; ffffffff-ffff-ffff-ffff-ffffffffffff is never created", "traces": traces })
}

fn files() -> Vec<(&'static str, Value)> {
    vec![
        ("transitions.json", transitions()),
        ("codes.json", codes()),
        ("status-bodies.json", status_bodies()),
        ("other-bodies.json", other_bodies()),
        ("webhooks.json", webhooks()),
        ("traces.json", traces()),
    ]
}

#[test]
fn the_vectors_are_what_the_crate_answers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors");
    let update = std::env::var_os("UPDATE_VECTORS").is_some();
    let mut stale = Vec::new();
    for (name, value) in files() {
        let mut document = json!({ "$schema": "./schema.json", "generatedBy": format!("eft-session {}", env!("CARGO_PKG_VERSION")) });
        document
            .as_object_mut()
            .unwrap()
            .extend(value.as_object().unwrap().clone());
        let fresh = format!("{}\n", serde_json::to_string_pretty(&document).unwrap());
        let path = root.join(name);
        if update {
            std::fs::create_dir_all(&root).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        }
        if std::fs::read_to_string(&path).unwrap_or_default() != fresh {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale vectors: {}; regenerate with: {REGENERATE}",
        stale.join(", ")
    );
}

#[test]
fn the_vectors_are_deterministic() {
    assert_eq!(files(), files());
}
