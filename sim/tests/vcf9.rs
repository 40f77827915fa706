//! SDDC Manager 9.0.2 and 9.1.0 as versions of the `vcf52` dialect: every scenario walked
//! through HTTP with every answer checked against VMware's 9.0.2 document, the ESX image
//! refusal, the download status names, 9.1's calls and fields (checked by hand against 9.1's
//! bindings), the field-report switch, and ignored versus refused unknown fields.

mod common;

use common::vcf52::{config52, walk_domain, Client52, Ending};
use common::{bounded, POLL};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::{Scenario, SimConfig, UnknownFields, VcfVersion};

fn config9(version: VcfVersion, domains: usize, scenarios: &[(usize, Scenario)]) -> SimConfig {
    SimConfig {
        vcf_version: version,
        ..config52(domains, scenarios)
    }
}

/// The release each 9.x version goes to, from and its SDDC Manager build.
fn releases(version: VcfVersion) -> (&'static str, &'static str, &'static str) {
    match version {
        VcfVersion::V9_0_2 => ("5.2.1.0", "9.0.2.0", "9.0.2.0-25151285"),
        VcfVersion::V9_1_0 => ("9.0.2.0", "9.1.0.0", "9.1.0.0-25400120"),
        VcfVersion::V5_2_1 => ("5.1.1.0", "5.2.1.0", "5.2.1.0-24307856"),
    }
}

/// A call whose answer is not checked against a document (9.1-only calls, refusals of
/// what 9.0.2 would not send, field-report answers).
async fn raw(
    client: &Client52,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = client
        .http
        .request(method, format!("{}{path}", client.sim.url()))
        .bearer_auth(&client.token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("response");
    let status = response.status();
    let text = response.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON")
    };
    (status, body)
}

// --- Every scenario on both 9.x versions ----------------------------------------------------

async fn walk_every_scenario(version: VcfVersion) {
    let (current, target, sddc_manager) = releases(version);
    for (scenario, expected) in [
        (Scenario::Happy, Ending::Upgraded),
        (Scenario::NoUpdate, Ending::NoUpdate),
        (Scenario::PrecheckFail, Ending::PrecheckFailed),
        (Scenario::PrecheckWarnings, Ending::Upgraded),
        (Scenario::FlakyDownload, Ending::Upgraded),
        (Scenario::DownloadFails, Ending::DownloadFailed),
        (Scenario::UpgradeFails, Ending::Upgraded),
        (Scenario::UpgradeFailsHard, Ending::UpgradeFailed),
        (Scenario::Outage, Ending::Upgraded),
        (Scenario::Vcenter401, Ending::Upgraded),
        (Scenario::Inprogress, Ending::Upgraded),
    ] {
        bounded(async {
            let mut client =
                Client52::start(config9(version, 2, &[(1, scenario), (2, scenario)])).await;
            let before = client.get("/v1/releases", &[], None).await;
            assert_eq!(before.body["elements"][0]["version"], current);
            assert_eq!(before.body["elements"][1]["version"], target);
            assert!(before.body["elements"][1]["minInstallerVersion"].is_string());
            for index in 1..=2 {
                let (ending, walk) = walk_domain(&mut client, index).await;
                assert_eq!(ending, expected, "{version} {scenario} domain {index}");
                if ending == Ending::Upgraded {
                    assert_eq!(walk.upgraded.last().map(String::as_str), Some("ESX_HOST"));
                }
            }
            if expected == Ending::Upgraded {
                let managers = client.get("/v1/sddc-managers", &[], None).await;
                assert_eq!(managers.body["elements"][0]["version"], sddc_manager);
                let hosts = client.get("/v1/hosts", &[], None).await;
                let esx = hosts.body["elements"][0]["esxiVersion"].as_str().unwrap();
                assert!(esx.starts_with(&target[..5]), "{esx}");
            }
            assert!(client.saw("createToken 201"));
            if version == VcfVersion::V9_1_0 && scenario != Scenario::NoUpdate {
                assert!(client.saw("~ 9.1 upgradeSequence"));
            }
        })
        .await;
    }
}

#[tokio::test]
async fn every_scenario_walks_on_9_0_2_against_the_9_0_2_document() {
    walk_every_scenario(VcfVersion::V9_0_2).await;
}

