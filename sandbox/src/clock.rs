//! The sandbox's clock, like Stripe's test clocks: it runs in real time from
//! the wall time at start, and `POST /sandbox/clock/advance?seconds=N` moves
//! it forward (never back). Session timeouts, token lifetimes, creation
//! times, webhook `when` fields and the delivery log all read it, so a test
//! can see a session expire without waiting for it.
//!
//! The advance is kept in memory: a restart starts again from the wall time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use eft_session::Timestamp;

/// The most one advance moves the clock: ten years, far past any timeout or
/// retention, and short of dates nobody can print.
pub const MAX_ADVANCE_SECONDS: u64 = 10 * 365 * 86_400;

/// Real time since start, plus what was advanced.
#[derive(Debug)]
pub struct Clock {
    /// Monotonic, so a wall-clock jump on the machine does not move it.
    started: Instant,
    /// The wall time at `started`, since the Unix epoch.
    origin: Duration,
    advanced_seconds: AtomicU64,
}

impl Clock {
    /// A clock reading the wall time now.
    pub fn new() -> Self {
        Self {
            started: Instant::now(),
            origin: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default(),
            advanced_seconds: AtomicU64::new(0),
        }
    }

    /// The sandbox's time now.
    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix(self.origin + self.started.elapsed() + self.advanced())
    }

    /// How far the clock has been moved forward in all.
    pub fn advanced(&self) -> Duration {
        Duration::from_secs(self.advanced_seconds.load(Ordering::Relaxed))
    }

    /// Moves the clock forward by `seconds`; `None` past ten years in all.
    pub fn advance(&self, seconds: u64) -> Option<Timestamp> {
        self.advanced_seconds
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |total| {
                total
                    .checked_add(seconds)
                    .filter(|&sum| sum <= MAX_ADVANCE_SECONDS)
            })
            .ok()?;
        Some(self.now())
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_within_its_limit() {
        let clock = Clock::new();
        let before = clock.now();
        let after = clock.advance(3600).unwrap();
        assert!(after.since_unix_epoch() >= before.since_unix_epoch() + Duration::from_secs(3600));
        assert_eq!(clock.advanced(), Duration::from_secs(3600));
        assert!(clock.advance(MAX_ADVANCE_SECONDS).is_none());
        assert_eq!(clock.advanced(), Duration::from_secs(3600));
    }
}
