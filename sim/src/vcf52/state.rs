//! The state of the `vcf52` dialect: domains, per-component bundles, their downloads, check-set
//! queries and runs, release validations and per-bundle upgrades.
//!
//! Like the default dialect, nothing advances in the background: every activity is stored as
//! "started at T, lasts D" and evaluated at the instant a request asks.

use std::collections::HashMap;
use std::time::{Duration, UNIX_EPOCH};

use axum::http::StatusCode;

use crate::api_error::ApiError;
use crate::catalog::{self, ComponentKind};
use crate::clock::{activity_finished, Clock, SimTime};
use crate::config::parse_upgrade_order;
use crate::scenario::Scenario;
use crate::state::{new_id, Timing};
use crate::vcf52::inputs;
use crate::vcf52::wire::{self, DomainType, Error52};
use crate::SimConfig;

/// The VCF version domains run at start (and the one a `no-update` domain already passed).
pub(crate) const CURRENT_VERSION: &str = catalog::CURRENT_VCF_VERSION;
/// The release every domain can go to.
pub(crate) const TARGET_VERSION: &str = catalog::RELEASE_VERSION;
const MIN_COMPATIBLE_VERSION: &str = "5.0.0.0";
const CURRENT_RELEASE_DATE: &str = "2024-02-06T00:00:00.000Z";
const TARGET_RELEASE_DATE: &str = "2024-10-09T00:00:00.000Z";

/// An `Error` 400 of this dialect.
pub(crate) fn bad_request(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
        .with_remediation("See VMware's SDDC Manager 5.2.1 API reference for this operation")
}

fn not_found(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, code, message).with_remediation("Check the id")
}

/// The public product name of a component, for bills of materials.
fn public_name(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::SddcManager => "SDDC Manager",
        ComponentKind::NsxTManager => "VMware NSX",
        ComponentKind::Vcenter => "VMware vCenter Server",
        ComponentKind::EsxHost => "VMware ESXi",
    }
}

/// The name a component has in a release's `bom`.
pub(crate) fn bom_name(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::SddcManager => "SDDC_MANAGER_VCF",
        other => other.wire_name(),
    }
}

