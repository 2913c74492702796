//! The sandbox's clock, like Stripe's test clocks: it runs in real time from
//! the wall time at start, and `POST /sandbox/clock/advance?seconds=N` moves
//! it forward (never back). Session timeouts, token lifetimes, creation
//! times, webhook `when` fields and the delivery log all read it, so a test
//! can see a session expire without waiting for it.
//!
//! The advance is kept in memory: a restart starts again from the wall time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use eft_session::Timestamp;
use serde::Serialize;

use crate::problem::Problem;
use crate::sandbox::Sandbox;

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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClockBody {
    now: Timestamp,
    advanced_seconds: u64,
}

fn body(clock: &Clock) -> Response {
    Json(ClockBody {
        now: clock.now(),
        advanced_seconds: clock.advanced().as_secs(),
    })
    .into_response()
}

/// `GET /sandbox/clock`: the time now and the advance so far.
pub async fn get(State(sandbox): State<Arc<Sandbox>>) -> Response {
    body(sandbox.clock())
}

/// `POST /sandbox/clock/advance?seconds=N`: moves the clock, then sweeps at
/// once (expiries, tokens, retention), so what the move made due is done
/// before the answer.
pub async fn advance(State(sandbox): State<Arc<Sandbox>>, uri: Uri) -> Result<Response, Problem> {
    let seconds = seconds(uri.query().unwrap_or_default())?;
    if sandbox.clock().advance(seconds).is_none() {
        let total = sandbox.clock().advanced().as_secs();
        return Err(Problem::new(
            400,
            "Invalid Query",
            format!(
                "advancing {seconds} s more than the {total} s so far passes the limit of {MAX_ADVANCE_SECONDS} s"
            ),
        )
        .with_error("seconds", format!("{seconds} is too far")));
    }
    sandbox.sweep().await;
    Ok(body(sandbox.clock()))
}

/// The `seconds` of the query: a whole number from 0 to ten years.
fn seconds(query: &str) -> Result<u64, Problem> {
    let invalid = |detail: String, message: String| {
        Problem::new(400, "Invalid Query", detail).with_error("seconds", message)
    };
    let Some((_, text)) =
        form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == "seconds")
    else {
        return Err(invalid(
            "the query has no seconds: send ?seconds=N, a whole number of seconds".to_owned(),
            "is required".to_owned(),
        ));
    };
    match text.parse::<u64>() {
        Ok(seconds) if seconds <= MAX_ADVANCE_SECONDS => Ok(seconds),
        Ok(seconds) => Err(invalid(
            format!("seconds {seconds} is more than {MAX_ADVANCE_SECONDS} (ten years)"),
            format!("{seconds} is more than {MAX_ADVANCE_SECONDS}"),
        )),
        Err(_) => Err(invalid(
            format!(
                "seconds {text:?} is not a whole number of seconds from 0 to {MAX_ADVANCE_SECONDS}"
            ),
            format!("{text:?} is not a whole number"),
        )),
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

    #[test]
    fn seconds_are_read_whole() {
        assert_eq!(seconds("seconds=90").unwrap(), 90);
        assert_eq!(seconds("x=1&seconds=0").unwrap(), 0);
        for bad in [
            "",
            "seconds=",
            "seconds=-5",
            "seconds=1.5",
            "seconds=abc",
            "seconds=999999999999",
        ] {
            assert_eq!(seconds(bad).unwrap_err().status(), 400, "{bad}");
        }
    }
}
