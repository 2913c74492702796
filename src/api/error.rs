//! What can go wrong with a call: an answer that is not the call's success
//! ([`ApiError`]), no complete answer at all ([`TransportError`]), and how a
//! whole call with its retries ended ([`CallError`]).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use super::{Answer, CallKind, StopReason};
use crate::SessionState;
use crate::wire::ProblemDetails;

/// Which documented answer an [`ApiError`] is.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, ApiErrorKind, Call, Status};
/// use uuid::Uuid;
///
/// let answer = Answer::new(404, br#"{"title":"Session Not Found","status":404}"#.to_vec())
///     .with_header("content-type", "application/problem+json");
/// let err = Status::new(Uuid::nil()).read(answer).unwrap_err();
/// assert_eq!(err.kind(), ApiErrorKind::NotFound);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: the request broke a rule; a create's problem lists every one
    /// in `errors`.
    BadRequest,
    /// 400 "Session Already Terminal": the session has ended, and its final
    /// state is [`ApiError::final_state`] where the body gives it.
    SessionAlreadyTerminal,
    /// 401: the credentials or the bearer token were refused;
    /// [`ApiError::challenge`] is the `WWW-Authenticate` header.
    Unauthorized,
    /// 403: the client lacks a feature (EFT V2 needs RegularEft).
    Forbidden,
    /// 404: no session with this id for this client.
    NotFound,
    /// 409: the session's state refuses the call now (a confirm with no
    /// guarantee offer pending).
    Conflict,
    /// 413: the body is over the server's limit.
    PayloadTooLarge,
    /// 415: the body's media type was refused.
    UnsupportedMediaType,
    /// 429: too many requests; [`ApiError::retry_after`] says when to come
    /// back.
    TooManyRequests,
    /// 5xx: the server, or a proxy in front of it, failed.
    ServerError,
    /// An answer the docs do not describe: a status they never give, or a
    /// success whose body is not the call's (an HTML page from a proxy, an
    /// empty or truncated body, a wrong content type, a body that breaks a
    /// documented rule). [`ApiError::reason`] says which.
    Undocumented,
}

impl ApiErrorKind {
    /// The kind of an answer with `status` that is not its call's success.
    const fn of_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            409 => Self::Conflict,
            413 => Self::PayloadTooLarge,
            415 => Self::UnsupportedMediaType,
            429 => Self::TooManyRequests,
            500..=599 => Self::ServerError,
            _ => Self::Undocumented,
        }
    }

    /// Whether an answer of this kind may change on a later attempt: 429
    /// and 5xx. Every other answer is the API's decision, and repeating the
    /// request gets the same one.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::ApiErrorKind;
    ///
    /// assert!(ApiErrorKind::TooManyRequests.is_transient());
    /// assert!(!ApiErrorKind::SessionAlreadyTerminal.is_transient());
    /// ```
    #[must_use]
    pub const fn is_transient(self) -> bool {
        matches!(self, Self::TooManyRequests | Self::ServerError)
    }

    /// What the kind means, in a few lowercase words.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::ApiErrorKind::Forbidden.phrase(), "feature not enabled");
    /// ```
    #[must_use]
    pub const fn phrase(self) -> &'static str {
        match self {
            Self::BadRequest => "bad request",
            Self::SessionAlreadyTerminal => "session already terminal",
            Self::Unauthorized => "authentication required",
            Self::Forbidden => "feature not enabled",
            Self::NotFound => "not found",
            Self::Conflict => "conflict",
            Self::PayloadTooLarge => "payload too large",
            Self::UnsupportedMediaType => "unsupported media type",
            Self::TooManyRequests => "too many requests",
            Self::ServerError => "server error",
            Self::Undocumented => "undocumented answer",
        }
    }
}

