//! A reference model of many sessions at once, for model-based tests of a
//! system that keeps sessions: a server's store, an SDK's cache, a webhook
//! receiver.
//!
//! [`SessionsModel`] is a [`ReferenceStateMachine`]: it generates sequences of
//! [`Command`]s (create an EFT V2 or a GEFT session, start, complete, fail,
//! cancel, expire, the guarantee's offer and decision, a confirm by the
//! client, a reported state, a duplicate report, a cancel of an unknown id)
//! and predicts what
//! each one does, using the crate's own rules. To test a system, implement
//! [`SessionStore`] for it (a thin adapter) and run [`StoreTest`] with a
//! function that opens the system: after every step it checks the system's
//! answer against the model's, every session's state against the model's,
//! and that the system's log, if it keeps one, replays to the same session.
//!
//! # Examples
//!
//! A store that keeps its sessions in a database: here SQL-shaped rows in
//! maps, where a real store runs the same statements through its driver
//! (the workspace's `eft-session-store` crate does, on SQLite and
//! PostgreSQL). Every change is a compare-and-set on the state the crate's
//! `Transition` left from, plus a log row; the kit replays the log.
//!
//! ```
//! use std::collections::HashMap;
//!
//! use eft_session::strategy::model::{SessionStore, StoreError, StoreTest};
//! use eft_session::wire::{CancelSessionResponse, ConfirmGuaranteeResponse};
//! use eft_session::{
//!     Event, Observation, Product, ReferenceId, Session, SessionState, SessionStatus, StatusDetail,
//!     Transition,
//! };
//! use uuid::Uuid;
//!
//! /// The system under test: a sessions "table" and a transitions "table".
//! struct MyStore {
//!     rows: HashMap<Uuid, Session>,
//!     log: HashMap<Uuid, Vec<Transition>>,
//! }
//!
//! impl MyStore {
//!     /// Opens the store; a real one connects here, and may fail.
//!     fn open() -> Result<Self, StoreError> {
//!         Ok(Self { rows: HashMap::new(), log: HashMap::new() })
//!     }
//!
//!     /// Reads the row, lets the crate decide, writes the steps back.
//!     fn change<T>(
//!         &mut self,
//!         id: Uuid,
//!         decide: impl FnOnce(&mut Session) -> Result<T, StoreError>,
//!         steps: impl Fn(&T) -> Vec<Transition>,
//!     ) -> Result<T, StoreError> {
//!         let mut session = self.rows.get(&id).cloned().ok_or(StoreError::NotFound(id))?;
//!         let answer = decide(&mut session)?;
//!         self.log.entry(id).or_default().extend(steps(&answer));
//!         self.rows.insert(id, session);
//!         Ok(answer)
//!     }
//! }
//!
//! impl SessionStore for MyStore {
//!     fn create(
//!         &mut self,
//!         id: Uuid,
//!         product: Product,
//!         reference_id: Option<ReferenceId>,
//!     ) -> Result<(), StoreError> {
//!         self.rows.insert(id, Session::new(id, reference_id).in_product(product));
//!         Ok(())
//!     }
//!     fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
//!         self.change(id, |s| Ok(s.apply(event)?), |step| vec![*step])
//!     }
//!     fn cancel(&mut self, id: Uuid) -> Result<(Transition, CancelSessionResponse), StoreError> {
//!         self.change(id, |s| Ok(s.cancel()?), |(step, _)| vec![*step])
//!     }
//!     fn confirm_guarantee(
//!         &mut self,
//!         id: Uuid,
//!         accepted: bool,
//!     ) -> Result<(Transition, ConfirmGuaranteeResponse), StoreError> {
//!         self.change(id, |s| Ok(s.confirm_guarantee(accepted)?), |(step, _)| vec![*step])
//!     }
//!     fn observe(
//!         &mut self,
//!         id: Uuid,
//!         status: SessionStatus,
//!         detail: Option<StatusDetail>,
//!     ) -> Result<Observation, StoreError> {
//!         self.change(id, |s| Ok(s.observe(status, detail)?), |seen| seen.transitions().collect())
//!     }
//!     fn state(&mut self, id: Uuid) -> Result<Option<SessionState>, StoreError> {
//!         Ok(self.rows.get(&id).map(Session::state))
//!     }
//!     fn log(&mut self, id: Uuid) -> Result<Option<Vec<Transition>>, StoreError> {
//!         Ok(Some(self.log.get(&id).cloned().unwrap_or_default()))
//!     }
//! }
//!
//! // In a `#[test]`: each generated sequence gets a store of its own.
//! StoreTest::new(MyStore::open).cases(32).check();
//! ```

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use core::fmt;
use core::ops::Range;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use proptest_state_machine::ReferenceStateMachine;
use uuid::Uuid;

