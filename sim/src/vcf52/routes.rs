//! The HTTP routes of the `vcf52` dialect: VMware SDDC Manager 5.2.1's lifecycle calls with
//! the spec's paths, methods, bodies and status codes.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use crate::api_error::{ApiError, ApiPath};
use crate::app::{lock, App};
use crate::catalog;
use crate::config::UnknownFields;
use crate::gate;
use crate::outage::{OutageMode, OutageWindow};
use crate::request_log::RequestSeq;
use crate::routes::control;
use crate::tokens::AccessCheck;
use crate::vcf52::state::{
    bad_request, BundleFilter, ClusterFilter, HostFilter, PersonalityFilter, Sort, SortKey,
};
use crate::vcf52::wire::{self, Closed, FieldScan};

/// Largest request body read.
const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// The whole `vcf52` application: the API, the control API, 404/405 as `Error` bodies and the
/// front door (request log, outages, faults).
pub(crate) fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/v1/tokens", post(create_token))
        .route(
            "/v1/tokens/access-token/refresh",
            patch(refresh_access_token),
        )
        .route("/v1/sddc-managers", get(get_sddc_managers))
        .route("/v1/domains", get(get_domains))
        .route("/v1/domains/{id}", get(get_domain))
        .route("/v1/clusters", get(get_clusters))
        .route("/v1/clusters/{id}", get(get_cluster))
        .route("/v1/hosts", get(get_hosts))
        .route("/v1/hosts/{id}", get(get_host))
        .route("/v1/personalities", get(get_personalities))
        .route("/v1/releases", get(get_releases))
        .route(
            "/v1/releases/domains/{domain_id}",
            get(get_release_by_domain).patch(update_release_by_domain_id),
        )
        .route(
            "/v1/releases/domains/{domain_id}/future-releases",
            get(get_future_releases),
        )
        .route(
            "/v1/releases/domains/{domain_id}/validations",
            post(validate_release_by_domain_id),
        )
        .route(
            "/v1/releases/domains/validations/{validation_id}",
            get(get_domain_release_view_validation),
        )
        .route("/v1/bundles", get(get_bundles))
        .route(
            "/v1/bundles/{id}",
            get(get_bundle).patch(start_bundle_download_by_id),
        )
        .route("/v1/tasks/{id}", get(get_task).patch(retry_task))
        .route("/v1/system/check-sets/queries", post(query_check_sets))
        .route(
            "/v1/system/check-sets",
            get(get_last_assessment_run_info).post(trigger_check_run),
        )
        .route("/v1/system/check-sets/{run_id}", get(get_result))
        .route(
            "/v1/system/health-summary",
            get(get_health_check_task).post(start_health_check),
        )
        .route(
            "/v1/system/health-summary/{id}",
            get(get_health_check_status),
        )
        .route(
            "/v1/system/health-summary/{id}/data",
            get(export_health_check_by_id),
        )
        .route(
            "/v1/upgradables/domains/{domain_id}",
            get(get_upgradables_by_domain),
        )
        .route(
            "/v1/upgradables/domains/{domain_id}/nsxt",
            get(get_nsx_upgrade_resources),
        )
        .route("/v1/system/upgradables", get(get_upgradables))
        .route("/v1/upgrades", get(get_upgrades).post(perform_upgrade))
        .route("/v1/upgrades/{upgrade_id}", get(get_upgrade_by_id));
    let profile = lock(&app.vcf52).profile;
    // 9.x's additions, each only where its version serves it (elsewhere: 404 as before).
    let api = if profile.serves_9_0_calls() {
        api.route(
            "/v1/bundles/download-status",
            get(get_bundle_download_status),
        )
        .route("/v1/upgrades/preview", get(get_upgrade_preview))
        .route(
            "/v1/upgrades/{upgrade_id}/prechecks",
            post(start_upgrade_precheck),
        )
        .route(
            "/v1/upgrades/{upgrade_id}/prechecks/{precheck_id}",
            get(get_upgrade_precheck_by_id),
        )
    } else {
        api
    };
    let api = if profile.serves_9_1_calls() {
        api.route(
            "/v1/upgradables/domains/{domain_id}/upgrade-sequences",
            get(get_upgrade_sequences),
        )
        .route(
            "/v1/upgradables/domains/{domain_id}/vcenter-upgrade-mechanisms",
            get(get_vcenter_upgrade_mechanism),
        )
        .route(
            "/v1/upgradables/domains/{domain_id}/vcenter-sizing-infos",
            get(get_vcenter_sizing_infos),
        )
    } else {
        api
    };
    api.merge(control::router())
        .fallback(unknown_path)
        .method_not_allowed_fallback(wrong_method)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            gate::front_door,
        ))
        .with_state(app)
}

