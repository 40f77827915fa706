//! Starting a server task that must not be started twice (precheck, upgrade).
//!
//! The request is not idempotent, and a failed request may still have reached SDDC Manager
//! (the answer was lost, the connection reset after the server acted). So before the first
//! send the runner notes the newest existing task (the *baseline*); after any unclear failure
//! it looks again, and a task other than the baseline is the one it started: it adopts that
//! task instead of sending again. The number of sends is recorded before each send, so a
//! snapshot taken while one is in flight makes a resumed run look before it sends.

use std::future::Future;

use crate::api::{ApiError, ApiResult, UpgradeApi};
use crate::upgrade::snapshot::{StartTracker, WorkflowRecord};
use crate::upgrade::timestamp::Timestamp;

use super::{classify, Failure, Halt, Runner, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StartKind {
    Precheck,
    /// The component upgrade at this index of the record's `upgrades`.
    Upgrade(usize),
}

impl StartKind {
    fn label(self) -> &'static str {
        match self {
            Self::Precheck => "precheck",
            Self::Upgrade(_) => "upgrade",
        }
    }

    /// The tracker, and a stand-in when the record has no such upgrade (never the case: the
    /// runner adds the upgrade before starting it).
    fn with<R>(self, record: &mut WorkflowRecord, f: impl FnOnce(&mut StartTracker) -> R) -> R {
        match self {
            Self::Precheck => f(&mut record.precheck),
            Self::Upgrade(index) => match record.upgrades.get_mut(index) {
                Some(upgrade) => f(&mut upgrade.tracker),
                None => f(&mut StartTracker::default()),
            },
        }
    }

    /// Notes when this run first sent or adopted a component's upgrade: the dashboard's start
    /// time of the component (a precheck has none).
    fn stamp_start(self, record: &mut WorkflowRecord, at: Timestamp) {
        if let Self::Upgrade(index) = self {
            if let Some(upgrade) = record.upgrades.get_mut(index) {
                upgrade.started_at.get_or_insert(at);
            }
        }
    }
}

/// A server task as far as starting it is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TaskRef {
    pub id: String,
    /// It has ended (successfully or not): an old task, never adopted as a running one.
    pub finished: bool,
}

/// A refusal is a definite "no": SDDC Manager looked at the request and did nothing.
fn is_refusal(error: &ApiError) -> bool {
    matches!(error.status(), Some(400..=499)) && classify(error) == Failure::Fatal
}

impl<A: UpgradeApi> Runner<A> {
    /// Returns the id of the task this run follows, starting it only if it certainly is not
    /// running yet.
    pub(super) async fn start_once<F, FindFut, S, SendFut>(
        &mut self,
        kind: StartKind,
        mut find: F,
        mut send: S,
    ) -> Step<String>
    where
        F: FnMut() -> FindFut,
        FindFut: Future<Output = ApiResult<Option<TaskRef>>>,
        S: FnMut() -> SendFut,
        SendFut: Future<Output = ApiResult<TaskRef>>,
    {
        let label = kind.label();
        let tracker = self.core.update(|r| kind.with(r, |t| t.clone()));
        if let Some(id) = tracker.id {
            return Ok(id);
        }
        if !tracker.baseline_checked {
            let existing = self
                .call(&format!("Looking up existing {label}s"), &mut find)
                .await?;
            if let Some(task) = existing.as_ref().filter(|task| !task.finished) {
                self.adopt(kind, &task.id);
                self.core.info(format!(
                    "Following the {label} already running on SDDC Manager ({})",
                    task.id
                ));
                return Ok(task.id.clone());
            }
            self.core.update(|r| {
                kind.with(r, |tracker| {
                    tracker.baseline_checked = true;
                    tracker.baseline_id = existing.map(|task| task.id);
                });
            });
        } else if tracker.sends > 0 {
            if let Some(id) = self.find_ours(kind, &mut find).await? {
                self.core.info(format!(
                    "Following the {label} started before the restart ({id})"
                ));
                return Ok(id);
            }
        }
        loop {
            let now = self.core.now();
            self.core.update(|r| {
                kind.with(r, |t| t.sends += 1);
                kind.stamp_start(r, now);
            });
            match self.attempt(send()).await? {
                Ok(task) => {
                    self.adopt(kind, &task.id);
                    self.core.info(format!("Started the {label} ({})", task.id));
                    return Ok(task.id);
                }
                Err(error) if is_refusal(&error) && error.is_order_refusal() => {
                    // A definite "not yet": nothing started, so this send does not count as one
                    // that may have reached SDDC Manager.
                    self.core
                        .update(|r| kind.with(r, |t| t.sends = t.sends.saturating_sub(1)));
                    return Err(Halt::OrderRefused(format!(
                        "Waiting for VCF's upgrade order: {}",
                        error.server_explanation()
                    )));
                }
                Err(error) if is_refusal(&error) => {
                    // 409 may mean our own earlier (unclear) request did start it.
                    if error.status() == Some(409) {
                        if let Some(id) = self.find_ours(kind, &mut find).await? {
                            self.core
                                .info(format!("Following the {label} already started ({id})"));
                            return Ok(id);
                        }
                    }
                    return Err(Halt::Failed(format!(
                        "SDDC Manager refused to start the {label}: {error}"
                    )));
                }
                Err(error) => {
                    self.core.warning(format!(
                        "Starting the {label} failed ({error}); checking whether SDDC Manager \
                         received the request before sending it again"
                    ));
                    match classify(&error) {
                        Failure::Unavailable => self.ride_out(&error).await?,
                        Failure::Invalid if self.tolerate_invalid(&error) => {}
                        Failure::Invalid | Failure::Fatal => {
                            return Err(Halt::Failed(format!(
                                "Starting the {label} failed: {error}"
                            )));
                        }
                    }
                    if let Some(id) = self.find_ours(kind, &mut find).await? {
                        self.core.info(format!(
                            "SDDC Manager had received the request: following the {label} ({id})"
                        ));
                        return Ok(id);
                    }
                }
            }
        }
    }

    /// The task this run started, if SDDC Manager has one that is not the baseline.
    async fn find_ours<F, FindFut>(&mut self, kind: StartKind, find: F) -> Step<Option<String>>
    where
        F: FnMut() -> FindFut,
        FindFut: Future<Output = ApiResult<Option<TaskRef>>>,
    {
        let label = kind.label();
        let found = self
            .call(&format!("Looking up the {label} just requested"), find)
            .await?;
        let baseline = self
            .core
            .update(|r| kind.with(r, |t| t.baseline_id.clone()));
        match found {
            Some(task) if Some(&task.id) != baseline.as_ref() => {
                self.adopt(kind, &task.id);
                Ok(Some(task.id))
            }
            _ => Ok(None),
        }
    }

    fn adopt(&self, kind: StartKind, id: &str) {
        let now = self.core.now();
        self.core.update(|r| {
            kind.with(r, |t| t.id = Some(id.to_owned()));
            kind.stamp_start(r, now);
        });
    }
}
