"""Native engine of DataCenter Assistant.

The SDDC Manager client, its retry policy and the VCF upgrade workflow, written in Rust.
Every awaitable runs on the engine's own tokio runtime and never blocks the calling asyncio
loop. Errors are raised as the exception classes below, all subclasses of `VcfError`.

Every call that talks to SDDC Manager may raise what this stub calls *the client's errors*:
`AuthError`, `CannotConnect` (and its subclasses `TlsError` and `RequestTimeout`),
`RateLimited`, `HttpError`, `InvalidResponse` (and its subclass `ResponseTooLarge`) and
`ConfigurationError`. Transient failures (no connection, 502/503/504, 429) are retried with
backoff before they are raised.

The `TypedDict`s and `Literal` aliases below (`WorkflowState`, `WorkflowEvent`, ...) exist only
for type checkers: import them under `TYPE_CHECKING`.
"""

from typing import Any, Literal, Self, TypedDict, final

__all__ = [
    "NO_MESSAGES",
    "UPGRADE_SETTINGS_DEFAULTS",
    "UPGRADE_STATES",
    "AuthError",
    "CannotConnect",
    "ConfigurationError",
    "HttpError",
    "InvalidResponse",
    "InvalidState",
    "RateLimited",
    "RequestTimeout",
    "ResponseTooLarge",
    "TlsError",
    "UpgradeWorkflow",
    "VcfClient",
    "VcfError",
    "WorkflowEventStream",
    "__version__",
    "validate_upgrade_settings",
]

__version__: str

Dialect = Literal["default", "vcf52"]
"""The API a server speaks: `"default"` is this project's own contract (`docs/api.md`, the
simulator's default dialect); `"vcf52"` is SDDC Manager 5.2.1's lifecycle API (a real SDDC
Manager 5.2, or `vcf-sim --dialect vcf52`)."""

class VcfError(Exception):
    """Base class of every error raised by the engine."""

class AuthError(VcfError):
    """SDDC Manager refused the credentials (Home Assistant: re-authenticate)."""

class CannotConnect(VcfError):
    """SDDC Manager could not be reached."""

class TlsError(CannotConnect):
    """The TLS handshake failed (untrusted or invalid certificate)."""

class RequestTimeout(CannotConnect):
    """SDDC Manager did not answer in time."""

class RateLimited(VcfError):
    """SDDC Manager kept rate limiting the calls; `retry_after` is its last advice (seconds)."""

    retry_after: float | None

class HttpError(VcfError):
    """SDDC Manager answered with an error status; its `Error` body as attributes.

    (The engine's `ApiError::Http`; the base class `VcfError` stands for the whole `ApiError`.)
    """

    status: int
    error_code: str | None
    server_message: str | None
    remediation: str | None

class InvalidResponse(VcfError):
    """The answer was not what the API promises (e.g. not an SDDC Manager at all)."""

class ResponseTooLarge(InvalidResponse):
    """The answer exceeded the configured size limit."""

class ConfigurationError(VcfError):
    """The client was configured with something unusable (bad URL, unreadable CA bundle)."""

class InvalidState(VcfError):
    """The operation is not legal in the upgrade's current state.

    A workflow error: `VcfClient` never raises it.
    """

class SddcManager(TypedDict):
    """The SDDC Manager instance; `id` is stable and identifies it."""

    id: str
    fqdn: str | None
    version: str | None

class Release(TypedDict):
    """A VCF release a domain can move to."""

    id: str
    version: str
    description: str | None
    release_date: str | None
    bundle_ids: list[str]

class EstateHost(TypedDict):
    """One ESX host of `VcfClient.estate()`: CPU in MHz, memory and storage in MB."""

    id: str
    fqdn: str
    esxi_version: str | None
    status: str | None
    cpu_total_mhz: float
    cpu_used_mhz: float
    memory_total_mb: float
    memory_used_mb: float
    storage_total_mb: float
    storage_used_mb: float

class Headroom(TypedDict):
    """Whether a cluster's load fits on its hosts with the largest one in maintenance mode.

    `cpu_without_largest_mhz` and `memory_without_largest_mb` are the capacity left with the
    largest host (by that figure) out; for vSAN, the cluster needs more than
    `vsan_hosts_needed` (`2 * failures_to_tolerate + 1`) hosts. A one-host cluster never fits.
    """

    fits: bool
    cpu_fits: bool
    memory_fits: bool
    vsan_fits: bool | None
    cpu_used_mhz: float
    cpu_without_largest_mhz: float
    memory_used_mb: float
    memory_without_largest_mb: float
    vsan_hosts_needed: int | None

