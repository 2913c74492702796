//! Events: what can happen to a session.

use strum::{EnumCount, EnumIter, IntoStaticStr};

use crate::{GUARANTEE_FAILURE, GuaranteeStage, SessionState, SessionStatus, StatusDetail};

/// Something that happens to a session: the payer starts the hosted flow, the
/// flow completes or fails, the client cancels, or the session times out.
///
/// Every event but [`Start`](Self::Start) carries the detail code of the state
/// it leads to, so that a code the crate does not know yet (a future
/// `EFT0405`) travels through the lifecycle unchanged. The code must belong to
/// the event's target status; [`SessionStatus::transition`] checks it.
///
/// # Examples
///
/// ```
/// use eft_session::{Event, EventKind, SessionStatus, StatusDetail};
///
/// let event = Event::Complete(StatusDetail::EFT0302);
/// assert_eq!(event.kind(), EventKind::Complete);
/// assert_eq!(event.kind().target(), SessionStatus::Completed);
/// assert_eq!(event.detail(), Some(StatusDetail::EFT0302));
///
/// assert_eq!(Event::CANCEL_BY_API, Event::Cancel(StatusDetail::EFT0501));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Event {
    /// The payer opened the hosted flow: `Initiated` → `InProgress`.
    Start,
    /// The flow finished with a `EFT03xx` code: `InProgress` → `Completed`.
    Complete(StatusDetail),
    /// The flow failed with a `EFT04xx` code: `InProgress` → `Failed`.
    Fail(StatusDetail),
    /// The session was cancelled (`EFT0501`: by API request) before it ended.
    Cancel(StatusDetail),
    /// The session timed out (`EFT0601`) before it ended.
    Expire(StatusDetail),
    /// GEFT: a guarantee was offered (the `GuaranteeOffer` step, and the
    /// guarantee webhook): `InProgress` stays `InProgress`, the offer pending.
    OfferGuarantee,
    /// GEFT: the client accepted the offer through the confirm endpoint.
    AcceptGuarantee,
    /// GEFT: the offer was accepted automatically, no guarantee webhook being
    /// configured.
    AutoAcceptGuarantee,
    /// GEFT: the client rejected the offer, with the `EFT04xx` code the
    /// session fails with ([`GUARANTEE_FAILURE`] by default).
    RejectGuarantee(StatusDetail),
    /// GEFT: the guarantee webhook was not delivered after
    /// [`GUARANTEE_DELIVERY_ATTEMPTS`](crate::GUARANTEE_DELIVERY_ATTEMPTS)
    /// attempts, with the `EFT04xx` code the session fails with.
    GuaranteeUndelivered(StatusDetail),
}

impl Event {
    /// The client cancels by API request: `Cancel(EFT0501)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus};
    ///
    /// let step = SessionStatus::Initiated.transition(Event::CANCEL_BY_API)?;
    /// assert_eq!(step.to_string(), "Initiated -> Cancelled (EFT0501)");
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    pub const CANCEL_BY_API: Self = Self::Cancel(StatusDetail::EFT0501);

    /// The session times out: `Expire(EFT0601)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus};
    ///
    /// let step = SessionStatus::InProgress.transition(Event::TIME_OUT)?;
    /// assert_eq!(step.to_string(), "InProgress -> Expired (EFT0601)");
    /// # Ok::<(), eft_session::TransitionError>(())
    /// ```
    pub const TIME_OUT: Self = Self::Expire(StatusDetail::EFT0601);

    /// The client rejects the guarantee: `RejectGuarantee(EFT0402)`, the
    /// crate's decision for an undocumented code ([`GUARANTEE_FAILURE`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, GuaranteeStage, SessionState, SessionStatus};
    ///
    /// let offered = SessionState::new(SessionStatus::InProgress, None)?
    ///     .with_guarantee(GuaranteeStage::Offered)?;
    /// let step = offered.transition(Event::REJECT_GUARANTEE)?;
    /// assert_eq!(step.target().to_string(), "Failed (EFT0402), guarantee Rejected");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const REJECT_GUARANTEE: Self = Self::RejectGuarantee(GUARANTEE_FAILURE);

    /// The guarantee webhook went undelivered:
    /// `GuaranteeUndelivered(EFT0402)` ([`GUARANTEE_FAILURE`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, StatusDetail};
    ///
    /// assert_eq!(Event::GUARANTEE_UNDELIVERED.detail(), Some(StatusDetail::EFT0402));
    /// ```
    pub const GUARANTEE_UNDELIVERED: Self = Self::GuaranteeUndelivered(GUARANTEE_FAILURE);

