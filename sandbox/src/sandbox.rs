//! The sandbox's state: the parts, each owning one concern, over the store,
//! and what needs several of them at once: opening a database and reading
//! its sessions back, creating a session, recording a step (its retention,
//! its webhook), expiring a session when due, and the sweep.
//!
//! Every change of state goes through `eft_session_store`, one transaction
//! with a compare-and-set on the state it read, so racing requests (cancels
//! against a completion) end with exactly one winner and the others get the
//! crate's answer for the new state.
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
use std::sync::Arc;

use eft_session::uuid::Uuid;
use eft_session::wire::{InitiateSessionRequest, ProblemDetails};
use eft_session::{Amount, Event, Product, Session, Timestamp, Transition};
use eft_session_store::{SessionStore, StoreError};
use serde::Serialize;

use crate::auth::{Auth, Grant};
use crate::clock::Clock;
use crate::config::Config;
use crate::faults::Faults;
use crate::ids::fresh_id;
use crate::problem::Problem;
use crate::request_log::RequestLog;
use crate::requests::{Created, Requests};
use crate::timeouts::Timeouts;
use crate::webhooks::Webhooks;

/// The sandbox's state: settings, clock, tokens, the sessions in the store,
/// webhook deliveries and faults.
pub struct Sandbox {
    config: Config,
    clock: Arc<Clock>,
    auth: Auth,
    store: SessionStore,
    requests: Requests,
    webhooks: Arc<Webhooks>,
    faults: Faults,
    request_log: RequestLog,
    timeouts: Timeouts,
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Swept {
    pub expired_sessions: usize,
    pub removed_tokens: usize,
    pub removed_sessions: usize,
}

/// What the sandbox keeps in memory (`GET /sandbox/stats`), to see it stay
/// bounded.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Stats {
    now: Timestamp,
    tokens: usize,
    live_sessions: usize,
    finished_sessions: usize,
    webhook_attempts: usize,
    held_webhooks: usize,
    faults: usize,
    logged_requests: usize,
}

impl Sandbox {
    /// Opens the database `config.database` names, bringing its schema up to
    /// date (the store's tables and the sandbox's own), reads back the
    /// sessions it keeps, and starts the background sweep (expiries, expired
    /// tokens, retention), which stops when the sandbox is dropped. Must run
    /// inside a tokio runtime.
    ///
    /// # Errors
    ///
    /// The store's, when the database cannot be reached, migrated or read.
    pub async fn open(config: Config) -> Result<Arc<Self>, StoreError> {
        let store = SessionStore::connect(&config.database).await?;
        store.migrate().await?;
        let requests = Requests::open(store.pool().clone()).await?;
        let clock = Arc::new(Clock::new());
        let sandbox = Arc::new(Self {
            auth: Auth::new(&config, Arc::clone(&clock)),
            webhooks: Arc::new(Webhooks::new(&config, Arc::clone(&clock))),
            faults: Faults::default(),
            request_log: RequestLog::new(config.request_log_size),
            timeouts: Timeouts::new(&config),
            clock,
            config,
            store,
            requests,
        });
        sandbox.rebuild().await?;
        spawn_sweeper(&sandbox);
        Ok(sandbox)
    }

    /// The settings it runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The store its sessions are in.
    pub fn store(&self) -> &SessionStore {
        &self.store
    }

