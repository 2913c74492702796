//! Writing the status bodies as each product's pages write them.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::{CancelSessionResponse, SessionSetupStatusChanged, SessionStatusResponse};
use crate::{Amount, Product, ReferenceId, SessionState, Timestamp};

/// The fields a status body writes, in the provider's order. `when` and
/// `amount` are `None` for bodies that have no such field.
pub(super) struct StatusFields<'a> {
    pub(super) name: &'static str,
    pub(super) when: Option<Timestamp>,
    pub(super) session_id: Uuid,
    pub(super) reference_id: Option<&'a ReferenceId>,
    pub(super) amount: Option<Option<Amount>>,
    pub(super) state: SessionState,
}

impl StatusFields<'_> {
    /// Writes the fields, spelling the status as `product`'s pages do.
    pub(super) fn write<S: Serializer>(
        self,
        serializer: S,
        product: Product,
    ) -> Result<S::Ok, S::Error> {
        let fields = 4 + usize::from(self.amount.is_some()) + usize::from(self.when.is_some());
        let mut body = serializer.serialize_struct(self.name, fields)?;
        if let Some(when) = self.when {
            body.serialize_field("when", &when)?;
        }
        body.serialize_field("sessionId", &self.session_id)?;
        body.serialize_field("referenceId", &self.reference_id)?;
        if let Some(amount) = self.amount {
            body.serialize_field("amount", &amount)?;
        }
        body.serialize_field("status", self.state.status().as_str_in(product))?;
        body.serialize_field("statusDetails", &self.state.detail())?;
        body.end()
    }
}

/// A body written as `product`'s pages write it: the only difference is the
/// spelling of the cancelled status (`Canceled` for GEFT). A body's own
/// `Serialize` writes the EFT V2 spelling.
///
/// # Examples
///
/// ```
/// use eft_session::Product;
/// use eft_session::wire::{CancelSessionResponse, InProduct};
/// use uuid::Uuid;
///
/// let body = CancelSessionResponse::new(Uuid::nil(), Some("Happy2".parse()?));
/// let geft = serde_json::to_string(&InProduct(Product::Geft, &body))?;
/// assert!(geft.contains(r#""status":"Canceled""#));
/// assert!(serde_json::to_string(&body)?.contains(r#""status":"Cancelled""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct InProduct<'a, T>(pub Product, pub &'a T);

macro_rules! status_body_serialize {
    ($($body:ty),+) => {$(
        impl Serialize for $body {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.written().write(serializer, Product::EftV2)
            }
        }

        impl Serialize for InProduct<'_, $body> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.1.written().write(serializer, self.0)
            }
        }
    )+};
}

status_body_serialize!(
    CancelSessionResponse,
    SessionStatusResponse,
    SessionSetupStatusChanged
);
