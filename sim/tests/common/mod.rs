//! Helpers shared by the integration tests: an in-process simulator, a logged-in client and
//! bounded waits for the upgrade flow.
#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the helpers"
)]

pub mod spec;
pub mod vcf52;

use std::future::Future;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::{RunningSim, Scenario, SimConfig};

/// Upper bound for any single test.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Step used by most tests: long enough to observe IN_PROGRESS, short enough to be quick.
pub const STEP: Duration = Duration::from_millis(25);
/// Pause between polls.
pub const POLL: Duration = Duration::from_millis(3);
pub const RELEASE: &str = "5.2.1.0";
pub const USERNAME: &str = "administrator@vsphere.local";
pub const PASSWORD: &str = "VMware1!VMware1!";

/// Runs a test body, failing it if it takes longer than [`TEST_TIMEOUT`].
pub async fn bounded<F: Future>(body: F) -> F::Output {
    tokio::time::timeout(TEST_TIMEOUT, body)
        .await
        .expect("the test took longer than its time bound")
}

/// A configuration for tests: loopback, short steps, the given scenarios.
pub fn config(scenarios: &[(usize, Scenario)]) -> SimConfig {
    SimConfig {
        step: STEP,
        scenarios: scenarios.iter().copied().collect(),
        ..SimConfig::default()
    }
}

/// An HTTP client that never uses a proxy (the environment may set one) and never waits long.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// A simulator plus a client logged in to it.
pub struct Api {
    pub sim: RunningSim,
    pub http: reqwest::Client,
    pub token: String,
    pub refresh_id: String,
}

impl Api {
    pub async fn start(config: SimConfig) -> Api {
        let sim = vcf_sim::start(config).await.expect("simulator starts");
        let http = http_client();
        let mut api = Api {
            sim,
            http,
            token: String::new(),
            refresh_id: String::new(),
        };
        api.login().await;
        api
    }

