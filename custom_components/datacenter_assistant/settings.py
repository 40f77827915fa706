"""The upgrade settings of a domain: SDDC Manager's upgrade wizard inputs.

The engine (`UpgradeSettings`, `validate_upgrade_settings`) owns their meaning and has the
last word on their validity; this module names their choices and sections for the options
form and the `start_upgrade` action, checks a form's values field by field so that the form
can say which field is wrong, and reads a domain's saved settings from the entry's options.
"""

from __future__ import annotations

from datetime import datetime
import ipaddress
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.util import dt as dt_util

from .const import CONF_UPGRADE_SETTINGS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.config_entries import ConfigEntry

    from datacenter_assistant_core import UpgradeSettings

VCENTER_UPGRADE_MECHANISM: Final = "vcenter_upgrade_mechanism"
VCENTER_NETWORK_MODE: Final = "vcenter_network_mode"
VCENTER_IP_ADDRESS: Final = "vcenter_ip_address"
VCENTER_SUBNET_MASK: Final = "vcenter_subnet_mask"
VCENTER_GATEWAY: Final = "vcenter_gateway"
VCENTER_SWITCHOVER: Final = "vcenter_switchover"
VCENTER_SWITCHOVER_AT: Final = "vcenter_switchover_at"
NSX_HOST_CLUSTERS: Final = "nsx_host_clusters"
NSX_EDGE_CLUSTERS: Final = "nsx_edge_clusters"
NSX_EDGE_CLUSTERS_ONLY: Final = "nsx_edge_clusters_only"
ESX_QUICK_BOOT: Final = "esx_quick_boot"
ESX_EVACUATE_OFFLINE_VMS: Final = "esx_evacuate_offline_vms"
ESX_ENFORCE_HCL_VALIDATION: Final = "esx_enforce_hcl_validation"
ESX_FAILURE_ACTION: Final = "esx_failure_action"
ESX_FAILURE_RETRY_COUNT: Final = "esx_failure_retry_count"
ESX_FAILURE_RETRY_DELAY: Final = "esx_failure_retry_delay"
ESX_PRE_REMEDIATION_POWER_ACTION: Final = "esx_pre_remediation_power_action"

CHOICES: Final[Mapping[str, tuple[str, ...]]] = {
    VCENTER_UPGRADE_MECHANISM: ("reduced_downtime_migration", "in_place"),
    VCENTER_NETWORK_MODE: ("automatic", "static"),
    VCENTER_SWITCHOVER: ("automatic", "scheduled"),
    NSX_HOST_CLUSTERS: ("parallel", "sequential"),
    NSX_EDGE_CLUSTERS: ("parallel", "sequential"),
    ESX_FAILURE_ACTION: ("retry", "fail"),
    ESX_PRE_REMEDIATION_POWER_ACTION: (
        "do_not_change_vms_power_state",
        "power_off_vms",
        "suspend_vms",
        "suspend_vms_to_memory",
    ),
}
"""The settings chosen from a list, with their choices (the engine's `Literal`s)."""
IPV4_FIELDS: Final = (VCENTER_IP_ADDRESS, VCENTER_SUBNET_MASK, VCENTER_GATEWAY)
BOOLEANS: Final = (
    NSX_EDGE_CLUSTERS_ONLY,
    ESX_QUICK_BOOT,
    ESX_EVACUATE_OFFLINE_VMS,
    ESX_ENFORCE_HCL_VALIDATION,
)
RANGES: Final[Mapping[str, tuple[int, int]]] = {
    ESX_FAILURE_RETRY_COUNT: (3, 100),
    ESX_FAILURE_RETRY_DELAY: (300, 3600),
}
"""The numbers, with their ranges (they apply with the `retry` failure action)."""

SECTIONS: Final[Mapping[str, tuple[str, ...]]] = {
    "vcenter": (
        VCENTER_UPGRADE_MECHANISM,
        VCENTER_NETWORK_MODE,
        VCENTER_IP_ADDRESS,
        VCENTER_SUBNET_MASK,
        VCENTER_GATEWAY,
        VCENTER_SWITCHOVER,
        VCENTER_SWITCHOVER_AT,
    ),
    "nsx": (NSX_HOST_CLUSTERS, NSX_EDGE_CLUSTERS, NSX_EDGE_CLUSTERS_ONLY),
    "esx": (
        ESX_QUICK_BOOT,
        ESX_EVACUATE_OFFLINE_VMS,
        ESX_ENFORCE_HCL_VALIDATION,
        ESX_FAILURE_ACTION,
        ESX_FAILURE_RETRY_COUNT,
        ESX_FAILURE_RETRY_DELAY,
        ESX_PRE_REMEDIATION_POWER_ACTION,
    ),
}
"""The form's sections (the wizard's pages) and their fields, in order."""
SETTING_KEYS: Final = tuple(key for keys in SECTIONS.values() for key in keys)
"""Every key of `UpgradeSettings`."""


