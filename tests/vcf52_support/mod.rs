//! Helpers of the `vcf52` engine tests: a simulator speaking SDDC Manager 5.2.1's lifecycle
//! API, the engine's `VcfClient` in that dialect, and the check that every request the engine
//! sent validates, closed, against VMware's 5.2.1 OpenAPI document (the validator is the
//! simulator's own, `sim/tests/common/spec.rs`, shared by path).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use datacenter_assistant_core::api::{Dialect, VcfClient};
use datacenter_assistant_core::upgrade::{DomainWorkflow, WorkflowSnapshot, WorkflowState};
use serde_json::Value;
use vcf_sim::{RunningSim, Scenario, SimConfig};

// The engine, the workflow configuration, the control API and the drivers are the same as
// the default dialect's tests use; only the simulator and the client's dialect differ.
#[path = "../upgrade_support/mod.rs"]
mod upgrade_support;
#[allow(unused_imports)] // each test binary uses a different part
pub use upgrade_support::{
    bounded, client_config, clock, drive, logged, messages, until, workflow_config, workflow_with,
    Control, Record, Rng, PASSWORD, USERNAME,
};

#[path = "../../sim/tests/common/spec.rs"]
#[allow(dead_code, unused_imports)]
mod spec;
pub use spec::Spec;

pub type Workflow = DomainWorkflow<VcfClient>;

/// A `vcf52` simulator with `domains` domains and the given scenarios.
pub async fn sim52(domains: usize, scenarios: &[(usize, Scenario)], step: Duration) -> RunningSim {
    vcf_sim::start(SimConfig {
        domains,
        scenarios: scenarios.iter().copied().collect::<BTreeMap<_, _>>(),
        step,
        outage_steps: 3,
        dialect: vcf_sim::Dialect::Vcf52,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
}

pub fn client52(sim: &RunningSim) -> Arc<VcfClient> {
    Arc::new(VcfClient::new(client_config(sim.url()), Dialect::Vcf52).expect("client"))
}

pub fn workflow52(sim: &RunningSim, index: usize) -> Workflow {
    workflow_with(client52(sim), sim, index)
}

/// Home Assistant restarts: the workflow is stopped, its snapshot read back from its JSON by
/// a new workflow on a new client, which resumes.
pub async fn restart52(workflow: Workflow, sim: &RunningSim) -> Workflow {
    workflow.stop().await;
    let json = workflow.snapshot().to_json();
    drop(workflow);
    let restored = DomainWorkflow::restore(
        client52(sim),
        clock(),
        workflow_config(),
        WorkflowSnapshot::from_json(&json).expect("snapshot"),
    )
    .expect("restore");
    restored.resume().await;
    restored
}

/// Waits for the run task to end without acknowledging anything.
pub async fn finish(workflow: &Workflow) -> WorkflowState {
    workflow.wait().await;
    workflow.state()
}

/// The spec's path template for a concrete path (`/v1/upgrades/abc` → `/v1/upgrades/{id}`):
/// the template with the most literal segments that matches.
pub fn template_of(spec_doc: &Value, method: &str, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let method = method.to_ascii_lowercase();
    spec_doc["paths"]
        .as_object()?
        .iter()
        .filter(|(_, item)| item.get(&method).is_some())
        .filter_map(|(template, _)| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (part, segment) in parts.iter().zip(&segments) {
                if part.starts_with('{') && part.ends_with('}') {
                    if segment.is_empty() {
                        return None;
                    }
                } else if part == segment {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, template.clone()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, template)| template)
}

/// Every `/v1` request of the log exists in the 5.2.1 and the 9.0.2 spec (path, method, query
/// parameter names) and its body validates closed against the operation's request schema in
/// both. Returns how many were checked.
pub fn assert_requests_follow_the_spec(requests: &[Record]) -> usize {
    let checked = assert_requests_follow(Spec::get(), "5.2.1", requests);
    assert_eq!(
        assert_requests_follow(Spec::get_9_0_2(), "9.0.2", requests),
        checked
    );
    checked
}

fn assert_requests_follow(spec: &Spec, version: &str, requests: &[Record]) -> usize {
    let doc = spec.doc();
    let mut checked = 0;
    for record in requests.iter().filter(|r| r.path.starts_with("/v1/")) {
        let template = template_of(doc, &record.method, &record.path).unwrap_or_else(|| {
            panic!(
                "{} {} is not an operation of the {version} spec",
                record.method, record.path
            )
        });
        let operation = spec.operation(&record.method, &template);
        if let Some(query) = record.query.as_deref().filter(|q| !q.is_empty()) {
            let declared: Vec<&str> = operation["parameters"]
                .as_array()
                .map(|params| {
                    params
                        .iter()
                        .filter(|p| p["in"] == "query")
                        .filter_map(|p| p["name"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            for pair in query.split('&') {
                let name = pair.split('=').next().unwrap_or_default();
                assert!(
                    declared.contains(&name),
                    "{} {}?{query}: query parameter {name} is not declared ({declared:?})",
                    record.method,
                    record.path
                );
            }
        }
        match (&record.body, spec.request_schema(&record.method, &template)) {
            (Some(body), Some(schema)) => {
                if let Err(errors) = spec.validate(schema, body, true) {
                    panic!(
                        "{} {} ({}): the body {body} does not validate against {version}: {errors:?}",
                        record.method,
                        record.path,
                        spec.operation_id(&record.method, &template)
                    );
                }
            }
            (Some(body), None) => panic!(
                "{} {} sent a body {body} the operation does not take",
                record.method, record.path
            ),
            (None, _) => {}
        }
        checked += 1;
    }
    checked
}

/// Accepted (202) `POST /v1/upgrades` of a domain, per bundle id.
pub fn accepted_upgrades(requests: &[Record], domain_id: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for record in requests {
        if record.method != "POST" || record.path != "/v1/upgrades" || record.status != Some(202) {
            continue;
        }
        let Some(body) = &record.body else { continue };
        let ours = body["resourceUpgradeSpecs"]
            .as_array()
            .is_some_and(|specs| specs.iter().any(|s| s["resourceId"] == domain_id));
        if let (true, Some(bundle)) = (ours, body["bundleId"].as_str()) {
            *counts.entry(bundle.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// Accepted (202) check-set runs of a domain.
pub fn accepted_check_runs(requests: &[Record], domain_id: &str) -> usize {
    requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/system/check-sets")
        .filter(|r| r.status == Some(202))
        .filter(|r| {
            r.body.as_ref().is_some_and(|body| {
                body["resources"].as_array().is_some_and(|resources| {
                    resources
                        .iter()
                        .any(|res| res["domain"]["domainId"] == domain_id)
                })
            })
        })
        .count()
}