#[tokio::test]
async fn every_scenario_walks_on_9_1_0_against_the_9_0_2_document() {
    walk_every_scenario(VcfVersion::V9_1_0).await;
}

// --- Upgrading the management domain by hand -------------------------------------------------

/// Targets domain 1 and downloads its bundles; returns the bundle ids in upgrade order.
async fn target_and_download(client: &Client52, target: &str) -> Vec<String> {
    let d = client.domain(1);
    let targeted = client
        .call(
            Method::PATCH,
            "/v1/releases/domains/{domainId}",
            &[&d],
            None,
            Some(json!({"targetVersion": target})),
        )
        .await;
    assert_eq!(targeted.status, StatusCode::OK, "{:?}", targeted);
    let upgradables = client
        .get("/v1/upgradables/domains/{domainId}", &[&d], None)
        .await;
    let ids: Vec<String> = upgradables.body["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|element| element["bundleId"].as_str().unwrap().to_owned())
        .collect();
    for id in &ids {
        let task = client
            .call(
                Method::PATCH,
                "/v1/bundles/{id}",
                &[id],
                None,
                Some(json!({"bundleDownloadSpec": {"downloadNow": true}})),
            )
            .await;
        assert_eq!(task.status, StatusCode::ACCEPTED);
    }
    for id in &ids {
        while client.get("/v1/bundles/{id}", &[id], None).await.body["downloadStatus"]
            != "SUCCESSFUL"
        {
            tokio::time::sleep(POLL).await;
        }
    }
    ids
}

/// Waits until upgrade `id` has finished with success.
async fn wait_upgraded(client: &Client52, id: &str) {
    loop {
        let upgrade = client.get("/v1/upgrades/{upgradeId}", &[id], None).await;
        if upgrade.body["status"] == "COMPLETED_WITH_SUCCESS" {
            return;
        }
        assert!(
            common::vcf52::RUNNING.contains(&upgrade.body["status"].as_str().unwrap()),
            "{}",
            upgrade.body
        );
        tokio::time::sleep(POLL).await;
    }
}

fn upgrade_spec(bundle: &str, domain: &str) -> Value {
    json!({"bundleId": bundle, "resourceType": "DOMAIN",
           "resourceUpgradeSpecs": [{"resourceId": domain, "upgradeNow": true}]})
}

#[tokio::test]
async fn esx_9_upgrades_need_an_image_of_the_target() {
    bounded(async {
        for version in [VcfVersion::V9_0_2, VcfVersion::V9_1_0] {
            let config = SimConfig {
                upgrade_order: Some(String::from("ESX_HOST,NSX_T_MANAGER,VCENTER")),
                ..config9(version, 1, &[])
            };
            let client = Client52::start(config).await;
            let d = client.domain(1);
            let ids = target_and_download(&client, releases(version).1).await;
            let sddc = client
                .call(
                    Method::POST,
                    "/v1/upgrades",
                    &[],
                    None,
                    Some(upgrade_spec(&ids[0], &d)),
                )
                .await;
            assert_eq!(sddc.status, StatusCode::ACCEPTED);
            wait_upgraded(&client, sddc.body["id"].as_str().unwrap()).await;

            let images = client.get("/v1/personalities", &[], None).await;
            let images = images.body["elements"].as_array().unwrap().clone();
            assert_eq!(images.len(), 2, "one image per ESX version");
            let bom = client
                .get("/v1/releases", &[], Some(&format!("domainId={d}")))
                .await;
            let installed = bom.body["elements"][0]["bom"]
                .as_array()
                .unwrap()
                .iter()
                .find(|product| product["name"] == "ESX_HOST")
                .unwrap()["version"]
                .clone();
            let old = images
                .iter()
                .find(|image| image["softwareInfo"]["baseImage"]["version"] == installed)
                .unwrap()["personalityId"]
                .clone();
            let new = images
                .iter()
                .find(|image| image["personalityId"] != old)
                .unwrap()["personalityId"]
                .clone();
            let esx = &ids[1];
            let mut spec = upgrade_spec(esx, &d);
            let refused = client
                .call(Method::POST, "/v1/upgrades", &[], None, Some(spec.clone()))
                .await;
            assert_eq!(refused.status, StatusCode::BAD_REQUEST);
            assert_eq!(refused.body["errorCode"], "ESX_UPGRADE_IMAGE_REQUIRED");
            assert!(refused.body["message"]
                .as_str()
                .unwrap()
                .contains("resourceUpgradeSpecs[0].personalitySpec"));
            for (image, why) in [
                (old, "is the image of ESX"),
                (
                    json!("00000000-0000-4000-c000-000000000099"),
                    "not an image",
                ),
            ] {
                spec["resourceUpgradeSpecs"][0]["personalitySpec"] =
                    json!({"personalityId": image});
                let refused = client
                    .call(Method::POST, "/v1/upgrades", &[], None, Some(spec.clone()))
                    .await;
                assert_eq!(refused.status, StatusCode::BAD_REQUEST);
                assert_eq!(refused.body["errorCode"], "ESX_UPGRADE_IMAGE_NOT_VALID");
                assert!(refused.body["message"].as_str().unwrap().contains(why));
            }
            spec["resourceUpgradeSpecs"][0]["personalitySpec"] = json!({"personalityId": new});
            let started = client
                .call(Method::POST, "/v1/upgrades", &[], None, Some(spec))
                .await;
            assert_eq!(started.status, StatusCode::ACCEPTED, "{:?}", started);
        }
        // 5.2.1 upgrades ESX 8 hosts without an image, as before.
        let config = SimConfig {
            upgrade_order: Some(String::from("ESX_HOST,NSX_T_MANAGER,VCENTER")),
            ..config52(1, &[])
        };
        let client = Client52::start(config).await;
        let d = client.domain(1);
        let ids = target_and_download(&client, "5.2.1.0").await;
        let sddc = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade_spec(&ids[0], &d)),
            )
            .await;
        wait_upgraded(&client, sddc.body["id"].as_str().unwrap()).await;
        let esx = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade_spec(&ids[1], &d)),
            )
            .await;
        assert_eq!(esx.status, StatusCode::ACCEPTED);
    })
    .await;
}

