"""The sensors: per domain status, log, versions and run metrics; the token's expiry.

The access token's expiry and the estate's summary (domains, domains with an update, the
estate's state) are per config entry, on the SDDC Manager's device. Where the estate is
polled (vcf52): each domain's capacity over its clusters, each cluster's hosts and use,
and (disabled by default) each host's use, version and status on its cluster's device.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    Platform,
    UnitOfFrequency,
    UnitOfInformation,
    UnitOfTime,
)

from datacenter_assistant_core import NO_MESSAGES, UPGRADE_STATES

from .const import (
    ATTR_ALERTS,
    ATTR_COMPONENTS,
    ATTR_LAST_PRECHECK,
    ATTR_LOG_ENTRIES,
    ATTR_MARKDOWN,
    ATTR_PHASES,
    ATTR_WAITING_FOR,
    ESTATE_STATES,
    LOG_STATE_MAX_LENGTH,
)
from .entity import (
    EstateClusterEntity,
    EstateDomainEntity,
    EstateHostEntity,
    SddcManagerEntity,
    SddcManagerSummaryEntity,
    VcfDomainEntity,
    async_add_domain_entities,
    async_add_estate_entities,
    clusters_of,
    domain_entity_id,
    hosts_of,
)
from .estate import (
    Capacity,
    clusters_without_headroom,
    domains_needing_attention,
    domains_with_update,
    estate_state,
    usage_percent,
)
from .phases import upgrade_phases

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
    from homeassistant.helpers.typing import StateType

    from datacenter_assistant_core import EstateCluster, EstateHost

    from .coordinator import VcfDomain
    from .data import DatacenterAssistantConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class VcfDomainSensorDescription(SensorEntityDescription):
    """A sensor of a domain: how it reads its state and attributes."""

    value_fn: Callable[[VcfDomainEntity], StateType]
    attributes_fn: Callable[[VcfDomainEntity], Mapping[str, Any] | None] = lambda _: (
        None
    )


def upgrade_log_state(entity: VcfDomainEntity) -> str:
    """Return the latest log message cut to a state's length, the default text before any."""
    if (latest := entity.workflow.latest_log_entry) is None:
        return NO_MESSAGES
    return latest["message"][:LOG_STATE_MAX_LENGTH]


def _seconds(milliseconds: int) -> float:
    return round(milliseconds / 1000, 1)


def upgrade_status_attributes(entity: VcfDomainEntity) -> dict[str, Any]:
    """Return where the run stands, for automations and the dashboard card.

    `current_component` is the upgrade component in progress, or the bundle being
    downloaded. `phases` (the card's stepper), `components` (the run's component upgrades)
    and `alerts` (what a paused run waits on) are not recorded, nor is `last_precheck`
    (the last precheck's result, whose findings can be long). `waiting_for` says what VCF's
    order across domains holds the run for. The run's timings and the
    counters are the metric sensors'.
    """
    workflow = entity.workflow
    activity = entity.activity
    run = workflow.metrics["run"]
    attributes: dict[str, Any] = {
        "running": workflow.running,
        "current_component": activity.current_component,
        "progress_percent": activity.progress_percent,
        "sddc_manager_reachable": activity.sddc_manager_reachable,
        "acknowledgment_pending": workflow.acknowledgment_pending,
        ATTR_WAITING_FOR: workflow.waiting_for,
        ATTR_LAST_PRECHECK: workflow.last_precheck,
        ATTR_PHASES: upgrade_phases(activity.state, run),
        ATTR_COMPONENTS: [
            {
                "component": upgrade["component"],
                "from_version": upgrade["from_version"],
                "to_version": upgrade["to_version"],
                "position": upgrade["position"],
                "total": upgrade["total"],
                "state": upgrade["state"],
                "duration": None
                if upgrade["duration_ms"] is None
                else _seconds(upgrade["duration_ms"]),
            }
            for upgrade in workflow.components
        ],
        ATTR_ALERTS: workflow.open_alerts,
    }
    if run is not None:
        attributes |= {
            "target_version": run["release_version"],
            "run_started_at": run["started_at"],
            "run_ended_at": run["ended_at"],
        }
    return attributes


