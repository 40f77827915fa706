"""The buttons: per domain start the upgrade or its precheck; per SDDC Manager two more.

Upgrade every domain; check for updates now (the inventory and the estate read at once).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import Platform

from .entity import (
    SddcManagerEntity,
    VcfDomainEntity,
    async_add_domain_entities,
    domain_entity_id,
)

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import VcfDomain
    from .data import DatacenterAssistantConfigEntry

# Starting a run is one short call; the engine refuses a second run of the same domain.
PARALLEL_UPDATES = 0

START_UPGRADE = ButtonEntityDescription(
    key="start_upgrade",
    translation_key="start_upgrade",
)
RUN_PRECHECK = ButtonEntityDescription(
    key="run_precheck",
    translation_key="run_precheck",
)
UPGRADE_ALL_DOMAINS = ButtonEntityDescription(
    key="upgrade_all_domains",
    translation_key="upgrade_all_domains",
)
CHECK_FOR_UPDATES = ButtonEntityDescription(
    key="check_for_updates",
    translation_key="check_for_updates",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the start and precheck buttons of every domain, and the SDDC Manager's."""
    async_add_entities(
        [
            UpgradeAllDomainsButton(entry, UPGRADE_ALL_DOMAINS, Platform.BUTTON),
            CheckForUpdatesButton(entry, CHECK_FOR_UPDATES, Platform.BUTTON),
        ]
    )

    def create_buttons(domain: VcfDomain) -> list[VcfDomainEntity]:
        return [
            button_class(
                entry,
                domain,
                description,
                domain_entity_id(Platform.BUTTON, domain.index, description.key),
            )
            for button_class, description in (
                (StartUpgradeButton, START_UPGRADE),
                (RunPrecheckButton, RUN_PRECHECK),
            )
        ]

    async_add_domain_entities(entry, async_add_entities, create_buttons)


class StartUpgradeButton(VcfDomainEntity, ButtonEntity):
    """Starts the upgrade of the domain to its next VCF release, with its saved settings."""

    async def async_press(self) -> None:
        """Start a run; without an update a notification says so."""
        await self._runs.async_start_upgrade(self.domain_id)


class RunPrecheckButton(VcfDomainEntity, ButtonEntity):
    """Runs only the precheck of the next release (bundles downloaded, nothing upgraded)."""

    async def async_press(self) -> None:
        """Start a precheck-only run with the domain's saved settings."""
        await self._runs.async_start_upgrade(self.domain_id, precheck_only=True)


class UpgradeAllDomainsButton(SddcManagerEntity, ButtonEntity):
    """Starts every domain with an update: the management domain first."""

    async def async_press(self) -> None:
        """Start the domains that have an update and no active run."""
        await self.coordinator.config_entry.runtime_data.runs.async_upgrade_all()


class CheckForUpdatesButton(SddcManagerEntity, ButtonEntity):
    """Reads the inventory (domains, versions, releases) and the estate again at once."""

    async def async_press(self) -> None:
        """Refresh the inventory and, where polled, the estate; their entities follow."""
        runtime = self.coordinator.config_entry.runtime_data
        refreshes = [runtime.inventory.async_refresh()]
        if runtime.estate is not None:
            refreshes.append(runtime.estate.async_refresh())
        await asyncio.gather(*refreshes)
