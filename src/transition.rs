//! The transition function: the one place where the legal moves live.

use core::fmt;
use core::num::NonZeroU32;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use strum::EnumCount;

use crate::{
    Event, EventKind, GuaranteeStage, SessionState, SessionStatus, StateError, StatusDetail,
};

impl SessionStatus {
    /// The one source of truth of the lifecycle: where `event` takes a session
    /// in this status, with no guarantee offered, or why it cannot.
    /// [`SessionState::transition`] is the same function at the state's
    /// guarantee stage.
    ///
    /// | From | Event | To |
    /// |---|---|---|
    /// | `Initiated` | start | `InProgress` (no code) |
    /// | `InProgress` | complete with `EFT03xx` | `Completed`, unless a guarantee offer is pending |
    /// | `InProgress` | fail with `EFT04xx` | `Failed` |
    /// | `Initiated`, `InProgress` | cancel with `EFT05xx` | `Cancelled` |
    /// | `Initiated`, `InProgress` | expire with `EFT06xx` | `Expired` |
    /// | `InProgress`, no offer yet | offer a guarantee (GEFT) | `InProgress`, offer pending |
    /// | `InProgress`, offer pending | accept, or auto-accept | `InProgress`, guarantee accepted |
    /// | `InProgress`, offer pending | reject, or fail to deliver, with `EFT04xx` | `Failed` |
    /// | terminal | any | rejected: [`TransitionError::AlreadyTerminal`] |
    ///
    /// Documentation, diagrams and tests are derived from this function by
    /// enumerating statuses, guarantee stages and events, never from a
    /// second list.
    ///
    /// # Errors
    ///
    /// - [`TransitionError::AlreadyTerminal`] from a terminal status;
    /// - [`TransitionError::NoGuaranteeOffer`] when a guarantee decision comes
    ///   with no offer pending, and [`TransitionError::GuaranteePending`]
    ///   when a session with a pending offer is completed;
    /// - [`TransitionError::NotAllowed`] when the event cannot happen in this
    ///   status (completing a session the payer has not started);
    /// - [`TransitionError::DetailMismatch`] when the event's code belongs to
    ///   another status than the one it leads to.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus, StatusDetail, TransitionError};
    ///
    /// let t = SessionStatus::Initiated.transition(Event::CANCEL_BY_API)?;
    /// assert_eq!((t.from(), t.to()), (SessionStatus::Initiated, SessionStatus::Cancelled));
    /// assert_eq!(t.detail(), Some(StatusDetail::EFT0501));
    ///
    /// let err = SessionStatus::Completed.transition(Event::CANCEL_BY_API).unwrap_err();
    /// assert!(matches!(err, TransitionError::AlreadyTerminal { .. }));
    ///
    /// let err = SessionStatus::InProgress
    ///     .transition(Event::Complete(StatusDetail::EFT0401))
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "cannot complete session with EFT0401: the code belongs to Failed");
    /// # Ok::<(), TransitionError>(())
    /// ```
    #[inline]
    pub const fn transition(self, event: Event) -> Result<Transition, TransitionError> {
        step(self, GuaranteeStage::NotOffered, event)
    }

    /// Why `event` cannot happen in this status at stage `guarantee`: the
    /// error of [`transition`](Self::transition), in the order a reader
    /// expects (terminal first, then the guarantee, then not allowed, then a
    /// code of another family).
    #[cold]
    #[inline(never)]
    const fn refusal(self, guarantee: GuaranteeStage, event: Event) -> TransitionError {
        let kind = event.kind();
        if self.is_terminal() {
            return TransitionError::AlreadyTerminal {
                status: self,
                detail: None,
                event: kind,
            };
        }
        if kind.decides_guarantee() && !guarantee.is_pending() {
            return TransitionError::NoGuaranteeOffer {
                status: self,
                guarantee,
                event: kind,
            };
        }
        if matches!(kind, EventKind::Complete) && guarantee.is_pending() {
            return TransitionError::GuaranteePending { event: kind };
        }
        if !is_legal(self, guarantee, kind) {
            return TransitionError::NotAllowed {
                from: self,
                event: kind,
            };
        }
        match event.detail() {
            Some(code) => TransitionError::DetailMismatch {
                event: kind,
                detail: code,
            },
            // `step` refuses a legal pair only for its code.
            None => unreachable!(),
        }
    }
}

