//! `eft-client sweep` on a SQLite file and on PostgreSQL, against the real
//! `eft-sandbox`: killed between the API's answer and the store's write,
//! then run again, every old open session ends cancelled exactly once, the
//! young and the finished ones are left alone, and every log replays to
//! its row.

mod support;

use std::process::{Command, Output};
use std::time::Duration;

use eft_session::api::{Initiate, RetryPolicy};
use eft_session::uuid::Uuid;
use eft_session::wire::InitiateSessionRequest;
use eft_session::{Product, ReferenceId, Session, SessionStatus, StatusDetail};
use eft_session_store::SessionStore;
use serde_json::Value;
use support::postgres::server_or_skip;
use support::{CLIENT, Sandbox, cancel_steps};

/// The sessions of one scenario: created through the API, kept in the
/// caller's store as a merchant's backend would.
struct Fleet {
    old: Vec<Uuid>,
    young: Uuid,
    /// Old, open in the store, but completed on the API's side.
    completed: Uuid,
}

async fn fleet(sandbox: &Sandbox, store: &SessionStore) -> Fleet {
    let client = sandbox.client(RetryPolicy::default());
    let create = async |reference: &str| {
        let mut request = InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe");
        request.reference_id = Some(reference.into());
        let id = client
            .initiate(Initiate::new(request).unwrap())
            .await
            .unwrap()
            .session_id;
        let reference: ReferenceId = reference.parse().unwrap();
        store
            .create(id, Product::EftV2, Some(reference))
            .await
            .unwrap();
        id
    };
    let mut old = Vec::new();
    for n in 0..4 {
        old.push(create(&format!("OLD{n}")).await);
    }
    let completed = create("Happy1").await;
    let young = create("YOUNG").await;
    // One old session the payer has started: the store knows it too.
    sandbox.drive(old[1], "start").await;
    store
        .apply(old[1], eft_session::Event::Start)
        .await
        .unwrap();
    sandbox.drive(completed, "run").await;
    // The old ones were created over two hours ago, in this order (the
    // sweep takes the oldest first): the row is moved, since the query
    // reads the database's clock.
    let engine = store
        .pool()
        .acquire()
        .await
        .unwrap()
        .backend_name()
        .to_owned();
    let backdate = if engine == "PostgreSQL" {
        "UPDATE sessions SET created_at = now() - make_interval(secs => $2) WHERE id = $1"
    } else {
        "UPDATE sessions SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || $2 || ' seconds') WHERE id = $1"
    };
    for (age, id) in (0..).zip(old.iter().chain([&completed])) {
        sqlx::query(backdate)
            .bind(id.to_string())
            .bind(9000.0 - 100.0 * f64::from(age))
            .execute(store.pool())
            .await
            .unwrap();
    }
    Fleet {
        old,
        young,
        completed,
    }
}

/// `eft-client sweep` on `database`, with `env`.
fn sweep(sandbox: &Sandbox, database: &str, env: &[(&str, &str)]) -> Output {
    Command::new(CLIENT)
        .args(["sweep", "--database", database, "--older-than", "3600"])
        .env("EFT_CLIENT_BASE_URL", &sandbox.base)
        .env("EFT_CLIENT_ID", "sandbox")
        .env("EFT_CLIENT_SECRET", "sandbox")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

async fn killed_then_run_again(database: &str) {
    let sandbox = Sandbox::start(&[]);
    let store = SessionStore::connect(database).await.unwrap();
    store.migrate().await.unwrap();
    let fleet = fleet(&sandbox, &store).await;

    // Killed right after the API's second answer, before the store writes it.
    let killed = sweep(
        &sandbox,
        database,
        &[("EFT_CLIENT_TEST_ABORT_AFTER_ANSWERS", "2")],
    );
    assert!(!killed.status.success(), "{killed:?}");
    assert!(killed.stdout.is_empty(), "no summary from a killed run");
    let open = store.open_sessions(Duration::ZERO).await.unwrap();
    assert_eq!(open.len(), 5, "one recorded before the kill: {open:?}");
    assert_eq!(
        sandbox
            .get(&format!("/api/v2/sessions/{}/status", fleet.old[1]))
            .await["status"],
        "Cancelled",
        "the second was cancelled on the API's side, not recorded"
    );

    let again = sweep(&sandbox, database, &[]);
    assert!(again.status.success(), "{again:?}");
    let summary: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        summary,
        serde_json::json!({"due": 4, "cancelled": 2, "alreadyCancelled": 1, "alreadyEnded": 1,
                           "parked": 0, "refused": 0, "failed": 0})
    );

    for &id in &fleet.old {
        let row = store.session(id).await.unwrap().unwrap();
        assert_eq!(
            (row.status(), row.detail()),
            (SessionStatus::Cancelled, Some(StatusDetail::EFT0501))
        );
        assert_eq!(
            cancel_steps(&sandbox.steps(id).await),
            1,
            "one cancel on the API's side"
        );
        assert_replays(&store, id).await;
    }
    let completed = store.session(fleet.completed).await.unwrap().unwrap();
    assert_eq!(completed.detail(), Some(StatusDetail::EFT0301));
    assert_replays(&store, fleet.completed).await;
    let young = store.session(fleet.young).await.unwrap().unwrap();
    assert_eq!(young.status(), SessionStatus::Initiated);
    assert_eq!(
        sandbox
            .get(&format!("/api/v2/sessions/{}/status", fleet.young))
            .await["status"],
        "Initiated"
    );

    // A third run finds nothing to do.
    let idle = sweep(&sandbox, database, &[]);
    let summary: Value = serde_json::from_slice(&idle.stdout).unwrap();
    assert_eq!(summary["due"], 0, "{summary}");
    store.close().await;
}

async fn assert_replays(store: &SessionStore, id: Uuid) {
    let row = store.session(id).await.unwrap().unwrap();
    let log = store.log(id).await.unwrap();
    let replayed = Session::replay(id, row.reference_id().cloned(), log).unwrap();
    assert_eq!(replayed.in_product(row.product()), row);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_killed_mid_way_on_sqlite_reconciles_when_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("sessions.db").display()
    );
    killed_then_run_again(&database).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_killed_mid_way_on_postgres_reconciles_when_run_again() {
    let Some(server) = server_or_skip("a_sweep_killed_mid_way_on_postgres") else {
        return;
    };
    let database = server.fresh_database().await.unwrap();
    killed_then_run_again(&database).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_lists_the_sessions_due_and_cancels_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("sessions.db").display()
    );
    let sandbox = Sandbox::start(&[]);
    let store = SessionStore::connect(&database).await.unwrap();
    store.migrate().await.unwrap();
    let fleet = fleet(&sandbox, &store).await;
    let listed = Command::new(CLIENT)
        .args(["sweep", "--dry-run", "--database", &database])
        .env("EFT_CLIENT_BASE_URL", &sandbox.base)
        .env("EFT_CLIENT_ID", "sandbox")
        .env("EFT_CLIENT_SECRET", "sandbox")
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    let ids: Vec<String> = String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["sessionId"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(!ids.contains(&fleet.young.to_string()));
    assert!(sandbox.requests("/cancel").await.is_empty());
    store.close().await;
}
