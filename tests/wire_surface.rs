//! The whole session API on the wire: every body, built from the field tables
//! of the facts sheet (it has no JSON examples of its own), read, checked and
//! written back; both products; validation that reports everything at once.

mod util;

use eft_session::wire::{
    InProduct, InitiateSessionRequest, InitiateSessionResponse, ProblemDetails,
    SessionDetailsResponse, SessionSetupStatusChanged, SessionStatusResponse, UserDetails,
    Violations,
};
use eft_session::{Product, SessionStatus, StatusDetail, Step};
use util::assert_round_trip;

const EFT_V2_REQUEST: &str = r#"{
    "type": "EFT", "direction": "DEBIT", "referenceId": "USER12345", "currency": "CAD", "amount": 500,
    "options": {
        "guarantee": { "enable": false },
        "notificationPreferences": { "language": "EN" },
        "showConsentScreen": true
    },
    "payor": {
        "firstName": "Jane", "lastName": "Doe", "email": "jane.doe@example.com",
        "address": { "addressLine1": "123 Main St", "city": "Montreal", "province": "QC", "postalCode": "H2X1Y4", "country": "CA" }
    }
}"#;

const GEFT_REQUEST: &str = r#"{
    "type": "EFT", "direction": "DEBIT", "referenceId": "Happy1", "currency": "CAD", "amount": 250.75,
    "options": { "guarantee": { "enable": true }, "notificationPreferences": { "language": "FR" } },
    "payor": {
        "firstName": "Joe", "lastName": "Tremblay", "middleName": "A", "email": "joe@example.ca",
        "phone": "5145551234", "occupation": "teacher", "dateOfBirth": "1985-03-15",
        "address": { "addressLine1": "1 Rue Sainte-Catherine", "unit": "4B", "city": "Montreal", "province": "QC", "postalCode": "H3B1A7", "country": "CA" }
    },
    "payee": { "account": { "institutionCode": "001", "transitNumber": "12345", "accountNumber": "1234567", "accountLabel": "Main account" } }
}"#;

const EFT_V2_DETAILS: &str = r#"{
    "sessionId": "850750a4-3021-4061-ac03-a8d873aa4179",
    "status": "InProgress",
    "step": { "current": "AccountSelection", "aggregationRequestId": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "padId": null },
    "referenceId": "USER12345",
    "amount": 500,
    "type": "EFT", "direction": "DEBIT", "currency": "CAD",
    "options": {
        "guarantee": { "enable": false },
        "notificationPreferences": { "language": "EN" },
        "showConsentScreen": true,
        "limits": { "minimumAmount": 50, "maximumAmount": 10000 },
        "amountModification": false,
        "redirectPreferences": { "mode": "JsEvents" }
    },
    "payor": {
        "email": "jane.doe@example.com", "firstName": "Jane", "lastName": "Doe",
        "account": { "institutionCode": "001", "transitNumber": "12345", "accountNumber": "****1234", "accountLabel": "Chequing" }
    },
    "payee": null,
    "userDetails": { "matchingPerformed": true, "nameMatch": 95 },
    "createdAt": "2026-06-04T14:30:00Z"
}"#;

const GEFT_DETAILS: &str = r#"{
    "sessionId": "86095db9-0000-4000-8000-000000000000",
    "status": "Completed",
    "step": { "current": "Complete", "aggregationRequestId": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "padId": "6fa459ea-ee8a-3ca4-894e-db77e160355e" },
    "referenceId": "Happy1",
    "amount": 250.75,
    "type": "EFT", "direction": "DEBIT", "currency": "CAD",
    "options": { "guarantee": { "enable": true }, "limits": { "minimumAmount": 10, "maximumAmount": 1000 } },
    "payor": {
        "firstName": "Joe", "lastName": "Tremblay",
        "account": { "institutionCode": "001", "transitNumber": "12345", "accountNumber": "****4567", "availableBalance": -12.5 }
    },
    "payee": { "account": { "institutionCode": "002", "transitNumber": "54321", "accountNumber": "7654321", "accountLabel": "Settlement" } },
    "guaranteeDetails": { "guaranteeOffered": true, "guaranteeAccepted": true, "highestDebitAmountToGuarantee": 1000, "overallRiskLevel": "Unknown" },
    "createdAt": "2026-06-04T14:30:00.5Z"
}"#;

