//! The exception classes, and every error of the crate raised as one of
//! them.
//!
//! Each exception carries what the crate says about the error: `kind` (the
//! variant's name, as the conformance vectors write it), `http_status` and
//! `title` (the error's own `http_status()` and `title()`), and `problem`,
//! the RFC 7807 body of `ProblemDetails::from(&error)` as a dict. Its message
//! is the error's `Display`.

use core::fmt;

use eft_session::uuid::Uuid;
use eft_session::webhook::WebhookError;
use eft_session::wire::{DecodeError, ProblemDetails, Violations};
use eft_session::{
    AmountError, AmountErrorKind, ObserveError, ParseDetailError, ParseDetailErrorKind,
    ParseReferenceIdError, ParseStatusError, ParseTimestampError, ReferenceIdErrorKind,
    ReplayError, StateError, TransitionError,
};
use pyo3::exceptions::{PyException, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple, PyType};

use crate::json;

/// The module the classes say they belong to: the package re-exports them.
const MODULE: &str = "eft_session";

/// The exception classes of the package, below `EftSessionError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Transition,
    Observe,
    Replay,
    Decode,
    Webhook,
    Parse,
    State,
    Validation,
}

/// Name, whether it is also a `ValueError`, and docstring, of each class.
const CLASSES: [(Class, &str, bool, &str); 8] = [
    (
        Class::Transition,
        "TransitionError",
        false,
        "An event the session's status does not allow (``SessionStatus.transition``, ``Session.apply``, \
         ``Session.cancel``, ``Session.confirm_guarantee``), or a recorded step that is not legal \
         (``Transition(...)``).\n\n\
         kind: AlreadyTerminal (400), NotAllowed (409), DetailMismatch (400), InvalidTarget (400), \
         Unreachable (409), NoGuaranteeOffer (409: a guarantee decision with no offer pending), \
         GuaranteePending (409: completing while an offer awaits a decision) or GuaranteeNotEnabled \
         (400: a guarantee event for an EFT V2 session).",
    ),
    (
        Class::Observe,
        "ObserveError",
        false,
        "A reported state the session cannot take in (``Session.observe``, ``Session.observe_report``).\n\n\
         kind: Invalid (400), AlreadyTerminal (409), Unreachable (409) or WrongSession (400).",
    ),
    (
        Class::Replay,
        "ReplayError",
        false,
        "A recorded history that does not follow on from a new session (``Session.replay``): 500, \
         the log is corrupt.\n\nkind: CorruptLog. ``index`` is the position of the step, ``step`` the step, \
         ``state`` the state the session was in when it came.",
    ),
    (
        Class::Decode,
        "DecodeError",
        true,
        "A body the crate's reader refuses (``read_status_response`` and the like): 400 Invalid Body.\n\n\
         kind: Syntax, InvalidField, DuplicateField, MissingField or Body (the crate's own reader, for the \
         status bodies); Invalid (serde's path, the only reader of the guarantee bodies, the session \
         details and the initiate request: ``read_confirm_guarantee_request``, ``read_session_details``, \
         ``read_initiate_request`` and the like).",
    ),
    (
        Class::Webhook,
        "WebhookError",
        false,
        "A webhook that ``verify_webhook`` refuses.\n\n\
         kind: MissingHeader or Signature (401: answer 401), NotUtf8, Body or OutsideTolerance (400: the \
         signature checked out). ``verified_body`` holds the signed bytes for every error found after the \
         signature checked out (park them and answer 2xx: the provider does not retry), and is None before.",
    ),
    (
        Class::Parse,
        "ParseError",
        true,
        "A value that is not what it claims to be: a status, a code, a reference id, an amount, \
         a timestamp, a session id, a product, a guarantee stage or an event (400).\n\n\
         kind: UnknownStatus; Malformed or UnknownFamily (a code); Empty, TooLong or InvalidCharacter (a \
         reference id); Negative, TooPrecise, TooLarge or Malformed (an amount); InvalidTimestamp; and, \
         from the binding's own conversions, InvalidSessionId, UnknownProduct, UnknownGuaranteeStage, \
         UnknownEventKind, MissingCode or UnexpectedCode. ``input`` is the rejected value (cut to 64 bytes).",
    ),
    (
        Class::State,
        "StateError",
        true,
        "A status and a code that contradict each other, or a guarantee stage that cannot go with the \
         status (``SessionState(...)``, ``SessionState.with_guarantee``): 400.\n\n\
         kind: Contradiction or MissingDetail (Invalid Status Detail), GuaranteeMismatch (Invalid Guarantee Stage).",
    ),
    (
        Class::Validation,
        "ValidationError",
        true,
        "A request to create a session that breaks one or more of the documented rules \
         (``InitiateRequest.validate``): 400 \"One or more validation errors occurred.\"\n\n\
         kind: Violations (the crate's type: every broken rule at once). ``errors`` maps each field \
         (its JSON path, such as ``payor.firstName``) to its messages, in field order, as ``problem`` \
         lists them under ``errors``; ``str(error)`` is ``field: message`` for each, joined by ``; ``.",
    ),
];

