//! Webhook deliveries, to loopback addresses only:
//!
//! - `SessionSetupStatusChanged`: one signed POST when a session reaches
//!   `Completed`, `Failed` or `Cancelled`, never retried (the provider sends
//!   each event once);
//! - GEFT's `GuaranteeOffered`, to the guarantee webhook's URL: each attempt
//!   is one delivery here; the guarantee module makes up to three.
//!
//! Every attempt is kept in a log (`GET /sandbox/webhooks`) with its event's
//! name and the exact signed bytes, and can be sent again (`POST
//! /sandbox/webhooks/{id}/resend`). Webhook faults (`POST /sandbox/faults`)
//! drop, duplicate, delay or reorder the next deliveries, of either event; a
//! resend is a deliberate act and takes none.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::http::header;
use eft_session::Timestamp;
use eft_session::uuid::Uuid;
use eft_session::webhook::{self, SIGNATURE_HEADER};
use eft_session::wire::{
    GuaranteeOffered, InProduct, SessionSetupStatusChanged, SessionStatusResponse,
};
use eft_session::{Product, SessionStatus, Transition};
use serde::Serialize;
use tokio::sync::oneshot;

use crate::clock::Clock;
use crate::config::Config;
use crate::faults::{Faults, WebhookFault};

/// How long one attempt waits for the receiver: a receiver that hangs must
/// not keep the attempt (and its log entry) pending for ever.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The deliveries: where they go, how they are signed, and the log.
pub struct Webhooks {
    url: Option<String>,
    guarantee_url: Option<String>,
    secret: Vec<u8>,
    http: reqwest::Client,
    clock: Arc<Clock>,
    next_id: AtomicU64,
    /// How many attempts the log keeps (`--webhook-log-size`).
    log_size: usize,
    log: Mutex<Vec<Attempt>>,
    /// Events a reorder fault holds until the next delivery has been sent.
    held: Mutex<Vec<Held>>,
}

/// An event on its way: the signed bytes never change, retries and resends
/// included.
#[derive(Clone)]
pub struct Outgoing {
    session: Uuid,
    /// The event's name: `SessionSetupStatusChanged` or `GuaranteeOffered`.
    event: &'static str,
    url: String,
    body: Arc<str>,
}

/// An event a reorder fault holds, with the fault's note, and where to say
/// whether it was delivered once it is sent.
struct Held {
    outgoing: Outgoing,
    fault: String,
    outcome: oneshot::Sender<bool>,
}

