"""Repairs issues: a paused upgrade's acknowledgment (fixable) and a failed precheck.

The default dialect's domains play: 1 happy, 2 alerts, 3 precheck-fail. The vcf52 tests
use their own simulator: 1 precheck-warnings or upgrade-fails, 2 precheck-fail.
"""

from __future__ import annotations

import asyncio
import dataclasses
from functools import partial
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.issue_registry import EVENT_REPAIRS_ISSUE_REGISTRY_UPDATED
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.datacenter_assistant.const import (
    DOMAIN,
    SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
)

from .helpers import state_of, wait_for, wait_for_state

if TYPE_CHECKING:
    from homeassistant.components.repairs import RepairsFlowManager
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from tests.support.simulator import VcfSimulator

HAPPY, ALERTS, PRECHECK_FAIL = 1, 2, 3


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Three domains: happy, alerts, precheck-fail."""
    return {
        "domains": 3,
        "scenarios": {ALERTS: "alerts", PRECHECK_FAIL: "precheck-fail"},
    }


def status(index: int) -> str:
    return f"sensor.vcf_domain{index}_upgrade_status"


async def press(hass: HomeAssistant, index: int, button: str = "start_upgrade") -> None:
    await hass.services.async_call(
        "button",
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: f"button.vcf_domain{index}_{button}"},
        blocking=True,
    )


def domain_id(entry: MockConfigEntry, index: int) -> str:
    return next(
        domain.id
        for domain in entry.runtime_data.inventory.data.values()
        if domain.index == index
    )


def domain_name(entry: MockConfigEntry, index: int) -> str:
    return next(
        domain.name
        for domain in entry.runtime_data.inventory.data.values()
        if domain.index == index
    )


def issue_of(
    hass: HomeAssistant, entry: MockConfigEntry, index: int, kind: str
) -> ir.IssueEntry | None:
    """Return a domain's active issue of one kind."""
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"{entry.entry_id}_{domain_id(entry, index)}_{kind}"
    )
    return issue if issue is not None and issue.active else None


def our_issues(hass: HomeAssistant) -> list[ir.IssueEntry]:
    return [
        issue
        for (domain, _), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN and issue.active
    ]


async def wait_for_issue(
    hass: HomeAssistant, entry: MockConfigEntry, index: int, kind: str
) -> ir.IssueEntry:
    await wait_for(
        hass,
        lambda: issue_of(hass, entry, index, kind) is not None,
        f"the {kind} issue of domain {index}",
    )
    issue = issue_of(hass, entry, index, kind)
    assert issue is not None
    return issue


async def flow_manager(hass: HomeAssistant) -> RepairsFlowManager:
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    return manager


