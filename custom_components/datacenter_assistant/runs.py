"""The upgrade workflows of one SDDC Manager: one engine workflow per domain.

The manager creates a domain's `UpgradeWorkflow` when the inventory first shows the domain
(restoring its snapshot, so a run that was going on before a restart is monitored again
without being started again), follows its event stream, tells the entities, persists
snapshots, raises notifications, keeps the domains' repairs issues in line with their runs,
fires the event entities and stops everything on unload.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.start import async_at_started

import datacenter_assistant_core as engine
from datacenter_assistant_core import InvalidState, VcfError

from .const import (
    CONF_UPGRADE_POLL_INTERVAL,
    DEFAULT_UPGRADE_POLL_INTERVAL,
    DOMAIN,
    EVENT_ACKNOWLEDGMENT_REQUIRED,
    EVENT_PRECHECK_FAILED,
    EVENT_UPGRADE_COMPLETED,
    EVENT_UPGRADE_FAILED,
    IDLE_STATES,
    LOGGER,
    MANAGEMENT_DOMAIN_KIND,
    UPGRADE_OUTAGE_BUDGET,
)
from .coordinator import inventory_interval
from .errors import user_action_error
from .notifications import UpgradeNotice, async_notify
from .repairs import (
    async_delete_domain_issues,
    async_delete_entry_issues,
    async_sync_domain_issues,
)
from .settings import saved_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from datacenter_assistant_core import (
        UpgradeSettings,
        UpgradeWorkflow,
        VcfClient,
        WorkflowEvent,
        WorkflowEventStream,
        WorkflowState,
    )

    from .coordinator import InventoryCoordinator, VcfDomain
    from .data import DatacenterAssistantConfigEntry
    from .store import RunSnapshotStore

ORDER_RECHECK_GRACE = 30.0
"""Seconds the domains held by VCF's order have to look again after the management domain's
upgrade completed, before one still held is worth a notification."""

FINAL_STATE_NOTICES: Mapping[WorkflowState, UpgradeNotice] = {
    "upgrade_completed": UpgradeNotice.COMPLETED,
    "upgrade_failed": UpgradeNotice.FAILED,
    "precheck_failed": UpgradeNotice.PRECHECK_FAILED,
}
UPGRADE_PHASE_STATES: frozenset[WorkflowState] = frozenset(
    {"upgrade_in_progress", "waiting_for_acknowledgment"}
)
STATE_EVENT_TYPES: Mapping[WorkflowState, str] = {
    "upgrade_completed": EVENT_UPGRADE_COMPLETED,
    "upgrade_failed": EVENT_UPGRADE_FAILED,
    "precheck_failed": EVENT_PRECHECK_FAILED,
    "waiting_for_acknowledgment": EVENT_ACKNOWLEDGMENT_REQUIRED,
}
"""The states whose arrival a domain's event entity fires, with its event type."""

type RunEventCallback = Callable[[str, dict[str, Any]], None]
"""Called with an event type of `STATE_EVENT_TYPES` and the event's attributes."""


@dataclass
class RunActivity:
    """What a domain's event stream told so far.

    `state` follows the `state_changed` events, so Home Assistant shows every state a run
    goes through, in order, even when the engine has already moved on.
    """

    state: WorkflowState
    current_component: str | None = None
    progress_percent: int | None = None
    sddc_manager_reachable: bool = True


