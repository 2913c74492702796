//! Money: an amount in exact cents.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::input::KeptInput;

/// An amount of money (Canadian dollars, the only currency of the API), held
/// as exact cents: no floating-point money.
///
/// On the wire it is a JSON number of dollars (`500`, `12.34`). Reading one
/// refuses a negative amount and more than two decimals; whole dollars are
/// written as integers (`500`), others with their cents (`12.34`).
///
/// # Examples
///
/// ```
/// use eft_session::Amount;
///
/// let amount: Amount = "12.34".parse()?;
/// assert_eq!(serde_json::to_string(&amount)?, "12.34");
/// assert_eq!(amount.cents(), 1234);
/// assert_eq!(amount.to_string(), "12.34");
/// assert_eq!(Amount::from_cents(50_000).to_string(), "500.00");
///
/// let err = "12.345".parse::<Amount>().unwrap_err();
/// assert_eq!(err.to_string(), r#"amount "12.345" has more than two decimals"#);
///
/// let read: Amount = serde_json::from_str("500")?;
/// assert_eq!(read.cents(), 50_000);
/// assert_eq!(serde_json::to_string(&read)?, "500");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    cents: u64,
}

/// The largest amount read from a JSON number: 10^11 dollars, far beyond any
/// payment. Below it an `f64` still tells a tenth of a cent apart, so a third
/// decimal is always seen; above it, it may not be.
const MAX_JSON_DOLLARS: u64 = 100_000_000_000;

impl Amount {
    /// The amount of `cents` cents.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Amount;
    ///
    /// assert_eq!(Amount::from_cents(1).to_string(), "0.01");
    /// ```
    #[must_use]
    pub const fn from_cents(cents: u64) -> Self {
        Self { cents }
    }

    /// The amount in cents.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Amount;
    ///
    /// assert_eq!(Amount::from_cents(999).cents(), 999);
    /// ```
    #[must_use]
    pub const fn cents(self) -> u64 {
        self.cents
    }

    /// Reads a JSON number of dollars that the deserializer gave as an `f64`.
    ///
    /// Accepted only when it is exactly the double nearest a whole number of
    /// cents: `12.34` passes; `12.345`, `12.3400001` and
    /// `12.340000000000001` (the next double up) do not.
    #[inline]
    fn from_dollars_f64(dollars: f64) -> Result<Self, AmountError> {
        let error = |kind| AmountError::new(kind, &alloc::format!("{dollars}"));
        if dollars < 0.0 {
            return Err(error(AmountErrorKind::Negative));
        }
        if !dollars.is_finite() || dollars >= MAX_JSON_DOLLARS as f64 {
            return Err(error(AmountErrorKind::TooLarge));
        }
        let cents = round_half_up(dollars * 100.0);
        // `cents` is a whole number below 10^13, exact in an f64, and IEEE
        // division rounds correctly: `cents / 100.0` is the double nearest
        // that many cents, which a JSON number of whole cents reads as.
        if cents / 100.0 != dollars {
            return Err(error(AmountErrorKind::TooPrecise));
        }
        Ok(Self::from_cents(cents as u64))
    }

    /// Reads the text of a JSON number (already checked against the JSON
    /// grammar), deciding on the decimal text itself: accepted when it
    /// denotes a whole number of cents (`12.34`, `12.340`, `1234e-2`), below
    /// 10^11 dollars, and not below zero.
    #[inline]
    pub(crate) fn from_json_number(text: &str) -> Result<Self, AmountError> {
        // The common case, as the API writes it: `500`, `12.5`, `12.34`.
        if let Some(cents) = plain_cents(text.as_bytes()) {
            return Ok(Self::from_cents(cents));
        }
        Self::from_json_number_general(text)
    }

