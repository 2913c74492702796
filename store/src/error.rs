//! Why a store operation failed, and what an HTTP server answers for it.

use eft_session::{ObserveError, TransitionError};
use uuid::Uuid;

/// Why the store refused or failed an operation.
///
/// The lifecycle's own refusals ([`TransitionError`], [`ObserveError`]) come
/// through unchanged, so a server answers a cancel of a terminal session
/// with the crate's 400 whether the store decided alone or lost a race.
///
/// # Examples
///
/// ```
/// use eft_session_store::StoreError;
/// use uuid::Uuid;
///
/// let err = StoreError::NotFound(Uuid::nil());
/// assert_eq!(err.http_status(), 404);
/// assert_eq!(err.to_string(), "no session 00000000-0000-0000-0000-000000000000");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No session has this id (HTTP 404).
    #[error("no session {0}")]
    NotFound(Uuid),
    /// A session with this id already exists (HTTP 409).
    #[error("session {0} already exists")]
    AlreadyExists(Uuid),
    /// A session still open cannot be forgotten (HTTP 409).
    #[error("session {0} is not finished: only a finished session is forgotten")]
    NotFinished(Uuid),
    /// The lifecycle refused the event, the cancel or the guarantee confirm.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The lifecycle refused the reported state.
    #[error(transparent)]
    Observe(#[from] ObserveError),
    /// A stored row does not read back as a session, step or parked body:
    /// the database was changed behind the store's back.
    #[error("stored {table} row of {key} is unreadable: {reason}")]
    Corrupt {
        /// The table the row is in.
        table: &'static str,
        /// The row's key: a session id, or a parked body's number.
        key: String,
        /// What could not be read.
        reason: String,
    },
    /// Other writers kept moving the session first, `attempts` times in a
    /// row; the change was not made.
    #[error("session {id} changed under {attempts} attempts in a row; nothing was written")]
    Contended {
        /// The session.
        id: Uuid,
        /// How many times the store read, decided and lost.
        attempts: u32,
    },
    /// The database failed: a lost connection, a full disk, a refused query.
    #[error("storage failed: {0}")]
    Storage(#[from] sqlx::Error),
}

impl StoreError {
    /// The HTTP status a server answers with.
    ///
    /// - `NotFound`: 404.
    /// - `AlreadyExists`, `NotFinished`: 409.
    /// - `Transition`: the crate's own status (400 for a terminal session
    ///   and for a guarantee event sent to an EFT V2 session, 409 for an
    ///   event the status does not take and for a confirm with no guarantee
    ///   offer pending).
    /// - `Observe`: the crate's own status (400 for a report that
    ///   contradicts itself, 409 for one that conflicts with the row).
    /// - `Corrupt`: 500.
    /// - `Contended`, `Storage`: 503, worth retrying later.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, SessionStatus};
    /// use eft_session_store::StoreError;
    ///
    /// let terminal = SessionStatus::Cancelled.transition(Event::CANCEL_BY_API).unwrap_err();
    /// assert_eq!(StoreError::from(terminal).http_status(), 400);
    /// assert_eq!(StoreError::Storage(sqlx::Error::PoolTimedOut).http_status(), 503);
    /// ```
    #[must_use]
    pub fn http_status(&self) -> u16 {
        match self {
            Self::NotFound(_) => 404,
            Self::AlreadyExists(_) | Self::NotFinished(_) => 409,
            Self::Transition(error) => error.http_status(),
            Self::Observe(error) => error.http_status(),
            Self::Corrupt { .. } => 500,
            Self::Contended { .. } | Self::Storage(_) => 503,
        }
    }

    /// A [`StoreError::Corrupt`] for a row of `table` with key `key`.
    pub(crate) fn corrupt(table: &'static str, key: impl ToString, reason: impl ToString) -> Self {
        Self::Corrupt {
            table,
            key: key.to_string(),
            reason: reason.to_string(),
        }
    }

    /// Whether the error means another writer got there first, so the
    /// operation should read again and decide again: a broken unique
    /// `(session_id, seq)`, a serialization failure or deadlock
    /// (PostgreSQL), a busy or locked database (SQLite).
    pub(crate) fn is_lost_race(error: &sqlx::Error) -> bool {
        let sqlx::Error::Database(error) = error else {
            return false;
        };
        if error.is_unique_violation() {
            return true;
        }
        if error
            .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
            .is_some()
        {
            // serialization_failure, deadlock_detected.
            return matches!(error.code().as_deref(), Some("40001" | "40P01"));
        }
        if error
            .try_downcast_ref::<sqlx::sqlite::SqliteError>()
            .is_some()
        {
            // Extended result codes: the low byte is the primary code,
            // SQLITE_BUSY (5) or SQLITE_LOCKED (6) with their variants.
            return error
                .code()
                .and_then(|code| code.parse::<i32>().ok())
                .is_some_and(|code| matches!(code & 0xff, 5 | 6));
        }
        false
    }
}
