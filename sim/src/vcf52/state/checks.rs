//! Check-sets: the queries that discover resources and their check-sets, the runs of the
//! chosen ones (the upgrade prechecks) and their assessments.

use std::time::Duration;

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::{activity_finished, Clock, SimTime};
use crate::scenario::Scenario;
use crate::state::new_id;
use crate::vcf52::state::render::{epoch_millis, public_name, timestamps};
use crate::vcf52::state::tasks::TaskRef;
use crate::vcf52::state::{bad_request, not_found, Domain52, Vcf52State};
use crate::vcf52::wire::{self, Error52};

/// The findings a check run reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Findings {
    Clean,
    Warnings,
    Errors,
}

/// A resource a check run assesses.
#[derive(Clone, Debug)]
pub(crate) struct RunResource {
    pub(crate) kind: ComponentKind,
    pub(crate) id: String,
    pub(crate) name: String,
}

/// One `triggerCheckRun`.
#[derive(Clone, Debug)]
pub(crate) struct CheckRun {
    pub(crate) id: String,
    pub(crate) started: SimTime,
    pub(crate) findings: Findings,
    pub(crate) resources: Vec<RunResource>,
}

/// A resource returned by a check-set query.
#[derive(Clone, Debug)]
struct QueryResource {
    kind: ComponentKind,
    id: String,
    name: String,
    check_sets: Vec<String>,
}

/// One `queryCheckSets` answer, remembered so that a run can be checked against it.
#[derive(Clone, Debug)]
pub(super) struct Query {
    pub(super) domain: usize,
    resources: Vec<QueryResource>,
}

impl Vcf52State {
    /// `queryCheckSets`: discovery without resources, check-set candidates with them.
    pub(crate) fn query_check_sets(
        &mut self,
        input: &wire::CheckSetQueryInput,
        now: SimTime,
    ) -> Result<wire::CheckSetQueryResult, ApiError> {
        if input.check_set_type != "UPGRADE" {
            return Err(bad_request(
                "CHECK_SET_TYPE_NOT_SUPPORTED",
                format!(
                    "checkSetType {} is not modelled; the simulator knows UPGRADE",
                    input.check_set_type
                ),
            ));
        }
        let [requested] = input.domains.as_slice() else {
            return Err(bad_request(
                "CHECK_SET_QUERY_NOT_VALID",
                "The simulator answers check-set queries for exactly one domain",
            ));
        };
        let position = self.position(&requested.domain_id).map_err(|_| {
            bad_request(
                "DOMAIN_NOT_FOUND",
                format!("Domain with id {} not found", requested.domain_id),
            )
        })?;
        let domain = self
            .domains
            .get(position)
            .ok_or_else(|| bad_request("DOMAIN_NOT_FOUND", "Domain not found"))?;
        let mut resources = Vec::new();
        match &requested.resources {
            None => {
                for kind in domain.components() {
                    resources.push(QueryResource {
                        kind,
                        id: domain.resource_id(kind),
                        name: domain.resource_name(kind),
                        check_sets: Vec::new(),
                    });
                }
            }
            Some(wanted) => {
                for resource in wanted {
                    let kind = domain
                        .components()
                        .into_iter()
                        .find(|kind| kind.wire_name() == resource.resource_type)
                        .ok_or_else(|| {
                            bad_request(
                                "CHECK_SET_QUERY_NOT_VALID",
                                format!(
                                    "Domain {} has no resource of type {}",
                                    domain.name, resource.resource_type
                                ),
                            )
                        })?;
                    if let Some(id) = &resource.resource_id {
                        if *id != domain.resource_id(kind) {
                            return Err(bad_request(
                                "CHECK_SET_QUERY_NOT_VALID",
                                format!(
                                    "Resource {id} is not a {} of the domain",
                                    kind.wire_name()
                                ),
                            ));
                        }
                    }
                    let Some(target) = &resource.resource_target_version else {
                        return Err(bad_request(
                            "CHECK_SET_QUERY_NOT_VALID",
                            format!(
                                "resourceTargetVersion is required for {}",
                                resource.resource_type
                            ),
                        ));
                    };
                    let release = domain.profile.release(kind);
                    if target != release {
                        return Err(bad_request(
                            "CHECK_SET_QUERY_NOT_VALID",
                            format!(
                                "No check-sets for {} {target}; the release brings {release}",
                                kind.wire_name(),
                            ),
                        ));
                    }
                    resources.push(QueryResource {
                        kind,
                        id: domain.resource_id(kind),
                        name: domain.resource_name(kind),
                        check_sets: vec![check_set_id(kind)],
                    });
                }
            }
        }
        let result = wire::CheckSetQueryResult {
            query_id: new_id(),
            resources: resources
                .iter()
                .map(|resource| wire::CheckSetQueryResourceResult {
                    resource_name: resource.name.clone(),
                    resource_id: resource.id.clone(),
                    resource_type: String::from(resource.kind.wire_name()),
                    resource_version: String::from(domain.component_version(resource.kind, now)),
                    domain: wire::ResourceDomainInfo {
                        domain_id: domain.id.clone(),
                        domain_name: domain.name.clone(),
                        domain_type: domain.domain_type(),
                    },
                    check_sets: resource
                        .check_sets
                        .iter()
                        .map(|id| wire::CheckSetCandidates {
                            check_set_id: id.clone(),
                            check_set_name: format!(
                                "{} upgrade readiness",
                                public_name(resource.kind)
                            ),
                            check_set_type: String::from("UPGRADE"),
                        })
                        .collect(),
                })
                .collect(),
        };
        self.queries.insert(
            result.query_id.clone(),
            Query {
                domain: position,
                resources,
            },
        );
        Ok(result)
    }

