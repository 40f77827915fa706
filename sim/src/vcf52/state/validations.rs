//! Release validations (`validateReleaseByDomainID`, `getDomainReleaseViewValidation`): the
//! checks `updateReleaseByDomainID` would make, run as an activity of one step.

use std::time::Duration;

use crate::api_error::ApiError;
use crate::clock::{activity_finished, SimTime};
use crate::state::new_id;
use crate::vcf52::state::{not_found, Vcf52State};
use crate::vcf52::wire::{self, Error52};

/// One `validateReleaseByDomainID`.
#[derive(Clone, Debug)]
pub(super) struct ReleaseValidation {
    started: SimTime,
    version: String,
    problem: Option<String>,
}

impl Vcf52State {
    pub(crate) fn start_validation(
        &mut self,
        domain_id: &str,
        release: &wire::DomainRelease,
        now: SimTime,
    ) -> Result<wire::Validation, ApiError> {
        let domain = self.domain(domain_id)?;
        let problem = self.release_problem(domain, release, now);
        let id = new_id();
        let validation = ReleaseValidation {
            started: now,
            version: release.target_version.clone().unwrap_or_default(),
            problem,
        };
        self.validations.insert(id.clone(), validation);
        self.validation(&id, now, Duration::MAX)
    }

    /// `getDomainReleaseViewValidation`.
    pub(crate) fn validation(
        &self,
        id: &str,
        now: SimTime,
        step: Duration,
    ) -> Result<wire::Validation, ApiError> {
        let validation = self.validations.get(id).ok_or_else(|| {
            not_found(
                "VALIDATION_NOT_FOUND",
                format!("Validation with id {id} not found"),
            )
        })?;
        let done = activity_finished(now, validation.started, step);
        let description = format!("Validate the target version {}", validation.version);
        if !done {
            return Ok(wire::Validation {
                id: id.to_owned(),
                description,
                execution_status: String::from("IN_PROGRESS"),
                result_status: String::from("UNKNOWN"),
                validation_checks: Vec::new(),
            });
        }
        let check = match &validation.problem {
            None => wire::ValidationCheck {
                description: String::from("Target version compatibility"),
                severity: String::from("INFO"),
                result_status: String::from("SUCCEEDED"),
                error_response: None,
            },
            Some(problem) => wire::ValidationCheck {
                description: String::from("Target version compatibility"),
                severity: String::from("ERROR"),
                result_status: String::from("FAILED"),
                error_response: Some(Error52::new(
                    "DOMAIN_RELEASE_NOT_VALID",
                    "ERROR",
                    problem.clone(),
                    "Choose an applicable future release of the domain",
                )),
            },
        };
        Ok(wire::Validation {
            id: id.to_owned(),
            description,
            execution_status: String::from("COMPLETED"),
            result_status: String::from(if validation.problem.is_none() {
                "SUCCEEDED"
            } else {
                "FAILED"
            }),
            validation_checks: vec![check],
        })
    }
}
