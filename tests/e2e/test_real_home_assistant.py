"""End to end: a real `hass` process, the built extension and a real `vcf-sim`, on loopback.

Home Assistant is onboarded and the integration added through the REST endpoints the UI
uses; buttons are pressed and the acknowledge service called through the service API; every
state change is followed over the websocket API. Then `hass` is SIGKILLed mid-upgrade and
started again: the run must resume and complete with exactly one upgrade start.
"""

from __future__ import annotations

import asyncio
import re
import sys
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from tests.e2e.browser import Browser
from tests.e2e.hass_process import REPOSITORY_ROOT, HassProcess
from tests.e2e.websocket import HassWebsocket
from tests.support.deprecations import reports_in
from tests.support.simulator import SIM_PASSWORD, SIM_USERNAME, VcfSimulator

sys.path.insert(0, str(REPOSITORY_ROOT / "scripts"))
import hass_api

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterator
    from pathlib import Path

pytestmark = [pytest.mark.timeout(420)]

OWNER = ("e2e", "e2e-password")
# Domains: 1 alerts, 2 no update, 3 precheck fails, 4 happy, 5 happy (killed mid-upgrade).
SCENARIOS = {1: "alerts", 2: "no-update", 3: "precheck-fail", 4: "happy", 5: "happy"}
STEP_MS = 600
ARTIFACTS = REPOSITORY_ROOT / "artifacts"
DASHBOARD = "/vcf-upgrades/domains"
POLL_SECONDS = 1
PHASES_IN_ORDER = [
    "waiting_for_initiation",
    "targeting_new_vcf_version",
    "downloading_bundle",
    "precheck_running",
    "upgrade_in_progress",
    "upgrade_completed",
]
DOMAIN_PACKAGE = "datacenter_assistant"
TERMINAL = {"upgrade_completed", "upgrade_failed", "precheck_failed"}


def status(x: int) -> str:
    """The status sensor of domain X."""
    return f"sensor.vcf_domain{x}_upgrade_status"


@pytest.fixture
def simulator(vcf_sim_factory: Callable[..., VcfSimulator]) -> VcfSimulator:
    """A `vcf-sim` with the five e2e domains."""
    return vcf_sim_factory(domains=5, scenarios=SCENARIOS, step_ms=STEP_MS)


@pytest.fixture
def hass_process(tmp_path: Path) -> Iterator[HassProcess]:
    """A prepared (not started) `hass`; always stopped at the end, also on failure."""
    process = HassProcess(config_dir=tmp_path / "config")
    process.prepare()
    yield process
    process.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client for Home Assistant's API."""
    async with aiohttp.ClientSession() as session:
        yield session


async def _open(
    http: aiohttp.ClientSession, hass: HassProcess
) -> tuple[hass_api.HassSession, HassWebsocket]:
    await hass_api.wait_until_up(http, hass.url, timeout=180)
    session = await hass_api.onboard_or_login(http, hass.url, "E2E Operator", *OWNER)
    await hass_api.keep_http_config(http, session)
    ws = HassWebsocket(http, hass.url, session.access_token)
    await ws.connect()
    return session, ws


async def _wait_for_entities(
    http: aiohttp.ClientSession,
    session: hass_api.HassSession,
    ws: HassWebsocket,
    entity_ids: list[str],
) -> None:
    async with asyncio.timeout(60):
        for entity_id in entity_ids:
            while (
                state := await hass_api.get_state(http, session, entity_id)
            ) is None or (state["state"] == "unavailable"):
                await asyncio.sleep(0.2)
            ws.seed(entity_id, state)


async def _press(
    http: aiohttp.ClientSession, session: hass_api.HassSession, x: int
) -> None:
    code, body = await hass_api.call_service(
        http,
        session,
        "button",
        "press",
        {"entity_id": f"button.vcf_domain{x}_start_upgrade"},
    )
    assert code == 200, body


async def _acknowledge(
    http: aiohttp.ClientSession, session: hass_api.HassSession, x: int
) -> None:
    code, body = await hass_api.call_service(
        http,
        session,
        "datacenter_assistant",
        "acknowledge_upgrade_alerts",
        {"entity_id": status(x)},
    )
    assert code == 200, body


async def _notifications(ws: HassWebsocket) -> list[dict[str, Any]]:
    return list(await ws.command({"type": "persistent_notification/get"}))


