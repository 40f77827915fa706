//! Shared by the Rust integration tests: the simulator's credentials, a time bound for test
//! bodies, and a typed client of the simulator's control API (`/sim/`, loopback only).

use std::future::Future;
use std::time::Duration;

use serde_json::{json, Value};
use vcf_sim::RunningSim;

pub const USERNAME: &str = "administrator@vsphere.local";
pub const PASSWORD: &str = "VMware1!VMware1!";

/// Every test body runs under this bound.
pub const TEST_BOUND: Duration = Duration::from_secs(90);

/// Run `future` with a time bound, failing the test when it is exceeded.
pub async fn bounded<F: Future>(future: F) -> F::Output {
    match tokio::time::timeout(TEST_BOUND, future).await {
        Ok(output) => output,
        Err(_) => panic!("the test did not finish within {TEST_BOUND:?}"),
    }
}

/// One entry of `GET /sim/requests`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub status: Option<u16>,
    #[serde(default)]
    pub at_ms: u64,
    #[serde(default)]
    pub fault: Option<String>,
    /// `vcf52`: the raw query string, when there was one.
    #[serde(default)]
    pub query: Option<String>,
    /// `vcf52`: the JSON request body (secrets redacted), when there was one.
    #[serde(default)]
    pub body: Option<Value>,
}

/// The simulator's control API.
pub struct Control {
    http: reqwest::Client,
    base: String,
}

impl Control {
    pub fn new(sim: &RunningSim) -> Self {
        // The control API of a `--tls` simulator uses its self-signed certificate too.
        let http = reqwest::Client::builder()
            .danger_accept_invalid_certs(true)
            .timeout(Duration::from_secs(10))
            .build()
            .expect("control client");
        Self {
            http,
            base: sim.url().to_owned(),
        }
    }

    pub async fn requests(&self) -> Vec<Record> {
        #[derive(serde::Deserialize)]
        struct List {
            requests: Vec<Record>,
        }
        let list: List = self
            .http
            .get(format!("{}/sim/requests", self.base))
            .send()
            .await
            .expect("GET /sim/requests")
            .json()
            .await
            .expect("request list");
        list.requests
    }

    /// Requests with this method whose path is exactly `path`.
    pub async fn count(&self, method: &str, path: &str) -> usize {
        self.requests()
            .await
            .iter()
            .filter(|record| record.method == method && record.path == path)
            .count()
    }

    pub async fn clear_requests(&self) {
        self.delete("/sim/requests").await;
    }

    pub async fn fault(&self, spec: Value) {
        self.post("/sim/faults", spec).await;
    }

    pub async fn clear_faults(&self) {
        self.delete("/sim/faults").await;
    }

    pub async fn expire_tokens(&self, refresh_tokens: bool) {
        self.post(
            "/sim/tokens/expire",
            json!({ "refreshTokens": refresh_tokens }),
        )
        .await;
    }

    /// Back to the domain's initial state (its update available again).
    pub async fn reset_domain(&self, index: usize) {
        self.post(&format!("/sim/domains/{index}/reset"), json!({}))
            .await;
    }

    async fn post(&self, path: &str, body: Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|error| panic!("POST {path}: {error}"));
        let status = response.status();
        assert!(
            status.is_success(),
            "POST {path} {body} refused ({status}): {}",
            response.text().await.unwrap_or_default()
        );
    }

    async fn delete(&self, path: &str) {
        let response = self
            .http
            .delete(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap_or_else(|error| panic!("DELETE {path}: {error}"));
        assert!(response.status().is_success(), "DELETE {path} refused");
    }
}
