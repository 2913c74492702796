//! The built `eft-sandbox` program: its command line, its `listening on`
//! line, and sessions that outlive it in a SQLite file.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_eft-sandbox");

/// A running sandbox, killed when dropped (a failed test leaves none).
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

/// Starts the program with `args` (and `env`) on a free port, and waits for
/// its `listening on` line.
fn start(args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--log", "warn"])
        .args(args)
        .envs(env.iter().copied())
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
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    let port: u16 = base
        .strip_prefix("http://127.0.0.1:")
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(port, 0, "the bound port is printed, not 0");
    Running { child, base }
}

async fn token(client: &reqwest::Client, base: &str) -> Value {
    let answer = client
        .post(format!("{base}/api/v1/authorize"))
        .basic_auth("sandbox", Some("sandbox"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

#[test]
fn help_exits_0_and_lists_every_flag_with_its_variable() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let help = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "--port",
        "EFT_SANDBOX_PORT",
        "--client <ID:SECRET[:FEATURES]>",
        "EFT_SANDBOX_CLIENTS",
        "--token-lifetime",
        "EFT_SANDBOX_TOKEN_LIFETIME",
        "--single-use-tokens",
        "--database",
        "EFT_SANDBOX_DATABASE",
        "--webhook-url",
        "--guarantee-webhook-url",
        "EFT_SANDBOX_GUARANTEE_WEBHOOK_URL",
    ] {
        assert!(help.contains(expected), "{expected} missing from:\n{help}");
    }
}

#[test]
fn a_bad_flag_exits_2_naming_it() {
    let output = Command::new(BIN)
        .args(["--client", "acme:pw:Geft"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(r#"unknown feature "Geft": the sandbox knows RegularEft"#),
        "{stderr}"
    );
}

#[tokio::test]
async fn port_0_prints_the_port_and_variables_set_flags() {
    let running = start(&[], &[("EFT_SANDBOX_TOKEN_LIFETIME", "42")]);
    let client = reqwest::Client::new();
    assert_eq!(token(&client, &running.base).await["expires_in"], 42);
    // The flag wins over the variable, written either way.
    let running = start(
        &["--token-lifetime=7"],
        &[("EFT_SANDBOX_TOKEN_LIFETIME", "42")],
    );
    assert_eq!(token(&client, &running.base).await["expires_in"], 7);
    let answer = client
        .get(format!("{}/nowhere", running.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn sessions_survive_a_restart_on_the_same_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("sandbox.db").display()
    );
    let client = reqwest::Client::new();

    let running = start(&["--database", &url], &[]);
    let access = token(&client, &running.base).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let created: Value = client
        .post(format!("{}/api/v2/sessions", running.base))
        .bearer_auth(&access)
        .json(&json!({
            "type": "EFT", "direction": "DEBIT", "referenceId": "USER12345", "amount": 500,
            "options": { "guarantee": { "enable": false } },
            "payor": { "firstName": "Jane", "lastName": "Doe" }
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["sessionId"].as_str().unwrap().to_owned();
    let started = client
        .post(format!("{}/sandbox/sessions/{id}/start", running.base))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), StatusCode::OK);
    drop(running);

    let running = start(&["--database", &url], &[]);
    let status: Value = client
        .get(format!("{}/api/v2/sessions/{id}/status", running.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        status,
        json!({ "sessionId": id, "referenceId": "USER12345", "amount": 500, "status": "InProgress", "statusDetails": null })
    );
    // Tokens are not kept: the old one is refused, a new one reads details.
    let answer = client
        .get(format!("{}/api/v2/sessions/{id}/details", running.base))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let access = token(&client, &running.base).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let details: Value = client
        .get(format!("{}/api/v2/sessions/{id}/details", running.base))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(details["payor"]["firstName"], "Jane");
    assert_eq!(details["step"]["current"], "Consent");
    // And it goes on from where it was.
    let cancelled = client
        .post(format!("{}/api/v2/sessions/{id}/cancel", running.base))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_offer_waiting_for_its_decision_survives_a_restart() {
    // A guarantee receiver that takes every offer.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let receiver = listener.local_addr().unwrap();
    let router = axum::Router::new().route(
        "/guarantee",
        axum::routing::post(|| async { StatusCode::OK }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let hook = format!("http://{receiver}/guarantee");
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("sandbox.db").display()
    );
    let client = reqwest::Client::new();

    let running = start(&["--database", &url, "--guarantee-webhook-url", &hook], &[]);
    let access = token(&client, &running.base).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let created: Value = client
        .post(format!("{}/api/v2/sessions", running.base))
        .bearer_auth(&access)
        .json(&json!({
            "type": "EFT", "direction": "DEBIT", "referenceId": "Happy1", "amount": 500,
            "options": { "guarantee": { "enable": true } },
            "payor": { "firstName": "Jane", "lastName": "Doe" }
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["sessionId"].as_str().unwrap().to_owned();
    let run = client
        .post(format!("{}/sandbox/sessions/{id}/run", running.base))
        .send()
        .await
        .unwrap();
    assert_eq!(run.status(), StatusCode::OK);
    drop(running);

    // Restarted without the flag: the stage, the step and what the run does
    // once accepted were kept in the file.
    let running = start(&["--database", &url], &[]);
    let shown: Value = client
        .get(format!("{}/sandbox/sessions/{id}", running.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            &shown["status"],
            &shown["guarantee"],
            &shown["step"],
            &shown["afterAccept"]
        ),
        (
            &json!("InProgress"),
            &json!("Offered"),
            &json!("GuaranteeOffer"),
            &json!("EFT0301")
        )
    );
    let access = token(&client, &running.base).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let confirmed = client
        .post(format!(
            "{}/api/v2/sessions/{id}/guarantees/confirm",
            running.base
        ))
        .bearer_auth(&access)
        .json(&json!({ "guaranteeAccepted": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), StatusCode::OK);
    let status: Value = client
        .get(format!("{}/api/v2/sessions/{id}/status", running.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Completed"), &json!("EFT0301"))
    );
}
