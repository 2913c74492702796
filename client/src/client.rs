//! The async client: the core's flows driven over reqwest, one tracing span
//! per attempt, an audit event per cancellation and guarantee decision.

use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use eft_session::Session;
use eft_session::api::{
    Answer, CallError, CancelFlow, Cancellation, ConfirmFlow, Confirmation, Credentials, Details,
    Exchange, Flow, Initiate, Next, RetryPolicy, Seen, Status, TOKEN_MARGIN, Tokens, Watch,
    WatchError, WatchPolicy,
};
use eft_session::uuid::Uuid;
use eft_session::wire::{
    AccessToken, InitiateSessionResponse, SessionDetailsResponse, SessionStatusResponse,
};
use tracing::Instrument;

use crate::audit;
use crate::transport::Transport;

/// How long one attempt may take, from sending the request to the last
/// byte of its answer: 10 s. A status or cancel answers in well under a
/// second; a slower answer is treated as lost, and retried where that is
/// safe.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a [`Client`] could not be built.
///
/// # Examples
///
/// ```
/// use eft_client::{BuildError, Client};
/// use eft_session::api::Credentials;
///
/// let credentials = Credentials::new("sandbox", "sandbox")?;
/// let err = Client::builder("http://payments.example.com", credentials).build().unwrap_err();
/// assert!(matches!(err, BuildError::Insecure(_)));
/// assert_eq!(err.to_string(), "base URL \"http://payments.example.com\" is plain http to another machine: use https");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse, or is not http(s).
    #[error("base URL {url:?} is not an http(s) URL: {reason}")]
    BadUrl {
        /// The URL given.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// Plain http to another machine: credentials would cross the network
    /// in clear.
    #[error("base URL {0:?} is plain http to another machine: use https")]
    Insecure(String),
    /// reqwest could not build its client.
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// How to build a [`Client`]: the base URL and credentials, and what is
/// left at its default otherwise.
///
/// # Examples
///
/// ```
/// use eft_client::Client;
/// use eft_session::api::{Credentials, RetryPolicy};
/// use std::time::Duration;
///
/// let client = Client::builder("https://payments-uat.flinksapp.com", Credentials::new("id", "secret")?)
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::default().with_max_attempts(6))
///     .build()?;
/// assert_eq!(client.base_url(), "https://payments-uat.flinksapp.com");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
    retry: RetryPolicy,
    watch: WatchPolicy,
    token_margin: Duration,
}

impl ClientBuilder {
    /// How long one attempt may take ([`DEFAULT_TIMEOUT`]).
    ///
    /// # Examples
    ///
    /// See [`ClientBuilder`].
    pub const fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry bounds ([`RetryPolicy::default`]).
    ///
    /// # Examples
    ///
    /// See [`ClientBuilder`].
    pub const fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How [`Client::watch`] polls ([`WatchPolicy::default`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_client::Client;
    /// use eft_session::api::{Credentials, WatchPolicy};
    /// use std::time::Duration;
    ///
    /// let policy = WatchPolicy::default().with_deadline(Duration::from_secs(60));
    /// let client = Client::builder("http://127.0.0.1:8080", Credentials::new("a", "b")?).watch(policy).build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn watch(mut self, watch: WatchPolicy) -> Self {
        self.watch = watch;
        self
    }

    /// How long before its end a token stops being used
    /// ([`TOKEN_MARGIN`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_client::Client;
    /// use eft_session::api::Credentials;
    /// use std::time::Duration;
    ///
    /// let client = Client::builder("http://[::1]:8080", Credentials::new("a", "b")?)
    ///     .token_margin(Duration::from_secs(60))
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn token_margin(mut self, margin: Duration) -> Self {
        self.token_margin = margin;
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`BuildError`] for a base URL that is not http(s), plain http to
    /// another machine than this one, or a failure of reqwest.
    ///
    /// # Examples
    ///
    /// See [`ClientBuilder`].
    pub fn build(self) -> Result<Client, BuildError> {
        let base = checked_base(&self.base_url)?;
        Ok(Client {
            transport: Transport::new(base.clone(), self.timeout)?,
            base,
            tokens: Mutex::new(Tokens::new(self.credentials).with_margin(self.token_margin)),
            retry: self.retry,
            watch: self.watch,
            origin: Instant::now(),
        })
    }
}

/// `url` without its final `/`, if it is https, or http to this machine.
fn checked_base(url: &str) -> Result<String, BuildError> {
    let bad = |reason: &str| BuildError::BadUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|error| bad(&error.to_string()))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it has a query or a fragment"));
    }
    let host = parsed.host_str().ok_or_else(|| bad("it has no host"))?;
    let local = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => return Err(BuildError::Insecure(url.to_owned())),
        other => return Err(bad(&format!("scheme {other:?}"))),
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// A client of the session API: every call with its retries, tokens and
/// reconciliation as the core's [`eft_session::api`] decides them. Cheap
/// to share behind an `Arc`: calls from many tasks share its token.
///
/// # Examples
///
/// ```no_run
/// use eft_client::Client;
/// use eft_session::api::{Credentials, Initiate};
/// use eft_session::wire::InitiateSessionRequest;
/// use eft_session::Product;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::builder("http://127.0.0.1:8080", Credentials::new("sandbox", "sandbox")?).build()?;
/// let created = client.initiate(Initiate::new(InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe"))?).await?;
/// let cancelled = client.cancel(created.session_id).await?;
/// assert!(cancelled.outcome.is_cancelled());
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Client {
    transport: Transport,
    base: String,
    tokens: Mutex<Tokens>,
    retry: RetryPolicy,
    watch: WatchPolicy,
    /// The zero of the monotonic clock the core's policies read.
    origin: Instant,
}

