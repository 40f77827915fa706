//! The simulated SDDC Manager's inventory and the upgrade state of each domain.

pub(crate) mod domain;
pub(crate) mod download;
pub(crate) mod precheck;
pub(crate) mod upgrade;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::SimTime;
use crate::scenario::Scenario;
use crate::state::domain::DomainState;
use crate::state::download::{BundleState, DownloadAttempt};

/// The durations the state machine needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Timing {
    pub(crate) step: Duration,
    pub(crate) outage_steps: u32,
}

/// A fresh random id for prechecks, upgrades, alerts, tasks and tokens.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Why an operation is not legal; each maps onto one SDDC-style error code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Refusal {
    #[error("Release '{0}' not found")]
    ReleaseNotFound(String),
    #[error("Release '{release}' is not applicable: {reason}")]
    ReleaseNotApplicable { release: String, reason: String },
    #[error("Release '{0}' is not the domain's target release")]
    ReleaseNotTargeted(String),
    #[error("Bundles of release '{release}' are not downloaded yet: {bundle_ids}")]
    BundlesNotDownloaded { release: String, bundle_ids: String },
    #[error("The domain's latest precheck of release '{0}' did not complete with success")]
    PrecheckRequired(String),
    #[error("Upgrade '{0}' of the domain is still running")]
    UpgradeInProgress(String),
    #[error("Upgrade '{0}' has no open alert to acknowledge")]
    NoAlertsToAcknowledge(String),
    #[error("Upgrade '{0}' not found")]
    UpgradeNotFound(String),
    #[error("Alert '{0}' not found")]
    AlertNotFound(String),
}

impl Refusal {
    pub(crate) fn error_code(&self) -> &'static str {
        match self {
            Refusal::ReleaseNotFound(_) => "RELEASE_NOT_FOUND",
            Refusal::ReleaseNotApplicable { .. } => "RELEASE_NOT_APPLICABLE",
            Refusal::ReleaseNotTargeted(_) => "RELEASE_NOT_TARGETED",
            Refusal::BundlesNotDownloaded { .. } => "BUNDLES_NOT_DOWNLOADED",
            Refusal::PrecheckRequired(_) => "PRECHECK_REQUIRED",
            Refusal::UpgradeInProgress(_) => "UPGRADE_IN_PROGRESS",
            Refusal::NoAlertsToAcknowledge(_) => "NO_ALERTS_TO_ACKNOWLEDGE",
            Refusal::UpgradeNotFound(_) => "UPGRADE_NOT_FOUND",
            Refusal::AlertNotFound(_) => "ALERT_NOT_FOUND",
        }
    }

    pub(crate) fn remediation(&self) -> &'static str {
        match self {
            Refusal::ReleaseNotFound(_) => {
                "List the domain's future releases and use one of their versions"
            }
            Refusal::ReleaseNotApplicable { .. } => {
                "Only releases with isApplicable=true can be applied to the domain"
            }
            Refusal::ReleaseNotTargeted(_) => "Target the release first",
            Refusal::BundlesNotDownloaded { .. } => {
                "Download every patch bundle of the release and wait until it is SUCCESSFUL"
            }
            Refusal::PrecheckRequired(_) => {
                "Run a precheck and wait until it ends COMPLETED_WITH_SUCCESS"
            }
            Refusal::UpgradeInProgress(_) => "Wait until the running upgrade has finished",
            Refusal::NoAlertsToAcknowledge(_) => {
                "Acknowledge only while the upgrade is WAITING_FOR_ACKNOWLEDGMENT"
            }
            Refusal::UpgradeNotFound(_) => "List the domain's upgrades to find the id",
            Refusal::AlertNotFound(_) => "Use the ids of the upgrade's alerts",
        }
    }
}

/// Every domain, findable by id, plus where each bundle lives.
#[derive(Debug)]
pub(crate) struct Inventory {
    domains: Vec<DomainState>,
    domain_positions: HashMap<String, usize>,
    /// Bundle id to (domain position, bundle position).
    bundle_positions: HashMap<String, (usize, usize)>,
}

impl Inventory {
    /// `count` fresh domains with the given scenarios (1-based; missing ones are `happy`).
    pub(crate) fn new(count: usize, scenarios: &BTreeMap<usize, Scenario>) -> Self {
        let domains: Vec<DomainState> = (1..=count)
            .map(|index| {
                DomainState::new(index, scenarios.get(&index).copied().unwrap_or_default())
            })
            .collect();
        let domain_positions = domains
            .iter()
            .enumerate()
            .map(|(position, domain)| (domain.id.clone(), position))
            .collect();
        let bundle_positions = domains
            .iter()
            .enumerate()
            .flat_map(|(domain_position, domain)| {
                domain
                    .bundles
                    .iter()
                    .enumerate()
                    .map(move |(bundle_position, bundle)| {
                        (bundle.id.clone(), (domain_position, bundle_position))
                    })
            })
            .collect();
        Inventory {
            domains,
            domain_positions,
            bundle_positions,
        }
    }

