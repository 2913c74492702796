//! A session: apply, cancel, confirm a guarantee, observe, replay. Every
//! change is the crate's `Session`'s; a refused one leaves the session as it
//! was.

use eft_session::uuid::Uuid;
use eft_session::wire::SessionStatusResponse;
use eft_session::{Amount, Observation, ReferenceId, Session, Transition};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

use crate::bodies::{PyStatusResponse, PyWebhookEvent, written, written_text};
use crate::values::{
    DetailArg, ProductArg, PyEvent, PyGuaranteeStage, PyProduct, PySessionState, PySessionStatus,
    PyStatusDetail, PyTransition, StatusArg, quoted, wrong_type,
};
use crate::{errors, json};

/// A session id, as a `str` or a `uuid.UUID`.
pub(crate) struct SessionIdArg(pub(crate) Uuid);

static UUID_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

impl<'py> FromPyObject<'_, 'py> for SessionIdArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        let py = object.py();
        let text: PyBackedStr = if let Ok(text) = object.cast::<PyString>() {
            text.to_owned().try_into()?
        } else if object.is_instance(UUID_CLASS.import(py, "uuid", "UUID")?)? {
            object.str()?.try_into()?
        } else {
            return Err(wrong_type(&object, "a session id (str or uuid.UUID)"));
        };
        Uuid::parse_str(&text).map(Self).map_err(|error| {
            let message = quoted(py, &errors::kept(&text))
                .map(|input| format!("invalid session id {input}: {error}"));
            match message {
                Ok(message) => {
                    errors::argument(py, "InvalidSessionId", "Invalid Session Id", message, &text)
                }
                Err(failure) => failure,
            }
        })
    }
}

/// A reference id as a response carries it: 1 to 100 characters, any.
pub(crate) fn reference_id(
    py: Python<'_>,
    text: Option<PyBackedStr>,
) -> PyResult<Option<ReferenceId>> {
    text.map(|text| {
        text.parse()
            .map_err(|error| errors::parse_reference_id(py, &error))
    })
    .transpose()
}

/// An amount of `cents`. A count of cents outside the crate's `u64` is
/// judged by the crate as the dollars it stands for (`-0.05`: negative).
pub(crate) fn amount(py: Python<'_>, cents: i128) -> PyResult<Amount> {
    if let Ok(cents) = u64::try_from(cents) {
        return Ok(Amount::from_cents(cents));
    }
    let sign = if cents < 0 { "-" } else { "" };
    let magnitude = cents.unsigned_abs();
    let dollars = format!("{sign}{}.{:02}", magnitude / 100, magnitude % 100);
    match dollars.parse::<Amount>() {
        Err(error) => Err(errors::parse_amount(py, &error)),
        // Beyond `u64` cents, the crate's reader refuses every amount.
        Ok(_) => Err(errors::value_error(format!(
            "amount of {cents} cents is out of range"
        ))),
    }
}

fn steps(observation: &Observation) -> Vec<PyTransition> {
    observation.transitions().map(PyTransition).collect()
}

/// An EFT session: its id, the client's reference, its product and its
/// state, changed only by legal steps.
///
/// `Session(session_id, reference_id=None)` is a new EFT V2 session,
/// `Initiated` with `EFT0101`; `.in_product("GEFT")` makes it a GEFT one,
/// which takes the guarantee events. Every change goes through the crate's
/// transition function; a refused change raises and leaves the session
/// exactly as it was. Sessions compare equal when id, reference, product and
/// state are equal.
#[pyclass(module = "eft_session", name = "Session", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PySession(pub(crate) Session);

#[pymethods]
impl PySession {
    /// A new session, `Initiated` with `EFT0101`. `reference_id` is read as
    /// a response carries it (1 to 100 characters); `ParseError` otherwise.
    #[new]
    #[pyo3(signature = (session_id, reference_id = None))]
    fn new(
        py: Python<'_>,
        session_id: SessionIdArg,
        reference_id: Option<PyBackedStr>,
    ) -> PyResult<Self> {
        Ok(Self(Session::new(
            session_id.0,
            self::reference_id(py, reference_id)?,
        )))
    }

