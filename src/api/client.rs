//! [`VcfClient`]: one SDDC Manager client whose dialect is chosen at run time, and
//! [`detect_dialect`], which asks a server which one it speaks.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::config::ClientConfig;
use super::contract::ContractClient;
use super::dialect::{ApiResult, UpgradeApi};
use super::error::ApiError;
use super::estate::EstateCluster;
use super::health::{HealthPolling, HealthSummary};
use super::model::{
    BundleStatus, Domain, Inventory, PrecheckStatus, Release, SddcManagerInfo, UpgradeStatus,
    UpgradeStep,
};
use super::session::Session;
use super::settings::UpgradeSettings;
use super::transport::ApiRequest;
use super::vcf52::Vcf52Client;

/// The API a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// This project's own contract (`docs/api.md`), spoken by `vcf-sim`'s default dialect.
    Default,
    /// SDDC Manager 5.2.1's lifecycle API (a real SDDC Manager, or `vcf-sim --dialect vcf52`).
    Vcf52,
}

impl Dialect {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Vcf52 => "vcf52",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A dialect name that is neither `default` nor `vcf52`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dialect {0:?} (expected \"default\" or \"vcf52\")")]
pub struct UnknownDialect(pub String);

impl FromStr for Dialect {
    type Err = UnknownDialect;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "default" | "contract" => Ok(Self::Default),
            "vcf52" => Ok(Self::Vcf52),
            other => Err(UnknownDialect(other.to_owned())),
        }
    }
}

/// A client of one SDDC Manager in the dialect chosen when it was built. Cheap to clone.
#[derive(Debug, Clone)]
pub enum VcfClient {
    Default(ContractClient),
    Vcf52(Vcf52Client),
}

macro_rules! each {
    ($self:ident, $client:ident => $body:expr) => {
        match $self {
            VcfClient::Default($client) => $body,
            VcfClient::Vcf52($client) => $body,
        }
    };
}

impl VcfClient {
    /// Build a client of `dialect`. Nothing is sent until the first call.
    pub fn new(config: ClientConfig, dialect: Dialect) -> Result<Self, ApiError> {
        Ok(Self::with_session(Session::new(config)?, dialect))
    }

    pub fn with_session(session: Session, dialect: Dialect) -> Self {
        match dialect {
            Dialect::Default => Self::Default(ContractClient::with_session(session)),
            Dialect::Vcf52 => Self::Vcf52(Vcf52Client::with_session(session)),
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Self::Default(_) => Dialect::Default,
            Self::Vcf52(_) => Dialect::Vcf52,
        }
    }

    pub fn session(&self) -> &Session {
        each!(self, client => client.session())
    }

    pub fn base_url(&self) -> &str {
        self.session().base_url()
    }

    pub fn token_expires_at(&self) -> Option<SystemTime> {
        self.session().token_expires_at()
    }

    pub async fn ping(&self) -> Result<Duration, ApiError> {
        self.session().ping().await
    }

    /// Which dialect the server behind this client's session speaks (see [`detect_dialect`]).
    /// The clusters and hosts with their capacity and headroom (see [`Vcf52Client::estate`]);
    /// `None` in this project's contract, which has no clusters or hosts.
    pub async fn estate(&self) -> Result<Option<Vec<EstateCluster>>, ApiError> {
        match self {
            Self::Default(_) => Ok(None),
            Self::Vcf52(client) => client.estate().await.map(Some),
        }
    }

    /// SDDC Manager's health check of a domain (see [`Vcf52Client::health_check`]); `None` in
    /// this project's contract, which has no health summaries.
    pub async fn health_check(
        &self,
        domain_id: &str,
        polling: HealthPolling,
    ) -> Result<Option<HealthSummary>, ApiError> {
        match self {
            Self::Default(_) => Ok(None),
            Self::Vcf52(client) => client.health_check(domain_id, polling).await.map(Some),
        }
    }

    pub async fn detect_dialect(&self) -> Result<Dialect, ApiError> {
        detect_dialect(self.session()).await
    }
}

/// Asks the server which API it speaks: `GET /v1/upgrades` (SDDC Manager's `getUpgrades`)
/// exists in 5.2 (and 9.x) and not in this project's contract, whose upgrades live under
/// `/v1/domains/{id}/upgrades`. 200 → `vcf52`; 404 or 405 → `default`. Logs in first, so wrong
/// credentials, TLS problems and outages come back as errors rather than a guess.
pub async fn detect_dialect(session: &Session) -> Result<Dialect, ApiError> {
    session.login().await?;
    match session
        .call(&ApiRequest::get("/v1/upgrades".to_owned()))
        .await
    {
        Ok(_) => Ok(Dialect::Vcf52),
        Err(error) if matches!(error.status(), Some(404 | 405)) => Ok(Dialect::Default),
        Err(error) => Err(error),
    }
}

