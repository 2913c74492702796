//! The lifecycle's values: statuses, codes, products, guarantee stages,
//! kinds of events, events, states and transitions. Each is a frozen Python
//! class around the crate's type; every method asks the crate.

use eft_session::{
    Event, EventKind, GuaranteeStage, Product, SessionState, SessionStatus, StatusDetail,
    Transition, TransitionError,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyString;

use crate::{errors, json};

/// Python's `repr` of a string: `'EFT0501'`.
pub(crate) fn quoted(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(PyString::new(py, text).repr()?.to_cow()?.into_owned())
}

/// A `TypeError` naming what was expected and what came.
pub(crate) fn wrong_type(object: &Bound<'_, PyAny>, expected: &str) -> PyErr {
    let came = object
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "an unknown type".to_owned());
    PyTypeError::new_err(format!("expected {expected}, not {came}"))
}

/// The text of a `str`, or a `TypeError` naming `expected`.
fn text_of(object: &Bound<'_, PyAny>, expected: &str) -> PyResult<PyBackedStr> {
    match object.cast::<PyString>() {
        Ok(text) => text.clone().try_into(),
        Err(_) => Err(wrong_type(object, expected)),
    }
}

/// A status, as a `SessionStatus` or its wire spelling (either product's).
pub(crate) struct StatusArg(pub(crate) SessionStatus);

impl<'py> FromPyObject<'_, 'py> for StatusArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(status) = object.cast::<PySessionStatus>() {
            return Ok(Self(status.get().0));
        }
        let text = text_of(&object, "a SessionStatus or a str")?;
        text.parse()
            .map(Self)
            .map_err(|error| errors::parse_status(object.py(), &error))
    }
}

/// A code, as a `StatusDetail` or its text (`"EFT0501"`).
pub(crate) struct DetailArg(pub(crate) StatusDetail);

impl<'py> FromPyObject<'_, 'py> for DetailArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(detail) = object.cast::<PyStatusDetail>() {
            return Ok(Self(detail.get().0));
        }
        let text = text_of(&object, "a StatusDetail or a str")?;
        text.parse()
            .map(Self)
            .map_err(|error| errors::parse_detail(object.py(), &error))
    }
}

/// A product, as a `Product` or its name (`"EFT V2"`, `"GEFT"`).
pub(crate) struct ProductArg(pub(crate) Product);

impl<'py> FromPyObject<'_, 'py> for ProductArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(product) = object.cast::<PyProduct>() {
            return Ok(Self(product.get().0));
        }
        let text = text_of(&object, "a Product or a str")?;
        match Product::all().find(|product| product.as_str() == &*text) {
            Some(product) => Ok(Self(product)),
            None => {
                let py = object.py();
                let names = Product::all()
                    .map(|product| quoted(py, product.as_str()))
                    .collect::<PyResult<Vec<_>>>()?;
                Err(errors::argument(
                    py,
                    "UnknownProduct",
                    "Invalid Product",
                    format!(
                        "unknown product {}: expected {}",
                        quoted(py, &errors::kept(&text))?,
                        names.join(" or ")
                    ),
                    &text,
                ))
            }
        }
    }
}

/// A kind of event, as an `EventKind` or its verb (`"cancel"`).
pub(crate) struct KindArg(pub(crate) EventKind);

impl<'py> FromPyObject<'_, 'py> for KindArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(kind) = object.cast::<PyEventKind>() {
            return Ok(Self(kind.get().0));
        }
        let text = text_of(&object, "an EventKind or a str")?;
        match EventKind::all().find(|kind| kind.as_str() == &*text) {
            Some(kind) => Ok(Self(kind)),
            None => {
                let py = object.py();
                let verbs: Vec<&str> = EventKind::all().map(EventKind::as_str).collect();
                Err(errors::argument(
                    py,
                    "UnknownEventKind",
                    "Invalid Event",
                    format!(
                        "unknown event kind {}: expected one of {}",
                        quoted(py, &errors::kept(&text))?,
                        verbs.join(", ")
                    ),
                    &text,
                ))
            }
        }
    }
}

/// A guarantee stage, as a `GuaranteeStage` or its name (`"Offered"`).
pub(crate) struct StageArg(pub(crate) GuaranteeStage);

