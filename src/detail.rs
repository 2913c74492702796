//! Status-detail codes (`statusDetails`): why a session is in its status.

use core::fmt;
use core::num::NonZeroU16;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::input::KeptInput;
use crate::{Product, SessionStatus};

/// A status-detail code such as `EFT0501`: `EFT` and four digits, the first
/// two of which name the code's family, and so its [`SessionStatus`].
///
/// Shaped like `http::StatusCode`: a two-byte `Copy` value with a named
/// constant for every documented code, a [`description`](Self::description)
/// for those, and room for codes the crate does not know yet. A well-formed
/// code in a known family (`EFT0405`) is accepted, classified by its family
/// and kept verbatim, because the provider's docs are a work in progress and
/// new codes will come. Anything else is a [`ParseDetailError`] naming the
/// input.
///
/// | Family | Status |
/// |---|---|
/// | `EFT01xx` | [`Initiated`](SessionStatus::Initiated) |
/// | `EFT02xx` | [`InProgress`](SessionStatus::InProgress) (no code documented) |
/// | `EFT03xx` | [`Completed`](SessionStatus::Completed) |
/// | `EFT04xx` | [`Failed`](SessionStatus::Failed) |
/// | `EFT05xx` | [`Cancelled`](SessionStatus::Cancelled) |
/// | `EFT06xx` | [`Expired`](SessionStatus::Expired) |
///
/// # Examples
///
/// ```
/// use eft_session::{SessionStatus, StatusDetail};
///
/// let code: StatusDetail = "EFT0501".parse()?;
/// assert_eq!(code, StatusDetail::EFT0501);
/// assert_eq!(code.status(), SessionStatus::Cancelled);
/// assert_eq!(code.description(), Some("session cancelled by API request"));
///
/// // A new code in a known family is kept, and classified.
/// let new: StatusDetail = "EFT0405".parse()?;
/// assert!(!new.is_known());
/// assert_eq!(new.status(), SessionStatus::Failed);
/// assert_eq!(new.to_string(), "EFT0405");
///
/// // Anything else is refused, naming the input.
/// let err = "EFT05O1".parse::<StatusDetail>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"malformed status detail "EFT05O1": expected EFT and four digits"#
/// );
/// # Ok::<(), eft_session::ParseDetailError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatusDetail(NonZeroU16);

/// The one table of documented codes: constants, descriptions, the list of
/// documented codes and a compile-time check of each code's family are all
/// generated from it, so they cannot drift apart.
macro_rules! status_details {
    ($( ($number:literal, $name:ident, $status:ident, [$($product:ident),+], $description:literal); )+) => {
        impl StatusDetail {
            $(
                #[doc = concat!("`", stringify!($name), "` (", stringify!($status), "): ", $description, ".")]
                ///
                /// # Examples
                ///
                /// ```
                /// use eft_session::{SessionStatus, StatusDetail};
                ///
                #[doc = concat!("assert_eq!(StatusDetail::", stringify!($name), ".status(), SessionStatus::", stringify!($status), ");")]
                #[doc = concat!("assert_eq!(StatusDetail::", stringify!($name), ".as_str(), \"", stringify!($name), "\");")]
                /// ```
                pub const $name: StatusDetail = StatusDetail::documented($number);
            )+

            /// Every documented code, in numeric order.
            ///
            /// # Examples
            ///
            /// ```
            /// use eft_session::StatusDetail;
            ///
            /// assert!(StatusDetail::DOCUMENTED.iter().all(|code| code.is_known()));
            /// assert!(StatusDetail::DOCUMENTED.contains(&StatusDetail::EFT0601));
            /// ```
            pub const DOCUMENTED: &'static [StatusDetail] = &[$(Self::$name),+];
        }

        const fn description_of(number: u16) -> Option<&'static str> {
            match number {
                $($number => Some($description),)+
                _ => None,
            }
        }

        const fn products_of(number: u16) -> Option<&'static [Product]> {
            match number {
                $($number => Some(&[$(Product::$product),+]),)+
                _ => None,
            }
        }

        $(
            const _: () = assert!(
                StatusDetail::$name.status() as u8 == SessionStatus::$status as u8,
                concat!(stringify!($name), " is not in the family of ", stringify!($status)),
            );
        )+
    };
}

