"""What a loaded config entry holds at run time (`entry.runtime_data`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

if TYPE_CHECKING:
    from datacenter_assistant_core import SddcManager, VcfClient

    from .coordinator import InventoryCoordinator
    from .estate import EstateCoordinator
    from .health import ConnectivityCoordinator
    from .runs import UpgradeRunManager
    from .store import DomainIndexStore


@dataclass(kw_only=True)
class DatacenterAssistantData:
    """One SDDC Manager: its client, inventory, connectivity test and upgrade workflows."""

    client: VcfClient
    sddc_manager: SddcManager
    sddc_manager_device_id: str
    sddc_manager_number: int
    """N of its own entities' ids (`vcf_sddc{N}_...`; 1, the first, has none)."""
    """The registry id of the SDDC Manager's device, which the domains' devices hang off."""
    inventory: InventoryCoordinator
    connectivity: ConnectivityCoordinator
    runs: UpgradeRunManager
    estate: EstateCoordinator | None = None
    """The clusters and hosts; `None` on a dialect without them (this project's contract)."""


type DatacenterAssistantConfigEntry = ConfigEntry[DatacenterAssistantData]

DOMAIN_INDEXES: HassKey[DomainIndexStore] = HassKey(f"{DOMAIN}_domain_indexes")
"""The integration-wide domain index store, created in `async_setup`."""