class EstateCluster(TypedDict):
    """One cluster of `VcfClient.estate()`, with its hosts and headroom."""

    id: str
    name: str
    domain_id: str
    vsan: bool
    failures_to_tolerate: int | None
    hosts: list[EstateHost]
    headroom: Headroom

HealthStatus = Literal["green", "yellow", "red"]

class HealthCheck(TypedDict):
    """One check of `VcfClient.health_check()`: what was checked and how it went."""

    component: str
    name: str
    status: HealthStatus
    message: str

class HealthSummary(TypedDict):
    """SDDC Manager's health summary of a domain (`VcfClient.health_check()`).

    `status` is the worst of `checks` (green without checks); the timestamps and the bundle
    name are SDDC Manager's (`HealthSummary.creationTimestamp`, `completionTimestamp`,
    `bundleName`).
    """

    id: str
    status: HealthStatus
    checks: list[HealthCheck]
    started_at: str | None
    ended_at: str | None
    bundle_name: str | None

class Domain(TypedDict):
    """A workload domain: where it stands and what it can move to."""

    id: str
    name: str
    kind: str | None
    status: str | None
    current_version: str | None
    next_release: Release | None

WorkflowState = Literal[
    "waiting_for_initiation",
    "targeting_new_vcf_version",
    "downloading_bundle",
    "precheck_running",
    "precheck_failed",
    "upgrade_in_progress",
    "waiting_for_acknowledgment",
    "upgrade_completed",
    "upgrade_failed",
]

UPGRADE_STATES: tuple[WorkflowState, ...]
"""The nine states, in workflow order."""

NO_MESSAGES: str
"""The log book's text before any activity: `## No Messages\\nNo upgrade activity at this time.`"""

class UpgradeSettings(TypedDict, total=False):
    """The inputs SDDC Manager's upgrade wizard asks for, per domain (every key optional).

    A missing key takes its value from `UPGRADE_SETTINGS_DEFAULTS` (the wizard's defaults).
    Where each value goes in SDDC Manager's `UpgradeSpec` is in `docs/workflow.md`.
    """

    vcenter_upgrade_mechanism: Literal["reduced_downtime_migration", "in_place"]
    vcenter_network_mode: Literal["automatic", "static"]
    vcenter_ip_address: str | None
    vcenter_subnet_mask: str | None
    vcenter_gateway: str | None
    vcenter_switchover: Literal["automatic", "scheduled"]
    vcenter_switchover_at: str | None
    """RFC 3339 date-time with an offset; required when `vcenter_switchover` is scheduled."""
    nsx_host_clusters: Literal["parallel", "sequential"]
    nsx_edge_clusters: Literal["parallel", "sequential"]
    nsx_edge_clusters_only: bool
    esx_quick_boot: bool
    esx_evacuate_offline_vms: bool
    esx_enforce_hcl_validation: bool
    esx_failure_action: Literal["retry", "fail"]
    esx_failure_retry_count: int
    """3 to 100, with `retry`."""
    esx_failure_retry_delay: int
    """Seconds, 300 to 3600, with `retry`."""
    esx_pre_remediation_power_action: Literal[
        "do_not_change_vms_power_state",
        "power_off_vms",
        "suspend_vms",
        "suspend_vms_to_memory",
    ]

UPGRADE_SETTINGS_DEFAULTS: UpgradeSettings
"""Every setting with the value SDDC Manager's upgrade wizard preselects."""

def validate_upgrade_settings(settings: UpgradeSettings) -> UpgradeSettings:
    """Return the settings completed with the defaults, as the engine will use them.

    Raises `ValueError` naming the first invalid field: an unknown key, a value outside its
    choices, a static temporary network whose address, netmask and gateway are not IPv4 in
    one subnet, a scheduled switchover without a valid time (or with `in_place`), retry
    figures outside their ranges.
    """

class PrecheckSummary(TypedDict):
    """The last precheck's result; `at` is when it ended (RFC 3339 UTC)."""

    at: str
    version: str
    passed: bool
    errors: int
    warnings: int
    findings: list[str]
    """The failed validations, one line each (errors first)."""

