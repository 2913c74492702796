//! Signing and verifying `SessionSetupStatusChanged` webhooks (feature
//! `webhook`).
//!
//! The provider signs the raw body bytes with HMAC-SHA256, keyed by the
//! webhook secret (its UTF-8 bytes), and sends `X-Webhook-Signature:
//! sha256=<HEX>`, the hex in upper case. A receiver checks the signature over
//! the bytes it received (never a re-serialized body), in constant time,
//! answers 401 to a bad one, and may refuse an event whose signed `when` is
//! too far from its own clock, to stop replays. [`verify`] does all of that
//! in one call and only then reads the body, so that nobody parses an
//! unverified body by accident. Pure: the caller gives the time.
//!
//! # Examples
//!
//! ```
//! use core::time::Duration;
//! use eft_session::webhook;
//!
//! let secret = b"whsec_test";
//! let body = br#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345","amount":500,"status":"Completed","statusDetails":"EFT0301"}"#;
//! let header = webhook::sign(secret, body).to_string(); // what the provider sends
//!
//! let now = Duration::from_secs(1_780_583_460); // a minute later
//! let event = webhook::verify(secret, Some(&header), body, now, Duration::from_secs(300))?;
//! assert_eq!(event.report().reference_id().map(|r| r.as_str()), Some("USER12345"));
//!
//! // A tampered body is refused before it is read.
//! let tampered = body.to_vec().into_iter().map(|b| if b == b'5' { b'6' } else { b }).collect::<Vec<_>>();
//! let err = webhook::verify(secret, Some(&header), &tampered, now, Duration::from_secs(300)).unwrap_err();
//! assert_eq!(err.to_string(), "webhook signature does not match the body");
//! # Ok::<(), webhook::WebhookError>(())
//! ```
//!
//! # A receiver that loses nothing
//!
//! The provider does not retry a webhook. So once the signature has checked
//! out, the event must not be dropped: every later error hands back the
//! verified bytes ([`WebhookError::verified_body`]). Park them, answer 2xx,
//! and look at them later; answer 401 only to a bad signature.
//!
//! ```
//! use core::time::Duration;
//! use eft_session::webhook::{self, VerifiedBody};
//! use eft_session::{Observation, Session};
//!
//! /// Answers the provider; `parked` stands for a table or a queue.
//! fn receive(header: Option<&str>, body: &[u8], session: &mut Session, parked: &mut Vec<VerifiedBody>) -> u16 {
//!     let now = Duration::from_secs(1_780_583_460); // the receiver's clock
//!     match webhook::verify(b"whsec_test", header, body, now, Duration::from_secs(300)) {
//!         Ok(event) => match session.observe_report(event.report()) {
//!             Ok(_) => 200,
//!             Err(conflict) => {
//!                 // Signed, but it contradicts what we know: keep it too.
//!                 eprintln!("parked: {conflict}");
//!                 parked.push(VerifiedBody::from(body));
//!                 202
//!             }
//!         },
//!         Err(error) => match error.into_verified_body() {
//!             Some(body) => {
//!                 parked.push(body);
//!                 202
//!             }
//!             None => 401,
//!         },
//!     }
//! }
//!
//! let mut session = Session::new("850750a4-3021-4061-ac03-a8d873aa4179".parse()?, None);
//! let mut parked = Vec::new();
//! let unknown = br#"{"when":"2026-06-04T14:30:00","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Processing"}"#;
//! let header = webhook::sign(b"whsec_test", unknown).to_string();
//! assert_eq!(receive(Some(&header), unknown, &mut session, &mut parked), 202);
//! assert_eq!(receive(Some("sha256=00"), unknown, &mut session, &mut parked), 401);
//! assert_eq!(parked.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use hmac::digest::CtOutput;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::Timestamp;
use crate::wire::{DecodeError, SessionSetupStatusChanged};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Webhook-Signature";

