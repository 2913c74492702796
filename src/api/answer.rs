//! What came back for a request: its status, its headers and its body
//! bytes, as any HTTP library hands them over.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use crate::Timestamp;

/// An answer to a request: the status code, the headers and the body bytes.
///
/// The API core reads it into a typed outcome; nothing in it is dropped on
/// the way, so an error keeps the status and the bytes.
///
/// # Examples
///
/// ```
/// use eft_session::api::Answer;
///
/// let answer = Answer::new(429, br#"{"title":"Too Many Requests","status":429}"#.to_vec())
///     .with_header("Content-Type", "application/problem+json")
///     .with_header("Retry-After", "7");
/// assert_eq!(answer.status(), 429);
/// assert_eq!(answer.header("content-type"), Some("application/problem+json"));
/// assert_eq!(answer.retry_after(), Some(std::time::Duration::from_secs(7)));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    /// An answer with `status` and `body`, and no headers yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::Answer;
    ///
    /// assert!(Answer::new(204, Vec::new()).body().is_empty());
    /// ```
    #[must_use]
    pub fn new(status: u16, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// The same answer with one more header.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::Answer;
    ///
    /// let answer = Answer::new(200, Vec::new()).with_header("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
    /// assert_eq!(answer.header("date"), Some("Sun, 06 Nov 1994 08:49:37 GMT"));
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The status code.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::Answer::new(404, Vec::new()).status(), 404);
    /// ```
    #[must_use]
    pub const fn status(&self) -> u16 {
        self.status
    }

    /// The first value of header `name`, matched in any case.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::Answer;
    ///
    /// let answer = Answer::new(401, Vec::new()).with_header("WWW-Authenticate", "Bearer");
    /// assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
    /// assert_eq!(answer.header("retry-after"), None);
    /// ```
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every header, as received.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::Answer;
    ///
    /// let answer = Answer::new(200, Vec::new()).with_header("X-Trace", "a");
    /// assert_eq!(answer.headers().collect::<Vec<_>>(), [("X-Trace", "a")]);
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The body bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::Answer::new(200, b"{}".to_vec()).body(), b"{}");
    /// ```
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body bytes, taken out of the answer.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::Answer::new(200, b"{}".to_vec()).into_body(), b"{}");
    /// ```
    #[must_use]
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// The media type of `Content-Type`, without its parameters, in
    /// lowercase (`application/json; charset=utf-8` gives
    /// `application/json`).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::Answer;
    ///
    /// let answer = Answer::new(200, Vec::new()).with_header("Content-Type", "Application/JSON; charset=utf-8");
    /// assert_eq!(answer.media_type().as_deref(), Some("application/json"));
    /// ```
    #[must_use]
    pub fn media_type(&self) -> Option<String> {
        let value = self.header("content-type")?;
        let media = value.split(';').next().unwrap_or_default().trim();
        Some(media.to_ascii_lowercase())
    }

    /// Whether the body is declared JSON: `application/json`, `text/json`
    /// or any `application/…+json` (`application/problem+json`). An answer
    /// without `Content-Type` counts as JSON when its body reads as JSON:
    /// read liberally.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::Answer;
    ///
    /// let typed = |value: &str| Answer::new(200, b"{}".to_vec()).with_header("content-type", value);
    /// assert!(typed("application/problem+json").is_json());
    /// assert!(!typed("text/html").is_json());
    /// assert!(Answer::new(200, b"{}".to_vec()).is_json());
    /// ```
    #[must_use]
    pub fn is_json(&self) -> bool {
        self.media_type().is_none_or(|media| {
            media == "application/json"
                || media == "text/json"
                || (media.starts_with("application/") && media.ends_with("+json"))
        })
    }

    /// How long `Retry-After` asks to wait: delay-seconds (`7`), or an
    /// HTTP-date measured from the answer's own `Date` header (RFC 9110
    /// §10.2.3), so that no clock of the caller's is needed. `None` when
    /// the header is absent or cannot be read, or an HTTP-date comes
    /// without a `Date`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::Answer;
    /// use std::time::Duration;
    ///
    /// let answer = Answer::new(503, Vec::new())
    ///     .with_header("Date", "Wed, 02 Dec 2026 10:00:00 GMT")
    ///     .with_header("Retry-After", "Wed, 02 Dec 2026 10:01:30 GMT");
    /// assert_eq!(answer.retry_after(), Some(Duration::from_secs(90)));
    ///
    /// let soon = Answer::new(429, Vec::new()).with_header("Retry-After", "soon");
    /// assert_eq!(soon.retry_after(), None);
    /// ```
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.header("retry-after")?.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let at = http_date(value)?;
        let now = http_date(self.header("date")?.trim())?;
        Some(at.since_unix_epoch().saturating_sub(now.since_unix_epoch()))
    }
}

/// The status and headers, and the body's size: it may hold a payor's name.
impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// `Date` and `Retry-After` as RFC 9110's IMF-fixdate, `Sun, 06 Nov 1994
/// 08:49:37 GMT`, the form a sender must write; the two obsolete forms are
/// not read.
fn http_date(value: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (_weekday, rest) = value.split_once(", ")?;
    let mut parts = rest.split(' ');
    let (day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" {
        return None;
    }
    let month = MONTHS.iter().position(|known| *known == month)? + 1;
    // The crate's own parser checks the rest: a two-digit day, a four-digit
    // year, the calendar (no 30 February).
    alloc::format!("{year}-{month:02}-{day}T{time}Z")
        .parse()
        .ok()
}

/// An answer from the `http` crate's type (feature `http1`): headers whose
/// values are not text are left out.
///
/// # Examples
///
/// ```
/// use eft_session::api::Answer;
///
/// let response = http::Response::builder().status(404).header("content-type", "application/problem+json").body(b"{}".to_vec())?;
/// let answer = Answer::from(response);
/// assert_eq!((answer.status(), answer.header("Content-Type")), (404, Some("application/problem+json")));
/// # Ok::<(), http::Error>(())
/// ```
#[cfg(feature = "http1")]
#[cfg_attr(docsrs, doc(cfg(feature = "http1")))]
impl From<http::Response<Vec<u8>>> for Answer {
    fn from(response: http::Response<Vec<u8>>) -> Self {
        let (parts, body) = response.into_parts();
        let mut answer = Self::new(parts.status.as_u16(), body);
        for (name, value) in &parts.headers {
            if let Ok(value) = value.to_str() {
                answer = answer.with_header(name.as_str(), value);
            }
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_imf_fixdate_only() {
        let at = http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(at.since_unix_epoch(), Duration::from_secs(784_111_777));
        // RFC 850 and asctime, obsolete: not read.
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(http_date("Sun Nov  6 08:49:37 1994"), None);
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(http_date("Sun, 30 Feb 1994 08:49:37 GMT"), None);
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT extra"), None);
    }

    #[test]
    fn a_date_in_the_past_waits_nothing() {
        let answer = Answer::new(503, Vec::new())
            .with_header("date", "Wed, 02 Dec 2026 10:00:00 GMT")
            .with_header("retry-after", "Wed, 02 Dec 2026 09:00:00 GMT");
        assert_eq!(answer.retry_after(), Some(Duration::ZERO));
        let no_date = Answer::new(503, Vec::new())
            .with_header("retry-after", "Wed, 02 Dec 2026 09:00:00 GMT");
        assert_eq!(no_date.retry_after(), None);
    }
}
