"""Diagnostics download: redacted settings, health, inventory, metrics and recent log.

The download is compared with a syrupy snapshot (`snapshots/test_diagnostics.ambr`, update
with `--snapshot-update`). What changes from run to run (the simulator's port, times,
durations, latencies, the ids the simulator draws at random) is replaced by placeholders.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.datacenter_assistant.diagnostics import REDACTED, redact_site
from tests.support.simulator import SIM_PASSWORD, SIM_USERNAME

from .helpers import wait_for_state

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
    from syrupy.assertion import SnapshotAssertion
    from syrupy.types import PropertyPath

VOLATILE_KEYS = frozenset(
    {
        # times
        "at",
        "checked_at",
        "last_success",
        "last_successful_poll",
        "token_expires_at",
        "started_at",
        "ended_at",
        "current_state_since",
        "current_component_since",
        # durations and latencies
        "latency",
        "duration_ms",
        "state_ms",
        "component_ms",
        # progress as the polls happened to see it
        "progress_percent",
        "logged_progress_quarter",
    }
)
LOCAL_URL = re.compile(r"http://127\.0\.0\.1:\d+")
# The simulator's fixed ids start with eight zeros; the ids of prechecks and upgrades are
# random.
RANDOM_UUID = re.compile(
    r"\b(?!00000000-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
)


def stable(data: Any, path: PropertyPath) -> Any:
    """Replace what differs between two runs of the same test."""
    if path and path[-1][0] in VOLATILE_KEYS and data is not None:
        return f"<{type(data).__name__}>"
    if isinstance(data, str):
        return RANDOM_UUID.sub("<uuid>", LOCAL_URL.sub("http://127.0.0.1:<port>", data))
    return data


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """One domain whose precheck fails, one that stays idle."""
    return {"domains": 2, "scenarios": {1: "precheck-fail"}}


async def test_diagnostics_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """After a failed run: metrics, recent log entries, health; credentials redacted."""
    assert await async_setup_component(hass, "diagnostics", {})
    await hass.services.async_call(
        "button",
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.vcf_domain1_start_upgrade"},
        blocking=True,
    )
    await wait_for_state(hass, "sensor.vcf_domain1_upgrade_status", "precheck_failed")
    await hass.async_block_till_done()

    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, loaded_entry
    )

    text = str(diagnostics)
    assert SIM_PASSWORD not in text
    assert SIM_USERNAME not in text
    assert "eyJ" not in text
    # Nothing that names the site: its URL, its host names, SDDC Manager's FQDN.
    assert loaded_entry.data["url"] not in text
    assert "127.0.0.1" not in text
    assert ".vcf.sim" not in text
    assert "sddc-manager" not in text
    # The log book is given once, as the recent entries, not again inside the snapshot.
    for workflow in diagnostics["workflows"].values():
        assert "log" not in workflow["snapshot"].get("workflow", {})
    assert diagnostics == snapshot(matcher=stable)


def test_redaction_covers_the_ca_bundle_path_and_ip_urls() -> None:
    """A CA path and an IP address in the URL are the site's too."""
    site = {"https://10.0.0.5", "10.0.0.5", "/config/certs/corp-ca.pem"}
    data = {
        "error": "cannot connect to https://10.0.0.5: refused",
        "tls": "CA /config/certs/corp-ca.pem is not PEM",
        "hosts": ["esx-01.corp.example.com rebooted", "version 8.0.3.00300"],
    }
    assert redact_site(data, site) == {
        "error": f"cannot connect to {REDACTED}: refused",
        "tls": f"CA {REDACTED} is not PEM",
        "hosts": [f"{REDACTED} rebooted", "version 8.0.3.00300"],
    }
