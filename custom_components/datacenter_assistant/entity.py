"""The bases of the entities: a domain's, a cluster's, a host's and the SDDC Manager's.

A domain's entities live on the domain's device and follow its workflow; the SDDC Manager's
own live on its (hub) device and follow the connectivity test, or (the estate's summary)
the inventory, the workflows and the estate. The estate's entities (a domain's capacity,
a cluster's, a host's) follow the estate; a host's live on its cluster's device.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.const import CONF_URL, Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import InventoryCoordinator, VcfDomain, sddc_manager_key
from .devices import (
    MANUFACTURER,
    async_register_domain_device,
    cluster_device_identifier,
    domain_device_info,
    sddc_manager_device_info,
)
from .estate import Capacity, EstateCoordinator, domain_clusters
from .health import ConnectivityCoordinator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from homeassistant.helpers.entity import EntityDescription
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from datacenter_assistant_core import EstateCluster, EstateHost, UpgradeWorkflow

    from .data import DatacenterAssistantConfigEntry
    from .estate import Estate
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
        self._attr_device_info = domain_device_info(entry, domain)

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


class ChangeOnlyEntity(Entity):
    """An entity that writes its state only when its state, attributes or availability changed.

    Its sources call `async_write_if_changed` after every update of theirs; most find what
    the entity shows as before and write nothing.
    """

    _attr_has_entity_name = True
    _attr_should_poll = False
    _shown: tuple[Any, ...] | None = None

    def _what_is_shown(self) -> tuple[Any, ...]:
        available = self.available
        if not available:
            return (False,)
        return (True, self.state, self.extra_state_attributes)

    @callback
    def async_write_if_changed(self) -> None:
        """Write the state when it differs from the one last written."""
        shown = self._what_is_shown()
        if shown == self._shown:
            return
        self._shown = shown
        self.async_write_ha_state()

    async def async_added_to_hass(self) -> None:
        """Remember what the first state (written after this) shows."""
        await super().async_added_to_hass()
        self._shown = self._what_is_shown()


def estate_coordinator(entry: DatacenterAssistantConfigEntry) -> EstateCoordinator:
    """Return the entry's estate coordinator, which the estate's entities need."""
    if (estate := entry.runtime_data.estate) is None:
        msg = "estate entities exist only where the estate is polled"
        raise RuntimeError(msg)
    return estate


class EstateEntity(ChangeOnlyEntity):
    """An entity read from the estate: unavailable while the estate cannot be read."""

    def __init__(
        self,
        entry: DatacenterAssistantConfigEntry,
        description: EntityDescription,
        unique_id: str,
        device_info: DeviceInfo,
    ) -> None:
        """Create the entity described by `description`."""
        self.estate = estate_coordinator(entry)
        self.entity_description = description
        self._attr_unique_id = unique_id
        self._attr_device_info = device_info

    @property
    def estate_data(self) -> Estate:
        """Return the clusters as the latest successful poll found them."""
        return self.estate.data or {}

    @property
    def available(self) -> bool:
        """Return whether the latest poll of the estate succeeded."""
        return self.estate.last_update_success and self.estate.data is not None

    async def async_added_to_hass(self) -> None:
        """Follow the estate."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.estate.async_add_listener(self.async_write_if_changed)
        )


