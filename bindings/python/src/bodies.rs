//! The status bodies: a status poll's answer, a cancel's answer and the
//! `SessionSetupStatusChanged` webhook, read by the crate's own reader
//! (`from_json`) and written by its serde impls, in either product's
//! spelling. GEFT's guarantee bodies: the confirm endpoint's request and
//! answer, and the `GuaranteeOffered` webhook. And a session's details and
//! the request that creates a session, with its validation. These last five
//! are read by serde's path (the only reader they have) and written by the
//! crate's serde impls.

use core::hash::{Hash, Hasher};
use core::time::Duration;

use eft_session::wire::{
    CancelSessionResponse, ConfirmGuaranteeRequest, ConfirmGuaranteeResponse, GuaranteeOffered,
    InProduct, InitiateSessionRequest, SessionDetailsResponse, SessionSetupStatusChanged,
    SessionStatusResponse,
};
use eft_session::{Amount, ReferenceId, Step, Timestamp};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::{SessionIdArg, amount, reference_id};
use crate::values::{
    ProductArg, PyProduct, PySessionState, PySessionStatus, PyStatusDetail, wrong_type,
};
use crate::{errors, json};

/// `body` as JSON text, in `product`'s spelling; without a product, as the
/// body's own `Serialize` writes it (EFT V2's).
pub(crate) fn written_text<T>(body: &T, product: Option<ProductArg>) -> PyResult<String>
where
    T: Serialize,
    for<'a> InProduct<'a, T>: Serialize,
{
    match product {
        Some(product) => json::text(&InProduct(product.0, body)),
        None => json::text(body),
    }
}

/// `body` as a dict, in `product`'s spelling.
pub(crate) fn written<'py, T>(
    py: Python<'py>,
    body: &T,
    product: Option<ProductArg>,
) -> PyResult<Bound<'py, PyAny>>
where
    T: Serialize,
    for<'a> InProduct<'a, T>: Serialize,
{
    match product {
        Some(product) => json::to_python(py, &InProduct(product.0, body)),
        None => json::to_python(py, body),
    }
}

fn reference_of(reference_id: Option<&ReferenceId>) -> Option<&str> {
    reference_id.map(ReferenceId::as_str)
}

/// The answer to a status poll (`GET …/{sessionId}/status`): a session's
/// id, reference, amount and state.
///
/// Read one with `read_status_response(text)`; a `Session` writes its own
/// with `Session.status_response()`.
#[pyclass(module = "eft_session", name = "StatusResponse", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyStatusResponse(pub(crate) SessionStatusResponse);

#[pymethods]
impl PyStatusResponse {
    /// Reads a body with the crate's reader; raises `DecodeError`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        SessionStatusResponse::from_json(&text)
            .map(Self)
            .map_err(|error| errors::decode(py, &error))
    }

    /// `sessionId`, hyphenated lower case.
    #[getter]
    fn session_id(&self) -> String {
        self.0.session_id().to_string()
    }

    /// `referenceId`, verbatim; None when absent or null.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        reference_of(self.0.reference_id())
    }

    /// `amount` in cents; None when absent or null.
    #[getter]
    fn amount_cents(&self) -> Option<u64> {
        self.0.amount().map(Amount::cents)
    }

    /// `status`.
    #[getter]
    fn status(&self) -> PySessionStatus {
        PySessionStatus(self.0.status())
    }

    /// `statusDetails`; None when absent, null or empty.
    #[getter]
    fn detail(&self) -> Option<PyStatusDetail> {
        self.0.detail().map(PyStatusDetail)
    }

    /// The state the body reports.
    #[getter]
    fn state(&self) -> PySessionState {
        PySessionState(self.0.state())
    }

    /// The body as a dict, in `product`'s spelling (EFT V2's by default).
    #[pyo3(signature = (product = None))]
    fn to_dict<'py>(
        &self,
        py: Python<'py>,
        product: Option<ProductArg>,
    ) -> PyResult<Bound<'py, PyAny>> {
        written(py, &self.0, product)
    }

    /// The body as JSON text, in `product`'s spelling (EFT V2's by default).
    #[pyo3(signature = (product = None))]
    fn to_json(&self, product: Option<ProductArg>) -> PyResult<String> {
        written_text(&self.0, product)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("StatusResponse({})", json::text(&self.0)?))
    }
}

