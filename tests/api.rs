//! The client side's pieces on their own, with exact answers: what each call
//! writes, how each answer is read and named, what the token and retry
//! policies decide at their edges, and how the flows end. The property test
//! of `tests/client_flows.rs` drives them together with faults.

use std::time::Duration;

use eft_session::api::{
    Answer, ApiErrorKind, Authorize, Call, CallError, CallKind, Cancel, CancelFlow, CancelOutcome,
    ConfirmFlow, ConfirmGuarantee, ConfirmOutcome, Credentials, CredentialsError, Decision,
    Details, Exchange, Failure, Flow, Idempotence, Initiate, Method, Next, RetryPolicy, Status,
    StopReason, TokenStep, TokenUse, Tokens, TransportError, TransportErrorKind, Watch,
    WatchPolicy,
};
use eft_session::wire::{AccessToken, InitiateSessionRequest};
use eft_session::{Product, Session, SessionStatus, StatusDetail};
use uuid::Uuid;

const ID: &str = "850750a4-3021-4061-ac03-a8d873aa4179";

fn id() -> Uuid {
    Uuid::parse_str(ID).unwrap()
}

fn json(status: u16, body: &str) -> Answer {
    Answer::new(status, body.as_bytes().to_vec()).with_header("Content-Type", "application/json")
}

