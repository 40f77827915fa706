//! The `vcf52` dialect against VMware's SDDC Manager 5.2.1 OpenAPI document: every scenario
//! walked through HTTP with every request and answer validated, strictness, faults, the
//! request log and TLS.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::spec::{Pattern, Spec};
use common::vcf52::{config52, target_and_download, walk_domain, Client52, Ending};
use common::{bounded, http_client, POLL};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::{Dialect, Scenario, SimConfig};

// --- The validator can fail ----------------------------------------------------------------

#[test]
fn the_validator_refuses_bodies_that_do_not_fit() {
    let spec = Spec::get();
    let task = spec.schema("Task");
    let good = json!({"id": "t", "name": "n", "status": "SUCCESSFUL",
                      "creationTimestamp": "2026-01-01T00:00:00.000Z",
                      "errors": [{"errorCode": "X", "message": "m"}]});
    assert!(spec.validate(task, &good, true).is_ok());
    for (bad, why) in [
        (
            json!({"name": "n", "status": "S", "creationTimestamp": "t"}),
            "missing id",
        ),
        (
            json!({"id": 1, "name": "n", "status": "S", "creationTimestamp": "t"}),
            "wrong type",
        ),
        (
            json!({"id": "t", "name": "n", "status": "S", "creationTimestamp": "t",
                "progress": 5}),
            "unknown field",
        ),
        (
            json!({"id": "t", "name": "n", "status": "S", "creationTimestamp": "t",
                "errors": [{"errorCode": 5}]}),
            "wrong type through $ref",
        ),
        (
            json!({"id": "t", "name": "n", "status": null, "creationTimestamp": "t"}),
            "null",
        ),
        (json!(["t"]), "not an object"),
    ] {
        assert!(spec.validate(task, &bad, true).is_err(), "{why}: {bad}");
    }
    // An unknown field passes only when validation is open, as the spec itself would.
    let extra = json!({"id": "t", "name": "n", "status": "S", "creationTimestamp": "t", "x": 1});
    assert!(spec.validate(task, &extra, false).is_ok());
    // The one real enum.
    let output = spec.schema("AssessmentOutput");
    assert!(spec
        .validate(output, &json!({"status": "DONE"}), true)
        .is_err());
    assert!(spec
        .validate(output, &json!({"status": "COMPLETED_WITH_SUCCESS"}), true)
        .is_ok());
    // Integer formats.
    let page = spec.schema("PageMetadata");
    assert!(spec
        .validate(page, &json!({"pageSize": 1.5}), true)
        .is_err());
    assert!(spec
        .validate(page, &json!({"pageSize": 4_000_000_000_u64}), true)
        .is_err());
    // The default dialect's target body is not a DomainRelease.
    let release = spec.schema("DomainRelease");
    assert!(spec
        .validate(
            release,
            &json!({"releaseId": "5.2.1.0", "operation": "TARGET"}),
            true
        )
        .is_err());
}

#[tokio::test]
async fn the_answer_check_fails_on_a_wrong_answer() {
    bounded(async {
        let client = Client52::start(config52(1, &[])).await;
        let wrong = std::panic::AssertUnwindSafe(|| {
            client.check_answer(
                &Method::GET,
                "/v1/domains/{id}",
                StatusCode::OK,
                r#"{"id": 5}"#,
            );
        });
        assert!(std::panic::catch_unwind(wrong).is_err());
        let undeclared = std::panic::AssertUnwindSafe(|| {
            client.check_answer(&Method::GET, "/v1/domains", StatusCode::IM_A_TEAPOT, "{}");
        });
        assert!(std::panic::catch_unwind(undeclared).is_err());
        let body_on_empty = std::panic::AssertUnwindSafe(|| {
            client.check_answer(
                &Method::PATCH,
                "/v1/releases/domains/{domainId}",
                StatusCode::OK,
                "{}",
            );
        });
        assert!(std::panic::catch_unwind(body_on_empty).is_err());
    })
    .await;
}

#[test]
fn every_pattern_of_both_documents_is_understood() {
    fn patterns(value: &Value, found: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    match (key.as_str(), inner) {
                        ("pattern", Value::String(pattern)) => {
                            found.insert(pattern.clone());
                        }
                        _ => patterns(inner, found),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| patterns(item, found)),
            _ => {}
        }
    }
    let mut found = BTreeSet::new();
    patterns(Spec::get().doc(), &mut found);
    patterns(Spec::get_9_0_2().doc(), &mut found);
    assert!(found.len() > 10, "{found:?}");
    for pattern in &found {
        Pattern::parse(pattern);
    }
}

