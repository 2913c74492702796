//! A database made by migration 0001 alone, with sessions and steps in it,
//! takes 0002: its rows read as `NotOffered` at every stage, its logs replay,
//! its GEFT sessions can then be offered a guarantee, and the new columns
//! keep the append-only trigger and their CHECK (0003 keeps it, with its one
//! exception for `forget`). On SQLite and PostgreSQL.

mod support;

use std::path::Path;

use eft_session::{
    Event, GuaranteeStage, Product, Session, SessionStatus, StatusDetail, TransitionError,
};
use eft_session_store::{SessionStore, StoreError};
use sqlx::Row;
use sqlx::migrate::Migrator;
use support::postgres::server_or_skip;
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Brings `store`'s empty database to migration 0001 only, from a directory
/// holding a copy of the engine's first file: the same bytes, so the same
/// checksum as the embedded migration, which then finds it applied.
async fn migrate_to_0001(store: &SessionStore, engine: &str) {
    let dir = tempfile::tempdir().unwrap();
    let first = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(engine)
        .join("0001_sessions.sql");
    std::fs::copy(&first, dir.path().join("0001_sessions.sql")).unwrap();
    let migrator = Migrator::new(dir.path()).await.unwrap();
    assert_eq!(migrator.iter().count(), 1);
    migrator.run(store.pool()).await.unwrap();
}

/// Rows as a store of 0001 wrote them: no guarantee columns.
async fn write_old_rows(store: &SessionStore) {
    let sessions = [
        (1, "EFT V2", Some("USER12345"), "InProgress", None),
        (2, "GEFT", None, "Completed", Some("EFT0301")),
        (3, "GEFT", Some("Happy1"), "InProgress", None),
        (4, "EFT V2", None, "Initiated", Some("EFT0101")),
    ];
    for (n, product, reference, status, detail) in sessions {
        sqlx::query(
            "INSERT INTO sessions (id, product, reference_id, status, status_details) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id(n).to_string())
        .bind(product)
        .bind(reference)
        .bind(status)
        .bind(detail)
        .execute(store.pool())
        .await
        .unwrap();
    }
    let steps = [
        (1, 1, "Initiated", "InProgress", None),
        (2, 1, "Initiated", "InProgress", None),
        (2, 2, "InProgress", "Completed", Some("EFT0301")),
        (3, 1, "Initiated", "InProgress", None),
    ];
    for (n, seq, from, to, detail) in steps {
        sqlx::query(
            "INSERT INTO transitions (session_id, seq, from_status, to_status, status_details) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id(n).to_string())
        .bind(seq)
        .bind(from)
        .bind(to)
        .bind(detail)
        .execute(store.pool())
        .await
        .unwrap();
    }
}

/// The log of `id` replays to its row, the product taken from the row.
async fn assert_replays(store: &SessionStore, id: Uuid) {
    let row = store.session(id).await.unwrap().unwrap();
    let log = store.log(id).await.unwrap();
    let replayed = Session::replay(id, row.reference_id().cloned(), log)
        .unwrap()
        .in_product(row.product());
    assert_eq!(replayed, row);
}

/// Whether `error` is a broken CHECK constraint.
fn is_check_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|error| error.is_check_violation())
}

