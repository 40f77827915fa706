"""The estate at a glance: capacity, clusters, hosts, headroom and the SDDC Manager's summary.

Against `vcf-sim --dialect vcf52`, whose clusters are vSAN with failures to tolerate 1: four
hosts leave headroom for a rolling upgrade, three do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.sensor import (
    ATTR_OPTIONS,
    ATTR_STATE_CLASS,
    SensorDeviceClass,
    SensorStateClass,
)
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_ENTITY_ID,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    UnitOfFrequency,
    UnitOfInformation,
)
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.datacenter_assistant.const import DOMAIN
from custom_components.datacenter_assistant.devices import (
    cluster_device_identifier,
    domain_device_identifier,
)
from custom_components.datacenter_assistant.estate import Capacity, domain_clusters

from .helpers import state_of, wait_for_state

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant, State
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

    from datacenter_assistant_core import EstateCluster
    from tests.support.simulator import VcfSimulator

MIB_PER_GIB = 1024
MIB_PER_TIB = 1024 * 1024
ESTATE_STATE = "sensor.vcf_estate_state"
HEADROOM = "binary_sensor.vcf_cluster_cl_mgmt_domain_rolling_upgrade_headroom"
DOMAIN_ESTATE_KEYS = (
    "cpu_used",
    "cpu_total",
    "cpu_usage",
    "memory_used",
    "memory_total",
    "memory_usage",
    "storage_used",
    "storage_total",
    "storage_usage",
    "clusters",
    "hosts",
)
SUMMARY_ENTITY_IDS = (
    "sensor.vcf_domains",
    "sensor.vcf_domains_with_update",
    "sensor.vcf_estate_state",
    "binary_sensor.vcf_updates_available",
    "button.vcf_check_for_updates",
)


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Two domains on SDDC Manager 5.2, one cluster of four hosts each."""
    return {"domains": 2, "dialect": "vcf52"}


def vcf52(**options: Any) -> Any:
    """Parametrize `sim_options` with a vcf52 simulator."""
    return pytest.mark.parametrize(
        "sim_options", [{"domains": 2, "dialect": "vcf52", **options}]
    )


def clusters(entry: MockConfigEntry) -> list[EstateCluster]:
    """Return the clusters the estate coordinator last read, by name."""
    estate = entry.runtime_data.estate
    assert estate is not None
    assert estate.data is not None
    return sorted(estate.data.values(), key=lambda cluster: cluster["name"])


def number(state: State) -> float:
    return float(state.state)


