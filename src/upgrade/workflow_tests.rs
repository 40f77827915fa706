//! Whole runs against the scripted fake SDDC Manager, on a virtual clock with the real default
//! intervals and budgets (so a 90 minute outage takes microseconds).

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::*;
use crate::clock::{Clock, VirtualClock};
use crate::upgrade::fake::{FakeApi, FaultKind, Scenario};
use crate::upgrade::logbook::LogLevel;
use crate::upgrade::snapshot::WorkflowSnapshot;
use crate::upgrade::state::WorkflowState::*;

struct Setup {
    clock: Arc<VirtualClock>,
    api: Arc<FakeApi>,
    workflow: DomainWorkflow<FakeApi>,
}

fn setup_with(scenario: Scenario, config: WorkflowConfig) -> Setup {
    let clock =
        VirtualClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let api = Arc::new(FakeApi::new(scenario));
    let workflow = DomainWorkflow::new(api.clone(), clock.clone(), config, "d1", "wld-01");
    Setup {
        clock,
        api,
        workflow,
    }
}

fn setup(scenario: Scenario) -> Setup {
    setup_with(scenario, WorkflowConfig::default())
}

async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("test step timed out")
}

/// Runs until the run task ends.
async fn finish(workflow: &DomainWorkflow<FakeApi>) -> WorkflowState {
    bounded(workflow.wait()).await;
    workflow.state()
}

/// Yields to the run task until `condition` holds.
async fn until(condition: impl Fn() -> bool) {
    bounded(async {
        while !condition() {
            tokio::task::yield_now().await;
        }
    })
    .await;
}

fn messages(workflow: &DomainWorkflow<FakeApi>) -> Vec<String> {
    workflow
        .log_entries()
        .into_iter()
        .map(|e| e.message)
        .collect()
}

fn has(workflow: &DomainWorkflow<FakeApi>, needle: &str) -> bool {
    messages(workflow).iter().any(|m| m.contains(needle))
}

fn count(workflow: &DomainWorkflow<FakeApi>, needle: &str) -> usize {
    messages(workflow)
        .iter()
        .filter(|m| m.contains(needle))
        .count()
}

fn drain_states(rx: &mut tokio::sync::broadcast::Receiver<WorkflowEvent>) -> Vec<WorkflowState> {
    let mut states = Vec::new();
    while let Ok(event) = rx.try_recv() {
        if let WorkflowEvent::StateChanged { to, .. } = event {
            states.push(to);
        }
    }
    states
}

#[tokio::test]
async fn happy_path_walks_every_phase_once() {
    let s = setup(Scenario::default());
    let mut events = s.workflow.subscribe();
    assert_eq!(s.workflow.log_markdown(), crate::upgrade::NO_MESSAGES);

    let outcome = s.workflow.start().await.unwrap();
    assert_eq!(
        outcome,
        StartOutcome::Started {
            release_id: "5.2.1.0".into(),
            version: "5.2.1.0".into()
        }
    );
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(
        drain_states(&mut events),
        vec![
            TargetingNewVcfVersion,
            DownloadingBundle,
            PrecheckRunning,
            UpgradeInProgress,
            UpgradeCompleted
        ]
    );
    for line in [
        "Starting upgrade process for domain wld-01",
        "Successfully targeted version 5.2.1.0 for upgrade",
        "Downloading bundle 1/2 (bundle-1)",
        "Downloaded bundle 2/2 (bundle-2)",
        "Precheck warning: ESXi host connectivity on esx-01.vcf.sim: Slow NTP. Remediation: Check NTP",
        "Upgrading VCENTER from 1.0 to 2.0",
        "Upgrade progress: 50%",
        "Upgrade completed successfully",
    ] {
        assert!(has(&s.workflow, line), "missing {line:?} in {:#?}", messages(&s.workflow));
    }
    // A component change is logged once although it is polled once per step.
    assert_eq!(count(&s.workflow, "Upgrading SDDC_MANAGER"), 1);
    assert_eq!(
        s.workflow.latest_log_text(),
        "Upgrade completed successfully"
    );
    assert_eq!(s.workflow.completed_version().as_deref(), Some("5.2.1.0"));
    let markdown = s.workflow.log_markdown();
    let first = markdown.lines().nth(2).unwrap();
    assert!(
        markdown.starts_with("## Upgrade Log\n\n- 2027-"),
        "{markdown}"
    );
    assert!(
        first.ends_with(" UTC · **INFO** · Upgrade completed successfully"),
        "{first}"
    );
    assert_eq!(s.api.count("start_precheck"), 1);
    assert_eq!(s.api.count("start_upgrade"), 1);
    assert_eq!(s.api.count("request_bundle_download"), 2);

    let metrics = s.workflow.metrics();
    assert_eq!(metrics.totals.runs, 1);
    assert_eq!(metrics.totals.successes, 1);
    let run = metrics.run.unwrap();
    assert_eq!(run.outcome, Some(UpgradeCompleted));
    // Virtual time: every wait is a real default poll interval.
    assert!(run.duration_ms >= 30_000, "{run:?}");
    assert_eq!(run.state_ms.values().sum::<u64>(), run.duration_ms);
    assert!(run.component_ms.contains_key("ESX_HOST"), "{run:?}");

    // The domain is up to date now: a second start finds nothing and changes nothing.
    assert_eq!(s.workflow.start().await.unwrap(), StartOutcome::NoUpdate);
    assert_eq!(s.workflow.state(), UpgradeCompleted);
    assert_eq!(
        s.workflow.latest_log_text(),
        "No updates available for this domain"
    );
}

