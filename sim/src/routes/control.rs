//! The control API under `/sim/`: no authentication, never logged, never faulted.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api_error::{ApiError, ApiPath, JsonObject, OptionalJsonObject};
use crate::app::{lock, App};
use crate::catalog;
use crate::faults::{FaultRule, FaultSpec};
use crate::outage::{OutageMode, OutageWindow};
use crate::request_log::RequestRecord;
use crate::scenario::Scenario;
use crate::state::domain::DomainState;

pub(crate) fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/sim/health", get(health))
        .route("/sim/requests", get(list_requests).delete(clear_requests))
        .route(
            "/sim/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/sim/faults/{id}", axum::routing::delete(remove_fault))
        .route("/sim/tokens/expire", post(expire_tokens))
        .route("/sim/domains", get(list_domains))
        .route("/sim/domains/{index}/scenario", put(set_scenario))
        .route("/sim/domains/{index}/reset", post(reset_domain))
        .route(
            "/sim/outage",
            get(list_outages).post(start_outage).delete(end_outages),
        )
        .route("/sim/reset", post(reset))
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

#[derive(Serialize)]
struct RequestList {
    requests: Vec<RequestRecord>,
}

async fn list_requests(State(app): State<Arc<App>>) -> Json<RequestList> {
    let requests = lock(&app.requests).records();
    Json(RequestList { requests })
}

async fn clear_requests(State(app): State<Arc<App>>) -> StatusCode {
    lock(&app.requests).clear();
    StatusCode::NO_CONTENT
}

#[derive(Serialize)]
struct FaultList {
    faults: Vec<FaultRule>,
}

async fn list_faults(State(app): State<Arc<App>>) -> Json<FaultList> {
    let faults = lock(&app.faults).rules().to_vec();
    Json(FaultList { faults })
}

async fn add_fault(
    State(app): State<Arc<App>>,
    JsonObject(spec): JsonObject<FaultSpec>,
) -> Result<Json<FaultRule>, ApiError> {
    let rule = lock(&app.faults).add(spec).map_err(ApiError::bad_request)?;
    log::info!("fault {} added", rule.id);
    Ok(Json(rule))
}

async fn clear_faults(State(app): State<Arc<App>>) -> StatusCode {
    lock(&app.faults).clear();
    StatusCode::NO_CONTENT
}

async fn remove_fault(
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<u64>,
) -> Result<StatusCode, ApiError> {
    if lock(&app.faults).remove(id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "FAULT_NOT_FOUND",
            format!("Fault {id} not found (it may have been used up)"),
        ))
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExpireTokensRequest {
    #[serde(default)]
    refresh_tokens: bool,
}

async fn expire_tokens(
    State(app): State<Arc<App>>,
    OptionalJsonObject(request): OptionalJsonObject<ExpireTokensRequest>,
) -> Json<Value> {
    let now = app.clock.now();
    let mut tokens = lock(&app.tokens);
    tokens.expire_access_tokens(now);
    if request.refresh_tokens {
        tokens.revoke_refresh_tokens();
    }
    log::info!(
        "access tokens expired{}",
        if request.refresh_tokens {
            ", refresh tokens revoked"
        } else {
            ""
        }
    );
    Json(json!({"accessTokensExpired": true, "refreshTokensRevoked": request.refresh_tokens}))
}

/// A domain as the control API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DomainSummary {
    index: usize,
    id: String,
    name: String,
    #[serde(rename = "type")]
    domain_type: &'static str,
    scenario: String,
    current_version: &'static str,
}

fn summary(domain: &DomainState, app: &App) -> DomainSummary {
    DomainSummary {
        index: domain.index,
        id: domain.id.clone(),
        name: domain.name.clone(),
        domain_type: catalog::domain_type(domain.index),
        scenario: domain.scenario.to_string(),
        current_version: domain.current_version(app.clock.now()),
    }
}

fn no_such_domain(index: usize, app: &App) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "DOMAIN_NOT_FOUND",
        format!(
            "There is no domain {index}; domains are numbered 1 to {}",
            app.config.domains
        ),
    )
}

fn summary52(domain: &crate::vcf52::state::Domain52, app: &App) -> DomainSummary {
    DomainSummary {
        index: domain.index,
        id: domain.id.clone(),
        name: domain.name.clone(),
        domain_type: catalog::domain_type(domain.index),
        scenario: domain.scenario.to_string(),
        current_version: domain.current_version(app.clock.now()),
    }
}

