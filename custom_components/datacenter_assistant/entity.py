"""The bases of the entities: a domain's and the SDDC Manager's.

A domain's entities live on the domain's device and follow its workflow; the SDDC Manager's
own live on its (hub) device and follow the connectivity test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.const import CONF_URL, Platform
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .coordinator import InventoryCoordinator, VcfDomain, sddc_manager_key
from .devices import (
    MANUFACTURER,
    domain_device_identifier,
    sddc_manager_device_info,
)
from .health import ConnectivityCoordinator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from homeassistant.helpers.entity import EntityDescription
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from datacenter_assistant_core import UpgradeWorkflow

    from .data import DatacenterAssistantConfigEntry
    from .runs import RunActivity, UpgradeRunManager


def domain_entity_id(platform: Platform, index: int, suffix: str | None = None) -> str:
    """Return the fixed entity id of a domain's entity: `{platform}.vcf_domain{X}_{suffix}`."""
    object_id = (
        f"vcf_domain{index}" if suffix is None else f"vcf_domain{index}_{suffix}"
    )
    return f"{platform}.{object_id}"


def sddc_manager_entity_id(platform: Platform, number: int, key: str) -> str:
    """Return the fixed entity id of an SDDC Manager's own entity.

    The first SDDC Manager set up has `{platform}.vcf_{key}`; the N-th one
    `{platform}.vcf_sddc{N}_{key}`.
    """
    if number == 1:
        return f"{platform}.vcf_{key}"
    return f"{platform}.vcf_sddc{number}_{key}"


@callback
def async_add_domain_entities(
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    create_entities: Callable[[VcfDomain], Iterable[Entity]],
) -> None:
    """Add a platform's entities for every domain, now and whenever a domain appears.

    A domain that vanished and comes back is added again: its device was removed.
    """
    inventory = entry.runtime_data.inventory
    known: set[str] = set()

    @callback
    def add_new_domains() -> None:
        known.intersection_update(inventory.data)
        new_domains = [
            domain
            for domain_id, domain in inventory.data.items()
            if domain_id not in known
        ]
        if not new_domains:
            return
        known.update(domain.id for domain in new_domains)
        async_add_entities(
            entity for domain in new_domains for entity in create_entities(domain)
        )

    add_new_domains()
    entry.async_on_unload(inventory.async_add_listener(add_new_domains))


class VcfDomainEntity(Entity):
    """An entity of one VCF workload domain, on the domain's device.

    Unavailable while SDDC Manager cannot be reached or the domain left the inventory.
    Written again when the coordinator finds the domain's inventory entry or its own
    availability changed (a domain listener, not a listener of every update), and after
    every event of the domain's workflow.
    """

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self,
        entry: DatacenterAssistantConfigEntry,
        domain: VcfDomain,
        description: EntityDescription,
        entity_id: str,
    ) -> None:
        """Create the entity of `domain` described by `description`."""
        self.coordinator: InventoryCoordinator = entry.runtime_data.inventory
        self.entity_description = description
        self.entity_id = entity_id
        self.domain_id = domain.id
        self._last_seen_domain = domain
        self._runs: UpgradeRunManager = entry.runtime_data.runs
        self._attr_unique_id = (
            f"{sddc_manager_key(entry)}_{domain.id}_{description.key}"
        )
        self._attr_device_info = DeviceInfo(
            identifiers={domain_device_identifier(entry, domain.id)},
            name=f"VCF {domain.name}",
            manufacturer=MANUFACTURER,
            model="VCF workload domain",
            model_id=domain.kind,
            sw_version=domain.current_version,
            configuration_url=entry.data[CONF_URL],
            via_device_id=entry.runtime_data.sddc_manager_device_id,
        )

    @property
    def domain(self) -> VcfDomain:
        """Return the domain as the inventory last saw it."""
        if (domain := self.coordinator.data.get(self.domain_id)) is not None:
            self._last_seen_domain = domain
        return self._last_seen_domain

    @property
    def workflow(self) -> UpgradeWorkflow:
        """Return the domain's upgrade workflow."""
        return self._runs.workflow(self.domain_id)

    @property
    def activity(self) -> RunActivity:
        """Return what the workflow's events told about the current run."""
        return self._runs.activity(self.domain_id)

    @property
    def available(self) -> bool:
        """Return whether SDDC Manager answers and still lists the domain."""
        return (
            self.coordinator.last_update_success
            and self.domain_id in self.coordinator.data
            and self._runs.has_workflow(self.domain_id)
        )

    async def async_added_to_hass(self) -> None:
        """Follow the domain's inventory entry and its workflow."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_add_domain_listener(
                self.domain_id, self.async_write_ha_state
            )
        )
        self.async_on_remove(
            self._runs.async_add_listener(self.domain_id, self.async_write_ha_state)
        )

    async def async_update(self) -> None:
        """Refresh the inventory (`homeassistant.update_entity`); not polled otherwise."""
        if not self.enabled:
            return
        await self.coordinator.async_request_refresh()


class SddcManagerEntity(CoordinatorEntity[ConnectivityCoordinator]):
    """An entity of the SDDC Manager itself, driven by the connectivity test.

    One per config entry, on the SDDC Manager's device, with a fixed entity id
    (`{platform}.vcf_{key}`).
    """

    _attr_has_entity_name = True

    def __init__(
        self,
        entry: DatacenterAssistantConfigEntry,
        description: EntityDescription,
        platform: Platform,
    ) -> None:
        """Create the entity described by `description`."""
        super().__init__(entry.runtime_data.connectivity)
        self.entity_description = description
        self.entity_id = sddc_manager_entity_id(
            platform, entry.runtime_data.sddc_manager_number, description.key
        )
        self._attr_unique_id = f"{sddc_manager_key(entry)}_{description.key}"
        self._attr_device_info = sddc_manager_device_info(
            entry, entry.runtime_data.sddc_manager
        )