def _in_order(history: list[str], expected: list[str]) -> bool:
    """Whether `expected` appears in `history` in this order (other states may interleave)."""
    remaining = iter(history)
    return all(state in remaining for state in expected)


async def test_operator_journey_and_crash_safety(
    simulator: VcfSimulator, hass_process: HassProcess, http: aiohttp.ClientSession
) -> None:
    """The whole product in a real Home Assistant, including a SIGKILL mid-upgrade."""
    hass_process.start()
    session, ws = await _open(http, hass_process)
    await _add_integration(http, session, simulator)

    entity_ids = [
        f"{platform}.vcf_domain{x}_{suffix}"
        for x in SCENARIOS
        for platform, suffix in (
            ("button", "start_upgrade"),
            ("sensor", "upgrade_status"),
            ("sensor", "upgrade_logs"),
        )
    ]
    await _wait_for_entities(http, session, ws, entity_ids)
    logs = await hass_api.get_state(http, session, "sensor.vcf_domain4_upgrade_logs")
    assert logs is not None
    assert (
        logs["attributes"]["markdown"]
        == "## No Messages\nNo upgrade activity at this time."
    )

    # Happy domain: every phase, in order, to upgrade_completed.
    await _press(http, session, 4)
    assert (
        await ws.wait_for_state(status(4), TERMINAL, timeout=120) == "upgrade_completed"
    )
    assert _in_order(ws.history[status(4)], PHASES_IN_ORDER), ws.history[status(4)]

    # Alerts domain: waits until the service acknowledges.
    await _press(http, session, 1)
    await ws.wait_for_state(status(1), {"waiting_for_acknowledgment"}, timeout=120)
    await asyncio.sleep(3 * STEP_MS / 1000)
    assert ws.latest[status(1)]["state"] == "waiting_for_acknowledgment"
    async with Browser(http) as browser:
        await browser.log_in(session.base_url, session.frontend_tokens())
        await _open_dashboard(browser, session.base_url + DASHBOARD, 4)
        # During: domain 1 waits for its alert, domain 4's log shows the finished run.
        await browser.wait_for_text(
            [
                "VCF upgrades",
                "Waiting for acknowledgment",
                "Upgrade completed successfully",
            ]
        )
        await browser.screenshot(ARTIFACTS / "dashboard-during-upgrade.png")
    await _acknowledge(http, session, 1)
    assert (
        await ws.wait_for_state(status(1), TERMINAL, timeout=120) == "upgrade_completed"
    )

    # Precheck-fail domain: precheck_failed and a persistent notification.
    await _press(http, session, 3)
    assert (
        await ws.wait_for_state(status(3), TERMINAL, timeout=120) == "precheck_failed"
    )

    # No-update domain: a notification, no state change.
    history_before_press = list(ws.history[status(2)])
    assert history_before_press[-1] == "waiting_for_initiation"
    await _press(http, session, 2)
    async with asyncio.timeout(30):
        while not any(
            "No updates available" in n["message"] for n in await _notifications(ws)
        ):
            await asyncio.sleep(0.2)
    assert ws.history[status(2)] == history_before_press

    notifications = await _notifications(ws)
    messages = " ".join(f"{n['title']} {n['message']}" for n in notifications)
    assert "wld-02" in messages, notifications  # the precheck failure names the domain
    # The README's automation (config/automations.yaml) fired for the completed domains.
    fired = {n["notification_id"] for n in notifications}
    assert f"vcf_upgrade_completed_{status(4)}" in fired, fired
    assert f"vcf_upgrade_completed_{status(1)}" in fired, fired

    async with Browser(http) as browser:
        await browser.log_in(session.base_url, session.frontend_tokens())
        await _open_dashboard(browser, session.base_url + DASHBOARD, 4)
        # After: completed, failed precheck with its details, and a domain with no update.
        await browser.wait_for_text(
            [
                "Upgrade completed",
                "Precheck failed",
                "No updates available for this domain",
            ]
        )
        await browser.screenshot(ARTIFACTS / "dashboard-after-upgrades.png")

    # Crash safety: SIGKILL during upgrade_in_progress, start again, the run completes.
    await _press(http, session, 5)
    await ws.wait_for_state(status(5), {"upgrade_in_progress"}, timeout=120)
    await ws.close()
    hass_process.kill()
    hass_process.start()
    session, ws = await _open(http, hass_process)
    await _wait_for_entities(http, session, ws, [status(5)])
    assert (
        await ws.wait_for_state(status(5), TERMINAL, timeout=120) == "upgrade_completed"
    )
    await ws.close()

    domain5 = (await simulator.domains())[4]["id"]
    starts = [
        r
        for r in await simulator.requests()
        if r["method"] == "POST" and r["path"] == f"/v1/domains/{domain5}/upgrades"
    ]
    assert len(starts) == 1, starts
    assert _our_tracebacks(hass_process.log_text()) == []
    assert reports_in(hass_process.log_text()) == []