/// The transition function: where `event` takes a session in `from` at stage
/// `guarantee`. The hot path is one load from the table `is_legal` builds,
/// which holds the whole step but the event's code, and the code's family
/// against the target's; every refusal is worked out again, off the hot
/// path, by `refusal`.
#[inline]
pub(crate) const fn step(
    from: SessionStatus,
    guarantee: GuaranteeStage,
    event: Event,
) -> Result<Transition, TransitionError> {
    let detail = event.detail();
    match STEPS[from as usize][guarantee as usize][event.kind() as usize] {
        // A code belongs to `to` when its number is in `to`'s hundred: one
        // subtraction and one comparison, no division.
        Some(step) => match detail {
            Some(code) if code.number().wrapping_sub(step.target_family() * 100) >= 100 => {
                Err(from.refusal(guarantee, event))
            }
            _ => Ok(step.with_code(detail)),
        },
        None => Err(from.refusal(guarantee, event)),
    }
}

/// The legal moves: the one source of truth of the lifecycle, the guarantee
/// decision included. Documentation, diagrams, strategies and the table below
/// are derived from it.
///
/// Whether a product takes the guarantee moves is the one rule outside it:
/// only GEFT sessions do ([`Session`](crate::Session) checks it).
const fn is_legal(from: SessionStatus, guarantee: GuaranteeStage, kind: EventKind) -> bool {
    use EventKind::{
        AcceptGuarantee, AutoAcceptGuarantee, Cancel, Complete, Expire, Fail, GuaranteeUndelivered,
        OfferGuarantee, RejectGuarantee, Start,
    };
    use SessionStatus::{InProgress, Initiated};
    !from.is_terminal()
        && guarantee.goes_with(from)
        && match kind {
            Start => matches!(from, Initiated),
            Cancel | Expire => true,
            Fail => matches!(from, InProgress),
            // Accepting the guarantee is what lets a GEFT session complete.
            Complete => matches!(from, InProgress) && !guarantee.is_pending(),
            OfferGuarantee => matches!(from, InProgress) && !guarantee.is_offered(),
            AcceptGuarantee | AutoAcceptGuarantee | RejectGuarantee | GuaranteeUndelivered => {
                matches!(from, InProgress) && guarantee.is_pending()
            }
        }
}

/// How many guarantee stages the table has a plane for.
const STAGES: usize = GuaranteeStage::ALL.len();

/// The step each (status, guarantee stage, kind of event) takes, all of it
/// but the event's code, built at compile time from [`is_legal`]: indexed
/// by the status's discriminant (1 to 6; row 0 unused), the stage's and the
/// kind's.
const STEPS: [[[Option<Transition>; EventKind::COUNT]; STAGES]; 7] = {
    let mut table = [[[None; EventKind::COUNT]; STAGES]; 7];
    let mut status = 1;
    while status < 7 {
        let from = match SessionStatus::from_detail_family(status as u8) {
            Some(from) => from,
            None => panic!("statuses are numbered 1 to 6"),
        };
        assert!(from as usize == status, "a status's number is its row");
        let mut stage = 0;
        while stage < STAGES {
            let guarantee = GuaranteeStage::ALL[stage];
            assert!(guarantee as usize == stage, "a stage's number is its plane");
            let mut kind = 0;
            while kind < EventKind::COUNT {
                let event = EventKind::ALL[kind];
                assert!(event as usize == kind, "a kind's number is its column");
                if is_legal(from, guarantee, event) {
                    table[status][stage][kind] = Some(Transition::pack(
                        from,
                        event.target(),
                        None,
                        guarantee,
                        event.guarantee_after(guarantee),
                    ));
                }
                kind += 1;
            }
            stage += 1;
        }
        status += 1;
    }
    table
};

