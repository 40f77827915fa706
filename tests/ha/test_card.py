"""The dashboard card: served by the integration, loaded by the frontend, fed by the status sensor."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.components.recorder import history
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.datacenter_assistant.card import (
    CARD_PATH,
    CARD_URL,
    async_register_card,
    async_register_card_resource,
    card_url,
)
from custom_components.datacenter_assistant.const import DOMAIN
from custom_components.datacenter_assistant.phases import PHASES, upgrade_phases

from .helpers import entry_data, state_of, wait_for_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.components.recorder import Recorder
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.typing import (
        ClientSessionGenerator,
        WebSocketGenerator,
    )

    from datacenter_assistant_core import RunMetrics, WorkflowState
    from tests.support.simulator import VcfSimulator

STATUS = "sensor.vcf_domain1_upgrade_status"


async def test_the_card_is_served_and_loaded_by_every_page(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The module is one URL with a fingerprint of its content, cached by browsers."""
    urls = [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if CARD_URL in url]
    assert len(urls) == 1, urls
    url = urls[0]
    path, _, fingerprint = url.partition("?v=")
    assert path == CARD_URL
    assert len(fingerprint) == 12
    assert all(c in "0123456789abcdef" for c in fingerprint)

    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    assert "javascript" in response.headers["Content-Type"]
    assert "max-age" in response.headers.get("Cache-Control", "")
    body = await response.read()
    assert body == CARD_PATH.read_bytes()
    assert b"datacenter-assistant-upgrade-card" in body


RESOURCES_KEY = "lovelace_resources"
OTHER_RESOURCE = {"id": "other", "type": "module", "url": "/local/other-card.js"}


def card_module_url(hass: HomeAssistant) -> str:
    """The fingerprinted URL every page loads."""
    [url] = [u for u in hass.data[DATA_EXTRA_MODULE_URL].urls if CARD_URL in u]
    return url


