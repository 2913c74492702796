//! A session: its identity and its state, advanced only by legal steps.

use uuid::Uuid;

use crate::wire::{CancelSessionResponse, ConfirmGuaranteeResponse, SessionStatusResponse};
use crate::{
    Amount, Event, GuaranteeStage, Product, ReferenceId, SessionState, SessionStatus, StateError,
    StatusDetail, Transition, TransitionError,
};

/// An EFT session: its id, the client's reference, its product and its state.
///
/// Every change goes through the transition function
/// ([`SessionState::transition`]); a rejected change leaves the session
/// exactly as it was. A session is EFT V2 unless made with
/// [`in_product`](Self::in_product): only a GEFT session takes the guarantee
/// events.
///
/// # Examples
///
/// ```
/// use eft_session::{Event, Session, SessionStatus, StatusDetail};
/// use uuid::Uuid;
///
/// let id = Uuid::parse_str("850750a4-3021-4061-ac03-a8d873aa4179").unwrap();
/// let mut session = Session::new(id, Some("USER12345".parse()?));
/// assert_eq!(session.status(), SessionStatus::Initiated);
///
/// session.apply(Event::Start)?;
/// let (_, cancelled) = session.cancel()?;
/// assert_eq!(cancelled.detail(), StatusDetail::EFT0501);
///
/// // A second cancel is refused (the API answers 400), and nothing changes.
/// let before = session.clone();
/// let err = session.cancel().unwrap_err();
/// assert_eq!(err.http_status(), 400);
/// assert_eq!(session, before);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Session {
    id: Uuid,
    reference_id: Option<ReferenceId>,
    product: Product,
    state: SessionState,
}

impl Session {
    /// A new session, `Initiated` with `EFT0101`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Session, SessionState};
    /// use uuid::Uuid;
    ///
    /// let session = Session::new(Uuid::nil(), None);
    /// assert_eq!(session.state(), SessionState::INITIATED);
    /// ```
    #[must_use]
    pub const fn new(id: Uuid, reference_id: Option<ReferenceId>) -> Self {
        Self::with_state(id, reference_id, SessionState::INITIATED)
    }

    /// A session in `state`, as loaded from storage. A state with a
    /// guarantee offered is a GEFT session's; any other is EFT V2's until
    /// [`in_product`](Self::in_product) says otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Session, SessionState, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let state = SessionState::new(SessionStatus::Expired, Some(StatusDetail::EFT0601))?;
    /// let session = Session::with_state(Uuid::nil(), None, state);
    /// assert!(session.is_terminal());
    /// # Ok::<(), eft_session::StateError>(())
    /// ```
    #[must_use]
    pub const fn with_state(
        id: Uuid,
        reference_id: Option<ReferenceId>,
        state: SessionState,
    ) -> Self {
        let product = if state.guarantee().is_offered() {
            Product::Geft
        } else {
            Product::EftV2
        };
        Self {
            id,
            reference_id,
            product,
            state,
        }
    }

    /// The same session, of `product`: a GEFT session takes the guarantee
    /// events. A session whose guarantee was offered stays GEFT.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Product, Session, TransitionError};
    /// use uuid::Uuid;
    ///
    /// let mut geft = Session::new(Uuid::nil(), None).in_product(Product::Geft);
    /// geft.apply(Event::Start)?;
    /// geft.apply(Event::OfferGuarantee)?;
    ///
    /// let mut eft = Session::new(Uuid::nil(), None);
    /// eft.apply(Event::Start)?;
    /// let err = eft.apply(Event::OfferGuarantee).unwrap_err();
    /// assert_eq!(err.to_string(), "cannot offer a guarantee to session: EFT V2 sessions offer no guarantee");
    /// assert_eq!(err.http_status(), 400);
    /// # Ok::<(), TransitionError>(())
    /// ```
    #[must_use]
    pub const fn in_product(mut self, product: Product) -> Self {
        if !self.state.guarantee().is_offered() {
            self.product = product;
        }
        self
    }

