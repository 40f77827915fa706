//! Task ids and what each stands for (`getTask`, `retryTask`): every download, check run and
//! upgrade is reported as a task.

use std::time::Duration;

use axum::http::StatusCode;

use crate::api_error::ApiError;
use crate::clock::{Clock, SimTime};
use crate::state::Timing;
use crate::vcf52::state::checks::run_task;
use crate::vcf52::state::downloads::download_task;
use crate::vcf52::state::upgrades::{plan_attempt, upgrade_task};
use crate::vcf52::state::{not_found, Domain52, Progress, Vcf52State};
use crate::vcf52::wire;

/// What a task id stands for.
#[derive(Clone, Copy, Debug)]
pub(super) enum TaskRef {
    Download {
        domain: usize,
        bundle: usize,
        attempt: usize,
    },
    Run {
        domain: usize,
        run: usize,
    },
    Upgrade {
        domain: usize,
        upgrade: usize,
    },
}

impl Vcf52State {
    /// `getTask`.
    pub(crate) fn task(
        &self,
        task_id: &str,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let task = self
            .tasks
            .get(task_id)
            .copied()
            .ok_or_else(|| task_not_found(task_id))?;
        match task {
            TaskRef::Download {
                domain,
                bundle,
                attempt,
            } => {
                let owner = self
                    .domains
                    .get(domain)
                    .ok_or_else(|| task_not_found(task_id))?;
                let found = owner
                    .bundles
                    .get(bundle)
                    .ok_or_else(|| task_not_found(task_id))?;
                let download = found
                    .downloads
                    .get(attempt)
                    .ok_or_else(|| task_not_found(task_id))?;
                Ok(download_task(owner, found, download, now, step, clock))
            }
            TaskRef::Run { domain, run } => {
                let owner = self
                    .domains
                    .get(domain)
                    .ok_or_else(|| task_not_found(task_id))?;
                let found = owner.runs.get(run).ok_or_else(|| task_not_found(task_id))?;
                Ok(run_task(owner, found, now, step, clock))
            }
            TaskRef::Upgrade { domain, upgrade } => {
                let owner = self
                    .domains
                    .get(domain)
                    .ok_or_else(|| task_not_found(task_id))?;
                let found = owner
                    .upgrades
                    .get(upgrade)
                    .ok_or_else(|| task_not_found(task_id))?;
                Ok(upgrade_task(owner, found, now, clock))
            }
        }
    }

    /// `retryTask`: only a failed, retryable upgrade task can be retried.
    pub(crate) fn retry_task(
        &mut self,
        task_id: &str,
        now: SimTime,
        timing: &Timing,
    ) -> Result<(), ApiError> {
        let task = self
            .tasks
            .get(task_id)
            .copied()
            .ok_or_else(|| task_not_found(task_id))?;
        let not_retryable = |why: &str| {
            ApiError::new(
                StatusCode::CONFLICT,
                "TASK_NOT_RETRYABLE",
                format!("Task {task_id} cannot be retried: {why}"),
            )
            .with_remediation("Only a failed task with isRetryable=true can be retried")
        };
        let TaskRef::Upgrade { domain, upgrade } = task else {
            return Err(not_retryable("only upgrade tasks are retryable here"));
        };
        let owner = self
            .domains
            .get_mut(domain)
            .ok_or_else(|| task_not_found(task_id))?;
        let scenario = owner.scenario;
        let kind = {
            let found = owner
                .upgrades
                .get(upgrade)
                .ok_or_else(|| task_not_found(task_id))?;
            if Domain52::upgrade_progress(found, now) != Progress::Failed {
                return Err(not_retryable("it has not failed"));
            }
            if !found
                .attempts
                .last()
                .is_some_and(|attempt| attempt.retryable)
            {
                return Err(not_retryable("it is not retryable"));
            }
            owner
                .bundles
                .get(found.bundle)
                .map(|bundle| bundle.kind)
                .ok_or_else(|| task_not_found(task_id))?
        };
        let attempt = plan_attempt(scenario, kind, 1, now, timing);
        if let Some(found) = owner.upgrades.get_mut(upgrade) {
            found.attempts.push(attempt);
        }
        Ok(())
    }
}

fn task_not_found(task_id: &str) -> ApiError {
    not_found(
        "TASK_NOT_FOUND",
        format!("Task with id {task_id} not found"),
    )
}