#[test]
fn the_eft_v2_request_round_trips_and_validates() {
    let request: InitiateSessionRequest = assert_round_trip(EFT_V2_REQUEST);
    assert_eq!(request.product(), Product::EftV2);
    assert_eq!(request.amount.map(|a| a.cents()), Some(50_000));
    assert_eq!(
        request
            .payor
            .address
            .as_ref()
            .and_then(|a| a.province.as_deref()),
        Some("QC")
    );
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn the_geft_request_round_trips_and_validates() {
    let request: InitiateSessionRequest = assert_round_trip(GEFT_REQUEST);
    assert_eq!(request.product(), Product::Geft);
    assert_eq!(
        request
            .payee
            .as_ref()
            .and_then(|p| p.account.transit_number.as_deref()),
        Some("12345")
    );
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn a_payee_is_a_geft_thing() {
    let mut request: InitiateSessionRequest = serde_json::from_str(GEFT_REQUEST).unwrap();
    request.options.guarantee.enable = false;
    let violations = request.validate().unwrap_err();
    assert_eq!(violations.fields().collect::<Vec<_>>(), ["payee"]);
    assert_eq!(
        violations.messages("payee"),
        ["a payee is not accepted by EFT V2: funds settle to the client's account"]
    );
}

#[test]
fn reference_id_limits_follow_the_product() {
    let long = "Order 2026/06 #".repeat(5); // 75 characters, with spaces
    let mut request = InitiateSessionRequest::new(Product::Geft, "Jane", "Doe");
    request.reference_id = Some(long.clone());
    assert_eq!(request.validate(), Ok(()));
    request.options.guarantee.enable = false;
    assert_eq!(
        request.validate().unwrap_err().fields().collect::<Vec<_>>(),
        ["referenceId"]
    );
    let mut geft = InitiateSessionRequest::new(Product::Geft, "Jane", "Doe");
    geft.reference_id = Some("x".repeat(101));
    assert_eq!(
        geft.validate().unwrap_err().messages("referenceId"),
        [format!(
            "reference id {:?}… is 101 characters long: GEFT takes at most 100",
            "x".repeat(64)
        )]
    );
}

#[test]
fn every_violation_is_reported_at_once_as_a_400_problem() {
    let request: InitiateSessionRequest = serde_json::from_str(r#"{
        "type": "ACH", "direction": "CREDIT", "referenceId": "order #12", "currency": "USD", "amount": 100000,
        "options": { "guarantee": { "enable": false }, "notificationPreferences": { "language": "DE" } },
        "payor": { "firstName": "", "lastName": "Doe", "phone": "+1 514", "dateOfBirth": "1985-02-30",
                   "address": { "province": "Quebec", "postalCode": "H2X 1Y4" } },
        "payee": { "account": { "institutionCode": "1" } }
    }"#).unwrap();
    let problem = ProblemDetails::from(request.validate().unwrap_err());
    let json = serde_json::to_value(&problem).unwrap();
    assert_eq!(json["status"], 400);
    assert_eq!(json["title"], "One or more validation errors occurred.");
    assert_eq!(
        json["errors"],
        serde_json::json!({
            "amount": ["amount 100000.00 is outside 0.01 to 99999.99"],
            "currency": ["currency \"USD\" is not CAD"],
            "direction": ["direction \"CREDIT\" is not DEBIT"],
            "options.notificationPreferences.language": ["language \"DE\" is not EN or FR"],
            "payee": ["a payee is not accepted by EFT V2: funds settle to the client's account"],
            "payor.address.postalCode": ["postal code \"H2X 1Y4\" is not six letters and digits without a space"],
            "payor.address.province": ["province \"Quebec\" is not a two-letter code such as ON"],
            "payor.dateOfBirth": ["date of birth \"1985-02-30\" is not a date YYYY-MM-DD"],
            "payor.firstName": ["is required"],
            "payor.phone": ["phone \"+1 514\" is not 1 to 15 digits"],
            "referenceId": ["reference id \"order #12\" has ' ' at character 5: EFT V2 takes only letters, digits and hyphens"],
            "type": ["type \"ACH\" is not EFT"]
        })
    );
    // A provider's validation problem reads back, `errors` included.
    let read: ProblemDetails = serde_json::from_value(json).unwrap();
    assert_eq!(read, problem);
}

#[test]
fn an_amount_with_a_third_decimal_is_refused_on_read() {
    let body = EFT_V2_REQUEST.replace("\"amount\": 500", "\"amount\": 5.001");
    let err = serde_json::from_str::<InitiateSessionRequest>(&body).unwrap_err();
    assert!(err.to_string().contains("more than two decimals"), "{err}");
}

#[test]
fn the_initiate_response_round_trips() {
    let body: InitiateSessionResponse = assert_round_trip(
        r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345"}"#,
    );
    assert_eq!(body.reference_id.as_deref(), Some("USER12345"));
}

#[test]
fn the_eft_v2_details_round_trip() {
    let details: SessionDetailsResponse = assert_round_trip(EFT_V2_DETAILS);
    assert_eq!(details.product(), Product::EftV2);
    assert_eq!(
        details.step.as_ref().and_then(|s| s.current.clone()),
        Some(Step::AccountSelection)
    );
    let account = details
        .payor
        .as_ref()
        .and_then(|p| p.account.as_ref())
        .unwrap();
    assert_eq!(account.bank.account_number.as_deref(), Some("****1234"));
    assert_eq!(details.user_details.and_then(|u| u.name_match), Some(95.0));
    assert_eq!(
        details
            .options
            .as_ref()
            .and_then(|o| o.limits)
            .and_then(|l| l.maximum_amount)
            .map(|a| a.cents()),
        Some(1_000_000)
    );
}

#[test]
fn the_geft_details_round_trip() {
    let details: SessionDetailsResponse = assert_round_trip(GEFT_DETAILS);
    assert_eq!(details.product(), Product::Geft);
    assert_eq!(details.status, SessionStatus::Completed);
    let balance = details
        .payor
        .as_ref()
        .and_then(|p| p.account.as_ref())
        .and_then(|a| a.available_balance);
    assert_eq!(balance.map(|b| b.cents()), Some(-1250));
    assert_eq!(
        details
            .guarantee_details
            .as_ref()
            .and_then(|g| g.overall_risk_level.as_deref()),
        Some("Unknown")
    );
}

#[test]
fn details_that_break_a_documented_rule_are_refused() {
    let initiated_with_account = EFT_V2_DETAILS.replace("\"InProgress\"", "\"Initiated\"");
    let err = serde_json::from_str::<SessionDetailsResponse>(&initiated_with_account).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("payor.account must be null while the session is Initiated"),
        "{err}"
    );

    let eft_v2_with_payee = GEFT_DETAILS.replace(
        r#""guarantee": { "enable": true }"#,
        r#""guarantee": { "enable": false }"#,
    );
    let err = serde_json::from_str::<SessionDetailsResponse>(&eft_v2_with_payee).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("payee must be null for an EFT V2 session"),
        "{err}"
    );
}

