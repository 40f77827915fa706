//! SDDC Manager's own health check in the `vcf52` dialect: `startHealthCheck`,
//! `getHealthCheckStatus`, `getHealthCheckTask` and `exportHealthCheckByID`. Every request and
//! every answer is validated against VMware's 5.2.1 and 9.0.2 OpenAPI documents; the bundle is
//! a `.tar.gz` the system's `tar` reads, holding `health-results.json`.

mod common;

use std::io::Write as _;
use std::process::Command;

use common::spec::Spec;
use common::vcf52::{check_answer_in, config52, Answer, Client52};
use common::{bounded, POLL};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::Scenario;

const START: &str = "/v1/system/health-summary";
const STATUS: &str = "/v1/system/health-summary/{id}";
const DATA: &str = "/v1/system/health-summary/{id}/data";

/// Checks a request body and an answer against the 9.0.2 document too (the client checks
/// 5.2.1's).
fn check_9_0_2(method: &Method, template: &str, body: Option<&Value>, answer: &Answer) {
    let spec = Spec::get_9_0_2();
    if let Some(body) = body {
        let schema = spec
            .request_schema(method.as_str(), template)
            .expect("a request schema");
        if let Err(errors) = spec.validate(schema, body, true) {
            panic!("9.0.2: request body of {method} {template} is not valid: {errors:?}");
        }
    }
    let text = if answer.body.is_null() {
        String::new()
    } else {
        answer.body.to_string()
    };
    check_answer_in(spec, method, template, answer.status, &text);
}

async fn call(
    client: &Client52,
    method: Method,
    template: &str,
    id: &str,
    body: Option<Value>,
) -> Answer {
    let params: Vec<&str> = if id.is_empty() { Vec::new() } else { vec![id] };
    let answer = client
        .call(method.clone(), template, &params, None, body.clone())
        .await;
    check_9_0_2(&method, template, body.as_ref(), &answer);
    answer
}

async fn start(client: &Client52, spec: Value) -> Answer {
    call(client, Method::POST, START, "", Some(spec)).await
}

