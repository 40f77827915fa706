"""The entities of each domain, driven through whole upgrades against the simulator.

The simulator's domains play these scenarios (entity index X = simulator index, because a
fresh Home Assistant numbers the domains in inventory order):
1 happy, 2 no-update, 3 alerts, 4 precheck-fail, 5 upgrade-fails.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.sensor import ATTR_OPTIONS
from homeassistant.components.update import (
    ATTR_INSTALLED_VERSION,
    ATTR_LATEST_VERSION,
    SERVICE_INSTALL,
)
from homeassistant.components.update.const import ATTR_IN_PROGRESS
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_FRIENDLY_NAME,
    EVENT_STATE_CHANGED,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.entity import Entity
from homeassistant.setup import async_setup_component
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.datacenter_assistant.const import (
    DOMAIN,
    SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
)
from custom_components.datacenter_assistant.entity import SddcManagerSummaryEntity
from custom_components.datacenter_assistant.sensor import upgrade_log_state
from tests.support.simulator import SIM_SDDC_MANAGER_ID

from .helpers import state_of, wait_for_notification, wait_for_state

if TYPE_CHECKING:
    from homeassistant.helpers.event import EventStateChangedData

    from tests.support.simulator import VcfSimulator

NO_MESSAGES = "## No Messages\nNo upgrade activity at this time."
UPGRADE_STATES = [
    "waiting_for_initiation",
    "targeting_new_vcf_version",
    "downloading_bundle",
    "precheck_running",
    "precheck_failed",
    "upgrade_in_progress",
    "waiting_for_acknowledgment",
    "upgrade_completed",
    "upgrade_failed",
]
METRIC_KEYS = (
    "last_run_duration",
    "total_runs",
    "successful_runs",
    "failed_runs",
    "success_rate",
    "alerts_raised",
)
HAPPY, NO_UPDATE, ALERTS, PRECHECK_FAIL, UPGRADE_FAILS = 1, 2, 3, 4, 5


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Run five domains, one per scenario these tests need."""
    return {
        "domains": 5,
        "scenarios": {
            NO_UPDATE: "no-update",
            ALERTS: "alerts",
            PRECHECK_FAIL: "precheck-fail",
            UPGRADE_FAILS: "upgrade-fails",
        },
    }


def status(index: int) -> str:
    """Return the status sensor of domain `index`."""
    return f"sensor.vcf_domain{index}_upgrade_status"


def logs(index: int) -> str:
    """Return the log sensor of domain `index`."""
    return f"sensor.vcf_domain{index}_upgrade_logs"


def button(index: int) -> str:
    """Return the start button of domain `index`."""
    return f"button.vcf_domain{index}_start_upgrade"


async def sim_domain(sim: VcfSimulator, index: int) -> dict[str, Any]:
    """Return the simulator's domain `index` (id, name, currentVersion, ...)."""
    return next(domain for domain in await sim.domains() if domain["index"] == index)


async def domain_device(
    hass: HomeAssistant, sim: VcfSimulator, index: int
) -> dr.DeviceEntry:
    """Return the device of the simulator's domain `index`."""
    domain = await sim_domain(sim, index)
    [device] = dr.async_get(hass).async_get_devices(
        identifiers={(DOMAIN, f"{SIM_SDDC_MANAGER_ID}_{domain['id']}")}
    )
    return device


async def press(hass: HomeAssistant, index: int) -> None:
    """Press the start button of domain `index`."""
    await hass.services.async_call(
        "button", SERVICE_PRESS, {ATTR_ENTITY_ID: button(index)}, blocking=True
    )


async def acknowledge(hass: HomeAssistant, **target: Any) -> None:
    """Call the acknowledge service on `target`."""
    await hass.services.async_call(
        DOMAIN, SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS, target, blocking=True
    )


