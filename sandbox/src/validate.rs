//! Reading the bodies clients send.
//!
//! A create body is read so that one answer lists every problem, type errors
//! included: each field is deserialized on its own and a value of the wrong
//! type is recorded under its JSON path; the request is then built without
//! those fields and the crate's rules (`InitiateSessionRequest::validate`)
//! add what they find about the rest. A guarantee decision is one boolean
//! (or its string), named in a 400 when it is anything else.

use eft_session::Amount;
use eft_session::Product;
use eft_session::wire::{
    Address, BankAccount, ConfirmGuaranteeRequest, InitiateSessionRequest, Limits,
    NotificationPreferences, Payee, ProblemDetails, RedirectPreferences, Violations,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::problem::Problem;

type Object = Map<String, Value>;

/// The request `body` describes, or every violation it has.
pub fn read_request(body: &Object) -> Result<InitiateSessionRequest, Violations> {
    let mut reader = Reader::default();
    let mut request = InitiateSessionRequest::new(Product::EftV2, "", "");
    // Placeholders for unreadable required fields pass the rules; the field
    // is reported already, and its rules are skipped below.
    request.session_type = reader
        .required(body, "type")
        .unwrap_or_else(|| "EFT".into());
    request.direction = reader
        .required(body, "direction")
        .unwrap_or_else(|| "DEBIT".into());
    request.reference_id = reader.optional(body, "referenceId");
    request.currency = reader.optional(body, "currency");
    request.amount = reader.optional::<Amount>(body, "amount");

    let mut product_known = false;
    if let Some(options) = reader.object(body, "options", true) {
        if let Some(guarantee) = reader.object(options, "options.guarantee", true)
            && let Some(enable) = reader.required::<bool>(guarantee, "options.guarantee.enable")
        {
            request.options.guarantee.enable = enable;
            product_known = true;
        }
        if let Some(preferences) = reader.object(options, "options.notificationPreferences", false)
        {
            let mut read = NotificationPreferences::default();
            read.language = reader
                .required(preferences, "options.notificationPreferences.language")
                .unwrap_or_else(|| "EN".into());
            request.options.notification_preferences = Some(read);
        }
        request.options.show_consent_screen = reader.optional(options, "options.showConsentScreen");
        if let Some(limits) = reader.object(options, "options.limits", false) {
            let mut read = Limits::default();
            read.minimum_amount = reader.optional(limits, "options.limits.minimumAmount");
            read.maximum_amount = reader.optional(limits, "options.limits.maximumAmount");
            request.options.limits = Some(read);
        }
        request.options.amount_modification =
            reader.optional(options, "options.amountModification");
        if let Some(redirect) = reader.object(options, "options.redirectPreferences", false) {
            let mut read = RedirectPreferences::default();
            read.mode = reader.optional(redirect, "options.redirectPreferences.mode");
            read.url_success = reader.optional(redirect, "options.redirectPreferences.urlSuccess");
            read.url_exit = reader.optional(redirect, "options.redirectPreferences.urlExit");
            request.options.redirect_preferences = Some(read);
        }
    }

    if let Some(payor) = reader.object(body, "payor", true) {
        let read = &mut request.payor;
        read.first_name = reader
            .required(payor, "payor.firstName")
            .unwrap_or_default();
        read.last_name = reader.required(payor, "payor.lastName").unwrap_or_default();
        read.middle_name = reader.optional(payor, "payor.middleName");
        read.email = reader.optional(payor, "payor.email");
        read.phone = reader.optional(payor, "payor.phone");
        read.occupation = reader.optional(payor, "payor.occupation");
        read.date_of_birth = reader.optional(payor, "payor.dateOfBirth");
        if let Some(address) = reader.object(payor, "payor.address", false) {
            let mut into = Address::default();
            let field = |name: &str| format!("payor.address.{name}");
            into.address_line1 = reader.optional(address, &field("addressLine1"));
            into.address_line2 = reader.optional(address, &field("addressLine2"));
            into.unit = reader.optional(address, &field("unit"));
            into.city = reader.optional(address, &field("city"));
            into.province = reader.optional(address, &field("province"));
            into.postal_code = reader.optional(address, &field("postalCode"));
            into.country = reader.optional(address, &field("country"));
            read.address = Some(into);
        }
    }

    if let Some(payee) = reader.object(body, "payee", false)
        && let Some(account) = reader.object(payee, "payee.account", true)
    {
        let mut into = BankAccount::default();
        let field = |name: &str| format!("payee.account.{name}");
        into.institution_code = reader.optional(account, &field("institutionCode"));
        into.transit_number = reader.optional(account, &field("transitNumber"));
        into.account_number = reader.optional(account, &field("accountNumber"));
        into.account_label = reader.optional(account, &field("accountLabel"));
        let mut read = Payee::default();
        read.account = into;
        request.payee = Some(read);
    }

    let Reader {
        mut found,
        unreadable,
    } = reader;
    let skip = |field: &str| {
        unreadable.iter().any(|bad| {
            field == bad
                || field
                    .strip_prefix(bad.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    };
    if product_known {
        if let Err(rules) = request.validate() {
            found.merge(rules, skip);
        }
    } else {
        // Without `options.guarantee.enable` the product is unknown: keep
        // only what both products' rules say alike (the reference id's
        // length, for one, depends on the product).
        let as_eft = request.validate().err().unwrap_or_default();
        request.options.guarantee.enable = true;
        let as_geft = request.validate().err().unwrap_or_default();
        let agreed = as_eft.clone();
        found.merge(as_eft, |field| {
            skip(field) || agreed.messages(field) != as_geft.messages(field)
        });
        request.options.guarantee.enable = false;
    }
    if found.is_empty() {
        Ok(request)
    } else {
        Err(found)
    }
}

/// The violations found while reading, and the paths whose value could not
/// be read (their rules are not checked).
#[derive(Default)]
struct Reader {
    found: Violations,
    unreadable: Vec<String>,
}

impl Reader {
    fn unreadable(&mut self, path: &str, message: String) {
        self.found.push(path.to_owned(), message);
        self.unreadable.push(path.to_owned());
    }

    /// The value at `path` (its last segment in `object`): `None` when
    /// absent or null, or when of the wrong type (recorded).
    fn optional<T: DeserializeOwned>(&mut self, object: &Object, path: &str) -> Option<T> {
        let value = object.get(key(path)).filter(|value| !value.is_null())?;
        match T::deserialize(value) {
            Ok(read) => Some(read),
            Err(error) => {
                self.unreadable(path, error.to_string());
                None
            }
        }
    }

    /// As [`optional`](Self::optional), and absent or null is recorded too.
    fn required<T: DeserializeOwned>(&mut self, object: &Object, path: &str) -> Option<T> {
        if object.get(key(path)).is_none_or(Value::is_null) {
            self.unreadable(path, "is required".to_owned());
            return None;
        }
        self.optional(object, path)
    }

    /// The object at `path`; anything else there is a type error.
    fn object<'v>(&mut self, object: &'v Object, path: &str, required: bool) -> Option<&'v Object> {
        match object.get(key(path)) {
            None | Some(Value::Null) => {
                if required {
                    self.unreadable(path, "is required".to_owned());
                }
                None
            }
            Some(Value::Object(inner)) => Some(inner),
            Some(other) => {
                self.unreadable(
                    path,
                    format!("invalid type: {}, expected an object", kind(other)),
                );
                None
            }
        }
    }
}

fn key(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// `body` as a JSON object, or the 400 that says what it is instead.
pub fn object(body: &Value) -> Result<&Object, Problem> {
    body.as_object().ok_or_else(|| {
        Problem::new(
            400,
            "Invalid Body",
            format!("the body is {}, not a JSON object", kind(body)),
        )
    })
}

/// The decision a confirm body carries, or a 400 problem naming what is
/// wrong with it.
pub fn read_decision(body: &Value) -> Result<bool, Problem> {
    let (message, detail) = match object(body)?.get("guaranteeAccepted") {
        None | Some(Value::Null) => (
            "is required".to_owned(),
            "guaranteeAccepted is required: true accepts the guarantee, false rejects it"
                .to_owned(),
        ),
        Some(_) => match serde_json::from_value::<ConfirmGuaranteeRequest>(body.clone()) {
            Ok(request) => return Ok(request.guarantee_accepted),
            Err(error) => {
                let message = error.to_string();
                let detail = if message.starts_with("guaranteeAccepted") {
                    message.clone()
                } else {
                    format!("guaranteeAccepted: {message}")
                };
                (message, detail)
            }
        },
    };
    let mut violations = Violations::default();
    violations.push("guaranteeAccepted", message);
    Err(ProblemDetails::from(violations).with_detail(detail).into())
}

/// A JSON value's kind and value, as serde's messages write them.
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("boolean `{flag}`"),
        Value::Number(number) => format!("number `{number}`"),
        Value::String(text) => format!("string {text:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(body: Value) -> Result<InitiateSessionRequest, Violations> {
        read_request(body.as_object().unwrap())
    }

    #[test]
    fn a_valid_body_reads_as_serde_reads_it() {
        let body = json!({
            "type": "EFT", "direction": "DEBIT", "referenceId": "USER-1", "amount": 12.5,
            "options": { "guarantee": { "enable": true }, "notificationPreferences": { "language": "FR" },
                         "limits": { "minimumAmount": 10 }, "redirectPreferences": { "mode": "JsEvents" } },
            "payor": { "firstName": "Jane", "lastName": "Doe", "address": { "province": "QC" } },
            "payee": { "account": { "institutionCode": "001" } }
        });
        let expected: InitiateSessionRequest = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(read(body).unwrap(), expected);
    }

    #[test]
    fn type_errors_and_rules_are_reported_together() {
        let violations = read(json!({
            "type": "EFT", "direction": "CREDIT", "referenceId": "order #12", "amount": -5,
            "options": { "guarantee": { "enable": false } },
            "payor": { "firstName": 42, "lastName": "Doe", "address": "Main St" }
        }))
        .unwrap_err();
        assert_eq!(
            violations.fields().collect::<Vec<_>>(),
            [
                "amount",
                "direction",
                "payor.address",
                "payor.firstName",
                "referenceId"
            ]
        );
        assert_eq!(
            violations.messages("payor.firstName"),
            ["invalid type: integer `42`, expected a string"]
        );
        assert_eq!(
            violations.messages("payor.address"),
            [r#"invalid type: string "Main St", expected an object"#]
        );
    }

    #[test]
    fn without_a_product_only_rules_of_both_products_are_reported() {
        let violations = read(json!({
            "type": "EFT", "direction": "DEBIT", "referenceId": "x".repeat(40),
            "options": {}, "payor": { "firstName": "Jane" }
        }))
        .unwrap_err();
        // 40 characters break EFT V2's rule only; the last name breaks both.
        assert_eq!(
            violations.fields().collect::<Vec<_>>(),
            ["options.guarantee", "payor.lastName"]
        );
    }

    #[test]
    fn a_decision_is_a_boolean_or_its_string() {
        const REQUIRED: &str =
            "guaranteeAccepted is required: true accepts the guarantee, false rejects it";
        assert!(read_decision(&json!({"guaranteeAccepted": true})).unwrap());
        assert!(!read_decision(&json!({"guaranteeAccepted": "False", "x": 1})).unwrap());
        for (body, detail) in [
            (json!({}), REQUIRED),
            (json!({"guaranteeAccepted": null}), REQUIRED),
            (
                json!({"guaranteeAccepted": "yes"}),
                "guaranteeAccepted must be true or false, not \"yes\"",
            ),
            (json!([true]), "the body is an array, not a JSON object"),
        ] {
            let problem = read_decision(&body).unwrap_err();
            assert_eq!(problem.status(), 400, "{body}");
            assert_eq!(problem.detail(), Some(detail), "{body}");
        }
        let problem = read_decision(&json!({"guaranteeAccepted": 1})).unwrap_err();
        assert_eq!(
            problem.detail(),
            Some(
                "guaranteeAccepted: invalid type: integer `1`, expected true or false, as a boolean or a string"
            )
        );
    }
}
