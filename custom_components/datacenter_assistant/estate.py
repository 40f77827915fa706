"""The estate: every cluster with its hosts' load and its rolling-upgrade headroom.

Polled on the dialects whose SDDC Manager lists clusters and hosts (`vcf52`: one request for
the clusters and one per cluster for its hosts), as often as the inventory. What the
entities show is computed here: a domain's capacity over its clusters, and the state of the
whole estate from the inventory, the workflows and the headroom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from datacenter_assistant_core import VcfError

from .const import (
    ATTENTION_STATES,
    ESTATE_DIALECTS,
    ESTATE_NEEDS_ATTENTION,
    ESTATE_UP_TO_DATE,
    ESTATE_UPDATES_AVAILABLE,
    ESTATE_UPGRADING,
    IDLE_STATES,
    LOGGER,
)
from .coordinator import inventory_interval
from .errors import engine_error

if TYPE_CHECKING:
    from collections.abc import Iterable

    from homeassistant.core import HomeAssistant

    from datacenter_assistant_core import EstateCluster, EstateHost, VcfClient

    from .coordinator import Inventory
    from .data import DatacenterAssistantConfigEntry
    from .runs import UpgradeRunManager

type Estate = dict[str, EstateCluster]
"""The clusters by cluster id."""


def has_estate(client: VcfClient) -> bool:
    """Return whether the client's SDDC Manager lists clusters and hosts."""
    return client.dialect in ESTATE_DIALECTS


class EstateCoordinator(DataUpdateCoordinator[Estate]):
    """Polls the clusters and hosts of one SDDC Manager, as often as the inventory.

    A failed poll is an `UpdateFailed` (logged once, with one info line when the estate
    answers again): the estate's entities become unavailable, nothing else does. Refused
    credentials start re-authentication.
    """

    config_entry: DatacenterAssistantConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DatacenterAssistantConfigEntry,
        client: VcfClient,
    ) -> None:
        """Create the estate coordinator of a config entry."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{entry.title} estate",
            update_interval=inventory_interval(entry),
        )
        self.client = client

    async def _async_update_data(self) -> Estate:
        """Fetch every cluster with its hosts and headroom."""
        try:
            clusters = await self.client.estate()
        except VcfError as err:
            raise engine_error(err, UpdateFailed, "estate_failed") from err
        previous: Estate = self.data or {}
        estate: Estate = {}
        for cluster in clusters or []:
            # An unchanged cluster keeps its record: the entities' comparisons stop there.
            before = previous.get(cluster["id"])
            estate[cluster["id"]] = before if before == cluster else cluster
        return estate


def usage_percent(used: float, total: float) -> float | None:
    """Return `used` as a share of `total` in percent; unknown without capacity."""
    if total <= 0:
        return None
    return round(100 * used / total, 1)


@dataclass(frozen=True, kw_only=True)
class Capacity:
    """What a set of hosts has and uses: CPU in MHz, memory and storage in MB (MiB)."""

    clusters: int
    hosts: int
    cpu_total_mhz: float
    cpu_used_mhz: float
    memory_total_mb: float
    memory_used_mb: float
    storage_total_mb: float
    storage_used_mb: float

    @classmethod
    def of(cls, clusters: Iterable[EstateCluster]) -> Capacity:
        """Return the capacity of these clusters' hosts."""
        clusters = list(clusters)
        hosts: list[EstateHost] = [host for c in clusters for host in c["hosts"]]
        return cls(
            clusters=len(clusters),
            hosts=len(hosts),
            cpu_total_mhz=sum(host["cpu_total_mhz"] for host in hosts),
            cpu_used_mhz=sum(host["cpu_used_mhz"] for host in hosts),
            memory_total_mb=sum(host["memory_total_mb"] for host in hosts),
            memory_used_mb=sum(host["memory_used_mb"] for host in hosts),
            storage_total_mb=sum(host["storage_total_mb"] for host in hosts),
            storage_used_mb=sum(host["storage_used_mb"] for host in hosts),
        )


def domain_clusters(estate: Estate, domain_id: str) -> list[EstateCluster]:
    """Return a domain's clusters, by name."""
    return sorted(
        (cluster for cluster in estate.values() if cluster["domain_id"] == domain_id),
        key=lambda cluster: cluster["name"],
    )


def domains_with_update(inventory: Inventory) -> list[str]:
    """Return the names of the domains that have a next release, by name."""
    return sorted(
        domain.name for domain in inventory.values() if domain.next_release is not None
    )


def clusters_without_headroom(estate: Estate | None) -> list[str]:
    """Return the names of the clusters that cannot lose a host to an upgrade, by name."""
    return sorted(
        cluster["name"]
        for cluster in (estate or {}).values()
        if not cluster["headroom"]["fits"]
    )


def domains_needing_attention(
    inventory: Inventory, runs: UpgradeRunManager
) -> list[str]:
    """Return the names of the domains whose run failed or waits for an acknowledgment."""
    return sorted(
        domain.name
        for domain_id, domain in inventory.items()
        if runs.has_workflow(domain_id)
        and runs.workflow(domain_id).state in ATTENTION_STATES
    )


def estate_state(
    inventory: Inventory, runs: UpgradeRunManager, estate: Estate | None
) -> str:
    """Return the state of the whole estate, the most pressing first.

    `needs_attention`: a domain's run failed, its precheck failed or it waits for an
    acknowledgment, or a cluster has no rolling-upgrade headroom (`estate`, `None` without
    a current estate, is then not looked at). `upgrading`: a run is active.
    `updates_available`: a domain has a next release. `up_to_date` otherwise.
    """
    if domains_needing_attention(inventory, runs) or clusters_without_headroom(estate):
        return ESTATE_NEEDS_ATTENTION
    if any(
        runs.has_workflow(domain_id)
        and runs.workflow(domain_id).state not in IDLE_STATES
        for domain_id in inventory
    ):
        return ESTATE_UPGRADING
    if domains_with_update(inventory):
        return ESTATE_UPDATES_AVAILABLE
    return ESTATE_UP_TO_DATE
