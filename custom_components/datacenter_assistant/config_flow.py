"""Config flow: connect to an SDDC Manager; reauthentication, reconfiguration, options."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import (
    CONF_DOMAIN,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    BooleanSelector,
    DateTimeSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from datacenter_assistant_core import (
    UPGRADE_SETTINGS_DEFAULTS,
    AuthError,
    CannotConnect,
    ConfigurationError,
    HttpError,
    InvalidResponse,
    TlsError,
    validate_upgrade_settings,
)

from .client import (
    CaBundleNotFoundError,
    InvalidUrlError,
    async_create_client,
    normalize_url,
)
from .const import (
    CONF_CA_BUNDLE,
    CONF_DIALECT,
    CONF_INVENTORY_INTERVAL,
    CONF_UPGRADE_POLL_INTERVAL,
    CONF_UPGRADE_SETTINGS,
    DEFAULT_INVENTORY_INTERVAL,
    DEFAULT_UPGRADE_POLL_INTERVAL,
    DIALECT_DETECT,
    DIALECTS,
    DOMAIN,
    LOGGER,
    MAX_INVENTORY_INTERVAL,
    MAX_UPGRADE_POLL_INTERVAL,
    MIN_INVENTORY_INTERVAL,
    MIN_UPGRADE_POLL_INTERVAL,
    SECTION_ADVANCED,
)
from .settings import (
    BOOLEANS,
    CHOICES,
    ESX_FAILURE_RETRY_DELAY,
    IPV4_FIELDS,
    RANGES,
    SECTIONS,
    VCENTER_SWITCHOVER_AT,
    check_form_settings,
    form_settings,
    local_switchover_time,
    saved_settings,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.helpers.typing import VolDictType

    from datacenter_assistant_core import Dialect, SddcManager, UpgradeSettings

    from .data import DatacenterAssistantConfigEntry

URL_PLACEHOLDERS = {"example_url": "https://sddc-manager.example.com"}
"""The URL field's example: translations carry no URL of their own (hassfest's rule)."""
URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
USERNAME_SELECTOR = TextSelector(TextSelectorConfig(autocomplete="username"))
PASSWORD_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
)
CA_BUNDLE_SELECTOR = TextSelector()
DIALECT_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=[DIALECT_DETECT, *DIALECTS],
        translation_key=CONF_DIALECT,
        mode=SelectSelectorMode.DROPDOWN,
    )
)


class SddcManagerCheckError(Exception):
    """Connecting with the entered settings failed; `error` is the form's error key."""

    def __init__(self, error: str) -> None:
        """Carry the form error key."""
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class FoundSddcManager:
    """An SDDC Manager the entered settings reach, and the API it speaks."""

    identity: SddcManager
    dialect: Dialect


async def async_identify_sddc_manager(
    hass: HomeAssistant, settings: Mapping[str, Any], dialect: str = DIALECT_DETECT
) -> FoundSddcManager:
    """Log in with these settings; return the SDDC Manager's identity and dialect.

    The dialect is detected from the server unless `dialect` forces one. Raise
    `SddcManagerCheckError` with the form error key when that is not possible.
    """
    check_settings = {k: v for k, v in settings.items() if k != CONF_DIALECT}
    try:
        # A form answers at once: a typo in the URL is not worth retrying with backoff.
        client = await async_create_client(hass, check_settings, retries=0)
    except InvalidUrlError as err:
        raise SddcManagerCheckError("invalid_url") from err
    except CaBundleNotFoundError as err:
        raise SddcManagerCheckError("invalid_ca_bundle") from err
    except ConfigurationError as err:
        error = "invalid_ca_bundle" if settings.get(CONF_CA_BUNDLE) else "invalid_url"
        raise SddcManagerCheckError(error) from err
    try:
        await client.login()
        identity = await client.sddc_manager()
        found: Dialect = (
            "vcf52"
            if dialect == "vcf52"
            else "default"
            if dialect == "default"
            else await client.detect_dialect()
        )
    except AuthError as err:
        raise SddcManagerCheckError("invalid_auth") from err
    except TlsError as err:  # before CannotConnect: a TlsError is a CannotConnect
        raise SddcManagerCheckError("ssl_error") from err
    except CannotConnect as err:  # RequestTimeout included
        raise SddcManagerCheckError("cannot_connect") from err
    except InvalidResponse as err:
        raise SddcManagerCheckError("not_sddc_manager") from err
    except HttpError as err:
        if err.status == 404:  # no identity call: not an SDDC Manager
            raise SddcManagerCheckError("not_sddc_manager") from err
        if err.status >= 500:  # SDDC Manager is there but cannot answer right now
            raise SddcManagerCheckError("cannot_connect") from err
        LOGGER.exception("Unexpected answer from %s", settings[CONF_URL])
        raise SddcManagerCheckError("unknown") from err
    except Exception as err:
        LOGGER.exception("Unexpected error connecting to %s", settings[CONF_URL])
        raise SddcManagerCheckError("unknown") from err
    return FoundSddcManager(identity=identity, dialect=found)


