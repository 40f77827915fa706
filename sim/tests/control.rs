//! The control API: health, request log, scenarios, resets.

mod common;

use common::{assert_error, bounded, config, Api, RELEASE};
use reqwest::{Method, StatusCode};
use serde_json::json;
use vcf_sim::Scenario;

#[tokio::test]
async fn health_answers_ok() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, body) = api.control(Method::GET, "/sim/health", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["status"], "ok");
    })
    .await;
}

#[tokio::test]
async fn the_request_log_records_v1_calls_in_order() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        api.get("/v1/domains").await;
        api.call(Method::DELETE, "/v1/domains", None).await;
        api.anonymous(Method::GET, "/v1/sddc-managers", None).await;
        api.control(Method::GET, "/sim/health", None).await;
        let log = api.request_log().await;
        let summary: Vec<(String, String, u64)> = log
            .iter()
            .map(|entry| {
                (
                    entry["method"].as_str().unwrap().to_owned(),
                    entry["path"].as_str().unwrap().to_owned(),
                    entry["status"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("POST".to_owned(), "/v1/tokens".to_owned(), 200),
                ("GET".to_owned(), "/v1/domains".to_owned(), 200),
                ("DELETE".to_owned(), "/v1/domains".to_owned(), 405),
                ("GET".to_owned(), "/v1/sddc-managers".to_owned(), 401),
            ]
        );
        let seqs: Vec<u64> = log
            .iter()
            .map(|entry| entry["seq"].as_u64().unwrap())
            .collect();
        assert_eq!(seqs, [1, 2, 3, 4]);
        let times: Vec<u64> = log
            .iter()
            .map(|entry| entry["atMs"].as_u64().unwrap())
            .collect();
        assert!(times.windows(2).all(|pair| pair[0] <= pair[1]));
        assert!(log.iter().all(|entry| entry.get("fault").is_none()));

        let (status, _) = api.control(Method::DELETE, "/sim/requests", None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(api.request_log().await.is_empty());
        api.get("/v1/domains").await;
        let log = api.request_log().await;
        assert_eq!(log.len(), 1);
        assert_eq!(log[0]["seq"], 5);
    })
    .await;
}

#[tokio::test]
async fn the_request_log_keeps_query_and_redacted_body() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let domain = api.domain(1);
        api.get(&format!(
            "/v1/releases/domains/{domain}/future-releases?x=1"
        ))
        .await;
        api.target(&domain).await;
        let log = api.request_log().await;

        let login = &log[0];
        assert_eq!(login["path"], "/v1/tokens");
        assert_ne!(login["body"]["password"], json!(common::PASSWORD));
        assert!(login["body"]["password"].is_string());
        assert_eq!(log[1]["query"], "x=1");
        assert!(log[1].get("body").is_none());
        let target = &log[2];
        assert_eq!(target["method"], "PATCH");
        assert_eq!(target["body"]["operation"], "TARGET");
        assert_eq!(target["body"]["releaseId"], RELEASE);
        assert!(target.get("query").is_none());
    })
    .await;
}

#[tokio::test]
async fn domains_are_listed_with_their_scenarios() {
    bounded(async {
        let api = Api::start(config(&[(2, Scenario::Alerts), (4, Scenario::Outage)])).await;
        let (status, body) = api.control(Method::GET, "/sim/domains", None).await;
        assert_eq!(status, StatusCode::OK);
        let scenarios: Vec<&str> = body["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|domain| domain["scenario"].as_str().unwrap())
            .collect();
        assert_eq!(scenarios, ["happy", "alerts", "happy", "outage"]);
        assert_eq!(body["domains"][0]["index"], 1);
        assert_eq!(body["domains"][0]["id"], api.domain(1).as_str());
        assert_eq!(body["domains"][0]["name"], "mgmt-domain");
        assert_eq!(body["domains"][0]["currentVersion"], "5.1.1.0");
    })
    .await;
}

#[tokio::test]
async fn a_scenario_set_at_run_time_applies_to_what_starts_next() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, body) = api
            .control(
                Method::PUT,
                "/sim/domains/3/scenario",
                Some(json!({"scenario": "alerts"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["scenario"], "alerts");
        assert_eq!(body["id"], api.domain(3).as_str());

        let domain = api.domain(3);
        api.prepare_upgrade(&domain).await;
        let (_, upgrade) = api.start_upgrade(&domain).await;
        let waiting = api
            .wait_for_upgrade(&domain, upgrade["id"].as_str().unwrap(), &mut Vec::new())
            .await;
        assert_eq!(waiting["status"], "WAITING_FOR_ACKNOWLEDGMENT");

        api.control(
            Method::PUT,
            "/sim/domains/2/scenario",
            Some(json!({"scenario": "no-update"})),
        )
        .await;
        assert_eq!(
            api.future_release(&api.domain(2)).await["isApplicable"],
            false
        );
    })
    .await;
}

