//! An instant as the API writes it (RFC 3339, `2026-06-04T14:30:00Z`).

use core::fmt;
use core::str::FromStr;
use core::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::input::KeptInput;

/// An instant in UTC, read from and written as RFC 3339 text: the `when` of a
/// webhook, `createdAt` of a session. The crate keeps no clock; compare it
/// with the caller's `now`, given as the time since the Unix epoch.
///
/// Read as the API's ASP.NET serializer may write it, written strictly: any
/// offset is accepted (`Z`, `+02:00`, `+0000`), no offset at all means UTC
/// (a .NET `DateTime` of unspecified kind, such as
/// `2026-06-04T14:30:00.1234567`), a fraction may have any number of digits
/// (kept to the nanosecond); the instant is written back in UTC with `Z`,
/// with a fraction only when there is one.
///
/// # Examples
///
/// ```
/// use core::time::Duration;
/// use eft_session::Timestamp;
///
/// let when: Timestamp = "2026-06-04T14:30:00Z".parse()?;
/// assert_eq!(when.since_unix_epoch(), Duration::from_secs(1_780_583_400));
/// assert_eq!(when.to_string(), "2026-06-04T14:30:00Z");
///
/// let shifted: Timestamp = "2026-06-04T16:30:00.5+02:00".parse()?;
/// assert_eq!(shifted.to_string(), "2026-06-04T14:30:00.5Z");
///
/// let dotnet: Timestamp = "2026-06-04T14:30:00.1234567".parse()?;
/// assert_eq!(dotnet.to_string(), "2026-06-04T14:30:00.1234567Z");
/// assert_eq!("2026-06-04T14:30:00+0000".parse::<Timestamp>()?, when);
///
/// let err = "2026-02-30T00:00:00Z".parse::<Timestamp>().unwrap_err();
/// assert_eq!(err.to_string(), r#"invalid timestamp "2026-02-30T00:00:00Z": expected RFC 3339, such as 2026-06-04T14:30:00Z"#);
/// # Ok::<(), eft_session::ParseTimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    since_epoch: Duration,
}

impl Timestamp {
    /// The instant `since_epoch` after 1970-01-01T00:00:00Z.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::time::Duration;
    /// use eft_session::Timestamp;
    ///
    /// assert_eq!(Timestamp::from_unix(Duration::ZERO).to_string(), "1970-01-01T00:00:00Z");
    /// ```
    #[must_use]
    pub const fn from_unix(since_epoch: Duration) -> Self {
        Self { since_epoch }
    }

    /// The time since 1970-01-01T00:00:00Z.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::time::Duration;
    /// use eft_session::Timestamp;
    ///
    /// let t = Timestamp::from_unix(Duration::from_secs(86_400));
    /// assert_eq!(t.since_unix_epoch().as_secs(), 86_400);
    /// ```
    #[must_use]
    pub const fn since_unix_epoch(self) -> Duration {
        self.since_epoch
    }

    /// How far apart two instants are, whichever comes first.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::time::Duration;
    /// use eft_session::Timestamp;
    ///
    /// let a = Timestamp::from_unix(Duration::from_secs(100));
    /// let b = Timestamp::from_unix(Duration::from_secs(160));
    /// assert_eq!(a.distance(b), Duration::from_secs(60));
    /// assert_eq!(b.distance(a), Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn distance(self, other: Self) -> Duration {
        self.since_epoch.abs_diff(other.since_epoch)
    }
}

/// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian), after
/// Howard Hinnant's `days_from_civil`.
const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of `days` after 1970-01-01: the inverse of [`days_from_civil`].
const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Reads `count` ASCII digits at `at`.
fn digits(bytes: &[u8], at: usize, count: usize) -> Option<u32> {
    let field = bytes.get(at..at + count)?;
    field.iter().try_fold(0u32, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}

/// Whether `text` is a calendar date `YYYY-MM-DD` (any year from 0001).
pub(crate) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(year), Some(month), Some(day)) = (
        digits(bytes, 0, 4),
        digits(bytes, 5, 2),
        digits(bytes, 8, 2),
    ) else {
        return false;
    };
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && year >= 1
        && (1..=12).contains(&month)
        && (1..=days_in_month(i64::from(year), month)).contains(&day)
}

/// 9999-12-31T23:59:59Z, the last whole second RFC 3339 can write.
const LAST_SECOND_OF_9999: u64 = 253_402_300_799;

