//! Cancel and confirm as their callers mean them: a repeat that meets the
//! effect of an earlier attempt whose answer was lost is read back, not
//! reported as a failure.
//!
//! **Cancel.** The cancel page documents one 400: the session is already
//! terminal. So a cancel that meets a 400 (on any attempt) reads the
//! session's status: `Cancelled` with `EFT0501` is the cancel asked for,
//! made by an earlier attempt of this call whose answer was lost, or by an
//! earlier cancel ([`CancelOutcome::AlreadyCancelled`]); another final
//! state is the one that won the race ([`CancelOutcome::AlreadyEnded`]); a
//! session still open means the 400 was about something else, and it is
//! returned as the refusal it is.
//!
//! **Confirm.** A decision cannot be taken twice: a repeat meets 409 (no
//! offer pending: accepted already) or 400 (terminal: rejected already, or
//! ended otherwise). A confirm that meets either reads the details:
//! `guaranteeAccepted` for an acceptance, a `Failed` session whose offer was
//! not accepted for a rejection ([`ConfirmOutcome::AlreadyDecided`]); a
//! session that ended otherwise is named ([`ConfirmOutcome::Overtaken`]);
//! anything else is the refusal.

use core::time::Duration;

use uuid::Uuid;

use super::{
    Answer, ApiErrorKind, CallError, Cancel, ConfirmGuarantee, Details, Exchange, Flow, Next,
    RetryPolicy, Status, Tokens, TransportError,
};
use crate::wire::{
    CancelSessionResponse, ConfirmGuaranteeResponse, SessionDetailsResponse, SessionStatusResponse,
};
use crate::{SessionState, SessionStatus, StatusDetail};

/// How a cancel ended, when the session is no longer open.
///
/// # Examples
///
/// ```
/// use eft_session::api::CancelOutcome;
/// use eft_session::wire::CancelSessionResponse;
/// use eft_session::{SessionStatus, StatusDetail};
/// use uuid::Uuid;
///
/// let outcome = CancelOutcome::Cancelled(CancelSessionResponse::new(Uuid::nil(), None));
/// assert!(outcome.is_cancelled());
/// assert_eq!(outcome.final_state().detail(), Some(StatusDetail::EFT0501));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CancelOutcome {
    /// The API answered 200: this call cancelled the session.
    Cancelled(CancelSessionResponse),
    /// The session was already `Cancelled` with `EFT0501`: by an earlier
    /// attempt of this call whose answer was lost, or by an earlier cancel.
    AlreadyCancelled(SessionStatusResponse),
    /// The session had already ended in another final state, which won.
    AlreadyEnded(SessionStatusResponse),
}

impl CancelOutcome {
    /// Whether the session is cancelled by API request, as asked.
    ///
    /// # Examples
    ///
    /// See [`CancelOutcome`].
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        !matches!(self, Self::AlreadyEnded(_))
    }

    /// The session's final state, as the API reported it.
    ///
    /// # Examples
    ///
    /// See [`CancelOutcome`].
    #[must_use]
    pub fn final_state(&self) -> SessionState {
        match self {
            Self::Cancelled(body) => body.state(),
            Self::AlreadyCancelled(report) | Self::AlreadyEnded(report) => report.state(),
        }
    }

    /// The outcome in one lowercase word, for logs and audit records.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::CancelOutcome;
    /// use eft_session::wire::CancelSessionResponse;
    /// use uuid::Uuid;
    ///
    /// assert_eq!(CancelOutcome::Cancelled(CancelSessionResponse::new(Uuid::nil(), None)).as_str(), "cancelled");
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Cancelled(_) => "cancelled",
            Self::AlreadyCancelled(_) => "already-cancelled",
            Self::AlreadyEnded(_) => "already-ended",
        }
    }
}

/// A cancel's outcome and how many cancel requests it took.
///
/// # Examples
///
/// See [`CancelFlow`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cancellation {
    /// How it ended.
    pub outcome: CancelOutcome,
    /// Cancel requests sent (token and status requests not counted).
    pub attempts: u32,
}

/// What reading back after a refused cancel or confirm is doing.
#[derive(Clone, Debug)]
enum Phase<C: super::Call, R: super::Call> {
    Call(Exchange<C>),
    ReadBack {
        read: Exchange<R>,
        refusal: CallError,
        attempts: u32,
    },
}

