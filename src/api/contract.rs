//! [`ContractClient`]: the `docs/api.md` dialect of [`UpgradeApi`] (this project's own contract,
//! not SDDC Manager's API).

use std::collections::HashMap;
use std::fmt;

use futures_util::{stream, StreamExt as _, TryStreamExt as _};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::config::ClientConfig;
use super::dialect::{ApiResult, UpgradeApi};
use super::error::{ApiError, ServerError};
use super::exchange::invalid;
use super::model::{
    BundleStatus, Domain, Inventory, PrecheckStatus, Release, SddcManagerInfo, UpgradeStatus,
    UpgradeStep,
};
use super::session::{logged, segment, Session};
use super::settings::UpgradeSettings;
use super::transport::ApiRequest;
use super::wire::{
    next_release, AcknowledgeSpec, BundleOperationSpec, DomainReleaseView, FutureRelease, Page,
    ReleaseRunSpec, SddcManager, TargetSpec, Task, WireBundle, WireDomain, WirePrecheck,
    WireUpgrade,
};

/// How many per-domain calls of an inventory run at once.
pub const INVENTORY_CONCURRENCY: usize = 16;

/// A client of one SDDC Manager speaking this project's own contract (`docs/api.md`): the
/// default dialect of the engine and of `vcf-sim`.
///
/// Cheap to clone: clones share the connection pool and the session.
#[derive(Clone)]
pub struct ContractClient {
    session: Session,
}

impl fmt::Debug for ContractClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContractClient")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl ContractClient {
    /// Build a client. Nothing is sent until the first call. A bad URL, an unreadable or
    /// empty CA bundle, or empty credentials give `ApiError::Configuration`.
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        Ok(Self::with_session(Session::new(config)?))
    }

    /// A client over an existing session (shared with a client of another dialect).
    pub fn with_session(session: Session) -> Self {
        Self { session }
    }

    /// The session (login, retries, TLS) under this client.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The base URL every path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        self.session.base_url()
    }

    /// When the current access token expires (`None` before the first login).
    pub fn token_expires_at(&self) -> Option<std::time::SystemTime> {
        self.session.token_expires_at()
    }

    /// A light connectivity test (see [`Session::ping`]).
    pub async fn ping(&self) -> Result<std::time::Duration, ApiError> {
        self.session.ping().await
    }

    async fn fetch<T: DeserializeOwned>(
        &self,
        request: &ApiRequest,
        expected: &str,
    ) -> Result<T, ApiError> {
        self.session.fetch(request, expected).await
    }

    async fn get<T: DeserializeOwned>(&self, path: String, expected: &str) -> Result<T, ApiError> {
        self.session.get(path, expected).await
    }

    fn request<B: Serialize>(
        method: Method,
        path: String,
        body: &B,
        idempotent: bool,
    ) -> Result<ApiRequest, ApiError> {
        Session::request(method, path, body, idempotent)
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

impl UpgradeApi for ContractClient {
    async fn login(&self) -> ApiResult<()> {
        logged("login", self.session.login().await)
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

    async fn next_upgrade(
        &self,
        _domain_id: &str,
        release: &Release,
        completed: &[String],
    ) -> ApiResult<Option<UpgradeStep>> {
        // The contract upgrades the whole domain in one step, named after the release.
        Ok((!completed.contains(&release.id)).then(|| UpgradeStep {
            bundle_id: release.id.clone(),
            component: None,
            from_version: None,
            to_version: Some(release.version.clone()),
            position: 1,
            total: 1,
        }))
    }

    async fn start_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        _step: &UpgradeStep,
        // The contract's upgrade takes no wizard inputs (docs/api.md).
        _settings: &UpgradeSettings,
    ) -> ApiResult<UpgradeStatus> {
        logged(
            &format!("starting the upgrade of domain {domain_id}"),
            self.start_upgrade_inner(domain_id, release).await,
        )
    }

    async fn find_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        _step: &UpgradeStep,
    ) -> ApiResult<Option<UpgradeStatus>> {
        logged(
            &format!("listing the upgrades of domain {domain_id}"),
            self.find_upgrade_inner(domain_id, &release.id).await,
        )
    }

    async fn confirm_upgraded(&self, _domain_id: &str, _release: &Release) -> ApiResult<bool> {
        // The contract's upgrade succeeds only once the domain runs the release.
        Ok(true)
    }

    async fn retry_upgrade(&self, task_id: &str) -> ApiResult<()> {
        Err(ApiError::Configuration {
            reason: format!("this project's contract has no task retry (task {task_id})"),
        })
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
    fn the_client_is_send_sync_and_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<ContractClient>();
    }

    #[test]
    fn construction_errors_are_configuration_errors() {
        let bad_url = ContractClient::new(ClientConfig::new("not a url", "u", "p"));
        assert!(matches!(bad_url, Err(ApiError::Configuration { .. })));
        let mut config = ClientConfig::new("https://sddc.example.com", "u", "p");
        config.ca_bundle = Some("/nonexistent/ca.pem".into());
        assert!(matches!(
            ContractClient::new(config),
            Err(ApiError::Configuration { .. })
        ));
        let ok = ContractClient::new(ClientConfig::new("https://sddc.example.com/", "u", "p"));
        assert_eq!(
            ok.map(|client| client.base_url().to_owned())
                .ok()
                .as_deref(),
            Some("https://sddc.example.com")
        );
    }
}
