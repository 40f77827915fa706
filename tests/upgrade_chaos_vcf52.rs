//! Chaos over the `vcf52` dialect: runs across the workload domains of a simulator of SDDC
//! Manager 5.2.1 while a seeded injector keeps throwing faults at every call (5xx, 429,
//! connection resets, slow answers, garbled bodies, expired tokens). Every run must end in a
//! terminal state (or be acknowledged out of a waiting one), and the simulator's request log
//! must show no bundle's upgrade and no check-set run started twice within a run. Every request
//! the engine sent validates against the 5.2.1 spec.
//!
//! `CHAOS_SEED=<u64>` replays a particular run of the injector.

mod vcf52_support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use datacenter_assistant_core::upgrade::{
    DomainWorkflow, StartOutcome, UpgradeError, WorkflowConfig, WorkflowState,
};
use serde_json::{json, Value};
use vcf52_support::*;
use vcf_sim::Scenario;

/// Domain 1 (the management domain) plays `no-update`, so the workload domains may upgrade.
const DOMAINS: usize = 9;
const RUNS_PER_DOMAIN: usize = 4;
const STEP: Duration = Duration::from_millis(10);
const MAX_FAULTS: usize = 2_000;

fn random_fault(rng: &mut Rng) -> Value {
    let methods = [None, Some("GET"), Some("GET"), Some("POST"), Some("PATCH")];
    let prefixes = [
        None,
        Some("/v1/domains"),
        Some("/v1/bundles/"),
        Some("/v1/releases"),
        Some("/v1/tokens"),
        Some("/v1/system/check-sets"),
        Some("/v1/upgradables/"),
        Some("/v1/upgrades"),
        Some("/v1/tasks/"),
    ];
    let mut fault = match rng.below(100) {
        0..=34 => json!({"kind": "status", "status": *rng.pick(&[500u16, 502, 503, 504])}),
        35..=49 => json!({"kind": "status", "status": 429, "retryAfterSeconds": rng.below(2)}),
        50..=69 => json!({"kind": "reset"}),
        70..=94 => json!({"kind": "delay", "delayMs": 5 + rng.below(150)}),
        _ => json!({"kind": "body", "body": "{\"elements\": [tru"}),
    };
    if let Some(method) = rng.pick(&methods) {
        fault["method"] = json!(method);
    }
    if let Some(prefix) = rng.pick(&prefixes) {
        fault["pathPrefix"] = json!(prefix);
    }
    fault["count"] = json!(1 + rng.below(3));
    fault
}

fn chaos_config() -> WorkflowConfig {
    WorkflowConfig {
        outage_budget: Duration::from_secs(30),
        outage_backoff_initial: Duration::from_millis(5),
        outage_backoff_max: Duration::from_millis(40),
        ..WorkflowConfig::default()
    }
    .with_poll_interval(Duration::from_millis(8))
}

fn expected_end(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::NoUpdate => "no_update",
        Scenario::PrecheckFail => WorkflowState::PrecheckFailed.as_str(),
        Scenario::UpgradeFailsHard | Scenario::DownloadFails => {
            WorkflowState::UpgradeFailed.as_str()
        }
        _ => WorkflowState::UpgradeCompleted.as_str(),
    }
}

#[derive(Debug, Default)]
struct DomainReport {
    outcomes: BTreeMap<String, usize>,
    deviations: Vec<String>,
    /// Per bundle: runs that followed an upgrade of it (each started at most once).
    upgrades_followed: BTreeMap<String, usize>,
    check_runs_followed: usize,
}

