//! One type per documented call: it builds the request and reads the
//! answer into the call's body, or an [`ApiError`] that says which answer
//! it was.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use base64::Engine;
use uuid::Uuid;

use super::{Answer, ApiError, Credentials, Method, Request};
use crate::wire::{
    AccessToken, CancelSessionResponse, ConfirmGuaranteeRequest, ConfirmGuaranteeResponse,
    InitiateSessionRequest, InitiateSessionResponse, SessionDetailsResponse, SessionStatusResponse,
    Violations,
};

const JSON: &str = "application/json";

/// The six documented calls, for what is decided per call: its method,
/// its route, the token it needs and whether it may be repeated.
///
/// # Examples
///
/// ```
/// use eft_session::api::{CallKind, Idempotence, Method, TokenUse};
///
/// let cancel = CallKind::Cancel;
/// assert_eq!((cancel.method(), cancel.route()), (Method::Post, "/api/v2/sessions/{sessionId}/cancel"));
/// assert_eq!(cancel.token_use(), TokenUse::Any);
/// assert_eq!(cancel.idempotence(), Idempotence::Reconciled);
/// assert_eq!(CallKind::Initiate.token_use(), TokenUse::Unspent);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum CallKind {
    /// `POST /api/v1/authorize`: a bearer token for the client's credentials.
    Authorize,
    /// `POST /api/v2/sessions`: a new session.
    Initiate,
    /// `GET /api/v2/sessions/{sessionId}/status`.
    Status,
    /// `GET /api/v2/sessions/{sessionId}/details`.
    Details,
    /// `POST /api/v2/sessions/{sessionId}/cancel`.
    Cancel,
    /// `POST /api/v2/sessions/{sessionId}/guarantees/confirm` (GEFT).
    ConfirmGuarantee,
}

impl CallKind {
    /// Every call, in the order above.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::CallKind::all().count(), 6);
    /// ```
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// Its method.
    ///
    /// # Examples
    ///
    /// ```
    /// use eft_session::api::{CallKind, Method};
    ///
    /// assert_eq!(CallKind::Details.method(), Method::Get);
    /// ```
    #[must_use]
    pub const fn method(self) -> Method {
        match self {
            Self::Status | Self::Details => Method::Get,
            Self::Authorize | Self::Initiate | Self::Cancel | Self::ConfirmGuarantee => {
                Method::Post
            }
        }
    }

    /// Its route, as the docs write it.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::CallKind::Authorize.route(), "/api/v1/authorize");
    /// ```
    #[must_use]
    pub const fn route(self) -> &'static str {
        match self {
            Self::Authorize => "/api/v1/authorize",
            Self::Initiate => "/api/v2/sessions",
            Self::Status => "/api/v2/sessions/{sessionId}/status",
            Self::Details => "/api/v2/sessions/{sessionId}/details",
            Self::Cancel => "/api/v2/sessions/{sessionId}/cancel",
            Self::ConfirmGuarantee => "/api/v2/sessions/{sessionId}/guarantees/confirm",
        }
    }

    /// Its name in messages and logs.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(eft_session::api::CallKind::ConfirmGuarantee.as_str(), "confirm");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Authorize => "authorize",
            Self::Initiate => "initiate",
            Self::Status => "status",
            Self::Details => "details",
            Self::Cancel => "cancel",
            Self::ConfirmGuarantee => "confirm",
        }
    }
}

impl fmt::Display for CallKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One documented call: the request it sends and how it reads the answer.
///
/// The calls are pure values: building a request and reading an answer do
/// no I/O, so a call is tested with bytes and driven by any HTTP library,
/// directly or through an [`Exchange`](super::Exchange) that adds the
/// retries and the token.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Call, Status};
/// use eft_session::SessionStatus;
/// use uuid::Uuid;
///
/// let id = Uuid::parse_str("850750a4-3021-4061-ac03-a8d873aa4179")?;
/// let call = Status::new(id);
/// let request = call.request(None);
/// // ... send `request` with any HTTP client, then:
/// let answer = Answer::new(200, br#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":null,
///     "amount":null,"status":"InProgress","statusDetails":null}"#.to_vec())
///     .with_header("content-type", "application/json; charset=utf-8");
/// assert_eq!(call.read(answer)?.status(), SessionStatus::InProgress);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Call {
    /// The body of its success.
    type Output: Clone + fmt::Debug;

    /// Which call it is.
    fn kind(&self) -> CallKind;

    /// The request, with `token` as its bearer where the call takes one
    /// ([`CallKind::token_use`]; authorize sends the credentials instead).
    fn request(&self, token: Option<&AccessToken>) -> Request;

    /// The answer read into the success body, or the [`ApiError`] it is.
    ///
    /// # Errors
    ///
    /// An [`ApiError`] for every answer that is not the call's success,
    /// and for a success whose body cannot be taken in.
    fn read(&self, answer: Answer) -> Result<Self::Output, ApiError>;
}