async def test_acknowledgment_issue_while_waiting_gone_after_acknowledging(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The paused run's issue names the domain and its alert; the action removes it."""
    assert our_issues(hass) == []
    registry_updates = async_capture_events(hass, EVENT_REPAIRS_ISSUE_REGISTRY_UPDATED)
    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    issue = await wait_for_issue(hass, loaded_entry, ALERTS, "acknowledgment_required")
    # The run goes on polling while it waits: the issue is written once, not per event.
    await wait_for(
        hass,
        lambda: len(state_of(hass, status(ALERTS)).attributes["alerts"]) > 0,
        "the alerts",
    )
    requests_before = len(await vcf_sim.requests())
    async with asyncio.timeout(10):
        while len(await vcf_sim.requests()) <= requests_before + 2:
            await hass.async_block_till_done()
    assert state_of(hass, status(ALERTS)).state == "waiting_for_acknowledgment"
    assert [
        event.data["action"]
        for event in registry_updates
        if event.data["issue_id"] == issue.issue_id
    ] == ["create"]

    assert issue.is_fixable
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.translation_key == "acknowledgment_required"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["domain"] == domain_name(loaded_entry, ALERTS)
    alerts = state_of(hass, status(ALERTS)).attributes["alerts"]
    assert alerts
    for alert in alerts:
        assert alert["message"] in issue.translation_placeholders["alerts"]
    assert issue.translation_placeholders["alerts"].startswith("- NSX_T_MANAGER: ")
    assert [i.issue_id for i in our_issues(hass)] == [issue.issue_id]

    await hass.services.async_call(
        DOMAIN,
        SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
        {ATTR_ENTITY_ID: status(ALERTS)},
        blocking=True,
    )
    await wait_for(
        hass,
        lambda: issue_of(hass, loaded_entry, ALERTS, "acknowledgment_required") is None,
        "the issue to go",
    )
    await wait_for_state(hass, status(ALERTS), "upgrade_completed")
    assert our_issues(hass) == []


@pytest.mark.parametrize(
    "sim_options",
    [
        {"domains": 1, "dialect": "vcf52", "scenarios": {1: "precheck-warnings"}},
        {"domains": 1, "dialect": "vcf52", "scenarios": {1: "upgrade-fails"}},
    ],
    ids=["precheck-warnings", "retryable-failure"],
)
async def test_the_fix_flow_acknowledges(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The fix flow shows what the run waits on; submitting it lets the run go on."""
    manager = await flow_manager(hass)
    await press(hass, 1)
    await wait_for_state(hass, status(1), "waiting_for_acknowledgment")
    issue = await wait_for_issue(hass, loaded_entry, 1, "acknowledgment_required")
    assert issue.translation_placeholders is not None
    for alert in state_of(hass, status(1)).attributes["alerts"]:
        assert alert["message"] in issue.translation_placeholders["alerts"]

    result = await manager.async_init(DOMAIN, context={"issue_id": issue.issue_id})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "confirm"
    assert result["description_placeholders"] == issue.translation_placeholders

    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert issue_of(hass, loaded_entry, 1, "acknowledgment_required") is None
    await wait_for_state(hass, status(1), "upgrade_completed")
    assert our_issues(hass) == []


@pytest.mark.parametrize(
    "sim_options",
    [{"domains": 1, "dialect": "vcf52", "scenarios": {1: "precheck-warnings"}}],
)
async def test_the_fix_flow_aborts_once_the_run_no_longer_waits(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A run cancelled while the flow is open: the issue goes, the flow aborts."""
    manager = await flow_manager(hass)
    await press(hass, 1)
    await wait_for_state(hass, status(1), "waiting_for_acknowledgment")
    issue = await wait_for_issue(hass, loaded_entry, 1, "acknowledgment_required")
    result = await manager.async_init(DOMAIN, context={"issue_id": issue.issue_id})

    await hass.services.async_call(
        DOMAIN, "cancel_upgrade", {ATTR_ENTITY_ID: status(1)}, blocking=True
    )
    await wait_for_state(hass, status(1), "waiting_for_initiation")
    assert issue_of(hass, loaded_entry, 1, "acknowledgment_required") is None

    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_waiting_for_acknowledgment"


async def test_precheck_issue_lists_the_failures_and_goes_with_a_new_run(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """Every failed validation with its remediation; a new run of the domain removes it."""
    await press(hass, PRECHECK_FAIL)
    await wait_for_state(hass, status(PRECHECK_FAIL), "precheck_failed")
    issue = await wait_for_issue(hass, loaded_entry, PRECHECK_FAIL, "precheck_failed")

    assert not issue.is_fixable
    assert issue.severity is ir.IssueSeverity.ERROR
    precheck = state_of(hass, status(PRECHECK_FAIL)).attributes["last_precheck"]
    placeholders = issue.translation_placeholders
    assert placeholders is not None
    assert placeholders["domain"] == domain_name(loaded_entry, PRECHECK_FAIL)
    assert placeholders["version"] == precheck["version"]
    assert placeholders["errors"] == str(precheck["errors"])
    assert placeholders["warnings"] == str(precheck["warnings"])
    assert placeholders["findings"].splitlines() == [
        f"- {finding}" for finding in precheck["findings"]
    ]
    assert "ESXi host connectivity" in placeholders["findings"]

    # The operator fixed the estate and starts again: the issue goes with the new run.
    await vcf_sim.request(
        "PUT", f"/sim/domains/{PRECHECK_FAIL}/scenario", json={"scenario": "happy"}
    )
    await press(hass, PRECHECK_FAIL)
    assert issue_of(hass, loaded_entry, PRECHECK_FAIL, "precheck_failed") is None
    await wait_for_state(hass, status(PRECHECK_FAIL), "upgrade_completed")
    assert our_issues(hass) == []


@pytest.mark.parametrize(
    "sim_options",
    [{"domains": 2, "dialect": "vcf52", "scenarios": {2: "precheck-fail"}}],
)
async def test_a_passed_precheck_only_run_leaves_no_issue(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """A failed precheck-only run has the issue; a passing one afterwards removes it."""
    await press(hass, 2, "run_precheck")
    await wait_for_state(hass, status(2), "precheck_failed")
    await wait_for_issue(hass, loaded_entry, 2, "precheck_failed")

    await vcf_sim.request("PUT", "/sim/domains/2/scenario", json={"scenario": "happy"})
    await press(hass, 2, "run_precheck")
    await wait_for(
        hass,
        lambda: (
            state_of(hass, status(2)).state == "waiting_for_initiation"
            and state_of(hass, status(2)).attributes["last_precheck"]["passed"]
        ),
        "the precheck to pass",
    )
    assert our_issues(hass) == []


async def test_issues_are_restored_after_a_reload(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Unloaded, the entry has no issue; set up again, its restored runs have theirs."""
    await press(hass, ALERTS)
    await press(hass, PRECHECK_FAIL)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    await wait_for_state(hass, status(PRECHECK_FAIL), "precheck_failed")
    waiting = await wait_for_issue(
        hass, loaded_entry, ALERTS, "acknowledgment_required"
    )
    failed = await wait_for_issue(hass, loaded_entry, PRECHECK_FAIL, "precheck_failed")

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert our_issues(hass) == []

    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert {issue.issue_id for issue in our_issues(hass)} == {
        waiting.issue_id,
        failed.issue_id,
    }
    restored = issue_of(hass, loaded_entry, PRECHECK_FAIL, "precheck_failed")
    assert restored is not None
    assert restored.translation_placeholders == failed.translation_placeholders
    restored_wait = issue_of(hass, loaded_entry, ALERTS, "acknowledgment_required")
    assert restored_wait is not None
    assert restored_wait.translation_placeholders == waiting.translation_placeholders

    await hass.services.async_call(
        DOMAIN,
        SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS,
        {ATTR_ENTITY_ID: status(ALERTS)},
        blocking=True,
    )
    await wait_for_state(hass, status(ALERTS), "upgrade_completed")
    assert [issue.issue_id for issue in our_issues(hass)] == [failed.issue_id]


async def test_issues_after_a_restart_come_back_active(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Issues restored inactive from storage: shown again for runs that still need them.

    A restart leaves the issues that are not persistent stored and inactive; the one of a
    domain no longer in the inventory is deleted.
    """
    await press(hass, PRECHECK_FAIL)
    await wait_for_state(hass, status(PRECHECK_FAIL), "precheck_failed")
    issue = await wait_for_issue(hass, loaded_entry, PRECHECK_FAIL, "precheck_failed")
    with patch("custom_components.datacenter_assistant.runs.async_delete_entry_issues"):
        assert await hass.config_entries.async_unload(loaded_entry.entry_id)
        await hass.async_block_till_done()
    registry = ir.async_get(hass)
    key = (DOMAIN, issue.issue_id)
    registry.issues[key] = dataclasses.replace(registry.issues[key], active=False)
    stale = ir.async_get(hass).async_get_or_create(
        DOMAIN,
        f"{loaded_entry.entry_id}_gone-domain_precheck_failed",
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="precheck_failed",
    )
    registry.issues[(DOMAIN, stale.issue_id)] = dataclasses.replace(stale, active=False)
    assert our_issues(hass) == []

    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert [i.issue_id for i in our_issues(hass)] == [issue.issue_id]
    assert registry.async_get_issue(DOMAIN, stale.issue_id) is None


@pytest.mark.parametrize(
    "sim_options",
    [{"domains": 2, "scenarios": {2: "precheck-fail"}}],
)
async def test_a_domain_leaving_the_inventory_takes_its_issues(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, vcf_sim: VcfSimulator
) -> None:
    """The issue of a domain SDDC Manager no longer lists is deleted."""
    await press(hass, 2)
    await wait_for_state(hass, status(2), "precheck_failed")
    await wait_for_issue(hass, loaded_entry, 2, "precheck_failed")

    await hass.async_add_executor_job(partial(vcf_sim.restart, domains=1))
    await loaded_entry.runtime_data.inventory.async_refresh()
    await hass.async_block_till_done()
    assert len(loaded_entry.runtime_data.runs.domain_ids) == 1
    assert our_issues(hass) == []


async def test_removing_the_entry_leaves_no_issue(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A removed entry's issues are gone (it is unloaded first)."""
    await press(hass, ALERTS)
    await wait_for_state(hass, status(ALERTS), "waiting_for_acknowledgment")
    await wait_for_issue(hass, loaded_entry, ALERTS, "acknowledgment_required")

    assert await hass.config_entries.async_remove(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert our_issues(hass) == []