fn epoch_millis(clock: &Clock, at: SimTime) -> i64 {
    clock
        .wall_time(at)
        .duration_since(UNIX_EPOCH)
        .map(|since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Id of one of a domain's resources: `00000000-0000-4000-b000-{domain:08}{kind:04}`.
pub(crate) fn resource_id(domain_index: usize, number: usize) -> String {
    format!("00000000-0000-4000-b000-{domain_index:08}{number:04}")
}

fn kind_number(kind: ComponentKind) -> usize {
    match kind {
        ComponentKind::SddcManager => 1,
        ComponentKind::NsxTManager => 2,
        ComponentKind::Vcenter => 3,
        ComponentKind::EsxHost => 4,
    }
}

/// One download attempt of a bundle.
#[derive(Clone, Debug)]
pub(crate) struct Download {
    pub(crate) task_id: String,
    pub(crate) started: SimTime,
    pub(crate) fails: bool,
}

/// A bundle of one component, per domain.
#[derive(Clone, Debug)]
pub(crate) struct Bundle52 {
    pub(crate) id: String,
    pub(crate) kind: ComponentKind,
    pub(crate) downloads: Vec<Download>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Progress {
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// One attempt of an upgrade (the first, and one per `retryTask`).
#[derive(Clone, Debug)]
pub(crate) struct Attempt {
    pub(crate) started: SimTime,
    pub(crate) duration: Duration,
    pub(crate) fails: bool,
    pub(crate) retryable: bool,
}

/// One `performUpgrade`.
#[derive(Clone, Debug)]
pub(crate) struct Upgrade52 {
    pub(crate) id: String,
    pub(crate) bundle: usize,
    pub(crate) spec: wire::UpgradeSpec,
    pub(crate) attempts: Vec<Attempt>,
}

/// The findings a check run reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Findings {
    Clean,
    Warnings,
    Errors,
}

/// A resource a check run assesses.
#[derive(Clone, Debug)]
pub(crate) struct RunResource {
    pub(crate) kind: ComponentKind,
    pub(crate) id: String,
    pub(crate) name: String,
}

/// One `triggerCheckRun`.
#[derive(Clone, Debug)]
pub(crate) struct CheckRun {
    pub(crate) id: String,
    pub(crate) started: SimTime,
    pub(crate) findings: Findings,
    pub(crate) resources: Vec<RunResource>,
}

/// One domain.
#[derive(Clone, Debug)]
pub(crate) struct Domain52 {
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) scenario: Scenario,
    pub(crate) target: Option<String>,
    /// In upgrade order: SDDC Manager (management domain only), then the release's order.
    pub(crate) bundles: Vec<Bundle52>,
    pub(crate) upgrades: Vec<Upgrade52>,
    pub(crate) runs: Vec<CheckRun>,
}

/// A resource returned by a check-set query.
#[derive(Clone, Debug)]
struct QueryResource {
    kind: ComponentKind,
    id: String,
    name: String,
    check_sets: Vec<String>,
}

/// One `queryCheckSets` answer, remembered so that a run can be checked against it.
#[derive(Clone, Debug)]
struct Query {
    domain: usize,
    resources: Vec<QueryResource>,
}

/// One `validateReleaseByDomainID`.
#[derive(Clone, Debug)]
struct ReleaseValidation {
    started: SimTime,
    version: String,
    problem: Option<String>,
}

/// What a task id stands for.
#[derive(Clone, Copy, Debug)]
enum TaskRef {
    Download {
        domain: usize,
        bundle: usize,
        attempt: usize,
    },
    Run {
        domain: usize,
        run: usize,
    },
    Upgrade {
        domain: usize,
        upgrade: usize,
    },
}

/// The whole `vcf52` state.
#[derive(Debug)]
pub(crate) struct Vcf52State {
    domains: Vec<Domain52>,
    positions: HashMap<String, usize>,
    bundles: HashMap<String, (usize, usize)>,
    tasks: HashMap<String, TaskRef>,
    queries: HashMap<String, Query>,
    validations: HashMap<String, ReleaseValidation>,
    /// NSX, vCenter and ESX in the release's order.
    order: Vec<ComponentKind>,
    upgrade_order: Option<String>,
    /// `vcenter-401`: periods when authenticated calls answer 401.
    unauthorized: Vec<(SimTime, SimTime)>,
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

impl Domain52 {
    fn new(index: usize, scenario: Scenario, order: &[ComponentKind]) -> Self {
        let kinds: Vec<ComponentKind> = if scenario == Scenario::NoUpdate {
            Vec::new()
        } else if index == 1 {
            std::iter::once(ComponentKind::SddcManager)
                .chain(order.iter().copied())
                .collect()
        } else {
            order.to_vec()
        };
        Domain52 {
            index,
            id: catalog::domain_id(index),
            name: catalog::domain_name(index),
            scenario,
            target: None,
            bundles: kinds
                .into_iter()
                .map(|kind| Bundle52 {
                    id: catalog::bundle_id(index, kind_number(kind)),
                    kind,
                    downloads: Vec::new(),
                })
                .collect(),
            upgrades: Vec::new(),
            runs: Vec::new(),
        }
    }

    pub(crate) fn domain_type(&self) -> DomainType {
        if self.index == 1 {
            DomainType::Management
        } else {
            DomainType::Vi
        }
    }

    /// The components the domain has (the SDDC Manager belongs to the management domain).
    fn components(&self) -> Vec<ComponentKind> {
        let all = [
            ComponentKind::SddcManager,
            ComponentKind::NsxTManager,
            ComponentKind::Vcenter,
            ComponentKind::EsxHost,
        ];
        all.into_iter()
            .filter(|kind| self.index == 1 || *kind != ComponentKind::SddcManager)
            .collect()
    }

    fn resource_name(&self, kind: ComponentKind) -> String {
        match kind {
            ComponentKind::SddcManager => String::from(catalog::SDDC_MANAGER_FQDN),
            ComponentKind::NsxTManager => format!("nsx-{}.vcf.sim", self.name),
            ComponentKind::Vcenter => format!("vc-{}.vcf.sim", self.name),
            ComponentKind::EsxHost => format!("cl-{}", self.name),
        }
    }

    fn resource_id(&self, kind: ComponentKind) -> String {
        if kind == ComponentKind::SddcManager {
            String::from(catalog::SDDC_MANAGER_ID)
        } else {
            resource_id(self.index, kind_number(kind))
        }
    }

    pub(crate) fn vcenter_id(&self) -> String {
        self.resource_id(ComponentKind::Vcenter)
    }

    pub(crate) fn cluster_id(&self) -> String {
        self.resource_id(ComponentKind::EsxHost)
    }

    pub(crate) fn nsx_id(&self) -> String {
        self.resource_id(ComponentKind::NsxTManager)
    }

    pub(crate) fn edge_cluster_id(&self) -> String {
        resource_id(self.index, 5)
    }

    fn download_progress(&self, bundle: usize, now: SimTime, step: Duration) -> Progress {
        let Some(last) = self
            .bundles
            .get(bundle)
            .and_then(|bundle| bundle.downloads.last())
        else {
            return Progress::Pending;
        };
        download_progress(last, now, step)
    }

    /// The state of an upgrade at `now`.
    fn upgrade_progress(upgrade: &Upgrade52, now: SimTime) -> Progress {
        match upgrade.attempts.last() {
            None => Progress::Pending,
            Some(attempt) if !activity_finished(now, attempt.started, attempt.duration) => {
                Progress::Running
            }
            Some(attempt) if attempt.fails => Progress::Failed,
            Some(_) => Progress::Succeeded,
        }
    }

    fn bundle_completed(&self, bundle: usize, now: SimTime) -> bool {
        self.upgrades.iter().any(|upgrade| {
            upgrade.bundle == bundle && Self::upgrade_progress(upgrade, now) == Progress::Succeeded
        })
    }

    fn component_upgraded(&self, kind: ComponentKind, now: SimTime) -> bool {
        if self.scenario == Scenario::NoUpdate {
            return true;
        }
        self.bundles
            .iter()
            .position(|bundle| bundle.kind == kind)
            .is_some_and(|bundle| self.bundle_completed(bundle, now))
    }

    fn component_version(&self, kind: ComponentKind, now: SimTime) -> &'static str {
        if self.component_upgraded(kind, now) {
            kind.release_version()
        } else {
            kind.installed_version()
        }
    }

    /// The VCF version the domain runs: the target once every bundle is upgraded.
    pub(crate) fn current_version(&self, now: SimTime) -> &'static str {
        let all_done = (0..self.bundles.len()).all(|bundle| self.bundle_completed(bundle, now));
        if all_done {
            TARGET_VERSION
        } else {
            CURRENT_VERSION
        }
    }

    /// The bundle an upgrade may start on: the first one not upgraded, once targeted.
    fn available_bundle(&self, now: SimTime) -> Option<usize> {
        self.target.as_ref()?;
        (0..self.bundles.len()).find(|&bundle| !self.bundle_completed(bundle, now))
    }

    fn running_upgrade(&self, now: SimTime) -> Option<&Upgrade52> {
        self.upgrades
            .iter()
            .find(|upgrade| Self::upgrade_progress(upgrade, now) == Progress::Running)
    }

    fn applicable(&self, now: SimTime) -> bool {
        self.scenario != Scenario::NoUpdate && self.current_version(now) == CURRENT_VERSION
    }
}

fn download_progress(download: &Download, now: SimTime, step: Duration) -> Progress {
    if !activity_finished(now, download.started, step) {
        Progress::Running
    } else if download.fails {
        Progress::Failed
    } else {
        Progress::Succeeded
    }
}

impl Vcf52State {
    pub(crate) fn new(config: &SimConfig) -> Self {
        let order = component_order(config.upgrade_order.as_deref());
        let domains: Vec<Domain52> = (1..=config.domains)
            .map(|index| Domain52::new(index, config.scenario_of(index), &order))
            .collect();
        let mut state = Vcf52State {
            positions: HashMap::new(),
            bundles: HashMap::new(),
            domains,
            tasks: HashMap::new(),
            queries: HashMap::new(),
            validations: HashMap::new(),
            order,
            upgrade_order: config.upgrade_order.clone(),
            unauthorized: Vec::new(),
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
        *domain = Domain52::new(index, scenario, &order);
        let position = index.saturating_sub(1);
        self.tasks.retain(|_, task| match task {
            TaskRef::Download { domain, .. }
            | TaskRef::Run { domain, .. }
            | TaskRef::Upgrade { domain, .. } => *domain != position,
        });
        self.queries.retain(|_, query| query.domain != position);
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

    // --- Inventory ---------------------------------------------------------------------

    pub(crate) fn sddc_manager_version(&self, now: SimTime) -> &'static str {
        match self.domains.first() {
            Some(management) => management.component_version(ComponentKind::SddcManager, now),
            None => ComponentKind::SddcManager.installed_version(),
        }
    }

    pub(crate) fn render_domain(&self, domain: &Domain52, now: SimTime) -> wire::Domain {
        wire::Domain {
            id: domain.id.clone(),
            name: domain.name.clone(),
            status: if domain.running_upgrade(now).is_some() {
                String::from("UPGRADING")
            } else {
                String::from("ACTIVE")
            },
            domain_type: String::from(catalog::domain_type(domain.index)),
            vcenters: vec![wire::VcenterReference {
                id: domain.vcenter_id(),
                fqdn: domain.resource_name(ComponentKind::Vcenter),
            }],
            clusters: vec![wire::ClusterReference {
                id: domain.cluster_id(),
                name: domain.resource_name(ComponentKind::EsxHost),
            }],
            nsxt_cluster: wire::NsxTClusterReference {
                id: domain.nsx_id(),
                vip_fqdn: domain.resource_name(ComponentKind::NsxTManager),
            },
            is_management_sso_domain: true,
            lifecycle_management_mode: String::from("IMAGES"),
        }
    }

    fn bom(version: &str) -> Vec<wire::ProductVersion> {
        let target = version == TARGET_VERSION;
        [
            ComponentKind::SddcManager,
            ComponentKind::NsxTManager,
            ComponentKind::Vcenter,
            ComponentKind::EsxHost,
        ]
        .into_iter()
        .map(|kind| wire::ProductVersion {
            name: String::from(bom_name(kind)),
            version: String::from(if target {
                kind.release_version()
            } else {
                kind.installed_version()
            }),
            public_name: String::from(public_name(kind)),
        })
        .collect()
    }

    pub(crate) fn release(version: &str) -> wire::Release {
        let target = version == TARGET_VERSION;
        wire::Release {
            product: String::from("VCF"),
            version: version.to_owned(),
            min_compatible_vcf_version: String::from(MIN_COMPATIBLE_VERSION),
            description: format!("VMware Cloud Foundation {version}"),
            release_date: String::from(if target {
                TARGET_RELEASE_DATE
            } else {
                CURRENT_RELEASE_DATE
            }),
            bom: Self::bom(version),
        }
    }

    /// `getReleases`: the domain's current release, or every release.
    pub(crate) fn releases(
        &self,
        domain_id: Option<&str>,
        now: SimTime,
    ) -> Result<Vec<wire::Release>, ApiError> {
        match domain_id {
            Some(id) => {
                let domain = self.domain(id)?;
                let version = if domain.scenario == Scenario::NoUpdate {
                    TARGET_VERSION
                } else {
                    domain.current_version(now)
                };
                Ok(vec![Self::release(version)])
            }
            None => Ok(vec![
                Self::release(CURRENT_VERSION),
                Self::release(TARGET_VERSION),
            ]),
        }
    }

    pub(crate) fn future_releases(
        &self,
        domain_id: &str,
        now: SimTime,
    ) -> Result<Vec<wire::DomainFutureRelease>, ApiError> {
        let domain = self.domain(domain_id)?;
        if domain.scenario == Scenario::NoUpdate {
            return Ok(Vec::new());
        }
        let applicable = domain.applicable(now);
        let release = Self::release(TARGET_VERSION);
        Ok(vec![wire::DomainFutureRelease {
            applicability_status: String::from(if applicable {
                "APPLICABLE"
            } else {
                "NOT_APPLICABLE"
            }),
            reason_not_applicable: (!applicable).then(|| wire::MessagePack {
                component: String::from("LCM"),
                message_key: String::from("DOMAIN_ALREADY_AT_VERSION"),
                message: format!("The domain already runs VCF {TARGET_VERSION}"),
            }),
            product: release.product,
            version: release.version,
            min_compatible_vcf_version: release.min_compatible_vcf_version,
            description: release.description,
            release_date: release.release_date,
            bom: release.bom,
            patch_bundles: domain
                .bundles
                .iter()
                .map(|bundle| wire::PatchBundle {
                    bundle_id: bundle.id.clone(),
                    bundle_type: String::from(bundle_type(bundle.kind)),
                    bundle_elements: vec![String::from(bundle.kind.wire_name())],
                    cumulative_from_vcf_version: String::from(CURRENT_VERSION),
                })
                .collect(),
            upgrade_order: self.upgrade_order.clone(),
        }])
    }

    pub(crate) fn release_view(
        &self,
        domain_id: &str,
        now: SimTime,
    ) -> Result<wire::DomainReleaseView, ApiError> {
        let domain = self.domain(domain_id)?;
        let target = domain.target.clone().unwrap_or_else(|| {
            String::from(if domain.scenario == Scenario::NoUpdate {
                TARGET_VERSION
            } else {
                domain.current_version(now)
            })
        });
        Ok(wire::DomainReleaseView {
            domain_id: domain.id.clone(),
            target_sddc_manager_version: String::from(if target == TARGET_VERSION {
                ComponentKind::SddcManager.release_version()
            } else {
                self.sddc_manager_version(now)
            }),
            target_version: target,
            is_customized_bom: false,
        })
    }

    /// Why a `DomainRelease` cannot target the domain, if it cannot.
    fn release_problem(
        &self,
        domain: &Domain52,
        release: &wire::DomainRelease,
        now: SimTime,
    ) -> Option<String> {
        let Some(version) = &release.target_version else {
            return Some(String::from("targetVersion is required"));
        };
        if release.target_vx_rail_version.is_some() {
            return Some(String::from(
                "targetVxRailVersion is set, but the domain has no VxRail",
            ));
        }
        if release.patches.is_some() {
            return Some(String::from(
                "flexible patches (patches) are not modelled by the simulator",
            ));
        }
        if let Some(sddc) = &release.target_sddc_manager_version {
            if sddc != ComponentKind::SddcManager.release_version() && sddc != TARGET_VERSION {
                return Some(format!(
                    "targetSddcManagerVersion {sddc} is not the SDDC Manager of VCF {version}"
                ));
            }
        }
        if version != TARGET_VERSION {
            return Some(format!(
                "Version {version} is not a future release of domain {}",
                domain.name
            ));
        }
        if !domain.applicable(now) {
            return Some(format!(
                "Release {version} is not applicable to domain {}",
                domain.name
            ));
        }
        if domain.running_upgrade(now).is_some() {
            return Some(format!("Domain {} has an upgrade in progress", domain.name));
        }
        None
    }

    /// `updateReleaseByDomainID`.
    pub(crate) fn set_target(
        &mut self,
        domain_id: &str,
        release: &wire::DomainRelease,
        now: SimTime,
    ) -> Result<(), ApiError> {
        let position = self.position(domain_id)?;
        let domain = self.domain(domain_id)?;
        if let Some(problem) = self.release_problem(domain, release, now) {
            return Err(bad_request("DOMAIN_RELEASE_NOT_VALID", problem));
        }
        if let Some(domain) = self.domains.get_mut(position) {
            domain.target = release.target_version.clone();
        }
        Ok(())
    }

    /// `validateReleaseByDomainID`.
    pub(crate) fn start_validation(
        &mut self,
        domain_id: &str,
        release: &wire::DomainRelease,
        now: SimTime,
    ) -> Result<wire::Validation, ApiError> {
        let domain = self.domain(domain_id)?;
        let problem = self.release_problem(domain, release, now);
        let id = new_id();
        let validation = ReleaseValidation {
            started: now,
            version: release.target_version.clone().unwrap_or_default(),
            problem,
        };
        self.validations.insert(id.clone(), validation);
        self.validation(&id, now, Duration::MAX)
    }

    /// `getDomainReleaseViewValidation`.
    pub(crate) fn validation(
        &self,
        id: &str,
        now: SimTime,
        step: Duration,
    ) -> Result<wire::Validation, ApiError> {
        let validation = self.validations.get(id).ok_or_else(|| {
            not_found(
                "VALIDATION_NOT_FOUND",
                format!("Validation with id {id} not found"),
            )
        })?;
        let done = activity_finished(now, validation.started, step);
        let description = format!("Validate the target version {}", validation.version);
        if !done {
            return Ok(wire::Validation {
                id: id.to_owned(),
                description,
                execution_status: String::from("IN_PROGRESS"),
                result_status: String::from("UNKNOWN"),
                validation_checks: Vec::new(),
            });
        }
        let check = match &validation.problem {
            None => wire::ValidationCheck {
                description: String::from("Target version compatibility"),
                severity: String::from("INFO"),
                result_status: String::from("SUCCEEDED"),
                error_response: None,
            },
            Some(problem) => wire::ValidationCheck {
                description: String::from("Target version compatibility"),
                severity: String::from("ERROR"),
                result_status: String::from("FAILED"),
                error_response: Some(Error52::new(
                    "DOMAIN_RELEASE_NOT_VALID",
                    "ERROR",
                    problem.clone(),
                    "Choose an applicable future release of the domain",
                )),
            },
        };
        Ok(wire::Validation {
            id: id.to_owned(),
            description,
            execution_status: String::from("COMPLETED"),
            result_status: String::from(if validation.problem.is_none() {
                "SUCCEEDED"
            } else {
                "FAILED"
            }),
            validation_checks: vec![check],
        })
    }

    // --- Bundles and tasks ---------------------------------------------------------------

    fn bundle_position(&self, bundle_id: &str) -> Option<(usize, usize)> {
        self.bundles.get(bundle_id).copied()
    }

    pub(crate) fn render_bundle(
        &self,
        bundle_id: &str,
        now: SimTime,
        step: Duration,
    ) -> Result<wire::Bundle, ApiError> {
        let (domain, bundle) = self
            .bundle_position(bundle_id)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let owner = self
            .domains
            .get(domain)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let found = owner
            .bundles
            .get(bundle)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let status = match owner.download_progress(bundle, now, step) {
            Progress::Pending => "PENDING",
            Progress::Running => "IN_PROGRESS",
            Progress::Succeeded => "SUCCESSFUL",
            Progress::Failed => "FAILED",
        };
        let kind = found.kind;
        Ok(wire::Bundle {
            id: found.id.clone(),
            bundle_type: String::from(bundle_type(kind)),
            description: format!("{} {} for VCF {TARGET_VERSION}", public_name(kind), {
                kind.release_version()
            }),
            version: String::from(kind.release_version()),
            severity: String::from("IMPORTANT"),
            vendor: String::from("VMware"),
            released_date: String::from(TARGET_RELEASE_DATE),
            is_cumulative: kind == ComponentKind::SddcManager,
            is_compliant: true,
            size_mb: match kind {
                ComponentKind::SddcManager => 2048.0,
                ComponentKind::NsxTManager => 9216.0,
                ComponentKind::Vcenter => 10240.0,
                ComponentKind::EsxHost => 614.0,
            },
            download_status: String::from(status),
            components: vec![wire::BundleComponent {
                description: String::from(public_name(kind)),
                vendor: String::from("VMware"),
                released_date: String::from(TARGET_RELEASE_DATE),
                to_version: String::from(kind.release_version()),
                from_version: String::from(kind.installed_version()),
                image_type: String::from("PATCH"),
                component_type: String::from(kind.wire_name()),
            }],
        })
    }

    /// `startBundleDownloadByID`: a new download attempt, or why not.
    pub(crate) fn start_download(
        &mut self,
        bundle_id: &str,
        spec: &wire::BundleUpdateSpec,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let (domain, bundle) = self
            .bundle_position(bundle_id)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        if spec.compatibility_sets_file_path.is_some() {
            return Err(bad_request(
                "BUNDLE_UPDATE_NOT_SUPPORTED",
                "compatibilitySetsFilePath is deprecated and not modelled by the simulator",
            ));
        }
        let Some(download) = &spec.bundle_download_spec else {
            return Err(bad_request(
                "BUNDLE_DOWNLOAD_SPEC_MISSING",
                "bundleDownloadSpec is required to download a bundle",
            ));
        };
        if download.cancel_now == Some(true) || download.download_now != Some(true) {
            return Err(bad_request(
                "BUNDLE_DOWNLOAD_NOT_SUPPORTED",
                "Only {\"downloadNow\": true} is modelled by the simulator (no scheduling, no \
                 cancelling)",
            ));
        }
        let owner = self
            .domains
            .get_mut(domain)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        match owner.download_progress(bundle, now, step) {
            Progress::Running => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "BUNDLE_DOWNLOAD_ALREADY_IN_PROGRESS",
                    format!("A download of bundle {bundle_id} is already in progress"),
                )
                .with_remediation("Wait for the running download (GET /v1/bundles/{id})"));
            }
            Progress::Succeeded => {
                return Err(bad_request(
                    "BUNDLE_ALREADY_DOWNLOADED",
                    format!("Bundle {bundle_id} is already downloaded"),
                ));
            }
            Progress::Pending | Progress::Failed => {}
        }
        let scenario = owner.scenario;
        let found = owner
            .bundles
            .get_mut(bundle)
            .ok_or_else(|| bundle_not_found(bundle_id))?;
        let fails = match scenario {
            Scenario::DownloadFails => true,
            Scenario::FlakyDownload => found.downloads.is_empty(),
            _ => false,
        };
        let task_id = new_id();
        found.downloads.push(Download {
            task_id: task_id.clone(),
            started: now,
            fails,
        });
        let attempt = found.downloads.len().saturating_sub(1);
        self.tasks.insert(
            task_id.clone(),
            TaskRef::Download {
                domain,
                bundle,
                attempt,
            },
        );
        self.task(&task_id, now, step, clock)
    }

    /// `getTask`.
    pub(crate) fn task(
        &self,
        task_id: &str,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let task = self
            .tasks
            .get(task_id)
            .copied()
            .ok_or_else(|| task_not_found(task_id))?;
        match task {
            TaskRef::Download {
                domain,
                bundle,
                attempt,
            } => {
                let owner = self
                    .domains
                    .get(domain)
                    .ok_or_else(|| task_not_found(task_id))?;
                let found = owner
                    .bundles
                    .get(bundle)
                    .ok_or_else(|| task_not_found(task_id))?;
                let download = found
                    .downloads
                    .get(attempt)
                    .ok_or_else(|| task_not_found(task_id))?;
                Ok(download_task(owner, found, download, now, step, clock))
            }
            TaskRef::Run { domain, run } => {
                let owner = self
                    .domains
                    .get(domain)
                    .ok_or_else(|| task_not_found(task_id))?;
                let found = owner.runs.get(run).ok_or_else(|| task_not_found(task_id))?;
                Ok(run_task(owner, found, now, step, clock))
            }
            TaskRef::Upgrade { domain, upgrade } => {
                let owner = self
                    .domains
                    .get(domain)
                    .ok_or_else(|| task_not_found(task_id))?;
                let found = owner
                    .upgrades
                    .get(upgrade)
                    .ok_or_else(|| task_not_found(task_id))?;
                Ok(upgrade_task(owner, found, now, clock))
            }
        }
    }

    /// `retryTask`: only a failed, retryable upgrade task can be retried.
    pub(crate) fn retry_task(
        &mut self,
        task_id: &str,
        now: SimTime,
        timing: &Timing,
    ) -> Result<(), ApiError> {
        let task = self
            .tasks
            .get(task_id)
            .copied()
            .ok_or_else(|| task_not_found(task_id))?;
        let not_retryable = |why: &str| {
            ApiError::new(
                StatusCode::CONFLICT,
                "TASK_NOT_RETRYABLE",
                format!("Task {task_id} cannot be retried: {why}"),
            )
            .with_remediation("Only a failed task with isRetryable=true can be retried")
        };
        let TaskRef::Upgrade { domain, upgrade } = task else {
            return Err(not_retryable("only upgrade tasks are retryable here"));
        };
        let owner = self
            .domains
            .get_mut(domain)
            .ok_or_else(|| task_not_found(task_id))?;
        let scenario = owner.scenario;
        let kind = {
            let found = owner
                .upgrades
                .get(upgrade)
                .ok_or_else(|| task_not_found(task_id))?;
            if Domain52::upgrade_progress(found, now) != Progress::Failed {
                return Err(not_retryable("it has not failed"));
            }
            if !found
                .attempts
                .last()
                .is_some_and(|attempt| attempt.retryable)
            {
                return Err(not_retryable("it is not retryable"));
            }
            owner
                .bundles
                .get(found.bundle)
                .map(|bundle| bundle.kind)
                .ok_or_else(|| task_not_found(task_id))?
        };
        let attempt = plan_attempt(scenario, kind, 1, now, timing);
        if let Some(found) = owner.upgrades.get_mut(upgrade) {
            found.attempts.push(attempt);
        }
        Ok(())
    }

    // --- Check sets ----------------------------------------------------------------------

    /// `queryCheckSets`: discovery without resources, check-set candidates with them.
    pub(crate) fn query_check_sets(
        &mut self,
        input: &wire::CheckSetQueryInput,
        now: SimTime,
    ) -> Result<wire::CheckSetQueryResult, ApiError> {
        if input.check_set_type != "UPGRADE" {
            return Err(bad_request(
                "CHECK_SET_TYPE_NOT_SUPPORTED",
                format!(
                    "checkSetType {} is not modelled; the simulator knows UPGRADE",
                    input.check_set_type
                ),
            ));
        }
        let [requested] = input.domains.as_slice() else {
            return Err(bad_request(
                "CHECK_SET_QUERY_NOT_VALID",
                "The simulator answers check-set queries for exactly one domain",
            ));
        };
        let position = self.position(&requested.domain_id).map_err(|_| {
            bad_request(
                "DOMAIN_NOT_FOUND",
                format!("Domain with id {} not found", requested.domain_id),
            )
        })?;
        let domain = self
            .domains
            .get(position)
            .ok_or_else(|| bad_request("DOMAIN_NOT_FOUND", "Domain not found"))?;
        let mut resources = Vec::new();
        match &requested.resources {
            None => {
                for kind in domain.components() {
                    resources.push(QueryResource {
                        kind,
                        id: domain.resource_id(kind),
                        name: domain.resource_name(kind),
                        check_sets: Vec::new(),
                    });
                }
            }
            Some(wanted) => {
                for resource in wanted {
                    let kind = domain
                        .components()
                        .into_iter()
                        .find(|kind| kind.wire_name() == resource.resource_type)
                        .ok_or_else(|| {
                            bad_request(
                                "CHECK_SET_QUERY_NOT_VALID",
                                format!(
                                    "Domain {} has no resource of type {}",
                                    domain.name, resource.resource_type
                                ),
                            )
                        })?;
                    if let Some(id) = &resource.resource_id {
                        if *id != domain.resource_id(kind) {
                            return Err(bad_request(
                                "CHECK_SET_QUERY_NOT_VALID",
                                format!(
                                    "Resource {id} is not a {} of the domain",
                                    kind.wire_name()
                                ),
                            ));
                        }
                    }
                    let Some(target) = &resource.resource_target_version else {
                        return Err(bad_request(
                            "CHECK_SET_QUERY_NOT_VALID",
                            format!(
                                "resourceTargetVersion is required for {}",
                                resource.resource_type
                            ),
                        ));
                    };
                    if target != kind.release_version() {
                        return Err(bad_request(
                            "CHECK_SET_QUERY_NOT_VALID",
                            format!(
                                "No check-sets for {} {target}; the release brings {}",
                                kind.wire_name(),
                                kind.release_version()
                            ),
                        ));
                    }
                    resources.push(QueryResource {
                        kind,
                        id: domain.resource_id(kind),
                        name: domain.resource_name(kind),
                        check_sets: vec![check_set_id(kind)],
                    });
                }
            }
        }
        let result = wire::CheckSetQueryResult {
            query_id: new_id(),
            resources: resources
                .iter()
                .map(|resource| wire::CheckSetQueryResourceResult {
                    resource_name: resource.name.clone(),
                    resource_id: resource.id.clone(),
                    resource_type: String::from(resource.kind.wire_name()),
                    resource_version: String::from(domain.component_version(resource.kind, now)),
                    domain: wire::ResourceDomainInfo {
                        domain_id: domain.id.clone(),
                        domain_name: domain.name.clone(),
                        domain_type: domain.domain_type(),
                    },
                    check_sets: resource
                        .check_sets
                        .iter()
                        .map(|id| wire::CheckSetCandidates {
                            check_set_id: id.clone(),
                            check_set_name: format!(
                                "{} upgrade readiness",
                                public_name(resource.kind)
                            ),
                            check_set_type: String::from("UPGRADE"),
                        })
                        .collect(),
                })
                .collect(),
        };
        self.queries.insert(
            result.query_id.clone(),
            Query {
                domain: position,
                resources,
            },
        );
        Ok(result)
    }

    /// `triggerCheckRun`.
    pub(crate) fn trigger_check_run(
        &mut self,
        input: &wire::CheckSetRunInput,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::Task, ApiError> {
        let invalid = |message: String| bad_request("CHECK_SET_RUN_INPUT_NOT_VALID", message);
        let query = self
            .queries
            .get(&input.query_id)
            .ok_or_else(|| invalid(format!("Query {} was never issued", input.query_id)))?;
        if input.resources.is_empty() {
            return Err(invalid(String::from("Select at least one resource")));
        }
        let position = query.domain;
        let domain = self
            .domains
            .get(position)
            .ok_or_else(|| invalid(String::from("The query's domain is gone")))?;
        let mut selected = Vec::new();
        for selection in &input.resources {
            let resource = query
                .resources
                .iter()
                .find(|resource| {
                    resource.id == selection.resource_id
                        && resource.kind.wire_name() == selection.resource_type
                        && resource.name == selection.resource_name
                })
                .ok_or_else(|| {
                    invalid(format!(
                        "Resource {} ({} {}) was not returned by query {}",
                        selection.resource_id,
                        selection.resource_type,
                        selection.resource_name,
                        input.query_id
                    ))
                })?;
            if let Some(info) = &selection.domain {
                let matches = info.domain_id.as_deref().is_none_or(|id| id == domain.id)
                    && info
                        .domain_name
                        .as_deref()
                        .is_none_or(|name| name == domain.name)
                    && info
                        .domain_type
                        .is_none_or(|domain_type| domain_type == domain.domain_type());
                if !matches {
                    return Err(invalid(format!(
                        "The domain of resource {} is not {}",
                        selection.resource_id, domain.name
                    )));
                }
            }
            if selection.check_sets.is_empty() {
                return Err(invalid(format!(
                    "Select at least one check-set for resource {}",
                    selection.resource_id
                )));
            }
            for check_set in &selection.check_sets {
                if !resource.check_sets.contains(&check_set.check_set_id) {
                    return Err(invalid(format!(
                        "Check-set {} was not returned by query {} for resource {}",
                        check_set.check_set_id, input.query_id, selection.resource_id
                    )));
                }
            }
            selected.push(RunResource {
                kind: resource.kind,
                id: resource.id.clone(),
                name: resource.name.clone(),
            });
        }
        let findings = match domain.scenario {
            Scenario::PrecheckFail => Findings::Errors,
            Scenario::PrecheckWarnings => Findings::Warnings,
            _ => Findings::Clean,
        };
        let run_id = new_id();
        let owner = self
            .domains
            .get_mut(position)
            .ok_or_else(|| invalid(String::from("The query's domain is gone")))?;
        owner.runs.push(CheckRun {
            id: run_id.clone(),
            started: now,
            findings,
            resources: selected,
        });
        let run = owner.runs.len().saturating_sub(1);
        self.tasks.insert(
            run_id.clone(),
            TaskRef::Run {
                domain: position,
                run,
            },
        );
        self.task(&run_id, now, step, clock)
    }

    fn find_run(&self, run_id: &str) -> Option<(&Domain52, &CheckRun)> {
        match self.tasks.get(run_id)? {
            TaskRef::Run { domain, run } => {
                let owner = self.domains.get(*domain)?;
                Some((owner, owner.runs.get(*run)?))
            }
            _ => None,
        }
    }

    /// `getResult`.
    pub(crate) fn assessment(
        &self,
        run_id: &str,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<wire::AssessmentOutput, ApiError> {
        let (domain, run) = self.find_run(run_id).ok_or_else(|| {
            not_found(
                "CHECK_SET_RUN_NOT_FOUND",
                format!("Check-set run {run_id} not found"),
            )
        })?;
        Ok(assessment_output(domain, run, now, step, clock))
    }

    /// `getLastAssessmentRunInfo`: the runs, newest first.
    pub(crate) fn assessment_runs(
        &self,
        domain_id: Option<&str>,
        now: SimTime,
        step: Duration,
        clock: &Clock,
    ) -> Result<Vec<wire::AssessmentTaskInfo>, ApiError> {
        let domains: Vec<&Domain52> = match domain_id {
            Some(id) => vec![self.domain(id).map_err(|_| {
                bad_request("DOMAIN_NOT_FOUND", format!("Domain with id {id} not found"))
            })?],
            None => self.domains.iter().collect(),
        };
        let mut runs: Vec<(SimTime, wire::AssessmentTaskInfo)> = Vec::new();
        for domain in domains {
            for run in &domain.runs {
                let done = activity_finished(now, run.started, step);
                runs.push((
                    run.started,
                    wire::AssessmentTaskInfo {
                        id: run.id.clone(),
                        state: String::from(run_state(run, done)),
                        timestamp: epoch_millis(clock, run.started),
                        completion_timestamp: done
                            .then(|| epoch_millis(clock, run.started.saturating_add(step))),
                        domain_inputs: vec![wire::DomainInfoOut {
                            domain_name: domain.name.clone(),
                            domain_type: domain.domain_type(),
                            domain_id: domain.id.clone(),
                        }],
                        metadata: wire::AssessmentMetadata {
                            target_version: String::from(TARGET_VERSION),
                            resources: assessment_resources(domain, run),
                        },
                    },
                ));
            }
        }
        runs.sort_by_key(|run| std::cmp::Reverse(run.0));
        Ok(runs.into_iter().map(|(_, info)| info).collect())
    }

    // --- Upgrades ------------------------------------------------------------------------

    /// `getUpgradablesByDomain`.
    pub(crate) fn upgradables(
        &self,
        domain_id: &str,
        target_version: Option<&str>,
        now: SimTime,
    ) -> Result<Vec<wire::Upgradable>, ApiError> {
        let domain = self.domain(domain_id)?;
        Ok(domain_upgradables(domain, target_version, now))
    }

    /// `getUpgradables`: every domain's.
    pub(crate) fn all_upgradables(&self, now: SimTime) -> Vec<wire::Upgradable> {
        self.domains
            .iter()
            .flat_map(|domain| domain_upgradables(domain, None, now))
            .collect()
    }

    /// `getNsxUpgradeResources`.
    pub(crate) fn nsx_resources(
        &self,
        domain_id: &str,
        bundle_id: Option<&str>,
        now: SimTime,
    ) -> Result<wire::NsxtResources, ApiError> {
        let domain = self.domain(domain_id)?;
        let nsx_bundle = domain
            .bundles
            .iter()
            .find(|bundle| bundle.kind == ComponentKind::NsxTManager);
        let bundle_id = match (bundle_id, nsx_bundle) {
            (Some(wanted), Some(bundle)) if wanted == bundle.id => bundle.id.clone(),
            (None, Some(bundle)) => bundle.id.clone(),
            (Some(wanted), _) => {
                return Err(not_found(
                    "BUNDLE_NOT_FOUND",
                    format!(
                        "Bundle {wanted} is not an NSX bundle of domain {}",
                        domain.name
                    ),
                ));
            }
            (None, None) => {
                return Err(not_found(
                    "BUNDLE_NOT_FOUND",
                    format!("Domain {} has no NSX bundle to upgrade to", domain.name),
                ));
            }
        };
        let upgraded = domain.component_upgraded(ComponentKind::NsxTManager, now);
        let status = if upgraded { "COMPLETED" } else { "NOT_STARTED" };
        let version = String::from(domain.component_version(ComponentKind::NsxTManager, now));
        Ok(wire::NsxtResources {
            nsxt_host_clusters: vec![wire::NsxtHostCluster {
                id: domain.cluster_id(),
                name: domain.resource_name(ComponentKind::EsxHost),
                upgrade_status: String::from(status),
                resource_health: String::from("GREEN"),
                upgraded_units: if upgraded { 4 } else { 0 },
                total_units: 4,
                domain_id: domain.id.clone(),
                version: version.clone(),
            }],
            nsxt_edge_clusters: vec![wire::NsxtCluster {
                id: domain.edge_cluster_id(),
                name: format!("ec-{}", domain.name),
                upgrade_status: String::from(status),
                resource_health: String::from("GREEN"),
                version: version.clone(),
            }],
            nsxt_manager_cluster: wire::NsxtCluster {
                id: domain.nsx_id(),
                name: domain.resource_name(ComponentKind::NsxTManager),
                upgrade_status: String::from(status),
                resource_health: String::from("GREEN"),
                version: version.clone(),
            },
            nsxt_upgrade_coordinator: wire::NsxtUpgradeCoordinator {
                id: domain.nsx_id(),
                upgrade_status: String::from(status),
                resource_health: String::from("GREEN"),
                version,
                enabled_on: domain.resource_name(ComponentKind::NsxTManager),
            },
            bundle_id,
            domain_id: domain.id.clone(),
        })
    }

    /// `performUpgrade`; returns the task and, for an SDDC Manager upgrade of the `outage`
    /// scenario, the outage to start.
    pub(crate) fn perform_upgrade(
        &mut self,
        spec: wire::UpgradeSpec,
        now: SimTime,
        timing: &Timing,
        clock: &Clock,
    ) -> Result<(wire::Task, Option<Duration>), ApiError> {
        let (position, bundle) = self.bundle_position(&spec.bundle_id).ok_or_else(|| {
            bad_request(
                "BUNDLE_NOT_FOUND",
                format!("Bundle {} not found", spec.bundle_id),
            )
        })?;
        let sddc_manager_upgraded = self.domains.first().is_some_and(|management| {
            management.component_upgraded(ComponentKind::SddcManager, now)
        });
        let domain = self
            .domains
            .get(position)
            .ok_or_else(|| bad_request("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        check_upgrade_spec(
            domain,
            bundle,
            &spec,
            now,
            timing.step,
            sddc_manager_upgraded,
        )?;
        let kind = domain
            .bundles
            .get(bundle)
            .map(|found| found.kind)
            .ok_or_else(|| bad_request("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        let earlier_failures = domain
            .upgrades
            .iter()
            .filter(|upgrade| upgrade.bundle == bundle)
            .count();
        let attempt = plan_attempt(domain.scenario, kind, earlier_failures, now, timing);
        let outage = (domain.scenario == Scenario::Outage && kind == ComponentKind::SddcManager)
            .then(|| timing.step.saturating_mul(timing.outage_steps));
        if domain.scenario == Scenario::Vcenter401 && kind == ComponentKind::Vcenter {
            let start = now.saturating_add(Duration::from_nanos(1));
            self.unauthorized.push((
                start,
                start.saturating_add(timing.step.saturating_mul(timing.outage_steps)),
            ));
        }
        let id = new_id();
        let owner = self
            .domains
            .get_mut(position)
            .ok_or_else(|| bad_request("BUNDLE_NOT_FOUND", "Bundle not found"))?;
        owner.upgrades.push(Upgrade52 {
            id: id.clone(),
            bundle,
            spec,
            attempts: vec![attempt],
        });
        let upgrade = owner.upgrades.len().saturating_sub(1);
        self.tasks.insert(
            id.clone(),
            TaskRef::Upgrade {
                domain: position,
                upgrade,
            },
        );
        Ok((self.task(&id, now, timing.step, clock)?, outage))
    }

    fn find_upgrade(&self, upgrade_id: &str) -> Option<(&Domain52, &Upgrade52)> {
        match self.tasks.get(upgrade_id)? {
            TaskRef::Upgrade { domain, upgrade } => {
                let owner = self.domains.get(*domain)?;
                Some((owner, owner.upgrades.get(*upgrade)?))
            }
            _ => None,
        }
    }

    /// `getUpgradeById`.
    pub(crate) fn upgrade(
        &self,
        upgrade_id: &str,
        now: SimTime,
        clock: &Clock,
    ) -> Result<wire::Upgrade, ApiError> {
        let (domain, upgrade) = self.find_upgrade(upgrade_id).ok_or_else(|| {
            not_found(
                "UPGRADE_NOT_FOUND",
                format!("Upgrade with id {upgrade_id} not found"),
            )
        })?;
        Ok(render_upgrade(domain, upgrade, now, clock))
    }

    /// `getUpgrades`, filtered by bundle and status.
    pub(crate) fn upgrades(
        &self,
        bundle_id: Option<&str>,
        status: Option<&str>,
        now: SimTime,
        clock: &Clock,
    ) -> Vec<wire::Upgrade> {
        self.domains
            .iter()
            .flat_map(|domain| {
                domain
                    .upgrades
                    .iter()
                    .map(move |upgrade| render_upgrade(domain, upgrade, now, clock))
            })
            .filter(|upgrade| bundle_id.is_none_or(|wanted| upgrade.bundle_id == wanted))
            .filter(|upgrade| status.is_none_or(|wanted| upgrade.status == wanted))
            .collect()
    }
}

fn bundle_not_found(bundle_id: &str) -> ApiError {
    not_found(
        "BUNDLE_NOT_FOUND",
        format!("Bundle with id {bundle_id} not found"),
    )
}

fn task_not_found(task_id: &str) -> ApiError {
    not_found(
        "TASK_NOT_FOUND",
        format!("Task with id {task_id} not found"),
    )
}

fn bundle_type(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::SddcManager => "SDDC_MANAGER",
        _ => "VMWARE_SOFTWARE",
    }
}

fn check_set_id(kind: ComponentKind) -> String {
    format!("{}_UPGRADE_READINESS", kind.wire_name())
}

/// The attempt a new upgrade (or a retry) of a `kind` bundle makes; `earlier` counts the
/// attempts before it.
fn plan_attempt(
    scenario: Scenario,
    kind: ComponentKind,
    earlier: usize,
    now: SimTime,
    timing: &Timing,
) -> Attempt {
    let long = timing
        .step
        .saturating_mul(timing.outage_steps.saturating_add(1));
    let duration = match (scenario, kind) {
        (Scenario::Outage, ComponentKind::SddcManager)
        | (Scenario::Vcenter401, ComponentKind::Vcenter) => long,
        _ => timing.step,
    };
    let esx = kind == ComponentKind::EsxHost;
    let (fails, retryable) = match scenario {
        Scenario::UpgradeFails if esx => (earlier == 0, true),
        Scenario::UpgradeFailsHard if esx => (true, false),
        _ => (false, false),
    };
    Attempt {
        started: now,
        duration,
        fails,
        retryable,
    }
}

fn check_upgrade_spec(
    domain: &Domain52,
    bundle: usize,
    spec: &wire::UpgradeSpec,
    now: SimTime,
    step: Duration,
    sddc_manager_upgraded: bool,
) -> Result<(), ApiError> {
    if spec.resource_type != "DOMAIN" {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            format!(
                "resourceType {} is not modelled; the simulator upgrades whole domains (DOMAIN)",
                spec.resource_type
            ),
        ));
    }
    if spec.draft_mode == Some(true) {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            "draftMode is not modelled by the simulator",
        ));
    }
    let [resource] = spec.resource_upgrade_specs.as_slice() else {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            "resourceUpgradeSpecs must name the domain exactly once",
        ));
    };
    if resource.resource_id != domain.id {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            format!(
                "Bundle {} belongs to domain {}, not to resource {}",
                spec.bundle_id, domain.id, resource.resource_id
            ),
        ));
    }
    if resource.upgrade_now != Some(true) {
        return Err(bad_request(
            "UPGRADE_SPEC_NOT_VALID",
            "Only upgradeNow=true is modelled by the simulator (no scheduled upgrades)",
        ));
    }
    let Some(found) = domain.bundles.get(bundle) else {
        return Err(bad_request("BUNDLE_NOT_FOUND", "Bundle not found"));
    };
    if domain.index != 1 && !sddc_manager_upgraded {
        return Err(ApiError::new(
            StatusCode::FAILED_DEPENDENCY,
            "SDDC_MANAGER_NOT_UPGRADED",
            format!(
                "SDDC Manager must be upgraded to {TARGET_VERSION} before domain {}",
                domain.name
            ),
        )
        .with_remediation("Upgrade the management domain's SDDC Manager first"));
    }
    if let Some(running) = domain.running_upgrade(now) {
        return Err(bad_request(
            "UPGRADE_IN_PROGRESS",
            format!(
                "Upgrade {} of domain {} is in progress",
                running.id, domain.name
            ),
        ));
    }
    if domain.available_bundle(now) != Some(bundle) {
        return Err(bad_request(
            "BUNDLE_NOT_AVAILABLE",
            format!(
                "Bundle {} is not the AVAILABLE upgrade of domain {}",
                spec.bundle_id, domain.name
            ),
        ));
    }
    if domain.download_progress(bundle, now, step) != Progress::Succeeded {
        return Err(bad_request(
            "BUNDLE_NOT_DOWNLOADED",
            format!("Bundle {} is not downloaded", spec.bundle_id),
        ));
    }
    match found.kind {
        ComponentKind::NsxTManager => {
            let inputs = spec
                .nsxt_upgrade_user_input_specs
                .as_deref()
                .unwrap_or_default();
            if inputs.is_empty() {
                return Err(bad_request(
                    "UPGRADE_SPEC_NOT_VALID",
                    "An NSX upgrade needs nsxtUpgradeUserInputSpecs (see getNsxUpgradeResources)",
                ));
            }
            for input in inputs {
                if input
                    .nsxt_id
                    .as_deref()
                    .is_some_and(|id| id != domain.nsx_id())
                {
                    return Err(bad_request(
                        "UPGRADE_SPEC_NOT_VALID",
                        "nsxtId is not the domain's NSX instance",
                    ));
                }
                let hosts_ok = input
                    .nsxt_host_cluster_upgrade_specs
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .all(|host| host.host_cluster_id == domain.cluster_id());
                let edges_ok = input
                    .nsxt_edge_cluster_upgrade_specs
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .all(|edge| edge.edge_cluster_id == domain.edge_cluster_id());
                if !hosts_ok || !edges_ok {
                    return Err(bad_request(
                        "UPGRADE_SPEC_NOT_VALID",
                        "A host or edge cluster id is not one getNsxUpgradeResources returned",
                    ));
                }
            }
        }
        ComponentKind::Vcenter => {
            let inputs = spec
                .vcenter_upgrade_user_input_specs
                .as_deref()
                .unwrap_or_default();
            if inputs.is_empty() {
                return Err(bad_request(
                    "UPGRADE_SPEC_NOT_VALID",
                    "A vCenter upgrade needs vcenterUpgradeUserInputSpecs with a temporaryNetwork",
                ));
            }
            if inputs.iter().any(|input| {
                input
                    .resource_id
                    .as_deref()
                    .is_some_and(|id| id != domain.vcenter_id())
            }) {
                return Err(bad_request(
                    "UPGRADE_SPEC_NOT_VALID",
                    "vcenterUpgradeUserInputSpecs names a vCenter that is not the domain's",
                ));
            }
        }
        ComponentKind::SddcManager | ComponentKind::EsxHost => {}
    }
    let vcenter = inputs::VcenterVersions {
        source: domain.component_version(ComponentKind::Vcenter, now),
        target: ComponentKind::Vcenter.release_version(),
    };
    inputs::check(found.kind, spec, &vcenter)
        .map_err(|message| bad_request("UPGRADE_SPEC_NOT_VALID", message))
}

