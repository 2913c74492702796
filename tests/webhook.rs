//! Webhook signatures against vectors computed independently, and every way a
//! webhook can be refused.
//!
//! The vectors were made with Python's standard library:
//!
//! ```text
//! python3 -c 'import hmac, hashlib, sys; print("sha256=" + hmac.new(b"whsec_test_5f2a", sys.stdin.buffer.read(), hashlib.sha256).hexdigest().upper())' < body
//! ```
//!
//! with each body below written to `body` byte for byte (no newline).

#![cfg(feature = "webhook")]

use core::time::Duration;

use eft_session::webhook::{self, Signature, SignatureError, WebhookError};
use eft_session::{SessionStatus, StatusDetail};

const SECRET: &[u8] = b"whsec_test_5f2a";

const VECTORS: [(&str, &str); 3] = [
    (
        r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}"#,
        "sha256=3494521F5F614AFC968D0383E5876FF6C28861AADC00CF4A817D5BEDBE34B841",
    ),
    (
        r#"{"when":"2026-06-04T14:31:15.250Z","sessionId":"86095db9-0000-4000-8000-000000000000","referenceId":"Happy2","amount":null,"status":"Canceled","statusDetails":"EFT0501"}"#,
        "sha256=2921739BE1DA15ACD1DB64B9F87A701194295CEB259CF640D10A7AC995230811",
    ),
    (
        r#"{ "when": "2026-06-04T09:32:00-05:00", "sessionId": "3f1d2a9e-5c4b-4e8a-9d7f-1a2b3c4d5e6f", "referenceId": "Unhappy1", "amount": 12.34, "status": "Failed", "statusDetails": "EFT0402" }"#,
        "sha256=E74468EAE4C1890CAC3F5E180AF80A5CEF0D38FDA0D58865B4E2B463D4F950C3",
    ),
];

/// 2026-06-04T14:32:00Z: within five minutes of every vector's `when`.
const NOW: Duration = Duration::from_secs(1_780_583_520);
const FIVE_MINUTES: Duration = Duration::from_secs(300);

#[test]
fn signing_matches_the_independent_vectors() {
    for (body, header) in VECTORS {
        assert_eq!(webhook::sign(SECRET, body.as_bytes()).to_string(), header);
    }
    // A key longer than the block (hashed first) and an empty body.
    assert_eq!(
        webhook::sign(&[b'k'; 100], VECTORS[0].0.as_bytes()).to_string(),
        "sha256=86B37447EDAC36FB6017E0ABE8EBE14D3D348609D10F3A7075D440949033C44F"
    );
    assert_eq!(
        webhook::sign(SECRET, b"").to_string(),
        "sha256=833A6EC6D62A111ABE219DDF2F4A715B9C7A610098EB3CF8A311D715B4E3AFCA"
    );
}

#[test]
fn genuine_webhooks_are_accepted_in_either_hex_case() {
    let expected = [
        (SessionStatus::Completed, StatusDetail::EFT0301),
        (SessionStatus::Cancelled, StatusDetail::EFT0501),
        (SessionStatus::Failed, StatusDetail::EFT0402),
    ];
    for ((body, header), (status, code)) in VECTORS.into_iter().zip(expected) {
        for header in [
            header.to_string(),
            header.to_lowercase(),
            format!("  {header}\t"),
        ] {
            let event =
                webhook::verify(SECRET, Some(&header), body.as_bytes(), NOW, FIVE_MINUTES).unwrap();
            assert_eq!(
                (event.report().status(), event.report().detail()),
                (status, Some(code))
            );
        }
    }
}

#[test]
fn a_forged_signature_is_refused() {
    let (body, _) = VECTORS[0];
    let forged = webhook::sign(b"not the secret", body.as_bytes()).to_string();
    let err =
        webhook::verify(SECRET, Some(&forged), body.as_bytes(), NOW, FIVE_MINUTES).unwrap_err();
    assert_eq!(err, WebhookError::Signature(SignatureError::Mismatch));
    assert_eq!(err.http_status(), 401);
}