def last_run_duration(entity: VcfDomainEntity) -> float | None:
    """Return how long the last ended run took (seconds); unknown before and during one."""
    run = entity.workflow.metrics["run"]
    if run is None or run["ended_at"] is None:
        return None
    return _seconds(run["duration_ms"])


def last_run_attributes(entity: VcfDomainEntity) -> dict[str, Any] | None:
    """Return the timings of the current or last run, in seconds.

    `phase_durations` has one entry per state the run went through (a state entered twice
    adds up), `component_durations` one per upgraded component.
    """
    if (run := entity.workflow.metrics["run"]) is None:
        return None
    return {
        "outcome": run["outcome"],
        "phase_durations": {
            state: _seconds(ms) for state, ms in run["state_ms"].items()
        },
        "component_durations": {
            component: _seconds(ms) for component, ms in run["component_ms"].items()
        },
        "alerts_raised": run["alerts_raised"],
    }


def success_rate(entity: VcfDomainEntity) -> float | None:
    """Return the share of ended runs that completed, in percent; unknown before any."""
    totals = entity.workflow.metrics["totals"]
    ended = totals["successes"] + totals["failures"]
    if ended == 0:
        return None
    return round(100 * totals["successes"] / ended, 1)


def newest_available_version(entity: VcfDomainEntity) -> str | None:
    """Return the newest version the domain can run: its own when nothing newer exists.

    Unknown only while the inventory does not know the domain's version.
    """
    if (release := entity.domain.next_release) is not None:
        return release["version"]
    return entity.domain.current_version


def available_release_attributes(entity: VcfDomainEntity) -> dict[str, Any]:
    """Return whether the domain is up to date and what describes the next release."""
    if (release := entity.domain.next_release) is None:
        return {"up_to_date": entity.domain.current_version is not None}
    return {
        "up_to_date": False,
        "release_id": release["id"],
        "description": release["description"],
        "release_date": release["release_date"],
    }


UPGRADE_STATUS = VcfDomainSensorDescription(
    key="upgrade_status",
    translation_key="upgrade_status",
    device_class=SensorDeviceClass.ENUM,
    options=list(UPGRADE_STATES),
    value_fn=lambda entity: entity.activity.state,
    attributes_fn=upgrade_status_attributes,
)

SENSORS: tuple[VcfDomainSensorDescription, ...] = (
    VcfDomainSensorDescription(
        key="current_version",
        translation_key="current_version",
        value_fn=lambda entity: entity.domain.current_version,
    ),
    VcfDomainSensorDescription(
        key="available_version",
        translation_key="available_version",
        value_fn=newest_available_version,
        attributes_fn=available_release_attributes,
    ),
)

METRIC_SENSORS: tuple[VcfDomainSensorDescription, ...] = (
    VcfDomainSensorDescription(
        key="last_run_duration",
        translation_key="last_run_duration",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=last_run_duration,
        attributes_fn=last_run_attributes,
    ),
    VcfDomainSensorDescription(
        key="total_runs",
        translation_key="total_runs",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda entity: entity.workflow.metrics["totals"]["runs"],
    ),
    VcfDomainSensorDescription(
        key="successful_runs",
        translation_key="successful_runs",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda entity: entity.workflow.metrics["totals"]["successes"],
    ),
    VcfDomainSensorDescription(
        key="failed_runs",
        translation_key="failed_runs",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda entity: entity.workflow.metrics["totals"]["failures"],
    ),
    VcfDomainSensorDescription(
        key="success_rate",
        translation_key="success_rate",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=success_rate,
    ),
    VcfDomainSensorDescription(
        key="alerts_raised",
        translation_key="alerts_raised",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda entity: entity.workflow.metrics["totals"]["alerts"],
    ),
)
"""Run metrics of a domain, restored with the workflow's snapshot across restarts.

Disabled by default: statistics for an operator who wants them, not what the dashboard needs.
"""

