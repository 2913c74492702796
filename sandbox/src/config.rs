//! The command line: every flag has an `EFT_SANDBOX_*` variable, the flag
//! winning when both are given.
//!
//! Token defaults follow the authorize page (299 s, one session per token)
//! rather than the session pages (599 s, refreshed before it expires): the
//! authorize page is the one that documents the token endpoint, and a client
//! that works under the stricter rules works under the looser ones, while the
//! reverse breaks in production. Both are flags, for clients written to the
//! session pages.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use clap::{ArgAction, Parser};
use tracing::level_filters::LevelFilter;

/// The documented default lifetime of a token, in seconds (the authorize page).
pub const DEFAULT_TOKEN_LIFETIME: u64 = 299;
/// An in-memory SQLite database: sessions last as long as the process.
pub const DEFAULT_DATABASE: &str = "sqlite::memory:";
pub const DEFAULT_WEBHOOK_SECRET: &str = "whsec_sandbox";
/// Far above any create body (a full one is about 1.5 KiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 65_536;
/// How long a session lives before it expires, in seconds: 30 minutes. The
/// docs publish no number (the window is set at onboarding); this outlives
/// either documented token lifetime (299 s, 599 s), so a client still polls
/// status after its token is gone, and leaves a person time to walk the
/// hosted flow by hand. Tests move the clock instead of waiting.
pub const DEFAULT_SESSION_TIMEOUT: u64 = 1800;
/// How long the guarantee webhook's delivery waits before it tries again
/// after a failed attempt: long enough for a receiver that restarts to come
/// back, short enough that the three attempts end within seconds.
pub const DEFAULT_GUARANTEE_RETRY_DELAY: Duration = Duration::from_secs(1);
/// How many tokens are kept at most: a flood past it gets 503 until tokens
/// expire. A hundred thousand is far past any test's need (each token is
/// one fixed-size entry, about 100 bytes with the table's room: 10 MB at
/// the cap).
pub const DEFAULT_MAX_TOKENS: usize = 100_000;
/// How many sessions are kept at most, live or finished within their
/// retention: a create past it gets 503 until some are forgotten.
pub const DEFAULT_MAX_SESSIONS: usize = 100_000;
/// How many webhook delivery attempts the log keeps: past it, the oldest
/// finished attempt goes.
pub const DEFAULT_WEBHOOK_LOG_SIZE: usize = 10_000;
/// How many API requests the request log keeps (`GET /sandbox/requests`):
/// a test's worth many times over, about 200 KB at most.
pub const DEFAULT_REQUEST_LOG_SIZE: usize = 1000;
/// How long a finished session is kept after it ended, in seconds: a day,
/// so a day's runs can still be read back, while a sandbox left running
/// does not grow without end.
pub const DEFAULT_RETENTION: u64 = 86_400;

/// The sandbox's command line.
#[derive(Parser, Clone, Debug)]
#[command(
    name = "eft-sandbox",
    version,
    about = "An offline emulator of the Flinks Pay EFT V2 / GEFT session API",
    after_help = "Clients: the default client, --client-id/--client-secret (sandbox/sandbox \
                  unless set), has the RegularEft feature; giving --client without either \
                  of those two flags replaces it."
)]
pub struct Args {
    /// The port on 127.0.0.1 to listen on; 0 picks a free one (printed).
    #[arg(long, env = "EFT_SANDBOX_PORT", default_value_t = 8080)]
    pub port: u16,

    /// The id of the default client, which has the RegularEft feature.
    #[arg(long, env = "EFT_SANDBOX_CLIENT_ID", value_name = "ID")]
    pub client_id: Option<String>,

    /// The secret of the default client.
    #[arg(
        long,
        env = "EFT_SANDBOX_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub client_secret: Option<String>,

