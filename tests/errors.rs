//! Every public error answers with the HTTP status and title the crate docs'
//! table gives it, and `ProblemDetails::from` carries both: the table a
//! server's error handler relies on, checked here as a whole.

use std::borrow::Cow;

use eft_session::wire::{
    CancelSessionResponse, InitiateSessionRequest, ProblemDetails, SessionSetupStatusChanged,
    SessionStatusResponse,
};
use eft_session::{
    Amount, Event, GuaranteeStage, Product, ReferenceId, Session, SessionState, SessionStatus,
    StatusDetail, Timestamp, Transition,
};
use uuid::Uuid;

/// One row: what the error says it is, and what the problem body says.
fn row(status: u16, title: &'static str, problem: ProblemDetails) -> (u16, &'static str) {
    assert_eq!(problem.status, Some(status), "{title}");
    assert_eq!(problem.title, Some(Cow::Borrowed(title)), "{status}");
    (status, title)
}

macro_rules! answers {
    ($error:expr) => {{
        let error = $error;
        row(
            error.http_status(),
            error.title(),
            ProblemDetails::from(&error),
        )
    }};
}

fn geft_offered() -> Session {
    let mut session = Session::new(Uuid::nil(), None).in_product(Product::Geft);
    session.apply(Event::Start).unwrap();
    session.apply(Event::OfferGuarantee).unwrap();
    session
}

#[test]
fn parse_errors_are_400_with_their_own_titles() {
    assert_eq!(
        answers!("12.345".parse::<Amount>().unwrap_err()),
        (400, "Invalid Amount")
    );
    assert_eq!(
        answers!("EFT".parse::<StatusDetail>().unwrap_err()),
        (400, "Invalid Status Detail")
    );
    assert_eq!(
        answers!("Done".parse::<SessionStatus>().unwrap_err()),
        (400, "Invalid Session Status")
    );
    assert_eq!(
        answers!("".parse::<ReferenceId>().unwrap_err()),
        (400, "Invalid Reference Id")
    );
    assert_eq!(
        answers!("yesterday".parse::<Timestamp>().unwrap_err()),
        (400, "Invalid Timestamp")
    );
    assert_eq!(
        answers!("offered".parse::<GuaranteeStage>().unwrap_err()),
        (400, "Invalid Guarantee Stage")
    );
}

#[test]
fn parse_errors_keep_the_input_they_refused() {
    assert_eq!(
        "offered".parse::<GuaranteeStage>().unwrap_err().input(),
        "offered"
    );
    let long = "x".repeat(101);
    assert_eq!(
        long.parse::<ReferenceId>().unwrap_err().input(),
        &long[..64],
        "cut to 64 bytes"
    );
    assert_eq!(
        ReferenceId::parse_for(Product::EftV2, "a b")
            .unwrap_err()
            .input(),
        "a b"
    );
}

#[test]
fn state_errors_name_the_detail_or_the_stage() {
    let contradiction =
        SessionState::new(SessionStatus::Completed, Some(StatusDetail::EFT0501)).unwrap_err();
    assert_eq!(answers!(contradiction), (400, "Invalid Status Detail"));
    let missing = SessionState::new(SessionStatus::Failed, None).unwrap_err();
    assert_eq!(answers!(missing), (400, "Invalid Status Detail"));
    let mismatch = SessionState::INITIATED
        .with_guarantee(GuaranteeStage::Accepted)
        .unwrap_err();
    assert_eq!(answers!(mismatch), (400, "Invalid Guarantee Stage"));
}