/// A cancel as its caller means it: retried as [`RetryPolicy`] allows, and
/// a 400 read back by the session's status (the module's rules).
///
/// # Examples
///
/// A cancel whose first answer was lost, then met "already terminal":
///
/// ```
/// use eft_session::api::{Answer, CancelFlow, CancelOutcome, Credentials, Flow, Next, RetryPolicy, Tokens, TransportError, TransportErrorKind};
/// use std::time::Duration;
/// use uuid::Uuid;
///
/// let id = Uuid::nil();
/// let mut tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
/// tokens.issued(eft_session::wire::AccessToken::new("t", 299), Duration::ZERO);
/// let mut flow = CancelFlow::new(id, RetryPolicy::default().with_delays(Duration::ZERO, Duration::ZERO));
/// let json = |status, body: &str| Answer::new(status, body.as_bytes().to_vec()).with_header("content-type", "application/problem+json");
/// let now = Duration::ZERO;
///
/// let Next::Send(_) = flow.poll(&mut tokens, now) else { panic!() };
/// flow.handle(&mut tokens, now, Err(TransportError::new(TransportErrorKind::Interrupted, "reset")), 0);
/// let Next::Send(_) = flow.poll(&mut tokens, now) else { panic!() };
/// flow.handle(&mut tokens, now, Ok(json(400, r#"{"title":"Session Already Terminal","status":400}"#)), 0);
/// let Next::Send(read) = flow.poll(&mut tokens, now) else { panic!() };
/// assert!(read.request.path().ends_with("/status"));
/// let cancelled = r#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null,"amount":null,"status":"Cancelled","statusDetails":"EFT0501"}"#;
/// flow.handle(&mut tokens, now, Ok(json(200, cancelled).with_header("content-type", "application/json")), 0);
///
/// let Next::Done(Ok(done)) = flow.poll(&mut tokens, now) else { panic!() };
/// assert!(matches!(done.outcome, CancelOutcome::AlreadyCancelled(_)));
/// assert_eq!(done.attempts, 2);
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CancelFlow {
    session_id: Uuid,
    policy: RetryPolicy,
    phase: Phase<Cancel, Status>,
    outcome: Option<Result<Cancellation, CallError>>,
}

impl CancelFlow {
    /// The cancel of session `session_id` under `policy`.
    ///
    /// # Examples
    ///
    /// See [`CancelFlow`].
    #[must_use]
    pub const fn new(session_id: Uuid, policy: RetryPolicy) -> Self {
        Self {
            session_id,
            policy,
            phase: Phase::Call(Exchange::new(Cancel::new(session_id), policy)),
            outcome: None,
        }
    }

    /// The session it cancels.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CancelFlow, RetryPolicy};
    /// use uuid::Uuid;
    ///
    /// assert_eq!(CancelFlow::new(Uuid::nil(), RetryPolicy::default()).session_id(), Uuid::nil());
    /// ```
    #[must_use]
    pub const fn session_id(&self) -> Uuid {
        self.session_id
    }

    /// Cancel requests sent so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CancelFlow, RetryPolicy};
    /// use uuid::Uuid;
    ///
    /// assert_eq!(CancelFlow::new(Uuid::nil(), RetryPolicy::default()).attempts(), 0);
    /// ```
    #[must_use]
    pub const fn attempts(&self) -> u32 {
        match &self.phase {
            Phase::Call(exchange) => exchange.attempts(),
            Phase::ReadBack { attempts, .. } => *attempts,
        }
    }
}

/// Whether `error` is a refusal a read-back may explain: a 400 for cancel,
/// a 400 or a 409 for confirm.
fn is_refusal(error: &CallError, statuses: &[u16]) -> bool {
    matches!(error, CallError::Refused { error, .. } if statuses.contains(&error.status()))
}

impl Flow for CancelFlow {
    type Output = Result<Cancellation, CallError>;

    fn poll(&mut self, tokens: &mut Tokens, now: Duration) -> Next<Self::Output> {
        loop {
            if let Some(outcome) = &self.outcome {
                return Next::Done(outcome.clone());
            }
            match &mut self.phase {
                Phase::Call(exchange) => match exchange.poll(tokens, now) {
                    Next::Done(Ok(body)) => {
                        let attempts = exchange.attempts();
                        self.outcome = Some(Ok(Cancellation {
                            outcome: CancelOutcome::Cancelled(body),
                            attempts,
                        }));
                    }
                    Next::Done(Err(refusal)) if is_refusal(&refusal, &[400]) => {
                        let attempts = exchange.attempts();
                        let read = Exchange::new(Status::new(self.session_id), self.policy);
                        self.phase = Phase::ReadBack {
                            read,
                            refusal,
                            attempts,
                        };
                    }
                    Next::Done(Err(error)) => self.outcome = Some(Err(error)),
                    other => return other.map_pending(),
                },
                Phase::ReadBack {
                    read,
                    refusal,
                    attempts,
                } => match read.poll(tokens, now) {
                    Next::Done(Ok(report)) => {
                        let state = report.state();
                        let outcome = if is_cancelled_by_api(state) {
                            Ok(CancelOutcome::AlreadyCancelled(report))
                        } else if state.is_terminal() {
                            Ok(CancelOutcome::AlreadyEnded(report))
                        } else {
                            Err(refusal.clone())
                        };
                        let attempts = *attempts;
                        self.outcome =
                            Some(outcome.map(|outcome| Cancellation { outcome, attempts }));
                    }
                    Next::Done(Err(error)) => self.outcome = Some(Err(error)),
                    other => return other.map_pending(),
                },
            }
        }
    }

