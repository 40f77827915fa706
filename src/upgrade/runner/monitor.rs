//! Phases 5–7: the component upgrades, each started once and followed to its end, pausing for
//! alerts (server-side, in the contract) or at the engine's own gate (`vcf52`).

use crate::api::model::{Release, UpgradeStatus, UpgradeStep, UpgradeTaskState};
use crate::api::UpgradeApi;

use super::start::{StartKind, TaskRef};
use super::{progress_quarter, Halt, Runner, Step};
use crate::upgrade::events::WorkflowEvent;
use crate::upgrade::snapshot::{AckGate, ComponentUpgrade, MonitorMemory};
use crate::upgrade::state::WorkflowState;

fn task_ref(upgrade: UpgradeStatus) -> TaskRef {
    TaskRef {
        finished: matches!(
            upgrade.state,
            UpgradeTaskState::Succeeded | UpgradeTaskState::Failed
        ),
        id: upgrade.id,
    }
}

/// What one monitor answer changed, worked out under the record lock and acted on after it.
#[derive(Default)]
struct Observation {
    progress_changed: bool,
    log_progress: Option<u8>,
    component_changed: bool,
    /// The server's unacknowledged alerts differ from the last answer's.
    open_alerts_changed: bool,
    new_errors: Vec<String>,
    new_alerts: Vec<String>,
}

/// Where one component upgrade stands after an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StepEnd {
    Running,
    /// Finished successfully: on to the next component.
    Done,
    /// The run ended (failed).
    RunEnded,
}

/// How many times the end of a run is confirmed before giving up on the domain's version.
const CONFIRM_ATTEMPTS: u32 = 20;

impl<A: UpgradeApi> Runner<A> {
    /// Phases 5–7: the component upgrades the server hands out, one at a time, each started
    /// exactly once and followed to its end; then the completion.
    pub(super) async fn monitor(&mut self) -> Step<()> {
        let release = self.release()?;
        let core = self.core.clone();
        let domain_id = core.domain_id();
        let (api, domain, rel) = (&*core.api, domain_id.as_str(), &release);

        loop {
            self.hold_at_gate().await?;
            let current = core.read(|r| r.upgrades.iter().position(|u| !u.done));
            let index = match current {
                Some(index) => index,
                None => {
                    let completed: Vec<String> = core.read(|r| {
                        r.upgrades
                            .iter()
                            .map(|u| u.step.bundle_id.clone())
                            .collect()
                    });
                    let completed = completed.as_slice();
                    let next = self
                        .call("Looking for the next component upgrade", move || {
                            api.next_upgrade(domain, rel, completed)
                        })
                        .await?;
                    match next {
                        None => return self.complete(&release).await,
                        Some(step) if completed.contains(&step.bundle_id) => {
                            // The server has not caught up with the end of that upgrade yet.
                            self.pause(core.config.upgrade_poll_interval).await?;
                            continue;
                        }
                        Some(step) => {
                            if step.component.is_some() {
                                core.info(format!("Upgrading {}", step.describe()));
                            }
                            core.update(|r| {
                                r.upgrades.push(ComponentUpgrade::new(step));
                                r.monitor = MonitorMemory::default();
                                r.upgrades.len() - 1
                            })
                        }
                    }
                }
            };
            let (step, known) = core
                .read(|r| {
                    r.upgrades
                        .get(index)
                        .map(|u| (u.step.clone(), u.tracker.id.clone()))
                })
                .ok_or_else(|| Halt::Failed("Internal error: lost a component upgrade".into()))?;
            let upgrade_id = match known {
                Some(id) => id,
                None => {
                    if self.pause_for_headroom(&step, index).await? {
                        continue;
                    }
                    self.start_in_order(&release, &step, index).await?
                }
            };

            let id = upgrade_id.as_str();
            loop {
                self.hold_at_gate().await?;
                let generation = core.ack_generation();
                let status = self
                    .call(&format!("Reading upgrade {id}"), move || {
                        api.upgrade_status(domain, id)
                    })
                    .await?;
                // SDDC Manager answered: send an acknowledgment kept through an outage. The
                // answer predates it, so it is not acted on.
                if self.send_kept_acknowledgment(domain, id, &status).await? {
                    self.pause(core.config.upgrade_poll_interval).await?;
                    continue;
                }
                // An acknowledgment overlapped this poll: the answer may predate it.
                if core.ack_generation() == generation {
                    match self.observe(&release, &step, index, &status)? {
                        StepEnd::Running => {}
                        StepEnd::Done => break,
                        StepEnd::RunEnded => return Ok(()),
                    }
                }
                self.pause(core.config.upgrade_poll_interval).await?;
            }
        }
    }