// Products: EFT0402 (no guarantee offered) is a GEFT concept and absent from
// the EFT V2 table. EFT0404 appears on one GEFT page only, and the EFT V2
// table was cut off before it: counted GEFT-only until an EFT V2 page shows it.
status_details! {
    (101, EFT0101, Initiated, [EftV2, Geft], "session created; waiting for the payer to start the hosted flow");
    (301, EFT0301, Completed, [EftV2, Geft], "flow completed and a transaction schedule was instructed");
    (302, EFT0302, Completed, [EftV2, Geft], "bank account validated but the PAD signature is still pending");
    (401, EFT0401, Failed, [EftV2, Geft], "login failed: invalid financial institution credentials");
    (402, EFT0402, Failed, [Geft], "eligibility failed: no guaranteed EFT was offered");
    (403, EFT0403, Failed, [EftV2, Geft], "identity failed: the payer's information did not match the bank account");
    (404, EFT0404, Failed, [Geft], "eligibility failed: insufficient available balance");
    (501, EFT0501, Cancelled, [EftV2, Geft], "session cancelled by API request");
    (601, EFT0601, Expired, [EftV2, Geft], "session expired: the payer was inactive or did not finish");
}

/// The smallest and largest numbers of a code in a known family.
const FIRST: u16 = 100;
const LAST: u16 = 699;
const WIDTH: usize = "EFT0000".len();

/// The text of every code in a known family, `EFT0100EFT0101…EFT0699`, built at
/// compile time so that [`StatusDetail::as_str`] is a slice, not a format.
const TEXT: &str = {
    const LEN: usize = (LAST - FIRST + 1) as usize * WIDTH;
    const BYTES: [u8; LEN] = {
        let mut bytes = [0u8; LEN];
        let mut number = FIRST;
        while number <= LAST {
            let at = (number - FIRST) as usize * WIDTH;
            bytes[at] = b'E';
            bytes[at + 1] = b'F';
            bytes[at + 2] = b'T';
            bytes[at + 3] = b'0' + (number / 1000) as u8;
            bytes[at + 4] = b'0' + (number / 100 % 10) as u8;
            bytes[at + 5] = b'0' + (number / 10 % 10) as u8;
            bytes[at + 6] = b'0' + (number % 10) as u8;
            number += 1;
        }
        bytes
    };
    match core::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("the code table is ASCII"),
    }
};

impl StatusDetail {
    /// A constant of the table: checked at compile time.
    const fn documented(number: u16) -> Self {
        match Self::from_number(number) {
            Some(code) => code,
            None => panic!("documented codes are in known families"),
        }
    }

    /// The code whose four digits are `number` (`501` is `EFT0501`), if it is
    /// in a known family.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::StatusDetail;
    ///
    /// assert_eq!(StatusDetail::from_number(501), Some(StatusDetail::EFT0501));
    /// assert_eq!(StatusDetail::from_number(901), None); // family 09 is unknown
    /// ```
    #[must_use]
    #[inline]
    pub const fn from_number(number: u16) -> Option<Self> {
        if number < FIRST || number > LAST {
            return None;
        }
        match NonZeroU16::new(number) {
            Some(number) => Some(Self(number)),
            None => None,
        }
    }

    /// The code stored as its number by [`from_number`](Self::from_number)'s
    /// caller; 0 for none.
    #[inline]
    pub(crate) const fn stored(number: u16) -> Option<Self> {
        match NonZeroU16::new(number) {
            Some(number) => Some(Self(number)),
            None => None,
        }
    }

    /// The four digits as a number: `EFT0501` is `501`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::StatusDetail;
    ///
    /// assert_eq!(StatusDetail::EFT0302.number(), 302);
    /// ```
    #[must_use]
    #[inline]
    pub const fn number(self) -> u16 {
        self.0.get()
    }

    /// The family: the first two digits, `5` for `EFT0501`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::StatusDetail;
    ///
    /// assert_eq!(StatusDetail::EFT0403.family(), 4);
    /// ```
    #[must_use]
    #[inline]
    pub const fn family(self) -> u8 {
        (self.number() / 100) as u8
    }