async fn unknown_path(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        format!("No API at {} {}", request.method(), request.uri().path()),
    )
    .with_remediation("See the SDDC Manager 5.2.1 API reference for the API's paths")
}

async fn wrong_method(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        format!(
            "{} is not supported on {}",
            request.method(),
            request.uri().path()
        ),
    )
    .with_remediation("See the SDDC Manager 5.2.1 API reference for the methods of each path")
}

/// A request body parsed closed against its schema; anything else is a 400 `Error`.
pub(crate) struct Body<T>(pub(crate) T);

impl<T> FromRequest<Arc<App>> for Body<T>
where
    T: DeserializeOwned + serde::Serialize + Closed,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let seq = request.extensions().get::<RequestSeq>().copied();
        let bytes = axum::body::to_bytes(request.into_body(), MAX_REQUEST_BODY_BYTES)
            .await
            .map_err(|error| {
                bad_request(
                    "INVALID_REQUEST_BODY",
                    format!("The request body could not be read: {error}"),
                )
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(bad_request(
                "INVALID_REQUEST_BODY",
                "The request body is required",
            ));
        }
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|error| {
            bad_request(
                "INVALID_REQUEST_BODY",
                format!("The request body is not JSON: {error}"),
            )
        })?;
        let lenient = app.config.unknown_fields == UnknownFields::Ignore;
        let mut scan = FieldScan {
            accepts_9_1: lock(&app.vcf52).profile.serves_9_1_calls(),
            remove: lenient,
            unknown: Vec::new(),
        };
        if lenient {
            // A real server's JSON binding drops what it does not know; the log says what.
            T::scan(&mut value, "", &mut scan);
            if !scan.unknown.is_empty() {
                log::info!(
                    "ignored unknown request fields: {}",
                    scan.unknown.join(", ")
                );
                if let Some(RequestSeq(seq)) = seq {
                    lock(&app.requests).note_ignored(seq, scan.unknown.clone());
                }
            }
        }
        let parsed: T = serde_json::from_value(value.clone()).map_err(|error| {
            bad_request(
                "INVALID_REQUEST_BODY",
                format!("The request body does not match the operation's schema: {error}"),
            )
        })?;
        // serde also reads a struct from an array of its fields' values; a round trip that
        // does not give the body back means some object was sent in another shape.
        if serde_json::to_value(&parsed).ok().as_ref() != Some(&value) {
            return Err(bad_request(
                "INVALID_REQUEST_BODY",
                "The request body does not match the operation's schema: an object was sent \
                 as an array",
            ));
        }
        if !lenient {
            // What serde knows but this version does not: the fields of a later release.
            T::scan(&mut value, "", &mut scan);
            if let Some(field) = scan.unknown.first() {
                let version = lock(&app.vcf52).profile.version;
                return Err(bad_request(
                    "INVALID_REQUEST_BODY",
                    format!(
                        "The request body does not match the operation's schema: unknown field \
                         {field} (SDDC Manager {version} does not declare it)"
                    ),
                ));
            }
        }
        Ok(Body(parsed))
    }
}