    /// Any other JSON number: exponents, trailing zeros, signs, too many
    /// digits, decided exactly on the text.
    #[cold]
    fn from_json_number_general(text: &str) -> Result<Self, AmountError> {
        let error = |kind| Err(AmountError::new(kind, text));
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, exponent_of(exponent)),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = || whole.bytes().chain(fraction.bytes());
        // The significant digits, without leading or trailing zeros.
        let Some(first) = digits().position(|digit| digit != b'0') else {
            return Ok(Self::from_cents(0)); // zero, `-0` included
        };
        if negative {
            return error(AmountErrorKind::Negative);
        }
        let count = whole.len() + fraction.len();
        let trailing = digits().rev().take_while(|&digit| digit == b'0').count();
        let significant = count - first - trailing;
        // cents = significant digits × 10^scale
        let scale = exponent - fraction.len() as i64 + 2 + trailing as i64;
        // At least 10^13 cents (10^11 dollars) exactly when this reaches 14.
        if significant as i64 + scale >= 14 {
            return error(AmountErrorKind::TooLarge);
        }
        if scale < 0 {
            return error(AmountErrorKind::TooPrecise);
        }
        // Now at most 13 digits, and `scale` at most 12: no overflow.
        let cents = digits()
            .skip(first)
            .take(significant)
            .fold(0u64, |cents, digit| cents * 10 + u64::from(digit - b'0'));
        Ok(Self::from_cents(cents * 10u64.pow(scale as u32)))
    }

    fn from_dollars_u64(dollars: u64) -> Result<Self, AmountError> {
        if dollars >= MAX_JSON_DOLLARS {
            return Err(AmountError::new(
                AmountErrorKind::TooLarge,
                &alloc::format!("{dollars}"),
            ));
        }
        Ok(Self::from_cents(dollars * 100))
    }
}

/// Cents of `digits[.d[d]]` with at most 11 whole digits and no leading
/// zero but a lone `0`: the numbers the API writes, read without the general
/// path. `None` for anything else (not an error: the general path decides).
#[inline]
pub(crate) fn plain_cents(text: &[u8]) -> Option<u64> {
    let (whole, fraction) = match text.iter().position(|&b| b == b'.') {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, &[][..]),
    };
    if whole.is_empty() || whole.len() > 11 || (whole.len() > 1 && whole[0] == b'0') {
        return None;
    }
    let mut cents = 0u64;
    for &digit in whole {
        let digit = digit.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        cents = cents * 10 + u64::from(digit);
    }
    let (tens, ones) = match *fraction {
        [] if text.len() == whole.len() => (0, 0),
        [tens] => (tens.wrapping_sub(b'0'), 0),
        [tens, ones] => (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0')),
        _ => return None,
    };
    if tens > 9 || ones > 9 {
        return None;
    }
    let cents = cents * 100 + u64::from(tens) * 10 + u64::from(ones);
    (cents < MAX_JSON_DOLLARS * 100).then_some(cents)
}

/// The exponent of a JSON number, its digits already checked; beyond ±10^6
/// any amount is far too large or has far too many decimals, so it is capped.
fn exponent_of(text: &str) -> i64 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0i64, |value, digit| {
        (value * 10 + i64::from(digit - b'0')).min(1_000_000)
    });
    if negative { -magnitude } else { magnitude }
}

/// `f64::round` lives in `std`; this crate is `no_std`. Exact for the
/// non-negative values below 10^13 it is given.
fn round_half_up(value: f64) -> f64 {
    let whole = value as u64 as f64;
    if value - whole >= 0.5 {
        whole + 1.0
    } else {
        whole
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.cents / 100, self.cents % 100)
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses a plain decimal of dollars: digits, then at most two decimals
    /// (`"5"`, `"5.5"`, `"5.05"`). No sign, exponent or spaces.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |kind| AmountError::new(kind, text);
        if text.starts_with('-') {
            return Err(error(AmountErrorKind::Negative));
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((text, "00"));
        let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !is_digits(whole) || !is_digits(fraction) {
            return Err(error(AmountErrorKind::Malformed));
        }
        if fraction.len() > 2 {
            return Err(error(AmountErrorKind::TooPrecise));
        }
        let padding = if fraction.len() == 1 { "0" } else { "" };
        let mut cents: u64 = 0;
        for digit in whole.bytes().chain(fraction.bytes()).chain(padding.bytes()) {
            cents = cents
                .checked_mul(10)
                .and_then(|cents| cents.checked_add(u64::from(digit - b'0')))
                .ok_or_else(|| error(AmountErrorKind::TooLarge))?;
        }
        if cents >= MAX_JSON_DOLLARS * 100 {
            return Err(error(AmountErrorKind::TooLarge));
        }
        Ok(Self::from_cents(cents))
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.cents.is_multiple_of(100) {
            serializer.serialize_u64(self.cents / 100)
        } else {
            // Exact up to 2^53 cents, and a JSON writer prints the shortest
            // text that reads back as this double: `12.34`, not `12.339999`.
            serializer.serialize_f64(self.cents as f64 / 100.0)
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DollarsVisitor;

        impl serde::de::Visitor<'_> for DollarsVisitor {
            type Value = Amount;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative number of dollars with at most two decimals")
            }

            fn visit_u64<E: serde::de::Error>(self, dollars: u64) -> Result<Amount, E> {
                Amount::from_dollars_u64(dollars).map_err(E::custom)
            }

            fn visit_i64<E: serde::de::Error>(self, dollars: i64) -> Result<Amount, E> {
                match u64::try_from(dollars) {
                    Ok(dollars) => self.visit_u64(dollars),
                    Err(_) => Err(E::custom(AmountError::new(
                        AmountErrorKind::Negative,
                        &alloc::format!("{dollars}"),
                    ))),
                }
            }

            fn visit_f64<E: serde::de::Error>(self, dollars: f64) -> Result<Amount, E> {
                Amount::from_dollars_f64(dollars).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(DollarsVisitor)
    }
}

/// A balance: money that may be below zero (an overdrawn account), in exact
/// cents. On the wire, a JSON number of dollars, read with the rules of
/// [`Amount`] but for the sign.
///
/// # Examples
///
/// ```
/// use eft_session::Balance;
///
/// let overdrawn: Balance = serde_json::from_str("-12.5")?;
/// assert_eq!(overdrawn.cents(), -1250);
/// assert_eq!(overdrawn.to_string(), "-12.50");
/// assert_eq!(serde_json::to_string(&overdrawn)?, "-12.5");
/// assert!(serde_json::from_str::<Balance>("1.001").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Balance {
    cents: i64,
}