const BASE_DOC: &str = "The base of every error of eft_session.\n\n\
    Attributes: ``kind`` (the variant's name, as the conformance vectors write it), ``http_status`` and \
    ``title`` (the HTTP answer a server gives), and ``problem``, the RFC 7807 problem body as a dict. \
    ``str(error)`` is the crate's message.";

/// The classes, made once per process: the base, then one per [`Class`], in
/// the order of [`CLASSES`].
struct Classes {
    base: Py<PyType>,
    classes: Vec<(Class, &'static str, Py<PyType>)>,
}

impl Classes {
    fn get(&self, wanted: Class) -> PyResult<&Py<PyType>> {
        self.classes
            .iter()
            .find(|(class, _, _)| *class == wanted)
            .map(|(_, _, class)| class)
            .ok_or_else(|| PyRuntimeError::new_err(format!("no exception class for {wanted:?}")))
    }
}

static MADE: PyOnceLock<Classes> = PyOnceLock::new();

/// `type(name, bases, {"__doc__": doc, "__module__": "eft_session"})`.
fn make<'py>(
    py: Python<'py>,
    name: &str,
    doc: &str,
    bases: Vec<Bound<'py, PyType>>,
) -> PyResult<Py<PyType>> {
    let namespace = PyDict::new(py);
    namespace.set_item("__doc__", doc)?;
    namespace.set_item("__module__", MODULE)?;
    let class = py
        .get_type::<PyType>()
        .call1((name, PyTuple::new(py, bases)?, namespace))?;
    Ok(class.cast_into::<PyType>()?.unbind())
}

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    MADE.get_or_try_init(py, || {
        let base = make(
            py,
            "EftSessionError",
            BASE_DOC,
            vec![py.get_type::<PyException>()],
        )?;
        let mut classes = Vec::with_capacity(CLASSES.len());
        for (class, name, value_error, doc) in CLASSES {
            let mut bases = vec![base.bind(py).clone()];
            if value_error {
                bases.push(py.get_type::<PyValueError>());
            }
            classes.push((class, name, make(py, name, doc, bases)?));
        }
        Ok(Classes { base, classes })
    })
}

/// Adds every class to the module.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let made = classes(module.py())?;
    module.add("EftSessionError", made.base.bind(module.py()))?;
    for (_, name, class) in &made.classes {
        module.add(*name, class.bind(module.py()))?;
    }
    Ok(())
}

/// The name of an enum's variant, from its derived `Debug`: for variants a
/// newer crate adds (every error enum is `#[non_exhaustive]`).
fn variant_name(error: &impl fmt::Debug) -> String {
    format!("{error:?}")
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// An exception of `class`, carrying what the crate said.
struct Raised<'a> {
    class: Class,
    message: String,
    kind: &'a str,
    http_status: u16,
    title: &'a str,
    problem: ProblemDetails,
}

impl Raised<'_> {
    fn into_err(self, py: Python<'_>, extra: &[(&str, Bound<'_, PyAny>)]) -> PyErr {
        self.build(py, extra).unwrap_or_else(|failure| failure)
    }

    fn build(self, py: Python<'_>, extra: &[(&str, Bound<'_, PyAny>)]) -> PyResult<PyErr> {
        let made = classes(py)?;
        let class = made.get(self.class)?.bind(py);
        let exception = class.call1((self.message,))?;
        exception.setattr("kind", self.kind)?;
        exception.setattr("http_status", self.http_status)?;
        exception.setattr("title", self.title)?;
        exception.setattr("problem", json::to_python(py, &self.problem)?)?;
        for (name, value) in extra {
            exception.setattr(*name, value)?;
        }
        Ok(PyErr::from_value(exception))
    }
}

/// The message, HTTP status, title and problem of a crate error with
/// `http_status()` and `title()`.
macro_rules! raised {
    ($class:expr, $kind:expr, $error:expr) => {
        Raised {
            class: $class,
            message: $error.to_string(),
            kind: $kind,
            http_status: $error.http_status(),
            title: $error.title(),
            problem: ProblemDetails::from($error),
        }
    };
}

