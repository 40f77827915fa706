// What the card shows, read from the entities of one domain: pure functions of `hass` and the
// card's configuration, so that they are tested without a browser.

import type { HassEntity, HomeAssistant } from "./hass.js";

export const INTEGRATION = "datacenter_assistant";
export const ACKNOWLEDGE_SERVICE = "acknowledge_upgrade_alerts";
export const CANCEL_SERVICE = "cancel_upgrade";
export const DOMAIN_DEVICE_MODEL = "VCF workload domain";

export interface CardConfig {
  type: string;
  /** The domain's device. */
  device?: string;
  /** Or the domain's upgrade status sensor. */
  entity?: string;
  /** Log lines shown before "Full log" (default 3). */
  log_lines?: number;
}

export const DEFAULT_LOG_LINES = 3;
/** Precheck findings shown before "All findings". */
export const PRECHECK_FINDINGS = 3;

export type PhaseStatus = "done" | "current" | "waiting" | "failed" | "skipped" | "pending";

/** One step of the stepper: the integration computes the seven (the status sensor's `phases`). */
export interface Phase {
  phase: string;
  status: PhaseStatus;
  /** Seconds spent in the phase during the current or last run. */
  duration: number | null;
}

export interface Component {
  component: string | null;
  from_version: string | null;
  to_version: string | null;
  position: number;
  total: number;
  state: "in_progress" | "waiting" | "completed" | "failed";
  duration: number | null;
}

export interface Alert {
  kind: "alert" | "precheck_warning" | "failed_task";
  severity: "info" | "warning" | "critical";
  component: string | null;
  message: string;
}

/** The domain's last precheck (the status sensor's `last_precheck`). */
export interface Precheck {
  /** When it ended (RFC 3339 UTC). */
  at: string;
  version: string;
  passed: boolean;
  errors: number;
  warnings: number;
  /** The failed validations, one line each, errors first. */
  findings: string[];
}

export interface LogLine {
  at: string;
  level: "info" | "warning" | "error";
  message: string;
}

/** The entity ids of one domain's entities and of its SDDC Manager's connection sensor. */
export interface DomainEntities {
  deviceId: string;
  status: string;
  start?: string;
  precheck?: string;
  currentVersion?: string;
  availableVersion?: string;
  log?: string;
  connection?: string;
}

/** Everything the card renders for one domain. */
export interface DomainView {
  name: string;
  entities: DomainEntities;
  status: HassEntity;
  available: boolean;
  state: string;
  running: boolean;
  currentVersion: string | null;
  targetVersion: string | null;
  upToDate: boolean;
  phases: Phase[];
  progress: number | null;
  currentComponent: string | null;
  components: Component[];
  alerts: Alert[];
  acknowledgmentPending: boolean;
  /** What VCF's order across domains holds the run for; nothing is upgrading meanwhile. */
  waitingFor: string | null;
  lastPrecheck: Precheck | null;
  canAcknowledge: boolean;
  canStart: boolean;
  /** A precheck-only run can be started (the same conditions as an upgrade). */
  canPrecheck: boolean;
  /** The run can be cancelled: it waits for VCF's order or for an acknowledgment. */
  canCancel: boolean;
  /** SDDC Manager's connectivity: true, false, or null while unknown. */
  connected: boolean | null;
  log: LogLine[];
}

/** Why the card cannot show a domain; rendered as a warning instead of the card. */
export class DomainNotFound extends Error {
  constructor(readonly reference: string) {
    super(`no DataCenter Assistant domain for ${reference}`);
    this.name = "DomainNotFound";
  }
}

const RUNNING_STATES = new Set([
  "targeting_new_vcf_version",
  "downloading_bundle",
  "precheck_running",
  "upgrade_in_progress",
  "waiting_for_acknowledgment",
]);

/** Checks a configuration the user wrote; the message is shown by Home Assistant's editor. */
export function validateConfig(config: CardConfig): CardConfig {
  if (!config || (typeof config.device !== "string" && typeof config.entity !== "string")) {
    throw new Error("Set 'device' (a VCF domain's device) or 'entity' (its upgrade status sensor)");
  }
  if (
    config.log_lines !== undefined &&
    (!Number.isInteger(config.log_lines) || config.log_lines < 0 || config.log_lines > 50)
  ) {
    throw new Error("'log_lines' must be a whole number from 0 to 50");
  }
  return config;
}

