//! Tunables of a workflow run.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How a run polls, how long it rides out an unreachable SDDC Manager, how often it retries a
/// failed download and how much it remembers. The defaults suit a real SDDC Manager, where a
/// bundle download takes minutes and a domain upgrade hours; tests use milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkflowConfig {
    /// Between two reads of a bundle's download status.
    pub download_poll_interval: Duration,
    /// Between two reads of the precheck.
    pub precheck_poll_interval: Duration,
    /// Between two reads of the upgrade (also while it waits for acknowledgment).
    pub upgrade_poll_interval: Duration,
    /// How long SDDC Manager may stay unreachable (connection failures, timeouts, 5xx, 429,
    /// authentication failures) before the run gives up. Measured with the clock from the first
    /// failure; the server-side upgrade goes on meanwhile, so this is generous.
    pub outage_budget: Duration,
    /// First wait after SDDC Manager could not be reached; doubles up to `outage_backoff_max`.
    pub outage_backoff_initial: Duration,
    pub outage_backoff_max: Duration,
    /// Retries of a failed bundle download (so `download_retries + 1` attempts in all).
    pub download_retries: u32,
    /// Consecutive malformed answers after which the run fails (the ones before are retried):
    /// one garbled response is a glitch, a series of them is an incompatible server.
    pub invalid_response_limit: u32,
    /// Between two looks at VCF's domain order while a run waits for it (SDDC Manager must be
    /// upgraded before a workload domain): the inventory's pace, since the wait is hours.
    pub order_poll_interval: Duration,
    /// Entries kept in the log book (the oldest go first).
    pub log_capacity: usize,
    /// Events buffered per subscriber before a slow subscriber starts missing some.
    pub event_capacity: usize,
}

impl Default for WorkflowConfig {
    fn default() -> Self {
        Self {
            download_poll_interval: Duration::from_secs(15),
            precheck_poll_interval: Duration::from_secs(15),
            upgrade_poll_interval: Duration::from_secs(30),
            outage_budget: Duration::from_secs(3 * 60 * 60),
            outage_backoff_initial: Duration::from_secs(10),
            outage_backoff_max: Duration::from_secs(120),
            download_retries: 3,
            invalid_response_limit: 3,
            order_poll_interval: Duration::from_secs(5 * 60),
            log_capacity: 50,
            event_capacity: 256,
        }
    }
}

impl WorkflowConfig {
    /// The same interval for every poll (handy for tests and demos).
    pub fn with_poll_interval(mut self, interval: Duration) -> Self {
        self.download_poll_interval = interval;
        self.precheck_poll_interval = interval;
        self.upgrade_poll_interval = interval;
        self
    }

    /// Attempts of one bundle download, the first included.
    pub fn download_attempts(&self) -> u32 {
        self.download_retries.saturating_add(1)
    }
}