#[test]
fn patterns_match_as_json_schema_says() {
    let name = Pattern::parse(r"^[a-zA-Z\d\-]{3,20}$");
    assert!(name.is_match("esx-8-0-3-24280767"));
    assert!(!name.is_match("ab"));
    assert!(!name.is_match("esx_8"));
    assert!(!name.is_match("a-very-long-personality-name"));
    let quad = r"^([01]?\d\d?|2[0-4]\d|25[0-5])\.([01]?\d\d?|2[0-4]\d|25[0-5])\.([01]?\d\d?|2[0-4]\d|25[0-5])\.([01]?\d\d?|2[0-4]\d|25[0-5])$";
    let ip = Pattern::parse(quad);
    assert!(ip.is_match("10.0.0.1"));
    assert!(ip.is_match("255.255.255.0"));
    assert!(!ip.is_match("10.0.0.256"));
    assert!(!ip.is_match("10.0.0"));
    // Unanchored, as ECMA-262 `test`: a match anywhere counts.
    let mode = Pattern::parse("(VLAN|OVERLAY)");
    assert!(mode.is_match("VLAN"));
    assert!(mode.is_match("XOVERLAYX"));
    assert!(!mode.is_match("vlan"));
    let bare = Pattern::parse("management|vsan");
    assert!(bare.is_match("vsan") && !bare.is_match("nfs"));
    let optional = Pattern::parse("^a+b?c*$");
    assert!(optional.is_match("aaac") && optional.is_match("ab") && !optional.is_match("b"));
    // Lookaheads, lazy quantifiers and non-capturing groups.
    let password = Pattern::parse(r"^(?=.*[0-9])(?=.*[a-z])(?=\S+$).{8,20}$");
    assert!(password.is_match("abcdefg1"));
    assert!(!password.is_match("abcdefgh"));
    assert!(!password.is_match("abcd efg1"));
    let key = Pattern::parse(r"(((?![BIOS_])\w){5}-){4}?((?![BIOS_])\w){5}?");
    assert!(key.is_match("ACDEF-GHJKL-MNPQR-TUVWX-YZ123"));
    let blank = Pattern::parse(r"^(?!\s*$).+");
    assert!(blank.is_match("x") && !blank.is_match("  "));
    assert!(Pattern::parse("^(?:ab)+$").is_match("abab"));
    for unsupported in ["(?<=a)", r"\p{L}", "a{2", "[a", "a*+", "(a"] {
        let parse = std::panic::catch_unwind(|| Pattern::parse(unsupported));
        assert!(parse.is_err(), "{unsupported}");
    }
    // The validator applies them, and uniqueItems.
    let spec = Spec::get_9_0_2();
    let personality = spec.schema("Personality");
    let bad_name = json!({"version": "v", "personalityId": "p", "personalityName": "no spaces",
        "description": "d", "displayName": "n", "imageChecksum": "c", "imageSize": "1",
        "vsphereExportedIsoPath": "i", "vsphereExportedJsonPath": "j",
        "vsphereExportedZipPath": "z", "softwareInfo": {"baseImage": {"version": "v"}}});
    assert!(spec.validate(personality, &bad_name, true).is_err());
    let hardware = spec.schema("HostHardwareInfo");
    assert!(spec
        .validate(hardware, &json!({"models": ["a", "a"]}), true)
        .is_err());
    assert!(spec
        .validate(hardware, &json!({"models": ["a", "b"]}), true)
        .is_ok());
}

// --- Every scenario, walked through HTTP ---------------------------------------------------

/// Walks both domains of a two-domain simulator playing `scenario` on both.
async fn walk_scenario(scenario: Scenario) -> (Client52, Vec<(Ending, common::vcf52::Walk)>) {
    let mut client = Client52::start(config52(2, &[(1, scenario), (2, scenario)])).await;
    let mut walks = Vec::new();
    for index in 1..=2 {
        walks.push(walk_domain(&mut client, index).await);
    }
    (client, walks)
}

#[tokio::test]
async fn happy_upgrades_both_domains_bundle_by_bundle() {
    bounded(async {
        let (client, walks) = walk_scenario(Scenario::Happy).await;
        let (management, workload) = (&walks[0], &walks[1]);
        assert_eq!(management.0, Ending::Upgraded);
        assert_eq!(
            management.1.upgraded,
            ["SDDC_MANAGER", "NSX_T_MANAGER", "VCENTER", "ESX_HOST"]
        );
        assert_eq!(workload.0, Ending::Upgraded);
        assert_eq!(
            workload.1.upgraded,
            ["NSX_T_MANAGER", "VCENTER", "ESX_HOST"]
        );
        assert!(management.1.upgrade_statuses.contains("IN_PROGRESS"));
        assert!(!management.1.upgrade_statuses.contains("INPROGRESS"));
        let managers = client.get("/v1/sddc-managers", &[], None).await;
        assert_eq!(managers.body["elements"][0]["version"], "5.2.1.0-24307856");
        let all = client.get("/v1/system/upgradables", &[], None).await;
        assert_eq!(all.status, StatusCode::OK);
        let upgrades = client.get("/v1/upgrades", &[], None).await;
        assert_eq!(upgrades.body["elements"].as_array().map(Vec::len), Some(7));
        let validated = client.validated.lock().expect("lock").clone();
        for expected in [
            "createToken 201",
            "getDomains 200",
            "getDomain 200",
            "getSddcManagers 200",
            "getReleases 200",
            "getFutureReleases 200",
            "getReleaseByDomain 200",
            "validateReleaseByDomainID 202",
            "getDomainReleaseViewValidation 200",
            "updateReleaseByDomainID 200",
            "getUpgradablesByDomain 200",
            "startBundleDownloadByID 202",
            "getBundle 200",
            "getTask 200",
            "queryCheckSets 200",
            "triggerCheckRun 202",
            "getResult 200",
            "getLastAssessmentRunInfo 200",
            "getNsxUpgradeResources 200",
            "performUpgrade 202",
            "getUpgradeById 200",
            "getUpgrades 200",
            "getUpgradables 200",
        ] {
            assert!(validated.contains(expected), "{expected} was not validated");
        }
        assert!(*client.requests_validated.lock().expect("lock") >= 20);
    })
    .await;
}