#[test]
fn a_tampered_body_is_refused_whatever_byte_changed() {
    let (body, header) = VECTORS[1];
    for at in 0..body.len() {
        let mut tampered = body.as_bytes().to_vec();
        tampered[at] ^= 0x01;
        let err = webhook::verify(SECRET, Some(header), &tampered, NOW, FIVE_MINUTES).unwrap_err();
        assert_eq!(
            err,
            WebhookError::Signature(SignatureError::Mismatch),
            "byte {at}"
        );
    }
    let mut longer = body.as_bytes().to_vec();
    longer.push(b' ');
    assert!(webhook::verify(SECRET, Some(header), &longer, NOW, FIVE_MINUTES).is_err());
}

#[test]
fn a_replayed_or_future_webhook_is_refused() {
    let (body, header) = VECTORS[0]; // when = 14:30:00Z
    let at = |seconds: u64| Duration::from_secs(1_780_583_400) + Duration::from_secs(seconds);
    assert!(webhook::verify(SECRET, Some(header), body.as_bytes(), at(300), FIVE_MINUTES).is_ok());
    let err =
        webhook::verify(SECRET, Some(header), body.as_bytes(), at(301), FIVE_MINUTES).unwrap_err();
    assert_eq!(
        err.to_string(),
        "webhook sent at 2026-06-04T14:30:00Z is more than 300s from now (2026-06-04T14:35:01Z)"
    );
    assert_eq!(err.http_status(), 400);
    let early = Duration::from_secs(1_780_583_400 - 301);
    assert!(matches!(
        webhook::verify(SECRET, Some(header), body.as_bytes(), early, FIVE_MINUTES),
        Err(WebhookError::OutsideTolerance { .. })
    ));
}

#[test]
fn malformed_headers_each_have_their_error() {
    let (body, header) = VECTORS[0];
    let hex = &header["sha256=".len()..];
    for (value, expected) in [
        (hex.to_string(), SignatureError::MissingPrefix),
        (format!("SHA256={hex}"), SignatureError::MissingPrefix),
        (format!("sha1={hex}"), SignatureError::MissingPrefix),
        (
            format!("sha256={}", &hex[..63]),
            SignatureError::WrongLength { digits: 63 },
        ),
        (
            format!("sha256={hex}0"),
            SignatureError::WrongLength { digits: 65 },
        ),
        (
            "sha256=".to_string(),
            SignatureError::WrongLength { digits: 0 },
        ),
        (
            format!("sha256=Z{}", &hex[1..]),
            SignatureError::BadHex { at: 7 },
        ),
        (
            format!("sha256={}é", &hex[..62]),
            SignatureError::BadHex { at: 69 },
        ),
    ] {
        assert_eq!(Signature::from_header(&value), Err(expected), "{value}");
        let err =
            webhook::verify(SECRET, Some(&value), body.as_bytes(), NOW, FIVE_MINUTES).unwrap_err();
        assert_eq!(err, WebhookError::Signature(expected));
    }
    assert_eq!(
        webhook::verify(SECRET, None, body.as_bytes(), NOW, FIVE_MINUTES),
        Err(WebhookError::MissingHeader)
    );
}

#[test]
fn a_signed_but_invalid_body_is_refused_after_the_signature_passes() {
    for (body, problem) in [
        (&b"\xff\xfe"[..], "webhook body is not UTF-8 (at byte 0)"),
        (
            br#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#,
            "webhook body is signed but cannot be read: a SessionSetupStatusChanged event needs its when",
        ),
        (
            br#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Completed","statusDetails":"EFT0501"}"#,
            "webhook body is signed but cannot be read: status detail EFT0501 belongs to Cancelled, not Completed",
        ),
    ] {
        let header = webhook::sign(SECRET, body).to_string();
        let err = webhook::verify(SECRET, Some(&header), body, NOW, FIVE_MINUTES).unwrap_err();
        assert_eq!(err.to_string(), problem);
        assert_eq!(err.http_status(), 400);
        // Verified, so handed back whole: the provider will not send it again.
        assert_eq!(err.verified_body().map(|b| b.as_bytes()), Some(body));
        assert_eq!(err.into_verified_body().map(|b| b.into_bytes()), Some(body.to_vec()));
    }
}

#[test]
fn nothing_is_handed_back_before_the_signature_checks_out() {
    let body = br#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Processing"}"#;
    let wrong = webhook::sign(b"another secret", body).to_string();
    for header in [None, Some("sha256=00"), Some(wrong.as_str())] {
        let err = webhook::verify(SECRET, header, body, NOW, FIVE_MINUTES).unwrap_err();
        assert_eq!(err.http_status(), 401, "{header:?}");
        assert_eq!(err.verified_body(), None, "{header:?}");
    }
}

