//! Bundle downloads: each attempt takes one step and its outcome is decided when it starts.

use std::time::Duration;

use crate::catalog::BundleSpec;
use crate::clock::{activity_finished, percent_through, SimTime};

/// SDDC Manager's `Bundle.downloadStatus` (without `SCHEDULED`, which the simulator skips:
/// a requested download starts at once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DownloadStatus {
    Pending,
    InProgress,
    Successful,
    Failed,
}

impl DownloadStatus {
    pub(crate) fn wire_name(self) -> &'static str {
        match self {
            DownloadStatus::Pending => "PENDING",
            DownloadStatus::InProgress => "IN_PROGRESS",
            DownloadStatus::Successful => "SUCCESSFUL",
            DownloadStatus::Failed => "FAILED",
        }
    }
}

/// Why a failing download attempt fails, as the `downloadError` and the task's `errors` say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DownloadFailure {
    pub(crate) message: &'static str,
    pub(crate) remediation: &'static str,
}

/// The failure of a `flaky-download` attempt: transient, so retrying helps.
pub(crate) const TRANSIENT_DOWNLOAD_FAILURE: DownloadFailure = DownloadFailure {
    message: "The connection to the VMware depot was reset while downloading the bundle",
    remediation: "Retry the download; the depot connection is flaky",
};

/// The failure of a `download-fails` attempt: permanent, retrying does not help.
pub(crate) const PERMANENT_DOWNLOAD_FAILURE: DownloadFailure = DownloadFailure {
    message:
        "The VMware depot refused the download: the depot account is not entitled to this bundle",
    remediation: "Check the depot credentials and entitlements in SDDC Manager, then retry",
};

/// One attempt at downloading a bundle.
#[derive(Clone, Debug)]
pub(crate) struct DownloadAttempt {
    /// Id of the `Task` the download request answered with.
    pub(crate) task_id: String,
    pub(crate) started_at: SimTime,
    pub(crate) duration: Duration,
    /// `None` when the attempt succeeds.
    pub(crate) failure: Option<DownloadFailure>,
}

impl DownloadAttempt {
    pub(crate) fn status(&self, now: SimTime) -> DownloadStatus {
        if !activity_finished(now, self.started_at, self.duration) {
            DownloadStatus::InProgress
        } else if self.failure.is_some() {
            DownloadStatus::Failed
        } else {
            DownloadStatus::Successful
        }
    }

    /// 0–100 while running, 100 once downloaded; a failed attempt discards what it fetched.
    pub(crate) fn progress_percent(&self, now: SimTime) -> u8 {
        match self.status(now) {
            DownloadStatus::Pending | DownloadStatus::Failed => 0,
            DownloadStatus::Successful => 100,
            DownloadStatus::InProgress => {
                percent_through(now, self.started_at, self.duration).min(99)
            }
        }
    }

    pub(crate) fn finished_at(&self, now: SimTime) -> Option<SimTime> {
        activity_finished(now, self.started_at, self.duration)
            .then(|| self.started_at.saturating_add(self.duration))
    }

    /// The failure, once the attempt has ended with it.
    pub(crate) fn failure_at(&self, now: SimTime) -> Option<&DownloadFailure> {
        match self.status(now) {
            DownloadStatus::Failed => self.failure.as_ref(),
            _ => None,
        }
    }
}

/// A domain's copy of one of the release's bundles, with its download history.
#[derive(Clone, Debug)]
pub(crate) struct BundleState {
    pub(crate) id: String,
    pub(crate) spec: &'static BundleSpec,
    /// Oldest first; only the last one can be running.
    pub(crate) attempts: Vec<DownloadAttempt>,
}

impl BundleState {
    pub(crate) fn latest_attempt(&self) -> Option<&DownloadAttempt> {
        self.attempts.last()
    }

    pub(crate) fn status(&self, now: SimTime) -> DownloadStatus {
        self.latest_attempt()
            .map_or(DownloadStatus::Pending, |attempt| attempt.status(now))
    }

    /// Whether a download request should start a new attempt rather than report the current
    /// one: only when nothing was requested yet or the last attempt failed.
    pub(crate) fn needs_new_attempt(&self, now: SimTime) -> bool {
        matches!(
            self.status(now),
            DownloadStatus::Pending | DownloadStatus::Failed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::RELEASE_BUNDLES;

    const STEP: Duration = Duration::from_millis(100);

    fn attempt(started_ms: u64, failure: Option<DownloadFailure>) -> DownloadAttempt {
        DownloadAttempt {
            task_id: String::from("task"),
            started_at: SimTime::from_millis(started_ms),
            duration: STEP,
            failure,
        }
    }

    #[test]
    fn a_successful_attempt_progresses_then_succeeds() {
        let download = attempt(1_000, None);
        let at = SimTime::from_millis;
        assert_eq!(download.status(at(1_000)), DownloadStatus::InProgress);
        assert_eq!(download.progress_percent(at(1_000)), 0);
        assert_eq!(download.progress_percent(at(1_050)), 50);
        assert_eq!(download.finished_at(at(1_050)), None);
        assert_eq!(download.status(at(1_100)), DownloadStatus::Successful);
        assert_eq!(download.progress_percent(at(1_100)), 100);
        assert_eq!(download.finished_at(at(2_000)), Some(at(1_100)));
        assert_eq!(download.failure_at(at(2_000)), None);
    }

    #[test]
    fn a_failing_attempt_reports_its_failure_only_once_it_ends() {
        let download = attempt(0, Some(TRANSIENT_DOWNLOAD_FAILURE));
        let at = SimTime::from_millis;
        assert_eq!(download.status(at(99)), DownloadStatus::InProgress);
        assert_eq!(download.failure_at(at(99)), None);
        assert_eq!(download.status(at(100)), DownloadStatus::Failed);
        assert_eq!(download.progress_percent(at(100)), 0);
        assert_eq!(
            download.failure_at(at(100)),
            Some(&TRANSIENT_DOWNLOAD_FAILURE)
        );
    }

    #[test]
    fn a_bundle_needs_a_new_attempt_only_when_idle_or_failed() {
        let mut bundle = BundleState {
            id: String::from("b"),
            spec: &RELEASE_BUNDLES[0],
            attempts: Vec::new(),
        };
        let at = SimTime::from_millis;
        assert_eq!(bundle.status(at(0)), DownloadStatus::Pending);
        assert!(bundle.needs_new_attempt(at(0)));

        bundle
            .attempts
            .push(attempt(0, Some(PERMANENT_DOWNLOAD_FAILURE)));
        assert!(!bundle.needs_new_attempt(at(50)));
        assert!(bundle.needs_new_attempt(at(100)));

        bundle.attempts.push(attempt(100, None));
        assert!(!bundle.needs_new_attempt(at(150)));
        assert!(!bundle.needs_new_attempt(at(500)));
        assert_eq!(bundle.status(at(500)), DownloadStatus::Successful);
    }
}
