//! The component inputs of `performUpgrade` (`UpgradeSpec`): which bundle may carry which
//! input, and the values a real SDDC Manager 5.2.1 refuses. Each check answers the refusal's
//! message, which names the field (as a JSON path into the request) and says why.
//!
//! What the 5.2.1 schemas say only in prose (`docs/simulator.md`, "Upgrades"):
//! - `TemporaryNetwork.networkMode` is one of `STATIC`, `AUTOMATIC`; `STATIC` needs
//!   `ipAddress`, `subnetMask` and `gateway` of one IPv4 subnet.
//! - `VcenterUpgradeUserInputSpec.upgradeMechanism` is one of `ReducedDowntimeMigration`,
//!   `InPlace` (absent means reduced downtime migration); `InPlace` "is only supported for vCenter
//!   patch upgrades. Minimum supported vCenter target version is 8.0 Update 3b";
//!   `startSwitchoverTimestamp` "is only supported for ReducedDowntimeMigration".
//! - `EsxUpgradeOptionsSpec.preRemediationPowerAction` and `EsxUpgradeFailureAction.action`
//!   list their values in `example`; `retryDelay` is 300–3600 s and `retryCount` 3–100 with
//!   `RETRY`, and "should not be set" with `FAIL` although the schema requires both: with
//!   `FAIL` the simulator takes 0 as "not set" and refuses any other value.

use std::net::Ipv4Addr;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::catalog::ComponentKind;
use crate::vcf52::wire;

/// vCenter 8.0 Update 3b, the lowest target of an `InPlace` upgrade.
pub(crate) const IN_PLACE_MIN_TARGET: &str = "8.0.3.00200";

const NETWORK_MODES: [&str; 2] = ["AUTOMATIC", "STATIC"];
const UPGRADE_MECHANISMS: [&str; 2] = ["ReducedDowntimeMigration", "InPlace"];
const POWER_ACTIONS: [&str; 4] = [
    "POWER_OFF_VMS",
    "SUSPEND_VMS",
    "DO_NOT_CHANGE_VMS_POWER_STATE",
    "SUSPEND_VMS_TO_MEMORY",
];
const FAILURE_ACTIONS: [&str; 2] = ["FAIL", "RETRY"];
const RETRY_DELAY_SECONDS: std::ops::RangeInclusive<i64> = 300..=3600;
const RETRY_COUNT: std::ops::RangeInclusive<i64> = 3..=100;

/// The versions of the vCenter a vCenter bundle upgrades.
pub(crate) struct VcenterVersions<'a> {
    pub(crate) source: &'a str,
    pub(crate) target: &'a str,
}

/// Checks the component inputs of `spec` for a bundle of `kind`: first that no input of
/// another component is sent, then the bundle's own inputs. `spec` has exactly one
/// `resourceUpgradeSpecs` element (checked before).
pub(crate) fn check(
    kind: ComponentKind,
    spec: &wire::UpgradeSpec,
    vcenter: &VcenterVersions<'_>,
) -> Result<(), String> {
    check_placement(kind, spec)?;
    match kind {
        ComponentKind::Vcenter => {
            for (index, input) in spec
                .vcenter_upgrade_user_input_specs
                .iter()
                .flatten()
                .enumerate()
            {
                check_vcenter_input(
                    &format!("vcenterUpgradeUserInputSpecs[{index}]"),
                    input,
                    vcenter,
                )?;
            }
        }
        ComponentKind::EsxHost => {
            for (index, resource) in spec.resource_upgrade_specs.iter().enumerate() {
                if let Some(options) = &resource.esx_upgrade_options_spec {
                    check_esx_options(
                        &format!("resourceUpgradeSpecs[{index}].esxUpgradeOptionsSpec"),
                        options,
                    )?;
                }
            }
        }
        ComponentKind::SddcManager | ComponentKind::NsxTManager => {}
    }
    Ok(())
}

