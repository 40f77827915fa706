//! The pyo3 boundary: the only module that knows about Python. It converts arguments, turns
//! engine futures into awaitables and engine errors into the exceptions of [`errors`].

mod client;
mod errors;
mod workflow;

use pyo3::prelude::*;

use crate::upgrade::{WorkflowState, NO_MESSAGES};

/// The `datacenter_assistant_core` extension module.
#[pymodule]
fn datacenter_assistant_core(module: &Bound<'_, PyModule>) -> PyResult<()> {
    install_log_bridge(module.py());
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("NO_MESSAGES", NO_MESSAGES)?;
    let states: Vec<&str> = WorkflowState::ALL
        .iter()
        .map(|state| state.as_str())
        .collect();
    module.add(
        "UPGRADE_STATES",
        pyo3::types::PyTuple::new(module.py(), states)?,
    )?;
    errors::register(module)?;
    module.add_class::<client::PyVcfClient>()?;
    module.add_class::<workflow::PyUpgradeWorkflow>()?;
    module.add_class::<workflow::PyEventStream>()?;
    Ok(())
}

/// Routes the engine's `log` records to Python `logging`. Loggers are cached but levels are
/// not, so a level changed at run time (Home Assistant's `logger.set_level`) takes effect.
fn install_log_bridge(py: Python<'_>) {
    let bridge = pyo3_log::Logger::new(py, pyo3_log::Caching::Loggers);
    if let Ok(logger) = bridge {
        // A second import in the same process (tests reloading the module) finds the bridge
        // already installed; that is the desired state, not an error.
        let _already_installed = logger.install();
    }
}
