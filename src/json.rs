//! A small JSON reader for the flat bodies of the API, without allocation.
//!
//! It accepts exactly what `serde_json` accepts for these bodies (the tests
//! check that on generated input, valid and not), with one documented limit:
//! values of unknown fields may nest at most [`MAX_DEPTH`] levels deep, where
//! `serde_json` has no limit when it skips a value.

use core::fmt;

/// How deeply an ignored value may nest.
pub(crate) const MAX_DEPTH: usize = 1024;

/// The words of the bit stack that remembers, for each open bracket, whether
/// it is an object: one bit a level.
const DEPTH_WORDS: usize = MAX_DEPTH / 64;
const _: () = assert!(DEPTH_WORDS * 64 == MAX_DEPTH);

/// The longest string a typed field may hold once unescaped; longer ones are
/// read as [`Text::TooLong`] (no typed field accepts them anyway).
const INLINE: usize = 64;

/// Why the input is not JSON of the expected shape, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) at: usize,
    pub(crate) problem: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.at, self.problem)
    }
}

/// A string read from the input, checked: its text between the quotes, with
/// escapes still in it when it has any (they are decoded on demand, so the
/// common case moves no buffer around).
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    Plain(&'a str),
    Escaped(&'a str),
}

impl Text<'_> {
    /// The text, unescaped into `buffer` if need be; `None` when it does not
    /// fit.
    #[inline]
    pub(crate) fn unescape<'b>(&'b self, buffer: &'b mut [u8; INLINE]) -> Option<&'b str> {
        match *self {
            Self::Plain(text) => Some(text),
            Self::Escaped(raw) => unescape_into(raw, buffer),
        }
    }

    /// Calls `read` with the unescaped text: in place when it has no escape,
    /// else from a stack buffer, or from the heap when it is longer than the
    /// buffer (a long escaped value: rare, and never refused for its length).
    #[inline]
    pub(crate) fn with_unescaped<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        match *self {
            Self::Plain(text) => read(text),
            Self::Escaped(raw) => {
                let mut buffer = [0; INLINE];
                match unescape_into(raw, &mut buffer) {
                    Some(text) => read(text),
                    None => {
                        // Unescaping never lengthens the text.
                        let mut heap = alloc::vec![0; raw.len()];
                        read(unescape_into(raw, &mut heap).unwrap_or_default())
                    }
                }
            }
        }
    }
}

#[cold]
fn unescape_into<'b>(raw: &str, buffer: &'b mut [u8]) -> Option<&'b str> {
    let mut reader = Reader::new(raw);
    let mut len = 0;
    loop {
        let from = reader.at;
        reader.plain_run();
        let piece = &raw.as_bytes()[from..reader.at];
        buffer
            .get_mut(len..len + piece.len())?
            .copy_from_slice(piece);
        len += piece.len();
        if reader.at == raw.len() {
            // Built from whole characters, so always UTF-8.
            return core::str::from_utf8(&buffer[..len]).ok();
        }
        reader.at += 1; // the backslash
        let mut utf8 = [0u8; 4];
        let piece = reader.escape(true).ok()?.encode_utf8(&mut utf8).as_bytes();
        buffer
            .get_mut(len..len + piece.len())?
            .copy_from_slice(piece);
        len += piece.len();
    }
}

/// How many bytes at the start of `bytes` need no care in a string: not
/// `"`, `\\` or a control byte. Eight bytes at a time, as `serde_json` does,
/// then one at a time.
#[inline]
pub(crate) fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut at = 0;
    while let Some(&chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(chunk);
        // A byte is flagged when it is below 0x20, or is `"` or `\\`. All
        // three are ASCII, so `!word` rules out the bytes above 0x7F.
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let flagged = (word.wrapping_sub(ONES * 0x20)
            | quote.wrapping_sub(ONES)
            | backslash.wrapping_sub(ONES))
            & !word
            & HIGHS;
        if flagged != 0 {
            return at + flagged.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            break;
        }
        at += 1;
    }
    at
}

