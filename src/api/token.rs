//! The token policy: when to fetch a bearer token, which calls may reuse
//! it, and what a 401 does to it.
//!
//! The docs disagree on tokens: the authorize page gives 299 s and one
//! session per token; the session pages give 599 s and say to refresh the
//! token before it expires. [`Tokens`] follows the stricter rule, which
//! works under both: a token initiates at most one session, is reused for
//! every other call while it has more than a margin of its life left, and
//! a 401 forgets it, so the next attempt fetches another (once per call).

use alloc::string::String;
use core::fmt;
use core::time::Duration;

use super::{Authorize, CallKind};
use crate::wire::AccessToken;

/// How long before its end a token stops being used: 30 s, ten per cent of
/// the shorter documented lifetime, enough for a request sent at the last
/// moment to arrive while the token is still good on a server whose clock
/// runs a little ahead.
pub const TOKEN_MARGIN: Duration = Duration::from_secs(30);

/// The client's credentials for `/api/v1/authorize` (the docs' client id
/// and secret, the playground's `Username` and `Password`).
///
/// `Debug` does not show the secret.
///
/// # Examples
///
/// ```
/// use eft_session::api::Credentials;
///
/// let credentials = Credentials::new("sandbox", "s3cret")?;
/// assert_eq!(credentials.client_id(), "sandbox");
/// assert!(!format!("{credentials:?}").contains("s3cret"));
///
/// let err = Credentials::new("a:b", "secret").unwrap_err();
/// assert_eq!(err.to_string(), "client id \"a:b\" contains ':', which HTTP Basic cannot carry");
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    client_id: String,
    secret: String,
}

/// Credentials HTTP Basic cannot send.
///
/// # Examples
///
/// ```
/// use eft_session::api::Credentials;
///
/// assert_eq!(Credentials::new("", "x").unwrap_err().to_string(), "client id is empty");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No client id.
    #[error("client id is empty")]
    EmptyId,
    /// No secret.
    #[error("client secret is empty")]
    EmptySecret,
    /// A client id with `:`, which RFC 7617 reserves as the separator.
    #[error("client id {0:?} contains ':', which HTTP Basic cannot carry")]
    ColonInId(String),
}

impl Credentials {
    /// The credentials `client_id` and `secret`.
    ///
    /// # Errors
    ///
    /// [`CredentialsError`] for an empty id or secret, or an id with `:`.
    ///
    /// # Examples
    ///
    /// See [`Credentials`].
    pub fn new(
        client_id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        let (client_id, secret) = (client_id.into(), secret.into());
        if client_id.is_empty() {
            return Err(CredentialsError::EmptyId);
        }
        if secret.is_empty() {
            return Err(CredentialsError::EmptySecret);
        }
        if client_id.contains(':') {
            return Err(CredentialsError::ColonInId(client_id));
        }
        Ok(Self { client_id, secret })
    }

