//! Upgrades (`performUpgrade`, `getUpgradeById`, `getUpgrades`): the checks before one starts,
//! the attempts it makes under each scenario, and the tasks that report it.

use std::time::Duration;

use axum::http::StatusCode;

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::{Clock, SimTime};
use crate::scenario::Scenario;
use crate::state::{new_id, Timing};
use crate::vcf52::inputs;
use crate::vcf52::state::personalities::image_version;
use crate::vcf52::state::render::{epoch_millis, public_name};
use crate::vcf52::state::tasks::TaskRef;
use crate::vcf52::state::vcf9::check_9_1_inputs;
use crate::vcf52::state::{bad_request, not_found, Domain52, Progress, Vcf52State};
use crate::vcf52::wire::{self, Error52};

/// One attempt of an upgrade (the first, and one per `retryTask`).
#[derive(Clone, Debug)]
pub(crate) struct Attempt {
    pub(crate) started: SimTime,
    pub(crate) duration: Duration,
    pub(crate) fails: bool,
    pub(crate) retryable: bool,
}

/// One `performUpgrade`.
#[derive(Clone, Debug)]
pub(crate) struct Upgrade52 {
    pub(crate) id: String,
    pub(crate) bundle: usize,
    pub(crate) spec: wire::UpgradeSpec,
    pub(crate) attempts: Vec<Attempt>,
}

