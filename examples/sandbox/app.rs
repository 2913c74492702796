//! The sandbox's HTTP layer: thin handlers over `eft_session`. Every rule
//! comes from the crate (which steps are legal, which bodies are valid, what
//! an error answers); every body comes from the crate's wire types.
//!
//! Shared with `tests/sandbox.rs` through `#[path]`, so the end-to-end tests
//! drive the very router the example serves.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use eft_session::webhook::{self, SIGNATURE_HEADER};
use eft_session::wire::{
    CancelSessionResponse, InProduct, InitiateSessionRequest, InitiateSessionResponse,
    PayorDetails, ProblemDetails, SessionDetailsResponse, SessionSetupStatusChanged, StepDetails,
};
use eft_session::{
    Event, Product, ReferenceId, Session, SessionStatus, StatusDetail, Step, Timestamp, Transition,
    TransitionError,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long a token lives: the EFT V2 and GEFT pages say 599 s (the authorize
/// page says 299 s; the session pages are the ones this emulates).
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(599);

/// The sandbox's settings.
#[derive(Clone, Debug)]
pub struct Config {
    pub client_id: String,
    pub client_secret: String,
    /// Where `SessionSetupStatusChanged` is sent; loopback only.
    pub webhook_url: Option<String>,
    pub webhook_secret: Vec<u8>,
}

/// A stored session: the crate's `Session` and what the API remembers of it.
#[derive(Clone)]
struct Stored {
    session: Session,
    request: InitiateSessionRequest,
    created_at: Timestamp,
    step: Option<Step>,
}

/// The sandbox's state: tokens and sessions, in memory.
pub struct Sandbox {
    config: Config,
    tokens: Mutex<HashMap<String, Instant>>,
    sessions: Mutex<HashMap<Uuid, Stored>>,
    counter: AtomicU64,
    client: reqwest::Client,
}

impl Sandbox {
    pub fn new(config: Config) -> Arc<Self> {
        Arc::new(Self {
            config,
            tokens: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(1),
            client: reqwest::Client::new(),
        })
    }

    /// A fresh id: unique within the process, not guessable across runs.
    fn fresh_id(&self) -> Uuid {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let count = u128::from(self.counter.fetch_add(1, Ordering::Relaxed));
        let digest = webhook::Signature::compute(&nanos.to_le_bytes(), &count.to_le_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest.as_bytes()[..16]);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    fn snapshot(&self, id: Uuid) -> Option<Stored> {
        self.sessions.lock().unwrap().get(&id).cloned()
    }

    /// Moves session `id` by `event`, as a database-backed server would: read
    /// the state, ask the crate for the step, then write it only if the state
    /// is still the one read (`UPDATE … WHERE status = from`). A concurrent
    /// change makes the write fail, and the step is asked again from the new
    /// state, so exactly one of two racing events wins.
    fn transition(&self, id: Uuid, event: Event) -> Result<(Transition, Stored), Refusal> {
        loop {
            let stored = self.snapshot(id).ok_or(Refusal::NotFound(id))?;
            let read = stored.session.state();
            let step = read
                .transition(event)
                .map_err(|error| Refusal::Transition(id, error))?;
            let mut sessions = self.sessions.lock().unwrap();
            let current = sessions.get_mut(&id).ok_or(Refusal::NotFound(id))?;
            if current.session.state() == read {
                current
                    .session
                    .apply(event)
                    .map_err(|error| Refusal::Transition(id, error))?;
                current.step = Some(step_after(step.to(), current.step.clone()));
                return Ok((step, current.clone()));
            }
        }
    }

    /// Sends `SessionSetupStatusChanged` for a session that reached a state
    /// the provider notifies (`Completed`, `Failed`, `Cancelled`), once: the
    /// step into it happens once, and so does the call.
    fn notify(self: &Arc<Self>, step: Transition, stored: &Stored) {
        let notified = matches!(
            step.to(),
            SessionStatus::Completed | SessionStatus::Failed | SessionStatus::Cancelled
        );
        let Some(url) = self.config.webhook_url.clone().filter(|_| notified) else {
            return;
        };
        let product = stored.request.product();
        let event = SessionSetupStatusChanged::new(now(), status_response(stored));
        let body = serde_json::to_vec(&InProduct(product, &event)).expect("bodies serialize");
        let signature = webhook::sign(&self.config.webhook_secret, &body).to_string();
        let client = self.client.clone();
        tokio::spawn(async move {
            // Sent once, as the provider does: no retry.
            let _ = client
                .post(url)
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .header(SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await;
        });
    }

    fn authorized(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(Refusal::Unauthorized)?;
        let tokens = self.tokens.lock().unwrap();
        match tokens.get(token) {
            Some(expires) if *expires > Instant::now() => Ok(()),
            _ => Err(Refusal::Unauthorized),
        }
    }
}

/// Whether `url` is plain http to this machine: webhooks from the sandbox
/// go nowhere else.
pub fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn now() -> Timestamp {
    Timestamp::from_unix(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
    )
}

/// The step the flow shows after a move into `status`.
fn step_after(status: SessionStatus, current: Option<Step>) -> Step {
    match status {
        SessionStatus::InProgress => Step::Consent,
        SessionStatus::Completed => Step::Complete,
        _ => current.unwrap_or(Step::Start),
    }
}

fn status_response(stored: &Stored) -> eft_session::wire::SessionStatusResponse {
    stored.session.status_response(stored.request.amount)
}

/// Why a request is refused; each answers with a problem body from the crate.
enum Refusal {
    Unauthorized,
    NotFound(Uuid),
    Transition(Uuid, TransitionError),
    Invalid(Box<ProblemDetails>),
}

impl Refusal {
    fn invalid(problem: ProblemDetails) -> Self {
        Self::Invalid(Box::new(problem))
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let problem = match self {
            Self::Unauthorized => ProblemDetails::authentication_required(),
            Self::NotFound(id) => ProblemDetails::session_not_found(id),
            Self::Transition(id, error) => ProblemDetails::for_transition_error(id, &error),
            Self::Invalid(problem) => *problem,
        };
        let status = problem
            .status
            .and_then(|code| StatusCode::from_u16(code).ok())
            .unwrap_or(StatusCode::BAD_REQUEST);
        (
            status,
            [(header::CONTENT_TYPE, ProblemDetails::CONTENT_TYPE)],
            Json(problem),
        )
            .into_response()
    }
}

/// The JSON of a body as `product` writes it.
fn json_in<T>(status: StatusCode, product: Product, body: &T) -> Response
where
    for<'a> InProduct<'a, T>: Serialize,
{
    // Written directly, not through a `serde_json::Value`, to keep the
    // provider's field order.
    let bytes = serde_json::to_vec(&InProduct(product, body)).expect("bodies serialize");
    (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

pub fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .route("/api/v1/authorize", post(authorize))
        .route("/api/v2/sessions", post(initiate))
        .route("/api/v2/sessions/{id}/status", get(status))
        .route("/api/v2/sessions/{id}/details", get(details))
        .route("/api/v2/sessions/{id}/cancel", post(cancel))
        .route("/sandbox/sessions/{id}/{action}", post(drive))
        .with_state(sandbox)
}

#[derive(Deserialize)]
struct AuthorizeForm {
    grant_type: String,
}

#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
}

async fn authorize(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    Form(form): Form<AuthorizeForm>,
) -> Response {
    let credentials = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .and_then(|decoded| String::from_utf8(decoded).ok());
    let expected = format!(
        "{}:{}",
        sandbox.config.client_id, sandbox.config.client_secret
    );
    if credentials.as_deref() != Some(expected.as_str()) {
        return Refusal::Unauthorized.into_response();
    }
    if form.grant_type != "client_credentials" {
        let problem = ProblemDetails::new(400, "Unsupported Grant Type").with_detail(format!(
            "grant_type {:?} is not client_credentials",
            form.grant_type
        ));
        return Refusal::invalid(problem).into_response();
    }
    let token = sandbox.fresh_id().simple().to_string();
    sandbox
        .tokens
        .lock()
        .unwrap()
        .insert(token.clone(), Instant::now() + TOKEN_LIFETIME);
    Json(TokenResponse {
        access_token: token,
        token_type: "bearer",
        expires_in: TOKEN_LIFETIME.as_secs(),
    })
    .into_response()
}

async fn initiate(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Refusal> {
    sandbox.authorized(&headers)?;
    let request: InitiateSessionRequest = serde_json::from_slice(&body).map_err(|error| {
        Refusal::invalid(
            ProblemDetails::new(400, "One or more validation errors occurred.")
                .with_detail(error.to_string()),
        )
    })?;
    request
        .validate()
        .map_err(|violations| Refusal::invalid(violations.into()))?;
    let id = sandbox.fresh_id();
    // Valid for its product, so every reference id is kept on the session
    // and appears in every body and webhook.
    let reference_id = request
        .reference_id
        .as_deref()
        .and_then(|text| ReferenceId::parse_for(request.product(), text).ok());
    let stored = Stored {
        session: Session::new(id, reference_id),
        request: request.clone(),
        created_at: now(),
        step: None,
    };
    sandbox.sessions.lock().unwrap().insert(id, stored);
    let answer = InitiateSessionResponse::new(id, request.reference_id);
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// The status endpoint needs only the session id: two of the three GEFT
/// pages say so (the third asks for a token).
async fn status(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let stored = sandbox.snapshot(id).ok_or(Refusal::NotFound(id))?;
    Ok(json_in(
        StatusCode::OK,
        stored.request.product(),
        &status_response(&stored),
    ))
}

async fn details(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    sandbox.authorized(&headers)?;
    let stored = sandbox.snapshot(id).ok_or(Refusal::NotFound(id))?;
    let request = &stored.request;
    let status = stored.session.status();
    let mut body = SessionDetailsResponse::new(id, status);
    let mut step = StepDetails::default();
    step.current = stored.step.clone();
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
    body.created_at = Some(stored.created_at);
    Ok((StatusCode::OK, Json(body)).into_response())
}

async fn cancel(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    sandbox.authorized(&headers)?;
    let (step, stored) = sandbox.transition(id, Event::CANCEL_BY_API)?;
    sandbox.notify(step, &stored);
    let body = CancelSessionResponse::new(id, stored.session.reference_id().cloned());
    Ok(json_in::<CancelSessionResponse>(
        StatusCode::OK,
        stored.request.product(),
        &body,
    ))
}

#[derive(Deserialize)]
struct DriveQuery {
    code: Option<String>,
}

/// Drives the hosted flow from outside, for tests: `start`, `complete`,
/// `fail` (with `?code=EFT04xx`), `expire`, or `run`, which plays the
/// sandbox scenario its reference id names (`Happy1`, `Happy2`, `Happy3`
/// complete; `Unhappy1` fails with `EFT0402` on GEFT, `EFT0401` on EFT V2).
async fn drive(
    State(sandbox): State<Arc<Sandbox>>,
    Path((id, action)): Path<(Uuid, String)>,
    Query(query): Query<DriveQuery>,
) -> Result<Response, Refusal> {
    let product = sandbox
        .snapshot(id)
        .ok_or(Refusal::NotFound(id))?
        .request
        .product();
    // A code the session's product cannot produce (EFT0402 on EFT V2) is
    // refused like a malformed one.
    let code = |default: StatusDetail| -> Result<StatusDetail, Refusal> {
        let invalid = |detail: String| {
            Refusal::invalid(ProblemDetails::new(400, "Invalid Status Detail").with_detail(detail))
        };
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
        "run" => {
            let stored = sandbox.snapshot(id).ok_or(Refusal::NotFound(id))?;
            match stored.request.reference_id.as_deref() {
                // GEFT's documented scenario fails its eligibility check;
                // EFT V2 cannot produce that code, so its payer fails login.
                Some("Unhappy1") if product == Product::Geft => {
                    vec![Event::Start, Event::Fail(StatusDetail::EFT0402)]
                }
                Some("Unhappy1") => vec![Event::Start, Event::Fail(StatusDetail::EFT0401)],
                _ => vec![Event::Start, Event::Complete(StatusDetail::EFT0301)],
            }
        }
        other => {
            let problem = ProblemDetails::new(404, "Unknown Sandbox Action")
                .with_detail(format!("no action {other:?}"));
            return Err(Refusal::invalid(problem));
        }
    };
    let mut steps = Vec::new();
    for event in events {
        let (step, stored) = sandbox.transition(id, event)?;
        sandbox.notify(step, &stored);
        steps.push(step);
    }
    Ok((StatusCode::OK, Json(steps)).into_response())
}
