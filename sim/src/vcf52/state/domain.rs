//! One domain of the `vcf52` dialect: its resources, their ids and names, and the versions its
//! upgrades have brought so far.

use std::time::Duration;

use crate::catalog::{self, ComponentKind};
use crate::clock::{activity_finished, SimTime};
use crate::scenario::Scenario;
use crate::vcf52::profile::Profile;
use crate::vcf52::state::checks::CheckRun;
use crate::vcf52::state::downloads::{download_progress, Bundle52};
use crate::vcf52::state::estate::Shape;
use crate::vcf52::state::upgrades::Upgrade52;
use crate::vcf52::state::Progress;
use crate::vcf52::wire::DomainType;

/// Id of one of a domain's resources: `00000000-0000-4000-b000-{domain:08}{kind:04}`.
pub(crate) fn resource_id(domain_index: usize, number: usize) -> String {
    format!("00000000-0000-4000-b000-{domain_index:08}{number:04}")
}

fn kind_number(kind: ComponentKind) -> usize {
    match kind {
        ComponentKind::SddcManager => 1,
        ComponentKind::NsxTManager => 2,
        ComponentKind::Vcenter => 3,
        ComponentKind::EsxHost => 4,
    }
}

/// One domain.
#[derive(Clone, Debug)]
pub(crate) struct Domain52 {
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) scenario: Scenario,
    pub(crate) target: Option<String>,
    /// In upgrade order: SDDC Manager (management domain only), then the release's order.
    pub(crate) bundles: Vec<Bundle52>,
    pub(crate) upgrades: Vec<Upgrade52>,
    pub(crate) runs: Vec<CheckRun>,
    pub(crate) shape: Shape,
    /// The SDDC Manager version played.
    pub(crate) profile: &'static Profile,
}

impl Domain52 {
    pub(super) fn new(
        index: usize,
        scenario: Scenario,
        order: &[ComponentKind],
        shape: Shape,
        profile: &'static Profile,
    ) -> Self {
        let kinds: Vec<ComponentKind> = if scenario == Scenario::NoUpdate {
            Vec::new()
        } else if index == 1 {
            std::iter::once(ComponentKind::SddcManager)
                .chain(order.iter().copied())
                .collect()
        } else {
            order.to_vec()
        };
        Domain52 {
            index,
            id: catalog::domain_id(index),
            name: catalog::domain_name(index),
            scenario,
            target: None,
            bundles: kinds
                .into_iter()
                .map(|kind| Bundle52 {
                    id: catalog::bundle_id(index, kind_number(kind)),
                    kind,
                    downloads: Vec::new(),
                })
                .collect(),
            upgrades: Vec::new(),
            runs: Vec::new(),
            shape,
            profile,
        }
    }

    pub(crate) fn domain_type(&self) -> DomainType {
        if self.index == 1 {
            DomainType::Management
        } else {
            DomainType::Vi
        }
    }

    /// The components the domain has (the SDDC Manager belongs to the management domain).
    pub(super) fn components(&self) -> Vec<ComponentKind> {
        let all = [
            ComponentKind::SddcManager,
            ComponentKind::NsxTManager,
            ComponentKind::Vcenter,
            ComponentKind::EsxHost,
        ];
        all.into_iter()
            .filter(|kind| self.index == 1 || *kind != ComponentKind::SddcManager)
            .collect()
    }

    pub(super) fn resource_name(&self, kind: ComponentKind) -> String {
        match kind {
            ComponentKind::SddcManager => String::from(catalog::SDDC_MANAGER_FQDN),
            ComponentKind::NsxTManager => format!("nsx-{}.vcf.sim", self.name),
            ComponentKind::Vcenter => format!("vc-{}.vcf.sim", self.name),
            ComponentKind::EsxHost => format!("cl-{}", self.name),
        }
    }

    pub(super) fn resource_id(&self, kind: ComponentKind) -> String {
        if kind == ComponentKind::SddcManager {
            String::from(catalog::SDDC_MANAGER_ID)
        } else {
            resource_id(self.index, kind_number(kind))
        }
    }

    pub(crate) fn vcenter_id(&self) -> String {
        self.resource_id(ComponentKind::Vcenter)
    }

    pub(crate) fn nsx_id(&self) -> String {
        self.resource_id(ComponentKind::NsxTManager)
    }

    pub(crate) fn edge_cluster_id(&self) -> String {
        resource_id(self.index, 5)
    }

    pub(super) fn download_progress(
        &self,
        bundle: usize,
        now: SimTime,
        step: Duration,
    ) -> Progress {
        let Some(last) = self
            .bundles
            .get(bundle)
            .and_then(|bundle| bundle.downloads.last())
        else {
            return Progress::Pending;
        };
        download_progress(last, now, step)
    }

    /// The state of an upgrade at `now`.
    pub(super) fn upgrade_progress(upgrade: &Upgrade52, now: SimTime) -> Progress {
        match upgrade.attempts.last() {
            None => Progress::Pending,
            Some(attempt) if !activity_finished(now, attempt.started, attempt.duration) => {
                Progress::Running
            }
            Some(attempt) if attempt.fails => Progress::Failed,
            Some(_) => Progress::Succeeded,
        }
    }

    pub(super) fn bundle_completed(&self, bundle: usize, now: SimTime) -> bool {
        self.upgrades.iter().any(|upgrade| {
            upgrade.bundle == bundle && Self::upgrade_progress(upgrade, now) == Progress::Succeeded
        })
    }

    pub(super) fn component_upgraded(&self, kind: ComponentKind, now: SimTime) -> bool {
        if self.scenario == Scenario::NoUpdate {
            return true;
        }
        self.bundles
            .iter()
            .position(|bundle| bundle.kind == kind)
            .is_some_and(|bundle| self.bundle_completed(bundle, now))
    }

    pub(super) fn component_version(&self, kind: ComponentKind, now: SimTime) -> &'static str {
        if self.component_upgraded(kind, now) {
            self.profile.release(kind)
        } else {
            self.profile.installed(kind)
        }
    }

    /// The VCF version the domain runs: the target once every bundle is upgraded.
    pub(crate) fn current_version(&self, now: SimTime) -> &'static str {
        let all_done = (0..self.bundles.len()).all(|bundle| self.bundle_completed(bundle, now));
        if all_done {
            self.profile.target
        } else {
            self.profile.current
        }
    }

    /// The bundle an upgrade may start on: the first one not upgraded, once targeted.
    pub(super) fn available_bundle(&self, now: SimTime) -> Option<usize> {
        self.target.as_ref()?;
        (0..self.bundles.len()).find(|&bundle| !self.bundle_completed(bundle, now))
    }

    pub(super) fn running_upgrade(&self, now: SimTime) -> Option<&Upgrade52> {
        self.upgrades
            .iter()
            .find(|upgrade| Self::upgrade_progress(upgrade, now) == Progress::Running)
    }

    pub(super) fn applicable(&self, now: SimTime) -> bool {
        self.scenario != Scenario::NoUpdate && self.current_version(now) == self.profile.current
    }
}
