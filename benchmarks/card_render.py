"""How fast the dashboard card renders: ten cards in Chromium, after the states arrive.

A real `hass` (the end-to-end tests' `HassProcess`) with the integration set up against a
release `vcf-sim` of ten `vcf52` domains and a dashboard of ten cards; headless Chromium (the
end-to-end tests' `Browser`) loads the dashboard again and again. A script evaluated before
the page's own measures, on every animation frame, when the frontend's `hass` object first
holds the ten status sensors (the states arrived over the websocket) and when the ten cards
show their stepper and name (rendered). The figure is the time between the two.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
import sys
import tempfile
from typing import Any

import aiohttp

from custom_components.datacenter_assistant.card import CARD_PATH

from .common import PASSWORD, ROOT, USERNAME, check, median, simulator

sys.path.insert(0, str(ROOT / "scripts"))
import hass_api

from tests.e2e.browser import FIND_UPGRADE_CARDS, Browser
from tests.e2e.hass_process import HassProcess

CARDS = 10
DASHBOARD = "/vcf-upgrades/domains"
OWNER = ("bench", "bench-password")

# Evaluated before the page's scripts: timestamps (ms since navigation) of the states arriving
# and of the cards rendered, polled on every animation frame.
PROBE = """
(() => {
  const cards = %(cards)d;
  const status = (x) => `sensor.vcf_domain${x}_upgrade_status`;
  const probe = (window.__cardRender = { statesAt: null, renderedAt: null });
  const findCards = %(find_cards)s;
  const rendered = () => {
    const found = findCards();
    return (
      found.length === cards &&
      found.every(
        (card) =>
          card.shadowRoot?.querySelectorAll(".stepper .step").length === 7 &&
          card.shadowRoot.querySelector(".title")?.textContent.trim(),
      )
    );
  };
  const frame = () => {
    const states = document.querySelector("home-assistant")?.hass?.states;
    if (probe.statesAt === null && states) {
      let all = true;
      for (let x = 1; x <= cards; x++) all = all && status(x) in states;
      if (all) probe.statesAt = performance.now();
    }
    if (probe.statesAt !== null && rendered()) {
      probe.renderedAt = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""


@dataclass
class CardRenderResult:
    """Page loads of the ten-card dashboard: seconds from states to rendered cards."""

    cards: int
    after_states: list[float]
    after_navigation: list[float]
    bundle_bytes: int

    @property
    def median(self) -> float:
        """Median seconds from the states arriving to the ten cards rendered."""
        return median(self.after_states)

    @property
    def worst(self) -> float:
        """The slowest load's seconds from states to rendered cards."""
        return max(self.after_states)


def dashboard(cards: int) -> str:
    """A YAML dashboard with one card per domain."""
    lines = [
        "title: VCF upgrades",
        "views:",
        "  - title: Domains",
        "    path: domains",
        "    cards:",
    ]
    for x in range(1, cards + 1):
        lines += [
            "      - type: custom:datacenter-assistant-upgrade-card",
            f"        entity: sensor.vcf_domain{x}_upgrade_status",
        ]
    return "\n".join(lines) + "\n"


async def bench_card_render(loads: int) -> CardRenderResult:
    """Load the ten-card dashboard `loads` times (after one warm-up load)."""
    with (
        simulator(CARDS, "vcf52") as sim,
        tempfile.TemporaryDirectory(prefix="bench-hass-") as workdir,
    ):
        hass = HassProcess(config_dir=Path(workdir) / "config")
        hass.prepare()
        (hass.config_dir / "dashboards" / "vcf_upgrades.yaml").write_text(
            dashboard(CARDS)
        )
        hass.start()
        try:
            async with aiohttp.ClientSession() as http:
                return await _measure(http, hass, sim.url, loads)
        finally:
            hass.stop()


async def _measure(
    http: aiohttp.ClientSession, hass: HassProcess, sim_url: str, loads: int
) -> CardRenderResult:
    await hass_api.wait_until_up(http, hass.url, timeout=180)
    session = await hass_api.onboard_or_login(http, hass.url, "Bench", *OWNER)
    await hass_api.keep_http_config(http, session)
    result = await hass_api.add_integration(
        http,
        session,
        {
            "url": sim_url,
            "username": USERNAME,
            "password": PASSWORD,
            "verify_ssl": True,
        },
    )
    check(result["type"] == "create_entry", f"integration not added: {result}")
    async with asyncio.timeout(60):
        while (
            await hass_api.get_state(
                http, session, f"sensor.vcf_domain{CARDS}_upgrade_status"
            )
            is None
        ):
            await asyncio.sleep(0.2)

    after_states: list[float] = []
    after_navigation: list[float] = []
    async with Browser(http) as browser:
        await browser.log_in(session.base_url, session.frontend_tokens())
        await browser.run_on_every_page(
            PROBE % {"cards": CARDS, "find_cards": FIND_UPGRADE_CARDS}
        )
        for load in range(loads + 1):
            await browser.goto(session.base_url + DASHBOARD)
            probe: dict[str, Any] = {}
            async with asyncio.timeout(60):
                while (
                    probe := await browser.evaluate("window.__cardRender")
                ) is None or (probe["renderedAt"] is None):
                    await asyncio.sleep(0.1)
            check(not browser.page_errors, f"page errors: {browser.page_errors}")
            if load == 0:
                continue  # the first load fills the browser's cache
            after_states.append((probe["renderedAt"] - probe["statesAt"]) / 1000)
            after_navigation.append(probe["renderedAt"] / 1000)
    return CardRenderResult(
        CARDS, after_states, after_navigation, len(CARD_PATH.read_bytes())
    )
