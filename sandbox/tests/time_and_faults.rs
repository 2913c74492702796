//! End to end, over real HTTP on loopback: the sandbox's clock and session
//! timeouts, bounded memory once tokens expire, the webhook delivery log and
//! resends, and faults on demand.

mod common;

use std::ops::Deref;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use common::{Api, Received, problem, receiver, request, serve, serve_on, verified, within};
use eft_sandbox::Config;
use eft_session::webhook;
use reqwest::StatusCode;
use serde_json::{Value, json};

const WEBHOOK_SECRET: &[u8] = b"whsec_e2e";

struct Harness {
    api: Api,
    webhooks: Received,
    /// What the webhook receiver answers.
    answer: Arc<AtomicU16>,
}

impl Deref for Harness {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

async fn harness_with(configure: impl FnOnce(&mut Config)) -> Harness {
    let answer = Arc::new(AtomicU16::new(200));
    let (hook, webhooks) = receiver("/hook", Arc::clone(&answer));
    let hook = serve(hook).await;
    let mut config = Config::new("client", "s3cret");
    config.webhook_url = Some(format!("http://{hook}/hook"));
    config.webhook_secret = WEBHOOK_SECRET.to_vec();
    configure(&mut config);
    Harness {
        api: Api::open(config).await,
        webhooks,
        answer,
    }
}

async fn harness() -> Harness {
    harness_with(|_| {}).await
}

impl Harness {
    /// A new EFT V2 session, with a token of its own.
    async fn session(&self, reference: &str) -> String {
        let token = self.token().await;
        self.create_session(&token, reference, false).await
    }

    async fn advance(&self, seconds: u64) -> Value {
        let answer = self
            .post(&format!("/sandbox/clock/advance?seconds={seconds}"), None)
            .await;
        assert_eq!(answer.status(), StatusCode::OK);
        answer.json().await.unwrap()
    }

    async fn status(&self, id: &str) -> Value {
        self.json(&format!("/api/v2/sessions/{id}/status")).await
    }

    /// Completes session `id` from outside (start, then EFT0301).
    async fn complete(&self, id: &str) {
        let answer = self.drive(id, "run").await;
        assert_eq!(answer.status(), StatusCode::OK);
    }

    async fn add_fault(&self, fault: Value) -> reqwest::Response {
        self.client
            .post(self.url("/sandbox/faults"))
            .json(&fault)
            .send()
            .await
            .unwrap()
    }

    async fn fault(&self, fault: Value) -> Value {
        let answer = self.add_fault(fault).await;
        assert_eq!(answer.status(), StatusCode::CREATED);
        answer.json().await.unwrap()
    }

    /// The next webhook's body, its signature checked; `None` within `wait`.
    async fn webhook_within(&mut self, wait: Duration) -> Option<Value> {
        let (headers, body) = within(&mut self.webhooks, wait).await?;
        verified(WEBHOOK_SECRET, &headers, &body);
        Some(serde_json::from_slice(&body).unwrap())
    }

    async fn next_webhook(&mut self) -> Value {
        self.webhook_within(Duration::from_secs(5))
            .await
            .expect("a webhook")
    }

