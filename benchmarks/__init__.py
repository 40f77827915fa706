"""Benchmarks of the engine and the integration, run by `scripts/bench`.

`scripts/bench` builds `vcf-sim` and the extension with `--release`, then runs
`python -m benchmarks`. Every figure is the median of repeated runs against a release
`vcf-sim` on loopback with `--step-ms 0`; the method, the targets and the notes on misses
are in the page the report module writes (`docs/benchmarks.md`, from `report.md`).

- `inventory`: `VcfClient.inventory()` against a plain aiohttp client.
- `upgrades`: whole upgrade runs and the overhead the engine adds per phase.
- `loop_lag`: Home Assistant's event-loop lag with the integration set up.
- `footprint`: import time and memory of the engine.
- `report`: the table, its verdicts and the page.
"""
