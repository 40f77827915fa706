//! Identity and inventory calls.

mod common;

use common::{assert_error, bounded, config, Api, RELEASE};
use reqwest::StatusCode;
use serde_json::{json, Value};
use vcf_sim::{Scenario, SimConfig};

#[tokio::test]
async fn the_sddc_manager_has_a_stable_identity() {
    bounded(async {
        let first = Api::start(config(&[])).await;
        let second = Api::start(config(&[])).await;
        let (status, page) = first.get("/v1/sddc-managers").await;
        assert_eq!(status, StatusCode::OK);
        let manager = &page["elements"][0];
        assert_eq!(manager["fqdn"], "sddc-manager.vcf.sim");
        assert_eq!(manager["version"], "5.1.1.0-23480823");
        assert_eq!(manager["ipAddress"], "127.0.0.1");
        assert_eq!(manager["domain"]["id"], first.domain(1).as_str());
        assert!(manager["id"].as_str().is_some_and(|id| !id.is_empty()));
        let (_, other) = second.get("/v1/sddc-managers").await;
        assert_eq!(other["elements"][0]["id"], manager["id"]);
        assert_eq!(
            page["pageMetadata"],
            json!({"pageNumber": 0, "pageSize": 1, "totalElements": 1, "totalPages": 1})
        );
    })
    .await;
}

#[tokio::test]
async fn domains_are_deterministic() {
    bounded(async {
        let api = Api::start(SimConfig {
            domains: 3,
            ..config(&[])
        })
        .await;
        let (status, page) = api.get("/v1/domains").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            page["elements"],
            json!([
                {"id": "00000000-0000-4000-8000-000000000001", "name": "mgmt-domain",
                 "type": "MANAGEMENT", "status": "ACTIVE"},
                {"id": "00000000-0000-4000-8000-000000000002", "name": "wld-01",
                 "type": "VI", "status": "ACTIVE"},
                {"id": "00000000-0000-4000-8000-000000000003", "name": "wld-02",
                 "type": "VI", "status": "ACTIVE"},
            ])
        );
        assert_eq!(page["pageMetadata"]["totalElements"], 3);
        assert_eq!(api.domain(2), "00000000-0000-4000-8000-000000000002");

        let (status, domain) = api.get(&format!("/v1/domains/{}", api.domain(3))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(domain["name"], "wld-02");
        let (status, body) = api.get(&format!("/v1/domains/{}", api.domain(4))).await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "DOMAIN_NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn release_views_show_current_and_target_versions() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, page) = api.get("/v1/releases/domains").await;
        assert_eq!(status, StatusCode::OK);
        let views = page["elements"].as_array().unwrap();
        assert_eq!(views.len(), 4);
        for (position, view) in views.iter().enumerate() {
            assert_eq!(view["domainId"], api.domain(position + 1).as_str());
            assert_eq!(view["currentVersion"], "5.1.1.0");
            assert_eq!(view["targetVersion"], Value::Null);
        }
        api.target(&api.domain(2)).await;
        let (status, view) = api
            .get(&format!("/v1/releases/domains/{}", api.domain(2)))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(view["targetVersion"], RELEASE);
        let (status, body) = api.get("/v1/releases/domains/nope").await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "DOMAIN_NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn future_releases_describe_the_release_and_its_bundles() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let release = api.future_release(&api.domain(2)).await;
        assert_eq!(release["product"], "VCF");
        assert_eq!(release["version"], RELEASE);
        assert_eq!(release["releaseDate"], "2024-10-09");
        assert_eq!(release["isApplicable"], true);
        assert_eq!(release["applicabilityStatus"], "APPLICABLE");
        assert_eq!(release["notApplicableReason"], Value::Null);
        let bom: Vec<&str> = release["bom"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            bom,
            ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"]
        );
        let bundles = api.bundle_ids(&api.domain(2)).await;
        assert_eq!(
            bundles,
            [
                "00000000-0000-4000-a000-000000020001",
                "00000000-0000-4000-a000-000000020002"
            ]
        );
        // Each domain has its own bundles.
        let other = api.bundle_ids(&api.domain(3)).await;
        assert!(other.iter().all(|id| !bundles.contains(id)));
        let (status, body) = api.get("/v1/releases/domains/nope/future-releases").await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "DOMAIN_NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn bundles_list_their_components_and_download_state() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, page) = api.get("/v1/bundles").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["elements"].as_array().unwrap().len(), 8);

        let bundle_ids = api.bundle_ids(&api.domain(1)).await;
        let (status, first) = api.get(&format!("/v1/bundles/{}", bundle_ids[0])).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(first["id"], bundle_ids[0].as_str());
        assert_eq!(first["version"], RELEASE);
        assert_eq!(first["downloadStatus"], "PENDING");
        assert_eq!(first["downloadProgressPercent"], 0);
        assert_eq!(first["downloadError"], Value::Null);
        assert!(first["sizeMB"].as_f64().unwrap() > 0.0);
        assert_eq!(
            first["components"][0],
            json!({"type": "SDDC_MANAGER", "fromVersion": "5.1.1.0-23480823",
                   "toVersion": "5.2.1.0-24307856", "imageType": "PATCH"})
        );
        let (_, second) = api.get(&format!("/v1/bundles/{}", bundle_ids[1])).await;
        let types: Vec<&str> = second["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|component| component["type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["NSX_T_MANAGER", "VCENTER", "ESX_HOST"]);
        for component in second["components"].as_array().unwrap() {
            assert_ne!(component["fromVersion"], component["toVersion"]);
        }
    })
    .await;
}

#[tokio::test]
async fn a_no_update_domain_still_lists_its_release() {
    bounded(async {
        let api = Api::start(config(&[(2, Scenario::NoUpdate)])).await;
        let release = api.future_release(&api.domain(2)).await;
        assert_eq!(release["isApplicable"], false);
        let applicable = api.future_release(&api.domain(1)).await;
        assert_eq!(applicable["isApplicable"], true);
    })
    .await;
}