/// One legal step of a session: from a status, to a status, with the code of
/// the state it reaches.
///
/// A `Transition` can only be made by [`SessionStatus::transition`] (or
/// checked by [`Transition::new`]), so holding one proves the step is legal. A
/// server persists it as a conditional update, `UPDATE … SET status = to,
/// status_details = detail WHERE id = … AND status = from`, or appends it to an
/// event log and rebuilds the session with
/// [`Session::replay`](crate::Session::replay). Its JSON form is
/// `{"from":"Initiated","to":"Cancelled","statusDetails":"EFT0501"}`.
///
/// # Examples
///
/// ```
/// use eft_session::{Event, SessionStatus, StatusDetail, Transition};
///
/// let t = SessionStatus::InProgress.transition(Event::Fail(StatusDetail::EFT0401))?;
/// assert_eq!(t.event(), Event::Fail(StatusDetail::EFT0401));
/// assert_eq!(t.to_string(), "InProgress -> Failed (EFT0401)");
/// assert_eq!(Transition::new(t.from(), t.to(), t.detail()), Ok(t));
/// # Ok::<(), eft_session::TransitionError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Transition(NonZeroU32);

// Packed in 32 bits, so that the transition function's table holds whole
// steps and a step is returned in a register: the code's number in the low
// 16 (0 for none), then 4 bits each for the status left (never 0: statuses
// are numbered from 1), the status reached, and the two guarantee stages.
const DETAIL_MASK: u32 = 0xFFFF;
const FROM_SHIFT: u32 = 16;
const TO_SHIFT: u32 = 20;
const FROM_GUARANTEE_SHIFT: u32 = 24;
const TO_GUARANTEE_SHIFT: u32 = 28;

impl Transition {
    /// The step from `from` at `from_guarantee` to `to` at `to_guarantee`,
    /// with `detail`: legal, as its callers have checked.
    #[inline]
    const fn pack(
        from: SessionStatus,
        to: SessionStatus,
        detail: Option<StatusDetail>,
        from_guarantee: GuaranteeStage,
        to_guarantee: GuaranteeStage,
    ) -> Self {
        let bits = detail_bits(detail)
            | (from as u32) << FROM_SHIFT
            | (to as u32) << TO_SHIFT
            | (from_guarantee as u32) << FROM_GUARANTEE_SHIFT
            | (to_guarantee as u32) << TO_GUARANTEE_SHIFT;
        match NonZeroU32::new(bits) {
            Some(bits) => Self(bits),
            // `from` is at least 1.
            None => unreachable!(),
        }
    }

    /// The same step with `detail` as its code.
    #[inline]
    const fn with_detail(self, detail: Option<StatusDetail>) -> Self {
        match NonZeroU32::new((self.0.get() & !DETAIL_MASK) | detail_bits(detail)) {
            Some(bits) => Self(bits),
            None => unreachable!(),
        }
    }

    /// The same step with `detail` added, the code it holds being none (as
    /// in the table): an or, which keeps the bits non-zero.
    #[inline]
    const fn with_code(self, detail: Option<StatusDetail>) -> Self {
        match NonZeroU32::new(self.0.get() | detail_bits(detail)) {
            Some(bits) => Self(bits),
            None => self,
        }
    }

    /// The number of the code family the status reached holds: its own
    /// number (`Completed`, 3, holds `EFT03xx`).
    #[inline]
    const fn target_family(self) -> u16 {
        self.field(TO_SHIFT) as u16
    }

    #[inline]
    const fn field(self, shift: u32) -> u8 {
        ((self.0.get() >> shift) & 0xF) as u8
    }
}

/// A code's number, or 0 for none.
#[inline]
const fn detail_bits(detail: Option<StatusDetail>) -> u32 {
    match detail {
        Some(code) => code.number() as u32,
        None => 0,
    }
}

