"""The config flow: user step, its errors, reauthentication, reconfiguration and options.

Every case the simulator can produce runs against it (wrong password, closed port, HTTPS with
an untrusted certificate, a faulted identity call, ...). Only what it cannot produce (a
request timeout, an unexpected exception) patches the client.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any
from unittest.mock import AsyncMock, MagicMock, patch

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.datacenter_assistant.const import (
    CONF_CA_BUNDLE,
    CONF_DIALECT,
    CONF_INVENTORY_INTERVAL,
    CONF_UPGRADE_POLL_INTERVAL,
    DEFAULT_UPGRADE_POLL_INTERVAL,
    DOMAIN,
)
from datacenter_assistant_core import (
    AuthError,
    CannotConnect,
    HttpError,
    InvalidResponse,
    RequestTimeout,
    TlsError,
    VcfError,
)
from tests.support.simulator import SIM_PASSWORD, SIM_SDDC_MANAGER_ID, SIM_USERNAME

from .helpers import entry_data

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from homeassistant.core import HomeAssistant

    from tests.support.simulator import VcfSimulator

CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard port: nothing listens on loopback
PATCHED_URL = "https://sddc-manager.example.com"


def user_input(url: str, **overrides: Any) -> dict[str, Any]:
    """Return what a user types into the form."""
    return {
        CONF_URL: url,
        CONF_USERNAME: SIM_USERNAME,
        CONF_PASSWORD: SIM_PASSWORD,
        CONF_VERIFY_SSL: True,
        **overrides,
    }


async def submit_user_step(hass: HomeAssistant, data: dict[str, Any]) -> Any:
    """Open the user step and submit `data`."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    return await hass.config_entries.flow.async_configure(result["flow_id"], data)


def fake_client(**failures: BaseException) -> MagicMock:
    """Return a stand-in client whose `login` or `sddc_manager` raise."""
    client = MagicMock()
    client.login = AsyncMock(side_effect=failures.get("login"))
    client.sddc_manager = AsyncMock(
        side_effect=failures.get("sddc_manager"),
        return_value={"id": "patched", "fqdn": None, "version": None},
    )
    return client


def api_error(status: int) -> HttpError:
    """Return an `HttpError` as the engine raises it."""
    error = HttpError(f"HTTP {status}")
    error.status = status
    error.error_code = None
    error.server_message = None
    error.remediation = None
    return error


async def test_user_step_creates_the_entry(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """A reachable SDDC Manager with valid credentials becomes an entry."""
    result = await submit_user_step(hass, user_input(f"{vcf_sim.url}/"))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "sddc-manager.vcf.sim"
    assert result["result"].unique_id == SIM_SDDC_MANAGER_ID
    # The success dialog names the detected SDDC Manager version and API.
    assert result["description"] == "connected"
    placeholders = result["description_placeholders"]
    assert placeholders["dialect"] == "default"
    assert re.fullmatch(r"\d+(\.\d+)+(-\d+)?", placeholders["version"]), placeholders
    assert (
        result["data"]
        == {
            CONF_URL: vcf_sim.url,  # the trailing slash is gone
            CONF_USERNAME: SIM_USERNAME,
            CONF_PASSWORD: SIM_PASSWORD,
            CONF_VERIFY_SSL: True,
            CONF_DIALECT: "default",  # detected: the simulator speaks this project's contract
        }
    )


@pytest.mark.parametrize("dialect", ["default", "vcf52"])
async def test_the_flow_detects_the_api_sddc_manager_speaks(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator], dialect: str
) -> None:
    """The entry records the dialect the server answered with."""
    sim = vcf_sim_factory(dialect=dialect)

    result = await submit_user_step(hass, user_input(sim.url))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_DIALECT] == dialect


