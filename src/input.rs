//! Helpers shared by the parsers: how a rejected input is kept and shown.

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

/// How many bytes of a rejected input an error keeps. A hostile multi-megabyte
/// string must not be copied whole into an error, a log line or a problem body.
pub(crate) const KEPT_INPUT_BYTES: usize = 64;

/// A copy of a rejected input, kept by an error so that its message can name
/// it: at most [`KEPT_INPUT_BYTES`], cut on a character boundary. It shows as
/// a quoted, escaped string (control characters stay out of logs), with `…`
/// after the quote when the input was cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeptInput {
    text: String,
    cut: bool,
}

impl KeptInput {
    pub(crate) fn new(input: &str) -> Self {
        let mut end = input.len().min(KEPT_INPUT_BYTES);
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        Self {
            text: String::from(&input[..end]),
            cut: end < input.len(),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for KeptInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// A serde visitor for types whose wire form is their `FromStr` form. It reads
/// borrowed and transient strings alike, so decoding allocates nothing.
pub(crate) struct FromStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<fn() -> T>,
}

impl<T> FromStrVisitor<T> {
    pub(crate) const fn new(expecting: &'static str) -> Self {
        Self {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T> serde::de::Visitor<'_> for FromStrVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        value.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn copies_are_cut_on_char_boundaries() {
        let s = "é".repeat(40); // 80 bytes, two per char
        let kept = KeptInput::new(&s);
        assert_eq!(kept.as_str().len(), 64);
        let s = alloc::format!("a{}", "é".repeat(40)); // byte 64 falls mid-char
        assert_eq!(KeptInput::new(&s).as_str().len(), 63);
    }

    #[test]
    fn display_escapes_and_marks_cuts() {
        assert_eq!(KeptInput::new("a\nb").to_string(), r#""a\nb""#);
        assert_eq!(
            KeptInput::new(&"z".repeat(64)).to_string(),
            alloc::format!("{:?}", "z".repeat(64))
        );
        assert!(KeptInput::new(&"z".repeat(65)).to_string().ends_with("\"…"));
    }
}
