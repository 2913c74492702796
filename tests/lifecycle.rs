//! The documented rules of the lifecycle, one test each, through the public
//! API. The invariants over all inputs are in `properties.rs`.

mod util;

use eft_session::{
    Event, EventKind, Observation, ObserveError, Product, Session, SessionState, SessionStatus,
    StatusDetail, Transition, TransitionError,
};
use util::{seed_id, session_in};

const TERMINAL: [(SessionStatus, StatusDetail); 5] = [
    (SessionStatus::Completed, StatusDetail::EFT0301),
    (SessionStatus::Completed, StatusDetail::EFT0302),
    (SessionStatus::Failed, StatusDetail::EFT0403),
    (SessionStatus::Cancelled, StatusDetail::EFT0501),
    (SessionStatus::Expired, StatusDetail::EFT0601),
];

#[test]
fn a_new_session_is_initiated_with_eft0101() {
    let session = Session::new(seed_id(), Some("USER12345".parse().unwrap()));
    assert_eq!(session.status(), SessionStatus::Initiated);
    assert_eq!(session.detail(), Some(StatusDetail::EFT0101));
    assert_eq!(session.id(), seed_id());
    assert_eq!(
        session.reference_id().map(|r| r.as_str()),
        Some("USER12345")
    );
}

#[test]
fn start_moves_initiated_to_in_progress_without_a_code() {
    let mut session = Session::new(seed_id(), None);
    let step = session.apply(Event::Start).unwrap();
    assert_eq!(
        (step.from(), step.to(), step.detail()),
        (SessionStatus::Initiated, SessionStatus::InProgress, None)
    );
    assert_eq!(session.detail(), None);
}

#[test]
fn the_flow_ends_completed_or_failed_with_the_events_code() {
    for event in [
        Event::Complete(StatusDetail::EFT0301),
        Event::Complete(StatusDetail::EFT0302),
        Event::Fail(StatusDetail::EFT0401),
        Event::Fail(StatusDetail::EFT0402),
        Event::Fail(StatusDetail::EFT0403),
        Event::Fail(StatusDetail::EFT0404),
    ] {
        let mut session = session_in(SessionStatus::InProgress, None);
        let step = session.apply(event).unwrap();
        assert_eq!(step.to(), event.kind().target());
        assert_eq!(session.detail(), event.detail());
    }
}

#[test]
fn completing_or_failing_needs_the_flow_to_have_started() {
    for event in [
        Event::Complete(StatusDetail::EFT0301),
        Event::Fail(StatusDetail::EFT0401),
    ] {
        let mut session = Session::new(seed_id(), None);
        let err = session.apply(event).unwrap_err();
        assert_eq!(
            err,
            TransitionError::NotAllowed {
                from: SessionStatus::Initiated,
                event: event.kind()
            }
        );
        assert_eq!(session.state(), SessionState::INITIATED);
    }
    let err = SessionStatus::Initiated
        .transition(Event::Complete(StatusDetail::EFT0301))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot complete session in status Initiated"
    );
}

#[test]
fn starting_twice_is_refused() {
    let mut session = session_in(SessionStatus::InProgress, None);
    let err = session.apply(Event::Start).unwrap_err();
    assert_eq!(err.to_string(), "cannot start session in status InProgress");
    assert_eq!(err.http_status(), 409);
}

#[test]
fn an_events_code_must_belong_to_the_status_it_leads_to() {
    let mut session = session_in(SessionStatus::InProgress, None);
    let err = session
        .apply(Event::Fail(StatusDetail::EFT0301))
        .unwrap_err();
    assert_eq!(
        err,
        TransitionError::DetailMismatch {
            event: EventKind::Fail,
            detail: StatusDetail::EFT0301
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot fail session with EFT0301: the code belongs to Completed"
    );
    let err = session
        .apply(Event::Cancel(StatusDetail::EFT0601))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot cancel session with EFT0601: the code belongs to Expired"
    );
    assert_eq!(
        session.state(),
        session_in(SessionStatus::InProgress, None).state()
    );
}

