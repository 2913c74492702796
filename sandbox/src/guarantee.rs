//! GEFT's guarantee decision, over the state: the offer at the flow's
//! `GuaranteeOffer` step, the `GuaranteeOffered` webhook's attempts, and the
//! client's decision (`POST /api/v2/sessions/{id}/guarantees/confirm`).
//!
//! As the docs' "Confirm guarantee" page describes it: with a guarantee
//! webhook configured (`--guarantee-webhook-url`), the offer is sent there
//! and the session waits for the client's decision on the confirm endpoint;
//! without one, the offer is accepted automatically; after
//! `GUARANTEE_DELIVERY_ATTEMPTS` (3) undelivered attempts the session fails
//! (`Event::GUARANTEE_UNDELIVERED`). Every change goes through the store's
//! compare-and-set, so a confirm racing the third failed attempt, a cancel
//! or an expiry ends with exactly one of them written.

use std::sync::Arc;

use eft_session::uuid::Uuid;
use eft_session::wire::{ConfirmGuaranteeResponse, GuaranteeOffered};
use eft_session::{Event, GUARANTEE_DELIVERY_ATTEMPTS, StatusDetail, Transition};

use crate::problem::Problem;
use crate::requests::Created;
use crate::sandbox::Sandbox;
use crate::webhooks::Outgoing;

impl Sandbox {
    /// The payer reaches the guarantee offer of session `id`
    /// (`OfferGuarantee`). Without a guarantee webhook the offer is accepted
    /// at once (`AutoAcceptGuarantee`); with one, it is sent in the
    /// background and the session waits for the decision. `then` is the code
    /// the scenario completes with once the guarantee is accepted (`None`:
    /// the session stays `InProgress` for the driver to finish). Answers the
    /// steps taken now.
    pub(crate) async fn offer_guarantee(
        self: &Arc<Self>,
        id: Uuid,
        created: &Created,
        then: Option<StatusDetail>,
    ) -> Result<Vec<Transition>, Problem> {
        let waits = self.webhooks().has_guarantee_url();
        // Kept before the offer is made, so a confirm that comes at once
        // finds it.
        if let (true, Some(code)) = (waits, then) {
            self.requests()
                .set_after_accept(id, code)
                .await
                .map_err(|error| Problem::from_store(id, &error))?;
        }
        let offered = match self.step(id, created, Event::OfferGuarantee).await {
            Ok(step) => step,
            Err(refused) => {
                if waits && then.is_some() {
                    // Nothing was offered: the scenario does not go on.
                    let _ = self.requests().clear_after_accept(id).await;
                }
                return Err(refused);
            }
        };
        let mut steps = vec![offered];
        if !waits {
            steps.push(self.step(id, created, Event::AutoAcceptGuarantee).await?);
            if let Some(code) = then {
                steps.push(self.step(id, created, Event::Complete(code)).await?);
            }
            return Ok(steps);
        }
        let amount = created.request.amount;
        let event = GuaranteeOffered::new(
            self.clock().now(),
            id,
            created.reference_id(),
            amount,
            amount,
        );
        if let Some(outgoing) = self.webhooks().guarantee_offer(&event) {
            let sandbox = Arc::clone(self);
            let created = created.clone();
            tokio::spawn(async move { sandbox.deliver_offer(id, &created, outgoing).await });
        }
        Ok(steps)
    }

    /// Up to `GUARANTEE_DELIVERY_ATTEMPTS` attempts of the offer's webhook,
    /// `guarantee_retry_delay` apart, while the offer is pending; then the
    /// session fails with `GUARANTEE_UNDELIVERED` (and its status webhook is
    /// sent). A decision, a cancel or an expiry in the meantime stops it.
    async fn deliver_offer(&self, id: Uuid, created: &Created, outgoing: Outgoing) {
        for attempt in 1..=GUARANTEE_DELIVERY_ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(self.config().guarantee_retry_delay).await;
            }
            if !self.offer_pending(id).await {
                return;
            }
            let sent = self.webhooks().dispatch(self.faults(), outgoing.clone());
            if sent.await.unwrap_or(false) {
                tracing::info!(session = %id, attempt, "guarantee offer delivered");
                return;
            }
        }
        if !self.offer_pending(id).await {
            return;
        }
        match self.step(id, created, Event::GUARANTEE_UNDELIVERED).await {
            Ok(_) => tracing::warn!(
                session = %id,
                attempts = GUARANTEE_DELIVERY_ATTEMPTS,
                "guarantee offer undelivered: the session failed"
            ),
            // Decided, cancelled or expired since the check.
            Err(refused) => {
                tracing::info!(session = %id, ?refused, "guarantee offer undelivered, but no longer pending");
            }
        }
    }

    /// Whether session `id` still waits for its guarantee decision (expiring
    /// it first if its timeout has passed).
    async fn offer_pending(&self, id: Uuid) -> bool {
        if self.expire_if_due(id).await.is_err() {
            return false;
        }
        match self.store().session(id).await {
            Ok(Some(session)) => session.guarantee().is_pending() && !session.is_terminal(),
            Ok(None) => false,
            Err(error) => {
                tracing::warn!(session = %id, %error, "guarantee offer: the session cannot be read");
                false
            }
        }
    }

    /// The client's decision on session `id`'s pending offer: the session
    /// expires first if its timeout has passed (and is then refused as
    /// terminal); the store's answer, a 404, 400 or 409 otherwise. Accepting
    /// lets the scenario go on (a `run` completes); rejecting fails the
    /// session (`EFT0402`) and sends its status webhook.
    pub(crate) async fn confirm_guarantee(
        &self,
        id: Uuid,
        accepted: bool,
    ) -> Result<ConfirmGuaranteeResponse, Problem> {
        self.expire_if_due(id).await?;
        let created = self.created(id).await?;
        let (step, answer) = self
            .store()
            .confirm_guarantee(id, accepted)
            .await
            .map_err(|error| Problem::from_store(id, &error))?;
        self.record(id, &created, step);
        tracing::info!(session = %id, accepted, "guarantee decision");
        if accepted {
            self.after_accept(id, &created).await;
        }
        Ok(answer)
    }

    /// Plays the rest of session `id`'s scenario once its guarantee was
    /// accepted: completes it with the code its `run` kept, if any. The
    /// decision is taken already; a failure here is logged, not answered.
    async fn after_accept(&self, id: Uuid, created: &Created) {
        let code = match self.requests().after_accept(id).await {
            Ok(Some(code)) => code,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(session = %id, %error, "the scenario after acceptance cannot be read");
                return;
            }
        };
        match self.step(id, created, Event::Complete(code)).await {
            Ok(_) => {
                if let Err(error) = self.requests().clear_after_accept(id).await {
                    tracing::warn!(session = %id, %error, "the scenario after acceptance was not cleared");
                }
            }
            Err(refused) => {
                tracing::warn!(session = %id, ?refused, "the session did not complete after acceptance");
            }
        }
    }
}