/// An answer that is not its call's success, read as far as the docs allow
/// and kept whole: the status, the media type and the body bytes are always
/// there, the problem body where it reads as one.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, ApiErrorKind, Call, Cancel};
/// use eft_session::{SessionStatus, StatusDetail};
/// use uuid::Uuid;
///
/// let body = br#"{"title":"Session Already Terminal","status":400,"detail":"already terminal at Completed (EFT0301)",
///                 "sessionStatus":"Completed","statusDetails":"EFT0301"}"#;
/// let answer = Answer::new(400, body.to_vec()).with_header("content-type", "application/problem+json");
/// let err = Cancel::new(Uuid::nil()).read(answer).unwrap_err();
/// assert_eq!(err.kind(), ApiErrorKind::SessionAlreadyTerminal);
/// assert_eq!(err.final_state().map(|s| s.detail()), Some(Some(StatusDetail::EFT0301)));
/// assert_eq!(err.body(), body);
///
/// // A proxy's page instead of the API's answer: undocumented, bytes kept.
/// let page = Answer::new(200, b"<html>maintenance</html>".to_vec()).with_header("content-type", "text/html");
/// let err = Cancel::new(Uuid::nil()).read(page).unwrap_err();
/// assert_eq!(err.kind(), ApiErrorKind::Undocumented);
/// assert_eq!(err.to_string(), "cancel answered 200 (undocumented answer): the body is text/html, not JSON");
/// assert_eq!(err.body(), b"<html>maintenance</html>");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    call: CallKind,
    kind: ApiErrorKind,
    status: u16,
    media_type: Option<String>,
    body: Vec<u8>,
    problem: Option<ProblemDetails>,
    final_state: Option<SessionState>,
    challenge: Option<String>,
    retry_after: Option<Duration>,
    reason: String,
}

impl ApiError {
    /// An answer that is not `call`'s success, by its status.
    pub(crate) fn refusal(call: CallKind, answer: Answer) -> Self {
        let problem = read_problem(&answer);
        let mut kind = ApiErrorKind::of_status(answer.status());
        let final_state = problem.as_ref().and_then(ProblemDetails::final_state);
        if kind == ApiErrorKind::BadRequest
            && (final_state.is_some() || is_terminal_title(&problem))
        {
            kind = ApiErrorKind::SessionAlreadyTerminal;
        }
        let reason = match (&problem, kind) {
            (_, ApiErrorKind::Undocumented) => {
                alloc::format!("the docs describe no status {}", answer.status())
            }
            (Some(problem), _) => problem
                .detail
                .clone()
                .or_else(|| problem.title.as_deref().map(String::from))
                .unwrap_or_default(),
            (None, _) => not_a_problem(&answer),
        };
        let challenge = (kind == ApiErrorKind::Unauthorized)
            .then(|| answer.header("www-authenticate").map(String::from))
            .flatten();
        let retry_after = kind.is_transient().then(|| answer.retry_after()).flatten();
        Self::build(
            call,
            kind,
            answer,
            problem,
            final_state,
            challenge,
            retry_after,
            reason,
        )
    }

    /// A success answer of `call` whose body cannot be taken in, for
    /// `reason`.
    pub(crate) fn undocumented(call: CallKind, answer: Answer, reason: String) -> Self {
        Self::build(
            call,
            ApiErrorKind::Undocumented,
            answer,
            None,
            None,
            None,
            None,
            reason,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        call: CallKind,
        kind: ApiErrorKind,
        answer: Answer,
        problem: Option<ProblemDetails>,
        final_state: Option<SessionState>,
        challenge: Option<String>,
        retry_after: Option<Duration>,
        reason: String,
    ) -> Self {
        let media_type = answer.media_type();
        let status = answer.status();
        Self {
            inner: Box::new(Inner {
                call,
                kind,
                status,
                media_type,
                body: answer.into_body(),
                problem,
                final_state,
                challenge,
                retry_after,
                reason,
            }),
        }
    }

    /// The call that got this answer.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, CallKind, Details};
    /// use uuid::Uuid;
    ///
    /// let err = Details::new(Uuid::nil()).read(Answer::new(500, Vec::new())).unwrap_err();
    /// assert_eq!(err.call(), CallKind::Details);
    /// ```
    #[must_use]
    pub fn call(&self) -> CallKind {
        self.inner.call
    }

    /// Which documented answer it is.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, ApiErrorKind, Call, Details};
    /// use uuid::Uuid;
    ///
    /// let err = Details::new(Uuid::nil()).read(Answer::new(418, Vec::new())).unwrap_err();
    /// assert_eq!(err.kind(), ApiErrorKind::Undocumented);
    /// ```
    #[must_use]
    pub fn kind(&self) -> ApiErrorKind {
        self.inner.kind
    }

    /// The HTTP status of the answer.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details};
    /// use uuid::Uuid;
    ///
    /// let err = Details::new(Uuid::nil()).read(Answer::new(503, Vec::new())).unwrap_err();
    /// assert_eq!(err.status(), 503);
    /// ```
    #[must_use]
    pub fn status(&self) -> u16 {
        self.inner.status
    }

    /// The media type of the answer's `Content-Type`, lowercase, without
    /// parameters.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details};
    /// use uuid::Uuid;
    ///
    /// let answer = Answer::new(502, b"<html/>".to_vec()).with_header("Content-Type", "text/html; charset=utf-8");
    /// let err = Details::new(Uuid::nil()).read(answer).unwrap_err();
    /// assert_eq!(err.media_type(), Some("text/html"));
    /// ```
    #[must_use]
    pub fn media_type(&self) -> Option<&str> {
        self.inner.media_type.as_deref()
    }

    /// The body bytes, exactly as received.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details};
    /// use uuid::Uuid;
    ///
    /// let err = Details::new(Uuid::nil()).read(Answer::new(502, b"Bad Gateway".to_vec())).unwrap_err();
    /// assert_eq!(err.body(), b"Bad Gateway");
    /// ```
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.inner.body
    }

