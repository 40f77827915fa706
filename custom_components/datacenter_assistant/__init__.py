"""DataCenter Assistant: drive the upgrade of VMware Cloud Foundation domains.

The SDDC Manager client and the upgrade workflow are the native engine
`datacenter_assistant_core`; this package wires them into Home Assistant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryError,
    ConfigEntryNotReady,
)
from homeassistant.helpers import config_validation as cv, device_registry as dr

from datacenter_assistant_core import ConfigurationError, VcfError

from .card import async_register_card
from .client import CaBundleNotFoundError, InvalidUrlError, async_create_client
from .const import DOMAIN
from .coordinator import Inventory, InventoryCoordinator, sddc_manager_key
from .data import (
    DOMAIN_INDEXES,
    DatacenterAssistantConfigEntry,
    DatacenterAssistantData,
)
from .devices import (
    async_register_sddc_manager_device,
    async_sync_cluster_devices,
    async_sync_domain_devices,
    is_current_domain_device,
)
from .errors import engine_error
from .estate import Estate, EstateCoordinator, has_estate
from .health import ConnectivityCoordinator
from .runs import UpgradeRunManager
from .services import async_setup_services
from .store import DomainIndexStore, RunSnapshotStore

if TYPE_CHECKING:
    from homeassistant.helpers.typing import ConfigType

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SENSOR,
    Platform.UPDATE,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Load the domain indexes, register the services and serve the dashboard card."""
    domain_indexes = DomainIndexStore(hass)
    await domain_indexes.async_load()
    hass.data[DOMAIN_INDEXES] = domain_indexes
    async_setup_services(hass)
    await async_register_card(hass)
    return True


async def async_setup_entry(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry
) -> bool:
    """Connect to SDDC Manager, read its inventory and resume its domains' workflows."""
    try:
        client = await async_create_client(hass, entry.data)
    except (InvalidUrlError, CaBundleNotFoundError, ConfigurationError) as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="invalid_configuration",
            translation_placeholders={"error": str(err)},
        ) from err
    try:
        await client.login()
        sddc_manager = await client.sddc_manager()
    except VcfError as err:
        raise engine_error(err, ConfigEntryNotReady, "cannot_connect") from err

    inventory = InventoryCoordinator(hass, entry, client, hass.data[DOMAIN_INDEXES])
    await inventory.async_config_entry_first_refresh()
    connectivity = ConnectivityCoordinator(hass, entry, client)
    await connectivity.async_config_entry_first_refresh()
    estate: EstateCoordinator | None = None
    if has_estate(client):
        estate = EstateCoordinator(hass, entry, client)
        # Not a first refresh: a failing estate leaves its entities unavailable, not the
        # entry unloaded.
        await estate.async_refresh()
    sddc_manager_device_id = async_register_sddc_manager_device(
        hass, entry, sddc_manager
    )
    sddc_manager_number = await hass.data[DOMAIN_INDEXES].async_assign_sddc_manager(
        sddc_manager_key(entry)
    )

    runs = UpgradeRunManager(
        hass, entry, client, inventory, RunSnapshotStore(hass, entry.entry_id)
    )
    await runs.async_load()
    entry.runtime_data = DatacenterAssistantData(
        client=client,
        sddc_manager=sddc_manager,
        sddc_manager_device_id=sddc_manager_device_id,
        sddc_manager_number=sddc_manager_number,
        inventory=inventory,
        connectivity=connectivity,
        runs=runs,
        estate=estate,
    )
    # On unload (callbacks run last-registered first): the inventory listener goes, then
    # every workflow is stopped, its listener task ended and its snapshot saved.
    entry.async_on_unload(runs.async_shutdown)

    async def stop_workflows(_: Event) -> None:
        """Save the runs when Home Assistant stops (entries are not unloaded then)."""
        await runs.async_shutdown()

    entry.async_on_unload(
        hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, stop_workflows)
    )

    followed: Inventory | None = None

    @callback
    def follow_inventory() -> None:
        # Called after every poll: most find every domain as before (the same records).
        nonlocal followed
        if inventory.data == followed:
            return
        followed = inventory.data
        runs.async_track_domains(inventory.data)
        async_sync_domain_devices(hass, entry, inventory.data)

    follow_inventory()
    # Registered before the platforms' listeners: a new domain's workflow exists before
    # its entities are created.
    entry.async_on_unload(inventory.async_add_listener(follow_inventory))

    if estate is not None:
        followed_estate: Estate | None = None

        @callback
        def follow_estate() -> None:
            nonlocal followed_estate
            if not estate.last_update_success or estate.data == followed_estate:
                return
            followed_estate = estate.data
            async_sync_cluster_devices(hass, entry, estate.data)

        follow_estate()
        entry.async_on_unload(estate.async_add_listener(follow_estate))

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry
) -> bool:
    """Remove the entities; then the on-unload callbacks stop the workflows."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry
) -> None:
    """Delete the saved workflow snapshots of a removed entry."""
    await RunSnapshotStore(hass, entry.entry_id).async_remove()


async def async_remove_config_entry_device(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    device: dr.DeviceEntry,
) -> bool:
    """Allow removing the device of a domain the inventory no longer lists."""
    return not is_current_domain_device(entry, device)
