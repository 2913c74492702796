//! The sans-IO driver of one call: the token it needs, its attempts and the
//! waits between them, as a state machine that asks for requests to be
//! sent and is told what came back.
//!
//! An HTTP client drives any [`Flow`] with one loop, and does nothing else:
//!
//! ```text
//! loop {
//!     match flow.poll(&mut tokens, now()) {
//!         Next::Send(out) => { let result = send(out.request); flow.handle(&mut tokens, now(), result, random()) }
//!         Next::Wait(wait) => sleep(wait),
//!         Next::Done(outcome) => return outcome,
//!     }
//! }
//! ```

use alloc::string::String;
use core::time::Duration;

use super::{
    Answer, Call, CallError, CallKind, Decision, Failure, Request, RetryPolicy, StopReason,
    TokenStep, Tokens, TransportError, TransportErrorKind,
};

/// A request to send, and what it is for (for logs and spans).
///
/// # Examples
///
/// ```
/// use eft_session::api::{CallKind, Credentials, Exchange, Flow, Next, RetryPolicy, Status, Tokens};
/// use std::time::Duration;
/// use uuid::Uuid;
///
/// let mut tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
/// let mut exchange = Exchange::new(Status::new(Uuid::nil()), RetryPolicy::default());
/// let Next::Send(out) = exchange.poll(&mut tokens, Duration::ZERO) else { panic!("a request") };
/// assert_eq!((out.call, out.attempt), (CallKind::Status, 1));
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Outgoing {
    /// The request.
    pub request: Request,
    /// The call it belongs to: [`CallKind::Authorize`] for a token fetched
    /// on another call's behalf.
    pub call: CallKind,
    /// Its attempt number for that call, from 1.
    pub attempt: u32,
}

/// What a [`Flow`] asks its driver to do next.
///
/// # Examples
///
/// See [`Exchange`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next<T> {
    /// Send this request, then [`Flow::handle`] its answer.
    Send(Outgoing),
    /// Wait this long, then poll again.
    Wait(Duration),
    /// The flow is over, with this outcome (polling again gives it again).
    Done(T),
}

/// A protocol flow that does no I/O: it asks for requests and is told what
/// came back. [`Exchange`] is one call with its retries; [`CancelFlow`] and
/// [`ConfirmFlow`] add their reconciliation, [`Watch`] follows a session.
///
/// `now` is the caller's monotonic clock, `random` any random number (for
/// the jitter of waits). After [`Next::Send`], the driver calls
/// [`handle`](Self::handle) exactly once with what came back.
///
/// [`CancelFlow`]: super::CancelFlow
/// [`ConfirmFlow`]: super::ConfirmFlow
/// [`Watch`]: super::Watch
///
/// # Examples
///
/// See [`Exchange`].
pub trait Flow {
    /// What the flow ends with.
    type Output;

    /// What to do next.
    fn poll(&mut self, tokens: &mut Tokens, now: Duration) -> Next<Self::Output>;

    /// What came back for the request last asked for: an answer, or why
    /// there was none.
    fn handle(
        &mut self,
        tokens: &mut Tokens,
        now: Duration,
        result: Result<Answer, TransportError>,
        random: u64,
    );
}

/// What is on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
enum InFlight {
    Nothing,
    /// A token fetch for the call, sent at this time.
    Token {
        sent_at: Duration,
    },
    /// The call itself, with this bearer token (or none).
    Call {
        token: Option<String>,
    },
}

