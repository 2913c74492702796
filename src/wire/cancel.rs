//! `POST /api/v2/sessions/{sessionId}/cancel`: the body of a cancelled session.

use serde::Deserialize;
use uuid::Uuid;

use super::status_body::StatusBody;
use super::{DecodeError, StatusFields, WireError};
use crate::{ReferenceId, SessionState, SessionStatus, StatusDetail};

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
    pub(super) fn written(&self) -> StatusFields<'_> {
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
