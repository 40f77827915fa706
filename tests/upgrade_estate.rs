//! An estate on SDDC Manager 5.2.1 (`vcf52`): VCF's order across domains, the wizard's inputs
//! in the request bodies, precheck-only runs and cancelling, each through a real `VcfClient`
//! and workflow with every request checked closed against the 5.2.1 OpenAPI document.

mod vcf52_support;

use std::time::Duration;

use datacenter_assistant_core::api::settings::{
    ClusterOrder, EsxFailureAction, NetworkMode, PowerAction, Switchover,
};
use datacenter_assistant_core::api::UpgradeSettings;
use datacenter_assistant_core::upgrade::{
    DomainWorkflow, RunRequest, StartOutcome, UpgradeError, WorkflowConfig, WorkflowSnapshot,
    WorkflowState,
};
use vcf52_support::*;
use vcf_sim::Scenario;

const STEP: Duration = Duration::from_millis(15);

fn upgrade_bodies<'a>(requests: &'a [Record], domain_id: &str) -> Vec<&'a serde_json::Value> {
    requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/upgrades" && r.status == Some(202))
        .filter_map(|r| r.body.as_ref())
        .filter(|b| b["resourceUpgradeSpecs"][0]["resourceId"] == domain_id)
        .collect()
}

fn one_start_per_bundle(requests: &[Record], domain_id: &str, bundles: usize) {
    let upgrades = accepted_upgrades(requests, domain_id);
    assert_eq!(upgrades.len(), bundles, "{upgrades:?}");
    for (bundle, count) in upgrades {
        assert_eq!(count, 1, "bundle {bundle} upgraded {count} times");
    }
}

