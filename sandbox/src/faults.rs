//! Faults on demand, for testing clients' retry and idempotency code:
//! `POST /sandbox/faults` adds one, `GET` lists them, `DELETE` clears them.
//!
//! - `{"kind":"latency","route":"/api/v2/sessions","ms":250}`: every matching
//!   request waits that long first (until cleared, or for `count` requests);
//! - `{"kind":"status","route":"/api/v2/sessions","status":503,"count":2}`:
//!   the next `count` matching requests get that status as a problem body
//!   (500, 503 or 429; 429 carries `Retry-After`, `retryAfter` seconds,
//!   default 1) without reaching the handler, so nothing happens on the
//!   server and a retry is safe;
//! - `{"kind":"lost","route":"/api/v2/sessions/{id}/cancel","answer":"close","count":1}`:
//!   the handler runs (the change is made), then its answer is lost: the
//!   connection is closed before a byte of it is sent (`"close"`, the
//!   default), or a gateway's 502 or 504 problem is sent in its place
//!   (`"answer": 502`). A retry then meets the change made;
//! - `{"kind":"webhook","action":"drop"|"duplicate"|"delay"|"reorder","count":1}`
//!   (`"ms"` for delay): the next `count` webhook deliveries are dropped,
//!   sent twice, sent late, or held and sent after the next one.
//!
//! Request faults apply to `/api/…` routes only, so `/sandbox/faults` always
//! stays reachable to clear them. A route is written as the API's paths are,
//! `{…}` matching any one segment (`/api/v2/sessions/{id}/status`), or with a
//! real id to aim at one session; `method` (`GET`, `POST`) narrows it.
//!
//! This part keeps the faults and decides what they do (`Faults::on_request`,
//! `Faults::take_webhook`); the router's middleware applies the decision to
//! a request, and `webhooks` to a delivery.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::http::{Method, header};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::problem::Problem;
use crate::validate::object;

/// The routes the API serves; a fault's route must match one of them.
const API_ROUTES: [&str; 6] = [
    "/api/v1/authorize",
    "/api/v2/sessions",
    "/api/v2/sessions/{id}/status",
    "/api/v2/sessions/{id}/details",
    "/api/v2/sessions/{id}/cancel",
    "/api/v2/sessions/{id}/guarantees/confirm",
];
/// The longest latency or delay: a minute, past most clients' timeouts.
const MAX_MS: u64 = 60_000;
const MAX_COUNT: u64 = 100_000;
/// How many faults are held at once: far past any test's, and what keeps
/// the registry (scanned on every API request) small.
pub const MAX_FAULTS: usize = 1_000;
const MAX_RETRY_AFTER: u64 = 86_400;

/// What webhook faults do to a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookFault {
    Drop,
    Duplicate,
    Delay(u64),
    Reorder,
}

/// What becomes of the answer of a request a lost fault lets through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LostAnswer {
    /// The connection closes before the answer is sent.
    Close,
    /// A gateway's problem of this status (502 or 504) instead.
    Gateway(u16),
}

#[derive(Clone, Debug)]
enum Kind {
    Latency {
        ms: u64,
    },
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    Lost(LostAnswer),
    Webhook(WebhookFault),
}

#[derive(Clone, Debug)]
struct Fault {
    id: u64,
    method: Option<Method>,
    route: Option<String>,
    kind: Kind,
    /// Requests or deliveries it still applies to; `None`: until cleared.
    remaining: Option<u64>,
}

/// A fault as the endpoints show it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    id: u64,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    route: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
    /// A lost fault's answer: `"close"`, `502` or `504`.
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<Value>,
    /// `null`: until cleared.
    remaining: Option<u64>,
}