/// The request to a call's route, with `Accept` and a bearer token when
/// one is given.
fn request_to(kind: CallKind, path: String, token: Option<&AccessToken>) -> Request {
    let request = Request::new(kind.method(), path).header_set("accept", String::from(JSON));
    match token {
        Some(token) => {
            request.header_set("authorization", format!("Bearer {}", token.access_token()))
        }
        None => request,
    }
}

fn session_path(id: Uuid, leaf: &str) -> String {
    format!("/api/v2/sessions/{id}/{leaf}")
}

/// The success of `kind` in `answer` (one of the statuses in `success`,
/// with a JSON body), read by `decode`; anything else is an [`ApiError`].
fn read_success<T>(
    kind: CallKind,
    answer: Answer,
    success: &[u16],
    decode: impl FnOnce(&[u8]) -> Result<T, String>,
) -> Result<T, ApiError> {
    if !success.contains(&answer.status()) {
        return Err(ApiError::refusal(kind, answer));
    }
    let problem = if answer.body().is_empty() {
        String::from("the body is empty")
    } else if !answer.is_json() {
        format!(
            "the body is {}, not JSON",
            answer.media_type().unwrap_or_default()
        )
    } else {
        match decode(answer.body()) {
            Ok(body) => return Ok(body),
            Err(problem) => problem,
        }
    };
    Err(ApiError::undocumented(kind, answer, problem))
}

/// `bytes` as text: the crate's own readers take `&str`.
fn text(bytes: &[u8]) -> Result<&str, String> {
    core::str::from_utf8(bytes).map_err(|error| format!("the body is not UTF-8: {error}"))
}

/// A body about `id`, or the contradiction named.
fn about<T>(expected: Uuid, reported: Uuid, body: T) -> Result<T, String> {
    if reported == expected {
        Ok(body)
    } else {
        Err(format!(
            "the answer is about session {reported}, not {expected}"
        ))
    }
}

/// `POST /api/v1/authorize`: HTTP Basic with the client's id and secret, a
/// form with `grant_type=client_credentials`; its success is an
/// [`AccessToken`].
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Authorize, Call, Credentials};
///
/// let call = Authorize::new(&Credentials::new("sandbox", "sandbox")?);
/// let request = call.request(None);
/// assert_eq!(request.header("authorization"), Some("Basic c2FuZGJveDpzYW5kYm94"));
/// assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
/// assert_eq!(request.body(), b"grant_type=client_credentials");
///
/// let answer = Answer::new(200, br#"{"access_token":"abc","token_type":"bearer","expires_in":299}"#.to_vec())
///     .with_header("content-type", "application/json");
/// assert_eq!(call.read(answer)?.access_token(), "abc");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Authorize {
    basic: String,
}

impl Authorize {
    /// The call for `credentials`.
    ///
    /// # Examples
    ///
    /// See [`Authorize`].
    #[must_use]
    pub fn new(credentials: &Credentials) -> Self {
        let pair = format!("{}:{}", credentials.client_id(), credentials.secret());
        Self {
            basic: base64::engine::general_purpose::STANDARD.encode(pair),
        }
    }
}

/// Without the credentials.
impl fmt::Debug for Authorize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Authorize { .. }")
    }
}

impl Call for Authorize {
    type Output = AccessToken;

    fn kind(&self) -> CallKind {
        CallKind::Authorize
    }

    fn request(&self, _token: Option<&AccessToken>) -> Request {
        Request::new(Method::Post, String::from(CallKind::Authorize.route()))
            .header_set("accept", String::from(JSON))
            .header_set("authorization", format!("Basic {}", self.basic))
            .body_set(
                "application/x-www-form-urlencoded",
                b"grant_type=client_credentials".to_vec(),
            )
    }

