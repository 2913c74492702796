//! Clients, `/api/v1/authorize` and bearer tokens.
//!
//! Tokens live in memory only (a restart forgets them, as a short-lived
//! token would be gone soon anyway). Their lifetime is measured on the
//! sandbox's clock, so advancing it expires them; the sweep removes expired
//! ones. Memory is bounded by design: at most `--max-tokens` are kept (a
//! request past it, once the expired ones are gone, gets 503 with
//! `Retry-After`), each one a fixed-size entry with nothing on the heap,
//! and the table keeps the room it grew to instead of shrinking and growing
//! again with every flood (which the allocator kept as resident memory). By
//! default a token lives 299 s and initiates one session, as the authorize
//! page says; it still reads and cancels sessions until it expires, since
//! the page limits initiation only.
//! See [`crate::config`] for why these defaults.
//!
//! Every 401 carries `WWW-Authenticate` (`Basic` here, `Bearer` on the
//! session endpoints), and the scheme of `Authorization` is matched without
//! regard to case (RFC 9110 §11.1).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::http::{HeaderMap, header};
use base64::Engine;
use eft_session::Product;
use eft_session::uuid::Uuid;
use eft_session::wire::{AccessToken, ProblemDetails};

use crate::clock::Clock;
use crate::config::{Client, Config, Features};
use crate::ids::fresh_id;
use crate::problem::Problem;

const BASIC_CHALLENGE: &str = r#"Basic realm="eft-sandbox", charset="UTF-8""#;
const BEARER_CHALLENGE: &str = r#"Bearer realm="eft-sandbox""#;
/// How long an expired token is kept before the sweep removes it, so a
/// client retrying just after expiry still hears "expired", not "unknown".
pub const TOKEN_GRACE: Duration = Duration::from_secs(60);

/// The clients and the tokens issued to them.
pub struct Auth {
    clients: Vec<Client>,
    lifetime: Duration,
    single_use: bool,
    clock: Arc<Clock>,
    max_tokens: usize,
    /// By the token's 128 bits (its 32 hex digits, as issued).
    tokens: Mutex<HashMap<u128, Token>>,
    issued: std::sync::atomic::AtomicU64,
}

/// One token: fixed size, nothing on the heap.
struct Token {
    /// Its number, from 1 in the order issued: what the request log shows.
    serial: u64,
    /// The client's index in `Auth::clients`.
    client: usize,
    features: Features,
    /// On the sandbox's clock, since the Unix epoch.
    expires: Duration,
    /// The session this token initiated, when tokens are single-use.
    initiated: Option<Uuid>,
}

/// What a valid bearer token grants.
pub struct Grant {
    token: u128,
    pub client: String,
    pub features: Features,
}

impl Grant {
    /// 403 when the client lacks the feature `product` needs: EFT V2
    /// sessions (`options.guarantee.enable` false) need RegularEft.
    pub fn check_feature(&self, product: Product) -> Result<(), Problem> {
        if product == Product::EftV2 && !self.features.regular_eft {
            return Err(Problem::new(
                403,
                "Feature Not Enabled",
                format!(
                    "client {:?} does not have the RegularEft feature, which EFT V2 sessions (options.guarantee.enable false) need",
                    self.client
                ),
            ));
        }
        Ok(())
    }
}

