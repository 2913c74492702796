//! The JSON bodies of the session API, with its exact camelCase field names.
//!
//! | Endpoint | Bodies |
//! |---|---|
//! | `POST /api/v2/sessions` | [`InitiateSessionRequest`] (and [`Violations`]), [`InitiateSessionResponse`] |
//! | `GET …/{sessionId}/status` | [`SessionStatusResponse`] |
//! | `GET …/{sessionId}/details` | [`SessionDetailsResponse`] |
//! | `POST …/{sessionId}/cancel` | [`CancelSessionResponse`] |
//! | the `SessionSetupStatusChanged` webhook | [`SessionSetupStatusChanged`] |
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

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;

use crate::{
    Amount, Product, ReferenceId, SessionState, SessionStatus, StateError, StatusDetail, Timestamp,
    TransitionError,
};

mod details;
mod initiate;
mod status_body;

pub use details::{
    GuaranteeDetails, PayorDetails, SessionDetailsResponse, StepDetails, UserDetails,
    VerifiedAccount,
};
pub use initiate::{
    Address, BankAccount, Guarantee, InitiateSessionRequest, InitiateSessionResponse, Limits,
    NotificationPreferences, Payee, Payor, RedirectPreferences, SessionOptions, Violations,
};

pub use status_body::DecodeError;
use status_body::StatusBody;

/// The body of `POST /api/v2/sessions/{sessionId}/cancel` on success:
/// `Cancelled` with `EFT0501`.
///
/// # Examples
///
/// ```
/// use eft_session::wire::CancelSessionResponse;
/// use uuid::Uuid;
///
/// let body = CancelSessionResponse::new(Uuid::nil(), Some("USER12345".parse()?));
/// assert_eq!(
///     serde_json::to_string(&body)?,
///     r#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":"USER12345","status":"Cancelled","statusDetails":"EFT0501"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "StatusBody")]
pub struct CancelSessionResponse {
    session_id: Uuid,
    reference_id: Option<ReferenceId>,
    detail: StatusDetail,
}

impl CancelSessionResponse {
    /// The answer to a cancel by API request (`EFT0501`).
    ///
    /// [`Session::cancel`](crate::Session::cancel) makes it after checking the
    /// cancel is legal; build one by hand only to answer for a session the
    /// caller has already cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    /// use eft_session::{SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = CancelSessionResponse::new(Uuid::nil(), Some("USER12345".parse()?));
    /// assert_eq!(body.status(), SessionStatus::Cancelled);
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn new(session_id: Uuid, reference_id: Option<ReferenceId>) -> Self {
        Self {
            session_id,
            reference_id,
            detail: StatusDetail::EFT0501,
        }
    }

    /// Reads a cancel response with the crate's own JSON reader: the same
    /// rules as `serde_json::from_str`, allocation-free and faster.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming what is wrong and where.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    ///
    /// let body = CancelSessionResponse::from_json(
    ///     r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"Happy2","status":"Canceled","statusDetails":"EFT0501"}"#,
    /// )?;
    /// assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy2"));
    ///
    /// let err = CancelSessionResponse::from_json(
    ///     r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Expired","statusDetails":"EFT0601"}"#,
    /// ).unwrap_err();
    /// assert_eq!(err.to_string(), "a cancel response must be Cancelled, not Expired");
    /// # Ok::<(), eft_session::wire::DecodeError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self, DecodeError> {
        Ok(StatusBody::from_json(text)?.try_into()?)
    }

    /// The session id (`sessionId`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    /// use eft_session::{SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = CancelSessionResponse::new(Uuid::nil(), Some("USER12345".parse()?));
    /// assert_eq!(body.session_id(), Uuid::nil());
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn session_id(&self) -> Uuid {
        self.session_id
    }

    /// The client's reference (`referenceId`), if the session has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    /// use eft_session::{SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = CancelSessionResponse::new(Uuid::nil(), Some("USER12345".parse()?));
    /// assert_eq!(body.reference_id().map(|r| r.as_str()), Some("USER12345"));
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn reference_id(&self) -> Option<&ReferenceId> {
        self.reference_id.as_ref()
    }

    /// Always [`SessionStatus::Cancelled`].
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    /// use eft_session::{SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = CancelSessionResponse::new(Uuid::nil(), Some("USER12345".parse()?));
    /// assert_eq!(body.status(), SessionStatus::Cancelled);
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn status(&self) -> SessionStatus {
        SessionStatus::Cancelled
    }

    /// The code (`statusDetails`): `EFT0501`, or another `EFT05xx` code the
    /// provider may add.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    /// use eft_session::{SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = CancelSessionResponse::new(Uuid::nil(), Some("USER12345".parse()?));
    /// assert_eq!(body.detail(), StatusDetail::EFT0501);
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn detail(&self) -> StatusDetail {
        self.detail
    }

    /// The state the session is in: `Cancelled` with [`detail`](Self::detail).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    /// use eft_session::{SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = CancelSessionResponse::new(Uuid::nil(), Some("USER12345".parse()?));
    /// assert_eq!(body.state().to_string(), "Cancelled (EFT0501)");
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn state(&self) -> SessionState {
        match SessionState::new(SessionStatus::Cancelled, Some(self.detail)) {
            Ok(state) => state,
            // Every constructor keeps `detail` in the Cancelled family.
            Err(_) => unreachable!(),
        }
    }
}