TOKEN_EXPIRES_AT = SensorEntityDescription(
    key="token_expires_at",
    translation_key="token_expires_at",
    device_class=SensorDeviceClass.TIMESTAMP,
    entity_category=EntityCategory.DIAGNOSTIC,
    entity_registry_enabled_default=False,
)

UPGRADE_LOGS = VcfDomainSensorDescription(
    key="upgrade_logs",
    translation_key="upgrade_logs",
    value_fn=upgrade_log_state,
    attributes_fn=lambda entity: {
        ATTR_MARKDOWN: entity.workflow.log_markdown,
        ATTR_LOG_ENTRIES: entity.workflow.log_entries,
    },
)


@dataclass(frozen=True, kw_only=True)
class CapacitySensorDescription(SensorEntityDescription):
    """A sensor of a domain's or a cluster's capacity."""

    value_fn: Callable[[Capacity], StateType]


def _count(
    key: str, value_fn: Callable[[Capacity], StateType]
) -> CapacitySensorDescription:
    return CapacitySensorDescription(
        key=key,
        translation_key=key,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=value_fn,
    )


def _usage(
    key: str, value_fn: Callable[[Capacity], StateType]
) -> CapacitySensorDescription:
    return CapacitySensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=value_fn,
    )


def _cpu(
    key: str, value_fn: Callable[[Capacity], StateType]
) -> CapacitySensorDescription:
    return CapacitySensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.FREQUENCY,
        native_unit_of_measurement=UnitOfFrequency.MEGAHERTZ,
        suggested_unit_of_measurement=UnitOfFrequency.GIGAHERTZ,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=value_fn,
    )


def _data_size(
    key: str, value_fn: Callable[[Capacity], StateType], display_unit: UnitOfInformation
) -> CapacitySensorDescription:
    return CapacitySensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DATA_SIZE,
        # SDDC Manager's "MB" of memory and storage are vSphere's binary megabytes.
        native_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_unit_of_measurement=display_unit,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=value_fn,
    )


CPU_USAGE = _usage(
    "cpu_usage", lambda c: usage_percent(c.cpu_used_mhz, c.cpu_total_mhz)
)
MEMORY_USAGE = _usage(
    "memory_usage", lambda c: usage_percent(c.memory_used_mb, c.memory_total_mb)
)
HOSTS = _count("hosts", lambda c: c.hosts)

DOMAIN_CAPACITY_SENSORS: tuple[CapacitySensorDescription, ...] = (
    _cpu("cpu_used", lambda c: c.cpu_used_mhz),
    _cpu("cpu_total", lambda c: c.cpu_total_mhz),
    CPU_USAGE,
    _data_size("memory_used", lambda c: c.memory_used_mb, UnitOfInformation.GIBIBYTES),
    _data_size(
        "memory_total", lambda c: c.memory_total_mb, UnitOfInformation.GIBIBYTES
    ),
    MEMORY_USAGE,
    _data_size(
        "storage_used", lambda c: c.storage_used_mb, UnitOfInformation.TEBIBYTES
    ),
    _data_size(
        "storage_total", lambda c: c.storage_total_mb, UnitOfInformation.TEBIBYTES
    ),
    _usage(
        "storage_usage",
        lambda c: usage_percent(c.storage_used_mb, c.storage_total_mb),
    ),
    _count("clusters", lambda c: c.clusters),
    HOSTS,
)
"""A domain's capacity, summed over the hosts of its clusters (`vcf_domain{X}_{key}`)."""

CLUSTER_SENSORS: tuple[CapacitySensorDescription, ...] = (
    HOSTS,
    CPU_USAGE,
    MEMORY_USAGE,
)