    /// The status this code belongs to, by its family.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionStatus, StatusDetail};
    ///
    /// assert_eq!(StatusDetail::EFT0302.status(), SessionStatus::Completed);
    /// ```
    #[must_use]
    #[inline]
    pub const fn status(self) -> SessionStatus {
        match SessionStatus::from_detail_family(self.family()) {
            Some(status) => status,
            // `from_number` admits families 01 to 06 only.
            None => unreachable!(),
        }
    }

    /// What a documented code means, or `None` for a code the crate does not
    /// know yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::StatusDetail;
    ///
    /// assert_eq!(
    ///     StatusDetail::EFT0404.description(),
    ///     Some("eligibility failed: insufficient available balance")
    /// );
    /// assert_eq!(StatusDetail::from_number(499).unwrap().description(), None);
    /// ```
    #[must_use]
    pub const fn description(self) -> Option<&'static str> {
        description_of(self.number())
    }

    /// The products whose docs list this code, or `None` for a code the crate
    /// does not know yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, StatusDetail};
    ///
    /// assert_eq!(StatusDetail::EFT0404.products(), Some(&[Product::Geft][..]));
    /// assert_eq!(StatusDetail::EFT0501.products().map(<[_]>::len), Some(2));
    /// ```
    #[must_use]
    pub const fn products(self) -> Option<&'static [Product]> {
        products_of(self.number())
    }

    /// Whether `product` can report this code. A code the crate does not know
    /// yet is assumed possible for both: the provider sent it.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, StatusDetail};
    ///
    /// assert!(StatusDetail::EFT0301.is_produced_by(Product::EftV2));
    /// assert!(StatusDetail::from_number(499).unwrap().is_produced_by(Product::EftV2));
    /// ```
    #[must_use]
    pub fn is_produced_by(self, product: Product) -> bool {
        self.products()
            .is_none_or(|products| products.contains(&product))
    }

    /// Whether the code is documented (has a named constant).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::StatusDetail;
    ///
    /// assert!(StatusDetail::EFT0101.is_known());
    /// assert!(!"EFT0102".parse::<StatusDetail>()?.is_known());
    /// # Ok::<(), eft_session::ParseDetailError>(())
    /// ```
    #[must_use]
    pub const fn is_known(self) -> bool {
        self.description().is_some()
    }

    /// The wire form, `EFT0501`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::StatusDetail;
    ///
    /// assert_eq!(StatusDetail::from_number(699).unwrap().as_str(), "EFT0699");
    /// ```
    #[must_use]
    #[inline]
    pub fn as_str(self) -> &'static str {
        let at = usize::from(self.number() - FIRST) * WIDTH;
        &TEXT[at..at + WIDTH]
    }
}

impl fmt::Display for StatusDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for StatusDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a status-detail code.
///
/// # Examples
///
/// ```
/// use eft_session::{ParseDetailErrorKind, StatusDetail};
///
/// let err = "EFT0901".parse::<StatusDetail>().unwrap_err();
/// assert_eq!(err.kind(), ParseDetailErrorKind::UnknownFamily);
/// assert_eq!(err.input(), "EFT0901");
/// assert_eq!(err.to_string(), r#"status detail "EFT0901" is in unknown family 09"#);
///
/// let err = "eft0501".parse::<StatusDetail>().unwrap_err();
/// assert_eq!(err.kind(), ParseDetailErrorKind::Malformed);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct ParseDetailError {
    kind: ParseDetailErrorKind,
    input: KeptInput,
}

/// The kind of a [`ParseDetailError`].
///
/// # Examples
///
/// ```
/// use eft_session::{ParseDetailErrorKind, StatusDetail};
///
/// let kind = "EFT501".parse::<StatusDetail>().unwrap_err().kind();
/// assert_eq!(kind, ParseDetailErrorKind::Malformed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseDetailErrorKind {
    /// Not `EFT` followed by four ASCII digits.
    Malformed,
    /// Well-formed, but the family (first two digits) names no status.
    UnknownFamily,
}

impl ParseDetailError {
    #[cold]
    #[inline(never)]
    fn new(kind: ParseDetailErrorKind, input: &str) -> Self {
        Self {
            kind,
            input: KeptInput::new(input),
        }
    }