impl Client {
    /// A builder for the API at `base_url` (`https://payments-uat.flinksapp.com`,
    /// or a sandbox on this machine) with `credentials`.
    ///
    /// # Examples
    ///
    /// See [`ClientBuilder`].
    pub fn builder(base_url: impl Into<String>, credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            credentials,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            watch: WatchPolicy::default(),
            token_margin: TOKEN_MARGIN,
        }
    }

    /// The base URL, without a final `/`.
    ///
    /// # Examples
    ///
    /// See [`ClientBuilder`].
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The retry bounds every call runs under.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_client::Client;
    /// use eft_session::api::{Credentials, RetryPolicy};
    ///
    /// let client = Client::builder("http://127.0.0.1:8080", Credentials::new("a", "b")?).build()?;
    /// assert_eq!(client.retry_policy(), RetryPolicy::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    fn tokens(&self) -> MutexGuard<'_, Tokens> {
        // The policy is changed only by whole method calls.
        self.tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    /// Drives any of the core's flows to its end: each request it asks for
    /// is sent in a span of its own (`call`, `attempt`, `path`), each wait
    /// slept.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use eft_client::Client;
    /// use eft_session::api::{Credentials, Exchange, RetryPolicy, Status};
    /// use eft_session::uuid::Uuid;
    ///
    /// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let once = Exchange::new(Status::new(Uuid::nil()), RetryPolicy::none());
    /// let status = client.drive(once).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn drive<F: Flow>(&self, flow: F) -> F::Output {
        self.drive_answered(flow).await.0
    }

    /// [`drive`](Self::drive), also handing back the last answer received
    /// (for a cancel read back, the status that tells its final state), so
    /// that its bytes can be shown as they came: the command line prints
    /// them.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use eft_session::api::{Exchange, RetryPolicy, Status};
    /// use eft_session::uuid::Uuid;
    ///
    /// # async fn run(client: eft_client::Client) {
    /// let (status, answer) = client.drive_answered(Exchange::new(Status::new(Uuid::nil()), RetryPolicy::default())).await;
    /// if let Some(answer) = answer {
    ///     println!("{}", String::from_utf8_lossy(answer.body()));
    /// }
    /// # }
    /// ```
    pub async fn drive_answered<F: Flow>(&self, mut flow: F) -> (F::Output, Option<Answer>) {
        // The last answer of the flow's own calls; of its token fetches
        // only when it made no other (the authorize command).
        let (mut last, mut last_token) = (None, None);
        loop {
            let next = flow.poll(&mut self.tokens(), self.now());
            match next {
                Next::Send(out) => {
                    let span = tracing::info_span!(
                        "attempt",
                        call = %out.call,
                        attempt = out.attempt,
                        path = out.request.path(),
                    );
                    let result = self
                        .transport
                        .send(&out.request)
                        .instrument(span.clone())
                        .await;
                    span.in_scope(|| match &result {
                        Ok(answer) => tracing::debug!(status = answer.status(), "answered"),
                        Err(error) => tracing::info!(%error, "no answer"),
                    });
                    if let Ok(answer) = &result {
                        if out.call == eft_session::api::CallKind::Authorize {
                            last_token = Some(answer.clone());
                        } else {
                            last = Some(answer.clone());
                        }
                    }
                    flow.handle(&mut self.tokens(), self.now(), result, fastrand::u64(..));
                }
                Next::Wait(wait) => tokio::time::sleep(wait).await,
                Next::Done(outcome) => return (outcome, last.or(last_token)),
            }
        }
    }

    /// `POST /api/v1/authorize`: a fresh token, which the client also keeps
    /// for the calls that follow (within the token policy).
    ///
    /// # Errors
    ///
    /// [`CallError`] as the core's retry table decides (a 401 for wrong
    /// credentials is [`CallError::Refused`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: eft_client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let token = client.authorize().await?;
    /// println!("{} s", token.lifetime().as_secs());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn authorize(&self) -> Result<AccessToken, CallError> {
        let call = self.authorize_call();
        let sent_at = self.now();
        let token = self.drive(Exchange::new(call, self.retry)).await?;
        self.tokens().issued(token.clone(), sent_at);
        Ok(token)
    }

    /// The call that fetches a token with the client's credentials.
    pub(crate) fn authorize_call(&self) -> eft_session::api::Authorize {
        self.tokens().authorize()
    }

    /// `POST /api/v2/sessions`: a new session, with a token that initiated
    /// no other. A request whose outcome stays unknown is not repeated
    /// ([`eft_session::api::StopReason::OutcomeUnknown`]): start again.
    ///
    /// # Errors
    ///
    /// [`CallError`] as the core's retry table decides.
    ///
    /// # Examples
    ///
    /// See [`Client`].
    pub async fn initiate(&self, call: Initiate) -> Result<InitiateSessionResponse, CallError> {
        self.drive(Exchange::new(call, self.retry)).await
    }

    /// `GET /api/v2/sessions/{sessionId}/status`.
    ///
    /// # Errors
    ///
    /// [`CallError`] as the core's retry table decides.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: eft_client::Client, id: eft_session::uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
    /// let report = client.status(id).await?;
    /// println!("{}", report.state());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn status(&self, session_id: Uuid) -> Result<SessionStatusResponse, CallError> {
        self.drive(Exchange::new(Status::new(session_id), self.retry))
            .await
    }

    /// `GET /api/v2/sessions/{sessionId}/details`.
    ///
    /// # Errors
    ///
    /// [`CallError`] as the core's retry table decides.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: eft_client::Client, id: eft_session::uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
    /// let details = client.details(id).await?;
    /// println!("{:?}", details.step);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn details(&self, session_id: Uuid) -> Result<SessionDetailsResponse, CallError> {
        self.drive(Exchange::new(Details::new(session_id), self.retry))
            .await
    }

    /// `POST /api/v2/sessions/{sessionId}/cancel`, retried, a 400 read back
    /// by the status ([`CancelFlow`]); every outcome, failures included, is
    /// an audit event (target `eft_client::audit`).
    ///
    /// # Errors
    ///
    /// [`CallError`] when the session could not be cancelled nor its final
    /// state read.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use eft_session::api::CancelOutcome;
    ///
    /// # async fn run(client: eft_client::Client, id: eft_session::uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
    /// match client.cancel(id).await?.outcome {
    ///     CancelOutcome::Cancelled(_) | CancelOutcome::AlreadyCancelled(_) => println!("cancelled"),
    ///     CancelOutcome::AlreadyEnded(report) => println!("too late: {}", report.state()),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn cancel(&self, session_id: Uuid) -> Result<Cancellation, CallError> {
        let flow = CancelFlow::new(session_id, self.retry);
        let outcome = self.drive(flow).await;
        audit::cancellation(session_id, &outcome);
        outcome
    }

    /// `POST /api/v2/sessions/{sessionId}/guarantees/confirm` (GEFT):
    /// accepts or rejects the pending offer, retried, a 409 or 400 read
    /// back by the details ([`ConfirmFlow`]); an audit event either way.
    ///
    /// # Errors
    ///
    /// [`CallError`] when the decision could not be taken nor read back.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: eft_client::Client, id: eft_session::uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
    /// let confirmed = client.confirm_guarantee(id, true).await?;
    /// assert!(confirmed.outcome.is_decided());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn confirm_guarantee(
        &self,
        session_id: Uuid,
        accepted: bool,
    ) -> Result<Confirmation, CallError> {
        let flow = ConfirmFlow::new(session_id, accepted, self.retry);
        let outcome = self.drive(flow).await;
        audit::confirmation(session_id, accepted, &outcome);
        outcome
    }

    /// Follows `session` (as the caller holds it) to its final state,
    /// polling its status as the watch policy says; `seen` is called with
    /// every answer, in order.
    ///
    /// # Errors
    ///
    /// [`WatchError`]: a poll that failed, a report that contradicts the
    /// session (kept whole), or the deadline.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use eft_session::Session;
    ///
    /// # async fn run(client: eft_client::Client, id: eft_session::uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
    /// let done = client.watch(Session::new(id, None), |seen| println!("{}", seen.report.state())).await?;
    /// println!("ended {}", done.state());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn watch(
        &self,
        session: Session,
        seen: impl FnMut(&Seen),
    ) -> Result<Session, WatchError> {
        self.watch_with(session, self.watch, seen).await
    }

    /// [`watch`](Self::watch) under another policy than the client's.
    ///
    /// # Errors
    ///
    /// As [`watch`](Self::watch).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use eft_session::api::WatchPolicy;
    /// use eft_session::Session;
    /// use std::time::Duration;
    ///
    /// # async fn run(client: eft_client::Client, id: eft_session::uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
    /// let brief = WatchPolicy::default().with_deadline(Duration::from_secs(60));
    /// client.watch_with(Session::new(id, None), brief, |_| {}).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn watch_with(
        &self,
        session: Session,
        policy: WatchPolicy,
        mut seen: impl FnMut(&Seen),
    ) -> Result<Session, WatchError> {
        let mut watch = Watch::new(session, policy, self.retry);
        loop {
            let next = watch.poll(&mut self.tokens(), self.now());
            while let Some(report) = watch.next_seen() {
                seen(&report);
            }
            match next {
                Next::Send(out) => {
                    let span =
                        tracing::info_span!("attempt", call = %out.call, attempt = out.attempt);
                    let result = self.transport.send(&out.request).instrument(span).await;
                    watch.handle(&mut self.tokens(), self.now(), result, fastrand::u64(..));
                }
                Next::Wait(wait) => tokio::time::sleep(wait).await,
                Next::Done(outcome) => {
                    while let Some(report) = watch.next_seen() {
                        seen(&report);
                    }
                    return outcome;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_https_or_this_machine() {
        assert_eq!(
            checked_base("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(checked_base("http://localhost:1").is_ok());
        assert!(checked_base("http://[::1]:1").is_ok());
        assert!(checked_base("https://payments.flinksapp.com").is_ok());
        assert!(matches!(
            checked_base("http://10.0.0.1"),
            Err(BuildError::Insecure(_))
        ));
        assert!(matches!(
            checked_base("ftp://127.0.0.1"),
            Err(BuildError::BadUrl { .. })
        ));
        assert!(matches!(
            checked_base("not a url"),
            Err(BuildError::BadUrl { .. })
        ));
        assert!(matches!(
            checked_base("https://a.example/?x=1"),
            Err(BuildError::BadUrl { .. })
        ));
    }
}
