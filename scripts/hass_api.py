"""Drive a running Home Assistant over its REST API, as its frontend does.

Used by `scripts/develop` (to onboard a demo user and add the integration without clicking)
and by the end-to-end tests. Only the standard library and aiohttp (a Home Assistant
dependency, so always in the venv) are used.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import time
from typing import Any

import aiohttp

DOMAIN = "datacenter_assistant"


class HassApiError(RuntimeError):
    """Home Assistant answered something other than what the step expects."""


@dataclass(frozen=True)
class HassSession:
    """An authenticated session: the base URL and an access token."""

    base_url: str
    access_token: str
    refresh_token: str
    expires_in: int

    @property
    def client_id(self) -> str:
        """Home Assistant identifies an OAuth client by its URL; ours is the instance's own."""
        return f"{self.base_url}/"

    def frontend_tokens(self) -> dict[str, Any]:
        """The session as the frontend stores it in `localStorage.hassTokens`."""
        return {
            "hassUrl": self.base_url,
            "clientId": self.client_id,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_in": self.expires_in,
            "expires": int(time.time() * 1000) + self.expires_in * 1000,
            "token_type": "Bearer",
        }

    @property
    def headers(self) -> dict[str, str]:
        """Authorization header for API calls."""
        return {"Authorization": f"Bearer {self.access_token}"}


async def wait_until_up(
    http: aiohttp.ClientSession, base_url: str, timeout: float = 120.0
) -> None:
    """Wait until Home Assistant serves onboarding (a new instance) or login (onboarded)."""
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        for path in ("/api/onboarding", "/auth/providers"):
            try:
                async with http.get(f"{base_url}{path}") as response:
                    if response.status == 200:
                        return
                    last_error = f"{path}: HTTP {response.status}"
            except aiohttp.ClientError as error:
                last_error = str(error)
        await asyncio.sleep(0.5)
    msg = f"Home Assistant at {base_url} did not come up in {timeout:.0f} s ({last_error})"
    raise HassApiError(msg)


async def _expect_json(response: aiohttp.ClientResponse, step: str) -> Any:
    if response.status >= 400:
        body = await response.text()
        msg = f"{step}: HTTP {response.status}: {body[:500]}"
        raise HassApiError(msg)
    return await response.json()


async def _exchange_code(
    http: aiohttp.ClientSession, base_url: str, code: str
) -> HassSession:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": f"{base_url}/",
    }
    async with http.post(f"{base_url}/auth/token", data=data) as response:
        tokens = await _expect_json(response, "token exchange")
    return HassSession(
        base_url,
        tokens["access_token"],
        tokens["refresh_token"],
        int(tokens["expires_in"]),
    )


async def onboarding_done(http: aiohttp.ClientSession, base_url: str) -> bool:
    """Whether the owner account exists already."""
    async with http.get(f"{base_url}/api/onboarding") as response:
        # Once onboarding is finished, Home Assistant no longer serves this endpoint.
        if response.status == 404:
            return True
        steps = await _expect_json(response, "onboarding status")
    return all(step["done"] for step in steps if step["step"] == "user")


async def onboard(
    http: aiohttp.ClientSession, base_url: str, name: str, username: str, password: str
) -> HassSession:
    """Create the owner account and finish every onboarding step, as the first-run UI does."""
    client_id = f"{base_url}/"
    user = {
        "client_id": client_id,
        "name": name,
        "username": username,
        "password": password,
        "language": "en",
    }
    async with http.post(f"{base_url}/api/onboarding/users", json=user) as response:
        code = (await _expect_json(response, "onboarding user"))["auth_code"]
    session = await _exchange_code(http, base_url, code)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("core_config", {}),
        ("analytics", {}),
        (
            "integration",
            {"client_id": client_id, "redirect_uri": f"{base_url}/?auth_callback=1"},
        ),
    ]
    for step, body in steps:
        async with http.post(
            f"{base_url}/api/onboarding/{step}", json=body, headers=session.headers
        ) as response:
            await _expect_json(response, f"onboarding {step}")
    return session