impl UpgradeApi for VcfClient {
    async fn login(&self) -> ApiResult<()> {
        each!(self, c => c.login().await)
    }

    async fn sddc_manager(&self) -> ApiResult<SddcManagerInfo> {
        each!(self, c => c.sddc_manager().await)
    }

    async fn inventory(&self) -> ApiResult<Inventory> {
        each!(self, c => c.inventory().await)
    }

    async fn domain(&self, domain_id: &str) -> ApiResult<Domain> {
        each!(self, c => c.domain(domain_id).await)
    }

    async fn target_release(&self, domain_id: &str, release: &Release) -> ApiResult<()> {
        each!(self, c => c.target_release(domain_id, release).await)
    }

    async fn request_bundle_download(&self, bundle_id: &str) -> ApiResult<()> {
        each!(self, c => c.request_bundle_download(bundle_id).await)
    }

    async fn bundle_status(&self, bundle_id: &str) -> ApiResult<BundleStatus> {
        each!(self, c => c.bundle_status(bundle_id).await)
    }

    async fn start_precheck(
        &self,
        domain_id: &str,
        release: &Release,
    ) -> ApiResult<PrecheckStatus> {
        each!(self, c => c.start_precheck(domain_id, release).await)
    }

    async fn find_precheck(
        &self,
        domain_id: &str,
        release_id: &str,
    ) -> ApiResult<Option<PrecheckStatus>> {
        each!(self, c => c.find_precheck(domain_id, release_id).await)
    }

    async fn precheck_status(
        &self,
        domain_id: &str,
        precheck_id: &str,
    ) -> ApiResult<PrecheckStatus> {
        each!(self, c => c.precheck_status(domain_id, precheck_id).await)
    }

    async fn next_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        completed: &[String],
    ) -> ApiResult<Option<UpgradeStep>> {
        each!(self, c => c.next_upgrade(domain_id, release, completed).await)
    }

    async fn order_block(
        &self,
        domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
    ) -> ApiResult<Option<String>> {
        each!(self, c => c.order_block(domain_id, release, step).await)
    }

    async fn rolling_upgrade_warnings(&self, domain_id: &str) -> ApiResult<Vec<String>> {
        each!(self, c => c.rolling_upgrade_warnings(domain_id).await)
    }

    async fn start_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
        settings: &UpgradeSettings,
    ) -> ApiResult<UpgradeStatus> {
        each!(self, c => c.start_upgrade(domain_id, release, step, settings).await)
    }

    async fn find_upgrade(
        &self,
        domain_id: &str,
        release: &Release,
        step: &UpgradeStep,
    ) -> ApiResult<Option<UpgradeStatus>> {
        each!(self, c => c.find_upgrade(domain_id, release, step).await)
    }

    async fn upgrade_status(&self, domain_id: &str, upgrade_id: &str) -> ApiResult<UpgradeStatus> {
        each!(self, c => c.upgrade_status(domain_id, upgrade_id).await)
    }

    async fn confirm_upgraded(&self, domain_id: &str, release: &Release) -> ApiResult<bool> {
        each!(self, c => c.confirm_upgraded(domain_id, release).await)
    }

    async fn retry_upgrade(&self, task_id: &str) -> ApiResult<()> {
        each!(self, c => c.retry_upgrade(task_id).await)
    }

    async fn acknowledge_alerts(
        &self,
        domain_id: &str,
        upgrade_id: &str,
    ) -> ApiResult<UpgradeStatus> {
        each!(self, c => c.acknowledge_alerts(domain_id, upgrade_id).await)
    }

    fn warnings_need_acknowledgment(&self) -> bool {
        each!(self, c => c.warnings_need_acknowledgment())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_names_round_trip() {
        for dialect in [Dialect::Default, Dialect::Vcf52] {
            assert_eq!(dialect.as_str().parse::<Dialect>(), Ok(dialect));
        }
        assert_eq!("contract".parse::<Dialect>(), Ok(Dialect::Default));
        assert!("vcf9".parse::<Dialect>().is_err());
    }

    #[test]
    fn the_client_is_send_sync_and_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<VcfClient>();
    }
}
