//! The inputs SDDC Manager's upgrade wizard asks for, per domain: how vCenter, NSX and ESX are
//! upgraded. The dialect puts each value where SDDC Manager 5.2.1's `UpgradeSpec` wants it
//! (`docs/workflow.md` has the table); every default is the one the wizard preselects.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::upgrade::timestamp::Timestamp;

/// `VcenterUpgradeUserInputSpec.upgradeMechanism`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VcenterUpgradeMechanism {
    /// A new appliance is deployed next to the old one and takes over at the switchover.
    #[default]
    ReducedDowntimeMigration,
    /// Patched in place (vCenter patch targets from 8.0 Update 3b).
    InPlace,
}

/// `TemporaryNetwork.networkMode`: how the new appliance of a reduced downtime migration gets
/// its temporary address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkMode {
    /// DHCP on the management network.
    #[default]
    Automatic,
    /// The address, netmask and gateway given in the settings.
    Static,
}

/// When a reduced downtime migration switches over to the new vCenter appliance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Switchover {
    /// As soon as the new appliance is ready.
    #[default]
    Automatic,
    /// At `vcenter_switchover_at`.
    Scheduled,
}

/// How NSX upgrades clusters of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterOrder {
    #[default]
    Parallel,
    Sequential,
}

/// `EsxUpgradeFailureAction.action`: what happens when a host fails to enter maintenance mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EsxFailureAction {
    /// Try again after `esx_failure_retry_delay`, up to `esx_failure_retry_count` times.
    #[default]
    Retry,
    /// Fail the cluster's upgrade at once.
    Fail,
}

/// `EsxUpgradeOptionsSpec.preRemediationPowerAction`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerAction {
    #[default]
    DoNotChangeVmsPowerState,
    PowerOffVms,
    SuspendVms,
    SuspendVmsToMemory,
}

impl VcenterUpgradeMechanism {
    pub fn wire(self) -> &'static str {
        match self {
            Self::ReducedDowntimeMigration => "ReducedDowntimeMigration",
            Self::InPlace => "InPlace",
        }
    }
}

impl NetworkMode {
    pub fn wire(self) -> &'static str {
        match self {
            Self::Automatic => "AUTOMATIC",
            Self::Static => "STATIC",
        }
    }
}

impl EsxFailureAction {
    pub fn wire(self) -> &'static str {
        match self {
            Self::Retry => "RETRY",
            Self::Fail => "FAIL",
        }
    }
}

impl PowerAction {
    pub fn wire(self) -> &'static str {
        match self {
            Self::DoNotChangeVmsPowerState => "DO_NOT_CHANGE_VMS_POWER_STATE",
            Self::PowerOffVms => "POWER_OFF_VMS",
            Self::SuspendVms => "SUSPEND_VMS",
            Self::SuspendVmsToMemory => "SUSPEND_VMS_TO_MEMORY",
        }
    }
}

/// The ranges `EsxUpgradeFailureAction` documents for `RETRY`.
pub const RETRY_COUNT_RANGE: std::ops::RangeInclusive<u32> = 3..=100;
pub const RETRY_DELAY_RANGE: std::ops::RangeInclusive<u32> = 300..=3600;

/// One domain's upgrade settings. Every field has the wizard's default, so a partial document
/// (Home Assistant stores what the operator chose) reads as a whole one; an unknown field is
/// refused rather than ignored, so a misspelt setting never silently falls back to a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpgradeSettings {
    pub vcenter_upgrade_mechanism: VcenterUpgradeMechanism,
    pub vcenter_network_mode: NetworkMode,
    pub vcenter_ip_address: Option<String>,
    pub vcenter_subnet_mask: Option<String>,
    pub vcenter_gateway: Option<String>,
    pub vcenter_switchover: Switchover,
    /// RFC 3339 UTC (`2026-12-24T22:00:00Z`), with `Switchover::Scheduled`.
    pub vcenter_switchover_at: Option<String>,
    pub nsx_host_clusters: ClusterOrder,
    pub nsx_edge_clusters: ClusterOrder,
    pub nsx_edge_clusters_only: bool,
    pub esx_quick_boot: bool,
    pub esx_evacuate_offline_vms: bool,
    pub esx_enforce_hcl_validation: bool,
    pub esx_failure_action: EsxFailureAction,
    pub esx_failure_retry_count: u32,
    /// Seconds.
    pub esx_failure_retry_delay: u32,
    pub esx_pre_remediation_power_action: PowerAction,
}

impl Default for UpgradeSettings {
    fn default() -> Self {
        Self {
            vcenter_upgrade_mechanism: VcenterUpgradeMechanism::default(),
            vcenter_network_mode: NetworkMode::default(),
            vcenter_ip_address: None,
            vcenter_subnet_mask: None,
            vcenter_gateway: None,
            vcenter_switchover: Switchover::default(),
            vcenter_switchover_at: None,
            nsx_host_clusters: ClusterOrder::default(),
            nsx_edge_clusters: ClusterOrder::default(),
            nsx_edge_clusters_only: false,
            esx_quick_boot: false,
            esx_evacuate_offline_vms: false,
            esx_enforce_hcl_validation: false,
            esx_failure_action: EsxFailureAction::default(),
            esx_failure_retry_count: 3,
            esx_failure_retry_delay: 300,
            esx_pre_remediation_power_action: PowerAction::default(),
        }
    }
}