class LogEntry(TypedDict):
    """One log book entry; `at` is an RFC 3339 UTC time."""

    at: str
    level: Literal["info", "warning", "error"]
    message: str

class RunMetrics(TypedDict):
    """One run: the current one or, once it ended, the last one. Durations in milliseconds."""

    run: int
    release_version: str | None
    started_at: str
    ended_at: str | None
    duration_ms: int
    outcome: WorkflowState | None
    state_ms: dict[WorkflowState, int]
    component_ms: dict[str, int]
    alerts_raised: int
    current_state: WorkflowState | None
    current_state_since: str | None
    current_component: str | None
    current_component_since: str | None

class DomainTotals(TypedDict):
    """Counters across every run of the domain."""

    runs: int
    successes: int
    failures: int
    precheck_failures: int
    alerts: int

class WorkflowMetrics(TypedDict):
    domain_id: str
    totals: DomainTotals
    run: RunMetrics | None

class ComponentUpgradeView(TypedDict):
    """One component upgrade of the current or last run, in the order SDDC Manager handed them out.

    `state`: `"waiting"` is the component being upgraded while the workflow is in
    `waiting_for_acknowledgment`; `"failed"` the one the run was on when it ended in
    `upgrade_failed`; `"completed"` a finished one; `"in_progress"` the one being upgraded
    otherwise. `started_at`/`ended_at` are RFC 3339 UTC times: when this run sent (or adopted,
    e.g. after a restart) the component's upgrade, and when it completed or failed (a failed
    task waiting to be retried has not ended). `None` when unknown: not started yet, or a
    snapshot of an older engine. `duration_ms` is `ended_at - started_at`, or up to now while
    it is in progress or waiting.
    """

    bundle_id: str
    component: str | None
    """`SDDC_MANAGER`, `NSX_T_MANAGER`, `VCENTER`, `ESX_HOST`, ...; `None`: the whole domain
    (the default dialect's single step)."""
    from_version: str | None
    to_version: str | None
    position: int
    """1-based among the release's upgrades."""
    total: int
    state: Literal["in_progress", "waiting", "completed", "failed"]
    started_at: str | None
    ended_at: str | None
    duration_ms: int | None

class OpenAlert(TypedDict):
    """Something the paused run waits on: acknowledging (`UpgradeWorkflow.acknowledge`) clears it.

    `kind`: `"alert"`, an unacknowledged alert of the upgrade on SDDC Manager (default
    dialect; `severity`, `component` and `message` are the alert's); `"precheck_warning"`, a
    failed validation of a precheck that passed with warnings (`vcf52`; `severity` is
    `"warning"`, `component` `None`, and warnings SDDC Manager counts without describing them
    are summed up in one entry, `"N precheck warning(s)"`; or, before the ESX upgrade, a
    cluster without headroom for a rolling upgrade, `component` `"ESX_HOST"`, its figures in
    `message`); `"failed_task"`, a failed component
    upgrade SDDC Manager can retry (`vcf52`; `severity` is `"critical"`, `message` carries the
    task's errors). `severity` maps SDDC Manager's `INFO`, `WARNING`, `ERROR`/`CRITICAL`;
    anything else is `"warning"`.
    """

    kind: Literal["alert", "precheck_warning", "failed_task"]
    severity: Literal["info", "warning", "critical"]
    component: str | None
    message: str

StateChangedEvent = TypedDict(
    "StateChangedEvent",
    {
        "type": Literal["state_changed"],
        "domain_id": str,
        "from": WorkflowState,
        "to": WorkflowState,
        "at": str,
    },
)

class LogEvent(TypedDict):
    type: Literal["log"]
    domain_id: str
    entry: LogEntry

class ProgressEvent(TypedDict):
    """Download, precheck or upgrade progress.

    `component` is the upgrade component in progress or the bundle being downloaded; None
    during the precheck.
    """

    type: Literal["progress"]
    domain_id: str
    state: WorkflowState
    percent: int | None
    component: str | None

class MetricsUpdatedEvent(TypedDict):
    type: Literal["metrics_updated"]
    domain_id: str
    metrics: WorkflowMetrics

class ApiUnreachableEvent(TypedDict):
    """SDDC Manager stopped answering; the run keeps trying within its outage budget."""

    type: Literal["api_unreachable"]
    domain_id: str
    since: str
    reason: str