/// The answer to a cancel (`POST …/{sessionId}/cancel`): always
/// `Cancelled` with an `EFT05xx` code.
#[pyclass(module = "eft_session", name = "CancelResponse", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyCancelResponse(pub(crate) CancelSessionResponse);

#[pymethods]
impl PyCancelResponse {
    /// Reads a body with the crate's reader; raises `DecodeError`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        CancelSessionResponse::from_json(&text)
            .map(Self)
            .map_err(|error| errors::decode(py, &error))
    }

    /// `sessionId`, hyphenated lower case.
    #[getter]
    fn session_id(&self) -> String {
        self.0.session_id().to_string()
    }

    /// `referenceId`, verbatim; None when absent or null.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        reference_of(self.0.reference_id())
    }

    /// `status`: `Cancelled`.
    #[getter]
    fn status(&self) -> PySessionStatus {
        PySessionStatus(self.0.status())
    }

    /// `statusDetails`, an `EFT05xx` code.
    #[getter]
    fn detail(&self) -> PyStatusDetail {
        PyStatusDetail(self.0.detail())
    }

    /// The state the body reports.
    #[getter]
    fn state(&self) -> PySessionState {
        PySessionState(self.0.state())
    }

    /// The body as a dict, in `product`'s spelling (EFT V2's by default).
    #[pyo3(signature = (product = None))]
    fn to_dict<'py>(
        &self,
        py: Python<'py>,
        product: Option<ProductArg>,
    ) -> PyResult<Bound<'py, PyAny>> {
        written(py, &self.0, product)
    }

    /// The body as JSON text, in `product`'s spelling (EFT V2's by default).
    #[pyo3(signature = (product = None))]
    fn to_json(&self, product: Option<ProductArg>) -> PyResult<String> {
        written_text(&self.0, product)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("CancelResponse({})", json::text(&self.0)?))
    }
}

/// A `SessionSetupStatusChanged` webhook: a status report and the signed
/// instant it was sent (`when`).
///
/// `verify_webhook()` hands one out once the signature checked out;
/// `read_webhook_event(text)` reads a body without checking anything.
#[pyclass(module = "eft_session", name = "WebhookEvent", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyWebhookEvent(pub(crate) SessionSetupStatusChanged);

#[pymethods]
impl PyWebhookEvent {
    /// Reads a body with the crate's reader, verifying nothing; raises
    /// `DecodeError`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        SessionSetupStatusChanged::from_json(&text)
            .map(Self)
            .map_err(|error| errors::decode(py, &error))
    }

    /// `when`, in RFC 3339, UTC: `2026-06-04T14:30:00Z`.
    #[getter]
    fn when(&self) -> String {
        self.0.when().to_string()
    }

    /// `when`, in seconds since the Unix epoch.
    #[getter]
    fn when_unix_seconds(&self) -> f64 {
        self.0.when().since_unix_epoch().as_secs_f64()
    }

    /// The status report the event carries.
    #[getter]
    fn report(&self) -> PyStatusResponse {
        PyStatusResponse(self.0.report().clone())
    }

    /// `sessionId`, hyphenated lower case.
    #[getter]
    fn session_id(&self) -> String {
        self.0.report().session_id().to_string()
    }

    /// `referenceId`, verbatim; None when absent or null.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        reference_of(self.0.report().reference_id())
    }

    /// `amount` in cents; None when absent or null.
    #[getter]
    fn amount_cents(&self) -> Option<u64> {
        self.0.report().amount().map(Amount::cents)
    }

    /// `status`.
    #[getter]
    fn status(&self) -> PySessionStatus {
        PySessionStatus(self.0.report().status())
    }

    /// `statusDetails`; None when absent, null or empty.
    #[getter]
    fn detail(&self) -> Option<PyStatusDetail> {
        self.0.report().detail().map(PyStatusDetail)
    }

    /// The state the event reports.
    #[getter]
    fn state(&self) -> PySessionState {
        PySessionState(self.0.report().state())
    }

    /// The body as a dict, in `product`'s spelling (EFT V2's by default).
    #[pyo3(signature = (product = None))]
    fn to_dict<'py>(
        &self,
        py: Python<'py>,
        product: Option<ProductArg>,
    ) -> PyResult<Bound<'py, PyAny>> {
        written(py, &self.0, product)
    }

    /// The body as JSON text, in `product`'s spelling (EFT V2's by default).
    #[pyo3(signature = (product = None))]
    fn to_json(&self, product: Option<ProductArg>) -> PyResult<String> {
        written_text(&self.0, product)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("WebhookEvent({})", json::text(&self.0)?))
    }
}

