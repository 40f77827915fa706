//! Phase 4: validate the domain against the release before upgrading it.

use crate::api::model::{PrecheckStatus, TaskState, Validation};
use crate::api::UpgradeApi;

use super::start::{StartKind, TaskRef};
use super::{Runner, Step};
use crate::upgrade::events::WorkflowEvent;
use crate::upgrade::snapshot::AckGate;
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

impl<A: UpgradeApi> Runner<A> {
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
                    let count = u32::try_from(warnings.len())
                        .unwrap_or(u32::MAX)
                        .max(status.warning_count);
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
                    self.precheck_failed(&status);
                    core.transition(WorkflowState::PrecheckFailed)?;
                    return Ok(());
                }
            }
            self.pause(core.config.precheck_poll_interval).await?;
        }
    }

    /// Every failed validation goes to the log with its details, then the verdict.
    fn precheck_failed(&self, status: &PrecheckStatus) {
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
    }
}
