//! Signing and verifying `SessionSetupStatusChanged` webhooks: the crate's
//! `webhook::verify_with` and `webhook::sign`.

use core::time::Duration;

use eft_session::webhook;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::bodies::PyWebhookEvent;
use crate::errors;
use crate::values::wrong_type;

/// One secret: `bytes`, `bytearray`, or a `str` (its UTF-8 bytes, as the
/// provider keys the MAC).
fn secret_of(object: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = object.cast::<PyBytes>() {
        Ok(bytes.as_bytes().to_vec())
    } else if let Ok(bytes) = object.cast::<PyByteArray>() {
        Ok(bytes.to_vec())
    } else if let Ok(text) = object.cast::<PyString>() {
        let text: PyBackedStr = text.clone().try_into()?;
        Ok(text.as_bytes().to_vec())
    } else {
        Err(wrong_type(object, "a secret (bytes or str)"))
    }
}

/// The secrets a receiver holds: one, or several while a secret is rotated.
pub(crate) struct SecretsArg(Vec<Vec<u8>>);

impl<'py> FromPyObject<'_, 'py> for SecretsArg {
    type Error = PyErr;

    fn extract(object: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        let object: &Bound<'py, PyAny> = &object;
        if object.is_instance_of::<PyBytes>()
            || object.is_instance_of::<PyByteArray>()
            || object.is_instance_of::<PyString>()
        {
            return Ok(Self(vec![secret_of(object)?]));
        }
        let items = object
            .try_iter()
            .map_err(|_| wrong_type(object, "a secret or a list of secrets"))?;
        let mut secrets = Vec::new();
        for item in items {
            secrets.push(secret_of(&item?)?);
        }
        Ok(Self(secrets))
    }
}

/// Seconds as a `Duration`, or a `ValueError` naming the argument.
fn duration(name: &str, seconds: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds).map_err(|_| {
        errors::value_error(format!(
            "{name} must be a finite number of seconds, at least 0, not {seconds}"
        ))
    })
}

/// Verifies a received webhook and reads it: the `X-Webhook-Signature`
/// header's signature over the raw `body` under any of `secrets`, then the
/// body, then its signed `when` against `now_unix_seconds`, which it may
/// miss by at most `tolerance_seconds` either way.
///
/// Returns the `WebhookEvent`, or raises `WebhookError`: 401 for a missing
/// or wrong signature (`verified_body` is None), 400 for a signed body that
/// cannot be read or is out of time (`verified_body` holds the signed
/// bytes: park them and answer 2xx, the provider does not retry).
#[pyfunction]
#[pyo3(signature = (secrets, header, body, now_unix_seconds, tolerance_seconds))]
pub(crate) fn verify_webhook(
    py: Python<'_>,
    secrets: SecretsArg,
    header: Option<PyBackedStr>,
    body: PyBackedBytes,
    now_unix_seconds: f64,
    tolerance_seconds: f64,
) -> PyResult<PyWebhookEvent> {
    let now = duration("now_unix_seconds", now_unix_seconds)?;
    let tolerance = duration("tolerance_seconds", tolerance_seconds)?;
    webhook::verify_with(&secrets.0, header.as_deref(), &body, now, tolerance)
        .map(PyWebhookEvent)
        .map_err(|error| errors::webhook(py, &error))
}

/// Signs `body` under `secret` as the provider does: the value of the
/// `X-Webhook-Signature` header, `sha256=` and 64 upper-case hex digits.
/// For servers that emulate the provider, and for tests.
#[pyfunction]
pub(crate) fn sign_webhook(secret: &Bound<'_, PyAny>, body: PyBackedBytes) -> PyResult<String> {
    Ok(webhook::sign(&secret_of(secret)?, &body).to_string())
}
