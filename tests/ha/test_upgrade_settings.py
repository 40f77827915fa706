"""The options flow's upgrade settings of a domain: the menu, the domain, the form, its checks.

The entry is loaded against the simulator (the flow lists the entry's current domains); the
form's own checks are also tested one by one on `check_form_settings`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
import pytest

from custom_components.datacenter_assistant.const import (
    CONF_INVENTORY_INTERVAL,
    CONF_UPGRADE_POLL_INTERVAL,
    CONF_UPGRADE_SETTINGS,
)
from custom_components.datacenter_assistant.settings import (
    SECTIONS,
    check_form_settings,
)
import datacenter_assistant_core as engine

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from tests.support.simulator import VcfSimulator

STATIC_NETWORK = {
    "vcenter_network_mode": "static",
    "vcenter_ip_address": "192.168.10.50",
    "vcenter_subnet_mask": "255.255.255.0",
    "vcenter_gateway": "192.168.10.1",
}


def in_sections(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return flat settings as the form submits them: one dict per section."""
    return {
        section: {key: values[key] for key in keys if values.get(key) is not None}
        for section, keys in SECTIONS.items()
    }


def shown_values(result: Any) -> dict[str, Any]:
    """Return what the settings form shows: defaults and suggested values, flat."""
    shown: dict[str, Any] = {}
    for section_schema in result["data_schema"].schema.values():
        for marker in section_schema.schema.schema:
            if (
                suggested := (marker.description or {}).get("suggested_value")
            ) is not None:
                shown[str(marker)] = suggested
            elif callable(marker.default):
                shown[str(marker)] = marker.default()
    return shown


async def open_settings(
    hass: HomeAssistant, entry: MockConfigEntry, domain_id: str
) -> dict[str, Any]:
    """Walk the menu and the domain step to the settings form of `domain_id`."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["intervals", "domain"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "domain"}
    )
    assert result["step_id"] == "domain"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"domain": domain_id}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "upgrade_settings"
    return dict(result)


async def submit(
    hass: HomeAssistant, result: dict[str, Any], **changes: Any
) -> dict[str, Any]:
    """Submit the settings form with the defaults and `changes`."""
    values = {**engine.UPGRADE_SETTINGS_DEFAULTS, **changes}
    return dict(
        await hass.config_entries.options.async_configure(
            result["flow_id"], in_sections(values)
        )
    )


async def first_domain_id(entry: MockConfigEntry) -> str:
    return next(iter(entry.runtime_data.inventory.data))


async def test_the_domain_step_lists_the_entrys_domains_by_name(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The select offers every current domain, labelled with its name."""
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "domain"}
    )
    selector = result["data_schema"].schema["domain"]
    offered = {
        option["value"]: option["label"] for option in selector.config["options"]
    }
    assert offered == {
        domain["id"]: domain["name"] for domain in await vcf_sim.domains()
    }


