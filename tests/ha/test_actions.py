"""Upgrading a real VCF estate: the actions, the new buttons, VCF's domain order.

SDDC Manager 5.2 (`vcf52`) refuses a workload domain's upgrade until the management domain's
SDDC Manager bundle is upgraded (424 `SDDC_MANAGER_NOT_UPGRADED`): the engine holds such a
run (`waiting_for`) and starts it by itself once the order allows. Domain 1 of the simulator
is the management domain.
"""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.exceptions import ServiceValidationError
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.datacenter_assistant import runs as runs_module
from custom_components.datacenter_assistant.const import (
    CONF_UPGRADE_SETTINGS,
    DOMAIN,
)
from custom_components.datacenter_assistant.coordinator import inventory_interval
from custom_components.datacenter_assistant.notifications import UpgradeNotice

from .helpers import (
    notifications,
    state_of,
    wait_for,
    wait_for_notification,
    wait_for_state,
)

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from tests.support.simulator import VcfSimulator

MGMT, WLD, NO_UPDATE = 1, 2, 3


def vcf52(**scenarios: str) -> dict[str, Any]:
    """Three vcf52 domains: management, a workload domain, one without an update."""
    return {
        "domains": 3,
        "dialect": "vcf52",
        "scenarios": {
            NO_UPDATE: "no-update",
            **{int(i): s for i, s in scenarios.items()},
        },
    }


def status(index: int) -> str:
    return f"sensor.vcf_domain{index}_upgrade_status"


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(DOMAIN, service, data, blocking=True)


async def press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        "button", SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


def domain_id(entry: MockConfigEntry, index: int) -> str:
    return next(
        domain.id
        for domain in entry.runtime_data.inventory.data.values()
        if domain.index == index
    )


async def upgrade_bodies(sim: VcfSimulator, domain: str) -> list[dict[str, Any]]:
    """The bodies of the accepted `POST /v1/upgrades` of a domain."""
    return [
        request["body"]
        for request in await sim.requests()
        if request["method"] == "POST"
        and request["path"] == "/v1/upgrades"
        and request["status"] == 202
        and domain in str(request["body"])
    ]


def find(body: Any, key: str) -> list[Any]:
    """Every value of `key` anywhere in a JSON body."""
    if isinstance(body, dict):
        return [
            *([body[key]] if key in body else []),
            *(found for value in body.values() for found in find(value, key)),
        ]
    if isinstance(body, list):
        return [found for value in body for found in find(value, key)]
    return []


