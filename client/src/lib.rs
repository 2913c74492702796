//! An async client of the Flinks Pay EFT V2 / GEFT session API, and the
//! `eft-client` command line.
//!
//! Every rule lives in the core crate's sans-IO [`eft_session::api`]: the
//! request of each call and the meaning of its answer, which call is
//! retried after which failure and how long to wait, the token policy, the
//! reading back of a repeated cancel or confirm. This crate only moves the
//! bytes (reqwest with rustls, on tokio), and adds what needs a clock or a
//! log: a `tracing` span per attempt, an audit event per cancellation
//! ([`audit`]), the watcher's sleeps, and the cleanup of a store's
//! abandoned sessions ([`sweep`], feature `eft-session-store`).
//!
//! ```no_run
//! use eft_client::Client;
//! use eft_session::api::{CancelOutcome, Credentials, Initiate};
//! use eft_session::wire::InitiateSessionRequest;
//! use eft_session::Product;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("http://127.0.0.1:8080", Credentials::new("sandbox", "sandbox")?).build()?;
//! let mut request = InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe");
//! request.reference_id = Some("USER12345".into());
//! let created = client.initiate(Initiate::new(request)?).await?;
//!
//! // The payer walked away: cancel. A lost answer is retried and read back.
//! match client.cancel(created.session_id).await?.outcome {
//!     CancelOutcome::Cancelled(_) | CancelOutcome::AlreadyCancelled(_) => {}
//!     CancelOutcome::AlreadyEnded(report) => println!("it ended first: {}", report.state()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The crate's README walks through the command line against a running
//! `eft-sandbox`.

#![forbid(unsafe_code)]

pub mod audit;
#[cfg(feature = "cli")]
pub mod cli;
mod client;
#[cfg(feature = "eft-session-store")]
pub mod sweep;
mod transport;

pub use crate::client::{BuildError, Client, ClientBuilder, DEFAULT_TIMEOUT};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
