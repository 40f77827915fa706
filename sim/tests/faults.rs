//! Faults injected through `/sim/faults` and outages through `/sim/outage`.

mod common;

use std::error::Error as _;
use std::io::{ErrorKind, Read as _, Write as _};
use std::time::{Duration, Instant};

use common::{assert_error, bounded, config, Api};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Whether an error (or one of its causes) is a connection reset or an incomplete message:
/// what a client sees when the connection is dropped without a response.
fn is_dropped_connection(error: &reqwest::Error) -> bool {
    let mut cause: Option<&dyn std::error::Error> = error.source();
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if io.kind() == ErrorKind::ConnectionReset {
                return true;
            }
        }
        if let Some(hyper) = current.downcast_ref::<hyper::Error>() {
            if hyper.is_incomplete_message() || hyper.is_closed() {
                return true;
            }
        }
        cause = current.source();
    }
    false
}

#[tokio::test]
async fn a_status_fault_answers_with_an_error_body() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        api.add_fault(json!({"kind": "status", "status": 503, "retryAfterSeconds": 7}))
            .await;
        let response = api
            .http
            .get(api.url("/v1/domains"))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["retry-after"], "7");
        let (status, body) = common::into_json(response).await;
        assert_error(
            status,
            &body,
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
        );

        api.add_fault(json!({"kind": "status", "status": 500}))
            .await;
        let response = api.http.get(api.url("/v1/domains")).send().await.unwrap();
        assert!(response.headers().get("retry-after").is_none());
        let (status, body) = common::into_json(response).await;
        assert_error(
            status,
            &body,
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
        );

        // Used up: the next call is normal.
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_429_fault_carries_rate_limit_headers() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        api.add_fault(json!({"kind": "status", "status": 429, "retryAfterSeconds": 2}))
            .await;
        let response = api
            .http
            .get(api.url("/v1/domains"))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        let headers = response.headers().clone();
        let (status, body) = common::into_json(response).await;
        assert_error(
            status,
            &body,
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_REQUESTS",
        );
        assert_eq!(headers["retry-after"], "2");
        assert_eq!(headers["x-ratelimit-remaining"], "0");
        assert!(
            headers["x-ratelimit-limit"]
                .to_str()
                .unwrap()
                .parse::<u64>()
                .unwrap()
                > 0
        );
        let reset: u64 = headers["x-ratelimit-reset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(reset >= now && reset <= now + 5, "reset {reset}, now {now}");

        // Without retryAfterSeconds a 429 still says when to come back.
        api.add_fault(json!({"kind": "status", "status": 429}))
            .await;
        let response = api.http.get(api.url("/v1/domains")).send().await.unwrap();
        assert_eq!(response.headers()["retry-after"], "1");
    })
    .await;
}

#[tokio::test]
async fn a_reset_fault_closes_the_connection_without_a_response() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        api.add_fault(json!({"kind": "reset"})).await;
        let error = api
            .http
            .get(api.url("/v1/domains"))
            .bearer_auth(&api.token)
            .send()
            .await
            .expect_err("a reset connection has no response");
        assert!(error.status().is_none(), "{error:?}");
        assert!(!error.is_timeout(), "{error:?}");
        assert!(is_dropped_connection(&error), "{error:?}");

        let log = api.request_log().await;
        let last = log.last().unwrap();
        assert_eq!(last["path"], "/v1/domains");
        assert!(last["status"].is_null());
        assert_eq!(last["fault"], "reset");

        // Used up: the next call works (on a new connection).
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_lost_response_fault_acts_then_drops_the_answer() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let domain = api.domain(1);
        let path = format!("/v1/releases/domains/{domain}");
        api.add_fault(json!({"kind": "loseResponse", "method": "PATCH", "pathPrefix": path}))
            .await;
        let error = api
            .http
            .patch(api.url(&path))
            .bearer_auth(&api.token)
            .json(&json!({"releaseId": "5.2.1.0", "operation": "TARGET"}))
            .send()
            .await
            .expect_err("the answer is lost");
        assert!(error.status().is_none(), "{error:?}");
        assert!(is_dropped_connection(&error), "{error:?}");

        let log = api.request_log().await;
        let last = log.last().unwrap();
        assert_eq!(last["method"], "PATCH");
        assert!(last["status"].is_null());
        assert_eq!(last["fault"], "loseResponse");

        // The request took effect although its client never learned it.
        let (status, views) = api.get("/v1/releases/domains").await;
        assert_eq!(status, StatusCode::OK);
        let view = views["elements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|view| view["domainId"] == domain.as_str())
            .unwrap()
            .clone();
        assert_eq!(view["targetVersion"], "5.2.1.0");
    })
    .await;
}

