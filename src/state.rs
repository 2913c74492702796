//! The state of a session: its status and the detail code that explains it.

use core::fmt;

use crate::{GuaranteeStage, SessionStatus, StatusDetail};

/// Whether `code` is an `Initiated` code (`EFT01xx`) left beside
/// `InProgress`: a session that has just started may still carry the code it
/// was created with. It is kept, not refused: it contradicts nothing the docs
/// say about `InProgress`, which has no code of its own.
#[inline]
const fn is_stale_initiated(status: SessionStatus, code: StatusDetail) -> bool {
    matches!(status, SessionStatus::InProgress) && matches!(code.status(), SessionStatus::Initiated)
}

/// A status with its detail code, checked to agree: what the API reports as
/// `status` and `statusDetails`, and what a [`Session`](crate::Session) is in.
///
/// The rule, in one place: a code must belong to its status (`EFT05xx` goes
/// with `Cancelled`), and every status but `InProgress` has one. `InProgress`
/// has none documented, so none is required; a well-formed `EFT02xx` code
/// reported beside it is kept, and so is a stale `EFT01xx` (the code the
/// session was created with, not yet cleared).
///
/// A GEFT session's state also holds where its guarantee decision stands
/// ([`GuaranteeStage`], set with [`with_guarantee`](Self::with_guarantee)).
/// The status body and webhook do not carry it, so a state read from them is
/// at [`GuaranteeStage::NotOffered`], and
/// [`is_same_state_as`](Self::is_same_state_as) compares status and code only.
///
/// Four bytes, `Copy`.
///
/// # Examples
///
/// ```
/// use eft_session::{SessionState, SessionStatus, StateError, StatusDetail};
///
/// let state = SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0302))?;
/// assert!(state.is_terminal());
/// assert_eq!(state.to_string(), "Completed (EFT0302)");
///
/// // A code that contradicts its status is refused.
/// let err = SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0501)).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "status detail EFT0501 belongs to Cancelled, not Completed"
/// );
/// # Ok::<(), StateError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SessionState {
    status: SessionStatus,
    detail: Option<StatusDetail>,
    guarantee: GuaranteeStage,
}

impl SessionState {
    /// Where every session starts: `Initiated` with `EFT0101`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionState, SessionStatus, StatusDetail};
    ///
    /// assert_eq!(SessionState::INITIATED.status(), SessionStatus::Initiated);
    /// assert_eq!(SessionState::INITIATED.detail(), Some(StatusDetail::EFT0101));
    /// ```
    pub const INITIATED: Self = Self {
        status: SessionStatus::Initiated,
        detail: Some(StatusDetail::EFT0101),
        guarantee: GuaranteeStage::NotOffered,
    };

