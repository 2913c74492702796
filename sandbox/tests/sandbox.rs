//! End to end: the sandbox's router on a free loopback port, driven with a
//! real HTTP client, with a webhook receiver beside it. Every server a test
//! starts is stopped when the test's runtime ends.

mod common;

use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::AtomicU16;
use std::time::Duration;

use axum::http::HeaderMap;
use common::{Api, Received, problem, receiver, request, serve, verified, within};
use eft_sandbox::{Config, is_loopback_url};
use eft_session::wire::{
    CancelSessionResponse, ProblemDetails, SessionSetupStatusChanged, SessionStatusResponse,
};
use eft_session::{SessionStatus, StatusDetail};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WEBHOOK_SECRET: &[u8] = b"whsec_e2e";

/// A sandbox and a webhook receiver, each on a free port of 127.0.0.1.
struct Harness {
    api: Api,
    webhooks: Received,
}

impl Deref for Harness {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

async fn harness() -> Harness {
    harness_with(|_| {}).await
}

/// A harness whose sandbox runs with `configure`'s changes to the test
/// settings (client `client`/`s3cret`, an in-memory database).
async fn harness_with(configure: impl FnOnce(&mut Config)) -> Harness {
    let (hook, webhooks) = receiver("/hook", Arc::new(AtomicU16::new(200)));
    let hook = serve(hook).await;
    let mut config = Config::new("client", "s3cret");
    config.webhook_url = Some(format!("http://{hook}/hook"));
    config.webhook_secret = WEBHOOK_SECRET.to_vec();
    configure(&mut config);
    Harness {
        api: Api::open(config).await,
        webhooks,
    }
}

impl Harness {
    async fn status(&self, id: &str) -> SessionStatusResponse {
        let answer = self.get(&format!("/api/v2/sessions/{id}/status")).await;
        assert_eq!(answer.status(), StatusCode::OK);
        SessionStatusResponse::from_json(&answer.text().await.unwrap()).unwrap()
    }

    async fn cancel(&self, token: Option<&str>, id: &str) -> reqwest::Response {
        self.post(&format!("/api/v2/sessions/{id}/cancel"), token)
            .await
    }

    /// The next webhook, verified; `None` if none comes within `wait`.
    async fn webhook_within(&mut self, wait: Duration) -> Option<SessionSetupStatusChanged> {
        let (headers, body) = within(&mut self.webhooks, wait).await?;
        Some(verified(WEBHOOK_SECRET, &headers, &body))
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

/// The answer's problem body, checked: problem+json, `status` equal to the
/// HTTP status, which is `expected`.
async fn problem_of(
    answer: reqwest::Response,
    expected: StatusCode,
) -> (HeaderMap, ProblemDetails) {
    let (status, headers, body) = problem(answer).await;
    assert_eq!(status, expected, "{body:?}");
    (headers, body)
}

#[tokio::test]
async fn the_happy_path_completes_and_sends_one_signed_webhook() {
    let mut h = harness().await;
    let body = h.token_body("client", "s3cret").await;
    assert_eq!(
        body["expires_in"].as_u64(),
        Some(299),
        "the default lifetime"
    );
    let token = body["access_token"].as_str().unwrap().to_owned();
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
    let (code, _, body) = problem(h.cancel(Some(&token), &id).await).await;
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
        let (status, _, body) = problem(answer).await;
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
    let details: Value = h.details_as(&id, Some(&token)).await.json().await.unwrap();
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

    let (code, _, body) = problem(h.cancel(Some(&token), &id).await).await;
    assert_eq!((code, body.status), (StatusCode::BAD_REQUEST, Some(400)));
}

#[tokio::test]
async fn every_error_status_has_its_body() {
    let h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "USER12345", false).await;

    let (code, _, body) = problem(h.cancel(None, &id).await).await;
    assert_eq!(
        (code, body.title.as_deref()),
        (StatusCode::UNAUTHORIZED, Some("Authentication Required"))
    );
    let (code, _, _) = problem(h.cancel(Some("forged"), &id).await).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);