/// A setting that SDDC Manager would refuse, with the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidSetting {
    pub field: &'static str,
    pub reason: String,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> InvalidSetting {
    InvalidSetting {
        field,
        reason: reason.into(),
    }
}

/// A netmask whose one bits are contiguous from the left (`255.255.255.0`), as a prefix length.
fn prefix_length(mask: Ipv4Addr) -> Option<u32> {
    let bits = u32::from(mask);
    let length = bits.leading_ones();
    (length > 0 && length < 32 && bits.checked_shl(length).unwrap_or(0) == 0).then_some(length)
}

fn ipv4(field: &'static str, value: Option<&str>) -> Result<Ipv4Addr, InvalidSetting> {
    let text = value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| invalid(field, "required with a static temporary network"))?;
    text.trim()
        .parse()
        .map_err(|_| invalid(field, format!("{text:?} is not an IPv4 address")))
}

/// The static temporary network of a reduced downtime migration: address, netmask and gateway
/// valid IPv4 in one subnet, the address neither the gateway nor the subnet's network or
/// broadcast address.
fn check_static_network(settings: &UpgradeSettings) -> Result<(), InvalidSetting> {
    let address = ipv4("vcenter_ip_address", settings.vcenter_ip_address.as_deref())?;
    let mask = ipv4(
        "vcenter_subnet_mask",
        settings.vcenter_subnet_mask.as_deref(),
    )?;
    let gateway = ipv4("vcenter_gateway", settings.vcenter_gateway.as_deref())?;
    let prefix = prefix_length(mask).ok_or_else(|| {
        invalid(
            "vcenter_subnet_mask",
            format!("{mask} is not a netmask of a usable subnet"),
        )
    })?;
    let mask_bits = u32::from(mask);
    let network = u32::from(address) & mask_bits;
    if u32::from(gateway) & mask_bits != network {
        return Err(invalid(
            "vcenter_gateway",
            format!(
                "{gateway} is not in the subnet {}/{prefix}",
                Ipv4Addr::from(network)
            ),
        ));
    }
    if address == gateway {
        return Err(invalid(
            "vcenter_ip_address",
            "the temporary address must differ from the gateway",
        ));
    }
    let host = u32::from(address) & !mask_bits;
    if prefix < 31 && (host == 0 || host == !mask_bits) {
        return Err(invalid(
            "vcenter_ip_address",
            format!("{address} is the network or broadcast address of its subnet"),
        ));
    }
    Ok(())
}

