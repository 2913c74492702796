//! The client against the real `eft-sandbox` program over loopback: every
//! call's happy path, and each failure the retry, token and reconcile rules
//! of the core exist for, made by the sandbox's faults and checked in what
//! the sandbox recorded (its request log, each session's steps), never by
//! timing the client.

mod support;

use std::time::Duration;

use eft_session::api::{
    ApiErrorKind, CallError, CancelOutcome, ConfirmOutcome, Failure, Initiate, RetryPolicy,
    StopReason, TransportErrorKind,
};
use eft_session::uuid::Uuid;
use eft_session::wire::InitiateSessionRequest;
use eft_session::{Product, Session, SessionStatus, StatusDetail};
use serde_json::json;
use support::{Sandbox, cancel_steps, receiver, seconds_between};

/// Short waits: the faults' point is what is retried, not how long for.
fn quick() -> RetryPolicy {
    RetryPolicy::default().with_delays(Duration::from_millis(20), Duration::from_millis(200))
}

fn request(product: Product, reference: &str) -> Initiate {
    let mut request = InitiateSessionRequest::new(product, "Jane", "Doe");
    request.reference_id = Some(reference.into());
    Initiate::new(request).unwrap()
}

#[tokio::test]
async fn every_call_on_its_happy_path() {
    let guarantee = receiver();
    let sandbox = Sandbox::start(&["--guarantee-webhook-url", &guarantee]);
    let client = sandbox.client(quick());

    let token = client.authorize().await.unwrap();
    assert_eq!(token.lifetime(), Duration::from_secs(299));

    let created = client
        .initiate(request(Product::EftV2, "USER12345"))
        .await
        .unwrap();
    assert_eq!(created.reference_id.as_deref(), Some("USER12345"));
    let id = created.session_id;
    let status = client.status(id).await.unwrap();
    assert_eq!(status.detail(), Some(StatusDetail::EFT0101));
    let details = client.details(id).await.unwrap();
    assert_eq!(
        (details.session_id, details.status),
        (id, SessionStatus::Initiated)
    );
    let cancelled = client.cancel(id).await.unwrap();
    assert!(
        matches!(cancelled.outcome, CancelOutcome::Cancelled(_)),
        "{cancelled:?}"
    );
    assert_eq!(cancelled.attempts, 1);

    // GEFT: the offer waits for the client's decision; the watcher sees it
    // complete.
    let geft = client
        .initiate(request(Product::Geft, "Happy1"))
        .await
        .unwrap()
        .session_id;
    sandbox.drive(geft, "start").await;
    sandbox.drive(geft, "offer").await;
    let confirmed = client.confirm_guarantee(geft, true).await.unwrap();
    assert!(
        matches!(confirmed.outcome, ConfirmOutcome::Confirmed(_)),
        "{confirmed:?}"
    );
    sandbox.drive(geft, "complete").await;
    let mut seen = Vec::new();
    let mut held = Session::new(geft, None);
    held.apply(eft_session::Event::Start).unwrap();
    let done = client
        .watch(held, |report| seen.push(report.report.state()))
        .await
        .unwrap();
    assert_eq!(done.detail(), Some(StatusDetail::EFT0301));
    assert_eq!(
        seen.last().map(|state| state.status()),
        Some(SessionStatus::Completed)
    );

    // One token for all of it but the second initiate.
    let issued = sandbox.requests("/api/v1/authorize").await;
    assert_eq!(issued.len(), 2, "{issued:?}");
}

#[tokio::test]
async fn two_503s_then_success() {
    let sandbox = Sandbox::start(&[]);
    let client = sandbox.client(quick());
    let id = client
        .initiate(request(Product::EftV2, "USER1"))
        .await
        .unwrap()
        .session_id;
    sandbox
        .fault(json!({"kind": "status", "route": "/api/v2/sessions/{id}/status", "status": 503, "count": 2}))
        .await;
    assert_eq!(client.status(id).await.unwrap().session_id(), id);
    let polls = sandbox.logged("/status", "status").await;
    assert_eq!(polls, [json!(503), json!(503), json!(200)]);
}

