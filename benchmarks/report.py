"""The table of figures, their verdicts, and the page `docs/benchmarks.md`.

The page's text is the template `report.md`; the notes on misses come from `misses.toml`
and the simulator's per-dialect section from `simulator-dialects.md` (figures of a Rust
example, kept by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
import platform
from string import Template
import subprocess
import sys
import tomllib
from typing import TYPE_CHECKING, Any

from .common import median, ms

if TYPE_CHECKING:
    from .card_render import CardRenderResult
    from .inventory import InventoryResult
    from .loop_lag import LagResult
    from .upgrades import UpgradeResult, WholeRunResult

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "report.md"
MISSES = HERE / "misses.toml"
SIMULATOR_DIALECTS = HERE / "simulator-dialects.md"
REFRESH_WORKLOAD = "coordinator refresh"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break

    def version(command: list[str]) -> str:
        try:
            return subprocess.run(
                command, check=True, capture_output=True, text=True
            ).stdout.strip()
        except OSError, subprocess.CalledProcessError:
            return "unknown"

    return {
        "load average (1, 5, 15 min) at the end": ", ".join(
            f"{value:.2f}" for value in os.getloadavg()
        ),
        "nproc": str(os.cpu_count()),
        "CPU": cpu,
        "kernel": platform.release(),
        "Python": platform.python_version(),
        "rustc": version(["rustc", "--version"]),
        "Home Assistant": version(
            [
                sys.executable,
                "-c",
                "import homeassistant.const as c; print(c.__version__)",
            ]
        ),
    }


@dataclass
class Row:
    """One line of the table."""

    measure: str
    target: str
    measured: str
    met: bool | None  # None: informational, no target

    @property
    def verdict(self) -> str:
        """Met, missed, or nothing."""
        if self.met is None:
            return ""
        return "met" if self.met else "**missed**"


def inventory_rows(r: InventoryResult) -> list[Row]:
    """Wall, CPU and requests of one domain count, against aiohttp."""
    wall_target = r.domains == 100
    name = "inventory" if r.dialect == "default" else f"inventory ({r.dialect})"
    return [
        Row(
            f"{name}, {r.domains} domains: wall",
            "<= 50 ms" if wall_target else "",
            ms(r.wall),
            r.wall <= 0.050 if wall_target else None,
        ),
        Row(
            f"{name}, {r.domains} domains: CPU",
            "<= 1/3 of aiohttp",
            f"{ms(r.cpu)} (aiohttp {ms(r.base_cpu)}, ratio {r.cpu / r.base_cpu:.2f})",
            r.cpu <= r.base_cpu / 3,
        ),
        Row(
            f"{name}, {r.domains} domains: wall vs aiohttp",
            "",
            f"{ms(r.wall)} vs {ms(r.base_wall)} (ratio {r.wall / r.base_wall:.2f})",
            None,
        ),
        Row(
            f"{name}, {r.domains} domains: requests per domain",
            "",
            f"{r.requests_per_domain:.2f} (aiohttp {r.base_requests_per_domain:.2f})",
            None,
        ),
    ]


def upgrade_rows(u: UpgradeResult) -> list[Row]:
    """Whole run, overhead per phase and CPU of one upgrade configuration."""
    label = "1 domain" if u.domains == 1 else f"{u.domains} domains at once"
    detail = ", ".join(
        f"{phase.split('_')[0]} {value * 1000:.2f}"
        for phase, value in u.overheads.items()
    )
    return [
        Row(
            f"upgrade, {label}: whole run",
            "",
            f"{ms(u.total_wall)}, {u.requests_per_run:.0f} requests per domain",
            None,
        ),
        Row(
            f"upgrade, {label}: overhead per phase (every phase)",
            "<= 2 ms",
            f"median of all phases {ms(u.overhead_per_phase)}; by phase (ms): {detail}",
            max(u.overheads.values()) <= 0.002,
        ),
        Row(
            f"upgrade, {label}: CPU per phase and domain",
            "",
            ms(u.cpu_per_phase),
            None,
        ),
    ]


def lag_row(lag: LagResult) -> Row:
    """Loop lag of one workload: p99 <= 5 ms, the coordinator's refresh <= 2 ms."""
    measured = f"{ms(lag.p99_lag)} ({ms(lag.max_lag)}), {lag.samples} samples"
    measure = f"HA loop lag, {lag.workload}: p99 (max)"
    if lag.workload == "idle":
        return Row(measure, "", measured, None)
    limit = 0.002 if lag.workload.startswith(REFRESH_WORKLOAD) else 0.005
    return Row(measure, f"p99 <= {limit * 1000:.0f} ms", measured, lag.p99_lag <= limit)


