//! Following a session to its final state: polling its status with a
//! bounded backoff, each answer fed to [`Session::observe_report`].

use alloc::collections::VecDeque;
use core::fmt;
use core::time::Duration;

use super::{Answer, CallError, Exchange, Flow, Next, RetryPolicy, Status, Tokens, TransportError};
use crate::wire::SessionStatusResponse;
use crate::{Observation, ObserveError, Session};

/// How often to poll: from `first`, doubling while nothing changes, up to
/// `max`; the last poll falls `deadline` after the first.
///
/// The status page says to poll about every 30 s until the status is
/// final: that is the ceiling. Starting at 1 s catches the first steps of
/// a payer who is in the flow right now; a change starts again from 1 s.
///
/// # Examples
///
/// ```
/// use eft_session::api::WatchPolicy;
/// use std::time::Duration;
///
/// let policy = WatchPolicy::default();
/// assert_eq!(policy.delay(0, 0), Duration::from_millis(500));
/// assert!(policy.delay(10, u64::MAX) <= Duration::from_secs(30));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WatchPolicy {
    first: Duration,
    max: Duration,
    deadline: Duration,
}

impl Default for WatchPolicy {
    /// 1 s doubling to 30 s, for at most an hour: the session timeout is
    /// set at onboarding and unpublished, and an hour outlasts the
    /// sandbox's 30 minutes.
    fn default() -> Self {
        Self {
            first: Duration::from_secs(1),
            max: Duration::from_secs(30),
            deadline: Duration::from_secs(3600),
        }
    }
}

impl WatchPolicy {
    /// The same policy with waits from `first` doubling up to `max`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::WatchPolicy;
    /// use std::time::Duration;
    ///
    /// let policy = WatchPolicy::default().with_delays(Duration::from_millis(10), Duration::from_millis(20));
    /// assert_eq!(policy.delay(5, 0), Duration::from_millis(10)); // half of the 20 ms cap
    /// ```
    #[must_use]
    pub fn with_delays(mut self, first: Duration, max: Duration) -> Self {
        self.first = first;
        self.max = max.max(first);
        self
    }

    /// The same policy, giving up `deadline` after the first poll.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::WatchPolicy;
    /// use std::time::Duration;
    ///
    /// assert_eq!(WatchPolicy::default().with_deadline(Duration::from_secs(60)).deadline(), Duration::from_secs(60));
    /// ```
    #[must_use]
    pub const fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How long it watches at most.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// assert_eq!(eft_session::api::WatchPolicy::default().deadline(), Duration::from_secs(3600));
    /// ```
    #[must_use]
    pub const fn deadline(&self) -> Duration {
        self.deadline
    }

    /// The wait after `unchanged` polls in a row that saw nothing new: the
    /// ceiling `first × 2^unchanged`, at most `max`, half fixed and half
    /// taken from `random`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::WatchPolicy;
    /// use std::time::Duration;
    ///
    /// let policy = WatchPolicy::default();
    /// assert_eq!(policy.delay(3, 0), Duration::from_secs(4));
    /// assert!(policy.delay(3, u64::MAX) <= Duration::from_secs(8));
    /// ```
    #[must_use]
    pub fn delay(&self, unchanged: u32, random: u64) -> Duration {
        RetryPolicy::default()
            .with_delays(self.first, self.max)
            .backoff(unchanged.saturating_add(1), random)
    }
}

/// One answer the watch took in: the report and what it did to the session.
///
/// # Examples
///
/// See [`Watch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The status body, as read.
    pub report: SessionStatusResponse,
    /// What [`Session::observe_report`] made of it.
    pub observation: Observation,
}

/// Why a watch ended before the session's final state.
///
/// # Examples
///
/// ```
/// use eft_session::api::WatchError;
/// use eft_session::Session;
/// use uuid::Uuid;
///
/// let err = WatchError::Deadline { session: Session::new(Uuid::nil(), None), polls: 3 };
/// assert_eq!(err.to_string(), "session 00000000-0000-0000-0000-000000000000 is still Initiated after 3 polls");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WatchError {
    /// A poll failed, retries included.
    Poll(CallError),
    /// A report the session cannot take in (it goes back, or contradicts
    /// the final state held): kept whole, for the caller to park.
    Contradiction {
        /// The report.
        report: SessionStatusResponse,
        /// Why the session refused it.
        error: ObserveError,
    },
    /// The deadline passed with the session still open.
    Deadline {
        /// The session as last seen.
        session: Session,
        /// Polls made.
        polls: u32,
    },
}

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Poll(error) => write!(f, "a status poll failed: {error}"),
            Self::Contradiction { report, error } => write!(
                f,
                "session {} reported {}: {error}",
                report.session_id(),
                report.state()
            ),
            Self::Deadline { session, polls } => write!(
                f,
                "session {} is still {} after {polls} polls",
                session.id(),
                session.status()
            ),
        }
    }
}

