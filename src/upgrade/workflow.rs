//! [`DomainWorkflow`]: the handle the Python layer holds for one domain.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::Serialize;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::api::model::UpgradeTaskState;
use crate::api::{UpgradeApi, UpgradeSettings};
use crate::clock::SharedClock;
use crate::log_targets;

use super::config::WorkflowConfig;
use super::core::Core;
use super::error::UpgradeError;
use super::events::WorkflowEvent;
use super::logbook::LogEntry;
use super::metrics::WorkflowMetrics;
use super::runner::{Runner, StopSignal};
use super::snapshot::{AckGate, PrecheckSummary, WorkflowRecord, WorkflowSnapshot};
use super::state::WorkflowState;
use super::views::{self, ComponentUpgradeView, OpenAlert};

/// What [`DomainWorkflow::start`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum StartOutcome {
    /// The domain has no applicable release; the state is unchanged.
    NoUpdate,
    /// A run started towards this release and is now driven in the background.
    Started { release_id: String, version: String },
}

/// How a run is started (see [`DomainWorkflow::start_with`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunRequest {
    /// The operator's inputs for SDDC Manager's upgrade wizard, for this run.
    pub settings: UpgradeSettings,
    /// Target, download and precheck only; nothing is upgraded.
    pub precheck_only: bool,
}

impl RunRequest {
    /// A whole upgrade with these settings.
    pub fn upgrade(settings: UpgradeSettings) -> Self {
        Self {
            settings,
            precheck_only: false,
        }
    }

    /// Target, download and precheck only, with these settings.
    pub fn precheck(settings: UpgradeSettings) -> Self {
        Self {
            settings,
            precheck_only: true,
        }
    }
}

/// What [`DomainWorkflow::resume`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ResumeOutcome {
    /// A run task now continues the run from `state`.
    Resumed { state: WorkflowState },
    /// A run task was already driving the run.
    AlreadyRunning { state: WorkflowState },
    /// No run is active (idle or terminal): nothing to continue.
    NothingToResume { state: WorkflowState },
}

/// The upgrade workflow of one domain: at most one run at a time, driven by a task on the
/// current tokio runtime. Cheap to clone (all clones are the same workflow); `Send + Sync`.
///
/// Dropping the last clone stops the run task at its next wait (use [`Self::stop`] to wait for
/// it); the server-side upgrade is unaffected and a workflow restored from a
/// [`Self::snapshot`] continues it.
pub struct DomainWorkflow<A: UpgradeApi> {
    inner: Arc<Inner<A>>,
}

impl<A: UpgradeApi> Clone for DomainWorkflow<A> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

struct Inner<A> {
    core: Arc<Core<A>>,
    /// Serializes start, resume and stop, which each decide from the state and the task slot.
    control: tokio::sync::Mutex<()>,
    /// Serializes acknowledgments (a retry of a failed task is sent once).
    ack: tokio::sync::Mutex<()>,
    task: Mutex<Option<RunTask>>,
    /// True while a run task is alive (cleared by the task itself, even on panic).
    running: watch::Sender<bool>,
}

struct RunTask {
    /// Dropping it (with the handle) stops the task too.
    stop: watch::Sender<bool>,
    join: JoinHandle<()>,
}

/// Clears the running flag when the run task ends, however it ends.
struct RunningGuard(watch::Sender<bool>);

impl Drop for RunningGuard {
    fn drop(&mut self) {
        self.0.send_replace(false);
    }
}

impl<A: UpgradeApi> DomainWorkflow<A> {
    /// A workflow for a domain with no run yet (`waiting_for_initiation`).
    pub fn new(
        api: Arc<A>,
        clock: SharedClock,
        config: WorkflowConfig,
        domain_id: impl Into<String>,
        domain_name: impl Into<String>,
    ) -> Self {
        let record = WorkflowRecord::new(domain_id.into(), domain_name.into(), config.log_capacity);
        Self::from_record(api, clock, config, record)
    }

    /// A workflow continuing from a snapshot. Nothing runs until [`Self::resume`] (or a new
    /// [`Self::start`] once the restored run is terminal).
    pub fn restore(
        api: Arc<A>,
        clock: SharedClock,
        config: WorkflowConfig,
        snapshot: WorkflowSnapshot,
    ) -> Result<Self, UpgradeError> {
        snapshot.validate()?;
        let mut record = snapshot.workflow;
        record.log.set_capacity(config.log_capacity);
        Ok(Self::from_record(api, clock, config, record))
    }

    fn from_record(
        api: Arc<A>,
        clock: SharedClock,
        config: WorkflowConfig,
        record: WorkflowRecord,
    ) -> Self {
        let (running, _) = watch::channel(false);
        Self {
            inner: Arc::new(Inner {
                core: Arc::new(Core::new(api, clock, config, record)),
                control: tokio::sync::Mutex::new(()),
                ack: tokio::sync::Mutex::new(()),
                task: Mutex::new(None),
                running,
            }),
        }
    }

