"""Creating the engine's SDDC Manager client from a config entry's settings."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
from yarl import URL

import datacenter_assistant_core as engine

from .const import CONF_CA_BUNDLE, CONF_DIALECT

CLIENT_RETRIES = 3
"""Retries of a transient failure (no connection, 5xx, 429), with backoff, per call."""

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.core import HomeAssistant


class InvalidUrlError(ValueError):
    """The SDDC Manager URL is not an absolute http(s) URL."""


class CaBundleNotFoundError(ValueError):
    """The configured CA certificate file does not exist."""


def normalize_url(url: str) -> str:
    """Return the SDDC Manager base URL without a trailing slash.

    Raise `InvalidUrlError` unless it is an absolute http or https URL with a host.
    """
    try:
        parsed = URL(url.strip())
    except ValueError as err:
        raise InvalidUrlError(url) from err
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidUrlError(url)
    return str(parsed).rstrip("/")


async def async_create_client(
    hass: HomeAssistant, settings: Mapping[str, Any], *, retries: int | None = None
) -> engine.VcfClient:
    """Create a client for the SDDC Manager described by config entry data.

    The client is built in the executor: building it reads the CA bundle and the system's
    trust store from disk, which must not happen in the event loop. Raise `InvalidUrlError`,
    `CaBundleNotFoundError`, or the engine's `ConfigurationError` (e.g. a CA file that is
    not PEM). `retries` bounds the retries of transient failures (0 for a form that must
    answer at once; `CLIENT_RETRIES` when not given).
    """
    url = normalize_url(settings[CONF_URL])
    ca_bundle: str | None = settings.get(CONF_CA_BUNDLE) or None
    if ca_bundle is not None and not await hass.async_add_executor_job(
        Path(ca_bundle).is_file
    ):
        raise CaBundleNotFoundError(ca_bundle)
    return await hass.async_add_executor_job(
        partial(
            engine.VcfClient,
            url,
            settings[CONF_USERNAME],
            settings[CONF_PASSWORD],
            verify_ssl=settings.get(CONF_VERIFY_SSL, True),
            ca_bundle=ca_bundle,
            retries=CLIENT_RETRIES if retries is None else retries,
            dialect=settings.get(CONF_DIALECT, "default"),
        )
    )
