//! Events: what can happen to a session.

use strum::{EnumCount, EnumIter, IntoStaticStr};

use crate::{SessionState, SessionStatus, StatusDetail};

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
        }
    }

    /// The code the event carries; `None` for [`Start`](Self::Start).
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
            Self::Start => None,
            Self::Complete(code) | Self::Fail(code) | Self::Cancel(code) | Self::Expire(code) => {
                Some(code)
            }
        }
    }

    /// The event whose last step leads into `state`, if any: what a status
    /// poll or webhook reporting `state` says has happened. Nothing leads into
    /// `Initiated`.
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
            (SessionStatus::InProgress, _) => Self::Start,
            (SessionStatus::Completed, Some(code)) => Self::Complete(code),
            (SessionStatus::Failed, Some(code)) => Self::Fail(code),
            (SessionStatus::Cancelled, Some(code)) => Self::Cancel(code),
            (SessionStatus::Expired, Some(code)) => Self::Expire(code),
            _ => return None,
        })
    }
}

/// The kind of an [`Event`], without its code: what the transition table is
/// keyed on, and what error messages name.
///
/// Its string form is the verb, as in "cannot cancel session".
///
/// # Examples
///
/// ```
/// use eft_session::{EventKind, SessionStatus};
///
/// assert_eq!(EventKind::Cancel.to_string(), "cancel");
/// assert_eq!(EventKind::Cancel.target(), SessionStatus::Cancelled);
/// assert_eq!(EventKind::all().count(), 5);
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
}

impl EventKind {
    /// Every kind, in declaration order, for tables built at compile time
    /// (`EnumIter` is not `const`); the count is checked against strum's.
    pub(crate) const ALL: [Self; 5] = [
        Self::Start,
        Self::Complete,
        Self::Fail,
        Self::Cancel,
        Self::Expire,
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
            Self::Start => SessionStatus::InProgress,
            Self::Complete => SessionStatus::Completed,
            Self::Fail => SessionStatus::Failed,
            Self::Cancel => SessionStatus::Cancelled,
            Self::Expire => SessionStatus::Expired,
        }
    }

    /// An event of this kind: [`Event::Start`], or the kind with the first
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
            (Self::Complete, Some(code)) => Event::Complete(code),
            (Self::Fail, Some(code)) => Event::Fail(code),
            (Self::Cancel, Some(code)) => Event::Cancel(code),
            (Self::Expire, Some(code)) => Event::Expire(code),
            // Every family an event leads to has a documented code.
            _ => Event::Start,
        }
    }

    /// The verb, lowercase: `"start"`, `"complete"`, `"fail"`, `"cancel"`,
    /// `"expire"`.
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
    fn every_kind_targets_a_different_status() {
        let mut targets: alloc::vec::Vec<_> = EventKind::all().map(EventKind::target).collect();
        targets.dedup();
        assert_eq!(targets.len(), EventKind::COUNT);
        assert!(!targets.contains(&SessionStatus::Initiated));
    }
}
