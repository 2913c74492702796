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

    /// How this product's pages spell the cancelled status: `Cancelled` (EFT
    /// V2) or `Canceled` (GEFT). Both are read either way.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, SessionStatus};
    ///
    /// assert_eq!(Product::Geft.cancelled_spelling(), "Canceled");
    /// assert_eq!(SessionStatus::Cancelled.as_str_in(Product::Geft), "Canceled");
    /// ```
    #[must_use]
    pub const fn cancelled_spelling(self) -> &'static str {
        match self {
            Self::EftV2 => "Cancelled",
            Self::Geft => "Canceled",
        }
    }

    /// The longest `referenceId` the product takes: 36 for EFT V2 (where it
    /// becomes the EFT cross-reference number, letters, digits and hyphens
    /// only), 100 for GEFT.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    ///
    /// assert_eq!(Product::EftV2.max_reference_id_len(), 36);
    /// ```
    #[must_use]
    pub const fn max_reference_id_len(self) -> usize {
        match self {
            Self::EftV2 => crate::ReferenceId::INLINE_LEN,
            Self::Geft => 100,
        }
    }

    /// Whether a request may name a `payee`: GEFT only; EFT V2 funds settle
    /// to the client's configured account.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Product;
    ///
    /// assert!(!Product::EftV2.accepts_payee());
    /// ```
    #[must_use]
    pub const fn accepts_payee(self) -> bool {
        matches!(self, Self::Geft)
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