    /// What was wrong with the input.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{ParseDetailErrorKind, StatusDetail};
    ///
    /// let err = "EFT0801".parse::<StatusDetail>().unwrap_err();
    /// assert_eq!(err.kind(), ParseDetailErrorKind::UnknownFamily);
    /// ```
    #[must_use]
    pub fn kind(&self) -> ParseDetailErrorKind {
        self.kind
    }

    /// The rejected input (its first 64 bytes when it was longer).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::StatusDetail;
    ///
    /// assert_eq!("EFT 501".parse::<StatusDetail>().unwrap_err().input(), "EFT 501");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        self.input.as_str()
    }

    fn message(&self) -> impl fmt::Display + '_ {
        struct Message<'a>(&'a ParseDetailError);
        impl fmt::Display for Message<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let ParseDetailError { kind, input } = self.0;
                match kind {
                    ParseDetailErrorKind::Malformed => write!(
                        f,
                        "malformed status detail {input}: expected EFT and four digits"
                    ),
                    ParseDetailErrorKind::UnknownFamily => write!(
                        f,
                        "status detail {input} is in unknown family {}",
                        &input.as_str()[3..5]
                    ),
                }
            }
        }
        Message(self)
    }
}

impl StatusDetail {
    /// The parser proper: branch-light, with a one-byte error so that the
    /// happy path stays small. [`FromStr`] adds the input to the error.
    /// The common case, `EFT0` and three digits of a known family, in a few
    /// instructions: one comparison for the prefix, three for the digits.
    #[inline]
    const fn parse_common(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != WIDTH
            || u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
                != u32::from_le_bytes(*b"EFT0")
        {
            return None;
        }
        let family = bytes[4].wrapping_sub(b'1');
        let (tens, ones) = (bytes[5].wrapping_sub(b'0'), bytes[6].wrapping_sub(b'0'));
        if family >= 6 || tens > 9 || ones > 9 {
            return None;
        }
        let number = (family as u16 + 1) * 100 + tens as u16 * 10 + ones as u16;
        match NonZeroU16::new(number) {
            Some(number) => Some(Self(number)),
            None => None,
        }
    }

    /// Every other input: a code of an unknown family, or not a code.
    #[cold]
    const fn parse_general(bytes: &[u8]) -> Result<Self, ParseDetailErrorKind> {
        let &[b'E', b'F', b'T', a, b, c, d] = bytes else {
            return Err(ParseDetailErrorKind::Malformed);
        };
        let (a, b, c, d) = (
            a.wrapping_sub(b'0'),
            b.wrapping_sub(b'0'),
            c.wrapping_sub(b'0'),
            d.wrapping_sub(b'0'),
        );
        if a > 9 || b > 9 || c > 9 || d > 9 {
            return Err(ParseDetailErrorKind::Malformed);
        }
        let number = a as u16 * 1000 + b as u16 * 100 + c as u16 * 10 + d as u16;
        match Self::from_number(number) {
            Some(code) => Ok(code),
            None => Err(ParseDetailErrorKind::UnknownFamily),
        }
    }
}

impl StatusDetail {
    /// [`FromStr`] past the common case: its own function, so that the
    /// inlined common case needs no stack frame.
    #[cold]
    #[inline(never)]
    fn parse_rest(input: &str) -> Result<Self, ParseDetailError> {
        Self::parse_general(input.as_bytes()).map_err(|kind| ParseDetailError::new(kind, input))
    }
}

impl FromStr for StatusDetail {
    type Err = ParseDetailError;

    #[inline]
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        match Self::parse_common(input.as_bytes()) {
            Some(code) => Ok(code),
            None => Self::parse_rest(input),
        }
    }
}

impl Serialize for StatusDetail {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StatusDetail {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(crate::input::FromStrVisitor::<Self>::new(
            "a status detail code such as EFT0501",
        ))
    }
}

// Two bytes, and no more with `Option`: a session's code costs what a `u16` does.
const _: () = assert!(core::mem::size_of::<Option<StatusDetail>>() == 2);

