//! The session endpoints, over the store: create, status, details, cancel
//! (the guarantee's confirm is in `guarantee`).
//!
//! Every change of state goes through `eft_session_store`, one transaction
//! with a compare-and-set on the state it read, so racing requests (cancels
//! against a completion) end with exactly one winner and the others get the
//! crate's answer for the new state.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use eft_session::wire::{
    GuaranteeDetails, InProduct, InitiateSessionResponse, PayorDetails, ProblemDetails,
    SessionDetailsResponse, SessionStatusResponse, StepDetails,
};
use eft_session::{Product, SessionStatus, Step, Transition};
use serde::Serialize;

use crate::problem::{JsonBody, Problem, SessionId};
use crate::requests::Created;
use crate::sandbox::Sandbox;
use crate::validate::{object, read_request};

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
    let grant = sandbox.auth().bearer(&headers)?;
    sandbox.auth().check_unused(&grant)?;
    let request = read_request(object(&body)?)
        .map_err(|violations| Problem::from(ProblemDetails::from(violations)))?;
    grant.check_feature(request.product())?;
    let (id, created) = sandbox.create(&grant, request).await?;
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
    let (product, amount) = sandbox.polled(id).await?;
    let body: SessionStatusResponse = session.status_response(amount);
    Ok(json_in(StatusCode::OK, product, &body))
}

/// `GET /api/v2/sessions/{id}/details`.
pub async fn details(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    SessionId(id): SessionId,
) -> Result<Response, Problem> {
    sandbox.auth().bearer(&headers)?;
    sandbox.expire_if_due(id).await?;
    let session = sandbox.session(id).await?;
    let Created { request, at } = sandbox.created(id).await?;
    let log = sandbox
        .store()
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
    sandbox.auth().bearer(&headers)?;
    // A session past its timeout expires first: the cancel then gets the
    // crate's 400 for a terminal session, as it would from the provider.
    sandbox.expire_if_due(id).await?;
    let created = sandbox.created(id).await?;
    let (step, body) = sandbox
        .store()
        .cancel(id)
        .await
        .map_err(|error| Problem::from_store(id, &error))?;
    sandbox.record(id, &created, step);
    Ok(json_in(StatusCode::OK, created.request.product(), &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use eft_session::uuid::Uuid;
    use eft_session::{Event, Session, StatusDetail};

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
