//! Bad input of every kind gets an SDDC-style JSON `Error`, never a panic or plain text.

mod common;

use common::{assert_error, bounded, config, Api, RELEASE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn malformed_json_and_wrong_types_are_bad_requests() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let domain = api.domain(1);
        let bundle = api.bundle_ids(&domain).await[0].clone();
        let cases: Vec<(Method, String, Value)> = vec![
            (
                Method::PATCH,
                format!("/v1/releases/domains/{domain}"),
                json!({"releaseId": RELEASE}),
            ),
            (
                Method::PATCH,
                format!("/v1/releases/domains/{domain}"),
                json!({"releaseId": 5.2, "operation": "TARGET"}),
            ),
            (
                Method::PATCH,
                format!("/v1/releases/domains/{domain}"),
                json!({"releaseId": RELEASE, "operation": "UNTARGET"}),
            ),
            (
                Method::PATCH,
                format!("/v1/releases/domains/{domain}"),
                json!({"releaseId": null, "operation": "TARGET"}),
            ),
            (Method::PATCH, format!("/v1/bundles/{bundle}"), json!({})),
            (
                Method::PATCH,
                format!("/v1/bundles/{bundle}"),
                json!({"operation": "DELETE"}),
            ),
            (
                Method::PATCH,
                format!("/v1/bundles/{bundle}"),
                json!({"operation": ["DOWNLOAD"]}),
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/precheck"),
                json!({"skipKnownHostCheck": false}),
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/precheck"),
                json!({"releaseId": RELEASE, "skipKnownHostCheck": "no"}),
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades"),
                json!({"releaseId": {"id": RELEASE}}),
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/acknowledge"),
                json!({}),
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/acknowledge"),
                json!({"upgradeId": 7}),
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/acknowledge"),
                json!({"upgradeId": "x", "alertIds": "all"}),
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/acknowledge"),
                json!([]),
            ),
        ];
        for (method, path, body) in cases {
            let (status, error) = api.call(method.clone(), &path, Some(body.clone())).await;
            assert_eq!(
                status,
                StatusCode::BAD_REQUEST,
                "{method} {path} {body}: {error}"
            );
            assert_error(status, &error, StatusCode::BAD_REQUEST, "BAD_REQUEST");
            assert!(error["remediationMessage"].is_string());
        }
        for raw in [
            &b""[..],
            b"{",
            b"{\"releaseId\": \"5.2.1.0\",}",
            b"null",
            b"\xff\xfe",
            b"<html></html>",
        ] {
            let (status, error) = api
                .call_raw(
                    Method::POST,
                    &format!("/v1/domains/{domain}/upgrades/precheck"),
                    raw,
                )
                .await;
            assert_error(status, &error, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        }
    })
    .await;
}

#[tokio::test]
async fn unknown_ids_are_not_found() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let domain = api.domain(1);
        let unknown_domain = "00000000-0000-4000-8000-000000000099";
        let checks: Vec<(Method, String, Option<Value>, &str)> = vec![
            (
                Method::GET,
                format!("/v1/domains/{unknown_domain}"),
                None,
                "DOMAIN_NOT_FOUND",
            ),
            (
                Method::PATCH,
                format!("/v1/releases/domains/{unknown_domain}"),
                Some(json!({"releaseId": RELEASE, "operation": "TARGET"})),
                "DOMAIN_NOT_FOUND",
            ),
            (
                Method::PATCH,
                format!("/v1/releases/domains/{domain}"),
                Some(json!({"releaseId": "9.9.9.9", "operation": "TARGET"})),
                "RELEASE_NOT_FOUND",
            ),
            (
                Method::GET,
                "/v1/bundles/not-a-bundle".to_owned(),
                None,
                "BUNDLE_NOT_FOUND",
            ),
            (
                Method::PATCH,
                "/v1/bundles/00000000-0000-4000-a000-000000990001".to_owned(),
                Some(json!({"operation": "DOWNLOAD"})),
                "BUNDLE_NOT_FOUND",
            ),
            (
                Method::GET,
                "/v1/tasks/not-a-task".to_owned(),
                None,
                "TASK_NOT_FOUND",
            ),
            (
                Method::POST,
                format!("/v1/domains/{unknown_domain}/upgrades/precheck"),
                Some(json!({"releaseId": RELEASE})),
                "DOMAIN_NOT_FOUND",
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/precheck"),
                Some(json!({"releaseId": "4.0.0.0"})),
                "RELEASE_NOT_FOUND",
            ),
            (
                Method::GET,
                format!("/v1/domains/{unknown_domain}/upgrades/precheck"),
                None,
                "DOMAIN_NOT_FOUND",
            ),
            (
                Method::GET,
                format!("/v1/domains/{domain}/upgrades/precheck/nope"),
                None,
                "PRECHECK_NOT_FOUND",
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades"),
                Some(json!({"releaseId": "4.0.0.0"})),
                "RELEASE_NOT_FOUND",
            ),
            (
                Method::GET,
                format!("/v1/domains/{unknown_domain}/upgrades"),
                None,
                "DOMAIN_NOT_FOUND",
            ),
            (
                Method::GET,
                format!("/v1/domains/{domain}/upgrades/nope"),
                None,
                "UPGRADE_NOT_FOUND",
            ),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/acknowledge"),
                Some(json!({"upgradeId": "nope"})),
                "UPGRADE_NOT_FOUND",
            ),
            (Method::GET, "/v1/no-such-api".to_owned(), None, "NOT_FOUND"),
            (Method::GET, "/".to_owned(), None, "NOT_FOUND"),
            (
                Method::GET,
                "/sim/no-such-control".to_owned(),
                None,
                "NOT_FOUND",
            ),
        ];
        for (method, path, body, code) in checks {
            let (status, error) = api.call(method.clone(), &path, body).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {error}");
            assert_error(status, &error, StatusCode::NOT_FOUND, code);
        }
    })
    .await;
}