    fn read(&self, answer: Answer) -> Result<AccessToken, ApiError> {
        read_success(CallKind::Authorize, answer, &[200], |body| {
            serde_json::from_slice(body).map_err(|error| error.to_string())
        })
    }
}

/// `POST /api/v2/sessions`: creates a session from a request checked by
/// its product's rules before anything is sent; its success is the
/// [`InitiateSessionResponse`] (201, as the OpenAPI file says; a 200 is
/// read too, since the prose pages state no code).
///
/// # Examples
///
/// ```
/// use eft_session::api::{Call, Initiate};
/// use eft_session::wire::{AccessToken, InitiateSessionRequest};
/// use eft_session::Product;
///
/// let mut request = InitiateSessionRequest::new(Product::EftV2, "Jane", "Doe");
/// request.reference_id = Some("USER12345".into());
/// let call = Initiate::new(request)?;
/// let sent = call.request(Some(&AccessToken::new("tok", 299)));
/// assert!(sent.body().starts_with(br#"{"type":"EFT","direction":"DEBIT","referenceId":"USER12345""#));
///
/// // Invalid requests are refused before they are sent.
/// let bad = InitiateSessionRequest::new(Product::EftV2, "", "Doe");
/// assert_eq!(Initiate::new(bad).unwrap_err().fields().collect::<Vec<_>>(), ["payor.firstName"]);
/// # Ok::<(), eft_session::wire::Violations>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Initiate {
    body: Vec<u8>,
}

impl Initiate {
    /// The call for `request`, once it passes
    /// [`validate`](InitiateSessionRequest::validate).
    ///
    /// # Errors
    ///
    /// Every rule the request breaks.
    ///
    /// # Examples
    ///
    /// See [`Initiate`].
    pub fn new(request: InitiateSessionRequest) -> Result<Self, Violations> {
        request.validate()?;
        // A request of strings, numbers and booleans always serializes.
        let body = serde_json::to_vec(&request).unwrap_or_default();
        Ok(Self { body })
    }
}

impl Call for Initiate {
    type Output = InitiateSessionResponse;

    fn kind(&self) -> CallKind {
        CallKind::Initiate
    }

    fn request(&self, token: Option<&AccessToken>) -> Request {
        request_to(
            CallKind::Initiate,
            String::from(CallKind::Initiate.route()),
            token,
        )
        .body_set(JSON, self.body.clone())
    }

    fn read(&self, answer: Answer) -> Result<InitiateSessionResponse, ApiError> {
        read_success(CallKind::Initiate, answer, &[201, 200], |body| {
            serde_json::from_slice(body).map_err(|error| error.to_string())
        })
    }
}

/// `GET /api/v2/sessions/{sessionId}/status`, read by the crate's own
/// reader; the token is optional (two of the three GEFT pages ask for none).
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Call, Status};
/// use uuid::Uuid;
///
/// let other = br#"{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","status":"Expired","statusDetails":"EFT0601"}"#;
/// let answer = Answer::new(200, other.to_vec()).with_header("content-type", "application/json");
/// let err = Status::new(Uuid::nil()).read(answer).unwrap_err();
/// assert_eq!(err.reason(), "the answer is about session 850750a4-3021-4061-ac03-a8d873aa4179, not 00000000-0000-0000-0000-000000000000");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Status {
    session_id: Uuid,
}

impl Status {
    /// The call for session `session_id`.
    ///
    /// # Examples
    ///
    /// See [`Status`].
    #[must_use]
    pub const fn new(session_id: Uuid) -> Self {
        Self { session_id }
    }
}

impl Call for Status {
    type Output = SessionStatusResponse;

    fn kind(&self) -> CallKind {
        CallKind::Status
    }

    fn request(&self, token: Option<&AccessToken>) -> Request {
        request_to(
            CallKind::Status,
            session_path(self.session_id, "status"),
            token,
        )
    }

    fn read(&self, answer: Answer) -> Result<SessionStatusResponse, ApiError> {
        read_success(CallKind::Status, answer, &[200], |body| {
            let report =
                SessionStatusResponse::from_json(text(body)?).map_err(|error| error.to_string())?;
            about(self.session_id, report.session_id(), report)
        })
    }
}