    /// A client, repeatable: ID:SECRET with every feature, or
    /// ID:SECRET:FEATURES with a comma-separated list (RegularEft), empty for
    /// none. In the variable, clients are separated by spaces.
    #[arg(
        long = "client",
        env = "EFT_SANDBOX_CLIENTS",
        value_name = "ID:SECRET[:FEATURES]",
        value_delimiter = ' ',
        hide_env_values = true
    )]
    pub clients: Vec<Client>,

    /// How long a token lives, in seconds.
    #[arg(
        long,
        env = "EFT_SANDBOX_TOKEN_LIFETIME",
        value_name = "SECONDS",
        default_value_t = DEFAULT_TOKEN_LIFETIME,
        value_parser = clap::value_parser!(u64).range(1..=86_400)
    )]
    pub token_lifetime: u64,

    /// How long a session lives before it expires (Expired, EFT0601), in
    /// seconds of the sandbox's clock, counted from its creation.
    #[arg(
        long,
        env = "EFT_SANDBOX_SESSION_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = DEFAULT_SESSION_TIMEOUT,
        value_parser = clap::value_parser!(u64).range(1..=2_592_000)
    )]
    pub session_timeout: u64,

    /// How long a finished session is kept after it ended, in seconds of the
    /// sandbox's clock; then the sandbox forgets it (404).
    #[arg(
        long,
        env = "EFT_SANDBOX_RETENTION",
        value_name = "SECONDS",
        default_value_t = DEFAULT_RETENTION,
        value_parser = clap::value_parser!(u64).range(0..=31_536_000)
    )]
    pub retention: u64,

    /// Whether a token may initiate only one session (true) or any number
    /// until it expires (false).
    #[arg(
        long,
        env = "EFT_SANDBOX_SINGLE_USE_TOKENS",
        value_name = "BOOL",
        default_value_t = true,
        action = ArgAction::Set
    )]
    pub single_use_tokens: bool,

    /// Where SessionSetupStatusChanged webhooks go: http on 127.0.0.1,
    /// `[::1]` or localhost only.
    #[arg(long, env = "EFT_SANDBOX_WEBHOOK_URL", value_name = "URL", value_parser = webhook_url)]
    pub webhook_url: Option<String>,

    /// Where GEFT's GuaranteeOffered webhooks go (http on 127.0.0.1, `[::1]`
    /// or localhost only). Without it, a guarantee offer is accepted
    /// automatically, as the docs say of a client with no guarantee webhook.
    #[arg(
        long,
        env = "EFT_SANDBOX_GUARANTEE_WEBHOOK_URL",
        value_name = "URL",
        value_parser = webhook_url
    )]
    pub guarantee_webhook_url: Option<String>,

    /// The secret webhooks are signed with.
    #[arg(
        long,
        env = "EFT_SANDBOX_WEBHOOK_SECRET",
        value_name = "SECRET",
        default_value = DEFAULT_WEBHOOK_SECRET,
        hide_env_values = true,
        hide_default_value = true
    )]
    pub webhook_secret: String,

    /// Where sessions are kept: sqlite::memory:, sqlite://FILE?mode=rwc or a
    /// postgres:// URL.
    #[arg(
        long,
        env = "EFT_SANDBOX_DATABASE",
        value_name = "URL",
        default_value = DEFAULT_DATABASE,
        hide_env_values = true
    )]
    pub database: String,

    /// The largest request body accepted, in bytes (larger: 413).
    #[arg(
        long,
        env = "EFT_SANDBOX_MAX_BODY_BYTES",
        value_name = "BYTES",
        default_value_t = DEFAULT_MAX_BODY_BYTES
    )]
    pub max_body_bytes: usize,

    /// How many tokens are kept at most; past it, authorize answers 503
    /// until tokens expire.
    #[arg(
        long,
        env = "EFT_SANDBOX_MAX_TOKENS",
        value_name = "TOKENS",
        default_value_t = DEFAULT_MAX_TOKENS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000_000)
    )]
    pub max_tokens: usize,

    /// How many sessions are kept at most, live or within their retention;
    /// past it, creating one answers 503.
    #[arg(
        long,
        env = "EFT_SANDBOX_MAX_SESSIONS",
        value_name = "SESSIONS",
        default_value_t = DEFAULT_MAX_SESSIONS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000_000)
    )]
    pub max_sessions: usize,

    /// How many webhook delivery attempts `GET /sandbox/webhooks` keeps; past
    /// it, the oldest finished attempt goes.
    #[arg(
        long,
        env = "EFT_SANDBOX_WEBHOOK_LOG_SIZE",
        value_name = "ATTEMPTS",
        default_value_t = DEFAULT_WEBHOOK_LOG_SIZE,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000)
    )]
    pub webhook_log_size: usize,

    /// How many of the last API requests `GET /sandbox/requests` keeps (0:
    /// none).
    #[arg(
        long,
        env = "EFT_SANDBOX_REQUEST_LOG_SIZE",
        value_name = "REQUESTS",
        default_value_t = DEFAULT_REQUEST_LOG_SIZE,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=1_000_000)
    )]
    pub request_log_size: usize,

    /// Log level: off, error, warn, info, debug or trace (logs go to stderr).
    #[arg(
        long,
        env = "EFT_SANDBOX_LOG",
        value_name = "LEVEL",
        default_value = "info"
    )]
    pub log: LevelFilter,
}

