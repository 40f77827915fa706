//! The engine against a simulator of SDDC Manager 5.2.1's lifecycle API (`vcf52`): every
//! scenario of that dialect through a real `VcfClient` and workflow, with every request the
//! engine sends checked, closed, against VMware's 5.2.1 OpenAPI document.

mod vcf52_support;

use std::time::Duration;

use datacenter_assistant_core::api::{Dialect, UpgradeApi, VcfClient};
use datacenter_assistant_core::upgrade::{
    AlertKind, AlertSeverity, ComponentState, DomainWorkflow, StartOutcome, WorkflowEvent,
    WorkflowSnapshot, WorkflowState,
};
use serde_json::json;
use vcf52_support::*;
use vcf_sim::Scenario;

const STEP: Duration = Duration::from_millis(15);
const TARGET: &str = "5.2.1.0";

/// Starts domain `index` (the management domain is 1) in `scenario` and returns the running
/// workflow with the simulator and its control API.
async fn started(scenario: Scenario) -> (vcf_sim::RunningSim, Control, Workflow) {
    let sim = sim52(2, &[(1, scenario)], STEP).await;
    let control = Control::new(&sim);
    let workflow = workflow52(&sim, 1);
    let outcome = workflow.start().await.expect("start");
    assert!(
        matches!(outcome, StartOutcome::Started { ref version, .. } if version == TARGET),
        "{outcome:?}"
    );
    (sim, control, workflow)
}

/// Every request followed the spec; each bundle's upgrade and the check run started once.
async fn check_requests(control: &Control, domain_id: &str, check_runs: usize) -> Vec<Record> {
    let requests = control.requests().await;
    let checked = assert_requests_follow_the_spec(&requests);
    assert!(checked > 10, "only {checked} requests");
    for (bundle, count) in accepted_upgrades(&requests, domain_id) {
        assert_eq!(count, 1, "bundle {bundle} upgraded {count} times");
    }
    assert_eq!(accepted_check_runs(&requests, domain_id), check_runs);
    requests
}

fn has(messages: &[String], needle: &str) -> bool {
    messages.iter().any(|m| m.contains(needle))
}

