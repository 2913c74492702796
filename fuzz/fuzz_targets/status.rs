//! `str::parse::<SessionStatus>`: what it accepts is one of the six wire
//! spellings (or GEFT's `Canceled`), and the spelling it writes reads back as
//! the same status, by `FromStr` and by serde alike.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::{Product, SessionStatus};
use eft_session_fuzz::{assert_serde_round_trip, json_string};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let parsed = text.parse::<SessionStatus>();
    let by_serde = serde_json::from_str::<SessionStatus>(&json_string(text));
    match parsed {
        Ok(status) => {
            assert!(
                text == status.as_str()
                    || (status == SessionStatus::Cancelled && text == "Canceled"),
                "{text:?} read as {status:?}, which is written {:?}",
                status.as_str()
            );
            assert_eq!(status.to_string(), status.as_str());
            assert_eq!(status.as_str().parse::<SessionStatus>().ok(), Some(status));
            assert_eq!(
                status.to_string().parse::<SessionStatus>().ok(),
                Some(status)
            );
            for product in [Product::EftV2, Product::Geft] {
                let spelled = status.as_str_in(product);
                assert_eq!(
                    spelled.parse::<SessionStatus>().ok(),
                    Some(status),
                    "{spelled}"
                );
            }
            assert_eq!(
                by_serde.ok(),
                Some(status),
                "serde reads {text:?} otherwise"
            );
            assert_serde_round_trip(&status);
        }
        Err(error) => {
            assert!(by_serde.is_err(), "serde reads {text:?}, FromStr does not");
            assert!(
                SessionStatus::all().all(|status| status.as_str() != text),
                "{text:?} is a wire spelling but was refused"
            );
            // The message names the input and never panics.
            let _ = error.to_string();
            assert_eq!(error.http_status(), 400);
        }
    }
});
