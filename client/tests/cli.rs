//! The `eft-client` program: its exit codes tell "refused by the API" from
//! "transient failure after retries" from "bad usage" from "an answer the
//! docs do not describe", and every cancellation leaves an audit line.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use support::{CLIENT, Sandbox, receiver};

fn run(base: &str, args: &[&str]) -> Output {
    Command::new(CLIENT)
        .args(args)
        .env("EFT_CLIENT_BASE_URL", base)
        .env("EFT_CLIENT_ID", "sandbox")
        .env("EFT_CLIENT_SECRET", "sandbox")
        .env("EFT_CLIENT_ATTEMPTS", "2")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn created(sandbox: &Sandbox) -> String {
    let output = run(
        &sandbox.base,
        &[
            "create",
            "--first-name",
            "Jane",
            "--last-name",
            "Doe",
            "--field",
            "sessionId",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    text(&output.stdout).trim().to_owned()
}

#[test]
fn help_names_the_commands_the_variables_and_the_exit_codes() {
    let output = Command::new(CLIENT).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = text(&output.stdout);
    for word in [
        "authorize",
        "create",
        "status",
        "details",
        "cancel",
        "confirm",
        "watch",
        "sweep",
        "EFT_CLIENT_BASE_URL",
        "EFT_CLIENT_ID",
        "EFT_CLIENT_SECRET",
        "Exit codes: 0 done; 1 refused",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
}

#[test]
fn a_cancellation_is_an_audit_line_even_when_logs_are_quiet() {
    let sandbox = Sandbox::start(&[]);
    let id = created(&sandbox);
    let output = run(&sandbox.base, &["cancel", &id]);
    assert!(output.status.success(), "{output:?}");
    let stderr = text(&output.stderr);
    let audit = stderr
        .lines()
        .find(|line| line.contains("cancellation"))
        .unwrap_or_else(|| panic!("no audit line: {stderr}"));
    for field in [
        format!("session={id}"),
        "outcome=\"cancelled\"".to_owned(),
        "attempts=1".to_owned(),
        "state=Cancelled (EFT0501)".to_owned(),
    ] {
        assert!(audit.contains(&field), "{audit} lacks {field}");
    }
    let quiet = run(&sandbox.base, &["--log", "off", "cancel", &id]);
    assert!(
        quiet.status.success(),
        "already cancelled is done: {quiet:?}"
    );
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet.stderr));
}

#[test]
fn a_refusal_exits_1_with_the_apis_problem_body_on_stderr() {
    let sandbox = Sandbox::start(&[]);
    let id = created(&sandbox);
    let output = run(&sandbox.base, &["confirm", &id, "--accept"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let problem: serde_json::Value =
        serde_json::from_str(text(&output.stderr).lines().last().unwrap()).unwrap();
    assert_eq!(
        (problem["status"].clone(), problem["title"].clone()),
        (400.into(), "Guarantee Not Enabled".into())
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_transient_failure_exits_3_and_bad_usage_2() {
    // Nothing listens on the port of a listener just closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = run(
        &format!("http://127.0.0.1:{port}"),
        &["status", "850750a4-3021-4061-ac03-a8d873aa4179"],
    );
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("\"Transient Failure\"") && stderr.contains("could not connect"),
        "{stderr}"
    );

    let no_base = Command::new(CLIENT)
        .args(["status", "850750a4-3021-4061-ac03-a8d873aa4179"])
        .env_remove("EFT_CLIENT_BASE_URL")
        .output()
        .unwrap();
    assert_eq!(no_base.status.code(), Some(2));
    assert!(text(&no_base.stderr).contains("--base-url is required (or set EFT_CLIENT_BASE_URL)"));
    let insecure = run("http://payments.example.com", &["authorize"]);
    assert_eq!(insecure.status.code(), Some(2));
    assert!(text(&insecure.stderr).contains("plain http to another machine"));
    let colon = Command::new(CLIENT)
        .args([
            "--base-url",
            "http://127.0.0.1:1",
            "--client-id",
            "a:b",
            "--client-secret",
            "s",
            "authorize",
        ])
        .output()
        .unwrap();
    assert_eq!(colon.status.code(), Some(2));
    assert!(text(&colon.stderr).contains("contains ':'"), "{colon:?}");
}

#[test]
fn an_answer_the_docs_do_not_describe_exits_4_with_its_bytes() {
    // A server that answers 200 with no body to everything: not the API.
    let base = receiver().trim_end_matches("/guarantee").to_owned();
    let output = run(&base, &["status", "850750a4-3021-4061-ac03-a8d873aa4179"]);
    assert_eq!(output.status.code(), Some(4), "{output:?}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("\"Undocumented Answer\"") && stderr.contains("the body is empty"),
        "{stderr}"
    );
    assert!(stderr.contains("the answer's body (0 bytes"), "{stderr}");
}

#[test]
fn create_reads_a_whole_body_from_stdin_and_checks_it_first() {
    let sandbox = Sandbox::start(&[]);
    let body = r#"{"type":"EFT","direction":"DEBIT","referenceId":"Happy2","amount":12.34,
                   "options":{"guarantee":{"enable":true}},"payor":{"firstName":"Jane","lastName":"Doe"}}"#;
    let send = |body: &str| {
        let mut child = Command::new(CLIENT)
            .args(["create", "--body", "-"])
            .env("EFT_CLIENT_BASE_URL", &sandbox.base)
            .env("EFT_CLIENT_ID", "sandbox")
            .env("EFT_CLIENT_SECRET", "sandbox")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(body.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let output = send(body);
    assert!(output.status.success(), "{output:?}");
    assert!(text(&output.stdout).contains(r#""referenceId":"Happy2""#));

    let broken = send(&body.replace("Jane", ""));
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        text(&broken.stderr).contains(r#""payor.firstName":["is required"]"#),
        "{broken:?}"
    );
    assert_eq!(
        sandbox_creates(&sandbox),
        1,
        "the broken one was never sent"
    );
}

fn sandbox_creates(sandbox: &Sandbox) -> usize {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(sandbox.requests("/api/v2/sessions"))
        .len()
}
