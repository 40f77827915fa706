//! The upgrade flow: target, download, precheck, upgrade, monitor, acknowledge.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::api_error::{ApiError, ApiPath, JsonObject};
use crate::app::{lock, App};
use crate::outage::{OutageMode, OutageWindow};
use crate::routes::auth::Authenticated;
use crate::routes::render;
use crate::wire::{
    AcknowledgeRequest, Bundle, BundleOperationRequest, DomainReleaseView, Page, Precheck,
    ReleaseRequest, TargetRequest, Task, Upgrade,
};

fn bundle_not_found(bundle_id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "BUNDLE_NOT_FOUND",
        format!("Bundle '{bundle_id}' not found"),
    )
    .with_remediation("Use a bundle id from a release's patchBundles")
}

/// `PATCH /v1/releases/domains/{domainId}`.
pub(crate) async fn target_release(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    JsonObject(request): JsonObject<TargetRequest>,
) -> Result<(StatusCode, Json<DomainReleaseView>), ApiError> {
    if request.operation != "TARGET" {
        return Err(ApiError::bad_request(format!(
            "Operation '{}' is not supported; the only operation is TARGET",
            request.operation
        )));
    }
    let now = app.clock.now();
    let mut inventory = lock(&app.inventory);
    let domain = inventory.domain_mut(&domain_id)?;
    domain.target(&request.release_id, now)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(render::release_view(domain, now)),
    ))
}

/// `GET /v1/bundles`.
pub(crate) async fn list_bundles(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Json<Page<Bundle>> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    Json(Page::of(
        inventory
            .domains()
            .iter()
            .flat_map(|domain| domain.bundles.iter())
            .map(|bundle| render::bundle(bundle, now))
            .collect(),
    ))
}

/// `GET /v1/bundles/{bundleId}`.
pub(crate) async fn get_bundle(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(bundle_id): ApiPath<String>,
) -> Result<Json<Bundle>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    inventory
        .bundle(&bundle_id)
        .map(|(_, bundle)| Json(render::bundle(bundle, now)))
        .ok_or_else(|| bundle_not_found(&bundle_id))
}

/// `PATCH /v1/bundles/{bundleId}`: starts (or reports) the download.
pub(crate) async fn update_bundle(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(bundle_id): ApiPath<String>,
    JsonObject(request): JsonObject<BundleOperationRequest>,
) -> Result<(StatusCode, Json<Task>), ApiError> {
    if request.operation != "DOWNLOAD" {
        return Err(ApiError::bad_request(format!(
            "Operation '{}' is not supported; the only operation is DOWNLOAD",
            request.operation
        )));
    }
    let now = app.clock.now();
    let mut inventory = lock(&app.inventory);
    let (_, bundle, attempt) = inventory
        .request_download(&bundle_id, now, &app.timing)
        .ok_or_else(|| bundle_not_found(&bundle_id))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(render::download_task(bundle, &attempt, now, &app.clock)),
    ))
}

/// `GET /v1/tasks/{taskId}` (download tasks).
pub(crate) async fn get_task(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(task_id): ApiPath<String>,
) -> Result<Json<Task>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    inventory
        .download_task(&task_id)
        .map(|(bundle, attempt)| Json(render::download_task(bundle, attempt, now, &app.clock)))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "TASK_NOT_FOUND",
                format!("Task '{task_id}' not found"),
            )
        })
}

/// `POST /v1/domains/{domainId}/upgrades/precheck`.
pub(crate) async fn start_precheck(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    JsonObject(request): JsonObject<ReleaseRequest>,
) -> Result<(StatusCode, Json<Precheck>), ApiError> {
    let now = app.clock.now();
    let mut inventory = lock(&app.inventory);
    let domain = inventory.domain_mut(&domain_id)?;
    let run = domain.start_precheck(&request.release_id, now, &app.timing)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(render::precheck(domain, &run, now, &app.clock)),
    ))
}

