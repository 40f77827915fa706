//! The nine states of a domain upgrade and the one function that moves between them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::UpgradeError;

/// Where a domain's upgrade stands. The serialized strings are the values of the Home
/// Assistant status sensor and must never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowState {
    /// No run yet.
    WaitingForInitiation,
    /// Telling SDDC Manager which release to move to.
    TargetingNewVcfVersion,
    /// Downloading the release's bundles, one at a time.
    DownloadingBundle,
    /// Pre-upgrade validation running.
    PrecheckRunning,
    /// Validation failed; the run stopped before the upgrade (terminal).
    PrecheckFailed,
    /// The upgrade runs on SDDC Manager and is polled.
    UpgradeInProgress,
    /// The upgrade raised alerts and is paused until they are acknowledged.
    WaitingForAcknowledgment,
    /// Finished successfully (terminal).
    UpgradeCompleted,
    /// Failed (terminal).
    UpgradeFailed,
}

impl WorkflowState {
    /// Every state, in flow order.
    pub const ALL: [WorkflowState; 9] = [
        Self::WaitingForInitiation,
        Self::TargetingNewVcfVersion,
        Self::DownloadingBundle,
        Self::PrecheckRunning,
        Self::PrecheckFailed,
        Self::UpgradeInProgress,
        Self::WaitingForAcknowledgment,
        Self::UpgradeCompleted,
        Self::UpgradeFailed,
    ];

    /// The state's wire and sensor string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::WaitingForInitiation => "waiting_for_initiation",
            Self::TargetingNewVcfVersion => "targeting_new_vcf_version",
            Self::DownloadingBundle => "downloading_bundle",
            Self::PrecheckRunning => "precheck_running",
            Self::PrecheckFailed => "precheck_failed",
            Self::UpgradeInProgress => "upgrade_in_progress",
            Self::WaitingForAcknowledgment => "waiting_for_acknowledgment",
            Self::UpgradeCompleted => "upgrade_completed",
            Self::UpgradeFailed => "upgrade_failed",
        }
    }

    /// A run ended here; the state stays until the next run starts.
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::PrecheckFailed | Self::UpgradeCompleted | Self::UpgradeFailed
        )
    }

    /// A run is under way (something on SDDC Manager is being driven or watched).
    pub const fn is_active(self) -> bool {
        matches!(
            self,
            Self::TargetingNewVcfVersion
                | Self::DownloadingBundle
                | Self::PrecheckRunning
                | Self::UpgradeInProgress
                | Self::WaitingForAcknowledgment
        )
    }

    /// A new run may start from here.
    pub const fn can_start_run(self) -> bool {
        !self.is_active()
    }
}

impl fmt::Display for WorkflowState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names none of the nine states.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown upgrade state {0:?}")]
pub struct UnknownState(pub String);

impl FromStr for WorkflowState {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| UnknownState(s.to_owned()))
    }
}

/// Whether the state machine allows moving from `from` to `to`.
pub const fn is_legal(from: WorkflowState, to: WorkflowState) -> bool {
    use WorkflowState::*;
    match (from, to) {
        // A run starts from the idle state or after a finished run.
        (
            WaitingForInitiation | PrecheckFailed | UpgradeCompleted | UpgradeFailed,
            TargetingNewVcfVersion,
        ) => true,
        (TargetingNewVcfVersion, DownloadingBundle) => true,
        (DownloadingBundle, PrecheckRunning) => true,
        (PrecheckRunning, PrecheckFailed | UpgradeInProgress) => true,
        (UpgradeInProgress, WaitingForAcknowledgment | UpgradeCompleted) => true,
        (WaitingForAcknowledgment, UpgradeInProgress) => true,
        // A precheck-only run that passed, or a run the operator cancelled while nothing was
        // being upgraded, ends where no run is.
        (_, WaitingForInitiation) => from.is_active(),
        // Any active state may fail on an unrecoverable error.
        (_, UpgradeFailed) => from.is_active(),
        _ => false,
    }
}

