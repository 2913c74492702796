//! The test kit at work: a small multi-session store built on the crate is
//! driven by the reference model, and a broken store is caught and shrunk
//! to a short counterexample.

#![cfg(feature = "proptest")]

use std::collections::HashMap;

use eft_session::strategy::model::{Command, SessionStore, SessionsModel, StoreError, StoreTest};
use eft_session::wire::CancelSessionResponse;
use eft_session::{
    Event, Observation, ReferenceId, Session, SessionState, SessionStatus, StatusDetail, Transition,
};
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use uuid::Uuid;

/// What a server keeps: sessions keyed by id, changed only through the crate.
#[derive(Default)]
struct InMemoryStore {
    sessions: HashMap<Uuid, Session>,
}

impl InMemoryStore {
    fn session(&mut self, id: Uuid) -> Result<&mut Session, StoreError> {
        self.sessions.get_mut(&id).ok_or(StoreError::NotFound(id))
    }
}

impl SessionStore for InMemoryStore {
    fn create(&mut self, id: Uuid, reference_id: Option<ReferenceId>) {
        self.sessions.insert(id, Session::new(id, reference_id));
    }

    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
        Ok(self.session(id)?.apply(event)?)
    }

    fn cancel(&mut self, id: Uuid) -> Result<CancelSessionResponse, StoreError> {
        Ok(self.session(id)?.cancel()?)
    }

    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError> {
        Ok(self.session(id)?.observe(status, detail)?)
    }

    fn state(&self, id: Uuid) -> Option<SessionState> {
        self.sessions.get(&id).map(Session::state)
    }
}

prop_state_machine! {
    #![proptest_config(Config { failure_persistence: None, ..Config::default() })]

    #[test]
    fn an_in_memory_store_follows_the_model(sequential 1..40 => StoreTest<InMemoryStore>);
}

/// A store with a bug a hand-written server might have: it checks only that
/// the session exists before cancelling, so a terminal session is cancelled.
#[derive(Default)]
struct CancelsAnything(InMemoryStore);

impl SessionStore for CancelsAnything {
    fn create(&mut self, id: Uuid, reference_id: Option<ReferenceId>) {
        self.0.create(id, reference_id);
    }

    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
        self.0.apply(id, event)
    }

    fn cancel(&mut self, id: Uuid) -> Result<CancelSessionResponse, StoreError> {
        let session = self.0.session(id)?;
        let reference_id = session.reference_id().cloned();
        let cancelled =
            SessionState::new(SessionStatus::Cancelled, Some(StatusDetail::EFT0501)).unwrap();
        *session = Session::with_state(id, reference_id.clone(), cancelled);
        Ok(CancelSessionResponse::new(id, reference_id))
    }

    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError> {
        self.0.observe(id, status, detail)
    }

    fn state(&self, id: Uuid) -> Option<SessionState> {
        self.0.state(id)
    }
}

/// Runs `StoreTest<S>` as `prop_state_machine!` does and returns the shrunk
/// counterexample, if a run fails.
fn counterexample<S: SessionStore + Default>() -> Option<Vec<Command>> {
    // A fixed seed: the same counterexample on every run.
    let config = Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    // The failing runs panic on purpose; keep their messages out of the output.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = runner.run(
        &SessionsModel::sequential_strategy(1..40),
        |(initial, commands, seen)| {
            StoreTest::<S>::test_sequential(Config::default(), initial, commands, seen);
            Ok(())
        },
    );
    std::panic::set_hook(hook);
    match result {
        Ok(()) => None,
        Err(TestError::Fail(_, (_, commands, _))) => Some(commands),
        Err(other) => panic!("the run was aborted: {other}"),
    }
}

#[test]
fn a_store_that_cancels_terminal_sessions_is_caught_and_shrunk() {
    let commands = counterexample::<CancelsAnything>().expect("the bug is found");
    // A short story: make a session, end it, cancel it. Shrinking cannot
    // always drop an earlier session, since later steps name sessions by
    // creation order: hence at most four steps.
    println!("counterexample: {commands:?}");
    assert!((3..=4).contains(&commands.len()), "{commands:#?}");
    assert!(
        matches!(commands[0], Command::Create { .. }),
        "{commands:#?}"
    );
    assert!(
        matches!(commands.last(), Some(Command::Cancel { .. })),
        "{commands:#?}"
    );
}

#[test]
fn the_correct_store_has_no_counterexample() {
    assert_eq!(counterexample::<InMemoryStore>(), None);
}