    /// Starts the component upgrade at `index` once VCF's order across domains allows it: while
    /// SDDC Manager is below the target (the dialect's check) or refuses the start for order
    /// (424), the run stays in its state, says once what it waits for, and looks again every
    /// `order_poll_interval`, or at once when asked to (`DomainWorkflow::recheck_order`).
    async fn start_in_order(
        &mut self,
        release: &Release,
        step: &UpgradeStep,
        index: usize,
    ) -> Step<String> {
        let core = self.core.clone();
        let domain_id = core.domain_id();
        let settings = core.read(|r| r.settings.clone());
        let (api, domain, rel, step_ref, settings) =
            (&*core.api, domain_id.as_str(), release, step, &settings);
        loop {
            let blocked = self
                .call("Checking VCF's domain order", move || {
                    api.order_block(domain, rel, step_ref)
                })
                .await?;
            let reason = match blocked {
                Some(reason) => reason,
                None => {
                    if step.component.is_none() && core.read(|r| r.order_wait.is_none()) {
                        core.info(format!(
                            "Starting the upgrade of domain {} to VCF {}",
                            core.read(|r| r.domain_name.clone()),
                            release.version
                        ));
                    }
                    let started = self
                        .start_once(
                            StartKind::Upgrade(index),
                            move || async move {
                                api.find_upgrade(domain, rel, step_ref)
                                    .await
                                    .map(|found| found.map(task_ref))
                            },
                            move || async move {
                                api.start_upgrade(domain, rel, step_ref, settings)
                                    .await
                                    .map(task_ref)
                            },
                        )
                        .await;
                    match started {
                        Ok(id) => {
                            if core.update(|r| r.order_wait.take()).is_some() {
                                core.info(format!(
                                    "VCF's upgrade order allows it now: upgrading {}",
                                    step.describe()
                                ));
                                core.emit_metrics();
                            }
                            return Ok(id);
                        }
                        Err(Halt::OrderRefused(reason)) => reason,
                        Err(halt) => return Err(halt),
                    }
                }
            };
            let newly = core.update(|r| {
                let newly = r.order_wait.as_deref() != Some(reason.as_str());
                r.order_wait = Some(reason.clone());
                newly
            });
            if newly {
                core.info(reason);
                core.emit_metrics();
            }
            self.pause_until(core.config.order_poll_interval, core.order_may_allow())
                .await?;
        }
    }

    /// Before an ESX upgrade starts, once per run: when clusters of the domain cannot take a
    /// rolling upgrade, each is logged with its figures and the engine's gate closes (true)
    /// for the operator to decide. A failed look is logged and does not hold the upgrade.
    async fn pause_for_headroom(&mut self, step: &UpgradeStep, index: usize) -> Step<bool> {
        let core = self.core.clone();
        let is_esx = matches!(step.component.as_deref(), Some("ESX_HOST" | "HOST"));
        let checked = core.read(|r| r.upgrades.get(index).is_some_and(|u| u.headroom_checked));
        if !is_esx || checked {
            return Ok(false);
        }
        let domain_id = core.domain_id();
        let (api, domain) = (&*core.api, domain_id.as_str());
        let looked = self
            .call_with(move || api.rolling_upgrade_warnings(domain))
            .await?;
        core.update(|r| {
            if let Some(upgrade) = r.upgrades.get_mut(index) {
                upgrade.headroom_checked = true;
            }
        });
        let warnings = match looked {
            Ok(warnings) => warnings,
            Err(error) => {
                core.warning(format!(
                    "Could not check whether the clusters can take a rolling ESX upgrade \
                     ({error}); the upgrade goes on without that check"
                ));
                return Ok(false);
            }
        };
        if warnings.is_empty() {
            return Ok(false);
        }
        for warning in &warnings {
            core.warning(warning.clone());
        }
        core.update(|r| r.gate = Some(AckGate::NoRollingHeadroom { warnings }));
        Ok(true)
    }