def build_rows(
    inventory: list[InventoryResult],
    upgrades: list[UpgradeResult],
    lags: list[LagResult],
    import_seconds: float,
    import_preloaded: float,
    memory_mib: float,
    whole_runs: list[WholeRunResult],
    card_render: CardRenderResult,
) -> list[Row]:
    """The table."""
    rows = [row for r in inventory for row in inventory_rows(r)]
    rows += [row for u in upgrades for row in upgrade_rows(u)]
    rows += [
        Row(
            f"upgrade ({w.dialect} dialect), 1 domain: whole run, "
            f"{w.component_upgrades:.0f} component upgrade(s)",
            "",
            f"{ms(w.wall)} wall, {ms(w.cpu)} CPU, {w.requests_per_run:.0f} requests",
            None,
        )
        for w in whole_runs
    ]
    rows += [lag_row(lag) for lag in lags]
    rows += [
        Row(
            "import datacenter_assistant_core",
            "<= 30 ms",
            ms(import_seconds),
            import_seconds <= 0.030,
        ),
        Row(
            "import datacenter_assistant_core, `logging` already imported (as in HA)",
            "",
            ms(import_preloaded),
            None,
        ),
        Row(
            "RSS added, 25 domains set up",
            "<= 20 MB",
            f"{memory_mib:.1f} MiB",
            memory_mib * 1.048576 <= 20,
        ),
        Row(
            f"dashboard, {card_render.cards} cards: rendered after the states arrive "
            f"(median, slowest of {len(card_render.after_states)} loads)",
            "<= 1 s",
            f"{ms(card_render.median)}, {ms(card_render.worst)} "
            f"(after navigation: {ms(median(card_render.after_navigation))})",
            card_render.worst <= 1.0,
        ),
        Row(
            "dashboard card bundle, minified",
            "< 60 kB",
            f"{card_render.bundle_bytes / 1000:.1f} kB",
            card_render.bundle_bytes < 60_000,
        ),
    ]
    return rows


def table(rows: list[Row]) -> str:
    """Markdown table."""
    lines = ["| measure | target | measured | |", "|---|---|---|---|"]
    lines += [
        f"| {r.measure} | {r.target} | {r.measured} | {r.verdict} |" for r in rows
    ]
    return "\n".join(lines)


def miss_notes(rows: list[Row]) -> str:
    """A paragraph per missed row: by how much, and why when known."""
    notes = tomllib.loads(MISSES.read_text())
    paragraphs = []
    for row in rows:
        if row.met is not False:
            continue
        why = next(
            (note for key, note in notes.items() if key in row.measure),
            "No explanation recorded for this miss.",
        )
        paragraphs.append(
            f"- **{row.measure}**: target {row.target}, measured {row.measured}. {why}"
        )
    return "\n".join(paragraphs)


def write_report(
    path: Path,
    rows: list[Row],
    command: str,
    elapsed: float,
    params: dict[str, Any],
) -> str:
    """Fill the template and write `path` (docs/benchmarks.md)."""
    text = Template(TEMPLATE.read_text()).substitute(
        params,
        command=command,
        elapsed=f"{elapsed:.0f}",
        machine="\n".join(f"- {key}: {value}" for key, value in machine().items()),
        table=table(rows),
        misses=miss_notes(rows) or "None: every target is met.",
        simulator_dialects=SIMULATOR_DIALECTS.read_text(),
    )
    path.write_text(text)
    return text