impl Auth {
    pub fn new(config: &Config, clock: Arc<Clock>) -> Self {
        Self {
            clients: config.clients.clone(),
            lifetime: config.token_lifetime,
            single_use: config.single_use_tokens,
            clock,
            max_tokens: config.max_tokens,
            tokens: Mutex::new(HashMap::new()),
            issued: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// How many tokens are kept (expired ones too, until the next sweep).
    pub fn count(&self) -> usize {
        self.tokens().len()
    }

    /// Forgets the tokens expired more than [`TOKEN_GRACE`] before `now`;
    /// answers how many went.
    pub fn prune(&self, now: Duration) -> usize {
        let mut tokens = self.tokens();
        let before = tokens.len();
        // The table keeps its room: at most `max_tokens`, and growing it
        // again after every flood is what left resident memory behind.
        tokens.retain(|_, token| token.expires + TOKEN_GRACE > now);
        before - tokens.len()
    }

    fn tokens(&self) -> MutexGuard<'_, HashMap<u128, Token>> {
        // A panic while holding the map cannot leave a token half-written.
        self.tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The client the Basic credentials of `headers` name (its index), or
    /// the 401 that says what failed.
    fn client(&self, headers: &HeaderMap) -> Result<usize, Problem> {
        let refuse = |detail: String| {
            Problem::from(ProblemDetails::authentication_required().with_detail(detail))
                .with_header(header::WWW_AUTHENTICATE, BASIC_CHALLENGE)
        };
        let value = credentials(headers, "Basic").map_err(|missing| {
            refuse(match missing {
                None => "no client credentials: send HTTP Basic with the client id and secret"
                    .to_owned(),
                Some(scheme) => format!(
                    "the Authorization header uses scheme {scheme:?}: send HTTP Basic with the client id and secret"
                ),
            })
        })?;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(value)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let Some((id, secret)) = decoded.as_deref().and_then(|text| text.split_once(':')) else {
            return Err(refuse(
                "the Basic credentials are not base64 of ID:SECRET".to_owned(),
            ));
        };
        let client = self
            .clients
            .iter()
            .position(|client| client.id == id)
            .ok_or_else(|| refuse(format!("unknown client {id:?}")))?;
        if !same_secret(self.clients[client].secret.as_bytes(), secret.as_bytes()) {
            return Err(refuse(format!("wrong secret for client {id:?}")));
        }
        Ok(client)
    }

    /// The token a `/api/v1/authorize` request earns, and its number: the
    /// client its Basic credentials name (401 otherwise), then a form with
    /// `grant_type=client_credentials` (400 otherwise, as RFC 6749 §5.2
    /// answers `invalid_request` and `unsupported_grant_type`).
    pub fn authorize(
        &self,
        headers: &HeaderMap,
        form: &[u8],
    ) -> Result<(AccessToken, u64), Problem> {
        let client = self.client(headers)?;
        let grant_type = form_urlencoded::parse(form)
            .find(|(name, _)| name == "grant_type")
            .map(|(_, value)| value.into_owned());
        match grant_type.as_deref() {
            Some("client_credentials") => {}
            None => {
                return Err(Problem::new(
                    400,
                    "Invalid Request",
                    "the form has no grant_type: send grant_type=client_credentials",
                )
                .with_error("grant_type", "is required"));
            }
            Some(other) => {
                return Err(Problem::new(
                    400,
                    "Unsupported Grant Type",
                    format!("grant_type {other:?} is not client_credentials"),
                )
                .with_error("grant_type", format!("{other:?} is not client_credentials")));
            }
        }
        let (token, serial) = self.issue(client)?;
        tracing::debug!(client = %self.clients[client].id, token = serial, "token issued");
        Ok((AccessToken::new(token, self.lifetime.as_secs()), serial))
    }

    /// A new token for client `client`, and its number; 503 when
    /// `max_tokens` live tokens are kept already.
    fn issue(&self, client: usize) -> Result<(String, u64), Problem> {
        let id = fresh_id();
        let now = self.clock.now().since_unix_epoch();
        let mut tokens = self.tokens();
        if tokens.len() >= self.max_tokens {
            // Expired tokens are removed by the sweep, and here only at the
            // cap: a retain on every issue would make a flood quadratic.
            tokens.retain(|_, token| token.expires + TOKEN_GRACE > now);
            if tokens.len() >= self.max_tokens {
                let first_free = tokens
                    .values()
                    .map(|token| token.expires + TOKEN_GRACE)
                    .min()
                    .unwrap_or(now)
                    .saturating_sub(now);
                // Whole seconds, rounded up: never back before it frees.
                let seconds = first_free.as_secs() + u64::from(first_free.subsec_nanos() > 0);
                return Err(Problem::new(
                    503,
                    "Too Many Tokens",
                    format!(
                        "the sandbox keeps {} tokens at most (--max-tokens), and every one is still live: the first frees in {} s",
                        self.max_tokens, seconds
                    ),
                )
                .with_header(header::RETRY_AFTER, &seconds.max(1).to_string()));
            }
        }
        let serial = self
            .issued
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        tokens.insert(
            id.as_u128(),
            Token {
                serial,
                client,
                features: self.clients[client].features,
                expires: now + self.lifetime,
                initiated: None,
            },
        );
        Ok((id.simple().to_string(), serial))
    }

    /// The number of the bearer token in `headers`, if the sandbox knows it
    /// (expired ones too, until the sweep removes them).
    pub fn serial_of(&self, headers: &HeaderMap) -> Option<u64> {
        let token = key(credentials(headers, "Bearer").ok()?)?;
        self.tokens().get(&token).map(|token| token.serial)
    }

    /// The grant of the bearer token in `headers`, or the 401 that says why
    /// not.
    pub fn bearer(&self, headers: &HeaderMap) -> Result<Grant, Problem> {
        let token = credentials(headers, "Bearer").map_err(|missing| match missing {
            None => bearer_refusal(
                None,
                "no bearer token: send Authorization: Bearer with a token from /api/v1/authorize",
            ),
            Some(scheme) => bearer_refusal(
                Some("invalid_request"),
                &format!("the Authorization header uses scheme {scheme:?}, not Bearer"),
            ),
        })?;
        let key = key(token);
        let tokens = self.tokens();
        let Some((key, found)) = key.and_then(|key| Some((key, tokens.get(&key)?))) else {
            return Err(bearer_refusal(
                Some("invalid_token"),
                "the bearer token was not issued by this sandbox, or expired over 60 s ago (tokens do not survive a restart)",
            ));
        };
        let now = self.clock.now().since_unix_epoch();
        if found.expires <= now {
            let ago = now.saturating_sub(found.expires).as_secs();
            return Err(bearer_refusal(
                Some("invalid_token"),
                &format!(
                    "the bearer token expired {ago} s ago: tokens live {} s",
                    self.lifetime.as_secs()
                ),
            ));
        }
        Ok(Grant {
            token: key,
            client: self.clients[found.client].id.clone(),
            features: found.features,
        })
    }

    /// 401 when single-use `grant` already initiated a session.
    pub fn check_unused(&self, grant: &Grant) -> Result<(), Problem> {
        match self
            .tokens()
            .get(&grant.token)
            .and_then(|token| token.initiated)
        {
            Some(session) if self.single_use => Err(used(session)),
            _ => Ok(()),
        }
    }

    /// Records that `grant` initiates `session`: atomic, so of two requests
    /// racing with one single-use token, one initiates and one gets 401.
    pub fn claim(&self, grant: &Grant, session: Uuid) -> Result<(), Problem> {
        let mut tokens = self.tokens();
        let Some(token) = tokens.get_mut(&grant.token) else {
            return Err(bearer_refusal(
                Some("invalid_token"),
                "the bearer token is gone",
            ));
        };
        match token.initiated {
            Some(earlier) if self.single_use => Err(used(earlier)),
            _ => {
                token.initiated = Some(session);
                Ok(())
            }
        }
    }

    /// Gives the token back its initiation when creating the session failed.
    pub fn release(&self, grant: &Grant, session: Uuid) {
        if let Some(token) = self.tokens().get_mut(&grant.token)
            && token.initiated == Some(session)
        {
            token.initiated = None;
        }
    }
}

/// The table's key of a token as sent: its 32 hex digits as a number
/// (`None` for anything else, which no token of the sandbox's is).
fn key(token: &str) -> Option<u128> {
    let digits = token.as_bytes();
    if digits.len() != 32
        || !digits
            .iter()
            .all(|d| matches!(d, b'0'..=b'9' | b'a'..=b'f'))
    {
        return None;
    }
    u128::from_str_radix(token, 16).ok()
}

fn used(session: Uuid) -> Problem {
    bearer_refusal(
        Some("invalid_token"),
        &format!(
            "the bearer token already initiated session {session}: a token initiates one session, call /api/v1/authorize again"
        ),
    )
}

fn bearer_refusal(error: Option<&str>, detail: &str) -> Problem {
    // RFC 6750 §3: no error code when no credentials were sent.
    let challenge = match error {
        None => BEARER_CHALLENGE.to_owned(),
        Some(code) => format!(r#"{BEARER_CHALLENGE}, error="{code}""#),
    };
    Problem::from(ProblemDetails::authentication_required().with_detail(detail))
        .with_header(header::WWW_AUTHENTICATE, &challenge)
}

/// The credentials of `Authorization` under `scheme` (any case); the error
/// is `None` without the header, or the scheme that was used instead.
fn credentials<'h>(headers: &'h HeaderMap, scheme: &str) -> Result<&'h str, Option<String>> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(None)?
        .to_str()
        .map_err(|_| Some("(not text)".to_owned()))?
        .trim();
    let (used, rest) = value.split_once(' ').unwrap_or((value, ""));
    if used.eq_ignore_ascii_case(scheme) && !rest.trim().is_empty() {
        Ok(rest.trim())
    } else {
        Err(Some(used.to_owned()))
    }
}

/// Compares without stopping at the first difference, so the time taken
/// does not tell how much of a guess was right.
fn same_secret(expected: &[u8], given: &[u8]) -> bool {
    expected.len() == given.len()
        && expected
            .iter()
            .zip(given)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_authorization(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn the_scheme_is_matched_in_any_case() {
        assert_eq!(
            credentials(&with_authorization("bEaReR abc"), "Bearer"),
            Ok("abc")
        );
        assert_eq!(
            credentials(&with_authorization("Basic abc"), "Bearer"),
            Err(Some("Basic".to_owned()))
        );
        assert_eq!(
            credentials(&with_authorization("Bearer"), "Bearer"),
            Err(Some("Bearer".to_owned()))
        );
        assert_eq!(credentials(&HeaderMap::new(), "Bearer"), Err(None));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cret", b"s3creT"));
        assert!(!same_secret(b"s3cret", b"s3cre"));
    }
}
