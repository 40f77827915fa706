"""Diagnostics: settings, health, inventory, estate and every workflow, nothing of the site.

Credentials, the SDDC Manager's URL and FQDN, the CA bundle's path, the vCenter upgrade's
temporary address and gateway, and every host name in log messages (ESXi hosts, vCenter, NSX
Manager) are redacted: a diagnostics file is meant to
be attached to a public issue. The estate is given as counts and each cluster's headroom,
without the clusters' names and ids or the hosts' FQDNs.
"""

from __future__ import annotations

from dataclasses import asdict
import re
from typing import TYPE_CHECKING, Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from yarl import URL

from .const import CONF_CA_BUNDLE, RECENT_LOG_ENTRIES

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .data import DatacenterAssistantConfigEntry
    from .estate import EstateCoordinator

TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_URL,
    CONF_CA_BUNDLE,
    "fqdn",
    # A run's upgrade settings (in its snapshot and the entry's options).
    "vcenter_ip_address",
    "vcenter_gateway",
}
# A host name with at least one dot and an alphabetic top label (versions are all digits).
HOST_NAME = re.compile(
    r"\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"\.[a-z][a-z0-9-]*[a-z]\b",
    re.IGNORECASE,
)


def redact_site(data: Any, site_strings: set[str]) -> Any:
    """Return `data` with the site's own strings and every host name replaced."""
    if isinstance(data, str):
        # Longest first: the URL goes whole, not as a scheme around its redacted host.
        for site_string in sorted(site_strings, key=len, reverse=True):
            data = data.replace(site_string, REDACTED)
        return HOST_NAME.sub(REDACTED, data)
    if isinstance(data, dict):
        return {key: redact_site(value, site_strings) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [redact_site(value, site_strings) for value in data]
    return data


def site_strings(entry: DatacenterAssistantConfigEntry) -> set[str]:
    """Return what names this site in the entry's settings: URL, host and CA path."""
    strings = {entry.data[CONF_URL]}
    if host := URL(entry.data[CONF_URL]).host:
        strings.add(host)
    if ca_bundle := entry.data.get(CONF_CA_BUNDLE):
        strings.add(ca_bundle)
    if fqdn := entry.runtime_data.sddc_manager["fqdn"]:
        strings.add(fqdn)
    return strings


def without_log(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Return a workflow snapshot without its log book (given once, as recent entries)."""
    workflow = {
        key: value
        for key, value in snapshot.get("workflow", {}).items()
        if key != "log"
    }
    return {**snapshot, "workflow": workflow} if snapshot else {}


def recent_log_entries(snapshot: dict[str, Any]) -> list[Any]:
    """Return the latest entries of a workflow snapshot's log book, oldest first."""
    entries = snapshot.get("workflow", {}).get("log", {}).get("entries", [])
    return list(entries[-RECENT_LOG_ENTRIES:])


def estate_diagnostics(estate: EstateCoordinator | None) -> dict[str, Any] | None:
    """Return how many clusters and hosts the estate has, and each cluster's headroom.

    `None` where the estate is not polled. Nothing names a cluster or a host.
    """
    if estate is None:
        return None
    clusters = list((estate.data or {}).values())
    return {
        "last_update_success": estate.last_update_success,
        "clusters": len(clusters),
        "vsan_clusters": sum(1 for cluster in clusters if cluster["vsan"]),
        "hosts": sum(len(cluster["hosts"]) for cluster in clusters),
        "clusters_without_headroom": sum(
            1 for cluster in clusters if not cluster["headroom"]["fits"]
        ),
        "headroom": [
            {
                "hosts": len(cluster["hosts"]),
                "vsan": cluster["vsan"],
                "failures_to_tolerate": cluster["failures_to_tolerate"],
                **cluster["headroom"],
            }
            for cluster in sorted(clusters, key=lambda cluster: cluster["name"])
        ],
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry
) -> dict[str, Any]:
    """Return the diagnostics of a config entry."""
    runtime = entry.runtime_data
    runs = runtime.runs
    snapshots = runs.snapshots()
    diagnostics = {
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
        "estate": estate_diagnostics(runtime.estate),
        "workflows": {
            domain_id: {
                "state": (workflow := runs.workflow(domain_id)).state,
                "running": workflow.running,
                "latest_log_entry": workflow.latest_log_entry,
                "recent_log_entries": recent_log_entries(snapshots.get(domain_id, {})),
                "metrics": workflow.metrics,
                "activity": asdict(runs.activity(domain_id)),
                "snapshot": without_log(snapshots.get(domain_id, {})),
            }
            for domain_id in runs.domain_ids
        },
    }
    redacted: dict[str, Any] = redact_site(
        async_redact_data(diagnostics, TO_REDACT), site_strings(entry)
    )
    return redacted
