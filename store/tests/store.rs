//! The store's promises, each checked on SQLite and on PostgreSQL: parked
//! bodies are kept, a duplicate report writes nothing, the log replays to
//! the row, a GEFT session's guarantee decision is kept in the row and the
//! log, the log cannot be rewritten, and bad rows and bad requests get typed
//! errors.

mod support;

use eft_session::wire::SessionStatusResponse;
use eft_session::{
    Event, GUARANTEE_FAILURE, GuaranteeStage, Observation, ObserveError, Product, Session,
    SessionStatus, StatusDetail, TransitionError,
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

/// The log of `id` replays to its row. The log holds steps, not the
/// product: a GEFT session whose log has no guarantee step replays as EFT V2,
/// so the product is taken from the row, as a reader of the log would.
async fn assert_replays(store: &SessionStore, id: Uuid) {
    let row = store.session(id).await.unwrap().unwrap();
    let log = store.log(id).await.unwrap();
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
        support::assert_append_only(
            &store,
            &[
                "UPDATE transitions SET to_status = 'Completed'",
                "UPDATE transitions SET guarantee = 'Accepted'",
                "DELETE FROM transitions",
            ],
        )
        .await;
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

/// The stored stage columns: the session's, and each step's (from, to).
async fn stored_stages(store: &SessionStore, id: Uuid) -> (String, Vec<(String, String)>) {
    use sqlx::Row;
    let session: String = sqlx::query("SELECT guarantee FROM sessions WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get("guarantee");
    let steps = sqlx::query(
        "SELECT from_guarantee, guarantee FROM transitions WHERE session_id = $1 ORDER BY seq",
    )
    .bind(id.to_string())
    .fetch_all(store.pool())
    .await
    .unwrap()
    .iter()
    .map(|row| (row.get("from_guarantee"), row.get("guarantee")))
    .collect();
    (session, steps)
}

fn pairs(stages: &[(&str, &str)]) -> Vec<(String, String)> {
    stages
        .iter()
        .map(|(from, to)| ((*from).to_owned(), (*to).to_owned()))
        .collect()
}

#[tokio::test]
async fn a_geft_sessions_guarantee_decision_is_kept() {
    on_each_engine(
        "a_geft_sessions_guarantee_decision_is_kept",
        |store| async move {
            // Accepted by the client, then completed.
            store
                .create(id(1), Product::Geft, Some("Happy1".parse().unwrap()))
                .await
                .unwrap();
            store.apply(id(1), Event::Start).await.unwrap();
            let offer = store.apply(id(1), Event::OfferGuarantee).await.unwrap();
            assert_eq!(
                (offer.guarantee_before(), offer.guarantee()),
                (GuaranteeStage::NotOffered, GuaranteeStage::Offered)
            );
            // Completing, or a report of completion, waits for the decision.
            let early = store
                .apply(id(1), Event::Complete(StatusDetail::EFT0301))
                .await
                .unwrap_err();
            assert!(matches!(
                early,
                StoreError::Transition(TransitionError::GuaranteePending { .. })
            ));
            assert_eq!(early.http_status(), 409);
            let report = store
                .observe(id(1), SessionStatus::Completed, Some(StatusDetail::EFT0301))
                .await
                .unwrap_err();
            assert!(matches!(
                report,
                StoreError::Observe(ObserveError::Unreachable { .. })
            ));
            assert_eq!(store.log(id(1)).await.unwrap().len(), 2);
            let (step, body) = store.confirm_guarantee(id(1), true).await.unwrap();
            assert_eq!(
                (step.from(), step.to()),
                (SessionStatus::InProgress, SessionStatus::InProgress)
            );
            assert_eq!(step.guarantee(), GuaranteeStage::Accepted);
            assert_eq!(body.session_id(), id(1));
            assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy1"));
            store
                .apply(id(1), Event::Complete(StatusDetail::EFT0301))
                .await
                .unwrap();
            let row = store.session(id(1)).await.unwrap().unwrap();
            assert_eq!(
                (row.status(), row.guarantee(), row.product()),
                (
                    SessionStatus::Completed,
                    GuaranteeStage::Accepted,
                    Product::Geft
                )
            );
            assert_eq!(
                stored_stages(&store, id(1)).await,
                (
                    "Accepted".to_owned(),
                    pairs(&[
                        ("NotOffered", "NotOffered"),
                        ("NotOffered", "Offered"),
                        ("Offered", "Accepted"),
                        ("Accepted", "Accepted"),
                    ])
                )
            );
            assert_replays(&store, id(1)).await;

            // Rejected by the client: failed, and a second decision is too late.
            store.create(id(2), Product::Geft, None).await.unwrap();
            store.apply(id(2), Event::Start).await.unwrap();
            store.apply(id(2), Event::OfferGuarantee).await.unwrap();
            let (step, _) = store.confirm_guarantee(id(2), false).await.unwrap();
            assert_eq!(step.target().detail(), Some(GUARANTEE_FAILURE));
            let late = store.confirm_guarantee(id(2), true).await.unwrap_err();
            assert!(matches!(
                late,
                StoreError::Transition(TransitionError::AlreadyTerminal { .. })
            ));
            assert_eq!(late.http_status(), 400);
            let row = store.session(id(2)).await.unwrap().unwrap();
            assert_eq!(
                (row.status(), row.detail(), row.guarantee()),
                (
                    SessionStatus::Failed,
                    Some(GUARANTEE_FAILURE),
                    GuaranteeStage::Rejected
                )
            );
            assert_eq!(stored_stages(&store, id(2)).await.0, "Rejected");
            assert_replays(&store, id(2)).await;

            // Accepted automatically, then a confirm finds no offer pending.
            store.create(id(3), Product::Geft, None).await.unwrap();
            store.apply(id(3), Event::Start).await.unwrap();
            store.apply(id(3), Event::OfferGuarantee).await.unwrap();
            store
                .apply(id(3), Event::AutoAcceptGuarantee)
                .await
                .unwrap();
            let none = store.confirm_guarantee(id(3), true).await.unwrap_err();
            assert!(matches!(
                none,
                StoreError::Transition(TransitionError::NoGuaranteeOffer {
                    guarantee: GuaranteeStage::AutoAccepted,
                    ..
                })
            ));
            assert_eq!(none.http_status(), 409);
            assert_eq!(stored_stages(&store, id(3)).await.0, "AutoAccepted");
            assert_replays(&store, id(3)).await;

            // Undelivered: failed with the guarantee's code.
            store.create(id(4), Product::Geft, None).await.unwrap();
            store.apply(id(4), Event::Start).await.unwrap();
            store.apply(id(4), Event::OfferGuarantee).await.unwrap();
            store
                .apply(id(4), Event::GUARANTEE_UNDELIVERED)
                .await
                .unwrap();
            let row = store.session(id(4)).await.unwrap().unwrap();
            assert_eq!(
                (row.status(), row.guarantee()),
                (SessionStatus::Failed, GuaranteeStage::Undelivered)
            );
            assert_eq!(
                stored_stages(&store, id(4)).await.1.last(),
                Some(&("Offered".to_owned(), "Undelivered".to_owned()))
            );
            assert_replays(&store, id(4)).await;

            // A confirm with no offer made: 409, nothing written.
            store.create(id(5), Product::Geft, None).await.unwrap();
            store.apply(id(5), Event::Start).await.unwrap();
            let none = store.confirm_guarantee(id(5), false).await.unwrap_err();
            assert!(matches!(
                none,
                StoreError::Transition(TransitionError::NoGuaranteeOffer {
                    guarantee: GuaranteeStage::NotOffered,
                    ..
                })
            ));
            assert_eq!(store.log(id(5)).await.unwrap().len(), 1);
            assert_eq!(
                store
                    .confirm_guarantee(id(6), true)
                    .await
                    .unwrap_err()
                    .http_status(),
                404
            );
            assert_eq!(store.lost_races(), 0);
        },
    )
    .await;
}

#[tokio::test]
async fn an_eft_v2_session_refuses_guarantee_events() {
    on_each_engine(
        "an_eft_v2_session_refuses_guarantee_events",
        |store| async move {
            store.create(id(1), Product::EftV2, None).await.unwrap();
            store.apply(id(1), Event::Start).await.unwrap();
            for event in [
                Event::OfferGuarantee,
                Event::AcceptGuarantee,
                Event::REJECT_GUARANTEE,
            ] {
                let err = store.apply(id(1), event).await.unwrap_err();
                assert!(
                    matches!(
                        err,
                        StoreError::Transition(TransitionError::GuaranteeNotEnabled {
                            product: Product::EftV2,
                            ..
                        })
                    ),
                    "{event:?}: {err:?}"
                );
                assert_eq!(err.http_status(), 400);
            }
            let err = store.confirm_guarantee(id(1), true).await.unwrap_err();
            assert_eq!(
                err.to_string(),
                "cannot accept the guarantee of session: EFT V2 sessions offer no guarantee"
            );
            let row = store.session(id(1)).await.unwrap().unwrap();
            assert_eq!(
                (row.status(), row.guarantee(), row.product()),
                (
                    SessionStatus::InProgress,
                    GuaranteeStage::NotOffered,
                    Product::EftV2
                )
            );
            assert_eq!(store.log(id(1)).await.unwrap().len(), 1);

            // Terminal comes first, for either product.
            store
                .apply(id(1), Event::Fail(StatusDetail::EFT0401))
                .await
                .unwrap();
            let ended = store.confirm_guarantee(id(1), false).await.unwrap_err();
            assert!(matches!(
                ended,
                StoreError::Transition(TransitionError::AlreadyTerminal { .. })
            ));
        },
    )
    .await;
}

/// Lets the guarantee columns hold any text, as a hand-edited or foreign
/// database might: SQLite ignores CHECK constraints on this connection (the
/// in-memory store has one), PostgreSQL drops the named constraints.
async fn drop_guarantee_checks(store: &SessionStore) {
    let engine = store
        .pool()
        .acquire()
        .await
        .unwrap()
        .backend_name()
        .to_owned();
    let statements: &[&str] = if engine == "SQLite" {
        &["PRAGMA ignore_check_constraints = ON"]
    } else {
        &[
            "ALTER TABLE sessions DROP CONSTRAINT sessions_guarantee_check",
            "ALTER TABLE transitions DROP CONSTRAINT transitions_from_guarantee_check",
        ]
    };
    for statement in statements {
        sqlx::query(statement).execute(store.pool()).await.unwrap();
    }
}

#[tokio::test]
async fn a_bad_guarantee_stage_is_reported_not_trusted() {
    on_each_engine("a_bad_guarantee_stage_is_reported_not_trusted", |store| async move {
        let set = |n: u128, stage: &'static str| {
            let store = store.clone();
            async move {
                sqlx::query("UPDATE sessions SET guarantee = $2 WHERE id = $1")
                    .bind(id(n).to_string())
                    .bind(stage)
                    .execute(store.pool())
                    .await
                    .unwrap();
            }
        };
        let reason = |n: u128, reason: &str| {
            format!("stored sessions row of {} is unreadable: {reason}", id(n))
        };

        // A stage that does not go with the status.
        store.create(id(1), Product::Geft, None).await.unwrap();
        set(1, "Offered").await;
        let err = store.session(id(1)).await.unwrap_err();
        assert_eq!(err.http_status(), 500);
        assert_eq!(err.to_string(), reason(1, "guarantee Offered does not go with Initiated"));
        // A change reads the same row, and refuses the same way.
        assert!(matches!(
            store.confirm_guarantee(id(1), true).await.unwrap_err(),
            StoreError::Corrupt { table: "sessions", .. }
        ));

        // An offer to an EFT V2 session.
        store.create(id(2), Product::EftV2, None).await.unwrap();
        store.apply(id(2), Event::Start).await.unwrap();
        set(2, "Offered").await;
        let err = store.session(id(2)).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            reason(
                2,
                "guarantee Offered does not go with product EFT V2: only GEFT sessions are \
                 offered one"
            )
        );
        assert!(matches!(
            store.product(id(2)).await.unwrap_err(),
            StoreError::Corrupt { table: "sessions", .. }
        ));

        // A step the guarantee stages make illegal: accepting an offer never made.
        store.create(id(3), Product::Geft, None).await.unwrap();
        store.apply(id(3), Event::Start).await.unwrap();
        sqlx::query(
            "INSERT INTO transitions \
             (session_id, seq, from_status, from_guarantee, to_status, guarantee) \
             VALUES ($1, 2, 'InProgress', 'NotOffered', 'InProgress', 'Accepted')",
        )
        .bind(id(3).to_string())
        .execute(store.pool())
        .await
        .unwrap();
        let err = store.log(id(3)).await.unwrap_err();
        assert_eq!(err.http_status(), 500);
        assert_eq!(
            err.to_string(),
            format!(
                "stored transitions row of {}#2 is unreadable: cannot accept the guarantee of \
                 session: no guarantee offer is pending (guarantee NotOffered, status InProgress)",
                id(3)
            )
        );

        // Names outside the six, past the CHECK.
        drop_guarantee_checks(&store).await;
        store.create(id(4), Product::Geft, None).await.unwrap();
        set(4, "offered").await;
        assert_eq!(
            store.session(id(4)).await.unwrap_err().to_string(),
            reason(4, "unknown guarantee stage \"offered\"")
        );
        store.create(id(5), Product::Geft, None).await.unwrap();
        sqlx::query(
            "INSERT INTO transitions \
             (session_id, seq, from_status, from_guarantee, to_status, guarantee) \
             VALUES ($1, 1, 'Initiated', 'Maybe', 'InProgress', 'NotOffered')",
        )
        .bind(id(5).to_string())
        .execute(store.pool())
        .await
        .unwrap();
        assert_eq!(
            store.log(id(5)).await.unwrap_err().to_string(),
            format!(
                "stored transitions row of {}#1 is unreadable: unknown guarantee stage \"Maybe\"",
                id(5)
            )
        );
    })
    .await;
}

#[tokio::test]
async fn open_sessions_are_the_ones_not_final_and_old_enough() {
    on_each_engine("open_sessions", |store| async move {
        for n in 1..=4 {
            store.create(id(n), Product::EftV2, None).await.unwrap();
        }
        store.apply(id(2), Event::Start).await.unwrap();
        store.cancel(id(3)).await.unwrap();
        // Session 4 is backdated an hour, through the pool: the query reads
        // the database's clock, so a test moves the row, not the clock.
        let engine = store.pool().acquire().await.unwrap().backend_name().to_owned();
        let backdate = if engine == "PostgreSQL" {
            "UPDATE sessions SET created_at = now() - interval '1 hour' WHERE id = $1"
        } else {
            "UPDATE sessions SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3600 seconds') WHERE id = $1"
        };
        sqlx::query(backdate)
            .bind(id(4).to_string())
            .execute(store.pool())
            .await
            .unwrap();
        let ids = |open: Vec<Session>| open.iter().map(Session::id).collect::<Vec<_>>();
        // Oldest first; the cancelled one is not open.
        assert_eq!(
            ids(store.open_sessions(std::time::Duration::ZERO).await.unwrap()),
            [id(4), id(1), id(2)]
        );
        assert_eq!(
            ids(store
                .open_sessions(std::time::Duration::from_secs(1800))
                .await
                .unwrap()),
            [id(4)]
        );
        assert!(store
            .open_sessions(std::time::Duration::from_secs(7200))
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_finished_session_is_forgotten_whole_and_an_open_one_never() {
    on_each_engine("forget", |store| async move {
        store.create(id(1), Product::EftV2, None).await.unwrap();
        store.create(id(2), Product::Geft, None).await.unwrap();
        store.apply(id(2), Event::Start).await.unwrap();
        store.cancel(id(2)).await.unwrap();

        // An open session stays, whole, with the crate's word for why.
        let err = store.forget(id(1)).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFinished(found) if found == id(1)));
        assert_eq!(err.http_status(), 409);
        assert!(store.session(id(1)).await.unwrap().is_some());

        assert!(store.forget(id(2)).await.unwrap());
        assert_eq!(store.session(id(2)).await.unwrap(), None);
        assert!(store.log(id(2)).await.unwrap().is_empty());
        assert!(!store.forget(id(2)).await.unwrap());
        assert!(!store.forget(id(9)).await.unwrap());

        // Outside `forget`, the log is as append-only as before, a finished
        // session's included.
        store.cancel(id(1)).await.unwrap();
        support::assert_append_only(
            &store,
            &[
                "DELETE FROM transitions",
                "UPDATE transitions SET to_status = 'Completed'",
            ],
        )
        .await;
        assert_eq!(store.log(id(1)).await.unwrap().len(), 1);
        // The id may be used again once forgotten.
        store.create(id(2), Product::EftV2, None).await.unwrap();
        assert_replays(&store, id(1)).await;
    })
    .await;
}

#[tokio::test]
async fn parked_bodies_are_pruned_by_age() {
    on_each_engine("prune_parked", |store| async move {
        store.park(None, b"old", "a reason").await.unwrap();
        store.park(None, b"new", "a reason").await.unwrap();
        let engine = store.pool().acquire().await.unwrap().backend_name().to_owned();
        let backdate = if engine == "PostgreSQL" {
            "UPDATE parked_bodies SET received_at = now() - interval '8 days' WHERE body = $1"
        } else {
            "UPDATE parked_bodies SET received_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-691200 seconds') WHERE body = $1"
        };
        sqlx::query(backdate)
            .bind(b"old".to_vec())
            .execute(store.pool())
            .await
            .unwrap();
        let week = std::time::Duration::from_secs(7 * 86_400);
        assert_eq!(store.prune_parked(week).await.unwrap(), 1);
        let left = store.parked().await.unwrap();
        assert_eq!(left.iter().map(|body| body.body()).collect::<Vec<_>>(), [b"new"]);
    })
    .await;
}
