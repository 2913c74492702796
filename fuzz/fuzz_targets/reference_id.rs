//! `ReferenceId`: the reading rule (`FromStr`, serde, `new`) takes 1 to 100
//! characters of anything; `parse_for(EftV2)` 1 to 36 ASCII letters, digits or
//! hyphens; `parse_for(Geft)` 1 to 100 characters. Each is checked against
//! that plain statement, and: whatever `parse_for` accepts, `parse` accepts;
//! the EFT V2 rule implies the GEFT rule; an accepted id is kept verbatim
//! (`as_str`, `into_string`, Display, serde) and reads back equal.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::{Product, ReferenceId, ReferenceIdErrorKind};
use eft_session_fuzz::{assert_serde_round_trip, json_string};
use libfuzzer_sys::fuzz_target;

fn assert_kept(id: &ReferenceId, text: &str) {
    assert_eq!(id.as_str(), text);
    assert_eq!(id.to_string(), text);
    assert_eq!(id.clone().into_string(), text);
    assert_eq!(id.as_str().parse::<ReferenceId>().as_ref(), Ok(id));
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let characters = text.chars().count();
    let reads = (1..=ReferenceId::MAX_LEN).contains(&characters);
    let eft_v2 = (1..=36).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let geft = (1..=100).contains(&characters);

    let parsed = text.parse::<ReferenceId>();
    assert_eq!(
        parsed.is_ok(),
        reads,
        "reading rule on {characters} characters"
    );
    let made = ReferenceId::new(text.to_owned());
    assert_eq!(made.as_ref().ok(), parsed.as_ref().ok());
    let by_serde = serde_json::from_str::<ReferenceId>(&json_string(text));
    assert_eq!(
        by_serde.as_ref().ok(),
        parsed.as_ref().ok(),
        "serde reads otherwise"
    );

    for (product, expected) in [(Product::EftV2, eft_v2), (Product::Geft, geft)] {
        let checked = ReferenceId::parse_for(product, text);
        assert_eq!(checked.is_ok(), expected, "{product:?} rule");
        match &checked {
            Ok(id) => {
                assert_kept(id, text);
                // What a request may carry, a response may carry.
                assert_eq!(parsed.as_ref().ok(), Some(id));
                assert!(id.check_for(product).is_ok());
            }
            Err(error) => {
                assert!(text.starts_with(error.input()) && error.input().len() <= 64);
                let _ = error.to_string();
                assert_eq!(error.http_status(), 400);
                if text.is_empty() {
                    assert_eq!(error.kind(), ReferenceIdErrorKind::Empty);
                }
                if let Ok(id) = &parsed {
                    assert_eq!(
                        id.check_for(product).err().map(|e| e.kind()),
                        Some(error.kind())
                    );
                }
            }
        }
    }
    assert!(!eft_v2 || geft, "the EFT V2 rule implies the GEFT rule");
    assert!(geft == reads, "GEFT's rule is the reading rule");

    match parsed {
        Ok(id) => {
            assert_kept(&id, text);
            assert_serde_round_trip(&id);
        }
        Err(error) => {
            let kind = if text.is_empty() {
                ReferenceIdErrorKind::Empty
            } else {
                ReferenceIdErrorKind::TooLong
            };
            assert_eq!(error.kind(), kind);
            assert!(text.starts_with(error.input()) && error.input().len() <= 64);
            let _ = error.to_string();
        }
    }
});