/// The query string's parameters, percent-decoded.
pub(crate) struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn owned(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// Every value of a parameter given more than once, in order.
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// A parameter 9.0.2 describes as a list: comma-separated values.
    fn list(&self, name: &str) -> Option<Vec<String>> {
        self.get(name).map(|value| {
            value
                .split(',')
                .map(|one| one.trim().to_owned())
                .filter(|one| !one.is_empty())
                .collect()
        })
    }

    /// A `boolean` parameter: `true` or `false`, anything else is a 400.
    fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.get(name)
            .map(|value| match value {
                "true" => Ok(true),
                "false" => Ok(false),
                other => Err(invalid_parameter(name, other, "true or false")),
            })
            .transpose()
    }

    /// An `integer` parameter that counts from 1 and fits `PageMetadata`'s `int32`.
    fn positive(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.get(name)
            .map(|value| {
                value
                    .parse::<i32>()
                    .ok()
                    .filter(|number| *number >= 1)
                    .and_then(|number| usize::try_from(number).ok())
                    .ok_or_else(|| {
                        invalid_parameter(name, value, "an integer from 1 to 2147483647")
                    })
            })
            .transpose()
    }

    /// 9.0.2's `page` and `size`: one page when either is given, else everything.
    fn paging(&self) -> Result<Option<(usize, usize)>, ApiError> {
        let page = self.positive("page")?;
        let size = self.positive("size")?;
        // 9.0.2's defaults for `getPersonalities`: page 1 of 2147483647.
        Ok((page.is_some() || size.is_some()).then(|| {
            (
                page.unwrap_or(1),
                size.unwrap_or(usize::try_from(i32::MAX).unwrap_or(usize::MAX)),
            )
        }))
    }
}

fn invalid_parameter(name: &str, value: &str, expected: &str) -> ApiError {
    bad_request(
        "INVALID_QUERY_PARAMETER",
        format!("Query parameter {name}={value} is not valid: expected {expected}"),
    )
}

fn paged<T>(all: Vec<T>, paging: Option<(usize, usize)>) -> wire::Page<T> {
    match paging {
        Some((page, size)) => wire::Page::one_page(all, page, size),
        None => wire::Page::of(all),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Ok(QueryParams(parse_query(&parts.uri)))
    }
}

fn parse_query(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// Decodes `%XX` and `+`; malformed escapes stay as they are.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut position = 0;
    while let Some(&byte) = bytes.get(position) {
        match byte {
            b'+' => {
                out.push(b' ');
                position += 1;
            }
            b'%' => {
                let decoded = bytes
                    .get(position + 1..position + 3)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                match decoded {
                    Some(value) => {
                        out.push(value);
                        position += 3;
                    }
                    None => {
                        out.push(byte);
                        position += 1;
                    }
                }
            }
            other => {
                out.push(other);
                position += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Proof of a valid bearer token, outside the `vcenter-401` windows.
pub(crate) struct Authenticated;

impl FromRequestParts<Arc<App>> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, ApiError> {
        let now = app.clock.now();
        let problem = match bearer_token(&parts.headers) {
            None => "The request has no bearer access token",
            Some(token) => match lock(&app.tokens).check(token, now) {
                AccessCheck::Valid => {
                    if lock(&app.vcf52).unauthorized_at(now) {
                        "The access token was not accepted (the vCenter Single Sign-On service \
                         is restarting)"
                    } else {
                        return Ok(Authenticated);
                    }
                }
                AccessCheck::Expired => "The access token has expired",
                AccessCheck::Unknown => "The access token is not valid",
            },
        };
        Err(
            ApiError::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", problem)
                .with_remediation("Refresh the access token or create a new token pair")
                .with_header(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")),
        )
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

// --- Auth ------------------------------------------------------------------------------

/// `createToken`: 201 `TokenPair`.
async fn create_token(
    State(app): State<Arc<App>>,
    Body(spec): Body<wire::TokenCreationSpec>,
) -> Result<Response, ApiError> {
    if spec.api_key.is_some() || spec.id_token.is_some() {
        return Err(bad_request(
            "TOKEN_CREATION_SPEC_NOT_SUPPORTED",
            "Only username and password logins are modelled by the simulator",
        ));
    }
    let (Some(username), Some(password)) = (spec.username, spec.password) else {
        return Err(bad_request(
            "TOKEN_CREATION_SPEC_NOT_VALID",
            "username and password are required",
        ));
    };
    if username != app.config.username || password != app.config.password {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILED",
            "Authentication failed: wrong username or password",
        )
        .with_remediation("Check the credentials"));
    }
    let now = app.clock.now();
    let (access_token, refresh_id) =
        lock(&app.tokens).login(&username, now, app.config.token_ttl, &app.clock);
    // The spec documents 201; field reports say real servers answer 200.
    let status = if app.config.field_report {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(wire::TokenPair {
            access_token,
            refresh_token: wire::RefreshToken { id: refresh_id },
        }),
    )
        .into_response())
}

/// `refreshAccessToken`: the body and the answer are JSON strings.
async fn refresh_access_token(
    State(app): State<Arc<App>>,
    Body(refresh_id): Body<String>,
) -> Result<Json<String>, ApiError> {
    let now = app.clock.now();
    lock(&app.tokens)
        .refresh(&refresh_id, now, app.config.token_ttl, &app.clock)
        .map(Json)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "REFRESH_TOKEN_NOT_FOUND",
                "The refresh token is unknown or was revoked",
            )
            .with_remediation("Create a new token pair with POST /v1/tokens")
        })
}