def stored_resources(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Lovelace's resources as its store keeps them."""
    return {"version": 1, "key": RESOURCES_KEY, "data": {"items": items}}


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await async_setup_component(hass, "persistent_notification", {})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def lovelace_resources(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> list[dict[str, Any]]:
    """The resources as the frontend (and a cast device) reads them."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "lovelace/resources"})
    response = await client.receive_json()
    assert response["success"], response
    return list(response["result"])


def ours(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in resources if r["url"].startswith(CARD_URL)]


async def test_the_card_is_a_lovelace_resource_for_cast_dashboards(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A cast device loads resources, not extra modules: the card's module is one, once."""
    resources = await lovelace_resources(hass, hass_ws_client)
    assert [(r["type"], r["url"]) for r in ours(resources)] == [
        ("module", card_module_url(hass))
    ]

    # Set up again (a restart with the same storage): still the one resource.
    await async_register_card_resource(hass, card_module_url(hass))
    await hass.async_block_till_done()
    assert ours(await lovelace_resources(hass, hass_ws_client)) == ours(resources)


async def test_a_new_fingerprint_updates_the_cards_resource(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A new release of the card moves its resource's URL; other resources stay as they are."""
    url = card_module_url(hass)
    await async_register_card_resource(hass, card_url("0123456789ab"))
    resources = await lovelace_resources(hass, hass_ws_client)
    [resource] = ours(resources)
    assert resource["url"] == card_url("0123456789ab")

    await async_register_card_resource(hass, url)
    after = await lovelace_resources(hass, hass_ws_client)
    assert ours(after) == [{**resource, "url": url}], "the same resource, updated"
    assert len(after) == len(resources)


async def test_a_stored_resource_of_an_older_card_is_updated(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    config_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The resource an older release left is updated; a copy of it goes; others stay."""
    hass_storage[RESOURCES_KEY] = stored_resources(
        [
            OTHER_RESOURCE,
            {"id": "old", "type": "js", "url": f"{CARD_URL}?v=000000000000"},
            {"id": "copy", "type": "module", "url": CARD_URL},
        ]
    )
    await set_up(hass, config_entry)

    resources = await lovelace_resources(hass, hass_ws_client)
    assert resources == [
        OTHER_RESOURCE,
        {"id": "old", "type": "module", "url": card_module_url(hass)},
    ]


async def test_reloads_and_a_second_entry_add_no_second_resource(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    vcf_sim_factory: Callable[..., VcfSimulator],
    hass_ws_client: WebSocketGenerator,
) -> None:
    second = MockConfigEntry(
        domain=DOMAIN,
        title="second",
        unique_id="00000000-0000-4000-9000-000000000002",
        data=entry_data(vcf_sim_factory(domains=1)),
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    for entry in (loaded_entry, second):
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
    # Two registrations at once (the frontend and Lovelace racing) still make one.
    url = card_module_url(hass)
    await asyncio.gather(
        async_register_card_resource(hass, url),
        async_register_card_resource(hass, url),
    )

    resources = await lovelace_resources(hass, hass_ws_client)
    assert [r["url"] for r in ours(resources)] == [url]


async def test_the_resource_waits_for_lovelace(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Registered before Lovelace is loaded, the resource is added once it is."""
    assert await async_setup_component(hass, "http", {})
    # Without the frontend, which loads Lovelace first.
    with patch(
        "custom_components.datacenter_assistant.card.add_extra_js_url"
    ) as add_extra_js_url:
        await async_register_card(hass)
    await hass.async_block_till_done()
    assert LOVELACE_DATA not in hass.data

    assert await async_setup_component(hass, "lovelace", {})
    await hass.async_block_till_done()
    resources = await lovelace_resources(hass, hass_ws_client)
    assert [(r["type"], r["url"]) for r in ours(resources)] == [
        ("module", add_extra_js_url.call_args.args[1])
    ]


async def test_yaml_resources_are_left_to_the_user(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """In YAML mode the user lists the resources: the card only logs how to add it."""
    yaml_resources = [{"type": "module", "url": "/local/other-card.js"}]
    assert await async_setup_component(
        hass,
        "lovelace",
        {"lovelace": {"resource_mode": "yaml", "resources": yaml_resources}},
    )
    caplog.set_level(logging.DEBUG, logger="custom_components.datacenter_assistant")
    await set_up(hass, config_entry)

    assert hass.data[LOVELACE_DATA].resources.async_items() == yaml_resources
    assert RESOURCES_KEY not in hass_storage
    assert card_module_url(hass)  # every page still loads it
    assert "Lovelace resources are in YAML" in caplog.text


def run_metrics(
    state_ms: dict[str, int], current_state: WorkflowState | None
) -> RunMetrics:
    """A run that spent `state_ms` in its phases and is now in `current_state`."""
    return {
        "run": 1,
        "release_version": "5.2.1.0",
        "started_at": "2026-11-30T12:00:00Z",
        "ended_at": None if current_state else "2026-11-30T13:00:00Z",
        "duration_ms": sum(state_ms.values()),
        "outcome": None,
        "state_ms": state_ms,  # type: ignore[typeddict-item]
        "component_ms": {},
        "alerts_raised": 0,
        "current_state": current_state,
        "current_state_since": "2026-11-30T12:30:00Z" if current_state else None,
        "current_component": None,
        "current_component_since": None,
    }


def statuses(state: WorkflowState, run: RunMetrics | None) -> list[str]:
    return [phase["status"] for phase in upgrade_phases(state, run)]


BEFORE_UPGRADE = {
    "targeting_new_vcf_version": 1000,
    "downloading_bundle": 20000,
    "precheck_running": 5000,
}


@pytest.mark.parametrize(
    ("state", "run", "expected"),
    [
        pytest.param(
            "waiting_for_initiation",
            None,
            ["current"] + ["pending"] * 6,
            id="never run",
        ),
        pytest.param(
            "downloading_bundle",
            run_metrics({"targeting_new_vcf_version": 1000}, "downloading_bundle"),
            ["done", "done", "current"] + ["pending"] * 4,
            id="downloading",
        ),
        pytest.param(
            "waiting_for_acknowledgment",
            run_metrics(BEFORE_UPGRADE, "waiting_for_acknowledgment"),
            ["done"] * 4 + ["current", "waiting", "pending"],
            id="precheck warnings wait",
        ),
        pytest.param(
            "upgrade_in_progress",
            run_metrics(
                {**BEFORE_UPGRADE, "waiting_for_acknowledgment": 9000},
                "upgrade_in_progress",
            ),
            ["done"] * 4 + ["current", "pending", "pending"],
            id="upgrading after an acknowledgment",
        ),
        pytest.param(
            "precheck_failed",
            run_metrics(BEFORE_UPGRADE, None),
            ["done"] * 3 + ["failed"] + ["pending"] * 3,
            id="precheck failed",
        ),
        pytest.param(
            "upgrade_failed",
            run_metrics(
                {"targeting_new_vcf_version": 1000, "downloading_bundle": 1}, None
            ),
            ["done", "done", "failed"] + ["pending"] * 4,
            id="download failed",
        ),
        pytest.param(
            "upgrade_failed",
            run_metrics({**BEFORE_UPGRADE, "upgrade_in_progress": 60000}, None),
            ["done"] * 4 + ["failed", "pending", "pending"],
            id="upgrade failed",
        ),
        pytest.param(
            "upgrade_completed",
            run_metrics({**BEFORE_UPGRADE, "upgrade_in_progress": 60000}, None),
            ["done"] * 5 + ["skipped", "done"],
            id="completed without a pause",
        ),
        pytest.param(
            "upgrade_completed",
            run_metrics(
                {
                    **BEFORE_UPGRADE,
                    "upgrade_in_progress": 60000,
                    "waiting_for_acknowledgment": 1,
                },
                None,
            ),
            ["done"] * 7,
            id="completed after a pause",
        ),
    ],
)
def test_the_stepper_marks_the_phase_a_run_stands_at(
    state: WorkflowState, run: RunMetrics | None, expected: list[str]
) -> None:
    assert statuses(state, run) == expected


def test_phases_carry_their_time_in_seconds() -> None:
    phases = upgrade_phases(
        "precheck_running",
        run_metrics({"downloading_bundle": 20400}, "precheck_running"),
    )
    assert (
        [phase["phase"] for phase in phases]
        == list(PHASES)
        == [
            "waiting_for_initiation",
            "targeting_new_vcf_version",
            "downloading_bundle",
            "precheck_running",
            "upgrade_in_progress",
            "waiting_for_acknowledgment",
            "upgrade_completed",
        ]
    )
    durations = {phase["phase"]: phase["duration"] for phase in phases}
    assert durations["downloading_bundle"] == 20.4
    assert durations["precheck_running"] == 0  # entered, timed when it ends
    assert durations["upgrade_in_progress"] is None


async def test_the_cards_lists_stay_out_of_the_database(
    recorder_mock: Recorder, hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Phases, components, alerts and the last precheck are on the state, not recorded."""
    start = dt_util.utcnow()
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.vcf_domain1_start_upgrade"},
        blocking=True,
    )
    await wait_for_state(hass, STATUS, "upgrade_completed")
    live: dict[str, Any] = dict(state_of(hass, STATUS).attributes)
    unrecorded = {"phases", "components", "alerts", "last_precheck"}
    assert unrecorded <= live.keys()
    assert live["components"], live
    assert live["last_precheck"], live

    await async_wait_recording_done(hass)
    recorded = await hass.async_add_executor_job(
        history.get_significant_states, hass, start, None, [STATUS]
    )
    assert recorded[STATUS]
    for state in recorded[STATUS]:
        assert not unrecorded & state.attributes.keys()
        assert {"running", "waiting_for"} <= state.attributes.keys()
