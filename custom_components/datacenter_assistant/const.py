"""Constants of the DataCenter Assistant integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from datacenter_assistant_core import WorkflowState

DOMAIN: Final = "datacenter_assistant"
LOGGER = logging.getLogger(__package__)

# Config entry data (besides Home Assistant's CONF_URL, CONF_USERNAME, CONF_PASSWORD and
# CONF_VERIFY_SSL): path of a PEM file with the CA certificate(s) that signed SDDC Manager's
# certificate, for installations with a private CA.
CONF_CA_BUNDLE: Final = "ca_bundle"
# Which API SDDC Manager speaks ("default": this project's contract, docs/api.md; "vcf52": SDDC
# Manager 5.2's lifecycle API), detected by the config flow unless the user forced one.
CONF_DIALECT: Final = "dialect"
DIALECT_DETECT: Final = "detect"
DIALECTS: Final = ("default", "vcf52")
SECTION_ADVANCED: Final = "advanced"

# Config entry options.
CONF_INVENTORY_INTERVAL: Final = "inventory_interval"
"""Minutes between two inventory polls (domains, versions, available releases)."""
DEFAULT_INVENTORY_INTERVAL: Final = 5
MIN_INVENTORY_INTERVAL: Final = 1
MAX_INVENTORY_INTERVAL: Final = 1440

CONF_UPGRADE_POLL_INTERVAL: Final = "upgrade_poll_interval"
"""Seconds between two polls of a running upgrade (download, precheck, upgrade)."""
DEFAULT_UPGRADE_POLL_INTERVAL: Final = 30
MIN_UPGRADE_POLL_INTERVAL: Final = 1
MAX_UPGRADE_POLL_INTERVAL: Final = 600

# How the engine follows a running upgrade.
UPGRADE_OUTAGE_BUDGET: Final = timedelta(hours=3).total_seconds()
"""Seconds a running upgrade may lose SDDC Manager before the run is declared failed."""

# Health.
CONNECTIVITY_INTERVAL: Final = timedelta(seconds=60)
"""Time between two connectivity tests of SDDC Manager (independent of the inventory)."""

# Persistence.
STORAGE_VERSION: Final = 1
DOMAIN_INDEX_STORAGE_KEY: Final = f"{DOMAIN}.domain_indexes"
RUN_SNAPSHOT_STORAGE_KEY: Final = DOMAIN + ".{entry_id}.runs"
RUN_SNAPSHOT_SAVE_DELAY: Final = 1.0
"""Seconds during which workflow events are gathered into one snapshot write."""

# Entities.
LOG_STATE_MAX_LENGTH: Final = 255
"""Home Assistant refuses states longer than this."""
ATTR_MARKDOWN: Final = "markdown"
ATTR_LOG_ENTRIES: Final = "entries"
# The upgrade status sensor's lists for the dashboard card (not recorded).
ATTR_PHASES: Final = "phases"
ATTR_COMPONENTS: Final = "components"
ATTR_ALERTS: Final = "alerts"
RECENT_LOG_ENTRIES: Final = 20
"""How many of a domain's latest log book entries diagnostics include."""

# Services.
SERVICE_ACKNOWLEDGE_UPGRADE_ALERTS: Final = "acknowledge_upgrade_alerts"
SERVICE_START_UPGRADE: Final = "start_upgrade"
SERVICE_RUN_PRECHECK: Final = "run_precheck"
SERVICE_CANCEL_UPGRADE: Final = "cancel_upgrade"
SERVICE_UPGRADE_ALL_DOMAINS: Final = "upgrade_all_domains"
ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"

# The upgrade status sensor's view of VCF's domain order and of the last precheck.
ATTR_WAITING_FOR: Final = "waiting_for"
ATTR_LAST_PRECHECK: Final = "last_precheck"

# Upgrade settings, per domain, in the entry's options: {domain id: UpgradeSettings}.
CONF_UPGRADE_SETTINGS: Final = "upgrade_settings"
MANAGEMENT_DOMAIN_KIND: Final = "MANAGEMENT"
"""`VcfDomain.kind` of the management domain (SDDC Manager's `domainType`)."""
IDLE_STATES: Final[frozenset[WorkflowState]] = frozenset(
    {"waiting_for_initiation", "upgrade_completed", "upgrade_failed", "precheck_failed"}
)
"""States in which no run of the domain is active (before the first run, or it ended)."""

# The event entity of a domain: what its run reached.
EVENT_UPGRADE_COMPLETED: Final = "upgrade_completed"
EVENT_UPGRADE_FAILED: Final = "upgrade_failed"
EVENT_PRECHECK_FAILED: Final = "precheck_failed"
EVENT_ACKNOWLEDGMENT_REQUIRED: Final = "acknowledgment_required"
UPGRADE_EVENT_TYPES: Final = (
    EVENT_UPGRADE_COMPLETED,
    EVENT_UPGRADE_FAILED,
    EVENT_PRECHECK_FAILED,
    EVENT_ACKNOWLEDGMENT_REQUIRED,
)
"""The event types of a domain's upgrade event entity."""

# Repairs issues, one of each kind per domain: `{entry id}_{domain id}_{kind}`.
ISSUE_ACKNOWLEDGMENT_REQUIRED: Final = "acknowledgment_required"
ISSUE_PRECHECK_FAILED: Final = "precheck_failed"

# The estate (clusters, hosts, rolling-upgrade headroom), read on the dialects that have it.
ESTATE_DIALECTS: Final = frozenset({"vcf52"})
"""Dialects whose SDDC Manager lists clusters and hosts (`VcfClient.estate()`)."""
ESTATE_UP_TO_DATE: Final = "up_to_date"
ESTATE_UPDATES_AVAILABLE: Final = "updates_available"
ESTATE_UPGRADING: Final = "upgrading"
ESTATE_NEEDS_ATTENTION: Final = "needs_attention"
ESTATE_STATES: Final = (
    ESTATE_UP_TO_DATE,
    ESTATE_UPDATES_AVAILABLE,
    ESTATE_UPGRADING,
    ESTATE_NEEDS_ATTENTION,
)
"""The states of the SDDC Manager's estate state sensor, from the calmest."""
ATTENTION_STATES: Final[frozenset[WorkflowState]] = frozenset(
    {"upgrade_failed", "precheck_failed", "waiting_for_acknowledgment"}
)
"""Workflow states in which a domain needs an operator."""