/// A refused event. With the session's id, the problem body is
/// `ProblemDetails::for_transition_error`, whose detail names the session.
pub(crate) fn transition(py: Python<'_>, error: &TransitionError, session: Option<Uuid>) -> PyErr {
    let name;
    let kind = match error {
        TransitionError::AlreadyTerminal { .. } => "AlreadyTerminal",
        TransitionError::NotAllowed { .. } => "NotAllowed",
        TransitionError::DetailMismatch { .. } => "DetailMismatch",
        TransitionError::InvalidTarget(_) => "InvalidTarget",
        TransitionError::Unreachable { .. } => "Unreachable",
        TransitionError::NoGuaranteeOffer { .. } => "NoGuaranteeOffer",
        TransitionError::GuaranteePending { .. } => "GuaranteePending",
        TransitionError::GuaranteeNotEnabled { .. } => "GuaranteeNotEnabled",
        other => {
            name = variant_name(other);
            &name
        }
    };
    let mut raised = raised!(Class::Transition, kind, error);
    if let Some(id) = session {
        raised.problem = ProblemDetails::for_transition_error(id, error);
    }
    raised.into_err(py, &[])
}

/// A refused report.
pub(crate) fn observe(py: Python<'_>, error: &ObserveError) -> PyErr {
    let name;
    let kind = match error {
        ObserveError::Invalid(_) => "Invalid",
        ObserveError::AlreadyTerminal { .. } => "AlreadyTerminal",
        ObserveError::Unreachable { .. } => "Unreachable",
        ObserveError::WrongSession { .. } => "WrongSession",
        other => {
            name = variant_name(other);
            &name
        }
    };
    raised!(Class::Observe, kind, error).into_err(py, &[])
}

/// A log that does not replay; `index`, `step` and `state` say where.
pub(crate) fn replay(py: Python<'_>, error: &ReplayError) -> PyErr {
    let extra = || -> PyResult<Vec<(&str, Bound<'_, PyAny>)>> {
        Ok(vec![
            ("index", error.index().into_pyobject(py)?.into_any()),
            (
                "step",
                Bound::new(py, crate::values::PyTransition(error.step()))?.into_any(),
            ),
            (
                "state",
                Bound::new(py, crate::values::PySessionState(error.state()))?.into_any(),
            ),
        ])
    };
    match extra() {
        Ok(extra) => raised!(Class::Replay, "CorruptLog", error).into_err(py, &extra),
        Err(failure) => failure,
    }
}

/// A body the crate's reader refuses.
pub(crate) fn decode(py: Python<'_>, error: &DecodeError) -> PyErr {
    let name;
    let kind = match error {
        DecodeError::Syntax { .. } => "Syntax",
        DecodeError::InvalidField { .. } => "InvalidField",
        DecodeError::DuplicateField(_) => "DuplicateField",
        DecodeError::MissingField(_) => "MissingField",
        DecodeError::Body(_) => "Body",
        other => {
            name = variant_name(other);
            &name
        }
    };
    raised!(Class::Decode, kind, error).into_err(py, &[])
}

/// A refused webhook, with the verified bytes when the signature checked out.
pub(crate) fn webhook(py: Python<'_>, error: &WebhookError) -> PyErr {
    let name;
    let kind = match error {
        WebhookError::MissingHeader => "MissingHeader",
        WebhookError::Signature(_) => "Signature",
        WebhookError::NotUtf8 { .. } => "NotUtf8",
        WebhookError::Body { .. } => "Body",
        WebhookError::OutsideTolerance { .. } => "OutsideTolerance",
        other => {
            name = variant_name(other);
            &name
        }
    };
    let verified = match error.verified_body() {
        Some(body) => PyBytes::new(py, body.as_bytes()).into_any(),
        None => py.None().into_bound(py),
    };
    raised!(Class::Webhook, kind, error).into_err(py, &[("verified_body", verified)])
}

/// A status and a code that contradict each other.
pub(crate) fn state(py: Python<'_>, error: &StateError) -> PyErr {
    let name;
    let kind = match error {
        StateError::Contradiction { .. } => "Contradiction",
        StateError::MissingDetail { .. } => "MissingDetail",
        StateError::GuaranteeMismatch { .. } => "GuaranteeMismatch",
        other => {
            name = variant_name(other);
            &name
        }
    };
    raised!(Class::State, kind, error).into_err(py, &[])
}