fn domain_upgradables(
    domain: &Domain52,
    target_version: Option<&str>,
    now: SimTime,
) -> Vec<wire::Upgradable> {
    let Some(target) = &domain.target else {
        return Vec::new();
    };
    if target_version.is_some_and(|wanted| wanted != target) {
        return Vec::new();
    }
    let available = domain.available_bundle(now);
    domain
        .bundles
        .iter()
        .enumerate()
        .map(|(position, bundle)| wire::Upgradable {
            bundle_id: bundle.id.clone(),
            bundle_type: String::from(bundle_type(bundle.kind)),
            resource: wire::Resource {
                resource_id: domain.id.clone(),
                resource_type: String::from("DOMAIN"),
                name: domain.name.clone(),
            },
            software_components: vec![wire::SoftwareComponent {
                id: domain.resource_id(bundle.kind),
                component_type: String::from(bundle.kind.wire_name()),
            }],
            status: String::from(if domain.bundle_completed(position, now) {
                "COMPLETED"
            } else if available == Some(position) {
                "AVAILABLE"
            } else {
                "PENDING"
            }),
        })
        .collect()
}

fn timestamps(
    clock: &Clock,
    started: SimTime,
    duration: Duration,
    done: bool,
) -> (String, Option<String>) {
    (
        clock.timestamp(started),
        done.then(|| clock.timestamp(started.saturating_add(duration))),
    )
}

