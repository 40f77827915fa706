"""The `acknowledge_upgrade_alerts` service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_FLOOR_ID,
    ATTR_LABEL_ID,
)
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.target import (
    TargetSelection,
    async_extract_referenced_entity_ids,
)
import probatio

from .const import DOMAIN, SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS
from .devices import domain_device_identifier

if TYPE_CHECKING:
    from .data import DatacenterAssistantConfigEntry

TARGET_KEYS = (
    ATTR_ENTITY_ID,
    ATTR_DEVICE_ID,
    ATTR_AREA_ID,
    ATTR_FLOOR_ID,
    ATTR_LABEL_ID,
)

ACKNOWLEDGE_UPGRADE_ALERTS_SCHEMA = probatio.All(
    probatio.Schema(cv.ENTITY_SERVICE_FIELDS),
    cv.has_at_least_one_key(*TARGET_KEYS),
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's services."""

    async def acknowledge_upgrade_alerts(call: ServiceCall) -> None:
        """Acknowledge the alerts that pause the upgrade of the targeted domain."""
        entry, domain_id = _resolve_target_domain(hass, call)
        await entry.runtime_data.runs.async_acknowledge_alerts(domain_id)

    hass.services.async_register(
        DOMAIN,
        SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
        acknowledge_upgrade_alerts,
        schema=ACKNOWLEDGE_UPGRADE_ALERTS_SCHEMA,
    )


def _resolve_target_domain(
    hass: HomeAssistant, call: ServiceCall
) -> tuple[DatacenterAssistantConfigEntry, str]:
    """Return the one domain the call targets, through entities, devices, areas or labels.

    Entities and devices named explicitly must be a domain's of a loaded entry; what an
    area, floor or label brings in is filtered to this integration's domains.
    `ServiceValidationError` when nothing or more than one domain is targeted.
    """
    device_registry = dr.async_get(hass)
    entity_registry = er.async_get(hass)
    selection = TargetSelection(call.data)
    selected = async_extract_referenced_entity_ids(hass, selection)

    named_devices: dict[str, str] = {
        device_id: device_id for device_id in selection.device_ids
    }
    for entity_id in selected.referenced:
        entity = entity_registry.async_get(entity_id)
        if entity is None or entity.platform != DOMAIN or entity.device_id is None:
            raise _unknown_target(entity_id)
        named_devices[entity.device_id] = entity_id
    brought_in = {
        entity.device_id
        for entity_id in selected.indirectly_referenced
        if (entity := entity_registry.async_get(entity_id)) is not None
        and entity.platform == DOMAIN
        and entity.device_id is not None
    } | (selected.referenced_devices - selection.device_ids)

    loaded_domains = {
        domain_device_identifier(entry, domain_id): (entry, domain_id)
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        for domain_id in entry.runtime_data.inventory.data
    }

    def domain_of(device_id: str) -> tuple[DatacenterAssistantConfigEntry, str] | None:
        device = device_registry.async_get(device_id)
        return next(
            (
                loaded_domains[identifier]
                for identifier in (device.identifiers if device else ())
                if identifier in loaded_domains
            ),
            None,
        )

    targets: dict[tuple[str, str], tuple[DatacenterAssistantConfigEntry, str]] = {}
    for device_id, named_as in named_devices.items():
        if (target := domain_of(device_id)) is None:
            raise _unknown_target(named_as)
        targets[(target[0].entry_id, target[1])] = target
    for device_id in brought_in:
        if (target := domain_of(device_id)) is not None:
            targets[(target[0].entry_id, target[1])] = target

    if not targets:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="missing_target"
        )
    if len(targets) > 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="ambiguous_target",
            translation_placeholders={"count": str(len(targets))},
        )
    return next(iter(targets.values()))


def _unknown_target(target: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_target",
        translation_placeholders={"target": target},
    )
