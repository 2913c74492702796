//! GEFT's guarantee decision: where a session's guarantee offer stands.

use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{EnumCount, EnumIter, IntoStaticStr};

use crate::input::KeptInput;
use crate::{Product, SessionStatus, StatusDetail};

/// Where a session's guarantee decision stands. EFT V2 sessions stay
/// [`NotOffered`](Self::NotOffered); a GEFT session moves through it while
/// `InProgress`, and keeps the stage it reached after it ends.
///
/// The docs (the "Confirm guarantee" page) say: a new guarantee is emitted;
/// with a guarantee webhook configured, Flinks waits for the client's
/// decision (`POST …/guarantees/confirm`): rejecting fails the session,
/// accepting lets it complete; with no webhook configured the guarantee is
/// accepted automatically; after three undelivered guarantee webhooks the
/// session fails. The stages name each outcome, so that a log of steps
/// rebuilds how the decision was made, not only that it was.
///
/// | Stage | Status it goes with | `guaranteeOffered` | `guaranteeAccepted` |
/// |---|---|---|---|
/// | `NotOffered` | any | `false` | `false` |
/// | `Offered` | `InProgress`, `Cancelled`, `Expired`, `Failed` | `true` | `false` |
/// | `Accepted`, `AutoAccepted` | `InProgress` or any final status | `true` | `true` |
/// | `Rejected`, `Undelivered` | `Failed` | `true` | `false` |
///
/// # Examples
///
/// ```
/// use eft_session::{GuaranteeStage, SessionStatus};
///
/// assert!(GuaranteeStage::Offered.is_pending());
/// assert!(GuaranteeStage::AutoAccepted.is_accepted());
/// assert!(GuaranteeStage::Rejected.goes_with(SessionStatus::Failed));
/// assert!(!GuaranteeStage::Rejected.goes_with(SessionStatus::InProgress));
/// assert_eq!(GuaranteeStage::AutoAccepted.to_string(), "AutoAccepted");
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
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
#[repr(u8)]
pub enum GuaranteeStage {
    /// No guarantee has been offered: every EFT V2 session, and a GEFT one
    /// before its `GuaranteeOffer` step.
    #[default]
    NotOffered,
    /// A guarantee was offered and awaits the client's decision.
    Offered,
    /// The client accepted the guarantee through the confirm endpoint.
    Accepted,
    /// The guarantee was accepted automatically: no guarantee webhook is
    /// configured.
    AutoAccepted,
    /// The client rejected the guarantee; the session failed.
    Rejected,
    /// The guarantee webhook was not delivered after
    /// [`GUARANTEE_DELIVERY_ATTEMPTS`] attempts; the session failed.
    Undelivered,
}

/// How many times the provider tries to deliver a guarantee webhook before it
/// fails the session (the "Confirm guarantee" page: "after 3 failed delivery
/// attempts"). A server that emulates the provider counts attempts and then
/// applies [`Event::GUARANTEE_UNDELIVERED`](crate::Event::GUARANTEE_UNDELIVERED).
///
/// # Examples
///
/// ```
/// assert_eq!(eft_session::GUARANTEE_DELIVERY_ATTEMPTS, 3);
/// ```
pub const GUARANTEE_DELIVERY_ATTEMPTS: u8 = 3;

/// The code a session fails with when its guarantee is rejected or
/// undelivered. The docs say such a session is `Failed` but give no code;
/// `EFT0402` ("eligibility failed: no guaranteed EFT was offered") is the one
/// documented GEFT failure about the guarantee, so the crate decides on it.
/// Change it here: [`Event::REJECT_GUARANTEE`](crate::Event::REJECT_GUARANTEE)
/// and [`Event::GUARANTEE_UNDELIVERED`](crate::Event::GUARANTEE_UNDELIVERED)
/// use it, and a server may send another `EFT04xx` code in their place.
///
/// # Examples
///
/// ```
/// use eft_session::{StatusDetail, GUARANTEE_FAILURE};
///
/// assert_eq!(GUARANTEE_FAILURE, StatusDetail::EFT0402);
/// ```
pub const GUARANTEE_FAILURE: StatusDetail = StatusDetail::EFT0402;

impl GuaranteeStage {
    /// Every stage, in declaration order, for tables built at compile time.
    pub(crate) const ALL: [Self; 6] = [
        Self::NotOffered,
        Self::Offered,
        Self::Accepted,
        Self::AutoAccepted,
        Self::Rejected,
        Self::Undelivered,
    ];

    /// Whether an offer awaits the client's decision: the only stage the
    /// confirm endpoint acts on.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::GuaranteeStage;
    ///
    /// assert!(GuaranteeStage::Offered.is_pending());
    /// assert!(!GuaranteeStage::Accepted.is_pending());
    /// ```
    #[must_use]
    #[inline]
    pub const fn is_pending(self) -> bool {
        matches!(self, Self::Offered)
    }

    /// Whether a guarantee was offered (`guaranteeDetails.guaranteeOffered`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::GuaranteeStage;
    ///
    /// assert!(GuaranteeStage::Rejected.is_offered());
    /// assert!(!GuaranteeStage::NotOffered.is_offered());
    /// ```
    #[must_use]
    #[inline]
    pub const fn is_offered(self) -> bool {
        !matches!(self, Self::NotOffered)
    }

    /// Whether the guarantee was accepted, by the client or automatically
    /// (`guaranteeDetails.guaranteeAccepted`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::GuaranteeStage;
    ///
    /// assert!(GuaranteeStage::Accepted.is_accepted());
    /// assert!(!GuaranteeStage::Offered.is_accepted());
    /// ```
    #[must_use]
    #[inline]
    pub const fn is_accepted(self) -> bool {
        matches!(self, Self::Accepted | Self::AutoAccepted)
    }