/// Reads a status poll's body with the crate's reader: a `StatusResponse`,
/// or `DecodeError`.
#[pyfunction]
pub(crate) fn read_status_response(
    py: Python<'_>,
    text: PyBackedStr,
) -> PyResult<PyStatusResponse> {
    PyStatusResponse::from_json(py, text)
}

/// Reads a cancel's body with the crate's reader: a `CancelResponse`, or
/// `DecodeError`.
#[pyfunction]
pub(crate) fn read_cancel_response(
    py: Python<'_>,
    text: PyBackedStr,
) -> PyResult<PyCancelResponse> {
    PyCancelResponse::from_json(py, text)
}

/// Reads a `SessionSetupStatusChanged` body with the crate's reader, verifying
/// nothing (a receiver uses `verify_webhook`): a `WebhookEvent`, or
/// `DecodeError`.
#[pyfunction]
pub(crate) fn read_webhook_event(py: Python<'_>, text: PyBackedStr) -> PyResult<PyWebhookEvent> {
    PyWebhookEvent::from_json(py, text)
}

/// A body read by serde's path; `DecodeError` (`Invalid`) with serde's
/// message otherwise.
fn read_serde<T: DeserializeOwned>(py: Python<'_>, text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|error| errors::serde_body(py, &error))
}

/// An instant: RFC 3339 text (read as the crate reads `when`), or seconds
/// since the Unix epoch (`time.time()`).
pub(crate) struct TimestampArg(Timestamp);

impl<'py> FromPyObject<'_, 'py> for TimestampArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        let py = object.py();
        if let Ok(text) = object.cast::<PyString>() {
            let text: PyBackedStr = text.to_owned().try_into()?;
            return text
                .parse()
                .map(Self)
                .map_err(|error| errors::parse_timestamp(py, &error));
        }
        if object.is_instance_of::<PyBool>()
            || !(object.is_instance_of::<PyInt>() || object.is_instance_of::<PyFloat>())
        {
            return Err(wrong_type(
                &object,
                "an RFC 3339 str or seconds since the Unix epoch",
            ));
        }
        let seconds: f64 = object.extract()?;
        Duration::try_from_secs_f64(seconds)
            .map(|since| Self(Timestamp::from_unix(since)))
            .map_err(|_| {
                errors::value_error(format!(
                    "when must be a finite number of seconds, at least 0, not {seconds}"
                ))
            })
    }
}

/// The body of `POST …/{sessionId}/guarantees/confirm` (GEFT): the client's
/// decision on a pending guarantee offer.
///
/// `ConfirmGuaranteeRequest(True)` makes one (a client sends
/// `to_json()`); `read_confirm_guarantee_request(text)` reads one as a server
/// gets it: `guaranteeAccepted` a boolean, or the strings `"true"` and
/// `"false"` in any case (the docs' curl example sends `"true"`); anything
/// else raises `DecodeError`. Written back as a boolean.
#[pyclass(
    module = "eft_session",
    name = "ConfirmGuaranteeRequest",
    frozen,
    eq,
    hash
)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyConfirmGuaranteeRequest(pub(crate) ConfirmGuaranteeRequest);

