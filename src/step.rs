//! Where the payer is in the hosted flow (`step.current`).

use alloc::boxed::Box;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{EnumIter, IntoStaticStr};

use crate::{Product, SessionStatus};

/// A step of the hosted flow, as `GET …/details` reports it in
/// `step.current`, in the documented order.
///
/// A step the crate does not know yet is kept as [`Step::Other`] with its
/// text and written back unchanged: the docs are a work in progress.
///
/// # Relation to the status
///
/// The docs relate steps to statuses only loosely, and the crate goes no
/// further: [`Start`](Self::Start) is where an `Initiated` session's payer
/// enters, [`Complete`](Self::Complete) where a `Completed` one ends, and
/// any step may be current when a session fails, is cancelled or expires
/// (the flow stops where it is). Whether the API enforces the order is not
/// documented, so [`Step::could_be_current`] is a check of plausibility for
/// tests, not a rule the crate enforces.
///
/// # Examples
///
/// ```
/// use eft_session::{Product, Step};
///
/// let step: Step = "BankSelection".parse()?;
/// assert_eq!(step, Step::BankSelection);
/// assert!(Step::Start < Step::Pad);
/// assert!(!Step::GuaranteeOffer.is_in(Product::EftV2));
///
/// let new: Step = "BiometricCheck".parse()?;
/// assert_eq!(new.as_str(), "BiometricCheck");
/// assert!(!new.is_known());
/// # Ok::<(), core::convert::Infallible>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, IntoStaticStr)]
pub enum Step {
    /// The session is opened: the payer has entered the flow.
    Start,
    /// The Flinks consent screen (only with `showConsentScreen`).
    Consent,
    /// Choosing the financial institution.
    BankSelection,
    /// Logging into the bank.
    BankConnection,
    /// Choosing the account.
    AccountSelection,
    /// Entering the amount (skipped when it is preset).
    AmountSelection,
    /// The guarantee offer (GEFT only).
    GuaranteeOffer,
    /// Reviewing the payment.
    Review,
    /// Reviewing and signing the PAD agreement.
    Pad,
    /// The flow is finished.
    Complete,
    /// A step the crate does not know yet, kept as written.
    #[strum(disabled)]
    Other(Box<str>),
}

impl Step {
    /// Every documented step, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Step;
    ///
    /// assert_eq!(Step::documented().count(), 10);
    /// assert_eq!(Step::documented().last(), Some(Step::Complete));
    /// ```
    pub fn documented() -> impl DoubleEndedIterator<Item = Self> + Clone {
        <Self as strum::IntoEnumIterator>::iter().filter(Self::is_known)
    }

    /// The wire spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Step;
    ///
    /// assert_eq!(Step::AmountSelection.as_str(), "AmountSelection");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Other(text) => text,
            known => known.into(),
        }
    }

    /// Whether the crate knows the step.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Step;
    ///
    /// assert!(Step::Review.is_known());
    /// ```
    #[must_use]
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Other(_))
    }

    /// Whether `product`'s flow has this step: `GuaranteeOffer` is GEFT's
    /// only. A step the crate does not know is assumed possible.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Product, Step};
    ///
    /// assert!(Step::GuaranteeOffer.is_in(Product::Geft));
    /// assert!(Step::Pad.is_in(Product::EftV2));
    /// ```
    #[must_use]
    pub fn is_in(&self, product: Product) -> bool {
        !matches!((self, product), (Self::GuaranteeOffer, Product::EftV2))
    }

    /// Whether a session in `status` could plausibly report this step: not
    /// `Complete` before the session is `Completed`, and only `Start` or
    /// `Complete` once it is. A step the crate does not know is plausible
    /// anywhere.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{SessionStatus, Step};
    ///
    /// assert!(Step::Start.could_be_current(SessionStatus::Initiated));
    /// assert!(!Step::Complete.could_be_current(SessionStatus::InProgress));
    /// assert!(Step::Pad.could_be_current(SessionStatus::Expired));
    /// ```
    #[must_use]
    pub fn could_be_current(&self, status: SessionStatus) -> bool {
        match (self, status) {
            (Self::Other(_), _) => true,
            (Self::Complete, SessionStatus::Completed) => true,
            (Self::Complete, _) => false,
            (step, SessionStatus::Completed) => *step == Self::Start,
            (step, SessionStatus::Initiated) => *step == Self::Start,
            _ => true,
        }
    }
}

impl FromStr for Step {
    type Err = core::convert::Infallible;

    /// Never fails: an unknown step is kept as [`Step::Other`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(<Self as strum::IntoEnumIterator>::iter()
            .find(|step| step.is_known() && step.as_str() == text)
            .unwrap_or_else(|| Self::Other(text.into())))
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(crate::input::FromStrVisitor::<Self>::new("a step name"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn documented_steps_round_trip_in_order() {
        let steps: alloc::vec::Vec<Step> = Step::documented().collect();
        assert!(steps.windows(2).all(|pair| pair[0] < pair[1]));
        for step in steps {
            assert_eq!(step.as_str().parse::<Step>().unwrap(), step);
            assert_eq!(step.to_string(), step.as_str());
        }
    }

    #[test]
    fn only_guarantee_offer_is_geft_only() {
        for step in Step::documented() {
            assert!(step.is_known());
            assert!(step.is_in(Product::Geft));
            assert_eq!(
                step.is_in(Product::EftV2),
                step != Step::GuaranteeOffer,
                "{step}"
            );
        }
        let other = Step::Other("FraudCheck".into());
        assert!(!other.is_known());
        assert!(other.is_in(Product::EftV2) && other.is_in(Product::Geft));
    }

    #[test]
    fn plausible_steps_by_status() {
        use SessionStatus::*;
        for step in Step::documented() {
            let start = step == Step::Start;
            let complete = step == Step::Complete;
            assert_eq!(step.could_be_current(Initiated), start, "{step}");
            assert_eq!(step.could_be_current(InProgress), !complete, "{step}");
            assert_eq!(
                step.could_be_current(Completed),
                start || complete,
                "{step}"
            );
            for ended in [Failed, Cancelled, Expired] {
                assert_eq!(step.could_be_current(ended), !complete, "{step} {ended}");
            }
        }
        let other = Step::Other("FraudCheck".into());
        assert!(SessionStatus::all().all(|status| other.could_be_current(status)));
    }

    #[test]
    fn unknown_steps_are_kept_verbatim() {
        for text in ["", "start", "Start ", "FraudCheck"] {
            let step: Step = text.parse().unwrap();
            assert_eq!(step, Step::Other(text.into()));
            assert_eq!(step.as_str(), text);
        }
    }
}
