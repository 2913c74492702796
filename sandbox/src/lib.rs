//! An offline emulator of the Flinks Pay EFT V2 / GEFT session API, built on
//! [`eft_session`]: client code can be developed and tested without the
//! provider's sandbox, in CI included.
//!
//! Every handler is a thin adapter: the rules, the bodies and the errors come
//! from the crate; sessions are kept by [`eft_session_store`], whose
//! compare-and-set makes racing requests end in exactly one legal outcome.
//!
//! The modules follow the concepts of the API:
//!
//! - [`config`]: the command line and its `EFT_SANDBOX_*` variables, and
//!   which webhook URLs are allowed;
//! - `auth`: clients, `/api/v1/authorize` and bearer tokens;
//! - `sessions`: the session endpoints, over the store;
//! - `guarantee`: GEFT's guarantee offer, its webhook and the confirm
//!   endpoint;
//! - `validate`: reading a create body field by field, and a guarantee
//!   decision;
//! - `ids`: fresh ids for sessions and tokens;
//! - `requests`: the sandbox's own table (what the store does not keep);
//! - `flow`: driving the hosted flow from outside (`/sandbox/…`);
//! - `clock`: the sandbox's clock, read and moved forward;
//! - `timeouts`: each session's timeout and retention, kept in memory;
//! - `sandbox`: the state over the parts and the store: creating, recording
//!   and expiring sessions, the sweep;
//! - `lifecycle`: what the sandbox keeps in memory (`/sandbox/stats`);
//! - `webhooks`: `SessionSetupStatusChanged` and `GuaranteeOffered`
//!   deliveries, their log, resends;
//! - `faults`: latency, forced statuses, lost answers and webhook faults on
//!   demand;
//! - `request_log`: the last API requests, with their time, token and fault;
//! - `problem`: every error as an `application/problem+json` body.
//!
//! The crate's README has the flags, the decisions on tokens and the table of
//! every problem the sandbox answers.

#![forbid(unsafe_code)]

mod auth;
pub mod clock;
pub mod config;
mod faults;
mod flow;
mod guarantee;
mod ids;
mod lifecycle;
mod problem;
mod request_log;
mod requests;
mod sandbox;
mod sessions;
mod timeouts;
mod validate;
mod webhooks;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

pub use crate::clock::Clock;
pub use crate::config::{Args, Client, Config, Features, is_loopback_url};
pub use crate::sandbox::{Sandbox, Swept};

/// The sandbox's routes over `sandbox`, every answer logged, every error a
/// problem body (unknown routes and methods included). Faults added with
/// `POST /sandbox/faults` act on the `/api/…` routes only.
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    let limit = sandbox.config().max_body_bytes;
    Router::new()
        .route("/api/v1/authorize", post(auth::authorize))
        .route("/api/v2/sessions", post(sessions::initiate))
        .route("/api/v2/sessions/{id}/status", get(sessions::status))
        .route("/api/v2/sessions/{id}/details", get(sessions::details))
        .route("/api/v2/sessions/{id}/cancel", post(sessions::cancel))
        .route(
            "/api/v2/sessions/{id}/guarantees/confirm",
            post(guarantee::confirm),
        )
        .route("/sandbox/sessions/{id}", get(flow::show))
        .route("/sandbox/sessions/{id}/{action}", post(flow::drive))
        .route("/sandbox/clock", get(clock::get))
        .route("/sandbox/clock/advance", post(clock::advance))
        .route("/sandbox/stats", get(lifecycle::stats))
        .route("/sandbox/requests", get(request_log::list))
        .route("/sandbox/webhooks", get(webhooks::list))
        .route("/sandbox/webhooks/{id}/resend", post(webhooks::resend))
        .route(
            "/sandbox/faults",
            get(faults::list).post(faults::add).delete(faults::clear),
        )
        .route("/openapi.json", get(openapi))
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        // Inside the request log, so an injected answer is logged as sent.
        .layer(middleware::from_fn_with_state(
            Arc::clone(&sandbox),
            faults::inject,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&sandbox),
            log_request,
        ))
        .with_state(sandbox)
}

/// The OpenAPI 3.1 document of the session API, as the crate generates it
/// from its wire types (`docs/openapi.json` is the same document).
async fn openapi() -> axum::Json<serde_json::Value> {
    axum::Json(eft_session::openapi::document())
}

/// Serves `router` on `listener` until `shutdown` resolves.
///
/// # Errors
///
/// The listener's I/O error.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// One log line per request (method, path, status, latency), and for the
/// API's routes an entry in the request log, taken when the request arrives
/// (its time and token) and completed with the answer.
async fn log_request(
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
        let fault = response.extensions().get::<request_log::Faulted>().copied();
        sandbox.request_log().push(request_log::Entry {
            id: 0,
            at,
            method: method.to_string(),
            path,
            status: response.status().as_u16(),
            token,
            issued: response
                .extensions()
                .get::<request_log::Issued>()
                .map(|issued| issued.0),
            fault: fault.map(|fault| fault.id),
            lost: fault.is_some_and(|fault| fault.lost),
        });
    }
    response
}
