"""Domains coming and going, restarts during an upgrade, and SDDC Manager outages."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from custom_components.datacenter_assistant.const import DOMAIN
from tests.support.simulator import SIM_SDDC_MANAGER_ID

from .helpers import (
    entry_data,
    state_of,
    wait_for,
    wait_for_notification,
    wait_for_state,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.core import HomeAssistant

    from tests.support.simulator import VcfSimulator


async def set_up(hass: HomeAssistant, sim: VcfSimulator) -> MockConfigEntry:
    """Add and set up an entry of the simulator's SDDC Manager."""
    await async_setup_component(hass, "persistent_notification", {})
    entry = MockConfigEntry(
        domain=DOMAIN, title="sddc", unique_id=SIM_SDDC_MANAGER_ID, data=entry_data(sim)
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def press(hass: HomeAssistant, index: int) -> None:
    """Press the start button of domain `index`."""
    await hass.services.async_call(
        "button",
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: f"button.vcf_domain{index}_start_upgrade"},
        blocking=True,
    )


def domain_entity_ids(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """Return the entity ids of an entry's domains."""
    return {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    }


SDDC_MANAGER_ENTITY_IDS = {
    "binary_sensor.vcf_connection",
    "sensor.vcf_token_expires_at",
    "button.vcf_upgrade_all_domains",
    "button.vcf_check_for_updates",
    "sensor.vcf_domains",
    "sensor.vcf_domains_with_update",
    "sensor.vcf_estate_state",
    "binary_sensor.vcf_updates_available",
}
"""The entity ids of the first SDDC Manager's own entities."""


def expected_entity_ids(*indexes: int) -> set[str]:
    """Return the entity ids of the domains with these indexes and the SDDC Manager's."""
    return {
        entity_id
        for index in indexes
        for entity_id in (
            f"button.vcf_domain{index}_start_upgrade",
            f"button.vcf_domain{index}_run_precheck",
            f"sensor.vcf_domain{index}_upgrade_status",
            f"sensor.vcf_domain{index}_upgrade_logs",
            f"sensor.vcf_domain{index}_current_version",
            f"sensor.vcf_domain{index}_available_version",
            f"update.vcf_domain{index}",
            f"event.vcf_domain{index}_upgrade",
            f"sensor.vcf_domain{index}_last_run_duration",
            f"sensor.vcf_domain{index}_total_runs",
            f"sensor.vcf_domain{index}_successful_runs",
            f"sensor.vcf_domain{index}_failed_runs",
            f"sensor.vcf_domain{index}_success_rate",
            f"sensor.vcf_domain{index}_alerts_raised",
        )
    } | SDDC_MANAGER_ENTITY_IDS


async def test_domain_indexes_stay_stable_while_domains_come_and_go(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """New domains get new entities without a reload; gone ones lose their device."""
    sim = vcf_sim_factory(domains=2)
    entry = await set_up(hass, sim)
    inventory = entry.runtime_data.inventory
    assert domain_entity_ids(hass, entry) == expected_entity_ids(1, 2)

    async def serve_domains(count: int) -> None:
        await hass.async_add_executor_job(partial(sim.restart, domains=count))
        await inventory.async_refresh()
        await hass.async_block_till_done()

    await serve_domains(3)
    assert entry.state is ConfigEntryState.LOADED
    assert domain_entity_ids(hass, entry) == expected_entity_ids(1, 2, 3)
    assert state_of(hass, "sensor.vcf_domain3_upgrade_status").state == (
        "waiting_for_initiation"
    )

    await serve_domains(1)
    assert domain_entity_ids(hass, entry) == expected_entity_ids(1)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert len(devices) == 2, "the SDDC Manager and the one remaining domain"
    assert hass.states.get("sensor.vcf_domain2_upgrade_status") is None
    assert len(entry.runtime_data.runs.domain_ids) == 1

    await serve_domains(3)
    assert domain_entity_ids(hass, entry) == expected_entity_ids(1, 2, 3)
    assert state_of(hass, "sensor.vcf_domain3_upgrade_status").state == (
        "waiting_for_initiation"
    )


async def test_a_second_sddc_manager_has_its_own_entity_ids(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """Its own entities are numbered `vcf_sddc2_...`; its domains continue the numbering."""
    first = await set_up(hass, vcf_sim_factory(domains=2))
    second_sim = vcf_sim_factory(domains=1)
    second = MockConfigEntry(
        domain=DOMAIN,
        title="second",
        unique_id="00000000-0000-4000-9000-000000000002",
        data=entry_data(second_sim),
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()

    assert domain_entity_ids(hass, first) == expected_entity_ids(1, 2)
    assert domain_entity_ids(hass, second) == (
        expected_entity_ids(3) - SDDC_MANAGER_ENTITY_IDS
    ) | {
        "binary_sensor.vcf_sddc2_connection",
        "sensor.vcf_sddc2_token_expires_at",
        "button.vcf_sddc2_upgrade_all_domains",
        "button.vcf_sddc2_check_for_updates",
        "sensor.vcf_sddc2_domains",
        "sensor.vcf_sddc2_domains_with_update",
        "sensor.vcf_sddc2_estate_state",
        "binary_sensor.vcf_sddc2_updates_available",
    }

    # Numbers are for good: reloading keeps them.
    assert await hass.config_entries.async_reload(second.entry_id)
    await hass.async_block_till_done()
    assert "binary_sensor.vcf_sddc2_connection" in domain_entity_ids(hass, second)


async def test_restart_resumes_a_running_upgrade_without_starting_it_again(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """Unloaded mid-upgrade and set up again, the run is monitored to its end."""
    sim = vcf_sim_factory(domains=1, step_ms=300)
    entry = await set_up(hass, sim)
    status = "sensor.vcf_domain1_upgrade_status"
    domain_id = entry.runtime_data.runs.domain_ids[0]

    await press(hass, 1)
    await wait_for_state(hass, status, "upgrade_in_progress")
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert state_of(hass, status).state in ("upgrade_in_progress", "upgrade_completed")
    await wait_for_state(hass, status, "upgrade_completed")

    upgrade_posts = [
        request
        for request in await sim.requests()
        if request["method"] == "POST"
        and request["path"] == f"/v1/domains/{domain_id}/upgrades"
    ]
    assert len(upgrade_posts) == 1


async def test_a_run_that_ended_while_home_assistant_was_down_reaches_automations(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """Saved runs resume once Home Assistant has started, after automations are loaded."""
    sim = vcf_sim_factory(domains=1, step_ms=300)
    entry = await set_up(hass, sim)
    status = "sensor.vcf_domain1_upgrade_status"
    await press(hass, 1)
    await wait_for_state(hass, status, "upgrade_in_progress")
    version_before = (await sim.domains())[0]["currentVersion"]
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    # Home Assistant is down while SDDC Manager finishes the upgrade.
    async with asyncio.timeout(30):
        while (await sim.domains())[0]["currentVersion"] == version_before:
            await asyncio.sleep(0.1)

    # It starts again: integrations are set up before automations are loaded.
    hass.set_state(CoreState.starting)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    completed = async_mock_service(hass, "test", "upgrade_completed")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "triggers": {
                    "trigger": "state",
                    "entity_id": status,
                    "to": "upgrade_completed",
                },
                "actions": {"action": "test.upgrade_completed"},
            }
        },
    )
    await hass.async_block_till_done()
    assert state_of(hass, status).state == "upgrade_in_progress"

    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await wait_for_state(hass, status, "upgrade_completed")
    await hass.async_block_till_done()
    assert len(completed) == 1


async def test_outage_during_an_upgrade_is_ridden_out(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """SDDC Manager away mid-upgrade: the status says so, the run still completes.

    The engine reports an outage once its client stopped retrying (some seconds), so the
    outage lasts until the status sensor shows it, then ends.
    """
    sim = vcf_sim_factory(domains=1, step_ms=300)
    await set_up(hass, sim)
    status = "sensor.vcf_domain1_upgrade_status"

    def reachable() -> Any:
        return state_of(hass, status).attributes["sddc_manager_reachable"]

    await press(hass, 1)
    await wait_for_state(hass, status, "upgrade_in_progress")
    await sim.request(
        "POST", "/sim/outage", json={"durationMs": 60_000, "mode": "reset"}
    )
    await wait_for(hass, lambda: reachable() is False, "the outage to show")
    assert state_of(hass, status).state == "upgrade_in_progress"

    await sim.request("DELETE", "/sim/outage")
    await wait_for_state(hass, status, "upgrade_completed")
    # The state is read from the workflow, the reachability from its events: it may lag.
    await wait_for(hass, lambda: reachable() is True, "the outage to end")


async def test_failed_downloads_end_the_run_with_a_notification(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """Every download attempt failing ends in upgrade_failed, notified."""
    sim = vcf_sim_factory(domains=1, scenarios={1: "download-fails"})
    entry = await set_up(hass, sim)
    domain_id = entry.runtime_data.runs.domain_ids[0]

    await press(hass, 1)
    await wait_for_state(hass, "sensor.vcf_domain1_upgrade_status", "upgrade_failed")
    await hass.async_block_till_done()

    await wait_for_notification(
        hass,
        f"{DOMAIN}_{entry.entry_id}_{domain_id}",
        containing="The upgrade of domain mgmt-domain failed",
    )
