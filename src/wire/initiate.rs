//! `POST /api/v2/sessions`: the request that creates a session, its
//! validation, and the answer.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ProblemDetails;
use crate::{Amount, Product, ReferenceId};

/// The body of `POST /api/v2/sessions`, as sent: fields are kept as the
/// client wrote them, so that [`validate`](Self::validate) can report every
/// broken rule at once. Only the amount is typed on read: money is never held
/// as a float, so an amount with a third decimal is refused while reading.
///
/// The product is chosen by `options.guarantee.enable`: `false` for EFT V2,
/// `true` for GEFT.
///
/// # Examples
///
/// ```
/// use eft_session::Product;
/// use eft_session::wire::InitiateSessionRequest;
///
/// let request: InitiateSessionRequest = serde_json::from_str(r#"{
///     "type": "EFT", "direction": "DEBIT", "referenceId": "USER12345", "amount": 500,
///     "options": { "guarantee": { "enable": false } },
///     "payor": { "firstName": "Jane", "lastName": "Doe" }
/// }"#)?;
/// assert_eq!(request.product(), Product::EftV2);
/// assert!(request.validate().is_ok());
///
/// let bad: InitiateSessionRequest = serde_json::from_str(r#"{
///     "type": "EFT", "direction": "CREDIT", "referenceId": "order #12", "amount": 0,
///     "options": { "guarantee": { "enable": false } },
///     "payor": { "firstName": "", "lastName": "Doe", "phone": "+1 514" }
/// }"#)?;
/// let violations = bad.validate().unwrap_err();
/// assert_eq!(
///     violations.fields().collect::<Vec<_>>(),
///     ["amount", "direction", "payor.firstName", "payor.phone", "referenceId"]
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InitiateSessionRequest {
    /// `type`: always `EFT`.
    #[serde(rename = "type")]
    pub session_type: String,
    /// Always `DEBIT`.
    pub direction: String,
    /// The client's reference; strongly recommended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// `CAD`, the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Preset and fixed; when absent, the payer enters it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The flow's options; `guarantee.enable` picks the product.
    pub options: SessionOptions,
    /// Who pays.
    pub payor: Payor,
    /// GEFT only: where the funds settle, when not the client's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee: Option<Payee>,
}

/// `options` of a session, in a request and in the details.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SessionOptions {
    /// `enable: true` for GEFT, `false` for EFT V2.
    pub guarantee: Guarantee,
    /// The payer's notification language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_preferences: Option<NotificationPreferences>,
    /// Whether the Flinks consent screen (step `Consent`) is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_consent_screen: Option<bool>,
    /// The bounds of an amount the payer enters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    /// Whether the payer may change the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_modification: Option<bool>,
    /// How the flow hands back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_preferences: Option<RedirectPreferences>,
}

/// `options.guarantee`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Guarantee {
    /// `true` for GEFT.
    pub enable: bool,
}

/// `options.notificationPreferences`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct NotificationPreferences {
    /// `EN` or `FR`.
    pub language: String,
}

/// `options.limits`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Limits {
    /// The least the payer may enter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_amount: Option<Amount>,
    /// The most the payer may enter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_amount: Option<Amount>,
}

/// `options.redirectPreferences`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RedirectPreferences {
    /// `JsEvents` is the only value seen; others are kept as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Where the payer goes on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_success: Option<String>,
    /// Where the payer goes on exit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_exit: Option<String>,
}

/// `payor` of a request: who pays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Payor {
    /// Matched against the bank account's holder: a mismatch fails the
    /// session with `EFT0403`.
    pub first_name: String,
    /// Matched like the first name.
    pub last_name: String,
    /// Optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// For notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Digits only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// The payor's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

/// A postal address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Address {
    /// First line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<String>,
    /// Second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    /// Unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Two letters: `ON`, `QC`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Six characters, no space: `H2X1Y4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// `CA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `payee` (GEFT only): where the funds settle.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Payee {
    /// The account the funds settle to.
    pub account: BankAccount,
}

/// A bank account as the API names it: `payee.account`, and the shared part
/// of the details' `payor.account`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BankAccount {
    /// Three digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution_code: Option<String>,
    /// Five digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_number: Option<String>,
    /// Seven to twelve digits (masked in the details: `****1234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// The text of the "To Account" box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_label: Option<String>,
}

