//! The routes: the documented API (`api`), the hosted flow driven from
//! outside (`flow`), the sandbox's own tools (`admin`), and the middleware
//! around them (`middleware`). Handlers are thin adapters: they extract,
//! call the state or a part, and answer.

mod admin;
mod api;
mod flow;
mod middleware;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use crate::problem;
use crate::sandbox::Sandbox;

/// The sandbox's routes over `sandbox`, every answer logged, every error a
/// problem body (unknown routes and methods included). Faults added with
/// `POST /sandbox/faults` act on the `/api/…` routes only.
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    let limit = sandbox.config().max_body_bytes;
    Router::new()
        .route("/api/v1/authorize", post(api::authorize))
        .route("/api/v2/sessions", post(api::initiate))
        .route("/api/v2/sessions/{id}/status", get(api::status))
        .route("/api/v2/sessions/{id}/details", get(api::details))
        .route("/api/v2/sessions/{id}/cancel", post(api::cancel))
        .route(
            "/api/v2/sessions/{id}/guarantees/confirm",
            post(api::confirm),
        )
        .route("/sandbox/sessions/{id}", get(flow::show))
        .route("/sandbox/sessions/{id}/{action}", post(flow::drive))
        .route("/sandbox/clock", get(admin::clock))
        .route("/sandbox/clock/advance", post(admin::advance_clock))
        .route("/sandbox/stats", get(admin::stats))
        .route("/sandbox/requests", get(admin::requests))
        .route("/sandbox/webhooks", get(admin::webhooks))
        .route("/sandbox/webhooks/{id}/resend", post(admin::resend_webhook))
        .route(
            "/sandbox/faults",
            get(admin::faults)
                .post(admin::add_fault)
                .delete(admin::clear_faults),
        )
        .route("/openapi.json", get(openapi))
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        // Inside the request log, so an injected answer is logged as sent.
        .layer(from_fn_with_state(
            Arc::clone(&sandbox),
            middleware::inject_faults,
        ))
        .layer(from_fn_with_state(
            Arc::clone(&sandbox),
            middleware::log_request,
        ))
        .with_state(sandbox)
}

/// The OpenAPI 3.1 document of the session API, as the crate generates it
/// from its wire types (`docs/openapi.json` is the same document).
async fn openapi() -> axum::Json<serde_json::Value> {
    axum::Json(eft_session::openapi::document())
}
