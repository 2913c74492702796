//! Every error as an RFC 7807 body (`application/problem+json`), the crate's
//! `ProblemDetails`, with `status` equal to the HTTP status. What axum would
//! answer itself (an unknown route or method, a body too large, a path that
//! is not a UUID) goes through here too, so no answer is text/plain or empty.

use std::borrow::Cow;
use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use eft_session::uuid::Uuid;
use eft_session::wire::ProblemDetails;
use eft_session_store::StoreError;

/// An error answer: a problem body and the headers that go with it (such as
/// `WWW-Authenticate`).
#[derive(Debug)]
pub struct Problem {
    body: Box<ProblemDetails>,
    headers: HeaderMap,
}

impl Problem {
    /// A problem of `status` with `title`, and `detail` saying what happened.
    pub fn new(status: u16, title: &'static str, detail: impl Into<String>) -> Self {
        Self::from(ProblemDetails::new(status, title).with_detail(detail))
    }

    /// The same problem with a header.
    pub fn with_header(mut self, name: HeaderName, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.insert(name, value);
        }
        self
    }

    /// The same problem with one field's message in `errors`.
    pub fn with_error(mut self, field: &str, message: impl Into<String>) -> Self {
        self.body
            .errors
            .get_or_insert_with(BTreeMap::new)
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
        self
    }

    /// The answer to a store error about session `id`: the crate's body for
    /// a refused step or an unknown id, 500/503 for the database's troubles.
    pub fn from_store(id: Uuid, error: &StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => ProblemDetails::session_not_found(id).into(),
            StoreError::Transition(refused) => {
                ProblemDetails::for_transition_error(id, refused).into()
            }
            StoreError::Observe(refused) => ProblemDetails::from(refused).into(),
            other => {
                tracing::error!(session = %id, error = %other, "store failed");
                let status = other.http_status();
                let title = match status {
                    409 => "Session Already Exists",
                    500 => "Stored Session Unreadable",
                    _ => "Storage Unavailable",
                };
                Self::new(status, title, other.to_string())
            }
        }
    }

    /// What went wrong in this case.
    #[cfg(test)]
    pub fn detail(&self) -> Option<&str> {
        self.body.detail.as_deref()
    }

    /// The HTTP status of this problem.
    pub fn status(&self) -> StatusCode {
        self.body
            .status
            .and_then(|status| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<ProblemDetails> for Problem {
    fn from(mut body: ProblemDetails) -> Self {
        // `ProblemDetails::new` names the RFC 9110 section of the statuses
        // the provider documents; these are the sandbox's own.
        if body.problem_type.is_none() {
            body.problem_type = match body.status {
                Some(405) => Some("https://tools.ietf.org/html/rfc9110#section-15.5.6"),
                Some(413) => Some("https://tools.ietf.org/html/rfc9110#section-15.5.14"),
                Some(415) => Some("https://tools.ietf.org/html/rfc9110#section-15.5.16"),
                Some(503) => Some("https://tools.ietf.org/html/rfc9110#section-15.6.4"),
                _ => None,
            }
            .map(Cow::Borrowed);
        }
        Self {
            body: Box::new(body),
            headers: HeaderMap::new(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        // A struct of strings always serializes; the fallback keeps even an
        // impossible failure a problem body.
        let bytes = serde_json::to_vec(&self.body)
            .unwrap_or_else(|_| format!(r#"{{"status":{}}}"#, status.as_u16()).into_bytes());
        let mut response = (
            status,
            [(header::CONTENT_TYPE, ProblemDetails::CONTENT_TYPE)],
            bytes,
        )
            .into_response();
        response.headers_mut().extend(self.headers);
        response
    }
}

/// The fallback of the router: 404 for a path it does not serve.
pub async fn not_found(method: Method, uri: Uri) -> Problem {
    Problem::new(
        404,
        "Not Found",
        format!("no route for {method} {}", uri.path()),
    )
}

/// 405 for a served path asked with another method; axum adds `Allow`.
pub async fn method_not_allowed(method: Method, uri: Uri) -> Problem {
    Problem::new(
        405,
        "Method Not Allowed",
        format!("{method} is not allowed on {} (see Allow)", uri.path()),
    )
}

/// The `{id}` of a session path, a UUID; otherwise 400 naming the value.
pub struct SessionId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for SessionId {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|rejection| Problem::new(400, "Invalid Session Id", rejection.body_text()))?;
        let text = params
            .iter()
            .find(|(name, _)| *name == "id")
            .map(|(_, value)| value)
            .unwrap_or_default();
        Uuid::try_parse(text).map(Self).map_err(|_| {
            Problem::new(
                400,
                "Invalid Session Id",
                format!("session id {text:?} is not a UUID"),
            )
            .with_error("sessionId", format!("{text:?} is not a UUID"))
        })
    }
}

/// A request body read whole: 413 past the limit, 400 if it breaks off.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        Bytes::from_request(request, state)
            .await
            .map(Self)
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    Problem::new(
                        413,
                        "Payload Too Large",
                        "the body is larger than the sandbox accepts (--max-body-bytes)",
                    )
                } else {
                    Problem::new(400, "Invalid Body", rejection.body_text())
                }
            })
    }
}

/// A JSON body: 415 unless `Content-Type` is `application/json` or
/// `application/*+json`, 400 for a syntax error, 413 past the limit.
pub struct JsonBody(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        require_media_type(request.headers(), is_json, "application/json")?;
        let Body(bytes) = Body::from_request(request, state).await?;
        serde_json::from_slice(&bytes).map(Self).map_err(|error| {
            Problem::new(
                400,
                "Invalid Body",
                format!("the body is not JSON: {error}"),
            )
        })
    }
}

/// 415 unless the request's `Content-Type` is one `accepts` takes.
pub fn require_media_type(
    headers: &HeaderMap,
    accepts: fn(&str) -> bool,
    wanted: &str,
) -> Result<(), Problem> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(unsupported(format!(
            "the request has no Content-Type: send {wanted}"
        )));
    };
    let text = value.to_str().unwrap_or_default();
    let essence = text.split(';').next().unwrap_or_default().trim();
    if accepts(&essence.to_ascii_lowercase()) {
        Ok(())
    } else {
        Err(unsupported(format!(
            "content type {text:?} is not accepted here: send {wanted}"
        )))
    }
}

fn unsupported(detail: String) -> Problem {
    Problem::new(415, "Unsupported Media Type", detail)
}

/// `application/json` or a `+json` type (`application/problem+json`…).
pub fn is_json(essence: &str) -> bool {
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.ends_with("+json"))
}

/// `application/x-www-form-urlencoded`.
pub fn is_form(essence: &str) -> bool {
    essence == "application/x-www-form-urlencoded"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("text/json+x"));
        assert!(!is_json("application/jsonp"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Application/JSON; charset=utf-8"),
        );
        assert!(require_media_type(&headers, is_json, "application/json").is_ok());
    }
}
