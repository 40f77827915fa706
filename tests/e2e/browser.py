"""Headless Chromium driven over the DevTools protocol: log in, open a page, read, screenshot.

Chromium comes from Debian's packages (`scripts/test` installs it when missing). Home
Assistant's frontend keeps its tokens in `localStorage.hassTokens`; the browser is logged in
by storing a session obtained through the login flow there, exactly where the login page
would put it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import tempfile
from typing import TYPE_CHECKING, Any, Self

import aiohttp

from tests.e2e.hass_process import REPOSITORY_ROOT, free_port

if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType

FAILURE_SCREENSHOT = REPOSITORY_ROOT / "artifacts" / "browser-failure.png"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1400,1100",
]

# Text of the page including every shadow root (Home Assistant's UI is web components).
DEEP_TEXT = """
(() => {
  const walk = (node) => {
    let text = "";
    if (node.shadowRoot) text += walk(node.shadowRoot);
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent + " ";
      else if (child.nodeType === Node.ELEMENT_NODE || child.nodeType === 11) text += walk(child);
    }
    return text;
  };
  return walk(document.documentElement).replace(/\\s+/g, " ");
})()
"""


# The integration's dashboard cards in the page, shadow roots included: a function's source.
FIND_UPGRADE_CARDS = """
() => {
  const cards = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.localName === "datacenter-assistant-upgrade-card") cards.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return cards;
}
"""

# What each of those cards shows, read from its shadow DOM.
UPGRADE_CARDS = (
    "("
    + FIND_UPGRADE_CARDS
    + """)().map((card) => {
  const root = card.shadowRoot;
  if (!root) return { name: null };
  const one = (selector) => root.querySelector(selector);
  const all = (selector) => [...root.querySelectorAll(selector)];
  const text = (element) => element?.textContent.replace(/\\s+/g, " ").trim() ?? null;
  return {
    name: text(one(".title")),
    state: one("ha-card")?.dataset.state ?? null,
    versions: text(one(".versions")),
    steps: Object.fromEntries(all(".step").map((s) => [s.dataset.phase, s.dataset.status])),
    labels: Object.fromEntries(all(".step").map((s) => [s.dataset.phase, text(s.querySelector(".step-label"))])),
    progress: one(".progress")?.dataset.percent ?? null,
    components: all(".components li").map((li) => [li.dataset.component, li.dataset.state]),
    component_names: all(".components li > div:not(.meta) > div:first-child").map(text),
    alerts: all(".alerts li").map(text),
    buttons: all("button").map((b) => b.classList[b.classList.length - 1]),
    confirmation: text(one(".confirm")),
    log: all(".log .message").map(text),
    connected: one(".connection")?.dataset.connected ?? null,
    waiting_for: text(one(".waiting-for .message")),
    precheck: one(".precheck")?.dataset.passed ?? null,
    error: text(one(".error")),
    overflows: one("ha-card") ? one("ha-card").scrollWidth > one("ha-card").clientWidth : null,
  };
})
"""
)

# Clicks the element `selector` inside the card titled `name`; false when there is none.
CLICK_IN_CARD = (
    """