/// What comes before the hex digits in the header's value.
pub const SIGNATURE_PREFIX: &str = "sha256=";

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], body: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; `new_from_slice` hashes a long one.
    let Ok(mac) = HmacSha256::new_from_slice(secret) else {
        unreachable!("HMAC accepts keys of every length")
    };
    mac.chain_update(body)
}

/// A webhook signature: the 32 bytes of an HMAC-SHA256. It shows as the
/// header's value, `sha256=` and upper-case hex.
///
/// # Examples
///
/// ```
/// use eft_session::webhook::Signature;
///
/// let signature = Signature::compute(b"key", b"The quick brown fox jumps over the lazy dog");
/// assert_eq!(
///     signature.to_string(),
///     "sha256=F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8"
/// );
/// // Equality runs in constant time, so comparing with `==` leaks nothing.
/// assert_eq!(Signature::from_header(&signature.to_string().to_lowercase())?, signature);
/// // Debug output never shows the MAC.
/// assert_eq!(format!("{signature:?}"), "Signature(sha256=…)");
/// # Ok::<(), eft_session::webhook::SignatureError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Signature([u8; 32]);

/// Compares in constant time (RustCrypto's `CtOutput`, built on `subtle`):
/// `received == expected` is the obvious way to check a MAC, so it must not
/// leak, through its timing, how many leading bytes agree.
impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        CtOutput::<HmacSha256>::new(self.0.into()) == CtOutput::new(other.0.into())
    }
}

impl Eq for Signature {}

impl Signature {
    /// The signature of `body` under `secret`.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::webhook::Signature;
    ///
    /// assert_ne!(Signature::compute(b"a", b"body"), Signature::compute(b"b", b"body"));
    /// ```
    #[must_use]
    pub fn compute(secret: &[u8], body: &[u8]) -> Self {
        Self(mac(secret, body).finalize().into_bytes().into())
    }

    /// Reads a header value: `sha256=` then 64 hex digits, either case; white
    /// space around it is ignored.
    ///
    /// # Errors
    ///
    /// [`SignatureError::MissingPrefix`], [`SignatureError::WrongLength`] or
    /// [`SignatureError::BadHex`].
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::webhook::{Signature, SignatureError};
    ///
    /// assert_eq!(Signature::from_header("F7BC83F4"), Err(SignatureError::MissingPrefix));
    /// assert_eq!(Signature::from_header("sha256=F7BC"), Err(SignatureError::WrongLength { digits: 4 }));
    /// ```
    pub fn from_header(value: &str) -> Result<Self, SignatureError> {
        let trimmed = value.trim_matches(|c: char| c.is_ascii_whitespace());
        // Offsets are in `value`, as `BadHex` documents: past the white space.
        let leading = value.len()
            - value
                .trim_start_matches(|c: char| c.is_ascii_whitespace())
                .len();
        let hex = trimmed
            .strip_prefix(SIGNATURE_PREFIX)
            .ok_or(SignatureError::MissingPrefix)?;
        if hex.len() != 64 {
            return Err(SignatureError::WrongLength { digits: hex.len() });
        }
        let digit = |at: usize| {
            char::from(hex.as_bytes()[at])
                .to_digit(16)
                .ok_or(SignatureError::BadHex {
                    at: leading + SIGNATURE_PREFIX.len() + at,
                })
        };
        let mut bytes = [0u8; 32];
        for (index, byte) in bytes.iter_mut().enumerate() {
            // Two hex digits make at most 0xFF.
            *byte = (digit(2 * index)? << 4 | digit(2 * index + 1)?) as u8;
        }
        Ok(Self(bytes))
    }

    /// Checks that this signature is `body`'s under `secret`, comparing in
    /// constant time.
    ///
    /// # Errors
    ///
    /// [`SignatureError::Mismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::webhook::{Signature, SignatureError};
    ///
    /// let signature = Signature::compute(b"secret", b"body");
    /// assert_eq!(signature.verify(b"secret", b"body"), Ok(()));
    /// assert_eq!(signature.verify(b"secret", b"body!"), Err(SignatureError::Mismatch));
    /// ```
    pub fn verify(&self, secret: &[u8], body: &[u8]) -> Result<(), SignatureError> {
        mac(secret, body)
            .verify_slice(&self.0)
            .map_err(|_| SignatureError::Mismatch)
    }