fn parse(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    let year = digits(bytes, 0, 4)?;
    let month = digits(bytes, 5, 2)?;
    let day = digits(bytes, 8, 2)?;
    let hour = digits(bytes, 11, 2)?;
    let minute = digits(bytes, 14, 2)?;
    let second = digits(bytes, 17, 2)?;
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(at, expected)| bytes[at] != expected)
        || !matches!(bytes[10], b'T' | b't' | b' ')
    {
        return None;
    }
    let year = i64::from(year);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while let Some(digit) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(digit - b'0');
            }
            at += 1;
        }
        let count = at - start;
        if count == 0 {
            return None;
        }
        nanos *= 10u32.pow(9u32.saturating_sub(count as u32));
    }
    let offset_seconds: i64 = match bytes.get(at..)? {
        // No offset: a .NET `DateTime` of unspecified kind. The API's are UTC.
        [] | [b'Z' | b'z'] => 0,
        // `+hh:mm` (RFC 3339) or `+hhmm` (ISO 8601's basic form).
        [sign @ (b'+' | b'-'), ..] => {
            let colon = usize::from(bytes.get(at + 3) == Some(&b':'));
            if bytes.len() != at + 5 + colon {
                return None;
            }
            let hours = digits(bytes, at + 1, 2)?;
            let minutes = digits(bytes, at + 3 + colon, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'+' { offset } else { -offset }
        }
        _ => return None,
    };
    let seconds = days_from_civil(year, month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second)
        - offset_seconds;
    // Instants before 1970 are not sent by the API; refusing them keeps the
    // type a plain `Duration`.
    let seconds = u64::try_from(seconds).ok()?;
    // An offset can carry 9999-12-31 into year 10000, which RFC 3339 cannot
    // write: refused, so that every instant read is written and read back.
    if seconds > LAST_SECOND_OF_9999 {
        return None;
    }
    Some(Timestamp::from_unix(Duration::new(seconds, nanos)))
}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text).ok_or_else(|| ParseTimestampError {
            input: KeptInput::new(text),
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.since_epoch.as_secs();
        let (days, in_day) = ((seconds / 86_400) as i64, seconds % 86_400);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            in_day / 3600,
            in_day / 60 % 60,
            in_day % 60
        )?;
        let nanos = self.since_epoch.subsec_nanos();
        if nanos != 0 {
            let mut fraction = nanos;
            let mut width = 9;
            while fraction.is_multiple_of(10) {
                fraction /= 10;
                width -= 1;
            }
            write!(f, ".{fraction:0width$}")?;
        }
        f.write_str("Z")
    }
}

/// A string that is not an RFC 3339 instant (or is before 1970).
///
/// # Examples
///
/// ```
/// use eft_session::Timestamp;
///
/// let err = "yesterday".parse::<Timestamp>().unwrap_err();
/// assert_eq!(err.input(), "yesterday");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid timestamp {input}: expected RFC 3339, such as 2026-06-04T14:30:00Z")]
pub struct ParseTimestampError {
    input: KeptInput,
}

impl ParseTimestampError {
    /// The rejected input (its first 64 bytes when it was longer).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::Timestamp;
    ///
    /// assert_eq!("2026-13-01T00:00:00Z".parse::<Timestamp>().unwrap_err().input(), "2026-13-01T00:00:00Z");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        self.input.as_str()
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(crate::input::FromStrVisitor::<Self>::new(
            "an RFC 3339 timestamp",
        ))
    }
}

