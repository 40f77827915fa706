//! Bundles and their downloads (`getBundles`, `getBundle`, `startBundleDownloadByID`) and the
//! tasks that report a download.

use std::time::Duration;

use axum::http::StatusCode;

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::{activity_finished, Clock, SimTime};
use crate::scenario::Scenario;
use crate::state::new_id;
use crate::vcf52::state::render::{bundle_type, public_name, timestamps};
use crate::vcf52::state::tasks::TaskRef;
use crate::vcf52::state::{bad_request, not_found, Domain52, Progress, Vcf52State};
use crate::vcf52::wire::{self, Error52};

/// One download attempt of a bundle.
#[derive(Clone, Debug)]
pub(crate) struct Download {
    pub(crate) task_id: String,
    pub(crate) started: SimTime,
    pub(crate) fails: bool,
}

/// A bundle of one component, per domain.
#[derive(Clone, Debug)]
pub(crate) struct Bundle52 {
    pub(crate) id: String,
    pub(crate) kind: ComponentKind,
    pub(crate) downloads: Vec<Download>,
}

/// `getBundles`' filters; `None` matches every bundle.
#[derive(Clone, Debug, Default)]
pub(crate) struct BundleFilter {
    /// A component type (`SDDC_MANAGER`, `NSX_T_MANAGER`, `VCENTER`, `ESX_HOST`): the
    /// `Bundle` schema has no product field, its `components[].type` names the product.
    pub(crate) product_type: Option<String>,
    pub(crate) is_compliant: Option<bool>,
    pub(crate) bundle_type: Option<String>,
}

pub(super) fn download_progress(download: &Download, now: SimTime, step: Duration) -> Progress {
    if !activity_finished(now, download.started, step) {
        Progress::Running
    } else if download.fails {
        Progress::Failed
    } else {
        Progress::Succeeded
    }
}

impl Vcf52State {
    /// `getBundles`: every domain's bundles, domain by domain in upgrade order.
    pub(crate) fn bundles(
        &self,
        filter: &BundleFilter,
        now: SimTime,
        step: Duration,
    ) -> Vec<wire::Bundle> {
        self.domains
            .iter()
            .flat_map(|domain| domain.bundles.iter())
            .filter_map(|bundle| self.render_bundle(&bundle.id, now, step).ok())
            .filter(|bundle| {
                filter.product_type.as_ref().is_none_or(|wanted| {
                    bundle
                        .components
                        .iter()
                        .any(|component| component.component_type == *wanted)
                }) && filter
                    .is_compliant
                    .is_none_or(|wanted| wanted == bundle.is_compliant)
                    && filter
                        .bundle_type
                        .as_ref()
                        .is_none_or(|wanted| *wanted == bundle.bundle_type)
            })
            .collect()
    }

    pub(super) fn bundle_position(&self, bundle_id: &str) -> Option<(usize, usize)> {
        self.bundles.get(bundle_id).copied()
    }

    pub(crate) fn render_bundle(
        &self,
        bundle_id: &str,
        now: SimTime,
        step: Duration,
    ) -> Result<wire::Bundle, ApiError> {
        let (domain, bundle) = self
            .bundle_position(bundle_id)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let owner = self
            .domains
            .get(domain)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let found = owner
            .bundles
            .get(bundle)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let status = match owner.download_progress(bundle, now, step) {
            Progress::Pending => "PENDING",
            Progress::Running => "IN_PROGRESS",
            Progress::Succeeded => "SUCCESSFUL",
            Progress::Failed => "FAILED",
        };
        let kind = found.kind;
        let profile = self.profile;
        let released = profile.target_date;
        Ok(wire::Bundle {
            id: found.id.clone(),
            bundle_type: String::from(bundle_type(kind)),
            description: format!(
                "{} {} for VCF {}",
                public_name(kind),
                profile.release(kind),
                profile.target
            ),
            version: String::from(profile.release(kind)),
            severity: String::from("IMPORTANT"),
            vendor: String::from("VMware"),
            released_date: String::from(released),
            is_cumulative: kind == ComponentKind::SddcManager,
            is_compliant: true,
            size_mb: match kind {
                ComponentKind::SddcManager => 2048.0,
                ComponentKind::NsxTManager => 9216.0,
                ComponentKind::Vcenter => 10240.0,
                ComponentKind::EsxHost => 614.0,
            },
            download_status: String::from(status),
            components: vec![wire::BundleComponent {
                description: String::from(public_name(kind)),
                vendor: String::from("VMware"),
                released_date: String::from(released),
                to_version: String::from(profile.release(kind)),
                from_version: String::from(profile.installed(kind)),
                image_type: String::from("PATCH"),
                component_type: String::from(kind.wire_name()),
            }],
        })
    }

