//! Releases: the bill of materials of each VCF version, a domain's current and future
//! releases, and targeting one (`updateReleaseByDomainID`).

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::SimTime;
use crate::scenario::Scenario;
use crate::vcf52::profile::Profile;
use crate::vcf52::state::render::{bom_name, bundle_type, public_name};
use crate::vcf52::state::{bad_request, Domain52, Vcf52State};
use crate::vcf52::wire;

impl Vcf52State {
    fn bom(profile: &Profile, version: &str) -> Vec<wire::ProductVersion> {
        let target = version == profile.target;
        [
            ComponentKind::SddcManager,
            ComponentKind::NsxTManager,
            ComponentKind::Vcenter,
            ComponentKind::EsxHost,
        ]
        .into_iter()
        .map(|kind| wire::ProductVersion {
            name: String::from(bom_name(kind)),
            version: String::from(if target {
                profile.release(kind)
            } else {
                profile.installed(kind)
            }),
            public_name: String::from(public_name(kind)),
        })
        .collect()
    }

    pub(crate) fn release(profile: &Profile, version: &str) -> wire::Release {
        wire::Release {
            product: String::from("VCF"),
            version: version.to_owned(),
            min_compatible_vcf_version: String::from(profile.min_compatible),
            min_installer_version: profile.min_installer.map(String::from),
            description: format!("VMware Cloud Foundation {version}"),
            release_date: String::from(profile.release_date(version)),
            bom: Self::bom(profile, version),
        }
    }

    /// `getReleases`: the domain's current release, or every release.
    pub(crate) fn releases(
        &self,
        domain_id: Option<&str>,
        now: SimTime,
    ) -> Result<Vec<wire::Release>, ApiError> {
        match domain_id {
            Some(id) => {
                let domain = self.domain(id)?;
                let version = if domain.scenario == Scenario::NoUpdate {
                    self.profile.target
                } else {
                    domain.current_version(now)
                };
                Ok(vec![Self::release(self.profile, version)])
            }
            None => Ok(vec![
                Self::release(self.profile, self.profile.current),
                Self::release(self.profile, self.profile.target),
            ]),
        }
    }

    pub(crate) fn future_releases(
        &self,
        domain_id: &str,
        now: SimTime,
    ) -> Result<Vec<wire::DomainFutureRelease>, ApiError> {
        let domain = self.domain(domain_id)?;
        if domain.scenario == Scenario::NoUpdate {
            return Ok(Vec::new());
        }
        let applicable = domain.applicable(now);
        let release = Self::release(self.profile, self.profile.target);
        let target = self.profile.target;
        Ok(vec![wire::DomainFutureRelease {
            applicability_status: String::from(if applicable {
                "APPLICABLE"
            } else {
                "NOT_APPLICABLE"
            }),
            reason_not_applicable: (!applicable).then(|| wire::MessagePack {
                component: String::from("LCM"),
                message_key: String::from("DOMAIN_ALREADY_AT_VERSION"),
                message: format!("The domain already runs VCF {target}"),
            }),
            // Deprecated, but real servers still send it (field reports).
            is_applicable: self.field_report.then_some(applicable),
            product: release.product,
            version: release.version,
            min_compatible_vcf_version: release.min_compatible_vcf_version,
            min_installer_version: release.min_installer_version,
            description: release.description,
            release_date: release.release_date,
            bom: release.bom,
            patch_bundles: domain
                .bundles
                .iter()
                .map(|bundle| wire::PatchBundle {
                    bundle_id: bundle.id.clone(),
                    bundle_type: String::from(bundle_type(bundle.kind)),
                    bundle_elements: vec![String::from(bundle.kind.wire_name())],
                    cumulative_from_vcf_version: String::from(self.profile.current),
                })
                .collect(),
            upgrade_order: self.upgrade_order.clone(),
        }])
    }

    pub(crate) fn release_view(
        &self,
        domain_id: &str,
        now: SimTime,
    ) -> Result<wire::DomainReleaseView, ApiError> {
        let domain = self.domain(domain_id)?;
        let target = domain.target.clone().unwrap_or_else(|| {
            String::from(if domain.scenario == Scenario::NoUpdate {
                self.profile.target
            } else {
                domain.current_version(now)
            })
        });
        Ok(wire::DomainReleaseView {
            domain_id: domain.id.clone(),
            target_sddc_manager_version: String::from(if target == self.profile.target {
                self.profile.release(ComponentKind::SddcManager)
            } else {
                self.sddc_manager_version(now)
            }),
            target_version: target,
            is_customized_bom: false,
            // 9.1: whether the domain's upgrades are sequenced for a short maintenance window.
            upgrade_sequence: self
                .profile
                .serves_9_1_calls()
                .then_some(wire::UpgradeSequence {
                    optimized_maintenance_window: false,
                }),
        })
    }

    /// Why a `DomainRelease` cannot target the domain, if it cannot.
    pub(super) fn release_problem(
        &self,
        domain: &Domain52,
        release: &wire::DomainRelease,
        now: SimTime,
    ) -> Option<String> {
        let Some(version) = &release.target_version else {
            return Some(String::from("targetVersion is required"));
        };
        if release.target_vx_rail_version.is_some() {
            return Some(String::from(
                "targetVxRailVersion is set, but the domain has no VxRail",
            ));
        }
        if release.patches.is_some() {
            return Some(String::from(
                "flexible patches (patches) are not modelled by the simulator",
            ));
        }
        if let Some(sddc) = &release.target_sddc_manager_version {
            if sddc != self.profile.release(ComponentKind::SddcManager)
                && sddc != self.profile.target
            {
                return Some(format!(
                    "targetSddcManagerVersion {sddc} is not the SDDC Manager of VCF {version}"
                ));
            }
        }
        if version != self.profile.target {
            return Some(format!(
                "Version {version} is not a future release of domain {}",
                domain.name
            ));
        }
        if !domain.applicable(now) {
            return Some(format!(
                "Release {version} is not applicable to domain {}",
                domain.name
            ));
        }
        if domain.running_upgrade(now).is_some() {
            return Some(format!("Domain {} has an upgrade in progress", domain.name));
        }
        None
    }

    /// `updateReleaseByDomainID`.
    pub(crate) fn set_target(
        &mut self,
        domain_id: &str,
        release: &wire::DomainRelease,
        now: SimTime,
    ) -> Result<(), ApiError> {
        let position = self.position(domain_id)?;
        let domain = self.domain(domain_id)?;
        if let Some(problem) = self.release_problem(domain, release, now) {
            return Err(bad_request("DOMAIN_RELEASE_NOT_VALID", problem));
        }
        if let Some(domain) = self.domains.get_mut(position) {
            domain.target = release.target_version.clone();
        }
        Ok(())
    }
}