class ApiReachableEvent(TypedDict):
    type: Literal["api_reachable"]
    domain_id: str
    at: str
    outage_ms: int

WorkflowEvent = (
    StateChangedEvent
    | LogEvent
    | ProgressEvent
    | MetricsUpdatedEvent
    | ApiUnreachableEvent
    | ApiReachableEvent
)
"""One event of a workflow's stream, told apart by `type`."""

@final
class VcfClient:
    """A session with one SDDC Manager: token lifecycle, retries and rate limits included.

    Cheap to share: every workflow of the same SDDC Manager uses one client.
    """

    def __new__(
        cls,
        url: str,
        username: str,
        password: str,
        *,
        verify_ssl: bool = True,
        ca_bundle: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        dialect: Dialect = "default",
    ) -> Self:
        """Build the client; nothing is sent until the first call.

        `retries`: how often a transient failure (no connection, 5xx, 429) is retried with
        backoff; 0 for an interactive check that should answer at once.

        `dialect`: which API the server speaks (`detect_dialect()` finds out); a workflow
        built on this client drives the upgrade through that API. Anything but `"default"`
        or `"vcf52"` raises `ValueError`.

        Reads `ca_bundle` from disk: call it in an executor, not in the event loop.

        Raises `ConfigurationError` for a bad URL, empty credentials, or an unreadable or empty
        CA bundle; `ValueError` when `timeout` is not a positive number of seconds;
        `OverflowError` for a negative `retries`.
        """

    @property
    def url(self) -> str: ...
    @property
    def dialect(self) -> Dialect:
        """The dialect this client was built for."""

    async def detect_dialect(self) -> Dialect:
        """Ask the server which dialect it speaks, whatever this client's own dialect.

        Logs in, then sends `GET /v1/upgrades` (SDDC Manager 5.2's `getUpgrades`): 200 means
        `"vcf52"`, 404/405 means `"default"`. Build a new client with the answer.

        Raises the client's errors (as `login()`), never guesses on a failure.
        """

    async def login(self) -> None:
        """Log in (or keep the current session).

        Raises the client's errors: `AuthError` for refused credentials, `CannotConnect`,
        `TlsError`, `RequestTimeout`, `RateLimited`, `HttpError`, `InvalidResponse`,
        `ConfigurationError`.
        """

    async def sddc_manager(self) -> SddcManager:
        """Read the instance's identity.

        Raises the client's errors; `InvalidResponse` when the server is not an SDDC Manager.
        """

    async def inventory(self) -> list[Domain]:
        """Every domain with its current version and next applicable release.

        Raises the client's errors.
        """

    async def estate(self) -> list[EstateCluster] | None:
        """Every cluster with its hosts' figures and its rolling-upgrade headroom.

        SDDC Manager 5.2 (`vcf52`): `GET /v1/clusters` once, then `GET /v1/hosts?clusterId=`
        per cluster (5.2.1's host list has no paging). `None` in this project's contract,
        which has no clusters. Raises the client's errors.
        """

    async def health_check(
        self,
        domain_id: str,
        *,
        poll_interval: float = 10.0,
        timeout: float = 1800.0,  # noqa: ASYNC109 - the engine bounds its own polling
    ) -> HealthSummary | None:
        """Run SDDC Manager's own health check of a domain and return its checks.

        SDDC Manager 5.2 and 9.x (`vcf52`): `POST /v1/system/health-summary` scoped to the
        domain (by name), `GET /v1/system/health-summary/{id}` every `poll_interval` seconds
        until it completes, then the bundle (`GET .../{id}/data`, a `.tar.gz` whose
        `health-results.json` holds the checks). `None` in this project's contract. Raises
        the client's errors: `ValueError` for a `poll_interval` that is not positive,
        `RequestTimeout` when it does not complete within `timeout` seconds, `InvalidResponse`
        when the collection failed or the bundle holds no checks, `HttpError` 409 while
        another health summary runs.
        """

    @property
    def token_expires_at(self) -> float | None:
        """When the access token expires (Unix seconds); `None` before the first login.

        The token itself is never exposed.
        """

    async def ping(self) -> float:
        """Test the connection; return SDDC Manager's latency in seconds.

        One authenticated `GET /v1/sddc-managers`, sent once (no retries). Raises the client's
        errors (`CannotConnect` at once when nothing answers).
        """