impl<'py> FromPyObject<'_, 'py> for StageArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(stage) = object.cast::<PyGuaranteeStage>() {
            return Ok(Self(stage.get().0));
        }
        let text = text_of(&object, "a GuaranteeStage or a str")?;
        match GuaranteeStage::all().find(|stage| stage.as_str() == &*text) {
            Some(stage) => Ok(Self(stage)),
            None => {
                let py = object.py();
                let names: Vec<&str> = GuaranteeStage::all().map(GuaranteeStage::as_str).collect();
                Err(errors::argument(
                    py,
                    "UnknownGuaranteeStage",
                    "Invalid Guarantee Stage",
                    format!(
                        "unknown guarantee stage {}: expected one of {}",
                        quoted(py, &errors::kept(&text))?,
                        names.join(", ")
                    ),
                    &text,
                ))
            }
        }
    }
}

/// The crate's event of `kind` carrying `detail`: `start`, `offer-guarantee`,
/// `accept-guarantee` and `auto-accept-guarantee` carry no code, every other
/// kind one.
pub(crate) fn event_of(
    py: Python<'_>,
    kind: EventKind,
    detail: Option<StatusDetail>,
) -> PyResult<Event> {
    match (kind, detail) {
        (EventKind::Start, None) => Ok(Event::Start),
        (EventKind::OfferGuarantee, None) => Ok(Event::OfferGuarantee),
        (EventKind::AcceptGuarantee, None) => Ok(Event::AcceptGuarantee),
        (EventKind::AutoAcceptGuarantee, None) => Ok(Event::AutoAcceptGuarantee),
        (EventKind::Complete, Some(code)) => Ok(Event::Complete(code)),
        (EventKind::Fail, Some(code)) => Ok(Event::Fail(code)),
        (EventKind::Cancel, Some(code)) => Ok(Event::Cancel(code)),
        (EventKind::Expire, Some(code)) => Ok(Event::Expire(code)),
        (EventKind::RejectGuarantee, Some(code)) => Ok(Event::RejectGuarantee(code)),
        (EventKind::GuaranteeUndelivered, Some(code)) => Ok(Event::GuaranteeUndelivered(code)),
        (kind, Some(code)) => Err(errors::argument(
            py,
            "UnexpectedCode",
            "Invalid Event",
            format!(
                "{} {kind} event carries no status detail code, not {code}",
                article(kind)
            ),
            code.as_str(),
        )),
        (kind, None) => Err(errors::argument(
            py,
            "MissingCode",
            "Invalid Event",
            format!("{} {kind} event needs a status detail code", article(kind)),
            "",
        )),
    }
}

/// "an" before a kind that starts with a vowel (`an expire event`, `an
/// offer-guarantee event`), "a" before the others.
fn article(kind: EventKind) -> &'static str {
    if kind.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A session's status: `Initiated`, `InProgress`, `Completed`, `Failed`,
/// `Cancelled` or `Expired`.
///
/// `SessionStatus("Canceled")` reads either product's spelling (raising
/// `ParseError` for anything else); `str()` is the EFT V2 spelling. Statuses
/// compare in lifecycle order.
#[pyclass(module = "eft_session", name = "SessionStatus", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PySessionStatus(pub(crate) SessionStatus);

#[pymethods]
impl PySessionStatus {
    /// `Initiated` (`EFT0101`): created, waiting for the payer.
    #[classattr]
    const INITIATED: Self = Self(SessionStatus::Initiated);
    /// `InProgress`: the payer is in the hosted flow.
    #[classattr]
    const IN_PROGRESS: Self = Self(SessionStatus::InProgress);
    /// `Completed` (`EFT03xx`), final.
    #[classattr]
    const COMPLETED: Self = Self(SessionStatus::Completed);
    /// `Failed` (`EFT04xx`), final.
    #[classattr]
    const FAILED: Self = Self(SessionStatus::Failed);
    /// `Cancelled` (`EFT05xx`), final; GEFT writes `Canceled`.
    #[classattr]
    const CANCELLED: Self = Self(SessionStatus::Cancelled);
    /// `Expired` (`EFT06xx`), final.
    #[classattr]
    const EXPIRED: Self = Self(SessionStatus::Expired);

    /// Reads a status: `"Initiated"`, …, `"Cancelled"` or `"Canceled"`.
    #[new]
    fn new(status: StatusArg) -> Self {
        Self(status.0)
    }