    async fn no_webhook_within(&mut self, wait: Duration) -> bool {
        self.webhook_within(wait).await.is_none()
    }
}

/// The session id a webhook body names.
fn session_of(event: &Value) -> &str {
    event["sessionId"]
        .as_str()
        .or_else(|| event["report"]["sessionId"].as_str())
        .or_else(|| event["data"]["sessionId"].as_str())
        .unwrap_or_else(|| panic!("no sessionId in {event}"))
}

#[tokio::test]
async fn the_clock_expires_a_session_and_sends_no_webhook() {
    let mut h = harness().await;
    let clock = h.json("/sandbox/clock").await;
    assert_eq!(clock["advancedSeconds"], 0);
    let id = h.session("USER1").await;
    let started = h.session("USER2").await;
    assert_eq!(
        h.post(&format!("/sandbox/sessions/{started}/start"), None)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(h.status(&id).await["status"], "Initiated");

    // One second short of the default 30 minutes: still live.
    h.advance(1799).await;
    assert_eq!(h.status(&id).await["status"], "Initiated");
    let moved = h.advance(2).await;
    assert_eq!(moved["advancedSeconds"], 1801);
    let before: eft_session::Timestamp = clock["now"].as_str().unwrap().parse().unwrap();
    let after: eft_session::Timestamp = moved["now"].as_str().unwrap().parse().unwrap();
    assert!(after.since_unix_epoch() >= before.since_unix_epoch() + Duration::from_secs(1801));

    for session in [&id, &started] {
        let status = h.status(session).await;
        assert_eq!(
            (status["status"].as_str(), status["statusDetails"].as_str()),
            (Some("Expired"), Some("EFT0601"))
        );
    }
    // The provider sends nothing for Expired, and neither does the sandbox.
    assert!(h.no_webhook_within(Duration::from_millis(300)).await);
    assert_eq!(h.json("/sandbox/webhooks").await, json!([]));
    let stats = h.json("/sandbox/stats").await;
    assert_eq!(
        (
            stats["liveSessions"].as_u64(),
            stats["finishedSessions"].as_u64()
        ),
        (Some(0), Some(2))
    );

    // Expired is terminal: a cancel now is the crate's 400.
    let token = h.token().await;
    let cancel = h
        .client
        .post(h.url(&format!("/api/v2/sessions/{id}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, _, body) = problem(cancel).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.title.as_deref(), Some("Session Already Terminal"));
}

#[tokio::test]
async fn a_bad_advance_is_a_400_problem_and_moves_nothing() {
    let h = harness().await;
    for (query, detail) in [
        ("", "the query has no seconds"),
        ("?seconds=abc", "seconds \"abc\" is not a whole number"),
        ("?seconds=-5", "seconds \"-5\" is not a whole number"),
        ("?seconds=1.5", "seconds \"1.5\" is not a whole number"),
        (
            "?seconds=315360001",
            "seconds 315360001 is more than 315360000",
        ),
    ] {
        let (status, _, body) = problem(
            h.post(&format!("/sandbox/clock/advance{query}"), None)
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            body.detail.as_deref().unwrap().starts_with(detail),
            "{query}: {body:?}"
        );
        assert!(body.errors.unwrap().contains_key("seconds"));
    }
    assert_eq!(h.json("/sandbox/clock").await["advancedSeconds"], 0);
    let (status, _, _) = problem(h.get("/sandbox/clock/advance?seconds=5").await).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn expiry_is_lazy_on_a_read_and_swept_in_the_background() {
    // No sweep for an hour: only the read can expire the session.
    let h = harness_with(|config| {
        config.session_timeout = Duration::from_secs(1);
        config.sweep_interval = Duration::from_secs(3600);
    })
    .await;
    let id = h.session("USER1").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(h.json("/sandbox/stats").await["liveSessions"], 1);
    assert_eq!(h.status(&id).await["statusDetails"], "EFT0601");

    // A sweep every 100 ms expires a session nobody reads.
    let h = harness_with(|config| {
        config.session_timeout = Duration::from_secs(1);
        config.sweep_interval = Duration::from_millis(100);
    })
    .await;
    h.session("USER2").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let stats = h.json("/sandbox/stats").await;
    assert_eq!(
        (
            stats["liveSessions"].as_u64(),
            stats["finishedSessions"].as_u64()
        ),
        (Some(0), Some(1))
    );
}

#[tokio::test]
async fn finished_sessions_are_forgotten_after_the_retention() {
    let h = harness_with(|config| config.retention = Duration::from_secs(600)).await;
    let id = h.session("USER1").await;
    h.complete(&id).await;
    h.attempts_when(&id, |log| log.len() == 1 && log[0]["state"] != "sending")
        .await;
    h.advance(599).await;
    assert_eq!(h.status(&id).await["status"], "Completed");
    h.advance(2).await;
    let (status, _, _) = problem(h.get(&format!("/api/v2/sessions/{id}/status")).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let stats = h.json("/sandbox/stats").await;
    assert_eq!(
        (
            stats["finishedSessions"].as_u64(),
            stats["webhookAttempts"].as_u64()
        ),
        (Some(0), Some(0))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_once_a_flood_of_tokens_expires() {
    const TOKENS: usize = 20_000;
    let h = harness().await;
    let first = h.token().await;
    let workers: Vec<_> = (0..16)
        .map(|worker| {
            let (client, url) = (h.client.clone(), h.url("/api/v1/authorize"));
            tokio::spawn(async move {
                for _ in (worker..TOKENS - 1).step_by(16) {
                    let answer = client
                        .post(&url)
                        .basic_auth("client", Some("s3cret"))
                        .form(&[("grant_type", "client_credentials")])
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(answer.status(), StatusCode::OK);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    assert_eq!(h.json("/sandbox/stats").await["tokens"], TOKENS);

    // Past the 299 s lifetime and the 60 s an expired token is remembered;
    // the advance sweeps at once.
    h.advance(299 + 61).await;
    assert_eq!(h.json("/sandbox/stats").await["tokens"], 0);
    let (status, _, body) = problem(h.create(&first, &request("USER1", false)).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.detail.unwrap().contains("expired over 60 s ago"));
}

#[tokio::test]
async fn an_expired_token_is_refused_on_the_clock_and_named_expired() {
    let h = harness().await;
    let token = h.token().await;
    h.advance(300).await;
    let (status, headers, body) = problem(h.create(&token, &request("USER1", false)).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    assert!(
        body.detail
            .as_deref()
            .unwrap()
            .starts_with("the bearer token expired 1 s ago")
            || body
                .detail
                .as_deref()
                .unwrap()
                .starts_with("the bearer token expired 0 s ago"),
        "{body:?}"
    );
}

#[tokio::test]
async fn a_refused_delivery_is_logged_and_a_resend_succeeds() {
    let mut h = harness().await;
    h.answer.store(401, Ordering::Relaxed);
    let id = h.session("USER1").await;
    let other = h.session("USER2").await;
    h.complete(&id).await;
    let sent = h.next_webhook().await;
    assert_eq!(session_of(&sent), id);
    let log = h
        .attempts_when(&id, |log| log.len() == 1 && log[0]["state"] != "sending")
        .await;
    let attempt = &log[0];
    assert_eq!(attempt["state"], "failed");
    assert_eq!(attempt["status"], 401);
    assert_eq!(attempt["error"], "the receiver answered 401");
    assert_eq!(attempt["sessionId"], id.as_str());
    assert!(attempt["url"].as_str().unwrap().ends_with("/hook"));
    assert!(attempt["at"].as_str().unwrap().ends_with('Z'));
    // The exact bytes signed and sent.
    let body = attempt["body"].as_str().unwrap();
    assert_eq!(serde_json::from_str::<Value>(body).unwrap(), sent);
    assert_eq!(
        attempt["signature"],
        webhook::sign(WEBHOOK_SECRET, body.as_bytes()).to_string()
    );
    // Another session's attempts are filtered out.
    h.complete(&other).await;
    h.next_webhook().await;
    assert_eq!(h.attempts_when(&id, |_| true).await.len(), 1);
    assert_eq!(
        h.attempts_when(&other, |log| !log.is_empty()).await.len(),
        1
    );

    // The provider does not retry, and neither does the sandbox.
    assert!(h.no_webhook_within(Duration::from_millis(300)).await);

    h.answer.store(200, Ordering::Relaxed);
    let number = attempt["id"].as_u64().unwrap();
    let answer = h
        .post(&format!("/sandbox/webhooks/{number}/resend"), None)
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let resent: Value = answer.json().await.unwrap();
    assert_eq!(
        (
            resent["state"].as_str(),
            resent["status"].as_u64(),
            resent["resendOf"].as_u64()
        ),
        (Some("delivered"), Some(200), Some(number))
    );
    assert_eq!(resent["body"], attempt["body"]);
    assert_eq!(resent["signature"], attempt["signature"]);
    assert_eq!(h.next_webhook().await, sent);
    assert_eq!(h.attempts_when(&id, |_| true).await.len(), 2);

    let (status, _, body) = problem(h.post("/sandbox/webhooks/999/resend", None).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body.detail.unwrap(),
        "no webhook attempt 999: GET /sandbox/webhooks lists them"
    );
    let (status, _, body) = problem(h.post("/sandbox/webhooks/first/resend", None).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body.detail.unwrap(),
        r#"webhook attempt id "first" is not a whole number"#
    );
    let (status, _, body) = problem(h.get("/sandbox/webhooks?sessionId=nope").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.detail.unwrap(), r#"sessionId "nope" is not a UUID"#);
}

#[tokio::test]
async fn a_closed_port_is_logged_with_its_cause_and_a_resend_reaches_it_later() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let h =
        harness_with(|config| config.webhook_url = Some(format!("http://{address}/hook"))).await;
    let id = h.session("USER1").await;
    h.complete(&id).await;
    let log = h
        .attempts_when(&id, |log| log.len() == 1 && log[0]["state"] != "sending")
        .await;
    assert_eq!(log[0]["state"], "failed");
    assert_eq!(log[0]["status"], Value::Null);
    let error = log[0]["error"].as_str().unwrap().to_lowercase();
    assert!(
        error.contains("connect") || error.contains("refused"),
        "{error}"
    );

    // The receiver comes up on that port; the resend reaches it.
    let answer = Arc::new(AtomicU16::new(200));
    let (hook, mut webhooks) = receiver("/hook", answer);
    serve_on(tokio::net::TcpListener::bind(address).await.unwrap(), hook).await;
    let number = log[0]["id"].as_u64().unwrap();
    let resent: Value = h
        .post(&format!("/sandbox/webhooks/{number}/resend"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(resent["state"], "delivered");
    let (_, body) = tokio::time::timeout(Duration::from_secs(5), webhooks.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(body, log[0]["body"].as_str().unwrap().as_bytes());
}

#[tokio::test]
async fn latency_is_added_to_a_route_until_cleared() {
    let h = harness().await;
    let id = h.session("USER1").await;
    let fault = h
        .fault(json!({"kind": "latency", "route": "/api/v2/sessions/{id}/status", "ms": 400}))
        .await;
    assert_eq!(fault["kind"], "latency");
    assert_eq!(fault["remaining"], Value::Null);
    for _ in 0..2 {
        let started = Instant::now();
        h.status(&id).await;
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(400) && took < Duration::from_secs(10),
            "{took:?}"
        );
    }
    // Other routes are untouched: /sandbox answers at once.
    let listed = h.json("/sandbox/faults").await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["ms"], 400);
    let cleared = h
        .client
        .delete(h.url("/sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::OK);
    assert_eq!(cleared.json::<Value>().await.unwrap()["cleared"], 1);
    assert_eq!(h.json("/sandbox/faults").await, json!([]));
    let started = Instant::now();
    h.status(&id).await;
    assert!(started.elapsed() < Duration::from_millis(400));
}

#[tokio::test]
async fn forced_statuses_answer_problem_bodies_then_let_requests_through() {
    let h = harness().await;
    for (status, retry_after, expected_retry) in [
        (500, None, None),
        (503, None, None),
        (503, Some(30), Some("30")),
        (429, Some(7), Some("7")),
        (429, None, Some("1")),
    ] {
        let mut fault = json!({"kind": "status", "method": "POST", "route": "/api/v2/sessions", "status": status, "count": 2});
        if let Some(seconds) = retry_after {
            fault["retryAfter"] = json!(seconds);
        }
        assert_eq!(h.fault(fault).await["remaining"], 2);
        let token = h.token().await;
        for left in [1, 0] {
            let (got, headers, body) =
                problem(h.create(&token, &request("USER1", false)).await).await;
            assert_eq!(got.as_u16(), status);
            assert_eq!(
                headers.get("retry-after").map(|v| v.to_str().unwrap()),
                expected_retry,
                "{status}"
            );
            assert!(body.detail.unwrap().ends_with(&format!(
                "on POST /api/v2/sessions: the request was not handled, {left} more will get it"
            )));
        }
        // The forced answers never reached the handler: the single-use
        // token is unspent, and the third request goes through.
        assert_eq!(
            h.create(&token, &request("USER1", false)).await.status(),
            StatusCode::CREATED
        );
    }
    // A GET on the same route is a different request: not faulted.
    h.fault(json!({"kind": "status", "method": "GET", "route": "/api/v2/sessions", "status": 500}))
        .await;
    let token = h.token().await;
    assert_eq!(
        h.create(&token, &request("USER2", false)).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn bad_faults_are_400_problems_naming_the_value() {
    let h = harness().await;
    for (fault, detail) in [
        (
            json!({"kind": "status", "route": "/api/v2/sessions", "status": 418}),
            "status 418 cannot be forced: use 500, 503 or 429",
        ),
        (
            json!({"kind": "status", "route": "/api/v2/sessions", "status": 500, "retryAfter": 5}),
            "retryAfter applies to 429 and 503, not 500",
        ),
        (
            json!({"kind": "latency", "route": "/sandbox/faults", "ms": 10}),
            "route \"/sandbox/faults\" is none of the API's",
        ),
        (
            json!({"kind": "latency", "route": "/api/v2/sessions", "ms": 0}),
            "ms 0 is not a whole number from 1 to 60000",
        ),
        (
            json!({"kind": "latency", "route": "/api/v2/sessions"}),
            "a latency fault needs ms, from 1 to 60000",
        ),
        (
            json!({"kind": "webhook", "action": "explode"}),
            "action \"explode\" is not drop, duplicate, delay or reorder",
        ),
        (
            json!({"kind": "webhook", "action": "delay"}),
            "a delay needs ms, from 1 to 60000",
        ),
        (
            json!({"kind": "webhook", "action": "drop", "count": -1}),
            "count -1 is not a whole number from 1 to 100000",
        ),
        (
            json!({"kind": "teleport"}),
            "kind \"teleport\" is not latency, status, lost or webhook",
        ),
        (
            json!({"kind": "lost", "route": "/api/v2/sessions/{id}/cancel", "answer": 500}),
            "answer 500 is not \"close\", 502 or 504",
        ),
        (
            json!({"kind": "lost", "route": "/api/v2/sessions/{id}/cancel", "ms": 5}),
            "ms does not apply to a lost fault",
        ),
        (
            json!({"kind": "latency", "route": "/api/v2/sessions", "ms": 5, "speed": 1}),
            "unknown field \"speed\"",
        ),
        (json!([1]), "the body is an array, not a JSON object"),
    ] {
        let (status, _, body) = problem(h.add_fault(fault.clone()).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{fault}");
        assert!(
            body.detail.as_deref().unwrap().starts_with(detail),
            "{fault}: {body:?}"
        );
    }
    assert_eq!(h.json("/sandbox/faults").await, json!([]));
}

#[tokio::test]
async fn a_dropped_webhook_is_logged_and_never_sent() {
    let mut h = harness().await;
    h.fault(json!({"kind": "webhook", "action": "drop"})).await;
    let dropped = h.session("USER1").await;
    h.complete(&dropped).await;
    assert!(h.no_webhook_within(Duration::from_millis(300)).await);
    let log = h.attempts_when(&dropped, |log| !log.is_empty()).await;
    assert_eq!(log[0]["state"], "dropped");
    assert!(
        log[0]["fault"]
            .as_str()
            .unwrap()
            .starts_with("dropped by fault")
    );
    // The fault is spent: the next one arrives.
    let next = h.session("USER2").await;
    h.complete(&next).await;
    assert_eq!(session_of(&h.next_webhook().await), next);
}

#[tokio::test]
async fn a_duplicated_webhook_arrives_twice_with_the_same_bytes() {
    let mut h = harness().await;
    h.fault(json!({"kind": "webhook", "action": "duplicate", "count": 1}))
        .await;
    let id = h.session("USER1").await;
    h.complete(&id).await;
    let first = h.next_webhook().await;
    let second = h.next_webhook().await;
    assert_eq!(first, second);
    assert_eq!(session_of(&first), id);
    assert!(h.no_webhook_within(Duration::from_millis(300)).await);
    let log = h.attempts_when(&id, |log| log.len() == 2).await;
    assert_eq!(log[0]["body"], log[1]["body"]);
}

#[tokio::test]
async fn a_delayed_webhook_arrives_late() {
    let mut h = harness().await;
    h.fault(json!({"kind": "webhook", "action": "delay", "ms": 600}))
        .await;
    let id = h.session("USER1").await;
    let started = Instant::now();
    h.complete(&id).await;
    assert!(h.no_webhook_within(Duration::from_millis(300)).await);
    let event = h.next_webhook().await;
    assert!(started.elapsed() >= Duration::from_millis(600));
    assert_eq!(session_of(&event), id);
}

#[tokio::test]
async fn a_reordered_webhook_is_held_until_the_next_one_is_sent() {
    let mut h = harness().await;
    h.fault(json!({"kind": "webhook", "action": "reorder"}))
        .await;
    let (first, second) = (h.session("USER1").await, h.session("USER2").await);
    h.complete(&first).await;
    assert!(h.no_webhook_within(Duration::from_millis(300)).await);
    assert_eq!(h.json("/sandbox/stats").await["heldWebhooks"], 1);
    h.complete(&second).await;
    assert_eq!(session_of(&h.next_webhook().await), second);
    assert_eq!(session_of(&h.next_webhook().await), first);
    assert_eq!(h.json("/sandbox/stats").await["heldWebhooks"], 0);

    // Clearing the faults sends what is still held.
    h.fault(json!({"kind": "webhook", "action": "reorder"}))
        .await;
    let third = h.session("USER3").await;
    h.complete(&third).await;
    assert!(h.no_webhook_within(Duration::from_millis(300)).await);
    let cleared: Value = h
        .client
        .delete(h.url("/sandbox/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["released"], 1);
    assert_eq!(session_of(&h.next_webhook().await), third);
}

#[tokio::test]
async fn a_lost_answer_comes_after_the_handler_made_the_change() {
    let h = harness().await;
    let id = h.session("USER1").await;
    let token = h.token().await;
    let route = "/api/v2/sessions/{id}/cancel";
    let fault = h
        .fault(json!({"kind": "lost", "route": route, "count": 1}))
        .await;
    assert_eq!(
        (fault["kind"].clone(), fault["answer"].clone()),
        (json!("lost"), json!("close"))
    );
    // The connection closes before the answer: the client gets nothing.
    let cancel = h
        .client
        .post(h.url(&format!("/api/v2/sessions/{id}/cancel")))
        .bearer_auth(&token)
        .send()
        .await;
    let lost = cancel.expect_err("a lost answer arrived");
    assert!(lost.is_request(), "{lost:?}");
    // The cancel was made all the same, once.
    let status = h.status(&id).await;
    assert_eq!(
        (status["status"].clone(), status["statusDetails"].clone()),
        (json!("Cancelled"), json!("EFT0501"))
    );
    let again = h
        .post(&format!("/api/v2/sessions/{id}/cancel"), Some(&token))
        .await;
    let (code, _, body) = problem(again).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    assert_eq!(
        body.final_state().map(|state| state.to_string()),
        Some("Cancelled (EFT0501)".to_owned())
    );
    let steps = h.json(&format!("/sandbox/sessions/{id}")).await;
    assert_eq!(steps["log"].as_array().unwrap().len(), 1, "{steps}");
    // The request log says which attempt lost its answer.
    let log = h.json(&format!("/sandbox/requests?sessionId={id}")).await;
    let cancels: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["path"].as_str().unwrap().ends_with("/cancel"))
        .map(|entry| {
            (
                entry["status"].clone(),
                entry["lost"].clone(),
                entry["fault"].clone(),
            )
        })
        .collect();
    assert_eq!(
        cancels,
        [
            (json!(200), json!(true), fault["id"].clone()),
            (json!(400), json!(false), json!(null))
        ]
    );
}

#[tokio::test]
async fn a_gateway_answer_replaces_a_handled_confirm_or_cancel() {
    let h = harness().await;
    let id = h.session("USER1").await;
    let token = h.token().await;
    h.fault(json!({"kind": "lost", "route": "/api/v2/sessions/{id}/cancel", "answer": 504}))
        .await;
    let (code, _, body) = problem(
        h.post(&format!("/api/v2/sessions/{id}/cancel"), Some(&token))
            .await,
    )
    .await;
    assert_eq!(
        (code, body.title.as_deref()),
        (StatusCode::GATEWAY_TIMEOUT, Some("Gateway Timeout"))
    );
    assert!(body.detail.unwrap().contains("the request was handled"));
    assert_eq!(h.status(&id).await["status"], "Cancelled");
    // The confirm route takes faults too.
    let confirm = "/api/v2/sessions/{id}/guarantees/confirm";
    h.fault(json!({"kind": "status", "route": confirm, "status": 503, "retryAfter": 2}))
        .await;
    let answer = h
        .client
        .post(h.url(&format!("/api/v2/sessions/{id}/guarantees/confirm")))
        .bearer_auth(&token)
        .json(&json!({"guaranteeAccepted": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["retry-after"], "2");
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn the_request_log_numbers_tokens_and_keeps_the_last_requests() {
    let h = harness_with(|config| config.request_log_size = 3).await;
    let first = h.token().await;
    let id = h.create_session(&first, "USER1", false).await;
    h.details_as(&id, Some(&first)).await;
    h.status(&id).await;
    let log = h.json("/sandbox/requests").await;
    let rows: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["id"].clone(),
                entry["method"].clone(),
                entry["token"].clone(),
                entry["issued"].clone(),
            )
        })
        .collect();
    // Four requests, three kept: the authorize that issued token 1 is gone.
    assert_eq!(
        rows,
        [
            (json!(2), json!("POST"), json!(1), json!(null)),
            (json!(3), json!("GET"), json!(1), json!(null)),
            (json!(4), json!("GET"), json!(null), json!(null)),
        ]
    );
    h.token().await;
    let log = h.json("/sandbox/requests").await;
    assert_eq!(log[2]["issued"], 2);
    assert!(eft_session::Timestamp::from_str(log[2]["at"].as_str().unwrap()).is_ok());
    assert_eq!(h.json("/sandbox/stats").await["loggedRequests"], 3);
    // The sandbox's own routes are not logged.
    assert_eq!(
        h.json("/sandbox/requests").await.as_array().unwrap().len(),
        3
    );
}

#[tokio::test]
async fn retention_forgets_the_stores_rows_too() {
    let mut config = Config::new("client", "s3cret");
    config.retention = Duration::ZERO;
    let sandbox = eft_sandbox::Sandbox::open(config).await.unwrap();
    let api = Api::new(format!(
        "http://{}",
        serve(eft_sandbox::router(Arc::clone(&sandbox))).await
    ));
    let id = api.create_session(&api.token().await, "USER1", false).await;
    let token = api.token().await;
    assert_eq!(
        api.post(&format!("/api/v2/sessions/{id}/cancel"), Some(&token))
            .await
            .status(),
        StatusCode::OK
    );
    let uuid = eft_session::uuid::Uuid::parse_str(&id).unwrap();
    assert!(sandbox.store().session(uuid).await.unwrap().is_some());
    let swept = sandbox.sweep().await;
    assert_eq!(swept.removed_sessions, 1);
    assert_eq!(sandbox.store().session(uuid).await.unwrap(), None);
    assert!(sandbox.store().log(uuid).await.unwrap().is_empty());
}

#[tokio::test]
async fn tokens_sessions_and_attempts_stop_at_their_caps() {
    let h = harness_with(|config| {
        config.max_tokens = 3;
        config.max_sessions = 2;
        config.webhook_log_size = 2;
        config.retention = Duration::from_secs(100);
    })
    .await;
    let tokens = [h.token().await, h.token().await, h.token().await];
    let (status, headers, body) = problem(h.authorize_as("client", "s3cret").await).await;
    assert_eq!(
        (status, body.title.as_deref()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("Too Many Tokens"))
    );
    assert_eq!(
        headers["retry-after"], "359",
        "299 s of life and 60 of grace"
    );
    assert!(body.detail.unwrap().contains("keeps 3 tokens at most"));

    let first = h.create_session(&tokens[0], "USER1", false).await;
    let second = h.create_session(&tokens[1], "USER2", false).await;
    let (status, headers, body) =
        problem(h.create(&tokens[2], &request("USER3", false)).await).await;
    assert_eq!(
        (status, body.title.as_deref()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("Sandbox Full"))
    );
    assert_eq!(headers["retry-after"], "60");
    // A refused create does not spend its token.
    assert_eq!(h.json("/sandbox/stats").await["tokens"], 3);

    // Three delivery attempts, two kept: the oldest finished one goes.
    h.complete(&first).await;
    h.complete(&second).await;
    let delivered = |log: &[Value]| log.len() == 1 && log[0]["state"] != "sending";
    let first_attempt = h.attempts_when(&first, delivered).await[0]["id"].clone();
    h.attempts_when(&second, delivered).await;
    let resend = h
        .post(&format!("/sandbox/webhooks/{first_attempt}/resend"), None)
        .await;
    assert_eq!(resend.status(), StatusCode::OK);
    let ids: Vec<_> = h
        .json("/sandbox/webhooks")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(!ids.contains(&first_attempt), "{ids:?}");

    // Once the tokens expire and the sessions' retention passes, there is
    // room again.
    h.advance(360).await;
    let stats = h.json("/sandbox/stats").await;
    assert_eq!(
        (stats["tokens"].as_u64(), stats["finishedSessions"].as_u64()),
        (Some(0), Some(0)),
        "{stats}"
    );
    h.session("USER3").await;
}

#[tokio::test]
async fn a_listing_filter_that_is_not_an_id_is_a_problem() {
    let h = harness().await;
    for route in ["/sandbox/requests", "/sandbox/webhooks"] {
        let (status, _, body) = problem(h.get(&format!("{route}?sessionId=nope")).await).await;
        assert_eq!(
            (status, body.title.as_deref()),
            (StatusCode::BAD_REQUEST, Some("Invalid Query")),
            "{route}"
        );
    }
}