@dataclass(frozen=True, kw_only=True)
class HostSensorDescription(SensorEntityDescription):
    """A sensor of one ESX host."""

    value_fn: Callable[[EstateHost], StateType]


def _host_usage(
    key: str, value_fn: Callable[[EstateHost], StateType]
) -> HostSensorDescription:
    return HostSensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        entity_registry_enabled_default=False,
        value_fn=value_fn,
    )


HOST_SENSORS: tuple[HostSensorDescription, ...] = (
    _host_usage(
        "host_cpu_usage", lambda h: usage_percent(h["cpu_used_mhz"], h["cpu_total_mhz"])
    ),
    _host_usage(
        "host_memory_usage",
        lambda h: usage_percent(h["memory_used_mb"], h["memory_total_mb"]),
    ),
    _host_usage(
        "host_storage_usage",
        lambda h: usage_percent(h["storage_used_mb"], h["storage_total_mb"]),
    ),
    HostSensorDescription(
        key="host_esxi_version",
        translation_key="host_esxi_version",
        entity_registry_enabled_default=False,
        value_fn=lambda h: h["esxi_version"],
    ),
    HostSensorDescription(
        key="host_status",
        translation_key="host_status",
        entity_registry_enabled_default=False,
        value_fn=lambda h: h["status"],
    ),
)
"""A host's figures, disabled by default: a cluster's hosts, each on the cluster's device."""


@dataclass(frozen=True, kw_only=True)
class SummarySensorDescription(SensorEntityDescription):
    """A sensor of the estate's summary on the SDDC Manager's device."""

    value_fn: Callable[[SddcManagerSummaryEntity], StateType]
    attributes_fn: Callable[[SddcManagerSummaryEntity], Mapping[str, Any] | None] = (
        lambda _: None
    )