use super::{any_event, status};
use crate::wire::{CancelSessionResponse, ConfirmGuaranteeResponse};
use crate::{
    Event, EventKind, Observation, ObserveError, Product, ReferenceId, Session, SessionState,
    SessionStatus, StatusDetail, Transition, TransitionError,
};
use proptest::sample::select;

/// One step of a generated test. Sessions are named by their position in
/// creation order, so a shrunk counterexample reads `Cancel { session: 0 }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// A client creates a session.
    Create {
        /// EFT V2, or GEFT (whose sessions take the guarantee events).
        product: Product,
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
    /// The client answers a guarantee offer (`POST …/guarantees/confirm`),
    /// with or without an offer pending.
    ConfirmGuarantee {
        /// Which session, by creation order.
        session: usize,
        /// Accept, or reject.
        accepted: bool,
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
    /// The answer to [`Command::Cancel`] and [`Command::CancelUnknown`]: the
    /// step taken and the body.
    Cancelled(Result<(Transition, CancelSessionResponse), StoreError>),
    /// The answer to [`Command::Observe`] and [`Command::ObserveDuplicate`].
    Observed(Result<Observation, StoreError>),
    /// The answer to [`Command::ConfirmGuarantee`]: the step taken and the
    /// body.
    Confirmed(Result<(Transition, ConfirmGuaranteeResponse), StoreError>),
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
    /// The store itself failed: a lost connection, a full disk, a broken
    /// constraint. [`StoreTest`] reports it as a failure with this message.
    #[error("storage failed: {0}")]
    Storage(String),
}

impl StoreError {
    /// A [`StoreError::Storage`] from any error of the storage layer.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::strategy::model::StoreError;
    ///
    /// let err = StoreError::storage("connection refused");
    /// assert_eq!(err.to_string(), "storage failed: connection refused");
    /// ```
    pub fn storage(error: impl fmt::Display) -> Self {
        Self::Storage(error.to_string())
    }

    /// The HTTP status a server answers with: 404 for an unknown session,
    /// the lifecycle's own status for its errors, 503 when storage failed.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::strategy::model::StoreError;
    /// use uuid::Uuid;
    ///
    /// let err = StoreError::NotFound(Uuid::nil());
    /// assert_eq!((err.http_status(), err.title()), (404, "Session Not Found"));
    /// assert_eq!(StoreError::storage("disk full").http_status(), 503);
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        match self {
            Self::NotFound(_) => 404,
            Self::Transition(error) => error.http_status(),
            Self::Observe(error) => error.http_status(),
            Self::Storage(_) => 503,
        }
    }

    /// The title of the problem body.
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "Session Not Found",
            Self::Transition(error) => error.title(),
            Self::Observe(error) => error.title(),
            Self::Storage(_) => "Storage Unavailable",
        }
    }
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
        let create = (
            super::product(),
            proptest::option::of(super::reference_id()),
        )
            .prop_map(|(product, reference_id)| Command::Create {
                product,
                reference_id,
            });
        let count = state.sessions.len();
        if count == 0 {
            return prop_oneof![create, Just(Command::CancelUnknown)].boxed();
        }
        let session = 0..count;
        let current: Vec<Session> = state.sessions.clone();
        // Events lean toward the legal next ones, so histories go somewhere.
        let event = (session.clone(), any::<bool>()).prop_flat_map(move |(session, legal)| {
            let from = current[session].clone();
            let event = if legal && !from.is_terminal() {
                // The kinds the session accepts, a guarantee kind three times
                // over: each of the others ends the session, so an even draw
                // would seldom reach a GEFT session's decision.
                let kinds: Vec<EventKind> = EventKind::all()
                    .filter(|kind| from.clone().apply(kind.example()).is_ok())
                    .flat_map(|kind| {
                        let weight = if kind.is_guarantee() { 3 } else { 1 };
                        core::iter::repeat_n(kind, weight)
                    })
                    .collect();
                let from = from.clone();
                select(kinds)
                    .prop_flat_map(super::event_of)
                    .prop_filter("accepted by the session", move |event| {
                        from.clone().apply(*event).is_ok()
                    })
                    .boxed()
            } else {
                any_event().boxed()
            };
            event.prop_map(move |event| Command::Apply { session, event })
        });
        let confirm = (session.clone(), any::<bool>())
            .prop_map(|(session, accepted)| Command::ConfirmGuarantee { session, accepted });
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
            1 => confirm,
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
            | Command::ConfirmGuarantee { session, .. }
            | Command::ObserveDuplicate { session } => *session < state.sessions.len(),
        }
    }

    fn apply(mut state: ModelState, command: &Command) -> ModelState {
        let outcome = match command {
            Command::Create {
                product,
                reference_id,
            } => {
                let id = ModelState::id_of(state.sessions.len());
                state
                    .sessions
                    .push(Session::new(id, reference_id.clone()).in_product(*product));
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
            Command::ConfirmGuarantee { session, accepted } => Outcome::Confirmed(
                state.sessions[*session]
                    .confirm_guarantee(*accepted)
                    .map_err(StoreError::from),
            ),
            Command::CancelUnknown => {
                Outcome::Cancelled(Err(StoreError::NotFound(ModelState::unknown_id())))
            }
        };
        state.last = Some(outcome);
        state
    }
}

