//! The core's test kit drives the store: generated sequences of creates,
//! events, cancels and reports, each answer and every session compared with
//! the reference model, and every session's log replayed to its row.

mod support;

use eft_session_store::SessionStore;
use support::Blocking;
use support::postgres::server_or_skip;

#[test]
fn sqlite_follows_the_model() {
    // A fresh in-memory database for every sequence.
    support::kit_test(128, || {
        Blocking::open(|| SessionStore::connect("sqlite::memory:"))
    })
    .check();
}

#[test]
fn postgres_follows_the_model() {
    let Some(server) = server_or_skip("postgres_follows_the_model") else {
        return;
    };
    // A fresh database on the server for every sequence.
    support::kit_test(64, || {
        Blocking::open(|| async {
            let url = server.fresh_database().await?;
            SessionStore::connect_with(&url, 2).await
        })
    })
    .check();
}
