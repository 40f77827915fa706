"""The native module from Python: awaitables on Home Assistant's loop, errors, event stream."""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
from typing import TYPE_CHECKING, Any

import pytest

import datacenter_assistant_core as core
from tests.support.simulator import SIM_PASSWORD, SIM_USERNAME, VcfSimulator

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.core import HomeAssistant

TICK = 0.002


class LoopLagProbe:
    """Schedules a callback every TICK seconds and records how late each one runs."""

    def __init__(self) -> None:
        """Nothing scheduled until `start`."""
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin ticking on the running loop."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop ticking."""
        assert self._task is not None
        self._task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            expected = loop.time() + TICK
            await asyncio.sleep(TICK)
            self.lags.append(max(0.0, loop.time() - expected))

    def summary(self) -> str:
        """Max and p99 lag in milliseconds."""
        ordered = sorted(self.lags)
        p99 = ordered[int(len(ordered) * 0.99) - 1]
        return (
            f"{len(ordered)} ticks, median {statistics.median(ordered) * 1000:.2f} ms, "
            f"p99 {p99 * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms"
        )


def _client(sim: VcfSimulator, **options: Any) -> core.VcfClient:
    return core.VcfClient(sim.url, SIM_USERNAME, SIM_PASSWORD, **options)


async def test_awaitables_leave_the_loop_ticking(
    hass: HomeAssistant,
    vcf_sim_factory: Callable[..., VcfSimulator],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Inventory reads and a slow answer run on the engine's runtime, not on the loop."""
    sim = vcf_sim_factory(domains=25)
    client = _client(sim)
    probe = LoopLagProbe()
    probe.start()
    await client.login()
    inventories = await asyncio.gather(*(client.inventory() for _ in range(20)))
    # One answer held back for half a second: the loop must keep ticking meanwhile.
    await sim.add_fault(kind="delay", delayMs=500, pathPrefix="/v1/domains", count=1)
    slow = await client.inventory()
    await probe.stop()
    with capsys.disabled():
        print(
            f"\nevent-loop lag during 21 inventory reads of 25 domains: {probe.summary()}"
        )
    assert all(len(inventory) == 25 for inventory in [*inventories, slow])
    # The loop ran its ticks through the held-back answer instead of waiting for it.
    assert len(probe.lags) > 100
    assert max(probe.lags) < 0.25


async def test_values_are_plain_typed_python(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """Identity and inventory come back as the dicts the stub describes."""
    sim = vcf_sim_factory(domains=2, scenarios={2: "no-update"})
    client = _client(sim)
    identity = await client.sddc_manager()
    assert set(identity) == {"id", "fqdn", "version"}
    first, second = await client.inventory()
    assert first["name"] == "mgmt-domain"
    assert first["current_version"] == "5.1.1.0"
    assert first["next_release"] is not None
    assert first["next_release"]["version"] == "5.2.1.0"
    assert len(first["next_release"]["bundle_ids"]) == 2
    assert second["next_release"] is None
    assert repr(client) == f'VcfClient(url="{sim.url}")'


class _Records(logging.Handler):
    """Collects the engine's records."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def test_log_levels_changed_at_run_time_apply_at_once(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """The bridge caches levels (no GIL per dropped record) yet follows `setLevel` at once."""
    sim = vcf_sim_factory(domains=2)
    client = _client(sim)
    logger = logging.getLogger("custom_components.datacenter_assistant.core.api")
    handler = _Records()
    logger.addHandler(handler)
    previous = logger.level
    try:
        logger.setLevel(logging.WARNING)
        await client.inventory()  # caches WARNING for the request records' target
        assert handler.records == []
        logger.setLevel(logging.DEBUG)
        await client.inventory()
        debug = [r for r in handler.records if r.levelno == logging.DEBUG]
        assert any("/future-releases" in r.getMessage() for r in debug)
        handler.records.clear()
        logger.setLevel(logging.INFO)
        await client.inventory()
        assert [r for r in handler.records if r.levelno == logging.DEBUG] == []
        # `logging.disable` clears Python's level caches too.
        logger.setLevel(logging.DEBUG)
        logging.disable(logging.CRITICAL)
        await client.inventory()
        assert handler.records == []
    finally:
        logging.disable(logging.NOTSET)
        logger.setLevel(previous)
        logger.removeHandler(handler)


async def test_errors_cross_as_their_exception_classes(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """Each failure kind arrives as the class the stub names, with the server's details."""
    sim = vcf_sim_factory(domains=1)
    with pytest.raises(core.AuthError):
        await core.VcfClient(sim.url, SIM_USERNAME, "wrong").login()
    with pytest.raises(core.ConfigurationError):
        core.VcfClient("not a url", SIM_USERNAME, SIM_PASSWORD)
    with pytest.raises(ValueError, match="timeout"):
        core.VcfClient(sim.url, SIM_USERNAME, SIM_PASSWORD, timeout=0)
    client = _client(sim)
    await client.login()
    await sim.add_fault(
        kind="body",
        status=200,
        contentType="text/html",
        body="<html>login</html>",
        pathPrefix="/v1/sddc-managers",
    )
    with pytest.raises(core.InvalidResponse):
        await client.sddc_manager()
    await sim.add_fault(kind="status", status=409, pathPrefix="/v1/domains")
    with pytest.raises(core.HttpError) as raised:
        await client.inventory()
    assert raised.value.status == 409
    assert raised.value.error_code is not None
    unreachable = core.VcfClient("http://127.0.0.1:9", SIM_USERNAME, SIM_PASSWORD)
    with pytest.raises(core.CannotConnect):
        await unreachable.login()


async def test_buffered_events_come_in_order_then_the_stream_waits(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """Events that wait already are handed over at once, in order; then `__anext__` waits."""
    sim = vcf_sim_factory(domains=1, step_ms=0)
    client = _client(sim)
    domain = (await client.inventory())[0]
    workflow = core.UpgradeWorkflow(
        client, domain["id"], domain["name"], poll_interval=0.002
    )
    events = workflow.events()
    assert await workflow.start() == "started"
    async with asyncio.timeout(30):
        while workflow.running:
            await asyncio.sleep(0.01)
    # The whole run is buffered (well under the 256-event capacity).
    states = []
    async with asyncio.timeout(5):
        async for event in events:
            if event["type"] == "state_changed":
                states.append(event["to"])
                if event["to"] == "upgrade_completed":
                    break
    assert states == [
        "targeting_new_vcf_version",
        "downloading_bundle",
        "precheck_running",
        "upgrade_in_progress",
        "upgrade_completed",
    ]
    # Then what followed the terminal state; after that the stream waits for the next event.
    trailing: list[str] = []
    while True:
        try:
            event = await asyncio.wait_for(events.__anext__(), 0.2)
        except TimeoutError:
            break
        trailing.append(event["type"])
    assert "state_changed" not in trailing
    assert len(trailing) < 10
    await workflow.stop()


async def test_a_whole_run_through_the_event_stream(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """Start, follow events, acknowledge the alert, finish; then snapshot and restore."""
    sim = vcf_sim_factory(domains=1, scenarios={1: "alerts"}, step_ms=20)
    client = _client(sim)
    domain = (await client.inventory())[0]
    workflow = core.UpgradeWorkflow(
        client, domain["id"], domain["name"], poll_interval=0.01
    )
    assert workflow.state == "waiting_for_initiation"
    assert workflow.log_markdown == core.NO_MESSAGES
    assert core.UPGRADE_STATES[0] == "waiting_for_initiation"
    events = workflow.events()
    assert await workflow.start() == "started"
    with pytest.raises(core.InvalidState):
        await workflow.start()

    states: list[str] = []
    messages: list[str] = []
    async with asyncio.timeout(30):
        async for event in events:
            if event["type"] == "log":
                messages.append(event["entry"]["message"])
            elif event["type"] == "state_changed":
                states.append(event["to"])
                if event["to"] == "waiting_for_acknowledgment":
                    await workflow.acknowledge()
                    assert workflow.acknowledgment_pending is False
                if event["to"] == "upgrade_completed":
                    break
    assert states == [
        "targeting_new_vcf_version",
        "downloading_bundle",
        "precheck_running",
        "upgrade_in_progress",
        "waiting_for_acknowledgment",
        "upgrade_in_progress",
        "upgrade_completed",
    ]
    assert f"Starting upgrade process for domain {domain['name']}" in messages
    assert "Successfully targeted version 5.2.1.0 for upgrade" in messages
    assert "Upgrade completed successfully" in messages
    metrics = workflow.metrics
    assert metrics["totals"]["successes"] == 1
    assert metrics["run"] is not None
    assert metrics["run"]["alerts_raised"] == 1
    with pytest.raises(core.InvalidState):
        await workflow.acknowledge()

    restored = core.UpgradeWorkflow(
        client, domain["id"], domain["name"], snapshot=workflow.snapshot()
    )
    assert restored.state == "upgrade_completed"
    assert restored.log_markdown == workflow.log_markdown
    assert workflow.snapshot()["workflow"]["acknowledgment_pending"] is False
    assert await restored.resume() is False
    with pytest.raises(ValueError, match="snapshot"):
        core.UpgradeWorkflow(
            client, "another-domain", "x", snapshot=workflow.snapshot()
        )
    with pytest.raises(ValueError, match="snapshot"):
        core.UpgradeWorkflow(client, domain["id"], "x", snapshot={"version": 99})


async def test_stop_then_resume_continues_without_a_second_start(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """Stopping mid-upgrade and resuming from a snapshot polls the same upgrade."""
    sim = vcf_sim_factory(domains=1, step_ms=150)
    client = _client(sim)
    domain = (await client.inventory())[0]
    workflow = core.UpgradeWorkflow(
        client, domain["id"], domain["name"], poll_interval=0.01
    )
    events = workflow.events()
    await workflow.start()
    async with asyncio.timeout(30):
        async for event in events:
            if (
                event["type"] == "state_changed"
                and event["to"] == "upgrade_in_progress"
            ):
                break
    await workflow.stop()
    assert not workflow.running
    snapshot = workflow.snapshot()
    del workflow

    restored = core.UpgradeWorkflow(
        client, domain["id"], domain["name"], snapshot=snapshot, poll_interval=0.01
    )
    assert restored.state == "upgrade_in_progress"
    assert await restored.resume() is True
    async with asyncio.timeout(30):
        while restored.running:
            await asyncio.sleep(0.02)
    assert restored.state == "upgrade_completed"
    starts = [
        request
        for request in await sim.requests()
        if request["method"] == "POST"
        and request["path"] == f"/v1/domains/{domain['id']}/upgrades"
    ]
    assert len(starts) == 1


async def test_ping_and_token_expiry(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """`ping()` is one request, no retry; `token_expires_at` is the token's expiry only."""
    sim = vcf_sim_factory(domains=1, token_ttl=600)
    client = _client(sim)
    assert client.token_expires_at is None

    latency = await client.ping()  # logs in first
    assert 0 <= latency < 5
    expires_at = client.token_expires_at
    assert expires_at is not None
    assert 590 <= expires_at - time.time() <= 600

    await sim.request(
        "POST", "/sim/outage", json={"durationMs": 60_000, "mode": "unavailable"}
    )
    before = len(await sim.requests())
    with pytest.raises(core.VcfError):
        await client.ping()
    assert len(await sim.requests()) == before + 1, "a ping is never retried"
    await sim.request("DELETE", "/sim/outage")
    assert await client.ping() >= 0


async def test_the_dialect_is_detected_and_a_vcf52_run_pauses_for_precheck_warnings(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """`detect_dialect()` names the API; a `vcf52` client drives SDDC Manager 5.2's calls."""
    default = vcf_sim_factory(domains=1, step_ms=20)
    assert await _client(default).detect_dialect() == "default"
    sim = vcf_sim_factory(
        domains=1, scenarios={1: "precheck-warnings"}, step_ms=20, dialect="vcf52"
    )
    assert await _client(sim).detect_dialect() == "vcf52"
    with pytest.raises(ValueError, match="dialect"):
        _client(sim, dialect="vcf9")

    client = _client(sim, dialect="vcf52")
    assert client.dialect == "vcf52"
    assert repr(client) == f'VcfClient(url="{sim.url}", dialect="vcf52")'
    domain = (await client.inventory())[0]
    workflow = core.UpgradeWorkflow(
        client, domain["id"], domain["name"], poll_interval=0.01
    )
    assert await workflow.start() == "started"
    async with asyncio.timeout(30):
        while workflow.state != "waiting_for_acknowledgment":
            await asyncio.sleep(0.01)
    gate = workflow.snapshot()["workflow"]["gate"]
    assert (gate["kind"], gate["warnings"], len(gate["messages"])) == (
        "precheck_warnings",
        2,
        2,
    )
    # The dashboard card's views: the warnings to acknowledge, no component handed out yet.
    assert workflow.open_alerts == [
        {
            "kind": "precheck_warning",
            "severity": "warning",
            "component": None,
            "message": message,
        }
        for message in gate["messages"]
    ]
    assert workflow.components == []
    await workflow.acknowledge()
    assert workflow.open_alerts == []
    async with asyncio.timeout(30):
        while workflow.state != "upgrade_completed":
            assert workflow.state not in ("upgrade_failed", "precheck_failed")
            await asyncio.sleep(0.01)
    components = workflow.components
    assert [(c["component"], c["state"]) for c in components] == [
        ("SDDC_MANAGER", "completed"),
        ("NSX_T_MANAGER", "completed"),
        ("VCENTER", "completed"),
        ("ESX_HOST", "completed"),
    ]
    assert all(
        c["started_at"] is not None and c["duration_ms"] is not None for c in components
    )
    snapshot = workflow.snapshot()
    assert snapshot["version"] == 2
    assert [u["step"]["component"] for u in snapshot["workflow"]["upgrades"]] == [
        "SDDC_MANAGER",
        "NSX_T_MANAGER",
        "VCENTER",
        "ESX_HOST",
    ]


def test_upgrade_settings_are_completed_with_the_wizards_defaults_or_refused() -> None:
    """`validate_upgrade_settings` fills in the defaults and names the first invalid field."""
    defaults = core.UPGRADE_SETTINGS_DEFAULTS
    assert defaults["vcenter_network_mode"] == "automatic"
    assert defaults["esx_failure_action"] == "retry"
    settings = core.validate_upgrade_settings(
        {
            "vcenter_network_mode": "static",
            "vcenter_ip_address": "192.0.2.50",
            "vcenter_subnet_mask": "255.255.255.0",
            "vcenter_gateway": "192.0.2.1",
        }
    )
    assert settings == {
        **defaults,
        "vcenter_network_mode": "static",
        "vcenter_ip_address": "192.0.2.50",
        "vcenter_subnet_mask": "255.255.255.0",
        "vcenter_gateway": "192.0.2.1",
    }
    with pytest.raises(ValueError, match="vcenter_gateway"):
        core.validate_upgrade_settings(
            {**settings, "vcenter_gateway": "198.51.100.1"}  # type: ignore[typeddict-item]
        )
    with pytest.raises(ValueError, match="esx_quickboot"):
        core.validate_upgrade_settings({"esx_quickboot": True})  # type: ignore[typeddict-unknown-key]


async def test_a_precheck_only_run_and_a_workload_domain_waiting_for_the_order(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """`precheck_only` ends idle with `last_precheck`; a workload domain shows `waiting_for`."""
    sim = vcf_sim_factory(domains=2, step_ms=20, dialect="vcf52")
    client = _client(sim, dialect="vcf52")
    management, workload = await client.inventory()
    first = core.UpgradeWorkflow(
        client, management["id"], management["name"], poll_interval=0.01
    )
    assert await first.start({"esx_quick_boot": True}, precheck_only=True) == "started"
    assert first.precheck_only
    async with asyncio.timeout(30):
        while first.running or first.state != "waiting_for_initiation":
            assert first.state not in ("upgrade_failed", "precheck_failed")
            await asyncio.sleep(0.01)
    summary = first.last_precheck
    assert summary is not None
    assert (summary["version"], summary["passed"], summary["errors"]) == (
        "5.2.1.0",
        True,
        0,
    )
    assert first.settings["esx_quick_boot"] is True

    second = core.UpgradeWorkflow(
        client,
        workload["id"],
        workload["name"],
        poll_interval=0.01,
        order_poll_interval=0.01,
    )
    with pytest.raises(ValueError, match="vcenter_ip_address"):
        await second.start({"vcenter_network_mode": "static"})
    assert await second.start() == "started"
    async with asyncio.timeout(30):
        while second.waiting_for is None:
            await asyncio.sleep(0.01)
    assert second.waiting_for.startswith("Waiting for SDDC Manager 5.2.1.0")
    await second.cancel()
    assert second.state == "waiting_for_initiation"
    with pytest.raises(core.InvalidState):
        await second.cancel()


async def test_the_estate_crosses_as_plain_dicts_with_its_headroom(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """`estate()`: clusters with hosts and headroom on vcf52; None in the contract."""
    sim = vcf_sim_factory(domains=2, step_ms=20, dialect="vcf52")
    estate = await _client(sim, dialect="vcf52").estate()
    assert estate is not None
    assert [len(cluster["hosts"]) for cluster in estate] == [4, 4]
    cluster = estate[0]
    assert cluster["vsan"] is True
    assert cluster["headroom"]["fits"] is True
    assert cluster["headroom"]["vsan_hosts_needed"] == 3
    host = cluster["hosts"][0]
    assert 0 < host["cpu_used_mhz"] < host["cpu_total_mhz"]
    assert isinstance(host["esxi_version"], str)

    contract = vcf_sim_factory(domains=1, step_ms=20)
    assert await _client(contract).estate() is None


async def test_the_health_check_crosses_as_a_dict_green_yellow_or_red(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    """`health_check()`: SDDC Manager's health summary per domain on vcf52; None in the contract."""
    sim = vcf_sim_factory(
        domains=3,
        scenarios={2: "health-warnings", 3: "health-fails"},
        step_ms=20,
        dialect="vcf52",
    )
    client = _client(sim, dialect="vcf52")
    by_index = sorted(await sim.domains(), key=lambda domain: domain["index"])
    ids = [domain["id"] for domain in by_index]

    statuses = []
    for domain_id in ids:
        summary = await client.health_check(domain_id, poll_interval=0.01, timeout=10)
        assert summary is not None
        statuses.append(summary["status"])
        assert summary["id"]
        assert isinstance(summary["started_at"], str)
        flagged = [c for c in summary["checks"] if c["status"] != "green"]
        assert len(flagged) == (0 if summary["status"] == "green" else 1), summary
        assert {"component", "name", "status", "message"} <= set(summary["checks"][0])
    assert statuses == ["green", "yellow", "red"]

    with pytest.raises(ValueError, match="poll_interval"):
        await client.health_check(ids[0], poll_interval=0)
    with pytest.raises(core.HttpError):
        await client.health_check("no-such-domain", poll_interval=0.01, timeout=1)

    contract = vcf_sim_factory(domains=1, step_ms=20)
    assert await _client(contract).health_check(ids[0]) is None
