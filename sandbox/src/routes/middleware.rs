//! The middleware around every route: the request log (outermost), then
//! the faults (`/api/…` only), so an answer a fault injects is logged as
//! sent.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::faults::LostAnswer;
use crate::problem::Problem;
use crate::request_log::{Entry, Faulted, Issued};
use crate::sandbox::Sandbox;

/// One log line per request (method, path, status, latency), and for the
/// API's routes an entry in the request log, taken when the request arrives
/// (its time and token) and completed with the answer.
pub async fn log_request(
    State(sandbox): State<Arc<Sandbox>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let api = path.starts_with("/api/");
    let (at, token) = if api {
        (
            sandbox.clock().now(),
            sandbox.auth().serial_of(request.headers()),
        )
    } else {
        (
            eft_session::Timestamp::from_unix(std::time::Duration::ZERO),
            None,
        )
    };
    let started = Instant::now();
    let response = next.run(request).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1e3;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        latency_ms = format_args!("{latency_ms:.2}"),
        "request"
    );
    if api {
        let fault = response.extensions().get::<Faulted>().copied();
        sandbox.request_log().push(Entry {
            id: 0,
            at,
            method: method.to_string(),
            path,
            status: response.status().as_u16(),
            token,
            issued: response.extensions().get::<Issued>().map(|issued| issued.0),
            fault: fault.map(|fault| fault.id),
            lost: fault.is_some_and(|fault| fault.lost),
        });
    }
    response
}

/// What the faults decided for the request (`Faults::on_request`): latency
/// first, then a forced status instead of the handler, or the handler and
/// then its answer lost. Only `/api/…` paths are touched. The fault that
/// acted is marked on the response for the request log.
pub async fn inject_faults(
    State(sandbox): State<Arc<Sandbox>>,
    request: Request,
    next: Next,
) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let on = sandbox.faults().on_request(&method, &path);
    if !on.latency.is_zero() {
        tokio::time::sleep(on.latency).await;
    }
    if let Some((id, problem)) = on.forced {
        return marked(problem.into_response(), id, false);
    }
    let response = next.run(request).await;
    match on.lost {
        Some((id, answer)) => {
            tracing::info!(fault = id, %method, %path, status = response.status().as_u16(), "answer lost after the handler ran");
            marked(lose(response, answer, id, &method, &path), id, true)
        }
        None => match on.delayed_by {
            Some(id) => marked(response, id, false),
            None => response,
        },
    }
}

fn marked(mut response: Response, id: u64, lost: bool) -> Response {
    response.extensions_mut().insert(Faulted { id, lost });
    response
}

/// The handler's `response`, lost as `answer` says.
fn lose(response: Response, answer: LostAnswer, id: u64, method: &Method, path: &str) -> Response {
    match answer {
        LostAnswer::Close => {
            let (mut parts, _) = response.into_parts();
            // A body whose first chunk fails: hyper, which writes the head
            // with the first chunk, closes the connection before either.
            parts.headers.remove(header::CONTENT_LENGTH);
            let broken = futures_util::stream::once(async move {
                Err::<axum::body::Bytes, _>(std::io::Error::other(format!(
                    "fault {id}: the answer is lost"
                )))
            });
            Response::from_parts(parts, axum::body::Body::from_stream(broken))
        }
        LostAnswer::Gateway(status) => {
            let title = if status == 504 {
                "Gateway Timeout"
            } else {
                "Bad Gateway"
            };
            Problem::new(
                status,
                title,
                format!("fault {id} answers {status} on {method} {path}: the request was handled, its answer replaced"),
            )
            .into_response()
        }
    }
}
