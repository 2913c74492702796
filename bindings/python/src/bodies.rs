//! The status bodies: a status poll's answer, a cancel's answer and the
//! `SessionSetupStatusChanged` webhook, read by the crate's own reader
//! (`from_json`) and written by its serde impls, in either product's
//! spelling. And GEFT's guarantee bodies: the confirm endpoint's request and
//! answer, and the `GuaranteeOffered` webhook, read by serde's path (the only
//! reader they have) and written by the crate's serde impls.

use core::time::Duration;

use eft_session::wire::{
    CancelSessionResponse, ConfirmGuaranteeRequest, ConfirmGuaranteeResponse, GuaranteeOffered,
    InProduct, SessionSetupStatusChanged, SessionStatusResponse,
};
use eft_session::{Amount, ReferenceId, Timestamp};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::{SessionIdArg, amount, reference_id};
use crate::values::{ProductArg, PySessionState, PySessionStatus, PyStatusDetail, wrong_type};
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