impl Fault {
    fn view(&self) -> View {
        let mut view = View {
            id: self.id,
            kind: "latency",
            method: self.method.as_ref().map(ToString::to_string),
            route: self.route.clone(),
            action: None,
            ms: None,
            status: None,
            retry_after: None,
            answer: None,
            remaining: self.remaining,
        };
        match self.kind {
            Kind::Latency { ms } => view.ms = Some(ms),
            Kind::Status {
                status,
                retry_after,
            } => {
                view.kind = "status";
                view.status = Some(status);
                view.retry_after = retry_after;
            }
            Kind::Lost(answer) => {
                view.kind = "lost";
                view.answer = Some(match answer {
                    LostAnswer::Close => Value::from("close"),
                    LostAnswer::Gateway(status) => Value::from(status),
                });
            }
            Kind::Webhook(fault) => {
                view.kind = "webhook";
                view.action = Some(match fault {
                    WebhookFault::Drop => "drop",
                    WebhookFault::Duplicate => "duplicate",
                    WebhookFault::Delay(ms) => {
                        view.ms = Some(ms);
                        "delay"
                    }
                    WebhookFault::Reorder => "reorder",
                });
            }
        }
        view
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|wanted| wanted == method)
            && self
                .route
                .as_deref()
                .is_some_and(|route| same_route(route, path))
    }
}

/// The faults in force.
#[derive(Default)]
pub struct Faults {
    state: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    list: Vec<Fault>,
}

/// What the faults do to one request.
pub struct OnRequest {
    pub latency: Duration,
    /// A status answered instead of the handler, with its fault's id.
    pub forced: Option<(u64, Problem)>,
    /// The handler runs, then its answer is lost, by this fault.
    pub lost: Option<(u64, LostAnswer)>,
    /// The first latency fault that acted, for the request log.
    pub delayed_by: Option<u64>,
}

impl Faults {
    fn state(&self) -> MutexGuard<'_, Inner> {
        // Each change is one push, retain or decrement: never half-done.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many faults are in force.
    pub fn count(&self) -> usize {
        self.state().list.len()
    }

    /// The faults in force, oldest first.
    pub fn list(&self) -> Vec<View> {
        self.state().list.iter().map(Fault::view).collect()
    }

    /// Clears every fault; answers how many there were.
    pub fn clear(&self) -> usize {
        std::mem::take(&mut self.state().list).len()
    }

    /// Adds the fault the JSON `body` describes, or answers the 400 naming
    /// what is wrong with it.
    pub fn add_described(&self, body: &Value) -> Result<View, Problem> {
        let (method, route, kind, remaining) = read_fault(object(body)?)?;
        if self.count() >= MAX_FAULTS {
            return Err(Problem::new(
                400,
                "Too Many Faults",
                format!(
                    "the sandbox holds {MAX_FAULTS} faults at most: DELETE /sandbox/faults first"
                ),
            ));
        }
        let view = self.add(method, route, kind, remaining);
        tracing::info!(fault = view.id, kind = view.kind, "fault added");
        Ok(view)
    }

    fn add(
        &self,
        method: Option<Method>,
        route: Option<String>,
        kind: Kind,
        remaining: Option<u64>,
    ) -> View {
        let mut state = self.state();
        state.next_id += 1;
        let fault = Fault {
            id: state.next_id,
            method,
            route,
            kind,
            remaining,
        };
        let view = fault.view();
        state.list.push(fault);
        view
    }

    /// Spends one use of each fault acting on the request: every matching
    /// latency (they add up), and the first status fault added, or when
    /// there is none the first lost fault (a request stopped before the
    /// handler cannot also lose its answer).
    pub fn on_request(&self, method: &Method, path: &str) -> OnRequest {
        let mut state = self.state();
        let mut on = OnRequest {
            latency: Duration::ZERO,
            forced: None,
            lost: None,
            delayed_by: None,
        };
        let first = |kind: fn(&Kind) -> bool, list: &[Fault]| {
            list.iter()
                .position(|fault| kind(&fault.kind) && fault.matches(method, path))
        };
        let answering = first(|kind| matches!(kind, Kind::Status { .. }), &state.list)
            .or_else(|| first(|kind| matches!(kind, Kind::Lost(_)), &state.list));
        for (index, fault) in state.list.iter_mut().enumerate() {
            if !fault.matches(method, path) {
                continue;
            }
            match fault.kind {
                Kind::Latency { ms } => {
                    on.latency += Duration::from_millis(ms);
                    on.delayed_by.get_or_insert(fault.id);
                }
                Kind::Status {
                    status,
                    retry_after,
                } if answering == Some(index) => {
                    let left = fault.remaining.map_or(0, |n| n.saturating_sub(1));
                    let problem = forced_problem(fault.id, status, retry_after, method, path, left);
                    on.forced = Some((fault.id, problem));
                }
                Kind::Lost(answer) if answering == Some(index) => {
                    on.lost = Some((fault.id, answer));
                }
                _ => continue,
            }
            if let Some(remaining) = &mut fault.remaining {
                *remaining = remaining.saturating_sub(1);
            }
        }
        state.list.retain(|fault| fault.remaining != Some(0));
        on
    }