fn download_task(
    domain: &Domain52,
    bundle: &Bundle52,
    download: &Download,
    now: SimTime,
    step: Duration,
    clock: &Clock,
) -> wire::Task {
    let progress = download_progress(download, now, step);
    let done = progress != Progress::Running;
    let (created, completed) = timestamps(clock, download.started, step, done);
    let status = match progress {
        Progress::Running | Progress::Pending => "IN_PROGRESS",
        Progress::Succeeded => "SUCCESSFUL",
        Progress::Failed => "FAILED",
    };
    let errors = if progress == Progress::Failed {
        let reason = if domain.scenario == Scenario::DownloadFails {
            "the depot answered 403: the depot account is not entitled to this bundle"
        } else {
            "the checksum of the downloaded file does not match (connection dropped)"
        };
        vec![Error52::new(
            "BUNDLE_DOWNLOAD_FAILED",
            "ERROR",
            format!("Download of bundle {} failed: {reason}", bundle.id),
            "Check the depot connection and credentials, then download the bundle again",
        )]
    } else {
        Vec::new()
    };
    wire::Task {
        id: download.task_id.clone(),
        name: format!("Bundle download {}", bundle.id),
        task_type: String::from("BUNDLE_DOWNLOAD"),
        status: String::from(status),
        creation_timestamp: created.clone(),
        completion_timestamp: completed.clone(),
        sub_tasks: vec![wire::SubTask {
            name: String::from("Download bundle"),
            subtask_type: String::from("BUNDLE_DOWNLOAD"),
            description: format!("Download {} from the depot", public_name(bundle.kind)),
            status: String::from(status),
            creation_timestamp: created,
            completion_timestamp: completed,
            errors: errors.clone(),
        }],
        errors,
        resources: vec![wire::Resource {
            resource_id: bundle.id.clone(),
            resource_type: String::from("BUNDLE"),
            name: bundle.id.clone(),
        }],
        resolution_status: None,
        is_cancellable: progress == Progress::Running,
        is_retryable: false,
    }
}

