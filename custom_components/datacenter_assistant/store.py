"""What the integration keeps on disk: domain indexes and workflow snapshots."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store

from .const import (
    DOMAIN_INDEX_STORAGE_KEY,
    RUN_SNAPSHOT_SAVE_DELAY,
    RUN_SNAPSHOT_STORAGE_KEY,
    STORAGE_VERSION,
)

if TYPE_CHECKING:
    from collections.abc import Iterable


class DomainIndexData(TypedDict):
    """Stored form of the domain indexes."""

    last_index: int
    indexes: dict[str, int]
    sddc_managers: NotRequired[list[str]]
    """SDDC Manager keys in the order they were first set up (written since 0.1.0's store)."""


class DomainIndexStore:
    """Gives every VCF domain the number X of its entity ids (`vcf_domain{X}_...`).

    A domain gets its number the first time it is seen and keeps it for good; a number is
    never given to another domain, even after its domain is gone, so entity ids stay stable
    while domains come and go. One store serves every config entry, so the domains of two
    SDDC Managers never share a number. It numbers the SDDC Managers the same way (N of
    `vcf_sddc{N}_...`, the first one's entities have no number).
    """

    def __init__(self, hass: HomeAssistant) -> None:
        """Create the store; `async_load` reads what was assigned before."""
        self._store: Store[DomainIndexData] = Store(
            hass, STORAGE_VERSION, DOMAIN_INDEX_STORAGE_KEY
        )
        self._indexes: dict[str, int] = {}
        self._last_index = 0
        self._sddc_managers: list[str] = []
        self._lock = asyncio.Lock()

    async def async_load(self) -> None:
        """Read the numbers assigned so far."""
        if (stored := await self._store.async_load()) is None:
            return
        self._indexes = dict(stored["indexes"])
        self._last_index = max(stored["last_index"], *self._indexes.values(), 0)
        self._sddc_managers = list(stored.get("sddc_managers", []))

    async def async_assign_sddc_manager(self, sddc_manager_id: str) -> int:
        """Return the number of an SDDC Manager (1 for the first ever set up), for good."""
        async with self._lock:
            if sddc_manager_id not in self._sddc_managers:
                self._sddc_managers.append(sddc_manager_id)
                await self._async_save()
            return self._sddc_managers.index(sddc_manager_id) + 1

    @callback
    def index_of(self, sddc_manager_id: str, domain_id: str) -> int | None:
        """Return the number of a domain, None if it never had one."""
        return self._indexes.get(_domain_key(sddc_manager_id, domain_id))

    async def async_assign(
        self, sddc_manager_id: str, domain_ids: Iterable[str]
    ) -> dict[str, int]:
        """Return the number of every domain, assigning new numbers to new domains.

        New numbers are written to disk before they are returned.
        """
        async with self._lock:
            assigned: dict[str, int] = {}
            changed = False
            for domain_id in domain_ids:
                key = _domain_key(sddc_manager_id, domain_id)
                if (index := self._indexes.get(key)) is None:
                    self._last_index += 1
                    index = self._indexes[key] = self._last_index
                    changed = True
                assigned[domain_id] = index
            if changed:
                await self._async_save()
            return assigned

    async def _async_save(self) -> None:
        await self._store.async_save(
            {
                "last_index": self._last_index,
                "indexes": dict(self._indexes),
                "sddc_managers": list(self._sddc_managers),
            }
        )


def _domain_key(sddc_manager_id: str, domain_id: str) -> str:
    return f"{sddc_manager_id}/{domain_id}"


class RunSnapshotData(TypedDict):
    """Stored form of a config entry's workflow snapshots."""

    workflows: dict[str, dict[str, Any]]


class RunSnapshotStore:
    """The snapshots of one config entry's upgrade workflows, by domain id.

    Written after workflow events (debounced) and on unload; read at setup so that a
    restart resumes monitoring a running upgrade instead of starting it again.
    """

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Create the store of one config entry."""
        self._store: Store[RunSnapshotData] = Store(
            hass,
            STORAGE_VERSION,
            RUN_SNAPSHOT_STORAGE_KEY.format(entry_id=entry_id),
            private=True,
        )

    async def async_load(self) -> dict[str, dict[str, Any]]:
        """Return the stored snapshots by domain id."""
        if (stored := await self._store.async_load()) is None:
            return {}
        return dict(stored["workflows"])

    @callback
    def async_schedule_save(self, snapshots: dict[str, dict[str, Any]]) -> None:
        """Write these snapshots soon, together with any that follow shortly after.

        `snapshots` must not be changed afterwards: it is written as it is then.
        """
        data: RunSnapshotData = {"workflows": snapshots}
        self._store.async_delay_save(lambda: data, RUN_SNAPSHOT_SAVE_DELAY)

    async def async_save(self, snapshots: dict[str, dict[str, Any]]) -> None:
        """Write these snapshots now (cancels a scheduled write)."""
        await self._store.async_save({"workflows": snapshots})

    async def async_remove(self) -> None:
        """Delete the stored snapshots (the config entry is removed)."""
        await self._store.async_remove()