impl ParseTimestampError {
    /// The HTTP status a server answers with when a request carries this
    /// error: 400. A body carried an instant that is not RFC 3339.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = "yesterday".parse::<eft_session::Timestamp>().unwrap_err();
    /// assert_eq!((err.http_status(), err.title()), (400, "Invalid Timestamp"));
    /// let problem = eft_session::wire::ProblemDetails::from(&err);
    /// assert_eq!(problem.status, Some(400));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        400
    }

    /// The title of the problem body: "Invalid Timestamp".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Timestamp"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn civil_days_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(97) {
            let (year, month, day) = civil_from_days(days);
            assert!((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month));
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        for date in ["1900-01-10", "2000-02-29", "0001-01-01", "1985-12-31"] {
            assert!(is_date(date), "{date}");
        }
        for date in [
            "1985-02-30",
            "1900-02-29",
            "0000-01-01",
            "1985-13-01",
            "1985-1-01",
            "85-01-01",
            "1985/01/01",
            "1985-01-01T",
        ] {
            assert!(!is_date(date), "{date}");
        }
    }

    #[test]
    fn the_last_day_of_a_400_year_era_round_trips() {
        for text in [
            "2000-02-29T12:00:00Z",
            "2400-02-29T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2000-03-01T00:00:00Z",
        ] {
            assert_eq!(text.parse::<Timestamp>().unwrap().to_string(), text);
        }
        for (year, month, day) in [(2000, 2, 29), (2400, 2, 29), (1600, 2, 29)] {
            assert_eq!(
                civil_from_days(days_from_civil(year, month, day)),
                (year, month, day)
            );
        }
    }

    #[test]
    fn known_instants() {
        for (text, seconds) in [
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T12:00:00Z", 951_825_600),
            ("2026-06-04T14:30:00Z", 1_780_583_400),
            ("2026-06-04T10:30:00-04:00", 1_780_583_400),
            ("2026-06-04t14:30:00z", 1_780_583_400),
        ] {
            assert_eq!(
                text.parse::<Timestamp>()
                    .unwrap()
                    .since_unix_epoch()
                    .as_secs(),
                seconds,
                "{text}"
            );
        }
    }

    #[test]
    fn offsets_move_the_instant_the_right_way() {
        let utc: Timestamp = "2026-06-04T14:30:00Z".parse().unwrap();
        for text in [
            "2026-06-04T20:00:00+05:30",
            "2026-06-04T09:30:00-05:00",
            "2026-06-05T14:29:00+23:59",
            "2026-06-03T14:31:00-23:59",
        ] {
            assert_eq!(text.parse::<Timestamp>().unwrap(), utc, "{text}");
        }
        assert_eq!(
            "2026-06-04T23:59:59Z"
                .parse::<Timestamp>()
                .unwrap()
                .to_string(),
            "2026-06-04T23:59:59Z"
        );
        for text in [
            "2026-06-04T14:30:00+24:00",
            "2026-06-04T14:30:00+02:60",
            "2026-06-04T14:30:00+02:0",
            "2026-06-04T14:30:00+02:00x",
            "2026-06-04T14:30:00+0200Z",
            "2026-06-04T14:30:00+02-00",
            "2026-06-04T14:30:00+020",
            "2026-06-04T14:30:00+2400",
            "2026-06-04T14:30:00+02:000",
            "9999-12-31T23:59:59-0001",
            "9999-12-31T23:00:00-01:00",
        ] {
            let err = text.parse::<Timestamp>().unwrap_err();
            assert_eq!(err.input(), text);
        }
    }

    #[test]
    fn the_last_second_of_9999_is_read_and_written_back() {
        let last: Timestamp = "9999-12-31T23:59:59.999999999Z".parse().unwrap();
        assert_eq!(last.since_unix_epoch().as_secs(), LAST_SECOND_OF_9999);
        assert_eq!(last.to_string().parse::<Timestamp>(), Ok(last));
        assert!("9999-12-31T22:59:59-01:00".parse::<Timestamp>().is_ok());
    }

    #[test]
    fn dotnet_instants_without_an_offset_are_utc() {
        let utc: Timestamp = "2026-06-04T14:30:00Z".parse().unwrap();
        for (text, nanos) in [
            ("2026-06-04T14:30:00", 0),
            ("2026-06-04T14:30:00.1234567", 123_456_700),
            ("2026-06-04T14:30:00.1", 100_000_000),
            ("2026-06-04T14:30:00+0000", 0),
            ("2026-06-04T14:30:00.5-0000", 500_000_000),
            ("2026-06-04T16:30:00+0200", 0),
        ] {
            let read: Timestamp = text.parse().unwrap();
            assert_eq!(
                read.since_unix_epoch().as_secs(),
                utc.since_unix_epoch().as_secs(),
                "{text}"
            );
            assert_eq!(read.since_unix_epoch().subsec_nanos(), nanos, "{text}");
        }
        let read: Timestamp = "2026-06-04T14:30:00.1234567".parse().unwrap();
        assert_eq!(read.to_string(), "2026-06-04T14:30:00.1234567Z");
    }

    #[test]
    fn fractions_are_kept_to_the_nanosecond() {
        let t: Timestamp = "2026-06-04T14:30:00.123456789123Z".parse().unwrap();
        assert_eq!(t.since_unix_epoch().subsec_nanos(), 123_456_789);
        assert_eq!(t.to_string(), "2026-06-04T14:30:00.123456789Z");
        let t: Timestamp = "2026-06-04T14:30:00.120Z".parse().unwrap();
        assert_eq!(t.to_string(), "2026-06-04T14:30:00.12Z");
    }

    #[test]
    fn malformed_instants_are_refused() {
        for text in [
            "",
            "2026-06-04",
            "2026-06-04T14:30",
            "2026-06-04T14:30:00.",
            "2026-06-04T24:00:00Z",
            "2026-06-04T14:60:00Z",
            "2026-06-04T14:30:60Z",
            "2026-00-04T14:30:00Z",
            "2026-06-31T14:30:00Z",
            "2025-02-29T14:30:00Z",
            "2026-06-04T14:30:00.Z",
            "2026/06/04T14:30:00Z",
            "1969-12-31T23:59:59Z",
            "2026-06-04T14:30:00Zjunk",
            "+026-06-04T14:30:00Z",
            "٢٠٢٦-06-04T14:30:00Z",
        ] {
            assert!(text.parse::<Timestamp>().is_err(), "{text:?}");
        }
    }
}