/// The smallest and largest amounts a request may preset.
const MIN_CENTS: u64 = 1;
const MAX_CENTS: u64 = 9_999_999;

impl InitiateSessionRequest {
    /// A minimal valid request for `product`: `EFT`, `DEBIT`, the payor's
    /// names, and the guarantee flag of the product.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session::wire::InitiateSessionRequest;
    ///
    /// let request = InitiateSessionRequest::new(Product::Geft, "Jane", "Doe");
    /// assert!(request.options.guarantee.enable);
    /// assert!(request.validate().is_ok());
    /// ```
    #[must_use]
    pub fn new(product: Product, first_name: &str, last_name: &str) -> Self {
        Self {
            session_type: String::from("EFT"),
            direction: String::from("DEBIT"),
            reference_id: None,
            currency: None,
            amount: None,
            options: SessionOptions {
                guarantee: Guarantee {
                    enable: product == Product::Geft,
                },
                ..SessionOptions::default()
            },
            payor: Payor {
                first_name: String::from(first_name),
                last_name: String::from(last_name),
                ..Payor::default()
            },
            payee: None,
        }
    }

    /// The product this request creates a session of: GEFT when
    /// `options.guarantee.enable` is `true`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session::wire::InitiateSessionRequest;
    ///
    /// assert_eq!(InitiateSessionRequest::new(Product::EftV2, "A", "B").product(), Product::EftV2);
    /// ```
    #[must_use]
    pub const fn product(&self) -> Product {
        if self.options.guarantee.enable {
            Product::Geft
        } else {
            Product::EftV2
        }
    }

    /// Checks every documented rule and returns every violation at once,
    /// each naming the field (its JSON path) and the rule.
    ///
    /// # Errors
    ///
    /// [`Violations`], in field order; it converts to the 400 problem body.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session::wire::{InitiateSessionRequest, ProblemDetails};
    ///
    /// let mut request = InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe");
    /// request.reference_id = Some("x".repeat(40));
    /// let violations = request.validate().unwrap_err();
    /// let problem = ProblemDetails::from(violations);
    /// assert_eq!(problem.status, Some(400));
    /// assert_eq!(
    ///     problem.errors.unwrap()["referenceId"],
    ///     [format!("reference id {:?} is 40 characters long: EFT V2 takes at most 36", "x".repeat(40))]
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), Violations> {
        let mut found = Violations::default();
        let product = self.product();
        if self.session_type != "EFT" {
            found.add(
                "type",
                format!("type {} is not EFT", kept(&self.session_type)),
            );
        }
        if self.direction != "DEBIT" {
            found.add(
                "direction",
                format!("direction {} is not DEBIT", kept(&self.direction)),
            );
        }
        if let Some(reference) = &self.reference_id {
            check_reference_id(product, reference, &mut found);
        }
        if let Some(currency) = &self.currency
            && currency != "CAD"
        {
            found.add(
                "currency",
                format!("currency {} is not CAD", kept(currency)),
            );
        }
        if let Some(amount) = self.amount
            && !(MIN_CENTS..=MAX_CENTS).contains(&amount.cents())
        {
            found.add(
                "amount",
                format!("amount {amount} is outside 0.01 to 99999.99"),
            );
        }
        if let Some(preferences) = &self.options.notification_preferences
            && !matches!(preferences.language.as_str(), "EN" | "FR")
        {
            found.add(
                "options.notificationPreferences.language",
                format!("language {} is not EN or FR", kept(&preferences.language)),
            );
        }
        check_payor(&self.payor, &mut found);
        if let Some(payee) = &self.payee {
            if product.accepts_payee() {
                check_payee(payee, &mut found);
            } else {
                found.add(
                    "payee",
                    format!(
                        "a payee is not accepted by {product}: funds settle to the client's account"
                    ),
                );
            }
        }
        found.into_result()
    }
}

/// A rejected value as a message names it: quoted, escaped, and cut to its
/// first 64 bytes, so that a megabyte of input is not echoed in a 400 body.
fn kept(value: &str) -> crate::input::KeptInput {
    crate::input::KeptInput::new(value)
}