#[tokio::test]
async fn scenario_changes_are_validated() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, body) = api
            .control(
                Method::PUT,
                "/sim/domains/1/scenario",
                Some(json!({"scenario": "sunny"})),
            )
            .await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        assert!(body["message"].as_str().unwrap().contains("precheck-fail"));
        let (status, body) = api
            .control(
                Method::PUT,
                "/sim/domains/1/scenario",
                Some(json!({"scenario": 3})),
            )
            .await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        for index in ["0", "5", "99"] {
            let (status, body) = api
                .control(
                    Method::PUT,
                    &format!("/sim/domains/{index}/scenario"),
                    Some(json!({"scenario": "happy"})),
                )
                .await;
            assert_error(status, &body, StatusCode::NOT_FOUND, "DOMAIN_NOT_FOUND");
        }
        let (status, body) = api
            .control(
                Method::PUT,
                "/sim/domains/one/scenario",
                Some(json!({"scenario": "happy"})),
            )
            .await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    })
    .await;
}

#[tokio::test]
async fn resets_forget_upgrades_so_a_domain_can_upgrade_again() {
    bounded(async {
        let api = Api::start(config(&[(2, Scenario::UpgradeFails)])).await;
        let domain = api.domain(1);
        api.prepare_upgrade(&domain).await;
        let (_, upgrade) = api.start_upgrade(&domain).await;
        api.wait_for_upgrade(&domain, upgrade["id"].as_str().unwrap(), &mut Vec::new())
            .await;
        assert_eq!(api.future_release(&domain).await["isApplicable"], false);

        let (status, body) = api
            .control(Method::POST, "/sim/domains/1/reset", None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["currentVersion"], "5.1.1.0");
        assert_eq!(api.future_release(&domain).await["isApplicable"], true);
        let (_, page) = api.get(&format!("/v1/domains/{domain}/upgrades")).await;
        assert_eq!(page["elements"], json!([]));
        let (_, view) = api.get(&format!("/v1/releases/domains/{domain}")).await;
        assert!(view["targetVersion"].is_null());
        api.prepare_upgrade(&domain).await;
        let (status, _) = api.start_upgrade(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let (status, _) = api
            .control(Method::POST, "/sim/domains/9/reset", None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A full reset restores the configured scenarios and clears faults, but keeps tokens.
        api.control(
            Method::PUT,
            "/sim/domains/2/scenario",
            Some(json!({"scenario": "happy"})),
        )
        .await;
        api.add_fault(json!({"kind": "status", "status": 500, "pathPrefix": "/v2"}))
            .await;
        let (status, _) = api.control(Method::POST, "/sim/reset", None).await;
        assert_eq!(status, StatusCode::OK);
        let (_, domains) = api.control(Method::GET, "/sim/domains", None).await;
        assert_eq!(domains["domains"][1]["scenario"], "upgrade-fails");
        let (_, faults) = api.control(Method::GET, "/sim/faults", None).await;
        assert_eq!(faults["faults"], json!([]));
        let (status, page) = api.get(&format!("/v1/domains/{domain}/upgrades")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["elements"], json!([]));
        let (_, view) = api.get(&format!("/v1/releases/domains/{domain}")).await;
        assert_eq!(view["currentVersion"], "5.1.1.0");
        assert_ne!(view["currentVersion"], RELEASE);
    })
    .await;
}