#[tokio::test]
async fn no_update_offers_nothing() {
    bounded(async {
        let (client, walks) = walk_scenario(Scenario::NoUpdate).await;
        assert!(walks.iter().all(|walk| walk.0 == Ending::NoUpdate));
        let managers = client.get("/v1/sddc-managers", &[], None).await;
        assert_eq!(managers.body["elements"][0]["version"], "5.2.1.0-24307856");
    })
    .await;
}

#[tokio::test]
async fn precheck_fail_reports_errors_with_remediation() {
    bounded(async {
        let (_client, walks) = walk_scenario(Scenario::PrecheckFail).await;
        for (ending, walk) in &walks {
            assert_eq!(*ending, Ending::PrecheckFailed);
            assert_eq!(walk.errors, 2);
            assert_eq!(walk.warnings, 1);
        }
    })
    .await;
}

#[tokio::test]
async fn precheck_warnings_only_warn() {
    bounded(async {
        let (_client, walks) = walk_scenario(Scenario::PrecheckWarnings).await;
        for (ending, walk) in &walks {
            assert_eq!(*ending, Ending::Upgraded);
            assert_eq!(walk.errors, 0);
            assert_eq!(walk.warnings, 2);
        }
    })
    .await;
}

#[tokio::test]
async fn flaky_download_fails_once_per_bundle() {
    bounded(async {
        let (_client, walks) = walk_scenario(Scenario::FlakyDownload).await;
        assert_eq!(walks[0].0, Ending::Upgraded);
        assert_eq!(walks[0].1.download_failures, 4);
        assert_eq!(walks[1].0, Ending::Upgraded);
        assert_eq!(walks[1].1.download_failures, 3);
    })
    .await;
}

#[tokio::test]
async fn download_fails_every_time() {
    bounded(async {
        let (_client, walks) = walk_scenario(Scenario::DownloadFails).await;
        for (ending, walk) in &walks {
            assert_eq!(*ending, Ending::DownloadFailed);
            assert_eq!(walk.download_failures, 4);
        }
    })
    .await;
}

#[tokio::test]
async fn upgrade_fails_with_a_retryable_task_that_succeeds_on_retry() {
    bounded(async {
        let (_client, walks) = walk_scenario(Scenario::UpgradeFails).await;
        for (ending, walk) in &walks {
            assert_eq!(*ending, Ending::Upgraded);
            assert_eq!(walk.retried_tasks, 1);
            assert!(walk.upgrade_statuses.contains("COMPLETED_WITH_FAILURE"));
        }
    })
    .await;
}

#[tokio::test]
async fn upgrade_fails_hard_is_not_retryable() {
    bounded(async {
        let (_client, walks) = walk_scenario(Scenario::UpgradeFailsHard).await;
        for (ending, walk) in &walks {
            assert_eq!(*ending, Ending::UpgradeFailed);
            assert_eq!(walk.upgraded.last().map(String::as_str), Some("ESX_HOST"));
        }
    })
    .await;
}

#[tokio::test]
async fn outage_takes_the_api_away_while_sddc_manager_upgrades() {
    bounded(async {
        let (client, walks) = walk_scenario(Scenario::Outage).await;
        assert!(walks.iter().all(|walk| walk.0 == Ending::Upgraded));
        assert!(client.saw("~ rode out an outage"));
        assert!(client.saw("getUpgradeById 503"));
    })
    .await;
}

#[tokio::test]
async fn vcenter_401_answers_unauthorized_during_the_vcenter_upgrade() {
    bounded(async {
        let (client, walks) = walk_scenario(Scenario::Vcenter401).await;
        assert!(walks.iter().all(|walk| walk.0 == Ending::Upgraded));
        assert!(client.saw("~ rode out a 401"));
        assert!(client.saw("getUpgradeById 401"));
    })
    .await;
}