#[test]
fn transition_errors_are_400_for_the_request_and_409_for_the_state() {
    let terminal = SessionStatus::Expired
        .transition(Event::CANCEL_BY_API)
        .unwrap_err();
    assert_eq!(answers!(terminal), (400, "Session Already Terminal"));
    let not_allowed = SessionStatus::Initiated
        .transition(Event::Complete(StatusDetail::EFT0301))
        .unwrap_err();
    assert_eq!(answers!(not_allowed), (409, "Invalid Session Transition"));
    let mismatch = SessionStatus::InProgress
        .transition(Event::Fail(StatusDetail::EFT0301))
        .unwrap_err();
    assert_eq!(answers!(mismatch), (400, "Invalid Status Detail"));
    let unreachable = Transition::new(
        SessionStatus::Initiated,
        SessionStatus::Initiated,
        Some(StatusDetail::EFT0101),
    )
    .unwrap_err();
    assert_eq!(answers!(unreachable), (409, "Invalid Session Transition"));
    let invalid_target =
        Transition::new(SessionStatus::InProgress, SessionStatus::Failed, None).unwrap_err();
    assert_eq!(answers!(invalid_target), (400, "Invalid Status Detail"));

    let mut offered = geft_offered();
    let pending = offered
        .apply(Event::Complete(StatusDetail::EFT0301))
        .unwrap_err();
    assert_eq!(answers!(pending), (409, "Guarantee Decision Pending"));
    offered.confirm_guarantee(true).unwrap();
    let no_offer = offered.confirm_guarantee(true).unwrap_err();
    assert_eq!(answers!(no_offer), (409, "No Guarantee Offer Pending"));
    let mut eft = Session::new(Uuid::nil(), None);
    eft.apply(Event::Start).unwrap();
    let not_enabled = eft.confirm_guarantee(true).unwrap_err();
    assert_eq!(answers!(not_enabled), (400, "Guarantee Not Enabled"));
}

#[test]
fn observe_and_replay_errors_say_whose_fault_it_is() {
    let mut session = Session::new(Uuid::nil(), None);
    let invalid = session
        .observe(SessionStatus::Completed, Some(StatusDetail::EFT0401))
        .unwrap_err();
    assert_eq!(answers!(invalid), (400, "Invalid Status Report"));
    let other = SessionStatusResponse::new(Uuid::max(), None, None, SessionState::INITIATED);
    let wrong = session.observe_report(&other).unwrap_err();
    assert_eq!(answers!(wrong), (400, "Wrong Session"));
    session.cancel().unwrap();
    let terminal = session
        .observe(SessionStatus::Expired, Some(StatusDetail::EFT0601))
        .unwrap_err();
    assert_eq!(answers!(terminal), (409, "Conflicting Status Report"));
    let mut started = Session::new(Uuid::nil(), None);
    started.apply(Event::Start).unwrap();
    let behind = started
        .observe(SessionStatus::Initiated, Some(StatusDetail::EFT0101))
        .unwrap_err();
    assert_eq!(answers!(behind), (409, "Conflicting Status Report"));

    let step = SessionStatus::InProgress
        .transition(Event::Fail(StatusDetail::EFT0401))
        .unwrap();
    let corrupt = Session::replay(Uuid::nil(), None, [step]).unwrap_err();
    assert_eq!(answers!(corrupt), (500, "Corrupt Session Log"));
}

#[test]
fn body_errors_are_400_invalid_body() {
    let decode = SessionStatusResponse::from_json("{").unwrap_err();
    assert_eq!(answers!(decode), (400, "Invalid Body"));
    let not_cancelled = CancelSessionResponse::from_json(
        r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Expired","statusDetails":"EFT0601"}"#,
    )
    .unwrap_err();
    assert_eq!(answers!(not_cancelled), (400, "Invalid Body"));
    let no_when = SessionSetupStatusChanged::from_json(
        r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#,
    )
    .unwrap_err();
    assert_eq!(answers!(no_when), (400, "Invalid Body"));
    assert_eq!(
        answers!(eft_session::wire::WireError::MissingWhen),
        (400, "Invalid Body")
    );
}

#[test]
fn rule_and_signature_errors_have_their_own_titles() {
    let rules = InitiateSessionRequest::new(Product::EftV2, "", "Doe")
        .validate()
        .unwrap_err();
    assert_eq!(
        answers!(rules),
        (400, "One or more validation errors occurred.")
    );
    #[cfg(feature = "webhook")]
    {
        use eft_session::webhook::SignatureError;
        for error in [
            SignatureError::Mismatch,
            SignatureError::MissingPrefix,
            SignatureError::TooMany,
        ] {
            assert_eq!(answers!(error), (401, "Invalid Webhook Signature"));
        }
    }
}

/// A problem body's `status` is the HTTP status a server answers with; a
/// body without one, or with a number that is no status, is a server error.
#[cfg(feature = "http1")]
#[test]
fn a_problem_body_gives_its_http_status() {
    let mut problem = ProblemDetails::session_not_found(Uuid::nil());
    assert_eq!(
        http::StatusCode::from(&problem),
        http::StatusCode::NOT_FOUND
    );
    for status in [None, Some(99), Some(1000)] {
        problem.status = status;
        assert_eq!(
            http::StatusCode::from(&problem),
            http::StatusCode::INTERNAL_SERVER_ERROR,
            "{status:?}"
        );
    }
}
