//! SDDC Manager's own health check through a real `VcfClient` against the `vcf52` simulator:
//! the three outcomes (green, one yellow check, one red check), the errors (a summary that
//! does not complete in time, an unknown domain, one already running) and `None` in the
//! contract dialect; every request checked against the 5.2.1 and 9.0.2 OpenAPI documents.

mod vcf52_support;

use std::time::Duration;

use datacenter_assistant_core::api::{
    ApiError, Dialect, HealthPolling, HealthStatus, HealthSummary, VcfClient,
};
use vcf52_support::*;
use vcf_sim::Scenario;

const STEP: Duration = Duration::from_millis(20);

fn polling() -> HealthPolling {
    HealthPolling::within(Duration::from_millis(5), Duration::from_secs(10))
}

fn client(sim: &vcf_sim::RunningSim) -> VcfClient {
    VcfClient::new(client_config(sim.url()), Dialect::Vcf52).expect("client")
}

async fn check(client: &VcfClient, domain_id: &str) -> HealthSummary {
    client
        .health_check(domain_id, polling())
        .await
        .expect("the health check runs")
        .expect("vcf52 has health summaries")
}

/// The health summary calls of the log, in order (`METHOD path-template`).
fn health_calls(requests: &[Record]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.path.starts_with("/v1/system/health-summary"))
        .map(|r| {
            let kind = if r.path.ends_with("/data") {
                "data"
            } else if r.path == "/v1/system/health-summary" {
                "start"
            } else {
                "status"
            };
            format!("{} {kind}", r.method)
        })
        .collect()
}

#[tokio::test]
async fn a_healthy_domain_is_green_with_every_component_checked() {
    bounded(async {
        let sim = sim52(2, &[], STEP).await;
        let control = Control::new(&sim);
        let client = client(&sim);
        let summary = check(&client, &sim.domain_id(1)).await;
        assert_eq!(summary.status, HealthStatus::Green, "{summary:?}");
        assert!(!summary.id.is_empty());
        assert!(summary.started_at.is_some() && summary.ended_at.is_some());
        assert!(summary
            .bundle_name
            .as_deref()
            .is_some_and(|name| name.ends_with(".tar.gz")));
        assert!(summary
            .checks
            .iter()
            .all(|c| c.status == HealthStatus::Green));
        for component in [
            "SDDC Manager",
            "NSX",
            "vCenter",
            "ESX hosts",
            "vSAN",
            "Connectivity",
        ] {
            assert!(
                summary.checks.iter().any(|c| c.component == component),
                "{component}: {summary:?}"
            );
        }
        assert!(summary
            .checks
            .iter()
            .all(|c| !c.name.is_empty() && !c.message.is_empty()));

        let requests = control.requests().await;
        assert!(assert_requests_follow_the_spec(&requests) > 0);
        let calls = health_calls(&requests);
        assert_eq!(calls.first().map(String::as_str), Some("POST start"));
        assert_eq!(calls.last().map(String::as_str), Some("GET data"));
        assert!(calls.iter().filter(|c| *c == "GET status").count() >= 1);
        // The scope names the domain (the spec's `Domains` has names, not ids).
        let start = requests
            .iter()
            .find(|r| r.method == "POST" && r.path == "/v1/system/health-summary")
            .and_then(|r| r.body.clone())
            .expect("the start has a body");
        assert_eq!(
            start,
            serde_json::json!({"scope": {"domains": [{"domainName": "mgmt-domain"}]}})
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_warning_is_yellow_and_a_failed_check_is_red() {
    bounded(async {
        let sim = sim52(
            3,
            &[(2, Scenario::HealthWarnings), (3, Scenario::HealthFails)],
            STEP,
        )
        .await;
        let control = Control::new(&sim);
        let client = client(&sim);

        let yellow = check(&client, &sim.domain_id(2)).await;
        assert_eq!(yellow.status, HealthStatus::Yellow, "{yellow:?}");
        let flagged: Vec<_> = yellow
            .checks
            .iter()
            .filter(|c| c.status != HealthStatus::Green)
            .collect();
        assert_eq!(flagged.len(), 1, "{yellow:?}");
        assert_eq!(flagged[0].component, "vCenter");
        assert!(flagged[0].message.contains("expires"), "{flagged:?}");

        let red = check(&client, &sim.domain_id(3)).await;
        assert_eq!(red.status, HealthStatus::Red, "{red:?}");
        let flagged: Vec<_> = red
            .checks
            .iter()
            .filter(|c| c.status != HealthStatus::Green)
            .collect();
        assert_eq!(flagged.len(), 1, "{red:?}");
        assert_eq!(flagged[0].status, HealthStatus::Red);
        assert_eq!(flagged[0].component, "vSAN");
        assert_ne!(yellow.id, red.id);

        assert!(assert_requests_follow_the_spec(&control.requests().await) > 0);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn errors_are_typed_with_context() {
    bounded(async {
        let sim = sim52(1, &[], Duration::from_millis(200)).await;
        let control = Control::new(&sim);
        let client = client(&sim);

        // Three polls of 5 ms cannot see a 600 ms summary complete.
        let short = HealthPolling {
            interval: Duration::from_millis(5),
            max_polls: 3,
        };
        let error = client
            .health_check(&sim.domain_id(1), short)
            .await
            .expect_err("it does not complete in time");
        match &error {
            ApiError::Timeout { path, .. } => {
                assert!(path.starts_with("/v1/system/health-summary/"), "{error}")
            }
            other => panic!("{other:?}"),
        }

        // Another one while that one runs: the server's 409, with its message.
        let error = client
            .health_check(&sim.domain_id(1), polling())
            .await
            .expect_err("one is running");
        assert_eq!(error.status(), Some(409), "{error}");
        assert!(error.to_string().contains("in progress"), "{error}");

        let error = client
            .health_check("no-such-domain", polling())
            .await
            .expect_err("unknown domain");
        assert_eq!(error.status(), Some(404), "{error}");

        assert!(assert_requests_follow_the_spec(&control.requests().await) > 0);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn the_contract_dialect_has_no_health_summaries() {
    bounded(async {
        let sim = sim52(1, &[], STEP).await;
        let contract = VcfClient::new(client_config(sim.url()), Dialect::Default).expect("client");
        let summary = contract
            .health_check(&sim.domain_id(1), polling())
            .await
            .expect("no call is made");
        assert!(summary.is_none());
        sim.shutdown().await;
    })
    .await;
}
