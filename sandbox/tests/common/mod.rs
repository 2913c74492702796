//! What the end-to-end tests share: servers on free ports of 127.0.0.1, a
//! webhook receiver, the API's calls as a client makes them, and answers
//! checked as they are read. Every server a test starts stops when the
//! test's runtime ends.

// Each test file is its own crate and uses a part of this module.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderMap;
use eft_sandbox::{Config, Sandbox, router};
use eft_session::webhook;
use eft_session::wire::{ProblemDetails, SessionSetupStatusChanged};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// What a receiver got: each request's headers and body, in order.
pub type Received = mpsc::UnboundedReceiver<(HeaderMap, Bytes)>;

/// Serves `router` on `listener`, for as long as the test's runtime lives.
pub async fn serve_on(listener: tokio::net::TcpListener, router: axum::Router) -> SocketAddr {
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

/// Serves `router` on a free port of 127.0.0.1.
pub async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    serve_on(listener, router).await
}

/// A webhook receiver on `path`, passing on what it gets and answering the
/// status `answer` holds at the time.
pub fn receiver(path: &str, answer: Arc<AtomicU16>) -> (axum::Router, Received) {
    let (sender, received) = mpsc::unbounded_channel();
    let router = axum::Router::new().route(
        path,
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let (sender, answer) = (sender.clone(), Arc::clone(&answer));
            async move {
                let _ = sender.send((headers, body));
                StatusCode::from_u16(answer.load(Ordering::Relaxed)).unwrap()
            }
        }),
    );
    (router, received)
}

/// A valid initiate request for 5.00 with reference id `reference`.
pub fn request(reference: &str, guaranteed: bool) -> Value {
    json!({
        "type": "EFT", "direction": "DEBIT", "referenceId": reference, "amount": 500,
        "options": { "guarantee": { "enable": guaranteed } },
        "payor": { "firstName": "Jane", "lastName": "Doe" }
    })
}

/// The status, headers and problem body of an error answer, checking that
/// it is `application/problem+json` and that the body's status is the HTTP
/// one.
pub async fn problem(answer: reqwest::Response) -> (StatusCode, HeaderMap, ProblemDetails) {
    let (status, headers) = (answer.status(), answer.headers().clone());
    let text = answer.text().await.unwrap();
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "body: {text}"
    );
    let body: ProblemDetails = serde_json::from_str(&text).unwrap();
    assert_eq!(body.status, Some(status.as_u16()), "body: {text}");
    (status, headers, body)
}

/// The time since the Unix epoch, as a webhook's freshness check takes it.
pub fn now() -> Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
}

/// A status webhook checked as any client checks it: its signature over the
/// bytes with `secret`, its timestamp within a minute.
pub fn verified(secret: &[u8], headers: &HeaderMap, body: &[u8]) -> SessionSetupStatusChanged {
    let signature = headers
        .get(webhook::SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok());
    webhook::verify(secret, signature, body, now(), Duration::from_secs(60))
        .expect("a genuine webhook")
}

/// The next request `received` gets within `wait`, if any.
pub async fn within(received: &mut Received, wait: Duration) -> Option<(HeaderMap, Bytes)> {
    tokio::time::timeout(wait, received.recv()).await.ok()?
}

/// Sends `request`, with a bearer token if one is given.
pub async fn send(request: reqwest::RequestBuilder, token: Option<&str>) -> reqwest::Response {
    match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    }
    .send()
    .await
    .unwrap()
}

/// A client of one sandbox: the API's calls as a client makes them.
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
}

impl Api {
    /// A client of the sandbox at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: String) -> Self {
        Api {
            base,
            client: reqwest::Client::new(),
        }
    }

    /// Opens a sandbox with `config` and serves it on a free port.
    pub async fn open(config: Config) -> Self {
        let sandbox = Sandbox::open(config).await.unwrap();
        let address = serve(router(sandbox)).await;
        Api::new(format!("http://{address}"))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `POST /api/v1/authorize` as client `id` with `secret`.
    pub async fn authorize_as(&self, id: &str, secret: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/authorize"))
            .basic_auth(id, Some(secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap()
    }

    /// The body of a successful authorize as `id` with `secret`.
    pub async fn token_body(&self, id: &str, secret: &str) -> Value {
        let answer = self.authorize_as(id, secret).await;
        assert_eq!(answer.status(), StatusCode::OK);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["token_type"], "bearer");
        body
    }

    /// A token of the tests' client `client`/`s3cret`.
    pub async fn token(&self) -> String {
        let body = self.token_body("client", "s3cret").await;
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// `POST /api/v2/sessions` with `body`.
    pub async fn create(&self, token: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v2/sessions"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A new session's id, created with `token` (201 checked).
    pub async fn create_session(&self, token: &str, reference: &str, guaranteed: bool) -> String {
        let answer = self.create(token, &request(reference, guaranteed)).await;
        assert_eq!(answer.status(), StatusCode::CREATED);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["referenceId"], reference);
        body["sessionId"].as_str().unwrap().to_owned()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// `POST path`, with a bearer token if one is given.
    pub async fn post(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        send(self.client.post(self.url(path)), token).await
    }

    /// `GET /api/v2/sessions/{id}/details`, with a bearer token if one is
    /// given.
    pub async fn details_as(&self, id: &str, token: Option<&str>) -> reqwest::Response {
        let url = self.url(&format!("/api/v2/sessions/{id}/details"));
        send(self.client.get(url), token).await
    }

    /// The body of `GET path`, which must answer 200.
    pub async fn json(&self, path: &str) -> Value {
        let answer = self.get(path).await;
        assert_eq!(answer.status(), StatusCode::OK, "GET {path}");
        answer.json().await.unwrap()
    }

    /// Drives session `id` (`run`, `start`, `offer`…) from the payer's side.
    pub async fn drive(&self, id: &str, action: &str) -> reqwest::Response {
        self.post(&format!("/sandbox/sessions/{id}/{action}"), None)
            .await
    }

    /// The steps a successful drive of session `id` took.
    pub async fn steps(&self, id: &str, action: &str) -> Vec<Value> {
        let answer = self.drive(id, action).await;
        assert_eq!(answer.status(), StatusCode::OK, "{action}");
        answer.json().await.unwrap()
    }

    /// The delivery log of session `id` once `done` holds and no attempt is
    /// still being sent (15 s at most: a loaded machine is slow to answer).
    pub async fn attempts_when(&self, id: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let started = Instant::now();
        loop {
            let log = self
                .json(&format!("/sandbox/webhooks?sessionId={id}"))
                .await;
            let attempts = log.as_array().unwrap().clone();
            let settled = attempts.iter().all(|attempt| attempt["state"] != "sending");
            if (done(&attempts) && settled) || started.elapsed() > Duration::from_secs(15) {
                return attempts;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
