//! The estate view on SDDC Manager 5.2.1 (`vcf52`): clusters and hosts with their capacity
//! and rolling-upgrade headroom, read through a real `VcfClient` from the simulator, every
//! request checked against the 5.2.1 and 9.0.2 OpenAPI documents.

mod vcf52_support;

use std::collections::BTreeMap;
use std::time::Duration;

use datacenter_assistant_core::api::{Dialect, VcfClient};
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
