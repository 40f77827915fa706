"""What the engine's sdist and wheel hold: what building and using the engine needs, no more.

The sdist (`maturin sdist`) carries the Rust sources, the manifests, the stub, README and
LICENSE, and the vcf-sim crate's manifest and sources (cargo resolves it as a path
dev-dependency); never the tests, the Home Assistant component, its configuration, the
scripts, docs or CI.
The wheel (`maturin build`, a debug build that reuses the artefacts `scripts/setup` left in
target/, so it only links) carries the extension, the stub and `py.typed`.
"""

from __future__ import annotations

from pathlib import Path
import posixpath
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULE = "datacenter_assistant_core"
FORBIDDEN_IN_SDIST = (
    "tests/",
    "config/",
    "custom_components/",
    ".github/",
    ".ci/",
    ".cargo/",
    "scripts/",
    "docs/",
    "sim/tests/",
    "sim/examples/",
    "sim/benches/",
    "hacs.json",
    "requirements-dev.txt",
)


def _version() -> str:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    return str(cargo["workspace"]["package"]["version"])


def _maturin() -> str:
    beside = Path(sys.executable).parent / "maturin"
    found = str(beside) if beside.exists() else shutil.which("maturin")
    if found is None:
        pytest.fail("maturin is not installed (scripts/setup installs it into .venv)")
    return found


@pytest.fixture(scope="module")
def sdist_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh sdist of the working tree."""
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [_maturin(), "sdist", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (archive,) = out.glob("*.tar.gz")
    assert archive.name == f"{MODULE}-{_version()}.tar.gz"
    return archive


@pytest.fixture(scope="module")
def sdist(sdist_archive: Path) -> list[str]:
    """The member names of the sdist, without the top folder."""
    with tarfile.open(sdist_archive) as tar:
        names = tar.getnames()
    top = f"{MODULE}-{_version()}/"
    assert all(name.startswith(top) for name in names)
    return sorted(name.removeprefix(top) for name in names if name != top[:-1])


def test_sdist_holds_what_building_the_engine_needs(sdist: list[str]) -> None:
    """Manifests, lock file, stub, README, LICENSE, the engine's and vcf-sim's sources."""
    for required in (
        "Cargo.toml",
        "Cargo.lock",
        "pyproject.toml",
        "README.md",
        "LICENSE",
        f"{MODULE}.pyi",
        "PKG-INFO",
        "src/lib.rs",
        "sim/Cargo.toml",
        "sim/src/lib.rs",
    ):
        assert required in sdist, required
    tracked = subprocess.run(
        ["git", "ls-files", "src"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert set(tracked) <= set(sdist)


def test_sdist_leaves_out_tests_component_and_tooling(sdist: list[str]) -> None:
    """Nothing a user or the build does not need."""
    leaked = [n for n in sdist if n.startswith(FORBIDDEN_IN_SDIST)]
    assert leaked == []
    # Every file is one of: the top-level build files, src/, sim's manifest or sources.
    top_level = {
        "Cargo.toml",
        "Cargo.lock",
        "pyproject.toml",
        "README.md",
        "LICENSE",
        f"{MODULE}.pyi",
        "PKG-INFO",
    }
    stray = [
        n
        for n in sdist
        if n not in top_level
        and not n.startswith(("src/", "sim/src/"))
        and n not in ("sim/Cargo.toml", "src", "sim", "sim/src")
    ]
    assert stray == []


def test_sdist_cargo_manifest_needs_only_what_it_carries(
    sdist_archive: Path, sdist: list[str]
) -> None:
    """No workspace member or path dependency points at a folder the sdist lacks."""
    with tarfile.open(sdist_archive) as tar:
        member = tar.extractfile(f"{MODULE}-{_version()}/Cargo.toml")
        assert member is not None
        cargo = tomllib.loads(member.read().decode())
    members = cargo.get("workspace", {}).get("members", [])
    paths = [
        spec["path"]
        for table in ("dependencies", "dev-dependencies", "build-dependencies")
        for spec in cargo.get(table, {}).values()
        if isinstance(spec, dict) and "path" in spec
    ]
    # "." is the crate itself (a dev-dependency with its test helpers switched on).
    for folder in [*members, *paths]:
        assert posixpath.normpath(f"{folder}/Cargo.toml") in sdist, folder


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A debug wheel built from the working tree (only a link step after scripts/setup)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [_maturin(), "build", "--out", str(out), "--interpreter", sys.executable],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("*.whl")
    # abi3: one wheel for CPython 3.13 and every newer version.
    assert built.name.startswith(f"{MODULE}-{_version()}-cp313-abi3-")
    return zipfile.ZipFile(built)


def test_wheel_holds_the_extension_stub_and_py_typed(wheel: zipfile.ZipFile) -> None:
    """The package folder: the extension, the stub, py.typed and the loader."""
    names = set(wheel.namelist())
    package = {n for n in names if n.startswith(f"{MODULE}/")}
    extension = [n for n in package if n.endswith(".abi3.so")]
    assert extension == [f"{MODULE}/{MODULE}.abi3.so"]
    assert package == {
        f"{MODULE}/__init__.py",
        f"{MODULE}/__init__.pyi",
        f"{MODULE}/py.typed",
        *extension,
    }
    assert wheel.read(f"{MODULE}/__init__.pyi") == (ROOT / f"{MODULE}.pyi").read_bytes()


def test_wheel_holds_nothing_else(wheel: zipfile.ZipFile) -> None:
    """Besides the package, only its metadata (with the licence)."""
    dist_info = f"{MODULE}-{_version()}.dist-info/"
    others = {
        n for n in wheel.namelist() if not n.startswith((f"{MODULE}/", dist_info))
    }
    assert others == set()
    metadata = wheel.read(f"{dist_info}METADATA").decode()
    assert f"Version: {_version()}" in metadata
    assert "Requires-Python: >=3.13" in metadata
    assert any(
        n.startswith(dist_info) and n.endswith("LICENSE") for n in wheel.namelist()
    )
