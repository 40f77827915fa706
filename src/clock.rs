//! Injectable time: every wait and every timestamp in the engine goes through a [`Clock`], so
//! tests can run a whole upgrade (with its backoffs and poll intervals) without sleeping.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
#[cfg(any(test, feature = "test-support"))]
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// A future returned by [`Clock::sleep`].
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Source of wall-clock time and of waiting.
pub trait Clock: Send + Sync + Debug + 'static {
    /// The current wall-clock time (log timestamps, metrics, token expiry).
    fn now(&self) -> SystemTime;
    /// Wait for `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// Shared handle to a clock.
pub type SharedClock = Arc<dyn Clock>;

/// The real clock: system time and tokio timers.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock for tests: sleeping returns at once (after yielding to the scheduler) and moves the
/// clock's time forward by the requested duration. It records every requested sleep so tests can
/// assert on backoff and `Retry-After` waits.
///
/// Test support: compiled for the crate's own tests and with the `test-support` feature (which
/// the integration tests switch on through the crate's dev-dependency on itself), never into
/// the wheel.
#[cfg(any(test, feature = "test-support"))]
#[derive(Debug)]
pub struct VirtualClock {
    state: Mutex<VirtualState>,
}

#[cfg(any(test, feature = "test-support"))]
#[derive(Debug)]
struct VirtualState {
    now: SystemTime,
    sleeps: Vec<Duration>,
}

#[cfg(any(test, feature = "test-support"))]
impl VirtualClock {
    /// A virtual clock starting at `start`.
    pub fn starting_at(start: SystemTime) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(VirtualState {
                now: start,
                sleeps: Vec::new(),
            }),
        })
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// Move time forward without anyone sleeping (e.g. to expire a token).
    pub fn advance(&self, duration: Duration) {
        let mut state = self.lock();
        state.now += duration;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VirtualState> {
        // The state is two plain values; a panic elsewhere cannot leave it inconsistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(any(test, feature = "test-support"))]
impl Clock for VirtualClock {
    fn now(&self) -> SystemTime {
        self.lock().now
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        {
            let mut state = self.lock();
            state.now += duration;
            state.sleeps.push(duration);
        }
        Box::pin(tokio::task::yield_now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn virtual_sleep_advances_time_and_records_it() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let clock = VirtualClock::starting_at(start);
        clock.sleep(Duration::from_secs(5)).await;
        clock.sleep(Duration::from_millis(250)).await;
        assert_eq!(clock.now(), start + Duration::from_millis(5_250));
        assert_eq!(
            clock.sleeps(),
            vec![Duration::from_secs(5), Duration::from_millis(250)]
        );
    }
}
