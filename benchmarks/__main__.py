"""Run every benchmark, print the table and write the report (`scripts/bench` runs this).

Usage: `.venv/bin/python -m benchmarks [--quick] [--output docs/benchmarks.md]`.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import shlex
import sys
import time

from .card_render import bench_card_render
from .common import SIM_BINARY, ms
from .footprint import import_time, memory_added
from .inventory import bench_inventory
from .loop_lag import HA_UPGRADE_POLL_INTERVAL, PROBE_INTERVAL, bench_home_assistant
from .report import build_rows, table, write_report
from .upgrades import UPGRADE_POLL_INTERVAL, bench_upgrade, bench_whole_upgrade


async def run(args: argparse.Namespace) -> None:
    """Every benchmark, then the table and the report."""
    started = time.perf_counter()
    quick = args.quick
    inventory = []
    for domains, full_repeats in ((1, 21), (25, 15), (100, 11), (500, 7)):
        repeats = max(3, full_repeats // 3) if quick else full_repeats
        print(f"inventory: {domains} domains x{repeats}", file=sys.stderr)
        inventory.append(await bench_inventory(domains, repeats))
    for domains, full_repeats in ((25, 15), (100, 11)):
        repeats = max(3, full_repeats // 3) if quick else full_repeats
        print(f"inventory (vcf52): {domains} domains x{repeats}", file=sys.stderr)
        inventory.append(await bench_inventory(domains, repeats, "vcf52"))
    upgrades = []
    for count, full_repeats in ((1, 7), (25, 3)):
        repeats = 2 if quick else full_repeats
        print(f"upgrade: {count} domains x{repeats}", file=sys.stderr)
        upgrades.append(await bench_upgrade(count, repeats))
    whole_runs = []
    for dialect in ("default", "vcf52"):
        print(f"whole upgrade ({dialect}): 1 domain", file=sys.stderr)
        whole_runs.append(await bench_whole_upgrade(dialect, 2 if quick else 7))
    ha_domains, ha_upgrades, refreshes = 100, 25, 3 if quick else 10
    print("Home Assistant loop lag", file=sys.stderr)
    lags = await bench_home_assistant(ha_domains, refreshes, ha_upgrades)
    card_loads = 3 if quick else 10
    print(f"dashboard card: 10 cards x{card_loads} page loads", file=sys.stderr)
    card_render = await bench_card_render(card_loads)
    import_runs, memory_runs = (3, 2) if quick else (11, 5)
    print("import time and memory", file=sys.stderr)
    import_seconds = import_time(import_runs)
    import_preloaded = import_time(import_runs, preload="logging")
    memory_mib = memory_added(25, memory_runs)
    rows = build_rows(
        inventory,
        upgrades,
        lags,
        import_seconds,
        import_preloaded,
        memory_mib,
        whole_runs,
        card_render,
    )
    elapsed = time.perf_counter() - started
    print(table(rows))
    if args.output:
        write_report(
            Path(args.output),
            rows,
            args.command or shlex.join(["python -m benchmarks", *sys.argv[1:]]),
            elapsed,
            {
                "poll": UPGRADE_POLL_INTERVAL,
                "poll_ms": f"{UPGRADE_POLL_INTERVAL * 1000:.0f}",
                "latency": ms(upgrades[0].latency),
                "ha_domains": ha_domains,
                "ha_poll": HA_UPGRADE_POLL_INTERVAL,
                "probe": PROBE_INTERVAL * 1000,
                "ha_upgrades": ha_upgrades,
                "import_runs": import_runs,
                "memory_runs": memory_runs,
                "card_loads": card_loads,
            },
        )
        print(f"\nwritten to {args.output}", file=sys.stderr)


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmarks of the engine and the integration.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats (a smoke run)"
    )
    parser.add_argument(
        "--output", help="write the report there (e.g. docs/benchmarks.md)"
    )
    parser.add_argument("--command", help="the command to name in the report")
    args = parser.parse_args()
    if not SIM_BINARY.exists():
        sys.exit(f"{SIM_BINARY} is missing: run scripts/bench (it builds it)")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