impl CancelSessionResponse {
    fn written(&self) -> StatusFields<'_> {
        StatusFields {
            name: "CancelSessionResponse",
            when: None,
            session_id: self.session_id,
            reference_id: self.reference_id.as_ref(),
            amount: None,
            state: self.state(),
        }
    }
}

impl TryFrom<StatusBody> for CancelSessionResponse {
    type Error = WireError;

    #[inline]
    fn try_from(body: StatusBody) -> Result<Self, WireError> {
        let state = body.state()?;
        match (state.status(), state.detail()) {
            (SessionStatus::Cancelled, Some(detail)) => Ok(Self {
                session_id: body.session_id,
                reference_id: body.reference_id,
                detail,
            }),
            (status, _) => Err(WireError::NotCancelled { status }),
        }
    }
}

/// The body of `GET /api/v2/sessions/{sessionId}/status`: where a session is,
/// and its amount.
///
/// # Examples
///
/// ```
/// use eft_session::wire::SessionStatusResponse;
/// use eft_session::{SessionStatus, StatusDetail};
///
/// let body: SessionStatusResponse = serde_json::from_str(r#"{
///     "sessionId": "86095db9-0d2f-4c1a-9c1e-3f3a3e0b7a10",
///     "referenceId": "Happy1",
///     "amount": 500,
///     "status": "Completed",
///     "statusDetails": "EFT0301"
/// }"#)?;
/// assert_eq!(body.status(), SessionStatus::Completed);
/// assert_eq!(body.detail(), Some(StatusDetail::EFT0301));
/// assert_eq!(body.amount().map(|a| a.cents()), Some(50_000));
///
/// // An amount with more than two decimals is refused.
/// let err = serde_json::from_str::<SessionStatusResponse>(r#"{
///     "sessionId": "86095db9-0d2f-4c1a-9c1e-3f3a3e0b7a10",
///     "amount": 5.001, "status": "Initiated", "statusDetails": "EFT0101"
/// }"#).unwrap_err();
/// assert!(err.to_string().contains("more than two decimals"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "StatusBody")]
pub struct SessionStatusResponse {
    session_id: Uuid,
    reference_id: Option<ReferenceId>,
    amount: Option<Amount>,
    state: SessionState,
}

impl SessionStatusResponse {
    /// A status body.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::SessionState;
    /// use uuid::Uuid;
    ///
    /// let body = SessionStatusResponse::new(Uuid::nil(), None, None, SessionState::INITIATED);
    /// assert_eq!(body.amount(), None);
    /// ```
    #[must_use]
    pub const fn new(
        session_id: Uuid,
        reference_id: Option<ReferenceId>,
        amount: Option<Amount>,
        state: SessionState,
    ) -> Self {
        Self {
            session_id,
            reference_id,
            amount,
            state,
        }
    }

