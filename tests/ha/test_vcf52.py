"""The integration on SDDC Manager 5.2's lifecycle API (`vcf-sim --dialect vcf52`).

Same entities, states, log and service as on the default dialect: the pause for precheck
warnings and for a retryable component failure is released by the acknowledge service,
a failure that cannot be retried ends the run, and every bundle's upgrade starts once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID
import pytest

from custom_components.datacenter_assistant.const import CONF_DIALECT, DOMAIN

from .helpers import state_of, wait_for_notification, wait_for_state

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from tests.support.simulator import VcfSimulator

STATUS = "sensor.vcf_domain1_upgrade_status"
LOGS = "sensor.vcf_domain1_upgrade_logs"
# The management domain's bundles: SDDC Manager, NSX, vCenter, ESXi.
BUNDLES = 4


def sim_with(scenario: str) -> dict[str, Any]:
    return {"domains": 1, "dialect": "vcf52", "scenarios": {1: scenario}}


async def press(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "button",
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.vcf_domain1_start_upgrade"},
        blocking=True,
    )


async def acknowledge(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        DOMAIN,
        "acknowledge_upgrade_alerts",
        {ATTR_ENTITY_ID: STATUS},
        blocking=True,
    )


async def upgrade_starts(sim: VcfSimulator) -> list[dict[str, Any]]:
    """The accepted `POST /v1/upgrades` of the run, one per bundle expected."""
    return [
        request
        for request in await sim.requests()
        if request["method"] == "POST"
        and request["path"] == "/v1/upgrades"
        and request["status"] == 202
    ]


def log_markdown(hass: HomeAssistant) -> str:
    return str(state_of(hass, LOGS).attributes["markdown"])


@pytest.mark.parametrize("sim_options", [sim_with("happy")])
async def test_a_vcf52_upgrade_runs_every_phase_once_per_bundle(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The entry speaks vcf52; each component is upgraded once, with its progress logged."""
    assert loaded_entry.data[CONF_DIALECT] == "vcf52"
    assert loaded_entry.runtime_data.client.dialect == "vcf52"

    await press(hass)
    await wait_for_state(hass, STATUS, "upgrade_completed")

    starts = await upgrade_starts(vcf_sim)
    assert len(starts) == BUNDLES
    assert len({start["body"]["bundleId"] for start in starts}) == BUNDLES
    markdown = log_markdown(hass)
    assert "Upgrading VCENTER (3/4) from" in markdown
    assert "Upgrade completed successfully" in markdown


@pytest.mark.parametrize("sim_options", [sim_with("precheck-warnings")])
async def test_precheck_warnings_wait_for_the_acknowledge_service(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Warnings without errors pause before the first component; the service releases."""
    await press(hass)
    await wait_for_state(hass, STATUS, "waiting_for_acknowledgment")
    assert await upgrade_starts(vcf_sim) == []
    assert "WARNING" in log_markdown(hass)

    await acknowledge(hass)
    await wait_for_state(hass, STATUS, "upgrade_completed")
    assert len(await upgrade_starts(vcf_sim)) == BUNDLES


@pytest.mark.parametrize("sim_options", [sim_with("upgrade-fails")])
async def test_a_retryable_component_failure_is_retried_through_the_service(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A failed, retryable ESXi upgrade pauses; acknowledging retries its task once."""
    await press(hass)
    await wait_for_state(hass, STATUS, "waiting_for_acknowledgment")

    await acknowledge(hass)
    await wait_for_state(hass, STATUS, "upgrade_completed")
    retries = [
        request
        for request in await vcf_sim.requests()
        if request["method"] == "PATCH" and request["path"].startswith("/v1/tasks/")
    ]
    assert len(retries) == 1
    assert len(await upgrade_starts(vcf_sim)) == BUNDLES


@pytest.mark.parametrize("sim_options", [sim_with("upgrade-fails-hard")])
async def test_a_failure_that_cannot_be_retried_ends_the_run(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Not retryable: upgrade_failed with the reasons in the log and a notification."""
    await press(hass)
    await wait_for_state(hass, STATUS, "upgrade_failed")

    notification = await wait_for_notification(
        hass,
        f"{DOMAIN}_{loaded_entry.entry_id}_{loaded_entry.runtime_data.runs.domain_ids[0]}",
    )
    assert notification["message"]
    assert "ERROR" in log_markdown(hass)


@pytest.mark.parametrize("sim_options", [sim_with("precheck-warnings")])
async def test_an_acknowledgment_while_the_entry_sets_up_again_is_taken_once(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """After a restart the restored state and the action agree while the entry sets up.

    The status sensor shows `waiting_for_acknowledgment` before the entry is loaded; an
    automation acknowledging on that state is answered, and the run goes on with it.
    """
    await press(hass)
    await wait_for_state(hass, STATUS, "waiting_for_acknowledgment")
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()

    forward = hass.config_entries.async_forward_entry_setups
    seen_while_setting_up: list[tuple[ConfigEntryState, str]] = []

    async def acknowledge_once_entities_exist(
        entry: ConfigEntry[Any], platforms: Any
    ) -> None:
        await forward(entry, platforms)
        seen_while_setting_up.append((entry.state, state_of(hass, STATUS).state))
        await acknowledge(hass)

    with patch.object(
        hass.config_entries,
        "async_forward_entry_setups",
        acknowledge_once_entities_exist,
    ):
        assert await hass.config_entries.async_setup(loaded_entry.entry_id)
        await hass.async_block_till_done()
    assert seen_while_setting_up == [
        (ConfigEntryState.SETUP_IN_PROGRESS, "waiting_for_acknowledgment")
    ]
    await wait_for_state(hass, STATUS, "upgrade_completed")
    starts = await upgrade_starts(vcf_sim)
    assert (
        len({start["body"]["bundleId"] for start in starts}) == len(starts) == BUNDLES
    )
    assert log_markdown(hass).count("precheck warning(s) acknowledged") == 1