#[test]
fn cancel_and_time_out_end_any_live_session() {
    for live in [SessionStatus::Initiated, SessionStatus::InProgress] {
        let code = (live == SessionStatus::Initiated).then_some(StatusDetail::EFT0101);
        let mut session = session_in(live, code);
        let (_, body) = session.cancel().unwrap();
        assert_eq!(
            (body.status(), body.detail()),
            (SessionStatus::Cancelled, StatusDetail::EFT0501)
        );
        assert_eq!(session.state().to_string(), "Cancelled (EFT0501)");

        let mut session = session_in(live, code);
        session.apply(Event::TIME_OUT).unwrap();
        assert_eq!(session.state().to_string(), "Expired (EFT0601)");
    }
}

#[test]
fn every_terminal_state_rejects_every_event_and_names_its_code() {
    for (status, code) in TERMINAL {
        for event in EventKind::all().map(EventKind::example).collect::<Vec<_>>() {
            let mut session = session_in(status, Some(code));
            let before = session.clone();
            let err = session.apply(event).unwrap_err();
            assert_eq!(
                err,
                TransitionError::AlreadyTerminal {
                    status,
                    detail: Some(code),
                    event: event.kind()
                }
            );
            assert_eq!(session, before);
        }
    }
}

#[test]
fn cancelling_a_terminal_session_is_a_400_naming_status_and_code() {
    let messages = [
        "cannot cancel session: already terminal at Completed (EFT0301)",
        "cannot cancel session: already terminal at Completed (EFT0302)",
        "cannot cancel session: already terminal at Failed (EFT0403)",
        "cannot cancel session: already terminal at Cancelled (EFT0501)",
        "cannot cancel session: already terminal at Expired (EFT0601)",
    ];
    for ((status, code), message) in TERMINAL.into_iter().zip(messages) {
        let mut session = session_in(status, Some(code));
        let err = session.cancel().unwrap_err();
        assert_eq!(err.http_status(), 400);
        assert_eq!(err.title(), "Session Already Terminal");
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn terminal_is_exactly_the_set_of_statuses_that_accept_no_event() {
    let events = EventKind::all().map(EventKind::example).collect::<Vec<_>>();
    for status in SessionStatus::all() {
        let accepts_some = events.iter().any(|event| status.transition(*event).is_ok());
        assert_eq!(status.is_terminal(), !accepts_some, "{status}");
    }
}

#[test]
fn a_poller_that_never_saw_in_progress_gets_two_steps() {
    let mut session = Session::new(seed_id(), None);
    let seen = session
        .observe(SessionStatus::Failed, Some(StatusDetail::EFT0403))
        .unwrap();
    let steps: Vec<Transition> = seen.transitions().collect();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].to_string(), "Initiated -> InProgress");
    assert_eq!(steps[1].to_string(), "InProgress -> Failed (EFT0403)");
    assert_eq!(session.state().to_string(), "Failed (EFT0403)");
}

#[test]
fn a_duplicate_report_is_unchanged() {
    let mut session = Session::new(seed_id(), None);
    for _ in 0..3 {
        session
            .observe(SessionStatus::Cancelled, Some(StatusDetail::EFT0501))
            .unwrap();
    }
    assert_eq!(
        session.observe(SessionStatus::Cancelled, Some(StatusDetail::EFT0501)),
        Ok(Observation::Unchanged)
    );
}

#[test]
fn a_stale_report_is_refused_and_changes_nothing() {
    let mut session = session_in(SessionStatus::InProgress, None);
    let err = session
        .observe(SessionStatus::Initiated, Some(StatusDetail::EFT0101))
        .unwrap_err();
    assert!(matches!(err, ObserveError::Unreachable { .. }));
    assert_eq!(
        err.to_string(),
        "cannot move session from InProgress to Initiated (EFT0101)"
    );
    assert_eq!(session.status(), SessionStatus::InProgress);
}

#[test]
fn a_terminal_session_reported_in_another_final_state_is_refused() {
    let mut session = session_in(SessionStatus::Completed, Some(StatusDetail::EFT0302));
    let err = session
        .observe(SessionStatus::Completed, Some(StatusDetail::EFT0301))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "session is already terminal at Completed (EFT0302); a report of Completed (EFT0301) conflicts with it"
    );
    assert_eq!(session.detail(), Some(StatusDetail::EFT0302));
}

