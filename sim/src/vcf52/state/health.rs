//! SDDC Manager's own health check (SoS): `startHealthCheck` starts a health summary task,
//! `getHealthCheckStatus` and `getHealthCheckTask` report it, `exportHealthCheckByID`
//! downloads its bundle (a `.tar.gz`).
//!
//! The task lasts [`HEALTH_STEPS`] steps. Its `status` is the collection's
//! (`COMPLETED_WITH_SUCCESS` even when a check is RED); the checks are in the bundle, whose
//! content the spec does not describe: the simulator writes one JSON file,
//! `<bundle>/health-results.json` (`docs/simulator.md`, "Health summaries"). The checks are
//! decided when the task starts, from the scenarios of the domains in scope
//! (`health-warnings`: one YELLOW, `health-fails`: one RED).

use std::time::Duration;

use axum::http::StatusCode;
use serde::Serialize;

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::{activity_finished, Clock, SimTime};
use crate::scenario::Scenario;
use crate::state::new_id;
use crate::vcf52::archive;
use crate::vcf52::state::{bad_request, not_found, Domain52, Vcf52State};
use crate::vcf52::wire;

/// How many steps a health summary task runs.
pub(crate) const HEALTH_STEPS: u32 = 3;

/// The file of a bundle that holds the checks.
pub(crate) const RESULTS_FILE: &str = "health-results.json";

/// One check of the report.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HealthCheckResult {
    /// The `HealthChecks` flag that selects it (`certificateHealth`, ...).
    area: &'static str,
    domain: String,
    component: String,
    resource: String,
    name: String,
    /// GREEN, YELLOW or RED.
    status: &'static str,
    message: String,
}

/// The report a bundle holds.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthReport<'a> {
    id: &'a str,
    creation_timestamp: String,
    domains: Vec<String>,
    overall_status: &'static str,
    checks: &'a [HealthCheckResult],
}

/// One `startHealthCheck`.
#[derive(Clone, Debug)]
pub(super) struct HealthRun {
    id: String,
    started: SimTime,
    duration: Duration,
    domains: Vec<String>,
    checks: Vec<HealthCheckResult>,
}

impl HealthRun {
    fn done(&self, now: SimTime) -> bool {
        activity_finished(now, self.started, self.duration)
    }

    fn bundle_name(&self) -> String {
        let short: String = self.id.chars().take(8).collect();
        format!("health-summary-{short}.tar.gz")
    }

    fn overall(&self) -> &'static str {
        overall(&self.checks)
    }
}

fn overall(checks: &[HealthCheckResult]) -> &'static str {
    if checks.iter().any(|check| check.status == "RED") {
        "RED"
    } else if checks.iter().any(|check| check.status == "YELLOW") {
        "YELLOW"
    } else {
        "GREEN"
    }
}

/// The areas `HealthChecks` selects; absent means all of them.
fn selected(checks: Option<&wire::HealthChecks>) -> impl Fn(&str) -> bool + '_ {
    move |area| {
        let Some(checks) = checks else {
            return true;
        };
        let flag = match area {
            "servicesHealth" => checks.services_health,
            "ntpHealth" => checks.ntp_health,
            "generalHealth" => checks.general_health,
            "certificateHealth" => checks.certificate_health,
            "passwordHealth" => checks.password_health,
            "connectivityHealth" => checks.connectivity_health,
            "computeHealth" => checks.compute_health,
            "storageHealth" => checks.storage_health,
            "dnsHealth" => checks.dns_health,
            "hardwareCompatibilityHealth" => checks.hardware_compatibility_health,
            "versionHealth" => checks.version_health,
            _ => None,
        };
        flag == Some(true)
    }
}