impl core::error::Error for WatchError {}

/// A session followed to its final state: polls of its status (each one an
/// [`Exchange`] with its retries), waits as [`WatchPolicy::delay`] says,
/// each answer fed to [`Session::observe_report`] and kept for the caller
/// ([`next_seen`](Self::next_seen)).
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Credentials, Flow, Next, RetryPolicy, Tokens, Watch, WatchPolicy};
/// use eft_session::{Observation, Session, SessionStatus};
/// use std::time::Duration;
/// use uuid::Uuid;
///
/// let mut tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
/// let mut watch = Watch::new(Session::new(Uuid::nil(), None), WatchPolicy::default(), RetryPolicy::default());
/// let report = |status: &str, code: &str| Answer::new(200, format!(
///     r#"{{"sessionId":"00000000-0000-0000-0000-000000000000","status":"{status}","statusDetails":{code}}}"#).into_bytes());
/// let mut now = Duration::ZERO;
///
/// let Next::Send(_) = watch.poll(&mut tokens, now) else { panic!() };
/// watch.handle(&mut tokens, now, Ok(report("InProgress", "null")), 0);
/// assert!(matches!(watch.next_seen().unwrap().observation, Observation::Advanced(_)));
///
/// let Next::Wait(wait) = watch.poll(&mut tokens, now) else { panic!() };
/// now += wait;
/// let Next::Send(_) = watch.poll(&mut tokens, now) else { panic!() };
/// watch.handle(&mut tokens, now, Ok(report("Completed", r#""EFT0301""#)), 0);
/// let Next::Done(Ok(session)) = watch.poll(&mut tokens, now) else { panic!() };
/// assert_eq!(session.status(), SessionStatus::Completed);
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Watch {
    session: Session,
    policy: WatchPolicy,
    retry: RetryPolicy,
    started: Option<Duration>,
    poll: Option<Exchange<Status>>,
    resume_at: Option<Duration>,
    unchanged: u32,
    polls: u32,
    random: u64,
    seen: VecDeque<Seen>,
    outcome: Option<Result<Session, WatchError>>,
}

impl Watch {
    /// A watch of `session` (as the caller holds it) under `policy`, each
    /// poll retried under `retry`.
    ///
    /// # Examples
    ///
    /// See [`Watch`].
    #[must_use]
    pub fn new(session: Session, policy: WatchPolicy, retry: RetryPolicy) -> Self {
        Self {
            session,
            policy,
            retry,
            started: None,
            poll: None,
            resume_at: None,
            unchanged: 0,
            polls: 0,
            random: 0,
            seen: VecDeque::new(),
            outcome: None,
        }
    }

    /// The session as last seen.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{RetryPolicy, Watch, WatchPolicy};
    /// use eft_session::Session;
    /// use uuid::Uuid;
    ///
    /// let watch = Watch::new(Session::new(Uuid::nil(), None), WatchPolicy::default(), RetryPolicy::default());
    /// assert_eq!(watch.session().id(), Uuid::nil());
    /// ```
    #[must_use]
    pub const fn session(&self) -> &Session {
        &self.session
    }

    /// The oldest answer taken in and not yet handed out.
    ///
    /// # Examples
    ///
    /// See [`Watch`].
    pub fn next_seen(&mut self) -> Option<Seen> {
        self.seen.pop_front()
    }

    /// Takes in one status report.
    fn took(&mut self, report: SessionStatusResponse, now: Duration) {
        self.polls += 1;
        match self.session.observe_report(&report) {
            Ok(observation) => {
                if observation == Observation::Unchanged {
                    self.unchanged = self.unchanged.saturating_add(1);
                } else {
                    self.unchanged = 0;
                }
                self.seen.push_back(Seen {
                    report,
                    observation,
                });
                let end = self
                    .started
                    .unwrap_or(now)
                    .saturating_add(self.policy.deadline);
                if self.session.is_terminal() {
                    self.outcome = Some(Ok(self.session.clone()));
                } else if now >= end {
                    self.outcome = Some(Err(WatchError::Deadline {
                        session: self.session.clone(),
                        polls: self.polls,
                    }));
                } else {
                    // The last poll falls on the deadline, not past it.
                    let wait = self.policy.delay(self.unchanged, self.random);
                    self.resume_at = Some(now.saturating_add(wait).min(end));
                }
            }
            Err(error) => self.outcome = Some(Err(WatchError::Contradiction { report, error })),
        }
    }
}

impl Flow for Watch {
    type Output = Result<Session, WatchError>;

