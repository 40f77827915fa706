"""What every benchmark shares: paths, statistics and a release simulator."""

from __future__ import annotations

import contextlib
from pathlib import Path
import statistics
import tempfile
import time
from typing import TYPE_CHECKING, Any

from tests.support.simulator import (
    SIM_PASSWORD,
    SIM_SDDC_MANAGER_ID,
    SIM_USERNAME,
    VcfSimulator,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Iterator

ROOT = Path(__file__).resolve().parents[1]
SIM_BINARY = ROOT / "target" / "release" / "vcf-sim"
USERNAME = SIM_USERNAME
PASSWORD = SIM_PASSWORD
SDDC_MANAGER_ID = SIM_SDDC_MANAGER_ID


def check(condition: bool, message: str) -> None:
    """Stop the benchmark when a run did not do what it should."""
    if not condition:
        raise RuntimeError(message)


def median(values: list[float]) -> float:
    """The median, 0 for no values."""
    return statistics.median(values) if values else 0.0


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    """Seconds as milliseconds."""
    return f"{seconds * 1000:.2f} ms"


def domain_id(index: int) -> str:
    """The simulator's id of domain `index`."""
    return f"00000000-0000-4000-8000-{index:012}"


def bundle_id(index: int, number: int) -> str:
    """The simulator's id of bundle `number` of domain `index`."""
    return f"00000000-0000-4000-a000-{index:08}{number:04}"


@contextlib.contextmanager
def simulator(domains: int, dialect: str = "default") -> Iterator[VcfSimulator]:
    """A release `vcf-sim` of `domains` domains with zero step delay, stopped on exit."""
    with tempfile.TemporaryDirectory(prefix="bench-vcf-sim-") as workdir:
        sim = VcfSimulator(binary=SIM_BINARY, workdir=Path(workdir))
        sim.start(domains=domains, step_ms=0, dialect=dialect)
        try:
            yield sim
        finally:
            sim.stop()


async def clear_requests(sim: VcfSimulator) -> None:
    """Empty the simulator's request log."""
    await sim.request("DELETE", "/sim/requests")


async def reset(sim: VcfSimulator) -> None:
    """Every domain fresh (a domain upgrades once per simulator lifetime otherwise)."""
    await sim.request("POST", "/sim/reset")


async def timed(awaitable: Awaitable[Any]) -> tuple[Any, float, float]:
    """Await; return the result, wall seconds and process CPU seconds (every thread)."""
    wall = time.perf_counter()
    cpu = time.process_time()
    result = await awaitable
    return result, time.perf_counter() - wall, time.process_time() - cpu
