//! Invariants of the lifecycle over generated inputs, built on the crate's own
//! strategies (feature `proptest`).

#![cfg(feature = "proptest")]

mod util;

use eft_session::wire::{CancelSessionResponse, ProblemDetails, SessionStatusResponse};
use eft_session::{
    Amount, Observation, ReferenceId, Session, SessionState, SessionStatus, StatusDetail,
    Transition, TransitionError, strategy,
};
use proptest::prelude::*;
use util::json::{json, status_body};
use util::seed_id;

fn terminal_state() -> impl Strategy<Value = SessionState> {
    strategy::state().prop_filter("terminal", |s| s.is_terminal())
}

fn session_after(steps: &[Transition]) -> Session {
    Session::replay(seed_id(), None, steps.iter().copied()).expect("a legal history")
}

proptest! {
    #[test]
    fn a_terminal_state_absorbs_every_event(state in terminal_state(), event in strategy::any_event()) {
        let mut session = Session::with_state(seed_id(), None, state);
        let before = session.clone();
        let err = session.apply(event).unwrap_err();
        prop_assert_eq!(err, TransitionError::AlreadyTerminal { status: state.status(), detail: state.detail(), event: event.kind() });
        prop_assert_eq!(session, before);
    }

    #[test]
    fn every_step_leads_where_its_event_says_with_a_code_of_that_status(status in strategy::status(), event in strategy::any_event()) {
        if let Ok(step) = status.transition(event) {
            prop_assert_eq!(step.from(), status);
            prop_assert_eq!(step.to(), event.kind().target());
            prop_assert_eq!(step.detail(), event.detail());
            match step.detail() {
                Some(code) => prop_assert_eq!(code.status(), step.to()),
                None => prop_assert_eq!(step.to(), SessionStatus::InProgress),
            }
            prop_assert_eq!(Transition::checked(step.from(), step.guarantee_before(), step.target()), Ok(step));
            if !step.guarantee().is_offered() {
                prop_assert_eq!(Transition::new(step.from(), step.to(), step.detail()), Ok(step));
            }
        }
    }

    #[test]
    fn a_rejected_event_leaves_the_session_as_it_was(steps in strategy::history(5), event in strategy::any_event()) {
        let mut session = session_after(&steps);
        let before = session.clone();
        if session.apply(event).is_err() {
            prop_assert_eq!(session, before);
        }
    }

    #[test]
    fn any_sequence_reaches_at_most_one_terminal_state_and_stays(events in prop::collection::vec(strategy::any_event(), 0..24)) {
        let mut session = Session::new(seed_id(), None);
        let mut ended: Option<SessionState> = None;
        for event in events {
            if session.apply(event).is_ok() {
                prop_assert!(ended.is_none(), "moved after ending at {:?}", ended);
                if session.is_terminal() {
                    ended = Some(session.state());
                }
            }
        }
        if let Some(end) = ended {
            prop_assert_eq!(session.state(), end);
        }
    }

    #[test]
    fn cancel_succeeds_exactly_when_the_session_is_not_terminal(steps in strategy::history(5)) {
        let mut session = session_after(&steps);
        let before = session.clone();
        match session.cancel() {
            Ok((step, body)) => {
                prop_assert_eq!((step.from(), step.target()), (before.status(), session.state()));
                prop_assert!(!before.is_terminal());
                prop_assert_eq!((session.status(), session.detail()), (SessionStatus::Cancelled, Some(StatusDetail::EFT0501)));
                prop_assert_eq!(session.guarantee(), before.guarantee());
                prop_assert_eq!(body.session_id(), before.id());
                prop_assert_eq!(body.detail(), StatusDetail::EFT0501);
            }
            Err(err) => {
                prop_assert!(before.is_terminal());
                prop_assert_eq!(err, TransitionError::AlreadyTerminal { status: before.status(), detail: before.detail(), event: eft_session::EventKind::Cancel });
                prop_assert_eq!(session, before);
            }
        }
    }

    #[test]
    fn statuses_round_trip_through_text_and_json(status in strategy::status()) {
        prop_assert_eq!(status.as_str().parse::<SessionStatus>(), Ok(status));
        let json = serde_json::to_string(&status).unwrap();
        prop_assert_eq!(&json, &format!("\"{status}\""));
        prop_assert_eq!(serde_json::from_str::<SessionStatus>(&json).unwrap(), status);
    }

    #[test]
    fn codes_round_trip_through_text_and_json(code in strategy::detail()) {
        prop_assert_eq!(code.as_str().parse::<StatusDetail>(), Ok(code));
        prop_assert_eq!(code.to_string(), format!("EFT{:04}", code.number()));
        let json = serde_json::to_string(&code).unwrap();
        prop_assert_eq!(serde_json::from_str::<StatusDetail>(&json).unwrap(), code);
    }

    #[test]
    fn malformed_codes_are_refused_naming_the_input(text in strategy::malformed_detail()) {
        let err = text.parse::<StatusDetail>().unwrap_err();
        let kept = err.input();
        prop_assert!(text.starts_with(kept));
        prop_assert!(serde_json::from_value::<StatusDetail>(serde_json::Value::from(text)).is_err());
    }

    #[test]
    fn no_parser_panics_on_any_string(text in any::<String>()) {
        let _ = text.parse::<SessionStatus>();
        let _ = text.parse::<eft_session::GuaranteeStage>();
        let _ = text.parse::<StatusDetail>();
        let _ = text.parse::<ReferenceId>();
        let _ = text.parse::<Amount>();
        let as_json = serde_json::Value::from(text.clone());
        let _ = serde_json::from_value::<SessionStatus>(as_json.clone());
        let _ = serde_json::from_value::<StatusDetail>(as_json);
        let _ = serde_json::from_str::<SessionStatusResponse>(&text);
        let _ = serde_json::from_str::<CancelSessionResponse>(&text);
        let _ = serde_json::from_str::<ProblemDetails>(&text);
        let _ = serde_json::from_str::<Transition>(&text);
    }

    #[test]
    fn no_deserializer_panics_on_any_json(value in json()) {
        let text = value.to_string();
        let _ = serde_json::from_str::<SessionStatusResponse>(&text);
        let _ = serde_json::from_str::<CancelSessionResponse>(&text);
        let _ = serde_json::from_str::<ProblemDetails>(&text);
        let _ = serde_json::from_str::<Transition>(&text);
        let _ = serde_json::from_str::<Amount>(&text);
    }

    #[test]
    fn a_valid_body_with_one_field_replaced_is_read_or_refused_never_panics(
        body in status_body(),
        field in prop::sample::select(vec!["sessionId", "referenceId", "amount", "status", "statusDetails", "extra"]),
        value in json(),
    ) {
        let mut body = body;
        body[field] = value;
        let text = body.to_string();
        if let Ok(read) = serde_json::from_str::<SessionStatusResponse>(&text) {
            // Whatever was accepted is consistent.
            prop_assert!(SessionState::new(read.status(), read.detail()).is_ok());
        }
    }

    #[test]
    fn valid_status_bodies_round_trip(body in status_body()) {
        let read: SessionStatusResponse = serde_json::from_value(body.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&read).unwrap(), body);
    }

    #[test]
    fn observe_is_idempotent(steps in strategy::history(5), reported in strategy::state()) {
        let mut session = session_after(&steps);
        let first = session.observe_state(reported);
        let after_first = session.clone();
        let second = session.observe_state(reported);
        match first {
            Ok(_) => prop_assert_eq!(second, Ok(Observation::Unchanged)),
            Err(err) => prop_assert_eq!(second, Err(err)),
        }
        prop_assert_eq!(session, after_first);
    }

    #[test]
    fn observe_reaches_the_reported_state_by_legal_steps_or_changes_nothing(steps in strategy::history(5), reported in strategy::state()) {
        let mut session = session_after(&steps);
        let before = session.clone();
        match session.observe_state(reported) {
            Ok(seen) => {
                prop_assert!(session.state().is_same_state_as(reported));
                let mut history = steps.clone();
                history.extend(seen.transitions());
                let replayed = session_after(&history);
                prop_assert!(replayed.state().is_same_state_as(session.state()));
                if seen == Observation::Unchanged {
                    prop_assert_eq!(session, before);
                }
            }
            Err(_) => prop_assert_eq!(session, before),
        }
    }

    #[test]
    fn observing_a_legal_events_target_is_applying_the_event(steps in strategy::history(5), event in strategy::event()) {
        let mut applied = session_after(&steps);
        let mut observed = applied.clone();
        if let Ok(step) = applied.apply(event) {
            let seen = observed.observe_state(step.target()).unwrap();
            if step.from() == step.to() {
                // A guarantee step inside `InProgress`: a report cannot see it.
                prop_assert_eq!(seen, Observation::Unchanged);
                prop_assert_eq!(observed.state().status(), applied.status());
            } else {
                prop_assert_eq!(seen, Observation::Advanced(step));
                prop_assert_eq!(observed, applied);
            }
        }
    }

    #[test]
    fn replay_of_a_sessions_steps_gives_back_the_session(events in prop::collection::vec(strategy::any_event(), 0..16)) {
        let mut session = Session::new(seed_id(), Some("A-1".parse().unwrap()));
        let steps: Vec<Transition> = events.into_iter().filter_map(|e| session.apply(e).ok()).collect();
        let replayed = Session::replay(seed_id(), Some("A-1".parse().unwrap()), steps.iter().copied()).unwrap();
        prop_assert_eq!(replayed, session);
        let log = serde_json::to_string(&steps).unwrap();
        let read: Vec<Transition> = serde_json::from_str(&log).unwrap();
        prop_assert_eq!(read, steps);
    }

    #[test]
    fn legal_and_illegal_events_are_what_the_table_says(
        (status, legal, illegal) in strategy::non_terminal_status()
            .prop_flat_map(|s| (Just(s), strategy::legal_event(s), strategy::illegal_event(s)))
    ) {
        prop_assert!(status.transition(legal).is_ok());
        prop_assert!(status.transition(illegal).is_err());
    }
}

#[test]
fn the_events_in_a_history_are_legal_and_reach_every_final_state() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut ends = std::collections::BTreeSet::new();
    for _ in 0..500 {
        let steps = strategy::history(4)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let session = session_after(&steps);
        ends.insert(session.status());
        assert!(steps.len() <= 4);
    }
    assert_eq!(ends.len(), SessionStatus::all().count(), "{ends:?}");
}
