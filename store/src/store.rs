//! The store: sessions in a database, changed only by the crate's decisions.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use eft_session::wire::{CancelSessionResponse, ConfirmGuaranteeResponse, SessionStatusResponse};
use eft_session::{
    Event, GuaranteeStage, Observation, Product, ReferenceId, Session, SessionState, SessionStatus,
    StatusDetail, Transition,
};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Row};
use uuid::Uuid;

use crate::StoreError;
use crate::parked::ParkedBody;

/// How many times a change reads, decides and writes before giving up with
/// [`StoreError::Contended`]. An EFT V2 session changes at most twice in its
/// life (start, then a final state), a GEFT one four times (start, offer,
/// accept, then a final state), so lost compare-and-sets alone end within
/// five rounds; the rest is headroom for a busy SQLite file.
const MAX_ATTEMPTS: u32 = 16;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The two engines. Every query is the same text on both (`$n` placeholders,
/// which SQLite reads as numbered parameters); only the schema's DDL and the
/// statement that opens a transaction differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// Opens a change's transaction. SQLite takes the write lock up front, so
    /// a transaction that read a row never has to upgrade to write (which
    /// fails at once with `SQLITE_BUSY_SNAPSHOT` when another connection
    /// wrote in between). PostgreSQL pins READ COMMITTED: the conditional
    /// update, not a lock taken by the read, is what keeps changes apart.
    const fn begin(self) -> &'static str {
        match self {
            Self::Sqlite => "BEGIN IMMEDIATE",
            Self::Postgres => "BEGIN ISOLATION LEVEL READ COMMITTED",
        }
    }

    /// The sessions not yet final and created at least `$1` seconds (a
    /// float) before the database's clock, oldest first: the one query whose
    /// time arithmetic differs per engine (`created_at` is ISO 8601 text on
    /// SQLite, `TIMESTAMPTZ` on PostgreSQL).
    const fn open_before(self) -> &'static str {
        match self {
            Self::Sqlite => {
                "SELECT id FROM sessions WHERE status IN ('Initiated', 'InProgress') \
                 AND created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || $1 || ' seconds') \
                 ORDER BY created_at, id"
            }
            Self::Postgres => {
                "SELECT id FROM sessions WHERE status IN ('Initiated', 'InProgress') \
                 AND created_at <= now() - make_interval(secs => $1) \
                 ORDER BY created_at, id"
            }
        }
    }

    /// The parked bodies received at least `$1` seconds ago, deleted.
    const fn parked_before(self) -> &'static str {
        match self {
            Self::Sqlite => {
                "DELETE FROM parked_bodies WHERE received_at <= \
                 strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || $1 || ' seconds')"
            }
            Self::Postgres => {
                "DELETE FROM parked_bodies WHERE received_at <= now() - make_interval(secs => $1)"
            }
        }
    }

    const fn migrations(self) -> &'static Migrator {
        match self {
            Self::Sqlite => &SQLITE_MIGRATIONS,
            Self::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// EFT sessions kept in SQLite or PostgreSQL.
///
/// Every change is one transaction: read the session's row, let
/// [`Session`] decide (apply, cancel, confirm a guarantee, observe), then
/// write the new state with `UPDATE sessions … WHERE id = $1 AND status =
/// <from> AND status_details IS NOT DISTINCT FROM <from detail> AND
/// guarantee = <from stage>` and append the step(s) to `transitions`.
/// When the update touches no row, another writer moved the session first:
/// the store reads again and decides again, so a late request gets the
/// crate's answer for the new state (a cancel of a now-terminal session is
/// [`TransitionError::AlreadyTerminal`](eft_session::TransitionError::AlreadyTerminal)),
/// never a lost update.
///
/// Cloning is cheap and shares the connection pool.
///
/// # Examples
///
/// ```
/// use eft_session::{Event, Product, SessionStatus};
/// use eft_session_store::SessionStore;
/// use uuid::Uuid;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), eft_session_store::StoreError> {
/// let store = SessionStore::connect("sqlite::memory:").await?;
/// store.migrate().await?;
///
/// let id = Uuid::from_u128(1);
/// store.create(id, Product::EftV2, Some("USER12345".parse().unwrap())).await?;
/// store.apply(id, Event::Start).await?;
/// let (step, body) = store.cancel(id).await?;
/// assert_eq!(step.to(), SessionStatus::Cancelled);
/// assert_eq!(body.session_id(), id);
///
/// // The second cancel gets the crate's answer: 400, already terminal.
/// assert_eq!(store.cancel(id).await.unwrap_err().http_status(), 400);
/// assert_eq!(store.log(id).await?.len(), 2);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct SessionStore {
    pool: AnyPool,
    engine: Engine,
    lost_races: Arc<AtomicU64>,
}

