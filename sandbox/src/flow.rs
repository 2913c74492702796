//! Driving the hosted flow from outside, for tests: what the payer would do
//! in the provider's pages, as `POST /sandbox/sessions/{id}/{action}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eft_session::{Event, Product, StatusDetail};
use serde::Deserialize;

use crate::problem::{Problem, SessionId};
use crate::sessions::Sandbox;

#[derive(Deserialize)]
pub struct DriveQuery {
    code: Option<String>,
}

/// `start`, `complete` (`?code=EFT0302`, default `EFT0301`), `fail`
/// (`?code=EFT04xx`, default `EFT0401`), `expire`, or `run`, which plays the
/// scenario its reference id names (`Happy1`, `Happy2`, `Happy3` complete;
/// `Unhappy1` fails with `EFT0402` on GEFT, `EFT0401` on EFT V2). Answers the
/// steps taken.
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
        "run" => match created.request.reference_id.as_deref() {
            // GEFT's documented scenario fails its eligibility check; EFT V2
            // cannot produce that code, so its payer fails login.
            Some("Unhappy1") if product == Product::Geft => {
                vec![Event::Start, Event::Fail(StatusDetail::EFT0402)]
            }
            Some("Unhappy1") => vec![Event::Start, Event::Fail(StatusDetail::EFT0401)],
            _ => vec![Event::Start, Event::Complete(StatusDetail::EFT0301)],
        },
        other => {
            return Err(Problem::new(
                404,
                "Unknown Sandbox Action",
                format!("no action {other:?}: use start, complete, fail, expire or run"),
            ));
        }
    };
    let mut steps = Vec::new();
    for event in events {
        let step = sandbox
            .store()
            .apply(id, event)
            .await
            .map_err(|error| Problem::from_store(id, &error))?;
        sandbox.record(id, &created, step);
        steps.push(step);
    }
    Ok((StatusCode::OK, Json(steps)).into_response())
}