/// The status numbered `number` (1 to 6), as [`Transition::pack`] stored it.
#[inline]
const fn status_numbered(number: u8) -> SessionStatus {
    match SessionStatus::from_detail_family(number) {
        Some(status) => status,
        None => unreachable!(),
    }
}

impl fmt::Debug for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transition")
            .field("from", &self.from())
            .field("to", &self.to())
            .field("detail", &self.detail())
            .field("from_guarantee", &self.guarantee_before())
            .field("to_guarantee", &self.guarantee())
            .finish()
    }
}

impl Transition {
    /// Checks a recorded step (from a database row or an event log) against
    /// the transition function.
    ///
    /// # Errors
    ///
    /// [`TransitionError::InvalidTarget`] when `to` and `detail` disagree,
    /// [`TransitionError::Unreachable`] when `to` is `Initiated` (nothing leads
    /// into it), or the error of [`SessionStatus::transition`] for the event
    /// that reaches the target.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionStatus, StatusDetail, Transition};
    ///
    /// assert!(Transition::new(SessionStatus::Initiated, SessionStatus::InProgress, None).is_ok());
    ///
    /// let err = Transition::new(SessionStatus::Expired, SessionStatus::Cancelled, Some(StatusDetail::EFT0501))
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "cannot cancel session: already terminal at Expired");
    /// ```
    #[inline]
    pub const fn new(
        from: SessionStatus,
        to: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Self, TransitionError> {
        match SessionState::new(to, detail) {
            Ok(target) => Self::checked(from, GuaranteeStage::NotOffered, target),
            Err(error) => Err(TransitionError::InvalidTarget(error)),
        }
    }

    /// Checks a recorded step with its guarantee stages: from `from` at stage
    /// `from_guarantee`, into `to` (whose stage is the one reached). What a
    /// store that keeps a GEFT session's guarantee decision calls.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new); [`TransitionError::Unreachable`] also when no
    /// event leads from the stage to the target's stage.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{GuaranteeStage, SessionState, SessionStatus, StatusDetail, Transition};
    ///
    /// let accepted = SessionState::new(SessionStatus::InProgress, None)?
    ///     .with_guarantee(GuaranteeStage::Accepted)?;
    /// let step = Transition::checked(SessionStatus::InProgress, GuaranteeStage::Offered, accepted)?;
    /// assert_eq!(step.to_string(), "InProgress, guarantee Offered -> InProgress, guarantee Accepted");
    ///
    /// // Accepting an offer that was never made is refused.
    /// assert!(Transition::checked(SessionStatus::InProgress, GuaranteeStage::NotOffered, accepted).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub const fn checked(
        from: SessionStatus,
        from_guarantee: GuaranteeStage,
        to: SessionState,
    ) -> Result<Self, TransitionError> {
        let unreachable = TransitionError::Unreachable {
            from,
            to: to.status(),
        };
        match Event::reaching(to) {
            Some(event) => match step(from, from_guarantee, event) {
                // `Start` carries no code: an `InProgress` code is kept as recorded.
                Ok(step) if step.guarantee() as u8 == to.guarantee() as u8 => {
                    Ok(step.with_detail(to.detail()))
                }
                Ok(_) => Err(unreachable),
                Err(error) => Err(error),
            },
            None => Err(unreachable),
        }
    }

    /// The status the session was in.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus, StatusDetail};
    ///
    /// let step = SessionStatus::InProgress.transition(Event::Complete(StatusDetail::EFT0302))?;
    /// assert_eq!(step.from(), SessionStatus::InProgress);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn from(self) -> SessionStatus {
        status_numbered(self.field(FROM_SHIFT))
    }

    /// The status the session is in after the step.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus, StatusDetail};
    ///
    /// let step = SessionStatus::InProgress.transition(Event::Complete(StatusDetail::EFT0302))?;
    /// assert_eq!(step.to(), SessionStatus::Completed);
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn to(self) -> SessionStatus {
        status_numbered(self.field(TO_SHIFT))
    }

    /// The code of the state reached; `None` when it is `InProgress`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus, StatusDetail};
    ///
    /// let step = SessionStatus::InProgress.transition(Event::Complete(StatusDetail::EFT0302))?;
    /// assert_eq!(step.detail(), Some(StatusDetail::EFT0302));
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn detail(self) -> Option<StatusDetail> {
        StatusDetail::stored((self.0.get() & DETAIL_MASK) as u16)
    }

    /// The guarantee stage the session was at.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, GuaranteeStage, SessionState, SessionStatus};
    ///
    /// let offered = SessionState::new(SessionStatus::InProgress, None)?
    ///     .with_guarantee(GuaranteeStage::Offered)?;
    /// let step = offered.transition(Event::AutoAcceptGuarantee)?;
    /// assert_eq!(step.guarantee_before(), GuaranteeStage::Offered);
    /// assert_eq!(step.guarantee(), GuaranteeStage::AutoAccepted);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn guarantee_before(self) -> GuaranteeStage {
        GuaranteeStage::ALL[self.field(FROM_GUARANTEE_SHIFT) as usize]
    }

    /// The guarantee stage after the step: set by a guarantee event, kept by
    /// every other.
    ///
    /// # Examples
    ///
    /// See [`guarantee_before`](Self::guarantee_before).
    #[must_use]
    #[inline]
    pub const fn guarantee(self) -> GuaranteeStage {
        GuaranteeStage::ALL[self.field(TO_GUARANTEE_SHIFT) as usize]
    }

    /// The state reached: [`to`](Self::to) with [`detail`](Self::detail) and
    /// [`guarantee`](Self::guarantee).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus};
    ///
    /// let t = SessionStatus::Initiated.transition(Event::TIME_OUT)?;
    /// assert_eq!(t.target().to_string(), "Expired (EFT0601)");
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn target(self) -> SessionState {
        match SessionState::new(self.to(), self.detail()) {
            Ok(state) => match state.with_guarantee(self.guarantee()) {
                Ok(state) => state,
                // The table only leads to stages that go with the status.
                Err(_) => unreachable!(),
            },
            // The transition function only makes steps into valid states.
            Err(_) => unreachable!(),
        }
    }

    /// The event that made this step.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus, StatusDetail};
    ///
    /// let step = SessionStatus::InProgress.transition(Event::Complete(StatusDetail::EFT0302))?;
    /// assert_eq!(step.event(), Event::Complete(StatusDetail::EFT0302));
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn event(self) -> Event {
        match Event::reaching(self.target()) {
            Some(event) => event,
            // Every target of the transition function is reached by an event.
            None => unreachable!(),
        }
    }
}

