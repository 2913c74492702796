//! The `SessionSetupStatusChanged` webhook's body.

use serde::Deserialize;

use super::status_body::StatusBody;
use super::{DecodeError, SessionStatusResponse, StatusFields, WireError};
use crate::Timestamp;

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
    pub(super) fn written(&self) -> StatusFields<'_> {
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