// --- Inventory -------------------------------------------------------------------------

async fn get_sddc_managers(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Json<wire::Page<wire::SddcManager>> {
    let now = app.clock.now();
    let state = lock(&app.vcf52);
    Json(wire::Page::of(vec![wire::SddcManager {
        id: String::from(catalog::SDDC_MANAGER_ID),
        fqdn: String::from(catalog::SDDC_MANAGER_FQDN),
        version: String::from(state.sddc_manager_version(now)),
        ip_address: app.ip_address.clone(),
        domain: wire::DomainReference {
            id: catalog::domain_id(1),
            name: catalog::domain_name(1),
            domain_type: String::from(catalog::domain_type(1)),
        },
    }]))
}

async fn get_domains(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Json<wire::Page<wire::Domain>> {
    let now = app.clock.now();
    let state = lock(&app.vcf52);
    Json(wire::Page::of(
        state
            .domains()
            .iter()
            .map(|domain| state.render_domain(domain, now))
            .collect(),
    ))
}

async fn get_domain(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<wire::Domain>, ApiError> {
    let now = app.clock.now();
    let state = lock(&app.vcf52);
    let domain = state.domain(&id)?;
    Ok(Json(state.render_domain(domain, now)))
}

async fn get_clusters(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<wire::Page<wire::Cluster>>, ApiError> {
    let filter = ClusterFilter {
        domain_id: query.owned("domainId"),
        is_stretched: query.boolean("isStretched")?,
        is_image_based: query.boolean("isImageBased")?,
    };
    let now = app.clock.now();
    Ok(Json(wire::Page::of(
        lock(&app.vcf52).clusters(&filter, now),
    )))
}

async fn get_cluster(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<wire::Cluster>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).cluster(&id, now)?))
}

/// `getHosts`: 5.2.1's filters, 9.0.2's `fqdn`, lists and paging.
async fn get_hosts(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<wire::Page<wire::Host>>, ApiError> {
    let filter = HostFilter {
        fqdn: query.owned("fqdn"),
        statuses: query.list("status"),
        domain_id: query.owned("domainId"),
        cluster_id: query.owned("clusterId"),
        networkpool_id: query.owned("networkpoolId"),
        storage_types: query.list("storageType"),
        datastore_name: query.owned("datastoreName"),
    };
    let paging = query.paging()?;
    let now = app.clock.now();
    let hosts = lock(&app.vcf52).hosts(&filter, now);
    Ok(Json(paged(hosts, paging)))
}

/// `getHost`: an unknown id is 404 (the spec declares 400 only, for a malformed one).
async fn get_host(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<wire::Host>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).host(&id, now)?))
}