impl Transition {
    /// The same step, landing on `state`: a step into `InProgress` keeps the
    /// code a report gave it (`Start` carries none). `state` has the step's
    /// target status, so the step stays legal.
    #[inline]
    pub(crate) const fn landing_at(self, state: SessionState) -> Self {
        debug_assert!(state.status() as u8 == self.to() as u8);
        self.with_detail(state.detail())
    }
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.from())?;
        if self.guarantee_before().is_offered() {
            write!(f, ", guarantee {}", self.guarantee_before())?;
        }
        write!(f, " -> {}", self.target())
    }
}

/// Why an event cannot happen to a session.
///
/// Each error maps to the HTTP answer of the API
/// ([`http_status`](Self::http_status)), and to its problem body with
/// [`ProblemDetails::for_transition_error`](crate::wire::ProblemDetails::for_transition_error).
///
/// # Examples
///
/// ```
/// use eft_session::{Event, Session, StatusDetail, TransitionError};
/// use uuid::Uuid;
///
/// let mut session = Session::new(Uuid::nil(), None);
/// session.apply(Event::Start)?;
/// session.apply(Event::Complete(StatusDetail::EFT0301))?;
///
/// let err = session.cancel().unwrap_err();
/// assert_eq!(err.http_status(), 400);
/// assert_eq!(err.to_string(), "cannot cancel session: already terminal at Completed (EFT0301)");
/// # Ok::<(), TransitionError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum TransitionError {
    /// The session is terminal; it rejects every event. The API answers a
    /// cancel with 400, "Session Already Terminal".
    #[error("cannot {} session: already terminal at {}", .event.phrase(), StateName(*.status, *.detail))]
    AlreadyTerminal {
        /// The terminal status.
        status: SessionStatus,
        /// Its code, when the caller knew it ([`Session`](crate::Session) does).
        detail: Option<StatusDetail>,
        /// What was attempted.
        event: EventKind,
    },
    /// The event cannot happen in this (non-terminal) status.
    #[error("cannot {} session in status {from}", .event.phrase())]
    NotAllowed {
        /// The status the session is in.
        from: SessionStatus,
        /// What was attempted.
        event: EventKind,
    },
    /// A guarantee decision (accept, auto-accept, reject, undelivered) came
    /// while no offer is pending: never offered, or already decided. The
    /// confirm endpoint answers 409 "No Guarantee Offer Pending".
    #[error("cannot {} session: no guarantee offer is pending (guarantee {guarantee}, status {status})", .event.phrase())]
    NoGuaranteeOffer {
        /// The session's status.
        status: SessionStatus,
        /// Where its guarantee decision stands.
        guarantee: GuaranteeStage,
        /// What was attempted.
        event: EventKind,
    },
    /// The session cannot complete while its guarantee offer awaits a
    /// decision: 409 "Guarantee Decision Pending".
    #[error("cannot {} session: its guarantee offer awaits a decision", .event.phrase())]
    GuaranteePending {
        /// What was attempted.
        event: EventKind,
    },
    /// A guarantee event for a session of a product that offers no guarantee
    /// (EFT V2): 400 "Guarantee Not Enabled".
    #[error("cannot {} session: {product} sessions offer no guarantee", .event.phrase())]
    GuaranteeNotEnabled {
        /// The session's product.
        product: crate::Product,
        /// What was attempted.
        event: EventKind,
    },
    /// The event's code belongs to another status than the one it leads to.
    #[error("cannot {} session with {detail}: the code belongs to {}", .event.phrase(), detail.status())]
    DetailMismatch {
        /// What was attempted.
        event: EventKind,
        /// The code it carried.
        detail: StatusDetail,
    },
    /// A recorded step names a target state that is not valid.
    #[error("invalid transition target: {0}")]
    InvalidTarget(StateError),
    /// A recorded step names a target that no event leads into (`Initiated`).
    #[error("no event leads from {from} to {to}")]
    Unreachable {
        /// The recorded origin.
        from: SessionStatus,
        /// The recorded target.
        to: SessionStatus,
    },
}

