//! The API core's retry, token and reconcile rules, driven against the
//! reference model with arbitrary faults: a server made of the crate's own
//! `Session` (its transition table decides every answer), in front of
//! which each request may be refused before it is handled, lost after it
//! was handled, delayed past the client's patience, or raced by the hosted
//! flow moving on.
//!
//! Properties: a cancel never makes a second cancel step; success is never
//! reported for a session that is not `Cancelled`/`EFT0501` (nor a decision
//! for one that is not as asked); an outcome that names a final state names
//! the server's; no token initiates two sessions, and no initiate makes two;
//! requests and waits are always bounded.

#![cfg(feature = "proptest")]

use std::time::Duration;

use eft_session::api::{
    Answer, CallError, CancelFlow, CancelOutcome, ConfirmFlow, ConfirmOutcome, Credentials,
    Exchange, Flow, Initiate, Next, RetryPolicy, Tokens, TransportError, TransportErrorKind,
};
use eft_session::strategy::legal_event;
use eft_session::wire::{
    AccessToken, GuaranteeDetails, InitiateSessionRequest, InitiateSessionResponse, ProblemDetails,
    SessionDetailsResponse,
};
use eft_session::{Event, Product, Session, SessionStatus, StatusDetail};
use proptest::prelude::*;
use uuid::Uuid;

/// What happens to one request on its way.
#[derive(Clone, Debug)]
enum Fault {
    /// Handled and answered.
    None,
    /// No connection: never handled.
    Unreachable,
    /// 503 or 429 (with `Retry-After` seconds, maybe) before the handler.
    Busy {
        status: u16,
        retry_after: Option<u64>,
    },
    /// Handled, then the answer lost: the connection broke, or the client
    /// gave up waiting, or a gateway answered 502/504 in its place.
    Lost(Loss),
    /// The hosted flow took this event just before the request arrived.
    Raced(Event),
    /// The bearer token was refused (401): expired on the server's clock.
    TokenRefused,
}

#[derive(Clone, Copy, Debug)]
enum Loss {
    Interrupted,
    Timeout,
    Gateway(u16),
}

fn fault(session: Product) -> impl Strategy<Value = Fault> {
    let raced = prop_oneof![
        legal_event(SessionStatus::Initiated),
        legal_event(SessionStatus::InProgress),
    ]
    .prop_filter("events of the session's product", move |event| {
        session == Product::Geft || !event.kind().is_guarantee()
    });
    prop_oneof![
        6 => Just(Fault::None),
        1 => Just(Fault::Unreachable),
        1 => (prop_oneof![Just(503_u16), Just(429)], proptest::option::of(0_u64..3))
            .prop_map(|(status, retry_after)| Fault::Busy { status, retry_after }),
        2 => prop_oneof![
            Just(Loss::Interrupted),
            Just(Loss::Timeout),
            Just(Loss::Gateway(502)),
            Just(Loss::Gateway(504)),
        ]
        .prop_map(Fault::Lost),
        1 => raced.prop_map(Fault::Raced),
        1 => Just(Fault::TokenRefused),
    ]
}

/// The server: one session, decided by the crate, and what was asked of it.
struct Server {
    session: Session,
    steps: Vec<eft_session::Transition>,
    tokens_issued: u64,
    /// The token each initiate that reached the handler carried.
    initiated_with: Vec<String>,
    requests: usize,
    created: Vec<Uuid>,
}

fn json(status: u16, body: String) -> Answer {
    Answer::new(status, body.into_bytes()).with_header("content-type", "application/json")
}

fn problem(problem: &ProblemDetails) -> Answer {
    Answer::new(
        problem.status.unwrap_or(500),
        serde_json::to_vec(problem).unwrap(),
    )
    .with_header("content-type", ProblemDetails::CONTENT_TYPE)
}

impl Server {
    fn new(session: Session) -> Self {
        Self {
            session,
            steps: Vec::new(),
            tokens_issued: 0,
            initiated_with: Vec::new(),
            requests: 0,
            created: Vec::new(),
        }
    }