/// One call driven to its outcome: a token fetched when it needs one (and
/// once more after a 401), attempts repeated as [`RetryPolicy::decide`]
/// says, waits honoured.
///
/// # Examples
///
/// A cancel whose first attempt meets a 503, driven by hand:
///
/// ```
/// use eft_session::api::{Answer, Cancel, Credentials, Exchange, Flow, Next, RetryPolicy, Tokens};
/// use std::time::Duration;
/// use uuid::Uuid;
///
/// let mut tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
/// let mut exchange = Exchange::new(Cancel::new(Uuid::nil()), RetryPolicy::default());
/// let json = |status, body: &str| Answer::new(status, body.as_bytes().to_vec()).with_header("content-type", "application/json");
/// let mut t = Duration::ZERO;
///
/// // A token first.
/// let Next::Send(out) = exchange.poll(&mut tokens, t) else { panic!() };
/// assert_eq!(out.request.path(), "/api/v1/authorize");
/// exchange.handle(&mut tokens, t, Ok(json(200, r#"{"access_token":"t1","token_type":"bearer","expires_in":299}"#)), 0);
///
/// // The cancel, refused once with 503 and Retry-After.
/// let Next::Send(out) = exchange.poll(&mut tokens, t) else { panic!() };
/// assert_eq!(out.request.header("authorization"), Some("Bearer t1"));
/// exchange.handle(&mut tokens, t, Ok(Answer::new(503, Vec::new()).with_header("retry-after", "2")), 0);
/// assert_eq!(exchange.poll(&mut tokens, t), Next::Wait(Duration::from_secs(2)));
///
/// // Two seconds later, the second attempt succeeds.
/// t += Duration::from_secs(2);
/// let Next::Send(out) = exchange.poll(&mut tokens, t) else { panic!() };
/// assert_eq!(out.attempt, 2);
/// let body = r#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null,"status":"Cancelled","statusDetails":"EFT0501"}"#;
/// exchange.handle(&mut tokens, t, Ok(json(200, body)), 0);
/// let Next::Done(Ok(cancelled)) = exchange.poll(&mut tokens, t) else { panic!() };
/// assert_eq!(cancelled.session_id(), Uuid::nil());
/// assert_eq!(exchange.attempts(), 2);
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Exchange<C: Call> {
    call: C,
    policy: RetryPolicy,
    started: Option<Duration>,
    attempts: u32,
    token_attempts: u32,
    /// The one refresh a 401 buys has been used.
    refreshed: bool,
    /// A call whose token is optional was refused without one.
    token_required: bool,
    in_flight: InFlight,
    resume_at: Option<Duration>,
    outcome: Option<Result<C::Output, CallError>>,
}

impl<C: Call> Exchange<C> {
    /// The exchange of `call` under `policy`.
    ///
    /// # Examples
    ///
    /// See [`Exchange`].
    #[must_use]
    pub const fn new(call: C, policy: RetryPolicy) -> Self {
        Self {
            call,
            policy,
            started: None,
            attempts: 0,
            token_attempts: 0,
            refreshed: false,
            token_required: false,
            in_flight: InFlight::Nothing,
            resume_at: None,
            outcome: None,
        }
    }

    /// Requests of the call sent so far (token fetches not counted).
    ///
    /// # Examples
    ///
    /// See [`Exchange`].
    #[must_use]
    pub const fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The outcome, once the exchange is over.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Details, Exchange, RetryPolicy};
    /// use uuid::Uuid;
    ///
    /// assert!(Exchange::new(Details::new(Uuid::nil()), RetryPolicy::default()).outcome().is_none());
    /// ```
    #[must_use]
    pub const fn outcome(&self) -> Option<&Result<C::Output, CallError>> {
        self.outcome.as_ref()
    }

    /// The call.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, CallKind, Details, Exchange, RetryPolicy};
    /// use uuid::Uuid;
    ///
    /// let exchange = Exchange::new(Details::new(Uuid::nil()), RetryPolicy::default());
    /// assert_eq!(exchange.call().kind(), CallKind::Details);
    /// ```
    #[must_use]
    pub const fn call(&self) -> &C {
        &self.call
    }

    /// Ends the exchange on `failure` of attempt `attempt` of `kind`, or
    /// schedules the next attempt.
    fn failed(
        &mut self,
        kind: CallKind,
        attempt: u32,
        failure: Failure,
        now: Duration,
        random: u64,
    ) {
        let elapsed = now.saturating_sub(self.started.unwrap_or(now));
        match self.policy.decide(kind, attempt, elapsed, &failure, random) {
            Decision::Retry { after } => self.resume_at = Some(now.saturating_add(after)),
            Decision::Stop(reason) => {
                let attempts = attempt;
                self.outcome = Some(Err(match (reason, failure) {
                    (StopReason::Final, Failure::Api(error))
                        if error.kind() == super::ApiErrorKind::Undocumented =>
                    {
                        CallError::Undocumented { error, attempts }
                    }
                    (StopReason::Final, Failure::Api(error)) => {
                        CallError::Refused { error, attempts }
                    }
                    (reason, last) => CallError::GaveUp {
                        call: kind,
                        last,
                        reason,
                        attempts,
                        elapsed,
                    },
                }));
            }
        }
    }
}

