//! End to end, over real HTTP on loopback: GEFT's guarantee decision. A
//! session walked by `run` reaches the offer, the `GuaranteeOffered` webhook
//! goes to the guarantee receiver, and the client accepts or rejects it on
//! `POST /api/v2/sessions/{id}/guarantees/confirm`; without a guarantee
//! webhook the offer is accepted automatically; three undelivered attempts
//! fail the session; the clock expires a session waiting at the offer.

mod common;

use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use common::{Api, Received, now, problem, receiver, send, serve, verified, within};
use eft_sandbox::Config;
use eft_session::webhook::{self, Signature};
use eft_session::wire::GuaranteeOffered;
use eft_session::{Amount, StatusDetail};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WEBHOOK_SECRET: &[u8] = b"whsec_guarantee";

/// A sandbox, its status webhook receiver (`/hook`, always 200) and its
/// guarantee webhook receiver (`/guarantee`, answering `guarantee_answer`).
struct Harness {
    api: Api,
    status_hooks: Received,
    guarantee_hooks: Received,
    guarantee_answer: Arc<AtomicU16>,
}

impl Deref for Harness {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

/// A harness with a guarantee webhook configured, retries 50 ms apart.
async fn harness() -> Harness {
    harness_with(|_| {}).await
}

async fn harness_with(configure: impl FnOnce(&mut Config)) -> Harness {
    let (status, status_hooks) = receiver("/hook", Arc::new(AtomicU16::new(200)));
    let status = serve(status).await;
    let guarantee_answer = Arc::new(AtomicU16::new(200));
    let (guarantee, guarantee_hooks) = receiver("/guarantee", Arc::clone(&guarantee_answer));
    let guarantee = serve(guarantee).await;
    let mut config = Config::new("client", "s3cret");
    config.webhook_url = Some(format!("http://{status}/hook"));
    config.guarantee_webhook_url = Some(format!("http://{guarantee}/guarantee"));
    config.guarantee_retry_delay = Duration::from_millis(50);
    config.webhook_secret = WEBHOOK_SECRET.to_vec();
    configure(&mut config);
    Harness {
        api: Api::open(config).await,
        status_hooks,
        guarantee_hooks,
        guarantee_answer,
    }
}

impl Harness {
    /// A new session and the token that created it.
    async fn session(&self, reference: &str, guaranteed: bool) -> (String, String) {
        let token = self.token().await;
        let id = self.create_session(&token, reference, guaranteed).await;
        (id, token)
    }

    async fn confirm_raw(&self, token: Option<&str>, id: &str, body: &str) -> reqwest::Response {
        let request = self
            .client
            .post(self.url(&format!("/api/v2/sessions/{id}/guarantees/confirm")))
            .header("content-type", "application/json")
            .body(body.to_owned());
        send(request, token).await
    }

    async fn confirm(&self, token: &str, id: &str, accepted: bool) -> reqwest::Response {
        self.confirm_raw(
            Some(token),
            id,
            &json!({ "guaranteeAccepted": accepted }).to_string(),
        )
        .await
    }

    async fn status(&self, id: &str) -> Value {
        self.json(&format!("/api/v2/sessions/{id}/status")).await
    }

    async fn details(&self, token: &str, id: &str) -> Value {
        let answer = self.details_as(id, Some(token)).await;
        assert_eq!(answer.status(), StatusCode::OK);
        answer.json().await.unwrap()
    }

    /// What the sandbox shows of session `id` (its guarantee stage, its log).
    async fn shown(&self, id: &str) -> Value {
        self.json(&format!("/sandbox/sessions/{id}")).await
    }

