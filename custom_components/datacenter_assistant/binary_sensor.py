"""The connection to SDDC Manager: whether it answers the periodic connectivity test."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory, Platform

from .entity import SddcManagerEntity

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import DatacenterAssistantConfigEntry

PARALLEL_UPDATES = 0

CONNECTION = BinarySensorEntityDescription(
    key="connection",
    translation_key="connection",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the connection sensor of the entry's SDDC Manager."""
    async_add_entities([ConnectionSensor(entry, CONNECTION, Platform.BINARY_SENSOR)])


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
