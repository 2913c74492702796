//! Session cleanup, the cancel page's use case ("implement cleanup for
//! abandoned sessions"): every session of an `eft-session-store` database
//! that is not final and older than an age is cancelled through the API,
//! and what the API answered is recorded through the store.
//!
//! **Safe to stop and run again at any moment.** The store is written only
//! after the API answered, and only with what the API said, through
//! [`SessionStore::observe`] (a compare-and-set with its log). A run
//! stopped between the API's answer and the store's write leaves the
//! session open in the store; the next run cancels it again, meets "already
//! terminal", reads the status ([`CancelFlow`](eft_session::api::CancelFlow))
//! and records `Cancelled`: the API has one cancel, the store one step
//! there. A report the store cannot take in (it contradicts the state held)
//! is parked with its reason, never dropped.

use std::time::Duration;

use eft_session::Session;
use eft_session::api::{CallError, CancelOutcome, Cancellation};
use eft_session_store::{SessionStore, StoreError};

use crate::Client;

/// What the API answered for one session of the sweep.
///
/// # Examples
///
/// See [`Observer`].
#[derive(Clone, Debug)]
pub struct Answered {
    /// The session, as the store held it.
    pub session: Session,
    /// The cancel's outcome.
    pub result: Result<Cancellation, CallError>,
}

/// What the sweep did with one session.
///
/// # Examples
///
/// See [`Observer`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Recorded {
    /// The API cancelled it (now, or by an earlier run whose record was
    /// lost); the store took the steps in.
    Cancelled {
        /// Steps the store appended (0 when it already knew).
        steps: usize,
    },
    /// It had already ended in another state, which the store took in.
    Ended {
        /// The state that won.
        state: eft_session::SessionState,
        /// Steps the store appended.
        steps: usize,
    },
    /// The store could not take the API's report in: it is parked.
    Parked {
        /// The parked body's number.
        number: i64,
        /// Why.
        reason: String,
    },
    /// The API refused (the session is unknown to it, say); the store is
    /// unchanged.
    Refused(CallError),
    /// A transient failure outlasted the retries; the next run tries again.
    Failed(CallError),
}

/// Sees each step of a sweep: a progress bar, a log, a test's hook.
///
/// # Examples
///
/// ```
/// use eft_client::sweep::{Answered, Observer, Recorded};
/// use eft_session::Session;
///
/// struct Count(usize);
/// impl Observer for Count {
///     fn recorded(&mut self, _: &Session, _: &Recorded) {
///         self.0 += 1;
///     }
/// }
/// ```
pub trait Observer {
    /// The sweep found `due` sessions to cancel.
    fn found(&mut self, _due: usize) {}
    /// The API answered for one, before anything is recorded.
    fn answered(&mut self, _answered: &Answered) {}
    /// What the sweep did with it.
    fn recorded(&mut self, _session: &Session, _recorded: &Recorded) {}
}

/// An observer that sees nothing.
impl Observer for () {}

/// The whole sweep, counted.
///
/// # Examples
///
/// ```
/// let summary = eft_client::sweep::Summary::default();
/// assert!(summary.is_complete());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Sessions due: open and old enough.
    pub due: usize,
    /// Cancelled by this run (the API answered 200).
    pub cancelled: usize,
    /// Found cancelled already (an earlier run's lost record, or another
    /// cancel).
    pub already_cancelled: usize,
    /// Found ended otherwise.
    pub already_ended: usize,
    /// Reports parked.
    pub parked: usize,
    /// Refused by the API.
    pub refused: usize,
    /// Failed transiently: the next run tries them again.
    pub failed: usize,
}

impl Summary {
    /// Whether every due session is final in the store now.
    ///
    /// # Examples
    ///
    /// See [`Summary`].
    #[must_use]
    pub const fn is_complete(&self) -> bool {
        self.parked == 0 && self.refused == 0 && self.failed == 0
    }
}

/// A sweep of `store` through `client`.
///
/// # Examples
///
/// ```no_run
/// use eft_client::sweep::Sweep;
/// use std::time::Duration;
///
/// # async fn run(client: eft_client::Client, store: eft_session_store::SessionStore) -> Result<(), Box<dyn std::error::Error>> {
/// let summary = Sweep::new(&client, &store).run(Duration::from_secs(3600), &mut ()).await?;
/// println!("{} cancelled, {} to retry", summary.cancelled, summary.failed);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Sweep<'a> {
    client: &'a Client,
    store: &'a SessionStore,
}

impl<'a> Sweep<'a> {
    /// A sweep of `store`'s sessions through `client`.
    ///
    /// # Examples
    ///
    /// See [`Sweep`].
    #[must_use]
    pub const fn new(client: &'a Client, store: &'a SessionStore) -> Self {
        Self { client, store }
    }

    /// Cancels every session not final and created at least `older_than`
    /// ago, one after the other, oldest first, telling `observer` each
    /// step.
    ///
    /// # Errors
    ///
    /// The store's, when it cannot be read or written: the sweep stops
    /// there, and a later run goes on from what was recorded.
    ///
    /// # Examples
    ///
    /// See [`Sweep`].
    pub async fn run(
        &self,
        older_than: Duration,
        observer: &mut impl Observer,
    ) -> Result<Summary, StoreError> {
        let due = self.store.open_sessions(older_than).await?;
        let mut summary = Summary {
            due: due.len(),
            ..Summary::default()
        };
        observer.found(due.len());
        for session in due {
            let answered = Answered {
                result: self.client.cancel(session.id()).await,
                session,
            };
            observer.answered(&answered);
            let now = matches!(
                &answered.result,
                Ok(Cancellation {
                    outcome: CancelOutcome::Cancelled(_),
                    ..
                })
            );
            let session = answered.session.clone();
            let recorded = self.record(answered).await?;
            match &recorded {
                Recorded::Cancelled { .. } if now => summary.cancelled += 1,
                Recorded::Cancelled { .. } => summary.already_cancelled += 1,
                Recorded::Ended { .. } => summary.already_ended += 1,
                Recorded::Parked { .. } => summary.parked += 1,
                Recorded::Refused(_) => summary.refused += 1,
                Recorded::Failed(_) => summary.failed += 1,
            }
            observer.recorded(&session, &recorded);
        }
        Ok(summary)
    }

    /// Records what the API answered for one session.
    async fn record(&self, answered: Answered) -> Result<Recorded, StoreError> {
        let id = answered.session.id();
        let done = match answered.result {
            Ok(done) => done,
            // A refusal is the API's decision; anything else may pass.
            Err(error @ CallError::Refused { .. }) => return Ok(Recorded::Refused(error)),
            Err(error) => return Ok(Recorded::Failed(error)),
        };
        let state = done.outcome.final_state();
        let body = match &done.outcome {
            CancelOutcome::Cancelled(body) => body.to_json(),
            CancelOutcome::AlreadyCancelled(report) | CancelOutcome::AlreadyEnded(report) => {
                report.to_json()
            }
        };
        match self.store.observe(id, state.status(), state.detail()).await {
            Ok(observation) => {
                let steps = observation.transitions().count();
                Ok(match done.outcome {
                    CancelOutcome::AlreadyEnded(_) => Recorded::Ended { state, steps },
                    _ => Recorded::Cancelled { steps },
                })
            }
            Err(error @ (StoreError::Observe(_) | StoreError::NotFound(_))) => {
                let reason = format!("sweep: the cancel's answer cannot be recorded: {error}");
                let number = self.store.park(Some(id), body.as_bytes(), &reason).await?;
                Ok(Recorded::Parked { number, reason })
            }
            Err(error) => Err(error),
        }
    }
}