async fn status(client: &Client52, id: &str) -> Value {
    let answer = call(client, Method::GET, STATUS, id, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    answer.body
}

/// `exportHealthCheckByID`, checked against both documents: 200 `application/octet-stream`,
/// or an `Error`.
async fn data(client: &Client52, id: &str) -> (StatusCode, Vec<u8>) {
    let url = format!("{}/v1/system/health-summary/{id}/data", client.sim.url());
    let response = client
        .http
        .get(url)
        .bearer_auth(&client.token)
        .send()
        .await
        .expect("the data answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.bytes().await.expect("a body").to_vec();
    for spec in [Spec::get(), Spec::get_9_0_2()] {
        let declared = &spec.operation("GET", DATA)["responses"][status.as_u16().to_string()];
        assert!(declared.is_object(), "{status} is not declared for {DATA}");
        if status == StatusCode::OK {
            assert_eq!(content_type, "application/octet-stream");
            let schema = &declared["content"]["application/octet-stream"]["schema"];
            assert_eq!(schema["type"], "string");
        } else {
            let body: Value = serde_json::from_slice(&bytes).expect("an Error body");
            if let Err(errors) = spec.validate(spec.schema("Error"), &body, true) {
                panic!("{status} of {DATA} is not an Error: {errors:?}\n{body}");
            }
        }
    }
    (status, bytes)
}

/// The domain names, in index order (`getDomains`).
async fn domain_names(client: &Client52) -> Vec<String> {
    let answer = client.get_both("/v1/domains", &[], None).await;
    let elements = answer.body["elements"].as_array().expect("elements");
    (1..=elements.len())
        .map(|index| {
            let id = client.domain(index);
            let domain = elements
                .iter()
                .find(|domain| domain["id"] == id.as_str())
                .expect("every domain is listed");
            domain["name"].as_str().expect("name").to_owned()
        })
        .collect()
}

fn scope_of(name: &str) -> Value {
    json!({"scope": {"domains": [{"domainName": name}]}})
}

/// Waits for the task to complete; returns its last `HealthSummary`.
async fn wait(client: &Client52, id: &str) -> Value {
    loop {
        let summary = status(client, id).await;
        match summary["status"].as_str() {
            Some("COMPLETED_WITH_SUCCESS") => return summary,
            Some("IN_PROGRESS") => {}
            other => panic!("unexpected status {other:?}: {summary}"),
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The `health-results.json` of a bundle, read by the system's `tar`.
fn results(bundle: &[u8]) -> Value {
    let dir = std::env::temp_dir().join(format!("vcf-sim-health-{}", uuid_like()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let archive = dir.join("bundle.tar.gz");
    std::fs::File::create(&archive)
        .and_then(|mut file| file.write_all(bundle))
        .expect("the bundle is written");
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .expect("tar runs");
    assert!(listing.status.success(), "{listing:?}");
    let names = String::from_utf8_lossy(&listing.stdout).into_owned();
    let name = names
        .lines()
        .find(|line| line.ends_with("/health-results.json"))
        .unwrap_or_else(|| panic!("no health-results.json in {names}"))
        .to_owned();
    let extracted = Command::new("tar")
        .arg("-xzOf")
        .arg(&archive)
        .arg(&name)
        .output()
        .expect("tar runs");
    assert!(extracted.status.success(), "{extracted:?}");
    let _ = std::fs::remove_dir_all(&dir);
    serde_json::from_slice(&extracted.stdout).expect("health-results.json is JSON")
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// Runs a health check of `spec` to its end; returns (final summary, report).
async fn run(client: &Client52, spec: Value) -> (Value, Value) {
    let started = start(client, spec).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{started:?}");
    assert_eq!(started.body["status"], "IN_PROGRESS");
    assert_eq!(started.body["bundleAvailable"], "No");
    let id = started.body["id"].as_str().expect("id").to_owned();
    let summary = wait(client, &id).await;
    let (code, bundle) = data(client, &id).await;
    assert_eq!(code, StatusCode::OK);
    (summary, results(&bundle))
}

fn non_green(report: &Value) -> Vec<Value> {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|check| check["status"] != "GREEN")
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_health_summary_runs_a_few_steps_and_its_bundle_reports_every_component_green() {
    bounded(async {
        let client = Client52::start(config52(2, &[])).await;
        let names = domain_names(&client).await;
        let started = start(&client, scope_of(&names[0])).await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{started:?}");
        let id = started.body["id"].as_str().expect("id").to_owned();
        assert!(started.body.get("completionTimestamp").is_none());

        // Running: the status says so and there is no bundle yet.
        assert_eq!(status(&client, &id).await["status"], "IN_PROGRESS");
        let (code, _) = data(&client, &id).await;
        assert_eq!(code, StatusCode::NOT_FOUND);

        let summary = wait(&client, &id).await;
        assert_eq!(summary["bundleAvailable"], "Yes");
        let bundle_name = summary["bundleName"].as_str().expect("bundleName");
        assert!(bundle_name.ends_with(".tar.gz"), "{summary}");
        assert!(summary["completionTimestamp"].is_string(), "{summary}");

        let (code, bundle) = data(&client, &id).await;
        assert_eq!(code, StatusCode::OK);
        let report = results(&bundle);
        assert_eq!(report["id"], id.as_str());
        assert_eq!(report["overallStatus"], "GREEN");
        assert_eq!(report["domains"], json!([names[0]]));
        assert!(non_green(&report).is_empty(), "{report}");
        let components: Vec<&str> = report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter_map(|check| check["component"].as_str())
            .collect();
        for component in [
            "SDDC Manager",
            "NSX",
            "vCenter",
            "ESX hosts",
            "vSAN",
            "Connectivity",
        ] {
            assert!(components.contains(&component), "{component}: {report}");
        }
        for check in report["checks"].as_array().expect("checks") {
            for field in ["area", "domain", "component", "resource", "name", "message"] {
                assert!(check[field].is_string(), "{field}: {check}");
            }
        }

        // The list has it.
        let list = client.get_both(START, &[], None).await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.body["elements"][0]["id"], id.as_str());
    })
    .await;
}

#[tokio::test]
async fn health_warnings_give_one_yellow_check_and_health_fails_one_red_check() {
    bounded(async {
        let client = Client52::start(config52(
            3,
            &[(2, Scenario::HealthWarnings), (3, Scenario::HealthFails)],
        ))
        .await;
        let names = domain_names(&client).await;

        let (summary, report) = run(&client, scope_of(&names[1])).await;
        // The collection succeeded; the health is in the bundle.
        assert_eq!(summary["status"], "COMPLETED_WITH_SUCCESS");
        assert_eq!(report["overallStatus"], "YELLOW");
        let yellow = non_green(&report);
        assert_eq!(yellow.len(), 1, "{report}");
        assert_eq!(yellow[0]["status"], "YELLOW");
        assert_eq!(yellow[0]["component"], "vCenter");
        assert_eq!(yellow[0]["area"], "certificateHealth");

        let (_, report) = run(&client, scope_of(&names[2])).await;
        assert_eq!(report["overallStatus"], "RED");
        let red = non_green(&report);
        assert_eq!(red.len(), 1, "{report}");
        assert_eq!(red[0]["status"], "RED");
        assert_eq!(red[0]["component"], "vSAN");

        // All domains: the worst wins, and both findings are there.
        let (_, report) = run(&client, json!({"scope": {"includeAllDomains": true}})).await;
        assert_eq!(report["overallStatus"], "RED");
        assert_eq!(non_green(&report).len(), 2, "{report}");
        assert_eq!(report["domains"].as_array().map(Vec::len), Some(3));

        // Only the areas asked for: without storage checks the failing domain is green.
        let (_, report) = run(
            &client,
            json!({"scope": {"domains": [{"domainName": names[2]}]},
                   "healthChecks": {"certificateHealth": true, "servicesHealth": true}}),
        )
        .await;
        assert_eq!(report["overallStatus"], "GREEN");
        for check in report["checks"].as_array().expect("checks") {
            assert!(
                ["certificateHealth", "servicesHealth"].contains(&check["area"].as_str().unwrap()),
                "{check}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn scenarios_can_be_set_at_run_time() {
    bounded(async {
        let client = Client52::start(config52(1, &[])).await;
        let names = domain_names(&client).await;
        let answer = client
            .http
            .put(format!("{}/sim/domains/1/scenario", client.sim.url()))
            .json(&json!({"scenario": "health-fails"}))
            .send()
            .await
            .expect("control answers");
        assert!(answer.status().is_success(), "{answer:?}");
        let (_, report) = run(&client, scope_of(&names[0])).await;
        assert_eq!(report["overallStatus"], "RED");
    })
    .await;
}

#[tokio::test]
async fn a_second_start_while_one_runs_is_409_and_bad_specs_are_400() {
    bounded(async {
        let client = Client52::start(config52(1, &[])).await;
        let names = domain_names(&client).await;

        for (spec, code) in [
            (
                json!({"scope": {"domains": [{"domainName": "nope"}]}}),
                "DOMAIN_NOT_FOUND",
            ),
            (
                json!({"scope": {"domains": [{"domainName": names[0], "clusterNames": ["x"]}]}}),
                "CLUSTER_NOT_FOUND",
            ),
            (
                json!({"scope": {"domains": []}}),
                "HEALTH_SUMMARY_SPEC_NOT_VALID",
            ),
        ] {
            let answer = start(&client, spec.clone()).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{spec}: {answer:?}");
            assert_eq!(answer.body["errorCode"], code, "{spec}");
        }
        // Not in the schema: refused (checked against the schema only by the simulator).
        let unknown = client
            .try_call_unchecked(
                Method::POST,
                START,
                &[],
                None,
                Some(json!({"scope": {"domainIds": ["x"]}})),
            )
            .await
            .expect("answers");
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
        assert_eq!(unknown.body["errorCode"], "INVALID_REQUEST_BODY");

        let first = start(
            &client,
            json!({"scope": {"includeAllDomains": true},
                                          "options": {"config": {"force": true},
                                                      "include": {"summaryReport": true}}}),
        )
        .await;
        assert_eq!(first.status, StatusCode::ACCEPTED, "{first:?}");
        let id = first.body["id"].as_str().expect("id").to_owned();
        let second = start(&client, json!({})).await;
        assert_eq!(second.status, StatusCode::CONFLICT, "{second:?}");
        assert!(
            second.body["message"]
                .as_str()
                .is_some_and(|message| message.contains(&id)),
            "{second:?}"
        );
        wait(&client, &id).await;
        // Once it ended, a new one starts; an empty spec covers every domain.
        let third = start(&client, json!({})).await;
        assert_eq!(third.status, StatusCode::ACCEPTED, "{third:?}");

        let unknown_id = client
            .try_call(Method::GET, STATUS, &["no-such-id"], None, None)
            .await
            .expect("answers");
        assert_eq!(unknown_id.status, StatusCode::NOT_FOUND);
        let (code, _) = data(&client, "no-such-id").await;
        assert_eq!(code, StatusCode::NOT_FOUND);
        assert!(client.saw("startHealthCheck 409"));
    })
    .await;
}