    /// Every status, in lifecycle order.
    #[staticmethod]
    fn all() -> Vec<Self> {
        SessionStatus::all().map(Self).collect()
    }

    /// The status whose codes are `EFT0<family>xx`, or None.
    #[staticmethod]
    fn from_detail_family(family: u8) -> Option<Self> {
        SessionStatus::from_detail_family(family).map(Self)
    }

    /// Whether the status is final: every event is refused.
    #[getter]
    fn is_terminal(&self) -> bool {
        self.0.is_terminal()
    }

    /// The family of its codes: 1 for `Initiated` (`EFT01xx`) to 6 for
    /// `Expired`.
    #[getter]
    fn detail_family(&self) -> u8 {
        self.0.detail_family()
    }

    /// The status as `product`'s pages write it (GEFT: `Canceled`).
    fn as_str_in(&self, product: ProductArg) -> &'static str {
        self.0.as_str_in(product.0)
    }

    /// Where `event` takes a session in this status, with no guarantee
    /// offered: the `Transition`, or `TransitionError`.
    fn transition(&self, py: Python<'_>, event: PyRef<'_, PyEvent>) -> PyResult<PyTransition> {
        self.0
            .transition(event.0)
            .map(PyTransition)
            .map_err(|error| errors::transition(py, &error, None))
    }

    fn __str__(&self) -> &'static str {
        self.0.as_str()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("SessionStatus({})", quoted(py, self.0.as_str())?))
    }
}

/// A status-detail code, `EFT` and four digits (`EFT0501`): its first two
/// digits name its family and so its status.
///
/// `StatusDetail("EFT0405")` keeps a code the crate does not know yet, in a
/// known family; anything else raises `ParseError`. The documented codes are
/// class attributes (`StatusDetail.EFT0501`).
#[pyclass(module = "eft_session", name = "StatusDetail", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PyStatusDetail(pub(crate) StatusDetail);

#[pymethods]
impl PyStatusDetail {
    /// Reads a code: `"EFT0501"`.
    #[new]
    fn new(detail: DetailArg) -> Self {
        Self(detail.0)
    }

    /// The code of this number (`501` is `EFT0501`), or None outside the
    /// known families.
    #[staticmethod]
    fn from_number(number: u16) -> Option<Self> {
        StatusDetail::from_number(number).map(Self)
    }

    /// The documented codes, in order.
    #[staticmethod]
    fn documented() -> Vec<Self> {
        StatusDetail::DOCUMENTED.iter().copied().map(Self).collect()
    }

    /// The number: `501` for `EFT0501`.
    #[getter]
    fn number(&self) -> u16 {
        self.0.number()
    }

    /// The family: `5` for `EFT0501`.
    #[getter]
    fn family(&self) -> u8 {
        self.0.family()
    }

    /// The status the code belongs to.
    #[getter]
    fn status(&self) -> PySessionStatus {
        PySessionStatus(self.0.status())
    }

    /// What the code means, for a documented code; None otherwise.
    #[getter]
    fn description(&self) -> Option<&'static str> {
        self.0.description()
    }

    /// The products whose pages document the code; None for an unknown code.
    #[getter]
    fn products(&self) -> Option<Vec<PyProduct>> {
        self.0
            .products()
            .map(|products| products.iter().copied().map(PyProduct).collect())
    }

    /// Whether the code is documented.
    #[getter]
    fn is_known(&self) -> bool {
        self.0.is_known()
    }

    /// Whether `product` may send the code (an unknown code: any product).
    fn is_produced_by(&self, product: ProductArg) -> bool {
        self.0.is_produced_by(product.0)
    }

    fn __str__(&self) -> &'static str {
        self.0.as_str()
    }

    fn __repr__(&self) -> String {
        format!("StatusDetail('{}')", self.0.as_str())
    }
}

/// One of the two products that share the session API: EFT V2 or GEFT
/// (Guaranteed EFT).
///
/// `Product("GEFT")` reads a name; `str()` writes it.
#[pyclass(module = "eft_session", name = "Product", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PyProduct(pub(crate) Product);

#[pymethods]
impl PyProduct {
    /// EFT V2, the session-based EFT API.
    #[classattr]
    const EFT_V2: Self = Self(Product::EftV2);
    /// GEFT, Guaranteed EFT.
    #[classattr]
    const GEFT: Self = Self(Product::Geft);

