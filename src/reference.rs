//! The client's reference id (`referenceId`).

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::input::KeptInput;

/// The client's own reference for a session (`referenceId`), validated by the
/// EFT V2 rule: 1 to 36 ASCII letters, digits or hyphens, because it becomes
/// the EFT cross-reference number.
///
/// Held inline (37 bytes, no allocation): reading one from JSON costs a copy.
///
/// # Examples
///
/// ```
/// use eft_session::ReferenceId;
///
/// let id: ReferenceId = "USER12345".parse()?;
/// assert_eq!(id.as_str(), "USER12345");
///
/// let err = "order #12".parse::<ReferenceId>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"reference id "order #12" has ' ' at byte 5: only letters, digits and hyphens are allowed"#
/// );
/// # Ok::<(), eft_session::ParseReferenceIdError>(())
/// ```
// Not `Copy`: a longer GEFT reference id may one day need the heap.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReferenceId {
    // Declared first so that ordering is by text, as for a string.
    bytes: [u8; ReferenceId::MAX_LEN],
    len: u8,
}

impl ReferenceId {
    /// The most characters a reference id may have.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::ReferenceId;
    ///
    /// assert!("x".repeat(ReferenceId::MAX_LEN).parse::<ReferenceId>().is_ok());
    /// assert!("x".repeat(ReferenceId::MAX_LEN + 1).parse::<ReferenceId>().is_err());
    /// ```
    pub const MAX_LEN: usize = 36;

    /// Checks `value` and keeps it without copying.
    ///
    /// # Errors
    ///
    /// [`ParseReferenceIdError`] when `value` is empty, longer than
    /// [`MAX_LEN`](Self::MAX_LEN), or has a character other than an ASCII
    /// letter, digit or hyphen.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{ReferenceId, ReferenceIdErrorKind};
    ///
    /// assert!(ReferenceId::new(String::from("Happy2")).is_ok());
    /// let err = ReferenceId::new("x".repeat(37)).unwrap_err();
    /// assert_eq!(err.kind(), ReferenceIdErrorKind::TooLong);
    /// ```
    pub fn new(value: String) -> Result<Self, ParseReferenceIdError> {
        value.parse()
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
        // Checked to be ASCII when made, so this is never the empty fallback.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
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
        String::from(self.as_str())
    }
}

/// The bytes a reference id may hold: ASCII letters, digits and `-`.
const ALLOWED: [bool; 256] = {
    let mut allowed = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        allowed[byte] = (byte as u8).is_ascii_alphanumeric() || byte as u8 == b'-';
        byte += 1;
    }
    allowed
};

/// Checks the EFT V2 rule; the error is the kind and, for a bad character,
/// its byte offset (else the length).
#[inline]
fn check(value: &str) -> Result<(), (ReferenceIdErrorKind, usize)> {
    if value.is_empty() {
        return Err((ReferenceIdErrorKind::Empty, 0));
    }
    if let Some(at) = value.bytes().position(|b| !ALLOWED[usize::from(b)]) {
        return Err((ReferenceIdErrorKind::InvalidCharacter, at));
    }
    if value.len() > ReferenceId::MAX_LEN {
        return Err((ReferenceIdErrorKind::TooLong, value.len()));
    }
    Ok(())
}

impl FromStr for ReferenceId {
    type Err = ParseReferenceIdError;

    #[inline]
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if let Err((kind, detail)) = check(value) {
            return Err(ParseReferenceIdError::new(kind, value, detail));
        }
        let mut bytes = [0; Self::MAX_LEN];
        bytes[..value.len()].copy_from_slice(value.as_bytes());
        Ok(Self {
            bytes,
            // `check` keeps the length within `MAX_LEN`.
            len: value.len() as u8,
        })
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
            "a reference id of 1 to 36 letters, digits or hyphens",
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
    /// The length for `TooLong`, the byte offset for `InvalidCharacter`.
    detail: usize,
}

/// The kind of a [`ParseReferenceIdError`].
///
/// # Examples
///
/// ```
/// use eft_session::{ReferenceId, ReferenceIdErrorKind};
///
/// let kind = "a_b".parse::<ReferenceId>().unwrap_err().kind();
/// assert_eq!(kind, ReferenceIdErrorKind::InvalidCharacter);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReferenceIdErrorKind {
    /// No characters.
    Empty,
    /// More than [`ReferenceId::MAX_LEN`] characters.
    TooLong,
    /// A character other than an ASCII letter, digit or hyphen.
    InvalidCharacter,
}