#[tokio::test]
async fn happy_domain_walks_every_phase_one_component_at_a_time() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::Happy).await;
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let log = messages(&workflow);
        for needle in [
            "Successfully targeted version 5.2.1.0 for upgrade",
            "All 4 bundle(s) of VCF 5.2.1.0 downloaded",
            "Precheck passed for VCF 5.2.1.0; starting the upgrade",
            "Upgrading SDDC_MANAGER (1/4) from ",
            "Upgrading NSX_T_MANAGER (2/4) from ",
            "Upgrading VCENTER (3/4) from ",
            "Upgrading ESX_HOST (4/4) from ",
            "Domain mgmt-domain now runs VCF 5.2.1.0",
            "Upgrade completed successfully",
        ] {
            assert!(has(&log, needle), "{needle:?} missing from {log:#?}");
        }
        let requests = check_requests(&control, &sim.domain_id(1), 1).await;
        assert_eq!(accepted_upgrades(&requests, &sim.domain_id(1)).len(), 4);
        // The NSX and vCenter upgrades carried their input specs, filled from the server.
        let bodies: Vec<&serde_json::Value> = requests
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/v1/upgrades")
            .filter_map(|r| r.body.as_ref())
            .collect();
        assert!(bodies
            .iter()
            .any(|b| b["nsxtUpgradeUserInputSpecs"][0]["nsxtId"].is_string()));
        assert!(bodies.iter().any(|b| {
            b["vcenterUpgradeUserInputSpecs"][0]["temporaryNetwork"]["networkMode"] == "AUTOMATIC"
        }));
        let domain = workflow52(&sim, 1);
        assert!(matches!(domain.start().await, Ok(StartOutcome::NoUpdate)));
        let snapshot = workflow.snapshot();
        assert_eq!(snapshot.version, 2);
        assert_eq!(snapshot.workflow.upgrades.len(), 4);
        // The dashboard's view of the run: the four components in order, all completed.
        let components = workflow.components();
        let names: Vec<_> = components
            .iter()
            .map(|c| c.step.component.as_deref().unwrap_or("?"))
            .collect();
        assert_eq!(
            names,
            ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"]
        );
        for (index, c) in components.iter().enumerate() {
            assert_eq!(c.state, ComponentState::Completed, "{c:?}");
            assert_eq!(
                (c.step.position, c.step.total),
                (u32::try_from(index + 1).unwrap(), 4)
            );
            assert!(
                c.step.from_version.is_some() && c.step.to_version.is_some(),
                "{c:?}"
            );
            assert_ne!(c.step.from_version, c.step.to_version, "{c:?}");
            let (started, ended) = (c.started_at.unwrap(), c.ended_at.unwrap());
            assert!(started <= ended, "{c:?}");
        }
        assert!(workflow.open_alerts().is_empty());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn the_check_runs_progress_goes_out_while_the_precheck_runs() {
    bounded(async {
        // The check run reports 50 for one step: a step long enough that the engine's first
        // read (sent right after the start) sees it even on a loaded machine.
        let sim = sim52(2, &[(1, Scenario::Happy)], Duration::from_millis(150)).await;
        let workflow = workflow52(&sim, 1);
        let mut events = workflow.subscribe();
        // The precheck's progress events, up to the state change that ends the precheck.
        let precheck = tokio::spawn(async move {
            let mut percents = Vec::new();
            loop {
                match events.recv().await.expect("no event missed") {
                    WorkflowEvent::Progress {
                        state: WorkflowState::PrecheckRunning,
                        percent,
                        component,
                        ..
                    } => {
                        assert_eq!(component, None);
                        percents.push(percent);
                    }
                    WorkflowEvent::StateChanged {
                        from: WorkflowState::PrecheckRunning,
                        ..
                    } => return percents,
                    _ => {}
                }
            }
        });
        assert!(matches!(
            workflow.start().await,
            Ok(StartOutcome::Started { .. })
        ));
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let percents = precheck.await.expect("the precheck's events");
        // The simulator's check run reports 50 while it runs and 100 once done; each change
        // goes out once, and the log book got none of it.
        assert!(percents.contains(&Some(50)), "{percents:?}");
        assert_eq!(percents.last(), Some(&Some(100)), "{percents:?}");
        assert!(percents.windows(2).all(|w| w[0] < w[1]), "{percents:?}");
        assert!(
            !messages(&workflow)
                .iter()
                .any(|m| m.starts_with("Precheck") && m.contains('%')),
            "{:#?}",
            messages(&workflow)
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn no_update_starts_nothing() {
    bounded(async {
        let sim = sim52(1, &[(1, Scenario::NoUpdate)], STEP).await;
        let workflow = workflow52(&sim, 1);
        assert_eq!(workflow.start().await.ok(), Some(StartOutcome::NoUpdate));
        assert_eq!(workflow.state(), WorkflowState::WaitingForInitiation);
        let requests = Control::new(&sim).requests().await;
        assert_requests_follow_the_spec(&requests);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn failed_precheck_logs_each_validation_with_its_remediation() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::PrecheckFail).await;
        assert_eq!(finish(&workflow).await, WorkflowState::PrecheckFailed);
        let log = messages(&workflow);
        let failed: Vec<&String> = log
            .iter()
            .filter(|m| {
                m.starts_with("Precheck validation failed: ") && m.contains("Remediation: ")
            })
            .collect();
        assert_eq!(failed.len(), 3, "{log:#?}");
        assert!(has(&log, "Precheck failed with 2 error(s)"), "{log:#?}");
        let requests = check_requests(&control, &sim.domain_id(1), 1).await;
        assert!(accepted_upgrades(&requests, &sim.domain_id(1)).is_empty());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn precheck_warnings_pause_before_the_first_component_until_acknowledged() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::PrecheckWarnings).await;
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;
        // Waiting: nothing is upgraded, whatever time passes.
        tokio::time::sleep(STEP * 4).await;
        assert_eq!(workflow.state(), WorkflowState::WaitingForAcknowledgment);
        let requests = control.requests().await;
        assert!(accepted_upgrades(&requests, &sim.domain_id(1)).is_empty());
        let log = messages(&workflow);
        let warnings: Vec<&str> = log
            .iter()
            .filter_map(|m| m.strip_prefix("Precheck warning: "))
            .collect();
        assert_eq!(warnings.len(), 2, "{log:#?}");
        assert!(
            has(&log, "2 precheck warning(s) need acknowledgment"),
            "{log:#?}"
        );
        // The gate survives a snapshot, with the warnings' descriptions.
        assert_eq!(
            workflow.snapshot().to_value()["workflow"]["gate"],
            json!({"kind": "precheck_warnings", "warnings": 2, "messages": warnings})
        );
        // The dashboard lists them; no component upgrade has been handed out yet.
        let open = workflow.open_alerts();
        assert_eq!(
            open.iter().map(|a| a.message.as_str()).collect::<Vec<_>>(),
            warnings
        );
        assert!(open
            .iter()
            .all(|a| a.kind == AlertKind::PrecheckWarning && a.severity == AlertSeverity::Warning));
        assert!(workflow.components().is_empty());
        workflow.acknowledge().await.expect("acknowledge");
        assert!(workflow.open_alerts().is_empty());
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        assert!(has(
            &messages(&workflow),
            "2 precheck warning(s) acknowledged"
        ));
        check_requests(&control, &sim.domain_id(1), 1).await;
        sim.shutdown().await;
    })
    .await;
}

/// Acknowledging opens the gate at once: the first component upgrade starts without waiting
/// for the next poll (here 30 s away).
#[tokio::test]
async fn acknowledging_the_warnings_starts_the_first_component_at_once() {
    bounded(async {
        let sim = sim52(1, &[(1, Scenario::PrecheckWarnings)], STEP).await;
        let config = datacenter_assistant_core::upgrade::WorkflowConfig {
            upgrade_poll_interval: Duration::from_secs(30),
            ..workflow_config()
        };
        let workflow = DomainWorkflow::new(
            client52(&sim),
            clock(),
            config,
            sim.domain_id(1),
            "domain-1",
        );
        workflow.start().await.expect("start");
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;
        // Let the run settle into its wait at the gate.
        tokio::time::sleep(Duration::from_millis(50)).await;
        workflow.acknowledge().await.expect("acknowledge");
        tokio::time::timeout(Duration::from_secs(5), async {
            until(|| {
                workflow
                    .snapshot()
                    .workflow
                    .upgrades
                    .first()
                    .is_some_and(|u| u.tracker.id.is_some())
            })
            .await;
        })
        .await
        .expect("the first component upgrade started at once");
        workflow.stop().await;
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn flaky_download_is_retried_and_the_upgrade_completes() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::FlakyDownload).await;
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let log = messages(&workflow);
        assert!(has(&log, "attempt 1 of 4"), "{log:#?}");
        check_requests(&control, &sim.domain_id(1), 1).await;
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn failing_download_ends_the_run_with_the_task_error() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::DownloadFails).await;
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeFailed);
        let last = workflow.latest_log_text();
        assert!(last.contains("failed after 4 attempts: "), "{last}");
        assert!(!last.contains("SDDC Manager gave no reason"), "{last}");
        let requests = check_requests(&control, &sim.domain_id(1), 0).await;
        let downloads = requests
            .iter()
            .filter(|r| r.method == "PATCH" && r.path.starts_with("/v1/bundles/"))
            .filter(|r| r.status == Some(202))
            .count();
        assert_eq!(downloads, 4);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn retryable_component_failure_waits_and_acknowledging_retries_the_task() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::UpgradeFails).await;
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;
        let log = messages(&workflow);
        assert!(has(&log, "acknowledge to retry the task"), "{log:#?}");
        let gate = workflow.snapshot().to_value()["workflow"]["gate"].clone();
        assert_eq!(gate["kind"], "retryable_task", "{gate}");
        // The dashboard shows the failed component waiting, and its task's error.
        let waiting = workflow.components().pop().expect("a component upgrade");
        assert_eq!(waiting.state, ComponentState::Waiting, "{waiting:?}");
        let open = workflow.open_alerts();
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(open[0].kind, AlertKind::FailedTask);
        assert_eq!(open[0].component, waiting.step.component);
        assert!(
            !open[0].message.contains("no error details"),
            "{}",
            open[0].message
        );
        workflow.acknowledge().await.expect("acknowledge retries");
        assert!(workflow.open_alerts().is_empty());
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let requests = check_requests(&control, &sim.domain_id(1), 1).await;
        let retries = requests
            .iter()
            .filter(|r| r.method == "PATCH" && r.path.starts_with("/v1/tasks/"))
            .count();
        assert_eq!(retries, 1);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn non_retryable_component_failure_ends_the_run_with_the_reasons() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::UpgradeFailsHard).await;
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeFailed);
        let last = workflow.latest_log_text();
        assert!(
            last.starts_with("Upgrade to VCF 5.2.1.0 (ESX_HOST 4/4) failed: "),
            "{last}"
        );
        assert!(!last.contains("no error details"), "{last}");
        check_requests(&control, &sim.domain_id(1), 1).await;
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn outage_while_sddc_manager_upgrades_itself_is_ridden_out() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::Outage).await;
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let requests = check_requests(&control, &sim.domain_id(1), 1).await;
        assert!(
            requests
                .iter()
                .any(|r| r.fault.as_deref() == Some("outage")),
            "the API never went away"
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn unauthorized_answers_during_the_vcenter_upgrade_are_ridden_out() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::Vcenter401).await;
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let requests = check_requests(&control, &sim.domain_id(1), 1).await;
        assert!(requests.iter().any(|r| r.status == Some(401)));
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn unknown_upgrade_statuses_are_tolerated() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::Inprogress).await;
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        check_requests(&control, &sim.domain_id(1), 1).await;
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn lost_start_answers_are_adopted_never_sent_again() {
    bounded(async {
        let sim = sim52(1, &[(1, Scenario::Happy)], STEP).await;
        let control = Control::new(&sim);
        // The two check-set queries pass; the run's answer is lost, then the first upgrade's.
        control
            .fault(json!({"kind": "delay", "delayMs": 1, "method": "POST",
                          "pathPrefix": "/v1/system/check-sets/queries", "count": 2}))
            .await;
        control
            .fault(json!({"kind": "loseResponse", "method": "POST",
                          "pathPrefix": "/v1/system/check-sets", "count": 1}))
            .await;
        control
            .fault(json!({"kind": "loseResponse", "method": "POST",
                          "pathPrefix": "/v1/upgrades", "count": 1}))
            .await;
        let workflow = workflow52(&sim, 1);
        workflow.start().await.expect("start");
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let requests = check_requests(&control, &sim.domain_id(1), 0).await;
        let runs = requests
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/v1/system/check-sets")
            .count();
        assert_eq!(runs, 1, "the check run was sent again");
        let upgrades = requests
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/v1/upgrades")
            .count();
        assert_eq!(upgrades, 4, "an upgrade was sent again");
        assert!(requests.iter().any(|r| r.path == "/v1/upgrades"
            && r.method == "GET"
            && r.query
                .as_deref()
                .is_some_and(|q| q.starts_with("bundleId="))));
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_restart_between_two_component_upgrades_starts_no_bundle_twice() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::Happy).await;
        until(|| {
            workflow
                .snapshot()
                .workflow
                .upgrades
                .iter()
                .filter(|u| u.done)
                .count()
                >= 2
        })
        .await;
        let restored = restart52(workflow, &sim).await;
        assert_eq!(finish(&restored).await, WorkflowState::UpgradeCompleted);
        check_requests(&control, &sim.domain_id(1), 1).await;
        sim.shutdown().await;
    })
    .await;
}

