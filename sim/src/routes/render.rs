//! Turns the simulator's state at some instant into the wire models of `docs/api.md`.

use crate::catalog::{
    self, BundleSpec, ComponentKind, CURRENT_VCF_VERSION, RELEASE_BUNDLES, RELEASE_DATE,
    RELEASE_DESCRIPTION, RELEASE_VERSION, SDDC_MANAGER_FQDN, SDDC_MANAGER_ID,
};
use crate::clock::{Clock, SimTime};
use crate::state::domain::DomainState;
use crate::state::download::{BundleState, DownloadAttempt};
use crate::state::precheck::PrecheckRun;
use crate::state::upgrade::{UpgradeRun, UpgradeStatus};
use crate::state::Inventory;
use crate::wire;

/// A reference token derived from a resource id, so that an error stored with a resource
/// shows the same token on every read.
fn stable_reference(id: &str) -> String {
    let hex: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
    hex.chars()
        .skip(hex.len().saturating_sub(6))
        .collect::<String>()
        .to_ascii_uppercase()
}

fn stored_error(code: &str, message: String, remediation: &str, owner_id: &str) -> wire::ErrorBody {
    wire::ErrorBody {
        reference_token: stable_reference(owner_id),
        ..wire::ErrorBody::new(code, message, Some(remediation.to_owned()))
    }
}

pub(crate) fn sddc_manager(
    inventory: &Inventory,
    now: SimTime,
    ip_address: &str,
) -> wire::SddcManager {
    let version = if inventory.sddc_manager_upgraded(now) {
        ComponentKind::SddcManager.release_version()
    } else {
        ComponentKind::SddcManager.installed_version()
    };
    wire::SddcManager {
        id: SDDC_MANAGER_ID.to_owned(),
        fqdn: SDDC_MANAGER_FQDN.to_owned(),
        version: version.to_owned(),
        ip_address: ip_address.to_owned(),
        domain: wire::Reference {
            id: catalog::domain_id(1),
        },
    }
}

pub(crate) fn domain(domain: &DomainState) -> wire::Domain {
    wire::Domain {
        id: domain.id.clone(),
        name: domain.name.clone(),
        domain_type: catalog::domain_type(domain.index).to_owned(),
        status: String::from("ACTIVE"),
    }
}

pub(crate) fn release_view(domain: &DomainState, now: SimTime) -> wire::DomainReleaseView {
    wire::DomainReleaseView {
        domain_id: domain.id.clone(),
        current_version: domain.current_version(now).to_owned(),
        target_version: domain.targeted_release.clone(),
    }
}

pub(crate) fn future_release(domain: &DomainState, now: SimTime) -> wire::DomainFutureRelease {
    let not_applicable_reason = domain.release_applicability(now).err();
    wire::DomainFutureRelease {
        product: String::from("VCF"),
        version: RELEASE_VERSION.to_owned(),
        description: RELEASE_DESCRIPTION.to_owned(),
        release_date: RELEASE_DATE.to_owned(),
        min_compatible_vcf_version: CURRENT_VCF_VERSION.to_owned(),
        is_applicable: not_applicable_reason.is_none(),
        applicability_status: String::from(if not_applicable_reason.is_none() {
            "APPLICABLE"
        } else {
            "NOT_APPLICABLE"
        }),
        not_applicable_reason,
        bom: ComponentKind::UPGRADE_ORDER
            .iter()
            .map(|kind| wire::BomEntry {
                name: kind.wire_name().to_owned(),
                version: kind.release_version().to_owned(),
            })
            .collect(),
        patch_bundles: RELEASE_BUNDLES
            .iter()
            .map(|spec: &BundleSpec| wire::PatchBundle {
                bundle_id: catalog::bundle_id(domain.index, spec.number),
                bundle_type: spec.bundle_type.to_owned(),
            })
            .collect(),
    }
}

fn download_error(
    bundle: &BundleState,
    attempt: &DownloadAttempt,
    now: SimTime,
) -> Option<wire::ErrorBody> {
    attempt.failure_at(now).map(|failure| {
        stored_error(
            "BUNDLE_DOWNLOAD_FAILED",
            format!(
                "Download of bundle {} failed: {}",
                bundle.id, failure.message
            ),
            failure.remediation,
            &attempt.task_id,
        )
    })
}

pub(crate) fn bundle(bundle: &BundleState, now: SimTime) -> wire::Bundle {
    let latest = bundle.latest_attempt();
    wire::Bundle {
        id: bundle.id.clone(),
        bundle_type: bundle.spec.bundle_type.to_owned(),
        version: RELEASE_VERSION.to_owned(),
        description: bundle.spec.description.to_owned(),
        vendor: String::from("VMware"),
        size_mb: bundle.spec.size_mb,
        download_status: bundle.status(now).wire_name().to_owned(),
        download_progress_percent: latest.map_or(0, |attempt| attempt.progress_percent(now)),
        components: bundle
            .spec
            .components
            .iter()
            .map(|kind| wire::BundleComponent {
                component_type: kind.wire_name().to_owned(),
                from_version: kind.installed_version().to_owned(),
                to_version: kind.release_version().to_owned(),
                image_type: String::from("PATCH"),
            })
            .collect(),
        download_error: latest.and_then(|attempt| download_error(bundle, attempt, now)),
    }
}

