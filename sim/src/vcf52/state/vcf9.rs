//! The calls SDDC Manager 9.x adds to the 5.2.1 flow: the download status of bundles, the
//! upgrade preview and upgrade prechecks (all in the 9.0.2 document), and 9.1's upgrade
//! sequences, vCenter upgrade mechanisms and vCenter sizes (in 9.1's bindings only); and the
//! checks of 9.1's new `performUpgrade` inputs.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::api_error::ApiError;
use crate::catalog::{self, ComponentKind};
use crate::clock::{activity_finished, percent_through, Clock, SimTime};
use crate::scenario::Scenario;
use crate::state::new_id;
use crate::vcf52::inputs;
use crate::vcf52::state::downloads::failure_message;
use crate::vcf52::state::render::{epoch_millis, timestamps};
use crate::vcf52::state::{bad_request, not_found, Domain52, Progress, Vcf52State};
use crate::vcf52::wire::{self, Error52};

/// `imageType`s a bundle may have; every bundle of the simulator is a `PATCH`.
const IMAGE_TYPES: [&str; 2] = ["PATCH", "INSTALL"];

/// The vCenter appliance sizes of 9.1's `getVcenterSizingInfos`: name, vCPUs, memory (GB),
/// storage (GB), VMs and hosts (vCenter's published sizes).
const VCENTER_SIZES: [(&str, i64, i64, i64, i64, i64); 5] = [
    ("tiny", 2, 14, 579, 100, 10),
    ("small", 4, 21, 694, 1000, 100),
    ("medium", 8, 30, 908, 4000, 400),
    ("large", 16, 39, 1358, 10000, 1000),
    ("xlarge", 24, 58, 2283, 35000, 2000),
];

/// One `startUpgradePrecheck`.
#[derive(Clone, Debug)]
pub(crate) struct UpgradePrecheck {
    pub(super) domain: usize,
    upgrade_id: String,
    started: SimTime,
    fails: bool,
}