impl TransitionError {
    /// The HTTP status a server answers with for this error.
    ///
    /// - `AlreadyTerminal`: 400, as the cancel page documents.
    /// - `NotAllowed`, `Unreachable`: 409 Conflict (undocumented: the API
    ///   exposes no such request; a server that drives the flow sees them).
    /// - `NoGuaranteeOffer`, `GuaranteePending`: 409 Conflict (the confirm
    ///   page documents no such error; the session's state, which may change,
    ///   is what refuses).
    /// - `GuaranteeNotEnabled`: 400: the session was created without the
    ///   guarantee, and never will have one.
    /// - `DetailMismatch`, `InvalidTarget`: 400, the request was malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus};
    ///
    /// let err = SessionStatus::InProgress.transition(Event::Start).unwrap_err();
    /// assert_eq!(err.http_status(), 409);
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        match self {
            Self::AlreadyTerminal { .. }
            | Self::DetailMismatch { .. }
            | Self::InvalidTarget(_)
            | Self::GuaranteeNotEnabled { .. } => 400,
            Self::NotAllowed { .. }
            | Self::Unreachable { .. }
            | Self::NoGuaranteeOffer { .. }
            | Self::GuaranteePending { .. } => 409,
        }
    }

    /// The title of the problem body a server answers with: "Session Already
    /// Terminal" (the title of the documented error example), "Invalid
    /// Session Transition", "No Guarantee Offer Pending", "Guarantee Decision
    /// Pending", "Guarantee Not Enabled" or "Invalid Status Detail".
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus};
    ///
    /// let err = SessionStatus::Cancelled.transition(Event::CANCEL_BY_API).unwrap_err();
    /// assert_eq!(err.title(), "Session Already Terminal");
    /// ```
    #[must_use]
    pub const fn title(&self) -> &'static str {
        match self {
            Self::AlreadyTerminal { .. } => "Session Already Terminal",
            Self::NotAllowed { .. } | Self::Unreachable { .. } => "Invalid Session Transition",
            Self::NoGuaranteeOffer { .. } => "No Guarantee Offer Pending",
            Self::GuaranteePending { .. } => "Guarantee Decision Pending",
            Self::GuaranteeNotEnabled { .. } => "Guarantee Not Enabled",
            Self::DetailMismatch { .. } | Self::InvalidTarget(_) => "Invalid Status Detail",
        }
    }

    /// The same error, naming the terminal status's code when it was unknown
    /// to the transition function (which sees the status only).
    #[inline]
    pub(crate) const fn with_current_detail(self, current: Option<StatusDetail>) -> Self {
        match self {
            Self::AlreadyTerminal {
                status,
                detail: None,
                event,
            } => Self::AlreadyTerminal {
                status,
                detail: current,
                event,
            },
            other => other,
        }
    }
}

