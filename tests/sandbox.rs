//! End to end: the sandbox example's router on a free loopback port, driven
//! with a real HTTP client, with a webhook receiver beside it. Every server
//! a test starts is stopped when the test's runtime ends.

#![cfg(feature = "webhook")]

#[path = "../examples/sandbox/app.rs"]
#[allow(dead_code)]
mod app;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use eft_session::wire::{
    CancelSessionResponse, ProblemDetails, SessionSetupStatusChanged, SessionStatusResponse,
};
use eft_session::{SessionStatus, StatusDetail, webhook};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::mpsc;

const WEBHOOK_SECRET: &[u8] = b"whsec_e2e";

/// A sandbox and a webhook receiver, each on a free port of 127.0.0.1.
struct Harness {
    base: String,
    client: reqwest::Client,
    webhooks: mpsc::UnboundedReceiver<(HeaderMap, Bytes)>,
}

async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

async fn harness() -> Harness {
    let (sender, webhooks) = mpsc::unbounded_channel();
    let receiver = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let sender = sender.clone();
            async move {
                let _ = sender.send((headers, body));
                StatusCode::OK
            }
        }),
    );
    let hook = serve(receiver).await;
    let sandbox = app::Sandbox::new(app::Config {
        client_id: "client".into(),
        client_secret: "s3cret".into(),
        webhook_url: Some(format!("http://{hook}/hook")),
        webhook_secret: WEBHOOK_SECRET.to_vec(),
    });
    let address = serve(app::router(sandbox)).await;
    Harness {
        base: format!("http://{address}"),
        client: reqwest::Client::new(),
        webhooks,
    }
}