fn run_state(run: &CheckRun, done: bool) -> &'static str {
    match (done, run.findings) {
        (false, _) => "IN_PROGRESS",
        (true, Findings::Errors) => "FAILED",
        (true, _) => "SUCCESSFUL",
    }
}

fn run_task(
    domain: &Domain52,
    run: &CheckRun,
    now: SimTime,
    step: Duration,
    clock: &Clock,
) -> wire::Task {
    let done = activity_finished(now, run.started, step);
    let (created, completed) = timestamps(clock, run.started, step, done);
    let state = run_state(run, done);
    wire::Task {
        id: run.id.clone(),
        name: format!("Upgrade prechecks of domain {}", domain.name),
        task_type: String::from("ASSESSMENT"),
        status: String::from(state),
        creation_timestamp: created,
        completion_timestamp: completed,
        sub_tasks: Vec::new(),
        errors: Vec::new(),
        resources: vec![wire::Resource {
            resource_id: domain.id.clone(),
            resource_type: String::from("DOMAIN"),
            name: domain.name.clone(),
        }],
        resolution_status: None,
        is_cancellable: false,
        is_retryable: false,
    }
}

fn assessment_resources(domain: &Domain52, run: &CheckRun) -> Vec<wire::AssessmentResource> {
    run.resources
        .iter()
        .map(|resource| wire::AssessmentResource {
            resource_type: String::from(resource.kind.wire_name()),
            id: resource.id.clone(),
            name: resource.name.clone(),
            domain_id: domain.id.clone(),
            target_version: String::from(resource.kind.release_version()),
        })
        .collect()
}

