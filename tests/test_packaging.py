"""The pieces that ship together agree with each other, and Home Assistant can load them."""

from importlib.metadata import version as installed_version
import json
from pathlib import Path
import tomllib

from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
import pytest

ROOT = Path(__file__).parent.parent
COMPONENT = ROOT / "custom_components" / "datacenter_assistant"


def _cargo_version() -> str:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    return str(cargo["workspace"]["package"]["version"])


def _manifest() -> dict[str, object]:
    return json.loads((COMPONENT / "manifest.json").read_text())  # type: ignore[no-any-return]


def test_one_version_everywhere() -> None:
    """Cargo.toml, the installed wheel, manifest.json and its requirement pin agree."""
    import datacenter_assistant_core

    version = _cargo_version()
    manifest = _manifest()
    assert installed_version("datacenter-assistant-core") == version
    assert datacenter_assistant_core.__version__ == version
    assert manifest["version"] == version
    assert manifest["requirements"] == [f"datacenter-assistant-core=={version}"]


def test_manifest_keys_are_ordered_as_hassfest_wants() -> None:
    """Domain, name, then the rest alphabetically."""
    keys = list(_manifest())
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_hacs_metadata() -> None:
    """HACS knows the name and the oldest Home Assistant release supported."""
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert hacs == {
        "name": "DataCenter Assistant",
        "homeassistant": "2025.4.0",
        "render_readme": True,
    }


def test_wheel_ships_its_type_stub() -> None:
    """The stub and `py.typed` are installed with the extension."""
    import datacenter_assistant_core

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
