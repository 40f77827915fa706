//! One simulated workload domain and the upgrade operations on it.

use std::time::Duration;

use crate::catalog::{self, ComponentKind, CURRENT_VCF_VERSION, RELEASE_BUNDLES, RELEASE_VERSION};
use crate::clock::SimTime;
use crate::scenario::Scenario;
use crate::state::download::{
    BundleState, DownloadAttempt, DownloadStatus, PERMANENT_DOWNLOAD_FAILURE,
    TRANSIENT_DOWNLOAD_FAILURE,
};
use crate::state::precheck::{PrecheckRun, PrecheckStatus, Severity};
use crate::state::upgrade::{
    AcknowledgeError, PlannedAlert, PlannedComponent, PlannedPause, UpgradeRun, UpgradeStatus,
};
use crate::state::{new_id, Refusal, Timing};

/// How many download attempts of a `flaky-download` domain fail before they start working.
const FLAKY_DOWNLOAD_FAILURES: u32 = 2;

/// A domain: its inventory facts plus everything its upgrade has done so far.
#[derive(Clone, Debug)]
pub(crate) struct DomainState {
    /// 1-based position, as in `--scenario INDEX=NAME`.
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) scenario: Scenario,
    pub(crate) targeted_release: Option<String>,
    pub(crate) bundles: Vec<BundleState>,
    /// Download attempts since the scenario was last set: `flaky-download` fails the first two.
    download_attempts_in_scenario: u32,
    /// Oldest first.
    pub(crate) prechecks: Vec<PrecheckRun>,
    /// Oldest first.
    pub(crate) upgrades: Vec<UpgradeRun>,
}

impl DomainState {
    pub(crate) fn new(index: usize, scenario: Scenario) -> Self {
        DomainState {
            index,
            id: catalog::domain_id(index),
            name: catalog::domain_name(index),
            scenario,
            targeted_release: None,
            bundles: RELEASE_BUNDLES
                .iter()
                .map(|spec| BundleState {
                    id: catalog::bundle_id(index, spec.number),
                    spec,
                    attempts: Vec::new(),
                })
                .collect(),
            download_attempts_in_scenario: 0,
            prechecks: Vec::new(),
            upgrades: Vec::new(),
        }
    }

    /// Changes the scenario; it applies to what starts from now on.
    pub(crate) fn set_scenario(&mut self, scenario: Scenario) {
        self.scenario = scenario;
        self.download_attempts_in_scenario = 0;
    }

    /// Whether an upgrade of this domain has completed successfully by `now`.
    pub(crate) fn is_upgraded(&self, now: SimTime) -> bool {
        self.upgrades
            .iter()
            .any(|upgrade| upgrade.evaluate(now).status == UpgradeStatus::CompletedWithSuccess)
    }