impl UpgradeSettings {
    /// Checks what SDDC Manager would refuse; the first problem is returned.
    pub fn validate(&self) -> Result<(), InvalidSetting> {
        if self.vcenter_network_mode == NetworkMode::Static {
            check_static_network(self)?;
        }
        if self.vcenter_switchover == Switchover::Scheduled {
            if self.vcenter_upgrade_mechanism == VcenterUpgradeMechanism::InPlace {
                return Err(invalid(
                    "vcenter_switchover",
                    "a scheduled switchover needs the reduced downtime migration",
                ));
            }
            let at = self.vcenter_switchover_at.as_deref().ok_or_else(|| {
                invalid(
                    "vcenter_switchover_at",
                    "required with a scheduled switchover",
                )
            })?;
            if Timestamp::parse_rfc3339(at).is_none() {
                return Err(invalid(
                    "vcenter_switchover_at",
                    format!("{at:?} is not an RFC 3339 UTC time such as 2026-12-24T22:00:00Z"),
                ));
            }
        }
        if self.esx_failure_action == EsxFailureAction::Retry {
            if !RETRY_COUNT_RANGE.contains(&self.esx_failure_retry_count) {
                return Err(invalid(
                    "esx_failure_retry_count",
                    format!(
                        "{} is outside {}–{}",
                        self.esx_failure_retry_count,
                        RETRY_COUNT_RANGE.start(),
                        RETRY_COUNT_RANGE.end()
                    ),
                ));
            }
            if !RETRY_DELAY_RANGE.contains(&self.esx_failure_retry_delay) {
                return Err(invalid(
                    "esx_failure_retry_delay",
                    format!(
                        "{} s is outside {}–{} s",
                        self.esx_failure_retry_delay,
                        RETRY_DELAY_RANGE.start(),
                        RETRY_DELAY_RANGE.end()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Reads settings from JSON (missing fields take the defaults) and validates them.
    pub fn from_value(value: serde_json::Value) -> Result<Self, InvalidSetting> {
        let settings: Self = serde_json::from_value(value).map_err(|error| InvalidSetting {
            field: "settings",
            reason: error.to_string(),
        })?;
        settings.validate()?;
        Ok(settings)
    }

    /// The static temporary network's address, netmask and gateway, trimmed (only with
    /// `NetworkMode::Static`).
    pub fn static_network(&self) -> Option<(String, String, String)> {
        let field = |value: &Option<String>| value.as_deref().unwrap_or_default().trim().to_owned();
        (self.vcenter_network_mode == NetworkMode::Static).then(|| {
            (
                field(&self.vcenter_ip_address),
                field(&self.vcenter_subnet_mask),
                field(&self.vcenter_gateway),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn static_network(address: &str, mask: &str, gateway: &str) -> UpgradeSettings {
        UpgradeSettings {
            vcenter_network_mode: NetworkMode::Static,
            vcenter_ip_address: Some(address.into()),
            vcenter_subnet_mask: Some(mask.into()),
            vcenter_gateway: Some(gateway.into()),
            ..UpgradeSettings::default()
        }
    }

    #[test]
    fn defaults_are_valid_and_a_partial_document_takes_them() {
        UpgradeSettings::default().validate().unwrap();
        let partial = UpgradeSettings::from_value(json!({"esx_quick_boot": true})).unwrap();
        assert!(partial.esx_quick_boot);
        assert_eq!(
            UpgradeSettings {
                esx_quick_boot: false,
                ..partial
            },
            UpgradeSettings::default()
        );
    }

    #[test]
    fn unknown_fields_and_values_outside_the_choices_are_refused() {
        let unknown = UpgradeSettings::from_value(json!({"esx_quickboot": true})).unwrap_err();
        assert!(unknown.reason.contains("esx_quickboot"), "{unknown}");
        let choice =
            UpgradeSettings::from_value(json!({"vcenter_network_mode": "dhcp"})).unwrap_err();
        assert!(choice.reason.contains("dhcp"), "{choice}");
    }

    #[test]
    fn a_static_network_is_ipv4_in_one_subnet() {
        static_network("192.0.2.50", "255.255.255.0", "192.0.2.1")
            .validate()
            .unwrap();
        static_network("10.1.0.9", "255.255.0.0", "10.1.255.254")
            .validate()
            .unwrap();
        let cases = [
            (
                static_network("", "255.255.255.0", "192.0.2.1"),
                "vcenter_ip_address",
            ),
            (
                static_network("192.0.2.50", "255.255.255.0", ""),
                "vcenter_gateway",
            ),
            (
                static_network("192.0.2.300", "255.255.255.0", "192.0.2.1"),
                "vcenter_ip_address",
            ),
            (
                static_network("192.0.2.50", "255.0.255.0", "192.0.2.1"),
                "vcenter_subnet_mask",
            ),
            (
                static_network("192.0.2.50", "255.255.255.255", "192.0.2.1"),
                "vcenter_subnet_mask",
            ),
            (
                static_network("192.0.2.50", "255.255.255.0", "198.51.100.1"),
                "vcenter_gateway",
            ),
            (
                static_network("192.0.2.1", "255.255.255.0", "192.0.2.1"),
                "vcenter_ip_address",
            ),
            (
                static_network("192.0.2.0", "255.255.255.0", "192.0.2.1"),
                "vcenter_ip_address",
            ),
            (
                static_network("192.0.2.255", "255.255.255.0", "192.0.2.1"),
                "vcenter_ip_address",
            ),
        ];
        for (settings, field) in cases {
            let error = settings.validate().unwrap_err();
            assert_eq!(error.field, field, "{settings:?}: {error}");
        }
    }

    #[test]
    fn a_scheduled_switchover_needs_a_time_and_the_migration() {
        let scheduled = UpgradeSettings {
            vcenter_switchover: Switchover::Scheduled,
            vcenter_switchover_at: Some("2026-12-24T22:00:00Z".into()),
            ..UpgradeSettings::default()
        };
        scheduled.validate().unwrap();
        let without_time = UpgradeSettings {
            vcenter_switchover_at: None,
            ..scheduled.clone()
        };
        assert_eq!(
            without_time.validate().unwrap_err().field,
            "vcenter_switchover_at"
        );
        let garbled = UpgradeSettings {
            vcenter_switchover_at: Some("tomorrow".into()),
            ..scheduled.clone()
        };
        assert_eq!(
            garbled.validate().unwrap_err().field,
            "vcenter_switchover_at"
        );
        let in_place = UpgradeSettings {
            vcenter_upgrade_mechanism: VcenterUpgradeMechanism::InPlace,
            ..scheduled
        };
        assert_eq!(in_place.validate().unwrap_err().field, "vcenter_switchover");
    }

    #[test]
    fn retry_figures_are_checked_only_when_retrying() {
        let retry = |count, delay| UpgradeSettings {
            esx_failure_retry_count: count,
            esx_failure_retry_delay: delay,
            ..UpgradeSettings::default()
        };
        retry(3, 300).validate().unwrap();
        retry(100, 3600).validate().unwrap();
        assert_eq!(
            retry(2, 300).validate().unwrap_err().field,
            "esx_failure_retry_count"
        );
        assert_eq!(
            retry(3, 3601).validate().unwrap_err().field,
            "esx_failure_retry_delay"
        );
        UpgradeSettings {
            esx_failure_action: EsxFailureAction::Fail,
            ..retry(0, 0)
        }
        .validate()
        .unwrap();
    }
}