fn check_reference_id(product: Product, reference: &str, found: &mut Violations) {
    if let Err(error) = ReferenceId::check_text_for(product, reference) {
        found.add("referenceId", format!("{error}"));
    }
}

fn check_name(field: &'static str, value: &str, required: bool, found: &mut Violations) {
    let length = value.chars().count();
    if required && value.trim().is_empty() {
        found.add(field, String::from("is required"));
    } else if length > 100 {
        found.add(
            field,
            format!("is {length} characters long: at most 100 are allowed"),
        );
    }
}

fn check_payor(payor: &Payor, found: &mut Violations) {
    check_name("payor.firstName", &payor.first_name, true, found);
    check_name("payor.lastName", &payor.last_name, true, found);
    if let Some(middle) = &payor.middle_name {
        check_name("payor.middleName", middle, false, found);
    }
    if let Some(email) = &payor.email {
        check_name("payor.email", email, false, found);
    }
    if let Some(phone) = &payor.phone
        && !(is_digits(phone) && (1..=15).contains(&phone.len()))
    {
        found.add(
            "payor.phone",
            format!("phone {} is not 1 to 15 digits", kept(phone)),
        );
    }
    if let Some(date) = &payor.date_of_birth
        && !crate::timestamp::is_date(date)
    {
        found.add(
            "payor.dateOfBirth",
            format!("date of birth {} is not a date YYYY-MM-DD", kept(date)),
        );
    }
    let Some(address) = &payor.address else {
        return;
    };
    if let Some(province) = &address.province
        && !(province.len() == 2 && province.bytes().all(|b| b.is_ascii_uppercase()))
    {
        found.add(
            "payor.address.province",
            format!(
                "province {} is not a two-letter code such as ON",
                kept(province)
            ),
        );
    }
    if let Some(postal_code) = &address.postal_code
        && !(postal_code.len() == 6 && postal_code.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        found.add(
            "payor.address.postalCode",
            format!(
                "postal code {} is not six letters and digits without a space",
                kept(postal_code)
            ),
        );
    }
}

fn check_payee(payee: &Payee, found: &mut Violations) {
    let account = &payee.account;
    let digits = [
        (
            "payee.account.institutionCode",
            &account.institution_code,
            3..=3,
        ),
        (
            "payee.account.transitNumber",
            &account.transit_number,
            5..=5,
        ),
        (
            "payee.account.accountNumber",
            &account.account_number,
            7..=12,
        ),
    ];
    for (field, value, lengths) in digits {
        if let Some(value) = value
            && !(is_digits(value) && lengths.contains(&value.len()))
        {
            let (least, most) = (lengths.start(), lengths.end());
            let rule = if least == most {
                format!("{least} digits")
            } else {
                format!("{least} to {most} digits")
            };
            found.add(field, format!("{} is not {rule}", kept(value)));
        }
    }
}

fn is_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// Every rule a request breaks: field (its JSON path) and message, in field
/// order. Converts to a 400 [`ProblemDetails`] with its `errors` map.
///
/// # Examples
///
/// ```
/// use eft_session::Product;
/// use eft_session::wire::InitiateSessionRequest;
///
/// let mut request = InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe");
/// request.currency = Some("USD".into());
/// let violations = request.validate().unwrap_err();
/// assert_eq!(violations.to_string(), r#"currency: currency "USD" is not CAD"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Violations {
    by_field: BTreeMap<Cow<'static, str>, Vec<String>>,
}

impl Violations {
    fn add(&mut self, field: &'static str, message: String) {
        self.push(field, message);
    }

    /// Records that `field` (its JSON path, such as `payor.firstName`) breaks
    /// a rule: for a server that finds violations of its own, such as a value
    /// of the wrong JSON type, and reports them with the crate's.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::Violations;
    ///
    /// let mut violations = Violations::default();
    /// violations.push("amount", "expected a number of dollars, found a string");
    /// assert!(!violations.is_empty());
    /// assert_eq!(violations.fields().collect::<Vec<_>>(), ["amount"]);
    /// ```
    pub fn push(&mut self, field: impl Into<Cow<'static, str>>, message: impl Into<String>) {
        self.by_field
            .entry(field.into())
            .or_default()
            .push(message.into());
    }

