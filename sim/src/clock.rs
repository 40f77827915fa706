//! The simulator's notion of time.
//!
//! Every long-running activity (a download, a precheck, an upgrade component, an outage) is
//! stored as "started at T, lasts D" and its state is computed on demand from the current
//! [`SimTime`]. Nothing advances in the background, so the pure functions here are all a test
//! needs to check the time arithmetic, and a paused activity simply has no end time yet.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use time::macros::format_description;
use time::OffsetDateTime;

/// A point on the simulator's timeline: the time elapsed since the simulator started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct SimTime(Duration);

impl SimTime {
    #[cfg(test)]
    pub(crate) const fn from_duration(since_start: Duration) -> Self {
        SimTime(since_start)
    }

    #[cfg(test)]
    pub(crate) const fn from_millis(millis: u64) -> Self {
        SimTime(Duration::from_millis(millis))
    }

    pub(crate) fn since_start(self) -> Duration {
        self.0
    }

    pub(crate) fn saturating_add(self, duration: Duration) -> Self {
        SimTime(self.0.saturating_add(duration))
    }

    /// Time from `earlier` to `self`, zero when `earlier` is later.
    pub(crate) fn saturating_since(self, earlier: SimTime) -> Duration {
        self.0.saturating_sub(earlier.0)
    }

    pub(crate) fn as_millis(self) -> u64 {
        u64::try_from(self.0.as_millis()).unwrap_or(u64::MAX)
    }
}

/// Whether an activity that started at `start` and lasts `duration` is over at `now`.
///
/// An activity is never over at its own start instant, even when `duration` is zero: the
/// response of the call that starts something always shows it running, and because the
/// [`Clock`] never returns the same instant twice, a zero-length activity is over by the next
/// request.
pub(crate) fn activity_finished(now: SimTime, start: SimTime, duration: Duration) -> bool {
    now > start && now >= start.saturating_add(duration)
}

/// How far (0–100) `now` is through an activity, for progress percentages.
pub(crate) fn percent_through(now: SimTime, start: SimTime, duration: Duration) -> u8 {
    if activity_finished(now, start, duration) {
        return 100;
    }
    if duration.is_zero() {
        return 0;
    }
    let elapsed = now.saturating_since(start).as_nanos();
    let percent = elapsed.saturating_mul(100) / duration.as_nanos();
    u8::try_from(percent.min(100)).unwrap_or(100)
}

/// The simulator's clock: monotonic, strictly increasing, and mapped onto wall-clock time for
/// the RFC 3339 timestamps in responses.
#[derive(Debug)]
pub(crate) struct Clock {
    origin: Instant,
    origin_wall: SystemTime,
    /// Nanoseconds since `origin` of the last reading, so that no two readings are equal.
    last_reading_nanos: AtomicU64,
}

impl Clock {
    pub(crate) fn new() -> Self {
        Clock {
            origin: Instant::now(),
            origin_wall: SystemTime::now(),
            last_reading_nanos: AtomicU64::new(0),
        }
    }

    /// The current instant; every call returns a later instant than the call before.
    pub(crate) fn now(&self) -> SimTime {
        let real = u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX);
        let previous = self
            .last_reading_nanos
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |last| {
                Some(real.max(last.saturating_add(1)))
            })
            // The closure always returns `Some`, so both arms carry the previous reading.
            .unwrap_or_else(|previous| previous);
        SimTime(Duration::from_nanos(real.max(previous.saturating_add(1))))
    }

    pub(crate) fn wall_time(&self, at: SimTime) -> SystemTime {
        self.origin_wall
            .checked_add(at.since_start())
            .unwrap_or(self.origin_wall)
    }

    /// `at` as an RFC 3339 UTC timestamp with milliseconds (`2026-11-26T12:00:00.000Z`).
    pub(crate) fn timestamp(&self, at: SimTime) -> String {
        format_rfc3339(self.wall_time(at))
    }

    /// `at` (plus `offset`) in Unix seconds, as JWT claims and rate-limit headers use.
    pub(crate) fn unix_seconds(&self, at: SimTime, offset: Duration) -> u64 {
        let wall = self
            .wall_time(at)
            .checked_add(offset)
            .unwrap_or(self.wall_time(at));
        wall.duration_since(UNIX_EPOCH)
            .map(|since_epoch| since_epoch.as_secs())
            .unwrap_or(0)
    }
}

/// Formats a wall-clock time as an RFC 3339 UTC timestamp with milliseconds.
pub(crate) fn format_rfc3339(wall: SystemTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from(wall)
        .format(&format)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00.000Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: Duration = Duration::from_millis(100);

    #[test]
    fn an_activity_runs_for_its_duration() {
        let start = SimTime::from_millis(1_000);
        assert!(!activity_finished(start, start, STEP));
        assert!(!activity_finished(SimTime::from_millis(1_099), start, STEP));
        assert!(activity_finished(SimTime::from_millis(1_100), start, STEP));
        assert!(activity_finished(SimTime::from_millis(5_000), start, STEP));
    }

    #[test]
    fn a_zero_length_activity_is_running_at_its_start_and_over_right_after() {
        let start = SimTime::from_millis(10);
        assert!(!activity_finished(start, start, Duration::ZERO));
        let next = start.saturating_add(Duration::from_nanos(1));
        assert!(activity_finished(next, start, Duration::ZERO));
    }

    #[test]
    fn percent_through_is_proportional_and_clamped() {
        let start = SimTime::from_millis(0);
        assert_eq!(percent_through(start, start, STEP), 0);
        assert_eq!(percent_through(SimTime::from_millis(40), start, STEP), 40);
        assert_eq!(percent_through(SimTime::from_millis(99), start, STEP), 99);
        assert_eq!(percent_through(SimTime::from_millis(250), start, STEP), 100);
        assert_eq!(percent_through(start, start, Duration::ZERO), 0);
    }

    #[test]
    fn the_clock_is_strictly_increasing() {
        let clock = Clock::new();
        let mut previous = clock.now();
        for _ in 0..10_000 {
            let next = clock.now();
            assert!(next > previous);
            previous = next;
        }
    }

    #[test]
    fn timestamps_are_rfc3339_with_milliseconds() {
        let wall = UNIX_EPOCH + Duration::from_millis(1_764_158_400_123);
        assert_eq!(format_rfc3339(wall), "2025-11-26T12:00:00.123Z");
    }

    #[test]
    fn saturating_arithmetic_never_panics() {
        let far = SimTime::from_duration(Duration::MAX);
        assert_eq!(far.saturating_add(STEP), far);
        assert_eq!(
            SimTime::from_millis(1).saturating_since(far),
            Duration::ZERO
        );
        assert_eq!(far.as_millis(), u64::MAX);
    }
}