#[tokio::test]
async fn download_status_uses_the_9_x_names() {
    bounded(async {
        let client = Client52::start(config9(
            VcfVersion::V9_0_2,
            1,
            &[(1, Scenario::FlakyDownload)],
        ))
        .await;
        let status_of = |answer: &Value, bundle: &str| -> Value {
            answer["elements"]
                .as_array()
                .unwrap()
                .iter()
                .find(|element| element["bundleId"] == bundle)
                .cloned()
                .unwrap()
        };
        let all = client.get("/v1/bundles/download-status", &[], None).await;
        assert_eq!(all.status, StatusCode::OK);
        let first = all.body["elements"][0]["bundleId"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(all.body["elements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|element| element["downloadStatus"] == "PENDING"));
        let mut seen = std::collections::BTreeSet::new();
        let query = format!("bundleId={first}");
        for _attempt in 0..2 {
            let task = client
                .call(
                    Method::PATCH,
                    "/v1/bundles/{id}",
                    &[&first],
                    None,
                    Some(json!({"bundleDownloadSpec": {"downloadNow": true}})),
                )
                .await;
            assert_eq!(task.status, StatusCode::ACCEPTED);
            loop {
                let answer = client
                    .get("/v1/bundles/download-status", &[], Some(&query))
                    .await;
                assert_eq!(answer.body["elements"].as_array().map(Vec::len), Some(1));
                let element = status_of(&answer.body, &first);
                let status = element["downloadStatus"].as_str().unwrap().to_owned();
                seen.insert(status.clone());
                if status == "FAILED" {
                    assert!(element["message"].as_str().is_some_and(|m| !m.is_empty()));
                    assert_eq!(element["isDownloadable"], true);
                }
                if status == "SUCCESS" || status == "FAILED" {
                    break;
                }
                assert_eq!(status, "INPROGRESS");
                tokio::time::sleep(POLL).await;
            }
        }
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            ["FAILED", "INPROGRESS", "SUCCESS"]
        );
        // The bundle itself keeps 5.2's spellings.
        let bundle = client.get("/v1/bundles/{id}", &[&first], None).await;
        assert_eq!(bundle.body["downloadStatus"], "SUCCESSFUL");
        let other = client
            .get(
                "/v1/bundles/download-status",
                &[],
                Some("releaseVersion=5.2.1.0"),
            )
            .await;
        assert_eq!(other.body["elements"], json!([]));
        let bad = client
            .get("/v1/bundles/download-status", &[], Some("imageType=ISO"))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);

        // 5.2.1 has no such call.
        let old = Client52::start(config52(1, &[])).await;
        let (status, _) = raw(&old, Method::GET, "/v1/bundles/download-status", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

// --- 9.x calls ---------------------------------------------------------------------------

#[tokio::test]
async fn preview_and_upgrade_prechecks_on_9_x() {
    bounded(async {
        for version in [VcfVersion::V9_0_2, VcfVersion::V9_1_0] {
            let client = Client52::start(config9(version, 2, &[(2, Scenario::PrecheckFail)])).await;
            let d = client.domain(1);
            let ids = target_and_download(&client, releases(version).1).await;
            let query = format!("bundleId={}&domainId={d}", ids[0]);
            let preview = client.get("/v1/upgrades/preview", &[], Some(&query)).await;
            assert_eq!(preview.status, StatusCode::OK);
            assert_eq!(
                preview.body["upgradeItems"][0]["bundleComponentType"],
                "SDDC_MANAGER"
            );
            assert_eq!(
                preview.body["upgradeItems"][0]["upgradeEligibility"]["status"],
                "ELIGIBLE"
            );
            let esx = ids.last().unwrap();
            let query = format!("bundleId={esx}");
            let preview = client.get("/v1/upgrades/preview", &[], Some(&query)).await;
            assert_eq!(
                preview.body["upgradeItems"][0]["bundleComponentType"],
                "ESX_HOST"
            );
            assert!(preview.body["resourceMapper"].is_object());
            let missing = client.get("/v1/upgrades/preview", &[], None).await;
            assert_eq!(missing.status, StatusCode::BAD_REQUEST);
            let unknown = client
                .get("/v1/upgrades/preview", &[], Some("bundleId=nope"))
                .await;
            assert_eq!(unknown.status, StatusCode::NOT_FOUND);

            let upgrade = client
                .call(
                    Method::POST,
                    "/v1/upgrades",
                    &[],
                    None,
                    Some(upgrade_spec(&ids[0], &d)),
                )
                .await;
            let upgrade_id = upgrade.body["id"].as_str().unwrap().to_owned();
            let precheck = client
                .call(
                    Method::POST,
                    "/v1/upgrades/{upgradeId}/prechecks",
                    &[&upgrade_id],
                    None,
                    None,
                )
                .await;
            assert_eq!(precheck.status, StatusCode::ACCEPTED);
            let precheck_id = precheck.body["id"].as_str().unwrap().to_owned();
            loop {
                let polled = client
                    .get(
                        "/v1/upgrades/{upgradeId}/prechecks/{precheckId}",
                        &[&upgrade_id, &precheck_id],
                        None,
                    )
                    .await;
                assert_eq!(polled.status, StatusCode::OK);
                if polled.body["status"] != "IN_PROGRESS" {
                    assert_eq!(polled.body["status"], "SUCCESSFUL");
                    break;
                }
                tokio::time::sleep(POLL).await;
            }
            let wrong = client
                .get(
                    "/v1/upgrades/{upgradeId}/prechecks/{precheckId}",
                    &[&upgrade_id, "nope"],
                    None,
                )
                .await;
            assert_eq!(wrong.status, StatusCode::NOT_FOUND);
            let none = client
                .call(
                    Method::POST,
                    "/v1/upgrades/{upgradeId}/prechecks",
                    &["nope"],
                    None,
                    None,
                )
                .await;
            assert_eq!(none.status, StatusCode::NOT_FOUND);
        }
        let old = Client52::start(config52(1, &[])).await;
        for path in [
            "/v1/upgrades/preview?bundleId=x",
            "/v1/upgrades/x/prechecks/y",
        ] {
            let (status, _) = raw(&old, Method::GET, path, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_9_1_upgradables_calls_fit_the_bindings() {
    bounded(async {
        let client = Client52::start(config9(VcfVersion::V9_1_0, 2, &[])).await;
        let d = client.domain(1);
        let base = format!("/v1/upgradables/domains/{d}");

        let (status, sequences) = raw(
            &client,
            Method::GET,
            &format!("{base}/upgrade-sequences"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        // SupportedUpgradeSequence {sequenceType, components[UpgradeSequenceComponent
        // {type, version, applicabilityOrder, applicabilityStatus}]}
        let sequence = &sequences[0];
        assert!(sequence["sequenceType"].is_string());
        let components = sequence["components"].as_array().unwrap();
        let types: Vec<&str> = components
            .iter()
            .map(|component| component["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            types,
            ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"]
        );
        for (position, component) in components.iter().enumerate() {
            assert_eq!(
                component.as_object().unwrap().len(),
                4,
                "only the bindings' fields: {component}"
            );
            assert_eq!(component["applicabilityOrder"], position + 1);
            assert_eq!(component["applicabilityStatus"], "APPLICABLE");
            assert!(component["version"].as_str().unwrap().starts_with("9.1.0"));
        }
        let (status, bad) = raw(
            &client,
            Method::GET,
            &format!("{base}/upgrade-sequences?targetVersion=9.9.9.9"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");

        // SupportedUpgradeMechanisms {sourceVersion, targetVersionUpgradeMechanisms
        // [{targetVersion, upgradeMechanisms[], defaultUpgradeMechanism}]}
        let (status, mechanisms) = raw(
            &client,
            Method::GET,
            &format!("{base}/vcenter-upgrade-mechanisms?targetVersion=9.1.0.0"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(mechanisms["sourceVersion"], "9.0.2.0-25148086");
        let target = &mechanisms["targetVersionUpgradeMechanisms"][0];
        assert_eq!(target["targetVersion"], "9.1.0.0-25401234");
        assert_eq!(
            target["upgradeMechanisms"],
            json!(["ReducedDowntimeMigration"])
        );
        assert_eq!(
            target["defaultUpgradeMechanism"],
            "ReducedDowntimeMigration"
        );

        // [VcenterApplianceSizingInfo {applianceSize, storageSize, requiredCpu,
        // requiredMemory, requiredStorage, vmCount, hostCount, isRecommended}]
        let (status, sizes) = raw(
            &client,
            Method::GET,
            &format!("{base}/vcenter-sizing-infos"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let sizes = sizes.as_array().unwrap();
        assert_eq!(sizes.len(), 5);
        for size in sizes {
            assert_eq!(size.as_object().unwrap().len(), 8, "{size}");
            for field in [
                "requiredCpu",
                "requiredMemory",
                "requiredStorage",
                "vmCount",
                "hostCount",
            ] {
                assert!(size[field].is_i64(), "{field}: {size}");
            }
        }
        let recommended: Vec<&Value> = sizes
            .iter()
            .filter(|size| size["isRecommended"] == true)
            .collect();
        assert_eq!(recommended.len(), 1);
        assert_eq!(
            recommended[0]["applianceSize"], "tiny",
            "4 hosts fit a tiny vCenter"
        );
        let (status, _) = raw(
            &client,
            Method::GET,
            "/v1/upgradables/domains/nope/vcenter-sizing-infos",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // DomainReleaseView.upgradeSequence.
        let (_, view) = raw(
            &client,
            Method::GET,
            &format!("/v1/releases/domains/{d}"),
            None,
        )
        .await;
        assert_eq!(
            view["upgradeSequence"],
            json!({"optimizedMaintenanceWindow": false})
        );

        // 9.1 has no /v1/system/prechecks (nor does the simulator serve it anywhere).
        let (status, _) = raw(
            &client,
            Method::POST,
            "/v1/system/prechecks",
            Some(json!({})),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // 9.0.2 has none of 9.1's calls.
        let older = Client52::start(config9(VcfVersion::V9_0_2, 1, &[])).await;
        let d = older.domain(1);
        for call in [
            "upgrade-sequences",
            "vcenter-upgrade-mechanisms",
            "vcenter-sizing-infos",
        ] {
            let (status, _) = raw(
                &older,
                Method::GET,
                &format!("/v1/upgradables/domains/{d}/{call}"),
                None,
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{call}");
        }
        let view = older
            .get("/v1/releases/domains/{domainId}", &[&d], None)
            .await;
        assert!(view.body.get("upgradeSequence").is_none());
    })
    .await;
}

#[tokio::test]
async fn the_9_1_request_fields_are_accepted_on_9_1_only() {
    bounded(async {
        let client = Client52::start(config9(VcfVersion::V9_1_0, 1, &[])).await;
        let d = client.domain(1);
        let ids = target_and_download(&client, "9.1.0.0").await;

        // CheckSetRunInput.metadata {targetVersion, resources, upgradeId}.
        let (status, query) = raw(
            &client,
            Method::POST,
            "/v1/system/check-sets/queries",
            Some(
                json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d,
                "resources": [{"resourceType": "VCENTER",
                               "resourceTargetVersion": "9.1.0.0-25401234"}]}]}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{query}");
        let resource = &query["resources"][0];
        let run = json!({
            "queryId": query["queryId"],
            "resources": [{"resourceType": "VCENTER", "resourceId": resource["resourceId"],
                           "resourceName": resource["resourceName"],
                           "checkSets": [{"checkSetId": resource["checkSets"][0]["checkSetId"]}]}],
            "metadata": {"targetVersion": "9.1.0.0", "upgradeId": "u",
                         "resources": [{"type": "VCENTER", "id": resource["resourceId"],
                                        "domainId": d, "targetVersion": "9.1.0.0-25401234"}]},
        });
        let (status, task) = raw(
            &client,
            Method::POST,
            "/v1/system/check-sets",
            Some(run.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{task}");

        // The upgrade inputs, component by component (SDDC Manager, NSX, vCenter, ESX).
        let mut sddc = upgrade_spec(&ids[0], &d);
        sddc["resourceUpgradeSpecs"][0]["type"] = json!("SDDC_MANAGER");
        sddc["resourceUpgradeSpecs"][0]["hostsToUpgrade"] = json!(["esx-01.mgmt-domain.vcf.sim"]);
        let (status, refused) =
            raw(&client, Method::POST, "/v1/upgrades", Some(sddc.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(refused["message"]
            .as_str()
            .unwrap()
            .contains("hostsToUpgrade is only for"));
        sddc["resourceUpgradeSpecs"][0]
            .as_object_mut()
            .unwrap()
            .remove("hostsToUpgrade");
        let (status, upgrade) = raw(&client, Method::POST, "/v1/upgrades", Some(sddc)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{upgrade}");
        wait_upgraded(&client, upgrade["id"].as_str().unwrap()).await;

        let nsx_query = format!("bundleId={}", ids[1]);
        let resources = client
            .get(
                "/v1/upgradables/domains/{domainId}/nsxt",
                &[&d],
                Some(&nsx_query),
            )
            .await;
        let mut nsx = upgrade_spec(&ids[1], &d);
        nsx["nsxtUpgradeUserInputSpecs"] = json!([{
            "nsxtId": resources.body["nsxtManagerCluster"]["id"],
            "nsxtUpgradeOptions": {"isMpUpgrade": true, "isDatapathApplianceUpgrade": false},
        }]);
        let (status, upgrade) = raw(&client, Method::POST, "/v1/upgrades", Some(nsx)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{upgrade}");
        wait_upgraded(&client, upgrade["id"].as_str().unwrap()).await;

        let mut vcenter = upgrade_spec(&ids[2], &d);
        vcenter["vcenterUpgradeUserInputSpecs"] = json!([{
            "temporaryNetwork": {"networkMode": "AUTOMATIC"},
            "switchoverType": "AUTOMATIC",
            "targetVcenterAppliance": {"applianceSize": "huge"},
        }]);
        let (status, refused) =
            raw(&client, Method::POST, "/v1/upgrades", Some(vcenter.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(refused["message"]
            .as_str()
            .unwrap()
            .contains("applianceSize \"huge\""));
        vcenter["vcenterUpgradeUserInputSpecs"][0]["targetVcenterAppliance"] =
            json!({"applianceSize": "small", "storageSize": "default"});
        let (status, upgrade) = raw(&client, Method::POST, "/v1/upgrades", Some(vcenter)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{upgrade}");
        wait_upgraded(&client, upgrade["id"].as_str().unwrap()).await;

        let (_, images) = raw(
            &client,
            Method::GET,
            "/v1/personalities?baseOSVersion=9.1.0.0-25401230",
            None,
        )
        .await;
        let mut esx = upgrade_spec(&ids[3], &d);
        esx["resourceUpgradeSpecs"][0]["personalitySpec"] =
            json!({"personalityId": images["elements"][0]["personalityId"]});
        esx["resourceUpgradeSpecs"][0]["hostsToUpgrade"] = json!(["esx-99.mgmt-domain.vcf.sim"]);
        let (status, refused) = raw(&client, Method::POST, "/v1/upgrades", Some(esx.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(refused["message"]
            .as_str()
            .unwrap()
            .contains("is not a host of domain"));
        esx["resourceUpgradeSpecs"][0]["hostsToUpgrade"] = json!(["esx-01.mgmt-domain.vcf.sim"]);
        let (status, upgrade) = raw(&client, Method::POST, "/v1/upgrades", Some(esx)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{upgrade}");

        // 9.0.2 does not declare them: refused by default, ignored and logged when lenient.
        for unknown_fields in [UnknownFields::Refuse, UnknownFields::Ignore] {
            let config = SimConfig {
                unknown_fields,
                ..config9(VcfVersion::V9_0_2, 1, &[])
            };
            let older = Client52::start(config).await;
            let d = older.domain(1);
            let (_, query) = raw(
                &older,
                Method::POST,
                "/v1/system/check-sets/queries",
                Some(
                    json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d,
                    "resources": [{"resourceType": "VCENTER",
                                   "resourceTargetVersion": "9.0.2.0-25148086"}]}]}),
                ),
            )
            .await;
            let mut run = run.clone();
            run["queryId"] = query["queryId"].clone();
            run["resources"][0]["resourceId"] = query["resources"][0]["resourceId"].clone();
            run["resources"][0]["resourceName"] = query["resources"][0]["resourceName"].clone();
            let (status, answer) =
                raw(&older, Method::POST, "/v1/system/check-sets", Some(run)).await;
            let log = last_request(&older).await;
            if unknown_fields == UnknownFields::Refuse {
                assert_eq!(status, StatusCode::BAD_REQUEST);
                assert!(answer["message"]
                    .as_str()
                    .unwrap()
                    .contains("unknown field metadata"));
                assert!(log.get("ignoredFields").is_none());
            } else {
                assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
                assert_eq!(log["ignoredFields"], json!(["metadata"]));
            }
        }
    })
    .await;
}

// --- Unknown fields and field reports ---------------------------------------------------

/// The last entry of the request log.
async fn last_request(client: &Client52) -> Value {
    {
        let response = client
            .http
            .get(format!("{}/sim/requests", client.sim.url()))
            .send()
            .await
            .expect("log");
        let body: Value = response.json().await.expect("JSON");
        body["requests"]
            .as_array()
            .unwrap()
            .last()
            .cloned()
            .unwrap()
    }
}

#[tokio::test]
async fn unknown_fields_are_refused_by_default_and_ignored_and_logged_when_lenient() {
    bounded(async {
        for version in [VcfVersion::V5_2_1, VcfVersion::V9_0_2] {
            let target = releases(version).1;
            let strict = Client52::start(config9(version, 1, &[])).await;
            let d = strict.domain(1);
            let path = format!("/v1/releases/domains/{d}");
            let body = json!({"targetVersion": target, "releaseId": target});
            let (status, refused) = raw(&strict, Method::PATCH, &path, Some(body.clone())).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(refused["message"]
                .as_str()
                .unwrap()
                .contains("unknown field `releaseId`"));

            let lenient = Client52::start(SimConfig {
                unknown_fields: UnknownFields::Ignore,
                ..config9(version, 1, &[])
            })
            .await;
            let (status, _) = raw(&lenient, Method::PATCH, &path, Some(body)).await;
            assert_eq!(status, StatusCode::OK);
            let log = last_request(&lenient).await;
            assert_eq!(log["ignoredFields"], json!(["releaseId"]));
            let view = lenient
                .get("/v1/releases/domains/{domainId}", &[&d], None)
                .await;
            assert_eq!(view.body["targetVersion"], target);

            // Nested fields are named by their path; known ones are still type-checked.
            let bundle = lenient
                .get("/v1/upgradables/domains/{domainId}", &[&d], None)
                .await
                .body["elements"][0]["bundleId"]
                .as_str()
                .unwrap()
                .to_owned();
            let (status, _) = raw(
                &lenient,
                Method::PATCH,
                &format!("/v1/bundles/{bundle}"),
                Some(
                    json!({"bundleDownloadSpec": {"downloadNow": true, "priority": 1},
                            "operation": "DOWNLOAD"}),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::ACCEPTED);
            let log = last_request(&lenient).await;
            assert_eq!(
                log["ignoredFields"],
                json!(["bundleDownloadSpec.priority", "operation"])
            );
            let (status, _) = raw(
                &lenient,
                Method::PATCH,
                &path,
                Some(json!({"targetVersion": 9, "x": 1})),
            )
            .await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
        }
    })
    .await;
}

#[tokio::test]
async fn the_field_report_switch_answers_as_real_servers_do() {
    bounded(async {
        for version in [VcfVersion::V5_2_1, VcfVersion::V9_0_2] {
            let config = SimConfig {
                field_report: true,
                ..config9(version, 1, &[])
            };
            let sim = vcf_sim::start(config).await.expect("starts");
            let http = common::http_client();
            let login = http
                .post(format!("{}/v1/tokens", sim.url()))
                .json(&json!({"username": common::USERNAME, "password": common::PASSWORD}))
                .send()
                .await
                .unwrap();
            assert_eq!(login.status(), StatusCode::OK, "200, not the spec's 201");
            let token: Value = login.json().await.unwrap();
            let token = token["accessToken"].as_str().unwrap().to_owned();
            let get = |path: String| {
                let request = http.get(format!("{}{path}", sim.url())).bearer_auth(&token);
                async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
            };
            let d = sim.domain_id(1);
            let future = get(format!("/v1/releases/domains/{d}/future-releases")).await;
            assert_eq!(future["elements"][0]["isApplicable"], true);
            assert_eq!(future["elements"][0]["applicabilityStatus"], "APPLICABLE");

            let post = |path: &str, body: Value| {
                let request = http
                    .post(format!("{}{path}", sim.url()))
                    .bearer_auth(&token)
                    .json(&body);
                async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
            };
            let query = post(
                "/v1/system/check-sets/queries",
                json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d}]}),
            )
            .await;
            let resource = &query["resources"][0];
            let wanted = post(
                "/v1/system/check-sets/queries",
                json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d, "resources": [
                    {"resourceType": resource["resourceType"],
                     "resourceTargetVersion": releases(version).2}]}]}),
            )
            .await;
            let chosen = &wanted["resources"][0];
            let run = post(
                "/v1/system/check-sets",
                json!({"queryId": wanted["queryId"], "resources": [{
                    "resourceType": chosen["resourceType"], "resourceId": chosen["resourceId"],
                    "resourceName": chosen["resourceName"],
                    "checkSets": [{"checkSetId": chosen["checkSets"][0]["checkSetId"]}]}]}),
            )
            .await;
            let run_id = run["id"].as_str().expect("run id").to_owned();
            let result = loop {
                let result = get(format!("/v1/system/check-sets/{run_id}")).await;
                if result["status"] != "IN_PROGRESS" {
                    break result;
                }
                tokio::time::sleep(POLL).await;
            };
            let summary = &result["presentedArtifactsMap"]["validation-domain-summary"];
            assert_eq!(summary.as_array().map(Vec::len), Some(1), "{summary}");
            assert_eq!(summary[0]["errorValidationsCount"], 0);
        }
        // Without the switch: 201, no isApplicable, an object (the walks above check it).
        let client = Client52::start(config9(VcfVersion::V9_0_2, 1, &[])).await;
        let d = client.domain(1);
        let future = client
            .get(
                "/v1/releases/domains/{domainId}/future-releases",
                &[&d],
                None,
            )
            .await;
        assert!(future.body["elements"][0].get("isApplicable").is_none());
    })
    .await;
}