    /// Reads a product's name: `"EFT V2"` or `"GEFT"`.
    #[new]
    fn new(product: ProductArg) -> Self {
        Self(product.0)
    }

    /// Both products.
    #[staticmethod]
    fn all() -> Vec<Self> {
        Product::all().map(Self).collect()
    }

    /// How the product's pages spell the cancelled status.
    #[getter]
    fn cancelled_spelling(&self) -> &'static str {
        self.0.cancelled_spelling()
    }

    /// The longest reference id the product takes in a request, in
    /// characters.
    #[getter]
    fn max_reference_id_len(&self) -> usize {
        self.0.max_reference_id_len()
    }

    /// Whether a request of the product may name a payee.
    #[getter]
    fn accepts_payee(&self) -> bool {
        self.0.accepts_payee()
    }

    fn __str__(&self) -> &'static str {
        self.0.as_str()
    }

    fn __repr__(&self) -> String {
        format!("Product('{}')", self.0.as_str())
    }
}

/// Where a GEFT session's guarantee decision stands: `NotOffered`,
/// `Offered`, `Accepted`, `AutoAccepted`, `Rejected` or `Undelivered`.
///
/// EFT V2 sessions stay `NotOffered`; a GEFT session moves through the
/// stages while `InProgress` and keeps the one it reached after it ends.
/// `GuaranteeStage("Offered")` reads a name (raising `ParseError`
/// otherwise); `str()` writes it. Stages compare in declaration order.
#[pyclass(module = "eft_session", name = "GuaranteeStage", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PyGuaranteeStage(pub(crate) GuaranteeStage);

#[pymethods]
impl PyGuaranteeStage {
    /// No guarantee has been offered: every EFT V2 session, and a GEFT one
    /// before its offer.
    #[classattr]
    const NOT_OFFERED: Self = Self(GuaranteeStage::NotOffered);
    /// A guarantee was offered and awaits the client's decision.
    #[classattr]
    const OFFERED: Self = Self(GuaranteeStage::Offered);
    /// The client accepted the guarantee through the confirm endpoint.
    #[classattr]
    const ACCEPTED: Self = Self(GuaranteeStage::Accepted);
    /// The guarantee was accepted automatically (no guarantee webhook is
    /// configured).
    #[classattr]
    const AUTO_ACCEPTED: Self = Self(GuaranteeStage::AutoAccepted);
    /// The client rejected the guarantee; the session failed.
    #[classattr]
    const REJECTED: Self = Self(GuaranteeStage::Rejected);
    /// The guarantee webhook went undelivered; the session failed.
    #[classattr]
    const UNDELIVERED: Self = Self(GuaranteeStage::Undelivered);

    /// Reads a stage's name: `"NotOffered"`, `"Offered"`, `"Accepted"`,
    /// `"AutoAccepted"`, `"Rejected"` or `"Undelivered"`.
    #[new]
    fn new(stage: StageArg) -> Self {
        Self(stage.0)
    }

    /// Every stage, in declaration order.
    #[staticmethod]
    fn all() -> Vec<Self> {
        GuaranteeStage::all().map(Self).collect()
    }

    /// Whether an offer awaits the client's decision: the only stage the
    /// confirm endpoint acts on.
    #[getter]
    fn is_pending(&self) -> bool {
        self.0.is_pending()
    }

    /// Whether a guarantee was offered (`guaranteeDetails.guaranteeOffered`).
    #[getter]
    fn is_offered(&self) -> bool {
        self.0.is_offered()
    }

    /// Whether the guarantee was accepted, by the client or automatically
    /// (`guaranteeDetails.guaranteeAccepted`).
    #[getter]
    fn is_accepted(&self) -> bool {
        self.0.is_accepted()
    }

    /// Whether a session in `status` can be at this stage.
    fn goes_with(&self, status: StatusArg) -> bool {
        self.0.goes_with(status.0)
    }

    /// Whether sessions of `product` can be at this stage: only GEFT offers
    /// guarantees.
    fn is_in(&self, product: ProductArg) -> bool {
        self.0.is_in(product.0)
    }

    fn __str__(&self) -> &'static str {
        self.0.as_str()
    }

    fn __repr__(&self) -> String {
        format!("GuaranteeStage('{}')", self.0.as_str())
    }
}

