//! A reference model of many sessions at once, for model-based tests of a
//! system that keeps sessions: a server's store, an SDK's cache, a webhook
//! receiver.
//!
//! [`SessionsModel`] is a [`ReferenceStateMachine`]: it generates sequences of
//! [`Command`]s (create, start, complete, fail, cancel, expire, a reported
//! state, a duplicate report, a cancel of an unknown id) and predicts what
//! each one does, using the crate's own rules. To test a system, implement
//! [`SessionStore`] for it (a thin adapter) and run [`StoreTest`], which
//! implements `StateMachineTest`: after every step it checks the system's
//! answer against the model's, and every session's state against the model's.
//!
//! # Examples
//!
//! ```
//! use std::collections::HashMap;
//!
//! use eft_session::strategy::model::{SessionStore, StoreError, StoreTest};
//! use eft_session::wire::CancelSessionResponse;
//! use eft_session::{Event, Observation, ReferenceId, Session, SessionState, SessionStatus, StatusDetail, Transition};
//! use proptest_state_machine::prop_state_machine;
//! use uuid::Uuid;
//!
//! /// The system under test: sessions keyed by id.
//! #[derive(Default)]
//! struct MyStore(HashMap<Uuid, Session>);
//!
//! impl MyStore {
//!     fn get(&mut self, id: Uuid) -> Result<&mut Session, StoreError> {
//!         self.0.get_mut(&id).ok_or(StoreError::NotFound(id))
//!     }
//! }
//!
//! impl SessionStore for MyStore {
//!     fn create(&mut self, id: Uuid, reference_id: Option<ReferenceId>) {
//!         self.0.insert(id, Session::new(id, reference_id));
//!     }
//!     fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
//!         Ok(self.get(id)?.apply(event)?)
//!     }
//!     fn cancel(&mut self, id: Uuid) -> Result<CancelSessionResponse, StoreError> {
//!         Ok(self.get(id)?.cancel()?)
//!     }
//!     fn observe(&mut self, id: Uuid, status: SessionStatus, detail: Option<StatusDetail>) -> Result<Observation, StoreError> {
//!         Ok(self.get(id)?.observe(status, detail)?)
//!     }
//!     fn state(&self, id: Uuid) -> Option<SessionState> {
//!         self.0.get(&id).map(Session::state)
//!     }
//! }
//!
//! prop_state_machine! {
//!     // In a test file, with `#[test]` here.
//!     fn my_store_follows_the_lifecycle(sequential 1..30 => StoreTest<MyStore>);
//! }
//! my_store_follows_the_lifecycle();
//! ```

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};
use uuid::Uuid;

use super::{any_event, status};
use crate::wire::CancelSessionResponse;
use crate::{
    Event, Observation, ObserveError, ReferenceId, Session, SessionState, SessionStatus,
    StatusDetail, Transition, TransitionError,
};

/// One step of a generated test. Sessions are named by their position in
/// creation order, so a shrunk counterexample reads `Cancel { session: 0 }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// A client creates a session.
    Create {
        /// The client's reference, if any.
        reference_id: Option<ReferenceId>,
    },
    /// Something happens to a session: the flow starts, completes or fails,
    /// the session times out. The event may be illegal for the session.
    Apply {
        /// Which session, by creation order.
        session: usize,
        /// What happens.
        event: Event,
    },
    /// The client cancels a session by API request.
    Cancel {
        /// Which session, by creation order.
        session: usize,
    },
    /// A status poll or webhook reports a state, legal next or not, valid or
    /// not (a code that contradicts its status).
    Observe {
        /// Which session, by creation order.
        session: usize,
        /// The reported status.
        status: SessionStatus,
        /// The reported code.
        detail: Option<StatusDetail>,
    },
    /// A webhook arrives again: the session's current state, reported anew.
    ObserveDuplicate {
        /// Which session, by creation order.
        session: usize,
    },
    /// The client cancels an id no session has: the API answers 404.
    CancelUnknown,
}

