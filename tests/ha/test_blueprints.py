"""The automation blueprints in `blueprints/` load, validate and do what they say.

Each blueprint is imported into a Home Assistant instance's blueprint folder, an automation
is created from it, and a real upgrade against the simulator drives it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
import shutil
from typing import TYPE_CHECKING, Any

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, STATE_ON
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.yaml import load_yaml_dict
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from .helpers import state_of, wait_for_state

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

BLUEPRINTS = (
    Path(__file__).parents[2] / "blueprints" / "automation" / "datacenter_assistant"
)
NOTIFY = "datacenter_assistant/notify_when_upgrade_finishes.yaml"
ACKNOWLEDGE = "datacenter_assistant/acknowledge_alerts_when.yaml"
WINDOW = "datacenter_assistant/upgrade_in_maintenance_window.yaml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HAPPY, ALERTS = 1, 2
SWITCH = "input_boolean.vcf_auto_acknowledge"


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """A happy domain and one whose upgrade raises alerts."""
    return {"domains": 2, "scenarios": {ALERTS: "alerts"}}


@pytest.fixture(autouse=True)
def blueprint_folder(hass: HomeAssistant, tmp_path: Path) -> None:
    """Give the instance its own config folder holding the repository's blueprints."""
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(
        BLUEPRINTS, tmp_path / "blueprints" / "automation" / "datacenter_assistant"
    )


def status(index: int) -> str:
    return f"sensor.vcf_domain{index}_upgrade_status"


async def press(hass: HomeAssistant, index: int) -> None:
    await hass.services.async_call(
        "button",
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: f"button.vcf_domain{index}_start_upgrade"},
        blocking=True,
    )


async def use_blueprint(hass: HomeAssistant, path: str, inputs: dict[str, Any]) -> None:
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "alias": path,
                "use_blueprint": {"path": path, "input": inputs},
            }
        },
    )
    await hass.async_block_till_done()
    automations = hass.states.async_all("automation")
    assert [automation.state for automation in automations] == [STATE_ON], (
        "the automation made from the blueprint is set up"
    )


@pytest.mark.parametrize(
    "path", sorted(BLUEPRINTS.glob("*.yaml")), ids=lambda p: p.name
)
def test_blueprints_are_valid(path: Path) -> None:
    """Every blueprint passes Home Assistant's blueprint schema for automations."""
    blueprint = models.Blueprint(
        load_yaml_dict(path),
        expected_domain="automation",
        path=path.name,
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.name
    assert blueprint.metadata["source_url"].endswith(path.name)


async def test_notify_when_an_upgrade_finishes(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A completed upgrade runs the action with the domain, the outcome and the log."""
    calls = async_mock_service(hass, "test", "upgrade_finished")
    await use_blueprint(
        hass,
        NOTIFY,
        {
            "status_sensors": [status(HAPPY), status(ALERTS)],
            "outcomes": ["upgrade_completed"],
            "notify_action": [
                {
                    "action": "test.upgrade_finished",
                    "data": {
                        "domain": "{{ domain }}",
                        "outcome": "{{ outcome }}",
                        "log_sensor": "{{ log_sensor }}",
                    },
                }
            ],
        },
    )

    await press(hass, HAPPY)
    await wait_for_state(hass, status(HAPPY), "upgrade_completed")
    await hass.async_block_till_done()

    assert len(calls) == 1
    assert calls[0].data["outcome"] == "upgrade_completed"
    assert calls[0].data["domain"] == state_of(hass, status(HAPPY)).name
    assert calls[0].data["log_sensor"] == f"sensor.vcf_domain{HAPPY}_upgrade_logs"


async def set_up_auto_acknowledge(hass: HomeAssistant) -> None:
    """Acknowledge domain ALERTS after a minute of waiting while a switch is on."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"vcf_auto_acknowledge": {}}}
    )
    await use_blueprint(
        hass,
        ACKNOWLEDGE,
        {
            "status_sensors": [status(ALERTS)],
            "waited": {"minutes": 1},
            "conditions": [
                {
                    "condition": "state",
                    "entity_id": SWITCH,
                    "state": "on",
                }
            ],
        },
    )


async def wait_a_minute(hass: HomeAssistant) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=1, seconds=1))
    await hass.async_block_till_done()