    /// The product: [`Product::EftV2`] unless the session was made GEFT.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, Session};
    /// use uuid::Uuid;
    ///
    /// assert_eq!(Session::new(Uuid::nil(), None).product(), Product::EftV2);
    /// ```
    #[must_use]
    pub const fn product(&self) -> Product {
        self.product
    }

    /// Where the guarantee decision stands ([`GuaranteeStage::NotOffered`]
    /// for every EFT V2 session).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, GuaranteeStage, Product, Session};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None).in_product(Product::Geft);
    /// session.apply(Event::Start)?;
    /// session.apply(Event::OfferGuarantee)?;
    /// assert_eq!(session.guarantee(), GuaranteeStage::Offered);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn guarantee(&self) -> GuaranteeStage {
        self.state.guarantee()
    }

    /// The session id (`sessionId`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Session;
    /// use uuid::Uuid;
    ///
    /// assert_eq!(Session::new(Uuid::nil(), None).id(), Uuid::nil());
    /// ```
    #[must_use]
    pub const fn id(&self) -> Uuid {
        self.id
    }

    /// The client's reference (`referenceId`), if one was given.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Session;
    /// use uuid::Uuid;
    ///
    /// let session = Session::new(Uuid::nil(), Some("USER12345".parse()?));
    /// assert_eq!(session.reference_id().map(|r| r.as_str()), Some("USER12345"));
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn reference_id(&self) -> Option<&ReferenceId> {
        self.reference_id.as_ref()
    }

    /// The state: status and detail code.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Session, SessionState};
    /// use uuid::Uuid;
    ///
    /// assert_eq!(Session::new(Uuid::nil(), None).state(), SessionState::INITIATED);
    /// ```
    #[must_use]
    pub const fn state(&self) -> SessionState {
        self.state
    }

    /// The status.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, SessionStatus};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// session.apply(Event::Start)?;
    /// assert_eq!(session.status(), SessionStatus::InProgress);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn status(&self) -> SessionStatus {
        self.state.status()
    }

    /// The detail code; `None` only while `InProgress`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// assert_eq!(session.detail(), Some(StatusDetail::EFT0101));
    /// session.apply(Event::Start)?;
    /// assert_eq!(session.detail(), None);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn detail(&self) -> Option<StatusDetail> {
        self.state.detail()
    }

    /// Whether the session has reached its final state.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// assert!(!session.is_terminal());
    /// session.apply(Event::TIME_OUT)?;
    /// assert!(session.is_terminal());
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn is_terminal(&self) -> bool {
        self.state.is_terminal()
    }

    /// Applies `event`, returning the step taken.
    ///
    /// # Errors
    ///
    /// The [`TransitionError`] of [`SessionState::transition`]; an
    /// [`AlreadyTerminal`](TransitionError::AlreadyTerminal) error names the
    /// session's code as well as its status.
    /// [`GuaranteeNotEnabled`](TransitionError::GuaranteeNotEnabled) when a
    /// session that is not GEFT is given a guarantee event. The session is
    /// unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// let step = session.apply(Event::Start)?;
    /// assert_eq!(step.to(), SessionStatus::InProgress);
    ///
    /// // Completing with a failure code is refused, and changes nothing.
    /// assert!(session.apply(Event::Complete(StatusDetail::EFT0403)).is_err());
    /// assert_eq!(session.status(), SessionStatus::InProgress);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[inline]
    pub fn apply(&mut self, event: Event) -> Result<Transition, TransitionError> {
        let kind = event.kind();
        // A terminal session answers "already terminal" to everything, as
        // the cancel page documents; the product comes next.
        if kind.is_guarantee()
            && !self.is_terminal()
            && !GuaranteeStage::Offered.is_in(self.product)
        {
            return Err(TransitionError::GuaranteeNotEnabled {
                product: self.product,
                event: kind,
            });
        }
        let step = self.state.transition(event)?;
        self.state = step.target();
        Ok(step)
    }

    /// The client's decision on a pending guarantee offer (`POST
    /// …/guarantees/confirm`): accepting keeps the session `InProgress` and
    /// lets it complete; rejecting fails it with
    /// [`GUARANTEE_FAILURE`](crate::GUARANTEE_FAILURE). Returns the step
    /// taken and the body the endpoint answers with.
    ///
    /// # Errors
    ///
    /// - [`TransitionError::NoGuaranteeOffer`] (409) when no offer is
    ///   pending: none was made, or it was already accepted;
    /// - [`TransitionError::AlreadyTerminal`] (400) when the session has
    ///   ended, a rejection included: a second confirm is refused either way;
    /// - [`TransitionError::GuaranteeNotEnabled`] (400) for an EFT V2 session.
    ///
    /// The session is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, GuaranteeStage, Product, Session, SessionStatus, TransitionError};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), Some("Happy1".parse()?)).in_product(Product::Geft);
    /// session.apply(Event::Start)?;
    /// session.apply(Event::OfferGuarantee)?;
    ///
    /// let (step, body) = session.confirm_guarantee(true)?;
    /// assert_eq!(step.guarantee(), GuaranteeStage::Accepted);
    /// assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy1"));
    ///
    /// // Confirming twice is refused, with 409, and changes nothing.
    /// let err = session.confirm_guarantee(false).unwrap_err();
    /// assert!(matches!(err, TransitionError::NoGuaranteeOffer { .. }));
    /// assert_eq!((err.http_status(), err.title()), (409, "No Guarantee Offer Pending"));
    /// assert_eq!(session.status(), SessionStatus::InProgress);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn confirm_guarantee(
        &mut self,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), TransitionError> {
        let event = if accepted {
            Event::AcceptGuarantee
        } else {
            Event::REJECT_GUARANTEE
        };
        let step = self.apply(event)?;
        Ok((
            step,
            ConfirmGuaranteeResponse::new(self.id, self.reference_id.clone()),
        ))
    }

    /// Cancels the session by API request, returning the step taken (to
    /// persist) and the body the cancel endpoint answers with (`Cancelled`,
    /// `EFT0501`).
    ///
    /// # Errors
    ///
    /// [`TransitionError::AlreadyTerminal`] when the session is terminal,
    /// which the API answers with 400 "Session Already Terminal". The session
    /// is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Session, SessionStatus, TransitionError};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// let (step, body) = session.cancel()?;
    /// assert_eq!(step.to(), SessionStatus::Cancelled);
    /// assert_eq!(body.status(), SessionStatus::Cancelled);
    /// assert!(matches!(session.cancel(), Err(TransitionError::AlreadyTerminal { .. })));
    /// # Ok::<(), TransitionError>(())
    /// ```
    #[inline]
    pub fn cancel(&mut self) -> Result<(Transition, CancelSessionResponse), TransitionError> {
        let step = self.apply(Event::CANCEL_BY_API)?;
        Ok((
            step,
            CancelSessionResponse::new(self.id, self.reference_id.clone()),
        ))
    }

    /// Takes in what a status poll or a `SessionSetupStatusChanged` webhook
    /// reported.
    ///
    /// - The same state again is [`Observation::Unchanged`]: webhooks are
    ///   deduplicated on `sessionId` by the receiver, so duplicates are normal.
    /// - A forward move is applied. It may skip `InProgress`, which a poller
    ///   often never sees: the two steps are returned.
    /// - Anything else is an [`ObserveError`], and the session is unchanged.
    ///
    /// # Errors
    ///
    /// [`ObserveError::Invalid`] when `detail` contradicts `status` or is
    /// missing, [`ObserveError::AlreadyTerminal`] when a terminal session is
    /// reported in another state, and [`ObserveError::Unreachable`] when the
    /// report is behind or beside the current state.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Observation, Session, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// let seen = session.observe(SessionStatus::Completed, Some(StatusDetail::EFT0301))?;
    /// assert!(matches!(seen, Observation::SkippedInProgress { .. }));
    /// assert_eq!(seen.transitions().count(), 2);
    ///
    /// // The duplicate webhook changes nothing.
    /// let again = session.observe(SessionStatus::Completed, Some(StatusDetail::EFT0301))?;
    /// assert_eq!(again, Observation::Unchanged);
    ///
    /// // A different final state is refused.
    /// assert!(session.observe(SessionStatus::Failed, Some(StatusDetail::EFT0401)).is_err());
    /// # Ok::<(), eft_session::ObserveError>(())
    /// ```
    #[inline]
    pub fn observe(
        &mut self,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, ObserveError> {
        let reported = SessionState::new(status, detail).map_err(ObserveError::Invalid)?;
        self.observe_state(reported)
    }

    /// [`observe`](Self::observe) for a state already checked.
    ///
    /// # Errors
    ///
    /// As [`observe`](Self::observe), but never [`ObserveError::Invalid`].
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Observation, Session, SessionState};
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// assert_eq!(session.observe_state(SessionState::INITIATED)?, Observation::Unchanged);
    /// # Ok::<(), eft_session::ObserveError>(())
    /// ```
    #[inline]
    pub fn observe_state(&mut self, reported: SessionState) -> Result<Observation, ObserveError> {
        let current = self.state;
        if current.is_same_state_as(reported) {
            return Ok(Observation::Unchanged);
        }
        if current.is_terminal() {
            return Err(ObserveError::AlreadyTerminal { current, reported });
        }
        let unreachable = ObserveError::Unreachable { current, reported };
        let event = Event::reaching(reported).ok_or(unreachable)?;
        let observation = match current.transition(event) {
            // The step lands on the reported state, code included, so that
            // replaying the log rebuilds this session.
            Ok(step) => Observation::Advanced(step.landing_at(reported)),
            // Only `Initiated` refuses a final event it could reach by starting.
            Err(TransitionError::NotAllowed { .. }) => {
                let start = current
                    .status()
                    .transition(Event::Start)
                    .map_err(|_| unreachable)?;
                let end = start.to().transition(event).map_err(|_| unreachable)?;
                Observation::SkippedInProgress { start, end }
            }
            Err(_) => return Err(unreachable),
        };
        // The last step lands on the reported state, at the guarantee stage
        // the session had: a report does not carry the stage.
        if let Some(last) = observation.transitions().last() {
            self.state = last.target();
        }
        Ok(observation)
    }

    /// Observes a status-poll or webhook body about this session.
    ///
    /// # Errors
    ///
    /// [`ObserveError::WrongSession`] when the body is about another session;
    /// otherwise as [`observe_state`](Self::observe_state).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Observation, Session, SessionStatus};
    /// use eft_session::wire::SessionStatusResponse;
    ///
    /// let body: SessionStatusResponse = serde_json::from_str(r#"{
    ///     "sessionId": "850750a4-3021-4061-ac03-a8d873aa4179",
    ///     "referenceId": "USER12345",
    ///     "amount": 500,
    ///     "status": "InProgress",
    ///     "statusDetails": null
    /// }"#)?;
    /// let mut session = Session::new(body.session_id(), body.reference_id().cloned());
    /// assert!(matches!(session.observe_report(&body)?, Observation::Advanced(_)));
    /// assert_eq!(session.status(), SessionStatus::InProgress);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn observe_report(
        &mut self,
        report: &SessionStatusResponse,
    ) -> Result<Observation, ObserveError> {
        if report.session_id() != self.id {
            return Err(ObserveError::WrongSession {
                expected: self.id,
                reported: report.session_id(),
            });
        }
        self.observe_state(report.state())
    }

    /// Rebuilds a session from its recorded steps, in order, checking that
    /// each one starts where the previous one ended, guarantee stage
    /// included. A log with a guarantee step rebuilds a GEFT session.
    ///
    /// # Errors
    ///
    /// [`ReplayError`] naming the first step that does not follow on.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, SessionStatus, StatusDetail};
    /// use uuid::Uuid;
    ///
    /// let mut live = Session::new(Uuid::nil(), None);
    /// let log = [live.apply(Event::Start)?, live.apply(Event::Fail(StatusDetail::EFT0401))?];
    /// assert_eq!(Session::replay(Uuid::nil(), None, log)?, live);
    ///
    /// // A history with a gap is refused.
    /// let err = Session::replay(Uuid::nil(), None, [log[1]]).unwrap_err();
    /// assert_eq!(err.to_string(), "step 0 leaves InProgress, but the session is Initiated (EFT0101) there");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replay(
        id: Uuid,
        reference_id: Option<ReferenceId>,
        steps: impl IntoIterator<Item = Transition>,
    ) -> Result<Self, ReplayError> {
        let mut session = Self::new(id, reference_id);
        for (index, step) in steps.into_iter().enumerate() {
            if step.from() != session.status() || step.guarantee_before() != session.guarantee() {
                return Err(ReplayError {
                    index,
                    step,
                    state: session.state,
                });
            }
            // Holding a `Transition` proves the step legal from `step.from()`.
            session.state = step.target();
        }
        Ok(Self::with_state(
            session.id,
            session.reference_id,
            session.state,
        ))
    }

    /// The body of a status poll for this session.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Amount, Session};
    /// use uuid::Uuid;
    ///
    /// let session = Session::new(Uuid::nil(), None);
    /// let body = session.status_response(Some(Amount::from_cents(50_000)));
    /// assert_eq!(
    ///     serde_json::to_string(&body)?,
    ///     r#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null,"amount":500,"status":"Initiated","statusDetails":"EFT0101"}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn status_response(&self, amount: Option<Amount>) -> SessionStatusResponse {
        SessionStatusResponse::new(self.id, self.reference_id.clone(), amount, self.state)
    }
}

