//! What a workflow tells its listeners (the Home Assistant layer updates entities from these).

use serde::Serialize;

use super::logbook::LogEntry;
use super::metrics::WorkflowMetrics;
use super::state::WorkflowState;
use super::timestamp::Timestamp;

/// One thing that happened in a domain's workflow. Serialized with a `type` tag:
/// `{"type": "state_changed", "domain_id": "...", "from": "...", "to": "...", "at": "..."}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkflowEvent {
    /// The state machine moved.
    StateChanged {
        domain_id: String,
        from: WorkflowState,
        to: WorkflowState,
        at: Timestamp,
    },
    /// A log book entry was written.
    Log { domain_id: String, entry: LogEntry },
    /// Download, precheck or upgrade progress changed.
    Progress {
        domain_id: String,
        state: WorkflowState,
        /// 0–100, when the server reports it.
        percent: Option<u8>,
        /// The upgrade component in progress, or the bundle being downloaded.
        component: Option<String>,
    },
    /// The metrics changed (state time booked, run ended, alert counted).
    MetricsUpdated {
        domain_id: String,
        metrics: WorkflowMetrics,
    },
    /// SDDC Manager stopped answering; the run keeps trying within its outage budget.
    ApiUnreachable {
        domain_id: String,
        since: Timestamp,
        reason: String,
    },
    /// SDDC Manager answers again.
    ApiReachable {
        domain_id: String,
        at: Timestamp,
        outage_ms: u64,
    },
}

impl WorkflowEvent {
    pub fn domain_id(&self) -> &str {
        match self {
            Self::StateChanged { domain_id, .. }
            | Self::Log { domain_id, .. }
            | Self::Progress { domain_id, .. }
            | Self::MetricsUpdated { domain_id, .. }
            | Self::ApiUnreachable { domain_id, .. }
            | Self::ApiReachable { domain_id, .. } => domain_id,
        }
    }
}