impl SessionStore {
    /// Connects to `url` with a pool of up to 8 connections: `sqlite::memory:`,
    /// `sqlite://sessions.db?mode=rwc`, `postgres://user@host/db`.
    ///
    /// An in-memory SQLite database lives in one connection (each new
    /// connection would open an empty database of its own), so its pool
    /// keeps exactly one, for as long as the store lives.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the URL names no supported engine or the
    /// database cannot be reached.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// assert!(SessionStore::connect("sqlite::memory:").await.is_ok());
    ///
    /// let err = SessionStore::connect("mysql://localhost/sessions").await.unwrap_err();
    /// assert_eq!(err.http_status(), 503);
    /// # }
    /// ```
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with(url, 8).await
    }

    /// [`connect`](Self::connect) with a pool of up to `max_connections`
    /// (at least one; an in-memory SQLite database always gets one).
    ///
    /// # Errors
    ///
    /// As [`connect`](Self::connect).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let dir = tempfile::tempdir().unwrap();
    /// let url = format!("sqlite://{}?mode=rwc", dir.path().join("sessions.db").display());
    /// let store = SessionStore::connect_with(&url, 2).await?;
    /// store.migrate().await?;
    /// assert!(store.parked().await?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect_with(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let in_memory =
            url.starts_with("sqlite:") && (url.contains(":memory:") || url.contains("mode=memory"));
        let options = if in_memory {
            // The database dies with its connection: never let it go.
            AnyPoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            AnyPoolOptions::new().max_connections(max_connections.max(1))
        };
        let pool = options.connect(url).await?;
        let engine = {
            let connection = pool.acquire().await?;
            engine_of(&connection)?
        };
        Ok(Self {
            pool,
            engine,
            lost_races: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Brings the schema up to date: `sessions`, `transitions` and
    /// `parked_bodies`, from the migrations embedded for the engine. On a
    /// SQLite file it also switches the journal to WAL (kept in the file), so
    /// that readers do not wait for the writer.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when a migration fails or the recorded ones do
    /// not match the embedded ones.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// store.migrate().await?; // nothing left to do
    /// # Ok(())
    /// # }
    /// ```
    pub async fn migrate(&self) -> Result<(), StoreError> {
        if self.engine == Engine::Sqlite {
            // An in-memory database answers "memory" and stays so.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&self.pool)
                .await?;
        }
        self.engine
            .migrations()
            .run(&self.pool)
            .await
            .map_err(sqlx::Error::from)?;
        Ok(())
    }

    /// The pool, for queries of the caller's own (reports, the benchmark's
    /// baseline). Writing `sessions` or `transitions` through it bypasses
    /// the lifecycle.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    /// use sqlx::Row;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let row = sqlx::query("SELECT COUNT(*) AS n FROM sessions").fetch_one(store.pool()).await?;
    /// assert_eq!(row.try_get::<i64, _>("n")?, 0);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// How many times a change lost its compare-and-set (or its log row's
    /// unique `seq`, or found the database busy) and read again: a measure of
    /// contention, shared by clones of this store.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// assert_eq!(store.lost_races(), 0);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn lost_races(&self) -> u64 {
        self.lost_races.load(Ordering::Relaxed)
    }

    /// Closes every connection; the store answers nothing after this.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.close().await;
    /// assert_eq!(store.parked().await.unwrap_err().http_status(), 503);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Creates a session of `product`, `Initiated` with `EFT0101` and no
    /// guarantee offered, and returns it. Only a GEFT session takes the
    /// guarantee events and [`confirm_guarantee`](Self::confirm_guarantee).
    ///
    /// # Errors
    ///
    /// [`StoreError::AlreadyExists`] when a session has this id,
    /// [`StoreError::Storage`] when the database fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, SessionState};
    /// use eft_session_store::{SessionStore, StoreError};
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let id = Uuid::from_u128(7);
    /// let session = store.create(id, Product::Geft, None).await?;
    /// assert_eq!(session.state(), SessionState::INITIATED);
    /// assert_eq!(session.product(), Product::Geft);
    /// assert_eq!(store.product(id).await?, Some(Product::Geft));
    ///
    /// let again = store.create(id, Product::Geft, None).await.unwrap_err();
    /// assert!(matches!(again, StoreError::AlreadyExists(found) if found == id));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn create(
        &self,
        id: Uuid,
        product: Product,
        reference_id: Option<ReferenceId>,
    ) -> Result<Session, StoreError> {
        let session = Session::new(id, reference_id).in_product(product);
        let state = session.state();
        let inserted = sqlx::query(
            "INSERT INTO sessions (id, product, reference_id, status, status_details, guarantee) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.to_string())
        .bind(product.as_str())
        .bind(session.reference_id().map(ReferenceId::as_str))
        .bind(state.status().as_str())
        .bind(state.detail().map(StatusDetail::as_str))
        .bind(state.guarantee().as_str())
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(_) => Ok(session),
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                Err(StoreError::AlreadyExists(id))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Applies `event` to session `id`: the step taken, recorded.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, [`StoreError::Transition`]
    /// when the lifecycle refuses the event in the session's current state
    /// (read again if another writer moved it first), with
    /// [`GuaranteeNotEnabled`](eft_session::TransitionError::GuaranteeNotEnabled)
    /// (HTTP 400) for a guarantee event sent to an EFT V2 session.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Product, SessionStatus, StatusDetail};
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let id = Uuid::from_u128(1);
    /// store.create(id, Product::EftV2, None).await?;
    ///
    /// // Completing before the payer started is refused (409), and recorded nowhere.
    /// let err = store.apply(id, Event::Complete(StatusDetail::EFT0301)).await.unwrap_err();
    /// assert_eq!(err.http_status(), 409);
    ///
    /// store.apply(id, Event::Start).await?;
    /// let step = store.apply(id, Event::Complete(StatusDetail::EFT0301)).await?;
    /// assert_eq!(step.to(), SessionStatus::Completed);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn apply(&self, id: Uuid, event: Event) -> Result<Transition, StoreError> {
        self.change(id, |session| Ok(session.apply(event)?), |step| vec![*step])
            .await
    }

    /// Cancels session `id` by API request: the step taken, recorded, and the
    /// body the cancel endpoint answers with.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id;
    /// [`StoreError::Transition`] with
    /// [`AlreadyTerminal`](eft_session::TransitionError::AlreadyTerminal)
    /// (HTTP 400) when the session is terminal, including when another
    /// request made it so a moment ago.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, StatusDetail};
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let id = Uuid::from_u128(1);
    /// store.create(id, Product::EftV2, None).await?;
    /// let (_, body) = store.cancel(id).await?;
    /// assert_eq!(body.detail(), StatusDetail::EFT0501);
    /// assert_eq!(store.cancel(Uuid::from_u128(2)).await.unwrap_err().http_status(), 404);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn cancel(
        &self,
        id: Uuid,
    ) -> Result<(Transition, CancelSessionResponse), StoreError> {
        self.change(id, |session| Ok(session.cancel()?), |(step, _)| vec![*step])
            .await
    }

    /// The client's decision on session `id`'s pending guarantee offer (`POST
    /// …/guarantees/confirm`): accepting keeps the session `InProgress` at
    /// [`GuaranteeStage::Accepted`] and lets it complete; rejecting fails it
    /// with [`GUARANTEE_FAILURE`](eft_session::GUARANTEE_FAILURE) at
    /// [`GuaranteeStage::Rejected`]. Returns the step taken, recorded, and
    /// the body the endpoint answers with.
    ///
    /// Two confirms of the same offer cannot both win: the compare-and-set
    /// includes the guarantee stage, so the late one reads the decided
    /// session again and gets the crate's answer for it.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id; [`StoreError::Transition`]
    /// with
    /// [`NoGuaranteeOffer`](eft_session::TransitionError::NoGuaranteeOffer)
    /// (HTTP 409) when no offer is pending (none was made, or it was
    /// accepted), [`AlreadyTerminal`](eft_session::TransitionError::AlreadyTerminal)
    /// (HTTP 400) when the session has ended (a rejection included), and
    /// [`GuaranteeNotEnabled`](eft_session::TransitionError::GuaranteeNotEnabled)
    /// (HTTP 400) for an EFT V2 session.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, GuaranteeStage, Product, Session, SessionStatus, TransitionError};
    /// use eft_session_store::{SessionStore, StoreError};
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let id = Uuid::from_u128(1);
    /// store.create(id, Product::Geft, Some("Happy1".parse()?)).await?;
    /// store.apply(id, Event::Start).await?;
    /// store.apply(id, Event::OfferGuarantee).await?;
    ///
    /// let (step, body) = store.confirm_guarantee(id, true).await?;
    /// assert_eq!(step.guarantee(), GuaranteeStage::Accepted);
    /// assert_eq!(body.session_id(), id);
    /// assert_eq!(store.session(id).await?.unwrap().guarantee(), GuaranteeStage::Accepted);
    ///
    /// // A second decision finds no offer pending: the crate's 409.
    /// let again = store.confirm_guarantee(id, false).await.unwrap_err();
    /// assert!(matches!(again, StoreError::Transition(TransitionError::NoGuaranteeOffer { .. })));
    /// assert_eq!(again.http_status(), 409);
    ///
    /// // The log replays the decision; the product is the row's.
    /// let replayed = Session::replay(id, Some("Happy1".parse()?), store.log(id).await?)?;
    /// assert_eq!(Some(replayed), store.session(id).await?);
    ///
    /// // An EFT V2 session has no guarantee to confirm: 400.
    /// let eft = Uuid::from_u128(2);
    /// store.create(eft, Product::EftV2, None).await?;
    /// store.apply(eft, Event::Start).await?;
    /// let refused = store.confirm_guarantee(eft, true).await.unwrap_err();
    /// assert!(matches!(refused, StoreError::Transition(TransitionError::GuaranteeNotEnabled { .. })));
    /// assert_eq!(refused.http_status(), 400);
    /// assert_eq!(store.session(eft).await?.unwrap().status(), SessionStatus::InProgress);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn confirm_guarantee(
        &self,
        id: Uuid,
        accepted: bool,
    ) -> Result<(Transition, ConfirmGuaranteeResponse), StoreError> {
        self.change(
            id,
            |session| Ok(session.confirm_guarantee(accepted)?),
            |(step, _)| vec![*step],
        )
        .await
    }

    /// Takes in a state reported for session `id` by a status poll or a
    /// webhook. A duplicate report ([`Observation::Unchanged`]) writes
    /// nothing; a move that skipped `InProgress` records both steps.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] for an unknown id, [`StoreError::Observe`]
    /// when the report contradicts itself or the stored state.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Observation, Product, SessionStatus, StatusDetail};
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let id = Uuid::from_u128(1);
    /// store.create(id, Product::EftV2, None).await?;
    ///
    /// let done = (SessionStatus::Completed, Some(StatusDetail::EFT0301));
    /// let seen = store.observe(id, done.0, done.1).await?;
    /// assert_eq!(seen.transitions().count(), 2);
    /// assert_eq!(store.observe(id, done.0, done.1).await?, Observation::Unchanged);
    /// assert_eq!(store.log(id).await?.len(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn observe(
        &self,
        id: Uuid,
        status: SessionStatus,
        detail: Option<StatusDetail>,
    ) -> Result<Observation, StoreError> {
        self.change(
            id,
            |session| Ok(session.observe(status, detail)?),
            |seen| seen.transitions().collect(),
        )
        .await
    }

    /// [`observe`](Self::observe) for a status-poll or webhook body; the
    /// session is the one the body names.
    ///
    /// # Errors
    ///
    /// As [`observe`](Self::observe): [`StoreError::NotFound`] when no
    /// session has the body's id (a receiver may
    /// [`park`](Self::park) the body then).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionStatusResponse;
    /// use eft_session::{Product, SessionStatus};
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let body = SessionStatusResponse::from_json(
    ///     r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"InProgress","statusDetails":null}"#,
    /// )?;
    /// store.create(body.session_id(), Product::EftV2, None).await?;
    /// store.observe_report(&body).await?;
    /// let session = store.session(body.session_id()).await?.unwrap();
    /// assert_eq!(session.status(), SessionStatus::InProgress);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn observe_report(
        &self,
        report: &SessionStatusResponse,
    ) -> Result<Observation, StoreError> {
        self.change(
            report.session_id(),
            |session| Ok(session.observe_report(report)?),
            |seen| seen.transitions().collect(),
        )
        .await
    }

    /// Session `id` as stored, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the database fails,
    /// [`StoreError::Corrupt`] when the row does not read as a session.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, SessionState};
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let id = Uuid::from_u128(1);
    /// assert_eq!(store.session(id).await?, None);
    /// store.create(id, Product::EftV2, Some("USER12345".parse().unwrap())).await?;
    /// let session = store.session(id).await?.unwrap();
    /// assert_eq!(session.state(), SessionState::INITIATED);
    /// assert_eq!(session.reference_id().unwrap().as_str(), "USER12345");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn session(&self, id: Uuid) -> Result<Option<Session>, StoreError> {
        let mut connection = self.pool.acquire().await?;
        read_session(&mut connection, id).await
    }

    /// The sessions that are not final (`Initiated`, `InProgress`) and were
    /// created at least `older_than` ago on the database's clock, oldest
    /// first: the ones a cleanup job cancels. Each is read as
    /// [`session`](Self::session) reads it.
    ///
    /// # Errors
    ///
    /// As [`session`](Self::session).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Product};
    /// use eft_session_store::SessionStore;
    /// use std::time::Duration;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// for n in 1..=3 {
    ///     store.create(Uuid::from_u128(n), Product::EftV2, None).await?;
    /// }
    /// store.apply(Uuid::from_u128(2), Event::TIME_OUT).await?;
    /// let open = store.open_sessions(Duration::ZERO).await?;
    /// assert_eq!(open.iter().map(|s| s.id()).collect::<Vec<_>>(), [Uuid::from_u128(1), Uuid::from_u128(3)]);
    /// assert!(store.open_sessions(Duration::from_secs(3600)).await?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn open_sessions(&self, older_than: Duration) -> Result<Vec<Session>, StoreError> {
        let rows = sqlx::query(self.engine.open_before())
            .bind(older_than.as_secs_f64())
            .fetch_all(&self.pool)
            .await?;
        let mut open = Vec::with_capacity(rows.len());
        for row in rows {
            let text: String = row.try_get("id")?;
            let id = Uuid::try_parse(&text)
                .map_err(|error| StoreError::corrupt("sessions", &text, error.to_string()))?;
            // Gone or moved since: it is no longer the query's.
            if let Some(session) = self.session(id).await?.filter(|s| !s.is_terminal()) {
                open.push(session);
            }
        }
        Ok(open)
    }

    /// The product session `id` was created for, or `None`.
    ///
    /// # Errors
    ///
    /// As [`session`](Self::session).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// store.create(Uuid::from_u128(1), Product::EftV2, None).await?;
    /// assert_eq!(store.product(Uuid::from_u128(1)).await?, Some(Product::EftV2));
    /// assert_eq!(store.product(Uuid::from_u128(2)).await?, None);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn product(&self, id: Uuid) -> Result<Option<Product>, StoreError> {
        Ok(self.session(id).await?.map(|session| session.product()))
    }

    /// The recorded steps of session `id`, in order: replaying them with
    /// [`Session::replay`] gives the stored session. Empty for a session that
    /// never moved, and for an unknown id.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the database fails,
    /// [`StoreError::Corrupt`] when a row is not a legal step.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Event, Product, Session};
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let id = Uuid::from_u128(1);
    /// store.create(id, Product::EftV2, None).await?;
    /// store.apply(id, Event::Start).await?;
    /// store.apply(id, Event::TIME_OUT).await?;
    ///
    /// let replayed = Session::replay(id, None, store.log(id).await?)?;
    /// assert_eq!(Some(replayed), store.session(id).await?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn log(&self, id: Uuid) -> Result<Vec<Transition>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, from_status, from_guarantee, to_status, status_details, guarantee \
             FROM transitions WHERE session_id = $1 ORDER BY seq",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| step_of(id, row)).collect()
    }

    /// Keeps a verified webhook body the store could not take in (unknown
    /// session, a report that conflicts, a body that does not parse), with
    /// why, instead of dropping it. Returns the body's number.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the database fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let number = store.park(Some(Uuid::nil()), b"{\"status\":\"Lost\"}", "unknown status").await?;
    /// assert_eq!(store.parked().await?[0].number(), number);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn park(
        &self,
        session_id: Option<Uuid>,
        body: &[u8],
        reason: &str,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO parked_bodies (session_id, body, reason) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(session_id.map(|id| id.to_string()))
        .bind(body.to_vec())
        .bind(reason)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Forgets a finished session whole: its row and its log (retention, so
    /// that a long-running server's database stays bounded). Answers whether
    /// there was a session to forget. A session still open is never
    /// forgotten: that is the crate's refusal, unchanged.
    ///
    /// No step is changed by this, and no part of a log is deleted without
    /// the rest: the append-only trigger lets a step go only inside this
    /// transaction, and only for a session in a final state.
    ///
    /// # Errors
    ///
    /// [`StoreError::Transition`] for a session that is not final,
    /// [`StoreError::Storage`] when the database fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session_store::SessionStore;
    /// use uuid::Uuid;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// let (open, done) = (Uuid::from_u128(1), Uuid::from_u128(2));
    /// store.create(open, Product::EftV2, None).await?;
    /// store.create(done, Product::EftV2, None).await?;
    /// store.cancel(done).await?;
    ///
    /// assert!(store.forget(done).await?);
    /// assert_eq!(store.session(done).await?, None);
    /// assert!(store.log(done).await?.is_empty());
    /// assert!(!store.forget(done).await?); // nothing left to forget
    /// assert_eq!(store.forget(open).await.unwrap_err().http_status(), 409);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn forget(&self, id: Uuid) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(self.engine.begin()).await?;
        let Some(session) = read_session(&mut tx, id).await? else {
            tx.rollback().await?;
            return Ok(false);
        };
        if !session.is_terminal() {
            tx.rollback().await?;
            return Err(StoreError::NotFinished(id));
        }
        let key = id.to_string();
        sqlx::query("INSERT INTO forgetting (session_id) VALUES ($1)")
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM transitions WHERE session_id = $1")
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM forgetting WHERE session_id = $1")
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes the parked bodies received at least `older_than` ago on the
    /// database's clock, and answers how many went: a receiver that parks
    /// what it could not take in runs this on a schedule (a week, say, once
    /// a person or a job has looked at them), so that the table stays
    /// bounded.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the database fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    /// use std::time::Duration;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// store.park(None, b"not json", "unreadable body").await?;
    /// assert_eq!(store.prune_parked(Duration::from_secs(3600)).await?, 0);
    /// assert_eq!(store.prune_parked(Duration::ZERO).await?, 1);
    /// assert!(store.parked().await?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn prune_parked(&self, older_than: Duration) -> Result<u64, StoreError> {
        let deleted = sqlx::query(self.engine.parked_before())
            .bind(older_than.as_secs_f64())
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }

    /// Every parked body, oldest first.
    ///
    /// # Errors
    ///
    /// [`StoreError::Storage`] when the database fails,
    /// [`StoreError::Corrupt`] when a stored session id is not a UUID.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session_store::SessionStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), eft_session_store::StoreError> {
    /// let store = SessionStore::connect("sqlite::memory:").await?;
    /// store.migrate().await?;
    /// store.park(None, b"not json", "unreadable body").await?;
    /// let parked = store.parked().await?;
    /// assert_eq!(parked.len(), 1);
    /// assert_eq!(parked[0].body(), b"not json");
    /// assert_eq!(parked[0].reason(), "unreadable body");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn parked(&self) -> Result<Vec<ParkedBody>, StoreError> {
        let rows =
            sqlx::query("SELECT id, session_id, body, reason FROM parked_bodies ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(ParkedBody::from_row).collect()
    }

    /// Reads session `id`, lets `decide` change it, and writes the change back
    /// as a compare-and-set on the state read plus the `steps` of the answer,
    /// all in one transaction; reads and decides again when another writer
    /// moved the session first.
    async fn change<T>(
        &self,
        id: Uuid,
        decide: impl Fn(&mut Session) -> Result<T, StoreError>,
        steps: impl Fn(&T) -> Vec<Transition>,
    ) -> Result<T, StoreError> {
        for _ in 0..MAX_ATTEMPTS {
            let mut tx = self.pool.begin_with(self.engine.begin()).await?;
            let Some(mut session) = read_session(&mut tx, id).await? else {
                tx.rollback().await?;
                return Err(StoreError::NotFound(id));
            };
            let from = session.state();
            let answer = match decide(&mut session) {
                Ok(answer) => answer,
                Err(refused) => {
                    // A refusal leaves the row as it was; the rollback also
                    // hands SQLite's write lock to the next writer now.
                    tx.rollback().await?;
                    return Err(refused);
                }
            };
            let steps = steps(&answer);
            if steps.is_empty() {
                // A duplicate report: nothing to write, nothing to log.
                tx.rollback().await?;
                return Ok(answer);
            }
            match write_steps(&mut tx, id, from, session.state(), &steps).await {
                Ok(true) => match tx.commit().await {
                    Ok(()) => return Ok(answer),
                    Err(error) if StoreError::is_lost_race(&error) => {}
                    Err(error) => return Err(error.into()),
                },
                // Zero rows: the session is no longer in `from`.
                Ok(false) => tx.rollback().await?,
                Err(error) if StoreError::is_lost_race(&error) => tx.rollback().await?,
                Err(error) => return Err(error.into()),
            }
            self.lost_races.fetch_add(1, Ordering::Relaxed);
        }
        Err(StoreError::Contended {
            id,
            attempts: MAX_ATTEMPTS,
        })
    }
}

