//! The built program under a long run of requests over loopback, as a
//! client's load (eight keep-alive connections): five phases, each a flood
//! of 20,000 `/api/v1/authorize` requests, 400 sessions created, polled and
//! half of them cancelled, then the clock moved an hour on (every token
//! expired, every session ended and forgotten, store rows included). Its resident memory, read
//! from `/proc` after each phase, stays within 1 MiB of what the first
//! phase left: nothing it keeps per request outlives its cap or its
//! retention.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_eft-sandbox");
fn phases() -> usize {
    std::env::var("SOAK_PHASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6)
}
const TOKENS_PER_PHASE: usize = 20_000;
const SESSIONS_PER_PHASE: usize = 400;
const CONNECTIONS: usize = 8;

struct Running {
    child: Child,
    base: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Running {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--log", "error", "--retention", "0"])
        .envs(
            std::env::var("SOAK_MALLOC")
                .ok()
                .map(|v| ("MALLOC_ARENA_MAX", v)),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    Running { child, base }
}

/// Resident memory of process `pid`, in bytes.
fn resident(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap();
    kib * 1024
}

/// `count` tokens, over `CONNECTIONS` keep-alive connections.
async fn tokens(http: &reqwest::Client, base: &str, count: usize) -> Vec<String> {
    let each = count / CONNECTIONS;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (http, url) = (http.clone(), format!("{base}/api/v1/authorize"));
            tokio::spawn(async move {
                let mut tokens = Vec::with_capacity(each);
                for _ in 0..each {
                    let body: Value = http
                        .post(&url)
                        .basic_auth("sandbox", Some("sandbox"))
                        .form(&[("grant_type", "client_credentials")])
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    tokens.push(body["access_token"].as_str().unwrap().to_owned());
                }
                tokens
            })
        })
        .collect();
    let mut all = Vec::with_capacity(count);
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all
}

/// A session created with `token`, polled, and cancelled every other time.
async fn life(http: Arc<reqwest::Client>, base: Arc<str>, token: String, cancel: bool) {
    let created: Value = http
        .post(format!("{base}/api/v2/sessions"))
        .bearer_auth(&token)
        .json(&json!({"type": "EFT", "direction": "DEBIT", "referenceId": "SOAK", "amount": 12.34,
                      "options": {"guarantee": {"enable": false}}, "payor": {"firstName": "Jane", "lastName": "Doe"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["sessionId"].as_str().unwrap().to_owned();
    let status = http
        .get(format!("{base}/api/v2/sessions/{id}/status"))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
    if cancel {
        let cancelled = http
            .post(format!("{base}/api/v2/sessions/{id}/cancel"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(cancelled.status(), 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_over_a_long_run_of_requests() {
    let sandbox = start();
    let pid = sandbox.child.id();
    let http = Arc::new(
        reqwest::Client::builder()
            .pool_max_idle_per_host(CONNECTIONS)
            .build()
            .unwrap(),
    );
    let base: Arc<str> = Arc::from(sandbox.base.as_str());
    let mut after = Vec::new();
    let mut requests = 0;
    for _ in 0..phases() {
        let issued = tokens(&http, &base, TOKENS_PER_PHASE).await;
        requests += issued.len();
        // One token per session: each initiates one. Over the same eight
        // connections as the flood: a client's load, not 400 at once.
        let mut issued = issued.into_iter().take(SESSIONS_PER_PHASE).enumerate();
        let mut batch = Vec::with_capacity(CONNECTIONS);
        loop {
            batch.clear();
            batch.extend(issued.by_ref().take(CONNECTIONS));
            if batch.is_empty() {
                break;
            }
            let lives: Vec<_> = batch
                .drain(..)
                .map(|(n, token)| {
                    tokio::spawn(life(
                        Arc::clone(&http),
                        Arc::clone(&base),
                        token,
                        n % 2 == 0,
                    ))
                })
                .collect();
            for life in lives {
                life.await.unwrap();
            }
        }
        requests += SESSIONS_PER_PHASE * 2 + SESSIONS_PER_PHASE / 2;
        // Every token expires, every open session expires, and the finished
        // ones are forgotten (retention 0) by the sweep the advance runs.
        let advanced = http
            .post(format!("{base}/sandbox/clock/advance?seconds=3600"))
            .send()
            .await
            .unwrap();
        assert_eq!(advanced.status(), 200);
        tokio::time::sleep(Duration::from_millis(1_500)).await; // the next sweep
        let stats: Value = http
            .get(format!("{base}/sandbox/stats"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(stats["tokens"], 0, "{stats}");
        assert_eq!(stats["liveSessions"], 0, "{stats}");
        assert_eq!(stats["finishedSessions"], 0, "{stats}");
        after.push(resident(pid));
    }
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    eprintln!(
        "soak: {requests} requests, resident memory after each phase (MiB): {:?}",
        after
            .iter()
            .map(|&bytes| format!("{:.2}", mib(bytes)))
            .collect::<Vec<_>>()
    );
    assert!(requests >= 100_000, "{requests} requests");
    let first = after[0];
    let peak = after[1..].iter().copied().max().unwrap();
    assert!(
        peak <= first + (1 << 20),
        "resident memory grew by {:.2} MiB after the first phase: {after:?}",
        mib(peak.saturating_sub(first))
    );
}
