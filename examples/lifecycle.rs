//! A walk through the lives of a few EFT sessions, printing each transition
//! and the JSON bodies a server would send or receive.
//!
//! Run with `cargo run --example lifecycle`.

use eft_session::wire::{ProblemDetails, SessionStatusResponse};
use eft_session::{Amount, Event, Observation, Session, StatusDetail, Transition};
use uuid::Uuid;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result {
    payer_completes_then_client_cancels_too_late()?;
    client_cancels_an_abandoned_session()?;
    poller_catches_up_and_ignores_a_duplicate()?;
    a_contradictory_body_is_refused()?;
    an_event_log_is_replayed()?;
    Ok(())
}

fn heading(title: &str) {
    println!("\n== {title}");
}

fn step(step: Transition) {
    println!("   step  {step}");
}

fn json(label: &str, body: &impl serde::Serialize) -> Result {
    println!("   {label:<5} {}", serde_json::to_string(body)?);
    Ok(())
}

fn payer_completes_then_client_cancels_too_late() -> Result {
    heading("The payer completes the flow; a late cancel is refused with 400");
    let id = Uuid::parse_str("86095db9-0d2f-4c1a-9c1e-3f3a3e0b7a10")?;
    let mut session = Session::new(id, Some("Happy1".parse()?));
    println!("   new   {}", session.state());
    step(session.apply(Event::Start)?);
    step(session.apply(Event::Complete(StatusDetail::EFT0301))?);
    json(
        "poll",
        &session.status_response(Some(Amount::from_cents(50_000))),
    )?;

    let before = session.clone();
    let err = session
        .cancel()
        .expect_err("a completed session cannot be cancelled");
    println!("   error {err} (HTTP {})", err.http_status());
    json(
        "400",
        &ProblemDetails::for_transition_error(session.id(), &err),
    )?;
    assert_eq!(session, before, "a refused cancel changes nothing");
    Ok(())
}

fn client_cancels_an_abandoned_session() -> Result {
    heading("The payer abandons the flow; the client cancels it");
    let id = Uuid::parse_str("850750a4-3021-4061-ac03-a8d873aa4179")?;
    let mut session = Session::new(id, Some("USER12345".parse()?));
    step(session.apply(Event::Start)?);
    let (cancelled, body) = session.cancel()?;
    step(cancelled);
    json("200", &body)?;
    let err = session.cancel().expect_err("already cancelled");
    println!("   again {err}");
    Ok(())
}

fn poller_catches_up_and_ignores_a_duplicate() -> Result {
    heading("A poller sees the final state directly, then the same state again");
    let reported: SessionStatusResponse = serde_json::from_str(
        r#"{"sessionId":"3f1d2a9e-5c4b-4e8a-9d7f-1a2b3c4d5e6f","referenceId":"Unhappy1",
            "amount":null,"status":"Failed","statusDetails":"EFT0402"}"#,
    )?;
    let mut session = Session::new(reported.session_id(), reported.reference_id().cloned());
    let seen = session.observe_report(&reported)?;
    for transition in seen.transitions() {
        step(transition);
    }
    if let Some(meaning) = session.detail().and_then(StatusDetail::description) {
        println!("   means {meaning}");
    }
    let again = session.observe_report(&reported)?;
    assert_eq!(again, Observation::Unchanged);
    println!("   dup   {again:?}");
    Ok(())
}

fn a_contradictory_body_is_refused() -> Result {
    heading("A body whose status and code contradict each other is refused");
    let err = serde_json::from_str::<SessionStatusResponse>(
        r#"{"sessionId":"3f1d2a9e-5c4b-4e8a-9d7f-1a2b3c4d5e6f","status":"Completed","statusDetails":"EFT0501"}"#,
    )
    .expect_err("Completed with a cancellation code");
    println!("   error {err}");
    Ok(())
}

fn an_event_log_is_replayed() -> Result {
    heading("A session is rebuilt from its event log");
    let log = r#"[{"from":"Initiated","to":"InProgress","statusDetails":null},
                  {"from":"InProgress","to":"Expired","statusDetails":"EFT0601"}]"#;
    let steps: Vec<Transition> = serde_json::from_str(log)?;
    let session = Session::replay(Uuid::nil(), None, steps)?;
    println!("   now   {}", session.state());
    Ok(())
}
