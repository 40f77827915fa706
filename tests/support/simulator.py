"""A `vcf-sim` subprocess for the tests, and its control API."""

from __future__ import annotations

from dataclasses import dataclass, field
import subprocess
import time
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from pathlib import Path

SIM_USERNAME = "administrator@vsphere.local"
SIM_PASSWORD = "VMware1!VMware1!"  # noqa: S105 - the simulator's documented default
SIM_SDDC_MANAGER_ID = "00000000-0000-4000-9000-000000000001"
SIM_STEP_MS = 40
SIM_START_TIMEOUT = 30.0
SIM_DIALECTS = ("default", "vcf52")
SIM_VCF_VERSIONS = ("5.2.1", "9.0.2", "9.1.0")


@dataclass
class VcfSimulator:
    """One `vcf-sim` process; restartable on the same port with another configuration."""

    binary: Path
    workdir: Path
    process: subprocess.Popen[bytes] | None = None
    url: str = ""
    port: int = 0
    ca_file: Path | None = None
    dialect: str = "default"
    starts: int = 0
    _log_files: list[Any] = field(default_factory=list)

    def start(
        self,
        *,
        domains: int = 3,
        scenarios: dict[int, str] | None = None,
        step_ms: int = SIM_STEP_MS,
        token_ttl: int = 3600,
        tls: bool = False,
        dialect: str = "default",
        upgrade_order: str | None = None,
        clusters_per_domain: int | None = None,
        hosts_per_cluster: int | None = None,
        vcf_version: str | None = None,
        lenient_fields: bool = False,
    ) -> str:
        """Start the simulator (on the previous port if it ran before); return its URL.

        `dialect` is `"default"` (docs/api.md) or `"vcf52"` (SDDC Manager 5.2.1's real
        lifecycle API, docs/simulator.md); `upgrade_order` (vcf52 only) sets the release's
        `upgradeOrder`, e.g. `"NSX_T_MANAGER,ESX_HOST,VCENTER"`; `clusters_per_domain` and
        `hosts_per_cluster` (vcf52 only) shape the estate (the simulator's defaults: 1 and 4);
        `vcf_version` (vcf52 only) is the SDDC Manager played, `"5.2.1"` (the simulator's
        default), `"9.0.2"` or `"9.1.0"`; `lenient_fields` (vcf52 only) ignores request fields
        the schema does not name, as a real server does, and lists them in the request log.
        """
        assert self.process is None, "stop the simulator first"
        assert dialect in SIM_DIALECTS, f"unknown dialect {dialect!r}"
        assert vcf_version is None or vcf_version in SIM_VCF_VERSIONS, (
            f"unknown VCF version {vcf_version!r}"
        )
        self.dialect = dialect
        self.starts += 1
        stdout_path = self.workdir / f"vcf-sim-{self.starts}.out"
        stderr_path = self.workdir / f"vcf-sim-{self.starts}.err"
        command = [
            str(self.binary),
            "--listen",
            f"127.0.0.1:{self.port}",
            "--domains",
            str(domains),
            "--step-ms",
            str(step_ms),
            "--token-ttl",
            str(token_ttl),
            "--log-level",
            "warn",
        ]
        for index, name in (scenarios or {}).items():
            command += ["--scenario", f"{index}={name}"]
        if dialect != "default":
            command += ["--dialect", dialect]
        if upgrade_order is not None:
            command += ["--upgrade-order", upgrade_order]
        if clusters_per_domain is not None:
            command += ["--clusters-per-domain", str(clusters_per_domain)]
        if hosts_per_cluster is not None:
            command += ["--hosts-per-cluster", str(hosts_per_cluster)]
        if vcf_version is not None:
            command += ["--vcf-version", vcf_version]
        if lenient_fields:
            command.append("--lenient-fields")
        if tls:
            self.ca_file = self.workdir / "vcf-sim-ca.pem"
            command += ["--tls", "--ca-out", str(self.ca_file)]
        stdout = stdout_path.open("wb")
        stderr = stderr_path.open("wb")
        self._log_files += [stdout, stderr]
        self.process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        deadline = time.monotonic() + SIM_START_TIMEOUT
        while not (first_line := _first_line(stdout_path)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"vcf-sim did not start: {stderr_path.read_text(errors='replace')}"
                )
            time.sleep(0.02)
        self.url = first_line
        self.port = int(first_line.rsplit(":", 1)[1].split("/", 1)[0])
        return self.url

    def stop(self) -> None:
        """Kill the simulator and wait for it to exit."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        for log_file in self._log_files:
            log_file.close()
        self._log_files.clear()

    def restart(self, **options: Any) -> str:
        """Stop, then start on the same port with these options."""
        self.stop()
        return self.start(**options)

    async def request(
        self, method: str, path: str, json: dict[str, Any] | None = None
    ) -> Any:
        """Call the control API (`/sim/...`) and return its JSON answer, if any."""
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                method, f"{self.url}{path}", json=json, ssl=False
            ) as response,
        ):
            response.raise_for_status()
            if response.content_type == "application/json":
                return await response.json()
            return None

    async def requests(self) -> list[dict[str, Any]]:
        """Return every `/v1/` request the simulator answered."""
        answer = await self.request("GET", "/sim/requests")
        return list(answer["requests"])

    async def add_fault(self, **spec: Any) -> None:
        """Inject a fault (see docs/simulator.md), e.g. `kind="status", status=500`."""
        await self.request("POST", "/sim/faults", json=spec)

    async def domains(self) -> list[dict[str, Any]]:
        """Return the simulator's domains (index, id, name, scenario, currentVersion)."""
        answer = await self.request("GET", "/sim/domains")
        return list(answer["domains"])


def _first_line(path: Path) -> str | None:
    content = path.read_text(errors="replace")
    if "\n" not in content:
        return None
    return content.split("\n", 1)[0].strip()
