//! Writing the status bodies as each product's pages write them.

use alloc::string::String;
use core::fmt::Write;

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

impl StatusFields<'_> {
    /// Writes the body as JSON text into `out`, byte for byte what the
    /// `Serialize` impl writes through serde_json, without serde's
    /// machinery: the crate's own writer, as `from_json` is its own reader.
    pub(super) fn write_json(&self, out: &mut String, product: Product) {
        out.reserve(160);
        out.push('{');
        if let Some(when) = self.when {
            // An instant never fails to format.
            let _ = write!(out, "\"when\":\"{when}\",");
        }
        out.push_str("\"sessionId\":\"");
        out.push_str(
            self.session_id
                .hyphenated()
                .encode_lower(&mut Uuid::encode_buffer()),
        );
        out.push_str("\",\"referenceId\":");
        match self.reference_id {
            Some(reference_id) => push_json_string(out, reference_id.as_str()),
            None => out.push_str("null"),
        }
        if let Some(amount) = self.amount {
            out.push_str(",\"amount\":");
            match amount {
                Some(amount) => push_dollars(out, amount.cents()),
                None => out.push_str("null"),
            }
        }
        out.push_str(",\"status\":\"");
        out.push_str(self.state.status().as_str_in(product));
        out.push_str("\",\"statusDetails\":");
        match self.state.detail() {
            Some(code) => {
                out.push('"');
                out.push_str(code.as_str());
                out.push('"');
            }
            None => out.push_str("null"),
        }
        out.push('}');
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it.
fn push_json_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => continue,
        };
        out.push_str(&text[plain..at]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        } else {
            out.push_str(escape);
        }
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

/// `cents` as the JSON number of dollars serde_json writes for the amount:
/// `500`, `12.5`, `12.34` (the shortest text of the double, which for whole
/// cents below 10^13 is the decimal itself).
fn push_dollars(out: &mut String, cents: u64) {
    push_digits(out, cents / 100);
    match cents % 100 {
        0 => {}
        fraction if fraction % 10 == 0 => {
            out.push('.');
            out.push(char::from(b'0' + (fraction / 10) as u8));
        }
        fraction => {
            out.push('.');
            out.push(char::from(b'0' + (fraction / 10) as u8));
            out.push(char::from(b'0' + (fraction % 10) as u8));
        }
    }
}

/// `number` in decimal, without `core::fmt`.
fn push_digits(out: &mut String, mut number: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
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
/// // The crate's own writer gives the same text, faster.
/// assert_eq!(InProduct(Product::Geft, &body).to_json(), geft);
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

macro_rules! status_body_to_json {
    ($($body:ty),+) => {$(
        impl InProduct<'_, $body> {
            /// The body as `product`'s pages write it, by the crate's own
            /// writer: the same text as `serde_json::to_string(&self)`.
            ///
            /// # Examples
            ///
            /// See [`InProduct`].
            #[must_use]
            pub fn to_json(&self) -> String {
                let mut out = String::new();
                self.1.written().write_json(&mut out, self.0);
                out
            }
        }
    )+};
}

status_body_to_json!(
    CancelSessionResponse,
    SessionStatusResponse,
    SessionSetupStatusChanged
);

impl CancelSessionResponse {
    /// The body as JSON text, by the crate's own writer: what
    /// `serde_json::to_string` writes (the EFT V2 spelling), faster.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::CancelSessionResponse;
    /// use uuid::Uuid;
    ///
    /// let body = CancelSessionResponse::new(Uuid::nil(), Some("order \"12\"".parse()?));
    /// assert_eq!(body.to_json(), serde_json::to_string(&body)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        InProduct(Product::EftV2, self).to_json()
    }
}

impl SessionStatusResponse {
    /// The body as JSON text, by the crate's own writer: what
    /// `serde_json::to_string` writes (the EFT V2 spelling), faster.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::{Amount, Session};
    /// use uuid::Uuid;
    ///
    /// let body = Session::new(Uuid::nil(), None).status_response(Some(Amount::from_cents(1234)));
    /// assert_eq!(body.to_json(), serde_json::to_string(&body)?);
    /// assert!(body.to_json().contains(r#""amount":12.34"#));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        InProduct(Product::EftV2, self).to_json()
    }
}

impl SessionSetupStatusChanged {
    /// The event as JSON text, by the crate's own writer: what
    /// `serde_json::to_string` writes (the EFT V2 spelling), faster.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::wire::SessionSetupStatusChanged;
    ///
    /// let event = SessionSetupStatusChanged::from_json(
    ///     r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#,
    /// )?;
    /// assert_eq!(event.to_json(), serde_json::to_string(&event)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        InProduct(Product::EftV2, self).to_json()
    }
}