def record_states(hass: HomeAssistant, entity_id: str) -> list[str]:
    """Return a list that collects every state `entity_id` takes from now on."""
    states: list[str] = []

    @callback
    def state_changed(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == entity_id and event.data["new_state"]:
            new_state = event.data["new_state"].state
            if not states or states[-1] != new_state:
                states.append(new_state)

    hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
    return states


async def upgrade_posts(sim: VcfSimulator, domain_id: str) -> list[dict[str, Any]]:
    """Return the start-upgrade requests the simulator got for a domain."""
    return [
        request
        for request in await sim.requests()
        if request["method"] == "POST"
        and request["path"] == f"/v1/domains/{domain_id}/upgrades"
    ]


async def count_requests(sim: VcfSimulator, method: str, path_prefix: str) -> int:
    """Return how many requests the simulator got with this method and path prefix."""
    return sum(
        1
        for request in await sim.requests()
        if request["method"] == method and request["path"].startswith(path_prefix)
    )


async def test_entity_ids_devices_and_default_states(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Each domain has its device and its fourteen entities with fixed ids and defaults."""
    entity_registry = er.async_get(hass)
    for domain in await vcf_sim.domains():
        index = domain["index"]
        device = await domain_device(hass, vcf_sim, index)
        assert device.name == f"VCF {domain['name']}"
        assert device.sw_version == domain["currentVersion"]
        entity_ids = {
            entry.entity_id
            for entry in er.async_entries_for_device(
                entity_registry, device.id, include_disabled_entities=True
            )
        }
        assert entity_ids == {
            button(index),
            f"button.vcf_domain{index}_run_precheck",
            status(index),
            logs(index),
            f"sensor.vcf_domain{index}_current_version",
            f"sensor.vcf_domain{index}_available_version",
            f"update.vcf_domain{index}",
            f"event.vcf_domain{index}_upgrade",
            *(f"sensor.vcf_domain{index}_{key}" for key in METRIC_KEYS),
        }

        # Run metrics are statistics an operator turns on: off until then.
        for key in METRIC_KEYS:
            metric = entity_registry.async_get(f"sensor.vcf_domain{index}_{key}")
            assert metric is not None
            assert metric.disabled_by is er.RegistryEntryDisabler.INTEGRATION
            assert hass.states.get(metric.entity_id) is None

        upgrade_status = state_of(hass, status(index))
        assert upgrade_status.state == "waiting_for_initiation"
        assert upgrade_status.attributes[ATTR_OPTIONS] == UPGRADE_STATES
        assert upgrade_status.attributes["running"] is False
        log = state_of(hass, logs(index))
        assert log.state == NO_MESSAGES
        assert log.attributes["markdown"] == NO_MESSAGES
        current = state_of(hass, f"sensor.vcf_domain{index}_current_version")
        assert current.state == domain["currentVersion"]
        assert state_of(hass, button(index)).state == STATE_UNKNOWN

    # Names come from the translations: device name + entity name.
    name = (await sim_domain(vcf_sim, HAPPY))["name"]
    assert state_of(hass, status(HAPPY)).attributes[ATTR_FRIENDLY_NAME] == (
        f"VCF {name} Upgrade status"
    )
    update = state_of(hass, f"update.vcf_domain{HAPPY}")
    assert update.state == STATE_ON
    assert (
        update.attributes[ATTR_INSTALLED_VERSION]
        != (update.attributes[ATTR_LATEST_VERSION])
    )
    assert state_of(hass, f"update.vcf_domain{NO_UPDATE}").state == STATE_OFF
    # Up to date: the newest version available is the one it runs, not "unknown".
    available = state_of(hass, f"sensor.vcf_domain{NO_UPDATE}_available_version")
    current = state_of(hass, f"sensor.vcf_domain{NO_UPDATE}_current_version")
    assert available.state == current.state != STATE_UNKNOWN
    assert available.attributes["up_to_date"] is True
    assert "release_id" not in available.attributes
    assert (
        state_of(hass, f"sensor.vcf_domain{HAPPY}_available_version").attributes[
            "up_to_date"
        ]
        is False
    )


async def test_start_without_update_notifies_and_changes_nothing(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """No applicable release: a notification says so, the status stays."""
    domain = await sim_domain(vcf_sim, NO_UPDATE)

    await press(hass, NO_UPDATE)
    await hass.async_block_till_done()

    notification = await wait_for_notification(
        hass, f"{DOMAIN}_{loaded_entry.entry_id}_{domain['id']}"
    )
    assert notification["message"] == "No updates available for this domain"
    assert state_of(hass, status(NO_UPDATE)).state == "waiting_for_initiation"
    assert state_of(hass, status(NO_UPDATE)).attributes["running"] is False
    assert await upgrade_posts(vcf_sim, domain["id"]) == []


async def test_a_whole_upgrade_through_the_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The button runs the upgrade to completion; every entity follows it."""
    domain = await sim_domain(vcf_sim, HAPPY)
    seen = record_states(hass, status(HAPPY))
    target_version = state_of(hass, f"update.vcf_domain{HAPPY}").attributes[
        ATTR_LATEST_VERSION
    ]

    await press(hass, HAPPY)
    with pytest.raises(HomeAssistantError) as refused:
        await press(hass, HAPPY)
    assert refused.value.translation_key == "upgrade_already_running"
    await wait_for_state(hass, status(HAPPY), "upgrade_completed")

    # The states came in workflow order.
    assert seen[0] == "targeting_new_vcf_version"
    assert seen[-1] == "upgrade_completed"
    assert seen == sorted(seen, key=UPGRADE_STATES.index)
    assert "upgrade_in_progress" in seen
    attributes = state_of(hass, status(HAPPY)).attributes
    assert attributes["running"] is False

    log = state_of(hass, logs(HAPPY))
    assert log.state != NO_MESSAGES
    assert len(log.state) <= 255
    assert "Upgrade completed successfully" in log.attributes["markdown"]
    assert (
        f"Starting upgrade process for domain {domain['name']}"
        in (log.attributes["markdown"])
    )

    notification = await wait_for_notification(
        hass,
        f"{DOMAIN}_{loaded_entry.entry_id}_{domain['id']}",
        containing="completed successfully",
    )
    assert notification["title"] == f"VCF {domain['name']}"

    # The inventory is read again: the domain now runs the release it moved to.
    await wait_for_state(
        hass, f"sensor.vcf_domain{HAPPY}_current_version", target_version
    )
    await wait_for_state(hass, f"update.vcf_domain{HAPPY}", STATE_OFF)
    device = await domain_device(hass, vcf_sim, HAPPY)
    assert device.sw_version == target_version
    assert len(await upgrade_posts(vcf_sim, domain["id"])) == 1


async def test_update_entity_installs_through_the_same_workflow(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Installing the update starts the run; the entity is in progress meanwhile."""
    update = f"update.vcf_domain{HAPPY}"
    in_progress: list[bool] = []

    @callback
    def state_changed(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == update and event.data["new_state"]:
            in_progress.append(event.data["new_state"].attributes[ATTR_IN_PROGRESS])

    hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)

    await hass.services.async_call(
        "update", SERVICE_INSTALL, {ATTR_ENTITY_ID: update}, blocking=True
    )
    await wait_for_state(hass, status(HAPPY), "upgrade_completed")
    await wait_for_state(hass, update, STATE_OFF)

    assert True in in_progress
    assert state_of(hass, update).attributes[ATTR_IN_PROGRESS] is False


async def test_alerts_wait_for_the_acknowledge_service(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """An upgrade with alerts pauses until an automation acknowledges them."""
    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")

    # Still waiting while the workflow keeps polling the upgrade.
    domain = await sim_domain(vcf_sim, ALERTS)
    monitor = f"/v1/domains/{domain['id']}/upgrades/"
    polls_before = await count_requests(vcf_sim, "GET", monitor)
    async with asyncio.timeout(10):
        while await count_requests(vcf_sim, "GET", monitor) <= polls_before + 2:
            await hass.async_block_till_done()
    assert state_of(hass, status(ALERTS)).state == "waiting_for_acknowledgment"

    device = await domain_device(hass, vcf_sim, ALERTS)
    await acknowledge(hass, **{ATTR_DEVICE_ID: device.id})
    await wait_for_state(hass, status(ALERTS), "upgrade_completed")


async def test_acknowledge_by_entity_id(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Any entity of the domain names it for the service."""
    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")

    await acknowledge(hass, **{ATTR_ENTITY_ID: logs(ALERTS)})

    await wait_for_state(hass, status(ALERTS), "upgrade_completed")


async def test_acknowledge_by_area(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """An area with one of our domains targets it; other integrations' devices are ignored."""
    area_registry = ar.async_get(hass)
    device_registry = dr.async_get(hass)
    racks = area_registry.async_create("Rack A")
    empty = area_registry.async_create("Rack B")
    other_entry = MockConfigEntry(domain="other")
    other_entry.add_to_hass(hass)
    ups, pdu = (
        device_registry.async_get_or_create(
            config_entry_id=other_entry.entry_id, identifiers={("other", name)}
        )
        for name in ("ups", "pdu")
    )
    for device in (await domain_device(hass, vcf_sim, ALERTS), ups):
        device_registry.async_update_device(device.id, area_id=racks.id)
    device_registry.async_update_device(pdu.id, area_id=empty.id)

    with pytest.raises(ServiceValidationError) as refused:
        await acknowledge(hass, **{ATTR_AREA_ID: empty.id})
    assert refused.value.translation_key == "missing_target"

    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    await acknowledge(hass, **{ATTR_AREA_ID: racks.id})
    await wait_for_state(hass, status(ALERTS), "upgrade_completed")

    device_registry.async_update_device(
        (await domain_device(hass, vcf_sim, HAPPY)).id, area_id=racks.id
    )
    with pytest.raises(ServiceValidationError) as refused:
        await acknowledge(hass, **{ATTR_AREA_ID: racks.id})
    assert refused.value.translation_key == "ambiguous_target"


async def test_acknowledge_refuses_bad_targets_and_states(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Unknown, ambiguous or empty targets and a domain that does not wait are refused."""
    cases: list[tuple[dict[str, Any], str]] = [
        ({ATTR_DEVICE_ID: "no-such-device"}, "unknown_target"),
        ({ATTR_ENTITY_ID: "sensor.no_such_sensor"}, "unknown_target"),
        ({ATTR_ENTITY_ID: [status(HAPPY), status(ALERTS)]}, "ambiguous_target"),
        ({ATTR_DEVICE_ID: []}, "missing_target"),
        ({ATTR_ENTITY_ID: status(HAPPY)}, "not_waiting_for_acknowledgment"),
    ]
    for target, translation_key in cases:
        with pytest.raises(ServiceValidationError) as refused:
            await acknowledge(hass, **target)
        assert refused.value.translation_key == translation_key, target

    with pytest.raises(probatio.Invalid):
        await acknowledge(hass)

    # The device and an entity of the same domain are one target, not two.
    device = await domain_device(hass, vcf_sim, HAPPY)
    with pytest.raises(ServiceValidationError) as refused:
        await acknowledge(
            hass, **{ATTR_DEVICE_ID: device.id, ATTR_ENTITY_ID: status(HAPPY)}
        )
    assert refused.value.translation_key == "not_waiting_for_acknowledgment"


async def test_refused_credentials_on_start_ask_for_new_ones(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """SDDC Manager refusing the start: an error, and re-authentication begins."""
    await vcf_sim.add_fault(
        method="GET", pathPrefix="/v1/", kind="status", status=401, count=100
    )

    with pytest.raises(HomeAssistantError) as refused:
        await press(hass, HAPPY)

    assert refused.value.translation_key == "authentication_failed"
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert state_of(hass, status(HAPPY)).state == "waiting_for_initiation"


async def test_failed_acknowledgment_is_reported(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """SDDC Manager refusing the acknowledgment: the service fails, the run still waits."""
    domain = await sim_domain(vcf_sim, ALERTS)
    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    await vcf_sim.add_fault(
        method="POST",
        pathPrefix=f"/v1/domains/{domain['id']}/upgrades/acknowledge",
        kind="status",
        status=404,
        count=10,
    )

    with pytest.raises(HomeAssistantError) as refused:
        await acknowledge(hass, **{ATTR_ENTITY_ID: status(ALERTS)})

    assert refused.value.translation_key == "acknowledge_failed"
    assert not isinstance(refused.value, ServiceValidationError)
    assert state_of(hass, status(ALERTS)).state == "waiting_for_acknowledgment"


async def test_failed_precheck_notifies_with_details(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A failed precheck stops the run; the notification carries the details."""
    domain = await sim_domain(vcf_sim, PRECHECK_FAIL)

    await press(hass, PRECHECK_FAIL)
    await wait_for_state(hass, status(PRECHECK_FAIL), "precheck_failed")
    await hass.async_block_till_done()

    notification = await wait_for_notification(
        hass,
        f"{DOMAIN}_{loaded_entry.entry_id}_{domain['id']}",
        containing="precheck of domain",
    )
    # The details: the whole log of the run, with the failed validations.
    markdown = state_of(hass, logs(PRECHECK_FAIL)).attributes["markdown"]
    assert markdown in notification["message"]
    assert await upgrade_posts(vcf_sim, domain["id"]) == []


async def test_failed_upgrade_notifies(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A failed upgrade ends in upgrade_failed with a notification."""
    domain = await sim_domain(vcf_sim, UPGRADE_FAILS)

    await press(hass, UPGRADE_FAILS)
    await wait_for_state(hass, status(UPGRADE_FAILS), "upgrade_failed")
    await hass.async_block_till_done()

    notification = await wait_for_notification(
        hass,
        f"{DOMAIN}_{loaded_entry.entry_id}_{domain['id']}",
        containing=f"The upgrade of domain {domain['name']} failed",
    )
    # The details: the run's log, with SDDC Manager's error.
    assert "ESXi host" in notification["message"]


def test_log_state_is_cut_to_a_state_length() -> None:
    """A log entry longer than a state can be is cut to 255 characters."""
    entry = {"at": "2026-11-26T12:00:00Z", "level": "info", "message": "x" * 300}
    long_entry = SimpleNamespace(workflow=SimpleNamespace(latest_log_entry=entry))
    no_entry = SimpleNamespace(workflow=SimpleNamespace(latest_log_entry=None))

    assert upgrade_log_state(long_entry) == "x" * 255  # type: ignore[arg-type]
    assert upgrade_log_state(no_entry) == NO_MESSAGES  # type: ignore[arg-type]


async def test_an_unchanged_inventory_writes_no_state(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A poll that finds every domain as before leaves the entities alone."""
    entity_id = "sensor.vcf_domain1_current_version"
    # Every write, even of the same value, moves `last_reported` (of the same State object).
    reported_before = state_of(hass, entity_id).last_reported

    await loaded_entry.runtime_data.inventory.async_refresh()
    await hass.async_block_till_done()

    assert state_of(hass, entity_id).last_reported == reported_before


async def test_a_refresh_reaches_only_the_entities_of_changed_domains(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A poll writes the entities of the domains it found changed, and no other entity.

    Domain entities listen to their own domain on the coordinator, not to every update:
    the entities reached grow with the domains that changed, not with all entities.
    """
    coordinator = loaded_entry.runtime_data.inventory
    # The SDDC Manager's summary counts every domain: it looks at every update (and
    # writes only when what it shows changed); no domain entity does.
    assert not any(
        isinstance(getattr(listener, "__self__", None), Entity)
        and not isinstance(listener.__self__, SddcManagerSummaryEntity)
        for listener, _ in coordinator._listeners.values()
    ), "a domain entity listens to every update of the coordinator"
    registry = er.async_get(hass)
    domain_entities: dict[str, set[str]] = {}
    for index in range(1, 6):
        device = await domain_device(hass, vcf_sim, index)
        domain_entities[(await sim_domain(vcf_sim, index))["id"]] = {
            entry.entity_id
            for entry in er.async_entries_for_device(registry, device.id)
            if not entry.disabled
        }
    per_domain = len(domain_entities[next(iter(domain_entities))])
    assert per_domain > 1
    assert all(len(ids) == per_domain for ids in domain_entities.values())

    # The summary of the domains with an update: their names change with each step.
    summary = {
        "sensor.vcf_domains_with_update",
        "binary_sensor.vcf_updates_available",
    }
    written: list[str] = []
    write = Entity._async_write_ha_state

    def record_write(entity: Entity) -> None:
        written.append(entity.entity_id)
        write(entity)

    async def refresh_writes() -> list[str]:
        written.clear()
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        return sorted(written)

    async def set_scenario(index: int, scenario: str) -> None:
        await vcf_sim.request(
            "PUT", f"/sim/domains/{index}/scenario", json={"scenario": scenario}
        )

    first, second = [
        (await sim_domain(vcf_sim, index))["id"] for index in (HAPPY, ALERTS)
    ]
    with patch.object(Entity, "_async_write_ha_state", record_write):
        assert await refresh_writes() == []

        # One domain of five changes (no release to move to any more).
        await set_scenario(HAPPY, "no-update")
        assert await refresh_writes() == sorted(domain_entities[first] | summary)

        # Two change: twice as many entities, still none of the unchanged domains'.
        await set_scenario(HAPPY, "happy")
        await set_scenario(ALERTS, "no-update")
        assert await refresh_writes() == sorted(
            domain_entities[first] | domain_entities[second] | summary
        )

        assert await refresh_writes() == []
    assert state_of(hass, "update.vcf_domain3").state == STATE_OFF


async def test_update_entity_refreshes_the_inventory(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """`homeassistant.update_entity` on a domain entity polls the inventory at once."""
    await async_setup_component(hass, "homeassistant", {})
    polls = await count_requests(vcf_sim, "GET", "/v1/domains")

    await hass.services.async_call(
        "homeassistant",
        "update_entity",
        {ATTR_ENTITY_ID: "sensor.vcf_domain1_current_version"},
        blocking=True,
    )
    await hass.async_block_till_done()

    assert await count_requests(vcf_sim, "GET", "/v1/domains") > polls
