//! The token lifecycle against the simulator: expiry, concurrent 401s, revoked refresh
//! tokens, wrong credentials, refresh ahead of expiry, and no secret in any log line.

mod client_support;

use std::time::Duration;

use client_support::*;
use datacenter_assistant_core::api::{ApiError, ClientConfig, ContractClient, UpgradeApi};
use vcf_sim::SimConfig;

const LOGIN: &str = "/v1/tokens";
const REFRESH: &str = "/v1/tokens/access-token/refresh";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_expiry_mid_sequence_is_invisible() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, clock) = client_for(&sim);
        let before = client.inventory().await.expect("inventory");
        control.expire_tokens(false).await;
        let after = client.inventory().await.expect("inventory after expiry");
        assert_eq!(before, after);
        let bundle = after.domains[0]
            .next_release
            .as_ref()
            .and_then(|release| release.bundle_ids.first())
            .expect("a bundle")
            .clone();
        client.bundle_status(&bundle).await.expect("bundle");
        assert_eq!(control.count("POST", LOGIN).await, 1, "one login");
        assert_eq!(control.count("PATCH", REFRESH).await, 1, "one refresh");
        let refused: Vec<_> = control
            .requests()
            .await
            .into_iter()
            .filter(|record| record.status == Some(401))
            .collect();
        assert!(!refused.is_empty() && refused.len() <= 16, "{refused:?}");
        assert!(clock.sleeps().is_empty(), "a 401 is not a backoff");
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_401s_share_one_refresh() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, _) = client_for(&sim);
        client.login().await.expect("login");
        control.expire_tokens(false).await;
        control.clear_requests().await;
        let calls = (0..10).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.sddc_manager().await })
        });
        for call in futures_util::future::join_all(calls).await {
            call.expect("task")
                .expect("call succeeds after the refresh");
        }
        assert_eq!(
            control.count("PATCH", REFRESH).await,
            1,
            "exactly one refresh"
        );
        assert_eq!(control.count("POST", LOGIN).await, 0, "no new login");
        let managers = control.count("GET", "/v1/sddc-managers").await;
        assert!((11..=20).contains(&managers), "{managers} GETs");
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_refresh_token_means_a_silent_new_login() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, _) = client_for(&sim);
        client.sddc_manager().await.expect("first call");
        control.expire_tokens(true).await;
        control.clear_requests().await;
        client.sddc_manager().await.expect("invisible re-login");
        let requests = control.requests().await;
        let sequence: Vec<_> = requests
            .iter()
            .map(|record| (record.method.as_str(), record.path.as_str(), record.status))
            .collect();
        assert_eq!(
            sequence,
            vec![
                ("GET", "/v1/sddc-managers", Some(401)),
                ("PATCH", REFRESH, Some(401)),
                ("POST", LOGIN, Some(200)),
                ("GET", "/v1/sddc-managers", Some(200)),
            ]
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_an_auth_error() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (config, clock) = config_for(sim.url());
        let client = ContractClient::new(ClientConfig {
            password: "wrong-password".into(),
            ..config
        })
        .expect("client");
        let error = client.login().await.expect_err("refused");
        match &error {
            ApiError::Auth { reason } => {
                assert!(reason.contains("AUTHENTICATION_FAILED"), "{reason}");
                assert!(!reason.contains("wrong-password"), "{reason}");
            }
            other => panic!("expected Auth, got {other:?}"),
        }
        let error = client.inventory().await.expect_err("still refused");
        assert!(matches!(error, ApiError::Auth { .. }), "{error}");
        assert!(!format!("{error:?}").contains("wrong-password"));
        assert_eq!(
            control.count("POST", LOGIN).await,
            2,
            "no retries of a refusal"
        );
        assert!(clock.sleeps().is_empty());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_refreshed_ahead_of_expiry_on_the_injected_clock() {
    bounded(async {
        let sim = start_sim(SimConfig {
            token_ttl: Duration::from_secs(3600),
            ..SimConfig::default()
        })
        .await;
        let control = Control::new(&sim);
        let (client, clock) = client_for(&sim);
        client.sddc_manager().await.expect("first call");
        clock.advance(Duration::from_secs(3000));
        client
            .sddc_manager()
            .await
            .expect("still within the lifetime");
        assert_eq!(control.count("PATCH", REFRESH).await, 0);
        // 60 s before expiry the next call refreshes first, without meeting a 401.
        clock.advance(Duration::from_secs(545));
        client.sddc_manager().await.expect("refreshed ahead");
        let requests = control.requests().await;
        assert_eq!(control.count("PATCH", REFRESH).await, 1);
        assert!(
            requests.iter().all(|record| record.status != Some(401)),
            "{requests:?}"
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_session_after_renewal_is_an_auth_error() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, _) = client_for(&sim);
        client.login().await.expect("login");
        control
            .fault(
                serde_json::json!({"kind": "status", "status": 401, "method": "GET",
                                      "pathPrefix": "/v1/sddc-managers", "count": 2}),
            )
            .await;
        let error = client.sddc_manager().await.expect_err("refused twice");
        assert!(matches!(error, ApiError::Auth { .. }), "{error}");
        assert_eq!(control.count("PATCH", REFRESH).await, 1);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_password_or_token_in_any_log_line() {
    capture_logs();
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, _) = client_for(&sim);
        client.inventory().await.expect("inventory");
        control.expire_tokens(false).await;
        client.sddc_manager().await.expect("after a refresh");
        control.expire_tokens(true).await;
        client.sddc_manager().await.expect("after a new login");
        let (config, _) = config_for(sim.url());
        let wrong = ContractClient::new(ClientConfig {
            password: "Not-The-Password-42".into(),
            ..config
        })
        .expect("client");
        let error = wrong.login().await.expect_err("refused");
        assert!(!format!("{error} {error:?}").contains("Not-The-Password-42"));
        sim.shutdown().await;
    })
    .await;
    let lines = captured_logs().lock().expect("logs").clone();
    let api_lines: Vec<_> = lines
        .iter()
        .filter(|line| line.contains("core::api"))
        .collect();
    assert!(
        api_lines
            .iter()
            .any(|line| line.contains("/v1/tokens/access-token/refresh")),
        "the refresh was logged"
    );
    assert!(api_lines
        .iter()
        .any(|line| line.contains(r#""password":"***""#)));
    for line in &api_lines {
        assert!(!line.contains(PASSWORD), "password leaked: {line}");
        assert!(
            !line.contains("Not-The-Password-42"),
            "password leaked: {line}"
        );
        // Every JWT starts with the base64 of `{"`.
        assert!(!line.contains("eyJ"), "token leaked: {line}");
        assert!(
            !line.to_lowercase().contains("bearer "),
            "header leaked: {line}"
        );
    }
}
