//! The JSON bodies of the session API, with its exact camelCase field names.
//!
//! | Endpoint | Bodies |
//! |---|---|
//! | `POST /api/v1/authorize` | [`AccessToken`] |
//! | `POST /api/v2/sessions` | [`InitiateSessionRequest`] (and [`Violations`]), [`InitiateSessionResponse`] |
//! | `GET …/{sessionId}/status` | [`SessionStatusResponse`] |
//! | `GET …/{sessionId}/details` | [`SessionDetailsResponse`] |
//! | `POST …/{sessionId}/cancel` | [`CancelSessionResponse`] |
//! | `POST …/{sessionId}/guarantees/confirm` (GEFT) | [`ConfirmGuaranteeRequest`], [`ConfirmGuaranteeResponse`] |
//! | the `SessionSetupStatusChanged` webhook | [`SessionSetupStatusChanged`] |
//! | the guarantee webhook (GEFT; its shape is the crate's decision) | [`GuaranteeOffered`] |
//! | every error | [`ProblemDetails`] |
//!
//! Reading a body checks it: a status and a code that contradict each other
//! (`Completed` with `EFT0501`) are an error, as is an amount with more than
//! two decimals. Unknown fields are ignored, so that a field the provider adds
//! does not break a reader; unknown steps and codes are kept. Writing a body
//! writes what the provider writes: `Cancelled` with two L ([`InProduct`]
//! writes GEFT's `Canceled`), `null` for an absent `referenceId` or `amount`.
//! The status, cancel and webhook bodies also have `from_json`, the crate's
//! own faster reader, which accepts exactly what serde does.
//!
//! # Examples
//!
//! ```
//! use eft_session::wire::CancelSessionResponse;
//! use eft_session::StatusDetail;
//!
//! let body: CancelSessionResponse = serde_json::from_str(r#"{
//!     "sessionId": "850750a4-3021-4061-ac03-a8d873aa4179",
//!     "referenceId": "USER12345",
//!     "status": "Cancelled",
//!     "statusDetails": "EFT0501"
//! }"#)?;
//! assert_eq!(body.detail(), StatusDetail::EFT0501);
//!
//! let err = serde_json::from_str::<CancelSessionResponse>(r#"{
//!     "sessionId": "850750a4-3021-4061-ac03-a8d873aa4179",
//!     "status": "Cancelled",
//!     "statusDetails": "EFT0301"
//! }"#).unwrap_err();
//! assert!(err.to_string().starts_with("status detail EFT0301 belongs to Completed, not Cancelled"));
//! # Ok::<(), serde_json::Error>(())
//! ```

use crate::{SessionStatus, StateError};

mod cancel;
mod details;
mod dialect;
mod documented;
mod event;
mod guarantee;
mod initiate;
mod problem;
mod status;
mod status_body;
mod token;

pub use cancel::CancelSessionResponse;
pub use dialect::InProduct;
use dialect::StatusFields;
pub use event::SessionSetupStatusChanged;
pub use guarantee::{ConfirmGuaranteeRequest, ConfirmGuaranteeResponse, GuaranteeOffered};
pub use problem::ProblemDetails;
pub use status::SessionStatusResponse;
pub use token::AccessToken;

pub use details::{
    GuaranteeDetails, PayorDetails, SessionDetailsResponse, StepDetails, UserDetails,
    VerifiedAccount,
};
pub use initiate::{
    Address, BankAccount, Guarantee, InitiateSessionRequest, InitiateSessionResponse, Limits,
    NotificationPreferences, Payee, Payor, RedirectPreferences, SessionOptions, Violations,
};

pub use status_body::DecodeError;

/// A body that is well-formed JSON but breaks a rule of the API.
///
/// Serde reports it inside its own error, with this message.
///
/// # Examples
///
/// ```
/// use eft_session::wire::CancelSessionResponse;
///
/// let err = serde_json::from_str::<CancelSessionResponse>(r#"{
///     "sessionId": "850750a4-3021-4061-ac03-a8d873aa4179",
///     "status": "Expired", "statusDetails": "EFT0601"
/// }"#).unwrap_err();
/// assert!(err.to_string().starts_with("a cancel response must be Cancelled, not Expired"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum WireError {
    /// `status` and `statusDetails` disagree.
    #[error(transparent)]
    State(StateError),
    /// A cancel response in another status than `Cancelled`.
    #[error("a cancel response must be Cancelled, not {status}")]
    NotCancelled {
        /// The status it had.
        status: SessionStatus,
    },
    /// A webhook without its `when`.
    #[error("a SessionSetupStatusChanged event needs its when")]
    MissingWhen,
    /// Details of an `Initiated` session with a verified account, which the
    /// docs say is `null` until the session leaves `Initiated`.
    #[error("payor.account must be null while the session is Initiated")]
    AccountBeforeStart,
    /// An EFT V2 session (no guarantee) with a payee, which EFT V2 does not
    /// support.
    #[error("payee must be null for an EFT V2 session")]
    PayeeNotAccepted,
}

impl WireError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A body's fields are valid one by one but not together.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = eft_session::wire::WireError::MissingWhen;
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Body"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Body".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Body"
    }
}
