//! One workflow run per path of the flow, against the simulator through the real client.

mod upgrade_support;

use std::time::Duration;

use datacenter_assistant_core::upgrade::{
    DomainWorkflow, StartOutcome, UpgradeError, WorkflowEvent, WorkflowSnapshot, WorkflowState,
    NO_MESSAGES,
};
use upgrade_support::*;
use vcf_sim::Scenario;

const STEP: Duration = Duration::from_millis(15);

async fn bundle_downloads(control: &Control) -> usize {
    control
        .requests()
        .await
        .iter()
        .filter(|r| r.method == "PATCH" && r.path.starts_with("/v1/bundles/"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn happy_path_completes_and_starts_each_task_once() {
    bounded(async {
        let sim = sim(1, &[], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        let domain_id = sim.domain_id(1);
        assert_eq!(workflow.log_markdown(), NO_MESSAGES);
        let mut events = workflow.subscribe();

        let outcome = workflow.start().await.expect("start");
        let StartOutcome::Started { version, .. } = outcome else {
            panic!("expected an update, got {outcome:?}");
        };
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);

        let mut path = Vec::new();
        let mut progress = 0;
        while let Ok(event) = events.try_recv() {
            match event {
                WorkflowEvent::StateChanged { to, .. } => path.push(to),
                WorkflowEvent::Progress { .. } => progress += 1,
                _ => {}
            }
        }
        assert_eq!(
            path,
            [
                WorkflowState::TargetingNewVcfVersion,
                WorkflowState::DownloadingBundle,
                WorkflowState::PrecheckRunning,
                WorkflowState::UpgradeInProgress,
                WorkflowState::UpgradeCompleted,
            ]
        );
        assert!(progress > 0);
        for line in [
            "Starting upgrade process for domain".to_owned(),
            format!("Successfully targeted version {version} for upgrade"),
            "Downloaded bundle 1/".to_owned(),
            "Upgrade completed successfully".to_owned(),
        ] {
            assert!(
                logged(&workflow, &line) >= 1,
                "missing {line:?}: {:#?}",
                messages(&workflow)
            );
        }
        // A component change is logged once, not once per poll. (A component shorter than a
        // poll round trip may be missed altogether on a loaded machine.)
        let kinds = ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"];
        let mut seen = 0;
        for kind in kinds {
            let times = logged(&workflow, &format!("Upgrading {kind}"));
            assert!(times <= 1, "{kind} logged {times} times");
            seen += times;
        }
        assert!(seen >= 1, "{:#?}", messages(&workflow));
        assert_eq!(workflow.completed_version(), Some(version));
        assert_eq!(control.count("POST", &precheck_path(&domain_id)).await, 1);
        assert_eq!(control.count("POST", &upgrades_path(&domain_id)).await, 1);

        let metrics = workflow.metrics();
        assert_eq!((metrics.totals.runs, metrics.totals.successes), (1, 1));
        let run = metrics.run.expect("run metrics");
        assert!(run.duration_ms > 0);
        assert!(!run.component_ms.is_empty(), "{run:?}");
        assert!(
            run.component_ms.keys().all(|k| kinds.contains(&k.as_str())),
            "{run:?}"
        );
        assert!(run.state_ms.contains_key(&WorkflowState::DownloadingBundle));

        // The domain runs the new version: nothing more to do.
        assert_eq!(
            workflow.start().await.expect("start"),
            StartOutcome::NoUpdate
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_update_changes_nothing() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::NoUpdate)], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        assert_eq!(
            workflow.start().await.expect("start"),
            StartOutcome::NoUpdate
        );
        assert_eq!(workflow.state(), WorkflowState::WaitingForInitiation);
        assert!(!workflow.is_running());
        assert_eq!(
            workflow.latest_log_text(),
            "No updates available for this domain"
        );
        let writes = control
            .requests()
            .await
            .iter()
            .filter(|r| r.method != "GET" && r.path != "/v1/tokens")
            .count();
        assert_eq!(writes, 0);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_precheck_stops_the_run_with_details() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::PrecheckFail)], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        assert_eq!(drive(&workflow).await, WorkflowState::PrecheckFailed);
        let details: Vec<String> = messages(&workflow)
            .into_iter()
            .filter(|m| m.starts_with("Precheck validation failed: "))
            .collect();
        assert!(!details.is_empty(), "{:#?}", messages(&workflow));
        assert!(
            details.iter().any(|d| d.contains(". Remediation: ")),
            "{details:#?}"
        );
        assert!(workflow
            .latest_log_text()
            .starts_with("Precheck failed with "));
        assert_eq!(
            control
                .count("POST", &upgrades_path(&sim.domain_id(1)))
                .await,
            0
        );
        assert_eq!(workflow.metrics().totals.precheck_failures, 1);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_wait_for_acknowledgment() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::Alerts)], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        assert!(matches!(
            workflow.acknowledge().await,
            Err(UpgradeError::InvalidState { .. })
        ));
        workflow.start().await.expect("start");
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;
        assert!(
            logged(&workflow, "Alert (WARNING)") >= 1,
            "{:#?}",
            messages(&workflow)
        );
        // It stays paused while nobody acknowledges.
        tokio::time::sleep(STEP * 4).await;
        assert_eq!(workflow.state(), WorkflowState::WaitingForAcknowledgment);

        workflow.acknowledge().await.expect("acknowledge");
        assert_ne!(workflow.state(), WorkflowState::WaitingForAcknowledgment);
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);
        let domain_id = sim.domain_id(1);
        assert_eq!(
            control
                .count(
                    "POST",
                    &format!("/v1/domains/{domain_id}/upgrades/acknowledge")
                )
                .await,
            1
        );
        let metrics = workflow.metrics();
        assert_eq!(metrics.totals.alerts, 1);
        assert!(metrics
            .run
            .expect("run")
            .state_ms
            .contains_key(&WorkflowState::WaitingForAcknowledgment));
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flaky_download_is_retried_to_success() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::FlakyDownload)], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);
        let bundles = workflow
            .snapshot()
            .workflow
            .release
            .expect("release")
            .bundle_ids
            .len();
        assert_eq!(bundle_downloads(&control).await, bundles + 2);
        assert_eq!(
            logged(&workflow, "failed (attempt "),
            2,
            "{:#?}",
            messages(&workflow)
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn download_failing_four_times_fails_the_run() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::DownloadFails)], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeFailed);
        assert_eq!(bundle_downloads(&control).await, 4, "1 attempt + 3 retries");
        let reason = workflow.latest_log_text();
        assert!(reason.contains("failed after 4 attempts: "), "{reason}");
        assert_eq!(logged(&workflow, "failed (attempt "), 3);
        assert_eq!(
            control
                .count("POST", &precheck_path(&sim.domain_id(1)))
                .await,
            0
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_upgrade_ends_failed_with_the_server_errors() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::UpgradeFails)], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeFailed);
        let reason = workflow.latest_log_text();
        assert!(reason.starts_with("Upgrade to VCF "), "{reason}");
        assert!(!reason.contains("no error details"), "{reason}");
        assert_eq!(
            control
                .count("POST", &upgrades_path(&sim.domain_id(1)))
                .await,
            1
        );
        assert_eq!(workflow.metrics().totals.failures, 1);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outage_mid_upgrade_is_ridden_out() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::Outage)], Duration::from_millis(40)).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        let mut events = workflow.subscribe();
        workflow.start().await.expect("start");
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);
        assert_eq!(
            logged(&workflow, "SDDC Manager unreachable"),
            1,
            "{:#?}",
            messages(&workflow)
        );
        assert_eq!(logged(&workflow, "still monitoring"), 1);
        assert_eq!(logged(&workflow, "SDDC Manager reachable again after"), 1);
        let (mut down, mut back) = (0, 0);
        while let Ok(event) = events.try_recv() {
            match event {
                WorkflowEvent::ApiUnreachable { .. } => down += 1,
                WorkflowEvent::ApiReachable { .. } => back += 1,
                _ => {}
            }
        }
        assert_eq!((down, back), (1, 1));
        let faulted = control
            .requests()
            .await
            .iter()
            .filter(|r| r.fault.is_some())
            .count();
        assert!(faulted > 0, "the outage must have been met");
        assert_eq!(
            control
                .count("POST", &upgrades_path(&sim.domain_id(1)))
                .await,
            1
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_expiry_mid_run_is_transparent() {
    bounded(async {
        let sim = sim(1, &[], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        until(|| workflow.state() == WorkflowState::DownloadingBundle).await;
        control.expire_tokens(false).await;
        until(|| workflow.state() == WorkflowState::UpgradeInProgress).await;
        // Access and refresh tokens gone: the client has to log in again.
        control.expire_tokens(true).await;
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);
        let requests = control.requests().await;
        let logins = requests
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/v1/tokens")
            .count();
        let refreshes = requests
            .iter()
            .filter(|r| r.method == "PATCH" && r.path == "/v1/tokens/access-token/refresh")
            .count();
        assert!(
            logins >= 2,
            "a new login after the refresh token was revoked"
        );
        assert!(refreshes >= 1, "a refresh after the access token expired");
        assert_eq!(
            logged(&workflow, "unreachable"),
            0,
            "{:#?}",
            messages(&workflow)
        );
        // Exactly one upgrade start was accepted. The expiry may catch the start in flight:
        // that attempt is refused with 401 (nothing started) and the client sends it again with
        // the new session.
        for path in [
            precheck_path(&sim.domain_id(1)),
            upgrades_path(&sim.domain_id(1)),
        ] {
            let starts: Vec<Option<u16>> = requests
                .iter()
                .filter(|r| r.method == "POST" && r.path == path)
                .map(|r| r.status)
                .collect();
            assert_eq!(
                starts.iter().filter(|s| **s == Some(202)).count(),
                1,
                "{path}: {starts:?}"
            );
            assert!(
                starts.iter().all(|s| matches!(s, Some(202 | 401))),
                "{path}: {starts:?}"
            );
        }
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_start_while_active_is_refused() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::Alerts)], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        let other_handle = workflow.clone();
        let (a, b) = tokio::join!(workflow.start(), other_handle.start());
        assert_eq!(
            [&a, &b]
                .iter()
                .filter(|r| matches!(r, Ok(StartOutcome::Started { .. })))
                .count(),
            1,
            "{a:?} {b:?}"
        );
        assert!(matches!(
            if a.is_err() { a } else { b },
            Err(UpgradeError::RunActive { .. })
        ));
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);
        let domain_id = sim.domain_id(1);
        assert_eq!(
            control
                .count("PATCH", &format!("/v1/releases/domains/{domain_id}"))
                .await,
            1
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_start_answers_are_adopted_not_sent_again() {
    bounded(async {
        let sim = sim(1, &[], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow(&sim, 1);
        let domain_id = sim.domain_id(1);
        // SDDC Manager starts the precheck and the upgrade, but both answers are lost.
        for path in [precheck_path(&domain_id), upgrades_path(&domain_id)] {
            control
                .fault(serde_json::json!({
                    "kind": "loseResponse", "method": "POST", "pathPrefix": path, "count": 1
                }))
                .await;
        }

        workflow.start().await.expect("start");
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);

        assert_eq!(control.count("POST", &precheck_path(&domain_id)).await, 1);
        assert_eq!(control.count("POST", &upgrades_path(&domain_id)).await, 1);
        assert_eq!(
            logged(&workflow, "SDDC Manager had received the request"),
            2,
            "{:#?}",
            messages(&workflow)
        );
    })
    .await;
}

fn acknowledge_path(domain_id: &str) -> String {
    format!("/v1/domains/{domain_id}/upgrades/acknowledge")
}

/// The acknowledge requests the simulator saw: (all, those that reached its handler).
async fn acknowledge_requests(control: &Control, domain_id: &str) -> (usize, usize) {
    let path = acknowledge_path(domain_id);
    let sent: Vec<_> = control
        .requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .collect();
    let reached = sent.iter().filter(|r| r.fault.is_none()).count();
    (sent.len(), reached)
}

/// SDDC Manager refuses `count` acknowledge requests with 503 "its services are restarting".
async fn acknowledge_outage(control: &Control, domain_id: &str, count: u32) {
    control
        .fault(serde_json::json!({
            "kind": "status", "status": 503, "retryAfterSeconds": 1, "method": "POST",
            "pathPrefix": acknowledge_path(domain_id), "count": count
        }))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledging_through_a_short_outage_succeeds() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::Alerts)], STEP).await;
        let control = Control::new(&sim);
        let domain_id = sim.domain_id(1);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;

        // Two refusals: within the call's retries (Retry-After honoured, capped by max_delay).
        acknowledge_outage(&control, &domain_id, 2).await;
        workflow.acknowledge().await.expect("acknowledge");
        assert!(!workflow.acknowledgment_pending());
        assert_ne!(workflow.state(), WorkflowState::WaitingForAcknowledgment);
        assert_eq!(
            logged(&workflow, "Upgrade alerts acknowledged"),
            1,
            "{:#?}",
            messages(&workflow)
        );
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);
        assert_eq!(acknowledge_requests(&control, &domain_id).await, (3, 1));
        assert_eq!(
            logged(&workflow, "will be sent when SDDC Manager is back"),
            0
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acknowledgment_kept_through_a_long_outage_is_sent_once_when_back() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::Alerts)], STEP).await;
        let control = Control::new(&sim);
        let domain_id = sim.domain_id(1);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;

        // Four refusals: the first try and its three retries.
        acknowledge_outage(&control, &domain_id, 4).await;
        workflow.acknowledge().await.expect("kept, not an error");
        let snapshot = workflow.snapshot();
        let kept_at_once = snapshot.workflow.acknowledgment_pending
            || logged(&workflow, "the kept acknowledgment was sent") == 1;
        assert!(kept_at_once, "{:#?}", messages(&workflow));
        assert_eq!(
            logged(&workflow, "will be sent when SDDC Manager is back"),
            1,
            "{:#?}",
            messages(&workflow)
        );

        // The run goes on and sends it after its next successful poll; nobody acknowledges
        // again (`drive` would, so it only takes over once the wait is over).
        until(|| workflow.state() != WorkflowState::WaitingForAcknowledgment).await;
        assert_eq!(drive(&workflow).await, WorkflowState::UpgradeCompleted);
        assert!(!workflow.acknowledgment_pending());
        assert_eq!(logged(&workflow, "the kept acknowledgment was sent"), 1);
        assert_eq!(acknowledge_requests(&control, &domain_id).await, (5, 1));
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_acknowledgment_survives_a_restart() {
    bounded(async {
        let sim = sim(1, &[(1, Scenario::Alerts)], STEP).await;
        let control = Control::new(&sim);
        let domain_id = sim.domain_id(1);
        let workflow = workflow(&sim, 1);
        workflow.start().await.expect("start");
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;

        // SDDC Manager is away for everything the domain's upgrade needs, polls included, so
        // the run cannot send the acknowledgment before the restart.
        control
            .fault(serde_json::json!({
                "kind": "status", "status": 503, "pathPrefix": upgrades_path(&domain_id),
                "count": 100_000
            }))
            .await;
        workflow.acknowledge().await.expect("kept, not an error");
        assert!(workflow.acknowledgment_pending());
        workflow.stop().await;
        let json = workflow.snapshot().to_json();
        drop(workflow);
        control.clear_faults().await;

        // Only the JSON survives the restart.
        let snapshot = WorkflowSnapshot::from_json(&json).expect("snapshot");
        assert!(snapshot.workflow.acknowledgment_pending);
        assert_eq!(
            snapshot.workflow.state(),
            WorkflowState::WaitingForAcknowledgment
        );
        let restored = DomainWorkflow::restore(client(&sim), clock(), workflow_config(), snapshot)
            .expect("restore");
        assert!(restored.acknowledgment_pending());
        restored.resume().await;
        // Nobody acknowledges again: the kept acknowledgment moves the upgrade on.
        until(|| restored.state() != WorkflowState::WaitingForAcknowledgment).await;
        assert_eq!(drive(&restored).await, WorkflowState::UpgradeCompleted);
        assert_eq!(logged(&restored, "the kept acknowledgment was sent"), 1);
        let (_, reached) = acknowledge_requests(&control, &domain_id).await;
        assert_eq!(reached, 1);
        sim.shutdown().await;
    })
    .await;
}
