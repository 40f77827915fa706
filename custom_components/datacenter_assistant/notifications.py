"""Persistent notifications about a domain's upgrade, in the user's language.

Each domain has one notification: the latest news about its upgrade replaces the previous
one. The texts are translation strings of the `exceptions` category (the category Home
Assistant offers for translated messages with placeholders).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from homeassistant.components import persistent_notification
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant


class UpgradeNotice(StrEnum):
    """What a notification tells; the value is its message's translation key."""

    NO_UPDATE = "no_update_available"
    COMPLETED = "upgrade_completed_notice"
    FAILED = "upgrade_failed_notice"
    PRECHECK_FAILED = "precheck_failed_notice"
    CRITICAL_ERROR = "critical_error_notice"
    WAITING_FOR_ORDER = "waiting_for_order_notice"


def notification_id(entry_id: str, domain_id: str) -> str:
    """Return the id of a domain's notification."""
    return f"{DOMAIN}_{entry_id}_{domain_id}"


async def async_notify(
    hass: HomeAssistant,
    *,
    entry_id: str,
    domain_id: str,
    domain_name: str,
    notice: UpgradeNotice,
    details: str = "",
) -> None:
    """Show (or replace) the notification of a domain."""
    placeholders = {"domain": domain_name, "details": details}
    persistent_notification.async_create(
        hass,
        await _async_translate(hass, notice, placeholders),
        title=await _async_translate(hass, "notification_title", placeholders),
        notification_id=notification_id(entry_id, domain_id),
    )


async def _async_translate(
    hass: HomeAssistant, key: str, placeholders: dict[str, str]
) -> str:
    translations = await async_get_translations(
        hass, hass.config.language, "exceptions", {DOMAIN}
    )
    template = translations.get(f"component.{DOMAIN}.exceptions.{key}.message", key)
    return template.format(**placeholders).strip()
