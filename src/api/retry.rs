//! The retry policy: which failures are retried, how long to wait, and the waiting itself
//! (always through the injected clock).
//!
//! | failure | idempotent call | non-idempotent call |
//! |---|---|---|
//! | connect error (nothing sent) | retry | retry |
//! | timeout, connection lost after sending | retry | no |
//! | 502, 503, 504 | retry | no |
//! | 429 (the server refused the call) | retry | retry |
//! | anything else | no | no |
//!
//! Waits follow an exponential backoff with jitter (backon's schedule); a 429 or 503 that says
//! how long to wait (`Retry-After`, or `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset`) is
//! honoured instead. No single wait exceeds the configured cap.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

use super::config::RetryConfig;
use super::transport::{ApiRequest, RawResponse, SendError};
use crate::clock::SharedClock;
use crate::log_targets::API;

/// Unix times below this are read as "seconds from now" in `X-RateLimit-Reset` (some servers
/// send a delta there instead of a Unix time).
const RESET_DELTA_THRESHOLD: u64 = 1_000_000_000;

/// The result of one attempt.
pub(crate) type Attempt = Result<RawResponse, SendError>;

#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    config: RetryConfig,
    seed: Option<u64>,
}

/// Whether to send again, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    Done,
    Retry {
        reason: String,
        /// What the server asked for, if it said.
        advised: Option<Duration>,
    },
}

impl RetryPolicy {
    pub fn new(config: RetryConfig) -> Self {
        Self { config, seed: None }
    }

    /// A policy whose jitter is reproducible (tests).
    #[cfg(test)]
    pub fn with_seed(config: RetryConfig, seed: u64) -> Self {
        Self {
            config,
            seed: Some(seed),
        }
    }

    /// The backoff waits of one call: `max_retries` of them, doubling from `base_delay`, with
    /// jitter of up to the same again, each capped at `max_delay`.
    pub fn schedule(&self) -> impl Iterator<Item = Duration> {
        let mut builder = ExponentialBuilder::default()
            .with_factor(2.0)
            .with_min_delay(self.config.base_delay)
            .with_max_delay(self.config.max_delay)
            .with_max_times(self.config.max_retries);
        if self.config.jitter {
            builder = builder.with_jitter();
        }
        if let Some(seed) = self.seed {
            builder = builder.with_jitter_seed(seed);
        }
        let cap = self.config.max_delay;
        builder.build().map(move |wait| wait.min(cap))
    }

    /// Whether `attempt` should be sent again.
    pub fn decide(attempt: &Attempt, request: &ApiRequest, now: SystemTime) -> Decision {
        match attempt {
            Ok(response) => match response.status {
                StatusCode::TOO_MANY_REQUESTS => Decision::Retry {
                    reason: "HTTP 429 (rate limited)".to_owned(),
                    advised: server_wait(&response.headers, now),
                },
                StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT
                    if request.idempotent =>
                {
                    let advised = (response.status == StatusCode::SERVICE_UNAVAILABLE)
                        .then(|| server_wait(&response.headers, now))
                        .flatten();
                    Decision::Retry {
                        reason: format!("HTTP {}", response.status.as_u16()),
                        advised,
                    }
                }
                _ => Decision::Done,
            },
            Err(failure)
                if failure.is_transient()
                    && (request.idempotent || failure.certainly_not_sent()) =>
            {
                Decision::Retry {
                    reason: failure.error.to_string(),
                    advised: None,
                }
            }
            Err(_) => Decision::Done,
        }
    }

    /// Run `send` until it succeeds, fails for good, or the retries are used up; return the
    /// last attempt. Every wait goes through `clock`.
    pub async fn run<F, Fut>(
        &self,
        clock: &SharedClock,
        request: &ApiRequest,
        mut send: F,
    ) -> Attempt
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Attempt>,
    {
        let mut schedule = self.schedule();
        let mut retry = 0usize;
        loop {
            let attempt = send().await;
            let Decision::Retry { reason, advised } = Self::decide(&attempt, request, clock.now())
            else {
                return attempt;
            };
            let Some(backoff) = schedule.next() else {
                return attempt;
            };
            retry += 1;
            let wait = advised.map_or(backoff, |advised| advised.min(self.config.max_delay));
            // DEBUG: a retry is routine; the caller logs the outcome at the level it chooses.
            log::debug!(
                target: API,
                "{} {}: {reason}; retry {retry}/{} in {:.3} s{}",
                request.method,
                request.path,
                self.config.max_retries,
                wait.as_secs_f64(),
                if advised.is_some() { " (as the server asked)" } else { "" }
            );
            clock.sleep(wait).await;
        }
    }
}

