//! `eft-sandbox`: the offline emulator of the session API, as a program.
//!
//! ```text
//! cargo run -p eft-sandbox -- --port 8080 --webhook-url http://127.0.0.1:9000/hook
//! eft-sandbox --help
//! ```
//!
//! Prints `listening on http://127.0.0.1:PORT` on stdout once it accepts
//! connections (with `--port 0`, the port it was given); logs go to stderr.

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use eft_sandbox::{Args, Sandbox};

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_max_level(args.log)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let config = args.config();
    let database = redacted(&config.database);
    let sandbox = match Sandbox::open(config).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("error: cannot open the database {database}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {error}", args.port);
            return ExitCode::FAILURE;
        }
    };
    let port = listener
        .local_addr()
        .map_or(args.port, |address| address.port());
    let config = sandbox.config();
    tracing::info!(
        clients = ?config.clients.iter().map(|client| &client.id).collect::<Vec<_>>(),
        token_lifetime_s = config.token_lifetime.as_secs(),
        single_use_tokens = config.single_use_tokens,
        webhook_url = config.webhook_url.as_deref().unwrap_or("none"),
        %database,
        "sandbox ready"
    );
    // Scripts wait for this line (and read the port from it): flush it now.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "listening on http://127.0.0.1:{port}");
    let _ = stdout.flush();
    let store = sandbox.store().clone();
    let served = eft_sandbox::serve(listener, eft_sandbox::router(sandbox), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    store.close().await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The database URL without its password, for logs.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}
