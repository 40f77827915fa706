//! Every scenario driven end to end through the HTTP API.

mod common;

use common::{assert_error, bounded, config, Api, RELEASE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::Scenario;

fn statuses_of(seen: &[Value]) -> Vec<String> {
    let mut statuses: Vec<String> = Vec::new();
    for upgrade in seen {
        let status = upgrade["status"].as_str().unwrap_or_default().to_owned();
        if statuses.last() != Some(&status) {
            statuses.push(status);
        }
    }
    statuses
}

async fn current_version(api: &Api, domain: &str) -> Value {
    let (status, view) = api.get(&format!("/v1/releases/domains/{domain}")).await;
    assert_eq!(status, StatusCode::OK);
    view["currentVersion"].clone()
}

#[tokio::test]
async fn happy_domains_upgrade_from_start_to_finish() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let domain = api.domain(2);
        assert_eq!(current_version(&api, &domain).await, "5.1.1.0");

        let release = api.future_release(&domain).await;
        assert_eq!(release["isApplicable"], true);
        assert_eq!(release["version"], RELEASE);

        let (status, view) = api.target(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(view["targetVersion"], RELEASE);
        assert_eq!(view["currentVersion"], "5.1.1.0");

        let bundle_ids = api.bundle_ids(&domain).await;
        assert_eq!(bundle_ids.len(), 2);
        let (status, task) = api.request_download(&bundle_ids[0]).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(task["status"], "IN_PROGRESS");
        assert_eq!(task["type"], "BUNDLE_DOWNLOAD");
        assert_eq!(task["name"], "Bundle download");
        let (_, bundle) = api.get(&format!("/v1/bundles/{}", bundle_ids[0])).await;
        // Usually still running, unless this machine is slower than one step.
        assert!(["IN_PROGRESS", "SUCCESSFUL"].contains(&bundle["downloadStatus"].as_str().unwrap()));
        let bundle = api.wait_for_download(&bundle_ids[0]).await;
        assert_eq!(bundle["downloadStatus"], "SUCCESSFUL");
        assert_eq!(bundle["downloadProgressPercent"], 100);
        assert_eq!(bundle["downloadError"], Value::Null);
        api.request_download(&bundle_ids[1]).await;
        api.wait_for_download(&bundle_ids[1]).await;

        let (status, precheck) = api.start_precheck(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(precheck["status"], "IN_PROGRESS");
        assert_eq!(precheck["domainId"], domain.as_str());
        assert_eq!(precheck["completionTimestamp"], Value::Null);
        let precheck = api
            .wait_for_precheck(&domain, precheck["id"].as_str().unwrap())
            .await;
        assert_eq!(precheck["status"], "COMPLETED_WITH_SUCCESS");
        assert_eq!(precheck["errorValidationsCount"], 0);
        assert!(precheck["validations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|validation| validation["status"] == "SUCCEEDED"));

        let (status, upgrade) = api.start_upgrade(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{upgrade}");
        assert_eq!(upgrade["status"], "IN_PROGRESS");
        assert_eq!(upgrade["currentComponent"], "SDDC_MANAGER");
        assert_eq!(upgrade["progressPercent"], 0);
        let components: Vec<&str> = upgrade["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|component| component["type"].as_str().unwrap())
            .collect();
        assert_eq!(components, ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"]);

        let mut seen = Vec::new();
        let finished = api
            .wait_for_upgrade(&domain, upgrade["id"].as_str().unwrap(), &mut seen)
            .await;
        assert_eq!(finished["status"], "COMPLETED_WITH_SUCCESS");
        assert_eq!(finished["progressPercent"], 100);
        assert_eq!(finished["currentComponent"], Value::Null);
        assert!(finished["endTime"].is_string());
        assert!(finished["alerts"].as_array().unwrap().is_empty());
        assert!(finished["errors"].as_array().unwrap().is_empty());
        for component in finished["components"].as_array().unwrap() {
            assert_eq!(component["status"], "COMPLETED_WITH_SUCCESS");
            assert!(component["startTime"].is_string() && component["endTime"].is_string());
        }
        // Progress only goes up.
        let progress: Vec<u64> = seen
            .iter()
            .map(|upgrade| upgrade["progressPercent"].as_u64().unwrap())
            .collect();
        assert!(progress.windows(2).all(|pair| pair[0] <= pair[1]), "{progress:?}");

        assert_eq!(current_version(&api, &domain).await, RELEASE);
        let release = api.future_release(&domain).await;
        assert_eq!(release["isApplicable"], false);
        assert!(release["notApplicableReason"].is_string());
        let (status, body) = api.start_upgrade(&domain).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "RELEASE_NOT_APPLICABLE");
        // The other domains are untouched.
        assert_eq!(current_version(&api, &api.domain(3)).await, "5.1.1.0");
    })
    .await;
}

#[tokio::test]
async fn no_update_domains_list_a_release_that_is_not_applicable() {
    bounded(async {
        let api = Api::start(config(&[(3, Scenario::NoUpdate)])).await;
        let domain = api.domain(3);
        let (status, page) = api
            .get(&format!("/v1/releases/domains/{domain}/future-releases"))
            .await;
        assert_eq!(status, StatusCode::OK);
        let releases = page["elements"].as_array().unwrap();
        assert_eq!(releases.len(), 1);
        assert_eq!(releases[0]["isApplicable"], false);
        assert_eq!(releases[0]["applicabilityStatus"], "NOT_APPLICABLE");
        assert!(releases[0]["notApplicableReason"]
            .as_str()
            .is_some_and(|reason| !reason.is_empty()));
        let (status, body) = api.target(&domain).await;
        assert_error(
            status,
            &body,
            StatusCode::BAD_REQUEST,
            "RELEASE_NOT_APPLICABLE",
        );
    })
    .await;
}

#[tokio::test]
async fn precheck_fail_domains_report_an_error_and_a_warning() {
    bounded(async {
        let api = Api::start(config(&[(2, Scenario::PrecheckFail)])).await;
        let domain = api.domain(2);
        api.target(&domain).await;
        api.download_all(&domain).await;
        let (_, precheck) = api.start_precheck(&domain).await;
        let precheck = api
            .wait_for_precheck(&domain, precheck["id"].as_str().unwrap())
            .await;
        assert_eq!(precheck["status"], "COMPLETED_WITH_FAILURE");
        assert_eq!(precheck["errorValidationsCount"], 1);
        assert_eq!(precheck["warningGapsCount"], 1);
        assert!(precheck["completionTimestamp"].is_string());
        let failed: Vec<&Value> = precheck["validations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|validation| validation["status"] == "FAILED")
            .collect();
        let severities: Vec<&str> = failed
            .iter()
            .map(|validation| validation["severity"].as_str().unwrap())
            .collect();
        assert_eq!(severities, ["ERROR", "WARNING"]);
        for validation in failed {
            assert!(validation["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
            assert!(validation["remediationMessage"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
            assert!(validation["resourceName"].is_string());
        }
        // A failed precheck does not open the way to the upgrade.
        let (status, body) = api.start_upgrade(&domain).await;
        assert_error(status, &body, StatusCode::CONFLICT, "PRECHECK_REQUIRED");
    })
    .await;
}

#[tokio::test]
async fn alerts_pause_the_upgrade_once_until_acknowledged() {
    bounded(async {
        let api = Api::start(config(&[(2, Scenario::Alerts)])).await;
        let domain = api.domain(2);
        api.prepare_upgrade(&domain).await;
        let (_, upgrade) = api.start_upgrade(&domain).await;
        let upgrade_id = upgrade["id"].as_str().unwrap().to_owned();

        let mut seen = vec![upgrade.clone()];
        let waiting = api.wait_for_upgrade(&domain, &upgrade_id, &mut seen).await;
        assert_eq!(waiting["status"], "WAITING_FOR_ACKNOWLEDGMENT");
        assert_eq!(waiting["currentComponent"], Value::Null);
        let components = waiting["components"].as_array().unwrap();
        assert_eq!(components[1]["status"], "COMPLETED_WITH_SUCCESS");
        assert_eq!(components[2]["status"], "PENDING");
        let alerts = waiting["alerts"].as_array().unwrap();
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0]["severity"], "WARNING");
        assert_eq!(alerts[0]["component"], "NSX_T_MANAGER");
        assert_eq!(alerts[0]["acknowledged"], false);
        assert!(alerts[0]["raisedAt"].is_string());
        assert!(alerts[0]["message"].as_str().is_some_and(|m| !m.is_empty()));

        // Paused: it does not advance on its own.
        tokio::time::sleep(common::STEP * 4).await;
        let (_, still) = api
            .get(&format!("/v1/domains/{domain}/upgrades/{upgrade_id}"))
            .await;
        assert_eq!(still["status"], "WAITING_FOR_ACKNOWLEDGMENT");
        assert_eq!(still["progressPercent"], waiting["progressPercent"]);

        let (status, acknowledged) = api
            .call(
                Method::POST,
                &format!("/v1/domains/{domain}/upgrades/acknowledge"),
                Some(json!({"upgradeId": upgrade_id})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{acknowledged}");
        assert_eq!(acknowledged["status"], "IN_PROGRESS");
        assert_eq!(acknowledged["currentComponent"], "VCENTER");
        assert_eq!(acknowledged["alerts"][0]["acknowledged"], true);
        seen.push(acknowledged);

        let finished = api.wait_for_upgrade(&domain, &upgrade_id, &mut seen).await;
        assert_eq!(finished["status"], "COMPLETED_WITH_SUCCESS");
        assert_eq!(finished["alerts"].as_array().unwrap().len(), 1);
        assert_eq!(
            statuses_of(&seen),
            [
                "IN_PROGRESS",
                "WAITING_FOR_ACKNOWLEDGMENT",
                "IN_PROGRESS",
                "COMPLETED_WITH_SUCCESS"
            ]
        );

        let (status, body) = api
            .call(
                Method::POST,
                &format!("/v1/domains/{domain}/upgrades/acknowledge"),
                Some(json!({"upgradeId": upgrade_id})),
            )
            .await;
        assert_error(
            status,
            &body,
            StatusCode::CONFLICT,
            "NO_ALERTS_TO_ACKNOWLEDGE",
        );
    })
    .await;
}

#[tokio::test]
async fn alerts_can_be_acknowledged_by_id() {
    bounded(async {
        let api = Api::start(config(&[(1, Scenario::Alerts)])).await;
        let domain = api.domain(1);
        api.prepare_upgrade(&domain).await;
        let (_, upgrade) = api.start_upgrade(&domain).await;
        let upgrade_id = upgrade["id"].as_str().unwrap().to_owned();
        let waiting = api
            .wait_for_upgrade(&domain, &upgrade_id, &mut Vec::new())
            .await;
        let alert_id = waiting["alerts"][0]["id"].as_str().unwrap().to_owned();
        let path = format!("/v1/domains/{domain}/upgrades/acknowledge");

        let (status, body) = api
            .call(
                Method::POST,
                &path,
                Some(json!({"upgradeId": upgrade_id, "alertIds": ["not-an-alert"]})),
            )
            .await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "ALERT_NOT_FOUND");
        let (status, body) = api
            .call(
                Method::POST,
                &path,
                Some(json!({"upgradeId": upgrade_id, "alertIds": []})),
            )
            .await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");

        let (status, body) = api
            .call(
                Method::POST,
                &path,
                Some(json!({"upgradeId": upgrade_id, "alertIds": [alert_id]})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["alerts"][0]["acknowledged"], true);
        let finished = api
            .wait_for_upgrade(&domain, &upgrade_id, &mut Vec::new())
            .await;
        assert_eq!(finished["status"], "COMPLETED_WITH_SUCCESS");
    })
    .await;
}

#[tokio::test]
async fn flaky_downloads_fail_twice_then_succeed() {
    bounded(async {
        let api = Api::start(config(&[(2, Scenario::FlakyDownload)])).await;
        let domain = api.domain(2);
        api.target(&domain).await;
        let bundle_id = api.bundle_ids(&domain).await[0].clone();

        let mut task_ids = Vec::new();
        for attempt in 1..=3 {
            let (status, task) = api.request_download(&bundle_id).await;
            assert_eq!(status, StatusCode::ACCEPTED);
            task_ids.push(task["id"].as_str().unwrap().to_owned());
            let bundle = api.wait_for_download(&bundle_id).await;
            if attempt <= 2 {
                assert_eq!(bundle["downloadStatus"], "FAILED", "attempt {attempt}");
                assert_eq!(
                    bundle["downloadError"]["errorCode"],
                    "BUNDLE_DOWNLOAD_FAILED"
                );
                assert!(bundle["downloadError"]["message"].is_string());
                assert!(bundle["downloadError"]["remediationMessage"].is_string());
            } else {
                assert_eq!(bundle["downloadStatus"], "SUCCESSFUL");
                assert_eq!(bundle["downloadError"], Value::Null);
            }
        }
        // Every attempt was a new task; the failed task reports its error.
        task_ids.dedup();
        assert_eq!(task_ids.len(), 3);
        let (status, task) = api.get(&format!("/v1/tasks/{}", task_ids[0])).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(task["status"], "FAILED");
        assert_eq!(task["errors"][0]["errorCode"], "BUNDLE_DOWNLOAD_FAILED");
        assert!(task["completionTimestamp"].is_string());

        // The counter is per domain: the second bundle succeeds at once.
        let second = api.bundle_ids(&domain).await[1].clone();
        api.request_download(&second).await;
        assert_eq!(
            api.wait_for_download(&second).await["downloadStatus"],
            "SUCCESSFUL"
        );
    })
    .await;
}

#[tokio::test]
async fn download_fails_domains_never_download() {
    bounded(async {
        let api = Api::start(config(&[(4, Scenario::DownloadFails)])).await;
        let domain = api.domain(4);
        api.target(&domain).await;
        let bundle_id = api.bundle_ids(&domain).await[1].clone();
        for _ in 0..4 {
            let (status, _) = api.request_download(&bundle_id).await;
            assert_eq!(status, StatusCode::ACCEPTED);
            let bundle = api.wait_for_download(&bundle_id).await;
            assert_eq!(bundle["downloadStatus"], "FAILED");
            assert_eq!(bundle["downloadProgressPercent"], 0);
            assert_eq!(bundle["downloadError"]["errorType"], "ERROR");
        }
        let (status, body) = api.start_precheck(&domain).await;
        assert_error(
            status,
            &body,
            StatusCode::CONFLICT,
            "BUNDLES_NOT_DOWNLOADED",
        );
    })
    .await;
}

#[tokio::test]
async fn upgrade_fails_domains_fail_at_the_esx_host_component() {
    bounded(async {
        let api = Api::start(config(&[(3, Scenario::UpgradeFails)])).await;
        let domain = api.domain(3);
        api.prepare_upgrade(&domain).await;
        let (_, upgrade) = api.start_upgrade(&domain).await;
        let upgrade_id = upgrade["id"].as_str().unwrap().to_owned();
        let failed = api
            .wait_for_upgrade(&domain, &upgrade_id, &mut Vec::new())
            .await;
        assert_eq!(failed["status"], "COMPLETED_WITH_FAILURE");
        assert!(failed["endTime"].is_string());
        let components = failed["components"].as_array().unwrap();
        assert_eq!(components[2]["status"], "COMPLETED_WITH_SUCCESS");
        assert_eq!(components[3]["type"], "ESX_HOST");
        assert_eq!(components[3]["status"], "COMPLETED_WITH_FAILURE");
        let errors = failed["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0]["errorCode"], "ESX_HOST_UPGRADE_FAILED");
        assert_eq!(errors[0]["errorType"], "ERROR");
        assert!(errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("ESXi")));
        assert!(errors[0]["remediationMessage"].is_string());
        assert_eq!(errors[0]["referenceToken"].as_str().unwrap().len(), 6);
        // The error is stable across reads.
        let (_, again) = api
            .get(&format!("/v1/domains/{domain}/upgrades/{upgrade_id}"))
            .await;
        assert_eq!(again["errors"], failed["errors"]);
        assert_eq!(current_version(&api, &domain).await, "5.1.1.0");
        // A failed upgrade may be retried (and, in this scenario, fails again).
        let (status, retry) = api.start_upgrade(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{retry}");
    })
    .await;
}

#[tokio::test]
async fn an_outage_takes_the_api_away_while_sddc_manager_upgrades() {
    bounded(async {
        // Long enough halves (300 ms each) that even a loaded machine polls in both.
        let mut outage_config = config(&[(1, Scenario::Outage)]);
        outage_config.step = std::time::Duration::from_millis(100);
        outage_config.outage_steps = 6;
        let api = Api::start(outage_config).await;
        let domain = api.domain(1);
        api.prepare_upgrade(&domain).await;
        let (status, upgrade) = api.start_upgrade(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{upgrade}");
        let upgrade_id = upgrade["id"].as_str().unwrap().to_owned();
        let path = format!("/v1/domains/{domain}/upgrades/{upgrade_id}");

        // Poll through the outage: 503s first, then resets, then answers again.
        let mut phases: Vec<&str> = Vec::new();
        let finished = loop {
            let response = api
                .http
                .get(api.url(&path))
                .bearer_auth(&api.token)
                .send()
                .await;
            let phase = match response {
                Ok(response) if response.status() == StatusCode::SERVICE_UNAVAILABLE => {
                    let retry_after = response.headers().get("retry-after").cloned();
                    let (_, body) = common::into_json(response).await;
                    assert_error(
                        StatusCode::SERVICE_UNAVAILABLE,
                        &body,
                        StatusCode::SERVICE_UNAVAILABLE,
                        "SERVICE_UNAVAILABLE",
                    );
                    assert!(retry_after.is_some(), "503 without Retry-After");
                    "unavailable"
                }
                Ok(response) => {
                    let (status, body) = common::into_json(response).await;
                    assert_eq!(status, StatusCode::OK, "{body}");
                    if phases.last() != Some(&"up") {
                        phases.push("up");
                    }
                    if body["status"] != "IN_PROGRESS" {
                        break body;
                    }
                    "up"
                }
                Err(error) => {
                    assert!(error.status().is_none());
                    "reset"
                }
            };
            if phases.last() != Some(&phase) {
                phases.push(phase);
            }
            tokio::time::sleep(common::POLL).await;
        };
        assert_eq!(finished["status"], "COMPLETED_WITH_SUCCESS");
        assert_eq!(phases, ["unavailable", "reset", "up"], "{phases:?}");

        // The control API never went away, and the log shows both kinds of outage answer.
        let log = api.request_log().await;
        assert!(log
            .iter()
            .any(|entry| entry["status"] == 503 && entry["fault"] == "outage"));
        assert!(log
            .iter()
            .any(|entry| entry["status"].is_null() && entry["fault"] == "reset"));
        let (status, manager) = api.get("/v1/sddc-managers").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(manager["elements"][0]["version"], "5.2.1.0-24307856");
    })
    .await;
}

#[tokio::test]
async fn a_zero_step_finishes_each_step_by_the_next_request() {
    bounded(async {
        let mut instant = config(&[]);
        instant.step = std::time::Duration::ZERO;
        let api = Api::start(instant).await;
        let domain = api.domain(1);
        api.target(&domain).await;
        let bundle_id = api.bundle_ids(&domain).await[0].clone();
        let (_, task) = api.request_download(&bundle_id).await;
        assert_eq!(task["status"], "IN_PROGRESS");
        let (_, bundle) = api.get(&format!("/v1/bundles/{bundle_id}")).await;
        assert_eq!(bundle["downloadStatus"], "SUCCESSFUL");
        api.download_all(&domain).await;
        let (_, precheck) = api.start_precheck(&domain).await;
        assert_eq!(precheck["status"], "IN_PROGRESS");
        let (_, upgrade_attempt) = api.start_upgrade(&domain).await;
        assert_eq!(
            upgrade_attempt["status"], "IN_PROGRESS",
            "{upgrade_attempt}"
        );
        let (_, upgrade) = api
            .get(&format!(
                "/v1/domains/{domain}/upgrades/{}",
                upgrade_attempt["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(upgrade["status"], "COMPLETED_WITH_SUCCESS");
    })
    .await;
}

#[tokio::test]
async fn the_sddc_manager_version_follows_the_management_domain() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (_, before) = api.get("/v1/sddc-managers").await;
        assert_eq!(before["elements"][0]["version"], "5.1.1.0-23480823");
        // Upgrading a workload domain does not upgrade SDDC Manager.
        let workload = api.domain(2);
        api.prepare_upgrade(&workload).await;
        let (_, upgrade) = api.start_upgrade(&workload).await;
        api.wait_for_upgrade(&workload, upgrade["id"].as_str().unwrap(), &mut Vec::new())
            .await;
        let (_, still) = api.get("/v1/sddc-managers").await;
        assert_eq!(still["elements"][0]["version"], "5.1.1.0-23480823");

        let management = api.domain(1);
        api.prepare_upgrade(&management).await;
        let (_, upgrade) = api.start_upgrade(&management).await;
        api.wait_for_upgrade(
            &management,
            upgrade["id"].as_str().unwrap(),
            &mut Vec::new(),
        )
        .await;
        let (_, after) = api.get("/v1/sddc-managers").await;
        assert_eq!(after["elements"][0]["version"], "5.2.1.0-24307856");
        assert_eq!(after["elements"][0]["id"], before["elements"][0]["id"]);
    })
    .await;
}
