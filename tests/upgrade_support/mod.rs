//! Helpers shared by the `upgrade_*` integration tests: a simulator with fast steps, the real
//! client with short retries, a workflow configuration in milliseconds, the simulator's control
//! API, and a driver that runs a workflow to its end.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use datacenter_assistant_core::api::{ClientConfig, ContractClient, RetryConfig, UpgradeApi};
use datacenter_assistant_core::clock::{SharedClock, SystemClock};
use datacenter_assistant_core::upgrade::{DomainWorkflow, WorkflowConfig, WorkflowState};
use vcf_sim::{RunningSim, Scenario, SimConfig};

#[path = "../sim_control/mod.rs"]
mod sim_control;
#[allow(unused_imports)] // each test binary uses a different part
pub use sim_control::{bounded, Control, Record, PASSWORD, USERNAME};

pub type Workflow = DomainWorkflow<ContractClient>;

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

pub fn client(sim: &RunningSim) -> Arc<ContractClient> {
    Arc::new(ContractClient::new(client_config(sim.url())).expect("client"))
}

/// Real waits, in milliseconds.
pub fn workflow_config() -> WorkflowConfig {
    WorkflowConfig {
        outage_budget: Duration::from_secs(30),
        outage_backoff_initial: Duration::from_millis(3),
        outage_backoff_max: Duration::from_millis(30),
        order_poll_interval: Duration::from_millis(5),
        ..WorkflowConfig::default()
    }
    .with_poll_interval(Duration::from_millis(3))
}

pub fn workflow(sim: &RunningSim, index: usize) -> Workflow {
    workflow_with(client(sim), sim, index)
}

pub fn workflow_with<A: UpgradeApi>(
    api: Arc<A>,
    sim: &RunningSim,
    index: usize,
) -> DomainWorkflow<A> {
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
pub async fn drive<A: UpgradeApi>(workflow: &DomainWorkflow<A>) -> WorkflowState {
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

pub fn precheck_path(domain_id: &str) -> String {
    format!("/v1/domains/{domain_id}/upgrades/precheck")
}

pub fn upgrades_path(domain_id: &str) -> String {
    format!("/v1/domains/{domain_id}/upgrades")
}

pub fn messages<A: UpgradeApi>(workflow: &DomainWorkflow<A>) -> Vec<String> {
    workflow
        .log_entries()
        .into_iter()
        .map(|entry| entry.message)
        .collect()
}

pub fn logged<A: UpgradeApi>(workflow: &DomainWorkflow<A>, needle: &str) -> usize {
    messages(workflow)
        .iter()
        .filter(|m| m.contains(needle))
        .count()
}

/// SplitMix64: small, seedable, good enough for the chaos tests to pick faults.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        &items[index]
    }
}
