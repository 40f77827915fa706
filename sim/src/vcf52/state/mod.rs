//! The state of the `vcf52` dialect: domains, per-component bundles, their downloads, check-set
//! queries and runs, release validations and per-bundle upgrades.
//!
//! Like the default dialect, nothing advances in the background: every activity is stored as
//! "started at T, lasts D" and evaluated at the instant a request asks.
//!
//! One module per concern, each adding the operations of its API calls to `Vcf52State`:
//! `domain` (a domain's resources and versions), `inventory`, `estate` (clusters and hosts),
//! `personalities`, `releases`, `validations`, `downloads`, `tasks`, `checks`, `upgradables`,
//! `upgrades` and `health` (SoS health summaries); `render` holds the spellings several of them share.

mod checks;
mod domain;
mod downloads;
mod estate;
mod health;
mod inventory;
mod personalities;
mod releases;
mod render;
mod tasks;
mod upgradables;
mod upgrades;
mod validations;
mod vcf9;

use std::collections::HashMap;

use axum::http::StatusCode;

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::SimTime;
use crate::config::parse_upgrade_order;
use crate::scenario::Scenario;
use crate::vcf52::profile::Profile;
use crate::vcf52::state::checks::Query;
use crate::vcf52::state::estate::Shape;
use crate::vcf52::state::health::HealthRun;
use crate::vcf52::state::tasks::TaskRef;
use crate::vcf52::state::validations::ReleaseValidation;
use crate::vcf52::state::vcf9::UpgradePrecheck;
use crate::SimConfig;

pub(crate) use crate::vcf52::state::domain::Domain52;
pub(crate) use crate::vcf52::state::downloads::BundleFilter;
pub(crate) use crate::vcf52::state::estate::{ClusterFilter, HostFilter};
pub(crate) use crate::vcf52::state::personalities::{PersonalityFilter, Sort, SortKey};

/// An `Error` 400 of this dialect.
pub(crate) fn bad_request(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
        .with_remediation("See VMware's SDDC Manager 5.2.1 API reference for this operation")
}

fn not_found(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, code, message).with_remediation("Check the id")
}

/// How far an activity (a download or an upgrade) has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Progress {
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// The whole `vcf52` state.
#[derive(Debug)]
pub(crate) struct Vcf52State {
    /// The SDDC Manager version played.
    pub(crate) profile: &'static Profile,
    /// Answer as field reports say real servers do (`SimConfig::field_report`).
    pub(crate) field_report: bool,
    domains: Vec<Domain52>,
    positions: HashMap<String, usize>,
    bundles: HashMap<String, (usize, usize)>,
    tasks: HashMap<String, TaskRef>,
    queries: HashMap<String, Query>,
    validations: HashMap<String, ReleaseValidation>,
    /// 9.x: `startUpgradePrecheck`'s prechecks by id.
    upgrade_prechecks: HashMap<String, UpgradePrecheck>,
    /// NSX, vCenter and ESX in the release's order.
    order: Vec<ComponentKind>,
    upgrade_order: Option<String>,
    /// `vcenter-401`: periods when authenticated calls answer 401.
    unauthorized: Vec<(SimTime, SimTime)>,
    /// `startHealthCheck`'s health summary tasks, oldest first.
    health_runs: Vec<HealthRun>,
}

fn component_order(upgrade_order: Option<&str>) -> Vec<ComponentKind> {
    let default = vec![
        ComponentKind::NsxTManager,
        ComponentKind::Vcenter,
        ComponentKind::EsxHost,
    ];
    let Some(order) = upgrade_order else {
        return default;
    };
    match parse_upgrade_order(order) {
        Ok(names) => names
            .iter()
            .filter_map(|name| {
                default
                    .iter()
                    .copied()
                    .find(|kind| kind.wire_name() == *name)
            })
            .collect(),
        Err(_) => default,
    }
}

