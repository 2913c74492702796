//! Throughput under load, each figure beside the same work without the
//! crate, in one run:
//!
//! - **the store**: sessions per second carried through create, observe
//!   (`InProgress`, as a poll or a webhook reports it) and cancel by 8 tasks
//!   over 8 connections to a throwaway PostgreSQL server, beside the bare
//!   statements an integrator might write instead (the same insert, then two
//!   unconditional updates: no read, no decision, no compare-and-set, no
//!   log);
//! - **the sandbox**: status polls per second over loopback from 32
//!   keep-alive connections, beside a bare axum server answering the same
//!   bytes from memory (no crate, no store, no clock); and the process's
//!   resident memory after a first and after a second run of polls, which
//!   must stay flat.
//!
//! `cargo bench -p eft-session-benches --bench load` prints one JSON line
//! per figure; `python3 scripts/load.py` runs it, prints the table and
//! checks the gate. Each figure is the median of three runs of
//! `EFT_LOAD_SECONDS` (default 2) seconds. Wall-clock figures move on a
//! noisy machine: the gate checks ratios, with room.

#[allow(dead_code)]
#[path = "../../store/tests/support/postgres.rs"]
mod postgres;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use eft_session::uuid::Uuid;
use eft_session::{Product, SessionState, SessionStatus, StatusDetail};
use eft_session_store::SessionStore;
use serde_json::json;

/// Tasks writing to the store, and connections of its pool.
const WRITERS: usize = 8;
/// Connections polling a server.
const POLLERS: usize = 32;

fn seconds() -> Duration {
    let seconds = std::env::var("EFT_LOAD_SECONDS")
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(seconds)
}

/// The median of three runs of `work`.
async fn median<F: Future<Output = f64>>(mut work: impl FnMut() -> F) -> f64 {
    let mut runs = [work().await, work().await, work().await];
    runs.sort_by(f64::total_cmp);
    runs[1]
}

fn figure(name: &str, value: f64, unit: &str) {
    println!("{}", json!({"figure": name, "value": value, "unit": unit}));
}

/// Resident memory of this process, in bytes.
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> Uuid {
    Uuid::from_u128(u128::from(NEXT_ID.fetch_add(1, Ordering::Relaxed)) << 64)
}

/// Sessions per second: `WRITERS` tasks running `life` for the duration.
async fn sessions_per_second<F>(store: &SessionStore, life: fn(SessionStore, Uuid) -> F) -> f64
where
    F: Future<Output = ()> + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (store, stop, done) = (store.clone(), Arc::clone(&stop), Arc::clone(&done));
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    life(store.clone(), next_id()).await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    tokio::time::sleep(seconds()).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// A session's life through the store: every step read, decided by the
/// crate, written as a compare-and-set with its log row.
async fn through_the_store(store: SessionStore, id: Uuid) {
    store.create(id, Product::EftV2, None).await.unwrap();
    store
        .observe(id, SessionStatus::InProgress, None)
        .await
        .unwrap();
    store.cancel(id).await.unwrap();
}

/// The same rows written plainly.
async fn bare_statements(store: SessionStore, id: Uuid) {
    let id = id.to_string();
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

async fn store_figures() {
    let Some(bin) = postgres::PgServer::find_bin() else {
        eprintln!("store figures skipped: {}", postgres::NOT_FOUND);
        return;
    };
    // The server's defaults, fsync included: what a deployment runs.
    let server = postgres::PgServer::start(&bin, &["max_connections=40"]).unwrap();
    let url = server.fresh_database().await.unwrap();
    let store = SessionStore::connect_with(&url, WRITERS as u32)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let crate_rate = median(|| sessions_per_second(&store, through_the_store)).await;
    let bare_rate = median(|| sessions_per_second(&store, bare_statements)).await;
    figure(
        "store: sessions/s, create + observe + cancel, 8 connections",
        crate_rate,
        "sessions/s",
    );
    figure(
        "store baseline: sessions/s, bare statements, 8 connections",
        bare_rate,
        "sessions/s",
    );
    store.close().await;
}

/// Polls per second of `url` from `POLLERS` keep-alive connections.
async fn polls_per_second(url: &str) -> f64 {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(POLLERS)
        .build()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..POLLERS)
        .map(|_| {
            let (client, url, stop, done) = (
                client.clone(),
                url.to_owned(),
                Arc::clone(&stop),
                Arc::clone(&done),
            );
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let answer = client.get(&url).send().await.unwrap();
                    assert_eq!(answer.status(), 200);
                    answer.bytes().await.unwrap();
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    tokio::time::sleep(seconds()).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

async fn sandbox_figures() {
    let sandbox = eft_sandbox::Sandbox::open(eft_sandbox::Config::new("sandbox", "sandbox"))
        .await
        .unwrap();
    let base = serve(eft_sandbox::router(Arc::clone(&sandbox))).await;
    // The sandbox answers for sessions it created: make one through its API.
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{base}/api/v1/authorize"))
        .basic_auth("sandbox", Some("sandbox"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created: serde_json::Value = http
        .post(format!("{base}/api/v2/sessions"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .json(&json!({"type": "EFT", "direction": "DEBIT", "referenceId": "USER12345", "amount": 500,
                      "options": {"guarantee": {"enable": false}}, "payor": {"firstName": "Jane", "lastName": "Doe"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = created["sessionId"].as_str().unwrap().to_owned();
    let status_url = format!("{base}/api/v2/sessions/{session}/status");
    let body = http
        .get(&status_url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();

    // The same bytes from memory: the work of answering a poll, without
    // the crate, the store or the clock.
    let bare = axum::Router::new().route(
        "/api/v2/sessions/{id}/status",
        axum::routing::get(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body) }
        }),
    );
    let bare_url = format!("{}/api/v2/sessions/{session}/status", serve(bare).await);

    let first = median(|| polls_per_second(&status_url)).await;
    let after_first = resident();
    let second = median(|| polls_per_second(&status_url)).await;
    let after_second = resident();
    let bare_rate = median(|| polls_per_second(&bare_url)).await;
    figure(
        "sandbox: status polls/s, 32 connections",
        first.max(second),
        "polls/s",
    );
    figure(
        "sandbox baseline: polls/s, the same bytes from memory",
        bare_rate,
        "polls/s",
    );
    figure(
        "sandbox: resident memory growth over the second run of polls",
        after_second.saturating_sub(after_first) as f64,
        "bytes",
    );
    figure(
        "sandbox: resident memory after the first run",
        after_first as f64,
        "bytes",
    );
}

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no filter.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        store_figures().await;
        sandbox_figures().await;
    });
}