#[tokio::test]
async fn a_reset_is_a_tcp_reset_with_not_a_single_byte() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        api.add_fault(json!({"kind": "reset"})).await;
        let address = api.sim.local_addr();
        let outcome = tokio::task::spawn_blocking(move || {
            let mut stream = std::net::TcpStream::connect(address).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            stream
                .write_all(b"GET /v1/domains HTTP/1.1\r\nhost: sim\r\n\r\n")
                .unwrap();
            let mut received = Vec::new();
            let result = stream.read_to_end(&mut received);
            (result.map_err(|error| error.kind()), received)
        })
        .await
        .unwrap();
        assert_eq!(outcome, (Err(ErrorKind::ConnectionReset), Vec::new()));
    })
    .await;
}

#[tokio::test]
async fn a_delay_fault_slows_the_response_down() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        api.add_fault(json!({"kind": "delay", "delayMs": 300}))
            .await;
        let started = Instant::now();
        let (status, body) = api.get("/v1/domains").await;
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["elements"].as_array().unwrap().len(), 4);
        assert_eq!(api.request_log().await.last().unwrap()["fault"], "delay");

        // A client that gives up mid-delay leaves a "cancelled" entry.
        api.add_fault(json!({"kind": "delay", "delayMs": 5000}))
            .await;
        let impatient = api
            .http
            .get(api.url("/v1/domains"))
            .timeout(Duration::from_millis(100))
            .send()
            .await
            .expect_err("times out");
        assert!(impatient.is_timeout());
        loop {
            let log = api.request_log().await;
            if log.last().unwrap()["fault"] == "cancelled" {
                break;
            }
            tokio::time::sleep(common::POLL).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_body_fault_answers_exactly_the_given_body() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        api.add_fault(json!({
            "kind": "body", "status": 200, "contentType": "text/html",
            "body": "<html><body>Login</body></html>"
        }))
        .await;
        let response = api.http.get(api.url("/v1/domains")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/html");
        assert_eq!(response.text().await.unwrap(), "<html><body>Login</body></html>");

        api.add_fault(json!({"kind": "body", "body": "{\"elements\": [", "pathPrefix": "/v1/domains"}))
            .await;
        let response = api
            .http
            .get(api.url("/v1/domains"))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-type"], "application/json");
        assert!(response.json::<serde_json::Value>().await.is_err());

        api.add_fault(json!({"kind": "body", "status": 502, "contentType": "text/plain", "body": "Bad Gateway"}))
            .await;
        let response = api.http.get(api.url("/v1/domains")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(response.text().await.unwrap(), "Bad Gateway");
    })
    .await;
}

#[tokio::test]
async fn an_oversize_fault_streams_a_huge_body() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let size = 5 * 1024 * 1024;
        api.add_fault(json!({"kind": "oversize", "bytes": size}))
            .await;
        let response = api.http.get(api.url("/v1/domains")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.content_length(), Some(size));
        let body = response.bytes().await.unwrap();
        assert_eq!(body.len() as u64, size);
        assert!(body.starts_with(b"{\"elements\":[]"));
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());

        api.add_fault(json!({"kind": "oversize", "bytes": 100000, "chunked": true}))
            .await;
        let response = api.http.get(api.url("/v1/domains")).send().await.unwrap();
        assert!(response.headers().get("content-length").is_none());
        assert_eq!(response.bytes().await.unwrap().len(), 100000);
        assert_eq!(api.request_log().await.last().unwrap()["fault"], "oversize");
    })
    .await;
}

