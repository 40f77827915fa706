//! How a simulator is configured.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::{Scenario, SimError};

/// The most domains one simulator serves; domain ids have room for far more, but a larger
/// inventory is a configuration mistake rather than a test.
pub const MAX_DOMAINS: usize = 10_000;
/// The most clusters a `vcf52` domain has, and hosts a cluster has: two decimal digits each in
/// a host's id, and far more than any test needs.
pub const MAX_CLUSTERS_PER_DOMAIN: usize = 16;
pub const MAX_HOSTS_PER_CLUSTER: usize = 64;

/// Which API the simulator speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// The project's own contract of `docs/api.md` (the behaviour from before dialects).
    #[default]
    Default,
    /// The real SDDC Manager 5.2.1 lifecycle API (`docs/simulator.md`, "The vcf52 dialect").
    Vcf52,
}

impl Dialect {
    /// Every dialect.
    pub const ALL: [Dialect; 2] = [Dialect::Default, Dialect::Vcf52];

    /// The name used on the command line (`--dialect`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Default => "default",
            Dialect::Vcf52 => "vcf52",
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.name())
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Dialect::ALL
            .into_iter()
            .find(|dialect| dialect.name() == name)
            .ok_or_else(|| format!("unknown dialect '{name}' (expected default or vcf52)"))
    }
}

/// Which SDDC Manager the `vcf52` dialect plays (`--vcf-version`): 5.2.1 by default, or a
/// 9.x server modelled as a set of differences from it (`docs/simulator.md`, "VCF 9.x").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VcfVersion {
    /// SDDC Manager 5.2.1: domains on VCF 5.1.1 go to 5.2.1.0 (the behaviour before versions).
    #[default]
    V5_2_1,
    /// SDDC Manager 9.0.2: domains on VCF 5.2.1 go to 9.0.2.0.
    V9_0_2,
    /// SDDC Manager 9.1.0: domains on VCF 9.0.2 go to 9.1.0.0, with 9.1's additions.
    V9_1_0,
}

impl VcfVersion {
    /// Every version.
    pub const ALL: [VcfVersion; 3] = [VcfVersion::V5_2_1, VcfVersion::V9_0_2, VcfVersion::V9_1_0];

    /// The name used on the command line (`--vcf-version`).
    pub fn name(self) -> &'static str {
        match self {
            VcfVersion::V5_2_1 => "5.2.1",
            VcfVersion::V9_0_2 => "9.0.2",
            VcfVersion::V9_1_0 => "9.1.0",
        }
    }

    /// Whether this is a VCF 9 SDDC Manager.
    pub fn is_9(self) -> bool {
        self >= VcfVersion::V9_0_2
    }
}

impl std::fmt::Display for VcfVersion {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.name())
    }
}

impl std::str::FromStr for VcfVersion {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        VcfVersion::ALL
            .into_iter()
            .find(|version| version.name() == name)
            .ok_or_else(|| format!("unknown VCF version '{name}' (expected 5.2.1, 9.0.2 or 9.1.0)"))
    }
}

/// What the `vcf52` dialect does with a request field its schema does not name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UnknownFields {
    /// Refuse the request with 400 (the default, and `--strict-fields`).
    #[default]
    Refuse,
    /// Drop the field, as a real (Spring-based) SDDC Manager does, and list it in the
    /// request's log entry (`ignoredFields`; `--lenient-fields`).
    Ignore,
}

/// The components a release's `upgradeOrder` may reorder (`vcf52`).
pub const REORDERABLE_COMPONENTS: [&str; 3] = ["NSX_T_MANAGER", "VCENTER", "ESX_HOST"];

