//! Writers race on each session, 8 connections and 8 tasks:
//!
//! - four race to end it: a cancel, a completion, a failure and an expiry
//!   fired together. Exactly one may win; the other three must get the
//!   crate's `AlreadyTerminal`, and the log must replay to the row;
//! - two race to decide its pending guarantee offer: two confirms (accept or
//!   reject each) fired together. Exactly one may win; the other gets the
//!   crate's `NoGuaranteeOffer` (409) after an accept, `AlreadyTerminal`
//!   (400) after a reject, and the log must replay to the row.

mod support;

use std::sync::Arc;
use std::time::Instant;

use eft_session::{
    Event, GuaranteeStage, Product, Session, SessionStatus, StatusDetail, Transition,
    TransitionError,
};
use eft_session_store::{SessionStore, StoreError};
use support::postgres::{PgServer, server_or_skip};
use tokio::sync::Barrier;
use uuid::Uuid;

/// Connections in the pool, and tasks firing.
const WRITERS: usize = 8;
/// Requests fired at one session together: cancel, complete, fail, expire.
const CONTENDERS: usize = 4;

/// A migrated store of `WRITERS` connections on a fresh database of the
/// test PostgreSQL server, with the server (it stops when its last holder
/// drops it); `None` (and the skip said) without one.
async fn postgres_store(test: &str) -> Option<(Arc<PgServer>, SessionStore)> {
    let server = server_or_skip(test)?;
    let url = server.fresh_database().await.unwrap();
    let store = SessionStore::connect_with(&url, WRITERS as u32)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    Some((server, store))
}

/// A migrated store of `WRITERS` connections on SQLite file `file` in `dir`.
async fn sqlite_file_store(dir: &tempfile::TempDir, file: &str) -> SessionStore {
    let url = format!("sqlite://{}?mode=rwc", dir.path().join(file).display());
    let store = SessionStore::connect_with(&url, WRITERS as u32)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store
}

/// One of the four ending requests, by number.
async fn end(store: &SessionStore, id: Uuid, kind: usize) -> Result<Transition, StoreError> {
    match kind {
        0 => store.cancel(id).await.map(|(step, _)| step),
        1 => {
            store
                .apply(id, Event::Complete(StatusDetail::EFT0301))
                .await
        }
        2 => store.apply(id, Event::Fail(StatusDetail::EFT0401)).await,
        _ => store.apply(id, Event::TIME_OUT).await,
    }
}