#[tokio::test]
async fn inprogress_spells_running_upgrades_differently() {
    bounded(async {
        let (_client, walks) = walk_scenario(Scenario::Inprogress).await;
        for (ending, walk) in &walks {
            assert_eq!(*ending, Ending::Upgraded);
            assert!(walk.upgrade_statuses.contains("INPROGRESS"));
            assert!(!walk.upgrade_statuses.contains("IN_PROGRESS"));
        }
    })
    .await;
}

#[tokio::test]
async fn a_release_upgrade_order_reorders_the_bundles() {
    bounded(async {
        let mut client = Client52::start(SimConfig {
            upgrade_order: Some(String::from("ESX_HOST,VCENTER,NSX_T_MANAGER")),
            ..config52(2, &[])
        })
        .await;
        let domain = client.domain(2);
        let future = client
            .get(
                "/v1/releases/domains/{domainId}/future-releases",
                &[&domain],
                None,
            )
            .await;
        assert_eq!(
            future.body["elements"][0]["upgradeOrder"],
            "ESX_HOST,VCENTER,NSX_T_MANAGER"
        );
        let (ending, management) = walk_domain(&mut client, 1).await;
        assert_eq!(ending, Ending::Upgraded);
        assert_eq!(
            management.upgraded,
            ["SDDC_MANAGER", "ESX_HOST", "VCENTER", "NSX_T_MANAGER"]
        );
        let (_, workload) = walk_domain(&mut client, 2).await;
        assert_eq!(workload.upgraded, ["ESX_HOST", "VCENTER", "NSX_T_MANAGER"]);
    })
    .await;
}

// --- Strictness ----------------------------------------------------------------------------

fn assert_refused(answer: &common::vcf52::Answer, status: StatusCode, code: &str) {
    assert_eq!(answer.status, status, "{:?}", answer);
    assert_eq!(answer.body["errorCode"], code, "{:?}", answer);
}

