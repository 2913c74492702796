//! `StatusDetail` parse: accepted exactly when the text is `EFT` and four
//! digits of a known family (01 to 06); the code writes back as the text
//! itself, reads back as the same code (by `FromStr` and serde), and belongs
//! to the status of its family.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::{ParseDetailErrorKind, Product, SessionStatus, StatusDetail};
use eft_session_fuzz::{assert_serde_round_trip, json_string};
use libfuzzer_sys::fuzz_target;

/// The four digits of `EFTdddd`, when `text` has that shape.
fn digits_of(text: &str) -> Option<u16> {
    let digits = text.strip_prefix("EFT")?;
    (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fuzz_target!(|data: &[u8]| {
    // Any two bytes as a number, through `from_number`.
    if let [high, low, ..] = *data {
        let number = u16::from_be_bytes([high, low]);
        match StatusDetail::from_number(number) {
            Some(code) => {
                assert!((100..=699).contains(&number), "{number} accepted");
                assert_eq!(code.number(), number);
                assert_eq!(code.as_str().parse::<StatusDetail>().ok(), Some(code));
            }
            None => assert!(!(100..=699).contains(&number), "{number} refused"),
        }
    }

    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let parsed = text.parse::<StatusDetail>();
    let by_serde = serde_json::from_str::<StatusDetail>(&json_string(text));
    match (digits_of(text), parsed) {
        (Some(number), Ok(code)) => {
            assert!((100..=699).contains(&number), "{text:?} accepted");
            assert_eq!(code.number(), number);
            assert_eq!(code.to_string(), text, "written otherwise");
            assert_eq!(code.as_str(), text);
            assert_eq!(code.to_string().parse::<StatusDetail>().ok(), Some(code));
            assert_eq!(u16::from(code.family()), number / 100);
            assert_eq!(
                code.status(),
                SessionStatus::from_detail_family(code.family()).unwrap()
            );
            assert_eq!(StatusDetail::from_number(number), Some(code));
            assert_eq!(code.is_known(), StatusDetail::DOCUMENTED.contains(&code));
            assert_eq!(code.is_known(), code.description().is_some());
            assert_eq!(code.is_known(), code.products().is_some());
            for product in [Product::EftV2, Product::Geft] {
                assert_eq!(
                    code.is_produced_by(product),
                    code.products()
                        .is_none_or(|products| products.contains(&product))
                );
            }
            assert_eq!(by_serde.ok(), Some(code), "serde reads {text:?} otherwise");
            assert_serde_round_trip(&code);
        }
        (Some(number), Err(error)) => {
            assert!(!(100..=699).contains(&number), "{text:?} refused: {error}");
            assert_eq!(error.kind(), ParseDetailErrorKind::UnknownFamily);
            assert_eq!(error.input(), text);
            assert!(by_serde.is_err());
            let _ = error.to_string();
        }
        (None, Ok(code)) => panic!("{text:?} is not EFT and four digits, but read as {code}"),
        (None, Err(error)) => {
            assert_eq!(error.kind(), ParseDetailErrorKind::Malformed);
            assert!(text.starts_with(error.input()) && error.input().len() <= 64);
            assert!(by_serde.is_err());
            let _ = error.to_string();
        }
    }
});
