//! Fresh ids for sessions and tokens.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use eft_session::uuid::{self, Uuid};

/// A fresh id (sessions and tokens): unique within the process and not
/// guessable across runs, without a random-number dependency.
pub fn fresh_id() -> Uuid {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let count = u128::from(COUNTER.fetch_add(1, Ordering::Relaxed));
    let digest =
        eft_session::webhook::Signature::compute(&nanos.to_le_bytes(), &count.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest.as_bytes()[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}