async def login(
    http: aiohttp.ClientSession, base_url: str, username: str, password: str
) -> HassSession:
    """Log in through the login flow, as the login page does."""
    client_id = f"{base_url}/"
    start = {
        "client_id": client_id,
        "handler": ["homeassistant", None],
        "redirect_uri": f"{base_url}/?auth_callback=1",
    }
    async with http.post(f"{base_url}/auth/login_flow", json=start) as response:
        flow = await _expect_json(response, "login flow")
    credentials = {"username": username, "password": password, "client_id": client_id}
    async with http.post(
        f"{base_url}/auth/login_flow/{flow['flow_id']}", json=credentials
    ) as response:
        result = await _expect_json(response, "login")
    if result.get("type") != "create_entry":
        msg = f"login refused: {result.get('errors')}"
        raise HassApiError(msg)
    return await _exchange_code(http, base_url, result["result"])


async def onboard_or_login(
    http: aiohttp.ClientSession, base_url: str, name: str, username: str, password: str
) -> HassSession:
    """Onboard a fresh instance, or log in to one onboarded before."""
    if await onboarding_done(http, base_url):
        return await login(http, base_url, username, password)
    return await onboard(http, base_url, name, username, password)


async def keep_http_config(http: aiohttp.ClientSession, session: HassSession) -> None:
    """Confirm the HTTP settings `configuration.yaml` gave, as the UI's dialog would.

    Home Assistant 2026.x moves `http:` from YAML to its storage as a trial that it reverts
    (and restarts) five minutes later unless an admin confirms it; the demo and the tests
    keep the loopback address and port they chose. Nothing to confirm is fine too.
    """
    async with http.ws_connect(f"{session.base_url}/api/websocket") as ws:
        await ws.receive_json()  # auth_required
        await ws.send_json({"type": "auth", "access_token": session.access_token})
        if (auth := await ws.receive_json()).get("type") != "auth_ok":
            msg = f"websocket authentication refused: {auth}"
            raise HassApiError(msg)
        await ws.send_json({"id": 1, "type": "http/config/promote"})
        answer = await ws.receive_json()
    if (
        not answer.get("success")
        and answer.get("error", {}).get("code") != "not_allowed"
    ):
        msg = f"confirming the HTTP settings failed: {answer}"
        raise HassApiError(msg)


async def config_entries(
    http: aiohttp.ClientSession, session: HassSession
) -> list[dict[str, Any]]:
    """The integration's config entries."""
    async with http.get(
        f"{session.base_url}/api/config/config_entries/entry",
        params={"domain": DOMAIN},
        headers=session.headers,
    ) as response:
        entries: list[dict[str, Any]] = await _expect_json(response, "config entries")
    return entries


async def add_integration(
    http: aiohttp.ClientSession, session: HassSession, user_input: dict[str, Any]
) -> dict[str, Any]:
    """Go through the integration's config flow with `user_input`, as the UI does.

    Returns the flow's last answer (`type` is `create_entry` on success, `form` with
    `errors` or `abort` otherwise).
    """
    base = f"{session.base_url}/api/config/config_entries/flow"
    async with http.post(
        base,
        json={"handler": DOMAIN},
        headers=session.headers,
    ) as response:
        form = await _expect_json(response, "start config flow")
    async with http.post(
        f"{base}/{form['flow_id']}", json=user_input, headers=session.headers
    ) as response:
        result: dict[str, Any] = await _expect_json(response, "submit config flow")
    return result


async def get_state(
    http: aiohttp.ClientSession, session: HassSession, entity_id: str
) -> dict[str, Any] | None:
    """An entity's state object, or None when it does not exist."""
    async with http.get(
        f"{session.base_url}/api/states/{entity_id}", headers=session.headers
    ) as response:
        if response.status == 404:
            return None
        state: dict[str, Any] = await _expect_json(response, f"state of {entity_id}")
    return state


async def call_service(
    http: aiohttp.ClientSession,
    session: HassSession,
    domain: str,
    service: str,
    data: dict[str, Any],
) -> tuple[int, Any]:
    """Call a service; returns the HTTP status and the decoded body (errors included)."""
    async with http.post(
        f"{session.base_url}/api/services/{domain}/{service}",
        json=data,
        headers=session.headers,
    ) as response:
        body = await response.json(content_type=None)
        return response.status, body