/// What a system under test must offer to be checked against the model: the
/// session operations of a server, store or SDK, keyed by session id.
/// Implement it as a thin adapter over the real system; every method may fail
/// with [`StoreError::Storage`] when the storage underneath fails.
pub trait SessionStore {
    /// Creates a session of `product`, `Initiated`/`EFT0101`, under `id`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the store cannot keep it.
    fn create(
        &mut self,
        id: Uuid,
        product: Product,
        reference_id: Option<ReferenceId>,
    ) -> Result<(), StoreError>;

    /// Applies `event` to session `id`.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, else the lifecycle's error.
    fn apply(&mut self, id: Uuid, event: Event) -> Result<Transition, StoreError>;

    /// Cancels session `id` by API request: the step taken and the body.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, else the lifecycle's error.
    fn cancel(&mut self, id: Uuid) -> Result<(Transition, CancelSessionResponse), StoreError>;

    /// The client's decision on session `id`'s guarantee offer: the step
    /// taken and the body.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, else the lifecycle's error.
    fn confirm_guarantee(
        &mut self,
        id: Uuid,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), StoreError>;

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
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the store cannot be read.
    fn state(&mut self, id: Uuid) -> Result<Option<SessionState>, StoreError>;

    /// The recorded steps of session `id`, in order, for a store that keeps
    /// a log: [`StoreTest`] then checks that replaying them gives the
    /// model's session. The default, `None`, says the store keeps no log.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the store cannot be read.
    fn log(&mut self, id: Uuid) -> Result<Option<Vec<Transition>>, StoreError> {
        let _ = id;
        Ok(None)
    }
}