async fn old_rows_read_as_not_offered(store: SessionStore, engine: &str) {
    migrate_to_0001(&store, engine).await;
    // A database of 0001: the column does not exist yet.
    let err = sqlx::query("SELECT guarantee FROM sessions")
        .execute(store.pool())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("guarantee"), "{err}");
    write_old_rows(&store).await;
    store.migrate().await.unwrap();

    let versions: Vec<i64> = sqlx::query("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("version"))
        .collect();
    assert_eq!(versions, [1, 2, 3]);

    // The columns hold the default, as text, in every old row.
    let stages: Vec<String> = sqlx::query("SELECT guarantee FROM sessions ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("guarantee"))
        .collect();
    assert_eq!(stages, ["NotOffered"; 4]);
    let steps: Vec<(String, String)> =
        sqlx::query("SELECT from_guarantee, guarantee FROM transitions ORDER BY session_id, seq")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .iter()
            .map(|row| (row.get("from_guarantee"), row.get("guarantee")))
            .collect();
    assert_eq!(steps.len(), 4);
    assert!(
        steps
            .iter()
            .all(|(from, to)| from == "NotOffered" && to == "NotOffered")
    );

    // The store reads them at NotOffered, each of its product.
    let expected = [
        (1, Product::EftV2, SessionStatus::InProgress, 1),
        (2, Product::Geft, SessionStatus::Completed, 2),
        (3, Product::Geft, SessionStatus::InProgress, 1),
        (4, Product::EftV2, SessionStatus::Initiated, 0),
    ];
    for (n, product, status, steps) in expected {
        let session = store.session(id(n)).await.unwrap().unwrap();
        assert_eq!(
            session.guarantee(),
            GuaranteeStage::NotOffered,
            "session {n}"
        );
        assert_eq!(session.product(), product, "session {n}");
        assert_eq!(session.status(), status, "session {n}");
        let log = store.log(id(n)).await.unwrap();
        assert_eq!(log.len(), steps, "session {n}");
        assert!(log.iter().all(|step| {
            step.guarantee_before() == GuaranteeStage::NotOffered
                && step.guarantee() == GuaranteeStage::NotOffered
        }));
        assert_replays(&store, id(n)).await;
    }
    assert_eq!(
        store
            .session(id(1))
            .await
            .unwrap()
            .unwrap()
            .reference_id()
            .map(|r| r.as_str()),
        Some("USER12345")
    );

    // An old GEFT session in progress goes on with a guarantee.
    store.apply(id(3), Event::OfferGuarantee).await.unwrap();
    let (step, body) = store.confirm_guarantee(id(3), true).await.unwrap();
    assert_eq!(step.guarantee(), GuaranteeStage::Accepted);
    assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy1"));
    store
        .apply(id(3), Event::Complete(StatusDetail::EFT0301))
        .await
        .unwrap();
    let session = store.session(id(3)).await.unwrap().unwrap();
    assert_eq!(
        (session.status(), session.guarantee()),
        (SessionStatus::Completed, GuaranteeStage::Accepted)
    );
    assert_eq!(store.log(id(3)).await.unwrap().len(), 4);
    assert_replays(&store, id(3)).await;

    // An old EFT V2 session refuses one; an old ended one is terminal.
    let refused = store.apply(id(1), Event::OfferGuarantee).await.unwrap_err();
    assert!(matches!(
        refused,
        StoreError::Transition(TransitionError::GuaranteeNotEnabled {
            product: Product::EftV2,
            ..
        })
    ));
    assert_eq!(refused.http_status(), 400);
    let ended = store.confirm_guarantee(id(2), true).await.unwrap_err();
    assert!(matches!(
        ended,
        StoreError::Transition(TransitionError::AlreadyTerminal { .. })
    ));
    assert_eq!(store.log(id(1)).await.unwrap().len(), 1);

    // The trigger of 0001 guards the columns of 0002.
    support::assert_append_only(
        &store,
        &[
            "UPDATE transitions SET guarantee = 'Accepted'",
            "UPDATE transitions SET from_guarantee = 'Offered'",
            "DELETE FROM transitions",
        ],
    )
    .await;
    // And each new column takes only the six names.
    let err = sqlx::query("UPDATE sessions SET guarantee = 'Maybe' WHERE id = $1")
        .bind(id(4).to_string())
        .execute(store.pool())
        .await
        .unwrap_err();
    assert!(is_check_violation(&err), "{err}");
    for column in ["from_guarantee", "guarantee"] {
        let err = sqlx::query(&format!(
            "INSERT INTO transitions (session_id, seq, from_status, to_status, {column}) \
             VALUES ($1, 1, 'Initiated', 'InProgress', 'offered')"
        ))
        .bind(id(4).to_string())
        .execute(store.pool())
        .await
        .unwrap_err();
        assert!(is_check_violation(&err), "{column}: {err}");
    }
    assert_eq!(store.log(id(4)).await.unwrap(), []);
    assert_eq!(
        store.session(id(4)).await.unwrap().unwrap().guarantee(),
        GuaranteeStage::NotOffered
    );
}

#[tokio::test]
async fn sqlite_rows_of_0001_read_as_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
    let store = SessionStore::connect_with(&url, 2).await.unwrap();
    old_rows_read_as_not_offered(store.clone(), "sqlite").await;
    store.close().await;
}

#[tokio::test]
async fn postgres_rows_of_0001_read_as_not_offered() {
    let Some(server) = server_or_skip("postgres_rows_of_0001_read_as_not_offered") else {
        return;
    };
    let url = server.fresh_database().await.unwrap();
    let store = SessionStore::connect_with(&url, 2).await.unwrap();
    old_rows_read_as_not_offered(store.clone(), "postgres").await;
    store.close().await;
}