    /// `startBundleDownloadByID`: a new download attempt, or why not.
    pub(crate) fn start_download(
        &mut self,
        bundle_id: &str,
        spec: &wire::BundleUpdateSpec,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let (domain, bundle) = self
            .bundle_position(bundle_id)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        if spec.compatibility_sets_file_path.is_some() {
            return Err(bad_request(
                "BUNDLE_UPDATE_NOT_SUPPORTED",
                "compatibilitySetsFilePath is deprecated and not modelled by the simulator",
            ));
        }
        let Some(download) = &spec.bundle_download_spec else {
            return Err(bad_request(
                "BUNDLE_DOWNLOAD_SPEC_MISSING",
                "bundleDownloadSpec is required to download a bundle",
            ));
        };
        if download.cancel_now == Some(true) || download.download_now != Some(true) {
            return Err(bad_request(
                "BUNDLE_DOWNLOAD_NOT_SUPPORTED",
                "Only {\"downloadNow\": true} is modelled by the simulator (no scheduling, no \
                 cancelling)",
            ));
        }
        let owner = self
            .domains
            .get_mut(domain)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        match owner.download_progress(bundle, now, step) {
            Progress::Running => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "BUNDLE_DOWNLOAD_ALREADY_IN_PROGRESS",
                    format!("A download of bundle {bundle_id} is already in progress"),
                )
                .with_remediation("Wait for the running download (GET /v1/bundles/{id})"));
            }
            Progress::Succeeded => {
                return Err(bad_request(
                    "BUNDLE_ALREADY_DOWNLOADED",
                    format!("Bundle {bundle_id} is already downloaded"),
                ));
            }
            Progress::Pending | Progress::Failed => {}
        }
        let scenario = owner.scenario;
        let found = owner
            .bundles
            .get_mut(bundle)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let fails = match scenario {
            Scenario::DownloadFails => true,
            Scenario::FlakyDownload => found.downloads.is_empty(),
            _ => false,
        };
        let task_id = new_id();
        found.downloads.push(Download {
            task_id: task_id.clone(),
            started: now,
            fails,
        });
        let attempt = found.downloads.len().saturating_sub(1);
        self.tasks.insert(
            task_id.clone(),
            TaskRef::Download {
                domain,
                bundle,
                attempt,
            },
        );
        self.task(&task_id, now, step, clock)
    }
}

fn bundle_not_found(bundle_id: &str) -> ApiError {
    not_found(
        "BUNDLE_NOT_FOUND",
        format!("Bundle with id {bundle_id} not found"),
    )
}

/// Why a failed download of `bundle` failed.
pub(super) fn failure_message(domain: &Domain52, bundle: &Bundle52) -> String {
    let reason = if domain.scenario == Scenario::DownloadFails {
        "the depot answered 403: the depot account is not entitled to this bundle"
    } else {
        "the checksum of the downloaded file does not match (connection dropped)"
    };
    format!("Download of bundle {} failed: {reason}", bundle.id)
}

pub(super) fn download_task(
    domain: &Domain52,
    bundle: &Bundle52,
    download: &Download,
    now: SimTime,
    step: Duration,
    clock: &Clock,
) -> wire::Task {
    let progress = download_progress(download, now, step);
    let done = progress != Progress::Running;
    let (created, completed) = timestamps(clock, download.started, step, done);
    let status = match progress {
        Progress::Running | Progress::Pending => "IN_PROGRESS",
        Progress::Succeeded => "SUCCESSFUL",
        Progress::Failed => "FAILED",
    };
    let errors = if progress == Progress::Failed {
        vec![Error52::new(
            "BUNDLE_DOWNLOAD_FAILED",
            "ERROR",
            failure_message(domain, bundle),
            "Check the depot connection and credentials, then download the bundle again",
        )]
    } else {
        Vec::new()
    };
    wire::Task {
        id: download.task_id.clone(),
        name: format!("Bundle download {}", bundle.id),
        task_type: String::from("BUNDLE_DOWNLOAD"),
        status: String::from(status),
        creation_timestamp: created.clone(),
        completion_timestamp: completed.clone(),
        sub_tasks: vec![wire::SubTask {
            name: String::from("Download bundle"),
            subtask_type: String::from("BUNDLE_DOWNLOAD"),
            description: format!("Download {} from the depot", public_name(bundle.kind)),
            status: String::from(status),
            creation_timestamp: created,
            completion_timestamp: completed,
            errors: errors.clone(),
        }],
        errors,
        resources: vec![wire::Resource {
            resource_id: bundle.id.clone(),
            resource_type: String::from("BUNDLE"),
            name: bundle.id.clone(),
        }],
        resolution_status: None,
        is_cancellable: progress == Progress::Running,
        is_retryable: false,
    }
}
