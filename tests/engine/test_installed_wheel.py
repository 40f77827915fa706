"""The engine the tests use is the abi3 wheel maturin built, installed like a user's.

`scripts/setup` builds the wheel and installs it with pip into the Python 3.14 venv, so every
Python test runs against what a user installs, not against a develop install of the tree.
"""

from __future__ import annotations

from importlib.metadata import distribution
import json
from pathlib import Path
import sys
import sysconfig

import datacenter_assistant_core

DISTRIBUTION = "datacenter-assistant-core"


def test_the_venv_runs_the_python_home_assistant_needs() -> None:
    assert sys.version_info >= (3, 14, 2)


def test_the_engine_comes_from_one_abi3_wheel() -> None:
    wheel_metadata = distribution(DISTRIBUTION).read_text("WHEEL")
    assert wheel_metadata is not None
    tags = [
        line.removeprefix("Tag: ")
        for line in wheel_metadata.splitlines()
        if line.startswith("Tag: ")
    ]
    assert len(tags) == 1, tags
    python_tag, abi_tag, platform_tag = tags[0].split("-", 2)
    assert (python_tag, abi_tag) == ("cp313", "abi3")
    assert platform_tag.endswith(("x86_64", "aarch64"))


def test_the_engine_is_installed_not_linked_to_the_tree() -> None:
    installed = distribution(DISTRIBUTION)
    direct_url = installed.read_text("direct_url.json")
    if direct_url is not None:
        assert not json.loads(direct_url).get("dir_info", {}).get("editable", False)
    module = Path(datacenter_assistant_core.__file__).resolve()
    assert module.is_relative_to(Path(sysconfig.get_paths()["platlib"]).resolve())
    assert (module.parent / "datacenter_assistant_core.abi3.so").is_file()
