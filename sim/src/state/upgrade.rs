//! Upgrades: components one after the other, optionally pausing for alerts or failing.
//!
//! An upgrade is stored as its plan (what each component takes, where it pauses, where it
//! fails) plus the acknowledgements it received; [`UpgradeRun::evaluate`] replays the plan up
//! to a given instant. A pause has no end until it is acknowledged, so a paused upgrade does
//! not advance however long nobody looks.

use std::time::Duration;

use crate::catalog::ComponentKind;
use crate::clock::{activity_finished, percent_through, SimTime};
use crate::state::precheck::Severity;

/// `Upgrade.status`, also used for each component (with `Pending` before it starts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UpgradeStatus {
    Pending,
    InProgress,
    WaitingForAcknowledgment,
    CompletedWithSuccess,
    CompletedWithFailure,
}

impl UpgradeStatus {
    pub(crate) fn wire_name(self) -> &'static str {
        match self {
            UpgradeStatus::Pending => "PENDING",
            UpgradeStatus::InProgress => "IN_PROGRESS",
            UpgradeStatus::WaitingForAcknowledgment => "WAITING_FOR_ACKNOWLEDGMENT",
            UpgradeStatus::CompletedWithSuccess => "COMPLETED_WITH_SUCCESS",
            UpgradeStatus::CompletedWithFailure => "COMPLETED_WITH_FAILURE",
        }
    }

    pub(crate) fn is_finished(self) -> bool {
        matches!(
            self,
            UpgradeStatus::CompletedWithSuccess | UpgradeStatus::CompletedWithFailure
        )
    }
}

/// One component of the plan.
#[derive(Clone, Debug)]
pub(crate) struct PlannedComponent {
    pub(crate) kind: ComponentKind,
    pub(crate) duration: Duration,
}

/// An alert the upgrade raises when it reaches its pause.
#[derive(Clone, Debug)]
pub(crate) struct PlannedAlert {
    pub(crate) id: String,
    pub(crate) severity: Severity,
    pub(crate) component: ComponentKind,
    pub(crate) message: String,
    pub(crate) acknowledged_at: Option<SimTime>,
}

/// Where the upgrade stops for alerts, and the alerts it raises there.
#[derive(Clone, Debug)]
pub(crate) struct PlannedPause {
    /// The pause comes right after this component (index into the plan) completes.
    pub(crate) after_component: usize,
    pub(crate) alerts: Vec<PlannedAlert>,
}

impl PlannedPause {
    /// When the last open alert was acknowledged, or `None` while one is still open.
    fn resumed_at(&self) -> Option<SimTime> {
        self.alerts
            .iter()
            .map(|alert| alert.acknowledged_at)
            .try_fold(SimTime::default(), |latest, acknowledged| {
                acknowledged.map(|at| latest.max(at))
            })
    }
}

/// Why an acknowledgement was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AcknowledgeError {
    /// The upgrade is not waiting for any of the named (or any) alerts.
    NothingToAcknowledge,
    /// One of the named alerts does not belong to this upgrade.
    UnknownAlert(String),
}

/// The state of one component at some instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ComponentState {
    pub(crate) status: UpgradeStatus,
    pub(crate) started_at: Option<SimTime>,
    pub(crate) finished_at: Option<SimTime>,
}

/// The state of a whole upgrade at some instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UpgradeState {
    pub(crate) status: UpgradeStatus,
    pub(crate) components: Vec<ComponentState>,
    /// Index of the component in progress.
    pub(crate) current_component: Option<usize>,
    pub(crate) progress_percent: u8,
    pub(crate) finished_at: Option<SimTime>,
    /// When the pause was reached (and its alerts raised), if it was.
    pub(crate) alerts_raised_at: Option<SimTime>,
}