#[tokio::test]
async fn bodies_are_validated_closed_and_unknown_paths_and_methods_refused() {
    bounded(async {
        let client = Client52::start(config52(2, &[])).await;
        let domain = client.domain(1);
        let d = domain.as_str();
        // The default dialect's bodies fail loudly on the real paths.
        for (method, template, params, body) in [
            (
                Method::PATCH,
                "/v1/releases/domains/{domainId}",
                vec![d],
                json!({"releaseId": "5.2.1.0", "operation": "TARGET"}),
            ),
            (
                Method::PATCH,
                "/v1/bundles/{id}",
                vec!["00000000-0000-4000-a000-000000010001"],
                json!({"operation": "DOWNLOAD"}),
            ),
            (
                Method::POST,
                "/v1/upgrades",
                vec![],
                json!({"releaseId": "5.2.1.0", "skipKnownHostCheck": false}),
            ),
            // Wrong type, null, missing required field, unknown nested field.
            (
                Method::PATCH,
                "/v1/releases/domains/{domainId}",
                vec![d],
                json!({"targetVersion": 521}),
            ),
            (
                Method::PATCH,
                "/v1/releases/domains/{domainId}",
                vec![d],
                json!({"targetVersion": null}),
            ),
            (
                Method::POST,
                "/v1/system/check-sets/queries",
                vec![],
                json!({"checkSetType": "UPGRADE"}),
            ),
            (
                Method::POST,
                "/v1/system/check-sets/queries",
                vec![],
                json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d, "name": "x"}]}),
            ),
            (
                Method::POST,
                "/v1/system/check-sets",
                vec![],
                json!({"queryId": "q", "resources": [{"resourceId": "r", "resourceName": "n",
                       "resourceType": "VCENTER", "checkSets": [],
                       "domain": {"domainType": "WORKLOAD"}}]}),
            ),
            (
                Method::POST,
                "/v1/tokens",
                vec![],
                json!(["admin", "secret"]),
            ),
            (
                Method::POST,
                "/v1/upgrades",
                vec![],
                json!({"bundleId": "b", "resourceType": "DOMAIN",
                       "resourceUpgradeSpecs": [["d"]]}),
            ),
        ] {
            let answer = client
                .try_call_unchecked(method.clone(), template, &params, None, Some(body.clone()))
                .await
                .expect("answer");
            assert_refused(&answer, StatusCode::BAD_REQUEST, "INVALID_REQUEST_BODY");
        }
        let empty = client
            .try_call_unchecked(Method::POST, "/v1/upgrades", &[], None, None)
            .await
            .expect("answer");
        assert_refused(&empty, StatusCode::BAD_REQUEST, "INVALID_REQUEST_BODY");

        // Paths and methods the spec does not have (or the default dialect's own paths).
        let http = http_client();
        for (method, path, status) in [
            (
                Method::POST,
                format!("/v1/domains/{d}/upgrades/precheck"),
                404,
            ),
            (
                Method::POST,
                format!("/v1/domains/{d}/upgrades/acknowledge"),
                404,
            ),
            (Method::GET, String::from("/v2/domains"), 404),
            (Method::DELETE, String::from("/v1/domains"), 405),
            (Method::PUT, String::from("/v1/upgrades"), 405),
        ] {
            let response = http
                .request(method.clone(), format!("{}{path}", client.sim.url()))
                .bearer_auth(&client.token)
                .send()
                .await
                .expect("response");
            assert_eq!(response.status().as_u16(), status, "{method} {path}");
            let body: Value = response.json().await.expect("json");
            let spec = Spec::get();
            assert!(spec.validate(spec.schema("Error"), &body, true).is_ok());
        }
        // No token: 401 with an Error body.
        let anonymous = http
            .get(format!("{}/v1/domains", client.sim.url()))
            .send()
            .await
            .expect("response");
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        // getResult's runId is a UUID.
        let not_uuid = client
            .get("/v1/system/check-sets/{runId}", &["run-1"], None)
            .await;
        assert_refused(&not_uuid, StatusCode::BAD_REQUEST, "INVALID_RUN_ID");
        let unknown_run = client
            .get(
                "/v1/system/check-sets/{runId}",
                &["00000000-0000-4000-8000-00000000abcd"],
                None,
            )
            .await;
        assert_eq!(unknown_run.status, StatusCode::NOT_FOUND);
        // A wrong password is refused, a wrong refresh token is unknown.
        let wrong = client
            .call(
                Method::POST,
                "/v1/tokens",
                &[],
                None,
                Some(json!({"username": "administrator@vsphere.local", "password": "x"})),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let refresh = client
            .call(
                Method::PATCH,
                "/v1/tokens/access-token/refresh",
                &[],
                None,
                Some(json!("not-a-refresh-token")),
            )
            .await;
        assert_eq!(refresh.status, StatusCode::NOT_FOUND);
        // Only applicable versions can be targeted.
        let not_applicable = client
            .call(
                Method::PATCH,
                "/v1/releases/domains/{domainId}",
                &[d],
                None,
                Some(json!({"targetVersion": "9.9.9.9"})),
            )
            .await;
        assert_refused(
            &not_applicable,
            StatusCode::BAD_REQUEST,
            "DOMAIN_RELEASE_NOT_VALID",
        );
        let unknown_domain = client
            .get("/v1/releases/domains/{domainId}", &["nope"], None)
            .await;
        assert_refused(&unknown_domain, StatusCode::NOT_FOUND, "DOMAIN_NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn check_runs_must_use_what_their_query_returned() {
    bounded(async {
        let client = Client52::start(config52(2, &[])).await;
        let domain = client.domain(2);
        let d = domain.as_str();
        let discovery = client
            .call(
                Method::POST,
                "/v1/system/check-sets/queries",
                &[],
                None,
                Some(json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d}]})),
            )
            .await;
        assert_eq!(discovery.status, StatusCode::OK);
        let resources = discovery.body["resources"].as_array().expect("resources");
        let types: Vec<&str> = resources
            .iter()
            .filter_map(|resource| resource["resourceType"].as_str())
            .collect();
        assert_eq!(types, ["NSX_T_MANAGER", "VCENTER", "ESX_HOST"]);
        assert!(resources
            .iter()
            .all(|resource| resource["checkSets"] == json!([])));
        let candidates = client
            .call(
                Method::POST,
                "/v1/system/check-sets/queries",
                &[],
                None,
                Some(
                    json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d,
                    "resources": [{"resourceType": "VCENTER",
                                   "resourceTargetVersion": "8.0.3.00300-24305161"}]}]}),
                ),
            )
            .await;
        assert_eq!(candidates.status, StatusCode::OK);
        let vcenter = &candidates.body["resources"][0];
        let selection = |check_set: &str, resource_id: &Value| {
            json!([{
                "resourceType": "VCENTER",
                "resourceId": resource_id,
                "resourceName": vcenter["resourceName"],
                "checkSets": [{"checkSetId": check_set}],
            }])
        };
        let good_set = vcenter["checkSets"][0]["checkSetId"]
            .as_str()
            .expect("check set")
            .to_owned();
        for (query_id, resources) in [
            (
                json!("never-issued"),
                selection(&good_set, &vcenter["resourceId"]),
            ),
            (
                candidates.body["queryId"].clone(),
                selection("OTHER", &vcenter["resourceId"]),
            ),
            (
                candidates.body["queryId"].clone(),
                selection(&good_set, &json!("other-id")),
            ),
            // The discovery query returned no check-sets at all.
            (
                discovery.body["queryId"].clone(),
                selection(&good_set, &vcenter["resourceId"]),
            ),
        ] {
            let refused = client
                .call(
                    Method::POST,
                    "/v1/system/check-sets",
                    &[],
                    None,
                    Some(json!({"queryId": query_id, "resources": resources})),
                )
                .await;
            assert_refused(
                &refused,
                StatusCode::BAD_REQUEST,
                "CHECK_SET_RUN_INPUT_NOT_VALID",
            );
        }
        let wrong_version = client
            .call(
                Method::POST,
                "/v1/system/check-sets/queries",
                &[],
                None,
                Some(
                    json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d,
                    "resources": [{"resourceType": "VCENTER", "resourceTargetVersion": "9"}]}]}),
                ),
            )
            .await;
        assert_eq!(wrong_version.status, StatusCode::BAD_REQUEST);
        let accepted = client
            .call(
                Method::POST,
                "/v1/system/check-sets",
                &[],
                None,
                Some(json!({"queryId": candidates.body["queryId"],
                            "resources": selection(&good_set, &vcenter["resourceId"])})),
            )
            .await;
        assert_eq!(accepted.status, StatusCode::ACCEPTED);
    })
    .await;
}

