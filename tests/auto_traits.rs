//! Every public type can cross threads, and the core types stay small.

use eft_session::wire::{CancelSessionResponse, ProblemDetails, SessionStatusResponse, WireError};
use eft_session::*;

fn assert_send_sync<T: Send + Sync + 'static>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<SessionStatus>();
    assert_send_sync::<StatusDetail>();
    assert_send_sync::<SessionState>();
    assert_send_sync::<Event>();
    assert_send_sync::<EventKind>();
    assert_send_sync::<Transition>();
    assert_send_sync::<Session>();
    assert_send_sync::<Observation>();
    assert_send_sync::<ReferenceId>();
    assert_send_sync::<Amount>();
    assert_send_sync::<CancelSessionResponse>();
    assert_send_sync::<SessionStatusResponse>();
    assert_send_sync::<ProblemDetails>();
    assert_send_sync::<ParseStatusError>();
    assert_send_sync::<ParseDetailError>();
    assert_send_sync::<ParseReferenceIdError>();
    assert_send_sync::<AmountError>();
    assert_send_sync::<StateError>();
    assert_send_sync::<TransitionError>();
    assert_send_sync::<ObserveError>();
    assert_send_sync::<ReplayError>();
    assert_send_sync::<WireError>();
    assert_send_sync::<eft_session::ParseGuaranteeStageError>();
    assert_send_sync::<eft_session::GuaranteeStage>();
}

#[test]
fn core_types_are_pinned_in_size() {
    use std::mem::size_of;
    assert_eq!(size_of::<SessionStatus>(), 1);
    assert_eq!(size_of::<Option<SessionStatus>>(), 1);
    assert_eq!(size_of::<StatusDetail>(), 2);
    assert_eq!(size_of::<Option<StatusDetail>>(), 2);
    assert_eq!(size_of::<SessionState>(), 4);
    assert_eq!(size_of::<Event>(), 4);
    // Status, target status, code and the two guarantee stages.
    assert_eq!(size_of::<Transition>(), 4);
    assert_eq!(size_of::<Option<Transition>>(), 4);
    // The layout of a Result is the compiler's choice: pin a ceiling.
    assert!(size_of::<Result<Transition, TransitionError>>() <= 8);
}