    /// Spends one use of the first webhook fault, if any: its id and what
    /// it does.
    pub fn take_webhook(&self) -> Option<(u64, WebhookFault)> {
        let mut state = self.state();
        let index = state
            .list
            .iter()
            .position(|fault| matches!(fault.kind, Kind::Webhook(_)))?;
        let fault = &mut state.list[index];
        let Kind::Webhook(action) = fault.kind else {
            return None;
        };
        let id = fault.id;
        if let Some(remaining) = &mut fault.remaining {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                state.list.remove(index);
            }
        }
        Some((id, action))
    }
}

fn forced_problem(
    id: u64,
    status: u16,
    retry_after: Option<u64>,
    method: &Method,
    path: &str,
    left: u64,
) -> Problem {
    let title = match status {
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let problem = Problem::new(
        status,
        title,
        format!(
            "fault {id} forces {status} on {method} {path}: the request was not handled, {left} more will get it"
        ),
    );
    match retry_after {
        Some(seconds) => problem.with_header(header::RETRY_AFTER, &seconds.to_string()),
        None => problem,
    }
}

/// Whether the concrete `path` is one `route` names: segment by segment,
/// `{…}` in the route matching any one segment.
fn same_route(route: &str, path: &str) -> bool {
    let (route, path) = (route.trim_end_matches('/'), path.trim_end_matches('/'));
    route.split('/').count() == path.split('/').count()
        && route
            .split('/')
            .zip(path.split('/'))
            .all(|(want, got)| want == got || is_placeholder(want))
}

fn is_placeholder(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}')
}

type Read = (Option<Method>, Option<String>, Kind, Option<u64>);

fn invalid(field: &str, detail: String) -> Problem {
    Problem::new(400, "Invalid Fault", detail.clone()).with_error(field, detail)
}