fn finding(
    resource: &RunResource,
    severity: &str,
    code: &str,
    message: &str,
    fix: &str,
) -> Error52 {
    let mut error = Error52::new(code, severity, format!("{}: {message}", resource.name), fix);
    let mut context = std::collections::BTreeMap::new();
    context.insert(String::from("resourceId"), resource.id.clone());
    context.insert(
        String::from("resourceType"),
        String::from(resource.kind.wire_name()),
    );
    context.insert(String::from("severity"), severity.to_owned());
    error.context = Some(context);
    error
}

fn assessment_output(
    domain: &Domain52,
    run: &CheckRun,
    now: SimTime,
    step: Duration,
    clock: &Clock,
) -> wire::AssessmentOutput {
    let done = activity_finished(now, run.started, step);
    let (created, completed) = timestamps(clock, run.started, step, done);
    let mut findings = Vec::new();
    if done {
        if let Some(first) = run.resources.first() {
            if run.findings == Findings::Errors {
                findings.push(finding(
                    first,
                    "ERROR",
                    "VSAN_HCL_NOT_COMPATIBLE",
                    "the vSAN HCL database is out of date",
                    "Update the vSAN HCL database in vCenter, then run the prechecks again",
                ));
                findings.push(finding(
                    first,
                    "ERROR",
                    "BACKUP_NOT_CONFIGURED",
                    "no file-based backup has been taken in the last 24 hours",
                    "Configure a backup server and take a backup of SDDC Manager and NSX",
                ));
            }
            if run.findings != Findings::Clean {
                findings.push(finding(
                    first,
                    "WARNING",
                    "PASSWORD_EXPIRES_SOON",
                    "the root password expires in 10 days",
                    "Rotate the password before it expires",
                ));
                if run.findings == Findings::Warnings {
                    findings.push(finding(
                        first,
                        "WARNING",
                        "NTP_DRIFT",
                        "the clock drifts 3 seconds from the NTP server",
                        "Check the NTP configuration of the resource",
                    ));
                }
            }
        }
    }
    let errors = findings
        .iter()
        .filter(|finding| finding.error_type == "ERROR")
        .count();
    let warnings = findings.len().saturating_sub(errors);
    let status = match (done, errors > 0) {
        (false, _) => "IN_PROGRESS",
        (true, true) => "COMPLETED_WITH_FAILURE",
        (true, false) => "COMPLETED_WITH_SUCCESS",
    };
    let mut artifacts = serde_json::Map::new();
    if done {
        artifacts.insert(
            String::from("validation-domain-summary"),
            serde_json::json!({
                "domainId": domain.id,
                "domainName": domain.name,
                "errorValidationsCount": errors,
                "warningGapsCount": warnings,
                "resourcesCount": run.resources.len(),
            }),
        );
    }
    let validation_result = (!findings.is_empty()).then(|| {
        let mut summary = Error52::new(
            "UPGRADE_PRECHECK_FINDINGS",
            if errors > 0 { "ERROR" } else { "WARNING" },
            format!(
                "Upgrade prechecks of domain {} found {errors} error(s) and {warnings} \
                 warning(s)",
                domain.name
            ),
            "Resolve the errors and review the warnings, then run the prechecks again",
        );
        summary.nested_errors = findings;
        summary
    });
    wire::AssessmentOutput {
        status: String::from(status),
        presented_artifacts_map: artifacts,
        validation_result,
        discovery_progress: wire::DiscoveryProgress {
            progress_messages: vec![String::from(if done {
                "Assessment completed"
            } else {
                "Running the selected check-sets"
            })],
            percentage_complete: if done { 100 } else { 50 },
        },
        timestamp: created,
        completion_timestamp: completed,
    }
}

