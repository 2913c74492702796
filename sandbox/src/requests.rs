//! What the store does not keep: the creation request of each session (its
//! amount, options, payor, payee) and when it was made, in the sandbox's own
//! table `sandbox_requests` of the same database, and what a scenario does
//! once its guarantee is accepted, in `sandbox_after_accept`, so a restart on
//! the same file keeps them. The current step is not stored: it follows from
//! the store's log (see `flow::current_step`).

use eft_session::uuid::Uuid;
use eft_session::wire::InitiateSessionRequest;
use eft_session::{ReferenceId, StatusDetail, Timestamp};
use eft_session_store::StoreError;
use sqlx::{AnyPool, Row};

/// The creation requests, by session id.
#[derive(Clone, Debug)]
pub struct Requests {
    pool: AnyPool,
}

/// A session's creation request and time.
#[derive(Clone, Debug)]
pub struct Created {
    pub request: InitiateSessionRequest,
    pub at: Timestamp,
}

impl Created {
    /// The reference id kept on the session: the request's, valid for its
    /// product (checked at creation), so it is in every body and webhook.
    pub fn reference_id(&self) -> Option<ReferenceId> {
        let request = &self.request;
        request
            .reference_id
            .as_deref()
            .and_then(|text| ReferenceId::parse_for(request.product(), text).ok())
    }
}

impl Requests {
    /// The table in the store's database, made if missing. The statement is
    /// the same on SQLite and PostgreSQL.
    pub async fn open(pool: AnyPool) -> Result<Self, StoreError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS sandbox_requests (\
             session_id TEXT NOT NULL PRIMARY KEY, \
             request TEXT NOT NULL, \
             created_at TEXT NOT NULL)",
        )
        .execute(&pool)
        .await?;
        // The code a session completes with once its guarantee is accepted,
        // for the sessions whose scenario (`run`) waits at the offer.
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS sandbox_after_accept (\
             session_id TEXT NOT NULL PRIMARY KEY, \
             complete_with TEXT NOT NULL)",
        )
        .execute(&pool)
        .await?;
        Ok(Self { pool })
    }

    /// Keeps that session `id` completes with `code` once its guarantee is
    /// accepted.
    pub async fn set_after_accept(&self, id: Uuid, code: StatusDetail) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sandbox_after_accept (session_id, complete_with) VALUES ($1, $2) \
             ON CONFLICT (session_id) DO UPDATE SET complete_with = excluded.complete_with",
        )
        .bind(id.to_string())
        .bind(code.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The code session `id` completes with once its guarantee is accepted,
    /// if its scenario says so.
    pub async fn after_accept(&self, id: Uuid) -> Result<Option<StatusDetail>, StoreError> {
        let row =
            sqlx::query("SELECT complete_with FROM sandbox_after_accept WHERE session_id = $1")
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let text: String = row.try_get("complete_with")?;
        text.parse()
            .map(Some)
            .map_err(|error: eft_session::ParseDetailError| StoreError::Corrupt {
                table: "sandbox_after_accept",
                key: id.to_string(),
                reason: format!("complete_with: {error}"),
            })
    }

    /// Forgets what session `id` does once its guarantee is accepted.
    pub async fn clear_after_accept(&self, id: Uuid) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sandbox_after_accept WHERE session_id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Keeps the request of session `id`. Written before the store's row, so
    /// every session the store has has its request.
    pub async fn insert(&self, id: Uuid, created: &Created) -> Result<(), StoreError> {
        let json = serde_json::to_string(&created.request)
            .map_err(|error| StoreError::Storage(sqlx::Error::Encode(Box::new(error))))?;
        sqlx::query(
            "INSERT INTO sandbox_requests (session_id, request, created_at) VALUES ($1, $2, $3)",
        )
        .bind(id.to_string())
        .bind(json)
        .bind(created.at.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every kept session's id and creation time, to rebuild the sandbox's
    /// view of timeouts and retention after a restart.
    pub async fn all(&self) -> Result<Vec<(Uuid, Timestamp)>, StoreError> {
        let rows = sqlx::query("SELECT session_id, created_at FROM sandbox_requests")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("session_id")?;
                let at: String = row.try_get("created_at")?;
                let corrupt = |reason: String| StoreError::Corrupt {
                    table: "sandbox_requests",
                    key: id.clone(),
                    reason,
                };
                Ok((
                    Uuid::try_parse(&id)
                        .map_err(|error| corrupt(format!("session_id: {error}")))?,
                    at.parse()
                        .map_err(|error: eft_session::ParseTimestampError| {
                            corrupt(format!("created_at: {error}"))
                        })?,
                ))
            })
            .collect()
    }

    /// Forgets the request of session `id` (retention): the session is then
    /// unknown to the sandbox's endpoints.
    pub async fn delete(&self, id: Uuid) -> Result<(), StoreError> {
        self.clear_after_accept(id).await?;
        sqlx::query("DELETE FROM sandbox_requests WHERE session_id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The request of session `id`, if one was kept.
    pub async fn get(&self, id: Uuid) -> Result<Option<Created>, StoreError> {
        let row =
            sqlx::query("SELECT request, created_at FROM sandbox_requests WHERE session_id = $1")
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let corrupt = |reason: String| StoreError::Corrupt {
            table: "sandbox_requests",
            key: id.to_string(),
            reason,
        };
        let request: String = row.try_get("request")?;
        let at: String = row.try_get("created_at")?;
        Ok(Some(Created {
            request: serde_json::from_str(&request)
                .map_err(|error| corrupt(format!("request: {error}")))?,
            at: at
                .parse()
                .map_err(|error: eft_session::ParseTimestampError| {
                    corrupt(format!("created_at: {error}"))
                })?,
        }))
    }
}