    fn poll(&mut self, tokens: &mut Tokens, now: Duration) -> Next<Self::Output> {
        loop {
            if let Some(outcome) = &self.outcome {
                return Next::Done(outcome.clone());
            }
            if self.session.is_terminal() {
                self.outcome = Some(Ok(self.session.clone()));
                continue;
            }
            self.started.get_or_insert(now);
            if let Some(exchange) = &mut self.poll {
                match exchange.poll(tokens, now) {
                    Next::Done(Ok(report)) => {
                        self.poll = None;
                        self.took(report, now);
                    }
                    Next::Done(Err(error)) => self.outcome = Some(Err(WatchError::Poll(error))),
                    Next::Send(out) => return Next::Send(out),
                    Next::Wait(wait) => return Next::Wait(wait),
                }
                continue;
            }
            if let Some(resume_at) = self.resume_at.filter(|at| *at > now) {
                return Next::Wait(resume_at - now);
            }
            self.resume_at = None;
            self.poll = Some(Exchange::new(Status::new(self.session.id()), self.retry));
        }
    }

    fn handle(
        &mut self,
        tokens: &mut Tokens,
        now: Duration,
        result: Result<Answer, TransportError>,
        random: u64,
    ) {
        self.random = random;
        let Some(exchange) = &mut self.poll else {
            return;
        };
        exchange.handle(tokens, now, result, random);
        // Taken in at once, so that `next_seen` has it before the next poll.
        match exchange.outcome().cloned() {
            Some(Ok(report)) => {
                self.poll = None;
                self.took(report, now);
            }
            Some(Err(error)) => {
                self.poll = None;
                self.outcome = Some(Err(WatchError::Poll(error)));
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Credentials;
    use uuid::Uuid;

    fn in_progress() -> Answer {
        Answer::new(
            200,
            br#"{"sessionId":"00000000-0000-0000-0000-000000000000","status":"InProgress","statusDetails":null}"#
                .to_vec(),
        )
    }

    #[test]
    fn the_last_poll_falls_on_the_deadline_then_it_gives_up() {
        let mut tokens = Tokens::new(Credentials::new("a", "b").unwrap());
        let policy = WatchPolicy::default().with_deadline(Duration::from_secs(10));
        let mut watch = Watch::new(
            Session::new(Uuid::nil(), None),
            policy,
            RetryPolicy::default(),
        );
        let mut now = Duration::ZERO;
        let mut polled_at = alloc::vec::Vec::new();
        let outcome = loop {
            match watch.poll(&mut tokens, now) {
                Next::Send(_) => {
                    polled_at.push(now);
                    watch.handle(&mut tokens, now, Ok(in_progress()), u64::MAX);
                }
                Next::Wait(wait) => now += wait,
                Next::Done(outcome) => break outcome,
            }
        };
        assert_eq!(
            polled_at.last(),
            Some(&Duration::from_secs(10)),
            "{polled_at:?}"
        );
        assert!(polled_at.windows(2).all(|pair| pair[0] < pair[1]));
        let Err(WatchError::Deadline { polls, session }) = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(polls as usize, polled_at.len());
        assert_eq!(session.status(), crate::SessionStatus::InProgress);
    }

    #[test]
    fn a_report_that_goes_back_ends_the_watch_with_it_kept() {
        let mut tokens = Tokens::new(Credentials::new("a", "b").unwrap());
        let mut session = Session::new(Uuid::nil(), None);
        session.apply(crate::Event::Start).unwrap();
        session.apply(crate::Event::TIME_OUT).unwrap();
        // A terminal session is not polled at all.
        let mut done = Watch::new(session, WatchPolicy::default(), RetryPolicy::default());
        assert!(matches!(
            done.poll(&mut tokens, Duration::ZERO),
            Next::Done(Ok(_))
        ));

        let mut started = Session::new(Uuid::nil(), None);
        started.apply(crate::Event::Start).unwrap();
        let mut watch = Watch::new(started, WatchPolicy::default(), RetryPolicy::default());
        let Next::Send(_) = watch.poll(&mut tokens, Duration::ZERO) else {
            panic!()
        };
        let initiated = br#"{"sessionId":"00000000-0000-0000-0000-000000000000","status":"Initiated","statusDetails":"EFT0101"}"#;
        watch.handle(
            &mut tokens,
            Duration::ZERO,
            Ok(Answer::new(200, initiated.to_vec())),
            0,
        );
        let Next::Done(Err(WatchError::Contradiction { report, .. })) =
            watch.poll(&mut tokens, Duration::ZERO)
        else {
            panic!("a contradiction")
        };
        assert_eq!(report.status(), crate::SessionStatus::Initiated);
    }
}