    /// The problem body, when the answer carries one that reads.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details};
    /// use uuid::Uuid;
    ///
    /// let answer = Answer::new(401, br#"{"title":"Authentication Required","status":401}"#.to_vec())
    ///     .with_header("content-type", "application/problem+json");
    /// let err = Details::new(Uuid::nil()).read(answer).unwrap_err();
    /// assert_eq!(err.problem().and_then(|p| p.title.as_deref()), Some("Authentication Required"));
    /// ```
    #[must_use]
    pub fn problem(&self) -> Option<&ProblemDetails> {
        self.inner.problem.as_ref()
    }

    /// On a 400 "Session Already Terminal", the final state where the body
    /// gives it (`sessionStatus`, `statusDetails`).
    ///
    /// # Examples
    ///
    /// See [`ApiError`].
    #[must_use]
    pub fn final_state(&self) -> Option<SessionState> {
        self.inner.final_state
    }

    /// On a 401, the `WWW-Authenticate` header.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details};
    /// use uuid::Uuid;
    ///
    /// let answer = Answer::new(401, Vec::new()).with_header("WWW-Authenticate", r#"Bearer error="invalid_token""#);
    /// let err = Details::new(Uuid::nil()).read(answer).unwrap_err();
    /// assert_eq!(err.challenge(), Some(r#"Bearer error="invalid_token""#));
    /// ```
    #[must_use]
    pub fn challenge(&self) -> Option<&str> {
        self.inner.challenge.as_deref()
    }

    /// On a 429 or a 5xx, how long `Retry-After` asks to wait.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details};
    /// use std::time::Duration;
    /// use uuid::Uuid;
    ///
    /// let err = Details::new(Uuid::nil()).read(Answer::new(429, Vec::new()).with_header("Retry-After", "3")).unwrap_err();
    /// assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
    /// ```
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Why: the problem's `detail` (or `title`), or what is wrong with an
    /// answer the docs do not describe.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details};
    /// use uuid::Uuid;
    ///
    /// let err = Details::new(Uuid::nil()).read(Answer::new(200, Vec::new())).unwrap_err();
    /// assert_eq!(err.reason(), "the body is empty");
    /// ```
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.inner.reason
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        write!(
            f,
            "{} answered {} ({})",
            inner.call,
            inner.status,
            inner.kind.phrase()
        )?;
        if !inner.reason.is_empty() {
            write!(f, ": {}", inner.reason)?;
        }
        Ok(())
    }
}

/// The body's size, not its bytes: it may hold a payor's name.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("ApiError")
            .field("call", &inner.call)
            .field("kind", &inner.kind)
            .field("status", &inner.status)
            .field("media_type", &inner.media_type)
            .field("body", &format_args!("{} bytes", inner.body.len()))
            .field("problem", &inner.problem)
            .field("final_state", &inner.final_state)
            .field("challenge", &inner.challenge)
            .field("retry_after", &inner.retry_after)
            .field("reason", &inner.reason)
            .finish()
    }
}

impl core::error::Error for ApiError {}

/// The problem body of `answer`, when it is JSON and reads as one.
fn read_problem(answer: &Answer) -> Option<ProblemDetails> {
    if answer.body().is_empty() || !answer.is_json() {
        return None;
    }
    serde_json::from_slice(answer.body()).ok()
}

fn is_terminal_title(problem: &Option<ProblemDetails>) -> bool {
    problem
        .as_ref()
        .and_then(|problem| problem.title.as_deref())
        .is_some_and(|title| title.eq_ignore_ascii_case("Session Already Terminal"))
}