pub(crate) fn download_task(
    bundle: &BundleState,
    attempt: &DownloadAttempt,
    now: SimTime,
    clock: &Clock,
) -> wire::Task {
    wire::Task {
        id: attempt.task_id.clone(),
        name: String::from("Bundle download"),
        task_type: String::from("BUNDLE_DOWNLOAD"),
        status: attempt.status(now).wire_name().to_owned(),
        creation_timestamp: clock.timestamp(attempt.started_at),
        completion_timestamp: attempt.finished_at(now).map(|at| clock.timestamp(at)),
        errors: download_error(bundle, attempt, now).into_iter().collect(),
    }
}

pub(crate) fn precheck(
    domain: &DomainState,
    run: &PrecheckRun,
    now: SimTime,
    clock: &Clock,
) -> wire::Precheck {
    wire::Precheck {
        id: run.id.clone(),
        domain_id: domain.id.clone(),
        release_id: run.release_id.clone(),
        status: run.status(now).wire_name().to_owned(),
        creation_timestamp: clock.timestamp(run.created_at),
        completion_timestamp: run.completed_at(now).map(|at| clock.timestamp(at)),
        error_validations_count: run.error_count_at(now),
        warning_gaps_count: run.warning_count_at(now),
        validations: run
            .validations_at(now)
            .into_iter()
            .map(|validation| wire::Validation {
                name: validation.name.to_owned(),
                resource_name: validation.resource_name,
                severity: validation.severity.wire_name().to_owned(),
                status: String::from(if validation.passed {
                    "SUCCEEDED"
                } else {
                    "FAILED"
                }),
                message: validation.message,
                remediation_message: validation.remediation,
            })
            .collect(),
    }
}

/// The `Error` a failed component reports.
fn component_failure(
    kind: ComponentKind,
    domain: &DomainState,
    upgrade_id: &str,
) -> wire::ErrorBody {
    let (message, remediation) = match kind {
        ComponentKind::EsxHost => (
            format!(
                "Upgrade of ESXi host esx-02.{}.vcf.sim failed: the host did not exit \
                 maintenance mode after the update was applied",
                domain.name
            ),
            "Check the host in vCenter Server, resolve the problem and retry the upgrade",
        ),
        other => (
            format!(
                "Upgrade of {} of domain {} failed",
                other.wire_name(),
                domain.name
            ),
            "Check the component's logs, resolve the problem and retry the upgrade",
        ),
    };
    stored_error(
        &format!("{}_UPGRADE_FAILED", kind.wire_name()),
        message,
        remediation,
        upgrade_id,
    )
}

pub(crate) fn upgrade(
    domain: &DomainState,
    run: &UpgradeRun,
    now: SimTime,
    clock: &Clock,
) -> wire::Upgrade {
    let state = run.evaluate(now);
    let timestamp = |at: Option<SimTime>| at.map(|at| clock.timestamp(at));
    let components = run
        .components
        .iter()
        .zip(&state.components)
        .map(|(planned, component)| wire::UpgradeComponent {
            component_type: planned.kind.wire_name().to_owned(),
            from_version: planned.kind.installed_version().to_owned(),
            to_version: planned.kind.release_version().to_owned(),
            status: component.status.wire_name().to_owned(),
            start_time: timestamp(component.started_at),
            end_time: timestamp(component.finished_at),
        })
        .collect();
    let alerts = run
        .raised_alerts(&state)
        .iter()
        .map(|alert| wire::Alert {
            id: alert.id.clone(),
            severity: alert.severity.wire_name().to_owned(),
            component: alert.component.wire_name().to_owned(),
            message: alert.message.clone(),
            raised_at: timestamp(state.alerts_raised_at).unwrap_or_default(),
            acknowledged: alert.acknowledged_at.is_some(),
            acknowledged_at: timestamp(alert.acknowledged_at),
        })
        .collect();
    let errors = run
        .components
        .iter()
        .zip(&state.components)
        .filter(|(_, component)| component.status == UpgradeStatus::CompletedWithFailure)
        .map(|(planned, _)| component_failure(planned.kind, domain, &run.id))
        .collect();
    wire::Upgrade {
        id: run.id.clone(),
        domain_id: domain.id.clone(),
        release_id: run.release_id.clone(),
        status: state.status.wire_name().to_owned(),
        progress_percent: state.progress_percent,
        current_component: state
            .current_component
            .and_then(|index| run.components.get(index))
            .map(|planned| planned.kind.wire_name().to_owned()),
        start_time: clock.timestamp(run.created_at),
        end_time: timestamp(state.finished_at),
        components,
        alerts,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_references_are_the_ids_last_six_characters() {
        assert_eq!(
            stable_reference("5f0c2e4a-0000-4000-8000-00000abc1234"),
            "BC1234"
        );
        assert_eq!(stable_reference("ab"), "AB");
    }
}
