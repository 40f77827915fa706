"""The upgrade event entity of each domain, fired by the run manager.

The simulator's domains (default dialect) play: 1 happy, 2 alerts, 3 precheck-fail,
4 upgrade-fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.event import ATTR_EVENT_TYPE, ATTR_EVENT_TYPES
from homeassistant.const import (
    ATTR_ENTITY_ID,
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.datacenter_assistant.const import (
    DOMAIN,
    SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
)
from tests.support.simulator import SIM_SDDC_MANAGER_ID

from .helpers import state_of, wait_for, wait_for_state

if TYPE_CHECKING:
    from homeassistant.helpers.event import EventStateChangedData
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from tests.support.simulator import VcfSimulator

HAPPY, ALERTS, PRECHECK_FAIL, UPGRADE_FAILS = 1, 2, 3, 4
EVENT_TYPES = [
    "upgrade_completed",
    "upgrade_failed",
    "precheck_failed",
    "acknowledgment_required",
]


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Four domains, one per event type."""
    return {
        "domains": 4,
        "scenarios": {
            ALERTS: "alerts",
            PRECHECK_FAIL: "precheck-fail",
            UPGRADE_FAILS: "upgrade-fails",
        },
    }


def event_entity(index: int) -> str:
    return f"event.vcf_domain{index}_upgrade"


def status(index: int) -> str:
    return f"sensor.vcf_domain{index}_upgrade_status"


async def press(hass: HomeAssistant, index: int) -> None:
    await hass.services.async_call(
        "button",
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: f"button.vcf_domain{index}_start_upgrade"},
        blocking=True,
    )


def record_firings(hass: HomeAssistant) -> dict[str, list[dict[str, Any]]]:
    """Collect, per event entity, the attributes of each event it fires from now on.

    An event is a new state (its time); a state written again, restored or unavailable is
    not one.
    """
    firings: dict[str, list[dict[str, Any]]] = {}
    seen: dict[str, set[str]] = {}

    @callback
    def state_changed(event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        new_state = event.data["new_state"]
        if not entity_id.startswith("event.vcf_domain") or new_state is None:
            return
        if new_state.state in (STATE_UNKNOWN, STATE_UNAVAILABLE):
            return
        known = seen.setdefault(entity_id, set())
        if event.data["old_state"] is not None:
            known.add(event.data["old_state"].state)
        if new_state.state in known:
            return
        known.add(new_state.state)
        firings.setdefault(entity_id, []).append(dict(new_state.attributes))

    hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
    return firings


def fired_types(firings: dict[str, list[dict[str, Any]]], index: int) -> list[str]:
    return [attrs[ATTR_EVENT_TYPE] for attrs in firings.get(event_entity(index), [])]


async def test_event_entity_per_domain_on_its_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """`event.vcf_domain{X}_upgrade` on the domain's device, with the four event types."""
    entity_registry = er.async_get(hass)
    device_registry = dr.async_get(hass)
    for domain in await vcf_sim.domains():
        entity_id = event_entity(domain["index"])
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.unique_id == f"{SIM_SDDC_MANAGER_ID}_{domain['id']}_upgrade"
        assert entry.translation_key == "upgrade"
        device = device_registry.async_get(entry.device_id or "")
        assert device is not None
        assert device.identifiers == {(DOMAIN, f"{SIM_SDDC_MANAGER_ID}_{domain['id']}")}
        state = state_of(hass, entity_id)
        assert state.state == STATE_UNKNOWN
        assert state.attributes[ATTR_EVENT_TYPES] == EVENT_TYPES
        assert state.attributes["friendly_name"] == f"VCF {domain['name']} Upgrade"


async def test_each_event_type_fires_once_in_its_scenario(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Completed, failed, failed precheck, and an acknowledgment before completing."""
    names = {d["index"]: d["name"] for d in await vcf_sim.domains()}
    firings = record_firings(hass)
    for index in (HAPPY, ALERTS, PRECHECK_FAIL, UPGRADE_FAILS):
        await press(hass, index)
    await wait_for_state(hass, status(HAPPY), "upgrade_completed")
    await wait_for_state(hass, status(PRECHECK_FAIL), "precheck_failed")
    await wait_for_state(hass, status(UPGRADE_FAILS), "upgrade_failed")
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    await wait_for(
        hass,
        lambda: fired_types(firings, ALERTS) == ["acknowledgment_required"],
        "the acknowledgment event",
    )
    await hass.services.async_call(
        DOMAIN,
        SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
        {ATTR_ENTITY_ID: status(ALERTS)},
        blocking=True,
    )
    await wait_for_state(hass, status(ALERTS), "upgrade_completed")
    await hass.async_block_till_done()

    assert fired_types(firings, HAPPY) == ["upgrade_completed"]
    assert fired_types(firings, ALERTS) == [
        "acknowledgment_required",
        "upgrade_completed",
    ]
    assert fired_types(firings, PRECHECK_FAIL) == ["precheck_failed"]
    assert fired_types(firings, UPGRADE_FAILS) == ["upgrade_failed"]

    for index in (HAPPY, ALERTS, PRECHECK_FAIL, UPGRADE_FAILS):
        for attributes in firings[event_entity(index)]:
            assert attributes["domain"] == names[index]
            assert attributes["target_version"] == "5.2.1.0"
    [completed] = firings[event_entity(HAPPY)]
    assert "error" not in completed
    [waiting, _] = firings[event_entity(ALERTS)]
    assert waiting["alerts"]
    [precheck] = firings[event_entity(PRECHECK_FAIL)]
    assert precheck["errors"] >= 1
    assert precheck["findings"]
    assert any("ESXi host connectivity" in f for f in precheck["findings"])
    [failed] = firings[event_entity(UPGRADE_FAILS)]
    assert failed["error"]
    assert "ESX" in failed["error"]
    assert state_of(hass, event_entity(UPGRADE_FAILS)).attributes[ATTR_EVENT_TYPE] == (
        "upgrade_failed"
    )


async def test_a_reload_fires_nothing_again(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The last event is restored after a reload; a run restored waiting fires nothing."""
    firings = record_firings(hass)
    await press(hass, HAPPY)
    await press(hass, ALERTS)
    await wait_for_state(hass, status(HAPPY), "upgrade_completed")
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    await hass.async_block_till_done()
    before = state_of(hass, event_entity(ALERTS))
    assert fired_types(firings, ALERTS) == ["acknowledgment_required"]

    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")

    restored = state_of(hass, event_entity(ALERTS))
    assert restored.state == before.state
    assert restored.attributes[ATTR_EVENT_TYPE] == "acknowledgment_required"
    assert state_of(hass, event_entity(HAPPY)).attributes[ATTR_EVENT_TYPE] == (
        "upgrade_completed"
    )
    assert fired_types(firings, HAPPY) == ["upgrade_completed"]
    assert fired_types(firings, ALERTS) == ["acknowledgment_required"]
