//! The API core's readers of what a server (or a proxy in front of it)
//! answers: any status, `Content-Type`, `Retry-After`, `Date` and body,
//! read by every call. Nothing panics, and nothing is lost: an answer that
//! is not the call's success is an `ApiError` that keeps its status and its
//! bytes; a success is one of the documented statuses with a JSON body; a
//! `Retry-After` of digits is read as those seconds.
//!
//! Input: byte 0 picks the call and a content type, bytes 1-2 the status
//! (100 to 599), then `Retry-After` and `Date` up to their first newline,
//! the rest is the body.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::api::{
    Answer, ApiErrorKind, Authorize, Call, Cancel, ConfirmGuarantee, Credentials, Details,
    Initiate, Status,
};
use eft_session::uuid::Uuid;
use eft_session::wire::InitiateSessionRequest;
use eft_session::Product;
use libfuzzer_sys::fuzz_target;

const MEDIA: [Option<&str>; 5] = [
    None,
    Some("application/json; charset=utf-8"),
    Some("application/problem+json"),
    Some("text/html"),
    Some("Application/JSON"),
];

/// Reads `answer` with `call`: never a panic, and an error keeps it whole.
fn read<C: Call>(call: &C, answer: &Answer) {
    match call.read(answer.clone()) {
        Ok(_) => {
            assert!((200..300).contains(&answer.status()), "a success of {}", answer.status());
            assert!(answer.is_json() && !answer.body().is_empty());
        }
        Err(error) => {
            assert_eq!(error.status(), answer.status());
            assert_eq!(error.body(), answer.body(), "the bytes are kept");
            assert_eq!(error.call(), call.kind());
            if (200..300).contains(&answer.status()) || !(400..600).contains(&answer.status()) {
                assert_eq!(error.kind(), ApiErrorKind::Undocumented);
            }
            if error.kind() == ApiErrorKind::SessionAlreadyTerminal {
                assert_eq!(answer.status(), 400);
            }
            if let Some(state) = error.final_state() {
                assert!(state.is_terminal());
            }
            let _ = error.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [pick, high, low, rest @ ..] = data else {
        return;
    };
    let status = 100 + u16::from_be_bytes([*high, *low]) % 500;
    let mut parts = rest.splitn(3, |byte| *byte == b'\n');
    let retry_after = parts.next().map(String::from_utf8_lossy).unwrap_or_default();
    let date = parts.next().map(String::from_utf8_lossy).unwrap_or_default();
    let body = parts.next().unwrap_or_default().to_vec();

    let mut answer = Answer::new(status, body);
    if let Some(media) = MEDIA[usize::from(pick / 8) % MEDIA.len()] {
        answer = answer.with_header("Content-Type", media);
    }
    if !retry_after.is_empty() {
        answer = answer.with_header("Retry-After", retry_after.as_ref());
    }
    if !date.is_empty() {
        answer = answer.with_header("Date", date.as_ref());
    }
    if let Ok(seconds) = retry_after.trim().parse::<u64>() {
        assert_eq!(answer.retry_after(), Some(std::time::Duration::from_secs(seconds)));
    }

    let id = Uuid::nil();
    match pick % 6 {
        0 => read(&Authorize::new(&Credentials::new("client", "secret").unwrap()), &answer),
        1 => {
            let request = InitiateSessionRequest::new(Product::Geft, "Jane", "Doe");
            read(&Initiate::new(request).unwrap(), &answer);
        }
        2 => read(&Status::new(id), &answer),
        3 => read(&Details::new(id), &answer),
        4 => read(&Cancel::new(id), &answer),
        _ => read(&ConfirmGuarantee::new(id, true), &answer),
    }
});