async def test_the_advanced_section_forces_a_dialect(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """A forced dialect is stored as it is and nothing is sent to detect one."""
    result = await submit_user_step(
        hass, {**user_input(vcf_sim.url), "advanced": {CONF_DIALECT: "vcf52"}}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_DIALECT] == "vcf52"
    assert "advanced" not in result["data"]
    assert not [r for r in await vcf_sim.requests() if r["path"] == "/v1/upgrades"]


async def test_same_sddc_manager_twice_aborts(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """The SDDC Manager's id is the unique id: a second entry for it aborts."""
    MockConfigEntry(
        domain=DOMAIN, unique_id=SIM_SDDC_MANAGER_ID, data=entry_data(vcf_sim)
    ).add_to_hass(hass)

    result = await submit_user_step(hass, user_input(vcf_sim.url))

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_wrong_password_is_invalid_auth_then_recovers(
    hass: HomeAssistant, vcf_sim: VcfSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    """A refused login shows `invalid_auth` and logs no error; correcting it works."""
    result = await submit_user_step(
        hass, user_input(vcf_sim.url, **{CONF_PASSWORD: "wrong"})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    # A typing mistake is the user's, not a fault of the system: a form error, no log line.
    assert [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components.datacenter_assistant")
        and record.levelno > logging.INFO
    ] == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(vcf_sim.url)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_closed_port_is_cannot_connect(hass: HomeAssistant) -> None:
    """Nothing listening at the URL shows `cannot_connect`."""
    result = await submit_user_step(hass, user_input(CLOSED_PORT_URL))

    assert result["errors"] == {"base": "cannot_connect"}


async def test_the_form_answers_without_retrying(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """The check sends one login: no backoff between the user and the form's answer."""
    await vcf_sim.add_fault(
        method="POST", pathPrefix="/v1/tokens", kind="status", status=503, count=10
    )

    result = await submit_user_step(hass, user_input(vcf_sim.url))

    assert result["errors"] == {"base": "cannot_connect"}
    logins = [r for r in await vcf_sim.requests() if r["path"] == "/v1/tokens"]
    assert len(logins) == 1


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://sddc-manager.example.com", "https://", "http://[::1"]
)
async def test_malformed_url_is_invalid_url(hass: HomeAssistant, url: str) -> None:
    """Something that is not an http(s) URL with a host shows `invalid_url`."""
    result = await submit_user_step(hass, user_input(url))

    assert result["errors"] == {"base": "invalid_url"}


async def test_untrusted_certificate_is_ssl_error_and_ca_file_fixes_it(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """HTTPS with a private CA: `ssl_error` until its CA certificate file is given."""
    tls_sim = vcf_sim_factory(tls=True)
    assert tls_sim.url.startswith("https://")
    assert tls_sim.ca_file is not None

    result = await submit_user_step(hass, user_input(tls_sim.url))
    assert result["errors"] == {"base": "ssl_error"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        user_input(tls_sim.url, **{CONF_CA_BUNDLE: str(tls_sim.ca_file)}),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_CA_BUNDLE] == str(tls_sim.ca_file)


async def test_verification_off_accepts_an_untrusted_certificate(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """With certificate verification off, the private CA does not matter."""
    tls_sim = vcf_sim_factory(tls=True)

    result = await submit_user_step(
        hass, user_input(tls_sim.url, **{CONF_VERIFY_SSL: False, CONF_CA_BUNDLE: ""})
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_CA_BUNDLE not in result["data"]


async def test_missing_ca_file_is_invalid_ca_bundle(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """A CA certificate path that does not exist shows `invalid_ca_bundle`."""
    result = await submit_user_step(
        hass,
        user_input(PATCHED_URL, **{CONF_CA_BUNDLE: str(tmp_path / "missing.pem")}),
    )

    assert result["errors"] == {"base": "invalid_ca_bundle"}


async def test_ca_file_that_is_not_pem_is_invalid_ca_bundle(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """The engine refuses a CA file without certificates: `invalid_ca_bundle`."""
    not_pem = tmp_path / "not-a-certificate.pem"
    not_pem.write_text("this is not a certificate\n")

    result = await submit_user_step(
        hass, user_input(PATCHED_URL, **{CONF_CA_BUNDLE: str(not_pem)})
    )

    assert result["errors"] == {"base": "invalid_ca_bundle"}


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param({"kind": "status", "status": 404}, id="identity-call-404"),
        pytest.param(
            {"kind": "body", "contentType": "text/html", "body": "<html>hi</html>"},
            id="html-answer",
        ),
    ],
)
async def test_server_that_is_not_sddc_manager(
    hass: HomeAssistant, vcf_sim: VcfSimulator, fault: dict[str, Any]
) -> None:
    """An answer without SDDC Manager's identity shows `not_sddc_manager`."""
    await vcf_sim.add_fault(
        method="GET", pathPrefix="/v1/sddc-managers", count=10, **fault
    )

    result = await submit_user_step(hass, user_input(vcf_sim.url))

    assert result["errors"] == {"base": "not_sddc_manager"}


@pytest.mark.parametrize(
    ("failures", "error"),
    [
        ({"login": RequestTimeout("timed out")}, "cannot_connect"),
        ({"login": CannotConnect("refused")}, "cannot_connect"),
        ({"login": TlsError("bad certificate")}, "ssl_error"),
        ({"login": AuthError("refused")}, "invalid_auth"),
        ({"sddc_manager": InvalidResponse("not JSON")}, "not_sddc_manager"),
        ({"sddc_manager": api_error(404)}, "not_sddc_manager"),
        ({"sddc_manager": api_error(503)}, "cannot_connect"),
        ({"sddc_manager": api_error(409)}, "unknown"),
        ({"sddc_manager": VcfError("odd")}, "unknown"),
        ({"login": RuntimeError("bug")}, "unknown"),
    ],
)
async def test_engine_errors_map_to_form_errors(
    hass: HomeAssistant,
    failures: dict[str, BaseException],
    error: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each engine exception has its form error; unexpected ones are logged."""
    with patch(
        "custom_components.datacenter_assistant.config_flow.async_create_client",
        return_value=fake_client(**failures),
    ):
        result = await submit_user_step(hass, user_input(PATCHED_URL))

    assert result["errors"] == {"base": error}
    if error == "unknown":
        assert "Traceback" in caplog.text


async def test_reauth_updates_the_credentials(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """Reauthentication checks the new credentials against the same SDDC Manager."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=SIM_SDDC_MANAGER_ID,
        data=entry_data(vcf_sim, **{CONF_PASSWORD: "expired"}),
    )
    entry.add_to_hass(hass)

    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["url"] == vcf_sim.url

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: SIM_USERNAME, CONF_PASSWORD: "still wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: SIM_USERNAME, CONF_PASSWORD: SIM_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == SIM_PASSWORD
    await hass.async_block_till_done()


async def test_reauth_against_another_sddc_manager_aborts(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """Credentials that reach a different SDDC Manager are refused."""
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id="another-sddc-manager", data=entry_data(vcf_sim)
    )
    entry.add_to_hass(hass)

    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: SIM_USERNAME, CONF_PASSWORD: SIM_PASSWORD}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_sddc_manager"


async def test_reconfigure_changes_url_and_tls_settings(
    hass: HomeAssistant, vcf_sim_factory: Callable[..., VcfSimulator]
) -> None:
    """Reconfiguring moves the entry to HTTPS with a CA file, keeping the credentials."""
    plain_sim = vcf_sim_factory()
    tls_sim = vcf_sim_factory(tls=True)
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=SIM_SDDC_MANAGER_ID, data=entry_data(plain_sim)
    )
    entry.add_to_hass(hass)

    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: tls_sim.url, CONF_VERIFY_SSL: True}
    )
    assert result["errors"] == {"base": "ssl_error"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: tls_sim.url,
            CONF_VERIFY_SSL: True,
            CONF_CA_BUNDLE: str(tls_sim.ca_file),
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == entry_data(tls_sim, **{CONF_CA_BUNDLE: str(tls_sim.ca_file)})
    await hass.async_block_till_done()


async def test_reconfigure_to_another_sddc_manager_aborts(
    hass: HomeAssistant, vcf_sim: VcfSimulator
) -> None:
    """A URL that reaches a different SDDC Manager is refused."""
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id="another-sddc-manager", data=entry_data(vcf_sim)
    )
    entry.add_to_hass(hass)

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: vcf_sim.url, CONF_VERIFY_SSL: True}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_sddc_manager"


async def test_options_set_the_inventory_interval(hass: HomeAssistant) -> None:
    """The options flow stores both intervals; the upgrade one keeps its default."""
    entry = MockConfigEntry(domain=DOMAIN, unique_id="id", data={CONF_URL: PATCHED_URL})
    entry.add_to_hass(hass)

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "intervals"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "intervals"

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_INVENTORY_INTERVAL: 15.0}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_INVENTORY_INTERVAL: 15,
        CONF_UPGRADE_POLL_INTERVAL: DEFAULT_UPGRADE_POLL_INTERVAL,
    }