/// `getPersonalities`: 5.2.1's filters, 9.0.2's `type`, paging and `sort`.
async fn get_personalities(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<wire::Page<wire::Personality>>, ApiError> {
    let personality_type = query.owned("type");
    if let Some(wanted) = &personality_type {
        if wanted != "SINGLE" && wanted != "COMPOSITE" {
            return Err(invalid_parameter("type", wanted, "SINGLE or COMPOSITE"));
        }
    }
    let filter = PersonalityFilter {
        base_os_version: query.owned("baseOSVersion"),
        add_on_name: query.owned("addOnName"),
        add_on_vendor_name: query.owned("addOnVendorName"),
        component_name: query.owned("componentName"),
        component_vendor_name: query.owned("componentVendorName"),
        personality_name: query.owned("personalityName"),
        personality_type,
    };
    let mut sort = Vec::new();
    for value in query.all("sort") {
        sort.extend(parse_sort(value)?);
    }
    let paging = query.paging()?;
    Ok(Json(paged(
        lock(&app.vcf52).personalities(&filter, &sort),
        paging,
    )))
}

/// One `sort` value, Spring's way: `key[,key...][,asc|desc]`, the direction for every key.
fn parse_sort(value: &str) -> Result<Vec<Sort>, ApiError> {
    let mut parts: Vec<&str> = value.split(',').map(str::trim).collect();
    let descending = match parts.last().map(|last| last.to_ascii_lowercase()) {
        Some(last) if last == "desc" || last == "asc" => {
            parts.pop();
            last == "desc"
        }
        _ => false,
    };
    let expected = "personalityName, addOnName, addOnVendorName or baseOSVersion, then \
                    optionally asc or desc";
    if parts.is_empty() {
        return Err(invalid_parameter("sort", value, expected));
    }
    parts
        .into_iter()
        .map(|part| {
            SortKey::parse(part)
                .map(|key| Sort { key, descending })
                .ok_or_else(|| invalid_parameter("sort", value, expected))
        })
        .collect()
}

async fn get_releases(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<wire::Page<wire::Release>>, ApiError> {
    let now = app.clock.now();
    let releases = lock(&app.vcf52).releases(query.get("domainId"), now)?;
    Ok(Json(wire::Page::of(releases)))
}

async fn get_future_releases(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
) -> Result<Json<wire::Page<wire::DomainFutureRelease>>, ApiError> {
    let now = app.clock.now();
    let releases = lock(&app.vcf52).future_releases(&domain_id, now)?;
    Ok(Json(wire::Page::of(releases)))
}

async fn get_release_by_domain(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
) -> Result<Json<wire::DomainReleaseView>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).release_view(&domain_id, now)?))
}

/// `updateReleaseByDomainID`: 200 without a body.
async fn update_release_by_domain_id(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    Body(release): Body<wire::DomainRelease>,
) -> Result<StatusCode, ApiError> {
    let now = app.clock.now();
    lock(&app.vcf52).set_target(&domain_id, &release, now)?;
    Ok(StatusCode::OK)
}

async fn validate_release_by_domain_id(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    Body(release): Body<wire::DomainRelease>,
) -> Result<(StatusCode, Json<wire::Validation>), ApiError> {
    let now = app.clock.now();
    let validation = lock(&app.vcf52)
        .start_validation(&domain_id, &release, now)
        .map_err(|error| {
            if error.status() == StatusCode::NOT_FOUND {
                bad_request(
                    "DOMAIN_NOT_FOUND",
                    format!("Domain with id {domain_id} not found"),
                )
            } else {
                error
            }
        })?;
    Ok((StatusCode::ACCEPTED, Json(validation)))
}

async fn get_domain_release_view_validation(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(validation_id): ApiPath<String>,
) -> Result<Json<wire::Validation>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).validation(
        &validation_id,
        now,
        app.timing.step,
    )?))
}

// --- Bundles and tasks -----------------------------------------------------------------

async fn get_bundles(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<wire::Page<wire::Bundle>>, ApiError> {
    let filter = BundleFilter {
        product_type: query.owned("productType"),
        is_compliant: query.boolean("isCompliant")?,
        bundle_type: query.owned("bundleType"),
    };
    let now = app.clock.now();
    Ok(Json(wire::Page::of(lock(&app.vcf52).bundles(
        &filter,
        now,
        app.timing.step,
    ))))
}

async fn get_bundle(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<wire::Bundle>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).render_bundle(
        &id,
        now,
        app.timing.step,
    )?))
}

async fn start_bundle_download_by_id(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
    Body(spec): Body<wire::BundleUpdateSpec>,
) -> Result<(StatusCode, Json<wire::Task>), ApiError> {
    let now = app.clock.now();
    let task = lock(&app.vcf52)
        .start_download(&id, &spec, now, app.timing.step, &app.clock)
        .map_err(|error| {
            // The spec declares no 404 here: an unknown bundle is a bad request.
            if error.status() == StatusCode::NOT_FOUND {
                bad_request("BUNDLE_NOT_FOUND", format!("Bundle with id {id} not found"))
            } else {
                error
            }
        })?;
    Ok((StatusCode::ACCEPTED, Json(task)))
}

async fn get_task(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<wire::Task>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).task(
        &id,
        now,
        app.timing.step,
        &app.clock,
    )?))
}

/// `retryTask`: 200 without a body.
async fn retry_task(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let now = app.clock.now();
    lock(&app.vcf52).retry_task(&id, now, &app.timing)?;
    Ok(StatusCode::OK)
}

