"""Inventory refresh: `VcfClient.inventory()` against the same calls in plain aiohttp.

After two warm-up refreshes, each repeat clears the simulator's request log, times one
refresh (wall and process CPU, every thread counted) and counts its requests per domain;
engine and aiohttp refreshes are interleaved against one simulator.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from .common import PASSWORD, USERNAME, check, clear_requests, median, simulator, timed

CONCURRENCY = 16  # the engine's INVENTORY_CONCURRENCY


class AiohttpInventory:
    """The inventory refresh of docs/api.md in plain Python: what the engine replaces."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        """Use `http` (its own pool) against `url`."""
        self.http = http
        self.url = url
        self.headers: dict[str, str] = {}
        self.limit = asyncio.Semaphore(CONCURRENCY)

    async def login(self) -> None:
        """POST /v1/tokens."""
        async with self.http.post(
            f"{self.url}/v1/tokens", json={"username": USERNAME, "password": PASSWORD}
        ) as response:
            response.raise_for_status()
            token = (await response.json())["accessToken"]
        self.headers = {"Authorization": f"Bearer {token}"}

    async def _get(self, path: str) -> Any:
        async with self.http.get(f"{self.url}{path}", headers=self.headers) as response:
            response.raise_for_status()
            return await response.json()

    async def _next_release(self, domain: str) -> dict[str, Any] | None:
        async with self.limit:
            page = await self._get(f"/v1/releases/domains/{domain}/future-releases")
        for element in page["elements"]:
            if element.get("isApplicable"):
                return {
                    "id": element["version"],
                    "version": element["version"],
                    "description": element.get("description"),
                    "release_date": element.get("releaseDate"),
                    "bundle_ids": [
                        b["bundleId"] for b in element.get("patchBundles") or []
                    ],
                }
        return None

    async def inventory(self) -> list[dict[str, Any]]:
        """The same calls and the same result as `VcfClient.inventory()`."""
        domains, views = await asyncio.gather(
            self._get("/v1/domains"), self._get("/v1/releases/domains")
        )
        current = {v["domainId"]: v.get("currentVersion") for v in views["elements"]}
        releases = await asyncio.gather(
            *(self._next_release(d["id"]) for d in domains["elements"])
        )
        return [
            {
                "id": d["id"],
                "name": d["name"],
                "kind": d.get("type"),
                "status": d.get("status"),
                "current_version": current.get(d["id"]),
                "next_release": release,
            }
            for d, release in zip(domains["elements"], releases, strict=True)
        ]


class AiohttpInventory52(AiohttpInventory):
    """The inventory of SDDC Manager 5.2's lifecycle API in plain Python: the engine's calls.

    `getDomains`, then per domain `getReleases?domainId=` (its version) and
    `getFutureReleases` (the lowest applicable release it is compatible with).
    """

    async def _describe(self, domain: dict[str, Any]) -> dict[str, Any]:
        async with self.limit:
            releases, future = await asyncio.gather(
                self._get(f"/v1/releases?domainId={domain['id']}"),
                self._get(f"/v1/releases/domains/{domain['id']}/future-releases"),
            )
        current = (releases["elements"] or [{}])[0].get("version")
        candidates = sorted(
            (
                element
                for element in future["elements"]
                if element.get("applicabilityStatus") == "APPLICABLE"
                and current is not None
                and _version(element.get("minCompatibleVcfVersion") or "0")
                <= _version(current)
                < _version(element["version"])
            ),
            key=lambda element: _version(element["version"]),
        )
        release = candidates[0] if candidates else None
        return {
            "id": domain["id"],
            "name": domain["name"],
            "kind": domain.get("type"),
            "status": domain.get("status"),
            "current_version": current,
            "next_release": None
            if release is None
            else {
                "id": release["version"],
                "version": release["version"],
                "description": release.get("description"),
                "release_date": release.get("releaseDate"),
                "bundle_ids": [
                    b["bundleId"] for b in release.get("patchBundles") or []
                ],
            },
        }

    async def inventory(self) -> list[dict[str, Any]]:
        """The same calls and the same result as `VcfClient(dialect="vcf52").inventory()`."""
        domains = await self._get("/v1/domains")
        return list(
            await asyncio.gather(*(self._describe(d) for d in domains["elements"]))
        )


def _summary(domains: list[Any]) -> dict[str, tuple[Any, Any]]:
    """What both inventories must agree on: each domain's version and next release."""
    return {
        d["id"]: (d["current_version"], (d["next_release"] or {}).get("version"))
        for d in domains
    }


def _version(text: str) -> tuple[int, ...]:
    return tuple(
        int(part)
        for part in text.split("-", maxsplit=1)[0].split(".")
        if part.isdigit()
    )


@dataclass
class InventoryResult:
    """Medians of one domain count."""

    domains: int
    wall: float
    cpu: float
    requests_per_domain: float
    base_wall: float
    base_cpu: float
    base_requests_per_domain: float
    dialect: str = "default"


async def bench_inventory(
    domains: int, repeats: int, dialect: str = "default"
) -> InventoryResult:
    """Engine and aiohttp inventories, interleaved, against one simulator."""
    from datacenter_assistant_core import VcfClient

    with simulator(domains, dialect) as sim:
        async with aiohttp.ClientSession() as http:
            client = VcfClient(sim.url, USERNAME, PASSWORD, dialect=dialect)
            await client.login()
            baseline = (AiohttpInventory52 if dialect == "vcf52" else AiohttpInventory)(
                http, sim.url
            )
            await baseline.login()
            # Warm-up: open the connections, fill the caches; both read the same inventory.
            for _ in range(2):
                engine_view = _summary(await client.inventory())
                check(len(engine_view) == domains, "engine inventory")
                check(
                    _summary(await baseline.inventory()) == engine_view,
                    "aiohttp inventory differs from the engine's",
                )
            walls, cpus, counts = [], [], []
            base_walls, base_cpus, base_counts = [], [], []
            for _ in range(repeats):
                await clear_requests(sim)
                _, wall, cpu = await timed(client.inventory())
                walls.append(wall)
                cpus.append(cpu)
                counts.append(len(await sim.requests()) / domains)
                await clear_requests(sim)
                _, wall, cpu = await timed(baseline.inventory())
                base_walls.append(wall)
                base_cpus.append(cpu)
                base_counts.append(len(await sim.requests()) / domains)
    return InventoryResult(
        domains,
        median(walls),
        median(cpus),
        median(counts),
        median(base_walls),
        median(base_cpus),
        median(base_counts),
        dialect,
    )