    /// Reads a status body (a poll's answer, or a `SessionSetupStatusChanged`
    /// webhook, whose extra `when` is ignored) with the crate's own JSON
    /// reader: the same rules as `serde_json::from_str`, allocation-free and
    /// about twice as fast.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming what is wrong and where.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::SessionStatus;
    ///
    /// let body = SessionStatusResponse::from_json(
    ///     r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}"#,
    /// )?;
    /// assert_eq!(body.status(), SessionStatus::Completed);
    ///
    /// let err = SessionStatusResponse::from_json(
    ///     r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Completed","statusDetails":"EFT0501"}"#,
    /// ).unwrap_err();
    /// assert_eq!(err.to_string(), "status detail EFT0501 belongs to Cancelled, not Completed");
    /// # Ok::<(), eft_session::wire::DecodeError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self, DecodeError> {
        Ok(StatusBody::from_json(text)?.try_into()?)
    }

    /// The session id (`sessionId`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::{Amount, SessionState, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = SessionStatusResponse::new(Uuid::nil(), Some("Happy1".parse()?), Some(Amount::from_cents(1_050)), SessionState::INITIATED);
    /// assert_eq!(body.session_id(), Uuid::nil());
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn session_id(&self) -> Uuid {
        self.session_id
    }

    /// The client's reference (`referenceId`), if the session has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::{Amount, SessionState, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = SessionStatusResponse::new(Uuid::nil(), Some("Happy1".parse()?), Some(Amount::from_cents(1_050)), SessionState::INITIATED);
    /// assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy1"));
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn reference_id(&self) -> Option<&ReferenceId> {
        self.reference_id.as_ref()
    }

    /// The amount; `None` until it is set or the payer enters it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::{Amount, SessionState, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = SessionStatusResponse::new(Uuid::nil(), Some("Happy1".parse()?), Some(Amount::from_cents(1_050)), SessionState::INITIATED);
    /// assert_eq!(body.amount().map(Amount::cents), Some(1_050));
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn amount(&self) -> Option<Amount> {
        self.amount
    }

    /// The reported state (`status` with `statusDetails`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::{Amount, SessionState, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = SessionStatusResponse::new(Uuid::nil(), Some("Happy1".parse()?), Some(Amount::from_cents(1_050)), SessionState::INITIATED);
    /// assert_eq!(body.state(), SessionState::INITIATED);
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn state(&self) -> SessionState {
        self.state
    }

    /// The reported status.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::{Amount, SessionState, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = SessionStatusResponse::new(Uuid::nil(), Some("Happy1".parse()?), Some(Amount::from_cents(1_050)), SessionState::INITIATED);
    /// assert_eq!(body.status(), SessionStatus::Initiated);
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn status(&self) -> SessionStatus {
        self.state.status()
    }

    /// The reported code; `None` only for `InProgress`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::{Amount, SessionState, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let body = SessionStatusResponse::new(Uuid::nil(), Some("Happy1".parse()?), Some(Amount::from_cents(1_050)), SessionState::INITIATED);
    /// assert_eq!(body.detail(), Some(StatusDetail::EFT0101));
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn detail(&self) -> Option<StatusDetail> {
        self.state.detail()
    }
}

impl SessionStatusResponse {
    fn written(&self) -> StatusFields<'_> {
        StatusFields {
            name: "SessionStatusResponse",
            when: None,
            session_id: self.session_id,
            reference_id: self.reference_id.as_ref(),
            amount: Some(self.amount),
            state: self.state,
        }
    }
}

impl TryFrom<StatusBody> for SessionStatusResponse {
    type Error = WireError;

    #[inline]
    fn try_from(body: StatusBody) -> Result<Self, WireError> {
        Ok(Self {
            state: body.state()?,
            session_id: body.session_id,
            reference_id: body.reference_id,
            amount: body.amount,
        })
    }
}

/// The `SessionSetupStatusChanged` webhook: a session reached `Completed`,
/// `Failed` or `Cancelled` (not `Expired`: poll for that). Its body is the
/// status body's fields with `when`, the signed instant of the event.
///
/// Deduplicate on the session id (the event has no id of its own) and feed
/// [`report`](Self::report) to [`Session::observe_report`](crate::Session::observe_report),
/// which treats a duplicate as unchanged. With the `webhook` feature,
/// `eft_session::webhook::verify` checks the signature and the age of the
/// event before it reads the body.
///
/// # Examples
///
/// ```
/// use eft_session::wire::SessionSetupStatusChanged;
/// use eft_session::{Observation, Session, SessionStatus};
///
/// let event = SessionSetupStatusChanged::from_json(
///     r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Canceled","statusDetails":"EFT0501"}"#,
/// )?;
/// assert_eq!(event.when().to_string(), "2026-06-04T14:30:00Z");
///
/// let mut session = Session::new(event.report().session_id(), None);
/// session.observe_report(event.report())?;
/// assert_eq!(session.status(), SessionStatus::Cancelled);
/// assert_eq!(session.observe_report(event.report())?, Observation::Unchanged);
///
/// // `when` is required.
/// assert!(SessionSetupStatusChanged::from_json(
///     r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#
/// ).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "StatusBody")]
pub struct SessionSetupStatusChanged {
    when: Timestamp,
    report: SessionStatusResponse,
}

impl SessionSetupStatusChanged {
    /// The event's name, as the provider's docs give it.
    pub const NAME: &'static str = "SessionSetupStatusChanged";