/// NSX inputs only on the NSX bundle, vCenter inputs only on the vCenter bundle, ESX options
/// only on the ESX bundle. An empty list says nothing and is let through.
fn check_placement(kind: ComponentKind, spec: &wire::UpgradeSpec) -> Result<(), String> {
    let bundle = kind.wire_name();
    if kind != ComponentKind::NsxTManager && sent(spec.nsxt_upgrade_user_input_specs.as_deref()) {
        return Err(format!(
            "nsxtUpgradeUserInputSpecs is only for the NSX_T_MANAGER bundle, not for this \
             {bundle} bundle"
        ));
    }
    if kind != ComponentKind::Vcenter && sent(spec.vcenter_upgrade_user_input_specs.as_deref()) {
        return Err(format!(
            "vcenterUpgradeUserInputSpecs is only for the VCENTER bundle, not for this {bundle} \
             bundle"
        ));
    }
    if kind != ComponentKind::EsxHost {
        for (index, resource) in spec.resource_upgrade_specs.iter().enumerate() {
            let fields = [
                (
                    "esxUpgradeOptionsSpec",
                    resource.esx_upgrade_options_spec.is_some(),
                ),
                ("enableQuickboot", resource.enable_quickboot.is_some()),
                (
                    "evacuateOfflineVms",
                    resource.evacuate_offline_vms.is_some(),
                ),
            ];
            if let Some((field, _)) = fields.iter().find(|(_, set)| *set) {
                return Err(format!(
                    "resourceUpgradeSpecs[{index}].{field} is only for the ESX_HOST bundle, not \
                     for this {bundle} bundle"
                ));
            }
        }
    }
    Ok(())
}

fn check_vcenter_input(
    path: &str,
    input: &wire::VcenterUpgradeUserInputSpec,
    vcenter: &VcenterVersions<'_>,
) -> Result<(), String> {
    check_temporary_network(
        &format!("{path}.temporaryNetwork"),
        &input.temporary_network,
    )?;
    let mechanism = input.upgrade_mechanism.as_deref();
    if let Some(mechanism) = mechanism {
        if !UPGRADE_MECHANISMS.contains(&mechanism) {
            return Err(format!(
                "{path}.upgradeMechanism {mechanism:?} is not one of {}",
                UPGRADE_MECHANISMS.join(", ")
            ));
        }
    }
    let in_place = mechanism == Some("InPlace");
    if let Some(timestamp) = &input.start_switchover_timestamp {
        if in_place {
            return Err(format!(
                "{path}.startSwitchoverTimestamp is only supported with the \
                 ReducedDowntimeMigration upgradeMechanism, not with InPlace"
            ));
        }
        check_timestamp(&format!("{path}.startSwitchoverTimestamp"), timestamp)?;
    }
    if in_place {
        in_place_allowed(vcenter.source, vcenter.target)
            .map_err(|why| format!("{path}.upgradeMechanism InPlace is refused: {why}"))?;
    }
    Ok(())
}

/// An RFC 3339 date-time (ISO 8601 with a `T`, seconds and an offset: `Z` or `±hh:mm`).
pub(crate) fn check_timestamp(path: &str, timestamp: &str) -> Result<(), String> {
    OffsetDateTime::parse(timestamp, &Rfc3339)
        .map(|_| ())
        .map_err(|_| {
            format!(
                "{path} {timestamp:?} is not an ISO 8601 (RFC 3339) date-time with an offset, \
                 such as 2025-01-31T22:00:00Z"
            )
        })
}