    /// What kind of event this is, without its code.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, EventKind};
    ///
    /// assert_eq!(Event::TIME_OUT.kind(), EventKind::Expire);
    /// ```
    #[must_use]
    #[inline]
    pub const fn kind(self) -> EventKind {
        match self {
            Self::Start => EventKind::Start,
            Self::Complete(_) => EventKind::Complete,
            Self::Fail(_) => EventKind::Fail,
            Self::Cancel(_) => EventKind::Cancel,
            Self::Expire(_) => EventKind::Expire,
            Self::OfferGuarantee => EventKind::OfferGuarantee,
            Self::AcceptGuarantee => EventKind::AcceptGuarantee,
            Self::AutoAcceptGuarantee => EventKind::AutoAcceptGuarantee,
            Self::RejectGuarantee(_) => EventKind::RejectGuarantee,
            Self::GuaranteeUndelivered(_) => EventKind::GuaranteeUndelivered,
        }
    }

    /// The code the event carries; `None` for [`Start`](Self::Start) and the
    /// guarantee events that keep the session `InProgress`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, StatusDetail};
    ///
    /// assert_eq!(Event::Start.detail(), None);
    /// assert_eq!(Event::CANCEL_BY_API.detail(), Some(StatusDetail::EFT0501));
    /// ```
    #[must_use]
    #[inline]
    pub const fn detail(self) -> Option<StatusDetail> {
        match self {
            Self::Start
            | Self::OfferGuarantee
            | Self::AcceptGuarantee
            | Self::AutoAcceptGuarantee => None,
            Self::Complete(code)
            | Self::Fail(code)
            | Self::Cancel(code)
            | Self::Expire(code)
            | Self::RejectGuarantee(code)
            | Self::GuaranteeUndelivered(code) => Some(code),
        }
    }

    /// The event whose last step leads into `state`, if any: what a status
    /// poll or webhook reporting `state` says has happened. Nothing leads into
    /// `Initiated`. The state's guarantee stage tells the guarantee events
    /// apart: an `InProgress` state with an accepted guarantee is reached by
    /// accepting it, a `Failed` one with a rejected guarantee by rejecting it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionState, SessionStatus, StatusDetail};
    ///
    /// let failed = SessionState::new(SessionStatus::Failed, Some(StatusDetail::EFT0403))?;
    /// assert_eq!(Event::reaching(failed), Some(Event::Fail(StatusDetail::EFT0403)));
    /// assert_eq!(Event::reaching(SessionState::INITIATED), None);
    /// # Ok::<(), eft_session::StateError>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn reaching(state: SessionState) -> Option<Self> {
        Some(match (state.status(), state.detail()) {
            (SessionStatus::InProgress, _) => match state.guarantee() {
                GuaranteeStage::Offered => Self::OfferGuarantee,
                GuaranteeStage::Accepted => Self::AcceptGuarantee,
                GuaranteeStage::AutoAccepted => Self::AutoAcceptGuarantee,
                _ => Self::Start,
            },
            (SessionStatus::Failed, Some(code)) => match state.guarantee() {
                GuaranteeStage::Rejected => Self::RejectGuarantee(code),
                GuaranteeStage::Undelivered => Self::GuaranteeUndelivered(code),
                _ => Self::Fail(code),
            },
            (SessionStatus::Completed, Some(code)) => Self::Complete(code),
            (SessionStatus::Cancelled, Some(code)) => Self::Cancel(code),
            (SessionStatus::Expired, Some(code)) => Self::Expire(code),
            _ => return None,
        })
    }
}

/// The kind of an [`Event`], without its code: what the transition table is
/// keyed on, and what error messages name.
///
/// Its string form is an identifier: the verb (`cancel`), or for the
/// guarantee a hyphenated name (`accept-guarantee`); error messages use
/// [`phrase`](Self::phrase) ("cannot accept the guarantee of session").
///
/// # Examples
///
/// ```
/// use eft_session::{EventKind, SessionStatus};
///
/// assert_eq!(EventKind::Cancel.to_string(), "cancel");
/// assert_eq!(EventKind::Cancel.target(), SessionStatus::Cancelled);
/// assert_eq!(EventKind::all().count(), 10);
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumIter,
    EnumCount,
    IntoStaticStr,
    strum::Display,
)]
#[strum(serialize_all = "lowercase")]
#[repr(u8)]
pub enum EventKind {
    /// See [`Event::Start`].
    Start,
    /// See [`Event::Complete`].
    Complete,
    /// See [`Event::Fail`].
    Fail,
    /// See [`Event::Cancel`].
    Cancel,
    /// See [`Event::Expire`].
    Expire,
    /// See [`Event::OfferGuarantee`].
    #[strum(serialize = "offer-guarantee")]
    OfferGuarantee,
    /// See [`Event::AcceptGuarantee`].
    #[strum(serialize = "accept-guarantee")]
    AcceptGuarantee,
    /// See [`Event::AutoAcceptGuarantee`].
    #[strum(serialize = "auto-accept-guarantee")]
    AutoAcceptGuarantee,
    /// See [`Event::RejectGuarantee`].
    #[strum(serialize = "reject-guarantee")]
    RejectGuarantee,
    /// See [`Event::GuaranteeUndelivered`].
    #[strum(serialize = "guarantee-undelivered")]
    GuaranteeUndelivered,
}