/// A SIGKILL: the process dies without stopping, and the last snapshot it saved is older than
/// what it did since (it started another component upgrade after saving). The resumed run
/// finds those upgrades on the server (`getUpgrades?bundleId`) instead of sending them again.
#[tokio::test]
async fn a_kill_with_a_stale_snapshot_sends_no_bundle_twice() {
    bounded(async {
        let (sim, control, workflow) = started(Scenario::Happy).await;
        // Saved while the second component upgrade runs.
        until(|| {
            let record = workflow.snapshot().workflow;
            record.upgrades.len() == 2 && record.upgrades[1].tracker.id.is_some()
        })
        .await;
        let saved = workflow.snapshot().to_json();
        // The process goes on until the third component upgrade started, then dies.
        until(|| {
            let record = workflow.snapshot().workflow;
            record.upgrades.len() == 3 && record.upgrades[2].tracker.id.is_some()
        })
        .await;
        drop(workflow);

        let restored = DomainWorkflow::restore(
            client52(&sim),
            clock(),
            workflow_config(),
            WorkflowSnapshot::from_json(&saved).expect("snapshot"),
        )
        .expect("restore");
        restored.resume().await;
        assert_eq!(finish(&restored).await, WorkflowState::UpgradeCompleted);
        let requests = check_requests(&control, &sim.domain_id(1), 1).await;
        assert_eq!(accepted_upgrades(&requests, &sim.domain_id(1)).len(), 4);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn the_dialect_a_server_speaks_is_detected() {
    bounded(async {
        let vcf52 = sim52(1, &[], STEP).await;
        let default = vcf_sim::start(vcf_sim::SimConfig {
            domains: 1,
            step: STEP,
            ..vcf_sim::SimConfig::default()
        })
        .await
        .expect("sim");
        for (sim, expected) in [(&vcf52, Dialect::Vcf52), (&default, Dialect::Default)] {
            // Whatever the client's own dialect.
            for dialect in [Dialect::Default, Dialect::Vcf52] {
                let client = VcfClient::new(client_config(sim.url()), dialect).expect("client");
                assert_eq!(client.detect_dialect().await.ok(), Some(expected));
            }
        }
        let client = VcfClient::new(client_config(vcf52.url()), Dialect::Vcf52).expect("c");
        let inventory = client.inventory().await.expect("inventory");
        assert_eq!(
            inventory.domains[0]
                .next_release
                .as_ref()
                .map(|r| r.bundle_ids.len()),
            Some(4)
        );
        assert_eq!(
            inventory.domains[0].current_version.as_deref(),
            Some("5.1.1.0")
        );
        vcf52.shutdown().await;
        default.shutdown().await;
    })
    .await;
}