    /// The 32 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::webhook::Signature;
    ///
    /// assert_eq!(Signature::compute(b"k", b"").as_bytes().len(), 32);
    /// ```
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(SIGNATURE_PREFIX)?;
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02X}"))
    }
}

/// Redacted: a MAC in a log line is a MAC an attacker may read.
impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({SIGNATURE_PREFIX}…)")
    }
}

/// Every `sha256=` signature in a header value, in order.
///
/// The grammar accepted: entries separated by commas and/or white space,
/// each `scheme=value`; every `sha256=` entry must be 64 hex digits of either
/// case (a provider rotating its secret sends one per secret, `sha256=AB…,
/// sha256=CD…`); entries of another scheme (`v2=…`) are skipped, so that a
/// scheme added beside `sha256` does not break a receiver. At most
/// [`MAX_SIGNATURES`] entries are read.
///
/// # Examples
///
/// ```
/// use eft_session::webhook::{self, Signature};
///
/// let a = webhook::sign(b"old", b"{}");
/// let b = webhook::sign(b"new", b"{}");
/// let header = format!("{a}, v2=ignored,{b}");
/// let read: Vec<Signature> = webhook::signatures(&header).collect::<Result<_, _>>()?;
/// assert_eq!(read, [a, b]);
/// # Ok::<(), webhook::SignatureError>(())
/// ```
pub fn signatures(header: &str) -> impl Iterator<Item = Result<Signature, SignatureError>> + '_ {
    let mut entries = header
        .split(|c: char| c == ',' || c.is_ascii_whitespace())
        .filter(|entry| !entry.is_empty());
    let mut read = 0;
    core::iter::from_fn(move || {
        loop {
            let entry = entries.next()?;
            if !entry.starts_with(SIGNATURE_PREFIX) {
                // Another scheme; anything without `=` is no entry at all.
                if entry.contains('=') {
                    continue;
                }
                return Some(Err(SignatureError::MissingPrefix));
            }
            read += 1;
            if read > MAX_SIGNATURES {
                return Some(Err(SignatureError::TooMany));
            }
            return Some(Signature::from_header(entry));
        }
    })
}

/// The most signatures one header may carry: a rotation needs two; a
/// header with dozens is an attempt to make the receiver work.
pub const MAX_SIGNATURES: usize = 8;

/// Signs `body` under `secret`, as the provider does: the value of the
/// `X-Webhook-Signature` header. For servers that emulate the provider, and
/// for tests.
///
/// # Examples
///
/// ```
/// use eft_session::webhook;
///
/// let header = webhook::sign(b"secret", b"{}").to_string();
/// assert!(header.starts_with("sha256="));
/// assert_eq!(header.len(), 7 + 64);
/// ```
#[must_use]
pub fn sign(secret: &[u8], body: &[u8]) -> Signature {
    Signature::compute(secret, body)
}

/// Verifies a received webhook and reads it: the header's signature over the
/// raw `body` under `secret`, then the body, then its signed `when` against
/// `now` (the time since the Unix epoch), which it may miss by at most
/// `tolerance` either way.
///
/// # Errors
///
/// [`WebhookError`]: the header missing or malformed, the signature wrong
/// (answer 401), the body not a valid event, or the event too old or too far
/// in the future.
///
/// # Examples
///
/// ```
/// use core::time::Duration;
/// use eft_session::webhook::{self, WebhookError};
///
/// let body = br#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#;
/// let header = webhook::sign(b"s3cret", body).to_string();
///
/// // Replayed an hour later: refused.
/// let an_hour_later = Duration::from_secs(1_780_583_400 + 3_600);
/// let err = webhook::verify(b"s3cret", Some(&header), body, an_hour_later, Duration::from_secs(300)).unwrap_err();
/// assert!(matches!(err, WebhookError::OutsideTolerance { .. }));
///
/// // No header: refused.
/// let err = webhook::verify(b"s3cret", None, body, an_hour_later, Duration::from_secs(300)).unwrap_err();
/// assert_eq!(err, WebhookError::MissingHeader);
/// ```
pub fn verify(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now: Duration,
    tolerance: Duration,
) -> Result<SessionSetupStatusChanged, WebhookError> {
    verify_with(&[secret], header, body, now, tolerance)
}