impl ParseDetailError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A client sent a code that is not `EFT` and four digits of a known family.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = "EFT501".parse::<eft_session::StatusDetail>().unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Status Detail"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Status Detail".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Status Detail"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn every_code_of_a_known_family_round_trips() {
        for number in 0..=9999u16 {
            let text = format!("EFT{number:04}");
            match text.parse::<StatusDetail>() {
                Ok(code) => {
                    assert!((FIRST..=LAST).contains(&number), "{text}");
                    assert_eq!(code.number(), number);
                    assert_eq!(code.as_str(), text);
                    assert_eq!(code.to_string(), text);
                    assert_eq!(code.status().detail_family(), code.family());
                }
                Err(err) => {
                    assert!(!(FIRST..=LAST).contains(&number), "{text}");
                    assert_eq!(err.kind(), ParseDetailErrorKind::UnknownFamily);
                    assert_eq!(err.input(), text);
                }
            }
        }
    }

    #[test]
    fn malformed_codes_are_refused_by_kind() {
        for bad in [
            "",
            "EFT",
            "EFT501",
            "EFT05011",
            "eft0501",
            "Eft0501",
            "EFT05O1",
            "EFT-501",
            " EFT0501",
            "EFT0501 ",
            "EFT٠٥٠١",
            "EFT+501",
        ] {
            let err = bad.parse::<StatusDetail>().unwrap_err();
            assert_eq!(err.kind(), ParseDetailErrorKind::Malformed, "{bad:?}");
            assert_eq!(err.input(), bad);
        }
    }

    #[test]
    fn messages_name_the_input() {
        let err = "EFT0000".parse::<StatusDetail>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"status detail "EFT0000" is in unknown family 00"#
        );
        let err = "".parse::<StatusDetail>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"malformed status detail "": expected EFT and four digits"#
        );
    }

    #[test]
    fn documented_codes_are_known_and_described() {
        assert_eq!(StatusDetail::DOCUMENTED.len(), 9);
        for code in StatusDetail::DOCUMENTED {
            assert!(code.is_known());
            let description = code.description().unwrap();
            assert!(!description.is_empty());
            assert_eq!(description, description.trim());
        }
        assert!(
            StatusDetail::DOCUMENTED
                .windows(2)
                .all(|pair| pair[0] < pair[1])
        );
    }

    #[test]
    fn products_are_known_for_documented_codes_only() {
        use crate::Product;
        for code in StatusDetail::DOCUMENTED {
            let products = code.products().unwrap();
            for product in Product::all() {
                assert_eq!(
                    code.is_produced_by(product),
                    products.contains(&product),
                    "{code} {product}"
                );
            }
        }
        assert!(!StatusDetail::EFT0404.is_produced_by(Product::EftV2));
        assert!(StatusDetail::EFT0404.is_produced_by(Product::Geft));
        let unknown = StatusDetail::from_number(405).unwrap();
        assert_eq!(unknown.products(), None);
        assert!(!unknown.is_known());
        assert!(Product::all().all(|product| unknown.is_produced_by(product)));
    }

    #[test]
    fn a_wrong_json_type_says_what_was_expected() {
        let err = serde_json::from_str::<StatusDetail>("501").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a status detail code such as EFT0501"),
            "{err}"
        );
    }

    #[test]
    fn display_honours_width() {
        assert_eq!(format!("[{:>9}]", StatusDetail::EFT0101), "[  EFT0101]");
        assert_eq!(
            format!("{:?}", Some(StatusDetail::EFT0101)),
            "Some(EFT0101)"
        );
    }

    /// The fast path's own contract: every `EFT0` code of the six families,
    /// and nothing else (the general path decides the rest).
    #[test]
    fn parse_common_takes_the_six_families_and_only_them() {
        for number in 100..=699 {
            let text = format!("EFT{number:04}");
            assert_eq!(
                StatusDetail::parse_common(text.as_bytes()).map(StatusDetail::number),
                Some(number),
                "{text}"
            );
        }
        for text in [
            "EFT0001", "EFT0700", "EFT1101", "EFT010", "EFT01011", "EFX0101", "eft0101", "EFT0a01",
            "EFT01a1", "EFT010a",
        ] {
            assert_eq!(StatusDetail::parse_common(text.as_bytes()), None, "{text}");
        }
    }
}
