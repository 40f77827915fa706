//! The upgrade of one VCF workload domain: its state machine, the runner that drives a run
//! through SDDC Manager, and what a run leaves behind (log book, metrics, snapshot).
//!
//! [`DomainWorkflow`] is the one object the Python layer holds per domain. It talks to SDDC
//! Manager only through [`crate::api::UpgradeApi`], waits and reads time only through
//! [`crate::clock::Clock`], and changes state only through [`state::transition`].
//! `docs/workflow.md` describes the behaviour in prose.

pub mod config;
mod core;
pub mod error;
pub mod events;
pub mod logbook;
pub mod metrics;
mod runner;
pub mod snapshot;
pub mod state;
pub mod timestamp;
pub mod views;
pub mod workflow;

#[cfg(test)]
mod fake;

pub use config::WorkflowConfig;
pub use error::UpgradeError;
pub use events::WorkflowEvent;
pub use logbook::{LogBook, LogEntry, LogLevel, NO_MESSAGES};
pub use metrics::{DomainTotals, RunMetrics, WorkflowMetrics};
pub use snapshot::{
    AckGate, BundleProgress, ComponentUpgrade, PrecheckSummary, StartTracker, WorkflowRecord,
    WorkflowSnapshot, SNAPSHOT_VERSION,
};
pub use state::{transition, WorkflowState};
pub use timestamp::Timestamp;
pub use views::{AlertKind, AlertSeverity, ComponentState, ComponentUpgradeView, OpenAlert};
pub use workflow::{DomainWorkflow, ResumeOutcome, RunRequest, StartOutcome};
