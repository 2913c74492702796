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
use alloc::vec;
use alloc::vec::Vec;

use proptest::prelude::*;
use proptest::sample::select;

use uuid::Uuid;

use crate::wire::{
    Address, BankAccount, CancelSessionResponse, InitiateSessionRequest, NotificationPreferences,
    Payee, Payor, SessionStatusResponse,
};
use crate::{
    Amount, Event, EventKind, GuaranteeStage, Product, ReferenceId, SessionState, SessionStatus,
    StatusDetail, Transition,
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

/// Either product: EFT V2 or GEFT.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(product in strategy::product())| {
///     prop_assert!(eft_session::Product::all().any(|p| p == product));
/// });
/// ```
pub fn product() -> impl Strategy<Value = Product> + Clone {
    prop_oneof![Just(Product::EftV2), Just(Product::Geft)]
}

/// Any guarantee stage.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|(stage in strategy::guarantee_stage())| {
///     prop_assert_eq!(stage.as_str().parse(), Ok(stage));
/// });
/// ```
pub fn guarantee_stage() -> impl Strategy<Value = GuaranteeStage> + Clone {
    select(GuaranteeStage::all().collect::<Vec<_>>())
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
        EventKind::OfferGuarantee => Just(Event::OfferGuarantee).boxed(),
        EventKind::AcceptGuarantee => Just(Event::AcceptGuarantee).boxed(),
        EventKind::AutoAcceptGuarantee => Just(Event::AutoAcceptGuarantee).boxed(),
        EventKind::RejectGuarantee => with(Event::RejectGuarantee),
        EventKind::GuaranteeUndelivered => with(Event::GuaranteeUndelivered),
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
        Just(Event::OfferGuarantee),
        Just(Event::AcceptGuarantee),
        Just(Event::AutoAcceptGuarantee),
        detail().prop_map(Event::RejectGuarantee),
        detail().prop_map(Event::GuaranteeUndelivered),
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
/// one, or with an `EFT02xx` code), at a guarantee stage that goes with the
/// status (mostly none offered).
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, SessionState};
/// use proptest::prelude::*;
///
/// proptest!(|(state in strategy::state())| {
///     let rebuilt = SessionState::new(state.status(), state.detail())
///         .and_then(|s| s.with_guarantee(state.guarantee()));
///     prop_assert_eq!(rebuilt, Ok(state));
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
        let stage = prop_oneof![
            3 => Just(GuaranteeStage::NotOffered),
            1 => guarantee_stage(),
        ];
        (code, stage).prop_filter_map("valid state", move |(code, stage)| {
            SessionState::new(status, code)
                .and_then(|state| state.with_guarantee(stage))
                .ok()
        })
    })
}

/// A legal history: up to `max_steps` transitions from a new GEFT session
/// (whose histories include EFT V2's), each starting where the last one
/// ended, ending terminal or not. Shrinks toward shorter histories.
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
        let mut state = SessionState::INITIATED;
        let mut steps = Vec::new();
        for event in events {
            if steps.len() == max_steps {
                break;
            }
            if let Ok(step) = state.transition(event) {
                state = step.target();
                steps.push(step);
            }
        }
        steps
    })
}

/// A reference id a response or webhook may carry: mostly EFT V2 ids, and
/// GEFT ids of up to 100 characters of any kind.
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
    prop_oneof![
        3 => reference_id_for(Product::EftV2),
        1 => reference_id_for(Product::Geft),
    ]
}

