//! What the client's tests share: the real `eft-sandbox` program, built by
//! cargo and started on a free loopback port, a webhook receiver for its
//! guarantee offers, and readers of what the sandbox recorded (its request
//! log, each session's steps).

// Each test binary uses a part of this module.
#![allow(dead_code)]

/// The throwaway PostgreSQL server of the store's tests, shared as is.
#[path = "../../../store/tests/support/postgres.rs"]
pub mod postgres;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use eft_client::Client;
use eft_session::api::{Credentials, RetryPolicy};
use serde_json::Value;

/// The `eft-sandbox` program, built once per test binary with
/// `cargo build -p eft-sandbox` (a no-op when it is fresh): the client is
/// tested against the real binary, as a user runs it.
pub fn sandbox_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let output = Command::new(env!("CARGO"))
                .args([
                    "build",
                    "--quiet",
                    "-p",
                    "eft-sandbox",
                    "--bin",
                    "eft-sandbox",
                    "--message-format=json-render-diagnostics",
                ])
                .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
                .stderr(Stdio::inherit())
                .output()
                .expect("cargo runs");
            assert!(output.status.success(), "cargo build -p eft-sandbox failed");
            let messages = String::from_utf8_lossy(&output.stdout);
            messages
                .lines()
                .rev()
                .filter_map(|line| serde_json::from_str::<Value>(line).ok())
                .find_map(|message| message["executable"].as_str().map(PathBuf::from))
                .expect("cargo names the built eft-sandbox")
        })
        .clone()
}

/// The `eft-client` program of this package.
pub const CLIENT: &str = env!("CARGO_BIN_EXE_eft-client");

/// A running `eft-sandbox`, killed when dropped.
pub struct Sandbox {
    child: Child,
    pub base: String,
    http: reqwest::Client,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sandbox {
    /// The program with `args` on a free port, once it listens.
    pub fn start(args: &[&str]) -> Self {
        let mut child = Command::new(sandbox_binary())
            .args(["--port", "0", "--log", "warn"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("eft-sandbox starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self {
            child,
            base,
            http: reqwest::Client::new(),
        }
    }

    /// A client of it as the default client `sandbox`/`sandbox`, with
    /// retries as `retry` allows and waits kept short.
    pub fn client(&self, retry: RetryPolicy) -> Client {
        self.client_with(retry, Duration::from_secs(5))
    }

    /// [`client`](Self::client) with an attempt timeout.
    pub fn client_with(&self, retry: RetryPolicy, timeout: Duration) -> Client {
        Client::builder(&self.base, Credentials::new("sandbox", "sandbox").unwrap())
            .retry(retry)
            .timeout(timeout)
            .build()
            .unwrap()
    }

    /// The body of `GET path` (a `/sandbox/…` route).
    pub async fn get(&self, path: &str) -> Value {
        let answer = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().is_success(),
            "GET {path}: {}",
            answer.status()
        );
        answer.json().await.unwrap()
    }

    /// `POST path` with `body` (a `/sandbox/…` route), its body.
    pub async fn post(&self, path: &str, body: Option<Value>) -> Value {
        let request = self.http.post(format!("{}{path}", self.base));
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        let answer = request.send().await.unwrap();
        assert!(
            answer.status().is_success(),
            "POST {path}: {}",
            answer.status()
        );
        answer.json().await.unwrap()
    }

    /// Adds a fault (`POST /sandbox/faults`).
    pub async fn fault(&self, fault: Value) -> Value {
        self.post("/sandbox/faults", Some(fault)).await
    }

    /// The request log's entries whose path ends with `suffix`.
    pub async fn requests(&self, suffix: &str) -> Vec<Value> {
        let log = self.get("/sandbox/requests").await;
        log.as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry["path"].as_str().unwrap().ends_with(suffix))
            .cloned()
            .collect()
    }

    /// One field of each request-log entry whose path ends with `suffix`, in
    /// the order the sandbox saw them.
    pub async fn logged(&self, suffix: &str, field: &str) -> Vec<Value> {
        let entries = self.requests(suffix).await;
        entries.iter().map(|entry| entry[field].clone()).collect()
    }

    /// The steps the sandbox's store recorded for session `id`.
    pub async fn steps(&self, id: impl std::fmt::Display) -> Vec<Value> {
        self.get(&format!("/sandbox/sessions/{id}")).await["log"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// Drives session `id`'s hosted flow (`start`, `offer`, `complete`…).
    pub async fn drive(&self, id: impl std::fmt::Display, action: &str) -> Value {
        self.post(&format!("/sandbox/sessions/{id}/{action}"), None)
            .await
    }
}

impl Sandbox {
    /// Drives session `id` as [`drive`](Self::drive) does, whatever it
    /// answers (a race may refuse it): the status.
    pub async fn try_drive(&self, id: impl std::fmt::Display, action: &str) -> u16 {
        self.http
            .post(format!("{}/sandbox/sessions/{id}/{action}", self.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

/// How many of `steps` reach `Cancelled`.
pub fn cancel_steps(steps: &[Value]) -> usize {
    steps
        .iter()
        .filter(|step| step["to"] == "Cancelled")
        .count()
}

/// A webhook receiver on a free loopback port that answers 200 to every
/// request: its URL. It runs until the test process ends.
pub fn receiver() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/guarantee", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 8192];
            // The sandbox sends one small request per connection.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = stream.read(&mut buffer);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    url
}

/// Seconds between two RFC 3339 instants of the sandbox's log.
pub fn seconds_between(earlier: &Value, later: &Value) -> f64 {
    let at = |value: &Value| {
        value
            .as_str()
            .unwrap()
            .parse::<eft_session::Timestamp>()
            .unwrap()
            .since_unix_epoch()
    };
    (at(later) - at(earlier)).as_secs_f64()
}
