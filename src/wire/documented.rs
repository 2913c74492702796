//! A status body read in the form the provider writes it: compact, its keys
//! in the documented order (`when` first in a webhook, then `sessionId`,
//! `referenceId`, `amount` where the body has one, `status`,
//! `statusDetails`), strings without escapes. One comparison per expected
//! key and no key lookup: the fast path of [`StatusBody::from_json`].
//!
//! It answers only when it reads the whole body and every value holds; on
//! anything else (another order, white space, an escape, an unknown field,
//! a value that breaks a rule) it answers `None` and the general reader
//! decides, so a body is accepted or refused exactly as before, and an
//! error is always the general reader's.
//!
//! [`StatusBody::from_json`]: super::status_body::StatusBody

use uuid::Uuid;

use super::status_body::StatusBody;
use crate::{Amount, ReferenceId, SessionStatus, StatusDetail, Timestamp};

/// A cursor over the body's bytes.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Takes `literal` if the text goes on with it.
    #[inline(always)]
    fn eat(&mut self, literal: &[u8]) -> bool {
        let rest = &self.text.as_bytes()[self.at..];
        if rest.starts_with(literal) {
            self.at += literal.len();
            true
        } else {
            false
        }
    }

    /// The plain string that starts here, without its quotes: `None` at an
    /// escape or a control character, which only the general reader takes.
    #[inline(always)]
    fn string(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at + 1;
        let end = start + crate::json::plain_len(&bytes[start..]);
        if bytes.get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        // Both ends are ASCII quotes: character boundaries.
        self.text.get(start..end)
    }

    /// A session id in the hyphenated form (36 bytes between quotes), read
    /// without a scan: its digits and hyphens are all checked.
    #[inline(always)]
    fn session_id(&mut self) -> Option<Uuid> {
        let bytes = self.text.as_bytes();
        let quoted = bytes.get(self.at..self.at + 38)?;
        if quoted[0] != b'"' || quoted[37] != b'"' {
            return None;
        }
        let id = super::status_body::parse_hyphenated(&quoted[1..37])?;
        self.at += 38;
        Some(id)
    }

    /// A code as the API writes it, `"EFT"` and four digits, or `null`.
    #[inline(always)]
    fn detail(&mut self) -> Option<Option<StatusDetail>> {
        if self.eat(b"null") {
            return Some(None);
        }
        let bytes = self.text.as_bytes();
        let quoted = bytes.get(self.at..self.at + 9)?;
        if quoted[0] != b'"' || quoted[8] != b'"' {
            // `""`, or anything else: the general reader.
            return None;
        }
        let code = self.text.get(self.at + 1..self.at + 8)?.parse().ok()?;
        self.at += 9;
        Some(Some(code))
    }

    /// `null`, or a plain string read by `parse`.
    #[inline(always)]
    fn nullable<T>(&mut self, parse: impl FnOnce(&'a str) -> Option<T>) -> Option<Option<T>> {
        if self.eat(b"null") {
            return Some(None);
        }
        self.string().and_then(parse).map(Some)
    }

    /// A JSON number as the API writes an amount (`500`, `12.5`, `12.34`),
    /// up to the next `,` or `}`.
    #[inline(always)]
    fn amount(&mut self) -> Option<Option<Amount>> {
        if self.eat(b"null") {
            return Some(None);
        }
        let bytes = self.text.as_bytes();
        let length = bytes[self.at..]
            .iter()
            .position(|&byte| byte == b',' || byte == b'}')?;
        let number = self.text.get(self.at..self.at + length)?;
        // A third decimal, a sign or an exponent: the general reader.
        let cents = crate::amount::plain_cents(number.as_bytes())?;
        self.at += length;
        Some(Some(Amount::from_cents(cents)))
    }
}

/// The body, when `text` is written in the documented form and every value
/// in it holds.
#[inline]
pub(crate) fn read(text: &str) -> Option<StatusBody> {
    let mut cursor = Cursor { text, at: 0 };
    let when = if cursor.eat(br#"{"when":"#) {
        let when = cursor.nullable(|text| text.parse::<Timestamp>().ok())?;
        if !cursor.eat(br#","sessionId":"#) {
            return None;
        }
        when
    } else if cursor.eat(br#"{"sessionId":"#) {
        None
    } else {
        return None;
    };
    let session_id = cursor.session_id()?;
    if !cursor.eat(br#","referenceId":"#) {
        return None;
    }
    let reference_id = cursor.nullable(|text| text.parse::<ReferenceId>().ok())?;
    let amount = if cursor.eat(br#","amount":"#) {
        cursor.amount()?
    } else {
        None
    };
    if !cursor.eat(br#","status":"#) {
        return None;
    }
    let status: SessionStatus = cursor.string()?.parse().ok()?;
    if !cursor.eat(br#","statusDetails":"#) {
        return None;
    }
    let status_details = cursor.detail()?;
    if !cursor.eat(b"}") || cursor.at != text.len() {
        return None;
    }
    Some(StatusBody {
        when,
        session_id,
        reference_id,
        amount,
        status,
        status_details,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::borrow::ToOwned;
    use alloc::format;

    const BODY: &str = r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}"#;

    #[test]
    fn the_documented_forms_are_read() {
        let body = read(BODY).unwrap();
        assert_eq!(body.amount, Some(Amount::from_cents(50_000)));
        assert_eq!(body.status_details, Some(StatusDetail::EFT0301));
        let event = r#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":null,"amount":12.34,"status":"Canceled","statusDetails":"EFT0501"}"#;
        let event = read(event).unwrap();
        assert!(event.when.is_some() && event.reference_id.is_none());
        assert_eq!(event.status, SessionStatus::Cancelled);
        let cancel = r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","status":"Cancelled","statusDetails":"EFT0501"}"#;
        assert_eq!(read(cancel).unwrap().amount, None);
        let in_progress = r#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"a","amount":null,"status":"InProgress","statusDetails":null}"#;
        assert_eq!(read(in_progress).unwrap().status_details, None);
    }

    #[test]
    fn anything_else_is_left_to_the_general_reader() {
        for other in [
            BODY.replace(',', ", "),
            BODY.replace("USER12345", r"USER\u0031"),
            BODY.replace(r#""amount":500"#, r#""amount":5e2"#),
            BODY.replace(r#""amount":500"#, r#""amount":12.345"#),
            BODY.replace("Completed", "Processing"),
            BODY.replace("EFT0301", "EFT301"),
            BODY.replace("850750a4-", "850750a4"),
            BODY.replace('}', r#","extra":1}"#),
            format!("{BODY} "),
            BODY.replacen(r#""referenceId":"USER12345","#, "", 1),
            BODY[..BODY.len() - 1].to_owned(),
            BODY.replace(r#""EFT0301""#, r#""""#),
            BODY.replace(
                "850750a4-3021-4061-ac03-a8d873aa4179",
                "{850750a4-3021-4061-ac03-a8d873aa4179}",
            ),
        ] {
            assert!(read(&other).is_none(), "{other}");
        }
    }
}
