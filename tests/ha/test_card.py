"""The dashboard card: served by the integration, loaded by the frontend, fed by the status sensor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.components.recorder import history
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.datacenter_assistant.card import CARD_PATH, CARD_URL
from custom_components.datacenter_assistant.phases import PHASES, upgrade_phases

from .helpers import state_of, wait_for_state

if TYPE_CHECKING:
    from homeassistant.components.recorder import Recorder
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

    from datacenter_assistant_core import RunMetrics, WorkflowState

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