    /// The sandbox's clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub(crate) fn auth(&self) -> &Auth {
        &self.auth
    }

    pub(crate) fn requests(&self) -> &Requests {
        &self.requests
    }

    pub(crate) fn webhooks(&self) -> &Arc<Webhooks> {
        &self.webhooks
    }

    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    pub(crate) fn request_log(&self) -> &RequestLog {
        &self.request_log
    }

    /// The creation request of session `id`; 404 when there is none.
    pub(crate) async fn created(&self, id: Uuid) -> Result<Created, Problem> {
        self.requests
            .get(id)
            .await
            .map_err(|error| Problem::from_store(id, &error))?
            .ok_or_else(|| ProblemDetails::session_not_found(id).into())
    }

    /// Session `id` as the store has it; 404 when unknown.
    pub(crate) async fn session(&self, id: Uuid) -> Result<Session, Problem> {
        self.store
            .session(id)
            .await
            .map_err(|error| Problem::from_store(id, &error))?
            .ok_or_else(|| ProblemDetails::session_not_found(id).into())
    }

    /// Creates the session `request` describes with `grant`'s token: a fresh
    /// id the token claims (401 when single-use and spent), the request in
    /// the sandbox's table, then the session in the store, and its timeout
    /// started. When a write fails the token gets its initiation back.
    pub(crate) async fn create(
        &self,
        grant: &Grant,
        request: InitiateSessionRequest,
    ) -> Result<(Uuid, Created), Problem> {
        let product = request.product();
        let (live, finished) = self.timeouts.counts();
        if live + finished >= self.config.max_sessions {
            return Err(Problem::new(
                503,
                "Sandbox Full",
                format!(
                    "the sandbox keeps {} sessions at most (--max-sessions): {live} live, {finished} finished within their retention",
                    self.config.max_sessions
                ),
            )
            .with_header(axum::http::header::RETRY_AFTER, "60"));
        }
        let id = fresh_id();
        self.auth.claim(grant, id)?;
        let created = Created {
            request,
            at: self.clock.now(),
        };
        let stored = async {
            self.requests.insert(id, &created).await?;
            self.store.create(id, product, created.reference_id()).await
        }
        .await;
        if let Err(error) = stored {
            self.auth.release(grant, id);
            return Err(Problem::from_store(id, &error));
        }
        self.timeouts.track(id, created.at);
        tracing::info!(session = %id, %product, client = %grant.client, "session created");
        Ok((id, created))
    }

    /// The product and amount a status poll of session `id` answers with.
    /// The creation request never changes: one read of the sandbox's table
    /// per session, not one per poll.
    pub(crate) async fn polled(&self, id: Uuid) -> Result<(Product, Option<Amount>), Problem> {
        if let Some(polled) = self.timeouts.polled(id) {
            return Ok(polled);
        }
        let created = self.created(id).await?;
        let polled = (created.request.product(), created.request.amount);
        self.timeouts.remember(id, polled.0, polled.1);
        Ok(polled)
    }

    /// Records that session `id` took `step` (a final state starts its
    /// retention), and sends the webhook the step calls for, if any.
    pub(crate) fn record(&self, id: Uuid, created: &Created, step: Transition) {
        if step.to().is_terminal() {
            self.timeouts.finish(id, self.clock.now());
        }
        let product = created.request.product();
        let session = Session::with_state(id, created.reference_id(), step.target());
        let report = session.status_response(created.request.amount);
        self.webhooks.notify(&self.faults, step, product, report);
    }

    /// Applies `event` to session `id` through the store, and records the
    /// step (retention, the status webhook it calls for).
    pub(crate) async fn step(
        &self,
        id: Uuid,
        created: &Created,
        event: Event,
    ) -> Result<Transition, Problem> {
        let step = self
            .store
            .apply(id, event)
            .await
            .map_err(|error| Problem::from_store(id, &error))?;
        self.record(id, created, step);
        Ok(step)
    }

    /// Expires session `id` if its timeout has passed; a no-op otherwise, and
    /// for a session the sandbox does not know (the handler answers 404).
    pub(crate) async fn expire_if_due(&self, id: Uuid) -> Result<(), Problem> {
        if self.timeouts.is_due(id, self.clock.now()) {
            self.expire(id)
                .await
                .map_err(|error| Problem::from_store(id, &error))?;
        }
        Ok(())
    }

    /// Applies `TIME_OUT` to session `id`; true when this call expired it.
    async fn expire(&self, id: Uuid) -> Result<bool, StoreError> {
        match self.store.apply(id, Event::TIME_OUT).await {
            Ok(_) => {
                self.timeouts.finish(id, self.clock.now());
                tracing::info!(session = %id, "session expired");
                Ok(true)
            }
            // TIME_OUT is refused only in a final state: a cancel or a
            // completion was written first.
            Err(StoreError::Transition(_)) => {
                self.timeouts.finish(id, self.clock.now());
                Ok(false)
            }
            Err(StoreError::NotFound(_)) => {
                self.timeouts.remove(id);
                Ok(false)
            }
            Err(error) => Err(error),
        }
    }

    /// One sweep at the clock's time: expired tokens removed, sessions past
    /// their timeout expired, finished ones past retention forgotten.
    pub async fn sweep(&self) -> Swept {
        let now = self.clock.now();
        let removed_tokens = self.auth.prune(now.since_unix_epoch());
        let (due, stale) = self.timeouts.due_and_stale(now);
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
            // The store's rows go too (`forget` takes only a finished
            // session, whole), then the sandbox's own.
            let gone = match self.store.forget(id).await {
                Ok(_) => self.requests.delete(id).await,
                Err(error) => Err(error),
            };
            match gone {
                Ok(()) => {
                    forgotten.insert(id);
                }
                Err(error) => {
                    tracing::warn!(session = %id, %error, "retention failed; the next sweep tries again")
                }
            }
        }
        if !forgotten.is_empty() {
            self.timeouts.forget(&forgotten);
            self.webhooks.forget(&forgotten);
            swept.removed_sessions = forgotten.len();
        }
        if swept != Swept::default() {
            tracing::debug!(?swept, "sweep");
        }
        swept
    }

    /// Reads back the sessions a database file kept: their timeouts run from
    /// their creation; the retention of those already finished starts now.
    async fn rebuild(&self) -> Result<(), StoreError> {
        for (id, at) in self.requests.all().await? {
            let Some(session) = self.store.session(id).await? else {
                // A request whose session was never stored (its create failed).
                continue;
            };
            self.timeouts.track(id, at);
            if session.is_terminal() {
                self.timeouts.finish(id, self.clock.now());
            }
        }
        Ok(())
    }

    /// Clears every fault, then sends the webhooks a reorder fault still
    /// held, so clearing loses no event; answers how many faults were
    /// cleared and how many webhooks are released (sent in the background).
    pub(crate) fn clear_faults(&self) -> (usize, usize) {
        let cleared = self.faults.clear();
        let released = self.webhooks.held();
        let webhooks = Arc::clone(&self.webhooks);
        tokio::spawn(async move { webhooks.release_held().await });
        (cleared, released)
    }

    /// What the sandbox keeps in memory now.
    pub(crate) fn stats(&self) -> Stats {
        let (live_sessions, finished_sessions) = self.timeouts.counts();
        Stats {
            now: self.clock.now(),
            tokens: self.auth.count(),
            live_sessions,
            finished_sessions,
            webhook_attempts: self.webhooks.count(),
            held_webhooks: self.webhooks.held(),
            faults: self.faults.count(),
            logged_requests: self.request_log.count(),
        }
    }
}

/// Runs [`Sandbox::sweep`] every `sweep_interval` while the sandbox lives.
fn spawn_sweeper(sandbox: &Arc<Sandbox>) {
    let every = sandbox.config.sweep_interval;
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