def _our_tracebacks(log_text: str) -> list[str]:
    """Log records with a traceback that involves this integration.

    Onboarding sets up some default integrations (text-to-speech, weather) whose libraries
    `--skip-pip` leaves uninstalled; their failures are not this product's.
    """
    records = re.split(r"\n(?=\d{4}-\d{2}-\d{2} )", log_text)
    return [r for r in records if "Traceback" in r and DOMAIN_PACKAGE in r]


async def _add_integration(
    http: aiohttp.ClientSession, session: hass_api.HassSession, sim: VcfSimulator
) -> str:
    """Add the integration for `sim` through the config flow and poll upgrades fast."""
    result = await hass_api.add_integration(
        http,
        session,
        {
            "url": sim.url,
            "username": SIM_USERNAME,
            "password": SIM_PASSWORD,
            "verify_ssl": True,
        },
    )
    assert result["type"] == "create_entry", result
    entry_id = str(result["result"]["entry_id"])
    await _set_fast_polling(http, session, entry_id)
    return entry_id


async def _options_flow(
    http: aiohttp.ClientSession,
    session: hass_api.HassSession,
    entry_id: str,
    *steps: dict[str, Any],
) -> dict[str, Any]:
    """Open the integration's options, submit each step's input in turn; the last result."""
    base = f"{session.base_url}/api/config/config_entries/options/flow"
    async with http.post(
        base, json={"handler": entry_id}, headers=session.headers
    ) as response:
        result: dict[str, Any] = await response.json()
    for step in steps:
        async with http.post(
            f"{base}/{result['flow_id']}", json=step, headers=session.headers
        ) as response:
            result = await response.json()
    return result


async def _set_fast_polling(
    http: aiohttp.ClientSession, session: hass_api.HassSession, entry_id: str
) -> None:
    """Poll the upgrade often, as an operator can in the integration's options."""
    intervals = await _options_flow(
        http, session, entry_id, {"next_step_id": "intervals"}
    )
    defaults = {
        field["name"]: field.get("default")
        for field in intervals["data_schema"]
        if field.get("default") is not None
    }
    result = await _options_flow(
        http,
        session,
        entry_id,
        {"next_step_id": "intervals"},
        {**defaults, "upgrade_poll_interval": POLL_SECONDS},
    )
    assert result["type"] == "create_entry", result


# The vcf52 journey: 1 the management domain (upgraded first, SDDC Manager 5.2 requires it),
# 2 precheck warnings (acknowledged through the service), 3 SIGKILLed between two of its
# component upgrades.
VCF52_SCENARIOS = {1: "happy", 2: "precheck-warnings", 3: "happy"}


@pytest.fixture
def vcf52_simulator(vcf_sim_factory: Callable[..., VcfSimulator]) -> VcfSimulator:
    """A `vcf-sim --dialect vcf52` with the three domains of the vcf52 journey."""
    return vcf_sim_factory(
        domains=3, scenarios=VCF52_SCENARIOS, step_ms=STEP_MS, dialect="vcf52"
    )


