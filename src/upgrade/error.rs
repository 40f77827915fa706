//! Errors of the upgrade workflow's public operations.
//!
//! A run that fails on SDDC Manager does not surface here: it ends in `upgrade_failed` with the
//! details in the log book. These errors are what a caller did that cannot be done (start while
//! a run is active, acknowledge outside `waiting_for_acknowledgment`, restore a foreign
//! snapshot) or a call the caller made directly that SDDC Manager refused.

use crate::api::{ApiError, InvalidSetting};

use super::state::WorkflowState;

#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
    /// The state machine has no such move. Always a bug in the engine; never applied.
    #[error("illegal state transition from {from} to {to}")]
    IllegalTransition {
        from: WorkflowState,
        to: WorkflowState,
    },

    /// The operation is not legal in the current state.
    #[error("cannot {action} in state {state}")]
    InvalidState {
        action: &'static str,
        state: WorkflowState,
    },

    /// A run of the domain is already active; there is one run per domain at a time.
    #[error("an upgrade run of domain {domain_id} is already active (state {state}){}",
        if *.monitored { "" } else { "; resume it instead of starting a new one" })]
    RunActive {
        domain_id: String,
        state: WorkflowState,
        /// Whether a task is polling it right now (false: restored, waiting for `resume`).
        monitored: bool,
    },

    /// The run cannot be cancelled now: something is being upgraded on SDDC Manager.
    #[error("cannot cancel the upgrade run of domain {domain_id}: {reason}")]
    CannotCancel { domain_id: String, reason: String },

    /// The upgrade settings would be refused by SDDC Manager; nothing was started.
    #[error("invalid upgrade settings: {0}")]
    InvalidSettings(#[from] InvalidSetting),

    /// The snapshot was written by an engine with another snapshot format.
    #[error("unsupported snapshot version {found} (this engine reads versions 1 to {supported})")]
    UnsupportedSnapshotVersion { found: String, supported: u32 },

    /// The snapshot is not one this engine wrote, or is inconsistent.
    #[error("invalid snapshot: {reason}")]
    InvalidSnapshot { reason: String },

    /// SDDC Manager refused or failed a call made on the caller's behalf (checking for an
    /// update at start, acknowledging alerts).
    ///
    /// Boxed: `ApiError` carries the server's error body inline, and this keeps every
    /// `Result<_, UpgradeError>` small.
    #[error(transparent)]
    Api(Box<ApiError>),
}

impl From<ApiError> for UpgradeError {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}
