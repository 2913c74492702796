//! EFT sessions kept in SQLite or PostgreSQL, every change decided by
//! [`eft_session`] and written as a compare-and-set with an append-only log.
//!
//! [`SessionStore`] is the whole API: create a session, apply events, cancel,
//! confirm a GEFT session's guarantee, take in polled or webhook reports,
//! read a session and its log, and park the webhook bodies it could not take
//! in. A GEFT session's guarantee decision is kept with it and with every
//! step, so its log replays the decision too. See the crate's README for the
//! schema, how the compare-and-set works, the race test and the cost of it
//! all.
//!
//! # Examples
//!
//! ```
//! use eft_session::{Event, Product, Session, SessionStatus, StatusDetail};
//! use eft_session_store::SessionStore;
//! use uuid::Uuid;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let store = SessionStore::connect("sqlite::memory:").await?;
//! store.migrate().await?;
//!
//! let id = Uuid::from_u128(42);
//! store.create(id, Product::EftV2, None).await?;
//! store.observe(id, SessionStatus::Failed, Some(StatusDetail::EFT0401)).await?;
//! assert!(store.cancel(id).await.is_err());
//!
//! let replayed = Session::replay(id, None, store.log(id).await?)?;
//! assert_eq!(Some(replayed), store.session(id).await?);
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod parked;
mod store;

pub use crate::error::StoreError;
pub use crate::parked::ParkedBody;
pub use crate::store::SessionStore;

/// The README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