/// What a command did, as the model predicts it and as a store reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A session was created with this id.
    Created(Uuid),
    /// The answer to [`Command::Apply`].
    Applied(Result<Transition, StoreError>),
    /// The answer to [`Command::Cancel`] and [`Command::CancelUnknown`].
    Cancelled(Result<CancelSessionResponse, StoreError>),
    /// The answer to [`Command::Observe`] and [`Command::ObserveDuplicate`].
    Observed(Result<Observation, StoreError>),
}

/// Why a store refused a command.
///
/// # Examples
///
/// ```
/// use eft_session::strategy::model::StoreError;
/// use uuid::Uuid;
///
/// assert_eq!(
///     StoreError::NotFound(Uuid::nil()).to_string(),
///     "no session 00000000-0000-0000-0000-000000000000"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No session has this id (HTTP 404).
    #[error("no session {0}")]
    NotFound(Uuid),
    /// The lifecycle refused the event.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The lifecycle refused the report.
    #[error(transparent)]
    Observe(#[from] ObserveError),
}

/// The model's state: every session created so far, in creation order, and
/// what the last command did.
#[derive(Clone, Debug, Default)]
pub struct ModelState {
    sessions: Vec<Session>,
    last: Option<Outcome>,
}

impl ModelState {
    /// The id of the `index`-th session created; ids are `1`, `2`, … as
    /// UUIDs, so that counterexamples stay readable.
    #[must_use]
    pub fn id_of(index: usize) -> Uuid {
        Uuid::from_u128(index as u128 + 1)
    }

    /// An id that no session of any test has.
    #[must_use]
    pub fn unknown_id() -> Uuid {
        Uuid::from_u128(u128::MAX)
    }

    /// Every session, in creation order.
    #[must_use]
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }

    /// What the last command did; `None` before the first.
    #[must_use]
    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.last.as_ref()
    }
}

/// The reference model: generates commands and predicts their outcomes.
#[derive(Clone, Copy, Debug)]
pub struct SessionsModel;

impl ReferenceStateMachine for SessionsModel {
    type State = ModelState;
    type Transition = Command;

    fn init_state() -> BoxedStrategy<ModelState> {
        Just(ModelState::default()).boxed()
    }

    fn transitions(state: &ModelState) -> BoxedStrategy<Command> {
        let create =
            proptest::option::of("[A-Za-z0-9-]{1,12}").prop_map(|reference| Command::Create {
                reference_id: reference.and_then(|text| text.parse().ok()),
            });
        let count = state.sessions.len();
        if count == 0 {
            return prop_oneof![create, Just(Command::CancelUnknown)].boxed();
        }
        let session = 0..count;
        let current: Vec<SessionStatus> = state.sessions.iter().map(Session::status).collect();
        // Events lean toward the legal next ones, so histories go somewhere.
        let event = (session.clone(), any::<bool>()).prop_flat_map(move |(session, legal)| {
            let from = current[session];
            let event = if legal && !from.is_terminal() {
                super::legal_event(from).boxed()
            } else {
                any_event().boxed()
            };
            event.prop_map(move |event| Command::Apply { session, event })
        });
        let valid = super::state().prop_map(|reported| (reported.status(), reported.detail()));
        let contradicting = (status(), proptest::option::of(super::detail()))
            .prop_filter("a contradicting report", |(status, detail)| {
                SessionState::new(*status, *detail).is_err()
            });
        let report = (session.clone(), prop_oneof![3 => valid, 1 => contradicting]).prop_map(
            |(session, (status, detail))| Command::Observe {
                session,
                status,
                detail,
            },
        );
        prop_oneof![
            1 => create,
            4 => event,
            2 => session.clone().prop_map(|session| Command::Cancel { session }),
            3 => report,
            2 => session.prop_map(|session| Command::ObserveDuplicate { session }),
            1 => Just(Command::CancelUnknown),
        ]
        .boxed()
    }

    fn preconditions(state: &ModelState, command: &Command) -> bool {
        // Shrinking may drop the `Create` a later command names.
        match command {
            Command::Create { .. } | Command::CancelUnknown => true,
            Command::Apply { session, .. }
            | Command::Cancel { session }
            | Command::Observe { session, .. }
            | Command::ObserveDuplicate { session } => *session < state.sessions.len(),
        }
    }

