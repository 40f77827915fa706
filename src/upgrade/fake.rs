//! A scripted, in-memory SDDC Manager for the workflow's unit tests: each poll moves a task
//! one step, and faults (outages, lost answers, refusals, garbage) can be queued per call.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::api::model::{
    Alert, BundleStatus, ComponentStatus, Domain, DownloadState, Inventory, PrecheckStatus,
    Release, SddcManagerInfo, TaskState, UpgradeStatus, UpgradeStep, UpgradeTaskState, Validation,
};
use crate::api::{ApiError, ApiResult, ServerError, UpgradeApi};

pub const COMPONENTS: [&str; 4] = ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// 503 before anything happens.
    Unavailable,
    /// The server acts, then the connection drops before the answer arrives.
    LostResponse,
    /// This status, before anything happens.
    Status(u16),
    /// A garbled answer, before anything happens.
    Invalid,
    /// The session could not be renewed, before anything happens.
    Auth,
}

#[derive(Debug)]
struct Fault {
    method: &'static str,
    /// Calls let through before the fault strikes.
    skip: u32,
    kind: FaultKind,
    remaining: u32,
}

#[derive(Debug, Default)]
struct FakeBundle {
    state: Option<DownloadState>,
    polls: u32,
    attempts: u32,
}

#[derive(Debug)]
struct FakeUpgrade {
    status: UpgradeStatus,
    step: usize,
    alert_raised: bool,
    /// The component step it upgrades ([`Scenario::per_component`]); `None`: the whole domain.
    component: Option<UpgradeStep>,
    /// Already failed once and was retried: it does not fail again.
    retried: bool,
}

#[derive(Debug)]
pub struct Scenario {
    pub release: Option<Release>,
    /// Download attempts that fail, per bundle.
    pub download_failures: u32,
    pub precheck_fails: bool,
    pub upgrade_fails: bool,
    pub alerts: bool,
    /// Bundles are recalled by VMware once their download was requested.
    pub download_recalled: bool,
    /// Like SDDC Manager 5.2 (`vcf52`): one upgrade per component of [`COMPONENTS`], each its
    /// own server task (in progress at its first poll, finished at its second). With
    /// `upgrade_fails`, the VCENTER upgrade fails.
    pub per_component: bool,
    /// With `upgrade_fails` and `per_component`: the failed task can be retried once
    /// (`retry_upgrade`), and then succeeds.
    pub retryable: bool,
    /// Precheck warnings pause the run until acknowledged (as `vcf52` does).
    pub warnings_need_ack: bool,
    /// The precheck's warning count, when more than the warnings it describes (one).
    pub warning_count: u32,
    /// The precheck's progress at its 1st, 2nd, ... status poll (then its last); it finishes
    /// at the last poll listed, or the second. Empty: no progress (as in the contract).
    pub precheck_progress: Vec<Option<u8>>,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            release: Some(release()),
            download_failures: 0,
            precheck_fails: false,
            upgrade_fails: false,
            alerts: false,
            download_recalled: false,
            per_component: false,
            retryable: false,
            warnings_need_ack: false,
            warning_count: 0,
            precheck_progress: Vec::new(),
        }
    }
}

impl Scenario {
    /// A run like SDDC Manager 5.2's: one upgrade per component, precheck warnings to
    /// acknowledge.
    pub fn vcf52_like() -> Self {
        Self {
            per_component: true,
            warnings_need_ack: true,
            ..Self::default()
        }
    }
}

/// The component steps of [`Scenario::per_component`], as SDDC Manager 5.2 hands them out.
pub fn component_step(index: usize) -> Option<UpgradeStep> {
    let component = COMPONENTS.get(index)?;
    Some(UpgradeStep {
        bundle_id: format!("bundle-{}", component.to_ascii_lowercase()),
        component: Some((*component).to_owned()),
        from_version: Some(format!("1.{index}")),
        to_version: Some(format!("2.{index}")),
        position: u32::try_from(index + 1).ok()?,
        total: u32::try_from(COMPONENTS.len()).ok()?,
    })
}

