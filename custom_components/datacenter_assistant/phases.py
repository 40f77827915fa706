"""The seven phases of an upgrade as the dashboard card's stepper shows them.

The phases are the upgrade status sensor's states without the two failures; a failure marks
the phase the run failed in. Each phase is `done`, `current`, `waiting` (the run waits for an
acknowledgment; the upgrade phase it pauses stays `current`), `failed`, `skipped` (the run went
past it without entering it) or `pending`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict

from datacenter_assistant_core import UPGRADE_STATES

if TYPE_CHECKING:
    from datacenter_assistant_core import RunMetrics, WorkflowState

PhaseStatus = Literal["done", "current", "waiting", "failed", "skipped", "pending"]

FAILURES: frozenset[WorkflowState] = frozenset({"precheck_failed", "upgrade_failed"})
PHASES: tuple[WorkflowState, ...] = tuple(
    state for state in UPGRADE_STATES if state not in FAILURES
)
UPGRADE: WorkflowState = "upgrade_in_progress"
ACKNOWLEDGMENT: WorkflowState = "waiting_for_acknowledgment"


class Phase(TypedDict):
    """One step of the stepper; `duration` in seconds, None for a phase the run never entered."""

    phase: WorkflowState
    status: PhaseStatus
    duration: float | None


def upgrade_phases(state: WorkflowState, run: RunMetrics | None) -> list[Phase]:
    """Return the seven phases for the domain's state and its current or last run."""
    visited: dict[WorkflowState, int] = dict(run["state_ms"]) if run is not None else {}
    if run is not None and run["current_state"] is not None:
        visited.setdefault(run["current_state"], 0)
    position, position_status = _position(state, visited)
    phases: list[Phase] = []
    for index, phase in enumerate(PHASES):
        status: PhaseStatus
        if index > position:
            status = "pending"
        elif index == position:
            status = position_status
        elif phase == UPGRADE and state == ACKNOWLEDGMENT:
            status = "current"  # paused, not done: the pause belongs to the upgrade
        elif phase == ACKNOWLEDGMENT and phase not in visited:
            status = "skipped"
        else:
            status = "done"
        ms = visited.get(phase)
        phases.append(
            Phase(
                phase=phase,
                status=status,
                duration=None if ms is None else round(ms / 1000, 1),
            )
        )
    return phases


def _position(
    state: WorkflowState, visited: dict[WorkflowState, int]
) -> tuple[int, PhaseStatus]:
    """Return the index of the phase the state stands at and that phase's status."""
    if state == "precheck_failed":
        return PHASES.index("precheck_running"), "failed"
    if state == "upgrade_failed":
        # A run fails in the furthest phase it reached: phases only go forward, but for
        # the pauses of the upgrade phase.
        reached = [index for index, phase in enumerate(PHASES) if phase in visited]
        return max(reached, default=PHASES.index(UPGRADE)), "failed"
    if state == "upgrade_completed":
        return PHASES.index(state), "done"
    return PHASES.index(state), "waiting" if state == ACKNOWLEDGMENT else "current"
