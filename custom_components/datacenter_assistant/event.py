"""The event entity of each domain: its run completed, failed, or waits for the operator.

It fires once each time a run reaches one of those states (the run manager tells it from
the workflow's state changes), with the domain's name, the target version and, for a
failure, the error; its state is when that last happened, restored across restarts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.const import Platform
from homeassistant.core import callback

from .const import UPGRADE_EVENT_TYPES
from .entity import VcfDomainEntity, async_add_domain_entities, domain_entity_id

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import VcfDomain
    from .data import DatacenterAssistantConfigEntry

PARALLEL_UPDATES = 0

UPGRADE_EVENT = EventEntityDescription(
    key="upgrade",
    translation_key="upgrade",
    event_types=list(UPGRADE_EVENT_TYPES),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the upgrade event entity of every domain, now and when a domain appears."""

    def create_events(domain: VcfDomain) -> list[UpgradeEventEntity]:
        return [
            UpgradeEventEntity(
                entry,
                domain,
                UPGRADE_EVENT,
                domain_entity_id(Platform.EVENT, domain.index, UPGRADE_EVENT.key),
            )
        ]

    async_add_domain_entities(entry, async_add_entities, create_events)


class UpgradeEventEntity(VcfDomainEntity, EventEntity):
    """Fires each of `UPGRADE_EVENT_TYPES` once per run that reaches its state."""

    entity_description: EventEntityDescription

    async def async_added_to_hass(self) -> None:
        """Follow the run manager's events of the domain (and, as every entity, its state)."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self._runs.async_add_run_event_listener(self.domain_id, self._async_fire)
        )

    @callback
    def _async_fire(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()