/// The kind of an event, without its code: `start`, `complete`, `fail`,
/// `cancel`, `expire`, and GEFT's `offer-guarantee`, `accept-guarantee`,
/// `auto-accept-guarantee`, `reject-guarantee` and `guarantee-undelivered`.
#[pyclass(module = "eft_session", name = "EventKind", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PyEventKind(pub(crate) EventKind);

#[pymethods]
impl PyEventKind {
    /// The payer opens the hosted flow.
    #[classattr]
    const START: Self = Self(EventKind::Start);
    /// The flow completes (`EFT03xx`).
    #[classattr]
    const COMPLETE: Self = Self(EventKind::Complete);
    /// The flow fails (`EFT04xx`).
    #[classattr]
    const FAIL: Self = Self(EventKind::Fail);
    /// The session is cancelled (`EFT05xx`).
    #[classattr]
    const CANCEL: Self = Self(EventKind::Cancel);
    /// The session times out (`EFT06xx`).
    #[classattr]
    const EXPIRE: Self = Self(EventKind::Expire);
    /// GEFT: a guarantee is offered; the session stays `InProgress`.
    #[classattr]
    const OFFER_GUARANTEE: Self = Self(EventKind::OfferGuarantee);
    /// GEFT: the client accepts the pending offer.
    #[classattr]
    const ACCEPT_GUARANTEE: Self = Self(EventKind::AcceptGuarantee);
    /// GEFT: the pending offer is accepted automatically.
    #[classattr]
    const AUTO_ACCEPT_GUARANTEE: Self = Self(EventKind::AutoAcceptGuarantee);
    /// GEFT: the client rejects the pending offer; the session fails
    /// (`EFT04xx`).
    #[classattr]
    const REJECT_GUARANTEE: Self = Self(EventKind::RejectGuarantee);
    /// GEFT: the guarantee webhook went undelivered; the session fails
    /// (`EFT04xx`).
    #[classattr]
    const GUARANTEE_UNDELIVERED: Self = Self(EventKind::GuaranteeUndelivered);

    /// Reads an identifier: `"start"`, `"complete"`, `"fail"`, `"cancel"`,
    /// `"expire"`, `"offer-guarantee"`, `"accept-guarantee"`,
    /// `"auto-accept-guarantee"`, `"reject-guarantee"` or
    /// `"guarantee-undelivered"`.
    #[new]
    fn new(kind: KindArg) -> Self {
        Self(kind.0)
    }

    /// Every kind, in lifecycle order.
    #[staticmethod]
    fn all() -> Vec<Self> {
        EventKind::all().map(Self).collect()
    }

    /// The status an event of this kind leads to when it is legal.
    #[getter]
    fn target(&self) -> PySessionStatus {
        PySessionStatus(self.0.target())
    }

    /// An event of this kind: a kind without a code as it is, a guarantee
    /// failure with `EFT0402`, or the first documented code of its target's
    /// family.
    fn example(&self) -> PyEvent {
        PyEvent(self.0.example())
    }

    /// Whether this is a step of GEFT's guarantee decision, which EFT V2
    /// sessions never take.
    #[getter]
    fn is_guarantee(&self) -> bool {
        self.0.is_guarantee()
    }

    /// Whether this is an answer to a pending offer (accept, auto-accept,
    /// reject, undelivered): legal only while one is pending.
    #[getter]
    fn decides_guarantee(&self) -> bool {
        self.0.decides_guarantee()
    }

    /// How error messages say it, before "session": `"cancel"`, `"accept the
    /// guarantee of"`.
    #[getter]
    fn phrase(&self) -> &'static str {
        self.0.phrase()
    }

    /// The stage an event of this kind leaves a session at stage `stage`
    /// in, when it is legal: the guarantee events set it, the others keep it.
    fn guarantee_after(&self, stage: StageArg) -> PyGuaranteeStage {
        PyGuaranteeStage(self.0.guarantee_after(stage.0))
    }

    fn __str__(&self) -> &'static str {
        self.0.as_str()
    }

    fn __repr__(&self) -> String {
        format!("EventKind('{}')", self.0.as_str())
    }
}

