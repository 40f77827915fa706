//! Everything a workflow needs to continue after a restart, as one versioned JSON document.
//!
//! The workflow keeps its whole state in a [`WorkflowRecord`]; a snapshot is that record with a
//! format version: `{"version": 2, "workflow": {...}}`. The version is checked before anything
//! else is read, so a snapshot written by a future engine is refused with a clear error instead
//! of being half understood.
//!
//! Version 2 keeps one start tracker per component upgrade (`upgrades`, one per bundle the
//! server handed out) and the acknowledgment gate the engine keeps itself (`gate`). Version 1
//! (one `upgrade` tracker for the whole domain, written by the releases before the `vcf52`
//! dialect) is still read: its tracker becomes the one step of the contract's upgrade.

use serde::{Deserialize, Serialize};

use crate::api::model::{Alert, DownloadState, Release, UpgradeStep};
use crate::api::UpgradeSettings;

use super::error::UpgradeError;
use super::logbook::LogBook;
use super::metrics::MetricsBook;
use super::state::{self, WorkflowState};
use super::timestamp::Timestamp;

/// The snapshot format this engine writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;

/// The oldest snapshot format this engine still reads (and upgrades on reading).
pub const OLDEST_SNAPSHOT_VERSION: u32 = 1;

/// Download progress of one bundle of the release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleProgress {
    pub bundle_id: String,
    /// Download requests this run sent for the bundle (each after the previous one failed).
    pub attempts: u32,
    /// The last status read from SDDC Manager.
    pub state: Option<DownloadState>,
    pub progress_percent: Option<u8>,
    /// Downloaded: never requested or polled again.
    pub done: bool,
}

impl BundleProgress {
    pub fn new(bundle_id: impl Into<String>) -> Self {
        Self {
            bundle_id: bundle_id.into(),
            attempts: 0,
            state: None,
            progress_percent: None,
            done: false,
        }
    }
}

/// Book-keeping of a non-idempotent start (precheck, upgrade), so that it is sent once even
/// across lost responses, retries and restarts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartTracker {
    /// The server task this run follows. Once known it is only polled, never started again.
    pub id: Option<String>,
    /// Whether the newest existing task was looked up before the first start was sent.
    pub baseline_checked: bool,
    /// That task's id: after an unclear failure, a task with another id is the one this run
    /// started; the same id (or none) means the start never took effect.
    pub baseline_id: Option<String>,
    /// Start requests sent so far (counted before sending: a snapshot taken while one is in
    /// flight knows it may have reached the server).
    pub sends: u32,
}

/// One component upgrade of the run: the step the server handed out and the book-keeping that
/// starts it exactly once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentUpgrade {
    pub step: UpgradeStep,
    pub tracker: StartTracker,
    /// Finished successfully: never started or polled again.
    pub done: bool,
    /// When this run sent (or adopted) the component's upgrade start, for the dashboard's
    /// timings; kept here rather than in the metrics so that a restart does not lose it.
    /// Absent in snapshots of older engines.
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    /// When it completed, or failed and ended the run.
    #[serde(default)]
    pub ended_at: Option<Timestamp>,
    /// The clusters' headroom was looked at before this ESX upgrade's start (once per run).
    #[serde(default)]
    pub headroom_checked: bool,
}

impl ComponentUpgrade {
    pub fn new(step: UpgradeStep) -> Self {
        Self {
            step,
            tracker: StartTracker::default(),
            done: false,
            started_at: None,
            ended_at: None,
            headroom_checked: false,
        }
    }
}

/// A pause the engine keeps itself (SDDC Manager 5.2.1 has no acknowledge resource): the run
/// waits in `waiting_for_acknowledgment` until the operator acknowledges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AckGate {
    /// The precheck passed with warnings: acknowledged locally, nothing is sent.
    PrecheckWarnings {
        warnings: u32,
        /// One description per failed validation, for the dashboard (the server may count more
        /// warnings than it describes). Absent in snapshots of older engines.
        #[serde(default)]
        messages: Vec<String>,
    },
    /// Before the ESX upgrade: clusters of the domain cannot take a rolling upgrade (their
    /// load does not fit with one host in maintenance). Acknowledged locally (the operator
    /// decides), nothing is sent.
    NoRollingHeadroom { warnings: Vec<String> },
    /// A component upgrade failed with a retryable task: acknowledging retries the task.
    RetryableTask {
        bundle_id: String,
        upgrade_id: String,
        task_id: String,
        /// The failed task's error messages, for the dashboard. Absent in snapshots of older
        /// engines.
        #[serde(default)]
        errors: Vec<String>,
    },
}