fn upgrade_status(domain: &Domain52, upgrade: &Upgrade52, now: SimTime) -> &'static str {
    match Domain52::upgrade_progress(upgrade, now) {
        Progress::Pending => "PENDING",
        Progress::Running if domain.scenario == Scenario::Inprogress => "INPROGRESS",
        Progress::Running => "IN_PROGRESS",
        Progress::Succeeded => "COMPLETED_WITH_SUCCESS",
        Progress::Failed => "COMPLETED_WITH_FAILURE",
    }
}

fn render_upgrade(
    domain: &Domain52,
    upgrade: &Upgrade52,
    now: SimTime,
    clock: &Clock,
) -> wire::Upgrade {
    let progress = Domain52::upgrade_progress(upgrade, now);
    let end_time = match (progress, upgrade.attempts.last()) {
        (Progress::Succeeded | Progress::Failed, Some(attempt)) => Some(epoch_millis(
            clock,
            attempt.started.saturating_add(attempt.duration),
        )),
        _ => None,
    };
    wire::Upgrade {
        id: upgrade.id.clone(),
        bundle_id: upgrade.spec.bundle_id.clone(),
        resource_type: upgrade.spec.resource_type.clone(),
        parallel_upgrade: upgrade.spec.parallel_upgrade.unwrap_or(false),
        resource_upgrade_specs: upgrade.spec.resource_upgrade_specs.clone(),
        status: String::from(upgrade_status(domain, upgrade, now)),
        task_id: upgrade.id.clone(),
        nsxt_upgrade_user_input_spec: upgrade
            .spec
            .nsxt_upgrade_user_input_specs
            .as_ref()
            .and_then(|specs| specs.first().cloned()),
        vcenter_upgrade_user_input_spec: upgrade
            .spec
            .vcenter_upgrade_user_input_specs
            .as_ref()
            .and_then(|specs| specs.first().cloned()),
        end_time,
    }
}