/// `TemporaryNetwork`: `AUTOMATIC` (DHCP; other fields are ignored, as the mode says) or
/// `STATIC` with an address, mask and gateway of one subnet.
pub(crate) fn check_temporary_network(
    path: &str,
    network: &wire::TemporaryNetwork,
) -> Result<(), String> {
    let mode = network.network_mode.as_deref();
    match mode {
        Some("STATIC") => {}
        Some("AUTOMATIC") => return Ok(()),
        Some(other) => {
            return Err(format!(
                "{path}.networkMode {other:?} is not one of {}",
                NETWORK_MODES.join(", ")
            ))
        }
        None => {
            return Err(format!(
                "{path}.networkMode is missing; it must be one of {}",
                NETWORK_MODES.join(", ")
            ))
        }
    }
    let field = |name: &str, value: &Option<String>| -> Result<Ipv4Addr, String> {
        let value = value
            .as_deref()
            .ok_or_else(|| format!("{path}.{name} is required with networkMode STATIC"))?;
        value
            .parse::<Ipv4Addr>()
            .map_err(|_| format!("{path}.{name} {value:?} is not an IPv4 address (a.b.c.d)"))
    };
    let address = field("ipAddress", &network.ip_address)?;
    let mask = field("subnetMask", &network.subnet_mask)?;
    let gateway = field("gateway", &network.gateway)?;
    one_subnet(address, mask, gateway).map_err(|why| format!("{path}: {why}"))
}

/// Whether an optional list has an element (an empty list says nothing).
fn sent<T>(list: Option<&[T]>) -> bool {
    list.is_some_and(|list| !list.is_empty())
}

/// The prefix length of a contiguous, non-zero netmask.
pub(crate) fn prefix_length(mask: Ipv4Addr) -> Option<u32> {
    let bits = u32::from(mask);
    let ones = bits.leading_ones();
    (ones > 0 && ones + bits.trailing_zeros() == 32).then_some(ones)
}

/// `address` and `gateway` are two different hosts of one subnet under `mask`; neither is the
/// subnet's network or broadcast address.
pub(crate) fn one_subnet(
    address: Ipv4Addr,
    mask: Ipv4Addr,
    gateway: Ipv4Addr,
) -> Result<(), String> {
    let prefix = prefix_length(mask)
        .ok_or_else(|| format!("subnetMask {mask} is not a contiguous netmask"))?;
    let bits = u32::from(mask);
    let network = u32::from(address) & bits;
    let broadcast = network | !bits;
    let subnet = format!("{}/{prefix}", Ipv4Addr::from(network));
    if u32::from(gateway) & bits != network {
        return Err(format!(
            "gateway {gateway} is not in the subnet {subnet} of ipAddress {address}"
        ));
    }
    if address == gateway {
        return Err(format!("ipAddress {address} is the gateway"));
    }
    for (name, host) in [("ipAddress", address), ("gateway", gateway)] {
        if u32::from(host) == network {
            return Err(format!("{name} {host} is the network address of {subnet}"));
        }
        if u32::from(host) == broadcast {
            return Err(format!(
                "{name} {host} is the broadcast address of {subnet}"
            ));
        }
    }
    Ok(())
}

/// The numeric parts of a vCenter version such as `8.0.3.00300-24305161` (the build after the
/// dash is ignored): `[8, 0, 3, 300]`.
fn version_parts(version: &str) -> Option<Vec<u64>> {
    let release = version
        .split_once('-')
        .map_or(version, |(release, _)| release);
    release
        .split('.')
        .map(|part| part.parse::<u64>().ok())
        .collect::<Option<Vec<_>>>()
        .filter(|parts| parts.len() >= 3)
}

/// Whether a vCenter upgrade from `source` to `target` may use `InPlace`: a patch upgrade
/// (same major.minor.update, a newer patch) to 8.0 Update 3b (`8.0.3.00200`) or later.
/// `Err` says why not.
pub(crate) fn in_place_allowed(source: &str, target: &str) -> Result<(), String> {
    let from = version_parts(source).ok_or_else(|| format!("{source} is not a vCenter version"))?;
    let to = version_parts(target).ok_or_else(|| format!("{target} is not a vCenter version"))?;
    let minimum = version_parts(IN_PLACE_MIN_TARGET).unwrap_or_default();
    if from.get(..3) != to.get(..3) {
        return Err(format!(
            "it is only supported for vCenter patch upgrades (same major.minor.update), and \
             {source} to {target} is not one"
        ));
    }
    if to <= from {
        return Err(format!("{target} is not newer than {source}"));
    }
    if to < minimum {
        return Err(format!(
            "the target {target} is below the minimum {IN_PLACE_MIN_TARGET} (8.0 Update 3b)"
        ));
    }
    Ok(())
}

