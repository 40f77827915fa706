//! Run metrics: how long a run and each of its phases and components took, and totals across
//! the runs of one domain. Times come from the workflow's clock; durations are milliseconds so
//! the serialized form is plain JSON numbers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::state::WorkflowState;
use super::timestamp::Timestamp;

/// One run (the current one, or the last one once it ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunMetrics {
    /// 1 for the domain's first run (counted by this engine), 2 for the next...
    pub run: u32,
    pub release_version: Option<String>,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    /// Start to end; for a run still going, start to the time the metrics were read.
    pub duration_ms: u64,
    /// The terminal state the run ended in.
    pub outcome: Option<WorkflowState>,
    /// Time spent in each active state (a state entered twice adds up).
    pub state_ms: BTreeMap<WorkflowState, u64>,
    /// Time each upgrade component was the monitor's current component.
    pub component_ms: BTreeMap<String, u64>,
    pub alerts_raised: u32,
    /// The state being timed and since when (open interval, closed on the next transition).
    pub current_state: Option<WorkflowState>,
    pub current_state_since: Option<Timestamp>,
    /// The component being timed and since when.
    pub current_component: Option<String>,
    pub current_component_since: Option<Timestamp>,
}

/// Totals across the runs of one domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainTotals {
    /// Runs started (a start that found no update is not a run).
    pub runs: u32,
    /// Runs that ended in `upgrade_completed`.
    pub successes: u32,
    /// Runs that ended in `precheck_failed` or `upgrade_failed`.
    pub failures: u32,
    /// Of the failures, those stopped by the precheck.
    pub precheck_failures: u32,
    /// Alerts raised across all runs.
    pub alerts: u32,
}

/// What [`super::DomainWorkflow::metrics`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowMetrics {
    pub domain_id: String,
    pub totals: DomainTotals,
    /// The current run, or the last one; `None` before the first run.
    pub run: Option<RunMetrics>,
}

/// The metrics a workflow keeps (and snapshots).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricsBook {
    pub totals: DomainTotals,
    pub run: Option<RunMetrics>,
}

fn ms_between(from: Timestamp, to: Timestamp) -> u64 {
    u64::try_from(to.saturating_since(from).as_millis()).unwrap_or(u64::MAX)
}

impl RunMetrics {
    fn close_state(&mut self, now: Timestamp) {
        if let (Some(state), Some(since)) =
            (self.current_state.take(), self.current_state_since.take())
        {
            *self.state_ms.entry(state).or_default() += ms_between(since, now);
        }
    }

    fn close_component(&mut self, now: Timestamp) {
        if let (Some(component), Some(since)) = (
            self.current_component.take(),
            self.current_component_since.take(),
        ) {
            *self.component_ms.entry(component).or_default() += ms_between(since, now);
        }
    }

    pub fn is_finished(&self) -> bool {
        self.ended_at.is_some()
    }
}

impl MetricsBook {
    /// A run starts at `now` in `state`.
    pub fn begin_run(
        &mut self,
        now: Timestamp,
        state: WorkflowState,
        release_version: Option<String>,
    ) {
        self.totals.runs += 1;
        self.run = Some(RunMetrics {
            run: self.totals.runs,
            release_version,
            started_at: now,
            ended_at: None,
            duration_ms: 0,
            outcome: None,
            state_ms: BTreeMap::new(),
            component_ms: BTreeMap::new(),
            alerts_raised: 0,
            current_state: Some(state),
            current_state_since: Some(now),
            current_component: None,
            current_component_since: None,
        });
    }

    /// The run moved to `state` at `now`: the previous state's time is booked; a terminal state
    /// ends the run and counts it. Back in `waiting_for_initiation` (a precheck-only run that
    /// passed, a cancelled run) the run ends too, counted as neither success nor failure.
    pub fn enter_state(&mut self, now: Timestamp, state: WorkflowState) {
        let Some(run) = self.run.as_mut().filter(|run| !run.is_finished()) else {
            return;
        };
        run.close_state(now);
        if state == WorkflowState::WaitingForInitiation {
            run.close_component(now);
            run.ended_at = Some(now);
            run.duration_ms = ms_between(run.started_at, now);
            run.outcome = Some(state);
        } else if state.is_terminal() {
            run.close_component(now);
            run.ended_at = Some(now);
            run.duration_ms = ms_between(run.started_at, now);
            run.outcome = Some(state);
            match state {
                WorkflowState::UpgradeCompleted => self.totals.successes += 1,
                WorkflowState::PrecheckFailed => {
                    self.totals.failures += 1;
                    self.totals.precheck_failures += 1;
                }
                _ => self.totals.failures += 1,
            }
        } else {
            run.current_state = Some(state);
            run.current_state_since = Some(now);
        }
    }

    /// The monitor reported `component` (or none) as the one being upgraded.
    pub fn component_changed(&mut self, now: Timestamp, component: Option<&str>) {
        let Some(run) = self.run.as_mut().filter(|run| !run.is_finished()) else {
            return;
        };
        if run.current_component.as_deref() == component {
            return;
        }
        run.close_component(now);
        if let Some(component) = component {
            run.current_component = Some(component.to_owned());
            run.current_component_since = Some(now);
        }
    }

    pub fn alerts_raised(&mut self, count: u32) {
        self.totals.alerts += count;
        if let Some(run) = self.run.as_mut() {
            run.alerts_raised += count;
        }
    }