fn upgrade_task(domain: &Domain52, upgrade: &Upgrade52, now: SimTime, clock: &Clock) -> wire::Task {
    let progress = Domain52::upgrade_progress(upgrade, now);
    let kind = domain
        .bundles
        .get(upgrade.bundle)
        .map_or(ComponentKind::EsxHost, |bundle| bundle.kind);
    let first = upgrade
        .attempts
        .first()
        .map_or(now, |attempt| attempt.started);
    let done = matches!(progress, Progress::Succeeded | Progress::Failed);
    let last = upgrade.attempts.last();
    let completed = match (done, last) {
        (true, Some(attempt)) => {
            Some(clock.timestamp(attempt.started.saturating_add(attempt.duration)))
        }
        _ => None,
    };
    let status = match progress {
        Progress::Pending => "PENDING",
        Progress::Running => "IN_PROGRESS",
        Progress::Succeeded => "SUCCESSFUL",
        Progress::Failed => "FAILED",
    };
    let errors = if progress == Progress::Failed {
        vec![Error52::new(
            "ESX_UPGRADE_FAILED",
            "ERROR",
            format!(
                "Upgrade of {} failed: host esx-03.{}.vcf.sim could not enter maintenance mode",
                domain.resource_name(kind),
                domain.name
            ),
            if last.is_some_and(|attempt| attempt.retryable) {
                "Resolve the maintenance mode problem, then retry the task"
            } else {
                "The host's image is incompatible; contact support"
            },
        )]
    } else {
        Vec::new()
    };
    let retryable = progress == Progress::Failed && last.is_some_and(|attempt| attempt.retryable);
    wire::Task {
        id: upgrade.id.clone(),
        name: format!(
            "Upgrade {} of domain {} to {}",
            public_name(kind),
            domain.name,
            kind.release_version()
        ),
        task_type: String::from("UPGRADE"),
        status: String::from(status),
        creation_timestamp: clock.timestamp(first),
        completion_timestamp: completed.clone(),
        sub_tasks: vec![wire::SubTask {
            name: format!("Upgrade {}", domain.resource_name(kind)),
            subtask_type: String::from(kind.wire_name()),
            description: format!(
                "Upgrade {} from {} to {}",
                public_name(kind),
                kind.installed_version(),
                kind.release_version()
            ),
            status: String::from(status),
            creation_timestamp: clock.timestamp(last.map_or(first, |attempt| attempt.started)),
            completion_timestamp: completed,
            errors: errors.clone(),
        }],
        errors,
        resources: vec![wire::Resource {
            resource_id: domain.resource_id(kind),
            resource_type: String::from(kind.wire_name()),
            name: domain.resource_name(kind),
        }],
        resolution_status: (progress == Progress::Failed).then(|| String::from("UNRESOLVED")),
        is_cancellable: false,
        is_retryable: retryable,
    }
}
