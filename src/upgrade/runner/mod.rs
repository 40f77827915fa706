//! The task that drives one run: a loop over the phases, each picking up from what the record
//! says (so a restored record continues mid-phase), and the policy every SDDC Manager call goes
//! through (outage budget, backoff, malformed answers, stop requests).

mod download;
mod monitor;
mod precheck;
mod start;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::api::model::Release;
use crate::api::{ApiError, ApiResult, UpgradeApi};

use super::core::Core;
use super::error::UpgradeError;
use super::events::WorkflowEvent;
use super::state::WorkflowState;
use super::timestamp::human_duration;

/// Why a phase ended before moving the state on.
#[derive(Debug)]
pub(crate) enum Halt {
    /// Stop was requested (integration unload): leave the state as it is.
    Stopped,
    /// Unrecoverable: the run ends in `upgrade_failed` with this reason in the log.
    Failed(String),
    /// SDDC Manager refused a start for VCF's order (424): nothing started, the run waits and
    /// sends it again later. Only the upgrade phase holds for it; anywhere else it fails.
    OrderRefused(String),
}

impl From<UpgradeError> for Halt {
    fn from(error: UpgradeError) -> Self {
        // Only an illegal transition can reach here, i.e. a bug; fail the run rather than
        // leave it in a state the code did not mean.
        Halt::Failed(format!("Internal error: {error}"))
    }
}

pub(crate) type Step<T> = Result<T, Halt>;

/// How the runner treats a failed call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// SDDC Manager is unreachable or overloaded, or the session cannot be renewed right now:
    /// the server-side work goes on, so keep trying within the outage budget.
    Unavailable,
    /// An answer that is not what the API promises: tolerated a few times in a row.
    Invalid,
    /// SDDC Manager said no (4xx), or the client is misconfigured: retrying cannot help.
    Fatal,
}

/// 0–4: which quarter of the way `percent` is. Progress is written to the log book once per
/// quarter; every change still goes out as a progress event.
fn progress_quarter(percent: u8) -> u8 {
    percent.min(100) / 25
}

fn classify(error: &ApiError) -> Failure {
    match error {
        _ if error.is_unavailable() => Failure::Unavailable,
        ApiError::Auth { .. } => Failure::Unavailable,
        // Request timeout and too-many-requests that reached us as plain statuses.
        ApiError::Http {
            status: 408 | 429, ..
        } => Failure::Unavailable,
        ApiError::InvalidResponse { .. } | ApiError::BodyTooLarge { .. } => Failure::Invalid,
        _ => Failure::Fatal,
    }
}

/// Stop request of one run task. A dropped sender (the workflow handle is gone) also stops.
pub(crate) struct StopSignal(watch::Receiver<bool>);

impl StopSignal {
    pub fn new(receiver: watch::Receiver<bool>) -> Self {
        Self(receiver)
    }