/// What [`Session::observe`] did with a report.
///
/// # Examples
///
/// ```
/// use eft_session::{Observation, Session, SessionStatus, StatusDetail};
/// use uuid::Uuid;
///
/// let mut session = Session::new(Uuid::nil(), None);
/// let seen = session.observe(SessionStatus::Expired, Some(StatusDetail::EFT0601))?;
/// let Observation::Advanced(step) = seen else { panic!("one step") };
/// assert_eq!(step.to(), SessionStatus::Expired);
/// # Ok::<(), eft_session::ObserveError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Observation {
    /// The report said nothing new.
    Unchanged,
    /// The session took one step.
    Advanced(Transition),
    /// The session went from `Initiated` through `InProgress`, which the report
    /// skipped, to a final state: two steps, in order.
    SkippedInProgress {
        /// `Initiated` → `InProgress`.
        start: Transition,
        /// `InProgress` → the reported state.
        end: Transition,
    },
}

impl Observation {
    /// The steps taken, in order, to persist or log: none, one or two.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Observation;
    ///
    /// assert_eq!(Observation::Unchanged.transitions().count(), 0);
    /// ```
    pub fn transitions(&self) -> impl Iterator<Item = Transition> {
        let steps = match *self {
            Self::Unchanged => [None, None],
            Self::Advanced(step) => [Some(step), None],
            Self::SkippedInProgress { start, end } => [Some(start), Some(end)],
        };
        steps.into_iter().flatten()
    }
}

