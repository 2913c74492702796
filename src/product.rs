//! The two products that share the session API.

use strum::{EnumCount, EnumIter, IntoStaticStr};

/// A product of the session API: regular EFT V2, or Guaranteed EFT.
///
/// Where the two differ (which codes each can produce, the spelling of the
/// cancelled status on its pages), the difference is written against this
/// value rather than scattered.
///
/// # Examples
///
/// ```
/// use eft_session::{Product, StatusDetail};
///
/// assert_eq!(Product::Geft.to_string(), "GEFT");
/// assert!(StatusDetail::EFT0402.is_produced_by(Product::Geft));
/// assert!(!StatusDetail::EFT0402.is_produced_by(Product::EftV2));
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
)]
pub enum Product {
    /// Regular EFT, session-based (`options.guarantee.enable = false`).
    #[strum(to_string = "EFT V2")]
    EftV2,
    /// Guaranteed EFT (`options.guarantee.enable = true`).
    #[strum(to_string = "GEFT")]
    Geft,
}

impl Product {
    /// Both products, EFT V2 first.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    ///
    /// assert_eq!(Product::all().count(), 2);
    /// ```
    pub fn all() -> impl DoubleEndedIterator<Item = Self> + Clone {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// The name used in the docs: `"EFT V2"` or `"GEFT"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    ///
    /// assert_eq!(Product::EftV2.as_str(), "EFT V2");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}