#[test]
fn an_unknown_step_is_kept_and_written_back() {
    let body = EFT_V2_DETAILS.replace("AccountSelection", "BiometricCheck");
    let details: SessionDetailsResponse = assert_round_trip(&body);
    assert_eq!(
        details
            .step
            .and_then(|s| s.current)
            .map(|s| s.as_str().to_owned()),
        Some("BiometricCheck".to_owned())
    );
}

#[test]
fn each_product_spells_cancelled_its_own_way_on_output() {
    let body = r#"{"sessionId":"86095db9-0000-4000-8000-000000000000","referenceId":"Happy2","amount":null,"status":"Canceled","statusDetails":"EFT0501"}"#;
    let read: SessionStatusResponse = serde_json::from_str(body).unwrap();
    assert_eq!(
        serde_json::to_string(&InProduct(Product::Geft, &read)).unwrap(),
        body
    );
    assert_eq!(
        serde_json::to_string(&InProduct(Product::EftV2, &read)).unwrap(),
        body.replace("Canceled", "Cancelled")
    );

    let event = SessionSetupStatusChanged::new("2026-06-04T14:30:00Z".parse().unwrap(), read);
    let geft = serde_json::to_string(&InProduct(Product::Geft, &event)).unwrap();
    assert!(
        geft.starts_with(r#"{"when":"2026-06-04T14:30:00Z","#) && geft.contains("Canceled"),
        "{geft}"
    );
}

#[test]
fn the_products_differ_only_where_the_docs_say() {
    assert!(!StatusDetail::EFT0402.is_produced_by(Product::EftV2));
    assert!(StatusDetail::EFT0402.is_produced_by(Product::Geft));
    assert_eq!(Product::EftV2.max_reference_id_len(), 36);
    assert_eq!(Product::Geft.max_reference_id_len(), 100);
    assert!(!Step::GuaranteeOffer.is_in(Product::EftV2));
    for step in Step::documented().filter(|s| *s != Step::GuaranteeOffer) {
        assert!(
            step.is_in(Product::EftV2) && step.is_in(Product::Geft),
            "{step}"
        );
    }
}

#[cfg(feature = "proptest")]
mod properties {
    use super::*;
    use eft_session::strategy;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_valid_request_round_trips(request in prop_oneof![
            strategy::initiate_request(Product::EftV2),
            strategy::initiate_request(Product::Geft),
        ]) {
            prop_assert_eq!(request.validate(), Ok(()));
            let json = serde_json::to_string(&request).unwrap();
            prop_assert_eq!(serde_json::from_str::<InitiateSessionRequest>(&json).unwrap(), request);
        }

        #[test]
        fn an_invalid_request_yields_exactly_the_violations_put_into_it((request, broken) in strategy::broken_request()) {
            let violations = request.validate().unwrap_err();
            prop_assert_eq!(violations.fields().collect::<Vec<_>>(), broken);
            let problem = ProblemDetails::from(violations);
            prop_assert_eq!(problem.errors.map(|e| e.len()), Some(broken_len(&request)));
        }

        #[test]
        fn any_valid_status_body_and_webhook_round_trip(body in strategy::status_response(), seconds in 0u64..4_000_000_000) {
            let json = serde_json::to_string(&body).unwrap();
            prop_assert_eq!(serde_json::from_str::<SessionStatusResponse>(&json).unwrap(), body.clone());
            let event = SessionSetupStatusChanged::new(eft_session::Timestamp::from_unix(core::time::Duration::from_secs(seconds)), body);
            let json = serde_json::to_string(&event).unwrap();
            prop_assert_eq!(SessionSetupStatusChanged::from_json(&json).unwrap(), event.clone());
            prop_assert_eq!(serde_json::from_str::<SessionSetupStatusChanged>(&json).unwrap(), event);
        }
    }

    fn broken_len(request: &InitiateSessionRequest) -> usize {
        request.validate().unwrap_err().fields().count()
    }
}

