//! Reading the fields the status bodies share (`sessionId`, `referenceId`,
//! `amount`, `status`, `statusDetails`), by serde or by the crate's own JSON
//! reader. Both go through [`Fields`], so they accept the same bodies.

use alloc::string::{String, ToString};
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use uuid::Uuid;

use crate::json::{Reader, SyntaxError, Text};
use crate::{Amount, ReferenceId, SessionState, SessionStatus, StatusDetail, Timestamp};

use super::WireError;

/// The shared fields, read and checked one by one, not yet against each other.
pub(crate) struct StatusBody {
    /// Only in a webhook; ignored by the other bodies.
    pub(crate) when: Option<Timestamp>,
    pub(crate) session_id: Uuid,
    pub(crate) reference_id: Option<ReferenceId>,
    pub(crate) amount: Option<Amount>,
    pub(crate) status: SessionStatus,
    pub(crate) status_details: Option<StatusDetail>,
}

impl StatusBody {
    #[inline]
    pub(crate) fn state(&self) -> Result<SessionState, WireError> {
        SessionState::new(self.status, self.status_details).map_err(WireError::State)
    }
}

/// A field of a status body, by its JSON name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    When,
    SessionId,
    ReferenceId,
    Amount,
    Status,
    StatusDetails,
    Other,
}

impl Field {
    #[inline]
    fn from_key(key: &str) -> Self {
        match key {
            "when" => Self::When,
            "sessionId" => Self::SessionId,
            "referenceId" => Self::ReferenceId,
            "amount" => Self::Amount,
            "status" => Self::Status,
            "statusDetails" => Self::StatusDetails,
            _ => Self::Other,
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Self::When => "when",
            Self::SessionId => "sessionId",
            Self::ReferenceId => "referenceId",
            Self::Amount => "amount",
            Self::Status => "status",
            Self::StatusDetails => "statusDetails",
            Self::Other => "",
        }
    }
}

/// The fields seen so far. `Some(None)` is a field given as `null`.
#[derive(Default)]
struct Fields {
    when: Option<Option<Timestamp>>,
    session_id: Option<Uuid>,
    reference_id: Option<Option<ReferenceId>>,
    amount: Option<Option<Amount>>,
    status: Option<SessionStatus>,
    status_details: Option<Option<StatusDetail>>,
}

impl Fields {
    /// Whether `field` was given already; unknown fields may repeat.
    fn has(&self, field: Field) -> bool {
        match field {
            Field::When => self.when.is_some(),
            Field::SessionId => self.session_id.is_some(),
            Field::ReferenceId => self.reference_id.is_some(),
            Field::Amount => self.amount.is_some(),
            Field::Status => self.status.is_some(),
            Field::StatusDetails => self.status_details.is_some(),
            Field::Other => false,
        }
    }

    /// The body, or the name of a required field that is missing.
    fn finish(self) -> Result<StatusBody, &'static str> {
        Ok(StatusBody {
            when: self.when.flatten(),
            session_id: self.session_id.ok_or(Field::SessionId.name())?,
            reference_id: self.reference_id.flatten(),
            amount: self.amount.flatten(),
            status: self.status.ok_or(Field::Status.name())?,
            status_details: self.status_details.flatten(),
        })
    }
}

// ---- serde ----

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;

        impl Visitor<'_> for FieldVisitor {
            type Value = Field;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            #[inline]
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Field, E> {
                Ok(Field::from_key(key))
            }

            fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Field, E> {
                Ok(core::str::from_utf8(key).map_or(Field::Other, Field::from_key))
            }
        }

        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// `statusDetails` as written: a code, `null`, or `""`, which says no more
/// than `null` (a .NET service writes an empty string it was never given a
/// code for). One function for both readers.
#[inline]
pub(crate) fn detail_of(text: &str) -> Result<Option<StatusDetail>, crate::ParseDetailError> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some)
}

/// `statusDetails` read by serde, through [`detail_of`].
struct DetailField(Option<StatusDetail>);