async def test_vcf52_journey_and_crash_between_components(
    vcf52_simulator: VcfSimulator,
    hass_process: HassProcess,
    http: aiohttp.ClientSession,
) -> None:
    """SDDC Manager 5.2's API: detected, every phase, warnings, the dashboard, SIGKILL."""
    sim = vcf52_simulator
    hass_process.start()
    session, ws = await _open(http, hass_process)
    entry_id = await _add_integration(http, session, sim)
    entries = await hass_api.config_entries(http, session)
    assert [entry["entry_id"] for entry in entries] == [entry_id]
    await _wait_for_entities(http, session, ws, [status(x) for x in VCF52_SCENARIOS])

    # The management domain: every phase, in order, one upgrade per component.
    await _press(http, session, 1)
    assert (
        await ws.wait_for_state(status(1), TERMINAL, timeout=180) == "upgrade_completed"
    )
    assert _in_order(ws.history[status(1)], PHASES_IN_ORDER), ws.history[status(1)]

    # Precheck warnings: the run waits before its first component until acknowledged.
    await _press(http, session, 2)
    await ws.wait_for_state(status(2), {"waiting_for_acknowledgment"}, timeout=120)
    await _acknowledge(http, session, 2)
    assert (
        await ws.wait_for_state(status(2), TERMINAL, timeout=180) == "upgrade_completed"
    )

    async with Browser(http) as browser:
        await browser.log_in(session.base_url, session.frontend_tokens())
        # The dashboard's cards for domains 1-3 (the demo's domain 4 does not exist here).
        await _open_dashboard(browser, session.base_url + DASHBOARD, 3)
        # SDDC Manager 5.2's component upgrades reach the card, each with its versions.
        await browser.wait_for_text(["Upgrade completed", "vCenter", "ESXi"])
        cards = await browser.upgrade_cards()
        domains = await sim.domains()
        assert [cards[f"VCF {d['name']}"]["components"] for d in domains[:2]] == [
            [
                ["SDDC_MANAGER", "completed"],
                ["NSX_T_MANAGER", "completed"],
                ["VCENTER", "completed"],
                ["ESX_HOST", "completed"],
            ],
            [
                ["NSX_T_MANAGER", "completed"],
                ["VCENTER", "completed"],
                ["ESX_HOST", "completed"],
            ],
        ], cards
        await browser.screenshot(ARTIFACTS / "dashboard-vcf52.png")

    # SIGKILL once the second component's upgrade has started, then start again.
    domain3 = (await sim.domains())[2]["id"]
    await _press(http, session, 3)
    async with asyncio.timeout(120):
        while len(await _upgrade_starts(sim, domain3)) < 2:
            await asyncio.sleep(0.1)
    await ws.close()
    hass_process.kill()
    hass_process.start()
    session, ws = await _open(http, hass_process)
    await _wait_for_entities(http, session, ws, [status(3)])
    assert (
        await ws.wait_for_state(status(3), TERMINAL, timeout=180) == "upgrade_completed"
    )
    await ws.close()

    # Each bundle of each domain was started exactly once.
    for domain in await sim.domains():
        bundles = [
            start["body"]["bundleId"]
            for start in await _upgrade_starts(sim, domain["id"])
        ]
        assert len(bundles) == len(set(bundles)), (domain["name"], bundles)
        assert bundles, domain["name"]
    assert len(await _upgrade_starts(sim, domain3)) == 3
    assert _our_tracebacks(hass_process.log_text()) == []
    assert reports_in(hass_process.log_text()) == []


async def _upgrade_starts(sim: VcfSimulator, domain_id: str) -> list[dict[str, Any]]:
    """The `POST /v1/upgrades` SDDC Manager accepted for this domain, in order."""
    return [
        request
        for request in await sim.requests()
        if request["method"] == "POST"
        and request["path"] == "/v1/upgrades"
        and request["status"] == 202
        and any(
            spec.get("resourceId") == domain_id
            for spec in request["body"].get("resourceUpgradeSpecs", [])
        )
    ]


# The demo's domains (scripts/develop): 1 the management domain with precheck warnings,
# 2 no update, 3 a failed precheck, 4 the happy path.
CARD_SCENARIOS = {
    1: "precheck-warnings",
    2: "no-update",
    3: "precheck-fail",
    4: "happy",
}
CARD_IMAGES = ARTIFACTS / "card"


@pytest.fixture
def demo_simulator(vcf_sim_factory: Callable[..., VcfSimulator]) -> VcfSimulator:
    """A `vcf-sim --dialect vcf52` with the demo's four domains."""
    return vcf_sim_factory(
        domains=4, scenarios=CARD_SCENARIOS, step_ms=STEP_MS, dialect="vcf52"
    )