    /// The state `status` with `detail`, if they agree, with no guarantee
    /// offered.
    ///
    /// # Errors
    ///
    /// [`StateError::Contradiction`] when `detail` belongs to another status,
    /// [`StateError::MissingDetail`] when a status other than `InProgress`
    /// has no code.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionState, SessionStatus, StateError};
    ///
    /// assert!(SessionState::new(SessionStatus::InProgress, None).is_ok());
    /// assert_eq!(
    ///     SessionState::new(SessionStatus::Expired, None),
    ///     Err(StateError::MissingDetail { status: SessionStatus::Expired })
    /// );
    /// ```
    #[inline]
    pub const fn new(
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Self, StateError> {
        match detail {
            Some(code)
                if code.status() as u8 != status as u8 && !is_stale_initiated(status, code) =>
            {
                Err(StateError::Contradiction {
                    status,
                    detail: code,
                })
            }
            None if !matches!(status, SessionStatus::InProgress) => {
                Err(StateError::MissingDetail { status })
            }
            _ => Ok(Self {
                status,
                detail,
                guarantee: GuaranteeStage::NotOffered,
            }),
        }
    }

    /// The same state with its guarantee decision at `guarantee`, if the
    /// stage goes with the status ([`GuaranteeStage::goes_with`]).
    ///
    /// # Errors
    ///
    /// [`StateError::GuaranteeMismatch`] when it does not: an offer before
    /// the payer started, a pending offer in a completed session, or a
    /// rejected guarantee in a session that did not fail.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{GuaranteeStage, SessionState, SessionStatus, StatusDetail};
    ///
    /// let done = SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0301))?
    ///     .with_guarantee(GuaranteeStage::AutoAccepted)?;
    /// assert_eq!(done.guarantee(), GuaranteeStage::AutoAccepted);
    ///
    /// let err = SessionState::INITIATED.with_guarantee(GuaranteeStage::Offered).unwrap_err();
    /// assert_eq!(err.to_string(), "guarantee Offered does not go with Initiated");
    /// # Ok::<(), eft_session::StateError>(())
    /// ```
    #[inline]
    pub const fn with_guarantee(self, guarantee: GuaranteeStage) -> Result<Self, StateError> {
        if guarantee.goes_with(self.status) {
            Ok(Self { guarantee, ..self })
        } else {
            Err(StateError::GuaranteeMismatch {
                status: self.status,
                guarantee,
            })
        }
    }

    /// The state as a status body reports it: status and code, with no
    /// guarantee stage (the body has no field for one).
    #[inline]
    pub(crate) const fn as_reported(self) -> Self {
        Self {
            guarantee: GuaranteeStage::NotOffered,
            ..self
        }
    }

    /// Where the guarantee decision stands; [`GuaranteeStage::NotOffered`]
    /// for every EFT V2 session.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{GuaranteeStage, SessionState};
    ///
    /// assert_eq!(SessionState::INITIATED.guarantee(), GuaranteeStage::NotOffered);
    /// ```
    #[must_use]
    #[inline]
    pub const fn guarantee(self) -> GuaranteeStage {
        self.guarantee
    }

    /// The status.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionState, SessionStatus};
    ///
    /// assert_eq!(SessionState::INITIATED.status(), SessionStatus::Initiated);
    /// ```
    #[must_use]
    #[inline]
    pub const fn status(self) -> SessionStatus {
        self.status
    }

    /// The detail code; `None` only for `InProgress`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionState, StatusDetail};
    ///
    /// assert_eq!(SessionState::INITIATED.detail(), Some(StatusDetail::EFT0101));
    /// ```
    #[must_use]
    #[inline]
    pub const fn detail(self) -> Option<StatusDetail> {
        self.detail
    }

    /// Whether the status is terminal.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::SessionState;
    ///
    /// assert!(!SessionState::INITIATED.is_terminal());
    /// ```
    #[must_use]
    #[inline]
    pub const fn is_terminal(self) -> bool {
        self.status.is_terminal()
    }

    /// Whether a report of `other` says nothing new about a session in this
    /// state: the same status and code, or `InProgress` with any code, because
    /// no `InProgress` code is documented and none changes the lifecycle. The
    /// guarantee stage is not compared: reports do not carry it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionState, SessionStatus, StatusDetail};
    ///
    /// let started = SessionState::new(SessionStatus::InProgress, None)?;
    /// let labelled = SessionState::new(SessionStatus::InProgress, StatusDetail::from_number(201))?;
    /// assert!(started.is_same_state_as(labelled));
    /// assert!(!SessionState::INITIATED.is_same_state_as(started));
    /// # Ok::<(), eft_session::StateError>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn is_same_state_as(self, other: Self) -> bool {
        self.status == other.status
            && (self.detail == other.detail || self.status == SessionStatus::InProgress)
    }
}

impl SessionState {
    /// The transition function from this state: [`SessionStatus::transition`]
    /// at this state's guarantee stage, and an
    /// [`AlreadyTerminal`](crate::TransitionError::AlreadyTerminal) error
    /// that names the code as well as the status. What a server that keeps
    /// states in a database calls before its conditional update.
    ///
    /// # Errors
    ///
    /// The [`TransitionError`](crate::TransitionError) of the transition
    /// function.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionState, SessionStatus, StatusDetail};
    ///
    /// let done = SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0302))?;
    /// let err = done.transition(Event::CANCEL_BY_API).unwrap_err();
    /// assert_eq!(err.to_string(), "cannot cancel session: already terminal at Completed (EFT0302)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn transition(
        self,
        event: crate::Event,
    ) -> Result<crate::Transition, crate::TransitionError> {
        crate::transition::step(self.status, self.guarantee, event)
            .map_err(|error| error.with_current_detail(self.detail))
    }
}