    /// The client id.
    ///
    /// # Examples
    ///
    /// See [`Credentials`].
    #[must_use]
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub(crate) fn secret(&self) -> &str {
        &self.secret
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// Which token a call needs.
///
/// # Examples
///
/// ```
/// use eft_session::api::{CallKind, TokenUse};
///
/// assert_eq!(CallKind::Status.token_use(), TokenUse::Optional);
/// assert_eq!(CallKind::Authorize.token_use(), TokenUse::Credentials);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenUse {
    /// No token: the call sends the credentials (authorize).
    Credentials,
    /// Any token with its margin of life left (details, cancel, confirm).
    Any,
    /// A token that has not yet initiated a session (initiate).
    Unspent,
    /// A token when one is at hand, none otherwise; one is fetched after a
    /// 401 (status: two of the three GEFT pages ask for no token).
    Optional,
}

impl CallKind {
    /// The token the call needs.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CallKind, TokenUse};
    ///
    /// assert_eq!(CallKind::Details.token_use(), TokenUse::Any);
    /// ```
    #[must_use]
    pub const fn token_use(self) -> TokenUse {
        match self {
            Self::Authorize => TokenUse::Credentials,
            Self::Initiate => TokenUse::Unspent,
            Self::Status => TokenUse::Optional,
            Self::Details | Self::Cancel | Self::ConfirmGuarantee => TokenUse::Any,
        }
    }
}

/// What [`Tokens::for_call`] says to do before sending a call.
///
/// # Examples
///
/// ```
/// use eft_session::api::{CallKind, Credentials, TokenStep, Tokens};
/// use std::time::Duration;
///
/// let tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
/// assert_eq!(tokens.for_call(CallKind::Cancel, Duration::ZERO, false), TokenStep::Fetch);
/// assert_eq!(tokens.for_call(CallKind::Status, Duration::ZERO, false), TokenStep::Without);
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenStep<'a> {
    /// Send the call with this token.
    Use(&'a AccessToken),
    /// Send the call without one.
    Without,
    /// Fetch a token first ([`Tokens::authorize`]).
    Fetch,
}

/// The token a client holds, and the policy that decides its use.
///
/// Time is the caller's: `now` is any monotonic clock's reading (time since
/// the client started, say), so that the policy does no I/O and a test
/// drives it with numbers. A token's life is counted from the moment its
/// request was *sent*, which is never later than the server's issue.
///
/// # Examples
///
/// ```
/// use eft_session::api::{CallKind, Credentials, TokenStep, Tokens};
/// use eft_session::wire::AccessToken;
/// use std::time::Duration;
///
/// let mut tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
/// let at = |s| Duration::from_secs(s);
/// tokens.issued(AccessToken::new("first", 299), at(0));
///
/// // One initiate per token; other calls reuse it.
/// assert_eq!(tokens.for_call(CallKind::Initiate, at(1), false), TokenStep::Use(&AccessToken::new("first", 299)));
/// tokens.spend("first");
/// assert_eq!(tokens.for_call(CallKind::Initiate, at(2), false), TokenStep::Fetch);
/// assert!(matches!(tokens.for_call(CallKind::Cancel, at(2), false), TokenStep::Use(_)));
///
/// // Not within 30 s of its end.
/// assert_eq!(tokens.for_call(CallKind::Cancel, at(270), false), TokenStep::Fetch);
/// # Ok::<(), eft_session::api::CredentialsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Tokens {
    credentials: Credentials,
    margin: Duration,
    held: Option<Held>,
    issued: u64,
}

#[derive(Clone, Debug)]
struct Held {
    token: AccessToken,
    /// On the caller's clock: past this, the token is not used.
    usable_until: Duration,
    /// Whether it has initiated a session (or may have: once sent).
    spent: bool,
}