impl<C: Call> Flow for Exchange<C> {
    type Output = Result<C::Output, CallError>;

    fn poll(&mut self, tokens: &mut Tokens, now: Duration) -> Next<Self::Output> {
        if self.in_flight != InFlight::Nothing {
            // Polled again without an answer: the driver lost it.
            let lost = TransportError::new(
                TransportErrorKind::Interrupted,
                "polled again before the answer was handled",
            );
            self.handle(tokens, now, Err(lost), 0);
        }
        if let Some(outcome) = &self.outcome {
            return Next::Done(outcome.clone());
        }
        if let Some(resume_at) = self.resume_at.filter(|at| *at > now) {
            return Next::Wait(resume_at - now);
        }
        self.resume_at = None;
        self.started.get_or_insert(now);
        let kind = self.call.kind();
        let (request, token) = match tokens.for_call(kind, now, self.token_required) {
            TokenStep::Fetch => {
                self.token_attempts += 1;
                self.in_flight = InFlight::Token { sent_at: now };
                return Next::Send(Outgoing {
                    request: tokens.authorize().request(None),
                    call: CallKind::Authorize,
                    attempt: self.token_attempts,
                });
            }
            TokenStep::Use(token) => (
                self.call.request(Some(token)),
                Some(String::from(token.access_token())),
            ),
            TokenStep::Without => (self.call.request(None), None),
        };
        if kind.token_use() == super::TokenUse::Unspent
            && let Some(token) = &token
        {
            tokens.spend(token);
        }
        self.attempts += 1;
        self.in_flight = InFlight::Call { token };
        Next::Send(Outgoing {
            request,
            call: kind,
            attempt: self.attempts,
        })
    }

    fn handle(
        &mut self,
        tokens: &mut Tokens,
        now: Duration,
        result: Result<Answer, TransportError>,
        random: u64,
    ) {
        match core::mem::replace(&mut self.in_flight, InFlight::Nothing) {
            InFlight::Nothing => {}
            InFlight::Token { sent_at } => {
                let attempt = self.token_attempts;
                let failure = match result.map(|answer| tokens.authorize().read(answer)) {
                    Ok(Ok(token)) => {
                        tokens.issued(token, sent_at);
                        self.token_attempts = 0;
                        return;
                    }
                    Ok(Err(error)) => Failure::Api(error),
                    Err(error) => Failure::Transport(error),
                };
                self.failed(CallKind::Authorize, attempt, failure, now, random);
            }
            InFlight::Call { token } => {
                let kind = self.call.kind();
                let failure = match result.map(|answer| self.call.read(answer)) {
                    Ok(Ok(body)) => {
                        self.outcome = Some(Ok(body));
                        return;
                    }
                    Ok(Err(error))
                        if error.kind() == super::ApiErrorKind::Unauthorized
                            && !self.refreshed
                            && kind.token_use() != super::TokenUse::Credentials =>
                    {
                        // One refresh: forget the token refused, or ask for
                        // one where none was sent, and go again at once.
                        self.refreshed = true;
                        match token {
                            Some(token) => tokens.refused(&token),
                            None => self.token_required = true,
                        }
                        return;
                    }
                    Ok(Err(error)) => Failure::Api(error),
                    Err(error) => Failure::Transport(error),
                };
                self.failed(kind, self.attempts, failure, now, random);
            }
        }
    }
}
