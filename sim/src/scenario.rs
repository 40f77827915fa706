//! Per-domain scenarios: which way a domain's upgrade goes.

use std::fmt;
use std::str::FromStr;

use crate::Dialect;

/// How a simulated domain behaves during its upgrade. Set per domain at start-up
/// ([`crate::SimConfig::scenarios`]) or at run time (`PUT /sim/domains/{index}/scenario`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Everything succeeds.
    #[default]
    Happy,
    /// The domain's only future release is not applicable.
    NoUpdate,
    /// The precheck ends `COMPLETED_WITH_FAILURE` with an ERROR and a WARNING validation.
    PrecheckFail,
    /// After `NSX_T_MANAGER` the upgrade waits for one WARNING alert to be acknowledged.
    Alerts,
    /// The domain's first two download attempts fail; later ones succeed.
    FlakyDownload,
    /// Every download attempt fails.
    DownloadFails,
    /// The `ESX_HOST` component fails, so the upgrade ends `COMPLETED_WITH_FAILURE`.
    UpgradeFails,
    /// While `SDDC_MANAGER` upgrades, the whole `/v1` API is unavailable (503, then resets).
    Outage,
    /// `vcf52` only: the precheck completes with warnings and no errors.
    PrecheckWarnings,
    /// `vcf52` only: the `ESX_HOST` upgrade fails and its task is not retryable.
    UpgradeFailsHard,
    /// `vcf52` only: while `VCENTER` upgrades, authenticated calls answer 401 for a while.
    Vcenter401,
    /// `vcf52` only: running upgrades report `INPROGRESS` instead of `IN_PROGRESS`.
    Inprogress,
    /// `vcf52` only: SDDC Manager's health check (`startHealthCheck`) reports one YELLOW
    /// check of the domain (its vCenter's certificate expires soon); upgrades are `happy`.
    HealthWarnings,
    /// `vcf52` only: the health check reports one RED check of the domain (a vSAN disk is
    /// absent); upgrades are `happy`.
    HealthFails,
}

impl Scenario {
    /// Every scenario, in documentation order.
    pub const ALL: [Scenario; 8] = [
        Scenario::Happy,
        Scenario::NoUpdate,
        Scenario::PrecheckFail,
        Scenario::Alerts,
        Scenario::FlakyDownload,
        Scenario::DownloadFails,
        Scenario::UpgradeFails,
        Scenario::Outage,
    ];

    /// Every scenario of the `vcf52` dialect, in documentation order.
    pub const VCF52: [Scenario; 13] = [
        Scenario::Happy,
        Scenario::NoUpdate,
        Scenario::PrecheckFail,
        Scenario::PrecheckWarnings,
        Scenario::FlakyDownload,
        Scenario::DownloadFails,
        Scenario::UpgradeFails,
        Scenario::UpgradeFailsHard,
        Scenario::Outage,
        Scenario::Vcenter401,
        Scenario::Inprogress,
        Scenario::HealthWarnings,
        Scenario::HealthFails,
    ];

    /// The scenarios a dialect plays.
    pub fn of_dialect(dialect: Dialect) -> &'static [Scenario] {
        match dialect {
            Dialect::Default => &Scenario::ALL,
            Dialect::Vcf52 => &Scenario::VCF52,
        }
    }

    /// Parses a scenario name of `dialect`.
    pub fn parse_in(dialect: Dialect, name: &str) -> Result<Scenario, UnknownScenario> {
        let known = Scenario::of_dialect(dialect);
        known
            .iter()
            .copied()
            .find(|scenario| scenario.name() == name)
            .ok_or_else(|| UnknownScenario {
                name: name.to_owned(),
                expected: known
                    .iter()
                    .map(|scenario| scenario.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The kebab-case name used on the command line and in the control API.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Happy => "happy",
            Scenario::NoUpdate => "no-update",
            Scenario::PrecheckFail => "precheck-fail",
            Scenario::Alerts => "alerts",
            Scenario::FlakyDownload => "flaky-download",
            Scenario::DownloadFails => "download-fails",
            Scenario::UpgradeFails => "upgrade-fails",
            Scenario::Outage => "outage",
            Scenario::PrecheckWarnings => "precheck-warnings",
            Scenario::UpgradeFailsHard => "upgrade-fails-hard",
            Scenario::Vcenter401 => "vcenter-401",
            Scenario::Inprogress => "inprogress",
            Scenario::HealthWarnings => "health-warnings",
            Scenario::HealthFails => "health-fails",
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// A scenario name that is not one of [`Scenario::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown scenario '{name}' (expected one of: {expected})")]
pub struct UnknownScenario {
    name: String,
    expected: String,
}

impl FromStr for Scenario {
    type Err = UnknownScenario;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Scenario::ALL
            .into_iter()
            .find(|scenario| scenario.name() == name)
            .ok_or_else(|| UnknownScenario {
                name: name.to_owned(),
                expected: Scenario::ALL.map(Scenario::name).join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for scenario in Scenario::ALL {
            assert_eq!(scenario.to_string().parse::<Scenario>(), Ok(scenario));
        }
    }

    #[test]
    fn unknown_names_are_refused_with_the_list_of_known_ones() {
        let error = "sunny".parse::<Scenario>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown scenario 'sunny' (expected one of: happy, no-update, precheck-fail, alerts, \
             flaky-download, download-fails, upgrade-fails, outage)"
        );
        assert!("Happy".parse::<Scenario>().is_err());
    }
}