/// `GET /v1/domains/{domainId}/upgrades/precheck`.
pub(crate) async fn list_prechecks(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
) -> Result<Json<Page<Precheck>>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    let domain = inventory.domain(&domain_id)?;
    Ok(Json(Page::of(
        domain
            .prechecks
            .iter()
            .map(|run| render::precheck(domain, run, now, &app.clock))
            .collect(),
    )))
}

/// `GET /v1/domains/{domainId}/upgrades/precheck/{precheckId}`.
pub(crate) async fn get_precheck(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath((domain_id, precheck_id)): ApiPath<(String, String)>,
) -> Result<Json<Precheck>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    let domain = inventory.domain(&domain_id)?;
    let run = domain.precheck(&precheck_id).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "PRECHECK_NOT_FOUND",
            format!("Precheck '{precheck_id}' of domain '{domain_id}' not found"),
        )
        .with_remediation("List the domain's prechecks to find the id")
    })?;
    Ok(Json(render::precheck(domain, run, now, &app.clock)))
}

/// `POST /v1/domains/{domainId}/upgrades`.
pub(crate) async fn start_upgrade(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    JsonObject(request): JsonObject<ReleaseRequest>,
) -> Result<(StatusCode, Json<Upgrade>), ApiError> {
    let now = app.clock.now();
    let mut inventory = lock(&app.inventory);
    let domain = inventory.domain_mut(&domain_id)?;
    let run = domain.start_upgrade(&request.release_id, now, &app.timing)?;
    if let Some(length) = domain.api_outage_of(&run, &app.timing) {
        log::info!(
            "domain {} upgrades SDDC Manager: the API is away for {length:?}",
            domain.name
        );
        lock(&app.outages).add(OutageWindow::new(
            run.created_at,
            length,
            OutageMode::UnavailableThenReset,
            "scenario",
        ));
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(render::upgrade(domain, &run, now, &app.clock)),
    ))
}

/// `GET /v1/domains/{domainId}/upgrades`.
pub(crate) async fn list_upgrades(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
) -> Result<Json<Page<Upgrade>>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    let domain = inventory.domain(&domain_id)?;
    Ok(Json(Page::of(
        domain
            .upgrades
            .iter()
            .map(|run| render::upgrade(domain, run, now, &app.clock))
            .collect(),
    )))
}

fn upgrade_not_found(domain_id: &str, upgrade_id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "UPGRADE_NOT_FOUND",
        format!("Upgrade '{upgrade_id}' of domain '{domain_id}' not found"),
    )
    .with_remediation("List the domain's upgrades to find the id")
}

/// `GET /v1/domains/{domainId}/upgrades/{upgradeId}`.
pub(crate) async fn get_upgrade(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath((domain_id, upgrade_id)): ApiPath<(String, String)>,
) -> Result<Json<Upgrade>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    let domain = inventory.domain(&domain_id)?;
    let run = domain
        .upgrade(&upgrade_id)
        .ok_or_else(|| upgrade_not_found(&domain_id, &upgrade_id))?;
    Ok(Json(render::upgrade(domain, run, now, &app.clock)))
}

/// `POST /v1/domains/{domainId}/upgrades/acknowledge`.
pub(crate) async fn acknowledge(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    JsonObject(request): JsonObject<AcknowledgeRequest>,
) -> Result<Json<Upgrade>, ApiError> {
    if request.alert_ids.as_ref().is_some_and(Vec::is_empty) {
        return Err(ApiError::bad_request(
            "alertIds must not be empty; leave it out to acknowledge every open alert",
        ));
    }
    let now = app.clock.now();
    let mut inventory = lock(&app.inventory);
    let domain = inventory.domain_mut(&domain_id)?;
    if domain.upgrade(&request.upgrade_id).is_none() {
        return Err(upgrade_not_found(&domain_id, &request.upgrade_id));
    }
    let run = domain
        .acknowledge(&request.upgrade_id, request.alert_ids.as_deref(), now)?
        .clone();
    log::info!(
        "domain {}: alerts of upgrade {} acknowledged",
        domain.name,
        run.id
    );
    Ok(Json(render::upgrade(domain, &run, now, &app.clock)))
}
