//! An offline emulator of the session API, built on `eft_session`: develop
//! and test client code without the provider's sandbox.
//!
//! ```text
//! cargo run --example sandbox --features webhook -- [--port 8080] \
//!     [--client-id sandbox] [--client-secret sandbox] \
//!     [--webhook-url http://127.0.0.1:9000/hook] [--webhook-secret whsec_sandbox]
//! ```
//!
//! The README's "Sandbox" section shows a curl session against it.

mod app;

use std::process::ExitCode;

const USAGE: &str = "usage: sandbox [--port N] [--client-id ID] [--client-secret SECRET] \
                     [--webhook-url http://127.0.0.1:PORT/PATH] [--webhook-secret SECRET]";

fn main() -> ExitCode {
    let mut port: u16 = 8080;
    let mut config = app::Config {
        client_id: "sandbox".into(),
        client_secret: "sandbox".into(),
        webhook_url: None,
        webhook_secret: b"whsec_sandbox".to_vec(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            eprintln!("error: {flag} needs a value\n{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--port" => match value.parse() {
                Ok(number) => port = number,
                Err(_) => {
                    eprintln!("error: --port {value:?} is not a port number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--client-id" => config.client_id = value,
            "--client-secret" => config.client_secret = value,
            "--webhook-url" => {
                if !app::is_loopback_url(&value) {
                    eprintln!(
                        "error: --webhook-url {value:?} is not an http URL on this machine (127.0.0.1, [::1] or localhost)"
                    );
                    return ExitCode::from(2);
                }
                config.webhook_url = Some(value);
            }
            "--webhook-secret" => config.webhook_secret = value.into_bytes(),
            other => {
                eprintln!("error: unknown flag {other:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("error: cannot listen on 127.0.0.1:{port}: {error}");
                return ExitCode::FAILURE;
            }
        };
        println!(
            "sandbox listening on http://127.0.0.1:{port} (client {})",
            config.client_id
        );
        match axum::serve(listener, app::router(app::Sandbox::new(config))).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        }
    })
}
