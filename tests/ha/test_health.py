"""Observability: run metrics, connection health, token expiry, system health, logging.

The simulator's domains: 1 happy, 2 alerts, 3 precheck-fail (entity index X = simulator
index in a fresh Home Assistant).
"""

from __future__ import annotations

from datetime import datetime, timedelta
import logging
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import aiohttp
from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.sensor import (
    ATTR_STATE_CLASS,
    SensorDeviceClass,
    SensorStateClass,
)
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_ENTITY_ID,
    ATTR_UNIT_OF_MEASUREMENT,
    PERCENTAGE,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    EntityCategory,
    UnitOfTime,
)
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    get_system_health_info,
)

from custom_components.datacenter_assistant.const import (
    CONNECTIVITY_INTERVAL,
    DOMAIN,
    SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
)
from custom_components.datacenter_assistant.devices import is_current_domain_device
from custom_components.datacenter_assistant.health import token_expiry
from tests.support.simulator import SIM_PASSWORD, SIM_SDDC_MANAGER_ID, SIM_USERNAME

from .helpers import state_of, wait_for_state

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from datacenter_assistant_core import VcfClient
    from tests.support.simulator import VcfSimulator

HAPPY, ALERTS, PRECHECK_FAIL = 1, 2, 3
CONNECTION = "binary_sensor.vcf_connection"
TOKEN_EXPIRES_AT = "sensor.vcf_token_expires_at"  # noqa: S105 - an entity id
LOGGER_NAME = "custom_components.datacenter_assistant"
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.")


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Run three domains: happy, alerts, precheck failure."""
    return {
        "domains": 3,
        "scenarios": {ALERTS: "alerts", PRECHECK_FAIL: "precheck-fail"},
    }


def sensor(index: int, key: str) -> str:
    """Return the entity id of a sensor of domain `index`."""
    return f"sensor.vcf_domain{index}_{key}"


async def press(hass: HomeAssistant, index: int) -> None:
    """Press the start button of domain `index`."""
    await hass.services.async_call(
        "button",
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: f"button.vcf_domain{index}_start_upgrade"},
        blocking=True,
    )


async def run_every_scenario(hass: HomeAssistant) -> None:
    """Run the happy, the alerts (acknowledged) and the precheck-failing upgrade."""
    for index in (HAPPY, ALERTS, PRECHECK_FAIL):
        await press(hass, index)
    await wait_for_state(
        hass, sensor(ALERTS, "upgrade_status"), "waiting_for_acknowledgment"
    )
    await hass.services.async_call(
        DOMAIN,
        SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
        {ATTR_ENTITY_ID: sensor(ALERTS, "upgrade_status")},
        blocking=True,
    )
    await wait_for_state(hass, sensor(HAPPY, "upgrade_status"), "upgrade_completed")
    await wait_for_state(hass, sensor(ALERTS, "upgrade_status"), "upgrade_completed")
    await wait_for_state(
        hass, sensor(PRECHECK_FAIL, "upgrade_status"), "precheck_failed"
    )
    await hass.async_block_till_done()


def metric_states(hass: HomeAssistant, index: int) -> dict[str, str]:
    """Return the states of domain `index`'s metric sensors by key."""
    return {
        key: state_of(hass, sensor(index, key)).state
        for key in (
            "total_runs",
            "successful_runs",
            "failed_runs",
            "success_rate",
            "alerts_raised",
            "last_run_duration",
        )
    }


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_metric_sensors_before_any_run(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Counters start at zero; the rate and the last duration are unknown; all diagnostic."""
    assert metric_states(hass, HAPPY) == {
        "total_runs": "0",
        "successful_runs": "0",
        "failed_runs": "0",
        "success_rate": STATE_UNKNOWN,
        "alerts_raised": "0",
        "last_run_duration": STATE_UNKNOWN,
    }
    entity_registry = er.async_get(hass)
    for key in metric_states(hass, HAPPY):
        entry = entity_registry.async_get(sensor(HAPPY, key))
        assert entry is not None
        assert entry.entity_category is EntityCategory.DIAGNOSTIC, key
    duration = state_of(hass, sensor(HAPPY, "last_run_duration")).attributes
    assert duration[ATTR_DEVICE_CLASS] == SensorDeviceClass.DURATION
    assert duration[ATTR_UNIT_OF_MEASUREMENT] == UnitOfTime.SECONDS
    assert duration[ATTR_STATE_CLASS] == SensorStateClass.MEASUREMENT
    rate = state_of(hass, sensor(HAPPY, "success_rate")).attributes
    assert rate[ATTR_UNIT_OF_MEASUREMENT] == PERCENTAGE
    assert rate[ATTR_STATE_CLASS] == SensorStateClass.MEASUREMENT
    for key in ("total_runs", "successful_runs", "failed_runs", "alerts_raised"):
        attributes = state_of(hass, sensor(HAPPY, key)).attributes
        assert attributes[ATTR_STATE_CLASS] == SensorStateClass.TOTAL_INCREASING, key


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_metric_sensors_follow_whole_runs_and_survive_a_restart(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Each scenario's counters, rate, alerts and timings; unload + setup keeps them."""
    await run_every_scenario(hass)

    happy = metric_states(hass, HAPPY)
    assert {k: v for k, v in happy.items() if k != "last_run_duration"} == {
        "total_runs": "1",
        "successful_runs": "1",
        "failed_runs": "0",
        "success_rate": "100.0",
        "alerts_raised": "0",
    }
    assert float(happy["last_run_duration"]) > 0
    alerts = metric_states(hass, ALERTS)
    assert alerts["successful_runs"] == "1"
    assert int(alerts["alerts_raised"]) >= 1
    failed = metric_states(hass, PRECHECK_FAIL)
    assert failed["total_runs"] == "1"
    assert failed["failed_runs"] == "1"
    assert failed["successful_runs"] == "0"
    assert failed["success_rate"] == "0.0"

    # Per phase and per component timings are the last-run-duration sensor's attributes,
    # no longer the status sensor's.
    duration = state_of(hass, sensor(HAPPY, "last_run_duration")).attributes
    assert duration["outcome"] == "upgrade_completed"
    assert {"downloading_bundle", "precheck_running", "upgrade_in_progress"} <= set(
        duration["phase_durations"]
    )
    assert duration["component_durations"]
    assert all(seconds >= 0 for seconds in duration["phase_durations"].values())
    assert duration["alerts_raised"] == 0
    assert (
        state_of(hass, sensor(ALERTS, "last_run_duration")).attributes["alerts_raised"]
        >= 1
    )
    status = state_of(hass, sensor(HAPPY, "upgrade_status")).attributes
    assert "phase_durations" not in status
    assert "total_runs" not in status
    assert status["run_ended_at"] is not None

    before = {index: metric_states(hass, index) for index in (1, 2, 3)}
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert state_of(hass, sensor(HAPPY, "total_runs")).state == STATE_UNAVAILABLE
    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert {index: metric_states(hass, index) for index in (1, 2, 3)} == before
    # A second run adds to the restored counters.
    await press(hass, PRECHECK_FAIL)
    await wait_for_state(hass, sensor(PRECHECK_FAIL, "failed_runs"), "2")
    assert state_of(hass, sensor(PRECHECK_FAIL, "total_runs")).state == "2"
    assert state_of(hass, sensor(PRECHECK_FAIL, "success_rate")).state == "0.0"


async def sim_tokens(sim: VcfSimulator) -> tuple[str, str]:
    """Log in to the simulator ourselves; return an access token and a refresh token."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{sim.url}/v1/tokens",
            json={"username": SIM_USERNAME, "password": SIM_PASSWORD},
        ) as response,
    ):
        response.raise_for_status()
        pair = await response.json()
    return pair["accessToken"], pair["refreshToken"]["id"]


async def test_debug_log_of_a_whole_upgrade_holds_no_secret(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    vcf_sim: VcfSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """At DEBUG: requests and transitions are logged, passwords and tokens never.

    The access token is refused once, so the client also refreshes it (a request whose
    body is the refresh token).
    """
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    access_token, refresh_token = await sim_tokens(vcf_sim)
    # The simulator's tokens are JWTs: the pattern below finds any of them.
    assert JWT.match(access_token)
    await async_setup_component(hass, "persistent_notification", {})
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    await press(hass, HAPPY)
    await wait_for_state(hass, sensor(HAPPY, "upgrade_status"), "upgrade_completed")
    # A refused access token: the client refreshes it (the refresh token is the body).
    await vcf_sim.request("POST", "/sim/tokens/expire")
    await config_entry.runtime_data.connectivity.async_refresh()
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()

    ours = [record for record in caplog.records if record.name.startswith(LOGGER_NAME)]
    lines = [record.getMessage() for record in ours] + [caplog.text]
    for line in lines:
        assert SIM_PASSWORD not in line
        assert access_token not in line
        assert refresh_token not in line
        assert not JWT.search(line), line
    requests = await vcf_sim.requests()
    assert any(
        request["path"] == "/v1/tokens/access-token/refresh" for request in requests
    )

    api = f"{LOGGER_NAME}.core.api"
    debug_requests = [
        record.getMessage()
        for record in ours
        if record.name == api and record.levelno == logging.DEBUG
    ]
    assert any(line.startswith("request POST /v1/tokens") for line in debug_requests)
    assert any(line.startswith("request GET /v1/domains") for line in debug_requests)
    assert any("/v1/tokens/access-token/refresh" in line for line in debug_requests)
    transitions = [
        record.getMessage()
        for record in ours
        if record.name == f"{LOGGER_NAME}.core.upgrade"
        and record.levelno == logging.INFO
        and "->" in record.getMessage()
    ]
    assert any("upgrade_in_progress -> upgrade_completed" in t for t in transitions)
    assert len(transitions) >= 5


async def test_failed_runs_are_logged_at_error(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A run that needs an operator logs its errors at ERROR; a completed one none."""
    await press(hass, HAPPY)
    await press(hass, PRECHECK_FAIL)
    await wait_for_state(
        hass, sensor(PRECHECK_FAIL, "upgrade_status"), "precheck_failed"
    )
    await wait_for_state(hass, sensor(HAPPY, "upgrade_status"), "upgrade_completed")
    await hass.async_block_till_done()

    errors = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(LOGGER_NAME) and record.levelno >= logging.ERROR
    ]
    assert errors
    assert all("00000000-0000-4000-8000-000000000003" in line for line in errors)
    assert any("Precheck failed" in line for line in errors)