/// The result of a domain's last precheck, kept across runs for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecheckSummary {
    /// When the precheck ended.
    pub at: Timestamp,
    /// The VCF version it checked the domain against.
    pub version: String,
    pub passed: bool,
    pub errors: u32,
    pub warnings: u32,
    /// The failed validations, one line each, errors first.
    pub findings: Vec<String>,
}

/// What the upgrade monitor has already reported, so that each thing is logged once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorMemory {
    pub progress_percent: Option<u8>,
    /// The last progress quarter (0–4) written to the log book.
    pub logged_progress_quarter: Option<u8>,
    pub current_component: Option<String>,
    pub seen_alert_ids: Vec<String>,
    /// Server error messages already logged.
    pub seen_errors: Vec<String>,
    /// The unacknowledged alerts of the latest upgrade status (contract dialect), for the
    /// dashboard; kept so that a restarted engine shows them before its first poll. Absent in
    /// snapshots of older engines.
    #[serde(default)]
    pub open_alerts: Vec<Alert>,
}

/// The whole state of one domain's workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowRecord {
    pub domain_id: String,
    pub domain_name: String,
    /// Private: it changes only through [`Self::move_to`], i.e. [`state::transition`].
    state: WorkflowState,
    /// The release of the current (or last) run.
    pub release: Option<Release>,
    /// One entry per bundle of the release, in download order.
    pub bundles: Vec<BundleProgress>,
    pub precheck: StartTracker,
    /// The component upgrades handed out so far, in order.
    #[serde(default)]
    pub upgrades: Vec<ComponentUpgrade>,
    /// The engine's own acknowledgment gate, while one is closed.
    #[serde(default)]
    pub gate: Option<AckGate>,
    pub monitor: MonitorMemory,
    /// Since when SDDC Manager has been unreachable (kept across restarts so the outage budget
    /// is not reset by one).
    pub unreachable_since: Option<Timestamp>,
    /// The VCF version the domain runs after a completed upgrade.
    pub completed_version: Option<String>,
    /// An acknowledgment asked for while SDDC Manager was unreachable: the run sends it after
    /// its next successful poll. Absent in snapshots of older engines (read as false).
    #[serde(default)]
    pub acknowledgment_pending: bool,
    /// The operator's settings of the current (or last) run. Absent in snapshots of older
    /// engines (read as the defaults, which is what those engines sent).
    #[serde(default)]
    pub settings: UpgradeSettings,
    /// The current (or last) run prepares only: target, download, precheck, no upgrade.
    #[serde(default)]
    pub precheck_only: bool,
    /// What VCF's order across domains holds the next component upgrade for (the sentence the
    /// operator sees); the run looks again every `order_poll_interval`.
    #[serde(default)]
    pub order_wait: Option<String>,
    /// The domain's last precheck result, of any run; kept when a new run begins.
    #[serde(default)]
    pub last_precheck: Option<PrecheckSummary>,
    pub log: LogBook,
    pub metrics: MetricsBook,
}

impl WorkflowRecord {
    pub fn new(domain_id: String, domain_name: String, log_capacity: usize) -> Self {
        Self {
            domain_id,
            domain_name,
            state: WorkflowState::WaitingForInitiation,
            release: None,
            bundles: Vec::new(),
            precheck: StartTracker::default(),
            upgrades: Vec::new(),
            gate: None,
            monitor: MonitorMemory::default(),
            unreachable_since: None,
            completed_version: None,
            acknowledgment_pending: false,
            settings: UpgradeSettings::default(),
            precheck_only: false,
            order_wait: None,
            last_precheck: None,
            log: LogBook::new(log_capacity),
            metrics: MetricsBook::default(),
        }
    }

    /// Where the workflow stands.
    pub fn state(&self) -> WorkflowState {
        self.state
    }

    /// Moves to `to` if the state machine allows it ([`state::transition`]); a refused move
    /// changes nothing. The only way the state changes.
    pub(crate) fn move_to(&mut self, to: WorkflowState) -> Result<(), UpgradeError> {
        self.state = state::transition(self.state, to)?;
        Ok(())
    }

