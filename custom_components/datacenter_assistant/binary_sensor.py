"""The binary sensors: the connection to SDDC Manager, updates, each cluster's headroom.

The connection (whether SDDC Manager answers the periodic connectivity test) and whether
any domain has an update are per config entry, on the SDDC Manager's device. Where the
estate is polled (vcf52), each cluster has its rolling-upgrade headroom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory, Platform

from .entity import (
    EstateClusterEntity,
    SddcManagerEntity,
    SddcManagerSummaryEntity,
    async_add_estate_entities,
    clusters_of,
)
from .estate import domains_with_update

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from datacenter_assistant_core import EstateCluster

    from .data import DatacenterAssistantConfigEntry

PARALLEL_UPDATES = 0

CONNECTION = BinarySensorEntityDescription(
    key="connection",
    translation_key="connection",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)

UPDATES_AVAILABLE = BinarySensorEntityDescription(
    key="updates_available",
    translation_key="updates_available",
    device_class=BinarySensorDeviceClass.UPDATE,
)
ROLLING_UPGRADE_HEADROOM = BinarySensorEntityDescription(
    key="rolling_upgrade_headroom",
    translation_key="rolling_upgrade_headroom",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the SDDC Manager's connection and updates sensors, and each cluster's headroom."""
    async_add_entities(
        [
            ConnectionSensor(entry, CONNECTION, Platform.BINARY_SENSOR),
            UpdatesAvailableSensor(entry, UPDATES_AVAILABLE, Platform.BINARY_SENSOR),
        ]
    )
    if entry.runtime_data.estate is None:
        return

    def create_headroom_sensors(cluster: EstateCluster) -> list[HeadroomSensor]:
        return [HeadroomSensor(hass, entry, cluster, ROLLING_UPGRADE_HEADROOM)]

    async_add_estate_entities(
        entry,
        async_add_entities,
        clusters_of,
        create_headroom_sensors,
        Platform.BINARY_SENSOR,
    )


class ConnectionSensor(SddcManagerEntity, BinarySensorEntity):
    """On while SDDC Manager answers the connectivity test; off while it does not.

    Attributes: `latency` (seconds) of the last answer and `last_error` while it is off.
    """

    @property
    def is_on(self) -> bool:
        """Return whether SDDC Manager answered the latest test."""
        return self.coordinator.data.reachable

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the latency of the latest answer and why the latest test failed."""
        data = self.coordinator.data
        return {
            "latency": None if data.latency is None else round(data.latency, 3),
            "last_error": data.error,
        }


class UpdatesAvailableSensor(SddcManagerSummaryEntity, BinarySensorEntity):
    """On while any domain has a next release; `domains` names them."""

    @property
    def is_on(self) -> bool:
        """Return whether any domain has an update."""
        return bool(domains_with_update(self.inventory.data))

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the names of the domains with an update."""
        return {"domains": domains_with_update(self.inventory.data)}


class HeadroomSensor(EstateClusterEntity, BinarySensorEntity):
    """On while the cluster can lose its largest host to a rolling upgrade.

    Its load (CPU and memory) must fit on the other hosts and, on vSAN, the cluster needs
    more than `vsan_hosts_needed` (`2 * failures_to_tolerate + 1`) hosts. The attributes
    are the figures it is decided from.
    """

    @property
    def is_on(self) -> bool | None:
        """Return whether the cluster has headroom; unknown once it vanished."""
        if (cluster := self.cluster) is None:
            return None
        return cluster["headroom"]["fits"]

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the figures the headroom is decided from."""
        if (cluster := self.cluster) is None:
            return None
        headroom = cluster["headroom"]
        return {
            "cpu_fits": headroom["cpu_fits"],
            "memory_fits": headroom["memory_fits"],
            "vsan_fits": headroom["vsan_fits"],
            "cpu_used_mhz": headroom["cpu_used_mhz"],
            "cpu_without_largest_mhz": headroom["cpu_without_largest_mhz"],
            "memory_used_mb": headroom["memory_used_mb"],
            "memory_without_largest_mb": headroom["memory_without_largest_mb"],
            "vsan": cluster["vsan"],
            "failures_to_tolerate": cluster["failures_to_tolerate"],
            "vsan_hosts_needed": headroom["vsan_hosts_needed"],
        }