def _connection_schema(defaults: Mapping[str, Any]) -> VolDictType:
    """Return the fields that say where SDDC Manager is and how to trust it."""
    return {
        probatio.Required(
            CONF_URL, default=defaults.get(CONF_URL, probatio.UNDEFINED)
        ): (URL_SELECTOR),
        probatio.Required(
            CONF_VERIFY_SSL, default=defaults.get(CONF_VERIFY_SSL, True)
        ): BooleanSelector(),
        probatio.Optional(
            CONF_CA_BUNDLE,
            description={"suggested_value": defaults.get(CONF_CA_BUNDLE)},
        ): CA_BUNDLE_SELECTOR,
    }


def _credentials_schema(defaults: Mapping[str, Any]) -> VolDictType:
    """Return the fields of the account that logs in to SDDC Manager."""
    return {
        probatio.Required(
            CONF_USERNAME, default=defaults.get(CONF_USERNAME, probatio.UNDEFINED)
        ): USERNAME_SELECTOR,
        probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
    }


def _advanced_schema() -> VolDictType:
    """Return the collapsed section that can force the API dialect instead of detecting it."""
    return {
        probatio.Optional(SECTION_ADVANCED): section(
            probatio.Schema(
                {
                    probatio.Required(CONF_DIALECT, default=DIALECT_DETECT): (
                        DIALECT_SELECTOR
                    )
                }
            ),
            {"collapsed": True},
        )
    }


def _forced_dialect(user_input: Mapping[str, Any]) -> str:
    """Return the dialect the advanced section forces, or `DIALECT_DETECT`."""
    return str(user_input.get(SECTION_ADVANCED, {}).get(CONF_DIALECT, DIALECT_DETECT))


