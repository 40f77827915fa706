"""The update entity of a domain: installed and next VCF release, install starts the run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.update import (
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.const import Platform

from .entity import VcfDomainEntity, async_add_domain_entities, domain_entity_id

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import DatacenterAssistantConfigEntry

PARALLEL_UPDATES = 0

VCF_RELEASE = UpdateEntityDescription(
    key="vcf_release",
    translation_key="vcf_release",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add an update entity for every domain."""
    async_add_domain_entities(
        entry,
        async_add_entities,
        lambda domain: [
            VcfReleaseUpdate(
                entry,
                domain,
                VCF_RELEASE,
                domain_entity_id(Platform.UPDATE, domain.index),
            )
        ],
    )


class VcfReleaseUpdate(VcfDomainEntity, UpdateEntity):
    """The domain's VCF version and the next release it can move to.

    Installing starts the same workflow as the start button; the entity is in progress
    while a run is active.
    """

    _attr_supported_features = (
        UpdateEntityFeature.INSTALL | UpdateEntityFeature.PROGRESS
    )
    _attr_title = "VMware Cloud Foundation"

    @property
    def installed_version(self) -> str | None:
        """Return the version the domain runs."""
        return self.domain.current_version

    @property
    def latest_version(self) -> str | None:
        """Return the next release, or the installed version when there is none."""
        if (release := self.domain.next_release) is not None:
            return release["version"]
        return self.domain.current_version

    @property
    def release_summary(self) -> str | None:
        """Return the next release's description."""
        if (release := self.domain.next_release) is not None:
            return release["description"]
        return None

    @property
    def in_progress(self) -> bool:
        """Return whether a run of the domain is active."""
        return self.workflow.running

    @property
    def update_percentage(self) -> int | None:
        """Return the progress of the current phase, when SDDC Manager reports one."""
        return self.activity.progress_percent if self.workflow.running else None

    async def async_install(
        self, version: str | None, backup: bool, **kwargs: Any
    ) -> None:
        """Start the upgrade to the next release (the only version that can be chosen)."""
        await self._runs.async_start_upgrade(self.domain_id)
