//! The session endpoints, over the store: create, status, details, cancel
//! (the guarantee's confirm is in `guarantee`).
//!
//! Every change of state goes through `eft_session_store`, one transaction
//! with a compare-and-set on the state it read, so racing requests (cancels
//! against a completion) end with exactly one winner and the others get the
//! crate's answer for the new state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use eft_session::uuid::Uuid;
use eft_session::wire::{
    GuaranteeDetails, InProduct, InitiateSessionResponse, PayorDetails, ProblemDetails,
    SessionDetailsResponse, SessionStatusResponse, StepDetails,
};
use eft_session::{Product, ReferenceId, Session, SessionStatus, Step, Transition};
use eft_session_store::{SessionStore, StoreError};
use serde::Serialize;

use crate::auth::Auth;
use crate::clock::Clock;
use crate::config::Config;
use crate::faults::Faults;
use crate::lifecycle::Tracked;
use crate::problem::{JsonBody, Problem, SessionId};
use crate::request_log::RequestLog;
use crate::requests::{Created, Requests};
use crate::validate::{object, read_request};
use crate::webhooks::Webhooks;

/// The sandbox's state: settings, clock, tokens, the sessions in the store,
/// webhook deliveries and faults.
pub struct Sandbox {
    config: Config,
    clock: Arc<Clock>,
    auth: Auth,
    store: SessionStore,
    pub(crate) requests: Requests,
    webhooks: Arc<Webhooks>,
    faults: Faults,
    request_log: RequestLog,
    /// Every session the sandbox knows, for timeouts and retention.
    pub(crate) tracked: Mutex<HashMap<Uuid, Tracked>>,
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
            tracked: Mutex::new(HashMap::new()),
            clock,
            config,
            store,
            requests,
        });
        sandbox.rebuild().await?;
        crate::lifecycle::spawn_sweeper(&sandbox);
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

    /// Records that session `id` took `step` (a final state starts its
    /// retention), and sends the webhook the step calls for, if any.
    pub(crate) fn record(&self, id: Uuid, created: &Created, step: Transition) {
        if step.to().is_terminal() {
            self.mark_finished(id);
        }
        let product = created.request.product();
        let session = Session::with_state(id, reference_id(created), step.target());
        let report = session.status_response(created.request.amount);
        self.webhooks.notify(&self.faults, step, product, report);
    }
}

/// The reference id kept on a session: the request's, valid for its product
/// (checked at creation), so it is in every body and webhook.
pub(crate) fn reference_id(created: &Created) -> Option<ReferenceId> {
    let request = &created.request;
    request
        .reference_id
        .as_deref()
        .and_then(|text| ReferenceId::parse_for(request.product(), text).ok())
}

/// The step the flow shows, from the session's log: none before the payer
/// starts, `Consent` once in progress, `GuaranteeOffer` once a guarantee is
/// offered (GEFT), `Review` once it is accepted, `Complete` when completed,
/// and the last one shown when the session ended otherwise (a rejected or
/// undelivered guarantee ends at `GuaranteeOffer`).
pub(crate) fn current_step(log: &[Transition]) -> Option<Step> {
    let last = log.last()?;
    let guarantee = last.guarantee();
    Some(if last.to() == SessionStatus::Completed {
        Step::Complete
    } else if guarantee.is_accepted() {
        Step::Review
    } else if guarantee.is_offered() {
        Step::GuaranteeOffer
    } else if log
        .iter()
        .any(|step| step.to() == SessionStatus::InProgress)
    {
        Step::Consent
    } else {
        Step::Start
    })
}

/// The JSON of a body as `product` writes it, in the provider's field order.
pub(crate) fn json_in<T>(status: StatusCode, product: Product, body: &T) -> Response
where
    for<'a> InProduct<'a, T>: Serialize,
{
    match serde_json::to_vec(&InProduct(product, body)) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => Problem::new(500, "Body Not Written", error.to_string()).into_response(),
    }
}