/// A whole number field within `range`, if present.
fn number(
    object: &Map<String, Value>,
    field: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<u64>, Problem> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => match value.as_u64() {
            Some(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(invalid(
                field,
                format!(
                    "{field} {value} is not a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )),
        },
    }
}

fn text<'a>(object: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, Problem> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(invalid(field, format!("{field} {other} is not a string"))),
    }
}

fn read_fault(object: &Map<String, Value>) -> Result<Read, Problem> {
    let known = [
        "kind",
        "route",
        "method",
        "ms",
        "status",
        "retryAfter",
        "count",
        "action",
        "answer",
    ];
    if let Some(unknown) = object.keys().find(|key| !known.contains(&key.as_str())) {
        return Err(invalid(
            unknown,
            format!(
                "unknown field {unknown:?}: a fault has {}",
                known.join(", ")
            ),
        ));
    }
    let count = number(object, "count", 1..=MAX_COUNT)?;
    let kind = text(object, "kind")?.ok_or_else(|| {
        invalid(
            "kind",
            "kind is required: latency, status, lost or webhook".into(),
        )
    })?;
    let needs_route = |kind: &str| -> Result<(Option<Method>, Option<String>), Problem> {
        let route = text(object, "route")?.ok_or_else(|| {
            invalid(
                "route",
                format!("a {kind} fault needs a route, such as /api/v2/sessions"),
            )
        })?;
        if !API_ROUTES.iter().any(|api| pattern_overlaps(api, route)) {
            return Err(invalid(
                "route",
                format!(
                    "route {route:?} is none of the API's: {}",
                    API_ROUTES.join(", ")
                ),
            ));
        }
        let method = match text(object, "method")? {
            None => None,
            Some(name) if name.eq_ignore_ascii_case("GET") => Some(Method::GET),
            Some(name) if name.eq_ignore_ascii_case("POST") => Some(Method::POST),
            Some(name) => {
                return Err(invalid(
                    "method",
                    format!("method {name:?} is not GET or POST, the API's methods"),
                ));
            }
        };
        Ok((method, Some(route.to_owned())))
    };
    let refuse_webhook_fields = |kind: &str, fields: &[&str]| -> Result<(), Problem> {
        match fields.iter().find(|field| object.contains_key(**field)) {
            Some(field) => Err(invalid(
                field,
                format!("{field} does not apply to a {kind} fault"),
            )),
            None => Ok(()),
        }
    };
    match kind {
        "latency" => {
            refuse_webhook_fields(kind, &["status", "retryAfter", "action", "answer"])?;
            let (method, route) = needs_route(kind)?;
            let ms = number(object, "ms", 1..=MAX_MS)?.ok_or_else(|| {
                invalid(
                    "ms",
                    format!("a latency fault needs ms, from 1 to {MAX_MS}"),
                )
            })?;
            Ok((method, route, Kind::Latency { ms }, count))
        }
        "status" => {
            refuse_webhook_fields(kind, &["ms", "action", "answer"])?;
            let (method, route) = needs_route(kind)?;
            let status = number(object, "status", 0..=999)?.ok_or_else(|| {
                invalid(
                    "status",
                    "a status fault needs status: 500, 503 or 429".into(),
                )
            })?;
            let retry_after = number(object, "retryAfter", 0..=MAX_RETRY_AFTER)?;
            let retry_after = match (status, retry_after) {
                // RFC 6585 §4: a 429 may say when to come back; a client's
                // retry code is what this fault tests, so it always does.
                (429, seconds) => Some(seconds.unwrap_or(1)),
                (503, seconds) => seconds,
                (500, None) => None,
                (500, Some(_)) => {
                    return Err(invalid(
                        "retryAfter",
                        "retryAfter applies to 429 and 503, not 500".into(),
                    ));
                }
                (other, _) => {
                    return Err(invalid(
                        "status",
                        format!("status {other} cannot be forced: use 500, 503 or 429"),
                    ));
                }
            };
            let status = u16::try_from(status).unwrap_or(500);
            Ok((
                method,
                route,
                Kind::Status {
                    status,
                    retry_after,
                },
                Some(count.unwrap_or(1)),
            ))
        }
        "lost" => {
            refuse_webhook_fields(kind, &["ms", "action", "status", "retryAfter"])?;
            let (method, route) = needs_route(kind)?;
            let answer = match object.get("answer") {
                None | Some(Value::Null) => Some(LostAnswer::Close),
                Some(Value::String(text)) if text == "close" => Some(LostAnswer::Close),
                Some(value) => value
                    .as_u64()
                    .or_else(|| value.as_str().and_then(|text| text.parse().ok()))
                    .and_then(|status| match status {
                        502 => Some(LostAnswer::Gateway(502)),
                        504 => Some(LostAnswer::Gateway(504)),
                        _ => None,
                    }),
            }
            .ok_or_else(|| {
                invalid(
                    "answer",
                    format!(
                        "answer {} is not \"close\", 502 or 504",
                        object
                            .get("answer")
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    ),
                )
            })?;
            Ok((method, route, Kind::Lost(answer), Some(count.unwrap_or(1))))
        }
        "webhook" => {
            refuse_webhook_fields(kind, &["route", "method", "status", "retryAfter", "answer"])?;
            let action = text(object, "action")?.ok_or_else(|| {
                invalid(
                    "action",
                    "a webhook fault needs action: drop, duplicate, delay or reorder".into(),
                )
            })?;
            let ms = number(object, "ms", 1..=MAX_MS)?;
            let fault = match (action, ms) {
                ("drop", None) => WebhookFault::Drop,
                ("duplicate", None) => WebhookFault::Duplicate,
                ("reorder", None) => WebhookFault::Reorder,
                ("delay", Some(ms)) => WebhookFault::Delay(ms),
                ("delay", None) => {
                    return Err(invalid(
                        "ms",
                        format!("a delay needs ms, from 1 to {MAX_MS}"),
                    ));
                }
                ("drop" | "duplicate" | "reorder", Some(_)) => {
                    return Err(invalid("ms", format!("ms applies to delay, not {action}")));
                }
                (other, _) => {
                    return Err(invalid(
                        "action",
                        format!("action {other:?} is not drop, duplicate, delay or reorder"),
                    ));
                }
            };
            Ok((None, None, Kind::Webhook(fault), Some(count.unwrap_or(1))))
        }
        other => Err(invalid(
            "kind",
            format!("kind {other:?} is not latency, status, lost or webhook"),
        )),
    }
}

/// Whether two routes with placeholders can name the same path.
fn pattern_overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_end_matches('/'), b.trim_end_matches('/'));
    a.split('/').count() == b.split('/').count()
        && a.split('/')
            .zip(b.split('/'))
            .all(|(x, y)| x == y || is_placeholder(x) || is_placeholder(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_holds_at_most_its_cap() {
        let faults = Faults::default();
        let fault = serde_json::json!({"kind": "latency", "route": "/api/v2/sessions", "ms": 1});
        for _ in 0..MAX_FAULTS {
            assert!(faults.add_described(&fault).is_ok());
        }
        let Err(refused) = faults.add_described(&fault) else {
            panic!("a fault past the cap was added");
        };
        assert_eq!(refused.status(), 400);
        assert!(format!("{refused:?}").contains("holds 1000 faults at most"));
        assert_eq!(faults.count(), MAX_FAULTS);
    }

    #[test]
    fn routes_match_segment_by_segment() {
        assert!(same_route(
            "/api/v2/sessions/{id}/status",
            "/api/v2/sessions/abc/status"
        ));
        assert!(!same_route(
            "/api/v2/sessions/{id}/status",
            "/api/v2/sessions/abc/details"
        ));
        assert!(!same_route(
            "/api/v2/sessions",
            "/api/v2/sessions/abc/status"
        ));
        assert!(same_route("/api/v2/sessions/", "/api/v2/sessions"));
        assert!(pattern_overlaps(
            "/api/v2/sessions/{id}/cancel",
            "/api/v2/sessions/{x}/cancel"
        ));
    }

    #[test]
    fn status_faults_are_spent_and_latencies_stay() {
        let faults = Faults::default();
        faults.add(
            None,
            Some("/api/v2/sessions".into()),
            Kind::Latency { ms: 5 },
            None,
        );
        faults.add(
            Some(Method::POST),
            Some("/api/v2/sessions".into()),
            Kind::Status {
                status: 503,
                retry_after: None,
            },
            Some(1),
        );
        let first = faults.on_request(&Method::POST, "/api/v2/sessions");
        assert_eq!(first.latency, Duration::from_millis(5));
        assert_eq!(first.forced.unwrap().1.status(), 503);
        let second = faults.on_request(&Method::POST, "/api/v2/sessions");
        assert!(second.forced.is_none());
        assert_eq!(faults.count(), 1);
    }

    #[test]
    fn bad_faults_name_the_value() {
        let read = |body: Value| read_fault(body.as_object().unwrap()).unwrap_err();
        let detail = |problem: Problem| format!("{problem:?}");
        assert!(
            detail(read(
                serde_json::json!({"kind": "status", "route": "/api/v2/sessions", "status": 418})
            ))
            .contains("status 418 cannot be forced")
        );
        assert!(
            detail(read(
                serde_json::json!({"kind": "latency", "route": "/sandbox/faults", "ms": 5})
            ))
            .contains("route \\\"/sandbox/faults\\\" is none of the API's")
        );
        assert!(
            detail(read(
                serde_json::json!({"kind": "webhook", "action": "explode"})
            ))
            .contains("action \\\"explode\\\" is not")
        );
        assert!(
            detail(read(
                serde_json::json!({"kind": "latency", "route": "/api/v2/sessions", "ms": -1})
            ))
            .contains("ms -1 is not a whole number")
        );
        assert!(
            detail(read(
                serde_json::json!({"kind": "webhook", "action": "drop", "count": 0})
            ))
            .contains("count 0 is not")
        );
    }
}