#[pymethods]
impl PyConfirmGuaranteeRequest {
    /// The decision: True accepts the guarantee, False rejects it.
    #[new]
    fn new(guarantee_accepted: bool) -> Self {
        Self(ConfirmGuaranteeRequest { guarantee_accepted })
    }

    /// Reads a body with serde's path; raises `DecodeError` (`Invalid`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        read_serde(py, &text).map(Self)
    }

    /// `guaranteeAccepted`: True accepts, False rejects.
    #[getter]
    fn guarantee_accepted(&self) -> bool {
        self.0.guarantee_accepted
    }

    /// The body as a dict: `{"guaranteeAccepted": <bool>}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0)
    }

    /// The body as JSON text.
    fn to_json(&self) -> PyResult<String> {
        json::text(&self.0)
    }

    fn __repr__(&self) -> String {
        let accepted = if self.0.guarantee_accepted {
            "True"
        } else {
            "False"
        };
        format!("ConfirmGuaranteeRequest({accepted})")
    }
}

/// The answer of the confirm endpoint (GEFT): the session's `sessionId` and
/// `referenceId`. `Session.confirm_guarantee()` writes one as a dict;
/// `read_confirm_guarantee_response(text)` reads one as a client gets it.
#[pyclass(
    module = "eft_session",
    name = "ConfirmGuaranteeResponse",
    frozen,
    eq,
    hash
)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyConfirmGuaranteeResponse(pub(crate) ConfirmGuaranteeResponse);

#[pymethods]
impl PyConfirmGuaranteeResponse {
    /// The answer for the session `session_id`; `reference_id` is read as a
    /// response carries it (1 to 100 characters; `ParseError` otherwise).
    #[new]
    #[pyo3(signature = (session_id, reference_id = None))]
    fn new(
        py: Python<'_>,
        session_id: SessionIdArg,
        reference_id: Option<PyBackedStr>,
    ) -> PyResult<Self> {
        Ok(Self(ConfirmGuaranteeResponse::new(
            session_id.0,
            self::reference_id(py, reference_id)?,
        )))
    }

    /// Reads a body with serde's path; raises `DecodeError` (`Invalid`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        read_serde(py, &text).map(Self)
    }

    /// `sessionId`, hyphenated lower case.
    #[getter]
    fn session_id(&self) -> String {
        self.0.session_id().to_string()
    }

    /// `referenceId`, verbatim; None when absent or null.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        reference_of(self.0.reference_id())
    }

    /// The body as a dict: `{"sessionId", "referenceId"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0)
    }

    /// The body as JSON text.
    fn to_json(&self) -> PyResult<String> {
        json::text(&self.0)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "ConfirmGuaranteeResponse({})",
            json::text(&self.0)?
        ))
    }
}

/// The guarantee webhook (GEFT): a guarantee was offered, and the provider
/// waits for the client's decision on the confirm endpoint.
///
/// Its name (`GuaranteeOffered.NAME`) and fields are the crate's decision:
/// the docs name the webhook but publish neither. `when` and `sessionId` are
/// required; `referenceId`, `amount` and `highestDebitAmountToGuarantee`
/// (the most the guarantee covers) are written as null when absent. Unknown
/// fields are ignored. `read_guarantee_offered(text)` reads one; a server
/// that emulates the provider makes one with `GuaranteeOffered(when,
/// session_id, ...)`.
#[pyclass(module = "eft_session", name = "GuaranteeOffered", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyGuaranteeOffered(pub(crate) GuaranteeOffered);

#[pymethods]
impl PyGuaranteeOffered {
    /// The event's name, the crate's decision: `GuaranteeOffered`.
    #[classattr]
    const NAME: &'static str = GuaranteeOffered::NAME;