    /// `triggerCheckRun`.
    pub(crate) fn trigger_check_run(
        &mut self,
        input: &wire::CheckSetRunInput,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let invalid = |message: String| bad_request("CHECK_SET_RUN_INPUT_NOT_VALID", message);
        let query = self
            .queries
            .get(&input.query_id)
            .ok_or_else(|| invalid(format!("Query {} was never issued", input.query_id)))?;
        if input.resources.is_empty() {
            return Err(invalid(String::from("Select at least one resource")));
        }
        let position = query.domain;
        let domain = self
            .domains
            .get(position)
            .ok_or_else(|| invalid(String::from("The query's domain is gone")))?;
        let mut selected = Vec::new();
        for selection in &input.resources {
            let resource = query
                .resources
                .iter()
                .find(|resource| {
                    resource.id == selection.resource_id
                        && resource.kind.wire_name() == selection.resource_type
                        && resource.name == selection.resource_name
                })
                .ok_or_else(|| {
                    invalid(format!(
                        "Resource {} ({} {}) was not returned by query {}",
                        selection.resource_id,
                        selection.resource_type,
                        selection.resource_name,
                        input.query_id
                    ))
                })?;
            if let Some(info) = &selection.domain {
                let matches = info.domain_id.as_deref().is_none_or(|id| id == domain.id)
                    && info
                        .domain_name
                        .as_deref()
                        .is_none_or(|name| name == domain.name)
                    && info
                        .domain_type
                        .is_none_or(|domain_type| domain_type == domain.domain_type());
                if !matches {
                    return Err(invalid(format!(
                        "The domain of resource {} is not {}",
                        selection.resource_id, domain.name
                    )));
                }
            }
            if selection.check_sets.is_empty() {
                return Err(invalid(format!(
                    "Select at least one check-set for resource {}",
                    selection.resource_id
                )));
            }
            for check_set in &selection.check_sets {
                if !resource.check_sets.contains(&check_set.check_set_id) {
                    return Err(invalid(format!(
                        "Check-set {} was not returned by query {} for resource {}",
                        check_set.check_set_id, input.query_id, selection.resource_id
                    )));
                }
            }
            selected.push(RunResource {
                kind: resource.kind,
                id: resource.id.clone(),
                name: resource.name.clone(),
            });
        }
        let findings = match domain.scenario {
            Scenario::PrecheckFail => Findings::Errors,
            Scenario::PrecheckWarnings => Findings::Warnings,
            _ => Findings::Clean,
        };
        let run_id = new_id();
        let owner = self
            .domains
            .get_mut(position)
            .ok_or_else(|| invalid(String::from("The query's domain is gone")))?;
        owner.runs.push(CheckRun {
            id: run_id.clone(),
            started: now,
            findings,
            resources: selected,
        });
        let run = owner.runs.len().saturating_sub(1);
        self.tasks.insert(
            run_id.clone(),
            TaskRef::Run {
                domain: position,
                run,
            },
        );
        self.task(&run_id, now, step, clock)
    }

