//! The client's reference id (`referenceId`).

use alloc::boxed::Box;
use alloc::string::String;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Product;
use crate::input::KeptInput;

/// The client's own reference for a session (`referenceId`), as the API hands
/// it back: 1 to 100 characters, any characters, kept verbatim.
///
/// Read liberally, written strictly. Response and webhook bodies carry
/// whatever either product accepted, so reading (`FromStr`, serde, the
/// crate's own reader) takes any reference id of 1 to
/// [`MAX_LEN`](Self::MAX_LEN) characters and writes it back unchanged. A
/// request is checked by its product's rule with
/// [`parse_for`](Self::parse_for): EFT V2 takes 1 to 36 ASCII letters,
/// digits or hyphens (it becomes the EFT cross-reference number); GEFT takes
/// 1 to 100 characters and states no character set.
///
/// Held inline up to [`INLINE_LEN`](Self::INLINE_LEN) bytes (every EFT V2
/// id), so reading one from JSON costs a copy and no allocation; a longer
/// GEFT id is held on the heap.
///
/// # Examples
///
/// ```
/// use eft_session::{Product, ReferenceId};
///
/// let id: ReferenceId = "USER12345".parse()?;
/// assert_eq!(id.as_str(), "USER12345");
///
/// // A GEFT id, as a webhook may carry it, is read and kept.
/// let geft: ReferenceId = "order 12 for Jane Doe".parse()?;
/// assert_eq!(geft.as_str(), "order 12 for Jane Doe");
///
/// // ...but an EFT V2 request may not use it.
/// let err = ReferenceId::parse_for(Product::EftV2, "order #12").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"reference id "order #12" has ' ' at character 5: EFT V2 takes only letters, digits and hyphens"#
/// );
/// # Ok::<(), eft_session::ParseReferenceIdError>(())
/// ```
#[derive(Clone)]
pub struct ReferenceId {
    repr: Repr,
}

/// Where the text lives: inline for the common short id, else on the heap.
#[derive(Clone)]
enum Repr {
    Inline {
        len: u8,
        bytes: [u8; ReferenceId::INLINE_LEN],
    },
    Heap(Box<str>),
}

impl ReferenceId {
    /// The most characters a reference id may have: GEFT's limit, the larger
    /// of the two products'.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::ReferenceId;
    ///
    /// assert!("é".repeat(ReferenceId::MAX_LEN).parse::<ReferenceId>().is_ok());
    /// assert!("x".repeat(ReferenceId::MAX_LEN + 1).parse::<ReferenceId>().is_err());
    /// ```
    pub const MAX_LEN: usize = 100;

    /// The longest id, in bytes, held without allocating: EFT V2's limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, ReferenceId};
    ///
    /// assert_eq!(ReferenceId::INLINE_LEN, Product::EftV2.max_reference_id_len());
    /// ```
    pub const INLINE_LEN: usize = 36;

    /// Checks `value` by the reading rule and keeps it.
    ///
    /// # Errors
    ///
    /// [`ParseReferenceIdError`] when `value` is empty or longer than
    /// [`MAX_LEN`](Self::MAX_LEN) characters.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{ReferenceId, ReferenceIdErrorKind};
    ///
    /// assert!(ReferenceId::new(String::from("Happy2")).is_ok());
    /// let err = ReferenceId::new("x".repeat(101)).unwrap_err();
    /// assert_eq!(err.kind(), ReferenceIdErrorKind::TooLong);
    /// ```
    pub fn new(value: String) -> Result<Self, ParseReferenceIdError> {
        check(value.as_str(), None)?;
        Ok(if value.len() <= Self::INLINE_LEN {
            Self::inline(&value)
        } else {
            Self {
                repr: Repr::Heap(value.into_boxed_str()),
            }
        })
    }

    /// Checks `value` by `product`'s rule for requests: what a client may
    /// send when it creates a session.
    ///
    /// # Errors
    ///
    /// [`ParseReferenceIdError`] when `value` is empty, longer than the
    /// product takes ([`Product::max_reference_id_len`]), or, for EFT V2, has
    /// a character other than an ASCII letter, digit or hyphen.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, ReferenceId, ReferenceIdErrorKind};
    ///
    /// assert!(ReferenceId::parse_for(Product::Geft, "café #1").is_ok());
    /// let err = ReferenceId::parse_for(Product::EftV2, &"x".repeat(40)).unwrap_err();
    /// assert_eq!(err.kind(), ReferenceIdErrorKind::TooLong);
    /// assert_eq!(err.to_string(), format!("reference id {:?} is 40 characters long: EFT V2 takes at most 36", "x".repeat(40)));
    /// ```
    pub fn parse_for(product: Product, value: &str) -> Result<Self, ParseReferenceIdError> {
        check(value, Some(product))?;
        Ok(Self::keep(value))
    }