def attribute(hass: HomeAssistant, index: int, name: str) -> Any:
    return state_of(hass, status(index)).attributes[name]


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_start_upgrade_sends_the_saved_settings_and_the_overrides(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Saved settings apply, the action's fields override them for this run."""
    mgmt = domain_id(loaded_entry, MGMT)
    hass.config_entries.async_update_entry(
        loaded_entry,
        options={CONF_UPGRADE_SETTINGS: {mgmt: {"esx_quick_boot": True}}},
    )
    await call(
        hass,
        "start_upgrade",
        entity_id=status(MGMT),
        esx_evacuate_offline_vms=True,
        nsx_host_clusters="sequential",
    )
    await wait_for_state(hass, status(MGMT), "upgrade_completed")

    bodies = await upgrade_bodies(vcf_sim, mgmt)
    assert find(bodies, "enableQuickboot") == [True]
    assert find(bodies, "evacuateOfflineVms") == [True]
    assert find(bodies, "isHostClustersUpgradeParallel") == [False]
    # Saved settings are untouched by the overrides.
    assert loaded_entry.options[CONF_UPGRADE_SETTINGS][mgmt] == {"esx_quick_boot": True}


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_start_upgrade_refusals(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Invalid settings (the engine's word) and a second run are refused, translated."""
    with pytest.raises(ServiceValidationError) as refused:
        await call(
            hass,
            "start_upgrade",
            entity_id=status(MGMT),
            vcenter_network_mode="static",
        )
    assert refused.value.translation_key == "invalid_upgrade_settings"
    assert refused.value.translation_placeholders["error"]
    assert state_of(hass, status(MGMT)).state == "waiting_for_initiation"

    await call(hass, "start_upgrade", entity_id=status(MGMT))
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "start_upgrade", entity_id=status(MGMT))
    assert refused.value.translation_key == "upgrade_already_running"

    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "start_upgrade", entity_id=[status(MGMT), status(WLD)])
    assert refused.value.translation_key == "ambiguous_target"
    await wait_for_state(hass, status(MGMT), "upgrade_completed")


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_run_precheck_upgrades_nothing_and_records_the_result(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The action and the button run the precheck only; last_precheck holds the result."""
    assert attribute(hass, MGMT, "last_precheck") is None
    await call(hass, "run_precheck", entity_id=status(MGMT))
    await wait_for(
        hass,
        lambda: (
            attribute(hass, MGMT, "last_precheck") is not None
            and state_of(hass, status(MGMT)).state == "waiting_for_initiation"
        ),
        "the precheck to end",
    )
    precheck = attribute(hass, MGMT, "last_precheck")
    assert precheck["passed"] is True
    assert precheck["errors"] == 0
    assert await upgrade_bodies(vcf_sim, domain_id(loaded_entry, MGMT)) == []

    await press(hass, f"button.vcf_domain{WLD}_run_precheck")
    await wait_for(
        hass,
        lambda: attribute(hass, WLD, "last_precheck") is not None,
        "the workload domain's precheck",
    )
    assert await upgrade_bodies(vcf_sim, domain_id(loaded_entry, WLD)) == []


@pytest.mark.parametrize("sim_options", [vcf52(**{str(WLD): "precheck-fail"})])
async def test_a_failed_precheck_only_run(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """precheck_failed, with the failed validations in last_precheck's findings."""
    await call(hass, "run_precheck", entity_id=status(WLD))
    await wait_for_state(hass, status(WLD), "precheck_failed")
    precheck = attribute(hass, WLD, "last_precheck")
    assert precheck["passed"] is False
    assert precheck["errors"] >= 1
    assert precheck["findings"]


@pytest.mark.parametrize("sim_options", [vcf52(**{str(MGMT): "precheck-warnings"})])
async def test_cancel_upgrade(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Nothing to cancel is refused; a run waiting for an acknowledgment is cancelled."""
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "cancel_upgrade", entity_id=status(MGMT))
    assert refused.value.translation_key == "no_active_run"

    await call(hass, "start_upgrade", entity_id=status(MGMT))
    await wait_for_state(hass, status(MGMT), "waiting_for_acknowledgment")
    await call(hass, "cancel_upgrade", entity_id=status(MGMT))
    await wait_for_state(hass, status(MGMT), "waiting_for_initiation")
    assert attribute(hass, MGMT, "running") is False


@pytest.mark.parametrize("sim_options", [{**vcf52(), "step_ms": 1500}])
async def test_cancel_is_refused_while_a_component_upgrades(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """SDDC Manager cannot stop a component upgrade: the cancel says so."""
    await call(hass, "start_upgrade", entity_id=status(MGMT))
    await wait_for(
        hass,
        lambda: (
            state_of(hass, status(MGMT)).state == "upgrade_in_progress"
            and "Started the upgrade"
            in state_of(hass, f"sensor.vcf_domain{MGMT}_upgrade_logs").attributes[
                "markdown"
            ]
        ),
        "a component upgrade",
    )
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "cancel_upgrade", entity_id=status(MGMT))
    assert refused.value.translation_key == "cancel_while_upgrading"


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_a_held_workload_domain_notifies_once_and_can_be_cancelled(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The workload domain waits for SDDC Manager: one notification per wait."""
    wld = domain_id(loaded_entry, WLD)
    notification_id = f"{DOMAIN}_{loaded_entry.entry_id}_{wld}"
    with patch.object(
        runs_module, "async_notify", wraps=runs_module.async_notify
    ) as notify:
        await call(hass, "start_upgrade", entity_id=status(WLD))
        await wait_for(
            hass,
            lambda: attribute(hass, WLD, "waiting_for") is not None,
            "the workload domain to wait",
        )
        waiting_for = attribute(hass, WLD, "waiting_for")
        notification = await wait_for_notification(hass, notification_id, waiting_for)
        assert "management domain" in notification["message"]
        # It keeps looking; no second notification while it waits.
        await hass.async_block_till_done()

        def order_notices() -> int:
            return sum(
                1
                for notice_call in notify.call_args_list
                if notice_call.kwargs["notice"] is UpgradeNotice.WAITING_FOR_ORDER
            )

        assert order_notices() == 1

        await call(hass, "cancel_upgrade", entity_id=status(WLD))
        await wait_for_state(hass, status(WLD), "waiting_for_initiation")
        assert attribute(hass, WLD, "waiting_for") is None

        # A new wait is a new notification.
        await call(hass, "start_upgrade", entity_id=status(WLD))
        await wait_for(hass, lambda: order_notices() == 2, "a second notification")

        # The management domain upgrades SDDC Manager: the held domain goes on by itself.
        await call(hass, "start_upgrade", entity_id=status(MGMT))
        await wait_for_state(hass, status(MGMT), "upgrade_completed")
        await wait_for_state(hass, status(WLD), "upgrade_completed")
        assert order_notices() == 2


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_a_held_domain_goes_on_once_the_management_domain_is_upgraded(
    hass: HomeAssistant, vcf_sim: VcfSimulator, config_entry: MockConfigEntry
) -> None:
    """No order poll in sight: the management domain's progress makes the held one look."""
    entry = config_entry
    with patch(
        "custom_components.datacenter_assistant.runs.inventory_interval",
        return_value=timedelta(hours=1),
    ):
        await async_setup_component(hass, "persistent_notification", {})
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    with patch.object(
        runs_module, "async_notify", wraps=runs_module.async_notify
    ) as notify:
        await call(hass, "start_upgrade", entity_id=status(MGMT))
        await call(hass, "start_upgrade", entity_id=status(WLD))
        await wait_for(
            hass,
            lambda: attribute(hass, WLD, "waiting_for") is not None,
            "the workload domain to wait",
        )
        await wait_for_state(hass, status(MGMT), "upgrade_completed")
        await wait_for_state(hass, status(WLD), "upgrade_completed")
        async_fire_time_changed(
            hass, dt_util.utcnow() + timedelta(seconds=runs_module.ORDER_RECHECK_GRACE)
        )
        await hass.async_block_till_done()
    # The management domain was upgrading all along: nothing to tell the operator.
    assert not [
        notice_call
        for notice_call in notify.call_args_list
        if notice_call.kwargs["notice"] is UpgradeNotice.WAITING_FOR_ORDER
    ]
    bundles = [
        body["bundleId"]
        for body in await upgrade_bodies(vcf_sim, domain_id(entry, WLD))
    ]
    assert len(bundles) == len(set(bundles)) == 3, bundles


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_upgrade_all_domains_starts_management_first_and_skips_the_rest(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Management then workload domains; no update and running domains are skipped."""
    caplog.set_level(logging.INFO)
    started: list[str] = []
    original = runs_module.UpgradeRunManager.async_start_upgrade

    async def record(self: Any, domain: str, *args: Any, **kwargs: Any) -> bool:
        started.append(domain)
        return await original(self, domain, *args, **kwargs)

    with (
        patch.object(runs_module.UpgradeRunManager, "async_start_upgrade", record),
        patch.object(
            runs_module, "async_notify", wraps=runs_module.async_notify
        ) as notify,
    ):
        await call(hass, "upgrade_all_domains")
        assert started == [domain_id(loaded_entry, MGMT), domain_id(loaded_entry, WLD)]
        # Both run now: a second call starts nothing and is no error.
        await call(hass, "upgrade_all_domains", config_entry_id=loaded_entry.entry_id)
        assert len(started) == 2

        await wait_for_state(hass, status(MGMT), "upgrade_completed")
        await wait_for_state(hass, status(WLD), "upgrade_completed")
    assert state_of(hass, status(NO_UPDATE)).state == "waiting_for_initiation"
    # The management domain was upgrading all along: nobody needed telling.
    assert all(
        notice_call.kwargs["notice"] is not UpgradeNotice.WAITING_FOR_ORDER
        for notice_call in notify.call_args_list
    )
    assert any(
        "Upgrade of all domains" in record.getMessage()
        and "mgmt-domain" in record.getMessage()
        for record in caplog.records
    )


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_the_upgrade_all_button_and_a_wrong_entry(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The SDDC Manager's button upgrades every domain; an unknown entry is refused."""
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "upgrade_all_domains", config_entry_id="no-such-entry")
    assert refused.value.translation_key == "entry_not_loaded"

    button = state_of(hass, "button.vcf_upgrade_all_domains")
    assert button.name.endswith("Upgrade all domains")
    await press(hass, "button.vcf_upgrade_all_domains")
    await wait_for_state(hass, status(MGMT), "upgrade_completed")
    await wait_for_state(hass, status(WLD), "upgrade_completed")
    assert not [
        notification
        for notification in notifications(hass).values()
        if "is waiting" in notification["message"]
    ]


@pytest.mark.parametrize("sim_options", [vcf52()])
async def test_workflows_look_at_the_order_as_often_as_the_inventory(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> None:
    """order_poll_interval is the entry's inventory interval, in seconds."""
    created: list[dict[str, Any]] = []
    original = runs_module.engine.UpgradeWorkflow

    def workflow(*args: Any, **kwargs: Any) -> Any:
        created.append(kwargs)
        return original(*args, **kwargs)

    with (
        patch.object(runs_module, "inventory_interval", inventory_interval),
        patch.object(runs_module.engine, "UpgradeWorkflow", workflow),
    ):
        config_entry.add_to_hass(hass)
        hass.config_entries.async_update_entry(
            config_entry, options={"inventory_interval": 7}
        )
        assert await hass.config_entries.async_setup(config_entry.entry_id)
        await hass.async_block_till_done()
    assert len(created) == 3
    assert {kwargs["order_poll_interval"] for kwargs in created} == {7 * 60.0}
    assert {kwargs["outage_budget"] for kwargs in created} == {10800.0}