fn summary52_of(index: usize, app: &App) -> Result<DomainSummary, ApiError> {
    let state = lock(&app.vcf52);
    index
        .checked_sub(1)
        .and_then(|position| state.domains().get(position))
        .map(|domain| summary52(domain, app))
        .ok_or_else(|| no_such_domain(index, app))
}

async fn list_domains(State(app): State<Arc<App>>) -> Json<Value> {
    if app.config.dialect == crate::Dialect::Vcf52 {
        let state = lock(&app.vcf52);
        let domains: Vec<DomainSummary> = state
            .domains()
            .iter()
            .map(|domain| summary52(domain, &app))
            .collect();
        return Json(json!({ "domains": domains }));
    }
    let inventory = lock(&app.inventory);
    let domains: Vec<DomainSummary> = inventory
        .domains()
        .iter()
        .map(|domain| summary(domain, &app))
        .collect();
    Json(json!({ "domains": domains }))
}

#[derive(Deserialize)]
struct ScenarioRequest {
    scenario: String,
}

async fn set_scenario(
    State(app): State<Arc<App>>,
    ApiPath(index): ApiPath<usize>,
    JsonObject(request): JsonObject<ScenarioRequest>,
) -> Result<Json<DomainSummary>, ApiError> {
    let scenario = Scenario::parse_in(app.config.dialect, &request.scenario)
        .map_err(|error| ApiError::bad_request(error.to_string()))?;
    if app.config.dialect == crate::Dialect::Vcf52 {
        if !lock(&app.vcf52).set_scenario(index, scenario) {
            return Err(no_such_domain(index, &app));
        }
        log::info!("domain {index} now plays scenario {scenario}");
        return summary52_of(index, &app).map(Json);
    }
    let mut inventory = lock(&app.inventory);
    let domain = inventory
        .domain_by_index_mut(index)
        .ok_or_else(|| no_such_domain(index, &app))?;
    domain.set_scenario(scenario);
    log::info!(
        "domain {index} ({}) now plays scenario {scenario}",
        domain.name
    );
    Ok(Json(summary(domain, &app)))
}

async fn reset_domain(
    State(app): State<Arc<App>>,
    ApiPath(index): ApiPath<usize>,
) -> Result<Json<DomainSummary>, ApiError> {
    if app.config.dialect == crate::Dialect::Vcf52 {
        if !lock(&app.vcf52).reset_domain(index, None) {
            return Err(no_such_domain(index, &app));
        }
        log::info!("domain {index} reset");
        return summary52_of(index, &app).map(Json);
    }
    let mut inventory = lock(&app.inventory);
    if !inventory.reset_domain(index) {
        return Err(no_such_domain(index, &app));
    }
    let domain = inventory
        .domain_by_index_mut(index)
        .ok_or_else(|| no_such_domain(index, &app))?;
    log::info!("domain {index} ({}) reset", domain.name);
    Ok(Json(summary(domain, &app)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutageRequest {
    duration_ms: u64,
    #[serde(default = "default_outage_mode")]
    mode: OutageMode,
}

fn default_outage_mode() -> OutageMode {
    OutageMode::Unavailable
}

async fn start_outage(
    State(app): State<Arc<App>>,
    JsonObject(request): JsonObject<OutageRequest>,
) -> Json<OutageWindow> {
    let now = app.clock.now();
    let window = OutageWindow::new(
        now,
        Duration::from_millis(request.duration_ms),
        request.mode,
        "control",
    );
    log::info!(
        "outage of {} ms ({:?}) started",
        request.duration_ms,
        request.mode
    );
    let listed = window.listed_at(now);
    lock(&app.outages).add(window);
    Json(listed)
}

async fn list_outages(State(app): State<Arc<App>>) -> Json<Value> {
    let now = app.clock.now();
    let outages = lock(&app.outages).active(now);
    Json(json!({ "outages": outages }))
}

async fn end_outages(State(app): State<Arc<App>>) -> StatusCode {
    lock(&app.outages).clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(app): State<Arc<App>>) -> Json<Value> {
    app.reset();
    log::info!("simulator reset");
    Json(json!({"status": "reset"}))
}