    fn handle(
        &mut self,
        tokens: &mut Tokens,
        now: Duration,
        result: Result<Answer, TransportError>,
        random: u64,
    ) {
        match &mut self.phase {
            Phase::Call(exchange) => exchange.handle(tokens, now, result, random),
            Phase::ReadBack { read, .. } => read.handle(tokens, now, result, random),
        }
    }
}

/// `Cancelled` with `EFT0501`, what a cancel by API request leaves.
fn is_cancelled_by_api(state: SessionState) -> bool {
    state.status() == SessionStatus::Cancelled && state.detail() == Some(StatusDetail::EFT0501)
}

impl<T> Next<T> {
    /// A pending step of an inner flow, as a step of the outer one.
    fn map_pending<U>(self) -> Next<U> {
        match self {
            Self::Send(out) => Next::Send(out),
            Self::Wait(wait) => Next::Wait(wait),
            // Callers match `Done` before they get here.
            Self::Done(_) => Next::Wait(Duration::ZERO),
        }
    }
}

/// How a confirm ended.
///
/// # Examples
///
/// ```
/// use eft_session::api::ConfirmOutcome;
/// use eft_session::wire::ConfirmGuaranteeResponse;
/// use uuid::Uuid;
///
/// let outcome = ConfirmOutcome::Confirmed(ConfirmGuaranteeResponse::new(Uuid::nil(), None));
/// assert!(outcome.is_decided());
/// assert_eq!(outcome.as_str(), "confirmed");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ConfirmOutcome {
    /// The API answered 200: this call took the decision.
    Confirmed(ConfirmGuaranteeResponse),
    /// The decision asked for stands already: by an earlier attempt whose
    /// answer was lost (or, for an acceptance, by the automatic one).
    AlreadyDecided(SessionDetailsResponse),
    /// The session ended otherwise (cancelled, expired, undelivered) before
    /// the decision could be taken.
    Overtaken(SessionDetailsResponse),
}

impl ConfirmOutcome {
    /// Whether the decision asked for stands.
    ///
    /// # Examples
    ///
    /// See [`ConfirmOutcome`].
    #[must_use]
    pub fn is_decided(&self) -> bool {
        !matches!(self, Self::Overtaken(_))
    }

    /// The outcome in one lowercase word, for logs and audit records.
    ///
    /// # Examples
    ///
    /// See [`ConfirmOutcome`].
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Confirmed(_) => "confirmed",
            Self::AlreadyDecided(_) => "already-decided",
            Self::Overtaken(_) => "overtaken",
        }
    }
}

/// A confirm's outcome and how many confirm requests it took.
///
/// # Examples
///
/// See [`ConfirmFlow`].
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmation {
    /// How it ended.
    pub outcome: ConfirmOutcome,
    /// Confirm requests sent.
    pub attempts: u32,
}

/// A guarantee decision as its caller means it: retried as [`RetryPolicy`]
/// allows, and a 409 or 400 read back by the session's details (the
/// module's rules).
///
/// # Examples
///
/// An acceptance whose first answer timed out:
///
/// ```
/// use eft_session::api::{Answer, ConfirmFlow, ConfirmOutcome, Credentials, Flow, Next, RetryPolicy, Tokens, TransportError, TransportErrorKind};
/// use std::time::Duration;
/// use uuid::Uuid;
///
/// let mut tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
/// tokens.issued(eft_session::wire::AccessToken::new("t", 299), Duration::ZERO);
/// let mut flow = ConfirmFlow::new(Uuid::nil(), true, RetryPolicy::default().with_delays(Duration::ZERO, Duration::ZERO));
/// let now = Duration::ZERO;
/// let Next::Send(_) = flow.poll(&mut tokens, now) else { panic!() };
/// flow.handle(&mut tokens, now, Err(TransportError::new(TransportErrorKind::Timeout, "5 s")), 0);
/// let Next::Send(_) = flow.poll(&mut tokens, now) else { panic!() };
/// flow.handle(&mut tokens, now, Ok(Answer::new(409, br#"{"title":"No Guarantee Offer Pending","status":409}"#.to_vec())), 0);
/// let Next::Send(read) = flow.poll(&mut tokens, now) else { panic!() };
/// assert!(read.request.path().ends_with("/details"));
/// let details = br#"{"sessionId":"00000000-0000-0000-0000-000000000000","status":"InProgress",
///     "options":{"guarantee":{"enable":true}},"guaranteeDetails":{"guaranteeOffered":true,"guaranteeAccepted":true}}"#;
/// flow.handle(&mut tokens, now, Ok(Answer::new(200, details.to_vec())), 0);
/// let Next::Done(Ok(done)) = flow.poll(&mut tokens, now) else { panic!() };
/// assert!(matches!(done.outcome, ConfirmOutcome::AlreadyDecided(_)));
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ConfirmFlow {
    session_id: Uuid,
    accepted: bool,
    policy: RetryPolicy,
    phase: Phase<ConfirmGuarantee, Details>,
    outcome: Option<Result<Confirmation, CallError>>,
}

