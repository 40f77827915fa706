"""What the integration keeps on disk: domain indexes and workflow snapshots."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.datacenter_assistant.const import (
    DOMAIN_INDEX_STORAGE_KEY,
    RUN_SNAPSHOT_SAVE_DELAY,
)
from custom_components.datacenter_assistant.store import (
    DomainIndexStore,
    RunSnapshotStore,
)

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

SDDC = "sddc-1"


async def test_indexes_are_assigned_once_and_never_reused(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A domain keeps its number; a new domain never gets a number that was given."""
    store = DomainIndexStore(hass)
    await store.async_load()

    assert await store.async_assign(SDDC, ["mgmt", "wld-a"]) == {"mgmt": 1, "wld-a": 2}
    # wld-a is gone, wld-b appears: it gets a new number, not wld-a's.
    assert await store.async_assign(SDDC, ["mgmt", "wld-b"]) == {"mgmt": 1, "wld-b": 3}
    # wld-a comes back with its old number.
    assert await store.async_assign(SDDC, ["wld-a"]) == {"wld-a": 2}
    assert store.index_of(SDDC, "wld-b") == 3
    assert store.index_of(SDDC, "unknown") is None

    assert hass_storage[DOMAIN_INDEX_STORAGE_KEY]["data"] == {
        "last_index": 3,
        "indexes": {f"{SDDC}/mgmt": 1, f"{SDDC}/wld-a": 2, f"{SDDC}/wld-b": 3},
        "sddc_managers": [],
    }


async def test_sddc_managers_are_numbered_once(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """The first SDDC Manager set up is 1; numbers survive a restart.

    A store written before SDDC Managers were numbered is read as none numbered yet.
    """
    hass_storage[DOMAIN_INDEX_STORAGE_KEY] = {
        "version": 1,
        "key": DOMAIN_INDEX_STORAGE_KEY,
        "data": {"last_index": 2, "indexes": {f"{SDDC}/mgmt": 1}},
    }
    store = DomainIndexStore(hass)
    await store.async_load()
    assert await store.async_assign_sddc_manager(SDDC) == 1
    assert await store.async_assign_sddc_manager("other") == 2
    assert await store.async_assign_sddc_manager(SDDC) == 1

    restarted = DomainIndexStore(hass)
    await restarted.async_load()
    assert await restarted.async_assign_sddc_manager("other") == 2
    assert await restarted.async_assign_sddc_manager("third") == 3


async def test_indexes_survive_a_restart(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A new store (Home Assistant restarted) continues the numbering."""
    hass_storage[DOMAIN_INDEX_STORAGE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": DOMAIN_INDEX_STORAGE_KEY,
        "data": {"last_index": 7, "indexes": {f"{SDDC}/mgmt": 1}},
    }
    store = DomainIndexStore(hass)
    await store.async_load()

    assert await store.async_assign(SDDC, ["mgmt", "new"]) == {"mgmt": 1, "new": 8}


async def test_domains_of_two_sddc_managers_get_distinct_numbers(
    hass: HomeAssistant,
) -> None:
    """The same domain id under two SDDC Managers is two domains."""
    store = DomainIndexStore(hass)
    await store.async_load()

    assert await store.async_assign("sddc-1", ["domain"]) == {"domain": 1}
    assert await store.async_assign("sddc-2", ["domain"]) == {"domain": 2}


async def test_known_domains_write_nothing(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Polling the same inventory again does not write the store."""
    store = DomainIndexStore(hass)
    await store.async_load()
    await store.async_assign(SDDC, ["mgmt"])
    hass_storage.pop(DOMAIN_INDEX_STORAGE_KEY)

    await store.async_assign(SDDC, ["mgmt"])

    assert DOMAIN_INDEX_STORAGE_KEY not in hass_storage


async def test_snapshots_are_saved_debounced_and_loaded(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Scheduled saves are gathered into one write; the last one wins."""
    store = RunSnapshotStore(hass, "entry-1")
    assert await store.async_load() == {}

    store.async_schedule_save({"d1": {"state": "downloading_bundle"}})
    store.async_schedule_save({"d1": {"state": "precheck_running"}})
    await hass.async_block_till_done()
    key = "datacenter_assistant.entry-1.runs"
    assert key not in hass_storage

    # The second save moved the write to its own delay: wait for it for real. A fired
    # time change cannot stand in: Home Assistant's Store checks the event loop's own
    # monotonic clock before it writes and sets its timer again while that clock is early.
    await asyncio.sleep(RUN_SNAPSHOT_SAVE_DELAY + 0.3)
    await hass.async_block_till_done()
    assert hass_storage[key]["data"] == {
        "workflows": {"d1": {"state": "precheck_running"}}
    }

    store.async_schedule_save({"d3": {"state": "upgrade_completed"}})
    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=RUN_SNAPSHOT_SAVE_DELAY + 1)
    )
    await hass.async_block_till_done()
    assert hass_storage[key]["data"] == {
        "workflows": {"d3": {"state": "upgrade_completed"}}
    }

    await store.async_save({"d2": {"state": "upgrade_in_progress"}})
    assert await RunSnapshotStore(hass, "entry-1").async_load() == {
        "d2": {"state": "upgrade_in_progress"}
    }

    await store.async_remove()
    assert key not in hass_storage