pub fn release() -> Release {
    Release {
        id: "5.2.1.0".into(),
        version: "5.2.1.0".into(),
        description: None,
        release_date: None,
        bundle_ids: vec!["bundle-1".into(), "bundle-2".into()],
    }
}

#[derive(Debug)]
struct Server {
    scenario: Scenario,
    bundles: BTreeMap<String, FakeBundle>,
    prechecks: Vec<(PrecheckStatus, u32)>,
    upgrades: Vec<FakeUpgrade>,
    faults: Vec<Fault>,
    calls: Vec<&'static str>,
    next_id: u32,
}

#[derive(Debug)]
pub struct FakeApi {
    server: Mutex<Server>,
}

fn http(status: u16, code: &str) -> ApiError {
    ApiError::Http {
        method: "X".into(),
        path: "/fake".into(),
        status,
        body: Some(Box::new(ServerError {
            error_code: Some(code.into()),
            message: Some(format!("{code} from the fake")),
            ..ServerError::default()
        })),
    }
}

fn fault_error(kind: FaultKind) -> ApiError {
    match kind {
        FaultKind::Unavailable => http(503, "SERVICE_UNAVAILABLE"),
        FaultKind::LostResponse => ApiError::CannotConnect {
            url: "http://fake".into(),
            reason: "connection reset".into(),
        },
        FaultKind::Status(status) => http(status, "FAULT"),
        FaultKind::Auth => ApiError::Auth {
            reason: "refresh token expired".into(),
        },
        FaultKind::Invalid => ApiError::InvalidResponse {
            method: "GET".into(),
            path: "/fake".into(),
            expected: "JSON".into(),
            reason: "garbage".into(),
        },
    }
}

