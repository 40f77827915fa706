"""The button that starts a domain's upgrade."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import Platform

from .entity import VcfDomainEntity, async_add_domain_entities, domain_entity_id

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import DatacenterAssistantConfigEntry

# Starting a run is one short call; the engine refuses a second run of the same domain.
PARALLEL_UPDATES = 0

START_UPGRADE = ButtonEntityDescription(
    key="start_upgrade",
    translation_key="start_upgrade",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a start button for every domain."""
    async_add_domain_entities(
        entry,
        async_add_entities,
        lambda domain: [
            StartUpgradeButton(
                entry,
                domain,
                START_UPGRADE,
                domain_entity_id(Platform.BUTTON, domain.index, START_UPGRADE.key),
            )
        ],
    )


class StartUpgradeButton(VcfDomainEntity, ButtonEntity):
    """Starts the upgrade of the domain to its next VCF release."""

    async def async_press(self) -> None:
        """Start a run; without an update a notification says so."""
        await self._runs.async_start_upgrade(self.domain_id)
