"""Polling SDDC Manager's inventory: the domains, their versions and their next release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.core import CALLBACK_TYPE, callback
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

    Listeners added with `async_add_listener` are called after every update; those added
    with `async_add_domain_listener` only when their domain's entry or the coordinator's
    availability changed, so a poll that finds a hundred domains as before reaches none of
    their entities.
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
        self._domain_listeners: dict[str, list[CALLBACK_TYPE]] = {}
        self._notified: tuple[bool, Inventory] | None = None
        """The availability and inventory the domain listeners were last updated for."""

    @callback
    def async_add_domain_listener(
        self, domain_id: str, update_callback: CALLBACK_TYPE
    ) -> CALLBACK_TYPE:
        """Call `update_callback` when the domain's entry or the availability changes.

        The entry changes when any field of the domain's `VcfDomain` does, or when the
        domain leaves or comes back to the inventory. Return the function that removes it.
        """
        callbacks = self._domain_listeners.setdefault(domain_id, [])
        callbacks.append(update_callback)

        @callback
        def remove_listener() -> None:
            callbacks.remove(update_callback)
            if not callbacks and self._domain_listeners.get(domain_id) is callbacks:
                del self._domain_listeners[domain_id]

        return remove_listener

    @callback
    def async_update_listeners(self) -> None:
        """Update every listener, then the listeners of the domains that changed."""
        super().async_update_listeners()
        available = self.last_update_success
        inventory: Inventory = self.data or {}
        notified, self._notified = self._notified, (available, inventory)
        if notified is None or notified[0] != available:
            changed = list(self._domain_listeners)
        else:
            before = notified[1]
            changed = [
                domain_id
                for domain_id in self._domain_listeners
                if (entry := inventory.get(domain_id)) is not before.get(domain_id)
                and entry != before.get(domain_id)
            ]
        for domain_id in changed:
            for update_callback in list(self._domain_listeners.get(domain_id, ())):
                try:
                    update_callback()
                except Exception:
                    self.logger.exception(
                        "Unexpected error updating a listener of domain %s for %s",
                        domain_id,
                        self.name,
                    )

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
        previous: Inventory = self.data or {}
        inventory: Inventory = {}
        for domain in domains:
            record = VcfDomain(
                index=indexes[domain["id"]],
                id=domain["id"],
                name=domain["name"],
                kind=domain["kind"],
                status=domain["status"],
                current_version=domain["current_version"],
                next_release=domain["next_release"],
            )
            # An unchanged domain keeps its record: the comparisons of every listener
            # (and the coordinator's own) then stop at identity.
            before = previous.get(record.id)
            inventory[record.id] = before if before == record else record
        return inventory


def sddc_manager_key(entry: DatacenterAssistantConfigEntry) -> str:
    """Return what identifies the entry's SDDC Manager (its id, the entry's unique id)."""
    return entry.unique_id or entry.entry_id