// --- Check sets ------------------------------------------------------------------------

async fn query_check_sets(
    _: Authenticated,
    State(app): State<Arc<App>>,
    Body(input): Body<wire::CheckSetQueryInput>,
) -> Result<Json<wire::CheckSetQueryResult>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).query_check_sets(&input, now)?))
}

async fn trigger_check_run(
    _: Authenticated,
    State(app): State<Arc<App>>,
    Body(input): Body<wire::CheckSetRunInput>,
) -> Result<(StatusCode, Json<wire::Task>), ApiError> {
    let now = app.clock.now();
    let task = lock(&app.vcf52).trigger_check_run(&input, now, app.timing.step, &app.clock)?;
    Ok((StatusCode::ACCEPTED, Json(task)))
}

async fn get_result(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(run_id): ApiPath<String>,
) -> Result<Json<wire::AssessmentOutput>, ApiError> {
    if uuid::Uuid::parse_str(&run_id).is_err() {
        return Err(bad_request(
            "INVALID_RUN_ID",
            format!("runId '{run_id}' is not a UUID"),
        ));
    }
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).assessment(
        &run_id,
        now,
        app.timing.step,
        &app.clock,
    )?))
}

async fn get_last_assessment_run_info(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<Vec<wire::AssessmentTaskInfo>>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).assessment_runs(
        query.get("domainId"),
        now,
        app.timing.step,
        &app.clock,
    )?))
}

// --- Health summaries (SoS) ------------------------------------------------------------

/// `startHealthCheck`: 202 `HealthSummary`.
async fn start_health_check(
    _: Authenticated,
    State(app): State<Arc<App>>,
    Body(spec): Body<wire::HealthSummarySpec>,
) -> Result<(StatusCode, Json<wire::HealthSummary>), ApiError> {
    let now = app.clock.now();
    let summary = lock(&app.vcf52).start_health_check(&spec, now, app.timing.step, &app.clock)?;
    Ok((StatusCode::ACCEPTED, Json(summary)))
}

/// `getHealthCheckStatus`.
async fn get_health_check_status(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<wire::HealthSummary>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).health_summary(&id, now, &app.clock)?))
}

/// `getHealthCheckTask`: `PageOfHealthSummary`.
async fn get_health_check_task(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Result<Json<wire::Page<wire::HealthSummary>>, ApiError> {
    let now = app.clock.now();
    Ok(Json(wire::Page::of(
        lock(&app.vcf52).health_summaries(now, &app.clock),
    )))
}

/// `exportHealthCheckByID`: the bundle as `application/octet-stream`.
async fn export_health_check_by_id(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let now = app.clock.now();
    let (name, bytes) = lock(&app.vcf52).health_bundle(&id, now, &app.clock)?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

// --- Upgrades --------------------------------------------------------------------------

async fn get_upgradables_by_domain(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    query: QueryParams,
) -> Result<Json<wire::Page<wire::Upgradable>>, ApiError> {
    let now = app.clock.now();
    let upgradables = lock(&app.vcf52).upgradables(&domain_id, query.get("targetVersion"), now)?;
    Ok(Json(wire::Page::of(upgradables)))
}

async fn get_upgradables(
    _: Authenticated,
    State(app): State<Arc<App>>,
) -> Json<wire::Page<wire::Upgradable>> {
    let now = app.clock.now();
    Json(wire::Page::of(lock(&app.vcf52).all_upgradables(now)))
}

async fn get_nsx_upgrade_resources(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    query: QueryParams,
) -> Result<Json<wire::NsxtResources>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).nsx_resources(
        &domain_id,
        query.get("bundleId"),
        now,
    )?))
}

/// `performUpgrade`: 202 `Task` whose id is the upgrade id.
async fn perform_upgrade(
    _: Authenticated,
    State(app): State<Arc<App>>,
    Body(spec): Body<wire::UpgradeSpec>,
) -> Result<(StatusCode, Json<wire::Task>), ApiError> {
    let now = app.clock.now();
    let (task, outage) = lock(&app.vcf52).perform_upgrade(spec, now, &app.timing, &app.clock)?;
    if let Some(length) = outage {
        // The 202 leaves first: the outage begins right after this request.
        let start = now.saturating_add(std::time::Duration::from_nanos(1));
        lock(&app.outages).add(OutageWindow::new(
            start,
            length,
            OutageMode::UnavailableThenReset,
            "scenario",
        ));
        log::info!("SDDC Manager upgrades itself: the API is away for {length:?}");
    }
    Ok((StatusCode::ACCEPTED, Json(task)))
}

