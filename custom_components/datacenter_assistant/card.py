"""The dashboard card: served from the integration folder and loaded by the frontend.

`custom:datacenter-assistant-upgrade-card` is one JavaScript module (built from `frontend/` at
the repository root and committed here), so a HACS user gets it with the integration.

Browsers load it with every frontend page (`add_extra_js_url`). A cast device shows a dashboard
without those pages' extra modules: it loads the dashboard's Lovelace resources only. So the
module is a Lovelace resource too, while resources are kept in storage (the default); a YAML
setup lists its resources itself.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.components.lovelace.const import (
    CONF_RESOURCE_TYPE_WS,
    LOVELACE_DATA,
)
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.const import CONF_ID, CONF_TYPE, CONF_URL
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_when_setup
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, LOGGER

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

CARD_FILENAME: Final = "datacenter-assistant-upgrade-card.js"
CARD_PATH: Final = Path(__file__).parent / "frontend" / CARD_FILENAME
CARD_URL: Final = f"/{DOMAIN}/{CARD_FILENAME}"
RESOURCE_TYPE: Final = "module"
LOVELACE: Final = "lovelace"

# One registration of the resource at a time, so that two never both create it.
_RESOURCE_LOCK: HassKey[asyncio.Lock] = HassKey(f"{DOMAIN}_card_resource_lock")


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def card_url(fingerprint: str) -> str:
    """Return the module's URL for a version of its content."""
    return f"{CARD_URL}?v={fingerprint}"


def is_card_resource(resource: dict[str, Any]) -> bool:
    """Tell whether a Lovelace resource is this card's module, whatever its fingerprint."""
    url = resource.get(CONF_URL)
    return isinstance(url, str) and urlsplit(url).path == CARD_URL


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card's module and add it to every frontend page and to Lovelace's resources.

    The module is cached by browsers; its URL carries a fingerprint of its content, so a new
    release of the card is loaded at once rather than after the cache expires.
    """
    fingerprint = await hass.async_add_executor_job(_fingerprint, CARD_PATH)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_PATH), cache_headers=True)]
    )
    url = card_url(fingerprint)
    add_extra_js_url(hass, url)

    async def register_resource(hass: HomeAssistant, _component: str) -> None:
        await async_register_card_resource(hass, url)

    # Now if Lovelace is loaded, else once it is.
    async_when_setup(hass, LOVELACE, register_resource)


async def async_register_card_resource(hass: HomeAssistant, url: str) -> None:
    """Make `url` the card's one Lovelace resource, if Lovelace keeps its resources in storage.

    Our resource is found by its path: a new fingerprint updates its URL, further copies of it
    are removed, and other resources are left as they are.
    """
    resources = hass.data[LOVELACE_DATA].resources
    if not isinstance(resources, ResourceStorageCollection):
        LOGGER.debug(
            "Lovelace resources are in YAML: add %s (type %s) to them for cast devices",
            CARD_URL,
            RESOURCE_TYPE,
        )
        return
    lock = hass.data.setdefault(_RESOURCE_LOCK, asyncio.Lock())
    async with lock:
        try:
            await _async_update_resources(resources, url)
        except HomeAssistantError as err:
            LOGGER.warning("Could not add the card to Lovelace's resources: %s", err)


async def _async_update_resources(
    resources: ResourceStorageCollection, url: str
) -> None:
    if not resources.loaded:
        await resources.async_load()
        resources.loaded = True
    ours = [item for item in resources.async_items() if is_card_resource(item)]
    if not ours:
        await resources.async_create_item(
            {CONF_RESOURCE_TYPE_WS: RESOURCE_TYPE, CONF_URL: url}
        )
        LOGGER.debug("Added %s to Lovelace's resources", url)
        return
    first, *copies = ours
    if first.get(CONF_URL) != url or first.get(CONF_TYPE) != RESOURCE_TYPE:
        await resources.async_update_item(
            first[CONF_ID], {CONF_RESOURCE_TYPE_WS: RESOURCE_TYPE, CONF_URL: url}
        )
        LOGGER.debug("Updated the card's Lovelace resource to %s", url)
    for copy in copies:
        await resources.async_delete_item(copy[CONF_ID])