class UpgradeRunManager:
    """Owns the upgrade workflow of every domain of one config entry."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DatacenterAssistantConfigEntry,
        client: VcfClient,
        inventory: InventoryCoordinator,
        snapshot_store: RunSnapshotStore,
    ) -> None:
        """Create the manager; `async_load` reads the stored snapshots."""
        self._hass = hass
        self._entry = entry
        self._client = client
        self._inventory = inventory
        self._snapshot_store = snapshot_store
        self._stored_snapshots: dict[str, dict[str, Any]] = {}
        self._snapshots: dict[str, dict[str, Any]] = {}
        self._workflows: dict[str, UpgradeWorkflow] = {}
        self._activities: dict[str, RunActivity] = {}
        self._event_listeners: dict[str, asyncio.Task[None]] = {}
        self._resumptions: set[asyncio.Task[None]] = set()
        self._update_callbacks: dict[str, list[CALLBACK_TYPE]] = {}
        self._run_event_callbacks: dict[str, list[RunEventCallback]] = {}
        self._last_errors: dict[str, str] = {}
        """The latest error the log book of each domain's current or last run told."""
        self._waits_seen: set[str] = set()
        """Domains whose current wait for VCF's order was looked at for a notification."""
        self._recheck_grace: CALLBACK_TYPE | None = None
        """Cancels the grace the held runs have to look again (see `_recheck_held_runs`)."""
        self._shut_down = False

    @property
    def poll_interval(self) -> float:
        """Seconds between two polls of a run, as the entry's options set it."""
        return float(
            self._entry.options.get(
                CONF_UPGRADE_POLL_INTERVAL, DEFAULT_UPGRADE_POLL_INTERVAL
            )
        )

    async def async_load(self) -> None:
        """Read the snapshots saved before the last unload or restart.

        The issues stored before a restart (inactive) are deleted: each domain's workflow
        raises its own again, and a domain gone meanwhile keeps none.
        """
        self._stored_snapshots = await self._snapshot_store.async_load()
        async_delete_entry_issues(self._hass, self._entry.entry_id)

    @property
    def domain_ids(self) -> list[str]:
        """Return the domains that have a workflow."""
        return list(self._workflows)

    def has_workflow(self, domain_id: str) -> bool:
        """Return whether a domain has a workflow (it is in the inventory)."""
        return domain_id in self._workflows

    def workflow(self, domain_id: str) -> UpgradeWorkflow:
        """Return a domain's workflow; `KeyError` for an unknown domain."""
        return self._workflows[domain_id]

    def activity(self, domain_id: str) -> RunActivity:
        """Return what the event stream last told about a domain's run."""
        return self._activities[domain_id]

    @callback
    def async_add_listener(
        self, domain_id: str, update_callback: CALLBACK_TYPE
    ) -> CALLBACK_TYPE:
        """Call `update_callback` after each event of a domain's workflow."""
        callbacks = self._update_callbacks.setdefault(domain_id, [])
        callbacks.append(update_callback)

        @callback
        def remove_listener() -> None:
            callbacks.remove(update_callback)

        return remove_listener

    @callback
    def async_add_run_event_listener(
        self, domain_id: str, event_callback: RunEventCallback
    ) -> CALLBACK_TYPE:
        """Call `event_callback` once each time a domain's run reaches a notable state.

        The states of `STATE_EVENT_TYPES`, as the workflow's `state_changed` events tell
        them: a run restored in one of them after a restart does not reach it again.
        """
        callbacks = self._run_event_callbacks.setdefault(domain_id, [])
        callbacks.append(event_callback)

        @callback
        def remove_listener() -> None:
            callbacks.remove(event_callback)

        return remove_listener

    @callback
    def async_track_domains(self, domains: Mapping[str, VcfDomain]) -> None:
        """Create workflows for new domains and retire those of vanished domains."""
        if self._shut_down:  # Home Assistant is stopping: no new workflow
            return
        for domain_id, domain in domains.items():
            if domain_id not in self._workflows:
                self._async_add_workflow(domain)
        for domain_id in [d for d in self._workflows if d not in domains]:
            self._async_retire_workflow(domain_id)

    @callback
    def _async_add_workflow(self, domain: VcfDomain) -> None:
        workflow = self._async_create_workflow(domain)
        self._workflows[domain.id] = workflow
        self._activities[domain.id] = RunActivity(state=workflow.state)
        # Subscribe before resuming so that no event of the resumed run is missed.
        events = workflow.events()
        self._event_listeners[domain.id] = self._entry.async_create_background_task(
            self._hass,
            self._async_follow_events(domain.id, workflow, events),
            f"{DOMAIN} events of domain {domain.name}",
        )
        self._snapshots[domain.id] = workflow.snapshot()
        # A run restored waiting for an acknowledgment or after a failed precheck has its
        # issue again (issues that are not persistent come back inactive after a restart).
        async_sync_domain_issues(
            self._hass, self._entry.entry_id, workflow, workflow.state
        )
        # A run saved before a restart may have ended meanwhile: its state change must
        # reach automations, which Home Assistant loads only while it starts.
        self._entry.async_on_unload(
            async_at_started(self._hass, partial(self._async_begin_resume, workflow))
        )

    @callback
    def _async_begin_resume(self, workflow: UpgradeWorkflow, _: HomeAssistant) -> None:
        if self._shut_down or self._workflows.get(workflow.domain_id) is not workflow:
            return
        resumption = self._entry.async_create_task(
            self._hass,
            self._async_resume(workflow),
            f"{DOMAIN} resume workflow of domain {workflow.domain_name}",
        )
        self._resumptions.add(resumption)
        resumption.add_done_callback(self._resumptions.discard)

    @staticmethod
    async def _async_resume(workflow: UpgradeWorkflow) -> None:
        """Continue monitoring a run that was going on before the last unload or restart."""
        if await workflow.resume():
            LOGGER.info(
                "Resumed monitoring the upgrade of domain %s (%s)",
                workflow.domain_name,
                workflow.state,
            )

    def _async_create_workflow(self, domain: VcfDomain) -> UpgradeWorkflow:
        snapshot = self._stored_snapshots.pop(domain.id, None)
        if snapshot is not None:
            try:
                return self._new_workflow(domain, snapshot)
            except ValueError as err:
                LOGGER.warning(
                    "Discarding the saved upgrade state of domain %s: %s",
                    domain.name,
                    err,
                )
        return self._new_workflow(domain, None)

    def _new_workflow(
        self, domain: VcfDomain, snapshot: dict[str, Any] | None
    ) -> UpgradeWorkflow:
        return engine.UpgradeWorkflow(
            self._client,
            domain.id,
            domain.name,
            snapshot=snapshot,
            poll_interval=self.poll_interval,
            outage_budget=UPGRADE_OUTAGE_BUDGET,
            order_poll_interval=inventory_interval(self._entry).total_seconds(),
        )

    @callback
    def _async_retire_workflow(self, domain_id: str) -> None:
        """Stop following a domain that left the inventory and forget its run."""
        workflow = self._workflows.pop(domain_id)
        listener = self._event_listeners.pop(domain_id)
        listener.cancel()
        del self._activities[domain_id]
        del self._snapshots[domain_id]
        self._update_callbacks.pop(domain_id, None)
        self._run_event_callbacks.pop(domain_id, None)
        self._last_errors.pop(domain_id, None)
        self._waits_seen.discard(domain_id)
        async_delete_domain_issues(self._hass, self._entry.entry_id, domain_id)
        self._snapshot_store.async_schedule_save(dict(self._snapshots))
        LOGGER.info("Domain %s left the inventory", workflow.domain_name)
        self._entry.async_create_task(
            self._hass,
            self._async_stop(workflow, listener),
            f"{DOMAIN} stop workflow of domain {workflow.domain_name}",
        )

    @staticmethod
    async def _async_stop(
        workflow: UpgradeWorkflow, listener: asyncio.Task[None]
    ) -> None:
        """Stop a workflow's polling and wait for its listener task to end."""
        await workflow.stop()
        await asyncio.gather(listener, return_exceptions=True)

    async def _async_follow_events(
        self,
        domain_id: str,
        workflow: UpgradeWorkflow,
        events: WorkflowEventStream,
    ) -> None:
        """Apply every event of a workflow until its stream ends or the task is cancelled."""
        async for event in events:
            try:
                await self._async_handle_event(domain_id, workflow, event)
            # One faulty event must not end the stream the entities live on.
            except Exception:  # noqa: BLE001
                LOGGER.exception(
                    "Error handling event %s of domain %s", event, workflow.domain_name
                )

    async def _async_handle_event(
        self, domain_id: str, workflow: UpgradeWorkflow, event: WorkflowEvent
    ) -> None:
        LOGGER.debug("Domain %s: %s", workflow.domain_name, event)
        # A retired domain's listener is cancelled at once: its activity still exists here.
        activity = self._activities[domain_id]
        _apply_event(activity, event)
        if not workflow.running:
            # Between runs the workflow's own state is final; adopting it also repairs a
            # state change this listener missed by falling too far behind the stream.
            activity.state = workflow.state
        self._track_last_error(domain_id, event)
        self._snapshots[domain_id] = workflow.snapshot()
        if event["type"] in {"state_changed", "log"}:
            # A new phase or a new step (a task started, with its id) must survive a crash
            # of Home Assistant: written now rather than batched with progress updates.
            await self._snapshot_store.async_save(dict(self._snapshots))
        else:
            self._snapshot_store.async_schedule_save(dict(self._snapshots))
        for update_callback in list(self._update_callbacks.get(domain_id, ())):
            update_callback()
        async_sync_domain_issues(
            self._hass, self._entry.entry_id, workflow, activity.state
        )

        if event["type"] == "state_changed":
            self._fire_run_event(domain_id, workflow, event["to"])
            if event["to"] == "upgrade_completed":
                # The domain's version changed: show it without waiting for the next poll.
                await self._inventory.async_request_refresh()
            if notice := FINAL_STATE_NOTICES.get(event["to"]):
                await self._async_notify(workflow, notice, workflow.log_markdown)
        elif event["type"] == "log" and event["entry"]["level"] == "error":
            await self._async_notify(
                workflow, UpgradeNotice.CRITICAL_ERROR, event["entry"]["message"]
            )
        if self._is_management(domain_id) and event["type"] in {
            "state_changed",
            "metrics_updated",
        }:
            self._recheck_held_runs()
        await self._async_notify_waits()

    def _track_last_error(self, domain_id: str, event: WorkflowEvent) -> None:
        if event["type"] == "log" and event["entry"]["level"] == "error":
            self._last_errors[domain_id] = event["entry"]["message"]
        elif (
            event["type"] == "state_changed"
            and event["from"] in IDLE_STATES
            and event["to"] not in IDLE_STATES
        ):
            # A new run: the previous run's error is no news of this one.
            self._last_errors.pop(domain_id, None)

    @callback
    def _fire_run_event(
        self, domain_id: str, workflow: UpgradeWorkflow, state: WorkflowState
    ) -> None:
        """Tell the event entity that the run reached `state`, when that is notable."""
        if (event_type := STATE_EVENT_TYPES.get(state)) is None:
            return
        run = workflow.metrics["run"]
        attributes: dict[str, Any] = {
            "domain": workflow.domain_name,
            "target_version": run["release_version"] if run is not None else None,
        }
        if state == "upgrade_failed":
            attributes["error"] = self._last_error(domain_id, workflow)
        elif state == "precheck_failed":
            precheck = workflow.last_precheck
            attributes |= {
                "errors": precheck["errors"] if precheck else None,
                "warnings": precheck["warnings"] if precheck else None,
                "findings": precheck["findings"] if precheck else [],
            }
        elif state == "waiting_for_acknowledgment":
            attributes["alerts"] = [alert["message"] for alert in workflow.open_alerts]
        for event_callback in list(self._run_event_callbacks.get(domain_id, ())):
            event_callback(event_type, attributes)

    def _last_error(self, domain_id: str, workflow: UpgradeWorkflow) -> str | None:
        """Return the latest error of the domain's run, as its log book told it."""
        if (error := self._last_errors.get(domain_id)) is not None:
            return error
        latest = workflow.latest_log_entry
        return latest["message"] if latest and latest["level"] == "error" else None

    def _is_management(self, domain_id: str) -> bool:
        domain = (self._inventory.data or {}).get(domain_id)
        return domain is not None and domain.kind == MANAGEMENT_DOMAIN_KIND

    @callback
    def _recheck_held_runs(self) -> None:
        """Make the runs held by VCF's order look again: the management domain moved on.

        Its SDDC Manager may run the target now; rather than at their next order poll, they
        look at once, and no held domain is notified about until they had time to.
        """
        held = [wf for wf in self._workflows.values() if wf.waiting_for is not None]
        if not held:
            return
        for workflow in held:
            workflow.recheck_order()
        if self._recheck_grace is not None:
            self._recheck_grace()
        self._recheck_grace = async_call_later(
            self._hass, ORDER_RECHECK_GRACE, self._async_recheck_grace_over
        )

    async def _async_recheck_grace_over(self, _now: datetime) -> None:
        self._recheck_grace = None
        await self._async_notify_waits()

    def _management_run_active(self) -> bool:
        """Return whether a run of one of the entry's management domains is active."""
        return any(
            domain.kind == MANAGEMENT_DOMAIN_KIND
            and (workflow := self._workflows.get(domain_id)) is not None
            and workflow.state not in IDLE_STATES
            for domain_id, domain in (self._inventory.data or {}).items()
        )

    async def _async_notify_waits(self) -> None:
        """Tell once per wait about a domain held by VCF's order with nothing upgrading it.

        A domain's wait is looked at when it begins, and again after every event while no
        management domain's run is active (that run may end while the domain waits); once
        notified, not again until the wait ends and a new one begins.
        """
        for domain_id, workflow in list(self._workflows.items()):
            if workflow.waiting_for is None:
                self._waits_seen.discard(domain_id)
        waiting = [
            workflow
            for domain_id, workflow in self._workflows.items()
            if domain_id not in self._waits_seen and workflow.waiting_for is not None
        ]
        if not waiting or self._recheck_grace or self._management_run_active():
            return
        for workflow in waiting:
            self._waits_seen.add(workflow.domain_id)
            LOGGER.warning(
                "The upgrade of domain %s waits and no upgrade of the management "
                "domain is running: %s",
                workflow.domain_name,
                workflow.waiting_for,
            )
            await self._async_notify(
                workflow, UpgradeNotice.WAITING_FOR_ORDER, workflow.waiting_for or ""
            )

    async def _async_notify(
        self, workflow: UpgradeWorkflow, notice: UpgradeNotice, details: str = ""
    ) -> None:
        await async_notify(
            self._hass,
            entry_id=self._entry.entry_id,
            domain_id=workflow.domain_id,
            domain_name=workflow.domain_name,
            notice=notice,
            details=details,
        )

    def saved_settings(self, domain_id: str) -> UpgradeSettings:
        """Return the upgrade settings saved for a domain (empty: the wizard's defaults)."""
        return saved_settings(self._entry, domain_id)

    async def async_start_upgrade(
        self,
        domain_id: str,
        settings: UpgradeSettings | None = None,
        *,
        precheck_only: bool = False,
    ) -> bool:
        """Start the upgrade (or only the precheck) of a domain; True when a run started.

        `settings` override the domain's saved settings for this run. No update
        available: a notification says so and nothing changes. Refused with
        `ServiceValidationError` while a run is going on or for invalid settings.
        """
        workflow = self._workflows[domain_id]
        run_settings: UpgradeSettings = {
            **self.saved_settings(domain_id),
            **(settings or {}),
        }
        try:
            result = await workflow.start(run_settings, precheck_only=precheck_only)
        except InvalidState as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="upgrade_already_running",
                translation_placeholders={"domain": workflow.domain_name},
            ) from err
        except ValueError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="invalid_upgrade_settings",
                translation_placeholders={
                    "domain": workflow.domain_name,
                    "error": str(err),
                },
            ) from err
        except VcfError as err:
            raise user_action_error(
                self._hass,
                self._entry,
                err,
                "start_upgrade_failed",
                domain=workflow.domain_name,
            ) from err
        if result == "no_update":
            await self._async_notify(workflow, UpgradeNotice.NO_UPDATE)
            return False
        LOGGER.info(
            "Started the %s of domain %s",
            "precheck" if precheck_only else "upgrade",
            workflow.domain_name,
        )
        self._snapshots[domain_id] = workflow.snapshot()
        self._snapshot_store.async_schedule_save(dict(self._snapshots))
        return True

    async def async_cancel_upgrade(self, domain_id: str) -> None:
        """Cancel the active run of a domain while nothing is upgrading on SDDC Manager.

        Refused with `ServiceValidationError` when there is no active run or a component
        upgrade is running.
        """
        workflow = self._workflows[domain_id]
        try:
            await workflow.cancel()
        except InvalidState as err:
            placeholders = {"domain": workflow.domain_name, "state": workflow.state}
            if workflow.running or workflow.state not in IDLE_STATES:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="cancel_while_upgrading",
                    translation_placeholders=placeholders,
                ) from err
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="no_active_run",
                translation_placeholders=placeholders,
            ) from err
        LOGGER.info("Cancelled the run of domain %s", workflow.domain_name)

    async def async_upgrade_all(self) -> list[str]:
        """Start every domain with an update and no active run; return the names started.

        The management domains first (awaited), then the workload domains in parallel: the
        engine holds a workload domain until SDDC Manager runs the target version
        (`waiting_for`). Domains already running are skipped. When starts fail, the others
        are still started and the first failure is raised.
        """
        candidates = [
            domain
            for domain_id, domain in (self._inventory.data or {}).items()
            if domain.next_release is not None
            and (workflow := self._workflows.get(domain_id)) is not None
            and not workflow.running
            and workflow.state in IDLE_STATES
        ]
        management = [d for d in candidates if d.kind == MANAGEMENT_DOMAIN_KIND]
        workloads = [d for d in candidates if d.kind != MANAGEMENT_DOMAIN_KIND]
        started: list[str] = []
        failures: list[BaseException] = []

        async def start(domain: VcfDomain) -> None:
            try:
                if await self.async_start_upgrade(domain.id):
                    started.append(domain.name)
            except ServiceValidationError as err:
                if err.translation_key != "upgrade_already_running":
                    failures.append(err)
            except HomeAssistantError as err:
                failures.append(err)

        for domain in management:
            await start(domain)
        await asyncio.gather(*(start(domain) for domain in workloads))
        if started:
            LOGGER.info(
                "Upgrade of all domains of %s started: %s",
                self._entry.title,
                ", ".join(started),
            )
        else:
            LOGGER.info(
                "Upgrade of all domains of %s: none to start", self._entry.title
            )
        if failures:
            raise failures[0]
        return started

    async def async_acknowledge_alerts(self, domain_id: str) -> None:
        """Acknowledge the alerts that pause a domain's upgrade (the service).

        Refused with `ServiceValidationError` unless the upgrade waits for it.
        """
        workflow = self._workflows[domain_id]
        try:
            await workflow.acknowledge()
        except InvalidState as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_waiting_for_acknowledgment",
                translation_placeholders={
                    "domain": workflow.domain_name,
                    "state": workflow.state,
                },
            ) from err
        except VcfError as err:
            raise user_action_error(
                self._hass,
                self._entry,
                err,
                "acknowledge_failed",
                domain=workflow.domain_name,
            ) from err
        LOGGER.info(
            "Acknowledged the upgrade alerts of domain %s", workflow.domain_name
        )

    def snapshots(self) -> dict[str, dict[str, Any]]:
        """Return the latest snapshot of every workflow, by domain id."""
        return dict(self._snapshots)

    async def async_shutdown(self) -> None:
        """Stop every workflow and event listener and save the snapshots.

        The server-side upgrades go on; the next setup resumes monitoring them.
        """
        if self._shut_down:
            return
        self._shut_down = True
        if self._recheck_grace is not None:
            self._recheck_grace()
            self._recheck_grace = None
        # A workflow resumed after it was stopped would go on polling: resume first.
        await asyncio.gather(*self._resumptions)
        await asyncio.gather(*(wf.stop() for wf in self._workflows.values()))
        listeners = list(self._event_listeners.values())
        for listener in listeners:
            listener.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        self._event_listeners.clear()
        for domain_id, workflow in self._workflows.items():
            self._snapshots[domain_id] = workflow.snapshot()
        await self._snapshot_store.async_save(dict(self._snapshots))
        self._update_callbacks.clear()
        self._run_event_callbacks.clear()
        # The issues come back with the runs at the next setup; an unloaded entry has none.
        async_delete_entry_issues(self._hass, self._entry.entry_id)


def _apply_event(activity: RunActivity, event: WorkflowEvent) -> None:
    """Update what the entities show of a run from one workflow event."""
    if event["type"] == "progress":
        activity.progress_percent = event["percent"]
        activity.current_component = event["component"]
    elif event["type"] == "api_unreachable":
        activity.sddc_manager_reachable = False
    elif event["type"] == "api_reachable":
        activity.sddc_manager_reachable = True
    elif event["type"] == "state_changed":
        activity.state = event["to"]
        # A new phase: its progress starts over; the component outlives the pauses of the
        # upgrade phase only.
        activity.progress_percent = None
        if event["to"] not in UPGRADE_PHASE_STATES:
            activity.current_component = None
