//! State shared by a workflow handle and its run task: the record behind one lock, the event
//! channel, and the only code that writes the log book or changes the state.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::broadcast;

use crate::api::model::UpgradeStatus;
use crate::api::{ApiError, ApiResult, UpgradeApi};
use crate::clock::SharedClock;
use crate::log_targets;

use super::config::WorkflowConfig;
use super::error::UpgradeError;
use super::events::WorkflowEvent;
use super::logbook::{LogEntry, LogLevel};
use super::metrics::WorkflowMetrics;
use super::snapshot::WorkflowRecord;
use super::state::{self, WorkflowState};
use super::timestamp::Timestamp;

pub(crate) struct Core<A> {
    pub api: Arc<A>,
    pub clock: SharedClock,
    pub config: WorkflowConfig,
    record: Mutex<WorkflowRecord>,
    events: broadcast::Sender<WorkflowEvent>,
    /// Bumped around every acknowledge call: a monitor poll that overlapped one may describe
    /// the upgrade from before the acknowledgment and is discarded.
    ack_generation: AtomicU64,
    /// Woken when the engine's own acknowledgment gate opens, so the run goes on at once.
    gate_opened: tokio::sync::Notify,
    /// A cancel request waiting for the run task to answer at its next wait (when no request
    /// of the run is in flight).
    cancel_request: Mutex<Option<CancelReply>>,
    cancel_requested: tokio::sync::Notify,
    /// Woken when something outside the run (another domain's upgrade went on) may have lifted
    /// what VCF's order holds it for, so it looks again before its next order poll.
    order_may_allow: tokio::sync::Notify,
}

/// Where the run task answers a cancel request.
pub(crate) type CancelReply = tokio::sync::oneshot::Sender<Result<(), UpgradeError>>;

/// Whether a failed acknowledge call is kept for later: SDDC Manager is unreachable, overloaded
/// or restarting (connection errors, timeouts, rate limits, 5xx, 408).
fn keeps_acknowledgment(error: &ApiError) -> bool {
    error.is_unavailable() || error.status() == Some(408)
}

