//! What correctness costs: a session's life through the store (create, then
//! start and cancel, each a transaction that reads the row, lets the crate
//! decide, updates on the condition of the state read and appends the log)
//! beside the plain write an integrator might do instead (the same insert,
//! then `UPDATE sessions SET status = …, status_details = … WHERE id = …`
//! twice, no read, no condition, no log), on a SQLite file in WAL mode and
//! on a throwaway PostgreSQL server, in the same run.
//!
//! `cargo bench -p eft-session-store --bench transitions`; the PostgreSQL
//! group is skipped, with a message, when no server binaries are found.

// The harness's test-only helpers are not used here.
#[allow(dead_code)]
#[path = "../tests/support/postgres.rs"]
mod postgres;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eft_session::{Event, Product, SessionState, SessionStatus, StatusDetail};
use eft_session_store::SessionStore;
use postgres::{NOT_FOUND, PgServer};
use tokio::runtime::Runtime;
use uuid::Uuid;

/// Fresh session ids across every benchmark of the run.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> Uuid {
    Uuid::from_u128(u128::from(NEXT_ID.fetch_add(1, Ordering::Relaxed)))
}

/// One session's life through the store: create, start, cancel.
async fn through_the_store(store: &SessionStore) {
    let id = next_id();
    store.create(id, Product::EftV2, None).await.unwrap();
    store.apply(id, Event::Start).await.unwrap();
    store.cancel(id).await.unwrap();
}

/// The same rows written plainly: insert, then two unconditional updates.
async fn plain(store: &SessionStore) {
    let id = next_id().to_string();
    let initiated = SessionState::INITIATED;
    sqlx::query(
        "INSERT INTO sessions (id, product, reference_id, status, status_details) \
         VALUES ($1, $2, NULL, $3, $4)",
    )
    .bind(&id)
    .bind(Product::EftV2.as_str())
    .bind(initiated.status().as_str())
    .bind(initiated.detail().map(StatusDetail::as_str))
    .execute(store.pool())
    .await
    .unwrap();
    for (status, detail) in [
        (SessionStatus::InProgress, None),
        (SessionStatus::Cancelled, Some(StatusDetail::EFT0501)),
    ] {
        sqlx::query("UPDATE sessions SET status = $2, status_details = $3 WHERE id = $1")
            .bind(&id)
            .bind(status.as_str())
            .bind(detail.map(StatusDetail::as_str))
            .execute(store.pool())
            .await
            .unwrap();
    }
}

/// Both ways on `store`, in one group named after the engine.
fn compare(c: &mut Criterion, runtime: &Runtime, engine: &str, store: &SessionStore) {
    let mut group = c.benchmark_group(format!("{engine}: create, start, cancel"));
    // Two transitions (start, cancel) per session: criterion's elements/s
    // are transitions per second.
    group.throughput(Throughput::Elements(2));
    group.bench_function("store: compare-and-set with log", |b| {
        b.iter_custom(|iters| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    through_the_store(store).await;
                }
                started.elapsed()
            })
        });
    });
    group.bench_function("baseline: plain update, no log", |b| {
        b.iter_custom(|iters| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    plain(store).await;
                }
                started.elapsed()
            })
        });
    });
    group.finish();
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn sqlite(c: &mut Criterion) {
    let runtime = runtime();
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let store = runtime.block_on(async {
        let store = SessionStore::connect(&url).await.unwrap();
        store.migrate().await.unwrap(); // and WAL
        store
    });
    compare(c, &runtime, "sqlite file (WAL)", &store);
    runtime.block_on(store.close());
}

fn postgres(c: &mut Criterion) {
    let Some(bin) = PgServer::find_bin() else {
        eprintln!("postgres benchmark skipped: {NOT_FOUND}");
        return;
    };
    // The server's defaults, fsync included: the tests' server runs without.
    let server = PgServer::start(&bin, &[]).unwrap();
    let runtime = runtime();
    let store = runtime.block_on(async {
        let url = server.fresh_database().await.unwrap();
        let store = SessionStore::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        store
    });
    compare(c, &runtime, "postgres", &store);
    runtime.block_on(store.close());
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = sqlite, postgres
}
criterion_main!(benches);