    /// Adds every violation of `other`, except for the fields `skip` names
    /// (a field whose value could not even be read has nothing else to say).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session::wire::{InitiateSessionRequest, Violations};
    ///
    /// let mut found = Violations::default();
    /// found.push("payor.firstName", "expected a string, found a number");
    /// let rules = InitiateSessionRequest::new(Product::EftV2, "", "").validate().unwrap_err();
    /// found.merge(rules, |field| field == "payor.firstName");
    /// assert_eq!(found.messages("payor.firstName"), ["expected a string, found a number"]);
    /// assert_eq!(found.messages("payor.lastName"), ["is required"]);
    /// ```
    pub fn merge(&mut self, other: Self, skip: impl Fn(&str) -> bool) {
        for (field, messages) in other.by_field {
            if !skip(&field) {
                self.by_field.entry(field).or_default().extend(messages);
            }
        }
    }

    /// Whether no rule is broken.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(eft_session::wire::Violations::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }

    fn into_result(self) -> Result<(), Self> {
        if self.by_field.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The fields that break a rule, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session::wire::InitiateSessionRequest;
    ///
    /// let request = InitiateSessionRequest::new(Product::EftV2, "", "");
    /// let violations = request.validate().unwrap_err();
    /// assert_eq!(violations.fields().collect::<Vec<_>>(), ["payor.firstName", "payor.lastName"]);
    /// ```
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.by_field.keys().map(|field| field.as_ref())
    }

    /// The messages for `field`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session::wire::InitiateSessionRequest;
    ///
    /// let request = InitiateSessionRequest::new(Product::EftV2, "", "Doe");
    /// assert_eq!(request.validate().unwrap_err().messages("payor.firstName"), ["is required"]);
    /// ```
    #[must_use]
    pub fn messages(&self, field: &str) -> &[String] {
        self.by_field.get(field).map_or(&[], Vec::as_slice)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (field, messages) in &self.by_field {
            for message in messages {
                if !first {
                    f.write_str("; ")?;
                }
                first = false;
                write!(f, "{field}: {message}")?;
            }
        }
        Ok(())
    }
}

impl core::error::Error for Violations {}

impl From<Violations> for ProblemDetails {
    /// The 400 answer to an invalid request, with every violation in
    /// `errors`, as ASP.NET Core writes a validation problem.
    fn from(violations: Violations) -> Self {
        let errors = violations
            .by_field
            .into_iter()
            .map(|(field, messages)| (String::from(field), messages))
            .collect();
        let mut problem = Self::new(400, "One or more validation errors occurred.");
        problem.errors = Some(errors);
        problem
    }
}

/// The answer to `POST /api/v2/sessions` (201 Created).
///
/// # Examples
///
/// ```
/// use eft_session::wire::InitiateSessionResponse;
///
/// let body: InitiateSessionResponse = serde_json::from_str(
///     r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345"}"#,
/// )?;
/// assert_eq!(body.reference_id.as_deref(), Some("USER12345"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InitiateSessionResponse {
    /// The new session's id.
    pub session_id: Uuid,
    /// The client's reference, echoed; `null` when none was given.
    #[serde(default)]
    pub reference_id: Option<String>,
}

impl InitiateSessionResponse {
    /// The answer for a session created with `reference_id`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::InitiateSessionResponse;
    /// use uuid::Uuid;
    ///
    /// let body = InitiateSessionResponse::new(Uuid::nil(), None);
    /// assert_eq!(serde_json::to_string(&body)?, r#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub const fn new(session_id: Uuid, reference_id: Option<String>) -> Self {
        Self {
            session_id,
            reference_id,
        }
    }
}

impl Violations {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A request to create a session broke one or more rules; [`ProblemDetails::from`](crate::wire::ProblemDetails) lists them all in `errors`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, wire::InitiateSessionRequest};
    /// let err = InitiateSessionRequest::new(Product::EftV2, "", "Doe").validate().unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "One or more validation errors occurred."));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "One or more validation errors occurred.".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "One or more validation errors occurred."
    }
}
