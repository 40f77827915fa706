"""Home Assistant's event-loop lag with the integration set up against 100 domains.

A probe on the loop sleeps 2 ms over and over and records how late it wakes up, while the
loop is idle, while the engine's inventory is awaited alone, while the coordinator refreshes
(entities updated) and while 25 domains upgrade at once (button presses).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
import importlib
import sys
import time
from unittest.mock import patch

from .common import (
    PASSWORD,
    ROOT,
    SDDC_MANAGER_ID,
    USERNAME,
    check,
    p99,
    simulator,
)

HA_UPGRADE_POLL_INTERVAL = 0.05
PROBE_INTERVAL = 0.002


class LagProbe:
    """Sleeps `PROBE_INTERVAL` over and over and records how late it wakes up."""

    def __init__(self) -> None:
        """Not running until `start()`."""
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(PROBE_INTERVAL)
            self.lags.append(time.perf_counter() - started - PROBE_INTERVAL)

    def start(self) -> None:
        """Start probing on the running loop."""
        self.lags = []
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> list[float]:
        """Stop probing; the lags recorded."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return self.lags


@dataclass
class LagResult:
    """Loop lag during one workload in Home Assistant."""

    workload: str
    max_lag: float
    p99_lag: float
    samples: int

    @classmethod
    def of(cls, workload: str, lags: list[float]) -> LagResult:
        """The result of the lags recorded during `workload`."""
        return cls(workload, max(lags), p99(lags), len(lags))


async def bench_home_assistant(
    domains: int, refreshes: int, upgrades: int
) -> list[LagResult]:
    """The integration in an in-process Home Assistant, with a loop-lag probe."""
    sys.path.insert(0, str(ROOT))
    # Imported before the patch below resolves it (Home Assistant loads it from there too).
    importlib.import_module("custom_components.datacenter_assistant.runs")
    from homeassistant import loader
    from homeassistant.setup import async_setup_component
    from pytest_homeassistant_custom_component.common import (
        MockConfigEntry,
        async_test_home_assistant,
    )

    results = []
    with simulator(domains) as sim:
        async with async_test_home_assistant() as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            await async_setup_component(hass, "persistent_notification", {})
            entry = MockConfigEntry(
                domain="datacenter_assistant",
                title="sddc-manager.vcf.sim",
                unique_id=SDDC_MANAGER_ID,
                data={
                    "url": sim.url,
                    "username": USERNAME,
                    "password": PASSWORD,
                    "verify_ssl": True,
                },
            )
            entry.add_to_hass(hass)
            with patch(
                "custom_components.datacenter_assistant.runs.DEFAULT_UPGRADE_POLL_INTERVAL",
                HA_UPGRADE_POLL_INTERVAL,
            ):
                check(
                    await hass.config_entries.async_setup(entry.entry_id),
                    "the config entry did not set up",
                )
                await hass.async_block_till_done()
                probe = LagProbe()

                probe.start()
                await asyncio.sleep(0.5)
                results.append(LagResult.of("idle", await probe.stop()))

                client = entry.runtime_data.client
                probe.start()
                for _ in range(refreshes):
                    await client.inventory()
                results.append(
                    LagResult.of(
                        f"engine inventory() alone, {domains} domains (x{refreshes})",
                        await probe.stop(),
                    )
                )

                coordinator = entry.runtime_data.inventory
                probe.start()
                for _ in range(refreshes):
                    await coordinator.async_refresh()
                    await hass.async_block_till_done()
                results.append(
                    LagResult.of(
                        f"coordinator refresh with entity updates, {domains} domains (x{refreshes})",
                        await probe.stop(),
                    )
                )

                buttons = sorted(
                    (
                        entity_id
                        for entity_id in hass.states.async_entity_ids("button")
                        if entity_id.endswith("_start_upgrade")
                    ),
                    key=lambda e: int(e.split("domain")[1].split("_")[0]),
                )[:upgrades]
                statuses = [
                    b.replace("button.", "sensor.").replace(
                        "_start_upgrade", "_upgrade_status"
                    )
                    for b in buttons
                ]
                probe.start()
                await hass.services.async_call(
                    "button", "press", {"entity_id": buttons}, blocking=True
                )
                deadline = time.monotonic() + 120
                while any(
                    (state := hass.states.get(s)) is None
                    or state.state != "upgrade_completed"
                    for s in statuses
                ):
                    if time.monotonic() > deadline:
                        msg = "the upgrades did not complete in Home Assistant"
                        raise RuntimeError(msg)
                    await asyncio.sleep(0.05)
                results.append(
                    LagResult.of(
                        f"upgrade of {len(buttons)} domains at once", await probe.stop()
                    )
                )
                await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_block_till_done()
    return results
