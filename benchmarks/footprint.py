"""Import time and memory of the engine, each in fresh interpreters.

Import: `import datacenter_assistant_core` timed in a fresh interpreter, alone and with
`logging` imported first (as in Home Assistant). Memory: RSS added by the import, a login,
the inventory of 25 domains and their workflows, an event stream and a snapshot each.
Run as `python -m benchmarks.footprint URL DOMAINS` it is that memory child.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import subprocess
import sys

from .common import PASSWORD, ROOT, USERNAME, check, median, simulator

IMPORT_PROBE = (
    "import time; t = time.perf_counter(); import datacenter_assistant_core; "
    "print(time.perf_counter() - t)"
)


def import_time(runs: int, preload: str = "") -> float:
    """Median time of `import datacenter_assistant_core` in a fresh interpreter.

    `preload` is imported first, untimed (e.g. `logging`, which Home Assistant has imported
    long before it loads the integration).
    """
    probe = f"import {preload}; {IMPORT_PROBE}" if preload else IMPORT_PROBE
    times = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", probe],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        times.append(float(output))
    return median(times)


def rss_kib() -> int:
    """Resident set size of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def memory_child(url: str, domains: int) -> None:
    """In a fresh process: RSS before the import and after setting up `domains` domains."""
    before = rss_kib()
    import datacenter_assistant_core as core

    client = core.VcfClient(url, USERNAME, PASSWORD)
    await client.login()
    inventory = await client.inventory()
    workflows = [
        core.UpgradeWorkflow(client, d["id"], d["name"], poll_interval=1.0)
        for d in inventory
    ]
    streams = [w.events() for w in workflows]
    snapshots = [w.snapshot() for w in workflows]
    check(len(snapshots) == len(streams) == domains, "memory setup")
    await asyncio.sleep(0.2)
    print(rss_kib() - before)


def memory_added(domains: int, runs: int) -> float:
    """Median RSS (MiB) added by the engine with `domains` domains set up."""
    values = []
    with simulator(domains) as sim:
        for _ in range(runs):
            output = subprocess.run(
                [sys.executable, "-m", "benchmarks.footprint", sim.url, str(domains)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
            values.append(int(output) / 1024)
    return median(values)


if __name__ == "__main__":
    asyncio.run(memory_child(sys.argv[1], int(sys.argv[2])))