/// Something that happens to a session: its kind and, for every kind that
/// ends the session, the code of the state it leads to.
///
/// `Event("complete", "EFT0301")`, or `Event.complete("EFT0301")`,
/// `Event.start()`, `Event.cancel()` (`EFT0501`, by API request),
/// `Event.expire()` (`EFT0601`), and GEFT's `Event.offer_guarantee()`,
/// `Event.accept_guarantee()`, `Event.auto_accept_guarantee()`,
/// `Event.reject_guarantee()` and `Event.guarantee_undelivered()` (both
/// `EFT0402` by default). Whether the event is legal, and whether its code
/// belongs to its target, is decided when it is applied.
#[pyclass(module = "eft_session", name = "Event", frozen, eq, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PyEvent(pub(crate) Event);

#[pymethods]
impl PyEvent {
    /// The event of `kind` with `status_details`: None for `start`,
    /// `offer-guarantee`, `accept-guarantee` and `auto-accept-guarantee`, a
    /// code for every other kind (`ParseError` otherwise).
    #[new]
    #[pyo3(signature = (kind, status_details = None))]
    fn new(py: Python<'_>, kind: KindArg, status_details: Option<DetailArg>) -> PyResult<Self> {
        event_of(py, kind.0, status_details.map(|detail| detail.0)).map(Self)
    }

    /// The payer opens the hosted flow: `Initiated` to `InProgress`.
    #[staticmethod]
    fn start() -> Self {
        Self(Event::Start)
    }

    /// The flow completes with an `EFT03xx` code.
    #[staticmethod]
    fn complete(status_details: DetailArg) -> Self {
        Self(Event::Complete(status_details.0))
    }

    /// The flow fails with an `EFT04xx` code.
    #[staticmethod]
    fn fail(status_details: DetailArg) -> Self {
        Self(Event::Fail(status_details.0))
    }

    /// The session is cancelled; by default by API request (`EFT0501`).
    #[staticmethod]
    #[pyo3(signature = (status_details = None))]
    fn cancel(status_details: Option<DetailArg>) -> Self {
        Self(status_details.map_or(Event::CANCEL_BY_API, |code| Event::Cancel(code.0)))
    }

    /// The session times out; by default with `EFT0601`.
    #[staticmethod]
    #[pyo3(signature = (status_details = None))]
    fn expire(status_details: Option<DetailArg>) -> Self {
        Self(status_details.map_or(Event::TIME_OUT, |code| Event::Expire(code.0)))
    }

    /// GEFT: a guarantee is offered (the `GuaranteeOffer` step, and the
    /// guarantee webhook); the session stays `InProgress`, the offer pending.
    #[staticmethod]
    fn offer_guarantee() -> Self {
        Self(Event::OfferGuarantee)
    }

    /// GEFT: the client accepts the pending offer (the confirm endpoint with
    /// `guaranteeAccepted: true`).
    #[staticmethod]
    fn accept_guarantee() -> Self {
        Self(Event::AcceptGuarantee)
    }

    /// GEFT: the pending offer is accepted automatically, no guarantee
    /// webhook being configured.
    #[staticmethod]
    fn auto_accept_guarantee() -> Self {
        Self(Event::AutoAcceptGuarantee)
    }

    /// GEFT: the client rejects the pending offer, and the session fails;
    /// by default with `EFT0402`, the crate's decision.
    #[staticmethod]
    #[pyo3(signature = (status_details = None))]
    fn reject_guarantee(status_details: Option<DetailArg>) -> Self {
        Self(status_details.map_or(Event::REJECT_GUARANTEE, |code| {
            Event::RejectGuarantee(code.0)
        }))
    }

    /// GEFT: the guarantee webhook went undelivered after
    /// `GUARANTEE_DELIVERY_ATTEMPTS` attempts, and the session fails; by
    /// default with `EFT0402`.
    #[staticmethod]
    #[pyo3(signature = (status_details = None))]
    fn guarantee_undelivered(status_details: Option<DetailArg>) -> Self {
        Self(status_details.map_or(Event::GUARANTEE_UNDELIVERED, |code| {
            Event::GuaranteeUndelivered(code.0)
        }))
    }

    /// The event whose last step leads into `state`, or None (nothing leads
    /// into `Initiated`); the state's guarantee stage tells the guarantee
    /// events apart.
    #[staticmethod]
    fn reaching(state: PyRef<'_, PySessionState>) -> Option<Self> {
        Event::reaching(state.0).map(Self)
    }