/// [`verify`] for a receiver that holds several secrets (the new one and
/// the one it replaces, while a secret is rotated) and a header that may
/// carry several signatures (see [`signatures`]): the webhook verifies when
/// any signature is the body's under any secret.
///
/// # Errors
///
/// As [`verify`]; [`SignatureError::Mismatch`] when no pair matches.
///
/// # Examples
///
/// ```
/// use core::time::Duration;
/// use eft_session::webhook;
///
/// let body = br#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Canceled","statusDetails":"EFT0501"}"#;
/// let now = Duration::from_secs(1_780_583_400);
/// let (old, new) = (b"whsec_old".as_slice(), b"whsec_new".as_slice());
///
/// // The provider signs with both while it rotates...
/// let header = format!("{}, {}", webhook::sign(old, body), webhook::sign(new, body));
/// assert!(webhook::verify(new, Some(&header), body, now, Duration::ZERO).is_ok());
///
/// // ...and the receiver accepts either secret meanwhile.
/// let signed_with_old = webhook::sign(old, body).to_string();
/// assert!(webhook::verify_with(&[new, old], Some(&signed_with_old), body, now, Duration::ZERO).is_ok());
/// assert!(webhook::verify(new, Some(&signed_with_old), body, now, Duration::ZERO).is_err());
/// ```
pub fn verify_with<S: AsRef<[u8]>>(
    secrets: &[S],
    header: Option<&str>,
    body: &[u8],
    now: Duration,
    tolerance: Duration,
) -> Result<SessionSetupStatusChanged, WebhookError> {
    let header = header.ok_or(WebhookError::MissingHeader)?;
    let received = signatures(header).collect::<Result<Vec<_>, _>>()?;
    if received.is_empty() {
        return Err(SignatureError::MissingPrefix.into());
    }
    // Every comparison is constant-time; which pair matched is no secret.
    let matched = secrets.iter().any(|secret| {
        let expected = Signature::compute(secret.as_ref(), body);
        received.contains(&expected)
    });
    if !matched {
        return Err(SignatureError::Mismatch.into());
    }
    // From here on the bytes are the provider's: every error hands them back.
    let verified = || VerifiedBody(body.to_vec());
    let text = core::str::from_utf8(body).map_err(|error| WebhookError::NotUtf8 {
        at: error.valid_up_to(),
        body: verified(),
    })?;
    let event = SessionSetupStatusChanged::from_json(text).map_err(|error| WebhookError::Body {
        error,
        body: verified(),
    })?;
    let now = Timestamp::from_unix(now);
    if event.when().distance(now) > tolerance {
        return Err(WebhookError::OutsideTolerance {
            when: event.when(),
            now,
            tolerance,
            body: verified(),
        });
    }
    Ok(event)
}

/// The bytes of a webhook whose signature checked out but which
/// [`verify`] could not take in: a status or code no page documents yet, a
/// body that is not UTF-8, an event out of its time window. The provider
/// does not retry webhooks, so these bytes are the only copy of the event:
/// park them (a table, a queue, a dead-letter log) and answer 2xx.
///
/// # Examples
///
/// ```
/// use core::time::Duration;
/// use eft_session::webhook;
///
/// let body = br#"{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Processing"}"#;
/// let header = webhook::sign(b"s3cret", body).to_string();
/// let now = Duration::from_secs(1_780_583_400);
/// let err = webhook::verify(b"s3cret", Some(&header), body, now, Duration::from_secs(300)).unwrap_err();
/// let parked = err.verified_body().expect("signed, so handed back");
/// assert_eq!(parked.as_bytes(), body);
/// assert_eq!(parked.as_str(), std::str::from_utf8(body).ok());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VerifiedBody(Vec<u8>);

