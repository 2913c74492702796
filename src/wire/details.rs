//! `GET /api/v2/sessions/{sessionId}/details`: everything about a session.

use alloc::string::String;

use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;

use super::{Address, BankAccount, InProduct, Payee, SessionOptions, WireError};
use crate::{Amount, Balance, Product, SessionStatus, Step, Timestamp};

/// The body of `GET /api/v2/sessions/{sessionId}/details`.
///
/// Reading checks the documented rules that tie its fields together: the
/// payor's verified account is `null` (or `{}`, "returned empty") while the
/// session is `Initiated`, and
/// an EFT V2 session (`options.guarantee.enable` false) has no payee. Unknown
/// fields are ignored; an unknown step is kept.
///
/// The older GEFT playground shape (`payor.verifiedAccount`, `guarantee`,
/// `created_at`) is not read: the newer one is documented by both products.
///
/// # Examples
///
/// ```
/// use eft_session::wire::SessionDetailsResponse;
/// use eft_session::{SessionStatus, Step};
///
/// let details: SessionDetailsResponse = serde_json::from_str(r#"{
///     "sessionId": "850750a4-3021-4061-ac03-a8d873aa4179",
///     "status": "InProgress",
///     "step": { "current": "BankSelection", "aggregationRequestId": null, "padId": null },
///     "referenceId": "USER12345", "amount": 500,
///     "type": "EFT", "direction": "DEBIT", "currency": "CAD",
///     "options": { "guarantee": { "enable": false } },
///     "payor": { "firstName": "Jane", "lastName": "Doe", "account": null },
///     "payee": null,
///     "createdAt": "2026-06-04T14:30:00Z"
/// }"#)?;
/// assert_eq!(details.status, SessionStatus::InProgress);
/// assert_eq!(details.step.and_then(|step| step.current), Some(Step::BankSelection));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Unchecked")]
#[non_exhaustive]
pub struct SessionDetailsResponse {
    /// The session id.
    pub session_id: Uuid,
    /// The session's status.
    pub status: SessionStatus,
    /// Where the payer is in the hosted flow.
    pub step: Option<StepDetails>,
    /// The client's reference.
    pub reference_id: Option<String>,
    /// `null` until it is set or the payer enters it.
    pub amount: Option<Amount>,
    /// `type`: always `EFT`.
    #[serde(rename = "type")]
    pub session_type: Option<String>,
    /// Always `DEBIT`.
    pub direction: Option<String>,
    /// Always `CAD`.
    pub currency: Option<String>,
    /// The options the session was created with.
    pub options: Option<SessionOptions>,
    /// Who pays, and the account they chose.
    pub payor: Option<PayorDetails>,
    /// GEFT only: where the funds settle; always `null` for EFT V2.
    pub payee: Option<Payee>,
    /// The identity matching that ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_details: Option<UserDetails>,
    /// GEFT only: the guarantee's assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guarantee_details: Option<GuaranteeDetails>,
    /// When the session was created.
    pub created_at: Option<Timestamp>,
}

/// The details as written: every field in the provider's order, the status
/// spelled as `product`'s pages spell it.
#[derive(Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
struct Written<'a> {
    session_id: Uuid,
    #[cfg_attr(feature = "schemars", schemars(with = "crate::SessionStatus"))]
    status: &'static str,
    step: &'a Option<StepDetails>,
    reference_id: &'a Option<String>,
    amount: Option<Amount>,
    #[serde(rename = "type")]
    session_type: &'a Option<String>,
    direction: &'a Option<String>,
    currency: &'a Option<String>,
    options: &'a Option<SessionOptions>,
    payor: &'a Option<PayorDetails>,
    payee: &'a Option<Payee>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_details: &'a Option<UserDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    guarantee_details: &'a Option<GuaranteeDetails>,
    created_at: Option<Timestamp>,
}

impl SessionDetailsResponse {
    fn written(&self, product: Product) -> Written<'_> {
        Written {
            session_id: self.session_id,
            status: self.status.as_str_in(product),
            step: &self.step,
            reference_id: &self.reference_id,
            amount: self.amount,
            session_type: &self.session_type,
            direction: &self.direction,
            currency: &self.currency,
            options: &self.options,
            payor: &self.payor,
            payee: &self.payee,
            user_details: &self.user_details,
            guarantee_details: &self.guarantee_details,
            created_at: self.created_at,
        }
    }
}

/// Written as the session's own product writes it: a GEFT session
/// (`options.guarantee.enable`) is `Canceled`, an EFT V2 one `Cancelled`.
impl Serialize for SessionDetailsResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.written(self.product()).serialize(serializer)
    }
}

/// The schema of what is written, which is also what is read.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for SessionDetailsResponse {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "SessionDetailsResponse".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Written<'static> as schemars::JsonSchema>::json_schema(generator)
    }
}

/// Written as `product`'s pages write it, whatever the options say.
impl Serialize for InProduct<'_, SessionDetailsResponse> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.1.written(self.0).serialize(serializer)
    }
}

/// `step`: where the payer is, and the ids of what the flow produced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StepDetails {
    /// The current step.
    pub current: Option<Step>,
    /// The bank-data aggregation request.
    pub aggregation_request_id: Option<Uuid>,
    /// The PAD agreement.
    pub pad_id: Option<Uuid>,
}