/// The checks of one domain, in the order SoS reports areas.
fn domain_checks(domain: &Domain52, wanted: &dyn Fn(&str) -> bool) -> Vec<HealthCheckResult> {
    let green =
        |area: &'static str, component: &str, resource: String, name: &str, message: &str| {
            HealthCheckResult {
                area,
                domain: domain.name.clone(),
                component: component.to_owned(),
                resource,
                name: name.to_owned(),
                status: "GREEN",
                message: message.to_owned(),
            }
        };
    let vcenter = domain.resource_name(ComponentKind::Vcenter);
    let nsx = domain.resource_name(ComponentKind::NsxTManager);
    let cluster = domain.resource_name(ComponentKind::EsxHost);
    let hosts = domain.shape.clusters * domain.shape.hosts_per_cluster;
    let first_host = domain.host_fqdn(1, 1);
    let mut checks = Vec::new();
    if domain.index == 1 {
        let sddc = domain.resource_name(ComponentKind::SddcManager);
        checks.push(green(
            "servicesHealth",
            "SDDC Manager",
            sddc.clone(),
            "Services",
            "All SDDC Manager services are running",
        ));
        checks.push(green(
            "certificateHealth",
            "SDDC Manager",
            sddc,
            "Certificate",
            "The certificate is valid for more than 60 days",
        ));
    }
    checks.extend([
        green(
            "generalHealth",
            "NSX",
            nsx.clone(),
            "Manager cluster",
            "The NSX Manager cluster is STABLE",
        ),
        green(
            "generalHealth",
            "vCenter",
            vcenter.clone(),
            "Services",
            "All vCenter services are running",
        ),
        green(
            "computeHealth",
            "ESX hosts",
            cluster.clone(),
            "Connection state",
            &format!("{hosts} of {hosts} hosts are connected and out of maintenance mode"),
        ),
        green(
            "storageHealth",
            "vSAN",
            cluster.clone(),
            "Disk health",
            "Every vSAN disk is healthy",
        ),
        green(
            "hardwareCompatibilityHealth",
            "vSAN",
            cluster.clone(),
            "HCL compliance",
            "Every controller is on the vSAN hardware compatibility list",
        ),
        green(
            "connectivityHealth",
            "Connectivity",
            vcenter.clone(),
            "Reachability",
            "vCenter, NSX Manager and every host answer",
        ),
        green(
            "certificateHealth",
            "vCenter",
            vcenter.clone(),
            "Certificate",
            "The certificate is valid for more than 60 days",
        ),
        green(
            "certificateHealth",
            "NSX",
            nsx.clone(),
            "Certificate",
            "The certificate is valid for more than 60 days",
        ),
        green(
            "passwordHealth",
            "vCenter",
            vcenter.clone(),
            "Password expiry",
            "No account password expires within 15 days",
        ),
        green(
            "passwordHealth",
            "ESX hosts",
            cluster.clone(),
            "Password expiry",
            "No root password expires within 15 days",
        ),
        green(
            "ntpHealth",
            "ESX hosts",
            cluster.clone(),
            "NTP",
            "Every component is in sync with the NTP servers",
        ),
        green(
            "dnsHealth",
            "Connectivity",
            vcenter.clone(),
            "DNS",
            "Forward and reverse lookups agree for every component",
        ),
        green(
            "versionHealth",
            "vCenter",
            vcenter.clone(),
            "Version",
            "The running versions match the inventory",
        ),
    ]);
    match domain.scenario {
        Scenario::HealthWarnings => {
            if let Some(check) = checks
                .iter_mut()
                .find(|check| check.area == "certificateHealth" && check.component == "vCenter")
            {
                check.status = "YELLOW";
                check.message = format!("The certificate of {vcenter} expires in 21 days");
            }
        }
        Scenario::HealthFails => {
            if let Some(check) = checks
                .iter_mut()
                .find(|check| check.area == "storageHealth")
            {
                check.status = "RED";
                check.message = format!(
                    "A capacity disk of {first_host} is absent; objects of {cluster} are at risk"
                );
            }
        }
        _ => {}
    }
    checks.retain(|check| wanted(check.area));
    checks
}