/// Runs a [`SessionStore`] against [`SessionsModel`]: generated sequences of
/// commands, each sent to a store that `open` makes fresh for the sequence
/// (an in-memory map, or a connection to a database the test set up).
///
/// After every command it checks that the store answered as the model
/// predicts (the same step, or the same error), that every session is in the
/// model's state, that unknown ids stay unknown, and, for a store with a
/// [`log`](SessionStore::log), that the log replays to the model's session.
/// A failure is shrunk to a short sequence and reported with the step that
/// went wrong; a [`StoreError::Storage`] is such a failure, never a panic.
///
/// # Examples
///
/// See the [module docs](self) for a store to test;
/// `StoreTest::new(|| Ok(MyStore::default())).cases(64).check()` runs it in
/// a `#[test]`, and [`run`](Self::run) hands back the counterexample
/// instead of panicking.
pub struct StoreTest<F> {
    open: F,
    config: Config,
    steps: Range<usize>,
    deterministic: bool,
}

impl<F> fmt::Debug for StoreTest<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreTest")
            .field("cases", &self.config.cases)
            .field("steps", &self.steps)
            .field("deterministic", &self.deterministic)
            .finish_non_exhaustive()
    }
}

impl<F, S> StoreTest<F>
where
    F: FnMut() -> Result<S, StoreError>,
    S: SessionStore,
{
    /// A test of the stores `open` makes: 256 sequences of 1 to 40 commands
    /// (proptest's `PROPTEST_CASES` overrides the count), with a random seed.
    #[must_use]
    pub fn new(open: F) -> Self {
        Self {
            open,
            config: Config {
                failure_persistence: None,
                ..Config::default()
            },
            steps: 1..40,
            deterministic: false,
        }
    }

    /// How many sequences to run.
    #[must_use]
    pub fn cases(mut self, cases: u32) -> Self {
        self.config.cases = cases;
        self
    }

    /// How many commands a sequence has.
    #[must_use]
    pub fn steps(mut self, steps: Range<usize>) -> Self {
        self.steps = steps;
        self
    }

    /// A fixed seed, so the same sequences (and the same counterexample) come
    /// on every run.
    #[must_use]
    pub fn deterministic(mut self) -> Self {
        self.deterministic = true;
        self
    }

    /// Runs the test, returning the shrunk counterexample of a failure.
    ///
    /// # Errors
    ///
    /// [`Counterexample`] with the commands and what went wrong.
    pub fn run(self) -> Result<(), Counterexample> {
        let mut runner = if self.deterministic {
            TestRunner::new_with_rng(
                self.config.clone(),
                TestRng::deterministic_rng(RngAlgorithm::ChaCha),
            )
        } else {
            TestRunner::new(self.config.clone())
        };
        let open = RefCell::new(self.open);
        let result = runner.run(
            &SessionsModel::sequential_strategy(self.steps.clone()),
            |(initial, commands, seen)| {
                let mut store = (open.borrow_mut())()
                    .map_err(|err| TestCaseError::fail(format!("cannot open the store: {err}")))?;
                let mut model = initial;
                for (index, command) in commands.iter().enumerate() {
                    // Tells the shrinker this command ran, as `test_sequential` does.
                    if let Some(seen) = &seen {
                        seen.fetch_add(1, core::sync::atomic::Ordering::SeqCst);
                    }
                    model = SessionsModel::apply(model, command);
                    check_step(&mut store, &model, command)
                        .map_err(|why| TestCaseError::fail(format!("step {index}: {why}")))?;
                }
                Ok(())
            },
        );
        match result {
            Ok(()) => Ok(()),
            Err(TestError::Fail(why, (_, commands, _))) => Err(Counterexample {
                commands,
                failure: why.to_string(),
            }),
            Err(TestError::Abort(why)) => Err(Counterexample {
                commands: Vec::new(),
                failure: format!("the run was aborted: {why}"),
            }),
        }
    }

    /// Runs the test and panics with the counterexample of a failure: use it
    /// in a `#[test]`.
    ///
    /// # Panics
    ///
    /// When the store does not follow the model.
    #[track_caller]
    pub fn check(self) {
        if let Err(counterexample) = self.run() {
            panic!("{counterexample}");
        }
    }
}

