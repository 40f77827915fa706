//! How a simulator is configured.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::{Scenario, SimError};

/// The most domains one simulator serves; domain ids have room for far more, but a larger
/// inventory is a configuration mistake rather than a test.
pub const MAX_DOMAINS: usize = 10_000;

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
    /// How many steps the `outage` scenario keeps the API away.
    pub outage_steps: u32,
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
        if self.username.is_empty() {
            return Err(SimError::InvalidConfig(String::from(
                "the username must not be empty",
            )));
        }
        Ok(())
    }
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

        let mut zero_index = SimConfig::default();
        zero_index.scenarios.insert(0, Scenario::Alerts);
        assert!(zero_index.validate().is_err());
    }
}
