//! `UpgradeWorkflow` (one domain's upgrade workflow) and its event stream, as Python classes.

use std::sync::Arc;
use std::time::Duration;

use pyo3::exceptions::{PyStopAsyncIteration, PyValueError};
use pyo3::prelude::*;
use pyo3_async_runtimes::tokio::future_into_py;
use tokio::sync::{broadcast, Mutex};

use super::client::{to_python, PyVcfClient};
use super::errors::{to_py_err, InvalidState};
use crate::api::{UpgradeSettings, VcfClient};
use crate::clock::SystemClock;
use crate::upgrade::{
    DomainWorkflow, ResumeOutcome, RunRequest, StartOutcome, UpgradeError, WorkflowConfig,
    WorkflowEvent, WorkflowSnapshot,
};

type Workflow = DomainWorkflow<VcfClient>;

#[pyclass(module = "datacenter_assistant_core", name = "UpgradeWorkflow", frozen)]
pub struct PyUpgradeWorkflow {
    workflow: Workflow,
}

#[pymethods]
impl PyUpgradeWorkflow {
    #[new]
    #[pyo3(signature = (client, domain_id, domain_name, *, snapshot = None, poll_interval = None, outage_budget = 10800.0, order_poll_interval = None))]
    fn new(
        client: &PyVcfClient,
        domain_id: String,
        domain_name: String,
        snapshot: Option<&Bound<'_, PyAny>>,
        poll_interval: Option<f64>,
        outage_budget: f64,
        order_poll_interval: Option<f64>,
    ) -> PyResult<Self> {
        let mut config = WorkflowConfig {
            outage_budget: seconds("outage_budget", outage_budget)?,
            ..WorkflowConfig::default()
        };
        if let Some(interval) = order_poll_interval {
            config.order_poll_interval = seconds("order_poll_interval", interval)?;
        }
        if let Some(interval) = poll_interval {
            config = config.with_poll_interval(seconds("poll_interval", interval)?);
        }
        let api = Arc::new(client.engine());
        let clock = Arc::new(SystemClock);
        let workflow = match snapshot {
            None => Workflow::new(api, clock, config, domain_id, domain_name),
            Some(snapshot) => {
                let value: serde_json::Value = pythonize::depythonize(snapshot)
                    .map_err(|error| PyValueError::new_err(format!("invalid snapshot: {error}")))?;
                let snapshot = WorkflowSnapshot::from_value(value).map_err(upgrade_error)?;
                if snapshot.workflow.domain_id != domain_id {
                    return Err(PyValueError::new_err(format!(
                        "snapshot belongs to domain {}, not {domain_id}",
                        snapshot.workflow.domain_id
                    )));
                }
                Workflow::restore(api, clock, config, snapshot).map_err(upgrade_error)?
            }
        };
        Ok(Self { workflow })
    }

    #[getter]
    fn domain_id(&self) -> String {
        self.workflow.domain_id()
    }

    #[getter]
    fn domain_name(&self) -> String {
        self.workflow.domain_name()
    }

    #[getter]
    fn state(&self) -> &'static str {
        self.workflow.state().as_str()
    }

    #[getter]
    fn running(&self) -> bool {
        self.workflow.is_running()
    }

    /// True while an acknowledgment waits for SDDC Manager to be back.
    #[getter]
    fn acknowledgment_pending(&self) -> bool {
        self.workflow.acknowledgment_pending()
    }

    #[getter]
    fn log_markdown(&self) -> String {
        self.workflow.log_markdown()
    }

    #[getter]
    fn latest_log_entry(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.latest_log_entry())
    }

    /// Every entry of the log book, oldest first (a list of `LogEntry`).
    #[getter]
    fn log_entries(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.log_entries())
    }

    #[getter]
    fn metrics(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.metrics())
    }

    /// The current or last run's component upgrades (a list of `ComponentUpgradeView`).
    #[getter]
    fn components(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.components())
    }

    /// What the paused run waits on (a list of `OpenAlert`).
    #[getter]
    fn open_alerts(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.open_alerts())
    }

    /// Makes a run held by VCF's order look again now (another domain's upgrade went on).
    fn recheck_order(&self) {
        self.workflow.recheck_order();
    }

    /// What VCF's order across domains holds the next component upgrade for.
    #[getter]
    fn waiting_for(&self) -> Option<String> {
        self.workflow.waiting_for()
    }

    #[getter]
    fn precheck_only(&self) -> bool {
        self.workflow.precheck_only()
    }

    /// The last precheck's result (a `PrecheckSummary`), or None.
    #[getter]
    fn last_precheck(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.last_precheck())
    }

    /// The current or last run's settings (an `UpgradeSettings`).
    #[getter]
    fn settings(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.settings())
    }

    #[pyo3(signature = (settings = None, *, precheck_only = false))]
    fn start<'py>(
        &self,
        py: Python<'py>,
        settings: Option<&Bound<'py, PyAny>>,
        precheck_only: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let settings = match settings {
            Some(settings) => upgrade_settings(settings)?,
            None => UpgradeSettings::default(),
        };
        let request = RunRequest {
            settings,
            precheck_only,
        };
        let workflow = self.workflow.clone();
        future_into_py(py, async move {
            match workflow.start_with(request).await.map_err(upgrade_error)? {
                StartOutcome::NoUpdate => Ok("no_update"),
                StartOutcome::Started { .. } => Ok("started"),
            }
        })
    }

    fn resume<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let workflow = self.workflow.clone();
        future_into_py(py, async move {
            Ok(matches!(
                workflow.resume().await,
                ResumeOutcome::Resumed { .. }
            ))
        })
    }

    fn acknowledge<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let workflow = self.workflow.clone();
        future_into_py(py, async move {
            workflow.acknowledge().await.map_err(upgrade_error)
        })
    }

    fn cancel<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let workflow = self.workflow.clone();
        future_into_py(
            py,
            async move { workflow.cancel().await.map_err(upgrade_error) },
        )
    }

    fn stop<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let workflow = self.workflow.clone();
        future_into_py(py, async move {
            workflow.stop().await;
            Ok(())
        })
    }

    fn snapshot(&self) -> PyResult<Py<PyAny>> {
        to_python(&self.workflow.snapshot())
    }

    fn events(&self) -> PyEventStream {
        PyEventStream {
            receiver: Arc::new(Mutex::new(self.workflow.subscribe())),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "UpgradeWorkflow(domain_id={:?}, state={:?})",
            self.workflow.domain_id(),
            self.workflow.state().as_str()
        )
    }
}