    /// Checks `value` by `product`'s rule without keeping it.
    pub(crate) fn check_text_for(
        product: Product,
        value: &str,
    ) -> Result<(), ParseReferenceIdError> {
        check(value, Some(product))
    }

    /// Whether this id obeys `product`'s rule for requests (see
    /// [`parse_for`](Self::parse_for)).
    ///
    /// # Errors
    ///
    /// As [`parse_for`](Self::parse_for).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, ReferenceId};
    ///
    /// let id: ReferenceId = "order_12/ab.c@example".parse()?;
    /// assert!(id.check_for(Product::Geft).is_ok());
    /// assert!(id.check_for(Product::EftV2).is_err());
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    pub fn check_for(&self, product: Product) -> Result<(), ParseReferenceIdError> {
        check(self.as_str(), Some(product))
    }

    /// The reference id as written.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::ReferenceId;
    ///
    /// assert_eq!("A-1".parse::<ReferenceId>()?.as_str(), "A-1");
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.repr {
            // Copied from a `str` when made, so always UTF-8: never the fallback.
            Repr::Inline { len, bytes } => {
                core::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }

    /// The inner string.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::ReferenceId;
    ///
    /// let id: ReferenceId = "A-1".parse()?;
    /// assert_eq!(id.into_string(), "A-1");
    /// # Ok::<(), eft_session::ParseReferenceIdError>(())
    /// ```
    #[must_use]
    pub fn into_string(self) -> String {
        match self.repr {
            Repr::Heap(text) => text.into_string(),
            Repr::Inline { .. } => String::from(self.as_str()),
        }
    }

    /// Keeps an already checked `value`.
    #[inline]
    fn keep(value: &str) -> Self {
        if value.len() <= Self::INLINE_LEN {
            Self::inline(value)
        } else {
            Self {
                repr: Repr::Heap(Box::from(value)),
            }
        }
    }

    #[inline]
    fn inline(value: &str) -> Self {
        let mut bytes = [0; Self::INLINE_LEN];
        bytes[..value.len()].copy_from_slice(value.as_bytes());
        Self {
            repr: Repr::Inline {
                // The caller checked the length against `INLINE_LEN`.
                len: value.len() as u8,
                bytes,
            },
        }
    }
}

/// The bytes an EFT V2 reference id may hold: ASCII letters, digits and `-`.
const EFT_V2_ALLOWED: [bool; 256] = {
    let mut allowed = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        allowed[byte] = (byte as u8).is_ascii_alphanumeric() || byte as u8 == b'-';
        byte += 1;
    }
    allowed
};

/// Checks the reading rule (`product` `None`) or a product's request rule.
/// Lengths and positions are counted in characters, as the docs count them.
#[inline]
fn check(value: &str, product: Option<Product>) -> Result<(), ParseReferenceIdError> {
    let error = |kind, detail| Err(ParseReferenceIdError::new(kind, value, detail, product));
    if value.is_empty() {
        return error(ReferenceIdErrorKind::Empty, 0);
    }
    let max = product.map_or(ReferenceId::MAX_LEN, Product::max_reference_id_len);
    if product == Some(Product::EftV2) {
        // ASCII only, so a byte is a character.
        if let Some(at) = value.bytes().position(|b| !EFT_V2_ALLOWED[usize::from(b)]) {
            let at = value[..at].chars().count();
            return error(ReferenceIdErrorKind::InvalidCharacter, at);
        }
        if value.len() > max {
            return error(ReferenceIdErrorKind::TooLong, value.len());
        }
        return Ok(());
    }
    // At most 4 bytes a character: a short text needs no count.
    if value.len() > max {
        let length = value.chars().count();
        if length > max {
            return error(ReferenceIdErrorKind::TooLong, length);
        }
    }
    Ok(())
}

impl FromStr for ReferenceId {
    type Err = ParseReferenceIdError;

    /// Reads a reference id as a response or webhook carries it: 1 to 100
    /// characters, any characters.
    #[inline]
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        check(value, None)?;
        Ok(Self::keep(value))
    }
}

impl PartialEq for ReferenceId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ReferenceId {}