    /// An offer for `session_id` made at `when` (RFC 3339 text, or seconds
    /// since the Unix epoch), for a session of `amount_cents` with
    /// `guaranteed_cents` covered.
    #[new]
    #[pyo3(signature = (when, session_id, reference_id = None, amount_cents = None, guaranteed_cents = None))]
    fn new(
        py: Python<'_>,
        when: TimestampArg,
        session_id: SessionIdArg,
        reference_id: Option<PyBackedStr>,
        amount_cents: Option<i128>,
        guaranteed_cents: Option<i128>,
    ) -> PyResult<Self> {
        Ok(Self(GuaranteeOffered::new(
            when.0,
            session_id.0,
            self::reference_id(py, reference_id)?,
            amount_cents.map(|cents| amount(py, cents)).transpose()?,
            guaranteed_cents
                .map(|cents| amount(py, cents))
                .transpose()?,
        )))
    }

    /// Reads a body with serde's path, verifying nothing; raises
    /// `DecodeError` (`Invalid`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        read_serde(py, &text).map(Self)
    }

    /// `when`, in RFC 3339, UTC: `2026-06-04T14:30:00Z`.
    #[getter]
    fn when(&self) -> String {
        self.0.when().to_string()
    }

    /// `when`, in seconds since the Unix epoch.
    #[getter]
    fn when_unix_seconds(&self) -> f64 {
        self.0.when().since_unix_epoch().as_secs_f64()
    }

    /// `sessionId`, hyphenated lower case.
    #[getter]
    fn session_id(&self) -> String {
        self.0.session_id().to_string()
    }

    /// `referenceId`, verbatim; None when absent or null.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        reference_of(self.0.reference_id())
    }

    /// `amount` in cents; None when absent or null.
    #[getter]
    fn amount_cents(&self) -> Option<u64> {
        self.0.amount().map(Amount::cents)
    }

    /// `highestDebitAmountToGuarantee` in cents, the most the guarantee
    /// covers; None when absent or null.
    #[getter]
    fn guaranteed_cents(&self) -> Option<u64> {
        self.0.guaranteed().map(Amount::cents)
    }

    /// The body as a dict, with all five fields.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0)
    }

    /// The body as JSON text.
    fn to_json(&self) -> PyResult<String> {
        json::text(&self.0)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("GuaranteeOffered({})", json::text(&self.0)?))
    }
}

/// Reads the body of a guarantee confirm request with serde's path: a
/// `ConfirmGuaranteeRequest`, or `DecodeError` (`Invalid`).
#[pyfunction]
pub(crate) fn read_confirm_guarantee_request(
    py: Python<'_>,
    text: PyBackedStr,
) -> PyResult<PyConfirmGuaranteeRequest> {
    PyConfirmGuaranteeRequest::from_json(py, text)
}

/// Reads the confirm endpoint's answer with serde's path: a
/// `ConfirmGuaranteeResponse`, or `DecodeError` (`Invalid`).
#[pyfunction]
pub(crate) fn read_confirm_guarantee_response(
    py: Python<'_>,
    text: PyBackedStr,
) -> PyResult<PyConfirmGuaranteeResponse> {
    PyConfirmGuaranteeResponse::from_json(py, text)
}

/// Reads a `GuaranteeOffered` webhook body with serde's path, verifying
/// nothing (a receiver checks the signature first): a `GuaranteeOffered`, or
/// `DecodeError` (`Invalid`).
#[pyfunction]
pub(crate) fn read_guarantee_offered(
    py: Python<'_>,
    text: PyBackedStr,
) -> PyResult<PyGuaranteeOffered> {
    PyGuaranteeOffered::from_json(py, text)
}

/// The answer to `GET /api/v2/sessions/{sessionId}/details`: everything
/// about a session.
///
/// `read_session_details(text)` reads one as a client gets it, with the
/// rules that tie its fields together: the payor's verified account is null
/// (or `{}`) while the session is `Initiated`, and an EFT V2 session has no
/// payee; a body that breaks one raises `DecodeError` (`Invalid`). Unknown
/// fields are ignored; an unknown step is kept. The session's product is
/// its `options.guarantee.enable`, and the body is written back in that
/// product's spelling (`Canceled` for GEFT) unless a product is given.
/// Equal details hash alike; the hash is of the id, status, reference and
/// amount (the crate's type holds a float, `userDetails.nameMatch`, and is
/// not `Hash`).
#[pyclass(module = "eft_session", name = "SessionDetails", frozen, eq, hash)]
#[derive(Clone, PartialEq)]
pub(crate) struct PySessionDetails(pub(crate) SessionDetailsResponse);