async def test_alerts_are_acknowledged_after_the_wait_when_the_condition_holds(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Paused: nothing happens at once; a minute later, with the switch on, it goes on."""
    await set_up_auto_acknowledge(hass)
    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    await hass.services.async_call(
        "input_boolean", "turn_on", {ATTR_ENTITY_ID: SWITCH}, blocking=True
    )
    await hass.async_block_till_done()
    assert state_of(hass, status(ALERTS)).state == "waiting_for_acknowledgment"

    await wait_a_minute(hass)
    await wait_for_state(hass, status(ALERTS), "upgrade_completed")


async def test_alerts_wait_when_the_condition_does_not_hold(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """With the switch off the pause stays for the operator."""
    await set_up_auto_acknowledge(hass)
    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")

    await wait_a_minute(hass)
    assert state_of(hass, status(ALERTS)).state == "waiting_for_acknowledgment"


WINDOW_DOMAINS = {"domains": 3, "scenarios": {2: "no-update", 3: "precheck-fail"}}


async def open_the_window(hass: HomeAssistant, weekdays: list[str]) -> Any:
    """Upgrade domain 1 (by its device), 2 and 3 (by their sensors) at 03:00 on `weekdays`."""
    calls = async_mock_service(hass, "test", "window_done")
    device_id = er.async_get(hass).async_get(status(1)).device_id
    await use_blueprint(
        hass,
        WINDOW,
        {
            "domains": {"device_id": device_id, "entity_id": [status(2), status(3)]},
            "start_time": "03:00:00",
            "weekdays": weekdays,
            "notify_action": [
                {
                    "action": "test.window_done",
                    "data": {
                        "outcomes": "{{ outcomes }}",
                        "summary": "{{ summary }}",
                        "timed_out": "{{ timed_out }}",
                    },
                }
            ],
        },
    )
    now = dt_util.now()
    window = now.replace(hour=3, minute=0, second=0, microsecond=0)
    if window <= now:
        window += timedelta(days=1)
    async_fire_time_changed(hass, dt_util.as_utc(window))
    await hass.async_block_till_done()
    return calls


@pytest.mark.parametrize("sim_options", [WINDOW_DOMAINS])
async def test_the_maintenance_window_upgrades_the_domains_with_an_update(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """At the time, on the day: domains with an update start; the outcome is reported."""
    today = WEEKDAYS[dt_util.now().weekday()]
    calls = await open_the_window(hass, [today])

    await wait_for_state(hass, status(1), "upgrade_completed")
    await wait_for_state(hass, status(3), "precheck_failed")
    await hass.async_block_till_done()
    assert state_of(hass, status(2)).state == "waiting_for_initiation"

    assert len(calls) == 1
    assert calls[0].data["timed_out"] is False
    assert calls[0].data["outcomes"] == {
        state_of(hass, status(1)).name: "upgrade_completed",
        state_of(hass, status(3)).name: "precheck_failed",
    }
    assert "upgrade completed" in calls[0].data["summary"]
    await close_the_window(hass)


@pytest.mark.parametrize("sim_options", [WINDOW_DOMAINS])
async def test_the_maintenance_window_stays_shut_on_other_days(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Not a maintenance day: nothing starts, nothing is reported."""
    today = WEEKDAYS[dt_util.now().weekday()]
    calls = await open_the_window(hass, [day for day in WEEKDAYS if day != today])

    assert state_of(hass, status(1)).state == "waiting_for_initiation"
    assert state_of(hass, status(1)).attributes["running"] is False
    assert calls == []
    await close_the_window(hass)


async def close_the_window(hass: HomeAssistant) -> None:
    """Turn the automation off: its time trigger's timer must not outlive the test."""
    await hass.services.async_call(
        "automation", "turn_off", {ATTR_ENTITY_ID: "all"}, blocking=True
    )
