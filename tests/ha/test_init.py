"""Setting up and unloading an entry, polling the inventory, diagnostics."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_URL,
    EVENT_HOMEASSISTANT_STOP,
    STATE_UNAVAILABLE,
)
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.datacenter_assistant import async_remove_config_entry_device
from custom_components.datacenter_assistant.const import (
    CONF_CA_BUNDLE,
    CONF_INVENTORY_INTERVAL,
    CONF_UPGRADE_POLL_INTERVAL,
    DOMAIN,
)
from custom_components.datacenter_assistant.diagnostics import (
    async_get_config_entry_diagnostics,
)
from tests.support.simulator import SIM_SDDC_MANAGER_ID, SIM_USERNAME

from .helpers import entry_data, state_of, wait_for_state

if TYPE_CHECKING:
    from collections.abc import Generator
    from pathlib import Path

    from homeassistant.core import HomeAssistant

    from tests.support.simulator import VcfSimulator

STATUS = "sensor.vcf_domain1_upgrade_status"
REDACTED = "**REDACTED**"


def add_entry(hass: HomeAssistant, data: dict[str, Any]) -> MockConfigEntry:
    """Add an entry of the simulator's SDDC Manager with this data."""
    entry = MockConfigEntry(
        domain=DOMAIN, title="sddc", unique_id=SIM_SDDC_MANAGER_ID, data=data
    )
    entry.add_to_hass(hass)
    return entry


async def test_setup_and_unload_leave_nothing_behind(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Unloading stops every workflow, ends every listener task and saves snapshots."""
    runtime = loaded_entry.runtime_data
    assert len(runtime.runs.domain_ids) == 3
    assert runtime.sddc_manager["id"] == SIM_SDDC_MANAGER_ID
    listeners = list(runtime.runs._event_listeners.values())
    assert listeners
    assert not any(listener.done() for listener in listeners)

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
    assert all(listener.done() for listener in listeners)
    assert not loaded_entry._background_tasks
    snapshots = hass_storage[f"{DOMAIN}.{loaded_entry.entry_id}.runs"]["data"]
    assert set(snapshots["workflows"]) == set(runtime.runs.domain_ids)
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE


async def test_unreachable_sddc_manager_retries_setup(hass: HomeAssistant) -> None:
    """Nothing listening at the URL: setup is retried later."""
    entry = add_entry(
        hass,
        {
            CONF_URL: "http://127.0.0.1:9",
            "username": SIM_USERNAME,
            CONF_PASSWORD: "x",
            "verify_ssl": True,
        },
    )

    await hass.config_entries.async_setup(entry.entry_id)

    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_refused_credentials_start_reauthentication(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """SDDC Manager refusing the credentials at setup asks for new ones."""
    entry = add_entry(hass, entry_data(vcf_sim, **{CONF_PASSWORD: "changed"}))

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_unusable_settings_fail_setup(
    hass: HomeAssistant, vcf_sim: VcfSimulator, tmp_path: Path
) -> None:
    """A CA file that disappeared is a configuration error, not a retry."""
    entry = add_entry(
        hass, entry_data(vcf_sim, **{CONF_CA_BUNDLE: str(tmp_path / "gone.pem")})
    )

    await hass.config_entries.async_setup(entry.entry_id)

    assert entry.state is ConfigEntryState.SETUP_ERROR


async def test_auth_failure_while_polling_starts_reauthentication(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Credentials refused by an inventory poll start re-authentication."""
    await vcf_sim.add_fault(kind="status", status=401, count=1000)

    await loaded_entry.runtime_data.inventory.async_refresh()
    await hass.async_block_till_done()

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE


async def test_outage_makes_entities_unavailable_and_logs_once(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    vcf_sim: VcfSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """SDDC Manager down: entities unavailable, one error; back: one info line."""
    inventory = loaded_entry.runtime_data.inventory
    caplog.set_level(logging.INFO, logger="custom_components.datacenter_assistant")

    await hass.async_add_executor_job(vcf_sim.stop)
    await inventory.async_refresh()
    await inventory.async_refresh()
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE
    await hass.async_add_executor_job(vcf_sim.start)
    await inventory.async_refresh()
    await inventory.async_refresh()
    await wait_for_state(hass, STATUS, "waiting_for_initiation")

    coordinator_lines = [
        record
        for record in caplog.records
        if record.name == "custom_components.datacenter_assistant"
        and "inventory" in record.getMessage()
    ]
    assert [record.levelno for record in coordinator_lines] == [
        logging.ERROR,
        logging.INFO,
    ]
    assert "recovered" in coordinator_lines[1].getMessage()


@pytest.fixture
def one_retry() -> Generator[None]:
    """Retry a failed call once, not three times: ten failed polls in seconds, not minutes."""
    with patch("custom_components.datacenter_assistant.client.CLIENT_RETRIES", 1):
        yield


@pytest.mark.usefixtures("one_retry")
async def test_a_long_outage_logs_once_across_every_logger(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    vcf_sim: VcfSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Ten failed polls of the inventory and the connection write what one would.

    Every logger under the integration counts, the engine's included: one line when SDDC
    Manager goes, one INFO line when it is back, nothing per poll.
    """
    runtime = loaded_entry.runtime_data
    caplog.set_level(logging.DEBUG, logger="custom_components.datacenter_assistant")

    await hass.async_add_executor_job(vcf_sim.stop)
    for _ in range(10):
        await runtime.inventory.async_refresh()
        await runtime.connectivity.async_refresh()
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE
    await hass.async_add_executor_job(vcf_sim.start)
    await runtime.inventory.async_refresh()
    await runtime.connectivity.async_refresh()
    await wait_for_state(hass, STATUS, "waiting_for_initiation")

    ours = [
        record
        for record in caplog.records
        if record.name.startswith("custom_components.datacenter_assistant")
    ]
    assert any(record.levelno == logging.DEBUG for record in ours), "engine logs seen"
    loud = [
        f"{record.name}: {record.getMessage()}"
        for record in ours
        if record.levelno >= logging.WARNING
    ]
    assert len(loud) == 1, loud
    assert loud[0].startswith("custom_components.datacenter_assistant: Error fetching")
    back = [
        record
        for record in ours
        if record.levelno == logging.INFO and "recovered" in record.getMessage()
    ]
    assert len(back) == 1


async def test_saved_options_reload_the_entry_with_them(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Workflows and the inventory are created with their intervals: saving reloads them."""
    first_runs = loaded_entry.runtime_data.runs
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "intervals"}
    )
    await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_INVENTORY_INTERVAL: 15, CONF_UPGRADE_POLL_INTERVAL: 2},
    )
    await hass.async_block_till_done()

    assert loaded_entry.state is ConfigEntryState.LOADED
    runs = loaded_entry.runtime_data.runs
    assert runs is not first_runs
    assert runs.poll_interval == 2.0
    coordinator = loaded_entry.runtime_data.inventory
    assert coordinator.update_interval is not None
    assert coordinator.update_interval.total_seconds() == 15 * 60


