"""Home Assistant's system health page: is SDDC Manager there, and how well."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.components import system_health

    from .data import DatacenterAssistantConfigEntry


@callback
def async_register(
    hass: HomeAssistant, register: system_health.SystemHealthRegistration
) -> None:
    """Register the system health information."""
    register.async_register_info(system_health_info)


async def system_health_info(hass: HomeAssistant) -> dict[str, Any]:
    """Return the health of the (first) loaded SDDC Manager.

    From the latest connectivity test and inventory poll; nothing is sent to SDDC Manager.
    """
    entries: list[DatacenterAssistantConfigEntry] = [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]
    if not entries:
        return {"loaded_entries": 0}
    runtime = entries[0].runtime_data
    connectivity = runtime.connectivity.data
    return {
        "loaded_entries": len(entries),
        "api_reachable": connectivity.reachable,
        "last_successful_poll": runtime.inventory.last_successful_poll,
        "latency": (
            "unknown"
            if connectivity.latency is None
            else f"{connectivity.latency * 1000:.0f} ms"
        ),
        "token_valid_until": connectivity.token_expires_at,
        "sddc_manager_version": runtime.sddc_manager["version"],
        "api_dialect": runtime.client.dialect,
    }