/// One upgrade of a domain.
#[derive(Clone, Debug)]
pub(crate) struct UpgradeRun {
    pub(crate) id: String,
    pub(crate) release_id: String,
    pub(crate) created_at: SimTime,
    pub(crate) components: Vec<PlannedComponent>,
    /// Index of the component that fails (the `upgrade-fails` scenario).
    pub(crate) failing_component: Option<usize>,
    pub(crate) pause: Option<PlannedPause>,
}

impl UpgradeRun {
    /// Replays the plan up to `now`.
    pub(crate) fn evaluate(&self, now: SimTime) -> UpgradeState {
        let total = self.components.len();
        let pending = ComponentState {
            status: UpgradeStatus::Pending,
            started_at: None,
            finished_at: None,
        };
        let mut state = UpgradeState {
            status: UpgradeStatus::InProgress,
            components: vec![pending; total],
            current_component: None,
            progress_percent: 0,
            finished_at: None,
            alerts_raised_at: None,
        };
        let mut cursor = self.created_at;
        for (index, planned) in self.components.iter().enumerate() {
            let start = cursor;
            if now < start {
                // Only reachable when an acknowledgement lies in the future, which the
                // monotonic clock rules out; report the gap as "between components".
                state.progress_percent = overall_percent(index, 0, total);
                return state;
            }
            let component = &mut state.components[index];
            component.started_at = Some(start);
            if !activity_finished(now, start, planned.duration) {
                component.status = UpgradeStatus::InProgress;
                state.current_component = Some(index);
                let partial = percent_through(now, start, planned.duration);
                state.progress_percent = overall_percent(index, partial, total);
                return state;
            }
            let end = start.saturating_add(planned.duration);
            component.finished_at = Some(end);
            if self.failing_component == Some(index) {
                component.status = UpgradeStatus::CompletedWithFailure;
                state.status = UpgradeStatus::CompletedWithFailure;
                state.finished_at = Some(end);
                state.progress_percent = overall_percent(index, 0, total);
                return state;
            }
            component.status = UpgradeStatus::CompletedWithSuccess;
            cursor = end;
            if let Some(pause) = self
                .pause
                .as_ref()
                .filter(|pause| pause.after_component == index)
            {
                state.alerts_raised_at = Some(end);
                match pause.resumed_at() {
                    Some(resumed_at) => cursor = cursor.max(resumed_at),
                    None => {
                        state.status = UpgradeStatus::WaitingForAcknowledgment;
                        state.progress_percent = overall_percent(index + 1, 0, total);
                        return state;
                    }
                }
            }
        }
        state.status = UpgradeStatus::CompletedWithSuccess;
        state.finished_at = Some(cursor);
        state.progress_percent = 100;
        state
    }

    /// Acknowledges the named alerts (every open one when `alert_ids` is `None`) at `now`.
    pub(crate) fn acknowledge(
        &mut self,
        now: SimTime,
        alert_ids: Option<&[String]>,
    ) -> Result<(), AcknowledgeError> {
        let waiting = self.evaluate(now).status == UpgradeStatus::WaitingForAcknowledgment;
        let Some(pause) = self.pause.as_mut() else {
            return match alert_ids.and_then(|ids| ids.first()) {
                Some(id) => Err(AcknowledgeError::UnknownAlert(id.clone())),
                None => Err(AcknowledgeError::NothingToAcknowledge),
            };
        };
        if let Some(unknown) = alert_ids.and_then(|ids| {
            ids.iter()
                .find(|id| !pause.alerts.iter().any(|alert| &alert.id == *id))
        }) {
            return Err(AcknowledgeError::UnknownAlert(unknown.clone()));
        }
        if !waiting {
            return Err(AcknowledgeError::NothingToAcknowledge);
        }
        let mut acknowledged_any = false;
        for alert in pause.alerts.iter_mut().filter(|alert| {
            alert.acknowledged_at.is_none()
                && alert_ids.is_none_or(|ids| ids.iter().any(|id| id == &alert.id))
        }) {
            alert.acknowledged_at = Some(now);
            acknowledged_any = true;
        }
        if acknowledged_any {
            Ok(())
        } else {
            Err(AcknowledgeError::NothingToAcknowledge)
        }
    }