((name, selector) => {
  const card = ("""
    + FIND_UPGRADE_CARDS
    + """)().find(
    (c) => c.shadowRoot?.querySelector(".title")?.textContent.trim() === name,
  );
  const target = card?.shadowRoot.querySelector(selector);
  if (!target) return false;
  target.click();
  return true;
})
"""
)


def chromium_binary() -> str:
    """The Chromium executable (Debian's package installs `/usr/bin/chromium`)."""
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    msg = "Chromium is not installed; scripts/test installs Debian's 'chromium' package"
    raise RuntimeError(msg)


class Browser:
    """One headless Chromium with a fresh profile and one page."""

    def __init__(self, http: aiohttp.ClientSession) -> None:
        """Prepare; use as `async with Browser(http) as browser`."""
        self._http = http
        # Chromium's helper processes may still write to the profile while the browser
        # exits: a leftover file must not fail the test that already passed.
        self._profile = tempfile.TemporaryDirectory(
            prefix="e2e-chromium-", ignore_cleanup_errors=True
        )
        self._port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self.page_errors: list[str] = []
        """Uncaught exceptions and console errors of the page, for failure messages."""

    async def __aenter__(self) -> Self:
        """Start Chromium and attach to a blank page."""
        self._process = subprocess.Popen(
            [
                chromium_binary(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self._profile.name}",
                f"--remote-debugging-port={self._port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        endpoint = f"http://127.0.0.1:{self._port}"
        async with asyncio.timeout(60):
            while True:
                with contextlib.suppress(aiohttp.ClientError):
                    async with self._http.get(f"{endpoint}/json/list") as response:
                        pages = [
                            p for p in await response.json() if p["type"] == "page"
                        ]
                        if pages:
                            break
                await asyncio.sleep(0.2)
        self._ws = await self._http.ws_connect(
            pages[0]["webSocketDebuggerUrl"], max_msg_size=0
        )
        await self._send("Page.enable")
        await self._send("Runtime.enable")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the page and stop Chromium."""
        if self._ws is not None:
            await self._ws.close()
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        self._profile.cleanup()

    async def _send(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._ws is not None
        message_id = next(self._ids)
        await self._ws.send_json({"id": message_id, "method": method, "params": params})
        async with asyncio.timeout(60):
            while True:
                message = await self._ws.receive_json()
                self._note_page_error(message)
                if message.get("id") == message_id:
                    if "error" in message:
                        msg = f"{method}: {message['error']}"
                        raise RuntimeError(msg)
                    return dict(message.get("result", {}))

    def _note_page_error(self, message: dict[str, Any]) -> None:
        params = message.get("params", {})
        if message.get("method") == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            description = details.get("exception", {}).get("description")
            self.page_errors.append(str(description or details.get("text")))
        elif (
            message.get("method") == "Runtime.consoleAPICalled"
            and params.get("type") == "error"
        ):
            self.page_errors.append(
                " ".join(
                    str(arg.get("value", arg.get("description")))
                    for arg in params.get("args", [])
                )
            )

    async def goto(self, url: str) -> None:
        """Navigate and wait for the document to load."""
        await self._send("Page.navigate", url=url)
        async with asyncio.timeout(60):
            while await self.evaluate("document.readyState") != "complete":
                await asyncio.sleep(0.2)

    async def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page and return its (JSON) value."""
        result = await self._send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return result.get("result", {}).get("value")

    async def log_in(self, base_url: str, tokens: dict[str, Any]) -> None:
        """Store a Home Assistant session where the frontend keeps it."""
        await self.goto(f"{base_url}/onboarding.html")
        await self.evaluate(
            f"localStorage.setItem('hassTokens', {json.dumps(json.dumps(tokens))})"
        )

    async def text(self) -> str:
        """Every text on the page, shadow DOM included."""
        return str(await self.evaluate(DEEP_TEXT))

    async def wait_for_text(self, needles: list[str], timeout: float = 60) -> str:
        """Wait until every needle is visible on the page; return the page text."""
        text = ""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    text = await self.text()
                    if all(needle in text for needle in needles):
                        break
                    await asyncio.sleep(0.5)
        except TimeoutError:
            missing = [needle for needle in needles if needle not in text]
            await self.screenshot(FAILURE_SCREENSHOT)
            msg = (
                f"not visible after {timeout} s: {missing} (screenshot: "
                f"{FAILURE_SCREENSHOT}); page errors: {self.page_errors[-10:]}; "
                f"page text: {text[:2000]}"
            )
            raise AssertionError(msg) from None
        return text

    async def run_on_every_page(self, source: str) -> None:
        """Evaluate `source` in every page loaded from now on, before the page's own scripts."""
        await self._send("Page.addScriptToEvaluateOnNewDocument", source=source)

    async def upgrade_cards(self) -> dict[str, dict[str, Any]]:
        """What each of the integration's dashboard cards shows, by domain name."""
        cards = await self.evaluate(UPGRADE_CARDS)
        return {card["name"]: card for card in cards if card["name"] is not None}

    async def click_in_card(self, name: str, selector: str) -> None:
        """Click the element `selector` of the card of domain `name`."""
        clicked = await self.evaluate(
            f"{CLICK_IN_CARD}({json.dumps(name)}, {json.dumps(selector)})"
        )
        if not clicked:
            await self.screenshot(FAILURE_SCREENSHOT)
            cards = await self.upgrade_cards()
            msg = f"no {selector} in the card of {name}: {cards.get(name)}"
            raise AssertionError(msg)

    async def set_color_scheme(self, scheme: str) -> None:
        """Make the page's `prefers-color-scheme` light or dark (the default theme follows it)."""
        await self._send(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": scheme}],
        )

    async def set_viewport(self, width: int, height: int, *, mobile: bool) -> None:
        """Resize the page, as a phone (`mobile`) or a desktop window."""
        await self._send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )

    async def screenshot(self, path: Path) -> None:
        """Save a PNG of the page."""
        result = await self._send("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))
