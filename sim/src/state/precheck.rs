//! Prechecks: one step each, with validations decided by the scenario when they start.

use std::time::Duration;

use crate::clock::{activity_finished, SimTime};

/// `Precheck.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrecheckStatus {
    InProgress,
    CompletedWithSuccess,
    CompletedWithFailure,
}

impl PrecheckStatus {
    pub(crate) fn wire_name(self) -> &'static str {
        match self {
            PrecheckStatus::InProgress => "IN_PROGRESS",
            PrecheckStatus::CompletedWithSuccess => "COMPLETED_WITH_SUCCESS",
            PrecheckStatus::CompletedWithFailure => "COMPLETED_WITH_FAILURE",
        }
    }
}

/// Severity of a validation (and of an upgrade alert).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub(crate) fn wire_name(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        }
    }
}

/// One check of a finished precheck.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ValidationResult {
    pub(crate) name: &'static str,
    pub(crate) resource_name: String,
    pub(crate) severity: Severity,
    pub(crate) passed: bool,
    pub(crate) message: String,
    pub(crate) remediation: Option<String>,
}

/// One run of the precheck of a domain.
#[derive(Clone, Debug)]
pub(crate) struct PrecheckRun {
    pub(crate) id: String,
    pub(crate) release_id: String,
    pub(crate) created_at: SimTime,
    pub(crate) duration: Duration,
    /// Whether the checks find problems (the `precheck-fail` scenario).
    pub(crate) finds_problems: bool,
    /// The domain's name, which the checked resources' names are built from.
    pub(crate) domain_name: String,
}

impl PrecheckRun {
    pub(crate) fn status(&self, now: SimTime) -> PrecheckStatus {
        if !activity_finished(now, self.created_at, self.duration) {
            PrecheckStatus::InProgress
        } else if self.error_count() > 0 {
            PrecheckStatus::CompletedWithFailure
        } else {
            PrecheckStatus::CompletedWithSuccess
        }
    }

    pub(crate) fn completed_at(&self, now: SimTime) -> Option<SimTime> {
        activity_finished(now, self.created_at, self.duration)
            .then(|| self.created_at.saturating_add(self.duration))
    }

    /// The checks' results; empty while the precheck runs.
    pub(crate) fn validations_at(&self, now: SimTime) -> Vec<ValidationResult> {
        if self.completed_at(now).is_some() {
            self.validations()
        } else {
            Vec::new()
        }
    }

    /// Failed checks of severity ERROR, once finished (`errorValidationsCount`).
    pub(crate) fn error_count_at(&self, now: SimTime) -> usize {
        self.count_failed_at(now, Severity::Error)
    }

    /// Failed checks of severity WARNING, once finished (`warningGapsCount`).
    pub(crate) fn warning_count_at(&self, now: SimTime) -> usize {
        self.count_failed_at(now, Severity::Warning)
    }

    fn count_failed_at(&self, now: SimTime, severity: Severity) -> usize {
        self.validations_at(now)
            .iter()
            .filter(|validation| validation.severity == severity && !validation.passed)
            .count()
    }

    fn error_count(&self) -> usize {
        self.validations()
            .iter()
            .filter(|validation| validation.severity == Severity::Error && !validation.passed)
            .count()
    }

    fn validations(&self) -> Vec<ValidationResult> {
        let domain = &self.domain_name;
        let fails = self.finds_problems;
        let passed = |name, resource_name, severity, message: String| ValidationResult {
            name,
            resource_name,
            severity,
            passed: true,
            message,
            remediation: None,
        };
        let host = format!("esx-02.{domain}.vcf.sim");
        let vcenter = format!("vcenter-{domain}.vcf.sim");
        vec![
            passed(
                "SDDC Manager free disk space",
                String::from("sddc-manager.vcf.sim"),
                Severity::Error,
                String::from("62 GB free on /nfs/vmware/vcf/nfs-mount, 20 GB needed"),
            ),
            if fails {
                ValidationResult {
                    name: "ESXi host connectivity",
                    message: format!(
                        "ESXi host {host} is not reachable on port 443 from SDDC Manager"
                    ),
                    remediation: Some(String::from(
                        "Check the host's management network and firewall, then run the \
                         precheck again",
                    )),
                    passed: false,
                    resource_name: host,
                    severity: Severity::Error,
                }
            } else {
                passed(
                    "ESXi host connectivity",
                    host,
                    Severity::Error,
                    String::from("Every ESXi host of the domain is reachable"),
                )
            },
            if fails {
                ValidationResult {
                    name: "vCenter Server file-based backup",
                    message: format!("No file-based backup of {vcenter} in the last 24 hours"),
                    remediation: Some(String::from(
                        "Take a file-based backup of vCenter Server before upgrading",
                    )),
                    passed: false,
                    resource_name: vcenter,
                    severity: Severity::Warning,
                }
            } else {
                passed(
                    "vCenter Server file-based backup",
                    vcenter,
                    Severity::Warning,
                    String::from("A file-based backup from the last 24 hours exists"),
                )
            },
            passed(
                "NSX Manager cluster status",
                format!("nsx-{domain}.vcf.sim"),
                Severity::Info,
                String::from("The NSX Manager cluster is stable"),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn precheck(finds_problems: bool) -> PrecheckRun {
        PrecheckRun {
            id: String::from("p"),
            release_id: String::from("5.2.1.0"),
            created_at: SimTime::from_millis(500),
            duration: Duration::from_millis(100),
            finds_problems,
            domain_name: String::from("wld-01"),
        }
    }

    #[test]
    fn a_clean_precheck_runs_one_step_then_succeeds() {
        let run = precheck(false);
        let at = SimTime::from_millis;
        assert_eq!(run.status(at(500)), PrecheckStatus::InProgress);
        assert!(run.validations_at(at(599)).is_empty());
        assert_eq!(run.completed_at(at(599)), None);
        assert_eq!(run.status(at(600)), PrecheckStatus::CompletedWithSuccess);
        assert_eq!(run.completed_at(at(700)), Some(at(600)));
        assert_eq!(run.error_count_at(at(700)), 0);
        assert_eq!(run.warning_count_at(at(700)), 0);
        assert!(run.validations_at(at(700)).iter().all(|check| check.passed));
    }

    #[test]
    fn a_failing_precheck_reports_an_error_and_a_warning_with_remediation() {
        let run = precheck(true);
        let at = SimTime::from_millis;
        assert_eq!(run.status(at(550)), PrecheckStatus::InProgress);
        assert_eq!(run.error_count_at(at(550)), 0);
        assert_eq!(run.status(at(600)), PrecheckStatus::CompletedWithFailure);
        assert_eq!(run.error_count_at(at(600)), 1);
        assert_eq!(run.warning_count_at(at(600)), 1);
        let failed: Vec<_> = run
            .validations_at(at(600))
            .into_iter()
            .filter(|check| !check.passed)
            .collect();
        assert_eq!(failed.len(), 2);
        assert!(failed
            .iter()
            .all(|check| check.remediation.is_some() && !check.message.is_empty()));
        assert!(failed[0].resource_name.contains("wld-01"));
    }
}
