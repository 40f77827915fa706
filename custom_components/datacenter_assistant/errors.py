"""The engine's errors as Home Assistant's: one mapping for setup, polls and user actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError

from datacenter_assistant_core import AuthError

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from datacenter_assistant_core import VcfError

    from .data import DatacenterAssistantConfigEntry


def engine_error(
    err: VcfError,
    failure: type[HomeAssistantError],
    translation_key: str,
    **placeholders: str,
) -> HomeAssistantError:
    """Return what to raise for an engine error, with the engine's message as `error`.

    Refused credentials are `ConfigEntryAuthFailed` (setup and coordinators start
    re-authentication with it); any other error is `failure` with `translation_key`.
    """
    if isinstance(err, AuthError):
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="authentication_failed"
        )
    return failure(
        translation_domain=DOMAIN,
        translation_key=translation_key,
        translation_placeholders={**placeholders, "error": str(err)},
    )


def user_action_error(
    hass: HomeAssistant,
    entry: DatacenterAssistantConfigEntry,
    err: VcfError,
    translation_key: str,
    **placeholders: str,
) -> HomeAssistantError:
    """Return what to raise when a button press or an action fails in the engine.

    Outside setup and polls nothing starts re-authentication on its own: refused credentials
    start it here.
    """
    if isinstance(err, AuthError):
        entry.async_start_reauth(hass)
    return engine_error(err, HomeAssistantError, translation_key, **placeholders)