#[tokio::test]
async fn a_precheck_or_upgrade_of_another_domain_is_not_found() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (first, second) = (api.domain(1), api.domain(2));
        api.prepare_upgrade(&first).await;
        let (_, prechecks) = api
            .get(&format!("/v1/domains/{first}/upgrades/precheck"))
            .await;
        let precheck_id = prechecks["elements"][0]["id"].as_str().unwrap().to_owned();
        let (status, body) = api
            .get(&format!(
                "/v1/domains/{second}/upgrades/precheck/{precheck_id}"
            ))
            .await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "PRECHECK_NOT_FOUND");
        let (_, upgrade) = api.start_upgrade(&first).await;
        let upgrade_id = upgrade["id"].as_str().unwrap();
        let (status, body) = api
            .get(&format!("/v1/domains/{second}/upgrades/{upgrade_id}"))
            .await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "UPGRADE_NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn wrong_methods_are_refused_with_json() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let domain = api.domain(1);
        for (method, path) in [
            (Method::DELETE, "/v1/domains".to_owned()),
            (Method::POST, "/v1/sddc-managers".to_owned()),
            (Method::GET, "/v1/tokens".to_owned()),
            (Method::PUT, format!("/v1/domains/{domain}/upgrades")),
            (
                Method::GET,
                format!("/v1/domains/{domain}/upgrades/acknowledge"),
            ),
            (Method::POST, "/sim/health".to_owned()),
        ] {
            let (status, error) = api.call(method.clone(), &path, None).await;
            assert_error(
                status,
                &error,
                StatusCode::METHOD_NOT_ALLOWED,
                "METHOD_NOT_ALLOWED",
            );
        }
    })
    .await;
}

#[tokio::test]
async fn steps_out_of_order_are_conflicts() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let domain = api.domain(2);

        let (status, body) = api.start_precheck(&domain).await;
        assert_error(status, &body, StatusCode::CONFLICT, "RELEASE_NOT_TARGETED");
        let (status, body) = api.start_upgrade(&domain).await;
        assert_error(status, &body, StatusCode::CONFLICT, "PRECHECK_REQUIRED");

        // Targeting is idempotent.
        assert_eq!(api.target(&domain).await.0, StatusCode::ACCEPTED);
        let (status, view) = api.target(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(view["targetVersion"], RELEASE);

        let (status, body) = api.start_precheck(&domain).await;
        assert_error(
            status,
            &body,
            StatusCode::CONFLICT,
            "BUNDLES_NOT_DOWNLOADED",
        );
        assert!(body["message"]
            .as_str()
            .unwrap()
            .contains("00000000-0000-4000-a000"));

        // Downloading is idempotent while running and after success.
        let bundle_ids = api.bundle_ids(&domain).await;
        let (_, first) = api.request_download(&bundle_ids[0]).await;
        let (status, again) = api.request_download(&bundle_ids[0]).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(again["id"], first["id"]);
        api.wait_for_download(&bundle_ids[0]).await;
        let (_, after) = api.request_download(&bundle_ids[0]).await;
        assert_eq!(after["id"], first["id"]);
        assert_eq!(after["status"], "SUCCESSFUL");
        let (status, body) = api.start_precheck(&domain).await;
        assert_error(
            status,
            &body,
            StatusCode::CONFLICT,
            "BUNDLES_NOT_DOWNLOADED",
        );
        api.request_download(&bundle_ids[1]).await;
        api.wait_for_download(&bundle_ids[1]).await;

        // A running precheck does not allow an upgrade; prechecks are listed oldest first.
        let (_, first_precheck) = api.start_precheck(&domain).await;
        let (status, body) = api.start_upgrade(&domain).await;
        assert_error(status, &body, StatusCode::CONFLICT, "PRECHECK_REQUIRED");
        let (_, second_precheck) = api.start_precheck(&domain).await;
        assert_ne!(first_precheck["id"], second_precheck["id"]);
        let (_, page) = api
            .get(&format!("/v1/domains/{domain}/upgrades/precheck"))
            .await;
        let ids: Vec<&Value> = page["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["id"])
            .collect();
        assert_eq!(ids, [&first_precheck["id"], &second_precheck["id"]]);
        api.wait_for_precheck(&domain, second_precheck["id"].as_str().unwrap())
            .await;

        // While an upgrade runs: no second upgrade, no precheck, no (re)targeting.
        let (status, upgrade) = api.start_upgrade(&domain).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        for (status, body) in [
            api.start_upgrade(&domain).await,
            api.start_precheck(&domain).await,
            api.target(&domain).await,
        ] {
            assert_error(status, &body, StatusCode::CONFLICT, "UPGRADE_IN_PROGRESS");
        }
        let (status, body) = api
            .call(
                Method::POST,
                &format!("/v1/domains/{domain}/upgrades/acknowledge"),
                Some(json!({"upgradeId": upgrade["id"]})),
            )
            .await;
        assert_error(
            status,
            &body,
            StatusCode::CONFLICT,
            "NO_ALERTS_TO_ACKNOWLEDGE",
        );
        let (_, page) = api.get(&format!("/v1/domains/{domain}/upgrades")).await;
        assert_eq!(page["elements"].as_array().unwrap().len(), 1);
        assert_eq!(page["elements"][0]["id"], upgrade["id"]);
    })
    .await;
}

