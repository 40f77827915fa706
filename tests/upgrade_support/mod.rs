//! Helpers shared by the `upgrade_*` integration tests: a simulator with fast steps, the real
//! client with short retries, a workflow configuration in milliseconds, the simulator's control
//! API, and a driver that runs a workflow to its end.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use datacenter_assistant_core::api::{ClientConfig, RetryConfig, SddcClient};
use datacenter_assistant_core::clock::{SharedClock, SystemClock};
use datacenter_assistant_core::upgrade::{DomainWorkflow, WorkflowConfig, WorkflowState};
use serde_json::{json, Value};
use vcf_sim::{RunningSim, Scenario, SimConfig};

pub const USERNAME: &str = "administrator@vsphere.local";
pub const PASSWORD: &str = "VMware1!VMware1!";

/// Every test body runs under this bound.
pub const TEST_BOUND: Duration = Duration::from_secs(90);

pub type Workflow = DomainWorkflow<SddcClient>;

pub async fn bounded<F: Future>(future: F) -> F::Output {
    match tokio::time::timeout(TEST_BOUND, future).await {
        Ok(output) => output,
        Err(_) => panic!("the test did not finish within {TEST_BOUND:?}"),
    }
}

/// A simulator with `domains` domains, the given scenarios and `step` per long step.
pub async fn sim(domains: usize, scenarios: &[(usize, Scenario)], step: Duration) -> RunningSim {
    vcf_sim::start(SimConfig {
        domains,
        scenarios: scenarios.iter().copied().collect::<BTreeMap<_, _>>(),
        step,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
}

pub fn clock() -> SharedClock {
    Arc::new(SystemClock)
}

/// The real client, with retries in milliseconds so a test's outages take milliseconds.
pub fn client_config(url: &str) -> ClientConfig {
    let mut config = ClientConfig::new(url, USERNAME, PASSWORD);
    config.request_timeout = Duration::from_secs(5);
    config.connect_timeout = Duration::from_secs(2);
    config.retry = RetryConfig {
        max_retries: 3,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        jitter: true,
    };
    config
}

pub fn client(sim: &RunningSim) -> Arc<SddcClient> {
    Arc::new(SddcClient::new(client_config(sim.url())).expect("client"))
}

/// Real waits, in milliseconds.
pub fn workflow_config() -> WorkflowConfig {
    WorkflowConfig {
        outage_budget: Duration::from_secs(30),
        outage_backoff_initial: Duration::from_millis(3),
        outage_backoff_max: Duration::from_millis(30),
        ..WorkflowConfig::default()
    }
    .with_poll_interval(Duration::from_millis(3))
}

pub fn workflow(sim: &RunningSim, index: usize) -> Workflow {
    workflow_with(client(sim), sim, index)
}

pub fn workflow_with(api: Arc<SddcClient>, sim: &RunningSim, index: usize) -> Workflow {
    DomainWorkflow::new(
        api,
        clock(),
        workflow_config(),
        sim.domain_id(index),
        format!("domain-{index}"),
    )
}

/// Polls `condition` every few milliseconds until it holds.
pub async fn until(mut condition: impl FnMut() -> bool) {
    while !condition() {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Drives an already started (or resumed) run to its end, acknowledging alerts when it waits
/// for them. Returns the terminal state.
pub async fn drive(workflow: &Workflow) -> WorkflowState {
    loop {
        let state = workflow.state();
        if state == WorkflowState::WaitingForAcknowledgment {
            // May race with the monitor or fail under injected faults: it is retried while the
            // state stays.
            let _ = workflow.acknowledge().await;
        }
        if !workflow.is_running() {
            return workflow.state();
        }
        tokio::time::sleep(Duration::from_millis(3)).await;
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
}

/// The simulator's control API (loopback only).
pub struct Control {
    http: reqwest::Client,
    base: String,
}

impl Control {
    pub fn new(sim: &RunningSim) -> Self {
        let http = reqwest::Client::builder()
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

    /// Requests with this method and exactly this path.
    pub async fn count(&self, method: &str, path: &str) -> usize {
        self.requests()
            .await
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        assert!(
            response.status().is_success(),
            "POST {path} {body} refused: {}",
            response.status()
        );
        response.json().await.unwrap_or(Value::Null)
    }

    pub async fn fault(&self, spec: Value) {
        self.post("/sim/faults", spec).await;
    }

    pub async fn clear_faults(&self) {
        let response = self
            .http
            .delete(format!("{}/sim/faults", self.base))
            .send()
            .await
            .expect("DELETE /sim/faults");
        assert!(response.status().is_success());
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
}

pub fn precheck_path(domain_id: &str) -> String {
    format!("/v1/domains/{domain_id}/upgrades/precheck")
}

pub fn upgrades_path(domain_id: &str) -> String {
    format!("/v1/domains/{domain_id}/upgrades")
}

pub fn messages(workflow: &Workflow) -> Vec<String> {
    workflow
        .log_entries()
        .into_iter()
        .map(|entry| entry.message)
        .collect()
}

pub fn logged(workflow: &Workflow, needle: &str) -> usize {
    messages(workflow)
        .iter()
        .filter(|m| m.contains(needle))
        .count()
}
