"""The sensors of a domain: upgrade status, upgrade log, current and available version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import Platform

from datacenter_assistant_core import NO_MESSAGES, UPGRADE_STATES

from .const import ATTR_MARKDOWN, LOG_STATE_MAX_LENGTH
from .entity import VcfDomainEntity, async_add_domain_entities, domain_entity_id

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import VcfDomain
    from .data import DatacenterAssistantConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class VcfDomainSensorDescription(SensorEntityDescription):
    """A sensor of a domain: how it reads its state and attributes."""

    value_fn: Callable[[VcfDomainEntity], str | None]
    attributes_fn: Callable[[VcfDomainEntity], Mapping[str, Any] | None] = (
        lambda _: None
    )


def upgrade_log_state(entity: VcfDomainEntity) -> str:
    """Return the latest log message cut to a state's length, the default text before any."""
    if (latest := entity.workflow.latest_log_entry) is None:
        return NO_MESSAGES
    return latest["message"][:LOG_STATE_MAX_LENGTH]


def _seconds(milliseconds: int) -> float:
    return round(milliseconds / 1000, 1)


def upgrade_status_attributes(entity: VcfDomainEntity) -> dict[str, Any]:
    """Return where the run stands: component, progress, reachability and timings.

    `current_component` is the upgrade component in progress, or the bundle being
    downloaded. Durations are seconds; `phase_durations` has one entry per state the run
    went through (a state entered twice adds up).
    """
    workflow = entity.workflow
    activity = entity.activity
    metrics = workflow.metrics
    totals = metrics["totals"]
    attributes: dict[str, Any] = {
        "running": workflow.running,
        "current_component": activity.current_component,
        "progress_percent": activity.progress_percent,
        "sddc_manager_reachable": activity.sddc_manager_reachable,
        "total_runs": totals["runs"],
        "successful_runs": totals["successes"],
        "failed_runs": totals["failures"],
    }
    if (run := metrics["run"]) is not None:
        attributes |= {
            "target_version": run["release_version"],
            "run_started_at": run["started_at"],
            "run_ended_at": run["ended_at"],
            "run_duration": _seconds(run["duration_ms"]),
            "phase_durations": {
                state: _seconds(ms) for state, ms in run["state_ms"].items()
            },
            "component_durations": {
                component: _seconds(ms) for component, ms in run["component_ms"].items()
            },
            "alerts_raised": run["alerts_raised"],
        }
    return attributes


def available_release_attributes(entity: VcfDomainEntity) -> dict[str, Any] | None:
    """Return what describes the next release."""
    if (release := entity.domain.next_release) is None:
        return None
    return {
        "release_id": release["id"],
        "description": release["description"],
        "release_date": release["release_date"],
    }


SENSORS: tuple[VcfDomainSensorDescription, ...] = (
    VcfDomainSensorDescription(
        key="upgrade_status",
        translation_key="upgrade_status",
        device_class=SensorDeviceClass.ENUM,
        options=list(UPGRADE_STATES),
        value_fn=lambda entity: entity.activity.state,
        attributes_fn=upgrade_status_attributes,
    ),
    VcfDomainSensorDescription(
        key="current_version",
        translation_key="current_version",
        value_fn=lambda entity: entity.domain.current_version,
    ),
    VcfDomainSensorDescription(
        key="available_version",
        translation_key="available_version",
        value_fn=lambda entity: (
            release["version"]
            if (release := entity.domain.next_release) is not None
            else None
        ),
        attributes_fn=available_release_attributes,
    ),
)

UPGRADE_LOGS = VcfDomainSensorDescription(
    key="upgrade_logs",
    translation_key="upgrade_logs",
    value_fn=upgrade_log_state,
    attributes_fn=lambda entity: {ATTR_MARKDOWN: entity.workflow.log_markdown},
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of every domain."""

    def create_sensors(domain: VcfDomain) -> list[VcfDomainSensor]:
        return [
            *(
                VcfDomainSensor(
                    entry,
                    domain,
                    description,
                    domain_entity_id(Platform.SENSOR, domain.index, description.key),
                )
                for description in SENSORS
            ),
            UpgradeLogSensor(
                entry,
                domain,
                UPGRADE_LOGS,
                domain_entity_id(Platform.SENSOR, domain.index, UPGRADE_LOGS.key),
            ),
        ]

    async_add_domain_entities(entry, async_add_entities, create_sensors)


class VcfDomainSensor(VcfDomainEntity, SensorEntity):
    """A sensor of a domain."""

    entity_description: VcfDomainSensorDescription

    @property
    def native_value(self) -> str | None:
        """Return the state."""
        return self.entity_description.value_fn(self)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the attributes."""
        return self.entity_description.attributes_fn(self)


class UpgradeLogSensor(VcfDomainSensor):
    """The domain's upgrade log: the latest entry as state, the whole log as markdown.

    The markdown attribute is for markdown cards, not for the database.
    """

    _unrecorded_attributes = frozenset({ATTR_MARKDOWN})
