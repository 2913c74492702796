//! The status bodies: a status poll's answer, a cancel's answer and the
//! `SessionSetupStatusChanged` webhook, read by the crate's own reader
//! (`from_json`) and written by its serde impls, in either product's
//! spelling.

use eft_session::wire::{
    CancelSessionResponse, InProduct, SessionSetupStatusChanged, SessionStatusResponse,
};
use eft_session::{Amount, ReferenceId};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use serde::Serialize;

use crate::values::{ProductArg, PySessionState, PySessionStatus, PyStatusDetail};
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