def _clean(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the entered settings with a normalized URL and no empty CA path."""
    settings = {k: v for k, v in user_input.items() if k != SECTION_ADVANCED}
    with suppress(InvalidUrlError):  # an invalid URL is reported by the check
        settings[CONF_URL] = normalize_url(settings[CONF_URL])
    if not settings.get(CONF_CA_BUNDLE):
        settings.pop(CONF_CA_BUNDLE, None)
    return settings


class DatacenterAssistantConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add an SDDC Manager."""

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlowWithReload:
        """Return the options flow."""
        return DatacenterAssistantOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where SDDC Manager is and how to log in."""
        errors: dict[str, str] = {}
        if user_input is not None:
            settings = _clean(user_input)
            try:
                found = await async_identify_sddc_manager(
                    self.hass, settings, _forced_dialect(user_input)
                )
            except SddcManagerCheckError as err:
                errors["base"] = err.error
            else:
                await self.async_set_unique_id(found.identity["id"])
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=found.identity["fqdn"] or settings[CONF_URL],
                    data={**settings, CONF_DIALECT: found.dialect},
                    description="connected",
                    description_placeholders={
                        "version": found.identity["version"] or "?",
                        "dialect": found.dialect,
                    },
                )
        return self.async_show_form(
            step_id="user",
            data_schema=probatio.Schema(
                {
                    **_connection_schema(user_input or {}),
                    **_credentials_schema(user_input or {}),
                    **_advanced_schema(),
                }
            ),
            errors=errors,
            description_placeholders=URL_PLACEHOLDERS,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """SDDC Manager refused the credentials: ask for new ones."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the username and password again."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                found = await async_identify_sddc_manager(
                    self.hass,
                    {**entry.data, **user_input},
                    entry.data.get(CONF_DIALECT, "default"),
                )
            except SddcManagerCheckError as err:
                errors["base"] = err.error
            else:
                await self.async_set_unique_id(found.identity["id"])
                self._abort_if_unique_id_mismatch(reason="wrong_sddc_manager")
                return self.async_update_reload_and_abort(
                    entry, data_updates=user_input
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=probatio.Schema(_credentials_schema(user_input or entry.data)),
            description_placeholders={"url": entry.data[CONF_URL]},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the URL or the TLS settings of the same SDDC Manager."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            connection = _clean(user_input)
            settings = {
                **{k: v for k, v in entry.data.items() if k != CONF_CA_BUNDLE},
                **connection,
            }
            try:
                found = await async_identify_sddc_manager(
                    self.hass, settings, _forced_dialect(user_input)
                )
            except SddcManagerCheckError as err:
                errors["base"] = err.error
            else:
                await self.async_set_unique_id(found.identity["id"])
                self._abort_if_unique_id_mismatch(reason="wrong_sddc_manager")
                return self.async_update_reload_and_abort(
                    entry, data={**settings, CONF_DIALECT: found.dialect}
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=probatio.Schema(
                {
                    **_connection_schema(user_input or entry.data),
                    **_advanced_schema(),
                }
            ),
            errors=errors,
            description_placeholders=URL_PLACEHOLDERS,
        )


class DatacenterAssistantOptionsFlow(OptionsFlowWithReload):
    """The poll intervals, and the upgrade settings of each domain.

    Saving the intervals reloads the entry (the workflows and the inventory are created with
    them); saving a domain's upgrade settings does not: a run reads them when it starts.
    """

    _domain_id: str

    @property
    def _entry(self) -> DatacenterAssistantConfigEntry:
        return cast("DatacenterAssistantConfigEntry", self.config_entry)

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer the poll intervals and the upgrade settings of a domain."""
        return self.async_show_menu(
            step_id="init", menu_options=["intervals", "domain"]
        )

    async def async_step_intervals(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the inventory and upgrade poll intervals."""
        options = self.config_entry.options
        if user_input is not None:
            return self.async_create_entry(
                data={
                    **options,
                    CONF_INVENTORY_INTERVAL: int(user_input[CONF_INVENTORY_INTERVAL]),
                    CONF_UPGRADE_POLL_INTERVAL: float(
                        user_input[CONF_UPGRADE_POLL_INTERVAL]
                    ),
                }
            )
        current = options.get(CONF_INVENTORY_INTERVAL, DEFAULT_INVENTORY_INTERVAL)
        current_poll = options.get(
            CONF_UPGRADE_POLL_INTERVAL, DEFAULT_UPGRADE_POLL_INTERVAL
        )
        return self.async_show_form(
            step_id="intervals",
            data_schema=probatio.Schema(
                {
                    probatio.Required(
                        CONF_INVENTORY_INTERVAL, default=current
                    ): NumberSelector(
                        NumberSelectorConfig(
                            min=MIN_INVENTORY_INTERVAL,
                            max=MAX_INVENTORY_INTERVAL,
                            step=1,
                            mode=NumberSelectorMode.BOX,
                            unit_of_measurement="min",
                        )
                    ),
                    probatio.Required(
                        CONF_UPGRADE_POLL_INTERVAL, default=current_poll
                    ): NumberSelector(
                        NumberSelectorConfig(
                            min=MIN_UPGRADE_POLL_INTERVAL,
                            max=MAX_UPGRADE_POLL_INTERVAL,
                            step=1,
                            mode=NumberSelectorMode.BOX,
                            unit_of_measurement="s",
                        )
                    ),
                }
            ),
        )

    async def async_step_domain(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask which domain's upgrade settings to change (the entry's current domains)."""
        if self.config_entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="not_loaded")
        domains = self._entry.runtime_data.inventory.data
        if not domains:
            return self.async_abort(reason="no_domains")
        if user_input is not None and user_input[CONF_DOMAIN] in domains:
            self._domain_id = user_input[CONF_DOMAIN]
            return await self.async_step_upgrade_settings()
        return self.async_show_form(
            step_id="domain",
            data_schema=probatio.Schema(
                {
                    probatio.Required(CONF_DOMAIN): SelectSelector(
                        SelectSelectorConfig(
                            options=[
                                SelectOptionDict(value=domain.id, label=domain.name)
                                for domain in sorted(
                                    domains.values(), key=lambda d: d.index
                                )
                            ],
                            mode=SelectSelectorMode.DROPDOWN,
                        )
                    )
                }
            ),
        )

    async def async_step_upgrade_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the domain's upgrade settings, prefilled with the saved ones."""
        domain_id = self._domain_id
        domain_name = self._entry.runtime_data.inventory.data[domain_id].name
        errors: dict[str, str] = {}
        placeholders = {"domain": domain_name, "error": ""}
        shown: dict[str, Any] = {
            **UPGRADE_SETTINGS_DEFAULTS,
            **saved_settings(self.config_entry, domain_id),
        }
        shown[VCENTER_SWITCHOVER_AT] = local_switchover_time(
            shown.get(VCENTER_SWITCHOVER_AT)
        )
        if user_input is not None:
            values = {
                key: value
                for section_values in user_input.values()
                for key, value in section_values.items()
            }
            shown = values
            if not (errors := check_form_settings(values)):
                try:
                    validated = validate_upgrade_settings(
                        cast("UpgradeSettings", form_settings(values))
                    )
                except ValueError as err:
                    errors["base"] = "invalid_upgrade_settings"
                    placeholders["error"] = str(err)
                else:
                    options = self.config_entry.options
                    # Read by the next run; nothing running needs a reload.
                    self.automatic_reload = False
                    return self.async_create_entry(
                        data={
                            **options,
                            CONF_UPGRADE_SETTINGS: {
                                **options.get(CONF_UPGRADE_SETTINGS, {}),
                                domain_id: dict(validated),
                            },
                        }
                    )
        return self.async_show_form(
            step_id="upgrade_settings",
            data_schema=_upgrade_settings_schema(shown),
            errors=errors,
            description_placeholders=placeholders,
        )


def _setting_selector(key: str) -> Any:
    """Return the selector of one upgrade setting."""
    if key in CHOICES:
        return SelectSelector(
            SelectSelectorConfig(
                options=list(CHOICES[key]),
                translation_key=key,
                mode=SelectSelectorMode.DROPDOWN,
            )
        )
    if key in BOOLEANS:
        return BooleanSelector()
    if key in RANGES:
        low, high = RANGES[key]
        config = NumberSelectorConfig(
            min=low, max=high, step=1, mode=NumberSelectorMode.BOX
        )
        if key == ESX_FAILURE_RETRY_DELAY:
            config["unit_of_measurement"] = "s"
        return NumberSelector(config)
    if key == VCENTER_SWITCHOVER_AT:
        return DateTimeSelector()
    return TextSelector()  # the temporary network's IPv4 addresses


def _upgrade_settings_schema(shown: Mapping[str, Any]) -> probatio.Schema:
    """Return the settings form in its sections, showing `shown`.

    The temporary network and the switchover time are optional (only their modes need
    them): suggested, so that clearing them clears them.
    """
    sections: VolDictType = {}
    for section_key, keys in SECTIONS.items():
        fields: VolDictType = {}
        for key in keys:
            if key in IPV4_FIELDS or key == VCENTER_SWITCHOVER_AT:
                suggested = {"suggested_value": shown.get(key)}
                fields[probatio.Optional(key, description=suggested)] = (
                    _setting_selector(key)
                )
            else:
                fields[probatio.Required(key, default=shown.get(key))] = (
                    _setting_selector(key)
                )
        sections[probatio.Required(section_key)] = section(
            probatio.Schema(fields), {"collapsed": section_key != "vcenter"}
        )
    return probatio.Schema(sections)