#[tokio::test]
async fn downloads_and_upgrades_are_refused_when_the_server_would_refuse_them() {
    bounded(async {
        let client = Client52::start(SimConfig {
            step: Duration::from_millis(300),
            ..config52(2, &[])
        })
        .await;
        let management = client.domain(1);
        let workload = client.domain(2);
        // Nothing upgradable before targeting; a download runs once at a time.
        let bundle = "00000000-0000-4000-a000-000000010001";
        let bundle_params = [bundle];
        let start = || {
            client.call(
                Method::PATCH,
                "/v1/bundles/{id}",
                &bundle_params,
                None,
                Some(json!({"bundleDownloadSpec": {"downloadNow": true}})),
            )
        };
        assert_eq!(start().await.status, StatusCode::ACCEPTED);
        assert_refused(
            &start().await,
            StatusCode::CONFLICT,
            "BUNDLE_DOWNLOAD_ALREADY_IN_PROGRESS",
        );
        let scheduled = client
            .call(
                Method::PATCH,
                "/v1/bundles/{id}",
                &[bundle],
                None,
                Some(json!({"bundleDownloadSpec": {"scheduledTimestamp": "2030-01-01T00:00:00Z"}})),
            )
            .await;
        assert_eq!(scheduled.status, StatusCode::BAD_REQUEST);
        let unknown = client
            .call(
                Method::PATCH,
                "/v1/bundles/{id}",
                &["nope"],
                None,
                Some(json!({"bundleDownloadSpec": {"downloadNow": true}})),
            )
            .await;
        assert_refused(&unknown, StatusCode::BAD_REQUEST, "BUNDLE_NOT_FOUND");

        let upgrade = |bundle_id: &str, domain: &str| {
            json!({"bundleId": bundle_id, "resourceType": "DOMAIN",
                   "resourceUpgradeSpecs": [{"resourceId": domain, "upgradeNow": true}]})
        };
        // Not targeted yet: the bundle is not AVAILABLE.
        let early = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade(bundle, &management)),
            )
            .await;
        assert_refused(&early, StatusCode::BAD_REQUEST, "BUNDLE_NOT_AVAILABLE");
        let targeted = client
            .call(
                Method::PATCH,
                "/v1/releases/domains/{domainId}",
                &[&management],
                None,
                Some(json!({"targetVersion": "5.2.1.0"})),
            )
            .await;
        assert_eq!(targeted.status, StatusCode::OK);
        // Targeted, but the download still runs.
        let not_downloaded = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade(bundle, &management)),
            )
            .await;
        assert_refused(
            &not_downloaded,
            StatusCode::BAD_REQUEST,
            "BUNDLE_NOT_DOWNLOADED",
        );
        // A bundle that is not the AVAILABLE one.
        let nsx = "00000000-0000-4000-a000-000000010002";
        let pending = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade(nsx, &management)),
            )
            .await;
        assert_refused(&pending, StatusCode::BAD_REQUEST, "BUNDLE_NOT_AVAILABLE");
        // The wrong domain for the bundle.
        let wrong_domain = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade(bundle, &workload)),
            )
            .await;
        assert_refused(
            &wrong_domain,
            StatusCode::BAD_REQUEST,
            "UPGRADE_SPEC_NOT_VALID",
        );
        // A workload domain waits for SDDC Manager.
        let ids = target_and_download(&client, &workload).await;
        let too_soon = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade(&ids[0], &workload)),
            )
            .await;
        assert_refused(
            &too_soon,
            StatusCode::FAILED_DEPENDENCY,
            "SDDC_MANAGER_NOT_UPGRADED",
        );
        // Once downloaded, the upgrade starts exactly once.
        loop {
            let polled = client.get("/v1/bundles/{id}", &[bundle], None).await;
            if polled.body["downloadStatus"] == "SUCCESSFUL" {
                break;
            }
            tokio::time::sleep(POLL).await;
        }
        let started = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade(bundle, &management)),
            )
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED);
        let twice = client
            .call(
                Method::POST,
                "/v1/upgrades",
                &[],
                None,
                Some(upgrade(bundle, &management)),
            )
            .await;
        assert_refused(&twice, StatusCode::BAD_REQUEST, "UPGRADE_IN_PROGRESS");
        let domain = client.get("/v1/domains/{id}", &[&management], None).await;
        assert_eq!(domain.body["status"], "UPGRADING");
        // A running upgrade's task cannot be retried; a download task never.
        let upgrade_id = started.body["id"].as_str().expect("id");
        let retry = client
            .call(Method::PATCH, "/v1/tasks/{id}", &[upgrade_id], None, None)
            .await;
        assert_refused(&retry, StatusCode::CONFLICT, "TASK_NOT_RETRYABLE");
        let unknown_task = client
            .call(Method::PATCH, "/v1/tasks/{id}", &["nope"], None, None)
            .await;
        assert_eq!(unknown_task.status, StatusCode::NOT_FOUND);
        // NSX and vCenter upgrades need their user input specs.
        let nsx_resources = client
            .get(
                "/v1/upgradables/domains/{domainId}/nsxt",
                &[&management],
                None,
            )
            .await;
        assert_eq!(nsx_resources.body["bundleId"], nsx);
        let wrong_bundle = client
            .get(
                "/v1/upgradables/domains/{domainId}/nsxt",
                &[&management],
                Some("bundleId=nope"),
            )
            .await;
        assert_eq!(wrong_bundle.status, StatusCode::NOT_FOUND);
    })
    .await;
}