async fn get_upgrade_by_id(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(upgrade_id): ApiPath<String>,
) -> Result<Json<wire::Upgrade>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).upgrade(
        &upgrade_id,
        now,
        &app.clock,
    )?))
}

async fn get_upgrades(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Json<wire::Page<wire::Upgrade>> {
    let now = app.clock.now();
    Json(wire::Page::of(lock(&app.vcf52).upgrades(
        query.get("bundleId"),
        query.get("status"),
        now,
        &app.clock,
    )))
}

// --- 9.x --------------------------------------------------------------------------------

/// 9.0.2's `getBundleDownloadStatus`.
async fn get_bundle_download_status(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<wire::Page<wire::BundleDownloadStatusInfo>>, ApiError> {
    let now = app.clock.now();
    Ok(Json(wire::Page::of(lock(&app.vcf52).download_statuses(
        query.get("releaseVersion"),
        query.get("bundleId"),
        query.get("imageType"),
        now,
        app.timing.step,
        &app.clock,
    )?)))
}

/// 9.0.2's `getUpgradePreview`.
async fn get_upgrade_preview(
    _: Authenticated,
    State(app): State<Arc<App>>,
    query: QueryParams,
) -> Result<Json<wire::UpgradePreview>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).upgrade_preview(
        query.get("bundleId"),
        query.get("domainId"),
        now,
    )?))
}

/// `startUpgradePrecheck`: 202 `Task` whose id is the precheck id.
async fn start_upgrade_precheck(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(upgrade_id): ApiPath<String>,
) -> Result<(StatusCode, Json<wire::Task>), ApiError> {
    let now = app.clock.now();
    let task =
        lock(&app.vcf52).start_upgrade_precheck(&upgrade_id, now, app.timing.step, &app.clock)?;
    Ok((StatusCode::ACCEPTED, Json(task)))
}

/// `getUpgradePrecheckByID`: the precheck's `Task`.
async fn get_upgrade_precheck_by_id(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath((upgrade_id, precheck_id)): ApiPath<(String, String)>,
) -> Result<Json<wire::Task>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).upgrade_precheck(
        &upgrade_id,
        &precheck_id,
        now,
        app.timing.step,
        &app.clock,
    )?))
}

/// 9.1's `getUpgradeSequences` (the per-component target parameters are not modelled).
async fn get_upgrade_sequences(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    query: QueryParams,
) -> Result<Json<Vec<wire::SupportedUpgradeSequence>>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).upgrade_sequences(
        &domain_id,
        query.get("targetVersion"),
        now,
    )?))
}

/// 9.1's `getVcenterUpgradeMechanism`.
async fn get_vcenter_upgrade_mechanism(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    query: QueryParams,
) -> Result<Json<wire::SupportedUpgradeMechanisms>, ApiError> {
    let now = app.clock.now();
    Ok(Json(lock(&app.vcf52).vcenter_upgrade_mechanisms(
        &domain_id,
        query.get("targetVersion"),
        now,
    )?))
}

/// 9.1's `getVcenterSizingInfos`.
async fn get_vcenter_sizing_infos(
    _: Authenticated,
    State(app): State<Arc<App>>,
    ApiPath(domain_id): ApiPath<String>,
    query: QueryParams,
) -> Result<Json<Vec<wire::VcenterApplianceSizingInfo>>, ApiError> {
    Ok(Json(lock(&app.vcf52).vcenter_sizing_infos(
        &domain_id,
        query.get("targetVersion"),
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_split_and_decoded() {
        let uri: Uri = "/v1/releases?domainId=a%2Db&x=1+2&flag&bad=%zz"
            .parse()
            .unwrap();
        let params = parse_query(&uri);
        assert_eq!(
            params,
            vec![
                (String::from("domainId"), String::from("a-b")),
                (String::from("x"), String::from("1 2")),
                (String::from("flag"), String::new()),
                (String::from("bad"), String::from("%zz")),
            ]
        );
        assert_eq!(percent_decode("%"), "%");
    }
}
