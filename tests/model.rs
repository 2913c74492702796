//! The test kit at work: a small multi-session store built on the crate is
//! driven by the reference model, and a broken store is caught and shrunk
//! to a short counterexample.

#![cfg(feature = "proptest")]

use std::collections::HashMap;

use eft_session::strategy::model::{Command, SessionStore, StoreError, StoreTest};
use eft_session::wire::{CancelSessionResponse, ConfirmGuaranteeResponse};
use eft_session::{
    Event, Observation, Product, ReferenceId, Session, SessionState, SessionStatus, StatusDetail,
    Transition,
};
use uuid::Uuid;

/// What a server keeps: sessions keyed by id, changed only through the crate,
/// and the log of every step it took.
#[derive(Default)]
struct InMemoryStore {
    sessions: HashMap<Uuid, Session>,
    log: HashMap<Uuid, Vec<Transition>>,
}

impl InMemoryStore {
    fn session(&mut self, id: Uuid) -> Result<&mut Session, StoreError> {
        self.sessions.get_mut(&id).ok_or(StoreError::NotFound(id))
    }
}

impl SessionStore for InMemoryStore {
    fn create(
        &mut self,
        id: Uuid,
        product: Product,
        reference_id: Option<ReferenceId>,
    ) -> Result<(), StoreError> {
        self.sessions
            .insert(id, Session::new(id, reference_id).in_product(product));
        Ok(())
    }

    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
        let step = self.session(id)?.apply(event)?;
        self.log.entry(id).or_default().push(step);
        Ok(step)
    }

    fn cancel(&mut self, id: Uuid) -> Result<(Transition, CancelSessionResponse), StoreError> {
        let (step, body) = self.session(id)?.cancel()?;
        self.log.entry(id).or_default().push(step);
        Ok((step, body))
    }

    fn confirm_guarantee(
        &mut self,
        id: Uuid,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), StoreError> {
        let (step, body) = self.session(id)?.confirm_guarantee(accepted)?;
        self.log.entry(id).or_default().push(step);
        Ok((step, body))
    }

    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError> {
        let seen = self.session(id)?.observe(status, detail)?;
        self.log.entry(id).or_default().extend(seen.transitions());
        Ok(seen)
    }

    fn state(&mut self, id: Uuid) -> Result<Option<SessionState>, StoreError> {
        Ok(self.sessions.get(&id).map(Session::state))
    }

    fn log(&mut self, id: Uuid) -> Result<Option<Vec<Transition>>, StoreError> {
        Ok(Some(self.log.get(&id).cloned().unwrap_or_default()))
    }
}

#[test]
fn an_in_memory_store_follows_the_model() {
    StoreTest::new(|| Ok(InMemoryStore::default())).check();
}

/// A store with a bug a hand-written server might have: it checks only that
/// the session exists before cancelling, so a terminal session is cancelled.
#[derive(Default)]
struct CancelsAnything(InMemoryStore);

impl SessionStore for CancelsAnything {
    fn create(
        &mut self,
        id: Uuid,
        product: Product,
        reference_id: Option<ReferenceId>,
    ) -> Result<(), StoreError> {
        self.0.create(id, product, reference_id)
    }

    fn confirm_guarantee(
        &mut self,
        id: Uuid,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), StoreError> {
        self.0.confirm_guarantee(id, accepted)
    }

    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
        self.0.apply(id, event)
    }

    fn cancel(&mut self, id: Uuid) -> Result<(Transition, CancelSessionResponse), StoreError> {
        let session = self.0.session(id)?;
        if let Ok(cancelled) = session.cancel() {
            return Ok(cancelled);
        }
        // The bug: a terminal session is overwritten instead of refused.
        let reference_id = session.reference_id().cloned();
        let cancelled =
            SessionState::new(SessionStatus::Cancelled, Some(StatusDetail::EFT0501)).unwrap();
        let step = Transition::new(
            SessionStatus::InProgress,
            SessionStatus::Cancelled,
            Some(StatusDetail::EFT0501),
        )
        .unwrap();
        *session = Session::with_state(id, reference_id.clone(), cancelled);
        Ok((step, CancelSessionResponse::new(id, reference_id)))
    }

    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError> {
        self.0.observe(id, status, detail)
    }

    fn state(&mut self, id: Uuid) -> Result<Option<SessionState>, StoreError> {
        self.0.state(id)
    }
}

/// A store whose storage fails after a few writes, as a database that loses
/// its connection: the kit reports the failure with its message.
struct LosesItsConnection {
    inner: InMemoryStore,
    writes_left: usize,
}

impl LosesItsConnection {
    fn write(&mut self) -> Result<(), StoreError> {
        self.writes_left = self
            .writes_left
            .checked_sub(1)
            .ok_or_else(|| StoreError::storage("connection reset by peer"))?;
        Ok(())
    }
}