impl fmt::Display for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail {
            Some(code) => write!(f, "{} ({code})", self.status)?,
            None => write!(f, "{}", self.status)?,
        }
        if self.guarantee.is_offered() {
            write!(f, ", guarantee {}", self.guarantee)?;
        }
        Ok(())
    }
}

/// A status and a detail code that do not agree.
///
/// # Examples
///
/// ```
/// use eft_session::{SessionState, SessionStatus, StateError, StatusDetail};
///
/// let err = SessionState::new(SessionStatus::Failed, None).unwrap_err();
/// assert_eq!(err.to_string(), "status Failed needs a status detail code");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The code belongs to another status.
    #[error("status detail {detail} belongs to {}, not {status}", detail.status())]
    Contradiction {
        /// The status reported.
        status: SessionStatus,
        /// The code reported with it.
        detail: StatusDetail,
    },
    /// A status other than `InProgress` came without a code.
    #[error("status {status} needs a status detail code")]
    MissingDetail {
        /// The status reported.
        status: SessionStatus,
    },
    /// A guarantee stage that cannot go with the status.
    #[error("guarantee {guarantee} does not go with {status}")]
    GuaranteeMismatch {
        /// The status.
        status: SessionStatus,
        /// The stage it was given.
        guarantee: GuaranteeStage,
    },
}

const _: () = assert!(core::mem::size_of::<SessionState>() == 4);

impl StateError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A status and a code (or a guarantee stage) contradict each
    /// other.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionState, SessionStatus, StatusDetail};
    /// let err = SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0501)).unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Status Detail"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Status Detail", or "Invalid
    /// Guarantee Stage".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        match self {
            Self::Contradiction { .. } | Self::MissingDetail { .. } => "Invalid Status Detail",
            Self::GuaranteeMismatch { .. } => "Invalid Guarantee Stage",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_agrees_with_its_own_status_only_or_is_a_stale_initiated_one() {
        for number in 100..=699 {
            let code = StatusDetail::from_number(number).unwrap();
            for status in SessionStatus::all() {
                let state = SessionState::new(status, Some(code));
                let stale = status == SessionStatus::InProgress
                    && code.status() == SessionStatus::Initiated;
                assert_eq!(
                    state.is_ok(),
                    code.status() == status || stale,
                    "{status} {code}"
                );
            }
        }
    }

    #[test]
    fn only_in_progress_goes_without_a_code() {
        for status in SessionStatus::all() {
            assert_eq!(
                SessionState::new(status, None).is_ok(),
                status == SessionStatus::InProgress
            );
        }
    }

    #[test]
    fn with_guarantee_follows_goes_with_and_keeps_status_and_code() {
        for status in SessionStatus::all() {
            let detail = StatusDetail::DOCUMENTED
                .iter()
                .copied()
                .find(|code| code.status() == status);
            let state = SessionState::new(status, detail).unwrap();
            for stage in GuaranteeStage::all() {
                match state.with_guarantee(stage) {
                    Ok(staged) => {
                        assert!(stage.goes_with(status));
                        assert_eq!((staged.status(), staged.detail()), (status, detail));
                        assert_eq!(staged.guarantee(), stage);
                        assert!(staged.is_same_state_as(state));
                    }
                    Err(error) => {
                        assert!(!stage.goes_with(status));
                        assert_eq!(error.title(), "Invalid Guarantee Stage");
                    }
                }
            }
        }
    }

    #[test]
    fn same_state_compares_the_code_outside_in_progress() {
        let a = SessionState::new(SessionStatus::Failed, Some(StatusDetail::EFT0401)).unwrap();
        let b = SessionState::new(SessionStatus::Failed, Some(StatusDetail::EFT0403)).unwrap();
        assert!(!a.is_same_state_as(b));
        assert!(!a.is_same_state_as(SessionState::INITIATED));
    }

    #[test]
    fn display_names_status_and_code() {
        let state = SessionState::new(SessionStatus::InProgress, None).unwrap();
        assert_eq!(alloc::format!("{state}"), "InProgress");
        assert_eq!(
            alloc::format!("{}", SessionState::INITIATED),
            "Initiated (EFT0101)"
        );
        let offered = state.with_guarantee(GuaranteeStage::Offered).unwrap();
        assert_eq!(alloc::format!("{offered}"), "InProgress, guarantee Offered");
    }
}