/// Sends one command to the store and compares its answer and every
/// session with the model, which has already taken the command.
fn check_step<S: SessionStore>(
    store: &mut S,
    model: &ModelState,
    command: &Command,
) -> Result<(), String> {
    let id = ModelState::id_of;
    let answer = match command {
        Command::Create {
            product,
            reference_id,
        } => {
            let created = id(model.sessions.len() - 1);
            store
                .create(created, *product, reference_id.clone())
                .map_err(|err| format!("the store could not create {created}: {err}"))?;
            Outcome::Created(created)
        }
        Command::Apply { session, event } => Outcome::Applied(store.apply(id(*session), *event)),
        Command::Cancel { session } => Outcome::Cancelled(store.cancel(id(*session))),
        Command::Observe {
            session,
            status,
            detail,
        } => Outcome::Observed(store.observe(id(*session), *status, *detail)),
        Command::ObserveDuplicate { session } => {
            // The model has already observed its own state again.
            let reported = model.sessions[*session].state();
            Outcome::Observed(store.observe(id(*session), reported.status(), reported.detail()))
        }
        Command::ConfirmGuarantee { session, accepted } => {
            Outcome::Confirmed(store.confirm_guarantee(id(*session), *accepted))
        }
        Command::CancelUnknown => Outcome::Cancelled(store.cancel(ModelState::unknown_id())),
    };
    if Some(&answer) != model.last_outcome() {
        return Err(format!(
            "the store answered {command:?} with {answer:?}, the model with {:?}",
            model.last_outcome()
        ));
    }
    for session in model.sessions() {
        let state = store.state(session.id()).map_err(|err| err.to_string())?;
        if state != Some(session.state()) {
            return Err(format!(
                "session {} is {state:?} in the store, {} in the model",
                session.id(),
                session.state()
            ));
        }
        if let Some(log) = store.log(session.id()).map_err(|err| err.to_string())? {
            let replayed = Session::replay(session.id(), session.reference_id().cloned(), log)
                .map_err(|err| {
                    format!("the log of session {} does not replay: {err}", session.id())
                })?;
            if replayed.state() != session.state() {
                return Err(format!(
                    "the log of session {} replays to {}, the model is at {}",
                    session.id(),
                    replayed.state(),
                    session.state()
                ));
            }
        }
    }
    let unknown = ModelState::unknown_id();
    if store
        .state(unknown)
        .map_err(|err| err.to_string())?
        .is_some()
    {
        return Err(format!("the store invented session {unknown}"));
    }
    Ok(())
}

/// A failing sequence of commands, shrunk, and what went wrong.
///
/// # Examples
///
/// ```
/// use eft_session::strategy::model::{Command, Counterexample};
///
/// let found = Counterexample::new(vec![Command::CancelUnknown], "step 0: a store error");
/// assert_eq!(found.commands(), [Command::CancelUnknown]);
/// assert!(found.to_string().contains("CancelUnknown"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counterexample {
    commands: Vec<Command>,
    failure: String,
}

impl Counterexample {
    /// A counterexample of `commands` that failed with `failure`.
    #[must_use]
    pub fn new(commands: Vec<Command>, failure: impl Into<String>) -> Self {
        Self {
            commands,
            failure: failure.into(),
        }
    }

    /// The commands, in order.
    #[must_use]
    pub fn commands(&self) -> &[Command] {
        &self.commands
    }

    /// What went wrong, naming the step.
    #[must_use]
    pub fn failure(&self) -> &str {
        &self.failure
    }
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the store does not follow the model: {}\ncommands: {:?}",
            self.failure, self.commands
        )
    }
}
