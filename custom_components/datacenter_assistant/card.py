"""The dashboard card: served from the integration folder and loaded by the frontend.

`custom:datacenter-assistant-upgrade-card` is one JavaScript module (built from `frontend/` at
the repository root and committed here), so a HACS user gets it with the integration.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

CARD_FILENAME: Final = "datacenter-assistant-upgrade-card.js"
CARD_PATH: Final = Path(__file__).parent / "frontend" / CARD_FILENAME
CARD_URL: Final = f"/{DOMAIN}/{CARD_FILENAME}"


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card's module and add it to every frontend page.

    The module is cached by browsers; its URL carries a fingerprint of its content, so a new
    release of the card is loaded at once rather than after the cache expires.
    """
    fingerprint = await hass.async_add_executor_job(_fingerprint, CARD_PATH)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_PATH), cache_headers=True)]
    )
    add_extra_js_url(hass, f"{CARD_URL}?v={fingerprint}")
