"""Helpers of the Home Assistant layer's tests."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from homeassistant.components import persistent_notification
from homeassistant.components.persistent_notification import (
    _async_get_or_create_notifications,
)
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    EVENT_STATE_CHANGED,
)
from homeassistant.core import Event, HomeAssistant, State, callback

from custom_components.datacenter_assistant.const import CONF_DIALECT
from tests.support.simulator import SIM_PASSWORD, SIM_USERNAME

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.helpers.event import EventStateChangedData

    from tests.support.simulator import VcfSimulator

WAIT_LIMIT = 30.0
"""Seconds a test waits for the engine before it fails."""


def entry_data(sim: VcfSimulator, **overrides: Any) -> dict[str, Any]:
    """Return config entry data that reaches the simulator."""
    return {
        CONF_URL: sim.url,
        CONF_USERNAME: SIM_USERNAME,
        CONF_PASSWORD: SIM_PASSWORD,
        CONF_VERIFY_SSL: True,
        CONF_DIALECT: sim.dialect,
        **overrides,
    }


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """Return an entity's state, failing the test when it has none."""
    state = hass.states.get(entity_id)
    assert state is not None, f"{entity_id} has no state"
    return state


async def wait_for(
    hass: HomeAssistant, condition: Callable[[], bool], description: str
) -> None:
    """Wait until `condition()` holds, checking it after every state change."""
    changed = asyncio.Event()

    @callback
    def state_changed(_: Event[EventStateChangedData]) -> None:
        changed.set()

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
    try:
        async with asyncio.timeout(WAIT_LIMIT):
            while not condition():
                await changed.wait()
                changed.clear()
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {description}") from None
    finally:
        unsubscribe()


async def wait_for_state(hass: HomeAssistant, entity_id: str, state: str) -> None:
    """Wait until an entity has `state`."""

    def reached() -> bool:
        current = hass.states.get(entity_id)
        return current is not None and current.state == state

    try:
        await wait_for(hass, reached, f"{entity_id} to become {state}")
    except AssertionError as err:
        current = hass.states.get(entity_id)
        raise AssertionError(f"{err}; it is {current and current.state}") from None


async def wait_for_notification(
    hass: HomeAssistant, notification_id: str, containing: str = ""
) -> dict[str, Any]:
    """Wait until a notification exists (with `containing` in its message); return it."""
    created = asyncio.Event()

    def shown() -> bool:
        notification = notifications(hass).get(notification_id)
        return notification is not None and containing in notification["message"]

    @callback
    def notifications_updated(_: Any, updated: dict[str, Any]) -> None:
        if notification_id in updated:
            created.set()

    unsubscribe = persistent_notification.async_register_callback(
        hass, notifications_updated
    )
    try:
        async with asyncio.timeout(WAIT_LIMIT):
            while not shown():
                await created.wait()
                created.clear()
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {notification_id}") from None
    finally:
        unsubscribe()
    return notifications(hass)[notification_id]


def notifications(hass: HomeAssistant) -> dict[str, dict[str, Any]]:
    """Return the persistent notifications by id."""
    return {
        notification_id: dict(notification)
        for notification_id, notification in _async_get_or_create_notifications(
            hass
        ).items()
    }
