//! `GET /api/v2/sessions/{sessionId}/status`: where a session is.

use serde::Deserialize;
use uuid::Uuid;

use super::status_body::StatusBody;
use super::{DecodeError, StatusFields, WireError};
use crate::{Amount, ReferenceId, SessionState, SessionStatus, StatusDetail};

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
    /// A status body. The state's guarantee stage is dropped: the body has
    /// no field for it.
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
            // The body has no field for the guarantee stage.
            state: state.as_reported(),
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
    pub(super) fn written(&self) -> StatusFields<'_> {
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