    /// Session `id`'s status body once its status is `status` (15 s at most).
    async fn status_when(&self, id: &str, status: &str) -> Value {
        let started = Instant::now();
        loop {
            let body = self.status(id).await;
            if body["status"] == status || started.elapsed() > Duration::from_secs(15) {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The next guarantee webhook, its signature checked over the bytes.
    async fn next_offer(&mut self) -> (GuaranteeOffered, Bytes) {
        let (headers, body) = within(&mut self.guarantee_hooks, Duration::from_secs(15))
            .await
            .expect("a guarantee webhook");
        let header = headers[webhook::SIGNATURE_HEADER].to_str().unwrap();
        Signature::from_header(header)
            .unwrap()
            .verify(WEBHOOK_SECRET, &body)
            .expect("signed with the webhook secret");
        assert_eq!(header, webhook::sign(WEBHOOK_SECRET, &body).to_string());
        (serde_json::from_slice(&body).unwrap(), body)
    }

    /// The next status webhook, verified as any client verifies it.
    async fn next_status_webhook(&mut self) -> Value {
        let (headers, body) = within(&mut self.status_hooks, Duration::from_secs(15))
            .await
            .expect("a status webhook");
        verified(WEBHOOK_SECRET, &headers, &body);
        serde_json::from_slice(&body).unwrap()
    }

    /// Whether no status webhook comes within a quarter second.
    async fn no_status_webhook(&mut self) -> bool {
        within(&mut self.status_hooks, Duration::from_millis(250))
            .await
            .is_none()
    }
}

fn events(attempts: &[Value]) -> Vec<(&str, &str)> {
    attempts
        .iter()
        .map(|attempt| {
            (
                attempt["event"].as_str().unwrap(),
                attempt["state"].as_str().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_accepted_guarantee_lets_the_run_complete_after_the_offer_webhook() {
    let mut h = harness().await;
    let (id, token) = h.session("Happy1", true).await;

    let steps = h.steps(&id, "run").await;
    assert_eq!(
        steps,
        [
            json!({"from": "Initiated", "to": "InProgress", "statusDetails": null}),
            json!({"from": "InProgress", "to": "InProgress", "statusDetails": null, "guarantee": "Offered"}),
        ],
        "the run stops at the offer"
    );
    let (offer, bytes) = h.next_offer().await;
    assert_eq!(offer.session_id().to_string(), id);
    assert_eq!(offer.reference_id().map(|r| r.as_str()), Some("Happy1"));
    assert_eq!(offer.amount(), Some(Amount::from_cents(50_000)));
    assert_eq!(offer.guaranteed(), Some(Amount::from_cents(50_000)));
    assert!(offer.when().since_unix_epoch().abs_diff(now()) < Duration::from_secs(60));

    // It waits at the offer: InProgress, the step shown, nothing accepted.
    assert_eq!(h.status(&id).await["status"], "InProgress");
    let details = h.details(&token, &id).await;
    assert_eq!(details["step"]["current"], "GuaranteeOffer");
    assert_eq!(
        details["guaranteeDetails"],
        json!({"guaranteeOffered": true, "guaranteeAccepted": false, "highestDebitAmountToGuarantee": 500})
    );
    let shown = h.shown(&id).await;
    assert_eq!(
        (&shown["guarantee"], &shown["afterAccept"]),
        (&json!("Offered"), &json!("EFT0301"))
    );
    assert!(
        h.no_status_webhook().await,
        "no status webhook while waiting"
    );
    let attempts = h
        .attempts_when(&id, |a| a.len() == 1 && a[0]["state"] == "delivered")
        .await;
    assert_eq!(events(&attempts), [("GuaranteeOffered", "delivered")]);
    assert_eq!(attempts[0]["body"], std::str::from_utf8(&bytes).unwrap());

    let answer = h.confirm(&token, &id, true).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "application/json");
    assert_eq!(
        answer.json::<Value>().await.unwrap(),
        json!({"sessionId": id, "referenceId": "Happy1"})
    );

    let status = h.status(&id).await;
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Completed"), &json!("EFT0301"))
    );
    let event = h.next_status_webhook().await;
    assert_eq!(
        (&event["sessionId"], &event["status"]),
        (&json!(id), &json!("Completed"))
    );
    let details = h.details(&token, &id).await;
    assert_eq!(details["step"]["current"], "Complete");
    assert_eq!(details["guaranteeDetails"]["guaranteeAccepted"], true);
    let shown = h.shown(&id).await;
    assert_eq!(
        (&shown["guarantee"], &shown["afterAccept"]),
        (&json!("Accepted"), &Value::Null)
    );
    assert_eq!(shown["log"].as_array().unwrap().len(), 4);
    let attempts = h.attempts_when(&id, |a| a.len() == 2).await;
    assert_eq!(
        events(&attempts),
        [
            ("GuaranteeOffered", "delivered"),
            ("SessionSetupStatusChanged", "delivered")
        ]
    );

    // The session has ended: a second decision is refused as terminal.
    let (status, _, body) = problem(h.confirm(&token, &id, true).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.title.as_deref(), Some("Session Already Terminal"));
    assert!(h.no_status_webhook().await);
}

#[tokio::test]
async fn a_rejected_guarantee_fails_the_session_with_eft0402() {
    let mut h = harness().await;
    let (id, token) = h.session("Happy2", true).await;
    h.steps(&id, "run").await;
    h.next_offer().await;

    // The docs' own curl sends the boolean as a string.
    let answer = h
        .confirm_raw(Some(&token), &id, r#"{"guaranteeAccepted": "false"}"#)
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.json::<Value>().await.unwrap(),
        json!({"sessionId": id, "referenceId": "Happy2"})
    );

    let status = h.status(&id).await;
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Failed"), &json!("EFT0402"))
    );
    let event = h.next_status_webhook().await;
    assert_eq!(
        (&event["status"], &event["statusDetails"]),
        (&json!("Failed"), &json!("EFT0402"))
    );
    let shown = h.shown(&id).await;
    assert_eq!(shown["guarantee"], "Rejected");
    assert_eq!(shown["status"], "Failed");
    assert_eq!(
        shown["log"].as_array().unwrap().last().unwrap(),
        &json!({"from": "InProgress", "to": "Failed", "statusDetails": "EFT0402", "fromGuarantee": "Offered", "guarantee": "Rejected"})
    );
    let details = h.details(&token, &id).await;
    assert_eq!(details["step"]["current"], "GuaranteeOffer");
    assert_eq!(
        (
            &details["guaranteeDetails"]["guaranteeOffered"],
            &details["guaranteeDetails"]["guaranteeAccepted"]
        ),
        (&json!(true), &json!(false))
    );

    // Rejected means failed: another decision is refused, nothing is sent.
    let (status, _, body) = problem(h.confirm(&token, &id, true).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.title.as_deref(), Some("Session Already Terminal"));
    assert!(h.no_status_webhook().await);
}

#[tokio::test]
async fn without_a_guarantee_webhook_the_offer_is_accepted_automatically() {
    let mut h = harness_with(|config| config.guarantee_webhook_url = None).await;
    let (id, token) = h.session("Happy3", true).await;

    let steps = h.steps(&id, "run").await;
    let guarantees: Vec<&Value> = steps.iter().map(|step| &step["guarantee"]).collect();
    assert_eq!(
        guarantees,
        [
            &Value::Null,
            &json!("Offered"),
            &json!("AutoAccepted"),
            &json!("AutoAccepted")
        ]
    );
    assert_eq!(steps[3]["to"], "Completed");
    let status = h.status(&id).await;
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Completed"), &json!("EFT0301"))
    );
    assert_eq!(h.next_status_webhook().await["status"], "Completed");
    assert_eq!(h.shown(&id).await["guarantee"], "AutoAccepted");
    let details = h.details(&token, &id).await;
    assert_eq!(
        (
            &details["guaranteeDetails"]["guaranteeOffered"],
            &details["guaranteeDetails"]["guaranteeAccepted"]
        ),
        (&json!(true), &json!(true))
    );
    // No guarantee webhook was attempted: only the status webhook.
    let attempts = h.attempts_when(&id, |a| !a.is_empty()).await;
    assert_eq!(
        events(&attempts),
        [("SessionSetupStatusChanged", "delivered")]
    );
    assert!(h.guarantee_hooks.try_recv().is_err());

    // Driven step by step, it stays InProgress until completed.
    let (id, token) = h.session("USER-2", true).await;
    h.steps(&id, "start").await;
    let steps = h.steps(&id, "offer").await;
    assert_eq!(steps.len(), 2);
    assert_eq!(h.status(&id).await["status"], "InProgress");
    assert_eq!(h.details(&token, &id).await["step"]["current"], "Review");
    let (status, _, body) = problem(h.confirm(&token, &id, true).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body.title.as_deref(), Some("No Guarantee Offer Pending"));
    h.steps(&id, "complete").await;
    assert_eq!(h.status(&id).await["status"], "Completed");
}

#[tokio::test]
async fn three_undelivered_offers_fail_the_session() {
    let mut h = harness().await;
    h.guarantee_answer.store(503, Ordering::Relaxed);
    let (id, token) = h.session("Happy1", true).await;
    h.steps(&id, "run").await;

    let status = h.status_when(&id, "Failed").await;
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Failed"), &json!("EFT0402"))
    );
    let attempts = h.attempts_when(&id, |a| a.len() == 4).await;
    assert_eq!(
        events(&attempts),
        [
            ("GuaranteeOffered", "failed"),
            ("GuaranteeOffered", "failed"),
            ("GuaranteeOffered", "failed"),
            ("SessionSetupStatusChanged", "delivered"),
        ]
    );
    for attempt in &attempts[..3] {
        assert_eq!(attempt["status"], 503);
        assert_eq!(attempt["error"], "the receiver answered 503");
        assert_eq!(
            attempt["body"], attempts[0]["body"],
            "the same event each time"
        );
    }
    let event = h.next_status_webhook().await;
    assert_eq!(
        (&event["status"], &event["statusDetails"]),
        (&json!("Failed"), &json!("EFT0402"))
    );
    assert_eq!(h.shown(&id).await["guarantee"], "Undelivered");
    for _ in 0..3 {
        h.next_offer().await;
    }
    // No fourth attempt, and the client's late decision is refused.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(h.guarantee_hooks.try_recv().is_err());
    let (status, _, _) = problem(h.confirm(&token, &id, true).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn webhook_faults_act_on_the_offer_and_a_dropped_attempt_is_retried() {
    let mut h = harness().await;
    let fault = h
        .client
        .post(h.url("/sandbox/faults"))
        .json(&json!({"kind": "webhook", "action": "drop", "count": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(fault.status(), StatusCode::CREATED);
    let (id, token) = h.session("Happy1", true).await;
    h.steps(&id, "run").await;
    let attempts = h.attempts_when(&id, |a| a.len() == 2).await;
    assert_eq!(
        events(&attempts),
        [
            ("GuaranteeOffered", "dropped"),
            ("GuaranteeOffered", "delivered")
        ]
    );
    assert!(
        attempts[0]["fault"]
            .as_str()
            .unwrap()
            .starts_with("dropped by fault")
    );
    h.next_offer().await;
    assert_eq!(h.status(&id).await["status"], "InProgress");
    assert_eq!(h.confirm(&token, &id, true).await.status(), StatusCode::OK);
    assert_eq!(h.next_status_webhook().await["status"], "Completed");

    // Three drops in a row are three undelivered attempts.
    let fault = h
        .client
        .post(h.url("/sandbox/faults"))
        .json(&json!({"kind": "webhook", "action": "drop", "count": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(fault.status(), StatusCode::CREATED);
    let (id, _) = h.session("Happy2", true).await;
    h.steps(&id, "run").await;
    assert_eq!(
        h.status_when(&id, "Failed").await["statusDetails"],
        "EFT0402"
    );
    let attempts = h.attempts_when(&id, |a| a.len() == 4).await;
    assert_eq!(events(&attempts)[..3], [("GuaranteeOffered", "dropped"); 3]);
    assert!(h.guarantee_hooks.try_recv().is_err(), "nothing reached it");
}

#[tokio::test]
async fn a_held_offer_waits_for_the_next_delivery_and_then_counts_as_delivered() {
    let mut h = harness().await;
    let fault = h
        .client
        .post(h.url("/sandbox/faults"))
        .json(&json!({"kind": "webhook", "action": "reorder", "count": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(fault.status(), StatusCode::CREATED);
    let (id, token) = h.session("Happy1", true).await;
    h.steps(&id, "run").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(h.guarantee_hooks.try_recv().is_err(), "held");
    assert_eq!(h.json("/sandbox/stats").await["heldWebhooks"], 1);
    assert!(
        h.json(&format!("/sandbox/webhooks?sessionId={id}"))
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Clearing the faults sends what they hold: the first attempt, delivered.
    let cleared = h
        .client
        .delete(h.url("/sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        cleared.json::<Value>().await.unwrap(),
        json!({"cleared": 0, "released": 1})
    );
    h.next_offer().await;
    let attempts = h.attempts_when(&id, |a| a.len() == 1).await;
    assert_eq!(events(&attempts), [("GuaranteeOffered", "delivered")]);
    assert!(
        attempts[0]["fault"]
            .as_str()
            .unwrap()
            .starts_with("held by fault")
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        h.guarantee_hooks.try_recv().is_err(),
        "no retry after a delivery"
    );
    assert_eq!(h.shown(&id).await["guarantee"], "Offered");
    assert_eq!(h.confirm(&token, &id, true).await.status(), StatusCode::OK);
    assert_eq!(h.next_status_webhook().await["status"], "Completed");
}

#[tokio::test]
async fn a_second_decision_on_an_accepted_offer_is_409_and_changes_nothing() {
    let mut h = harness().await;
    let (id, token) = h.session("USER-1", true).await;
    h.steps(&id, "start").await;
    h.steps(&id, "offer").await;
    h.next_offer().await;
    // Completing while the offer waits is refused by the crate.
    let answer = h
        .client
        .post(h.url(&format!("/sandbox/sessions/{id}/complete")))
        .send()
        .await
        .unwrap();
    let (status, _, body) = problem(answer).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body.title.as_deref(), Some("Guarantee Decision Pending"));

    assert_eq!(h.confirm(&token, &id, true).await.status(), StatusCode::OK);
    let before = h.shown(&id).await;
    assert_eq!(before["guarantee"], "Accepted");
    assert_eq!(
        before["status"], "InProgress",
        "step by step: no scenario runs on"
    );
    for accepted in [true, false] {
        let (status, _, body) = problem(h.confirm(&token, &id, accepted).await).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body.title.as_deref(), Some("No Guarantee Offer Pending"));
        let verb = if accepted { "accept" } else { "reject" };
        assert_eq!(
            body.detail.unwrap(),
            format!(
                "session {id}: cannot {verb} the guarantee of session: no guarantee offer is pending (guarantee Accepted, status InProgress)"
            )
        );
    }
    assert_eq!(h.shown(&id).await, before, "unchanged");
    assert!(h.no_status_webhook().await);
    assert_eq!(h.details(&token, &id).await["step"]["current"], "Review");
    h.steps(&id, "complete").await;
    assert_eq!(h.next_status_webhook().await["status"], "Completed");
}

#[tokio::test]
async fn confirm_errors_are_problem_bodies_and_change_nothing() {
    let mut h = harness().await;
    let (eft, eft_token) = h.session("USER-3", false).await;
    let (id, token) = h.session("Happy1", true).await;

    // A GEFT session with no offer yet: nothing to decide on.
    let (status, _, body) = problem(h.confirm(&token, &id, true).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body.title.as_deref(), Some("No Guarantee Offer Pending"));

    h.steps(&id, "run").await;
    h.next_offer().await;
    let before = h.shown(&id).await;

    // An EFT V2 session has no guarantee, before and after it starts.
    for drive in ["start", "complete"] {
        let (status, _, body) = problem(h.confirm(&eft_token, &eft, true).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body.title.as_deref(), Some("Guarantee Not Enabled"));
        assert!(
            body.detail
                .as_deref()
                .unwrap()
                .contains("EFT V2 sessions offer no guarantee")
        );
        h.steps(&eft, drive).await;
    }
    // Once it ended, it is refused as terminal, as a cancel would be.
    let (status, _, body) = problem(h.confirm(&eft_token, &eft, false).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.title.as_deref(), Some("Session Already Terminal"));
    assert_eq!(h.next_status_webhook().await["status"], "Completed");

    let unknown = "00000000-0000-4000-8000-000000000000";
    let (status, _, body) = problem(h.confirm(&token, unknown, true).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body.title.as_deref(), Some("Session Not Found"));
    assert!(body.detail.as_deref().unwrap().contains(unknown));

    let (status, _, body) = problem(h.confirm(&token, "not-a-uuid", true).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body.detail.as_deref(),
        Some(r#"session id "not-a-uuid" is not a UUID"#)
    );

    let (status, headers, _) = problem(
        h.confirm_raw(None, &id, r#"{"guaranteeAccepted":true}"#)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let (status, _, _) = problem(
        h.confirm_raw(Some("nope"), &id, r#"{"guaranteeAccepted":true}"#)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    for (body, field_message) in [
        ("{}", "is required"),
        (r#"{"guaranteeAccepted": null}"#, "is required"),
        (
            r#"{"guaranteeAccepted": "yes"}"#,
            r#"guaranteeAccepted must be true or false, not "yes""#,
        ),
    ] {
        let (status, _, problem) = problem(h.confirm_raw(Some(&token), &id, body).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            problem.errors.unwrap()["guaranteeAccepted"],
            [field_message],
            "{body}"
        );
    }
    for body in ["[true]", "true", "{"] {
        let (status, _, problem) = problem(h.confirm_raw(Some(&token), &id, body).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(problem.title.as_deref(), Some("Invalid Body"), "{body}");
    }
    let answer = h
        .client
        .post(h.url(&format!("/api/v2/sessions/{id}/guarantees/confirm")))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(r#"{"guaranteeAccepted":true}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(answer).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let answer = h
        .client
        .get(h.url(&format!("/api/v2/sessions/{id}/guarantees/confirm")))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(answer).await.0, StatusCode::METHOD_NOT_ALLOWED);

    // Every refusal left the session waiting at the offer.
    assert_eq!(h.shown(&id).await, before);
    assert!(h.no_status_webhook().await);
    assert_eq!(h.confirm(&token, &id, true).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_session_waiting_at_the_offer_expires_by_the_clock() {
    let mut h = harness().await;
    let (id, _) = h.session("Happy1", true).await;
    h.steps(&id, "run").await;
    h.next_offer().await;

    let answer = h
        .client
        .post(h.url("/sandbox/clock/advance?seconds=1800"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let status = h.status(&id).await;
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Expired"), &json!("EFT0601"))
    );
    let shown = h.shown(&id).await;
    assert_eq!(
        (&shown["guarantee"], &shown["status"]),
        (&json!("Offered"), &json!("Expired"))
    );
    // The clock expired the first token too.
    let token = h.token().await;
    let details = h.details(&token, &id).await;
    assert_eq!(details["step"]["current"], "GuaranteeOffer");
    assert_eq!(details["guaranteeDetails"]["guaranteeAccepted"], false);

    let (status, _, body) = problem(h.confirm(&token, &id, true).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.title.as_deref(), Some("Session Already Terminal"));
    assert!(h.no_status_webhook().await, "expiry sends no webhook");
    assert_eq!(h.shown(&id).await, shown);
}

#[tokio::test]
async fn a_cancel_while_the_offer_is_retried_stops_the_retries() {
    let mut h = harness_with(|config| config.guarantee_retry_delay = Duration::from_secs(1)).await;
    h.guarantee_answer.store(500, Ordering::Relaxed);
    let (id, token) = h.session("Happy1", true).await;
    h.steps(&id, "run").await;
    let attempts = h
        .attempts_when(&id, |a| a.len() == 1 && a[0]["state"] == "failed")
        .await;
    assert_eq!(events(&attempts), [("GuaranteeOffered", "failed")]);
    let answer = h
        .client
        .post(h.url(&format!("/api/v2/sessions/{id}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(h.next_status_webhook().await["status"], "Canceled");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let attempts = h.attempts_when(&id, |_| true).await;
    assert_eq!(
        events(&attempts),
        [
            ("GuaranteeOffered", "failed"),
            ("SessionSetupStatusChanged", "delivered")
        ],
        "no retry after the cancel"
    );
    let status = h.status(&id).await;
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Canceled"), &json!("EFT0501"))
    );
    assert_eq!(h.shown(&id).await["guarantee"], "Offered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_decisions_end_with_one_winner() {
    let mut h = harness().await;
    for round in 0..4 {
        // Each round's offer is read before the racers borrow the harness.
        let (id, token) = h.session(&format!("RACE-{round}"), true).await;
        h.steps(&id, "start").await;
        h.steps(&id, "offer").await;
        h.next_offer().await;
        let h = &h;
        let answers = futures_join([true, false, true, false].map(|accepted| {
            let (id, token) = (id.clone(), token.clone());
            async move { h.confirm(&token, &id, accepted).await.status() }
        }))
        .await;
        let winners = answers.iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(winners, 1, "{answers:?}");
        let shown = h.shown(&id).await;
        let losers: Vec<_> = answers.iter().filter(|s| **s != StatusCode::OK).collect();
        match shown["guarantee"].as_str().unwrap() {
            // An acceptance won: the others found no pending offer.
            "Accepted" => assert!(
                losers.iter().all(|s| **s == StatusCode::CONFLICT),
                "{answers:?}"
            ),
            // A rejection won: the session failed, the others found it ended.
            "Rejected" => assert!(
                losers.iter().all(|s| **s == StatusCode::BAD_REQUEST),
                "{answers:?}"
            ),
            other => panic!("guarantee {other} after the race"),
        }
        assert_eq!(
            shown["log"].as_array().unwrap().len(),
            3,
            "one decision written"
        );
    }
}

/// Runs the futures at once and collects their outputs in order.
async fn futures_join<F: Future>(futures: [F; 4]) -> [F::Output; 4] {
    let [a, b, c, d] = futures;
    let (a, b, c, d) = tokio::join!(a, b, c, d);
    [a, b, c, d]
}

#[test]
fn the_test_code_names_the_crates_constants() {
    // The tests above count three attempts and EFT0402 because the crate
    // says so; fail loudly if it ever says otherwise.
    assert_eq!(eft_session::GUARANTEE_DELIVERY_ATTEMPTS, 3);
    assert_eq!(eft_session::GUARANTEE_FAILURE, StatusDetail::EFT0402);
    assert_eq!(GuaranteeOffered::NAME, "GuaranteeOffered");
}
