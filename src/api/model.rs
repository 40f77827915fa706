//! What the upgrade flow knows about SDDC Manager, independent of any API dialect.
//!
//! A dialect (see [`super::dialect::UpgradeApi`]) translates its wire models into these types;
//! the state machine, the snapshots and the Python layer only ever see these.

use serde::{Deserialize, Serialize};

use super::error::ServerError;

/// The SDDC Manager instance itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SddcManagerInfo {
    /// Stable identity of the instance (used as Home Assistant's unique id).
    pub id: String,
    pub fqdn: Option<String>,
    pub version: Option<String>,
}

/// A VCF release a domain can move to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The id used to target the release (in this project's contract, its version).
    pub id: String,
    pub version: String,
    pub description: Option<String>,
    pub release_date: Option<String>,
    /// Bundles to download before the upgrade, in download order.
    pub bundle_ids: Vec<String>,
}

/// One workload domain and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
    /// `MANAGEMENT` or `VI`.
    pub kind: Option<String>,
    pub status: Option<String>,
    pub current_version: Option<String>,
    /// The next applicable release, or `None` when the domain is up to date.
    pub next_release: Option<Release>,
}

/// Everything the inventory poll learns in one go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inventory {
    pub domains: Vec<Domain>,
}

/// Download state of one bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DownloadState {
    NotRequested,
    Scheduled,
    InProgress,
    Succeeded,
    Failed,
    /// Withdrawn by VMware: it will never download; the run ends.
    Recalled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleStatus {
    pub id: String,
    pub state: DownloadState,
    pub progress_percent: Option<u8>,
    pub size_mb: Option<f64>,
    /// Why the last attempt failed, when it did.
    pub error: Option<ServerError>,
}

/// State of a long-running server task (precheck).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    InProgress,
    Succeeded,
    Failed,
}

/// One check of a precheck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validation {
    pub name: String,
    pub resource: Option<String>,
    /// `ERROR`, `WARNING` or `INFO`.
    pub severity: String,
    pub passed: bool,
    pub message: Option<String>,
    pub remediation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecheckStatus {
    pub id: String,
    pub release_id: Option<String>,
    pub state: TaskState,
    pub error_count: u32,
    pub warning_count: u32,
    pub validations: Vec<Validation>,
    /// 0–100, when the server reports it (`vcf52`: the check run's
    /// `discoveryProgress.percentageComplete`; this project's contract has none).
    #[serde(default)]
    pub progress_percent: Option<u8>,
}

/// Server-side state of a domain upgrade (the `status` of SDDC Manager's `Upgrade`); not to be
/// confused with the workflow's own [`crate::upgrade::WorkflowState`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpgradeTaskState {
    Scheduled,
    InProgress,
    WaitingForAcknowledgment,
    Succeeded,
    Failed,
}

/// One component (SDDC Manager, NSX, vCenter, ESX) of a domain upgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentStatus {
    /// `SDDC_MANAGER`, `NSX_T_MANAGER`, `VCENTER`, `ESX_HOST`, ...
    pub kind: String,
    pub from_version: Option<String>,
    pub to_version: Option<String>,
    /// `PENDING`, `IN_PROGRESS`, `COMPLETED_WITH_SUCCESS`, `COMPLETED_WITH_FAILURE`.
    pub status: String,
}

/// A condition raised by the upgrade that an operator must acknowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub id: String,
    pub severity: String,
    pub component: Option<String>,
    pub message: String,
    pub acknowledged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradeStatus {
    pub id: String,
    pub release_id: Option<String>,
    pub state: UpgradeTaskState,
    pub progress_percent: Option<u8>,
    pub current_component: Option<String>,
    pub components: Vec<ComponentStatus>,
    pub alerts: Vec<Alert>,
    pub errors: Vec<ServerError>,
    /// The server task behind the upgrade, when the dialect has one (`vcf52`).
    #[serde(default)]
    pub task_id: Option<String>,
    /// A failed upgrade whose task SDDC Manager can run again (`retryTask`).
    #[serde(default)]
    pub retryable: bool,
}

impl UpgradeStatus {
    /// The alerts not acknowledged yet: what pauses the upgrade.
    pub fn open_alerts(&self) -> impl Iterator<Item = &Alert> {
        self.alerts.iter().filter(|alert| !alert.acknowledged)
    }
}

/// One component upgrade of a domain upgrade, as the server hands them out: in this
/// project's contract the whole domain in one step; in SDDC Manager 5.2 one bundle (SDDC
/// Manager, NSX, vCenter, ESX) at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradeStep {
    /// What is upgraded: the bundle (in the contract, the release id).
    pub bundle_id: String,
    /// `SDDC_MANAGER`, `NSX_T_MANAGER`, `VCENTER`, `ESX_HOST`, ... (`None`: the whole domain).
    pub component: Option<String>,
    pub from_version: Option<String>,
    pub to_version: Option<String>,
    /// 1-based position among the domain's upgrades for the release, and their number.
    pub position: u32,
    pub total: u32,
}

impl UpgradeStep {
    /// `VCENTER (3/4) from 8.0.2 to 8.0.3`, or `VCF 5.2.1.0` for a whole-domain step.
    pub fn describe(&self) -> String {
        let mut text = match &self.component {
            Some(component) => format!("{component} ({}/{})", self.position, self.total),
            None => "the domain".to_owned(),
        };
        match (&self.from_version, &self.to_version) {
            (Some(from), Some(to)) => text.push_str(&format!(" from {from} to {to}")),
            (None, Some(to)) => text.push_str(&format!(" to {to}")),
            _ => {}
        }
        text
    }
}
