//! GEFT's guarantee decision end to end: each documented outcome, the
//! refusals and their answers, and a log that rebuilds the decision through
//! JSON, as a store keeps it.

use eft_session::wire::{ConfirmGuaranteeRequest, GuaranteeOffered};
use eft_session::{
    Event, EventKind, GUARANTEE_FAILURE, GuaranteeStage, Observation, Product, Session,
    SessionState, SessionStatus, StatusDetail, Transition, TransitionError,
};
use uuid::Uuid;

fn geft() -> (Session, Vec<Transition>) {
    let mut session =
        Session::new(Uuid::nil(), Some("Happy1".parse().unwrap())).in_product(Product::Geft);
    let log = vec![
        session.apply(Event::Start).unwrap(),
        session.apply(Event::OfferGuarantee).unwrap(),
    ];
    (session, log)
}

/// The log, written as a store writes it and read back, replays to `live`.
fn assert_log_rebuilds(log: &[Transition], live: &Session) {
    let json = serde_json::to_string(log).unwrap();
    let read: Vec<Transition> = serde_json::from_str(&json).unwrap();
    assert_eq!(read, log, "{json}");
    let replayed = Session::replay(live.id(), live.reference_id().cloned(), read).unwrap();
    assert_eq!(&replayed, live, "{json}");
}

#[test]
fn accepted_by_the_client_then_completed() {
    let (mut session, mut log) = geft();
    let (step, body) = session.confirm_guarantee(true).unwrap();
    assert_eq!(
        (step.guarantee_before(), step.guarantee()),
        (GuaranteeStage::Offered, GuaranteeStage::Accepted)
    );
    assert_eq!(step.event(), Event::AcceptGuarantee);
    assert_eq!(body.session_id(), session.id());
    assert_eq!(
        body.reference_id().map(|reference| reference.as_str()),
        Some("Happy1")
    );
    log.push(step);
    log.push(
        session
            .apply(Event::Complete(StatusDetail::EFT0301))
            .unwrap(),
    );
    assert_eq!(
        session.state().to_string(),
        "Completed (EFT0301), guarantee Accepted"
    );
    assert_log_rebuilds(&log, &session);
}

#[test]
fn rejected_by_the_client_fails_with_the_guarantee_failure_code() {
    let (mut session, mut log) = geft();
    let (step, _) = session.confirm_guarantee(false).unwrap();
    assert_eq!(step.event(), Event::REJECT_GUARANTEE);
    assert_eq!(
        (session.status(), session.detail(), session.guarantee()),
        (
            SessionStatus::Failed,
            Some(GUARANTEE_FAILURE),
            GuaranteeStage::Rejected
        )
    );
    log.push(step);
    assert_log_rebuilds(&log, &session);
    // A second confirm meets a terminal session.
    let before = session.clone();
    let err = session.confirm_guarantee(true).unwrap_err();
    assert!(
        matches!(err, TransitionError::AlreadyTerminal { .. }),
        "{err}"
    );
    assert_eq!(session, before);
}

#[test]
fn auto_accepted_and_undelivered_are_told_apart_in_the_log() {
    let (mut auto, mut auto_log) = geft();
    auto_log.push(auto.apply(Event::AutoAcceptGuarantee).unwrap());
    assert_eq!(auto.guarantee(), GuaranteeStage::AutoAccepted);
    assert_log_rebuilds(&auto_log, &auto);

    let (mut lost, mut lost_log) = geft();
    let step = lost.apply(Event::GUARANTEE_UNDELIVERED).unwrap();
    assert_eq!(step.event(), Event::GUARANTEE_UNDELIVERED);
    assert_eq!(lost.guarantee(), GuaranteeStage::Undelivered);
    lost_log.push(step);
    assert_log_rebuilds(&lost_log, &lost);
}

