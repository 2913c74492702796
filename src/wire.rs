//! The JSON bodies of the session API, with its exact camelCase field names.
//!
//! Reading a body checks it: a status and a code that contradict each other
//! (`Completed` with `EFT0501`) are an error, as is an amount with more than
//! two decimals. Unknown fields are ignored, so that a field the provider adds
//! does not break a reader. Writing a body writes what the provider writes:
//! `Cancelled` with two L, `null` for an absent `referenceId` or `amount`.
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
use alloc::format;
use alloc::string::String;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;

use crate::{
    Amount, ReferenceId, SessionState, SessionStatus, StateError, StatusDetail, Transition,
    TransitionError,
};

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

    pub(crate) fn for_cancelled(
        session_id: Uuid,
        reference_id: Option<ReferenceId>,
        step: Transition,
    ) -> Self {
        Self {
            detail: step.detail().unwrap_or(StatusDetail::EFT0501),
            ..Self::new(session_id, reference_id)
        }
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

impl Serialize for CancelSessionResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_status_body(
            serializer,
            "CancelSessionResponse",
            self.session_id,
            self.reference_id.as_ref(),
            None,
            self.state(),
        )
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

impl Serialize for SessionStatusResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_status_body(
            serializer,
            "SessionStatusResponse",
            self.session_id,
            self.reference_id.as_ref(),
            Some(self.amount),
            self.state,
        )
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

/// The fields the status bodies share, as read, before they are checked
/// against each other. Decoded in place: no intermediate buffer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusBody {
    #[serde(deserialize_with = "session_id::deserialize")]
    session_id: Uuid,
    #[serde(default)]
    reference_id: Option<ReferenceId>,
    #[serde(default)]
    amount: Option<Amount>,
    status: SessionStatus,
    #[serde(default)]
    status_details: Option<StatusDetail>,
}

impl StatusBody {
    #[inline]
    fn state(&self) -> Result<SessionState, WireError> {
        SessionState::new(self.status, self.status_details).map_err(WireError::State)
    }
}

/// `sessionId`, read fast in the form the API writes it.
mod session_id {
    use core::fmt;

    use serde::Deserializer;
    use serde::de::{Error, Visitor};
    use uuid::Uuid;

    /// Reads a session id: the hyphenated form by a hand-tuned path, any
    /// other form the uuid crate reads (braced, simple, URN) by that crate.
    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Uuid, D::Error> {
        struct SessionIdVisitor;

        impl Visitor<'_> for SessionIdVisitor {
            type Value = Uuid;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a session id (a UUID)")
            }

            #[inline]
            fn visit_str<E: Error>(self, text: &str) -> Result<Uuid, E> {
                match parse_hyphenated(text.as_bytes()) {
                    Some(id) => Ok(id),
                    None => Uuid::try_parse(text).map_err(E::custom),
                }
            }
        }

        deserializer.deserialize_str(SessionIdVisitor)
    }

    /// The value of each ASCII hex digit; `0xFF` for any other byte.
    const HEX: [u8; 256] = {
        let mut table = [0xFF; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = match byte as u8 {
                digit @ b'0'..=b'9' => digit - b'0',
                letter @ b'a'..=b'f' => letter - b'a' + 10,
                letter @ b'A'..=b'F' => letter - b'A' + 10,
                _ => 0xFF,
            };
            byte += 1;
        }
        table
    };

    /// Where each of the 16 bytes starts in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    const BYTE_AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

    #[inline]
    pub(super) fn parse_hyphenated(text: &[u8]) -> Option<Uuid> {
        let text: &[u8; 36] = text.try_into().ok()?;
        if text[8] != b'-' || text[13] != b'-' || text[18] != b'-' || text[23] != b'-' {
            return None;
        }
        let mut bytes = [0u8; 16];
        let mut invalid = 0u8;
        for (byte, &at) in bytes.iter_mut().zip(&BYTE_AT) {
            let (high, low) = (HEX[usize::from(text[at])], HEX[usize::from(text[at + 1])]);
            invalid |= high | low;
            *byte = (high << 4) | (low & 0x0F);
        }
        // A valid digit is at most 0x0F; 0xFF marks anything else.
        (invalid & 0xF0 == 0).then(|| Uuid::from_bytes(bytes))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn agrees_with_the_uuid_crate() {
            for text in [
                "850750a4-3021-4061-ac03-a8d873aa4179",
                "86095DB9-0D2F-4C1A-9C1E-3F3A3E0B7A10",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
            ] {
                assert_eq!(
                    parse_hyphenated(text.as_bytes()),
                    Uuid::try_parse(text).ok(),
                    "{text}"
                );
            }
        }

        #[test]
        fn refuses_what_is_not_hyphenated_hex() {
            for text in [
                "850750a4-3021-4061-ac03-a8d873aa417",
                "850750a4-3021-4061-ac03-a8d873aa41799",
                "850750a4x3021-4061-ac03-a8d873aa4179",
                "850750a4-3021-4061-ac03-a8d873aa417g",
                "850750a4-3021-4061-ac03-a8d873aa41-9",
                "g50750a4-3021-4061-ac03-a8d873aa4179",
                "850750a430214061ac03a8d873aa4179",
            ] {
                assert_eq!(parse_hyphenated(text.as_bytes()), None, "{text}");
            }
        }
    }
}

/// Writes the shared fields in the provider's order. `amount` is `None` for
/// bodies that have no such field.
fn write_status_body<S: Serializer>(
    serializer: S,
    name: &'static str,
    session_id: Uuid,
    reference_id: Option<&ReferenceId>,
    amount: Option<Option<Amount>>,
    state: SessionState,
) -> Result<S::Ok, S::Error> {
    let mut body = serializer.serialize_struct(name, 4 + usize::from(amount.is_some()))?;
    body.serialize_field("sessionId", &session_id)?;
    body.serialize_field("referenceId", &reference_id)?;
    if let Some(amount) = amount {
        body.serialize_field("amount", &amount)?;
    }
    body.serialize_field("status", &state.status())?;
    body.serialize_field("statusDetails", &state.detail())?;
    body.end()
}

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