/// A cursor over the input.
pub(crate) struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.at
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    pub(crate) fn error(&self, problem: &'static str) -> SyntaxError {
        SyntaxError {
            at: self.at,
            problem,
        }
    }

    /// The next byte that is not white space, without taking it.
    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes().get(self.at) {
            if !matches!(byte, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Takes `byte` if it is next (after white space).
    #[inline]
    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        if next {
            self.at += 1;
        }
        next
    }

    #[inline]
    pub(crate) fn expect(&mut self, byte: u8, problem: &'static str) -> Result<(), SyntaxError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(problem))
        }
    }

    /// Checks that only white space is left.
    pub(crate) fn end(&mut self) -> Result<(), SyntaxError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// Takes `null` if it is next.
    pub(crate) fn eat_null(&mut self) -> Result<bool, SyntaxError> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal(b"null")?;
        Ok(true)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), SyntaxError> {
        if self.bytes()[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// Reads a string, checking it as `serde_json` checks a string it keeps
    /// (control bytes refused, `\\u` surrogates paired).
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<Text<'a>, SyntaxError> {
        self.expect(b'"', "expected a string")?;
        let start = self.at;
        self.plain_run();
        if self.bytes().get(self.at) == Some(&b'"') {
            self.at += 1;
            // `plain_run` stops only at ASCII bytes, so these are char boundaries.
            return Ok(Text::Plain(&self.text[start..self.at - 1]));
        }
        self.escaped_string(start)
    }

    /// Skips the bytes that need no care: not `"`, `\\` or a control byte.
    #[inline]
    fn plain_run(&mut self) {
        self.at += plain_len(&self.bytes()[self.at..]);
    }

    #[cold]
    fn escaped_string(&mut self, start: usize) -> Result<Text<'a>, SyntaxError> {
        loop {
            match self.bytes().get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Text::Escaped(&self.text[start..self.at - 1]));
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(true)?;
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("end of input in a string")),
            }
            self.plain_run();
        }
    }

    /// Reads the escape after a `\`. With `pair_surrogates`, a `\u` escape of
    /// a UTF-16 surrogate must be a leading one followed by a trailing one,
    /// as `serde_json` requires of strings it keeps; skipped strings only
    /// need four hex digits. Returns the character (U+FFFD when not checked).
    fn escape(&mut self, pair_surrogates: bool) -> Result<char, SyntaxError> {
        let Some(&byte) = self.bytes().get(self.at) else {
            return Err(self.error("end of input in a string"));
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if !pair_surrogates {
                    return Ok(char::REPLACEMENT_CHARACTER);
                }
                if (0xDC00..=0xDFFF).contains(&unit) {
                    return Err(self.error("lone surrogate in a \\u escape"));
                }
                if !(0xD800..=0xDBFF).contains(&unit) {
                    return char::from_u32(u32::from(unit))
                        .ok_or_else(|| self.error("invalid \\u escape"));
                }
                if self.bytes().get(self.at..self.at + 2) != Some(b"\\u") {
                    return Err(self.error("unexpected end of a \\u escape pair"));
                }
                self.at += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error("lone surrogate in a \\u escape"));
                }
                let code =
                    0x1_0000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?
            }
            _ => return Err(self.error("invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u16, SyntaxError> {
        let Some(digits) = self.bytes().get(self.at..self.at + 4) else {
            self.at = self.text.len();
            return Err(self.error("end of input in a string"));
        };
        self.at += 4;
        let mut value = 0u16;
        for &digit in digits {
            let nibble = match digit {
                b'0'..=b'9' => digit - b'0',
                b'a'..=b'f' => digit - b'a' + 10,
                b'A'..=b'F' => digit - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape")),
            };
            value = (value << 4) | u16::from(nibble);
        }
        Ok(value)
    }

    /// Skips a string without keeping it: its escapes are checked for form only.
    fn skip_string(&mut self) -> Result<(), SyntaxError> {
        self.at += 1; // the opening quote
        loop {
            self.plain_run();
            match self.bytes().get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(false)?;
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("end of input in a string")),
            }
        }
    }

    /// Reads a number and returns its text, checked against the JSON grammar.
    pub(crate) fn number(&mut self) -> Result<&'a str, SyntaxError> {
        self.peek();
        let start = self.at;
        let bytes = self.bytes();
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - from
        };
        let mut at = start;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match bytes.get(at) {
            Some(b'0') => {
                at += 1;
                if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    self.at = at;
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                digits(&mut at);
            }
            _ => {
                self.at = at;
                return Err(self.error("invalid number"));
            }
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if digits(&mut at) == 0 {
                self.at = at;
                return Err(self.error("invalid number"));
            }
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                self.at = at;
                return Err(self.error("invalid number"));
            }
        }
        self.at = at;
        Ok(&self.text[start..at])
    }

    /// Skips any value, nesting at most [`MAX_DEPTH`] deep. Iterative, with a
    /// fixed bit stack of open brackets (set: object), so it allocates nothing
    /// and cannot overflow the call stack.
    pub(crate) fn skip_value(&mut self) -> Result<(), SyntaxError> {
        let mut open = [0u64; DEPTH_WORDS];
        let mut depth = 0usize;
        loop {
            // A value.
            match self.peek() {
                Some(b'"') => self.skip_string()?,
                Some(b'n') => self.literal(b"null")?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(bracket @ (b'[' | b'{')) => {
                    if depth == MAX_DEPTH {
                        return Err(self.error("nesting too deep"));
                    }
                    self.at += 1;
                    let is_object = bracket == b'{';
                    let (word, bit) = (depth / 64, 1u64 << (depth % 64));
                    open[word] = if is_object {
                        open[word] | bit
                    } else {
                        open[word] & !bit
                    };
                    depth += 1;
                    let close = if is_object { b'}' } else { b']' };
                    if !self.eat(close) {
                        if is_object {
                            self.key_of_skipped_object()?;
                        }
                        continue;
                    }
                    depth -= 1;
                }
                Some(_) => return Err(self.error("expected a value")),
                None => return Err(self.error("end of input while expecting a value")),
            }
            // After a value: close what is finished, or go on to the next item.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let is_object = open[(depth - 1) / 64] & (1 << ((depth - 1) % 64)) != 0;
                if self.eat(b',') {
                    if is_object {
                        self.key_of_skipped_object()?;
                    }
                    break;
                }
                let close = if is_object { b'}' } else { b']' };
                if !self.eat(close) {
                    return Err(self.error(if is_object {
                        "expected `,` or `}`"
                    } else {
                        "expected `,` or `]`"
                    }));
                }
                depth -= 1;
            }
        }
    }

    fn key_of_skipped_object(&mut self) -> Result<(), SyntaxError> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string key"));
        }
        self.skip_string()?;
        self.expect(b':', "expected `:`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(text: &str) -> Result<usize, SyntaxError> {
        let mut reader = Reader::new(text);
        reader.skip_value()?;
        reader.end()?;
        Ok(reader.position())
    }

    #[test]
    fn skips_every_kind_of_value() {
        for text in [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1.5e-3",
            "\"a\\n\\u00e9\"",
            "[]",
            "{}",
            " [1, [2, {\"a\": [3]}], {}] ",
            "{\"a\":{\"b\":{\"c\":null}},\"d\":[true,false]}",
            "\"\\ud800\"",
        ] {
            assert!(skip(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "nul",
            "01",
            "1.",
            "-",
            ".5",
            "+1",
            "1e",
            "[1,]",
            "[1 2]",
            "{\"a\"}",
            "{\"a\":}",
            "{a:1}",
            "[}",
            "{]",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\u12\"",
            "[",
            "{\"a\":1",
            "[1] 2",
            "NaN",
        ] {
            assert!(skip(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn plain_runs_stop_at_the_first_special_byte_wherever_it_is() {
        for special in ['"', '\\', '\u{0}', '\u{1f}'] {
            for at in 0..20 {
                for filler in ["a", "é", "\u{7f}", "!"] {
                    let mut text = filler.repeat(at);
                    let expected = text.len();
                    text.push(special);
                    text.push_str(&"z".repeat(9));
                    let mut reader = Reader::new(&text);
                    reader.plain_run();
                    assert_eq!(
                        reader.position(),
                        expected,
                        "{special:?} after {at} x {filler:?}"
                    );
                }
            }
        }
        let mut reader = Reader::new("no special byte at all, seventeen+");
        reader.plain_run();
        assert_eq!(reader.position(), 34);
    }

    #[test]
    fn every_escape_is_read_and_skipped() {
        let text = r#""\"\\\/\b\f\n\r\t\u00e9\u00C9""#;
        let mut reader = Reader::new(text);
        let mut buffer = [0; INLINE];
        let read = reader.string().unwrap();
        assert_eq!(read.unescape(&mut buffer), Some("\"\\/\u{8}\u{c}\n\r\téÉ"));
        assert_eq!(reader.position(), text.len());
        assert_eq!(skip(text), Ok(text.len()));
    }

    #[test]
    fn short_strings_end_where_they_should() {
        // Under eight bytes, the byte-at-a-time tail does the work.
        for text in ["\"a b\"", "\"\"", "\" \"", "\"~\""] {
            let mut reader = Reader::new(text);
            assert!(matches!(reader.string(), Ok(Text::Plain(_))), "{text}");
            assert_eq!(reader.position(), text.len());
        }
    }

    #[test]
    fn sibling_objects_and_deep_mixed_nesting_are_skipped() {
        assert!(skip(r#"[{"a":1},{"b":2},[3],{"c":{"d":[]}}]"#).is_ok());
        // An object just past the first 64 levels of arrays, and back.
        for depth in [63, 64, 65, 128] {
            let text = format!(
                "{}{{\"a\":[1,{{\"b\":2}}]}}{}",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            assert!(skip(&text).is_ok(), "depth {depth}");
            let text = format!(
                "{}[{{\"a\":1}},{{\"b\":2}}]{}",
                "{\"k\":".repeat(depth),
                "}".repeat(depth)
            );
            assert!(skip(&text).is_ok(), "depth {depth}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(skip(&deep(MAX_DEPTH)).is_ok());
        assert_eq!(
            skip(&deep(MAX_DEPTH + 1)).unwrap_err().problem,
            "nesting too deep"
        );
    }

    #[test]
    fn strings_are_unescaped_and_surrogates_paired() {
        let read = |text: &str| {
            let mut reader = Reader::new(text);
            let mut buffer = [0; INLINE];
            reader
                .string()
                .map(|t| t.unescape(&mut buffer).map(alloc::string::String::from))
        };
        assert_eq!(read("\"USER12345\"").unwrap().as_deref(), Some("USER12345"));
        assert_eq!(read("\"\\u0055SER\"").unwrap().as_deref(), Some("USER"));
        assert_eq!(read("\"\\ud83d\\ude00\"").unwrap().as_deref(), Some("😀"));
        assert!(read("\"\\ud83d\"").is_err());
        assert!(read("\"\\ude00\"").is_err());
        assert!(read("\"\\ud83d\\u0041\"").is_err());
        assert_eq!(read(&format!("\"{}\\n\"", "x".repeat(70))).unwrap(), None);
    }

    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn errors_say_where() {
        assert_eq!(
            skip("[1,]").unwrap_err().to_string(),
            "invalid JSON at byte 3: expected a value"
        );
    }
}
