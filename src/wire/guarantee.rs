//! GEFT's guarantee decision: `POST /api/v2/sessions/{sessionId}/guarantees/confirm`
//! and the guarantee webhook.

use core::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Amount, ReferenceId, Timestamp};

/// The body of `POST /api/v2/sessions/{sessionId}/guarantees/confirm`:
/// `{"guaranteeAccepted": true}` accepts the pending offer, `false` rejects it
/// (and fails the session).
///
/// Read liberally: the docs' own curl example sends the boolean as a string
/// (`"guaranteeAccepted": "true"`), so `"true"` and `"false"` are read too,
/// in any case; any other value is refused. Written strictly, as a JSON
/// boolean. Unknown fields are ignored.
///
/// # Examples
///
/// ```
/// use eft_session::wire::ConfirmGuaranteeRequest;
///
/// let body: ConfirmGuaranteeRequest = serde_json::from_str(r#"{"guaranteeAccepted": "true"}"#)?;
/// assert!(body.guarantee_accepted);
/// assert_eq!(serde_json::to_string(&body)?, r#"{"guaranteeAccepted":true}"#);
///
/// let err = serde_json::from_str::<ConfirmGuaranteeRequest>(r#"{"guaranteeAccepted": "yes"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("guaranteeAccepted must be true or false, not \"yes\""));
/// assert!(serde_json::from_str::<ConfirmGuaranteeRequest>("{}").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConfirmGuaranteeRequest {
    /// `true` accepts the guarantee, `false` rejects it.
    #[serde(deserialize_with = "lenient_bool")]
    pub guarantee_accepted: bool,
}

/// A boolean, or the strings `"true"` and `"false"` in any case.
fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct LenientBool;

    impl Visitor<'_> for LenientBool {
        type Value = bool;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true or false, as a boolean or a string")
        }

        fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<bool, E> {
            if value.eq_ignore_ascii_case("true") {
                Ok(true)
            } else if value.eq_ignore_ascii_case("false") {
                Ok(false)
            } else {
                let shown = crate::input::KeptInput::new(value);
                Err(E::custom(format_args!(
                    "guaranteeAccepted must be true or false, not {shown}"
                )))
            }
        }
    }

    deserializer.deserialize_any(LenientBool)
}

/// The answer of the confirm endpoint: the session's `sessionId` and
/// `referenceId` (the "Confirm guarantee" page lists these two).
///
/// # Examples
///
/// ```
/// use eft_session::wire::ConfirmGuaranteeResponse;
/// use uuid::Uuid;
///
/// let body = ConfirmGuaranteeResponse::new(Uuid::nil(), Some("Happy1".parse()?));
/// let json = serde_json::to_string(&body)?;
/// assert_eq!(json, r#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":"Happy1"}"#);
/// assert_eq!(serde_json::from_str::<ConfirmGuaranteeResponse>(&json)?, body);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConfirmGuaranteeResponse {
    session_id: Uuid,
    #[serde(default)]
    reference_id: Option<ReferenceId>,
}

impl ConfirmGuaranteeResponse {
    /// The answer for the session `session_id`.
    /// [`Session::confirm_guarantee`](crate::Session::confirm_guarantee)
    /// makes it after checking the decision is legal.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ConfirmGuaranteeResponse;
    /// use uuid::Uuid;
    ///
    /// assert_eq!(ConfirmGuaranteeResponse::new(Uuid::nil(), None).reference_id(), None);
    /// ```
    #[must_use]
    pub const fn new(session_id: Uuid, reference_id: Option<ReferenceId>) -> Self {
        Self {
            session_id,
            reference_id,
        }
    }

    /// The session id (`sessionId`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ConfirmGuaranteeResponse;
    /// use uuid::Uuid;
    ///
    /// assert_eq!(ConfirmGuaranteeResponse::new(Uuid::nil(), None).session_id(), Uuid::nil());
    /// ```
    #[must_use]
    pub const fn session_id(&self) -> Uuid {
        self.session_id
    }

    /// The client's reference (`referenceId`), if the session has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::ConfirmGuaranteeResponse;
    /// use uuid::Uuid;
    ///
    /// let body = ConfirmGuaranteeResponse::new(Uuid::nil(), Some("Happy1".parse()?));
    /// assert_eq!(body.reference_id().map(|r| r.as_str()), Some("Happy1"));
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub const fn reference_id(&self) -> Option<&ReferenceId> {
        self.reference_id.as_ref()
    }
}

/// The guarantee webhook: a guarantee was offered for a GEFT session, and the
/// provider waits for the client's decision on the confirm endpoint.
///
/// **Decided, not documented.** The docs name the webhook ("a new guarantee
/// is emitted") but publish neither its event name nor its fields. The crate
/// decides on the name `GuaranteeOffered` ([`NAME`](Self::NAME)) and on the
/// status webhook's own field names plus the details body's name for the
/// amount covered: `when`, `sessionId`, `referenceId`, `amount` and
/// `highestDebitAmountToGuarantee`. Each name is one `#[serde(rename)]` here,
/// so a published shape is a one-line change. Reading ignores unknown fields;
/// only `when` and `sessionId` are required.
///
/// # Examples
///
/// ```
/// use eft_session::wire::GuaranteeOffered;
/// use eft_session::Amount;
/// use uuid::Uuid;
///
/// let event = GuaranteeOffered::new(
///     "2026-06-04T14:30:00Z".parse()?,
///     Uuid::nil(),
///     Some("Happy1".parse()?),
///     Some(Amount::from_cents(50_000)),
///     Some(Amount::from_cents(50_000)),
/// );
/// let json = serde_json::to_string(&event)?;
/// assert_eq!(
///     json,
///     r#"{"when":"2026-06-04T14:30:00Z","sessionId":"00000000-0000-0000-0000-000000000000","referenceId":"Happy1","amount":500,"highestDebitAmountToGuarantee":500}"#
/// );
/// assert_eq!(serde_json::from_str::<GuaranteeOffered>(&json)?, event);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuaranteeOffered {
    when: Timestamp,
    session_id: Uuid,
    #[serde(default)]
    reference_id: Option<ReferenceId>,
    #[serde(default)]
    amount: Option<Amount>,
    #[serde(default, rename = "highestDebitAmountToGuarantee")]
    guaranteed: Option<Amount>,
}

