//! [`SddcClient`]: the `docs/api.md` dialect of [`UpgradeApi`].

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use futures_util::{stream, StreamExt as _, TryStreamExt as _};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::TokenManager;
use super::config::ClientConfig;
use super::dialect::{ApiResult, UpgradeApi};
use super::error::{ApiError, ServerError};
use super::exchange::{decode, invalid, Exchange};
use super::model::{
    BundleStatus, Domain, Inventory, PrecheckStatus, Release, SddcManagerInfo, UpgradeStatus,
};
use super::retry::{Attempt, RetryPolicy};
use super::transport::{ApiRequest, RawResponse, Transport};
use super::wire::{
    next_release, AcknowledgeSpec, BundleOperationSpec, DomainReleaseView, FutureRelease, Page,
    ReleaseRunSpec, SddcManager, TargetSpec, Task, WireBundle, WireDomain, WirePrecheck,
    WireUpgrade,
};
use crate::log_targets::API;

/// How many per-domain calls of an inventory run at once.
pub const INVENTORY_CONCURRENCY: usize = 16;

/// A client of one SDDC Manager speaking this project's contract (`docs/api.md`).
///
/// Cheap to clone: clones share the connection pool and the session.
#[derive(Clone)]
pub struct SddcClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: Exchange,
    auth: TokenManager,
}

impl fmt::Debug for SddcClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SddcClient")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