impl PartialOrd for ReferenceId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Ordered by text, as a string is.
impl Ord for ReferenceId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Hashed as its text, so a `HashMap<ReferenceId, _>` can be queried by `&str`
/// through [`Borrow`](core::borrow::Borrow).
impl Hash for ReferenceId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl core::borrow::Borrow<str> for ReferenceId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for ReferenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for ReferenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl AsRef<str> for ReferenceId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for ReferenceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ReferenceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(crate::input::FromStrVisitor::<Self>::new(
            "a reference id of 1 to 100 characters",
        ))
    }
}

/// A string that is not a valid [`ReferenceId`].
///
/// # Examples
///
/// ```
/// use eft_session::{ReferenceId, ReferenceIdErrorKind};
///
/// let err = "".parse::<ReferenceId>().unwrap_err();
/// assert_eq!(err.kind(), ReferenceIdErrorKind::Empty);
/// assert_eq!(err.to_string(), r#"reference id "" is empty"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct ParseReferenceIdError {
    kind: ReferenceIdErrorKind,
    input: KeptInput,
    /// The length for `TooLong`, the character offset for `InvalidCharacter`.
    detail: usize,
    /// The product whose request rule was broken; `None` for the reading rule.
    product: Option<Product>,
}

/// The kind of a [`ParseReferenceIdError`].
///
/// # Examples
///
/// ```
/// use eft_session::{Product, ReferenceId, ReferenceIdErrorKind};
///
/// let kind = ReferenceId::parse_for(Product::EftV2, "a_b").unwrap_err().kind();
/// assert_eq!(kind, ReferenceIdErrorKind::InvalidCharacter);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReferenceIdErrorKind {
    /// No characters.
    Empty,
    /// More characters than the rule allows: [`ReferenceId::MAX_LEN`], or
    /// the product's [`max_reference_id_len`](Product::max_reference_id_len).
    TooLong,
    /// A character other than an ASCII letter, digit or hyphen, in an EFT V2
    /// request.
    InvalidCharacter,
}

impl ParseReferenceIdError {
    #[cold]
    #[inline(never)]
    fn new(
        kind: ReferenceIdErrorKind,
        input: &str,
        detail: usize,
        product: Option<Product>,
    ) -> Self {
        Self {
            kind,
            input: KeptInput::new(input),
            detail,
            product,
        }
    }

    /// What was wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, ReferenceId, ReferenceIdErrorKind};
    ///
    /// let err = ReferenceId::parse_for(Product::EftV2, "a b").unwrap_err();
    /// assert_eq!(err.kind(), ReferenceIdErrorKind::InvalidCharacter);
    /// ```
    #[must_use]
    pub fn kind(&self) -> ReferenceIdErrorKind {
        self.kind
    }

    /// The rejected input (its first 64 bytes when it was longer).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, ReferenceId};
    ///
    /// assert_eq!(ReferenceId::parse_for(Product::EftV2, "a b").unwrap_err().input(), "a b");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        self.input.as_str()
    }

    fn message(&self) -> impl fmt::Display + '_ {
        struct Message<'a>(&'a ParseReferenceIdError);
        impl fmt::Display for Message<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let ParseReferenceIdError {
                    kind,
                    input,
                    detail,
                    product,
                } = self.0;
                let rule = product.map_or("a reference id", Product::as_str);
                match kind {
                    ReferenceIdErrorKind::Empty => write!(f, "reference id {input} is empty"),
                    ReferenceIdErrorKind::TooLong => write!(
                        f,
                        "reference id {input} is {detail} characters long: {rule} takes at most {}",
                        product.map_or(ReferenceId::MAX_LEN, Product::max_reference_id_len)
                    ),
                    ReferenceIdErrorKind::InvalidCharacter => {
                        match input.as_str().chars().nth(*detail) {
                            Some(bad) => {
                                write!(f, "reference id {input} has {bad:?} at character {detail}")?
                            }
                            None => write!(
                                f,
                                "reference id {input} has a bad character at character {detail}"
                            )?,
                        }
                        write!(f, ": {rule} takes only letters, digits and hyphens")
                    }
                }
            }
        }
        Message(self)
    }
}