impl Balance {
    /// The balance of `cents` cents.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Balance;
    ///
    /// assert_eq!(Balance::from_cents(-1).to_string(), "-0.01");
    /// ```
    #[must_use]
    pub const fn from_cents(cents: i64) -> Self {
        Self { cents }
    }

    /// The balance in cents.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Balance;
    ///
    /// assert_eq!(Balance::from_cents(42).cents(), 42);
    /// ```
    #[must_use]
    pub const fn cents(self) -> i64 {
        self.cents
    }

    /// An amount read with [`Amount`]'s rules, and its sign.
    fn signed(negative: bool, amount: Result<Amount, AmountError>) -> Result<Self, AmountError> {
        // Amounts stay below 10^13 cents, well inside an i64.
        let cents = amount?.cents() as i64;
        Ok(Self::from_cents(if negative { -cents } else { cents }))
    }
}

impl fmt::Display for Balance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let magnitude = self.cents.unsigned_abs();
        write!(f, "{sign}{}.{:02}", magnitude / 100, magnitude % 100)
    }
}

impl Serialize for Balance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.cents % 100 == 0 {
            serializer.serialize_i64(self.cents / 100)
        } else {
            serializer.serialize_f64(self.cents as f64 / 100.0)
        }
    }
}

impl<'de> Deserialize<'de> for Balance {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BalanceVisitor;

        impl serde::de::Visitor<'_> for BalanceVisitor {
            type Value = Balance;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of dollars with at most two decimals")
            }

            fn visit_u64<E: serde::de::Error>(self, dollars: u64) -> Result<Balance, E> {
                Balance::signed(false, Amount::from_dollars_u64(dollars)).map_err(E::custom)
            }

            fn visit_i64<E: serde::de::Error>(self, dollars: i64) -> Result<Balance, E> {
                Balance::signed(
                    dollars < 0,
                    Amount::from_dollars_u64(dollars.unsigned_abs()),
                )
                .map_err(E::custom)
            }

            fn visit_f64<E: serde::de::Error>(self, dollars: f64) -> Result<Balance, E> {
                Balance::signed(dollars < 0.0, Amount::from_dollars_f64(dollars.abs()))
                    .map_err(E::custom)
            }
        }

        deserializer.deserialize_any(BalanceVisitor)
    }
}

/// A value that is not an amount of money.
///
/// # Examples
///
/// ```
/// use eft_session::{Amount, AmountErrorKind};
///
/// let err = "-5".parse::<Amount>().unwrap_err();
/// assert_eq!(err.kind(), AmountErrorKind::Negative);
/// assert_eq!(err.to_string(), r#"amount "-5" is negative"#);
///
/// let err = serde_json::from_str::<Amount>("12.345").unwrap_err();
/// assert!(err.to_string().starts_with(r#"amount "12.345" has more than two decimals"#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("amount {input} {}", self.kind.complaint())]
pub struct AmountError {
    kind: AmountErrorKind,
    input: KeptInput,
}

/// The kind of an [`AmountError`].
///
/// # Examples
///
/// ```
/// use eft_session::{Amount, AmountErrorKind};
///
/// assert_eq!("1e3".parse::<Amount>().unwrap_err().kind(), AmountErrorKind::Malformed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AmountErrorKind {
    /// Below zero.
    Negative,
    /// More than two decimals.
    TooPrecise,
    /// 10^11 dollars or more: beyond any payment, and beyond what a JSON
    /// number holds to the tenth of a cent.
    TooLarge,
    /// Not a plain decimal number of dollars.
    Malformed,
}