/// An async iterator over a workflow's events, from the moment it was created.
#[pyclass(
    module = "datacenter_assistant_core",
    name = "WorkflowEventStream",
    frozen
)]
pub struct PyEventStream {
    receiver: Arc<Mutex<broadcast::Receiver<WorkflowEvent>>>,
}

#[pymethods]
impl PyEventStream {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Fast path: an event already waits (they come in bursts: a state change, its log
        // entry, the metrics). Hand it over in an already resolved future of the running
        // loop instead of a round trip through the runtime's threads.
        if let Some(event) = self.try_next() {
            let future =
                pyo3_async_runtimes::get_running_loop(py)?.call_method0("create_future")?;
            future.call_method1("set_result", (to_python(&event)?,))?;
            return Ok(future);
        }
        let receiver = Arc::clone(&self.receiver);
        future_into_py(py, async move {
            let mut receiver = receiver.lock().await;
            loop {
                match receiver.recv().await {
                    Ok(event) => return to_python(&event),
                    // A listener too slow for the buffer misses events, not the latest state:
                    // every event carries enough to redraw from.
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        log::warn!(
                            target: crate::log_targets::UPGRADE,
                            "an event listener fell behind and missed {missed} events"
                        );
                    }
                    Err(broadcast::error::RecvError::Closed) => {
                        return Err(PyStopAsyncIteration::new_err(()))
                    }
                }
            }
        })
    }
}

impl PyEventStream {
    /// The next event if one is already buffered and no `__anext__` is waiting for one.
    fn try_next(&self) -> Option<WorkflowEvent> {
        let mut receiver = self.receiver.try_lock().ok()?;
        loop {
            match receiver.try_recv() {
                Ok(event) => return Some(event),
                Err(broadcast::error::TryRecvError::Lagged(missed)) => {
                    log::warn!(
                        target: crate::log_targets::UPGRADE,
                        "an event listener fell behind and missed {missed} events"
                    );
                }
                // Empty, or closed: the awaiting path waits, or ends the iteration.
                Err(_) => return None,
            }
        }
    }
}

/// Settings from Python (a mapping of `UpgradeSettings` keys), completed with the defaults and
/// validated; `ValueError` names the first invalid field.
pub(super) fn upgrade_settings(value: &Bound<'_, PyAny>) -> PyResult<UpgradeSettings> {
    let json: serde_json::Value = pythonize::depythonize(value)
        .map_err(|error| PyValueError::new_err(format!("invalid upgrade settings: {error}")))?;
    UpgradeSettings::from_value(json)
        .map_err(|error| PyValueError::new_err(format!("invalid upgrade settings: {error}")))
}

/// `validate_upgrade_settings(settings)`: the settings as the engine will use them.
#[pyfunction]
pub(super) fn validate_upgrade_settings(settings: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    to_python(&upgrade_settings(settings)?)
}

fn seconds(name: &str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|duration| !duration.is_zero())
        .ok_or_else(|| {
            PyValueError::new_err(format!("{name} must be a positive number of seconds"))
        })
}

fn upgrade_error(error: UpgradeError) -> PyErr {
    match error {
        UpgradeError::Api(api_error) => to_py_err(*api_error),
        UpgradeError::UnsupportedSnapshotVersion { .. }
        | UpgradeError::InvalidSnapshot { .. }
        | UpgradeError::InvalidSettings(_) => PyValueError::new_err(error.to_string()),
        UpgradeError::IllegalTransition { .. }
        | UpgradeError::InvalidState { .. }
        | UpgradeError::RunActive { .. }
        | UpgradeError::CannotCancel { .. } => InvalidState::new_err(error.to_string()),
    }
}