    /// The kind of event.
    #[getter]
    fn kind(&self) -> PyEventKind {
        PyEventKind(self.0.kind())
    }

    /// The code it carries; None for `start` and the guarantee events that
    /// keep the session `InProgress`.
    #[getter]
    fn status_details(&self) -> Option<PyStatusDetail> {
        self.0.detail().map(PyStatusDetail)
    }

    fn __repr__(&self) -> String {
        match self.0.detail() {
            Some(code) => format!("Event('{}', '{code}')", self.0.kind()),
            None => format!("Event('{}')", self.0.kind()),
        }
    }
}

/// A status with its code and its guarantee stage, checked to agree: what a
/// session is in.
///
/// `SessionState(status, detail, guarantee=None)` raises `StateError` when
/// the code belongs to another status, a status other than `InProgress`
/// comes without one (`Contradiction`, `MissingDetail`), or the guarantee
/// stage cannot go with the status (`GuaranteeMismatch`).
#[pyclass(module = "eft_session", name = "SessionState", frozen, eq, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PySessionState(pub(crate) SessionState);

#[pymethods]
impl PySessionState {
    /// A new session's state: `Initiated` with `EFT0101`.
    #[classattr]
    const INITIATED: Self = Self(SessionState::INITIATED);

    /// Checks that `detail` agrees with `status`, and `guarantee` (by
    /// default `NotOffered`) with both.
    #[new]
    #[pyo3(signature = (status, detail = None, guarantee = None))]
    fn new(
        py: Python<'_>,
        status: StatusArg,
        detail: Option<DetailArg>,
        guarantee: Option<StageArg>,
    ) -> PyResult<Self> {
        let stage = guarantee.map_or(GuaranteeStage::NotOffered, |stage| stage.0);
        SessionState::new(status.0, detail.map(|detail| detail.0))
            .and_then(|state| state.with_guarantee(stage))
            .map(Self)
            .map_err(|error| errors::state(py, &error))
    }

    /// The same state at guarantee stage `guarantee`, or `StateError`
    /// (`GuaranteeMismatch`) when the stage cannot go with the status.
    fn with_guarantee(&self, py: Python<'_>, guarantee: StageArg) -> PyResult<Self> {
        self.0
            .with_guarantee(guarantee.0)
            .map(Self)
            .map_err(|error| errors::state(py, &error))
    }

    /// Where the guarantee decision stands; `NotOffered` for every EFT V2
    /// session.
    #[getter]
    fn guarantee(&self) -> PyGuaranteeStage {
        PyGuaranteeStage(self.0.guarantee())
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

    /// Whether the state is final.
    #[getter]
    fn is_terminal(&self) -> bool {
        self.0.is_terminal()
    }

    /// Whether a report of `other` says nothing new about this state (an
    /// `InProgress` code does not make a new state).
    fn is_same_state_as(&self, other: PyRef<'_, Self>) -> bool {
        self.0.is_same_state_as(other.0)
    }

    /// Where `event` takes a session in this state, at its guarantee stage:
    /// the `Transition`, or `TransitionError` (naming this state's code when
    /// it is terminal).
    fn transition(&self, py: Python<'_>, event: PyRef<'_, PyEvent>) -> PyResult<PyTransition> {
        self.0
            .transition(event.0)
            .map(PyTransition)
            .map_err(|error| errors::transition(py, &error, None))
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let status = quoted(py, self.0.status().as_str())?;
        let stage = guarantee_suffix("guarantee", self.0.guarantee());
        Ok(match self.0.detail() {
            Some(code) => format!("SessionState({status}, '{code}'{stage})"),
            None => format!("SessionState({status}{stage})"),
        })
    }
}

/// `, <name>='<stage>'` for a `repr`, or nothing at `NotOffered`, the
/// default of the constructors.
fn guarantee_suffix(name: &str, stage: GuaranteeStage) -> String {
    if stage == GuaranteeStage::NotOffered {
        String::new()
    } else {
        format!(", {name}='{stage}'")
    }
}

/// One legal step of a session: from a status, to a status, with the code
/// of the state it reaches, and the guarantee stage before and after it.
/// Holding one proves the step legal.
///
/// `transition()`, `Session.apply()` and the like hand them out;
/// `Transition(from_status, to_status, status_details, from_guarantee=None,
/// guarantee=None)` checks a recorded step (a database row, a log line:
/// `Transition(row["from"], row["to"], row["statusDetails"],
/// from_guarantee=row.get("fromGuarantee"), guarantee=row.get("guarantee"))`)
/// and raises `TransitionError` for one the lifecycle does not allow.
#[pyclass(module = "eft_session", name = "Transition", frozen, eq, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PyTransition(pub(crate) Transition);

#[pymethods]
impl PyTransition {
    /// Checks a recorded step against the transition function, from stage
    /// `from_guarantee` to stage `guarantee` (both `NotOffered` by default,
    /// as an EFT V2 step is recorded).
    #[new]
    #[pyo3(signature = (from_status, to_status, status_details = None, *, from_guarantee = None, guarantee = None))]
    fn new(
        py: Python<'_>,
        from_status: StatusArg,
        to_status: StatusArg,
        status_details: Option<DetailArg>,
        from_guarantee: Option<StageArg>,
        guarantee: Option<StageArg>,
    ) -> PyResult<Self> {
        let stage = |arg: Option<StageArg>| arg.map_or(GuaranteeStage::NotOffered, |s| s.0);
        SessionState::new(to_status.0, status_details.map(|d| d.0))
            .and_then(|target| target.with_guarantee(stage(guarantee)))
            .map_err(TransitionError::InvalidTarget)
            .and_then(|target| Transition::checked(from_status.0, stage(from_guarantee), target))
            .map(Self)
            .map_err(|error| errors::transition(py, &error, None))
    }