/// Why a reported state cannot be taken in.
///
/// # Examples
///
/// ```
/// use eft_session::{ObserveError, Session, SessionStatus, StatusDetail};
/// use uuid::Uuid;
///
/// let mut session = Session::new(Uuid::nil(), None);
/// let err = session.observe(SessionStatus::Completed, Some(StatusDetail::EFT0501)).unwrap_err();
/// assert!(matches!(err, ObserveError::Invalid(_)));
/// assert_eq!(
///     err.to_string(),
///     "invalid report: status detail EFT0501 belongs to Cancelled, not Completed"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ObserveError {
    /// The reported status and code disagree.
    #[error("invalid report: {0}")]
    Invalid(StateError),
    /// The session is terminal and the report names another state.
    #[error("session is already terminal at {current}; a report of {reported} conflicts with it")]
    AlreadyTerminal {
        /// The session's state.
        current: SessionState,
        /// The state reported.
        reported: SessionState,
    },
    /// The report is not ahead of the current state: a stale poll, or a
    /// sibling code of the same status.
    #[error("cannot move session from {current} to {reported}")]
    Unreachable {
        /// The session's state.
        current: SessionState,
        /// The state reported.
        reported: SessionState,
    },
    /// The report is about another session.
    #[error("report is about session {reported}, not {expected}")]
    WrongSession {
        /// This session's id.
        expected: Uuid,
        /// The id in the report.
        reported: Uuid,
    },
}