fn problem(status: u16, title: &str) -> Answer {
    Answer::new(
        status,
        format!(r#"{{"title":"{title}","status":{status},"detail":"why"}}"#).into_bytes(),
    )
    .with_header("Content-Type", "application/problem+json")
}

fn status_body(status: &str, code: &str) -> String {
    format!(
        r#"{{"sessionId":"{ID}","referenceId":"USER1","amount":5,"status":"{status}","statusDetails":{code}}}"#
    )
}

fn tokens() -> Tokens {
    Tokens::new(Credentials::new("client", "secret").unwrap())
}

/// Tokens holding one fresh token ("t", 299 s), so a flow starts with its call.
fn tokens_with_one() -> Tokens {
    let mut tokens = tokens();
    tokens.issued(AccessToken::new("t", 299), Duration::ZERO);
    tokens
}

fn lost() -> TransportError {
    TransportError::new(TransportErrorKind::Interrupted, "reset")
}

/// Drives `flow` with `answers` in order: its outcome, and the paths asked.
fn drive<F: Flow>(
    flow: &mut F,
    tokens: &mut Tokens,
    answers: Vec<Result<Answer, TransportError>>,
) -> (F::Output, Vec<String>) {
    let mut now = Duration::ZERO;
    let mut answers = answers.into_iter();
    let mut paths = Vec::new();
    loop {
        match flow.poll(tokens, now) {
            Next::Send(out) => {
                paths.push(out.request.path().to_owned());
                let answer = answers
                    .next()
                    .unwrap_or_else(|| panic!("no answer left for {paths:?}"));
                flow.handle(tokens, now, answer, 1);
            }
            Next::Wait(wait) => now += wait,
            Next::Done(outcome) => return (outcome, paths),
        }
    }
}

#[test]
fn each_call_is_named_routed_and_classed() {
    let rows: Vec<_> = CallKind::all()
        .map(|kind| {
            (
                kind.as_str(),
                kind.to_string(),
                kind.method(),
                kind.route(),
                kind.token_use(),
                kind.idempotence(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "authorize",
                "authorize".into(),
                Method::Post,
                "/api/v1/authorize",
                TokenUse::Credentials,
                Idempotence::Safe
            ),
            (
                "initiate",
                "initiate".into(),
                Method::Post,
                "/api/v2/sessions",
                TokenUse::Unspent,
                Idempotence::Unsafe
            ),
            (
                "status",
                "status".into(),
                Method::Get,
                "/api/v2/sessions/{sessionId}/status",
                TokenUse::Optional,
                Idempotence::Safe
            ),
            (
                "details",
                "details".into(),
                Method::Get,
                "/api/v2/sessions/{sessionId}/details",
                TokenUse::Any,
                Idempotence::Safe
            ),
            (
                "cancel",
                "cancel".into(),
                Method::Post,
                "/api/v2/sessions/{sessionId}/cancel",
                TokenUse::Any,
                Idempotence::Reconciled
            ),
            (
                "confirm",
                "confirm".into(),
                Method::Post,
                "/api/v2/sessions/{sessionId}/guarantees/confirm",
                TokenUse::Any,
                Idempotence::Reconciled
            ),
        ]
    );
    assert_eq!(
        (Method::Get.to_string(), Method::Post.as_str()),
        ("GET".to_owned(), "POST")
    );
}

#[test]
fn a_token_shows_its_type_and_lifetime_but_not_itself() {
    let token = AccessToken::new("s3cr3t-token", 299);
    assert_eq!(
        format!("{token:?}"),
        r#"AccessToken { access_token: "<redacted>", token_type: "bearer", expires_in: 299 }"#
    );
}

#[test]
fn requests_carry_what_the_docs_describe_and_hide_credentials() {
    let token = AccessToken::new("s3cr3t-token", 299);
    let authorize = Authorize::new(&Credentials::new("sandbox", "hunter2").unwrap()).request(None);
    assert_eq!(
        authorize.headers().collect::<Vec<_>>(),
        [
            ("accept", "application/json"),
            ("authorization", "Basic c2FuZGJveDpodW50ZXIy"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]
    );
    let shown = format!("{authorize:?}");
    assert!(
        shown.contains("Basic <redacted>") && !shown.contains("c2FuZGJveDpodW50ZXIy"),
        "{shown}"
    );
    assert_eq!(
        format!("{:?}", Authorize::new(&Credentials::new("a", "b").unwrap())),
        "Authorize { .. }"
    );

    let mut body = InitiateSessionRequest::new(Product::Geft, "Jane", "Doe");
    body.reference_id = Some("order 12".into());
    let initiate = Initiate::new(body).unwrap().request(Some(&token));
    assert_eq!(
        initiate.header("Authorization"),
        Some("Bearer s3cr3t-token")
    );
    assert_eq!(initiate.header("content-type"), Some("application/json"));
    let shown = format!("{initiate:?}");
    assert!(
        !shown.contains("s3cr3t") && !shown.contains("Jane"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{} bytes", initiate.body().len())),
        "{shown}"
    );

    let details = Details::new(id()).request(Some(&token));
    assert_eq!(details.method(), Method::Get);
    assert!(details.body().is_empty());
    assert_eq!(
        details.url("https://x.example/base/"),
        format!("https://x.example/base/api/v2/sessions/{ID}/details")
    );
    let confirm = ConfirmGuarantee::new(id(), false).request(Some(&token));
    assert_eq!(confirm.body(), br#"{"guaranteeAccepted":false}"#);
    assert_eq!(
        confirm.path(),
        format!("/api/v2/sessions/{ID}/guarantees/confirm")
    );
}

#[test]
fn credentials_refuse_what_basic_cannot_carry() {
    assert_eq!(Credentials::new("", "s"), Err(CredentialsError::EmptyId));
    assert_eq!(
        Credentials::new("a", ""),
        Err(CredentialsError::EmptySecret)
    );
    assert_eq!(
        CredentialsError::EmptySecret.to_string(),
        "client secret is empty"
    );
    let shown = format!("{:?}", Credentials::new("sandbox", "hunter2").unwrap());
    assert_eq!(
        shown,
        r#"Credentials { client_id: "sandbox", secret: "<redacted>" }"#
    );
}

#[test]
fn answers_keep_their_headers_and_name_their_media_type() {
    let answer = Answer::new(200, b"{}".to_vec())
        .with_header("Content-Type", "application/json; charset=utf-8")
        .with_header("X-Trace", "abc");
    assert_eq!(
        answer.headers().collect::<Vec<_>>(),
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("X-Trace", "abc")
        ]
    );
    assert_eq!(answer.media_type().as_deref(), Some("application/json"));
    assert_eq!(
        format!("{answer:?}"),
        r#"Answer { status: 200, headers: [("Content-Type", "application/json; charset=utf-8"), ("X-Trace", "abc")], body: 2 bytes }"#
    );
    for (media, json) in [
        ("application/json", true),
        ("text/json", true),
        ("application/problem+json", true),
        ("application/vnd.api+json", true),
        ("text/html", false),
        ("application/jsonp", false),
        ("text/plain+json", false),
        ("application/xml", false),
    ] {
        let typed = Answer::new(200, Vec::new()).with_header("content-type", media);
        assert_eq!(typed.is_json(), json, "{media}");
    }
    assert!(
        Answer::new(200, Vec::new()).is_json(),
        "no content type: read liberally"
    );
    assert_eq!(Answer::new(200, Vec::new()).media_type(), None);
}

#[test]
fn retry_after_reads_seconds_and_dates_against_the_answers_date() {
    let after = |value: &str, date: Option<&str>| {
        let mut answer = Answer::new(503, Vec::new()).with_header("Retry-After", value);
        if let Some(date) = date {
            answer = answer.with_header("Date", date);
        }
        answer.retry_after()
    };
    assert_eq!(after(" 12 ", None), Some(Duration::from_secs(12)));
    assert_eq!(
        after(
            "Thu, 03 Dec 2026 10:00:05 GMT",
            Some("Thu, 03 Dec 2026 10:00:00 GMT")
        ),
        Some(Duration::from_secs(5))
    );
    assert_eq!(
        after(
            "Thu, 3 Dec 2026 10:00:05 GMT",
            Some("Thu, 03 Dec 2026 10:00:00 GMT")
        ),
        None,
        "one-digit day"
    );
    assert_eq!(
        after(
            "Thu, 03 Dec 26 10:00:05 GMT",
            Some("Thu, 03 Dec 2026 10:00:00 GMT")
        ),
        None,
        "two-digit year"
    );
    assert_eq!(
        after(
            "Thu, 03 Dez 2026 10:00:05 GMT",
            Some("Thu, 03 Dec 2026 10:00:00 GMT")
        ),
        None
    );
    assert_eq!(
        after(
            "Thu 03 Dec 2026 10:00:05 GMT",
            Some("Thu, 03 Dec 2026 10:00:00 GMT")
        ),
        None
    );
    assert_eq!(after("-5", None), None);
}

#[test]
fn every_refusal_is_named_by_its_status_and_keeps_its_bytes() {
    let cases = [
        (400, "Bad Request", ApiErrorKind::BadRequest),
        (
            400,
            "session already terminal",
            ApiErrorKind::SessionAlreadyTerminal,
        ),
        (401, "Authentication Required", ApiErrorKind::Unauthorized),
        (403, "Feature Not Enabled", ApiErrorKind::Forbidden),
        (404, "Session Not Found", ApiErrorKind::NotFound),
        (409, "No Guarantee Offer Pending", ApiErrorKind::Conflict),
        (413, "Payload Too Large", ApiErrorKind::PayloadTooLarge),
        (
            415,
            "Unsupported Media Type",
            ApiErrorKind::UnsupportedMediaType,
        ),
        (429, "Too Many Requests", ApiErrorKind::TooManyRequests),
        (500, "Internal Server Error", ApiErrorKind::ServerError),
        (599, "Odd", ApiErrorKind::ServerError),
        (405, "Method Not Allowed", ApiErrorKind::Undocumented),
        (302, "Found", ApiErrorKind::Undocumented),
        (600, "Beyond", ApiErrorKind::Undocumented),
    ];
    for (status, title, kind) in cases {
        let answer = problem(status, title);
        let err = Details::new(id()).read(answer.clone()).unwrap_err();
        assert_eq!(err.kind(), kind, "{status} {title}");
        assert_eq!(err.status(), status);
        assert_eq!(err.body(), answer.body());
        assert_eq!(err.media_type(), Some("application/problem+json"));
        assert_eq!(
            err.kind().is_transient(),
            matches!(
                kind,
                ApiErrorKind::TooManyRequests | ApiErrorKind::ServerError
            )
        );
        if kind == ApiErrorKind::Undocumented {
            assert_eq!(
                err.reason(),
                format!("the docs describe no status {status}")
            );
        } else {
            assert_eq!(err.reason(), "why");
            assert_eq!(err.problem().unwrap().title.as_deref(), Some(title));
        }
    }
    let phrases: Vec<_> = [
        ApiErrorKind::BadRequest,
        ApiErrorKind::SessionAlreadyTerminal,
        ApiErrorKind::Unauthorized,
        ApiErrorKind::NotFound,
        ApiErrorKind::Conflict,
        ApiErrorKind::PayloadTooLarge,
        ApiErrorKind::UnsupportedMediaType,
        ApiErrorKind::TooManyRequests,
        ApiErrorKind::ServerError,
        ApiErrorKind::Undocumented,
    ]
    .map(ApiErrorKind::phrase)
    .into();
    assert_eq!(
        phrases,
        [
            "bad request",
            "session already terminal",
            "authentication required",
            "not found",
            "conflict",
            "payload too large",
            "unsupported media type",
            "too many requests",
            "server error",
            "undocumented answer",
        ]
    );
}

#[test]
fn a_refusal_without_a_problem_body_says_what_it_got_instead() {
    let read = |answer: Answer| Status::new(id()).read(answer).unwrap_err();
    let empty = read(Answer::new(502, Vec::new()));
    assert_eq!((empty.reason(), empty.problem()), ("no problem body", None));
    let page = read(
        Answer::new(502, b"<html>Bad Gateway</html>".to_vec())
            .with_header("content-type", "text/html"),
    );
    assert_eq!(page.reason(), "no problem body: 24 bytes of text/html");
    assert_eq!(
        page.to_string(),
        "status answered 502 (server error): no problem body: 24 bytes of text/html"
    );
    let garbled = read(
        Answer::new(404, b"{not json".to_vec()).with_header("content-type", "application/json"),
    );
    assert_eq!(
        garbled.reason(),
        "no problem body: 9 bytes that do not read as one"
    );
    assert_eq!(garbled.kind(), ApiErrorKind::NotFound);
    let untitled = read(Answer::new(409, br#"{"status":409}"#.to_vec()));
    assert_eq!(untitled.reason(), "");
    assert_eq!(untitled.to_string(), "status answered 409 (conflict)");
    let titled = read(Answer::new(409, br#"{"title":"Conflict Here"}"#.to_vec()));
    assert_eq!(titled.reason(), "Conflict Here");
}

#[test]
fn only_a_401_carries_a_challenge_and_only_a_transient_answer_a_wait() {
    let with_headers = |status| {
        Answer::new(status, Vec::new())
            .with_header("WWW-Authenticate", "Bearer")
            .with_header("Retry-After", "3")
    };
    let unauthorized = Details::new(id()).read(with_headers(401)).unwrap_err();
    assert_eq!(
        (unauthorized.challenge(), unauthorized.retry_after()),
        (Some("Bearer"), None)
    );
    let busy = Details::new(id()).read(with_headers(503)).unwrap_err();
    assert_eq!(
        (busy.challenge(), busy.retry_after()),
        (None, Some(Duration::from_secs(3)))
    );
    let refused = Details::new(id()).read(with_headers(400)).unwrap_err();
    assert_eq!((refused.challenge(), refused.retry_after()), (None, None));
    let shown = format!("{refused:?}");
    assert!(
        shown.starts_with("ApiError { call: Details, kind: BadRequest, status: 400"),
        "{shown}"
    );
    assert!(shown.contains("body: 0 bytes"), "{shown}");
}

#[test]
fn a_terminal_refusal_names_the_state_where_the_body_gives_one() {
    let body = r#"{"title":"Bad Request","status":400,"sessionStatus":"Expired","statusDetails":"EFT0601"}"#;
    let err = Cancel::new(id()).read(json(400, body)).unwrap_err();
    assert_eq!(
        err.kind(),
        ApiErrorKind::SessionAlreadyTerminal,
        "named by its members, whatever its title"
    );
    let state = err.final_state().unwrap();
    assert_eq!(
        (state.status(), state.detail()),
        (SessionStatus::Expired, Some(StatusDetail::EFT0601))
    );
    let open = Cancel::new(id())
        .read(json(400, r#"{"sessionStatus":"InProgress"}"#))
        .unwrap_err();
    assert_eq!(
        (open.kind(), open.final_state()),
        (ApiErrorKind::BadRequest, None)
    );
}

#[test]
fn successes_are_read_only_in_the_calls_own_status_with_json() {
    let token = r#"{"access_token":"t","token_type":"bearer","expires_in":299}"#;
    let authorize = Authorize::new(&Credentials::new("a", "b").unwrap());
    assert_eq!(
        authorize.read(json(200, token)).unwrap().access_token(),
        "t"
    );
    assert_eq!(
        authorize.read(json(201, token)).unwrap_err().kind(),
        ApiErrorKind::Undocumented
    );
    assert_eq!(
        authorize
            .read(json(200, r#"{"access_token":"t"}"#))
            .unwrap_err()
            .reason(),
        "missing field `token_type` at line 1 column 20"
    );
    // A lifetime neither a number nor a string of digits: the reason says
    // what was expected of it.
    for lifetime in ["true", "2.5", "null", "[299]"] {
        let body =
            format!(r#"{{"access_token":"t","token_type":"bearer","expires_in":{lifetime}}}"#);
        let reason = authorize
            .read(json(200, &body))
            .unwrap_err()
            .reason()
            .to_owned();
        assert!(
            reason.contains("expected a whole number of seconds"),
            "{lifetime}: {reason}"
        );
    }
    let wrong_type =
        Answer::new(200, token.as_bytes().to_vec()).with_header("content-type", "text/plain");
    assert_eq!(
        authorize.read(wrong_type).unwrap_err().reason(),
        "the body is text/plain, not JSON"
    );

    let details = Details::new(Uuid::nil()).read(json(
        200,
        &format!(r#"{{"sessionId":"{ID}","status":"Initiated"}}"#),
    ));
    assert_eq!(
        details.unwrap_err().reason(),
        format!("the answer is about session {ID}, not {}", Uuid::nil())
    );
    let confirmed = ConfirmGuarantee::new(Uuid::nil(), true)
        .read(json(200, &format!(r#"{{"sessionId":"{ID}"}}"#)));
    assert!(
        confirmed
            .unwrap_err()
            .reason()
            .starts_with("the answer is about session")
    );
    assert!(
        ConfirmGuarantee::new(id(), true)
            .read(json(200, "[]"))
            .is_err()
    );
    let cancelled =
        Cancel::new(Uuid::nil()).read(json(200, &status_body("Cancelled", r#""EFT0501""#)));
    assert!(
        cancelled
            .unwrap_err()
            .reason()
            .starts_with("the answer is about session")
    );
    assert_eq!(
        Status::new(id())
            .read(json(200, &status_body("Completed", r#""EFT0301""#)))
            .unwrap()
            .session_id(),
        id()
    );
}

#[test]
fn transport_failures_say_whether_the_server_may_have_acted() {
    let kinds = [
        TransportErrorKind::Connect,
        TransportErrorKind::Timeout,
        TransportErrorKind::Interrupted,
    ];
    assert_eq!(
        kinds.map(TransportErrorKind::may_have_been_processed),
        [false, true, true]
    );
    assert_eq!(
        kinds.map(TransportErrorKind::phrase),
        ["could not connect", "timed out", "lost its answer"]
    );
    let bare = TransportError::new(TransportErrorKind::Timeout, "");
    assert_eq!(
        (bare.to_string(), bare.detail()),
        ("the request timed out".to_owned(), "")
    );
    let failure = Failure::Transport(bare);
    assert_eq!(failure.to_string(), "the request timed out");
    let answered = Failure::Api(
        Details::new(id())
            .read(Answer::new(500, Vec::new()))
            .unwrap_err(),
    );
    assert_eq!(
        answered.to_string(),
        "details answered 500 (server error): no problem body"
    );
    assert!(answered.is_transient() && answered.may_have_been_processed());
}

#[test]
fn the_retry_policy_decides_at_its_bounds() {
    let policy = RetryPolicy::default()
        .with_max_attempts(3)
        .with_delays(Duration::from_millis(100), Duration::from_millis(400))
        .with_max_elapsed(Duration::from_secs(1));
    let lost = Failure::Transport(lost());
    // The waits: half fixed, half random, doubling to the cap.
    assert_eq!(
        policy.decide(CallKind::Status, 1, Duration::ZERO, &lost, 0),
        Decision::Retry {
            after: Duration::from_millis(50)
        }
    );
    assert_eq!(
        policy.decide(CallKind::Status, 2, Duration::ZERO, &lost, 0),
        Decision::Retry {
            after: Duration::from_millis(100)
        }
    );
    assert_eq!(
        policy.decide(CallKind::Status, 3, Duration::ZERO, &lost, 0),
        Decision::Stop(StopReason::Attempts)
    );
    assert_eq!(policy.backoff(3, 0), Duration::from_millis(200));
    assert_eq!(policy.backoff(9, 0), Duration::from_millis(200));
    assert_eq!(
        policy.backoff(1, 50_000_001),
        Duration::from_millis(50) + Duration::from_nanos(0)
    );
    assert_eq!(policy.backoff(1, 50_000_000), Duration::from_millis(100));
    // The total time: a wait that ends exactly at the bound is allowed.
    assert_eq!(
        policy.decide(CallKind::Status, 1, Duration::from_millis(950), &lost, 0),
        Decision::Retry {
            after: Duration::from_millis(50)
        }
    );
    assert_eq!(
        policy.decide(CallKind::Status, 1, Duration::from_millis(951), &lost, 0),
        Decision::Stop(StopReason::Deadline)
    );
    // Retry-After wins over a shorter backoff, never the other way.
    let asks = |seconds| {
        Failure::Api(
            Details::new(id())
                .read(Answer::new(429, Vec::new()).with_header("retry-after", seconds))
                .unwrap_err(),
        )
    };
    assert_eq!(
        policy.decide(CallKind::Details, 1, Duration::ZERO, &asks("0"), 0),
        Decision::Retry {
            after: Duration::from_millis(50)
        }
    );
    let long = RetryPolicy::default();
    assert_eq!(
        long.decide(CallKind::Details, 1, Duration::ZERO, &asks("9"), 0),
        Decision::Retry {
            after: Duration::from_secs(9)
        }
    );
    assert_eq!(
        RetryPolicy::none().decide(CallKind::Status, 1, Duration::ZERO, &lost, 0),
        Decision::Stop(StopReason::Attempts)
    );
    assert_eq!(
        [StopReason::Final, StopReason::Deadline].map(StopReason::phrase),
        ["the failure is final", "out of time"]
    );
    assert_eq!(
        RetryPolicy::default()
            .with_delays(Duration::from_secs(2), Duration::from_secs(1))
            .backoff(1, 0),
        Duration::from_secs(1)
    );
}

#[test]
fn a_token_is_reused_until_its_margin_and_spent_by_one_initiate() {
    let mut tokens = tokens().with_margin(Duration::from_secs(10));
    assert_eq!(tokens.issued_count(), 0);
    tokens.issued(AccessToken::new("a", 100), Duration::from_secs(5));
    assert_eq!(tokens.issued_count(), 1);
    let at = Duration::from_secs;
    assert!(
        matches!(tokens.for_call(CallKind::Details, at(94), false), TokenStep::Use(token) if token.access_token() == "a")
    );
    assert_eq!(
        tokens.for_call(CallKind::Details, at(95), false),
        TokenStep::Fetch
    );
    assert_eq!(
        tokens.for_call(CallKind::Status, at(95), false),
        TokenStep::Without
    );
    assert_eq!(
        tokens.for_call(CallKind::Authorize, at(1), true),
        TokenStep::Without
    );
    tokens.spend("a");
    assert_eq!(
        tokens.for_call(CallKind::Initiate, at(6), false),
        TokenStep::Fetch
    );
    assert!(matches!(
        tokens.for_call(CallKind::Cancel, at(6), false),
        TokenStep::Use(_)
    ));
    tokens.refused("a");
    assert_eq!(
        tokens.for_call(CallKind::Cancel, at(6), false),
        TokenStep::Fetch
    );
}

#[test]
fn a_401_buys_one_fresh_token_and_no_more() {
    let token = |name: &str| {
        Ok(json(
            200,
            &format!(r#"{{"access_token":"{name}","token_type":"bearer","expires_in":299}}"#),
        ))
    };
    let refused = || Ok(problem(401, "Authentication Required"));
    let mut tokens = tokens();
    let mut exchange = Exchange::new(Details::new(id()), RetryPolicy::default());
    let (outcome, paths) = drive(
        &mut exchange,
        &mut tokens,
        vec![token("one"), refused(), token("two"), refused()],
    );
    let Err(CallError::Refused { error, attempts }) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        (error.kind(), attempts, exchange.attempts()),
        (ApiErrorKind::Unauthorized, 2, 2)
    );
    assert_eq!(
        paths
            .iter()
            .filter(|path| path.ends_with("authorize"))
            .count(),
        2
    );

    // The status call sends none at first, and fetches one after a 401.
    let mut tokens = self::tokens();
    let mut exchange = Exchange::new(Status::new(id()), RetryPolicy::default());
    let (outcome, paths) = drive(
        &mut exchange,
        &mut tokens,
        vec![
            refused(),
            token("three"),
            Ok(json(200, &status_body("Initiated", r#""EFT0101""#))),
        ],
    );
    assert!(outcome.is_ok(), "{outcome:?}");
    assert_eq!(
        paths,
        [
            format!("/api/v2/sessions/{ID}/status"),
            "/api/v1/authorize".into(),
            format!("/api/v2/sessions/{ID}/status")
        ]
    );
    assert_eq!(exchange.call().kind(), CallKind::Status);
    assert!(exchange.outcome().is_some());

    // Wrong credentials: authorize's own 401 is final.
    let mut tokens = self::tokens();
    let mut exchange = Exchange::new(Cancel::new(id()), RetryPolicy::default());
    let (outcome, _) = drive(&mut exchange, &mut tokens, vec![refused()]);
    let Err(CallError::Refused { error, attempts: 1 }) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(error.call(), CallKind::Authorize);
    assert_eq!(outcome.unwrap_err().attempts(), 1);
}

#[test]
fn a_failing_token_fetch_ends_the_call_naming_authorize() {
    let mut tokens = tokens();
    let mut exchange = Exchange::new(
        Cancel::new(id()),
        RetryPolicy::default()
            .with_max_attempts(2)
            .with_delays(Duration::ZERO, Duration::ZERO),
    );
    let (outcome, paths) = drive(&mut exchange, &mut tokens, vec![Err(lost()), Err(lost())]);
    let Err(error @ CallError::GaveUp { .. }) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(paths.len(), 2);
    assert_eq!(
        error.to_string(),
        "authorize gave up after 2 attempts in 0 ms (no attempts left): the request lost its answer: reset"
    );
    assert_eq!(error.api_error(), None);
    assert_eq!(exchange.attempts(), 0, "no cancel was sent");
}

#[test]
fn an_undocumented_answer_is_not_retried() {
    let mut tokens = tokens();
    let mut exchange = Exchange::new(Status::new(id()), RetryPolicy::default());
    let (outcome, paths) = drive(
        &mut exchange,
        &mut tokens,
        vec![Ok(
            Answer::new(200, b"<html/>".to_vec()).with_header("content-type", "text/html")
        )],
    );
    let Err(CallError::Undocumented { error, attempts: 1 }) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(paths.len(), 1);
    assert_eq!(outcome.as_ref().unwrap_err().api_error(), Some(error));
    assert_eq!(
        outcome.unwrap_err().to_string(),
        "status answered 200 (undocumented answer): the body is text/html, not JSON"
    );
}

#[test]
fn a_flow_polled_again_without_an_answer_counts_it_lost_and_stays_bounded() {
    let mut tokens = tokens_with_one();
    let mut exchange = Exchange::new(
        Details::new(id()),
        RetryPolicy::default().with_delays(Duration::ZERO, Duration::ZERO),
    );
    let mut sent = 0;
    let outcome = loop {
        match exchange.poll(&mut tokens, Duration::ZERO) {
            Next::Send(_) => sent += 1, // never answered
            Next::Wait(_) => {}
            Next::Done(outcome) => break outcome,
        }
    };
    assert_eq!(sent, 4);
    assert!(
        matches!(
            outcome,
            Err(CallError::GaveUp {
                reason: StopReason::Attempts,
                ..
            })
        ),
        "{outcome:?}"
    );
    // Handling with nothing in flight changes nothing.
    exchange.handle(&mut tokens, Duration::ZERO, Err(lost()), 0);
    assert!(matches!(
        exchange.poll(&mut tokens, Duration::ZERO),
        Next::Done(Err(_))
    ));
}

#[test]
fn a_cancel_that_meets_another_final_state_names_it_and_an_open_one_refuses() {
    let mut tokens = tokens_with_one();
    let mut flow = CancelFlow::new(id(), RetryPolicy::default());
    assert_eq!(flow.session_id(), id());
    let (outcome, _) = drive(
        &mut flow,
        &mut tokens,
        vec![
            Ok(problem(400, "Session Already Terminal")),
            Ok(json(200, &status_body("Completed", r#""EFT0302""#))),
        ],
    );
    let done = outcome.unwrap();
    assert!(
        matches!(&done.outcome, CancelOutcome::AlreadyEnded(report) if report.detail() == Some(StatusDetail::EFT0302))
    );
    assert_eq!(
        (
            done.outcome.as_str(),
            done.outcome.is_cancelled(),
            done.attempts,
            flow.attempts()
        ),
        ("already-ended", false, 1, 1)
    );

    // Cancelled with another code is not this call's cancel.
    let mut flow = CancelFlow::new(id(), RetryPolicy::default());
    let (outcome, _) = drive(
        &mut flow,
        &mut tokens,
        vec![
            Ok(problem(400, "x")),
            Ok(json(200, &status_body("Cancelled", r#""EFT0502""#))),
        ],
    );
    assert!(matches!(
        outcome.unwrap().outcome,
        CancelOutcome::AlreadyEnded(_)
    ));

    let mut flow = CancelFlow::new(id(), RetryPolicy::default());
    let (outcome, _) = drive(
        &mut flow,
        &mut tokens,
        vec![
            Ok(problem(400, "Bad Request")),
            Ok(json(200, &status_body("InProgress", "null"))),
        ],
    );
    let Err(CallError::Refused { error, attempts: 1 }) = outcome else {
        panic!()
    };
    assert_eq!(error.status(), 400);

    // A cancel refused otherwise (404) is not read back.
    let mut flow = CancelFlow::new(id(), RetryPolicy::default());
    let (outcome, paths) = drive(
        &mut flow,
        &mut tokens,
        vec![Ok(problem(404, "Session Not Found"))],
    );
    assert!(matches!(outcome, Err(CallError::Refused { .. })));
    assert_eq!(paths.len(), 1);
    assert_eq!(
        CancelOutcome::AlreadyCancelled(
            Status::new(id())
                .read(json(200, &status_body("Cancelled", r#""EFT0501""#)))
                .unwrap()
        )
        .as_str(),
        "already-cancelled"
    );
}

#[test]
fn a_confirm_reads_its_refusals_back_by_the_details() {
    let details = |status: &str, enabled: bool, offered: bool, accepted: bool| {
        Ok(json(
            200,
            &format!(
                r#"{{"sessionId":"{ID}","status":"{status}","options":{{"guarantee":{{"enable":{enabled}}}}},"guaranteeDetails":{{"guaranteeOffered":{offered},"guaranteeAccepted":{accepted}}}}}"#
            ),
        ))
    };
    let run = |accept: bool, refusal: Answer, read: Result<Answer, TransportError>| {
        let mut tokens = tokens_with_one();
        let mut flow = ConfirmFlow::new(id(), accept, RetryPolicy::default());
        drive(&mut flow, &mut tokens, vec![Ok(refusal), read]).0
    };
    let rejected = run(
        false,
        problem(400, "Session Already Terminal"),
        details("Failed", true, true, false),
    )
    .unwrap();
    assert!(matches!(
        rejected.outcome,
        ConfirmOutcome::AlreadyDecided(_)
    ));
    assert_eq!(
        (rejected.outcome.as_str(), rejected.outcome.is_decided()),
        ("already-decided", true)
    );
    let overtaken = run(
        true,
        problem(400, "Session Already Terminal"),
        details("Cancelled", true, true, false),
    )
    .unwrap();
    assert_eq!(
        (overtaken.outcome.as_str(), overtaken.outcome.is_decided()),
        ("overtaken", false)
    );
    // Not yet offered: the 409 stands.
    let early = run(
        true,
        problem(409, "No Guarantee Offer Pending"),
        details("InProgress", true, false, false),
    );
    assert!(matches!(early, Err(CallError::Refused { .. })));
    // A rejection that finds the session failed without an offer is not it.
    let otherwise = run(
        false,
        problem(400, "Session Already Terminal"),
        details("Failed", true, false, false),
    )
    .unwrap();
    assert!(matches!(otherwise.outcome, ConfirmOutcome::Overtaken(_)));
    // An EFT V2 session read back: the refusal stands.
    let eft = run(
        true,
        problem(400, "Some Other Title"),
        details("Completed", false, false, false),
    );
    assert!(matches!(eft, Err(CallError::Refused { .. })));
    // Guarantee Not Enabled is final at once: no read-back asked.
    let mut tokens = tokens_with_one();
    let mut flow = ConfirmFlow::new(id(), true, RetryPolicy::default());
    let (outcome, paths) = drive(
        &mut flow,
        &mut tokens,
        vec![Ok(problem(400, "Guarantee Not Enabled"))],
    );
    assert!(matches!(outcome, Err(CallError::Refused { .. })));
    assert_eq!(paths.len(), 1);
}

#[test]
fn a_watch_sees_each_change_once_and_resets_its_backoff() {
    let mut tokens = tokens();
    let policy = WatchPolicy::default().with_delays(Duration::from_secs(1), Duration::from_secs(8));
    let mut watch = Watch::new(Session::new(id(), None), policy, RetryPolicy::default());
    assert_eq!(watch.session().id(), id());
    let mut now = Duration::ZERO;
    let mut waits = Vec::new();
    let mut reports = vec![
        ("Initiated", r#""EFT0101""#),
        ("Initiated", r#""EFT0101""#),
        ("InProgress", "null"),
        ("InProgress", "null"),
        ("Expired", r#""EFT0601""#),
    ]
    .into_iter();
    let mut seen = Vec::new();
    let outcome = loop {
        match watch.poll(&mut tokens, now) {
            Next::Send(_) => {
                let (status, code) = reports.next().unwrap();
                watch.handle(
                    &mut tokens,
                    now,
                    Ok(json(200, &status_body(status, code))),
                    0,
                );
                while let Some(report) = watch.next_seen() {
                    seen.push(report.observation.transitions().count());
                }
            }
            Next::Wait(wait) => {
                waits.push(wait);
                now += wait;
            }
            Next::Done(outcome) => break outcome,
        }
    };
    assert_eq!(outcome.unwrap().status(), SessionStatus::Expired);
    assert_eq!(seen, [0, 0, 1, 0, 1]);
    let secs = Duration::from_secs;
    // Unchanged doubles the wait; a change starts it again.
    assert_eq!(
        waits,
        [secs(1), secs(2), Duration::from_millis(500), secs(1)]
    );
}

#[test]
fn small_accessors_answer_what_they_hold() {
    assert!(ConfirmGuarantee::new(id(), true).accepted());
    assert!(!ConfirmGuarantee::new(id(), false).accepted());
    let error = TransportError::new(TransportErrorKind::Connect, "connection refused");
    assert_eq!(error.detail(), "connection refused");
    let gave_up = CallError::GaveUp {
        call: CallKind::Status,
        last: Failure::Transport(error),
        reason: StopReason::Attempts,
        attempts: 4,
        elapsed: Duration::from_millis(1500),
    };
    assert_eq!(gave_up.attempts(), 4);
    assert_eq!(
        gave_up.to_string(),
        "status gave up after 4 attempts in 1500 ms (no attempts left): the request could not connect: connection refused"
    );
    let one = CallError::GaveUp {
        call: CallKind::Status,
        last: Failure::Transport(TransportError::new(TransportErrorKind::Timeout, "")),
        reason: StopReason::Deadline,
        attempts: 1,
        elapsed: Duration::ZERO,
    };
    assert_eq!(
        one.to_string(),
        "status gave up after 1 attempt in 0 ms (out of time): the request timed out"
    );
}

#[test]
fn only_a_json_media_type_is_read_as_a_problem() {
    let body = br#"{"title":"Session Not Found","status":404}"#.to_vec();
    let plain = Answer::new(404, body.clone()).with_header("content-type", "text/plain");
    let err = Details::new(id()).read(plain).unwrap_err();
    assert_eq!(err.problem(), None);
    assert_eq!(
        err.reason(),
        format!("no problem body: {} bytes of text/plain", body.len())
    );
}

#[test]
fn a_wait_is_kept_until_it_ends() {
    let mut tokens = tokens_with_one();
    let mut exchange = Exchange::new(Details::new(id()), RetryPolicy::default());
    let Next::Send(_) = exchange.poll(&mut tokens, Duration::ZERO) else {
        panic!()
    };
    exchange.handle(
        &mut tokens,
        Duration::ZERO,
        Ok(Answer::new(503, Vec::new()).with_header("retry-after", "2")),
        0,
    );
    assert_eq!(
        exchange.poll(&mut tokens, Duration::from_millis(500)),
        Next::Wait(Duration::from_millis(1500))
    );
    assert_eq!(
        exchange.poll(&mut tokens, Duration::from_millis(1999)),
        Next::Wait(Duration::from_millis(1))
    );
    assert!(
        matches!(exchange.poll(&mut tokens, Duration::from_secs(2)), Next::Send(out) if out.attempt == 2)
    );
}

#[test]
fn a_cancel_counts_its_attempts_while_it_runs() {
    let mut tokens = tokens_with_one();
    let mut flow = CancelFlow::new(
        id(),
        RetryPolicy::default().with_delays(Duration::ZERO, Duration::ZERO),
    );
    let (outcome, _) = drive(
        &mut flow,
        &mut tokens,
        vec![
            Err(lost()),
            Err(lost()),
            Ok(json(200, &status_body("Cancelled", r#""EFT0501""#))),
        ],
    );
    assert_eq!((flow.attempts(), outcome.unwrap().attempts), (3, 3));
}

#[test]
fn a_confirm_refused_otherwise_is_not_read_back() {
    let mut tokens = tokens_with_one();
    let mut flow = ConfirmFlow::new(id(), true, RetryPolicy::default());
    let (outcome, paths) = drive(
        &mut flow,
        &mut tokens,
        vec![Ok(problem(404, "Session Not Found"))],
    );
    assert!(
        matches!(outcome, Err(CallError::Refused { ref error, .. }) if error.status() == 404),
        "{outcome:?}"
    );
    assert_eq!(paths.len(), 1);
    // A 400 with another title than Guarantee Not Enabled is read back: here
    // the acceptance stands.
    let mut flow = ConfirmFlow::new(id(), true, RetryPolicy::default());
    let accepted = format!(
        r#"{{"sessionId":"{ID}","status":"InProgress","options":{{"guarantee":{{"enable":true}}}},"guaranteeDetails":{{"guaranteeOffered":true,"guaranteeAccepted":true}}}}"#
    );
    let (outcome, paths) = drive(
        &mut flow,
        &mut tokens,
        vec![Ok(problem(400, "Bad Request")), Ok(json(200, &accepted))],
    );
    assert!(matches!(
        outcome.unwrap().outcome,
        ConfirmOutcome::AlreadyDecided(_)
    ));
    assert_eq!(paths.len(), 2);
}

#[test]
fn a_watch_policy_keeps_its_own_delays_and_a_watch_error_says_what_failed() {
    let policy = WatchPolicy::default().with_delays(Duration::from_secs(1), Duration::from_secs(2));
    assert_eq!(policy.delay(5, 0), Duration::from_secs(1));
    let refused = Details::new(id())
        .read(problem(404, "Session Not Found"))
        .unwrap_err();
    let poll = eft_session::api::WatchError::Poll(CallError::Refused {
        error: refused,
        attempts: 1,
    });
    assert_eq!(
        poll.to_string(),
        "a status poll failed: details answered 404 (not found): why"
    );
    let mut session = Session::new(id(), None);
    session.apply(eft_session::Event::Start).unwrap();
    let report = Status::new(id())
        .read(json(200, &status_body("Initiated", r#""EFT0101""#)))
        .unwrap();
    let error = session.observe_report(&report).unwrap_err();
    let contradiction = eft_session::api::WatchError::Contradiction { report, error };
    assert!(
        contradiction
            .to_string()
            .starts_with(&format!("session {ID} reported Initiated (EFT0101): ")),
        "{contradiction}"
    );
}