#[tokio::test]
async fn a_429s_retry_after_is_honoured() {
    let sandbox = Sandbox::start(&[]);
    let client = sandbox.client(quick());
    sandbox
        .fault(
            json!({"kind": "status", "route": "/api/v1/authorize", "status": 429, "retryAfter": 1}),
        )
        .await;
    client
        .initiate(request(Product::EftV2, "USER1"))
        .await
        .unwrap();
    let tokens = sandbox.requests("/api/v1/authorize").await;
    assert_eq!(
        tokens
            .iter()
            .map(|entry| entry["status"].clone())
            .collect::<Vec<_>>(),
        [json!(429), json!(200)]
    );
    // By the sandbox's record, not a timer of the test's: the retry came at
    // least the second Retry-After asked for after the 429, although the
    // policy's own waits are at most 200 ms.
    let waited = seconds_between(&tokens[0]["at"], &tokens[1]["at"]);
    assert!(waited >= 1.0, "the retry came {waited} s after the 429");
}

#[tokio::test]
async fn latency_past_the_timeout_is_a_lost_answer_and_a_read_is_retried() {
    let sandbox = Sandbox::start(&[]);
    let retried = sandbox.client_with(quick(), Duration::from_millis(300));
    let once = sandbox.client_with(RetryPolicy::none(), Duration::from_millis(300));
    let id = retried
        .initiate(request(Product::EftV2, "USER1"))
        .await
        .unwrap()
        .session_id;
    let slow =
        json!({"kind": "latency", "route": "/api/v2/sessions/{id}/status", "ms": 1500, "count": 1});

    sandbox.fault(slow.clone()).await;
    let err = once.status(id).await.unwrap_err();
    let CallError::GaveUp {
        last: Failure::Transport(error),
        reason,
        attempts,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (error.kind(), *reason, *attempts),
        (TransportErrorKind::Timeout, StopReason::Attempts, 1)
    );

    sandbox.fault(slow).await;
    assert_eq!(retried.status(id).await.unwrap().session_id(), id);
}

#[tokio::test]
async fn a_cancel_whose_answer_is_lost_is_reported_cancelled_with_one_cancel_step() {
    let sandbox = Sandbox::start(&[]);
    let client = sandbox.client(quick());
    for answer in [json!("close"), json!(502), json!(504)] {
        let id = client
            .initiate(request(Product::EftV2, "USER1"))
            .await
            .unwrap()
            .session_id;
        sandbox
            .fault(
                json!({"kind": "lost", "route": "/api/v2/sessions/{id}/cancel", "answer": answer}),
            )
            .await;
        let cancelled = client.cancel(id).await.unwrap();
        // The first attempt cancelled it; the second met "already
        // terminal", and the status read back says Cancelled, EFT0501.
        assert!(
            matches!(&cancelled.outcome, CancelOutcome::AlreadyCancelled(report) if report.detail() == Some(StatusDetail::EFT0501)),
            "{answer}: {cancelled:?}"
        );
        assert_eq!(cancelled.attempts, 2, "{answer}");
        assert_eq!(cancel_steps(&sandbox.steps(id).await), 1, "{answer}");
    }
    let cancels = sandbox.requests("/cancel").await;
    assert_eq!(
        cancels.iter().filter(|entry| entry["lost"] == true).count(),
        3
    );
}

