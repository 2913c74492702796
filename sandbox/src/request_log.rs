//! The request log: the last `--request-log-size` requests to the API's
//! routes, with the sandbox's time, the answer's status, the number of the
//! token they carried and the fault that acted on them. A client's retry
//! and token code is tested by reading it (`GET /sandbox/requests`): when
//! each attempt came, with which token, and what it got.
//!
//! It is a ring: once full, the oldest entry goes for each new one, so its
//! memory is bounded whatever the traffic.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use eft_session::Timestamp;
use eft_session::uuid::Uuid;
use serde::Serialize;

/// The number of the token a response issued (authorize), set by the
/// handler for the log.
#[derive(Clone, Copy, Debug)]
pub struct Issued(pub u64);

/// The fault that acted on a request, set by the faults layer for the log.
#[derive(Clone, Copy, Debug)]
pub struct Faulted {
    pub id: u64,
    /// The handler ran and its answer was lost or replaced.
    pub lost: bool,
}

/// One request as the log keeps it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Increasing from 1 over the sandbox's life.
    pub id: u64,
    /// When it arrived, on the sandbox's clock.
    pub at: Timestamp,
    pub method: String,
    pub path: String,
    /// The status the handler or a fault gave (a lost answer keeps the
    /// handler's, which the client never saw).
    pub status: u16,
    /// The number of the bearer token it carried (tokens are numbered from
    /// 1 as issued), `null` without one the sandbox knows.
    pub token: Option<u64>,
    /// The number of the token it issued (authorize).
    pub issued: Option<u64>,
    /// The fault that acted on it.
    pub fault: Option<u64>,
    /// Whether the handler ran and the answer never reached the client.
    pub lost: bool,
}

/// The last requests, at most `capacity` of them.
pub struct RequestLog {
    capacity: usize,
    state: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    entries: VecDeque<Entry>,
}

impl RequestLog {
    /// A log keeping the last `capacity` requests (none when 0).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            state: Mutex::new(Inner::default()),
        }
    }

    fn state(&self) -> MutexGuard<'_, Inner> {
        // Each change is one push and at most one pop.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps `entry` (its `id` is given here), dropping the oldest past the
    /// capacity.
    pub fn push(&self, mut entry: Entry) {
        if self.capacity == 0 {
            return;
        }
        let mut state = self.state();
        state.next_id += 1;
        entry.id = state.next_id;
        if state.entries.len() == self.capacity {
            state.entries.pop_front();
        }
        state.entries.push_back(entry);
    }

    /// How many entries are kept.
    pub fn count(&self) -> usize {
        self.state().entries.len()
    }

    /// The entries, oldest first, of one session's requests or all.
    pub fn matching(&self, session: Option<Uuid>) -> Vec<Entry> {
        let wanted = session.map(|id| id.to_string());
        self.state()
            .entries
            .iter()
            .filter(|entry| {
                wanted
                    .as_deref()
                    .is_none_or(|id| entry.path.split('/').any(|segment| segment == id))
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            id: 0,
            at: Timestamp::from_unix(std::time::Duration::ZERO),
            method: "GET".into(),
            path: path.into(),
            status: 200,
            token: None,
            issued: None,
            fault: None,
            lost: false,
        }
    }

    #[test]
    fn the_log_keeps_the_last_entries_only() {
        let log = RequestLog::new(2);
        for n in 0..5 {
            log.push(entry(&format!("/api/v2/sessions/{n}/status")));
        }
        let kept = log.matching(None);
        assert_eq!(kept.iter().map(|e| e.id).collect::<Vec<_>>(), [4, 5]);
        let off = RequestLog::new(0);
        off.push(entry("/api/v1/authorize"));
        assert_eq!(off.count(), 0);
    }

    #[test]
    fn a_session_filter_matches_whole_segments() {
        let log = RequestLog::new(8);
        let id = Uuid::from_u128(7);
        log.push(entry(&format!("/api/v2/sessions/{id}/cancel")));
        log.push(entry("/api/v2/sessions"));
        assert_eq!(log.matching(Some(id)).len(), 1);
    }
}