/// A request that breaks the documented rules: every violation at once,
/// in `errors` (field to messages, in field order) and in the problem body.
pub(crate) fn validation(py: Python<'_>, error: &Violations) -> PyErr {
    let errors = || -> PyResult<Bound<'_, PyAny>> {
        let errors = PyDict::new(py);
        for field in error.fields() {
            errors.set_item(field, error.messages(field))?;
        }
        Ok(errors.into_any())
    };
    match errors() {
        Ok(errors) => {
            raised!(Class::Validation, "Violations", error).into_err(py, &[("errors", errors)])
        }
        Err(failure) => failure,
    }
}

/// A `ParseError` with the rejected input.
fn parse_error(py: Python<'_>, raised: Raised<'_>, input: &str) -> PyErr {
    let input = PyString::new(py, input).into_any();
    raised.into_err(py, &[("input", input)])
}

/// A status that is not one of the six.
pub(crate) fn parse_status(py: Python<'_>, error: &ParseStatusError) -> PyErr {
    parse_error(
        py,
        raised!(Class::Parse, "UnknownStatus", error),
        error.input(),
    )
}

/// A malformed code, or one of an unknown family.
pub(crate) fn parse_detail(py: Python<'_>, error: &ParseDetailError) -> PyErr {
    let name;
    let kind = match error.kind() {
        ParseDetailErrorKind::Malformed => "Malformed",
        ParseDetailErrorKind::UnknownFamily => "UnknownFamily",
        other => {
            name = variant_name(&other);
            &name
        }
    };
    parse_error(py, raised!(Class::Parse, kind, error), error.input())
}

/// A reference id that breaks the rule.
pub(crate) fn parse_reference_id(py: Python<'_>, error: &ParseReferenceIdError) -> PyErr {
    let name;
    let kind = match error.kind() {
        ReferenceIdErrorKind::Empty => "Empty",
        ReferenceIdErrorKind::TooLong => "TooLong",
        ReferenceIdErrorKind::InvalidCharacter => "InvalidCharacter",
        other => {
            name = variant_name(&other);
            &name
        }
    };
    parse_error(py, raised!(Class::Parse, kind, error), error.input())
}

/// An amount the crate refuses.
pub(crate) fn parse_amount(py: Python<'_>, error: &AmountError) -> PyErr {
    let name;
    let kind = match error.kind() {
        AmountErrorKind::Negative => "Negative",
        AmountErrorKind::TooPrecise => "TooPrecise",
        AmountErrorKind::TooLarge => "TooLarge",
        AmountErrorKind::Malformed => "Malformed",
        other => {
            name = variant_name(&other);
            &name
        }
    };
    parse_error(py, raised!(Class::Parse, kind, error), error.input())
}

/// An instant that is not RFC 3339.
pub(crate) fn parse_timestamp(py: Python<'_>, error: &ParseTimestampError) -> PyErr {
    parse_error(
        py,
        raised!(Class::Parse, "InvalidTimestamp", error),
        error.input(),
    )
}

/// A body that serde's path refuses: the guarantee bodies, the session
/// details and the initiate request have no reader of the crate's own, so
/// no `DecodeError`. The binding answers as the crate
/// answers a refused body (400 "Invalid Body", the title of `DecodeError`
/// and `WireError`), with serde's message, under the kind the conformance
/// vectors give such a refusal, `Invalid`.
pub(crate) fn serde_body(py: Python<'_>, error: &serde_json::Error) -> PyErr {
    const TITLE: &str = "Invalid Body";
    let message = error.to_string();
    let problem = ProblemDetails::new(400, TITLE).with_detail(message.clone());
    Raised {
        class: Class::Decode,
        message,
        kind: "Invalid",
        http_status: 400,
        title: TITLE,
        problem,
    }
    .into_err(py, &[])
}

/// The binding's own conversions, which the crate has no error type for
/// (it takes a `Uuid`, a `Product`, an `Event`): 400 with the binding's own
/// title, and the crate's `ProblemDetails::new` for the body.
pub(crate) fn argument(
    py: Python<'_>,
    kind: &str,
    title: &'static str,
    message: String,
    input: &str,
) -> PyErr {
    let problem = ProblemDetails::new(400, title).with_detail(message.clone());
    let raised = Raised {
        class: Class::Parse,
        message,
        kind,
        http_status: 400,
        title,
        problem,
    };
    parse_error(py, raised, &kept(input))
}

/// At most the first 64 bytes of `input` (cut at a character boundary), as
/// the crate keeps a rejected input.
pub(crate) fn kept(input: &str) -> String {
    const KEPT: usize = 64;
    if input.len() <= KEPT {
        return input.to_owned();
    }
    let mut end = KEPT;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &input[..end])
}

/// A `ValueError` for an argument outside its domain (not a value of the
/// API: a clock reading, a tolerance).
pub(crate) fn value_error(message: String) -> PyErr {
    PyValueError::new_err(message)
}