#[tokio::test]
async fn a_cancel_that_loses_the_race_to_a_completion_names_it() {
    let sandbox = Sandbox::start(&[]);
    let client = sandbox.client(quick());
    let id = client
        .initiate(request(Product::EftV2, "Happy1"))
        .await
        .unwrap()
        .session_id;
    sandbox.drive(id, "run").await;
    let cancelled = client.cancel(id).await.unwrap();
    let CancelOutcome::AlreadyEnded(report) = &cancelled.outcome else {
        panic!("{cancelled:?}")
    };
    assert_eq!(
        (report.status(), report.detail()),
        (SessionStatus::Completed, Some(StatusDetail::EFT0301))
    );
    assert!(!cancelled.outcome.is_cancelled());
    assert_eq!(cancel_steps(&sandbox.steps(id).await), 0);

    // Truly at once: whichever wins, the client reports what the sandbox
    // recorded, and there is one final step.
    for _ in 0..5 {
        let id = client
            .initiate(request(Product::EftV2, "Happy1"))
            .await
            .unwrap()
            .session_id;
        let (cancelled, _) = tokio::join!(client.cancel(id), sandbox.try_drive(id, "run"));
        let cancelled = cancelled.unwrap();
        let steps = sandbox.steps(id).await;
        let last = steps.last().unwrap()["to"].clone();
        assert_eq!(
            cancelled.outcome.is_cancelled(),
            last == "Cancelled",
            "{cancelled:?} {steps:?}"
        );
        assert_eq!(cancelled.outcome.final_state().status().as_str(), last);
        assert!(cancel_steps(&steps) <= 1);
    }
}

#[tokio::test]
async fn a_single_use_token_is_never_used_twice_to_initiate() {
    let sandbox = Sandbox::start(&[]);
    let client = sandbox.client(quick());
    let mut ids = Vec::new();
    for n in 0..3 {
        let id = client
            .initiate(request(Product::EftV2, &format!("USER{n}")))
            .await
            .unwrap()
            .session_id;
        client.details(id).await.unwrap();
        ids.push(id);
    }
    client.cancel(ids[0]).await.unwrap();
    let initiated = sandbox.logged("/api/v2/sessions", "token").await;
    assert_eq!(
        initiated,
        [json!(1), json!(2), json!(3)],
        "each initiate has a token of its own"
    );
    // The other calls reuse the token at hand: three tokens in all.
    assert_eq!(sandbox.requests("/api/v1/authorize").await.len(), 3);
    let details = sandbox.logged("/details", "token").await;
    assert_eq!(details, [json!(1), json!(2), json!(3)]);
}

#[tokio::test]
async fn a_401_is_answered_by_one_refresh() {
    let sandbox = Sandbox::start(&[]);
    let client = sandbox.client(quick());
    let id = client
        .initiate(request(Product::EftV2, "USER1"))
        .await
        .unwrap()
        .session_id;
    // The sandbox's clock passes the token's end (within the minute it
    // still names an expired token); the client's clock does not.
    sandbox
        .post("/sandbox/clock/advance?seconds=310", None)
        .await;
    assert_eq!(client.details(id).await.unwrap().session_id, id);
    let trail: Vec<_> = sandbox
        .get("/sandbox/requests")
        .await
        .as_array()
        .unwrap()
        .iter()
        .skip(2)
        .map(|entry| {
            (
                entry["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                entry["status"].clone(),
                entry["token"].clone(),
                entry["issued"].clone(),
            )
        })
        .collect();
    assert_eq!(
        trail,
        [
            ("details".to_owned(), json!(401), json!(1), json!(null)),
            ("authorize".to_owned(), json!(200), json!(null), json!(2)),
            ("details".to_owned(), json!(200), json!(2), json!(null)),
        ]
    );

    // Wrong credentials: refused at once, no loop of refreshes.
    let wrong = eft_client::Client::builder(
        &sandbox.base,
        eft_session::api::Credentials::new("sandbox", "wrong").unwrap(),
    )
    .retry(quick())
    .build()
    .unwrap();
    let err = wrong.details(id).await.unwrap_err();
    let CallError::Refused { error, attempts } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((error.kind(), *attempts), (ApiErrorKind::Unauthorized, 1));
    assert!(error.challenge().unwrap().starts_with("Basic"));
}

#[tokio::test]
async fn an_unknown_session_is_refused_with_its_problem_kept() {
    let sandbox = Sandbox::start(&[]);
    let client = sandbox.client(quick());
    let err = client.cancel(Uuid::nil()).await.unwrap_err();
    let CallError::Refused { error, attempts: 1 } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(error.kind(), ApiErrorKind::NotFound);
    assert_eq!(
        error.problem().unwrap().title.as_deref(),
        Some("Session Not Found")
    );
    assert!(
        std::str::from_utf8(error.body())
            .unwrap()
            .contains("Session Not Found")
    );
}
