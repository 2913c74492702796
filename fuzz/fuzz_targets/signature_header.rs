//! The signature header's readers.
//!
//! - `webhook::Signature::from_header`: accepted exactly when the value, less
//!   ASCII white space around it, is `sha256=` and 64 hex digits of either
//!   case, whose bytes it holds; each refusal says the right thing (no
//!   prefix, the number of digits, the first non-hex digit at its offset in
//!   the value, white space before it counted). An accepted signature shows
//!   as `sha256=` and upper-case hex, which reads back equal, and its Debug
//!   form never shows the MAC.
//! - `webhook::signatures`, a header of several: read as its documented
//!   grammar says (entries split at commas and white space; `sha256=` entries
//!   read by `from_header`; other schemes skipped; at most eight), and any
//!   list of signatures written with any of those separators reads back.

#![no_main]
#![forbid(unsafe_code)]

use eft_session::webhook::{self, MAX_SIGNATURES, Signature, SignatureError};
use libfuzzer_sys::fuzz_target;

fn nibble(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).map(|n| n as u8)
}

/// What `from_header` answers, worked out from its docs: `at` of `BadHex` is
/// the offset "in the value, prefix included", white space before the prefix
/// counted (fuzz/regressions/signature_header/).
fn expected(value: &str) -> Result<[u8; 32], SignatureError> {
    let trimmed = value.trim_matches(|c: char| c.is_ascii_whitespace());
    let lead = value.len()
        - value
            .trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let Some(hex) = trimmed.strip_prefix("sha256=") else {
        return Err(SignatureError::MissingPrefix);
    };
    if hex.len() != 64 {
        return Err(SignatureError::WrongLength { digits: hex.len() });
    }
    let mut bytes = [0u8; 32];
    for (at, pair) in hex.as_bytes().chunks(2).enumerate() {
        let high = nibble(pair[0]).ok_or(SignatureError::BadHex {
            at: lead + 7 + 2 * at,
        })?;
        let low = nibble(pair[1]).ok_or(SignatureError::BadHex {
            at: lead + 7 + 2 * at + 1,
        })?;
        bytes[at] = high << 4 | low;
    }
    Ok(bytes)
}

/// What `signatures(header)` collects to, worked out from its docs.
fn expected_list(header: &str) -> Result<Vec<[u8; 32]>, SignatureError> {
    let mut read = Vec::new();
    for entry in header
        .split(|c: char| c == ',' || c.is_ascii_whitespace())
        .filter(|entry| !entry.is_empty())
    {
        if !entry.starts_with("sha256=") {
            if entry.contains('=') {
                continue;
            }
            return Err(SignatureError::MissingPrefix);
        }
        if read.len() == MAX_SIGNATURES {
            return Err(SignatureError::TooMany);
        }
        read.push(expected(entry)?);
    }
    Ok(read)
}

fn collected(header: &str) -> Result<Vec<[u8; 32]>, SignatureError> {
    webhook::signatures(header)
        .map(|signature| signature.map(|s| *s.as_bytes()))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    // Any 32 bytes show as a header that reads back.
    if let Some(bytes) = data.first_chunk::<32>() {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let shown = Signature::from_header(&format!("sha256={hex}"))
            .expect("64 hex digits are a signature");
        assert_eq!(shown.as_bytes(), bytes);
    }

    // A list of signatures, written with separators the bytes pick, reads back.
    if let Some((&count, rest)) = data.split_first() {
        let count = usize::from(count % 12);
        let signatures: Vec<Signature> = (0..count)
            .map(|i| Signature::compute(b"list", &[i as u8]))
            .collect();
        let separators = [",", ", ", " ", "\t", ",,", " , ", ", v2=skipped, "];
        let mut header = String::new();
        for (i, signature) in signatures.iter().enumerate() {
            if i > 0 {
                let pick = rest.get(i).copied().unwrap_or(0);
                header.push_str(separators[usize::from(pick) % separators.len()]);
            }
            header.push_str(&signature.to_string());
        }
        let read = collected(&header);
        if count <= MAX_SIGNATURES {
            let written: Vec<[u8; 32]> = signatures.iter().map(|s| *s.as_bytes()).collect();
            assert_eq!(read, Ok(written), "{header:?}");
        } else {
            assert_eq!(read, Err(SignatureError::TooMany), "{header:?}");
        }
    }

    let Ok(value) = core::str::from_utf8(data) else {
        return;
    };
    assert_eq!(
        collected(value),
        expected_list(value),
        "signatures({value:?})"
    );
    let read = Signature::from_header(value);
    assert_eq!(read.map(|s| *s.as_bytes()), expected(value), "{value:?}");
    match read {
        Ok(signature) => {
            let shown = signature.to_string();
            assert_eq!(shown.len(), 7 + 64);
            assert!(shown.starts_with("sha256="));
            assert!(
                shown[7..]
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F')),
                "{shown}"
            );
            let again = Signature::from_header(&shown).expect("a shown signature reads back");
            assert_eq!(again.as_bytes(), signature.as_bytes());
            assert!(again == signature);
            let lower = Signature::from_header(&shown.to_lowercase()).expect("lower case reads");
            assert_eq!(lower.as_bytes(), signature.as_bytes());
            let debug = format!("{signature:?}");
            assert!(
                !debug.contains(&shown[7..15]),
                "Debug shows the MAC: {debug}"
            );
            assert_eq!(collected(&shown), Ok(vec![*signature.as_bytes()]));
        }
        Err(error) => {
            let _ = error.to_string();
            assert_eq!(error.http_status(), 401);
        }
    }
});