impl Args {
    /// The settings these flags describe.
    #[must_use]
    pub fn config(&self) -> Config {
        let mut clients = self.clients.clone();
        // The default client stays unless --client replaced it.
        if clients.is_empty() || self.client_id.is_some() || self.client_secret.is_some() {
            clients.insert(
                0,
                Client {
                    id: self.client_id.clone().unwrap_or_else(|| "sandbox".into()),
                    secret: self
                        .client_secret
                        .clone()
                        .unwrap_or_else(|| "sandbox".into()),
                    features: Features::ALL,
                },
            );
        }
        Config {
            clients,
            token_lifetime: Duration::from_secs(self.token_lifetime),
            session_timeout: Duration::from_secs(self.session_timeout),
            retention: Duration::from_secs(self.retention),
            sweep_interval: Duration::from_secs(1),
            single_use_tokens: self.single_use_tokens,
            webhook_url: self.webhook_url.clone(),
            guarantee_webhook_url: self.guarantee_webhook_url.clone(),
            guarantee_retry_delay: DEFAULT_GUARANTEE_RETRY_DELAY,
            webhook_secret: self.webhook_secret.clone().into_bytes(),
            database: self.database.clone(),
            max_body_bytes: self.max_body_bytes,
            request_log_size: self.request_log_size,
            max_tokens: self.max_tokens,
            max_sessions: self.max_sessions,
            webhook_log_size: self.webhook_log_size,
        }
    }
}

/// The sandbox's settings.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// Who may ask for tokens.
    pub clients: Vec<Client>,
    /// How long a token lives.
    pub token_lifetime: Duration,
    /// How long a session lives, from its creation, on the sandbox's clock.
    pub session_timeout: Duration,
    /// How long a finished session is kept after it ended.
    pub retention: Duration,
    /// How often the background sweep runs (expiries, tokens, retention).
    pub sweep_interval: Duration,
    /// Whether a token initiates one session only.
    pub single_use_tokens: bool,
    /// Where `SessionSetupStatusChanged` is sent; loopback only.
    pub webhook_url: Option<String>,
    /// Where `GuaranteeOffered` is sent; loopback only. `None`: guarantee
    /// offers are accepted automatically.
    pub guarantee_webhook_url: Option<String>,
    /// How long the guarantee webhook's delivery waits between attempts.
    pub guarantee_retry_delay: Duration,
    /// The key webhooks are signed with.
    pub webhook_secret: Vec<u8>,
    /// The store's database URL.
    pub database: String,
    /// The largest request body accepted.
    pub max_body_bytes: usize,
    /// How many API requests the request log keeps.
    pub request_log_size: usize,
    /// How many tokens are kept at most.
    pub max_tokens: usize,
    /// How many sessions are kept at most, live or within retention.
    pub max_sessions: usize,
    /// How many webhook delivery attempts the log keeps.
    pub webhook_log_size: usize,
}

impl Config {
    /// One client with every feature, and every other setting at its default
    /// (an in-memory database, no webhook).
    #[must_use]
    pub fn new(client_id: &str, client_secret: &str) -> Self {
        Self {
            clients: vec![Client {
                id: client_id.to_owned(),
                secret: client_secret.to_owned(),
                features: Features::ALL,
            }],
            token_lifetime: Duration::from_secs(DEFAULT_TOKEN_LIFETIME),
            session_timeout: Duration::from_secs(DEFAULT_SESSION_TIMEOUT),
            retention: Duration::from_secs(DEFAULT_RETENTION),
            sweep_interval: Duration::from_secs(1),
            single_use_tokens: true,
            webhook_url: None,
            guarantee_webhook_url: None,
            guarantee_retry_delay: DEFAULT_GUARANTEE_RETRY_DELAY,
            webhook_secret: DEFAULT_WEBHOOK_SECRET.as_bytes().to_vec(),
            database: DEFAULT_DATABASE.to_owned(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            request_log_size: DEFAULT_REQUEST_LOG_SIZE,
            max_tokens: DEFAULT_MAX_TOKENS,
            max_sessions: DEFAULT_MAX_SESSIONS,
            webhook_log_size: DEFAULT_WEBHOOK_LOG_SIZE,
        }
    }
}

/// A client of the API: its credentials and features.
#[derive(Clone, PartialEq, Eq)]
pub struct Client {
    /// The Basic user name.
    pub id: String,
    /// The Basic password.
    pub secret: String,
    /// What it may create.
    pub features: Features,
}

// The secret stays out of logs.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .field("features", &self.features)
            .finish()
    }
}

impl FromStr for Client {
    type Err = String;

    /// `ID:SECRET` (every feature) or `ID:SECRET:FEATURES`.
    fn from_str(spec: &str) -> Result<Self, String> {
        let mut parts = spec.splitn(3, ':');
        let id = parts.next().unwrap_or_default();
        let Some(secret) = parts.next() else {
            return Err(format!(
                "client {id:?} has no secret: write ID:SECRET[:FEATURES]"
            ));
        };
        if id.is_empty() || secret.is_empty() {
            return Err(format!(
                "client {id:?} needs a non-empty id and secret: write ID:SECRET[:FEATURES]"
            ));
        }
        let features = match parts.next() {
            None => Features::ALL,
            Some(list) => list.parse()?,
        };
        Ok(Self {
            id: id.to_owned(),
            secret: secret.to_owned(),
            features,
        })
    }
}