// --- Faults, request log, TLS, control ----------------------------------------------------

#[tokio::test]
async fn faults_apply_to_the_real_paths() {
    bounded(async {
        let client = Client52::start(config52(1, &[])).await;
        let http = http_client();
        let control = |path: &str| format!("{}{path}", client.sim.url());
        let add = http
            .post(control("/sim/faults"))
            .json(&json!({"kind": "status", "status": 503, "method": "GET",
                          "pathPrefix": "/v1/upgradables", "count": 1}))
            .send()
            .await
            .expect("fault");
        assert_eq!(add.status(), StatusCode::OK);
        let domain = client.domain(1);
        let faulted = client
            .get("/v1/upgradables/domains/{domainId}", &[&domain], None)
            .await;
        assert_eq!(faulted.status, StatusCode::SERVICE_UNAVAILABLE);
        let healed = client
            .get("/v1/upgradables/domains/{domainId}", &[&domain], None)
            .await;
        assert_eq!(healed.status, StatusCode::OK);
        // A reset drops the connection; a lost response acts first.
        http.post(control("/sim/faults"))
            .json(&json!({"kind": "reset", "pathPrefix": "/v1/domains", "count": 1}))
            .send()
            .await
            .expect("fault");
        assert!(client
            .try_call(Method::GET, "/v1/domains", &[], None, None)
            .await
            .is_err());
        http.post(control("/sim/faults"))
            .json(&json!({"kind": "loseResponse", "method": "PATCH",
                          "pathPrefix": "/v1/releases/domains/", "count": 1}))
            .send()
            .await
            .expect("fault");
        assert!(client
            .try_call(
                Method::PATCH,
                "/v1/releases/domains/{domainId}",
                &[&domain],
                None,
                Some(json!({"targetVersion": "5.2.1.0"})),
            )
            .await
            .is_err());
        let view = client
            .get("/v1/releases/domains/{domainId}", &[&domain], None)
            .await;
        assert_eq!(view.body["targetVersion"], "5.2.1.0");
        // An outage through the control API, and token expiry.
        let outage = http
            .post(control("/sim/outage"))
            .json(&json!({"durationMs": 60_000}))
            .send()
            .await
            .expect("outage");
        assert_eq!(outage.status(), StatusCode::OK);
        let away = client.get("/v1/domains", &[], None).await;
        assert_eq!(away.status, StatusCode::SERVICE_UNAVAILABLE);
        http.delete(control("/sim/outage"))
            .send()
            .await
            .expect("end");
        http.post(control("/sim/tokens/expire"))
            .send()
            .await
            .expect("expire");
        let expired = client.get("/v1/domains", &[], None).await;
        assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn the_request_log_records_query_and_redacted_body() {
    bounded(async {
        let mut client = Client52::start(config52(2, &[])).await;
        let domain = client.domain(2);
        client
            .get("/v1/releases", &[], Some(&format!("domainId={domain}")))
            .await;
        client
            .call(
                Method::PATCH,
                "/v1/releases/domains/{domainId}",
                &[&domain],
                None,
                Some(json!({"targetVersion": "5.2.1.0"})),
            )
            .await;
        client.refresh().await;
        let log: Value = http_client()
            .get(format!("{}/sim/requests", client.sim.url()))
            .send()
            .await
            .expect("log")
            .json()
            .await
            .expect("json");
        let records = log["requests"].as_array().expect("requests");
        let login = &records[0];
        assert_eq!(login["path"], "/v1/tokens");
        assert_eq!(login["status"], 201);
        assert_eq!(
            login["body"],
            json!({"username": "administrator@vsphere.local", "password": "******"})
        );
        let text = log.to_string();
        assert!(!text.contains("VMware1!"), "{text}");
        assert!(!text.contains(&client.refresh_id), "{text}");
        let releases = &records[1];
        assert_eq!(releases["query"], format!("domainId={domain}"));
        assert!(releases.get("body").is_none());
        let target = &records[2];
        assert_eq!(target["method"], "PATCH");
        assert_eq!(target["body"], json!({"targetVersion": "5.2.1.0"}));
        assert_eq!(target["status"], 200);
        let refresh = &records[3];
        assert_eq!(refresh["body"], "******");
        // A body that is not JSON is noted, not stored.
        let raw = http_client()
            .post(format!("{}/v1/upgrades", client.sim.url()))
            .bearer_auth(&client.token)
            .header("content-type", "application/json")
            .body("not json")
            .send()
            .await
            .expect("response");
        assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
        let log: Value = http_client()
            .get(format!("{}/sim/requests", client.sim.url()))
            .send()
            .await
            .expect("log")
            .json()
            .await
            .expect("json");
        let last = log["requests"]
            .as_array()
            .and_then(|records| records.last())
            .expect("last")
            .clone();
        assert_eq!(last["body"], "<8 bytes, not JSON>");
    })
    .await;
}

#[tokio::test]
async fn tls_serves_the_real_api() {
    bounded(async {
        let sim = vcf_sim::start(SimConfig {
            tls: true,
            ..config52(1, &[])
        })
        .await
        .expect("simulator");
        assert!(sim.url().starts_with("https://"));
        let ca = reqwest::Certificate::from_pem(sim.ca_pem().expect("ca").as_bytes()).expect("ca");
        let http = reqwest::Client::builder()
            .no_proxy()
            .add_root_certificate(ca)
            .build()
            .expect("client");
        let mut client = Client52::connect(sim, http).await;
        let (ending, _) = walk_domain(&mut client, 1).await;
        assert_eq!(ending, Ending::Upgraded);
    })
    .await;
}

#[tokio::test]
async fn the_control_api_switches_and_resets_vcf52_domains() {
    bounded(async {
        let client = Client52::start(config52(2, &[])).await;
        let http = http_client();
        let url = |path: &str| format!("{}{path}", client.sim.url());
        let switched = http
            .put(url("/sim/domains/2/scenario"))
            .json(&json!({"scenario": "upgrade-fails-hard"}))
            .send()
            .await
            .expect("switch");
        assert_eq!(switched.status(), StatusCode::OK);
        let refused = http
            .put(url("/sim/domains/2/scenario"))
            .json(&json!({"scenario": "alerts"}))
            .send()
            .await
            .expect("switch");
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        let domains: Value = http
            .get(url("/sim/domains"))
            .send()
            .await
            .expect("domains")
            .json()
            .await
            .expect("json");
        assert_eq!(domains["domains"][1]["scenario"], "upgrade-fails-hard");
        assert_eq!(domains["domains"][1]["currentVersion"], "5.1.1.0");
        let domain = client.domain(2);
        target_and_download(&client, &domain).await;
        let reset = http
            .post(url("/sim/domains/2/reset"))
            .send()
            .await
            .expect("reset");
        assert_eq!(reset.status(), StatusCode::OK);
        let bundle = client
            .get(
                "/v1/bundles/{id}",
                &["00000000-0000-4000-a000-000000020002"],
                None,
            )
            .await;
        assert_eq!(bundle.body["downloadStatus"], "PENDING");
        let view = client
            .get("/v1/releases/domains/{domainId}", &[&domain], None)
            .await;
        assert_eq!(view.body["targetVersion"], "5.1.1.0");
    })
    .await;
}

#[test]
fn the_dialect_names_parse() {
    assert_eq!("vcf52".parse::<Dialect>(), Ok(Dialect::Vcf52));
    assert_eq!("default".parse::<Dialect>(), Ok(Dialect::Default));
    assert!("vcf".parse::<Dialect>().is_err());
    assert!(Scenario::parse_in(Dialect::Vcf52, "alerts").is_err());
    assert_eq!(
        Scenario::parse_in(Dialect::Vcf52, "inprogress"),
        Ok(Scenario::Inprogress)
    );
}

#[test]
fn a_missing_spec_is_named() {
    let path = std::path::Path::new("/nonexistent/sddc-manager-api-5.2.1.json");
    let panic = std::panic::catch_unwind(|| Spec::load(path).schema("Error").clone())
        .expect_err("it panics");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains("/nonexistent/sddc-manager-api-5.2.1.json"),
        "{message}"
    );
    assert!(message.contains(common::spec::SPEC_ENV), "{message}");
}