impl Vcf52State {
    pub(crate) fn new(config: &SimConfig) -> Self {
        let order = component_order(config.upgrade_order.as_deref());
        let shape = Shape {
            clusters: config.clusters_per_domain,
            hosts_per_cluster: config.hosts_per_cluster,
        };
        let profile = Profile::of(config.vcf_version);
        let domains: Vec<Domain52> = (1..=config.domains)
            .map(|index| Domain52::new(index, config.scenario_of(index), &order, shape, profile))
            .collect();
        let mut state = Vcf52State {
            profile,
            field_report: config.field_report,
            positions: HashMap::new(),
            bundles: HashMap::new(),
            domains,
            tasks: HashMap::new(),
            queries: HashMap::new(),
            validations: HashMap::new(),
            upgrade_prechecks: HashMap::new(),
            order,
            upgrade_order: config.upgrade_order.clone(),
            unauthorized: Vec::new(),
            health_runs: Vec::new(),
        };
        state.index();
        state
    }

    fn index(&mut self) {
        self.positions = self
            .domains
            .iter()
            .enumerate()
            .map(|(position, domain)| (domain.id.clone(), position))
            .collect();
        self.bundles = self
            .domains
            .iter()
            .enumerate()
            .flat_map(|(position, domain)| {
                domain
                    .bundles
                    .iter()
                    .enumerate()
                    .map(move |(bundle, found)| (found.id.clone(), (position, bundle)))
            })
            .collect();
    }

    pub(crate) fn domains(&self) -> &[Domain52] {
        &self.domains
    }

    /// Replaces domain `index` (1-based) with a fresh one playing `scenario`.
    pub(crate) fn reset_domain(&mut self, index: usize, scenario: Option<Scenario>) -> bool {
        let order = self.order.clone();
        let Some(domain) = index
            .checked_sub(1)
            .and_then(|position| self.domains.get_mut(position))
        else {
            return false;
        };
        let scenario = scenario.unwrap_or(domain.scenario);
        *domain = Domain52::new(index, scenario, &order, domain.shape, domain.profile);
        let position = index.saturating_sub(1);
        self.tasks.retain(|_, task| match task {
            TaskRef::Download { domain, .. }
            | TaskRef::Run { domain, .. }
            | TaskRef::Upgrade { domain, .. } => *domain != position,
        });
        self.queries.retain(|_, query| query.domain != position);
        self.upgrade_prechecks
            .retain(|_, precheck| precheck.domain != position);
        self.index();
        true
    }

    /// Changes a domain's scenario; it takes effect for what starts from now on (bundles
    /// appear or disappear only with a reset).
    pub(crate) fn set_scenario(&mut self, index: usize, scenario: Scenario) -> bool {
        match index
            .checked_sub(1)
            .and_then(|position| self.domains.get_mut(position))
        {
            Some(domain) => {
                domain.scenario = scenario;
                true
            }
            None => false,
        }
    }

    fn position(&self, domain_id: &str) -> Result<usize, ApiError> {
        self.positions.get(domain_id).copied().ok_or_else(|| {
            not_found(
                "DOMAIN_NOT_FOUND",
                format!("Domain with id {domain_id} not found"),
            )
        })
    }

    pub(crate) fn domain(&self, domain_id: &str) -> Result<&Domain52, ApiError> {
        let position = self.position(domain_id)?;
        self.domains.get(position).ok_or_else(|| {
            not_found(
                "DOMAIN_NOT_FOUND",
                format!("Domain with id {domain_id} not found"),
            )
        })
    }

    /// Whether authenticated calls answer 401 at `now` (`vcenter-401`).
    pub(crate) fn unauthorized_at(&mut self, now: SimTime) -> bool {
        if self.unauthorized.is_empty() {
            return false;
        }
        self.unauthorized.retain(|(_, end)| now < *end);
        self.unauthorized
            .iter()
            .any(|(start, end)| *start <= now && now < *end)
    }
}
