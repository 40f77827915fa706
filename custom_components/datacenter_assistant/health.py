"""The health of the connection to SDDC Manager: a light, periodic connectivity test.

Independent of the inventory's cadence, `ConnectivityCoordinator` asks SDDC Manager one cheap
authenticated question (`VcfClient.ping()`, sent once, no retries) every minute. Its result
drives `binary_sensor.vcf_connection`, the access token's expiry sensor and the system health
page. An unreachable SDDC Manager is a result (the connection is off), not a failed update:
one warning is logged when it goes and one info line when it is back. Refused credentials
start re-authentication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from homeassistant.const import CONF_URL
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from datacenter_assistant_core import AuthError, VcfError

from .const import CONNECTIVITY_INTERVAL, LOGGER
from .errors import engine_error

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from datacenter_assistant_core import VcfClient

    from .data import DatacenterAssistantConfigEntry


@dataclass(frozen=True, kw_only=True)
class Connectivity:
    """The outcome of the latest connectivity test."""

    reachable: bool
    checked_at: datetime
    latency: float | None
    """Seconds SDDC Manager took to answer; `None` when it did not."""
    last_success: datetime | None
    error: str | None
    token_expires_at: datetime | None
    """When the client's access token expires (never the token itself)."""


def token_expiry(client: VcfClient) -> datetime | None:
    """Return when the client's access token expires, as an aware UTC datetime."""
    if (expires_at := client.token_expires_at) is None:
        return None
    return datetime.fromtimestamp(expires_at, tz=UTC)


class ConnectivityCoordinator(DataUpdateCoordinator[Connectivity]):
    """Tests every minute whether SDDC Manager answers, and how fast."""

    config_entry: DatacenterAssistantConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DatacenterAssistantConfigEntry,
        client: VcfClient,
    ) -> None:
        """Create the connectivity test of a config entry."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{entry.title} connectivity",
            update_interval=CONNECTIVITY_INTERVAL,
        )
        self.client = client

    async def _async_update_data(self) -> Connectivity:
        """Ping SDDC Manager; log once when it stops answering and once when it is back."""
        previous = self.data
        now = dt_util.utcnow()
        try:
            latency = await self.client.ping()
        except VcfError as err:
            if isinstance(err, AuthError):
                raise engine_error(err, HomeAssistantError, "cannot_connect") from err
            # INFO: the inventory poll's failure is the one line above INFO of an outage.
            if previous is None or previous.reachable:
                LOGGER.info(
                    "SDDC Manager at %s is not answering: %s",
                    self.config_entry.data[CONF_URL],
                    err,
                )
            return Connectivity(
                reachable=False,
                checked_at=now,
                latency=None,
                last_success=previous.last_success if previous else None,
                error=str(err),
                token_expires_at=token_expiry(self.client),
            )
        if previous is not None and not previous.reachable:
            LOGGER.info(
                "SDDC Manager at %s answers again", self.config_entry.data[CONF_URL]
            )
        return Connectivity(
            reachable=True,
            checked_at=now,
            latency=latency,
            last_success=now,
            error=None,
            token_expires_at=token_expiry(self.client),
        )