/// Everything [`crate::start`] needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// Address to listen on; port 0 picks a free port (see [`crate::RunningSim::url`]).
    pub listen: SocketAddr,
    /// Number of workload domains; domain 1 is the management domain.
    pub domains: usize,
    /// Scenario per 1-based domain index; domains not listed are [`Scenario::Happy`].
    pub scenarios: BTreeMap<usize, Scenario>,
    /// Duration of one long step: one bundle download, one precheck, one upgrade component,
    /// one outage step. Zero makes every step finish by the next request.
    pub step: Duration,
    /// Lifetime of an access token.
    pub token_ttl: Duration,
    /// The only account that can log in.
    pub username: String,
    /// Its password.
    pub password: String,
    /// Serve HTTPS with a generated CA (see [`crate::RunningSim::ca_pem`]).
    pub tls: bool,
    /// How many steps the `outage` scenario keeps the API away (and, in `vcf52`, how many
    /// steps `vcenter-401` answers 401).
    pub outage_steps: u32,
    /// The API the simulator speaks.
    pub dialect: Dialect,
    /// `vcf52`: the release's `upgradeOrder`, a comma-separated permutation of
    /// `NSX_T_MANAGER`, `VCENTER`, `ESX_HOST`; `None` leaves the field out (default order).
    pub upgrade_order: Option<String>,
    /// `vcf52`: how many clusters each domain has (`GET /v1/clusters`).
    pub clusters_per_domain: usize,
    /// `vcf52`: how many ESX hosts each cluster has (`GET /v1/hosts`).
    pub hosts_per_cluster: usize,
    /// `vcf52`: the SDDC Manager version played (5.2.1 unless set).
    pub vcf_version: VcfVersion,
    /// `vcf52`: unknown request fields are refused (default) or ignored and logged.
    pub unknown_fields: UnknownFields,
    /// `vcf52`: behave as field reports say real servers do rather than as the spec says:
    /// `createToken` answers 200, future releases carry the deprecated `isApplicable`, and
    /// `presentedArtifactsMap["validation-domain-summary"]` is a list of one object.
    pub field_report: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            domains: 4,
            scenarios: BTreeMap::new(),
            step: Duration::from_secs(3),
            token_ttl: Duration::from_secs(3600),
            username: String::from("administrator@vsphere.local"),
            password: String::from("VMware1!VMware1!"),
            tls: false,
            outage_steps: 3,
            dialect: Dialect::Default,
            upgrade_order: None,
            clusters_per_domain: 1,
            hosts_per_cluster: 4,
            vcf_version: VcfVersion::V5_2_1,
            unknown_fields: UnknownFields::Refuse,
            field_report: false,
        }
    }
}

impl SimConfig {
    /// The scenario domain `index` (1-based) starts with.
    pub fn scenario_of(&self, index: usize) -> Scenario {
        self.scenarios.get(&index).copied().unwrap_or_default()
    }

    pub(crate) fn validate(&self) -> Result<(), SimError> {
        if !(1..=MAX_DOMAINS).contains(&self.domains) {
            return Err(SimError::InvalidConfig(format!(
                "the number of domains must be between 1 and {MAX_DOMAINS}, not {}",
                self.domains
            )));
        }
        if let Some(index) = self
            .scenarios
            .keys()
            .find(|index| !(1..=self.domains).contains(*index))
        {
            return Err(SimError::InvalidConfig(format!(
                "a scenario is set for domain {index}, but domains are numbered 1 to {}",
                self.domains
            )));
        }
        if let Some((index, scenario)) = self
            .scenarios
            .iter()
            .find(|(_, scenario)| !Scenario::of_dialect(self.dialect).contains(scenario))
        {
            return Err(SimError::InvalidConfig(format!(
                "domain {index} is given scenario {scenario}, which the {} dialect does not play",
                self.dialect
            )));
        }
        if let Some(order) = &self.upgrade_order {
            if self.dialect != Dialect::Vcf52 {
                return Err(SimError::InvalidConfig(String::from(
                    "an upgrade order needs the vcf52 dialect",
                )));
            }
            parse_upgrade_order(order).map_err(SimError::InvalidConfig)?;
        }
        let default = SimConfig::default();
        if self.dialect != Dialect::Vcf52
            && (self.vcf_version != default.vcf_version
                || self.unknown_fields != default.unknown_fields
                || self.field_report)
        {
            return Err(SimError::InvalidConfig(String::from(
                "a VCF version, lenient fields and the field-report switch need the vcf52 \
                 dialect",
            )));
        }
        let estate = (self.clusters_per_domain, self.hosts_per_cluster);
        if self.dialect != Dialect::Vcf52
            && estate != (default.clusters_per_domain, default.hosts_per_cluster)
        {
            return Err(SimError::InvalidConfig(String::from(
                "clusters and hosts are served by the vcf52 dialect only",
            )));
        }
        if !(1..=MAX_CLUSTERS_PER_DOMAIN).contains(&self.clusters_per_domain) {
            return Err(SimError::InvalidConfig(format!(
                "the number of clusters per domain must be between 1 and \
                 {MAX_CLUSTERS_PER_DOMAIN}, not {}",
                self.clusters_per_domain
            )));
        }
        if !(1..=MAX_HOSTS_PER_CLUSTER).contains(&self.hosts_per_cluster) {
            return Err(SimError::InvalidConfig(format!(
                "the number of hosts per cluster must be between 1 and {MAX_HOSTS_PER_CLUSTER}, \
                 not {}",
                self.hosts_per_cluster
            )));
        }
        if self.username.is_empty() {
            return Err(SimError::InvalidConfig(String::from(
                "the username must not be empty",
            )));
        }
        Ok(())
    }
}

