//! `GET /sandbox/stats`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::sandbox::Sandbox;

/// `GET /sandbox/stats`: what the sandbox keeps in memory, to see it stay
/// bounded.
pub async fn stats(State(sandbox): State<Arc<Sandbox>>) -> Response {
    Json(sandbox.stats()).into_response()
}