async def press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        "button", SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_domain_capacity_sensors(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A domain's CPU, memory and storage over its hosts, in GHz, GiB and TiB."""
    domain = loaded_entry.runtime_data.inventory.data
    management = next(d for d in domain.values() if d.index == 1)
    estate = loaded_entry.runtime_data.estate
    assert estate is not None
    capacity = Capacity.of(domain_clusters(estate.data, management.id))
    assert (capacity.clusters, capacity.hosts) == (1, 4)

    cpu_used = state_of(hass, "sensor.vcf_domain1_cpu_used")
    assert number(cpu_used) == pytest.approx(capacity.cpu_used_mhz / 1000, abs=0.01)
    assert cpu_used.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfFrequency.GIGAHERTZ
    assert cpu_used.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.FREQUENCY
    assert cpu_used.attributes[ATTR_STATE_CLASS] == SensorStateClass.MEASUREMENT
    cpu_total = state_of(hass, "sensor.vcf_domain1_cpu_total")
    assert number(cpu_total) == pytest.approx(4 * 83.2, abs=0.01)

    memory_total = state_of(hass, "sensor.vcf_domain1_memory_total")
    assert number(memory_total) == pytest.approx(4 * 512, abs=0.1)
    assert memory_total.attributes[ATTR_UNIT_OF_MEASUREMENT] == (
        UnitOfInformation.GIBIBYTES
    )
    assert memory_total.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.DATA_SIZE
    assert memory_total.attributes[ATTR_STATE_CLASS] == SensorStateClass.MEASUREMENT
    memory_used = state_of(hass, "sensor.vcf_domain1_memory_used")
    assert number(memory_used) == pytest.approx(
        capacity.memory_used_mb / MIB_PER_GIB, abs=0.1
    )
    storage_used = state_of(hass, "sensor.vcf_domain1_storage_used")
    assert storage_used.attributes[ATTR_UNIT_OF_MEASUREMENT] == (
        UnitOfInformation.TEBIBYTES
    )
    assert number(storage_used) == pytest.approx(
        capacity.storage_used_mb / MIB_PER_TIB, abs=0.01
    )
    assert number(state_of(hass, "sensor.vcf_domain1_storage_total")) > number(
        storage_used
    )

    for key, used, total in (
        ("cpu_usage", capacity.cpu_used_mhz, capacity.cpu_total_mhz),
        ("memory_usage", capacity.memory_used_mb, capacity.memory_total_mb),
        ("storage_usage", capacity.storage_used_mb, capacity.storage_total_mb),
    ):
        usage = state_of(hass, f"sensor.vcf_domain1_{key}")
        assert number(usage) == pytest.approx(100 * used / total, abs=0.1)
        assert usage.attributes[ATTR_UNIT_OF_MEASUREMENT] == "%"
        assert usage.attributes[ATTR_STATE_CLASS] == SensorStateClass.MEASUREMENT
    assert state_of(hass, "sensor.vcf_domain1_clusters").state == "1"
    assert state_of(hass, "sensor.vcf_domain1_hosts").state == "4"

    # On the domain's existing device, with the domain's entity ids.
    device = dr.async_get(hass).async_get_device_by_identifier(
        domain_device_identifier(loaded_entry, management.id), loaded_entry.entry_id
    )
    assert device is not None
    entity_registry = er.async_get(hass)
    for index in (1, 2):
        for key in DOMAIN_ESTATE_KEYS:
            entity = entity_registry.async_get(f"sensor.vcf_domain{index}_{key}")
            assert entity is not None, (index, key)
            if index == 1:
                assert entity.device_id == device.id


async def test_cluster_device_under_its_domain(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Each cluster is a device under its domain's, with its hosts, use and headroom."""
    device_registry = dr.async_get(hass)
    entity_registry = er.async_get(hass)
    inventory = loaded_entry.runtime_data.inventory.data
    for cluster in clusters(loaded_entry):
        device = device_registry.async_get_device_by_identifier(
            cluster_device_identifier(loaded_entry, cluster["id"]),
            loaded_entry.entry_id,
        )
        assert device is not None
        assert device.name == f"VCF cluster {cluster['name']}"
        domain_device = device_registry.async_get_device_by_identifier(
            domain_device_identifier(loaded_entry, cluster["domain_id"]),
            loaded_entry.entry_id,
        )
        assert domain_device is not None
        assert device.via_device_id == domain_device.id
        assert cluster["domain_id"] in inventory
        entities = er.async_entries_for_device(
            entity_registry, device.id, include_disabled_entities=True
        )
        enabled = {entity.entity_id for entity in entities if not entity.disabled}
        prefix = cluster["name"].replace("-", "_")
        assert enabled == {
            f"sensor.vcf_cluster_{prefix}_hosts",
            f"sensor.vcf_cluster_{prefix}_cpu_usage",
            f"sensor.vcf_cluster_{prefix}_memory_usage",
            f"binary_sensor.vcf_cluster_{prefix}_rolling_upgrade_headroom",
        }
        assert state_of(hass, f"sensor.vcf_cluster_{prefix}_hosts").state == "4"
        capacity = Capacity.of([cluster])
        assert number(
            state_of(hass, f"sensor.vcf_cluster_{prefix}_cpu_usage")
        ) == pytest.approx(100 * capacity.cpu_used_mhz / capacity.cpu_total_mhz, 0.01)
        # Five disabled sensors per host, on the cluster's device.
        assert len(entities) - len(enabled) == 5 * len(cluster["hosts"])


async def test_headroom_with_four_vsan_hosts(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Four vSAN hosts (FTT 1): one can go into maintenance; the estate awaits updates."""
    headroom = state_of(hass, HEADROOM)
    assert headroom.state == STATE_ON
    assert headroom.attributes["vsan_hosts_needed"] == 3
    assert headroom.attributes["vsan_fits"] is True
    [cluster, *_] = clusters(loaded_entry)
    assert headroom.attributes["cpu_used_mhz"] == cluster["headroom"]["cpu_used_mhz"]
    assert (
        headroom.attributes["cpu_without_largest_mhz"]
        == (cluster["headroom"]["cpu_without_largest_mhz"])
    )
    assert (
        headroom.attributes["memory_without_largest_mb"]
        == (cluster["headroom"]["memory_without_largest_mb"])
    )
    estate_state = state_of(hass, ESTATE_STATE)
    assert estate_state.state == "updates_available"
    assert estate_state.attributes["clusters_without_headroom"] == []


@vcf52(hosts_per_cluster=3)
async def test_no_headroom_with_three_vsan_hosts(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Three vSAN hosts (FTT 1) cannot lose one: the estate needs attention."""
    headroom = state_of(hass, HEADROOM)
    assert headroom.state == STATE_OFF
    assert headroom.attributes["vsan_fits"] is False
    assert headroom.attributes["vsan_hosts_needed"] == 3
    estate_state = state_of(hass, ESTATE_STATE)
    assert estate_state.state == "needs_attention"
    assert estate_state.attributes["clusters_without_headroom"] == [
        "cl-mgmt-domain",
        "cl-wld-01",
    ]
    assert estate_state.attributes["domains_needing_attention"] == []


async def test_host_entities_are_disabled_by_default(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Each host's use, version and status exist, disabled, its FQDN in their names."""
    entity_registry = er.async_get(hass)
    host_entities = [
        entity
        for entity in er.async_entries_for_config_entry(
            entity_registry, loaded_entry.entry_id
        )
        if "_host_" in (entity.unique_id or "")
    ]
    assert len(host_entities) == 2 * 4 * 5
    for entity in host_entities:
        assert entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity.entity_id) is None
    assert entity_registry.async_get(
        "sensor.vcf_cluster_cl_mgmt_domain_esx_01_mgmt_domain_vcf_sim_esxi_version"
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_host_sensors_when_enabled(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A host's use in percent, its ESXi version and its connection status."""
    [cluster, *_] = clusters(loaded_entry)
    host = cluster["hosts"][0]
    prefix = "sensor.vcf_cluster_cl_mgmt_domain_esx_01_mgmt_domain_vcf_sim"
    cpu = state_of(hass, f"{prefix}_cpu_usage")
    assert number(cpu) == pytest.approx(
        100 * host["cpu_used_mhz"] / host["cpu_total_mhz"], abs=0.1
    )
    assert cpu.attributes[ATTR_UNIT_OF_MEASUREMENT] == "%"
    assert cpu.attributes["friendly_name"] == (
        "VCF cluster cl-mgmt-domain esx-01.mgmt-domain.vcf.sim CPU usage"
    )
    assert state_of(hass, f"{prefix}_memory_usage").state != STATE_UNAVAILABLE
    assert state_of(hass, f"{prefix}_storage_usage").state != STATE_UNAVAILABLE
    assert state_of(hass, f"{prefix}_esxi_version").state == "8.0.2-23305546"
    assert state_of(hass, f"{prefix}_status").state == "ASSIGNED"


async def test_summary_on_the_sddc_manager(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Domains counted, domains with an update and the updates-available sensor."""
    assert state_of(hass, "sensor.vcf_domains").state == "2"
    with_update = state_of(hass, "sensor.vcf_domains_with_update")
    assert with_update.state == "2"
    names = sorted(d.name for d in loaded_entry.runtime_data.inventory.data.values())
    assert with_update.attributes["domains"] == names
    updates = state_of(hass, "binary_sensor.vcf_updates_available")
    assert updates.state == STATE_ON
    assert updates.attributes[ATTR_DEVICE_CLASS] == "update"
    estate_state = state_of(hass, ESTATE_STATE)
    assert estate_state.attributes[ATTR_OPTIONS] == [
        "up_to_date",
        "updates_available",
        "upgrading",
        "needs_attention",
    ]
    hub = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, loaded_entry.unique_id or ""), loaded_entry.entry_id
    )
    assert hub is not None
    entity_registry = er.async_get(hass)
    for entity_id in SUMMARY_ENTITY_IDS:
        entity = entity_registry.async_get(entity_id)
        assert entity is not None, entity_id
        assert entity.device_id == hub.id


@vcf52(domains=1)
async def test_estate_state_follows_a_run(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Upgrading while the run is active, up to date once the only domain is upgraded."""
    seen: list[str] = []

    def record(event: Any) -> None:
        if event.data["entity_id"] == ESTATE_STATE and event.data["new_state"]:
            seen.append(event.data["new_state"].state)

    unsubscribe = hass.bus.async_listen("state_changed", record)
    await press(hass, "button.vcf_domain1_start_upgrade")
    await wait_for_state(hass, "sensor.vcf_domain1_upgrade_status", "upgrade_completed")
    await loaded_entry.runtime_data.inventory.async_refresh()
    await hass.async_block_till_done()
    unsubscribe()
    assert seen[0] == "upgrading"
    assert "upgrading" in seen
    assert state_of(hass, ESTATE_STATE).state == "up_to_date"
    assert state_of(hass, "binary_sensor.vcf_updates_available").state == STATE_OFF
    assert state_of(hass, "sensor.vcf_domains_with_update").state == "0"
    # Written when the state changed, not after every event of the run.
    assert len(seen) == len(
        [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s]
    )


@vcf52(domains=1, scenarios={1: "precheck-fail"})
async def test_estate_needs_attention_after_a_failed_precheck(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A domain whose precheck failed makes the estate need attention."""
    assert state_of(hass, ESTATE_STATE).state == "updates_available"
    await press(hass, "button.vcf_domain1_run_precheck")
    await wait_for_state(hass, "sensor.vcf_domain1_upgrade_status", "precheck_failed")
    await wait_for_state(hass, ESTATE_STATE, "needs_attention")
    name = next(iter(loaded_entry.runtime_data.inventory.data.values())).name
    assert state_of(hass, ESTATE_STATE).attributes["domains_needing_attention"] == [
        name
    ]


async def count(sim: VcfSimulator, path: str) -> int:
    return sum(
        1
        for request in await sim.requests()
        if request["method"] == "GET" and request["path"].split("?")[0] == path
    )


async def test_check_for_updates_refreshes_inventory_and_estate(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The button reads the domains and the clusters again at once."""
    domains_before = await count(vcf_sim, "/v1/domains")
    clusters_before = await count(vcf_sim, "/v1/clusters")
    hosts_before = await count(vcf_sim, "/v1/hosts")
    await press(hass, "button.vcf_check_for_updates")
    assert await count(vcf_sim, "/v1/domains") > domains_before
    assert await count(vcf_sim, "/v1/clusters") == clusters_before + 1
    # One request per cluster for its hosts.
    assert await count(vcf_sim, "/v1/hosts") == hosts_before + 2


@pytest.mark.parametrize("sim_options", [{"domains": 2}])
async def test_no_estate_on_the_default_dialect(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The project's contract has no clusters: no estate entities, nor requests for it."""
    assert loaded_entry.runtime_data.estate is None
    entity_ids = {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), loaded_entry.entry_id
        )
    }
    assert not any("cluster" in entity_id for entity_id in entity_ids)
    assert not any(
        entity_id.endswith(f"_{key}")
        for entity_id in entity_ids
        for key in DOMAIN_ESTATE_KEYS
        if key != "domains"
    )
    assert set(SUMMARY_ENTITY_IDS) <= entity_ids
    assert state_of(hass, "sensor.vcf_domains").state == "2"
    assert state_of(hass, ESTATE_STATE).state == "updates_available"
    devices = dr.async_entries_for_config_entry(
        dr.async_get(hass), loaded_entry.entry_id
    )
    assert len(devices) == 3, "the SDDC Manager and its two domains"
    await press(hass, "button.vcf_check_for_updates")
    assert await count(vcf_sim, "/v1/clusters") == 0


async def test_failed_estate_poll_leaves_the_rest_available(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    vcf_sim: VcfSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The estate's entities go unavailable, the domains' and the summary stay."""
    estate = loaded_entry.runtime_data.estate
    assert estate is not None
    await vcf_sim.add_fault(
        method="GET", pathPrefix="/v1/clusters", kind="status", status=404, count=1
    )
    await estate.async_refresh()
    await hass.async_block_till_done()
    assert not estate.last_update_success
    assert "Reading the clusters and hosts from SDDC Manager failed" in caplog.text
    for entity_id in (
        "sensor.vcf_domain1_cpu_used",
        "sensor.vcf_cluster_cl_mgmt_domain_hosts",
        HEADROOM,
    ):
        assert state_of(hass, entity_id).state == STATE_UNAVAILABLE, entity_id
    assert state_of(hass, "sensor.vcf_domain1_upgrade_status").state == (
        "waiting_for_initiation"
    )
    assert state_of(hass, "sensor.vcf_domains").state == "2"
    assert state_of(hass, ESTATE_STATE).state == "updates_available"
    assert state_of(hass, "binary_sensor.vcf_updates_available").state == STATE_ON

    # The next poll brings them back, with the same devices.
    await estate.async_refresh()
    await hass.async_block_till_done()
    assert estate.last_update_success
    assert state_of(hass, HEADROOM).state == STATE_ON
    assert state_of(hass, "sensor.vcf_domain1_hosts").state == "4"


@vcf52(domains=1, clusters_per_domain=2)
async def test_vanished_cluster_loses_its_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A cluster the estate no longer lists has its device and entities removed."""
    estate = loaded_entry.runtime_data.estate
    assert estate is not None
    gone = clusters(loaded_entry)[1]
    identifier = cluster_device_identifier(loaded_entry, gone["id"])
    device_registry = dr.async_get(hass)
    assert device_registry.async_get_device_by_identifier(
        identifier, loaded_entry.entry_id
    )
    assert state_of(hass, "sensor.vcf_domain1_clusters").state == "2"

    await hass.async_add_executor_job(
        lambda: vcf_sim.restart(domains=1, dialect="vcf52", clusters_per_domain=1)
    )
    await estate.async_refresh()
    await hass.async_block_till_done()
    assert (
        device_registry.async_get_device_by_identifier(
            identifier, loaded_entry.entry_id
        )
        is None
    )
    assert hass.states.get("sensor.vcf_cluster_cl_mgmt_domain_02_hosts") is None
    assert state_of(hass, "sensor.vcf_domain1_clusters").state == "1"
    assert state_of(hass, HEADROOM).state == STATE_ON


async def test_diagnostics_count_the_estate_without_naming_it(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
) -> None:
    """Counts and each cluster's headroom; no cluster name or id, no host FQDN."""
    assert await async_setup_component(hass, "diagnostics", {})
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, loaded_entry
    )
    estate = diagnostics["estate"]
    assert estate["last_update_success"] is True
    assert (estate["clusters"], estate["vsan_clusters"], estate["hosts"]) == (2, 2, 8)
    assert estate["clusters_without_headroom"] == 0
    assert [cluster["hosts"] for cluster in estate["headroom"]] == [4, 4]
    assert all(cluster["fits"] for cluster in estate["headroom"])
    text = str(estate)
    for cluster in clusters(loaded_entry):
        assert cluster["id"] not in text
        assert cluster["name"] not in text
        for host in cluster["hosts"]:
            assert host["id"] not in text
    assert ".vcf.sim" not in str(diagnostics)


@vcf52(domains=1)
async def test_host_that_leaves_loses_its_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A cluster down to three hosts keeps its device; the fourth host's entities go."""
    estate = loaded_entry.runtime_data.estate
    assert estate is not None
    entity_registry = er.async_get(hass)
    prefix = "sensor.vcf_cluster_cl_mgmt_domain_esx_04_mgmt_domain_vcf_sim"
    assert entity_registry.async_get(f"{prefix}_cpu_usage") is not None

    await hass.async_add_executor_job(
        lambda: vcf_sim.restart(domains=1, dialect="vcf52", hosts_per_cluster=3)
    )
    await estate.async_refresh()
    await hass.async_block_till_done()
    assert entity_registry.async_get(f"{prefix}_cpu_usage") is None
    assert entity_registry.async_get(
        "sensor.vcf_cluster_cl_mgmt_domain_esx_03_mgmt_domain_vcf_sim_cpu_usage"
    )
    assert state_of(hass, "sensor.vcf_cluster_cl_mgmt_domain_hosts").state == "3"
    assert state_of(hass, HEADROOM).state == STATE_OFF
    assert state_of(hass, ESTATE_STATE).state == "needs_attention"