impl Harness {
    async fn token(&self) -> String {
        let answer = self
            .client
            .post(format!("{}/api/v1/authorize", self.base))
            .basic_auth("client", Some("s3cret"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(
            (body["token_type"].as_str(), body["expires_in"].as_u64()),
            (Some("bearer"), Some(599))
        );
        body["access_token"].as_str().unwrap().to_owned()
    }

    async fn create(&self, token: &str, body: Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v2/sessions", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn create_session(&self, token: &str, reference: &str, guaranteed: bool) -> String {
        let answer = self.create(token, request(reference, guaranteed)).await;
        assert_eq!(answer.status(), StatusCode::CREATED);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["referenceId"], reference);
        body["sessionId"].as_str().unwrap().to_owned()
    }

    async fn status(&self, id: &str) -> SessionStatusResponse {
        let answer = self
            .client
            .get(format!("{}/api/v2/sessions/{id}/status", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        SessionStatusResponse::from_json(&answer.text().await.unwrap()).unwrap()
    }

    async fn cancel(&self, token: Option<&str>, id: &str) -> reqwest::Response {
        let request = self
            .client
            .post(format!("{}/api/v2/sessions/{id}/cancel", self.base));
        let request = match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        request.send().await.unwrap()
    }

    async fn drive(&self, id: &str, action: &str) -> reqwest::Response {
        self.client
            .post(format!("{}/sandbox/sessions/{id}/{action}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// The next webhook, verified; `None` if none comes within `wait`.
    async fn webhook_within(&mut self, wait: Duration) -> Option<SessionSetupStatusChanged> {
        let (headers, body) = tokio::time::timeout(wait, self.webhooks.recv())
            .await
            .ok()??;
        let signature = headers
            .get(webhook::SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        Some(
            webhook::verify(
                WEBHOOK_SECRET,
                signature,
                &body,
                now,
                Duration::from_secs(60),
            )
            .expect("a genuine webhook"),
        )
    }

    /// The webhook that must come.
    async fn next_webhook(&mut self) -> Option<SessionSetupStatusChanged> {
        self.webhook_within(Duration::from_secs(5)).await
    }

    /// Whether no further webhook comes (waiting a quarter second).
    async fn no_more_webhooks(&mut self) -> bool {
        self.webhook_within(Duration::from_millis(250))
            .await
            .is_none()
    }
}

fn request(reference: &str, guaranteed: bool) -> Value {
    json!({
        "type": "EFT", "direction": "DEBIT", "referenceId": reference, "amount": 500,
        "options": { "guarantee": { "enable": guaranteed } },
        "payor": { "firstName": "Jane", "lastName": "Doe" }
    })
}

async fn problem(answer: reqwest::Response) -> (StatusCode, ProblemDetails) {
    let status = answer.status();
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
    (status, answer.json().await.unwrap())
}

#[tokio::test]
async fn the_happy_path_completes_and_sends_one_signed_webhook() {
    let mut h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "Happy1", false).await;
    assert_eq!(
        h.status(&id).await.state().to_string(),
        "Initiated (EFT0101)"
    );

    let answer = h.drive(&id, "run").await;
    assert_eq!(answer.status(), StatusCode::OK);
    let status = h.status(&id).await;
    assert_eq!(
        (status.status(), status.detail()),
        (SessionStatus::Completed, Some(StatusDetail::EFT0301))
    );

    let event = h.next_webhook().await.expect("the webhook");
    assert_eq!(event.report().session_id().to_string(), id);
    assert_eq!(event.report().status(), SessionStatus::Completed);
    assert!(h.no_more_webhooks().await, "sent once");

    // A late cancel: 400, with the crate's problem body, and no webhook.
    let (code, body) = problem(h.cancel(Some(&token), &id).await).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    assert_eq!(body.title.as_deref(), Some("Session Already Terminal"));
    assert!(h.no_more_webhooks().await);
}

#[tokio::test]
async fn the_unhappy_path_fails_with_eft0402_in_geft_spelling() {
    let mut h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "Unhappy1", true).await;
    h.drive(&id, "run").await;
    let status = h.status(&id).await;
    assert_eq!(status.detail(), Some(StatusDetail::EFT0402));
    let event = h.next_webhook().await.expect("the webhook");
    assert_eq!(event.report().status(), SessionStatus::Failed);
}

#[tokio::test]
async fn an_eft_v2_unhappy_run_fails_with_a_code_eft_v2_produces() {
    let mut h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "Unhappy1", false).await;
    h.drive(&id, "run").await;
    assert_eq!(h.status(&id).await.detail(), Some(StatusDetail::EFT0401));
    assert_eq!(
        h.next_webhook()
            .await
            .expect("the webhook")
            .report()
            .detail(),
        Some(StatusDetail::EFT0401)
    );
}

#[tokio::test]
async fn a_code_the_product_never_produces_is_refused_with_400() {
    let h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "USER-1", false).await;
    h.drive(&id, "start").await;
    for code in ["EFT0402", "EFT0404"] {
        let answer = h.drive(&id, &format!("fail?code={code}")).await;
        let (status, body) = problem(answer).await;
        assert_eq!((status, body.status), (StatusCode::BAD_REQUEST, Some(400)));
        assert_eq!(
            body.detail.as_deref(),
            Some(format!("EFT V2 sessions never report {code}").as_str())
        );
    }
    assert_eq!(
        h.status(&id).await.status(),
        SessionStatus::InProgress,
        "unchanged"
    );
}

#[tokio::test]
async fn a_geft_reference_id_is_in_every_body_and_webhook() {
    let mut h = harness().await;
    let token = h.token().await;
    let reference = "order 12 for Jane Doe, café #1 — paid by order_12/ab.c@example";
    let id = h.create_session(&token, reference, true).await;
    assert_eq!(
        h.status(&id).await.reference_id().map(|r| r.as_str()),
        Some(reference)
    );
    let answer = h.cancel(Some(&token), &id).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["referenceId"], reference);
    let event = h.next_webhook().await.expect("the webhook");
    assert_eq!(
        event.report().reference_id().map(|r| r.as_str()),
        Some(reference)
    );

    // The details agree with the status, spelling included.
    let details: Value = h
        .client
        .get(format!("{}/api/v2/sessions/{id}/details", h.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(details["referenceId"], reference);
    assert_eq!(details["status"], "Canceled");
}

#[tokio::test]
async fn cancel_answers_200_then_400_and_geft_writes_canceled() {
    let mut h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "Happy2", true).await;
    let answer = h.cancel(Some(&token), &id).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let text = answer.text().await.unwrap();
    assert_eq!(
        text,
        format!(
            r#"{{"sessionId":"{id}","referenceId":"Happy2","status":"Canceled","statusDetails":"EFT0501"}}"#
        )
    );
    assert_eq!(
        CancelSessionResponse::from_json(&text).unwrap().status(),
        SessionStatus::Cancelled
    );
    assert_eq!(
        h.next_webhook()
            .await
            .expect("the webhook")
            .report()
            .status(),
        SessionStatus::Cancelled
    );

    let (code, body) = problem(h.cancel(Some(&token), &id).await).await;
    assert_eq!((code, body.status), (StatusCode::BAD_REQUEST, Some(400)));
}

#[tokio::test]
async fn every_error_status_has_its_body() {
    let h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "USER12345", false).await;

    let (code, body) = problem(h.cancel(None, &id).await).await;
    assert_eq!(
        (code, body.title.as_deref()),
        (StatusCode::UNAUTHORIZED, Some("Authentication Required"))
    );
    let (code, _) = problem(h.cancel(Some("forged"), &id).await).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);

    let unknown = "00000000-0000-0000-0000-000000000001";
    let (code, body) = problem(h.cancel(Some(&token), unknown).await).await;
    assert_eq!(
        (code, body.title.as_deref()),
        (StatusCode::NOT_FOUND, Some("Session Not Found"))
    );

    let answer = h
        .client
        .post(format!("{}/api/v1/authorize", h.base))
        .basic_auth("client", Some("wrong"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);

    let mut bad = request("order #12", false);
    bad["direction"] = json!("CREDIT");
    let (code, body) = problem(h.create(&token, bad).await).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    let errors = body.errors.unwrap();
    assert_eq!(
        errors.keys().collect::<Vec<_>>(),
        ["direction", "referenceId"]
    );

    let details = h
        .client
        .get(format!("{}/api/v2/sessions/{id}/details", h.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(details.status(), StatusCode::OK);
    let details: eft_session::wire::SessionDetailsResponse = details.json().await.unwrap();
    assert_eq!(details.status, SessionStatus::Initiated);
    assert!(details.payor.unwrap().account.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_cancels_and_a_completion_leave_exactly_one_outcome() {
    for _ in 0..10 {
        let mut h = harness().await;
        let token = h.token().await;
        let id = h.create_session(&token, "USER12345", false).await;
        assert_eq!(h.drive(&id, "start").await.status(), StatusCode::OK);

        let cancels: Vec<_> = (0..4)
            .map(|_| {
                let (client, url, token) = (
                    h.client.clone(),
                    format!("{}/api/v2/sessions/{id}/cancel", h.base),
                    token.clone(),
                );
                tokio::spawn(async move {
                    client
                        .post(url)
                        .bearer_auth(token)
                        .send()
                        .await
                        .unwrap()
                        .status()
                })
            })
            .collect();
        let complete = {
            let (client, url) = (
                h.client.clone(),
                format!("{}/sandbox/sessions/{id}/complete", h.base),
            );
            tokio::spawn(async move { client.post(url).send().await.unwrap().status() })
        };
        let mut cancelled = 0;
        for cancel in cancels {
            match cancel.await.unwrap() {
                StatusCode::OK => cancelled += 1,
                StatusCode::BAD_REQUEST => {}
                other => panic!("a cancel answered {other}"),
            }
        }
        let completed = complete.await.unwrap() == StatusCode::OK;
        assert_eq!(cancelled + usize::from(completed), 1, "exactly one wins");
        let final_status = h.status(&id).await.status();
        assert_eq!(
            final_status,
            if completed {
                SessionStatus::Completed
            } else {
                SessionStatus::Cancelled
            }
        );
        let event = h.next_webhook().await.expect("one webhook");
        assert_eq!(event.report().status(), final_status);
        assert!(h.no_more_webhooks().await, "only one webhook");
    }
}

#[test]
fn webhooks_go_to_this_machine_only() {
    assert!(app::is_loopback_url("http://127.0.0.1:9000/hook"));
    assert!(app::is_loopback_url("http://localhost:9000/hook"));
    assert!(app::is_loopback_url("http://[::1]:9000/"));
    assert!(!app::is_loopback_url("http://10.0.0.1:9000/hook"));
    assert!(!app::is_loopback_url("https://127.0.0.1/hook"));
    assert!(!app::is_loopback_url("http://127.0.0.1.example.com/hook"));
}