/// `GET /api/v2/sessions/{sessionId}/details`.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Call, Details};
/// use eft_session::SessionStatus;
/// use uuid::Uuid;
///
/// let body = br#"{"sessionId":"00000000-0000-0000-0000-000000000000","status":"Initiated","payor":{"account":null}}"#;
/// let answer = Answer::new(200, body.to_vec()).with_header("content-type", "application/json");
/// assert_eq!(Details::new(Uuid::nil()).read(answer)?.status, SessionStatus::Initiated);
/// # Ok::<(), eft_session::api::ApiError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Details {
    session_id: Uuid,
}

impl Details {
    /// The call for session `session_id`.
    ///
    /// # Examples
    ///
    /// See [`Details`].
    #[must_use]
    pub const fn new(session_id: Uuid) -> Self {
        Self { session_id }
    }
}

impl Call for Details {
    type Output = SessionDetailsResponse;

    fn kind(&self) -> CallKind {
        CallKind::Details
    }

    fn request(&self, token: Option<&AccessToken>) -> Request {
        request_to(
            CallKind::Details,
            session_path(self.session_id, "details"),
            token,
        )
    }

    fn read(&self, answer: Answer) -> Result<SessionDetailsResponse, ApiError> {
        read_success(CallKind::Details, answer, &[200], |body| {
            let details: SessionDetailsResponse =
                serde_json::from_slice(body).map_err(|error| error.to_string())?;
            about(self.session_id, details.session_id, details)
        })
    }
}

/// `POST /api/v2/sessions/{sessionId}/cancel`, no body; its success is
/// `Cancelled` with `EFT0501`. [`CancelFlow`](super::CancelFlow) adds what
/// a retried cancel needs.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Call, Cancel};
/// use eft_session::wire::AccessToken;
/// use uuid::Uuid;
///
/// let call = Cancel::new(Uuid::nil());
/// assert!(call.request(Some(&AccessToken::new("t", 299))).body().is_empty());
/// let body = br#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null,"status":"Canceled","statusDetails":"EFT0501"}"#;
/// let answer = Answer::new(200, body.to_vec()).with_header("content-type", "application/json");
/// assert_eq!(call.read(answer)?.session_id(), Uuid::nil());
/// # Ok::<(), eft_session::api::ApiError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cancel {
    session_id: Uuid,
}

impl Cancel {
    /// The call for session `session_id`.
    ///
    /// # Examples
    ///
    /// See [`Cancel`].
    #[must_use]
    pub const fn new(session_id: Uuid) -> Self {
        Self { session_id }
    }
}

impl Call for Cancel {
    type Output = CancelSessionResponse;

    fn kind(&self) -> CallKind {
        CallKind::Cancel
    }

    fn request(&self, token: Option<&AccessToken>) -> Request {
        request_to(
            CallKind::Cancel,
            session_path(self.session_id, "cancel"),
            token,
        )
    }

    fn read(&self, answer: Answer) -> Result<CancelSessionResponse, ApiError> {
        read_success(CallKind::Cancel, answer, &[200], |body| {
            let cancelled =
                CancelSessionResponse::from_json(text(body)?).map_err(|error| error.to_string())?;
            about(self.session_id, cancelled.session_id(), cancelled)
        })
    }
}

/// `POST /api/v2/sessions/{sessionId}/guarantees/confirm` (GEFT): accepts or
/// rejects the pending guarantee offer.
/// [`ConfirmFlow`](super::ConfirmFlow) adds what a retried confirm needs.
///
/// # Examples
///
/// ```
/// use eft_session::api::{Answer, Call, ConfirmGuarantee};
/// use uuid::Uuid;
///
/// let call = ConfirmGuarantee::new(Uuid::nil(), false);
/// assert_eq!(call.accepted(), false);
/// let answer = Answer::new(200, br#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":"Happy1"}"#.to_vec());
/// assert_eq!(call.read(answer)?.session_id(), Uuid::nil());
/// # Ok::<(), eft_session::api::ApiError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConfirmGuarantee {
    session_id: Uuid,
    accepted: bool,
}