/// The one transition function: returns the new state, or
/// [`UpgradeError::IllegalTransition`] for a move the state machine does not have. A refused
/// move is a bug in the caller and is never applied.
pub fn transition(from: WorkflowState, to: WorkflowState) -> Result<WorkflowState, UpgradeError> {
    if is_legal(from, to) {
        Ok(to)
    } else {
        Err(UpgradeError::IllegalTransition { from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::WorkflowState::*;
    use super::*;

    /// The legal moves, written out independently of `is_legal`.
    const LEGAL: &[(WorkflowState, WorkflowState)] = &[
        (WaitingForInitiation, TargetingNewVcfVersion),
        (PrecheckFailed, TargetingNewVcfVersion),
        (UpgradeCompleted, TargetingNewVcfVersion),
        (UpgradeFailed, TargetingNewVcfVersion),
        (TargetingNewVcfVersion, DownloadingBundle),
        (DownloadingBundle, PrecheckRunning),
        (PrecheckRunning, PrecheckFailed),
        (PrecheckRunning, UpgradeInProgress),
        (UpgradeInProgress, WaitingForAcknowledgment),
        (WaitingForAcknowledgment, UpgradeInProgress),
        (UpgradeInProgress, UpgradeCompleted),
        (UpgradeInProgress, UpgradeFailed),
        (TargetingNewVcfVersion, UpgradeFailed),
        (DownloadingBundle, UpgradeFailed),
        (PrecheckRunning, UpgradeFailed),
        (WaitingForAcknowledgment, UpgradeFailed),
        // A precheck-only run that passed, or a cancelled run.
        (TargetingNewVcfVersion, WaitingForInitiation),
        (DownloadingBundle, WaitingForInitiation),
        (PrecheckRunning, WaitingForInitiation),
        (UpgradeInProgress, WaitingForInitiation),
        (WaitingForAcknowledgment, WaitingForInitiation),
    ];

    /// How many states there are, counted by hand.
    const STATE_COUNT: usize = 9;

    /// Each state's place, through a match with no wildcard: a new state does not compile here
    /// until it is placed, and `all_lists_every_state_once` then fails until `ALL` has it.
    fn position(state: WorkflowState) -> usize {
        match state {
            WaitingForInitiation => 0,
            TargetingNewVcfVersion => 1,
            DownloadingBundle => 2,
            PrecheckRunning => 3,
            PrecheckFailed => 4,
            UpgradeInProgress => 5,
            WaitingForAcknowledgment => 6,
            UpgradeCompleted => 7,
            UpgradeFailed => 8,
        }
    }

    #[test]
    fn all_lists_every_state_once() {
        let mut seen = [false; STATE_COUNT];
        for state in WorkflowState::ALL {
            let at = position(state);
            assert!(!seen[at], "{state} is listed twice");
            seen[at] = true;
        }
        assert!(seen.iter().all(|s| *s), "ALL misses a state: {seen:?}");
    }

    #[test]
    fn the_legal_moves_are_listed_once_each() {
        for (i, pair) in LEGAL.iter().enumerate() {
            assert!(!LEGAL[i + 1..].contains(pair), "{pair:?} is listed twice");
        }
    }

    #[test]
    fn every_pair_is_accepted_or_refused_as_the_table_says() {
        let mut accepted = 0;
        let mut pairs = 0;
        for from in WorkflowState::ALL {
            for to in WorkflowState::ALL {
                pairs += 1;
                let expected = LEGAL.contains(&(from, to));
                match transition(from, to) {
                    Ok(next) => {
                        assert!(expected, "{from} -> {to} must be refused");
                        assert_eq!(next, to);
                        accepted += 1;
                    }
                    Err(UpgradeError::IllegalTransition { from: f, to: t }) => {
                        assert!(!expected, "{from} -> {to} must be accepted");
                        assert_eq!((f, t), (from, to));
                    }
                    Err(other) => panic!("unexpected error {other}"),
                }
            }
        }
        assert_eq!(accepted, LEGAL.len());
        assert_eq!(pairs, STATE_COUNT * STATE_COUNT);
    }

    #[test]
    fn state_strings_are_exact_and_round_trip() {
        let expected = [
            "waiting_for_initiation",
            "targeting_new_vcf_version",
            "downloading_bundle",
            "precheck_running",
            "precheck_failed",
            "upgrade_in_progress",
            "waiting_for_acknowledgment",
            "upgrade_completed",
            "upgrade_failed",
        ];
        for (state, text) in WorkflowState::ALL.into_iter().zip(expected) {
            assert_eq!(state.as_str(), text);
            assert_eq!(state.to_string(), text);
            assert_eq!(text.parse::<WorkflowState>(), Ok(state));
            assert_eq!(
                serde_json::to_string(&state).ok(),
                Some(format!("\"{text}\""))
            );
        }
        assert!("upgrading".parse::<WorkflowState>().is_err());
    }

    #[test]
    fn terminal_active_and_idle_partition_the_states() {
        for state in WorkflowState::ALL {
            let kinds = [
                state.is_terminal(),
                state.is_active(),
                state == WaitingForInitiation,
            ];
            assert_eq!(kinds.iter().filter(|k| **k).count(), 1, "{state}");
        }
    }

    #[test]
    fn illegal_transition_error_names_both_states() {
        let error = transition(UpgradeCompleted, UpgradeInProgress).unwrap_err();
        assert_eq!(
            error.to_string(),
            "illegal state transition from upgrade_completed to upgrade_in_progress"
        );
    }
}