impl ParseReferenceIdError {
    #[cold]
    #[inline(never)]
    fn new(kind: ReferenceIdErrorKind, input: &str, detail: usize) -> Self {
        Self {
            kind,
            input: KeptInput::new(input),
            detail,
        }
    }

    /// What was wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{ReferenceId, ReferenceIdErrorKind};
    ///
    /// assert_eq!("a b".parse::<ReferenceId>().unwrap_err().kind(), ReferenceIdErrorKind::InvalidCharacter);
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
    /// use eft_session::ReferenceId;
    ///
    /// assert_eq!("a b".parse::<ReferenceId>().unwrap_err().input(), "a b");
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
                } = self.0;
                match kind {
                    ReferenceIdErrorKind::Empty => write!(f, "reference id {input} is empty"),
                    ReferenceIdErrorKind::TooLong => write!(
                        f,
                        "reference id {input} is {detail} bytes long: at most {} are allowed",
                        ReferenceId::MAX_LEN
                    ),
                    ReferenceIdErrorKind::InvalidCharacter => {
                        let bad = input
                            .as_str()
                            .get(*detail..)
                            .and_then(|rest| rest.chars().next());
                        match bad {
                            Some(bad) => {
                                write!(f, "reference id {input} has {bad:?} at byte {detail}")?
                            }
                            None => write!(
                                f,
                                "reference id {input} has a bad character at byte {detail}"
                            )?,
                        }
                        f.write_str(": only letters, digits and hyphens are allowed")
                    }
                }
            }
        }
        Message(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn every_view_of_the_text_is_the_text() {
        let id: ReferenceId = "USER-12345".parse().unwrap();
        assert_eq!(id.as_ref(), "USER-12345");
        assert_eq!(alloc::format!("{id}"), "USER-12345");
        assert_eq!(alloc::format!("[{id:>12}]"), "[  USER-12345]");
        assert_eq!(alloc::format!("{id:?}"), "\"USER-12345\"");
        assert_eq!(
            ReferenceId::new(String::from("A-1")).unwrap().into_string(),
            "A-1"
        );
        assert_eq!(id.clone().into_string(), "USER-12345");
        let err = "a b".parse::<ReferenceId>().unwrap_err();
        assert_eq!(err.input(), "a b");
    }

    #[test]
    fn orders_like_its_text() {
        let mut ids: alloc::vec::Vec<ReferenceId> = ["b", "a-2", "a", "B", "a-10"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        ids.sort();
        let sorted: alloc::vec::Vec<&str> = ids.iter().map(ReferenceId::as_str).collect();
        assert_eq!(sorted, ["B", "a", "a-10", "a-2", "b"]);
    }

    #[test]
    fn accepts_the_documented_alphabet_up_to_36() {
        for ok in ["A", "a-1", "USER12345", "Happy2", &"9".repeat(36), "-"] {
            assert_eq!(ok.parse::<ReferenceId>().unwrap().as_str(), ok);
        }
    }

    #[test]
    fn refuses_each_broken_rule() {
        let long = "x".repeat(37);
        for (bad, kind) in [
            ("", ReferenceIdErrorKind::Empty),
            (long.as_str(), ReferenceIdErrorKind::TooLong),
            ("a b", ReferenceIdErrorKind::InvalidCharacter),
            ("é", ReferenceIdErrorKind::InvalidCharacter),
            ("a_b", ReferenceIdErrorKind::InvalidCharacter),
        ] {
            assert_eq!(
                bad.parse::<ReferenceId>().unwrap_err().kind(),
                kind,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn messages_name_input_and_rule() {
        let err = "x".repeat(40).parse::<ReferenceId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            alloc::format!(
                "reference id {:?} is 40 bytes long: at most 36 are allowed",
                "x".repeat(40)
            )
        );
        let err = "caféX".parse::<ReferenceId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"reference id "caféX" has 'é' at byte 3: only letters, digits and hyphens are allowed"#
        );
    }

    #[test]
    fn a_bad_character_past_the_kept_prefix_is_still_reported() {
        let input = alloc::format!("{}!", "a".repeat(70));
        let err = input.parse::<ReferenceId>().unwrap_err();
        assert_eq!(err.kind(), ReferenceIdErrorKind::InvalidCharacter);
        assert!(err.to_string().contains("at byte 70"), "{err}");
    }
}
