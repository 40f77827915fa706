"""The pieces that ship together agree with each other, and Home Assistant can load them.

One version lives in the Cargo workspace; `scripts/release` copies it to Cargo.lock and the
manifest. HACS reads hacs.json, Home Assistant the manifest and the `brand/` images.
"""

from __future__ import annotations

import json
from pathlib import Path
import shutil
import struct
import subprocess
import sys
import tomllib
from typing import TYPE_CHECKING

from awesomeversion import AwesomeVersion
from homeassistant import const as ha_const
from homeassistant.loader import async_get_integration
from PIL import Image, ImageChops, ImageStat
import pytest

import datacenter_assistant_core

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

ROOT = Path(__file__).parent.parent
COMPONENT = ROOT / "custom_components" / "datacenter_assistant"
REPOSITORY = "https://github.com/datacenter-assistant/datacenter-assistant"
# The keys HACS documents for hacs.json (render_readme is gone: HACS renders README.md).
HACS_KEYS = {
    "name",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "homeassistant",
    "hacs",
    "persistent_directory",
}


def _cargo_version() -> str:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    return str(cargo["workspace"]["package"]["version"])


def _manifest(root: Path = ROOT) -> dict[str, object]:
    path = root / "custom_components" / "datacenter_assistant" / "manifest.json"
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def _lock_versions(root: Path = ROOT) -> dict[str, str]:
    lock = tomllib.loads((root / "Cargo.lock").read_text())
    return {
        p["name"]: p["version"]
        for p in lock["package"]
        if p["name"] in ("datacenter_assistant_core", "vcf-sim") and "source" not in p
    }


def test_one_version_everywhere() -> None:
    """Cargo.toml, Cargo.lock's workspace crates, manifest.json and its pin agree.

    Read from the sources only: a stale engine in the venv does not make this fail, and a
    release bump is checked before anything is built.
    """
    version = _cargo_version()
    manifest = _manifest()
    assert _lock_versions() == {
        "datacenter_assistant_core": version,
        "vcf-sim": version,
    }
    assert manifest["version"] == version
    assert manifest["requirements"] == [f"datacenter-assistant-core=={version}"]
    # The sim crate and the engine crate inherit the workspace version instead of their own.
    for crate in (ROOT / "Cargo.toml", ROOT / "sim" / "Cargo.toml"):
        package = tomllib.loads(crate.read_text())["package"]
        assert package["version"] == {"workspace": True}, crate
    # The wheel's version comes from Cargo (maturin), not from a copy in pyproject.toml.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project
    assert "version" in project["dynamic"]


