//! Proptest strategies for the lifecycle's types (feature `proptest`).
//!
//! Every strategy is built from the crate's own tables, never from a copy of
//! them: statuses from [`SessionStatus::all`], codes from
//! [`StatusDetail::from_number`] and [`StatusDetail::DOCUMENTED`], legal and
//! illegal events by asking [`SessionStatus::transition`]. Each one shrinks
//! toward simple values: the first status, the lowest code, shorter histories.
//!
//! # Examples
//!
//! ```
//! use eft_session::strategy;
//! use proptest::prelude::*;
//!
//! proptest!(|(status in strategy::status(), event in strategy::event())| {
//!     // Whatever happens, a terminal status stays put.
//!     if status.is_terminal() {
//!         prop_assert!(status.transition(event).is_err());
//!     }
//! });
//! ```

pub mod model;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use proptest::prelude::*;
use proptest::sample::select;

use uuid::Uuid;

use crate::wire::{CancelSessionResponse, SessionStatusResponse};
use crate::{
    Amount, Event, EventKind, ReferenceId, SessionState, SessionStatus, StatusDetail, Transition,
};

/// Any status.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(status in strategy::status())| {
///     prop_assert_eq!(status.as_str().parse(), Ok(status));
/// });
/// ```
pub fn status() -> impl Strategy<Value = SessionStatus> + Clone {
    select(SessionStatus::all().collect::<Vec<_>>())
}

/// Any documented code (`EFT0101`, `EFT0301`, …).
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(code in strategy::documented_detail())| prop_assert!(code.is_known()));
/// ```
pub fn documented_detail() -> impl Strategy<Value = StatusDetail> + Clone {
    select(StatusDetail::DOCUMENTED)
}

/// Any well-formed code in a known family, documented or not.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(code in strategy::detail())| {
///     prop_assert_eq!(code.as_str().parse(), Ok(code));
/// });
/// ```
pub fn detail() -> impl Strategy<Value = StatusDetail> + Clone {
    // Half documented, half anything: the documented ones matter most.
    prop_oneof![
        documented_detail(),
        (100u16..=699).prop_filter_map("in a known family", StatusDetail::from_number)
    ]
}

/// Any well-formed code of `status`'s family.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, SessionStatus};
/// use proptest::prelude::*;
///
/// proptest!(|(code in strategy::detail_of(SessionStatus::Failed))| {
///     prop_assert_eq!(code.status(), SessionStatus::Failed);
/// });
/// ```
pub fn detail_of(status: SessionStatus) -> impl Strategy<Value = StatusDetail> + Clone {
    let base = u16::from(status.detail_family()) * 100;
    let documented: Vec<_> = StatusDetail::DOCUMENTED
        .iter()
        .copied()
        .filter(|code| code.status() == status)
        .collect();
    let any = (base..base + 100).prop_filter_map("in a known family", StatusDetail::from_number);
    if documented.is_empty() {
        any.boxed()
    } else {
        prop_oneof![select(documented), any].boxed()
    }
}

/// A string that is not a status-detail code: near misses first (wrong case,
/// a digit short, an unknown family, a letter for a digit), then anything.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, StatusDetail};
/// use proptest::prelude::*;
///
/// proptest!(|(text in strategy::malformed_detail())| {
///     prop_assert!(text.parse::<StatusDetail>().is_err());
/// });
/// ```
pub fn malformed_detail() -> impl Strategy<Value = String> {
    prop_oneof![
        "EFT0[0789][0-9]{2}",
        "EFT[1-9][0-9]{3}",
        "EFT[0-9]{0,3}",
        "EFT[0-9]{5,6}",
        "(eft|Eft|EFt|EF|XFT)[0-9]{4}",
        "EFT[0-9]{0,3}[^0-9][0-9]{0,3}",
        "[ \t]?EFT0[1-6][0-9]{2}[ \t]",
        any::<String>(),
    ]
    .prop_filter("must not be a code", |text| {
        text.parse::<StatusDetail>().is_err()
    })
}

/// Any event, with a code of its own target's family.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(event in strategy::event())| {
///     if let Some(code) = event.detail() {
///         prop_assert_eq!(code.status(), event.kind().target());
///     }
/// });
/// ```
pub fn event() -> impl Strategy<Value = Event> + Clone {
    select(EventKind::all().collect::<Vec<_>>()).prop_flat_map(event_of)
}