/// Parses an `upgradeOrder`: each of [`REORDERABLE_COMPONENTS`] exactly once.
pub(crate) fn parse_upgrade_order(order: &str) -> Result<Vec<&'static str>, String> {
    let mut parsed = Vec::new();
    for part in order.split(',') {
        let part = part.trim();
        let known = REORDERABLE_COMPONENTS
            .iter()
            .find(|component| **component == part)
            .ok_or_else(|| {
                format!(
                    "'{part}' is not one of {}",
                    REORDERABLE_COMPONENTS.join(", ")
                )
            })?;
        if parsed.contains(known) {
            return Err(format!("'{part}' appears twice in the upgrade order"));
        }
        parsed.push(*known);
    }
    if parsed.len() != REORDERABLE_COMPONENTS.len() {
        return Err(format!(
            "the upgrade order must name each of {} once",
            REORDERABLE_COMPONENTS.join(", ")
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_configuration_is_valid_and_documented() {
        let config = SimConfig::default();
        assert!(config.validate().is_ok());
        assert_eq!(config.listen.to_string(), "127.0.0.1:0");
        assert_eq!(config.domains, 4);
        assert_eq!(config.step, Duration::from_secs(3));
        assert_eq!(config.token_ttl, Duration::from_secs(3600));
        assert_eq!(config.username, "administrator@vsphere.local");
        assert_eq!(config.password, "VMware1!VMware1!");
        assert!(!config.tls);
        assert_eq!(config.outage_steps, 3);
        assert_eq!(config.scenario_of(1), Scenario::Happy);
        assert_eq!(config.clusters_per_domain, 1);
        assert_eq!(config.hosts_per_cluster, 4);
        assert_eq!(config.vcf_version, VcfVersion::V5_2_1);
        assert_eq!(config.unknown_fields, UnknownFields::Refuse);
        assert!(!config.field_report);
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let no_domains = SimConfig {
            domains: 0,
            ..SimConfig::default()
        };
        assert!(no_domains.validate().is_err());

        let mut stray_scenario = SimConfig::default();
        stray_scenario.scenarios.insert(5, Scenario::Alerts);
        assert!(stray_scenario.validate().is_err());

        let mut wrong_dialect = SimConfig::default();
        wrong_dialect.scenarios.insert(2, Scenario::Vcenter401);
        assert!(wrong_dialect.validate().is_err());
        wrong_dialect.dialect = Dialect::Vcf52;
        assert!(wrong_dialect.validate().is_ok());
        wrong_dialect.scenarios.insert(3, Scenario::Alerts);
        assert!(wrong_dialect.validate().is_err());

        assert!(parse_upgrade_order("ESX_HOST, VCENTER,NSX_T_MANAGER").is_ok());
        assert!(parse_upgrade_order("ESX_HOST,VCENTER").is_err());
        assert!(parse_upgrade_order("ESX_HOST,VCENTER,VCENTER").is_err());
        assert!(parse_upgrade_order("ESX_HOST,VCENTER,SDDC_MANAGER").is_err());

        let estate = |clusters_per_domain, hosts_per_cluster, dialect| SimConfig {
            clusters_per_domain,
            hosts_per_cluster,
            dialect,
            ..SimConfig::default()
        };
        assert!(estate(3, 2, Dialect::Vcf52).validate().is_ok());
        assert!(estate(16, 64, Dialect::Vcf52).validate().is_ok());
        assert!(estate(2, 4, Dialect::Default).validate().is_err());
        assert!(estate(0, 4, Dialect::Vcf52).validate().is_err());
        assert!(estate(17, 4, Dialect::Vcf52).validate().is_err());
        assert!(estate(1, 0, Dialect::Vcf52).validate().is_err());
        assert!(estate(1, 65, Dialect::Vcf52).validate().is_err());

        let version = |vcf_version, dialect| SimConfig {
            vcf_version,
            dialect,
            ..SimConfig::default()
        };
        assert!(version(VcfVersion::V9_1_0, Dialect::Vcf52)
            .validate()
            .is_ok());
        assert!(version(VcfVersion::V9_0_2, Dialect::Default)
            .validate()
            .is_err());
        let lenient = SimConfig {
            unknown_fields: UnknownFields::Ignore,
            ..SimConfig::default()
        };
        assert!(lenient.validate().is_err());
        let field_report = SimConfig {
            field_report: true,
            ..SimConfig::default()
        };
        assert!(field_report.validate().is_err());
        assert_eq!("9.0.2".parse(), Ok(VcfVersion::V9_0_2));
        assert!("9.0".parse::<VcfVersion>().is_err());
        assert!(VcfVersion::V9_0_2.is_9() && !VcfVersion::V5_2_1.is_9());

        let mut zero_index = SimConfig::default();
        zero_index.scenarios.insert(0, Scenario::Alerts);
        assert!(zero_index.validate().is_err());
    }
}
