"""Upgrade runs: whole runs of one domain and of 25 at once, and the overhead per phase.

The overhead of a phase is its wall time less its requests times the latency of one
loopback exchange and less its poll sleeps times the poll interval: what the engine, the
GIL crossings and the event delivery add to the HTTP calls and the sleeps.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import http.client
import json
import time
from typing import TYPE_CHECKING, Any

from .common import (
    PASSWORD,
    USERNAME,
    bundle_id,
    check,
    clear_requests,
    domain_id,
    median,
    reset,
    simulator,
)

if TYPE_CHECKING:
    from tests.support.simulator import VcfSimulator

PHASES = (
    "targeting_new_vcf_version",
    "downloading_bundle",
    "precheck_running",
    "upgrade_in_progress",
)
UPGRADE_POLL_INTERVAL = 0.002


def request_latency(url: str, samples: int = 300) -> float:
    """Median time of one HTTP exchange on loopback: a keep-alive `http.client` GET.

    This is "the HTTP call itself" (loopback round trip, the simulator's work and a minimal
    parse) that the overhead figure subtracts for every request of a run.
    """
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(
        "POST",
        "/v1/tokens",
        body=json.dumps({"username": USERNAME, "password": PASSWORD}),
        headers={"Content-Type": "application/json"},
    )
    token = json.loads(connection.getresponse().read())["accessToken"]
    headers = {"Authorization": f"Bearer {token}"}
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        connection.request("GET", f"/v1/bundles/{bundle_id(1, 1)}", headers=headers)
        json.loads(connection.getresponse().read())
        times.append(time.perf_counter() - started)
    connection.close()
    return median(times)


def classify(path: str, index: int) -> str | None:
    """The phase a request of domain `index` belongs to (None: another domain's)."""
    own = domain_id(index)
    if path.startswith("/v1/bundles/"):
        if path.rsplit("/", 1)[1] in (bundle_id(index, 1), bundle_id(index, 2)):
            return "downloading_bundle"
        return None
    if own not in path:
        return None
    if "/upgrades/precheck" in path:
        return "precheck_running"
    if "/upgrades" in path:
        return "upgrade_in_progress"
    return "targeting_new_vcf_version"


def pauses(requests: list[dict[str, Any]], phase: str) -> int:
    """Poll sleeps in a phase: every status GET except the last one of each polling loop."""
    loops = {"downloading_bundle": 2, "precheck_running": 1, "upgrade_in_progress": 1}
    if phase not in loops:
        return 0
    polls = 0
    for request in requests:
        path = request["path"]
        if request["method"] != "GET":
            continue
        if (
            (phase == "downloading_bundle")
            or (phase == "precheck_running" and path.count("/") == 6)
            or (
                phase == "upgrade_in_progress"
                and path.count("/") == 5
                and not path.endswith("/precheck")
            )
        ):
            polls += 1
    return max(0, polls - loops[phase])


@dataclass
class UpgradeResult:
    """Medians of one upgrade configuration."""

    domains: int
    total_wall: float
    phase_wall: float
    overhead_per_phase: float
    cpu_per_phase: float
    requests_per_run: float
    latency: float
    overheads: dict[str, float] = field(default_factory=dict)


async def _follow(workflow: Any, started: float) -> dict[str, float]:
    """Arrival times of a workflow's state changes, phase by phase."""
    times: dict[str, float] = {}
    previous, since = "start", started
    async for event in workflow.events():
        if event["type"] != "state_changed":
            continue
        now = time.perf_counter()
        times[previous] = now - since
        previous, since = event["to"], now
        if event["to"] in ("upgrade_completed", "upgrade_failed", "precheck_failed"):
            if event["to"] != "upgrade_completed":
                msg = f"{workflow.domain_id} ended {event['to']}"
                raise RuntimeError(msg)
            return times
    msg = "event stream ended"
    raise RuntimeError(msg)


async def one_upgrade_round(
    client: Any, sim: VcfSimulator, count: int
) -> tuple[float, float, list[dict[str, float]], list[dict[str, Any]]]:
    """Upgrade domains 1..count at once; per domain the wall time of each phase."""
    from datacenter_assistant_core import UpgradeWorkflow

    await reset(sim)
    workflows = [
        UpgradeWorkflow(
            client,
            domain_id(i),
            f"domain-{i}",
            poll_interval=UPGRADE_POLL_INTERVAL,
        )
        for i in range(1, count + 1)
    ]
    await clear_requests(sim)
    started = time.perf_counter()
    cpu = time.process_time()
    followers = [
        asyncio.create_task(_follow(workflow, started)) for workflow in workflows
    ]
    await asyncio.sleep(0)
    outcomes = await asyncio.gather(*(workflow.start() for workflow in workflows))
    check(set(outcomes) == {"started"}, f"start: {outcomes}")
    phase_times = await asyncio.wait_for(asyncio.gather(*followers), 120)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    requests = await sim.requests()
    for workflow in workflows:
        await workflow.stop()
    return wall, cpu, phase_times, requests


async def bench_upgrade(count: int, repeats: int) -> UpgradeResult:
    """Full runs (target, download, precheck, upgrade) of `count` domains at once."""
    from datacenter_assistant_core import VcfClient

    with simulator(max(count, 1)) as sim:
        latency = await asyncio.to_thread(request_latency, sim.url)
        client = VcfClient(sim.url, USERNAME, PASSWORD)
        await client.login()
        await one_upgrade_round(client, sim, count)  # warm-up
        walls, phase_walls, overheads, cpus, request_counts = [], [], [], [], []
        per_phase: dict[str, list[float]] = {phase: [] for phase in PHASES}
        for _ in range(repeats):
            wall, cpu, phase_times, requests = await one_upgrade_round(
                client, sim, count
            )
            walls.append(wall)
            cpus.append(cpu / (count * len(PHASES)))
            request_counts.append(len(requests) / count)
            # Inventory-wide reads (the start's re-check) belong to every domain equally.
            shared = [
                r
                for r in requests
                if r["path"] in ("/v1/domains", "/v1/releases/domains")
            ]
            for index, times in enumerate(phase_times, start=1):
                own = [r for r in requests if classify(r["path"], index)]
                for phase in PHASES:
                    in_phase = [r for r in own if classify(r["path"], index) == phase]
                    n = len(in_phase)
                    phase_wall = times.get(phase, 0.0)
                    if phase == PHASES[0]:
                        # The start's re-check of the domain runs before targeting.
                        phase_wall += times.get("start", 0.0)
                        n += len(shared) / count
                    overhead = (
                        phase_wall
                        - n * latency
                        - pauses(in_phase, phase) * UPGRADE_POLL_INTERVAL
                    )
                    phase_walls.append(phase_wall)
                    overheads.append(overhead)
                    per_phase[phase].append(overhead)
    return UpgradeResult(
        count,
        median(walls),
        median(phase_walls),
        median(overheads),
        median(cpus),
        median(request_counts),
        latency,
        {phase: median(values) for phase, values in per_phase.items()},
    )


@dataclass
class WholeRunResult:
    """Medians of whole runs of one domain in a dialect without the per-phase breakdown."""

    dialect: str
    wall: float
    cpu: float
    requests_per_run: float
    component_upgrades: float


async def bench_whole_upgrade(dialect: str, repeats: int) -> WholeRunResult:
    """Whole runs of the management domain: target, download, precheck, every component."""
    from datacenter_assistant_core import VcfClient

    with simulator(1, dialect) as sim:
        client = VcfClient(sim.url, USERNAME, PASSWORD, dialect=dialect)
        await client.login()
        await one_upgrade_round(client, sim, 1)  # warm-up
        rounds = [await one_upgrade_round(client, sim, 1) for _ in range(repeats)]
    # /v1/upgrades (vcf52) and /v1/domains/{id}/upgrades (default) start an upgrade.
    starts = [
        sum(
            1
            for r in requests
            if r["method"] == "POST" and r["path"].endswith("/upgrades")
        )
        for _, _, _, requests in rounds
    ]
    return WholeRunResult(
        dialect,
        median([wall for wall, _, _, _ in rounds]),
        median([cpu for _, cpu, _, _ in rounds]),
        median([len(requests) for _, _, _, requests in rounds]),
        median(starts),
    )