#[test]
fn a_report_whose_code_contradicts_its_status_is_refused() {
    let mut session = Session::new(seed_id(), None);
    let err = session
        .observe(SessionStatus::Completed, Some(StatusDetail::EFT0501))
        .unwrap_err();
    assert!(matches!(err, ObserveError::Invalid(_)));
    let err = session.observe(SessionStatus::Expired, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid report: status Expired needs a status detail code"
    );
    assert_eq!(session.state(), SessionState::INITIATED);
}

#[test]
fn an_undocumented_code_travels_unchanged() {
    let new_code: StatusDetail = "EFT0405".parse().unwrap();
    let mut session = session_in(SessionStatus::InProgress, None);
    session
        .observe(SessionStatus::Failed, Some(new_code))
        .unwrap();
    assert_eq!(session.detail(), Some(new_code));
    assert_eq!(
        session
            .status_response(None)
            .detail()
            .map(StatusDetail::as_str),
        Some("EFT0405")
    );
}

#[test]
fn replay_refuses_a_history_with_a_gap_or_a_step_after_the_end() {
    let start = SessionStatus::Initiated.transition(Event::Start).unwrap();
    let cancel = SessionStatus::Initiated
        .transition(Event::CANCEL_BY_API)
        .unwrap();
    let err = Session::replay(seed_id(), None, [cancel, start]).unwrap_err();
    assert_eq!(err.index(), 1);
    assert_eq!(
        (err.step(), err.state().status()),
        (start, SessionStatus::Cancelled)
    );
    assert_eq!(
        err.to_string(),
        "step 1 leaves Initiated, but the session is Cancelled (EFT0501) there"
    );
    let after_start = SessionStatus::InProgress
        .transition(Event::TIME_OUT)
        .unwrap();
    let err = Session::replay(seed_id(), None, [after_start]).unwrap_err();
    assert_eq!(err.index(), 0);
}

#[test]
fn recorded_steps_are_checked_when_read() {
    let step: Transition =
        serde_json::from_str(r#"{"from":"InProgress","to":"Completed","statusDetails":"EFT0302"}"#)
            .unwrap();
    assert_eq!(step.event(), Event::Complete(StatusDetail::EFT0302));
    assert_eq!(
        serde_json::to_string(&step).unwrap(),
        r#"{"from":"InProgress","to":"Completed","statusDetails":"EFT0302"}"#
    );

    for (bad, message) in [
        (
            r#"{"from":"Initiated","to":"Completed","statusDetails":"EFT0301"}"#,
            "cannot complete session in status Initiated",
        ),
        (
            r#"{"from":"Expired","to":"Cancelled","statusDetails":"EFT0501"}"#,
            "cannot cancel session: already terminal at Expired",
        ),
        (
            r#"{"from":"InProgress","to":"Completed","statusDetails":"EFT0401"}"#,
            "invalid transition target: status detail EFT0401 belongs to Failed, not Completed",
        ),
        (
            r#"{"from":"Initiated","to":"Initiated","statusDetails":"EFT0101"}"#,
            "no event leads from Initiated to Initiated",
        ),
    ] {
        let err = serde_json::from_str::<Transition>(bad).unwrap_err();
        assert!(err.to_string().starts_with(message), "{err}");
    }
}

#[test]
fn a_transitions_debug_names_both_ends_its_code_and_guarantee_stages() {
    let mut session = Session::new(seed_id(), None);
    let start = session.apply(Event::Start).unwrap();
    let complete = session
        .apply(Event::Complete(StatusDetail::EFT0301))
        .unwrap();
    assert_eq!(
        format!("{start:?}"),
        "Transition { from: Initiated, to: InProgress, detail: None, \
         from_guarantee: NotOffered, to_guarantee: NotOffered }"
    );
    assert_eq!(
        format!("{complete:?}"),
        "Transition { from: InProgress, to: Completed, detail: Some(EFT0301), \
         from_guarantee: NotOffered, to_guarantee: NotOffered }"
    );
    let mut geft = Session::new(seed_id(), None).in_product(Product::Geft);
    geft.apply(Event::Start).unwrap();
    let offer = geft.apply(Event::OfferGuarantee).unwrap();
    assert_eq!(
        format!("{offer:?}"),
        "Transition { from: InProgress, to: InProgress, detail: None, \
         from_guarantee: NotOffered, to_guarantee: Offered }"
    );
}