async def test_diagnostics_hide_the_credentials(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Diagnostics show settings, inventory and workflows, never the credentials."""
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded_entry)

    redacted = diagnostics["entry"]["data"]
    assert redacted[CONF_PASSWORD] == REDACTED
    assert redacted["username"] == REDACTED
    assert diagnostics["sddc_manager"]["id"] == SIM_SDDC_MANAGER_ID
    assert len(diagnostics["inventory"]["domains"]) == 3
    assert {workflow["state"] for workflow in diagnostics["workflows"].values()} == {
        "waiting_for_initiation"
    }
    assert "VMware1!VMware1!" not in str(diagnostics)


async def test_removing_the_entry_deletes_its_snapshots(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """The saved workflow snapshots go with the entry."""
    key = f"{DOMAIN}.{loaded_entry.entry_id}.runs"
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    assert key in hass_storage

    await hass.config_entries.async_remove(loaded_entry.entry_id)

    assert key not in hass_storage


async def test_only_devices_of_vanished_domains_can_be_removed(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A listed domain's device stays; a stale one may be deleted by the user."""
    device = dr.async_entries_for_config_entry(device_registry, loaded_entry.entry_id)[
        0
    ]
    stale = device_registry.async_get_or_create(
        config_entry_id=loaded_entry.entry_id,
        identifiers={(DOMAIN, f"{SIM_SDDC_MANAGER_ID}_gone")},
    )

    assert not await async_remove_config_entry_device(hass, loaded_entry, device)
    assert await async_remove_config_entry_device(hass, loaded_entry, stale)


async def test_home_assistant_stop_saves_the_runs(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Entries are not unloaded when Home Assistant stops: the stop event saves the runs."""
    runs = loaded_entry.runtime_data.runs
    listeners = list(runs._event_listeners.values())

    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()

    assert all(listener.done() for listener in listeners)
    snapshots = hass_storage[f"{DOMAIN}.{loaded_entry.entry_id}.runs"]["data"]
    assert set(snapshots["workflows"]) == set(runs.domain_ids)

    # An inventory poll during the shutdown starts nothing new.
    await loaded_entry.runtime_data.inventory.async_refresh()
    assert not runs._event_listeners


async def test_unusable_snapshot_is_discarded(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    vcf_sim: VcfSimulator,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A snapshot the engine cannot continue is dropped with a warning; the rest loads."""
    domain = (await vcf_sim.domains())[0]
    key = f"{DOMAIN}.{config_entry.entry_id}.runs"
    hass_storage[key] = {
        "version": 1,
        "minor_version": 1,
        "key": key,
        "data": {"workflows": {domain["id"]: {"format": "from the future"}}},
    }
    config_entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    assert (
        f"Discarding the saved upgrade state of domain {domain['name']}" in caplog.text
    )
    assert state_of(hass, STATUS).state == "waiting_for_initiation"


async def test_a_registry_that_takes_device_info_gets_it_whole(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> None:
    """Where the registry has `async_get_or_create_from_info` (2026.11), it is used."""
    handed: list[dict[str, Any]] = []

    def create_from_info(
        self: dr.DeviceRegistry, *, config_entry_id: str, device_info: dr.DeviceInfo
    ) -> dr.DeviceEntry:
        handed.append(dict(device_info))
        return self.async_get_or_create(config_entry_id=config_entry_id, **device_info)

    with patch.object(
        dr.DeviceRegistry,
        "async_get_or_create_from_info",
        create_from_info,
        create=True,
    ):
        config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(config_entry.entry_id)
        await hass.async_block_till_done()
    assert [info["model"] for info in handed] == ["SDDC Manager"]
    (identifier,) = handed[0]["identifiers"]
    device = dr.async_get(hass).async_get_device_by_identifier(
        identifier, config_entry.entry_id
    )
    assert device is not None
    assert device.name == handed[0]["name"]