#[tokio::test]
async fn faults_match_by_method_and_path_prefix_and_wear_out() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let bundle = api.bundle_ids(&api.domain(1)).await[0].clone();
        api.add_fault(json!({
            "kind": "status", "status": 500, "method": "get", "pathPrefix": "/v1/bundles/", "count": 2
        }))
        .await;
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::OK);
        assert_eq!(api.request_download(&bundle).await.0, StatusCode::ACCEPTED);
        let path = format!("/v1/bundles/{bundle}");
        assert_eq!(api.get(&path).await.0, StatusCode::INTERNAL_SERVER_ERROR);
        let (_, faults) = api.control(Method::GET, "/sim/faults", None).await;
        assert_eq!(faults["faults"][0]["remaining"], 1);
        assert_eq!(faults["faults"][0]["method"], "GET");
        assert_eq!(api.get(&path).await.0, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(api.get(&path).await.0, StatusCode::OK);
        let (_, faults) = api.control(Method::GET, "/sim/faults", None).await;
        assert_eq!(faults["faults"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn faults_can_be_listed_removed_and_cleared() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let first = api.add_fault(json!({"kind": "reset", "count": 3})).await;
        let second = api
            .add_fault(json!({"kind": "delay", "delayMs": 1, "pathPrefix": "/v1/tokens"}))
            .await;
        assert_ne!(first, second);
        let (status, listed) = api.control(Method::GET, "/sim/faults", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            listed["faults"],
            json!([
                {"id": first, "remaining": 3, "kind": "reset"},
                {"id": second, "remaining": 1, "kind": "delay", "delayMs": 1, "pathPrefix": "/v1/tokens"},
            ])
        );
        let (status, _) = api
            .control(Method::DELETE, &format!("/sim/faults/{first}"), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, body) = api
            .control(Method::DELETE, &format!("/sim/faults/{first}"), None)
            .await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "FAULT_NOT_FOUND");
        let (status, _) = api.control(Method::DELETE, "/sim/faults", None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, listed) = api.control(Method::GET, "/sim/faults", None).await;
        assert_eq!(listed["faults"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn invalid_fault_specs_are_bad_requests() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        for spec in [
            json!({}),
            json!({"kind": "explode"}),
            json!({"kind": "status"}),
            json!({"kind": "status", "status": "503"}),
            json!({"kind": "status", "status": 99}),
            json!({"kind": "delay"}),
            json!({"kind": "delay", "delayMs": -5}),
            json!({"kind": "body"}),
            json!({"kind": "oversize"}),
            json!({"kind": "reset", "count": 0}),
            json!({"kind": "reset", "method": "NOT A METHOD"}),
            json!(["reset"]),
        ] {
            let (status, body) = api
                .control(Method::POST, "/sim/faults", Some(spec.clone()))
                .await;
            assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        }
    })
    .await;
}

#[tokio::test]
async fn faults_and_outages_never_touch_the_control_api() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, _) = api.control(Method::DELETE, "/sim/requests", None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        api.add_fault(json!({"kind": "reset", "count": 5})).await;
        api.control(
            Method::POST,
            "/sim/outage",
            Some(json!({"durationMs": 10000, "mode": "reset"})),
        )
        .await;
        for path in [
            "/sim/health",
            "/sim/faults",
            "/sim/requests",
            "/sim/domains",
            "/sim/outage",
        ] {
            assert_eq!(
                api.control(Method::GET, path, None).await.0,
                StatusCode::OK,
                "{path}"
            );
        }
        let (_, faults) = api.control(Method::GET, "/sim/faults", None).await;
        assert_eq!(faults["faults"][0]["remaining"], 5);
        assert!(api.request_log().await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_controlled_outage_answers_503_then_recovers() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, outage) = api
            .control(
                Method::POST,
                "/sim/outage",
                Some(json!({"durationMs": 400})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(outage["mode"], "unavailable");
        let (_, listed) = api.control(Method::GET, "/sim/outage", None).await;
        assert_eq!(listed["outages"].as_array().unwrap().len(), 1);

        let response = api
            .http
            .post(api.url("/v1/tokens"))
            .json(&json!({"username": common::USERNAME, "password": common::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["retry-after"], "1");
        let (status, body) = common::into_json(response).await;
        assert_error(
            status,
            &body,
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
        );

        tokio::time::sleep(Duration::from_millis(450)).await;
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::OK);
        let (_, listed) = api.control(Method::GET, "/sim/outage", None).await;
        assert_eq!(listed["outages"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn a_reset_outage_drops_connections_until_it_is_ended() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, _) = api
            .control(
                Method::POST,
                "/sim/outage",
                Some(json!({"durationMs": 60000, "mode": "reset"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        for _ in 0..3 {
            let error = api
                .http
                .get(api.url("/v1/domains"))
                .bearer_auth(&api.token)
                .send()
                .await
                .expect_err("reset");
            assert!(is_dropped_connection(&error), "{error:?}");
        }
        let (status, _) = api.control(Method::DELETE, "/sim/outage", None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::OK);

        for bad in [
            json!({}),
            json!({"durationMs": 10, "mode": "sideways"}),
            json!({"durationMs": "10"}),
        ] {
            let (status, body) = api.control(Method::POST, "/sim/outage", Some(bad)).await;
            assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        }
    })
    .await;
}