impl ParseReferenceIdError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A request broke its product's reference id rule.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = eft_session::ReferenceId::parse_for(eft_session::Product::EftV2, "a b").unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Reference Id"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Reference Id".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Reference Id"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn every_view_of_the_text_is_the_text() {
        for text in [
            "USER-12345",
            "order 12 for Jane Doe, paid by card #4",
            "café #1",
        ] {
            let id: ReferenceId = text.parse().unwrap();
            assert_eq!(id.as_ref(), text);
            assert_eq!(alloc::format!("{id}"), text);
            assert_eq!(alloc::format!("{id:?}"), alloc::format!("{text:?}"));
            assert_eq!(id.clone().into_string(), text);
            assert_eq!(ReferenceId::new(String::from(text)).unwrap(), id);
            let borrowed: &str = core::borrow::Borrow::borrow(&id);
            assert_eq!(borrowed, text);
        }
        let id: ReferenceId = "USER-12345".parse().unwrap();
        assert_eq!(alloc::format!("[{id:>12}]"), "[  USER-12345]");
    }

    #[test]
    fn short_ids_are_inline_and_long_ones_on_the_heap() {
        let short: ReferenceId = "x".repeat(36).parse().unwrap();
        assert!(matches!(short.repr, Repr::Inline { len: 36, .. }));
        let long: ReferenceId = "x".repeat(37).parse().unwrap();
        assert!(matches!(long.repr, Repr::Heap(_)));
        // Equality, order and hash go by the text, not the storage.
        assert!(short < long);
        assert_ne!(short, long);
    }

    #[test]
    fn orders_like_its_text() {
        let mut ids: alloc::vec::Vec<ReferenceId> = ["b", "a-2", "a", "B", "a-10", &"a".repeat(50)]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        ids.sort();
        let sorted: alloc::vec::Vec<&str> = ids.iter().map(ReferenceId::as_str).collect();
        assert_eq!(sorted, ["B", "a", "a-10", "a-2", &"a".repeat(50), "b"]);
    }

    #[test]
    fn reads_any_id_either_product_takes() {
        let hundred = "é".repeat(100);
        for ok in [
            "A",
            "a-1",
            "USER12345",
            &"9".repeat(36),
            "order 12 for Jane Doe",
            &"x".repeat(40),
            &"x".repeat(100),
            &hundred,
            "café #1",
            "order_12/ab.c@example",
        ] {
            assert_eq!(ok.parse::<ReferenceId>().unwrap().as_str(), ok);
        }
    }

    #[test]
    fn each_product_checks_requests_by_its_rule() {
        let forty = "x".repeat(40);
        for (product, text, kind) in [
            (Product::EftV2, "", Some(ReferenceIdErrorKind::Empty)),
            (Product::EftV2, "USER-1", None),
            (Product::EftV2, &forty, Some(ReferenceIdErrorKind::TooLong)),
            (
                Product::EftV2,
                "a b",
                Some(ReferenceIdErrorKind::InvalidCharacter),
            ),
            (
                Product::EftV2,
                "é",
                Some(ReferenceIdErrorKind::InvalidCharacter),
            ),
            (
                Product::EftV2,
                "a_b",
                Some(ReferenceIdErrorKind::InvalidCharacter),
            ),
            (Product::Geft, "", Some(ReferenceIdErrorKind::Empty)),
            (Product::Geft, &forty, None),
            (Product::Geft, "café #1", None),
            (
                Product::Geft,
                &"é".repeat(101),
                Some(ReferenceIdErrorKind::TooLong),
            ),
        ] {
            let parsed = ReferenceId::parse_for(product, text);
            assert_eq!(
                parsed.as_ref().err().map(ParseReferenceIdError::kind),
                kind,
                "{product:?} {text:?}"
            );
            if let Ok(id) = parsed {
                assert_eq!(id.check_for(product), Ok(()));
            }
        }
    }

    #[test]
    fn the_reading_rule_refuses_only_empty_and_too_long() {
        for (bad, kind) in [
            (String::new(), ReferenceIdErrorKind::Empty),
            ("x".repeat(101), ReferenceIdErrorKind::TooLong),
            ("é".repeat(101), ReferenceIdErrorKind::TooLong),
        ] {
            assert_eq!(
                bad.parse::<ReferenceId>().unwrap_err().kind(),
                kind,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn messages_name_input_and_rule_in_characters() {
        let err = "é".repeat(101).parse::<ReferenceId>().unwrap_err();
        assert!(
            err.to_string()
                .ends_with("is 101 characters long: a reference id takes at most 100"),
            "{err}"
        );
        let err = ReferenceId::parse_for(Product::EftV2, "caféX").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"reference id "caféX" has 'é' at character 3: EFT V2 takes only letters, digits and hyphens"#
        );
        let err = ReferenceId::parse_for(Product::Geft, &"x".repeat(101)).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("is 101 characters long: GEFT takes at most 100"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_character_past_the_kept_prefix_is_still_reported() {
        let input = alloc::format!("{}!", "a".repeat(70));
        let err = ReferenceId::parse_for(Product::EftV2, &input).unwrap_err();
        assert_eq!(err.kind(), ReferenceIdErrorKind::InvalidCharacter);
        assert!(err.to_string().contains("at character 70"), "{err}");
    }
}
