//! Answers that are not what the contract promises: each gives its typed error, is not
//! retried, and never panics.

mod client_support;

use std::time::Duration;

use client_support::*;
use datacenter_assistant_core::api::{ApiError, ClientConfig, ContractClient, UpgradeApi};
use serde_json::json;

const MANAGERS: &str = "/v1/sddc-managers";

/// Inject a `body` fault on the next `GET path` and return what `sddc_manager()` or
/// `inventory()` made of it, with the number of GETs the server saw.
async fn with_body(path: &str, status: u16, content_type: &str, body: &str) -> (ApiError, usize) {
    let sim = default_sim().await;
    let control = Control::new(&sim);
    let (client, clock) = client_for(&sim);
    client.login().await.expect("login");
    control
        .fault(
            json!({"kind": "body", "method": "GET", "pathPrefix": path, "count": 1,
                      "status": status, "contentType": content_type, "body": body}),
        )
        .await;
    control.clear_requests().await;
    let error = if path == MANAGERS {
        client
            .sddc_manager()
            .await
            .map(|_| ())
            .expect_err("bad body")
    } else {
        client.inventory().await.map(|_| ()).expect_err("bad body")
    };
    let count = control.count("GET", path).await;
    assert!(clock.sleeps().is_empty(), "no retry of a bad body");
    sim.shutdown().await;
    (error, count)
}

fn expect_invalid(error: &ApiError, expected_model: &str) -> String {
    match error {
        ApiError::InvalidResponse {
            expected, reason, ..
        } => {
            assert_eq!(expected, expected_model);
            reason.clone()
        }
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_an_invalid_response() {
    bounded(async {
        let (error, count) = with_body(
            "/v1/domains",
            200,
            "application/json",
            r#"{"elements": [{"id": "d1","#,
        )
        .await;
        expect_invalid(&error, "PageOfDomain");
        assert_eq!(count, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_page_is_not_an_sddc_manager() {
    bounded(async {
        let page =
            "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body>nginx</body></html>";
        let (error, count) = with_body(MANAGERS, 200, "text/html", page).await;
        let reason = expect_invalid(&error, "PageOfSddcManager");
        assert!(reason.contains("HTML"), "{reason}");
        assert_eq!(count, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_that_is_not_a_page_of_sddc_managers_is_invalid() {
    bounded(async {
        let (error, _) = with_body(MANAGERS, 200, "application/json", r#"{"status": "UP"}"#).await;
        expect_invalid(&error, "PageOfSddcManager");
        let (error, _) = with_body(MANAGERS, 200, "application/json", r#"{"elements": []}"#).await;
        let reason = expect_invalid(&error, "PageOfSddcManager");
        assert!(reason.contains("no SDDC Manager"), "{reason}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_type_in_a_field_is_an_invalid_response() {
    bounded(async {
        let (error, count) = with_body(
            "/v1/domains",
            200,
            "application/json",
            r#"{"elements": [{"id": 42, "name": "mgmt", "type": "MANAGEMENT"}]}"#,
        )
        .await;
        let reason = expect_invalid(&error, "PageOfDomain");
        assert!(reason.contains("invalid type"), "{reason}");
        assert_eq!(count, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_state_is_an_invalid_response() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (client, _) = client_for(&sim);
        control
            .fault(
                json!({"kind": "body", "method": "GET", "pathPrefix": "/v1/bundles/b-1",
                          "body": r#"{"id": "b-1", "downloadStatus": "TELEPORTING"}"#}),
            )
            .await;
        let error = client
            .bundle_status("b-1")
            .await
            .expect_err("unknown state");
        let reason = expect_invalid(&error, "Bundle");
        assert!(reason.contains("TELEPORTING"), "{reason}");
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_status_with_an_html_body_is_http_without_details() {
    bounded(async {
        let (error, count) = with_body(MANAGERS, 404, "text/html", "<html>Not Found</html>").await;
        match error {
            ApiError::Http { status, body, .. } => {
                assert_eq!(status, 404);
                assert!(body.is_none());
            }
            other => panic!("expected Http, got {other:?}"),
        }
        assert_eq!(count, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_bodies_stop_at_the_cap() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let (config, clock) = config_for(sim.url());
        let client = ContractClient::new(ClientConfig {
            max_body_bytes: 64 * 1024,
            ..config
        })
        .expect("client");
        client.sddc_manager().await.expect("a normal page fits");
        for chunked in [false, true] {
            control.clear_requests().await;
            control
                .fault(
                    json!({"kind": "oversize", "method": "GET", "pathPrefix": MANAGERS,
                              "count": 1, "bytes": 50 * 1024 * 1024, "chunked": chunked}),
                )
                .await;
            let started = std::time::Instant::now();
            let error = client.sddc_manager().await.expect_err("too large");
            match &error {
                ApiError::BodyTooLarge { limit, path, .. } => {
                    assert_eq!(*limit, 64 * 1024);
                    assert_eq!(path, MANAGERS);
                }
                other => panic!("expected BodyTooLarge, got {other:?}"),
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "the client stopped reading early"
            );
            assert_eq!(control.count("GET", MANAGERS).await, 1, "chunked={chunked}");
        }
        assert!(clock.sleeps().is_empty());
        // The client still works afterwards.
        client.sddc_manager().await.expect("normal again");
        sim.shutdown().await;
    })
    .await;
}
