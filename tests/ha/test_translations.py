"""Every user-facing string is translated, and strings.json is the English translation."""

from __future__ import annotations

import json
from pathlib import Path
import re
from types import SimpleNamespace
from typing import Any
from unittest.mock import MagicMock, patch

from homeassistant.util.yaml import load_yaml_dict
import pytest

from custom_components.datacenter_assistant.const import (
    ESTATE_STATES,
    UPGRADE_EVENT_TYPES,
)
from custom_components.datacenter_assistant.notifications import UpgradeNotice
from custom_components.datacenter_assistant.repairs import (
    ISSUE_KINDS,
    async_sync_domain_issues,
)
from custom_components.datacenter_assistant.sensor import (
    CLUSTER_SENSORS,
    DOMAIN_CAPACITY_SENSORS,
    HOST_SENSORS,
    SUMMARY_SENSORS,
)
from custom_components.datacenter_assistant.settings import (
    CHOICES,
    RANGES,
    SECTIONS,
    SETTING_KEYS,
)
import datacenter_assistant_core as engine

COMPONENT = (
    Path(__file__).resolve().parents[2] / "custom_components" / "datacenter_assistant"
)
UPGRADE_STATES = (
    "waiting_for_initiation",
    "targeting_new_vcf_version",
    "downloading_bundle",
    "precheck_running",
    "precheck_failed",
    "upgrade_in_progress",
    "waiting_for_acknowledgment",
    "upgrade_completed",
    "upgrade_failed",
)
ENTITY_PLATFORMS = ("binary_sensor", "button", "event", "sensor", "update")


def load_json(name: str) -> dict[str, Any]:
    """Return a JSON file of the component."""
    return dict(json.loads((COMPONENT / name).read_text(encoding="utf-8")))


@pytest.fixture(name="strings")
def strings_fixture() -> dict[str, Any]:
    """Return strings.json."""
    return load_json("strings.json")


def translation_keys_in(*modules: str) -> set[str]:
    """Return every translation key written in these modules.

    `translation_key="..."`, and the key argument of the engine error helpers. Each module
    must name at least one: a module whose keys the patterns miss fails here instead of
    passing with nothing checked.
    """
    keys: set[str] = set()
    for module in modules:
        source = (COMPONENT / module).read_text(encoding="utf-8")
        found = set(re.findall(r'translation_key="(\w+)"', source))
        found |= set(re.findall(r'engine_error\(\s*err,\s*\w+,\s*"(\w+)"', source))
        found |= set(
            re.findall(
                r'user_action_error\(\s*[\w.]+,\s*[\w.]+,\s*err,\s*"(\w+)"', source
            )
        )
        assert found, f"no translation key found in {module}"
        keys |= found
    return keys


def test_english_translation_is_strings_json() -> None:
    """translations/en.json is a byte-for-byte copy of strings.json."""
    assert (COMPONENT / "translations" / "en.json").read_bytes() == (
        COMPONENT / "strings.json"
    ).read_bytes()


def texts_in(node: Any, path: str = "") -> list[tuple[str, str]]:
    """Every text of a translation file, with its dotted key."""
    if isinstance(node, dict):
        return [
            found
            for key, value in node.items()
            for found in texts_in(value, f"{path}.{key}" if path else key)
        ]
    return [(path, node)] if isinstance(node, str) else []


def test_no_translation_carries_a_url() -> None:
    """No URL in a translation (hassfest refuses them): they come in as placeholders."""
    files = ["strings.json"] + [
        f"translations/{path.name}"
        for path in (COMPONENT / "translations").glob("*.json")
    ]
    for name in files:
        with_url = [
            key
            for key, text in texts_in(load_json(name))
            if re.search(r"https?://|www\.", text)
        ]
        assert with_url == [], (name, with_url)


def test_config_flow_strings(strings: dict[str, Any]) -> None:
    """Every form error and abort reason of the flow has a text; every field a label."""
    config = strings["config"]
    assert set(config["error"]) == {
        "invalid_url",
        "invalid_ca_bundle",
        "cannot_connect",
        "invalid_auth",
        "ssl_error",
        "not_sddc_manager",
        "unknown",
    }
    assert set(config["abort"]) == {
        "already_configured",
        "wrong_sddc_manager",
    }
    flow_source = (COMPONENT / "config_flow.py").read_text(encoding="utf-8")
    used_errors = set(re.findall(r'SddcManagerCheckError\("(\w+)"\)', flow_source))
    used_errors |= set(re.findall(r'"(invalid_\w+)" if', flow_source))
    assert used_errors <= set(config["error"])
    for step_id, step in {**config["step"], **strings["options"]["step"]}.items():
        assert set(step.get("data", {})) == set(step.get("data_description", {})), (
            step_id
        )
        for section_id, section in step.get("sections", {}).items():
            assert section["name"], (step_id, section_id)
            assert set(section["data"]) == set(section["data_description"]), (
                step_id,
                section_id,
            )