/// `EsxUpgradeOptionsSpec`.
fn check_esx_options(path: &str, options: &wire::EsxUpgradeOptionsSpec) -> Result<(), String> {
    if let Some(action) = &options.pre_remediation_power_action {
        if !POWER_ACTIONS.contains(&action.as_str()) {
            return Err(format!(
                "{path}.preRemediationPowerAction {action:?} is not one of {}",
                POWER_ACTIONS.join(", ")
            ));
        }
    }
    if let Some(failure) = &options.esx_upgrade_failure_action {
        check_failure_action(&format!("{path}.esxUpgradeFailureAction"), failure)?;
    }
    Ok(())
}

/// `EsxUpgradeFailureAction`: `RETRY` with a delay of 300–3600 s and 3–100 retries; `FAIL`
/// with both at 0 (the schema requires them, its description says not to set them).
pub(crate) fn check_failure_action(
    path: &str,
    failure: &wire::EsxUpgradeFailureAction,
) -> Result<(), String> {
    match failure.action.as_str() {
        "RETRY" => {
            if !RETRY_DELAY_SECONDS.contains(&failure.retry_delay) {
                return Err(format!(
                    "{path}.retryDelay {} is outside {}–{} seconds (action RETRY)",
                    failure.retry_delay,
                    RETRY_DELAY_SECONDS.start(),
                    RETRY_DELAY_SECONDS.end()
                ));
            }
            if !RETRY_COUNT.contains(&failure.retry_count) {
                return Err(format!(
                    "{path}.retryCount {} is outside {}–{} (action RETRY)",
                    failure.retry_count,
                    RETRY_COUNT.start(),
                    RETRY_COUNT.end()
                ));
            }
            Ok(())
        }
        "FAIL" => {
            for (name, value) in [
                ("retryCount", failure.retry_count),
                ("retryDelay", failure.retry_delay),
            ] {
                if value != 0 {
                    return Err(format!(
                        "{path}.{name} {value} is set with action FAIL; send 0 (not set)"
                    ));
                }
            }
            Ok(())
        }
        other => Err(format!(
            "{path}.action {other:?} is not one of {}",
            FAILURE_ACTIONS.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Ipv4Addr {
        text.parse().unwrap()
    }

    fn network(mode: &str, address: &str, mask: &str, gateway: &str) -> wire::TemporaryNetwork {
        let set = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        wire::TemporaryNetwork {
            network_mode: set(mode),
            ip_address: set(address),
            subnet_mask: set(mask),
            gateway: set(gateway),
        }
    }

    #[test]
    fn netmasks_must_be_contiguous() {
        for (mask, prefix) in [
            ("255.255.255.0", Some(24)),
            ("255.255.252.0", Some(22)),
            ("255.0.0.0", Some(8)),
            ("128.0.0.0", Some(1)),
            ("255.255.255.255", Some(32)),
            ("0.0.0.0", None),
            ("255.0.255.0", None),
            ("255.255.255.1", None),
            ("0.255.255.255", None),
        ] {
            assert_eq!(prefix_length(ip(mask)), prefix, "{mask}");
        }
    }

    #[test]
    fn address_and_gateway_share_one_subnet_as_distinct_hosts() {
        let check = |address: &str, mask: &str, gateway: &str| {
            one_subnet(ip(address), ip(mask), ip(gateway))
        };
        assert!(check("10.0.0.250", "255.255.255.0", "10.0.0.1").is_ok());
        assert!(check("192.168.7.9", "255.255.252.0", "192.168.4.1").is_ok());
        assert!(check("172.16.0.2", "255.255.255.252", "172.16.0.1").is_ok());
        for (address, mask, gateway, why) in [
            (
                "10.0.1.250",
                "255.255.255.0",
                "10.0.0.1",
                "not in the subnet 10.0.1.0/24",
            ),
            ("10.0.0.1", "255.255.255.0", "10.0.0.1", "is the gateway"),
            (
                "10.0.0.0",
                "255.255.255.0",
                "10.0.0.1",
                "ipAddress 10.0.0.0 is the network",
            ),
            (
                "10.0.0.255",
                "255.255.255.0",
                "10.0.0.1",
                "ipAddress 10.0.0.255 is the broadcast",
            ),
            (
                "10.0.0.7",
                "255.255.255.0",
                "10.0.0.255",
                "gateway 10.0.0.255 is the broadcast",
            ),
            (
                "10.0.0.7",
                "255.255.255.0",
                "10.0.0.0",
                "gateway 10.0.0.0 is the network",
            ),
            (
                "10.0.0.7",
                "255.255.0.255",
                "10.0.0.1",
                "not a contiguous netmask",
            ),
            (
                "10.0.0.7",
                "0.0.0.0",
                "10.0.0.1",
                "not a contiguous netmask",
            ),
            (
                "10.0.0.1",
                "255.255.255.254",
                "10.0.0.0",
                "ipAddress 10.0.0.1 is the broadcast",
            ),
        ] {
            let error = check(address, mask, gateway).unwrap_err();
            assert!(error.contains(why), "{address} {mask} {gateway}: {error}");
        }
    }

    #[test]
    fn temporary_networks_are_automatic_or_complete_static_ipv4() {
        let path = "vcenterUpgradeUserInputSpecs[0].temporaryNetwork";
        assert!(check_temporary_network(path, &network("AUTOMATIC", "", "", "")).is_ok());
        let good = network("STATIC", "10.0.0.250", "255.255.255.0", "10.0.0.1");
        assert!(check_temporary_network(path, &good).is_ok());
        for (bad, field) in [
            (network("DHCP", "", "", ""), "networkMode \"DHCP\""),
            (network("static", "", "", ""), "networkMode \"static\""),
            (network("", "", "", ""), "networkMode is missing"),
            (
                network("STATIC", "", "255.255.255.0", "10.0.0.1"),
                "ipAddress is required",
            ),
            (
                network("STATIC", "10.0.0.250", "", "10.0.0.1"),
                "subnetMask is required",
            ),
            (
                network("STATIC", "10.0.0.250", "255.255.255.0", ""),
                "gateway is required",
            ),
            (
                network("STATIC", "10.0.0.256", "255.255.255.0", "10.0.0.1"),
                "ipAddress \"10.0.0.256\"",
            ),
            (
                network("STATIC", "10.0.0", "255.255.255.0", "10.0.0.1"),
                "ipAddress \"10.0.0\"",
            ),
            (
                network("STATIC", "10.0.0.010", "255.255.255.0", "10.0.0.1"),
                "ipAddress \"10.0.0.010\"",
            ),
            (
                network("STATIC", "fe80::1", "255.255.255.0", "10.0.0.1"),
                "ipAddress \"fe80::1\"",
            ),
            (
                network("STATIC", "10.0.0.250", "24", "10.0.0.1"),
                "subnetMask \"24\"",
            ),
            (
                network("STATIC", "10.0.0.250", "255.255.255.0", "gw"),
                "gateway \"gw\"",
            ),
            (
                network("STATIC", "10.0.0.250", "255.255.0.255", "10.0.0.1"),
                "subnetMask 255.255.0.255",
            ),
        ] {
            let error = check_temporary_network(path, &bad).unwrap_err();
            assert!(error.starts_with(path), "{error}");
            assert!(error.contains(field), "{field}: {error}");
        }
    }

    #[test]
    fn in_place_needs_a_patch_upgrade_to_8_0_u3b_or_later() {
        for (source, target) in [
            ("8.0.3.00100-24022515", "8.0.3.00200-24262322"),
            ("8.0.3.00200-24262322", "8.0.3.00300-24305161"),
            ("8.0.3.00000", "8.0.3.00400"),
            ("8.1.0.00100", "8.1.0.00200"),
            ("9.0.0.0", "9.0.0.1"),
        ] {
            assert_eq!(
                in_place_allowed(source, target),
                Ok(()),
                "{source} → {target}"
            );
        }
        for (source, target, why) in [
            // The simulator's own vCenter: 8.0 U2 to 8.0 U3 is an update, not a patch.
            ("8.0.2.00200-23504390", "8.0.3.00300-24305161", "not one"),
            ("7.0.3.01800", "8.0.3.00300", "not one"),
            ("8.0.3.00100", "8.0.3.00100", "not newer"),
            ("8.0.3.00300", "8.0.3.00200", "not newer"),
            (
                "8.0.3.00000",
                "8.0.3.00100",
                "below the minimum 8.0.3.00200",
            ),
            ("8.0.2.00100", "8.0.2.00300", "below the minimum"),
            ("7.0.3.01700", "7.0.3.01800", "below the minimum"),
            ("8.0", "8.0.3.00300", "8.0 is not a vCenter version"),
            ("8.0.3.00200", "8.0.3.x", "8.0.3.x is not a vCenter version"),
        ] {
            let error = in_place_allowed(source, target).unwrap_err();
            assert!(error.contains(why), "{source} → {target}: {error}");
        }
    }

    #[test]
    fn switchover_timestamps_are_rfc_3339_date_times() {
        for good in [
            "2030-01-31T22:00:00Z",
            "2030-01-31T22:00:00.123Z",
            "2030-01-31T22:00:00+02:00",
            "2030-01-31t22:00:00z",
        ] {
            assert_eq!(check_timestamp("t", good), Ok(()), "{good}");
        }
        for bad in [
            "tomorrow",
            "2030-01-31",
            "2030-01-31T22:00:00",
            "2030-01-31 22:00",
            "2030-02-30T22:00:00Z",
            "1896134400000",
        ] {
            let error = check_timestamp("t", bad).unwrap_err();
            assert!(error.starts_with(&format!("t {bad:?}")), "{error}");
        }
    }

    #[test]
    fn failure_actions_follow_the_schema_description() {
        let action =
            |action: &str, retry_count: i64, retry_delay: i64| wire::EsxUpgradeFailureAction {
                action: action.to_owned(),
                retry_count,
                retry_delay,
            };
        let path = "esxUpgradeFailureAction";
        for good in [
            action("RETRY", 3, 300),
            action("RETRY", 100, 3600),
            action("FAIL", 0, 0),
        ] {
            assert_eq!(check_failure_action(path, &good), Ok(()), "{good:?}");
        }
        for (bad, why) in [
            (action("RETRY", 3, 299), "retryDelay 299"),
            (action("RETRY", 3, 3601), "retryDelay 3601"),
            (action("RETRY", 2, 300), "retryCount 2"),
            (action("RETRY", 101, 300), "retryCount 101"),
            (action("FAIL", 5, 0), "retryCount 5 is set with action FAIL"),
            (
                action("FAIL", 0, 300),
                "retryDelay 300 is set with action FAIL",
            ),
            (action("retry", 3, 300), "action \"retry\""),
            (action("IGNORE", 0, 0), "action \"IGNORE\""),
        ] {
            let error = check_failure_action(path, &bad).unwrap_err();
            assert!(error.contains(why), "{why}: {error}");
        }
    }
}