impl Vcf52State {
    /// `startHealthCheck`: 202 `HealthSummary`, or 409 while another one runs.
    pub(crate) fn start_health_check(
        &mut self,
        spec: &wire::HealthSummarySpec,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::HealthSummary, ApiError> {
        if let Some(running) = self.health_runs.iter().find(|run| !run.done(now)) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "HEALTH_CHECK_IN_PROGRESS",
                format!(
                    "Operation is in progress for Id {}. Wait for the operation to complete.",
                    running.id
                ),
            )
            .with_remediation("Wait for the running health summary to complete"));
        }
        let scope = spec.scope.as_ref();
        let all = scope.and_then(|scope| scope.include_all_domains) == Some(true);
        let named = scope.and_then(|scope| scope.domains.as_ref());
        let positions: Vec<usize> = match named {
            Some(domains) if !all => {
                if domains.is_empty() {
                    return Err(bad_request(
                        "HEALTH_SUMMARY_SPEC_NOT_VALID",
                        "scope.domains is empty; name a domain or set includeAllDomains",
                    ));
                }
                let mut positions = Vec::new();
                for wanted in domains {
                    let Some(name) = &wanted.domain_name else {
                        return Err(bad_request(
                            "HEALTH_SUMMARY_SPEC_NOT_VALID",
                            "scope.domains[].domainName is required",
                        ));
                    };
                    let position = self
                        .domains
                        .iter()
                        .position(|domain| domain.name == *name)
                        .ok_or_else(|| {
                            bad_request(
                                "DOMAIN_NOT_FOUND",
                                format!("Domain with name {name} not found"),
                            )
                        })?;
                    if let Some(clusters) = &wanted.cluster_names {
                        let cluster = self
                            .domains
                            .get(position)
                            .map(|domain| domain.resource_name(ComponentKind::EsxHost));
                        if let Some(unknown) = clusters
                            .iter()
                            .find(|name| Some(name.as_str()) != cluster.as_deref())
                        {
                            return Err(bad_request(
                                "CLUSTER_NOT_FOUND",
                                format!("Cluster with name {unknown} not found in domain {name}"),
                            ));
                        }
                    }
                    if !positions.contains(&position) {
                        positions.push(position);
                    }
                }
                positions
            }
            _ => (0..self.domains.len()).collect(),
        };
        let wanted = selected(spec.health_checks.as_ref());
        let mut checks = Vec::new();
        let mut names = Vec::new();
        for position in positions {
            if let Some(domain) = self.domains.get(position) {
                names.push(domain.name.clone());
                checks.extend(domain_checks(domain, &wanted));
            }
        }
        let run = HealthRun {
            id: new_id(),
            started: now,
            duration: step.saturating_mul(HEALTH_STEPS),
            domains: names,
            checks,
        };
        let summary = render(&run, now, clock);
        self.health_runs.push(run);
        Ok(summary)
    }

    fn health_run(&self, id: &str) -> Result<&HealthRun, ApiError> {
        self.health_runs
            .iter()
            .find(|run| run.id == id)
            .ok_or_else(|| {
                not_found(
                    "HEALTH_SUMMARY_NOT_FOUND",
                    format!("Health summary with id {id} not found"),
                )
            })
    }

    /// `getHealthCheckStatus`.
    pub(crate) fn health_summary(
        &self,
        id: &str,
        now: SimTime,
        clock: &Clock,
    ) -> Result<wire::HealthSummary, ApiError> {
        Ok(render(self.health_run(id)?, now, clock))
    }

    /// `getHealthCheckTask`: every health summary task, newest first.
    pub(crate) fn health_summaries(&self, now: SimTime, clock: &Clock) -> Vec<wire::HealthSummary> {
        self.health_runs
            .iter()
            .rev()
            .map(|run| render(run, now, clock))
            .collect()
    }

    /// `exportHealthCheckByID`: the bundle's name and bytes once the task is done; 404 before.
    pub(crate) fn health_bundle(
        &self,
        id: &str,
        now: SimTime,
        clock: &Clock,
    ) -> Result<(String, Vec<u8>), ApiError> {
        let run = self.health_run(id)?;
        if !run.done(now) {
            return Err(not_found(
                "BUNDLE_NOT_AVAILABLE",
                format!("Bundle not found or not available for download. Id:{id}."),
            ));
        }
        let report = HealthReport {
            id: &run.id,
            creation_timestamp: clock.timestamp(run.started),
            domains: run.domains.clone(),
            overall_status: run.overall(),
            checks: &run.checks,
        };
        let json = serde_json::to_vec_pretty(&report).map_err(|error| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_SERVER_ERROR",
                format!("The report could not be written: {error}"),
            )
        })?;
        let name = run.bundle_name();
        let folder = name.trim_end_matches(".tar.gz");
        let mtime = clock.unix_seconds(run.started, run.duration);
        let tar = archive::tar(&[(format!("{folder}/{RESULTS_FILE}"), json)], mtime);
        Ok((name, archive::gzip_stored(&tar)))
    }
}

fn render(run: &HealthRun, now: SimTime, clock: &Clock) -> wire::HealthSummary {
    let done = run.done(now);
    wire::HealthSummary {
        id: run.id.clone(),
        status: String::from(if done {
            "COMPLETED_WITH_SUCCESS"
        } else {
            "IN_PROGRESS"
        }),
        description: format!("Health summary of {}", run.domains.join(", ")),
        creation_timestamp: clock.timestamp(run.started),
        completion_timestamp: done
            .then(|| clock.timestamp(run.started.saturating_add(run.duration))),
        bundle_available: String::from(if done { "Yes" } else { "No" }),
        bundle_name: done.then(|| run.bundle_name()),
    }
}