#[test]
fn a_rotated_secret_verifies_from_either_side() {
    let body = br#"{"when":"2026-06-04T14:32:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#;
    let (old, new) = (b"whsec_old".as_slice(), b"whsec_new".as_slice());
    let by_old = webhook::sign(old, body).to_string();
    let by_new = webhook::sign(new, body).to_string();
    // The provider sends both signatures during the rotation, in any layout.
    for header in [
        format!("{by_old}, {by_new}"),
        format!("{by_new},{by_old}"),
        format!("  {by_old}   {by_new} "),
        format!("v2=whatever, {by_new} {by_old}"),
    ] {
        for secret in [old, new] {
            assert!(
                webhook::verify(secret, Some(&header), body, NOW, FIVE_MINUTES).is_ok(),
                "{header}"
            );
        }
    }
    // The receiver holds both secrets while the provider switches.
    for header in [&by_old, &by_new] {
        assert!(webhook::verify_with(&[new, old], Some(header), body, NOW, FIVE_MINUTES).is_ok());
    }
    let retired = webhook::verify_with(&[new], Some(&by_old), body, NOW, FIVE_MINUTES);
    assert_eq!(
        retired.unwrap_err(),
        WebhookError::Signature(SignatureError::Mismatch)
    );
}

#[test]
fn a_header_is_read_by_its_grammar() {
    let body = b"{}";
    let good = webhook::sign(SECRET, body).to_string();
    for (header, expected) in [
        ("", SignatureError::MissingPrefix),
        ("v2=abc", SignatureError::MissingPrefix),
        ("F7BC83F4", SignatureError::MissingPrefix),
        (
            &format!("{good}, sha256=00") as &str,
            SignatureError::WrongLength { digits: 2 },
        ),
        (
            &[good.as_str(); 9].join(",") as &str,
            SignatureError::TooMany,
        ),
    ] {
        let err = webhook::verify(SECRET, Some(header), body, NOW, FIVE_MINUTES).unwrap_err();
        assert_eq!(err, WebhookError::Signature(expected), "{header}");
    }
    // Eight signatures are read; every one past the eighth is refused.
    let read: Vec<_> = webhook::signatures(&[good.as_str(); 10].join(",")).collect();
    assert!(read[..8].iter().all(Result::is_ok), "{read:?}");
    assert_eq!(
        read[8..],
        [Err(SignatureError::TooMany), Err(SignatureError::TooMany)]
    );
}

#[test]
fn a_signature_verifies_only_its_own_body_under_its_own_secret() {
    let (body, header) = VECTORS[0];
    let signature = Signature::from_header(header).unwrap();
    assert_eq!(signature.verify(SECRET, body.as_bytes()), Ok(()));
    assert_eq!(
        signature.verify(b"not the secret", body.as_bytes()),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        signature.verify(SECRET, &body.as_bytes()[1..]),
        Err(SignatureError::Mismatch)
    );
}

/// A parked body shows itself: a receiver debugging it needs to see it.
#[test]
fn a_verified_body_shows_its_text_or_its_length() {
    let text = webhook::VerifiedBody::from(&b"{\"a\":1}"[..]);
    assert_eq!(format!("{text:?}"), r#"VerifiedBody("{\"a\":1}")"#);
    let bytes = webhook::VerifiedBody::from(&[0xff, 0xfe, 0x00][..]);
    assert_eq!(format!("{bytes:?}"), "VerifiedBody(3 bytes, not UTF-8)");
}

#[test]
fn signatures_compare_equal_only_when_every_byte_does() {
    let a = Signature::compute(SECRET, b"a");
    for at in 0..32 {
        let mut bytes = *a.as_bytes();
        bytes[at] ^= 1;
        let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
        let flipped = Signature::from_header(&format!("sha256={hex}")).unwrap();
        assert_ne!(flipped, a, "byte {at}");
    }
    assert_eq!(Signature::from_header(&a.to_string()).unwrap(), a);
    assert_eq!(format!("{a:?}"), "Signature(sha256=…)");
}

#[test]
fn a_bad_digit_is_named_at_its_offset_in_the_value() {
    let value = format!(" \t sha256=g{}", "0".repeat(63));
    assert_eq!(
        Signature::from_header(&value),
        Err(SignatureError::BadHex { at: 10 })
    );
    assert_eq!(&value[10..11], "g");
}