    pub async fn login(&mut self) {
        let (status, body) = self
            .anonymous(
                Method::POST,
                "/v1/tokens",
                Some(json!({"username": USERNAME, "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login: {body}");
        self.token = body["accessToken"]
            .as_str()
            .expect("accessToken")
            .to_owned();
        self.refresh_id = body["refreshToken"]["id"]
            .as_str()
            .expect("refreshToken.id")
            .to_owned();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.url())
    }

    pub fn domain(&self, index: usize) -> String {
        self.sim.domain_id(index)
    }

    /// An authenticated call with an optional JSON body; returns status and JSON body
    /// (`Value::Null` for an empty body).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        into_json(request.send().await.expect("response")).await
    }

    /// A call without a token.
    pub async fn anonymous(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        into_json(request.send().await.expect("response")).await
    }

    /// An authenticated call with a raw body.
    pub async fn call_raw(
        &self,
        method: Method,
        path: &str,
        body: &'static [u8],
    ) -> (StatusCode, Value) {
        let request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body);
        into_json(request.send().await.expect("response")).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    /// A control API call (no token).
    pub async fn control(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.anonymous(method, path, body).await
    }

    /// The request log, as `GET /sim/requests` returns it.
    pub async fn request_log(&self) -> Vec<Value> {
        let (status, body) = self.control(Method::GET, "/sim/requests", None).await;
        assert_eq!(status, StatusCode::OK);
        body["requests"].as_array().expect("requests").clone()
    }

    /// Adds a fault through the control API; returns its id.
    pub async fn add_fault(&self, fault: Value) -> u64 {
        let (status, body) = self.control(Method::POST, "/sim/faults", Some(fault)).await;
        assert_eq!(status, StatusCode::OK, "add fault: {body}");
        body["id"].as_u64().expect("fault id")
    }

    // --- The upgrade flow, step by step -------------------------------------------------

    pub async fn future_release(&self, domain: &str) -> Value {
        let (status, body) = self
            .get(&format!("/v1/releases/domains/{domain}/future-releases"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["elements"][0].clone()
    }

    pub async fn target(&self, domain: &str) -> (StatusCode, Value) {
        self.call(
            Method::PATCH,
            &format!("/v1/releases/domains/{domain}"),
            Some(json!({"releaseId": RELEASE, "operation": "TARGET"})),
        )
        .await
    }

    pub async fn bundle_ids(&self, domain: &str) -> Vec<String> {
        self.future_release(domain).await["patchBundles"]
            .as_array()
            .expect("patchBundles")
            .iter()
            .map(|bundle| bundle["bundleId"].as_str().expect("bundleId").to_owned())
            .collect()
    }

    pub async fn request_download(&self, bundle_id: &str) -> (StatusCode, Value) {
        self.call(
            Method::PATCH,
            &format!("/v1/bundles/{bundle_id}"),
            Some(json!({"operation": "DOWNLOAD"})),
        )
        .await
    }

    /// Polls a bundle until its download is no longer IN_PROGRESS; returns the bundle.
    pub async fn wait_for_download(&self, bundle_id: &str) -> Value {
        loop {
            let (status, bundle) = self.get(&format!("/v1/bundles/{bundle_id}")).await;
            assert_eq!(status, StatusCode::OK, "{bundle}");
            if bundle["downloadStatus"] != "IN_PROGRESS" {
                return bundle;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Downloads every bundle of the domain's release (one attempt each); returns the bundles.
    pub async fn download_all(&self, domain: &str) -> Vec<Value> {
        let mut bundles = Vec::new();
        for bundle_id in self.bundle_ids(domain).await {
            let (status, task) = self.request_download(&bundle_id).await;
            assert_eq!(status, StatusCode::ACCEPTED, "{task}");
            bundles.push(self.wait_for_download(&bundle_id).await);
        }
        bundles
    }

    pub async fn start_precheck(&self, domain: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            &format!("/v1/domains/{domain}/upgrades/precheck"),
            Some(json!({"releaseId": RELEASE, "skipKnownHostCheck": false})),
        )
        .await
    }

    /// Polls a precheck until it has finished; returns it.
    pub async fn wait_for_precheck(&self, domain: &str, precheck_id: &str) -> Value {
        loop {
            let (status, precheck) = self
                .get(&format!(
                    "/v1/domains/{domain}/upgrades/precheck/{precheck_id}"
                ))
                .await;
            assert_eq!(status, StatusCode::OK, "{precheck}");
            if precheck["status"] != "IN_PROGRESS" {
                return precheck;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub async fn start_upgrade(&self, domain: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            &format!("/v1/domains/{domain}/upgrades"),
            Some(json!({"releaseId": RELEASE, "skipKnownHostCheck": false})),
        )
        .await
    }

    /// Polls an upgrade until its status is no longer IN_PROGRESS (or SCHEDULED); returns
    /// it. Every observed state is appended to `seen`.
    pub async fn wait_for_upgrade(
        &self,
        domain: &str,
        upgrade_id: &str,
        seen: &mut Vec<Value>,
    ) -> Value {
        loop {
            let (status, upgrade) = self
                .get(&format!("/v1/domains/{domain}/upgrades/{upgrade_id}"))
                .await;
            assert_eq!(status, StatusCode::OK, "{upgrade}");
            seen.push(upgrade.clone());
            if upgrade["status"] != "IN_PROGRESS" && upgrade["status"] != "SCHEDULED" {
                return upgrade;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Target, download and a successful precheck: the domain is ready to upgrade.
    pub async fn prepare_upgrade(&self, domain: &str) {
        let (status, body) = self.target(domain).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        for bundle in self.download_all(domain).await {
            assert_eq!(bundle["downloadStatus"], "SUCCESSFUL", "{bundle}");
        }
        let (status, precheck) = self.start_precheck(domain).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{precheck}");
        let id = precheck["id"].as_str().expect("precheck id");
        let finished = self.wait_for_precheck(domain, id).await;
        assert_eq!(finished["status"], "COMPLETED_WITH_SUCCESS", "{finished}");
    }
}

/// Reads a response as JSON, asserting a JSON content type whenever there is a body.
pub async fn into_json(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("body");
    if text.is_empty() {
        return (status, Value::Null);
    }
    assert!(
        content_type.starts_with("application/json"),
        "{status} with content-type '{content_type}': {text}"
    );
    let body =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"));
    (status, body)
}

/// Asserts an SDDC-style `Error` body with the given status and code.
pub fn assert_error(
    status: StatusCode,
    body: &Value,
    expected_status: StatusCode,
    expected_code: &str,
) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["errorCode"], expected_code, "{body}");
    assert_eq!(body["errorType"], "ERROR", "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| !message.is_empty()),
        "{body}"
    );
    let reference = body["referenceToken"].as_str().unwrap_or_default();
    assert_eq!(reference.len(), 6, "{body}");
}
