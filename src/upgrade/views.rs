//! Read-only views of a run for a dashboard card: its component upgrades and what the paused
//! run waits on. Computed from the record on demand, so they never disagree with the snapshot.

use serde::Serialize;

use crate::api::model::Alert;

use super::snapshot::{AckGate, ComponentUpgrade, WorkflowRecord};
use super::state::WorkflowState;
use super::timestamp::Timestamp;

/// Where one component upgrade of the run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentState {
    InProgress,
    /// Being upgraded while the run waits for an acknowledgment.
    Waiting,
    Completed,
    /// The component the run was on when it ended in `upgrade_failed`.
    Failed,
}

/// One component upgrade of the current or last run, in the order SDDC Manager handed them
/// out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentUpgradeView {
    pub bundle_id: String,
    /// `SDDC_MANAGER`, `NSX_T_MANAGER`, `VCENTER`, `ESX_HOST`, ...; `None`: the whole domain
    /// (the contract dialect's single step).
    pub component: Option<String>,
    pub from_version: Option<String>,
    pub to_version: Option<String>,
    /// 1-based among the release's upgrades.
    pub position: u32,
    pub total: u32,
    pub state: ComponentState,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    /// `ended_at - started_at`, or up to now while it is still in progress or waiting.
    pub duration_ms: Option<u64>,
}

/// What kind of thing a paused run waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// An unacknowledged alert of the upgrade (contract dialect).
    Alert,
    /// A failed validation of a precheck that passed with warnings (`vcf52`).
    PrecheckWarning,
    /// A failed component upgrade SDDC Manager can retry (`vcf52`).
    FailedTask,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertSeverity {
    Info,
    Warning,
    Critical,
}

impl AlertSeverity {
    /// A server's severity string; anything unknown is a warning (it did pause the run, so
    /// it is at least that, and claiming "critical" for what we cannot read would cry wolf).
    pub fn from_server(severity: &str) -> Self {
        match severity.trim().to_ascii_uppercase().as_str() {
            "INFO" | "INFORMATION" | "INFORMATIONAL" => Self::Info,
            "CRITICAL" | "ERROR" | "FATAL" => Self::Critical,
            _ => Self::Warning,
        }
    }
}

/// Something the paused run waits on: acknowledging clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenAlert {
    pub kind: AlertKind,
    pub severity: AlertSeverity,
    pub component: Option<String>,
    pub message: String,
}

impl From<&Alert> for OpenAlert {
    fn from(alert: &Alert) -> Self {
        Self {
            kind: AlertKind::Alert,
            severity: AlertSeverity::from_server(&alert.severity),
            component: alert.component.clone(),
            message: alert.message.clone(),
        }
    }
}

/// The run's component upgrades as of `now` (empty before the first run).
pub fn components(record: &WorkflowRecord, now: Timestamp) -> Vec<ComponentUpgradeView> {
    let workflow_state = record.state();
    // Upgrades run one at a time: only the last one can be unfinished.
    let current = record.upgrades.iter().rposition(|u| !u.done);
    record
        .upgrades
        .iter()
        .enumerate()
        .map(|(index, upgrade)| {
            let state = if upgrade.done {
                ComponentState::Completed
            } else if Some(index) != current {
                // Never the case (an earlier upgrade not done); shown as still running
                // rather than guessed at.
                ComponentState::InProgress
            } else {
                match workflow_state {
                    WorkflowState::WaitingForAcknowledgment => ComponentState::Waiting,
                    WorkflowState::UpgradeFailed => ComponentState::Failed,
                    _ => ComponentState::InProgress,
                }
            };
            view(upgrade, state, now)
        })
        .collect()
}

fn view(upgrade: &ComponentUpgrade, state: ComponentState, now: Timestamp) -> ComponentUpgradeView {
    let running = matches!(state, ComponentState::InProgress | ComponentState::Waiting);
    let duration = match (upgrade.started_at, upgrade.ended_at) {
        (Some(started), Some(ended)) => Some(ended.saturating_since(started)),
        (Some(started), None) if running => Some(now.saturating_since(started)),
        // Not started yet, or an end this engine did not record (an older snapshot).
        _ => None,
    };
    let step = &upgrade.step;
    ComponentUpgradeView {
        bundle_id: step.bundle_id.clone(),
        component: step.component.clone(),
        from_version: step.from_version.clone(),
        to_version: step.to_version.clone(),
        position: step.position,
        total: step.total,
        state,
        started_at: upgrade.started_at,
        ended_at: upgrade.ended_at,
        duration_ms: duration.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
    }
}

/// What the run waits on; empty unless it is in `waiting_for_acknowledgment`.
pub fn open_alerts(record: &WorkflowRecord) -> Vec<OpenAlert> {
    if record.state() != WorkflowState::WaitingForAcknowledgment {
        return Vec::new();
    }
    match &record.gate {
        None => record
            .monitor
            .open_alerts
            .iter()
            .map(OpenAlert::from)
            .collect(),
        Some(AckGate::PrecheckWarnings { warnings, messages }) => {
            let mut alerts: Vec<OpenAlert> = messages
                .iter()
                .map(|message| OpenAlert {
                    kind: AlertKind::PrecheckWarning,
                    severity: AlertSeverity::Warning,
                    component: None,
                    message: message.clone(),
                })
                .collect();
            // SDDC Manager may count warnings it does not describe, and an older snapshot
            // kept only the count: those are summed up in one entry.
            let described = u32::try_from(messages.len()).unwrap_or(u32::MAX);
            if described < *warnings {
                let rest = warnings - described;
                let more = if described == 0 { "" } else { "more " };
                alerts.push(OpenAlert {
                    kind: AlertKind::PrecheckWarning,
                    severity: AlertSeverity::Warning,
                    component: None,
                    message: format!("{rest} {more}precheck warning(s)"),
                });
            }
            alerts
        }
        Some(AckGate::RetryableTask {
            bundle_id,
            task_id,
            errors,
            ..
        }) => {
            let step = record
                .upgrades
                .iter()
                .rev()
                .find(|u| &u.step.bundle_id == bundle_id)
                .map(|u| &u.step);
            let what = step.map_or_else(|| format!("bundle {bundle_id}"), |s| s.describe());
            let details = if errors.is_empty() {
                "SDDC Manager reported no error details".to_owned()
            } else {
                errors.join("; ")
            };
            vec![OpenAlert {
                kind: AlertKind::FailedTask,
                severity: AlertSeverity::Critical,
                component: step.and_then(|s| s.component.clone()),
                message: format!(
                    "The upgrade of {what} failed (task {task_id}): {details}. Acknowledging \
                     retries it"
                ),
            }]
        }
    }
}