async fn run_domain(
    workflow: Workflow,
    control: Arc<Control>,
    index: usize,
    scenario: Scenario,
) -> DomainReport {
    let mut report = DomainReport::default();
    for run in 0..RUNS_PER_DOMAIN {
        let mut attempts = 0;
        let outcome = loop {
            match workflow.start().await {
                Ok(outcome) => break outcome,
                Err(UpgradeError::Api(_)) if attempts < 200 => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                Err(other) => panic!("domain {index} run {run}: start failed: {other}"),
            }
        };
        let name = match outcome {
            StartOutcome::NoUpdate => "no_update".to_owned(),
            StartOutcome::Started { .. } => {
                let end = drive(&workflow).await;
                assert!(
                    end.is_terminal() && !workflow.is_running(),
                    "domain {index} run {run} left in {end}"
                );
                let record = workflow.snapshot().workflow;
                report.check_runs_followed += usize::from(record.precheck.id.is_some());
                for upgrade in record.upgrades.iter().filter(|u| u.tracker.id.is_some()) {
                    *report
                        .upgrades_followed
                        .entry(upgrade.step.bundle_id.clone())
                        .or_default() += 1;
                }
                end.as_str().to_owned()
            }
        };
        if name != expected_end(scenario) {
            report.deviations.push(format!(
                "domain {index} ({scenario}) run {run}: {name}: {}",
                workflow.latest_log_text()
            ));
        }
        *report.outcomes.entry(name).or_default() += 1;
        control.reset_domain(index).await;
    }
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_under_random_faults_in_the_vcf52_dialect() {
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_0052_u64);
    println!("chaos seed {seed} (set CHAOS_SEED to replay)");
    bounded(async move {
        let mut rng = Rng(seed);
        let palette = [
            Scenario::Happy,
            Scenario::Happy,
            Scenario::FlakyDownload,
            Scenario::PrecheckFail,
            Scenario::PrecheckWarnings,
            Scenario::UpgradeFails,
            Scenario::UpgradeFailsHard,
            Scenario::DownloadFails,
            Scenario::Inprogress,
        ];
        let mut scenarios: Vec<(usize, Scenario)> = vec![(1, Scenario::NoUpdate)];
        scenarios.extend((2..=DOMAINS).map(|index| (index, *rng.pick(&palette))));
        let sim = sim52(DOMAINS, &scenarios, STEP).await;
        let control = Arc::new(Control::new(&sim));
        let started = Instant::now();

        let done = Arc::new(AtomicBool::new(false));
        let injected = Arc::new(AtomicUsize::new(0));
        let injector = {
            let (control, done, injected) = (control.clone(), done.clone(), injected.clone());
            let mut rng = Rng(seed ^ 0xFA17);
            tokio::spawn(async move {
                while !done.load(Ordering::Relaxed) && injected.load(Ordering::Relaxed) < MAX_FAULTS
                {
                    if rng.below(100) == 0 {
                        control.expire_tokens(rng.below(2) == 0).await;
                    } else {
                        control.fault(random_fault(&mut rng)).await;
                    }
                    injected.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(2 + rng.below(6))).await;
                }
            })
        };

        let shared = client52(&sim);
        let mut runs = Vec::new();
        for index in 2..=DOMAINS {
            let api = if index % 2 == 0 {
                shared.clone()
            } else {
                client52(&sim)
            };
            let workflow = DomainWorkflow::new(
                api,
                clock(),
                chaos_config(),
                sim.domain_id(index),
                format!("domain-{index}"),
            );
            let scenario = scenarios[index - 1].1;
            runs.push((
                index,
                tokio::spawn(run_domain(workflow, control.clone(), index, scenario)),
            ));
        }
        let mut reports = Vec::new();
        for (index, run) in runs {
            match run.await {
                Ok(report) => reports.push((index, report)),
                Err(error) => panic!("domain {index} task failed: {error}"),
            }
        }
        done.store(true, Ordering::Relaxed);
        injector.await.expect("injector");
        control.clear_faults().await;

        let requests = control.requests().await;
        let checked = assert_requests_follow_the_spec(&requests);
        let mut totals: BTreeMap<String, usize> = BTreeMap::new();
        for (index, report) in &reports {
            let domain_id = sim.domain_id(*index);
            let accepted = accepted_upgrades(&requests, &domain_id);
            assert_eq!(
                accepted, report.upgrades_followed,
                "domain {index}: upgrades accepted per bundle vs followed by its runs"
            );
            assert_eq!(
                accepted_check_runs(&requests, &domain_id),
                report.check_runs_followed,
                "domain {index}: check runs accepted vs followed"
            );
            for (outcome, n) in &report.outcomes {
                *totals.entry(outcome.clone()).or_default() += n;
            }
        }
        let deviations: Vec<&String> = reports.iter().flat_map(|(_, r)| &r.deviations).collect();
        for deviation in &deviations {
            println!("deviation: {deviation}");
        }
        let faulted = requests.iter().filter(|r| r.fault.is_some()).count();
        println!(
            "chaos vcf52: {} runs in {:.1?} | outcomes {totals:?} | {} faults injected, \
             {faulted} of {} requests faulted, {checked} checked against the spec",
            totals.values().sum::<usize>(),
            started.elapsed(),
            injected.load(Ordering::Relaxed),
            requests.len(),
        );
        assert_eq!(
            totals.values().sum::<usize>(),
            (DOMAINS - 1) * RUNS_PER_DOMAIN
        );
        for deviation in &deviations {
            assert!(
                deviation.contains("upgrade_failed: ") && deviation.contains("invalid response"),
                "a fault changed an outcome: {deviation}"
            );
        }
        assert!(totals.get("upgrade_completed").copied().unwrap_or(0) > 0);
        sim.shutdown().await;
    })
    .await;
}