/// Why an error answer has no problem body.
fn not_a_problem(answer: &Answer) -> String {
    match answer.media_type() {
        _ if answer.body().is_empty() => String::from("no problem body"),
        Some(media) if !answer.is_json() => {
            alloc::format!("no problem body: {} bytes of {media}", answer.body().len())
        }
        _ => alloc::format!(
            "no problem body: {} bytes that do not read as one",
            answer.body().len()
        ),
    }
}

/// Why an attempt got no complete answer.
///
/// # Examples
///
/// ```
/// use eft_session::api::TransportErrorKind;
///
/// assert!(!TransportErrorKind::Connect.may_have_been_processed());
/// assert!(TransportErrorKind::Timeout.may_have_been_processed());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection was made (refused, unreachable, no such host, TLS
    /// refused): the request never reached the server.
    Connect,
    /// No complete answer within the client's time limit: the server may
    /// have done the work.
    Timeout,
    /// The connection broke after the request was sent (reset, closed, an
    /// answer cut short): the server may have done the work.
    Interrupted,
}

impl TransportErrorKind {
    /// Whether the server may have handled the request: everything but a
    /// connection never made.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(eft_session::api::TransportErrorKind::Interrupted.may_have_been_processed());
    /// ```
    #[must_use]
    pub const fn may_have_been_processed(self) -> bool {
        !matches!(self, Self::Connect)
    }

    /// The kind in a few lowercase words.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::TransportErrorKind::Timeout.phrase(), "timed out");
    /// ```
    #[must_use]
    pub const fn phrase(self) -> &'static str {
        match self {
            Self::Connect => "could not connect",
            Self::Timeout => "timed out",
            Self::Interrupted => "lost its answer",
        }
    }
}

/// An attempt that got no complete answer, as the HTTP layer reports it.
///
/// # Examples
///
/// ```
/// use eft_session::api::{TransportError, TransportErrorKind};
///
/// let err = TransportError::new(TransportErrorKind::Interrupted, "connection closed before message completed");
/// assert_eq!(err.to_string(), "the request lost its answer: connection closed before message completed");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TransportError {
    kind: TransportErrorKind,
    detail: String,
}

impl TransportError {
    /// A failure of `kind`, with what the HTTP layer said.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{TransportError, TransportErrorKind};
    ///
    /// let err = TransportError::new(TransportErrorKind::Connect, "connection refused");
    /// assert_eq!(err.kind(), TransportErrorKind::Connect);
    /// ```
    #[must_use]
    pub fn new(kind: TransportErrorKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
        }
    }

    /// Its kind.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{TransportError, TransportErrorKind};
    ///
    /// assert_eq!(TransportError::new(TransportErrorKind::Timeout, "").kind(), TransportErrorKind::Timeout);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// What the HTTP layer said.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{TransportError, TransportErrorKind};
    ///
    /// assert_eq!(TransportError::new(TransportErrorKind::Timeout, "after 5 s").detail(), "after 5 s");
    /// ```
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request {}", self.kind.phrase())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl core::error::Error for TransportError {}

/// What went wrong with one attempt: no complete answer, or an answer that
/// is not the call's success.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Failure, TransportError, TransportErrorKind};
///
/// let failure = Failure::Transport(TransportError::new(TransportErrorKind::Connect, "refused"));
/// assert!(failure.is_transient());
/// assert!(!failure.may_have_been_processed());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No complete answer.
    Transport(TransportError),
    /// An answer, not the success.
    Api(ApiError),
}

impl Failure {
    /// Whether another attempt may fare differently: every transport
    /// failure, a 429 and a 5xx.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details, Failure};
    /// use uuid::Uuid;
    ///
    /// let not_found = Details::new(Uuid::nil()).read(Answer::new(404, Vec::new())).unwrap_err();
    /// assert!(!Failure::Api(not_found).is_transient());
    /// ```
    #[must_use]
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport(_) => true,
            Self::Api(error) => error.kind().is_transient(),
        }
    }

    /// Whether the server may have done the work. A connection never made
    /// did nothing; a 429 refused the request before handling it (RFC
    /// 6585), and a 503 says the server could not handle it (RFC 9110
    /// §15.6.4); any other answer, a time-out and a lost answer may have
    /// come after the work was done.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, Details, Failure};
    /// use uuid::Uuid;
    ///
    /// let busy = Details::new(Uuid::nil()).read(Answer::new(503, Vec::new())).unwrap_err();
    /// assert!(!Failure::Api(busy).may_have_been_processed());
    /// let gateway = Details::new(Uuid::nil()).read(Answer::new(504, Vec::new())).unwrap_err();
    /// assert!(Failure::Api(gateway).may_have_been_processed());
    /// ```
    #[must_use]
    pub fn may_have_been_processed(&self) -> bool {
        match self {
            Self::Transport(error) => error.kind().may_have_been_processed(),
            Self::Api(error) => !matches!(error.status(), 429 | 503),
        }
    }

    /// How long the answer asked to wait (`Retry-After`), if it did.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Failure, TransportError, TransportErrorKind};
    ///
    /// assert_eq!(Failure::Transport(TransportError::new(TransportErrorKind::Timeout, "")).retry_after(), None);
    /// ```
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Transport(_) => None,
            Self::Api(error) => error.retry_after(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport(error) => error.fmt(f),
            Self::Api(error) => error.fmt(f),
        }
    }
}

