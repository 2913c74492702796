//! The session status: where a session is in its lifecycle.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{EnumCount, EnumIter, IntoStaticStr};

use crate::input::KeptInput;

/// The status of an EFT session, as the API reports it in `status`.
///
/// A session starts [`Initiated`](Self::Initiated), may pass through
/// [`InProgress`](Self::InProgress) while the payer walks the hosted flow, and
/// ends in exactly one terminal status. The legal moves between them are given
/// by [`SessionStatus::transition`].
///
/// The discriminant of each status is the family of its detail codes
/// (`EFT05xx` is [`Cancelled`](Self::Cancelled)), so the value is one byte and
/// a code's status is a lookup, not a search.
///
/// # Wire spelling
///
/// The string form is exactly what the API writes. `Cancelled` is written with
/// two L (the EFT V2 spelling) and read from both `Cancelled` and `Canceled`
/// (the spelling of the GEFT pages). Anything else is a [`ParseStatusError`]
/// that names the input.
///
/// # Examples
///
/// ```
/// use eft_session::SessionStatus;
///
/// let status: SessionStatus = "Canceled".parse()?;
/// assert_eq!(status, SessionStatus::Cancelled);
/// assert_eq!(status.as_str(), "Cancelled");
/// assert!(status.is_terminal());
///
/// let err = "Done".parse::<SessionStatus>().unwrap_err();
/// assert_eq!(err.to_string(), r#"unknown session status "Done""#);
/// # Ok::<(), eft_session::ParseStatusError>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumIter,
    EnumCount,
    IntoStaticStr,
    strum::Display,
    strum::EnumString,
)]
#[strum(parse_err_ty = ParseStatusError, parse_err_fn = ParseStatusError::new)]
#[repr(u8)]
pub enum SessionStatus {
    /// Created (`EFT0101`); the payer has not started the hosted flow.
    Initiated = 1,
    /// The payer is in the hosted flow. No detail code is documented for it.
    InProgress = 2,
    /// The flow finished (`EFT0301`, or `EFT0302` when the PAD is unsigned).
    Completed = 3,
    /// The flow failed (`EFT04xx`: login, eligibility or identity).
    Failed = 4,
    /// Cancelled by API request (`EFT0501`).
    #[strum(to_string = "Cancelled", serialize = "Canceled")]
    Cancelled = 5,
    /// Timed out: the payer was inactive or did not finish (`EFT0601`).
    Expired = 6,
}

impl SessionStatus {
    /// Whether the session can never change again.
    ///
    /// [`Completed`](Self::Completed), [`Failed`](Self::Failed),
    /// [`Cancelled`](Self::Cancelled) and [`Expired`](Self::Expired) are
    /// terminal: every event is rejected, and cancelling answers 400. See the
    /// crate docs for why `Failed` is terminal although the EFT V2 cancel page
    /// leaves it out.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::SessionStatus;
    ///
    /// assert!(!SessionStatus::InProgress.is_terminal());
    /// assert!(SessionStatus::Failed.is_terminal());
    /// ```
    #[must_use]
    #[inline]
    pub const fn is_terminal(self) -> bool {
        !matches!(self, Self::Initiated | Self::InProgress)
    }