impl<'de> Deserialize<'de> for DetailField {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DetailVisitor;

        impl<'de> Visitor<'de> for DetailVisitor {
            type Value = DetailField;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a status detail code such as EFT0501, an empty string or null")
            }

            fn visit_none<E: de::Error>(self) -> Result<DetailField, E> {
                Ok(DetailField(None))
            }

            fn visit_unit<E: de::Error>(self) -> Result<DetailField, E> {
                Ok(DetailField(None))
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<DetailField, D::Error> {
                inner.deserialize_str(self)
            }

            #[inline]
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DetailField, E> {
                detail_of(text).map(DetailField).map_err(E::custom)
            }
        }

        deserializer.deserialize_option(DetailVisitor)
    }
}

/// A session id read by the fast path of [`session_id::deserialize`].
struct SessionId(Uuid);

impl<'de> Deserialize<'de> for SessionId {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        session_id::deserialize(deserializer).map(SessionId)
    }
}

impl<'de> Deserialize<'de> for StatusBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BodyVisitor;

        impl<'de> Visitor<'de> for BodyVisitor {
            type Value = StatusBody;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object with sessionId and status")
            }

            // Only a map: unlike a derived impl, a JSON array is refused.
            #[inline]
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StatusBody, A::Error> {
                let mut fields = Fields::default();
                while let Some(field) = map.next_key::<Field>()? {
                    if fields.has(field) {
                        return Err(de::Error::duplicate_field(field.name()));
                    }
                    match field {
                        Field::When => fields.when = Some(map.next_value()?),
                        Field::SessionId => {
                            fields.session_id = Some(map.next_value::<SessionId>()?.0)
                        }
                        Field::ReferenceId => fields.reference_id = Some(map.next_value()?),
                        Field::Amount => fields.amount = Some(map.next_value()?),
                        Field::Status => fields.status = Some(map.next_value()?),
                        Field::StatusDetails => {
                            fields.status_details = Some(map.next_value::<DetailField>()?.0)
                        }
                        Field::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                fields.finish().map_err(de::Error::missing_field)
            }
        }

        deserializer.deserialize_map(BodyVisitor)
    }
}

// ---- the crate's own reader ----

