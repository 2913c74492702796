//! Time on sessions: expiry after `--session-timeout`, and forgetting
//! finished sessions after `--retention`, both on the sandbox's clock.
//!
//! Expiry applies the crate's `Event::TIME_OUT` through the store, a
//! compare-and-set like every change, so it races safely with a cancel or a
//! completion: whichever is written first wins, and the other gets the
//! crate's answer for the new state. It sends no webhook (the provider sends
//! none for `Expired`). It happens lazily, before every read or change of a
//! session, and in a background sweep every `sweep_interval`, which also
//! removes expired tokens and, past retention, the finished sessions' rows
//! in the sandbox's own table and their webhook attempts. The store's own
//! rows stay: the store has no delete, and its tables are not the sandbox's.

use std::collections::HashSet;
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use eft_session::uuid::Uuid;
use eft_session::{Amount, Event, Product, Timestamp};
use eft_session_store::StoreError;
use serde::Serialize;

use crate::problem::Problem;
use crate::sessions::Sandbox;

/// What the sandbox keeps in memory about a session, on its clock.
#[derive(Clone, Copy, Debug)]
pub struct Tracked {
    created: Duration,
    /// When it reached a final state, as far as the sandbox saw.
    finished: Option<Duration>,
    /// What a status poll answers with beside the state, from the creation
    /// request: read from the sandbox's table once, not on every poll.
    polled: Option<(Product, Option<Amount>)>,
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Swept {
    pub expired_sessions: usize,
    pub removed_tokens: usize,
    pub removed_sessions: usize,
}

impl Sandbox {
    fn tracked(&self) -> MutexGuard<'_, std::collections::HashMap<Uuid, Tracked>> {
        // Every change under this lock is one insert, update or retain.
        self.tracked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts the timeout of session `id`, created `at`.
    pub(crate) fn track(&self, id: Uuid, at: Timestamp) {
        self.tracked().insert(
            id,
            Tracked {
                created: at.since_unix_epoch(),
                finished: None,
                polled: None,
            },
        );
    }

    /// The product and amount of session `id`, if the sandbox holds them.
    pub(crate) fn polled(&self, id: Uuid) -> Option<(Product, Option<Amount>)> {
        self.tracked().get(&id).and_then(|tracked| tracked.polled)
    }

    /// Keeps the product and amount of session `id` for the polls to come.
    pub(crate) fn remember(&self, id: Uuid, product: Product, amount: Option<Amount>) {
        if let Some(tracked) = self.tracked().get_mut(&id) {
            tracked.polled = Some((product, amount));
        }
    }

    /// Starts the retention of session `id`, unless it already ended.
    pub(crate) fn mark_finished(&self, id: Uuid) {
        let now = self.clock().now().since_unix_epoch();
        if let Some(tracked) = self.tracked().get_mut(&id) {
            tracked.finished.get_or_insert(now);
        }
    }

    /// Expires session `id` if its timeout has passed; a no-op otherwise, and
    /// for a session the sandbox does not know (the handler answers 404).
    pub(crate) async fn expire_if_due(&self, id: Uuid) -> Result<(), Problem> {
        let now = self.clock().now().since_unix_epoch();
        let timeout = self.config().session_timeout;
        let due = self
            .tracked()
            .get(&id)
            .is_some_and(|tracked| tracked.finished.is_none() && tracked.created + timeout <= now);
        if due {
            self.expire(id)
                .await
                .map_err(|error| Problem::from_store(id, &error))?;
        }
        Ok(())
    }

    /// Applies `TIME_OUT` to session `id`; true when this call expired it.
    async fn expire(&self, id: Uuid) -> Result<bool, StoreError> {
        match self.store().apply(id, Event::TIME_OUT).await {
            Ok(_) => {
                self.mark_finished(id);
                tracing::info!(session = %id, "session expired");
                Ok(true)
            }
            // TIME_OUT is refused only in a final state: a cancel or a
            // completion was written first.
            Err(StoreError::Transition(_)) => {
                self.mark_finished(id);
                Ok(false)
            }
            Err(StoreError::NotFound(_)) => {
                self.tracked().remove(&id);
                Ok(false)
            }
            Err(error) => Err(error),
        }
    }