    /// The wire spelling of this status (`Cancelled` with two L).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::SessionStatus;
    ///
    /// assert_eq!(SessionStatus::InProgress.as_str(), "InProgress");
    /// ```
    #[must_use]
    #[inline]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The spelling `product`'s pages use: `Canceled` for GEFT, otherwise as
    /// [`as_str`](Self::as_str).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, SessionStatus};
    ///
    /// assert_eq!(SessionStatus::Cancelled.as_str_in(Product::EftV2), "Cancelled");
    /// assert_eq!(SessionStatus::Expired.as_str_in(Product::Geft), "Expired");
    /// ```
    #[must_use]
    pub fn as_str_in(self, product: crate::Product) -> &'static str {
        match self {
            Self::Cancelled => product.cancelled_spelling(),
            other => other.as_str(),
        }
    }

    /// The two-digit family of this status's detail codes: `EFT0501` is in
    /// family 5, [`Cancelled`](Self::Cancelled).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::SessionStatus;
    ///
    /// assert_eq!(SessionStatus::Expired.detail_family(), 6);
    /// ```
    #[must_use]
    #[inline]
    pub const fn detail_family(self) -> u8 {
        self as u8
    }

    /// The status whose detail codes are in `family`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::SessionStatus;
    ///
    /// assert_eq!(SessionStatus::from_detail_family(4), Some(SessionStatus::Failed));
    /// assert_eq!(SessionStatus::from_detail_family(9), None);
    /// ```
    #[must_use]
    #[inline]
    pub const fn from_detail_family(family: u8) -> Option<Self> {
        Some(match family {
            1 => Self::Initiated,
            2 => Self::InProgress,
            3 => Self::Completed,
            4 => Self::Failed,
            5 => Self::Cancelled,
            6 => Self::Expired,
            _ => return None,
        })
    }

    /// Every status, in lifecycle order.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::SessionStatus;
    ///
    /// assert_eq!(SessionStatus::all().count(), 6);
    /// assert_eq!(SessionStatus::all().filter(|s| s.is_terminal()).count(), 4);
    /// ```
    pub fn all() -> impl DoubleEndedIterator<Item = Self> + Clone {
        <Self as strum::IntoEnumIterator>::iter()
    }
}

/// A string that is not a session status.
///
/// # Examples
///
/// ```
/// use eft_session::SessionStatus;
///
/// let err = "cancelled".parse::<SessionStatus>().unwrap_err();
/// assert_eq!(err.input(), "cancelled");
/// assert_eq!(err.to_string(), r#"unknown session status "cancelled""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown session status {input}")]
pub struct ParseStatusError {
    input: KeptInput,
}

impl ParseStatusError {
    fn new(input: &str) -> Self {
        Self {
            input: KeptInput::new(input),
        }
    }

    /// The rejected input (its first 64 bytes when it was longer).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::SessionStatus;
    ///
    /// assert_eq!("Active".parse::<SessionStatus>().unwrap_err().input(), "Active");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        self.input.as_str()
    }
}

impl Serialize for SessionStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SessionStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(crate::input::FromStrVisitor::<Self>::new(
            "a session status",
        ))
    }
}

// One byte: the status is stored in every session and transition.
const _: () = assert!(core::mem::size_of::<SessionStatus>() == 1);

impl ParseStatusError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A client sent a status that is not one of the six.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = "Done".parse::<eft_session::SessionStatus>().unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Session Status"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Session Status".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Session Status"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn families_match_discriminants() {
        for status in SessionStatus::all() {
            assert_eq!(
                SessionStatus::from_detail_family(status.detail_family()),
                Some(status)
            );
        }
        assert_eq!(SessionStatus::from_detail_family(0), None);
        assert_eq!(SessionStatus::from_detail_family(7), None);
    }

    #[test]
    fn display_and_as_str_agree() {
        for status in SessionStatus::all() {
            assert_eq!(status.to_string(), status.as_str());
            assert_eq!(status.as_str().parse::<SessionStatus>(), Ok(status));
        }
    }

    #[test]
    fn both_spellings_of_cancelled_are_read() {
        assert_eq!("Canceled".parse(), Ok(SessionStatus::Cancelled));
        assert_eq!("Cancelled".parse(), Ok(SessionStatus::Cancelled));
        assert_eq!(SessionStatus::Cancelled.as_str(), "Cancelled");
    }

    #[test]
    fn parsing_is_exact() {
        for bad in [
            "",
            "initiated",
            "INITIATED",
            " Initiated",
            "In Progress",
            "Cancel",
        ] {
            let err = bad.parse::<SessionStatus>().unwrap_err();
            assert_eq!(err.input(), bad);
        }
    }

    #[test]
    fn long_input_is_cut_in_the_error() {
        let long = "x".repeat(1000);
        let err = long.parse::<SessionStatus>().unwrap_err();
        assert_eq!(err.input().len(), 64);
        assert!(err.to_string().ends_with("\"…"), "{err}");
    }
}
