//! Which call may be repeated after which failure, and how long to wait:
//! decided once, as pure functions a property test drives.
//!
//! | Call | Repeated after | Why |
//! |---|---|---|
//! | authorize | any transient failure | a second token costs nothing |
//! | status, details | any transient failure | reads change nothing |
//! | cancel | any transient failure | a second cancel can do no harm: it meets "already terminal", which [`CancelFlow`](super::CancelFlow) reconciles by reading the status |
//! | confirm | any transient failure | a second decision cannot undo the first: it meets 409 or 400, which [`ConfirmFlow`](super::ConfirmFlow) reconciles by reading the details |
//! | initiate | only a failure that proves the request was not handled (no connection, 429, 503) | the docs give no idempotency key: a repeat may create a second session |
//!
//! A transient failure is a transport failure (no connection, a time-out,
//! a lost answer), a 429 or a 5xx; any other answer is the API's decision
//! and is not repeated. Waits grow exponentially with equal jitter (half
//! fixed, half random, so that clients spread out but never hammer), never
//! less than `Retry-After`; attempts and the total time are bounded.
//!
//! **An initiate whose outcome is unknown** (a time-out, a lost answer, a
//! 500, 502 or 504) stops with [`StopReason::OutcomeUnknown`]: a session may
//! exist that the caller never learned the id of. What a caller does: start
//! again with a new token (the old one may be spent) and a new initiate,
//! and let the unknown session be. Nobody can open its hosted flow without
//! its id, so no payer reaches it and no money moves; it expires at the
//! onboarding timeout (`Expired`, `EFT0601`). Its `referenceId` is the same
//! as the new one's, which a reconciliation keyed on the reference sees as
//! one expired session beside the real one.

use core::time::Duration;

use super::{CallKind, Failure};

/// Whether a call may be sent again when its first outcome is unknown.
///
/// # Examples
///
/// ```
/// use eft_session::api::{CallKind, Idempotence};
///
/// assert_eq!(CallKind::Details.idempotence(), Idempotence::Safe);
/// assert_eq!(CallKind::Initiate.idempotence(), Idempotence::Unsafe);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Idempotence {
    /// Repeating it changes nothing (reads, tokens).
    Safe,
    /// Repeating it can do no harm; a repeat that meets the first one's
    /// effect is reconciled by a read (cancel, confirm).
    Reconciled,
    /// A repeat may do the work twice (initiate): it is repeated only when
    /// the first attempt provably was not handled.
    Unsafe,
}

impl CallKind {
    /// Whether the call may be repeated, as the module's table says.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CallKind, Idempotence};
    ///
    /// assert_eq!(CallKind::ConfirmGuarantee.idempotence(), Idempotence::Reconciled);
    /// ```
    #[must_use]
    pub const fn idempotence(self) -> Idempotence {
        match self {
            Self::Authorize | Self::Status | Self::Details => Idempotence::Safe,
            Self::Cancel | Self::ConfirmGuarantee => Idempotence::Reconciled,
            Self::Initiate => Idempotence::Unsafe,
        }
    }
}

/// Why a call was not tried again.
///
/// # Examples
///
/// ```
/// use eft_session::api::StopReason;
///
/// assert_eq!(StopReason::Attempts.phrase(), "no attempts left");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// The failure is not transient: the API decided.
    Final,
    /// Every allowed attempt was made.
    Attempts,
    /// The next wait would end past the total time allowed.
    Deadline,
    /// The call may have been handled and repeating it is not safe
    /// (initiate).
    OutcomeUnknown,
}

impl StopReason {
    /// The reason in a few lowercase words.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::StopReason::OutcomeUnknown.phrase(), "the outcome is unknown and a repeat is not safe");
    /// ```
    #[must_use]
    pub const fn phrase(self) -> &'static str {
        match self {
            Self::Final => "the failure is final",
            Self::Attempts => "no attempts left",
            Self::Deadline => "out of time",
            Self::OutcomeUnknown => "the outcome is unknown and a repeat is not safe",
        }
    }
}

