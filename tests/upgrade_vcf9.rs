//! SDDC Manager 9.0.2 and 9.1.0 (`vcf-sim --dialect vcf52 --vcf-version ...`) through the same
//! `vcf52` engine: ESX 9 hosts move to the depot's vSphere Lifecycle Manager image of the target
//! (`personalitySpec`, which a 9.x server requires), every bundle starts once, across a restart,
//! and every request validates against the 9.0.2 OpenAPI document (and 5.2.1's).

mod vcf52_support;

use std::collections::BTreeMap;
use std::time::Duration;

use datacenter_assistant_core::upgrade::WorkflowState;
use vcf52_support::*;
use vcf_sim::{SimConfig, VcfVersion};

async fn sim9(version: VcfVersion, domains: usize) -> vcf_sim::RunningSim {
    vcf_sim::start(SimConfig {
        domains,
        scenarios: BTreeMap::new(),
        step: Duration::from_millis(15),
        outage_steps: 3,
        dialect: vcf_sim::Dialect::Vcf52,
        vcf_version: version,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
}

/// The management domain upgrades to the version's release with one start per bundle, Home
/// Assistant restarting after its first component; the ESX upgrade names the target's image.
async fn upgrade_with_a_restart(version: VcfVersion, target: &str) {
    let sim = sim9(version, 1).await;
    let control = Control::new(&sim);
    let workflow = workflow52(&sim, 1);
    workflow.start().await.expect("start");
    until(|| workflow.components().len() >= 2).await;
    let restored = restart52(workflow, &sim).await;
    assert_eq!(
        finish(&restored).await,
        WorkflowState::UpgradeCompleted,
        "{:?}",
        messages(&restored)
    );
    assert!(
        messages(&restored)
            .iter()
            .any(|m| m == &format!("Domain mgmt-domain now runs VCF {target}")),
        "{:?}",
        messages(&restored)
    );

    let requests = control.requests().await;
    assert_requests_follow_the_spec(&requests);
    let upgrades = accepted_upgrades(&requests, &sim.domain_id(1));
    assert_eq!(upgrades.len(), 4, "{upgrades:?}");
    assert!(upgrades.values().all(|count| *count == 1), "{upgrades:?}");
    let images: Vec<&serde_json::Value> = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/upgrades" && r.status == Some(202))
        .filter_map(|r| r.body.as_ref())
        .filter_map(|body| body["resourceUpgradeSpecs"][0].get("personalitySpec"))
        .collect();
    assert_eq!(
        images.len(),
        1,
        "only the ESX upgrade names an image: {images:?}"
    );
    assert!(images[0]["personalityId"].is_string());
    sim.shutdown().await;
}

#[tokio::test]
async fn a_9_0_2_domain_upgrades_to_its_esx_image_across_a_restart() {
    bounded(upgrade_with_a_restart(VcfVersion::V9_0_2, "9.0.2.0")).await;
}

#[tokio::test]
async fn a_9_1_0_domain_upgrades_to_its_esx_image_across_a_restart() {
    bounded(upgrade_with_a_restart(VcfVersion::V9_1_0, "9.1.0.0")).await;
}