    fn core(&self) -> &Core<A> {
        &self.inner.core
    }

    fn task_slot(&self) -> MutexGuard<'_, Option<RunTask>> {
        // Only `Option` swaps happen under this lock; poisoning cannot leave it half written.
        self.inner
            .task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn domain_id(&self) -> String {
        self.core().domain_id()
    }

    pub fn domain_name(&self) -> String {
        self.core().read(|r| r.domain_name.clone())
    }

    /// Phase 1: checks SDDC Manager for an update of the domain and, if there is one, starts a
    /// run driven by a task on the current tokio runtime. Returns once the run is started or
    /// "no update" is known.
    ///
    /// Errors: [`UpgradeError::RunActive`] while a run is active (one run per domain), and
    /// [`UpgradeError::Api`] when the availability check itself fails (nothing changes).
    pub async fn start(&self) -> Result<StartOutcome, UpgradeError> {
        self.start_with(RunRequest::default()).await
    }

    /// [`Self::start`] with the operator's settings, or a precheck-only run (which ends in
    /// `waiting_for_initiation` when the precheck passes, in `precheck_failed` when it fails).
    ///
    /// Errors also: [`UpgradeError::InvalidSettings`] for settings SDDC Manager would refuse
    /// (checked before anything is sent).
    pub async fn start_with(&self, request: RunRequest) -> Result<StartOutcome, UpgradeError> {
        request.settings.validate()?;
        let _control = self.inner.control.lock().await;
        let core = self.core();
        let state = core.state();
        if state.is_active() {
            return Err(UpgradeError::RunActive {
                domain_id: core.domain_id(),
                state,
                monitored: self.is_running(),
            });
        }
        // The previous run's task may still be winding down after its terminal transition.
        let finished = self.task_slot().take();
        if let Some(task) = finished {
            if let Err(error) = task.join.await {
                log::error!(target: log_targets::UPGRADE, "upgrade run task ended abnormally: {error}");
            }
        }
        let domain_id = core.domain_id();
        let domain = match core.api.domain(&domain_id).await {
            Ok(domain) => domain,
            Err(error) => {
                core.warning(format!("Could not check the domain for updates: {error}"));
                return Err(error.into());
            }
        };
        let Some(release) = domain.next_release else {
            core.info("No updates available for this domain");
            return Ok(StartOutcome::NoUpdate);
        };
        let name = if domain.name.is_empty() {
            core.read(|r| r.domain_name.clone())
        } else {
            domain.name
        };
        let version = release.version.clone();
        let outcome = StartOutcome::Started {
            release_id: release.id.clone(),
            version: version.clone(),
        };
        core.transition_with(WorkflowState::TargetingNewVcfVersion, |r| {
            r.domain_name.clone_from(&name);
            r.begin_run(release, request.settings, request.precheck_only);
        })?;
        core.info(if request.precheck_only {
            format!(
                "Preparing the upgrade of domain {name} to VCF {}: target, download and \
                 precheck, no upgrade",
                version
            )
        } else {
            format!("Starting upgrade process for domain {name}")
        });
        self.spawn_runner();
        Ok(outcome)
    }

    /// Continues an active run (after [`Self::restore`] or [`Self::stop`]) from where its
    /// record stands: a known upgrade or precheck is polled, never started again.
    pub async fn resume(&self) -> ResumeOutcome {
        let _control = self.inner.control.lock().await;
        let state = self.core().state();
        if self.is_running() {
            return ResumeOutcome::AlreadyRunning { state };
        }
        if !state.is_active() {
            return ResumeOutcome::NothingToResume { state };
        }
        self.core()
            .info(format!("Resuming the upgrade run in state {state}"));
        self.spawn_runner();
        ResumeOutcome::Resumed { state }
    }

    fn spawn_runner(&self) {
        let (stop, stop_rx) = watch::channel(false);
        self.inner.running.send_replace(true);
        let guard = RunningGuard(self.inner.running.clone());
        let runner = Runner::new(Arc::clone(&self.inner.core), StopSignal::new(stop_rx));
        let join = tokio::spawn(async move {
            let _guard = guard;
            runner.run().await;
        });
        *self.task_slot() = Some(RunTask { stop, join });
    }

