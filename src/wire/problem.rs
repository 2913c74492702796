//! The RFC 7807 problem body every error answers with.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{SessionStatus, StatusDetail, TransitionError};

/// An RFC 7807 problem body (`application/problem+json`), the error body of
/// the API.
///
/// The provider's schema is named `ProblemDetails`, the ASP.NET Core type, but
/// its fields could not be read from the docs. This crate writes that type's
/// members and, like ASP.NET Core, leaves out the ones that are `None`.
/// Unknown members (such as `traceId`) are ignored on input.
///
/// A 400 "Session Already Terminal" also carries the final state it met, as
/// two extension members, `sessionStatus` and `statusDetails`: the crate's
/// decision (the docs publish no error body), so that a client whose
/// retried cancel meets it learns which state won. They are read leniently:
/// a value that is not a status or a code is left out, never a reason to
/// refuse the whole body.
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
    /// The session's final status, on a 400 "Session Already Terminal".
    #[serde(
        rename = "sessionStatus",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_status: Option<SessionStatus>,
    /// The code of that final status, beside it.
    #[serde(
        rename = "statusDetails",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_details: Option<StatusDetail>,
}

/// A member read as `T` when it is text that parses, and as absent
/// otherwise: an extension member never makes a problem body unreadable.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: core::str::FromStr,
{
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value.and_then(|value| value.as_str().and_then(|text| text.parse().ok())))
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
            session_status: None,
            status_details: None,
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
    /// [`TransitionError::title`], the error's message as `detail`, and for
    /// a terminal session its final state as `sessionStatus` and
    /// `statusDetails`.
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
    /// assert_eq!(problem.session_status, Some(eft_session::SessionStatus::Expired));
    /// assert_eq!(problem.status_details, Some(eft_session::StatusDetail::EFT0601));
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub fn for_transition_error(session_id: Uuid, error: &TransitionError) -> Self {
        Self::from(error).with_detail(format!("session {session_id}: {error}"))
    }

    /// The final state a 400 "Session Already Terminal" names, when its
    /// body gives one that holds together: a terminal status with a code of
    /// that status.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ProblemDetails;
    /// use eft_session::{SessionStatus, StatusDetail};
    ///
    /// let problem: ProblemDetails = serde_json::from_str(r#"{"status":400,"title":"Session Already Terminal",
    ///     "sessionStatus":"Completed","statusDetails":"EFT0301","traceId":"00-ab"}"#)?;
    /// let state = problem.final_state().unwrap();
    /// assert_eq!((state.status(), state.detail()), (SessionStatus::Completed, Some(StatusDetail::EFT0301)));
    ///
    /// let odd: ProblemDetails = serde_json::from_str(r#"{"sessionStatus":"InProgress","statusDetails":42}"#)?;
    /// assert_eq!(odd.final_state(), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn final_state(&self) -> Option<crate::SessionState> {
        let status = self.session_status.filter(|status| status.is_terminal())?;
        crate::SessionState::new(status, self.status_details).ok()
    }
}

/// The status, the title and the error's message; for a terminal session,
/// its final state in `sessionStatus` and `statusDetails`.
impl From<&TransitionError> for ProblemDetails {
    fn from(error: &TransitionError) -> Self {
        let mut problem =
            Self::new(error.http_status(), error.title()).with_detail(format!("{error}"));
        if let TransitionError::AlreadyTerminal { status, detail, .. } = *error {
            problem.session_status = Some(status);
            problem.status_details = detail;
        }
        problem
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

/// `From<&E> for ProblemDetails` for each error with `http_status()` and
/// `title()`: the status, the title, and the error's message as `detail`.
macro_rules! problem_from {
    ($($(#[$attr:meta])* $error:ty),+ $(,)?) => {$(
        $(#[$attr])*
        impl From<&$error> for ProblemDetails {
            fn from(error: &$error) -> Self {
                Self::new(error.http_status(), error.title()).with_detail(format!("{error}"))
            }
        }
    )+};
}

problem_from!(
    crate::ObserveError,
    crate::ReplayError,
    crate::StateError,
    crate::ParseStatusError,
    crate::ParseGuaranteeStageError,
    crate::ParseDetailError,
    crate::ParseReferenceIdError,
    crate::AmountError,
    crate::ParseTimestampError,
    super::DecodeError,
    super::WireError,
    #[cfg(feature = "webhook")]
    crate::webhook::WebhookError,
    #[cfg(feature = "webhook")]
    crate::webhook::SignatureError,
    #[cfg(feature = "proptest")]
    crate::strategy::model::StoreError,
);

/// Every violation, in the `errors` map, as [`From<Violations>`] writes it.
impl From<&super::Violations> for ProblemDetails {
    fn from(violations: &super::Violations) -> Self {
        violations.clone().into()
    }
}

/// The status of a problem body as the `http` crate's type (feature
/// `http1`); 500 when the body has no valid status.
///
/// # Examples
///
/// ```
/// use eft_session::wire::ProblemDetails;
/// use uuid::Uuid;
///
/// let problem = ProblemDetails::session_not_found(Uuid::nil());
/// assert_eq!(http::StatusCode::from(&problem), http::StatusCode::NOT_FOUND);
/// ```
#[cfg(feature = "http1")]
#[cfg_attr(docsrs, doc(cfg(feature = "http1")))]
impl From<&ProblemDetails> for http::StatusCode {
    fn from(problem: &ProblemDetails) -> Self {
        problem
            .status
            .and_then(|status| Self::from_u16(status).ok())
            .unwrap_or(Self::INTERNAL_SERVER_ERROR)
    }
}
