//! The client side of the session API, sans I/O: every documented call
//! builds its request and reads its answer; retries, the token policy and
//! the reconciliation of a repeated cancel or confirm are pure functions
//! and state machines. An HTTP client only moves the bytes (the workspace's
//! `eft-client` does, with reqwest), and a test drives the same code with
//! numbers.
//!
//! | Piece | What it decides |
//! |---|---|
//! | [`Authorize`], [`Initiate`], [`Status`], [`Details`], [`Cancel`], [`ConfirmGuarantee`] ([`Call`]) | the request of each documented call, and what its answer means |
//! | [`Request`], [`Answer`] | the bytes on the wire, for any HTTP library (`http::Request<Vec<u8>>` under `http1`) |
//! | [`ApiError`], [`ApiErrorKind`] | which documented answer a refusal is; an undocumented one kept whole |
//! | [`RetryPolicy`], [`Idempotence`] | which call may be repeated after which failure, and how long to wait |
//! | [`Tokens`], [`TokenUse`] | when to fetch a token, which calls reuse it, what a 401 does |
//! | [`Exchange`], [`Flow`], [`Next`] | one call driven to its outcome: token, attempts, waits |
//! | [`CancelFlow`], [`ConfirmFlow`] | a repeated cancel or confirm that meets its own effect, read back |
//! | [`Watch`], [`WatchPolicy`] | a session followed to its final state |
//!
//! # Examples
//!
//! Any HTTP library drives a flow in one loop: here a stand-in `send` that
//! answers as the API would.
//!
//! ```
//! use std::time::Duration;
//! use eft_session::api::{Answer, CancelFlow, CancelOutcome, Credentials, Flow, Next, Request, RetryPolicy, Tokens, TransportError};
//! use uuid::Uuid;
//!
//! fn send(request: &Request) -> Result<Answer, TransportError> {
//!     let json = |body: &str| Answer::new(200, body.as_bytes().to_vec()).with_header("content-type", "application/json");
//!     Ok(match request.path() {
//!         "/api/v1/authorize" => json(r#"{"access_token":"t","token_type":"bearer","expires_in":299}"#),
//!         _ => json(r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","status":"Cancelled","statusDetails":"EFT0501"}"#),
//!     })
//! }
//!
//! let id = Uuid::parse_str("850750a4-3021-4061-ac03-a8d873aa4179")?;
//! let mut tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
//! let mut flow = CancelFlow::new(id, RetryPolicy::default());
//! let now = Duration::ZERO; // a real driver reads a monotonic clock
//! let done = loop {
//!     match flow.poll(&mut tokens, now) {
//!         Next::Send(out) => {
//!             let result = send(&out.request);
//!             flow.handle(&mut tokens, now, result, 42);
//!         }
//!         Next::Wait(_) => unreachable!("nothing failed"),
//!         Next::Done(done) => break done?,
//!     }
//! };
//! assert!(matches!(done.outcome, CancelOutcome::Cancelled(_)));
//! assert_eq!(done.attempts, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Decisions where the docs are silent
//!
//! - **Retries** follow one table ([`RetryPolicy`]'s module docs): reads,
//!   tokens, cancel and confirm are repeated after any transient failure
//!   (no connection, time-out, lost answer, 429, 5xx); initiate only after
//!   one that proves it was not handled (no connection, 429, 503). Waits
//!   double from 250 ms to 8 s with equal jitter, never shorter than
//!   `Retry-After`; 4 attempts and 60 s at most.
//! - **An initiate whose outcome is unknown** is not repeated
//!   ([`StopReason::OutcomeUnknown`]): the docs give it no idempotency key.
//!   The caller starts over with a new token; the unknown session, whose id
//!   nobody has, expires unused.
//! - **Tokens** ([`Tokens`]): the authorize page's stricter rule, which
//!   works under the session pages' looser one: one initiate per token,
//!   reuse for other calls until 30 s before its end, one refresh on a 401.
//!   The status call sends a token when one is at hand, none otherwise, and
//!   fetches one after a 401 (the GEFT pages disagree on its auth).
//! - **Answers read liberally**: a success of 201 or 200 for initiate,
//!   JSON under any JSON media type or none, a problem body wherever it
//!   reads as one. The final state of a 400 "Session Already Terminal" is
//!   read from its `sessionStatus` and `statusDetails` where given.
//! - **Nothing is lost**: every [`ApiError`] keeps the status, the media
//!   type and the body bytes; a success about another session than the one
//!   asked is an undocumented answer, not taken in.
//! - **Cancel reconciles by the status, confirm by the details**
//!   ([`CancelFlow`], [`ConfirmFlow`]): a repeat that meets "already
//!   terminal" (or no offer pending) reads the session, and reports success
//!   when the session is as asked, or names the state that won.
//! - **Credentials stay out of logs**: `Debug` of a request, a token or the
//!   credentials shows no secret, and of a body only its size.

mod answer;
mod calls;
mod error;
mod exchange;
mod reconcile;
mod request;
mod retry;
mod token;
mod watch;

pub use answer::Answer;
pub use calls::{Authorize, Call, CallKind, Cancel, ConfirmGuarantee, Details, Initiate, Status};
pub use error::{ApiError, ApiErrorKind, CallError, Failure, TransportError, TransportErrorKind};
pub use exchange::{Exchange, Flow, Next, Outgoing};
pub use reconcile::{
    CancelFlow, CancelOutcome, Cancellation, ConfirmFlow, ConfirmOutcome, Confirmation,
};
pub use request::{Method, Request};
pub use retry::{Decision, Idempotence, RetryPolicy, StopReason};
pub use token::{Credentials, CredentialsError, TOKEN_MARGIN, TokenStep, TokenUse, Tokens};
pub use watch::{Seen, Watch, WatchError, WatchPolicy};