/// Starts `sessions` sessions, races the four ending requests at each (two
/// sessions a round, all 8 tasks released together by a barrier), and
/// checks every session. Returns how many compare-and-sets were lost.
async fn race(store: SessionStore, sessions: usize) -> u64 {
    let ids: Arc<Vec<Uuid>> = Arc::new((1..=sessions as u128).map(Uuid::from_u128).collect());
    for &id in ids.iter() {
        store.create(id, Product::EftV2, None).await.unwrap();
        store.apply(id, Event::Start).await.unwrap();
    }
    let started = Instant::now();
    let barrier = Arc::new(Barrier::new(WRITERS));
    let per_round = WRITERS / CONTENDERS;
    let tasks: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (store, ids, barrier) = (store.clone(), ids.clone(), barrier.clone());
            tokio::spawn(async move {
                let mut answers = Vec::new();
                for round in 0..sessions.div_ceil(per_round) {
                    let index = round * per_round + writer / CONTENDERS;
                    barrier.wait().await;
                    if let Some(&id) = ids.get(index) {
                        answers.push((index, end(&store, id, writer % CONTENDERS).await));
                    }
                }
                answers
            })
        })
        .collect();
    let mut answers: Vec<Vec<Result<Transition, StoreError>>> =
        (0..sessions).map(|_| Vec::new()).collect();
    for task in tasks {
        for (index, answer) in task.await.unwrap() {
            answers[index].push(answer);
        }
    }
    let raced = started.elapsed();

    for (index, answers) in answers.into_iter().enumerate() {
        let id = ids[index];
        assert_eq!(
            answers.len(),
            CONTENDERS,
            "session {id}: every request answered"
        );
        let (won, lost): (Vec<_>, Vec<_>) = answers.into_iter().partition(Result::is_ok);
        assert_eq!(
            won.len(),
            1,
            "session {id}: exactly one request wins, got {won:?}"
        );
        let winner = won.into_iter().next().unwrap().unwrap();
        for loser in lost {
            assert!(
                matches!(
                    loser,
                    Err(StoreError::Transition(
                        TransitionError::AlreadyTerminal { .. }
                    ))
                ),
                "session {id}: a losing request gets AlreadyTerminal, got {loser:?}"
            );
        }
        let row = store.session(id).await.unwrap().unwrap();
        assert!(
            row.is_terminal(),
            "session {id} ends terminal, is {}",
            row.state()
        );
        assert_eq!(
            row.state(),
            winner.target(),
            "session {id}: the row is the winner's"
        );
        let log = store.log(id).await.unwrap();
        assert_eq!(
            log.len(),
            2,
            "session {id}: start and the one final step, got {log:?}"
        );
        assert_eq!(
            log[1], winner,
            "session {id}: the log holds the winner's step"
        );
        let replayed = Session::replay(id, None, log).unwrap();
        assert_eq!(replayed, row, "session {id}: the log replays to the row");
    }
    let lost = store.lost_races();
    eprintln!(
        "{sessions} sessions x {CONTENDERS} requests on {WRITERS} connections: {raced:?}, \
         {lost} compare-and-sets lost and retried"
    );
    lost
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_race_has_one_winner_per_session() {
    let Some((_server, store)) = postgres_store("postgres_race_has_one_winner_per_session").await
    else {
        return;
    };
    let lost = race(store.clone(), 500).await;
    // Under READ COMMITTED the four requests all read InProgress: the
    // conditional update, not a lock, is what turned three of them away.
    assert!(
        lost > 0,
        "the requests never overlapped: the race did not happen"
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_file_race_has_one_winner_per_session() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_file_store(&dir, "race.db").await;
    let journal: (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(journal.0.to_lowercase(), "wal");
    // SQLite serializes writers (BEGIN IMMEDIATE), so losers read the
    // terminal state instead of losing a compare-and-set; the outcome
    // checked is the same.
    race(store.clone(), 100).await;
    store.close().await;
}

/// Confirms fired at one session together.
const DECIDERS: usize = 2;

/// The two decisions fired at session `index`: both accept, accept then
/// reject, reject then accept, both reject, in turn.
fn decisions(index: usize) -> [bool; DECIDERS] {
    [index % 4 < 2, index.is_multiple_of(2)]
}

/// Creates `sessions` GEFT sessions, starts them and offers each a
/// guarantee, races two confirms at each (four sessions a round, all 8 tasks
/// released together by a barrier), and checks every session. Returns how
/// many compare-and-sets were lost.
async fn confirm_race(store: SessionStore, sessions: usize) -> u64 {
    let ids: Arc<Vec<Uuid>> = Arc::new((1..=sessions as u128).map(Uuid::from_u128).collect());
    for &id in ids.iter() {
        store.create(id, Product::Geft, None).await.unwrap();
        store.apply(id, Event::Start).await.unwrap();
        store.apply(id, Event::OfferGuarantee).await.unwrap();
    }
    let before = store.lost_races();
    let started = Instant::now();
    let barrier = Arc::new(Barrier::new(WRITERS));
    let per_round = WRITERS / DECIDERS;
    let tasks: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (store, ids, barrier) = (store.clone(), ids.clone(), barrier.clone());
            tokio::spawn(async move {
                let mut answers = Vec::new();
                for round in 0..sessions.div_ceil(per_round) {
                    let index = round * per_round + writer / DECIDERS;
                    barrier.wait().await;
                    if let Some(&id) = ids.get(index) {
                        let accepted = decisions(index)[writer % DECIDERS];
                        let answer = store.confirm_guarantee(id, accepted).await;
                        answers.push((index, accepted, answer.map(|(step, _)| step)));
                    }
                }
                answers
            })
        })
        .collect();
    let mut answers: Vec<Vec<(bool, Result<Transition, StoreError>)>> =
        (0..sessions).map(|_| Vec::new()).collect();
    for task in tasks {
        for (index, accepted, answer) in task.await.unwrap() {
            answers[index].push((accepted, answer));
        }
    }
    let raced = started.elapsed();

    let (mut no_offer, mut terminal) = (0, 0);
    for (index, answers) in answers.into_iter().enumerate() {
        let id = ids[index];
        assert_eq!(
            answers.len(),
            DECIDERS,
            "session {id}: every confirm answered"
        );
        let (won, lost): (Vec<_>, Vec<_>) =
            answers.into_iter().partition(|(_, answer)| answer.is_ok());
        assert_eq!(
            won.len(),
            1,
            "session {id}: exactly one confirm wins, got {won:?}"
        );
        let (accepted, winner) = won.into_iter().next().unwrap();
        let winner = winner.unwrap();
        let (status, stage) = if accepted {
            (SessionStatus::InProgress, GuaranteeStage::Accepted)
        } else {
            (SessionStatus::Failed, GuaranteeStage::Rejected)
        };
        assert_eq!(
            (winner.to(), winner.guarantee_before(), winner.guarantee()),
            (status, GuaranteeStage::Offered, stage),
            "session {id}: the winner decided the offer"
        );
        for (_, loser) in lost {
            let loser = loser.unwrap_err();
            if accepted {
                assert!(
                    matches!(
                        loser,
                        StoreError::Transition(TransitionError::NoGuaranteeOffer {
                            guarantee: GuaranteeStage::Accepted,
                            ..
                        })
                    ),
                    "session {id}: after an accept the other confirm gets NoGuaranteeOffer, \
                     got {loser:?}"
                );
                assert_eq!(loser.http_status(), 409);
                no_offer += 1;
            } else {
                assert!(
                    matches!(
                        loser,
                        StoreError::Transition(TransitionError::AlreadyTerminal {
                            status: SessionStatus::Failed,
                            ..
                        })
                    ),
                    "session {id}: after a reject the other confirm gets AlreadyTerminal, \
                     got {loser:?}"
                );
                assert_eq!(loser.http_status(), 400);
                terminal += 1;
            }
        }
        let row = store.session(id).await.unwrap().unwrap();
        assert_eq!(
            row.state(),
            winner.target(),
            "session {id}: the row is the winner's"
        );
        assert_eq!(row.guarantee(), stage);
        let log = store.log(id).await.unwrap();
        assert_eq!(
            log.len(),
            3,
            "session {id}: start, offer and the one decision, got {log:?}"
        );
        assert_eq!(
            log[2], winner,
            "session {id}: the log holds the winner's decision"
        );
        let replayed = Session::replay(id, None, log).unwrap();
        assert_eq!(replayed, row, "session {id}: the log replays to the row");
    }
    // Both-accept and both-reject sessions make each answer certain to occur.
    assert!(
        no_offer > 0 && terminal > 0,
        "{no_offer} no-offer, {terminal} terminal"
    );
    let lost = store.lost_races() - before;
    eprintln!(
        "{sessions} sessions x {DECIDERS} confirms on {WRITERS} connections: {raced:?}, \
         {lost} compare-and-sets lost and retried; losers: {no_offer} NoGuaranteeOffer, \
         {terminal} AlreadyTerminal"
    );
    lost
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_confirm_race_has_one_winner_per_offer() {
    let Some((_server, store)) =
        postgres_store("postgres_confirm_race_has_one_winner_per_offer").await
    else {
        return;
    };
    let lost = confirm_race(store.clone(), 400).await;
    // Both confirms read the offer pending; an accept leaves the status and
    // code as they were, so only the guarantee column in the update's
    // condition turned the second one away.
    assert!(
        lost > 0,
        "the confirms never overlapped: the race did not happen"
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_file_confirm_race_has_one_winner_per_offer() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_file_store(&dir, "confirm.db").await;
    // As in the ending race, SQLite serializes the writers: the loser reads
    // the decided offer rather than losing a compare-and-set.
    confirm_race(store.clone(), 100).await;
    store.close().await;
}
