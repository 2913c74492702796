//! The documented API: `/api/v1/authorize` and the session endpoints
//! (create, status, details, cancel, the guarantee's confirm). Each handler
//! reads the request, asks the state or a part, and writes the answer; the
//! rules, the bodies and the errors are the crate's.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use eft_session::Product;
use eft_session::wire::{
    GuaranteeDetails, InProduct, InitiateSessionResponse, PayorDetails, ProblemDetails,
    SessionDetailsResponse, SessionStatusResponse, StepDetails,
};
use serde::Serialize;

use crate::flow::current_step;
use crate::problem::{Body, JsonBody, Problem, SessionId, is_form, require_media_type};
use crate::request_log::Issued;
use crate::requests::Created;
use crate::sandbox::Sandbox;
use crate::validate::{object, read_decision, read_request};

/// The JSON of a body as `product` writes it, in the provider's field order.
fn json_in<T>(status: StatusCode, product: Product, body: &T) -> Response
where
    for<'a> InProduct<'a, T>: Serialize,
{
    match serde_json::to_vec(&InProduct(product, body)) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => Problem::new(500, "Body Not Written", error.to_string()).into_response(),
    }
}

/// `POST /api/v1/authorize`: HTTP Basic with the client's id and secret, a
/// form with `grant_type=client_credentials`. The media type is checked
/// first (415), then the credentials (401), then the form (400, as RFC 6749
/// §5.2 answers `invalid_request` and `unsupported_grant_type`).
pub async fn authorize(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    Body(body): Body,
) -> Result<Response, Problem> {
    require_media_type(&headers, is_form, "application/x-www-form-urlencoded")?;
    let (token, serial) = sandbox.auth().authorize(&headers, &body)?;
    let mut response = Json(token).into_response();
    // The token's number, for the request log.
    response.extensions_mut().insert(Issued(serial));
    Ok(response)
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

/// `POST /api/v2/sessions/{id}/guarantees/confirm`: 401 without a usable
/// token, 415/400 for a body that is not `{"guaranteeAccepted": bool}`, 404
/// for an unknown session, 400 for an EFT V2 or terminal session, 409 with
/// no offer pending, else 200. Accepting lets the scenario go on (a `run`
/// completes); rejecting fails the session (`EFT0402`) and sends its status
/// webhook.
pub async fn confirm(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    SessionId(id): SessionId,
    body: Result<JsonBody, Problem>,
) -> Result<Response, Problem> {
    sandbox.auth().bearer(&headers)?;
    let JsonBody(body) = body?;
    let accepted = read_decision(&body)?;
    let answer = sandbox.confirm_guarantee(id, accepted).await?;
    Ok((StatusCode::OK, Json(answer)).into_response())
}