def test_options_flow_strings(strings: dict[str, Any]) -> None:
    """The menu names its steps; the settings form labels every setting and form error."""
    options = strings["options"]
    assert set(options["step"]["init"]["menu_options"]) == {"intervals", "domain"}
    sections = options["step"]["upgrade_settings"]["sections"]
    assert set(sections) == set(SECTIONS)
    for section_id, keys in SECTIONS.items():
        assert tuple(sections[section_id]["data"]) == keys
    assert set(SETTING_KEYS) == set(engine.UPGRADE_SETTINGS_DEFAULTS)
    sources = "".join(
        (COMPONENT / module).read_text(encoding="utf-8")
        for module in ("settings.py", "config_flow.py")
    )
    used = set(re.findall(r'errors\[[\w"]+\] = "(\w+)"', sources))
    used |= set(re.findall(r'return \{\w+: "(\w+)"\}', sources))
    used |= {f"{key.removeprefix('esx_failure_')}_out_of_range" for key in RANGES}
    assert used == set(options["error"])
    assert set(options["abort"]) == set(
        re.findall(r'async_abort\(reason="(\w+)"\)', sources)
    )
    for key, choices in CHOICES.items():
        assert tuple(strings["selector"][key]["options"]) == choices


def test_entity_strings(strings: dict[str, Any]) -> None:
    """Every entity translation key has a name; the status sensor names all nine states."""
    entity = strings["entity"]
    for platform in ENTITY_PLATFORMS:
        for key in translation_keys_in(f"{platform}.py"):
            assert entity[platform][key]["name"], (platform, key)
    assert tuple(entity["sensor"]["upgrade_status"]["state"]) == UPGRADE_STATES
    event_types = entity["event"]["upgrade"]["state_attributes"]["event_type"]
    assert tuple(event_types["state"]) == UPGRADE_EVENT_TYPES


def test_exception_and_notification_strings(strings: dict[str, Any]) -> None:
    """Every raised exception and every notification has a message."""
    exceptions = strings["exceptions"]
    raised = translation_keys_in(
        "__init__.py",
        "coordinator.py",
        "errors.py",
        "estate.py",
        "health.py",
        "runs.py",
        "services.py",
    )
    notices = {notice.value for notice in UpgradeNotice} | {"notification_title"}
    assert raised | notices == set(exceptions)
    assert exceptions["no_update_available"]["message"] == (
        "No updates available for this domain"
    )


def test_service_strings_match_services_yaml(strings: dict[str, Any]) -> None:
    """Each service and field of services.yaml has a name and a description."""
    services = load_yaml_dict(COMPONENT / "services.yaml")
    assert set(services) == set(strings["services"])
    assert services
    for service, definition in services.items():
        texts = strings["services"][service]
        assert texts["name"]
        assert texts["description"]
        fields = definition.get("fields", {})
        assert set(fields) == set(texts.get("fields", {}))
        for field in texts.get("fields", {}).values():
            assert field["name"]
            assert field["description"]
        for field in fields.values():
            assert field["selector"]


def test_domain_actions_target_this_integration_only() -> None:
    """The actions' target pickers offer this integration's entities and devices."""
    services = load_yaml_dict(COMPONENT / "services.yaml")
    for service in (
        "acknowledge_upgrade_alerts",
        "start_upgrade",
        "run_precheck",
        "cancel_upgrade",
    ):
        assert services[service]["target"] == {
            "entity": {"integration": "datacenter_assistant"},
            "device": {"integration": "datacenter_assistant"},
        }, service
    assert "target" not in services["upgrade_all_domains"]


def test_start_upgrade_fields_are_the_settings() -> None:
    """start_upgrade offers every upgrade setting, its choices those of the form."""
    fields = load_yaml_dict(COMPONENT / "services.yaml")["start_upgrade"]["fields"]
    assert tuple(fields) == SETTING_KEYS
    for key, choices in CHOICES.items():
        assert tuple(fields[key]["selector"]["select"]["options"]) == choices
    for key, (low, high) in RANGES.items():
        number = fields[key]["selector"]["number"]
        assert (number["min"], number["max"]) == (low, high)


