//! `POST /api/v1/authorize`: the bearer token a client's credentials buy.

use alloc::string::String;
use core::fmt;
use core::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// The body of a 200 from `POST /api/v1/authorize`: `access_token`,
/// `token_type` (`bearer`) and `expires_in` (seconds), in the snake case of
/// OAuth 2.0 (RFC 6749 §5.1), not the camelCase of the session bodies.
///
/// Read liberally: `token_type` in any case, `expires_in` as a number or a
/// string of digits, unknown fields (`scope`) ignored. `Debug` does not show
/// the token: it is a credential, and logs outlive it.
///
/// # Examples
///
/// ```
/// use eft_session::wire::AccessToken;
/// use std::time::Duration;
///
/// let token: AccessToken = serde_json::from_str(
///     r#"{"access_token":"eyJhbGciOi","token_type":"Bearer","expires_in":"299"}"#,
/// )?;
/// assert_eq!(token.access_token(), "eyJhbGciOi");
/// assert_eq!(token.lifetime(), Duration::from_secs(299));
/// assert!(!format!("{token:?}").contains("eyJhbGciOi"));
///
/// let err = serde_json::from_str::<AccessToken>(r#"{"access_token":"x","token_type":"mac","expires_in":299}"#);
/// assert!(err.unwrap_err().to_string().starts_with("token_type \"mac\" is not bearer"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct AccessToken {
    /// The token, sent as `Authorization: Bearer <token>`.
    access_token: String,
    /// Always `bearer`.
    #[serde(deserialize_with = "bearer")]
    #[cfg_attr(feature = "schemars", schemars(schema_with = "bearer_schema"))]
    token_type: String,
    /// Seconds the token lives from its issue: 299 on the authorize page,
    /// 599 on the session pages.
    #[serde(deserialize_with = "seconds")]
    #[cfg_attr(feature = "schemars", schemars(range(min = 1)))]
    expires_in: u64,
}

impl AccessToken {
    /// A bearer token that lives `expires_in` seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::AccessToken;
    ///
    /// let token = AccessToken::new("abc", 299);
    /// assert_eq!(
    ///     serde_json::to_string(&token)?,
    ///     r#"{"access_token":"abc","token_type":"bearer","expires_in":299}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn new(access_token: impl Into<String>, expires_in: u64) -> Self {
        Self {
            access_token: access_token.into(),
            token_type: String::from("bearer"),
            expires_in,
        }
    }

    /// The token itself.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::wire::AccessToken::new("abc", 299).access_token(), "abc");
    /// ```
    #[must_use]
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// How long it lives from its issue (`expires_in`).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let token = eft_session::wire::AccessToken::new("abc", 599);
    /// assert_eq!(token.lifetime(), Duration::from_secs(599));
    /// ```
    #[must_use]
    pub const fn lifetime(&self) -> Duration {
        Duration::from_secs(self.expires_in)
    }
}

/// Without the token: a `Debug` line may end up in a log.
impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// `bearer` in any case (RFC 6749 §7.1: the type is case-insensitive).
fn bearer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let kind = String::deserialize(deserializer)?;
    if kind.eq_ignore_ascii_case("bearer") {
        Ok(kind)
    } else {
        let shown = crate::input::KeptInput::new(&kind);
        Err(de::Error::custom(format_args!(
            "token_type {shown} is not bearer"
        )))
    }
}

/// Whole seconds, as a number or as a string of digits.
fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Seconds;

    impl Visitor<'_> for Seconds {
        type Value = u64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number of seconds")
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
            Ok(value)
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
            u64::try_from(value)
                .map_err(|_| E::custom(format_args!("expires_in {value} is negative")))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<u64, E> {
            value.trim().parse().map_err(|_| {
                let shown = crate::input::KeptInput::new(value);
                E::custom(format_args!(
                    "expires_in {shown} is not a whole number of seconds"
                ))
            })
        }
    }

    deserializer.deserialize_any(Seconds)
}

#[cfg(feature = "schemars")]
fn bearer_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "pattern": "^[Bb][Ee][Aa][Rr][Ee][Rr]$" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn negative_and_wordy_lifetimes_are_refused_by_name() {
        let read = |json: &str| {
            serde_json::from_str::<AccessToken>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(
            read(r#"{"access_token":"a","token_type":"bearer","expires_in":-1}"#)
                .starts_with("expires_in -1 is negative")
        );
        assert!(
            read(r#"{"access_token":"a","token_type":"bearer","expires_in":"soon"}"#)
                .starts_with("expires_in \"soon\" is not a whole number of seconds")
        );
        assert!(read(r#"{"access_token":"a","token_type":"bearer"}"#).contains("expires_in"));
    }
}