/// What to do after a failed attempt.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Decision, StopReason};
/// use std::time::Duration;
///
/// let wait = Decision::Retry { after: Duration::from_millis(300) };
/// assert_ne!(wait, Decision::Stop(StopReason::Attempts));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Send it again after waiting this long.
    Retry {
        /// The wait.
        after: Duration,
    },
    /// Do not send it again.
    Stop(StopReason),
}

/// The bounds of the retries: attempts, waits and the total time.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Call, CallKind, Decision, Details, Failure, RetryPolicy, StopReason};
/// use std::time::Duration;
/// use uuid::Uuid;
///
/// let policy = RetryPolicy::default();
/// let busy = Failure::Api(Details::new(Uuid::nil()).read(Answer::new(429, Vec::new()).with_header("Retry-After", "7")).unwrap_err());
/// // Retry-After is honoured...
/// assert_eq!(policy.decide(CallKind::Details, 1, Duration::ZERO, &busy, 0), Decision::Retry { after: Duration::from_secs(7) });
/// // ...within the attempts allowed.
/// assert_eq!(policy.decide(CallKind::Details, 4, Duration::ZERO, &busy, 0), Decision::Stop(StopReason::Attempts));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, waits from 250 ms doubling up to 8 s, 60 s in all: a
    /// transient failure of a few seconds is ridden out, a `Retry-After`
    /// of up to a minute is honoured, and a caller hears of an outage
    /// within a minute.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy with no retries: every call is sent once.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::RetryPolicy;
    ///
    /// assert_eq!(RetryPolicy::none().max_attempts(), 1);
    /// ```
    #[must_use]
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// The same policy with at most `attempts` attempts of each request
    /// (at least one).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::RetryPolicy;
    ///
    /// assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
    /// ```
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The same policy with waits from `base` doubling up to `max`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::RetryPolicy;
    /// use std::time::Duration;
    ///
    /// let policy = RetryPolicy::default().with_delays(Duration::from_millis(10), Duration::from_millis(40));
    /// assert_eq!(policy.backoff(3, 0), Duration::from_millis(20)); // half of min(40, 10 × 2²)
    /// assert_eq!(policy.backoff(9, 0), Duration::from_millis(20)); // capped
    /// ```
    #[must_use]
    pub fn with_delays(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// The same policy with at most `total` from the first attempt to the
    /// start of the last.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::RetryPolicy;
    /// use std::time::Duration;
    ///
    /// assert_eq!(RetryPolicy::default().with_max_elapsed(Duration::from_secs(5)).max_elapsed(), Duration::from_secs(5));
    /// ```
    #[must_use]
    pub const fn with_max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = total;
        self
    }

    /// Attempts allowed per request.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::RetryPolicy::default().max_attempts(), 4);
    /// ```
    #[must_use]
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Time allowed from the first attempt to the start of the last.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// assert_eq!(eft_session::api::RetryPolicy::default().max_elapsed(), Duration::from_secs(60));
    /// ```
    #[must_use]
    pub const fn max_elapsed(&self) -> Duration {
        self.max_elapsed
    }

    /// The wait after failed attempt `attempt` (1 for the first): the
    /// ceiling `base × 2^(attempt − 1)`, at most the maximum, of which half
    /// is fixed and half is taken from `random`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::RetryPolicy;
    /// use std::time::Duration;
    ///
    /// let policy = RetryPolicy::default();
    /// assert_eq!(policy.backoff(1, 0), Duration::from_millis(125));
    /// assert!(policy.backoff(2, u64::MAX) <= Duration::from_millis(500));
    /// assert_eq!(policy.backoff(60, 0), Duration::from_secs(4));
    /// ```
    #[must_use]
    pub fn backoff(&self, attempt: u32, random: u64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << doublings)
            .min(self.max_delay);
        let half = ceiling / 2;
        let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = match spread.checked_add(1) {
            Some(modulus) => random % modulus,
            None => random,
        };
        half + Duration::from_nanos(jitter)
    }

    /// What to do after attempt `attempt` (1 for the first) of `call`
    /// failed with `failure`, `elapsed` after the first attempt started;
    /// `random` is any random number, for the jitter.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CallKind, Decision, Failure, RetryPolicy, StopReason, TransportError, TransportErrorKind};
    /// use std::time::Duration;
    ///
    /// let policy = RetryPolicy::default();
    /// let lost = Failure::Transport(TransportError::new(TransportErrorKind::Interrupted, "reset"));
    /// assert!(matches!(policy.decide(CallKind::Cancel, 1, Duration::ZERO, &lost, 7), Decision::Retry { .. }));
    /// assert_eq!(
    ///     policy.decide(CallKind::Initiate, 1, Duration::ZERO, &lost, 7),
    ///     Decision::Stop(StopReason::OutcomeUnknown)
    /// );
    /// ```
    #[must_use]
    pub fn decide(
        &self,
        call: CallKind,
        attempt: u32,
        elapsed: Duration,
        failure: &Failure,
        random: u64,
    ) -> Decision {
        if !failure.is_transient() {
            return Decision::Stop(StopReason::Final);
        }
        if call.idempotence() == Idempotence::Unsafe && failure.may_have_been_processed() {
            return Decision::Stop(StopReason::OutcomeUnknown);
        }
        if attempt >= self.max_attempts {
            return Decision::Stop(StopReason::Attempts);
        }
        let after = self
            .backoff(attempt, random)
            .max(failure.retry_after().unwrap_or_default());
        if elapsed.saturating_add(after) > self.max_elapsed {
            return Decision::Stop(StopReason::Deadline);
        }
        Decision::Retry { after }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Answer, Call, Details, TransportError, TransportErrorKind};
    use uuid::Uuid;

    fn answered(status: u16) -> Failure {
        Failure::Api(
            Details::new(Uuid::nil())
                .read(Answer::new(status, alloc::vec::Vec::new()))
                .unwrap_err(),
        )
    }

    #[test]
    fn initiate_is_repeated_only_when_nothing_was_handled() {
        let policy = RetryPolicy::default();
        let decide =
            |failure: &Failure| policy.decide(CallKind::Initiate, 1, Duration::ZERO, failure, 0);
        let refused = Failure::Transport(TransportError::new(TransportErrorKind::Connect, ""));
        assert!(matches!(decide(&refused), Decision::Retry { .. }));
        assert!(matches!(decide(&answered(429)), Decision::Retry { .. }));
        assert!(matches!(decide(&answered(503)), Decision::Retry { .. }));
        for status in [500, 502, 504] {
            assert_eq!(
                decide(&answered(status)),
                Decision::Stop(StopReason::OutcomeUnknown)
            );
        }
        assert_eq!(decide(&answered(400)), Decision::Stop(StopReason::Final));
    }

    #[test]
    fn a_wait_past_the_deadline_stops() {
        let policy = RetryPolicy::default().with_max_elapsed(Duration::from_secs(5));
        let busy = Failure::Api(
            Details::new(Uuid::nil())
                .read(Answer::new(503, alloc::vec::Vec::new()).with_header("retry-after", "6"))
                .unwrap_err(),
        );
        assert_eq!(
            policy.decide(CallKind::Status, 1, Duration::ZERO, &busy, 0),
            Decision::Stop(StopReason::Deadline)
        );
    }

    #[test]
    fn backoff_stays_within_half_and_whole_of_its_ceiling() {
        let policy = RetryPolicy::default();
        for attempt in 1..10 {
            let ceiling = Duration::from_millis(250)
                .saturating_mul(1 << (attempt - 1))
                .min(Duration::from_secs(8));
            for random in [0, 1, 12_345, u64::MAX / 3, u64::MAX] {
                let wait = policy.backoff(attempt, random);
                assert!(wait >= ceiling / 2 && wait <= ceiling, "{attempt} {random}");
            }
        }
    }
}
