//! An offline emulator of the Flinks Pay EFT V2 / GEFT session API, built on
//! [`eft_session`]: client code can be developed and tested without the
//! provider's sandbox, in CI included.
//!
//! Every handler is a thin adapter: the rules, the bodies and the errors come
//! from the crate; sessions are kept by [`eft_session_store`], whose
//! compare-and-set makes racing requests end in exactly one legal outcome.
//!
//! The modules are in layers, each using only its own and the ones below,
//! so each file can be read and changed on its own:
//!
//! | Layer | Module | Concern |
//! |---|---|---|
//! | 0, settings and vocabulary | [`config`] | the command line, its `EFT_SANDBOX_*` variables, the settings, which webhook URLs are allowed |
//! | | `problem` | every error as an `application/problem+json` body; the path and body extractors |
//! | | `validate` | reading a create body field by field, a guarantee decision |
//! | | `ids` | fresh ids for sessions and tokens |
//! | 1, the parts | [`clock`] | the sandbox's clock, read and moved forward |
//! | | `auth` | clients, tokens, and what Basic and Bearer credentials grant |
//! | | `faults` | the faults in force and what they do to a request or a delivery |
//! | | `webhooks` | `SessionSetupStatusChanged` and `GuaranteeOffered` deliveries, their log, resends |
//! | | `request_log` | the last API requests, with their time, token and fault |
//! | | `requests` | the sandbox's own table: each session's creation request |
//! | | `timeouts` | each session's timeout and retention, kept in memory |
//! | | `flow` | the step the hosted flow shows, and what each drive action and scenario does |
//! | 2, the state | `sandbox` | [`Sandbox`]: the parts over the store; creating, recording and expiring sessions, the sweep |
//! | | `guarantee` | GEFT's guarantee offer, its webhook's attempts, the client's decision |
//! | 3, the routes | `routes` | the router and its middleware (request log, faults) |
//! | | `routes::api` | the documented endpoints: authorize, create, status, details, cancel, confirm |
//! | | `routes::flow` | driving a session's hosted flow, and showing it (`/sandbox/sessions/…`) |
//! | | `routes::admin` | the other `/sandbox/…` tools: clock, stats, requests, webhooks, faults |
//!
//! A part owns one concern and knows nothing of [`Sandbox`]: what it needs
//! of another part comes as an argument (the webhooks take the faults to
//! consult, the tokens and deliveries the clock to read).
//!
//! The crate's README has the flags, the decisions on tokens and the table of
//! every problem the sandbox answers.

#![forbid(unsafe_code)]

// Layer 0: settings and shared vocabulary.
pub mod config;
mod ids;
mod problem;
mod validate;

// Layer 1: the parts, one concern each.
mod auth;
pub mod clock;
mod faults;
mod flow;
mod request_log;
mod requests;
mod timeouts;
mod webhooks;

// Layer 2: the state composing the parts.
mod guarantee;
mod sandbox;

// Layer 3: the routes.
mod routes;

use axum::Router;

pub use crate::clock::Clock;
pub use crate::config::{Args, Client, Config, Features, is_loopback_url};
pub use crate::routes::router;
pub use crate::sandbox::{Sandbox, Swept};

/// Serves `router` on `listener` until `shutdown` resolves.
///
/// # Errors
///
/// The listener's I/O error.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