    /// The metrics as of `now`: open intervals of a run still going count up to `now` (without
    /// closing them in the book).
    pub fn view(&self, domain_id: &str, now: Timestamp) -> WorkflowMetrics {
        let run = self.run.clone().map(|mut run| {
            if !run.is_finished() {
                run.duration_ms = ms_between(run.started_at, now);
                if let (Some(state), Some(since)) = (run.current_state, run.current_state_since) {
                    *run.state_ms.entry(state).or_default() += ms_between(since, now);
                    run.current_state_since = Some(now);
                }
                if let (Some(component), Some(since)) =
                    (run.current_component.clone(), run.current_component_since)
                {
                    *run.component_ms.entry(component).or_default() += ms_between(since, now);
                    run.current_component_since = Some(now);
                }
            }
            run
        });
        WorkflowMetrics {
            domain_id: domain_id.to_owned(),
            totals: self.totals.clone(),
            run,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::WorkflowState::*;
    use super::*;
    use crate::clock::{Clock, VirtualClock};

    fn now(clock: &VirtualClock) -> Timestamp {
        Timestamp::from_system(clock.now())
    }

    #[tokio::test]
    async fn durations_per_state_and_component_add_up() {
        let clock = VirtualClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000));
        let mut book = MetricsBook::default();
        book.begin_run(now(&clock), TargetingNewVcfVersion, Some("5.2.1.0".into()));
        clock.sleep(Duration::from_secs(2)).await;
        book.enter_state(now(&clock), DownloadingBundle);
        clock.sleep(Duration::from_secs(30)).await;
        book.enter_state(now(&clock), PrecheckRunning);
        clock.sleep(Duration::from_secs(10)).await;
        book.enter_state(now(&clock), UpgradeInProgress);
        book.component_changed(now(&clock), Some("SDDC_MANAGER"));
        clock.sleep(Duration::from_secs(100)).await;
        book.component_changed(now(&clock), Some("NSX_T_MANAGER"));
        clock.sleep(Duration::from_secs(5)).await;
        book.enter_state(now(&clock), WaitingForAcknowledgment);
        book.alerts_raised(2);
        clock.sleep(Duration::from_secs(60)).await;

        // A live view counts the open intervals up to now without closing them.
        let live = book.view("d1", now(&clock));
        let run = live.run.as_ref().unwrap();
        assert_eq!(run.duration_ms, 207_000);
        assert_eq!(run.state_ms[&WaitingForAcknowledgment], 60_000);
        assert_eq!(run.component_ms["NSX_T_MANAGER"], 65_000);
        assert!(!run.is_finished());

        book.enter_state(now(&clock), UpgradeInProgress);
        clock.sleep(Duration::from_secs(15)).await;
        book.component_changed(now(&clock), None);
        clock.sleep(Duration::from_secs(1)).await;
        book.enter_state(now(&clock), UpgradeCompleted);

        let later = Timestamp::from_unix_millis(now(&clock).unix_millis() + 999_000);
        let metrics = book.view("d1", later);
        let run = metrics.run.unwrap();
        assert_eq!(run.started_at.unix_millis(), 1_000_000);
        assert_eq!(run.ended_at.map(Timestamp::unix_millis), Some(1_223_000));
        assert_eq!(run.duration_ms, 223_000);
        assert_eq!(run.outcome, Some(UpgradeCompleted));
        assert_eq!(run.state_ms[&TargetingNewVcfVersion], 2_000);
        assert_eq!(run.state_ms[&DownloadingBundle], 30_000);
        assert_eq!(run.state_ms[&PrecheckRunning], 10_000);
        assert_eq!(run.state_ms[&UpgradeInProgress], 105_000 + 16_000);
        assert_eq!(run.state_ms[&WaitingForAcknowledgment], 60_000);
        assert_eq!(run.state_ms.values().sum::<u64>(), run.duration_ms);
        assert_eq!(run.component_ms["SDDC_MANAGER"], 100_000);
        assert_eq!(run.component_ms["NSX_T_MANAGER"], 5_000 + 60_000 + 15_000);
        assert_eq!(run.alerts_raised, 2);
        assert_eq!(
            metrics.totals,
            DomainTotals {
                runs: 1,
                successes: 1,
                failures: 0,
                precheck_failures: 0,
                alerts: 2
            }
        );
    }

    #[test]
    fn totals_count_every_outcome_and_a_new_run_resets_the_run() {
        let mut book = MetricsBook::default();
        let t = Timestamp::from_unix_millis;
        book.begin_run(t(0), TargetingNewVcfVersion, None);
        book.enter_state(t(10), UpgradeFailed);
        book.begin_run(t(20), TargetingNewVcfVersion, None);
        book.enter_state(t(21), DownloadingBundle);
        book.enter_state(t(22), PrecheckRunning);
        book.enter_state(t(30), PrecheckFailed);
        // Transitions after the end change nothing.
        book.enter_state(t(40), UpgradeFailed);
        book.alerts_raised(1);
        book.begin_run(t(50), TargetingNewVcfVersion, None);
        book.enter_state(t(60), UpgradeCompleted);
        assert_eq!(
            book.totals,
            DomainTotals {
                runs: 3,
                successes: 1,
                failures: 2,
                precheck_failures: 1,
                alerts: 1
            }
        );
        let run = book.run.as_ref().unwrap();
        assert_eq!((run.run, run.duration_ms, run.alerts_raised), (3, 10, 0));
        let json = serde_json::to_value(&book).unwrap();
        assert_eq!(json["run"]["state_ms"]["targeting_new_vcf_version"], 10);
        assert_eq!(serde_json::from_value::<MetricsBook>(json).unwrap(), book);
    }
}
