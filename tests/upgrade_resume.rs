//! Stop a run in each phase, keep only its JSON snapshot, restore it on a new client (as after a
//! Home Assistant restart) and resume: the run ends where an uninterrupted run of the same
//! scenario ends, and the non-idempotent calls were each sent exactly once.

mod upgrade_support;

use std::time::Duration;

use datacenter_assistant_core::upgrade::{
    DomainWorkflow, ResumeOutcome, WorkflowSnapshot, WorkflowState,
};
use serde_json::json;
use upgrade_support::*;
use vcf_sim::Scenario;

/// Long enough that each phase is seen by a few polls, short enough for a fast suite.
const STEP: Duration = Duration::from_millis(60);

/// The snapshot shows the run well inside `phase`: for the phases with a server task, the task
/// is already known (that is what resuming must not start again).
fn inside(snapshot: &WorkflowSnapshot, phase: WorkflowState) -> bool {
    let run = &snapshot.workflow;
    run.state() == phase
        && match phase {
            WorkflowState::DownloadingBundle => {
                run.bundles.first().is_some_and(|b| b.attempts >= 1)
            }
            WorkflowState::PrecheckRunning => run.precheck.id.is_some(),
            WorkflowState::UpgradeInProgress | WorkflowState::WaitingForAcknowledgment => {
                run.upgrades.iter().any(|u| u.tracker.id.is_some())
            }
            _ => true,
        }
}

async fn resume_at(phase: WorkflowState, scenario: Scenario) {
    bounded(async {
        let sim = sim(2, &[(1, scenario), (2, scenario)], STEP).await;
        let control = Control::new(&sim);
        let domain_id = sim.domain_id(1);

        // The reference: the same scenario, uninterrupted, on domain 2.
        let reference = workflow(&sim, 2);
        reference.start().await.expect("reference start");
        let reference_end = tokio::spawn(async move { drive(&reference).await });

        if phase == WorkflowState::TargetingNewVcfVersion {
            // Targeting is one request: hold it so the stop lands while it is in flight.
            control
                .fault(json!({"kind": "delay", "delayMs": 500, "method": "PATCH",
                              "pathPrefix": format!("/v1/releases/domains/{domain_id}"),
                              "count": 1}))
                .await;
        }
        let interrupted = workflow(&sim, 1);
        interrupted.start().await.expect("start");
        until(|| inside(&interrupted.snapshot(), phase)).await;
        if phase == WorkflowState::TargetingNewVcfVersion {
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        interrupted.stop().await;
        assert!(!interrupted.is_running());
        let json = interrupted.snapshot().to_json();
        drop(interrupted);

        // Only the JSON survives the restart.
        let snapshot = WorkflowSnapshot::from_json(&json).expect("snapshot");
        assert_eq!(
            snapshot.workflow.state(),
            phase,
            "the stop landed in {phase}"
        );
        let restored = DomainWorkflow::restore(client(&sim), clock(), workflow_config(), snapshot)
            .expect("restore");
        assert_eq!(restored.state(), phase);
        assert_eq!(
            restored.resume().await,
            ResumeOutcome::Resumed { state: phase }
        );
        let end = drive(&restored).await;
        let expected = reference_end.await.expect("reference run");
        assert!(expected.is_terminal());
        assert_eq!(end, expected, "{:#?}", messages(&restored));

        let prechecks = control.count("POST", &precheck_path(&domain_id)).await;
        let upgrades = control.count("POST", &upgrades_path(&domain_id)).await;
        let expected_starts = usize::from(expected != WorkflowState::PrecheckFailed);
        assert_eq!(prechecks, 1, "POST .../upgrades/precheck sent once");
        assert_eq!(upgrades, expected_starts, "POST .../upgrades sent once");

        // The log book carried over and tells the story of the interruption.
        assert_eq!(
            logged(&restored, "Starting upgrade process for domain"),
            1,
            "{:#?}",
            messages(&restored)
        );
        assert_eq!(
            logged(&restored, "Monitoring stopped in state"),
            1,
            "{:#?}",
            messages(&restored)
        );
        assert_eq!(logged(&restored, "Resuming the upgrade run in state"), 1);
        let metrics = restored.metrics();
        assert_eq!(metrics.totals.runs, 1);
        assert_eq!(
            metrics.run.expect("run").outcome,
            Some(end),
            "the run's metrics continue after the restore"
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_targeting() {
    resume_at(WorkflowState::TargetingNewVcfVersion, Scenario::Happy).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_downloading() {
    resume_at(WorkflowState::DownloadingBundle, Scenario::Happy).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_prechecking() {
    resume_at(WorkflowState::PrecheckRunning, Scenario::Happy).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_a_failing_precheck_runs() {
    resume_at(WorkflowState::PrecheckRunning, Scenario::PrecheckFail).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_upgrading() {
    resume_at(WorkflowState::UpgradeInProgress, Scenario::Happy).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_a_failing_upgrade_runs() {
    resume_at(WorkflowState::UpgradeInProgress, Scenario::UpgradeFails).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_waiting_for_acknowledgment() {
    resume_at(WorkflowState::WaitingForAcknowledgment, Scenario::Alerts).await;
}

/// A snapshot in format version 1 (one `upgrade` tracker, no per-bundle list, no gate), as the
/// release before the `vcf52` dialect wrote it mid-upgrade, still resumes: the upgrade it
/// followed is polled, never started again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_1_snapshot_written_mid_upgrade_resumes() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::Happy)], STEP).await;
        let control = Control::new(&sim);
        let domain_id = sim.domain_id(1);
        let interrupted = workflow(&sim, 1);
        interrupted.start().await.expect("start");
        until(|| inside(&interrupted.snapshot(), WorkflowState::UpgradeInProgress)).await;
        interrupted.stop().await;
        let mut value = interrupted.snapshot().to_value();
        drop(interrupted);

        // Rewrite it as the version 1 format.
        value["version"] = json!(1);
        let workflow = value["workflow"].as_object_mut().expect("workflow");
        let upgrades = workflow.remove("upgrades").expect("upgrades");
        workflow.remove("gate");
        workflow.remove("acknowledgment_pending");
        workflow.insert("upgrade".into(), upgrades[0]["tracker"].clone());
        assert!(workflow["upgrade"]["id"].is_string());

        let snapshot = WorkflowSnapshot::from_json(&value.to_string()).expect("a v1 snapshot");
        assert_eq!(snapshot.version, 2);
        let restored = DomainWorkflow::restore(client(&sim), clock(), workflow_config(), snapshot)
            .expect("restore");
        assert_eq!(
            restored.resume().await,
            ResumeOutcome::Resumed {
                state: WorkflowState::UpgradeInProgress
            }
        );
        assert_eq!(drive(&restored).await, WorkflowState::UpgradeCompleted);
        assert_eq!(control.count("POST", &upgrades_path(&domain_id)).await, 1);
        sim.shutdown().await;
    })
    .await;
}