    /// While the engine's own gate is closed, waits for the operator's acknowledgment (which
    /// opens it and moves the state back to `upgrade_in_progress`).
    async fn hold_at_gate(&mut self) -> Step<()> {
        let core = self.core.clone();
        let Some(gate) = core.read(|r| r.gate.clone()) else {
            return Ok(());
        };
        let paused = match &gate {
            AckGate::PrecheckWarnings { warnings, .. } => Some(format!(
                "Upgrade paused before the first component upgrade: {warnings} precheck \
                 warning(s) need acknowledgment before it continues"
            )),
            AckGate::NoRollingHeadroom { warnings } => Some(format!(
                "Upgrade paused before the ESX upgrade: {} cluster(s) without headroom for a \
                 rolling upgrade; acknowledge to upgrade anyway",
                warnings.len()
            )),
            AckGate::RetryableTask { .. } => None,
        };
        if let Some(paused) = paused {
            if core.transition_if(
                WorkflowState::UpgradeInProgress,
                WorkflowState::WaitingForAcknowledgment,
            )? {
                core.warning(paused);
            }
        }
        loop {
            // Created before the state is read, so an opening in between is not missed.
            let opened = core.gate_opened();
            match core.state() {
                WorkflowState::WaitingForAcknowledgment if core.read(|r| r.gate.is_some()) => {
                    let sleep = core.clock.sleep(core.config.upgrade_poll_interval);
                    let cancel_requested = tokio::select! {
                        biased;
                        () = self.stop.stopped() => return Err(Halt::Stopped),
                        () = core.cancel_requested() => true,
                        () = opened => false,
                        () = sleep => false,
                    };
                    if cancel_requested {
                        self.answer_cancel()?;
                    }
                }
                WorkflowState::UpgradeInProgress | WorkflowState::WaitingForAcknowledgment => {
                    return Ok(())
                }
                // Ended while waiting (a retry SDDC Manager refused): nothing more to drive.
                _ => return Err(Halt::Stopped),
            }
        }
    }

    /// Nothing is left to upgrade: confirm the domain reports the release, then end the run.
    async fn complete(&mut self, release: &Release) -> Step<()> {
        let core = self.core.clone();
        let domain_id = core.domain_id();
        let (api, domain) = (&*core.api, domain_id.as_str());
        let mut attempts = 0;
        loop {
            let confirmed = self
                .call("Reading the domain's VCF version", move || {
                    api.confirm_upgraded(domain, release)
                })
                .await?;
            if confirmed {
                break;
            }
            attempts += 1;
            if attempts >= CONFIRM_ATTEMPTS {
                return Err(Halt::Failed(format!(
                    "Every component upgrade finished, yet the domain does not report VCF {}",
                    release.version
                )));
            }
            self.pause(core.config.upgrade_poll_interval).await?;
        }
        core.transition_if(
            WorkflowState::WaitingForAcknowledgment,
            WorkflowState::UpgradeInProgress,
        )?;
        let name = core.read(|r| r.domain_name.clone());
        core.update(|r| r.completed_version = Some(release.version.clone()));
        core.info(format!("Domain {name} now runs VCF {}", release.version));
        core.info("Upgrade completed successfully");
        core.transition(WorkflowState::UpgradeCompleted)?;
        Ok(())
    }