/// Which engine a connection of the `Any` driver talks to.
fn engine_of(connection: &AnyConnection) -> Result<Engine, StoreError> {
    match connection.backend_name() {
        "SQLite" => Ok(Engine::Sqlite),
        "PostgreSQL" => Ok(Engine::Postgres),
        other => Err(StoreError::Storage(sqlx::Error::Configuration(
            format!("unsupported database {other:?}: the store speaks SQLite and PostgreSQL")
                .into(),
        ))),
    }
}

/// The session row `id` (of its product, at its guarantee stage), or `None`.
async fn read_session(
    connection: &mut AnyConnection,
    id: Uuid,
) -> Result<Option<Session>, StoreError> {
    let row = sqlx::query(
        "SELECT product, reference_id, status, status_details, guarantee \
         FROM sessions WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *connection)
    .await?;
    row.map(|row| session_of(id, &row)).transpose()
}

/// Moves the row of `id` from `from` to `to` if it is still at `from` (status,
/// code and guarantee stage), and appends `steps` to the log after the
/// session's last `seq`. `Ok(false)` when the row was not at `from` (nothing
/// written).
async fn write_steps(
    connection: &mut AnyConnection,
    id: Uuid,
    from: SessionState,
    to: SessionState,
    steps: &[Transition],
) -> Result<bool, sqlx::Error> {
    let id = id.to_string();
    // The stage is compared as well as the status: accepting an offer leaves
    // the session `InProgress` with no code, so without it two confirms of
    // one offer would both match the row.
    let updated = sqlx::query(
        "UPDATE sessions SET status = $2, status_details = $3, guarantee = $4 \
         WHERE id = $1 AND status = $5 AND status_details IS NOT DISTINCT FROM $6 \
         AND guarantee = $7",
    )
    .bind(&id)
    .bind(to.status().as_str())
    .bind(to.detail().map(StatusDetail::as_str))
    .bind(to.guarantee().as_str())
    .bind(from.status().as_str())
    .bind(from.detail().map(StatusDetail::as_str))
    .bind(from.guarantee().as_str())
    .execute(&mut *connection)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    for step in steps {
        // The next seq is read inside the statement; the row update above
        // holds the session's row, and (session_id, seq) is unique anyway.
        sqlx::query(
            "INSERT INTO transitions \
             (session_id, seq, from_status, from_guarantee, to_status, status_details, guarantee) \
             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM transitions \
             WHERE session_id = $1",
        )
        .bind(&id)
        .bind(step.from().as_str())
        .bind(step.guarantee_before().as_str())
        .bind(step.to().as_str())
        .bind(step.detail().map(StatusDetail::as_str))
        .bind(step.guarantee().as_str())
        .execute(&mut *connection)
        .await?;
    }
    Ok(true)
}

/// A `sessions` row as a session of its product, at its guarantee stage.
fn session_of(id: Uuid, row: &AnyRow) -> Result<Session, StoreError> {
    let corrupt = |reason: String| StoreError::corrupt("sessions", id, reason);
    let product: String = row.try_get("product")?;
    let product = Product::all()
        .find(|known| known.as_str() == product)
        .ok_or_else(|| corrupt(format!("unknown product {product:?}")))?;
    let reference_id = row
        .try_get::<Option<String>, _>("reference_id")?
        .map(|text| {
            text.parse::<ReferenceId>()
                .map_err(|error| corrupt(error.to_string()))
        })
        .transpose()?;
    let status = status_of(row.try_get("status")?).map_err(corrupt)?;
    let detail = detail_of(row.try_get("status_details")?).map_err(corrupt)?;
    let guarantee = guarantee_of(row.try_get("guarantee")?).map_err(corrupt)?;
    let state = SessionState::new(status, detail)
        .and_then(|state| state.with_guarantee(guarantee))
        .map_err(|error| corrupt(error.to_string()))?;
    if !guarantee.is_in(product) {
        // `Session::with_state` would quietly make it GEFT.
        return Err(corrupt(format!(
            "guarantee {guarantee} does not go with product {product}: only GEFT sessions \
             are offered one"
        )));
    }
    Ok(Session::with_state(id, reference_id, state).in_product(product))
}

/// A `transitions` row of session `id` as a step, guarantee stages
/// included, checked by the crate.
fn step_of(id: Uuid, row: &AnyRow) -> Result<Transition, StoreError> {
    let seq: i64 = row.try_get("seq")?;
    let corrupt =
        |reason: String| StoreError::corrupt("transitions", format!("{id}#{seq}"), reason);
    let from = status_of(row.try_get("from_status")?).map_err(corrupt)?;
    let from_guarantee = guarantee_of(row.try_get("from_guarantee")?).map_err(corrupt)?;
    let to = status_of(row.try_get("to_status")?).map_err(corrupt)?;
    let detail = detail_of(row.try_get("status_details")?).map_err(corrupt)?;
    let guarantee = guarantee_of(row.try_get("guarantee")?).map_err(corrupt)?;
    let target = SessionState::new(to, detail)
        .and_then(|target| target.with_guarantee(guarantee))
        .map_err(|error| corrupt(error.to_string()))?;
    Transition::checked(from, from_guarantee, target).map_err(|error| corrupt(error.to_string()))
}

fn status_of(text: String) -> Result<SessionStatus, String> {
    text.parse()
        .map_err(|error: eft_session::ParseStatusError| error.to_string())
}

fn guarantee_of(text: String) -> Result<GuaranteeStage, String> {
    text.parse::<GuaranteeStage>()
        .map_err(|_| format!("unknown guarantee stage {text:?}"))
}

fn detail_of(text: Option<String>) -> Result<Option<StatusDetail>, String> {
    text.map(|text| {
        text.parse()
            .map_err(|error: eft_session::ParseDetailError| error.to_string())
    })
    .transpose()
}