/// A part of the fields `PartialEq` compares: equal details hash alike.
impl Hash for PySessionDetails {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let details = &self.0;
        details.session_id.hash(state);
        details.status.hash(state);
        details.reference_id.hash(state);
        details.amount.hash(state);
    }
}

#[pymethods]
impl PySessionDetails {
    /// Reads a body with serde's path; raises `DecodeError` (`Invalid`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        read_serde(py, &text).map(Self)
    }

    /// `sessionId`, hyphenated lower case.
    #[getter]
    fn session_id(&self) -> String {
        self.0.session_id.to_string()
    }

    /// `status`.
    #[getter]
    fn status(&self) -> PySessionStatus {
        PySessionStatus(self.0.status)
    }

    /// `step.current`, the step the payer is at (`BankSelection`; an unknown
    /// one as written); None when absent or null.
    #[getter]
    fn step(&self) -> Option<&str> {
        self.0
            .step
            .as_ref()
            .and_then(|step| step.current.as_ref())
            .map(Step::as_str)
    }

    /// `referenceId`, verbatim; None when absent or null.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        self.0.reference_id.as_deref()
    }

    /// `amount` in cents; None when absent or null.
    #[getter]
    fn amount_cents(&self) -> Option<u64> {
        self.0.amount.map(Amount::cents)
    }

    /// The session's product: GEFT when `options.guarantee.enable`.
    #[getter]
    fn product(&self) -> PyProduct {
        PyProduct(self.0.product())
    }

    /// `createdAt`, in RFC 3339, UTC; None when absent or null.
    #[getter]
    fn created_at(&self) -> Option<String> {
        self.0.created_at.map(|when| when.to_string())
    }

    /// `options`, as a dict; None when absent or null.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0.options)
    }

    /// `payor` (names, email, the verified `account`), as a dict; None when
    /// absent or null.
    #[getter]
    fn payor<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0.payor)
    }

    /// `payee` (GEFT only), as a dict; None when absent or null.
    #[getter]
    fn payee<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0.payee)
    }

    /// `userDetails`, as a dict; None when absent.
    #[getter]
    fn user_details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0.user_details)
    }

    /// `guaranteeDetails` (GEFT only), as a dict; None when absent.
    #[getter]
    fn guarantee_details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0.guarantee_details)
    }

    /// The body as a dict, in `product`'s spelling (the session's own by
    /// default).
    #[pyo3(signature = (product = None))]
    fn to_dict<'py>(
        &self,
        py: Python<'py>,
        product: Option<ProductArg>,
    ) -> PyResult<Bound<'py, PyAny>> {
        written(py, &self.0, product)
    }

    /// The body as JSON text, in `product`'s spelling (the session's own by
    /// default).
    #[pyo3(signature = (product = None))]
    fn to_json(&self, product: Option<ProductArg>) -> PyResult<String> {
        written_text(&self.0, product)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("SessionDetails({})", json::text(&self.0)?))
    }
}

/// Reads a session's details with serde's path: a `SessionDetails`, or
/// `DecodeError` (`Invalid`).
#[pyfunction]
pub(crate) fn read_session_details(
    py: Python<'_>,
    text: PyBackedStr,
) -> PyResult<PySessionDetails> {
    PySessionDetails::from_json(py, text)
}

/// The body of `POST /api/v2/sessions`, the request that creates a session.
///
/// `InitiateRequest(product, first_name, last_name, *, reference_id=None,
/// amount_cents=None, currency=None, email=None)` makes the smallest request
/// of `product` (`type` `EFT`, `direction` `DEBIT`, the guarantee flag of
/// the product, the payor's names) with the common optional fields;
/// `read_initiate_request(text)` reads a whole one as a server gets it.
/// Fields are kept as written, so that `validate()` reports every broken
/// rule at once (`ValidationError`); only the amount is checked on read (a
/// third decimal raises `DecodeError`). Equal requests hash alike; the hash
/// is of the product, the payor's names, the reference and the amount (the
/// crate's type is not `Hash`).
#[pyclass(module = "eft_session", name = "InitiateRequest", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct PyInitiateRequest(pub(crate) InitiateSessionRequest);

