//! The sandbox's own routes, `/sandbox/…` (the hosted flow's are in
//! `flow`): its clock, what it keeps in memory, the request log, the webhook
//! attempts and their resends, and the faults. No token: tools for tests.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use eft_session::Timestamp;
use eft_session::uuid::Uuid;
use serde::Serialize;

use crate::clock::{Clock, MAX_ADVANCE_SECONDS};
use crate::problem::{JsonBody, Problem};
use crate::sandbox::Sandbox;

/// The clock as `GET /sandbox/clock` and the advance answer it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClockBody {
    now: Timestamp,
    advanced_seconds: u64,
}

fn body(clock: &Clock) -> Response {
    Json(ClockBody {
        now: clock.now(),
        advanced_seconds: clock.advanced().as_secs(),
    })
    .into_response()
}

/// `GET /sandbox/clock`: the time now and the advance so far.
pub async fn clock(State(sandbox): State<Arc<Sandbox>>) -> Response {
    body(sandbox.clock())
}

/// `POST /sandbox/clock/advance?seconds=N`: moves the clock, then sweeps at
/// once (expiries, tokens, retention), so what the move made due is done
/// before the answer.
pub async fn advance_clock(
    State(sandbox): State<Arc<Sandbox>>,
    uri: Uri,
) -> Result<Response, Problem> {
    let seconds = seconds(uri.query().unwrap_or_default())?;
    if sandbox.clock().advance(seconds).is_none() {
        let total = sandbox.clock().advanced().as_secs();
        return Err(Problem::new(
            400,
            "Invalid Query",
            format!(
                "advancing {seconds} s more than the {total} s so far passes the limit of {MAX_ADVANCE_SECONDS} s"
            ),
        )
        .with_error("seconds", format!("{seconds} is too far")));
    }
    sandbox.sweep().await;
    Ok(body(sandbox.clock()))
}

/// The `seconds` of the query: a whole number from 0 to ten years.
fn seconds(query: &str) -> Result<u64, Problem> {
    let invalid = |detail: String, message: String| {
        Problem::new(400, "Invalid Query", detail).with_error("seconds", message)
    };
    let Some((_, text)) =
        form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == "seconds")
    else {
        return Err(invalid(
            "the query has no seconds: send ?seconds=N, a whole number of seconds".to_owned(),
            "is required".to_owned(),
        ));
    };
    match text.parse::<u64>() {
        Ok(seconds) if seconds <= MAX_ADVANCE_SECONDS => Ok(seconds),
        Ok(seconds) => Err(invalid(
            format!("seconds {seconds} is more than {MAX_ADVANCE_SECONDS} (ten years)"),
            format!("{seconds} is more than {MAX_ADVANCE_SECONDS}"),
        )),
        Err(_) => Err(invalid(
            format!(
                "seconds {text:?} is not a whole number of seconds from 0 to {MAX_ADVANCE_SECONDS}"
            ),
            format!("{text:?} is not a whole number"),
        )),
    }
}

/// `GET /sandbox/stats`: what the sandbox keeps in memory, to see it stay
/// bounded.
pub async fn stats(State(sandbox): State<Arc<Sandbox>>) -> Response {
    Json(sandbox.stats()).into_response()
}

/// The `sessionId` of a `/sandbox/…` listing's query, if given; a value
/// that is not a UUID is a 400 problem naming it.
fn session_filter(uri: &Uri) -> Result<Option<Uuid>, Problem> {
    let query = uri.query().unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "sessionId")
        .map(|(_, text)| {
            Uuid::try_parse(&text).map_err(|_| {
                Problem::new(
                    400,
                    "Invalid Query",
                    format!("sessionId {text:?} is not a UUID"),
                )
                .with_error("sessionId", format!("{text:?} is not a UUID"))
            })
        })
        .transpose()
}

/// `GET /sandbox/requests` (`?sessionId=` for one session's): the log,
/// oldest first.
pub async fn requests(State(sandbox): State<Arc<Sandbox>>, uri: Uri) -> Result<Response, Problem> {
    let session = session_filter(&uri)?;
    Ok(Json(sandbox.request_log().matching(session)).into_response())
}

/// `GET /sandbox/webhooks` (`?sessionId=` filters): every attempt, oldest
/// first.
pub async fn webhooks(State(sandbox): State<Arc<Sandbox>>, uri: Uri) -> Result<Response, Problem> {
    let session = session_filter(&uri)?;
    Ok(Json(sandbox.webhooks().list(session)).into_response())
}

/// `POST /sandbox/webhooks/{id}/resend`: the same bytes to the same URL,
/// signed again, as a new attempt; answers that attempt once it ended (200
/// whatever the receiver said: the outcome is in the body).
pub async fn resend_webhook(
    State(sandbox): State<Arc<Sandbox>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Problem> {
    let Path(text) =
        path.map_err(|rejection| Problem::new(400, "Invalid Path", rejection.body_text()))?;
    let id: u64 = text.parse().map_err(|_| {
        Problem::new(
            400,
            "Invalid Webhook Attempt Id",
            format!("webhook attempt id {text:?} is not a whole number"),
        )
        .with_error("id", format!("{text:?} is not a whole number"))
    })?;
    let Some(attempt) = sandbox.webhooks().resend(id).await else {
        return Err(Problem::new(
            404,
            "Webhook Attempt Not Found",
            format!("no webhook attempt {id}: GET /sandbox/webhooks lists them"),
        ));
    };
    Ok(Json(attempt).into_response())
}

/// `POST /sandbox/faults`: adds the fault the JSON body describes; 201 with
/// it, or 400 naming what is wrong.
pub async fn add_fault(
    State(sandbox): State<Arc<Sandbox>>,
    JsonBody(body): JsonBody,
) -> Result<Response, Problem> {
    let view = sandbox.faults().add_described(&body)?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// `GET /sandbox/faults`: the faults in force, oldest first.
pub async fn faults(State(sandbox): State<Arc<Sandbox>>) -> Response {
    Json(sandbox.faults().list()).into_response()
}

#[derive(Serialize)]
struct Cleared {
    cleared: usize,
    released: usize,
}

/// `DELETE /sandbox/faults`: clears every fault and sends the webhooks a
/// reorder fault still held, so clearing loses no event.
pub async fn clear_faults(State(sandbox): State<Arc<Sandbox>>) -> Response {
    let (cleared, released) = sandbox.clear_faults();
    Json(Cleared { cleared, released }).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_read_whole() {
        assert_eq!(seconds("seconds=90").unwrap(), 90);
        assert_eq!(seconds("x=1&seconds=0").unwrap(), 0);
        for bad in [
            "",
            "seconds=",
            "seconds=-5",
            "seconds=1.5",
            "seconds=abc",
            "seconds=999999999999",
        ] {
            assert_eq!(seconds(bad).unwrap_err().status(), 400, "{bad}");
        }
    }
}