    /// Forget the previous run's progress (the log book and totals stay) for a new run.
    pub(crate) fn begin_run(
        &mut self,
        release: Release,
        settings: UpgradeSettings,
        precheck_only: bool,
    ) {
        self.settings = settings;
        self.precheck_only = precheck_only;
        self.order_wait = None;
        self.bundles = release
            .bundle_ids
            .iter()
            .map(|id| BundleProgress::new(id.as_str()))
            .collect();
        self.release = Some(release);
        self.precheck = StartTracker::default();
        self.upgrades = Vec::new();
        self.gate = None;
        self.monitor = MonitorMemory::default();
        self.unreachable_since = None;
        self.completed_version = None;
        self.acknowledgment_pending = false;
    }

    /// The run is ending in `upgrade_failed`: the component it was on (the last one not done)
    /// failed now, unless its end is already known.
    pub(crate) fn component_failed(&mut self, at: Timestamp) {
        if let Some(upgrade) = self.upgrades.iter_mut().rfind(|u| !u.done) {
            upgrade.ended_at.get_or_insert(at);
        }
    }

    /// Why the run cannot be cancelled right now, if it cannot: a component upgrade runs on
    /// SDDC Manager, or a start of one may have reached it and is not confirmed yet.
    pub(crate) fn cancel_blocker(&self) -> Option<String> {
        let failed_upgrade = match &self.gate {
            Some(AckGate::RetryableTask { upgrade_id, .. }) => Some(upgrade_id.as_str()),
            _ => None,
        };
        self.upgrades
            .iter()
            .filter(|u| !u.done)
            .find_map(|upgrade| {
                let what = upgrade.step.describe();
                match &upgrade.tracker.id {
                    Some(id) if failed_upgrade == Some(id.as_str()) => None,
                    Some(id) => Some(format!(
                        "the upgrade of {what} ({id}) is running on SDDC Manager"
                    )),
                    None if upgrade.tracker.sends > 0 => Some(format!(
                    "a start of the upgrade of {what} may have reached SDDC Manager and is not \
                     confirmed yet"
                )),
                    None => None,
                }
            })
    }

    /// The record can be continued: an active state needs its release and bundle list.
    fn check_consistency(&self) -> Result<(), UpgradeError> {
        let invalid = |reason: String| Err(UpgradeError::InvalidSnapshot { reason });
        if self.domain_id.is_empty() {
            return invalid("the domain id is empty".into());
        }
        if self.state.is_active() {
            let Some(release) = &self.release else {
                return invalid(format!("state {} without a release", self.state));
            };
            let listed: Vec<&str> = self.bundles.iter().map(|b| b.bundle_id.as_str()).collect();
            let expected: Vec<&str> = release.bundle_ids.iter().map(String::as_str).collect();
            if listed != expected {
                return invalid("the bundle progress does not match the release's bundles".into());
            }
        }
        Ok(())
    }
}

/// A versioned, JSON-safe copy of a workflow's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowSnapshot {
    pub version: u32,
    pub workflow: WorkflowRecord,
}

impl WorkflowSnapshot {
    pub(crate) fn of(record: WorkflowRecord) -> Self {
        Self {
            version: SNAPSHOT_VERSION,
            workflow: record,
        }
    }

    pub fn to_json(&self) -> String {
        // A record holds strings, integers, booleans and enums only: serializing it cannot
        // fail, and if a future field ever could, an empty object is refused on restore.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    pub fn from_json(text: &str) -> Result<Self, UpgradeError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| UpgradeError::InvalidSnapshot {
                reason: format!("not JSON: {e}"),
            })?;
        Self::from_value(value)
    }

    /// Reads a snapshot, checking its version first; a version 1 snapshot is upgraded.
    pub fn from_value(mut value: serde_json::Value) -> Result<Self, UpgradeError> {
        let version = value
            .get("version")
            .ok_or_else(|| UpgradeError::InvalidSnapshot {
                reason: "no \"version\" field".into(),
            })?;
        match version.as_u64() {
            Some(v) if v == u64::from(SNAPSHOT_VERSION) => {}
            Some(v) if v == u64::from(OLDEST_SNAPSHOT_VERSION) => value = upgrade_v1(value)?,
            _ => {
                return Err(UpgradeError::UnsupportedSnapshotVersion {
                    found: version.to_string(),
                    supported: SNAPSHOT_VERSION,
                })
            }
        }
        let snapshot: Self =
            serde_json::from_value(value).map_err(|e| UpgradeError::InvalidSnapshot {
                reason: e.to_string(),
            })?;
        snapshot.validate()?;
        Ok(snapshot)
    }

    /// Checks the version and the record's consistency (for snapshots built in code).
    pub fn validate(&self) -> Result<(), UpgradeError> {
        if self.version != SNAPSHOT_VERSION {
            return Err(UpgradeError::UnsupportedSnapshotVersion {
                found: self.version.to_string(),
                supported: SNAPSHOT_VERSION,
            });
        }
        self.workflow.check_consistency()
    }
}