/// Why a body could not be read by the crate's own JSON reader
/// (`from_json`).
///
/// # Examples
///
/// ```
/// use eft_session::wire::SessionStatusResponse;
///
/// let err = SessionStatusResponse::from_json(r#"{"sessionId": 5}"#).unwrap_err();
/// assert_eq!(err.to_string(), "invalid sessionId at byte 14: expected a string");
///
/// let err = SessionStatusResponse::from_json(r#"{"sessionId": "850750a4-3021-4061-ac03-a8d873aa4179""#).unwrap_err();
/// assert_eq!(err.to_string(), "invalid JSON at byte 52: expected `,` or `}`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Not JSON, or not an object.
    #[error("invalid JSON at byte {at}: {problem}")]
    Syntax {
        /// Where, in bytes from the start.
        at: usize,
        /// What was expected or wrong.
        problem: &'static str,
    },
    /// A field's value is not valid for it.
    #[error("invalid {field} at byte {at}: {reason}")]
    InvalidField {
        /// The field's JSON name.
        field: &'static str,
        /// Where its value starts.
        at: usize,
        /// Why it was refused.
        reason: String,
    },
    /// A field appears twice.
    #[error("duplicate field {0}")]
    DuplicateField(&'static str),
    /// A required field is absent.
    #[error("missing field {0}")]
    MissingField(&'static str),
    /// The fields are valid one by one but not together.
    #[error(transparent)]
    Body(#[from] WireError),
}

impl From<SyntaxError> for DecodeError {
    #[cold]
    fn from(error: SyntaxError) -> Self {
        Self::Syntax {
            at: error.at,
            problem: error.problem,
        }
    }
}

#[cold]
fn invalid(field: Field, at: usize, reason: impl fmt::Display) -> DecodeError {
    DecodeError::InvalidField {
        field: field.name(),
        at,
        reason: reason.to_string(),
    }
}

/// Reads a string value of `field`, then parses it with `parse`.
#[inline]
fn string_of<T, E: fmt::Display>(
    reader: &mut Reader<'_>,
    field: Field,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, DecodeError> {
    let next = reader.peek();
    let at = reader.position();
    if next != Some(b'"') {
        return Err(invalid(field, at, "expected a string"));
    }
    let text = reader.string()?;
    text.with_unescaped(parse)
        .map_err(|error| invalid(field, at, error))
}

/// Like [`string_of`], for a field that may be `null`.
#[inline]
fn optional_string_of<T, E: fmt::Display>(
    reader: &mut Reader<'_>,
    field: Field,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, DecodeError> {
    if reader.eat_null()? {
        return Ok(None);
    }
    string_of(reader, field, parse).map(Some)
}

impl StatusBody {
    /// Reads a body with the crate's own reader: the same rules as serde's
    /// path, without its machinery (about twice as fast; see
    /// `benches/README.md`).
    #[inline]
    pub(crate) fn from_json(text: &str) -> Result<Self, DecodeError> {
        // The form the provider writes, without a key lookup; anything else,
        // and every error, is the general reader's below.
        if let Some(body) = super::documented::read(text) {
            return Ok(body);
        }
        Self::from_json_general(text)
    }

    /// [`from_json`](Self::from_json) for any order, white space, escape
    /// and unknown field.
    #[cold]
    fn from_json_general(text: &str) -> Result<Self, DecodeError> {
        let mut reader = Reader::new(text);
        let mut fields = Fields::default();
        reader.expect(b'{', "expected an object")?;
        if !reader.eat(b'}') {
            loop {
                if reader.peek() != Some(b'"') {
                    return Err(reader.error("expected a string key").into());
                }
                let key = reader.string()?;
                let field = match key {
                    Text::Plain(key) => Field::from_key(key),
                    Text::Escaped(_) => key
                        .unescape(&mut [0; 64])
                        .map_or(Field::Other, Field::from_key),
                };
                reader.expect(b':', "expected `:`")?;
                if fields.has(field) {
                    return Err(DecodeError::DuplicateField(field.name()));
                }
                match field {
                    Field::When => {
                        fields.when = Some(optional_string_of(&mut reader, field, str::parse)?);
                    }
                    Field::SessionId => {
                        fields.session_id = Some(string_of(&mut reader, field, |text| {
                            session_id::parse_hyphenated(text.as_bytes())
                                .map_or_else(|| Uuid::try_parse(text), Ok)
                        })?);
                    }
                    Field::ReferenceId => {
                        fields.reference_id =
                            Some(optional_string_of(&mut reader, field, str::parse)?);
                    }
                    Field::Amount => fields.amount = Some(amount(&mut reader)?),
                    Field::Status => {
                        fields.status = Some(string_of(&mut reader, field, str::parse)?)
                    }
                    Field::StatusDetails => {
                        fields.status_details =
                            Some(optional_string_of(&mut reader, field, detail_of)?.flatten());
                    }
                    Field::Other => reader.skip_value()?,
                }
                if !reader.eat(b',') {
                    reader.expect(b'}', "expected `,` or `}`")?;
                    break;
                }
            }
        }
        reader.end()?;
        fields.finish().map_err(DecodeError::MissingField)
    }
}

pub(crate) use session_id::parse_hyphenated;

/// Reads `amount`: a number or `null`.
fn amount(reader: &mut Reader<'_>) -> Result<Option<Amount>, DecodeError> {
    if reader.eat_null()? {
        return Ok(None);
    }
    let at = reader.position();
    if !matches!(reader.peek(), Some(b'-' | b'0'..=b'9')) {
        return Err(invalid(Field::Amount, at, "expected a number"));
    }
    let number = reader.number()?;
    Amount::from_json_number(number)
        .map(Some)
        .map_err(|error| invalid(Field::Amount, at, error))
}

/// `sessionId`, read fast in the form the API writes it.
mod session_id {
    use core::fmt;

    use serde::Deserializer;
    use serde::de::{Error, Visitor};
    use uuid::Uuid;

    /// Reads a session id: the hyphenated form by a hand-tuned path, any
    /// other form the uuid crate reads (braced, simple, URN) by that crate.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Uuid, D::Error> {
        struct SessionIdVisitor;

        impl Visitor<'_> for SessionIdVisitor {
            type Value = Uuid;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a session id (a UUID)")
            }

            #[inline]
            fn visit_str<E: Error>(self, text: &str) -> Result<Uuid, E> {
                match parse_hyphenated(text.as_bytes()) {
                    Some(id) => Ok(id),
                    None => Uuid::try_parse(text).map_err(E::custom),
                }
            }
        }

        deserializer.deserialize_str(SessionIdVisitor)
    }

    /// The value of each ASCII hex digit; `0xFF` for any other byte.
    const HEX: [u8; 256] = {
        let mut table = [0xFF; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = match byte as u8 {
                digit @ b'0'..=b'9' => digit - b'0',
                letter @ b'a'..=b'f' => letter - b'a' + 10,
                letter @ b'A'..=b'F' => letter - b'A' + 10,
                _ => 0xFF,
            };
            byte += 1;
        }
        table
    };

    /// Where each of the 16 bytes starts in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    const BYTE_AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

    #[inline]
    pub(crate) fn parse_hyphenated(text: &[u8]) -> Option<Uuid> {
        let text: &[u8; 36] = text.try_into().ok()?;
        if text[8] != b'-' || text[13] != b'-' || text[18] != b'-' || text[23] != b'-' {
            return None;
        }
        let mut bytes = [0u8; 16];
        let mut invalid = 0u8;
        for (byte, &at) in bytes.iter_mut().zip(&BYTE_AT) {
            let (high, low) = (HEX[usize::from(text[at])], HEX[usize::from(text[at + 1])]);
            invalid |= high | low;
            *byte = (high << 4) | (low & 0x0F);
        }
        // A valid digit is at most 0x0F; 0xFF marks anything else.
        (invalid & 0xF0 == 0).then(|| Uuid::from_bytes(bytes))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn agrees_with_the_uuid_crate() {
            for text in [
                "850750a4-3021-4061-ac03-a8d873aa4179",
                "86095DB9-0D2F-4C1A-9C1E-3F3A3E0B7A10",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
            ] {
                assert_eq!(
                    parse_hyphenated(text.as_bytes()),
                    Uuid::try_parse(text).ok(),
                    "{text}"
                );
            }
        }

        #[test]
        fn every_hyphen_and_every_digit_is_checked() {
            let good = *b"850750a4-3021-4061-ac03-a8d873aa4179";
            for at in 0..good.len() {
                let mut bad = good;
                bad[at] = b'x';
                assert_eq!(parse_hyphenated(&bad), None, "x at {at}");
            }
            // Two bad digits in one byte must not cancel out.
            let mut bad = good;
            bad[0] = b'g';
            bad[1] = b'g';
            assert_eq!(parse_hyphenated(&bad), None);
        }

        #[test]
        fn refuses_what_is_not_hyphenated_hex() {
            for text in [
                "850750a4-3021-4061-ac03-a8d873aa417",
                "850750a4-3021-4061-ac03-a8d873aa41799",
                "850750a4x3021-4061-ac03-a8d873aa4179",
                "850750a4-3021-4061-ac03-a8d873aa417g",
                "850750a4-3021-4061-ac03-a8d873aa41-9",
                "g50750a4-3021-4061-ac03-a8d873aa4179",
                "850750a430214061ac03a8d873aa4179",
            ] {
                assert_eq!(parse_hyphenated(text.as_bytes()), None, "{text}");
            }
        }
    }
}

impl DecodeError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A body is not JSON, or breaks a rule of the API.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = eft_session::wire::SessionStatusResponse::from_json("{}").unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Body"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Body".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Body"
    }
}