impl Vcf52State {
    /// `performUpgrade`; returns the task and, for an SDDC Manager upgrade of the `outage`
    /// scenario, the outage to start.
    pub(crate) fn perform_upgrade(
        &mut self,
        spec: wire::UpgradeSpec,
        now: SimTime,
        timing: &Timing,
        clock: &Clock,
    ) -> Result<(wire::Task, Option<Duration>), ApiError> {
        let (position, bundle) = self.bundle_position(&spec.bundle_id).ok_or_else(|| {
            bad_request(
                "BUNDLE_NOT_FOUND",
                format!("Bundle {} not found", spec.bundle_id),
            )
        })?;
        let sddc_manager_upgraded = self.domains.first().is_some_and(|management| {
            management.component_upgraded(ComponentKind::SddcManager, now)
        });
        let domain = self
            .domains
            .get(position)
            .ok_or_else(|| bad_request("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        check_upgrade_spec(
            domain,
            bundle,
            &spec,
            now,
            timing.step,
            sddc_manager_upgraded,
        )?;
        let kind = domain
            .bundles
            .get(bundle)
            .map(|found| found.kind)
            .ok_or_else(|| bad_request("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        let earlier_failures = domain
            .upgrades
            .iter()
            .filter(|upgrade| upgrade.bundle == bundle)
            .count();
        let attempt = plan_attempt(domain.scenario, kind, earlier_failures, now, timing);
        let outage = (domain.scenario == Scenario::Outage && kind == ComponentKind::SddcManager)
            .then(|| timing.step.saturating_mul(timing.outage_steps));
        if domain.scenario == Scenario::Vcenter401 && kind == ComponentKind::Vcenter {
            let start = now.saturating_add(Duration::from_nanos(1));
            self.unauthorized.push((
                start,
                start.saturating_add(timing.step.saturating_mul(timing.outage_steps)),
            ));
        }
        let id = new_id();
        let owner = self
            .domains
            .get_mut(position)
            .ok_or_else(|| bad_request("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        owner.upgrades.push(Upgrade52 {
            id: id.clone(),
            bundle,
            spec,
            attempts: vec![attempt],
        });
        let upgrade = owner.upgrades.len().saturating_sub(1);
        self.tasks.insert(
            id.clone(),
            TaskRef::Upgrade {
                domain: position,
                upgrade,
            },
        );
        Ok((self.task(&id, now, timing.step, clock)?, outage))
    }

    pub(super) fn find_upgrade(&self, upgrade_id: &str) -> Option<(&Domain52, &Upgrade52)> {
        match self.tasks.get(upgrade_id)? {
            TaskRef::Upgrade { domain, upgrade } => {
                let owner = self.domains.get(*domain)?;
                Some((owner, owner.upgrades.get(*upgrade)?))
            }
            _ => None,
        }
    }

    /// `getUpgradeById`.
    pub(crate) fn upgrade(
        &self,
        upgrade_id: &str,
        now: SimTime,
        clock: &Clock,
    ) -> Result<wire::Upgrade, ApiError> {
        let (domain, upgrade) = self.find_upgrade(upgrade_id).ok_or_else(|| {
            not_found(
                "UPGRADE_NOT_FOUND",
                format!("Upgrade with id {upgrade_id} not found"),
            )
        })?;
        Ok(render_upgrade(domain, upgrade, now, clock))
    }

    /// `getUpgrades`, filtered by bundle and status.
    pub(crate) fn upgrades(
        &self,
        bundle_id: Option<&str>,
        status: Option<&str>,
        now: SimTime,
        clock: &Clock,
    ) -> Vec<wire::Upgrade> {
        self.domains
            .iter()
            .flat_map(|domain| {
                domain
                    .upgrades
                    .iter()
                    .map(move |upgrade| render_upgrade(domain, upgrade, now, clock))
            })
            .filter(|upgrade| bundle_id.is_none_or(|wanted| upgrade.bundle_id == wanted))
            .filter(|upgrade| status.is_none_or(|wanted| upgrade.status == wanted))
            .collect()
    }
}

/// The attempt a new upgrade (or a retry) of a `kind` bundle makes; `earlier` counts the
/// attempts before it.
pub(super) fn plan_attempt(
    scenario: Scenario,
    kind: ComponentKind,
    earlier: usize,
    now: SimTime,
    timing: &Timing,
) -> Attempt {
    let long = timing
        .step
        .saturating_mul(timing.outage_steps.saturating_add(1));
    let duration = match (scenario, kind) {
        (Scenario::Outage, ComponentKind::SddcManager)
        | (Scenario::Vcenter401, ComponentKind::Vcenter) => long,
        _ => timing.step,
    };
    let esx = kind == ComponentKind::EsxHost;
    let (fails, retryable) = match scenario {
        Scenario::UpgradeFails if esx => (earlier == 0, true),
        Scenario::UpgradeFailsHard if esx => (true, false),
        _ => (false, false),
    };
    Attempt {
        started: now,
        duration,
        fails,
        retryable,
    }
}

fn check_upgrade_spec(
    domain: &Domain52,
    bundle: usize,
    spec: &wire::UpgradeSpec,
    now: SimTime,
    step: Duration,
    sddc_manager_upgraded: bool,
) -> Result<(), ApiError> {
    if spec.resource_type != "DOMAIN" {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            format!(
                "resourceType {} is not modelled; the simulator upgrades whole domains (DOMAIN)",
                spec.resource_type
            ),
        ));
    }
    if spec.draft_mode == Some(true) {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            "draftMode is not modelled by the simulator",
        ));
    }
    let [resource] = spec.resource_upgrade_specs.as_slice() else {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            "resourceUpgradeSpecs must name the domain exactly once",
        ));
    };
    if resource.resource_id != domain.id {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            format!(
                "Bundle {} belongs to domain {}, not to resource {}",
                spec.bundle_id, domain.id, resource.resource_id
            ),
        ));
    }
    if resource.upgrade_now != Some(true) {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            "Only upgradeNow=true is modelled by the simulator (no scheduled upgrades)",
        ));
    }
    let Some(found) = domain.bundles.get(bundle) else {
        return Err(bad_request("BUNDLE_NOT_FOUND", "Bundle not found"));
    };
    if domain.index != 1 && !sddc_manager_upgraded {
        return Err(ApiError::new(
            StatusCode::FAILED_DEPENDENCY,
            "SDDC_MANAGER_NOT_UPGRADED",
            format!(
                "SDDC Manager must be upgraded to {} before domain {}",
                domain.profile.target, domain.name
            ),
        )
        .with_remediation("Upgrade the management domain's SDDC Manager first"));
    }
    if let Some(running) = domain.running_upgrade(now) {
        return Err(bad_request(
            "UPGRADE_IN_PROGRESS",
            format!(
                "Upgrade {} of domain {} is in progress",
                running.id, domain.name
            ),
        ));
    }
    if domain.available_bundle(now) != Some(bundle) {
        return Err(bad_request(
            "BUNDLE_NOT_AVAILABLE",
            format!(
                "Bundle {} is not the AVAILABLE upgrade of domain {}",
                spec.bundle_id, domain.name
            ),
        ));
    }
    if domain.download_progress(bundle, now, step) != Progress::Succeeded {
        return Err(bad_request(
            "BUNDLE_NOT_DOWNLOADED",
            format!("Bundle {} is not downloaded", spec.bundle_id),
        ));
    }
    match found.kind {
        ComponentKind::NsxTManager => {
            let inputs = spec
                .nsxt_upgrade_user_input_specs
                .as_deref()
                .unwrap_or_default();
            if inputs.is_empty() {
                return Err(bad_request(
                    "UPGRADE_SPEC_NOT_VALID",
                    "An NSX upgrade needs nsxtUpgradeUserInputSpecs (see getNsxUpgradeResources)",
                ));
            }
            for input in inputs {
                if input
                    .nsxt_id
                    .as_deref()
                    .is_some_and(|id| id != domain.nsx_id())
                {
                    return Err(bad_request(
                        "UPGRADE_SPEC_NOT_VALID",
                        "nsxtId is not the domain's NSX instance",
                    ));
                }
                let clusters = domain.cluster_ids();
                let hosts_ok = input
                    .nsxt_host_cluster_upgrade_specs
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .all(|host| clusters.contains(&host.host_cluster_id));
                let edges_ok = input
                    .nsxt_edge_cluster_upgrade_specs
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .all(|edge| edge.edge_cluster_id == domain.edge_cluster_id());
                if !hosts_ok || !edges_ok {
                    return Err(bad_request(
                        "UPGRADE_SPEC_NOT_VALID",
                        "A host or edge cluster id is not one getNsxUpgradeResources returned",
                    ));
                }
            }
        }
        ComponentKind::Vcenter => {
            let inputs = spec
                .vcenter_upgrade_user_input_specs
                .as_deref()
                .unwrap_or_default();
            if inputs.is_empty() {
                return Err(bad_request(
                    "UPGRADE_SPEC_NOT_VALID",
                    "A vCenter upgrade needs vcenterUpgradeUserInputSpecs with a temporaryNetwork",
                ));
            }
            if inputs.iter().any(|input| {
                input
                    .resource_id
                    .as_deref()
                    .is_some_and(|id| id != domain.vcenter_id())
            }) {
                return Err(bad_request(
                    "UPGRADE_SPEC_NOT_VALID",
                    "vcenterUpgradeUserInputSpecs names a vCenter that is not the domain's",
                ));
            }
        }
        ComponentKind::EsxHost if domain.profile.esx_needs_image() => {
            check_esx_image(domain, spec)?;
        }
        ComponentKind::SddcManager | ComponentKind::EsxHost => {}
    }
    let vcenter = inputs::VcenterVersions {
        source: domain.component_version(ComponentKind::Vcenter, now),
        target: domain.profile.release(ComponentKind::Vcenter),
    };
    inputs::check(found.kind, spec, &vcenter)
        .and_then(|()| {
            if domain.profile.serves_9_1_calls() {
                check_9_1_inputs(domain, found.kind, spec)
            } else {
                Ok(())
            }
        })
        .map_err(|message| bad_request("UPGRADE_SPEC_NOT_VALID", message))
}