    /// What the handler answers to `request`.
    fn handle(&mut self, request: &eft_session::api::Request) -> Answer {
        let id = self.session.id();
        let path = request.path();
        if path == "/api/v1/authorize" {
            self.tokens_issued += 1;
            let token = AccessToken::new(format!("token-{}", self.tokens_issued), 299);
            return json(200, serde_json::to_string(&token).unwrap());
        }
        if path == "/api/v2/sessions" {
            let token = request
                .header("authorization")
                .unwrap_or_default()
                .to_owned();
            self.initiated_with.push(token);
            let created = Uuid::from_u128(self.created.len() as u128 + 1);
            self.created.push(created);
            return json(
                201,
                serde_json::to_string(&InitiateSessionResponse::new(created, None)).unwrap(),
            );
        }
        if path.ends_with("/status") {
            return json(200, self.session.status_response(None).to_json());
        }
        if path.ends_with("/details") {
            let mut details = SessionDetailsResponse::new(id, self.session.status());
            let mut options = eft_session::wire::SessionOptions::default();
            options.guarantee.enable = self.session.product() == Product::Geft;
            details.options = Some(options);
            let stage = self.session.guarantee();
            let mut guarantee = GuaranteeDetails::default();
            guarantee.guarantee_offered = Some(stage.is_offered());
            guarantee.guarantee_accepted = Some(stage.is_accepted());
            details.guarantee_details = Some(guarantee);
            return json(200, serde_json::to_string(&details).unwrap());
        }
        if path.ends_with("/cancel") {
            return match self.session.cancel() {
                Ok((step, body)) => {
                    self.steps.push(step);
                    json(200, body.to_json())
                }
                Err(error) => problem(&ProblemDetails::for_transition_error(id, &error)),
            };
        }
        if path.ends_with("/guarantees/confirm") {
            let accepted = request.body() == br#"{"guaranteeAccepted":true}"#;
            return match self.session.confirm_guarantee(accepted) {
                Ok((step, body)) => {
                    self.steps.push(step);
                    json(200, serde_json::to_string(&body).unwrap())
                }
                Err(error) => problem(&ProblemDetails::for_transition_error(id, &error)),
            };
        }
        panic!("no route for {path}");
    }