#[tokio::test]
async fn a_workload_domain_started_first_waits_for_sddc_manager_across_a_restart() {
    bounded(async {
        let sim = sim52(2, &[], STEP).await;
        let control = Control::new(&sim);
        let workload = workflow52(&sim, 2);
        assert!(matches!(
            workload.start().await,
            Ok(StartOutcome::Started { .. })
        ));
        until(|| workload.waiting_for().is_some()).await;
        assert_eq!(workload.state(), WorkflowState::UpgradeInProgress);
        let reason = workload.waiting_for().unwrap_or_default();
        assert!(
            reason.starts_with(
                "Waiting for SDDC Manager 5.2.1.0: upgrade the management domain mgmt-domain first"
            ),
            "{reason}"
        );
        // Said once, however often the run looks again.
        tokio::time::sleep(STEP * 4).await;
        let said = messages(&workload)
            .iter()
            .filter(|m| m.starts_with("Waiting for SDDC Manager"))
            .count();
        assert_eq!(said, 1);

        // Home Assistant restarts while the domain waits.
        workload.stop().await;
        let json = workload.snapshot().to_json();
        drop(workload);
        let restored = DomainWorkflow::restore(
            client52(&sim),
            clock(),
            workflow_config(),
            WorkflowSnapshot::from_json(&json).expect("snapshot"),
        )
        .expect("restore");
        assert_eq!(restored.waiting_for().as_deref(), Some(reason.as_str()));
        restored.resume().await;

        let management = workflow52(&sim, 1);
        management
            .start()
            .await
            .expect("start the management domain");
        assert_eq!(finish(&management).await, WorkflowState::UpgradeCompleted);
        assert_eq!(finish(&restored).await, WorkflowState::UpgradeCompleted);
        assert_eq!(restored.waiting_for(), None);
        assert!(messages(&restored)
            .iter()
            .any(|m| m.starts_with("VCF's upgrade order allows it now: upgrading NSX_T_MANAGER")));

        let requests = control.requests().await;
        assert_requests_follow_the_spec(&requests);
        one_start_per_bundle(&requests, &sim.domain_id(1), 4);
        one_start_per_bundle(&requests, &sim.domain_id(2), 3);
        // The engine asked SDDC Manager's version instead of being refused for the order.
        assert!(!requests
            .iter()
            .any(|r| r.path == "/v1/upgrades" && r.status == Some(424)));
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_held_run_asked_to_recheck_goes_on_without_waiting_for_its_order_poll() {
    bounded(async {
        let sim = sim52(2, &[], STEP).await;
        let control = Control::new(&sim);
        // An order poll far beyond the test's bound: only the recheck can move the run on.
        let config = WorkflowConfig {
            order_poll_interval: Duration::from_secs(3600),
            ..workflow_config()
        };
        let workload = DomainWorkflow::new(
            client52(&sim),
            clock(),
            config,
            sim.domain_id(2),
            "domain-2",
        );
        workload.start().await.expect("start the workload domain");
        until(|| workload.waiting_for().is_some()).await;
        let management = workflow52(&sim, 1);
        management
            .start()
            .await
            .expect("start the management domain");
        assert_eq!(finish(&management).await, WorkflowState::UpgradeCompleted);
        assert!(workload.waiting_for().is_some(), "looked again by itself");

        workload.recheck_order();
        assert_eq!(finish(&workload).await, WorkflowState::UpgradeCompleted);
        let requests = control.requests().await;
        assert_requests_follow_the_spec(&requests);
        one_start_per_bundle(&requests, &sim.domain_id(2), 3);
        sim.shutdown().await;
    })
    .await;
}

fn every_setting() -> UpgradeSettings {
    UpgradeSettings {
        vcenter_network_mode: NetworkMode::Static,
        vcenter_ip_address: Some("192.0.2.50".into()),
        vcenter_subnet_mask: Some("255.255.255.0".into()),
        vcenter_gateway: Some("192.0.2.1".into()),
        vcenter_switchover: Switchover::Scheduled,
        vcenter_switchover_at: Some("2030-01-31T22:00:00Z".into()),
        nsx_host_clusters: ClusterOrder::Sequential,
        nsx_edge_clusters: ClusterOrder::Sequential,
        esx_quick_boot: true,
        esx_evacuate_offline_vms: true,
        esx_enforce_hcl_validation: true,
        esx_failure_action: EsxFailureAction::Retry,
        esx_failure_retry_count: 5,
        esx_failure_retry_delay: 600,
        esx_pre_remediation_power_action: PowerAction::SuspendVms,
        ..UpgradeSettings::default()
    }
}

#[tokio::test]
async fn every_setting_reaches_the_body_where_upgrade_spec_puts_it() {
    bounded(async {
        let sim = sim52(1, &[], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow52(&sim, 1);
        workflow
            .start_with(RunRequest::upgrade(every_setting()))
            .await
            .expect("start");
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let requests = control.requests().await;
        assert_requests_follow_the_spec(&requests);
        let bodies = upgrade_bodies(&requests, &sim.domain_id(1));
        let nsx = bodies
            .iter()
            .find_map(|b| b.get("nsxtUpgradeUserInputSpecs"))
            .expect("the NSX upgrade");
        assert_eq!(
            nsx[0]["nsxtUpgradeOptions"],
            serde_json::json!({"isEdgeOnlyUpgrade": false,
                               "isHostClustersUpgradeParallel": false,
                               "isEdgeClustersUpgradeParallel": false})
        );
        let vcenter = bodies
            .iter()
            .find_map(|b| b.get("vcenterUpgradeUserInputSpecs"))
            .expect("the vCenter upgrade");
        assert_eq!(
            vcenter[0]["temporaryNetwork"],
            serde_json::json!({"networkMode": "STATIC", "ipAddress": "192.0.2.50",
                               "subnetMask": "255.255.255.0", "gateway": "192.0.2.1"})
        );
        assert_eq!(
            vcenter[0]["startSwitchoverTimestamp"],
            "2030-01-31T22:00:00Z"
        );
        assert!(vcenter[0].get("upgradeMechanism").is_none());
        let esx = bodies
            .iter()
            .find_map(|b| b["resourceUpgradeSpecs"][0].get("esxUpgradeOptionsSpec"))
            .expect("the ESX upgrade");
        assert_eq!(
            esx,
            &serde_json::json!({"enableQuickboot": true, "evacuateOfflineVms": true,
                                "enforceHclValidation": true,
                                "esxUpgradeFailureAction": {"action": "RETRY", "retryCount": 5,
                                                            "retryDelay": 600},
                                "preRemediationPowerAction": "SUSPEND_VMS"})
        );
        // Only the ESX upgrade carries ESX options.
        assert_eq!(
            bodies
                .iter()
                .filter(|b| b["resourceUpgradeSpecs"][0]
                    .get("esxUpgradeOptionsSpec")
                    .is_some())
                .count(),
            1
        );
        assert_eq!(workflow.settings(), every_setting());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_refused_setting_fails_the_run_with_the_servers_message() {
    bounded(async {
        let sim = sim52(1, &[], STEP).await;
        let workflow = workflow52(&sim, 1);
        // Valid for the engine; the simulated vCenter upgrade (8.0 U2 to U3) is no patch.
        let settings = UpgradeSettings {
            vcenter_upgrade_mechanism:
                datacenter_assistant_core::api::settings::VcenterUpgradeMechanism::InPlace,
            ..UpgradeSettings::default()
        };
        workflow
            .start_with(RunRequest::upgrade(settings))
            .await
            .expect("start");
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeFailed);
        let log = messages(&workflow);
        assert!(
            log.iter()
                .any(|m| m.contains("SDDC Manager refused to start the upgrade")
                    && m.contains("upgradeMechanism")),
            "{log:#?}"
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn invalid_settings_are_refused_before_anything_is_sent() {
    bounded(async {
        let sim = sim52(1, &[], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow52(&sim, 1);
        let settings = UpgradeSettings {
            vcenter_network_mode: NetworkMode::Static,
            ..UpgradeSettings::default()
        };
        let refused = workflow
            .start_with(RunRequest::upgrade(settings))
            .await;
        assert!(
            matches!(&refused, Err(UpgradeError::InvalidSettings(e)) if e.field == "vcenter_ip_address"),
            "{refused:?}"
        );
        assert_eq!(workflow.state(), WorkflowState::WaitingForInitiation);
        assert!(control
            .requests()
            .await
            .iter()
            .all(|r| r.method == "GET" || r.path == "/v1/tokens"));
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_precheck_ahead_of_the_window_then_the_upgrade_downloads_nothing_again() {
    bounded(async {
        let sim = sim52(1, &[], STEP).await;
        let control = Control::new(&sim);
        let workflow = workflow52(&sim, 1);
        workflow
            .start_with(RunRequest::precheck(UpgradeSettings::default()))
            .await
            .expect("start");
        assert_eq!(finish(&workflow).await, WorkflowState::WaitingForInitiation);
        assert!(workflow.precheck_only());
        let summary = workflow.last_precheck().expect("a precheck result");
        assert!(summary.passed && summary.errors == 0, "{summary:?}");
        assert_eq!(summary.version, "5.2.1.0");
        let before = control.requests().await;
        assert!(upgrade_bodies(&before, &sim.domain_id(1)).is_empty());
        let downloads = |requests: &[Record]| {
            requests
                .iter()
                .filter(|r| r.method == "PATCH" && r.path.starts_with("/v1/bundles/"))
                .count()
        };
        let downloaded = downloads(&before);
        assert!(downloaded > 0);

        workflow.start().await.expect("the upgrade");
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        let after = control.requests().await;
        assert_requests_follow_the_spec(&after);
        assert_eq!(
            downloads(&after),
            downloaded,
            "a bundle was downloaded again"
        );
        one_start_per_bundle(&after, &sim.domain_id(1), 4);
        assert!(!workflow.precheck_only());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_failed_precheck_is_kept_as_the_last_result() {
    bounded(async {
        let sim = sim52(1, &[(1, Scenario::PrecheckFail)], STEP).await;
        let workflow = workflow52(&sim, 1);
        workflow
            .start_with(RunRequest::precheck(UpgradeSettings::default()))
            .await
            .expect("start");
        assert_eq!(finish(&workflow).await, WorkflowState::PrecheckFailed);
        let summary = workflow.last_precheck().expect("a precheck result");
        assert!(!summary.passed && summary.errors > 0, "{summary:?}");
        assert!(!summary.findings.is_empty());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_run_waiting_for_the_order_is_cancelled_and_nothing_is_upgraded() {
    bounded(async {
        let sim = sim52(2, &[], STEP).await;
        let control = Control::new(&sim);
        let workload = workflow52(&sim, 2);
        workload.start().await.expect("start");
        until(|| workload.waiting_for().is_some()).await;
        workload.cancel().await.expect("cancel");
        assert_eq!(workload.state(), WorkflowState::WaitingForInitiation);
        assert_eq!(workload.waiting_for(), None);
        assert!(!workload.is_running());
        assert!(messages(&workload)
            .iter()
            .any(|m| m.starts_with("Upgrade run cancelled in state upgrade_in_progress")));
        assert!(matches!(
            workload.cancel().await,
            Err(UpgradeError::InvalidState { .. })
        ));
        let requests = control.requests().await;
        assert!(upgrade_bodies(&requests, &sim.domain_id(2)).is_empty());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_running_component_upgrade_cannot_be_cancelled() {
    bounded(async {
        let sim = sim52(1, &[], Duration::from_millis(150)).await;
        let workflow = workflow52(&sim, 1);
        workflow.start().await.expect("start");
        until(|| {
            workflow
                .snapshot()
                .workflow
                .upgrades
                .iter()
                .any(|u| u.tracker.id.is_some() && !u.done)
        })
        .await;
        let refused = workflow.cancel().await;
        assert!(
            matches!(&refused, Err(UpgradeError::CannotCancel { reason, .. }) if reason.contains("is running on SDDC Manager")),
            "{refused:?}"
        );
        assert!(workflow.state().is_active());
        assert_eq!(finish(&workflow).await, WorkflowState::UpgradeCompleted);
        sim.shutdown().await;
    })
    .await;
}