    fn apply(mut state: ModelState, command: &Command) -> ModelState {
        let outcome = match command {
            Command::Create { reference_id } => {
                let id = ModelState::id_of(state.sessions.len());
                state.sessions.push(Session::new(id, reference_id.clone()));
                Outcome::Created(id)
            }
            Command::Apply { session, event } => Outcome::Applied(
                state.sessions[*session]
                    .apply(*event)
                    .map_err(StoreError::from),
            ),
            Command::Cancel { session } => {
                Outcome::Cancelled(state.sessions[*session].cancel().map_err(StoreError::from))
            }
            Command::Observe {
                session,
                status,
                detail,
            } => Outcome::Observed(
                state.sessions[*session]
                    .observe(*status, *detail)
                    .map_err(StoreError::from),
            ),
            Command::ObserveDuplicate { session } => {
                let current = state.sessions[*session].state();
                Outcome::Observed(
                    state.sessions[*session]
                        .observe(current.status(), current.detail())
                        .map_err(StoreError::from),
                )
            }
            Command::CancelUnknown => {
                Outcome::Cancelled(Err(StoreError::NotFound(ModelState::unknown_id())))
            }
        };
        state.last = Some(outcome);
        state
    }
}

/// What a system under test must offer to be checked against the model: the
/// session operations of a server or SDK, keyed by session id. Implement it
/// as a thin adapter over the real system.
pub trait SessionStore {
    /// Creates a session `Initiated`/`EFT0101` under `id`.
    fn create(&mut self, id: Uuid, reference_id: Option<ReferenceId>);

    /// Applies `event` to session `id`.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, else the lifecycle's error.
    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError>;

    /// Cancels session `id` by API request.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, else the lifecycle's error.
    fn cancel(&mut self, id: Uuid) -> Result<CancelSessionResponse, StoreError>;

    /// Takes in a reported state of session `id`.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, else the lifecycle's error.
    fn observe(
        &mut self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError>;

    /// The state of session `id`, if there is one.
    fn state(&self, id: Uuid) -> Option<SessionState>;
}

/// Runs a [`SessionStore`] against [`SessionsModel`]: use it as the
/// `StateMachineTest` of `prop_state_machine!`. After every command it checks
/// that the store answered as the model predicts (the same step, or the same
/// error), and after every step that every session is in the model's state
/// and that unknown ids stay unknown.
pub struct StoreTest<S>(PhantomData<S>);

impl<S> fmt::Debug for StoreTest<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreTest")
    }
}

impl<S: SessionStore + Default> StateMachineTest for StoreTest<S> {
    type SystemUnderTest = S;
    type Reference = SessionsModel;

    fn init_test(_: &ModelState) -> S {
        S::default()
    }

    fn apply(mut store: S, model: &ModelState, command: Command) -> S {
        let id = |session: usize| ModelState::id_of(session);
        let answer = match &command {
            Command::Create { reference_id } => {
                let created = id(model.sessions.len() - 1);
                store.create(created, reference_id.clone());
                Outcome::Created(created)
            }
            Command::Apply { session, event } => {
                Outcome::Applied(store.apply(id(*session), *event))
            }
            Command::Cancel { session } => Outcome::Cancelled(store.cancel(id(*session))),
            Command::Observe {
                session,
                status,
                detail,
            } => Outcome::Observed(store.observe(id(*session), *status, *detail)),
            Command::ObserveDuplicate { session } => {
                let current = store.state(id(*session));
                let reported = current.unwrap_or(SessionState::INITIATED);
                Outcome::Observed(store.observe(id(*session), reported.status(), reported.detail()))
            }
            Command::CancelUnknown => Outcome::Cancelled(store.cancel(ModelState::unknown_id())),
        };
        assert_eq!(
            Some(&answer),
            model.last_outcome(),
            "the store answered {command:?} differently from the model"
        );
        store
    }

    fn check_invariants(store: &S, model: &ModelState) {
        for session in model.sessions() {
            assert_eq!(
                store.state(session.id()),
                Some(session.state()),
                "session {} is not in the model's state",
                session.id()
            );
        }
        assert_eq!(
            store.state(ModelState::unknown_id()),
            None,
            "the store invented a session"
        );
    }
}