# The card's visual editor as the dashboard editor uses it: created by the card class, given
# `hass` and a config, then changed through its form.
EDIT_CARD = """
(async () => {
  const Card = customElements.get("datacenter-assistant-upgrade-card");
  const hass = document.querySelector("home-assistant").hass;
  const status = "sensor.vcf_domain4_upgrade_status";
  const editor = Card.getConfigElement();
  editor.hass = hass;
  editor.setConfig({ type: "custom:datacenter-assistant-upgrade-card", entity: status });
  const changes = [];
  editor.addEventListener("config-changed", (event) => changes.push(event.detail.config));
  document.body.appendChild(editor);
  let form = null;
  for (let i = 0; i < 100; i++) {
    form = editor.shadowRoot?.querySelector("ha-form");
    if (customElements.get("ha-form") && form?.shadowRoot?.childElementCount) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const device = form?.data?.device ?? null;
  form?.dispatchEvent(
    new CustomEvent("value-changed", { detail: { value: { device, log_lines: 5 } } }),
  );
  editor.remove();
  return {
    card_listed: (window.customCards ?? []).some(
      (card) => card.type === "datacenter-assistant-upgrade-card",
    ),
    stub: Card.getStubConfig(hass),
    stub_device_of_domain4: hass.entities[status].device_id,
    form_rendered: Boolean(form?.shadowRoot?.childElementCount),
    device,
    changes,
  };
})()
"""


async def _screenshots(browser: Browser, name: str) -> None:
    """The dashboard in the light and the dark variant of the default theme."""
    for scheme in ("light", "dark"):
        await browser.set_color_scheme(scheme)
        await asyncio.sleep(0.5)  # the theme is applied on the next frame
        await browser.screenshot(CARD_IMAGES / f"{name}-{scheme}.png")
    await browser.set_color_scheme("light")


async def _card_until(
    browser: Browser,
    name: str,
    done: Callable[[dict[str, Any]], bool],
    timeout: float = 120,
) -> dict[str, Any]:
    """Read the card of domain `name` until `done(card)`; return it."""
    card: dict[str, Any] = {}
    try:
        async with asyncio.timeout(timeout):
            while not done(card := (await browser.upgrade_cards()).get(name, {})):
                await asyncio.sleep(0.1)
    except TimeoutError:
        await browser.screenshot(ARTIFACTS / "browser-failure.png")
        msg = (
            f"card of {name} never reached the expected view: {card}; "
            f"page errors: {browser.page_errors[-10:]}"
        )
        raise AssertionError(msg) from None
    return card


async def _open_dashboard(browser: Browser, url: str, cards: int) -> None:
    """Open the dashboard and wait until its `cards` cards are ours, rendered.

    On the first load of a fresh browser the card's module runs before the frontend's app;
    the card must still be found by the dashboard (it once was not: an error card showed until
    the page was reloaded).
    """
    await browser.goto(url)
    try:
        async with asyncio.timeout(30):
            while len(await browser.upgrade_cards()) < cards:
                await asyncio.sleep(0.2)
    except TimeoutError:
        await browser.screenshot(ARTIFACTS / "browser-failure.png")
        msg = f"the cards never rendered; page errors: {browser.page_errors}"
        raise AssertionError(msg) from None


async def _start_from_card(
    browser: Browser, ws: HassWebsocket, name: str, x: int
) -> None:
    """Press Start in the card: it asks first; nothing starts until confirmed."""
    history = list(ws.history[status(x)])
    await browser.click_in_card(name, "button.start")
    card = await _card_until(browser, name, lambda c: bool(c.get("confirmation")))
    assert name in card["confirmation"], card
    await browser.click_in_card(name, "button.cancel")
    await _card_until(browser, name, lambda c: "start" in c.get("buttons", []))
    assert ws.history[status(x)] == history  # asking and cancelling changed nothing
    await browser.click_in_card(name, "button.start")
    await _card_until(browser, name, lambda c: bool(c.get("confirmation")))
    await browser.click_in_card(name, "button.confirm-start")