/** The device ids of every domain the integration shows, in the order of their status sensors. */
export function domainDevices(hass: HomeAssistant): string[] {
  const statuses = Object.values(hass.entities).filter(
    (entry) => entry.platform === INTEGRATION && entry.translation_key === "upgrade_status" && entry.device_id,
  );
  statuses.sort((a, b) => a.entity_id.localeCompare(b.entity_id, undefined, { numeric: true }));
  return [...new Set(statuses.map((entry) => entry.device_id as string))];
}

/** Finds the domain's entities through the entity and device registries. */
export function resolveDomain(hass: HomeAssistant, config: CardConfig): DomainEntities {
  let deviceId = config.device;
  if (deviceId === undefined && config.entity !== undefined) {
    deviceId = hass.entities[config.entity]?.device_id;
  }
  const reference = config.device ?? config.entity ?? "";
  if (deviceId === undefined) throw new DomainNotFound(reference);
  const ours = Object.values(hass.entities).filter((e) => e.platform === INTEGRATION);
  const byKey = (device: string | null | undefined, key: string) =>
    device ? ours.find((e) => e.device_id === device && e.translation_key === key)?.entity_id : undefined;
  const status = byKey(deviceId, "upgrade_status");
  if (status === undefined) throw new DomainNotFound(reference);
  return {
    deviceId,
    status,
    start: byKey(deviceId, "start_upgrade"),
    precheck: byKey(deviceId, "run_precheck"),
    currentVersion: byKey(deviceId, "current_version"),
    availableVersion: byKey(deviceId, "available_version"),
    log: byKey(deviceId, "upgrade_logs"),
    connection: byKey(hass.devices[deviceId]?.via_device_id, "connection"),
  };
}

const LOG_LEVELS: ReadonlySet<string> = new Set(["info", "warning", "error"]);

/** Reads the upgrade log sensor's `entries` (oldest first), newest first; odd entries are left out. */
export function readLog(entries: unknown): LogLine[] {
  if (!Array.isArray(entries)) return [];
  const lines: LogLine[] = [];
  for (const entry of entries) {
    if (typeof entry !== "object" || entry === null) continue;
    const { at, level, message } = entry as Record<string, unknown>;
    if (typeof at !== "string" || typeof message !== "string" || typeof level !== "string") continue;
    if (!LOG_LEVELS.has(level)) continue;
    lines.push({ at, level: level as LogLine["level"], message });
  }
  return lines.reverse();
}