def saved_settings(entry: ConfigEntry[Any], domain_id: str) -> UpgradeSettings:
    """Return the settings saved for a domain in the options flow (empty: the defaults)."""
    saved = entry.options.get(CONF_UPGRADE_SETTINGS, {}).get(domain_id, {})
    return cast("UpgradeSettings", dict(saved))


def switchover_timestamp(value: str | datetime) -> str:
    """Return a switchover time as RFC 3339 UTC (`2026-12-24T22:00:00Z`), as SDDC Manager takes it.

    A time without an offset (what the date-time selector gives) is Home Assistant's time
    zone. `ValueError` when it is no date-time.
    """
    moment = value if isinstance(value, datetime) else dt_util.parse_datetime(value)
    if moment is None:
        raise ValueError(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt_util.get_default_time_zone())
    return dt_util.as_utc(moment).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_switchover_time(timestamp: str | None) -> str | None:
    """Return a saved switchover time as the date-time selector shows it (local, no offset)."""
    if timestamp is None or (moment := dt_util.parse_datetime(timestamp)) is None:
        return None
    return dt_util.as_local(moment).strftime("%Y-%m-%d %H:%M:%S")


def check_form_settings(values: Mapping[str, Any]) -> dict[str, str]:
    """Check a form's settings; return the errors by field (empty when they are fine).

    A static temporary network needs an IPv4 address, a contiguous netmask and a gateway
    in one subnet, the address being neither the gateway nor the subnet's network or
    broadcast address; a scheduled switchover needs a time in the future and is refused
    with the in-place mechanism; the retry figures are checked with the `retry` action.
    """
    errors: dict[str, str] = {}
    if values.get(VCENTER_NETWORK_MODE) == "static":
        errors |= _check_static_network(values)
    if values.get(VCENTER_SWITCHOVER) == "scheduled":
        if values.get(VCENTER_UPGRADE_MECHANISM) == "in_place":
            errors[VCENTER_SWITCHOVER] = "switchover_with_in_place"
        elif not (at := values.get(VCENTER_SWITCHOVER_AT)):
            errors[VCENTER_SWITCHOVER_AT] = "switchover_time_required"
        else:
            try:
                moment = datetime.fromisoformat(switchover_timestamp(at))
            except ValueError:
                errors[VCENTER_SWITCHOVER_AT] = "invalid_switchover_time"
            else:
                if moment <= dt_util.utcnow():
                    errors[VCENTER_SWITCHOVER_AT] = "switchover_time_in_past"
    if values.get(ESX_FAILURE_ACTION) == "retry":
        for key, (low, high) in RANGES.items():
            number = values.get(key)
            if number is None or not low <= number <= high:
                errors[key] = f"{key.removeprefix('esx_failure_')}_out_of_range"
    return errors


def _check_static_network(values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    parsed: dict[str, ipaddress.IPv4Address] = {}
    for key in IPV4_FIELDS:
        if not (text := str(values.get(key) or "").strip()):
            errors[key] = "required_for_static_network"
            continue
        try:
            parsed[key] = ipaddress.IPv4Address(text)
        except ValueError:
            errors[key] = "invalid_ipv4"
    if errors:
        return errors
    try:
        network = ipaddress.IPv4Network(
            f"{parsed[VCENTER_IP_ADDRESS]}/{parsed[VCENTER_SUBNET_MASK]}", strict=False
        )
    except ValueError:  # not contiguous
        return {VCENTER_SUBNET_MASK: "invalid_netmask"}
    if network.prefixlen == 0 or network.prefixlen > 30:
        return {VCENTER_SUBNET_MASK: "invalid_netmask"}
    address, gateway = parsed[VCENTER_IP_ADDRESS], parsed[VCENTER_GATEWAY]
    special = {network.network_address, network.broadcast_address}
    if address in special:
        errors[VCENTER_IP_ADDRESS] = "network_or_broadcast_address"
    if gateway not in network:
        errors[VCENTER_GATEWAY] = "not_one_subnet"
    elif gateway in special:
        errors[VCENTER_GATEWAY] = "network_or_broadcast_address"
    elif gateway == address:
        errors[VCENTER_GATEWAY] = "gateway_is_address"
    return errors


def form_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the checked values of a form as `UpgradeSettings` (before the engine's check).

    Integers for the numbers, RFC 3339 for the switchover time; the temporary network and
    the switchover time only where their mode uses them (otherwise `None`).
    """
    settings: dict[str, Any] = {key: values.get(key) for key in SETTING_KEYS}
    for key in RANGES:
        if settings[key] is not None:
            settings[key] = int(settings[key])
    for key in IPV4_FIELDS:
        text = str(settings[key] or "").strip()
        settings[key] = (
            text if text and settings[VCENTER_NETWORK_MODE] == "static" else None
        )
    at = settings[VCENTER_SWITCHOVER_AT]
    settings[VCENTER_SWITCHOVER_AT] = (
        switchover_timestamp(at)
        if at and settings[VCENTER_SWITCHOVER] == "scheduled"
        else None
    )
    return settings