class EstateDomainEntity(EstateEntity):
    """A domain's capacity over its clusters, on the domain's device (`vcf_domain{X}_...`)."""

    def __init__(
        self,
        entry: DatacenterAssistantConfigEntry,
        domain: VcfDomain,
        description: EntityDescription,
        entity_id: str,
    ) -> None:
        """Create the entity of `domain` described by `description`."""
        super().__init__(
            entry,
            description,
            f"{sddc_manager_key(entry)}_{domain.id}_{description.key}",
            domain_device_info(entry, domain),
        )
        self.entity_id = entity_id
        self.domain_id = domain.id
        self.inventory: InventoryCoordinator = entry.runtime_data.inventory

    @property
    def capacity(self) -> Capacity:
        """Return what the domain's clusters' hosts have and use."""
        return Capacity.of(domain_clusters(self.estate_data, self.domain_id))

    @property
    def available(self) -> bool:
        """Return whether the estate was read and the inventory still lists the domain."""
        return (
            super().available
            and self.inventory.last_update_success
            and self.domain_id in self.inventory.data
        )

    async def async_added_to_hass(self) -> None:
        """Follow the estate and the domain's inventory entry."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.inventory.async_add_domain_listener(
                self.domain_id, self.async_write_if_changed
            )
        )


@callback
def cluster_device_info(
    hass: HomeAssistant, entry: DatacenterAssistantConfigEntry, cluster: EstateCluster
) -> DeviceInfo:
    """Return a cluster's device, under its domain's (the SDDC Manager's if not listed)."""
    domain = entry.runtime_data.inventory.data.get(cluster["domain_id"])
    via_device_id = (
        entry.runtime_data.sddc_manager_device_id
        if domain is None
        else async_register_domain_device(hass, entry, domain)
    )
    return DeviceInfo(
        identifiers={cluster_device_identifier(entry, cluster["id"])},
        name=f"VCF cluster {cluster['name']}",
        manufacturer=MANUFACTURER,
        model="vSAN cluster" if cluster["vsan"] else "vSphere cluster",
        configuration_url=entry.data[CONF_URL],
        via_device_id=via_device_id,
    )


class EstateClusterEntity(EstateEntity):
    """An entity of one cluster, on the cluster's device; unavailable once it vanished."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DatacenterAssistantConfigEntry,
        cluster: EstateCluster,
        description: EntityDescription,
        unique_id: str | None = None,
    ) -> None:
        """Create the entity of `cluster` described by `description`."""
        super().__init__(
            entry,
            description,
            unique_id or f"{sddc_manager_key(entry)}_{cluster['id']}_{description.key}",
            cluster_device_info(hass, entry, cluster),
        )
        self.cluster_id = cluster["id"]

    @property
    def cluster(self) -> EstateCluster | None:
        """Return the cluster as the latest poll found it; `None` once it vanished."""
        return self.estate_data.get(self.cluster_id)

    @property
    def available(self) -> bool:
        """Return whether the estate was read and still has the cluster."""
        return super().available and self.cluster is not None


def host_unique_id(
    entry: DatacenterAssistantConfigEntry, cluster_id: str, host_id: str, key: str
) -> str:
    """Return the unique id of a host's entity (on its cluster's device)."""
    return f"{sddc_manager_key(entry)}_{cluster_id}_host_{host_id}_{key}"


class EstateHostEntity(EstateClusterEntity):
    """An entity of one ESX host, on its cluster's device, its FQDN in its name."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DatacenterAssistantConfigEntry,
        cluster: EstateCluster,
        host: EstateHost,
        description: EntityDescription,
    ) -> None:
        """Create the entity of `host` described by `description`."""
        super().__init__(
            hass,
            entry,
            cluster,
            description,
            host_unique_id(entry, cluster["id"], host["id"], description.key),
        )
        self.host_id = host["id"]
        self._attr_translation_placeholders = {"host": host["fqdn"]}

    @property
    def host(self) -> EstateHost | None:
        """Return the host as the latest poll found it in its cluster."""
        if (cluster := self.cluster) is None:
            return None
        return next((h for h in cluster["hosts"] if h["id"] == self.host_id), None)

    @property
    def available(self) -> bool:
        """Return whether the estate was read and the cluster still has the host."""
        return super().available and self.host is not None