function known(entity: HassEntity | undefined): string | null {
  if (entity === undefined || entity.state === "unknown" || entity.state === "unavailable") {
    return null;
  }
  return entity.state;
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** Reads the status sensor's `waiting_for`: its text, or null when the run is not held. */
export function readWaitingFor(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** Reads the status sensor's `last_precheck`; null before the first precheck or when malformed. */
export function readPrecheck(value: unknown): Precheck | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const precheck = value as Record<string, unknown>;
  if (typeof precheck.at !== "string" || typeof precheck.passed !== "boolean") return null;
  return {
    at: precheck.at,
    version: typeof precheck.version === "string" ? precheck.version : "",
    passed: precheck.passed,
    errors: count(precheck.errors),
    warnings: count(precheck.warnings),
    findings: list<unknown>(precheck.findings).filter((f): f is string => typeof f === "string"),
  };
}

/** Whether a button entity exists and can be pressed. */
function pressable(entity: HassEntity | undefined): boolean {
  return entity !== undefined && entity.state !== "unavailable";
}

/**
 * Builds the view of a domain from the current states of its entities (`resolveDomain`);
 * throws `DomainNotFound` while its status sensor has no state.
 */
export function domainView(hass: HomeAssistant, entities: DomainEntities): DomainView {
  const status = hass.states[entities.status];
  if (status === undefined) throw new DomainNotFound(entities.status);
  const attributes = status.attributes;
  const device = hass.devices[entities.deviceId];
  const available = status.state !== "unavailable";
  const state = status.state;
  const running = attributes.running === true;
  const availableVersion = entities.availableVersion ? hass.states[entities.availableVersion] : undefined;
  const upToDate = availableVersion?.attributes.up_to_date === true;
  const currentVersion = known(entities.currentVersion ? hass.states[entities.currentVersion] : undefined);
  const runTarget = typeof attributes.target_version === "string" ? attributes.target_version : null;
  const nextVersion = upToDate ? null : known(availableVersion);
  // During a run and after a failed one, the version the run aims at; otherwise the next one.
  const targetVersion = (running || state.endsWith("_failed")) && runTarget !== null ? runTarget : nextVersion;
  const connection = entities.connection ? known(hass.states[entities.connection]) : null;
  const reachable = attributes.sddc_manager_reachable !== false;
  const acknowledgmentPending = attributes.acknowledgment_pending === true;
  const start = entities.start ? hass.states[entities.start] : undefined;
  const precheck = entities.precheck ? hass.states[entities.precheck] : undefined;
  const waitingFor = readWaitingFor(attributes.waiting_for);
  // A run can be started (an upgrade or a precheck) with an update and no active run.
  const startable =
    available &&
    !running &&
    !RUNNING_STATES.has(state) &&
    !upToDate &&
    availableVersion !== undefined &&
    known(availableVersion) !== null;
  const phases = list<Phase>(attributes.phases);
  return {
    name: device?.name_by_user ?? device?.name ?? entities.status,
    entities,
    status,
    available,
    state,
    running,
    currentVersion,
    targetVersion,
    upToDate,
    // A run held by VCF's order waits in its phase rather than working in it.
    phases:
      waitingFor === null
        ? phases
        : phases.map((p) => (p.phase === state && p.status === "current" ? { ...p, status: "waiting" } : p)),
    progress: typeof attributes.progress_percent === "number" ? attributes.progress_percent : null,
    currentComponent: typeof attributes.current_component === "string" ? attributes.current_component : null,
    components: list<Component>(attributes.components),
    alerts: list<Alert>(attributes.alerts),
    acknowledgmentPending,
    waitingFor,
    lastPrecheck: readPrecheck(attributes.last_precheck),
    canAcknowledge: available && state === "waiting_for_acknowledgment" && !acknowledgmentPending,
    canStart: startable && pressable(start),
    canPrecheck: startable && pressable(precheck),
    canCancel: available && (waitingFor !== null || state === "waiting_for_acknowledgment"),
    connected: connection === null ? null : connection === "on" && reachable,
    log: readLog(entities.log ? hass.states[entities.log]?.attributes.entries : undefined),
  };
}

/** SDDC Manager's component types as VMware names the products. */
export const COMPONENT_NAMES: Readonly<Record<string, string>> = {
  SDDC_MANAGER: "SDDC Manager",
  NSX_T_MANAGER: "NSX",
  VCENTER: "vCenter",
  ESX_HOST: "ESXi",
};

/** A component type (`VCENTER`) as VMware names it (`vCenter`); one it does not know as given. */
export function componentName(component: string): string {
  return Object.hasOwn(COMPONENT_NAMES, component) ? COMPONENT_NAMES[component] : component;
}

const FAILED_STATES = new Set(["precheck_failed", "upgrade_failed"]);

/**
 * The status sensor's state whose translation names a step of the stepper: the step's phase,
 * or for the step the run failed in, the failure (`precheck_failed`: "Precheck failed").
 */
export function phaseLabelState(view: Pick<DomainView, "state">, phase: Phase): string {
  if (phase.status !== "failed") return phase.phase;
  if (FAILED_STATES.has(view.state)) return view.state;
  return phase.phase === "precheck_running" ? "precheck_failed" : "upgrade_failed";
}

/** Whether the phase's progress bar is shown: a running phase that reports progress. */
export function showsProgress(view: DomainView): boolean {
  return (
    view.running &&
    view.waitingFor === null &&
    ["downloading_bundle", "precheck_running", "upgrade_in_progress"].includes(view.state)
  );
}

/**
 * The running phase's progress in percent, null while unknown. The upgrade phase counts its
 * component upgrades: SDDC Manager 5.2 reports no percent for one, so the bar moves by
 * component, and within one by the percent SDDC Manager reports, if any.
 */
export function phaseProgress(view: DomainView): number | null {
  const total = view.components[0]?.total ?? 0;
  if (view.state !== "upgrade_in_progress" || total === 0) return view.progress;
  const completed = view.components.filter((c) => c.state === "completed").length;
  const share = (completed + (view.progress ?? 0) / 100) / total;
  return Math.min(100, Math.round(share * 100));
}

/** `1 h 4 min`, `3 min 20 s`, `12 s`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "";
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${secs} s`;
  return `${secs} s`;
}

/** The time zone the user chose for times (Home Assistant's profile: the browser's or the server's). */
export function timeZoneOf(hass: HomeAssistant): string | undefined {
  return hass.locale?.time_zone === "server" ? hass.config?.time_zone : undefined;
}

/** An RFC 3339 time as a local date and time in `language`; the text itself when it is no time. */
/** A log entry's time of day in the user's language and time zone (its own text if unreadable). */
export function formatClock(at: string, language: string | undefined, timeZone?: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  try {
    return new Intl.DateTimeFormat(language, { timeStyle: "medium", timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { timeStyle: "medium" }).format(date);
  }
}

export function formatTime(at: string, language: string | undefined, timeZone?: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
  }
}