async def test_the_form_shows_the_defaults_and_saves_without_reloading(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Unsaved: the wizard's defaults; saved: the whole validated dict, other options kept."""
    hass.config_entries.async_update_entry(
        loaded_entry, options={CONF_INVENTORY_INTERVAL: 7}
    )
    await hass.async_block_till_done()
    runs = loaded_entry.runtime_data.runs
    domain_id = await first_domain_id(loaded_entry)

    result = await open_settings(hass, loaded_entry, domain_id)
    assert shown_values(result) == {
        key: value
        for key, value in engine.UPGRADE_SETTINGS_DEFAULTS.items()
        if value is not None
    }
    assert result["description_placeholders"]["domain"] == (
        loaded_entry.runtime_data.inventory.data[domain_id].name
    )

    result = await submit(hass, result, esx_quick_boot=True)
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    expected = engine.validate_upgrade_settings(
        {**engine.UPGRADE_SETTINGS_DEFAULTS, "esx_quick_boot": True}
    )
    assert loaded_entry.options == {
        CONF_INVENTORY_INTERVAL: 7,
        CONF_UPGRADE_SETTINGS: {domain_id: dict(expected)},
    }
    assert loaded_entry.runtime_data.runs is runs, "a settings change reloads nothing"
    assert runs.saved_settings(domain_id)["esx_quick_boot"] is True


async def test_every_field_is_saved_and_shown_again(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Each setting changed from its default is stored and prefills the next form."""
    domain_id = await first_domain_id(loaded_entry)
    switchover = (dt_util.now() + timedelta(days=3)).replace(microsecond=0)
    changes: dict[str, Any] = {
        "vcenter_upgrade_mechanism": "reduced_downtime_migration",
        **STATIC_NETWORK,
        "vcenter_switchover": "scheduled",
        "vcenter_switchover_at": switchover.strftime("%Y-%m-%d %H:%M:%S"),
        "nsx_host_clusters": "sequential",
        "nsx_edge_clusters": "sequential",
        "nsx_edge_clusters_only": True,
        "esx_quick_boot": True,
        "esx_evacuate_offline_vms": True,
        "esx_enforce_hcl_validation": True,
        "esx_failure_action": "retry",
        "esx_failure_retry_count": 7,
        "esx_failure_retry_delay": 900,
        "esx_pre_remediation_power_action": "suspend_vms",
    }
    result = await submit(
        hass, await open_settings(hass, loaded_entry, domain_id), **changes
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")

    saved = loaded_entry.options[CONF_UPGRADE_SETTINGS][domain_id]
    assert set(saved) == set(engine.UPGRADE_SETTINGS_DEFAULTS)
    for key, value in changes.items():
        if key == "vcenter_switchover_at":
            assert dt_util.parse_datetime(saved[key]) == switchover, saved[key]
            assert saved[key].endswith("Z"), saved[key]
        else:
            assert saved[key] == value, key

    shown = shown_values(await open_settings(hass, loaded_entry, domain_id))
    assert shown == changes

    # Back to automatic: the temporary network and the time are dropped.
    result = await submit(
        hass,
        await open_settings(hass, loaded_entry, domain_id),
        **{
            **changes,
            "vcenter_network_mode": "automatic",
            "vcenter_switchover": "automatic",
        },
    )
    saved = loaded_entry.options[CONF_UPGRADE_SETTINGS][domain_id]
    assert saved["vcenter_ip_address"] is None
    assert saved["vcenter_switchover_at"] is None


async def test_the_intervals_keep_the_upgrade_settings(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Saving the intervals (a reload) keeps every domain's saved settings."""
    domain_id = await first_domain_id(loaded_entry)
    await submit(
        hass, await open_settings(hass, loaded_entry, domain_id), esx_quick_boot=True
    )
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "intervals"}
    )
    await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_INVENTORY_INTERVAL: 10, CONF_UPGRADE_POLL_INTERVAL: 5}
    )
    await hass.async_block_till_done()

    assert loaded_entry.options[CONF_INVENTORY_INTERVAL] == 10
    assert loaded_entry.options[CONF_UPGRADE_SETTINGS][domain_id]["esx_quick_boot"]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {**STATIC_NETWORK, "vcenter_ip_address": "192.168.10.500"},
            {"vcenter_ip_address": "invalid_ipv4"},
        ),
        (
            {**STATIC_NETWORK, "vcenter_gateway": "192.168.11.1"},
            {"vcenter_gateway": "not_one_subnet"},
        ),
        (
            {**STATIC_NETWORK, "vcenter_gateway": None},
            {"vcenter_gateway": "required_for_static_network"},
        ),
        (
            {"vcenter_switchover": "scheduled"},
            {"vcenter_switchover_at": "switchover_time_required"},
        ),
    ],
    ids=["bad_ipv4", "not_one_subnet", "missing_gateway", "scheduled_without_time"],
)
async def test_the_form_refuses_bad_settings(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """A refused form says which field is wrong and saves nothing; fixed, it saves."""
    domain_id = await first_domain_id(loaded_entry)
    result = await submit(
        hass, await open_settings(hass, loaded_entry, domain_id), **changes
    )

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert CONF_UPGRADE_SETTINGS not in loaded_entry.options

    result = await submit(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_the_engines_refusal_is_a_form_error(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The engine has the last word: its ValueError is the form's base error."""
    domain_id = await first_domain_id(loaded_entry)
    result = await open_settings(hass, loaded_entry, domain_id)
    with patch(
        "custom_components.datacenter_assistant.config_flow.validate_upgrade_settings",
        side_effect=ValueError("esx_quick_boot: not on this host"),
    ):
        result = await submit(hass, result, esx_quick_boot=True)

    assert result["errors"] == {"base": "invalid_upgrade_settings"}
    assert result["description_placeholders"]["error"] == (
        "esx_quick_boot: not on this host"
    )


async def test_an_unloaded_entry_has_no_domains_to_offer(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Without a loaded entry the domains are unknown: the step aborts."""
    await hass.config_entries.async_unload(loaded_entry.entry_id)
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "domain"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_loaded"


def defaults(**changes: Any) -> dict[str, Any]:
    return {**engine.UPGRADE_SETTINGS_DEFAULTS, **changes}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (STATIC_NETWORK, {}),
        (
            {**STATIC_NETWORK, "vcenter_ip_address": "fe80::1"},
            {"vcenter_ip_address": "invalid_ipv4"},
        ),
        (
            {**STATIC_NETWORK, "vcenter_subnet_mask": "255.0.255.0"},
            {"vcenter_subnet_mask": "invalid_netmask"},
        ),
        (
            {**STATIC_NETWORK, "vcenter_subnet_mask": "255.255.255.255"},
            {"vcenter_subnet_mask": "invalid_netmask"},
        ),
        (
            {**STATIC_NETWORK, "vcenter_gateway": "192.168.10.50"},
            {"vcenter_gateway": "gateway_is_address"},
        ),
        (
            {**STATIC_NETWORK, "vcenter_ip_address": "192.168.10.255"},
            {"vcenter_ip_address": "network_or_broadcast_address"},
        ),
        (
            {**STATIC_NETWORK, "vcenter_gateway": "192.168.10.0"},
            {"vcenter_gateway": "network_or_broadcast_address"},
        ),
        (
            {"vcenter_network_mode": "static"},
            dict.fromkeys(
                ("vcenter_ip_address", "vcenter_subnet_mask", "vcenter_gateway"),
                "required_for_static_network",
            ),
        ),
        # Automatic: whatever is left in the network fields does not matter.
        ({"vcenter_ip_address": "not an address"}, {}),
        (
            {
                "vcenter_switchover": "scheduled",
                "vcenter_switchover_at": "2001-01-01 00:00:00",
            },
            {"vcenter_switchover_at": "switchover_time_in_past"},
        ),
        (
            {
                "vcenter_switchover": "scheduled",
                "vcenter_switchover_at": "next tuesday",
            },
            {"vcenter_switchover_at": "invalid_switchover_time"},
        ),
        (
            {
                "vcenter_upgrade_mechanism": "in_place",
                "vcenter_switchover": "scheduled",
                "vcenter_switchover_at": "2999-01-01 00:00:00",
            },
            {"vcenter_switchover": "switchover_with_in_place"},
        ),
        (
            {"esx_failure_action": "retry", "esx_failure_retry_count": 2},
            {"esx_failure_retry_count": "retry_count_out_of_range"},
        ),
        (
            {"esx_failure_action": "retry", "esx_failure_retry_delay": 3601},
            {"esx_failure_retry_delay": "retry_delay_out_of_range"},
        ),
        (
            {
                "esx_failure_action": "fail",
                "esx_failure_retry_count": 2,
                "esx_failure_retry_delay": 3601,
            },
            {},
        ),
    ],
)
def test_form_checks(changes: dict[str, Any], errors: dict[str, str]) -> None:
    """Each check of the form names its field and error."""
    assert check_form_settings(defaults(**changes)) == errors