impl ConfirmFlow {
    /// The decision `accepted` on session `session_id`'s offer, under
    /// `policy`.
    ///
    /// # Examples
    ///
    /// See [`ConfirmFlow`].
    #[must_use]
    pub const fn new(session_id: Uuid, accepted: bool, policy: RetryPolicy) -> Self {
        Self {
            session_id,
            accepted,
            policy,
            phase: Phase::Call(Exchange::new(
                ConfirmGuarantee::new(session_id, accepted),
                policy,
            )),
            outcome: None,
        }
    }

    /// What the details say of the decision asked for.
    fn read_back(
        &self,
        details: SessionDetailsResponse,
        refusal: &CallError,
    ) -> Result<ConfirmOutcome, CallError> {
        let guarantee = details.guarantee_details.as_ref();
        let offered = guarantee.and_then(|g| g.guarantee_offered) == Some(true);
        let accepted = guarantee.and_then(|g| g.guarantee_accepted) == Some(true);
        let stands = if self.accepted {
            accepted
        } else {
            offered && !accepted && details.status == SessionStatus::Failed
        };
        if stands {
            Ok(ConfirmOutcome::AlreadyDecided(details))
        } else if details.status.is_terminal() && details.product() == crate::Product::Geft {
            Ok(ConfirmOutcome::Overtaken(details))
        } else {
            Err(refusal.clone())
        }
    }
}

impl Flow for ConfirmFlow {
    type Output = Result<Confirmation, CallError>;

    fn poll(&mut self, tokens: &mut Tokens, now: Duration) -> Next<Self::Output> {
        loop {
            if let Some(outcome) = &self.outcome {
                return Next::Done(outcome.clone());
            }
            match &mut self.phase {
                Phase::Call(exchange) => match exchange.poll(tokens, now) {
                    Next::Done(Ok(body)) => {
                        let attempts = exchange.attempts();
                        self.outcome = Some(Ok(Confirmation {
                            outcome: ConfirmOutcome::Confirmed(body),
                            attempts,
                        }));
                    }
                    Next::Done(Err(refusal)) if is_refusal(&refusal, &[400, 409]) => {
                        // Guarantee Not Enabled is final: nothing to read back.
                        let not_enabled = refusal.api_error().is_some_and(|error| {
                            error.kind() == ApiErrorKind::BadRequest
                                && error
                                    .problem()
                                    .and_then(|p| p.title.as_deref())
                                    .is_some_and(|t| {
                                        t.eq_ignore_ascii_case("Guarantee Not Enabled")
                                    })
                        });
                        if not_enabled {
                            self.outcome = Some(Err(refusal));
                            continue;
                        }
                        let attempts = exchange.attempts();
                        let read = Exchange::new(Details::new(self.session_id), self.policy);
                        self.phase = Phase::ReadBack {
                            read,
                            refusal,
                            attempts,
                        };
                    }
                    Next::Done(Err(error)) => self.outcome = Some(Err(error)),
                    other => return other.map_pending(),
                },
                Phase::ReadBack {
                    read,
                    refusal,
                    attempts,
                } => match read.poll(tokens, now) {
                    Next::Done(Ok(details)) => {
                        let (refusal, attempts) = (refusal.clone(), *attempts);
                        let outcome = self.read_back(details, &refusal);
                        self.outcome =
                            Some(outcome.map(|outcome| Confirmation { outcome, attempts }));
                    }
                    Next::Done(Err(error)) => self.outcome = Some(Err(error)),
                    other => return other.map_pending(),
                },
            }
        }
    }

    fn handle(
        &mut self,
        tokens: &mut Tokens,
        now: Duration,
        result: Result<Answer, TransportError>,
        random: u64,
    ) {
        match &mut self.phase {
            Phase::Call(exchange) => exchange.handle(tokens, now, result, random),
            Phase::ReadBack { read, .. } => read.handle(tokens, now, result, random),
        }
    }
}