SUMMARY_SENSORS: tuple[SummarySensorDescription, ...] = (
    SummarySensorDescription(
        key="domains",
        translation_key="domains",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda entity: len(entity.inventory.data),
    ),
    SummarySensorDescription(
        key="domains_with_update",
        translation_key="domains_with_update",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda entity: len(domains_with_update(entity.inventory.data)),
        attributes_fn=lambda entity: {
            "domains": domains_with_update(entity.inventory.data)
        },
    ),
    SummarySensorDescription(
        key="estate_state",
        translation_key="estate_state",
        device_class=SensorDeviceClass.ENUM,
        options=list(ESTATE_STATES),
        value_fn=lambda entity: estate_state(
            entity.inventory.data, entity.runs, entity.current_estate
        ),
        attributes_fn=lambda entity: {
            "domains_needing_attention": domains_needing_attention(
                entity.inventory.data, entity.runs
            ),
            "clusters_without_headroom": clusters_without_headroom(
                entity.current_estate
            ),
        },
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of every domain and the token expiry of the SDDC Manager."""
    async_add_entities([TokenExpirySensor(entry, TOKEN_EXPIRES_AT, Platform.SENSOR)])

    sensors: tuple[tuple[type[VcfDomainSensor], VcfDomainSensorDescription], ...] = (
        (UpgradeStatusSensor, UPGRADE_STATUS),
        *((VcfDomainSensor, description) for description in SENSORS),
        *((VcfDomainSensor, description) for description in METRIC_SENSORS),
        (UpgradeLogSensor, UPGRADE_LOGS),
    )

    def create_sensors(domain: VcfDomain) -> list[VcfDomainSensor]:
        return [
            sensor_class(
                entry,
                domain,
                description,
                domain_entity_id(Platform.SENSOR, domain.index, description.key),
            )
            for sensor_class, description in sensors
        ]

    async_add_domain_entities(entry, async_add_entities, create_sensors)
    async_add_entities(
        SummarySensor(entry, description, Platform.SENSOR)
        for description in SUMMARY_SENSORS
    )
    if entry.runtime_data.estate is None:
        return

    def create_capacity_sensors(domain: VcfDomain) -> list[DomainCapacitySensor]:
        return [
            DomainCapacitySensor(
                entry,
                domain,
                description,
                domain_entity_id(Platform.SENSOR, domain.index, description.key),
            )
            for description in DOMAIN_CAPACITY_SENSORS
        ]

    def create_cluster_sensors(cluster: EstateCluster) -> list[ClusterSensor]:
        return [
            ClusterSensor(hass, entry, cluster, description)
            for description in CLUSTER_SENSORS
        ]

    def create_host_sensors(
        cluster_and_host: tuple[EstateCluster, EstateHost],
    ) -> list[HostSensor]:
        cluster, host = cluster_and_host
        return [
            HostSensor(hass, entry, cluster, host, description)
            for description in HOST_SENSORS
        ]

    async_add_domain_entities(entry, async_add_entities, create_capacity_sensors)
    async_add_estate_entities(
        entry, async_add_entities, clusters_of, create_cluster_sensors, Platform.SENSOR
    )
    async_add_estate_entities(
        entry, async_add_entities, hosts_of, create_host_sensors, Platform.SENSOR
    )


class VcfDomainSensor(VcfDomainEntity, SensorEntity):
    """A sensor of a domain."""

    entity_description: VcfDomainSensorDescription

    @property
    def native_value(self) -> StateType:
        """Return the state."""
        return self.entity_description.value_fn(self)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the attributes."""
        return self.entity_description.attributes_fn(self)


class UpgradeStatusSensor(VcfDomainSensor):
    """The domain's upgrade status; its lists for the dashboard card stay out of the database."""

    _unrecorded_attributes = frozenset(
        {ATTR_PHASES, ATTR_COMPONENTS, ATTR_ALERTS, ATTR_LAST_PRECHECK}
    )


class UpgradeLogSensor(VcfDomainSensor):
    """The domain's upgrade log: the latest entry as state, the whole log as markdown.

    The markdown attribute is for markdown cards, `entries` (each `{at, level, message}`,
    oldest first) for the dashboard card and automations; neither goes to the database.
    """

    _unrecorded_attributes = frozenset({ATTR_MARKDOWN, ATTR_LOG_ENTRIES})


class TokenExpirySensor(SddcManagerEntity, SensorEntity):
    """When the client's SDDC Manager access token expires (refreshed ahead of it)."""

    @property
    def native_value(self) -> datetime | None:
        """Return the expiry the latest connectivity test saw."""
        return self.coordinator.data.token_expires_at


class SummarySensor(SddcManagerSummaryEntity, SensorEntity):
    """A sensor of the estate's summary, on the SDDC Manager's device."""

    entity_description: SummarySensorDescription

    @property
    def native_value(self) -> StateType:
        """Return the state."""
        return self.entity_description.value_fn(self)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the attributes."""
        return self.entity_description.attributes_fn(self)


class DomainCapacitySensor(EstateDomainEntity, SensorEntity):
    """A domain's capacity over the hosts of its clusters."""

    entity_description: CapacitySensorDescription

    @property
    def native_value(self) -> StateType:
        """Return the state."""
        return self.entity_description.value_fn(self.capacity)


class ClusterSensor(EstateClusterEntity, SensorEntity):
    """A cluster's hosts or use."""

    entity_description: CapacitySensorDescription

    @property
    def native_value(self) -> StateType:
        """Return the state; unknown once the cluster vanished."""
        if (cluster := self.cluster) is None:
            return None
        return self.entity_description.value_fn(Capacity.of([cluster]))


class HostSensor(EstateHostEntity, SensorEntity):
    """A host's use, ESXi version or connection status."""

    entity_description: HostSensorDescription

    @property
    def native_value(self) -> StateType:
        """Return the state; unknown once the host left its cluster."""
        if (host := self.host) is None:
            return None
        return self.entity_description.value_fn(host)