    /// The alerts raised so far (none before the upgrade reaches its pause).
    pub(crate) fn raised_alerts(&self, state: &UpgradeState) -> &[PlannedAlert] {
        match (&self.pause, state.alerts_raised_at) {
            (Some(pause), Some(_)) => &pause.alerts,
            _ => &[],
        }
    }
}

/// Overall progress with `completed` components done and `partial` percent of the next.
/// Stays below 100 until the upgrade has succeeded.
fn overall_percent(completed: usize, partial: u8, total: usize) -> u8 {
    if total == 0 {
        return 0;
    }
    let done = completed
        .saturating_mul(100)
        .saturating_add(usize::from(partial));
    u8::try_from((done / total).min(99)).unwrap_or(99)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: Duration = Duration::from_millis(100);

    fn at(millis: u64) -> SimTime {
        SimTime::from_millis(millis)
    }

    fn plan(step: Duration) -> UpgradeRun {
        UpgradeRun {
            id: String::from("u"),
            release_id: String::from("5.2.1.0"),
            created_at: at(1_000),
            components: ComponentKind::UPGRADE_ORDER
                .iter()
                .map(|&kind| PlannedComponent {
                    kind,
                    duration: step,
                })
                .collect(),
            failing_component: None,
            pause: None,
        }
    }

    fn with_alert(mut run: UpgradeRun) -> UpgradeRun {
        run.pause = Some(PlannedPause {
            after_component: 1,
            alerts: vec![PlannedAlert {
                id: String::from("alert-1"),
                severity: Severity::Warning,
                component: ComponentKind::NsxTManager,
                message: String::from("check the edges"),
                acknowledged_at: None,
            }],
        });
        run
    }

    fn statuses(state: &UpgradeState) -> Vec<UpgradeStatus> {
        state
            .components
            .iter()
            .map(|component| component.status)
            .collect()
    }

    #[test]
    fn components_run_one_step_each_in_order() {
        use UpgradeStatus::*;
        let run = plan(STEP);

        let start = run.evaluate(at(1_000));
        assert_eq!(start.status, InProgress);
        assert_eq!(start.current_component, Some(0));
        assert_eq!(statuses(&start), [InProgress, Pending, Pending, Pending]);
        assert_eq!(start.progress_percent, 0);

        let third = run.evaluate(at(1_250));
        assert_eq!(third.current_component, Some(2));
        assert_eq!(
            statuses(&third),
            [
                CompletedWithSuccess,
                CompletedWithSuccess,
                InProgress,
                Pending
            ]
        );
        assert_eq!(third.progress_percent, 62);
        assert_eq!(third.components[2].started_at, Some(at(1_200)));
        assert_eq!(third.components[1].finished_at, Some(at(1_200)));

        let done = run.evaluate(at(1_400));
        assert_eq!(done.status, CompletedWithSuccess);
        assert_eq!(done.current_component, None);
        assert_eq!(done.progress_percent, 100);
        assert_eq!(done.finished_at, Some(at(1_400)));
    }

    #[test]
    fn with_a_zero_step_the_upgrade_runs_at_its_start_and_is_done_right_after() {
        let run = plan(Duration::ZERO);
        assert_eq!(run.evaluate(at(1_000)).status, UpgradeStatus::InProgress);
        let next = run.evaluate(at(1_000).saturating_add(Duration::from_nanos(1)));
        assert_eq!(next.status, UpgradeStatus::CompletedWithSuccess);
    }

    #[test]
    fn a_failing_component_ends_the_upgrade_and_leaves_the_rest_pending() {
        use UpgradeStatus::*;
        let mut run = plan(STEP);
        run.failing_component = Some(3);
        assert_eq!(run.evaluate(at(1_350)).status, InProgress);
        let failed = run.evaluate(at(1_400));
        assert_eq!(failed.status, CompletedWithFailure);
        assert_eq!(failed.finished_at, Some(at(1_400)));
        assert_eq!(failed.components[3].status, CompletedWithFailure);
        assert_eq!(failed.current_component, None);
        assert_eq!(failed.progress_percent, 75);

        run.failing_component = Some(1);
        let early = run.evaluate(at(5_000));
        assert_eq!(
            statuses(&early),
            [CompletedWithSuccess, CompletedWithFailure, Pending, Pending]
        );
    }

    #[test]
    fn an_alert_pauses_the_upgrade_until_it_is_acknowledged() {
        use UpgradeStatus::*;
        let mut run = with_alert(plan(STEP));

        let before = run.evaluate(at(1_150));
        assert_eq!(before.status, InProgress);
        assert!(run.raised_alerts(&before).is_empty());

        // Reached at 1_200 and still waiting much later: a pause does not time out.
        for millis in [1_200, 1_300, 60_000] {
            let waiting = run.evaluate(at(millis));
            assert_eq!(waiting.status, WaitingForAcknowledgment);
            assert_eq!(waiting.alerts_raised_at, Some(at(1_200)));
            assert_eq!(waiting.current_component, None);
            assert_eq!(waiting.components[2].status, Pending);
            assert_eq!(waiting.progress_percent, 50);
            assert_eq!(run.raised_alerts(&waiting).len(), 1);
        }

        assert_eq!(run.acknowledge(at(5_000), None), Ok(()));
        let resumed = run.evaluate(at(5_000));
        assert_eq!(resumed.status, InProgress);
        assert_eq!(resumed.current_component, Some(2));
        assert_eq!(resumed.components[2].started_at, Some(at(5_000)));
        assert_eq!(
            run.raised_alerts(&resumed)[0].acknowledged_at,
            Some(at(5_000))
        );

        let done = run.evaluate(at(5_200));
        assert_eq!(done.status, CompletedWithSuccess);
        assert_eq!(done.finished_at, Some(at(5_200)));
        // The alert is raised once: acknowledging again is refused.
        assert_eq!(
            run.acknowledge(at(5_300), None),
            Err(AcknowledgeError::NothingToAcknowledge)
        );
    }

    #[test]
    fn acknowledging_before_the_pause_or_an_unknown_alert_is_refused() {
        let mut run = with_alert(plan(STEP));
        assert_eq!(
            run.acknowledge(at(1_100), None),
            Err(AcknowledgeError::NothingToAcknowledge)
        );
        let unknown = [String::from("nope")];
        assert_eq!(
            run.acknowledge(at(1_300), Some(&unknown)),
            Err(AcknowledgeError::UnknownAlert(String::from("nope")))
        );
        let known = [String::from("alert-1")];
        assert_eq!(run.acknowledge(at(1_300), Some(&known)), Ok(()));
        assert_eq!(
            run.acknowledge(at(1_301), Some(&known)),
            Err(AcknowledgeError::NothingToAcknowledge)
        );

        let mut without_pause = plan(STEP);
        assert_eq!(
            without_pause.acknowledge(at(1_100), None),
            Err(AcknowledgeError::NothingToAcknowledge)
        );
        assert_eq!(
            without_pause.acknowledge(at(1_100), Some(&known)),
            Err(AcknowledgeError::UnknownAlert(String::from("alert-1")))
        );
    }

    #[test]
    fn a_longer_component_shifts_the_ones_after_it() {
        let mut run = plan(STEP);
        run.components[0].duration = STEP * 3;
        let state = run.evaluate(at(1_350));
        assert_eq!(state.current_component, Some(1));
        assert_eq!(state.components[1].started_at, Some(at(1_300)));
        assert_eq!(
            run.evaluate(at(1_600)).status,
            UpgradeStatus::CompletedWithSuccess
        );
    }
}