/// An event of `kind` with a code of its target's family.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, EventKind};
/// use proptest::prelude::*;
///
/// proptest!(|(event in strategy::event_of(EventKind::Complete))| {
///     prop_assert_eq!(event.kind(), EventKind::Complete);
/// });
/// ```
pub fn event_of(kind: EventKind) -> BoxedStrategy<Event> {
    let with = |make: fn(StatusDetail) -> Event| detail_of(kind.target()).prop_map(make).boxed();
    match kind {
        EventKind::Start => Just(Event::Start).boxed(),
        EventKind::Complete => with(Event::Complete),
        EventKind::Fail => with(Event::Fail),
        EventKind::Cancel => with(Event::Cancel),
        EventKind::Expire => with(Event::Expire),
    }
}

/// Any event, including ones whose code belongs to another status
/// (`Complete(EFT0401)`): what a careless caller may send.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(event in strategy::any_event())| {
///     let _ = eft_session::SessionStatus::InProgress.transition(event);
/// });
/// ```
pub fn any_event() -> impl Strategy<Value = Event> + Clone {
    prop_oneof![
        Just(Event::Start),
        detail().prop_map(Event::Complete),
        detail().prop_map(Event::Fail),
        detail().prop_map(Event::Cancel),
        detail().prop_map(Event::Expire),
    ]
}

/// An event that `status` accepts. A terminal status accepts none: there the
/// strategy rejects every value and proptest reports too many rejects, so
/// draw the status from [`non_terminal_status`].
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, SessionStatus};
/// use proptest::prelude::*;
///
/// proptest!(|(event in strategy::legal_event(SessionStatus::Initiated))| {
///     prop_assert!(SessionStatus::Initiated.transition(event).is_ok());
/// });
/// ```
pub fn legal_event(status: SessionStatus) -> impl Strategy<Value = Event> {
    event().prop_filter("accepted by the status", move |event| {
        status.transition(*event).is_ok()
    })
}

/// An event that `status` rejects: a kind it does not accept, or a code of
/// the wrong family.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, SessionStatus};
/// use proptest::prelude::*;
///
/// proptest!(|(event in strategy::illegal_event(SessionStatus::InProgress))| {
///     prop_assert!(SessionStatus::InProgress.transition(event).is_err());
/// });
/// ```
pub fn illegal_event(status: SessionStatus) -> impl Strategy<Value = Event> {
    any_event().prop_filter("rejected by the status", move |event| {
        status.transition(*event).is_err()
    })
}

/// A status that is not terminal.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(status in strategy::non_terminal_status())| prop_assert!(!status.is_terminal()));
/// ```
pub fn non_terminal_status() -> impl Strategy<Value = SessionStatus> + Clone {
    select(
        SessionStatus::all()
            .filter(|s| !s.is_terminal())
            .collect::<Vec<_>>(),
    )
}

/// Any valid state: a status with a code of its family (`InProgress` without
/// one, or with an `EFT02xx` code).
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, SessionState};
/// use proptest::prelude::*;
///
/// proptest!(|(state in strategy::state())| {
///     prop_assert_eq!(SessionState::new(state.status(), state.detail()), Ok(state));
/// });
/// ```
pub fn state() -> impl Strategy<Value = SessionState> + Clone {
    status().prop_flat_map(|status| {
        let code = detail_of(status).prop_map(Some);
        let code = if status == SessionStatus::InProgress {
            prop_oneof![3 => Just(None), 1 => code].boxed()
        } else {
            code.boxed()
        };
        code.prop_filter_map("valid state", move |code| {
            SessionState::new(status, code).ok()
        })
    })
}

/// A legal history: up to `max_steps` transitions from a new session, each
/// starting where the last one ended, ending terminal or not. Shrinks toward
/// shorter histories.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, Session};
/// use proptest::prelude::*;
/// use uuid::Uuid;
///
/// proptest!(|(steps in strategy::history(4))| {
///     prop_assert!(Session::replay(Uuid::nil(), None, steps).is_ok());
/// });
/// ```
pub fn history(max_steps: usize) -> impl Strategy<Value = Vec<Transition>> {
    // Pick events blindly and keep those the session accepts: the table
    // decides, and shrinking the events shrinks the history.
    proptest::collection::vec(event(), 0..=max_steps.max(1) * 3).prop_map(move |events| {
        let mut status = SessionStatus::Initiated;
        let mut steps = Vec::new();
        for event in events {
            if steps.len() == max_steps {
                break;
            }
            if let Ok(step) = status.transition(event) {
                status = step.to();
                steps.push(step);
            }
        }
        steps
    })
}