#[tokio::test]
async fn oversized_request_bodies_are_refused() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let huge = format!(
            "{{\"username\": \"{}\", \"password\": \"x\"}}",
            "a".repeat(2 * 1024 * 1024)
        );
        let response = api
            .http
            .post(api.url("/v1/tokens"))
            .header("content-type", "application/json")
            .body(huge)
            .send()
            .await
            .unwrap();
        let (status, body) = common::into_json(response).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    })
    .await;
}

/// Throws assorted junk at every route: the server must answer each with a JSON body and a
/// status below 500, and keep serving.
#[tokio::test]
async fn junk_at_every_route_never_breaks_the_server() {
    bounded(async {
        let mut api = Api::start(config(&[])).await;
        let domain = api.domain(1);
        let paths = [
            "/v1/tokens".to_owned(),
            "/v1/tokens/access-token/refresh".to_owned(),
            "/v1/sddc-managers".to_owned(),
            "/v1/domains".to_owned(),
            format!("/v1/domains/{domain}"),
            "/v1/releases/domains".to_owned(),
            format!("/v1/releases/domains/{domain}"),
            format!("/v1/releases/domains/{domain}/future-releases"),
            "/v1/bundles".to_owned(),
            "/v1/bundles/00000000-0000-4000-a000-000000010001".to_owned(),
            "/v1/tasks/x".to_owned(),
            format!("/v1/domains/{domain}/upgrades/precheck"),
            format!("/v1/domains/{domain}/upgrades/precheck/x"),
            format!("/v1/domains/{domain}/upgrades"),
            format!("/v1/domains/{domain}/upgrades/acknowledge"),
            format!("/v1/domains/{domain}/upgrades/x"),
            "/v1/domains/%FF%FE/upgrades".to_owned(),
            "/v1/domains/..%2F..%2Fetc/upgrades".to_owned(),
            "/sim/faults".to_owned(),
            "/sim/faults/abc".to_owned(),
            "/sim/outage".to_owned(),
            "/sim/tokens/expire".to_owned(),
            "/sim/domains/abc/scenario".to_owned(),
            "/sim/domains/0/scenario".to_owned(),
            "/sim/domains/99999999999999999999999/reset".to_owned(),
        ];
        let bodies: [&'static [u8]; 8] = [
            b"",
            b"{}",
            b"[]",
            b"\"string\"",
            b"{\"releaseId\":[1,2,3],\"operation\":{},\"upgradeId\":null}",
            b"{\"kind\":\"status\",\"status\":70000}",
            b"{\"durationMs\":-1,\"mode\":\"sideways\"}",
            b"\x00\x01\x02garbage",
        ];
        let methods = [
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ];
        for path in &paths {
            for method in &methods {
                for body in bodies {
                    let (status, reply) = api.call_raw(method.clone(), path, body).await;
                    assert!(
                        status.as_u16() < 500,
                        "{method} {path} {body:?} -> {status} {reply}"
                    );
                    if !status.is_success() {
                        assert!(reply["errorCode"].is_string(), "{method} {path}: {reply}");
                    }
                }
            }
        }
        // POST /sim/tokens/expire with an empty body did expire the token; log in again.
        api.login().await;
        let (status, _) = api.get("/v1/domains").await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}