/// How long the server asked the client to wait, from `Retry-After` (seconds or an HTTP date)
/// or, failing that, `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset` (Unix seconds).
pub(crate) fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(wait) = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, now))
    {
        return Some(wait);
    }
    let remaining = header_u64(headers, "x-ratelimit-remaining")?;
    if remaining != 0 {
        return None;
    }
    let reset = headers
        .get("x-ratelimit-reset")
        .and_then(|value| value.to_str().ok())?;
    parse_rate_limit_reset(reset, now)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`. A date in the past means
/// no wait.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `X-RateLimit-Reset` as Unix seconds (fractions allowed); small values are a delta.
pub(crate) fn parse_rate_limit_reset(value: &str, now: SystemTime) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    if seconds < RESET_DELTA_THRESHOLD as f64 {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let at = UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(seconds).ok()?)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use reqwest::header::HeaderValue;
    use reqwest::Method;

    use super::*;
    use crate::api::error::ApiError;
    use crate::api::transport::FailureKind;
    use crate::clock::{Clock, VirtualClock};

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_790_000_000)
    }

    fn no_jitter() -> RetryConfig {
        RetryConfig {
            jitter: false,
            ..RetryConfig::default()
        }
    }

    fn response(status: u16, headers: &[(&'static str, &str)]) -> Attempt {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).expect("header"));
        }
        Ok(RawResponse {
            status: StatusCode::from_u16(status).expect("status"),
            headers: map,
            body: Vec::new(),
        })
    }

    fn failure(kind: FailureKind) -> Attempt {
        Err(SendError {
            kind,
            error: ApiError::CannotConnect {
                url: "http://x".into(),
                reason: "test".into(),
            },
        })
    }

    fn get() -> ApiRequest {
        ApiRequest::get("/v1/domains".to_owned())
    }

    fn post() -> ApiRequest {
        ApiRequest::with_body(
            Method::POST,
            "/v1/domains/d/upgrades".to_owned(),
            serde_json::json!({}),
            false,
        )
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        assert_eq!(parse_retry_after("7", now()), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now()), Some(Duration::ZERO));
        let date = httpdate::fmt_http_date(now() + Duration::from_secs(42));
        assert_eq!(
            parse_retry_after(&date, now()),
            Some(Duration::from_secs(42))
        );
        let past = httpdate::fmt_http_date(now() - Duration::from_secs(42));
        assert_eq!(parse_retry_after(&past, now()), Some(Duration::ZERO));
        for bad in ["", "-5", "1.5", "soon", "Wed, 99 Foo 2015"] {
            assert_eq!(parse_retry_after(bad, now()), None, "{bad}");
        }
    }

    #[test]
    fn rate_limit_reset_is_unix_seconds() {
        let reset = (now() + Duration::from_secs(30))
            .duration_since(UNIX_EPOCH)
            .expect("epoch")
            .as_secs();
        assert_eq!(
            parse_rate_limit_reset(&reset.to_string(), now()),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_rate_limit_reset("1000000000", now()),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_rate_limit_reset("12", now()),
            Some(Duration::from_secs(12))
        );
        assert_eq!(parse_rate_limit_reset("x", now()), None);
        assert_eq!(parse_rate_limit_reset("-1", now()), None);
    }

    #[test]
    fn server_wait_prefers_retry_after_then_rate_limit_headers() {
        let reset = (now() + Duration::from_secs(9))
            .duration_since(UNIX_EPOCH)
            .expect("epoch")
            .as_secs()
            .to_string();
        let Ok(both) = response(
            429,
            &[
                ("retry-after", "3"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", &reset),
            ],
        ) else {
            panic!()
        };
        assert_eq!(
            server_wait(&both.headers, now()),
            Some(Duration::from_secs(3))
        );
        let Ok(limit) = response(
            429,
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", &reset),
            ],
        ) else {
            panic!()
        };
        assert_eq!(
            server_wait(&limit.headers, now()),
            Some(Duration::from_secs(9))
        );
        let Ok(left) = response(
            429,
            &[
                ("x-ratelimit-remaining", "5"),
                ("x-ratelimit-reset", &reset),
            ],
        ) else {
            panic!()
        };
        assert_eq!(server_wait(&left.headers, now()), None);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let waits: Vec<_> = RetryPolicy::new(no_jitter()).schedule().collect();
        assert_eq!(
            waits,
            [1, 2, 4].map(Duration::from_secs).to_vec(),
            "three retries, doubling"
        );
        let capped = RetryPolicy::new(RetryConfig {
            max_retries: 5,
            max_delay: Duration::from_secs(3),
            ..no_jitter()
        });
        let waits: Vec<_> = capped.schedule().collect();
        assert_eq!(waits, [1, 2, 3, 3, 3].map(Duration::from_secs).to_vec());
    }

    #[test]
    fn jitter_stays_within_one_step() {
        for seed in 0..50 {
            let waits: Vec<_> = RetryPolicy::with_seed(RetryConfig::default(), seed)
                .schedule()
                .collect();
            assert_eq!(waits.len(), 3);
            for (wait, base) in waits.iter().zip([1u64, 2, 4]) {
                let base = Duration::from_secs(base);
                assert!(*wait >= base && *wait < base * 2, "{waits:?}");
            }
        }
        let jittered = RetryPolicy::with_seed(
            RetryConfig {
                max_delay: Duration::from_millis(1500),
                ..RetryConfig::default()
            },
            7,
        );
        assert!(jittered
            .schedule()
            .all(|wait| wait <= Duration::from_millis(1500)));
    }

    #[test]
    fn decisions_follow_the_table() {
        let retry = |attempt: &Attempt, request: &ApiRequest| {
            matches!(
                RetryPolicy::decide(attempt, request, now()),
                Decision::Retry { .. }
            )
        };
        for status in [502, 503, 504, 429] {
            assert!(retry(&response(status, &[]), &get()), "{status}");
        }
        for status in [200, 202, 400, 401, 403, 404, 409, 500, 501] {
            assert!(!retry(&response(status, &[]), &get()), "{status}");
        }
        assert!(!retry(&response(503, &[]), &post()));
        assert!(retry(&response(429, &[]), &post()));
        for kind in [
            FailureKind::Connect,
            FailureKind::Timeout,
            FailureKind::Interrupted,
        ] {
            assert!(retry(&failure(kind), &get()), "{kind:?}");
        }
        assert!(retry(&failure(FailureKind::Connect), &post()));
        assert!(!retry(&failure(FailureKind::Timeout), &post()));
        assert!(!retry(&failure(FailureKind::Interrupted), &post()));
        for kind in [FailureKind::Tls, FailureKind::TooLarge, FailureKind::Other] {
            assert!(!retry(&failure(kind), &get()), "{kind:?}");
        }
        assert_eq!(
            RetryPolicy::decide(&response(503, &[("retry-after", "5")]), &get(), now()),
            Decision::Retry {
                reason: "HTTP 503".into(),
                advised: Some(Duration::from_secs(5))
            }
        );
        // Only 429 and 503 carry advice.
        assert_eq!(
            RetryPolicy::decide(&response(502, &[("retry-after", "5")]), &get(), now()),
            Decision::Retry {
                reason: "HTTP 502".into(),
                advised: None
            }
        );
    }

    async fn run_with(
        policy: &RetryPolicy,
        request: &ApiRequest,
        answers: Vec<Attempt>,
    ) -> (Attempt, usize, Vec<Duration>) {
        let clock = VirtualClock::starting_at(now());
        let shared: SharedClock = clock.clone();
        let calls = Arc::new(AtomicUsize::new(0));
        let answers = Arc::new(std::sync::Mutex::new(answers.into_iter()));
        let outcome = policy
            .run(&shared, request, || {
                calls.fetch_add(1, Ordering::SeqCst);
                let next = answers
                    .lock()
                    .expect("lock")
                    .next()
                    .unwrap_or_else(|| response(200, &[]));
                async move { next }
            })
            .await;
        assert_eq!(clock.now(), now() + clock.sleeps().iter().sum::<Duration>());
        (outcome, calls.load(Ordering::SeqCst), clock.sleeps())
    }

    #[tokio::test]
    async fn three_retries_then_the_last_answer() {
        let policy = RetryPolicy::new(no_jitter());
        let (outcome, calls, sleeps) = run_with(
            &policy,
            &get(),
            (0..10).map(|_| response(503, &[])).collect(),
        )
        .await;
        assert_eq!(calls, 4);
        assert_eq!(sleeps, [1, 2, 4].map(Duration::from_secs).to_vec());
        assert!(matches!(outcome, Ok(r) if r.status == StatusCode::SERVICE_UNAVAILABLE));
    }

    #[tokio::test]
    async fn success_after_a_failure_stops_retrying() {
        let policy = RetryPolicy::new(no_jitter());
        let (outcome, calls, sleeps) = run_with(
            &policy,
            &get(),
            vec![failure(FailureKind::Timeout), response(200, &[])],
        )
        .await;
        assert_eq!(calls, 2);
        assert_eq!(sleeps, vec![Duration::from_secs(1)]);
        assert!(outcome.is_ok());
    }

    #[tokio::test]
    async fn advised_waits_are_honoured_and_capped() {
        let policy = RetryPolicy::new(RetryConfig {
            max_delay: Duration::from_secs(60),
            ..no_jitter()
        });
        let (_, calls, sleeps) = run_with(
            &policy,
            &get(),
            vec![
                response(429, &[("retry-after", "7")]),
                response(503, &[("retry-after", "600")]),
                response(503, &[]),
                response(200, &[]),
            ],
        )
        .await;
        assert_eq!(calls, 4);
        assert_eq!(
            sleeps,
            [7, 60, 4].map(Duration::from_secs).to_vec(),
            "header, cap, backoff"
        );
    }

    #[tokio::test]
    async fn non_idempotent_calls_are_resent_only_when_nothing_was_sent() {
        let policy = RetryPolicy::new(no_jitter());
        let (outcome, calls, sleeps) =
            run_with(&policy, &post(), vec![failure(FailureKind::Timeout)]).await;
        assert_eq!((calls, sleeps.len()), (1, 0));
        assert!(outcome.is_err());
        let (_, calls, _) = run_with(&policy, &post(), vec![response(504, &[])]).await;
        assert_eq!(calls, 1);
        let (outcome, calls, _) = run_with(
            &policy,
            &post(),
            vec![failure(FailureKind::Connect), response(202, &[])],
        )
        .await;
        assert_eq!(calls, 2);
        assert!(outcome.is_ok());
    }
}
