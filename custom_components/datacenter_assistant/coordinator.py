"""Polling SDDC Manager's inventory: the domains, their versions and their next release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from datacenter_assistant_core import VcfError

from .const import CONF_INVENTORY_INTERVAL, DEFAULT_INVENTORY_INTERVAL, LOGGER
from .errors import engine_error

if TYPE_CHECKING:
    from datetime import datetime

    from homeassistant.core import HomeAssistant

    from datacenter_assistant_core import Release, VcfClient

    from .data import DatacenterAssistantConfigEntry
    from .store import DomainIndexStore


@dataclass(frozen=True, kw_only=True)
class VcfDomain:
    """A workload domain as the inventory last saw it, with its entity index."""

    index: int
    """The X of its entity ids (`vcf_domain{X}_...`), stable for the domain's lifetime."""
    id: str
    name: str
    kind: str | None
    status: str | None
    current_version: str | None
    next_release: Release | None


type Inventory = dict[str, VcfDomain]
"""The domains by domain id."""


def inventory_interval(entry: DatacenterAssistantConfigEntry) -> timedelta:
    """Return the configured time between two inventory polls."""
    return timedelta(
        minutes=entry.options.get(CONF_INVENTORY_INTERVAL, DEFAULT_INVENTORY_INTERVAL)
    )


class InventoryCoordinator(DataUpdateCoordinator[Inventory]):
    """Polls the inventory of one SDDC Manager.

    When SDDC Manager cannot be reached the update fails: every entity becomes unavailable,
    one error is logged when it goes and one info line when it comes back. Refused
    credentials start re-authentication.
    """

    config_entry: DatacenterAssistantConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DatacenterAssistantConfigEntry,
        client: VcfClient,
        domain_indexes: DomainIndexStore,
    ) -> None:
        """Create the coordinator of a config entry."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{entry.title} inventory",
            update_interval=inventory_interval(entry),
        )
        self.client = client
        self._domain_indexes = domain_indexes
        self.last_successful_poll: datetime | None = None
        """When the inventory was last read successfully."""

    async def _async_update_data(self) -> Inventory:
        """Fetch every domain and give new ones their index."""
        try:
            domains = await self.client.inventory()
        except VcfError as err:
            raise engine_error(err, UpdateFailed, "inventory_failed") from err
        indexes = await self._domain_indexes.async_assign(
            sddc_manager_key(self.config_entry),
            (domain["id"] for domain in domains),
        )
        self.last_successful_poll = dt_util.utcnow()
        return {
            domain["id"]: VcfDomain(
                index=indexes[domain["id"]],
                id=domain["id"],
                name=domain["name"],
                kind=domain["kind"],
                status=domain["status"],
                current_version=domain["current_version"],
                next_release=domain["next_release"],
            )
            for domain in domains
        }


def sddc_manager_key(entry: DatacenterAssistantConfigEntry) -> str:
    """Return what identifies the entry's SDDC Manager (its id, the entry's unique id)."""
    return entry.unique_id or entry.entry_id