    let unknown = "00000000-0000-0000-0000-000000000001";
    let (code, _, body) = problem(h.cancel(Some(&token), unknown).await).await;
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

    // A fresh token: the first initiated its session, and tokens are
    // single-use by default.
    let mut bad = request("order #12", false);
    bad["direction"] = json!("CREDIT");
    let (code, _, body) = problem(h.create(&h.token().await, &bad).await).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    let errors = body.errors.unwrap();
    assert_eq!(
        errors.keys().collect::<Vec<_>>(),
        ["direction", "referenceId"]
    );

    let details = h.details_as(&id, Some(&token)).await;
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
    assert!(is_loopback_url("http://127.0.0.1:9000/hook"));
    assert!(is_loopback_url("http://localhost:9000/hook"));
    assert!(is_loopback_url("http://[::1]:9000/"));
    assert!(!is_loopback_url("http://10.0.0.1:9000/hook"));
    assert!(!is_loopback_url("https://127.0.0.1/hook"));
    assert!(!is_loopback_url("http://127.0.0.1.example.com/hook"));
}

impl Harness {
    fn authorize_request(&self) -> reqwest::RequestBuilder {
        self.client.post(self.url("/api/v1/authorize"))
    }

    async fn authorize(&self, request: reqwest::RequestBuilder) -> reqwest::Response {
        request.send().await.unwrap()
    }
}

#[tokio::test]
async fn framework_answers_are_problem_bodies_too() {
    let h = harness_with(|config| config.max_body_bytes = 1024).await;
    let token = h.token().await;

    // A path id that is not a UUID: 400, on every session route.
    for (method, path) in [
        (reqwest::Method::GET, "/api/v2/sessions/not-a-uuid/status"),
        (reqwest::Method::GET, "/api/v2/sessions/not-a-uuid/details"),
        (reqwest::Method::POST, "/api/v2/sessions/not-a-uuid/cancel"),
        (reqwest::Method::POST, "/sandbox/sessions/not-a-uuid/start"),
    ] {
        let answer = h
            .client
            .request(method, h.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let (_, body) = problem_of(answer, StatusCode::BAD_REQUEST).await;
        assert_eq!(
            body.detail.as_deref(),
            Some(r#"session id "not-a-uuid" is not a UUID"#)
        );
    }

    // An unknown route: 404.
    let answer = h.client.get(h.url("/api/v3/nothing")).send().await.unwrap();
    let (_, body) = problem_of(answer, StatusCode::NOT_FOUND).await;
    assert_eq!(
        body.detail.as_deref(),
        Some("no route for GET /api/v3/nothing")
    );

    // A known route with another method: 405 with Allow.
    let answer = h
        .client
        .get(h.url("/api/v2/sessions"))
        .send()
        .await
        .unwrap();
    let (headers, body) = problem_of(answer, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_eq!(headers["allow"], "POST");
    assert_eq!(body.title.as_deref(), Some("Method Not Allowed"));
    let id = "00000000-0000-0000-0000-000000000001";
    let answer = h
        .client
        .delete(h.url(&format!("/api/v2/sessions/{id}/status")))
        .send()
        .await
        .unwrap();
    let (headers, _) = problem_of(answer, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_eq!(headers["allow"], "GET,HEAD");

    // Malformed JSON: 400 naming the syntax error.
    let answer = h
        .client
        .post(h.url("/api/v2/sessions"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"type\": ")
        .send()
        .await
        .unwrap();
    let (_, body) = problem_of(answer, StatusCode::BAD_REQUEST).await;
    assert!(
        body.detail
            .as_deref()
            .unwrap()
            .starts_with("the body is not JSON: "),
        "{body:?}"
    );

    // JSON that is not an object: 400.
    let answer = h.create(&token, &json!([1, 2])).await;
    let (_, body) = problem_of(answer, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        body.detail.as_deref(),
        Some("the body is an array, not a JSON object")
    );

    // A body over the limit: 413.
    let mut large = request("USER1", false);
    large["payor"]["occupation"] = json!("x".repeat(4096));
    let (_, body) = problem_of(
        h.create(&token, &large).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(body.title.as_deref(), Some("Payload Too Large"));

    // Not JSON: 415, for text/plain and for no Content-Type at all.
    let answer = h
        .client
        .post(h.url("/api/v2/sessions"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(request("USER1", false).to_string())
        .send()
        .await
        .unwrap();
    let (_, body) = problem_of(answer, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert_eq!(
        body.detail.as_deref(),
        Some(r#"content type "text/plain" is not accepted here: send application/json"#)
    );
    let answer = h
        .client
        .post(h.url("/api/v2/sessions"))
        .bearer_auth(&token)
        .body(request("USER1", false).to_string())
        .send()
        .await
        .unwrap();
    problem_of(answer, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;

    // A +json type is JSON: the request goes through.
    let answer = h
        .client
        .post(h.url("/api/v2/sessions"))
        .bearer_auth(&token)
        .header(
            "content-type",
            "application/vnd.example+json; charset=utf-8",
        )
        .body(request("USER1", false).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);

    // A bad query on the drive route: 400.
    let answer = h
        .client
        .post(h.url(&format!(
            "/sandbox/sessions/{id}/fail?code=EFT0401&code=EFT0403"
        )))
        .send()
        .await
        .unwrap();
    problem_of(answer, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn authorize_says_what_failed() {
    let h = harness().await;
    let form = [("grant_type", "client_credentials")];
    let cases = [
        (
            h.authorize_request().form(&form),
            "no client credentials: send HTTP Basic with the client id and secret",
        ),
        (
            h.authorize_request()
                .basic_auth("nobody", Some("s3cret"))
                .form(&form),
            r#"unknown client "nobody""#,
        ),
        (
            h.authorize_request()
                .basic_auth("client", Some("wrong"))
                .form(&form),
            r#"wrong secret for client "client""#,
        ),
        (
            h.authorize_request()
                .header("authorization", "Basic !!!")
                .form(&form),
            "the Basic credentials are not base64 of ID:SECRET",
        ),
        (
            h.authorize_request().bearer_auth("abc").form(&form),
            r#"the Authorization header uses scheme "Bearer": send HTTP Basic with the client id and secret"#,
        ),
    ];
    for (request, detail) in cases {
        let (headers, body) =
            problem_of(h.authorize(request).await, StatusCode::UNAUTHORIZED).await;
        assert_eq!(body.detail.as_deref(), Some(detail));
        assert_eq!(body.title.as_deref(), Some("Authentication Required"));
        assert_eq!(
            headers["www-authenticate"],
            r#"Basic realm="eft-sandbox", charset="UTF-8""#
        );
    }

    // The form: grant_type missing or unsupported, 400; a JSON body, 415.
    let answer = h
        .authorize(
            h.authorize_request()
                .basic_auth("client", Some("s3cret"))
                .form(&[("scope", "x")]),
        )
        .await;
    let (_, body) = problem_of(answer, StatusCode::BAD_REQUEST).await;
    assert_eq!(body.errors.unwrap()["grant_type"], ["is required"]);
    let answer = h
        .authorize(
            h.authorize_request()
                .basic_auth("client", Some("s3cret"))
                .form(&[("grant_type", "password")]),
        )
        .await;
    let (_, body) = problem_of(answer, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        (body.title.as_deref(), body.detail.as_deref()),
        (
            Some("Unsupported Grant Type"),
            Some(r#"grant_type "password" is not client_credentials"#)
        )
    );
    let answer = h
        .authorize(
            h.authorize_request()
                .basic_auth("client", Some("s3cret"))
                .json(&json!({ "grant_type": "client_credentials" })),
        )
        .await;
    problem_of(answer, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

#[tokio::test]
async fn every_401_challenges_and_schemes_match_in_any_case() {
    let h = harness().await;
    // The scheme in any case, at authorize and on the session endpoints.
    let answer = h
        .authorize(
            h.authorize_request()
                .header("authorization", "bASIC Y2xpZW50OnMzY3JldA==")
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let token = answer.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = h
        .client
        .post(h.url("/api/v2/sessions"))
        .header("authorization", format!("BEARER {token}"))
        .json(&request("USER1", false))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let id = answer.json::<Value>().await.unwrap()["sessionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let details = h
        .client
        .get(h.url(&format!("/api/v2/sessions/{id}/details")))
        .header("authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(details.status(), StatusCode::OK);

    // Every 401 of a session endpoint carries a Bearer challenge.
    for (method, path) in [
        (reqwest::Method::POST, "/api/v2/sessions".to_owned()),
        (
            reqwest::Method::GET,
            format!("/api/v2/sessions/{id}/details"),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v2/sessions/{id}/cancel"),
        ),
    ] {
        let request = || {
            h.client
                .request(method.clone(), h.url(&path))
                .json(&json!({}))
        };
        let answer = request().send().await.unwrap();
        let (headers, body) = problem_of(answer, StatusCode::UNAUTHORIZED).await;
        assert_eq!(headers["www-authenticate"], r#"Bearer realm="eft-sandbox""#);
        assert_eq!(
            body.detail.as_deref(),
            Some("no bearer token: send Authorization: Bearer with a token from /api/v1/authorize")
        );
        let answer = request().bearer_auth("forged").send().await.unwrap();
        let (headers, _) = problem_of(answer, StatusCode::UNAUTHORIZED).await;
        assert_eq!(
            headers["www-authenticate"],
            r#"Bearer realm="eft-sandbox", error="invalid_token""#
        );
        let answer = request()
            .basic_auth("client", Some("s3cret"))
            .send()
            .await
            .unwrap();
        let (headers, body) = problem_of(answer, StatusCode::UNAUTHORIZED).await;
        assert_eq!(
            headers["www-authenticate"],
            r#"Bearer realm="eft-sandbox", error="invalid_request""#
        );
        assert_eq!(
            body.detail.as_deref(),
            Some(r#"the Authorization header uses scheme "Basic", not Bearer"#)
        );
    }
}

#[tokio::test]
async fn validation_reports_type_errors_and_rules_in_one_answer() {
    let h = harness().await;
    let token = h.token().await;
    let mut body = request("order #12", false);
    body["amount"] = json!(-5);
    body["payor"]["firstName"] = json!(42);
    let (_, problem) = problem_of(h.create(&token, &body).await, StatusCode::BAD_REQUEST).await;
    let errors = problem.errors.unwrap();
    assert_eq!(
        errors.keys().collect::<Vec<_>>(),
        ["amount", "payor.firstName", "referenceId"]
    );
    assert_eq!(
        errors["payor.firstName"],
        ["invalid type: integer `42`, expected a string"]
    );
    assert_eq!(errors["amount"], [r#"amount "-5" is negative"#]);

    // Missing options and payor: both reported, nothing about what is inside.
    let body = json!({ "type": "EFT", "direction": "DEBIT", "referenceId": "USER1" });
    let (_, problem) = problem_of(h.create(&token, &body).await, StatusCode::BAD_REQUEST).await;
    let errors = problem.errors.unwrap();
    assert_eq!(errors.keys().collect::<Vec<_>>(), ["options", "payor"]);
    assert_eq!(errors["payor"], ["is required"]);

    // A refused body does not spend the token: it still initiates a session.
    h.create_session(&token, "USER1", false).await;
}

#[tokio::test]
async fn eft_v2_needs_the_regular_eft_feature() {
    let h = harness_with(|config| {
        config.clients.push("geftonly:pw:".parse().unwrap());
    })
    .await;
    let token = h.token_body("geftonly", "pw").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, body) = problem_of(
        h.create(&token, &request("USER1", false)).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        body.detail.as_deref(),
        Some(
            r#"client "geftonly" does not have the RegularEft feature, which EFT V2 sessions (options.guarantee.enable false) need"#
        )
    );
    // GEFT needs no feature; the refused EFT V2 request did not spend the token.
    h.create_session(&token, "USER1", true).await;
}

#[tokio::test]
async fn tokens_initiate_one_session_and_expire() {
    let h = harness_with(|config| config.token_lifetime = Duration::from_secs(1)).await;
    let body = h.token_body("client", "s3cret").await;
    assert_eq!(body["expires_in"].as_u64(), Some(1));
    let token = body["access_token"].as_str().unwrap().to_owned();
    let id = h.create_session(&token, "USER1", false).await;
    let (headers, body) = problem_of(
        h.create(&token, &request("USER2", false)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        body.detail.unwrap(),
        format!(
            "the bearer token already initiated session {id}: a token initiates one session, call /api/v1/authorize again"
        )
    );
    assert!(
        headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains(r#"error="invalid_token""#)
    );
    // Used for initiation, it still reads its session until it expires.
    let details = h.details_as(&id, Some(&token)).await;
    assert_eq!(details.status(), StatusCode::OK);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (_, body) = problem_of(h.cancel(Some(&token), &id).await, StatusCode::UNAUTHORIZED).await;
    assert!(
        body.detail
            .as_deref()
            .unwrap()
            .starts_with("the bearer token expired"),
        "{body:?}"
    );
}

#[tokio::test]
async fn reusable_tokens_initiate_many_sessions_when_configured() {
    let h = harness_with(|config| config.single_use_tokens = false).await;
    let token = h.token().await;
    h.create_session(&token, "USER1", false).await;
    h.create_session(&token, "USER2", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_use_token_racing_itself_initiates_once() {
    let h = harness().await;
    let token = h.token().await;
    let creates: Vec<_> = (0..6)
        .map(|n| {
            let (client, url, token) = (h.client.clone(), h.url("/api/v2/sessions"), token.clone());
            tokio::spawn(async move {
                client
                    .post(url)
                    .bearer_auth(token)
                    .json(&request(&format!("USER{n}"), false))
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut created = 0;
    for create in creates {
        match create.await.unwrap() {
            StatusCode::CREATED => created += 1,
            StatusCode::UNAUTHORIZED => {}
            other => panic!("a create answered {other}"),
        }
    }
    assert_eq!(created, 1);
}

#[tokio::test]
async fn details_show_the_step_from_the_log() {
    let h = harness().await;
    let token = h.token().await;
    let id = h.create_session(&token, "USER1", false).await;
    let step = |h: &Harness| {
        let request = h
            .client
            .get(h.url(&format!("/api/v2/sessions/{id}/details")))
            .bearer_auth(&token);
        async move {
            let body: Value = request.send().await.unwrap().json().await.unwrap();
            body["step"]["current"].clone()
        }
    };
    assert_eq!(step(&h).await, Value::Null);
    h.drive(&id, "start").await;
    assert_eq!(step(&h).await, "Consent");
    h.drive(&id, "complete").await;
    assert_eq!(step(&h).await, "Complete");
}

#[tokio::test]
async fn the_openapi_document_is_the_crates_and_the_checked_in_one() {
    let h = harness().await;
    let answer = h
        .client
        .get(format!("{}/openapi.json", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "application/json");
    let served: Value = answer.json().await.unwrap();
    assert_eq!(served, eft_session::openapi::document());
    let checked_in: Value = serde_json::from_str(include_str!("../../docs/openapi.json")).unwrap();
    assert_eq!(served, checked_in);
    assert_eq!(served["openapi"], "3.1.0");
}