/// One delivery attempt, as `GET /sandbox/webhooks` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    pub id: u64,
    pub session_id: Uuid,
    /// The event's name: `SessionSetupStatusChanged` or `GuaranteeOffered`.
    pub event: &'static str,
    pub url: String,
    /// The event body, exactly the bytes that were signed and sent.
    pub body: Arc<str>,
    pub signature: String,
    /// When the attempt was made (or dropped), on the sandbox's clock.
    pub at: Timestamp,
    pub state: AttemptState,
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed: the connection error, or the status refused.
    pub error: Option<String>,
    /// The fault that acted on it, if any.
    pub fault: Option<String>,
    /// The attempt this one sends again.
    pub resend_of: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AttemptState {
    /// Sent, no answer yet.
    Sending,
    /// The receiver answered 2xx.
    Delivered,
    /// The receiver answered otherwise, or could not be reached.
    Failed,
    /// A fault dropped it: nothing was sent.
    Dropped,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every change under these locks is a single push, retain or field
    // update: a panic elsewhere cannot leave them half-done.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Webhooks {
    pub fn new(config: &Config, clock: Arc<Clock>) -> Self {
        Self {
            url: config.webhook_url.clone(),
            guarantee_url: config.guarantee_webhook_url.clone(),
            secret: config.webhook_secret.clone(),
            http: reqwest::Client::builder()
                .timeout(ATTEMPT_TIMEOUT)
                .build()
                .unwrap_or_default(),
            clock,
            next_id: AtomicU64::new(1),
            log_size: config.webhook_log_size,
            log: Mutex::new(Vec::new()),
            held: Mutex::new(Vec::new()),
        }
    }

    /// How many attempts the log keeps.
    pub fn count(&self) -> usize {
        lock(&self.log).len()
    }

    /// How many events a reorder fault holds.
    pub fn held(&self) -> usize {
        lock(&self.held).len()
    }

    /// Forgets the attempts of `sessions` (retention). The log keeps the
    /// room it grew to, at most `--webhook-log-size`: shrinking it for the
    /// next flood to grow it again only churns the allocator.
    pub fn forget(&self, sessions: &HashSet<Uuid>) {
        lock(&self.log).retain(|attempt| !sessions.contains(&attempt.session_id));
    }

    /// Sends the webhook for `step` if it entered a notified state (the step
    /// into a state happens once, and so does the call), as the next webhook
    /// fault says.
    pub fn notify(
        self: &Arc<Self>,
        faults: &Faults,
        step: Transition,
        product: Product,
        report: SessionStatusResponse,
    ) {
        // Expired is not notified: the provider sends nothing on a timeout.
        let notified = matches!(
            step.to(),
            SessionStatus::Completed | SessionStatus::Failed | SessionStatus::Cancelled
        );
        let Some(url) = self.url.clone().filter(|_| notified) else {
            return;
        };
        let event = SessionSetupStatusChanged::new(self.clock.now(), report);
        let body = match serde_json::to_string(&InProduct(product, &event)) {
            Ok(body) => body,
            Err(error) => {
                tracing::error!(%url, %error, "webhook body not written");
                return;
            }
        };
        let outgoing = Outgoing {
            session: event.report().session_id(),
            event: SessionSetupStatusChanged::NAME,
            url,
            body: body.into(),
        };
        // Sent once: nobody waits for the outcome.
        drop(self.dispatch(faults, outgoing));
    }

    /// Whether GEFT's guarantee webhook is configured: without it, offers
    /// are accepted automatically.
    pub fn has_guarantee_url(&self) -> bool {
        self.guarantee_url.is_some()
    }

    /// The guarantee webhook for `event`, to [`dispatch`](Self::dispatch)
    /// once per attempt (the same bytes each time); `None` when no guarantee
    /// webhook is configured or the body cannot be written.
    pub fn guarantee_offer(&self, event: &GuaranteeOffered) -> Option<Outgoing> {
        let url = self.guarantee_url.clone()?;
        match serde_json::to_string(event) {
            Ok(body) => Some(Outgoing {
                session: event.session_id(),
                event: GuaranteeOffered::NAME,
                url,
                body: body.into(),
            }),
            Err(error) => {
                tracing::error!(%url, %error, "guarantee webhook body not written");
                None
            }
        }
    }

    /// Sends `outgoing` as the next webhook fault says; the answer resolves
    /// to whether a copy reached the receiver (2xx): false once dropped, and
    /// only once sent when a reorder fault holds it.
    pub fn dispatch(
        self: &Arc<Self>,
        faults: &Faults,
        outgoing: Outgoing,
    ) -> oneshot::Receiver<bool> {
        let (outcome, answer) = oneshot::channel();
        match faults.take_webhook() {
            Some((id, WebhookFault::Drop)) => {
                let entry = self.start(&outgoing, Some(format!("dropped by fault {id}")), None);
                self.finish(entry.id, AttemptState::Dropped, None, None);
                tracing::warn!(
                    url = %outgoing.url,
                    session = %outgoing.session,
                    event = outgoing.event,
                    fault = id,
                    "webhook dropped by a fault"
                );
                let _ = outcome.send(false);
            }
            Some((id, WebhookFault::Reorder)) => {
                tracing::info!(
                    url = %outgoing.url,
                    session = %outgoing.session,
                    event = outgoing.event,
                    fault = id,
                    "webhook held until the next delivery"
                );
                lock(&self.held).push(Held {
                    outgoing,
                    fault: format!("held by fault {id} and sent after the next delivery"),
                    outcome,
                });
            }
            other => {
                let this = Arc::clone(self);
                tokio::spawn(async move {
                    let delivered = match other {
                        Some((id, WebhookFault::Delay(ms))) => {
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                            let fault = format!("delayed {ms} ms by fault {id}");
                            this.attempt(&outgoing, Some(fault), None).await.state
                                == AttemptState::Delivered
                        }
                        Some((id, WebhookFault::Duplicate)) => {
                            let mut delivered = false;
                            for copy in ["first", "second"] {
                                let fault = format!("duplicated by fault {id}: {copy} copy");
                                let attempt = this.attempt(&outgoing, Some(fault), None).await;
                                delivered |= attempt.state == AttemptState::Delivered;
                            }
                            delivered
                        }
                        _ => {
                            this.attempt(&outgoing, None, None).await.state
                                == AttemptState::Delivered
                        }
                    };
                    let _ = outcome.send(delivered);
                    // After this delivery, the ones held for reordering.
                    this.release_held().await;
                });
            }
        }
        answer
    }

    /// Sends every held event, oldest first.
    pub async fn release_held(&self) {
        let held = std::mem::take(&mut *lock(&self.held));
        for Held {
            outgoing,
            fault,
            outcome,
        } in held
        {
            let attempt = self.attempt(&outgoing, Some(fault), None).await;
            let _ = outcome.send(attempt.state == AttemptState::Delivered);
        }
    }

    /// Logs an attempt that starts now.
    fn start(&self, outgoing: &Outgoing, fault: Option<String>, resend_of: Option<u64>) -> Attempt {
        let attempt = Attempt {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            session_id: outgoing.session,
            event: outgoing.event,
            url: outgoing.url.clone(),
            body: Arc::clone(&outgoing.body),
            signature: webhook::sign(&self.secret, outgoing.body.as_bytes()).to_string(),
            at: self.clock.now(),
            state: AttemptState::Sending,
            status: None,
            error: None,
            fault,
            resend_of,
        };
        let mut log = lock(&self.log);
        if log.len() >= self.log_size {
            // The cap: the oldest attempt that has ended goes (one still
            // sending is finished later by its id, so it stays).
            if let Some(oldest) = log
                .iter()
                .position(|kept| kept.state != AttemptState::Sending)
            {
                log.remove(oldest);
            }
        }
        log.push(attempt.clone());
        drop(log);
        attempt
    }

    /// Writes an attempt's outcome into the log (unless retention removed
    /// it meanwhile) and answers the entry.
    fn finish(
        &self,
        id: u64,
        state: AttemptState,
        status: Option<u16>,
        error: Option<String>,
    ) -> Option<Attempt> {
        let mut log = lock(&self.log);
        // Ids grow with the log's order: a binary search finds the entry.
        let index = log.binary_search_by_key(&id, |attempt| attempt.id).ok()?;
        let entry = &mut log[index];
        entry.state = state;
        entry.status = status;
        entry.error = error;
        Some(entry.clone())
    }

    /// One POST of `outgoing`, signed now over its unchanged bytes, logged
    /// before it goes and when it ends.
    async fn attempt(
        &self,
        outgoing: &Outgoing,
        fault: Option<String>,
        resend_of: Option<u64>,
    ) -> Attempt {
        let mut entry = self.start(outgoing, fault, resend_of);
        let sent = self
            .http
            .post(&outgoing.url)
            .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
            .header(SIGNATURE_HEADER, &entry.signature)
            .body(outgoing.body.as_bytes().to_vec())
            .send()
            .await;
        let (url, session, event, attempt) =
            (&outgoing.url, outgoing.session, outgoing.event, entry.id);
        let (state, status, error) = match sent {
            Ok(answer) if answer.status().is_success() => {
                let status = answer.status().as_u16();
                tracing::info!(%url, %session, event, attempt, status, "webhook delivered");
                (AttemptState::Delivered, Some(status), None)
            }
            Ok(answer) => {
                let status = answer.status().as_u16();
                let cause = format!("the receiver answered {status}");
                tracing::warn!(%url, %session, event, attempt, status, %cause, "webhook not accepted");
                (AttemptState::Failed, Some(status), Some(cause))
            }
            Err(error) => {
                // reqwest's own message is generic; the cause (refused,
                // timed out) is in its sources.
                let mut cause = error.to_string();
                let mut source = std::error::Error::source(&error);
                while let Some(inner) = source {
                    cause.push_str(": ");
                    cause.push_str(&inner.to_string());
                    source = inner.source();
                }
                tracing::warn!(%url, %session, event, attempt, %cause, "webhook not delivered");
                (AttemptState::Failed, None, Some(cause))
            }
        };
        match self.finish(entry.id, state, status, error.clone()) {
            Some(done) => done,
            None => {
                (entry.state, entry.status, entry.error) = (state, status, error);
                entry
            }
        }
    }

    /// The attempts, oldest first, of one session or all.
    pub fn list(&self, session: Option<Uuid>) -> Vec<Attempt> {
        lock(&self.log)
            .iter()
            .filter(|attempt| session.is_none_or(|id| attempt.session_id == id))
            .cloned()
            .collect()
    }

    /// Sends again the event attempt `id` sent: the same bytes to the same
    /// URL, signed again, as a new attempt, with no fault (a resend is a
    /// deliberate act); answers that attempt once it ended, `None` when there
    /// is no attempt `id`.
    pub async fn resend(&self, id: u64) -> Option<Attempt> {
        let outgoing = self.outgoing(id)?;
        Some(self.attempt(&outgoing, None, Some(id)).await)
    }

    /// The event attempt `id` sent, to send again.
    fn outgoing(&self, id: u64) -> Option<Outgoing> {
        let log = lock(&self.log);
        let index = log.binary_search_by_key(&id, |attempt| attempt.id).ok()?;
        let attempt = &log[index];
        Some(Outgoing {
            session: attempt.session_id,
            event: attempt.event,
            url: attempt.url.clone(),
            body: Arc::clone(&attempt.body),
        })
    }
}