    /// Sends the acknowledgment kept while SDDC Manager was unreachable, if there is one and the
    /// upgrade still waits for it; true when it was sent (whatever the answer). While SDDC
    /// Manager is still away it stays kept for the next successful poll.
    async fn send_kept_acknowledgment(
        &mut self,
        domain: &str,
        id: &str,
        status: &UpgradeStatus,
    ) -> Step<bool> {
        let core = self.core.clone();
        if !core.read(|r| r.acknowledgment_pending) {
            return Ok(false);
        }
        let finished = matches!(
            status.state,
            UpgradeTaskState::Succeeded | UpgradeTaskState::Failed
        );
        if finished || core.state() != WorkflowState::WaitingForAcknowledgment {
            // Nothing waits for it any more.
            core.update(|r| r.acknowledgment_pending = false);
            return Ok(false);
        }
        core.bump_ack_generation();
        let result = self.attempt(core.api.acknowledge_alerts(domain, id)).await;
        core.bump_ack_generation();
        // A refusal is in the log book; the run goes on either way.
        let _refused = core.settle_acknowledgment(result?, true)?;
        Ok(true)
    }

    /// Applies one monitor answer.
    fn observe(
        &mut self,
        release: &Release,
        step: &UpgradeStep,
        index: usize,
        status: &UpgradeStatus,
    ) -> Step<StepEnd> {
        let core = &self.core;
        let now = core.now();
        let seen = core.update(|r| {
            let memory = &mut r.monitor;
            let mut seen = Observation::default();
            if status.progress_percent.is_some()
                && status.progress_percent != memory.progress_percent
            {
                memory.progress_percent = status.progress_percent;
                seen.progress_changed = true;
                let quarter = status.progress_percent.map(progress_quarter);
                if quarter > memory.logged_progress_quarter {
                    memory.logged_progress_quarter = quarter;
                    seen.log_progress = status.progress_percent;
                }
            }
            if status.current_component != memory.current_component {
                memory.current_component = status.current_component.clone();
                seen.component_changed = true;
                r.metrics
                    .component_changed(now, status.current_component.as_deref());
            }
            for error in &status.errors {
                let text = error.to_string();
                if !r.monitor.seen_errors.contains(&text) {
                    r.monitor.seen_errors.push(text.clone());
                    seen.new_errors.push(text);
                }
            }
            for alert in &status.alerts {
                if !r.monitor.seen_alert_ids.contains(&alert.id) {
                    r.monitor.seen_alert_ids.push(alert.id.clone());
                    seen.new_alerts.push(alert.id.clone());
                }
            }
            let open: Vec<_> = status.open_alerts().cloned().collect();
            if open != r.monitor.open_alerts {
                r.monitor.open_alerts = open;
                seen.open_alerts_changed = true;
            }
            if !seen.new_alerts.is_empty() {
                let count = u32::try_from(seen.new_alerts.len()).unwrap_or(u32::MAX);
                r.metrics.alerts_raised(count);
            }
            seen
        });

        if seen.progress_changed || seen.component_changed {
            core.emit(WorkflowEvent::Progress {
                domain_id: core.domain_id(),
                state: core.state(),
                percent: status.progress_percent,
                component: status.current_component.clone(),
            });
        }
        if seen.component_changed {
            if let Some(kind) = &status.current_component {
                let versions = status
                    .components
                    .iter()
                    .find(|c| &c.kind == kind)
                    .and_then(|c| match (&c.from_version, &c.to_version) {
                        (Some(from), Some(to)) => Some(format!(" from {from} to {to}")),
                        (None, Some(to)) => Some(format!(" to {to}")),
                        _ => None,
                    })
                    .unwrap_or_default();
                core.info(format!("Upgrading {kind}{versions}"));
            }
        }
        if let Some(percent) = seen.log_progress.filter(|p| *p > 0 && *p < 100) {
            core.info(format!("Upgrade progress: {percent}%"));
        }
        // Also when the open alerts changed without a new one (some acknowledged in SDDC
        // Manager itself): listeners redraw the dashboard's alert list on any event.
        if !seen.new_alerts.is_empty() || seen.component_changed || seen.open_alerts_changed {
            core.emit_metrics();
        }

        match status.state {
            UpgradeTaskState::Succeeded => {
                core.update(|r| {
                    if let Some(upgrade) = r.upgrades.get_mut(index) {
                        upgrade.done = true;
                        upgrade.ended_at = Some(now);
                    }
                });
                if step.component.is_some() {
                    core.info(format!("Upgraded {}", step.describe()));
                } else {
                    // The whole-domain step logs nothing of its own here and the completion
                    // may take a while to confirm: an event tells listeners it is done.
                    core.emit_metrics();
                }
                Ok(StepEnd::Done)
            }
            UpgradeTaskState::Failed => {
                let details = if status.errors.is_empty() {
                    "SDDC Manager reported no error details".to_owned()
                } else {
                    status
                        .errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                let at = step
                    .component
                    .as_deref()
                    .map(|c| format!(" ({c} {}/{})", step.position, step.total))
                    .unwrap_or_default();
                match status.task_id.as_deref().filter(|_| status.retryable) {
                    Some(task_id) => {
                        core.warning(format!(
                            "Upgrade to VCF {}{at} failed: {details}. SDDC Manager can retry \
                             it: acknowledge to retry the task",
                            release.version
                        ));
                        core.update(|r| {
                            r.gate = Some(AckGate::RetryableTask {
                                bundle_id: step.bundle_id.clone(),
                                upgrade_id: status.id.clone(),
                                task_id: task_id.to_owned(),
                                errors: status.errors.iter().map(ToString::to_string).collect(),
                            });
                        });
                        core.transition_if(
                            WorkflowState::UpgradeInProgress,
                            WorkflowState::WaitingForAcknowledgment,
                        )?;
                        Ok(StepEnd::Running)
                    }
                    None => {
                        core.error(format!(
                            "Upgrade to VCF {}{at} failed: {details}",
                            release.version
                        ));
                        core.transition(WorkflowState::UpgradeFailed)?;
                        Ok(StepEnd::RunEnded)
                    }
                }
            }
            UpgradeTaskState::Scheduled
            | UpgradeTaskState::InProgress
            | UpgradeTaskState::WaitingForAcknowledgment => {
                for text in &seen.new_errors {
                    core.warning(format!("SDDC Manager reported: {text}"));
                }
                self.follow_alerts(status, &seen.new_alerts)?;
                Ok(StepEnd::Running)
            }
        }
    }

    /// Pause for unacknowledged alerts, or resume once they are acknowledged (here or in SDDC
    /// Manager itself).
    fn follow_alerts(&self, status: &UpgradeStatus, new_alerts: &[String]) -> Step<()> {
        let core = &self.core;
        let open: Vec<_> = status.open_alerts().collect();
        let waiting =
            status.state == UpgradeTaskState::WaitingForAcknowledgment || !open.is_empty();
        let state = core.state();
        if waiting {
            for alert in open.iter().filter(|a| new_alerts.contains(&a.id)) {
                let component = alert
                    .component
                    .as_deref()
                    .map(|c| format!(" on {c}"))
                    .unwrap_or_default();
                core.warning(format!(
                    "Alert ({}){component}: {} [alert {}]",
                    alert.severity, alert.message, alert.id
                ));
            }
            if core.transition_if(
                WorkflowState::UpgradeInProgress,
                WorkflowState::WaitingForAcknowledgment,
            )? {
                core.warning(format!(
                    "Upgrade paused: {} alert(s) need acknowledgment before it continues",
                    open.len().max(1)
                ));
            }
        } else if state == WorkflowState::WaitingForAcknowledgment
            && core.transition_if(
                WorkflowState::WaitingForAcknowledgment,
                WorkflowState::UpgradeInProgress,
            )?
        {
            core.info("The alerts were acknowledged; the upgrade continues");
        }
        Ok(())
    }
}