impl VerifiedBody {
    /// The bytes, exactly as received and signed.
    ///
    /// # Examples
    ///
    /// See [`VerifiedBody`].
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes as text, when they are UTF-8.
    ///
    /// # Examples
    ///
    /// See [`VerifiedBody`].
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.0).ok()
    }

    /// The bytes, owned.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::time::Duration;
    /// use eft_session::webhook;
    ///
    /// let header = webhook::sign(b"k", b"\xff").to_string();
    /// let err = webhook::verify(b"k", Some(&header), b"\xff", Duration::ZERO, Duration::ZERO).unwrap_err();
    /// assert_eq!(err.into_verified_body().map(|body| body.into_bytes()), Some(vec![0xff]));
    /// ```
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// For a body verified by other means: a signed event that verified but
/// conflicts with what the receiver knows is parked the same way.
impl From<&[u8]> for VerifiedBody {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

/// Shows the length and, for text, the body itself: it was signed by the
/// provider, and a receiver debugging a parked event needs to see it.
impl fmt::Debug for VerifiedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(text) => write!(f, "VerifiedBody({text:?})"),
            None => write!(f, "VerifiedBody({} bytes, not UTF-8)", self.0.len()),
        }
    }
}

/// Why a signature header is refused.
///
/// # Examples
///
/// ```
/// use eft_session::webhook::{Signature, SignatureError};
///
/// let err = Signature::from_header(&format!("sha256={}", "G".repeat(64))).unwrap_err();
/// assert_eq!(err, SignatureError::BadHex { at: 7 });
/// assert_eq!(err.to_string(), "webhook signature has a non-hex digit at byte 7");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The value does not start with `sha256=`.
    #[error("webhook signature does not start with sha256=")]
    MissingPrefix,
    /// Not 64 hex digits after the prefix.
    #[error("webhook signature has {digits} digits; 64 expected")]
    WrongLength {
        /// How many there were.
        digits: usize,
    },
    /// A character that is not a hex digit.
    #[error("webhook signature has a non-hex digit at byte {at}")]
    BadHex {
        /// Its offset in the value, prefix included.
        at: usize,
    },
    /// Well-formed, but not the body's signature under the secret.
    #[error("webhook signature does not match the body")]
    Mismatch,
    /// More than [`MAX_SIGNATURES`] signatures in one header.
    #[error("webhook signature header has more than {MAX_SIGNATURES} signatures")]
    TooMany,
}

impl SignatureError {
    /// The HTTP status a receiver answers with: 401, as the docs say.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::webhook::SignatureError;
    ///
    /// let err = SignatureError::Mismatch;
    /// assert_eq!((err.http_status(), err.title()), (401, "Invalid Webhook Signature"));
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        401
    }

    /// The title of the problem body: "Invalid Webhook Signature".
    ///
    /// # Examples
    ///
    /// See [`http_status`](Self::http_status).
    #[must_use]
    pub const fn title(&self) -> &'static str {
        "Invalid Webhook Signature"
    }
}