/// How a whole call ended when it did not succeed, retries included.
///
/// Three classes, which a command line tells apart by its exit code:
/// refused by the API ([`CallError::Refused`]), an answer the docs do not
/// describe ([`CallError::Undocumented`]), and a transient failure that
/// outlasted the retries or an outcome that stayed unknown
/// ([`CallError::GaveUp`]).
///
/// # Examples
///
/// ```
/// use eft_session::api::{CallError, StopReason};
///
/// # fn show(err: CallError) {
/// match err {
///     CallError::Refused { error, .. } => eprintln!("refused: {error}"),
///     CallError::Undocumented { error, .. } => eprintln!("cannot read the answer: {error}"),
///     CallError::GaveUp { reason: StopReason::OutcomeUnknown, .. } => eprintln!("may have happened"),
///     CallError::GaveUp { last, .. } => eprintln!("still failing: {last}"),
///     _ => eprintln!("{err}"),
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallError {
    /// The API refused the call with a documented answer (a 4xx):
    /// repeating it gets the same refusal.
    Refused {
        /// The answer.
        error: ApiError,
        /// Requests of the call sent, this one included.
        attempts: u32,
    },
    /// The answer is not one the docs describe; it is kept whole.
    Undocumented {
        /// The answer.
        error: ApiError,
        /// Requests of the call sent.
        attempts: u32,
    },
    /// Transient failures until a bound was reached, or a failure after
    /// which another attempt would not be safe.
    GaveUp {
        /// The call whose attempts ran out: the call itself, or
        /// [`CallKind::Authorize`] when the token it needed could not be
        /// fetched.
        call: CallKind,
        /// The last failure.
        last: Failure,
        /// Why no further attempt was made.
        reason: StopReason,
        /// Requests of that call sent.
        attempts: u32,
        /// Time from the first attempt to the decision to stop.
        elapsed: Duration,
    },
}

impl CallError {
    /// Requests of the call sent (token requests not counted).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, CallError, Details};
    /// use uuid::Uuid;
    ///
    /// let error = Details::new(Uuid::nil()).read(Answer::new(404, Vec::new())).unwrap_err();
    /// assert_eq!(CallError::Refused { error, attempts: 1 }.attempts(), 1);
    /// ```
    #[must_use]
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Refused { attempts, .. }
            | Self::Undocumented { attempts, .. }
            | Self::GaveUp { attempts, .. } => *attempts,
        }
    }

    /// The answer, when the call ended on one (not on a transport failure).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Answer, Call, CallError, Details};
    /// use uuid::Uuid;
    ///
    /// let error = Details::new(Uuid::nil()).read(Answer::new(404, Vec::new())).unwrap_err();
    /// let err = CallError::Refused { error, attempts: 1 };
    /// assert_eq!(err.api_error().map(|e| e.status()), Some(404));
    /// ```
    #[must_use]
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Refused { error, .. } | Self::Undocumented { error, .. } => Some(error),
            Self::GaveUp {
                last: Failure::Api(error),
                ..
            } => Some(error),
            Self::GaveUp { .. } => None,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused { error, .. } | Self::Undocumented { error, .. } => error.fmt(f),
            Self::GaveUp {
                call,
                last,
                reason,
                attempts,
                elapsed,
            } => write!(
                f,
                "{call} gave up after {attempts} attempt{} in {} ms ({}): {last}",
                if *attempts == 1 { "" } else { "s" },
                elapsed.as_millis(),
                reason.phrase()
            ),
        }
    }
}

impl core::error::Error for CallError {}