impl FakeApi {
    pub fn new(scenario: Scenario) -> Self {
        let bundles = scenario
            .release
            .iter()
            .flat_map(|r| r.bundle_ids.iter())
            .map(|id| (id.clone(), FakeBundle::default()))
            .collect();
        Self {
            server: Mutex::new(Server {
                scenario,
                bundles,
                prechecks: Vec::new(),
                upgrades: Vec::new(),
                faults: Vec::new(),
                calls: Vec::new(),
                next_id: 0,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Server> {
        self.server.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next `count` calls of `method` fail with `kind`.
    pub fn fault(&self, method: &'static str, kind: FaultKind, count: u32) {
        self.fault_after(method, 0, kind, count);
    }

    /// Like [`Self::fault`], after `skip` calls of `method` went through.
    pub fn fault_after(&self, method: &'static str, skip: u32, kind: FaultKind, count: u32) {
        self.lock().faults.push(Fault {
            method,
            skip,
            kind,
            remaining: count,
        });
    }

    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    pub fn count(&self, method: &str) -> usize {
        self.lock().calls.iter().filter(|m| **m == method).count()
    }

    pub fn upgrades_started(&self) -> usize {
        self.lock().upgrades.len()
    }

    /// Records the call; fails it if the server is down or a fault is queued that strikes
    /// before the server acts. Returns a fault that strikes after it acted.
    fn enter(&self, method: &'static str) -> Result<Option<FaultKind>, ApiError> {
        let mut server = self.lock();
        server.calls.push(method);
        if let Some(fault) = server
            .faults
            .iter_mut()
            .find(|f| f.method == method && f.remaining > 0)
        {
            if fault.skip > 0 {
                fault.skip -= 1;
                return Ok(None);
            }
            fault.remaining -= 1;
            return match fault.kind {
                FaultKind::LostResponse => Ok(Some(FaultKind::LostResponse)),
                kind => Err(fault_error(kind)),
            };
        }
        Ok(None)
    }

    fn leave<T>(after: Option<FaultKind>, value: T) -> ApiResult<T> {
        match after {
            Some(kind) => Err(fault_error(kind)),
            None => Ok(value),
        }
    }

    fn upgrade_view(upgrade: &FakeUpgrade) -> UpgradeStatus {
        upgrade.status.clone()
    }
}

impl Server {
    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{}", self.next_id)
    }

    fn advance_upgrade(&mut self, index: usize) {
        let fails = self.scenario.upgrade_fails;
        let alerts = self.scenario.alerts;
        let retryable = self.scenario.retryable;
        let Some(upgrade) = self.upgrades.get_mut(index) else {
            return;
        };
        if let Some(step) = upgrade.component.clone() {
            Self::advance_component(upgrade, &step, fails, retryable);
            return;
        }
        let status = &mut upgrade.status;
        if matches!(
            status.state,
            UpgradeTaskState::Succeeded
                | UpgradeTaskState::Failed
                | UpgradeTaskState::WaitingForAcknowledgment
        ) {
            return;
        }
        if alerts && upgrade.step == 2 && !upgrade.alert_raised {
            upgrade.alert_raised = true;
            status.state = UpgradeTaskState::WaitingForAcknowledgment;
            status.alerts.push(Alert {
                id: "alert-1".into(),
                severity: "WARNING".into(),
                component: Some("NSX_T_MANAGER".into()),
                message: "Edge cluster needs attention".into(),
                acknowledged: false,
            });
            return;
        }
        if fails && upgrade.step == 3 {
            status.state = UpgradeTaskState::Failed;
            status.current_component = None;
            status.errors.push(ServerError {
                error_code: Some("VCENTER_UPGRADE_FAILED".into()),
                message: Some("vCenter upgrade failed".into()),
                ..ServerError::default()
            });
            return;
        }
        upgrade.step += 1;
        let step = upgrade.step;
        status.state = UpgradeTaskState::InProgress;
        for (i, component) in status.components.iter_mut().enumerate() {
            component.status = match (i + 1).cmp(&step) {
                std::cmp::Ordering::Less => "COMPLETED_WITH_SUCCESS",
                std::cmp::Ordering::Equal => "IN_PROGRESS",
                std::cmp::Ordering::Greater => "PENDING",
            }
            .into();
        }
        status.current_component = COMPONENTS.get(step - 1).map(|c| (*c).to_owned());
        status.progress_percent = Some(u8::try_from((step - 1) * 25).unwrap_or(100));
        if step > COMPONENTS.len() {
            status.state = UpgradeTaskState::Succeeded;
            status.progress_percent = Some(100);
            status.current_component = None;
        }
    }
}

impl Server {
    /// One poll of a [`Scenario::per_component`] upgrade: in progress, then finished.
    fn advance_component(
        upgrade: &mut FakeUpgrade,
        step: &UpgradeStep,
        fails: bool,
        retryable: bool,
    ) {
        let status = &mut upgrade.status;
        if matches!(
            status.state,
            UpgradeTaskState::Succeeded | UpgradeTaskState::Failed
        ) {
            return;
        }
        upgrade.step += 1;
        if upgrade.step == 1 {
            status.state = UpgradeTaskState::InProgress;
            status.progress_percent = Some(50);
            status.current_component.clone_from(&step.component);
            return;
        }
        status.current_component = None;
        if fails && !upgrade.retried && step.component.as_deref() == Some("VCENTER") {
            status.state = UpgradeTaskState::Failed;
            status.retryable = retryable;
            status.errors.push(ServerError {
                error_code: Some("VCENTER_UPGRADE_FAILED".into()),
                message: Some("vCenter upgrade failed".into()),
                ..ServerError::default()
            });
            return;
        }
        status.state = UpgradeTaskState::Succeeded;
        status.progress_percent = Some(100);
    }
}

impl UpgradeApi for FakeApi {
    async fn login(&self) -> ApiResult<()> {
        Ok(())
    }

    async fn sddc_manager(&self) -> ApiResult<SddcManagerInfo> {
        Ok(SddcManagerInfo {
            id: "fake".into(),
            fqdn: None,
            version: None,
        })
    }

    async fn inventory(&self) -> ApiResult<Inventory> {
        let domain = self.domain("d1").await?;
        Ok(Inventory {
            domains: vec![domain],
        })
    }

    async fn domain(&self, domain_id: &str) -> ApiResult<Domain> {
        let after = self.enter("domain")?;
        let server = self.lock();
        let completed = server
            .upgrades
            .iter()
            .any(|u| u.status.state == UpgradeTaskState::Succeeded);
        let next_release = if completed {
            None
        } else {
            server.scenario.release.clone()
        };
        Self::leave(
            after,
            Domain {
                id: domain_id.into(),
                name: "wld-01".into(),
                kind: Some("VI".into()),
                status: Some("ACTIVE".into()),
                current_version: Some("5.1.1.0".into()),
                next_release,
            },
        )
    }

    async fn target_release(&self, _domain_id: &str, _release: &Release) -> ApiResult<()> {
        let after = self.enter("target_release")?;
        Self::leave(after, ())
    }

    async fn request_bundle_download(&self, bundle_id: &str) -> ApiResult<()> {
        let after = self.enter("request_bundle_download")?;
        let mut server = self.lock();
        let Some(bundle) = server.bundles.get_mut(bundle_id) else {
            return Err(http(404, "BUNDLE_NOT_FOUND"));
        };
        if !matches!(
            bundle.state,
            Some(DownloadState::InProgress | DownloadState::Succeeded)
        ) {
            bundle.state = Some(DownloadState::InProgress);
            bundle.polls = 0;
            bundle.attempts += 1;
        }
        Self::leave(after, ())
    }

    async fn bundle_status(&self, bundle_id: &str) -> ApiResult<BundleStatus> {
        let after = self.enter("bundle_status")?;
        let mut server = self.lock();
        let failures = server.scenario.download_failures;
        let recalled = server.scenario.download_recalled;
        let Some(bundle) = server.bundles.get_mut(bundle_id) else {
            return Err(http(404, "BUNDLE_NOT_FOUND"));
        };
        let mut error = None;
        if recalled && bundle.state == Some(DownloadState::InProgress) {
            bundle.state = Some(DownloadState::Recalled);
            error = Some(ServerError {
                error_code: Some("BUNDLE_RECALLED".into()),
                message: Some("The bundle was recalled by VMware".into()),
                ..ServerError::default()
            });
        } else if bundle.state == Some(DownloadState::InProgress) {
            bundle.polls += 1;
            if bundle.polls >= 2 {
                if bundle.attempts <= failures {
                    bundle.state = Some(DownloadState::Failed);
                    error = Some(ServerError {
                        error_code: Some("DOWNLOAD_FAILED".into()),
                        message: Some("Checksum mismatch".into()),
                        ..ServerError::default()
                    });
                } else {
                    bundle.state = Some(DownloadState::Succeeded);
                }
            }
        }
        let state = bundle.state.unwrap_or(DownloadState::NotRequested);
        let progress = match state {
            DownloadState::InProgress => Some(u8::try_from(bundle.polls * 50).unwrap_or(99)),
            DownloadState::Succeeded => Some(100),
            _ => None,
        };
        Self::leave(
            after,
            BundleStatus {
                id: bundle_id.into(),
                state,
                progress_percent: progress,
                size_mb: Some(1024.0),
                error,
            },
        )
    }

    async fn start_precheck(
        &self,
        _domain_id: &str,
        release: &Release,
    ) -> ApiResult<PrecheckStatus> {
        let after = self.enter("start_precheck")?;
        let mut server = self.lock();
        let id = server.new_id("precheck");
        let precheck = PrecheckStatus {
            id,
            release_id: Some(release.id.clone()),
            state: TaskState::InProgress,
            error_count: 0,
            warning_count: server.scenario.warning_count,
            validations: Vec::new(),
            progress_percent: None,
        };
        server.prechecks.push((precheck.clone(), 0));
        Self::leave(after, precheck)
    }

    async fn find_precheck(
        &self,
        _domain_id: &str,
        release_id: &str,
    ) -> ApiResult<Option<PrecheckStatus>> {
        let after = self.enter("find_precheck")?;
        let server = self.lock();
        let found = server
            .prechecks
            .iter()
            .rev()
            .find(|(p, _)| p.release_id.as_deref() == Some(release_id))
            .map(|(p, _)| p.clone());
        Self::leave(after, found)
    }

    async fn precheck_status(
        &self,
        _domain_id: &str,
        precheck_id: &str,
    ) -> ApiResult<PrecheckStatus> {
        let after = self.enter("precheck_status")?;
        let mut server = self.lock();
        let fails = server.scenario.precheck_fails;
        let progress = server.scenario.precheck_progress.clone();
        let finish_at = u32::try_from(progress.len()).unwrap_or(u32::MAX).max(2);
        let Some((precheck, polls)) = server
            .prechecks
            .iter_mut()
            .find(|(p, _)| p.id == precheck_id)
        else {
            return Err(http(404, "PRECHECK_NOT_FOUND"));
        };
        *polls += 1;
        let poll = usize::try_from(*polls).unwrap_or(usize::MAX);
        precheck.progress_percent = progress
            .get(poll - 1)
            .or(progress.last())
            .copied()
            .flatten();
        if *polls >= finish_at && precheck.state == TaskState::InProgress {
            precheck.validations.push(Validation {
                name: "ESXi host connectivity".into(),
                resource: Some("esx-01.vcf.sim".into()),
                severity: "WARNING".into(),
                passed: false,
                message: Some("Slow NTP".into()),
                remediation: Some("Check NTP".into()),
            });
            if fails {
                precheck.state = TaskState::Failed;
                precheck.error_count = 1;
                precheck.validations.push(Validation {
                    name: "vSAN health".into(),
                    resource: Some("cluster-01".into()),
                    severity: "ERROR".into(),
                    passed: false,
                    message: Some("Disk group degraded".into()),
                    remediation: Some("Replace the failed disk".into()),
                });
            } else {
                precheck.state = TaskState::Succeeded;
            }
        }
        let precheck = precheck.clone();
        Self::leave(after, precheck)
    }

    async fn next_upgrade(
        &self,
        _domain_id: &str,
        release: &Release,
        completed: &[String],
    ) -> ApiResult<Option<UpgradeStep>> {
        if self.lock().scenario.per_component {
            let next = (0..COMPONENTS.len())
                .filter_map(component_step)
                .find(|step| !completed.contains(&step.bundle_id));
            return Ok(next);
        }
        Ok((!completed.contains(&release.id)).then(|| UpgradeStep {
            bundle_id: release.id.clone(),
            component: None,
            from_version: None,
            to_version: Some(release.version.clone()),
            position: 1,
            total: 1,
        }))
    }

    async fn confirm_upgraded(&self, _domain_id: &str, _release: &Release) -> ApiResult<bool> {
        Ok(true)
    }

    async fn retry_upgrade(&self, task_id: &str) -> ApiResult<()> {
        let after = self.enter("retry_upgrade")?;
        let mut server = self.lock();
        let Some(upgrade) = server.upgrades.iter_mut().find(|u| {
            u.status.task_id.as_deref() == Some(task_id)
                && u.status.state == UpgradeTaskState::Failed
                && u.status.retryable
        }) else {
            return Err(http(409, "TASK_NOT_RETRYABLE"));
        };
        upgrade.retried = true;
        upgrade.status.state = UpgradeTaskState::InProgress;
        upgrade.status.retryable = false;
        upgrade.status.errors.clear();
        upgrade.step = 0;
        Self::leave(after, ())
    }

    fn warnings_need_acknowledgment(&self) -> bool {
        self.lock().scenario.warnings_need_ack
    }

    async fn start_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
        _settings: &crate::api::UpgradeSettings,
    ) -> ApiResult<UpgradeStatus> {
        let after = self.enter("start_upgrade")?;
        let mut server = self.lock();
        if server.upgrades.iter().any(|u| {
            !matches!(
                u.status.state,
                UpgradeTaskState::Succeeded | UpgradeTaskState::Failed
            )
        }) {
            return Err(http(409, "UPGRADE_IN_PROGRESS"));
        }
        let id = server.new_id("upgrade");
        let _ = domain_id;
        let per_component = server.scenario.per_component;
        let task_id = per_component.then(|| server.new_id("task"));
        let upgrade = FakeUpgrade {
            status: UpgradeStatus {
                id,
                release_id: Some(release.id.clone()),
                state: UpgradeTaskState::Scheduled,
                progress_percent: Some(0),
                current_component: None,
                components: COMPONENTS
                    .iter()
                    .map(|c| ComponentStatus {
                        kind: (*c).into(),
                        from_version: Some("1.0".into()),
                        to_version: Some("2.0".into()),
                        status: "PENDING".into(),
                    })
                    .collect(),
                alerts: Vec::new(),
                errors: Vec::new(),
                task_id,
                retryable: false,
            },
            step: 0,
            alert_raised: false,
            component: per_component.then(|| step.clone()),
            retried: false,
        };
        let view = Self::upgrade_view(&upgrade);
        server.upgrades.push(upgrade);
        Self::leave(after, view)
    }

    async fn find_upgrade(
        &self,
        _domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
    ) -> ApiResult<Option<UpgradeStatus>> {
        let release_id = release.id.as_str();
        let after = self.enter("find_upgrade")?;
        let server = self.lock();
        let per_component = server.scenario.per_component;
        let found = server
            .upgrades
            .iter()
            .rev()
            .find(|u| {
                u.status.release_id.as_deref() == Some(release_id)
                    && (!per_component
                        || u.component.as_ref().map(|c| &c.bundle_id) == Some(&step.bundle_id))
            })
            .map(Self::upgrade_view);
        Self::leave(after, found)
    }

    async fn upgrade_status(&self, _domain_id: &str, upgrade_id: &str) -> ApiResult<UpgradeStatus> {
        let after = self.enter("upgrade_status")?;
        let mut server = self.lock();
        let Some(index) = server
            .upgrades
            .iter()
            .position(|u| u.status.id == upgrade_id)
        else {
            return Err(http(404, "UPGRADE_NOT_FOUND"));
        };
        server.advance_upgrade(index);
        let view = Self::upgrade_view(&server.upgrades[index]);
        Self::leave(after, view)
    }

    async fn acknowledge_alerts(
        &self,
        _domain_id: &str,
        upgrade_id: &str,
    ) -> ApiResult<UpgradeStatus> {
        let after = self.enter("acknowledge_alerts")?;
        let mut server = self.lock();
        let Some(upgrade) = server
            .upgrades
            .iter_mut()
            .find(|u| u.status.id == upgrade_id)
        else {
            return Err(http(404, "UPGRADE_NOT_FOUND"));
        };
        if upgrade.status.state != UpgradeTaskState::WaitingForAcknowledgment {
            return Err(http(409, "NO_ALERTS_TO_ACKNOWLEDGE"));
        }
        for alert in &mut upgrade.status.alerts {
            alert.acknowledged = true;
        }
        upgrade.status.state = UpgradeTaskState::InProgress;
        let view = Self::upgrade_view(upgrade);
        Self::leave(after, view)
    }
}