@final
class UpgradeWorkflow:
    """The upgrade workflow of one domain: its state, log book, metrics and current run.

    One run at a time; a run survives a restart through `snapshot()` and
    `UpgradeWorkflow(..., snapshot=...)` followed by `resume()`.
    """

    def __new__(
        cls,
        client: VcfClient,
        domain_id: str,
        domain_name: str,
        *,
        snapshot: dict[str, Any] | None = None,
        poll_interval: float | None = None,
        outage_budget: float = 10800.0,
        order_poll_interval: float | None = None,
    ) -> Self:
        """Create the workflow, or restore it from `snapshot` (then call `resume()`).

        `poll_interval` (seconds) applies to every poll; `None` keeps the engine's defaults
        (15 s for downloads and prechecks, 30 s for the upgrade). `outage_budget` is how long
        SDDC Manager may stay unreachable before a run fails. `order_poll_interval` is how
        often a run waiting for VCF's domain order looks again (`None`: 5 minutes; Home
        Assistant passes its inventory interval). Nothing is sent to SDDC Manager.

        Raises `ValueError` when `snapshot` is not a snapshot of this domain that this engine
        can continue (another domain, another format version, inconsistent), or when
        `poll_interval`, `outage_budget` or `order_poll_interval` is not a positive number of
        seconds.
        """

    @property
    def domain_id(self) -> str: ...
    @property
    def domain_name(self) -> str: ...
    @property
    def state(self) -> WorkflowState: ...
    @property
    def running(self) -> bool:
        """True while a run is active and being polled."""

    @property
    def acknowledgment_pending(self) -> bool:
        """True while an acknowledgment waits for SDDC Manager to be back (see `acknowledge`)."""

    @property
    def waiting_for(self) -> str | None:
        """What a run in `upgrade_in_progress` waits for before its next component upgrade.

        VCF's order across domains: SDDC Manager must run the target version before a
        workload domain's first upgrade (`"Waiting for SDDC Manager 5.2.1.0: upgrade the
        management domain mgmt-domain first"`), or another precondition SDDC Manager refused
        the upgrade for. None when the run is not held. The run starts the upgrade by itself
        once the condition holds (it looks every `order_poll_interval`, or at once after
        `recheck_order()`). Every change is followed by an event of `events()`.
        """

    def recheck_order(self) -> None:
        """Make a run held by VCF's order (`waiting_for`) look again now.

        For when another domain's upgrade went on (the management domain's SDDC Manager may
        run the target now), rather than at the next `order_poll_interval`. Does nothing for
        a run that does not wait.
        """

    @property
    def precheck_only(self) -> bool:
        """True when the current or last run was started with `precheck_only=True`."""

    @property
    def last_precheck(self) -> PrecheckSummary | None:
        """The result of the domain's last precheck (of an upgrade or a precheck-only run).

        Kept across runs and in `snapshot()`; None before the first precheck ended.
        """

    @property
    def settings(self) -> UpgradeSettings:
        """The settings of the current or last run, completed with the defaults."""

    @property
    def log_markdown(self) -> str:
        """The log book as markdown, `NO_MESSAGES` before any activity."""

    @property
    def latest_log_entry(self) -> LogEntry | None: ...
    @property
    def log_entries(self) -> list[LogEntry]:
        """Every entry of the log book, oldest first: what `log_markdown` renders, unescaped."""
    @property
    def metrics(self) -> WorkflowMetrics:
        """The current or last run's timings and the domain's run counters."""

    @property
    def components(self) -> list[ComponentUpgradeView]:
        """The current or last run's component upgrades, in the order they were handed out.

        Empty before the first run; a new run starts with an empty list (the default dialect
        has one entry for the whole domain, `vcf52` one per component bundle). Survives a
        restart through `snapshot()`. Every change is followed by an event of `events()`.
        """

    @property
    def open_alerts(self) -> list[OpenAlert]:
        """What the run waits on; empty unless the state is `waiting_for_acknowledgment`.

        The default dialect: the upgrade's unacknowledged alerts as of the latest poll (kept in
        `snapshot()`). `vcf52`: the precheck warnings, or the failed task a retry would run
        again. Acknowledging clears them. Every change is followed by an event of `events()`.
        """

    async def start(
        self,
        settings: UpgradeSettings | None = None,
        *,
        precheck_only: bool = False,
    ) -> Literal["started", "no_update"]:
        """Check SDDC Manager for an update of the domain and, if there is one, start a run.

        `settings` are the wizard's inputs for this run (completed with the defaults, kept in
        `snapshot()` so a resumed run sends the same). With `precheck_only` the run targets the
        release, downloads its bundles and runs the precheck, and upgrades nothing: a passed
        precheck (warnings included) ends in `waiting_for_initiation`, a failed one in
        `precheck_failed`; `last_precheck` holds the result either way. A later run skips the
        bundles already downloaded.

        Once started, the run is driven in the background: its failures end it in
        `upgrade_failed` (with the details in the log book) and are never raised here.

        Raises `ValueError` for invalid `settings` (see `validate_upgrade_settings`; nothing
        is sent then), `InvalidState` while a run is active (one run per domain), and the
        client's errors when the availability check itself fails (nothing changes then).
        """

    async def cancel(self) -> None:
        """End the active run while nothing is being upgraded on SDDC Manager.

        Legal before the first component upgrade starts, while the run waits for VCF's order
        (`waiting_for`) or for an acknowledgment, or between two component upgrades. The state
        returns to `waiting_for_initiation` and the log book says the run was cancelled;
        what SDDC Manager already did (targeted release, downloaded bundles, finished component
        upgrades) stays, and a later run continues from it.

        Raises `InvalidState` when there is no active run, or while a component upgrade runs
        on SDDC Manager (or a start of one may have reached it and is not yet confirmed).
        """

    async def resume(self) -> bool:
        """Continue a restored or stopped active run, never repeating a call already made.

        False when there is nothing to continue (idle, terminal, or already being polled).
        Raises nothing.
        """

    async def acknowledge(self) -> None:
        """Acknowledge what the run waits for; the state returns to `upgrade_in_progress`.

        Default dialect: the upgrade's alerts are acknowledged on SDDC Manager. `vcf52` (SDDC
        Manager 5.2 has no acknowledge resource): precheck warnings are acknowledged locally,
        nothing is sent; a failed, retryable component upgrade is retried (`retryTask`), and a
        retry SDDC Manager refuses ends the run in `upgrade_failed`.

        Acknowledging is idempotent, so the call is retried like a read (`Retry-After`
        included). When SDDC Manager stays unreachable longer than that (no connection,
        timeout, rate limit, 5xx), the acknowledgment is kept: the call returns normally, the
        state stays `waiting_for_acknowledgment`, `acknowledgment_pending` is true (and stays so
        in `snapshot()`, across a restart), the log book says it will be sent when SDDC Manager
        is back, and the run sends it after its next successful poll.

        Raises `InvalidState` unless the state is `waiting_for_acknowledgment`, and the
        client's errors when SDDC Manager refuses the call (`HttpError` for a 4xx other than
        409; a 409, nothing left to acknowledge, is not an error; `AuthError`,
        `InvalidResponse`, `ConfigurationError`).
        """

    async def stop(self) -> None:
        """Stop polling (the server-side upgrade goes on); `resume()` continues later.

        Raises nothing.
        """

    def snapshot(self) -> dict[str, Any]:
        """Everything needed to continue after a restart, JSON-safe and versioned.

        Format version 2: `workflow.upgrades` lists the component upgrades handed out so far
        (`step` with `bundle_id`, `component`, `position`/`total`; `tracker`; `done`;
        `started_at`/`ended_at`) and `workflow.gate` the engine's own acknowledgment gate while
        it is closed (`{"kind": "precheck_warnings", "warnings": n, "messages": [...]}`,
        `{"kind": "no_rolling_headroom", "warnings": [...]}` or
        `{"kind": "retryable_task", "bundle_id", "upgrade_id", "task_id", "errors": [...]}`);
        a component upgrade's `headroom_checked` says the clusters were looked at before it;
        `workflow.monitor.open_alerts` the upgrade's unacknowledged alerts. Version 2 snapshots
        written without those newer fields, and version 1 snapshots (one `upgrade` tracker),
        are still accepted by the constructor.
        """

    def events(self) -> WorkflowEventStream:
        """Stream the events from now on.

        Each stream sees every event; a listener more than 256 events behind skips the oldest.
        """

@final
class WorkflowEventStream:
    """The events of one workflow from the moment `UpgradeWorkflow.events()` was called."""

    def __aiter__(self) -> Self: ...
    async def __anext__(self) -> WorkflowEvent:
        """Return the next event; raise `StopAsyncIteration` once the workflow is gone."""