impl EventKind {
    /// Every kind, in declaration order, for tables built at compile time
    /// (`EnumIter` is not `const`); the count is checked against strum's.
    pub(crate) const ALL: [Self; 10] = [
        Self::Start,
        Self::Complete,
        Self::Fail,
        Self::Cancel,
        Self::Expire,
        Self::OfferGuarantee,
        Self::AcceptGuarantee,
        Self::AutoAcceptGuarantee,
        Self::RejectGuarantee,
        Self::GuaranteeUndelivered,
    ];

    /// The status an event of this kind leads to when it is legal.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{EventKind, SessionStatus};
    ///
    /// assert_eq!(EventKind::Start.target(), SessionStatus::InProgress);
    /// assert_eq!(EventKind::Fail.target(), SessionStatus::Failed);
    /// ```
    #[must_use]
    #[inline]
    pub const fn target(self) -> SessionStatus {
        match self {
            Self::Start
            | Self::OfferGuarantee
            | Self::AcceptGuarantee
            | Self::AutoAcceptGuarantee => SessionStatus::InProgress,
            Self::Complete => SessionStatus::Completed,
            Self::Fail | Self::RejectGuarantee | Self::GuaranteeUndelivered => {
                SessionStatus::Failed
            }
            Self::Cancel => SessionStatus::Cancelled,
            Self::Expire => SessionStatus::Expired,
        }
    }

    /// The guarantee stage an event of this kind leaves a session at stage
    /// `from` in, when it is legal: the guarantee events set it, the others
    /// keep it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{EventKind, GuaranteeStage};
    ///
    /// assert_eq!(EventKind::RejectGuarantee.guarantee_after(GuaranteeStage::Offered), GuaranteeStage::Rejected);
    /// assert_eq!(EventKind::Complete.guarantee_after(GuaranteeStage::Accepted), GuaranteeStage::Accepted);
    /// ```
    #[must_use]
    #[inline]
    pub const fn guarantee_after(self, from: GuaranteeStage) -> GuaranteeStage {
        match self {
            Self::OfferGuarantee => GuaranteeStage::Offered,
            Self::AcceptGuarantee => GuaranteeStage::Accepted,
            Self::AutoAcceptGuarantee => GuaranteeStage::AutoAccepted,
            Self::RejectGuarantee => GuaranteeStage::Rejected,
            Self::GuaranteeUndelivered => GuaranteeStage::Undelivered,
            Self::Start | Self::Complete | Self::Fail | Self::Cancel | Self::Expire => from,
        }
    }

    /// Whether this is a step of GEFT's guarantee decision, which EFT V2
    /// sessions never take.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::EventKind;
    ///
    /// assert!(EventKind::AcceptGuarantee.is_guarantee());
    /// assert!(!EventKind::Fail.is_guarantee());
    /// ```
    #[must_use]
    #[inline]
    pub const fn is_guarantee(self) -> bool {
        matches!(
            self,
            Self::OfferGuarantee
                | Self::AcceptGuarantee
                | Self::AutoAcceptGuarantee
                | Self::RejectGuarantee
                | Self::GuaranteeUndelivered
        )
    }

    /// Whether this is the client's or the provider's answer to a pending
    /// offer: legal only while one is pending.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::EventKind;
    ///
    /// assert!(EventKind::AutoAcceptGuarantee.decides_guarantee());
    /// assert!(!EventKind::OfferGuarantee.decides_guarantee());
    /// ```
    #[must_use]
    #[inline]
    pub const fn decides_guarantee(self) -> bool {
        self.is_guarantee() && !matches!(self, Self::OfferGuarantee)
    }