impl GuaranteeOffered {
    /// The event's name, the crate's decision (the docs publish none).
    pub const NAME: &'static str = "GuaranteeOffered";

    /// An offer for `session_id` made at `when`, for a session of `amount`
    /// with `guaranteed` covered.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::GuaranteeOffered;
    /// use uuid::Uuid;
    ///
    /// let event = GuaranteeOffered::new("2026-06-04T14:30:00Z".parse()?, Uuid::nil(), None, None, None);
    /// assert_eq!(event.when().to_string(), "2026-06-04T14:30:00Z");
    /// # Ok::<(), eft_session::ParseTimestampError>(())
    /// ```
    #[must_use]
    pub const fn new(
        when: Timestamp,
        session_id: Uuid,
        reference_id: Option<ReferenceId>,
        amount: Option<Amount>,
        guaranteed: Option<Amount>,
    ) -> Self {
        Self {
            when,
            session_id,
            reference_id,
            amount,
            guaranteed,
        }
    }

    /// When the offer was made (`when`).
    ///
    /// # Examples
    ///
    /// See [`new`](Self::new).
    #[must_use]
    pub const fn when(&self) -> Timestamp {
        self.when
    }

    /// The session offered a guarantee (`sessionId`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::GuaranteeOffered;
    /// use uuid::Uuid;
    ///
    /// let event = GuaranteeOffered::new("2026-06-04T14:30:00Z".parse()?, Uuid::nil(), None, None, None);
    /// assert_eq!(event.session_id(), Uuid::nil());
    /// # Ok::<(), eft_session::ParseTimestampError>(())
    /// ```
    #[must_use]
    pub const fn session_id(&self) -> Uuid {
        self.session_id
    }

    /// The client's reference (`referenceId`), if the session has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::GuaranteeOffered;
    /// use uuid::Uuid;
    ///
    /// let event = GuaranteeOffered::new("2026-06-04T14:30:00Z".parse()?, Uuid::nil(), None, None, None);
    /// assert_eq!(event.reference_id(), None);
    /// # Ok::<(), eft_session::ParseTimestampError>(())
    /// ```
    #[must_use]
    pub const fn reference_id(&self) -> Option<&ReferenceId> {
        self.reference_id.as_ref()
    }

    /// The session's amount (`amount`), when it is set.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::GuaranteeOffered;
    /// use eft_session::Amount;
    /// use uuid::Uuid;
    ///
    /// let event = GuaranteeOffered::new("2026-06-04T14:30:00Z".parse()?, Uuid::nil(), None, Some(Amount::from_cents(1)), None);
    /// assert_eq!(event.amount(), Some(Amount::from_cents(1)));
    /// # Ok::<(), eft_session::ParseTimestampError>(())
    /// ```
    #[must_use]
    pub const fn amount(&self) -> Option<Amount> {
        self.amount
    }

    /// The most the guarantee covers (`highestDebitAmountToGuarantee`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::GuaranteeOffered;
    /// use eft_session::Amount;
    /// use uuid::Uuid;
    ///
    /// let event = GuaranteeOffered::new("2026-06-04T14:30:00Z".parse()?, Uuid::nil(), None, None, Some(Amount::from_cents(2)));
    /// assert_eq!(event.guaranteed(), Some(Amount::from_cents(2)));
    /// # Ok::<(), eft_session::ParseTimestampError>(())
    /// ```
    #[must_use]
    pub const fn guaranteed(&self) -> Option<Amount> {
        self.guaranteed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirm_reads_booleans_and_their_strings_in_any_case() {
        for (text, accepted) in [
            (r#"{"guaranteeAccepted":true}"#, true),
            (r#"{"guaranteeAccepted":false}"#, false),
            (r#"{"guaranteeAccepted":"TRUE"}"#, true),
            (r#"{"guaranteeAccepted":"False","other":1}"#, false),
        ] {
            let body: ConfirmGuaranteeRequest = serde_json::from_str(text).unwrap();
            assert_eq!(body.guarantee_accepted, accepted, "{text}");
        }
        for text in [
            r#"{"guaranteeAccepted":1}"#,
            r#"{"guaranteeAccepted":null}"#,
            r#"{"guaranteeAccepted":"1"}"#,
            r#"{"guarantee_accepted":true}"#,
        ] {
            assert!(
                serde_json::from_str::<ConfirmGuaranteeRequest>(text).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn guarantee_offered_needs_when_and_session_id_only() {
        let event: GuaranteeOffered = serde_json::from_str(
            r#"{"when":"2026-06-04T14:30:00","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","extra":[1]}"#,
        )
        .unwrap();
        assert_eq!(event.reference_id(), None);
        assert_eq!(event.guaranteed(), None);
        assert!(
            serde_json::from_str::<GuaranteeOffered>(
                r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179"}"#
            )
            .is_err()
        );
    }
}