impl ObserveError {
    /// The HTTP status a server answers with when a report it was handed
    /// (a webhook, a forwarded poll) cannot be taken in:
    ///
    /// - `Invalid`: 400, the report contradicts itself;
    /// - `AlreadyTerminal`, `Unreachable`: 409 Conflict, the report
    ///   conflicts with the state the server holds (undocumented; a webhook
    ///   receiver should park the body rather than drop it);
    /// - `WrongSession`: 400, the body is about another session.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Session, SessionStatus, StatusDetail};
    /// use eft_session::wire::ProblemDetails;
    /// use uuid::Uuid;
    ///
    /// let mut session = Session::new(Uuid::nil(), None);
    /// session.observe(SessionStatus::Expired, Some(StatusDetail::EFT0601))?;
    /// let err = session.observe(SessionStatus::Completed, Some(StatusDetail::EFT0301)).unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (409, "Conflicting Status Report"));
    /// assert_eq!(ProblemDetails::from(&err).status, Some(409));
    /// # Ok::<(), eft_session::ObserveError>(())
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        match self {
            Self::Invalid(_) | Self::WrongSession { .. } => 400,
            Self::AlreadyTerminal { .. } | Self::Unreachable { .. } => 409,
        }
    }

    /// The title of the problem body: "Invalid Status Report", "Conflicting
    /// Status Report" or "Wrong Session".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "Invalid Status Report",
            Self::AlreadyTerminal { .. } | Self::Unreachable { .. } => "Conflicting Status Report",
            Self::WrongSession { .. } => "Wrong Session",
        }
    }
}