async def test_dashboard_card_drives_the_demo(
    demo_simulator: VcfSimulator,
    hass_process: HassProcess,
    http: aiohttp.ClientSession,
) -> None:
    """The demo dashboard's cards in Chromium: start, phases, progress, acknowledge, themes.

    Then the same dashboard for a German user.
    """
    vmware_names = {"SDDC Manager", "NSX", "vCenter", "ESXi"}
    card_module = "/datacenter_assistant/datacenter-assistant-upgrade-card.js"
    # The profile's language as the frontend saves it when the user picks German.
    german_profile = {
        "language": "de",
        "number_format": "language",
        "time_format": "language",
        "date_format": "language",
        "time_zone": "local",
        "first_weekday": "language",
    }
    sim = demo_simulator
    hass_process.start()
    session, ws = await _open(http, hass_process)
    await _add_integration(http, session, sim)
    await _wait_for_entities(http, session, ws, [status(x) for x in CARD_SCENARIOS])
    names = {x: f"VCF {d['name']}" for x, d in enumerate(await sim.domains(), 1)}
    mgmt, no_update, precheck_fails, happy = (names[x] for x in range(1, 5))

    async with Browser(http) as browser:
        await browser.log_in(session.base_url, session.frontend_tokens())
        await _open_dashboard(
            browser, session.base_url + DASHBOARD, len(CARD_SCENARIOS)
        )
        await browser.set_color_scheme("light")
        idle = await _card_until(browser, happy, lambda c: c.get("state") is not None)
        assert idle["state"] == "waiting_for_initiation", idle
        assert idle["steps"]["waiting_for_initiation"] == "current", idle
        assert idle["connected"] == "true", idle
        assert "start" in idle["buttons"], idle
        up_to_date = (await browser.upgrade_cards())[no_update]
        assert "start" not in up_to_date["buttons"], up_to_date  # nothing to upgrade to
        assert "up to date" in up_to_date["versions"], up_to_date

        # A failed precheck: the stepper marks the precheck failed, later phases pending.
        await _start_from_card(browser, ws, precheck_fails, 3)
        failed = await _card_until(
            browser, precheck_fails, lambda c: c.get("state") == "precheck_failed"
        )
        assert failed["steps"]["downloading_bundle"] == "done", failed
        assert failed["steps"]["precheck_running"] == "failed", failed
        assert failed["steps"]["upgrade_in_progress"] == "pending", failed
        # Its step reads as the failure, not as the phase it failed in.
        assert failed["labels"]["precheck_running"] == "Precheck failed", failed

        # Precheck warnings: the run waits, the card lists them with Acknowledge.
        await _start_from_card(browser, ws, mgmt, 1)
        waiting = await _card_until(
            browser, mgmt, lambda c: "acknowledge" in c.get("buttons", [])
        )
        assert waiting["steps"]["precheck_running"] == "done", waiting
        assert waiting["steps"]["upgrade_in_progress"] == "current", waiting
        assert waiting["steps"]["waiting_for_acknowledgment"] == "waiting", waiting
        assert waiting["alerts"], waiting
        await _screenshots(browser, "waiting")

        # Acknowledge in the card moves the run on, and it upgrades every component.
        await browser.click_in_card(mgmt, "button.acknowledge")
        await ws.wait_for_state(status(1), {"upgrade_in_progress"}, timeout=60)
        assert ws.history[status(1)][-2:] == [
            "waiting_for_acknowledgment",
            "upgrade_in_progress",
        ]
        done = await _card_until(
            browser, mgmt, lambda c: c.get("state") == "upgrade_completed", 180
        )
        assert set(done["steps"].values()) <= {"done", "skipped"}, done
        assert [state for _, state in done["components"]] == ["completed"] * 4, done
        # Components as VMware names them, not as SDDC Manager's API spells them.
        assert set(done["component_names"]) <= vmware_names, done
        assert "vCenter" in done["component_names"], done

        # The happy domain: its progress bar moves while it runs.
        await _start_from_card(browser, ws, happy, 4)
        percents: set[str] = set()
        screenshot_taken = False
        async with asyncio.timeout(180):
            while (card := (await browser.upgrade_cards())[happy])["state"] != (
                "upgrade_completed"
            ):
                if card["progress"] not in {None, ""}:
                    percents.add(card["progress"])
                if not screenshot_taken and len(card["components"]) >= 2:
                    await _screenshots(browser, "upgrading")
                    screenshot_taken = True
                await asyncio.sleep(0.1)
        assert len(percents) >= 2, percents
        assert screenshot_taken
        await _screenshots(browser, "after")

        # The visual editor: it shows the card's domain, and a change is a new config.
        edited = await browser.evaluate(EDIT_CARD)
        assert edited["card_listed"], edited
        assert edited["stub"]["device"], edited
        assert edited["device"] == edited["stub_device_of_domain4"], edited
        assert edited["form_rendered"], edited
        assert edited["changes"] == [
            {
                "type": "custom:datacenter-assistant-upgrade-card",
                "device": edited["device"],
                "log_lines": 5,
            }
        ], edited

        # A phone: the card fits its width (no sideways scrolling), the stepper names the
        # current phase only.
        await browser.set_viewport(390, 844, mobile=True)
        await asyncio.sleep(1)
        phone = await browser.upgrade_cards()
        assert all(not card["overflows"] for card in phone.values()), phone
        await browser.screenshot(CARD_IMAGES / "phone-light.png")

        # Lovelace's resources list the card's module too (a cast device loads only those).
        resources = await ws.command({"type": "lovelace/resources"})
        ours = [r for r in resources if r["url"].startswith(card_module)]
        assert [r["type"] for r in ours] == ["module"], resources

        # A German user: the card's texts are German, and so are the phases (the status
        # sensor's German states), the failed step included.
        await browser.set_viewport(1400, 1100, mobile=False)
        await ws.command(
            {
                "type": "frontend/set_user_data",
                "key": "language",
                "value": german_profile,
            }
        )
        await _open_dashboard(
            browser, session.base_url + DASHBOARD, len(CARD_SCENARIOS)
        )
        german = await _card_until(
            browser,
            precheck_fails,
            lambda c: (
                c.get("labels", {}).get("precheck_running")
                == "Vorabprüfung fehlgeschlagen"
            ),
        )
        assert german["state"] == "precheck_failed", german
        await browser.wait_for_text(
            ["SDDC Manager verbunden", "Letzte Vorabprüfung", "Protokoll"]
        )
        cards = await browser.upgrade_cards()
        assert "aktuell" in cards[no_update]["versions"], cards
        await _screenshots(browser, "german")
        assert browser.page_errors == [], browser.page_errors

    assert _our_tracebacks(hass_process.log_text()) == []
    assert reports_in(hass_process.log_text()) == []


