//! The Python exception hierarchy, created here in Rust, one class per `ApiError` variant (named
//! after it: `ApiError::Http` is `HttpError`; Python has no class for the whole `ApiError`, whose
//! counterpart is the base class `VcfError`).

use pyo3::exceptions::{PyBaseException, PyException};
use pyo3::prelude::*;
use pyo3::{create_exception, PyErr};

create_exception!(
    datacenter_assistant_core,
    VcfError,
    PyException,
    "Base class of every error raised by the engine."
);
create_exception!(
    datacenter_assistant_core,
    AuthError,
    VcfError,
    "SDDC Manager refused the credentials."
);
create_exception!(
    datacenter_assistant_core,
    CannotConnect,
    VcfError,
    "SDDC Manager could not be reached."
);
create_exception!(
    datacenter_assistant_core,
    TlsError,
    CannotConnect,
    "The TLS handshake failed (untrusted or invalid certificate)."
);
create_exception!(
    datacenter_assistant_core,
    RequestTimeout,
    CannotConnect,
    "SDDC Manager did not answer in time."
);
create_exception!(
    datacenter_assistant_core,
    RateLimited,
    VcfError,
    "SDDC Manager kept rate limiting the calls."
);
create_exception!(
    datacenter_assistant_core,
    HttpError,
    VcfError,
    "SDDC Manager answered with an error status."
);
create_exception!(
    datacenter_assistant_core,
    InvalidResponse,
    VcfError,
    "SDDC Manager's answer was not what its API promises."
);
create_exception!(
    datacenter_assistant_core,
    ResponseTooLarge,
    InvalidResponse,
    "SDDC Manager's answer exceeded the size limit."
);
create_exception!(
    datacenter_assistant_core,
    ConfigurationError,
    VcfError,
    "The client was configured with something unusable."
);
create_exception!(
    datacenter_assistant_core,
    InvalidState,
    VcfError,
    "The operation is not legal in the upgrade's current state."
);

/// Registers every exception class on the module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("VcfError", py.get_type::<VcfError>())?;
    module.add("AuthError", py.get_type::<AuthError>())?;
    module.add("CannotConnect", py.get_type::<CannotConnect>())?;
    module.add("TlsError", py.get_type::<TlsError>())?;
    module.add("RequestTimeout", py.get_type::<RequestTimeout>())?;
    module.add("RateLimited", py.get_type::<RateLimited>())?;
    module.add("HttpError", py.get_type::<HttpError>())?;
    module.add("InvalidResponse", py.get_type::<InvalidResponse>())?;
    module.add("ResponseTooLarge", py.get_type::<ResponseTooLarge>())?;
    module.add("ConfigurationError", py.get_type::<ConfigurationError>())?;
    module.add("InvalidState", py.get_type::<InvalidState>())?;
    Ok(())
}

/// Converts an engine error into the matching Python exception, with the server's details as
/// attributes of `HttpError` and the wait as an attribute of `RateLimited`.
pub fn to_py_err(error: crate::api::ApiError) -> PyErr {
    use crate::api::ApiError as E;
    let message = error.to_string();
    match error {
        E::Auth { .. } => AuthError::new_err(message),
        E::CannotConnect { .. } => CannotConnect::new_err(message),
        E::Tls { .. } => TlsError::new_err(message),
        E::Timeout { .. } => RequestTimeout::new_err(message),
        E::RateLimited { retry_after, .. } => {
            with_attributes(RateLimited::new_err(message), |value| {
                value.setattr("retry_after", retry_after.map(|wait| wait.as_secs_f64()))
            })
        }
        E::Http { status, body, .. } => with_attributes(HttpError::new_err(message), |value| {
            let body = body.map(|body| *body).unwrap_or_default();
            value.setattr("status", status)?;
            value.setattr("error_code", body.error_code)?;
            value.setattr("server_message", body.message)?;
            value.setattr("remediation", body.remediation_message)
        }),
        E::InvalidResponse { .. } => InvalidResponse::new_err(message),
        E::BodyTooLarge { .. } => ResponseTooLarge::new_err(message),
        E::Configuration { .. } => ConfigurationError::new_err(message),
    }
}

/// Sets attributes on a freshly created exception; should that ever fail, the failure is what
/// Python sees rather than an exception missing the attributes its stub promises.
fn with_attributes(
    err: PyErr,
    set: impl FnOnce(&Bound<'_, PyBaseException>) -> PyResult<()>,
) -> PyErr {
    Python::attach(|py| match set(err.value(py)) {
        Ok(()) => err,
        Err(attribute_error) => attribute_error,
    })
}