impl ConfirmGuarantee {
    /// The call that accepts (`true`) or rejects (`false`) session
    /// `session_id`'s offer.
    ///
    /// # Examples
    ///
    /// See [`ConfirmGuarantee`].
    #[must_use]
    pub const fn new(session_id: Uuid, accepted: bool) -> Self {
        Self {
            session_id,
            accepted,
        }
    }

    /// Whether it accepts the offer.
    ///
    /// # Examples
    ///
    /// See [`ConfirmGuarantee`].
    #[must_use]
    pub const fn accepted(&self) -> bool {
        self.accepted
    }
}

impl Call for ConfirmGuarantee {
    type Output = ConfirmGuaranteeResponse;

    fn kind(&self) -> CallKind {
        CallKind::ConfirmGuarantee
    }

    fn request(&self, token: Option<&AccessToken>) -> Request {
        let body = ConfirmGuaranteeRequest {
            guarantee_accepted: self.accepted,
        };
        request_to(
            CallKind::ConfirmGuarantee,
            session_path(self.session_id, "guarantees/confirm"),
            token,
        )
        // A struct of one boolean always serializes.
        .body_set(JSON, serde_json::to_vec(&body).unwrap_or_default())
    }

    fn read(&self, answer: Answer) -> Result<ConfirmGuaranteeResponse, ApiError> {
        read_success(CallKind::ConfirmGuarantee, answer, &[200], |body| {
            let confirmed: ConfirmGuaranteeResponse =
                serde_json::from_slice(body).map_err(|error| error.to_string())?;
            about(self.session_id, confirmed.session_id(), confirmed)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(status: u16, body: &str) -> Answer {
        Answer::new(status, body.as_bytes().to_vec())
            .with_header("content-type", "application/json; charset=utf-8")
    }

    #[test]
    fn every_route_is_the_documented_one() {
        let id = Uuid::nil();
        let token = AccessToken::new("t", 299);
        let paths = [
            Status::new(id).request(None),
            Details::new(id).request(Some(&token)),
            Cancel::new(id).request(Some(&token)),
            ConfirmGuarantee::new(id, true).request(Some(&token)),
        ]
        .map(|request| request.path().to_string());
        let routes = [
            CallKind::Status,
            CallKind::Details,
            CallKind::Cancel,
            CallKind::ConfirmGuarantee,
        ]
        .map(|kind| kind.route().replace("{sessionId}", &id.to_string()));
        assert_eq!(paths, routes);
    }

    #[test]
    fn a_truncated_success_is_undocumented_and_kept() {
        let cut = r#"{"sessionId":"00000000-0000-0000-0000-000000000000","status":"Canc"#;
        let err = Cancel::new(Uuid::nil()).read(json(200, cut)).unwrap_err();
        assert_eq!(err.kind(), super::super::ApiErrorKind::Undocumented);
        assert_eq!(err.body(), cut.as_bytes());
        assert!(err.reason().starts_with("invalid JSON at byte"), "{err}");
    }

    #[test]
    fn a_success_that_contradicts_itself_is_undocumented() {
        let body = r#"{"sessionId":"00000000-0000-0000-0000-000000000000","status":"Expired","statusDetails":"EFT0601"}"#;
        let err = Cancel::new(Uuid::nil()).read(json(200, body)).unwrap_err();
        assert_eq!(
            err.reason(),
            "a cancel response must be Cancelled, not Expired"
        );
    }

    #[test]
    fn initiate_reads_201_and_200_but_not_202() {
        let request = InitiateSessionRequest::new(crate::Product::Geft, "Jane", "Doe");
        let call = Initiate::new(request).unwrap();
        let body = r#"{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null}"#;
        assert!(call.read(json(201, body)).is_ok());
        assert!(call.read(json(200, body)).is_ok());
        let err = call.read(json(202, body)).unwrap_err();
        assert_eq!(err.kind(), super::super::ApiErrorKind::Undocumented);
        assert_eq!(err.reason(), "the docs describe no status 202");
    }

    #[test]
    fn a_body_that_is_not_text_is_named() {
        let answer = Answer::new(200, alloc::vec![0xff, 0xfe])
            .with_header("content-type", "application/json");
        let err = Status::new(Uuid::nil()).read(answer).unwrap_err();
        assert!(err.reason().starts_with("the body is not UTF-8"), "{err}");
    }
}
