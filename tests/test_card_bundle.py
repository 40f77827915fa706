"""The dashboard card's committed bundle: what its sources build, and small.

HACS installs the integration folder as it is in git, so the bundle there must be what
`frontend/` builds (scripts/setup rebuilds it; commit the result).
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

from custom_components.datacenter_assistant.card import CARD_PATH
from tests.e2e.hass_process import REPOSITORY_ROOT

if TYPE_CHECKING:
    from pathlib import Path

BUNDLE_LIMIT_BYTES = 60_000


def committed_bundle() -> bytes:
    """The bundle as git has it staged (the index), so that `git add` is enough."""
    relative = CARD_PATH.relative_to(REPOSITORY_ROOT).as_posix()
    return subprocess.run(
        ["git", "show", f":{relative}"],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def fresh_bundle(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("node") is None:
        pytest.fail(
            "Node.js is needed to build the card; scripts/setup says how to get it"
        )
    out: Path = tmp_path_factory.mktemp("card") / "card.js"
    subprocess.run(
        ["node", "frontend/build.mjs", "--outfile", str(out)],
        cwd=REPOSITORY_ROOT,
        check=True,
        timeout=120,
    )
    return out.read_bytes()


def test_the_committed_bundle_is_what_the_sources_build(fresh_bundle: bytes) -> None:
    assert CARD_PATH.read_bytes() == fresh_bundle, (
        "the card's bundle is not what frontend/ builds: run scripts/setup"
    )
    assert committed_bundle() == fresh_bundle, (
        "the rebuilt bundle is not staged: git add " + str(CARD_PATH)
    )


def test_the_bundle_is_small(fresh_bundle: bytes) -> None:
    assert len(fresh_bundle) < BUNDLE_LIMIT_BYTES, len(fresh_bundle)


def test_the_bundle_is_one_module_without_imports(fresh_bundle: bytes) -> None:
    """Lit is inside: the browser loads one file, from Home Assistant, nothing else."""
    text = fresh_bundle.decode()
    assert "import(" not in text
    assert 'from"' not in text.replace(" ", "")
    assert "customElements.define" in text
