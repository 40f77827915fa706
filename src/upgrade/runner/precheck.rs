//! Phase 4: validate the domain against the release before upgrading it.

use crate::api::model::{PrecheckStatus, TaskState, Validation};
use crate::api::UpgradeApi;

use super::start::{StartKind, TaskRef};
use super::{Runner, Step};
use crate::upgrade::events::WorkflowEvent;
use crate::upgrade::snapshot::{AckGate, PrecheckSummary};
use crate::upgrade::state::WorkflowState;

fn task_ref(precheck: PrecheckStatus) -> TaskRef {
    TaskRef {
        finished: precheck.state != TaskState::InProgress,
        id: precheck.id,
    }
}

/// `ESXi host connectivity on esx-01: Host not responding. Remediation: Reconnect the host`
fn describe(validation: &Validation) -> String {
    let mut text = validation.name.clone();
    if let Some(resource) = validation.resource.as_deref().filter(|r| !r.is_empty()) {
        text.push_str(&format!(" on {resource}"));
    }
    if let Some(message) = validation.message.as_deref().filter(|m| !m.is_empty()) {
        text.push_str(&format!(": {message}"));
    }
    if let Some(remediation) = validation.remediation.as_deref().filter(|r| !r.is_empty()) {
        text.push_str(&format!(". Remediation: {remediation}"));
    }
    text
}

fn is_error(validation: &Validation) -> bool {
    validation.severity.eq_ignore_ascii_case("ERROR")
}

fn count_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<A: UpgradeApi> Runner<A> {
    /// The result the dashboard keeps: the failed validations, errors first.
    fn summary(
        &self,
        version: &str,
        passed: bool,
        errors: u32,
        warnings: u32,
        failed: &[&Validation],
    ) -> PrecheckSummary {
        let (errors_first, others): (Vec<&Validation>, Vec<&Validation>) =
            failed.iter().copied().partition(|v| is_error(v));
        PrecheckSummary {
            at: self.core.now(),
            version: version.to_owned(),
            passed,
            errors,
            warnings,
            findings: errors_first
                .into_iter()
                .chain(others)
                .map(describe)
                .collect(),
        }
    }

    pub(super) async fn precheck(&mut self) -> Step<()> {
        let release = self.release()?;
        let core = self.core.clone();
        let domain_id = core.domain_id();
        let (api, domain, rel) = (&*core.api, domain_id.as_str(), &release);

        let known = core.read(|r| r.precheck.id.clone());
        let precheck_id = match known {
            Some(id) => id,
            None => {
                core.info(format!(
                    "Running the precheck of domain {} for VCF {}",
                    core.read(|r| r.domain_name.clone()),
                    release.version
                ));
                self.start_once(
                    StartKind::Precheck,
                    move || async move {
                        api.find_precheck(domain, &rel.id)
                            .await
                            .map(|found| found.map(task_ref))
                    },
                    move || async move { api.start_precheck(domain, rel).await.map(task_ref) },
                )
                .await?
            }
        };

        let id = precheck_id.as_str();
        // The last percent sent out: an event goes out when it changes, none goes to the log
        // book (the run's outcome is logged, not its pace).
        let mut last_percent: Option<u8> = None;
        loop {
            let status = self
                .call(&format!("Reading precheck {id}"), move || {
                    api.precheck_status(domain, id)
                })
                .await?;
            if status.progress_percent.is_some() && status.progress_percent != last_percent {
                last_percent = status.progress_percent;
                core.emit(WorkflowEvent::Progress {
                    domain_id: domain_id.clone(),
                    state: WorkflowState::PrecheckRunning,
                    percent: status.progress_percent,
                    component: None,
                });
            }
            match status.state {
                TaskState::InProgress => {}
                TaskState::Succeeded => {
                    let warnings: Vec<&Validation> =
                        status.validations.iter().filter(|v| !v.passed).collect();
                    for warning in &warnings {
                        core.warning(format!("Precheck warning: {}", describe(warning)));
                    }
                    let count = count_of(warnings.len()).max(status.warning_count);
                    let summary = self.summary(&release.version, true, 0, count, &warnings);
                    if core.read(|r| r.precheck_only) {
                        let with = if count > 0 {
                            format!(" with {count} warning(s)")
                        } else {
                            String::new()
                        };
                        core.info(format!(
                            "Precheck passed for VCF {}{with}; nothing was upgraded (precheck \
                             only). Start the upgrade when the change window opens",
                            release.version
                        ));
                        core.transition_with(WorkflowState::WaitingForInitiation, |r| {
                            r.last_precheck = Some(summary);
                        })?;
                        return Ok(());
                    }
                    core.update(|r| r.last_precheck = Some(summary));
                    if count > 0 && api.warnings_need_acknowledgment() {
                        core.info(format!(
                            "Precheck passed for VCF {} with {count} warning(s); the upgrade \
                             waits for their acknowledgment",
                            release.version
                        ));
                        let messages = warnings.iter().map(|w| describe(w)).collect();
                        core.transition_with(WorkflowState::UpgradeInProgress, |r| {
                            r.gate = Some(AckGate::PrecheckWarnings {
                                warnings: count,
                                messages,
                            });
                        })?;
                        return Ok(());
                    }
                    core.info(format!(
                        "Precheck passed for VCF {}; starting the upgrade",
                        release.version
                    ));
                    core.transition(WorkflowState::UpgradeInProgress)?;
                    return Ok(());
                }
                TaskState::Failed => {
                    let summary = self.precheck_failed(&status, &release.version);
                    core.transition_with(WorkflowState::PrecheckFailed, |r| {
                        r.last_precheck = Some(summary);
                    })?;
                    return Ok(());
                }
            }
            self.pause(core.config.precheck_poll_interval).await?;
        }
    }

    /// Every failed validation goes to the log with its details, then the verdict.
    fn precheck_failed(&self, status: &PrecheckStatus, version: &str) -> PrecheckSummary {
        let failed: Vec<&Validation> = status.validations.iter().filter(|v| !v.passed).collect();
        for validation in &failed {
            let text = format!("Precheck validation failed: {}", describe(validation));
            if is_error(validation) {
                self.core.error(text);
            } else {
                self.core.warning(text);
            }
        }
        let errors = failed.iter().filter(|v| is_error(v)).count();
        let count = if errors > 0 {
            errors
        } else {
            usize::try_from(status.error_count).unwrap_or(usize::MAX)
        };
        self.core.error(format!(
            "Precheck failed with {count} error(s); the upgrade was not started. Fix the \
             issues above and start the upgrade again"
        ));
        let warnings = count_of(failed.len() - errors).max(status.warning_count);
        self.summary(version, false, count_of(count), warnings, &failed)
    }
}
