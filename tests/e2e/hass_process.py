"""A real `hass` process on loopback with the repository's demo configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
from typing import IO

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = REPOSITORY_ROOT / "config"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class HassProcess:
    """`hass --skip-pip` with a copy of `config/` (its own port) in `config_dir`."""

    config_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    _log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the instance."""
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> None:
        """Copy the versioned demo configuration, moved to this instance's port."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        for name in ("configuration.yaml", "automations.yaml"):
            shutil.copy(DEMO_CONFIG / name, self.config_dir / name)
        shutil.copytree(
            DEMO_CONFIG / "dashboards",
            self.config_dir / "dashboards",
            dirs_exist_ok=True,
        )
        configuration = self.config_dir / "configuration.yaml"
        text = configuration.read_text().replace(
            "server_port: 8123", f"server_port: {self.port}"
        )
        text = text.replace(
            "custom_components.datacenter_assistant: info",
            "custom_components.datacenter_assistant: debug",
        )
        configuration.write_text(text)
        # The integration is loaded from the repository, as a HACS install would place it.
        link = self.config_dir / "custom_components"
        if not link.exists():
            link.symlink_to(REPOSITORY_ROOT / "custom_components")

    def start(self) -> None:
        """Start `hass` (the venv's, so it finds the installed extension)."""
        assert self.process is None, "stop it first"
        self.starts += 1
        hass = Path(sys.executable).parent / "hass"
        self._log = (self.config_dir / f"hass-{self.starts}.out").open("wb")
        self.process = subprocess.Popen(
            [str(hass), "--config", str(self.config_dir), "--skip-pip"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final save; what a power cut does."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None
        self._close_log()

    def stop(self) -> None:
        """A clean shutdown (SIGTERM), killed if it takes too long."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
            self.process = None
        self._close_log()

    def log_text(self) -> str:
        """Home Assistant's own log file of this config dir."""
        log = self.config_dir / "home-assistant.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