#[test]
fn a_pending_offer_blocks_completion_but_not_the_other_endings() {
    let (session, _) = geft();
    let mut blocked = session.clone();
    let err = blocked
        .apply(Event::Complete(StatusDetail::EFT0302))
        .unwrap_err();
    assert_eq!(
        err,
        TransitionError::GuaranteePending {
            event: EventKind::Complete
        }
    );
    assert_eq!(blocked, session);
    for ending in [
        Event::CANCEL_BY_API,
        Event::TIME_OUT,
        Event::Fail(StatusDetail::EFT0404),
    ] {
        let mut ended = session.clone();
        let step = ended.apply(ending).unwrap();
        assert_eq!(step.guarantee(), GuaranteeStage::Offered, "{ending:?}");
        assert!(ended.is_terminal());
    }
}

#[test]
fn a_decision_without_a_pending_offer_is_refused_and_changes_nothing() {
    let mut session = Session::new(Uuid::nil(), None).in_product(Product::Geft);
    session.apply(Event::Start).unwrap();
    for decision in [
        Event::AcceptGuarantee,
        Event::AutoAcceptGuarantee,
        Event::REJECT_GUARANTEE,
        Event::GUARANTEE_UNDELIVERED,
    ] {
        let before = session.clone();
        let err = session.apply(decision).unwrap_err();
        assert!(
            matches!(
                err,
                TransitionError::NoGuaranteeOffer {
                    guarantee: GuaranteeStage::NotOffered,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(err.http_status(), 409);
        assert_eq!(session, before);
    }
    session.apply(Event::OfferGuarantee).unwrap();
    let err = session.apply(Event::OfferGuarantee).unwrap_err();
    assert_eq!(err.http_status(), 409);
}

#[test]
fn an_eft_v2_session_takes_no_guarantee_event() {
    let mut session = Session::new(Uuid::nil(), None);
    session.apply(Event::Start).unwrap();
    for kind in EventKind::all().filter(|kind| kind.is_guarantee()) {
        let before = session.clone();
        let err = session.apply(kind.example()).unwrap_err();
        assert_eq!(
            err,
            TransitionError::GuaranteeNotEnabled {
                product: Product::EftV2,
                event: kind
            }
        );
        assert_eq!(session, before);
    }
    assert_eq!(session.product(), Product::EftV2);
}

#[test]
fn reports_keep_the_stage_the_session_holds() {
    let (mut session, _) = geft();
    session.confirm_guarantee(true).unwrap();
    // A poll says InProgress, with no stage: nothing new.
    assert_eq!(
        session.observe(SessionStatus::InProgress, None).unwrap(),
        Observation::Unchanged
    );
    let seen = session
        .observe(SessionStatus::Completed, Some(StatusDetail::EFT0301))
        .unwrap();
    let Observation::Advanced(step) = seen else {
        panic!("one step: {seen:?}")
    };
    assert_eq!(step.guarantee(), GuaranteeStage::Accepted);
    assert_eq!(session.guarantee(), GuaranteeStage::Accepted);

    // With the offer still pending, a completion cannot be taken in.
    let (mut pending, _) = geft();
    let before = pending.clone();
    let err = pending
        .observe(SessionStatus::Completed, Some(StatusDetail::EFT0301))
        .unwrap_err();
    assert_eq!(err.http_status(), 409);
    assert_eq!(pending, before);
    // A failure can: the provider fails an undelivered offer.
    pending
        .observe(SessionStatus::Failed, Some(StatusDetail::EFT0402))
        .unwrap();
    assert_eq!(pending.guarantee(), GuaranteeStage::Offered);
}

#[test]
fn a_step_written_with_its_stages_is_read_back_checked() {
    let (_, log) = geft();
    let json = serde_json::to_string(&log[1]).unwrap();
    assert_eq!(
        json,
        r#"{"from":"InProgress","to":"InProgress","statusDetails":null,"guarantee":"Offered"}"#
    );
    // An EFT V2 step reads as it did before the guarantee was modelled.
    assert_eq!(
        serde_json::to_string(&log[0]).unwrap(),
        r#"{"from":"Initiated","to":"InProgress","statusDetails":null}"#
    );
    // A recorded acceptance without its offer is refused.
    let forged =
        r#"{"from":"InProgress","to":"InProgress","statusDetails":null,"guarantee":"Accepted"}"#;
    let err = serde_json::from_str::<Transition>(forged).unwrap_err();
    assert!(
        err.to_string().contains("no guarantee offer is pending"),
        "{err}"
    );
    // A stage that cannot go with its status is refused.
    let wrong = r#"{"from":"InProgress","to":"Completed","statusDetails":"EFT0301","fromGuarantee":"Offered","guarantee":"Offered"}"#;
    assert!(serde_json::from_str::<Transition>(wrong).is_err());
    let unknown =
        r#"{"from":"InProgress","to":"InProgress","statusDetails":null,"guarantee":"Maybe"}"#;
    let err = serde_json::from_str::<Transition>(unknown).unwrap_err();
    assert!(err.to_string().contains("unknown guarantee stage"), "{err}");
}

/// A recorded step names the stage it reached; the event that reaches its
/// status must reach that stage too, or the step never happened.
#[test]
fn a_step_to_a_stage_its_event_does_not_reach_is_refused() {
    let unreachable = TransitionError::Unreachable {
        from: SessionStatus::InProgress,
        to: SessionStatus::Completed,
    };
    let completed = SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0301))
        .unwrap()
        .with_guarantee(GuaranteeStage::Accepted)
        .unwrap();
    // Completing keeps the stage: from an acceptance it is the step...
    let step = Transition::checked(
        SessionStatus::InProgress,
        GuaranteeStage::Accepted,
        completed,
    )
    .unwrap();
    assert_eq!(step.guarantee(), GuaranteeStage::Accepted);
    // ...and from no offer it cannot have left an accepted guarantee.
    assert_eq!(
        Transition::checked(
            SessionStatus::InProgress,
            GuaranteeStage::NotOffered,
            completed
        ),
        Err(unreachable)
    );
    // A cancel keeps a pending offer: a cancelled state without one is not
    // where it leads.
    let cancelled =
        SessionState::new(SessionStatus::Cancelled, Some(StatusDetail::EFT0501)).unwrap();
    assert_eq!(
        Transition::checked(
            SessionStatus::InProgress,
            GuaranteeStage::Offered,
            cancelled
        ),
        Err(TransitionError::Unreachable {
            from: SessionStatus::InProgress,
            to: SessionStatus::Cancelled,
        })
    );
    // The same, read from a log.
    let forged = r#"{"from":"InProgress","to":"Completed","statusDetails":"EFT0301","fromGuarantee":"NotOffered","guarantee":"Accepted"}"#;
    assert!(serde_json::from_str::<Transition>(forged).is_err());
}

#[test]
fn a_state_rebuilt_from_columns_keeps_its_stage() {
    let state = SessionState::new(SessionStatus::Failed, Some(StatusDetail::EFT0402))
        .and_then(|state| state.with_guarantee("Rejected".parse().unwrap()))
        .unwrap();
    let session = Session::with_state(Uuid::nil(), None, state);
    assert_eq!(session.product(), Product::Geft);
    assert_eq!(session.guarantee(), GuaranteeStage::Rejected);
    // An EFT V2 session cannot be made from it: its guarantee was offered.
    assert_eq!(session.in_product(Product::EftV2).product(), Product::Geft);
}

#[test]
fn the_bodies_read_what_the_docs_send_and_write_what_they_describe() {
    let confirm: ConfirmGuaranteeRequest =
        serde_json::from_str(r#"{ "guaranteeAccepted": "false" }"#).unwrap();
    assert!(!confirm.guarantee_accepted);
    assert_eq!(
        serde_json::to_string(&confirm).unwrap(),
        r#"{"guaranteeAccepted":false}"#
    );
    let offered: GuaranteeOffered = serde_json::from_str(
        r#"{"when":"2026-06-04T14:30:00.1234567","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"café #1","amount":12.5,"highestDebitAmountToGuarantee":10}"#,
    )
    .unwrap();
    assert_eq!(offered.reference_id().unwrap().as_str(), "café #1");
    assert_eq!(offered.guaranteed().map(|a| a.cents()), Some(1_000));
    assert_eq!(offered.amount().map(|a| a.cents()), Some(1_250));
}
