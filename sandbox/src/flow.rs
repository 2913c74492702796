//! Driving the hosted flow from outside, for tests: what the payer would do
//! in the provider's pages, as `POST /sandbox/sessions/{id}/{action}`; and
//! what the sandbox knows of a session, as `GET /sandbox/sessions/{id}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eft_session::uuid::Uuid;
use eft_session::{Event, GuaranteeStage, Product, StatusDetail, Step, Transition};
use serde::{Deserialize, Serialize};

use crate::problem::{Problem, SessionId};
use crate::sandbox::Sandbox;

#[derive(Deserialize)]
pub struct DriveQuery {
    code: Option<String>,
}

/// `start`, `complete` (`?code=EFT0302`, default `EFT0301`), `fail`
/// (`?code=EFT04xx`, default `EFT0401`), `offer` (GEFT: the guarantee
/// offer), `expire`, or `run`, which plays the scenario its reference id
/// names (`Happy1`, `Happy2`, `Happy3` complete, a GEFT session once its
/// guarantee is accepted; `Unhappy1` fails with `EFT0402` on GEFT, `EFT0401`
/// on EFT V2). Answers the steps taken.
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
    let product = created.request.product();
    // A code the session's product cannot produce (EFT0402 on EFT V2) is
    // refused like a malformed one.
    let code = |default: StatusDetail| -> Result<StatusDetail, Problem> {
        let invalid = |detail: String| Problem::new(400, "Invalid Status Detail", detail);
        let code = match &query.code {
            None => default,
            Some(text) => text
                .parse()
                .map_err(|error: eft_session::ParseDetailError| invalid(error.to_string()))?,
        };
        if !code.is_produced_by(product) {
            return Err(invalid(format!("{product} sessions never report {code}")));
        }
        Ok(code)
    };
    let events = match action.as_str() {
        "start" => vec![Event::Start],
        "complete" => vec![Event::Complete(code(StatusDetail::EFT0301)?)],
        "fail" => vec![Event::Fail(code(StatusDetail::EFT0401)?)],
        "expire" => vec![Event::TIME_OUT],
        // The payer reaches the offer; the driver finishes the session once
        // the guarantee is accepted.
        "offer" => {
            let steps = sandbox.offer_guarantee(id, &created, None).await?;
            return Ok((StatusCode::OK, Json(steps)).into_response());
        }
        "run" => match created.request.reference_id.as_deref() {
            // GEFT's documented scenario fails its eligibility check; EFT V2
            // cannot produce that code, so its payer fails login.
            Some("Unhappy1") if product == Product::Geft => {
                vec![Event::Start, Event::Fail(StatusDetail::EFT0402)]
            }
            Some("Unhappy1") => vec![Event::Start, Event::Fail(StatusDetail::EFT0401)],
            // GEFT's payer reaches the guarantee offer; the session completes
            // once the guarantee is accepted (at once without a guarantee
            // webhook).
            _ if product == Product::Geft => {
                let mut steps = vec![sandbox.step(id, &created, Event::Start).await?];
                steps.extend(
                    sandbox
                        .offer_guarantee(id, &created, Some(StatusDetail::EFT0301))
                        .await?,
                );
                return Ok((StatusCode::OK, Json(steps)).into_response());
            }
            _ => vec![Event::Start, Event::Complete(StatusDetail::EFT0301)],
        },
        other => {
            return Err(Problem::new(
                404,
                "Unknown Sandbox Action",
                format!("no action {other:?}: use start, complete, fail, offer, expire or run"),
            ));
        }
    };
    let mut steps = Vec::new();
    for event in events {
        steps.push(sandbox.step(id, &created, event).await?);
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
    let step = crate::sessions::current_step(&log);
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