/// A recorded history that does not follow on from a new session.
///
/// # Examples
///
/// ```
/// use eft_session::{Event, Session, SessionStatus};
/// use uuid::Uuid;
///
/// let step = SessionStatus::Initiated.transition(Event::Start)?;
/// let err = Session::replay(Uuid::nil(), None, [step, step]).unwrap_err();
/// assert_eq!(err.index(), 1);
/// # Ok::<(), eft_session::TransitionError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("step {index} leaves {}, but the session is {state} there", step.from())]
pub struct ReplayError {
    index: usize,
    step: Transition,
    state: SessionState,
}

impl ReplayError {
    /// The position of the step, from 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, SessionStatus};
    /// use uuid::Uuid;
    ///
    /// let start = SessionStatus::Initiated.transition(Event::Start)?;
    /// let err = Session::replay(Uuid::nil(), None, [start, start]).unwrap_err();
    /// assert_eq!(err.index(), 1);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn index(&self) -> usize {
        self.index
    }

    /// The step that does not follow on.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, SessionStatus};
    /// use uuid::Uuid;
    ///
    /// let start = SessionStatus::Initiated.transition(Event::Start)?;
    /// let err = Session::replay(Uuid::nil(), None, [start, start]).unwrap_err();
    /// assert_eq!(err.step(), start);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn step(&self) -> Transition {
        self.step
    }

    /// The state the session was in when the step came.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, SessionStatus};
    /// use uuid::Uuid;
    ///
    /// let start = SessionStatus::Initiated.transition(Event::Start)?;
    /// let err = Session::replay(Uuid::nil(), None, [start, start]).unwrap_err();
    /// assert_eq!(err.state().status(), SessionStatus::InProgress);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn state(&self) -> SessionState {
        self.state
    }

    /// The HTTP status a server answers with when its own log of a session
    /// does not replay: 500, the server's storage is at fault, not the
    /// request.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Session, SessionStatus};
    /// use uuid::Uuid;
    ///
    /// let start = SessionStatus::Initiated.transition(Event::Start)?;
    /// let err = Session::replay(Uuid::nil(), None, [start, start]).unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (500, "Corrupt Session Log"));
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        500
    }

    /// The title of the problem body: "Corrupt Session Log".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Corrupt Session Log"
    }
}