def test_release_check_agrees() -> None:
    """`scripts/release --check` finds the same five copies in agreement."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "release"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 5


def _release_copy(tmp_path: Path) -> Path:
    """The files `scripts/release` edits, copied into a scratch tree."""
    for relative in (
        "Cargo.toml",
        "Cargo.lock",
        "scripts/release",
        "custom_components/datacenter_assistant/manifest.json",
    ):
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
    return tmp_path


def test_release_bumps_every_copy_and_nothing_else(tmp_path: Path) -> None:
    """A bump changes exactly the version lines and leaves every copy equal."""
    tree = _release_copy(tmp_path)
    result = subprocess.run(
        [sys.executable, str(tree / "scripts" / "release"), "9.8.7"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    old = _cargo_version()
    cargo = tomllib.loads((tree / "Cargo.toml").read_text())
    assert cargo["workspace"]["package"]["version"] == "9.8.7"
    assert _lock_versions(tree) == {
        "datacenter_assistant_core": "9.8.7",
        "vcf-sim": "9.8.7",
    }
    manifest = _manifest(tree)
    assert manifest["version"] == "9.8.7"
    assert manifest["requirements"] == ["datacenter-assistant-core==9.8.7"]
    assert list(manifest) == list(_manifest())

    def changed(relative: str) -> list[tuple[str, str]]:
        before = (ROOT / relative).read_text().splitlines()
        after = (tree / relative).read_text().splitlines()
        assert len(before) == len(after)
        return [(a, b) for a, b in zip(before, after, strict=True) if a != b]

    assert changed("Cargo.toml") == [(f'version = "{old}"', 'version = "9.8.7"')]
    assert changed("Cargo.lock") == [(f'version = "{old}"', 'version = "9.8.7"')] * 2
    assert len(changed("custom_components/datacenter_assistant/manifest.json")) == 2


@pytest.mark.parametrize("version", ["1.2", "v1.2.3.4", "1.2.3-rc.1", "latest"])
def test_release_refuses_what_is_not_a_plain_version(
    tmp_path: Path, version: str
) -> None:
    """Only MAJOR.MINOR.PATCH (both a SemVer and a PEP 440 version) is accepted."""
    tree = _release_copy(tmp_path)
    result = subprocess.run(
        [sys.executable, str(tree / "scripts" / "release"), version],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert (tree / "Cargo.toml").read_text() == (ROOT / "Cargo.toml").read_text()


def test_manifest_keys_are_ordered_as_hassfest_wants() -> None:
    """Domain, name, then the rest alphabetically."""
    keys = list(_manifest())
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_points_at_the_repository() -> None:
    """Real code owners; documentation and issues on the repository HACS installs from."""
    manifest = _manifest()
    assert manifest["codeowners"] == ["@datacenter-assistant"]
    assert str(manifest["documentation"]).startswith(REPOSITORY)
    assert manifest["issue_tracker"] == f"{REPOSITORY}/issues"


def test_hacs_metadata() -> None:
    """HACS installs the release zip, only keys it reads, and a Home Assistant we test."""
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert set(hacs) <= HACS_KEYS
    assert hacs["name"] == "DataCenter Assistant"
    # The release workflow uploads the component as this zip; the default branch is hidden
    # because its manifest may pin an engine that is not published yet.
    assert hacs["zip_release"] is True
    assert hacs["filename"] == "datacenter_assistant.zip"
    assert hacs["hide_default_branch"] is True
    assert AwesomeVersion(hacs["homeassistant"]) <= AwesomeVersion(ha_const.__version__)


def test_license_is_apache_2() -> None:
    """The full Apache License 2.0 text, as Cargo.toml and pyproject.toml declare."""
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text.splitlines()[1]
    assert "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert len(text.splitlines()) > 150
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    assert cargo["workspace"]["package"]["license"] == "Apache-2.0"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    assert data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_brand_images_have_the_documented_sizes() -> None:
    """Icons 256 and 512 square; logos with the shortest side 128..256 (@2x 256..512)."""
    brand = COMPONENT / "brand"
    names = sorted(p.name for p in brand.iterdir())
    assert names == sorted(
        [
            "icon.png",
            "icon@2x.png",
            "logo.png",
            "logo@2x.png",
            "dark_logo.png",
            "dark_logo@2x.png",
        ]
    )
    assert _png_size(brand / "icon.png") == (256, 256)
    assert _png_size(brand / "icon@2x.png") == (512, 512)
    for name in ("logo.png", "dark_logo.png"):
        width, height = _png_size(brand / name)
        assert 128 <= min(width, height) <= 256, name
        hdpi = _png_size(brand / name.replace(".png", "@2x.png"))
        assert hdpi == (2 * width, 2 * height), name


def test_brand_images_are_what_the_script_draws(tmp_path: Path) -> None:
    """scripts/brand.py redraws the committed images (within antialiasing noise)."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "brand.py"), "--output", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for committed in sorted((COMPONENT / "brand").iterdir()):
        with Image.open(committed) as a, Image.open(tmp_path / committed.name) as b:
            assert a.size == b.size, committed.name
            difference = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
            # The mean per-channel difference (0..255): 0 with the same Pillow; a Pillow
            # whose font rasteriser differs moves edge pixels a little, a changed drawing
            # moves whole shapes.
            assert max(ImageStat.Stat(difference).mean) < 2.0, committed.name


def test_wheel_ships_its_type_stub() -> None:
    """The stub and `py.typed` are installed with the extension."""
    package = Path(datacenter_assistant_core.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "__init__.pyi").read_text() == (
        ROOT / "datacenter_assistant_core.pyi"
    ).read_text()


@pytest.mark.usefixtures("enable_custom_integrations")
async def test_home_assistant_loads_the_integration(hass: HomeAssistant) -> None:
    """The test instance finds the integration and reads its manifest."""
    integration = await async_get_integration(hass, "datacenter_assistant")
    assert integration.name == "DataCenter Assistant"
    assert integration.config_flow is True
    assert integration.version is not None
    assert str(integration.version) == _cargo_version()
    assert integration.requirements == [
        f"datacenter-assistant-core=={_cargo_version()}"
    ]