impl AmountErrorKind {
    const fn complaint(self) -> &'static str {
        match self {
            Self::Negative => "is negative",
            Self::TooPrecise => "has more than two decimals",
            Self::TooLarge => "is too large: at most 99999999999.99 dollars are read",
            Self::Malformed => "is not a decimal number of dollars",
        }
    }
}

impl AmountError {
    fn new(kind: AmountErrorKind, input: &str) -> Self {
        Self {
            kind,
            input: KeptInput::new(input),
        }
    }

    /// What was wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Amount, AmountErrorKind};
    ///
    /// assert_eq!("1.234".parse::<Amount>().unwrap_err().kind(), AmountErrorKind::TooPrecise);
    /// ```
    #[must_use]
    pub fn kind(&self) -> AmountErrorKind {
        self.kind
    }

    /// The rejected value, as text (its first 64 bytes when it was longer).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Amount;
    ///
    /// assert_eq!("1.234".parse::<Amount>().unwrap_err().input(), "1.234");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        self.input.as_str()
    }
}

impl AmountError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A request carried a negative amount or one with a third decimal.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = "12.345".parse::<eft_session::Amount>().unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Amount"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Amount".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Amount"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn text_parsing_is_exact() {
        for (text, cents) in [
            ("0", 0),
            ("5", 500),
            ("5.5", 550),
            ("5.05", 505),
            ("99999.99", 9_999_999),
            ("007.10", 710),
        ] {
            assert_eq!(text.parse::<Amount>().unwrap().cents(), cents, "{text}");
        }
        for (text, kind) in [
            ("", AmountErrorKind::Malformed),
            (".5", AmountErrorKind::Malformed),
            ("5.", AmountErrorKind::Malformed),
            ("5.5.5", AmountErrorKind::Malformed),
            ("1e3", AmountErrorKind::Malformed),
            ("+5", AmountErrorKind::Malformed),
            (" 5", AmountErrorKind::Malformed),
            ("-0.01", AmountErrorKind::Negative),
            ("1.001", AmountErrorKind::TooPrecise),
            ("184467440737095516.16", AmountErrorKind::TooLarge),
        ] {
            assert_eq!(text.parse::<Amount>().unwrap_err().kind(), kind, "{text:?}");
        }
    }

    #[test]
    fn every_cent_up_to_a_million_dollars_survives_an_f64() {
        // The f64 a JSON reader makes of "d.cc" must come back as d.cc exactly.
        for cents in (0..100_000_000u64).step_by(9_973).chain(0..1_000) {
            let text = alloc::format!("{}.{:02}", cents / 100, cents % 100);
            let dollars: f64 = text.parse().unwrap();
            assert_eq!(
                Amount::from_dollars_f64(dollars),
                Ok(Amount::from_cents(cents)),
                "{text}"
            );
        }
    }

    #[test]
    fn f64_with_a_third_decimal_is_refused() {
        for dollars in [0.001, 12.345, 12.3400001, 99_999.995, 0.1 + 0.2 + 0.0001] {
            let err = Amount::from_dollars_f64(dollars).unwrap_err();
            assert_eq!(err.kind(), AmountErrorKind::TooPrecise, "{dollars}");
        }
        assert_eq!(
            Amount::from_dollars_f64(-0.5).unwrap_err().kind(),
            AmountErrorKind::Negative
        );
        assert_eq!(
            Amount::from_dollars_f64(1e300).unwrap_err().kind(),
            AmountErrorKind::TooLarge
        );
        assert_eq!(
            Amount::from_dollars_f64(f64::NAN).unwrap_err().kind(),
            AmountErrorKind::TooLarge
        );
        assert_eq!(Amount::from_dollars_f64(-0.0), Ok(Amount::from_cents(0)));
    }

    #[test]
    fn a_json_amount_must_denote_whole_cents_on_both_paths() {
        // The issue's three: each a hair above a whole number of cents.
        for text in [
            "12.340000000000001",
            "1000000000.000001",
            "60000000000.0001",
        ] {
            let by_text = Amount::from_json_number(text).unwrap_err();
            assert_eq!(by_text.kind(), AmountErrorKind::TooPrecise, "{text}");
            let dollars: f64 = text.parse().unwrap();
            let by_double = Amount::from_dollars_f64(dollars).unwrap_err();
            assert_eq!(by_double.kind(), AmountErrorKind::TooPrecise, "{text}");
        }
        for (text, cents) in [
            ("12.34", 1234),
            ("12.340", 1234),
            ("12.3400000000000000000000", 1234),
            ("1234e-2", 1234),
            ("1.5E2", 15_000),
            ("0.01e+2", 100),
            ("99999999999.99", 9_999_999_999_999),
            ("0", 0),
            ("-0", 0),
            ("-0.000", 0),
            ("0e99999999999", 0),
        ] {
            assert_eq!(
                Amount::from_json_number(text),
                Ok(Amount::from_cents(cents)),
                "{text}"
            );
        }
        for (text, kind) in [
            ("12.345", AmountErrorKind::TooPrecise),
            ("1e-3", AmountErrorKind::TooPrecise),
            ("100000000000", AmountErrorKind::TooLarge),
            ("1e11", AmountErrorKind::TooLarge),
            ("1e999999999999", AmountErrorKind::TooLarge),
            ("99999999999.999", AmountErrorKind::TooPrecise),
            ("-0.01", AmountErrorKind::Negative),
            ("-1e-9", AmountErrorKind::Negative),
        ] {
            assert_eq!(
                Amount::from_json_number(text).unwrap_err().kind(),
                kind,
                "{text}"
            );
        }
    }

    #[test]
    fn text_amounts_stop_below_ten_to_the_eleven_dollars() {
        assert_eq!(
            "20000000".parse::<Amount>().map(Amount::cents),
            Ok(2_000_000_000)
        );
        assert_eq!(
            "99999999999.99".parse::<Amount>().map(Amount::cents),
            Ok(9_999_999_999_999)
        );
        let err = "100000000000".parse::<Amount>().unwrap_err();
        assert_eq!(
            (err.kind(), err.input()),
            (AmountErrorKind::TooLarge, "100000000000")
        );
        assert_eq!(
            err.to_string(),
            r#"amount "100000000000" is too large: at most 99999999999.99 dollars are read"#
        );
    }

    #[test]
    fn a_wrong_json_type_says_what_was_expected() {
        let err = serde_json::from_str::<Amount>(r#""5.00""#).unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a non-negative number of dollars with at most two decimals"),
            "{err}"
        );
        let err = serde_json::from_str::<Balance>("true").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a number of dollars with at most two decimals"),
            "{err}"
        );
    }

    #[test]
    fn balances_keep_their_sign() {
        for (json, cents) in [
            ("-5", -500),
            ("5", 500),
            ("-0.01", -1),
            ("12.5", 1250),
            ("0", 0),
        ] {
            let balance: Balance = serde_json::from_str(json).unwrap();
            assert_eq!(balance.cents(), cents, "{json}");
            assert_eq!(
                serde_json::from_str::<Balance>(&serde_json::to_string(&balance).unwrap()).unwrap(),
                balance
            );
        }
        assert_eq!(Balance::from_cents(-1250).to_string(), "-12.50");
        assert_eq!(Balance::from_cents(0).to_string(), "0.00");
        assert_eq!(
            serde_json::to_string(&Balance::from_cents(-500)).unwrap(),
            "-5"
        );
        assert_eq!(
            serde_json::to_string(&Balance::from_cents(-550)).unwrap(),
            "-5.5"
        );
        assert_eq!(Balance::from_cents(5).to_string(), "0.05");
        assert!(serde_json::from_str::<Balance>("-1.001").is_err());
    }

    #[test]
    fn display_always_shows_cents() {
        assert_eq!(Amount::from_cents(0).to_string(), "0.00");
        assert_eq!(Amount::from_cents(1_005).to_string(), "10.05");
    }

    /// The fast path's own contract: it takes exactly the plain numbers the
    /// API writes, with the right cents, and leaves the rest to the general
    /// path (whose answers the other tests check).
    #[test]
    fn plain_cents_takes_the_plain_numbers_and_only_them() {
        for (text, cents) in [
            ("0", 0),
            ("7", 700),
            ("12.3", 1_230),
            ("12.34", 1_234),
            ("0.05", 5),
            ("99999999999.99", 9_999_999_999_999),
            ("10", 1_000),
        ] {
            assert_eq!(plain_cents(text.as_bytes()), Some(cents), "{text}");
        }
        for text in [
            "",
            ".5",
            "1.",
            "012",
            "00",
            "1.234",
            "1e2",
            "-1",
            "1a",
            "1.a",
            "1.2a",
            "100000000000",
            "123456789012",
            "1.5.",
            "a",
        ] {
            assert_eq!(plain_cents(text.as_bytes()), None, "{text}");
        }
    }
}
