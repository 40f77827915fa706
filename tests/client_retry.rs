//! The retry policy against the simulator (and a scripted server for header forms the
//! simulator does not send): what is retried, how often, and how long the client waits.

mod client_support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use client_support::*;
use datacenter_assistant_core::api::{ApiError, ContractClient, RetryConfig, UpgradeApi};
use serde_json::json;

const MANAGERS: &str = "/v1/sddc-managers";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_retried_three_times_then_returned() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        for status in [502u16, 503, 504] {
            let (client, clock) = client_for(&sim);
            client.login().await.expect("login");
            control.clear_requests().await;
            control
                .fault(json!({"kind": "status", "status": status, "method": "GET",
                              "pathPrefix": MANAGERS, "count": 10}))
                .await;
            let error = client.sddc_manager().await.expect_err("persistent failure");
            assert_eq!(error.status(), Some(status), "{error}");
            assert!(error.is_unavailable());
            assert_eq!(control.count("GET", MANAGERS).await, 4, "1 + 3 retries");
            assert_eq!(sleeps_ms(&clock), vec![1000, 2000, 4000]);
            control.clear_faults().await;
        }
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_are_ridden_out() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, clock) = client_for(&sim);
        client.login().await.expect("login");
        control.clear_requests().await;
        control
            .fault(json!({"kind": "reset", "method": "GET", "pathPrefix": MANAGERS, "count": 1}))
            .await;
        control
            .fault(json!({"kind": "status", "status": 503, "method": "GET",
                          "pathPrefix": MANAGERS, "count": 1}))
            .await;
        let manager = client.sddc_manager().await.expect("third attempt succeeds");
        assert!(!manager.id.is_empty());
        assert_eq!(control.count("GET", MANAGERS).await, 3);
        assert_eq!(sleeps_ms(&clock), vec![1000, 2000]);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jittered_backoff_stays_in_bounds() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (mut config, clock) = config_for(sim.url());
        config.retry = RetryConfig::default();
        let client = ContractClient::new(config).expect("client");
        control
            .fault(json!({"kind": "status", "status": 502, "method": "GET",
                          "pathPrefix": MANAGERS, "count": 10}))
            .await;
        let error = client.sddc_manager().await.expect_err("persistent failure");
        assert_eq!(error.status(), Some(502));
        let sleeps = clock.sleeps();
        assert_eq!(sleeps.len(), 3);
        for (wait, step) in sleeps.iter().zip([1u64, 2, 4]) {
            let step = Duration::from_secs(step);
            assert!(*wait >= step && *wait < step * 2, "{sleeps:?}");
        }
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resets_are_retried_then_cannot_connect() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, clock) = client_for(&sim);
        client.login().await.expect("login");
        control.clear_requests().await;
        control
            .fault(json!({"kind": "reset", "method": "GET", "pathPrefix": MANAGERS, "count": 10}))
            .await;
        let error = client.sddc_manager().await.expect_err("persistent resets");
        assert!(matches!(error, ApiError::CannotConnect { .. }), "{error}");
        assert_eq!(control.count("GET", MANAGERS).await, 4);
        assert_eq!(sleeps_ms(&clock), vec![1000, 2000, 4000]);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeouts_are_retried_then_timeout() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (mut config, clock) = config_for(sim.url());
        config.request_timeout = Duration::from_millis(200);
        let client = ContractClient::new(config).expect("client");
        client.login().await.expect("login");
        control.clear_requests().await;
        control
            .fault(json!({"kind": "delay", "delayMs": 1000, "method": "GET",
                          "pathPrefix": MANAGERS, "count": 10}))
            .await;
        let error = client
            .sddc_manager()
            .await
            .expect_err("persistent timeouts");
        match &error {
            ApiError::Timeout {
                method,
                path,
                after,
            } => {
                assert_eq!((method.as_str(), path.as_str()), ("GET", MANAGERS));
                assert_eq!(*after, Duration::from_millis(200));
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert_eq!(control.count("GET", MANAGERS).await, 4);
        assert_eq!(sleeps_ms(&clock), vec![1000, 2000, 4000]);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_errors_are_not_retried() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        for status in [400u16, 404, 409, 500] {
            let (client, clock) = client_for(&sim);
            client.login().await.expect("login");
            control.clear_requests().await;
            control
                .fault(json!({"kind": "status", "status": status, "method": "GET",
                              "pathPrefix": MANAGERS, "count": 1}))
                .await;
            let error = client.sddc_manager().await.expect_err("error status");
            match &error {
                ApiError::Http {
                    status: got, body, ..
                } => {
                    assert_eq!(*got, status);
                    assert!(body.as_ref().and_then(|b| b.error_code.as_ref()).is_some());
                }
                other => panic!("expected HTTP {status}, got {other:?}"),
            }
            assert_eq!(control.count("GET", MANAGERS).await, 1, "{status}");
            assert!(clock.sleeps().is_empty(), "{status}");
        }
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_not_found_is_returned_at_once_with_the_server_error() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, clock) = client_for(&sim);
        let domain = sim.domain_id(1);
        let error = client
            .precheck_status(&domain, "no-such-precheck")
            .await
            .expect_err("unknown precheck");
        assert_eq!(error.status(), Some(404));
        let path = format!("/v1/domains/{domain}/upgrades/precheck/no-such-precheck");
        assert_eq!(control.count("GET", &path).await, 1);
        assert!(clock.sleeps().is_empty());
        if let ApiError::Http { body, .. } = &error {
            let code = body
                .as_ref()
                .and_then(|b| b.error_code.clone())
                .unwrap_or_default();
            assert!(code.ends_with("_NOT_FOUND"), "{code}");
        }
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_of_503_and_429_is_honoured() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, clock) = client_for(&sim);
        client.login().await.expect("login");
        control.clear_requests().await;
        control
            .fault(
                json!({"kind": "status", "status": 503, "retryAfterSeconds": 7,
                          "method": "GET", "pathPrefix": MANAGERS, "count": 1}),
            )
            .await;
        control
            .fault(
                json!({"kind": "status", "status": 429, "retryAfterSeconds": 3,
                          "method": "GET", "pathPrefix": MANAGERS, "count": 1}),
            )
            .await;
        client
            .sddc_manager()
            .await
            .expect("succeeds after the waits");
        assert_eq!(control.count("GET", MANAGERS).await, 3);
        assert_eq!(sleeps_ms(&clock), vec![7000, 3000]);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persistent_rate_limit_is_rate_limited_with_capped_waits() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (mut config, clock) = config_for(sim.url());
        config.retry.max_delay = Duration::from_secs(30);
        let client = ContractClient::new(config).expect("client");
        client.login().await.expect("login");
        control.clear_requests().await;
        control
            .fault(
                json!({"kind": "status", "status": 429, "retryAfterSeconds": 600,
                          "method": "GET", "pathPrefix": MANAGERS, "count": 10}),
            )
            .await;
        let error = client.sddc_manager().await.expect_err("still rate limited");
        match &error {
            ApiError::RateLimited {
                path, retry_after, ..
            } => {
                assert_eq!(path, MANAGERS);
                assert_eq!(*retry_after, Some(Duration::from_secs(600)));
            }
            other => panic!("expected RateLimited, got {other:?}"),
        }
        assert_eq!(control.count("GET", MANAGERS).await, 4);
        assert_eq!(sleeps_ms(&clock), vec![30_000, 30_000, 30_000], "capped");
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_as_an_http_date_is_honoured() {
    bounded(async {
        let (config, clock) = config_for("http://127.0.0.1:1");
        let at = clock_now(&clock) + Duration::from_secs(42);
        let server = scripted(vec![Canned::json(503, json!({"errorCode": "BUSY"}))
            .header("retry-after", &httpdate_string(at))])
        .await;
        let client = ContractClient::new(datacenter_assistant_core::api::ClientConfig {
            base_url: server.url.clone(),
            ..config
        })
        .expect("client");
        client
            .sddc_manager()
            .await
            .expect("second attempt succeeds");
        assert_eq!(server.hits.load(std::sync::atomic::Ordering::SeqCst), 2);
        let sleeps = clock.sleeps();
        assert_eq!(sleeps.len(), 1);
        // HTTP dates have whole seconds.
        assert!(
            sleeps[0] > Duration::from_secs(40) && sleeps[0] <= Duration::from_secs(42),
            "{sleeps:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_reset_header_is_honoured() {
    bounded(async {
        let (config, clock) = config_for("http://127.0.0.1:1");
        let reset = clock_now(&clock)
            .duration_since(UNIX_EPOCH)
            .expect("epoch")
            .as_secs()
            + 20;
        let server = scripted(vec![Canned::json(
            429,
            json!({"errorCode": "TOO_MANY_REQUESTS"}),
        )
        .header("x-ratelimit-limit", "100")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", &reset.to_string())])
        .await;
        let client = ContractClient::new(datacenter_assistant_core::api::ClientConfig {
            base_url: server.url.clone(),
            ..config
        })
        .expect("client");
        client
            .sddc_manager()
            .await
            .expect("second attempt succeeds");
        assert_eq!(server.hits.load(std::sync::atomic::Ordering::SeqCst), 2);
        let sleeps = clock.sleeps();
        assert_eq!(sleeps.len(), 1);
        assert!(
            sleeps[0] > Duration::from_secs(18) && sleeps[0] <= Duration::from_secs(20),
            "{sleeps:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_cannot_connect_after_the_retries() {
    bounded(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        drop(listener);
        let (config, clock) = config_for(&format!("http://{address}"));
        let client = ContractClient::new(config).expect("client");
        let error = client.login().await.expect_err("nothing listens");
        assert!(matches!(error, ApiError::CannotConnect { .. }), "{error}");
        assert!(error.is_unavailable());
        assert_eq!(sleeps_ms(&clock), vec![1000, 2000, 4000]);
    })
    .await;
}

/// The engine leaves the level to its caller: during an outage every retry and the failed call
/// are logged at DEBUG (with the path), and nothing of the client reaches WARNING or ERROR.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_is_logged_at_debug_only() {
    capture_logs();
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, _) = client_for(&sim);
        client.login().await.expect("login");
        control
            .fault(json!({"kind": "status", "status": 503, "method": "GET",
                          "pathPrefix": MANAGERS, "count": 10}))
            .await;
        for _ in 0..2 {
            client
                .sddc_manager()
                .await
                .expect_err("SDDC Manager is away");
        }
        sim.shutdown().await;
    })
    .await;
    let lines = captured_logs().lock().expect("logs").clone();
    let api_lines: Vec<_> = lines
        .iter()
        .filter(|line| line.contains("core::api"))
        .collect();
    let retries = api_lines
        .iter()
        .filter(|line| line.contains(MANAGERS) && line.contains("retry 3/3"))
        .count();
    assert!(
        retries >= 2,
        "each call's last retry was logged: {api_lines:#?}"
    );
    assert!(
        api_lines
            .iter()
            .any(|line| line.starts_with("DEBUG ")
                && line.contains("reading the SDDC Manager failed"))
    );
    for line in &api_lines {
        assert!(
            !line.starts_with("WARN ") && !line.starts_with("ERROR "),
            "the client logged a warning or an error: {line}"
        );
    }
}

fn clock_now(clock: &datacenter_assistant_core::clock::VirtualClock) -> SystemTime {
    use datacenter_assistant_core::clock::Clock;
    clock.now()
}

fn httpdate_string(at: SystemTime) -> String {
    httpdate::fmt_http_date(at)
}