# A management network without DHCP: the happy workload domain's vCenter upgrade gets a
# static temporary address, as an operator sets it in the options flow.
STATIC_NETWORK = {
    "vcenter_network_mode": "static",
    "vcenter_ip_address": "192.168.110.60",
    "vcenter_subnet_mask": "255.255.255.0",
    "vcenter_gateway": "192.168.110.1",
}


async def test_the_demo_estate_pressed_at_once(
    demo_simulator: VcfSimulator,
    hass_process: HassProcess,
    http: aiohttp.ClientSession,
) -> None:
    """Every card's Start pressed at once: VCF's order holds the workload domains, none fails.

    The workload domains reach their first upgrade while the management domain waits for
    its precheck warnings to be acknowledged: they wait for its SDDC Manager and go on by
    themselves once it is upgraded. The static temporary network saved for domain 4 is what
    SDDC Manager receives for its vCenter.
    """
    sim = demo_simulator
    hass_process.start()
    session, ws = await _open(http, hass_process)
    entry_id = await _add_integration(http, session, sim)
    await _wait_for_entities(http, session, ws, [status(x) for x in CARD_SCENARIOS])
    domains = await sim.domains()
    names = {x: f"VCF {d['name']}" for x, d in enumerate(domains, 1)}
    happy_id = domains[3]["id"]

    saved = await _options_flow(
        http,
        session,
        entry_id,
        {"next_step_id": "domain"},
        {"domain": happy_id},
        {"vcenter": STATIC_NETWORK, "nsx": {}, "esx": {}},
    )
    assert saved["type"] == "create_entry", saved

    async with Browser(http) as browser:
        await browser.log_in(session.base_url, session.frontend_tokens())
        await _open_dashboard(
            browser, session.base_url + DASHBOARD, len(CARD_SCENARIOS)
        )
        for x in (4, 3, 1):  # the workload domains first, on purpose
            await _card_until(
                browser, names[x], lambda c: "start" in c.get("buttons", [])
            )
            await browser.click_in_card(names[x], "button.start")
            await _card_until(browser, names[x], lambda c: bool(c.get("confirmation")))
            await browser.click_in_card(names[x], "button.confirm-start")
        assert "start" not in (await browser.upgrade_cards())[names[2]]["buttons"]

        # Domain 4 waits for the management domain's SDDC Manager, and says so.
        async with asyncio.timeout(120):
            while not (
                waiting_for := (
                    await hass_api.get_state(http, session, status(4)) or {}
                )
                .get("attributes", {})
                .get("waiting_for")
            ):
                await asyncio.sleep(0.2)
        assert "management domain" in waiting_for, waiting_for
        assert ws.history[status(4)][-1] == "upgrade_in_progress", ws.history[status(4)]
        held = await _card_until(
            browser, names[4], lambda c: c.get("waiting_for") == waiting_for
        )
        assert "cancel-run" in held["buttons"], held
        assert held["precheck"] == "true", held  # it passed before the first upgrade
        await _screenshots(browser, "waiting-for-order")

        await _card_until(
            browser, names[1], lambda c: "acknowledge" in c.get("buttons", [])
        )
        await browser.click_in_card(names[1], "button.acknowledge")
        final = {
            x: await ws.wait_for_state(status(x), TERMINAL, timeout=240)
            for x in (1, 3, 4)
        }
        assert final == {
            1: "upgrade_completed",
            3: "precheck_failed",
            4: "upgrade_completed",
        }, final
        cards = await browser.upgrade_cards()
        assert cards[names[3]]["precheck"] == "false", cards[names[3]]
        assert cards[names[4]]["waiting_for"] is None, cards[names[4]]
        assert browser.page_errors == [], browser.page_errors
    for x in (1, 3, 4):
        assert "upgrade_failed" not in ws.history[status(x)], ws.history[status(x)]
    assert ws.history[status(2)][-1] == "waiting_for_initiation"
    await ws.close()

    # One accepted start per bundle; the vCenter's carries the static network.
    starts = await _upgrade_starts(sim, happy_id)
    bundles = [start["body"]["bundleId"] for start in starts]
    assert len(bundles) == len(set(bundles)) == 3, bundles
    networks = [
        spec["temporaryNetwork"]
        for start in starts
        for spec in start["body"].get("vcenterUpgradeUserInputSpecs", [])
    ]
    assert networks == [
        {
            "networkMode": "STATIC",
            "ipAddress": STATIC_NETWORK["vcenter_ip_address"],
            "subnetMask": STATIC_NETWORK["vcenter_subnet_mask"],
            "gateway": STATIC_NETWORK["vcenter_gateway"],
        }
    ], networks
    assert _our_tracebacks(hass_process.log_text()) == []
    assert reports_in(hass_process.log_text()) == []


