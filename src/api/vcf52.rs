//! [`Vcf52Client`]: the `vcf52` dialect of [`UpgradeApi`], SDDC Manager 5.2.1's own lifecycle
//! API as `../shared/vcf/README.md` describes it (check-set prechecks, one upgrade per bundle
//! handed out by the server, no acknowledge resource).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::{stream, StreamExt as _, TryStreamExt as _};
use reqwest::Method;

use super::config::ClientConfig;
use super::contract::INVENTORY_CONCURRENCY;
use super::dialect::{ApiResult, UpgradeApi};
use super::error::{ApiError, ServerError};
use super::estate::{EstateCluster, EstateHost, Headroom};
use super::exchange::invalid;
use super::health::{HealthPolling, HealthSummary};
use super::model::{
    BundleStatus, Domain, DownloadState, Inventory, PrecheckStatus, Release, SddcManagerInfo,
    TaskState, UpgradeStatus, UpgradeStep, UpgradeTaskState, Validation,
};
use super::session::{logged, segment, Session};
use super::settings::{
    ClusterOrder, EsxFailureAction, Switchover, UpgradeSettings, VcenterUpgradeMechanism,
};
use super::transport::ApiRequest;
use super::wire::{Page, SddcManager};
use super::wire52::{
    summary_counts, version_cmp, AssessmentOutput, AssessmentTaskInfo, Bundle52,
    BundleDownloadSpec, BundleUpdateSpec, CheckSetQueryDomainResources, CheckSetQueryInput,
    CheckSetQueryResource, CheckSetQueryResult, CheckSetResourceSelection, CheckSetRunInput,
    Cluster52, Domain52, DomainRelease, DomainReleaseView52, EsxUpgradeFailureAction,
    EsxUpgradeOptionsSpec, Finding, FutureRelease52, Host52, NsxtEdgeClusterUpgradeSpec,
    NsxtHostClusterUpgradeSpec, NsxtResources, NsxtUpgradeOptions, NsxtUpgradeUserInputSpec,
    Personality52, PersonalitySpec, Release52, ResourceUpgradeSpec, SelectedCheckSet, Task52,
    TemporaryNetwork, Upgradable, Upgrade52, UpgradeSpec, VcenterUpgradeUserInputSpec,
};
use crate::log_targets::API;

/// A client of one SDDC Manager speaking its 5.2.1 lifecycle API.
///
/// Cheap to clone: clones share the session and what the client remembers (download tasks,
/// status strings already reported).
#[derive(Clone)]
pub struct Vcf52Client {
    session: Session,
    memory: Arc<Mutex<Memory>>,
}

#[derive(Default)]
struct Memory {
    /// The last download task of each bundle (its `errors[]` say why a download failed).
    download_tasks: HashMap<String, String>,
    /// Status strings the engine does not know, already logged.
    unknown_statuses: HashSet<String>,
}

impl fmt::Debug for Vcf52Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vcf52Client")
            .field("base_url", &self.session.base_url())
            .finish_non_exhaustive()
    }
}

/// How a status string is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Running,
    Succeeded,
    Failed,
}

/// The category of a status the spec does not enumerate: failures and successes by their
/// words, anything else (`INPROGRESS`, `PENDING`, `SCHEDULED`, `DRAFT`, ...) still running.
fn category_of(status: &str) -> Category {
    let upper = status.to_ascii_uppercase();
    if upper.contains("FAIL") || upper.contains("ERROR") || upper.contains("CANCEL") {
        Category::Failed
    } else if upper.contains("SUCCE") || upper == "COMPLETED" {
        Category::Succeeded
    } else {
        Category::Running
    }
}

/// The bom name of a check-set resource type.
fn bom_name(resource_type: &str) -> &str {
    match resource_type {
        "SDDC_MANAGER" => "SDDC_MANAGER_VCF",
        other => other,
    }
}

/// A 404-like "not found" error for a domain that is not listed.
fn not_found(path: &str, what: String) -> ApiError {
    ApiError::Http {
        method: "GET".to_owned(),
        path: path.to_owned(),
        status: 404,
        body: Some(Box::new(ServerError {
            error_code: Some("NOT_FOUND".to_owned()),
            message: Some(what),
            remediation_message: None,
            reference_token: None,
        })),
    }
}