/// A reference id `product` accepts in a request: 1 to 36 letters, digits or
/// hyphens for EFT V2; 1 to 100 characters of any kind for GEFT (spaces,
/// accents, punctuation; held on the heap beyond 36 bytes).
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, Product};
/// use proptest::prelude::*;
///
/// proptest!(|(id in strategy::reference_id_for(Product::EftV2))| {
///     prop_assert!(id.check_for(Product::EftV2).is_ok());
/// });
/// ```
pub fn reference_id_for(product: Product) -> impl Strategy<Value = ReferenceId> + Clone {
    let text = match product {
        Product::EftV2 => "[A-Za-z0-9-]{1,36}",
        Product::Geft => "[ -~é€💳]{1,100}",
    };
    text.prop_filter_map("a reference id", move |text| {
        ReferenceId::parse_for(product, &text).ok()
    })
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
/// decimal or below zero, a reference id empty or over 100 characters, a
/// malformed code. Both readers refuse every one.
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
            SessionState::new(status, Some(code))
                .is_err()
                .then(|| body(status.as_str(), &format!("\"{code}\""), ""))
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
        prop_oneof![Just(String::new()), "[a-zé ]{101,120}"].prop_map(move |reference| body(
            "Initiated",
            "\"EFT0101\"",
            &format!(r#","referenceId":{}"#, json_string(&reference))
        )),
        malformed_detail().prop_map(move |code| body("Initiated", &json_string(&code), "")),
    ]
}

/// A valid `POST /api/v2/sessions` body for `product`, with every optional
/// field sometimes present.
///
/// # Examples
///
/// ```
/// use eft_session::{strategy, Product};
/// use proptest::prelude::*;
///
/// proptest!(|(request in strategy::initiate_request(Product::Geft))| {
///     prop_assert!(request.validate().is_ok());
/// });
/// ```
pub fn initiate_request(product: Product) -> impl Strategy<Value = InitiateSessionRequest> {
    let reference = match product {
        Product::EftV2 => "[A-Za-z0-9-]{1,36}".boxed(),
        Product::Geft => "[ -~é]{1,100}".boxed(),
    };
    let name = "[A-Za-z][A-Za-z' -]{0,30}";
    let optional = |pattern: &'static str| proptest::option::of(pattern);
    let address = proptest::option::of(
        (
            optional("[0-9]{1,4} [A-Za-z ]{1,20}"),
            optional("[A-Z]{2}"),
            optional("[A-Z][0-9][A-Z][0-9][A-Z][0-9]"),
        )
            .prop_map(|(line, province, postal_code)| Address {
                address_line1: line,
                province,
                postal_code,
                country: Some(String::from("CA")),
                ..Address::default()
            }),
    );
    let payor = (
        name,
        name,
        optional("[a-z]{1,10}@[a-z]{1,10}\\.ca"),
        optional("[0-9]{10,15}"),
        optional("19[0-9]{2}-0[1-9]-1[0-9]"),
        address,
    )
        .prop_map(
            |(first, last, email, phone, date_of_birth, address)| Payor {
                first_name: first,
                last_name: last,
                email,
                phone,
                date_of_birth,
                address,
                ..Payor::default()
            },
        );
    let payee = if product.accepts_payee() {
        proptest::option::of(("[0-9]{3}", "[0-9]{5}", "[0-9]{7,12}").prop_map(
            |(institution, transit, account)| Payee {
                account: BankAccount {
                    institution_code: Some(institution),
                    transit_number: Some(transit),
                    account_number: Some(account),
                    account_label: None,
                },
            },
        ))
        .boxed()
    } else {
        Just(None).boxed()
    };
    (
        proptest::option::of(reference),
        proptest::option::of(1u64..=9_999_999),
        proptest::option::of(prop::sample::select(vec!["EN", "FR"])),
        proptest::option::of(any::<bool>()),
        payor,
        payee,
    )
        .prop_map(move |(reference, cents, language, consent, payor, payee)| {
            let mut request = InitiateSessionRequest::new(product, "", "");
            request.reference_id = reference;
            request.currency = Some(String::from("CAD"));
            request.amount = cents.map(Amount::from_cents);
            request.options.notification_preferences =
                language.map(|language| NotificationPreferences {
                    language: String::from(language),
                });
            request.options.show_consent_screen = consent;
            request.payor = payor;
            request.payee = payee;
            request
        })
}

