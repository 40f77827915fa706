//! `log` targets of the engine.
//!
//! The Python bridge turns a target's `::` into `.`, so these land under the integration's
//! logger and `logger: logs: custom_components.datacenter_assistant: debug` shows them.

/// HTTP exchanges, retries, token handling.
pub const API: &str = "custom_components::datacenter_assistant::core::api";
/// Workflow state transitions and run progress.
pub const UPGRADE: &str = "custom_components::datacenter_assistant::core::upgrade";