/// The features a client has been given at onboarding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Features {
    /// Creating EFT V2 sessions (`options.guarantee.enable: false`); without
    /// it the provider answers 403.
    pub regular_eft: bool,
}

impl Features {
    /// Every feature the sandbox knows.
    pub const ALL: Self = Self { regular_eft: true };
    /// No feature: GEFT sessions only.
    pub const NONE: Self = Self { regular_eft: false };
}

impl FromStr for Features {
    type Err = String;

    /// A comma-separated list of feature names, case-insensitive; empty for
    /// none.
    fn from_str(list: &str) -> Result<Self, String> {
        let mut features = Self::NONE;
        for name in list
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            if name.eq_ignore_ascii_case("RegularEft") {
                features.regular_eft = true;
            } else {
                return Err(format!(
                    "unknown feature {name:?}: the sandbox knows RegularEft"
                ));
            }
        }
        Ok(features)
    }
}

/// Whether `url` is plain http to this machine: webhooks from the sandbox
/// go nowhere else.
pub fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn webhook_url(url: &str) -> Result<String, String> {
    if is_loopback_url(url) {
        Ok(url.to_owned())
    } else {
        Err(format!(
            "{url:?} is not an http URL on this machine (127.0.0.1, [::1] or localhost)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_spec_names_its_features() {
        let client: Client = "acme:s3cret:".parse().unwrap();
        assert_eq!(
            (client.id.as_str(), client.secret.as_str(), client.features),
            ("acme", "s3cret", Features::NONE)
        );
        let client: Client = "acme:s3cret:regulareft".parse().unwrap();
        assert_eq!(client.features, Features::ALL);
        assert_eq!(
            "acme:s3cret".parse::<Client>().unwrap().features,
            Features::ALL
        );
        assert_eq!(
            "acme:s3cret:Geft".parse::<Client>().unwrap_err(),
            r#"unknown feature "Geft": the sandbox knows RegularEft"#
        );
        assert_eq!(
            "acme".parse::<Client>().unwrap_err(),
            r#"client "acme" has no secret: write ID:SECRET[:FEATURES]"#
        );
        assert!(":x".parse::<Client>().is_err());
    }

    #[test]
    fn the_default_client_stays_unless_replaced() {
        let ids = |args: &[&str]| {
            Args::parse_from(args)
                .config()
                .clients
                .into_iter()
                .map(|client| client.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&["eft-sandbox"]), ["sandbox"]);
        assert_eq!(ids(&["eft-sandbox", "--client", "a:b:"]), ["a"]);
        assert_eq!(
            ids(&["eft-sandbox", "--client-id=main", "--client", "a:b:"]),
            ["main", "a"]
        );
    }

    #[test]
    fn flags_take_both_spellings_and_the_defaults_are_the_authorize_page() {
        let config =
            Args::parse_from(["eft-sandbox", "--port=0", "--token-lifetime", "599"]).config();
        assert_eq!(config.token_lifetime, Duration::from_secs(599));
        let config = Args::parse_from(["eft-sandbox"]).config();
        assert_eq!(config.token_lifetime, Duration::from_secs(299));
        assert!(config.single_use_tokens);
        let args = Args::try_parse_from(["eft-sandbox", "--single-use-tokens=false"]).unwrap();
        assert!(!args.single_use_tokens);
        assert!(
            Args::try_parse_from(["eft-sandbox", "--webhook-url", "http://10.0.0.1/"]).is_err()
        );
        assert_eq!(config.guarantee_webhook_url, None);
        assert!(
            Args::try_parse_from(["eft-sandbox", "--guarantee-webhook-url", "http://10.0.0.1/"])
                .is_err()
        );
        let guaranteed = Args::parse_from([
            "eft-sandbox",
            "--guarantee-webhook-url=http://127.0.0.1:9001/guarantee",
        ])
        .config();
        assert_eq!(
            guaranteed.guarantee_webhook_url.as_deref(),
            Some("http://127.0.0.1:9001/guarantee")
        );
        assert_eq!(guaranteed.webhook_url, None);
        assert!(Args::try_parse_from(["eft-sandbox", "--token-lifetime", "0"]).is_err());
        assert_eq!(config.session_timeout, Duration::from_secs(1800));
        assert_eq!(config.retention, Duration::from_secs(86_400));
        let config =
            Args::parse_from(["eft-sandbox", "--session-timeout=60", "--retention", "0"]).config();
        assert_eq!(
            (config.session_timeout, config.retention),
            (Duration::from_secs(60), Duration::ZERO)
        );
        assert!(Args::try_parse_from(["eft-sandbox", "--session-timeout", "0"]).is_err());
    }
}