/// Why a webhook is refused.
///
/// # Examples
///
/// ```
/// use core::time::Duration;
/// use eft_session::webhook::{self, WebhookError};
///
/// let err = webhook::verify(b"k", Some("sha256=00"), b"{}", Duration::ZERO, Duration::ZERO).unwrap_err();
/// assert_eq!(err.http_status(), 401);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `X-Webhook-Signature` header.
    #[error("webhook has no X-Webhook-Signature header")]
    MissingHeader,
    /// The signature is malformed or wrong.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// The signed body is not UTF-8 text.
    #[error("webhook body is not UTF-8 (at byte {at})")]
    NotUtf8 {
        /// Where the text stops being UTF-8.
        at: usize,
        /// The verified bytes, to park.
        body: VerifiedBody,
    },
    /// The signed body is not a `SessionSetupStatusChanged` event the crate
    /// can take in: a status or code it does not know, a documented
    /// contradiction, a malformed field.
    #[error("webhook body is signed but cannot be read: {error}")]
    Body {
        /// Why it cannot be read.
        error: DecodeError,
        /// The verified bytes, to park.
        body: VerifiedBody,
    },
    /// The event's `when` is further from `now` than the tolerance: a
    /// replay, or clocks far apart.
    #[error("webhook sent at {when} is more than {}s from now ({now})", tolerance.as_secs())]
    OutsideTolerance {
        /// The event's signed instant.
        when: Timestamp,
        /// The receiver's clock.
        now: Timestamp,
        /// The most they may differ.
        tolerance: Duration,
        /// The verified bytes, to park.
        body: VerifiedBody,
    },
}

impl WebhookError {
    /// The HTTP status a receiver answers with: 401 for a missing or wrong
    /// signature (as the docs say), 400 for a signed but unusable body or an
    /// event out of time.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::webhook::WebhookError;
    ///
    /// assert_eq!(WebhookError::MissingHeader.http_status(), 401);
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        match self {
            Self::MissingHeader | Self::Signature(_) => 401,
            Self::NotUtf8 { .. } | Self::Body { .. } | Self::OutsideTolerance { .. } => 400,
        }
    }

    /// The title of the problem body: "Invalid Webhook Signature" (401),
    /// "Unreadable Webhook" (400) or "Webhook Outside Tolerance" (400).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::webhook::WebhookError;
    /// use eft_session::wire::ProblemDetails;
    ///
    /// let err = WebhookError::MissingHeader;
    /// assert_eq!(err.title(), "Invalid Webhook Signature");
    /// assert_eq!(ProblemDetails::from(&err).status, Some(401));
    /// ```
    #[must_use]
    pub const fn title(&self) -> &'static str {
        match self {
            Self::MissingHeader | Self::Signature(_) => "Invalid Webhook Signature",
            Self::NotUtf8 { .. } | Self::Body { .. } => "Unreadable Webhook",
            Self::OutsideTolerance { .. } => "Webhook Outside Tolerance",
        }
    }

    /// The verified bytes, for every error found after the signature checked
    /// out; `None` before (a missing or wrong signature: nothing to trust).
    ///
    /// # Examples
    ///
    /// See [`VerifiedBody`].
    #[must_use]
    pub const fn verified_body(&self) -> Option<&VerifiedBody> {
        match self {
            Self::MissingHeader | Self::Signature(_) => None,
            Self::NotUtf8 { body, .. }
            | Self::Body { body, .. }
            | Self::OutsideTolerance { body, .. } => Some(body),
        }
    }

    /// [`verified_body`](Self::verified_body), owned.
    ///
    /// # Examples
    ///
    /// See [`VerifiedBody::into_bytes`].
    #[must_use]
    pub fn into_verified_body(self) -> Option<VerifiedBody> {
        match self {
            Self::MissingHeader | Self::Signature(_) => None,
            Self::NotUtf8 { body, .. }
            | Self::Body { body, .. }
            | Self::OutsideTolerance { body, .. } => Some(body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn signatures_show_as_their_header() {
        let signature = Signature::compute(b"key", b"The quick brown fox jumps over the lazy dog");
        let header = "sha256=F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8";
        assert_eq!(signature.to_string(), header);
        assert_eq!(format!("{signature:?}"), "Signature(sha256=…)");
        assert!(!format!("{signature:?}").contains("F7BC"));
        assert_eq!(Signature::from_header(header), Ok(signature));
        assert_eq!(signature.as_bytes()[0], 0xF7);
    }
}