/// 9.x: ESX 9 hosts are upgraded with vSphere Lifecycle Manager images only, so every
/// resource of an ESX upgrade names the depot's image of the target ESX version.
fn check_esx_image(domain: &Domain52, spec: &wire::UpgradeSpec) -> Result<(), ApiError> {
    let target = domain.profile.release(ComponentKind::EsxHost);
    for (index, resource) in spec.resource_upgrade_specs.iter().enumerate() {
        let path = format!("resourceUpgradeSpecs[{index}].personalitySpec");
        let Some(personality) = &resource.personality_spec else {
            return Err(bad_request(
                "ESX_UPGRADE_IMAGE_REQUIRED",
                format!(
                    "ESX hosts of VCF {} are upgraded with vSphere Lifecycle Manager images \
                     only: {path} must name the image of ESX {target} (GET /v1/personalities)",
                    domain.profile.target
                ),
            ));
        };
        match image_version(domain.profile, &personality.personality_id) {
            Some(version) if version == target => {}
            Some(version) => {
                return Err(bad_request(
                    "ESX_UPGRADE_IMAGE_NOT_VALID",
                    format!(
                        "{path}.personalityId {} is the image of ESX {version}, not of the \
                         target ESX {target}",
                        personality.personality_id
                    ),
                ));
            }
            None => {
                return Err(bad_request(
                    "ESX_UPGRADE_IMAGE_NOT_VALID",
                    format!(
                        "{path}.personalityId {} is not an image in the depot \
                         (GET /v1/personalities)",
                        personality.personality_id
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn upgrade_status(domain: &Domain52, upgrade: &Upgrade52, now: SimTime) -> &'static str {
    match Domain52::upgrade_progress(upgrade, now) {
        Progress::Pending => "PENDING",
        Progress::Running if domain.scenario == Scenario::Inprogress => "INPROGRESS",
        Progress::Running => "IN_PROGRESS",
        Progress::Succeeded => "COMPLETED_WITH_SUCCESS",
        Progress::Failed => "COMPLETED_WITH_FAILURE",
    }
}

fn render_upgrade(
    domain: &Domain52,
    upgrade: &Upgrade52,
    now: SimTime,
    clock: &Clock,
) -> wire::Upgrade {
    let progress = Domain52::upgrade_progress(upgrade, now);
    let end_time = match (progress, upgrade.attempts.last()) {
        (Progress::Succeeded | Progress::Failed, Some(attempt)) => Some(epoch_millis(
            clock,
            attempt.started.saturating_add(attempt.duration),
        )),
        _ => None,
    };
    wire::Upgrade {
        id: upgrade.id.clone(),
        bundle_id: upgrade.spec.bundle_id.clone(),
        resource_type: upgrade.spec.resource_type.clone(),
        parallel_upgrade: upgrade.spec.parallel_upgrade.unwrap_or(false),
        resource_upgrade_specs: upgrade.spec.resource_upgrade_specs.clone(),
        status: String::from(upgrade_status(domain, upgrade, now)),
        task_id: upgrade.id.clone(),
        nsxt_upgrade_user_input_spec: upgrade
            .spec
            .nsxt_upgrade_user_input_specs
            .as_ref()
            .and_then(|specs| specs.first().cloned()),
        vcenter_upgrade_user_input_spec: upgrade
            .spec
            .vcenter_upgrade_user_input_specs
            .as_ref()
            .and_then(|specs| specs.first().cloned()),
        end_time,
    }
}

pub(super) fn upgrade_task(
    domain: &Domain52,
    upgrade: &Upgrade52,
    now: SimTime,
    clock: &Clock,
) -> wire::Task {
    let progress = Domain52::upgrade_progress(upgrade, now);
    let kind = domain
        .bundles
        .get(upgrade.bundle)
        .map_or(ComponentKind::EsxHost, |bundle| bundle.kind);
    let first = upgrade
        .attempts
        .first()
        .map_or(now, |attempt| attempt.started);
    let done = matches!(progress, Progress::Succeeded | Progress::Failed);
    let last = upgrade.attempts.last();
    let completed = match (done, last) {
        (true, Some(attempt)) => {
            Some(clock.timestamp(attempt.started.saturating_add(attempt.duration)))
        }
        _ => None,
    };
    let status = match progress {
        Progress::Pending => "PENDING",
        Progress::Running => "IN_PROGRESS",
        Progress::Succeeded => "SUCCESSFUL",
        Progress::Failed => "FAILED",
    };
    let errors = if progress == Progress::Failed {
        // The host that fails: the first cluster's third, or its last when it has fewer.
        let host = domain.host_fqdn(1, domain.hosts_per_cluster().min(3));
        vec![Error52::new(
            "ESX_UPGRADE_FAILED",
            "ERROR",
            format!(
                "Upgrade of {} failed: host {host} could not enter maintenance mode",
                domain.resource_name(kind),
            ),
            if last.is_some_and(|attempt| attempt.retryable) {
                "Resolve the maintenance mode problem, then retry the task"
            } else {
                "The host's image is incompatible; contact support"
            },
        )]
    } else {
        Vec::new()
    };
    let retryable = progress == Progress::Failed && last.is_some_and(|attempt| attempt.retryable);
    wire::Task {
        id: upgrade.id.clone(),
        name: format!(
            "Upgrade {} of domain {} to {}",
            public_name(kind),
            domain.name,
            domain.profile.release(kind)
        ),
        task_type: String::from("UPGRADE"),
        status: String::from(status),
        creation_timestamp: clock.timestamp(first),
        completion_timestamp: completed.clone(),
        sub_tasks: vec![wire::SubTask {
            name: format!("Upgrade {}", domain.resource_name(kind)),
            subtask_type: String::from(kind.wire_name()),
            description: format!(
                "Upgrade {} from {} to {}",
                public_name(kind),
                domain.profile.installed(kind),
                domain.profile.release(kind)
            ),
            status: String::from(status),
            creation_timestamp: clock.timestamp(last.map_or(first, |attempt| attempt.started)),
            completion_timestamp: completed,
            errors: errors.clone(),
        }],
        errors,
        resources: vec![wire::Resource {
            resource_id: domain.resource_id(kind),
            resource_type: String::from(kind.wire_name()),
            name: domain.resource_name(kind),
        }],
        resolution_status: (progress == Progress::Failed).then(|| String::from("UNRESOLVED")),
        is_cancellable: false,
        is_retryable: retryable,
    }
}
