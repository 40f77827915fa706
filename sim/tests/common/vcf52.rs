//! A client of the `vcf52` dialect that validates every request it sends and every answer it
//! gets against VMware's SDDC Manager 5.2.1 OpenAPI document, and walks the upgrade flow the
//! way `../shared/vcf/README.md` describes it.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::{Dialect, RunningSim, Scenario, SimConfig, VcfVersion};

use super::spec::{Response, Spec};
use super::{http_client, PASSWORD, POLL, STEP, USERNAME};

/// Statuses the simulator may answer although the operation does not declare them, always
/// with an `Error` body: 400 (bad body on an operation that declares no 400), 401 (the spec
/// has no security schemes, so no operation declares it), 404, 409 and 503 (outage).
pub const UNDECLARED_ALLOWED: [u16; 5] = [400, 401, 404, 409, 503];

/// Running `Upgrade.status` values (the spec does not enumerate them).
pub const RUNNING: [&str; 4] = ["PENDING", "SCHEDULED", "IN_PROGRESS", "INPROGRESS"];

/// A `vcf52` configuration for tests.
pub fn config52(domains: usize, scenarios: &[(usize, Scenario)]) -> SimConfig {
    SimConfig {
        dialect: Dialect::Vcf52,
        domains,
        step: STEP,
        scenarios: scenarios.iter().copied().collect(),
        ..SimConfig::default()
    }
}

/// One answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

/// A logged-in, validating client of one `vcf52` simulator.
pub struct Client52 {
    pub sim: RunningSim,
    pub http: reqwest::Client,
    pub token: String,
    pub refresh_id: String,
    pub spec: &'static Spec,
    /// `operationId status` of every answer validated.
    pub validated: Mutex<BTreeSet<String>>,
    /// Every request body validated (count).
    pub requests_validated: Mutex<usize>,
    /// The SDDC Manager version the simulator plays: 9.x is checked against the 9.0.2
    /// document, and its ESX upgrades name an image.
    pub version: VcfVersion,
}

impl Client52 {
    pub async fn start(config: SimConfig) -> Client52 {
        let version = config.vcf_version;
        let sim = vcf_sim::start(config).await.expect("simulator starts");
        Client52::connect_as(sim, http_client(), version).await
    }

    pub async fn connect(sim: RunningSim, http: reqwest::Client) -> Client52 {
        Client52::connect_as(sim, http, VcfVersion::V5_2_1).await
    }

    /// A client of a simulator playing `version`: 9.x answers are checked against 9.0.2.
    pub async fn connect_as(
        sim: RunningSim,
        http: reqwest::Client,
        version: VcfVersion,
    ) -> Client52 {
        let mut client = Client52 {
            sim,
            http,
            token: String::new(),
            refresh_id: String::new(),
            spec: if version.is_9() {
                Spec::get_9_0_2()
            } else {
                Spec::get()
            },
            validated: Mutex::new(BTreeSet::new()),
            requests_validated: Mutex::new(0),
            version,
        };
        client.login().await;
        client
    }

    pub fn domain(&self, index: usize) -> String {
        self.sim.domain_id(index)
    }

