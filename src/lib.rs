//! The reference model of the EFT session lifecycle of Flinks Pay's
//! session-based EFT V2 API and its sibling, Guaranteed EFT (GEFT).
//!
//! A session is created `Initiated` (`EFT0101`), the payer walks through a
//! hosted flow (`InProgress`), and it ends in exactly one final state:
//! `Completed` (`EFT0301`, `EFT0302`), `Failed` (`EFT04xx`), `Cancelled`
//! (`EFT0501`, by API request) or `Expired` (`EFT0601`). A terminal session
//! rejects cancellation, which the API answers with 400.
//!
//! ```
//! use eft_session::{Event, Session, SessionStatus, StatusDetail};
//! use eft_session::wire::ProblemDetails;
//! use uuid::Uuid;
//!
//! let id = Uuid::parse_str("850750a4-3021-4061-ac03-a8d873aa4179").unwrap();
//! let mut session = Session::new(id, Some("USER12345".parse()?));
//!
//! session.apply(Event::Start)?;                    // the payer opens the flow
//! let (_step, body) = session.cancel()?;           // POST …/cancel
//! assert_eq!(body.detail(), StatusDetail::EFT0501);
//!
//! let err = session.cancel().unwrap_err();         // again: 400
//! let problem = ProblemDetails::for_transition_error(session.id(), &err);
//! assert_eq!(problem.status, Some(400));
//! assert_eq!(problem.title.as_deref(), Some("Session Already Terminal"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Contents
//!
//! | Module | Concept |
//! |---|---|
//! | [`SessionStatus`] | the status, its wire spelling, whether it is terminal |
//! | [`StatusDetail`] | the detail code (`EFT0501`), its family and meaning |
//! | [`SessionState`] | a status with its code, checked to agree |
//! | [`Event`], [`EventKind`] | what can happen to a session |
//! | [`GuaranteeStage`] | where a GEFT session's guarantee decision stands |
//! | [`SessionStatus::transition`], [`Transition`] | the one table of legal steps |
//! | [`Session`] | a session: apply, cancel, observe a report, replay a log |
//! | [`ReferenceId`], [`Amount`], [`Balance`] | the client's reference, money in exact cents |
//! | [`Product`] | EFT V2 or GEFT, where they differ |
//! | [`Step`] | where the payer is in the hosted flow |
//! | [`wire`] | every JSON body of the session API, and a fast reader for the hot ones |
//! | [`api`] | the client side, sans I/O: each call's request and answer, retries, tokens, reconciliation |
//! | [`views`] | the transition table as Markdown, Mermaid and DOT |
//! | `strategy` | proptest strategies, `Arbitrary` and a reference model (feature `proptest`) |
//! | `webhook` | signing and verifying webhooks (feature `webhook`) |
//! | [`Timestamp`] | an RFC 3339 instant, such as a webhook's `when` |
//!
//! # The legal transitions
//!
//! [`SessionStatus::transition`] is the single source of truth; this table,
//! the diagrams of [`views`] and the tests are derived from it. Every status
//! and every kind of event, with what happens:
//!
#![doc = include_str!("../docs/transitions.md")]
//!
//! # Status-detail codes
//!
#![doc = include_str!("../docs/status-details.md")]
//!
//! # Decisions where the docs are silent or disagree
//!
//! Each decision is made in one place, named here, so it is easy to change.
//!
//! - **`Failed` is terminal and rejects cancellation**, although the EFT V2
//!   cancel page lists only `Completed`, `Cancelled` and `Expired` as
//!   terminal. The webhook guide calls `Failed` a final state, a failed
//!   session cannot be resumed, and nothing documents a way out of it.
//!   ([`SessionStatus::is_terminal`])
//! - **`Completed` with `EFT0302` is as final as `EFT0301`.** `EFT0302` (PAD
//!   signature pending) is reported as `Completed`, which the docs call final;
//!   nothing says it can become `EFT0301`. A later report of `EFT0301` for the
//!   same session is an [`ObserveError::AlreadyTerminal`], so a receiver sees
//!   it rather than silently moving. ([`SessionState::is_same_state_as`])
//! - **`InProgress` has no detail code.** None is documented, the status
//!   appears only in the webhook guide's lifecycle text, and the API may
//!   report it with `statusDetails` null or absent. A well-formed `EFT02xx`
//!   code beside it is accepted and kept, but does not make a new state.
//!   ([`SessionState::new`])
//! - **`Cancelled` is written with two L** (the EFT V2 spelling) and read
//!   from `Cancelled` and `Canceled` (the GEFT spelling). ([`SessionStatus`])
//! - **Unknown codes in known families are kept**, classified by their first
//!   two digits. The docs are a work in progress. ([`StatusDetail`])
//! - **A poller may skip `InProgress`**: a report of a final state reached
//!   from `Initiated` through the flow is applied as two steps.
//!   ([`Session::observe`])
//! - **Error bodies** follow ASP.NET Core's `ProblemDetails` (the schema's
//!   name) with the titles of the documented error examples: 400 "Session
//!   Already Terminal", 401 "Authentication Required", 404 "Session Not
//!   Found". The bodies themselves are undocumented. ([`wire::ProblemDetails`])
//! - **`referenceId` is read liberally, checked strictly.** Responses and
//!   webhooks keep any reference id either product accepts (1 to 100
//!   characters, any characters) verbatim; a request is checked by its
//!   product's rule (EFT V2: 1 to 36 letters, digits or hyphens; GEFT: 1 to
//!   100 characters). An absent one is written as `null`, as the API's
//!   ASP.NET serializer does. ([`ReferenceId`], [`ReferenceId::parse_for`])
//! - **`EFT0402` and `EFT0404` are GEFT codes**: the EFT V2 table leaves out
//!   the first and was cut off before the second. ([`StatusDetail::products`])
//! - **Amounts read from JSON stop at 10^11 dollars** and must denote a
//!   whole number of cents. ([`Amount`])
//! - **The client side** (retries, the unknown outcome of an initiate,
//!   tokens, the reading back of a repeated cancel or confirm) is decided
//!   in [`api`], whose module docs have the table and the reasons.
//! - **GEFT's guarantee decision is part of the transition table.** The
//!   "Confirm guarantee" page describes the flow but not its codes, errors or
//!   webhook body, so the crate decides:
//!   - the offer, the client's accept or reject, the automatic acceptance
//!     (no guarantee webhook configured) and the failure after
//!     [`GUARANTEE_DELIVERY_ATTEMPTS`] undelivered webhooks are events of the
//!     one table, legal only while `InProgress`; the stage each leads to is
//!     a [`GuaranteeStage`], held in the state and in each step, so that a
//!     log rebuilds how the decision was made;
//!   - only GEFT sessions take them ([`Session::in_product`]); an EFT V2
//!     session answers 400 "Guarantee Not Enabled";
//!   - a session with an offer pending cannot complete (409 "Guarantee
//!     Decision Pending"): accepting is what lets it complete. It can still
//!     fail, be cancelled or expire;
//!   - a decision with no offer pending (none made, or already accepted) is
//!     409 "No Guarantee Offer Pending"; after a rejection the session is
//!     `Failed`, so a second confirm is 400 "Session Already Terminal";
//!   - a rejected or undelivered guarantee fails the session with `EFT0402`
//!     ([`GUARANTEE_FAILURE`]), the one documented failure about the
//!     guarantee;
//!   - a GEFT session may complete without an offer in the table: a receiver
//!     that did not see the offer must still take the completion in;
//!   - status bodies and webhooks do not carry the stage, so
//!     [`Session::observe`] keeps the stage the session has. A report of
//!     `Completed` while the session holds a pending offer is refused (409
//!     "Conflicting Status Report"): only an acceptance lets it complete, and
//!     a report cannot say which acceptance happened. A receiver that sees it
//!     missed the decision made elsewhere; it parks the body, as for any
//!     report it cannot take in;
//!   - the confirm body reads `"true"`/`"false"` strings as the docs' curl
//!     example sends them, and writes a boolean; the guarantee webhook is
//!     named `GuaranteeOffered`, with the status webhook's field names
//!     ([`wire::GuaranteeOffered`]).
//!
//! # Lenient reads: what is read, what is kept, what stays an error
//!
//! The provider is an ASP.NET service, and a webhook it sends is never sent
//! again: a body it could plausibly send is read, what is unknown is kept, and
//! only a documented contradiction is an error. The rule, once:
//!
//! | Input | Read as | Why |
//! |---|---|---|
//! | a GEFT `referenceId` (spaces, accents, 37–100 characters) | kept verbatim, written back unchanged | GEFT accepts it on creation, so the API hands it back ([`ReferenceId`]) |
//! | `when` without an offset (`2026-06-04T14:30:00.1234567`) | UTC | a .NET `DateTime` of unspecified kind; the API's instants are UTC ([`Timestamp`]) |
//! | an offset `+0000`, any number of fraction digits | that instant, kept to the nanosecond | ISO 8601's basic form; .NET writes 7 digits ([`Timestamp`]) |
//! | `statusDetails` `""` | no code | says no more than `null` |
//! | `InProgress` with a stale `EFT01xx` | kept beside `InProgress` | the creation code not yet cleared; it contradicts nothing documented ([`SessionState::new`]) |
//! | `InProgress` with an `EFT02xx` | kept, and carried by the step that reaches it | no `InProgress` code is documented; unknown ones are kept ([`Session::observe`]) |
//! | GEFT details with `payor.account` `{}` while `Initiated` | kept, not an account | the docs' "returned empty" ([`wire::SessionDetailsResponse`]) |
//! | an unknown code in a known family (`EFT0405`), an unknown step | kept verbatim | the docs are a work in progress ([`StatusDetail`], [`Step`]) |
//! | a status or family no page documents (`Processing`, `EFT0701`) | an error; a signed webhook's bytes are handed back | nothing can be inferred about the lifecycle (`webhook::WebhookError::verified_body`) |
//! | a contradiction (`Completed` with `EFT0501`), a third decimal | an error that names the values | the docs rule it out |
//!
//! The crate's own reader (`from_json`) and serde's path accept the same
//! bodies, but for two documented differences: the crate's reader refuses
//! unknown values nested deeper than 1,024 levels, where serde_json skips any
//! depth; and an amount is judged on its decimal text by the crate's reader,
//! on the double serde_json hands over by serde's path (exactly the double
//! nearest a whole number of cents). Up to 15 significant digits the two are
//! the same test; past the precision or the range of an `f64`
//! (`12.3400000000000000001`, `1e-400`) only the text can show the extra
//! digits. serde_json without its `float_roundtrip` feature may also misround
//! numbers of 16 or more significant digits.
//!
//! # Errors as HTTP answers
//!
//! Every error answers HTTP the same way: `http_status()`, `title()`, and
//! `ProblemDetails::from(&error)` for the problem body, so a server maps any
//! of them in one line. (With feature `http1`, `http::StatusCode::from(&problem)`.)
//!
//! | Error | Status | Title | When a server sees it |
//! |---|---|---|---|
//! | [`TransitionError::AlreadyTerminal`] | 400 | Session Already Terminal | a cancel (or any event) on a final session, as the cancel page documents |
//! | [`TransitionError::NotAllowed`], `Unreachable` | 409 | Invalid Session Transition | an event the status does not allow (complete before start) |
//! | [`TransitionError::DetailMismatch`], `InvalidTarget` | 400 | Invalid Status Detail | an event with a code of another status |
//! | [`TransitionError::NoGuaranteeOffer`] | 409 | No Guarantee Offer Pending | a confirm with no offer pending |
//! | [`TransitionError::GuaranteePending`] | 409 | Guarantee Decision Pending | completing while the offer awaits a decision |
//! | [`TransitionError::GuaranteeNotEnabled`] | 400 | Guarantee Not Enabled | a guarantee event for an EFT V2 session |
//! | [`ObserveError::Invalid`] | 400 | Invalid Status Report | a report whose status and code contradict each other |
//! | [`ObserveError::AlreadyTerminal`], `Unreachable` | 409 | Conflicting Status Report | a report behind, beside or after the state held |
//! | [`ObserveError::WrongSession`] | 400 | Wrong Session | a report about another session |
//! | [`ReplayError`] | 500 | Corrupt Session Log | the server's own log does not replay |
//! | [`StateError`], [`ParseDetailError`] | 400 | Invalid Status Detail | a status and code that contradict, a malformed code |
//! | [`ParseStatusError`] | 400 | Invalid Session Status | a status that is not one of the six |
//! | [`ParseGuaranteeStageError`] | 400 | Invalid Guarantee Stage | a stored stage that is not one of the six |
//! | [`ParseReferenceIdError`] | 400 | Invalid Reference Id | a request's reference id against its product's rule |
//! | [`AmountError`] | 400 | Invalid Amount | a negative amount, a third decimal |
//! | [`ParseTimestampError`] | 400 | Invalid Timestamp | an instant that is not RFC 3339 |
//! | [`wire::DecodeError`], [`wire::WireError`] | 400 | Invalid Body | a body that is not JSON or breaks a rule |
//! | [`wire::Violations`] | 400 | One or more validation errors occurred. | a create request; `errors` lists every field |
//! | `webhook::WebhookError` (bad or missing signature), `webhook::SignatureError` | 401 | Invalid Webhook Signature | a webhook not signed with the secret |
//! | `webhook::WebhookError` (signed, unreadable) | 400 | Unreadable Webhook | park the verified body and answer 2xx instead: the provider does not retry |
//! | `webhook::WebhookError` (out of time) | 400 | Webhook Outside Tolerance | a replay, or clocks far apart |
//! | `strategy::model::StoreError` | 404, the inner error's, or 503 | Session Not Found, …, Storage Unavailable | a store's answer |
//!
//! A client's errors ([`api::ApiError`], [`api::CallError`]) are answers it
//! received, not ones it serves: they keep the status and the bytes, and
//! say which documented answer each was.
//!
//! Lengths in every message are counted in characters, as the docs count
//! them.
//!
//! # Scope
//!
//! This crate is pure domain logic: types, rules, JSON bodies and the
//! protocol's decisions as pure functions. It has no HTTP client or server
//! (its [`api`] builds requests and reads answers; the workspace's
//! `eft-client` sends them), no clock (a time-out is an event the caller
//! applies, a wait a duration the caller sleeps), no storage and no global
//! state, and it builds as `no_std` with
//! `alloc` (`default-features = false`).

