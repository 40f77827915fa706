"""The actions: start, precheck, cancel and acknowledge a domain's upgrade; upgrade all."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, cast

from homeassistant.config_entries import ConfigEntryState
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

from .const import (
    ATTR_CONFIG_ENTRY_ID,
    DOMAIN,
    SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
    SERVICE_CANCEL_UPGRADE,
    SERVICE_RUN_PRECHECK,
    SERVICE_START_UPGRADE,
    SERVICE_UPGRADE_ALL_DOMAINS,
)
from .devices import domain_device_identifier
from .settings import (
    BOOLEANS,
    CHOICES,
    RANGES,
    SETTING_KEYS,
    VCENTER_SWITCHOVER_AT,
    switchover_timestamp,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

    from datacenter_assistant_core import UpgradeSettings

    from .data import DatacenterAssistantConfigEntry

TARGET_KEYS = (
    ATTR_ENTITY_ID,
    ATTR_DEVICE_ID,
    ATTR_AREA_ID,
    ATTR_FLOOR_ID,
    ATTR_LABEL_ID,
)

TARGET_SCHEMA = probatio.All(
    probatio.Schema(cv.ENTITY_SERVICE_FIELDS),
    cv.has_at_least_one_key(*TARGET_KEYS),
)
ACKNOWLEDGE_UPGRADE_ALERTS_SCHEMA = TARGET_SCHEMA


def _switchover_time(value: Any) -> str:
    """Return a switchover time (text or date-time) as RFC 3339 UTC."""
    try:
        return switchover_timestamp(cv.datetime(value))
    except ValueError as err:
        raise probatio.Invalid(f"invalid date-time: {value}") from err


def _setting_validator(key: str) -> Any:
    """Return the validator of one setting of `start_upgrade`; the engine checks the rest."""
    if key in CHOICES:
        return probatio.In(CHOICES[key])
    if key in BOOLEANS:
        return cv.boolean
    if key in RANGES:
        low, high = RANGES[key]
        return probatio.All(probatio.Coerce(int), probatio.Range(min=low, max=high))
    if key == VCENTER_SWITCHOVER_AT:
        return probatio.Any(None, _switchover_time)
    return probatio.Any(None, cv.string)  # IPV4_FIELDS: the engine checks the network


START_UPGRADE_SCHEMA = probatio.All(
    probatio.Schema(
        {
            **cv.ENTITY_SERVICE_FIELDS,
            **{probatio.Optional(key): _setting_validator(key) for key in SETTING_KEYS},
        }
    ),
    cv.has_at_least_one_key(*TARGET_KEYS),
)
UPGRADE_ALL_DOMAINS_SCHEMA = probatio.Schema(
    {probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string}
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's services."""

    async def acknowledge_upgrade_alerts(call: ServiceCall) -> None:
        """Acknowledge the alerts that pause the upgrade of the targeted domain."""
        entry, domain_id = _resolve_target_domain(hass, call)
        await entry.runtime_data.runs.async_acknowledge_alerts(domain_id)

    async def start_upgrade(call: ServiceCall) -> None:
        """Start the targeted domain's upgrade; the fields override its saved settings."""
        entry, domain_id = _resolve_target_domain(hass, call)
        overrides = {key: call.data[key] for key in SETTING_KEYS if key in call.data}
        await entry.runtime_data.runs.async_start_upgrade(
            domain_id, cast("UpgradeSettings", overrides)
        )

    async def run_precheck(call: ServiceCall) -> None:
        """Run only the precheck of the targeted domain, with its saved settings."""
        entry, domain_id = _resolve_target_domain(hass, call)
        await entry.runtime_data.runs.async_start_upgrade(domain_id, precheck_only=True)

    async def cancel_upgrade(call: ServiceCall) -> None:
        """Cancel the targeted domain's run."""
        entry, domain_id = _resolve_target_domain(hass, call)
        await entry.runtime_data.runs.async_cancel_upgrade(domain_id)

    async def upgrade_all_domains(call: ServiceCall) -> None:
        """Start every domain with an update, of one entry or of every loaded one."""
        entries = hass.config_entries.async_loaded_entries(DOMAIN)
        if (entry_id := call.data.get(ATTR_CONFIG_ENTRY_ID)) is not None:
            entries = [entry for entry in entries if entry.entry_id == entry_id]
            if not entries:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="entry_not_loaded",
                    translation_placeholders={"entry_id": entry_id},
                )
        results = await asyncio.gather(
            *(entry.runtime_data.runs.async_upgrade_all() for entry in entries),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result

    services: tuple[
        tuple[str, Callable[[ServiceCall], Coroutine[Any, Any, None]], Any], ...
    ] = (
        (
            SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
            acknowledge_upgrade_alerts,
            ACKNOWLEDGE_UPGRADE_ALERTS_SCHEMA,
        ),
        (SERVICE_START_UPGRADE, start_upgrade, START_UPGRADE_SCHEMA),
        (SERVICE_RUN_PRECHECK, run_precheck, TARGET_SCHEMA),
        (SERVICE_CANCEL_UPGRADE, cancel_upgrade, TARGET_SCHEMA),
        (SERVICE_UPGRADE_ALL_DOMAINS, upgrade_all_domains, UPGRADE_ALL_DOMAINS_SCHEMA),
    )
    for service, handler, schema in services:
        hass.services.async_register(DOMAIN, service, handler, schema=schema)


def _resolve_target_domain(
    hass: HomeAssistant, call: ServiceCall
) -> tuple[DatacenterAssistantConfigEntry, str]:
    """Return the one domain the call targets, through entities, devices, areas or labels.

    Entities and devices named explicitly must be a domain's of a running entry; what an
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
        for entry in _running_entries(hass)
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


def _running_entries(hass: HomeAssistant) -> list[DatacenterAssistantConfigEntry]:
    """Return the entries whose workflows exist: loaded, or setting up their platforms.

    While an entry sets up after a restart its entities already show the restored runs
    (`waiting_for_acknowledgment`, say), and an automation may act on them at once: the
    workflows exist from before the platforms are set up (`runtime_data`), so an action
    on one is taken then, and the run goes on with it when it resumes.
    """
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
        or (
            entry.state is ConfigEntryState.SETUP_IN_PROGRESS
            and hasattr(entry, "runtime_data")
        )
    ]


def _unknown_target(target: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_target",
        translation_placeholders={"target": target},
    )