async def test_connection_sensor_and_hub_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """One connectivity sensor and one token sensor per entry, on the SDDC Manager."""
    connection = state_of(hass, CONNECTION)
    assert connection.state == STATE_ON
    assert connection.attributes[ATTR_DEVICE_CLASS] == "connectivity"
    assert connection.attributes["latency"] >= 0
    assert connection.attributes["last_error"] is None

    device_registry = dr.async_get(hass)
    hub = device_registry.async_get_device_by_identifier(
        (DOMAIN, SIM_SDDC_MANAGER_ID), loaded_entry.entry_id
    )
    assert hub is not None
    assert hub.model == "SDDC Manager"
    assert is_current_domain_device(loaded_entry, hub)
    entity_registry = er.async_get(hass)
    for entity_id in (CONNECTION, TOKEN_EXPIRES_AT):
        entity = entity_registry.async_get(entity_id)
        assert entity is not None
        assert entity.device_id == hub.id
        assert entity.entity_category is EntityCategory.DIAGNOSTIC
    domain_devices = [
        device
        for device in dr.async_entries_for_config_entry(
            device_registry, loaded_entry.entry_id
        )
        if device.id != hub.id
    ]
    assert len(domain_devices) == 3
    assert all(device.via_device_id == hub.id for device in domain_devices)

    # The inventory keeps the hub device while it prunes vanished domains' devices.
    await loaded_entry.runtime_data.inventory.async_refresh()
    await hass.async_block_till_done()
    assert device_registry.async_get(hub.id) is not None


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_token_expiry_sensor(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The access token's expiry as a timestamp; the token itself is never exposed."""
    state = state_of(hass, TOKEN_EXPIRES_AT)
    assert state.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.TIMESTAMP
    expires_at = datetime.fromisoformat(state.state)
    # The simulator's tokens live an hour.
    remaining = expires_at - dt_util.utcnow()
    assert timedelta(minutes=55) < remaining <= timedelta(hours=1)
    client = loaded_entry.runtime_data.client
    assert client.token_expires_at == pytest.approx(expires_at.timestamp(), abs=1)
    assert "eyJ" not in str(state.attributes)


async def test_connection_goes_down_and_comes_back(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    vcf_sim: VcfSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An outage turns the connection off at the next test, one warning; back: one info."""
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    connectivity = loaded_entry.runtime_data.connectivity
    latency_before = connectivity.data.latency
    assert latency_before is not None

    await vcf_sim.request(
        "POST", "/sim/outage", json={"durationMs": 600_000, "mode": "unavailable"}
    )
    # The periodic test, every minute, independent of the inventory's cadence.
    async_fire_time_changed(hass, dt_util.utcnow() + CONNECTIVITY_INTERVAL)
    await wait_for_state(hass, CONNECTION, STATE_OFF)
    assert "503" in state_of(hass, CONNECTION).attributes["last_error"]
    await connectivity.async_refresh()  # still down: nothing more is logged
    # Every other entity stays available: only the inventory poll decides that.
    assert state_of(hass, sensor(HAPPY, "upgrade_status")).state != STATE_UNAVAILABLE
    assert await async_setup_component(hass, "system_health", {})
    await hass.async_block_till_done()
    info = await get_system_health_info(hass, DOMAIN)
    assert info["api_reachable"] is False
    assert info["latency"] == "unknown"

    await vcf_sim.request("DELETE", "/sim/outage")
    await connectivity.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, CONNECTION).state == STATE_ON
    await connectivity.async_refresh()

    lines = [
        record
        for record in caplog.records
        if record.name == LOGGER_NAME and "SDDC Manager at" in record.getMessage()
    ]
    assert [record.levelno for record in lines] == [logging.INFO, logging.INFO]
    assert "not answering" in lines[0].getMessage()
    assert "answers again" in lines[1].getMessage()
    assert connectivity.data.last_success is not None


async def test_refused_credentials_in_the_connectivity_test_start_reauth(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A failed token refresh and login during the test ask for new credentials."""
    await vcf_sim.request("POST", "/sim/tokens/expire", json={"refreshTokens": True})
    await vcf_sim.add_fault(kind="status", status=401, count=1000)

    await loaded_entry.runtime_data.connectivity.async_refresh()
    await hass.async_block_till_done()

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert state_of(hass, CONNECTION).state == STATE_UNAVAILABLE


async def test_system_health(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The system health page: reachability, last poll, latency, token, version."""
    assert await async_setup_component(hass, "system_health", {})
    await hass.async_block_till_done()

    info = await get_system_health_info(hass, DOMAIN)

    runtime = loaded_entry.runtime_data
    assert info["loaded_entries"] == 1
    assert info["api_reachable"] is True
    assert info["last_successful_poll"] == runtime.inventory.last_successful_poll
    assert isinstance(info["last_successful_poll"], datetime)
    assert re.fullmatch(r"\d+ ms", info["latency"])
    assert info["token_valid_until"] == runtime.connectivity.data.token_expires_at
    assert info["sddc_manager_version"] == runtime.sddc_manager["version"]

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
    assert await get_system_health_info(hass, DOMAIN) == {"loaded_entries": 0}


def test_token_expiry_before_any_login() -> None:
    """A client that never logged in has no token expiry."""
    assert (
        token_expiry(cast("VcfClient", SimpleNamespace(token_expires_at=None))) is None
    )
