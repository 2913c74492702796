//! Crate values as Python objects, through their JSON form: a body or a
//! problem is written by the crate's own serde impls, then read by Python's
//! `json.loads`, so that a dict holds exactly what goes over the wire.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use serde::Serialize;

static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `value`'s JSON text, as the crate writes it.
pub(crate) fn text(value: &impl Serialize) -> PyResult<String> {
    // The crate's bodies have string keys and finite numbers only.
    serde_json::to_string(value)
        .map_err(|error| PyRuntimeError::new_err(format!("cannot write the body as JSON: {error}")))
}

/// `json.loads` of `value`'s JSON text: dicts, lists, strings, numbers,
/// booleans and None.
pub(crate) fn to_python<'py>(
    py: Python<'py>,
    value: &impl Serialize,
) -> PyResult<Bound<'py, PyAny>> {
    let loads = LOADS.get_or_try_init(py, || {
        py.import("json")?.getattr("loads").map(Bound::unbind)
    })?;
    loads.bind(py).call1((text(value)?,))
}
