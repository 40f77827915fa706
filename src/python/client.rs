//! `VcfClient`: the SDDC Manager client as a Python class with awaitable methods.

use std::path::PathBuf;
use std::time::Duration;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_async_runtimes::tokio::future_into_py;
use serde::Serialize;

use super::errors::to_py_err;
use crate::api::{
    ClientConfig, Dialect, HealthPolling, RetryConfig, Session, UpgradeApi, VcfClient,
};

/// A session with one SDDC Manager, shared by every workflow of that SDDC Manager.
#[pyclass(module = "datacenter_assistant_core", name = "VcfClient", frozen)]
pub struct PyVcfClient {
    client: VcfClient,
    url: String,
}

impl PyVcfClient {
    /// The engine client behind this object (cloning shares the connection pool and token).
    pub(crate) fn engine(&self) -> VcfClient {
        self.client.clone()
    }
}

#[pymethods]
impl PyVcfClient {
    #[new]
    #[pyo3(signature = (url, username, password, *, verify_ssl = true, ca_bundle = None, timeout = 30.0, retries = 3, dialect = "default"))]
    #[allow(clippy::too_many_arguments)] // the Python signature: keyword arguments
    fn new(
        py: Python<'_>,
        url: String,
        username: String,
        password: String,
        verify_ssl: bool,
        ca_bundle: Option<PathBuf>,
        timeout: f64,
        retries: usize,
        dialect: &str,
    ) -> PyResult<Self> {
        let dialect: Dialect = dialect
            .parse()
            .map_err(|error: crate::api::UnknownDialect| {
                PyValueError::new_err(error.to_string())
            })?;
        let request_timeout = Duration::try_from_secs_f64(timeout)
            .ok()
            .filter(|timeout| !timeout.is_zero())
            .ok_or_else(|| PyValueError::new_err("timeout must be a positive number of seconds"))?;
        let defaults = ClientConfig::new(url.clone(), username, password);
        let config = ClientConfig {
            verify_ssl,
            ca_bundle,
            request_timeout,
            retry: RetryConfig {
                max_retries: retries,
                ..defaults.retry.clone()
            },
            ..defaults
        };
        // Building the client reads the CA bundle from disk; Python threads go on meanwhile.
        let client = py.detach(|| Session::new(config)).map_err(to_py_err)?;
        let client = VcfClient::with_session(client, dialect);
        Ok(Self { client, url })
    }

    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// The dialect this client speaks: `"default"` or `"vcf52"`.
    #[getter]
    fn dialect(&self) -> &'static str {
        self.client.dialect().as_str()
    }

    /// Asks the server which dialect it speaks (`"default"` or `"vcf52"`), whatever this
    /// client's own dialect. Logs in first; errors are the client's usual exceptions.
    fn detect_dialect<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.engine();
        future_into_py(py, async move {
            let dialect = client.detect_dialect().await.map_err(to_py_err)?;
            Ok(dialect.as_str())
        })
    }

    fn login<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.engine();
        future_into_py(py, async move { client.login().await.map_err(to_py_err) })
    }

    fn sddc_manager<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.engine();
        future_into_py(py, async move {
            let identity = client.sddc_manager().await.map_err(to_py_err)?;
            to_python(&identity)
        })
    }

    fn inventory<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.engine();
        future_into_py(py, async move {
            let inventory = client.inventory().await.map_err(to_py_err)?;
            to_python(&inventory.domains)
        })
    }

    /// The clusters and hosts with their headroom (`EstateCluster` dicts); `None` for a
    /// dialect without clusters.
    fn estate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.engine();
        future_into_py(py, async move {
            let estate = client.estate().await.map_err(to_py_err)?;
            to_python(&estate)
        })
    }

    /// SDDC Manager's health check of a domain (a `HealthSummary` dict: `id`, `status`
    /// `"green"`/`"yellow"`/`"red"`, `checks`, `started_at`, `ended_at`, `bundle_name`): its
    /// status is read every `poll_interval` seconds for at most `timeout` seconds. `None` for a
    /// dialect without health summaries.
    #[pyo3(signature = (domain_id, *, poll_interval = 10.0, timeout = 1800.0))]
    fn health_check<'py>(
        &self,
        py: Python<'py>,
        domain_id: String,
        poll_interval: f64,
        timeout: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let interval = Duration::try_from_secs_f64(poll_interval)
            .ok()
            .filter(|interval| !interval.is_zero())
            .ok_or_else(|| {
                PyValueError::new_err("poll_interval must be a positive number of seconds")
            })?;
        let timeout = Duration::try_from_secs_f64(timeout)
            .map_err(|_| PyValueError::new_err("timeout must be a number of seconds >= 0"))?;
        let polling = HealthPolling::within(interval, timeout);
        let client = self.engine();
        future_into_py(py, async move {
            let summary = client
                .health_check(&domain_id, polling)
                .await
                .map_err(to_py_err)?;
            to_python(&summary)
        })
    }

    /// When the access token expires, in Unix seconds; `None` before the first login.
    #[getter]
    fn token_expires_at(&self) -> Option<f64> {
        self.client
            .token_expires_at()
            .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|since| since.as_secs_f64())
    }

    /// One authenticated request, sent once; the latency in seconds.
    fn ping<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.engine();
        future_into_py(py, async move {
            let latency = client.ping().await.map_err(to_py_err)?;
            Ok(latency.as_secs_f64())
        })
    }

    /// `VcfClient(url="...")`, with `dialect="vcf52"` when it is not the default.
    fn __repr__(&self) -> String {
        match self.client.dialect() {
            Dialect::Default => format!("VcfClient(url={:?})", self.url),
            dialect => format!(
                "VcfClient(url={:?}, dialect={:?})",
                self.url,
                dialect.as_str()
            ),
        }
    }
}

/// Plain Python values (dicts, lists, str, int, float, bool, None) from an engine value.
pub(crate) fn to_python<T: Serialize>(value: &T) -> PyResult<Py<PyAny>> {
    Python::attach(|py| {
        pythonize::pythonize(py, value)
            .map(Bound::unbind)
            .map_err(PyErr::from)
    })
}