    /// Rebuilds a session from its recorded steps, in order, guarantee
    /// stages included: the `Session`, or `ReplayError` naming the first step
    /// that does not follow on. A log with a guarantee step rebuilds a GEFT
    /// session; any other is of `product` (EFT V2 by default), which the log
    /// does not record.
    #[staticmethod]
    #[pyo3(signature = (session_id, reference_id, transitions, product = None))]
    fn replay(
        py: Python<'_>,
        session_id: SessionIdArg,
        reference_id: Option<PyBackedStr>,
        transitions: &Bound<'_, PyAny>,
        product: Option<ProductArg>,
    ) -> PyResult<Self> {
        let mut log: Vec<Transition> = Vec::new();
        for item in transitions.try_iter()? {
            let item = item?;
            let step = item
                .cast::<PyTransition>()
                .map_err(|_| wrong_type(&item, "a Transition"))?;
            log.push(step.get().0);
        }
        let session = Session::replay(session_id.0, self::reference_id(py, reference_id)?, log)
            .map_err(|error| errors::replay(py, &error))?;
        Ok(Self(match product {
            Some(product) => session.in_product(product.0),
            None => session,
        }))
    }

    /// The same session, of `product` (a new `Session`; this one is
    /// unchanged): a GEFT session takes the guarantee events. A session
    /// whose guarantee was offered stays GEFT.
    fn in_product(&self, product: ProductArg) -> Self {
        Self(self.0.clone().in_product(product.0))
    }

    /// The product: `Product.EFT_V2` unless the session was made GEFT.
    #[getter]
    fn product(&self) -> PyProduct {
        PyProduct(self.0.product())
    }

    /// Where the guarantee decision stands (`NotOffered` for every EFT V2
    /// session).
    #[getter]
    fn guarantee(&self) -> PyGuaranteeStage {
        PyGuaranteeStage(self.0.guarantee())
    }

    /// The session id (`sessionId`), hyphenated lower case.
    #[getter]
    fn session_id(&self) -> String {
        self.0.id().to_string()
    }

    /// The client's reference (`referenceId`), or None.
    #[getter]
    fn reference_id(&self) -> Option<&str> {
        self.0.reference_id().map(ReferenceId::as_str)
    }

    /// The state: status and code.
    #[getter]
    fn state(&self) -> PySessionState {
        PySessionState(self.0.state())
    }

    /// The status.
    #[getter]
    fn status(&self) -> PySessionStatus {
        PySessionStatus(self.0.status())
    }

    /// The code; None only while `InProgress`.
    #[getter]
    fn detail(&self) -> Option<PyStatusDetail> {
        self.0.detail().map(PyStatusDetail)
    }

    /// Whether the session has reached its final state.
    #[getter]
    fn is_terminal(&self) -> bool {
        self.0.is_terminal()
    }

    /// Applies `event`: the step taken (persist it), or `TransitionError`
    /// (whose problem body names the session).
    fn apply(&mut self, py: Python<'_>, event: PyRef<'_, PyEvent>) -> PyResult<PyTransition> {
        self.0
            .apply(event.0)
            .map(PyTransition)
            .map_err(|error| errors::transition(py, &error, Some(self.0.id())))
    }

