//! Time on sessions, as the sandbox keeps it in memory: when each session was
//! created (its timeout, `--session-timeout`) and when it ended (its
//! retention, `--retention`), on the sandbox's clock; and beside them,
//! forgotten with them, what a status poll answers with besides the state,
//! so polls read the sandbox's table once per session, not once per poll.
//!
//! This part keeps the times and says which sessions are due; expiring a
//! session and forgetting its rows and webhook attempts need the store and
//! the other parts, and are the state's (`Sandbox::sweep`).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use eft_session::uuid::Uuid;
use eft_session::{Amount, Product, Timestamp};

use crate::config::Config;

/// What the sandbox keeps in memory about a session, on its clock.
#[derive(Clone, Copy, Debug)]
struct Tracked {
    created: Duration,
    /// When it reached a final state, as far as the sandbox saw.
    finished: Option<Duration>,
    /// What a status poll answers with beside the state, from the creation
    /// request: read from the sandbox's table once, not on every poll.
    polled: Option<(Product, Option<Amount>)>,
}

/// Every session the sandbox knows, for timeouts and retention.
pub struct Timeouts {
    timeout: Duration,
    retention: Duration,
    sessions: Mutex<HashMap<Uuid, Tracked>>,
}

impl Timeouts {
    /// Sessions timing out and kept as `config` says.
    pub fn new(config: &Config) -> Self {
        Self {
            timeout: config.session_timeout,
            retention: config.retention,
            sessions: Mutex::new(HashMap::new()),
        }
    }

    fn sessions(&self) -> MutexGuard<'_, HashMap<Uuid, Tracked>> {
        // Every change under this lock is one insert, update or retain.
        self.sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts the timeout of session `id`, created `at`.
    pub fn track(&self, id: Uuid, at: Timestamp) {
        self.sessions().insert(
            id,
            Tracked {
                created: at.since_unix_epoch(),
                finished: None,
                polled: None,
            },
        );
    }

    /// The product and amount of session `id`, if the sandbox holds them.
    pub fn polled(&self, id: Uuid) -> Option<(Product, Option<Amount>)> {
        self.sessions().get(&id).and_then(|tracked| tracked.polled)
    }

    /// Keeps the product and amount of session `id` for the polls to come.
    pub fn remember(&self, id: Uuid, product: Product, amount: Option<Amount>) {
        if let Some(tracked) = self.sessions().get_mut(&id) {
            tracked.polled = Some((product, amount));
        }
    }

    /// Starts the retention of session `id` at `now`, unless it already
    /// ended.
    pub fn finish(&self, id: Uuid, now: Timestamp) {
        if let Some(tracked) = self.sessions().get_mut(&id) {
            tracked.finished.get_or_insert(now.since_unix_epoch());
        }
    }

    /// Whether session `id` is past its timeout at `now` and has not ended;
    /// false for a session the sandbox does not know.
    pub fn is_due(&self, id: Uuid, now: Timestamp) -> bool {
        let now = now.since_unix_epoch();
        self.sessions().get(&id).is_some_and(|tracked| {
            tracked.finished.is_none() && tracked.created + self.timeout <= now
        })
    }

    /// At `now`: the sessions past their timeout that have not ended, and the
    /// ended ones past their retention.
    pub fn due_and_stale(&self, now: Timestamp) -> (Vec<Uuid>, Vec<Uuid>) {
        let now = now.since_unix_epoch();
        let sessions = self.sessions();
        let due = sessions
            .iter()
            .filter(|(_, t)| t.finished.is_none() && t.created + self.timeout <= now)
            .map(|(id, _)| *id)
            .collect();
        let stale = sessions
            .iter()
            .filter(|(_, t)| {
                t.finished
                    .is_some_and(|ended| ended + self.retention <= now)
            })
            .map(|(id, _)| *id)
            .collect();
        (due, stale)
    }

    /// Forgets session `id` (the store no longer has it).
    pub fn remove(&self, id: Uuid) {
        self.sessions().remove(&id);
    }

    /// Forgets the sessions in `ids` (retention).
    pub fn forget(&self, ids: &HashSet<Uuid>) {
        let mut sessions = self.sessions();
        sessions.retain(|id, _| !ids.contains(id));
        if sessions.capacity() > 2 * sessions.len() + 64 {
            sessions.shrink_to_fit();
        }
    }

    /// How many sessions are live, and how many ended (kept for retention).
    pub fn counts(&self) -> (usize, usize) {
        let sessions = self.sessions();
        let finished = sessions.values().filter(|t| t.finished.is_some()).count();
        (sessions.len() - finished, finished)
    }
}