    /// `request` through `fault`: what comes back, and how long it took.
    fn exchange(
        &mut self,
        request: &eft_session::api::Request,
        fault: &Fault,
    ) -> (Result<Answer, TransportError>, Duration) {
        self.requests += 1;
        let instant = Duration::from_millis(5);
        match fault {
            Fault::None => (Ok(self.handle(request)), instant),
            Fault::Unreachable => (
                Err(TransportError::new(TransportErrorKind::Connect, "refused")),
                instant,
            ),
            Fault::Busy {
                status,
                retry_after,
            } => {
                let mut answer = problem(&ProblemDetails::new(*status, "Busy"));
                if let Some(seconds) = retry_after {
                    answer = answer.with_header("retry-after", seconds.to_string());
                }
                (Ok(answer), instant)
            }
            Fault::Lost(loss) => {
                self.handle(request);
                match loss {
                    Loss::Interrupted => (
                        Err(TransportError::new(
                            TransportErrorKind::Interrupted,
                            "reset",
                        )),
                        instant,
                    ),
                    Loss::Timeout => (
                        Err(TransportError::new(TransportErrorKind::Timeout, "10 s")),
                        Duration::from_secs(10),
                    ),
                    Loss::Gateway(status) => (
                        Ok(problem(&ProblemDetails::new(*status, "Gateway"))),
                        instant,
                    ),
                }
            }
            Fault::Raced(event) => {
                if let Ok(step) = self.session.apply(*event) {
                    self.steps.push(step);
                }
                (Ok(self.handle(request)), instant)
            }
            Fault::TokenRefused
                if request
                    .header("authorization")
                    .is_some_and(|value| value.starts_with("Bearer")) =>
            {
                let mut refused = ProblemDetails::authentication_required();
                refused.detail = Some("the bearer token expired".into());
                (
                    Ok(problem(&refused)
                        .with_header("www-authenticate", r#"Bearer error="invalid_token""#)),
                    instant,
                )
            }
            Fault::TokenRefused => (Ok(self.handle(request)), instant),
        }
    }

    fn cancel_steps(&self) -> usize {
        self.steps
            .iter()
            .filter(|step| step.to() == SessionStatus::Cancelled)
            .count()
    }
}

/// Drives `flow` against `server` through `faults` (one per request, then
/// none): its outcome, and the time it took on the simulated clock.
fn drive<F: Flow>(
    mut flow: F,
    server: &mut Server,
    faults: &[Fault],
    random: u64,
) -> (F::Output, Duration) {
    let mut tokens = Tokens::new(Credentials::new("client", "secret").unwrap());
    drive_with(&mut flow, &mut tokens, server, faults, random)
}

fn drive_with<F: Flow>(
    flow: &mut F,
    tokens: &mut Tokens,
    server: &mut Server,
    faults: &[Fault],
    random: u64,
) -> (F::Output, Duration) {
    let mut now = Duration::ZERO;
    let mut faults = faults.iter();
    loop {
        match flow.poll(tokens, now) {
            Next::Send(out) => {
                let fault = faults.next().cloned().unwrap_or(Fault::None);
                let (result, took) = server.exchange(&out.request, &fault);
                now += took;
                flow.handle(
                    tokens,
                    now,
                    result,
                    random.rotate_left(server.requests as u32),
                );
            }
            Next::Wait(wait) => now += wait,
            Next::Done(outcome) => return (outcome, now),
        }
        assert!(server.requests < 1000, "the flow does not end");
    }
}

/// A session somewhere in its life: created, maybe started, maybe further.
fn session() -> impl Strategy<Value = Session> {
    (eft_session::strategy::product(), 0_usize..4, any::<u64>()).prop_map(
        |(product, moves, seed)| {
            let mut session = Session::new(Uuid::from_u128(7), Some("USER1".parse().unwrap()))
                .in_product(product);
            // A few legal steps, picked by the seed from the table.
            let mut seed = seed;
            for _ in 0..moves {
                let candidates: Vec<Event> = [
                    Event::Start,
                    Event::OfferGuarantee,
                    Event::AcceptGuarantee,
                    Event::Complete(StatusDetail::EFT0301),
                    Event::Fail(StatusDetail::EFT0401),
                    Event::TIME_OUT,
                ]
                .into_iter()
                .filter(|event| session.clone().apply(*event).is_ok())
                .collect();
                if candidates.is_empty() {
                    break;
                }
                let event = candidates[(seed % candidates.len() as u64) as usize];
                seed /= 7;
                session.apply(event).unwrap();
            }
            session
        },
    )
}

fn policy() -> RetryPolicy {
    RetryPolicy::default()
}

/// Requests a flow of `exchanges` exchanges may send at most: each attempt
/// of each (one refresh more), each possibly after a token fetch with its
/// own attempts.
fn request_bound(exchanges: u32) -> usize {
    let attempts = policy().max_attempts() + 1;
    (exchanges * attempts * (attempts + 1)) as usize
}

proptest! {
    // 512 cases in CI; PROPTEST_CASES sets another count (the mutation runs use fewer).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn a_cancel_never_cancels_twice_nor_claims_what_is_not_so(
        (start, faults) in session().prop_flat_map(|session| {
            let product = session.product();
            (Just(session), proptest::collection::vec(fault(product), 0..12))
        }),
        random in any::<u64>(),
    ) {
        let mut server = Server::new(start.clone());
        let (outcome, took) = drive(CancelFlow::new(start.id(), policy()), &mut server, &faults, random);
        let end = server.session.state();

        prop_assert!(server.cancel_steps() <= 1, "two cancel steps: {:?}", server.steps);
        prop_assert!(server.requests <= request_bound(2), "{} requests", server.requests);
        // Waits stay within the total time of the two exchanges, a time-out
        // of 10 s on each attempt aside.
        prop_assert!(took <= policy().max_elapsed() * 2 + Duration::from_secs(10) * server.requests as u32);

        match outcome {
            Ok(done) => {
                prop_assert!(done.attempts >= 1 && done.attempts <= policy().max_attempts() + 1);
                match &done.outcome {
                    CancelOutcome::Cancelled(body) => {
                        prop_assert_eq!(body.session_id(), start.id());
                        prop_assert_eq!(server.cancel_steps(), 1);
                    }
                    // A report carries no guarantee stage: status and code.
                    CancelOutcome::AlreadyCancelled(report) => {
                        prop_assert!(report.state().is_same_state_as(end), "{report:?} {end:?}");
                    }
                    CancelOutcome::AlreadyEnded(report) => {
                        prop_assert!(report.state().is_same_state_as(end), "{report:?} {end:?}");
                        prop_assert!(end.is_terminal());
                    }
                }
                if done.outcome.is_cancelled() {
                    prop_assert_eq!(
                        (end.status(), end.detail()),
                        (SessionStatus::Cancelled, Some(StatusDetail::EFT0501))
                    );
                } else {
                    // Another final state won (a cancel with another code
                    // is one too).
                    prop_assert_ne!(
                        (end.status(), end.detail()),
                        (SessionStatus::Cancelled, Some(StatusDetail::EFT0501))
                    );
                }
            }
            // Failing is allowed; failing while claiming is not: a refusal
            // names a session still open (the 400 was about it), a gave-up
            // had transient failures to give up on.
            Err(CallError::Refused { error, .. }) => {
                prop_assert!(error.status() == 401 || error.status() == 400, "{error}");
            }
            Err(CallError::GaveUp { .. }) => {
                prop_assert!(faults.iter().any(|f| !matches!(f, Fault::None | Fault::Raced(_))));
            }
            Err(other) => prop_assert!(false, "unexpected {other}"),
        }
    }

    #[test]
    fn a_decision_is_reported_taken_only_when_it_stands(
        (start, faults) in session()
            .prop_filter("GEFT", |session| session.product() == Product::Geft)
            .prop_flat_map(|session| (Just(session), proptest::collection::vec(fault(Product::Geft), 0..12))),
        accepted in any::<bool>(),
        random in any::<u64>(),
    ) {
        let mut server = Server::new(start.clone());
        let (outcome, _) = drive(ConfirmFlow::new(start.id(), accepted, policy()), &mut server, &faults, random);
        prop_assert!(server.requests <= request_bound(2));
        let decisions = server.steps.iter().filter(|step| step.event().kind().decides_guarantee()).count();
        prop_assert!(decisions <= 1, "two decisions: {:?}", server.steps);
        let stage = server.session.guarantee();
        if let Ok(done) = outcome {
            match done.outcome {
                ConfirmOutcome::Confirmed(_) | ConfirmOutcome::AlreadyDecided(_) => {
                    if accepted {
                        prop_assert!(stage.is_accepted(), "{stage:?}");
                    } else {
                        prop_assert!(stage.is_offered() && !stage.is_accepted(), "{stage:?}");
                        prop_assert_eq!(server.session.status(), SessionStatus::Failed);
                    }
                }
                ConfirmOutcome::Overtaken(_) => prop_assert!(server.session.is_terminal()),
            }
        }
    }

    #[test]
    fn no_token_initiates_two_sessions(
        faults in proptest::collection::vec(fault(Product::EftV2), 0..30),
        creates in 1_usize..5,
        random in any::<u64>(),
    ) {
        let mut server = Server::new(Session::new(Uuid::from_u128(7), None));
        let mut tokens = Tokens::new(Credentials::new("client", "secret").unwrap());
        let mut faults = faults.as_slice();
        for _ in 0..creates {
            let call = Initiate::new(InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe")).unwrap();
            let mut flow = Exchange::new(call, policy());
            let (before, sessions_before) = (server.requests, server.created.len());
            let (_, _) = drive_with(&mut flow, &mut tokens, &mut server, faults, random);
            faults = &faults[(server.requests - before).min(faults.len())..];
            prop_assert!(flow.attempts() <= policy().max_attempts() + 1);
            // No idempotency key: an initiate that may have been handled is
            // never sent again, so one call makes one session at most.
            prop_assert!(server.created.len() - sessions_before <= 1, "one initiate made two sessions");
        }
        let mut seen = server.initiated_with.clone();
        seen.sort();
        seen.dedup();
        prop_assert_eq!(seen.len(), server.initiated_with.len(), "a token initiated twice: {:?}", server.initiated_with);
    }
}