def test_icons_cover_every_state() -> None:
    """The status sensor has an icon per state; each button and service has an icon."""
    icons = load_json("icons.json")
    assert set(icons["entity"]["button"]) == translation_keys_in("button.py")
    assert tuple(icons["entity"]["sensor"]["upgrade_status"]["state"]) == UPGRADE_STATES
    assert set(icons["entity"]["event"]) == translation_keys_in("event.py")
    event_icons = icons["entity"]["event"]["upgrade"]["state_attributes"]
    assert tuple(event_icons["event_type"]["state"]) == UPGRADE_EVENT_TYPES
    assert set(icons["services"]) == set(load_json("strings.json")["services"])


def test_estate_sensor_strings_and_icons(strings: dict[str, Any]) -> None:
    """The estate's sensors (keys set by helpers) have names and icons; hosts name the host."""
    names = strings["entity"]["sensor"]
    icons = load_json("icons.json")["entity"]["sensor"]
    for description in (
        *DOMAIN_CAPACITY_SENSORS,
        *CLUSTER_SENSORS,
        *HOST_SENSORS,
        *SUMMARY_SENSORS,
    ):
        key = description.translation_key
        assert key is not None
        assert names[key]["name"], key
        assert icons[key]["default"], key
    for description in HOST_SENSORS:
        assert "{host}" in names[str(description.translation_key)]["name"]
    assert tuple(names["estate_state"]["state"]) == ESTATE_STATES
    assert tuple(icons["estate_state"]["state"]) == ESTATE_STATES
    binary_icons = load_json("icons.json")["entity"]["binary_sensor"]
    assert set(binary_icons) == translation_keys_in("binary_sensor.py")


def test_engine_agrees_on_states_and_default_log() -> None:
    """The engine's states are the nine translated ones; its default log fits a state."""
    assert tuple(engine.UPGRADE_STATES) == UPGRADE_STATES
    assert engine.NO_MESSAGES == "## No Messages\nNo upgrade activity at this time."
    assert len(engine.NO_MESSAGES) <= 255


def issue_placeholders(kind: str) -> dict[str, str]:
    """Return the placeholders `async_sync_domain_issues` gives an issue of `kind`."""
    alert = {"kind": "alert", "severity": "warning", "component": "NSX", "message": "m"}
    workflow = SimpleNamespace(
        domain_id="d",
        domain_name="wld",
        state="precheck_failed",
        acknowledgment_pending=False,
        open_alerts=[alert],
        last_precheck={
            "at": "",
            "version": "5.2.1.0",
            "passed": False,
            "errors": 1,
            "warnings": 0,
            "findings": ["f"],
        },
        latest_log_entry=None,
    )
    state = "waiting_for_acknowledgment" if kind == "acknowledgment_required" else kind
    with (
        patch("homeassistant.helpers.issue_registry.async_create_issue") as create,
        patch("homeassistant.helpers.issue_registry.async_delete_issue"),
    ):
        async_sync_domain_issues(MagicMock(), "e", workflow, state)  # type: ignore[arg-type]
    [call] = create.call_args_list
    assert call.kwargs["translation_key"] == kind
    return dict(call.kwargs["translation_placeholders"])


def test_issue_strings(strings: dict[str, Any]) -> None:
    """Each issue has a title and a description or (fixable) a fix flow, not both.

    Their placeholders are the ones the code gives; the fix flow's errors and abort
    reasons are those repairs.py uses.
    """
    issues = strings["issues"]
    assert set(issues) == set(ISSUE_KINDS)
    assert "fix_flow" in issues["acknowledgment_required"]
    assert "fix_flow" not in issues["precheck_failed"]
    for kind, texts in issues.items():
        assert texts["title"], kind
        assert ("description" in texts) != ("fix_flow" in texts), kind
        used = set(re.findall(r"\{(\w+)\}", json.dumps(texts)))
        assert used == set(issue_placeholders(kind)), kind
    source = (COMPONENT / "repairs.py").read_text(encoding="utf-8")
    fix_flow = issues["acknowledgment_required"]["fix_flow"]
    assert set(fix_flow["step"]) == set(re.findall(r'step_id="(\w+)"', source))
    assert set(fix_flow["abort"]) == set(
        re.findall(r'async_abort\(reason="(\w+)"\)', source)
    )
    assert set(fix_flow["error"]) == set(
        re.findall(r'errors\["base"\] = "(\w+)"', source)
    )