    async fn stopped(&mut self) {
        // Err means the sender was dropped: as good as a stop request.
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

pub(crate) struct Runner<A> {
    core: Arc<Core<A>>,
    stop: StopSignal,
    /// Next wait while SDDC Manager is unreachable.
    backoff: Duration,
    /// Malformed answers in a row.
    invalid_streak: u32,
}

impl<A: UpgradeApi> Runner<A> {
    pub fn new(core: Arc<Core<A>>, stop: StopSignal) -> Self {
        let backoff = core.config.outage_backoff_initial;
        Self {
            core,
            stop,
            backoff,
            invalid_streak: 0,
        }
    }

    /// Drives the run until it reaches a terminal state or is stopped.
    pub async fn run(mut self) {
        loop {
            let state = self.core.state();
            let step = match state {
                WorkflowState::TargetingNewVcfVersion => self.target().await,
                WorkflowState::DownloadingBundle => self.download().await,
                WorkflowState::PrecheckRunning => self.precheck().await,
                WorkflowState::UpgradeInProgress | WorkflowState::WaitingForAcknowledgment => {
                    self.monitor().await
                }
                _ => return,
            };
            match step {
                Ok(()) if self.core.state() == state => {
                    // Every phase ends by moving the state; looping on the same phase would
                    // repeat its calls forever.
                    self.fail(&format!(
                        "Internal error: phase {state} ended without a transition"
                    ));
                    return;
                }
                Ok(()) => {}
                Err(Halt::Stopped) => return,
                Err(Halt::Failed(reason) | Halt::OrderRefused(reason)) => {
                    self.fail(&reason);
                    return;
                }
            }
        }
    }

    fn fail(&self, reason: &str) {
        self.core.error(reason);
        if self.core.state().is_active() {
            if let Err(error) = self.core.transition(WorkflowState::UpgradeFailed) {
                log::error!(target: crate::log_targets::UPGRADE, "{error}");
            }
        }
    }

    fn release(&self) -> Step<Release> {
        self.core
            .read(|r| r.release.clone())
            .ok_or_else(|| Halt::Failed("Internal error: the run has no release".into()))
    }

    /// Phase 2: make the release the domain's target (idempotent).
    async fn target(&mut self) -> Step<()> {
        let release = self.release()?;
        let core = self.core.clone();
        let domain_id = core.domain_id();
        let (api, domain, rel) = (&*core.api, domain_id.as_str(), &release);
        self.call(&format!("Targeting VCF {}", release.version), move || {
            api.target_release(domain, rel)
        })
        .await?;
        core.info(format!(
            "Successfully targeted version {} for upgrade",
            release.version
        ));
        core.transition(WorkflowState::DownloadingBundle)?;
        Ok(())
    }

    /// Waits `duration` on the clock, unless a stop comes first or a cancel request ends the
    /// run (no request of the run is in flight here, so it can be decided safely).
    async fn pause(&mut self, duration: Duration) -> Step<()> {
        self.pause_until(duration, std::future::pending()).await
    }

    /// [`Self::pause`], ended early by `wake`.
    async fn pause_until(
        &mut self,
        duration: Duration,
        wake: impl std::future::Future<Output = ()>,
    ) -> Step<()> {
        let mut sleep = self.core.clock.sleep(duration);
        let mut wake = std::pin::pin!(wake);
        loop {
            let cancel_requested = tokio::select! {
                biased;
                () = self.stop.stopped() => return Err(Halt::Stopped),
                () = self.core.cancel_requested() => true,
                () = &mut wake => false,
                () = &mut sleep => false,
            };
            if !cancel_requested {
                return Ok(());
            }
            self.answer_cancel()?;
        }
    }

    /// Answers a pending cancel request: the run ends (`Halt::Stopped`, the state already moved
    /// to `waiting_for_initiation`) unless something is being upgraded on SDDC Manager.
    fn answer_cancel(&self) -> Step<()> {
        let Some(reply) = self.core.take_cancel_request() else {
            return Ok(());
        };
        let result = self.core.cancel_run();
        let cancelled = result.is_ok();
        // The caller may have given up waiting; the decision stands either way.
        let _ = reply.send(result);
        if cancelled {
            Err(Halt::Stopped)
        } else {
            Ok(())
        }
    }

    /// Sends one request, unless a stop comes first. Any answer from the server other than an
    /// unavailability ends an outage.
    async fn attempt<T>(
        &mut self,
        request: impl Future<Output = ApiResult<T>>,
    ) -> Step<ApiResult<T>> {
        let result = tokio::select! {
            biased;
            () = self.stop.stopped() => return Err(Halt::Stopped),
            result = request => result,
        };
        match &result {
            Ok(_) => {
                self.invalid_streak = 0;
                self.reachable();
            }
            Err(error) if classify(error) != Failure::Unavailable => self.reachable(),
            Err(_) => {}
        }
        Ok(result)
    }

    /// An idempotent call, repeated through outages and isolated malformed answers; what is
    /// left (a refusal, a misconfiguration) is returned to the caller.
    async fn call_with<T, F, Fut>(&mut self, mut request: F) -> Step<ApiResult<T>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        loop {
            match self.attempt(request()).await? {
                Ok(value) => return Ok(Ok(value)),
                Err(error) => match classify(&error) {
                    Failure::Unavailable => self.ride_out(&error).await?,
                    Failure::Invalid if self.tolerate_invalid(&error) => {
                        self.pause(self.core.config.upgrade_poll_interval.min(self.backoff))
                            .await?;
                    }
                    Failure::Invalid | Failure::Fatal => return Ok(Err(error)),
                },
            }
        }
    }

    /// [`Self::call_with`] where anything left fails the run with `what` as context.
    async fn call<T, F, Fut>(&mut self, what: &str, request: F) -> Step<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        self.call_with(request)
            .await?
            .map_err(|error| Halt::Failed(format!("{what} failed: {error}")))
    }

    /// Counts a malformed answer; true while more are tolerated.
    fn tolerate_invalid(&mut self, error: &ApiError) -> bool {
        self.invalid_streak += 1;
        if self.invalid_streak >= self.core.config.invalid_response_limit {
            return false;
        }
        self.core.warning(format!(
            "Unexpected answer from SDDC Manager ({error}); trying again"
        ));
        true
    }

    /// SDDC Manager is unreachable: say so once, give up past the outage budget, else wait
    /// (with backoff) before the caller tries again.
    async fn ride_out(&mut self, error: &ApiError) -> Step<()> {
        let now = self.core.now();
        let budget = self.core.config.outage_budget;
        let (since, first) = self.core.update(|r| match r.unreachable_since {
            Some(since) => (since, false),
            None => {
                r.unreachable_since = Some(now);
                (now, true)
            }
        });
        if first {
            self.core.warning(format!(
                "SDDC Manager unreachable ({error}), still monitoring; the run gives up after {} \
                 without an answer",
                human_duration(budget)
            ));
            self.core.emit(WorkflowEvent::ApiUnreachable {
                domain_id: self.core.domain_id(),
                since,
                reason: error.to_string(),
            });
        }
        let outage = now.saturating_since(since);
        if outage >= budget {
            return Err(Halt::Failed(format!(
                "SDDC Manager unreachable for {} (outage budget {}): {error}",
                human_duration(outage),
                human_duration(budget)
            )));
        }
        let wait = self.backoff.min(budget - outage);
        self.backoff = (self.backoff * 2).min(self.core.config.outage_backoff_max);
        self.pause(wait).await
    }

    /// SDDC Manager answered: end an outage, if there was one.
    fn reachable(&mut self) {
        self.backoff = self.core.config.outage_backoff_initial;
        let Some(since) = self.core.update(|r| r.unreachable_since.take()) else {
            return;
        };
        let at = self.core.now();
        let outage = at.saturating_since(since);
        self.core.info(format!(
            "SDDC Manager reachable again after {}; monitoring continues",
            human_duration(outage)
        ));
        self.core.emit(WorkflowEvent::ApiReachable {
            domain_id: self.core.domain_id(),
            at,
            outage_ms: u64::try_from(outage.as_millis()).unwrap_or(u64::MAX),
        });
    }
}
