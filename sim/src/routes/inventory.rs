//! Identity and inventory: SDDC Manager, domains, releases.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;

use crate::api_error::{ApiError, ApiPath};
use crate::app::{lock, App};
use crate::routes::auth::Authenticated;
use crate::routes::render;
use crate::wire::{Domain, DomainFutureRelease, DomainReleaseView, Page, SddcManager};

/// `GET /v1/sddc-managers`.
pub(crate) async fn sddc_managers(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Json<Page<SddcManager>> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    Json(Page::of(vec![render::sddc_manager(
        &inventory,
        now,
        &app.ip_address,
    )]))
}

/// `GET /v1/domains`.
pub(crate) async fn list_domains(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Json<Page<Domain>> {
    let inventory = lock(&app.inventory);
    Json(Page::of(
        inventory.domains().iter().map(render::domain).collect(),
    ))
}

/// `GET /v1/domains/{domainId}`.
pub(crate) async fn get_domain(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
) -> Result<Json<Domain>, ApiError> {
    let inventory = lock(&app.inventory);
    inventory
        .domain(&domain_id)
        .map(|domain| Json(render::domain(domain)))
}

/// `GET /v1/releases/domains`.
pub(crate) async fn list_release_views(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Json<Page<DomainReleaseView>> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    Json(Page::of(
        inventory
            .domains()
            .iter()
            .map(|domain| render::release_view(domain, now))
            .collect(),
    ))
}

/// `GET /v1/releases/domains/{domainId}`.
pub(crate) async fn get_release_view(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
) -> Result<Json<DomainReleaseView>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    inventory
        .domain(&domain_id)
        .map(|domain| Json(render::release_view(domain, now)))
}

/// `GET /v1/releases/domains/{domainId}/future-releases`.
pub(crate) async fn future_releases(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
) -> Result<Json<Page<DomainFutureRelease>>, ApiError> {
    let now = app.clock.now();
    let inventory = lock(&app.inventory);
    inventory
        .domain(&domain_id)
        .map(|domain| Json(Page::of(vec![render::future_release(domain, now)])))
}
