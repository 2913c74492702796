//! `eft_session._native`: the Python binding of the `eft-session` crate.
//!
//! A thin adapter: every rule, message, HTTP status, title and problem body
//! is the crate's. This crate converts arguments into the crate's types and
//! answers into Python objects, and raises every error as an exception of
//! the package's hierarchy (`errors`).
//!
//! | Module | Python |
//! |---|---|
//! | `values` | `SessionStatus`, `StatusDetail`, `Product`, `GuaranteeStage`, `EventKind`, `Event`, `SessionState`, `Transition`, `transition()` |
//! | `session` | `Session` |
//! | `bodies` | `StatusResponse`, `CancelResponse`, `WebhookEvent`, `ConfirmGuaranteeRequest`, `ConfirmGuaranteeResponse`, `GuaranteeOffered`, `SessionDetails`, `InitiateRequest`, `read_*()` |
//! | `webhook` | `verify_webhook()`, `sign_webhook()` |
//! | `errors` | `EftSessionError` and its subclasses |

use eft_session::webhook::{MAX_SIGNATURES, SIGNATURE_HEADER, SIGNATURE_PREFIX};
use eft_session::{GUARANTEE_DELIVERY_ATTEMPTS, GUARANTEE_FAILURE, StatusDetail};
use pyo3::prelude::*;

mod bodies;
mod errors;
mod json;
mod session;
mod values;
mod webhook;

/// The EFT session lifecycle of Flinks Pay's EFT V2 and GEFT APIs, from the
/// eft-session crate: statuses, status-detail codes, GEFT's guarantee
/// decision, the legal transitions, sessions, the status, guarantee,
/// details and initiate-request bodies and webhook verification.
#[pymodule(name = "_native")]
fn native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add_class::<values::PySessionStatus>()?;
    module.add_class::<values::PyStatusDetail>()?;
    module.add_class::<values::PyProduct>()?;
    module.add_class::<values::PyGuaranteeStage>()?;
    module.add_class::<values::PyEventKind>()?;
    module.add_class::<values::PyEvent>()?;
    module.add_class::<values::PySessionState>()?;
    module.add_class::<values::PyTransition>()?;
    module.add_class::<session::PySession>()?;
    module.add_class::<bodies::PyStatusResponse>()?;
    module.add_class::<bodies::PyCancelResponse>()?;
    module.add_class::<bodies::PyWebhookEvent>()?;
    module.add_class::<bodies::PyConfirmGuaranteeRequest>()?;
    module.add_class::<bodies::PyConfirmGuaranteeResponse>()?;
    module.add_class::<bodies::PyGuaranteeOffered>()?;
    module.add_class::<bodies::PySessionDetails>()?;
    module.add_class::<bodies::PyInitiateRequest>()?;
    module.add_function(wrap_pyfunction!(values::transition_of, module)?)?;
    module.add_function(wrap_pyfunction!(bodies::read_status_response, module)?)?;
    module.add_function(wrap_pyfunction!(bodies::read_cancel_response, module)?)?;
    module.add_function(wrap_pyfunction!(bodies::read_webhook_event, module)?)?;
    module.add_function(wrap_pyfunction!(
        bodies::read_confirm_guarantee_request,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(
        bodies::read_confirm_guarantee_response,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(bodies::read_guarantee_offered, module)?)?;
    module.add_function(wrap_pyfunction!(bodies::read_session_details, module)?)?;
    module.add_function(wrap_pyfunction!(bodies::read_initiate_request, module)?)?;
    module.add_function(wrap_pyfunction!(webhook::verify_webhook, module)?)?;
    module.add_function(wrap_pyfunction!(webhook::sign_webhook, module)?)?;
    errors::register(module)?;

    // The documented codes, from the crate's table: `StatusDetail.EFT0501`.
    let detail_class = py.get_type::<values::PyStatusDetail>();
    for code in StatusDetail::DOCUMENTED {
        detail_class.setattr(code.as_str(), values::PyStatusDetail(*code))?;
    }

    module.add("SIGNATURE_HEADER", SIGNATURE_HEADER)?;
    module.add("SIGNATURE_PREFIX", SIGNATURE_PREFIX)?;
    module.add("MAX_SIGNATURES", MAX_SIGNATURES)?;
    module.add("GUARANTEE_DELIVERY_ATTEMPTS", GUARANTEE_DELIVERY_ATTEMPTS)?;
    module.add(
        "GUARANTEE_FAILURE",
        values::PyStatusDetail(GUARANTEE_FAILURE),
    )?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