    /// The VCF version the domain runs at `now`.
    pub(crate) fn current_version(&self, now: SimTime) -> &'static str {
        if self.is_upgraded(now) {
            RELEASE_VERSION
        } else {
            CURRENT_VCF_VERSION
        }
    }

    /// Whether the domain's SDDC Manager component has been upgraded by `now`.
    pub(crate) fn has_upgraded_component(&self, kind: ComponentKind, now: SimTime) -> bool {
        self.upgrades.iter().any(|upgrade| {
            let state = upgrade.evaluate(now);
            upgrade
                .components
                .iter()
                .zip(&state.components)
                .any(|(planned, component)| {
                    planned.kind == kind && component.status == UpgradeStatus::CompletedWithSuccess
                })
        })
    }

    /// `Err(reason)` when the release cannot be applied to this domain at `now`.
    pub(crate) fn release_applicability(&self, now: SimTime) -> Result<(), String> {
        if self.scenario == Scenario::NoUpdate {
            return Err(format!(
                "The hardware of domain {} is not certified for VMware Cloud Foundation \
                 {RELEASE_VERSION}",
                self.name
            ));
        }
        if self.is_upgraded(now) {
            return Err(format!(
                "Domain {} already runs VMware Cloud Foundation {RELEASE_VERSION}",
                self.name
            ));
        }
        Ok(())
    }

    /// The release exists and is applicable.
    fn check_release(&self, release_id: &str, now: SimTime) -> Result<(), Refusal> {
        if release_id != RELEASE_VERSION {
            return Err(Refusal::ReleaseNotFound(release_id.to_owned()));
        }
        self.release_applicability(now)
            .map_err(|reason| Refusal::ReleaseNotApplicable {
                release: release_id.to_owned(),
                reason,
            })
    }

    /// The upgrade that has not finished yet, if any.
    pub(crate) fn running_upgrade(&self, now: SimTime) -> Option<&UpgradeRun> {
        self.upgrades
            .iter()
            .find(|upgrade| !upgrade.evaluate(now).status.is_finished())
    }

    fn refuse_if_upgrading(&self, now: SimTime) -> Result<(), Refusal> {
        match self.running_upgrade(now) {
            Some(upgrade) => Err(Refusal::UpgradeInProgress(upgrade.id.clone())),
            None => Ok(()),
        }
    }

    /// `PATCH /v1/releases/domains/{id}`: makes `release_id` the target (idempotent).
    pub(crate) fn target(&mut self, release_id: &str, now: SimTime) -> Result<(), Refusal> {
        self.check_release(release_id, now)?;
        self.refuse_if_upgrading(now)?;
        self.targeted_release = Some(release_id.to_owned());
        Ok(())
    }

    /// `PATCH /v1/bundles/{id}`: starts a download attempt of bundle `position` unless one is
    /// running or has succeeded, and returns the attempt that answers the request.
    pub(crate) fn request_download(
        &mut self,
        position: usize,
        now: SimTime,
        timing: &Timing,
    ) -> Option<DownloadAttempt> {
        let needs_new_attempt = self.bundles.get(position)?.needs_new_attempt(now);
        if needs_new_attempt {
            let failure = match self.scenario {
                Scenario::DownloadFails => Some(PERMANENT_DOWNLOAD_FAILURE),
                Scenario::FlakyDownload
                    if self.download_attempts_in_scenario < FLAKY_DOWNLOAD_FAILURES =>
                {
                    Some(TRANSIENT_DOWNLOAD_FAILURE)
                }
                _ => None,
            };
            self.download_attempts_in_scenario =
                self.download_attempts_in_scenario.saturating_add(1);
            let attempt = DownloadAttempt {
                task_id: new_id(),
                started_at: now,
                duration: timing.step,
                failure,
            };
            self.bundles.get_mut(position)?.attempts.push(attempt);
        }
        self.bundles.get(position)?.latest_attempt().cloned()
    }

    /// `POST /v1/domains/{id}/upgrades/precheck`: starts a new precheck.
    pub(crate) fn start_precheck(
        &mut self,
        release_id: &str,
        now: SimTime,
        timing: &Timing,
    ) -> Result<PrecheckRun, Refusal> {
        self.check_release(release_id, now)?;
        if self.targeted_release.as_deref() != Some(release_id) {
            return Err(Refusal::ReleaseNotTargeted(release_id.to_owned()));
        }
        let missing: Vec<&str> = self
            .bundles
            .iter()
            .filter(|bundle| bundle.status(now) != DownloadStatus::Successful)
            .map(|bundle| bundle.id.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Refusal::BundlesNotDownloaded {
                release: release_id.to_owned(),
                bundle_ids: missing.join(", "),
            });
        }
        self.refuse_if_upgrading(now)?;
        let precheck = PrecheckRun {
            id: new_id(),
            release_id: release_id.to_owned(),
            created_at: now,
            duration: timing.step,
            finds_problems: self.scenario == Scenario::PrecheckFail,
            domain_name: self.name.clone(),
        };
        self.prechecks.push(precheck.clone());
        Ok(precheck)
    }

    /// `POST /v1/domains/{id}/upgrades`: starts the upgrade after a successful precheck.
    pub(crate) fn start_upgrade(
        &mut self,
        release_id: &str,
        now: SimTime,
        timing: &Timing,
    ) -> Result<UpgradeRun, Refusal> {
        self.check_release(release_id, now)?;
        self.refuse_if_upgrading(now)?;
        let latest_precheck = self
            .prechecks
            .iter()
            .rev()
            .find(|precheck| precheck.release_id == release_id);
        if latest_precheck.map(|precheck| precheck.status(now))
            != Some(PrecheckStatus::CompletedWithSuccess)
        {
            return Err(Refusal::PrecheckRequired(release_id.to_owned()));
        }
        let upgrade = self.plan_upgrade(release_id, now, timing);
        self.upgrades.push(upgrade.clone());
        Ok(upgrade)
    }

    fn plan_upgrade(&self, release_id: &str, now: SimTime, timing: &Timing) -> UpgradeRun {
        let outage = self.scenario == Scenario::Outage;
        let components = ComponentKind::UPGRADE_ORDER
            .iter()
            .map(|&kind| PlannedComponent {
                kind,
                // SDDC Manager upgrading itself is what takes the API away, so in the
                // `outage` scenario that component lasts as long as the outage.
                duration: if outage && kind == ComponentKind::SddcManager {
                    timing.step.saturating_mul(timing.outage_steps.max(1))
                } else {
                    timing.step
                },
            })
            .collect();
        let position_of = |wanted: ComponentKind| {
            ComponentKind::UPGRADE_ORDER
                .iter()
                .position(|&kind| kind == wanted)
        };
        let failing_component = (self.scenario == Scenario::UpgradeFails)
            .then(|| position_of(ComponentKind::EsxHost))
            .flatten();
        let pause = (self.scenario == Scenario::Alerts)
            .then(|| position_of(ComponentKind::NsxTManager))
            .flatten()
            .map(|after_component| PlannedPause {
                after_component,
                alerts: vec![PlannedAlert {
                    id: new_id(),
                    severity: Severity::Warning,
                    component: ComponentKind::NsxTManager,
                    message: format!(
                        "NSX Edge cluster edge-cluster-01 of domain {} reports a degraded \
                         tunnel after the NSX upgrade; confirm the edges are healthy before \
                         vCenter Server is upgraded",
                        self.name
                    ),
                    acknowledged_at: None,
                }],
            });
        UpgradeRun {
            id: new_id(),
            release_id: release_id.to_owned(),
            created_at: now,
            components,
            failing_component,
            pause,
        }
    }

    /// How long the API goes away when this upgrade starts (the `outage` scenario).
    pub(crate) fn api_outage_of(&self, upgrade: &UpgradeRun, timing: &Timing) -> Option<Duration> {
        let planned_for_outage = upgrade.components.first().is_some_and(|first| {
            first.kind == ComponentKind::SddcManager && self.scenario == Scenario::Outage
        });
        let length = timing.step.saturating_mul(timing.outage_steps);
        (planned_for_outage && !length.is_zero()).then_some(length)
    }

    pub(crate) fn precheck(&self, precheck_id: &str) -> Option<&PrecheckRun> {
        self.prechecks
            .iter()
            .find(|precheck| precheck.id == precheck_id)
    }

    pub(crate) fn upgrade(&self, upgrade_id: &str) -> Option<&UpgradeRun> {
        self.upgrades
            .iter()
            .find(|upgrade| upgrade.id == upgrade_id)
    }

    /// `POST /v1/domains/{id}/upgrades/acknowledge`.
    pub(crate) fn acknowledge(
        &mut self,
        upgrade_id: &str,
        alert_ids: Option<&[String]>,
        now: SimTime,
    ) -> Result<&UpgradeRun, Refusal> {
        let upgrade = self
            .upgrades
            .iter_mut()
            .find(|upgrade| upgrade.id == upgrade_id)
            .ok_or_else(|| Refusal::UpgradeNotFound(upgrade_id.to_owned()))?;
        upgrade
            .acknowledge(now, alert_ids)
            .map_err(|error| match error {
                AcknowledgeError::NothingToAcknowledge => {
                    Refusal::NoAlertsToAcknowledge(upgrade_id.to_owned())
                }
                AcknowledgeError::UnknownAlert(alert_id) => Refusal::AlertNotFound(alert_id),
            })?;
        Ok(upgrade)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMING: Timing = Timing {
        step: Duration::from_millis(100),
        outage_steps: 3,
    };

    fn at(millis: u64) -> SimTime {
        SimTime::from_millis(millis)
    }

    /// Targets, downloads and prechecks; returns the instant everything is done.
    fn prepare(domain: &mut DomainState) -> SimTime {
        domain.target(RELEASE_VERSION, at(0)).unwrap();
        for position in 0..domain.bundles.len() {
            domain.request_download(position, at(0), &TIMING).unwrap();
        }
        domain
            .start_precheck(RELEASE_VERSION, at(100), &TIMING)
            .unwrap();
        at(200)
    }

    #[test]
    fn a_happy_domain_upgrades_once() {
        let mut domain = DomainState::new(2, Scenario::Happy);
        assert_eq!(domain.current_version(at(0)), CURRENT_VCF_VERSION);
        let ready = prepare(&mut domain);
        domain
            .start_upgrade(RELEASE_VERSION, ready, &TIMING)
            .unwrap();
        assert!(domain.running_upgrade(at(300)).is_some());
        assert_eq!(
            domain
                .start_upgrade(RELEASE_VERSION, at(300), &TIMING)
                .err(),
            Some(Refusal::UpgradeInProgress(domain.upgrades[0].id.clone()))
        );
        assert_eq!(domain.current_version(at(599)), CURRENT_VCF_VERSION);
        assert_eq!(domain.current_version(at(600)), RELEASE_VERSION);
        assert!(domain.release_applicability(at(600)).is_err());
        assert!(matches!(
            domain.start_upgrade(RELEASE_VERSION, at(700), &TIMING),
            Err(Refusal::ReleaseNotApplicable { .. })
        ));
    }

    #[test]
    fn each_step_has_its_precondition() {
        let mut domain = DomainState::new(1, Scenario::Happy);
        assert_eq!(
            domain.target("9.9.9.9", at(0)),
            Err(Refusal::ReleaseNotFound(String::from("9.9.9.9")))
        );
        assert_eq!(
            domain.start_precheck(RELEASE_VERSION, at(0), &TIMING).err(),
            Some(Refusal::ReleaseNotTargeted(String::from(RELEASE_VERSION)))
        );
        domain.target(RELEASE_VERSION, at(0)).unwrap();
        assert!(matches!(
            domain.start_precheck(RELEASE_VERSION, at(0), &TIMING),
            Err(Refusal::BundlesNotDownloaded { .. })
        ));
        assert_eq!(
            domain.start_upgrade(RELEASE_VERSION, at(0), &TIMING).err(),
            Some(Refusal::PrecheckRequired(String::from(RELEASE_VERSION)))
        );
    }

    #[test]
    fn a_running_or_successful_download_is_not_restarted() {
        let mut domain = DomainState::new(1, Scenario::Happy);
        let first = domain
            .request_download(0, at(0), &TIMING)
            .unwrap()
            .task_id
            .clone();
        let again = domain
            .request_download(0, at(50), &TIMING)
            .unwrap()
            .task_id
            .clone();
        let after = domain
            .request_download(0, at(500), &TIMING)
            .unwrap()
            .task_id
            .clone();
        assert_eq!(first, again);
        assert_eq!(first, after);
        assert_eq!(domain.bundles[0].attempts.len(), 1);
        assert!(domain.request_download(7, at(0), &TIMING).is_none());
    }

    #[test]
    fn flaky_downloads_fail_twice_per_domain_then_work() {
        let mut domain = DomainState::new(3, Scenario::FlakyDownload);
        let mut now = at(0);
        let mut outcomes = Vec::new();
        for _ in 0..3 {
            domain.request_download(0, now, &TIMING).unwrap();
            now = now.saturating_add(TIMING.step);
            outcomes.push(domain.bundles[0].status(now));
        }
        assert_eq!(
            outcomes,
            [
                DownloadStatus::Failed,
                DownloadStatus::Failed,
                DownloadStatus::Successful
            ]
        );
        domain.request_download(1, now, &TIMING).unwrap();
        assert_eq!(
            domain.bundles[1].status(now.saturating_add(TIMING.step)),
            DownloadStatus::Successful
        );
        // A new scenario starts the count again.
        domain.set_scenario(Scenario::FlakyDownload);
        domain.bundles[1].attempts.clear();
        domain.request_download(1, now, &TIMING).unwrap();
        assert_eq!(
            domain.bundles[1].status(now.saturating_add(TIMING.step)),
            DownloadStatus::Failed
        );
    }

    #[test]
    fn downloads_of_a_download_fails_domain_always_fail() {
        let mut domain = DomainState::new(1, Scenario::DownloadFails);
        for attempt in 0..5u64 {
            let now = at(attempt * 100);
            domain.request_download(0, now, &TIMING).unwrap();
            assert_eq!(
                domain.bundles[0].status(now.saturating_add(TIMING.step)),
                DownloadStatus::Failed
            );
        }
    }

    #[test]
    fn the_outage_scenario_stretches_the_sddc_manager_component() {
        let mut domain = DomainState::new(1, Scenario::Outage);
        let ready = prepare(&mut domain);
        let upgrade = domain
            .start_upgrade(RELEASE_VERSION, ready, &TIMING)
            .unwrap();
        assert_eq!(upgrade.components[0].duration, TIMING.step * 3);
        assert_eq!(
            domain.api_outage_of(&upgrade, &TIMING),
            Some(TIMING.step * 3)
        );
        assert!(!domain.has_upgraded_component(ComponentKind::SddcManager, at(499)));
        assert!(domain.has_upgraded_component(ComponentKind::SddcManager, at(500)));
        assert_eq!(domain.current_version(at(800)), RELEASE_VERSION);

        let happy = DomainState::new(2, Scenario::Happy);
        assert_eq!(happy.api_outage_of(&upgrade, &TIMING), None);
    }

    #[test]
    fn a_no_update_domain_refuses_its_release() {
        let mut domain = DomainState::new(1, Scenario::NoUpdate);
        assert!(domain.release_applicability(at(0)).is_err());
        assert!(matches!(
            domain.target(RELEASE_VERSION, at(0)),
            Err(Refusal::ReleaseNotApplicable { .. })
        ));
    }

    #[test]
    fn acknowledging_maps_to_refusals() {
        let mut domain = DomainState::new(1, Scenario::Alerts);
        let ready = prepare(&mut domain);
        let id = domain
            .start_upgrade(RELEASE_VERSION, ready, &TIMING)
            .unwrap()
            .id
            .clone();
        assert_eq!(
            domain.acknowledge("nope", None, at(300)).err(),
            Some(Refusal::UpgradeNotFound(String::from("nope")))
        );
        assert_eq!(
            domain.acknowledge(&id, None, at(300)).err(),
            Some(Refusal::NoAlertsToAcknowledge(id.clone()))
        );
        let waiting = domain.upgrade(&id).unwrap().evaluate(at(400)).status;
        assert_eq!(waiting, UpgradeStatus::WaitingForAcknowledgment);
        assert!(domain.acknowledge(&id, None, at(1_000)).is_ok());
        assert_eq!(domain.current_version(at(1_200)), RELEASE_VERSION);
    }
}