    /// `createToken`, retried through outages.
    pub async fn login(&mut self) {
        loop {
            let answer = self
                .try_call(
                    Method::POST,
                    "/v1/tokens",
                    &[],
                    None,
                    Some(json!({"username": USERNAME, "password": PASSWORD})),
                )
                .await;
            match answer {
                Ok(answer) if answer.status == StatusCode::CREATED => {
                    self.token = answer.body["accessToken"]
                        .as_str()
                        .expect("accessToken")
                        .to_owned();
                    self.refresh_id = answer.body["refreshToken"]["id"]
                        .as_str()
                        .expect("refreshToken.id")
                        .to_owned();
                    return;
                }
                Ok(answer) if answer.status == StatusCode::SERVICE_UNAVAILABLE => {}
                Err(_) => {}
                Ok(answer) => panic!("login: {} {}", answer.status, answer.body),
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// `refreshAccessToken`.
    pub async fn refresh(&mut self) -> Answer {
        let answer = self
            .call(
                Method::PATCH,
                "/v1/tokens/access-token/refresh",
                &[],
                None,
                Some(Value::String(self.refresh_id.clone())),
            )
            .await;
        if answer.status == StatusCode::OK {
            self.token = answer.body.as_str().expect("token string").to_owned();
        }
        answer
    }

    fn fill(template: &str, params: &[&str]) -> String {
        let mut path = String::new();
        let mut rest = template;
        let mut values = params.iter();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect("closing brace") + open;
            path.push_str(&rest[..open]);
            path.push_str(values.next().expect("a value for every path parameter"));
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        assert!(values.next().is_none(), "too many path parameters");
        path
    }

    fn check_request(&self, method: &Method, template: &str, body: Option<&Value>) {
        let schema = self.spec.request_schema(method.as_str(), template);
        match (schema, body) {
            (Some(schema), Some(body)) => {
                if let Err(errors) = self.spec.validate(schema, body, true) {
                    panic!("request body of {method} {template} is not valid: {errors:?}\n{body}");
                }
                *self.requests_validated.lock().expect("lock") += 1;
            }
            (None, Some(body)) => panic!("{method} {template} takes no body, got {body}"),
            _ => {}
        }
    }

    /// Validates an answer against the spec; panics with the reason when it does not fit.
    pub fn check_answer(&self, method: &Method, template: &str, status: StatusCode, text: &str) {
        let text = self.without_9_1_fields(method, template, text);
        let operation = check_answer_in(self.spec, method, template, status, &text);
        self.validated
            .lock()
            .expect("lock")
            .insert(format!("{operation} {}", status.as_u16()));
    }

    /// 9.1 answers 9.0.2's calls with fields 9.0.2 does not declare: each is checked by hand
    /// against 9.1's bindings and taken out before the 9.0.2 check.
    fn without_9_1_fields(&self, method: &Method, template: &str, text: &str) -> String {
        if self.version < VcfVersion::V9_1_0 || method != Method::GET {
            return text.to_owned();
        }
        let Ok(mut body) = serde_json::from_str::<Value>(text) else {
            return text.to_owned();
        };
        match template {
            "/v1/upgrades/{upgradeId}" => strip_9_1_upgrade_fields(&mut body),
            "/v1/upgrades" => {
                let elements = body.get_mut("elements").and_then(Value::as_array_mut);
                for upgrade in elements.into_iter().flatten() {
                    strip_9_1_upgrade_fields(upgrade);
                }
            }
            "/v1/releases/domains/{domainId}" => {}
            _ => return text.to_owned(),
        }
        if let Some(object) = body.as_object_mut() {
            if let Some(sequence) = object.remove("upgradeSequence") {
                // UpgradeSequence {optimizedMaintenanceWindow: boolean}.
                let fields = sequence.as_object().expect("upgradeSequence is an object");
                assert!(fields.keys().all(|key| key == "optimizedMaintenanceWindow"));
                assert!(
                    fields["optimizedMaintenanceWindow"].is_boolean(),
                    "{sequence}"
                );
                self.validated
                    .lock()
                    .expect("lock")
                    .insert(String::from("~ 9.1 upgradeSequence"));
            }
        }
        body.to_string()
    }

    /// A GET whose answer must fit VMware's 9.0.2 document as well as 5.2.1's.
    pub async fn get_both(&self, template: &str, params: &[&str], query: Option<&str>) -> Answer {
        let answer = self.get(template, params, query).await;
        let text = if answer.body.is_null() {
            String::new()
        } else {
            answer.body.to_string()
        };
        let operation = check_answer_in(
            Spec::get_9_0_2(),
            &Method::GET,
            template,
            answer.status,
            &text,
        );
        self.validated
            .lock()
            .expect("lock")
            .insert(format!("{operation} {} 9.0.2", answer.status.as_u16()));
        answer
    }

    /// Sends a request whose body need not be valid (for refusal tests); the answer is still
    /// validated.
    pub async fn try_call_unchecked(
        &self,
        method: Method,
        template: &str,
        params: &[&str],
        query: Option<&str>,
        body: Option<Value>,
    ) -> Result<Answer, reqwest::Error> {
        let mut url = format!("{}{}", self.sim.url(), Self::fill(template, params));
        if let Some(query) = query {
            url.push('?');
            url.push_str(query);
        }
        let mut request = self.http.request(method.clone(), url);
        if !self.token.is_empty() {
            request = request.bearer_auth(&self.token);
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        self.check_answer(&method, template, status, &text);
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::Null)
        };
        Ok(Answer { status, body })
    }

    /// A request with a spec-valid body (checked closed before it is sent).
    pub async fn try_call(
        &self,
        method: Method,
        template: &str,
        params: &[&str],
        query: Option<&str>,
        body: Option<Value>,
    ) -> Result<Answer, reqwest::Error> {
        self.check_request(&method, template, body.as_ref());
        self.try_call_unchecked(method, template, params, query, body)
            .await
    }

    pub async fn call(
        &self,
        method: Method,
        template: &str,
        params: &[&str],
        query: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        self.try_call(method, template, params, query, body)
            .await
            .unwrap_or_else(|error| panic!("{template}: {error}"))
    }

    pub async fn get(&self, template: &str, params: &[&str], query: Option<&str>) -> Answer {
        self.call(Method::GET, template, params, query, None).await
    }

    /// A GET that rides out outages (503, resets) and 401s (refreshing, then logging in).
    pub async fn poll_get(
        &mut self,
        template: &str,
        params: &[&str],
        query: Option<&str>,
    ) -> Value {
        loop {
            match self
                .try_call(Method::GET, template, params, query, None)
                .await
            {
                Ok(answer) if answer.status == StatusCode::OK => return answer.body,
                Ok(answer) if answer.status == StatusCode::UNAUTHORIZED => {
                    self.record_unauthorized();
                    if self.refresh().await.status != StatusCode::OK {
                        self.login().await;
                    }
                }
                Ok(answer) if answer.status == StatusCode::SERVICE_UNAVAILABLE => {
                    self.record_outage();
                }
                Err(_) => self.record_outage(),
                Ok(answer) => panic!("GET {template}: {} {}", answer.status, answer.body),
            }
            tokio::time::sleep(POLL).await;
        }
    }

    fn record_unauthorized(&self) {
        self.validated
            .lock()
            .expect("lock")
            .insert(String::from("~ rode out a 401"));
    }

    fn record_outage(&self) {
        self.validated
            .lock()
            .expect("lock")
            .insert(String::from("~ rode out an outage"));
    }

    pub fn saw(&self, entry: &str) -> bool {
        self.validated.lock().expect("lock").contains(entry)
    }
}

/// Takes out of an `Upgrade` the 9.1 inputs it echoes (9.1's bindings: `ResourceUpgradeSpec
/// .type`, `hostsToUpgrade`, `VcenterUpgradeUserInputSpec.switchoverType`,
/// `targetVcenterAppliance`, `NsxtUpgradeOptions.isMpUpgrade`, `isDatapathApplianceUpgrade`).
fn strip_9_1_upgrade_fields(upgrade: &mut Value) {
    let remove = |value: &mut Value, keys: &[&str]| {
        if let Some(object) = value.as_object_mut() {
            for key in keys {
                object.remove(*key);
            }
        }
    };
    for spec in upgrade
        .get_mut("resourceUpgradeSpecs")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        assert!(spec.get("type").is_none_or(Value::is_string), "{spec}");
        assert!(
            spec.get("hostsToUpgrade").is_none_or(Value::is_array),
            "{spec}"
        );
        remove(spec, &["type", "hostsToUpgrade"]);
    }
    if let Some(vcenter) = upgrade.get_mut("vcenterUpgradeUserInputSpec") {
        remove(vcenter, &["switchoverType", "targetVcenterAppliance"]);
    }
    if let Some(options) = upgrade
        .get_mut("nsxtUpgradeUserInputSpec")
        .and_then(|nsx| nsx.get_mut("nsxtUpgradeOptions"))
    {
        remove(options, &["isMpUpgrade", "isDatapathApplianceUpgrade"]);
    }
}

/// Validates an answer against `spec`; panics with the reason when it does not fit. Returns
/// the operation id.
pub fn check_answer_in(
    spec: &Spec,
    method: &Method,
    template: &str,
    status: StatusCode,
    text: &str,
) -> String {
    let code = status.as_u16();
    let operation = spec.operation_id(method.as_str(), template);
    let body: Option<Value> = (!text.is_empty()).then(|| {
        serde_json::from_str(text)
            .unwrap_or_else(|error| panic!("{operation} {code}: not JSON ({error}): {text}"))
    });
    let schema = match spec.response(method.as_str(), template, code) {
        Response::Declared(None) => {
            assert!(
                body.is_none(),
                "{operation} {code} declares no body, got {text}"
            );
            None
        }
        Response::Declared(Some(schema)) => Some(schema),
        Response::Undeclared => {
            assert!(
                UNDECLARED_ALLOWED.contains(&code),
                "{operation} answered {code}, which the spec does not declare: {text}"
            );
            Some(spec.schema("Error"))
        }
    };
    if let Some(schema) = schema {
        let body = body.unwrap_or_else(|| panic!("{operation} {code} has no body"));
        if let Err(errors) = spec.validate(schema, &body, true) {
            panic!("{operation} {code} does not fit the spec: {errors:?}\n{body}");
        }
    }
    operation
}

/// How walking a domain through the upgrade flow ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    NoUpdate,
    DownloadFailed,
    PrecheckFailed,
    UpgradeFailed,
    Upgraded,
}