impl Vcf52State {
    /// `getBundleDownloadStatus`: one element per bundle, with 9.x's status names (`PENDING`,
    /// `INPROGRESS`, `SUCCESS`, `FAILED`; `SCHEDULED` only for a scheduled download, which
    /// the simulator does not model).
    pub(crate) fn download_statuses(
        &self,
        release_version: Option<&str>,
        bundle_id: Option<&str>,
        image_type: Option<&str>,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<Vec<wire::BundleDownloadStatusInfo>, ApiError> {
        if let Some(image_type) = image_type {
            if !IMAGE_TYPES.contains(&image_type) {
                return Err(bad_request(
                    "INVALID_IMAGE_TYPE",
                    format!(
                        "imageType {image_type} is not one of {}",
                        IMAGE_TYPES.join(", ")
                    ),
                ));
            }
        }
        if release_version.is_some_and(|wanted| wanted != self.profile.target)
            || image_type == Some("INSTALL")
        {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for domain in &self.domains {
            for (position, bundle) in domain.bundles.iter().enumerate() {
                if bundle_id.is_some_and(|wanted| wanted != bundle.id) {
                    continue;
                }
                let size_mb = self.render_bundle(&bundle.id, now, step)?.size_mb;
                // MB to bytes; the sizes are whole numbers of MB.
                let bytes = (size_mb as i64).saturating_mul(1024 * 1024);
                let last = bundle.downloads.last();
                let progress = domain.download_progress(position, now, step);
                let started = last.map(|download| epoch_millis(clock, download.started));
                let ended = last
                    .filter(|_| matches!(progress, Progress::Succeeded | Progress::Failed))
                    .map(|download| epoch_millis(clock, download.started.saturating_add(step)));
                let downloaded = match (progress, last) {
                    (Progress::Pending, _) | (_, None) => 0,
                    (Progress::Succeeded, _) => bytes,
                    (Progress::Running, Some(download)) => {
                        bytes / 100 * i64::from(percent_through(now, download.started, step))
                    }
                    (Progress::Failed, Some(_)) => bytes / 2,
                };
                found.push(wire::BundleDownloadStatusInfo {
                    component_type: String::from(bundle.kind.wire_name()),
                    version: String::from(self.profile.release(bundle.kind)),
                    bundle_id: bundle.id.clone(),
                    download_id: last.map(|download| download.task_id.clone()),
                    download_status: String::from(match progress {
                        Progress::Pending => "PENDING",
                        Progress::Running => "INPROGRESS",
                        Progress::Succeeded => "SUCCESS",
                        Progress::Failed => "FAILED",
                    }),
                    downloaded_size: downloaded,
                    download_start_time: started,
                    download_end_time: ended,
                    // Downloads start when asked: scheduled is started (0 before any).
                    download_scheduled_time: started.unwrap_or(0),
                    is_download_cancellable: progress == Progress::Running,
                    message: (progress == Progress::Failed)
                        .then(|| failure_message(domain, bundle)),
                    is_downloadable: matches!(progress, Progress::Pending | Progress::Failed),
                });
            }
        }
        Ok(found)
    }

    /// `getUpgradePreview`: the resources a bundle upgrades in a domain.
    pub(crate) fn upgrade_preview(
        &self,
        bundle_id: Option<&str>,
        domain_id: Option<&str>,
        now: SimTime,
    ) -> Result<wire::UpgradePreview, ApiError> {
        let Some(bundle_id) = bundle_id else {
            return Err(bad_request(
                "BUNDLE_ID_REQUIRED",
                "Query parameter bundleId is required",
            ));
        };
        let (position, bundle) = self.bundle_position(bundle_id).ok_or_else(|| {
            not_found(
                "BUNDLE_NOT_FOUND",
                format!("Bundle with id {bundle_id} not found"),
            )
        })?;
        if let Some(wanted) = domain_id {
            self.domain(wanted)?;
        }
        let domain = self
            .domains
            .get(position)
            .ok_or_else(|| not_found("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        let kind = domain
            .bundles
            .get(bundle)
            .map(|found| found.kind)
            .ok_or_else(|| not_found("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        // SDDC Manager's bundle always applies to the management domain (the domain given is
        // ignored, as 9.0.2 says); another bundle belongs to one domain.
        if kind != ComponentKind::SddcManager && domain_id.is_some_and(|wanted| wanted != domain.id)
        {
            return Err(bad_request(
                "BUNDLE_NOT_APPLICABLE",
                format!("Bundle {bundle_id} does not apply to domain {domain_id:?}"),
            ));
        }
        let status = if domain.component_upgraded(kind, now) {
            "NOT_AVAILABLE"
        } else {
            "ELIGIBLE"
        };
        let resources: Vec<String> = if kind == ComponentKind::EsxHost {
            domain.cluster_ids()
        } else {
            vec![domain.resource_id(kind)]
        };
        let mut resource_mapper = BTreeMap::new();
        if kind == ComponentKind::EsxHost {
            for cluster in &resources {
                resource_mapper.insert(cluster.clone(), domain.id.clone());
            }
        }
        Ok(wire::UpgradePreview {
            bundle: wire::BundleReference {
                id: bundle_id.to_owned(),
            },
            domain: wire::DomainReference {
                id: domain.id.clone(),
                name: domain.name.clone(),
                domain_type: String::from(catalog::domain_type(domain.index)),
            },
            resource_mapper,
            upgrade_items: resources
                .into_iter()
                .map(|resource_id| wire::UpgradeItem {
                    resource_id,
                    bundle_component_type: String::from(kind.wire_name()),
                    upgrade_eligibility: wire::UpgradeEligibilityResult {
                        status: String::from(status),
                        details: Vec::new(),
                    },
                })
                .collect(),
        })
    }

    /// `startUpgradePrecheck`: a precheck of an upgrade, failing under `precheck-fail`.
    pub(crate) fn start_upgrade_precheck(
        &mut self,
        upgrade_id: &str,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let (domain, _) = self
            .find_upgrade(upgrade_id)
            .ok_or_else(|| upgrade_not_found(upgrade_id))?;
        let position = self.position(&domain.id)?;
        let precheck = UpgradePrecheck {
            domain: position,
            upgrade_id: upgrade_id.to_owned(),
            started: now,
            fails: domain.scenario == Scenario::PrecheckFail,
        };
        let id = new_id();
        self.upgrade_prechecks.insert(id.clone(), precheck);
        self.upgrade_precheck(upgrade_id, &id, now, step, clock)
    }

    /// `getUpgradePrecheckByID`: the precheck's task.
    pub(crate) fn upgrade_precheck(
        &self,
        upgrade_id: &str,
        precheck_id: &str,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let (domain, _) = self
            .find_upgrade(upgrade_id)
            .ok_or_else(|| upgrade_not_found(upgrade_id))?;
        let precheck = self
            .upgrade_prechecks
            .get(precheck_id)
            .filter(|precheck| precheck.upgrade_id == upgrade_id)
            .ok_or_else(|| {
                not_found(
                    "UPGRADE_PRECHECK_NOT_FOUND",
                    format!("Precheck {precheck_id} of upgrade {upgrade_id} not found"),
                )
            })?;
        Ok(precheck_task(
            domain,
            precheck_id,
            precheck,
            now,
            step,
            clock,
        ))
    }

    /// 9.1's `getUpgradeSequences`: the order the domain's components go to the target.
    pub(crate) fn upgrade_sequences(
        &self,
        domain_id: &str,
        target_version: Option<&str>,
        now: SimTime,
    ) -> Result<Vec<wire::SupportedUpgradeSequence>, ApiError> {
        let domain = self.domain(domain_id)?;
        if let Some(target) = target_version {
            if target != self.profile.target {
                return Err(invalid_target(target, self.profile.target));
            }
        }
        if domain.bundles.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![wire::SupportedUpgradeSequence {
            sequence_type: String::from("STANDARD"),
            components: domain
                .bundles
                .iter()
                .enumerate()
                .map(|(position, bundle)| wire::UpgradeSequenceComponent {
                    component_type: String::from(bundle.kind.wire_name()),
                    version: String::from(self.profile.release(bundle.kind)),
                    applicability_order: i32::try_from(position + 1).unwrap_or(i32::MAX),
                    applicability_status: String::from(
                        if domain.component_upgraded(bundle.kind, now) {
                            "NOT_APPLICABLE"
                        } else {
                            "APPLICABLE"
                        },
                    ),
                })
                .collect(),
        }])
    }

    /// The vCenter target a 9.1 vCenter call names: its build or the VCF release, or by
    /// default the release's vCenter.
    fn vcenter_target(&self, target_version: Option<&str>) -> Result<&'static str, ApiError> {
        let vcenter = self.profile.release(ComponentKind::Vcenter);
        match target_version {
            None => Ok(vcenter),
            Some(target) if target == vcenter || target == self.profile.target => Ok(vcenter),
            Some(target) => Err(invalid_target(target, vcenter)),
        }
    }

    /// 9.1's `getVcenterUpgradeMechanism`.
    pub(crate) fn vcenter_upgrade_mechanisms(
        &self,
        domain_id: &str,
        target_version: Option<&str>,
        now: SimTime,
    ) -> Result<wire::SupportedUpgradeMechanisms, ApiError> {
        let domain = self.domain(domain_id)?;
        let target = self.vcenter_target(target_version)?;
        let source = domain.component_version(ComponentKind::Vcenter, now);
        let mut mechanisms = vec![String::from("ReducedDowntimeMigration")];
        if inputs::in_place_allowed(source, target).is_ok() {
            mechanisms.push(String::from("InPlace"));
        }
        Ok(wire::SupportedUpgradeMechanisms {
            source_version: String::from(source),
            target_version_upgrade_mechanisms: vec![wire::TargetVersionUpgradeMechanism {
                target_version: String::from(target),
                upgrade_mechanisms: mechanisms,
                default_upgrade_mechanism: String::from("ReducedDowntimeMigration"),
            }],
        })
    }

    /// 9.1's `getVcenterSizingInfos`: every size, the smallest that fits the domain's hosts
    /// recommended.
    pub(crate) fn vcenter_sizing_infos(
        &self,
        domain_id: &str,
        target_version: Option<&str>,
    ) -> Result<Vec<wire::VcenterApplianceSizingInfo>, ApiError> {
        let domain = self.domain(domain_id)?;
        self.vcenter_target(target_version)?;
        let hosts = i64::try_from(domain.shape.clusters * domain.shape.hosts_per_cluster)
            .unwrap_or(i64::MAX);
        let recommended = VCENTER_SIZES
            .iter()
            .find(|size| size.5 >= hosts)
            .map_or("xlarge", |size| size.0);
        Ok(VCENTER_SIZES
            .iter()
            .map(
                |&(name, cpu, memory, storage, vms, hosts)| wire::VcenterApplianceSizingInfo {
                    appliance_size: String::from(name),
                    storage_size: String::from("default"),
                    required_cpu: cpu,
                    required_memory: memory,
                    required_storage: storage,
                    vm_count: vms,
                    host_count: hosts,
                    is_recommended: name == recommended,
                },
            )
            .collect())
    }
}

/// 9.1's new `performUpgrade` inputs: `hostsToUpgrade` names hosts of the domain, on the ESX
/// bundle only; `targetVcenterAppliance.applianceSize` is one of the vCenter sizes.
pub(super) fn check_9_1_inputs(
    domain: &Domain52,
    kind: ComponentKind,
    spec: &wire::UpgradeSpec,
) -> Result<(), String> {
    for (index, resource) in spec.resource_upgrade_specs.iter().enumerate() {
        let Some(hosts) = &resource.hosts_to_upgrade else {
            continue;
        };
        let path = format!("resourceUpgradeSpecs[{index}].hostsToUpgrade");
        if kind != ComponentKind::EsxHost {
            return Err(format!(
                "{path} is only for the ESX_HOST bundle, not for this {} bundle",
                kind.wire_name()
            ));
        }
        for host in hosts {
            let known = domain.cluster_numbers().any(|cluster| {
                (1..=domain.hosts_per_cluster()).any(|number| {
                    domain.host_id(cluster, number) == *host
                        || domain.host_fqdn(cluster, number) == *host
                })
            });
            if !known {
                return Err(format!(
                    "{path}: {host} is not a host of domain {}",
                    domain.name
                ));
            }
        }
    }
    for (index, input) in spec
        .vcenter_upgrade_user_input_specs
        .iter()
        .flatten()
        .enumerate()
    {
        let size = input
            .target_vcenter_appliance
            .as_ref()
            .and_then(|appliance| appliance.appliance_size.as_deref());
        if let Some(size) = size {
            if !VCENTER_SIZES.iter().any(|known| known.0 == size) {
                return Err(format!(
                    "vcenterUpgradeUserInputSpecs[{index}].targetVcenterAppliance.applianceSize \
                     {size:?} is not one of {}",
                    VCENTER_SIZES.map(|known| known.0).join(", ")
                ));
            }
        }
    }
    Ok(())
}

fn upgrade_not_found(upgrade_id: &str) -> ApiError {
    not_found(
        "UPGRADE_NOT_FOUND",
        format!("Upgrade with id {upgrade_id} not found"),
    )
}

fn invalid_target(target: &str, expected: &str) -> ApiError {
    bad_request(
        "INVALID_TARGET_VERSION",
        format!("Target version {target} is not valid; the release brings {expected}"),
    )
}

fn precheck_task(
    domain: &Domain52,
    id: &str,
    precheck: &UpgradePrecheck,
    now: SimTime,
    step: Duration,
    clock: &Clock,
) -> wire::Task {
    let done = activity_finished(now, precheck.started, step);
    let (created, completed) = timestamps(clock, precheck.started, step, done);
    let status = match (done, precheck.fails) {
        (false, _) => "IN_PROGRESS",
        (true, true) => "FAILED",
        (true, false) => "SUCCESSFUL",
    };
    let errors = if done && precheck.fails {
        vec![Error52::new(
            "UPGRADE_PRECHECK_FAILED",
            "ERROR",
            format!(
                "Upgrade precheck of domain {} failed: the vSAN HCL database is out of date",
                domain.name
            ),
            "Update the vSAN HCL database in vCenter, then run the precheck again",
        )]
    } else {
        Vec::new()
    };
    wire::Task {
        id: id.to_owned(),
        name: format!("Upgrade precheck of upgrade {}", precheck.upgrade_id),
        task_type: String::from("UPGRADE_PRECHECK"),
        status: String::from(status),
        creation_timestamp: created,
        completion_timestamp: completed,
        sub_tasks: Vec::new(),
        errors,
        resources: vec![wire::Resource {
            resource_id: domain.id.clone(),
            resource_type: String::from("DOMAIN"),
            name: domain.name.clone(),
        }],
        resolution_status: None,
        is_cancellable: false,
        is_retryable: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recommended_vcenter_size_fits_the_hosts() {
        for (name, _, _, _, _, hosts) in VCENTER_SIZES {
            assert!(hosts > 0, "{name}");
        }
        assert!(VCENTER_SIZES.windows(2).all(|pair| pair[0].5 < pair[1].5));
    }
}
