"""Fixtures shared by every Python test.

The repository root goes on `sys.path` so that Home Assistant's loader finds
`custom_components.datacenter_assistant` whichever way pytest was started. Tests that use a
Home Assistant instance (`hass`) get custom integrations enabled; other tests (end to end,
engine) are left alone.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
if str(REPOSITORY_ROOT) not in sys.path:
    sys.path.insert(0, str(REPOSITORY_ROOT))

# The test instance of Home Assistant puts its own testing config, which has a
# `custom_components` package too, on `sys.path`; importing this repository's package first
# is what makes the loader find the integration under test.
import custom_components  # noqa: E402, F401
from tests.support.deprecations import (  # noqa: E402
    FRAME_LOGGER,
    DeprecationReports,
)
from tests.support.simulator import VcfSimulator  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Let Home Assistant load the integrations of `custom_components/`."""
    if "recorder_mock" in request.fixturenames:
        # The recorder's database is prepared before `hass` is created, or not at all.
        request.getfixturevalue("recorder_mock")
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")


@pytest.fixture(autouse=True)
def fail_on_deprecated_calls() -> Iterator[None]:
    """Fail a test during which Home Assistant reported a deprecated call of ours.

    Python `DeprecationWarning`s raised from our modules are errors through the
    `filterwarnings` of pyproject.toml.
    """
    reports = DeprecationReports()
    frame_logger = logging.getLogger(FRAME_LOGGER)
    frame_logger.addHandler(reports)
    try:
        yield
    finally:
        frame_logger.removeHandler(reports)
    if reports.reports:
        pytest.fail(
            "Home Assistant reported deprecated calls:\n" + "\n".join(reports.reports)
        )


@pytest.fixture(scope="session")
def vcf_sim_binary() -> Path:
    """Return the simulator binary, building it first (a no-op when it is up to date)."""
    if configured := os.environ.get("VCF_SIM_BIN"):
        return Path(configured)
    subprocess.run(
        ["cargo", "build", "--quiet", "-p", "vcf-sim"],
        cwd=REPOSITORY_ROOT,
        check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPOSITORY_ROOT / "target"))
    return target / "debug" / "vcf-sim"


@pytest.fixture
def vcf_sim_factory(
    vcf_sim_binary: Path, tmp_path: Path, socket_enabled: None
) -> Iterator[Callable[..., VcfSimulator]]:
    """Start simulators with given options; every one is killed at teardown.

    Python sockets are enabled for the control API; pytest-socket still only lets them
    reach 127.0.0.1 (the engine's own sockets are Rust's, which pytest-socket never sees).
    """
    simulators: list[VcfSimulator] = []

    def start(**options: Any) -> VcfSimulator:
        simulator = VcfSimulator(binary=vcf_sim_binary, workdir=tmp_path)
        simulators.append(simulator)
        simulator.start(**options)
        return simulator

    yield start
    for simulator in simulators:
        simulator.stop()