@callback
def async_add_estate_entities[T](
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    items: Callable[[Estate], dict[str, T]],
    create_entities: Callable[[T], Iterable[Entity]],
    platform: Platform,
) -> None:
    """Add a platform's entities for every cluster or host, now and whenever one appears.

    `items` picks the clusters or hosts of the estate by a key of their own. The entities
    of one that vanished are removed from the registry (a vanished cluster's device goes
    too); one that comes back is added again.
    """
    estate = estate_coordinator(entry)
    created: dict[str, list[str]] = {}
    """The unique ids of the entities created for each known key."""

    @callback
    def follow_estate() -> None:
        if not estate.last_update_success or estate.data is None:
            return
        current = items(estate.data)
        registry = er.async_get(estate.hass)
        for key in [key for key in created if key not in current]:
            for unique_id in created.pop(key):
                entity_id = registry.async_get_entity_id(platform, DOMAIN, unique_id)
                if entity_id is not None:
                    registry.async_remove(entity_id)
        new_entities: list[Entity] = []
        for key, item in current.items():
            if key in created:
                continue
            entities = list(create_entities(item))
            created[key] = [
                entity.unique_id for entity in entities if entity.unique_id is not None
            ]
            new_entities += entities
        if new_entities:
            async_add_entities(new_entities)

    follow_estate()
    entry.async_on_unload(estate.async_add_listener(follow_estate))


def clusters_of(estate: Estate) -> dict[str, EstateCluster]:
    """Return the clusters by id (the `items` of `async_add_estate_entities`)."""
    return estate


def hosts_of(estate: Estate) -> dict[str, tuple[EstateCluster, EstateHost]]:
    """Return every host with its cluster, by cluster and host id."""
    return {
        f"{cluster['id']}_{host['id']}": (cluster, host)
        for cluster in estate.values()
        for host in cluster["hosts"]
    }


class SddcManagerSummaryEntity(ChangeOnlyEntity):
    """The estate at a glance, on the SDDC Manager's device (`{platform}.vcf_{key}`).

    Read from the inventory, the domains' workflows and (where polled) the estate; written
    when what it shows changed. Unavailable while the inventory cannot be read.
    """

    def __init__(
        self,
        entry: DatacenterAssistantConfigEntry,
        description: EntityDescription,
        platform: Platform,
    ) -> None:
        """Create the entity described by `description`."""
        runtime = entry.runtime_data
        self.entity_description = description
        self.entity_id = sddc_manager_entity_id(
            platform, runtime.sddc_manager_number, description.key
        )
        self._attr_unique_id = f"{sddc_manager_key(entry)}_{description.key}"
        self._attr_device_info = sddc_manager_device_info(entry, runtime.sddc_manager)
        self.inventory: InventoryCoordinator = runtime.inventory
        self.runs: UpgradeRunManager = runtime.runs
        self.estate: EstateCoordinator | None = runtime.estate
        self._run_listeners: dict[str, CALLBACK_TYPE] = {}

    @property
    def current_estate(self) -> Estate | None:
        """Return the estate when its latest poll succeeded; `None` otherwise or unpolled."""
        if self.estate is None or not self.estate.last_update_success:
            return None
        return self.estate.data

    @property
    def available(self) -> bool:
        """Return whether the latest inventory poll succeeded."""
        return self.inventory.last_update_success

    @callback
    def _async_follow_domains(self) -> None:
        """Follow the workflow of every listed domain, then write if anything changed."""
        domain_ids = set(self.runs.domain_ids)
        for domain_id in [d for d in self._run_listeners if d not in domain_ids]:
            self._run_listeners.pop(domain_id)()
        for domain_id in domain_ids - set(self._run_listeners):
            self._run_listeners[domain_id] = self.runs.async_add_listener(
                domain_id, self.async_write_if_changed
            )
        self.async_write_if_changed()

    @callback
    def _async_stop_following_domains(self) -> None:
        for remove_listener in self._run_listeners.values():
            remove_listener()
        self._run_listeners.clear()

    async def async_added_to_hass(self) -> None:
        """Follow the inventory, the workflows and the estate."""
        await super().async_added_to_hass()
        self._async_follow_domains()
        self.async_on_remove(
            self.inventory.async_add_listener(self._async_follow_domains)
        )
        self.async_on_remove(self._async_stop_following_domains)
        if self.estate is not None:
            self.async_on_remove(
                self.estate.async_add_listener(self.async_write_if_changed)
            )