#![no_std]
#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs`: every item behind a feature shows it.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod amount;
pub mod api;
mod detail;
mod event;
mod guarantee;
mod input;
mod json;
#[cfg(feature = "schemars")]
#[cfg_attr(docsrs, doc(cfg(feature = "schemars")))]
pub mod openapi;
mod product;
mod reference;
mod session;
mod state;
mod status;
mod step;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;
mod timestamp;
mod transition;
pub mod views;
#[cfg(feature = "webhook")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhook")))]
pub mod webhook;
pub mod wire;

/// The `uuid` crate, whose `Uuid` is a session id: use it without pinning a
/// matching version by hand.
pub use uuid;

pub use crate::amount::{Amount, AmountError, AmountErrorKind, Balance};
pub use crate::detail::{ParseDetailError, ParseDetailErrorKind, StatusDetail};
pub use crate::event::{Event, EventKind};
pub use crate::guarantee::{
    GUARANTEE_DELIVERY_ATTEMPTS, GUARANTEE_FAILURE, GuaranteeStage, ParseGuaranteeStageError,
};
pub use crate::product::Product;
pub use crate::reference::{ParseReferenceIdError, ReferenceId, ReferenceIdErrorKind};
pub use crate::session::{Observation, ObserveError, ReplayError, Session};
pub use crate::state::{SessionState, StateError};
pub use crate::status::{ParseStatusError, SessionStatus};
pub use crate::step::Step;
pub use crate::timestamp::{ParseTimestampError, Timestamp};
pub use crate::transition::{Transition, TransitionError};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The examples of `docs/decisions.md`, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/decisions.md")]
pub struct DecisionsDoctests;

/// The examples of `docs/wire.md`, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/wire.md")]
pub struct WireDoctests;