    pub(crate) fn domains(&self) -> &[DomainState] {
        &self.domains
    }

    /// The domain with this id; a 404 `DOMAIN_NOT_FOUND` for an unknown one.
    pub(crate) fn domain(&self, id: &str) -> Result<&DomainState, ApiError> {
        self.domain_positions
            .get(id)
            .and_then(|&position| self.domains.get(position))
            .ok_or_else(|| ApiError::domain_not_found(id))
    }

    /// The domain with this id, to change; a 404 `DOMAIN_NOT_FOUND` for an unknown one.
    pub(crate) fn domain_mut(&mut self, id: &str) -> Result<&mut DomainState, ApiError> {
        self.domain_positions
            .get(id)
            .and_then(|&position| self.domains.get_mut(position))
            .ok_or_else(|| ApiError::domain_not_found(id))
    }

    /// Domain by 1-based index.
    pub(crate) fn domain_by_index_mut(&mut self, index: usize) -> Option<&mut DomainState> {
        self.domains.get_mut(index.checked_sub(1)?)
    }

    pub(crate) fn bundle(&self, bundle_id: &str) -> Option<(&DomainState, &BundleState)> {
        let &(domain_position, bundle_position) = self.bundle_positions.get(bundle_id)?;
        let domain = self.domains.get(domain_position)?;
        Some((domain, domain.bundles.get(bundle_position)?))
    }

    /// Requests a download of a bundle (see [`DomainState::request_download`]).
    pub(crate) fn request_download(
        &mut self,
        bundle_id: &str,
        now: SimTime,
        timing: &Timing,
    ) -> Option<(&DomainState, &BundleState, DownloadAttempt)> {
        let &(domain_position, bundle_position) = self.bundle_positions.get(bundle_id)?;
        let attempt = self.domains.get_mut(domain_position)?.request_download(
            bundle_position,
            now,
            timing,
        )?;
        let (domain, bundle) = self.bundle(bundle_id)?;
        Some((domain, bundle, attempt))
    }

    /// The download attempt behind a task id, with its bundle.
    pub(crate) fn download_task(&self, task_id: &str) -> Option<(&BundleState, &DownloadAttempt)> {
        self.domains
            .iter()
            .flat_map(|domain| domain.bundles.iter())
            .find_map(|bundle| {
                bundle
                    .attempts
                    .iter()
                    .find(|attempt| attempt.task_id == task_id)
                    .map(|attempt| (bundle, attempt))
            })
    }

    /// The SDDC Manager itself is upgraded with the management domain (domain 1).
    pub(crate) fn sddc_manager_upgraded(&self, now: SimTime) -> bool {
        self.domains.first().is_some_and(|management| {
            management.has_upgraded_component(ComponentKind::SddcManager, now)
        })
    }

    /// Forgets everything domain `index` did; keeps its current scenario.
    pub(crate) fn reset_domain(&mut self, index: usize) -> bool {
        match self.domain_by_index_mut(index) {
            Some(domain) => {
                *domain = DomainState::new(index, domain.scenario);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn domains_and_bundles_are_found_by_id() {
        let mut scenarios = BTreeMap::new();
        scenarios.insert(2, Scenario::Alerts);
        let inventory = Inventory::new(3, &scenarios);
        assert_eq!(inventory.domains().len(), 3);
        let second = inventory.domain(&catalog::domain_id(2)).unwrap();
        assert_eq!(second.scenario, Scenario::Alerts);
        assert_eq!(second.name, "wld-01");
        assert!(inventory.domain("unknown").is_err());
        let (owner, bundle) = inventory.bundle(&catalog::bundle_id(3, 2)).unwrap();
        assert_eq!(owner.index, 3);
        assert_eq!(bundle.spec.number, 2);
        assert!(inventory.bundle(&catalog::bundle_id(4, 1)).is_none());
    }

    #[test]
    fn a_reset_domain_keeps_its_scenario_and_loses_its_history() {
        let mut inventory = Inventory::new(2, &BTreeMap::new());
        let timing = Timing {
            step: Duration::ZERO,
            outage_steps: 0,
        };
        let domain = inventory.domain_by_index_mut(2).unwrap();
        domain.set_scenario(Scenario::UpgradeFails);
        let bundle_id = catalog::bundle_id(2, 1);
        let task_id = inventory
            .request_download(&bundle_id, SimTime::default(), &timing)
            .unwrap()
            .2
            .task_id;
        assert!(inventory.download_task(&task_id).is_some());
        assert!(inventory.reset_domain(2));
        assert!(inventory.download_task(&task_id).is_none());
        assert_eq!(
            inventory.domain_by_index_mut(2).unwrap().scenario,
            Scenario::UpgradeFails
        );
        assert!(!inventory.reset_domain(3));
        assert!(!inventory.reset_domain(0));
    }
}