    /// The status the session was in.
    #[getter(from_status)]
    fn origin(&self) -> PySessionStatus {
        PySessionStatus(self.0.from())
    }

    /// The status the session is in after the step.
    #[getter(to_status)]
    fn destination(&self) -> PySessionStatus {
        PySessionStatus(self.0.to())
    }

    /// The code of the state reached; None when it is `InProgress`.
    #[getter]
    fn status_details(&self) -> Option<PyStatusDetail> {
        self.0.detail().map(PyStatusDetail)
    }

    /// The guarantee stage the session was at (`fromGuarantee`; the crate's
    /// `guarantee_before()`).
    #[getter(from_guarantee)]
    fn guarantee_before(&self) -> PyGuaranteeStage {
        PyGuaranteeStage(self.0.guarantee_before())
    }

    /// The guarantee stage after the step (`guarantee`): set by a guarantee
    /// event, kept by every other.
    #[getter]
    fn guarantee(&self) -> PyGuaranteeStage {
        PyGuaranteeStage(self.0.guarantee())
    }

    /// The state reached.
    #[getter]
    fn target(&self) -> PySessionState {
        PySessionState(self.0.target())
    }

    /// The event that made the step.
    #[getter]
    fn event(&self) -> PyEvent {
        PyEvent(self.0.event())
    }

    /// The step's JSON form, as the crate persists it: `{"from", "to",
    /// "statusDetails"}`, with `"fromGuarantee"` and `"guarantee"` once a
    /// guarantee was offered (left out while both are `NotOffered`).
    #[pyo3(name = "to_dict")]
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let from = quoted(py, self.0.from().as_str())?;
        let to = quoted(py, self.0.to().as_str())?;
        let stages = guarantee_suffix("from_guarantee", self.0.guarantee_before())
            + &guarantee_suffix("guarantee", self.0.guarantee());
        Ok(match self.0.detail() {
            Some(code) => format!("Transition({from}, {to}, '{code}'{stages})"),
            None => format!("Transition({from}, {to}{stages})"),
        })
    }
}

/// Where `event` takes a session in `status`, with no guarantee offered:
/// the lifecycle's one transition function. Returns the `Transition`, or
/// raises `TransitionError` (`AlreadyTerminal` 400, `NotAllowed` 409,
/// `NoGuaranteeOffer` 409, `DetailMismatch` 400). At another guarantee
/// stage, ask a `SessionState`: `SessionState(status, detail,
/// guarantee).transition(event)`.
#[pyfunction]
#[pyo3(name = "transition")]
pub(crate) fn transition_of(
    py: Python<'_>,
    status: StatusArg,
    event: PyRef<'_, PyEvent>,
) -> PyResult<PyTransition> {
    PySessionStatus(status.0).transition(py, event)
}