/// `s` as one URL path segment (ids come from the server or the user).
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl SddcClient {
    /// Build a client. Nothing is sent until the first call. A bad URL, an unreadable or
    /// empty CA bundle, or empty credentials give `ApiError::Configuration`.
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        config.validate()?;
        let transport = Transport::new(&config)?;
        let http = Exchange {
            transport,
            retry: RetryPolicy::new(config.retry.clone()),
            clock: config.clock.clone(),
        };
        let auth = TokenManager::new(
            config.username,
            config.password,
            config.fallback_token_lifetime,
            config.refresh_ahead,
        );
        Ok(Self {
            inner: Arc::new(Inner { http, auth }),
        })
    }

    /// The base URL every path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        self.inner.http.transport.base_url()
    }

    /// When the current access token expires (`None` before the first login). The token
    /// itself never leaves the client.
    pub fn token_expires_at(&self) -> Option<std::time::SystemTime> {
        self.inner.auth.expires_at()
    }

    /// A light connectivity test: one authenticated `GET /v1/sddc-managers`, sent once (no
    /// retries, so an outage shows at once), and the time SDDC Manager took to answer. A 401
    /// renews the session and tries once more, like every call; errors are not logged here.
    pub async fn ping(&self) -> Result<std::time::Duration, ApiError> {
        let http = &self.inner.http;
        let request = ApiRequest::get("/v1/sddc-managers".to_owned());
        let token = self.inner.auth.token(http).await?;
        let started = std::time::Instant::now();
        let attempt = http.transport.send(&request, Some(&token.access)).await;
        let latency = started.elapsed();
        if is_unauthorized(&attempt) {
            let started = std::time::Instant::now();
            self.call(&request).await?;
            return Ok(started.elapsed());
        }
        http.finish(attempt, &request)?;
        Ok(latency)
    }

    /// Send an authenticated request: one refresh and one more try after a 401.
    async fn call(&self, request: &ApiRequest) -> Result<RawResponse, ApiError> {
        let http = &self.inner.http;
        let token = self.inner.auth.token(http).await?;
        let attempt = http.send(request, Some(&token.access)).await;
        if !is_unauthorized(&attempt) {
            return http.finish(attempt, request);
        }
        log::debug!(
            target: API,
            "{} {} answered 401; renewing the session and sending again",
            request.method,
            request.path
        );
        let token = self
            .inner
            .auth
            .after_unauthorized(http, token.generation)
            .await?;
        let attempt = http.send(request, Some(&token.access)).await;
        if let Ok(response) = &attempt {
            if is_unauthorized_status(response) {
                let details = super::exchange::server_error(&response.body)
                    .map_or_else(|| "no details".to_owned(), |error| error.to_string());
                return Err(ApiError::Auth {
                    reason: format!(
                        "{} {} was refused even with a new session ({details})",
                        request.method, request.path
                    ),
                });
            }
        }
        http.finish(attempt, request)
    }

    /// An authenticated call whose answer decodes as `T`.
    async fn fetch<T: DeserializeOwned>(
        &self,
        request: &ApiRequest,
        expected: &str,
    ) -> Result<T, ApiError> {
        let response = self.call(request).await?;
        decode(&response, request, expected)
    }

    async fn get<T: DeserializeOwned>(&self, path: String, expected: &str) -> Result<T, ApiError> {
        self.fetch(&ApiRequest::get(path), expected).await
    }

    fn request<B: Serialize>(
        method: Method,
        path: String,
        body: &B,
        idempotent: bool,
    ) -> Result<ApiRequest, ApiError> {
        let body = serde_json::to_value(body).map_err(|error| ApiError::Configuration {
            reason: format!("cannot encode the body of {method} {path}: {error}"),
        })?;
        Ok(ApiRequest::with_body(method, path, body, idempotent))
    }

    async fn domains(&self) -> Result<Vec<WireDomain>, ApiError> {
        let page: Page<WireDomain> = self.get("/v1/domains".to_owned(), "PageOfDomain").await?;
        Ok(page.into_elements("/v1/domains"))
    }

    async fn release_views(&self) -> Result<HashMap<String, DomainReleaseView>, ApiError> {
        let page: Page<DomainReleaseView> = self
            .get("/v1/releases/domains".to_owned(), "PageOfDomainReleaseView")
            .await?;
        Ok(page
            .into_elements("/v1/releases/domains")
            .into_iter()
            .map(|view| (view.domain_id.clone(), view))
            .collect())
    }

    async fn next_release_of(&self, domain_id: &str) -> Result<Option<Release>, ApiError> {
        let path = format!(
            "/v1/releases/domains/{}/future-releases",
            segment(domain_id)
        );
        let page: Page<FutureRelease> = self.get(path.clone(), "PageOfDomainFutureRelease").await?;
        Ok(next_release(page.into_elements(&path)))
    }

    async fn describe(
        &self,
        domain: WireDomain,
        views: &HashMap<String, DomainReleaseView>,
    ) -> Result<Domain, ApiError> {
        let next_release = self.next_release_of(&domain.id).await?;
        let current_version = views
            .get(&domain.id)
            .and_then(|view| view.current_version.clone());
        Ok(Domain {
            id: domain.id,
            name: domain.name,
            kind: domain.kind,
            status: domain.status,
            current_version,
            next_release,
        })
    }

    async fn inventory_inner(&self) -> Result<Inventory, ApiError> {
        let (domains, views) = tokio::try_join!(self.domains(), self.release_views())?;
        let views = &views;
        let domains = stream::iter(domains)
            .map(|domain| self.describe(domain, views))
            .buffered(INVENTORY_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Inventory { domains })
    }

    async fn domain_inner(&self, domain_id: &str) -> Result<Domain, ApiError> {
        let (domains, views) = tokio::try_join!(self.domains(), self.release_views())?;
        let Some(domain) = domains.into_iter().find(|domain| domain.id == domain_id) else {
            return Err(ApiError::Http {
                method: "GET".to_owned(),
                path: "/v1/domains".to_owned(),
                status: 404,
                body: Some(Box::new(ServerError {
                    error_code: Some("DOMAIN_NOT_FOUND".to_owned()),
                    message: Some(format!("Domain '{domain_id}' is not in the inventory")),
                    remediation_message: None,
                    reference_token: None,
                })),
            });
        };
        self.describe(domain, &views).await
    }

    async fn sddc_manager_inner(&self) -> Result<SddcManagerInfo, ApiError> {
        let request = ApiRequest::get("/v1/sddc-managers".to_owned());
        let page: Page<SddcManager> = self.fetch(&request, "PageOfSddcManager").await?;
        page.into_elements(&request.path)
            .into_iter()
            .next()
            .map(SddcManager::into_model)
            .ok_or_else(|| {
                invalid(
                    &request,
                    "PageOfSddcManager",
                    "the page lists no SDDC Manager".to_owned(),
                )
            })
    }

    async fn target_inner(&self, domain_id: &str, release: &Release) -> Result<(), ApiError> {
        let request = Self::request(
            Method::PATCH,
            format!("/v1/releases/domains/{}", segment(domain_id)),
            &TargetSpec {
                release_id: &release.id,
                operation: "TARGET",
            },
            true,
        )?;
        let _view: DomainReleaseView = self.fetch(&request, "DomainReleaseView").await?;
        Ok(())
    }

    async fn download_inner(&self, bundle_id: &str) -> Result<(), ApiError> {
        let request = Self::request(
            Method::PATCH,
            format!("/v1/bundles/{}", segment(bundle_id)),
            &BundleOperationSpec {
                operation: "DOWNLOAD",
            },
            true,
        )?;
        let _task: Task = self.fetch(&request, "Task").await?;
        Ok(())
    }

    async fn bundle_inner(&self, bundle_id: &str) -> Result<BundleStatus, ApiError> {
        let request = ApiRequest::get(format!("/v1/bundles/{}", segment(bundle_id)));
        let bundle: WireBundle = self.fetch(&request, "Bundle").await?;
        bundle
            .into_model()
            .map_err(|reason| invalid(&request, "Bundle", reason))
    }

    fn precheck_path(domain_id: &str) -> String {
        format!("/v1/domains/{}/upgrades/precheck", segment(domain_id))
    }

    fn upgrades_path(domain_id: &str) -> String {
        format!("/v1/domains/{}/upgrades", segment(domain_id))
    }

    async fn start_precheck_inner(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> Result<PrecheckStatus, ApiError> {
        let request = Self::request(
            Method::POST,
            Self::precheck_path(domain_id),
            &ReleaseRunSpec {
                release_id: &release.id,
                skip_known_host_check: false,
            },
            false,
        )?;
        let precheck: WirePrecheck = self.fetch(&request, "Precheck").await?;
        precheck
            .into_model()
            .map_err(|reason| invalid(&request, "Precheck", reason))
    }

    async fn find_precheck_inner(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> Result<Option<PrecheckStatus>, ApiError> {
        let request = ApiRequest::get(Self::precheck_path(domain_id));
        let page: Page<WirePrecheck> = self.fetch(&request, "PageOfPrecheck").await?;
        // Oldest first: the newest match is the last.
        page.into_elements(&request.path)
            .into_iter()
            .rev()
            .find(|precheck| precheck.release_id.as_deref() == Some(release_id))
            .map(|precheck| {
                precheck
                    .into_model()
                    .map_err(|reason| invalid(&request, "PageOfPrecheck", reason))
            })
            .transpose()
    }

    async fn precheck_inner(
        &self,
        domain_id: &str,
        precheck_id: &str,
    ) -> Result<PrecheckStatus, ApiError> {
        let request = ApiRequest::get(format!(
            "{}/{}",
            Self::precheck_path(domain_id),
            segment(precheck_id)
        ));
        let precheck: WirePrecheck = self.fetch(&request, "Precheck").await?;
        precheck
            .into_model()
            .map_err(|reason| invalid(&request, "Precheck", reason))
    }

    async fn start_upgrade_inner(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> Result<UpgradeStatus, ApiError> {
        let request = Self::request(
            Method::POST,
            Self::upgrades_path(domain_id),
            &ReleaseRunSpec {
                release_id: &release.id,
                skip_known_host_check: false,
            },
            false,
        )?;
        self.upgrade_from(&request).await
    }

    async fn find_upgrade_inner(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> Result<Option<UpgradeStatus>, ApiError> {
        let request = ApiRequest::get(Self::upgrades_path(domain_id));
        let page: Page<WireUpgrade> = self.fetch(&request, "PageOfUpgrade").await?;
        page.into_elements(&request.path)
            .into_iter()
            .rev()
            .find(|upgrade| upgrade.release_id.as_deref() == Some(release_id))
            .map(|upgrade| {
                upgrade
                    .into_model()
                    .map_err(|reason| invalid(&request, "PageOfUpgrade", reason))
            })
            .transpose()
    }

    async fn upgrade_inner(
        &self,
        domain_id: &str,
        upgrade_id: &str,
    ) -> Result<UpgradeStatus, ApiError> {
        let request = ApiRequest::get(format!(
            "{}/{}",
            Self::upgrades_path(domain_id),
            segment(upgrade_id)
        ));
        self.upgrade_from(&request).await
    }

    async fn acknowledge_inner(
        &self,
        domain_id: &str,
        upgrade_id: &str,
    ) -> Result<UpgradeStatus, ApiError> {
        let request = Self::request(
            Method::POST,
            format!("{}/acknowledge", Self::upgrades_path(domain_id)),
            &AcknowledgeSpec {
                upgrade_id,
                alert_ids: None,
            },
            // Acknowledging what is already acknowledged changes nothing (at worst a 409, "no
            // open alerts"): retried like a read, Retry-After included.
            true,
        )?;
        self.upgrade_from(&request).await
    }

    async fn upgrade_from(&self, request: &ApiRequest) -> Result<UpgradeStatus, ApiError> {
        let upgrade: WireUpgrade = self.fetch(request, "Upgrade").await?;
        upgrade
            .into_model()
            .map_err(|reason| invalid(request, "Upgrade", reason))
    }
}

fn is_unauthorized_status(response: &RawResponse) -> bool {
    response.status == reqwest::StatusCode::UNAUTHORIZED
}

fn is_unauthorized(attempt: &Attempt) -> bool {
    attempt.as_ref().is_ok_and(is_unauthorized_status)
}

/// Log a failure that ends an operation, at DEBUG: the caller owns the error and decides
/// whether (and how loudly) it is worth a line, so an outage does not write one per call.
fn logged<T>(operation: &str, result: ApiResult<T>) -> ApiResult<T> {
    if let Err(error) = &result {
        log::debug!(target: API, "{operation} failed: {error}");
    }
    result
}

impl UpgradeApi for SddcClient {
    async fn login(&self) -> ApiResult<()> {
        let result = self.inner.auth.token(&self.inner.http).await.map(|_| ());
        logged("login", result)
    }

    async fn sddc_manager(&self) -> ApiResult<SddcManagerInfo> {
        logged("reading the SDDC Manager", self.sddc_manager_inner().await)
    }

    async fn inventory(&self) -> ApiResult<Inventory> {
        logged("inventory", self.inventory_inner().await)
    }

    async fn domain(&self, domain_id: &str) -> ApiResult<Domain> {
        logged(
            &format!("reading domain {domain_id}"),
            self.domain_inner(domain_id).await,
        )
    }

    async fn target_release(&self, domain_id: &str, release: &Release) -> ApiResult<()> {
        logged(
            &format!("targeting {} for domain {domain_id}", release.id),
            self.target_inner(domain_id, release).await,
        )
    }

    async fn request_bundle_download(&self, bundle_id: &str) -> ApiResult<()> {
        logged(
            &format!("requesting the download of bundle {bundle_id}"),
            self.download_inner(bundle_id).await,
        )
    }

    async fn bundle_status(&self, bundle_id: &str) -> ApiResult<BundleStatus> {
        logged(
            &format!("reading bundle {bundle_id}"),
            self.bundle_inner(bundle_id).await,
        )
    }

    async fn start_precheck(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> ApiResult<PrecheckStatus> {
        logged(
            &format!("starting a precheck of domain {domain_id}"),
            self.start_precheck_inner(domain_id, release).await,
        )
    }

    async fn find_precheck(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> ApiResult<Option<PrecheckStatus>> {
        logged(
            &format!("listing the prechecks of domain {domain_id}"),
            self.find_precheck_inner(domain_id, release_id).await,
        )
    }

    async fn precheck_status(
        &self,
        domain_id: &str,
        precheck_id: &str,
    ) -> ApiResult<PrecheckStatus> {
        logged(
            &format!("reading precheck {precheck_id} of domain {domain_id}"),
            self.precheck_inner(domain_id, precheck_id).await,
        )
    }

    async fn start_upgrade(&self, domain_id: &str, release: &Release) -> ApiResult<UpgradeStatus> {
        logged(
            &format!("starting the upgrade of domain {domain_id}"),
            self.start_upgrade_inner(domain_id, release).await,
        )
    }

    async fn find_upgrade(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> ApiResult<Option<UpgradeStatus>> {
        logged(
            &format!("listing the upgrades of domain {domain_id}"),
            self.find_upgrade_inner(domain_id, release_id).await,
        )
    }

    async fn upgrade_status(&self, domain_id: &str, upgrade_id: &str) -> ApiResult<UpgradeStatus> {
        logged(
            &format!("reading upgrade {upgrade_id} of domain {domain_id}"),
            self.upgrade_inner(domain_id, upgrade_id).await,
        )
    }

    async fn acknowledge_alerts(
        &self,
        domain_id: &str,
        upgrade_id: &str,
    ) -> ApiResult<UpgradeStatus> {
        logged(
            &format!("acknowledging the alerts of upgrade {upgrade_id}"),
            self.acknowledge_inner(domain_id, upgrade_id).await,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(segment("5f0c2e4a-1b2c"), "5f0c2e4a-1b2c");
        assert_eq!(segment("5.2.1.0"), "5.2.1.0");
        assert_eq!(segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(segment("é"), "%C3%A9");
    }

    #[test]
    fn the_client_is_send_sync_and_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<SddcClient>();
    }

    #[test]
    fn construction_errors_are_configuration_errors() {
        let bad_url = SddcClient::new(ClientConfig::new("not a url", "u", "p"));
        assert!(matches!(bad_url, Err(ApiError::Configuration { .. })));
        let mut config = ClientConfig::new("https://sddc.example.com", "u", "p");
        config.ca_bundle = Some("/nonexistent/ca.pem".into());
        assert!(matches!(
            SddcClient::new(config),
            Err(ApiError::Configuration { .. })
        ));
        let ok = SddcClient::new(ClientConfig::new("https://sddc.example.com/", "u", "p"));
        assert_eq!(
            ok.map(|client| client.base_url().to_owned())
                .ok()
                .as_deref(),
            Some("https://sddc.example.com")
        );
    }
}