impl SessionStore for LosesItsConnection {
    fn create(
        &mut self,
        id: Uuid,
        product: Product,
        reference_id: Option<ReferenceId>,
    ) -> Result<(), StoreError> {
        self.write()?;
        self.inner.create(id, product, reference_id)
    }

    fn confirm_guarantee(
        &mut self,
        id: Uuid,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), StoreError> {
        self.write()?;
        self.inner.confirm_guarantee(id, accepted)
    }

    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
        self.write()?;
        self.inner.apply(id, event)
    }

    fn cancel(&mut self, id: Uuid) -> Result<(Transition, CancelSessionResponse), StoreError> {
        self.write()?;
        self.inner.cancel(id)
    }

    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError> {
        self.write()?;
        self.inner.observe(id, status, detail)
    }

    fn state(&mut self, id: Uuid) -> Result<Option<SessionState>, StoreError> {
        self.inner.state(id)
    }
}

/// The shrunk counterexample of a deterministic run of the kit, if any.
fn counterexample<S: SessionStore>(
    open: impl FnMut() -> Result<S, StoreError>,
) -> Option<Vec<Command>> {
    // The failing runs panic nowhere: the kit returns the failure.
    StoreTest::new(open)
        .cases(512)
        .deterministic()
        .run()
        .err()
        .map(|found| {
            println!("{found}");
            found.commands().to_vec()
        })
}

#[test]
fn a_store_that_cancels_terminal_sessions_is_caught_and_shrunk() {
    let commands = counterexample(|| Ok(CancelsAnything::default())).expect("the bug is found");
    // A short story: make a session, end it, cancel it. Shrinking cannot
    // always drop an earlier session, since later steps name sessions by
    // creation order: hence at most four steps.
    assert!((2..=4).contains(&commands.len()), "{commands:#?}");
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
fn a_storage_failure_is_reported_with_its_message_not_a_panic() {
    let found = StoreTest::new(|| {
        Ok(LosesItsConnection {
            inner: InMemoryStore::default(),
            writes_left: 3,
        })
    })
    .cases(64)
    .deterministic()
    .run()
    .expect_err("the fourth write fails");
    assert!(
        found
            .failure()
            .contains("storage failed: connection reset by peer"),
        "{found}"
    );
    assert_eq!(found.commands().len(), 4, "{found}");
}

#[test]
fn a_store_that_cannot_be_opened_fails_the_test_with_the_reason() {
    let found =
        StoreTest::new(|| Err::<InMemoryStore, _>(StoreError::storage("database is locked")))
            .cases(4)
            .run()
            .expect_err("nothing can run");
    assert!(
        found
            .failure()
            .contains("cannot open the store: storage failed: database is locked"),
        "{found}"
    );
}

#[test]
fn the_correct_store_has_no_counterexample() {
    assert_eq!(counterexample(|| Ok(InMemoryStore::default())), None);
}

/// A store whose schema has no column for the guarantee: it reads every
/// session back at `NotOffered`, so a GEFT session's decision is lost.
#[derive(Default)]
struct ForgetsTheGuarantee(InMemoryStore);

impl SessionStore for ForgetsTheGuarantee {
    fn create(
        &mut self,
        id: Uuid,
        product: Product,
        reference_id: Option<ReferenceId>,
    ) -> Result<(), StoreError> {
        self.0.create(id, product, reference_id)
    }

    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
        self.0.apply(id, event)
    }

    fn cancel(&mut self, id: Uuid) -> Result<(Transition, CancelSessionResponse), StoreError> {
        self.0.cancel(id)
    }

    fn confirm_guarantee(
        &mut self,
        id: Uuid,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), StoreError> {
        self.0.confirm_guarantee(id, accepted)
    }

    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError> {
        self.0.observe(id, status, detail)
    }

    fn state(&mut self, id: Uuid) -> Result<Option<SessionState>, StoreError> {
        // The bug: only status and code are read back.
        Ok(self.0.state(id)?.map(|state| {
            SessionState::new(state.status(), state.detail()).expect("a stored state is valid")
        }))
    }
}

#[test]
fn a_store_that_drops_the_guarantee_stage_is_caught_with_a_geft_session() {
    let commands =
        counterexample(|| Ok(ForgetsTheGuarantee::default())).expect("the lost stage is found");
    assert!(
        commands.iter().any(|command| matches!(
            command,
            Command::Create {
                product: Product::Geft,
                ..
            }
        )),
        "{commands:#?}"
    );
    assert!(
        commands.iter().any(|command| matches!(
            command,
            Command::Apply {
                event: Event::OfferGuarantee,
                ..
            }
        )),
        "{commands:#?}"
    );
}
