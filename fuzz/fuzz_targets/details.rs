//! `serde_json::from_str::<SessionDetailsResponse>` on any text: never
//! panics; an accepted body keeps the documented rules (no verified account
//! while `Initiated`, no payee for EFT V2); written by serde_json (in its own
//! product's spelling, and in each product's) it reads back equal.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::wire::{InProduct, SessionDetailsResponse, VerifiedAccount};
use eft_session::{Product, SessionStatus};
use eft_session_fuzz::assert_serde_round_trip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let details = match serde_json::from_str::<SessionDetailsResponse>(text) {
        Ok(details) => details,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    let has_account = details
        .payor
        .as_ref()
        .and_then(|payor| payor.account.as_ref())
        .is_some_and(|account| *account != VerifiedAccount::default());
    assert!(
        !(details.status == SessionStatus::Initiated && has_account),
        "{text}"
    );
    assert!(
        details.payee.is_none() || details.product().accepts_payee(),
        "{text}"
    );

    let written = assert_serde_round_trip(&details);
    for product in [Product::EftV2, Product::Geft] {
        let spelled = serde_json::to_string(&InProduct(product, &details)).expect("written");
        let read: SessionDetailsResponse = serde_json::from_str(&spelled).unwrap_or_else(|error| {
            panic!("{spelled} (from {written}) does not read back: {error}")
        });
        assert_eq!(read, details, "{spelled}");
    }
});
