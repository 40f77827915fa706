//! Read-only views of a run for a dashboard card: its component upgrades and what the paused
//! run waits on. Computed from the record on demand, so they never disagree with the snapshot.

use serde::Serialize;

use crate::api::model::{Alert, UpgradeStep};

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
    /// What SDDC Manager handed out: bundle, component (`None`: the whole domain, the contract
    /// dialect's single step), versions, position among the release's upgrades.
    #[serde(flatten)]
    pub step: UpgradeStep,
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
    ComponentUpgradeView {
        step: upgrade.step.clone(),
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
        Some(AckGate::NoRollingHeadroom { warnings }) => warnings
            .iter()
            .map(|message| OpenAlert {
                kind: AlertKind::PrecheckWarning,
                severity: AlertSeverity::Warning,
                component: Some("ESX_HOST".to_owned()),
                message: message.clone(),
            })
            .collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A record in `state` (only a snapshot can set a state directly).
    fn record_in(state: WorkflowState, upgrades: Vec<ComponentUpgrade>) -> WorkflowRecord {
        let mut value = serde_json::to_value(WorkflowRecord::new("d1".into(), "w".into(), 10))
            .unwrap_or_default();
        value["state"] = serde_json::to_value(state).unwrap_or_default();
        let mut record: WorkflowRecord = serde_json::from_value(value).unwrap();
        record.upgrades = upgrades;
        record
    }

    fn upgrade(component: &str, started: Option<u64>, ended: Option<u64>) -> ComponentUpgrade {
        ComponentUpgrade {
            done: ended.is_some(),
            started_at: started.map(Timestamp::from_unix_millis),
            ended_at: ended.map(Timestamp::from_unix_millis),
            ..ComponentUpgrade::new(UpgradeStep {
                bundle_id: format!("b-{component}"),
                component: Some(component.into()),
                from_version: None,
                to_version: None,
                position: 1,
                total: 2,
            })
        }
    }

    #[test]
    fn server_severities_map_to_three_and_unknown_ones_to_warning() {
        for (server, severity) in [
            ("INFO", AlertSeverity::Info),
            ("info", AlertSeverity::Info),
            ("WARNING", AlertSeverity::Warning),
            ("ERROR", AlertSeverity::Critical),
            (" Critical ", AlertSeverity::Critical),
            ("MAJOR", AlertSeverity::Warning),
            ("", AlertSeverity::Warning),
        ] {
            assert_eq!(AlertSeverity::from_server(server), severity, "{server:?}");
        }
        let json = serde_json::to_value(OpenAlert {
            kind: AlertKind::PrecheckWarning,
            severity: AlertSeverity::Critical,
            component: None,
            message: "m".into(),
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "precheck_warning", "severity": "critical",
                               "component": null, "message": "m"})
        );
    }

    #[test]
    fn states_and_durations_follow_the_workflow_state() {
        let upgrades = vec![
            upgrade("SDDC_MANAGER", Some(1_000), Some(4_000)),
            upgrade("VCENTER", Some(5_000), None),
        ];
        let now = Timestamp::from_unix_millis(12_000);
        for (state, last) in [
            (WorkflowState::UpgradeInProgress, ComponentState::InProgress),
            (
                WorkflowState::WaitingForAcknowledgment,
                ComponentState::Waiting,
            ),
        ] {
            let views = components(&record_in(state, upgrades.clone()), now);
            assert_eq!(views[0].state, ComponentState::Completed);
            assert_eq!(views[0].duration_ms, Some(3_000));
            assert_eq!(views[1].state, last);
            assert_eq!(views[1].duration_ms, Some(7_000));
        }
        // Failed without a recorded end (an older snapshot): no duration rather than a
        // growing one.
        let views = components(
            &record_in(WorkflowState::UpgradeFailed, upgrades.clone()),
            now,
        );
        assert_eq!(views[1].state, ComponentState::Failed);
        assert_eq!(views[1].duration_ms, None);
        // Not started yet.
        let mut pending = upgrades;
        pending[1].started_at = None;
        let views = components(&record_in(WorkflowState::UpgradeInProgress, pending), now);
        assert_eq!(views[1].duration_ms, None);
        let json = serde_json::to_value(&views[0]).unwrap();
        assert_eq!(json["state"], "completed");
        assert_eq!(json["started_at"], "1970-01-01T00:00:01.000Z");
    }

    #[test]
    fn open_alerts_only_while_waiting_and_an_older_gate_gets_one_generic_entry() {
        let mut record = record_in(WorkflowState::WaitingForAcknowledgment, Vec::new());
        record.gate = Some(AckGate::PrecheckWarnings {
            warnings: 2,
            messages: Vec::new(),
        });
        let alerts = open_alerts(&record);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].message, "2 precheck warning(s)");

        let mut record = record_in(WorkflowState::UpgradeInProgress, Vec::new());
        record.monitor.open_alerts.push(Alert {
            id: "a".into(),
            severity: "WARNING".into(),
            component: None,
            message: "m".into(),
            acknowledged: false,
        });
        assert!(open_alerts(&record).is_empty());
    }
}
