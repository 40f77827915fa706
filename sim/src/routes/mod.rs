//! The HTTP routes: the `/v1` API of `docs/api.md` and the `/sim` control API.

mod auth;
pub(crate) mod control;
mod inventory;
mod render;
mod upgrade_flow;

use std::sync::Arc;

use axum::middleware;
use axum::routing::{get, patch, post};
use axum::Router;

use crate::api_error::{unknown_path, wrong_method};
use crate::app::App;
use crate::gate;

/// The whole application: every route, JSON errors for unknown paths and methods, and the
/// front door (request log, outages, faults) around all of it.
pub(crate) fn router(app: Arc<App>) -> Router {
    if app.config.dialect == crate::Dialect::Vcf52 {
        return crate::vcf52::routes::router(app);
    }
    let api = Router::new()
        .route("/v1/tokens", post(auth::login))
        .route("/v1/tokens/access-token/refresh", patch(auth::refresh))
        .route("/v1/sddc-managers", get(inventory::sddc_managers))
        .route("/v1/domains", get(inventory::list_domains))
        .route("/v1/domains/{domain_id}", get(inventory::get_domain))
        .route("/v1/releases/domains", get(inventory::list_release_views))
        .route(
            "/v1/releases/domains/{domain_id}",
            get(inventory::get_release_view).patch(upgrade_flow::target_release),
        )
        .route(
            "/v1/releases/domains/{domain_id}/future-releases",
            get(inventory::future_releases),
        )
        .route("/v1/bundles", get(upgrade_flow::list_bundles))
        .route(
            "/v1/bundles/{bundle_id}",
            get(upgrade_flow::get_bundle).patch(upgrade_flow::update_bundle),
        )
        .route("/v1/tasks/{task_id}", get(upgrade_flow::get_task))
        .route(
            "/v1/domains/{domain_id}/upgrades/precheck",
            get(upgrade_flow::list_prechecks).post(upgrade_flow::start_precheck),
        )
        .route(
            "/v1/domains/{domain_id}/upgrades/precheck/{precheck_id}",
            get(upgrade_flow::get_precheck),
        )
        .route(
            "/v1/domains/{domain_id}/upgrades",
            get(upgrade_flow::list_upgrades).post(upgrade_flow::start_upgrade),
        )
        .route(
            "/v1/domains/{domain_id}/upgrades/acknowledge",
            post(upgrade_flow::acknowledge),
        )
        .route(
            "/v1/domains/{domain_id}/upgrades/{upgrade_id}",
            get(upgrade_flow::get_upgrade),
        );
    api.merge(control::router())
        .fallback(unknown_path)
        .method_not_allowed_fallback(wrong_method)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            gate::front_door,
        ))
        .with_state(app)
}
