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
    module.add(
        "UPGRADE_SETTINGS_DEFAULTS",
        client::to_python(&crate::api::UpgradeSettings::default())?,
    )?;
    module.add_function(wrap_pyfunction!(
        workflow::validate_upgrade_settings,
        module
    )?)?;
    errors::register(module)?;
    module.add_class::<client::PyVcfClient>()?;
    module.add_class::<workflow::PyUpgradeWorkflow>()?;
    module.add_class::<workflow::PyEventStream>()?;
    Ok(())
}

/// Routes the engine's `log` records to Python `logging`.
///
/// Loggers and their levels are cached on the Rust side, so a record below its logger's level
/// (every DEBUG record of every request, usually) is dropped without taking the GIL. Python's
/// `logging` clears its own level caches through `Logger.manager._clear_cache()` whenever a
/// level changes (`Logger.setLevel`, `logging.disable`, Home Assistant's `logger.set_level`);
/// the bridge wraps that method to drop its cache at the same moment, so a level changed at run
/// time takes effect at once.
fn install_log_bridge(py: Python<'_>) {
    let Ok(cached) = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels) else {
        return;
    };
    let bridge = match follow_level_changes(py, cached.reset_handle()) {
        Ok(()) => cached,
        // Without the hook a level change would go unseen: cache the loggers only.
        Err(_) => match pyo3_log::Logger::new(py, pyo3_log::Caching::Loggers) {
            Ok(bridge) => bridge,
            Err(_) => return,
        },
    };
    // A second import in the same process (tests reloading the module) finds the bridge
    // already installed; that is the desired state, not an error (its hook then resets an
    // unused cache, which costs nothing).
    let _already_installed = bridge.install();
}

/// Wraps `logging.Logger.manager._clear_cache` so that it also resets the bridge's cache.
fn follow_level_changes(py: Python<'_>, reset: pyo3_log::ResetHandle) -> PyResult<()> {
    let manager = py
        .import("logging")?
        .getattr("Logger")?
        .getattr("manager")?;
    let original = manager.getattr("_clear_cache")?.unbind();
    let hook = pyo3::types::PyCFunction::new_closure(
        py,
        None,
        None,
        move |args: &Bound<'_, pyo3::types::PyTuple>,
              _kwargs: Option<&Bound<'_, pyo3::types::PyDict>>|
              -> PyResult<()> {
            original.call0(args.py())?;
            reset.reset();
            Ok(())
        },
    )?;
    manager.setattr("_clear_cache", hook)
}
