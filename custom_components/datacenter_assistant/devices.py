"""The devices: the SDDC Manager (the hub), one per domain and one per cluster.

The domains' devices follow the inventory, the clusters' (under their domain's) the estate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo

from .const import DOMAIN
from .coordinator import sddc_manager_key

if TYPE_CHECKING:
    from collections.abc import Mapping

    from datacenter_assistant_core import SddcManager

    from .coordinator import VcfDomain
    from .data import DatacenterAssistantConfigEntry
    from .estate import Estate


MANUFACTURER = "VMware by Broadcom"


def domain_device_identifier(
    entry: DatacenterAssistantConfigEntry, domain_id: str
) -> tuple[str, str]:
    """Return the device registry identifier of a domain's device."""
    return (DOMAIN, f"{sddc_manager_key(entry)}_{domain_id}")


CLUSTER_IDENTIFIER_INFIX = "_cluster_"


def cluster_device_identifier(
    entry: DatacenterAssistantConfigEntry, cluster_id: str
) -> tuple[str, str]:
    """Return the device registry identifier of a cluster's device."""
    return (DOMAIN, f"{sddc_manager_key(entry)}{CLUSTER_IDENTIFIER_INFIX}{cluster_id}")


def is_cluster_device(
    entry: DatacenterAssistantConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Return whether a device is one of the entry's clusters."""
    prefix = f"{sddc_manager_key(entry)}{CLUSTER_IDENTIFIER_INFIX}"
    return any(
        domain == DOMAIN and identifier.startswith(prefix)
        for domain, identifier in device.identifiers
    )


def sddc_manager_device_identifier(
    entry: DatacenterAssistantConfigEntry,
) -> tuple[str, str]:
    """Return the device registry identifier of the SDDC Manager (the hub) itself."""
    return (DOMAIN, sddc_manager_key(entry))


def sddc_manager_device_info(
    entry: DatacenterAssistantConfigEntry, sddc_manager: SddcManager
) -> DeviceInfo:
    """Return the device of the SDDC Manager, the hub the domains' devices hang off."""
    return DeviceInfo(
        identifiers={sddc_manager_device_identifier(entry)},
        name=f"SDDC Manager {sddc_manager['fqdn'] or entry.title}",
        manufacturer=MANUFACTURER,
        model="SDDC Manager",
        sw_version=sddc_manager["version"],
        configuration_url=entry.data[CONF_URL],
    )


def domain_device_info(
    entry: DatacenterAssistantConfigEntry, domain: VcfDomain
) -> DeviceInfo:
    """Return the device of a domain, under the SDDC Manager's."""
    return DeviceInfo(
        identifiers={domain_device_identifier(entry, domain.id)},
        name=f"VCF {domain.name}",
        manufacturer=MANUFACTURER,
        model="VCF workload domain",
        model_id=domain.kind,
        sw_version=domain.current_version,
        configuration_url=entry.data[CONF_URL],
        via_device_id=entry.runtime_data.sddc_manager_device_id,
    )


@callback
def async_register_sddc_manager_device(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    sddc_manager: SddcManager,
) -> str:
    """Create (or update) the SDDC Manager's device; return its id for the domains' devices."""
    return _async_get_or_create_device(
        hass, entry, sddc_manager_device_info(entry, sddc_manager)
    )


@callback
def async_register_domain_device(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry, domain: VcfDomain
) -> str:
    """Create (or find) a domain's device; return its id for the clusters' devices."""
    registry = dr.async_get(hass)
    identifier = domain_device_identifier(entry, domain.id)
    device = registry.async_get_device_by_identifier(identifier, entry.entry_id)
    if device is not None:
        return device.id
    return _async_get_or_create_device(hass, entry, domain_device_info(entry, domain))


@callback
def _async_get_or_create_device(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry, info: DeviceInfo
) -> str:
    registry = dr.async_get(hass)
    # From 2026.11 the registry takes a DeviceInfo as such (unpacking it into keywords goes
    # through a layer it deprecates); the releases before it take its fields as keywords.
    create_from_info = getattr(registry, "async_get_or_create_from_info", None)
    if create_from_info is not None:
        device: dr.DeviceEntry = create_from_info(
            config_entry_id=entry.entry_id, device_info=info
        )
    else:
        device = registry.async_get_or_create(config_entry_id=entry.entry_id, **info)
    return device.id


@callback
def async_sync_domain_devices(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    domains: Mapping[str, VcfDomain],
) -> None:
    """Remove the devices of vanished domains and record upgraded versions.

    Removing a device removes its entities; a domain that comes back gets new ones with
    the same entity ids.
    """
    device_registry = dr.async_get(hass)
    domains_by_identifier = {
        domain_device_identifier(entry, domain_id): domain
        for domain_id, domain in domains.items()
    }
    hub = sddc_manager_device_identifier(entry)
    for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id):
        if hub in device.identifiers or is_cluster_device(entry, device):
            continue
        domain = next(
            (
                domains_by_identifier[identifier]
                for identifier in device.identifiers
                if identifier in domains_by_identifier
            ),
            None,
        )
        if domain is None:
            device_registry.async_remove_device(device.id)
        elif device.sw_version != domain.current_version:
            device_registry.async_update_device(
                device.id, sw_version=domain.current_version
            )


@callback
def async_sync_cluster_devices(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry, estate: Estate
) -> None:
    """Remove the devices of vanished clusters (and with them their entities)."""
    device_registry = dr.async_get(hass)
    current = {cluster_device_identifier(entry, cluster_id) for cluster_id in estate}
    for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id):
        if is_cluster_device(entry, device) and not device.identifiers & current:
            device_registry.async_remove_device(device.id)


def is_current_domain_device(
    entry: DatacenterAssistantConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Return whether a device is the SDDC Manager, a listed domain or a listed cluster."""
    if sddc_manager_device_identifier(entry) in device.identifiers:
        return True
    inventory = entry.runtime_data.inventory.data
    if any(
        domain_device_identifier(entry, domain_id) in device.identifiers
        for domain_id in inventory
    ):
        return True
    estate = entry.runtime_data.estate
    return (
        estate is not None
        and estate.data is not None
        and any(
            cluster_device_identifier(entry, cluster_id) in device.identifiers
            for cluster_id in estate.data
        )
    )
