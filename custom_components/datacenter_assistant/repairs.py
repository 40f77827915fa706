"""Repairs issues about a domain's upgrade, and the fix flow that acknowledges its alerts.

Each domain has at most one issue of each kind, with a stable id per entry and domain:

- `acknowledgment_required` (fixable) while its run waits in `waiting_for_acknowledgment`,
  listing what it waits on; its fix flow acknowledges, like the
  `acknowledge_upgrade_alerts` action;
- `precheck_failed` while its last run ended in `precheck_failed`, listing the failed
  validations with their remediation.

The run manager keeps them in line with what Home Assistant shows of each run
(`async_sync_domain_issues` after every workflow event and when a workflow is created or
restored) and deletes them when a domain leaves the inventory or the entry is unloaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import probatio

from .const import DOMAIN, ISSUE_ACKNOWLEDGMENT_REQUIRED, ISSUE_PRECHECK_FAILED, LOGGER

if TYPE_CHECKING:
    from homeassistant.components.repairs import RepairsFlowResult
    from homeassistant.core import HomeAssistant

    from datacenter_assistant_core import (
        OpenAlert,
        PrecheckSummary,
        UpgradeWorkflow,
        WorkflowState,
    )

    from .runs import UpgradeRunManager

ISSUE_KINDS = (ISSUE_ACKNOWLEDGMENT_REQUIRED, ISSUE_PRECHECK_FAILED)
DATA_ENTRY_ID = "entry_id"
DATA_DOMAIN_ID = "domain_id"


def issue_id(entry_id: str, domain_id: str, kind: str) -> str:
    """Return the id of a domain's issue of one kind."""
    return f"{entry_id}_{domain_id}_{kind}"


def alerts_markdown(alerts: list[OpenAlert], fallback: str) -> str:
    """Return what a paused run waits on as a markdown list, one line per alert."""
    lines = [
        f"- {alert['component']}: {alert['message']} ({alert['severity']})"
        if alert["component"]
        else f"- {alert['message']} ({alert['severity']})"
        for alert in alerts
    ]
    return "\n".join(lines) if lines else f"- {fallback}"


def findings_markdown(precheck: PrecheckSummary | None, fallback: str) -> str:
    """Return the failed validations of a precheck as a markdown list, errors first."""
    findings = precheck["findings"] if precheck is not None else []
    return "\n".join(f"- {finding}" for finding in findings or [fallback])


def _latest_message(workflow: UpgradeWorkflow) -> str:
    latest = workflow.latest_log_entry
    return latest["message"] if latest is not None else workflow.state


@callback
def async_sync_domain_issues(
    hass: HomeAssistant,
    entry_id: str,
    workflow: UpgradeWorkflow,
    state: WorkflowState,
) -> None:
    """Create, update or delete a domain's issues for the state its run shows.

    Idempotent: an unchanged issue is not written again (the registry compares), so this is
    called after every event of the workflow.
    """
    domain_id = workflow.domain_id
    ack_id = issue_id(entry_id, domain_id, ISSUE_ACKNOWLEDGMENT_REQUIRED)
    # An acknowledgment kept until SDDC Manager is back is given: nothing left to do.
    if state == "waiting_for_acknowledgment" and not workflow.acknowledgment_pending:
        ir.async_create_issue(
            hass,
            DOMAIN,
            ack_id,
            data={DATA_ENTRY_ID: entry_id, DATA_DOMAIN_ID: domain_id},
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_ACKNOWLEDGMENT_REQUIRED,
            translation_placeholders={
                "domain": workflow.domain_name,
                "alerts": alerts_markdown(
                    workflow.open_alerts, _latest_message(workflow)
                ),
            },
        )
    else:
        ir.async_delete_issue(hass, DOMAIN, ack_id)

    precheck_id = issue_id(entry_id, domain_id, ISSUE_PRECHECK_FAILED)
    if state == "precheck_failed":
        precheck = workflow.last_precheck
        ir.async_create_issue(
            hass,
            DOMAIN,
            precheck_id,
            data={DATA_ENTRY_ID: entry_id, DATA_DOMAIN_ID: domain_id},
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=ISSUE_PRECHECK_FAILED,
            translation_placeholders={
                "domain": workflow.domain_name,
                "version": precheck["version"] if precheck else "-",
                "errors": str(precheck["errors"]) if precheck else "-",
                "warnings": str(precheck["warnings"]) if precheck else "-",
                "findings": findings_markdown(precheck, _latest_message(workflow)),
            },
        )
    else:
        ir.async_delete_issue(hass, DOMAIN, precheck_id)


@callback
def async_delete_domain_issues(
    hass: HomeAssistant, entry_id: str, domain_id: str
) -> None:
    """Delete every issue of a domain (it left the inventory)."""
    for kind in ISSUE_KINDS:
        ir.async_delete_issue(hass, DOMAIN, issue_id(entry_id, domain_id, kind))


@callback
def async_delete_entry_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every issue of a config entry (unloaded or removed).

    Also those restored from storage for domains this session never saw.
    """
    registry = ir.async_get(hass)
    for domain, issue in list(registry.issues):
        if domain == DOMAIN and issue.startswith(f"{entry_id}_"):
            ir.async_delete_issue(hass, DOMAIN, issue)


async def async_create_fix_flow(
    hass: HomeAssistant,
    issue_id: str,
    data: dict[str, str | int | float | None] | None,
) -> RepairsFlow:
    """Return the fix flow of an issue: only the acknowledgment issue is fixable."""
    data = data or {}
    return AcknowledgeAlertsRepairFlow(
        str(data.get(DATA_ENTRY_ID)), str(data.get(DATA_DOMAIN_ID))
    )


class AcknowledgeAlertsRepairFlow(RepairsFlow):
    """Shows what a paused upgrade waits on; confirming acknowledges it."""

    def __init__(self, entry_id: str, domain_id: str) -> None:
        """Create the flow of one domain's acknowledgment issue."""
        self._entry_id = entry_id
        self._domain_id = domain_id

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Go to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Show the alerts; once confirmed, acknowledge them through the run manager."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if (runs := self._run_manager()) is None:
                return self.async_abort(reason="not_loaded")
            try:
                await runs.async_acknowledge_alerts(self._domain_id)
            except ServiceValidationError:
                return self.async_abort(reason="not_waiting_for_acknowledgment")
            except HomeAssistantError as err:
                LOGGER.warning("Acknowledging from the repair issue failed: %s", err)
                errors["base"] = "acknowledge_failed"
            else:
                return self.async_create_entry(data={})
        issue = ir.async_get(self.hass).async_get_issue(DOMAIN, self.issue_id)
        return self.async_show_form(
            step_id="confirm",
            data_schema=probatio.Schema({}),
            errors=errors,
            description_placeholders=issue.translation_placeholders
            if issue is not None
            else None,
        )

    def _run_manager(self) -> UpgradeRunManager | None:
        """Return the run manager of the issue's entry while it has the domain."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            return None
        runs: UpgradeRunManager = entry.runtime_data.runs
        return runs if runs.has_workflow(self._domain_id) else None
