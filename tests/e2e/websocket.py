"""Follow a real Home Assistant over its websocket API, as the frontend does."""

from __future__ import annotations

import asyncio
from collections import defaultdict
import contextlib
import itertools
from typing import Any

import aiohttp


class HassWebsocket:
    """An authenticated websocket that records every state change of every entity."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, token: str) -> None:
        """Prepare; `connect()` opens it."""
        self._http = http
        self._url = base_url.replace("http://", "ws://") + "/api/websocket"
        self._token = token
        self._ids = itertools.count(1)
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._results: dict[int, asyncio.Future[Any]] = {}
        self._changed = asyncio.Condition()
        self.history: dict[str, list[str]] = defaultdict(list)
        self.latest: dict[str, dict[str, Any]] = {}

    async def connect(self) -> None:
        """Authenticate and subscribe to `state_changed`."""
        ws = await self._http.ws_connect(self._url)
        self._ws = ws
        hello = await ws.receive_json()
        assert hello["type"] == "auth_required", hello
        await ws.send_json({"type": "auth", "access_token": self._token})
        answer = await ws.receive_json()
        assert answer["type"] == "auth_ok", answer
        self._reader = asyncio.create_task(self._read())
        await self.command({"type": "subscribe_events", "event_type": "state_changed"})

    async def close(self) -> None:
        """Close the socket and stop reading."""
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._ws is not None:
            await self._ws.close()

    async def command(self, message: dict[str, Any]) -> Any:
        """Send a command and return its result (raises on an error result)."""
        assert self._ws is not None
        message_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._results[message_id] = future
        await self._ws.send_json({**message, "id": message_id})
        return await asyncio.wait_for(future, 30)

    async def wait_for_state(
        self, entity_id: str, states: set[str], timeout: float
    ) -> str:
        """Wait until the entity is in one of `states`; return that state."""

        def reached() -> bool:
            current = self.latest.get(entity_id)
            return current is not None and current["state"] in states

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(reached), timeout)
        return str(self.latest[entity_id]["state"])

    def seed(self, entity_id: str, state: dict[str, Any]) -> None:
        """Record an entity's current state (read over REST before any change came)."""
        self.latest[entity_id] = state
        if not self.history[entity_id] or self.history[entity_id][-1] != state["state"]:
            self.history[entity_id].append(state["state"])

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            data = message.json()
            if data["type"] == "result":
                future = self._results.pop(data["id"], None)
                if future is not None and not future.done():
                    if data["success"]:
                        future.set_result(data.get("result"))
                    else:
                        future.set_exception(AssertionError(data["error"]))
            elif data["type"] == "event":
                new_state = data["event"]["data"].get("new_state")
                if new_state is None:
                    continue
                async with self._changed:
                    self.seed(new_state["entity_id"], new_state)
                    self._changed.notify_all()