#[tokio::test]
async fn no_update_leaves_the_state_alone() {
    let s = setup(Scenario {
        release: None,
        ..Scenario::default()
    });
    assert_eq!(s.workflow.start().await.unwrap(), StartOutcome::NoUpdate);
    assert_eq!(s.workflow.state(), WaitingForInitiation);
    assert!(!s.workflow.is_running());
    assert_eq!(
        messages(&s.workflow),
        vec!["No updates available for this domain"]
    );
    assert_eq!(s.workflow.metrics().totals.runs, 0);
}

#[tokio::test]
async fn availability_check_failure_is_returned_and_changes_nothing() {
    let s = setup(Scenario::default());
    s.api.fault("domain", FaultKind::Status(500), 1);
    assert!(matches!(
        s.workflow.start().await,
        Err(UpgradeError::Api(_))
    ));
    assert_eq!(s.workflow.state(), WaitingForInitiation);
    assert_eq!(
        s.workflow.latest_log_entry().unwrap().level,
        LogLevel::Warning
    );
}

#[tokio::test]
async fn failed_precheck_stops_with_every_detail() {
    let s = setup(Scenario {
        precheck_fails: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, PrecheckFailed);
    assert!(has(
        &s.workflow,
        "Precheck validation failed: vSAN health on cluster-01: Disk group degraded. \
         Remediation: Replace the failed disk"
    ));
    assert!(has(
        &s.workflow,
        "Precheck validation failed: ESXi host connectivity"
    ));
    assert!(has(&s.workflow, "Precheck failed with 1 error(s)"));
    assert_eq!(s.api.count("start_upgrade"), 0);
    let totals = s.workflow.metrics().totals;
    assert_eq!((totals.failures, totals.precheck_failures), (1, 1));
}

#[tokio::test]
async fn alerts_pause_until_acknowledged() {
    let s = setup(Scenario {
        alerts: true,
        ..Scenario::default()
    });
    // Not legal before the upgrade waits.
    assert!(matches!(
        s.workflow.acknowledge().await,
        Err(UpgradeError::InvalidState {
            state: WaitingForInitiation,
            ..
        })
    ));
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    assert!(has(
        &s.workflow,
        "Alert (WARNING) on NSX_T_MANAGER: Edge cluster needs attention [alert alert-1]"
    ));
    assert!(has(
        &s.workflow,
        "Upgrade paused: 1 alert(s) need acknowledgment"
    ));
    // It keeps waiting however often it polls.
    let api = s.api.clone();
    let polls = api.count("upgrade_status");
    until(move || api.count("upgrade_status") > polls + 3).await;
    assert_eq!(s.workflow.state(), WaitingForAcknowledgment);

    s.workflow.acknowledge().await.unwrap();
    assert!(has(&s.workflow, "Upgrade alerts acknowledged"));
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(s.api.count("acknowledge_alerts"), 1);
    assert_eq!(count(&s.workflow, "Alert (WARNING)"), 1);
    let metrics = s.workflow.metrics();
    assert_eq!(metrics.totals.alerts, 1);
    let run = metrics.run.unwrap();
    assert_eq!(run.alerts_raised, 1);
    assert!(run.state_ms.contains_key(&WaitingForAcknowledgment));
    assert!(matches!(
        s.workflow.acknowledge().await,
        Err(UpgradeError::InvalidState {
            state: UpgradeCompleted,
            ..
        })
    ));
}

#[tokio::test]
async fn an_acknowledgment_kept_while_sddc_manager_is_away_is_sent_after_the_next_poll() {
    let s = setup(Scenario {
        alerts: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    // The client's retries are spent: SDDC Manager is still away.
    s.api.fault("acknowledge_alerts", FaultKind::Unavailable, 1);
    s.workflow.acknowledge().await.unwrap();
    assert_eq!(
        count(
            &s.workflow,
            "the acknowledgment is kept and will be sent when SDDC Manager is back"
        ),
        1
    );
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert!(has(
        &s.workflow,
        "SDDC Manager is back: the kept acknowledgment was sent"
    ));
    assert!(!s.workflow.acknowledgment_pending());
    assert!(!s.workflow.snapshot().workflow.acknowledgment_pending);
    // The refused call and the kept one.
    assert_eq!(s.api.count("acknowledge_alerts"), 2);
}

#[tokio::test]
async fn a_refused_acknowledgment_is_an_error_and_not_kept() {
    let s = setup(Scenario {
        alerts: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    s.api.fault("acknowledge_alerts", FaultKind::Status(404), 1);
    let error = s.workflow.acknowledge().await.unwrap_err();
    assert!(matches!(error, UpgradeError::Api(_)), "{error}");
    assert!(!s.workflow.acknowledgment_pending());
    assert_eq!(s.workflow.state(), WaitingForAcknowledgment);
    assert!(has(&s.workflow, "Acknowledging the upgrade alerts failed"));
    s.workflow.acknowledge().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(s.api.count("acknowledge_alerts"), 2);
}

#[tokio::test]
async fn flaky_download_is_retried_then_succeeds() {
    let s = setup(Scenario {
        download_failures: 2,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    // Two bundles, three attempts each.
    assert_eq!(s.api.count("request_bundle_download"), 6);
    assert!(has(
        &s.workflow,
        "Download of bundle 1/2 (bundle-1) failed (attempt 1 of 4): DOWNLOAD_FAILED: Checksum mismatch"
    ));
    assert!(has(
        &s.workflow,
        "Downloading bundle 1/2 (bundle-1), attempt 3 of 4"
    ));
}

#[tokio::test]
async fn a_recalled_bundle_ends_the_run_with_its_reason_and_no_retry() {
    let s = setup(Scenario {
        download_recalled: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    assert_eq!(s.api.count("request_bundle_download"), 1);
    assert_eq!(
        s.workflow.latest_log_text(),
        "The bundle 1/2 (bundle-1) was recalled and cannot be downloaded: BUNDLE_RECALLED: The \
         bundle was recalled by VMware"
    );
}

#[tokio::test]
async fn download_failing_four_times_fails_the_run() {
    let s = setup(Scenario {
        download_failures: 100,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    assert_eq!(s.api.count("request_bundle_download"), 4);
    assert_eq!(
        s.workflow.latest_log_text(),
        "Download of bundle 1/2 (bundle-1) failed after 4 attempts: DOWNLOAD_FAILED: Checksum mismatch"
    );
    assert_eq!(
        s.workflow.latest_log_entry().unwrap().level,
        LogLevel::Error
    );
    assert_eq!(s.api.count("start_precheck"), 0);
}

#[tokio::test]
async fn failed_upgrade_keeps_the_server_details() {
    let s = setup(Scenario {
        upgrade_fails: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    assert_eq!(
        s.workflow.latest_log_text(),
        "Upgrade to VCF 5.2.1.0 failed: VCENTER_UPGRADE_FAILED: vCenter upgrade failed"
    );
    assert_eq!(s.workflow.metrics().totals.failures, 1);
    // A failed run is terminal until the next run starts, which starts from targeting.
    let mut events = s.workflow.subscribe();
    s.workflow.start().await.unwrap();
    s.workflow.stop().await;
    assert_eq!(
        drain_states(&mut events).first(),
        Some(&TargetingNewVcfVersion)
    );
}

#[tokio::test]
async fn outage_within_budget_is_ridden_out_and_logged_once() {
    let s = setup(Scenario::default());
    // ~20 failed polls with backoff up to 2 minutes: about 35 minutes of virtual time.
    s.api.fault("upgrade_status", FaultKind::Unavailable, 12);
    s.api.fault("upgrade_status", FaultKind::LostResponse, 8);
    let mut events = s.workflow.subscribe();
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(count(&s.workflow, "SDDC Manager unreachable"), 1);
    assert_eq!(count(&s.workflow, "SDDC Manager reachable again after"), 1);
    assert!(has(&s.workflow, "still monitoring"));
    let mut down = 0;
    let mut back = 0;
    while let Ok(event) = events.try_recv() {
        match event {
            WorkflowEvent::ApiUnreachable { .. } => down += 1,
            WorkflowEvent::ApiReachable { outage_ms, .. } => {
                back += 1;
                assert!(outage_ms > 20 * 60_000, "{outage_ms}");
            }
            _ => {}
        }
    }
    assert_eq!((down, back), (1, 1));
    // Backoff doubles from 10 s and is capped at 2 minutes.
    let sleeps = s.clock.sleeps();
    assert!(sleeps.contains(&Duration::from_secs(10)));
    assert!(sleeps.contains(&Duration::from_secs(80)));
    assert!(sleeps.iter().all(|d| *d <= Duration::from_secs(120)));
}

#[tokio::test]
async fn outage_past_the_budget_fails_the_run() {
    let s = setup(Scenario::default());
    s.api
        .fault("upgrade_status", FaultKind::Unavailable, 10_000);
    s.workflow.start().await.unwrap();
    let started = s.clock.now();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    let elapsed = s.clock.now().duration_since(started).unwrap();
    assert!(elapsed >= Duration::from_secs(180 * 60), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(185 * 60), "{elapsed:?}");
    assert!(
        s.workflow
            .latest_log_text()
            .starts_with("SDDC Manager unreachable for 3 h (outage budget 3 h)"),
        "{}",
        s.workflow.latest_log_text()
    );
}

#[tokio::test]
async fn authentication_failures_count_as_an_outage() {
    let s = setup(Scenario::default());
    s.api.fault("upgrade_status", FaultKind::Auth, 3);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(
        count(
            &s.workflow,
            "SDDC Manager unreachable (authentication failed"
        ),
        1
    );
}

#[tokio::test]
async fn lost_upgrade_start_answer_is_adopted_not_resent() {
    let s = setup(Scenario::default());
    s.api.fault("start_upgrade", FaultKind::LostResponse, 1);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(s.api.count("start_upgrade"), 1);
    assert_eq!(s.api.upgrades_started(), 1);
    assert!(has(
        &s.workflow,
        "SDDC Manager had received the request: following the upgrade"
    ));
}

#[tokio::test]
async fn upgrade_start_refused_before_acting_is_sent_again() {
    let s = setup(Scenario::default());
    s.api.fault("start_upgrade", FaultKind::Unavailable, 2);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(s.api.count("start_upgrade"), 3);
    assert_eq!(s.api.upgrades_started(), 1);
}

#[tokio::test]
async fn an_order_refusal_holds_the_run_until_the_start_is_accepted() {
    // SDDC Manager refuses for VCF's order (424) although the dialect's own look saw nothing.
    let s = setup(Scenario::default());
    s.api.fault("start_upgrade", FaultKind::Status(424), 2);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(s.api.count("start_upgrade"), 3);
    assert_eq!(s.api.upgrades_started(), 1);
    let said = messages(&s.workflow)
        .iter()
        .filter(|m| m.contains("FAULT"))
        .count();
    assert_eq!(said, 1, "{:?}", messages(&s.workflow));
    assert!(has(&s.workflow, "VCF's upgrade order allows it now"));
    assert_eq!(s.workflow.waiting_for(), None);
}

#[tokio::test]
async fn lost_precheck_start_answer_is_adopted() {
    let s = setup(Scenario::default());
    s.api.fault("start_precheck", FaultKind::LostResponse, 1);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(s.api.count("start_precheck"), 1);
}

#[tokio::test]
async fn clean_refusal_of_the_upgrade_fails_with_details() {
    let s = setup(Scenario::default());
    s.api.fault("start_upgrade", FaultKind::Status(400), 1);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    assert_eq!(s.api.count("start_upgrade"), 1);
    assert!(s.workflow.latest_log_text().starts_with(
        "SDDC Manager refused to start the upgrade: X /fake returned HTTP 400: FAULT"
    ));
}

#[tokio::test]
async fn unknown_upgrade_id_fails_the_run() {
    let s = setup(Scenario::default());
    s.api.fault("upgrade_status", FaultKind::Status(404), 1);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    assert!(s
        .workflow
        .latest_log_text()
        .starts_with("Reading upgrade upgrade-"));
}

#[tokio::test]
async fn malformed_answers_are_tolerated_once_but_not_repeatedly() {
    let s = setup(Scenario::default());
    s.api.fault("bundle_status", FaultKind::Invalid, 1);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(count(&s.workflow, "Unexpected answer from SDDC Manager"), 1);

    let s = setup(Scenario::default());
    s.api.fault("precheck_status", FaultKind::Invalid, 100);
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    assert_eq!(s.api.count("precheck_status"), 3);
}

#[tokio::test]
async fn one_run_per_domain() {
    let s = setup(Scenario {
        alerts: true,
        ..Scenario::default()
    });
    let (a, b) = tokio::join!(s.workflow.start(), s.workflow.start());
    let started = [&a, &b]
        .iter()
        .filter(|r| matches!(r, Ok(StartOutcome::Started { .. })))
        .count();
    assert_eq!(started, 1, "{a:?} {b:?}");
    let refused = if a.is_err() { a } else { b };
    assert!(matches!(
        refused,
        Err(UpgradeError::RunActive {
            monitored: true,
            ..
        })
    ));
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    assert!(matches!(
        s.workflow.start().await,
        Err(UpgradeError::RunActive {
            state: WaitingForAcknowledgment,
            ..
        })
    ));
    assert_eq!(s.api.count("target_release"), 1);
    s.workflow.stop().await;
}

#[tokio::test]
async fn stop_ends_the_task_and_resume_continues_without_restarting() {
    let s = setup(Scenario {
        alerts: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    s.workflow.stop().await;
    assert!(!s.workflow.is_running());
    assert!(has(
        &s.workflow,
        "Monitoring stopped in state waiting_for_acknowledgment"
    ));
    let polls = s.api.count("upgrade_status");
    tokio::task::yield_now().await;
    assert_eq!(s.api.count("upgrade_status"), polls, "polling must stop");

    // Restart of Home Assistant: only the JSON survives.
    let json = s.workflow.snapshot().to_json();
    drop(s.workflow);
    let snapshot = WorkflowSnapshot::from_json(&json).unwrap();
    let restored = DomainWorkflow::restore(
        s.api.clone(),
        s.clock.clone(),
        WorkflowConfig::default(),
        snapshot,
    )
    .unwrap();
    assert_eq!(restored.state(), WaitingForAcknowledgment);
    assert!(matches!(
        restored.start().await,
        Err(UpgradeError::RunActive {
            monitored: false,
            ..
        })
    ));
    restored.acknowledge().await.unwrap();
    assert_eq!(
        restored.resume().await,
        ResumeOutcome::Resumed {
            state: UpgradeInProgress
        }
    );
    assert!(matches!(
        restored.resume().await,
        ResumeOutcome::AlreadyRunning { .. }
    ));
    assert_eq!(finish(&restored).await, UpgradeCompleted);
    assert_eq!(s.api.count("start_upgrade"), 1);
    assert_eq!(s.api.count("start_precheck"), 1);
    assert_eq!(
        restored.resume().await,
        ResumeOutcome::NothingToResume {
            state: UpgradeCompleted
        }
    );
    let metrics = restored.metrics();
    assert_eq!((metrics.totals.runs, metrics.totals.successes), (1, 1));
}

#[tokio::test]
async fn start_in_flight_at_a_stop_is_looked_up_on_resume() {
    let config = WorkflowConfig {
        outage_budget: Duration::from_secs(1_000_000),
        ..WorkflowConfig::default()
    };
    let s = setup_with(Scenario::default(), config.clone());
    // The start reaches the server, its answer is lost, and the look-up afterwards cannot get
    // through: the run is stopped not knowing whether the upgrade started.
    s.api.fault("start_upgrade", FaultKind::LostResponse, 1);
    s.api
        .fault_after("find_upgrade", 1, FaultKind::Unavailable, u32::MAX);
    s.workflow.start().await.unwrap();
    let api = s.api.clone();
    until(move || api.count("find_upgrade") >= 4).await;
    s.workflow.stop().await;
    let snapshot = s.workflow.snapshot();
    assert_eq!(snapshot.workflow.upgrades[0].tracker.sends, 1);
    assert_eq!(snapshot.workflow.upgrades[0].tracker.id, None);
    assert_eq!(snapshot.workflow.upgrades[0].tracker.baseline_id, None);
    drop(s.workflow);

    s.api.clear_faults();
    let restored = DomainWorkflow::restore(
        s.api.clone(),
        s.clock.clone(),
        config,
        WorkflowSnapshot::from_json(&snapshot.to_json()).unwrap(),
    )
    .unwrap();
    restored.resume().await;
    assert_eq!(finish(&restored).await, UpgradeCompleted);
    assert_eq!(s.api.count("start_upgrade"), 1);
    assert_eq!(s.api.upgrades_started(), 1);
    assert!(has(
        &restored,
        "Following the upgrade started before the restart"
    ));
}

#[tokio::test]
async fn restored_active_snapshot_without_release_is_refused() {
    let s = setup(Scenario::default());
    // Built from JSON without validation: the record's state can only be set this way.
    let mut value = s.workflow.snapshot().to_value();
    value["workflow"]["state"] = "downloading_bundle".into();
    let snapshot: WorkflowSnapshot = serde_json::from_value(value).unwrap();
    assert!(matches!(
        DomainWorkflow::restore(
            s.api.clone(),
            s.clock.clone(),
            WorkflowConfig::default(),
            snapshot
        ),
        Err(UpgradeError::InvalidSnapshot { .. })
    ));
    let mut snapshot = s.workflow.snapshot();
    snapshot.version = 3;
    assert!(matches!(
        DomainWorkflow::restore(
            s.api.clone(),
            s.clock.clone(),
            WorkflowConfig::default(),
            snapshot
        ),
        Err(UpgradeError::UnsupportedSnapshotVersion { .. })
    ));
}

#[tokio::test]
async fn dropping_the_workflow_stops_its_task() {
    let s = setup(Scenario {
        alerts: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    drop(s.workflow);
    // Let the task see the dropped stop sender and end.
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    let polls = s.api.count("upgrade_status");
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    assert_eq!(s.api.count("upgrade_status"), polls);
}

#[tokio::test]
async fn events_are_clone_and_serialize_with_a_type_tag() {
    let s = setup(Scenario::default());
    let mut events = s.workflow.subscribe();
    s.workflow.start().await.unwrap();
    finish(&s.workflow).await;
    let mut kinds = std::collections::BTreeSet::new();
    while let Ok(event) = events.try_recv() {
        let copy = event.clone();
        assert_eq!(copy.domain_id(), "d1");
        let json = serde_json::to_value(&event).unwrap();
        kinds.insert(json["type"].as_str().unwrap().to_owned());
    }
    for kind in ["state_changed", "log", "progress", "metrics_updated"] {
        assert!(kinds.contains(kind), "{kinds:?}");
    }
}

/// Every event sent so far (none may have been missed).
fn drain(rx: &mut tokio::sync::broadcast::Receiver<WorkflowEvent>) -> Vec<WorkflowEvent> {
    let mut events = Vec::new();
    loop {
        match rx.try_recv() {
            Ok(event) => events.push(event),
            Err(tokio::sync::broadcast::error::TryRecvError::Empty) => return events,
            Err(error) => panic!("events missed: {error}"),
        }
    }
}

#[tokio::test]
async fn precheck_progress_goes_out_once_per_change_and_not_to_the_log_book() {
    // The same run without progress (the contract's precheck reports none) to compare with.
    let plain = setup(Scenario::default());
    let mut plain_events = plain.workflow.subscribe();
    plain.workflow.start().await.unwrap();
    assert_eq!(finish(&plain.workflow).await, UpgradeCompleted);
    let plain_events = drain(&mut plain_events);
    assert!(!plain_events.iter().any(|e| matches!(
        e,
        WorkflowEvent::Progress {
            state: PrecheckRunning,
            ..
        }
    )));

    // In progress for four polls (50, 50, nothing, 50), finished at the fifth (100).
    let s = setup(Scenario {
        precheck_progress: vec![Some(50), Some(50), None, Some(50), Some(100)],
        ..Scenario::default()
    });
    let mut events = s.workflow.subscribe();
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    let events = drain(&mut events);
    assert_eq!(s.api.count("precheck_status"), 5);
    // From the first precheck poll to the move on: its progress, each percent once, then the
    // state change (which starts the next phase's progress over).
    let precheck: Vec<&WorkflowEvent> = events
        .iter()
        .skip_while(|e| {
            !matches!(
                e,
                WorkflowEvent::StateChanged {
                    to: PrecheckRunning,
                    ..
                }
            )
        })
        .skip(1)
        .take_while(|e| !matches!(e, WorkflowEvent::StateChanged { .. }))
        .filter(|e| matches!(e, WorkflowEvent::Progress { .. }))
        .collect();
    let progress = |percent| WorkflowEvent::Progress {
        domain_id: "d1".into(),
        state: PrecheckRunning,
        percent: Some(percent),
        component: None,
    };
    assert_eq!(precheck, vec![&progress(50), &progress(100)]);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(
                e,
                WorkflowEvent::Progress {
                    state: PrecheckRunning,
                    ..
                }
            ))
            .count(),
        2
    );
    // Nothing else changed: the same log book and states as without progress.
    assert_eq!(messages(&s.workflow), messages(&plain.workflow));
    let states = |events: &[WorkflowEvent]| -> Vec<WorkflowState> {
        events
            .iter()
            .filter_map(|e| match e {
                WorkflowEvent::StateChanged { to, .. } => Some(*to),
                _ => None,
            })
            .collect()
    };
    assert_eq!(states(&events), states(&plain_events));
}

// The dashboard card's views: `components()` and `open_alerts()`.

use crate::upgrade::timestamp::Timestamp;
use crate::upgrade::views::{AlertKind, AlertSeverity, ComponentState, OpenAlert};

fn clock_now(clock: &VirtualClock) -> Timestamp {
    Timestamp::from_system(clock.now())
}

/// When the log book got its first entry containing `needle`.
fn logged_at(workflow: &DomainWorkflow<FakeApi>, needle: &str) -> Timestamp {
    workflow
        .log_entries()
        .into_iter()
        .find(|e| e.message.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} never logged"))
        .at
}

fn component_states(workflow: &DomainWorkflow<FakeApi>) -> Vec<(Option<String>, ComponentState)> {
    workflow
        .components()
        .into_iter()
        .map(|c| (c.step.component, c.state))
        .collect()
}

const ESX_WARNING: &str =
    "ESXi host connectivity on esx-01.vcf.sim: Slow NTP. Remediation: Check NTP";

#[tokio::test]
async fn components_follow_a_per_component_run_with_times_from_the_clock() {
    let s = setup(Scenario::vcf52_like());
    assert!(s.workflow.components().is_empty());
    assert!(s.workflow.open_alerts().is_empty());
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    // Paused before the first component: nothing upgraded yet, one warning to acknowledge.
    assert!(s.workflow.components().is_empty());
    assert_eq!(
        s.workflow.open_alerts(),
        vec![OpenAlert {
            kind: AlertKind::PrecheckWarning,
            severity: AlertSeverity::Warning,
            component: None,
            message: ESX_WARNING.into(),
        }]
    );
    s.workflow.acknowledge().await.unwrap();
    assert!(s.workflow.open_alerts().is_empty());
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);

    let components = s.workflow.components();
    let names: Vec<_> = components
        .iter()
        .map(|c| c.step.component.as_deref().unwrap())
        .collect();
    assert_eq!(
        names,
        ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"]
    );
    for (index, c) in components.iter().enumerate() {
        assert_eq!(c.state, ComponentState::Completed, "{c:?}");
        assert_eq!(
            c.step.bundle_id,
            format!("bundle-{}", names[index].to_lowercase())
        );
        assert_eq!(c.step.from_version, Some(format!("1.{index}")));
        assert_eq!(c.step.to_version, Some(format!("2.{index}")));
        assert_eq!(
            (c.step.position, c.step.total),
            (u32::try_from(index).unwrap() + 1, 4)
        );
        // Started, polled in progress, one poll interval later polled finished.
        assert_eq!(c.duration_ms, Some(30_000), "{c:?}");
        assert_eq!(
            c.ended_at.unwrap(),
            Timestamp::from_unix_millis(c.started_at.unwrap().unix_millis() + 30_000)
        );
        // The times are the injected clock's: the log book stamps its lines from it too.
        assert_eq!(
            c.started_at.unwrap(),
            logged_at(&s.workflow, &format!("Upgrading {} (", names[index]))
        );
        assert_eq!(
            c.ended_at.unwrap(),
            logged_at(&s.workflow, &format!("Upgraded {} (", names[index]))
        );
    }
    // One after the other, without a pause in between.
    for pair in components.windows(2) {
        assert_eq!(pair[1].started_at, pair[0].ended_at);
    }
    assert!(components[0].started_at.unwrap() > Timestamp::from_unix_millis(1_800_000_000_000));
    assert!(s.workflow.open_alerts().is_empty());
}

#[tokio::test]
async fn a_retryable_failed_component_waits_with_its_task_error_until_acknowledged() {
    let s = setup(Scenario {
        per_component: true,
        upgrade_fails: true,
        retryable: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    let vcenter = Some("VCENTER".to_owned());
    assert_eq!(
        component_states(&s.workflow),
        vec![
            (Some("SDDC_MANAGER".into()), ComponentState::Completed),
            (Some("NSX_T_MANAGER".into()), ComponentState::Completed),
            (vcenter.clone(), ComponentState::Waiting),
        ]
    );
    // Waiting: it has not ended, and its duration counts up to now.
    let now = clock_now(&s.clock);
    let waiting = s.workflow.components().pop().unwrap();
    assert_eq!(waiting.ended_at, None);
    let started = waiting.started_at.unwrap();
    assert_eq!(
        waiting.duration_ms,
        Some(now.unix_millis() - started.unix_millis())
    );
    assert!(waiting.duration_ms >= Some(30_000), "{waiting:?}");
    assert_eq!(
        s.workflow.open_alerts(),
        vec![OpenAlert {
            kind: AlertKind::FailedTask,
            severity: AlertSeverity::Critical,
            component: vcenter.clone(),
            // precheck-1, then an upgrade and its task per component: VCENTER's is task-7.
            message: "The upgrade of VCENTER (3/4) from 1.2 to 2.2 failed (task task-7): \
                      VCENTER_UPGRADE_FAILED: vCenter upgrade failed. Acknowledging retries it"
                .into(),
        }]
    );
    // The gate keeps the task's errors across a restart.
    let gate = s.workflow.snapshot().to_value()["workflow"]["gate"].clone();
    assert_eq!(
        gate["errors"],
        serde_json::json!(["VCENTER_UPGRADE_FAILED: vCenter upgrade failed"])
    );

    s.workflow.acknowledge().await.unwrap();
    assert!(s.workflow.open_alerts().is_empty());
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
    assert_eq!(s.api.count("retry_upgrade"), 1);
    let components = s.workflow.components();
    assert_eq!(components.len(), 4);
    assert!(components
        .iter()
        .all(|c| c.state == ComponentState::Completed && c.ended_at.is_some()));
    // The retried component's time includes the wait for the acknowledgment.
    assert_eq!(components[2].started_at, Some(started));
    assert!(components[2].duration_ms > waiting.duration_ms);
}

#[tokio::test]
async fn the_component_a_run_fails_on_is_failed_with_its_end_time() {
    let s = setup(Scenario {
        per_component: true,
        upgrade_fails: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    let vcenter = Some("VCENTER".to_owned());
    assert_eq!(
        component_states(&s.workflow),
        vec![
            (Some("SDDC_MANAGER".into()), ComponentState::Completed),
            (Some("NSX_T_MANAGER".into()), ComponentState::Completed),
            (vcenter, ComponentState::Failed),
        ]
    );
    let failed = s.workflow.components().pop().unwrap();
    assert_eq!(
        failed.ended_at,
        Some(logged_at(
            &s.workflow,
            "Upgrade to VCF 5.2.1.0 (VCENTER 3/4) failed"
        ))
    );
    assert_eq!(failed.duration_ms, Some(30_000));
    // Time passing changes nothing of an ended run.
    s.clock.advance(Duration::from_secs(3_600));
    assert_eq!(s.workflow.components().pop().unwrap(), failed);
    assert!(s.workflow.open_alerts().is_empty());
}

#[tokio::test]
async fn a_new_run_clears_the_last_runs_components() {
    let s = setup(Scenario {
        upgrade_fails: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    assert_eq!(finish(&s.workflow).await, UpgradeFailed);
    // The contract's single step: the whole domain.
    let last = s.workflow.components();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].step.bundle_id, "5.2.1.0");
    assert_eq!(last[0].step.component, None);
    assert_eq!(last[0].step.to_version.as_deref(), Some("5.2.1.0"));
    assert_eq!((last[0].step.position, last[0].step.total), (1, 1));
    assert_eq!(last[0].state, ComponentState::Failed);
    assert!(last[0].ended_at.is_some());

    // Still shown after a failed run, until the next run starts.
    assert_eq!(s.workflow.components(), last);
    s.workflow.start().await.unwrap();
    assert!(s.workflow.components().is_empty());
    s.workflow.stop().await;
}

#[tokio::test]
async fn server_alerts_are_open_until_acknowledged_and_survive_a_restart() {
    let s = setup(Scenario {
        alerts: true,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    let expected = vec![OpenAlert {
        kind: AlertKind::Alert,
        severity: AlertSeverity::Warning,
        component: Some("NSX_T_MANAGER".into()),
        message: "Edge cluster needs attention".into(),
    }];
    assert_eq!(s.workflow.open_alerts(), expected);
    assert_eq!(
        component_states(&s.workflow),
        vec![(None, ComponentState::Waiting)]
    );
    s.workflow.stop().await;

    let json = s.workflow.snapshot().to_json();
    drop(s.workflow);
    let restored = DomainWorkflow::restore(
        s.api.clone(),
        s.clock.clone(),
        WorkflowConfig::default(),
        WorkflowSnapshot::from_json(&json).unwrap(),
    )
    .unwrap();
    // Before its first poll, the restored engine shows what it last saw.
    assert_eq!(restored.open_alerts(), expected);
    restored.acknowledge().await.unwrap();
    assert!(restored.open_alerts().is_empty());
    restored.resume().await;
    assert_eq!(finish(&restored).await, UpgradeCompleted);
    assert!(restored.open_alerts().is_empty());
    assert_eq!(
        component_states(&restored),
        vec![(None, ComponentState::Completed)]
    );
}

#[tokio::test]
async fn precheck_warnings_counted_but_not_described_are_summed_up() {
    let s = setup(Scenario {
        warnings_need_ack: true,
        warning_count: 3,
        ..Scenario::default()
    });
    s.workflow.start().await.unwrap();
    let w = s.workflow.clone();
    until(move || w.state() == WaitingForAcknowledgment).await;
    let messages: Vec<_> = s
        .workflow
        .open_alerts()
        .into_iter()
        .map(|a| (a.kind, a.message))
        .collect();
    assert_eq!(
        messages,
        vec![
            (AlertKind::PrecheckWarning, ESX_WARNING.to_owned()),
            (
                AlertKind::PrecheckWarning,
                "2 more precheck warning(s)".to_owned()
            ),
        ]
    );
    s.workflow.acknowledge().await.unwrap();
    assert!(s.workflow.open_alerts().is_empty());
    assert_eq!(finish(&s.workflow).await, UpgradeCompleted);
}