    /// Ends the run task cleanly and waits for it (integration unload). The state stays as it
    /// is; [`Self::resume`] continues later. Does nothing when no task runs.
    pub async fn stop(&self) {
        let _control = self.inner.control.lock().await;
        let Some(task) = self.task_slot().take() else {
            return;
        };
        let was_running = !task.join.is_finished();
        task.stop.send_replace(true);
        if let Err(error) = task.join.await {
            log::error!(target: log_targets::UPGRADE, "upgrade run task ended abnormally: {error}");
        }
        let state = self.core().state();
        if was_running && state.is_active() {
            self.core().info(format!(
                "Monitoring stopped in state {state}; SDDC Manager carries on and monitoring \
                 resumes when the integration loads again"
            ));
        }
    }

    /// Ends the active run while nothing is being upgraded on SDDC Manager: the state returns
    /// to `waiting_for_initiation` and the log book says so. A run task answers at its next
    /// wait (no request of the run in flight then), so this returns within one request's time.
    ///
    /// Errors: [`UpgradeError::InvalidState`] without an active run,
    /// [`UpgradeError::CannotCancel`] while a component upgrade runs on SDDC Manager (or a start
    /// of one is not confirmed yet).
    pub async fn cancel(&self) -> Result<(), UpgradeError> {
        let _control = self.inner.control.lock().await;
        if !self.is_running() {
            return self.core().cancel_run();
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.core().request_cancel(reply);
        let mut running = self.inner.running.subscribe();
        tokio::select! {
            biased;
            Ok(result) = answer => result,
            // The task ended (terminal state, or stopped) before its next wait: decide here.
            _ = running.wait_for(|running| !*running) => {
                drop(self.core().take_cancel_request());
                self.core().cancel_run()
            }
        }
    }

    /// Asks a run held by VCF's order (`waiting_for`) to look again now rather than at its next
    /// order poll: another domain's upgrade went on (its SDDC Manager may run the target now).
    /// Harmless for a run that does not wait: it costs at most one more look.
    pub fn recheck_order(&self) {
        if self.waiting_for().is_some() {
            self.core().recheck_order();
        }
    }

    /// What VCF's order across domains holds the run's next component upgrade for.
    pub fn waiting_for(&self) -> Option<String> {
        self.core().read(|r| r.order_wait.clone())
    }

    /// Whether the current (or last) run was a precheck-only run.
    pub fn precheck_only(&self) -> bool {
        self.core().read(|r| r.precheck_only)
    }

    /// The domain's last precheck result, of any run.
    pub fn last_precheck(&self) -> Option<PrecheckSummary> {
        self.core().read(|r| r.last_precheck.clone())
    }

    /// The settings of the current (or last) run.
    pub fn settings(&self) -> UpgradeSettings {
        self.core().read(|r| r.settings.clone())
    }

    /// Waits until no run task is alive (the run reached a terminal state or was stopped).
    pub async fn wait(&self) {
        let mut running = self.inner.running.subscribe();
        // Err: the sender lives in `self.inner`, so it cannot be dropped while we hold `self`.
        let _ = running.wait_for(|running| !*running).await;
    }

    /// Phase 6: acknowledges what the run waits for. Legal only in
    /// `waiting_for_acknowledgment`; the state returns to `upgrade_in_progress`.
    ///
    /// - The engine's own gate (`vcf52`, where SDDC Manager has no acknowledge resource):
    ///   precheck warnings are acknowledged locally (nothing is sent); a failed, retryable
    ///   component upgrade is retried (`retryTask`), and a retry SDDC Manager refuses ends the
    ///   run in `upgrade_failed`.
    /// - Otherwise the upgrade's open alerts are acknowledged on SDDC Manager (the contract).
    ///   The call is retried like a read (acknowledging is idempotent). When SDDC Manager stays
    ///   unreachable longer than that, the acknowledgment is kept (in the record, so in the
    ///   snapshot), the log book says so, and `Ok` is returned: the run sends it after its next
    ///   successful poll. SDDC Manager refusing it is an error.
    pub async fn acknowledge(&self) -> Result<(), UpgradeError> {
        let _ack = self.inner.ack.lock().await;
        let core = self.core();
        let (state, gate, upgrade_id, domain_id) = core.read(|r| {
            (
                r.state(),
                r.gate.clone(),
                r.upgrades.iter().rev().find_map(|u| u.tracker.id.clone()),
                r.domain_id.clone(),
            )
        });
        let invalid = UpgradeError::InvalidState {
            action: "acknowledge alerts",
            state,
        };
        if state != WorkflowState::WaitingForAcknowledgment {
            return Err(invalid);
        }
        if let Some(gate) = gate {
            return self.open_gate(gate, &domain_id).await;
        }
        let Some(upgrade_id) = upgrade_id else {
            return Err(invalid);
        };
        // Bumped before and after: any monitor poll overlapping the call is discarded.
        core.bump_ack_generation();
        let result = core.api.acknowledge_alerts(&domain_id, &upgrade_id).await;
        core.bump_ack_generation();
        core.settle_acknowledgment(result, false)?
            .map_err(UpgradeError::from)
    }

    /// Whether an acknowledgment is kept until SDDC Manager is back (see [`Self::acknowledge`]).
    pub fn acknowledgment_pending(&self) -> bool {
        self.core().read(|r| r.acknowledgment_pending)
    }

    /// Opens the engine's own gate (see [`Self::acknowledge`]).
    async fn open_gate(&self, gate: AckGate, domain_id: &str) -> Result<(), UpgradeError> {
        let core = self.core();
        match gate {
            AckGate::PrecheckWarnings { warnings, .. } => {
                core.update(|r| r.gate = None);
                core.info(format!(
                    "{warnings} precheck warning(s) acknowledged; the upgrade continues"
                ));
            }
            AckGate::NoRollingHeadroom { warnings } => {
                core.update(|r| r.gate = None);
                core.info(format!(
                    "{} cluster(s) without headroom acknowledged; the ESX upgrade goes on",
                    warnings.len()
                ));
            }
            AckGate::RetryableTask {
                bundle_id,
                upgrade_id,
                task_id,
                ..
            } => {
                core.bump_ack_generation();
                let result = core.api.retry_upgrade(&task_id).await;
                core.bump_ack_generation();
                match result {
                    Ok(()) => {}
                    Err(error) if error.status() == Some(409) => {
                        // Refused: either an earlier retry (whose answer was lost) already runs
                        // it, or SDDC Manager will not retry it.
                        let running = core
                            .api
                            .upgrade_status(domain_id, &upgrade_id)
                            .await
                            .is_ok_and(|status| !matches!(status.state, UpgradeTaskState::Failed));
                        if !running {
                            core.error(format!(
                                "SDDC Manager refused to retry the upgrade of bundle \
                                 {bundle_id} (task {task_id}): {error}"
                            ));
                            core.update(|r| r.gate = None);
                            core.transition(WorkflowState::UpgradeFailed)?;
                            core.open_gate();
                            return Ok(());
                        }
                    }
                    Err(error) => {
                        core.warning(format!(
                            "Retrying the upgrade task {task_id} failed: {error}"
                        ));
                        return Err(error.into());
                    }
                }
                core.update(|r| {
                    r.gate = None;
                    r.monitor.seen_errors.clear();
                });
                core.info(format!(
                    "Retrying the failed upgrade of bundle {bundle_id} (task {task_id})"
                ));
            }
        }
        core.transition_if(
            WorkflowState::WaitingForAcknowledgment,
            WorkflowState::UpgradeInProgress,
        )?;
        core.open_gate();
        Ok(())
    }

    /// Whether a run task is alive right now.
    pub fn is_running(&self) -> bool {
        self.task_slot()
            .as_ref()
            .is_some_and(|task| !task.join.is_finished())
    }

    pub fn state(&self) -> WorkflowState {
        self.core().state()
    }

    /// The log book as markdown for a dashboard card (newest entry first).
    pub fn log_markdown(&self) -> String {
        self.core().read(|r| r.log.render_markdown())
    }

    pub fn latest_log_entry(&self) -> Option<LogEntry> {
        self.core().read(|r| r.log.latest().cloned())
    }

    /// The latest message, or "No upgrade activity at this time." (the log sensor's state).
    pub fn latest_log_text(&self) -> String {
        self.core().read(|r| r.log.latest_text())
    }

    /// Every kept entry, oldest first.
    pub fn log_entries(&self) -> Vec<LogEntry> {
        self.core().read(|r| r.log.entries().cloned().collect())
    }

    /// Metrics as of now (a run still going counts up to now).
    pub fn metrics(&self) -> WorkflowMetrics {
        self.core().metrics()
    }

    /// The current or last run's component upgrades, in the order SDDC Manager handed them out
    /// (empty before the first run); durations of running ones count up to now.
    pub fn components(&self) -> Vec<ComponentUpgradeView> {
        let now = self.core().now();
        self.core().read(|r| views::components(r, now))
    }

    /// What the run waits on in `waiting_for_acknowledgment` (empty in any other state):
    /// the server's open alerts, or the engine's own gate (precheck warnings, a failed task).
    pub fn open_alerts(&self) -> Vec<OpenAlert> {
        self.core().read(views::open_alerts)
    }

    /// The VCF version the domain runs after the last completed run.
    pub fn completed_version(&self) -> Option<String> {
        self.core().read(|r| r.completed_version.clone())
    }

    /// Everything needed to continue, versioned and JSON-safe.
    pub fn snapshot(&self) -> WorkflowSnapshot {
        WorkflowSnapshot::of(self.core().read(Clone::clone))
    }

    /// Events from now on (state changes, log entries, progress, metrics, reachability).
    pub fn subscribe(&self) -> broadcast::Receiver<WorkflowEvent> {
        self.core().subscribe()
    }
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