    /// Cancels by API request: `(step, body)`, the step to persist and the
    /// cancel endpoint's answer as a dict (in `product`'s spelling, EFT V2's
    /// by default). A terminal session raises `TransitionError`
    /// `AlreadyTerminal`, which the API answers with 400.
    #[pyo3(signature = (product = None))]
    fn cancel<'py>(
        &mut self,
        py: Python<'py>,
        product: Option<ProductArg>,
    ) -> PyResult<(PyTransition, Bound<'py, PyAny>)> {
        let (step, body) = self
            .0
            .cancel()
            .map_err(|error| errors::transition(py, &error, Some(self.0.id())))?;
        Ok((PyTransition(step), written(py, &body, product)?))
    }

    /// The client's decision on the pending guarantee offer (`POST
    /// …/guarantees/confirm`): `(step, body)`, the step to persist and the
    /// endpoint's answer as a dict (`sessionId`, `referenceId`). Accepting
    /// keeps the session `InProgress` and lets it complete; rejecting fails
    /// it with `EFT0402`. Raises `TransitionError`: `NoGuaranteeOffer` (409)
    /// with no offer pending (none made, or already accepted),
    /// `AlreadyTerminal` (400) once the session ended (a rejection
    /// included), `GuaranteeNotEnabled` (400) for an EFT V2 session.
    fn confirm_guarantee<'py>(
        &mut self,
        py: Python<'py>,
        accepted: bool,
    ) -> PyResult<(PyTransition, Bound<'py, PyAny>)> {
        let (step, body) = self
            .0
            .confirm_guarantee(accepted)
            .map_err(|error| errors::transition(py, &error, Some(self.0.id())))?;
        Ok((PyTransition(step), json::to_python(py, &body)?))
    }

    /// Takes in a reported state (a status poll, a webhook): the steps taken,
    /// none for a duplicate, two when the report skipped `InProgress`; or
    /// `ObserveError`.
    #[pyo3(signature = (status, detail = None))]
    fn observe(
        &mut self,
        py: Python<'_>,
        status: StatusArg,
        detail: Option<DetailArg>,
    ) -> PyResult<Vec<PyTransition>> {
        self.0
            .observe(status.0, detail.map(|detail| detail.0))
            .map(|seen| steps(&seen))
            .map_err(|error| errors::observe(py, &error))
    }

    /// Takes in a status body about this session: JSON text (read by the
    /// crate's reader; `DecodeError`), a `StatusResponse` or a
    /// `WebhookEvent`. The steps taken, or `ObserveError` (`WrongSession`
    /// for a body about another session).
    fn observe_report(
        &mut self,
        py: Python<'_>,
        report: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<PyTransition>> {
        let body: SessionStatusResponse = if let Ok(text) = report.cast::<PyString>() {
            let text: PyBackedStr = text.clone().try_into()?;
            SessionStatusResponse::from_json(&text).map_err(|error| errors::decode(py, &error))?
        } else if let Ok(response) = report.cast::<PyStatusResponse>() {
            response.get().0.clone()
        } else if let Ok(event) = report.cast::<PyWebhookEvent>() {
            event.get().0.report().clone()
        } else {
            return Err(wrong_type(
                report,
                "a str, a StatusResponse or a WebhookEvent",
            ));
        };
        self.0
            .observe_report(&body)
            .map(|seen| steps(&seen))
            .map_err(|error| errors::observe(py, &error))
    }

    /// The body of a status poll for this session, as JSON text (in
    /// `product`'s spelling, EFT V2's by default); `amount` is null without
    /// `amount_cents`.
    #[pyo3(signature = (amount_cents = None, product = None))]
    fn status_response(
        &self,
        py: Python<'_>,
        amount_cents: Option<i128>,
        product: Option<ProductArg>,
    ) -> PyResult<String> {
        let amount = amount_cents.map(|cents| amount(py, cents)).transpose()?;
        written_text(&self.0.status_response(amount), product)
    }

    /// A copy, changed independently.
    fn __copy__(&self) -> Self {
        self.clone()
    }

    /// A copy, changed independently (a session holds no Python objects).
    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        self.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let reference = match self.0.reference_id() {
            Some(reference) => quoted(py, reference.as_str())?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "<Session {} reference_id={reference} product={} state={}>",
            self.0.id(),
            quoted(py, self.0.product().as_str())?,
            self.0.state()
        ))
    }
}
