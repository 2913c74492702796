//! The audit trail the cancel page asks for ("log cancellation events for
//! audit purposes"): one `tracing` event per cancellation and per guarantee
//! decision, on target `eft_client::audit`, whatever the outcome, so that a
//! subscriber can route them to a store of their own.
//!
//! Fields: `session`, `reference_id` (when the answer gave one),
//! `outcome` (`cancelled`, `already-cancelled`, `already-ended`,
//! `confirmed`, `already-decided`, `overtaken`, or `failed`), `attempts`
//! (requests of the call sent), and `state` (the final state) or `error`.

use eft_session::api::{CallError, CancelOutcome, Cancellation, ConfirmOutcome, Confirmation};
use eft_session::uuid::Uuid;

/// The target of every audit event.
pub const TARGET: &str = "eft_client::audit";

/// The audit event of a cancel of `session` that ended with `outcome`
/// ([`Client::cancel`](crate::Client::cancel) emits it; a caller driving
/// the core's `CancelFlow` itself calls this).
///
/// # Examples
///
/// ```
/// use eft_session::api::{CancelOutcome, Cancellation};
/// use eft_session::wire::CancelSessionResponse;
/// use eft_session::uuid::Uuid;
///
/// let done = Cancellation { outcome: CancelOutcome::Cancelled(CancelSessionResponse::new(Uuid::nil(), None)), attempts: 1 };
/// eft_client::audit::cancellation(Uuid::nil(), &Ok(done));
/// ```
pub fn cancellation(session: Uuid, outcome: &Result<Cancellation, CallError>) {
    match outcome {
        Ok(done) => {
            let reference_id = match &done.outcome {
                CancelOutcome::Cancelled(body) => body.reference_id(),
                CancelOutcome::AlreadyCancelled(report) | CancelOutcome::AlreadyEnded(report) => {
                    report.reference_id()
                }
            };
            tracing::info!(
                target: TARGET,
                %session,
                reference_id = reference_id.map(|id| id.as_str()),
                outcome = done.outcome.as_str(),
                attempts = done.attempts,
                state = %done.outcome.final_state(),
                "cancellation"
            );
        }
        Err(error) => tracing::warn!(
            target: TARGET,
            %session,
            outcome = "failed",
            attempts = error.attempts(),
            %error,
            "cancellation"
        ),
    }
}

/// The audit event of a guarantee decision `accepted` on `session` that
/// ended with `outcome`.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Confirmation, ConfirmOutcome};
/// use eft_session::wire::ConfirmGuaranteeResponse;
/// use eft_session::uuid::Uuid;
///
/// let done = Confirmation { outcome: ConfirmOutcome::Confirmed(ConfirmGuaranteeResponse::new(Uuid::nil(), None)), attempts: 1 };
/// eft_client::audit::confirmation(Uuid::nil(), true, &Ok(done));
/// ```
pub fn confirmation(session: Uuid, accepted: bool, outcome: &Result<Confirmation, CallError>) {
    match outcome {
        Ok(done) => {
            let reference_id = match &done.outcome {
                ConfirmOutcome::Confirmed(body) => {
                    body.reference_id().map(|id| id.as_str().to_owned())
                }
                ConfirmOutcome::AlreadyDecided(details) | ConfirmOutcome::Overtaken(details) => {
                    details.reference_id.clone()
                }
            };
            tracing::info!(
                target: TARGET,
                %session,
                reference_id,
                accepted,
                outcome = done.outcome.as_str(),
                attempts = done.attempts,
                "guarantee decision"
            );
        }
        Err(error) => tracing::warn!(
            target: TARGET,
            %session,
            accepted,
            outcome = "failed",
            attempts = error.attempts(),
            %error,
            "guarantee decision"
        ),
    }
}
