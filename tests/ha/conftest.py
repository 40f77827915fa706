"""Fixtures of the Home Assistant layer's tests: the real engine against the real simulator.

`vcf_sim` starts `vcf-sim` (built with `cargo build -p vcf-sim`) as a subprocess on loopback
with short steps and kills it at teardown. Workflows poll fast (`DEFAULT_UPGRADE_POLL_INTERVAL`
is patched), so a whole upgrade takes about a second.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from unittest.mock import PropertyMock, patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension

from custom_components.datacenter_assistant.const import DOMAIN
from tests.support.simulator import SIM_SDDC_MANAGER_ID, VcfSimulator

from .helpers import entry_data

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

    from homeassistant.core import HomeAssistant
    from syrupy.assertion import SnapshotAssertion

WORKFLOW_POLL_INTERVAL = 0.05


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create entities that are disabled by default (run metrics, token expiry) enabled."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Options of the `vcf_sim` fixture; override with `@pytest.mark.parametrize`."""
    return {}


@pytest.fixture
def vcf_sim(
    vcf_sim_factory: Callable[..., VcfSimulator], sim_options: dict[str, Any]
) -> VcfSimulator:
    """Start a simulator: three happy domains unless `sim_options` says otherwise."""
    return vcf_sim_factory(**sim_options)


@pytest.fixture(autouse=True)
def fast_workflow_polling() -> Generator[None]:
    """Make workflows poll a running upgrade every 50 ms instead of every 30 s.

    A run held by VCF's domain order looks again every 50 ms too, instead of every
    inventory interval.
    """
    with (
        patch(
            "custom_components.datacenter_assistant.runs.DEFAULT_UPGRADE_POLL_INTERVAL",
            WORKFLOW_POLL_INTERVAL,
        ),
        patch(
            "custom_components.datacenter_assistant.runs.inventory_interval",
            return_value=timedelta(seconds=WORKFLOW_POLL_INTERVAL),
        ),
    ):
        yield


@pytest.fixture
def config_entry(vcf_sim: VcfSimulator) -> MockConfigEntry:
    """Return a config entry of the simulator's SDDC Manager (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="sddc-manager.vcf.sim",
        unique_id=SIM_SDDC_MANAGER_ID,
        data=entry_data(vcf_sim),
    )


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the config entry against the simulator."""
    await async_setup_component(hass, "persistent_notification", {})
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.LOADED
    return config_entry


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots with Home Assistant's serializer, kept in `tests/ha/snapshots/`."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
