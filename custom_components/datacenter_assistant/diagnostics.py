"""Diagnostics: settings (without credentials), health, inventory and every workflow."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME

from .const import RECENT_LOG_ENTRIES

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .data import DatacenterAssistantConfigEntry

TO_REDACT = {CONF_PASSWORD, CONF_USERNAME}


def recent_log_entries(snapshot: dict[str, Any]) -> list[Any]:
    """Return the latest entries of a workflow snapshot's log book, oldest first."""
    entries = snapshot.get("workflow", {}).get("log", {}).get("entries", [])
    return list(entries[-RECENT_LOG_ENTRIES:])


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
        "connectivity": asdict(runtime.connectivity.data),
        "inventory": {
            "last_update_success": runtime.inventory.last_update_success,
            "last_successful_poll": runtime.inventory.last_successful_poll,
            "domains": [asdict(domain) for domain in runtime.inventory.data.values()],
        },
        "workflows": {
            domain_id: {
                "state": (workflow := runs.workflow(domain_id)).state,
                "running": workflow.running,
                "latest_log_entry": workflow.latest_log_entry,
                "recent_log_entries": recent_log_entries(snapshots.get(domain_id, {})),
                "metrics": workflow.metrics,
                "activity": asdict(runs.activity(domain_id)),
                "snapshot": async_redact_data(snapshots.get(domain_id, {}), TO_REDACT),
            }
            for domain_id in runs.domain_ids
        },
    }