impl<A: UpgradeApi> Core<A> {
    pub fn new(
        api: Arc<A>,
        clock: SharedClock,
        config: WorkflowConfig,
        record: WorkflowRecord,
    ) -> Self {
        let (events, _) = broadcast::channel(config.event_capacity.max(1));
        Self {
            api,
            clock,
            config,
            record: Mutex::new(record),
            events,
            ack_generation: AtomicU64::new(0),
            gate_opened: tokio::sync::Notify::new(),
            cancel_request: Mutex::new(None),
            cancel_requested: tokio::sync::Notify::new(),
            order_may_allow: tokio::sync::Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, WorkflowRecord> {
        // Every update below leaves the record consistent before it can panic (there is no
        // panicking code between two related writes), so a poisoned lock is still usable.
        self.record.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::from_system(self.clock.now())
    }

    pub fn read<R>(&self, f: impl FnOnce(&WorkflowRecord) -> R) -> R {
        f(&self.lock())
    }

    pub fn update<R>(&self, f: impl FnOnce(&mut WorkflowRecord) -> R) -> R {
        f(&mut self.lock())
    }

    pub fn state(&self) -> WorkflowState {
        self.read(WorkflowRecord::state)
    }

    pub fn domain_id(&self) -> String {
        self.read(|r| r.domain_id.clone())
    }

    pub fn subscribe(&self) -> broadcast::Receiver<WorkflowEvent> {
        self.events.subscribe()
    }

    pub fn emit(&self, event: WorkflowEvent) {
        // No subscriber is not an error: the Home Assistant layer may not be listening yet.
        let _ = self.events.send(event);
    }

    pub fn metrics(&self) -> WorkflowMetrics {
        let now = self.now();
        self.read(|r| r.metrics.view(&r.domain_id, now))
    }

    pub fn emit_metrics(&self) {
        let metrics = self.metrics();
        self.emit(WorkflowEvent::MetricsUpdated {
            domain_id: metrics.domain_id.clone(),
            metrics,
        });
    }

    /// Writes an entry to the log book, to the `log` crate (Python logging) and to listeners.
    pub fn log(&self, level: LogLevel, message: impl Into<String>) {
        let message = message.into();
        let at = self.now();
        let entry = LogEntry { at, level, message };
        let domain_id = self.update(|r| {
            r.log.push(entry.clone());
            r.domain_id.clone()
        });
        log::log!(target: log_targets::UPGRADE, level.log_level(), "[{domain_id}] {}", entry.message);
        self.emit(WorkflowEvent::Log { domain_id, entry });
    }

    pub fn info(&self, message: impl Into<String>) {
        self.log(LogLevel::Info, message);
    }

    pub fn warning(&self, message: impl Into<String>) {
        self.log(LogLevel::Warning, message);
    }

    pub fn error(&self, message: impl Into<String>) {
        self.log(LogLevel::Error, message);
    }

    /// Moves the state machine to `to` through [`state::transition`], with `prepare` applied to
    /// the record in the same critical section (so a new run's reset and its first state are
    /// seen together). Refused moves change nothing.
    pub fn transition_with(
        &self,
        to: WorkflowState,
        prepare: impl FnOnce(&mut WorkflowRecord),
    ) -> Result<(), UpgradeError> {
        self.move_state(None, to, prepare).map(|_| ())
    }

    pub fn transition(&self, to: WorkflowState) -> Result<(), UpgradeError> {
        self.transition_with(to, |_| {})
    }

    /// Moves `from` -> `to` only if the state is still `from`: the runner and an acknowledge
    /// call may race to leave `waiting_for_acknowledgment`, and the loser must not move again.
    /// Returns whether it moved.
    pub fn transition_if(
        &self,
        from: WorkflowState,
        to: WorkflowState,
    ) -> Result<bool, UpgradeError> {
        self.move_state(Some(from), to, |_| {})
    }

    fn move_state(
        &self,
        expected: Option<WorkflowState>,
        to: WorkflowState,
        prepare: impl FnOnce(&mut WorkflowRecord),
    ) -> Result<bool, UpgradeError> {
        let at = self.now();
        let (from, domain_id) = {
            let mut record = self.lock();
            let from = record.state();
            if expected.is_some_and(|expected| expected != from) {
                return Ok(false);
            }
            state::transition(from, to)?;
            prepare(&mut record);
            record.move_to(to)?;
            // Every way a run fails goes through here (a failed task, a refused retry, an
            // outage past its budget), so the failed component's end is stamped once, here.
            if to == WorkflowState::UpgradeFailed {
                record.component_failed(at);
            }
            if to == WorkflowState::TargetingNewVcfVersion {
                let version = record.release.as_ref().map(|r| r.version.clone());
                record.metrics.begin_run(at, to, version);
            } else {
                record.metrics.enter_state(at, to);
            }
            (from, record.domain_id.clone())
        };
        log::info!(target: log_targets::UPGRADE, "[{domain_id}] state {from} -> {to}");
        self.emit(WorkflowEvent::StateChanged {
            domain_id,
            from,
            to,
            at,
        });
        self.emit_metrics();
        Ok(true)
    }

    /// Acts on the answer to an acknowledge call: the caller's (`kept` false) or the one the
    /// run sends for a kept acknowledgment (`kept` true). Success and a 409 (no open alerts
    /// left) end the wait; an unavailable SDDC Manager keeps the acknowledgment for the run to
    /// send after its next successful poll; anything else drops it and is returned.
    pub fn settle_acknowledgment(
        &self,
        result: ApiResult<UpgradeStatus>,
        kept: bool,
    ) -> Result<Result<(), ApiError>, UpgradeError> {
        match result {
            Ok(_) => {
                self.update(|r| r.acknowledgment_pending = false);
                self.info(if kept {
                    "SDDC Manager is back: the kept acknowledgment was sent; the upgrade continues"
                } else {
                    "Upgrade alerts acknowledged; the upgrade continues"
                });
            }
            Err(error) if error.status() == Some(409) => {
                self.update(|r| r.acknowledgment_pending = false);
                self.warning(format!(
                    "No open alerts to acknowledge ({error}); the upgrade continues"
                ));
            }
            Err(error) if keeps_acknowledgment(&error) => {
                let newly =
                    self.update(|r| !std::mem::replace(&mut r.acknowledgment_pending, true));
                if newly {
                    self.info(format!(
                        "SDDC Manager is unreachable ({error}); the acknowledgment is kept and will \
                         be sent when SDDC Manager is back"
                    ));
                }
                return Ok(Ok(()));
            }
            Err(error) => {
                self.update(|r| r.acknowledgment_pending = false);
                self.warning(if kept {
                    format!("Sending the kept acknowledgment failed: {error}")
                } else {
                    format!("Acknowledging the upgrade alerts failed: {error}")
                });
                return Ok(Err(error));
            }
        }
        self.transition_if(
            WorkflowState::WaitingForAcknowledgment,
            WorkflowState::UpgradeInProgress,
        )?;
        Ok(Ok(()))
    }

    pub fn ack_generation(&self) -> u64 {
        self.ack_generation.load(Ordering::SeqCst)
    }

    pub fn bump_ack_generation(&self) {
        self.ack_generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Hands a cancel request to the run task (see [`Self::take_cancel_request`]).
    pub fn request_cancel(&self, reply: CancelReply) {
        *self
            .cancel_request
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(reply);
        // notify_one keeps a permit when the task is not waiting right now.
        self.cancel_requested.notify_one();
    }

    /// Resolves when a cancel request arrives (or already arrived).
    pub async fn cancel_requested(&self) {
        self.cancel_requested.notified().await;
    }

    pub fn take_cancel_request(&self) -> Option<CancelReply> {
        self.cancel_request
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// Ends the run in `waiting_for_initiation` if nothing is being upgraded on SDDC Manager
    /// (see [`WorkflowRecord::cancel_blocker`]). Called only where nothing of the run can
    /// start meanwhile: by the run task at one of its waits, or while no run task is alive.
    pub fn cancel_run(&self) -> Result<(), UpgradeError> {
        let (state, blocker) = self.read(|r| (r.state(), r.cancel_blocker()));
        if !state.is_active() {
            return Err(UpgradeError::InvalidState {
                action: "cancel the upgrade run",
                state,
            });
        }
        if let Some(reason) = blocker {
            return Err(UpgradeError::CannotCancel {
                domain_id: self.domain_id(),
                reason,
            });
        }
        self.transition_with(WorkflowState::WaitingForInitiation, |r| {
            r.order_wait = None;
            r.gate = None;
            r.acknowledgment_pending = false;
        })?;
        self.info(format!(
            "Upgrade run cancelled in state {state}. What SDDC Manager already did (target, \
             downloads, finished component upgrades) stays; a new run continues from there"
        ));
        Ok(())
    }

    /// Asks a run held by VCF's order to look again now (see [`Self::order_may_allow`]).
    pub fn recheck_order(&self) {
        // notify_one keeps a permit when the run is between two looks: it looks once more.
        self.order_may_allow.notify_one();
    }

    /// Resolves at the next [`Self::recheck_order`] (or at once for one made meanwhile).
    pub async fn order_may_allow(&self) {
        self.order_may_allow.notified().await;
    }

    /// Wakes a run waiting at the engine's gate (see [`Self::gate_opened`]).
    pub fn open_gate(&self) {
        self.gate_opened.notify_waiters();
    }

    /// Resolves at the next [`Self::open_gate`] after it was created.
    pub fn gate_opened(&self) -> tokio::sync::futures::Notified<'_> {
        self.gate_opened.notified()
    }
}
