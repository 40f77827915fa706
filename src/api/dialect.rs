//! The calls the upgrade flow makes, as one trait.
//!
//! Two implementations: this project's own contract (`docs/api.md`, [`super::ContractClient`])
//! and SDDC Manager 5.2.1's lifecycle API ([`super::Vcf52Client`]); [`super::VcfClient`]
//! picks one at run time. Both share a [`super::Session`] (login, retries, TLS, body cap,
//! redaction). The upgrade is a loop of component upgrades handed out by
//! [`UpgradeApi::next_upgrade`]; the contract is the special case of one step.
//!
//! Retries of idempotent calls happen inside an implementation; `acknowledge_alerts` is one of
//! them (acknowledging twice changes nothing). Non-idempotent calls (`start_precheck`,
//! `start_upgrade`) are retried by an implementation only when the request certainly never
//! reached the server; after any other failure the caller asks `find_precheck`/`find_upgrade`
//! before sending again.

use std::future::Future;

use super::error::ApiError;
use super::model::{
    BundleStatus, Domain, Inventory, PrecheckStatus, Release, SddcManagerInfo, UpgradeStatus,
    UpgradeStep,
};
use super::settings::UpgradeSettings;

pub type ApiResult<T> = Result<T, ApiError>;

pub trait UpgradeApi: Send + Sync + 'static {
    /// Log in (or confirm the session is valid).
    fn login(&self) -> impl Future<Output = ApiResult<()>> + Send;

    /// The SDDC Manager instance's identity.
    fn sddc_manager(&self) -> impl Future<Output = ApiResult<SddcManagerInfo>> + Send;

    /// Every domain with its current version and next applicable release.
    fn inventory(&self) -> impl Future<Output = ApiResult<Inventory>> + Send;

    /// One domain, freshly read (the flow re-checks availability when a run starts).
    fn domain(&self, domain_id: &str) -> impl Future<Output = ApiResult<Domain>> + Send;

    /// Make `release` the domain's upgrade target. Idempotent.
    fn target_release(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> impl Future<Output = ApiResult<()>> + Send;

    /// Ask SDDC Manager to download a bundle. Idempotent while a download runs or succeeded.
    fn request_bundle_download(
        &self,
        bundle_id: &str,
    ) -> impl Future<Output = ApiResult<()>> + Send;

    fn bundle_status(
        &self,
        bundle_id: &str,
    ) -> impl Future<Output = ApiResult<BundleStatus>> + Send;

    /// Start a precheck of the domain against the release. Not idempotent.
    fn start_precheck(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> impl Future<Output = ApiResult<PrecheckStatus>> + Send;

    /// The newest precheck of the domain for the release, if any was started.
    fn find_precheck(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> impl Future<Output = ApiResult<Option<PrecheckStatus>>> + Send;

    fn precheck_status(
        &self,
        domain_id: &str,
        precheck_id: &str,
    ) -> impl Future<Output = ApiResult<PrecheckStatus>> + Send;

    /// The next component upgrade of the domain towards the release, or `None` when nothing
    /// is left to upgrade. `completed` lists the bundles this run finished.
    fn next_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        completed: &[String],
    ) -> impl Future<Output = ApiResult<Option<UpgradeStep>>> + Send;

    /// What VCF's order across domains still waits for before `step` may start: `None` when
    /// it may start now, else a sentence for the operator ("Waiting for SDDC Manager 5.2.1.0:
    /// upgrade the management domain mgmt-domain first"). A dialect that cannot tell answers
    /// `None`; SDDC Manager's own refusal (see [`ApiError::is_order_refusal`]) still holds the
    /// run.
    fn order_block(
        &self,
        _domain_id: &str,
        _release: &Release,
        _step: &UpgradeStep,
    ) -> impl Future<Output = ApiResult<Option<String>>> + Send {
        std::future::ready(Ok(None))
    }

    /// Why the domain's clusters cannot take a rolling ESX upgrade (each host in maintenance
    /// mode in turn): one sentence per cluster without headroom, with its figures. Empty when
    /// every cluster has headroom, or the dialect cannot tell.
    fn rolling_upgrade_warnings(
        &self,
        _domain_id: &str,
    ) -> impl Future<Output = ApiResult<Vec<String>>> + Send {
        std::future::ready(Ok(Vec::new()))
    }

    /// Start one component upgrade with the operator's settings (the dialect puts each where
    /// its API wants it). Not idempotent.
    fn start_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
        settings: &UpgradeSettings,
    ) -> impl Future<Output = ApiResult<UpgradeStatus>> + Send;

    /// The newest upgrade of the domain for that step, if one was started.
    fn find_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
    ) -> impl Future<Output = ApiResult<Option<UpgradeStatus>>> + Send;

    /// Nothing is left to upgrade: whether the domain reports the release's version yet.
    fn confirm_upgraded(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> impl Future<Output = ApiResult<bool>> + Send;

    /// Run a failed, retryable upgrade task again (`vcf52`: `retryTask`).
    fn retry_upgrade(&self, task_id: &str) -> impl Future<Output = ApiResult<()>> + Send;

    /// Whether precheck warnings (without errors) pause the run until the operator
    /// acknowledges them (an acknowledgment the engine keeps itself).
    fn warnings_need_acknowledgment(&self) -> bool {
        false
    }

    fn upgrade_status(
        &self,
        domain_id: &str,
        upgrade_id: &str,
    ) -> impl Future<Output = ApiResult<UpgradeStatus>> + Send;

    /// Acknowledge every open alert of the upgrade.
    fn acknowledge_alerts(
        &self,
        domain_id: &str,
        upgrade_id: &str,
    ) -> impl Future<Output = ApiResult<UpgradeStatus>> + Send;
}
