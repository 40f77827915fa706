//! The estate view on SDDC Manager 5.2.1 (`vcf52`): clusters and hosts with their capacity
//! and rolling-upgrade headroom, read through a real `VcfClient` from the simulator, and the
//! pause before an ESX upgrade of clusters without it; every request checked against the
//! 5.2.1 and 9.0.2 OpenAPI documents.

mod vcf52_support;

use std::collections::BTreeMap;
use std::time::Duration;

use datacenter_assistant_core::api::{Dialect, VcfClient};
use datacenter_assistant_core::upgrade::WorkflowState;
use vcf52_support::*;
use vcf_sim::SimConfig;

async fn sim_with_shape(domains: usize, clusters: usize, hosts: usize) -> vcf_sim::RunningSim {
    vcf_sim::start(SimConfig {
        domains,
        scenarios: BTreeMap::new(),
        step: Duration::from_millis(15),
        dialect: vcf_sim::Dialect::Vcf52,
        clusters_per_domain: clusters,
        hosts_per_cluster: hosts,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
}

#[tokio::test]
async fn every_cluster_comes_with_its_hosts_and_headroom_in_one_call_per_cluster() {
    bounded(async {
        let sim = sim_with_shape(2, 2, 4).await;
        let control = Control::new(&sim);
        let client = VcfClient::new(client_config(sim.url()), Dialect::Vcf52).expect("client");
        let estate = client
            .estate()
            .await
            .expect("estate")
            .expect("vcf52 has one");
        assert_eq!(estate.len(), 4);
        for cluster in &estate {
            assert_eq!(cluster.hosts.len(), 4, "{cluster:?}");
            assert!(cluster.vsan);
            assert!(cluster
                .hosts
                .iter()
                .all(|h| h.cpu_total_mhz > h.cpu_used_mhz));
            assert!(cluster.hosts.iter().all(|h| h.esxi_version.is_some()));
            // Four hosts, vSAN tolerating one failure: one can go into maintenance.
            assert_eq!(cluster.headroom.vsan_hosts_needed, Some(3));
            assert!(cluster.headroom.fits, "{cluster:?}");
        }
        let domains: std::collections::BTreeSet<_> =
            estate.iter().map(|c| c.domain_id.clone()).collect();
        assert_eq!(
            domains,
            [sim.domain_id(1), sim.domain_id(2)].into_iter().collect()
        );

        let requests = control.requests().await;
        assert_requests_follow_the_spec(&requests);
        let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths.iter().filter(|p| **p == "/v1/clusters").count(), 1);
        assert_eq!(
            paths.iter().filter(|p| p.starts_with("/v1/hosts")).count(),
            4
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn a_three_host_vsan_cluster_has_no_headroom_for_a_rolling_upgrade() {
    bounded(async {
        let sim = sim_with_shape(1, 1, 3).await;
        let client = VcfClient::new(client_config(sim.url()), Dialect::Vcf52).expect("client");
        let estate = client
            .estate()
            .await
            .expect("estate")
            .expect("vcf52 has one");
        let [cluster] = estate.as_slice() else {
            panic!("one cluster: {estate:?}");
        };
        assert_eq!(cluster.headroom.vsan_fits, Some(false), "{cluster:?}");
        assert!(!cluster.headroom.fits);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn an_esx_upgrade_of_clusters_without_headroom_waits_for_the_operator_across_a_restart() {
    bounded(async {
        // Three vSAN hosts: with one in maintenance, vSAN's policy cannot be kept.
        let sim = sim_with_shape(1, 1, 3).await;
        let control = Control::new(&sim);
        let workflow = workflow52(&sim, 1);
        workflow.start().await.expect("start");
        until(|| workflow.state() == WorkflowState::WaitingForAcknowledgment).await;
        let said = messages(&workflow);
        assert!(
            said.iter().any(|m| m.starts_with("Cluster ")
                && m.contains("has no headroom for a rolling ESX upgrade")
                && m.contains("vSAN's storage policy needs 3 hosts")),
            "{said:?}"
        );
        let alerts = workflow.open_alerts();
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert_eq!(alerts[0].component.as_deref(), Some("ESX_HOST"));
        // Everything before ESX is upgraded; ESX's upgrade is not started.
        assert_eq!(
            accepted_upgrades(&control.requests().await, &sim.domain_id(1)).len(),
            3
        );

        // Home Assistant restarts in the pause: it still waits, and looks no second time.
        let restored = restart52(workflow, &sim).await;
        assert_eq!(restored.state(), WorkflowState::WaitingForAcknowledgment);
        restored.acknowledge().await.expect("acknowledge");
        assert_eq!(finish(&restored).await, WorkflowState::UpgradeCompleted);
        assert!(messages(&restored)
            .iter()
            .any(|m| m == "1 cluster(s) without headroom acknowledged; the ESX upgrade goes on"));

        let requests = control.requests().await;
        assert_requests_follow_the_spec(&requests);
        let upgrades = accepted_upgrades(&requests, &sim.domain_id(1));
        assert_eq!(upgrades.len(), 4, "{upgrades:?}");
        assert!(upgrades.values().all(|count| *count == 1), "{upgrades:?}");
        // Once per run, and only at the domain's own clusters.
        let looks: Vec<Option<&str>> = requests
            .iter()
            .filter(|r| r.path == "/v1/clusters")
            .map(|r| r.query.as_deref())
            .collect();
        let domain_filter = format!("domainId={}", sim.domain_id(1));
        assert_eq!(
            looks,
            [Some(domain_filter.as_str())],
            "the headroom is looked at once per run"
        );
        sim.shutdown().await;
    })
    .await;
}