/// What a walk observed on the way.
#[derive(Clone, Debug, Default)]
pub struct Walk {
    pub warnings: u64,
    pub errors: u64,
    pub download_failures: usize,
    pub upgrade_statuses: BTreeSet<String>,
    pub retried_tasks: usize,
    /// Component types of the bundles upgraded, in order.
    pub upgraded: Vec<String>,
}

/// The bom name of a check-set resource type.
fn bom_name(resource_type: &str) -> &str {
    if resource_type == "SDDC_MANAGER" {
        "SDDC_MANAGER_VCF"
    } else {
        resource_type
    }
}

/// Walks domain `index` through the whole flow of `../shared/vcf/README.md`.
pub async fn walk_domain(client: &mut Client52, index: usize) -> (Ending, Walk) {
    let domain = client.domain(index);
    let d = domain.as_str();
    let mut walk = Walk::default();

    // Inventory.
    let domains = client.get("/v1/domains", &[], None).await;
    assert_eq!(domains.status, StatusCode::OK);
    assert!(domains.body["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .any(|element| element["id"] == d));
    let one = client.get("/v1/domains/{id}", &[d], None).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.body["status"], "ACTIVE");
    let managers = client.get("/v1/sddc-managers", &[], None).await;
    assert_eq!(managers.status, StatusCode::OK);
    let query = format!("domainId={d}");
    let releases = client.get("/v1/releases", &[], Some(&query)).await;
    assert_eq!(releases.status, StatusCode::OK);
    let current = releases.body["elements"][0]["version"]
        .as_str()
        .expect("current version")
        .to_owned();
    let future = client
        .get(
            "/v1/releases/domains/{domainId}/future-releases",
            &[d],
            None,
        )
        .await;
    assert_eq!(future.status, StatusCode::OK);
    let candidate = future.body["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .find(|release| release["applicabilityStatus"] == "APPLICABLE")
        .cloned();
    let view = client
        .get("/v1/releases/domains/{domainId}", &[d], None)
        .await;
    assert_eq!(view.status, StatusCode::OK);
    let Some(release) = candidate else {
        assert_eq!(view.body["targetVersion"], current.as_str());
        let upgradables = client
            .get("/v1/upgradables/domains/{domainId}", &[d], None)
            .await;
        assert_eq!(upgradables.body["elements"], json!([]));
        return (Ending::NoUpdate, walk);
    };
    let target = release["version"].as_str().expect("version").to_owned();
    assert!(current.as_str() < target.as_str());
    assert!(release["minCompatibleVcfVersion"].as_str().expect("min") <= current.as_str());

    // Before targeting, nothing is upgradable.
    let target_query = format!("targetVersion={target}");
    let before = client
        .get(
            "/v1/upgradables/domains/{domainId}",
            &[d],
            Some(&target_query),
        )
        .await;
    assert_eq!(before.body["elements"], json!([]));

    // Optional pre-flight validation of the target.
    let validation = client
        .call(
            Method::POST,
            "/v1/releases/domains/{domainId}/validations",
            &[d],
            None,
            Some(json!({"targetVersion": target})),
        )
        .await;
    assert_eq!(validation.status, StatusCode::ACCEPTED, "{:?}", validation);
    let validation_id = validation.body["id"].as_str().expect("id").to_owned();
    loop {
        let polled = client
            .poll_get(
                "/v1/releases/domains/validations/{validationId}",
                &[&validation_id],
                None,
            )
            .await;
        if polled["executionStatus"] != "IN_PROGRESS" {
            assert_eq!(polled["executionStatus"], "COMPLETED");
            assert_eq!(polled["resultStatus"], "SUCCEEDED", "{polled}");
            break;
        }
        tokio::time::sleep(POLL).await;
    }

    // Target.
    let targeted = client
        .call(
            Method::PATCH,
            "/v1/releases/domains/{domainId}",
            &[d],
            None,
            Some(json!({"targetVersion": target})),
        )
        .await;
    assert_eq!(targeted.status, StatusCode::OK);
    assert_eq!(targeted.body, Value::Null);
    let view = client
        .get("/v1/releases/domains/{domainId}", &[d], None)
        .await;
    assert_eq!(view.body["targetVersion"], target.as_str());

    // Download every bundle the upgradables name (at most 4 attempts each).
    let upgradables = client
        .get(
            "/v1/upgradables/domains/{domainId}",
            &[d],
            Some(&target_query),
        )
        .await;
    let bundle_ids: Vec<String> = upgradables.body["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .map(|element| element["bundleId"].as_str().expect("bundleId").to_owned())
        .collect();
    assert!(!bundle_ids.is_empty());
    let patch_bundles: Vec<&str> = release["patchBundles"]
        .as_array()
        .expect("patchBundles")
        .iter()
        .filter_map(|bundle| bundle["bundleId"].as_str())
        .collect();
    assert_eq!(
        patch_bundles,
        bundle_ids.iter().map(String::as_str).collect::<Vec<_>>()
    );
    for bundle_id in &bundle_ids {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let task = client
                .call(
                    Method::PATCH,
                    "/v1/bundles/{id}",
                    &[bundle_id],
                    None,
                    Some(json!({"bundleDownloadSpec": {"downloadNow": true}})),
                )
                .await;
            assert_eq!(task.status, StatusCode::ACCEPTED, "{:?}", task);
            let task_id = task.body["id"].as_str().expect("task id").to_owned();
            let bundle = loop {
                let bundle = client
                    .poll_get("/v1/bundles/{id}", &[bundle_id], None)
                    .await;
                if bundle["downloadStatus"] != "IN_PROGRESS" {
                    break bundle;
                }
                tokio::time::sleep(POLL).await;
            };
            let task = client.poll_get("/v1/tasks/{id}", &[&task_id], None).await;
            if bundle["downloadStatus"] == "SUCCESSFUL" {
                assert_eq!(task["status"], "SUCCESSFUL");
                break;
            }
            assert_eq!(bundle["downloadStatus"], "FAILED");
            assert_eq!(task["status"], "FAILED");
            assert!(
                task["errors"][0]["message"]
                    .as_str()
                    .is_some_and(|message| !message.is_empty()),
                "{task}"
            );
            walk.download_failures += 1;
            if attempts == 4 {
                return (Ending::DownloadFailed, walk);
            }
        }
    }

    // Precheck: discovery, then check-sets for the target versions of the release's bom.
    let discovery = client
        .call(
            Method::POST,
            "/v1/system/check-sets/queries",
            &[],
            None,
            Some(json!({"checkSetType": "UPGRADE", "domains": [{"domainId": d}]})),
        )
        .await;
    assert_eq!(discovery.status, StatusCode::OK, "{:?}", discovery);
    let bom = release["bom"].as_array().expect("bom");
    let wanted: Vec<Value> = discovery.body["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|resource| {
            let resource_type = resource["resourceType"].as_str().expect("type");
            let version = bom
                .iter()
                .find(|product| product["name"] == bom_name(resource_type))
                .and_then(|product| product["version"].as_str())
                .expect("bom version");
            json!({"resourceType": resource_type, "resourceTargetVersion": version})
        })
        .collect();
    let candidates = client
        .call(
            Method::POST,
            "/v1/system/check-sets/queries",
            &[],
            None,
            Some(json!({"checkSetType": "UPGRADE",
                        "domains": [{"domainId": d, "resources": wanted}]})),
        )
        .await;
    assert_eq!(candidates.status, StatusCode::OK, "{:?}", candidates);
    let selection: Vec<Value> = candidates.body["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|resource| {
            json!({
                "resourceType": resource["resourceType"],
                "resourceId": resource["resourceId"],
                "resourceName": resource["resourceName"],
                "domain": resource["domain"],
                "checkSets": resource["checkSets"].as_array().expect("checkSets").iter()
                    .map(|set| json!({"checkSetId": set["checkSetId"]})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let run = client
        .call(
            Method::POST,
            "/v1/system/check-sets",
            &[],
            None,
            Some(json!({"queryId": candidates.body["queryId"], "resources": selection})),
        )
        .await;
    assert_eq!(run.status, StatusCode::ACCEPTED, "{:?}", run);
    let run_id = run.body["id"].as_str().expect("run id").to_owned();
    let result = loop {
        let result = client
            .poll_get("/v1/system/check-sets/{runId}", &[&run_id], None)
            .await;
        if result["status"] != "IN_PROGRESS" {
            break result;
        }
        tokio::time::sleep(POLL).await;
    };
    let runs = client.get("/v1/system/check-sets", &[], Some(&query)).await;
    assert_eq!(runs.body[0]["id"], run_id.as_str());
    client.get("/v1/tasks/{id}", &[&run_id], None).await;
    let summary = &result["presentedArtifactsMap"]["validation-domain-summary"];
    walk.errors = summary["errorValidationsCount"].as_u64().expect("errors");
    walk.warnings = summary["warningGapsCount"].as_u64().expect("warnings");
    if result["status"] == "COMPLETED_WITH_FAILURE" || walk.errors > 0 {
        let findings = result["validationResult"]["nestedErrors"]
            .as_array()
            .expect("findings");
        assert!(findings
            .iter()
            .any(|finding| finding["errorType"] == "ERROR"
                && finding["remediationMessage"]
                    .as_str()
                    .is_some_and(|text| !text.is_empty())));
        return (Ending::PrecheckFailed, walk);
    }
    assert_eq!(result["status"], "COMPLETED_WITH_SUCCESS");

    // Upgrade, one bundle at a time, as the server offers them.
    loop {
        let upgradables = client
            .poll_get(
                "/v1/upgradables/domains/{domainId}",
                &[d],
                Some(&target_query),
            )
            .await;
        let elements = upgradables["elements"]
            .as_array()
            .expect("elements")
            .clone();
        let Some(next) = elements
            .iter()
            .find(|element| element["status"] == "AVAILABLE")
        else {
            assert!(elements
                .iter()
                .all(|element| element["status"] == "COMPLETED"));
            break;
        };
        let bundle_id = next["bundleId"].as_str().expect("bundleId").to_owned();
        let bundle = client
            .poll_get("/v1/bundles/{id}", &[&bundle_id], None)
            .await;
        let component = bundle["components"][0]["type"]
            .as_str()
            .expect("component type")
            .to_owned();
        let mut spec = json!({
            "bundleId": bundle_id,
            "resourceType": "DOMAIN",
            "resourceUpgradeSpecs": [{"resourceId": d, "upgradeNow": true}],
        });
        if component == "NSX_T_MANAGER" {
            let nsx_query = format!("bundleId={bundle_id}");
            let resources = client
                .poll_get(
                    "/v1/upgradables/domains/{domainId}/nsxt",
                    &[d],
                    Some(&nsx_query),
                )
                .await;
            spec["nsxtUpgradeUserInputSpecs"] = json!([{
                "nsxtId": resources["nsxtManagerCluster"]["id"],
                "nsxtHostClusterUpgradeSpecs": resources["nsxtHostClusters"].as_array()
                    .expect("host clusters").iter()
                    .map(|cluster| json!({"hostClusterId": cluster["id"], "liveUpgrade": false}))
                    .collect::<Vec<_>>(),
                "nsxtEdgeClusterUpgradeSpecs": resources["nsxtEdgeClusters"].as_array()
                    .expect("edge clusters").iter()
                    .map(|cluster| json!({"edgeClusterId": cluster["id"]}))
                    .collect::<Vec<_>>(),
                "nsxtUpgradeOptions": {"isEdgeOnlyUpgrade": false},
            }]);
        }
        if component == "ESX_HOST" && client.version.is_9() {
            // ESX 9 hosts take vSphere Lifecycle Manager images only: name the target's.
            let esx = bom
                .iter()
                .find(|product| product["name"] == "ESX_HOST")
                .and_then(|product| product["version"].as_str())
                .expect("the bom's ESX")
                .to_owned();
            let images_query = format!("baseOSVersion={esx}");
            let images = client
                .poll_get("/v1/personalities", &[], Some(&images_query))
                .await;
            spec["resourceUpgradeSpecs"][0]["personalitySpec"] =
                json!({"personalityId": images["elements"][0]["personalityId"]});
        }
        if component == "VCENTER" {
            let domain_body = client.poll_get("/v1/domains/{id}", &[d], None).await;
            spec["vcenterUpgradeUserInputSpecs"] = json!([{
                "resourceId": domain_body["vcenters"][0]["id"],
                "temporaryNetwork": {"networkMode": "AUTOMATIC"},
            }]);
        }
        let started = client
            .call(Method::POST, "/v1/upgrades", &[], None, Some(spec.clone()))
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{:?}", started);
        let upgrade_id = started.body["id"].as_str().expect("upgrade id").to_owned();
        walk.upgraded.push(component.clone());
        loop {
            let upgrade = client
                .poll_get("/v1/upgrades/{upgradeId}", &[&upgrade_id], None)
                .await;
            let status = upgrade["status"].as_str().expect("status").to_owned();
            walk.upgrade_statuses.insert(status.clone());
            if RUNNING.contains(&status.as_str()) {
                tokio::time::sleep(POLL).await;
                continue;
            }
            if status == "COMPLETED_WITH_SUCCESS" {
                break;
            }
            assert_eq!(status, "COMPLETED_WITH_FAILURE", "{upgrade}");
            let task_id = upgrade["taskId"].as_str().expect("taskId").to_owned();
            let task = client.poll_get("/v1/tasks/{id}", &[&task_id], None).await;
            assert_eq!(task["status"], "FAILED");
            assert!(!task["errors"].as_array().expect("errors").is_empty());
            if task["isRetryable"] != true {
                let retry = client
                    .call(Method::PATCH, "/v1/tasks/{id}", &[&task_id], None, None)
                    .await;
                assert_eq!(retry.status, StatusCode::CONFLICT);
                return (Ending::UpgradeFailed, walk);
            }
            let retry = client
                .call(Method::PATCH, "/v1/tasks/{id}", &[&task_id], None, None)
                .await;
            assert_eq!(retry.status, StatusCode::OK, "{:?}", retry);
            walk.retried_tasks += 1;
        }
        let bundle_query = format!("bundleId={bundle_id}");
        let listed = client
            .poll_get("/v1/upgrades", &[], Some(&bundle_query))
            .await;
        assert!(listed["elements"]
            .as_array()
            .expect("elements")
            .iter()
            .any(|upgrade| upgrade["id"] == upgrade_id.as_str()
                && upgrade["resourceUpgradeSpecs"][0]["resourceId"] == d));
    }

    let releases = client.get("/v1/releases", &[], Some(&query)).await;
    assert_eq!(releases.body["elements"][0]["version"], target.as_str());
    let future = client
        .get(
            "/v1/releases/domains/{domainId}/future-releases",
            &[d],
            None,
        )
        .await;
    assert!(future.body["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .all(|release| release["applicabilityStatus"] != "APPLICABLE"));
    (Ending::Upgraded, walk)
}

/// Targets `domain` at 5.2.1.0; returns its bundle ids in upgrade order.
pub async fn target(client: &Client52, domain: &str) -> Vec<String> {
    let targeted = client
        .call(
            Method::PATCH,
            "/v1/releases/domains/{domainId}",
            &[domain],
            None,
            Some(json!({"targetVersion": "5.2.1.0"})),
        )
        .await;
    assert_eq!(targeted.status, StatusCode::OK);
    let upgradables = client
        .get("/v1/upgradables/domains/{domainId}", &[domain], None)
        .await;
    upgradables.body["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .map(|element| element["bundleId"].as_str().expect("id").to_owned())
        .collect()
}

/// Downloads the bundles `ids` and waits until every download succeeded.
pub async fn download(client: &Client52, ids: &[String]) {
    for id in ids {
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
    for id in ids {
        loop {
            let bundle = client.get("/v1/bundles/{id}", &[id], None).await;
            if bundle.body["downloadStatus"] == "SUCCESSFUL" {
                break;
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

/// Target and download every bundle of `domain`; returns the bundle ids in order.
pub async fn target_and_download(client: &Client52, domain: &str) -> Vec<String> {
    let ids = target(client, domain).await;
    download(client, &ids).await;
    ids
}

/// A poll-friendly pause for scenario timing.
pub async fn pause(duration: Duration) {
    tokio::time::sleep(duration).await;
}