    fn find_run(&self, run_id: &str) -> Option<(&Domain52, &CheckRun)> {
        match self.tasks.get(run_id)? {
            TaskRef::Run { domain, run } => {
                let owner = self.domains.get(*domain)?;
                Some((owner, owner.runs.get(*run)?))
            }
            _ => None,
        }
    }

    /// `getResult`.
    pub(crate) fn assessment(
        &self,
        run_id: &str,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::AssessmentOutput, ApiError> {
        let (domain, run) = self.find_run(run_id).ok_or_else(|| {
            not_found(
                "CHECK_SET_RUN_NOT_FOUND",
                format!("Check-set run {run_id} not found"),
            )
        })?;
        Ok(assessment_output(
            domain,
            run,
            now,
            step,
            clock,
            self.field_report,
        ))
    }

    /// `getLastAssessmentRunInfo`: the runs, newest first.
    pub(crate) fn assessment_runs(
        &self,
        domain_id: Option<&str>,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<Vec<wire::AssessmentTaskInfo>, ApiError> {
        let domains: Vec<&Domain52> = match domain_id {
            Some(id) => vec![self.domain(id).map_err(|_| {
                bad_request("DOMAIN_NOT_FOUND", format!("Domain with id {id} not found"))
            })?],
            None => self.domains.iter().collect(),
        };
        let mut runs: Vec<(SimTime, wire::AssessmentTaskInfo)> = Vec::new();
        for domain in domains {
            for run in &domain.runs {
                let done = activity_finished(now, run.started, step);
                runs.push((
                    run.started,
                    wire::AssessmentTaskInfo {
                        id: run.id.clone(),
                        state: String::from(run_state(run, done)),
                        timestamp: epoch_millis(clock, run.started),
                        completion_timestamp: done
                            .then(|| epoch_millis(clock, run.started.saturating_add(step))),
                        domain_inputs: vec![wire::DomainInfoOut {
                            domain_name: domain.name.clone(),
                            domain_type: domain.domain_type(),
                            domain_id: domain.id.clone(),
                        }],
                        metadata: wire::AssessmentMetadata {
                            target_version: String::from(domain.profile.target),
                            resources: assessment_resources(domain, run),
                        },
                    },
                ));
            }
        }
        runs.sort_by_key(|run| std::cmp::Reverse(run.0));
        Ok(runs.into_iter().map(|(_, info)| info).collect())
    }
}

fn check_set_id(kind: ComponentKind) -> String {
    format!("{}_UPGRADE_READINESS", kind.wire_name())
}

fn run_state(run: &CheckRun, done: bool) -> &'static str {
    match (done, run.findings) {
        (false, _) => "IN_PROGRESS",
        (true, Findings::Errors) => "FAILED",
        (true, _) => "SUCCESSFUL",
    }
}

pub(super) fn run_task(
    domain: &Domain52,
    run: &CheckRun,
    now: SimTime,
    step: Duration,
    clock: &Clock,
) -> wire::Task {
    let done = activity_finished(now, run.started, step);
    let (created, completed) = timestamps(clock, run.started, step, done);
    let state = run_state(run, done);
    wire::Task {
        id: run.id.clone(),
        name: format!("Upgrade prechecks of domain {}", domain.name),
        task_type: String::from("ASSESSMENT"),
        status: String::from(state),
        creation_timestamp: created,
        completion_timestamp: completed,
        sub_tasks: Vec::new(),
        errors: Vec::new(),
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

fn assessment_resources(domain: &Domain52, run: &CheckRun) -> Vec<wire::AssessmentResource> {
    run.resources
        .iter()
        .map(|resource| wire::AssessmentResource {
            resource_type: String::from(resource.kind.wire_name()),
            id: resource.id.clone(),
            name: resource.name.clone(),
            domain_id: domain.id.clone(),
            target_version: String::from(domain.profile.release(resource.kind)),
        })
        .collect()
}

fn finding(
    resource: &RunResource,
    severity: &str,
    code: &str,
    message: &str,
    fix: &str,
) -> Error52 {
    let mut error = Error52::new(code, severity, format!("{}: {message}", resource.name), fix);
    let mut context = std::collections::BTreeMap::new();
    context.insert(String::from("resourceId"), resource.id.clone());
    context.insert(
        String::from("resourceType"),
        String::from(resource.kind.wire_name()),
    );
    context.insert(String::from("severity"), severity.to_owned());
    error.context = Some(context);
    error
}

fn assessment_output(
    domain: &Domain52,
    run: &CheckRun,
    now: SimTime,
    step: Duration,
    clock: &Clock,
    field_report: bool,
) -> wire::AssessmentOutput {
    let done = activity_finished(now, run.started, step);
    let (created, completed) = timestamps(clock, run.started, step, done);
    let mut findings = Vec::new();
    if done {
        if let Some(first) = run.resources.first() {
            if run.findings == Findings::Errors {
                findings.push(finding(
                    first,
                    "ERROR",
                    "VSAN_HCL_NOT_COMPATIBLE",
                    "the vSAN HCL database is out of date",
                    "Update the vSAN HCL database in vCenter, then run the prechecks again",
                ));
                findings.push(finding(
                    first,
                    "ERROR",
                    "BACKUP_NOT_CONFIGURED",
                    "no file-based backup has been taken in the last 24 hours",
                    "Configure a backup server and take a backup of SDDC Manager and NSX",
                ));
            }
            if run.findings != Findings::Clean {
                findings.push(finding(
                    first,
                    "WARNING",
                    "PASSWORD_EXPIRES_SOON",
                    "the root password expires in 10 days",
                    "Rotate the password before it expires",
                ));
                if run.findings == Findings::Warnings {
                    findings.push(finding(
                        first,
                        "WARNING",
                        "NTP_DRIFT",
                        "the clock drifts 3 seconds from the NTP server",
                        "Check the NTP configuration of the resource",
                    ));
                }
            }
        }
    }
    let errors = findings
        .iter()
        .filter(|finding| finding.error_type == "ERROR")
        .count();
    let warnings = findings.len().saturating_sub(errors);
    let status = match (done, errors > 0) {
        (false, _) => "IN_PROGRESS",
        (true, true) => "COMPLETED_WITH_FAILURE",
        (true, false) => "COMPLETED_WITH_SUCCESS",
    };
    let mut artifacts = serde_json::Map::new();
    if done {
        let summary = serde_json::json!({
            "domainId": domain.id,
            "domainName": domain.name,
            "errorValidationsCount": errors,
            "warningGapsCount": warnings,
            "resourcesCount": run.resources.len(),
        });
        // The schema says an object; field reports say real servers send a list of one.
        artifacts.insert(
            String::from("validation-domain-summary"),
            if field_report {
                serde_json::Value::Array(vec![summary])
            } else {
                summary
            },
        );
    }
    let validation_result = (!findings.is_empty()).then(|| {
        let mut summary = Error52::new(
            "UPGRADE_PRECHECK_FINDINGS",
            if errors > 0 { "ERROR" } else { "WARNING" },
            format!(
                "Upgrade prechecks of domain {} found {errors} error(s) and {warnings} \
                 warning(s)",
                domain.name
            ),
            "Resolve the errors and review the warnings, then run the prechecks again",
        );
        summary.nested_errors = findings;
        summary
    });
    wire::AssessmentOutput {
        status: String::from(status),
        presented_artifacts_map: artifacts,
        validation_result,
        discovery_progress: wire::DiscoveryProgress {
            progress_messages: vec![String::from(if done {
                "Assessment completed"
            } else {
                "Running the selected check-sets"
            })],
            percentage_complete: if done { 100 } else { 50 },
        },
        timestamp: created,
        completion_timestamp: completed,
    }
}