async def test_a_cluster_without_headroom_pauses_the_esx_upgrade(
    vcf_sim_factory: Callable[..., VcfSimulator],
    hass_process: HassProcess,
    http: aiohttp.ClientSession,
) -> None:
    """Three vSAN hosts: the estate says so, and the ESX upgrade waits for the operator.

    The domain's capacity and its cluster's headroom are entities; before the ESX upgrade the
    run pauses in `waiting_for_acknowledgment` with the cluster's figures, and goes on once
    acknowledged, every bundle started once.
    """
    sim = vcf_sim_factory(
        domains=1, step_ms=STEP_MS, dialect="vcf52", hosts_per_cluster=3
    )
    hass_process.start()
    session, ws = await _open(http, hass_process)
    await _add_integration(http, session, sim)
    await _wait_for_entities(
        http, session, ws, [status(1), "sensor.vcf_domain1_cpu_used"]
    )
    hosts = await hass_api.get_state(http, session, "sensor.vcf_domain1_hosts")
    assert hosts is not None
    assert hosts["state"] == "3", hosts
    cpu = await hass_api.get_state(http, session, "sensor.vcf_domain1_cpu_used")
    assert cpu is not None
    assert float(cpu["state"]) > 0, cpu
    async with http.get(
        f"{session.base_url}/api/states", headers=session.headers
    ) as response:
        states = await response.json()
    headroom = [
        state
        for state in states
        if state["entity_id"].startswith("binary_sensor.vcf_cluster_")
        and state["entity_id"].endswith("_rolling_upgrade_headroom")
    ]
    assert [state["state"] for state in headroom] == ["off"], headroom

    await _press(http, session, 1)
    await ws.wait_for_state(status(1), {"waiting_for_acknowledgment"}, timeout=180)
    paused = await hass_api.get_state(http, session, status(1))
    assert paused is not None
    alerts = paused["attributes"]["alerts"]
    assert [alert["component"] for alert in alerts] == ["ESX_HOST"], alerts
    assert "no headroom for a rolling ESX upgrade" in alerts[0]["message"], alerts
    domain = (await sim.domains())[0]["id"]
    assert len(await _upgrade_starts(sim, domain)) == 3  # all but ESX

    await _acknowledge(http, session, 1)
    assert (
        await ws.wait_for_state(status(1), TERMINAL, timeout=180) == "upgrade_completed"
    )
    bundles = [
        start["body"]["bundleId"] for start in await _upgrade_starts(sim, domain)
    ]
    assert len(bundles) == len(set(bundles)) == 4, bundles
    await ws.close()
    assert _our_tracebacks(hass_process.log_text()) == []
    assert reports_in(hass_process.log_text()) == []