    /// An event of this kind: a kind without a code as it is, a guarantee
    /// failure with [`GUARANTEE_FAILURE`], or the kind with the first
    /// documented code of its target's family (`Complete(EFT0301)`,
    /// `Cancel(EFT0501)`, …). For tests, tables and benchmarks that want one
    /// event of every kind.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, EventKind, StatusDetail};
    ///
    /// assert_eq!(EventKind::Fail.example(), Event::Fail(StatusDetail::EFT0401));
    /// assert_eq!(EventKind::Cancel.example(), Event::CANCEL_BY_API);
    /// ```
    #[must_use]
    pub fn example(self) -> Event {
        let code = StatusDetail::DOCUMENTED
            .iter()
            .copied()
            .find(|code| code.status() == self.target());
        match (self, code) {
            (Self::OfferGuarantee, _) => Event::OfferGuarantee,
            (Self::AcceptGuarantee, _) => Event::AcceptGuarantee,
            (Self::AutoAcceptGuarantee, _) => Event::AutoAcceptGuarantee,
            (Self::RejectGuarantee, _) => Event::REJECT_GUARANTEE,
            (Self::GuaranteeUndelivered, _) => Event::GUARANTEE_UNDELIVERED,
            (Self::Complete, Some(code)) => Event::Complete(code),
            (Self::Fail, Some(code)) => Event::Fail(code),
            (Self::Cancel, Some(code)) => Event::Cancel(code),
            (Self::Expire, Some(code)) => Event::Expire(code),
            // Every family an event leads to has a documented code.
            _ => Event::Start,
        }
    }

    /// The identifier, lowercase: `"start"`, `"complete"`, `"fail"`,
    /// `"cancel"`, `"expire"`, `"offer-guarantee"`, `"accept-guarantee"`,
    /// `"auto-accept-guarantee"`, `"reject-guarantee"`,
    /// `"guarantee-undelivered"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::EventKind;
    ///
    /// assert_eq!(EventKind::Expire.as_str(), "expire");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// How error messages say it, before "session": the verb, or for the
    /// guarantee a verb with its object.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::EventKind;
    ///
    /// assert_eq!(EventKind::Cancel.phrase(), "cancel");
    /// assert_eq!(EventKind::AcceptGuarantee.phrase(), "accept the guarantee of");
    /// ```
    #[must_use]
    pub fn phrase(self) -> &'static str {
        match self {
            Self::OfferGuarantee => "offer a guarantee to",
            Self::AcceptGuarantee => "accept the guarantee of",
            Self::AutoAcceptGuarantee => "auto-accept the guarantee of",
            Self::RejectGuarantee => "reject the guarantee of",
            Self::GuaranteeUndelivered => "fail to deliver the guarantee of",
            Self::Start | Self::Complete | Self::Fail | Self::Cancel | Self::Expire => {
                self.as_str()
            }
        }
    }

    /// Every kind of event, in lifecycle order.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::EventKind;
    ///
    /// assert_eq!(EventKind::all().next(), Some(EventKind::Start));
    /// ```
    pub fn all() -> impl DoubleEndedIterator<Item = Self> + Clone {
        <Self as strum::IntoEnumIterator>::iter()
    }
}

const _: () = assert!(EventKind::ALL.len() == <EventKind as EnumCount>::COUNT);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaching_tells_the_guarantee_events_apart() {
        for kind in EventKind::all() {
            let event = kind.example();
            let detail = event.detail().filter(|_| kind != EventKind::Start);
            let Ok(state) = SessionState::new(kind.target(), detail) else {
                continue;
            };
            let from = if kind.decides_guarantee() {
                GuaranteeStage::Offered
            } else {
                GuaranteeStage::NotOffered
            };
            let state = state.with_guarantee(kind.guarantee_after(from)).unwrap();
            assert_eq!(Event::reaching(state), Some(event), "{kind}");
        }
    }

    #[test]
    fn reaching_inverts_the_target() {
        for code in StatusDetail::DOCUMENTED {
            let state = SessionState::new(code.status(), Some(*code)).unwrap();
            match Event::reaching(state) {
                Some(event) => {
                    assert_eq!(event.kind().target(), code.status());
                    assert_eq!(event.detail(), Some(*code));
                }
                None => assert_eq!(code.status(), SessionStatus::Initiated),
            }
        }
    }

    #[test]
    fn examples_are_of_their_kind() {
        for kind in EventKind::all() {
            assert_eq!(kind.example().kind(), kind);
        }
    }

    #[test]
    fn every_kind_targets_a_different_status_or_guarantee_stage() {
        let mut targets: alloc::vec::Vec<_> = EventKind::all()
            .map(|kind| {
                (
                    kind.target(),
                    kind.guarantee_after(GuaranteeStage::NotOffered),
                )
            })
            .collect();
        targets.sort();
        targets.dedup();
        assert_eq!(targets.len(), EventKind::COUNT);
        assert!(
            !targets
                .iter()
                .any(|(status, _)| *status == SessionStatus::Initiated)
        );
    }
}
