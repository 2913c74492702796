//! `SessionSetupStatusChanged` deliveries: one signed POST when a session
//! reaches `Completed`, `Failed` or `Cancelled`, never retried (the provider
//! sends each event once), to loopback addresses only.

use axum::http::header;
use eft_session::webhook::{self, SIGNATURE_HEADER};
use eft_session::wire::{InProduct, SessionSetupStatusChanged, SessionStatusResponse};
use eft_session::{Product, SessionStatus, Transition};

use crate::config::Config;

/// Sends the webhook for `step` if it entered a notified state; the step
/// into a state happens once, and so does the call.
pub fn notify(
    config: &Config,
    client: &reqwest::Client,
    step: Transition,
    product: Product,
    report: SessionStatusResponse,
) {
    let notified = matches!(
        step.to(),
        SessionStatus::Completed | SessionStatus::Failed | SessionStatus::Cancelled
    );
    let Some(url) = config.webhook_url.clone().filter(|_| notified) else {
        return;
    };
    let event = SessionSetupStatusChanged::new(crate::now(), report);
    let body = match serde_json::to_vec(&InProduct(product, &event)) {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%url, %error, "webhook body not written");
            return;
        }
    };
    let signature = webhook::sign(&config.webhook_secret, &body).to_string();
    let client = client.clone();
    let session = event.report().session_id();
    tokio::spawn(async move {
        let sent = client
            .post(&url)
            .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(answer) => tracing::info!(
                %url,
                %session,
                status = answer.status().as_u16(),
                "webhook delivered"
            ),
            Err(error) => {
                // reqwest's own message is generic; the cause (refused,
                // timed out) is in its sources.
                let mut message = error.to_string();
                let mut source = std::error::Error::source(&error);
                while let Some(cause) = source {
                    message.push_str(": ");
                    message.push_str(&cause.to_string());
                    source = cause.source();
                }
                tracing::warn!(%url, %session, error = %message, "webhook not delivered");
            }
        }
    });
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