/// A request that breaks a known set of rules, with the fields (JSON paths)
/// of exactly those rules: a valid request with one to all of a list of
/// single-field breakages applied.
///
/// # Examples
///
/// ```
/// use eft_session::strategy;
/// use proptest::prelude::*;
///
/// proptest!(|((request, broken) in strategy::broken_request())| {
///     let violations = request.validate().unwrap_err();
///     prop_assert_eq!(violations.fields().collect::<Vec<_>>(), broken);
/// });
/// ```
pub fn broken_request() -> impl Strategy<Value = (InitiateSessionRequest, Vec<&'static str>)> {
    prop_oneof![Just(Product::EftV2), Just(Product::Geft)].prop_flat_map(|product| {
        let breakages: Vec<Breakage> = BREAKAGES
            .iter()
            .copied()
            .filter(|b| (b.applies)(product))
            .collect();
        let count = breakages.len();
        (
            initiate_request(product),
            proptest::sample::subsequence(breakages, 1..=count),
        )
            .prop_map(|(mut request, chosen)| {
                let mut fields: Vec<&'static str> = chosen
                    .iter()
                    .map(|breakage| {
                        (breakage.apply)(&mut request);
                        breakage.field
                    })
                    .collect();
                fields.sort_unstable();
                fields.dedup();
                (request, fields)
            })
    })
}

/// One way to break one rule of a request.
#[derive(Clone, Copy, Debug)]
struct Breakage {
    field: &'static str,
    applies: fn(Product) -> bool,
    apply: fn(&mut InitiateSessionRequest),
}

const fn always(_: Product) -> bool {
    true
}

const BREAKAGES: &[Breakage] = &[
    Breakage {
        field: "type",
        applies: always,
        apply: |r| r.session_type = String::from("ACH"),
    },
    Breakage {
        field: "direction",
        applies: always,
        apply: |r| r.direction = String::from("CREDIT"),
    },
    Breakage {
        field: "referenceId",
        applies: always,
        apply: |r| {
            r.reference_id = Some(match r.product() {
                Product::EftV2 => String::from("order #12"),
                Product::Geft => "x".repeat(101),
            });
        },
    },
    Breakage {
        field: "currency",
        applies: always,
        apply: |r| r.currency = Some(String::from("USD")),
    },
    Breakage {
        field: "amount",
        applies: always,
        apply: |r| r.amount = Some(Amount::from_cents(10_000_000)),
    },
    Breakage {
        field: "options.notificationPreferences.language",
        applies: always,
        apply: |r| {
            r.options.notification_preferences = Some(NotificationPreferences {
                language: String::from("DE"),
            });
        },
    },
    Breakage {
        field: "payor.firstName",
        applies: always,
        apply: |r| r.payor.first_name = String::from(" "),
    },
    Breakage {
        field: "payor.lastName",
        applies: always,
        apply: |r| r.payor.last_name = "z".repeat(101),
    },
    Breakage {
        field: "payor.email",
        applies: always,
        apply: |r| r.payor.email = Some("e".repeat(101)),
    },
    Breakage {
        field: "payor.phone",
        applies: always,
        apply: |r| r.payor.phone = Some(String::from("+1 514 555")),
    },
    Breakage {
        field: "payor.dateOfBirth",
        applies: always,
        apply: |r| r.payor.date_of_birth = Some(String::from("1985-02-30")),
    },
    Breakage {
        field: "payor.address.province",
        applies: always,
        apply: |r| {
            r.payor
                .address
                .get_or_insert_with(Address::default)
                .province = Some(String::from("Ontario"))
        },
    },
    Breakage {
        field: "payor.address.postalCode",
        applies: always,
        apply: |r| {
            r.payor
                .address
                .get_or_insert_with(Address::default)
                .postal_code = Some(String::from("H2X 1Y4"))
        },
    },
    Breakage {
        field: "payee",
        applies: |product| !product.accepts_payee(),
        apply: |r| r.payee = Some(Payee::default()),
    },
    Breakage {
        field: "payee.account.institutionCode",
        applies: Product::accepts_payee,
        apply: |r| {
            r.payee
                .get_or_insert_with(Payee::default)
                .account
                .institution_code = Some(String::from("12"))
        },
    },
    Breakage {
        field: "payee.account.accountNumber",
        applies: Product::accepts_payee,
        apply: |r| {
            r.payee
                .get_or_insert_with(Payee::default)
                .account
                .account_number = Some(String::from("12-34"))
        },
    },
];

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
