"""Diagnostics: settings (without credentials), inventory and every workflow."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .data import DatacenterAssistantConfigEntry

TO_REDACT = {CONF_PASSWORD, CONF_USERNAME}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry
) -> dict[str, Any]:
    """Return the diagnostics of a config entry."""
    runtime = entry.runtime_data
    runs = runtime.runs
    snapshots = runs.snapshots()
    return {
        "entry": {
            "data": async_redact_data(entry.data, TO_REDACT),
            "options": dict(entry.options),
        },
        "sddc_manager": dict(runtime.sddc_manager),
        "inventory": {
            "last_update_success": runtime.inventory.last_update_success,
            "domains": [asdict(domain) for domain in runtime.inventory.data.values()],
        },
        "workflows": {
            domain_id: {
                "state": (workflow := runs.workflow(domain_id)).state,
                "running": workflow.running,
                "latest_log_entry": workflow.latest_log_entry,
                "metrics": workflow.metrics,
                "activity": asdict(runs.activity(domain_id)),
                "snapshot": async_redact_data(snapshots.get(domain_id, {}), TO_REDACT),
            }
            for domain_id in runs.domain_ids
        },
    }