/// `POST /api/v2/sessions`: 401 without a usable token, 415 unless JSON,
/// 400 with every violation, 403 for EFT V2 without RegularEft, then 201.
pub async fn initiate(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, Problem> {
    let grant = sandbox.auth.bearer(&headers)?;
    sandbox.auth.check_unused(&grant)?;
    let request = read_request(object(&body)?)
        .map_err(|violations| Problem::from(ProblemDetails::from(violations)))?;
    let product = request.product();
    if product == Product::EftV2 && !grant.features.regular_eft {
        return Err(Problem::new(
            403,
            "Feature Not Enabled",
            format!(
                "client {:?} does not have the RegularEft feature, which EFT V2 sessions (options.guarantee.enable false) need",
                grant.client
            ),
        ));
    }
    let id = crate::ids::fresh_id();
    sandbox.auth.claim(&grant, id)?;
    let created = Created {
        request,
        at: sandbox.clock.now(),
    };
    let stored = async {
        sandbox.requests.insert(id, &created).await?;
        sandbox
            .store
            .create(id, product, reference_id(&created))
            .await
    }
    .await;
    if let Err(error) = stored {
        sandbox.auth.release(&grant, id);
        return Err(Problem::from_store(id, &error));
    }
    sandbox.track(id, created.at);
    tracing::info!(session = %id, %product, client = %grant.client, "session created");
    let answer = InitiateSessionResponse::new(id, created.request.reference_id);
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `GET /api/v2/sessions/{id}/status`. It needs only the session id: two
/// of the three GEFT pages say so (the third asks for a token).
pub async fn status(
    State(sandbox): State<Arc<Sandbox>>,
    SessionId(id): SessionId,
) -> Result<Response, Problem> {
    sandbox.expire_if_due(id).await?;
    let session = sandbox.session(id).await?;
    // The creation request never changes: one read of the sandbox's table
    // per session, not one per poll.
    let (product, amount) = match sandbox.polled(id) {
        Some(polled) => polled,
        None => {
            let created = sandbox.created(id).await?;
            let polled = (created.request.product(), created.request.amount);
            sandbox.remember(id, polled.0, polled.1);
            polled
        }
    };
    let body: SessionStatusResponse = session.status_response(amount);
    Ok(json_in(StatusCode::OK, product, &body))
}

/// `GET /api/v2/sessions/{id}/details`.
pub async fn details(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    SessionId(id): SessionId,
) -> Result<Response, Problem> {
    sandbox.auth.bearer(&headers)?;
    sandbox.expire_if_due(id).await?;
    let session = sandbox.session(id).await?;
    let Created { request, at } = sandbox.created(id).await?;
    let log = sandbox
        .store
        .log(id)
        .await
        .map_err(|error| Problem::from_store(id, &error))?;
    let mut body = SessionDetailsResponse::new(id, session.status());
    let mut step = StepDetails::default();
    step.current = current_step(&log);
    body.step = Some(step);
    body.options = Some(request.options.clone());
    body.reference_id = request.reference_id.clone();
    body.amount = request.amount;
    body.session_type = Some(request.session_type.clone());
    body.direction = Some(request.direction.clone());
    body.currency = Some(request.currency.clone().unwrap_or_else(|| "CAD".into()));
    let mut payor = PayorDetails::default();
    payor.email = request.payor.email.clone();
    payor.first_name = Some(request.payor.first_name.clone());
    payor.last_name = Some(request.payor.last_name.clone());
    payor.middle_name = request.payor.middle_name.clone();
    payor.address = request.payor.address.clone();
    body.payor = Some(payor);
    body.payee = request.payee.clone();
    if request.product() == Product::Geft {
        // Where the decision stands; the amount covered once offered (the
        // whole amount: the sandbox assesses no risk).
        let stage = session.guarantee();
        let mut guarantee = GuaranteeDetails::default();
        guarantee.guarantee_offered = Some(stage.is_offered());
        guarantee.guarantee_accepted = Some(stage.is_accepted());
        guarantee.highest_debit_amount_to_guarantee = request.amount.filter(|_| stage.is_offered());
        body.guarantee_details = Some(guarantee);
    }
    body.created_at = Some(at);
    Ok((StatusCode::OK, Json(body)).into_response())
}

/// `POST /api/v2/sessions/{id}/cancel`: 200, or 400 when already terminal.
pub async fn cancel(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    SessionId(id): SessionId,
) -> Result<Response, Problem> {
    sandbox.auth.bearer(&headers)?;
    // A session past its timeout expires first: the cancel then gets the
    // crate's 400 for a terminal session, as it would from the provider.
    sandbox.expire_if_due(id).await?;
    let created = sandbox.created(id).await?;
    let (step, body) = sandbox
        .store
        .cancel(id)
        .await
        .map_err(|error| Problem::from_store(id, &error))?;
    sandbox.record(id, &created, step);
    Ok(json_in(StatusCode::OK, created.request.product(), &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use eft_session::{Event, StatusDetail};

    #[test]
    fn the_step_follows_the_guarantee() {
        let geft = || Session::new(Uuid::nil(), None).in_product(Product::Geft);
        let mut session = geft();
        let start = session.apply(Event::Start).unwrap();
        let offer = session.apply(Event::OfferGuarantee).unwrap();
        assert_eq!(current_step(&[start, offer]), Some(Step::GuaranteeOffer));
        let mut rejected = session.clone();
        let (reject, _) = rejected.confirm_guarantee(false).unwrap();
        assert_eq!(
            current_step(&[start, offer, reject]),
            Some(Step::GuaranteeOffer)
        );
        let accept = session.apply(Event::AutoAcceptGuarantee).unwrap();
        assert_eq!(current_step(&[start, offer, accept]), Some(Step::Review));
        let done = session
            .apply(Event::Complete(StatusDetail::EFT0301))
            .unwrap();
        assert_eq!(
            current_step(&[start, offer, accept, done]),
            Some(Step::Complete)
        );
    }

    #[test]
    fn the_step_follows_the_log() {
        let mut session = Session::new(Uuid::nil(), None);
        assert_eq!(current_step(&[]), None);
        let start = session.apply(Event::Start).unwrap();
        assert_eq!(current_step(&[start]), Some(Step::Consent));
        let done = session
            .apply(Event::Complete(StatusDetail::EFT0301))
            .unwrap();
        assert_eq!(current_step(&[start, done]), Some(Step::Complete));
        let mut other = Session::new(Uuid::nil(), None);
        let (cancel, _) = other.cancel().unwrap();
        assert_eq!(current_step(&[cancel]), Some(Step::Start));
    }
}