/// A version 1 snapshot as version 2: its one `upgrade` tracker becomes the one step of the
/// contract's upgrade (named after the release, as the contract's dialect names it).
fn upgrade_v1(mut value: serde_json::Value) -> Result<serde_json::Value, UpgradeError> {
    let invalid = |reason: &str| UpgradeError::InvalidSnapshot {
        reason: format!("version 1 snapshot: {reason}"),
    };
    let workflow = value
        .get_mut("workflow")
        .and_then(serde_json::Value::as_object_mut)
        .ok_or_else(|| invalid("no \"workflow\" object"))?;
    let tracker = workflow
        .remove("upgrade")
        .unwrap_or(serde_json::Value::Null);
    let release = workflow.get("release").cloned().unwrap_or_default();
    let mut upgrades = Vec::new();
    if !tracker.is_null() {
        let tracker: StartTracker = serde_json::from_value(tracker)
            .map_err(|e| invalid(&format!("upgrade tracker: {e}")))?;
        let release_id = release.get("id").and_then(serde_json::Value::as_str);
        if let Some(release_id) = release_id.filter(|_| tracker != StartTracker::default()) {
            let step = UpgradeStep {
                bundle_id: release_id.to_owned(),
                component: None,
                from_version: None,
                to_version: release
                    .get("version")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned),
                position: 1,
                total: 1,
            };
            let upgrade = ComponentUpgrade {
                tracker,
                ..ComponentUpgrade::new(step)
            };
            upgrades.push(serde_json::to_value(upgrade).map_err(|e| invalid(&e.to_string()))?);
        }
    }
    workflow.insert("upgrades".into(), serde_json::Value::Array(upgrades));
    workflow.insert("gate".into(), serde_json::Value::Null);
    value["version"] = SNAPSHOT_VERSION.into();
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upgrade::logbook::{LogEntry, LogLevel};

    fn release() -> Release {
        Release {
            id: "5.2.1.0".into(),
            version: "5.2.1.0".into(),
            description: Some("VMware Cloud Foundation 5.2.1".into()),
            release_date: None,
            bundle_ids: vec!["b1".into(), "b2".into()],
        }
    }

    fn busy_record() -> WorkflowRecord {
        let mut record = WorkflowRecord::new("d1".into(), "wld-01".into(), 50);
        record.begin_run(release(), UpgradeSettings::default(), false);
        record.state = WorkflowState::UpgradeInProgress;
        record.bundles[0].attempts = 2;
        record.bundles[0].done = true;
        record.bundles[0].state = Some(DownloadState::Succeeded);
        record.precheck.id = Some("p1".into());
        record.upgrades.push(ComponentUpgrade {
            step: UpgradeStep {
                bundle_id: "5.2.1.0".into(),
                component: None,
                from_version: None,
                to_version: Some("5.2.1.0".into()),
                position: 1,
                total: 1,
            },
            tracker: StartTracker {
                id: Some("u1".into()),
                baseline_checked: true,
                baseline_id: Some("u0".into()),
                sends: 1,
            },
            done: false,
            started_at: Some(Timestamp::from_unix_millis(2_000)),
            ended_at: None,
            headroom_checked: false,
        });
        record.monitor.current_component = Some("VCENTER".into());
        record.unreachable_since = Some(Timestamp::from_unix_millis(5_000));
        record.log.push(LogEntry {
            at: Timestamp::from_unix_millis(1_000),
            level: LogLevel::Info,
            message: "Starting upgrade process for domain wld-01".into(),
        });
        record.metrics.begin_run(
            Timestamp::from_unix_millis(1_000),
            WorkflowState::TargetingNewVcfVersion,
            Some("5.2.1.0".into()),
        );
        record
    }

    #[test]
    fn json_round_trip_is_lossless() {
        let snapshot = WorkflowSnapshot::of(busy_record());
        let json = snapshot.to_json();
        assert!(json.starts_with("{\"version\":2,\"workflow\":{"));
        assert_eq!(WorkflowSnapshot::from_json(&json).unwrap(), snapshot);
        let value = snapshot.to_value();
        assert_eq!(value["workflow"]["state"], "upgrade_in_progress");
        assert_eq!(value["workflow"]["upgrades"][0]["tracker"]["id"], "u1");
        assert_eq!(WorkflowSnapshot::from_value(value).unwrap(), snapshot);
    }

    #[test]
    fn a_kept_acknowledgment_is_in_the_snapshot_and_older_snapshots_have_none() {
        let mut record = busy_record();
        record.acknowledgment_pending = true;
        let value = WorkflowSnapshot::of(record).to_value();
        assert_eq!(value["workflow"]["acknowledgment_pending"], true);
        assert!(
            WorkflowSnapshot::from_value(value)
                .unwrap()
                .workflow
                .acknowledgment_pending
        );

        let mut older = WorkflowSnapshot::of(busy_record()).to_value();
        let removed = older["workflow"]
            .as_object_mut()
            .and_then(|workflow| workflow.remove("acknowledgment_pending"));
        assert_eq!(removed, Some(serde_json::Value::Bool(false)));
        assert!(
            !WorkflowSnapshot::from_value(older)
                .unwrap()
                .workflow
                .acknowledgment_pending
        );
    }

    #[test]
    fn unknown_versions_are_refused_before_anything_else_is_read() {
        let mut value = WorkflowSnapshot::of(busy_record()).to_value();
        for version in [
            serde_json::json!(3),
            serde_json::json!(0),
            serde_json::json!("2"),
        ] {
            let expected = version.to_string();
            value["version"] = version;
            let error = WorkflowSnapshot::from_value(value.clone()).unwrap_err();
            assert!(
                matches!(&error, UpgradeError::UnsupportedSnapshotVersion { found, supported: 2 }
                    if *found == expected),
                "{error}"
            );
        }
        // A future format may look nothing like this one: still a version error.
        let error = WorkflowSnapshot::from_json(r#"{"version": 7, "whatever": []}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "unsupported snapshot version 7 (this engine reads versions 1 to 2)"
        );
        assert!(matches!(
            WorkflowSnapshot::from_json(r#"{"workflow": {}}"#),
            Err(UpgradeError::InvalidSnapshot { .. })
        ));
        assert!(matches!(
            WorkflowSnapshot::from_json("not json"),
            Err(UpgradeError::InvalidSnapshot { .. })
        ));
    }

    #[test]
    fn inconsistent_records_are_refused() {
        let mut record = busy_record();
        record.release = None;
        let error = WorkflowSnapshot::of(record).validate().unwrap_err();
        assert!(error.to_string().contains("without a release"), "{error}");

        let mut record = busy_record();
        record.bundles.pop();
        assert!(WorkflowSnapshot::from_json(&WorkflowSnapshot::of(record).to_json()).is_err());

        let mut value = WorkflowSnapshot::of(busy_record()).to_value();
        value["workflow"]["state"] = "upgrading".into();
        assert!(matches!(
            WorkflowSnapshot::from_value(value),
            Err(UpgradeError::InvalidSnapshot { .. })
        ));
    }

    #[test]
    fn a_version_1_snapshot_is_read_as_version_2() {
        // Written by the release before the vcf52 dialect: one `upgrade` tracker.
        let mut value = WorkflowSnapshot::of(busy_record()).to_value();
        value["version"] = 1.into();
        let workflow = value["workflow"].as_object_mut().unwrap();
        workflow.remove("upgrades");
        workflow.remove("gate");
        workflow.insert(
            "upgrade".into(),
            serde_json::json!({"id": "u1", "baseline_checked": true, "baseline_id": "u0", "sends": 1}),
        );
        let restored = WorkflowSnapshot::from_value(value).unwrap();
        // Version 1 knew no component timings.
        let mut expected = busy_record();
        expected.upgrades[0].started_at = None;
        assert_eq!(restored, WorkflowSnapshot::of(expected));
    }

    #[test]
    fn the_dashboards_fields_round_trip() {
        let mut record = busy_record();
        record.upgrades[0].ended_at = Some(Timestamp::from_unix_millis(9_000));
        record.gate = Some(AckGate::PrecheckWarnings {
            warnings: 3,
            messages: vec!["NTP on esx-01: Slow NTP".into()],
        });
        record.monitor.open_alerts.push(Alert {
            id: "a1".into(),
            severity: "CRITICAL".into(),
            component: Some("VCENTER".into()),
            message: "Disk full".into(),
            acknowledged: false,
        });
        let snapshot = WorkflowSnapshot::of(record);
        let value = snapshot.to_value();
        let upgrade = &value["workflow"]["upgrades"][0];
        assert_eq!(upgrade["started_at"], "1970-01-01T00:00:02.000Z");
        assert_eq!(upgrade["ended_at"], "1970-01-01T00:00:09.000Z");
        assert_eq!(
            value["workflow"]["gate"],
            serde_json::json!({"kind": "precheck_warnings", "warnings": 3,
                               "messages": ["NTP on esx-01: Slow NTP"]})
        );
        assert_eq!(value["workflow"]["monitor"]["open_alerts"][0]["id"], "a1");
        assert_eq!(
            WorkflowSnapshot::from_json(&snapshot.to_json()).unwrap(),
            snapshot
        );

        let mut record = busy_record();
        record.gate = Some(AckGate::RetryableTask {
            bundle_id: "b".into(),
            upgrade_id: "u1".into(),
            task_id: "t1".into(),
            errors: vec!["E: failed".into()],
        });
        let snapshot = WorkflowSnapshot::of(record);
        assert_eq!(
            WorkflowSnapshot::from_json(&snapshot.to_json()).unwrap(),
            snapshot
        );
    }

    /// Written by the engine before the dashboard's fields (component times, gate details,
    /// open alerts): still read, the new fields empty.
    #[test]
    fn a_version_2_snapshot_without_the_dashboards_fields_still_loads() {
        let text = r#"{"version": 2, "workflow": {
            "domain_id": "d1", "domain_name": "wld-01",
            "state": "waiting_for_acknowledgment",
            "release": {"id": "5.2.1.0", "version": "5.2.1.0", "description": null,
                        "release_date": null, "bundle_ids": ["b1"]},
            "bundles": [{"bundle_id": "b1", "attempts": 1, "state": "succeeded",
                         "progress_percent": 100, "done": true}],
            "precheck": {"id": "p1", "baseline_checked": true, "baseline_id": null, "sends": 1},
            "upgrades": [{"step": {"bundle_id": "b-vc", "component": "VCENTER",
                                   "from_version": "8.0.2", "to_version": "8.0.3",
                                   "position": 3, "total": 4},
                          "tracker": {"id": "u3", "baseline_checked": true,
                                      "baseline_id": null, "sends": 1},
                          "done": false}],
            "gate": {"kind": "retryable_task", "bundle_id": "b-vc", "upgrade_id": "u3",
                     "task_id": "t3"},
            "monitor": {"progress_percent": 40, "logged_progress_quarter": 1,
                        "current_component": null, "seen_alert_ids": [], "seen_errors": []},
            "unreachable_since": null, "completed_version": null,
            "acknowledgment_pending": false,
            "log": {"capacity": 50, "entries": []},
            "metrics": {"totals": {"runs": 1, "successes": 0, "failures": 0,
                                   "precheck_failures": 0, "alerts": 0}, "run": null}
        }}"#;
        let record = WorkflowSnapshot::from_json(text).unwrap().workflow;
        assert_eq!(record.state(), WorkflowState::WaitingForAcknowledgment);
        assert_eq!(record.upgrades.len(), 1);
        assert_eq!(record.upgrades[0].started_at, None);
        assert_eq!(record.upgrades[0].ended_at, None);
        assert_eq!(
            record.gate,
            Some(AckGate::RetryableTask {
                bundle_id: "b-vc".into(),
                upgrade_id: "u3".into(),
                task_id: "t3".into(),
                errors: Vec::new(),
            })
        );
        assert!(record.monitor.open_alerts.is_empty());

        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        value["workflow"]["gate"] = serde_json::json!({"kind": "precheck_warnings", "warnings": 2});
        let record = WorkflowSnapshot::from_value(value).unwrap().workflow;
        assert_eq!(
            record.gate,
            Some(AckGate::PrecheckWarnings {
                warnings: 2,
                messages: Vec::new()
            })
        );
    }
}