    /// An event reporting `report` at `when`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::{SessionSetupStatusChanged, SessionStatusResponse};
    /// use eft_session::{Session, Timestamp};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// session.cancel()?;
    /// let event = SessionSetupStatusChanged::new("2026-06-04T14:30:00Z".parse()?, session.status_response(None));
    /// assert_eq!(
    ///     serde_json::to_string(&event)?,
    ///     r#"{"when":"2026-06-04T14:30:00Z","sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null,"amount":null,"status":"Cancelled","statusDetails":"EFT0501"}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn new(when: Timestamp, report: SessionStatusResponse) -> Self {
        Self { when, report }
    }

    /// Reads the event with the crate's own JSON reader.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming what is wrong and where; `when` is required.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionSetupStatusChanged;
    ///
    /// let err = SessionSetupStatusChanged::from_json(
    ///     r#"{"when":"yesterday","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#,
    /// ).unwrap_err();
    /// assert!(err.to_string().starts_with("invalid when at byte 8: invalid timestamp"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, DecodeError> {
        Ok(StatusBody::from_json(text)?.try_into()?)
    }

    /// When the event happened, as the provider signed it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionSetupStatusChanged;
    ///
    /// let event = SessionSetupStatusChanged::from_json(
    ///     r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Completed","statusDetails":"EFT0301"}"#,
    /// )?;
    /// assert_eq!(event.when().since_unix_epoch().as_secs(), 1_780_583_400);
    /// # Ok::<(), eft_session::wire::DecodeError>(())
    /// ```
    #[must_use]
    pub const fn when(&self) -> Timestamp {
        self.when
    }

    /// The session's reported state, as a status poll would give it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionSetupStatusChanged;
    /// use eft_session::SessionStatus;
    ///
    /// let event = SessionSetupStatusChanged::from_json(
    ///     r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Failed","statusDetails":"EFT0403"}"#,
    /// )?;
    /// assert_eq!(event.report().status(), SessionStatus::Failed);
    /// # Ok::<(), eft_session::wire::DecodeError>(())
    /// ```
    #[must_use]
    pub const fn report(&self) -> &SessionStatusResponse {
        &self.report
    }
}

impl SessionSetupStatusChanged {
    fn written(&self) -> StatusFields<'_> {
        StatusFields {
            name: Self::NAME,
            when: Some(self.when),
            ..self.report.written()
        }
    }
}

impl TryFrom<StatusBody> for SessionSetupStatusChanged {
    type Error = WireError;

    fn try_from(body: StatusBody) -> Result<Self, WireError> {
        let when = body.when.ok_or(WireError::MissingWhen)?;
        Ok(Self {
            when,
            report: body.try_into()?,
        })
    }
}

/// The fields a status body writes, in the provider's order. `when` and
/// `amount` are `None` for bodies that have no such field.
struct StatusFields<'a> {
    name: &'static str,
    when: Option<Timestamp>,
    session_id: Uuid,
    reference_id: Option<&'a ReferenceId>,
    amount: Option<Option<Amount>>,
    state: SessionState,
}

impl StatusFields<'_> {
    /// Writes the fields, spelling the status as `product`'s pages do.
    fn write<S: Serializer>(self, serializer: S, product: Product) -> Result<S::Ok, S::Error> {
        let fields = 4 + usize::from(self.amount.is_some()) + usize::from(self.when.is_some());
        let mut body = serializer.serialize_struct(self.name, fields)?;
        if let Some(when) = self.when {
            body.serialize_field("when", &when)?;
        }
        body.serialize_field("sessionId", &self.session_id)?;
        body.serialize_field("referenceId", &self.reference_id)?;
        if let Some(amount) = self.amount {
            body.serialize_field("amount", &amount)?;
        }
        body.serialize_field("status", self.state.status().as_str_in(product))?;
        body.serialize_field("statusDetails", &self.state.detail())?;
        body.end()
    }
}

/// A body written as `product`'s pages write it: the only difference is the
/// spelling of the cancelled status (`Canceled` for GEFT). A body's own
/// `Serialize` writes the EFT V2 spelling.
///
/// # Examples
///
/// ```
/// use eft_session::Product;
/// use eft_session::wire::{CancelSessionResponse, InProduct};
/// use uuid::Uuid;
///
/// let body = CancelSessionResponse::new(Uuid::nil(), Some("Happy2".parse()?));
/// let geft = serde_json::to_string(&InProduct(Product::Geft, &body))?;
/// assert!(geft.contains(r#""status":"Canceled""#));
/// assert!(serde_json::to_string(&body)?.contains(r#""status":"Cancelled""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct InProduct<'a, T>(pub Product, pub &'a T);

macro_rules! status_body_serialize {
    ($($body:ty),+) => {$(
        impl Serialize for $body {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.written().write(serializer, Product::EftV2)
            }
        }

        impl Serialize for InProduct<'_, $body> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.1.written().write(serializer, self.0)
            }
        }
    )+};
}

