"""The `acknowledge_upgrade_alerts` service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
import probatio

from .const import DOMAIN, SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS
from .entity import domain_device_identifier

if TYPE_CHECKING:
    from .data import DatacenterAssistantConfigEntry

ACKNOWLEDGE_UPGRADE_ALERTS_SCHEMA = probatio.All(
    probatio.Schema(
        {
            probatio.Optional(ATTR_DEVICE_ID): probatio.All(
                cv.ensure_list, [cv.string]
            ),
            probatio.Optional(ATTR_ENTITY_ID): cv.entity_ids,
        }
    ),
    cv.has_at_least_one_key(ATTR_DEVICE_ID, ATTR_ENTITY_ID),
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
    """Return the one domain the call targets, by its devices and entities.

    `ServiceValidationError` when a target is not a domain of a loaded entry, or when the
    targets name more than one domain.
    """
    device_registry = dr.async_get(hass)
    entity_registry = er.async_get(hass)
    device_ids: dict[str, str] = {
        device_id: device_id for device_id in call.data.get(ATTR_DEVICE_ID, [])
    }
    for entity_id in call.data.get(ATTR_ENTITY_ID, []):
        entity = entity_registry.async_get(entity_id)
        if entity is None or entity.platform != DOMAIN or entity.device_id is None:
            raise _unknown_target(entity_id)
        device_ids[entity.device_id] = entity_id

    loaded_domains = {
        domain_device_identifier(entry, domain_id): (entry, domain_id)
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        for domain_id in entry.runtime_data.inventory.data
    }
    targets: dict[tuple[str, str], tuple[DatacenterAssistantConfigEntry, str]] = {}
    for device_id, named_as in device_ids.items():
        device = device_registry.async_get(device_id)
        target = next(
            (
                loaded_domains[identifier]
                for identifier in (device.identifiers if device else ())
                if identifier in loaded_domains
            ),
            None,
        )
        if target is None:
            raise _unknown_target(named_as)
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
