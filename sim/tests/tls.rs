//! HTTPS with a generated CA.

mod common;

use std::time::Duration;

use common::{bounded, PASSWORD, USERNAME};
use reqwest::StatusCode;
use serde_json::json;
use vcf_sim::SimConfig;

fn tls_config() -> SimConfig {
    SimConfig {
        tls: true,
        step: Duration::from_millis(10),
        ..SimConfig::default()
    }
}

fn client_trusting(ca_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("CA PEM"))
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_client_trusting_the_ca_logs_in_over_https() {
    bounded(async {
        let sim = vcf_sim::start(tls_config()).await.unwrap();
        assert!(sim.url().starts_with("https://127.0.0.1:"));
        let ca = sim.ca_pem().expect("a CA with tls");
        assert!(ca.contains("BEGIN CERTIFICATE"));
        let client = client_trusting(ca);
        let response = client
            .post(format!("{}/v1/tokens", sim.url()))
            .json(&json!({"username": USERNAME, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.version(), reqwest::Version::HTTP_11);
        let body: serde_json::Value = response.json().await.unwrap();
        let token = body["accessToken"].as_str().unwrap();
        let domains = client
            .get(format!("{}/v1/domains", sim.url()))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(domains.status(), StatusCode::OK);

        // The certificate is valid for "localhost" too.
        let by_name = sim.url().replace("127.0.0.1", "localhost");
        let health = client
            .get(format!("{by_name}/sim/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_client_without_the_ca_refuses_the_server() {
    bounded(async {
        let sim = vcf_sim::start(tls_config()).await.unwrap();
        let error = common::http_client()
            .get(format!("{}/sim/health", sim.url()))
            .send()
            .await
            .expect_err("an untrusted certificate");
        assert!(error.is_connect(), "{error:?}");
        // Another simulator's CA does not help either: every run has its own CA.
        let other = vcf_sim::start(tls_config()).await.unwrap();
        let error = client_trusting(other.ca_pem().unwrap())
            .get(format!("{}/sim/health", sim.url()))
            .send()
            .await
            .expect_err("the wrong CA");
        assert!(error.is_connect(), "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn plain_http_has_no_ca() {
    bounded(async {
        let sim = vcf_sim::start(SimConfig::default()).await.unwrap();
        assert!(sim.url().starts_with("http://127.0.0.1:"));
        assert!(sim.ca_pem().is_none());
    })
    .await;
}

#[tokio::test]
async fn faults_work_over_tls_too() {
    bounded(async {
        let sim = vcf_sim::start(tls_config()).await.unwrap();
        let client = client_trusting(sim.ca_pem().unwrap());
        let added = client
            .post(format!("{}/sim/faults", sim.url()))
            .json(&json!({"kind": "reset"}))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), StatusCode::OK);
        let error = client
            .get(format!("{}/v1/domains", sim.url()))
            .send()
            .await
            .expect_err("reset");
        assert!(error.status().is_none());
        let again = client
            .get(format!("{}/v1/domains", sim.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}
