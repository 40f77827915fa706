"""Keeping the domains' devices in line with the inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .entity import (
    domain_device_identifier,
    sddc_manager_device_identifier,
    sddc_manager_device_info,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from datacenter_assistant_core import SddcManager

    from .coordinator import VcfDomain
    from .data import DatacenterAssistantConfigEntry


@callback
def async_register_sddc_manager_device(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    sddc_manager: SddcManager,
) -> str:
    """Create (or update) the SDDC Manager's device; return its id for the domains' devices."""
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **sddc_manager_device_info(entry, sddc_manager)
    )
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
        if hub in device.identifiers:
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


def is_current_domain_device(
    entry: DatacenterAssistantConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Return whether a device is the SDDC Manager or a domain the inventory still lists."""
    if sddc_manager_device_identifier(entry) in device.identifiers:
        return True
    inventory = entry.runtime_data.inventory.data
    return any(
        domain_device_identifier(entry, domain_id) in device.identifiers
        for domain_id in inventory
    )