status_body_serialize!(
    CancelSessionResponse,
    SessionStatusResponse,
    SessionSetupStatusChanged
);

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

/// An RFC 7807 problem body (`application/problem+json`), the error body of
/// the API.
///
/// The provider's schema is named `ProblemDetails`, the ASP.NET Core type, but
/// its fields could not be read from the docs. This crate writes that type's
/// members and, like ASP.NET Core, leaves out the ones that are `None`.
/// Unknown members (such as `traceId`) are ignored on input.
///
/// # Examples
///
/// ```
/// use eft_session::wire::ProblemDetails;
/// use uuid::Uuid;
///
/// let problem = ProblemDetails::session_not_found(Uuid::nil());
/// assert_eq!(problem.status, Some(404));
/// assert_eq!(
///     serde_json::to_string(&problem)?,
///     r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Session Not Found","status":404,"detail":"no session 00000000-0000-0000-0000-000000000000 exists for this client"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProblemDetails {
    /// A URI that names the kind of problem.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub problem_type: Option<Cow<'static, str>>,
    /// A short summary of the kind of problem, such as "Session Not Found".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Cow<'static, str>>,
    /// The HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// What went wrong in this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A URI that names this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// A validation problem's broken rules: field (its JSON path) to
    /// messages, as ASP.NET Core writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
}

impl ProblemDetails {
    /// The media type of a problem body.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ProblemDetails;
    ///
    /// assert_eq!(ProblemDetails::CONTENT_TYPE, "application/problem+json");
    /// ```
    pub const CONTENT_TYPE: &'static str = "application/problem+json";

    /// A problem with an HTTP status and a title. `type` is the RFC 9110
    /// section of the status, as ASP.NET Core writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ProblemDetails;
    ///
    /// let problem = ProblemDetails::new(409, "Invalid Session Transition");
    /// assert_eq!(problem.problem_type.as_deref(), Some("https://tools.ietf.org/html/rfc9110#section-15.5.10"));
    /// ```
    #[must_use]
    pub fn new(status: u16, title: &'static str) -> Self {
        Self {
            problem_type: rfc9110_type(status).map(Cow::Borrowed),
            title: Some(Cow::Borrowed(title)),
            status: Some(status),
            detail: None,
            instance: None,
            errors: None,
        }
    }

    /// The same problem with a `detail`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ProblemDetails;
    ///
    /// let problem = ProblemDetails::new(400, "Bad Request").with_detail("amount is negative");
    /// assert_eq!(problem.detail.as_deref(), Some("amount is negative"));
    /// ```
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// 401 "Authentication Required": the bearer token is missing or invalid.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ProblemDetails;
    ///
    /// assert_eq!(ProblemDetails::authentication_required().status, Some(401));
    /// ```
    #[must_use]
    pub fn authentication_required() -> Self {
        Self::new(401, "Authentication Required")
            .with_detail("the bearer token is missing or invalid")
    }

    /// 404 "Session Not Found": no session matches the id for this client.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ProblemDetails;
    /// use uuid::Uuid;
    ///
    /// assert_eq!(ProblemDetails::session_not_found(Uuid::nil()).title.as_deref(), Some("Session Not Found"));
    /// ```
    #[must_use]
    pub fn session_not_found(session_id: Uuid) -> Self {
        Self::new(404, "Session Not Found")
            .with_detail(format!("no session {session_id} exists for this client"))
    }

    /// The answer to a refused transition of session `session_id`: the
    /// status of [`TransitionError::http_status`], the title of
    /// [`TransitionError::title`], and the error's message as `detail`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ProblemDetails;
    /// use eft_session::{Event, Session};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// session.apply(Event::TIME_OUT)?;
    /// let err = session.cancel().unwrap_err();
    /// let problem = ProblemDetails::for_transition_error(session.id(), &err);
    /// assert_eq!(problem.status, Some(400));
    /// assert_eq!(problem.title.as_deref(), Some("Session Already Terminal"));
    /// assert_eq!(
    ///     problem.detail.as_deref(),
    ///     Some("session 00000000-0000-0000-0000-000000000000: cannot cancel session: already terminal at Expired (EFT0601)")
    /// );
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub fn for_transition_error(session_id: Uuid, error: &TransitionError) -> Self {
        Self::new(error.http_status(), error.title())
            .with_detail(format!("session {session_id}: {error}"))
    }
}

/// The `type` ASP.NET Core gives a problem of HTTP `status`.
const fn rfc9110_type(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        _ => return None,
    })
}