    /// Whether a session in `status` can be at this stage: nothing is offered
    /// before the payer starts, a pending offer cannot end in `Completed`,
    /// and only a failed session has a rejected or undelivered guarantee.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{GuaranteeStage, SessionStatus};
    ///
    /// assert!(!GuaranteeStage::Offered.goes_with(SessionStatus::Initiated));
    /// assert!(!GuaranteeStage::Offered.goes_with(SessionStatus::Completed));
    /// assert!(GuaranteeStage::Accepted.goes_with(SessionStatus::Completed));
    /// ```
    #[must_use]
    #[inline]
    pub const fn goes_with(self, status: SessionStatus) -> bool {
        use SessionStatus::{Completed, Failed, Initiated};
        match self {
            Self::NotOffered => true,
            Self::Offered => !matches!(status, Initiated | Completed),
            Self::Accepted | Self::AutoAccepted => !matches!(status, Initiated),
            Self::Rejected | Self::Undelivered => matches!(status, Failed),
        }
    }

    /// Whether sessions of `product` can be at this stage: only GEFT offers
    /// guarantees.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{GuaranteeStage, Product};
    ///
    /// assert!(GuaranteeStage::NotOffered.is_in(Product::EftV2));
    /// assert!(!GuaranteeStage::Offered.is_in(Product::EftV2));
    /// assert!(GuaranteeStage::Offered.is_in(Product::Geft));
    /// ```
    #[must_use]
    #[inline]
    pub const fn is_in(self, product: Product) -> bool {
        matches!(self, Self::NotOffered) || matches!(product, Product::Geft)
    }

    /// The stage's name, as it is written in logs and database columns.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::GuaranteeStage;
    ///
    /// assert_eq!(GuaranteeStage::Undelivered.as_str(), "Undelivered");
    /// assert_eq!("Undelivered".parse::<GuaranteeStage>(), Ok(GuaranteeStage::Undelivered));
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every stage, in declaration order.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::GuaranteeStage;
    ///
    /// assert_eq!(GuaranteeStage::all().count(), 6);
    /// ```
    pub fn all() -> impl DoubleEndedIterator<Item = Self> + Clone {
        <Self as strum::IntoEnumIterator>::iter()
    }
}

const _: () = assert!(GuaranteeStage::ALL.len() == <GuaranteeStage as EnumCount>::COUNT);

impl FromStr for GuaranteeStage {
    type Err = ParseGuaranteeStageError;

    /// Reads a stage by its exact name, as [`as_str`](Self::as_str) writes
    /// it: a stage comes from the crate's own logs and columns, never from
    /// the provider, so nothing else is read.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|stage| stage.as_str() == text)
            .ok_or_else(|| ParseGuaranteeStageError {
                input: KeptInput::new(text),
            })
    }
}

impl Serialize for GuaranteeStage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for GuaranteeStage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(crate::input::FromStrVisitor::<Self>::new(
            "a guarantee stage",
        ))
    }
}

/// A text that names no guarantee stage.
///
/// # Examples
///
/// ```
/// use eft_session::GuaranteeStage;
///
/// let err = "offered".parse::<GuaranteeStage>().unwrap_err();
/// assert_eq!(err.input(), "offered");
/// assert_eq!(err.to_string(), r#"unknown guarantee stage "offered""#);
/// assert_eq!((err.http_status(), err.title()), (400, "Invalid Guarantee Stage"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown guarantee stage {input}")]
pub struct ParseGuaranteeStageError {
    input: KeptInput,
}

impl ParseGuaranteeStageError {
    /// The rejected input (its first 64 bytes when it was longer).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::GuaranteeStage;
    ///
    /// assert_eq!("Pending".parse::<GuaranteeStage>().unwrap_err().input(), "Pending");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        self.input.as_str()
    }

    /// The HTTP status a server answers with when a request carries this
    /// error: 400.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = "Maybe".parse::<eft_session::GuaranteeStage>().unwrap_err();
    /// assert_eq!(err.http_status(), 400);
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Guarantee Stage".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Guarantee Stage"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_declaration_order() {
        for (index, stage) in GuaranteeStage::all().enumerate() {
            assert_eq!(GuaranteeStage::ALL[index], stage);
            assert_eq!(stage as usize, index);
        }
    }

    #[test]
    fn stages_read_back_by_their_exact_names_only() {
        for stage in GuaranteeStage::all() {
            assert_eq!(stage.as_str().parse::<GuaranteeStage>(), Ok(stage));
            let lower = stage.as_str().to_ascii_lowercase();
            assert!(lower.parse::<GuaranteeStage>().is_err(), "{lower}");
        }
        assert!("".parse::<GuaranteeStage>().is_err());
    }

    #[test]
    fn every_stage_but_not_offered_is_offered() {
        for stage in GuaranteeStage::all() {
            assert_eq!(stage.is_offered(), stage != GuaranteeStage::NotOffered);
            assert!(!(stage.is_pending() && stage.is_accepted()));
        }
    }

    #[test]
    fn initiated_goes_only_with_not_offered_and_completed_never_with_a_pending_offer() {
        for stage in GuaranteeStage::all() {
            assert_eq!(
                stage.goes_with(SessionStatus::Initiated),
                stage == GuaranteeStage::NotOffered
            );
            assert_eq!(
                stage.goes_with(SessionStatus::Completed),
                !stage.is_offered() || stage.is_accepted()
            );
        }
    }
}
