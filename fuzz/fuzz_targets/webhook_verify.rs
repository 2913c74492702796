//! `webhook::verify(secret, Some(header), body, now, tolerance)`.
//!
//! The input is a header and a body: its first byte is the header's length,
//! the header follows (read as UTF-8, lossily), the rest is the body.
//!
//! - The fuzzer's header: verification gets past the signature only when the
//!   header carries `webhook::sign(secret, body)` itself (checked on the text,
//!   whatever the header's grammar); otherwise it is refused for the reason
//!   `webhook::signatures` gives, as a mismatch when the header is
//!   well-formed, and as missing without a header. `verify_with` with another
//!   secret beside the right one answers the same; with only the other, a
//!   mismatch.
//! - The body signed with `webhook::sign`: it verifies (with `now` its own
//!   `when` and a tolerance of 0) exactly when
//!   `SessionSetupStatusChanged::from_json` reads it, to the same event; with
//!   another clock, exactly when `when` is within the tolerance. Every
//!   failure after the signature hands back exactly the body's bytes.
//!   Signed under another secret, it is a mismatch; written in lower case
//!   with white space and another scheme, or beside another secret's
//!   signature (a rotation), it verifies the same.

#![no_main]
#![forbid(unsafe_code)]

use core::time::Duration;

use eft_session::webhook::{self, Signature, SignatureError, WebhookError};
use eft_session::wire::SessionSetupStatusChanged;
use libfuzzer_sys::fuzz_target;

const SECRET: &[u8] = b"whsec_fuzz";
const OTHER_SECRET: &[u8] = b"whsec_other";
/// 2026-06-04T14:30:00Z, the `when` of the seeds.
const NOW: Duration = Duration::from_secs(1_780_583_400);
const TOLERANCE: Duration = Duration::from_secs(300);

/// Asserts that `error` came after the signature and hands back `body`.
#[track_caller]
fn assert_hands_back(error: &WebhookError, body: &[u8]) {
    let kept = error
        .verified_body()
        .unwrap_or_else(|| panic!("{error:?} hands back nothing"));
    assert_eq!(kept.as_bytes(), body);
    assert_eq!(
        error
            .clone()
            .into_verified_body()
            .map(|b| b.into_bytes())
            .as_deref(),
        Some(body)
    );
    assert_eq!(error.http_status(), 400);
    let _ = error.to_string();
}

fuzz_target!(|data: &[u8]| {
    let Some((&length, rest)) = data.split_first() else {
        return;
    };
    let (header, body) = rest.split_at(usize::from(length).min(rest.len()));
    let header = String::from_utf8_lossy(header);
    let signed = webhook::sign(SECRET, body);

    // The fuzzer's header.
    let result = webhook::verify(SECRET, Some(&header), body, NOW, TOLERANCE);
    let past_signature = match &result {
        Ok(_) => true,
        Err(error) => error.verified_body().is_some(),
    };
    if past_signature {
        // Whatever the header's grammar, it must carry the body's own MAC.
        assert!(
            header
                .to_ascii_uppercase()
                .contains(&signed.to_string().to_ascii_uppercase()),
            "a header without the body's signature got past it: {header:?}"
        );
    }
    let listed: Result<Vec<Signature>, SignatureError> = webhook::signatures(&header).collect();
    let refused = |error: SignatureError| Some(WebhookError::Signature(error));
    match &listed {
        Err(error) => assert_eq!(result.clone().err(), refused(*error), "{header:?}"),
        Ok(list) if list.is_empty() => {
            assert_eq!(
                result.clone().err(),
                refused(SignatureError::MissingPrefix),
                "{header:?}"
            );
        }
        Ok(list) if list.contains(&signed) => {
            assert!(
                past_signature,
                "the right signature was refused: {result:?}"
            );
        }
        Ok(_) => {
            assert_eq!(
                result.clone().err(),
                refused(SignatureError::Mismatch),
                "a signature the fuzzer made was not refused: {header:?}"
            );
        }
    }
    if let Err(error) = &result
        && !past_signature
    {
        assert_eq!(error.http_status(), 401);
        assert!(error.clone().into_verified_body().is_none());
    }
    // Another secret beside the right one changes nothing; alone, it fails.
    assert_eq!(
        webhook::verify_with(&[OTHER_SECRET, SECRET], Some(&header), body, NOW, TOLERANCE),
        result
    );
    if listed.as_ref().is_ok_and(|list| !list.is_empty()) {
        assert_eq!(
            webhook::verify_with(&[OTHER_SECRET], Some(&header), body, NOW, TOLERANCE).err(),
            refused(SignatureError::Mismatch)
        );
    }
    assert_eq!(
        webhook::verify(SECRET, None, body, NOW, TOLERANCE).err(),
        Some(WebhookError::MissingHeader)
    );

    // The body, signed.
    let header = signed.to_string();
    // The same signature, loosely written, or beside another secret's.
    let loose = format!(" \t{}, v2=skipped\r\n", header.to_lowercase());
    let rotated = format!("{}, {header}", webhook::sign(OTHER_SECRET, body));
    assert_eq!(
        webhook::verify(OTHER_SECRET, Some(&header), body, NOW, TOLERANCE).err(),
        Some(WebhookError::Signature(SignatureError::Mismatch))
    );
    let text = match core::str::from_utf8(body) {
        Ok(text) => text,
        Err(utf8) => {
            let error = webhook::verify(SECRET, Some(&header), body, NOW, TOLERANCE)
                .expect_err("a body that is not UTF-8 is no event");
            assert!(
                matches!(error, WebhookError::NotUtf8 { at, .. } if at == utf8.valid_up_to()),
                "{error:?}"
            );
            assert_hands_back(&error, body);
            return;
        }
    };
    match SessionSetupStatusChanged::from_json(text) {
        Ok(event) => {
            let when = event.when().since_unix_epoch();
            for header in [&header, &loose, &rotated] {
                let verified = webhook::verify(SECRET, Some(header), body, when, Duration::ZERO);
                assert_eq!(verified.as_ref().ok(), Some(&event), "{verified:?}");
            }
            let at_now = webhook::verify(SECRET, Some(&header), body, NOW, TOLERANCE);
            if when.abs_diff(NOW) <= TOLERANCE {
                assert_eq!(at_now.as_ref().ok(), Some(&event), "{at_now:?}");
            } else {
                let error = at_now.expect_err("outside the tolerance");
                assert!(
                    matches!(error, WebhookError::OutsideTolerance { .. }),
                    "{error:?}"
                );
                assert_hands_back(&error, body);
            }
            // A second late, or early, with no tolerance: refused.
            let one = Duration::from_secs(1);
            for now in [when.checked_add(one), when.checked_sub(one)]
                .into_iter()
                .flatten()
            {
                let error = webhook::verify(SECRET, Some(&header), body, now, Duration::ZERO)
                    .expect_err("outside a tolerance of 0");
                assert!(
                    matches!(error, WebhookError::OutsideTolerance { .. }),
                    "{error:?}"
                );
                assert_hands_back(&error, body);
            }
        }
        Err(read_error) => {
            for (now, tolerance) in [
                (NOW, TOLERANCE),
                (Duration::ZERO, Duration::ZERO),
                (Duration::MAX, Duration::MAX),
            ] {
                let error = webhook::verify(SECRET, Some(&loose), body, now, tolerance)
                    .expect_err("an unreadable body does not verify");
                assert!(
                    matches!(&error, WebhookError::Body { error, .. } if *error == read_error),
                    "{error:?}, read as {read_error:?}"
                );
                assert_hands_back(&error, body);
            }
        }
    }
});