impl Tokens {
    /// No token yet, for `credentials`, with [`TOKEN_MARGIN`].
    ///
    /// # Examples
    ///
    /// See [`Tokens`].
    #[must_use]
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            margin: TOKEN_MARGIN,
            held: None,
            issued: 0,
        }
    }

    /// The same policy with another margin.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CallKind, Credentials, TokenStep, Tokens};
    /// use eft_session::wire::AccessToken;
    /// use std::time::Duration;
    ///
    /// let mut tokens = Tokens::new(Credentials::new("a", "b")?).with_margin(Duration::ZERO);
    /// tokens.issued(AccessToken::new("t", 299), Duration::ZERO);
    /// assert!(matches!(tokens.for_call(CallKind::Details, Duration::from_secs(298), false), TokenStep::Use(_)));
    /// # Ok::<(), eft_session::api::CredentialsError>(())
    /// ```
    #[must_use]
    pub const fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The call that fetches a token.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Call, Credentials, Tokens};
    ///
    /// let tokens = Tokens::new(Credentials::new("sandbox", "sandbox")?);
    /// assert_eq!(tokens.authorize().request(None).path(), "/api/v1/authorize");
    /// # Ok::<(), eft_session::api::CredentialsError>(())
    /// ```
    #[must_use]
    pub fn authorize(&self) -> Authorize {
        Authorize::new(&self.credentials)
    }

    /// What to do before sending `kind` at `now`; `required` when a call
    /// whose token is optional was refused without one.
    ///
    /// # Examples
    ///
    /// See [`Tokens`] and [`TokenStep`].
    #[must_use]
    pub fn for_call(&self, kind: CallKind, now: Duration, required: bool) -> TokenStep<'_> {
        let usable = self.held.as_ref().filter(|held| now < held.usable_until);
        match (kind.token_use(), usable) {
            (super::TokenUse::Credentials, _) => TokenStep::Without,
            (super::TokenUse::Unspent, Some(held)) if !held.spent => TokenStep::Use(&held.token),
            (super::TokenUse::Unspent, _) => TokenStep::Fetch,
            (super::TokenUse::Any | super::TokenUse::Optional, Some(held)) => {
                TokenStep::Use(&held.token)
            }
            (super::TokenUse::Optional, None) if !required => TokenStep::Without,
            (super::TokenUse::Any | super::TokenUse::Optional, None) => TokenStep::Fetch,
        }
    }

    /// Takes in a token whose request was sent at `sent_at`: it replaces
    /// the one held.
    ///
    /// # Examples
    ///
    /// See [`Tokens`].
    pub fn issued(&mut self, token: AccessToken, sent_at: Duration) {
        let usable_until = (sent_at + token.lifetime()).saturating_sub(self.margin);
        self.issued += 1;
        self.held = Some(Held {
            token,
            usable_until,
            spent: false,
        });
    }

    /// Records that `token` was sent to initiate a session: it initiates no
    /// other, whatever the answer (a lost answer may hide a session made).
    ///
    /// # Examples
    ///
    /// See [`Tokens`].
    pub fn spend(&mut self, token: &str) {
        if let Some(held) = self
            .held
            .as_mut()
            .filter(|held| held.token.access_token() == token)
        {
            held.spent = true;
        }
    }

    /// Forgets `token` after a 401: the next call fetches another.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CallKind, Credentials, TokenStep, Tokens};
    /// use eft_session::wire::AccessToken;
    /// use std::time::Duration;
    ///
    /// let mut tokens = Tokens::new(Credentials::new("a", "b")?);
    /// tokens.issued(AccessToken::new("t", 299), Duration::ZERO);
    /// tokens.refused("t");
    /// assert_eq!(tokens.for_call(CallKind::Details, Duration::ZERO, false), TokenStep::Fetch);
    /// # Ok::<(), eft_session::api::CredentialsError>(())
    /// ```
    pub fn refused(&mut self, token: &str) {
        if self
            .held
            .as_ref()
            .is_some_and(|held| held.token.access_token() == token)
        {
            self.held = None;
        }
    }

    /// How many tokens were taken in so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{Credentials, Tokens};
    /// use eft_session::wire::AccessToken;
    /// use std::time::Duration;
    ///
    /// let mut tokens = Tokens::new(Credentials::new("a", "b")?);
    /// tokens.issued(AccessToken::new("t", 299), Duration::ZERO);
    /// assert_eq!(tokens.issued_count(), 1);
    /// # Ok::<(), eft_session::api::CredentialsError>(())
    /// ```
    #[must_use]
    pub const fn issued_count(&self) -> u64 {
        self.issued
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Tokens {
        Tokens::new(Credentials::new("a", "b").unwrap())
    }

    #[test]
    fn a_token_shorter_than_its_margin_is_never_used() {
        let mut tokens = tokens();
        tokens.issued(AccessToken::new("t", 10), Duration::from_secs(100));
        assert_eq!(
            tokens.for_call(CallKind::Details, Duration::from_secs(100), false),
            TokenStep::Fetch
        );
    }

    #[test]
    fn status_takes_the_token_at_hand_and_fetches_one_only_when_required() {
        let mut tokens = tokens();
        assert_eq!(
            tokens.for_call(CallKind::Status, Duration::ZERO, true),
            TokenStep::Fetch
        );
        tokens.issued(AccessToken::new("t", 299), Duration::ZERO);
        assert!(matches!(
            tokens.for_call(CallKind::Status, Duration::ZERO, false),
            TokenStep::Use(_)
        ));
    }

    #[test]
    fn a_refusal_or_a_spend_of_another_token_changes_nothing() {
        let mut tokens = tokens();
        tokens.issued(AccessToken::new("new", 299), Duration::ZERO);
        tokens.refused("old");
        tokens.spend("old");
        assert!(matches!(
            tokens.for_call(CallKind::Initiate, Duration::ZERO, false),
            TokenStep::Use(token) if token.access_token() == "new"
        ));
    }
}