/// A valid reference id: 1 to 36 letters, digits or hyphens.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, ReferenceId};
/// use proptest::prelude::*;
///
/// proptest!(|(id in strategy::reference_id())| {
///     prop_assert_eq!(id.as_str().parse::<ReferenceId>(), Ok(id.clone()));
/// });
/// ```
pub fn reference_id() -> impl Strategy<Value = ReferenceId> + Clone {
    "[A-Za-z0-9-]{1,36}".prop_filter_map("a reference id", |text| text.parse().ok())
}

/// An amount a JSON body can carry: whole cents below 10^11 dollars.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, Amount};
/// use proptest::prelude::*;
///
/// proptest!(|(amount in strategy::amount())| {
///     let json = serde_json::to_string(&amount).unwrap();
///     prop_assert_eq!(serde_json::from_str::<Amount>(&json).unwrap(), amount);
/// });
/// ```
pub fn amount() -> impl Strategy<Value = Amount> + Clone {
    prop_oneof![0u64..10_000_000, 0u64..10_000_000_000_000].prop_map(Amount::from_cents)
}

/// A valid status body (a poll's answer or a webhook's fields).
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use eft_session::wire::SessionStatusResponse;
/// use proptest::prelude::*;
///
/// proptest!(|(body in strategy::status_response())| {
///     let json = serde_json::to_string(&body).unwrap();
///     prop_assert_eq!(SessionStatusResponse::from_json(&json).unwrap(), body);
/// });
/// ```
pub fn status_response() -> impl Strategy<Value = SessionStatusResponse> {
    (
        any::<u128>(),
        proptest::option::of(reference_id()),
        proptest::option::of(amount()),
        state(),
    )
        .prop_map(|(id, reference_id, amount, state)| {
            SessionStatusResponse::new(Uuid::from_u128(id), reference_id, amount, state)
        })
}

/// A valid cancel response: `Cancelled` with a code of its family.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use eft_session::SessionStatus;
/// use proptest::prelude::*;
///
/// proptest!(|(body in strategy::cancel_response())| {
///     prop_assert_eq!(body.status(), SessionStatus::Cancelled);
/// });
/// ```
pub fn cancel_response() -> impl Strategy<Value = CancelSessionResponse> {
    (any::<u128>(), proptest::option::of(reference_id())).prop_map(|(id, reference_id)| {
        CancelSessionResponse::new(Uuid::from_u128(id), reference_id)
    })
}

/// The JSON text of a status body that breaks exactly one rule of the API: a
/// code that contradicts its status, a missing code, an amount with a third
/// decimal or below zero, a reference id out of its alphabet, a malformed
/// code. Both readers refuse every one.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use eft_session::wire::SessionStatusResponse;
/// use proptest::prelude::*;
///
/// proptest!(|(json in strategy::invalid_status_body())| {
///     prop_assert!(SessionStatusResponse::from_json(&json).is_err());
///     prop_assert!(serde_json::from_str::<SessionStatusResponse>(&json).is_err());
/// });
/// ```
pub fn invalid_status_body() -> impl Strategy<Value = String> {
    let body = |status: &str, detail: &str, extra: &str| {
        format!(
            r#"{{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179"{extra},"status":"{status}","statusDetails":{detail}}}"#
        )
    };
    prop_oneof![
        (status(), detail()).prop_filter_map("a contradicting code", move |(status, code)| {
            (code.status() != status).then(|| body(status.as_str(), &format!("\"{code}\""), ""))
        }),
        status()
            .prop_filter("needs a code", |status| *status
                != SessionStatus::InProgress)
            .prop_map(move |status| body(status.as_str(), "null", "")),
        (0u64..1_000_000, 1u8..10).prop_map(move |(cents, third)| {
            body(
                "Initiated",
                "\"EFT0101\"",
                &format!(r#","amount":{}.{:02}{third}"#, cents / 100, cents % 100),
            )
        }),
        (1u64..1_000_000).prop_map(move |dollars| body(
            "Initiated",
            "\"EFT0101\"",
            &format!(r#","amount":-{dollars}"#)
        )),
        "[A-Za-z0-9]{0,5}[ _.#@][A-Za-z0-9]{0,5}".prop_map(move |reference| body(
            "Initiated",
            "\"EFT0101\"",
            &format!(r#","referenceId":"{reference}""#)
        )),
        malformed_detail().prop_map(move |code| body("Initiated", &json_string(&code), "")),
    ]
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Arbitrary for SessionStatus {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        status().boxed()
    }
}

impl Arbitrary for StatusDetail {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        detail().boxed()
    }
}

impl Arbitrary for EventKind {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        select(EventKind::all().collect::<Vec<_>>()).boxed()
    }
}

impl Arbitrary for Event {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        event().boxed()
    }
}

impl Arbitrary for SessionState {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        state().boxed()
    }
}
