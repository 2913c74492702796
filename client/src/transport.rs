//! The only I/O: a request of the core sent with reqwest, and what came
//! back handed over as an [`Answer`] or a [`TransportError`].

use std::time::Duration;

use eft_session::api::{Answer, Request, TransportError, TransportErrorKind};

/// reqwest, bound to the API's base URL.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    base: String,
}

impl Transport {
    /// A transport to `base` whose every attempt ends within `timeout`.
    pub(crate) fn new(base: String, timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("eft-client/", env!("CARGO_PKG_VERSION")))
            // A redirect would resend credentials elsewhere; the API has none.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self { http, base })
    }

    /// Sends `request` and reads the whole answer.
    pub(crate) async fn send(&self, request: &Request) -> Result<Answer, TransportError> {
        let not_sent = |error: &dyn std::fmt::Display| {
            TransportError::new(TransportErrorKind::Connect, error.to_string())
        };
        let request = request
            .to_http(&self.base)
            .map_err(|error| not_sent(&error))?;
        let request = reqwest::Request::try_from(request).map_err(|error| not_sent(&error))?;
        let response = self.http.execute(request).await.map_err(failure)?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
            .collect();
        let body = response.bytes().await.map_err(failure)?;
        Ok(headers.into_iter().fold(
            Answer::new(status, body.to_vec()),
            |answer, (name, value)| answer.with_header(name, value),
        ))
    }
}

/// reqwest's error as the core's: a connection never made, a time-out, or
/// a connection that broke with the request sent.
fn failure(error: reqwest::Error) -> TransportError {
    let kind = if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Interrupted
    };
    TransportError::new(kind, chain(&error))
}

/// An error and its causes, `: `-separated.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let shown = cause.to_string();
        if !text.contains(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        source = cause.source();
    }
    text
}