    /// One sweep at the clock's time: expired tokens removed, sessions past
    /// their timeout expired, finished ones past retention forgotten.
    pub async fn sweep(&self) -> Swept {
        let now = self.clock().now().since_unix_epoch();
        let (timeout, retention) = (self.config().session_timeout, self.config().retention);
        let removed_tokens = self.auth().prune(now);
        let (due, stale): (Vec<Uuid>, Vec<Uuid>) = {
            let tracked = self.tracked();
            let due = tracked
                .iter()
                .filter(|(_, t)| t.finished.is_none() && t.created + timeout <= now)
                .map(|(id, _)| *id)
                .collect();
            let stale = tracked
                .iter()
                .filter(|(_, t)| t.finished.is_some_and(|ended| ended + retention <= now))
                .map(|(id, _)| *id)
                .collect();
            (due, stale)
        };
        let mut swept = Swept {
            removed_tokens,
            ..Swept::default()
        };
        for id in due {
            match self.expire(id).await {
                Ok(expired) => swept.expired_sessions += usize::from(expired),
                Err(error) => {
                    tracing::warn!(session = %id, %error, "expiry failed; the next sweep tries again")
                }
            }
        }
        let mut forgotten = HashSet::new();
        for id in stale {
            match self.requests.delete(id).await {
                Ok(()) => {
                    forgotten.insert(id);
                }
                Err(error) => {
                    tracing::warn!(session = %id, %error, "retention failed; the next sweep tries again")
                }
            }
        }
        if !forgotten.is_empty() {
            let mut tracked = self.tracked();
            tracked.retain(|id, _| !forgotten.contains(id));
            if tracked.capacity() > 2 * tracked.len() + 64 {
                tracked.shrink_to_fit();
            }
            drop(tracked);
            self.webhooks().forget(&forgotten);
            swept.removed_sessions = forgotten.len();
        }
        if swept != Swept::default() {
            tracing::debug!(?swept, "sweep");
        }
        swept
    }

    /// Reads back the sessions a database file kept: their timeouts run from
    /// their creation; the retention of those already finished starts now.
    pub(crate) async fn rebuild(&self) -> Result<(), StoreError> {
        for (id, at) in self.requests.all().await? {
            let Some(session) = self.store().session(id).await? else {
                // A request whose session was never stored (its create failed).
                continue;
            };
            self.track(id, at);
            if session.is_terminal() {
                self.mark_finished(id);
            }
        }
        Ok(())
    }
}

/// Runs [`Sandbox::sweep`] every `sweep_interval` while the sandbox lives.
pub(crate) fn spawn_sweeper(sandbox: &Arc<Sandbox>) {
    let every = sandbox.config().sweep_interval;
    let weak = Arc::downgrade(sandbox);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is immediate; there is nothing to sweep yet.
        ticks.tick().await;
        loop {
            ticks.tick().await;
            let Some(sandbox) = weak.upgrade() else {
                break;
            };
            sandbox.sweep().await;
        }
    });
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Stats {
    now: Timestamp,
    tokens: usize,
    live_sessions: usize,
    finished_sessions: usize,
    webhook_attempts: usize,
    held_webhooks: usize,
    faults: usize,
    logged_requests: usize,
}

/// `GET /sandbox/stats`: what the sandbox keeps in memory, to see it stay
/// bounded.
pub async fn stats(State(sandbox): State<Arc<Sandbox>>) -> Response {
    let (live, finished) = {
        let tracked = sandbox.tracked();
        let finished = tracked.values().filter(|t| t.finished.is_some()).count();
        (tracked.len() - finished, finished)
    };
    Json(Stats {
        now: sandbox.clock().now(),
        tokens: sandbox.auth().count(),
        live_sessions: live,
        finished_sessions: finished,
        webhook_attempts: sandbox.webhooks().count(),
        held_webhooks: sandbox.webhooks().held(),
        faults: sandbox.faults().count(),
        logged_requests: sandbox.request_log().count(),
    })
    .into_response()
}
