//! The store's promises, each checked on SQLite and on PostgreSQL: parked
//! bodies are kept, a duplicate report writes nothing, the log replays to
//! the row, the log cannot be rewritten, and bad rows and bad requests get
//! typed errors.

mod support;

use eft_session::wire::SessionStatusResponse;
use eft_session::{
    Event, Observation, ObserveError, Product, Session, SessionStatus, StatusDetail,
    TransitionError,
};
use eft_session_store::{SessionStore, StoreError};
use support::postgres::server_or_skip;
use uuid::Uuid;

/// Runs `scenario` on a fresh in-memory SQLite store, then on a fresh
/// database of the test PostgreSQL server (or says it skipped that).
async fn on_each_engine<F>(test: &str, scenario: impl Fn(SessionStore) -> F)
where
    F: Future<Output = ()>,
{
    let store = SessionStore::connect("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    scenario(store.clone()).await;
    store.close().await;

    let Some(server) = server_or_skip(test) else {
        return;
    };
    let url = server.fresh_database().await.unwrap();
    let store = SessionStore::connect_with(&url, 2).await.unwrap();
    store.migrate().await.unwrap();
    scenario(store.clone()).await;
    store.close().await;
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// The log of `id` replays to its row.
async fn assert_replays(store: &SessionStore, id: Uuid) {
    let row = store.session(id).await.unwrap().unwrap();
    let log = store.log(id).await.unwrap();
    // The log does not carry the product (a GEFT session with no offer
    // replays as EFT V2); the row does.
    let replayed = Session::replay(id, row.reference_id().cloned(), log)
        .unwrap()
        .in_product(row.product());
    assert_eq!(replayed, row);
}

#[tokio::test]
async fn parked_bodies_are_kept_byte_for_byte() {
    on_each_engine("parked_bodies_are_kept_byte_for_byte", |store| async move {
        assert!(store.parked().await.unwrap().is_empty());
        let unknown = br#"{"sessionId":"00000000-0000-0000-0000-0000000000ff","status":"Completed","statusDetails":"EFT0301"}"#;
        let first = store
            .park(Some(id(0xff)), unknown, "no session 00000000-0000-0000-0000-0000000000ff")
            .await
            .unwrap();
        let binary = [0x00, 0xff, 0xfe, b'{'];
        let second = store.park(None, &binary, "body is not UTF-8").await.unwrap();
        assert!(first < second);

        let parked = store.parked().await.unwrap();
        assert_eq!(parked.len(), 2);
        assert_eq!(parked[0].number(), first);
        assert_eq!(parked[0].session_id(), Some(id(0xff)));
        assert_eq!(parked[0].body(), unknown);
        assert_eq!(
            parked[0].reason(),
            "no session 00000000-0000-0000-0000-0000000000ff"
        );
        assert_eq!(parked[1].number(), second);
        assert_eq!(parked[1].session_id(), None);
        assert_eq!(parked[1].body(), binary);
    })
    .await;
}

#[tokio::test]
async fn a_report_for_an_unknown_session_is_not_found_and_can_be_parked() {
    on_each_engine("a_report_for_an_unknown_session_is_not_found_and_can_be_parked", |store| async move {
        let text = r#"{"sessionId":"00000000-0000-0000-0000-000000000009","status":"InProgress","statusDetails":null}"#;
        let report = SessionStatusResponse::from_json(text).unwrap();
        let err = store.observe_report(&report).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound(missing) if missing == id(9)));
        assert_eq!(err.http_status(), 404);
        store
            .park(Some(report.session_id()), text.as_bytes(), &err.to_string())
            .await
            .unwrap();
        let parked = store.parked().await.unwrap();
        assert_eq!(parked[0].reason(), "no session 00000000-0000-0000-0000-000000000009");
        assert_eq!(store.session(id(9)).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_report_writes_nothing() {
    on_each_engine("a_duplicate_report_writes_nothing", |store| async move {
        store.create(id(1), Product::EftV2, None).await.unwrap();
        let done = (SessionStatus::Completed, Some(StatusDetail::EFT0302));
        let seen = store.observe(id(1), done.0, done.1).await.unwrap();
        assert!(matches!(seen, Observation::SkippedInProgress { .. }));
        let log = store.log(id(1)).await.unwrap();
        assert_eq!(log.len(), 2);

        // The same webhook again, by state and as a body.
        assert_eq!(
            store.observe(id(1), done.0, done.1).await.unwrap(),
            Observation::Unchanged
        );
        let body = SessionStatusResponse::from_json(
            r#"{"sessionId":"00000000-0000-0000-0000-000000000001","status":"Completed","statusDetails":"EFT0302"}"#,
        )
        .unwrap();
        assert_eq!(store.observe_report(&body).await.unwrap(), Observation::Unchanged);
        assert_eq!(store.log(id(1)).await.unwrap(), log);
        assert_eq!(store.lost_races(), 0);

        // An InProgress report with a code, while InProgress, is no news either.
        store.create(id(2), Product::Geft, None).await.unwrap();
        store.apply(id(2), Event::Start).await.unwrap();
        let labelled = StatusDetail::from_number(201);
        assert_eq!(
            store.observe(id(2), SessionStatus::InProgress, labelled).await.unwrap(),
            Observation::Unchanged
        );
        assert_eq!(store.log(id(2)).await.unwrap().len(), 1);
        assert_eq!(store.session(id(2)).await.unwrap().unwrap().detail(), None);
    })
    .await;
}

#[tokio::test]
async fn the_log_replays_to_the_row() {
    on_each_engine("the_log_replays_to_the_row", |store| async move {
        let reference = Some("USER12345".parse().unwrap());
        store
            .create(id(1), Product::EftV2, reference)
            .await
            .unwrap();
        assert_replays(&store, id(1)).await;
        // A reported InProgress keeps its code, in the row and in the log.
        store
            .observe(
                id(1),
                SessionStatus::InProgress,
                StatusDetail::from_number(201),
            )
            .await
            .unwrap();
        assert_eq!(
            store.session(id(1)).await.unwrap().unwrap().detail(),
            StatusDetail::from_number(201)
        );
        assert_replays(&store, id(1)).await;
        // The compare-and-set matches the code it left from, not only the status.
        store
            .apply(id(1), Event::Fail(StatusDetail::EFT0401))
            .await
            .unwrap();
        assert_replays(&store, id(1)).await;
        assert_eq!(store.log(id(1)).await.unwrap().len(), 2);

        store.create(id(2), Product::Geft, None).await.unwrap();
        store.cancel(id(2)).await.unwrap();
        assert_replays(&store, id(2)).await;
        assert_eq!(store.product(id(2)).await.unwrap(), Some(Product::Geft));
    })
    .await;
}

#[tokio::test]
async fn refusals_are_typed_and_change_nothing() {
    on_each_engine(
        "refusals_are_typed_and_change_nothing",
        |store| async move {
            store.create(id(1), Product::EftV2, None).await.unwrap();
            let again = store.create(id(1), Product::EftV2, None).await.unwrap_err();
            assert!(matches!(again, StoreError::AlreadyExists(found) if found == id(1)));
            assert_eq!(again.http_status(), 409);
            assert_eq!(
                again.to_string(),
                "session 00000000-0000-0000-0000-000000000001 already exists"
            );

            let early = store
                .apply(id(1), Event::Complete(StatusDetail::EFT0301))
                .await
                .unwrap_err();
            assert!(matches!(
                early,
                StoreError::Transition(TransitionError::NotAllowed { .. })
            ));
            assert_eq!(early.http_status(), 409);

            store.apply(id(1), Event::TIME_OUT).await.unwrap();
            let late = store.cancel(id(1)).await.unwrap_err();
            assert_eq!(late.http_status(), 400);
            assert_eq!(
                late.to_string(),
                "cannot cancel session: already terminal at Expired (EFT0601)"
            );
            let conflict = store
                .observe(id(1), SessionStatus::Completed, Some(StatusDetail::EFT0301))
                .await
                .unwrap_err();
            assert!(matches!(
                conflict,
                StoreError::Observe(ObserveError::AlreadyTerminal { .. })
            ));
            assert_eq!(conflict.http_status(), 409);
            let invalid = store
                .observe(id(1), SessionStatus::Completed, Some(StatusDetail::EFT0501))
                .await
                .unwrap_err();
            assert!(matches!(
                invalid,
                StoreError::Observe(ObserveError::Invalid(_))
            ));

            assert_eq!(store.log(id(1)).await.unwrap().len(), 1);
            assert_eq!(store.cancel(id(2)).await.unwrap_err().http_status(), 404);
            assert_eq!(store.log(id(2)).await.unwrap(), []);
        },
    )
    .await;
}

#[tokio::test]
async fn the_log_is_append_only() {
    on_each_engine("the_log_is_append_only", |store| async move {
        store.create(id(1), Product::EftV2, None).await.unwrap();
        store.cancel(id(1)).await.unwrap();
        for statement in [
            "UPDATE transitions SET to_status = 'Completed'",
            "DELETE FROM transitions",
        ] {
            let err = sqlx::query(statement)
                .execute(store.pool())
                .await
                .unwrap_err();
            assert!(
                err.to_string().contains("transitions is append-only"),
                "{statement}: {err}"
            );
        }
        assert_eq!(store.log(id(1)).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_row_changed_behind_the_stores_back_is_reported_not_trusted() {
    on_each_engine("a_row_changed_behind_the_stores_back_is_reported_not_trusted", |store| async move {
        store.create(id(1), Product::EftV2, None).await.unwrap();
        sqlx::query("UPDATE sessions SET status = 'Completed', status_details = 'EFT0501' WHERE id = $1")
            .bind(id(1).to_string())
            .execute(store.pool())
            .await
            .unwrap();
        let err = store.session(id(1)).await.unwrap_err();
        assert_eq!(err.http_status(), 500);
        assert_eq!(
            err.to_string(),
            "stored sessions row of 00000000-0000-0000-0000-000000000001 is unreadable: \
             status detail EFT0501 belongs to Cancelled, not Completed"
        );
        // A change reads the same row, and refuses the same way.
        assert!(matches!(
            store.cancel(id(1)).await.unwrap_err(),
            StoreError::Corrupt { table: "sessions", .. }
        ));
    })
    .await;
}
