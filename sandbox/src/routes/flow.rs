//! Driving the hosted flow from outside, for tests: what the payer would do
//! in the provider's pages, as `POST /sandbox/sessions/{id}/{action}` (the
//! moves are `flow`'s); and what the sandbox knows of a session, as
//! `GET /sandbox/sessions/{id}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eft_session::uuid::Uuid;
use eft_session::{GuaranteeStage, StatusDetail, Step, Transition};
use serde::{Deserialize, Serialize};

use crate::flow::{self, Move};
use crate::problem::{Problem, SessionId};
use crate::sandbox::Sandbox;

/// The query of a drive action.
#[derive(Deserialize)]
pub struct DriveQuery {
    code: Option<String>,
}

/// `POST /sandbox/sessions/{id}/{action}`: the moves `flow::moves` names
/// for `action` (`?code=` for `complete` and `fail`), taken in order.
/// Answers the steps taken.
pub async fn drive(
    State(sandbox): State<Arc<Sandbox>>,
    SessionId(id): SessionId,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<DriveQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    let Path((_, action)) =
        path.map_err(|rejection| Problem::new(400, "Invalid Path", rejection.body_text()))?;
    let Query(query) =
        query.map_err(|rejection| Problem::new(400, "Invalid Query", rejection.body_text()))?;
    sandbox.expire_if_due(id).await?;
    let created = sandbox.created(id).await?;
    let moves = flow::moves(
        &action,
        query.code.as_deref(),
        created.request.product(),
        created.request.reference_id.as_deref(),
    )?;
    let mut steps = Vec::new();
    for next in moves {
        match next {
            Move::Step(event) => steps.push(sandbox.step(id, &created, event).await?),
            Move::Offer(then) => steps.extend(sandbox.offer_guarantee(id, &created, then).await?),
        }
    }
    Ok((StatusCode::OK, Json(steps)).into_response())
}

/// What the sandbox knows of a session, beyond what the API shows: the
/// guarantee's stage by name, the scenario's next move, the store's log.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown {
    session_id: Uuid,
    product: &'static str,
    status: &'static str,
    status_details: Option<StatusDetail>,
    guarantee: GuaranteeStage,
    step: Option<Step>,
    /// The code a `run` completes with once the guarantee is accepted;
    /// `null` once the session has ended.
    after_accept: Option<StatusDetail>,
    log: Vec<Transition>,
}

/// `GET /sandbox/sessions/{id}`: the session's state with its guarantee
/// stage (`NotOffered`, `Offered`, `Accepted`, `AutoAccepted`, `Rejected`,
/// `Undelivered`), the step the details show, and every recorded step. No
/// token: a tool for tests, like the drive actions.
pub async fn show(
    State(sandbox): State<Arc<Sandbox>>,
    SessionId(id): SessionId,
) -> Result<Response, Problem> {
    sandbox.expire_if_due(id).await?;
    let session = sandbox.session(id).await?;
    let created = sandbox.created(id).await?;
    let store_error = |error| Problem::from_store(id, &error);
    let log = sandbox.store().log(id).await.map_err(store_error)?;
    // Only while it can still happen.
    let after_accept = if session.is_terminal() {
        None
    } else {
        sandbox
            .requests()
            .after_accept(id)
            .await
            .map_err(store_error)?
    };
    let step = flow::current_step(&log);
    Ok(Json(Shown {
        session_id: id,
        product: created.request.product().as_str(),
        status: session.status().as_str(),
        status_details: session.detail(),
        guarantee: session.guarantee(),
        step,
        after_accept,
        log,
    })
    .into_response())
}