/// A part of the fields `Eq` compares: equal requests hash alike.
impl Hash for PyInitiateRequest {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let request = &self.0;
        request.product().hash(state);
        request.payor.first_name.hash(state);
        request.payor.last_name.hash(state);
        request.reference_id.hash(state);
        request.amount.hash(state);
    }
}

#[pymethods]
impl PyInitiateRequest {
    /// A request of `product` for the payor `first_name` `last_name`, kept
    /// as given: `validate()` judges it. `amount_cents` is a count of cents
    /// (`ParseError` when negative); without it, the payer enters the
    /// amount.
    #[new]
    #[pyo3(signature = (product, first_name, last_name, *, reference_id = None, amount_cents = None, currency = None, email = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        product: ProductArg,
        first_name: PyBackedStr,
        last_name: PyBackedStr,
        reference_id: Option<PyBackedStr>,
        amount_cents: Option<i128>,
        currency: Option<PyBackedStr>,
        email: Option<PyBackedStr>,
    ) -> PyResult<Self> {
        let mut request = InitiateSessionRequest::new(product.0, &first_name, &last_name);
        request.reference_id = reference_id.map(|text| text.to_string());
        request.amount = amount_cents.map(|cents| amount(py, cents)).transpose()?;
        request.currency = currency.map(|text| text.to_string());
        request.payor.email = email.map(|text| text.to_string());
        Ok(Self(request))
    }

    /// Reads a body with serde's path; raises `DecodeError` (`Invalid`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PyBackedStr) -> PyResult<Self> {
        read_serde(py, &text).map(Self)
    }

    /// Checks every documented rule: None, or `ValidationError` with every
    /// violation at once (its `problem` is the 400 body, fields in
    /// `errors`).
    fn validate(&self, py: Python<'_>) -> PyResult<()> {
        self.0
            .validate()
            .map_err(|violations| errors::validation(py, &violations))
    }

    /// The product the request creates a session of: GEFT when
    /// `options.guarantee.enable` is true.
    #[getter]
    fn product(&self) -> PyProduct {
        PyProduct(self.0.product())
    }

    /// `payor.firstName`, as written.
    #[getter]
    fn first_name(&self) -> &str {
        &self.0.payor.first_name
    }

    /// `payor.lastName`, as written.
    #[getter]
    fn last_name(&self) -> &str {
        &self.0.payor.last_name
    }

    /// `referenceId`, as written; None when absent.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        self.0.reference_id.as_deref()
    }

    /// `amount` in cents; None when absent (the payer enters it).
    #[getter]
    fn amount_cents(&self) -> Option<u64> {
        self.0.amount.map(Amount::cents)
    }

    /// `currency`, as written; None when absent (`CAD`, the default).
    #[getter]
    fn currency(&self) -> Option<&str> {
        self.0.currency.as_deref()
    }

    /// `payor.email`, as written; None when absent.
    #[getter]
    fn email(&self) -> Option<&str> {
        self.0.payor.email.as_deref()
    }

    /// The body as a dict, as the crate writes it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0)
    }

    /// The body as JSON text, as the crate writes it.
    fn to_json(&self) -> PyResult<String> {
        json::text(&self.0)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("InitiateRequest({})", json::text(&self.0)?))
    }
}

/// Reads the body of `POST /api/v2/sessions` with serde's path: an
/// `InitiateRequest` (judge it with `validate()`), or `DecodeError`
/// (`Invalid`).
#[pyfunction]
pub(crate) fn read_initiate_request(
    py: Python<'_>,
    text: PyBackedStr,
) -> PyResult<PyInitiateRequest> {
    PyInitiateRequest::from_json(py, text)
}
