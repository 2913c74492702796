//! The built `eft-sandbox` program: its command line, its `listening on`
//! line, and sessions that outlive it in a SQLite file.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::{Api, serve};
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

impl Running {
    /// A client of this sandbox.
    fn api(&self) -> Api {
        Api::new(self.base.clone())
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

/// A token of the program's default client `sandbox`/`sandbox`.
async fn token(api: &Api) -> String {
    let body = api.token_body("sandbox", "sandbox").await;
    body["access_token"].as_str().unwrap().to_owned()
}

/// A new session created on `api`, its id.
async fn session(api: &Api, reference: &str, guaranteed: bool) -> String {
    api.create_session(&token(api).await, reference, guaranteed)
        .await
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
    let body = running.api().token_body("sandbox", "sandbox").await;
    assert_eq!(body["expires_in"], 42);
    // The flag wins over the variable, written either way.
    let running = start(
        &["--token-lifetime=7"],
        &[("EFT_SANDBOX_TOKEN_LIFETIME", "42")],
    );
    let api = running.api();
    assert_eq!(api.token_body("sandbox", "sandbox").await["expires_in"], 7);
    let answer = api.get("/nowhere").await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
}

/// A SQLite file in a throwaway directory, and its URL.
fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("sandbox.db").display()
    );
    (dir, url)
}

#[tokio::test]
async fn sessions_survive_a_restart_on_the_same_sqlite_file() {
    let (_dir, url) = database();
    let running = start(&["--database", &url], &[]);
    let api = running.api();
    let access = token(&api).await;
    let id = api.create_session(&access, "USER12345", false).await;
    assert_eq!(api.drive(&id, "start").await.status(), StatusCode::OK);
    drop(running);

    let running = start(&["--database", &url], &[]);
    let api = running.api();
    assert_eq!(
        api.json(&format!("/api/v2/sessions/{id}/status")).await,
        json!({ "sessionId": id, "referenceId": "USER12345", "amount": 500, "status": "InProgress", "statusDetails": null })
    );
    // Tokens are not kept: the old one is refused, a new one reads details.
    let answer = api.details_as(&id, Some(&access)).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let access = token(&api).await;
    let details: Value = api
        .details_as(&id, Some(&access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(details["payor"]["firstName"], "Jane");
    assert_eq!(details["step"]["current"], "Consent");
    // And it goes on from where it was.
    let cancelled = api
        .post(&format!("/api/v2/sessions/{id}/cancel"), Some(&access))
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_offer_waiting_for_its_decision_survives_a_restart() {
    // A guarantee receiver that takes every offer.
    let router = axum::Router::new().route(
        "/guarantee",
        axum::routing::post(|| async { StatusCode::OK }),
    );
    let hook = format!("http://{}/guarantee", serve(router).await);
    let (_dir, url) = database();

    let running = start(&["--database", &url, "--guarantee-webhook-url", &hook], &[]);
    let api = running.api();
    let id = session(&api, "Happy1", true).await;
    assert_eq!(api.drive(&id, "run").await.status(), StatusCode::OK);
    drop(running);

    // Restarted without the flag: the stage, the step and what the run does
    // once accepted were kept in the file.
    let running = start(&["--database", &url], &[]);
    let api = running.api();
    let shown = api.json(&format!("/sandbox/sessions/{id}")).await;
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
    let confirmed = api
        .client
        .post(api.url(&format!("/api/v2/sessions/{id}/guarantees/confirm")))
        .bearer_auth(token(&api).await)
        .json(&json!({ "guaranteeAccepted": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), StatusCode::OK);
    let status = api.json(&format!("/api/v2/sessions/{id}/status")).await;
    assert_eq!(
        (&status["status"], &status["statusDetails"]),
        (&json!("Completed"), &json!("EFT0301"))
    );
}