/// `payor` of the details: as supplied at creation, with the verified account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PayorDetails {
    /// As supplied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// As supplied.
    #[serde(default)]
    pub first_name: Option<String>,
    /// As supplied.
    #[serde(default)]
    pub last_name: Option<String>,
    /// As supplied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// The account the payer chose: `null` until the session leaves
    /// `Initiated`.
    #[serde(default)]
    pub account: Option<VerifiedAccount>,
    /// As supplied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

/// `payor.account`: the payer's verified account, number masked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VerifiedAccount {
    /// Institution, transit, masked number and label.
    #[serde(flatten)]
    pub bank: BankAccount,
    /// GEFT only; may be below zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_balance: Option<Balance>,
}

/// `userDetails`: identity matching.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserDetails {
    /// Whether matching ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_performed: Option<bool>,
    /// The name-match score (`95` in the example; its scale is not
    /// documented, so any number is kept, and a whole one is written back
    /// without a fraction).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_if_integral"
    )]
    pub name_match: Option<f64>,
}

/// Writes `95.0` as `95`, as the provider wrote it.
fn whole_if_integral<S: serde::Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match *value {
        // Within ±2^53 every integral f64 converts to i64 and back exactly
        // (`f64::fract` is not in `core`).
        Some(number)
            if number.abs() < 9_007_199_254_740_992.0 && (number as i64) as f64 == number =>
        {
            serializer.serialize_some(&(number as i64))
        }
        other => other.serialize(serializer),
    }
}

/// `guaranteeDetails` (GEFT only). Risk levels are kept as written (`Unknown`
/// is the only value seen).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GuaranteeDetails {
    /// Whether a guarantee was offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guarantee_offered: Option<bool>,
    /// Whether it was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guarantee_accepted: Option<bool>,
    /// The most the guarantee covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highest_debit_amount_to_guarantee: Option<Amount>,
    /// The overall risk level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_risk_level: Option<String>,
    /// The transaction's risk level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_risk_level: Option<String>,
    /// The user's risk level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_risk_level: Option<String>,
    /// Other risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_risk_level: Option<String>,
}

impl SessionDetailsResponse {
    /// The details of session `session_id` in `status`, every other field
    /// empty: fill in what the server knows.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionDetailsResponse;
    /// use eft_session::SessionStatus;
    /// use uuid::Uuid;
    ///
    /// let mut details = SessionDetailsResponse::new(Uuid::nil(), SessionStatus::Initiated);
    /// details.currency = Some("CAD".into());
    /// assert!(serde_json::to_string(&details)?.contains(r#""currency":"CAD""#));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn new(session_id: Uuid, status: SessionStatus) -> Self {
        Self {
            session_id,
            status,
            step: None,
            reference_id: None,
            amount: None,
            session_type: None,
            direction: None,
            currency: None,
            options: None,
            payor: None,
            payee: None,
            user_details: None,
            guarantee_details: None,
            created_at: None,
        }
    }

    /// The product of the session: GEFT when `options.guarantee.enable`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    /// use eft_session::wire::SessionDetailsResponse;
    ///
    /// let details: SessionDetailsResponse = serde_json::from_str(
    ///     r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Initiated","options":{"guarantee":{"enable":true}}}"#,
    /// )?;
    /// assert_eq!(details.product(), Product::Geft);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn product(&self) -> Product {
        match &self.options {
            Some(options) if options.guarantee.enable => Product::Geft,
            _ => Product::EftV2,
        }
    }
}

/// The details as read, before the rules that tie fields together.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Unchecked {
    session_id: Uuid,
    status: SessionStatus,
    #[serde(default)]
    step: Option<StepDetails>,
    #[serde(default)]
    reference_id: Option<String>,
    #[serde(default)]
    amount: Option<Amount>,
    #[serde(rename = "type", default)]
    session_type: Option<String>,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    options: Option<SessionOptions>,
    #[serde(default)]
    payor: Option<PayorDetails>,
    #[serde(default)]
    payee: Option<Payee>,
    #[serde(default)]
    user_details: Option<UserDetails>,
    #[serde(default)]
    guarantee_details: Option<GuaranteeDetails>,
    #[serde(default)]
    created_at: Option<Timestamp>,
}

impl TryFrom<Unchecked> for SessionDetailsResponse {
    type Error = WireError;

    fn try_from(body: Unchecked) -> Result<Self, WireError> {
        let details = Self {
            session_id: body.session_id,
            status: body.status,
            step: body.step,
            reference_id: body.reference_id,
            amount: body.amount,
            session_type: body.session_type,
            direction: body.direction,
            currency: body.currency,
            options: body.options,
            payor: body.payor,
            payee: body.payee,
            user_details: body.user_details,
            guarantee_details: body.guarantee_details,
            created_at: body.created_at,
        };
        // `{}` is the docs' "returned empty": it says no more than `null`,
        // so it is kept as read but is no account.
        let has_account = details
            .payor
            .as_ref()
            .and_then(|payor| payor.account.as_ref())
            .is_some_and(|account| *account != VerifiedAccount::default());
        if details.status == SessionStatus::Initiated && has_account {
            return Err(WireError::AccountBeforeStart);
        }
        if details.payee.is_some() && !details.product().accepts_payee() {
            return Err(WireError::PayeeNotAccepted);
        }
        Ok(details)
    }
}