impl Vcf52Client {
    /// Build a client. Nothing is sent until the first call.
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        Ok(Self::with_session(Session::new(config)?))
    }

    /// A client over an existing session.
    pub fn with_session(session: Session) -> Self {
        Self {
            session,
            memory: Arc::new(Mutex::new(Memory::default())),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        // Plain inserts and lookups only: a poisoned lock is still consistent.
        self.memory.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The category of `status` of `what`; a status outside `known` is logged once.
    fn categorize(&self, what: &str, status: &str, known: &[&str]) -> Category {
        let category = category_of(status);
        if !known.contains(&status) {
            let first = self
                .memory()
                .unknown_statuses
                .insert(format!("{what}:{status}"));
            if first {
                log::warn!(
                    target: API,
                    "SDDC Manager reported the {what} status {status:?}, which the engine does \
                     not know; treating it as {category:?}"
                );
            }
        }
        category
    }

    fn body<B: serde::Serialize>(
        method: Method,
        path: String,
        body: &B,
        idempotent: bool,
    ) -> Result<ApiRequest, ApiError> {
        Session::request(method, path, body, idempotent)
    }

    async fn domain52(&self, domain_id: &str) -> ApiResult<Domain52> {
        self.session
            .get(format!("/v1/domains/{}", segment(domain_id)), "Domain")
            .await
    }

    /// The domain's current VCF version (`getReleases?domainId=`).
    async fn current_version(&self, domain_id: &str) -> ApiResult<Option<String>> {
        let path = format!("/v1/releases?domainId={}", segment(domain_id));
        let page: Page<Release52> = self.session.get(path.clone(), "PageOfRelease").await?;
        Ok(page
            .into_elements(&path)
            .into_iter()
            .next()
            .map(|release| release.version))
    }

    async fn future_releases(&self, domain_id: &str) -> ApiResult<Vec<FutureRelease52>> {
        let path = format!(
            "/v1/releases/domains/{}/future-releases",
            segment(domain_id)
        );
        let page: Page<FutureRelease52> = self
            .session
            .get(path.clone(), "PageOfDomainFutureRelease")
            .await?;
        Ok(page.into_elements(&path))
    }

    /// The lowest applicable release above the current version (`applicabilityStatus`,
    /// `minCompatibleVcfVersion`; the deprecated `isApplicable` is not read).
    fn candidate(current: Option<&str>, releases: Vec<FutureRelease52>) -> Option<Release> {
        let mut candidates: Vec<FutureRelease52> = releases
            .into_iter()
            .filter(|r| r.applicability_status.as_deref() == Some("APPLICABLE"))
            .filter(|r| match current {
                Some(current) => {
                    version_cmp(current, &r.version).is_lt()
                        && r.min_compatible_vcf_version
                            .as_deref()
                            .is_none_or(|min| version_cmp(min, current).is_le())
                }
                None => true,
            })
            .collect();
        candidates.sort_by(|a, b| version_cmp(&a.version, &b.version));
        candidates.into_iter().next().map(|r| Release {
            id: r.version.clone(),
            version: r.version,
            description: r.description,
            release_date: r.release_date,
            bundle_ids: r.patch_bundles.into_iter().map(|b| b.bundle_id).collect(),
        })
    }

    async fn describe(&self, domain: Domain52) -> ApiResult<Domain> {
        let (current, releases) = tokio::try_join!(
            self.current_version(&domain.id),
            self.future_releases(&domain.id)
        )?;
        let next_release = Self::candidate(current.as_deref(), releases);
        Ok(Domain {
            id: domain.id,
            name: domain.name,
            kind: domain.kind,
            status: domain.status,
            current_version: current,
            next_release,
        })
    }

    /// SDDC Manager's own health check of one domain: starts a health summary scoped to the
    /// domain (by its name, as `HealthSummarySpec` takes it), reads its status every
    /// `polling.interval` (at most `polling.max_polls` times) until it completes, and reads the
    /// checks from the bundle it downloads (see [`super::health`]). A failed collection, a
    /// bundle without checks and a summary that does not complete in time are errors.
    pub async fn health_check(
        &self,
        domain_id: &str,
        polling: HealthPolling,
    ) -> ApiResult<HealthSummary> {
        super::health::health_check(&self.session, domain_id, polling).await
    }

    /// The estate: every cluster (`getClusters`, one call) with its hosts (`getHosts` by
    /// `clusterId`, one call per cluster, a few at once: 5.2.1's `getHosts` has no paging) and
    /// their rolling-upgrade headroom.
    pub async fn estate(&self) -> ApiResult<Vec<EstateCluster>> {
        self.clusters_with_hosts("/v1/clusters".to_owned()).await
    }

    /// The clusters `path` lists (`getClusters`, maybe filtered), each with its hosts.
    async fn clusters_with_hosts(&self, path: String) -> ApiResult<Vec<EstateCluster>> {
        let page: Page<Cluster52> = self.session.get(path.clone(), "PageOfCluster").await?;
        stream::iter(page.into_elements(&path))
            .map(|cluster| self.estate_cluster(cluster))
            .buffered(INVENTORY_CONCURRENCY)
            .try_collect()
            .await
    }

    async fn estate_cluster(&self, cluster: Cluster52) -> ApiResult<EstateCluster> {
        let path = format!("/v1/hosts?clusterId={}", segment(&cluster.id));
        let page: Page<Host52> = self.session.get(path.clone(), "PageOfHost").await?;
        let hosts: Vec<EstateHost> = page
            .into_elements(&path)
            .into_iter()
            .map(|host| EstateHost {
                id: host.id,
                fqdn: host.fqdn,
                esxi_version: host.esxi_version,
                status: host.status,
                cpu_total_mhz: host.cpu.frequency_mhz,
                cpu_used_mhz: host.cpu.used_frequency_mhz,
                memory_total_mb: host.memory.total_capacity_mb,
                memory_used_mb: host.memory.used_capacity_mb,
                storage_total_mb: host.storage.total_capacity_mb,
                storage_used_mb: host.storage.used_capacity_mb,
            })
            .collect();
        let vsan = cluster.primary_datastore_type.as_deref() == Some("VSAN");
        // vSAN's default storage policy tolerates one failure.
        let failures_to_tolerate = vsan.then(|| cluster.failures_to_tolerate.unwrap_or(1));
        Ok(EstateCluster {
            headroom: Headroom::of(&hosts, failures_to_tolerate),
            id: cluster.id,
            name: cluster.name,
            domain_id: cluster.domain.map(|d| d.id).unwrap_or_default(),
            vsan,
            failures_to_tolerate,
            hosts,
        })
    }

    async fn inventory_inner(&self) -> ApiResult<Inventory> {
        let page: Page<Domain52> = self
            .session
            .get("/v1/domains".to_owned(), "PageOfDomain")
            .await?;
        let domains = stream::iter(page.into_elements("/v1/domains"))
            .map(|domain| self.describe(domain))
            .buffered(INVENTORY_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Inventory { domains })
    }

    async fn domain_inner(&self, domain_id: &str) -> ApiResult<Domain> {
        let domain = self.domain52(domain_id).await?;
        self.describe(domain).await
    }

    async fn sddc_manager_inner(&self) -> ApiResult<SddcManagerInfo> {
        let request = ApiRequest::get("/v1/sddc-managers".to_owned());
        let page: Page<SddcManager> = self.session.fetch(&request, "PageOfSddcManager").await?;
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

    /// VCF's order: SDDC Manager is upgraded first (the management domain's `SDDC_MANAGER`
    /// bundle); every other component upgrade waits until `getSddcManagers` reports the
    /// release's version. A version that cannot be read does not hold the run: SDDC Manager's
    /// own refusal (424) still would.
    async fn order_block_inner(
        &self,
        step: &UpgradeStep,
        release: &Release,
    ) -> ApiResult<Option<String>> {
        if step.component.as_deref() == Some("SDDC_MANAGER") {
            return Ok(None);
        }
        let manager = self.sddc_manager_inner().await?;
        let Some(version) = manager.version else {
            return Ok(None);
        };
        // "5.2.1.0-24307856": the build number after the dash is not part of the VCF version.
        let running = version.split('-').next().unwrap_or_default();
        if version_cmp(running, &release.version).is_ge() {
            return Ok(None);
        }
        let page: Page<Domain52> = self
            .session
            .get("/v1/domains".to_owned(), "PageOfDomain")
            .await?;
        let management = page
            .into_elements("/v1/domains")
            .into_iter()
            .find(|d| d.kind.as_deref() == Some("MANAGEMENT"))
            .map(|d| format!("the management domain {}", d.name))
            .unwrap_or_else(|| "the management domain".to_owned());
        Ok(Some(format!(
            "Waiting for SDDC Manager {}: upgrade {management} first (SDDC Manager runs {running})",
            release.version
        )))
    }

    async fn target_view(&self, domain_id: &str) -> ApiResult<Option<String>> {
        let view: DomainReleaseView52 = self
            .session
            .get(
                format!("/v1/releases/domains/{}", segment(domain_id)),
                "DomainReleaseView",
            )
            .await?;
        Ok(view.target_version)
    }

    async fn target_inner(&self, domain_id: &str, release: &Release) -> ApiResult<()> {
        if self.target_view(domain_id).await?.as_deref() == Some(release.version.as_str()) {
            return Ok(());
        }
        let request = Self::body(
            Method::PATCH,
            format!("/v1/releases/domains/{}", segment(domain_id)),
            &DomainRelease {
                target_version: &release.version,
            },
            true,
        )?;
        // 200 without a body: confirmed by reading the release view.
        self.session.call(&request).await?;
        let target = self.target_view(domain_id).await?;
        if target.as_deref() == Some(release.version.as_str()) {
            Ok(())
        } else {
            Err(invalid(
                &request,
                "DomainReleaseView",
                format!(
                    "the domain's target is {} after targeting {}",
                    target.as_deref().unwrap_or("not set"),
                    release.version
                ),
            ))
        }
    }

    async fn download_inner(&self, bundle_id: &str) -> ApiResult<()> {
        let request = Self::body(
            Method::PATCH,
            format!("/v1/bundles/{}", segment(bundle_id)),
            &BundleUpdateSpec {
                bundle_download_spec: BundleDownloadSpec { download_now: true },
            },
            true,
        )?;
        match self.session.fetch::<Task52>(&request, "Task").await {
            Ok(task) => {
                self.memory()
                    .download_tasks
                    .insert(bundle_id.to_owned(), task.id);
                Ok(())
            }
            // A download of that bundle already runs: requested.
            Err(error) if error.status() == Some(409) => Ok(()),
            Err(ApiError::Http {
                status: 400,
                body: Some(body),
                ..
            }) if body.error_code.as_deref() == Some("BUNDLE_ALREADY_DOWNLOADED") => Ok(()),
            Err(error) => Err(error),
        }
    }

    async fn task(&self, task_id: &str) -> ApiResult<Task52> {
        self.session
            .get(format!("/v1/tasks/{}", segment(task_id)), "Task")
            .await
    }

    async fn bundle52(&self, bundle_id: &str) -> ApiResult<Bundle52> {
        self.session
            .get(format!("/v1/bundles/{}", segment(bundle_id)), "Bundle")
            .await
    }

    async fn bundle_inner(&self, bundle_id: &str) -> ApiResult<BundleStatus> {
        let bundle = self.bundle52(bundle_id).await?;
        let status = bundle.download_status.unwrap_or_default();
        let state = match status.as_str() {
            "PENDING" => DownloadState::NotRequested,
            "SCHEDULED" => DownloadState::Scheduled,
            // 9.x's `download-status` spells them INPROGRESS and SUCCESS.
            "IN_PROGRESS" | "INPROGRESS" => DownloadState::InProgress,
            "SUCCESSFUL" | "SUCCESS" => DownloadState::Succeeded,
            "FAILED" => DownloadState::Failed,
            "RECALLED" => DownloadState::Recalled,
            other => match self.categorize("download", other, &[]) {
                Category::Running => DownloadState::InProgress,
                Category::Succeeded => DownloadState::Succeeded,
                Category::Failed => DownloadState::Failed,
            },
        };
        let mut error = None;
        if matches!(state, DownloadState::Failed | DownloadState::Recalled) {
            let task_id = self.memory().download_tasks.get(bundle_id).cloned();
            if let Some(task_id) = task_id {
                error = self.task(&task_id).await?.errors.into_iter().next();
            }
        }
        Ok(BundleStatus {
            id: bundle.id,
            state,
            progress_percent: match state {
                DownloadState::Succeeded => Some(100),
                _ => None,
            },
            size_mb: bundle.size_mb,
            error,
        })
    }

    async fn query(&self, input: &CheckSetQueryInput<'_>) -> ApiResult<CheckSetQueryResult> {
        let request = Self::body(
            Method::POST,
            "/v1/system/check-sets/queries".to_owned(),
            input,
            true,
        )?;
        self.session.fetch(&request, "CheckSetQueryResult").await
    }

    async fn start_precheck_inner(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> ApiResult<PrecheckStatus> {
        // 1. Discovery: the domain's resources.
        let discovered = self
            .query(&CheckSetQueryInput {
                check_set_type: "UPGRADE",
                domains: vec![CheckSetQueryDomainResources {
                    domain_id,
                    resources: None,
                }],
            })
            .await?;
        // 2. The check-sets for the target versions of the release's bom.
        let bom = self
            .future_releases(domain_id)
            .await?
            .into_iter()
            .find(|r| r.version == release.version)
            .map(|r| r.bom)
            .unwrap_or_default();
        let mut wanted: Vec<CheckSetQueryResource> = Vec::new();
        for resource in &discovered.resources {
            let version = bom
                .iter()
                .find(|product| product.name == bom_name(&resource.resource_type))
                .map(|product| product.version.clone());
            if let Some(version) = version {
                if !wanted
                    .iter()
                    .any(|w| w.resource_type == resource.resource_type)
                {
                    wanted.push(CheckSetQueryResource {
                        resource_type: resource.resource_type.clone(),
                        resource_target_version: version,
                    });
                }
            }
        }
        let candidates = self
            .query(&CheckSetQueryInput {
                check_set_type: "UPGRADE",
                domains: vec![CheckSetQueryDomainResources {
                    domain_id,
                    resources: Some(wanted),
                }],
            })
            .await?;
        // 3. Run every check-set offered.
        let resources: Vec<CheckSetResourceSelection> = candidates
            .resources
            .into_iter()
            .filter(|r| !r.check_sets.is_empty())
            .map(|r| CheckSetResourceSelection {
                resource_name: r.resource_name,
                resource_id: r.resource_id,
                resource_type: r.resource_type,
                domain: r.domain,
                check_sets: r
                    .check_sets
                    .into_iter()
                    .map(|c| SelectedCheckSet {
                        check_set_id: c.check_set_id,
                    })
                    .collect(),
            })
            .collect();
        let request = Self::body(
            Method::POST,
            "/v1/system/check-sets".to_owned(),
            &CheckSetRunInput {
                query_id: candidates.query_id,
                resources,
            },
            false,
        )?;
        let task: Task52 = self.session.fetch(&request, "Task").await?;
        Ok(PrecheckStatus {
            id: task.id,
            release_id: Some(release.id.clone()),
            state: TaskState::InProgress,
            error_count: 0,
            warning_count: 0,
            validations: Vec::new(),
            progress_percent: None,
        })
    }

    async fn find_precheck_inner(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> ApiResult<Option<PrecheckStatus>> {
        let runs: Vec<AssessmentTaskInfo> = self
            .session
            .get(
                format!("/v1/system/check-sets?domainId={}", segment(domain_id)),
                "AssessmentTaskInfo[]",
            )
            .await?;
        // Newest first; a run for another target version is not this run's.
        let run = runs.into_iter().find(|run| {
            run.metadata
                .target_version
                .as_deref()
                .is_none_or(|v| v == release_id)
        });
        Ok(run.map(|run| {
            let status = run.state.unwrap_or_default();
            let state = match status.as_str() {
                "IN_PROGRESS" => TaskState::InProgress,
                "SUCCESSFUL" => TaskState::Succeeded,
                "FAILED" => TaskState::Failed,
                other => match self.categorize("check run", other, &[]) {
                    Category::Running => TaskState::InProgress,
                    Category::Succeeded => TaskState::Succeeded,
                    Category::Failed => TaskState::Failed,
                },
            };
            PrecheckStatus {
                id: run.id,
                release_id: Some(release_id.to_owned()),
                state,
                error_count: 0,
                warning_count: 0,
                validations: Vec::new(),
                progress_percent: None,
            }
        }))
    }

    fn validations(finding: Finding, into: &mut Vec<Validation>) {
        for nested in finding.nested_errors {
            let severity = nested
                .error_type
                .clone()
                .or_else(|| {
                    nested
                        .context
                        .get("severity")
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "ERROR".to_owned());
            let name = nested
                .message
                .clone()
                .or_else(|| nested.error_code.clone())
                .unwrap_or_else(|| "Check".to_owned());
            into.push(Validation {
                name,
                resource: None,
                severity,
                passed: false,
                message: None,
                remediation: nested.remediation_message.clone(),
            });
            Self::validations(nested, into);
        }
    }

    async fn precheck_inner(
        &self,
        run_id: &str,
        release_id: Option<String>,
    ) -> ApiResult<PrecheckStatus> {
        let output: AssessmentOutput = self
            .session
            .get(
                format!("/v1/system/check-sets/{}", segment(run_id)),
                "AssessmentOutput",
            )
            .await?;
        let (errors, warnings) = summary_counts(&output.presented_artifacts_map);
        let progress_percent = output
            .discovery_progress
            .and_then(|progress| progress.percentage_complete);
        let mut validations = Vec::new();
        if let Some(result) = output.validation_result {
            Self::validations(result, &mut validations);
        }
        let state = match output.status.as_str() {
            "IN_PROGRESS" => TaskState::InProgress,
            "COMPLETED_WITH_SUCCESS" if errors == 0 => TaskState::Succeeded,
            "COMPLETED_WITH_SUCCESS" | "COMPLETED_WITH_FAILURE" => TaskState::Failed,
            other => match self.categorize("check run", other, &[]) {
                Category::Running => TaskState::InProgress,
                Category::Succeeded if errors == 0 => TaskState::Succeeded,
                Category::Succeeded | Category::Failed => TaskState::Failed,
            },
        };
        Ok(PrecheckStatus {
            id: run_id.to_owned(),
            release_id,
            state,
            error_count: errors,
            warning_count: warnings,
            validations,
            progress_percent,
        })
    }

    async fn upgradables(&self, domain_id: &str, version: &str) -> ApiResult<Vec<Upgradable>> {
        let path = format!(
            "/v1/upgradables/domains/{}?targetVersion={}",
            segment(domain_id),
            segment(version)
        );
        let page: Page<Upgradable> = self.session.get(path.clone(), "PageOfUpgradable").await?;
        Ok(page.into_elements(&path))
    }

    async fn next_upgrade_inner(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> ApiResult<Option<UpgradeStep>> {
        let elements = self.upgradables(domain_id, &release.version).await?;
        let total = u32::try_from(elements.len()).unwrap_or(u32::MAX);
        let mut next = None;
        for (index, element) in elements.iter().enumerate() {
            let status = element.status.as_deref().unwrap_or_default();
            let available = match status {
                "AVAILABLE" => true,
                "PENDING" | "COMPLETED" => false,
                other => {
                    self.categorize("upgradable", other, &[]);
                    false
                }
            };
            if available {
                next = Some((index, element.bundle_id.clone()));
                break;
            }
        }
        let Some((index, bundle_id)) = next else {
            return Ok(None);
        };
        let bundle = self.bundle52(&bundle_id).await?;
        let component = bundle.components.into_iter().next();
        Ok(Some(UpgradeStep {
            bundle_id,
            component: Some(
                component
                    .as_ref()
                    .and_then(|c| c.kind.clone())
                    .unwrap_or_else(|| "BUNDLE".to_owned()),
            ),
            from_version: component.as_ref().and_then(|c| c.from_version.clone()),
            to_version: component.and_then(|c| c.to_version),
            position: u32::try_from(index + 1).unwrap_or(u32::MAX),
            total,
        }))
    }

    async fn start_upgrade_inner(
        &self,
        domain_id: &str,
        step: &UpgradeStep,
        settings: &UpgradeSettings,
    ) -> ApiResult<UpgradeStatus> {
        let component = step.component.as_deref().unwrap_or_default();
        let mut nsx = None;
        let mut vcenter = None;
        let mut esx = None;
        let mut personality = None;
        match component {
            "NSX_T_MANAGER" => {
                let resources: NsxtResources = self
                    .session
                    .get(
                        format!(
                            "/v1/upgradables/domains/{}/nsxt?bundleId={}",
                            segment(domain_id),
                            segment(&step.bundle_id)
                        ),
                        "NsxtResources",
                    )
                    .await?;
                nsx = Some(vec![nsx_inputs(resources, settings)]);
            }
            "VCENTER" => {
                let domain = self.domain52(domain_id).await?;
                vcenter = Some(vec![vcenter_inputs(
                    domain.vcenters.into_iter().next().map(|v| v.id),
                    settings,
                )]);
            }
            "ESX_HOST" | "HOST" => {
                esx = Some(esx_options(settings));
                personality = self.esx_image(domain_id, step).await?;
            }
            _ => {}
        }
        let request = Self::body(
            Method::POST,
            "/v1/upgrades".to_owned(),
            &UpgradeSpec {
                bundle_id: &step.bundle_id,
                resource_type: "DOMAIN",
                resource_upgrade_specs: vec![ResourceUpgradeSpec {
                    resource_id: domain_id,
                    upgrade_now: true,
                    esx_upgrade_options_spec: esx,
                    personality_spec: personality,
                }],
                nsxt_upgrade_user_input_specs: nsx,
                vcenter_upgrade_user_input_specs: vcenter,
            },
            false,
        )?;
        let task: Task52 = self.session.fetch(&request, "Task").await?;
        Ok(UpgradeStatus {
            id: task.id.clone(),
            release_id: None,
            state: UpgradeTaskState::Scheduled,
            progress_percent: None,
            current_component: step.component.clone(),
            components: Vec::new(),
            alerts: Vec::new(),
            errors: Vec::new(),
            task_id: Some(task.id),
            retryable: false,
        })
    }

    /// The image an image-managed domain's ESX hosts move to (`lifecycleManagementMode`
    /// `IMAGES`, the only mode of ESX 9): the depot's image (`getPersonalities`) of the step's
    /// target ESX version. A baseline-managed domain takes none. Without a matching image the
    /// upgrade is sent without one, logged, and SDDC Manager's refusal explains the rest.
    async fn esx_image(
        &self,
        domain_id: &str,
        step: &UpgradeStep,
    ) -> ApiResult<Option<PersonalitySpec>> {
        let domain = self.domain52(domain_id).await?;
        if domain.lifecycle_management_mode.as_deref() != Some("IMAGES") {
            return Ok(None);
        }
        let Some(target) = step.to_version.as_deref() else {
            return Ok(None);
        };
        let page: Page<Personality52> = self
            .session
            .get("/v1/personalities".to_owned(), "PageOfPersonality")
            .await?;
        let image = page
            .into_elements("/v1/personalities")
            .into_iter()
            .find(|image| image.version.as_deref() == Some(target));
        match image {
            Some(image) => {
                log::debug!(
                    target: API,
                    "ESX {target} of domain {domain_id}: image {} ({})",
                    image.personality_name,
                    image.personality_id
                );
                Ok(Some(PersonalitySpec {
                    personality_id: image.personality_id,
                }))
            }
            None => {
                log::warn!(
                    target: API,
                    "No vSphere Lifecycle Manager image of ESX {target} in SDDC Manager's \
                     depot: the ESX upgrade of domain {domain_id} is sent without one"
                );
                Ok(None)
            }
        }
    }

    /// An `Upgrade` as the engine's status; a failure is detailed from its task.
    async fn upgrade_model(&self, upgrade: Upgrade52) -> ApiResult<UpgradeStatus> {
        let status = upgrade.status.unwrap_or_default();
        let category = self.categorize(
            "upgrade",
            &status,
            &[
                "IN_PROGRESS",
                "COMPLETED_WITH_SUCCESS",
                "COMPLETED_WITH_FAILURE",
                "FAILED",
            ],
        );
        let state = match category {
            Category::Running => UpgradeTaskState::InProgress,
            Category::Succeeded => UpgradeTaskState::Succeeded,
            Category::Failed => UpgradeTaskState::Failed,
        };
        let mut errors = Vec::new();
        let mut retryable = false;
        if state == UpgradeTaskState::Failed {
            if let Some(task_id) = &upgrade.task_id {
                let task = self.task(task_id).await?;
                errors = task.errors;
                retryable = task.is_retryable.unwrap_or(false);
            }
        }
        Ok(UpgradeStatus {
            id: upgrade.id,
            release_id: None,
            state,
            progress_percent: None,
            current_component: None,
            components: Vec::new(),
            alerts: Vec::new(),
            errors,
            task_id: upgrade.task_id,
            retryable,
        })
    }

    async fn find_upgrade_inner(
        &self,
        domain_id: &str,
        step: &UpgradeStep,
    ) -> ApiResult<Option<UpgradeStatus>> {
        let path = format!("/v1/upgrades?bundleId={}", segment(&step.bundle_id));
        let page: Page<Upgrade52> = self.session.get(path.clone(), "PageOfUpgrade").await?;
        let ours = page.into_elements(&path).into_iter().rev().find(|u| {
            u.bundle_id.as_deref().is_none_or(|b| b == step.bundle_id)
                && u.resource_upgrade_specs
                    .iter()
                    .any(|spec| spec.resource_id == domain_id)
        });
        match ours {
            Some(upgrade) => self.upgrade_model(upgrade).await.map(Some),
            None => Ok(None),
        }
    }

    async fn upgrade_inner(&self, upgrade_id: &str) -> ApiResult<UpgradeStatus> {
        let upgrade: Upgrade52 = self
            .session
            .get(format!("/v1/upgrades/{}", segment(upgrade_id)), "Upgrade")
            .await?;
        self.upgrade_model(upgrade).await
    }

    async fn retry_inner(&self, task_id: &str) -> ApiResult<()> {
        let request = ApiRequest {
            method: Method::PATCH,
            path: format!("/v1/tasks/{}", segment(task_id)),
            body: None,
            idempotent: false,
        };
        self.session.call(&request).await.map(|_| ())
    }

    async fn confirm_inner(&self, domain_id: &str, release: &Release) -> ApiResult<bool> {
        Ok(self.current_version(domain_id).await?.as_deref() == Some(release.version.as_str()))
    }
}

/// `NsxtUpgradeUserInputSpec` of the domain's NSX: every host and edge cluster
/// `getNsxUpgradeResources` listed (only the edge clusters for an edge-only upgrade).
fn nsx_inputs(resources: NsxtResources, settings: &UpgradeSettings) -> NsxtUpgradeUserInputSpec {
    let edge_only = settings.nsx_edge_clusters_only;
    NsxtUpgradeUserInputSpec {
        nsxt_id: resources.nsxt_manager_cluster.map(|c| c.id),
        nsxt_host_cluster_upgrade_specs: if edge_only {
            Vec::new()
        } else {
            resources
                .nsxt_host_clusters
                .into_iter()
                .map(|c| NsxtHostClusterUpgradeSpec {
                    host_cluster_id: c.id,
                    live_upgrade: false,
                })
                .collect()
        },
        nsxt_edge_cluster_upgrade_specs: resources
            .nsxt_edge_clusters
            .into_iter()
            .map(|c| NsxtEdgeClusterUpgradeSpec {
                edge_cluster_id: c.id,
            })
            .collect(),
        nsxt_upgrade_options: NsxtUpgradeOptions {
            is_edge_only_upgrade: edge_only,
            is_host_clusters_upgrade_parallel: settings.nsx_host_clusters == ClusterOrder::Parallel,
            is_edge_clusters_upgrade_parallel: settings.nsx_edge_clusters == ClusterOrder::Parallel,
        },
    }
}

/// `VcenterUpgradeUserInputSpec` of the domain's vCenter.
fn vcenter_inputs(
    resource_id: Option<String>,
    settings: &UpgradeSettings,
) -> VcenterUpgradeUserInputSpec {
    let (ip_address, subnet_mask, gateway) = match settings.static_network() {
        Some((address, mask, gateway)) => (Some(address), Some(mask), Some(gateway)),
        None => (None, None, None),
    };
    VcenterUpgradeUserInputSpec {
        resource_id,
        upgrade_mechanism: (settings.vcenter_upgrade_mechanism == VcenterUpgradeMechanism::InPlace)
            .then(|| settings.vcenter_upgrade_mechanism.wire()),
        start_switchover_timestamp: (settings.vcenter_switchover == Switchover::Scheduled)
            .then(|| settings.vcenter_switchover_at.clone())
            .flatten(),
        temporary_network: TemporaryNetwork {
            network_mode: settings.vcenter_network_mode.wire(),
            ip_address,
            subnet_mask,
            gateway,
        },
    }
}

/// `EsxUpgradeOptionsSpec` of the domain's ESX upgrade.
fn esx_options(settings: &UpgradeSettings) -> EsxUpgradeOptionsSpec {
    let retry = settings.esx_failure_action == EsxFailureAction::Retry;
    EsxUpgradeOptionsSpec {
        enable_quickboot: settings.esx_quick_boot,
        evacuate_offline_vms: settings.esx_evacuate_offline_vms,
        enforce_hcl_validation: settings.esx_enforce_hcl_validation,
        esx_upgrade_failure_action: EsxUpgradeFailureAction {
            action: settings.esx_failure_action.wire(),
            retry_count: if retry {
                settings.esx_failure_retry_count
            } else {
                0
            },
            retry_delay: if retry {
                settings.esx_failure_retry_delay
            } else {
                0
            },
        },
        pre_remediation_power_action: settings.esx_pre_remediation_power_action.wire(),
    }
}

impl UpgradeApi for Vcf52Client {
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
        let result = self
            .domain_inner(domain_id)
            .await
            .map_err(|error| match error {
                ApiError::Http { status: 404, .. } => not_found(
                    "/v1/domains",
                    format!("Domain '{domain_id}' is not in the inventory"),
                ),
                other => other,
            });
        logged(&format!("reading domain {domain_id}"), result)
    }

    async fn target_release(&self, domain_id: &str, release: &Release) -> ApiResult<()> {
        logged(
            &format!("targeting {} for domain {domain_id}", release.version),
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
            &format!("starting a check run of domain {domain_id}"),
            self.start_precheck_inner(domain_id, release).await,
        )
    }

    async fn find_precheck(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> ApiResult<Option<PrecheckStatus>> {
        logged(
            &format!("listing the check runs of domain {domain_id}"),
            self.find_precheck_inner(domain_id, release_id).await,
        )
    }

    async fn precheck_status(
        &self,
        domain_id: &str,
        precheck_id: &str,
    ) -> ApiResult<PrecheckStatus> {
        logged(
            &format!("reading check run {precheck_id} of domain {domain_id}"),
            self.precheck_inner(precheck_id, None).await,
        )
    }

    async fn next_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        _completed: &[String],
    ) -> ApiResult<Option<UpgradeStep>> {
        logged(
            &format!("reading the upgradables of domain {domain_id}"),
            self.next_upgrade_inner(domain_id, release).await,
        )
    }

    async fn order_block(
        &self,
        domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
    ) -> ApiResult<Option<String>> {
        logged(
            &format!("checking VCF's domain order for domain {domain_id}"),
            self.order_block_inner(step, release).await,
        )
    }

    async fn rolling_upgrade_warnings(&self, domain_id: &str) -> ApiResult<Vec<String>> {
        // Only the domain's clusters and their hosts: the rest of the estate is not upgraded.
        let path = format!("/v1/clusters?domainId={}", segment(domain_id));
        let clusters = logged(
            "reading the clusters' headroom",
            self.clusters_with_hosts(path).await,
        )?;
        Ok(clusters
            .iter()
            .filter(|cluster| !cluster.headroom.fits)
            .map(EstateCluster::headroom_warning)
            .collect())
    }

    async fn start_upgrade(
        &self,
        domain_id: &str,
        _release: &Release,
        step: &UpgradeStep,
        settings: &UpgradeSettings,
    ) -> ApiResult<UpgradeStatus> {
        logged(
            &format!(
                "starting the upgrade of bundle {} of domain {domain_id}",
                step.bundle_id
            ),
            self.start_upgrade_inner(domain_id, step, settings).await,
        )
    }

    async fn find_upgrade(
        &self,
        domain_id: &str,
        _release: &Release,
        step: &UpgradeStep,
    ) -> ApiResult<Option<UpgradeStatus>> {
        logged(
            &format!("listing the upgrades of bundle {}", step.bundle_id),
            self.find_upgrade_inner(domain_id, step).await,
        )
    }

    async fn upgrade_status(&self, domain_id: &str, upgrade_id: &str) -> ApiResult<UpgradeStatus> {
        logged(
            &format!("reading upgrade {upgrade_id} of domain {domain_id}"),
            self.upgrade_inner(upgrade_id).await,
        )
    }

    async fn confirm_upgraded(&self, domain_id: &str, release: &Release) -> ApiResult<bool> {
        logged(
            &format!("reading the version of domain {domain_id}"),
            self.confirm_inner(domain_id, release).await,
        )
    }

    async fn retry_upgrade(&self, task_id: &str) -> ApiResult<()> {
        logged(
            &format!("retrying task {task_id}"),
            self.retry_inner(task_id).await,
        )
    }

    async fn acknowledge_alerts(
        &self,
        _domain_id: &str,
        upgrade_id: &str,
    ) -> ApiResult<UpgradeStatus> {
        Err(ApiError::Configuration {
            reason: format!(
                "SDDC Manager 5.2 has no alert acknowledgment (upgrade {upgrade_id}); the \
                 engine keeps its own gate"
            ),
        })
    }

    fn warnings_need_acknowledgment(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_statuses_fall_into_categories() {
        assert_eq!(category_of("INPROGRESS"), Category::Running);
        assert_eq!(category_of("PENDING"), Category::Running);
        assert_eq!(category_of("DRAFT"), Category::Running);
        assert_eq!(category_of("COMPLETED_WITH_FAILURE"), Category::Failed);
        assert_eq!(category_of("CANCELLED"), Category::Failed);
        assert_eq!(category_of("COMPLETED_WITH_SUCCESS"), Category::Succeeded);
        assert_eq!(category_of("SUCCESSFUL"), Category::Succeeded);
    }

    #[test]
    fn an_unknown_status_is_remembered_once_and_known_ones_not_at_all() {
        let client = Vcf52Client::new(ClientConfig::new("https://sddc.example.com", "u", "p"))
            .expect("client");
        let known = ["IN_PROGRESS", "COMPLETED_WITH_SUCCESS"];
        assert_eq!(
            client.categorize("upgrade", "IN_PROGRESS", &known),
            Category::Running
        );
        assert!(client.memory().unknown_statuses.is_empty());
        for _ in 0..3 {
            assert_eq!(
                client.categorize("upgrade", "INPROGRESS", &known),
                Category::Running
            );
        }
        assert_eq!(
            client.categorize("upgrade", "CANCELLED", &known),
            Category::Failed
        );
        assert_eq!(client.memory().unknown_statuses.len(), 2);
    }

    #[test]
    fn the_candidate_is_the_lowest_applicable_release_above_the_current_one() {
        let release = |version: &str, status: &str, min: &str| FutureRelease52 {
            version: version.into(),
            applicability_status: Some(status.into()),
            min_compatible_vcf_version: Some(min.into()),
            description: None,
            release_date: None,
            bom: Vec::new(),
            patch_bundles: Vec::new(),
        };
        let releases = vec![
            release("5.2.1.0", "APPLICABLE", "5.0.0.0"),
            release("5.2.0.0", "APPLICABLE", "5.0.0.0"),
            release("5.1.1.0", "APPLICABLE", "5.0.0.0"),
            release("5.3.0.0", "NOT_APPLICABLE", "5.0.0.0"),
            release("5.1.2.0", "APPLICABLE", "5.1.2.0"),
        ];
        let next = Vcf52Client::candidate(Some("5.1.1.0"), releases.clone());
        assert_eq!(next.map(|r| r.version).as_deref(), Some("5.2.0.0"));
        assert!(Vcf52Client::candidate(Some("5.2.1.0"), releases).is_none());
    }
}