/// A whole score is written without a fraction while every whole number
/// converts exactly (below 2^53 in size); beyond, as the float it is.
#[test]
fn a_whole_name_match_is_written_without_a_fraction_below_two_to_the_53() {
    let written = |score: f64| {
        let mut user = UserDetails::default();
        user.name_match = Some(score);
        serde_json::to_string(&user).unwrap()
    };
    assert_eq!(written(95.0), r#"{"nameMatch":95}"#);
    assert_eq!(written(-3.0), r#"{"nameMatch":-3}"#);
    assert_eq!(written(95.5), r#"{"nameMatch":95.5}"#);
    assert_eq!(
        written(9_007_199_254_740_991.0),
        r#"{"nameMatch":9007199254740991}"#
    );
    assert_eq!(
        written(9_007_199_254_740_992.0),
        r#"{"nameMatch":9007199254740992.0}"#
    );
    assert_eq!(
        written(-9_007_199_254_740_992.0),
        r#"{"nameMatch":-9007199254740992.0}"#
    );
}

#[test]
fn a_fractional_name_match_is_kept_and_names_may_be_100_characters() {
    let body = EFT_V2_DETAILS.replace("\"nameMatch\": 95", "\"nameMatch\": 95.5");
    let details: SessionDetailsResponse = assert_round_trip(&body);
    assert_eq!(details.user_details.and_then(|u| u.name_match), Some(95.5));

    let hundred = "n".repeat(100);
    let request = InitiateSessionRequest::new(Product::Geft, &hundred, &hundred);
    assert_eq!(request.validate(), Ok(()));
    let request = InitiateSessionRequest::new(Product::Geft, &format!("{hundred}n"), &hundred);
    assert_eq!(
        request.validate().unwrap_err().messages("payor.firstName"),
        ["is 101 characters long: at most 100 are allowed"]
    );
}

#[test]
fn address_and_payee_rules_each_bite() {
    let with_address = |province: &str, postal_code: &str| {
        let mut request: InitiateSessionRequest = serde_json::from_str(EFT_V2_REQUEST).unwrap();
        let address = request.payor.address.as_mut().unwrap();
        address.province = Some(province.into());
        address.postal_code = Some(postal_code.into());
        request
            .validate()
            .err()
            .map(|v| v.fields().map(str::to_owned).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert!(with_address("ON", "H2X1Y4").is_empty());
    for province in ["on", "QCX", "Q", "Q1"] {
        assert_eq!(
            with_address(province, "H2X1Y4"),
            ["payor.address.province"],
            "{province}"
        );
    }
    for postal_code in ["H2X 1Y", "H2X1Y4Z", "H2X1Y", "H2X-1Y"] {
        assert_eq!(
            with_address("ON", postal_code),
            ["payor.address.postalCode"],
            "{postal_code}"
        );
    }

    let mut request: InitiateSessionRequest = serde_json::from_str(GEFT_REQUEST).unwrap();
    let account = &mut request.payee.as_mut().unwrap().account;
    account.institution_code = Some("12".into());
    account.transit_number = Some("1234a".into());
    account.account_number = Some("123456".into());
    let violations = request.validate().unwrap_err();
    assert_eq!(
        violations.messages("payee.account.institutionCode"),
        ["\"12\" is not 3 digits"]
    );
    assert_eq!(
        violations.messages("payee.account.transitNumber"),
        ["\"1234a\" is not 5 digits"]
    );
    assert_eq!(
        violations.messages("payee.account.accountNumber"),
        ["\"123456\" is not 7 to 12 digits"]
    );
}

#[test]
fn violations_read_as_one_line() {
    let mut request = InitiateSessionRequest::new(Product::EftV2, "Jane", "");
    request.currency = Some("USD".into());
    let violations = request.validate().unwrap_err();
    assert_eq!(
        violations.to_string(),
        r#"currency: currency "USD" is not CAD; payor.lastName: is required"#
    );
}

#[test]
fn a_huge_rejected_value_is_not_echoed_whole() {
    let mut request = InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe");
    request.session_type = "x".repeat(1 << 20);
    request.payor.phone = Some("+".repeat(1 << 20));
    let violations = request.validate().unwrap_err();
    for field in ["type", "payor.phone"] {
        let message = &violations.messages(field)[0];
        assert!(message.len() < 120, "{field}: {} bytes", message.len());
        assert!(message.contains('…'), "{message}");
    }
}

#[test]
fn a_reference_id_is_checked_by_its_products_rule_and_found_by_its_text() {
    use std::collections::HashMap;

    let geft: eft_session::ReferenceId = "order 12 for Jane Doe".parse().unwrap();
    assert!(geft.check_for(Product::Geft).is_ok());
    assert!(geft.check_for(Product::EftV2).is_err());
    let long: eft_session::ReferenceId = "A".repeat(37).parse().unwrap();
    assert!(long.check_for(Product::EftV2).is_err());
    assert!(long.check_for(Product::Geft).is_ok());
    let eft: eft_session::ReferenceId = "USER-12345".parse().unwrap();
    assert!(eft.check_for(Product::EftV2).is_ok());
    // Hashed as its text: a map keyed by ids is queried by `&str`.
    let mut by_reference = HashMap::new();
    by_reference.insert(geft.clone(), 1);
    by_reference.insert(long, 2);
    by_reference.insert(eft, 3);
    assert_eq!(by_reference.get("order 12 for Jane Doe"), Some(&1));
    assert_eq!(by_reference.get("A".repeat(37).as_str()), Some(&2));
    assert_eq!(by_reference.get("USER-12345"), Some(&3));
    assert_eq!(by_reference.get("USER-1234"), None);
}

/// What a server does with a body it could not read in full: the fields it
/// could not read keep their own message, the rules add the rest.
#[test]
fn violations_merge_every_field_but_the_skipped_ones() {
    let mut found = Violations::default();
    assert!(found.is_empty());
    found.push("payor.firstName", "expected a string, found a number");
    assert!(!found.is_empty());
    let rules = InitiateSessionRequest::new(Product::EftV2, "", "")
        .validate()
        .unwrap_err();
    found.merge(rules.clone(), |field| field == "payor.firstName");
    assert_eq!(
        found.messages("payor.firstName"),
        ["expected a string, found a number"]
    );
    assert_eq!(found.messages("payor.lastName"), ["is required"]);
    // Without a skip, a field's messages add up.
    let mut all = Violations::default();
    all.push("payor.lastName", "first");
    all.merge(rules, |_| false);
    assert_eq!(all.messages("payor.lastName"), ["first", "is required"]);
    assert_eq!(all.messages("payor.firstName"), ["is required"]);
}