/// Shows a status with its code when there is one.
struct StateName(SessionStatus, Option<StatusDetail>);

impl fmt::Display for StateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Some(code) => write!(f, "{} ({code})", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// The persisted form of a [`Transition`]. The guarantee stages are left out
/// while no guarantee was offered, so that an EFT V2 log reads as it did
/// before the guarantee was modelled.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransitionRecord {
    from: SessionStatus,
    to: SessionStatus,
    status_details: Option<StatusDetail>,
    #[serde(default, skip_serializing_if = "is_not_offered")]
    from_guarantee: GuaranteeStage,
    #[serde(default, skip_serializing_if = "is_not_offered")]
    guarantee: GuaranteeStage,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
fn is_not_offered(stage: &GuaranteeStage) -> bool {
    !stage.is_offered()
}

impl Serialize for Transition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TransitionRecord {
            from: self.from(),
            to: self.to(),
            status_details: self.detail(),
            from_guarantee: self.guarantee_before(),
            guarantee: self.guarantee(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Transition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = TransitionRecord::deserialize(deserializer)?;
        let to = SessionState::new(record.to, record.status_details)
            .and_then(|state| state.with_guarantee(record.guarantee))
            .map_err(|error| serde::de::Error::custom(TransitionError::InvalidTarget(error)))?;
        Self::checked(record.from, record.from_guarantee, to).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn with_current_detail_fills_only_a_missing_terminal_code() {
        let err = SessionStatus::Failed.transition(Event::Start).unwrap_err();
        let named = err.with_current_detail(Some(StatusDetail::EFT0401));
        assert_eq!(
            named,
            TransitionError::AlreadyTerminal {
                status: SessionStatus::Failed,
                detail: Some(StatusDetail::EFT0401),
                event: EventKind::Start,
            }
        );
        assert_eq!(named.with_current_detail(None), named);
        let other = SessionStatus::InProgress
            .transition(Event::Start)
            .unwrap_err();
        assert_eq!(
            other.with_current_detail(Some(StatusDetail::EFT0101)),
            other
        );
    }

    #[test]
    fn new_refuses_steps_into_initiated() {
        let err = Transition::new(
            SessionStatus::Initiated,
            SessionStatus::Initiated,
            Some(StatusDetail::EFT0101),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no event leads from Initiated to Initiated"
        );
    }
}
